//! The window. Everything here is iced; it reaches the workspace only through `store::Handle`, so no
//! query runs on the UI thread, and every decision it shows (validation, filters) comes from `domain`.

pub mod app;
mod dialog;
pub mod screen;
pub mod settings;
pub mod shortcuts;
pub mod theme;
mod timer;
pub mod widget;
pub mod workspace;

use std::path::PathBuf;

pub use app::{App, Launch, Message};

/// The reverse-DNS application id: the window's Wayland app id / X11 class, the desktop file's name
/// and the AppStream id, so the desktop can match the running window to its launcher and icon.
pub const APP_ID: &str = "io.github.kith.Kith";
/// The family the window writes in (iced embeds its regular face).
pub const WINDOW_FONT: &str = "Fira Sans";

/// The window's own icon (title bar, task switcher), drawn by `packaging/icons.sh` from
/// `assets/icons/kith.svg`. Desktops that find the installed launcher use its theme icon instead.
static ICON_PNG: &[u8] = include_bytes!("../assets/icons/kith-64.png");

/// Opens the window on the workspace `kith --db PATH` / `kith --demo` / `kith` chose; an encrypted
/// workspace uses the passphrase from `--passphrase-file`/`KITH_PASSPHRASE`, or asks for it. A
/// contacts file (`kith FILE.vcf`) opens in the import wizard once the workspace is open.
pub fn run(
    db: Option<PathBuf>,
    demo: bool,
    passphrase_file: Option<PathBuf>,
    import: Option<PathBuf>,
) -> iced::Result {
    let launch = Launch::from_args(db, demo).and_then(|mut launch| {
        launch.key =
            crate::cli::read_passphrase(passphrase_file.as_deref()).map_err(|e| e.to_string())?;
        launch.import = import;
        Ok(launch)
    });
    let launch = match launch {
        Ok(launch) => launch,
        Err(message) => {
            eprintln!("kith: {message}");
            return Err(iced::Error::ExecutorCreationFailed(std::io::Error::other(
                message,
            )));
        }
    };
    let window = iced::window::Settings {
        // Within a 1366×768 laptop's screen once its panel and the title bar are counted (at
        // 1280×800 the sidebar's foot was below the screen's edge).
        size: iced::Size::new(1200.0, 700.0),
        min_size: Some(iced::Size::new(760.0, 480.0)),
        // Closing goes through the app, which takes the day's backup before the window goes.
        exit_on_close_request: false,
        icon: window_icon(),
        platform_specific: iced::window::settings::PlatformSpecific {
            application_id: APP_ID.to_string(),
            ..Default::default()
        },
        ..Default::default()
    };
    let ran = iced::application(move || App::boot(launch.clone()), App::update, App::view)
        .title(App::title)
        .theme(App::theme)
        // Fira Sans, which iced embeds, rather than whatever the system calls sans-serif: the
        // window looks the same on every machine, as the charts drawn in it do, and list cells
        // are cut to the widths the same font measures (`widget::fit`).
        .default_font(iced::Font::with_name(WINDOW_FONT))
        .subscription(App::subscription)
        .window(window)
        .run();
    // The window is gone, but its store thread may still be closing the file and an analysis may
    // still be reading it; SQLCipher's exit handlers would crash under them.
    crate::analytics::worker::stop_all();
    crate::store::join_closing_threads();
    if !crate::store::wait_until_all_closed(CLOSE_AT_MOST) {
        eprintln!("kith: a workspace was still busy when the window closed; leaving it to SQLite");
    }
    ran
}

/// How long the process waits, after its window is gone, for its connections to close. The store
/// thread finishes the job it is on (an import or backup can take seconds); more is a hang.
const CLOSE_AT_MOST: std::time::Duration = std::time::Duration::from_secs(60);

/// Decodes the embedded icon; `None` (a window without its own icon) if the PNG is not 8-bit RGBA,
/// which the test below rules out for the file in the repository.
fn window_icon() -> Option<iced::window::Icon> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(ICON_PNG));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().ok()?;
    let mut rgba = vec![0; reader.output_buffer_size()?];
    let frame = reader.next_frame(&mut rgba).ok()?;
    if frame.color_type != png::ColorType::Rgba || frame.bit_depth != png::BitDepth::Eight {
        return None;
    }
    rgba.truncate(frame.buffer_size());
    iced::window::icon::from_rgba(rgba, frame.width, frame.height).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_embedded_window_icon_decodes() {
        assert!(super::window_icon().is_some());
    }
}
