//! What a vCard import did: cards taken, companies made, cards refused with their problems.

use serde::Serialize;

use crate::domain::ContactId;
use crate::domain::validation::quoted;

/// A card that was not imported, by its position in the file (first card = 1) and the line where
/// it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CardError {
    pub card: u64,
    pub line: u64,
    pub name: String,
    pub field: String,
    pub reason: String,
}

impl std::fmt::Display for CardError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "card {} (line {}, {}): {}: {}",
            self.card,
            self.line,
            quoted(&self.name),
            self.field,
            self.reason
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Report {
    pub cards: u64,
    pub imported: u64,
    /// Cards merged into an existing contact, which changed.
    pub updated: u64,
    /// Cards that matched an existing contact already holding everything they brought.
    pub unchanged: u64,
    /// Cards of the same person as an earlier card of the file, merged into the contact it
    /// created.
    pub joined: u64,
    /// One entry per problem: a card with two bad fields has two.
    pub rejected: Vec<CardError>,
    /// Things left out on purpose ("card 3: photo skipped").
    pub notices: Vec<String>,
    pub contact_ids: Vec<ContactId>,
    /// Likely duplicate pairs involving those contacts (at most `domain::duplicate::MAX_PAIRS`).
    pub duplicates: usize,
    /// Companies made for the file: an organisation's own card, or the ORG of a person's.
    pub companies_created: u64,
    /// Organisations' cards that filled in what a company already here lacked.
    pub companies_filled: u64,
    /// Organisations' cards whose company already held everything they brought.
    pub companies_unchanged: u64,
}

impl Report {
    /// Card `card` (from line `line`, called `name`) refused, one entry per problem.
    pub(super) fn reject(
        &mut self,
        card: u64,
        line: u64,
        name: &str,
        invalid: crate::domain::Invalid,
    ) {
        for e in invalid.errors {
            self.rejected.push(CardError {
                card,
                line,
                name: name.to_string(),
                field: e.field.to_string(),
                reason: e.problem.to_string(),
            });
        }
    }

    /// Whether the import wrote anything (a file of organisations' cards writes companies only).
    pub fn wrote(&self) -> bool {
        self.imported + self.updated + self.companies_created + self.companies_filled > 0
    }

    /// Cards that were taken, changed or already up to date: the import did what it could.
    pub fn taken(&self) -> u64 {
        self.imported
            + self.updated
            + self.unchanged
            + self.companies_created
            + self.companies_filled
            + self.companies_unchanged
    }

    /// How many cards were rejected (a card with two problems is one card).
    pub fn rejected_cards(&self) -> u64 {
        let mut cards: Vec<u64> = self.rejected.iter().map(|e| e.card).collect();
        cards.dedup();
        cards.len() as u64
    }
}
