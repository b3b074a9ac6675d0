//! What the iced window asks the app for besides `update` and `view`: the title, the theme (with
//! "System" resolved for the charts' colours), the subscriptions, and which key presses are shortcuts.

use iced::keyboard;
use iced::{Subscription, Theme};

use super::{App, CHANGES_CHECK, Message, REMINDER_CHECK, State, View};
use crate::ui::shortcuts::{self, Intent};
use crate::ui::theme;

impl App {
    /// The theme chosen in Settings, shown at once and saved with the settings.
    pub(super) fn theme_picked(
        &mut self,
        choice: crate::ui::settings::ThemeChoice,
    ) -> iced::Task<Message> {
        self.settings.theme = choice;
        let Some(path) = self.launch.settings_path.clone() else {
            return iced::Task::none();
        };
        let settings = self.settings.clone();
        iced::Task::perform(
            crate::ui::timer::blocking(move || {
                crate::ui::settings::save(&path, &settings).map_err(|e| e.to_string())
            }),
            |r| match r {
                Some(Ok(())) => Message::NoticeClosed(u64::MAX),
                Some(Err(e)) => Message::Failed(format!("Settings not saved: {e}")),
                None => Message::Failed("Settings not saved".into()),
            },
        )
    }

    pub fn title(&self) -> String {
        let file = self
            .launch
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let screen = match &self.state {
            State::Ready(ready) => match &ready.view {
                View::Welcome { .. } => "Welcome".to_string(),
                View::Contacts => "Contacts".to_string(),
                View::Contact(page) => page.title(),
                View::ContactForm(form) => form.title().to_string(),
                View::Companies => "Companies".to_string(),
                View::Company(page) => page.title(),
                View::CompanyForm(_) => "Company".to_string(),
                View::Pipeline(_) => "Pipeline".to_string(),
                View::Tickets(_) => "Tickets".to_string(),
                View::Campaigns(_) => "Campaigns".to_string(),
                View::Tasks(_) => "Tasks".to_string(),
                View::Dashboard(_) => "Dashboard".to_string(),
                View::Analytics => "Analytics".to_string(),
                View::Settings(_) => "Settings".to_string(),
                View::Import(_) => "Import".to_string(),
                View::Duplicates(_) => "Duplicates".to_string(),
                View::Export(_) => "Export".to_string(),
            },
            State::Opening { .. } => "Opening".to_string(),
            State::Failed(_) => "Could not open".to_string(),
            State::Locked(_) => "Passphrase".to_string(),
            State::Damaged(_) => "Damaged workspace".to_string(),
        };
        format!("{screen} — {file} — Kith")
    }

    pub fn theme(&self) -> Option<Theme> {
        theme::for_choice(self.settings.theme)
    }

    /// The theme the window is drawn in, "System" resolved by the desktop's mode.
    pub(super) fn drawn_theme(&self) -> Theme {
        self.theme().unwrap_or(if self.system_dark {
            Theme::Dark
        } else {
            Theme::Light
        })
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let keys =
            iced::event::listen_with(|event, status, _window| App::shortcut_for(&event, status));
        let mode = iced::system::theme_changes().map(Message::SystemTheme);
        let close = iced::window::close_requests().map(Message::CloseRequested);
        match self.state {
            State::Ready(_) => Subscription::batch([
                keys,
                mode,
                close,
                iced::time::every(REMINDER_CHECK).map(|_| Message::Tick),
                iced::time::every(CHANGES_CHECK).map(|_| Message::Poll),
            ]),
            _ => Subscription::batch([keys, mode, close]),
        }
    }

    /// The shortcut a key press means, given whether a widget already used it. Keys a widget used
    /// (typing in a field) are not shortcuts, except Escape: it also closes the search palette or
    /// leaves a form while the cursor is in one of its fields.
    pub fn shortcut_for(event: &iced::Event, status: iced::event::Status) -> Option<Message> {
        let iced::Event::Keyboard(keyboard::Event::KeyPressed { key, modifiers, .. }) = event
        else {
            return None;
        };
        let intent = shortcuts::intent(key, *modifiers)?;
        let used = status == iced::event::Status::Captured;
        (!used || intent == Intent::Close).then_some(Message::Shortcut(intent))
    }
}
