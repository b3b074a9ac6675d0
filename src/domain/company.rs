//! Organisations that contacts work for.

use serde::{Deserialize, Serialize};

use super::contact::Address;
use super::id::CompanyId;
use super::time::Timestamp;
use super::validation::{Checker, Invalid, Problem, is_plausible_phone};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CompanyFields {
    pub name: String,
    /// Web domain ("example.com"), used to match people to their company on import.
    pub domain: String,
    pub industry: String,
    pub employees: Option<i64>,
    pub phone: String,
    pub address: Address,
    pub owner: String,
    pub notes: String,
}

impl CompanyFields {
    pub fn validate(&self) -> Result<(), Invalid> {
        let mut c = Checker::new();
        c.non_empty("name", &self.name);
        c.max_len("name", &self.name, super::contact::MAX_NAME);
        c.max_len("owner", &self.owner, super::contact::MAX_NAME);
        if let Some(n) = self.employees {
            c.non_negative("employees", n);
        }
        if !self.phone.trim().is_empty() && !is_plausible_phone(&self.phone) {
            c.fail("phone", Problem::BadPhone(self.phone.clone()));
        }
        if self.domain.contains(char::is_whitespace) {
            c.fail("domain", Problem::NotAllowed("spaces in a domain".into()));
        }
        c.finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Company {
    pub id: CompanyId,
    #[serde(flatten)]
    pub fields: CompanyFields,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub deleted_at: Option<Timestamp>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_company_needs_a_name_and_a_sane_headcount() {
        let err = CompanyFields {
            employees: Some(-3),
            ..Default::default()
        }
        .validate()
        .unwrap_err();
        assert_eq!(err.for_field("name"), Some(&Problem::Empty));
        assert_eq!(err.for_field("employees"), Some(&Problem::Negative));
        assert!(
            CompanyFields {
                name: "Acme".into(),
                ..Default::default()
            }
            .validate()
            .is_ok()
        );
    }
}
