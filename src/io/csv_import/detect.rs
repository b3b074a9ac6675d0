//! What a CSV file is written in. Spreadsheet programs and CRMs write UTF-8 with or without a BOM,
//! Excel's "Unicode text" writes UTF-16 with a BOM, and older Outlook and Excel on Windows write the
//! ANSI code page (Windows-1252 in the West) with no marker at all. The separator is a comma, or a
//! semicolon where the comma is the decimal mark (most of Europe), or a tab.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1252};

/// The text encodings a file can be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TextEncoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    /// Windows-1252, which is also how Latin-1 (ISO-8859-1) files are read: WHATWG maps the label
    /// "latin1" to it, and it differs only in 0x80–0x9F, which Latin-1 uses for control codes.
    Windows1252,
}

impl TextEncoding {
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    fn encoding(self) -> &'static Encoding {
        match self {
            TextEncoding::Utf8 => UTF_8,
            TextEncoding::Utf16Le => UTF_16LE,
            TextEncoding::Utf16Be => UTF_16BE,
            TextEncoding::Windows1252 => WINDOWS_1252,
        }
    }

    /// Reads a name as users and mapping profiles write it ("utf-8", "latin1", "cp1252" …).
    pub fn from_label(label: &str) -> Option<Self> {
        let e = Encoding::for_label(label.trim().as_bytes())?;
        Some(if e == UTF_8 {
            TextEncoding::Utf8
        } else if e == UTF_16LE {
            TextEncoding::Utf16Le
        } else if e == UTF_16BE {
            TextEncoding::Utf16Be
        } else if e == WINDOWS_1252 {
            TextEncoding::Windows1252
        } else {
            return None;
        })
    }
}

/// A file's bytes as text, with how they were read.
#[derive(Debug)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: TextEncoding,
    /// Whether the file started with a byte-order mark (then the encoding is certain).
    pub bom: bool,
}

/// Decodes `bytes`: a BOM decides; without one, text that is valid UTF-8 is UTF-8 (Windows-1252
/// text with any accented letter is almost never valid UTF-8), and anything else is Windows-1252.
/// `forced` (from a mapping profile or the user) overrides the guess but not a BOM.
pub fn decode(bytes: &[u8], forced: Option<TextEncoding>) -> Decoded<'_> {
    let Decoded {
        text,
        encoding,
        bom,
    } = decode_text(bytes, forced);
    Decoded {
        text: without_controls(text),
        encoding,
        bom,
    }
}

/// Control characters mean nothing in a CSV file but can end up in one (a NUL from a broken
/// export, DOS's end-of-file 0x1A): they are dropped, so no name holds an invisible byte. Tabs and
/// line breaks stay.
fn without_controls(text: Cow<'_, str>) -> Cow<'_, str> {
    let stray = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r');
    if text.contains(stray) {
        Cow::Owned(text.chars().filter(|&c| !stray(c)).collect())
    } else {
        text
    }
}

fn decode_text(bytes: &[u8], forced: Option<TextEncoding>) -> Decoded<'_> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let enc = TextEncoding::from_label(encoding.name()).unwrap_or(TextEncoding::Utf8);
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            encoding: enc,
            bom: true,
        };
    }
    // UTF-16 first: ASCII text in UTF-16 is also valid UTF-8 (with a NUL after every letter).
    let guessed = looks_like_utf16(bytes).or_else(|| {
        if std::str::from_utf8(bytes).is_ok() {
            Some(TextEncoding::Utf8)
        } else {
            None
        }
    });
    let encoding = match (forced, guessed) {
        (Some(forced), _) => forced,
        (None, Some(guessed)) => guessed,
        (None, None) => {
            // Mostly UTF-8 with a few lines that are not (a file pasted together from two
            // sources): each line is read as what it is, rather than the whole file as
            // Windows-1252, which would garble every accented letter of the UTF-8 lines.
            if let Some(text) = line_by_line(bytes) {
                return Decoded {
                    text: Cow::Owned(text),
                    encoding: TextEncoding::Utf8,
                    bom: false,
                };
            }
            TextEncoding::Windows1252
        }
    };
    let (text, _) = encoding.encoding().decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding,
        bom: false,
    }
}

/// UTF-16 without a BOM is rare, but when it happens the high byte of every ASCII character is
/// zero: the odd bytes (little-endian) or the even ones (big-endian). Not of every character:
/// "Žofie" or a Greek, Cyrillic or CJK name has a high byte that is not, so it is enough that a
/// good share of high bytes are zero (a CSV's separators, digits and line breaks are ASCII), almost
/// no low byte is, and the sample reads as UTF-16 with nothing a text file does not hold.
pub fn looks_like_utf16(bytes: &[u8]) -> Option<TextEncoding> {
    let sample = &bytes[..bytes.len().min(1024) & !1];
    if sample.len() < 4 {
        return None;
    }
    let units = sample.len() / 2;
    let zeros = |skip: usize| {
        sample
            .iter()
            .skip(skip)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let reads_as_text = |unit: fn([u8; 2]) -> u16| {
        let units = sample.chunks_exact(2).map(|p| unit([p[0], p[1]]));
        let mut chars = char::decode_utf16(units).collect::<Vec<_>>();
        // The sample may end inside a surrogate pair.
        if chars.last().is_some_and(Result::is_err) {
            chars.pop();
        }
        chars.iter().all(|c| {
            c.as_ref()
                .is_ok_and(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        })
    };
    let (even, odd) = (zeros(0), zeros(1));
    // Separators and line breaks alone make an eighth of a CSV in any script; UTF-8 and the
    // single-byte encodings have no zero bytes at all.
    let mostly = |n: usize| n * 8 >= units;
    let hardly = |n: usize| n * 50 <= units;
    if mostly(odd) && hardly(even) && reads_as_text(u16::from_le_bytes) {
        Some(TextEncoding::Utf16Le)
    } else if mostly(even) && hardly(odd) && reads_as_text(u16::from_be_bytes) {
        Some(TextEncoding::Utf16Be)
    } else {
        None
    }
}

/// Each line as UTF-8 if it is, else as Windows-1252 — when some lines are UTF-8 with accented
/// letters and others are not UTF-8 at all. `None` when the file is one or the other throughout.
fn line_by_line(bytes: &[u8]) -> Option<String> {
    let lines = || bytes.split_inclusive(|&b| b == b'\n');
    let accented_utf8 = lines().any(|l| std::str::from_utf8(l).is_ok_and(|s| !s.is_ascii()));
    if !accented_utf8 {
        return None;
    }
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 8);
    for line in lines() {
        match std::str::from_utf8(line) {
            Ok(s) => text.push_str(s),
            Err(_) => text.push_str(&WINDOWS_1252.decode_without_bom_handling(line).0),
        }
    }
    Some(text)
}

/// Excel's `sep=;` first line, which says what separates the cells of the lines after it: the
/// separator and the text after that line.
pub fn separator_line(text: &str) -> Option<(u8, &str)> {
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    let declared = first.trim_end_matches('\r').strip_prefix("sep=")?;
    match declared.as_bytes() {
        [separator] if !separator.is_ascii_alphanumeric() && *separator != b'"' => {
            Some((*separator, rest))
        }
        _ => None,
    }
}

/// The separator that splits the first lines into the same number of cells (more than one), most
/// often; quoted text is skipped so a comma inside `"Smith, John"` does not count.
pub fn delimiter(text: &str) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    let lines: Vec<&str> = logical_lines(text).take(20).collect();
    let mut best = (b',', 0usize, false);
    for &d in &CANDIDATES {
        let counts: Vec<usize> = lines.iter().map(|l| count_outside_quotes(l, d)).collect();
        let Some(&first) = counts.first() else {
            continue;
        };
        let consistent = counts.iter().all(|&c| c == first);
        // A consistent count beats an inconsistent one; then more separators win.
        let better =
            first > 0 && ((consistent && !best.2) || (consistent == best.2 && first > best.1));
        if better {
            best = (d, first, consistent);
        }
    }
    best.0
}

fn count_outside_quotes(line: &str, d: u8) -> usize {
    let mut quoted = false;
    let mut n = 0;
    for &b in line.as_bytes() {
        if b == b'"' {
            quoted = !quoted;
        } else if b == d && !quoted {
            n += 1;
        }
    }
    n
}

/// Lines of the file, a quoted field's line breaks kept inside its line.
fn logical_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut quoted = false;
        let bytes = rest.as_bytes();
        let mut end = bytes.len();
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'"' {
                quoted = !quoted;
            } else if b == b'\n' && !quoted {
                end = i;
                break;
            }
        }
        let line = rest[..end].trim_end_matches('\r');
        rest = rest.get(end + 1..).unwrap_or("");
        Some(line)
    })
    .filter(|l| !l.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bom_decides_the_encoding() {
        let d = decode(b"\xEF\xBB\xBFName\n", None);
        assert_eq!(
            (d.encoding, d.bom, &*d.text),
            (TextEncoding::Utf8, true, "Name\n")
        );
        let le = decode(b"\xFF\xFEN\x00a\x00\xE9\x00", None);
        assert_eq!(
            (le.encoding, &*le.text),
            (TextEncoding::Utf16Le, "Na\u{e9}")
        );
        let be = decode(b"\xFE\xFF\x00N\x00a", None);
        assert_eq!((be.encoding, &*be.text), (TextEncoding::Utf16Be, "Na"));
    }

    #[test]
    fn text_that_is_not_utf8_is_read_as_windows_1252() {
        let d = decode(b"Ren\xE9e;M\xFCller;\x80 5", None);
        assert_eq!(d.encoding, TextEncoding::Windows1252);
        assert_eq!(d.text, "Ren\u{e9}e;M\u{fc}ller;\u{20ac} 5");
        assert_eq!(
            decode("Renée".as_bytes(), None).encoding,
            TextEncoding::Utf8
        );
    }

    #[test]
    fn utf16_without_a_bom_and_files_mixing_utf8_and_windows_1252_lines_are_read() {
        let le: Vec<u8> = "Name\tE-mail\r\nAda\tada@x.org\r\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let d = decode(&le, None);
        assert_eq!(
            (d.encoding, &*d.text),
            (TextEncoding::Utf16Le, "Name\tE-mail\r\nAda\tada@x.org\r\n")
        );
        let be: Vec<u8> = "Name\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode(&be, None).encoding, TextEncoding::Utf16Be);
        // Letters above U+00FF have a high byte that is not zero.
        for text in [
            "First Name,Last Name\r\nŽofie,Dvořáková\r\nŁukasz,Żak\r\n",
            "Name;City\nΑλέξης;Αθήνα\nДмитрий;Москва\n王芳;北京\n",
        ] {
            let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let d = decode(&le, None);
            assert_eq!((d.encoding, &*d.text), (TextEncoding::Utf16Le, text));
            let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            let d = decode(&be, None);
            assert_eq!((d.encoding, &*d.text), (TextEncoding::Utf16Be, text));
            assert!(crate::io::not_text(&le).is_none());
        }
        // Binary data with zeros at every other byte is not taken for text.
        let binary: Vec<u8> = (0..400u16).flat_map(|i| [(i % 7) as u8 + 1, 0]).collect();
        assert!(looks_like_utf16(&binary).is_none());
        let mixed = b"Name\nJ\xC3\xBCrgen M\xC3\xBCller\nRen\xE9e Dubois\n";
        let d = decode(mixed, None);
        assert_eq!(&*d.text, "Name\nJürgen Müller\nRenée Dubois\n");
    }

    #[test]
    fn control_characters_are_dropped_and_tabs_and_line_breaks_kept() {
        let d = decode(b"Name\tNote\r\nNu\x00ll\ta\x1a\n", None);
        assert_eq!(&*d.text, "Name\tNote\r\nNull\ta\n");
    }

    #[test]
    fn the_separator_is_the_one_that_splits_lines_evenly() {
        assert_eq!(delimiter("a,b,c\n1,2,3\n"), b',');
        assert_eq!(
            delimiter("Name;Amount\n\"Smith, J\";1,50\nLee;2,75\n"),
            b';'
        );
        assert_eq!(delimiter("a\tb\n1\t2\n"), b'\t');
        assert_eq!(delimiter("just one column\n"), b',');
    }

    #[test]
    fn encoding_labels_are_read_leniently() {
        assert_eq!(
            TextEncoding::from_label("latin1"),
            Some(TextEncoding::Windows1252)
        );
        assert_eq!(TextEncoding::from_label("UTF-8"), Some(TextEncoding::Utf8));
        assert_eq!(TextEncoding::from_label("klingon"), None);
    }
}
