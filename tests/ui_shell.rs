//! The rest of the window: companies, the sidebar's other screens, settings, help and the welcome.

mod ui_harness;

use iced::keyboard::key::Named;
use kith::store::SortDir;
use ui_harness::Window;

#[test]
fn a_company_is_created_with_inline_validation_and_people_are_added_to_it() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.click("Companies");
    w.assert_sees("No companies yet");
    w.click("New company");
    // Every wrong field is marked at once, not one per Save.
    w.type_into("Website domain", "not a domain");
    w.type_into("Employees", "twelve");
    w.click("Save");
    w.assert_sees("\"twelve\" is not a whole number");
    w.assert_sees_part("Must not be empty");
    w.assert_sees("Spaces in a domain");
    w.replace_in("Website domain", "");
    w.replace_in("Employees", "");
    w.type_into("Name", "Acme Tools");
    w.type_into("Employees", "-3");
    w.click("Save");
    w.assert_sees("Must not be negative");
    assert_eq!(w.store().counts().unwrap().companies, 0);

    w.replace_in("Employees", "12");
    w.click("Save");
    w.assert_sees("Acme Tools");
    w.assert_sees("People (0)");
    assert_eq!(w.store().counts().unwrap().companies, 1);

    w.click("Add person");
    w.assert_sees("Acme Tools");
    w.type_into(kith::ui::screen::contact_form::FIRST_FIELD_ID, "Wile");
    w.click("Save");
    w.assert_sees("at Acme Tools");
    w.click("Acme Tools");
    w.assert_sees("People (1)");
}

#[test]
fn the_company_list_opens_a_company_with_its_people_and_history() {
    let mut w = Window::demo(80);
    w.click("Companies");
    let companies = w.store().companies("", SortDir::Asc, 0, 1).unwrap();
    w.assert_sees(&format!("{} companies", companies.total));
    w.key(Named::ArrowDown);
    w.key(Named::Enter);
    let first = &companies.rows[0];
    w.assert_sees(&first.name);
    w.assert_sees(&format!("People ({})", first.contacts));
    w.assert_sees("Timeline");
    w.assert_sees("Deals");
    w.key(Named::Escape);
    w.assert_sees(&format!("{} companies", companies.total));
}

#[test]
fn ctrl_7_opens_the_analytics_panel_with_every_analysis() {
    let mut w = Window::demo(60);
    w.ctrl("7");
    for analysis in [
        "Customer segments",
        "Density clusters",
        "Bought together",
        "Spending model",
        "Win/loss tree",
        "Churn model",
        "Deal scoring",
        "RFM loyalty",
    ] {
        w.assert_sees(analysis);
    }
    w.assert_sees("Set the parameters above and press Run.");
}

#[test]
fn the_theme_choice_is_remembered_in_the_settings_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let settings = dir.path().join("config/settings.json");
    let mut w = Window::open(dir, path, |launch| {
        launch.settings_path = Some(settings.clone())
    });
    w.click("Start empty");
    w.click("Settings");
    w.assert_sees("Follow the system");
    w.click("Dark");
    let saved = std::fs::read_to_string(&settings).unwrap();
    assert!(saved.contains("\"dark\""), "{saved}");
    assert_eq!(
        kith::ui::settings::load(&settings).settings.theme,
        kith::ui::settings::ThemeChoice::Dark
    );
}

#[test]
fn a_damaged_settings_file_is_reported_not_fatal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.db");
    let mut w = Window::open(dir, path, |launch| {
        launch.settings_notice = Some("Your settings could not be read; using the defaults.".into())
    });
    w.assert_sees("Your settings could not be read; using the defaults.");
    w.assert_sees("Welcome to Kith");
}

#[test]
fn f1_shows_the_shortcuts_and_escape_closes_them() {
    let mut w = Window::demo(10);
    w.key(Named::F1);
    w.assert_sees("Keyboard shortcuts");
    w.assert_sees("Ctrl+K, Ctrl+F");
    w.assert_sees("Ctrl+Shift+Z, Ctrl+Y");
    w.key(Named::Escape);
    w.assert_not_sees("Ctrl+K, Ctrl+F");
}

#[test]
fn the_welcome_screen_opens_the_demo_workspace() {
    let mut w = Window::empty();
    w.assert_sees("Welcome to Kith");
    w.click("Open the demo workspace");
    // It opens on the dashboard; the status line counts what the demo holds.
    w.assert_sees("Won this month");
    w.assert_sees_part("500 contacts");
    assert!(w.dir.path().join("demo.db").exists());
}

#[test]
fn a_task_falling_due_while_the_window_is_open_is_announced() {
    let mut w = Window::demo(10);
    let due = kith::domain::Timestamp::now().0 + 1;
    let mut store = w.store();
    store
        .create_task(kith::domain::TaskFields {
            title: "Call the roastery back".into(),
            due_at: Some(kith::domain::Timestamp(due)),
            ..Default::default()
        })
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    w.send(kith::ui::Message::Tick);
    w.assert_sees("Due now: Call the roastery back");
    // Announced once: the next check does not repeat it.
    w.click("×");
    w.send(kith::ui::Message::Tick);
    w.assert_not_sees("Due now: Call the roastery back");
}

#[test]
fn a_workspace_opens_on_the_dashboard_whose_figures_lead_to_their_screens() {
    let mut w = Window::demo(80);
    for figure in [
        "Open pipeline",
        "Weighted forecast, this quarter",
        "Won this month",
        "Open tickets",
        "Campaign return",
    ] {
        w.assert_sees(figure);
    }
    let today = chrono::Local::now().date_naive();
    let kpis = w
        .store()
        .kpis(today, kith::domain::Timestamp::now())
        .unwrap();
    w.assert_sees(&kpis.open_pipeline.display());
    w.assert_sees(&kpis.open_tickets.to_string());
    w.click("Open tickets");
    w.assert_sees("New ticket");
    w.ctrl("0");
    w.assert_sees("Won this month");
    // What was won is among the deals won and lost, not on the board of open ones.
    w.click("Won this month");
    w.assert_sees("Closed from");
}

/// Enter right after typing opens a hit of the text in the box, not one of the earlier text whose
/// results are still on screen ("leon", then "hugo" and Enter quickly, opened Leon).
#[test]
fn enter_in_the_search_palette_opens_what_the_box_says_even_before_its_results() {
    use kith::ui::screen::palette;
    let mut w = Window::demo(80);
    let people = w
        .store()
        .contacts(&kith::store::ContactQuery {
            limit: 2,
            ..Default::default()
        })
        .unwrap()
        .rows;
    let (first, second) = (&people[0], &people[1]);
    let last_name = |name: &str| name.rsplit(' ').next().unwrap().to_string();
    assert_ne!(last_name(&first.name), last_name(&second.name));
    w.ctrl("k");
    w.type_into(palette::INPUT_ID, &first.name);
    w.assert_sees(&first.name);
    // The box now says the second name; the pause before searching has not ended.
    let pending = w.start(kith::ui::Message::Palette(palette::Message::TextChanged(
        second.name.clone(),
    )));
    w.key(Named::Enter);
    w.run(pending);
    w.assert_sees("Log an activity");
    w.assert_sees(&second.name);
    w.assert_not_sees_part(&first.name);
}

/// A company's deals and tickets open from its page: they were plain text, and a deal could not be
/// reached from the company at all.
#[test]
fn a_companys_deals_and_tickets_open_from_its_page() {
    let mut w = Window::demo(300);
    w.size = Some(iced::Size::new(1400.0, 3000.0));
    let (company, deal, subject): (i64, String, String) =
        rusqlite::Connection::open(w.store().path())
            .unwrap()
            .query_row(
                "SELECT d.company_id, d.title, t.subject FROM deals d \
                 JOIN tickets t ON t.company_id = d.company_id \
                 WHERE d.deleted_at IS NULL AND t.deleted_at IS NULL ORDER BY d.id LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .unwrap();
    let open_company = |w: &mut Window| {
        w.send(kith::ui::Message::Navigate(
            kith::ui::screen::Destination::Company(kith::domain::CompanyId(company)),
        ))
    };
    open_company(&mut w);
    w.click_nth(&deal, 0);
    w.assert_sees("Edit deal");
    assert!(w.sees(&deal), "the form holds the deal");
    // Closing the form goes back to the company, not to the board.
    w.click("Cancel");
    w.assert_sees("Deals");
    w.assert_not_sees("Edit deal");
    assert!(w.sees_part("People ("), "back on the company's page");
    open_company(&mut w);
    w.click_nth(&subject, 0);
    w.assert_sees("Conversation");
}

/// A new workspace is set to the currency the business works in (Settings): its first deal starts
/// in it and the store counts in it. A Swiss shop's first day had said "€0.00" everywhere, and
/// every first form EUR.
#[test]
fn a_new_workspace_works_in_the_currency_set() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.send(kith::ui::Message::Navigate(
        kith::ui::screen::Destination::Section(kith::ui::screen::Section::Settings),
    ));
    w.replace_in(kith::ui::screen::settings::currency::CURRENCY_ID, "chf");
    w.click("Save currency");
    w.assert_sees_part("The workspace works in CHF");
    assert_eq!(
        w.store().deal_currency().unwrap(),
        kith::domain::Currency::new("CHF").unwrap()
    );
    w.replace_in(kith::ui::screen::settings::currency::CURRENCY_ID, "euro");
    w.click("Save currency");
    w.assert_sees_part("\"euro\" is not a currency code");
    assert_eq!(
        w.store().home_currency().unwrap(),
        Some(kith::domain::Currency::new("CHF").unwrap())
    );
}

/// The team set in Settings is offered when a ticket is assigned, before anyone has been named on
/// one: a new shop's quick picks had offered no one.
#[test]
fn the_team_set_in_settings_is_offered_for_tickets() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.send(kith::ui::Message::Navigate(
        kith::ui::screen::Destination::Section(kith::ui::screen::Section::Settings),
    ));
    w.replace_in(
        kith::ui::screen::settings::team::TEAM_ID,
        " Anna , Marco,anna, ",
    );
    w.click("Save team");
    w.assert_sees_part("The team is Anna, Marco");
    assert_eq!(w.store().team().unwrap(), ["Anna", "Marco"]);
    assert_eq!(w.store().ticket_assignees().unwrap(), ["Anna", "Marco"]);
    w.send(kith::ui::Message::Navigate(
        kith::ui::screen::Destination::Section(kith::ui::screen::Section::Tickets),
    ));
    w.ctrl("n");
    w.assert_sees("Marco");
}
