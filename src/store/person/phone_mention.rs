//! A person's phone number found in free text however it is written: grouped any way
//! ("+45 3 555 3892", "+4535553892", "0045-3-555-3892"), in its national form ("03 555 38 92",
//! "(415) 555-0142"), or with a country code the stored national number lacks ("+49 176 5551234"
//! for "0176 5551234"), but never as the tail of someone else's number ("+1 650 555 0142" is no
//! mention of "+1 415 555 0142") nor inside a longer token ("order 4155550142-7").
//!
//! The national form is the number without its country code, whose length the code's own digits
//! tell (E.164 codes are prefix-free: 1 and 7 are one digit, a fixed set two, the rest three).

use crate::store::search::PHONE_PUNCTUATION;

/// A number with fewer significant digits than this is not taken for a phone number.
const PHONE_DIGITS: usize = 6;
/// The most digits one phone number has (E.164).
const MOST_DIGITS: usize = 15;

/// What may stand between a number's digits: the punctuation search knows, and the no-break and
/// thin spaces and the en dash word processors put there.
fn separator(c: char) -> bool {
    PHONE_PUNCTUATION.contains(&c) || matches!(c, '\u{a0}' | '\u{2009}' | '\u{202f}' | '–')
}

/// A stored phone number, as the digits a mention must show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The significant digits: no international or trunk prefix, no "(0)".
    digits: Vec<char>,
    /// Written with a country code (+ or 00): the digits after it, as dialled at home (without
    /// the trunk 0 Italy keeps after its code).
    national: Option<Vec<char>>,
}

impl Number {
    /// `None` unless `term` is only digits and the punctuation numbers are written with, with
    /// enough digits to be a phone number.
    pub fn of(term: &[char]) -> Option<Number> {
        if !term.iter().all(|&c| c.is_ascii_digit() || separator(c)) {
            return None;
        }
        let text: String = term.iter().collect::<String>().replace("(0)", "");
        let all: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
        let international = text.trim_start().starts_with('+') || all.starts_with(&['0', '0']);
        let digits = significant(&all);
        if digits.len() < PHONE_DIGITS {
            return None;
        }
        let national = international
            .then(|| country_code_len(&digits))
            .flatten()
            .map(|cc| significant(&digits[cc..]))
            .filter(|n| n.len() >= PHONE_DIGITS);
        Some(Number { digits, national })
    }

    /// The significant digits (for finding candidate texts).
    pub fn digits(&self) -> &[char] {
        &self.digits
    }

    /// Whether the digits `seen` in a text (leading zeros dropped) are this number; `dialled`
    /// when the text wrote them with + or 00, as dialled from abroad. Without it, "1 415 555 0142"
    /// after "Room" is room 1 and a national number, not +1 415 555 0142.
    fn is(&self, seen: &[char], dialled: bool) -> bool {
        match &self.national {
            Some(national) => (dialled && seen == self.digits.as_slice()) || seen == national,
            None => {
                seen == self.digits.as_slice()
                    || (dialled
                        && country_code_len(seen)
                            .is_some_and(|cc| significant(&seen[cc..]) == self.digits))
            }
        }
    }
}

/// `digits` without leading zeros (an international or trunk prefix).
fn significant(digits: &[char]) -> Vec<char> {
    digits.iter().copied().skip_while(|&c| c == '0').collect()
}

/// Where a mention of `number` written from `at` in `chars` ends, if one is.
pub fn at(chars: &[char], at: usize, number: &Number) -> Option<usize> {
    let starts = chars
        .get(at)
        .is_some_and(|c| c.is_ascii_digit() || *c == '+');
    if !starts || joined_before(chars, at) {
        return None;
    }
    let before = number_before(chars, at);
    let longest = number.digits.len() + 4;
    let (mut i, mut all, mut found) = (at, Vec::new(), None);
    let mut dialled = chars[at] == '+';
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            i += 1;
            all.push(c);
            dialled |= all.starts_with(&['0', '0']);
            let seen = significant(&all);
            if seen.len() > longest {
                break;
            }
            let group_ends = !chars.get(i).is_some_and(char::is_ascii_digit);
            // Digits after a number that starts with + or 0 may be its end ("030 |3555 3892"):
            // taken for a mention only if the two together are too long to be one number.
            let inside = before.is_some_and(|n| n + all.len() <= MOST_DIGITS);
            // Written in one piece ("14155550142", "1-415-555-0142"), the digits are one number
            // as dialled, though without + or 00.
            let whole = dialled || !chars[at..i].iter().any(|c| c.is_whitespace());
            if group_ends && !inside && number.is(&seen, whole) && !joined_after(chars, i) {
                found = Some(i);
            }
        } else if !all.is_empty() && chars[i..].starts_with(&['(', '0', ')']) {
            i += 3;
        } else if separator(c) {
            i += 1;
        } else {
            break;
        }
    }
    found
}

/// How many digits the number written just before `at` has, if one is and it starts as a phone
/// number does (with + or 0): "030 " before "3555 3892", "+49 30 " before "35 55 38 92". Digits
/// joined by single separators are one number; two in a row ("Room 12 - 415") or a slash end it.
fn number_before(chars: &[char], at: usize) -> Option<usize> {
    let joins = |c: char| separator(c) && c != '/' && c != '+';
    if at < 2 || !joins(chars[at - 1]) || !chars[at - 2].is_ascii_digit() {
        return None;
    }
    // `start` walks back over the number: digits, and single separators between digits.
    let mut start = at - 2;
    while start > 0 {
        let c = chars[start - 1];
        if c.is_ascii_digit() {
            start -= 1;
        } else if c == '+' {
            start -= 1;
            break;
        } else if joins(c) && start >= 2 && chars[start - 2].is_ascii_digit() {
            // The group before the separator ends a date ("12/06"): the number starts here.
            let group = chars[..start - 1]
                .iter()
                .rposition(|c| !c.is_ascii_digit())
                .map_or(0, |i| i + 1);
            if group > 0 && chars[group - 1] == '/' {
                break;
            }
            start -= 1;
        } else {
            break;
        }
    }
    // After a slash it is the end of a date ("le 12/06 06 12 34 56 78").
    if start > 0 && chars[start - 1] == '/' {
        return None;
    }
    let run = &chars[start..at - 1];
    let digits = run.iter().filter(|c| c.is_ascii_digit()).count();
    matches!(run.first(), Some('+' | '0')).then_some(digits)
}

/// Whether the digits from `at` continue a token before them ("12-|4155550142").
fn joined_before(chars: &[char], at: usize) -> bool {
    at >= 2 && matches!(chars[at - 1], '-' | '.') && chars[at - 2].is_ascii_digit()
}

/// Whether a token goes on after `end` ("4155550142|-7").
fn joined_after(chars: &[char], end: usize) -> bool {
    chars.get(end).is_some_and(|c| matches!(c, '-' | '.'))
        && chars.get(end + 1).is_some_and(char::is_ascii_digit)
}

/// How many of `digits` (a number's significant digits, from its country code) the country code
/// takes, by the E.164 assignments.
fn country_code_len(digits: &[char]) -> Option<usize> {
    const TWO_DIGIT: [&str; 44] = [
        "20", "27", "30", "31", "32", "33", "34", "36", "39", "40", "41", "43", "44", "45", "46",
        "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61", "62", "63",
        "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98",
    ];
    let first = *digits.first()?;
    if first == '1' || first == '7' {
        return Some(1);
    }
    let two: String = digits.get(..2)?.iter().collect();
    Some(if TWO_DIGIT.contains(&two.as_str()) {
        2
    } else {
        3
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(stored: &str) -> Number {
        Number::of(&stored.chars().collect::<Vec<_>>()).expect("a phone number")
    }

    /// The mentions of `stored` in `text`, as the text between their start and end.
    fn found(stored: &str, text: &str) -> Vec<String> {
        let (n, chars) = (number(stored), text.chars().collect::<Vec<_>>());
        let mut out = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let boundary = i == 0 || !chars[i - 1].is_alphanumeric();
            match at(&chars, i, &n).filter(|_| boundary) {
                Some(end) => {
                    out.push(chars[i..end].iter().collect());
                    i = end;
                }
                None => i += 1,
            }
        }
        out
    }

    #[test]
    fn a_number_is_found_however_it_is_grouped_and_in_its_national_form() {
        let ada = "+1 415 555 0142";
        assert_eq!(
            found(
                ada,
                "Called 2024-05-01 415-555-0142; room 12 - 415 555 0142"
            ),
            ["415-555-0142", "415 555 0142"]
        );
        assert_eq!(found(ada, "at 10 / 415 555 0142"), ["415 555 0142"]);
        assert_eq!(
            found(ada, "Numbers: +1 650 555 0199 / +1 415 555 0142"),
            ["+1 415 555 0142"]
        );
        assert_eq!(found(ada, "(415) 555-0142"), ["415) 555-0142"]);
        let cleo = "+45 3 555 3892";
        assert_eq!(
            found(cleo, "+4535553892, 0045 3 555 3892, 35 55 38 92"),
            ["+4535553892", "0045 3 555 3892", "35 55 38 92"]
        );
        let uk = "+44 (0)20 7946 0000";
        assert_eq!(found(uk, "020 7946 0000"), ["020 7946 0000"]);
    }

    #[test]
    fn a_number_after_a_date_a_room_or_a_day_is_found_and_theirs_left() {
        let ada = "+1 415 555 0142";
        for (text, mention) in [
            ("Left voicemail 3/1 415-555-0142", "415-555-0142"),
            ("Met Jan 1 415 555 0142", "415 555 0142"),
            ("Room 1 415-555-0142", "415-555-0142"),
            ("On 01.05.2024 415 555 0142", "415 555 0142"),
            ("Cell 415\u{a0}555\u{a0}0142", "415\u{a0}555\u{a0}0142"),
            ("Cell 415–555–0142", "415–555–0142"),
            ("Texted 14155550142 twice", "14155550142"),
            ("Call 1-415-555-0142", "1-415-555-0142"),
        ] {
            assert_eq!(found(ada, text), [mention], "{text}");
        }
        assert_eq!(
            found("0176 5551234", "Zimmer 4 0176 5551234"),
            ["0176 5551234"]
        );
        assert_eq!(
            found("+33 6 12 34 56 78", "le 12/06 06 12 34 56 78"),
            ["06 12 34 56 78"]
        );
        assert!(found("+353 1 234 5678", "le 12/06 06 12 34 56 78").is_empty());
    }

    #[test]
    fn the_national_digits_inside_another_number_are_not_a_mention() {
        for (stored, text) in [
            ("+45 35 55 38 92", "Berlin office 030 3555 3892"),
            ("+45 35 55 38 92", "Partner +49 30 35 55 38 92"),
            ("+358 9 1234 5678", "Wien +43 1 91234 5678"),
            ("+353 1 234 5678", "Lyon 04 12 34 56 78"),
            ("+353 1 234 5678", "mobile 06 12 34 56 78"),
        ] {
            assert!(found(stored, text).is_empty(), "{stored} in {text}");
        }
    }

    #[test]
    fn italian_numbers_keep_their_zero_after_the_country_code() {
        assert_eq!(
            found("+39 02 555 6966", "Tel. 02 555 6966"),
            ["02 555 6966"]
        );
        assert_eq!(
            found("02 555 6967", "Tel. +39 02 555 6967"),
            ["+39 02 555 6967"]
        );
    }

    #[test]
    fn a_national_number_is_found_with_a_country_code_in_front() {
        let gus = "0176 5551234";
        assert_eq!(
            found(gus, "+49 176 5551234, 0049 176 5551234, 0176-5551234"),
            ["+49 176 5551234", "0049 176 5551234", "0176-5551234"]
        );
    }

    #[test]
    fn others_numbers_and_longer_tokens_are_left_alone() {
        let ada = "+1 415 555 0142";
        for text in [
            "Ben's line (650) 555 0142",
            "NYC desk 212-555-0142",
            "fax +1 650 555 0142",
            "order #5550142",
            "order 4155550142-7",
            "ref 12-4155550142",
            "Order 14155550142001",
        ] {
            assert!(found(ada, text).is_empty(), "{text}");
        }
        assert!(found("+45 3 555 3892", "Dan's own: +45 4 555 3892").is_empty());
    }

    #[test]
    fn country_codes_have_the_length_their_digits_tell() {
        let len = |d: &str| country_code_len(&d.chars().collect::<Vec<_>>());
        assert_eq!(len("14155550142"), Some(1));
        assert_eq!(len("4535553892"), Some(2));
        assert_eq!(len("358912345"), Some(3));
        assert_eq!(len("35312345"), Some(3));
    }
}
