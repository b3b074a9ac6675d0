//! "Export…" on a result: every chart as PNG and SVG (drawn by the same functions as the window and
//! `kith report`, in the light palette for printing) and every table as CSV under the seed's file
//! names, into one folder the user picks — by the file dialog when the desktop has one, always by
//! typing. Files are written whole or not at all, off the window's thread.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use iced::widget::{button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use super::{Finished, Kind, results};
use crate::analytics::workspace::{Outcome, tables};
use crate::charts::Palette;
use crate::charts::export::{Size, write_both};
use crate::ui::dialog::{self, Picked};
use crate::ui::screen::Action;
use crate::ui::{theme, timer};

/// The widget id of the folder field.
pub const FOLDER_ID: &str = "export-folder";

/// Which result of the screen is exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Which {
    Result,
    /// The "Choosing k" scan shown with the segments.
    Choice,
}

pub struct ExportBar {
    which: Which,
    folder: String,
    writing: bool,
    note: Option<String>,
    /// The folder whose files the user was told an export would replace: a second Export into
    /// it replaces them (the day's second export had written over the first without a word).
    replacing: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub enum Message {
    Ask(Which),
    Folder(String),
    Browse,
    Browsed(Picked),
    Write,
    Written(Result<(usize, PathBuf), String>),
    Close,
}

pub fn update(
    bar: &mut Option<ExportBar>,
    result: Option<&Finished>,
    choice: Option<&Finished>,
    kind: Kind,
    message: Message,
) -> Action<super::Message> {
    let wrap = |m| super::Message::Export(m);
    match message {
        Message::Ask(which) => {
            *bar = Some(ExportBar {
                which,
                folder: default_folder(kind, which).display().to_string(),
                writing: false,
                note: None,
                replacing: None,
            });
            Action::Run(iced::widget::operation::focus(FOLDER_ID))
        }
        Message::Folder(folder) => {
            if let Some(bar) = bar {
                bar.folder = folder;
                bar.note = None;
                bar.replacing = None;
            }
            Action::None
        }
        Message::Browse => {
            let Some(bar) = bar else {
                return Action::None;
            };
            // A save dialog on a file inside the folder: the portal has no folder picker that
            // also lets a person create a new folder, and the files go beside the one named.
            let suggested = PathBuf::from(&bar.folder).join("README.txt");
            Action::Run(
                Task::perform(dialog::save("Export into this folder", suggested), |p| {
                    Message::Browsed(p)
                })
                .map(wrap),
            )
        }
        Message::Browsed(picked) => {
            if let Some(bar) = bar {
                match picked {
                    Picked::Path(path) => {
                        let folder = path.parent().map(Path::to_path_buf).unwrap_or(path);
                        bar.folder = folder.display().to_string();
                    }
                    Picked::Dismissed => {}
                    Picked::Unavailable(reason) => bar.note = Some(reason),
                }
            }
            Action::None
        }
        Message::Write => {
            let Some(bar) = bar.as_mut().filter(|b| !b.writing) else {
                return Action::None;
            };
            let finished = match bar.which {
                Which::Result => result,
                Which::Choice => choice,
            };
            let Some(finished) = finished else {
                bar.note = Some("There is no result to export yet.".into());
                return Action::None;
            };
            let folder = crate::io::typed_path(&bar.folder);
            if bar.folder.trim().is_empty() {
                bar.note = Some("Type the folder the files should go to.".into());
                return Action::None;
            }
            let there: Vec<String> = file_names(&finished.outcome, &finished.labels)
                .into_iter()
                .filter(|name| folder.join(name).exists())
                .collect();
            if !there.is_empty() && bar.replacing.as_ref() != Some(&folder) {
                bar.note = Some(format!(
                    "{} already holds {} of these files ({}): press Export again to replace \
                     {}, or choose another folder.",
                    folder.display(),
                    there.len(),
                    crate::domain::validation::shortened(&there.join(", ")),
                    if there.len() == 1 { "it" } else { "them" },
                ));
                bar.replacing = Some(folder);
                return Action::None;
            }
            bar.writing = true;
            let outcome = finished.outcome.clone();
            let labels = finished.labels.clone();
            Action::Run(
                Task::perform(
                    timer::blocking(move || write_all(&folder, &outcome, &labels)),
                    |r| {
                        Message::Written(r.unwrap_or_else(|| {
                            Err("no thread could be started to write the files".into())
                        }))
                    },
                )
                .map(wrap),
            )
        }
        Message::Written(Ok((files, folder))) => {
            *bar = None;
            Action::Notify {
                text: format!("Exported {files} files to {}", folder.display()),
                then: None,
            }
        }
        Message::Written(Err(reason)) => {
            if let Some(bar) = bar {
                bar.writing = false;
                bar.note = Some(reason);
            }
            Action::None
        }
        Message::Close => {
            *bar = None;
            Action::None
        }
    }
}

/// The names of the files [`write_all`] writes for `outcome`.
fn file_names(outcome: &Arc<Outcome>, labels: &[String]) -> Vec<String> {
    let charts = results::chart_list(outcome, labels)
        .into_iter()
        .flat_map(|(stem, _)| [format!("{stem}.png"), format!("{stem}.svg")]);
    let tables = tables::tables(outcome)
        .into_iter()
        .map(|t| t.file.to_string());
    charts.chain(tables).collect()
}

/// Writes every chart and table of `outcome` into `folder`; returns how many files it wrote.
fn write_all(
    folder: &Path,
    outcome: &Arc<Outcome>,
    labels: &[String],
) -> Result<(usize, PathBuf), String> {
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("The folder {} could not be made: {e}", folder.display()))?;
    let palette = Palette::light();
    let mut files = 0;
    for (stem, chart) in results::chart_list(outcome, labels) {
        write_both(folder, stem, &chart, Size::REPORT, &palette).map_err(|e| e.to_string())?;
        files += 2;
    }
    for table in tables::tables(outcome) {
        let path = folder.join(table.file);
        crate::fs::write_atomically(&path, |w| table.write_csv(w))
            .map_err(|e| format!("{} could not be written: {e}", path.display()))?;
        files += 1;
    }
    Ok((files, folder.to_path_buf()))
}

/// `~/Documents/Kith exports/<analysis> <date>` (or the home folder when there is no Documents).
fn default_folder(kind: Kind, which: Which) -> PathBuf {
    let dirs = directories::UserDirs::new();
    let base = dirs
        .as_ref()
        .and_then(|d| d.document_dir().map(Path::to_path_buf))
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."));
    let name = match which {
        Which::Result => kind.label(),
        Which::Choice => kind.scan_label().unwrap_or(kind.label()),
    };
    let date = chrono::Local::now().format("%Y-%m-%d");
    let folder = |n: u32| {
        let numbered = if n == 1 {
            String::new()
        } else {
            format!(" ({n})")
        };
        base.join("Kith exports")
            .join(format!("{} {date}{numbered}", file_name_of(name)))
    };
    // The day's second export of an analysis goes beside the first, not over it.
    (1..)
        .map(folder)
        .find(|f| !f.exists())
        .unwrap_or_else(|| folder(1))
}

/// A name as one file name on any system: "Win/loss tree" had made a folder "Win" holding
/// "loss tree …".
fn file_name_of(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '-',
            c => c,
        })
        .collect()
}

pub fn view(bar: &ExportBar) -> Element<'_, Message> {
    // The sentence, the field and the buttons on lines of their own: on one line at 760 pixels
    // the field had no width and Export and Close were out of the window; beside the buttons
    // it showed "11-27" of the folder's path.
    let folder = crate::ui::widget::field::input("Folder", &bar.folder)
        .id(FOLDER_ID)
        .on_input(Message::Folder)
        .on_submit(Message::Write)
        .padding(6)
        .width(Length::Fill);
    let buttons = row![
        iced::widget::Space::new().width(Length::Fill),
        button(text("Browse…"))
            .on_press(Message::Browse)
            .style(button::secondary),
        button(text(if bar.writing { "Writing…" } else { "Export" }))
            .on_press_maybe((!bar.writing).then_some(Message::Write))
            .style(button::primary),
        button(text("Close"))
            .on_press(Message::Close)
            .style(button::text),
    ]
    .spacing(10)
    .align_y(Alignment::Center);
    let mut content = column![
        text("Save the charts (PNG, SVG) and tables (CSV) into this folder:").size(14),
        folder,
        buttons
    ]
    .spacing(6);
    if let Some(note) = &bar.note {
        content = content.push(text(note.as_str()).size(13).style(theme::error_text));
    }
    container(content).padding(10).style(theme::card).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_analysis_exports_into_one_folder_of_its_name() {
        for kind in Kind::ALL {
            for which in [Which::Result, Which::Choice] {
                let folder = default_folder(kind, which);
                let name = folder.file_name().unwrap().to_string_lossy().into_owned();
                assert_eq!(
                    folder.parent().unwrap().file_name().unwrap(),
                    "Kith exports"
                );
                assert!(!name.contains(['/', '\\', ':']), "{name}");
            }
        }
        assert!(
            default_folder(Kind::WinLoss, Which::Result).ends_with(format!(
                "Win-loss tree {}",
                chrono::Local::now().format("%Y-%m-%d")
            ))
        );
    }
}
