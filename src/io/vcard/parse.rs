//! vCard lines as phones and mail programs really write them: folded lines (RFC 2426 §2.6, RFC
//! 6350 §3.2), vCard 2.1 quoted-printable values with soft line breaks and `CHARSET=` parameters,
//! bare 2.1 type parameters (`TEL;WORK;VOICE:`), group prefixes (`item1.EMAIL`) and escapes.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// One property: name (upper case), parameters (names upper case, values as written) and the
/// value, decoded to text but not yet unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Property {
    /// The group a property belongs to (`item1` of `item1.TEL`), in lower case: Apple ties a
    /// phone or address to its label (`item1.X-ABLabel`) this way.
    pub group: Option<String>,
    pub name: String,
    pub params: Vec<(String, String)>,
    pub value: String,
    /// The line where the property starts, for error messages.
    pub line: u64,
}

impl Property {
    /// Every TYPE value, lower case, from `TYPE=a,b`, repeated `TYPE=` and bare 2.1 parameters.
    pub fn types(&self) -> Vec<String> {
        self.params
            .iter()
            .filter(|(k, _)| k == "TYPE")
            .flat_map(|(_, v)| v.split(','))
            .map(|t| t.trim().trim_matches('"').to_lowercase())
            .filter(|t| !t.is_empty())
            .collect()
    }

    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// One card's properties, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawCard {
    pub properties: Vec<Property>,
    /// False when the card had no END:VCARD (the file was cut short, or the next card began).
    pub ended: bool,
    /// Lines in the card that are no property (a folded line that lost its leading space).
    pub not_properties: Vec<u64>,
    /// Lines before this card (or, for the last card, after it too) outside any BEGIN:VCARD …
    /// END:VCARD: a card whose BEGIN line is missing.
    pub outside: Vec<u64>,
}

/// Splits a file into cards, each the properties after a BEGIN:VCARD. A card missing its
/// END:VCARD still counts: it ends where the next card begins or where the file ends.
pub fn cards(bytes: &[u8]) -> Vec<RawCard> {
    let utf8;
    let bytes = match from_utf16(bytes) {
        Some(text) => {
            utf8 = text;
            utf8.as_bytes()
        }
        None => bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes),
    };
    let mut cards: Vec<RawCard> = Vec::new();
    let mut current: Option<RawCard> = None;
    let mut outside = Vec::new();
    let mut close = |card: Option<RawCard>, ended: bool| {
        if let Some(card) = card {
            cards.push(RawCard { ended, ..card });
        }
    };
    for (line_no, line) in logical_lines(bytes) {
        let Some(p) = property(&line, line_no) else {
            match current.as_mut() {
                Some(card) => card.not_properties.push(line_no),
                None => outside.push(line_no),
            }
            continue;
        };
        match (
            p.name.as_str(),
            p.value.trim().to_ascii_uppercase().as_str(),
        ) {
            ("BEGIN", "VCARD") => {
                let next = RawCard {
                    properties: Vec::new(),
                    ended: false,
                    not_properties: Vec::new(),
                    outside: std::mem::take(&mut outside),
                };
                close(current.replace(next), false)
            }
            ("END", "VCARD") if current.is_some() => close(current.take(), true),
            _ => match current.as_mut() {
                Some(card) => card.properties.push(p),
                None => outside.push(line_no),
            },
        }
    }
    close(current, false);
    if let Some(last) = cards.last_mut() {
        last.outside.append(&mut outside);
    }
    cards
}

/// Physical lines joined into logical ones: a line starting with a space or tab continues the
/// previous one; a quoted-printable line ending in `=` continues on the next line.
fn logical_lines(bytes: &[u8]) -> Vec<(u64, Vec<u8>)> {
    let mut out: Vec<(u64, Vec<u8>)> = Vec::new();
    let mut qp_open = false;
    for (i, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line = raw.strip_suffix(b"\r").unwrap_or(raw);
        let line_no = i as u64 + 1;
        // A soft break right before END:VCARD (a phone's last note line) must not swallow it.
        let ends_card = line.trim_ascii().eq_ignore_ascii_case(b"END:VCARD");
        if let Some(last) = out.last_mut() {
            if qp_open && !ends_card {
                last.1.pop(); // the soft break's '='
                // After a soft break everything is value (RFC 2045 §6.7): a space that starts
                // the next line is the space between two words, not indentation.
                last.1.extend_from_slice(line);
                qp_open = line.ends_with(b"=");
                continue;
            }
            if line.first().is_some_and(|b| *b == b' ' || *b == b'\t') {
                last.1.extend_from_slice(&line[1..]);
                qp_open = is_qp(&last.1) && last.1.ends_with(b"=");
                continue;
            }
        }
        if line.is_empty() {
            continue;
        }
        out.push((line_no, line.to_vec()));
        qp_open = is_qp(line) && line.ends_with(b"=");
    }
    out
}

/// A file saved as UTF-16 (Windows' "Unicode", some address books' export) as UTF-8 text; `None`
/// for any other file, whose properties may each name their own charset.
fn from_utf16(bytes: &[u8]) -> Option<String> {
    use crate::io::csv_import::detect::{TextEncoding, looks_like_utf16};
    let (encoding, skip) = match Encoding::for_bom(bytes) {
        Some((e, n)) if e != UTF_8 => (e, n),
        Some(_) => return None,
        None => match looks_like_utf16(bytes)? {
            TextEncoding::Utf16Le => (encoding_rs::UTF_16LE, 0),
            TextEncoding::Utf16Be => (encoding_rs::UTF_16BE, 0),
            _ => return None,
        },
    };
    Some(
        encoding
            .decode_without_bom_handling(&bytes[skip..])
            .0
            .into_owned(),
    )
}

fn is_qp(line: &[u8]) -> bool {
    let head_end = line.iter().position(|&b| b == b':').unwrap_or(line.len());
    let head = String::from_utf8_lossy(&line[..head_end]).to_ascii_uppercase();
    head.contains("QUOTED-PRINTABLE")
}

/// Parses `group.NAME;P=V;BARE:value`; `None` for a line that is not a property.
fn property(line: &[u8], line_no: u64) -> Option<Property> {
    // The value starts at the first ':' outside a quoted parameter value.
    let mut quoted = false;
    let colon = line.iter().position(|&b| {
        if b == b'"' {
            quoted = !quoted;
        }
        b == b':' && !quoted
    })?;
    let head = String::from_utf8_lossy(&line[..colon]).into_owned();
    let raw_value = &line[colon + 1..];
    let mut parts = split_params(&head).into_iter();
    let full = parts.next()?;
    let (group, name) = match full.rsplit_once('.') {
        Some((group, name)) => (Some(group.trim().to_ascii_lowercase()), name),
        None => (None, full.as_str()),
    };
    let name = name.trim().to_ascii_uppercase();
    if name.is_empty() {
        return None;
    }
    let mut params = Vec::new();
    for p in parts {
        match p.split_once('=') {
            Some((k, v)) => params.push((
                k.trim().to_ascii_uppercase(),
                v.trim().trim_matches('"').to_string(),
            )),
            // vCard 2.1: a bare parameter is a type, or the encoding or charset.
            None => {
                let bare = p.trim().to_ascii_uppercase();
                let key = match bare.as_str() {
                    "QUOTED-PRINTABLE" | "BASE64" | "8BIT" | "7BIT" | "B" => "ENCODING",
                    _ => "TYPE",
                };
                params.push((key.to_string(), p.trim().to_string()));
            }
        }
    }
    let mut prop = Property {
        group,
        name,
        params,
        value: String::new(),
        line: line_no,
    };
    let encoding = prop.param("ENCODING").map(str::to_ascii_uppercase);
    let bytes: Cow<[u8]> = match encoding.as_deref() {
        Some("QUOTED-PRINTABLE") => Cow::Owned(quoted_printable(raw_value)),
        _ => Cow::Borrowed(raw_value),
    };
    prop.value = decode_text(&bytes, prop.param("CHARSET"));
    Some(prop)
}

/// Splits the part before ':' on ';' outside quotes.
fn split_params(head: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    for c in head.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                out.last_mut().expect("never empty").push(c);
            }
            ';' if !quoted => out.push(String::new()),
            _ => out.last_mut().expect("never empty").push(c),
        }
    }
    out
}

fn quoted_printable(value: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(value.len());
    let mut i = 0;
    while i < value.len() {
        let b = value[i];
        if b == b'=' {
            let hex = value
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok());
            if let Some(byte) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(byte);
                i += 3;
                continue;
            }
            // A stray '=' (or a soft break left at the end) is kept out of the text.
            i += 1;
            continue;
        }
        out.push(b);
        i += 1;
    }
    out
}

/// Text in the card's charset: the CHARSET parameter when given, UTF-8 when the bytes are valid
/// UTF-8 (vCard 4.0 requires it), Windows-1252 otherwise (older desktop address books).
fn decode_text(bytes: &[u8], charset: Option<&str>) -> String {
    let encoding = charset
        .and_then(|c| Encoding::for_label(c.trim().as_bytes()))
        .unwrap_or_else(|| {
            if std::str::from_utf8(bytes).is_ok() {
                UTF_8
            } else {
                WINDOWS_1252
            }
        });
    let text = encoding.decode_without_bom_handling(bytes).0;
    // A NUL or other control byte in a value is a broken export, never part of a name.
    text.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect()
}

/// Splits a structured value (N, ADR, ORG) on unescaped ';' and unescapes each component.
pub fn components(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.last_mut()
                        .expect("never empty")
                        .push_str(&unescape_one(next));
                }
            }
            ';' => out.push(String::new()),
            _ => out.last_mut().expect("never empty").push(c),
        }
    }
    out
}

/// Splits a list value (CATEGORIES) on unescaped ','.
pub fn list(value: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let Some(next) = chars.next() {
                    out.last_mut()
                        .expect("never empty")
                        .push_str(&unescape_one(next));
                }
            }
            ',' => out.push(String::new()),
            _ => out.last_mut().expect("never empty").push(c),
        }
    }
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push_str(&unescape_one(next));
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn unescape_one(c: char) -> String {
    match c {
        'n' | 'N' => "\n".into(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folded_and_quoted_printable_lines_are_joined_and_decoded() {
        let file = b"BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:M=C3=BCller;J=\r\n=C3=BCrgen\r\nNOTE:a long\r\n  note\r\nitem1.EMAIL;type=INTERNET;type=WORK:j@example.de\r\nTEL;WORK;VOICE:+49 30 1234\r\nEND:VCARD\r\n";
        let cards = cards(file);
        assert_eq!(cards.len(), 1);
        assert!(cards[0].ended);
        let c = &cards[0].properties;
        assert_eq!(components(&c[1].value), ["Müller", "Jürgen"]);
        assert_eq!(c[2].value, "a long note");
        assert_eq!(
            (c[3].name.as_str(), c[3].types()),
            ("EMAIL", vec!["internet".to_string(), "work".into()])
        );
        assert_eq!(c[4].types(), ["work", "voice"]);
    }

    #[test]
    fn a_utf16_file_is_read_with_or_without_its_byte_order_mark() {
        let text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ødegård\r\nEND:VCARD\r\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let with_bom = [&[0xFF, 0xFE][..], &le].concat();
        for file in [with_bom, le, be] {
            let c = cards(&file);
            assert_eq!(c.len(), 1);
            assert_eq!(c[0].properties[1].value, "Zoë Ødegård");
        }
    }

    #[test]
    fn a_space_after_a_soft_break_is_part_of_the_value() {
        let file = b"BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:Hello=\r\n world and=\r\n=20more\r\nEND:VCARD\r\n";
        let c = cards(file);
        assert_eq!(c[0].properties[1].value, "Hello world and more");
    }

    #[test]
    fn a_soft_break_before_the_end_of_the_card_keeps_the_end() {
        let cards = cards(
            b"BEGIN:VCARD\r\nVERSION:2.1\r\nNOTE;ENCODING=QUOTED-PRINTABLE:last line=\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Next\r\nEND:VCARD\r\n",
        );
        assert_eq!(cards.len(), 2);
        assert!(cards[0].ended);
        assert_eq!(cards[0].properties[1].value, "last line");
    }

    #[test]
    fn escapes_and_latin1_charsets_are_read() {
        assert_eq!(text(r"one\, two\nthree\\"), "one, two\nthree\\");
        assert_eq!(components(r"a\;b;c"), ["a;b", "c"]);
        let cards = cards(b"BEGIN:VCARD\nFN;CHARSET=ISO-8859-1:Ren\xE9e\nEND:VCARD\n");
        assert_eq!(cards[0].properties[0].value, "Renée");
    }

    #[test]
    fn a_card_without_its_end_is_kept_up_to_the_next_card_or_the_end_of_the_file() {
        let cards =
            cards(b"BEGIN:VCARD\nFN:One\nBEGIN:VCARD\nFN:Two\nEND:VCARD\nBEGIN:VCARD\nFN:Three\n");
        let names: Vec<(&str, bool)> = cards
            .iter()
            .map(|c| (c.properties[0].value.as_str(), c.ended))
            .collect();
        assert_eq!(names, [("One", false), ("Two", true), ("Three", false)]);
    }

    /// A folded line that lost its leading space, and a card that lost its BEGIN line, were
    /// dropped without a word.
    #[test]
    fn lines_that_are_no_property_or_outside_any_card_are_counted() {
        let file = b"BEGIN:VCARD\nFN:One\nNOTE:this note is\nfolded badly\nEND:VCARD\n\
                     FN:Lost\nEMAIL:lost@x.example\nEND:VCARD\nBEGIN:VCARD\nFN:Two\nEND:VCARD\n";
        let cards = cards(file);
        assert_eq!(cards.len(), 2);
        assert_eq!(cards[0].not_properties, [4]);
        assert_eq!(cards[1].outside, [6, 7, 8]);
        let read = crate::io::vcard::read_cards(file);
        assert!(
            read[0]
                .1
                .notices
                .iter()
                .any(|n| n.starts_with("line 4 is no property"))
        );
        assert!(
            read[1]
                .1
                .notices
                .iter()
                .any(|n| n.starts_with("lines 6, 7 and 8 are outside")),
            "{:?}",
            read[1].1.notices
        );
    }
}
