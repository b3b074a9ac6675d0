//! Create or edit a campaign's plan: name, channel, status, budget and actual cost, and its dates.
//! What is typed stays text until Save; then it is parsed and checked by the domain, and each wrong
//! field gets its own message. After a refused save the messages follow the typing, so a fixed
//! field clears at once.

use std::collections::BTreeMap;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::campaign::{CampaignChannel, CampaignStatus, parse_day};
use crate::domain::{
    Campaign, CampaignFields, CampaignId, Currency, FieldError, Invalid, Money, Problem,
};
use crate::store::{self, Shared};
use crate::ui::screen::Action;
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::choice_keys::keyed_choice;
use crate::ui::widget::field::labelled;
use crate::ui::widget::title_bar;
use crate::ui::workspace::Workspace;

pub const NAME_ID: &str = "campaign-name";
pub const BUDGET_ID: &str = "campaign-budget";
pub const COST_ID: &str = "campaign-cost";
pub const CURRENCY_ID: &str = "campaign-currency";
pub const STARTS_ID: &str = "campaign-starts";
pub const ENDS_ID: &str = "campaign-ends";
pub const CHANNEL_ID: &str = "campaign-channel";
pub const STATUS_ID: &str = "campaign-status";

/// The typed text fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Budget,
    Cost,
    Currency,
    Starts,
    Ends,
}

#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    name: String,
    budget: String,
    cost: String,
    currency: String,
    starts: String,
    ends: String,
}

pub struct Editor {
    /// The campaign being edited; `None` for a new one.
    original: Option<Campaign>,
    draft: Draft,
    channel: CampaignChannel,
    status: CampaignStatus,
    /// The fields as the editor opened, to tell typing from a look.
    opened: (Draft, CampaignChannel, CampaignStatus),
    errors: BTreeMap<&'static str, String>,
    /// Set once a save was refused, so messages update as the fields are fixed.
    checked: bool,
    saving: bool,
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Changed(Field, String),
    ChannelPicked(CampaignChannel),
    StatusPicked(CampaignStatus),
    /// The currency a new campaign starts in, read after the editor opened.
    UsualCurrency(Shared<Currency>),
    Save,
    /// A successful save is handled by the screen, which opens the campaign.
    Saved(Shared<Campaign>),
    /// Handled by the screen, which goes back.
    Cancel,
}

impl Editor {
    /// Whether anything was changed and not saved.
    pub fn is_dirty(&self) -> bool {
        !self.saving
            && (&self.draft, self.channel, self.status)
                != (&self.opened.0, self.opened.1, self.opened.2)
    }

    pub fn create(campaign: Option<Campaign>) -> (Self, Task<Message>) {
        let (draft, channel, status) = match &campaign {
            Some(c) => {
                let f = &c.fields;
                let day =
                    |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
                (
                    Draft {
                        name: f.name.clone(),
                        budget: f.budget.to_decimal_string(),
                        cost: f.cost.to_decimal_string(),
                        currency: f.budget.currency.code().to_string(),
                        starts: day(f.starts_on),
                        ends: day(f.ends_on),
                    },
                    f.channel,
                    f.status,
                )
            }
            None => (
                Draft {
                    currency: "EUR".into(),
                    ..Draft::default()
                },
                CampaignChannel::Email,
                CampaignStatus::Draft,
            ),
        };
        let editor = Editor {
            original: campaign,
            opened: (draft.clone(), channel, status),
            draft,
            channel,
            status,
            errors: BTreeMap::new(),
            checked: false,
            saving: false,
            error: None,
        };
        (editor, iced::widget::operation::focus(NAME_ID))
    }

    pub fn campaign_id(&self) -> Option<CampaignId> {
        self.original.as_ref().map(|c| c.id)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Changed(field, value) => {
                *self.slot(field) = value;
                self.recheck();
                Action::None
            }
            Message::ChannelPicked(channel) => {
                self.channel = channel;
                Action::None
            }
            Message::StatusPicked(status) => {
                self.status = status;
                Action::None
            }
            Message::UsualCurrency(Ok(usual)) => {
                // Only into a new campaign whose currency the user has not touched yet.
                if self.original.is_none() && self.draft.currency == self.opened.0.currency {
                    let code = usual.code().to_string();
                    self.draft.currency.clone_from(&code);
                    self.opened.0.currency = code;
                }
                Action::None
            }
            Message::UsualCurrency(Err(_)) => Action::None,
            Message::Save => self.save(workspace),
            Message::Saved(Ok(_)) => {
                self.saving = false;
                Action::None
            }
            Message::Saved(Err(e)) => {
                self.saving = false;
                match &*e {
                    store::Error::Invalid(invalid) => self.show(invalid),
                    other => self.error = Some(format!("Not saved: {other}")),
                }
                Action::None
            }
            Message::Cancel => Action::None,
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Save => self.save(workspace),
            _ => Action::None,
        }
    }

    fn slot(&mut self, field: Field) -> &mut String {
        let d = &mut self.draft;
        match field {
            Field::Name => &mut d.name,
            Field::Budget => &mut d.budget,
            Field::Cost => &mut d.cost,
            Field::Currency => &mut d.currency,
            Field::Starts => &mut d.starts,
            Field::Ends => &mut d.ends,
        }
    }

    fn recheck(&mut self) {
        if self.checked {
            // Fixed fields keep their message's line, blank, until the next save.
            self.errors.values_mut().for_each(String::clear);
            if let Err(invalid) = self.fields() {
                self.show(&invalid);
            }
        }
    }

    fn save(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.saving {
            return Action::None;
        }
        self.error = None;
        let fields = match self.fields() {
            Ok(fields) => fields,
            Err(invalid) => {
                self.checked = true;
                self.show(&invalid);
                return Action::None;
            }
        };
        self.errors.clear();
        self.saving = true;
        let task = match self.campaign_id() {
            Some(id) => {
                let base = self.original.as_ref().map(|c| c.fields.clone());
                workspace.run(
                    move |s| s.update_campaign(id, fields, base.as_ref()),
                    Message::Saved,
                )
            }
            None => workspace.run(move |s| s.create_campaign(fields), Message::Saved),
        };
        Action::Run(task)
    }

    /// The typed form as domain fields, or every problem found (parsing first, then the rules).
    fn fields(&self) -> Result<CampaignFields, Invalid> {
        let mut problems: Vec<FieldError> = Vec::new();
        let mut fail =
            |field: &'static str, problem: Problem| problems.push(FieldError { field, problem });
        let d = &self.draft;
        let currency = match Currency::new(&d.currency) {
            Ok(c) => Some(c),
            Err(p) => {
                fail("currency", p);
                None
            }
        };
        // With a wrong currency the amounts are still read (in euros, a stand-in), so a negative
        // cost is reported with the currency, not only on the next try.
        let mut money = |field: &'static str, typed: &str| -> Money {
            let c = currency.unwrap_or(Currency::EUR);
            if typed.trim().is_empty() {
                return Money::zero(c);
            }
            Money::parse(typed, c).unwrap_or_else(|p| {
                fail(field, p);
                Money::zero(c)
            })
        };
        let budget = money("budget", &d.budget);
        let cost = money("cost", &d.cost);
        let mut day = |field: &'static str, typed: &str| {
            parse_day(typed).unwrap_or_else(|p| {
                fail(field, p);
                None
            })
        };
        let starts_on = day("starts_on", &d.starts);
        let ends_on = day("ends_on", &d.ends);
        let fields = CampaignFields {
            name: d.name.trim().to_string(),
            channel: self.channel,
            status: self.status,
            budget,
            cost,
            starts_on,
            ends_on,
            segment: self
                .original
                .as_ref()
                .map(|c| c.fields.segment.clone())
                .unwrap_or_default(),
        };
        let mut errors = fields
            .validate()
            .err()
            .map(|i| i.errors)
            .unwrap_or_default();
        // A value that did not parse has its own message; the rules' verdict on its stand-in is noise.
        errors.retain(|e| !problems.iter().any(|p| p.field == e.field));
        errors.extend(problems);
        if errors.is_empty() {
            Ok(fields)
        } else {
            Err(Invalid { errors })
        }
    }

    fn show(&mut self, invalid: &Invalid) {
        // A field fixed since keeps its message's line, blank (see `labelled`).
        self.errors.values_mut().for_each(String::clear);
        for e in &invalid.errors {
            let message = match (e.field, &e.problem) {
                ("name", Problem::Empty) => "Give the campaign a name".to_string(),
                ("ends_on", Problem::BeforeStart(start)) => {
                    format!("Ends before it starts ({start})")
                }
                (_, problem) => problem.sentence(),
            };
            let shown = self.errors.entry(e.field).or_default();
            if shown.is_empty() {
                *shown = message;
            }
        }
        self.error = Some(match invalid.errors.len() {
            1 => "Not saved: one field to fix, marked below.".to_string(),
            n => format!("Not saved: {n} fields to fix, marked below."),
        });
    }

    fn input<'a>(
        &'a self,
        id: &'static str,
        placeholder: &'a str,
        field: Field,
        error_key: &'static str,
    ) -> Element<'a, Message> {
        let value = match field {
            Field::Name => &self.draft.name,
            Field::Budget => &self.draft.budget,
            Field::Cost => &self.draft.cost,
            Field::Currency => &self.draft.currency,
            Field::Starts => &self.draft.starts,
            Field::Ends => &self.draft.ends,
        };
        crate::ui::widget::field::input(placeholder, value)
            .id(id)
            .on_input(move |v| Message::Changed(field, v))
            .on_submit(Message::Save)
            .padding(6)
            .style(theme::input(
                self.errors.get(error_key).is_some_and(|e| !e.is_empty()),
            ))
            .into()
    }

    fn error(&self, key: &str) -> Option<String> {
        self.errors.get(key).cloned()
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = if self.original.is_some() {
            "Edit campaign"
        } else {
            "New campaign"
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
        let mut form = column![title_bar(title, actions)].spacing(16);
        form = form.push(crate::ui::widget::form_message(self.error.as_deref()));
        let channels = CampaignChannel::ALL
            .iter()
            .fold(row![].spacing(6), |r, &c| {
                r.push(
                    button(text(c.label()).size(14))
                        .on_press(Message::ChannelPicked(c))
                        .style(theme::toggle(c == self.channel))
                        .padding([5, 10]),
                )
            });
        let statuses = CampaignStatus::ALL.iter().fold(row![].spacing(6), |r, &s| {
            r.push(
                button(text(s.label()).size(14))
                    .on_press(Message::StatusPicked(s))
                    .style(theme::toggle(s == self.status))
                    .padding([5, 10]),
            )
        });
        let (channel, status) = (self.channel, self.status);
        let channels = keyed_choice(CHANNEL_ID, channels.wrap(), move |step| {
            Message::ChannelPicked(step.from(CampaignChannel::ALL, channel))
        });
        let statuses = keyed_choice(STATUS_ID, statuses.wrap(), move |step| {
            Message::StatusPicked(step.from(CampaignStatus::ALL, status))
        });
        form = form
            .push(labelled(
                "Name",
                self.input(NAME_ID, "What the campaign is called", Field::Name, "name"),
                self.error("name"),
            ))
            .push(labelled("Channel", channels, None))
            .push(labelled("Status", statuses, None))
            .push(
                row![
                    labelled(
                        "Budget",
                        self.input(BUDGET_ID, "0.00", Field::Budget, "budget"),
                        self.error("budget"),
                    ),
                    labelled(
                        "Actual cost",
                        self.input(COST_ID, "0.00", Field::Cost, "cost"),
                        self.error("cost"),
                    ),
                    container(labelled(
                        "Currency",
                        self.input(CURRENCY_ID, "EUR", Field::Currency, "currency"),
                        self.error("currency"),
                    ))
                    .width(Length::Fixed(110.0)),
                ]
                .spacing(12)
                .align_y(Alignment::Start),
            )
            .push(
                row![
                    labelled(
                        "Starts",
                        self.input(STARTS_ID, "YYYY-MM-DD", Field::Starts, "starts_on"),
                        self.error("starts_on"),
                    ),
                    labelled(
                        "Ends",
                        self.input(ENDS_ID, "YYYY-MM-DD", Field::Ends, "ends_on"),
                        self.error("ends_on"),
                    ),
                ]
                .spacing(12),
            )
            .push(
                text(
                    "Actual cost is what has been spent so far; ROI compares it with the revenue \
                     members bring. Choose who the campaign targets on its page after saving.",
                )
                .size(13)
                .style(theme::muted_text),
            );
        scrollable(container(form.padding(20).max_width(820)).center_x(Length::Fill)).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(editor: &mut Editor, field: Field, value: &str) {
        *editor.slot(field) = value.to_string();
    }

    #[test]
    fn a_new_campaign_needs_only_a_name() {
        let (mut editor, _) = Editor::create(None);
        assert!(editor.fields().is_err());
        typed(&mut editor, Field::Name, " Spring ");
        let fields = editor.fields().unwrap();
        assert_eq!(fields.name, "Spring");
        assert_eq!(fields.budget, Money::zero(Currency::EUR));
        assert_eq!(fields.starts_on, None);
    }

    #[test]
    fn every_wrong_field_gets_its_own_message() {
        let (mut editor, _) = Editor::create(None);
        typed(&mut editor, Field::Name, "Spring");
        typed(&mut editor, Field::Budget, "lots");
        typed(&mut editor, Field::Cost, "-5");
        typed(&mut editor, Field::Starts, "2026-04-01");
        typed(&mut editor, Field::Ends, "2026-03-01");
        let invalid = editor.fields().unwrap_err();
        editor.show(&invalid);
        assert_eq!(
            editor.error("budget").as_deref(),
            Some("\"lots\" is not a valid amount")
        );
        assert_eq!(
            editor.error("cost").as_deref(),
            Some("Must not be negative")
        );
        assert_eq!(
            editor.error("ends_on").as_deref(),
            Some("Ends before it starts (2026-04-01)")
        );
        assert_eq!(editor.error("name"), None);
    }

    #[test]
    fn a_bad_currency_is_reported_once_on_its_own_field() {
        let (mut editor, _) = Editor::create(None);
        typed(&mut editor, Field::Name, "Spring");
        typed(&mut editor, Field::Currency, "euro");
        typed(&mut editor, Field::Budget, "100");
        let invalid = editor.fields().unwrap_err();
        let fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["currency"]);
        // Three letters that name no currency: on the Currency field too, not the budget's.
        typed(&mut editor, Field::Currency, "ABC");
        let invalid = editor.fields().unwrap_err();
        let fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["currency"]);
    }

    #[test]
    fn a_bad_currency_and_a_negative_cost_are_reported_together() {
        let (mut editor, _) = Editor::create(None);
        typed(&mut editor, Field::Name, "Spring");
        typed(&mut editor, Field::Currency, "euro");
        typed(&mut editor, Field::Cost, "-10");
        let invalid = editor.fields().unwrap_err();
        let mut fields: Vec<_> = invalid.errors.iter().map(|e| e.field).collect();
        fields.sort_unstable();
        assert_eq!(fields, ["cost", "currency"]);
    }
}
