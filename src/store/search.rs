//! Full-text search across contacts, companies, deals, activities and tickets. Whatever the user
//! types is searched for literally: it is cut into words and each word becomes a quoted prefix
//! term, so quotes, `*`, `AND`, `-`, `NEAR(` and the like can never be read as FTS5 query syntax.

use rusqlite::params;
use rusqlite::types::Value;
use serde::Serialize;

use super::{Result, Store};
use crate::domain::Timestamp;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Contact,
    Company,
    Deal,
    Activity,
    Ticket,
}

impl SearchKind {
    pub const ALL: [SearchKind; 5] = [
        SearchKind::Contact,
        SearchKind::Company,
        SearchKind::Deal,
        SearchKind::Activity,
        SearchKind::Ticket,
    ];

    pub fn label(self) -> &'static str {
        match self {
            SearchKind::Contact => "contact",
            SearchKind::Company => "company",
            SearchKind::Deal => "deal",
            SearchKind::Activity => "activity",
            SearchKind::Ticket => "ticket",
        }
    }

    /// What tells two hits with one title apart: who or what they are about, and when (SQL over
    /// the record `r`).
    fn context_sql(self) -> String {
        let company = "(SELECT name FROM companies WHERE id = r.company_id AND deleted_at IS NULL)";
        let person = concat!(
            "(SELECT ",
            crate::written_sql!(),
            " FROM contacts \
                      WHERE id = r.contact_id AND deleted_at IS NULL)"
        );
        match self {
            SearchKind::Contact => format!("coalesce({company}, ''), NULL"),
            SearchKind::Company => "r.city, NULL".into(),
            // Whose deal, and where it stands: two "Espresso machine" deals are told apart.
            SearchKind::Deal => format!(
                "concat_ws(' · ', nullif(coalesce({company}, {person}, ''), ''), \
                 (SELECT name FROM stages WHERE id = r.stage_id)), NULL"
            ),
            SearchKind::Activity => format!("coalesce({person}, {company}, ''), r.occurred_at"),
            SearchKind::Ticket => format!("coalesce({person}, {company}, ''), r.created_at"),
        }
    }

    fn index_and_table(self) -> (&'static str, &'static str) {
        match self {
            SearchKind::Contact => ("contacts_fts", "contacts"),
            SearchKind::Company => ("companies_fts", "companies"),
            SearchKind::Deal => ("deals_fts", "deals"),
            SearchKind::Activity => ("activities_fts", "activities"),
            SearchKind::Ticket => ("tickets_fts", "tickets"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    pub id: i64,
    pub title: String,
    pub snippet: String,
    /// Who or what the hit is about: a contact's company, a company's city, the person (or
    /// company) of an activity or ticket.
    pub about: String,
    /// When an activity happened or a ticket was opened.
    pub at: Option<Timestamp>,
}

/// Merges each search index's segments into one: the first query on a freshly filled workspace is
/// then as fast as the hundredth, and an erased person's words leave the file with their rows.
pub(crate) const MERGE_INDEXES: &str = "\
    INSERT INTO contacts_fts (contacts_fts) VALUES ('optimize');
    INSERT INTO companies_fts (companies_fts) VALUES ('optimize');
    INSERT INTO deals_fts (deals_fts) VALUES ('optimize');
    INSERT INTO activities_fts (activities_fts) VALUES ('optimize');
    INSERT INTO tickets_fts (tickets_fts) VALUES ('optimize');";

/// More different words than this find nothing: no record holds them all, and each one is a
/// prefix search of its own. (The words after the sixteenth had been dropped, so a pasted
/// sentence found records that matched only its start.)
const MAX_TERMS: usize = 64;

/// The FTS5 expression for what a user typed, or `None` when nothing can match: it holds no
/// searchable word (only punctuation or symbols), or more than [`MAX_TERMS`] different ones.
/// Every word must match; a word said twice is searched once.
pub(crate) fn match_expression(text: &str) -> Option<String> {
    let mut words: Vec<&str> = Vec::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        if !word.is_empty()
            && !words
                .iter()
                .any(|w| w.to_lowercase() == word.to_lowercase())
        {
            words.push(word);
        }
    }
    if words.is_empty() || words.len() > MAX_TERMS {
        return None;
    }
    let terms: Vec<String> = words.iter().map(|word| format!("\"{word}\"*")).collect();
    Some(terms.join(" "))
}

/// Fewer digits than this are not taken for a phone number (a year, a house number).
const MIN_PHONE_DIGITS: usize = 4;

/// What phone numbers are written with besides their digits; taken out of the stored text before
/// the typed digits are looked for.
pub(crate) const PHONE_PUNCTUATION: [char; 7] = [' ', '-', '(', ')', '.', '/', '+'];

/// A phone number typed whole, found however it was stored: "+4685551564", "08-555 15 64" and
/// "5551564" all find "+46 8 555 1564", which the search index's words ("46", "8", "555", "1564")
/// cannot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypedPhone {
    /// The digits in order with anything between them: a cheap test the stored text must pass
    /// before it is rewritten without its punctuation.
    scattered: String,
    /// The digits side by side.
    together: String,
    /// For a number typed with its country code, its national part after a trunk 0, as a number
    /// kept in national form holds it ("+49 30 1234567" → "%0301234567%"): the country code is
    /// then not in the stored text, and the national part alone would also find another country's
    /// number holding those digits. `None` for a number typed without its country code.
    national: Option<String>,
}

impl TypedPhone {
    /// `None` unless the text is only digits (at least [`MIN_PHONE_DIGITS`]) and the punctuation
    /// numbers are written with.
    pub(crate) fn of(text: &str) -> Option<TypedPhone> {
        // "+44 (0)20 …": the trunk 0 written beside the country code is not dialled with it.
        let text = text.trim().replace("(0)", "");
        let text = text.as_str();
        if !text
            .chars()
            .all(|c| c.is_ascii_digit() || PHONE_PUNCTUATION.contains(&c))
        {
            return None;
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        let national = (text.starts_with('+') || digits.starts_with("00"))
            .then(|| {
                let number = digits.trim_start_matches('0');
                let cc = crate::domain::duplicate::country_code_len(number);
                number
                    .get(cc..)
                    .map(|n| n.trim_start_matches('0').to_string())
            })
            .flatten()
            // Six digits at least: fewer would find numbers of any country.
            .filter(|n| n.len() >= 6);
        // A leading 0 or 00 is a trunk or international prefix the stored number may be written
        // without ("08 555…" for "+46 8 555…", "0046…" for "+46…").
        let significant = digits.trim_start_matches('0');
        let digits = if significant.len() >= MIN_PHONE_DIGITS {
            significant
        } else {
            digits.as_str()
        };
        if digits.len() < MIN_PHONE_DIGITS {
            return None;
        }
        // The cheap test must let both forms through: the national part's digits, when there is
        // one, are in either.
        let mut scattered = String::from("%");
        for d in national.as_deref().unwrap_or(digits).chars() {
            scattered.push(d);
            scattered.push('%');
        }
        Some(TypedPhone {
            scattered,
            together: format!("%{digits}%"),
            national: national.map(|n| format!("%0{n}%")),
        })
    }

    /// SQL that is true when `column` (text holding phone numbers: a number, or a contact's JSON
    /// list of them) holds this number, reading [`TypedPhone::args`] as parameters `first` to
    /// `first + 2`.
    pub(crate) fn condition(column: &str, first: usize) -> String {
        let bare = PHONE_PUNCTUATION
            .iter()
            .fold(format!("replace({column}, '(0)', '')"), |sql, c| {
                format!("replace({sql}, '{c}', '')")
            });
        // The national pattern is NULL for a number typed without its country code: the
        // stripped text is then worked out once per row, not twice.
        let (together, national) = (first + 1, first + 2);
        format!(
            "({column} LIKE ?{first} AND ({bare} LIKE ?{together} \
             OR (?{national} IS NOT NULL AND {bare} LIKE ?{national})))"
        )
    }

    pub(crate) fn args(&self) -> [Value; 3] {
        let text = |s: &String| Value::Text(s.clone());
        [
            text(&self.scattered),
            text(&self.together),
            self.national.as_ref().map_or(Value::Null, text),
        ]
    }
}

/// The ticket list's condition for the words of `expr` (a [`match_expression`]), its values
/// pushed onto `args`. Each word is in what the ticket says or in its customer's name: "hugo" had
/// found none of Hugo Kumar's tickets, his name being in the Contact column and not in what they
/// say, and "hugo grinder" should find his ticket about the grinder. (A term holds no space: the
/// words are cut at anything not a letter or digit.)
pub(crate) fn ticket_words(expr: &str, args: &mut Vec<Value>) -> String {
    let mut condition = String::new();
    for term in expr.split(' ') {
        args.push(Value::Text(term.to_string()));
        let own = args.len();
        args.push(Value::Text(format!("name : {term}")));
        let named = args.len();
        condition += &format!(
            " AND (t.id IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?{own}) \
             OR t.contact_id IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?{named}) \
             OR t.company_id IN \
               (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?{named}))"
        );
    }
    condition
}

/// A hit from a row of (id, title, snippet, about, at).
fn hit(kind: SearchKind, r: &rusqlite::Row<'_>) -> rusqlite::Result<SearchHit> {
    Ok(SearchHit {
        kind,
        id: r.get(0)?,
        title: r.get::<_, String>(1)?.trim().to_string(),
        // The indexed text joins its parts with spaces, an empty first part leaving one in front.
        snippet: r.get::<_, String>(2)?.trim().to_string(),
        about: r.get(3)?,
        at: r.get::<_, Option<i64>>(4)?.map(Timestamp),
    })
}

/// How much more a word in a record's name counts than one in its details: "Jonas Wilson" had
/// come third for "jonas wil", after Laura Wilson, whose owner is Jonas Weber.
const NAME_WEIGHT: f64 = 10.0;

impl Store {
    /// Up to `limit_per_kind` best matches of each kind, grouped by kind, best first.
    pub fn search(&self, text: &str, limit_per_kind: u32) -> Result<Vec<SearchHit>> {
        let Some(expr) = match_expression(text) else {
            return Ok(Vec::new());
        };
        let phone = TypedPhone::of(text);
        let mut hits = Vec::new();
        for kind in SearchKind::ALL {
            let (index, table) = kind.index_and_table();
            let context = kind.context_sql();
            // A contact's index name also holds the name written together ("伟 李 李伟"); the
            // title is the name as written.
            let title = match kind {
                SearchKind::Contact => crate::written_sql!("r"),
                _ => "f.name",
            };
            let sql = format!(
                "SELECT f.rowid, {title}, snippet({index}, 1, '', '', '…', 12), {context} \
                 FROM {index} f JOIN {table} r ON r.id = f.rowid \
                 WHERE {index} MATCH ?1 AND r.deleted_at IS NULL \
                 ORDER BY bm25({index}, {NAME_WEIGHT}, 1.0) LIMIT ?2"
            );
            let mut stmt = self.conn.prepare_cached(&sql)?;
            let rows = stmt.query_map(params![expr, limit_per_kind], |r| hit(kind, r))?;
            for hit in rows {
                hits.push(hit?);
            }
            if matches!(kind, SearchKind::Contact | SearchKind::Deal) {
                self.records_of_companies_named(kind, &expr, limit_per_kind, &mut hits)?;
            }
            if let Some(phone) = &phone {
                self.phone_hits(kind, phone, limit_per_kind, &mut hits)?;
            }
        }
        Ok(hits)
    }

    /// After the hits the words find, the contacts and companies whose phone number is the one
    /// typed, however its digits are grouped.
    fn phone_hits(
        &self,
        kind: SearchKind,
        phone: &TypedPhone,
        limit: u32,
        hits: &mut Vec<SearchHit>,
    ) -> Result<()> {
        // The numbers are matched in one scan in table order, the few found then sorted by name.
        let (title, number, within) = match kind {
            SearchKind::Contact => (
                crate::written_sql!("r"),
                format!(
                    "(SELECT n.value ->> 'number' FROM json_each(r.phones) n WHERE {} LIMIT 1)",
                    TypedPhone::condition("(n.value ->> 'number')", 1)
                ),
                TypedPhone::condition("p.phones", 1),
            ),
            SearchKind::Company => (
                "r.name",
                "r.phone".into(),
                TypedPhone::condition("p.phone", 1),
            ),
            SearchKind::Deal | SearchKind::Activity | SearchKind::Ticket => return Ok(()),
        };
        let found: Vec<i64> = hits
            .iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.id)
            .collect();
        let room = limit.saturating_sub(found.len() as u32);
        if room == 0 {
            return Ok(());
        }
        let (_, table) = kind.index_and_table();
        let context = kind.context_sql();
        let sql = format!(
            "SELECT r.id, {title}, {number}, {context} FROM {table} r \
             WHERE r.deleted_at IS NULL AND r.id IN (SELECT p.id FROM {table} p WHERE {within}) \
             AND r.id NOT IN (SELECT value FROM json_each(?4)) \
             ORDER BY r.sort_name, r.id LIMIT ?5"
        );
        let [scattered, together, national] = phone.args();
        let found = serde_json::to_string(&found)?;
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![scattered, together, national, found, room], |r| {
            hit(kind, r)
        })?;
        for hit in rows {
            hits.push(hit?);
        }
        Ok(())
    }

    /// After the contacts (or deals) the words find themselves, those of the companies they name,
    /// as the contact list's search finds them: "Nordlicht Bakery" found only the three people
    /// whose e-mail addresses happened to spell it, not a fourth at zoe@example.com, and none of
    /// the bakery's deals.
    fn records_of_companies_named(
        &self,
        kind: SearchKind,
        expr: &str,
        limit: u32,
        hits: &mut Vec<SearchHit>,
    ) -> Result<()> {
        let found: Vec<i64> = hits
            .iter()
            .filter(|h| h.kind == kind)
            .map(|h| h.id)
            .collect();
        let room = limit.saturating_sub(found.len() as u32);
        if room == 0 {
            return Ok(());
        }
        let (title, order) = match kind {
            SearchKind::Deal => ("r.title", "r.title COLLATE NOCASE"),
            _ => (crate::written_sql!("r"), "r.sort_name"),
        };
        let (index, table) = kind.index_and_table();
        let context = kind.context_sql();
        let terms: Vec<&str> = expr.split(' ').collect();
        // A deal's words may be split between its own text and its company's name ("espresso
        // marigold" for the espresso deal at Marigold Bistro); deals are few enough to check
        // each word both ways. Among a million contacts the company must hold every word, which
        // its index answers.
        let (named, each_word) = match kind {
            SearchKind::Deal => (
                format!("name : ({})", terms.join(" OR ")),
                (0..terms.len())
                    .map(|i| {
                        let (own, name) = (4 + 2 * i, 5 + 2 * i);
                        format!(
                            " AND (r.id IN (SELECT rowid FROM {index} WHERE {index} MATCH ?{own}) \
                             OR r.company_id IN \
                               (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?{name}))"
                        )
                    })
                    .collect::<String>(),
            ),
            _ => (format!("name : ({expr})"), String::new()),
        };
        let sql = format!(
            "SELECT r.id, {title}, '', {context} \
             FROM {table} r WHERE r.deleted_at IS NULL AND r.company_id IN \
               (SELECT rowid FROM companies_fts WHERE companies_fts MATCH ?1){each_word} \
             AND r.id NOT IN (SELECT value FROM json_each(?2)) \
             ORDER BY {order}, r.id LIMIT ?3",
        );
        let found = serde_json::to_string(&found)?;
        let mut args = vec![
            Value::Text(named),
            Value::Text(found),
            Value::Integer(i64::from(room)),
        ];
        if !each_word.is_empty() {
            for term in &terms {
                args.push(Value::Text((*term).to_string()));
                args.push(Value::Text(format!("name : {term}")));
            }
        }
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| hit(kind, r))?;
        for hit in rows {
            hits.push(hit?);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_becomes_quoted_prefix_terms() {
        assert_eq!(
            match_expression("ada love").as_deref(),
            Some("\"ada\"* \"love\"*")
        );
        assert_eq!(
            match_expression("\"NEAR(a b)\" -x*").as_deref(),
            Some("\"NEAR\"* \"a\"* \"b\"* \"x\"*")
        );
        assert_eq!(
            match_expression("o'brien@example.com").as_deref(),
            Some("\"o\"* \"brien\"* \"example\"* \"com\"*")
        );
        assert_eq!(match_expression("王小明").as_deref(), Some("\"王小明\"*"));
    }

    /// Every word counts, however many: "ma ma … zzzzqq" had found every Martínez, its 17th word
    /// dropped.
    #[test]
    fn every_word_counts_and_a_repeated_one_is_searched_once() {
        let text = format!("{} zzzzqq", ["ma"; 16].join(" "));
        assert_eq!(
            match_expression(&text).as_deref(),
            Some("\"ma\"* \"zzzzqq\"*")
        );
        assert_eq!(match_expression("Ada ADA ada").as_deref(), Some("\"Ada\"*"));
        let many: Vec<String> = (0..=MAX_TERMS).map(|i| format!("w{i}")).collect();
        assert_eq!(match_expression(&many.join(" ")), None);
        assert!(match_expression(&many[..MAX_TERMS].join(" ")).is_some());
    }

    #[test]
    fn punctuation_and_emoji_alone_search_for_nothing() {
        assert_eq!(match_expression(""), None);
        assert_eq!(match_expression("  * - \" ( ) 🎉 "), None);
    }
}
