//! The duplicate finder's cases: e-mails, numbers however written, names at one company.

use super::*;

fn c(
    id: i64,
    first: &str,
    last: &str,
    company: Option<i64>,
    email: &str,
    phone: &str,
) -> Candidate {
    Candidate {
        id: ContactId(id),
        first_name: first.into(),
        last_name: last.into(),
        company_id: company.map(CompanyId),
        emails: [email]
            .iter()
            .filter(|e| !e.is_empty())
            .map(|e| e.to_string())
            .collect(),
        phones: [phone]
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.to_string())
            .collect(),
    }
}

#[test]
fn bare_names_imported_twice_are_a_pair_but_namesakes_with_details_are_not() {
    let people = [
        c(1, "Short", "Row", None, "", ""),
        c(2, "short", " row", None, "", ""),
        c(3, "John", "Smith", None, "john@a.example", ""),
        c(4, "John", "Smith", None, "john@b.example", ""),
        c(5, "Ann", "Lee", None, "", "+44 20 7946 0001"),
        c(6, "Ann", "Lee", None, "", "+44 20 7946 0002"),
    ];
    let found = find(&people, None);
    assert_eq!(
        found,
        [DuplicatePair {
            a: ContactId(1),
            b: ContactId(2),
            reasons: vec![Reason::SameNameOnly],
        }]
    );
}

#[test]
fn phones_match_whatever_their_formatting() {
    assert_eq!(phone_key("+44 20 7946 0958"), phone_key("020 7946-0958"));
    assert_eq!(phone_key("(555) 010-0199 x12"), phone_key("555.010.0199"));
    let same = [
        ("+33 1 23 45 67 89", "01 23 45 67 89"),
        ("+44 20 7946 0958", "020 7946 0958"),
        ("44 20 7946 0958", "+44 (0)20 7946 0958"),
        ("+45 12 34 56 78", "12345678"),
        ("0045 12 34 56 78", "12 34 56 78"),
        ("+49 89 12345", "089 12345"),
        ("+39 06 1234 5678", "06 1234 5678"),
        ("+1 415 555 0142", "1-415-555-0142"),
        ("+1 415 555 0142", "(415) 555-0142"),
        ("+358 9 1234 567", "09 1234 567"),
    ];
    for (a, b) in same {
        assert!(phone_key(a).is_some(), "{a}");
        assert_eq!(phone_key(a), phone_key(b), "{a} / {b}");
    }
    assert_ne!(phone_key("+44 20 7946 0958"), phone_key("+44 20 7946 0959"));
    // Different numbers whose last nine digits agree: other area codes, other countries.
    let keys = |n: &str| phone_keys(n).collect::<Vec<_>>();
    for (a, b) in [
        ("+1 212 555 0100", "+1 312 555 0100"),
        ("+49 30 12345678", "+49 40 12345678"),
        ("+49 170 1234567", "+46 70 123 4567"),
        ("(212) 555-0100", "(312) 555-0100"),
    ] {
        assert!(!keys(a).iter().any(|k| keys(b).contains(k)), "{a} / {b}");
    }
    assert!(
        keys("1 555 0100")
            .iter()
            .any(|k| keys("+1 555 0100").contains(k))
    );
    assert_eq!(
        keys("+44 20 7946 0958").len(),
        1,
        "one key where both agree"
    );
    assert_eq!(phone_key("112"), None);
    assert_eq!(phone_key("112"), None);
}

#[test]
fn numbers_of_two_countries_are_not_one_phone() {
    let people = [
        c(1, "Yuki", "Wagner", None, "", "+420 2 555 7766"),
        c(2, "Grace", "Mensah", None, "", "+39 02 555 7766"),
        c(3, "Jonas", "Bianchi", None, "", "+420 2 555 7766"),
        c(4, "Ana", "Lopes", None, "", "02 555 7766"),
    ];
    let found = find(&people, None);
    let ids: Vec<(i64, i64)> = found.iter().map(|p| (p.a.0, p.b.0)).collect();
    // The two Czech numbers are one; the number written without a country may be either.
    assert_eq!(ids, [(1, 3), (1, 4), (2, 4), (3, 4)]);
}

/// London's "020 7946 0958" and Maine's "+1 207 946 0958" share ten digits; a number written with
/// a trunk zero is no North American (or Russian) one, which dial 1 (or 8) at home.
#[test]
fn a_number_with_a_trunk_zero_is_not_north_americas() {
    let people = [
        c(1, "Ruth", "Okafor", None, "", "020 7946 0958"),
        c(2, "Dale", "Hutchins", None, "", "+1 207 946 0958"),
        c(3, "Ruth", "Okafor", None, "", "+44 20 7946 0958"),
        c(4, "Dale", "Hutchins", None, "", "(207) 946-0958"),
        c(5, "Ruth", "Okafor", None, "", "(020) 7946 0958"),
    ];
    let found = find(&people, None);
    let ids: Vec<(i64, i64)> = found.iter().map(|p| (p.a.0, p.b.0)).collect();
    // The London number is one however written (in brackets too); so is Maine's; a number with
    // neither a country nor a trunk zero may be either.
    assert_eq!(
        ids,
        [(1, 3), (1, 4), (1, 5), (2, 4), (3, 4), (3, 5), (4, 5)]
    );
}

#[test]
fn same_email_same_phone_and_similar_name_at_one_company_are_found() {
    let people = [
        c(1, "Ada", "Lovelace", Some(1), "ada@example.org", ""),
        c(2, "Ada", "King", None, "ADA@example.org ", ""),
        c(3, "Jon", "Smith", Some(7), "", "+1 555 010 0199"),
        c(4, "John", "Smith", Some(7), "", "(555) 010-0199"),
        c(5, "John", "Smith", Some(8), "", ""),
        c(6, "Ann", "Lee", Some(7), "", ""),
    ];
    let found = find(&people, None);
    let ids: Vec<(i64, i64)> = found.iter().map(|p| (p.a.0, p.b.0)).collect();
    assert_eq!(ids, [(1, 2), (3, 4)]);
    assert_eq!(found[1].reasons.len(), 2, "{:?}", found[1].reasons);
    let only: HashSet<_> = [ContactId(4)].into();
    assert_eq!(find(&people, Some(&only)).len(), 1);
}

#[test]
fn names_typed_without_their_accents_are_the_same_name() {
    let people = [
        c(1, "José", "García", Some(1), "", ""),
        c(2, "Jose", "Garcia", Some(1), "", ""),
        c(3, "Björn", "Öberg", Some(2), "", ""),
        c(4, "Bjorn", "Oberg", Some(2), "", ""),
        c(5, "Zoë", "Ångström", Some(3), "", ""),
        c(6, "Zoe", "Angstrom", Some(3), "", ""),
    ];
    let ids: Vec<(i64, i64)> = find(&people, None).iter().map(|p| (p.a.0, p.b.0)).collect();
    assert_eq!(ids, [(1, 2), (3, 4), (5, 6)]);
}

/// `n` in letters (0 → "a", 27 → "bb"), for names told apart by letters only.
fn letters(mut n: i64) -> String {
    let mut out = String::new();
    loop {
        out.insert(0, char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            return out;
        }
    }
}

#[test]
fn placeholder_names_told_apart_by_their_numbers_are_no_pair() {
    let people = [
        c(1, "First0", "Last0", Some(1), "", ""),
        c(2, "First300", "Last300", Some(1), "", ""),
        c(3, "Lead", "12", Some(1), "", ""),
        c(4, "Lead", "13", Some(1), "", ""),
        c(5, "Jon", "Smith", Some(1), "", ""),
        c(6, "John", "Smith", Some(1), "", ""),
    ];
    let ids: Vec<(i64, i64)> = find(&people, None).iter().map(|p| (p.a.0, p.b.0)).collect();
    assert_eq!(ids, [(5, 6)]);
}

#[test]
fn a_flood_of_look_alikes_is_cut_at_the_cap_the_same_way_every_time() {
    // 40 companies of 500 people named alike: far more similar pairs than the cap.
    let people: Vec<Candidate> = (0..20_000)
        .map(|i| {
            let first = format!("person{}", letters(i));
            let last = format!("surname{}", letters(i % 40));
            c(i, &first, &last, Some(i % 40), "", "")
        })
        .collect();
    let found = find(&people, None);
    assert_eq!(found.len(), MAX_PAIRS);
    assert_eq!(find(&people, None), found);
}

#[test]
fn shared_e_mails_fill_the_list_before_look_alike_names() {
    let mut people: Vec<Candidate> = (0..MAX_PAIRS as i64 * 2)
        .map(|i| {
            c(
                i,
                &format!("person{}", letters(i)),
                "smith",
                Some(1),
                "",
                "",
            )
        })
        .collect();
    people.push(c(-1, "Zed", "Other", None, "zed@example.org", ""));
    people.push(c(-2, "Zoe", "Else", None, "ZED@example.org", ""));
    let found = find(&people, None);
    assert_eq!(found.len(), MAX_PAIRS);
    assert!(found.iter().any(|p| (p.a.0, p.b.0) == (-2, -1)));
}
