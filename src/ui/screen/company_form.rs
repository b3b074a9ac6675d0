//! Create or edit a company, with the same inline validation as the contact form.

use std::collections::BTreeMap;

use iced::widget::{button, column, row, scrollable, text};
use iced::{Element, Task};

use super::{Action, Destination, Section};
use crate::domain::{Company, CompanyFields, CompanyId, Invalid, Problem};
use crate::store::{self, Shared};
use crate::ui::shortcuts::Intent;
use crate::ui::widget::field::text_field;
use crate::ui::widget::{empty_state, title_bar};
use crate::ui::workspace::Workspace;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Name,
    Domain,
    Industry,
    Employees,
    Phone,
    Street,
    PostalCode,
    City,
    Region,
    Country,
    Owner,
    Notes,
}

impl Field {
    /// The name the domain's validation uses for this field.
    fn key(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Domain => "domain",
            Field::Industry => "industry",
            Field::Employees => "employees",
            Field::Phone => "phone",
            Field::Street => "street",
            Field::PostalCode => "postal_code",
            Field::City => "city",
            Field::Region => "region",
            Field::Country => "country",
            Field::Owner => "owner",
            Field::Notes => "notes",
        }
    }
}

pub struct CompanyForm {
    id: Option<CompanyId>,
    /// The record as loaded: a save changes only what the user changed on top of the record as
    /// it is then, which another window may have saved meanwhile.
    base: Option<CompanyFields>,
    original: BTreeMap<Field, String>,
    draft: BTreeMap<Field, String>,
    errors: BTreeMap<&'static str, String>,
    loading: bool,
    saving: bool,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<Company>),
    Changed(Field, String),
    Save,
    Saved(Shared<Company>),
    Cancel,
}

/// The form's first field, which has the keyboard when the form opens (typed-ahead text had gone
/// nowhere, and a first Tab only reached it, so each value landed one field late).
const FIRST_FIELD: &str = "Name";

/// Gives the first field the keyboard.
pub fn focus_first<M: Send + 'static>() -> Task<M> {
    iced::widget::operation::focus(FIRST_FIELD)
}

impl CompanyForm {
    pub fn create() -> Self {
        CompanyForm {
            id: None,
            base: None,
            original: BTreeMap::new(),
            draft: BTreeMap::new(),
            errors: BTreeMap::new(),
            loading: false,
            saving: false,
            error: None,
        }
    }

    pub fn edit(workspace: &Workspace, id: CompanyId) -> (Self, Task<Message>) {
        let form = CompanyForm {
            id: Some(id),
            loading: true,
            ..Self::create()
        };
        (form, workspace.run(move |s| s.company(id), Message::Loaded))
    }

    pub fn is_dirty(&self) -> bool {
        let filled = |m: &BTreeMap<Field, String>| -> Vec<(Field, String)> {
            m.iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| (*k, v.clone()))
                .collect()
        };
        filled(&self.draft) != filled(&self.original)
    }

    fn value(&self, field: Field) -> &str {
        self.draft.get(&field).map_or("", String::as_str)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok(company)) => {
                self.base = Some(company.fields.clone());
                let f = company.fields;
                let a = f.address;
                self.draft = BTreeMap::from([
                    (Field::Name, f.name),
                    (Field::Domain, f.domain),
                    (Field::Industry, f.industry),
                    (
                        Field::Employees,
                        f.employees.map(|n| n.to_string()).unwrap_or_default(),
                    ),
                    (Field::Phone, f.phone),
                    (Field::Street, a.street),
                    (Field::PostalCode, a.postal_code),
                    (Field::City, a.city),
                    (Field::Region, a.region),
                    (Field::Country, a.country),
                    (Field::Owner, f.owner),
                    (Field::Notes, f.notes),
                ]);
                self.original = self.draft.clone();
                self.loading = false;
                Action::Run(focus_first())
            }
            Message::Loaded(Err(e)) => {
                self.error = Some(e.to_string());
                Action::None
            }
            Message::Changed(field, value) => {
                self.draft.insert(field, value);
                Action::None
            }
            Message::Save => self.save(workspace),
            Message::Saved(Ok(company)) => {
                self.saving = false;
                self.original = self.draft.clone();
                Action::Changed {
                    then: Some(Destination::Company(company.id)),
                }
            }
            Message::Saved(Err(e)) => {
                self.saving = false;
                match &*e {
                    store::Error::Invalid(invalid) => self.show_invalid(invalid),
                    other => self.error = Some(format!("Not saved: {other}")),
                }
                Action::None
            }
            Message::Cancel => Action::Open(match self.id {
                Some(id) => Destination::Company(id),
                None => Destination::Section(Section::Companies),
            }),
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Save => self.update(workspace, Message::Save),
            Intent::Close => self.update(workspace, Message::Cancel),
            _ => Action::None,
        }
    }

    /// The typed company, or every problem with it at once (an unreadable head count beside an
    /// empty name and a bad domain).
    fn fields(&self) -> Result<CompanyFields, Invalid> {
        let t = |f: Field| self.value(f).trim().to_string();
        let mut unreadable = None;
        let employees = match t(Field::Employees) {
            e if e.is_empty() => None,
            e => match e.parse::<i64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    unreadable = Some(Invalid::one("employees", Problem::NotWholeNumber(e)));
                    None
                }
            },
        };
        let mut fields = CompanyFields {
            name: t(Field::Name),
            domain: t(Field::Domain),
            industry: t(Field::Industry),
            employees,
            phone: t(Field::Phone),
            owner: t(Field::Owner),
            notes: t(Field::Notes),
            ..CompanyFields::default()
        };
        fields.address.street = t(Field::Street);
        fields.address.postal_code = t(Field::PostalCode);
        fields.address.city = t(Field::City);
        fields.address.region = t(Field::Region);
        fields.address.country = t(Field::Country);
        match (unreadable, fields.validate()) {
            (None, Ok(())) => Ok(fields),
            (Some(invalid), Ok(())) | (None, Err(invalid)) => Err(invalid),
            (Some(mut invalid), Err(more)) => {
                invalid.errors.extend(more.errors);
                Err(invalid)
            }
        }
    }

    fn save(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.saving || self.loading {
            return Action::None;
        }
        let fields = match self.fields() {
            Ok(fields) => fields,
            Err(invalid) => {
                self.show_invalid(&invalid);
                return Action::None;
            }
        };
        self.errors.clear();
        self.error = None;
        self.saving = true;
        let id = self.id;
        let base = self.base.clone();
        Action::Run(workspace.run(
            move |s| match id {
                Some(id) => s.update_company(id, fields, base.as_ref()),
                None => s.create_company(fields),
            },
            Message::Saved,
        ))
    }

    fn show_invalid(&mut self, invalid: &Invalid) {
        self.errors = invalid
            .errors
            .iter()
            .map(|e| (e.field, e.problem.sentence()))
            .collect();
        self.error = Some("Not saved: fix the marked fields.".into());
    }

    pub fn view(&self) -> Element<'_, Message> {
        if self.loading {
            return match &self.error {
                Some(e) => empty_state(
                    "This company could not be opened",
                    e.as_str(),
                    Some(("Back", Message::Cancel)),
                ),
                None => empty_state("Opening…", "", None),
            };
        }
        let title = if self.id.is_some() {
            "Edit company"
        } else {
            "New company"
        };
        let actions = [
            button(text("Cancel"))
                .on_press(Message::Cancel)
                .style(button::secondary)
                .into(),
            button(text(if self.saving { "Saving…" } else { "Save" }))
                .on_press(Message::Save)
                .style(button::primary)
                .into(),
        ];
        let field = |label: &'static str, f: Field| {
            text_field(
                label,
                self.value(f),
                self.errors.get(f.key()).cloned(),
                move |v| Message::Changed(f, v),
            )
        };
        let mut page = column![title_bar(title, actions)].spacing(12);
        page = page.push(crate::ui::widget::form_message(self.error.as_deref()));
        page = page
            .push(
                row![
                    field(FIRST_FIELD, Field::Name),
                    field("Website domain", Field::Domain)
                ]
                .spacing(12),
            )
            .push(
                row![
                    field("Industry", Field::Industry),
                    field("Employees", Field::Employees),
                    field("Phone", Field::Phone)
                ]
                .spacing(12),
            )
            .push(field("Street", Field::Street))
            .push(
                row![
                    field("Postal code", Field::PostalCode),
                    field("City", Field::City)
                ]
                .spacing(12),
            )
            .push(
                row![
                    field("Region", Field::Region),
                    field("Country", Field::Country)
                ]
                .spacing(12),
            )
            .push(row![field("Owner", Field::Owner)].spacing(12))
            .push(field("Notes", Field::Notes));
        scrollable(page.padding(20).max_width(900)).into()
    }
}
