//! Two contacts side by side, field by field, with the value that will survive the merge marked.
//! A field takes the kept contact's value unless the user picks the other's (or the kept one is
//! empty), and exactly the value marked; notes both hold are both kept unless one is picked; a custom field both hold with different values is a
//! choice like any other. Lists — e-mails, phones (one of each number however written), tags and
//! the other custom fields — are joined, so nothing in them is lost.

use std::collections::BTreeMap;

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length};

use super::Sides;
use crate::domain::duplicate::phone_key;
use crate::domain::{Contact, ContactFields};
use crate::store::{CUSTOM_PICK, Side};
use crate::ui::theme;

/// The fields one value of which survives, named as `Store::merge_contacts` takes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    FirstName,
    LastName,
    Company,
    JobTitle,
    Address,
    Owner,
    LeadSource,
    Lifecycle,
    Birthday,
    Age,
    Income,
    Education,
    Notes,
}

impl Field {
    const ALL: [Field; 13] = [
        Field::FirstName,
        Field::LastName,
        Field::Company,
        Field::JobTitle,
        Field::Address,
        Field::Owner,
        Field::LeadSource,
        Field::Lifecycle,
        Field::Birthday,
        Field::Age,
        Field::Income,
        Field::Education,
        Field::Notes,
    ];

    /// The field's name in `ContactFields` (what a merge pick names).
    pub fn key(self) -> &'static str {
        match self {
            Field::FirstName => "first_name",
            Field::LastName => "last_name",
            Field::Company => "company_id",
            Field::JobTitle => "job_title",
            Field::Address => "address",
            Field::Owner => "owner",
            Field::LeadSource => "lead_source",
            Field::Lifecycle => "lifecycle",
            Field::Birthday => "birthday",
            Field::Age => "age",
            Field::Income => "annual_income",
            Field::Education => "education_years",
            Field::Notes => "notes",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Field::FirstName => "First name",
            Field::LastName => "Last name",
            Field::Company => "Company",
            Field::JobTitle => "Job title",
            Field::Address => "Address",
            Field::Owner => "Owner",
            Field::LeadSource => "Lead source",
            Field::Lifecycle => "Stage",
            Field::Birthday => "Birthday",
            Field::Age => "Age",
            Field::Income => "Annual income",
            Field::Education => "Years of education",
            Field::Notes => "Notes",
        }
    }

    fn value(self, f: &ContactFields, company: Option<&str>) -> String {
        match self {
            Field::FirstName => f.first_name.clone(),
            Field::LastName => f.last_name.clone(),
            Field::Company => company.unwrap_or("").to_string(),
            Field::JobTitle => f.job_title.clone(),
            Field::Address => f.address.one_line(),
            Field::Owner => f.owner.clone(),
            Field::LeadSource => f.lead_source.clone(),
            Field::Lifecycle => f.lifecycle.label().to_string(),
            Field::Birthday => f.birthday.map(|d| d.to_string()).unwrap_or_default(),
            Field::Age => f.age.map(|n| n.to_string()).unwrap_or_default(),
            Field::Income => f.annual_income.map(|m| m.display()).unwrap_or_default(),
            Field::Education => f.education_years.map(|n| n.to_string()).unwrap_or_default(),
            Field::Notes => f.notes.trim().to_string(),
        }
    }
}

pub struct Compare {
    sides: Sides,
    /// Whether `b` is the contact kept (else `a`, the older one).
    keep_b: bool,
    picks: BTreeMap<Field, Side>,
    /// Picks among custom fields both contacts hold with different values, by name.
    custom_picks: BTreeMap<String, Side>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Pick(Field, Side),
    PickCustom(String, Side),
    Swap,
}

impl Compare {
    pub fn new(sides: Sides) -> Compare {
        Compare {
            sides,
            keep_b: false,
            picks: BTreeMap::new(),
            custom_picks: BTreeMap::new(),
        }
    }

    /// The pair as it was read.
    pub fn sides(&self) -> &Sides {
        &self.sides
    }

    /// The pair's two contacts, in list order.
    pub fn ids(&self) -> (crate::domain::ContactId, crate::domain::ContactId) {
        (self.sides.a.id, self.sides.b.id)
    }

    /// The pair read again: which is kept and what was picked stay as chosen.
    pub fn refreshed(&mut self, sides: Sides) {
        self.sides = sides;
    }

    pub fn keep(&self) -> &Contact {
        if self.keep_b {
            &self.sides.b
        } else {
            &self.sides.a
        }
    }

    pub fn other(&self) -> &Contact {
        if self.keep_b {
            &self.sides.a
        } else {
            &self.sides.b
        }
    }

    /// The name the merged contact will have, from the first and last names chosen.
    pub fn merged_name(&self) -> String {
        let part = |field: Field| {
            let (keep, other) = self.values(field);
            match self.chosen(field) {
                Side::Keep | Side::Both => keep,
                Side::Other => other,
            }
        };
        format!("{} {}", part(Field::FirstName), part(Field::LastName))
            .trim()
            .to_string()
    }

    fn companies(&self) -> (Option<&str>, Option<&str>) {
        let (a, b) = (
            self.sides.a_company.as_deref(),
            self.sides.b_company.as_deref(),
        );
        if self.keep_b { (b, a) } else { (a, b) }
    }

    fn values(&self, field: Field) -> (String, String) {
        let (kc, oc) = self.companies();
        (
            field.value(&self.keep().fields, kc),
            field.value(&self.other().fields, oc),
        )
    }

    /// The side whose value survives: the user's pick, else the kept contact's unless it is empty.
    pub fn chosen(&self, field: Field) -> Side {
        if let Some(side) = self.picks.get(&field) {
            return *side;
        }
        let (keep, other) = self.values(field);
        if keep.trim().is_empty() && !other.trim().is_empty() {
            Side::Other
        } else if field == Field::Notes && !other.trim().is_empty() && keep.trim() != other.trim() {
            // Notes are what people wrote down: both stay unless one is picked.
            Side::Both
        } else {
            Side::Keep
        }
    }

    /// The custom fields both contacts hold with different values: one of the two survives.
    fn custom_choices(&self) -> Vec<(&str, &str, &str)> {
        let (k, o) = (&self.keep().fields.custom, &self.other().fields.custom);
        k.iter()
            .filter_map(|(name, kv)| {
                let ov = o.get(name)?;
                (kv.trim() != ov.trim() && !kv.trim().is_empty() && !ov.trim().is_empty())
                    .then_some((name.as_str(), kv.as_str(), ov.as_str()))
            })
            .collect()
    }

    fn custom_chosen(&self, name: &str) -> Side {
        self.custom_picks.get(name).copied().unwrap_or(Side::Keep)
    }

    /// Every choice the screen shows, as `Store::merge_contacts` takes them: the merge keeps
    /// exactly what is marked, defaults included.
    pub fn picks(&self) -> BTreeMap<String, Side> {
        let mut picks: BTreeMap<String, Side> = Field::ALL
            .into_iter()
            .filter(|&f| {
                let (keep, other) = self.values(f);
                keep.trim() != other.trim()
            })
            .map(|f| (f.key().to_string(), self.chosen(f)))
            .collect();
        for (name, _, _) in self.custom_choices() {
            picks.insert(format!("{CUSTOM_PICK}{name}"), self.custom_chosen(name));
        }
        picks
    }

    pub fn update(&mut self, message: Message) {
        match message {
            Message::Pick(field, side) => {
                self.picks.insert(field, side);
            }
            Message::PickCustom(name, side) => {
                self.custom_picks.insert(name, side);
            }
            Message::Swap => {
                self.keep_b = !self.keep_b;
                self.picks.clear();
                self.custom_picks.clear();
            }
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let keep_name = self.keep().fields.full_name();
        let other_name = self.other().fields.full_name();
        let heading = row![
            text("").width(Length::FillPortion(2)),
            column![
                text("Keep").size(12).style(theme::muted_text),
                text(keep_name.clone()).size(16)
            ]
            .width(Length::FillPortion(5)),
            column![
                text("Merge in, then remove")
                    .size(12)
                    .style(theme::muted_text),
                text(other_name.clone()).size(16)
            ]
            .width(Length::FillPortion(5)),
        ]
        .spacing(10)
        .align_y(Alignment::End);
        let mut table = column![
            row![
                text("Click the value that should stay. Lists below are joined.")
                    .size(13)
                    .style(theme::muted_text)
                    .width(Length::Fill),
                button(text("Swap sides"))
                    .on_press(Message::Swap)
                    .style(button::secondary),
            ]
            .align_y(Alignment::Center),
            heading,
        ]
        .spacing(8);
        for field in Field::ALL {
            let (keep, other) = self.values(field);
            if keep.trim().is_empty() && other.trim().is_empty() {
                continue;
            }
            table = table.push(choice(
                field.label().to_string(),
                (keep, other),
                self.chosen(field),
                field == Field::Notes,
                move |side| Message::Pick(field, side),
            ));
        }
        for (name, keep, other) in self.custom_choices() {
            let picked = name.to_string();
            table = table.push(choice(
                name.to_string(),
                (keep.to_string(), other.to_string()),
                self.custom_chosen(name),
                false,
                move |side| Message::PickCustom(picked.clone(), side),
            ));
        }
        table = table.push(self.joined());
        container(table)
            .padding(14)
            .width(Length::Fill)
            .style(theme::card)
            .into()
    }

    /// The e-mails, phones and tags the survivor will have: both contacts' together.
    fn joined(&self) -> Element<'_, Message> {
        let (k, o) = (&self.keep().fields, &self.other().fields);
        let mut emails: Vec<&str> = Vec::new();
        for e in k.emails.iter().chain(&o.emails) {
            if !emails.iter().any(|x| x.eq_ignore_ascii_case(&e.address)) {
                emails.push(&e.address);
            }
        }
        // As the merge joins them: one of each number, in its spelling with a country code.
        let mut phones: Vec<&str> = Vec::new();
        let key = |n: &str| phone_key(n).unwrap_or_else(|| n.to_string());
        let international =
            |n: &str| n.trim_start().starts_with('+') || n.trim_start().starts_with("00");
        for p in k.phones.iter().chain(&o.phones) {
            match phones.iter_mut().find(|x| key(x) == key(&p.number)) {
                Some(same) if international(&p.number) && !international(same) => {
                    *same = &p.number;
                }
                Some(_) => {}
                None => phones.push(&p.number),
            }
        }
        // Custom fields one holds, or both with one value: all of them stay.
        let custom: Vec<String> = o
            .custom
            .iter()
            .chain(&k.custom)
            .filter(|(name, value)| {
                !value.trim().is_empty() && !self.custom_choices().iter().any(|(n, _, _)| n == name)
            })
            .map(|(name, value)| (name.as_str(), value.as_str()))
            .collect::<BTreeMap<&str, &str>>()
            .into_iter()
            .map(|(name, value)| format!("{name}: {value}"))
            .collect();
        let mut tags: Vec<&str> = Vec::new();
        for t in k.tags.iter().chain(&o.tags) {
            if !tags.iter().any(|x| crate::domain::contact::same_tag(x, t)) {
                tags.push(t);
            }
        }
        let line = |label: &'static str, values: Vec<&str>| {
            row![
                text(label)
                    .size(13)
                    .style(theme::muted_text)
                    .width(Length::FillPortion(2)),
                text(if values.is_empty() {
                    "—".to_string()
                } else {
                    values.join(", ")
                })
                .size(14)
                .width(Length::FillPortion(10)),
            ]
            .spacing(10)
        };
        column![
            line("E-mails", emails),
            line("Phones", phones),
            line("Tags", tags),
            line("Custom fields", custom.iter().map(String::as_str).collect()),
        ]
        .spacing(6)
        .padding(iced::Padding::ZERO.top(6))
        .into()
    }
}

/// One field's row: its label and both values, the surviving one marked; clicking the other
/// picks it. Equal values are shown as one choice that cannot be changed. With `both`, and two
/// different values, "Keep both" under the label marks both (the notes).
fn choice<'a>(
    label: String,
    (keep, other): (String, String),
    chosen: Side,
    both: bool,
    pick: impl Fn(Side) -> Message,
) -> Element<'a, Message> {
    let same = keep.trim() == other.trim();
    let both = both && !same && !keep.trim().is_empty() && !other.trim().is_empty();
    let value = |value: String, side: Side| -> Element<'a, Message> {
        if value.trim().is_empty() {
            return container(text("(empty)").size(13).style(theme::muted_text))
                .padding([6, 10])
                .width(Length::FillPortion(5))
                .into();
        }
        button(text(value).size(14))
            .on_press_maybe((!same).then(|| pick(side)))
            .style(theme::toggle(
                same || chosen == side || chosen == Side::Both,
            ))
            .padding([6, 10])
            .width(Length::FillPortion(5))
            .into()
    };
    let label = column![text(label).size(13).style(theme::muted_text)]
        .push(both.then(|| {
            button(text("Keep both").size(12))
                .on_press(pick(Side::Both))
                .style(theme::toggle(chosen == Side::Both))
                .padding([2, 6])
        }))
        .spacing(4)
        .width(Length::FillPortion(2));
    row![label, value(keep, Side::Keep), value(other, Side::Other),]
        .spacing(10)
        .align_y(Alignment::Center)
        .into()
}
