//! The pipeline: a Kanban board of open deals by stage (drag a card or press Shift+←/→ to move it),
//! won and lost deals in a closed list, and a sortable, filterable list of every deal. Column totals
//! come from SQL over all of a stage's deals; each column shows only the cards in view.

mod board;
mod column;
mod deal_form;
mod entry;
mod keys;
mod list;
mod lost;
mod writes;

use iced::widget::scrollable;
use iced::{Element, Task};

use super::{Action, Destination, Section, export};
use crate::domain::{
    Currency, DealId, Money, Period, Pipeline as PipelineDef, PipelineId, StageId,
};
use crate::store::{self, DealCard, Page, Shared};
use crate::ui::widget::contact_picker;
use crate::ui::widget::paged::{self, Fetch, Paged};
use crate::ui::workspace::Workspace;
use column::BoardColumn;
pub use deal_form::{CONTACT_ID, OWNER_PICK_ID};
use deal_form::{DealForm, StageChoice};
use list::DealList;
use lost::LostPrompt;
pub use lost::REASONS_ID;

/// Cards read per column when the board opens; more are read as a column scrolls.
const FIRST_CARDS: u32 = 40;
/// A card's slot on the board: five lines of text (14, 12, 14, 12 and 12 pt, about 83 px), their
/// spacing and padding need 107 px; at 104 the owner and days-in-stage line was cut off.
pub const CARD_HEIGHT: f32 = 116.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Board,
    List,
    Closed,
}

/// Where a dragged card can be dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Stage(StageId),
    Won,
    Lost,
}

pub struct Pipeline {
    mode: Mode,
    pipeline: Option<PipelineDef>,
    pipelines: Vec<PipelineDef>,
    columns: Vec<BoardColumn>,
    loaded: bool,
    /// The column with the keyboard selection.
    column: usize,
    dragging: Option<Drag>,
    lost: Option<LostPrompt>,
    form: Option<DealForm>,
    forecast: Option<Forecast>,
    list: DealList,
    error: Option<String>,
    /// "New deal" in an empty workspace first creates the pipeline; the form opens once it is read.
    form_pending: bool,
    /// A deal to open in the form once the board is read (asked for from a company's page).
    edit_pending: Option<DealId>,
    /// Where the form opened for another page goes when it is saved or cancelled.
    edit_back: Option<Destination>,
    /// A deal just moved: when the board is read again, the selection goes to its card, so the
    /// next Shift+→ (or Next stage) moves it on.
    follow: Option<DealId>,
}

#[derive(Debug, Clone, Copy)]
struct Drag {
    deal: DealId,
    over: Option<Target>,
}

/// Weighted revenue expected from open deals, per currency.
#[derive(Debug, Clone, Default)]
pub struct Forecast {
    month: Vec<Money>,
    quarter: Vec<Money>,
    /// The currency most deals are in, which a new deal starts in (every new deal had started
    /// in euros, to be changed each time by a business that sells in kronor).
    usual_currency: Option<Currency>,
    /// The team and the deals' owners, which the deal form offers.
    owners: Vec<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    BoardLoaded(Shared<Option<(store::Board, Forecast)>>),
    ModePicked(Mode),
    PipelinePicked(PipelineChoice),
    ColumnScrolled(usize, scrollable::Viewport),
    CardsLoaded(usize, Fetch, Shared<Page<DealCard>>),
    CardPressed(usize, u64, DealId),
    DragOver(Target),
    Dropped(Target),
    DragEnded,
    MoveSelected(Target),
    /// The selected deal deleted (Undo brings it back).
    DeleteSelected,
    Deleted(Shared<()>),
    LostReasonPicked(&'static str),
    /// A reason chosen with the arrows: the keyboard stays on the reasons.
    LostReasonStepped(&'static str),
    LostDetailChanged(String),
    LostConfirmed,
    LostCancelled,
    NewDeal,
    /// Edit the selected deal: read it (and its company's name), then open the form on it.
    EditDeal,
    EditLoaded(Shared<Box<deal_form::Edited>>),
    Export,
    FormChanged(deal_form::Field, String),
    FormStagePicked(StageChoice),
    FormContact(contact_picker::Message),
    FormSaved,
    FormCancelled,
    OpenContact(crate::domain::ContactId),
    List(list::Message),
    /// The form's deal was saved; or, with names, not saved because its company matched none
    /// but resembled these.
    Created(Shared<Option<Vec<String>>>),
    Saved(Shared<()>),
}

/// A pipeline as the picker shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineChoice(pub PipelineId, pub String);

impl std::fmt::Display for PipelineChoice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.1)
    }
}

impl Pipeline {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let mut screen = Pipeline {
            mode: Mode::Board,
            pipeline: None,
            pipelines: Vec::new(),
            columns: Vec::new(),
            loaded: false,
            column: 0,
            dragging: None,
            lost: None,
            form: None,
            forecast: None,
            list: DealList::default(),
            error: None,
            form_pending: false,
            edit_pending: None,
            edit_back: None,
            follow: None,
        };
        let task = screen.refresh(workspace);
        (screen, task)
    }

    /// Whether the deal form holds typing not yet saved: leaving the screen asks first.
    pub fn is_dirty(&self) -> bool {
        self.form.as_ref().is_some_and(DealForm::is_dirty)
    }

    /// Refuses to replace a form holding unsaved typing with another (Ctrl+N, Edit… on a card).
    fn keep_unsaved_form(&self) -> Option<Action<Message>> {
        self.is_dirty().then(|| Action::Notify {
            text: "Save or cancel the deal you are editing first.".into(),
            then: None,
        })
    }

    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let board = self.load_board(workspace);
        match self.mode {
            Mode::Board => board,
            Mode::List | Mode::Closed => Task::batch([
                board,
                self.list
                    .refresh(workspace, self.pipeline_id())
                    .map(Message::List),
            ]),
        }
    }

    fn pipeline_id(&self) -> Option<PipelineId> {
        self.pipeline.as_ref().map(|p| p.id)
    }

    fn load_board(&self, workspace: &Workspace) -> Task<Message> {
        let pipeline = self.pipeline_id();
        let today = chrono::Local::now().date_naive();
        workspace.run(
            move |s| {
                let Some(board) = s.board(pipeline, FIRST_CARDS)? else {
                    return Ok(None);
                };
                let forecast = Forecast {
                    month: s.forecast(board.pipeline.id, Period::month_of(today))?,
                    quarter: s.forecast(board.pipeline.id, Period::quarter_of(today))?,
                    usual_currency: Some(s.deal_currency()?),
                    owners: s.deal_owners()?,
                };
                Ok(Some((board, forecast)))
            },
            Message::BoardLoaded,
        )
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::BoardLoaded(Ok(loaded)) => {
                let shown = self.show_board(loaded);
                let edit = self
                    .edit_pending
                    .take()
                    .map_or_else(Task::none, |id| self.read_for_edit(workspace, id));
                Action::Run(Task::batch([shown, edit]))
            }
            Message::BoardLoaded(Err(e)) => {
                self.error = Some(format!("The pipeline could not be read: {e}"));
                Action::None
            }
            Message::ModePicked(mode) => {
                self.mode = mode;
                self.list.set_closed(mode == Mode::Closed);
                match mode {
                    Mode::Board => Action::None,
                    Mode::List | Mode::Closed => Action::Run(
                        self.list
                            .refresh(workspace, self.pipeline_id())
                            .map(Message::List),
                    ),
                }
            }
            Message::PipelinePicked(PipelineChoice(id, _)) => {
                self.pipeline = self.pipelines.iter().find(|p| p.id == id).cloned();
                self.columns.clear();
                self.column = 0;
                Action::Run(self.refresh(workspace))
            }
            Message::ColumnScrolled(i, viewport) => {
                let Some(column) = self.columns.get_mut(i) else {
                    return Action::None;
                };
                let fetch = column.cards.scrolled_to(viewport);
                let stage = column.stage.id;
                fetch.map_or(Action::None, |f| {
                    Action::Run(read_cards(workspace, i, stage, f))
                })
            }
            Message::CardsLoaded(i, fetch, page) => {
                let arrived = match self.columns.get_mut(i) {
                    Some(column) => column.cards.arrived(fetch, page),
                    None => page.map(drop),
                };
                match arrived {
                    Ok(()) => Action::None,
                    Err(e) => Action::Failed(format!("Deals could not be read: {e}")),
                }
            }
            Message::CardPressed(column, index, deal) => {
                self.select(column, index);
                self.dragging = Some(Drag { deal, over: None });
                Action::None
            }
            Message::DragOver(target) => {
                if let Some(drag) = &mut self.dragging {
                    drag.over = Some(target);
                }
                Action::None
            }
            Message::Dropped(target) => match self.dragging.take() {
                // A click is a press and a release on the card's own column: nothing moves, and
                // the card stays selected (the write and re-read had lost it past the first 40).
                Some(drag) if self.is_in(drag.deal, target) => Action::None,
                Some(drag) => self.move_deal(workspace, drag.deal, target),
                None => Action::None,
            },
            Message::DragEnded => {
                self.dragging = None;
                Action::None
            }
            Message::MoveSelected(target) => match self.selected_card().map(|c| c.id) {
                Some(deal) => self.move_deal(workspace, deal, target),
                None => Action::None,
            },
            Message::DeleteSelected => match self.selected_card().map(|c| c.id) {
                Some(deal) => Action::Run(workspace.run(move |s| s.delete(deal), Message::Deleted)),
                None => Action::None,
            },
            Message::Deleted(Ok(())) => Action::Changed { then: None },
            Message::Deleted(Err(e)) => Action::Failed(format!("Could not delete the deal: {e}")),
            Message::LostReasonPicked(reason) => {
                // The words field keeps the keyboard: after a click on a reason, what was typed
                // next had gone nowhere.
                let _ = self.edit_lost(|p| p.reason = Some(reason));
                Action::Run(iced::widget::operation::focus(lost::DETAIL_ID))
            }
            Message::LostReasonStepped(reason) => self.edit_lost(|p| p.reason = Some(reason)),
            Message::LostDetailChanged(detail) => self.edit_lost(|p| p.detail = detail),
            Message::LostConfirmed => {
                let Some(prompt) = &mut self.lost else {
                    return Action::None;
                };
                let Some(reason) = prompt.reason_text() else {
                    return Action::None;
                };
                let (deal, stage) = (prompt.deal, prompt.stage);
                self.lost = None;
                Action::Run(Task::batch([
                    workspace.run(
                        move |s| s.move_deal(deal, stage, Some(&reason)).map(drop),
                        Message::Saved,
                    ),
                    self.stay_in_view(),
                ]))
            }
            Message::LostCancelled => {
                self.lost = None;
                Action::Run(self.stay_in_view())
            }
            Message::Export => Action::Open(Destination::Export(export::Source::List {
                list: export::List::Deals,
                // The board shows open deals by column; its export is every deal.
                shown: match self.mode {
                    Mode::Board => None,
                    Mode::List | Mode::Closed => self.list.shown(self.pipelines.len() > 1),
                },
            })),
            Message::NewDeal => {
                if let Some(keep) = self.keep_unsaved_form() {
                    return keep;
                }
                if let Some(pipeline) = &self.pipeline {
                    self.form =
                        Some(self.offering_owners(DealForm::new(pipeline, self.usual_currency())));
                    return Action::Run(iced::widget::operation::focus("Deal title"));
                }
                // An empty workspace gets the standard sales pipeline first.
                self.form_pending = true;
                Action::Run(
                    workspace.run(|s| s.ensure_default_pipeline().map(drop), Message::Saved),
                )
            }
            Message::EditDeal if self.is_dirty() => {
                self.keep_unsaved_form().unwrap_or(Action::None)
            }
            Message::EditDeal => match self.selected_card().map(|c| c.id) {
                Some(id) => Action::Run(self.read_for_edit(workspace, id)),
                None => Action::None,
            },
            Message::EditLoaded(Ok(loaded)) => {
                let (deal, company, contact) = *loaded;
                let Some(pipeline) = &self.pipeline else {
                    return Action::None;
                };
                self.form =
                    Some(self.offering_owners(DealForm::edit(&deal, company, contact, pipeline)));
                Action::Run(Task::batch([
                    iced::widget::operation::focus("Deal title"),
                    self.stay_in_view(),
                ]))
            }
            Message::EditLoaded(Err(e)) => {
                Action::Failed(format!("The deal could not be read: {e}"))
            }
            Message::FormChanged(field, value) => {
                if let Some(form) = &mut self.form {
                    form.values.insert(field, value);
                }
                Action::None
            }
            Message::FormStagePicked(stage) => {
                if let Some(form) = &mut self.form {
                    form.stage = Some(stage);
                }
                Action::None
            }
            Message::FormContact(m) => match &mut self.form {
                Some(form) => form.contact_message(workspace, m).map(Message::FormContact),
                None => Action::None,
            },
            Message::FormSaved => self.create_deal(workspace),
            // With typing not yet saved, cancelling asks first, as leaving the screen does: the
            // window's question, whose "Discard" reopens the board.
            Message::FormCancelled if self.is_dirty() => {
                Action::Open(Destination::Section(Section::Pipeline))
            }
            Message::FormCancelled => {
                self.form = None;
                match self.edit_back.take() {
                    Some(back) => Action::Open(back),
                    None => Action::Run(self.stay_in_view()),
                }
            }
            Message::OpenContact(id) => Action::Open(Destination::Contact(id)),
            Message::List(m) => {
                let action = self.list.update(workspace, self.pipeline_id(), m);
                self.follow_list(workspace, action)
            }
            Message::Created(Ok(None)) => {
                self.form = None;
                Action::Changed {
                    then: self.edit_back.take(),
                }
            }
            Message::Created(Ok(Some(similar))) => {
                if let Some(form) = &mut self.form {
                    form.ask_about_company(&similar);
                }
                Action::None
            }
            Message::Created(Err(e)) => self.update(workspace, Message::Saved(Err(e))),
            Message::Saved(Ok(())) => Action::Changed { then: None },
            Message::Saved(Err(e)) => {
                if let (Some(form), store::Error::Invalid(invalid)) = (&mut self.form, &*e) {
                    form.saving = false;
                    form.show(invalid);
                    return Action::None;
                }
                Action::Failed(format!("Not saved: {}", e.in_words()))
            }
        }
    }

    /// Shows a board just read; the task scrolls a card moved with the keyboard into view in
    /// its new column.
    fn show_board(&mut self, loaded: Option<(store::Board, Forecast)>) -> Task<Message> {
        self.loaded = true;
        self.error = None;
        let Some((board, forecast)) = loaded else {
            self.pipeline = None;
            self.columns.clear();
            return Task::none();
        };
        // Where the selected card was: a card the change put elsewhere (a move, or an Undo of
        // one) is shown in its column, a refresh that leaves it be does not scroll.
        let was = self
            .columns
            .get(self.column)
            .and_then(|c| c.cards.selected())
            .map(|at| (self.column, at));
        let mut moved = self.follow.is_some();
        // The selected deal stays selected wherever a change put it (an Undo moves the card
        // back): the next Shift+→ must move the deal the user sees selected.
        let follow = self
            .follow
            .take()
            .or_else(|| self.selected_card().map(|c| c.id));
        // Keep each column's selection and scroll across a refresh when the stages are the same.
        let mut old: Vec<BoardColumn> = std::mem::take(&mut self.columns);
        self.columns = board
            .columns
            .into_iter()
            .map(|c| {
                let mut cards = match old.iter().position(|o| o.stage.id == c.stage.id) {
                    Some(i) => old.swap_remove(i).cards,
                    None => Paged::with_row_height(CARD_HEIGHT),
                };
                let fetch = cards.refresh();
                cards.loaded(fetch, c.cards);
                BoardColumn {
                    stage: c.stage,
                    totals: c.totals,
                    cards,
                }
            })
            .collect();
        self.column = self.column.min(self.columns.len().saturating_sub(1));
        let mut scroll = Task::none();
        if let Some(deal) = follow {
            let found = self
                .columns
                .iter()
                .enumerate()
                .find_map(|(i, c)| c.position_of(deal).map(|at| (i, at)));
            match found {
                Some((column, at)) => {
                    moved |= was != Some((column, at));
                    self.select(column, at);
                    // A card moved into a long column ranks among its cards, perhaps below the
                    // column's edge: "the selection goes with the card", out of sight.
                    if moved && let (Some(y), _) = self.columns[column].cards.move_selection(0) {
                        scroll = paged::scroll_to(board::column_id(column), y);
                    }
                    // In another column (an Undo took it back): the board shows that column.
                    if moved && was.is_some_and(|(from, _)| from != column) {
                        scroll = Task::batch([scroll, board::follow(column, self.columns.len())]);
                    }
                }
                // Won, lost or deleted: no other deal takes its place under the selection.
                None => self
                    .columns
                    .iter_mut()
                    .for_each(|c| c.cards.clear_selection()),
            }
        }
        self.forecast = Some(forecast);
        if std::mem::take(&mut self.form_pending) {
            self.form =
                Some(self.offering_owners(DealForm::new(&board.pipeline, self.usual_currency())));
            // As the form opened on a board already there is: typing went nowhere.
            scroll = Task::batch([scroll, iced::widget::operation::focus("Deal title")]);
        }
        self.pipeline = Some(board.pipeline);
        self.pipelines = board.pipelines;
        scroll
    }

    fn select(&mut self, column: usize, index: u64) {
        self.column = column;
        for (i, c) in self.columns.iter_mut().enumerate() {
            if i == column {
                c.cards.select(index);
            } else {
                c.cards.clear_selection();
            }
        }
    }

    /// Whether `deal` (the card just pressed) is already where `target` would put it.
    fn is_in(&self, deal: DealId, target: Target) -> bool {
        let Target::Stage(stage) = target else {
            return false;
        };
        self.columns
            .get(self.column)
            .is_some_and(|c| c.stage.id == stage && c.cards_find(deal).is_some())
    }

    fn selected_card(&self) -> Option<&DealCard> {
        self.columns.get(self.column)?.cards.selected_row()
    }

    fn edit_lost(&mut self, edit: impl FnOnce(&mut LostPrompt)) -> Action<Message> {
        if let Some(prompt) = &mut self.lost {
            edit(prompt);
            prompt.error = None;
        }
        Action::None
    }

    pub fn view(&self) -> Element<'_, Message> {
        board::view(self)
    }

    /// `form` with the owners known when the board was read to offer.
    fn offering_owners(&self, mut form: DealForm) -> DealForm {
        form.owners = self
            .forecast
            .as_ref()
            .map_or_else(Vec::new, |f| f.owners.clone());
        form
    }

    /// A new deal's currency: the one most deals are in (euros before there are any). The
    /// board's sums in several currencies name it first.
    pub(super) fn usual_currency(&self) -> Currency {
        self.forecast
            .as_ref()
            .and_then(|f| f.usual_currency)
            .unwrap_or(Currency::EUR)
    }

    /// Scrolls the board back to the selected card's column. A prompt or form opening above the
    /// board (or closing) builds the board afresh, and its sideways scroll went back to the first
    /// column: the card being marked lost was out of sight while its reason was picked.
    pub(super) fn stay_in_view(&self) -> Task<Message> {
        board::follow(self.column, self.columns.len())
    }
}

fn read_cards(workspace: &Workspace, column: usize, stage: StageId, fetch: Fetch) -> Task<Message> {
    workspace.run(
        move |s| s.deals_in_stage(stage, fetch.offset, fetch.limit),
        move |page| Message::CardsLoaded(column, fetch, page),
    )
}
