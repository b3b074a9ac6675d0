//! Proposing a target for each header: the export headers of Google Contacts, Outlook, HubSpot,
//! Salesforce and Kith itself, compared with case, spaces and punctuation squashed away.

use super::{AddressPart, Mapping, Target};

/// Headers lower-cased with everything but letters and digits removed: "E-mail 1 - Value" →
/// "email1value", "Mailing Zip/Postal Code" → "mailingzippostalcode".
fn squash(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A target for every header. Known export headers (Google Contacts old and new, Outlook, HubSpot,
/// Salesforce reports and Data Loader, and Kith's own export) are recognised; other non-empty
/// headers become custom fields, so nothing in the file is dropped unless the user says so.
pub fn propose(headers: &[String]) -> Mapping {
    let mut targets: Vec<Target> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| propose_one(h, i))
        .collect();
    // Outlook has both "Title" (Mr, Dr) and "Job Title": only then is "Title" a salutation.
    if headers.iter().any(|h| squash(h) == "jobtitle") {
        for (t, h) in targets.iter_mut().zip(headers) {
            if squash(h) == "title" {
                *t = Target::Custom(h.trim().to_string());
            }
        }
    }
    // A second column proposed as the same single-valued field ("Company" beside "Organization
    // Name") would overwrite the first: keep the first, send the rest to custom. (A full-name
    // column beside first and last names stays one: validation keeps it only where it says more.)
    let mut seen = std::collections::HashSet::new();
    for (t, h) in targets.iter_mut().zip(headers) {
        let single = !matches!(
            t,
            Target::Email(_)
                | Target::EmailLabel(_)
                | Target::Phone(_)
                | Target::PhoneLabel(_)
                | Target::Address(..)
                | Target::Custom(_)
                | Target::Ignore
                | Target::Tags
                | Target::Notes
        );
        if single && !seen.insert(t.to_string()) {
            *t = Target::Custom(h.trim().to_string());
        }
    }
    Mapping {
        targets,
        ..Mapping::default()
    }
}

fn propose_one(header: &str, column: usize) -> Target {
    if header.trim().is_empty() {
        // An unnamed column's values are kept too, named by where they were.
        return Target::Custom(format!("Column {}", column + 1));
    }
    // Kith's own export writes each custom field as "custom: NAME".
    if let Some(name) = header
        .trim()
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("custom:"))
        .and_then(|_| header.trim().get(7..))
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        return Target::Custom(name.to_string());
    }
    let h = squash(header);
    if h.is_empty() {
        return Target::Custom(header.trim().to_string());
    }
    if let Some(t) = exact(&h) {
        return t;
    }
    // Outlook's bookkeeping beside each address: its transport ("SMTP", "EX") and a display name
    // made of the contact's name and the address again. Google's "E-mail 2 - Type" squashes to
    // the same letters but holds the address's label ("* Home"): its " - " tells them apart.
    if !header.contains(" - ")
        && matches!(
            h.as_str(),
            "emailtype"
                | "email2type"
                | "email3type"
                | "emaildisplayname"
                | "email2displayname"
                | "email3displayname"
        )
    {
        return Target::Ignore;
    }
    // Numbered groups: Google's "E-mail 2 - Value", "Phone 1 - Type", "Address 1 - City".
    for (prefix, kind) in [
        ("email", 'e'),
        ("phone", 'p'),
        ("address", 'a'),
        ("organization", 'o'),
        ("website", 'w'),
    ] {
        let Some(rest) = h.strip_prefix(prefix) else {
            continue;
        };
        let n: String = rest.chars().take_while(char::is_ascii_digit).collect();
        if n.is_empty() {
            continue;
        }
        let what = &rest[n.len()..];
        let t = match (kind, what) {
            ('e', "value" | "address") => Target::Email(n),
            ('e', "type" | "label") => Target::EmailLabel(n),
            ('p', "value" | "number") => Target::Phone(n),
            ('p', "type" | "label") => Target::PhoneLabel(n),
            ('a', "street") => Target::Address(AddressPart::Street, n),
            ('a', "city") => Target::Address(AddressPart::City, n),
            ('a', "region") => Target::Address(AddressPart::Region, n),
            ('a', "postalcode") => Target::Address(AddressPart::PostalCode, n),
            ('a', "country") => Target::Address(AddressPart::Country, n),
            // "Formatted" repeats the parts; "Type"/"Label" names the group.
            ('a', "formatted" | "type" | "label") => Target::Ignore,
            ('o', "name") if n == "1" => Target::Company,
            ('o', "title") if n == "1" => Target::JobTitle,
            // Google's "Website 1 - Value" is the vCard's URL, kept as "Website" ("Website 2" …);
            // its "Type" ("Profile", "Blog") says little and is left.
            ('w', "value") if n == "1" => Target::Custom("Website".into()),
            ('w', "value") => Target::Custom(format!("Website {n}")),
            ('w', "type" | "label") => Target::Ignore,
            _ => Target::Custom(header.trim().to_string()),
        };
        return t;
    }
    // Outlook's address groups: "Business Street", "Home Postal Code", "Other Country/Region".
    for group in [
        "business", "home", "other", "mailing", "billing", "shipping",
    ] {
        if let Some(rest) = h.strip_prefix(group)
            && let Some(part) = address_part(rest)
        {
            return Target::Address(part, group.to_string());
        }
    }
    if let Some(part) = address_part(&h) {
        return Target::Address(part, String::new());
    }
    Target::Custom(header.trim().to_string())
}

fn address_part(h: &str) -> Option<AddressPart> {
    Some(match h {
        // Outlook's "Business Street 2" and "3" continue the street (the parts join on import).
        "street" | "streetaddress" | "address" | "address1" | "addressline1" | "street1"
        | "street2" | "street3" | "address2" | "addressline2" => AddressPart::Street,
        "city" | "town" | "locality" => AddressPart::City,
        "state" | "region" | "province" | "stateregion" | "stateprovince" | "county" => {
            AddressPart::Region
        }
        "postalcode" | "zip" | "zipcode" | "postcode" | "zippostalcode" => AddressPart::PostalCode,
        "country" | "countryregion" => AddressPart::Country,
        _ => return None,
    })
}

fn exact(h: &str) -> Option<Target> {
    let slot = |s: &str| s.to_string();
    Some(match h {
        "firstname" | "givenname" | "first" | "forename" => Target::FirstName,
        "lastname" | "familyname" | "surname" | "last" => Target::LastName,
        "name" | "fullname" | "displayname" | "contactname" | "contact" => Target::FullName,
        "company" | "companyname" | "organization" | "organisation" | "organizationname"
        | "accountname" | "account" | "accountaccountname" | "companyaccount" => Target::Company,
        "jobtitle" | "title" | "organizationtitle" | "position" | "role" => Target::JobTitle,
        "email" | "emailaddress" | "mail" | "workemail" | "primaryemail" | "email1" => {
            Target::Email(String::new())
        }
        "email2address" | "email2" | "secondaryemail" => Target::Email(slot("2")),
        "email3address" | "email3" => Target::Email(slot("3")),
        "homeemail" | "personalemail" => Target::Email(slot("home")),
        "phone" | "phonenumber" | "primaryphone" | "telephone" | "tel" => {
            Target::Phone(String::new())
        }
        "businessphone" | "workphone" | "officephone" | "businessphone2" => {
            Target::Phone(slot("work"))
        }
        "mobile" | "mobilephone" | "mobilephonenumber" | "cellphone" | "cell" => {
            Target::Phone(slot("mobile"))
        }
        "homephone" | "homephone2" => Target::Phone(slot("home")),
        "otherphone" => Target::Phone(slot("other")),
        "companymainphone" => Target::Phone(slot("main")),
        "fax" => Target::Phone(slot("fax")),
        "businessfax" => Target::Phone(slot("work fax")),
        "homefax" => Target::Phone(slot("home fax")),
        "otherfax" => Target::Phone(slot("other fax")),
        "contactowner" | "owner" | "ownerid" | "ownername" => Target::Owner,
        "leadsource" | "originalsource" | "source" => Target::LeadSource,
        "lifecyclestage" | "lifecycle" | "stage" => Target::Lifecycle,
        "birthday" | "birthdate" | "dateofbirth" | "dob" => Target::Birthday,
        // Kith's own "created_at", HubSpot's "Create Date", Salesforce's "Created Date".
        "createdat" | "created" | "createdate" | "createddate" | "datecreated" | "createdon" => {
            Target::Created
        }
        "age" => Target::Age,
        // Kith's own export writes "annual_income" as "52000.00 EUR".
        "annualincome" | "income" | "yearlyincome" => Target::Income,
        "educationyears" | "yearsofeducation" | "yearsofschooling" => Target::EducationYears,
        "notes" | "note" | "description" | "comments" => Target::Notes,
        "labels" | "groupmembership" | "categories" | "tags" => Target::Tags,
        // Kith's own export columns that carry lists or ids it recreates itself.
        "emails" => Target::Email(String::new()),
        "phones" => Target::Phone(String::new()),
        "emaillabels" => Target::EmailLabel(String::new()),
        "phonelabels" => Target::PhoneLabel(String::new()),
        // HubSpot's "Record ID" is not among them: it is the way back to the old CRM's record,
        // and goes to a custom field as any other column.
        "id" | "kitherror" => Target::Ignore,
        _ => return None,
    })
}
