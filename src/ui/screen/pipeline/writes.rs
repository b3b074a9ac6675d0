//! The board's two writes: moving a deal (asking why first when it is lost) and saving the deal
//! form, new or edited (its company found or created by name).

use super::lost::{self, LostPrompt};
use super::{Message, Pipeline, Target};
use crate::domain::{DealId, StageOutcome};
use crate::store::SortDir;
use crate::ui::screen::Action;
use crate::ui::workspace::Workspace;

impl Pipeline {
    /// Moves a deal to an open stage, to won, or (after asking why) to lost.
    pub(super) fn move_deal(
        &mut self,
        workspace: &Workspace,
        deal: DealId,
        target: Target,
    ) -> Action<Message> {
        let Some(pipeline) = &self.pipeline else {
            return Action::None;
        };
        let outcome_stage = |outcome| {
            pipeline
                .stages
                .iter()
                .find(|s| s.fields.outcome == outcome)
                .map(|s| s.id)
        };
        let stage = match target {
            Target::Stage(stage) => stage,
            Target::Won => match outcome_stage(StageOutcome::Won) {
                Some(stage) => stage,
                None => return Action::Failed("This pipeline has no won stage.".into()),
            },
            Target::Lost => {
                let Some(stage) = outcome_stage(StageOutcome::Lost) else {
                    return Action::Failed("This pipeline has no lost stage.".into());
                };
                let title = self
                    .columns
                    .iter()
                    .find_map(|c| c.cards_find(deal))
                    .map(|c| c.title.clone())
                    .unwrap_or_default();
                self.lost = Some(LostPrompt {
                    deal,
                    title,
                    stage,
                    reason: None,
                    detail: String::new(),
                    error: None,
                });
                let column = self
                    .columns
                    .iter()
                    .position(|c| c.cards_find(deal).is_some())
                    .unwrap_or(self.column);
                return Action::Run(iced::Task::batch([
                    iced::widget::operation::focus(lost::DETAIL_ID),
                    super::board::follow(column, self.columns.len()),
                ]));
            }
        };
        self.follow = Some(deal);
        Action::Run(workspace.run(
            move |s| s.move_deal(deal, stage, None).map(drop),
            Message::Saved,
        ))
    }

    pub(super) fn create_deal(&mut self, workspace: &Workspace) -> Action<Message> {
        let Some(form) = &mut self.form else {
            return Action::None;
        };
        if form.saving {
            return Action::None;
        }
        let created_on = form
            .created_on
            .unwrap_or_else(|| crate::domain::Timestamp::now().first_day());
        let Some(new) = form.deal(created_on) else {
            return Action::None;
        };
        form.saving = true;
        Action::Run(workspace.run(
            move |s| {
                let mut fields = new.fields;
                fields.company_id = None;
                if !new.company.is_empty() {
                    // Of companies sharing the name: the deal's contact's, else the deal's own.
                    let contacts = match fields.contact_id {
                        Some(c) => s.contact(c)?.fields.company_id,
                        None => None,
                    };
                    let own = match new.id {
                        Some(id) => s.deal(id)?.fields.company_id,
                        None => None,
                    };
                    let prefer = contacts.or(own);
                    fields.company_id = Some(match s.company_named(&new.company, prefer)? {
                        Some(id) => id,
                        None => {
                            // "Brûlerie" next to "Brûlerie d'Élodie & Fils" is more likely a
                            // shortened name than a new company: ask before making one.
                            let similar = s.companies(&new.company, SortDir::Asc, 0, 3)?;
                            if !new.create_company && !similar.rows.is_empty() {
                                let names = similar.rows.into_iter().map(|c| c.name).collect();
                                return Ok(Some(names));
                            }
                            s.create_company(crate::domain::CompanyFields {
                                name: new.company.clone(),
                                ..Default::default()
                            })?
                            .id
                        }
                    });
                }
                match new.id {
                    Some(id) => s.update_deal(id, fields).map(|_| None),
                    None => s.create_deal(fields).map(|_| None),
                }
            },
            Message::Created,
        ))
    }
}
