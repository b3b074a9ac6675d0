//! The report is written whole or not at all: its files are drawn into a hidden folder beside
//! where they go and moved into place only once every one of them was written, so a full disk or
//! a chart that fails leaves the folder as it was (an earlier report in it stays whole) rather
//! than half of a new report beside half of an old one.

use std::path::{Path, PathBuf};

use crate::cli::Error;

/// A hidden folder inside the report's folder (the same disk, so moving out of it is a rename),
/// removed with whatever it still holds when dropped.
pub(super) struct Staging {
    dir: PathBuf,
    out: PathBuf,
}

impl Staging {
    pub fn new(out: &Path) -> Result<Staging, Error> {
        let dir = out.join(format!(".kith-report-{}", std::process::id()));
        // A folder of that name can only be left by a report killed part-way with this same
        // process id; what it holds is that unfinished report.
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir(&dir).map_err(|source| Error::Io {
            context: format!("cannot write into {}", out.display()),
            source,
        })?;
        Ok(Staging {
            dir,
            out: out.to_path_buf(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }

    /// The error for a file of the hidden folder that could not be written, named as the file
    /// the user asked for.
    pub fn failed(&self, path: &Path, source: std::io::Error) -> Error {
        let shown = path
            .file_name()
            .map_or_else(|| self.out.clone(), |name| self.out.join(name));
        Error::Io {
            context: format!("cannot write {}", shown.display()),
            source,
        }
    }

    /// Moves `names`, in order, from the hidden folder into `out`; returns their new paths.
    pub fn publish(self, names: &[String]) -> Result<Vec<PathBuf>, Error> {
        let out = &self.out;
        // A folder where a file goes is the one thing that fails a rename here; found first, it
        // leaves none of the new report in place.
        if let Some(to) = names.iter().map(|n| out.join(n)).find(|to| to.is_dir()) {
            return Err(Error::Io {
                context: format!("cannot write {}", to.display()),
                source: std::io::ErrorKind::IsADirectory.into(),
            });
        }
        let mut moved = Vec::with_capacity(names.len());
        for name in names {
            let to = out.join(name);
            std::fs::rename(self.dir.join(name), &to).map_err(|source| Error::Io {
                context: format!("cannot write {}", to.display()),
                source,
            })?;
            moved.push(to);
        }
        Ok(moved)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_files_move_into_the_folder_and_the_hidden_folder_goes() {
        let out = tempfile::tempdir().unwrap();
        let staging = Staging::new(out.path()).unwrap();
        let hidden = staging.path().to_path_buf();
        std::fs::write(hidden.join("a.svg"), "a").unwrap();
        std::fs::write(hidden.join("index.html"), "i").unwrap();
        let moved = staging
            .publish(&["a.svg".into(), "index.html".into()])
            .unwrap();
        assert_eq!(
            moved,
            [out.path().join("a.svg"), out.path().join("index.html")]
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("a.svg")).unwrap(),
            "a"
        );
        assert!(!hidden.exists());
    }

    #[test]
    fn a_report_that_fails_leaves_the_folder_as_it_was() {
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join("a.svg"), "old").unwrap();
        std::fs::create_dir(out.path().join("index.html")).unwrap();
        let staging = Staging::new(out.path()).unwrap();
        let hidden = staging.path().to_path_buf();
        std::fs::write(hidden.join("a.svg"), "new").unwrap();
        std::fs::write(hidden.join("index.html"), "i").unwrap();
        let err = staging
            .publish(&["a.svg".into(), "index.html".into()])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("index.html") && err.contains("folder"),
            "{err}"
        );
        assert_eq!(
            std::fs::read_to_string(out.path().join("a.svg")).unwrap(),
            "old"
        );
        assert!(!hidden.exists(), "the unfinished report is removed");

        // Dropped before publishing (a chart failed to draw): nothing stays behind either.
        let staging = Staging::new(out.path()).unwrap();
        let hidden = staging.path().to_path_buf();
        std::fs::write(hidden.join("b.png"), "half").unwrap();
        drop(staging);
        assert!(!hidden.exists());
        assert!(!out.path().join("b.png").exists());
    }
}
