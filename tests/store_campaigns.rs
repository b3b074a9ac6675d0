//! Campaigns on a real workspace file: segments, members, responses and return on cost.

mod common;

use common::{invalid_fields, workspace};
use kith::domain::*;
use kith::store::{Response, Store};

fn campaign(name: &str, segment: Segment) -> CampaignFields {
    CampaignFields {
        name: name.into(),
        channel: CampaignChannel::Email,
        status: CampaignStatus::Active,
        budget: Money::new(500_00, Currency::EUR),
        cost: Money::new(200_00, Currency::EUR),
        starts_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1),
        ends_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 31),
        segment,
    }
}

fn person(store: &mut Store, name: &str, tags: &[&str], lifecycle: LifecycleStage) -> ContactId {
    store
        .create_contact(ContactFields {
            first_name: name.into(),
            tags: tags.iter().map(|t| t.to_string()).collect(),
            lifecycle,
            ..Default::default()
        })
        .unwrap()
        .id
}

#[test]
fn a_segment_selects_contacts_by_tag_and_lifecycle() {
    let (_dir, mut store) = workspace();
    let vip = person(&mut store, "Vera", &["vip"], LifecycleStage::Customer);
    let _lead = person(&mut store, "Leo", &["vip"], LifecycleStage::Lead);
    let _other = person(&mut store, "Otto", &["wholesale"], LifecycleStage::Customer);
    let segment = Segment {
        tags: vec!["vip".into()],
        lifecycle: vec![LifecycleStage::Customer],
        ..Default::default()
    };
    assert_eq!(store.segment_contacts(&segment, 100).unwrap(), [vip]);
    assert_eq!(store.segment_size(&segment).unwrap(), 1);
    assert_eq!(store.segment_size(&Segment::default()).unwrap(), 3);
}

#[test]
fn responses_fill_the_funnel_and_revenue_gives_the_return() {
    let (_dir, mut store) = workspace();
    let a = person(&mut store, "Ana", &[], LifecycleStage::Customer);
    let b = person(&mut store, "Ben", &[], LifecycleStage::Customer);
    let c = store
        .create_campaign(campaign("Spring beans", Segment::default()))
        .unwrap();
    assert_eq!(store.add_campaign_members(c.id, &[a, b]).unwrap(), 2);
    assert_eq!(
        store.add_campaign_members(c.id, &[a]).unwrap(),
        0,
        "members are not added twice"
    );
    store.record_response(c.id, b, Response::Opened).unwrap();
    store
        .record_response(
            c.id,
            a,
            Response::Converted {
                revenue: Money::new(600_00, Currency::EUR),
            },
        )
        .unwrap();
    let summary = &store.campaigns().unwrap()[0];
    assert_eq!(
        (
            summary.members,
            summary.sent,
            summary.opened,
            summary.responded,
            summary.converted
        ),
        (2, 2, 2, 1, 1)
    );
    assert_eq!(summary.revenue, Money::new(600_00, Currency::EUR));
    assert_eq!(summary.roi_percent, Some(200));
    let members = store.campaign_members(c.id, 0, 10).unwrap();
    assert_eq!(members.total, 2);
    assert!(
        members
            .rows
            .iter()
            .any(|m| m.contact_id == a && m.converted_at.is_some())
    );

    let wrong = Response::Converted {
        revenue: Money::new(1, Currency::USD),
    };
    assert_eq!(
        invalid_fields(store.record_response(c.id, b, wrong).unwrap_err()),
        ["revenue"]
    );
    let stranger = person(&mut store, "Stan", &[], LifecycleStage::Lead);
    assert_eq!(
        invalid_fields(
            store
                .record_response(c.id, stranger, Response::Sent)
                .unwrap_err()
        ),
        ["contact_id"]
    );
}

#[test]
fn campaigns_are_validated_edited_deleted_and_restored() {
    let (_dir, mut store) = workspace();
    let bad = CampaignFields {
        name: String::new(),
        cost: Money::new(-1, Currency::EUR),
        ends_on: chrono::NaiveDate::from_ymd_opt(2026, 2, 1),
        ..campaign("", Segment::default())
    };
    assert_eq!(
        invalid_fields(store.create_campaign(bad).unwrap_err()),
        ["name", "cost", "ends_on"]
    );
    let c = store
        .create_campaign(campaign("Autumn", Segment::default()))
        .unwrap();
    let mut f = c.fields.clone();
    f.segment.tags = vec!["vip".into()];
    assert_eq!(
        store.update_campaign(c.id, f).unwrap().fields.segment.tags,
        ["vip"]
    );
    store.delete(c.id).unwrap();
    assert!(store.campaigns().unwrap().is_empty());
    store.restore(c.id).unwrap();
    assert_eq!(store.campaigns().unwrap().len(), 1);
}
