//! The analytics panel as an owner uses it: run K-means and read the segments, cancel a run, and
//! save a segment as a tag that a campaign's audience filter offers — clicks and typing on a real
//! workspace file, the analysis running on the worker thread as in the window.

mod ui_harness;

use kith::analytics::worker::RunId;
use kith::domain::Segment;
use kith::ui::Message;
use kith::ui::screen::analytics::{self, Field, Kind};
use ui_harness::Window;

fn field_id(field: Field) -> &'static str {
    field.label()
}

/// A window tall enough for a result's charts and its table at once.
fn tall(mut w: Window) -> Window {
    w.size = Some(iced::Size::new(1400.0, 2400.0));
    w
}

#[test]
fn k_means_runs_from_the_panel_and_shows_the_segment_sizes() {
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.assert_sees("Customer segments");
    w.replace_in(field_id(Field::K), "3");
    w.click("Run");
    w.assert_sees("Result");
    // The sizes on screen are the store's customers split three ways.
    let customers = w.store().customer_table().unwrap().len();
    w.assert_sees(&customers.to_string());
    for segment in ["Segment 1", "Segment 2", "Segment 3"] {
        w.assert_sees(segment);
    }
    w.assert_not_sees("Segment 4");
    // The scatter and the size bars are drawn beside the table.
    assert!(w.shows_id(analytics::CHART_IDS[0]) && w.shows_id(analytics::CHART_IDS[1]));

    // Results stay while the user works elsewhere.
    w.click("Contacts");
    w.click("Analytics");
    w.assert_sees("Segment 3");
}

/// Without a mouse: ← and → go through the analyses, Enter runs the one shown.
#[test]
fn the_keyboard_picks_an_analysis_and_runs_it() {
    use iced::keyboard::key::Named;
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.assert_sees("Customer segments");
    w.key(Named::ArrowRight);
    w.assert_sees_part("Density");
    w.assert_sees(field_id(Field::Eps));
    w.key(Named::ArrowLeft);
    w.key(Named::ArrowLeft);
    w.assert_sees_part("RFM");
    w.key(Named::ArrowRight);
    w.assert_sees(field_id(Field::K));
    w.key(Named::Enter);
    w.assert_sees("Result");
    w.assert_sees("Segment 1");
}

#[test]
fn a_wrong_parameter_is_named_and_run_waits_for_a_fix() {
    let mut w = Window::demo(60);
    w.click("Analytics");
    w.replace_in(field_id(Field::K), "zero");
    w.assert_sees("a whole number from 1 to 50");
    w.click("Run");
    w.assert_not_sees("Result");
    w.replace_in(field_id(Field::K), "2");
    w.assert_not_sees("a whole number from 1 to 50");

    w.click("Bought together");
    w.replace_in(field_id(Field::MinSupport), "1.5");
    w.assert_sees("a fraction from 0 to 1, such as 0.01");
}

/// Starting a second analysis stops the first (one runs at a time), and both pages say so: the
/// first page does not pass off its older result as the answer to the new settings.
#[test]
fn a_run_stopped_by_another_is_said_to_be_stopped() {
    let mut w = tall(Window::demo(200));
    w.click("Analytics");
    w.click("Density clusters");
    let first = w.start(Message::Analytics(analytics::Message::Run));
    w.click("Customer segments");
    let second = w.start(Message::Analytics(analytics::Message::Run));
    w.assert_sees("Density clusters was stopped to run this: one analysis runs at a time.");
    // Said while the new run goes on; its result, once there, says the rest.
    w.run(second);
    w.assert_sees("Result");
    w.assert_not_sees_part("was stopped to run this");
    w.run(first);
    w.click("Density clusters");
    w.assert_sees_part("The last run here was stopped when Customer segments started");
    w.click("Run");
    w.assert_not_sees_part("The last run here was stopped");
}

#[test]
fn a_cancelled_run_shows_no_result_even_when_it_finishes() {
    let mut w = tall(Window::demo(200));
    w.click("Analytics");
    // Start a run without waiting for it, as a person does before pressing Cancel.
    let run = w.start(Message::Analytics(analytics::Message::Run));
    w.assert_sees("Cancel");
    // Nothing counted yet: the run is still reading customers, and says so instead of "0%".
    w.assert_sees("Customer segments: reading the workspace…");
    w.assert_not_sees_part("working…");
    w.click("Cancel");
    w.assert_sees("Customer segments was cancelled.");
    // Whatever the worker answers now is stale.
    w.run(run);
    w.assert_not_sees("Result");
    w.assert_not_sees_part("reading the workspace…");
    assert!(!w.shows_id(analytics::CHART_IDS[0]));

    // A stray answer for an unknown run changes nothing either.
    w.send(Message::Analytics(analytics::Message::Progress(
        RunId(u64::MAX),
        1,
        2,
    )));
    w.assert_not_sees_part("working…");
    w.assert_not_sees_part("reading the workspace…");
}

#[test]
fn a_segment_saved_from_a_cluster_is_offered_to_a_campaign_audience() {
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.replace_in(field_id(Field::K), "2");
    w.click("Run");
    w.assert_sees("Segment 2");
    w.click_nth("Save as segment", 1);
    w.assert_sees("Segment 2 of 2");
    w.replace_in(analytics::SEGMENT_NAME_ID, "Big spenders");
    w.click("Save segment");
    w.assert_sees_part("customers tagged “Big spenders”");

    let store = w.store();
    assert!(store.tags().unwrap().contains(&"Big spenders".to_string()));
    let tagged = Segment {
        tags: vec!["Big spenders".into()],
        ..Segment::default()
    };
    let size = store.segment_size(&tagged).unwrap();
    assert!(size > 0);
    w.assert_sees_part(&format!("{size} customers tagged “Big spenders”"));

    // The campaign audience filter offers the tags the store lists (its pick list is an overlay
    // the simulator cannot open), and a campaign page still opens with its filter.
    w.click("Campaigns");
    w.click("Spring single-origin launch");
    w.assert_sees("Target segment");
}

/// A name already in use joins that tag: the bar says so before anything is saved, and the note
/// after counts only the customers who were tagged then ("VIP" had quietly grown "vip").
#[test]
fn a_segment_named_as_a_tag_in_use_says_it_joins_that_tag() {
    let mut w = tall(Window::demo(300));
    let size_of = |w: &Window, tag: &str| {
        w.store()
            .tag_sizes()
            .unwrap()
            .into_iter()
            .find(|(t, _)| t == tag)
            .map_or(0, |(_, n)| n)
    };
    let before = size_of(&w, "vip");
    assert!(before > 0, "the demo tags its best customers");
    w.click("Analytics");
    w.replace_in(field_id(Field::K), "2");
    w.click("Run");
    w.click_nth("Save as segment", 0);
    w.assert_sees("Save segment");
    w.replace_in(analytics::SEGMENT_NAME_ID, "VIP");
    w.assert_sees_part(&format!("“vip” is a tag {before} contacts already carry"));
    w.click("Add to “vip”");
    let after = size_of(&w, "vip");
    assert!(after > before);
    w.assert_sees_part(&format!("{} customers tagged “vip”", after - before));
    assert!(w.store().tags().unwrap().iter().all(|t| t != "VIP"));

    // Undone, the tagging's note goes with it.
    w.ctrl("z");
    assert_eq!(size_of(&w, "vip"), before);
    w.assert_not_sees_part("customers tagged");
}

#[test]
fn rules_list_the_customers_they_apply_to_and_what_to_offer_them() {
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.click("Bought together");
    w.click("Run");
    w.assert_sees("Rules");
    w.click("Confidence");
    let store = w.store();
    let customers = store.customer_products().unwrap();
    assert!(!customers.is_empty());
    // Selecting the first rule lists the customers who bought its left side but not its right.
    w.click_nth("%", 0);
    w.assert_sees_part("customers bought");
    w.assert_sees("Next best product");
}

#[test]
fn a_result_exports_its_charts_and_tables_into_a_folder() {
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.replace_in(field_id(Field::K), "3");
    w.click("Run");
    w.assert_sees("Segment 3");
    // Money says its currency in the profile table's header.
    w.assert_sees("Income (EUR)");
    w.assert_sees("Spending (last 12 months, EUR)");
    w.click("Export…");
    let folder = w.dir.path().join("exports");
    let folder_text = folder.display().to_string();
    w.replace_in(analytics::EXPORT_FOLDER_ID, &folder_text);
    w.click("Export");
    w.assert_sees_part(&format!("Exported 6 files to {folder_text}"));
    for file in [
        "segments.png",
        "segments.svg",
        "segment_sizes.png",
        "segment_sizes.svg",
    ] {
        let bytes = std::fs::read(folder.join(file)).unwrap();
        assert!(bytes.len() > 1000, "{file} is too small to be a chart");
    }
    let svg = std::fs::read_to_string(folder.join("segments.svg")).unwrap();
    assert!(svg.contains("Customer segments (k = 3)"));
    let csv = std::fs::read_to_string(folder.join("customer_clusters.csv")).unwrap();
    let customers = w.store().customer_table().unwrap().len();
    assert_eq!(csv.lines().count(), customers + 1);
    assert!(csv.starts_with("contact_id,income,spending,frequency,recency_days,cluster"));
    // The profile table names each segment as the window does beside its cluster number.
    let profile = std::fs::read_to_string(folder.join("segments.csv")).unwrap();
    let lines: Vec<&str> = profile.lines().collect();
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("segment,cluster,customers,income,"));
    assert!(lines[1].starts_with("Segment 1,0,"), "{}", lines[1]);

    // Into the same folder again: it asks before replacing (a second export had written over
    // the first without a word), and a second Export replaces.
    w.click("Export…");
    w.replace_in(analytics::EXPORT_FOLDER_ID, &folder_text);
    w.click("Export");
    w.assert_sees_part("already holds 6 of these files (segments.png,");
    w.click("Export");
    w.assert_sees_part(&format!("Exported 6 files to {folder_text}"));

    // A folder that cannot be made is reported where the user typed it, and nothing is lost.
    w.click("Export…");
    let blocked = w.dir.path().join("a-file");
    std::fs::write(&blocked, "not a folder").unwrap();
    w.replace_in(
        analytics::EXPORT_FOLDER_ID,
        &blocked.join("x").display().to_string(),
    );
    w.click("Export");
    w.assert_sees_part("could not be made");
}

/// Every classifier is shown beside the bar it has to clear: always guessing the commoner answer.
#[test]
fn classifiers_show_the_accuracy_of_always_guessing() {
    let mut w = tall(Window::demo(200));
    w.click("Analytics");
    w.click("Churn model");
    w.click("Run");
    w.assert_sees("Always guessing the commoner class");
    w.click("Win/loss tree");
    w.click("Run");
    w.assert_sees("Always guessing the commoner outcome");
}

/// A first run needs no radius: read off the data, it parts the demo's customers from their
/// outliers, where the old default of 0.3 called most of them outliers.
#[test]
fn density_clusters_read_their_radius_off_the_data_until_one_is_typed() {
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.click("Density clusters");
    w.click("Run");
    w.assert_sees_part("read off the data: the knee of each customer's distance to their 10th");
    w.assert_sees("Cluster 1");
    w.assert_not_sees_part("No cluster at eps");

    w.replace_in(field_id(Field::Eps), "0.01");
    w.click("Run");
    w.assert_sees_part("No cluster at eps = 0.0100: no customer has 9 others that close");
    w.assert_not_sees_part("read off the data");
    w.replace_in(field_id(Field::Eps), "");
    // Each of the demo's 187 customers among all 187: one cluster, which a radius can part.
    w.replace_in(field_id(Field::MinSamples), "187");
    w.click("Run");
    w.assert_sees_part("(read off the data) every customer falls in one cluster");
    w.assert_sees_part("Type a smaller radius to part them.");
    w.replace_in(field_id(Field::MinSamples), "188");
    w.click("Run");
    w.assert_sees_part("give Neighbours to be dense at most 187");
}

#[test]
fn density_clusters_offer_a_radius_read_off_the_data_when_a_guess_finds_nothing() {
    let mut w = tall(Window::demo(300));
    w.click("Analytics");
    w.click("Density clusters");
    w.replace_in(field_id(Field::Eps), "0.01");
    w.click("Run");
    w.assert_sees_part("No cluster at eps = 0.0100");

    // A radius typed wrong does not stop the way to find a right one.
    w.replace_in(field_id(Field::Eps), "-1");
    w.click("Suggest eps");
    w.assert_sees("Choosing eps");
    w.click_nth("Use eps = ", 0);
    // The radius went into the field and ran: clusters now, and the new result on top.
    w.assert_not_sees("0.01");
    w.assert_not_sees_part("No cluster at eps");
    w.assert_sees("Cluster 1");
    let result = w.top_of("Result").expect("the result shows");
    let scan = w.top_of("Choosing eps").expect("the scan stays");
    assert!(result < scan, "the newer result shows first");

    // Each page keeps its own place: the segments page has no scan to show.
    w.click("Customer segments");
    w.assert_not_sees("Choosing eps");
}

/// The tree, the churn model and deal scoring each keep their own number of folds: they shared
/// one field, so tuning the tree changed the next churn run without a word.
#[test]
fn each_model_keeps_its_own_number_of_folds() {
    let mut w = tall(Window::demo(200));
    w.click("Analytics");
    w.click("Win/loss tree");
    w.replace_in(field_id(Field::Folds(Kind::WinLoss)), "3");
    w.click("Churn model");
    w.click("Run");
    w.assert_sees_part("(5 folds)");
    w.replace_in(field_id(Field::Folds(Kind::Churn)), "4");
    w.click("Run");
    w.assert_sees_part("(4 folds)");
    w.click("Win/loss tree");
    w.click("Churn model");
    w.assert_sees_part("(4 folds)");
}
