//! Whatever a user types — into search, list filters, forms — or whatever file they import, the
//! store answers with results or a validation message: never a panic, never an SQL error.

mod common;

use std::cell::RefCell;

use kith::domain::{CompanyFields, ContactFields, EmailAddress};
use kith::io::csv_import;
use kith::store::{ContactQuery, Error, SortDir, Store, TicketQuery};
use proptest::prelude::*;

/// Text a user could type, weighted towards what breaks naive SQL and FTS5 queries.
fn typed() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\"'*%_()\\[\\]{}:^+\\-;=<>!|&,.? a-zA-Z0-9]{0,40}",
        prop::sample::select(vec![
            "\"".to_string(),
            "'; DROP TABLE contacts; --".into(),
            "NEAR(a b)".into(),
            "a AND OR NOT b".into(),
            "*".into(),
            "col:term".into(),
            "\u{0}".into(),
            "^".into(),
            "x'00'".into(),
            "%_%".into(),
        ]),
    ]
}

/// A user-facing answer: fine, or a message about the input. Anything else is a bug.
fn acceptable<T>(result: kith::store::Result<T>) -> Result<(), TestCaseError> {
    match result {
        Ok(_) | Err(Error::Invalid(_)) | Err(Error::NotAllowed(_)) => Ok(()),
        Err(e) => Err(TestCaseError::fail(format!("unexpected error: {e:?}"))),
    }
}

thread_local! {
    static STORE: RefCell<(tempfile::TempDir, Store)> = RefCell::new(common::workspace());
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn searching_and_filtering_never_fail(text in typed()) {
        STORE.with(|cell| {
            let (_, store) = &*cell.borrow();
            acceptable(store.search(&text, 5))?;
            acceptable(store.contacts(&ContactQuery { text: text.clone(), tag: Some(text.clone()), limit: 20, ..Default::default() }))?;
            acceptable(store.companies(&text, SortDir::Asc, 0, 20))?;
            acceptable(store.tickets(&TicketQuery { text: text.clone(), ..Default::default() }))
        })?;
    }

    #[test]
    fn forms_save_or_say_what_is_wrong(first in typed(), last in typed(), email in typed(), notes in typed(), key in typed()) {
        STORE.with(|cell| {
            let (_, store) = &mut *cell.borrow_mut();
            let mut custom = std::collections::BTreeMap::new();
            custom.insert(key.clone(), notes.clone());
            let contact = ContactFields {
                first_name: first.clone(),
                last_name: last.clone(),
                emails: vec![EmailAddress { address: email.clone(), ..Default::default() }],
                job_title: notes.clone(),
                notes: notes.clone(),
                tags: vec![key.clone()],
                custom,
                ..Default::default()
            };
            let created = store.create_contact(contact.clone());
            if let Ok(saved) = &created {
                // What was saved can be found and edited with the same text.
                acceptable(store.search(&first, 5))?;
                acceptable(store.update_contact(saved.id, ContactFields { notes: last.clone(), ..contact }))?;
            }
            acceptable(created)?;
            acceptable(store.create_company(CompanyFields { name: first, domain: email, industry: notes, ..Default::default() }))
        })?;
    }

    #[test]
    fn importing_any_bytes_gives_a_report_or_a_message(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let options = csv_import::Options::default();
        if let Ok(preview) = csv_import::preview(&bytes, &options, 5) {
            STORE.with(|cell| {
                let (_, store) = &mut *cell.borrow_mut();
                let imported = csv_import::import(store, &bytes, "fuzz.csv", &preview.proposed, &options, &mut ());
                match imported {
                    Ok(_) | Err(kith::io::Error::Store(Error::Invalid(_))) => Ok(()),
                    Err(kith::io::Error::Store(e)) => Err(TestCaseError::fail(format!("store error: {e:?}"))),
                    Err(_) => Ok(()),
                }
            })?;
        }
    }
}
