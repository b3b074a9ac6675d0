//! Where the window starts: which workspace file, the demo file the welcome screen offers, the
//! settings and how long notices stay — from the command line, or fixed for tests and benchmarks.

use std::path::PathBuf;
use std::time::Duration;

use super::NOTICE_TIME;
use crate::ui::settings::{self, Settings};

/// Where the window starts: the workspace file, the demo file the welcome screen offers, settings.
#[derive(Debug, Clone)]
pub struct Launch {
    pub path: PathBuf,
    pub demo: bool,
    pub demo_path: PathBuf,
    pub settings: Settings,
    pub settings_path: Option<PathBuf>,
    pub settings_notice: Option<String>,
    /// How long notices stay; `None` keeps them until closed.
    pub notice_time: Option<Duration>,
    /// The passphrase of an encrypted workspace, once known.
    pub key: Option<crate::store::Passphrase>,
    /// A contacts file given on the command line (`kith FILE.vcf`): once the workspace is open, the
    /// import wizard opens on it.
    pub import: Option<PathBuf>,
}

impl Launch {
    /// From `kith [--db PATH] [--demo]`, with settings read from the config directory.
    pub fn from_args(db: Option<PathBuf>, demo: bool) -> Result<Launch, String> {
        let path = crate::cli::workspace_path(db, demo).map_err(|e| e.to_string())?;
        let demo_path = crate::cli::workspace_path(None, true)
            .unwrap_or_else(|_| path.with_file_name("demo.db"));
        let settings_path = settings::default_path();
        let loaded = settings_path
            .as_deref()
            .map(settings::load)
            .unwrap_or_default();
        let backup_failed = settings_path
            .as_deref()
            .and_then(settings::take_backup_failure);
        Ok(Launch {
            path,
            demo,
            demo_path,
            settings: loaded.settings,
            settings_path,
            settings_notice: loaded.notice.or(backup_failed),
            notice_time: Some(NOTICE_TIME),
            key: None,
            import: None,
        })
    }

    /// A window on `path` that remembers nothing and keeps notices until closed (tests, benchmarks).
    pub fn for_workspace(path: PathBuf) -> Launch {
        Launch {
            demo_path: path.with_file_name("demo.db"),
            path,
            demo: false,
            settings: Settings::default(),
            settings_path: None,
            settings_notice: None,
            notice_time: None,
            key: None,
            import: None,
        }
    }
}
