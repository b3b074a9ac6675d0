//! The workspace's SLA hours per priority, edited from the queue where their effect is seen. They
//! are a workspace setting, not a record: saving them is not an undoable change.

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::domain::{Priority, SlaPolicy};
use crate::store::Shared;
use crate::ui::theme;
use crate::ui::widget::field::labelled;
use crate::ui::workspace::Workspace;

/// The widget id of the hours field for `p`.
pub fn hours_id(p: Priority) -> &'static str {
    match p {
        Priority::Low => "sla-low",
        Priority::Normal => "sla-normal",
        Priority::High => "sla-high",
        Priority::Urgent => "sla-urgent",
    }
}

#[derive(Debug, Default)]
pub struct SlaEditor {
    policy: SlaPolicy,
    open: bool,
    /// What is typed, by priority in `Priority::ALL` order.
    drafts: [String; 4],
    /// What is wrong with each, in the same order; shown under its own field.
    errors: [Option<String>; 4],
    /// "SLA hours" was pressed with changed hours: the card asks to save or cancel them.
    unsaved: bool,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// The title bar's "SLA hours": opens the hours, and closes them while nothing is changed.
    Toggled,
    /// Closes the hours, dropping what was typed.
    Cancelled,
    HoursChanged(Priority, String),
    Save,
    Saved(Shared<SlaPolicy>),
}

/// What the queue should do after an editor message.
pub enum Done {
    Run(Task<Message>),
    /// Saved: what to tell the user (not an undoable change, so no Undo goes with it).
    Saved(String),
    Failed(String),
}

impl SlaEditor {
    pub fn loaded(&mut self, policy: SlaPolicy) {
        self.policy = policy;
        if !self.open {
            self.reset_drafts();
        }
    }

    fn reset_drafts(&mut self) {
        for (draft, &p) in self.drafts.iter_mut().zip(Priority::ALL) {
            *draft = self.policy.hours(p).to_string();
        }
        self.errors = Default::default();
        self.unsaved = false;
    }

    /// Closes the hours, dropping what was typed (Cancel, or the window's "Discard").
    pub fn cancel(&mut self) {
        self.open = false;
        self.reset_drafts();
    }

    /// Whether hours were typed that differ from those saved.
    pub fn is_dirty(&self) -> bool {
        self.open
            && self
                .drafts
                .iter()
                .zip(Priority::ALL)
                .any(|(draft, &p)| draft.trim() != self.policy.hours(p).to_string())
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Done {
        match message {
            // Closing with hours changed and not saved keeps them there, open: the button had
            // closed the card and silently put the old hours back.
            Message::Toggled if self.open && self.is_dirty() => {
                self.unsaved = true;
                Done::Run(Task::none())
            }
            Message::Toggled => {
                self.open = !self.open;
                self.reset_drafts();
                Done::Run(Task::none())
            }
            Message::Cancelled => {
                self.cancel();
                Done::Run(Task::none())
            }
            Message::HoursChanged(p, value) => {
                if let Some(i) = Priority::ALL.iter().position(|&q| q == p) {
                    self.drafts[i] = value;
                    self.errors[i] = None;
                    // Typed back to what is saved, nothing is left to save or cancel.
                    self.unsaved &= self.is_dirty();
                }
                Done::Run(Task::none())
            }
            Message::Save => match self.parsed() {
                Ok(policy) => {
                    self.errors = Default::default();
                    Done::Run(workspace.run(
                        move |s| s.set_sla_policy(policy).map(|()| policy),
                        Message::Saved,
                    ))
                }
                Err(errors) => {
                    self.errors = errors;
                    Done::Run(Task::none())
                }
            },
            Message::Saved(Ok(policy)) => {
                self.policy = policy;
                self.open = false;
                self.reset_drafts();
                let hours = Priority::ALL
                    .iter()
                    .rev()
                    .map(|&p| format!("{} {} h", p.label(), policy.hours(p)))
                    .collect::<Vec<_>>()
                    .join(", ");
                Done::Saved(format!(
                    "SLA hours saved: {hours}. New tickets and priority changes use them"
                ))
            }
            Message::Saved(Err(e)) => Done::Failed(format!("The SLA hours were not saved: {e}")),
        }
    }

    /// The policy typed in, or what is wrong with each priority's hours — every one at once: a
    /// number that does not parse and one the policy refuses are both named in the same save.
    fn parsed(&self) -> Result<SlaPolicy, [Option<String>; 4]> {
        let mut policy = self.policy;
        let mut errors: [Option<String>; 4] = Default::default();
        for ((draft, &p), error) in self.drafts.iter().zip(Priority::ALL).zip(&mut errors) {
            match draft.trim().parse::<i64>() {
                Ok(hours) => policy = policy.with_hours(p, hours),
                Err(_) => {
                    *error = Some(format!("{:?} is not a whole number of hours", draft.trim()))
                }
            }
        }
        if let Err(invalid) = policy.validate() {
            for e in &invalid.errors {
                if let Some(i) = Priority::ALL
                    .iter()
                    .position(|p| e.field.starts_with(p.as_str()))
                {
                    errors[i].get_or_insert_with(|| e.problem.sentence());
                }
            }
        }
        if errors.iter().all(Option::is_none) {
            Ok(policy)
        } else {
            Err(errors)
        }
    }

    pub fn view(&self) -> Option<Element<'_, Message>> {
        if !self.open {
            return None;
        }
        // Most urgent first, as everywhere else in the section.
        let fields = Priority::ALL
            .iter()
            .zip(&self.drafts)
            .zip(&self.errors)
            .rev()
            .fold(row![].spacing(12), |r, ((&p, draft), error)| {
                let input = crate::ui::widget::field::input("hours", draft)
                    .id(hours_id(p))
                    .on_input(move |v| Message::HoursChanged(p, v))
                    .on_submit(Message::Save)
                    .padding(6)
                    .style(theme::input(error.is_some()));
                r.push(labelled(p.label(), input, error.clone()))
            });
        let mut card = column![
            text("SLA hours per priority").size(18),
            text(
                "How many hours a ticket may take to resolve. New tickets and priority changes use \
                 these hours; deadlines already set stay as promised."
            )
            .size(13)
            .style(theme::muted_text),
            fields,
        ]
        .spacing(8);
        if self.unsaved {
            card = card.push(
                text("The hours are changed: save them, or cancel to keep the saved ones.")
                    .size(13)
                    .style(theme::error_text),
            );
        }
        card = card.push(
            row![
                button(text("Save SLA hours"))
                    .on_press(Message::Save)
                    .style(button::primary),
                button(text("Cancel"))
                    .on_press(Message::Cancelled)
                    .style(button::secondary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        );
        Some(
            container(card)
                .padding(16)
                .width(Length::Fill)
                .style(theme::card)
                .into(),
        )
    }
}
