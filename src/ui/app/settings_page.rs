//! The settings screen's own parts (the pipelines' stages, the business's currency and team) and
//! its export, handed their messages; the theme and the backups are the window's (see `safety`).

use iced::Task;

use super::{Message, Ready, View};
use crate::ui::screen::settings as settings_screen;
use crate::ui::screen::{Destination, export};

impl Ready {
    pub(super) fn settings_page(&mut self, message: settings_screen::Message) -> Task<Message> {
        use settings_screen::Message as M;
        if let M::ExportWorkspace = message {
            return self.navigate(Destination::Export(export::Source::Workspace));
        }
        let View::Settings(page) = &mut self.view else {
            return Task::none();
        };
        match message {
            M::Stages(m) => {
                let action = page.stages.update(&self.workspace, m);
                self.act(action, |m| Message::Settings(M::Stages(m)))
            }
            M::Currency(m) => {
                let action = page.currency.update(&self.workspace, m);
                self.act(action, |m| Message::Settings(M::Currency(m)))
            }
            M::Team(m) => {
                let action = page.team.update(&self.workspace, m);
                self.act(action, |m| Message::Settings(M::Team(m)))
            }
            M::ExportWorkspace | M::ThemePicked(_) | M::Safety(_) => Task::none(),
        }
    }
}
