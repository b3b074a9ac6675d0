//! The kinds of target a column's pick list offers, and how a column's target changes with
//! the kind picked (keeping or working out its slot or address group).

use std::fmt;

use crate::io::csv_import::Target;
use crate::io::csv_import::mapping::AddressPart;

/// A kind of target as the column's pick list offers it; the slot or group a target carries
/// (`email:2`, `city:business`) is kept or worked out when the kind changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Skip,
    FirstName,
    LastName,
    FullName,
    Company,
    JobTitle,
    Email,
    EmailLabel,
    Phone,
    PhoneLabel,
    Street,
    City,
    Region,
    PostalCode,
    Country,
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
    Custom,
}

impl Choice {
    pub const ALL: [Choice; 26] = [
        Choice::Skip,
        Choice::FirstName,
        Choice::LastName,
        Choice::FullName,
        Choice::Company,
        Choice::JobTitle,
        Choice::Email,
        Choice::EmailLabel,
        Choice::Phone,
        Choice::PhoneLabel,
        Choice::Street,
        Choice::City,
        Choice::Region,
        Choice::PostalCode,
        Choice::Country,
        Choice::Owner,
        Choice::LeadSource,
        Choice::Lifecycle,
        Choice::Birthday,
        Choice::Created,
        Choice::Age,
        Choice::Income,
        Choice::EducationYears,
        Choice::Notes,
        Choice::Tags,
        Choice::Custom,
    ];

    pub fn of(target: &Target) -> Choice {
        match target {
            Target::Ignore => Choice::Skip,
            Target::FirstName => Choice::FirstName,
            Target::LastName => Choice::LastName,
            Target::FullName => Choice::FullName,
            Target::Company => Choice::Company,
            Target::JobTitle => Choice::JobTitle,
            Target::Email(_) => Choice::Email,
            Target::EmailLabel(_) => Choice::EmailLabel,
            Target::Phone(_) => Choice::Phone,
            Target::PhoneLabel(_) => Choice::PhoneLabel,
            Target::Address(AddressPart::Street, _) => Choice::Street,
            Target::Address(AddressPart::City, _) => Choice::City,
            Target::Address(AddressPart::Region, _) => Choice::Region,
            Target::Address(AddressPart::PostalCode, _) => Choice::PostalCode,
            Target::Address(AddressPart::Country, _) => Choice::Country,
            Target::Owner => Choice::Owner,
            Target::LeadSource => Choice::LeadSource,
            Target::Lifecycle => Choice::Lifecycle,
            Target::Birthday => Choice::Birthday,
            Target::Created => Choice::Created,
            Target::Age => Choice::Age,
            Target::Income => Choice::Income,
            Target::EducationYears => Choice::EducationYears,
            Target::Notes => Choice::Notes,
            Target::Tags => Choice::Tags,
            Target::Custom(_) => Choice::Custom,
        }
    }
}

impl fmt::Display for Choice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Choice::Skip => "Skip",
            Choice::FirstName => "First name",
            Choice::LastName => "Last name",
            Choice::FullName => "Full name",
            Choice::Company => "Company",
            Choice::JobTitle => "Job title",
            Choice::Email => "E-mail",
            Choice::EmailLabel => "E-mail label",
            Choice::Phone => "Phone",
            Choice::PhoneLabel => "Phone label",
            Choice::Street => "Street",
            Choice::City => "City",
            Choice::Region => "Region / state",
            Choice::PostalCode => "Postal code",
            Choice::Country => "Country",
            Choice::Owner => "Owner",
            Choice::LeadSource => "Lead source",
            Choice::Lifecycle => "Lifecycle stage",
            Choice::Birthday => "Birthday",
            Choice::Created => "Date added",
            Choice::Age => "Age",
            Choice::Income => "Annual income",
            Choice::EducationYears => "Years of education",
            Choice::Notes => "Notes",
            Choice::Tags => "Tags",
            Choice::Custom => "Custom field",
        })
    }
}
