//! The "New deal" and "Edit deal" panel on the pipeline screen: title, company, amount, stage,
//! expected close, owner and notes, checked by the domain's deal validation before anything is
//! written. Editing keeps what the panel does not show (contact, probability, status).

use std::collections::BTreeMap;

use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::domain::{
    Currency, Deal, DealFields, DealId, DealStatus, FieldError, Invalid, Money, Pipeline, Problem,
    Stage,
};
use crate::ui::theme;
use crate::ui::widget::choice_keys::keyed_offer;
use crate::ui::widget::contact_picker::{self, ContactPicker, Picked};
use crate::ui::widget::field::{hinted_field, labelled, text_field};

/// The widget id of the deal form's contact field.
pub const CONTACT_ID: &str = "deal-contact";
pub const STAGE_ID: &str = "deal-stage";
pub const OWNER_PICK_ID: &str = "deal-owner-pick";

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title,
    Company,
    Amount,
    Currency,
    ExpectedClose,
    Owner,
    /// The deal's own chance to win, 0–100; empty takes its stage's.
    Probability,
    Notes,
}

#[derive(Debug, Default)]
pub struct DealForm {
    /// The deal being edited, as it was read; `None` for a new one.
    pub editing: Option<(DealId, DealFields)>,
    /// The day the deal being edited was created: its expected close may not be before it (the
    /// store's rule). A deal whose close date had passed could not be saved against today.
    pub created_on: Option<chrono::NaiveDate>,
    pub values: BTreeMap<Field, String>,
    /// The person the deal is with, found by typing part of their name.
    pub contact: ContactPicker,
    /// A company name that matched no company but resembled others: the user was asked, and
    /// saving again with the same name creates it.
    pub new_company_asked: Option<String>,
    pub stage: Option<StageChoice>,
    pub errors: BTreeMap<&'static str, String>,
    pub saving: bool,
    /// The team and the owners already named on deals, offered beside the Owner field (a
    /// sales manager typed each name, and a typo made a new owner in the filters).
    pub owners: Vec<String>,
    /// The values, stage and contact the form opened with: what "unsaved changes" are measured
    /// against.
    opened_with: (BTreeMap<Field, String>, Option<StageChoice>, Option<Picked>),
}

/// A stage as the stage picker shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageChoice(pub Stage);

impl std::fmt::Display for StageChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.fields.name)
    }
}

/// A deal as the form edits it: the deal, its company's name and its person.
pub type Edited = (Deal, Option<String>, Option<Picked>);

/// Reads what the form needs to edit deal `id`.
pub fn read_for_edit(s: &crate::store::Store, id: DealId) -> crate::store::Result<Box<Edited>> {
    let company_name = |c: Option<crate::domain::CompanyId>| {
        c.map(|c| s.company(c).map(|c| c.fields.name)).transpose()
    };
    let deal = s.deal(id)?;
    let company = company_name(deal.fields.company_id)?;
    let contact = match deal.fields.contact_id {
        Some(c) => {
            let person = s.contact(c)?;
            Some(Picked {
                id: c,
                name: person.fields.full_name(),
                company: company_name(person.fields.company_id)?,
            })
        }
        None => None,
    };
    Ok(Box::new((deal, company, contact)))
}

/// What the form produces: the deal (and which one, when editing), and the company name to link
/// (found by name, or created; empty for none).
pub struct NewDeal {
    pub id: Option<DealId>,
    pub fields: DealFields,
    pub company: String,
    /// The user confirmed that `company`, though like others, is a new company.
    pub create_company: bool,
}

impl DealForm {
    pub fn new(pipeline: &Pipeline, currency: Currency) -> Self {
        let mut form = DealForm {
            stage: pipeline.open_stages().next().cloned().map(StageChoice),
            ..DealForm::default()
        };
        form.values.insert(Field::Currency, currency.code().into());
        form.opened();
        form
    }

    /// Remembers the form as it is now as the state with nothing unsaved.
    fn opened(&mut self) {
        self.opened_with = (
            self.values.clone(),
            self.stage.clone(),
            self.contact.picked().cloned(),
        );
    }

    /// Whether the user has typed or picked something not yet saved (leaving would lose it).
    pub fn is_dirty(&self) -> bool {
        let typed = |values: &BTreeMap<Field, String>| {
            values
                .iter()
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(f, v)| (*f, v.trim().to_string()))
                .collect::<BTreeMap<_, _>>()
        };
        typed(&self.values) != typed(&self.opened_with.0)
            || self.stage != self.opened_with.1
            || self.contact.picked() != self.opened_with.2.as_ref()
            || self.contact.is_unresolved()
    }

    /// A message of the Contact field: a person picked fills an empty Company field with their
    /// company, and the caret goes after their name (it stayed where the typing had left it).
    pub fn contact_message(
        &mut self,
        workspace: &crate::ui::workspace::Workspace,
        message: contact_picker::Message,
    ) -> crate::ui::screen::Action<contact_picker::Message> {
        use crate::ui::screen::Action;
        match self.contact.update(workspace, message) {
            contact_picker::Outcome::None => Action::None,
            contact_picker::Outcome::Run(task) => Action::Run(task),
            contact_picker::Outcome::Linked(picked) => {
                self.contact_linked(&picked);
                Action::Run(iced::widget::operation::move_cursor_to_end(CONTACT_ID))
            }
            contact_picker::Outcome::Failed(text) => Action::Failed(text),
        }
    }

    /// A person was picked: an empty Company field takes their company.
    fn contact_linked(&mut self, picked: &Picked) {
        let company = self.values.entry(Field::Company).or_default();
        if company.trim().is_empty()
            && let Some(name) = &picked.company
        {
            *company = name.clone();
        }
    }

    /// The typed company matched none but resembles `similar`: say so under the field; saving
    /// again with the same name creates it.
    pub fn ask_about_company(&mut self, similar: &[String]) {
        let typed = self.value(Field::Company).to_string();
        let names = similar
            .iter()
            .map(|n| format!("“{n}”"))
            .collect::<Vec<_>>()
            .join(", ");
        self.errors.insert(
            "company",
            format!(
                "No company is named “{typed}”. Did you mean {names}? Type the full name, or \
                 save again to add “{typed}” as a new company."
            ),
        );
        self.new_company_asked = Some(typed);
        self.saving = false;
    }

    /// The form filled with `deal` (at company `company`, with `contact`), to change it.
    pub fn edit(
        deal: &Deal,
        company: Option<String>,
        contact: Option<Picked>,
        pipeline: &Pipeline,
    ) -> Self {
        let f = &deal.fields;
        let mut form = DealForm {
            editing: Some((deal.id, f.clone())),
            created_on: Some(deal.created_at.earliest_day()),
            contact: contact.map(ContactPicker::linked).unwrap_or_default(),
            stage: pipeline
                .stages
                .iter()
                .find(|s| s.id == f.stage_id)
                .cloned()
                .map(StageChoice),
            ..DealForm::default()
        };
        let amount = if f.amount.minor == 0 {
            String::new()
        } else {
            f.amount.to_decimal_string()
        };
        for (field, value) in [
            (Field::Title, f.title.clone()),
            (Field::Company, company.unwrap_or_default()),
            (Field::Amount, amount),
            (Field::Currency, f.amount.currency.to_string()),
            (
                Field::ExpectedClose,
                f.expected_close
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_default(),
            ),
            (Field::Owner, f.owner.clone()),
            (
                Field::Probability,
                f.probability.map(|p| p.to_string()).unwrap_or_default(),
            ),
            (Field::Notes, f.notes.clone()),
        ] {
            form.values.insert(field, value);
        }
        form.opened();
        form
    }

    /// What the user typed, trimmed: for checking and saving, never for showing (a field that
    /// showed its value trimmed would eat every space as it is typed).
    fn value(&self, field: Field) -> &str {
        self.values.get(&field).map_or("", |v| v.trim())
    }

    /// The typed deal, or every problem with it, each under its field; its close day is checked
    /// against `created_on`, the day the deal was made (today for a new one).
    pub fn deal(&mut self, created_on: chrono::NaiveDate) -> Option<NewDeal> {
        let mut problems = Vec::new();
        let currency = Currency::new(self.value(Field::Currency)).unwrap_or_else(|p| {
            problems.push(FieldError {
                field: "currency",
                problem: p,
            });
            Currency::EUR
        });
        let amount = match self.value(Field::Amount) {
            // Emptied on a deal that had an amount: the deal's worth had gone to €0.00 unsaid.
            "" if self
                .editing
                .as_ref()
                .is_some_and(|(_, f)| f.amount.minor != 0) =>
            {
                problems.push(FieldError {
                    field: "amount",
                    problem: Problem::NotAllowed(
                        "write the amount (0 if there is none yet)".into(),
                    ),
                });
                Money::zero(currency)
            }
            "" => Money::zero(currency),
            text => Money::parse(text, currency).unwrap_or_else(|p| {
                problems.push(FieldError {
                    field: "amount",
                    problem: p,
                });
                Money::zero(currency)
            }),
        };
        let expected_close = match self.value(Field::ExpectedClose) {
            "" => None,
            // As a task's due day may be said: "next friday", "tomorrow".
            text => match crate::domain::time::typed_day(text).or_else(|| {
                let today = chrono::Local::now().date_naive();
                crate::domain::time::spoken_day(text, today, crate::domain::time::Toward::Future)
            }) {
                Some(date) => Some(date),
                None => {
                    problems.push(FieldError {
                        field: "expected_close",
                        problem: Problem::BadDate(text.into()),
                    });
                    None
                }
            },
        };
        let probability = match self.value(Field::Probability).trim_end_matches('%').trim() {
            "" => None,
            text => match text.parse::<i64>() {
                Ok(p) => Some(p),
                Err(_) => {
                    problems.push(FieldError {
                        field: "probability",
                        problem: Problem::NotWholeNumber(text.into()),
                    });
                    None
                }
            },
        };
        let Some(StageChoice(stage)) = self.stage.clone() else {
            problems.push(FieldError {
                field: "stage_id",
                problem: Problem::Empty,
            });
            return self.fail(problems);
        };
        // What the panel does not show is kept from the deal being edited.
        let kept = self.editing.as_ref().map(|(_, f)| f.clone());
        let fields = DealFields {
            title: self.value(Field::Title).to_string(),
            pipeline_id: stage.pipeline_id,
            stage_id: stage.id,
            contact_id: self.contact.picked().map(|p| p.id),
            amount,
            expected_close,
            owner: self.value(Field::Owner).to_string(),
            notes: self.value(Field::Notes).to_string(),
            probability,
            ..kept.unwrap_or(DealFields {
                title: String::new(),
                pipeline_id: stage.pipeline_id,
                stage_id: stage.id,
                contact_id: None,
                company_id: None,
                amount,
                probability: None,
                expected_close: None,
                status: DealStatus::Open,
                lost_reason: String::new(),
                owner: String::new(),
                notes: String::new(),
            })
        };
        if let Err(invalid) = fields.validate(created_on) {
            problems.extend(invalid.errors);
        }
        if self.contact.check() {
            // The picker marks its own field; this keeps the deal from being saved.
            problems.push(FieldError {
                field: "contact",
                problem: Problem::Empty,
            });
        }
        if !problems.is_empty() {
            return self.fail(problems);
        }
        self.errors.clear();
        let company = self.value(Field::Company).to_string();
        Some(NewDeal {
            id: self.editing.as_ref().map(|(id, _)| *id),
            create_company: self.new_company_asked.as_deref() == Some(company.as_str()),
            company,
            fields,
        })
    }

    fn fail(&mut self, problems: Vec<FieldError>) -> Option<NewDeal> {
        self.show(&Invalid { errors: problems });
        None
    }

    pub fn show(&mut self, invalid: &Invalid) {
        self.errors = invalid
            .errors
            .iter()
            .map(|e| (e.field, e.problem.sentence()))
            .collect();
    }

    /// The Owner field, with a drop-down of the known owners below it when there are any.
    fn owner_field<'a, M: Clone + 'a>(
        &'a self,
        on_change: fn(Field, String) -> M,
    ) -> Element<'a, M> {
        // As typed, not trimmed (`value`): a space typed was taken away before the next letter.
        let typed = text_field(
            "Owner",
            self.values.get(&Field::Owner).map_or("", String::as_str),
            self.errors.get("owner").cloned(),
            move |v| on_change(Field::Owner, v),
        );
        if self.owners.is_empty() {
            return typed;
        }
        let typed_name = self.value(Field::Owner).trim();
        column![
            typed,
            keyed_offer(
                "Or pick a teammate",
                OWNER_PICK_ID,
                self.owners.as_slice(),
                self.owners.iter().find(|o| *o == typed_name).cloned(),
                move |name| on_change(Field::Owner, name),
            ),
        ]
        .spacing(2)
        .into()
    }

    pub fn view<'a, M: Clone + 'a>(
        &'a self,
        stages: Vec<StageChoice>,
        on_change: fn(Field, String) -> M,
        on_stage: fn(StageChoice) -> M,
        on_contact: fn(contact_picker::Message) -> M,
        save: M,
        cancel: M,
    ) -> Element<'a, M> {
        let field = |label: &'static str, f: Field, key: &str| {
            text_field(
                label,
                self.values.get(&f).map_or("", String::as_str),
                self.errors.get(key).cloned(),
                move |v| on_change(f, v),
            )
        };
        let stage = labelled(
            "Stage",
            crate::ui::widget::choice_keys::keyed_pick(
                STAGE_ID,
                stages,
                self.stage.clone(),
                on_stage,
            ),
            self.errors.get("stage_id").cloned(),
        );
        let editing = self.editing.is_some();
        let body = column![
            text(if editing { "Edit deal" } else { "New deal" }).size(18),
            row![
                field("Deal title", Field::Title, "title"),
                self.contact.view(CONTACT_ID, "this deal").map(on_contact),
                field("Company", Field::Company, "company")
            ]
            .spacing(10),
            row![
                field("Amount", Field::Amount, "amount"),
                container(field("Currency", Field::Currency, "currency"))
                    .width(Length::Fixed(90.0)),
                stage,
                // The label short and the form in the box: "Expected close (YYYY-MM-DD)"
                // wrapped at 1024 pixels and pushed its box out of line.
                hinted_field(
                    "Expected close",
                    "YYYY-MM-DD",
                    self.values
                        .get(&Field::ExpectedClose)
                        .map_or("", String::as_str),
                    self.errors.get("expected_close").cloned(),
                    move |v| on_change(Field::ExpectedClose, v)
                ),
                self.owner_field(on_change),
            ]
            .spacing(10),
            row![
                container(field("Win chance (%)", Field::Probability, "probability"))
                    .width(Length::Fixed(170.0)),
                field("Notes", Field::Notes, "notes"),
            ]
            .spacing(10),
            text(match &self.stage {
                Some(StageChoice(stage)) => format!(
                    "Left empty, the win chance is the stage's: {} % in {}.",
                    stage.fields.probability, stage.fields.name
                ),
                None => "Left empty, the win chance is the stage's.".to_string(),
            })
            .size(12)
            .style(theme::muted_text),
            row![
                Space::new().width(Length::Fill),
                button(text("Cancel"))
                    .on_press(cancel)
                    .style(button::secondary),
                button(text(match (self.saving, editing) {
                    (true, _) => "Saving…",
                    (false, true) => "Save changes",
                    (false, false) => "Create deal",
                }))
                .on_press(save)
                .style(button::primary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(10);
        container(body)
            .padding(16)
            .style(theme::card)
            .width(Length::Fill)
            .into()
    }
}
