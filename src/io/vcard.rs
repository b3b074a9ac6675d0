//! vCard import (2.1, 3.0 — RFC 2426, 4.0 — RFC 6350) and export (3.0 or 4.0). Import carries
//! names (with middle name, prefix and suffix), organisation and department, title, e-mails and
//! phones with their types, the first address, birthday, note and categories, and keeps nickname,
//! websites, role, anniversary, messaging and social profiles as custom fields that export writes
//! back, and the CRM's own fields (owner, lead source, lifecycle stage, age, income, education) as
//! `X-KITH-` properties; photos and other binary data are skipped with a notice. All cards of a
//! file are imported as one change set, merged by primary e-mail like a CSV import.

mod custom;
mod dates;
mod kith;
mod parse;
mod report;
mod write;

pub use report::{CardError, Report};
pub use write::{Version, write_cards};
/// RFC 5545 TEXT escaping and folding are the same as vCard's; the calendar export shares them.
pub(crate) use write::{escape as escape_text, fold as fold_line};

use super::progress::{EVERY, Observer, Progress};
use super::{Error, Result};
use crate::domain::validation::{quoted, shortened};
use crate::domain::{Address, CompanyFields, ContactFields, ContactId, EmailAddress, Phone};
use crate::store::{self, CompanyAdded, ImportPlan, Imported, Store};
use dates::{birthday, partial_date, unheld};

/// A contact read from one card, with the organisation it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Card {
    pub fields: ContactFields,
    pub company: Option<String>,
    pub notices: Vec<String>,
    /// The card is an organisation's (`KIND:org`, Apple's `X-ABShowAs:COMPANY`, or an ORG with
    /// no person's name): it is the company, not a person called by the company's name.
    pub organisation: bool,
    /// When Kith first recorded the contact (`X-KITH-CREATED`), kept on import.
    pub created: Option<crate::domain::Timestamp>,
}

/// Reads every card in a file (no store needed: for previews and tests).
pub fn read_cards(bytes: &[u8]) -> Vec<(u64, Card)> {
    parse::cards(bytes)
        .into_iter()
        .map(|raw| {
            let line = raw
                .properties
                .first()
                .map_or(0, |p| p.line.saturating_sub(1));
            let mut card = card(&raw.properties);
            if !raw.ended {
                card.notices.push(
                    "has no END:VCARD (the file may have been cut short); what it holds is read"
                        .into(),
                );
            }
            if !raw.not_properties.is_empty() {
                card.notices.push(format!(
                    "{} no property and left out (a folded line that lost its leading space?)",
                    lines_are(&raw.not_properties)
                ));
            }
            if !raw.outside.is_empty() {
                card.notices.push(format!(
                    "{} outside any BEGIN:VCARD … END:VCARD and left out (a card missing its \
                     BEGIN line?)",
                    lines_are(&raw.outside)
                ));
            }
            (line, card)
        })
        .collect()
}

/// "line 7 is", "lines 7, 9 and 12 are", "lines 7, 9, 12, 15, 20 and 3 more are".
fn lines_are(lines: &[u64]) -> String {
    let shown: Vec<String> = lines.iter().take(5).map(u64::to_string).collect();
    match (lines.len(), lines.len().saturating_sub(5)) {
        (1, _) => format!("line {} is", shown[0]),
        (_, 0) => {
            let (last, rest) = shown.split_last().expect("two or more");
            format!("lines {} and {last} are", rest.join(", "))
        }
        (_, more) => format!("lines {} and {more} more are", shown.join(", ")),
    }
}

/// Apple's labels, by the group of the property they name: `item2.X-ABLabel:Boat phone` labels
/// `item2.TEL`. Its own standard labels come wrapped (`_$!<Mobile>!$_`) and read as "mobile".
fn group_labels(props: &[parse::Property]) -> std::collections::HashMap<&str, String> {
    props
        .iter()
        .filter(|p| p.name == "X-ABLABEL")
        .filter_map(|p| {
            let text = parse::text(&p.value);
            let text = text.trim();
            let label = match text
                .strip_prefix("_$!<")
                .and_then(|t| t.strip_suffix(">!$_"))
            {
                Some(standard) => standard.to_lowercase(),
                None => text.to_string(),
            };
            Some((p.group.as_deref()?, label)).filter(|(_, l)| !l.is_empty())
        })
        .collect()
}

fn card(props: &[parse::Property]) -> Card {
    let labels = group_labels(props);
    let labelled = |p: &parse::Property, typed: String| {
        p.group
            .as_deref()
            .and_then(|g| labels.get(g).cloned())
            .unwrap_or(typed)
    };
    let mut f = ContactFields::default();
    let mut company = None;
    let mut notices = Vec::new();
    let mut full_name = String::new();
    let mut addresses = 0;
    let mut created = None;
    for p in props {
        match p.name.as_str() {
            kith::CREATED => match kith::created(&parse::text(&p.value)) {
                Some(at) => created = Some(at),
                None => notices.push(format!(
                    "{}: {:?} is not a moment gone by; the contact is recorded as new",
                    kith::CREATED,
                    parse::text(&p.value).trim()
                )),
            },
            "N" => {
                let c = parse::components(&p.value);
                let part = |i: usize| c.get(i).map_or("", |s| s.trim()).to_string();
                f.last_name = part(0);
                f.first_name = part(1);
                for (i, field) in [
                    (2, custom::MIDDLE_NAME),
                    (3, custom::NAME_PREFIX),
                    (4, custom::NAME_SUFFIX),
                ] {
                    if !part(i).is_empty() {
                        f.custom.insert(field.into(), part(i));
                    }
                }
            }
            "FN" => full_name = parse::text(&p.value).trim().to_string(),
            "ORG" => {
                let c = parse::components(&p.value);
                company = c
                    .first()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty());
                let units: Vec<&str> = c
                    .iter()
                    .skip(1)
                    .map(|s| s.trim())
                    .filter(|s| !s.is_empty())
                    .collect();
                if !units.is_empty() {
                    f.custom.insert(custom::DEPARTMENT.into(), units.join(", "));
                }
            }
            "TITLE" => f.job_title = parse::text(&p.value).trim().to_string(),
            "EMAIL" => {
                let address = parse::text(&p.value)
                    .trim()
                    .trim_start_matches("mailto:")
                    .to_string();
                if !address.is_empty() {
                    f.emails.push(EmailAddress {
                        address,
                        label: labelled(p, label(&p.types(), &["internet", "pref", "x400"])),
                    });
                }
            }
            "TEL" => {
                let number = phone_number(&parse::text(&p.value));
                if !number.is_empty() {
                    f.phones.push(Phone {
                        number,
                        label: labelled(p, label(&p.types(), &["voice", "pref", "text", "msg"])),
                    });
                }
            }
            "ADR" => {
                let c = parse::components(&p.value);
                let part = |i: usize| c.get(i).map_or("", |s| s.trim()).to_string();
                let street = [part(0), part(1), part(2)]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ");
                let a = Address {
                    street,
                    city: part(3),
                    region: part(4),
                    postal_code: part(5),
                    country: part(6),
                };
                addresses += 1;
                if addresses == 1 {
                    f.address = a;
                } else if !a.is_empty() {
                    f.custom
                        .insert(custom::numbered(custom::ADDRESS, addresses), a.one_line());
                }
            }
            "BDAY" => {
                let v = parse::text(&p.value);
                // Apple writes a birthday without a year as year 1604, flagged by a parameter.
                let omitted = p.param("X-APPLE-OMIT-YEAR").map(str::trim);
                match birthday(&v) {
                    Some(d) if omitted == Some(&d.format("%Y").to_string()) => {
                        f.custom
                            .insert(custom::BIRTHDAY.into(), d.format("--%m-%d").to_string());
                    }
                    // A day no birthday can be (year 0001, next year) costs the card nothing:
                    // it is kept as written, and said, as a day the calendar lacks is.
                    Some(d) if unheld(d).is_some() => {
                        let v = v.trim();
                        notices.push(format!(
                            "birthday: {v:?} is {}; kept as the custom field {}",
                            unheld(d).unwrap_or_default(),
                            custom::BIRTHDAY
                        ));
                        f.custom.insert(custom::BIRTHDAY.into(), v.to_string());
                    }
                    Some(d) => f.birthday = Some(d),
                    None => {
                        // Kept either way, but a date the calendar lacks ("1991-02-29") is said,
                        // as a CSV row's is: only a day without a year, or text the card marks
                        // as text ("circa 1800"), is what a birthday field cannot hold.
                        let v = v.trim();
                        let text = p
                            .param("VALUE")
                            .is_some_and(|t| t.eq_ignore_ascii_case("text"));
                        if !partial_date(v) && !text {
                            notices.push(format!(
                                "birthday: {v:?} is not a day of the calendar; kept as the \
                                 custom field {}",
                                custom::BIRTHDAY
                            ));
                        }
                        f.custom.insert(custom::BIRTHDAY.into(), v.to_string());
                    }
                }
            }
            "NOTE" => {
                // Windows line breaks (QP "=0D=0A") are stored as plain newlines.
                let note = parse::text(&p.value).replace("\r\n", "\n");
                f.notes = if f.notes.is_empty() {
                    note
                } else {
                    format!("{}\n\n{note}", f.notes)
                };
            }
            // Google's vCards list its group of every contact among the person's own groups.
            "CATEGORIES" => f.tags.extend(
                parse::list(&p.value)
                    .into_iter()
                    .filter(|t| !crate::io::csv_import::is_all_contacts_group(t)),
            ),
            "PHOTO" | "LOGO" | "SOUND" | "KEY" => notices.push(format!(
                "{} skipped (binary data is not kept)",
                p.name.to_lowercase()
            )),
            custom::OTHER_FIELD => {
                let c = parse::components(&p.value);
                if let [name, value, ..] = &c[..]
                    && !name.trim().is_empty()
                    && !value.trim().is_empty()
                {
                    f.custom
                        .insert(name.trim().to_string(), value.trim().to_string());
                }
            }
            // Apple's and Google's dates and relations, named by their labels: "Anniversary",
            // "Spouse", "Child", "Child 2".
            "X-ABDATE" | "X-ABRELATEDNAMES" => {
                let value = parse::text(&p.value).trim().to_string();
                let label = p.group.as_deref().and_then(|g| labels.get(g));
                let field = match (label, p.name.as_str()) {
                    (Some(l), _) => crate::words::capitalised(l),
                    (None, "X-ABDATE") => "Date".to_string(),
                    (None, _) => "Related person".to_string(),
                };
                if !value.is_empty() {
                    keep_numbered(&mut f, &field, value);
                }
            }
            // Android's 2.1 cards carry what that version has no property for this way.
            "X-ANDROID-CUSTOM" => {
                if let Some((field, value)) = custom::android(&parse::components(&p.value)) {
                    keep_numbered(&mut f, field, value);
                }
            }
            other if kith::read(other, &parse::text(&p.value), &mut f, &mut notices) => {}
            other => {
                let value = parse::text(&p.value).trim().to_string();
                if let Some(field) = custom::field_for(other)
                    && !value.is_empty()
                {
                    keep_numbered(&mut f, field, value);
                } else if custom::kept_extension(other) && !value.is_empty() {
                    // Another program's own property ("X-PHONETIC-FIRST-NAME"): kept under its
                    // name, and written back as itself.
                    f.custom.insert(other.to_string(), value);
                }
            }
        }
    }
    // An organisation's card says so (vCard 4's KIND:org, Apple's X-ABShowAs:COMPANY), or has
    // an ORG and no person's name: its FN is the organisation's name, not a person's.
    let said = |name: &str, value: &str| {
        props
            .iter()
            .any(|p| p.name == name && parse::text(&p.value).trim().eq_ignore_ascii_case(value))
    };
    let kind_org = said("KIND", "org") || said("X-ABSHOWAS", "company");
    if kind_org && company.is_none() && !full_name.is_empty() {
        company = Some(full_name.clone());
    }
    let nameless = f.first_name.is_empty() && f.last_name.is_empty();
    let fn_is_org = full_name.is_empty()
        || company
            .as_deref()
            .is_some_and(|org| org.eq_ignore_ascii_case(&full_name));
    let organisation = company.is_some() && (kind_org || (nameless && fn_is_org));
    if !nameless && !organisation && !super::names::said_by_parts(&full_name, &f) {
        f.custom
            .insert(super::names::DISPLAY_NAME.into(), full_name.clone());
    }
    if nameless && !organisation && !full_name.is_empty() {
        // "Doe, Jane" as Outlook writes a display name, or "Jane Doe".
        (f.first_name, f.last_name) = super::csv_import::split_name(&full_name);
    }
    Card {
        fields: f,
        company,
        notices,
        organisation,
        created,
    }
}

/// Keeps `value` as the custom field `field`, or "`field` 2", "`field` 3" … after the first.
fn keep_numbered(f: &mut ContactFields, field: &str, value: String) {
    let n = f
        .custom
        .keys()
        .filter(|k| custom::is_field(k, field))
        .count();
    f.custom.insert(custom::numbered(field, n + 1), value);
}

/// What an organisation's card holds that a company has no field for: its e-mail addresses, its
/// phones after the first, its categories, birthday and other properties.
fn organisation_left_out(f: &ContactFields) -> Vec<String> {
    let mut out: Vec<String> = f
        .emails
        .iter()
        .map(|e| format!("e-mail {}", quoted(&e.address)))
        .collect();
    out.extend(
        f.phones
            .iter()
            .skip(1)
            .map(|p| format!("phone {}", quoted(&p.number))),
    );
    out.extend(f.tags.iter().map(|t| format!("category {}", quoted(t))));
    if let Some(day) = f.birthday {
        out.push(format!("date {day}"));
    }
    out.extend(
        f.custom
            .iter()
            .filter(|(k, _)| !custom::is_field(k, "Website"))
            .map(|(k, v)| format!("{k} {}", quoted(v))),
    );
    out
}

/// An organisation card's website domain: its URL's host ("https://www.torrefaction-port.fr/"
/// → "torrefaction-port.fr"). Not its e-mail's: "brulerie.sud@gmail.com" would make gmail.com
/// the company's website.
fn organisation_domain(f: &ContactFields) -> String {
    let url = f
        .custom
        .iter()
        .find(|(k, _)| custom::is_field(k, "Website"))
        .map(|(_, v)| v.as_str());
    let host = url.map(|u| {
        let u = u.trim();
        let u = u.split_once("://").map_or(u, |(_, rest)| rest);
        let host = u.split(['/', '?', '#', ':']).next().unwrap_or(u);
        host.strip_prefix("www.").unwrap_or(host).to_lowercase()
    });
    host.filter(|h| !h.is_empty()).unwrap_or_default()
}

/// The first type that says something ("work", "home", "cell" → "mobile").
fn label(types: &[String], noise: &[&str]) -> String {
    let words: Vec<&str> = types
        .iter()
        .map(String::as_str)
        .filter(|t| !noise.contains(t))
        .map(|t| if t == "cell" { "mobile" } else { t })
        .collect();
    words.join(" ")
}

/// A TEL value as the number people dial: a 4.0 `tel:` URI loses its scheme and its parameters
/// but for an extension (`tel:+1-555-0100;ext=102` → `+1-555-0100 ext. 102`).
fn phone_number(value: &str) -> String {
    let v = value.trim();
    let Some(uri) = v.get(..4).filter(|s| s.eq_ignore_ascii_case("tel:")) else {
        return v.to_string();
    };
    let mut parts = v[uri.len()..].split(';');
    let number = parts.next().unwrap_or("").trim().to_string();
    match parts.find_map(|p| p.trim().strip_prefix("ext=")) {
        Some(ext) if !ext.is_empty() => format!("{number} ext. {ext}"),
        _ => number,
    }
}

/// Imports every card of `bytes` as one change set ("Import FILE-NAME").
pub fn import(
    store: &mut Store,
    bytes: &[u8],
    file_name: &str,
    observer: &mut dyn Observer,
) -> Result<Report> {
    let cards = read_cards(bytes);
    if cards.is_empty() {
        return Err(Error::Format(
            "no BEGIN:VCARD … END:VCARD block found; is this a vCard file?".into(),
        ));
    }
    let mut report = Report {
        cards: cards.len() as u64,
        ..Report::default()
    };
    let label = format!("Import {file_name}");
    let plan = ImportPlan {
        cancel: observer.cancel_flag(),
        ..ImportPlan::new(label, report.cards)
    };
    let outcome = store.import_contacts(&plan, |batch| {
        for (n, (line, card)) in cards.into_iter().enumerate() {
            let number = n as u64 + 1;
            if number.is_multiple_of(EVERY) {
                if observer.cancelled() {
                    return Err(store::Error::NotAllowed("cancelled".into()));
                }
                observer.progress(Progress {
                    records: number,
                    ..Progress::default()
                });
            }
            let name = card.fields.full_name();
            for notice in &card.notices {
                report
                    .notices
                    .push(format!("card {number} ({}): {notice}", shortened(&name)));
            }
            if card.organisation
                && let Some(company) = &card.company
            {
                let mut fields = CompanyFields {
                    name: company.clone(),
                    domain: organisation_domain(&card.fields),
                    phone: card.fields.primary_phone().unwrap_or_default().to_string(),
                    address: card.fields.address.clone(),
                    notes: card.fields.notes.clone(),
                    ..Default::default()
                };
                // A domain read off a URL the card got wrong costs the domain, not the card.
                if fields
                    .validate()
                    .is_err_and(|invalid| invalid.for_field("domain").is_some())
                {
                    fields.domain.clear();
                }
                // A company has one phone, one address, a website and notes: the rest of the card
                // is named rather than dropped without a word.
                let left_out = organisation_left_out(&card.fields);
                if !left_out.is_empty() {
                    report.notices.push(format!(
                        "card {number}: not kept for the company (it has no field for them): {}",
                        left_out.join(", ")
                    ));
                }
                match batch.add_company(fields) {
                    Ok(added) => report.notices.push(format!(
                        "card {number}: an organisation's card, {}",
                        match added {
                            CompanyAdded::Created => format!("kept as the company {company}"),
                            // Named as the workspace spells it ("Bluebird Café", found for
                            // the card's "bluebird cafe").
                            CompanyAdded::Filled(here) => {
                                report.companies_filled += 1;
                                format!(
                                    "already the company {here}: what it lacked (phone, \
                                     address, website, notes) is filled in from the card"
                                )
                            }
                            CompanyAdded::Unchanged(here) => {
                                report.companies_unchanged += 1;
                                format!("already the company {here}")
                            }
                        }
                    )),
                    Err(store::Error::Invalid(invalid)) => {
                        report.reject(number, line, company, invalid);
                    }
                    Err(other) => return Err(other),
                }
                continue;
            }
            let checked = store::check(card.fields, card.company.as_deref(), batch.today())
                .map_err(store::Error::Invalid);
            match checked.and_then(|c| batch.add_checked(c.first_recorded(card.created))) {
                Ok(Imported::Created(id)) => {
                    report.imported += 1;
                    report.contact_ids.push(id);
                }
                Ok(Imported::Updated(id)) => {
                    report.updated += 1;
                    report.contact_ids.push(id);
                }
                Ok(Imported::Unchanged(id)) => {
                    report.unchanged += 1;
                    report.contact_ids.push(id);
                }
                Ok(Imported::Joined(_)) => report.joined += 1,
                Err(store::Error::Invalid(invalid)) => report.reject(number, line, &name, invalid),
                Err(other) => return Err(other),
            }
        }
        report.companies_created = batch.companies_created;
        Ok(())
    });
    match outcome {
        Ok(done) => {
            report.duplicates = done.duplicates.map_or(0, |pairs| pairs.len());
            Ok(report)
        }
        Err(store::Error::NotAllowed(m)) if m == "cancelled" => Err(Error::Cancelled),
        Err(e) => Err(e.into()),
    }
}

/// Writes the given contacts (one, a selection or all) as vCards.
pub fn export(
    store: &Store,
    ids: &[ContactId],
    version: Version,
    out: &mut dyn std::io::Write,
) -> Result<u64> {
    let seed = super::uid::seed(store)?;
    let mut n = 0;
    for &id in ids {
        let contact = store.contact(id)?;
        let company = match contact.fields.company_id {
            Some(c) => Some(store.company(c)?.fields.name),
            None => None,
        };
        let uid = super::uid::urn(&seed, "contact", id.0);
        write_cards(out, &contact, company.as_deref(), &uid, version)?;
        n += 1;
    }
    Ok(n)
}
