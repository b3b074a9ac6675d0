//! Export from the window: any list as CSV — all of it, or just what its filter shows — contacts as
//! vCards, and tasks or deals' expected close dates as an iCalendar file, written where the user says
//! (a path field, or the desktop's save dialog). The file is written whole or not at all by `io`,
//! on the store thread, so a failed export never leaves half a file or replaces a good one.

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Section};
use crate::domain::ContactId;
use crate::io;
use crate::store::Store;
use crate::ui::dialog::{self, Picked};
use crate::ui::theme;
use crate::ui::widget::title_bar;
use crate::ui::workspace::Workspace;
use crate::words::count;

mod source;

pub use source::{List, Shown, Source};

/// The widget id of the path field.
pub const PATH_ID: &str = "export-path";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Vcard,
    /// iCalendar: tasks as to-dos, deals' expected close dates as all-day events.
    Calendar,
    /// Everything held about one person, as JSON.
    PersonalData,
    /// The whole workspace in Kith's documented JSON format.
    Workspace,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Vcard => "vcf",
            Format::Calendar => "ics",
            Format::PersonalData | Format::Workspace => "json",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Format::Csv => "CSV (spreadsheets)",
            Format::Vcard => "vCard (address books)",
            Format::Calendar => "iCalendar (calendar apps)",
            Format::PersonalData => "Everything held (JSON)",
            Format::Workspace => "Kith workspace (JSON)",
        }
    }
}

pub struct Export {
    source: Source,
    format: Format,
    /// With a filtered list: write every record rather than just those shown.
    everything: bool,
    path: String,
    writing: bool,
    problem: Option<String>,
    /// A file is already at the path: the user is asked before it is replaced.
    replace_asked: bool,
    /// The path the user agreed to replace (here, or in the save dialog, which asks itself).
    may_replace: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum Message {
    FormatPicked(Format),
    ScopePicked {
        everything: bool,
    },
    PathChanged(String),
    Browse,
    Browsed(Picked),
    Write,
    /// The answer to "a file is already there: replace it?".
    Replace(bool),
    Written(PathBuf, Result<u64, Arc<io::Error>>),
    Back,
}

impl Export {
    pub fn new(source: Source) -> Export {
        let format = source.formats()[0];
        let mut export = Export {
            source,
            format,
            everything: false,
            path: String::new(),
            writing: false,
            problem: None,
            replace_asked: false,
            may_replace: None,
        };
        export.path = export.suggested().display().to_string();
        export
    }

    /// The filter's view of a list, when that is what the export writes: not when the user asked
    /// for everything, and not for a calendar, which holds every task or deal's close date.
    fn narrowed(&self) -> Option<&Shown> {
        match (&self.source, self.format) {
            (_, Format::Calendar | Format::PersonalData | Format::Workspace) => None,
            (Source::List { shown, .. }, Format::Csv | Format::Vcard) if !self.everything => {
                shown.as_ref()
            }
            _ => None,
        }
    }

    /// `~/kith-contacts.csv` and the like; kept in step with the format while the user has not
    /// typed a path of their own.
    fn suggested(&self) -> PathBuf {
        dialog::home().join(format!(
            "{}.{}",
            self.source.file_stem(),
            self.format.extension()
        ))
    }

    /// The sidebar entry this export belongs to.
    pub fn section(&self) -> Section {
        self.source.section()
    }

    /// Escape: back to where the export started, as the Back button does.
    pub fn escape(&mut self, workspace: &Workspace) -> Action<Message> {
        self.update(workspace, Message::Back)
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::FormatPicked(format) => {
                let untouched = self.path == self.suggested().display().to_string();
                self.format = format;
                if untouched {
                    self.path = self.suggested().display().to_string();
                } else {
                    self.path = with_extension(&self.path, format.extension());
                }
                Action::None
            }
            Message::ScopePicked { everything } => {
                self.everything = everything;
                Action::None
            }
            Message::PathChanged(path) => {
                self.path = path;
                self.problem = None;
                self.replace_asked = false;
                Action::None
            }
            Message::Browse => {
                let suggested = crate::io::typed_path(&self.path);
                Action::Run(Task::perform(
                    dialog::save("Export to", suggested),
                    Message::Browsed,
                ))
            }
            Message::Browsed(Picked::Path(path)) => {
                self.path = path.display().to_string();
                self.problem = None;
                self.replace_asked = false;
                // The save dialog has asked about replacing a file already there.
                self.may_replace = Some(path);
                Action::None
            }
            Message::Browsed(Picked::Dismissed) => Action::None,
            Message::Browsed(Picked::Unavailable(why)) => {
                self.problem = Some(why);
                Action::None
            }
            Message::Write => self.write(workspace),
            Message::Replace(replace) => {
                self.replace_asked = false;
                if replace {
                    self.may_replace = Some(crate::io::typed_path(&self.path));
                    self.write(workspace)
                } else {
                    Action::None
                }
            }
            Message::Written(path, Ok(n)) => {
                self.writing = false;
                let what = match (&self.source, self.format, n) {
                    (Source::Person { name, .. }, Format::PersonalData, _) => {
                        format!("everything held about {name}")
                    }
                    (Source::Person { name, .. }, _, _) => format!("{name}'s card"),
                    (Source::Workspace, _, n) => {
                        format!("the whole workspace ({})", count(n, "row"))
                    }
                    (_, Format::Calendar, n) => count(n, "calendar item"),
                    (Source::List { list, .. }, _, n) => count(n, list.one()),
                    (Source::Members { name, .. }, _, n) => {
                        format!("{} of {name}", count(n, "member"))
                    }
                };
                Action::Notify {
                    text: format!("Exported {what} to {}", path.display()),
                    then: Some(self.source.origin()),
                }
            }
            Message::Written(_, Err(e)) => {
                self.writing = false;
                self.problem = Some(format!("Nothing was exported: {e}"));
                Action::None
            }
            Message::Back => Action::Open(self.source.origin()),
        }
    }

    fn write(&mut self, workspace: &Workspace) -> Action<Message> {
        let path = crate::io::typed_path(&self.path);
        if path.as_os_str().is_empty() {
            self.problem = Some("Enter where to save the file.".into());
            return Action::None;
        }
        if path.is_dir() {
            self.problem = Some(format!(
                "{} is a folder; add a file name such as {}",
                path.display(),
                self.suggested()
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default()
            ));
            return Action::None;
        }
        if path.exists() && self.may_replace.as_deref() != Some(path.as_path()) {
            self.replace_asked = true;
            return Action::None;
        }
        self.writing = true;
        self.problem = None;
        let job = Job {
            source: self.source.clone(),
            format: self.format,
            shown: self.narrowed().cloned(),
        };
        let target = path.clone();
        Action::Run(workspace.run(
            move |store| Ok(job.write(store, &target).map_err(Arc::new)),
            move |result| {
                let result = result
                    .map_err(|e| Arc::new(io::Error::Format(e.to_string())))
                    .and_then(|written| written);
                Message::Written(path, result)
            },
        ))
    }

    /// What the chosen format and scope will write, in a sentence.
    fn explain(&self) -> String {
        const CALENDARS: &str = "for calendar apps (Outlook, Google Calendar, Apple Calendar).";
        let list = match &self.source {
            Source::List { list, .. } => *list,
            Source::Workspace => {
                return "Every record, with the undo history and the change log, as one JSON file \
                        in Kith's documented workspace format: import it into an empty workspace \
                        on another machine (the welcome screen's Import, or kith import json), or \
                        read it with other tools."
                    .to_string();
            }
            Source::Members { name, .. } => {
                return format!(
                    "Every member of {name} — name, e-mail, phone, company, stage — with when \
                     each was sent, opened, responded and converted, and the revenue they brought, \
                     as one UTF-8 CSV file with a header row, for spreadsheets and mailing tools."
                );
            }
            Source::Person { name, .. } => {
                return match self.format {
                    Format::Vcard => format!("{name} as one vCard 3.0 card."),
                    _ => format!(
                        "Everything Kith holds about {name} — their details, company, activities, \
                         tasks, deals, tickets and messages, orders, campaign responses and the \
                         change history about them — as one JSON file: the answer to a \
                         data-protection access request."
                    ),
                };
            }
        };
        let which = match self.narrowed() {
            Some(_) => format!("The {} the filter shows, in its order,", list.noun()),
            None => format!("Every {} in the workspace", list.one()),
        };
        match self.format {
            Format::Vcard => format!(
                "{which} as vCard 3.0 cards, for phones, mail programs and other address books."
            ),
            Format::Calendar if list == List::Deals => {
                format!("Every open deal's expected close date as an all-day event, {CALENDARS}")
            }
            Format::Calendar => format!(
                "Every task as a to-do with its due date and whether it is done, {CALENDARS}"
            ),
            // CSV, the one format every list offers; only contacts come back through the import.
            _ if list == List::Contacts => format!(
                "{which} as one UTF-8 CSV file with a header row, for spreadsheets; Kith's import \
                 reads it back (with spaces at either end of a cell trimmed, as in any CSV it \
                 reads). For an exact copy, export the whole workspace from Settings."
            ),
            _ => format!(
                "{which} as one UTF-8 CSV file with a header row, for spreadsheets and other \
                 tools. To move the whole workspace to another Kith, export it from Settings."
            ),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = self.source.title();
        let mut formats = row![].spacing(8).align_y(Alignment::Center);
        for &format in self.source.formats() {
            formats = formats.push(
                button(text(format.label()))
                    .on_press(Message::FormatPicked(format))
                    .style(theme::toggle(self.format == format)),
            );
        }
        let mut form =
            column![text("Format").size(13).style(theme::muted_text), formats].spacing(8);
        if let (
            Source::List {
                list,
                shown: Some(shown),
            },
            Format::Csv | Format::Vcard,
        ) = (&self.source, self.format)
        {
            let list = *list;
            let scope = |label: String, everything: bool| {
                button(text(label))
                    .on_press(Message::ScopePicked { everything })
                    .style(theme::toggle(self.everything == everything))
            };
            let only = match shown.count() {
                1 => format!("The 1 {} the filter shows", list.one()),
                n => format!("The {n} {} the filter shows", list.noun()),
            };
            form = form
                .push(text("Which").size(13).style(theme::muted_text))
                .push(
                    row![
                        scope(only, false),
                        scope(format!("All {}", list.noun()), true)
                    ]
                    .spacing(8),
                );
        }
        form = form.push(text(self.explain()).style(theme::muted_text));
        let path = crate::ui::widget::field::input(
            "File to write, e.g. /home/me/contacts.csv",
            &self.path,
        )
        .id(PATH_ID)
        .on_input(Message::PathChanged)
        .on_submit(Message::Write)
        .padding(6);
        form = form
            .push(text("Save to").size(13).style(theme::muted_text))
            .push(
                row![
                    path,
                    button(text("Browse…"))
                        .on_press(Message::Browse)
                        .style(button::secondary)
                ]
                .spacing(8)
                .align_y(Alignment::Center),
            );
        if let Some(problem) = &self.problem {
            form = form.push(text(problem.as_str()).style(theme::error_text));
        }
        if self.replace_asked {
            let name = crate::io::typed_path(&self.path)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            form = form.push(
                container(
                    row![
                        text(format!("{name} is already there. Replace it?")).width(Length::Fill),
                        button(text("Keep it"))
                            .on_press(Message::Replace(false))
                            .style(button::secondary),
                        button(text("Replace"))
                            .on_press(Message::Replace(true))
                            .style(button::danger),
                    ]
                    .spacing(8)
                    .align_y(Alignment::Center),
                )
                .padding(10)
                .style(theme::modal),
            );
        }
        form = form.push(
            row![
                Space::new().width(Length::Fill),
                button(text("Cancel"))
                    .on_press(Message::Back)
                    .style(button::text),
                button(text(if self.writing {
                    "Exporting…"
                } else {
                    "Export"
                }))
                .on_press_maybe((!self.writing).then_some(Message::Write))
                .style(button::primary),
            ]
            .spacing(8),
        );
        column![
            title_bar(title, []),
            container(form)
                .padding(16)
                .max_width(760)
                .style(theme::card),
        ]
        .spacing(16)
        .padding(20)
        .into()
    }
}

/// `path` with its extension replaced (or added), so switching format keeps the chosen folder.
fn with_extension(path: &str, extension: &str) -> String {
    let trimmed = path.trim();
    if trimmed.is_empty() {
        return String::new();
    }
    PathBuf::from(trimmed)
        .with_extension(extension)
        .display()
        .to_string()
}

/// One export, as the store thread runs it.
struct Job {
    source: Source,
    format: Format,
    /// The filter's view to write instead of the whole list.
    shown: Option<Shown>,
}

impl Job {
    /// Writes the export as the command line's `kith export` and `kith person export` do.
    fn write(&self, store: &Store, path: &std::path::Path) -> io::Result<u64> {
        let only = self
            .shown
            .as_ref()
            .map(|view| view.ids(store))
            .transpose()?;
        io::export_atomically(path, |w| match &self.source {
            Source::Person { id, .. } if self.format == Format::Vcard => {
                io::vcard::export(store, &[*id], io::vcard::Version::V3, w)
            }
            Source::Person { id, .. } => io::workspace::export_person(store, *id, w),
            Source::Workspace => io::workspace::export(store, w),
            Source::Members { campaign, .. } => io::csv_export::export_members(store, *campaign, w),
            Source::List { list, .. } => match self.format {
                Format::Vcard => {
                    let ids = match only {
                        Some(ids) => ids.into_iter().map(ContactId).collect(),
                        None => store.contact_ids()?,
                    };
                    io::vcard::export(store, &ids, io::vcard::Version::V3, w)
                }
                Format::Calendar if *list == List::Deals => {
                    io::ics::export(store, io::ics::Items::ExpectedCloses, w)
                }
                Format::Calendar => io::ics::export(store, io::ics::Items::Tasks, w),
                // CSV, the one format every list offers.
                _ => io::csv_export::export(store, list.kind(), only.as_deref(), w),
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn switching_format_changes_the_extension_and_keeps_the_folder() {
        assert_eq!(with_extension("/tmp/out.csv", "vcf"), "/tmp/out.vcf");
        assert_eq!(with_extension("/tmp/out", "csv"), "/tmp/out.csv");
        assert_eq!(with_extension("  ", "csv"), "");
    }
}
