//! The people of the business, as set in Settings: offered when a ticket is assigned or a deal
//! given an owner before they have been named on one (a new shop's "pick a teammate" offered no
//! one). A workspace setting, kept in `meta` as a JSON list, so it moves with the workspace.

use super::{Result, Store};

const TEAM_KEY: &str = "team";

impl Store {
    /// The team's names, in the order given.
    pub fn team(&self) -> Result<Vec<String>> {
        Ok(self
            .meta(TEAM_KEY)?
            .and_then(|json| serde_json::from_str::<Vec<String>>(&json).ok())
            .unwrap_or_default())
    }

    /// Sets the team: each name trimmed, empty ones and repeats (whatever their case) left out.
    pub fn set_team(&mut self, names: &[String]) -> Result<Vec<String>> {
        let mut team: Vec<String> = Vec::new();
        for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
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
