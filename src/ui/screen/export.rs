//! Export from the window: a list as CSV, or every contact as vCards, written where the user says
//! (a path field, or the desktop's save dialog). The file is written whole or not at all by `io`,
//! on the store thread, so a failed export never leaves half a file or replaces a good one.

use std::path::PathBuf;
use std::sync::Arc;

use iced::widget::{Space, button, column, container, row, text, text_input};
use iced::{Alignment, Element, Length, Task};

use super::{Action, Destination, Section};
use crate::io;
use crate::store::{ListKind, Store};
use crate::ui::dialog::{self, Picked};
use crate::ui::theme;
use crate::ui::widget::title_bar;
use crate::ui::workspace::Workspace;

/// The widget id of the path field.
pub const PATH_ID: &str = "export-path";

/// The list the export started from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Contacts,
    Companies,
}

impl List {
    fn noun(self) -> &'static str {
        match self {
            List::Contacts => "contacts",
            List::Companies => "companies",
        }
    }

    fn section(self) -> Section {
        match self {
            List::Contacts => Section::Contacts,
            List::Companies => Section::Companies,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Vcard,
}

impl Format {
    fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Vcard => "vcf",
        }
    }
}

pub struct Export {
    list: List,
    format: Format,
    path: String,
    writing: bool,
    problem: Option<String>,
}

#[derive(Debug, Clone)]
pub enum Message {
    FormatPicked(Format),
    PathChanged(String),
    Browse,
    Browsed(Picked),
    Write,
    Written(PathBuf, Result<u64, Arc<io::Error>>),
    Back,
}

impl Export {
    pub fn new(list: List) -> Export {
        let mut export = Export {
            list,
            format: Format::Csv,
            path: String::new(),
            writing: false,
            problem: None,
        };
        export.path = export.suggested().display().to_string();
        export
    }

    /// `~/kith-contacts.csv` and the like; kept in step with the format while the user has not
    /// typed a path of their own.
    fn suggested(&self) -> PathBuf {
        let name = match self.format {
            Format::Csv => format!("kith-{}.csv", self.list.noun()),
            Format::Vcard => "kith-contacts.vcf".to_string(),
        };
        dialog::home().join(name)
    }

    /// The sidebar entry this export belongs to.
    pub fn section(&self) -> Section {
        self.list.section()
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
            Message::PathChanged(path) => {
                self.path = path;
                self.problem = None;
                Action::None
            }
            Message::Browse => {
                let suggested = PathBuf::from(self.path.trim());
                Action::Run(Task::perform(
                    dialog::save("Export to", suggested),
                    Message::Browsed,
                ))
            }
            Message::Browsed(Picked::Path(path)) => {
                self.path = path.display().to_string();
                self.problem = None;
                Action::None
            }
            Message::Browsed(Picked::Dismissed) => Action::None,
            Message::Browsed(Picked::Unavailable(why)) => {
                self.problem = Some(why);
                Action::None
            }
            Message::Write => self.write(workspace),
            Message::Written(path, Ok(n)) => {
                self.writing = false;
                let what = match (self.format, n) {
                    (Format::Vcard, 1) => "1 contact".to_string(),
                    (Format::Vcard, n) => format!("{n} contacts"),
                    (Format::Csv, 1) => format!("1 row of {}", self.list.noun()),
                    (Format::Csv, n) => format!("{n} {}", self.list.noun()),
                };
                Action::Notify {
                    text: format!("Exported {what} to {}", path.display()),
                    then: Some(Destination::Section(self.list.section())),
                }
            }
            Message::Written(_, Err(e)) => {
                self.writing = false;
                self.problem = Some(format!("Nothing was exported: {e}"));
                Action::None
            }
            Message::Back => Action::Open(Destination::Section(self.list.section())),
        }
    }

    fn write(&mut self, workspace: &Workspace) -> Action<Message> {
        let path = PathBuf::from(self.path.trim());
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
        self.writing = true;
        self.problem = None;
        let (list, format) = (self.list, self.format);
        let target = path.clone();
        Action::Run(workspace.run(
            move |store| Ok(write(store, list, format, &target).map_err(Arc::new)),
            move |result| {
                let result = result
                    .map_err(|e| Arc::new(io::Error::Format(e.to_string())))
                    .and_then(|written| written);
                Message::Written(path, result)
            },
        ))
    }

    pub fn view(&self) -> Element<'_, Message> {
        let title = format!("Export {}", self.list.noun());
        let choice = |label: &'static str, format: Format| {
            button(text(label))
                .on_press(Message::FormatPicked(format))
                .style(theme::toggle(self.format == format))
        };
        let mut formats = row![choice("CSV (spreadsheets)", Format::Csv)]
            .spacing(8)
            .align_y(Alignment::Center);
        if self.list == List::Contacts {
            formats = formats.push(choice("vCard (address books)", Format::Vcard));
        }
        let explain = match self.format {
            Format::Csv => format!(
                "Every {} in the workspace as one UTF-8 CSV file with a header row; Kith's import \
                 reads it back unchanged.",
                match self.list {
                    List::Contacts => "contact",
                    List::Companies => "company",
                }
            ),
            Format::Vcard => "Every contact as a vCard 3.0 card, for phones, mail programs and \
                              other address books."
                .to_string(),
        };
        let path = text_input("File to write, e.g. /home/me/contacts.csv", &self.path)
            .id(PATH_ID)
            .on_input(Message::PathChanged)
            .on_submit(Message::Write)
            .padding(6);
        let mut form = column![
            text("Format").size(13).style(theme::muted_text),
            formats,
            text(explain).style(theme::muted_text),
            text("Save to").size(13).style(theme::muted_text),
            row![
                path,
                button(text("Browse…"))
                    .on_press(Message::Browse)
                    .style(button::secondary)
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(8);
        if let Some(problem) = &self.problem {
            form = form.push(text(problem.as_str()).style(theme::error_text));
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

/// Writes the export as the command line's `kith export` does.
fn write(store: &Store, list: List, format: Format, path: &std::path::Path) -> io::Result<u64> {
    io::export_atomically(path, |w| match (format, list) {
        (Format::Csv, List::Contacts) => io::csv_export::export(store, ListKind::Contacts, w),
        (Format::Csv, List::Companies) => io::csv_export::export(store, ListKind::Companies, w),
        (Format::Vcard, _) => store
            .contact_ids()
            .map_err(io::Error::from)
            .and_then(|ids| io::vcard::export(store, &ids, io::vcard::Version::V3, w)),
    })
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
