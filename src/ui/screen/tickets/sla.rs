//! The workspace's SLA hours per priority, edited from the queue where their effect is seen. They
//! are a workspace setting, not a record: saving them is not an undoable change.

use iced::widget::{button, column, container, row, text, text_input};
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
    error: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Toggled,
    HoursChanged(Priority, String),
    Save,
    Saved(Shared<()>),
}

/// What the queue should do after an editor message.
pub enum Done {
    Run(Task<Message>),
    Saved,
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
        self.error = None;
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Done {
        match message {
            Message::Toggled => {
                self.open = !self.open;
                self.reset_drafts();
                Done::Run(Task::none())
            }
            Message::HoursChanged(p, value) => {
                if let Some(i) = Priority::ALL.iter().position(|&q| q == p) {
                    self.drafts[i] = value;
                }
                self.error = None;
                Done::Run(Task::none())
            }
            Message::Save => match self.parsed() {
                Ok(policy) => {
                    Done::Run(workspace.run(move |s| s.set_sla_policy(policy), Message::Saved))
                }
                Err(e) => {
                    self.error = Some(e);
                    Done::Run(Task::none())
                }
            },
            Message::Saved(Ok(())) => {
                self.open = false;
                Done::Saved
            }
            Message::Saved(Err(e)) => Done::Failed(format!("The SLA hours were not saved: {e}")),
        }
    }

    /// The policy typed in, or a sentence naming each priority whose hours are wrong.
    fn parsed(&self) -> Result<SlaPolicy, String> {
        let mut policy = self.policy;
        let mut problems = Vec::new();
        for (draft, &p) in self.drafts.iter().zip(Priority::ALL) {
            match draft.trim().parse::<i64>() {
                Ok(hours) => policy = policy.with_hours(p, hours),
                Err(_) => problems.push(format!(
                    "{}: {:?} is not a whole number of hours",
                    p.label(),
                    draft.trim()
                )),
            }
        }
        if problems.is_empty()
            && let Err(invalid) = policy.validate()
        {
            for e in &invalid.errors {
                let p = Priority::ALL
                    .iter()
                    .find(|&&p| e.field.starts_with(p.as_str()))
                    .map_or(e.field, |p| p.label());
                problems.push(format!("{p}: {}", e.problem));
            }
        }
        if problems.is_empty() {
            Ok(policy)
        } else {
            Err(problems.join(". "))
        }
    }

    pub fn view(&self) -> Option<Element<'_, Message>> {
        if !self.open {
            return None;
        }
        // Most urgent first, as everywhere else in the section.
        let fields = Priority::ALL.iter().zip(&self.drafts).rev().fold(
            row![].spacing(12),
            |r, (&p, draft)| {
                let input = text_input("hours", draft)
                    .id(hours_id(p))
                    .on_input(move |v| Message::HoursChanged(p, v))
                    .on_submit(Message::Save)
                    .padding(6)
                    .style(theme::input(self.error.is_some()));
                r.push(labelled(p.label(), input, None))
            },
        );
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
        if let Some(e) = &self.error {
            card = card.push(text(e.as_str()).size(13).style(theme::error_text));
        }
        card = card.push(
            row![
                button(text("Save SLA hours"))
                    .on_press(Message::Save)
                    .style(button::primary),
                button(text("Cancel"))
                    .on_press(Message::Toggled)
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
