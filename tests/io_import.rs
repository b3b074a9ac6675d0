//! Imports of realistic files into real workspace files: every valid record arrives, every bad row
//! is reported with its row and field, and one Undo takes an import back.

mod common;

use std::path::PathBuf;

use kith::domain::{ChangeOp, ContactId, Entity};
use kith::io::csv_import::{self, Options, Profile, TextEncoding};
use kith::io::vcard;
use kith::store::{ContactQuery, Store};

fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/io")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn profile(name: &str) -> Profile {
    Profile::from_json(&String::from_utf8(fixture(name)).unwrap()).unwrap()
}

fn import_csv(store: &mut Store, name: &str, profile: Option<&Profile>) -> csv_import::Report {
    let bytes = fixture(name);
    let options = profile.map_or_else(Options::default, |p| Options::from_profile(p).unwrap());
    let preview = csv_import::preview(&bytes, &options, 3).unwrap();
    let mapping = profile.map_or(preview.proposed.clone(), |p| {
        p.mapping_for(&preview.headers)
    });
    csv_import::import(store, &bytes, name, &mapping, &options, &mut ()).unwrap()
}

/// Imports `bytes` as the wizard proposes to map them.
fn import_bytes(store: &mut Store, bytes: &[u8], name: &str) -> csv_import::Report {
    let preview = csv_import::preview(bytes, &Options::default(), 0).unwrap();
    csv_import::import(
        store,
        bytes,
        name,
        &preview.proposed,
        &Options::default(),
        &mut (),
    )
    .unwrap()
}

fn names(store: &Store) -> Vec<String> {
    let q = ContactQuery {
        limit: 100,
        ..Default::default()
    };
    let mut n: Vec<String> = store
        .contacts(&q)
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.name)
        .collect();
    n.sort();
    n
}

fn errors(report: &csv_import::Report) -> Vec<(u64, String, String)> {
    report
        .errors()
        .map(|e| (e.row, e.column.clone(), e.field.clone()))
        .collect()
}

fn find(store: &Store, email: &str) -> kith::domain::Contact {
    let q = ContactQuery {
        text: email.into(),
        limit: 5,
        ..Default::default()
    };
    let row = store
        .contacts(&q)
        .unwrap()
        .rows
        .into_iter()
        .next()
        .expect(email);
    store.contact(row.id).unwrap()
}

#[test]
fn a_google_contacts_export_arrives_whole_and_its_bad_rows_are_named() {
    let (_dir, mut store) = common::workspace();
    let report = import_csv(&mut store, "google_contacts.csv", None);
    assert_eq!((report.imported, report.updated), (5, 0));
    assert_eq!(
        errors(&report),
        [
            (6, "E-mail 1 - Value".into(), "email".into()),
            (7, "Birthday".into(), "birthday".into())
        ]
    );
    assert_eq!(
        names(&store),
        [
            "Ada Lovelace",
            "Alan Turing",
            "Grace Hopper",
            "Katherine Johnson",
            "Margaret Hamilton"
        ]
    );
    let ada = find(&store, "ada@analytical.example");
    assert_eq!(ada.fields.emails.len(), 2);
    assert_eq!(ada.fields.emails[0].label, "work");
    assert_eq!(ada.fields.phones[0].label, "mobile");
    assert_eq!(ada.fields.tags, ["Friends", "VIP"]);
    assert_eq!(ada.fields.job_title, "Mathematician");
    assert_eq!(ada.fields.address.city, "London");
    assert_eq!(ada.fields.birthday.unwrap().to_string(), "1815-12-10");
    assert!(ada.fields.notes.contains("Follow up in spring."));
    assert_eq!(ada.fields.custom["Nickname"], "Countess");
    let company = store.company(ada.fields.company_id.unwrap()).unwrap();
    assert_eq!(company.fields.name, "Analytical Engines Ltd");
    let grace = find(&store, "grace@navy.example");
    assert_eq!(grace.fields.phones.len(), 2, "both numbers of a ':::' cell");
    let katherine = find(&store, "katherine@nasa.example");
    assert_eq!(katherine.fields.birthday, None);
    assert_eq!(katherine.fields.custom["Birthday"], "--08-26");
    // Katherine and Margaret work at one NASA: the company is matched, not created twice.
    assert_eq!(
        katherine.fields.company_id,
        find(&store, "margaret@nasa.example").fields.company_id
    );
    assert_eq!(report.companies_created, 4);
}

#[test]
fn an_older_google_export_keeps_its_full_name_only_where_the_parts_do_not_spell_it() {
    let (_dir, mut store) = common::workspace();
    let report = import_csv(&mut store, "google_contacts_legacy.csv", None);
    assert_eq!((report.imported, report.rejected.len()), (4, 0));
    assert_eq!(
        names(&store),
        ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Wei Li"]
    );
    let ada = find(&store, "ada@analytical.example");
    assert!(ada.fields.custom.is_empty(), "{:?}", ada.fields.custom);
    assert_eq!(ada.fields.job_title, "Mathematician");
    // Prefix and middle name are kept, and with them the full name says nothing more.
    let grace = find(&store, "grace@cobol.example");
    assert_eq!(grace.fields.custom["Name Prefix"], "Dr.");
    assert_eq!(grace.fields.custom["Additional Name"], "Brewster");
    assert!(!grace.fields.custom.contains_key("Display name"));
    // Family name first: the order is the person's own, and kept.
    let wei = find(&store, "li.wei@example.cn");
    assert_eq!(wei.fields.custom["Display name"], "Li Wei");
    // A row with the full name alone is split into its parts.
    let alan = find(&store, "alan@bletchley.example");
    assert_eq!(
        (
            alan.fields.first_name.as_str(),
            alan.fields.last_name.as_str()
        ),
        ("Alan", "Turing")
    );
}

#[test]
fn an_outlook_export_in_windows_1252_keeps_its_accents() {
    let (_dir, mut store) = common::workspace();
    let p = profile("outlook_mapping.json");
    let report = import_csv(&mut store, "outlook_windows1252.csv", Some(&p));
    assert_eq!(report.encoding, "Windows-1252");
    assert_eq!(report.imported, 3);
    assert_eq!(
        errors(&report),
        [(4, "Business Phone".into(), "phone".into())]
    );
    let renee = find(&store, "renee.dubois@cafe-societe.example");
    assert_eq!(renee.fields.first_name, "Renée");
    assert_eq!(renee.fields.job_title, "Gérante");
    assert_eq!(renee.fields.notes, "Prix: 25 € par kilo");
    assert_eq!(renee.fields.birthday.unwrap().to_string(), "1979-03-14");
    assert_eq!(renee.fields.tags, ["Clients", "VIP"]);
    assert_eq!(
        store
            .company(renee.fields.company_id.unwrap())
            .unwrap()
            .fields
            .name,
        "Café Société"
    );
    let jurgen = find(&store, "j.mueller@mueller-soehne.example");
    assert_eq!(
        jurgen.fields.birthday, None,
        "Outlook's 0/0/00 means no date"
    );
    assert!(
        !jurgen.fields.custom.contains_key("Birthday"),
        "nor a custom field"
    );
    assert_eq!(jurgen.fields.address.city, "München");
    assert_eq!(jurgen.fields.custom["Home City"], "Starnberg");
    assert_eq!(jurgen.fields.emails.len(), 2);
    assert!(jurgen.fields.phones.iter().any(|p| p.label == "work fax"));
    // Without a profile the encoding is detected all the same.
    let preview =
        csv_import::preview(&fixture("outlook_windows1252.csv"), &Options::default(), 1).unwrap();
    assert_eq!(preview.encoding, TextEncoding::Windows1252);
    assert_eq!(preview.rows[0][1], "Renée");
}

#[test]
fn a_semicolon_file_with_a_saved_mapping_reports_row_and_field() {
    let (dir, mut store) = common::workspace();
    let p = profile("semicolon_mapping.json");
    let report = import_csv(&mut store, "semicolon.csv", Some(&p));
    assert_eq!(report.delimiter, ";");
    assert_eq!(report.imported, 3);
    assert_eq!(
        errors(&report),
        [
            (4, "Nachname".into(), "name".into()),
            (5, "Geburtstag".into(), "birthday".into())
        ]
    );
    let weber = find(&store, "thomas.weber@weber-partner.example");
    assert_eq!(
        store
            .company(weber.fields.company_id.unwrap())
            .unwrap()
            .fields
            .name,
        "Weber; Partner KG"
    );
    assert_eq!(weber.fields.custom["Umsatz"], "99,00");

    // The rejects file keeps the original columns and separator plus the reason, and once fixed
    // its rows import with the same profile (its UTF-8 BOM outweighs the profile's encoding).
    let rejects = dir.path().join("rejects.csv");
    csv_import::write_rejects(&rejects, &report).unwrap();
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.starts_with("\u{feff}Nachname;Vorname;Firma"), "{text}");
    assert!(
        text.contains("row 5, column \"\"Geburtstag\"\": birthday"),
        "{text}"
    );
    let fixed = text
        .replace("1990-02-30", "1990-02-28")
        .replace(";;Nur Firma GmbH", "Muster;Max;Nur Firma GmbH");
    let bytes = fixed.into_bytes();
    let options = Options::from_profile(&p).unwrap();
    let preview = csv_import::preview(&bytes, &options, 0).unwrap();
    assert!(p.columns_not_in(&preview.headers).is_empty());
    let again = csv_import::import(
        &mut store,
        &bytes,
        "rejects.csv",
        &p.mapping_for(&preview.headers),
        &options,
        &mut (),
    )
    .unwrap();
    assert_eq!(
        (again.imported, again.rejected.len()),
        (2, 0),
        "{:?}",
        again.rejected
    );
}

#[test]
fn an_import_is_one_undo_step_and_a_dry_run_keeps_nothing() {
    let (_dir, mut store) = common::workspace();
    let bytes = fixture("google_contacts.csv");
    let preview = csv_import::preview(&bytes, &Options::default(), 0).unwrap();
    let dry = Options {
        dry_run: true,
        ..Options::default()
    };
    let report = csv_import::import(
        &mut store,
        &bytes,
        "g.csv",
        &preview.proposed,
        &dry,
        &mut (),
    )
    .unwrap();
    assert_eq!(report.imported, 5);
    assert!(names(&store).is_empty());
    assert_eq!(store.undo_label().unwrap(), None);

    import_csv(&mut store, "google_contacts.csv", None);
    assert_eq!(names(&store).len(), 5);
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Import google_contacts.csv")
    );
    let sets = store.change_sets(10).unwrap();
    assert_eq!(sets.len(), 1);
    assert!(sets[0].changes.iter().any(|c| c.entity == Entity::Company));
    store.undo().unwrap();
    assert!(names(&store).is_empty());
    store.redo().unwrap();
    assert_eq!(names(&store).len(), 5);

    // The same file again merges by e-mail instead of duplicating.
    let again = import_csv(&mut store, "google_contacts.csv", None);
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 5));
    assert_eq!(names(&store).len(), 5);
}

#[test]
fn a_cancelled_import_keeps_nothing() {
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    let (_dir, mut store) = common::workspace();
    let mut csv = String::from("First Name,Email\n");
    for i in 0..5000 {
        csv += &format!("P{i},p{i}@example.org\n");
    }
    let preview = csv_import::preview(csv.as_bytes(), &Options::default(), 0).unwrap();
    let mut seen = Vec::new();
    let mut watch = kith::io::Watch {
        cancel: Arc::new(AtomicBool::new(false)),
        on_progress: |p: kith::io::Progress| seen.push(p.records),
    };
    watch
        .cancel
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let err = csv_import::import(
        &mut store,
        csv.as_bytes(),
        "big.csv",
        &preview.proposed,
        &Options::default(),
        &mut watch,
    );
    assert!(matches!(err, Err(kith::io::Error::Cancelled)));
    assert!(names(&store).is_empty());
}

#[test]
fn bad_bytes_never_panic() {
    let (_dir, mut store) = common::workspace();
    for junk in [
        &b""[..],
        b"\xff\xfe",
        b"\x00\x01\x02,\n\"unterminated",
        b"a,b\n\"x\"y\",z\n,,,,,,\n",
    ] {
        let Ok(preview) = csv_import::preview(junk, &Options::default(), 5) else {
            continue;
        };
        let _ = csv_import::import(
            &mut store,
            junk,
            "junk",
            &preview.proposed,
            &Options::default(),
            &mut (),
        );
    }
    assert!(vcard::read_cards(b"\xff\xfe\x00BEGIN:VCARD\nN:;;\nEND:VCARD").len() <= 1);
}

#[test]
fn vcard_30_with_folding_and_quoted_printable_imports_every_good_card() {
    let (_dir, mut store) = common::workspace();
    let report =
        vcard::import(&mut store, &fixture("contacts_v30.vcf"), "v30.vcf", &mut ()).unwrap();
    assert_eq!((report.cards, report.imported), (4, 3));
    assert_eq!(report.rejected.len(), 1);
    assert_eq!(
        (report.rejected[0].card, report.rejected[0].field.as_str()),
        (3, "email")
    );
    assert!(
        report.notices.iter().any(|n| n.contains("photo skipped")),
        "{:?}",
        report.notices
    );
    let ada = find(&store, "ada@analytical.example");
    assert_eq!(
        (
            ada.fields.first_name.as_str(),
            ada.fields.last_name.as_str()
        ),
        ("Ada", "Lovelace")
    );
    assert_eq!(
        ada.fields.notes,
        "Met at the Royal Society, 1833.\nInterested in the Analytical Engine; follow up in spring."
    );
    assert_eq!(ada.fields.emails[1].label, "home");
    assert_eq!(ada.fields.phones[0].label, "mobile");
    assert_eq!(ada.fields.custom["Department"], "Research");
    let jurgen = find(&store, "j.mueller@mueller-soehne.example");
    assert_eq!(jurgen.fields.full_name(), "Jürgen Müller");
    assert_eq!(
        jurgen.fields.notes,
        "Bevorzugt Anrufe am Vormittag. Grüße an die Familie Müller.\nZweite Zeile."
    );
    assert_eq!(jurgen.fields.address.street, "Hauptstraße 5");
    assert_eq!(jurgen.fields.address.city, "München");
    assert_eq!(
        store
            .company(jurgen.fields.company_id.unwrap())
            .unwrap()
            .fields
            .name,
        "Müller & Söhne GmbH"
    );
    assert_eq!(
        find(&store, "grace@navy.example")
            .fields
            .birthday
            .unwrap()
            .to_string(),
        "1906-12-09"
    );
}

/// An address written in capitals is the same address, accented letters included (SQLite's own
/// case folding stops at A–Z).
#[test]
fn an_address_in_capitals_with_accents_matches_the_same_person() {
    let (_dir, mut store) = common::workspace();
    let file = "First Name,Last Name,E-mail Address\n\
        Jürgen,García,jürgen.garcía0@example.com\n\
        Jürgen,García,JÜRGEN.GARCÍA0@EXAMPLE.COM\n\
        Zoë,Ødegård,ZOË@EXAMPLE.ORG\n";
    let first = import_bytes(&mut store, file.as_bytes(), "accents.csv");
    // The second row is the first's person again: merged into the contact it made.
    assert_eq!(
        (
            first.imported,
            first.updated + first.unchanged,
            first.joined
        ),
        (2, 0, 1)
    );
    let again = "First Name,Last Name,E-mail Address\nZoë,Ødegård,zoë@example.org\n";
    let again = import_bytes(&mut store, again.as_bytes(), "again.csv");
    assert_eq!((again.imported, again.updated + again.unchanged), (0, 1));
    assert_eq!(names(&store).len(), 2);
}

/// One person exported by two systems, one of which lost its accents (or spelt the umlaut out):
/// the second file's row is the same person, updated, not a second contact with one address.
#[test]
fn a_name_written_without_its_accents_is_the_same_person() {
    let (_dir, mut store) = common::workspace();
    let hubspot = "First Name,Last Name,Email,Job Title\n\
        José,García,jose.garcia@cafe-sol.es,\n\
        Hans,Müller,hans@roesterei.de,\n";
    let first = import_bytes(&mut store, hubspot.as_bytes(), "hubspot.csv");
    assert_eq!(first.imported, 2);
    let salesforce = "First Name,Last Name,Email,Job Title\n\
        Jose,Garcia,Jose.Garcia@cafe-sol.es,Owner\n\
        HANS,Mueller,hans@roesterei.de,Roaster\n";
    let second = import_bytes(&mut store, salesforce.as_bytes(), "salesforce.csv");
    assert_eq!((second.imported, second.updated), (0, 2));
    assert_eq!(names(&store).len(), 2);
    assert_eq!(find(&store, "hans@roesterei.de").fields.last_name, "Müller");
    assert_eq!(
        find(&store, "hans@roesterei.de").fields.job_title,
        "Roaster"
    );
}

/// Google's group of every contact is left out where Google writes it (marked "*" in its CSV,
/// among a vCard's CATEGORIES); a tag the user has is kept, so Kith's own export imports whole.
/// (The CSV import dropped "myContacts" and "starred" wherever they stood, the vCard import
/// kept them: a contact's tags went from three to one through an export and an import.)
#[test]
fn googles_all_contacts_group_is_left_out_and_the_users_own_tags_kept() {
    let (_dir, mut store) = common::workspace();
    let card = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Karin Berg\r\nN:Berg;Karin;;;\r\n\
        EMAIL:karin@example.se\r\nCATEGORIES:Kunder,myContacts,starred\r\nEND:VCARD\r\n";
    vcard::import(&mut store, card.as_bytes(), "google.vcf", &mut ()).unwrap();
    let mut tags = find(&store, "karin@example.se").fields.tags;
    tags.sort();
    assert_eq!(tags, ["Kunder", "starred"]);

    let google = "First Name,Last Name,E-mail 1 - Value,Labels\n\
        Ola,Nord,ola@example.no,* myContacts ::: * starred ::: Friends\n";
    import_bytes(&mut store, google.as_bytes(), "google.csv");
    let mut tags = find(&store, "ola@example.no").fields.tags;
    tags.sort();
    assert_eq!(tags, ["Friends", "starred"]);

    let kith = "First name,Last name,E-mail,Tags\n\
        Per,Lund,per@example.se,Kunder; myContacts; starred\n";
    import_bytes(&mut store, kith.as_bytes(), "kith.csv");
    let mut tags = find(&store, "per@example.se").fields.tags;
    tags.sort();
    assert_eq!(tags, ["Kunder", "myContacts", "starred"]);
}

/// A row with a date that cannot be read and an e-mail the store refuses names both at once, so
/// the user fixes the row in one go instead of learning of the second problem on the next try.
#[test]
fn every_problem_of_a_row_is_named_at_once() {
    let (_dir, mut store) = common::workspace();
    let file = b"First Name,Last Name,E-mail Address,Birthday\n\
        Ann,Lee,not-mail,2026-13-45\n\
        Bo,Ek,bo@example.org,1990-01-01\n";
    let report = import_bytes(&mut store, file, "two.csv");
    assert_eq!((report.imported, report.rejected.len()), (1, 1));
    let mut named: Vec<(&str, &str)> = report
        .errors()
        .map(|e| (e.column.as_str(), e.field.as_str()))
        .collect();
    named.sort();
    assert_eq!(
        named,
        [("Birthday", "birthday"), ("E-mail Address", "email")]
    );
}

/// A card with two bad fields names both, and counts once among the rejected cards.
#[test]
fn a_card_with_two_problems_is_one_rejected_card() {
    let (_dir, mut store) = common::workspace();
    let file = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Good Card\r\nEMAIL:good@example.org\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bad Mail\r\nEMAIL:not an address\r\nEND:VCARD\r\n\
        BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Two Faults\r\nEMAIL:also wrong\r\nEMAIL:wrong@again@\r\nEND:VCARD\r\n";
    let report = vcard::import(&mut store, file, "three.vcf", &mut ()).unwrap();
    assert_eq!((report.cards, report.imported), (3, 1));
    assert_eq!(report.rejected_cards(), 2);
    let third: Vec<&str> = report
        .rejected
        .iter()
        .filter(|e| e.card == 3)
        .map(|e| e.field.as_str())
        .collect();
    assert_eq!(third.len(), 2, "{:?}", report.rejected);
}

#[test]
fn vcard_40_imports_uri_phones_and_yearless_birthdays() {
    let (_dir, mut store) = common::workspace();
    let report =
        vcard::import(&mut store, &fixture("contacts_v40.vcf"), "v40.vcf", &mut ()).unwrap();
    assert_eq!((report.imported, report.rejected.len()), (2, 0));
    let k = find(&store, "katherine@nasa.example");
    assert_eq!(k.fields.phones[0].number, "+1-757-555-0100");
    assert_eq!(k.fields.phones[0].label, "mobile");
    assert_eq!(k.fields.birthday.unwrap().to_string(), "1918-08-26");
    assert_eq!(k.fields.tags, ["Pioneers", "NASA"]);
    assert_eq!(k.fields.address.postal_code, "23681");
    let d = find(&store, "dorothy@nasa.example");
    assert_eq!(d.fields.custom["Birthday"], "--0920");
    assert_eq!(d.fields.phones[0].number, "+1-757-555-0101 ext. 12");
    assert_eq!(d.fields.custom["Nickname"], "Dot");
    assert_eq!(
        d.fields.custom["Website"],
        "https://example.org/people/dorothy"
    );
    assert_eq!(d.fields.custom["Anniversary"], "19260101");
}

/// A birthday the calendar lacks is kept, and said with its card, as a CSV row's is; a day
/// without a year, or text a card marks as text, is simply kept.
#[test]
fn a_vcard_birthday_the_calendar_lacks_is_kept_and_said() {
    let (_dir, mut store) = common::workspace();
    let cards = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Leap;Lena\r\nEMAIL:lena@x.example\r\n\
                 BDAY:1991-02-29\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Day;Dora\r\nEMAIL:dora@x.example\r\n\
                 BDAY:--0412\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Old;Otto\r\nEMAIL:otto@x.example\r\n\
                 BDAY;VALUE=text:circa 1800\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Feb;Fay\r\nEMAIL:fay@x.example\r\n\
                 BDAY:19990231\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Up;Uma\r\nEMAIL:uma@x.example\r\n\
                 BDAY;VALUE=TEXT:circa 1900\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Leap;Lars\r\nEMAIL:lars@x.example\r\n\
                 BDAY:--0229\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Thirty;Theo\r\nEMAIL:theo@x.example\r\n\
                 BDAY:--0230\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:4.0\r\nN:Month;Mo\r\nEMAIL:mo@x.example\r\n\
                 BDAY:1985-13\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nN:One;Max\r\nEMAIL:max@x.example\r\n\
                 BDAY:0001-04-12\r\nEND:VCARD\r\n\
                 BEGIN:VCARD\r\nVERSION:3.0\r\nN:Future;Nia\r\nEMAIL:nia@x.example\r\n\
                 BDAY:2099-01-01\r\nEND:VCARD\r\n";
    let report = vcard::import(&mut store, cards.as_bytes(), "bdays.vcf", &mut ()).unwrap();
    // A day no birthday can be costs the card nothing either.
    assert_eq!((report.imported, report.rejected.len()), (10, 0));
    let said: Vec<&String> = report
        .notices
        .iter()
        .filter(|n| n.contains("birthday"))
        .collect();
    assert_eq!(said.len(), 6, "{said:?}");
    assert!(
        said[4].contains("\"0001-04-12\" is before the year 1000"),
        "{said:?}"
    );
    assert!(
        said[5].contains("\"2099-01-01\" is in the future"),
        "{said:?}"
    );
    assert_eq!(find(&store, "nia@x.example").fields.birthday, None);
    assert_eq!(
        find(&store, "nia@x.example").fields.custom["Birthday"],
        "2099-01-01"
    );
    assert!(
        said[2].starts_with("card 7 (Theo Thirty): birthday: \"--0230\""),
        "{said:?}"
    );
    assert!(
        said[3].starts_with("card 8 (Mo Month): birthday: \"1985-13\""),
        "{said:?}"
    );
    assert!(
        said[0].starts_with("card 1 (Lena Leap): birthday: \"1991-02-29\" is not a day"),
        "{said:?}"
    );
    assert!(
        said[1].starts_with("card 4 (Fay Feb): birthday: \"19990231\""),
        "{said:?}"
    );
    assert_eq!(
        find(&store, "lena@x.example").fields.custom["Birthday"],
        "1991-02-29"
    );
    assert_eq!(
        find(&store, "dora@x.example").fields.custom["Birthday"],
        "--0412"
    );
    assert_eq!(
        find(&store, "otto@x.example").fields.custom["Birthday"],
        "circa 1800"
    );
}

#[test]
fn vcard_export_and_import_round_trip_the_fields_vcard_carries() {
    for version in [vcard::Version::V3, vcard::Version::V4] {
        let (_dir, mut store) = common::workspace();
        vcard::import(&mut store, &fixture("contacts_v30.vcf"), "v30.vcf", &mut ()).unwrap();
        vcard::import(&mut store, &fixture("contacts_v40.vcf"), "v40.vcf", &mut ()).unwrap();
        // Custom fields no vCard property holds, and the further addresses a card brought in.
        let custom = [
            ("Shoe size", "38"),
            ("Address 2", "12 Quay St, Bristol, United Kingdom"),
            ("Address 3", "PO Box 9"),
            ("Favourite; odd, name", "line one\nline two, with a comma"),
            ("Birthday", "some day in May"),
            ("X-PHONETIC-FIRST-NAME", "Meri"),
            ("X-ray", "clear"),
        ];
        store
            .create_contact(kith::domain::ContactFields {
                first_name: "Mary".into(),
                last_name: "Jackson".into(),
                address: kith::domain::Address {
                    city: "Hampton".into(),
                    ..Default::default()
                },
                custom: custom
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
                // A CRM's own fields, which no vCard property holds.
                owner: "Sam Rivera".into(),
                lead_source: "Trade fair".into(),
                lifecycle: kith::domain::LifecycleStage::Customer,
                age: Some(41),
                annual_income: Some(kith::domain::Money::new(
                    5_200_050,
                    kith::domain::Currency::new("EUR").unwrap(),
                )),
                education_years: Some(16),
                ..Default::default()
            })
            .unwrap();
        let ids = store.contact_ids().unwrap();
        let mut out = Vec::new();
        vcard::export(&store, &ids, version, &mut out).unwrap();
        let text = String::from_utf8(out.clone()).unwrap();
        assert!(text.contains("\r\nADR:;;12 Quay St\\, Bristol\\, United Kingdom;;;;\r\n"));
        assert!(text.contains("\r\nX-KITH-FIELD:Shoe size;38\r\n"));
        assert!(text.contains("\r\nX-PHONETIC-FIRST-NAME:Meri\r\n"));
        assert!(text.contains("\r\nX-KITH-ANNUAL-INCOME:52000.50 EUR\r\n"));
        assert!(
            text.split("\r\n").all(|l| l.len() <= 75),
            "folded at 75 octets"
        );
        let (_dir2, mut copy) = common::workspace();
        let report = vcard::import(&mut copy, &out, "out.vcf", &mut ()).unwrap();
        assert_eq!(report.imported as usize, ids.len());
        for (a, b) in ids.iter().zip(copy.contact_ids().unwrap()) {
            let (a, b) = (store.contact(*a).unwrap(), copy.contact(b).unwrap());
            // The day each was first recorded moves with it (X-KITH-CREATED): a vCard move had
            // made every contact new on the day of the move.
            assert_eq!(a.created_at, b.created_at, "{version:?}");
            let (a, b) = (a.fields, b.fields);
            assert_eq!(
                (&a.first_name, &a.last_name, &a.job_title),
                (&b.first_name, &b.last_name, &b.job_title)
            );
            assert_eq!(
                (&a.emails, &a.phones, &a.address),
                (&b.emails, &b.phones, &b.address)
            );
            assert_eq!(
                (&a.birthday, &a.notes, &a.tags),
                (&b.birthday, &b.notes, &b.tags)
            );
            // Middle name, prefix, department, nickname, website, a birthday without a year…
            assert_eq!(a.custom, b.custom, "{version:?}");
            assert_eq!(
                (&a.owner, &a.lead_source, a.lifecycle),
                (&b.owner, &b.lead_source, b.lifecycle)
            );
            assert_eq!(
                (a.age, a.annual_income, a.education_years),
                (b.age, b.annual_income, b.education_years)
            );
            let name = |s: &Store, c: Option<kith::domain::CompanyId>| {
                c.map(|c| s.company(c).unwrap().fields.name)
            };
            assert_eq!(name(&store, a.company_id), name(&copy, b.company_id));
        }
    }
}

/// Reading Kith's own vCards back into the same workspace changes nobody: an Outlook file's
/// "Middle Name" came back as a second field "Middle name", and a street with CR LF line breaks
/// (as a CSV brings it) came back with LF and counted as changed.
#[test]
fn reading_its_own_vcards_back_leaves_every_contact_unchanged() {
    for version in [vcard::Version::V3, vcard::Version::V4] {
        let (_dir, mut store) = common::workspace();
        let id = store
            .create_contact(kith::domain::ContactFields {
                first_name: "Zoë".into(),
                last_name: "Brontë".into(),
                emails: vec![kith::domain::EmailAddress {
                    address: "zoe@haworth.example".into(),
                    ..Default::default()
                }],
                address: kith::domain::Address {
                    street: "The Parsonage\r\nChurch Street".into(),
                    city: "Haworth".into(),
                    ..Default::default()
                },
                custom: [("Middle Name".to_string(), "Anne".to_string())].into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let before = store.contact(id).unwrap().fields;
        let mut out = Vec::new();
        vcard::export(&store, &[id], version, &mut out).unwrap();
        let report = vcard::import(&mut store, &out, "own.vcf", &mut ()).unwrap();
        assert_eq!(
            (report.imported, report.updated, report.unchanged),
            (0, 0, 1),
            "{version:?}"
        );
        assert_eq!(store.contact(id).unwrap().fields, before, "{version:?}");
    }
}

#[test]
fn duplicates_are_found_merged_field_by_field_and_the_merge_undone() {
    let (_dir, mut store) = common::workspace();
    import_csv(&mut store, "google_contacts.csv", None);
    let margaret = find(&store, "margaret@nasa.example");
    let mut csv = String::from("First Name,Last Name,Company,Phone,Job Title\n");
    csv += "Margret,Hamilton,NASA,617 555 0100,Director\n";
    let bytes = csv.into_bytes();
    let preview = csv_import::preview(&bytes, &Options::default(), 0).unwrap();
    let report = csv_import::import(
        &mut store,
        &bytes,
        "more.csv",
        &preview.proposed,
        &Options::default(),
        &mut (),
    )
    .unwrap();
    let pairs = store.find_duplicates(Some(&report.contact_ids)).unwrap();
    assert_eq!(pairs.len(), 1, "{pairs:?}");
    assert_eq!(
        pairs[0].reasons.len(),
        2,
        "same phone and similar name: {pairs:?}"
    );
    let other = report.contact_ids[0];
    let picks = [("job_title".to_string(), kith::store::Side::Other)].into();
    let merged = store.merge_contacts(margaret.id, other, &picks).unwrap();
    assert_eq!(merged.fields.first_name, "Margaret");
    assert_eq!(merged.fields.job_title, "Director");
    assert_eq!(
        merged.fields.phones.len(),
        1,
        "the same number is not repeated"
    );
    assert!(store.contact(other).unwrap().deleted_at.is_some());
    store.undo().unwrap();
    assert!(store.contact(other).unwrap().deleted_at.is_none());
    assert_eq!(store.contact(margaret.id).unwrap().fields, margaret.fields);
    let _ = ContactId(0);
}

#[test]
fn a_hubspot_export_keeps_the_date_each_contact_was_created() {
    let (_dir, mut store) = common::workspace();
    let report = import_csv(&mut store, "hubspot.csv", None);
    assert_eq!((report.imported, report.updated), (3, 0));
    assert_eq!(
        errors(&report),
        [
            (4, "Create Date".into(), "created_at".into()),
            (5, "Create Date".into(), "created_at".into())
        ]
    );
    let maria = find(&store, "maria@acme.example");
    assert_eq!(maria.fields.lifecycle.as_str(), "customer");
    assert_eq!(maria.fields.owner, "Sam Seller");
    // HubSpot's own id is the way back to its record: kept.
    assert!(
        maria.fields.custom.contains_key("Record ID"),
        "{:?}",
        maria.fields.custom
    );
    // "2021-03-01 10:00" is on the user's clock: the stored instant is that day, whatever the zone.
    assert_eq!(
        maria
            .created_at
            .to_local()
            .format("%Y-%m-%d %H:%M")
            .to_string(),
        "2021-03-01 10:00"
    );
    let john = find(&store, "john@northwind.example");
    assert_eq!(john.fields.lifecycle.as_str(), "qualified");
    assert_eq!(john.fields.phones[0].label, "mobile");
    // A row without the column is created now, like any new contact.
    let tom = find(&store, "tom@novak.example");
    assert!(tom.created_at > maria.created_at);
    assert!(tom.created_at >= john.created_at);
}

#[test]
fn every_imported_contact_has_its_creation_in_its_history() {
    let (_dir, mut store) = common::workspace();
    import_csv(&mut store, "google_contacts.csv", None);
    let ids: Vec<ContactId> = store
        .contacts(&ContactQuery {
            limit: 100,
            ..Default::default()
        })
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), 5);
    for id in &ids {
        let history = store.history(Entity::Contact, id.0, 10).unwrap();
        let ops: Vec<(ChangeOp, &str)> = history.iter().map(|h| (h.op, h.label.as_str())).collect();
        assert_eq!(
            ops,
            [(ChangeOp::Create, "Import google_contacts.csv")],
            "{id:?}"
        );
    }
    // A later edit of one of them is added on top; the import run still names the creation.
    let last = *ids.iter().max().unwrap();
    let mut fields = store.contact(last).unwrap().fields;
    fields.job_title = "Navigator".into();
    store.update_contact(last, fields).unwrap();
    let ops: Vec<ChangeOp> = store
        .history(Entity::Contact, last.0, 10)
        .unwrap()
        .iter()
        .map(|h| h.op)
        .collect();
    assert_eq!(ops, [ChangeOp::Update, ChangeOp::Create]);
}

#[test]
fn the_activity_log_counts_every_record_an_import_created() {
    let (_dir, mut store) = common::workspace();
    let report = import_csv(&mut store, "google_contacts.csv", None);
    let log = store.activity_log(10, None).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].label, "Import google_contacts.csv");
    assert_eq!(
        log[0].records as u64,
        report.imported + report.companies_created
    );
}

#[test]
fn two_people_sharing_an_address_stay_two_and_are_matched_again_on_reimport() {
    let (_dir, mut store) = common::workspace();
    let file = b"First Name,Last Name,Company,Job Title,E-mail Address,Mobile Phone\n\
        Anna,Baker,Corner Bakery,Owner,info@cornerbakery.example,+44 7700 900111\n\
        Tom,Baker,Corner Bakery,Head Baker,INFO@cornerbakery.example,+44 7700 900222\n\
        A.,Baker,,,info@cornerbakery.example,\n";
    let import = |store: &mut Store| import_bytes(store, file, "bakery.csv");
    let first = import(&mut store);
    // Anna and Tom are two people; "A. Baker" is Anna again (an initial agrees with her name).
    // "A. Baker" is Anna's row again, merged into the contact her row made: neither new nor an
    // update of a contact the workspace held.
    assert_eq!(
        (first.imported, first.updated, first.unchanged, first.joined),
        (2, 0, 0, 1)
    );
    assert!(
        first.duplicates.unwrap() >= 1,
        "the shared address is flagged"
    );
    let mut people = names(&store);
    people.sort();
    assert_eq!(people, ["Anna Baker", "Tom Baker"]);
    let anna = find(&store, "Anna");
    assert_eq!(anna.fields.job_title, "Owner");
    let again = import(&mut store);
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(names(&store).len(), 2);
}

#[test]
fn a_quote_that_never_closes_costs_its_row_only_and_rows_are_numbered_as_a_spreadsheet_shows() {
    let (_dir, mut store) = common::workspace();
    let mut file = String::from("First Name,Last Name,Email,Notes\n");
    for i in 0..100 {
        if i == 9 {
            file.push_str("P9,Person,p9@x.example,\"Said: call me back\n");
        } else if i == 50 {
            // A blank line in the middle: a spreadsheet shows it as a row of its own.
            file.push_str(&format!("\nP{i},Person,p{i}@x.example,\"quoted, fine\"\n"));
        } else {
            file.push_str(&format!("P{i},Person,p{i}@x.example,plain\n"));
        }
    }
    file.push_str("Bad,Mail,bad@@x,\n");
    let bytes = file.into_bytes();
    let preview = csv_import::preview(&bytes, &Options::default(), 20).unwrap();
    assert_eq!(
        preview.rows.len(),
        20,
        "the preview is not swallowed either"
    );
    let report = csv_import::import(
        &mut store,
        &bytes,
        "quotes.csv",
        &preview.proposed,
        &Options::default(),
        &mut (),
    )
    .unwrap();
    assert_eq!(report.imported, 99);
    // Header 1, P0 row 2 … P9 row 11; the blank line before P50 is row 52; Bad is row 103.
    assert_eq!(
        errors(&report),
        [
            (11, "Notes".into(), "quote".into()),
            (103, "Email".into(), "email".into())
        ]
    );
    assert_eq!(find(&store, "p99@x.example").fields.notes, "plain");
    assert_eq!(find(&store, "p50@x.example").fields.notes, "quoted, fine");
}

#[test]
fn contacts_with_only_a_phone_are_matched_again_on_reimport() {
    let (_dir, mut store) = common::workspace();
    let file = b"First Name,Last Name,Mobile Phone\n\
        Mum,,+44 7700 900001\n\
        Dave,Plumber,+44 7700 900002\n\
        Dave,Electrician,+44 7700 900002\n";
    let import = |store: &mut Store| import_bytes(store, file, "phone.csv");
    let first = import(&mut store);
    // Two Daves sharing a number are two people; the number alone does not make them one.
    assert_eq!((first.imported, first.updated), (3, 0));
    let again = import(&mut store);
    assert_eq!((again.imported, again.updated, again.unchanged), (0, 0, 3));
    assert_eq!(names(&store).len(), 3);

    // A phone's card for a business (its name is its organisation's) is the company, once.
    let card = b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Corner Shop\r\nORG:Corner Shop\r\nTEL;TYPE=WORK:+44 20 7946 0000\r\nEND:VCARD\r\n";
    for _ in 0..2 {
        vcard::import(&mut store, card, "shop.vcf", &mut ()).unwrap();
    }
    assert_eq!(names(&store).len(), 3, "no person called Corner Shop");
    let shops = store
        .companies("Corner Shop", Default::default(), 0, 5)
        .unwrap();
    assert_eq!(shops.total, 1, "the card was matched, not added twice");
    let shop = store.company(shops.rows[0].id).unwrap();
    assert_eq!(shop.fields.phone, "+44 20 7946 0000");
}

/// The rejects file is opened in a spreadsheet to be fixed, so a cell that would run there as a
/// formula is guarded as in an export; re-imported, the cell is as it came.
#[test]
fn the_rejects_file_is_guarded_against_formulas_and_reimports_as_it_came() {
    let (dir, mut store) = common::workspace();
    let file = "first name,last name,email,phone\n\
                \"=HYPERLINK(\"\"http://x.example\"\")\",@Lee,not-an-address,+44 20 7946 0958\n";
    let report = import_bytes(&mut store, file.as_bytes(), "in.csv");
    assert_eq!((report.imported, report.rejected.len()), (0, 1));
    let rejects = dir.path().join("rejects.csv");
    csv_import::write_rejects(&rejects, &report).unwrap();
    let text = std::fs::read_to_string(&rejects).unwrap();
    assert!(text.contains("\"'=HYPERLINK("), "{text}");
    assert!(text.contains(",'@Lee,"), "{text}");
    assert!(text.contains(",'+44 20 7946 0958,"), "{text}");
    let fixed = text.replace("not-an-address", "lee@x.example");
    let again = import_bytes(&mut store, fixed.as_bytes(), "rejects.csv");
    assert_eq!((again.imported, again.rejected.len()), (1, 0));
    let lee = find(&store, "lee@x.example");
    assert_eq!(lee.fields.first_name, "=HYPERLINK(\"http://x.example\")");
    assert_eq!(lee.fields.last_name, "@Lee");
    assert_eq!(lee.fields.phones[0].number, "+44 20 7946 0958");
}

/// A number copied with non-breaking spaces is read with plain ones; refused, it is still placed
/// in its column (it was named by row alone, the cleaned value matching no cell).
#[test]
fn a_bad_number_with_non_breaking_spaces_is_placed_in_its_column() {
    let (_dir, mut store) = common::workspace();
    let bytes = "Name,Email,Phone\nAda One,ada1@example.org,+46\u{a0}8\u{a0}abc\n"
        .as_bytes()
        .to_vec();
    let preview = csv_import::preview(&bytes, &Options::default(), 0).unwrap();
    let report = csv_import::import(
        &mut store,
        &bytes,
        "phones.csv",
        &preview.proposed,
        &Options::default(),
        &mut (),
    )
    .unwrap();
    let errors = &report.rejected[0].errors;
    assert_eq!(errors[0].column, "Phone", "{errors:?}");
    assert_eq!(
        errors[0].reason,
        "\"+46 8 abc\" is not a valid phone number"
    );
}

/// A person merged from two (a typed-in contact and the phone's card) holds both addresses; the
/// phone's contacts imported again find them by either, not as a new duplicate.
#[test]
fn a_merged_persons_second_address_finds_them_on_reimport() {
    let (_dir, mut store) = common::workspace();
    let typed = "First Name,Last Name,E-mail Address\nLena,Schmidt,lena.s@gmx.example\n";
    import_bytes(&mut store, typed.as_bytes(), "typed.csv");
    let phone = "First Name,Last Name,E-mail Address\nLena,Schmidt,Lena.Schmidt@gmail.example\n";
    let first = import_bytes(&mut store, phone.as_bytes(), "phone.csv");
    assert_eq!(
        first.imported, 1,
        "another address: another contact, for now"
    );
    let typed_in = find(&store, "lena.s@gmx.example");
    let merged = store
        .merge_contacts(typed_in.id, first.contact_ids[0], &Default::default())
        .unwrap();
    assert_eq!(merged.fields.emails.len(), 2);

    let again = import_bytes(&mut store, phone.as_bytes(), "phone.csv");
    assert_eq!((again.imported, again.updated + again.unchanged), (0, 1));
    assert_eq!(again.contact_ids, [typed_in.id]);

    // A row whose first address is new and whose second is the person's finds them too, and
    // adds the new one.
    let both = "First Name,Last Name,E-mail Address,E-mail 2 Address\n\
        Lena,Schmidt,lena@werkstatt.example,LENA.S@GMX.EXAMPLE\n";
    let both = import_bytes(&mut store, both.as_bytes(), "both.csv");
    assert_eq!((both.imported, both.updated), (0, 1));
    assert_eq!(names(&store), ["Lena Schmidt"]);
    assert_eq!(store.contact(typed_in.id).unwrap().fields.emails.len(), 3);
}
