//! Numbered migrations. A shipped migration is never edited: a schema change is a new file, so every
//! workspace, however old, reaches the same schema by the same steps.

use rusqlite_migration::{M, Migrations};

const STEPS: &[&str] = &[include_str!("migrations/0001_initial.sql")];

/// The schema version this Kith writes (SQLite's `user_version` after migrating).
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

/// `PRAGMA application_id` of a Kith workspace: "KITH" in ASCII.
pub const APPLICATION_ID: i64 = 0x4B49_5448;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(STEPS.iter().map(|sql| M::up(sql)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_well_formed() {
        assert!(migrations().validate().is_ok());
    }
}
