//! The analytics panel: pick an analysis, set its parameters, Run. The work runs on the analytics
//! worker (its own thread and its own connection to the file), so the window keeps answering; a
//! progress bar and Cancel show while it runs, and a newer Run supersedes an older one — results of
//! a run that is no longer the latest are dropped. The panel lives as long as the workspace is
//! open, so a run goes on, and results stay, while the user works on other screens.

mod export;
mod form;
mod kind;
mod results;
mod running;
mod segment;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use iced::widget::{Space, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

pub use export::FOLDER_ID as EXPORT_FOLDER_ID;
pub use form::Field;
pub use kind::Kind;
pub use results::{CHART_IDS, RuleView};
use running::Running;

use super::Action;
use crate::analytics::rfm;
use crate::analytics::worker::RunId;
use crate::analytics::workspace::Outcome;
use crate::charts::Palette;
use crate::store::{Shared, SortDir};
use crate::ui::theme;
use crate::ui::widget::chart::ChartCache;
use crate::ui::widget::title_bar;
use crate::ui::workspace::Workspace;

/// The widget id of the segment name input.
pub const SEGMENT_NAME_ID: &str = "segment-name";
/// The largest k the "Choose k" scan tries.
const CHOOSE_K_MAX: usize = 10;
/// The widget id of the scrollable page beside the list of analyses.
pub const PAGE_ID: &str = "analytics-page";

pub struct Analytics {
    kind: Kind,
    form: form::Form,
    running: Option<Running>,
    /// The latest result of each analysis, kept while the user looks at others.
    results: HashMap<Kind, Finished>,
    /// The latest scan for a parameter: k for the segments (elbow and silhouette), eps for the
    /// density clusters (k-distance curve).
    choices: HashMap<Kind, Finished>,
    /// Where each page was scrolled to: the pages share one scrollable, and a page opened again
    /// shows where the user left it rather than the last page's offset.
    scrolled: HashMap<Kind, f32>,
    failure: Option<(Kind, String)>,
    note: Option<String>,
    /// Whether the note says what a segment just saved did, and whether the refresh that save
    /// brings has come: the next change (an Undo of it, or anything else) takes the note away.
    saved_note: Option<Since>,
    /// An analysis whose run was stopped because another was started (one runs at a time), and
    /// which one: its page says so, instead of showing the older result as if it were the answer.
    stopped: Option<(Kind, Kind)>,
    rules: RuleView,
    naming: Option<Naming>,
    /// "Export…" in progress: the folder the files go to.
    export: Option<export::ExportBar>,
}

pub struct Finished {
    outcome: Arc<Outcome>,
    /// When it arrived: the newer of a page's scan and result shows first.
    arrived: Instant,
    seconds: f64,
    /// The features as axes and columns read them.
    labels: Vec<String>,
    /// The drawings of the result's two chart slots.
    charts: [ChartCache; 2],
    /// The order of a rule table, kept between frames.
    rule_order: results::RuleOrder,
}

impl Finished {
    fn new(outcome: Arc<Outcome>, seconds: f64) -> Finished {
        // Money with its currency: "Income (SEK)".
        let labels = match outcome.as_ref() {
            Outcome::Segments(s) => s.features.iter().map(|f| s.units.label(f)).collect(),
            Outcome::Density(d) => d.features.iter().map(|f| d.units.label(f)).collect(),
            Outcome::ChooseK { features, .. } | Outcome::SuggestedEps { features, .. } => features
                .iter()
                .map(|f| form::feature_label(f).to_string())
                .collect(),
            Outcome::Spending(s) => vec![s.units.label(&s.target)],
            _ => Vec::new(),
        };
        Finished {
            outcome,
            arrived: Instant::now(),
            seconds,
            labels,
            charts: Default::default(),
            rule_order: Default::default(),
        }
    }
}

/// "Save as segment" in progress: which customers, under what name.
struct Naming {
    source: SegmentSource,
    name: String,
    customers: usize,
    saving: bool,
    /// The tags in use and how many carry each (read as the bar opens): a name already in use
    /// adds the customers to that tag, and the bar says so.
    tags: Vec<(String, u64)>,
}

/// A group of customers a result can turn into a tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentSource {
    /// A K-means segment (0-based).
    Cluster(usize),
    /// A DBSCAN cluster (0-based) or, as -1, the outliers.
    Dense(i32),
    Loyalty(rfm::Segment),
    /// The customers a rule speaks to (index into the rules).
    Rule(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RuleColumn {
    Antecedent,
    Consequent,
    Support,
    Confidence,
    Lift,
}

#[derive(Debug, Clone)]
pub enum Message {
    Pick(Kind),
    Form(form::Message),
    Run,
    ChooseK,
    SuggestEps,
    Cancel,
    Progress(RunId, u64, u64),
    Finished(RunId, Result<Arc<Outcome>, String>, f64),
    SortRules(RuleColumn),
    SelectRule(usize),
    UseK(usize),
    UseEps(String),
    Scrolled(iced::widget::scrollable::Viewport),
    AskSegment(SegmentSource),
    SegmentName(String),
    SaveSegment,
    KeepSegmentUnsaved,
    TagSizes(Shared<Vec<(String, u64)>>),
    Saved(String, Shared<usize>),
    Export(export::Message),
}

/// How far a saved segment's note has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Since {
    /// The refresh its own change brings has not come yet.
    Saved,
    Refreshed,
}

impl Default for Analytics {
    fn default() -> Self {
        Analytics {
            kind: Kind::Segments,
            form: form::Form::default(),
            running: None,
            results: HashMap::new(),
            choices: HashMap::new(),
            scrolled: HashMap::new(),
            failure: None,
            note: None,
            saved_note: None,
            stopped: None,
            rules: RuleView {
                sort: RuleColumn::Lift,
                dir: SortDir::Desc,
                selected: None,
            },
            naming: None,
            export: None,
        }
    }
}

impl Analytics {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// What a key does on the panel when no field has the keyboard: ← → pick the analysis
    /// before or after this one, Enter runs it (the arrow and page keys scroll the page).
    pub fn key_message(&self, intent: crate::ui::shortcuts::Intent) -> Option<Message> {
        use crate::ui::shortcuts::Intent;
        let at = Kind::ALL.iter().position(|k| *k == self.kind).unwrap_or(0);
        let n = Kind::ALL.len();
        match intent {
            Intent::Left => Some(Message::Pick(Kind::ALL[(at + n - 1) % n])),
            Intent::Right => Some(Message::Pick(Kind::ALL[(at + 1) % n])),
            Intent::Open => Some(Message::Run),
            _ => None,
        }
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::Pick(kind) => {
                self.kind = kind;
                self.naming = None;
                self.export = None;
                self.note = None;
                let y = self.scrolled.get(&kind).copied().unwrap_or(0.0);
                Action::Run(iced::widget::operation::scroll_to(
                    PAGE_ID,
                    iced::widget::scrollable::AbsoluteOffset { x: 0.0, y },
                ))
            }
            Message::Scrolled(viewport) => {
                self.scrolled
                    .insert(self.kind, viewport.absolute_offset().y);
                Action::None
            }
            Message::Form(form::Message::Submitted) => self.update(workspace, Message::Run),
            Message::Form(m) => {
                self.form.update(m);
                Action::None
            }
            Message::Run => match self.form.request(self.kind) {
                Ok(request) => self.start(workspace, self.kind, request, false),
                Err(_) => Action::None,
            },
            Message::ChooseK | Message::SuggestEps => {
                let kind = if matches!(message, Message::ChooseK) {
                    Kind::Segments
                } else {
                    Kind::Density
                };
                match self.form.scan_request(kind, CHOOSE_K_MAX) {
                    Some(request) => self.start(workspace, kind, request, true),
                    None => Action::None,
                }
            }
            Message::Cancel => {
                if let Some(run) = self.running.take() {
                    run.control.cancel();
                    self.note = Some(format!("{} was cancelled.", run.kind.label()));
                }
                Action::None
            }
            Message::Progress(id, done, total) => {
                if let Some(run) = self.running.as_mut().filter(|r| r.id == id) {
                    run.done = done;
                    run.total = total;
                }
                Action::None
            }
            Message::Finished(id, result, seconds) => {
                // A cancelled or superseded run's answer is stale: newer work, or none, stands.
                let Some(run) = self.running.take_if(|r| r.id == id) else {
                    return Action::None;
                };
                // "X was stopped to run this" is about the run now over: its result says the rest.
                if let Some((stopped, _)) = self.stopped
                    && self.note.as_deref() == Some(running::stopped_note(stopped).as_str())
                {
                    self.note = None;
                }
                match result {
                    Ok(outcome) => {
                        self.failure = None;
                        let finished = Finished::new(outcome, seconds);
                        if run.scan {
                            self.choices.insert(run.kind, finished);
                        } else {
                            if run.kind == Kind::Bundles {
                                self.rules.selected = None;
                            }
                            self.results.insert(run.kind, finished);
                        }
                    }
                    Err(reason) => self.failure = Some((run.kind, reason)),
                }
                Action::None
            }
            Message::SortRules(column) => {
                self.rules.dir = if self.rules.sort == column {
                    self.rules.dir.flipped()
                } else if matches!(column, RuleColumn::Antecedent | RuleColumn::Consequent) {
                    SortDir::Asc
                } else {
                    SortDir::Desc
                };
                self.rules.sort = column;
                Action::None
            }
            Message::SelectRule(i) => {
                self.rules.selected = Some(i);
                Action::None
            }
            Message::UseK(k) => {
                self.form.set(Field::K, k.to_string());
                self.update(workspace, Message::Run)
            }
            Message::UseEps(eps) => {
                self.form.set(Field::Eps, eps);
                self.update(workspace, Message::Run)
            }
            Message::AskSegment(source) => {
                let customers = self.segment_members(source).len();
                self.naming = Some(Naming {
                    source,
                    name: self.segment_name(source),
                    customers,
                    saving: false,
                    tags: Vec::new(),
                });
                self.note = None;
                Action::Run(Task::batch([
                    iced::widget::operation::focus(SEGMENT_NAME_ID),
                    workspace.run(|s| s.tag_sizes(), Message::TagSizes),
                ]))
            }
            Message::TagSizes(sizes) => {
                if let (Some(naming), Ok(sizes)) = (&mut self.naming, sizes) {
                    naming.tags = sizes;
                }
                Action::None
            }
            Message::SegmentName(name) => {
                if let Some(naming) = &mut self.naming {
                    naming.name = name;
                }
                Action::None
            }
            Message::SaveSegment => self.save_segment(workspace),
            Message::KeepSegmentUnsaved => {
                self.naming = None;
                Action::None
            }
            Message::Saved(name, Ok(tagged)) => {
                let naming = self.naming.take();
                // Named as the workspace spells the tag it joined ("vip" for "VIP").
                let name = naming
                    .as_ref()
                    .and_then(|n| segment::tag_in_use(&n.tags, &name))
                    .map_or(name, |(spelt, _)| spelt.to_string());
                let already = match naming.map_or(0, |n| n.customers.saturating_sub(tagged)) {
                    0 => String::new(),
                    n => format!(" ({n} had it already)"),
                };
                self.note = Some(format!(
                    "{} tagged “{name}”{already}. A campaign can now target this tag; Ctrl+Z \
                     takes it back.",
                    crate::words::count(tagged as u64, "customer"),
                ));
                self.saved_note = Some(Since::Saved);
                Action::Changed { then: None }
            }
            Message::Export(m) => export::update(
                &mut self.export,
                self.results.get(&self.kind),
                self.choices.get(&self.kind),
                self.kind,
                m,
            ),
            Message::Saved(_, Err(e)) => {
                if let Some(naming) = &mut self.naming {
                    naming.saving = false;
                }
                Action::Failed(format!("The segment could not be saved: {e}"))
            }
        }
    }

    /// The workspace changed: a saved segment's note lasts until the change after its own (an
    /// Undo of it had left "23 customers tagged" standing).
    pub fn workspace_changed(&mut self) {
        self.saved_note = match self.saved_note {
            Some(Since::Saved) => Some(Since::Refreshed),
            Some(Since::Refreshed) => {
                self.note = None;
                None
            }
            None => None,
        };
    }

    pub fn view(&self, palette: Palette) -> Element<'_, Message> {
        let mut kinds = column![].spacing(4).width(Length::Fixed(190.0));
        for kind in Kind::ALL {
            let busy = self.running.as_ref().is_some_and(|r| r.kind == kind);
            // The running mark sits in its own slot at the end: appended to the label, it wrapped
            // "Customer segments" to two lines and moved every entry below while a run lasted.
            let line = row![
                text(kind.label())
                    .wrapping(text::Wrapping::None)
                    .width(Length::Fill),
                text(if busy { "…" } else { "" }),
            ];
            kinds = kinds.push(
                button(line)
                    .on_press(Message::Pick(kind))
                    .style(theme::nav(kind == self.kind))
                    .width(Length::Fill),
            );
        }
        let main = column![
            text(self.kind.question()).style(theme::muted_text),
            self.form.view(self.kind).map(Message::Form),
            self.controls(),
        ]
        .spacing(14);
        let mut main = main;
        if let Some(note) = &self.note {
            main = main.push(text(note.as_str()).style(theme::success_text));
        }
        if let Some((stopped, by)) = self.stopped
            && stopped == self.kind
        {
            main = main.push(
                text(format!(
                    "The last run here was stopped when {} started (one analysis runs at a \
                     time); what shows below is from the run before. Run it again for the \
                     settings above.",
                    by.label()
                ))
                .style(theme::error_text),
            );
        }
        if let Some((kind, reason)) = &self.failure
            && *kind == self.kind
        {
            main = main.push(
                text(format!("{} could not run: {reason}", kind.label())).style(theme::error_text),
            );
        }
        main = main.push(self.results_view(&palette));
        // Naming a segment and exporting a chart are asked below the page, not inside it: the
        // button may be far down a long result, and a bar pushed into the page would be out of
        // view and would reset the scroll of the lists after it. The page stays the column's
        // first child, so its own scroll position is kept too.
        let mut page = column![
            scrollable(main.padding(iced::Padding::ZERO.right(16)))
                .id(PAGE_ID)
                .on_scroll(Message::Scrolled)
                .height(Length::Fill)
        ]
        .spacing(12);
        if let Some(naming) = &self.naming {
            page = page.push(segment::naming_bar(naming));
        }
        if let Some(bar) = &self.export {
            page = page.push(export::view(bar).map(Message::Export));
        }
        column![title_bar("Analytics", []), row![kinds, page].spacing(20)]
            .spacing(16)
            .padding(20)
            .into()
    }

    fn results_view(&self, palette: &Palette) -> Element<'_, Message> {
        let choice = self.choices.get(&self.kind).map(|choice| {
            let title = self.kind.scan_label().unwrap_or("Choosing");
            let view = section(title, choice, self.rules, palette, export::Which::Choice);
            (choice.arrived, view)
        });
        let result = self.results.get(&self.kind).map(|finished| {
            let view = section(
                "Result",
                finished,
                self.rules,
                palette,
                export::Which::Result,
            );
            (finished.arrived, view)
        });
        match (choice, result) {
            // The newer first: after "Use k = 4" the clusters show at the top, not below two
            // charts of the scan that led to them.
            (Some((scanned, scan)), Some((ran, result))) => {
                let (first, second) = if ran >= scanned {
                    (result, scan)
                } else {
                    (scan, result)
                };
                column![first, second].spacing(16).into()
            }
            (Some((_, only)), None) | (None, Some((_, only))) => only,
            (None, None) => {
                let failed = self.failure.as_ref().is_some_and(|(k, _)| *k == self.kind);
                let hint = if self.running.as_ref().is_some_and(|r| r.kind == self.kind) {
                    "Working on it — you can go on elsewhere; the result waits here."
                } else if failed {
                    // Under the reason it could not run, not the first-visit invitation.
                    "Nothing to show until it can run."
                } else if self.kind == Kind::Loyalty {
                    // It has nothing to set.
                    "Press Run."
                } else {
                    "Set the parameters above and press Run."
                };
                container(text(hint).style(theme::muted_text))
                    .padding(24)
                    .center_x(Length::Fill)
                    .into()
            }
        }
    }
}

fn section<'a>(
    title: &'a str,
    finished: &'a Finished,
    rules: RuleView,
    palette: &Palette,
    which: export::Which,
) -> Element<'a, Message> {
    column![
        row![
            text(title).size(18),
            Space::new().width(Length::Fill),
            text(format!("computed in {:.2} s", finished.seconds))
                .size(12)
                .style(theme::muted_text),
            button(text("Export…"))
                .on_press(Message::Export(export::Message::Ask(which)))
                .style(button::secondary),
        ]
        .spacing(12)
        .align_y(Alignment::Center),
        results::charts(finished, palette),
        results::view(
            &finished.outcome,
            &finished.labels,
            rules,
            &finished.rule_order,
        ),
    ]
    .spacing(10)
    .into()
}
