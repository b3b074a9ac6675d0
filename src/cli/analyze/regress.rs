//! SCAFFOLD — `kith analyze regress`, being built in this session.

use std::path::PathBuf;
use std::process::ExitCode;

use crate::cli::Error;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_db: Option<PathBuf>, _args: Args) -> Result<ExitCode, Error> {
    Err(Error::Usage("kith analyze regress is not built yet".into()))
}
