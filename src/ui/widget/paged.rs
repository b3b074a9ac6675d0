//! A list of any length shown through a window of rows paged from the store. Only the rows in view
//! become widgets; the scrollable's height comes from the total count, so the scrollbar tells the
//! truth about a list of a million rows while each frame builds a few dozen.

use std::ops::Range;
use std::sync::Arc;

use iced::widget::{Space, column, responsive, scrollable};
use iced::{Element, Length};

use crate::store::{self, Page, Shared};
use crate::ui::shortcuts::Intent;

mod keyed;
pub use keyed::Keyed;

/// Scrolls the list `id` so that its top is `y` pixels down.
pub fn scroll_to<M: Send + 'static>(id: &'static str, y: f32) -> iced::Task<M> {
    iced::widget::operation::scroll_to(id, scrollable::AbsoluteOffset { x: 0.0, y })
}

pub const ROW_HEIGHT: f32 = 34.0;
/// Rows read beyond each edge of the view, so small scrolls are served from memory.
const MARGIN: u64 = 100;
/// Rows drawn past the last known bottom of the view (see `view`).
const SLACK: u64 = 30;
/// The height assumed before the list has been laid out and reported its real one.
const FIRST_VIEWPORT: f32 = 900.0;

/// What to read next: a window of rows for one generation of the query.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fetch {
    pub generation: u64,
    pub offset: u64,
    pub limit: u32,
}

#[derive(Debug, Clone)]
pub struct Paged<T> {
    rows: Vec<T>,
    offset: u64,
    total: u64,
    /// Bumped whenever the query changes; pages of older generations are dropped on arrival.
    generation: u64,
    loaded_once: bool,
    pending: Option<Fetch>,
    scroll_y: f32,
    viewport: f32,
    selected: Option<u64>,
    /// The record the selection is on, to keep it there when the rows are read again.
    selected_key: Option<i64>,
    /// The selection moved with its record on the last read, and may be out of view.
    selection_moved: bool,
    row_height: f32,
}

impl<T> Default for Paged<T> {
    fn default() -> Self {
        Paged {
            rows: Vec::new(),
            offset: 0,
            total: 0,
            generation: 0,
            loaded_once: false,
            pending: None,
            scroll_y: 0.0,
            viewport: FIRST_VIEWPORT,
            selected: None,
            selected_key: None,
            selection_moved: false,
            row_height: ROW_HEIGHT,
        }
    }
}

impl<T: Keyed> Paged<T> {
    /// A list whose rows are `height` pixels tall (cards rather than table rows).
    pub fn with_row_height(height: f32) -> Self {
        Paged {
            row_height: height,
            ..Paged::default()
        }
    }

    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn is_loaded(&self) -> bool {
        self.loaded_once
    }

    pub fn is_loading(&self) -> bool {
        self.pending.is_some()
    }

    /// The query changed: start over from the top. Rows already shown stay until the new page comes.
    pub fn restart(&mut self) -> Fetch {
        self.generation += 1;
        self.pending = None;
        self.scroll_y = 0.0;
        self.clear_selection();
        self.fetch_for(0)
    }

    /// The data changed under the same query (a save, a delete): read the rows in view again.
    pub fn refresh(&mut self) -> Fetch {
        self.generation += 1;
        self.pending = None;
        self.fetch_for(self.first_visible())
    }

    /// Scrolls the list `id` back to where it was left: a list shown again after another screen is
    /// laid out afresh at its top, while the rows and the selection kept here belong further down.
    pub fn scroll_back<M: Send + 'static>(&self, id: &'static str) -> iced::Task<M> {
        scroll_to(id, self.scroll_y)
    }

    /// The list's scrollable moved: the page to read, if the rows now in view are not in memory.
    pub fn scrolled_to(&mut self, viewport: scrollable::Viewport) -> Option<Fetch> {
        self.scrolled(viewport.absolute_offset().y, viewport.bounds().height)
    }

    /// The store answered the read for `fetch`: a page is taken (unless the query has changed
    /// since); a failure lets the page be asked for again and comes back for the screen to report.
    pub fn arrived(
        &mut self,
        fetch: Fetch,
        page: Shared<Page<T>>,
    ) -> Result<(), Arc<store::Error>> {
        match page {
            Ok(page) => {
                self.loaded(fetch, page);
                Ok(())
            }
            Err(e) => {
                self.failed(fetch);
                Err(e)
            }
        }
    }

    /// Records a scroll; returns the page to read if the rows now in view are not in memory.
    fn scrolled(&mut self, y: f32, height: f32) -> Option<Fetch> {
        self.scroll_y = y.max(0.0);
        if height > 0.0 {
            self.viewport = height;
        }
        self.next_fetch()
    }

    fn next_fetch(&mut self) -> Option<Fetch> {
        let view = self.visible_range();
        let have = self.offset..self.offset + self.rows.len() as u64;
        let covered = view.start >= have.start && view.end <= have.end.max(have.start);
        if covered && self.loaded_once {
            return None;
        }
        if let Some(p) = self.pending
            && view.start >= p.offset
            && view.end <= p.offset + u64::from(p.limit)
        {
            return None;
        }
        Some(self.fetch_for(view.start))
    }

    fn fetch_for(&mut self, first: u64) -> Fetch {
        let offset = first.saturating_sub(MARGIN);
        let fetch = Fetch {
            generation: self.generation,
            offset,
            limit: (self.visible_count() + 2 * MARGIN) as u32,
        };
        self.pending = Some(fetch);
        fetch
    }

    /// Takes a page read for `fetch`; a page for an older query is ignored. Returns whether it was used.
    pub fn loaded(&mut self, fetch: Fetch, page: Page<T>) -> bool {
        if fetch.generation != self.generation {
            return false;
        }
        if self.pending == Some(fetch) {
            self.pending = None;
        }
        let before = std::mem::replace(&mut self.total, page.total);
        self.rows = page.rows;
        self.offset = page.offset;
        self.loaded_once = true;
        self.follow_selection(before);
        if let Some(s) = self.selected
            && s >= self.total
        {
            self.selected = self.total.checked_sub(1);
        }
        true
    }

    /// After the rows were read again, the selection stays on the record it was on: rows added or
    /// taken away above it (an import elsewhere, a rename that sorts it elsewhere) had put another
    /// record in its place, and Enter opened that one. A record no longer among the rows read
    /// passes the selection to the one in its place only when the list got shorter (it was
    /// deleted: the next is selected, as after Delete in a file manager); otherwise it moved out
    /// of the rows read, and nothing is selected. `before` is the list's length before the read.
    fn follow_selection(&mut self, before: u64) {
        let Some(index) = self.selected else {
            return;
        };
        let Some(key) = self.selected_key else {
            // Selected before its row was read (End, into rows not read yet).
            self.selected_key = self.row(index).map(Keyed::key);
            return;
        };
        if self.row(index).is_some_and(|row| row.key() == key) {
            return;
        }
        if let Some(at) = self.rows.iter().position(|row| row.key() == key) {
            self.selected = Some(self.offset + at as u64);
            self.selection_moved = true;
        } else if let Some(in_its_place) = self.row(index).map(Keyed::key) {
            if self.total < before {
                self.selected_key = Some(in_its_place);
            } else {
                self.clear_selection();
            }
        }
    }

    /// A read failed: allow it to be asked for again.
    fn failed(&mut self, fetch: Fetch) {
        if self.pending == Some(fetch) {
            self.pending = None;
        }
    }

    fn visible_count(&self) -> u64 {
        (self.viewport / self.row_height).ceil() as u64 + 1
    }

    fn first_visible(&self) -> u64 {
        (self.scroll_y / self.row_height).floor() as u64
    }

    /// Indexes of the rows in view (clipped to the list once its length is known).
    pub fn visible_range(&self) -> Range<u64> {
        self.range_for(self.scroll_y, self.viewport)
    }

    /// Indexes of the rows in view at offset `scroll_y` of a view `viewport` pixels tall.
    fn range_for(&self, scroll_y: f32, viewport: f32) -> Range<u64> {
        let start = (scroll_y / self.row_height).floor() as u64;
        let end = start + (viewport / self.row_height).ceil() as u64 + 1;
        if self.loaded_once {
            start.min(self.total)..end.min(self.total)
        } else {
            start..end
        }
    }

    pub fn row(&self, index: u64) -> Option<&T> {
        index
            .checked_sub(self.offset)
            .and_then(|i| self.rows.get(i as usize))
    }

    pub fn selected(&self) -> Option<u64> {
        self.selected
    }

    pub fn selected_row(&self) -> Option<&T> {
        self.selected.and_then(|i| self.row(i))
    }

    pub fn clear_selection(&mut self) {
        self.selected = None;
        self.selected_key = None;
    }

    pub fn select(&mut self, index: u64) {
        if index < self.total {
            self.selected = Some(index);
            self.selected_key = self.row(index).map(Keyed::key);
        }
    }

    /// Moves the selection by `delta` rows (clamped); returns the new scroll offset if the selected
    /// row left the view, and any page that must be read to show it.
    pub fn move_selection(&mut self, delta: i64) -> (Option<f32>, Option<Fetch>) {
        if self.total == 0 {
            return (None, None);
        }
        let last = self.total - 1;
        // With nothing selected, an arrow selects the first row in view; a longer move (End, Page
        // Down) goes its length from there: End had selected the top row.
        let next = match self.selected {
            None if delta.abs() == 1 => self.first_visible().min(last),
            None => self.first_visible().saturating_add_signed(delta).min(last),
            Some(i) => i.saturating_add_signed(delta).min(last),
        };
        self.select(next);
        let scroll = self.scroll_to_show(next);
        (scroll, self.next_fetch())
    }

    /// Scrolls just enough to show row `index` whole; returns the new offset if it moved.
    fn scroll_to_show(&mut self, index: u64) -> Option<f32> {
        let top = index as f32 * self.row_height;
        let full_rows = ((self.viewport / self.row_height).floor() as u64).max(1);
        let scroll = if top < self.scroll_y {
            Some(top)
        } else if index >= self.first_visible() + full_rows {
            Some((index + 1 - full_rows) as f32 * self.row_height)
        } else {
            None
        };
        if let Some(y) = scroll {
            self.scroll_y = y;
        }
        scroll
    }

    /// After a read that moved the selection with its record (rows added above it elsewhere),
    /// scrolls the list `id` to show it: it had been left out of sight, forty rows down.
    pub fn reveal_moved_selection<M: Send + 'static>(
        &mut self,
        id: &'static str,
    ) -> Option<iced::Task<M>> {
        if !std::mem::take(&mut self.selection_moved) {
            return None;
        }
        let y = self.scroll_to_show(self.selected?)?;
        Some(scroll_to(id, y))
    }

    /// The tasks a navigation key needs (scroll the list `id`, read a page through `read`), or `None`
    /// when `intent` is not a navigation key.
    pub fn navigation_tasks<M: Send + 'static>(
        &mut self,
        intent: Intent,
        id: &'static str,
        read: impl Fn(Fetch) -> iced::Task<M>,
    ) -> Option<iced::Task<M>> {
        let (scroll, fetch) = self.navigate(intent)?;
        let scroll = scroll.map(|y| scroll_to(id, y));
        Some(iced::Task::batch(scroll.into_iter().chain(fetch.map(read))))
    }

    /// Rows in one page of the view, for Page Up / Page Down.
    fn page_rows(&self) -> i64 {
        ((self.viewport / self.row_height).floor() as i64 - 1).max(1)
    }

    /// Moves the selection for a navigation key (arrows, pages, Home, End). Returns `None` for any
    /// other intent, else the scroll and read the move needs.
    pub fn navigate(&mut self, intent: Intent) -> Option<(Option<f32>, Option<Fetch>)> {
        let step = match intent {
            Intent::Up => -1,
            Intent::Down => 1,
            Intent::PageUp => -self.page_rows(),
            Intent::PageDown => self.page_rows(),
            Intent::First => -(self.total as i64),
            Intent::Last => self.total as i64,
            _ => return None,
        };
        Some(self.move_selection(step))
    }

    /// The list as widgets: a spacer for the rows above the view, the visible rows, a spacer below.
    /// `row_view` gets the row's index, the row if it is in memory, and whether it is selected.
    pub fn view<'a, M: 'a>(
        &'a self,
        id: &'static str,
        on_scroll: impl Fn(scrollable::Viewport) -> M + 'a,
        row_view: impl Fn(u64, Option<&'a T>, bool) -> Element<'a, M> + 'a,
    ) -> Element<'a, M> {
        let on_scroll = std::rc::Rc::new(on_scroll);
        // Drawn for the height the list really has: a scrollable whose rows all fit reports no
        // viewport, so one made taller since its last report (a board column once the deal form
        // closed) kept the short height and an offset it could no longer scroll to, and drew its
        // first cards as empty space.
        responsive(move |size| {
            let (scroll_y, viewport) = self.fitted_view(size.height);
            let range = self.range_for(scroll_y, viewport);
            // The viewport's height is what the last scroll reported: a window made taller since
            // shows more rows than that, so rows past it are drawn too (from memory, when read).
            let end = range.end + SLACK;
            let range = range.start..if self.loaded_once {
                end.min(self.total)
            } else {
                end
            };
            let above = range.start as f32 * self.row_height;
            let below = self.total.saturating_sub(range.end) as f32 * self.row_height;
            let (first, count) = (range.start, range.end.saturating_sub(range.start) as usize);
            let mut rows = column![Space::new().height(above)];
            for index in range {
                rows = rows.push(row_view(
                    index,
                    self.row(index),
                    self.selected == Some(index),
                ));
            }
            rows = rows.push(Space::new().height(below));
            let rows = super::rows_by_key::kept_by_row(rows.width(Length::Fill), first, count);
            let on_scroll = on_scroll.clone();
            scrollable(rows)
                .id(id)
                .on_scroll(move |v| on_scroll(v))
                .height(Length::Fill)
                .into()
        })
        .into()
    }

    /// The offset and height to draw the list at when it is `height` pixels tall: the scrollable
    /// cannot be further down than its rows reach.
    fn fitted_view(&self, height: f32) -> (f32, f32) {
        if !self.loaded_once || !height.is_finite() || height <= 0.0 {
            return (self.scroll_y, self.viewport);
        }
        let content = self.total as f32 * self.row_height;
        let furthest = (content - height).max(0.0);
        (self.scroll_y.min(furthest), self.viewport.max(height))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A row that is its own record.
    impl Keyed for u64 {
        fn key(&self) -> i64 {
            *self as i64
        }
    }

    fn page(offset: u64, len: u64, total: u64) -> Page<u64> {
        Page {
            rows: (offset..(offset + len).min(total)).collect(),
            offset,
            total,
        }
    }

    fn loaded(total: u64) -> Paged<u64> {
        let mut list = Paged::default();
        let fetch = list.restart();
        assert!(list.loaded(fetch, page(fetch.offset, fetch.limit.into(), total)));
        list
    }

    #[test]
    fn only_the_rows_in_view_are_visible_however_long_the_list() {
        let list = loaded(1_000_000);
        let range = list.visible_range();
        assert_eq!(range.start, 0);
        assert!(range.end < 40, "{range:?}");
    }

    #[test]
    fn scrolling_far_asks_for_the_page_in_view_and_nearby_scrolling_does_not() {
        let mut list = loaded(1_000_000);
        assert_eq!(list.scrolled(5.0 * ROW_HEIGHT, 600.0), None);
        let fetch = list.scrolled(50_000.0 * ROW_HEIGHT, 600.0).unwrap();
        assert!(fetch.offset <= 50_000 && fetch.offset + u64::from(fetch.limit) > 50_020);
        // Asked again while the page is on its way: no second read.
        assert_eq!(list.scrolled(50_001.0 * ROW_HEIGHT, 600.0), None);
    }

    #[test]
    fn a_page_for_an_old_query_is_dropped() {
        let mut list = loaded(100);
        let old = list.refresh();
        let new = list.restart();
        assert!(!list.loaded(old, page(0, 10, 5)));
        assert!(list.loaded(new, page(0, 10, 7)));
        assert_eq!(list.total(), 7);
    }

    /// A column of three cards last heard of as one card tall (while a form took the room), then
    /// given back its height: a move there had scrolled it two cards down, which the scrollable
    /// cannot do, and its first two cards were drawn as empty space.
    #[test]
    fn a_list_taller_than_it_was_last_told_is_drawn_from_where_it_can_scroll_to() {
        let mut list = loaded(2);
        list.scrolled(0.0, ROW_HEIGHT);
        let fetch = list.refresh();
        list.loaded(fetch, page(0, 3, 3));
        list.select(2);
        let (scroll, _) = list.move_selection(0);
        assert_eq!(scroll, Some(2.0 * ROW_HEIGHT));
        assert_eq!(list.fitted_view(600.0), (0.0, 600.0));
        assert_eq!(list.range_for(0.0, 600.0).start, 0);
        // Where the rows do reach further, the offset stands.
        let mut long = loaded(1000);
        long.scrolled(50.0 * ROW_HEIGHT, 300.0);
        assert_eq!(long.fitted_view(600.0), (50.0 * ROW_HEIGHT, 600.0));
    }

    /// In a list nothing is selected in yet, End goes to the end and Page Down a page down;
    /// both had selected the top row.
    #[test]
    fn the_first_key_in_a_list_goes_as_far_as_it_says() {
        for (intent, expected) in [
            (Intent::Down, 0),
            (Intent::Up, 0),
            (Intent::Last, 999),
            (Intent::First, 0),
        ] {
            let mut list = loaded(1000);
            list.scrolled(0.0, 10.0 * ROW_HEIGHT);
            list.navigate(intent);
            assert_eq!(list.selected(), Some(expected), "{intent:?}");
        }
        let mut list = loaded(1000);
        list.scrolled(0.0, 10.0 * ROW_HEIGHT);
        list.navigate(Intent::PageDown);
        assert!(
            list.selected().is_some_and(|i| i >= 8),
            "{:?}",
            list.selected()
        );
    }

    #[test]
    fn moving_the_selection_scrolls_it_into_view_and_stops_at_the_ends() {
        let mut list = loaded(1000);
        list.scrolled(0.0, 10.0 * ROW_HEIGHT);
        list.move_selection(1);
        assert_eq!(list.selected(), Some(0));
        let (scroll, _) = list.move_selection(15);
        assert_eq!(list.selected(), Some(15));
        assert!(scroll.unwrap() > 0.0);
        list.move_selection(-100);
        assert_eq!(list.selected(), Some(0));
        list.move_selection(5000);
        assert_eq!(list.selected(), Some(999));
    }

    #[test]
    fn a_shorter_list_pulls_the_selection_back_inside_it() {
        let mut list = loaded(50);
        list.select(40);
        let fetch = list.refresh();
        list.loaded(fetch, page(0, 30, 30));
        assert_eq!(list.selected(), Some(29));
    }

    /// Two records added above the selected one (an import in another window): the selection
    /// moves down with it. Its record moved out of the rows read: nothing is selected.
    #[test]
    fn the_selection_stays_on_its_record_when_the_rows_are_read_again() {
        let mut list = loaded(1_000);
        list.select(40);
        let fetch = list.refresh();
        let shifted = Page {
            rows: (0..fetch.limit as u64)
                .map(|i| if i < 2 { 5_000 + i } else { i - 2 })
                .collect(),
            offset: fetch.offset,
            total: 1_002,
        };
        assert!(list.loaded(fetch, shifted));
        assert_eq!(list.selected(), Some(42));
        assert_eq!(list.selected_row(), Some(&40));
        // Shown: the list scrolls to it, once.
        assert!(list.reveal_moved_selection::<()>("list").is_some());
        assert!(list.visible_range().contains(&42));
        assert!(list.reveal_moved_selection::<()>("list").is_none());

        let fetch = list.refresh();
        let without = Page {
            rows: (0..fetch.limit as u64).map(|i| i + 10_000).collect(),
            offset: fetch.offset,
            total: 1_002,
        };
        assert!(list.loaded(fetch, without));
        assert_eq!(list.selected(), None);

        // Deleted: the list is shorter, and the record after it takes the selection.
        list.select(40);
        let fetch = list.refresh();
        let shorter = Page {
            rows: (0..fetch.limit as u64).map(|i| i + 20_000).collect(),
            offset: fetch.offset,
            total: 999,
        };
        assert!(list.loaded(fetch, shorter));
        assert_eq!(list.selected(), Some(40));
        assert_eq!(list.selected_row(), Some(&20_040));
    }
}
