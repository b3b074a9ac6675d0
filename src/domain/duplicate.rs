//! Which contacts are probably the same person: the same e-mail address, the same phone number once
//! formatting and country prefixes are set aside, or nearly the same name at the same company.
//! Pure: the store hands over the candidates and gets back pairs with their reasons.

use std::collections::{BTreeMap, HashSet};

// foldhash rather than the standard SipHash: on a million contacts the finder hashes two or three
// million keys, and SipHash alone was a tenth of an import's time. Results never depend on a map's
// order (groups are sorted before pairing).
use foldhash::HashMap;

use serde::Serialize;

use super::contact::ContactFields;
use super::id::{CompanyId, ContactId};

/// What the finder needs to know about one contact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub id: ContactId,
    pub first_name: String,
    pub last_name: String,
    pub company_id: Option<CompanyId>,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
}

impl Candidate {
    /// Contact `id` with these fields, as the finder sees it.
    pub fn of(id: ContactId, fields: &ContactFields) -> Candidate {
        Candidate {
            id,
            first_name: fields.first_name.clone(),
            last_name: fields.last_name.clone(),
            company_id: fields.company_id,
            emails: fields.emails.iter().map(|e| e.address.clone()).collect(),
            phones: fields.phones.iter().map(|p| p.number.clone()).collect(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    SameEmail {
        email: String,
    },
    SamePhone {
        digits: String,
    },
    /// Jaro-Winkler similarity of the full names, at the same company.
    SimilarName {
        similarity: f64,
    },
    /// One name, and nothing else (no e-mail, phone or company) that could tell the two apart:
    /// what importing a list of bare names twice leaves.
    SameNameOnly,
}

/// Two contacts that look like one person; `a` is the older (lower id).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DuplicatePair {
    pub a: ContactId,
    pub b: ContactId,
    pub reasons: Vec<Reason>,
}

/// Names at least this similar (Jaro-Winkler, 0–1) at the same company count as a likely match:
/// "Jon Smith"/"John Smith" (0.97) and "Katherine"/"Catherine Lee" pass, "Ann Lee"/"Anna Leung" not.
pub const NAME_SIMILARITY: f64 = 0.93;
/// Contacts sharing one value beyond this many (a switchboard number, "info@") are paired with the
/// first only, so one shared value cannot produce millions of pairs.
const GROUP_LIMIT: usize = 50;
/// Within a company, names are compared with this many alphabetical neighbours.
const NAME_WINDOW: usize = 8;

/// How many trailing digits of a number are compared: a whole national number in most of the
/// world (ten in North America, the UK and much of Germany, nine in France, eight in Denmark),
/// which the nine once used cut short: "+1 212 555 0100" and "+1 312 555 0100" were taken for one.
const SIGNIFICANT_DIGITS: usize = 10;

/// The comparable part of a phone number: the last ten digits of its national number, so
/// "+33 1 23 45 67 89" matches "01 23 45 67 89", "+44 20 7946 0958" matches "020 7946 0958" and
/// "44 20 7946 0958" (a spreadsheet ate the "+"), and "+45 12 34 56 78" matches "12 34 56 78".
/// The national number is what follows the country code of an international number ("+" or
/// "00"), or a national number without its trunk zeros. `None` for numbers too short to trust.
pub fn phone_key(number: &str) -> Option<String> {
    let number = number.split(['x', 'X']).next().unwrap_or("").trim_start();
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let national = if number.starts_with('+') {
        digits.get(country_code_len(&digits)..).unwrap_or("")
    } else if let Some(rest) = digits.strip_prefix("00") {
        rest.get(country_code_len(rest)..).unwrap_or("")
    } else {
        &digits
    };
    // Italy keeps its zero after the country code; everyone drops it at home.
    let national = national.trim_start_matches('0');
    if national.len() < 6 {
        return None;
    }
    Some(national[national.len().saturating_sub(SIGNIFICANT_DIGITS)..].to_string())
}

/// The keys a number is grouped under: its [`phone_key`], and the last ten of all its digits when
/// that differs — so "+1 555 0100" still meets "1 555 0100", written with a trunk prefix that is
/// not a zero, as it met it before national numbers were compared.
fn phone_keys(number: &str) -> impl Iterator<Item = String> {
    let key = phone_key(number);
    let digits: String = number
        .split(['x', 'X'])
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let all = (digits.len() >= 7)
        .then(|| digits[digits.len().saturating_sub(SIGNIFICANT_DIGITS)..].to_string());
    let all = all.filter(|a| key.as_ref() != Some(a));
    key.into_iter().chain(all)
}

/// How a number is written, as far as it tells which country's it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Dialled {
    /// With its country code ("+39 …", "0039 …").
    International(String),
    /// The national way with a trunk zero ("020 7946 0958"): not North America's nor Russia's,
    /// whose trunk prefixes are 1 and 8.
    TrunkZero,
    /// Any other way: it may be any country's.
    Unknown,
}

impl Dialled {
    fn of(number: &str) -> Dialled {
        match country_code(number) {
            Some(cc) => Dialled::International(cc),
            // "(020) 7946 0958": the first digit, whatever stands before it.
            None if number.chars().find(char::is_ascii_digit) == Some('0') => Dialled::TrunkZero,
            None => Dialled::Unknown,
        }
    }

    /// Whether two numbers with the same national digits, so written, can be one phone.
    fn may_be_one(&self, other: &Dialled) -> bool {
        match (self, other) {
            (Dialled::International(a), Dialled::International(b)) => a == b,
            (Dialled::International(cc), Dialled::TrunkZero)
            | (Dialled::TrunkZero, Dialled::International(cc)) => !matches!(cc.as_str(), "1" | "7"),
            _ => true,
        }
    }
}

/// The country code an international number is written with ("+39 …", "0039 …"); `None` for a
/// number written the national way.
fn country_code(number: &str) -> Option<String> {
    let number = number.trim_start();
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    let international = if number.starts_with('+') {
        digits.as_str()
    } else {
        digits.strip_prefix("00")?
    };
    international
        .get(..country_code_len(international))
        .map(str::to_string)
}

/// How many digits the country code at the start of an international number has (ITU-T E.164:
/// one for North America and Russia, two for the codes below, three for every other).
pub(crate) fn country_code_len(digits: &str) -> usize {
    const TWO: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    if digits.starts_with(['1', '7']) {
        1
    } else if digits.get(..2).is_some_and(|cc| TWO.contains(&cc)) {
        2
    } else {
        3
    }
}

/// The full name in lower case with runs of white space made single spaces.
fn name_key(c: &Candidate) -> String {
    let mut key = String::with_capacity(c.first_name.len() + c.last_name.len() + 1);
    for word in c
        .first_name
        .split_whitespace()
        .chain(c.last_name.split_whitespace())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        // Accents and case folded as for sorting: "José García" is "Jose Garcia" typed on a
        // keyboard without them, and "Zoë Ångström" "Zoe Angstrom".
        key.push_str(&super::sort_key::sort_key(word));
    }
    key
}

/// At most this many pairs are reported. A review list longer than this is read by no one, and on
/// a million contacts with many look-alike names at each company an uncapped finder spent seconds
/// and gigabytes collecting millions of pairs. The finder stops looking once it has this many.
pub const MAX_PAIRS: usize = 10_000;

/// Every likely duplicate pair among `candidates` (up to [`MAX_PAIRS`]); with `only`, just the
/// pairs that involve one of those contacts (what an import just wrote). Evidence is read strongest
/// first — shared e-mails, then phones, then similar names — each in a fixed order, so a capped
/// result is the same on every run.
pub fn find(candidates: &[Candidate], only: Option<&HashSet<ContactId>>) -> Vec<DuplicatePair> {
    let mut found = Found {
        pairs: BTreeMap::new(),
        only,
    };
    // Grouping is most of the work on a large workspace, and the name groups need nothing from the
    // others: they are built on a second thread while this one groups e-mails and phones.
    let (by_email, by_phone, (by_company, bare)) = std::thread::scope(|scope| {
        let names = scope.spawn(|| (by_company(candidates), by_bare_name(candidates)));
        let (by_email, by_phone) = by_value(candidates);
        let names = names
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (by_email, by_phone, names)
    });
    for (email, ids) in shared(by_email) {
        pair_group(&ids, |x, y| {
            found.add(
                x,
                y,
                Reason::SameEmail {
                    email: email.clone(),
                },
            )
        });
    }
    for (digits, numbers) in shared(by_phone) {
        let ids: Vec<ContactId> = numbers.iter().map(|(id, _)| *id).collect();
        let dialled: HashMap<ContactId, &Dialled> =
            numbers.iter().map(|(id, how)| (*id, how)).collect();
        pair_group(&ids, |x, y| {
            // "+420 2 555 7766" and "+39 02 555 7766" share their national digits, not a phone;
            // nor do "+1 207 946 0958" and London's "020 7946 0958".
            if let (Some(a), Some(b)) = (dialled.get(&x), dialled.get(&y))
                && !a.may_be_one(b)
            {
                return;
            }
            found.add(
                x,
                y,
                Reason::SamePhone {
                    digits: digits.clone(),
                },
            )
        });
    }
    'companies: for (_, mut people) in shared(by_company) {
        people.sort();
        for (i, (name, id)) in people.iter().enumerate() {
            if found.full() {
                break 'companies;
            }
            for (other, other_id) in people.iter().skip(i + 1).take(NAME_WINDOW) {
                // "Lead 12" and "Lead 13", "First0 Last0" and "First300 Last300": numbers that
                // differ tell placeholder names apart, however alike their letters.
                if !same_numbers(name, other) {
                    continue;
                }
                let similarity = strsim::jaro_winkler(name, other);
                if similarity >= NAME_SIMILARITY {
                    found.add(
                        *id,
                        *other_id,
                        Reason::SimilarName {
                            similarity: (similarity * 100.0).round() / 100.0,
                        },
                    );
                }
            }
        }
    }
    for (_, ids) in shared(bare) {
        if found.full() {
            break;
        }
        pair_group(&ids, |x, y| found.add(x, y, Reason::SameNameOnly));
    }
    found
        .pairs
        .into_iter()
        .map(|((a, b), reasons)| DuplicatePair { a, b, reasons })
        .collect()
}

fn same_numbers(a: &str, b: &str) -> bool {
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
    digits(a) == digits(b)
}

type Groups<K, V> = HashMap<K, Vec<V>>;

fn sized<K, V>(n: usize) -> HashMap<K, V> {
    HashMap::with_capacity_and_hasher(n, Default::default())
}

/// An e-mail address as two spellings of it compare: trimmed, in lower case, accented letters
/// included ("JÜRGEN@EXAMPLE.COM" is "jürgen@example.com"; SQLite's NOCASE folds only A–Z). The
/// duplicate finder and the import's matching share it.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A number's phone keys, with the contact and how the number was written.
type PhoneGroups = Groups<String, (ContactId, Dialled)>;

/// Contacts by e-mail address (lower case) and by phone key.
fn by_value(candidates: &[Candidate]) -> (Groups<String, ContactId>, PhoneGroups) {
    // Sized up front: growing a map of a million keys step by step copies it over and over.
    let mut by_email: Groups<String, ContactId> = sized(candidates.len());
    let mut by_phone: PhoneGroups = sized(candidates.len());
    for c in candidates {
        for e in &c.emails {
            let e = email_key(e);
            if !e.is_empty() {
                push_unique(by_email.entry(e).or_default(), c.id);
            }
        }
        for p in &c.phones {
            let dialled = Dialled::of(p);
            for k in phone_keys(p) {
                let numbers = by_phone.entry(k).or_default();
                if numbers.last().map(|(id, _)| *id) != Some(c.id) {
                    numbers.push((c.id, dialled.clone()));
                }
            }
        }
    }
    (by_email, by_phone)
}

/// The people of each company, by name key.
fn by_company(candidates: &[Candidate]) -> Groups<CompanyId, (String, ContactId)> {
    let mut by_company: Groups<CompanyId, (String, ContactId)> = HashMap::default();
    by_company.reserve(candidates.len() / 16);
    for c in candidates {
        if let Some(company) = c.company_id {
            let key = name_key(c);
            if !key.is_empty() {
                by_company.entry(company).or_default().push((key, c.id));
            }
        }
    }
    by_company
}

/// Contacts known by their name alone (no e-mail, phone or company), by name key.
fn by_bare_name(candidates: &[Candidate]) -> Groups<String, ContactId> {
    let mut bare: Groups<String, ContactId> = HashMap::default();
    for c in candidates {
        if c.emails.is_empty() && c.phones.is_empty() && c.company_id.is_none() {
            let key = name_key(c);
            if !key.is_empty() {
                bare.entry(key).or_default().push(c.id);
            }
        }
    }
    bare
}

/// The pairs found so far, keyed (older, newer).
struct Found<'a> {
    pairs: BTreeMap<(ContactId, ContactId), Vec<Reason>>,
    only: Option<&'a HashSet<ContactId>>,
}

impl Found<'_> {
    fn full(&self) -> bool {
        self.pairs.len() >= MAX_PAIRS
    }

    /// Records `reason` for the pair; a new pair only while there is room.
    fn add(&mut self, x: ContactId, y: ContactId, reason: Reason) {
        if x == y {
            return;
        }
        if let Some(only) = self.only
            && !only.contains(&x)
            && !only.contains(&y)
        {
            return;
        }
        let key = (x.min(y), x.max(y));
        let full = self.full();
        let reasons = match self.pairs.entry(key) {
            std::collections::btree_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::btree_map::Entry::Vacant(_) if full => return,
            std::collections::btree_map::Entry::Vacant(e) => e.insert(Vec::new()),
        };
        // One number met under both of its keys is one reason.
        let phone_again = matches!(reason, Reason::SamePhone { .. })
            && reasons
                .iter()
                .any(|r| matches!(r, Reason::SamePhone { .. }));
        if !reasons.contains(&reason) && !phone_again {
            reasons.push(reason);
        }
    }
}

/// The groups of more than one contact, in key order (a hash map's order changes between runs).
fn shared<K: Ord, V>(groups: HashMap<K, Vec<V>>) -> Vec<(K, Vec<V>)> {
    let mut shared: Vec<(K, Vec<V>)> = groups.into_iter().filter(|(_, v)| v.len() > 1).collect();
    shared.sort_by(|a, b| a.0.cmp(&b.0));
    shared
}

fn push_unique(ids: &mut Vec<ContactId>, id: ContactId) {
    if ids.last() != Some(&id) {
        ids.push(id);
    }
}

fn pair_group(ids: &[ContactId], mut pair: impl FnMut(ContactId, ContactId)) {
    if ids.len() > GROUP_LIMIT {
        for &y in &ids[1..] {
            pair(ids[0], y);
        }
        return;
    }
    for (i, &x) in ids.iter().enumerate() {
        for &y in &ids[i + 1..] {
            pair(x, y);
        }
    }
}

#[cfg(test)]
mod tests;
