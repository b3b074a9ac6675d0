//! Which column feeds which contact field: proposed from the headers that Google Contacts, Outlook,
//! HubSpot and Salesforce write, adjusted by the user, and saved as a JSON profile for next time.
//!
//! Profile format (`kith import csv --mapping FILE`), version 1:
//!
//! ```json
//! {
//!   "kith_mapping": 1,
//!   "delimiter": ";",            // optional: ",", ";", "\t" or "|"; detected when absent
//!   "encoding": "windows-1252",  // optional: any WHATWG label; detected when absent
//!   "columns": {                 // header → target; headers not listed are proposed as usual
//!     "Given Name": "first_name",
//!     "E-mail 1 - Value": "email:1",
//!     "E-mail 1 - Type": "email_label:1",
//!     "Mobile": "phone:mobile",
//!     "Shoe size": "custom:Shoe size",
//!     "Internal id": "ignore"
//!   }
//! }
//! ```
//!
//! Targets: `first_name`, `last_name`, `full_name` (split at the last space), `company`,
//! `job_title`, `email[:SLOT]`, `email_label[:SLOT]`, `phone[:SLOT]`, `phone_label[:SLOT]`,
//! `street|city|region|postal_code|country[:GROUP]` (the first group with any value is the
//! address; other groups go to custom fields), `owner`, `lead_source`, `lifecycle`, `birthday`,
//! `created_at` (when the contact was first recorded, as the CRM the file comes from says; a new
//! contact keeps it), `age`, `annual_income` (an amount with its currency: "52000 EUR"),
//! `education_years` (what the analytics panel's models read), `notes`, `tags` (split on
//! ` ::: `, else on `;`, else on `,`), `custom:NAME`, `ignore`. A SLOT that is a word
//! ("work", "mobile") is also the label of that e-mail or phone, unless a label column gives one.
//! A label column without a SLOT holds the labels of the e-mails or phones that have none, in
//! order, separated by ` ::: ` (Kith's export writes `email_labels` and `phone_labels` so).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::detect::TextEncoding;

mod propose;

pub use propose::propose;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddressPart {
    Street,
    City,
    Region,
    PostalCode,
    Country,
}

impl AddressPart {
    const ALL: [(AddressPart, &'static str); 5] = [
        (AddressPart::Street, "street"),
        (AddressPart::City, "city"),
        (AddressPart::Region, "region"),
        (AddressPart::PostalCode, "postal_code"),
        (AddressPart::Country, "country"),
    ];

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(p, _)| *p == self)
            .map_or("", |(_, n)| n)
    }
}

/// Where one column's values go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    FirstName,
    LastName,
    FullName,
    Company,
    JobTitle,
    Email(String),
    EmailLabel(String),
    Phone(String),
    PhoneLabel(String),
    Address(AddressPart, String),
    Owner,
    LeadSource,
    Lifecycle,
    Birthday,
    Created,
    Age,
    Income,
    EducationYears,
    Notes,
    Tags,
    Custom(String),
    Ignore,
}

impl Target {
    /// The contact field this column fills, as validation errors name it.
    pub fn field(&self) -> &'static str {
        match self {
            Target::FirstName => "first_name",
            Target::LastName => "last_name",
            Target::FullName => "name",
            Target::Company => "company",
            Target::JobTitle => "job_title",
            Target::Email(_) | Target::EmailLabel(_) => "email",
            Target::Phone(_) | Target::PhoneLabel(_) => "phone",
            Target::Address(part, _) => part.name(),
            Target::Owner => "owner",
            Target::LeadSource => "lead_source",
            Target::Lifecycle => "lifecycle",
            Target::Birthday => "birthday",
            Target::Created => "created_at",
            Target::Age => "age",
            Target::Income => "annual_income",
            Target::EducationYears => "education_years",
            Target::Notes => "notes",
            Target::Tags => "tags",
            Target::Custom(_) => "custom",
            Target::Ignore => "ignore",
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slot = |f: &mut fmt::Formatter<'_>, name: &str, slot: &str| {
            if slot.is_empty() {
                f.write_str(name)
            } else {
                write!(f, "{name}:{slot}")
            }
        };
        match self {
            Target::Email(s) => slot(f, "email", s),
            Target::EmailLabel(s) => slot(f, "email_label", s),
            Target::Phone(s) => slot(f, "phone", s),
            Target::PhoneLabel(s) => slot(f, "phone_label", s),
            Target::Address(p, g) => slot(f, p.name(), g),
            Target::Custom(n) => write!(f, "custom:{n}"),
            other => f.write_str(other.field()),
        }
    }
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let (name, arg) = match s.split_once(':') {
            Some((n, a)) => (n.trim(), a.trim().to_string()),
            None => (s.trim(), String::new()),
        };
        let needs_arg = |t: Target| {
            if arg.is_empty() {
                Err(format!("{name:?} needs a name after ':'"))
            } else {
                Ok(t)
            }
        };
        if let Some((part, _)) = AddressPart::ALL.iter().find(|(_, n)| *n == name) {
            return Ok(Target::Address(*part, arg));
        }
        Ok(match name {
            "first_name" => Target::FirstName,
            "last_name" => Target::LastName,
            "full_name" | "name" => Target::FullName,
            "company" => Target::Company,
            "job_title" => Target::JobTitle,
            "email" => Target::Email(arg),
            "email_label" | "email_labels" => Target::EmailLabel(arg),
            "phone" => Target::Phone(arg),
            "phone_label" | "phone_labels" => Target::PhoneLabel(arg),
            "owner" => Target::Owner,
            "lead_source" => Target::LeadSource,
            "lifecycle" => Target::Lifecycle,
            "birthday" => Target::Birthday,
            "created_at" | "created" => Target::Created,
            "age" => Target::Age,
            "annual_income" | "income" => Target::Income,
            "education_years" => Target::EducationYears,
            "notes" => Target::Notes,
            "tags" => Target::Tags,
            "custom" => needs_arg(Target::Custom(arg.clone()))?,
            "ignore" => Target::Ignore,
            other => return Err(format!("unknown target {other:?}")),
        })
    }
}

impl Serialize for Target {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Target {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// One target per column, in the file's column order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    pub targets: Vec<Target>,
    /// How the file's slashed dates are read: decided from the whole file when it is imported.
    pub slashes: super::dates::SlashOrder,
}

/// What a file mapped one way names its contacts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Naming {
    /// A column gives a person's name.
    Names,
    /// None does, but an e-mail or phone column does: each contact is named by its address until
    /// a name arrives (a mailing list) — or the file's name columns went unrecognised.
    Addresses,
    /// A company column and no name: every row naming a company but no person is refused (it is
    /// the company's address, not a contact).
    CompanyAlone,
    /// Nothing could name a contact: every row would be refused.
    Nothing,
}

impl Mapping {
    pub fn naming(&self) -> Naming {
        let any = |pick: fn(&Target) -> bool| self.targets.iter().any(pick);
        if any(|t| matches!(t, Target::FirstName | Target::LastName | Target::FullName)) {
            Naming::Names
        } else if any(|t| matches!(t, Target::Company)) {
            Naming::CompanyAlone
        } else if any(|t| matches!(t, Target::Email(_) | Target::Phone(_))) {
            Naming::Addresses
        } else {
            Naming::Nothing
        }
    }
}

/// A saved mapping, as read from and written to `--mapping FILE`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub kith_mapping: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    pub columns: BTreeMap<String, Target>,
}

pub const PROFILE_VERSION: u32 = 1;

impl Profile {
    pub fn from_json(text: &str) -> Result<Profile, String> {
        let p: Profile = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if p.kith_mapping != PROFILE_VERSION {
            return Err(format!(
                "profile version {} (this Kith reads version {PROFILE_VERSION})",
                p.kith_mapping
            ));
        }
        p.delimiter_byte()?;
        p.text_encoding()?;
        Ok(p)
    }

    /// The profile that reproduces `mapping` for these headers.
    pub fn from_mapping(headers: &[String], mapping: &Mapping) -> Profile {
        Profile {
            kith_mapping: PROFILE_VERSION,
            delimiter: None,
            encoding: None,
            columns: headers
                .iter()
                .cloned()
                .zip(mapping.targets.iter().cloned())
                .collect(),
        }
    }

    pub fn delimiter_byte(&self) -> Result<Option<u8>, String> {
        match self.delimiter.as_deref() {
            None => Ok(None),
            Some(",") => Ok(Some(b',')),
            Some(";") => Ok(Some(b';')),
            Some("\t") | Some("\\t") | Some("tab") => Ok(Some(b'\t')),
            Some("|") => Ok(Some(b'|')),
            Some(other) => Err(format!("unsupported delimiter {other:?}")),
        }
    }

    pub fn text_encoding(&self) -> Result<Option<TextEncoding>, String> {
        self.encoding
            .as_deref()
            .map(|l| TextEncoding::from_label(l).ok_or_else(|| format!("unknown encoding {l:?}")))
            .transpose()
    }

    /// The columns the profile names that these headers do not have (a profile saved for another
    /// export, or a column renamed since), so the user hears that part of it did not apply.
    pub fn columns_not_in(&self, headers: &[String]) -> Vec<&str> {
        self.columns
            .keys()
            .map(String::as_str)
            .filter(|c| !headers.iter().any(|h| h.trim() == *c))
            .collect()
    }

    /// The mapping for these headers: the profile's target where it names the header, the
    /// proposal elsewhere.
    pub fn mapping_for(&self, headers: &[String]) -> Mapping {
        let proposed = propose(headers);
        Mapping {
            targets: headers
                .iter()
                .zip(proposed.targets)
                .map(|(h, p)| self.columns.get(h.trim()).cloned().unwrap_or(p))
                .collect(),
            ..Mapping::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proposed(headers: &[&str]) -> Vec<String> {
        let h: Vec<String> = headers.iter().map(|s| s.to_string()).collect();
        propose(&h).targets.iter().map(|t| t.to_string()).collect()
    }

    #[test]
    fn google_contacts_headers_are_recognised() {
        assert_eq!(
            proposed(&[
                "First Name",
                "Last Name",
                "Organization Name",
                "Organization Title",
                "E-mail 1 - Label",
                "E-mail 1 - Value",
                "Phone 1 - Label",
                "Phone 1 - Value",
                "Address 1 - City",
                "Labels",
                "Nickname",
                "E-mail 2 - Type",
                "E-mail 2 - Value"
            ]),
            [
                "first_name",
                "last_name",
                "company",
                "job_title",
                "email_label:1",
                "email:1",
                "phone_label:1",
                "phone:1",
                "city:1",
                "tags",
                "custom:Nickname",
                "email_label:2",
                "email:2"
            ]
        );
        // Outlook's own "E-mail 2 Type" holds the transport ("SMTP"), not a label.
        assert_eq!(
            proposed(&["E-mail 2 Address", "E-mail 2 Type"]),
            ["email:2", "ignore"]
        );
    }

    #[test]
    fn outlook_hubspot_and_salesforce_headers_are_recognised() {
        assert_eq!(
            proposed(&[
                "E-mail Address",
                "Business Phone",
                "Mobile Phone",
                "Business Country/Region"
            ]),
            ["email", "phone:work", "phone:mobile", "country:business"]
        );
        assert_eq!(
            proposed(&[
                "Email",
                "Phone Number",
                "Company Name",
                "State/Region",
                "Lifecycle Stage",
                "Contact owner"
            ]),
            ["email", "phone", "company", "region", "lifecycle", "owner"]
        );
        assert_eq!(
            proposed(&[
                "Account Name",
                "Title",
                "Mailing Zip/Postal Code",
                "Lead Source",
                "Birthdate",
                "Created Date"
            ]),
            [
                "company",
                "job_title",
                "postal_code:mailing",
                "lead_source",
                "birthday",
                "created_at"
            ]
        );
        assert_eq!(
            proposed(&["Create Date", "created_at"]),
            ["created_at", "custom:created_at"]
        );
    }

    #[test]
    fn a_full_name_column_beside_first_and_last_is_kept_as_custom() {
        assert_eq!(
            proposed(&["Name", "Given Name", "Family Name"]),
            ["name", "first_name", "last_name"]
        );
        assert_eq!(proposed(&["Name", "Email"]), ["name", "email"]);
        assert_eq!(
            proposed(&["emails", "email_labels", "phones", "phone_labels"]),
            ["email", "email_label", "phone", "phone_label"]
        );
    }

    #[test]
    fn profiles_round_trip_and_override_the_proposal() {
        let text = r#"{"kith_mapping":1,"delimiter":";","encoding":"latin1",
            "columns":{"Nom":"last_name","Mobile":"phone:mobile","Junk":"ignore"}}"#;
        let p = Profile::from_json(text).unwrap();
        assert_eq!(p.delimiter_byte(), Ok(Some(b';')));
        assert_eq!(p.text_encoding(), Ok(Some(TextEncoding::Windows1252)));
        let headers: Vec<String> = ["Nom", "Email", "Junk"].map(String::from).to_vec();
        let m = p.mapping_for(&headers);
        assert_eq!(
            m.targets,
            [
                Target::LastName,
                Target::Email(String::new()),
                Target::Ignore
            ]
        );
        assert_eq!(p.columns_not_in(&headers), ["Mobile"]);
        assert_eq!(p.columns_not_in(&headers[..1]), ["Junk", "Mobile"]);
        let back = Profile::from_json(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
        assert!(Profile::from_json(r#"{"kith_mapping":1,"columns":{"a":"shoe"}}"#).is_err());
        assert!(Profile::from_json(r#"{"kith_mapping":9,"columns":{}}"#).is_err());
    }
}
