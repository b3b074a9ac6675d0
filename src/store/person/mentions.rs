//! The person named where no link leads to them: a company's deal "Renewal for Valeria Korhonen",
//! a company meeting's notes with her e-mail address, another contact's "Referred by Valeria
//! Korhonen" (in their notes or a custom field), and the change log's copies of those. Only what points at her alone is taken out
//! (her full name, e-mail addresses and phone numbers), never a first name others share.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde_json::Value;

use super::phone_mention::Number;
use super::redact;
use crate::store::Result;

/// The text columns that may name anyone, by table: another contact's "Assistant to Ida Romano",
/// a sole trader's "Ida Romano Catering", a campaign "Referred by Ida Romano". A company's name
/// is the first of its columns, so its sort key can follow it.
const COLUMNS: &[(&str, &[&str])] = &[
    ("contacts", &["notes", "job_title", "street", "lead_source"]),
    ("companies", &["name", "notes", "street", "phone"]),
    ("deals", &["title", "notes", "lost_reason"]),
    ("activities", &["subject", "outcome", "body"]),
    ("tasks", &["title", "notes"]),
    ("tickets", &["subject", "feedback"]),
    ("ticket_messages", &["body", "author"]),
    ("campaigns", &["name"]),
    ("change_sets", &["label"]),
];

/// Columns among [`COLUMNS`] that hold phone numbers, not text: the person's number is taken out
/// ([`numbers_without`]) rather than written over with words.
const NUMBERS: &[(&str, &str)] = &[("companies", "phone")];

/// The longest each column's form accepts, in characters: "an erased person" is longer than
/// many names, and a campaign named at its limit had come out past it (its next edit refused).
const LIMITS: &[(&str, &str, usize)] = &[
    ("companies", "name", crate::domain::contact::MAX_NAME),
    ("campaigns", "name", crate::domain::contact::MAX_NAME),
    ("deals", "title", 300),
    ("activities", "subject", 500),
    ("tasks", "title", 500),
    ("tickets", "subject", 500),
    ("tags", "name", crate::domain::contact::MAX_TAG),
];

/// `text` cut to `table.column`'s limit, if it has one, ending with "…" when cut.
fn within_limit(table: &str, column: &str, text: String) -> String {
    match LIMITS.iter().find(|(t, c, _)| *t == table && *c == column) {
        Some(&(_, _, max)) if text.chars().count() > max => {
            let mut cut: String = text.chars().take(max - 1).collect();
            cut.truncate(cut.trim_end().len());
            cut.push('…');
            cut
        }
        _ => text,
    }
}

/// `numbers` (one phone, or several written "+49 30 555 4082 / 555 9999") without those `terms`
/// name, the others kept as written: the whole field had been emptied, the company's own
/// switchboard with it.
fn numbers_without(numbers: &str, terms: &[Vec<char>]) -> String {
    numbers
        .split(['/', ',', ';'])
        .filter_map(|part| {
            // "+45 3 555 2373 - +45 3 555 3892", "A or B", "Tel A Mob B": the number goes, then
            // what joined it to the rest, and a part left with no digit at all.
            let kept = redact::replace(part, terms, "").unwrap_or_else(|| part.to_string());
            let kept = kept
                .trim_start_matches(|c: char| !(c.is_ascii_digit() || c == '+' || c == '('))
                .trim_end_matches(|c: char| !(c.is_ascii_digit() || c == ')'));
            kept.chars()
                .any(|c| c.is_ascii_digit())
                .then(|| kept.to_string())
        })
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Records found naming the person: one table's rows, each with the text of the columns
/// searched (in `COLUMNS` order) and the ticket whose search entry holds it.
struct Found {
    id: i64,
    ticket: Option<i64>,
    texts: Vec<String>,
}

/// The needles worth looking for (a first name alone is not one: too short to point at anyone),
/// their redaction terms and LIKE patterns; `None` when there is nothing to look for.
fn search_terms(needles: &[String]) -> Option<(Vec<Vec<char>>, Vec<String>)> {
    let needles: Vec<&String> = needles.iter().filter(|n| n.trim().len() >= 3).collect();
    if needles.is_empty() {
        return None;
    }
    let terms = redact::terms(needles.iter().map(|n| n.to_string()));
    Some((terms, like_patterns(&needles)))
}

/// The rows of `table` whose `columns` LIKE finds one of `patterns` in (ASCII letters in any
/// case); the whole-word redaction then decides.
fn candidates(
    conn: &Connection,
    table: &str,
    columns: &[&str],
    patterns: &[String],
) -> Result<Vec<Found>> {
    let matches = columns
        .iter()
        .flat_map(|c| (1..=patterns.len()).map(move |i| format!("{c} LIKE ?{i} ESCAPE '\\'")))
        .collect::<Vec<_>>()
        .join(" OR ");
    let ticket = match table {
        "tickets" => "id",
        "ticket_messages" => "ticket_id",
        _ => "NULL",
    };
    let sql = format!(
        "SELECT id, {ticket}, {} FROM {table} WHERE {matches}",
        columns.join(", ")
    );
    Ok(conn
        .prepare(&sql)?
        .query_map(rusqlite::params_from_iter(patterns), |r| {
            let texts = (0..columns.len())
                .map(|i| r.get::<_, String>(i + 2))
                .collect::<rusqlite::Result<_>>()?;
            Ok(Found {
                id: r.get(0)?,
                ticket: r.get(1)?,
                texts,
            })
        })?
        .collect::<rusqlite::Result<_>>()?)
}

/// Every record beyond `own` (the person's own card) that writes `needles`, as an access request
/// lists it: table, id, field and the text as it stands — what an erasure would take them out
/// of, the change log's copies aside (the export lists the log about them on its own).
pub(super) fn find(conn: &Connection, needles: &[String], own: i64) -> Result<Vec<Value>> {
    let Some((terms, patterns)) = search_terms(needles) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    let mention = |table: &str, id: i64, field: &str, text: &str| serde_json::json!({ "record": table, "id": id, "field": field, "text": text });
    for (table, columns) in COLUMNS.iter().filter(|(t, _)| *t != "change_sets") {
        for found in candidates(conn, table, columns, &patterns)? {
            if *table == "contacts" && found.id == own {
                continue;
            }
            for (column, text) in columns.iter().zip(&found.texts) {
                if redact::redact(text, &terms).is_some() {
                    out.push(mention(table, found.id, column, text));
                }
            }
        }
    }
    for found in candidates(conn, "contacts", &["custom"], &patterns)? {
        let Ok(Value::Object(custom)) = serde_json::from_str::<Value>(&found.texts[0]) else {
            continue;
        };
        for (field, value) in custom {
            if let Some(text) = value.as_str()
                && found.id != own
                && redact::redact(text, &terms).is_some()
            {
                out.push(mention("contacts", found.id, &field, text));
            }
        }
    }
    for found in candidates(conn, "tags", &["name"], &patterns)? {
        if redact::redact(&found.texts[0], &terms).is_some() {
            out.push(mention("tags", found.id, "name", &found.texts[0]));
        }
    }
    Ok(out)
}

/// Takes `needles` (as stored: "Valeria Korhonen", "valeria@…", "+39 02 555 6966") out of every
/// text column above and out of the change log's recorded values; returns how many records
/// changed.
pub(super) fn take_out(tx: &Transaction, needles: &[String]) -> Result<u64> {
    let Some((terms, patterns)) = search_terms(needles) else {
        return Ok(0);
    };
    let mut changed = 0;
    let mut tickets: Vec<i64> = Vec::new();
    for (table, columns) in COLUMNS {
        for Found { id, ticket, texts } in candidates(tx, table, columns, &patterns)? {
            let redacted: Vec<Option<String>> =
                texts.iter().map(|t| redact::redact(t, &terms)).collect();
            if redacted.iter().all(Option::is_none) {
                continue;
            }
            let values: Vec<String> = redacted
                .into_iter()
                .zip(texts)
                .zip(columns.iter())
                .map(|((new, old), column)| match new {
                    // A field that holds numbers loses theirs and keeps the rest: "an erased
                    // person" in a company's phone was refused by its own form at every save.
                    Some(_) if NUMBERS.contains(&(*table, *column)) => {
                        numbers_without(&old, &terms)
                    }
                    Some(new) => within_limit(table, column, new),
                    None => old,
                })
                .collect();
            let set = columns
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{c} = ?{}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            let mut args: Vec<rusqlite::types::Value> = vec![id.into()];
            args.extend(values.into_iter().map(Into::into));
            tx.execute(
                &format!("UPDATE {table} SET {set} WHERE id = ?1"),
                rusqlite::params_from_iter(args),
            )?;
            if *table == "companies" {
                let name: String =
                    tx.query_row("SELECT name FROM companies WHERE id = ?1", [id], |r| {
                        r.get(0)
                    })?;
                tx.execute(
                    "UPDATE companies SET sort_name = ?2 WHERE id = ?1",
                    params![id, crate::domain::sort_key::sort_key(&name)],
                )?;
            }
            changed += 1;
            tickets.extend(ticket);
        }
    }
    // A ticket's search entry holds its messages' words; setting its subject (to itself) has
    // the trigger write the entry again from what the messages say now.
    for ticket in tickets {
        tx.execute(
            "UPDATE tickets SET subject = subject WHERE id = ?1",
            [ticket],
        )?;
    }
    for (table, column) in JSON_COLUMNS {
        changed += take_out_of_json(tx, table, column, &terms, &patterns)?;
    }
    changed += take_out_of_tags(tx, &terms, &patterns)?;
    Ok(changed)
}

/// Tags that name the person ("Friends of Ida Romano"), renamed; one that then reads as a tag
/// already held ("Friends of an erased person" twice) joins it, since a tag's name is unique.
fn take_out_of_tags(tx: &Transaction, terms: &[Vec<char>], patterns: &[String]) -> Result<u64> {
    let tags = candidates(tx, "tags", &["name"], patterns)?;
    let mut changed = 0;
    for Found { id, texts, .. } in tags {
        let Some(new) = redact::redact(&texts[0], terms) else {
            continue;
        };
        let new = within_limit("tags", "name", new);
        let held: Option<i64> = tx
            .query_row(
                "SELECT id FROM tags WHERE name = ?1 AND id <> ?2",
                params![new, id],
                |r| r.get(0),
            )
            .optional()?;
        match held {
            Some(other) => crate::store::tag_merge::fold_into(tx, other, id)?,
            None => {
                tx.execute("UPDATE tags SET name = ?2 WHERE id = ?1", params![id, new])?;
            }
        }
        changed += 1;
    }
    Ok(changed)
}

/// The columns holding JSON whose strings may name anyone: other contacts' custom fields
/// ("Referrer": "Valeria Korhonen"), and the change log's old and new values ("Deal for Valeria
/// Korhonen" → "Renewal for …").
const JSON_COLUMNS: &[(&str, &str)] = &[("contacts", "custom"), ("changes", "fields")];

/// `column` of `table` redacted string by string, so the JSON stays well formed.
fn take_out_of_json(
    tx: &Transaction,
    table: &str,
    column: &str,
    terms: &[Vec<char>],
    patterns: &[String],
) -> Result<u64> {
    let rows = candidates(tx, table, &[column], patterns)?;
    let mut changed = 0;
    for Found { id, texts, .. } in rows {
        let Ok(mut value) = serde_json::from_str::<Value>(&texts[0]) else {
            continue;
        };
        if redact_strings(&mut value, terms) {
            tx.execute(
                &format!("UPDATE {table} SET {column} = ?2 WHERE id = ?1"),
                params![id, value.to_string()],
            )?;
            changed += 1;
        }
    }
    Ok(changed)
}

fn redact_strings(value: &mut Value, terms: &[Vec<char>]) -> bool {
    match value {
        Value::String(s) => match redact::redact(s, terms) {
            Some(new) => {
                *s = new;
                true
            }
            None => false,
        },
        Value::Array(items) => items
            .iter_mut()
            .fold(false, |any, v| redact_strings(v, terms) | any),
        Value::Object(map) => map
            .values_mut()
            .fold(false, |any, v| redact_strings(v, terms) | any),
        _ => false,
    }
}

/// What LIKE looks for to find the records that may name the person: a number's last digits, and
/// each other needle's longest word
/// (a name written "Özdemir, Ömer" or with two spaces still holds "Özdemir"), in the forms LIKE
/// cannot fold itself — it folds A–Z only, so "NÚÑEZ" is not "Núñez" to it, and an accent written
/// as a combining mark is not the same bytes. Redaction then decides, word by word.
fn like_patterns(needles: &[&String]) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let mut patterns: Vec<String> = Vec::new();
    for needle in needles {
        // A number is found by its last digits in order, however the text groups them (the
        // redaction then matches it whole or in its national form).
        if let Some(number) = Number::of(&needle.chars().collect::<Vec<_>>()) {
            // Every way of writing it (national form included) holds its last six digits.
            let digits = number.digits();
            let last = &digits[digits.len().saturating_sub(6)..];
            let pattern = format!(
                "%{}%",
                last.iter()
                    .map(char::to_string)
                    .collect::<Vec<_>>()
                    .join("%")
            );
            if !patterns.contains(&pattern) {
                patterns.push(pattern);
            }
            continue;
        }
        let word = needle
            .split(|c: char| c.is_whitespace() || c == ',')
            .max_by_key(|w| w.chars().count())
            .unwrap_or(needle);
        for cased in [word.to_string(), word.to_uppercase(), word.to_lowercase()] {
            for form in [cased.nfc().collect::<String>(), cased.nfd().collect()] {
                let pattern = like_pattern(&form);
                if !patterns.contains(&pattern) {
                    patterns.push(pattern);
                }
            }
        }
    }
    patterns
}

/// `%needle%` with LIKE's own wildcards in the needle taken literally.
fn like_pattern(needle: &str) -> String {
    let escaped = needle
        .trim()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_goes_from_beside_others_however_they_are_joined() {
        let terms = redact::terms(["+45 3 555 3892".to_string()]);
        for (field, kept) in [
            ("+45 3 555 2373 - +45 3 555 3892", "+45 3 555 2373"),
            ("+45 3 555 3892 / 3 555 9999", "3 555 9999"),
            ("Tel +45 3 555 2373 Mob +45 3 555 3892", "+45 3 555 2373"),
            ("+45 3 555 2373 or +45 3 555 3892", "+45 3 555 2373"),
            ("+45 3 555 3892", ""),
        ] {
            assert_eq!(numbers_without(field, &terms), kept, "{field}");
        }
    }

    #[test]
    fn a_name_made_longer_by_the_erasure_stays_within_its_limit() {
        let terms = redact::terms(["Al Bo".to_string()]);
        let name = format!("{} Al Bo", "x".repeat(194));
        let redacted = redact::redact(&name, &terms).unwrap();
        assert!(redacted.chars().count() > 200);
        let kept = within_limit("campaigns", "name", redacted);
        assert_eq!(kept.chars().count(), 200);
        assert!(kept.ends_with(" an e…"), "{kept}");
        let tag = format!("Friends of Al Bo {}", "z".repeat(44));
        let redacted = within_limit("tags", "name", redact::redact(&tag, &terms).unwrap());
        assert_eq!(redacted.chars().count(), 60, "{redacted}");
        let note = "Al Bo ".repeat(100);
        let long = redact::redact(&note, &terms).unwrap();
        assert_eq!(within_limit("contacts", "notes", long.clone()), long);
    }

    #[test]
    fn wildcards_in_a_needle_are_taken_literally() {
        assert_eq!(like_pattern(" a_b%c\\ "), "%a\\_b\\%c\\\\%");
    }

    #[test]
    fn every_string_in_a_recorded_value_is_redacted() {
        let terms = redact::terms(["Valeria Korhonen".to_string()]);
        let mut v: Value = serde_json::json!({
            "title": ["Deal for Valeria Korhonen", "Renewal for VALERIA KORHONEN"],
            "amount_minor": [1, 2],
            "notes": ["Valeria called", ""]
        });
        assert!(redact_strings(&mut v, &terms));
        assert_eq!(
            v["title"],
            serde_json::json!(["Deal for an erased person", "Renewal for an erased person"])
        );
        assert_eq!(v["notes"][0], "Valeria called", "a first name alone stays");
    }
}
