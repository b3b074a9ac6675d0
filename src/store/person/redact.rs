//! Taking a person's names, addresses and numbers out of text that has to stay (a deal's title, a
//! change set's label), whole words only and without regard to case: "Renewal for Zeb Quixworth"
//! becomes "Renewal for an erased person", while "Zebra" keeps its letters. Accents match however
//! they are encoded (one character or a letter and a combining mark), and a space in a name
//! matches any run of spaces ("Ömer  Özdemir"). A phone number matches by its digits however the
//! text writes it (see `phone_mention`).

use unicode_normalization::UnicodeNormalization;

use super::phone_mention::{self, Number};

/// What stands where a person was named.
pub const IN_THEIR_PLACE: &str = "an erased person";

/// The words that identify a person, longest first so a full name goes before its parts; one
/// letter is too little to take out of other people's words.
pub fn terms(names: impl IntoIterator<Item = String>) -> Vec<Vec<char>> {
    let mut terms: Vec<Vec<char>> = names
        .into_iter()
        .map(|t| fold(&t.split_whitespace().collect::<Vec<_>>().join(" ")))
        .filter(|t| t.len() >= 2)
        .collect();
    terms.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
    terms.dedup();
    terms
}

/// `text` with every whole-word occurrence of a term replaced by [`IN_THEIR_PLACE`]; `None` when
/// nothing was found.
pub fn redact(text: &str, terms: &[Vec<char>]) -> Option<String> {
    replace(text, terms, IN_THEIR_PLACE)
}

/// `text` with every whole-word occurrence of a term replaced by `with`; `None` when nothing was
/// found.
pub fn replace(text: &str, terms: &[Vec<char>], with: &str) -> Option<String> {
    // Read composed, as the terms are: a name written with combining marks is found too (and the
    // text, if anything in it is replaced, comes back composed).
    let chars: Vec<char> = text.nfc().collect();
    let folded = fold(text);
    // Case folding that changes the number of characters (rare) keeps positions out of step.
    if folded.len() != chars.len() {
        return None;
    }
    let boundary = |i: usize| chars.get(i).is_none_or(|c| !c.is_alphanumeric());
    // An address is whole only between characters no address holds: "ida@romano.example" is
    // not in "ida@romano.example.org", nor "anna@x.example" in "jo.anna@x.example" (a "." had
    // counted as the end of a word, and both were redacted).
    let in_address = |c: &char| c.is_alphanumeric() || "._%+-".contains(*c);
    let address_starts = |i: usize| i == 0 || !in_address(&chars[i - 1]);
    let address_ends = |end: usize| match chars.get(end) {
        Some(c) if ".-_".contains(*c) => !chars.get(end + 1).is_some_and(in_address),
        Some(c) => !in_address(c),
        None => true,
    };
    let phones: Vec<Option<Number>> = terms.iter().map(|t| Number::of(t)).collect();
    let mut out = String::with_capacity(text.len());
    let mut found = false;
    let mut i = 0;
    'scan: while i < chars.len() {
        if i == 0 || boundary(i - 1) {
            for (term, phone) in terms.iter().zip(&phones) {
                let address = term.contains(&'@');
                if address && !address_starts(i) {
                    continue;
                }
                let end = match phone {
                    Some(number) => phone_mention::at(&chars, i, number),
                    None => matches_at(&folded, i, term),
                };
                if let Some(end) = end
                    && boundary(end)
                    && (!address || address_ends(end))
                {
                    // "(415) 555-0142" is found from its first digit: its "(" goes with it.
                    let span = &chars[i..end];
                    let count = |c: char| span.iter().filter(|&&s| s == c).count();
                    if phone.is_some() && count(')') > count('(') && out.ends_with('(') {
                        out.pop();
                    }
                    out.push_str(with);
                    i = end;
                    found = true;
                    continue 'scan;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    found.then_some(out)
}

/// Where `term` ends if it is written in `folded` from `at`: a space in the term stands for one
/// or more whitespace characters.
fn matches_at(folded: &[char], at: usize, term: &[char]) -> Option<usize> {
    let mut i = at;
    for &t in term {
        if t == ' ' {
            let start = i;
            while folded.get(i).is_some_and(|c| c.is_whitespace()) {
                i += 1;
            }
            if i == start {
                return None;
            }
        } else if folded.get(i) == Some(&t) {
            i += 1;
        } else {
            return None;
        }
    }
    Some(i)
}

/// Composed (one character for "Ö", however it was written), lower case, one character for one
/// where the language allows.
fn fold(text: &str) -> Vec<char> {
    text.nfc()
        .map(|c| c.to_lowercase().next().unwrap_or(c))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(names: &[&str]) -> Vec<Vec<char>> {
        terms(names.iter().map(|s| s.to_string()))
    }

    /// Another address that holds theirs is someone else's: "ida@romano.example.org" had become
    /// "an erased person.org".
    #[test]
    fn an_address_goes_only_whole() {
        let terms = t(&["ida@romano.example", "anna@x.example"]);
        assert_eq!(redact("write to ida@romano.example.org", &terms), None);
        assert_eq!(redact("jo.anna@x.example", &terms), None);
        assert_eq!(redact("mail-anna@x.example", &terms), None);
        assert_eq!(
            redact(
                "Mail ida@romano.example. Or <anna@x.example>, ida@romano.example-",
                &terms
            )
            .as_deref(),
            Some("Mail an erased person. Or <an erased person>, an erased person-")
        );
    }

    #[test]
    fn whole_words_go_whatever_their_case() {
        let terms = t(&["Zeb Quixworth", "Zeb", "Quixworth", "zeb@q.example", "A"]);
        assert_eq!(
            redact("Renewal for ZEB QUIXWORTH (zeb@q.example)", &terms).as_deref(),
            Some("Renewal for an erased person (an erased person)")
        );
        assert_eq!(
            redact("Edit contact Zeb", &terms).as_deref(),
            Some("Edit contact an erased person")
        );
        assert_eq!(redact("Zebra crossing, a plan", &terms), None);
        assert_eq!(redact("Quixworthy", &terms), None);
        let phones = t(&["+45 3 555 3892"]);
        assert_eq!(
            redact(
                "Line +4535553892, desk 0045 3 555 3892, or +45-3-555-3892 (03 555 38 92).",
                &phones
            )
            .as_deref(),
            Some(
                "Line an erased person, desk an erased person, or an erased person \
                 (an erased person)."
            )
        );
        assert_eq!(redact("Order 45355538921 or 2453555389", &phones), None);
        // Others' numbers sharing the last digits stay, and so does an order number.
        let ada = t(&["+1 415 555 0142"]);
        let ben = "Ben's line (650) 555 0142, NYC desk 212-555-0142, fax +1 650 555 0142, \
                   order #5550142.";
        assert_eq!(redact(ben, &ada), None);
        let cleo = t(&["+45 3 555 3892"]);
        assert_eq!(redact("Dan's own: +45 4 555 3892", &cleo), None);
        let uk = t(&["+44 (0)20 7946 0000"]);
        assert_eq!(
            redact("Call 020 7946 0000 or +44 20 7946 0000", &uk).as_deref(),
            Some("Call an erased person or an erased person")
        );
        let us = t(&["+1 415 555 0142"]);
        assert_eq!(
            redact("Cell (415) 555-0142.", &us).as_deref(),
            Some("Cell an erased person.")
        );
        let titles = t(&["Call Zeb about the loan"]);
        assert_eq!(
            replace("Complete task Call Zeb about the loan", &titles, "(erased)").as_deref(),
            Some("Complete task (erased)")
        );
    }
}
