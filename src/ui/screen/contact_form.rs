//! Create or edit a person. What is typed stays text until Save; then it is parsed and checked by the
//! domain's validation, and every wrong field is marked with its own message. Nothing is written
//! until all of it is valid.

mod parse;
mod view;

use std::collections::BTreeMap;

use iced::Task;
use iced::widget::text_editor;

use super::{Action, Destination, Section};
use crate::domain::{
    Contact, ContactFields, ContactId, Currency, Invalid, LifecycleStage, Problem,
};
use crate::store::{self, Shared};
use crate::ui::shortcuts::Intent;
use crate::ui::workspace::Workspace;

pub const FIRST_FIELD_ID: &str = "contact-first-name";
/// The form's scrolling column.
const FORM_ID: &str = "contact-form";
pub const TAG_INPUT_ID: &str = "contact-tag-input";

/// The single-line text fields of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextField {
    FirstName,
    LastName,
    Company,
    JobTitle,
    Owner,
    LeadSource,
    Street,
    PostalCode,
    City,
    Region,
    Country,
    Birthday,
    Age,
    Income,
    Currency,
    EducationYears,
}

impl TextField {
    /// The field its problems are named by ("age: must be between 0 and 150").
    /// The field's label, which is also its widget's id (see `field::hinted_field`).
    pub fn label(self) -> &'static str {
        match self {
            TextField::FirstName => "First name",
            TextField::LastName => "Last name",
            TextField::Company => "Company",
            TextField::JobTitle => "Job title",
            TextField::Owner => "Owner",
            TextField::LeadSource => "Lead source",
            TextField::Street => "Street",
            TextField::PostalCode => "Postal code",
            TextField::City => "City",
            TextField::Region => "Region",
            TextField::Country => "Country",
            TextField::Birthday => "Birthday",
            TextField::Age => "Age",
            TextField::Income => "Annual income",
            TextField::Currency => "Currency",
            TextField::EducationYears => "Years of education",
        }
    }

    pub fn error_key(self) -> &'static str {
        match self {
            TextField::FirstName => "first_name",
            TextField::LastName => "last_name",
            TextField::Company => "company",
            TextField::JobTitle => "job_title",
            TextField::Owner => "owner",
            TextField::LeadSource => "lead_source",
            TextField::Street => "street",
            TextField::PostalCode => "postal_code",
            TextField::City => "city",
            TextField::Region => "region",
            TextField::Country => "country",
            TextField::Birthday => "birthday",
            TextField::Age => "age",
            TextField::Income => "annual_income",
            TextField::Currency => "currency",
            TextField::EducationYears => "education_years",
        }
    }
}

/// The form as typed.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Draft {
    text: BTreeMap<TextField, String>,
    emails: Vec<String>,
    phones: Vec<String>,
    lifecycle: Option<LifecycleStage>,
    tags: Vec<String>,
    custom: Vec<(String, String)>,
    notes: String,
}

pub struct ContactForm {
    id: Option<ContactId>,
    /// The record as loaded, for the parts the form does not show (e-mail labels, links).
    base: ContactFields,
    original: Draft,
    draft: Draft,
    notes: text_editor::Content,
    tag_input: String,
    errors: BTreeMap<&'static str, String>,
    loading: bool,
    saving: bool,
    error: Option<String>,
    /// Where a new contact's form was opened from (a company's Add person): Cancel goes back
    /// there, and the saved contact's page goes back there too.
    back: Option<crate::ui::screen::contact::Back>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Loaded(Shared<(Contact, Option<String>)>),
    /// The currency most recorded incomes are in, which a new contact's income starts in.
    UsualCurrency(Shared<Option<Currency>>),
    TextChanged(TextField, String),
    EmailChanged(usize, String),
    EmailAdded,
    EmailRemoved(usize),
    PhoneChanged(usize, String),
    PhoneAdded,
    PhoneRemoved(usize),
    StagePicked(LifecycleStage),
    TagInputChanged(String),
    TagAdded,
    TagRemoved(usize),
    CustomKeyChanged(usize, String),
    CustomValueChanged(usize, String),
    CustomAdded,
    CustomRemoved(usize),
    NotesEdited(text_editor::Action),
    Save,
    Saved(Shared<Contact>),
    Cancel,
}

impl ContactForm {
    /// A blank form, optionally with the company filled in (adding a person from a company's page).
    /// A new contact's form (at `company`, if given), scrolled to its top, its income's currency
    /// the one most recorded incomes are in.
    pub fn create(workspace: &Workspace, company: Option<String>) -> (Self, Task<Message>) {
        let usual = workspace.run(|s| s.income_currency(), Message::UsualCurrency);
        (Self::blank(company), Task::batch([at_the_top(), usual]))
    }

    fn blank(company: Option<String>) -> Self {
        let mut draft = Draft {
            emails: vec![String::new()],
            phones: vec![String::new()],
            lifecycle: Some(LifecycleStage::Lead),
            ..Draft::default()
        };
        draft.text.insert(TextField::Currency, "EUR".into());
        if let Some(company) = company {
            draft.text.insert(TextField::Company, company);
        }
        ContactForm {
            id: None,
            base: ContactFields::default(),
            original: draft.clone(),
            draft,
            notes: text_editor::Content::new(),
            tag_input: String::new(),
            errors: BTreeMap::new(),
            loading: false,
            saving: false,
            error: None,
            back: None,
        }
    }

    /// A new contact's form, opened from `back`.
    pub fn opened_from(mut self, back: crate::ui::screen::contact::Back) -> Self {
        self.back = Some(back);
        self
    }

    /// Where this new contact's form was opened from.
    pub fn back(&self) -> Option<crate::ui::screen::contact::Back> {
        self.back.filter(|_| self.id.is_none())
    }

    pub fn edit(workspace: &Workspace, id: ContactId) -> (Self, Task<Message>) {
        let mut form = Self::blank(None);
        form.id = Some(id);
        form.loading = true;
        let task = workspace.run(
            move |s| {
                let contact = s.contact(id)?;
                let company = match contact.fields.company_id {
                    Some(c) => Some(s.company(c)?.fields.name),
                    None => None,
                };
                Ok((contact, company))
            },
            Message::Loaded,
        );
        (form, task)
    }

    /// Whether leaving now would lose typing.
    pub fn is_dirty(&self) -> bool {
        let mut now = self.draft.clone();
        now.notes = self.notes.text();
        now != self.original || !self.tag_input.trim().is_empty()
    }

    pub fn title(&self) -> &'static str {
        if self.id.is_some() {
            "Edit contact"
        } else {
            "New contact"
        }
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Loaded(Ok((contact, company))) => {
                self.load(contact, company);
                Action::Run(at_the_top())
            }
            // Not over a currency the user typed meanwhile; the form stays unchanged to leave.
            Message::UsualCurrency(Ok(Some(usual))) => {
                let typed = self.draft.text.get(&TextField::Currency);
                if self.id.is_none() && typed == self.original.text.get(&TextField::Currency) {
                    let code = usual.code().to_string();
                    self.draft.text.insert(TextField::Currency, code.clone());
                    self.original.text.insert(TextField::Currency, code);
                }
                Action::None
            }
            Message::UsualCurrency(_) => Action::None,
            Message::Loaded(Err(e)) => {
                self.loading = false;
                self.error = Some(e.to_string());
                Action::None
            }
            Message::TextChanged(field, value) => {
                self.draft.text.insert(field, value);
                // A field's problem goes once it is changed: "Must be between 0 and 150" stayed
                // under a corrected age until the next save.
                self.forget_error(field.error_key());
                if field == TextField::FirstName || field == TextField::LastName {
                    self.forget_error("name");
                }
                Action::None
            }
            // The addresses and numbers share one message each, which goes as any of them changes
            // (it quoted "zoe@@example" under the corrected address).
            Message::EmailChanged(i, value) => {
                self.forget_error("email");
                edit_at(&mut self.draft.emails, i, value)
            }
            Message::EmailAdded => {
                push(&mut self.draft.emails, String::new());
                focus_added(format!("email-{}", self.draft.emails.len() - 1))
            }
            Message::EmailRemoved(i) => {
                self.forget_error("email");
                remove_at(&mut self.draft.emails, i)
            }
            Message::PhoneChanged(i, value) => {
                self.forget_error("phone");
                edit_at(&mut self.draft.phones, i, value)
            }
            Message::PhoneAdded => {
                push(&mut self.draft.phones, String::new());
                focus_added(format!("phone-{}", self.draft.phones.len() - 1))
            }
            Message::PhoneRemoved(i) => {
                self.forget_error("phone");
                remove_at(&mut self.draft.phones, i)
            }
            Message::StagePicked(stage) => {
                self.draft.lifecycle = Some(stage);
                Action::None
            }
            Message::TagInputChanged(value) => {
                // Backspace in the empty field (iced reports it as an unchanged, empty value)
                // takes the last tag off, as tag fields do: a tag's × was out of Tab's reach.
                if value.is_empty() && self.tag_input.is_empty() {
                    self.draft.tags.pop();
                }
                self.tag_input = value;
                Action::None
            }
            Message::TagAdded => {
                self.add_typed_tags();
                Action::Run(iced::widget::operation::focus(TAG_INPUT_ID))
            }
            Message::TagRemoved(i) => remove_at(&mut self.draft.tags, i),
            Message::CustomKeyChanged(i, key) => {
                self.forget_error("custom");
                if let Some(pair) = self.draft.custom.get_mut(i) {
                    pair.0 = key;
                }
                Action::None
            }
            Message::CustomValueChanged(i, value) => {
                if let Some(pair) = self.draft.custom.get_mut(i) {
                    pair.1 = value;
                }
                Action::None
            }
            Message::CustomAdded => {
                push(&mut self.draft.custom, (String::new(), String::new()));
                focus_added(view::custom_key_id(self.draft.custom.len() - 1))
            }
            Message::CustomRemoved(i) => {
                self.forget_error("custom");
                remove_at(&mut self.draft.custom, i)
            }
            Message::NotesEdited(action) => {
                self.notes.perform(action);
                Action::None
            }
            Message::Save => self.save(workspace),
            Message::Saved(Ok(contact)) => {
                self.saving = false;
                // Saved: nothing is unsaved any more, so leaving needs no question.
                self.original = self.draft.clone();
                self.original.notes = self.notes.text();
                Action::Changed {
                    then: Some(Destination::Contact(contact.id)),
                }
            }
            Message::Saved(Err(e)) => {
                self.saving = false;
                match &*e {
                    store::Error::Invalid(invalid) => self.show_invalid(invalid),
                    other => {
                        self.error = Some(format!("Not saved: {other}"));
                        Action::None
                    }
                }
            }
            Message::Cancel => Action::Open(match (self.id, self.back) {
                (Some(id), _) => Destination::Contact(id),
                (None, Some(back)) => back.destination(),
                (None, None) => Destination::Section(Section::Contacts),
            }),
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Save => self.update(workspace, Message::Save),
            Intent::Close => self.update(workspace, Message::Cancel),
            Intent::NextStage => {
                let all = LifecycleStage::ALL;
                let now = self
                    .draft
                    .lifecycle
                    .and_then(|s| all.iter().position(|&a| a == s));
                let next = now.map_or(0, |i| (i + 1) % all.len());
                self.update(workspace, Message::StagePicked(all[next]))
            }
            _ => Action::None,
        }
    }

    fn load(&mut self, contact: Contact, company: Option<String>) {
        let f = &contact.fields;
        let mut draft = Draft {
            emails: f.emails.iter().map(|e| e.address.clone()).collect(),
            phones: f.phones.iter().map(|p| p.number.clone()).collect(),
            lifecycle: Some(f.lifecycle),
            tags: f.tags.clone(),
            custom: f
                .custom
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
            notes: f.notes.clone(),
            ..Draft::default()
        };
        if draft.emails.is_empty() {
            draft.emails.push(String::new());
        }
        if draft.phones.is_empty() {
            draft.phones.push(String::new());
        }
        let a = &f.address;
        let income = f.annual_income;
        let values = [
            (TextField::FirstName, f.first_name.clone()),
            (TextField::LastName, f.last_name.clone()),
            (TextField::Company, company.unwrap_or_default()),
            (TextField::JobTitle, f.job_title.clone()),
            (TextField::Owner, f.owner.clone()),
            (TextField::LeadSource, f.lead_source.clone()),
            (TextField::Street, a.street.clone()),
            (TextField::PostalCode, a.postal_code.clone()),
            (TextField::City, a.city.clone()),
            (TextField::Region, a.region.clone()),
            (TextField::Country, a.country.clone()),
            (
                TextField::Birthday,
                f.birthday.map(|b| b.to_string()).unwrap_or_default(),
            ),
            (
                TextField::Age,
                f.age.map(|a| a.to_string()).unwrap_or_default(),
            ),
            (
                TextField::Income,
                income.map(|m| m.to_decimal_string()).unwrap_or_default(),
            ),
            (
                TextField::Currency,
                income.map_or("EUR".into(), |m| m.currency.code().to_string()),
            ),
            (
                TextField::EducationYears,
                f.education_years.map(|y| y.to_string()).unwrap_or_default(),
            ),
        ];
        draft.text.extend(values);
        self.notes = text_editor::Content::with_text(&f.notes);
        self.base = contact.fields;
        self.original = draft.clone();
        self.draft = draft;
        self.loading = false;
    }

    fn add_typed_tags(&mut self) {
        for tag in self
            .tag_input
            .split(',')
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            if !self
                .draft
                .tags
                .iter()
                .any(|t| crate::domain::contact::same_tag(t, tag))
            {
                self.draft.tags.push(tag.to_string());
            }
        }
        self.tag_input.clear();
    }

    fn save(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.saving || self.loading {
            return Action::None;
        }
        self.add_typed_tags();
        self.draft.notes = self.notes.text();
        self.error = None;
        let fields = match self.fields() {
            Ok(fields) => fields,
            Err(invalid) => return self.show_invalid(&invalid),
        };
        self.errors.clear();
        self.saving = true;
        let id = self.id;
        let company = self.text(TextField::Company).trim().to_string();
        // What the user left alone is not saved over what another window may have changed.
        let company_typed = self.id.is_none()
            || self
                .original
                .text
                .get(&TextField::Company)
                .is_none_or(|was| was.trim() != company);
        let base = self.id.map(|_| self.base.clone());
        Action::Run(workspace.run(
            move |s| {
                let company = company_typed.then_some(company.as_str());
                s.save_contact(id, fields, company, base.as_ref())
            },
            Message::Saved,
        ))
    }

    /// Drops a field's message once the field is changed, and with the last of them the banner
    /// that counted them ("Not saved: one field to fix, marked below." stayed over a corrected
    /// form with nothing marked).
    fn forget_error(&mut self, key: &str) {
        if self.errors.remove(key).is_some() {
            self.error = match self.errors.len() {
                0 => None,
                n => Some(fields_to_fix(n)),
            };
        }
    }

    /// Marks the fields `invalid` names, and takes the keyboard to the first of them, scrolled
    /// into view: a wrong birthday below the fold had left only "marked below" to go by.
    fn show_invalid(&mut self, invalid: &Invalid) -> Action<Message> {
        self.errors.clear();
        for e in &invalid.errors {
            let text = match (e.field, &e.problem) {
                ("name", Problem::Empty) => "Enter a first or a last name".to_string(),
                ("tags", problem) => format!("A tag {problem}"),
                ("custom", problem) => format!("A custom field's name {problem}"),
                ("age", Problem::NotAllowed(why)) => format!("Age {why}"),
                (_, problem) => problem.sentence(),
            };
            self.errors.entry(e.field).or_insert(text);
        }
        self.error = Some(fields_to_fix(self.errors.len()));
        match self.first_wrong_field() {
            Some(id) => focus_added(id),
            None => Action::None,
        }
    }

    fn text(&self, field: TextField) -> &str {
        self.draft.text.get(&field).map_or("", String::as_str)
    }

    fn error(&self, field: &str) -> Option<String> {
        self.errors.get(field).cloned()
    }
}

/// The banner over a form with `n` fields marked.
fn fields_to_fix(n: usize) -> String {
    match n {
        1 => "Not saved: one field to fix, marked below.".to_string(),
        n => format!("Not saved: {n} fields to fix, marked below."),
    }
}

fn edit_at<T>(list: &mut [T], i: usize, value: T) -> Action<Message> {
    if let Some(slot) = list.get_mut(i) {
        *slot = value;
    }
    Action::None
}

fn push<T>(list: &mut Vec<T>, value: T) -> Action<Message> {
    list.push(value);
    Action::None
}

/// The keyboard in the row just added, and the row in view: typing right after "Add phone" had
/// gone nowhere, and a Tab then into a field scrolled out of sight.
fn focus_added(id: String) -> Action<Message> {
    Action::Run(
        iced::widget::operation::focus(id).chain(crate::ui::widget::focus_in_view::show_focused()),
    )
}

fn remove_at<T>(list: &mut Vec<T>, i: usize) -> Action<Message> {
    if i < list.len() {
        list.remove(i);
    }
    Action::None
}

/// The form from its top, the first field focused: opened from a page scrolled down (a company's
/// History), the form kept that page's place and the focused field was out of sight.
fn at_the_top<M: Send + 'static>() -> Task<M> {
    Task::batch([
        iced::widget::operation::snap_to(FORM_ID, iced::widget::scrollable::RelativeOffset::START),
        iced::widget::operation::focus(FIRST_FIELD_ID),
    ])
}
