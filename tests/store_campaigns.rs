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
    // A name of thousands of letters had filled the campaign's page; 200 is the names' limit.
    let long = campaign(&"W".repeat(201), Segment::default());
    assert_eq!(
        invalid_fields(store.create_campaign(long).unwrap_err()),
        ["name"]
    );
    let c = store
        .create_campaign(campaign("Autumn", Segment::default()))
        .unwrap();
    let mut f = c.fields.clone();
    f.segment.tags = vec!["vip".into()];
    assert_eq!(
        store
            .update_campaign(c.id, f, None)
            .unwrap()
            .fields
            .segment
            .tags,
        ["vip"]
    );
    store.delete(c.id).unwrap();
    assert!(store.campaigns().unwrap().is_empty());
    store.restore(c.id).unwrap();
    assert_eq!(store.campaigns().unwrap().len(), 1);
}

#[test]
fn adding_a_segment_saves_it_and_adds_only_new_members_in_one_change() {
    let (_dir, mut store) = workspace();
    let vera = person(&mut store, "Vera", &["vip"], LifecycleStage::Customer);
    let vic = person(&mut store, "Vic", &["VIP"], LifecycleStage::Lead);
    let _otto = person(&mut store, "Otto", &["wholesale"], LifecycleStage::Customer);
    let c = store
        .create_campaign(campaign("VIP evening", Segment::default()))
        .unwrap();
    store.add_campaign_members(c.id, &[vera]).unwrap();
    let vip = Segment {
        tags: vec!["vip".into()],
        ..Default::default()
    };
    assert_eq!(store.segment_size(&vip).unwrap(), 2);
    assert_eq!(store.segment_new_members(c.id, &vip).unwrap(), 1);

    let sets_before = store.change_sets(100).unwrap().len();
    assert_eq!(store.add_segment_members(c.id, vip.clone()).unwrap(), 1);
    assert_eq!(store.campaign(c.id).unwrap().fields.segment, vip);
    assert_eq!(store.segment_new_members(c.id, &vip).unwrap(), 0);
    let members = store.campaign_members(c.id, 0, 10).unwrap();
    assert_eq!(members.total, 2);
    assert!(members.rows.iter().any(|m| m.contact_id == vic));
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Add 1 member to VIP evening")
    );
    assert_eq!(
        store.change_sets(100).unwrap().len(),
        sets_before + 1,
        "the segment and its members are one change"
    );
}

#[test]
fn a_segment_with_a_nonsense_activity_window_is_refused() {
    let (_dir, mut store) = workspace();
    let c = store
        .create_campaign(campaign("Recent", Segment::default()))
        .unwrap();
    let bad = Segment {
        active_within_days: Some(0),
        ..Default::default()
    };
    assert_eq!(
        invalid_fields(store.add_segment_members(c.id, bad).unwrap_err()),
        ["active_within_days"]
    );
    assert_eq!(store.campaign_members(c.id, 0, 10).unwrap().total, 0);
}

#[test]
fn attributed_revenue_replaces_the_old_amount_and_counts_as_a_conversion() {
    let (_dir, mut store) = workspace();
    let (c, ana) = beans_sold_to_ana(&mut store);
    // What Undo would take back names the member and says the conversion it records.
    let label = store.undo_label().unwrap().unwrap();
    assert!(
        label.starts_with("Set revenue from ") && label.ends_with(" (converted)"),
        "{label}"
    );
    store
        .set_member_revenue(c.id, ana, Money::new(120_00, Currency::EUR))
        .unwrap();
    // A second amount converts no one: it had said "(converted)" every time.
    let label = store.undo_label().unwrap().unwrap();
    assert!(
        label.starts_with("Set revenue from ") && !label.contains("converted"),
        "{label}"
    );
    let s = store.campaign_summary(c.id).unwrap();
    assert_eq!((s.sent, s.opened, s.responded, s.converted), (1, 1, 1, 1));
    assert_eq!(s.revenue, Money::new(120_00, Currency::EUR));
    assert_eq!(s.roi_percent, Some(-40));
    assert_eq!(s.funnel().conversion_rate().unwrap().to_string(), "100.0%");

    store
        .set_member_revenue(c.id, ana, Money::new(0, Currency::EUR))
        .unwrap();
    let s = store.campaign_summary(c.id).unwrap();
    assert_eq!((s.converted, s.revenue.minor), (1, 0));

    assert_eq!(
        invalid_fields(
            store
                .set_member_revenue(c.id, ana, Money::new(-1, Currency::EUR))
                .unwrap_err()
        ),
        ["revenue"]
    );
    assert_eq!(
        invalid_fields(
            store
                .set_member_revenue(c.id, ana, Money::new(5, Currency::GBP))
                .unwrap_err()
        ),
        ["revenue"]
    );
    // 92233720368547758.07 was saved, and the dashboard, the campaign list and the owner's
    // report then failed with "integer overflow" until it was undone.
    let refused = store
        .set_member_revenue(c.id, ana, Money::new(i64::MAX, Currency::EUR))
        .unwrap_err();
    assert!(refused.to_string().contains("too large"), "{refused}");
    assert!(store.campaigns().is_ok());
    let stranger = person(&mut store, "Stan", &[], LifecycleStage::Lead);
    assert_eq!(
        invalid_fields(
            store
                .set_member_revenue(c.id, stranger, Money::new(5, Currency::EUR))
                .unwrap_err()
        ),
        ["contact_id"]
    );
}

#[test]
fn a_campaign_summary_matches_its_row_in_the_list() {
    let (_dir, mut store) = workspace();
    let a = person(&mut store, "Ana", &[], LifecycleStage::Customer);
    let first = store
        .create_campaign(campaign("First", Segment::default()))
        .unwrap();
    let _second = store
        .create_campaign(campaign("Second", Segment::default()))
        .unwrap();
    store.add_campaign_members(first.id, &[a]).unwrap();
    store.record_response(first.id, a, Response::Sent).unwrap();
    let listed = store
        .campaigns()
        .unwrap()
        .into_iter()
        .find(|s| s.id == first.id)
        .unwrap();
    assert_eq!(store.campaign_summary(first.id).unwrap(), listed);
    assert_eq!((listed.members, listed.sent), (1, 1));
}

#[test]
fn member_changes_are_undone_and_redone_like_any_other() {
    let (_dir, mut store) = workspace();
    let ada = person(&mut store, "Ada", &["vip"], LifecycleStage::Customer);
    let c = store
        .create_campaign(campaign("Spring", Segment::default()))
        .unwrap();
    store.add_campaign_members(c.id, &[ada]).unwrap();
    store.record_response(c.id, ada, Response::Sent).unwrap();
    store
        .record_response(
            c.id,
            ada,
            Response::Converted {
                revenue: Money::new(40_00, Currency::EUR),
            },
        )
        .unwrap();
    let member = |store: &Store| store.campaign_members(c.id, 0, 10).unwrap().rows;

    store.undo().unwrap();
    let m = member(&store).remove(0);
    assert!(m.sent_at.is_some() && m.converted_at.is_none());
    assert_eq!(m.revenue.minor, 0);
    store.undo().unwrap();
    assert!(member(&store)[0].sent_at.is_none());
    store.undo().unwrap();
    assert!(
        member(&store).is_empty(),
        "undoing the add takes the member out"
    );
    // The undo history is not jammed: the campaign itself can still be taken back.
    assert!(store.undo().unwrap().is_some());

    for _ in 0..4 {
        store.redo().unwrap();
    }
    let m = member(&store).remove(0);
    assert!(m.converted_at.is_some());
    assert_eq!(m.revenue.minor, 40_00);
}

#[test]
fn tagging_an_analysis_segment_feeds_a_campaign_filter_and_undoes_in_one_step() {
    let (_dir, mut store) = workspace();
    let a = person(&mut store, "Ada", &["vip"], LifecycleStage::Customer);
    let b = person(&mut store, "Ben", &[], LifecycleStage::Customer);
    let gone = person(&mut store, "Gus", &[], LifecycleStage::Customer);
    store.delete(gone).unwrap();

    let tagged = store
        .tag_contacts(
            &[a, b, gone, ContactId(999_999)],
            " Cluster 2: big spenders ",
        )
        .unwrap();
    assert_eq!(tagged, 2, "live contacts only");
    assert_eq!(
        store.undo_label().unwrap().as_deref(),
        Some("Tag 2 contacts “Cluster 2: big spenders”")
    );
    let segment = Segment {
        tags: vec!["Cluster 2: big spenders".into()],
        ..Default::default()
    };
    assert_eq!(store.segment_size(&segment).unwrap(), 2);
    // Earlier tags stay; tagging again changes nothing.
    assert_eq!(
        store.contact(a).unwrap().fields.tags,
        ["vip", "Cluster 2: big spenders"]
    );
    assert_eq!(
        store
            .tag_contacts(&[a, b], "Cluster 2: big spenders")
            .unwrap(),
        0
    );

    store.undo().unwrap();
    assert_eq!(store.segment_size(&segment).unwrap(), 0);
    assert_eq!(store.contact(a).unwrap().fields.tags, ["vip"]);

    assert!(store.tag_contacts(&[a], "  ").is_err());
    assert!(store.tag_contacts(&[a], &"x".repeat(61)).is_err());
}

/// A segment saved under a tag's name in another case joins that tag, accented capitals
/// included, and counts only those it tagged: "été-kunde" had become a second tag beside
/// "ÉTÉ-KUNDE" (SQLite's NOCASE folds ASCII letters only).
#[test]
fn a_segment_named_as_a_tag_in_another_case_joins_it() {
    let (_dir, mut store) = workspace();
    let mut kunde = |first: &str, tags: &[&str]| {
        store
            .create_contact(ContactFields {
                first_name: first.into(),
                last_name: "Kunde".into(),
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            })
            .unwrap()
            .id
    };
    let a = kunde("Anna", &["ÉTÉ-KUNDE"]);
    let b = kunde("Berta", &[]);
    assert_eq!(store.tag_contacts(&[a, b], "été-kunde").unwrap(), 1);
    assert_eq!(store.tags().unwrap(), ["ÉTÉ-KUNDE"]);
    assert_eq!(store.contact(b).unwrap().fields.tags, ["ÉTÉ-KUNDE"]);
    assert_eq!(store.tag_sizes().unwrap(), [("ÉTÉ-KUNDE".to_string(), 2)]);

    // Typed in a form (or brought by a file) in another case, it is the same tag too, and a
    // segment of it counts everyone who carries it.
    let c = store
        .create_contact(ContactFields {
            first_name: "Carla".into(),
            last_name: "Kunde".into(),
            tags: vec!["Été-Kunde".into()],
            ..Default::default()
        })
        .unwrap()
        .id;
    assert_eq!(store.tags().unwrap(), ["ÉTÉ-KUNDE"]);
    assert_eq!(store.contact(c).unwrap().fields.tags, ["ÉTÉ-KUNDE"]);
    let segment = Segment {
        tags: vec!["été-kunde".into()],
        ..Segment::default()
    };
    assert_eq!(store.segment_size(&segment).unwrap(), 3);
}

#[test]
fn a_merge_moves_memberships_and_undo_puts_them_back() {
    let (_dir, mut store) = workspace();
    let amara = person(&mut store, "Amara", &[], LifecycleStage::Customer);
    let again = person(&mut store, "Amara D.", &[], LifecycleStage::Customer);
    let mailer = store
        .create_campaign(campaign("Coupon mailer", Segment::default()))
        .unwrap()
        .id;
    let spring = store
        .create_campaign(campaign("Spring", Segment::default()))
        .unwrap()
        .id;
    // In the mailer only as the duplicate, converted; in Spring as both, the duplicate earlier.
    store.add_campaign_members(mailer, &[again]).unwrap();
    let euros = |n| Response::Converted {
        revenue: Money::new(n, Currency::EUR),
    };
    store.record_response(mailer, again, euros(30_00)).unwrap();
    store.add_campaign_members(spring, &[again]).unwrap();
    store.record_response(spring, again, euros(5_00)).unwrap();
    store.add_campaign_members(spring, &[amara]).unwrap();
    store
        .record_response(spring, amara, Response::Sent)
        .unwrap();
    let members = |store: &Store, c| store.campaign_members(c, 0, 10).unwrap().rows;
    let before = (members(&store, mailer), members(&store, spring));

    store
        .merge_contacts(amara, again, &Default::default())
        .unwrap();
    let moved = members(&store, mailer);
    assert_eq!(moved.len(), 1);
    assert_eq!(moved[0].contact_id, amara);
    assert_eq!(moved[0].revenue.minor, 30_00);
    assert_eq!(moved[0].converted_at, before.0[0].converted_at);
    let joined = members(&store, spring);
    assert_eq!(joined.len(), 1, "one membership for one person");
    assert_eq!(joined[0].contact_id, amara);
    assert_eq!(joined[0].revenue.minor, 5_00);
    assert!(
        joined[0].converted_at.is_some(),
        "the duplicate's conversion counts"
    );
    let sent = |rows: &[kith::store::MemberRow], who| {
        rows.iter().find(|r| r.contact_id == who).unwrap().sent_at
    };
    assert_eq!(
        joined[0].sent_at,
        sent(&before.1, again).min(sent(&before.1, amara)),
        "the earlier send"
    );

    store.undo().unwrap();
    assert_eq!(members(&store, mailer), before.0);
    assert_eq!(members(&store, spring), before.1);
    store.redo().unwrap();
    assert_eq!(members(&store, spring).len(), 1);
    assert_eq!(members(&store, mailer)[0].contact_id, amara);
}

/// The refusal to change a campaign's currency once revenue is recorded was marked on its budget.
#[test]
fn a_currency_that_cannot_change_is_named_on_the_currency_field() {
    let (_dir, mut store) = workspace();
    let (c, _) = beans_sold_to_ana(&mut store);
    let mut fields = c.fields.clone();
    let usd = Currency::new("USD").unwrap();
    fields.budget = Money::new(fields.budget.minor, usd);
    fields.cost = Money::new(fields.cost.minor, usd);
    let refused = store.update_campaign(c.id, fields, None).unwrap_err();
    assert_eq!(invalid_fields(refused), ["currency"]);
}

/// A campaign "Beans" whose one member, Ana, brought €150.00.
fn beans_sold_to_ana(store: &mut kith::store::Store) -> (Campaign, ContactId) {
    let ana = person(store, "Ana", &[], LifecycleStage::Customer);
    let c = store
        .create_campaign(campaign("Beans", Segment::default()))
        .unwrap();
    store.add_campaign_members(c.id, &[ana]).unwrap();
    store
        .set_member_revenue(c.id, ana, Money::new(150_00, Currency::EUR))
        .unwrap();
    (c, ana)
}

/// Two windows edit one campaign: the second save writes only what its user changed, over the
/// campaign as it is then, and keeps the first window's cost (it had been taken back silently).
#[test]
fn a_form_saves_only_what_its_user_changed() {
    let (_dir, mut store) = workspace();
    let c = store
        .create_campaign(campaign("Holiday gift guide", Segment::default()))
        .unwrap();
    let opened = c.fields.clone();
    let mut other = opened.clone();
    other.cost = Money::new(2_000_00, other.cost.currency);
    other.segment.tags = vec!["espresso".into()];
    store.update_campaign(c.id, other, Some(&opened)).unwrap();

    let mut renamed = opened.clone();
    renamed.name = "Holiday gift guide 2026".into();
    let saved = store.update_campaign(c.id, renamed, Some(&opened)).unwrap();
    assert_eq!(saved.fields.name, "Holiday gift guide 2026");
    assert_eq!(saved.fields.cost.minor, 2_000_00);
    assert_eq!(saved.fields.segment.tags, ["espresso"]);

    // Deleted in between: nothing is written onto a campaign no one sees.
    store.delete(c.id).unwrap();
    let mut late = saved.fields.clone();
    late.name = "Written into a deleted campaign".into();
    assert!(
        store
            .update_campaign(c.id, late, Some(&saved.fields))
            .is_err()
    );
    assert_eq!(
        store.campaign(c.id).unwrap().fields.name,
        "Holiday gift guide 2026"
    );
}

/// A deleted person stays a member (what they did still counts) but is marked so, and nothing
/// new is recorded for them, as nothing is logged on their own page.
#[test]
fn a_deleted_member_is_marked_and_takes_no_new_response() {
    let (_dir, mut store) = workspace();
    let (c, ana) = beans_sold_to_ana(&mut store);
    store.delete(ana).unwrap();
    let members = store.campaign_members(c.id, 0, 10).unwrap();
    assert_eq!(members.total, 1);
    assert!(members.rows[0].deleted);
    assert_eq!(members.rows[0].name, "Ana");
    assert!(
        store
            .record_response(c.id, ana, Response::Responded)
            .is_err()
    );
    assert!(
        store
            .set_member_revenue(c.id, ana, Money::new(1_00, Currency::EUR))
            .is_err()
    );
    assert_eq!(
        store.campaign_summary(c.id).unwrap().revenue,
        Money::new(150_00, Currency::EUR)
    );
}

/// The members file is for mailing tools, which read the address, not the name: a member the
/// owner deleted is listed (their response still counts) without an address or number to write to.
#[test]
fn a_deleted_member_is_exported_without_an_address_to_write_to() {
    let (_dir, mut store) = workspace();
    let (c, ana) = beans_sold_to_ana(&mut store);
    let mut fields = store.contact(ana).unwrap().fields;
    fields.emails = vec![EmailAddress {
        address: "ana@example.com".into(),
        label: String::new(),
    }];
    fields.phones = vec![Phone {
        number: "+34 600 000 000".into(),
        label: String::new(),
    }];
    store.update_contact(ana, fields).unwrap();
    let rows = |store: &Store| {
        let mut rows: Vec<Vec<String>> = Vec::new();
        store
            .export_campaign_members(c.id, |r| {
                rows.push(r.to_vec());
                Ok(())
            })
            .unwrap();
        rows
    };
    let live = rows(&store);
    assert_eq!(live[1][2..4], ["ana@example.com", "+34 600 000 000"]);
    store.delete(ana).unwrap();
    let deleted = rows(&store);
    assert_eq!(deleted.len(), 2);
    assert_eq!(deleted[1][1], "Ana (deleted)");
    assert_eq!(deleted[1][2..4], ["", ""]);
}

/// A workspace written before tags were compared whatever their case could hold "ÉTÉ-KUNDE" and
/// "été-kunde" as two tags (SQLite's NOCASE folds A–Z only), listed apart by the contact list's
/// filter. Opening it folds them into the spelling most carry; a JSON workspace file from such a
/// workspace is folded as it loads.
#[test]
fn an_older_workspaces_two_spellings_of_one_tag_become_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kith.db");
    let mut store = Store::open(&path).unwrap();
    let anna = person(
        &mut store,
        "Anna",
        &["ÉTÉ-KUNDE", "vip"],
        LifecycleStage::Customer,
    );
    let berta = person(
        &mut store,
        "Berta",
        &["ÉTÉ-KUNDE"],
        LifecycleStage::Customer,
    );
    let carla = person(&mut store, "Carla", &[], LifecycleStage::Lead);
    drop(store);
    // As an older Kith left it: Carla's tag written as a second row.
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute_batch(&format!(
        "INSERT INTO tags (name) VALUES ('été-kunde');
         INSERT INTO contact_tags (contact_id, tag_id, position)
           SELECT {carla}, id, 0 FROM tags WHERE name = 'été-kunde' AND name <> 'ÉTÉ-KUNDE';
         INSERT INTO contact_tags (contact_id, tag_id, position)
           SELECT {anna}, id, 2 FROM tags WHERE name = 'été-kunde' AND name <> 'ÉTÉ-KUNDE';
         PRAGMA user_version = 14;",
        carla = carla.0,
        anna = anna.0,
    ))
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), kith::store::LATEST_VERSION);
    assert_eq!(store.tags().unwrap(), ["vip", "ÉTÉ-KUNDE"]);
    assert_eq!(
        store.contact(anna).unwrap().fields.tags,
        ["ÉTÉ-KUNDE", "vip"]
    );
    assert_eq!(store.contact(berta).unwrap().fields.tags, ["ÉTÉ-KUNDE"]);
    assert_eq!(store.contact(carla).unwrap().fields.tags, ["ÉTÉ-KUNDE"]);
    assert_eq!(store.tag_sizes().unwrap()[1], ("ÉTÉ-KUNDE".to_string(), 3));

    // The same two spellings in a JSON workspace file (as that older workspace would write it).
    let mut json = Vec::new();
    kith::io::workspace::export(&store, &mut json).unwrap();
    let mut file: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let tables = &mut file["tables"];
    tables["tags"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "id": 900, "name": "Été-Kunde" }));
    let carlas = tables["contact_tags"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|row| row["contact_id"] == carla.0)
        .unwrap();
    carlas["tag_id"] = 900.into();
    // And "VIP" beside "vip", which SQLite's NOCASE calls one name: the file had been refused
    // whole ("UNIQUE constraint failed").
    let vip = tables["tags"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "vip")
        .unwrap()["id"]
        .clone();
    tables["tags"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({ "id": 901, "name": "VIP" }));
    tables["contact_tags"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|row| row["tag_id"] == vip)
        .unwrap()["tag_id"] = 901.into();
    let (_dir2, mut copy) = common::workspace();
    let counts =
        kith::io::workspace::import(&mut copy, &serde_json::to_vec(&file).unwrap()).unwrap();
    // The summary counts the tags held, not the three rows the file brought.
    let count = |table: &str| counts.iter().find(|(t, _)| t == table).map(|(_, n)| *n);
    assert_eq!(count("tags"), Some(2));
    assert_eq!(count("contact_tags"), Some(4));
    assert_eq!(copy.tags().unwrap(), ["vip", "ÉTÉ-KUNDE"]);
    assert_eq!(copy.contact(carla).unwrap().fields.tags, ["ÉTÉ-KUNDE"]);
    assert_eq!(copy.tag_sizes().unwrap()[1], ("ÉTÉ-KUNDE".to_string(), 3));
    assert_eq!(
        copy.contact(anna).unwrap().fields.tags,
        ["ÉTÉ-KUNDE", "vip"]
    );
}

#[test]
fn a_member_is_removed_with_what_they_did_and_undo_puts_them_back() {
    let (_dir, mut store) = workspace();
    let ada = person(&mut store, "Ada", &[], LifecycleStage::Customer);
    let bo = person(&mut store, "Bo", &[], LifecycleStage::Customer);
    let c = store
        .create_campaign(campaign("Spring", Segment::default()))
        .unwrap();
    store.add_campaign_members(c.id, &[ada, bo]).unwrap();
    store
        .record_response(
            c.id,
            ada,
            Response::Converted {
                revenue: Money::new(40_00, Currency::EUR),
            },
        )
        .unwrap();
    let members = |store: &Store| store.campaign_members(c.id, 0, 10).unwrap().rows;

    store.remove_campaign_member(c.id, ada).unwrap();
    let left = members(&store);
    assert_eq!(left.iter().map(|m| m.contact_id).collect::<Vec<_>>(), [bo]);
    let summary = store.campaign_summary(c.id).unwrap();
    assert_eq!((summary.members, summary.revenue.minor), (1, 0));
    // Not a member any more: a second removal is refused, by field.
    assert_eq!(
        invalid_fields(store.remove_campaign_member(c.id, ada).unwrap_err()),
        ["contact_id"]
    );

    assert_eq!(
        store.undo().unwrap().as_deref(),
        Some("Remove Ada from Spring")
    );
    let back = members(&store);
    let ada_again = back.iter().find(|m| m.contact_id == ada).unwrap();
    assert_eq!(ada_again.revenue.minor, 40_00);
    assert!(ada_again.converted_at.is_some());
    store.redo().unwrap();
    assert_eq!(members(&store).len(), 1);
}
