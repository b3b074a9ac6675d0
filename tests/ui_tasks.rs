//! The Today view as a person uses it: ticking off, snoozing, adding and following tasks by mouse
//! and keyboard, on a real workspace file.

mod ui_harness;

use chrono::{Days, Local, NaiveTime};
use iced::keyboard::key::Named;
use kith::domain::Timestamp;
use kith::domain::task::{DueTasks, Snooze, day_start, local_day, local_moment};
use kith::ui::screen::tasks::{DATE_ID, DAYS_AHEAD, TIME_ID, TITLE_ID};
use ui_harness::Window;

/// What the view should show, read straight from the file, in the view's order.
fn due(w: &Window) -> DueTasks {
    let today = local_day(Timestamp::now(), &Local);
    let horizon = day_start(today + Days::new(DAYS_AHEAD + 1), &Local);
    w.store().due_tasks(horizon, 500).unwrap()
}

/// The demo always has overdue tasks; the first row of the view is the oldest of them.
fn first_overdue(w: &Window) -> kith::domain::task::TaskRow {
    let first = due(w).rows.remove(0);
    assert!(
        first.task.fields.is_overdue(Timestamp::now()),
        "the demo workspace starts with overdue tasks"
    );
    first
}

#[test]
fn ticking_a_task_in_the_today_view_marks_it_done_and_undo_reopens_it() {
    let mut w = Window::demo(60);
    let first = first_overdue(&w);
    w.click("Tasks");
    w.assert_sees("Today");
    w.assert_sees("Overdue");
    w.assert_sees(&first.task.fields.title);

    w.click(&first.task.fields.title);
    assert!(
        w.store().task(first.task.id).unwrap().fields.is_done(),
        "ticking the row saves the task as done"
    );
    w.assert_sees(&format!("Complete task {}", first.task.fields.title));
    assert_ne!(
        due(&w).rows.first().map(|r| r.task.id),
        Some(first.task.id),
        "the done task left the list"
    );

    w.ctrl("z");
    assert!(!w.store().task(first.task.id).unwrap().fields.is_done());
}

#[test]
fn arrows_select_delete_marks_done_and_enter_opens_the_person() {
    let mut w = Window::demo(60);
    let rows = due(&w).rows;
    w.click("Tasks");
    w.key(Named::ArrowDown);
    w.key(Named::Delete);
    assert!(
        w.store().task(rows[0].task.id).unwrap().fields.is_done(),
        "Delete marks the selected task done"
    );
    assert!(
        w.store()
            .task(rows[0].task.id)
            .unwrap()
            .deleted_at
            .is_none(),
        "and does not delete it"
    );

    // The next task takes the selection; Enter follows its first link.
    let next = &rows[1];
    let person = next
        .links
        .contact
        .as_ref()
        .expect("demo tasks are about a person");
    w.key(Named::Enter);
    assert!(
        w.app.title().starts_with(&person.name),
        "Enter opened {:?}, not {}",
        w.app.title(),
        person.name
    );
}

#[test]
fn snoozing_until_tomorrow_moves_the_task_to_nine_tomorrow() {
    let mut w = Window::demo(60);
    let first = first_overdue(&w);
    w.click("Tasks");
    w.click(Snooze::TomorrowMorning.label());
    let tomorrow = local_day(Timestamp::now(), &Local) + Days::new(1);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    assert_eq!(
        w.store().task(first.task.id).unwrap().fields.due_at,
        Some(local_moment(tomorrow, nine, &Local))
    );
    w.assert_sees(&format!("Snooze task {}", first.task.fields.title));
}

#[test]
fn a_new_task_with_a_bad_date_is_marked_inline_and_saved_once_fixed() {
    let mut w = Window::demo(20);
    w.click("Tasks");
    w.type_into(TITLE_ID, "Call the roaster about beans");
    w.type_into(DATE_ID, "next fortnight");
    w.type_into(TIME_ID, "25:00");
    w.click("Add task");
    let week_on = local_day(Timestamp::now(), &Local) + Days::new(7);
    w.assert_sees(&format!(
        "Due date: \"next fortnight\" is not a date; write it as {week_on}, tomorrow or friday"
    ));
    w.assert_sees("Time: \"25:00\" is not a time; write it as 14:30");
    let titled = |w: &Window| {
        due(w)
            .rows
            .into_iter()
            .find(|r| r.task.fields.title == "Call the roaster about beans")
    };
    assert!(
        titled(&w).is_none(),
        "nothing is saved while the form is wrong"
    );

    let tomorrow = local_day(Timestamp::now(), &Local) + Days::new(1);
    w.replace_in(DATE_ID, &tomorrow.format("%Y-%m-%d").to_string());
    w.replace_in(TIME_ID, "10:30");
    w.click("Add task");
    let saved = titled(&w).expect("the fixed task is saved");
    let half_past_ten = NaiveTime::from_hms_opt(10, 30, 0).unwrap();
    assert_eq!(
        saved.task.fields.due_at,
        Some(local_moment(tomorrow, half_past_ten, &Local))
    );
    // Cut with "…" to its column in the simulator's 1024 pixels.
    w.assert_sees_part("Call the roaster");
    w.assert_sees(&format!("Tomorrow, {}", tomorrow.format("%A %-d %B")));
}

#[test]
fn a_task_ticked_off_shows_under_done_today_and_can_be_reopened_there() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.click("Tasks");
    w.type_into(TITLE_ID, "Water the office plants");
    w.click("Add task");
    w.click("Water the office plants");
    w.assert_not_sees("Water the office plants");
    w.click("Show done today");
    w.assert_sees("Done today");
    w.assert_sees("Water the office plants");
    w.click("Water the office plants");
    let open = due(&w)
        .rows
        .into_iter()
        .any(|r| r.task.fields.title == "Water the office plants");
    assert!(open, "unticking a done task reopens it");
}

#[test]
fn clicking_a_linked_company_opens_its_page() {
    let mut w = Window::demo(60);
    let with_company = due(&w)
        .rows
        .into_iter()
        .find_map(|r| r.links.company)
        .expect("some demo tasks are about a company");
    // Room for a contact's and a company's names whole (narrower, they end in "…").
    w.size = Some(iced::Size::new(1400.0, 900.0));
    w.click("Tasks");
    w.click(&with_company.name);
    assert!(
        w.app.title().starts_with(&with_company.name),
        "opened {:?}",
        w.app.title()
    );
}

#[test]
fn an_empty_workspace_says_plainly_that_nothing_is_due() {
    let mut w = Window::empty();
    w.click("Start empty");
    w.click("Tasks");
    w.assert_sees("Nothing due — no open tasks");
    w.type_into(TITLE_ID, "Ring the bank");
    w.click("Add task");
    w.assert_sees("No due date");
    w.assert_sees("Ring the bank");
    w.assert_not_sees("Nothing due — no open tasks");
}

#[test]
fn tasks_due_after_the_next_two_weeks_can_be_shown() {
    let mut w = Window::demo(20);
    // Tall enough for the note under the last row.
    w.size = Some(iced::Size::new(1400.0, 4000.0));
    w.click("Tasks");
    let far = local_day(Timestamp::now(), &Local) + Days::new(DAYS_AHEAD + 30);
    w.type_into(TITLE_ID, "Renew the lease");
    w.type_into(DATE_ID, &far.format("%Y-%m-%d").to_string());
    w.click("Add task");
    w.assert_not_sees("Renew the lease");
    w.assert_sees_part("due after");
    w.click_nth("Show them", 0);
    w.assert_sees("Renew the lease");
    w.assert_not_sees_part("due after");
    w.click("Only the next two weeks");
    w.assert_not_sees("Renew the lease");

    // Without a mouse: End, or ↓ on the last task, goes on to the tasks due later.
    w.key(iced::keyboard::key::Named::End);
    w.assert_sees("Renew the lease");
}

/// A list where no task can be snoozed (all due over a week from now) gives the titles the room
/// the snooze buttons would take: at 800 pixels they had been cut to three letters beside 250
/// empty ones.
#[test]
fn titles_take_the_room_of_snoozes_no_task_is_offered() {
    let mut w = Window::empty();
    w.size = Some(iced::Size::new(800.0, 600.0));
    w.click("Start empty");
    w.click("Tasks");
    let later = local_day(Timestamp::now(), &Local) + Days::new(DAYS_AHEAD - 1);
    let title = "Send the sample pack and the autumn price list";
    w.type_into(TITLE_ID, title);
    w.type_into(DATE_ID, &later.format("%Y-%m-%d").to_string());
    w.click("Add task");
    w.assert_sees(title);
    for snooze in Snooze::ALL {
        w.assert_not_sees(snooze.label());
    }
}

/// The snoozes are buttons Tab does not reach: Alt+S puts the selected task off an hour, and
/// pressed again to tomorrow at nine (a second hour would have moved it by seconds).
#[test]
fn alt_s_snoozes_the_selected_task_a_step_at_a_time() {
    let mut w = Window::demo(60);
    let first = first_overdue(&w);
    w.click("Tasks");
    w.key(Named::ArrowDown);
    let alt_s = || {
        (
            iced::keyboard::Key::Character("s".into()),
            iced::keyboard::Modifiers::ALT,
        )
    };
    let (key, alt) = alt_s();
    w.press(key, alt);
    let due = |w: &Window| {
        w.store()
            .task(first.task.id)
            .unwrap()
            .fields
            .due_at
            .unwrap()
    };
    let in_an_hour = Timestamp::now().0 + 3600;
    assert!((due(&w).0 - in_an_hour).abs() < 120, "{:?}", due(&w));
    w.assert_sees(&format!("Snooze task {}", first.task.fields.title));
    let (key, alt) = alt_s();
    w.press(key, alt);
    let tomorrow = local_day(Timestamp::now(), &Local) + Days::new(1);
    let nine = NaiveTime::from_hms_opt(9, 0, 0).unwrap();
    assert_eq!(due(&w), local_moment(tomorrow, nine, &Local));
}

/// In the smallest window the snoozes fold into one menu, so a title reads as more than "B…".
#[test]
fn a_narrow_list_folds_its_snoozes_into_a_menu() {
    let mut w = Window::demo(60);
    let first = first_overdue(&w);
    w.size = Some(iced::Size::new(760.0, 480.0));
    w.click("Tasks");
    // (The menu's "Snooze…" is drawn by the drop-down, which the simulator does not read.)
    w.assert_not_sees(Snooze::TomorrowMorning.label());
    let title = &first.task.fields.title;
    let shown: String = title.chars().take(12).collect();
    w.assert_sees_part(&shown);
    w.size = Some(iced::Size::new(1400.0, 900.0));
    w.click("Contacts");
    w.click("Tasks");
    w.assert_sees(Snooze::TomorrowMorning.label());
}

/// A task typed on the Today view and not added is not dropped by leaving it: the view was
/// left without a word, and the title was gone on return.
#[test]
fn leaving_the_today_view_with_a_task_typed_asks_first() {
    let mut w = Window::demo(20);
    w.click("Tasks");
    w.type_into(TITLE_ID, "Order more filters");
    w.click("Contacts");
    w.assert_sees("The task you typed is not added yet. Leaving now loses it.");
    w.click("Keep editing");
    w.click("Add task");
    assert!(
        due(&w)
            .rows
            .iter()
            .any(|r| r.task.fields.title == "Order more filters"),
        "the task typed was kept, and added"
    );
    // Once added, nothing is left to lose.
    w.click("Contacts");
    w.assert_not_sees("Discard your changes?");
}

#[test]
fn back_from_the_person_a_task_opened_the_same_task_is_selected() {
    let mut w = Window::demo(60);
    let rows = due(&w).rows;
    w.click("Tasks");
    for _ in 0..4 {
        w.key(Named::ArrowDown);
    }
    let fourth = &rows[3];
    let person = fourth.links.contact.as_ref().expect("about a person");
    w.key(Named::Enter);
    assert!(w.app.title().starts_with(&person.name), "{}", w.app.title());

    w.key(Named::Escape);
    w.assert_sees("Overdue");
    // Delete works on the selected task: the fourth, as before the person was opened.
    w.key(Named::Delete);
    assert!(
        w.store().task(fourth.task.id).unwrap().fields.is_done(),
        "the task selected before is still selected"
    );
    assert!(!w.store().task(rows[0].task.id).unwrap().fields.is_done());
}
