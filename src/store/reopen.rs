//! Reopening a won or lost deal: it goes back to the open stage it was closed from, with its
//! probability, rather than to the start of the pipeline.

use super::{Error, Result, Store};
use crate::domain::*;

impl Store {
    /// Moves a closed deal back to the last open stage its history shows that is still in the
    /// pipeline (the first open stage when none is), as one undoable change.
    pub fn reopen_deal(&mut self, id: DealId) -> Result<Deal> {
        let deal = self.deal(id)?;
        let pipeline = self
            .pipelines()?
            .into_iter()
            .find(|p| p.id == deal.fields.pipeline_id)
            .ok_or_else(|| Error::not_found(Entity::Pipeline, deal.fields.pipeline_id.0))?;
        let open: Vec<StageId> = pipeline.open_stages().map(|s| s.id).collect();
        let history = self.stage_history(id)?;
        let last_open = history
            .iter()
            .rev()
            .flat_map(|m| [Some(m.to), m.from])
            .flatten()
            .find(|stage| open.contains(stage));
        match last_open.or_else(|| open.first().copied()) {
            Some(stage) => self.move_deal(id, stage, None),
            None => Err(Error::NotAllowed(format!(
                "the pipeline {} has no open stage to reopen the deal in",
                pipeline.name
            ))),
        }
    }
}
