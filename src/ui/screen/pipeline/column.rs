//! One column of the board: a stage, its totals, and the cards read so far as it scrolls.

use crate::domain::{DealId, Stage};
use crate::store::{DealCard, StageTotal};
use crate::ui::widget::paged::Paged;

pub(super) struct BoardColumn {
    pub(super) stage: Stage,
    pub(super) totals: Vec<StageTotal>,
    pub(super) cards: Paged<DealCard>,
}

impl BoardColumn {
    /// Where `deal`'s card is among the cards read so far.
    pub(super) fn position_of(&self, deal: DealId) -> Option<u64> {
        (0..self.cards.total()).find(|&i| self.cards.row(i).is_some_and(|c| c.id == deal))
    }

    pub(super) fn cards_find(&self, deal: DealId) -> Option<&DealCard> {
        let range = self.cards.visible_range();
        range
            .filter_map(|i| self.cards.row(i))
            .find(|c| c.id == deal)
            .or_else(|| self.cards.selected_row().filter(|c| c.id == deal))
    }
}
