//! The campaign screens as a person uses them: the results table, the editor, a campaign's segment
//! and its members' responses, through clicks, typing and keys on a real workspace file.

mod common;
mod ui_harness;

use iced::keyboard::key::Named;
use kith::domain::{CampaignId, LifecycleStage, Money, Segment};
use kith::store::CampaignSummary;
use kith::ui::screen::campaigns;
use ui_harness::Window;

/// A window wide enough for the campaigns' names whole (narrower, the list cuts them with "…").
fn wide(mut w: Window) -> Window {
    w.size = Some(iced::Size::new(1400.0, 900.0));
    w
}

fn campaign_named(w: &Window, name: &str) -> CampaignSummary {
    w.store()
        .campaigns()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no campaign {name:?} was saved"))
}

/// Opens the first campaign's page; returns the campaign.
fn open_first_campaign(w: &mut Window) -> CampaignSummary {
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    w.click(&target.name);
    target
}

/// The campaign's member at place `at`, in the page's order.
fn member(w: &Window, campaign: CampaignId, at: u64) -> kith::store::MemberRow {
    w.store().campaign_members(campaign, at, 1).unwrap().rows[0].clone()
}

fn field_id(id: String) -> &'static str {
    Box::leak(id.into_boxed_str())
}

#[test]
fn a_campaign_is_created_targeted_from_a_filter_and_a_response_is_recorded() {
    let mut w = wide(Window::demo(60));
    w.click("Campaigns");
    w.assert_sees("Spring single-origin launch");

    w.click("New campaign");
    w.type_into(campaigns::NAME_ID, "Customer tasting");
    w.type_into(campaigns::BUDGET_ID, "500");
    w.type_into(campaigns::COST_ID, "200");
    w.click("Event");
    w.click("Save");
    w.assert_sees("Customer tasting");
    w.assert_sees("Target segment");
    w.assert_sees("No members yet");
    let saved = campaign_named(&w, "Customer tasting");
    assert_eq!(saved.cost.minor, 200_00);
    assert_eq!(saved.channel.label(), "Event");

    // Narrowing the segment recounts (after the debounce) on the store thread.
    w.click("Customer");
    let customers = Segment {
        lifecycle: vec![LifecycleStage::Customer],
        ..Segment::default()
    };
    let expected = w.store().segment_size(&customers).unwrap();
    assert!(expected > 1, "the demo has customers to target");
    w.assert_sees(&format!("{expected} contacts match"));
    w.assert_sees(&format!("{expected} not yet members"));
    let add = format!("Add {expected} matching contacts as members");
    w.click(&add);
    w.assert_sees(&format!("{expected} members"));
    w.assert_sees(&format!("Add {expected} members to Customer tasting"));
    let store = w.store();
    assert_eq!(store.campaign(saved.id).unwrap().fields.segment, customers);
    let members = store.campaign_members(saved.id, 0, 1000).unwrap();
    assert_eq!(members.total, expected);

    // The first member (by name) responds: sent and opened are filled in with it.
    w.click("Responded");
    w.assert_sees("✓ Responded");
    let first = &w.store().campaign_members(saved.id, 0, 1).unwrap().rows[0];
    assert!(first.sent_at.is_some() && first.opened_at.is_some() && first.responded_at.is_some());
    assert!(first.converted_at.is_none());
    let summary = campaign_named(&w, "Customer tasting");
    assert_eq!((summary.sent, summary.responded), (1, 1));

    // A revenue the member list refuses is said above it without moving its rows: they moved
    // 24 px down under the pointer, and the next click landed in another member's box.
    let before = w.top_of("✓ Responded");
    w.type_into(
        field_id(campaigns::revenue_input_id(first.contact_id)),
        "-5",
    );
    w.click("Save");
    w.assert_sees_part("Revenue cannot be negative");
    assert_eq!(w.top_of("✓ Responded"), before);
    // Attributed revenue converts the member and shows in the results.
    w.replace_in(
        field_id(campaigns::revenue_input_id(first.contact_id)),
        "350",
    );
    w.click("Save");
    let summary = campaign_named(&w, "Customer tasting");
    assert_eq!(summary.revenue, Money::new(350_00, summary.cost.currency));
    assert_eq!(summary.converted, 1);
    assert_eq!(summary.roi_percent, Some(75));
    w.assert_sees("+75%");
    w.assert_sees("€350.00");
}

#[test]
fn the_editor_marks_wrong_fields_and_saves_nothing_until_they_are_fixed() {
    let mut w = Window::demo(20);
    w.click("Campaigns");
    let before = w.store().campaigns().unwrap().len();
    w.click("New campaign");
    w.click("Save");
    w.assert_sees("Give the campaign a name");
    // Fixing a field takes its message away but not its line: nothing below moves up under
    // the pointer.
    let below = w.top_of("Channel").expect("the fields below the name");

    w.type_into(campaigns::NAME_ID, "Autumn");
    w.assert_not_sees("Give the campaign a name");
    assert_eq!(w.top_of("Channel"), Some(below));
    w.type_into(campaigns::COST_ID, "12,5x");
    w.type_into(campaigns::STARTS_ID, "2026-05-01");
    w.type_into(campaigns::ENDS_ID, "2026-04-01");
    w.click("Save");
    w.assert_sees("\"12,5x\" is not a valid amount");
    w.assert_sees("Ends before it starts (2026-05-01)");
    w.assert_sees("Not saved: 2 fields to fix, marked below.");
    assert_eq!(w.store().campaigns().unwrap().len(), before);

    w.replace_in(campaigns::COST_ID, "12.50");
    w.replace_in(campaigns::ENDS_ID, "2026-05-31");
    w.assert_not_sees("Ends before it starts (2026-05-01)");
    w.key(Named::Escape);
    w.assert_sees("New campaign");
    assert_eq!(
        w.store().campaigns().unwrap().len(),
        before,
        "Esc leaves the editor without saving"
    );
}

#[test]
fn the_keyboard_opens_sorts_creates_and_goes_back() {
    let mut w = wide(Window::demo(200));
    w.click("Campaigns");
    let mut all = w.store().campaigns().unwrap();
    // Best return first; equal returns by name, as the table breaks ties.
    all.sort_by(|a, b| {
        b.roi_percent
            .unwrap_or(i64::MIN)
            .cmp(&a.roi_percent.unwrap_or(i64::MIN))
            .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
    });
    let (best, other) = (&all[0], &all[1]);

    // Sorting by ROI puts the best return first; arrows and Enter open it.
    w.click("ROI");
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    w.assert_sees("Target segment");
    w.assert_sees(&best.name);
    w.assert_not_sees(&other.name);

    // On the page, arrows pick a member and Enter records their next step.
    let first = w.store().campaign_members(best.id, 0, 1).unwrap().rows[0].clone();
    let reached = |m: &kith::store::MemberRow| {
        [m.sent_at, m.opened_at, m.responded_at, m.converted_at]
            .iter()
            .filter(|t| t.is_some())
            .count()
    };
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    let after = w.store().campaign_members(best.id, 0, 1).unwrap().rows[0].clone();
    assert_eq!(after.contact_id, first.contact_id);
    assert_eq!(reached(&after), (reached(&first) + 1).min(4));

    w.key(Named::Escape);
    w.assert_sees(&other.name);

    w.ctrl("n");
    w.assert_sees("Cancel");
    w.type_into(campaigns::NAME_ID, "Keyboard launch");
    w.ctrl("s");
    w.assert_sees("Target segment");
    w.assert_sees("Keyboard launch");
    w.key(Named::Escape);
    w.assert_sees(&other.name);
    w.assert_sees("Keyboard launch");
    assert_eq!(w.store().campaigns().unwrap().len(), all.len() + 1);
}

#[test]
fn editing_a_campaign_changes_its_results_and_deleting_it_can_be_undone() {
    let mut w = Window::demo(40);
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    w.click(&target.name);
    w.assert_sees("Target segment");
    w.ctrl("e");
    w.assert_sees("Edit campaign");
    w.replace_in(campaigns::COST_ID, "0");
    w.click("Save");
    w.assert_sees("Target segment");
    let edited = w.store().campaign_summary(CampaignId(target.id.0)).unwrap();
    assert_eq!(edited.cost.minor, 0);
    assert_eq!(edited.roi_percent, None, "no ROI without a cost");

    w.click("Delete");
    w.assert_not_sees(&target.name);
    assert!(
        w.store()
            .campaigns()
            .unwrap()
            .iter()
            .all(|c| c.id != target.id)
    );
    w.ctrl("z");
    w.assert_sees(&target.name);
}

#[test]
fn leaving_a_changed_campaign_unsaved_asks_first() {
    let mut w = Window::demo(40);
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    w.click(&target.name);
    w.ctrl("e");
    // Opened and left untouched: no question.
    w.key(Named::Escape);
    w.assert_sees("Target segment");
    w.ctrl("e");
    w.replace_in(campaigns::NAME_ID, "Renamed, not saved");
    w.click("Tasks");
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.assert_sees("Renamed, not saved");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    w.click("Discard changes");
    w.assert_sees(&target.name);
    assert_eq!(
        w.store().campaign_summary(target.id).unwrap().name,
        target.name
    );
}

#[test]
fn a_members_revenue_typed_but_not_saved_is_not_lost_by_leaving() {
    let mut w = wide(Window::demo(40));
    let target = open_first_campaign(&mut w);
    let first = member(&w, target.id, 0);
    let field = field_id(campaigns::revenue_input_id(first.contact_id));
    // A revenue past what Kith holds is said in one line, above the list, not saved.
    w.replace_in(field, "10000000000000000");
    w.click("Save");
    w.assert_sees(&format!(
        "{}: Revenue is more than Kith holds (ten trillion at most)",
        first.name
    ));
    w.replace_in(field, "99.99");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.click("Save");
    let saved = member(&w, target.id, 0);
    assert_eq!(saved.revenue.minor, 99_99);
    // Saved, it is left without a question.
    w.key(Named::Escape);
    w.assert_not_sees("Discard your changes?");
}

/// A segment filter changed and not saved is not thrown away by leaving the page: it was, while a
/// revenue typed on the same page asked first.
#[test]
fn a_segment_changed_but_not_saved_is_not_lost_by_leaving() {
    let mut w = wide(Window::demo(40));
    open_first_campaign(&mut w);
    w.click("Lead");
    w.assert_sees("Save filter");
    w.key(Named::Escape);
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.assert_sees("Save filter");
    w.click("Reset");
    w.key(Named::Escape);
    w.assert_not_sees("Discard your changes?");
    w.assert_sees("New campaign");
}

/// "Edit" over a segment filter not saved asks first, as leaving does (it opened the editor and
/// threw the filter away); "Discard changes" goes on to the editor, "Keep editing" keeps it.
#[test]
fn editing_over_a_segment_not_saved_asks_first() {
    let mut w = wide(Window::demo(40));
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    let before = target_segment(&w, target.id);
    w.click(&target.name);
    w.click("Lead");
    w.assert_sees("Save filter");
    w.click("Edit");
    w.assert_sees("Discard your changes?");
    w.click("Keep editing");
    w.assert_sees("Save filter");
    w.click("Edit");
    w.click("Discard changes");
    assert!(w.shows_id(campaigns::NAME_ID), "the editor is open");
    assert_eq!(target_segment(&w, target.id), before, "nothing was saved");
}

fn target_segment(w: &Window, id: CampaignId) -> Segment {
    w.store().campaign(id).unwrap().fields.segment
}

/// After an Undo of "Add N members" the page no longer says they were added.
#[test]
fn undoing_an_addition_of_members_takes_its_note_away() {
    let mut w = wide(Window::demo(60));
    w.click("Campaigns");
    w.click("New campaign");
    w.type_into(campaigns::NAME_ID, "Tea tasting");
    w.click("Save");
    w.click("Customer");
    let saved = campaign_named(&w, "Tea tasting");
    let customers = Segment {
        lifecycle: vec![LifecycleStage::Customer],
        ..Segment::default()
    };
    let n = w.store().segment_size(&customers).unwrap();
    w.click(&format!("Add {n} matching contacts as members"));
    w.assert_sees(&format!("Added {n} members."));
    w.ctrl("z");
    assert_eq!(w.store().campaign_members(saved.id, 0, 1).unwrap().total, 0);
    w.assert_not_sees(&format!("Added {n} members."));
}

/// The Campaigns list has its Export…, as every list does, and comes back as it was.
#[test]
fn the_campaign_list_exports_as_csv() {
    let mut w = Window::demo(40);
    w.click("Campaigns");
    let n = w.store().campaigns().unwrap().len();
    let csv = w.dir.path().join("campaigns.csv");
    w.click("Export…");
    w.assert_sees("Export campaigns");
    w.replace_in(
        kith::ui::screen::export::PATH_ID,
        &csv.display().to_string(),
    );
    w.click("Export");
    w.assert_sees(&format!("Exported {n} campaigns to {}", csv.display()));
    let text = std::fs::read_to_string(&csv).unwrap();
    assert!(text.starts_with("id,name,channel,status,budget,cost,revenue,currency,"));
    assert_eq!(text.lines().count(), n + 1);
    w.assert_sees("New campaign");
}

/// In a 1024-pixel window the members go under the campaign's figures, whole: beside the segment
/// their response buttons had run into each other. The segment is still there, further down.
#[test]
fn a_narrow_window_puts_the_members_under_the_segment() {
    let mut w = Window::demo(40);
    w.size = Some(iced::Size::new(1024.0, 700.0));
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    w.click(&target.name);
    w.assert_sees("Target segment");
    let segment = w.top_of("Target segment").expect("the segment's card");
    // The members below, out of view until the page is scrolled: in Tab's order as on screen.
    let members = w.top_of("Responses");
    assert!(
        members.is_none_or(|m| m > segment),
        "segment at {segment}, members at {members:?}"
    );

    w.size = Some(iced::Size::new(1400.0, 900.0));
    let members = w.top_of("Responses").expect("the members' header");
    let segment = w.top_of("Target segment").expect("the segment's card");
    assert!(
        members > segment,
        "side by side: the members' header is below the card titles"
    );
}

/// A campaign's member list has its own Export…: every member with their responses and revenue,
/// as the page lists them, and the export comes back to the campaign's page.
#[test]
fn a_campaigns_members_export_as_csv_from_its_page() {
    let mut w = wide(Window::demo(40));
    w.click("Campaigns");
    let target = w
        .store()
        .campaigns()
        .unwrap()
        .into_iter()
        .max_by_key(|c| c.members)
        .unwrap();
    assert!(target.members > 0);
    w.click(&target.name);
    w.assert_sees(&format!("{} members", target.members));
    let csv = w.dir.path().join("members.csv");
    w.click("Export…");
    w.assert_sees(&format!("Export the members of {}", target.name));
    w.replace_in(
        kith::ui::screen::export::PATH_ID,
        &csv.display().to_string(),
    );
    w.click("Export");
    w.assert_sees_part(&format!("Exported {} members of", target.members));
    let text = std::fs::read_to_string(&csv).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "contact_id,name,email,phone,company,lifecycle,sent_at,opened_at,responded_at,\
             converted_at,revenue,currency"
        )
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len() as i64, target.members);
    let sent = rows
        .iter()
        .filter(|r| r.split(',').nth(6).is_some_and(|c| !c.is_empty()))
        .count();
    assert_eq!(sent as i64, target.sent);
    // Back on the campaign's page.
    w.assert_sees("Target segment");
    w.assert_sees(&target.name);
}

/// A new campaign starts in the currency the business works in: the one most campaigns are in,
/// or before the first campaign the one most deals are in (a shop selling in kronor had to change
/// "EUR" on every campaign, and a campaign left in euros was compared apart from its deals).
#[test]
fn a_new_campaign_starts_in_the_currency_the_business_works_in() {
    use kith::domain::{CampaignChannel, CampaignFields, CampaignStatus, Currency};
    let (dir, path) = common::selling_in_kronor();
    let sek = Currency::new("SEK").unwrap();
    let mut w = Window::open(dir, path, |_| {});
    w.click("Campaigns");
    w.click("New campaign");
    w.assert_sees("SEK");
    w.type_into(campaigns::NAME_ID, "Midsummer tasting");
    w.type_into(campaigns::BUDGET_ID, "5000");
    w.click("Save");
    w.assert_sees("Target segment");
    assert_eq!(campaign_named(&w, "Midsummer tasting").cost.currency, sek);

    // Once campaigns are in pounds, the next one follows them rather than the deals.
    let gbp = Currency::new("GBP").unwrap();
    let mut store = w.store();
    for name in ["London fair", "Leeds fair"] {
        store
            .create_campaign(CampaignFields {
                name: name.into(),
                channel: CampaignChannel::Event,
                status: CampaignStatus::Draft,
                budget: Money::zero(gbp),
                cost: Money::zero(gbp),
                starts_on: None,
                ends_on: None,
                segment: Segment::default(),
            })
            .unwrap();
    }
    assert_eq!(store.campaign_currency().unwrap(), gbp);
    drop(store);
    w.click("Contacts");
    w.click("Campaigns");
    w.click("New campaign");
    w.assert_sees("GBP");
    w.assert_not_sees("SEK");
}

/// A campaign's segment count follows changes made elsewhere (an import from the command line,
/// another window): it had said "1 not yet a member" and its button then added the four an import
/// had just tagged. With no one matching it says so, not "All of them are members already".
#[test]
fn a_campaigns_segment_count_follows_changes_made_elsewhere() {
    let mut w = wide(Window::demo(40));
    let target = w.store().campaigns().unwrap()[0].clone();
    {
        let mut store = w.store();
        let mut fields = store.campaign(target.id).unwrap().fields;
        fields.segment = Segment {
            tags: vec!["tasting-2026".into()],
            ..Segment::default()
        };
        store.update_campaign(target.id, fields, None).unwrap();
    }
    let members = w.store().campaign_members(target.id, 0, 1).unwrap().total;
    w.send(kith::ui::app::Message::Poll);
    w.click("Campaigns");
    w.click(&target.name);
    w.assert_sees("No contacts match");
    w.assert_not_sees("All of them are members already.");
    w.store()
        .create_contact(kith::domain::ContactFields {
            first_name: "Imported".into(),
            last_name: "Elsewhere".into(),
            tags: vec!["tasting-2026".into()],
            ..Default::default()
        })
        .unwrap();
    w.send(kith::ui::app::Message::Poll);
    w.assert_sees("1 contact matches");
    w.click("Add 1 matching contact as a member");
    assert_eq!(
        w.store().campaign_members(target.id, 0, 1).unwrap().total,
        members + 1
    );
}

/// In the smallest window the list leaves the rates to each campaign's page, so a return is
/// whole: squeezed, "-100%" read "-10…", as if -10%.
#[test]
fn a_narrow_list_shows_a_return_whole() {
    let mut w = Window::demo(40);
    w.size = Some(iced::Size::new(760.0, 480.0));
    let lost_all = w
        .store()
        .campaigns()
        .unwrap()
        .into_iter()
        .find(|c| c.roi_percent == Some(-100))
        .expect("the demo has a campaign that earned nothing");
    w.click("Campaigns");
    w.assert_sees(&kith::domain::campaign::roi_label(-100));
    w.assert_not_sees("Conversion");
    w.size = Some(iced::Size::new(1400.0, 900.0));
    w.assert_sees("Conversion");
    w.assert_sees(&lost_all.name);
}

/// A deleted member's responses and revenue are shown, not offered for change: the buttons and
/// the field looked open, and each change failed with "restore the contact first".
#[test]
fn a_deleted_members_responses_are_not_offered_for_change() {
    let mut w = wide(Window::demo(20));
    let (campaign, gone) = {
        let mut store = w.store();
        let gone = common::contact(&mut store, "Aaron", "Aardvark");
        let c = store.campaigns().unwrap()[0].id;
        store.add_campaign_members(c, &[gone]).unwrap();
        store.delete(gone).unwrap();
        (store.campaign(c).unwrap(), gone)
    };
    w.send(kith::ui::app::Message::Poll);
    w.click("Campaigns");
    w.click(&campaign.fields.name);
    w.assert_sees("Deleted");
    let member = |w: &Window| {
        w.store()
            .campaign_members(campaign.id, 0, 1000)
            .unwrap()
            .rows
            .into_iter()
            .find(|m| m.contact_id == gone)
            .unwrap()
    };
    assert!(member(&w).deleted);
    // The deleted member sorts first ("Aaron Aardvark"): its step buttons do nothing.
    w.click("Sent");
    assert_eq!(member(&w).sent_at, None);
    w.assert_not_sees_part("restore the contact first");
}

#[test]
fn a_loss_too_small_for_a_whole_percent_is_still_said_to_be_one() {
    let mut w = wide(Window::demo(60));
    w.click("Campaigns");
    w.click("New campaign");
    w.type_into(campaigns::NAME_ID, "Cupping evening");
    w.type_into(campaigns::COST_ID, "987.65");
    w.click("Save");
    w.click("Customer");
    let customers = Segment {
        lifecycle: vec![LifecycleStage::Customer],
        ..Segment::default()
    };
    let expected = w.store().segment_size(&customers).unwrap();
    w.click(&format!("Add {expected} matching contacts as members"));
    let saved = campaign_named(&w, "Cupping evening");
    let first = &w.store().campaign_members(saved.id, 0, 1).unwrap().rows[0];
    // A cent short of the cost: -0.001%, shown as 0%.
    w.type_into(
        field_id(campaigns::revenue_input_id(first.contact_id)),
        "987.64",
    );
    w.click("Save");
    assert_eq!(campaign_named(&w, "Cupping evening").roi_percent, Some(0));
    w.assert_sees("Revenue has not yet covered the cost. ROI = (revenue − cost) / cost.");
}

/// From the keyboard, "Add a tag…" steps through the tags with the arrows and adds the one it
/// is on with Enter: each arrow had added a tag to the segment.
#[test]
fn the_arrows_choose_a_tag_for_the_segment_and_enter_adds_it() {
    let mut w = wide(Window::demo(40));
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    let before = target_segment(&w, target.id);
    w.click(&target.name);
    w.press_in(campaigns::SEGMENT_TAG_ID, Named::ArrowDown);
    w.press_in(campaigns::SEGMENT_TAG_ID, Named::ArrowDown);
    w.assert_not_sees("Save filter");
    w.press_in(campaigns::SEGMENT_TAG_ID, Named::Enter);
    w.click("Save filter");
    let after = target_segment(&w, target.id);
    assert_eq!(after.tags.len(), before.tags.len() + 1, "{after:?}");
}

/// A member added by mistake is taken out with Delete (or the button over the list), and Undo
/// puts them back with what they had done.
#[test]
fn delete_takes_the_selected_member_out_and_undo_puts_them_back() {
    let mut w = wide(Window::demo(40));
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    assert!(target.members > 1);
    w.click(&target.name);
    let first = member(&w, target.id, 0);
    w.key(Named::ArrowDown);
    w.key(Named::Delete);
    let after = campaign_named(&w, &target.name);
    assert_eq!(after.members, target.members - 1);
    let rows = w.store().campaign_members(target.id, 0, 1000).unwrap().rows;
    assert!(rows.iter().all(|m| m.contact_id != first.contact_id));
    w.assert_sees_part(&format!("Remove {} from {}", first.name, target.name));
    w.ctrl("z");
    assert_eq!(campaign_named(&w, &target.name).members, target.members);

    w.click("Remove selected");
    assert_eq!(campaign_named(&w, &target.name).members, target.members - 1);
}

/// A member opened from a campaign's page goes back to that page, the member selected.
#[test]
fn a_member_opened_from_the_page_goes_back_to_the_campaign() {
    let mut w = wide(Window::demo(40));
    w.click("Campaigns");
    let target = w.store().campaigns().unwrap()[0].clone();
    assert!(target.members > 2);
    w.click(&target.name);
    let second = member(&w, target.id, 1);
    w.click(&second.name);
    w.assert_sees("← Campaign");
    w.assert_not_sees("Target segment");

    w.key(Named::Escape);
    w.assert_sees("Target segment");
    w.assert_sees(&target.name);
    // The member opened is the one selected: Delete takes them out.
    w.key(Named::Delete);
    let rows = w.store().campaign_members(target.id, 0, 1000).unwrap().rows;
    assert_eq!(rows.len() as i64, target.members - 1);
    assert!(rows.iter().all(|m| m.contact_id != second.contact_id));
}

/// A member opened over a segment change not saved: the window asks, and after "Discard" the
/// page comes back as it was left (the member selected) with the change gone.
#[test]
fn a_member_opened_over_a_discarded_change_still_goes_back_to_the_page() {
    let mut w = wide(Window::demo(40));
    let target = open_first_campaign(&mut w);
    w.click("Lead");
    w.assert_sees("Save filter");
    let second = member(&w, target.id, 1);
    w.click(&second.name);
    w.assert_sees("Discard your changes?");
    w.click("Discard changes");
    w.assert_sees("← Campaign");

    w.key(Named::Escape);
    w.assert_sees("Target segment");
    w.assert_not_sees("Save filter");
    w.key(Named::Delete);
    let rows = w.store().campaign_members(target.id, 0, 1000).unwrap().rows;
    assert!(rows.iter().all(|m| m.contact_id != second.contact_id));
}

/// A member deleted from their own page, opened from the campaign, goes back to the campaign.
#[test]
fn a_member_deleted_from_their_page_goes_back_to_the_campaign() {
    let mut w = wide(Window::demo(40));
    let target = open_first_campaign(&mut w);
    let first = member(&w, target.id, 0);
    w.click(&first.name);
    w.assert_sees("← Campaign");
    // A record page's Delete passes over a double click's second click.
    std::thread::sleep(std::time::Duration::from_millis(700));
    w.click("Delete");
    w.assert_sees("Target segment");
    assert!(
        w.store()
            .contact(first.contact_id)
            .unwrap()
            .deleted_at
            .is_some()
    );
}
