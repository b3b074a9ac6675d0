//! The people of the business, as set in Settings: offered when a ticket is assigned, and by the
//! assignee and owner filters, before they have been named on one (a new shop's "pick a
//! teammate" offered no one). A workspace setting, kept in `meta` as a JSON list, so it moves with the workspace.

use super::{Result, Store};

const TEAM_KEY: &str = "team";

/// The longest name the team takes: the menus that offer it are a few inches wide.
pub const MAX_NAME: usize = 60;

/// What is wrong with `meta`'s team as a workspace file brings it, if anything.
pub(super) fn check_stored(conn: &rusqlite::Connection) -> Result<()> {
    use rusqlite::OptionalExtension;
    let team: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [TEAM_KEY], |r| {
            r.get(0)
        })
        .optional()?;
    match team.map(|t| serde_json::from_str::<Vec<String>>(&t)) {
        Some(Err(_)) => Err(super::Error::NotAllowed(
            "meta team: not a list of names (a JSON array of strings)".into(),
        )),
        _ => Ok(()),
    }
}

impl Store {
    /// The team's names, in the order given.
    pub fn team(&self) -> Result<Vec<String>> {
        Ok(self
            .meta(TEAM_KEY)?
            .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
            .unwrap_or_default())
    }

    /// Sets the team: each name trimmed, empty ones and repeats (whatever their case) left out; a
    /// name longer than [`MAX_NAME`] is refused (it ran out of the menus that offer it).
    pub fn set_team(&mut self, names: &[String]) -> Result<Vec<String>> {
        let mut team: Vec<String> = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
            if name.chars().count() > MAX_NAME {
                return Err(super::Error::NotAllowed(format!(
                    "\"{name}\" is too long for a name in the team (at most {MAX_NAME} characters)"
                )));
            }
            if !team.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
                team.push(name.to_string());
            }
        }
        self.set_meta(TEAM_KEY, &serde_json::to_string(&team)?)?;
        Ok(team)
    }
}

/// `named` (as records name people, sorted) with the team's names not among them, sorted
/// together without regard to case.
pub(super) fn with_team(mut named: Vec<String>, team: Vec<String>) -> Vec<String> {
    for person in team {
        if !named
            .iter()
            .any(|n| n.to_lowercase() == person.to_lowercase())
        {
            named.push(person);
        }
    }
    named.sort_by_key(|n| n.to_lowercase());
    named
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_team_joins_the_names_records_hold_once_each() {
        let named = vec!["maya".to_string(), "Tom".to_string()];
        let team = vec!["Anna".to_string(), "Maya".to_string()];
        assert_eq!(with_team(named, team), ["Anna", "maya", "Tom"]);
    }
}
