//! What the window remembers between runs, kept as JSON in the user's config directory. A damaged or
//! unreadable file never stops Kith from starting: it falls back to defaults and says so.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    /// Follow the operating system's light or dark preference.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];

    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "Follow the system",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// The name the history records for your changes; empty means the operating-system user.
    pub user_name: String,
    /// How many automatic snapshots of each workspace are kept.
    pub backups_kept: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: ThemeChoice::default(),
            user_name: String::new(),
            backups_kept: crate::store::DEFAULT_KEEP,
        }
    }
}

impl Settings {
    /// The change-log name to use instead of the operating-system user, if one is set.
    pub fn actor(&self) -> Option<String> {
        let name = self.user_name.trim();
        (!name.is_empty()).then(|| name.to_string())
    }
}

/// Settings as read at start, with a sentence for the user when the file could not be used.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub settings: Settings,
    pub notice: Option<String>,
}

/// `settings.json` in the config directory (e.g. `~/.config/kith/settings.json` on Linux);
/// `KITH_CONFIG_DIR` points elsewhere (tests, portable installs).
pub fn default_path() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("KITH_CONFIG_DIR") {
        return Some(PathBuf::from(dir).join("settings.json"));
    }
    directories::ProjectDirs::from("io.github", "kith", "Kith")
        .map(|d| d.config_dir().join("settings.json"))
}

pub fn load(path: &Path) -> Loaded {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Loaded::default(),
        Err(e) => return damaged(path, &e.to_string()),
    };
    match serde_json::from_str(&text) {
        Ok(settings) => Loaded {
            settings,
            notice: None,
        },
        Err(e) => damaged(path, &e.to_string()),
    }
}

fn damaged(path: &Path, reason: &str) -> Loaded {
    Loaded {
        settings: Settings::default(),
        notice: Some(format!(
            "Your settings in {} could not be read ({reason}); using the defaults. \
             Changing a setting writes a fresh file.",
            path.display()
        )),
    }
}

/// Writes the file whole or not at all: a temporary file beside it is renamed over it, so a crash
/// mid-write leaves the old settings, never half a file.
/// The file beside the settings that says the automatic backup failed when the window last
/// closed: the window had closed all the same, said so on a terminal nobody saw, and backups
/// could fail day after day unnoticed. Read (and removed) when a window next opens.
fn backup_failure_path(settings: &Path) -> PathBuf {
    settings.with_file_name("backup-failed.txt")
}

/// Records that the automatic backup failed, and why, for the next window to say.
pub fn note_backup_failure(settings: &Path, workspace: &Path, why: &str) {
    let when = chrono::Local::now().format("%Y-%m-%d %H:%M");
    let text = format!("{when}\n{}\n{why}", workspace.display());
    // The settings folder exists only once a setting was saved: without it the note was lost,
    // and the next window said nothing of the failure.
    if let Some(dir) = settings.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let _ = std::fs::write(backup_failure_path(settings), text);
}

/// What [`note_backup_failure`] recorded, if anything, said for the next window (which may be
/// another workspace's: the note names the one whose backup failed); the record is removed.
pub fn take_backup_failure(settings: &Path) -> Option<String> {
    let path = backup_failure_path(settings);
    let text = std::fs::read_to_string(&path).ok()?;
    let _ = std::fs::remove_file(&path);
    let lines: Vec<&str> = text.trim().lines().collect();
    match lines.as_slice() {
        [] => None,
        [when, workspace, why @ ..] if !why.is_empty() => Some(format!(
            "The automatic backup of {workspace} failed when Kith last closed ({when}: {}). \
             Back up now in Settings once that is put right.",
            why.join(" ")
        )),
        // A note from before the workspace was named in it.
        _ => Some(format!(
            "The automatic backup failed when Kith last closed ({}). Back up now in Settings \
             once that is put right.",
            lines.join(" ")
        )),
    }
}

pub fn save(path: &Path, settings: &Settings) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let mut file = std::fs::File::create(&tmp)?;
    file.write_all(serde_json::to_string_pretty(settings)?.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A failed backup on close is said by the next window, once.
    #[test]
    fn a_backup_failure_is_kept_for_the_next_window_once() {
        let dir = tempfile::tempdir().unwrap();
        // In a settings folder not made yet: no setting was ever saved.
        let settings = dir.path().join("kith").join("settings.json");
        assert_eq!(take_backup_failure(&settings), None);
        let workspace = dir.path().join("shop.db");
        note_backup_failure(&settings, &workspace, "the disk is full");
        let said = take_backup_failure(&settings).unwrap();
        assert!(
            said.contains(&format!("The automatic backup of {}", workspace.display())),
            "{said}"
        );
        assert!(said.contains(": the disk is full)"), "{said}");
        assert_eq!(take_backup_failure(&settings), None);
    }

    #[test]
    fn a_missing_file_gives_defaults_without_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let loaded = load(&dir.path().join("settings.json"));
        assert_eq!(loaded.settings, Settings::default());
        assert!(loaded.notice.is_none());
    }

    #[test]
    fn settings_survive_a_save_and_load() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/settings.json");
        let settings = Settings {
            theme: ThemeChoice::Dark,
            user_name: "Grace".into(),
            backups_kept: 3,
        };
        save(&path, &settings).unwrap();
        assert_eq!(load(&path).settings, settings);
    }

    #[test]
    fn a_damaged_file_falls_back_to_defaults_and_says_where() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{\"theme\": \"dark\", oops").unwrap();
        let loaded = load(&path);
        assert_eq!(loaded.settings, Settings::default());
        let notice = loaded.notice.unwrap();
        assert!(notice.contains("settings.json"), "{notice}");
        assert!(notice.contains("line 1"), "{notice}");
    }

    #[test]
    fn unknown_keys_from_a_newer_kith_are_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, r#"{"theme": "light", "future": 3}"#).unwrap();
        let loaded = load(&path);
        assert_eq!(loaded.settings.theme, ThemeChoice::Light);
        assert!(loaded.notice.is_none());
    }
}
