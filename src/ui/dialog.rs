//! Native open and save dialogs (rfd's XDG portal backend on Linux). A dialog is a convenience: every
//! screen that offers one also has a path field, because under Xvfb, in CI or on a desktop without
//! the portal there is no dialog to show, and the user must be told so rather than see nothing.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What came back from a dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    /// The user closed the dialog without choosing.
    Dismissed,
    /// No dialog could be shown; the text says why and what to do instead.
    Unavailable(String),
}

/// A dialog that answers faster than this did not wait for a person: rfd reports a missing portal
/// and a missing zenity the same way as a dismissed dialog, so the time tells them apart.
const TOO_QUICK: Duration = Duration::from_millis(150);

const UNAVAILABLE: &str = "No file dialog is available on this desktop (it needs the XDG desktop \
                           portal or zenity). Type the file's path in the field instead.";

/// A file filter: its name and extensions without the dot.
pub type Filter = (&'static str, &'static [&'static str]);

/// Asks for an existing file to read.
pub async fn open(
    title: &'static str,
    filters: &'static [Filter],
    start: Option<PathBuf>,
) -> Picked {
    if let Some(reason) = missing() {
        return Picked::Unavailable(reason);
    }
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    if let Some(dir) = start.as_deref().and_then(folder_of) {
        dialog = dialog.set_directory(dir);
    }
    let asked = Instant::now();
    answer(
        dialog.pick_file().await.map(|f| f.path().to_path_buf()),
        asked,
    )
}

/// Asks where to write a file, suggesting `suggested` (a full path or just a name).
pub async fn save(title: &'static str, suggested: PathBuf) -> Picked {
    if let Some(reason) = missing() {
        return Picked::Unavailable(reason);
    }
    let mut dialog = rfd::AsyncFileDialog::new().set_title(title);
    if let Some(name) = suggested.file_name() {
        dialog = dialog.set_file_name(name.to_string_lossy());
    }
    if let Some(dir) = folder_of(&suggested) {
        dialog = dialog.set_directory(dir);
    }
    let asked = Instant::now();
    answer(
        dialog.save_file().await.map(|f| f.path().to_path_buf()),
        asked,
    )
}

fn answer(path: Option<PathBuf>, asked: Instant) -> Picked {
    match path {
        Some(path) => Picked::Path(path),
        None if asked.elapsed() < TOO_QUICK => Picked::Unavailable(UNAVAILABLE.into()),
        None => Picked::Dismissed,
    }
}

fn folder_of(path: &Path) -> Option<&Path> {
    let dir = if path.is_dir() {
        Some(path)
    } else {
        path.parent()
    };
    dir.filter(|d| !d.as_os_str().is_empty() && d.is_dir())
}

/// Why no dialog can be shown here, if that is already certain: on Linux and the BSDs the portal
/// lives on the session bus and the fallback is the `zenity` program.
#[cfg(all(unix, not(target_os = "macos")))]
fn missing() -> Option<String> {
    let bus = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| Path::new(&dir).join("bus").exists());
    let zenity = std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join("zenity").is_file()));
    (!bus && !zenity).then(|| UNAVAILABLE.to_string())
}

#[cfg(not(all(unix, not(target_os = "macos"))))]
fn missing() -> Option<String> {
    None
}

/// The user's home folder, where suggested export paths start.
pub fn home() -> PathBuf {
    directories::UserDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .unwrap_or_default()
}
