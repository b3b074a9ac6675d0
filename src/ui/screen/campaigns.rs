//! Campaigns: a results table comparing every campaign, an editor for a campaign's plan and budget,
//! and each campaign's page with its target segment, members and their responses. The three views
//! live in one screen so Esc walks back through them without leaving the section.

mod editor;
mod list;
mod members;
mod page;
mod segment;

use iced::{Element, Task};

use super::{Action, Destination, Section};
use crate::domain::CampaignId;
use crate::ui::shortcuts::Intent;
use crate::ui::workspace::Workspace;

pub use editor::{
    BUDGET_ID, COST_ID, CURRENCY_ID, ENDS_ID, Message as EditorMessage, NAME_ID, STARTS_ID,
};
pub use members::revenue_input_id;
pub use segment::{COMPANY_ID as SEGMENT_COMPANY_ID, DAYS_ID, TAG_ID as SEGMENT_TAG_ID};

pub struct Campaigns {
    list: list::List,
    view: View,
}

enum View {
    List,
    Page(Box<page::Page>),
    Editor(Box<editor::Editor>),
}

#[derive(Debug, Clone)]
pub enum Message {
    List(list::Message),
    Page(page::Message),
    Editor(editor::Message),
}

impl Campaigns {
    pub fn new(workspace: &Workspace) -> (Self, Task<Message>) {
        let (list, task) = list::List::new(workspace);
        (
            Campaigns {
                list,
                view: View::List,
            },
            task.map(Message::List),
        )
    }

    /// Whether the editor holds changes not saved.
    pub fn is_dirty(&self) -> bool {
        match &self.view {
            View::Editor(editor) => editor.is_dirty(),
            View::Page(page) => page.is_dirty(),
            View::List => false,
        }
    }

    /// Re-reads what is shown after the workspace changed.
    pub fn refresh(&mut self, workspace: &Workspace) -> Task<Message> {
        let list = self.list.refresh(workspace).map(Message::List);
        let page = match &mut self.view {
            View::Page(page) => page.refresh(workspace).map(Message::Page),
            View::List | View::Editor(_) => Task::none(),
        };
        Task::batch([list, page])
    }

    pub fn update(&mut self, workspace: &Workspace, message: Message) -> Action<Message> {
        match message {
            Message::List(list::Message::Open(id)) => self.open(workspace, id),
            Message::List(list::Message::New) => self.new_campaign(workspace),
            Message::List(m) => self.list.update(m).map(Message::List),
            Message::Page(page::Message::Back) => self.back_to_list(),
            Message::Page(page::Message::Edit) => self.edit(),
            Message::Page(page::Message::Deleted(Ok(()))) => {
                self.view = View::List;
                Action::Changed { then: None }
            }
            Message::Page(m) => match &mut self.view {
                View::Page(page) => page.update(workspace, m).map(Message::Page),
                _ => Action::None,
            },
            Message::Editor(editor::Message::Cancel) => self.close_editor(workspace),
            Message::Editor(editor::Message::Saved(Ok(campaign))) => {
                let (page, _) = page::Page::new(campaign.id);
                self.list.select_id(campaign.id);
                self.view = View::Page(Box::new(page));
                // The app answers `Changed` by calling `refresh`, which loads the page.
                Action::Changed { then: None }
            }
            Message::Editor(m) => match &mut self.view {
                View::Editor(editor) => editor.update(workspace, m).map(Message::Editor),
                _ => Action::None,
            },
        }
    }

    pub fn intent(&mut self, workspace: &Workspace, intent: Intent) -> Action<Message> {
        match (&mut self.view, intent) {
            (View::Editor(_), Intent::Close) => self.close_editor(workspace),
            (View::Editor(editor), _) => editor.intent(workspace, intent).map(Message::Editor),
            (_, Intent::NewRecord) => self.new_campaign(workspace),
            (View::Page(_), Intent::Close) => self.back_to_list(),
            (View::Page(_), Intent::Edit) => self.edit(),
            (View::Page(page), _) => page.intent(workspace, intent).map(Message::Page),
            (View::List, Intent::Open) => match self.list.selected_id() {
                Some(id) => self.open(workspace, id),
                None => Action::None,
            },
            (View::List, _) => self.list.intent(workspace, intent).map(Message::List),
        }
    }

    fn open(&mut self, workspace: &Workspace, id: CampaignId) -> Action<Message> {
        Action::Run(self.open_page(workspace, id))
    }

    /// Throws away the page's unsaved changes (the window's "Discard"), keeping its place.
    pub fn discard_changes(&mut self) {
        if let View::Page(page) = &mut self.view {
            page.discard();
        }
    }

    /// The campaign whose page is on show, if one is.
    pub fn page_shown(&self) -> Option<CampaignId> {
        match &self.view {
            View::Page(page) => Some(page.id()),
            View::List | View::Editor(_) => None,
        }
    }

    /// Back on the page of campaign `id` left for one of its members: the page as it was left
    /// (selected member, place in the list), read again; any other campaign's page opened afresh.
    pub fn come_back(&mut self, workspace: &Workspace, id: CampaignId) -> Task<Message> {
        let View::Page(page) = &self.view else {
            return self.open_page(workspace, id);
        };
        if page.id() != id {
            return self.open_page(workspace, id);
        }
        let back = page.scroll_back().map(Message::Page);
        Task::batch([self.refresh(workspace), back])
    }

    /// Shows campaign `id`'s page (from elsewhere: an export of its members returning to it).
    pub fn open_page(&mut self, workspace: &Workspace, id: CampaignId) -> Task<Message> {
        self.list.select_id(id);
        let (mut page, _) = page::Page::new(id);
        let task = page.refresh(workspace).map(Message::Page);
        self.view = View::Page(Box::new(page));
        task
    }

    /// A new campaign's editor, its currency the one most campaigns (or deals) are in.
    fn new_campaign(&mut self, workspace: &Workspace) -> Action<Message> {
        let (editor, task) = editor::Editor::create(None);
        self.view = View::Editor(Box::new(editor));
        let usual = workspace.run(|s| s.campaign_currency(), editor::Message::UsualCurrency);
        Action::Run(Task::batch([task, usual]).map(Message::Editor))
    }

    fn edit(&mut self) -> Action<Message> {
        let View::Page(page) = &self.view else {
            return Action::None;
        };
        let Some(campaign) = page.campaign() else {
            return Action::None;
        };
        // A segment filter or revenue typed on the page and not saved: the window asks first.
        if page.is_dirty() {
            return Action::Open(Destination::CampaignEditor(campaign.id));
        }
        let (editor, task) = editor::Editor::create(Some(campaign.clone()));
        self.view = View::Editor(Box::new(editor));
        Action::Run(task.map(Message::Editor))
    }

    /// The editor of the campaign on show, its page's unsaved changes thrown away (the window's
    /// "Discard").
    pub fn edit_discarding(&mut self, workspace: &Workspace) -> Task<Message> {
        let View::Page(page) = &self.view else {
            return self.discard_to_list(workspace);
        };
        match page.campaign() {
            Some(campaign) => {
                let (editor, task) = editor::Editor::create(Some(campaign.clone()));
                self.view = View::Editor(Box::new(editor));
                task.map(Message::Editor)
            }
            None => self.discard_to_list(workspace),
        }
    }

    /// Back to the list, what was typed and not saved thrown away (the window's "Discard"); the
    /// list keeps its selection and sort.
    pub fn discard_to_list(&mut self, workspace: &Workspace) -> Task<Message> {
        self.view = View::List;
        Task::batch([self.refresh(workspace), self.list.reveal_selected()])
    }

    fn back_to_list(&mut self) -> Action<Message> {
        // A member's revenue typed but not saved: the window asks before it is thrown away.
        if self.is_dirty() {
            return Action::Open(Destination::Section(Section::Campaigns));
        }
        self.view = View::List;
        Action::Run(self.list.reveal_selected())
    }

    /// Leaves the editor for where it was opened from: the campaign's page, or the list.
    fn close_editor(&mut self, workspace: &Workspace) -> Action<Message> {
        let View::Editor(editor) = &self.view else {
            return Action::None;
        };
        // Typing not saved: the window asks before it is thrown away.
        if editor.is_dirty() {
            return Action::Open(Destination::Section(Section::Campaigns));
        }
        match editor.campaign_id() {
            Some(id) => self.open(workspace, id),
            None => self.back_to_list(),
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        match &self.view {
            View::List => self.list.view().map(Message::List),
            View::Page(page) => page.view().map(Message::Page),
            View::Editor(editor) => editor.view().map(Message::Editor),
        }
    }
}
