//! `kith encrypt`, `kith decrypt`, `kith rekey`: the workspace passphrase. The current passphrase
//! comes from `--passphrase-file`/`KITH_PASSPHRASE`; a new one from `--new-passphrase-file`,
//! `KITH_NEW_PASSPHRASE`, or the first line typed on standard input.

use std::io::{BufRead, IsTerminal};
use std::path::PathBuf;
use std::process::ExitCode;

use super::{Error, passphrase, workspace_path};
use crate::store::{self, Passphrase, Store};

#[derive(Debug, clap::Args)]
pub struct NewKeyArgs {
    /// The new passphrase, as the first line of FILE (or set KITH_NEW_PASSPHRASE).
    #[arg(long, value_name = "FILE")]
    new_passphrase_file: Option<PathBuf>,
}

pub fn encrypt(db: Option<PathBuf>, args: NewKeyArgs) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let new = new_passphrase(&args)?;
    if !path.exists() {
        Store::open_with(&path, Some(&new))?;
        println!("created the encrypted workspace {}", path.display());
    } else {
        if let Ok(store::FileHeader::Encrypted) = store::file_header(&path) {
            return Err(Error::Usage(format!(
                "{} is already encrypted: `kith rekey` changes its passphrase",
                path.display()
            )));
        }
        store::encrypt(&path, &new)?;
        println!("encrypted {}", path.display());
        warn_about_plain_backups(&path);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn decrypt(db: Option<PathBuf>) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    must_be_encrypted(&path, "nothing to decrypt")?;
    store::decrypt(&path, current()?)?;
    println!(
        "decrypted {}: it is now readable without a passphrase",
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}

pub fn rekey(db: Option<PathBuf>, args: NewKeyArgs) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    must_be_encrypted(&path, "`kith encrypt` gives it a passphrase")?;
    let old = current()?;
    let new = new_passphrase(&args)?;
    store::rekey(&path, old, &new)?;
    println!("changed the passphrase of {}", path.display());
    println!("older backups still open with the old passphrase");
    Ok(ExitCode::SUCCESS)
}

/// Asking for the current passphrase of a file that has none would name the wrong problem.
fn must_be_encrypted(path: &std::path::Path, else_say: &str) -> Result<(), Error> {
    match store::file_header(path) {
        Ok(store::FileHeader::Encrypted) => Ok(()),
        Ok(store::FileHeader::Plain) => Err(Error::Usage(format!(
            "{} is not encrypted: {else_say}",
            path.display()
        ))),
        Ok(store::FileHeader::Other) => Err(Error::Usage(format!(
            "{} is not a Kith workspace (neither a database nor an encrypted one)",
            path.display()
        ))),
        Err(e) => Err(Error::Io {
            context: format!("cannot read {}", path.display()),
            source: e,
        }),
    }
}

fn current() -> Result<&'static Passphrase, Error> {
    passphrase().ok_or_else(|| {
        Error::Passphrase(
            "give the current passphrase with --passphrase-file FILE or KITH_PASSPHRASE".into(),
        )
    })
}

fn new_passphrase(args: &NewKeyArgs) -> Result<Passphrase, Error> {
    let given = match &args.new_passphrase_file {
        Some(file) => Passphrase::from_file(file).map_err(|source| Error::Io {
            context: format!("cannot read the passphrase file {}", file.display()),
            source,
        })?,
        None => match std::env::var("KITH_NEW_PASSPHRASE") {
            Ok(text) => Passphrase::new(text),
            Err(_) => {
                let stdin = std::io::stdin();
                if stdin.is_terminal() {
                    eprint!("new passphrase (shown as you type): ");
                }
                let mut line = String::new();
                stdin
                    .lock()
                    .read_line(&mut line)
                    .map_err(|source| Error::Io {
                        context: "cannot read the new passphrase".into(),
                        source,
                    })?;
                Passphrase::new(line.trim_end_matches(['\r', '\n']).to_string())
            }
        },
    };
    given.ok_or_else(|| Error::Passphrase("the new passphrase is empty".into()))
}

/// Snapshots taken before encrypting are plain copies: say so, since they hold the same data.
fn warn_about_plain_backups(path: &std::path::Path) {
    let dir = store::default_backup_dir(path);
    if let Ok(old) = store::snapshots(&dir, path)
        && !old.is_empty()
    {
        eprintln!(
            "kith: note: {} older backup(s) in {} are not encrypted; delete them if that matters",
            old.len(),
            dir.display()
        );
    }
}
