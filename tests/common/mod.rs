//! Shared set-up for the integration tests: a fresh workspace in a temporary directory.
#![allow(dead_code)] // each test binary uses its own subset of these helpers

pub mod damage;

use kith::store::Store;
use tempfile::TempDir;

pub fn workspace() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = Store::open(dir.path().join("kith.db")).expect("new workspace opens");
    (dir, store)
}

/// A contact with just a name, for tests about the records that hang off contacts.
pub fn contact(store: &mut Store, first: &str, last: &str) -> kith::domain::ContactId {
    store
        .create_contact(kith::domain::ContactFields {
            first_name: first.into(),
            last_name: last.into(),
            ..Default::default()
        })
        .expect("contact is created")
        .id
}

/// A customer known by e-mail, as an order file or an import finds them.
pub fn customer(store: &mut Store, first: &str, email: &str) -> kith::domain::ContactId {
    store
        .create_contact(kith::domain::ContactFields {
            first_name: first.into(),
            last_name: "Shopper".into(),
            emails: vec![kith::domain::EmailAddress {
                address: email.into(),
                label: String::new(),
            }],
            ..Default::default()
        })
        .expect("customer is created")
        .id
}

/// The field names an `Invalid` error complains about, in order.
pub fn invalid_fields(err: kith::store::Error) -> Vec<&'static str> {
    match err {
        kith::store::Error::Invalid(invalid) => invalid.errors.iter().map(|e| e.field).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

/// Creating a contact, keeping the error for tests about refusals.
pub fn contact_result(
    store: &mut Store,
    first: &str,
    last: &str,
) -> kith::store::Result<kith::domain::Contact> {
    store.create_contact(kith::domain::ContactFields {
        first_name: first.into(),
        last_name: last.into(),
        ..Default::default()
    })
}

/// An open deal of `amount` in the `stage`th stage of `pipeline`, nothing else filled in.
pub fn open_deal(
    pipeline: &kith::domain::Pipeline,
    stage: usize,
    title: &str,
    amount: kith::domain::Money,
) -> kith::domain::DealFields {
    kith::domain::DealFields {
        title: title.into(),
        pipeline_id: pipeline.id,
        stage_id: pipeline.stages[stage].id,
        contact_id: None,
        company_id: None,
        amount,
        probability: None,
        expected_close: None,
        status: kith::domain::DealStatus::Open,
        lost_reason: String::new(),
        owner: String::new(),
        notes: String::new(),
    }
}

/// A new workspace file in a new folder whose two deals are in Swedish kronor: where a form's
/// currency should follow the business's, not start in euros.
pub fn selling_in_kronor() -> (TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let path = dir.path().join("workspace.db");
    let mut store = Store::open(&path).expect("new workspace opens");
    let p = store.ensure_default_pipeline().expect("a pipeline");
    let sek = kith::domain::Currency::new("SEK").expect("a currency");
    for title in ["Espresso bar", "Grinders"] {
        let amount = kith::domain::Money::new(2_000_000, sek);
        store
            .create_deal(open_deal(&p, 0, title, amount))
            .expect("deal is created");
    }
    (dir, path)
}

/// The workspace file's bytes and its log's, as lower-case text: where an erased value must no
/// longer be found.
pub fn file_text(dir: &std::path::Path) -> String {
    let path = dir.join("kith.db");
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    String::from_utf8_lossy(&bytes).to_lowercase()
}
