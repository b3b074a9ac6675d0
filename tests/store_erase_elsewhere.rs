//! Erasing a person takes their full name out of the records that write it beyond notes and
//! titles, on a real file: another contact's job title, street and lead source, a company's name
//! (a sole trader's "Ida Romano Catering"), a tag and a campaign named after them. Each had kept
//! it, searchable, after the erasure.

mod common;

use common::file_text;
use kith::domain::*;
use kith::store::Store;

fn contact(store: &mut Store, fields: ContactFields) -> ContactId {
    store.create_contact(fields).unwrap().id
}

#[test]
fn an_erased_name_goes_from_titles_companies_tags_and_campaigns() {
    let (dir, mut store) = common::workspace();
    let ida = contact(
        &mut store,
        ContactFields {
            first_name: "Ida".into(),
            last_name: "Romano".into(),
            emails: vec![EmailAddress {
                address: "ida@romano.example".into(),
                label: String::new(),
            }],
            phones: vec![Phone {
                number: "+39 02 555 6966".into(),
                label: String::new(),
            }],
            ..Default::default()
        },
    );
    // Someone else's address that holds hers stays as it is.
    let other = contact(
        &mut store,
        ContactFields {
            first_name: "Otto".into(),
            last_name: "Other".into(),
            lead_source: "ida@romano.example.org".into(),
            ..Default::default()
        },
    );
    let catering = store
        .create_company(CompanyFields {
            name: "Ida Romano Catering".into(),
            phone: "+39 02 555 6966".into(),
            address: Address {
                street: "c/o Ida Romano, Via Roma 1".into(),
                ..Default::default()
            },
            ..Default::default()
        })
        .unwrap()
        .id;
    // Hers, and the business's own switchboard, as a file brought them in (the form takes one).
    rusqlite::Connection::open(dir.path().join("kith.db"))
        .unwrap()
        .execute(
            "UPDATE companies SET phone = '+39 02 555 6966 / +39 02 555 1234' WHERE id = ?1",
            [catering.0],
        )
        .unwrap();
    let luca = contact(
        &mut store,
        ContactFields {
            first_name: "Luca".into(),
            last_name: "Bianchi".into(),
            company_id: Some(catering),
            job_title: "Partner of Ida Romano".into(),
            lead_source: "Referral: Ida Romano".into(),
            tags: vec!["Friends of Ida Romano".into(), "vip".into()],
            ..Default::default()
        },
    );
    // A tag the redacted one then reads as: the two become one.
    let zoe = contact(
        &mut store,
        ContactFields {
            first_name: "Zoe".into(),
            last_name: "Zeller".into(),
            tags: vec!["Friends of an erased person".into()],
            ..Default::default()
        },
    );
    let campaign = store
        .create_campaign(CampaignFields {
            name: "Dinner for Ida Romano's guests".into(),
            channel: CampaignChannel::Event,
            status: CampaignStatus::Active,
            budget: Money::new(0, Currency::EUR),
            cost: Money::new(0, Currency::EUR),
            starts_on: None,
            ends_on: None,
            segment: Segment::default(),
        })
        .unwrap()
        .id;

    // An access request lists them first: what the erasure will take her name out of.
    let export = store.person_data(ida).unwrap();
    let mentioned: Vec<(String, String)> = export["mentioned_in"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                format!(
                    "{} {}",
                    m["record"].as_str().unwrap(),
                    m["field"].as_str().unwrap()
                ),
                m["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (place, text) in [
        ("contacts job_title", "Partner of Ida Romano"),
        ("contacts lead_source", "Referral: Ida Romano"),
        ("companies name", "Ida Romano Catering"),
        ("companies street", "c/o Ida Romano, Via Roma 1"),
        ("companies phone", "+39 02 555 6966 / +39 02 555 1234"),
        ("tags name", "Friends of Ida Romano"),
        ("campaigns name", "Dinner for Ida Romano's guests"),
    ] {
        assert!(
            mentioned.contains(&(place.to_string(), text.to_string())),
            "{place} {text:?} not in {mentioned:?}"
        );
    }
    assert_eq!(mentioned.len(), 7, "{mentioned:?}");

    store.erase_person(ida).unwrap();

    let luca_now = store.contact(luca).unwrap().fields;
    assert_eq!(luca_now.job_title, "Partner of an erased person");
    assert_eq!(luca_now.lead_source, "Referral: an erased person");
    assert_eq!(luca_now.tags, ["Friends of an erased person", "vip"]);
    assert_eq!(
        store.contact(zoe).unwrap().fields.tags,
        ["Friends of an erased person"]
    );
    assert_eq!(
        store.tags().unwrap(),
        ["Friends of an erased person", "vip"]
    );
    let company = store.company(catering).unwrap().fields;
    assert_eq!(company.name, "an erased person Catering");
    assert_eq!(company.address.street, "c/o an erased person, Via Roma 1");
    // A phone field loses her number and keeps the others, not filled with words its own form
    // refuses.
    assert_eq!(company.phone, "+39 02 555 1234");
    assert_eq!(
        store.contact(other).unwrap().fields.lead_source,
        "ida@romano.example.org"
    );
    assert!(
        store
            .campaign(campaign)
            .unwrap()
            .fields
            .name
            .contains("an erased person")
    );
    assert!(
        store.search("Ida Romano", 10).unwrap().is_empty(),
        "search still finds the name"
    );
    drop(store);
    // (Otto's address keeps "romano": it is his.)
    let file = file_text(dir.path());
    assert!(
        !file.contains("ida romano"),
        "the name is still in the file"
    );
    assert!(
        !file.contains("555 6966"),
        "the number is still in the file"
    );
}

/// An erased person's card stays (their deals and orders still add up) but cannot come back:
/// Restore had made it a live "Erased person", counted, targeted and open to new calls, and a
/// form left open elsewhere was told to restore it.
#[test]
fn an_erased_person_cannot_be_restored_nor_saved_over() {
    let (_dir, mut store) = common::workspace();
    let ida = contact(
        &mut store,
        ContactFields {
            first_name: "Ida".into(),
            last_name: "Romano".into(),
            ..Default::default()
        },
    );
    let opened = store.contact(ida).unwrap().fields;
    store.erase_person(ida).unwrap();

    let refused = store.restore(ida).unwrap_err().to_string();
    assert!(refused.contains("cannot be restored"), "{refused}");
    assert!(store.contact(ida).unwrap().deleted_at.is_some());
    assert_eq!(store.counts().unwrap().contacts, 0);

    let mut edited = opened.clone();
    edited.job_title = "Chef".into();
    let refused = store
        .save_contact(Some(ida), edited, None, Some(&opened))
        .unwrap_err()
        .to_string();
    assert!(refused.contains("was erased at their request"), "{refused}");
    assert!(!refused.contains("restore the contact"), "{refused}");

    let refused = store
        .create_task(TaskFields {
            title: "Call back".into(),
            contact_id: Some(ida),
            ..Default::default()
        })
        .unwrap_err()
        .to_string();
    assert!(refused.contains("erased"), "{refused}");
}
