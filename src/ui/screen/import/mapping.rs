//! Which contact field each column fills: proposed by `io` from the headers, changed column by column
//! here (a field, "Skip" or a custom field with a name), and saved to or loaded from a mapping
//! profile — the same JSON file `kith import csv --mapping FILE` reads.

use std::path::PathBuf;

use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Element, Length, Task};

use crate::io::csv_import::mapping::{AddressPart, Naming};
use crate::io::csv_import::{Mapping, Preview, Profile, Target};
use crate::ui::dialog::{self, Picked};
use crate::ui::theme;
use crate::ui::widget::menu_escape::closes_on_escape;

mod choice;

pub use choice::Choice;

/// How much of a column's first value the mapping shows: enough to recognise it, short enough
/// to stay inside its column beside the field picker.
const SAMPLE_CHARS: usize = 32;

/// `text` cut to `max` characters with an ellipsis.
fn shortened(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// The widget id of the profile path field.
pub const PROFILE_PATH_ID: &str = "mapping-profile-path";

/// The widget id of the custom field name input of column `index`.
pub fn custom_name_id(index: usize) -> String {
    format!("custom-name-{index}")
}

/// The mapping being edited, with what the screen shows beside each column.
#[derive(Debug, Clone)]
pub struct Editor {
    headers: Vec<String>,
    /// The first non-empty value of each column in the preview, to recognise it by.
    samples: Vec<String>,
    targets: Vec<Target>,
    profile_path: String,
    /// What the last profile load or save did (`Err` for a problem).
    profile_note: Option<Result<String, String>>,
}

#[derive(Debug, Clone)]
pub enum Message {
    TargetPicked(usize, Choice),
    CustomNamed(usize, String),
    ProfilePathChanged(String),
    BrowseProfile(Purpose),
    ProfileBrowsed(Purpose, Picked),
    LoadProfile,
    SaveProfile,
    /// The parent applies a loaded profile (it may change the encoding and separator too).
    ProfileLoaded(Result<Profile, String>),
    ProfileSaved(Result<PathBuf, String>),
}

/// Whether a profile dialog is for loading or saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Load,
    Save,
}

const PROFILE_FILTER: &[dialog::Filter] = &[("Kith mapping profile", &["json"])];

impl Editor {
    /// The mapping for `preview`: the profile's where it names a header, else the proposal.
    pub fn new(preview: &Preview, profile: Option<&Profile>, profile_path: String) -> Editor {
        let samples = (0..preview.headers.len())
            .map(|i| {
                preview
                    .rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|v| v.trim())
                    .find(|v| !v.is_empty())
                    .unwrap_or("")
                    // One line per column, as in the preview table.
                    .replace("\r\n", "\n")
                    .replace('\n', " ⏎ ")
            })
            .map(|sample| shortened(&sample, SAMPLE_CHARS))
            .collect();
        let targets = match profile {
            Some(p) => p.mapping_for(&preview.headers).targets,
            None => preview.proposed.targets.clone(),
        };
        Editor {
            headers: preview.headers.clone(),
            samples,
            targets,
            profile_path,
            profile_note: None,
        }
    }

    pub fn mapping(&self) -> Mapping {
        Mapping {
            targets: self.targets.clone(),
            ..Mapping::default()
        }
    }

    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    pub fn profile_path(&self) -> &str {
        &self.profile_path
    }

    /// Why the mapping cannot be used yet (a custom field with no name, no name column at all).
    pub fn problem(&self) -> Option<String> {
        if let Some(i) = self
            .targets
            .iter()
            .position(|t| matches!(t, Target::Custom(n) if n.trim().is_empty()))
        {
            return Some(format!(
                "Column “{}” goes to a custom field: give the field a name.",
                self.headers[i]
            ));
        }
        match self.mapping().naming() {
            Naming::Names | Naming::Addresses => None,
            Naming::CompanyAlone => Some(format!(
                "No column gives a person's name, so every row naming a company would be refused: \
                 map one to First name, Last name or Full name{}.",
                // Only where there is an address to name them by.
                if self
                    .targets
                    .iter()
                    .any(|t| matches!(t, Target::Email(_) | Target::Phone(_)))
                {
                    " (or skip Company to import people named by their e-mail or phone)"
                } else {
                    ""
                }
            )),
            Naming::Nothing => Some(
                "No column gives a name, an e-mail or a phone: map one to First name, Last name, \
                 Full name, E-mail or Phone."
                    .into(),
            ),
        }
    }

    pub fn note_loaded(&mut self, note: Result<String, String>) {
        self.profile_note = Some(note);
    }

    pub fn update(&mut self, message: Message) -> Task<Message> {
        match message {
            Message::TargetPicked(i, choice) if i < self.targets.len() => {
                let target = match choice {
                    Choice::EmailLabel => Some(Target::EmailLabel(self.pair_label(i, true))),
                    Choice::PhoneLabel => Some(Target::PhoneLabel(self.pair_label(i, false))),
                    _ => self.retarget(i, choice),
                };
                if let Some(target) = target {
                    self.targets[i] = target;
                }
                Task::none()
            }
            Message::TargetPicked(..) => Task::none(),
            Message::CustomNamed(i, name) => {
                if let Some(Target::Custom(n)) = self.targets.get_mut(i) {
                    *n = name;
                }
                Task::none()
            }
            Message::ProfilePathChanged(path) => {
                self.profile_path = path;
                self.profile_note = None;
                Task::none()
            }
            Message::BrowseProfile(purpose) => {
                let start = crate::io::typed_path(&self.profile_path);
                let ask = async move {
                    match purpose {
                        Purpose::Load => {
                            dialog::open("Load a mapping profile", PROFILE_FILTER, Some(start))
                                .await
                        }
                        Purpose::Save => dialog::save("Save the mapping profile", start).await,
                    }
                };
                Task::perform(ask, move |picked| Message::ProfileBrowsed(purpose, picked))
            }
            Message::ProfileBrowsed(purpose, Picked::Path(path)) => {
                self.profile_path = path.display().to_string();
                self.update(match purpose {
                    Purpose::Load => Message::LoadProfile,
                    Purpose::Save => Message::SaveProfile,
                })
            }
            Message::ProfileBrowsed(_, Picked::Dismissed) => Task::none(),
            Message::ProfileBrowsed(_, Picked::Unavailable(why)) => {
                self.profile_note = Some(Err(why));
                Task::none()
            }
            Message::LoadProfile => {
                let path = crate::io::typed_path(&self.profile_path);
                Task::perform(
                    crate::ui::timer::blocking(move || load_profile(&path)),
                    |r| {
                        Message::ProfileLoaded(r.unwrap_or_else(|| {
                            Err("The profile could not be read: no thread could be started".into())
                        }))
                    },
                )
            }
            Message::SaveProfile => {
                let path = crate::io::typed_path(&self.profile_path);
                let profile = Profile::from_mapping(&self.headers, &self.mapping());
                Task::perform(
                    crate::ui::timer::blocking(move || save_profile(&path, &profile)),
                    |r| {
                        Message::ProfileSaved(r.unwrap_or_else(|| {
                            Err("The profile could not be saved: no thread could be started".into())
                        }))
                    },
                )
            }
            Message::ProfileLoaded(Err(e)) => {
                self.profile_note = Some(Err(e));
                Task::none()
            }
            // Applied by the parent, which knows the file's encoding and separator.
            Message::ProfileLoaded(Ok(_)) => Task::none(),
            Message::ProfileSaved(result) => {
                self.profile_note =
                    Some(result.map(|path| format!("Mapping saved to {}", path.display())));
                Task::none()
            }
        }
    }

    /// The target column `i` gets when the user picks `choice`, keeping the slot or group it had
    /// where the kind allows one.
    fn retarget(&self, i: usize, choice: Choice) -> Option<Target> {
        let current = self.targets.get(i)?;
        let group = match current {
            Target::Address(_, g) => g.clone(),
            _ => String::new(),
        };
        Some(match choice {
            Choice::Skip => Target::Ignore,
            Choice::FirstName => Target::FirstName,
            Choice::LastName => Target::LastName,
            Choice::FullName => Target::FullName,
            Choice::Company => Target::Company,
            Choice::JobTitle => Target::JobTitle,
            Choice::Email => match current {
                Target::Email(slot) | Target::EmailLabel(slot) => Target::Email(slot.clone()),
                _ => Target::Email(String::new()),
            },
            Choice::Phone => match current {
                Target::Phone(slot) | Target::PhoneLabel(slot) => Target::Phone(slot.clone()),
                _ => Target::Phone(String::new()),
            },
            Choice::EmailLabel => Target::EmailLabel(current_slot(current)),
            Choice::PhoneLabel => Target::PhoneLabel(current_slot(current)),
            Choice::Street => Target::Address(AddressPart::Street, group),
            Choice::City => Target::Address(AddressPart::City, group),
            Choice::Region => Target::Address(AddressPart::Region, group),
            Choice::PostalCode => Target::Address(AddressPart::PostalCode, group),
            Choice::Country => Target::Address(AddressPart::Country, group),
            Choice::Owner => Target::Owner,
            Choice::LeadSource => Target::LeadSource,
            Choice::Lifecycle => Target::Lifecycle,
            Choice::Birthday => Target::Birthday,
            Choice::Created => Target::Created,
            Choice::Age => Target::Age,
            Choice::Income => Target::Income,
            Choice::EducationYears => Target::EducationYears,
            Choice::Notes => Target::Notes,
            Choice::Tags => Target::Tags,
            Choice::Custom => match current {
                Target::Custom(name) => Target::Custom(name.clone()),
                _ => Target::Custom(self.headers[i].trim().to_string()),
            },
        })
    }

    /// A label column describes the nearest e-mail (or phone) column to its left (else right):
    /// it shares that column's slot. An unnumbered value column is given its column number as
    /// its slot, so the two pair up (the screen shows `email:2` beside both).
    fn pair_label(&mut self, i: usize, email: bool) -> String {
        let is_value = |t: &Target| {
            matches!(
                (t, email),
                (Target::Email(_), true) | (Target::Phone(_), false)
            )
        };
        let left = (0..i).rev().find(|&j| is_value(&self.targets[j]));
        let right = (i + 1..self.targets.len()).find(|&j| is_value(&self.targets[j]));
        let Some(j) = left.or(right) else {
            return (i + 1).to_string();
        };
        match &mut self.targets[j] {
            Target::Email(slot) | Target::Phone(slot) => {
                if slot.is_empty() {
                    *slot = (j + 1).to_string();
                }
                slot.clone()
            }
            _ => (i + 1).to_string(),
        }
    }

    /// One line per column: its header and first value, where it goes, and a custom field's name.
    pub fn view(&self) -> Element<'_, Message> {
        let mut list = column![
            container(
                row![
                    text("Column").size(13).width(Length::FillPortion(3)),
                    text("Example").size(13).width(Length::FillPortion(3)),
                    text("Goes to").size(13).width(Length::FillPortion(4)),
                ]
                .spacing(12)
                .padding([6, 10]),
            )
            .style(theme::header_row)
        ]
        .spacing(2);
        for (i, (header, target)) in self.headers.iter().zip(&self.targets).enumerate() {
            let choice = Choice::of(target);
            let picker = closes_on_escape(
                crate::ui::widget::field::pick(Choice::ALL, Some(choice), move |c| {
                    Message::TargetPicked(i, c)
                })
                .width(Length::Fixed(170.0)),
            );
            let detail: Element<'_, Message> = match target {
                Target::Custom(name) => crate::ui::widget::field::input("Field name", name)
                    .id(custom_name_id(i))
                    .on_input(move |n| Message::CustomNamed(i, n))
                    .padding(4)
                    .style(theme::input(name.trim().is_empty()))
                    .into(),
                Target::Ignore => text("not imported")
                    .size(12)
                    .style(theme::muted_text)
                    .into(),
                other => text(other.to_string())
                    .size(12)
                    .style(theme::muted_text)
                    .into(),
            };
            let header_label = if header.is_empty() {
                format!("(column {})", i + 1)
            } else {
                header.clone()
            };
            list = list.push(
                row![
                    text(header_label).width(Length::FillPortion(3)),
                    text(self.samples[i].as_str())
                        .size(13)
                        .style(theme::muted_text)
                        .wrapping(text::Wrapping::None)
                        .width(Length::FillPortion(3)),
                    row![picker, container(detail).width(Length::Fill)]
                        .spacing(8)
                        .align_y(Alignment::Center)
                        .width(Length::FillPortion(4)),
                ]
                .spacing(12)
                .padding([2, 10])
                .align_y(Alignment::Center),
            );
        }
        let mut editor = column![list].spacing(12);
        // As `kith import csv` says it: the file imports, but maybe not as meant.
        if self.mapping().naming() == Naming::Addresses {
            editor = editor.push(
                text(
                    "No column gives a name: each contact is named by their e-mail address or \
                     phone until a name arrives. If the file has names, map their columns to \
                     First name and Last name.",
                )
                .size(13),
            );
        }
        editor.push(self.profile_bar()).into()
    }

    fn profile_bar(&self) -> Element<'_, Message> {
        let has_path = !self.profile_path.trim().is_empty();
        let mut bar = column![
            row![
                text("Mapping profile").size(13).style(theme::muted_text),
                crate::ui::widget::field::input("path/to/mapping.json", &self.profile_path)
                    .id(PROFILE_PATH_ID)
                    .on_input(Message::ProfilePathChanged)
                    .padding(4),
                button(text("Load"))
                    .on_press_maybe(has_path.then_some(Message::LoadProfile))
                    .style(button::secondary),
                button(text("Load…"))
                    .on_press(Message::BrowseProfile(Purpose::Load))
                    .style(button::text),
                button(text("Save mapping"))
                    .on_press_maybe(has_path.then_some(Message::SaveProfile))
                    .style(button::secondary),
                button(text("Save as…"))
                    .on_press(Message::BrowseProfile(Purpose::Save))
                    .style(button::text),
            ]
            .spacing(8)
            .align_y(Alignment::Center),
        ]
        .spacing(4);
        match &self.profile_note {
            Some(Ok(note)) => {
                bar = bar.push(text(note.as_str()).size(13).style(theme::success_text))
            }
            Some(Err(e)) => bar = bar.push(text(e.as_str()).size(13).style(theme::error_text)),
            None => bar = bar.push(Space::new().height(0)),
        }
        bar.into()
    }
}

/// The slot a target already carries, if any (kept when a label column is picked again).
fn current_slot(target: &Target) -> String {
    match target {
        Target::Email(s) | Target::EmailLabel(s) | Target::Phone(s) | Target::PhoneLabel(s) => {
            s.clone()
        }
        _ => String::new(),
    }
}

fn load_profile(path: &std::path::Path) -> Result<Profile, String> {
    if path.as_os_str().is_empty() {
        return Err("Enter the path of a mapping profile (.json).".into());
    }
    let bytes =
        crate::io::read_file(path).map_err(|e| format!("The profile could not be read: {e}"))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        format!(
            "{} is not a text file, so not a mapping profile",
            path.display()
        )
    })?;
    Profile::from_json(&text)
        .map_err(|e| format!("{} is not a mapping profile: {e}", path.display()))
}

fn save_profile(path: &std::path::Path, profile: &Profile) -> Result<PathBuf, String> {
    if path.as_os_str().is_empty() {
        return Err("Enter where to save the mapping profile (.json).".into());
    }
    let json = serde_json::to_string_pretty(profile).map_err(|e| e.to_string())?;
    crate::io::write_atomically(path, |w| std::io::Write::write_all(w, json.as_bytes()))
        .map_err(|e| format!("The profile could not be saved: {e}"))?;
    Ok(path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::csv_import::{Options, preview};

    fn editor(csv: &str) -> Editor {
        let p = preview(csv.as_bytes(), &Options::default(), 5).unwrap();
        Editor::new(&p, None, String::new())
    }

    #[test]
    fn a_label_column_shares_the_slot_of_the_value_beside_it() {
        let mut e = editor("Name,Mail,Kind,Tel\nAda,a@x.org,work,123\n");
        let _ = e.update(Message::TargetPicked(2, Choice::EmailLabel));
        assert_eq!(e.targets[2], Target::EmailLabel("2".into()));
        assert_eq!(e.targets[1], Target::Email("2".into()));
        let _ = e.update(Message::TargetPicked(3, Choice::PhoneLabel));
        assert_eq!(e.targets[3], Target::PhoneLabel("4".into()));
    }

    #[test]
    fn a_custom_field_needs_a_name_and_some_column_a_name() {
        let mut e = editor("Name,Shoe\nAda,38\n");
        assert_eq!(e.problem(), None);
        let _ = e.update(Message::CustomNamed(1, " ".into()));
        assert!(e.problem().unwrap().contains("Shoe"));
        let _ = e.update(Message::TargetPicked(1, Choice::Skip));
        let _ = e.update(Message::TargetPicked(0, Choice::Skip));
        assert!(e.problem().unwrap().contains("No column gives a name"));
    }

    /// A mailing list imports, as on the command line, each contact named by their address.
    #[test]
    fn an_address_column_alone_may_be_imported() {
        let mut e = editor("Vorname,E-Mail\nKlaus,klaus@x.de\n");
        assert_eq!(e.mapping().naming(), Naming::Addresses);
        assert_eq!(e.problem(), None);
        let _ = e.update(Message::TargetPicked(0, Choice::FirstName));
        assert_eq!(e.mapping().naming(), Naming::Names);
        let _ = e.update(Message::TargetPicked(0, Choice::Company));
        assert_eq!(e.mapping().naming(), Naming::CompanyAlone);
        assert!(
            e.problem()
                .unwrap()
                .contains("every row naming a company would be refused")
        );
        let _ = e.update(Message::TargetPicked(0, Choice::Skip));
        let _ = e.update(Message::TargetPicked(1, Choice::Skip));
        assert!(e.problem().unwrap().contains("an e-mail or a phone"));
    }
}
