use super::*;

#[test]
fn only_open_tasks_past_due_are_overdue() {
    let t = TaskFields {
        title: "Call back".into(),
        due_at: Some(Timestamp(100)),
        ..Default::default()
    };
    assert!(t.is_overdue(Timestamp(101)));
    assert!(!t.is_overdue(Timestamp(99)));
    let done = TaskFields {
        done_at: Some(Timestamp(50)),
        ..t
    };
    assert!(!done.is_overdue(Timestamp(101)));
    assert!(TaskFields::default().validate().is_err());
}
fn tz() -> chrono::FixedOffset {
    // Two hours east of UTC, so local midnight and UTC midnight differ.
    chrono::FixedOffset::east_opt(2 * 3600).unwrap()
}

fn date(d: &str) -> NaiveDate {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()
}

fn at(d: &str, hm: &str) -> Timestamp {
    local_moment(
        date(d),
        NaiveTime::parse_from_str(hm, "%H:%M").unwrap(),
        &tz(),
    )
}

#[test]
fn the_local_day_follows_the_users_clock_not_utc() {
    let late_utc = Timestamp::from_utc(
        chrono::DateTime::parse_from_rfc3339("2026-03-14T23:30:00Z")
            .unwrap()
            .into(),
    );
    assert_eq!(local_day(late_utc, &tz()), date("2026-03-15"));
    assert_eq!(day_start(date("2026-03-15"), &tz()).0, late_utc.0 - 90 * 60);
}

#[test]
fn a_task_past_its_due_moment_is_overdue_even_earlier_today() {
    let now = at("2026-03-14", "14:00");
    let group = |due: &str| TaskGroup::of(Some(at("2026-03-14", due)), now, &tz());
    assert_eq!(group("09:00"), TaskGroup::Overdue);
    assert_eq!(
        group("14:00"),
        TaskGroup::Today,
        "due this very moment is not late yet"
    );
    assert_eq!(group("23:59"), TaskGroup::Today);
    assert_eq!(
        TaskGroup::of(Some(at("2026-03-10", "18:00")), now, &tz()),
        TaskGroup::Overdue
    );
    assert_eq!(TaskGroup::of(None, now, &tz()), TaskGroup::NoDueDate);
}

#[test]
fn a_task_due_exactly_at_local_midnight_belongs_to_the_day_that_midnight_starts() {
    let tonight = day_start(date("2026-03-15"), &tz());
    let now = at("2026-03-14", "22:00");
    assert_eq!(
        TaskGroup::of(Some(tonight), now, &tz()),
        TaskGroup::Upcoming(date("2026-03-15"))
    );
    assert_eq!(
        TaskGroup::of(Some(Timestamp(tonight.0 - 1)), now, &tz()),
        TaskGroup::Today
    );
    let this_morning = day_start(date("2026-03-14"), &tz());
    assert_eq!(
        TaskGroup::of(Some(this_morning), this_morning, &tz()),
        TaskGroup::Today
    );
    assert_eq!(
        TaskGroup::of(Some(this_morning), at("2026-03-14", "00:01"), &tz()),
        TaskGroup::Overdue
    );
}

#[test]
fn a_task_snoozed_into_tomorrow_leaves_overdue_for_tomorrows_group() {
    let now = at("2026-03-14", "16:30");
    let due = at("2026-03-13", "09:00");
    assert_eq!(TaskGroup::of(Some(due), now, &tz()), TaskGroup::Overdue);
    let until = Snooze::TomorrowMorning.until(now, &tz());
    assert_eq!(until, at("2026-03-15", "09:00"));
    assert_eq!(
        TaskGroup::of(Some(until), now, &tz()),
        TaskGroup::Upcoming(date("2026-03-15"))
    );
    let an_hour = Snooze::OneHour.until(now, &tz());
    assert_eq!(TaskGroup::of(Some(an_hour), now, &tz()), TaskGroup::Today);
}

#[test]
fn next_week_means_nine_on_the_next_monday() {
    // 14 March 2026 is a Saturday; the 16th a Monday.
    let saturday = at("2026-03-14", "10:00");
    assert_eq!(
        Snooze::NextWeek.until(saturday, &tz()),
        at("2026-03-16", "09:00")
    );
    let monday = at("2026-03-16", "08:00");
    assert_eq!(
        Snooze::NextWeek.until(monday, &tz()),
        at("2026-03-23", "09:00"),
        "on a Monday, next week is seven days on"
    );
}

#[test]
fn a_snooze_is_offered_only_when_it_puts_the_task_off() {
    let now = at("2026-03-14", "10:00");
    let far = Some(at("2026-04-20", "09:00"));
    assert!(Snooze::ALL.iter().all(|s| !s.postpones(far, now, &tz())));
    let late = Some(at("2026-03-13", "09:00"));
    assert!(Snooze::ALL.iter().all(|s| s.postpones(late, now, &tz())));
    assert!(Snooze::OneHour.postpones(None, now, &tz()));
    let tomorrow_noon = Some(at("2026-03-15", "12:00"));
    assert!(!Snooze::TomorrowMorning.postpones(tomorrow_noon, now, &tz()));
    assert!(Snooze::NextWeek.postpones(tomorrow_noon, now, &tz()));
}

#[test]
fn the_agenda_lists_overdue_then_today_then_each_day_then_undated() {
    let now = at("2026-03-14", "12:00");
    let items = [
        ("undated", None),
        ("monday", Some(at("2026-03-16", "08:00"))),
        ("tonight", Some(at("2026-03-14", "20:00"))),
        ("sunday late", Some(at("2026-03-15", "17:00"))),
        ("last week", Some(at("2026-03-07", "09:00"))),
        ("sunday early", Some(at("2026-03-15", "09:00"))),
        ("this morning", Some(at("2026-03-14", "09:00"))),
    ];
    let agenda = Agenda::build(items, |(_, due)| *due, now, &tz());
    let shape: Vec<(TaskGroup, Vec<&str>)> = agenda
        .groups
        .iter()
        .map(|(g, items)| (*g, items.iter().map(|(name, _)| *name).collect()))
        .collect();
    assert_eq!(
        shape,
        vec![
            (TaskGroup::Overdue, vec!["last week", "this morning"]),
            (TaskGroup::Today, vec!["tonight"]),
            (
                TaskGroup::Upcoming(date("2026-03-15")),
                vec!["sunday early", "sunday late"]
            ),
            (TaskGroup::Upcoming(date("2026-03-16")), vec!["monday"]),
            (TaskGroup::NoDueDate, vec!["undated"]),
        ]
    );
    assert_eq!(agenda.len(), 7);
    assert_eq!(agenda.count(TaskGroup::Overdue), 2);
    assert_eq!(agenda.count(TaskGroup::Today), 1);
    assert_eq!(agenda.get(2).map(|(name, _)| *name), Some("tonight"));
    assert!(Agenda::build(Vec::<Timestamp>::new(), |t| Some(*t), now, &tz()).is_empty());
}

#[test]
fn a_typed_date_alone_means_nine_that_morning_and_a_time_alone_means_today() {
    let today = date("2026-03-14");
    let d = parse_due_date(" 2026-03-20 ", today).unwrap();
    let t = parse_due_time("14:30").unwrap();
    assert_eq!(
        due_at(d, None, today, &tz()),
        Some(at("2026-03-20", "09:00"))
    );
    assert_eq!(due_at(d, t, today, &tz()), Some(at("2026-03-20", "14:30")));
    assert_eq!(
        due_at(None, t, today, &tz()),
        Some(at("2026-03-14", "14:30"))
    );
    assert_eq!(due_at(None, None, today, &tz()), None);
    assert_eq!(
        parse_due_time("9:05").unwrap(),
        NaiveTime::from_hms_opt(9, 5, 0)
    );
}

#[test]
fn a_bad_date_or_time_is_refused_with_the_expected_form() {
    let today = date("2026-03-14");
    assert_eq!(
        parse_due_date("14/03/2026", today).unwrap_err().to_string(),
        "\"14/03/2026\" is not a date; write it as 2026-03-21, tomorrow or friday"
    );
    assert!(parse_due_date("2026-02-30", today).is_err());
    // A Saturday: "friday" is the next one, "tomorrow" Sunday.
    assert_eq!(
        parse_due_date("Friday", today).unwrap(),
        Some(date("2026-03-20"))
    );
    assert_eq!(
        parse_due_date("tomorrow", today).unwrap(),
        Some(date("2026-03-15"))
    );
    assert_eq!(
        parse_due_time("25:00"),
        Err(DueError::BadTime("25:00".into()))
    );
    assert!(parse_due_time("noon").is_err());
    assert_eq!(parse_due_date("", today).unwrap(), None);
}

#[test]
fn deals_and_tickets_lead_to_their_person_and_the_task_opens_its_first_page() {
    let links = TaskLinks {
        deal: Some(Named {
            id: DealId(3),
            name: "Espresso bar fit-out".into(),
        }),
        deal_contact: Some(ContactId(7)),
        ticket: Some(Named {
            id: TicketId(4),
            name: "Grinder jams".into(),
        }),
        ticket_contact: None,
        ..TaskLinks::default()
    };
    let shown = links.links();
    assert_eq!(shown[0].label, "Deal: Espresso bar fit-out");
    assert_eq!(shown[0].to, Some(LinkTarget::Contact(ContactId(7))));
    assert_eq!(
        shown[1].to, None,
        "a ticket with nobody on it leads nowhere"
    );
    assert_eq!(links.primary(), Some(LinkTarget::Contact(ContactId(7))));

    let with_company = TaskLinks {
        company: Some(Named {
            id: CompanyId(2),
            name: "Acme".into(),
        }),
        ..links
    };
    assert_eq!(
        with_company.primary(),
        Some(LinkTarget::Company(CompanyId(2)))
    );
    assert_eq!(TaskLinks::default().primary(), None);
}
