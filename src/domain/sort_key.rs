//! The key names are sorted by: accents and case folded, so "Özdemir" sorts among the O's and
//! "écuyer" among the E's. SQLite's NOCASE folds A–Z only and compares the rest by code point,
//! which put every name starting with an accented letter after Z.
//!
//! This is the root collation's order for Latin names (as a German, French or Spanish user
//! expects), not any one language's: Swedish puts Ö after Z, and no one order suits every
//! language. The key is stored beside the name (`sort_name`) and indexed, so a list of a million
//! contacts still reads one page at a time; Kith writes it with every name it writes.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Sorts below every character a name holds, so "Li" (then its first name) comes before "Lia".
const BETWEEN: char = '\u{1}';

/// `text` folded for sorting: accents dropped, letters that do not decompose spelt out ("ß" as
/// "ss", "Ø" as "o"), lower case.
pub fn sort_key(text: &str) -> String {
    let text = text.trim();
    // Nearly every name is ASCII, and a million-row import writes a key per row.
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut key = String::with_capacity(text.len());
    for c in text.nfd().filter(|c| !is_combining_mark(*c)) {
        match c {
            'ß' | 'ẞ' => key.push_str("ss"),
            'æ' | 'Æ' => key.push_str("ae"),
            'œ' | 'Œ' => key.push_str("oe"),
            'þ' | 'Þ' => key.push_str("th"),
            'ø' | 'Ø' => key.push('o'),
            'đ' | 'Đ' | 'ð' | 'Ð' => key.push('d'),
            'ł' | 'Ł' => key.push('l'),
            'ı' => key.push('i'),
            _ => key.extend(c.to_lowercase()),
        }
    }
    key
}

/// `text` folded as [`sort_key`] does, with an umlaut spelt out as German writes it without one:
/// "Müller" and "Mueller", "Ødegård" and "Oedegard" fold alike. For telling whether two spellings
/// are one name, not for sorting (Swedish "Lööf" is not "Loeoef" to a Swede, but is the same
/// person in an export that lost its letters).
pub fn spelt_out_key(text: &str) -> String {
    if text.is_ascii() {
        return sort_key(text);
    }
    let spelt: String = text
        .nfc()
        .flat_map(|c| {
            let pair: Option<&str> = match c {
                'ä' | 'Ä' => Some("ae"),
                'ö' | 'Ö' | 'ø' | 'Ø' => Some("oe"),
                'ü' | 'Ü' => Some("ue"),
                _ => None,
            };
            match pair {
                Some(pair) => pair.chars().collect::<Vec<_>>(),
                None => vec![c],
            }
        })
        .collect();
    sort_key(&spelt)
}

/// A person's key: family name, then given name, as the contact list sorts them.
pub fn person_sort_key(last_name: &str, first_name: &str) -> String {
    let mut key = sort_key(last_name);
    key.push(BETWEEN);
    key.push_str(&sort_key(first_name));
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<&str> = names.to_vec();
        names.sort_by_key(|n| sort_key(n));
        names.into_iter().map(String::from).collect()
    }

    #[test]
    fn umlauts_spelt_out_fold_alike() {
        assert_eq!(spelt_out_key("Müller"), spelt_out_key("Mueller"));
        assert_eq!(spelt_out_key("Ødegård"), spelt_out_key("Oedegard"));
        assert_eq!(spelt_out_key("Jörg"), "joerg");
        assert_ne!(spelt_out_key("Müller"), spelt_out_key("Muller"));
    }

    #[test]
    fn accented_names_sort_among_their_letters() {
        assert_eq!(
            sorted(&[
                "Zimmermann",
                "Özdemir",
                "Écuyer",
                "Oliveira",
                "Eriksen",
                "Pérez"
            ]),
            [
                "Écuyer",
                "Eriksen",
                "Oliveira",
                "Özdemir",
                "Pérez",
                "Zimmermann"
            ]
        );
    }

    #[test]
    fn case_and_composition_do_not_matter() {
        assert_eq!(sort_key("ÖZDEMIR"), sort_key("özdemir"));
        // "é" written as one character or as "e" and a combining accent.
        assert_eq!(sort_key("\u{e9}cuyer"), sort_key("e\u{301}cuyer"));
        assert_eq!(sort_key("  Müller "), "muller");
    }

    #[test]
    fn letters_without_a_decomposition_are_spelt_out() {
        assert_eq!(sort_key("Straße"), "strasse");
        assert_eq!(sort_key("Søren Ærø"), "soren aero");
        assert_eq!(sort_key("Łukasz"), "lukasz");
        assert_eq!(sort_key("Þórður"), "thordur");
    }

    #[test]
    fn other_scripts_keep_their_letters() {
        assert_eq!(sort_key("Иванов"), "иванов");
        assert_eq!(sort_key("王"), "王");
    }

    #[test]
    fn a_family_name_sorts_before_its_longer_neighbours_whatever_the_given_name() {
        let mut people = [("Lia", "Anna"), ("Li", "Wei"), ("Li", "An")];
        people.sort_by_key(|(last, first)| person_sort_key(last, first));
        assert_eq!(people, [("Li", "An"), ("Li", "Wei"), ("Lia", "Anna")]);
    }
}
