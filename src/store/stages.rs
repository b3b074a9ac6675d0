//! Editing a pipeline's stages from Settings: rename, change the default probability, reorder.

use super::deals::update_stage_row;
use super::{Error, Result, Store};
use crate::domain::*;

/// Which way a stage moves on the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    Earlier,
    Later,
}

impl Store {
    /// Swaps a stage with its neighbour among the stages of the same kind (open stages among open
    /// stages, so won and lost stay at the end), as one change that one Undo takes back.
    pub fn move_stage(&mut self, id: StageId, shift: Shift) -> Result<()> {
        let pipeline = self
            .pipelines()?
            .into_iter()
            .find(|p| p.stages.iter().any(|s| s.id == id))
            .ok_or_else(|| Error::not_found(Entity::Stage, id.0))?;
        let Some(stage) = pipeline.stage(id).cloned() else {
            return Err(Error::not_found(Entity::Stage, id.0));
        };
        let kind: Vec<&Stage> = pipeline
            .stages
            .iter()
            .filter(|s| s.fields.outcome == stage.fields.outcome)
            .collect();
        let Some(at) = kind.iter().position(|s| s.id == id) else {
            return Ok(());
        };
        let other = match shift {
            Shift::Earlier => at.checked_sub(1).and_then(|i| kind.get(i)),
            Shift::Later => kind.get(at + 1),
        };
        let Some(other) = other.map(|s| (*s).clone()) else {
            return Ok(());
        };
        let mut moved = stage.fields.clone();
        let mut swapped = other.fields.clone();
        std::mem::swap(&mut moved.position, &mut swapped.position);
        let label = format!("Reorder stage {}", stage.fields.name);
        self.write(label, |w| {
            update_stage_row(&w.tx, stage.id, &moved)?;
            w.record_diff(Entity::Stage, stage.id.0, Some(&stage.fields), Some(&moved))?;
            update_stage_row(&w.tx, other.id, &swapped)?;
            w.record_diff(
                Entity::Stage,
                other.id.0,
                Some(&other.fields),
                Some(&swapped),
            )
        })
    }
}

impl Store {
    /// Renames a pipeline (one undoable change).
    pub fn rename_pipeline(&mut self, id: PipelineId, name: &str) -> Result<()> {
        let name = name.trim();
        let mut c = Checker::new();
        c.non_empty("name", name);
        c.max_len("name", name, 200);
        c.finish()?;
        let old = self
            .pipelines()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::not_found(Entity::Pipeline, id.0))?;
        if old.name == name {
            return Ok(());
        }
        self.write(format!("Rename pipeline {} to {name}", old.name), |w| {
            rename_pipeline_row(&w.tx, id, name)?;
            let mut fields = serde_json::Map::new();
            fields.insert("name".into(), serde_json::json!([old.name, name]));
            w.record(Entity::Pipeline, id.0, ChangeOp::Update, fields)
        })
    }
}

/// Shared by renames and their undo.
pub(super) fn rename_pipeline_row(
    tx: &rusqlite::Transaction<'_>,
    id: PipelineId,
    name: &str,
) -> Result<()> {
    tx.execute(
        "UPDATE pipelines SET name = ?1 WHERE id = ?2",
        rusqlite::params![name, id.0],
    )?;
    Ok(())
}
