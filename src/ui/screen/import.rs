//! The import wizard: choose a file (a path field, or the desktop's open dialog), and then for CSV
//! check how it is read (encoding, separator, first rows), adjust where each column goes (or load a
//! saved mapping), try a dry run, and import — with progress, Cancel, a summary naming every
//! rejected row, and one Undo for the lot. A vCard file goes straight to a summary and Import.

pub mod file;
mod holds;
pub mod mapping;
pub mod preview;
mod report;
pub mod run;

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{Space, button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, Section};
use crate::io::csv_import::{self, Options, Preview, Profile};
use crate::ui::dialog::{self, Picked};
use crate::ui::shortcuts::Intent;
use crate::ui::theme;
use crate::ui::widget::title_bar;
use crate::ui::workspace::Workspace;
use file::{Kind, Loaded};

/// The most room a run's outcome takes below the steps (it scrolls beyond).
const RESULT_HEIGHT: f32 = 340.0;

/// The widget id of the file path field.
pub const PATH_ID: &str = "import-path";
/// The currency of an order file without a currency column.
pub const ORDER_CURRENCY_ID: &str = "import-order-currency";

const FILE_FILTERS: &[dialog::Filter] = &[
    (
        "Contacts (CSV, vCard)",
        &["csv", "tsv", "txt", "vcf", "vcard"],
    ),
    ("All files", &["*"]),
];

#[derive(Default)]
pub struct Import {
    path: String,
    /// Why the file in the path field cannot be imported (or the dialog could not open).
    problem: Option<String>,
    loading: bool,
    file: Option<Arc<Loaded>>,
    csv: Option<Csv>,
    run: run::Run,
    /// Closed by its button (or Escape): the user is done with it, and it is not kept.
    dismissed: bool,
    /// The currency of an order file's prices, typed when the file has no column for it.
    order_currency: String,
}

/// A CSV file's wizard state: how it is read and where its columns go.
struct Csv {
    preview: Preview,
    options: Options,
    mapping: mapping::Editor,
    /// A profile loaded but not yet applied (it may change how the file is read first).
    pending: Option<Profile>,
}

#[derive(Debug, Clone)]
pub enum Message {
    PathChanged(String),
    OrderCurrency(String),
    Browse,
    Browsed(Picked),
    Open,
    Opened(Result<Arc<Loaded>, String>),
    Preview(preview::Message),
    Previewed(Result<Box<Preview>, String>),
    Mapping(mapping::Message),
    DryRun,
    Import,
    Run(run::Message),
    OtherFile,
    Close,
}

impl Import {
    pub fn new() -> (Import, Task<Message>) {
        (Import::default(), iced::widget::operation::focus(PATH_ID))
    }

    /// The wizard already reading `path`: `kith FILE.vcf`, or a vCard opened with Kith from the
    /// desktop. The user still sees the summary and presses Import; nothing is imported unasked.
    pub fn with_file(path: PathBuf) -> (Import, Task<Message>) {
        let screen = Import {
            path: path.display().to_string(),
            loading: true,
            ..Import::default()
        };
        (screen, Task::perform(file::load(path), Message::Opened))
    }

    /// What a message for this screen means once the user has left it: a finished import still
    /// changed the workspace, so the lists refresh and the undo notice shows.
    pub fn away(message: Message) -> Action<Message> {
        match message {
            Message::Run(run::Message::Finished(_, false, Ok(_))) => Action::Changed { then: None },
            Message::Run(run::Message::Finished(_, false, Err(e))) => {
                Action::Failed(format!("The import did not finish: {e}"))
            }
            _ => Action::None,
        }
    }

    /// Whether the wizard holds work the user would want back on returning: a file read and not
    /// yet imported, or an import still running. Not once closed.
    pub fn worth_keeping(&self) -> bool {
        !self.dismissed && (self.run.is_running() || (self.file.is_some() && !self.run.imported()))
    }

    /// Whether the wizard shows a finished import's result (which Ctrl+Z takes back).
    pub fn shows_result(&self) -> bool {
        self.run.imported()
    }

    /// Undo (`undone`) or Redo moved the step called `label`; the result of this import says
    /// so when it is this import's.
    pub fn history_moved(&mut self, undone: bool, label: &str) {
        self.run.history_moved(undone, label);
    }

    /// Escape: while an import runs, what its Cancel button does (the wizard stays to say what
    /// became of it); otherwise what the Close (or Done) button does. Leaving by Close or the
    /// sidebar lets a running import carry on and report when it ends.
    /// The keyboard: Ctrl+S imports (the wizard's buttons take no focus, so Tab cannot reach
    /// Import), Escape cancels a running import or closes.
    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match intent {
            Intent::Close => self.escape(workspace),
            Intent::Save if self.ready() => self.start(workspace, false),
            _ => Action::None,
        }
    }

    /// Whether Import can start: a file read, from the path shown, its mapping complete, and no
    /// import running or done.
    fn ready(&self) -> bool {
        self.file
            .as_ref()
            .is_some_and(|f| f.path == crate::io::typed_path(&self.path))
            && self
                .csv
                .as_ref()
                .is_none_or(|c| c.mapping.problem().is_none())
            && !self.run.is_running()
            && !self.run.imported()
    }

    /// Stops a running import, as its Cancel does (the window is closing); `true` if one was.
    pub fn cancel_running(&self) -> bool {
        self.run.cancel()
    }

    pub fn escape(&mut self, workspace: &Workspace) -> Action<Message> {
        if self.run.is_running() {
            return self.update(workspace, Message::Run(run::Message::Cancel));
        }
        self.update(workspace, Message::Close)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::PathChanged(path) => {
                self.path = path;
                self.problem = None;
                Action::None
            }
            Message::OrderCurrency(code) => {
                self.order_currency = code.trim().to_uppercase();
                Action::None
            }
            Message::Browse => {
                let start = self.file.as_ref().map(|f| f.path.clone());
                Action::Run(Task::perform(
                    dialog::open("Import contacts from", FILE_FILTERS, start),
                    Message::Browsed,
                ))
            }
            Message::Browsed(Picked::Path(path)) => {
                self.path = path.display().to_string();
                self.open()
            }
            Message::Browsed(Picked::Dismissed) => Action::None,
            Message::Browsed(Picked::Unavailable(why)) => {
                self.problem = Some(why);
                Action::None
            }
            Message::Open => self.open(),
            Message::Opened(result) => {
                self.loading = false;
                match result {
                    Ok(loaded) => self.loaded(loaded),
                    Err(problem) => self.problem = Some(problem),
                }
                Action::None
            }
            Message::Preview(m) => self.reread(m),
            Message::Previewed(result) => {
                self.previewed(result);
                Action::None
            }
            Message::Mapping(mapping::Message::ProfileLoaded(Ok(profile))) => {
                self.apply_profile(profile)
            }
            Message::Mapping(m) => match &mut self.csv {
                Some(csv) if !self.run.is_running() => {
                    if matches!(
                        m,
                        mapping::Message::TargetPicked(..) | mapping::Message::CustomNamed(..)
                    ) {
                        self.run.reset();
                    }
                    Action::Run(csv.mapping.update(m).map(Message::Mapping))
                }
                _ => Action::None,
            },
            Message::DryRun => self.start(workspace, true),
            Message::Import => self.start(workspace, false),
            Message::Run(m) => self.run.update(m).map(Message::Run),
            Message::OtherFile => {
                *self = Import::default();
                Action::Run(iced::widget::operation::focus(PATH_ID))
            }
            Message::Close => {
                self.dismissed = true;
                Action::Open(Destination::Section(Section::Contacts))
            }
        }
    }

    fn open(&mut self) -> Action<Message> {
        if self.run.is_running() {
            return Action::None;
        }
        let path = crate::io::typed_path(&self.path);
        self.loading = true;
        self.problem = None;
        Action::Run(Task::perform(file::load(path), Message::Opened))
    }

    /// Whether the path typed is not the file already open.
    fn is_new_path(&self) -> bool {
        self.file
            .as_ref()
            .is_none_or(|file| file.path != crate::io::typed_path(&self.path))
    }

    fn loaded(&mut self, loaded: Arc<Loaded>) {
        self.run = run::Run::default();
        self.csv = match &loaded.kind {
            Kind::Csv(preview) => Some(Csv {
                mapping: mapping::Editor::new(preview, None, profile_path(&loaded.path)),
                options: Options::default(),
                preview: preview.clone(),
                pending: None,
            }),
            Kind::Vcard { .. } | Kind::Workspace(_) | Kind::Orders(_) => None,
        };
        self.file = Some(loaded);
    }

    /// Reads the file again with another encoding or separator.
    fn reread(&mut self, message: preview::Message) -> Action<Message> {
        let Some(csv) = &mut self.csv else {
            return Action::None;
        };
        if self.run.is_running() {
            return Action::None;
        }
        match message {
            preview::Message::EncodingPicked(e) => csv.options.encoding = Some(e.0),
            preview::Message::DelimiterPicked(d) => csv.options.delimiter = Some(d.0),
        }
        self.run.reset();
        self.preview_again()
    }

    fn preview_again(&self) -> Action<Message> {
        let (Some(file), Some(csv)) = (&self.file, &self.csv) else {
            return Action::None;
        };
        let file = file.clone();
        let options = csv.options.clone();
        let work = crate::ui::timer::blocking(move || {
            csv_import::preview(&file.bytes, &options, file::PREVIEW_ROWS)
                .map(Box::new)
                .map_err(|e| format!("The file cannot be read this way: {e}"))
        });
        Action::Run(Task::perform(work, |r| {
            Message::Previewed(
                r.unwrap_or_else(|| Err("The file could not be read again: no thread".into())),
            )
        }))
    }

    fn previewed(&mut self, result: Result<Box<Preview>, String>) {
        let Some(csv) = &mut self.csv else { return };
        match result {
            Ok(preview) => {
                let pending = csv.pending.take();
                // The user's column choices stand while the columns are the same ones.
                if pending.is_some() || preview.headers != csv.preview.headers {
                    let path = csv.mapping.profile_path().to_string();
                    csv.mapping = mapping::Editor::new(&preview, pending.as_ref(), path.clone());
                    if let Some(profile) = &pending {
                        csv.mapping.note_loaded(Ok(loaded_note(
                            &path,
                            &profile.columns_not_in(&preview.headers),
                        )));
                    }
                }
                csv.preview = *preview;
                self.problem = None;
            }
            Err(problem) => self.problem = Some(problem),
        }
    }

    /// A loaded profile may say how to read the file: read it that way, then map by the profile.
    fn apply_profile(&mut self, profile: Profile) -> Action<Message> {
        let Some(csv) = &mut self.csv else {
            return Action::None;
        };
        match Options::from_profile(&profile) {
            Ok(options) => {
                csv.options.delimiter = options.delimiter.or(csv.options.delimiter);
                csv.options.encoding = options.encoding.or(csv.options.encoding);
                csv.pending = Some(profile);
                self.run.reset();
                self.preview_again()
            }
            Err(e) => {
                csv.mapping.note_loaded(Err(e.to_string()));
                Action::None
            }
        }
    }

    fn start(&mut self, workspace: &Workspace, dry_run: bool) -> Action<Message> {
        let Some(file) = self.file.clone() else {
            return Action::None;
        };
        if self.run.imported() {
            return Action::None;
        }
        let job = match &self.csv {
            Some(csv) => {
                if csv.mapping.problem().is_some() {
                    return Action::None;
                }
                run::Job::Csv {
                    file,
                    mapping: csv.mapping.mapping(),
                    // Exactly what the preview showed, detected or chosen.
                    options: Options {
                        delimiter: Some(csv.preview.delimiter),
                        encoding: Some(csv.preview.encoding),
                        ..csv.options.clone()
                    },
                }
            }
            None if matches!(file.kind, Kind::Workspace(_)) => run::Job::Workspace { file },
            None if matches!(file.kind, Kind::Orders(_)) => run::Job::Orders {
                file,
                currency: crate::domain::Currency::new(&self.order_currency).ok(),
            },
            None => run::Job::Vcard { file },
        };
        Action::Run(self.run.start(workspace, job, dry_run).map(Message::Run))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let done = self.run.imported();
        let close = button(text(if done { "Done" } else { "Close" }))
            .on_press(Message::Close)
            .style(if done {
                button::primary
            } else {
                button::secondary
            });
        let mut page = column![self.file_step()].spacing(16);
        // The actions and the run's outcome stay in view below the scrolling steps, so a result
        // is seen as soon as it arrives, however long the mapping.
        let mut footer = column![].spacing(10);
        match (&self.file, &self.csv) {
            (Some(_), Some(csv)) => {
                page = page
                    .push(step(
                        "How the file reads",
                        column![
                            preview::options(&csv.preview).map(Message::Preview),
                            preview::table(&csv.preview)
                        ]
                        .spacing(10),
                    ))
                    .push(step(
                        "Where each column goes",
                        csv.mapping.view().map(Message::Mapping),
                    ));
                footer = footer.push(self.actions(csv.mapping.problem()));
            }
            (Some(loaded), None) => match &loaded.kind {
                Kind::Vcard { cards, names } => {
                    page = page.push(step("Cards in the file", holds::vcard(*cards, names)));
                    footer = footer.push(self.actions(None));
                }
                Kind::Workspace(summary) => {
                    page = page.push(step("A whole workspace", holds::workspace(summary)));
                    footer = footer.push(self.actions(None));
                }
                Kind::Orders(orders) => {
                    page = page.push(step(
                        "Orders in the file",
                        holds::orders(orders, &self.order_currency),
                    ));
                    let unsaid = !orders.currency_column
                        && crate::domain::Currency::new(&self.order_currency).is_err();
                    footer = footer.push(self.actions(
                        unsaid.then(|| "Say the currency of the file's prices".to_string()),
                    ));
                }
                Kind::Csv(_) => {}
            },
            _ => {}
        }
        if let Some(result) = self.run.view() {
            footer = footer.push(
                container(scrollable(result.map(Message::Run)).width(Length::Fill))
                    .max_height(RESULT_HEIGHT),
            );
        }
        column![
            title_bar("Import contacts", [close.into()]),
            scrollable(page.padding(iced::Padding::ZERO.right(16))).height(Length::Fill),
            footer,
        ]
        .spacing(16)
        .padding(20)
        .into()
    }

    fn file_step(&self) -> Element<'_, Message> {
        let busy = self.loading || self.run.is_running();
        let input = crate::ui::widget::field::input(
            "/path/to/contacts.csv, .vcf or a workspace .json",
            &self.path,
        )
        .id(PATH_ID)
        .on_input(Message::PathChanged)
        // Enter reads a file not yet read: on the file already open (Tab went round to it after
        // an import) it read it again and the result, with its rejected rows, was gone. Open
        // reads it again on purpose.
        .on_submit_maybe(self.is_new_path().then_some(Message::Open))
        .padding(6);
        let mut body = column![
            row![
                input,
                button(text("Browse…"))
                    .on_press_maybe((!busy).then_some(Message::Browse))
                    .style(button::secondary),
                button(text(if self.loading { "Opening…" } else { "Open" }))
                    .on_press_maybe(
                        (!busy && !self.path.trim().is_empty()).then_some(Message::Open)
                    )
                    .style(button::primary),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(6);
        body = match (&self.problem, &self.file) {
            (Some(problem), _) => body.push(text(problem.as_str()).style(theme::error_text)),
            (None, Some(file)) => body.push(
                text(format!(
                    "{} — {}",
                    file.path.display(),
                    match file.kind {
                        Kind::Csv(_) => "CSV",
                        Kind::Vcard { .. } => "vCard",
                        Kind::Workspace(_) => "Kith workspace (JSON)",
                        Kind::Orders(_) => "order history (CSV)",
                    }
                ))
                .size(13)
                .style(theme::muted_text),
            ),
            (None, None) => body.push(
                text(
                    "A CSV file from a spreadsheet, Google Contacts, Outlook, HubSpot or \
                     Salesforce, a vCard (.vcf) file from a phone or address book, or a whole \
                     workspace exported by Kith (.json) to load into an empty workspace.",
                )
                .size(13)
                .style(theme::muted_text),
            ),
        };
        step("File", body)
    }

    fn actions(&self, problem: Option<String>) -> Element<'_, Message> {
        if self.run.imported() {
            return row![
                Space::new().width(Length::Fill),
                button(text("Import another file"))
                    .on_press(Message::OtherFile)
                    .style(button::secondary),
            ]
            .into();
        }
        // The path field edited since the file below was read: an import would read what is
        // shown, not what is typed, so the user opens the new path first.
        let elsewhere = self
            .file
            .as_ref()
            .is_some_and(|f| f.path != crate::io::typed_path(&self.path));
        let problem = if elsewhere && !self.run.is_running() {
            Some("The path above is not the file shown here: press Open to read it".to_string())
        } else {
            problem
        };
        let ready = problem.is_none() && !self.run.is_running();
        let mut bar = row![].spacing(10).align_y(Alignment::Center);
        // The problem takes the room the buttons leave and wraps in it: a long one had pushed
        // Import out of the window and squeezed "Dry run" onto two lines.
        bar = match problem {
            Some(problem) => bar.push(text(problem).style(theme::error_text).width(Length::Fill)),
            None => bar.push(Space::new().width(Length::Fill)),
        };
        let orders = self
            .file
            .as_ref()
            .is_some_and(|f| matches!(f.kind, Kind::Orders(_)));
        if self.csv.is_some() || orders {
            bar = bar.push(
                button(text("Dry run"))
                    .on_press_maybe(ready.then_some(Message::DryRun))
                    .style(button::secondary),
            );
        }
        bar.push(
            button(text("Import"))
                .on_press_maybe(ready.then_some(Message::Import))
                .style(button::primary),
        )
        .push(text("Ctrl+S").size(12).style(theme::muted_text))
        .into()
    }
}

/// One titled step of the wizard.
fn step<'a>(title: &'a str, body: impl Into<Element<'a, Message>>) -> Element<'a, Message> {
    container(column![text(title).size(18), body.into()].spacing(10))
        .padding(14)
        .width(Length::Fill)
        .style(theme::card)
        .into()
}

/// "Mapping loaded from …", and which of its columns this file does not have.
fn loaded_note(path: &str, missing: &[&str]) -> String {
    if missing.is_empty() {
        return format!("Mapping loaded from {path}");
    }
    let names: Vec<String> = missing.iter().map(|c| format!("“{c}”")).collect();
    format!(
        "Mapping loaded from {path}; this file has no {} {}, so {} not applied",
        if missing.len() == 1 {
            "column"
        } else {
            "columns"
        },
        names.join(", "),
        if missing.len() == 1 {
            "that part was"
        } else {
            "those parts were"
        }
    )
}

/// `contacts.mapping.json` beside the imported file: where a profile is saved by default.
fn profile_path(imported: &std::path::Path) -> String {
    let stem = imported
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "import".into());
    imported
        .with_file_name(format!("{stem}.mapping.json"))
        .display()
        .to_string()
}
