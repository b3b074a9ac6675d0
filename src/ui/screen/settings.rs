//! Settings: the theme (remembered), the currency the business works in, its team, and where
//! this workspace and the settings live.

pub mod currency;
pub mod safety;
pub mod stages;
pub mod team;

use std::path::Path;

use iced::widget::{button, column, container, row, scrollable, text};
use iced::{Alignment, Element, Length};

use crate::ui::settings::{Settings, ThemeChoice};
use crate::ui::theme;
use crate::ui::widget::title_bar;

#[derive(Debug, Clone)]
pub enum Message {
    ThemePicked(ThemeChoice),
    Stages(stages::Message),
    Safety(safety::Message),
    Currency(currency::Message),
    Team(team::Message),
    /// Export the whole workspace as JSON, to move it to another machine.
    ExportWorkspace,
}

/// What the settings screen holds while it is open.
pub struct Page {
    pub stages: stages::StageEditor,
    pub safety: safety::Safety,
    pub currency: currency::CurrencyEditor,
    pub team: team::TeamEditor,
}

/// The theme choice, one stop for Tab.
pub const THEME_ID: &str = "settings-theme";

pub struct Paths<'a> {
    pub workspace: &'a Path,
    pub settings: Option<&'a Path>,
}

pub fn view<'a>(settings: &'a Settings, paths: Paths<'a>, page: &'a Page) -> Element<'a, Message> {
    let choices = ThemeChoice::ALL
        .iter()
        .fold(row![].spacing(6), |r, &choice| {
            let style = if choice == settings.theme {
                button::primary
            } else {
                button::secondary
            };
            r.push(
                button(text(choice.label()))
                    .on_press(Message::ThemePicked(choice))
                    .style(style),
            )
        });
    let current = settings.theme;
    let choices = crate::ui::widget::choice_keys::keyed_choice(THEME_ID, choices, move |step| {
        Message::ThemePicked(step.from(&ThemeChoice::ALL, current))
    });
    let themes = column![
        text("Theme").size(18),
        choices,
        text("“Follow the system” switches between light and dark with your desktop.")
            .size(13)
            .style(theme::muted_text),
    ]
    .spacing(8);
    let line = |label: &'a str, value: String| {
        row![
            text(label)
                .style(theme::muted_text)
                .width(Length::Fixed(160.0)),
            text(value)
        ]
        .spacing(8)
    };
    let files = column![
        text("Files").size(18),
        line("Workspace", paths.workspace.display().to_string()),
        line(
            "Settings",
            paths
                .settings
                .map_or("not saved (no config directory)".into(), |p| p
                    .display()
                    .to_string()),
        ),
        line("Kith version", env!("CARGO_PKG_VERSION").to_string()),
        row![
            text(
                "Moving to another machine, or to another tool? The whole workspace goes into \
                  one JSON file that Kith imports into an empty workspace."
            )
            .size(13)
            .style(theme::muted_text)
            .width(Length::Fill),
            button(text("Export the whole workspace…"))
                .on_press(Message::ExportWorkspace)
                .style(button::secondary),
        ]
        .spacing(12)
        .align_y(Alignment::Center),
    ]
    .spacing(8);
    let shown = page.safety.is_shown();
    let tab = |label: &'a str, safety: bool| {
        button(text(label))
            .on_press(Message::Safety(safety::Message::Show(safety)))
            .style(if shown == safety {
                button::primary
            } else {
                button::secondary
            })
    };
    let tabs = row![tab("General", false), tab("Backups and activity", true)].spacing(6);
    let content = if shown {
        column![
            title_bar("Settings", []),
            tabs,
            page.safety
                .view(settings, paths.workspace)
                .map(Message::Safety),
        ]
    } else {
        column![
            title_bar("Settings", []),
            tabs,
            container(themes)
                .padding(16)
                .style(theme::card)
                .width(Length::Fill),
            // The business's currency and people, one card: two had pushed the stages below a
            // 768-pixel window's fold.
            container(
                column![
                    page.currency.view().map(Message::Currency),
                    page.team.view().map(Message::Team),
                ]
                .spacing(16)
            )
            .padding(16)
            .style(theme::card)
            .width(Length::Fill),
            // The stages before the file paths: set up on a first day, they had moved below
            // a 768-pixel window's fold once the currency and the team came above them.
            page.stages.view().map(Message::Stages),
            container(files)
                .padding(16)
                .style(theme::card)
                .width(Length::Fill),
        ]
    };
    scrollable(content.spacing(16).padding(20).max_width(900))
        .id(crate::ui::widget::page_keys::PAGE_ID)
        .into()
}
