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

/// A stored phone number, as the digits a mention must show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    /// The significant digits: no international or trunk prefix, no "(0)".
    digits: Vec<char>,
    /// Written with a country code (+ or 00): the digits without it, as dialled at home.
    national: Option<Vec<char>>,
}

impl Number {
    /// `None` unless `term` is only digits and the punctuation numbers are written with, with
    /// enough digits to be a phone number.
    pub fn of(term: &[char]) -> Option<Number> {
        if !term
            .iter()
            .all(|c| c.is_ascii_digit() || PHONE_PUNCTUATION.contains(c))
        {
            return None;
        }
        let text: String = term.iter().collect::<String>().replace("(0)", "");
        let all: Vec<char> = text.chars().filter(char::is_ascii_digit).collect();
        let international = text.trim_start().starts_with('+') || all.starts_with(&['0', '0']);
        let digits: Vec<char> = all.into_iter().skip_while(|&c| c == '0').collect();
        if digits.len() < PHONE_DIGITS {
            return None;
        }
        let national = international
            .then(|| country_code_len(&digits))
            .flatten()
            .map(|cc| digits[cc..].to_vec())
            .filter(|n| n.len() >= PHONE_DIGITS);
        Some(Number { digits, national })
    }

    /// The significant digits (for finding candidate texts).
    pub fn digits(&self) -> &[char] {
        &self.digits
    }

    /// Whether the significant digits `seen` in a text are this number.
    fn is(&self, seen: &[char]) -> bool {
        if seen == self.digits.as_slice() || self.national.as_deref() == Some(seen) {
            return true;
        }
        // A national number written with a country code in front.
        self.national.is_none()
            && seen.len() > self.digits.len()
            && seen.ends_with(&self.digits)
            && country_code_len(seen) == Some(seen.len() - self.digits.len())
    }
}

/// Where a mention of `number` written from `at` in `chars` ends, if one is.
pub fn at(chars: &[char], at: usize, number: &Number) -> Option<usize> {
    let starts = chars
        .get(at)
        .is_some_and(|c| c.is_ascii_digit() || *c == '+');
    if !starts || joined_before(chars, at) {
        return None;
    }
    let longest = number.digits.len() + 3;
    let (mut i, mut seen, mut found) = (at, Vec::new(), None);
    while let Some(&c) = chars.get(i) {
        if c.is_ascii_digit() {
            i += 1;
            if seen.is_empty() && c == '0' {
                continue;
            }
            seen.push(c);
            if seen.len() > longest {
                break;
            }
            let group_ends = !chars.get(i).is_some_and(char::is_ascii_digit);
            if group_ends && number.is(&seen) && !joined_after(chars, i) {
                found = Some(i);
            }
        } else if !seen.is_empty() && chars[i..].starts_with(&['(', '0', ')']) {
            i += 3;
        } else if PHONE_PUNCTUATION.contains(&c) {
            i += 1;
        } else {
            break;
        }
    }
    found
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
