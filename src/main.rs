//! `kith`: with no subcommand, opens the window; otherwise runs a command-line subcommand.

use std::process::ExitCode;

use kith::cli::{self, Cli};

/// mimalloc instead of the C library's allocator. An import parses rows on one thread and writes
/// them on another, so millions of small strings are made on one thread and freed on the other;
/// with glibc's allocator the row loop of the 1,000,000-row import benchmark took 15.9 s, with
/// mimalloc 8.3 s.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Cli::try_parse_args(std::env::args_os()).unwrap_or_else(|e| e.exit());
    match args.command {
        Some(command) => {
            quiet_on_closed_pipe();
            cli::run(args.db, args.passphrase_file, command)
        }
        None => {
            if let Some(why) = no_display() {
                eprintln!(
                    "kith: cannot open the window: {why}. Start Kith from a desktop session, or use \
                     its commands (kith --help)."
                );
                return ExitCode::FAILURE;
            }
            explain_window_panics();
            match kith::ui::run(args.db, args.demo, args.passphrase_file, args.file) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("kith: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// Why no window can open here, if that is known before trying: on Linux and the BSDs a window
/// needs an X11 or Wayland display, and without one winit fails with a panic and a backtrace.
#[cfg(all(unix, not(target_os = "macos")))]
fn no_display() -> Option<&'static str> {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty());
    (!set("DISPLAY") && !set("WAYLAND_DISPLAY") && !set("WAYLAND_SOCKET"))
        .then_some("there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)")
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn no_display() -> Option<&'static str> {
    None
}

/// `kith analyze … | head` closes the pipe early; the command should then stop quietly, as Unix tools
/// do, instead of reporting a panic from `println!`. Any other failure to print (a full disk) is said
/// in one line and ends with 1.
fn quiet_on_closed_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| info.payload().downcast_ref::<&str>().copied())
            .unwrap_or("");
        if let Some(why) = message.strip_prefix("failed printing to stdout: ") {
            // Only a reader gone is a quiet end; a full disk or an I/O error is a failure the
            // script must see (it exited 0 with nothing said).
            // EPIPE on Unix; ERROR_BROKEN_PIPE and ERROR_NO_DATA on Windows.
            if ["(os error 32)", "(os error 109)", "(os error 232)"]
                .iter()
                .any(|code| why.ends_with(code))
            {
                std::process::exit(0);
            }
            eprintln!("kith: error: cannot write the output: {why}");
            std::process::exit(1);
        }
        default(info);
    }));
}

/// A panic on the window's own thread ends the window; say so in words before the usual report.
/// The workspace stays consistent: every write is one SQLite transaction, so a change in progress is
/// rolled back when the process ends, and everything committed before is in the file. (Panics in a
/// store call are caught on the store thread and shown in the window as an error instead.)
fn explain_window_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        eprintln!(
            "kith: Kith hit an internal error and must close. Your workspace is safe: every saved \
             change is in the file, and the change in progress was not saved."
        );
        default(info);
    }));
}
