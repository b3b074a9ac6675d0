//! Numbered migrations. A shipped migration is never edited: a schema change is a new file, so every
//! workspace, however old, reaches the same schema by the same steps.

use rusqlite_migration::{M, Migrations};

const STEPS: &[&str] = &[
    include_str!("migrations/0001_initial.sql"),
    include_str!("migrations/0002_contact_list_indexes.sql"),
    include_str!("migrations/0003_board_indexes.sql"),
    include_str!("migrations/0004_ticket_message_deletion.sql"),
    include_str!("migrations/0005_change_ranges.sql"),
    include_str!("migrations/0006_change_runs_index.sql"),
    include_str!("migrations/0007_distinct_people.sql"),
    include_str!("migrations/0008_redo_discarded.sql"),
    include_str!("migrations/0009_ticket_search_skips_hidden_messages.sql"),
    include_str!("migrations/0010_name_sort_keys.sql"),
    include_str!("migrations/0011_name_sort_indexes.sql"),
    include_str!("migrations/0012_planned_activities_wait.sql"),
    include_str!("migrations/0013_east_asian_names_searchable.sql"),
    include_str!("migrations/0014_board_cards_by_currency.sql"),
    include_str!("migrations/0015_tags_one_whatever_case.sql"),
    include_str!("migrations/0016_deals_searchable.sql"),
];

/// The steps whose hooks do what their SQL cannot (1-based, as `user_version` counts).
const SORT_KEYS_STEP: usize = 10;
const TAG_FOLD_STEP: usize = 15;

/// The schema version this Kith writes (SQLite's `user_version` after migrating).
pub const LATEST_VERSION: i64 = STEPS.len() as i64;

/// `PRAGMA application_id` of a Kith workspace: "KITH" in ASCII.
pub const APPLICATION_ID: i64 = 0x4B49_5448;

pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::new(
        STEPS
            .iter()
            .enumerate()
            .map(|(i, sql)| match i + 1 {
                SORT_KEYS_STEP => M::up_with_hook(sql, |tx: &rusqlite::Transaction| {
                    Ok(super::sort_names::fill(tx)?)
                }),
                TAG_FOLD_STEP => M::up_with_hook(sql, |tx: &rusqlite::Transaction| {
                    super::tag_merge::fold_spellings(tx)?;
                    Ok(())
                }),
                _ => M::up(sql),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrations_are_well_formed() {
        assert!(migrations().validate().is_ok());
    }

    /// Migration 0013 spells out, in its search triggers, the condition the rest of Kith writes
    /// with `written_together_sql!`: both must take the same names as written together.
    #[test]
    fn the_search_triggers_write_names_together_as_the_code_does() {
        let sql = STEPS[12];
        assert_eq!(
            sql.matches(crate::written_together_sql!("new")).count(),
            5,
            "in both triggers, and where the contacts there are are indexed again"
        );
    }

    /// Each step applies on top of the one before, starting from an empty file, and leaves a schema
    /// whose foreign keys all point at real tables.
    #[test]
    fn every_migration_applies_in_turn_to_an_empty_file() {
        let dir = tempfile::tempdir().unwrap();
        let mut conn = rusqlite::Connection::open(dir.path().join("steps.db")).unwrap();
        for version in 1..=LATEST_VERSION {
            migrations()
                .to_version(&mut conn, version as usize)
                .unwrap();
            let found: i64 = conn
                .query_row("PRAGMA user_version", [], |r| r.get(0))
                .unwrap();
            assert_eq!(found, version);
            let dangling: i64 = conn
                .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(dangling, 0);
        }
        let app: i64 = conn
            .query_row("PRAGMA application_id", [], |r| r.get(0))
            .unwrap();
        assert_eq!(app, APPLICATION_ID);
    }
}
