//! Writing vCards: CRLF line ends, lines folded at 75 octets without splitting a UTF-8 character,
//! text escaped as RFC 6350 §3.4 says (backslash, comma, semicolon, newline).

use std::io::Write;

use chrono::Datelike;

use super::{custom, kith};
use crate::domain::Contact;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Version {
    /// RFC 2426, what most address books import.
    #[default]
    V3,
    /// RFC 6350.
    V4,
}

/// Writes one contact as one vCard; `uid` names the card the same way in every export.
pub fn write_cards(
    out: &mut dyn Write,
    contact: &Contact,
    company: Option<&str>,
    uid: &str,
    version: Version,
) -> std::io::Result<()> {
    let f = &contact.fields;
    let mut lines: Vec<String> = vec![
        "BEGIN:VCARD".into(),
        match version {
            Version::V3 => "VERSION:3.0".into(),
            Version::V4 => "VERSION:4.0".into(),
        },
    ];
    // The custom fields a card has a place for, found without regard to case; every key placed
    // is noted, and the rest are written as X-KITH-FIELD at the end, so none is lost.
    let placed = std::cell::RefCell::new(Vec::<&str>::new());
    let kept = |field: &str| {
        f.custom
            .iter()
            .find(|(k, _)| custom::is_field(k, field))
            .map_or(String::new(), |(k, v)| {
                placed.borrow_mut().push(k);
                escape(v)
            })
    };
    // A display name a card brought ("Li Wei", "Bob Smith (Acme)") names the card while it still
    // holds the contact's names: after a rename, FN follows the new name.
    let words = |s: &str| {
        let mut w: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
        w.sort();
        w
    };
    let display = f
        .custom
        .iter()
        .find(|(k, _)| custom::is_field(k, custom::DISPLAY_NAME))
        .map(|(_, v)| v.as_str())
        .unwrap_or_default();
    let named = format!("{} {}", f.first_name, f.last_name);
    if !display.trim().is_empty()
        && (words(display) == words(&named) || still_names(display, &f.first_name, &f.last_name))
    {
        lines.push(format!("FN:{}", kept(custom::DISPLAY_NAME)));
    } else {
        lines.push(format!("FN:{}", escape(&f.full_name())));
    }
    lines.push(format!(
        "N:{};{};{};{};{}",
        escape(&f.last_name),
        escape(&f.first_name),
        kept(custom::MIDDLE_NAME),
        kept(custom::NAME_PREFIX),
        kept(custom::NAME_SUFFIX)
    ));
    if let Some(org) = company.filter(|c| !c.is_empty()) {
        // Import joins the units ("Retail;Store 12") as "Retail, Store 12": split again.
        let department = kept(custom::DEPARTMENT);
        let units = department.split("\\, ").filter(|u| !u.trim().is_empty());
        let line = std::iter::once(escape(org)).chain(units.map(str::to_string));
        lines.push(format!("ORG:{}", line.collect::<Vec<_>>().join(";")));
    }
    if !f.job_title.is_empty() {
        lines.push(format!("TITLE:{}", escape(&f.job_title)));
    }
    let mut items = 0;
    for e in &f.emails {
        labelled(
            &mut lines, &mut items, "EMAIL", &e.label, false, "", &e.address,
        );
    }
    for p in &f.phones {
        // 4.0's default TEL value is a URI; the number is kept exactly as the user wrote it.
        let value = match version {
            Version::V3 => "",
            Version::V4 => ";VALUE=text",
        };
        labelled(
            &mut lines, &mut items, "TEL", &p.label, true, value, &p.number,
        );
    }
    let a = &f.address;
    if !a.is_empty() {
        lines.push(format!(
            "ADR:;;{};{};{};{};{}",
            escape(&a.street),
            escape(&a.city),
            escape(&a.region),
            escape(&a.postal_code),
            escape(&a.country)
        ));
        // Further addresses a card brought in ("Address 2" …, kept as one line) go back out as
        // addresses of their own, in the order that numbers them again on import.
        for n in 2.. {
            let Some((key, line)) = f
                .custom
                .get_key_value(&custom::numbered(custom::ADDRESS, n))
            else {
                break;
            };
            placed.borrow_mut().push(key);
            lines.push(format!("ADR:;;{};;;;", escape(line)));
        }
    }
    if let Some(b) = f.birthday {
        lines.push(match version {
            Version::V3 => format!("BDAY:{}", b.format("%Y-%m-%d")),
            Version::V4 => format!("BDAY:{:04}{:02}{:02}", b.year(), b.month(), b.day()),
        });
    } else {
        // A birthday without a year ("--0920") is kept as written, since import keeps it so.
        if let Some((key, day)) = f
            .custom
            .iter()
            .find(|(k, v)| custom::is_field(k, custom::BIRTHDAY) && v.starts_with("--"))
        {
            placed.borrow_mut().push(key);
            lines.push(format!("BDAY:{}", escape(day)));
        }
    }
    if !f.notes.is_empty() {
        lines.push(format!("NOTE:{}", escape(&f.notes)));
    }
    if !f.tags.is_empty() {
        let tags: Vec<String> = f.tags.iter().map(|t| escape(t)).collect();
        lines.push(format!("CATEGORIES:{}", tags.join(",")));
    }
    for (property, value) in kith::properties(f) {
        lines.push(format!("{property}:{}", escape(&value)));
    }
    lines.push(format!(
        "{}:{}",
        kith::CREATED,
        contact.created_at.to_rfc3339()
    ));
    let placed = placed.into_inner();
    for (key, value) in &f.custom {
        match custom::property_for(key, version) {
            Some((property, true)) => {
                // A URI is written unescaped (its commas are its own), but as one line of
                // printable text: a line break or control character in it is a space.
                let uri = value.trim().replace(|c: char| c.is_control(), " ");
                lines.push(format!("{property}:{uri}"));
            }
            Some((property, false)) => lines.push(format!("{property}:{}", escape(value))),
            None if placed.contains(&key.as_str()) => {}
            // Another program's property, as it came.
            None if custom::kept_extension(key) => {
                lines.push(format!("{key}:{}", escape(value)));
            }
            None => lines.push(format!(
                "{}:{};{}",
                custom::OTHER_FIELD,
                escape(key),
                escape(value)
            )),
        }
    }
    lines.push(format!("UID:{uid}"));
    lines.push(format!(
        "REV:{}",
        contact.updated_at.to_utc().format("%Y%m%dT%H%M%SZ")
    ));
    lines.push("END:VCARD".into());
    for line in lines {
        out.write_all(fold(&line).as_bytes())?;
    }
    Ok(())
}

/// The types vCard 3.0 and 4.0 define for TEL and EMAIL, and those Apple and Google read.
const STANDARD_TYPES: &[&str] = &[
    "home",
    "work",
    "cell",
    "voice",
    "fax",
    "pager",
    "text",
    "video",
    "msg",
    "main",
    "iphone",
    "other",
    "pref",
    "internet",
    "car",
    "isdn",
    "bbs",
    "modem",
    "pcs",
    "textphone",
    "x400",
];

/// An e-mail or phone line with its label: `TEL;TYPE=work,cell:…` when the label is made of
/// standard types ("mobile" written as "cell"); otherwise as address books write a label of
/// their own — `item1.TEL:…` with `item1.X-ABLabel:Boat` — so "Boat" comes back as written
/// (types are read in lower case) and shows in Apple's and Google's contacts.
fn labelled(
    lines: &mut Vec<String>,
    items: &mut usize,
    property: &str,
    label: &str,
    phone: bool,
    params: &str,
    value: &str,
) {
    let types: Vec<String> = label
        .split_whitespace()
        .map(|t| match t.to_lowercase() {
            t if phone && t == "mobile" => "cell".to_string(),
            t => t,
        })
        .collect();
    if types.iter().all(|t| STANDARD_TYPES.contains(&t.as_str())) {
        let typed = if types.is_empty() {
            String::new()
        } else {
            format!(";TYPE={}", types.join(","))
        };
        lines.push(format!("{property}{typed}{params}:{}", escape(value)));
    } else {
        *items += 1;
        let item = format!("item{items}");
        lines.push(format!("{item}.{property}{params}:{}", escape(value)));
        lines.push(format!("{item}.X-ABLabel:{}", escape(label.trim())));
    }
}

/// Whether a display name still names the contact: it holds the given and family names as whole
/// words, whatever else it says ("Bob Smith (Acme)", "Dr. Li Wei"), or is the two written
/// together, as Chinese, Japanese and Korean write them ("李伟": 李, then 伟). A renamed contact
/// ("Bob" now "Bo", "Müller-Schmidt" now "Müller") is named by the new name.
fn still_names(display: &str, first: &str, last: &str) -> bool {
    let squeezed = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (shown, given, family) = (squeezed(display), squeezed(first), squeezed(last));
    // Written together, with or without more around them ("李伟 (Acme)", "山田太郎様") where the
    // names have no letters of the Latin alphabet; Latin names go word by word below ("Ann Lee"
    // is not named by "Joann Lee").
    let together = [format!("{family}{given}"), format!("{given}{family}")];
    let latin = |s: &str| s.chars().any(|c| c.is_ascii_alphabetic());
    if !given.is_empty()
        && !family.is_empty()
        && (together.contains(&shown)
            || (!latin(&given)
                && !latin(&family)
                && together.iter().any(|t| shown.contains(t.as_str()))))
    {
        return true;
    }
    holds_names(display, first, last)
}

/// [`still_names`] for names written as words.
fn holds_names(display: &str, first: &str, last: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| c.is_whitespace() || "()[],;\"'".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let shown = words(display);
    let holds = |name: &str| {
        let name = words(name);
        name.is_empty() || shown.windows(name.len()).any(|w| w == name.as_slice())
    };
    !(first.trim().is_empty() && last.trim().is_empty()) && holds(first) && holds(last)
}

/// Text as a vCard or iCalendar value: backslash, comma and semicolon escaped, every line
/// break — CRLF, LF, or a CR alone (old Mac text) — written as `\n`, and any other control
/// character but a tab (which neither format's text may hold: a vertical tab pasted into a task's
/// title reached the calendar file raw) written as a space.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\t' => out.push(c),
            c if c.is_control() => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// One content line folded at 75 octets (CRLF + space), never inside a UTF-8 sequence, CRLF-ended.
pub(crate) fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_control_character_is_written_as_a_space_and_a_tab_kept() {
        assert_eq!(
            escape("Call\u{0b}back\u{07}, then\tfile; C:\\x\r\ny\u{7f}\u{85}z"),
            "Call back \\, then\tfile\\; C:\\\\x\\ny  z"
        );
    }

    /// A website is written as a URI, not escaped text, but still as printable text on one line.
    #[test]
    fn a_websites_control_characters_are_written_as_spaces() {
        let mut fields = crate::domain::ContactFields {
            first_name: "Ines".into(),
            ..Default::default()
        };
        fields.custom.insert(
            "Website".into(),
            "https://ex.example/a\u{0b}b\u{07}c".into(),
        );
        let contact = Contact {
            id: crate::domain::ContactId(2),
            fields,
            created_at: crate::domain::Timestamp(0),
            updated_at: crate::domain::Timestamp(0),
            deleted_at: None,
            last_activity_at: None,
        };
        for version in [Version::V3, Version::V4] {
            let mut out = Vec::new();
            write_cards(&mut out, &contact, None, "uid-2", version).unwrap();
            let card = String::from_utf8(out).unwrap();
            assert!(
                card.contains("URL:https://ex.example/a b c\r\n"),
                "{card:?}"
            );
            assert!(
                !card
                    .chars()
                    .any(|c| c.is_control() && !matches!(c, '\r' | '\n'))
            );
        }
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let folded = fold(&format!("NOTE:{}", "é".repeat(60)));
        for line in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        let unfolded = folded.replace("\r\n ", "");
        assert_eq!(unfolded.trim_end(), format!("NOTE:{}", "é".repeat(60)));
    }

    #[test]
    fn a_display_name_names_the_contact_while_it_holds_both_names_whole() {
        assert!(still_names("Bob Smith (Acme)", "Bob", "Smith"));
        assert!(still_names("Li Wei", "Wei", "Li"));
        assert!(still_names(
            "Anna Müller-Schmidt (Acme)",
            "Anna",
            "Müller-Schmidt"
        ));
        assert!(!still_names("Bob Smith (Acme)", "Bo", "Smith"));
        assert!(!still_names("Li Wei", "We", "Li"));
        assert!(!still_names("Li Wei", "Weiming", "Li"));
        assert!(still_names("李伟", "伟", "李"));
        assert!(still_names("김 민수", "민수", "김"));
        assert!(!still_names("李伟", "伟明", "李"));
        assert!(!still_names("李伟", "", "李"));
        assert!(still_names("李伟 (Acme)", "伟", "李"));
        assert!(still_names("山田太郎様", "太郎", "山田"));
        assert!(still_names("김민준 (Acme)", "민준", "김"));
        assert!(!still_names("Joann Lee", "Ann", "Lee"));
        assert!(!still_names("Anna Müller-Schmidt (Acme)", "Anna", "Müller"));
        assert!(!still_names("Anything", "", ""));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        // A line break is one \n whatever wrote it; a lone CR no longer joins two words.
        assert_eq!(
            escape("one\r\ntwo\rthree\nfour"),
            "one\\ntwo\\nthree\\nfour"
        );
    }
}
