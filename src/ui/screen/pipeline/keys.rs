//! The board's keyboard: arrows choose a card, Shift+arrows move it a stage, Enter edits it; with
//! the deal form or the lost-reason prompt open, the keys are theirs.

use iced::Task;

use super::{Message, Mode, Pipeline, Target, board, read_cards};
use crate::ui::screen::Action;
use crate::ui::shortcuts::Intent;
use crate::ui::workspace::Workspace;

impl Pipeline {
    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        // An open form or prompt has the keys in every view: over the deal list, Escape and
        // Ctrl+S did nothing and ↑ ↓ moved the list behind the form.
        if self.lost.is_some() {
            return match intent {
                Intent::Close => self.update(workspace, Message::LostCancelled),
                _ => Action::None,
            };
        }
        if let Some(form) = &mut self.form {
            return match intent {
                Intent::Close if form.contact.close_suggestions() => Action::None,
                Intent::Close => self.update(workspace, Message::FormCancelled),
                Intent::Save | Intent::Open => self.update(workspace, Message::FormSaved),
                Intent::Up | Intent::Down => {
                    form.contact.step(intent == Intent::Down);
                    Action::None
                }
                _ => Action::None,
            };
        }
        if self.mode != Mode::Board && intent != Intent::NewRecord {
            let action = self.list.intent(workspace, self.pipeline_id(), intent);
            return self.follow_list(workspace, action);
        }
        let columns = self.columns.len();
        match intent {
            Intent::Left | Intent::Right if columns > 0 => {
                let row = self.columns[self.column].cards.selected().unwrap_or(0);
                // The nearest stage that way with a card to choose: arrowing into an empty one
                // had left nothing selected, and Shift+→ then did nothing.
                let holds_cards = |i: &usize| self.columns[*i].cards.total() > 0;
                let next = if intent == Intent::Left {
                    (0..self.column).rev().find(holds_cards)
                } else {
                    (self.column + 1..columns).find(holds_cards)
                };
                let Some(next) = next else {
                    return Action::None;
                };
                let row = row.min(self.columns[next].cards.total().saturating_sub(1));
                self.select(next, row);
                Action::Run(board::follow(self.column, self.columns.len()))
            }
            Intent::MoveLeft | Intent::MoveRight => {
                let step: isize = if intent == Intent::MoveLeft { -1 } else { 1 };
                let Some(to) = self
                    .column
                    .checked_add_signed(step)
                    .filter(|&i| i < columns)
                else {
                    return Action::None;
                };
                let stage = self.columns[to].stage.id;
                let action = self.update(workspace, Message::MoveSelected(Target::Stage(stage)));
                // The selection follows the card to its new column, and the board follows it.
                self.column = to;
                match action {
                    Action::Run(task) => {
                        Action::Run(Task::batch([task, board::follow(to, columns)]))
                    }
                    other => other,
                }
            }
            // The keyboard back to the board from the pipelines' drop-down: the only stop in
            // Tab's round, it kept the ring and the arrows (which then switched pipelines) with
            // no way out but a click.
            Intent::Close => Action::Run(iced::advanced::widget::operate(
                iced::advanced::widget::operation::focusable::unfocus(),
            )),
            Intent::Won => self.update(workspace, Message::MoveSelected(Target::Won)),
            Intent::Lost => self.update(workspace, Message::MoveSelected(Target::Lost)),
            Intent::Delete => self.update(workspace, Message::DeleteSelected),
            Intent::NewRecord => self.update(workspace, Message::NewDeal),
            // Enter opens the selected deal to edit it; its contact has a button of its own.
            Intent::Open => self.update(workspace, Message::EditDeal),
            _ => {
                // The selected deal left its stage (won, lost, moved on) and took the stage's
                // last card with it: the keys go to the nearest stage that has cards, or ↓ had
                // selected nothing until the screen was left.
                let empty = |i: usize| self.columns.get(i).is_none_or(|c| c.cards.total() == 0);
                let mut follow = Task::none();
                if empty(self.column)
                    && let Some(near) = (0..columns)
                        .filter(|&i| !empty(i))
                        .min_by_key(|&i| i.abs_diff(self.column))
                {
                    self.column = near;
                    follow = board::follow(near, columns);
                }
                let Some(column) = self.columns.get_mut(self.column) else {
                    return Action::None;
                };
                let stage = column.stage.id;
                let i = self.column;
                column
                    .cards
                    .navigation_tasks(intent, board::column_id(i), |f| {
                        read_cards(workspace, i, stage, f)
                    })
                    .map_or(Action::None, |task| {
                        Action::Run(Task::batch([task, follow]))
                    })
            }
        }
    }
}
