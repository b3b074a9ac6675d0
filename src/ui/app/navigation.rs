//! Going from screen to screen: the unsaved-changes question, and opening each destination.

use iced::Task;

use super::{Leaving, Message, Overlay, Ready, View};
use crate::store::Shared;
use crate::ui::screen::{
    Destination, Section, campaigns, company, company_form, contact, contact_form, dashboard,
    duplicates, export, import, pipeline, settings as settings_screen, tasks, tickets,
};

impl Ready {
    pub(super) fn form_is_dirty(&self) -> bool {
        self.unsaved().is_some()
    }

    /// What leaving the screen now would lose, said as the question before leaving says it: a
    /// ticket's page asking about "this form" had meant the SLA hours typed in the queue.
    pub(super) fn unsaved(&self) -> Option<&'static str> {
        const FORM: &str = "This form has changes that are not saved. Leaving now loses them.";
        let form = |dirty: bool| dirty.then_some(FORM);
        match &self.view {
            View::ContactForm(form_) => form(form_.is_dirty()),
            View::CompanyForm(form_) => form(form_.is_dirty()),
            View::Tickets(screen) => screen.unsaved().or(form(screen.is_dirty())),
            View::Pipeline(screen) => form(screen.is_dirty()),
            View::Campaigns(screen) => form(screen.is_dirty()),
            View::Contact(page) => page.unsaved(),
            View::Tasks(screen) => screen
                .is_dirty()
                .then_some("The task you typed is not added yet. Leaving now loses it."),
            View::Settings(page) => {
                (page.stages.is_dirty() || page.currency.is_dirty() || page.team.is_dirty())
                    .then_some("Settings have changes that are not saved. Leaving now loses them.")
            }
            _ => None,
        }
    }

    /// Goes to `to`, first asking whether to discard unsaved changes in an open form.
    pub(super) fn navigate(&mut self, to: Destination) -> Task<Message> {
        if self.form_is_dirty() {
            return self.ask_to_discard(Leaving::To(to));
        }
        self.go(to)
    }

    /// Asks whether to discard an open form's unsaved changes before `leaving`.
    pub(super) fn ask_to_discard(&mut self, leaving: Leaving) -> Task<Message> {
        self.overlay = Some(Overlay::ConfirmLeave(leaving));
        // The question has the keyboard: a field behind it kept it, and took the Enter that
        // answers "discard" as its own submit (a call logged instead of thrown away). Which
        // field it was — or, after an Escape or a click that took the keyboard from it, which
        // field had it — is kept, to give it back if the user keeps editing.
        crate::ui::widget::focus_memory::focus_to_give_back()
            .map(Message::FocusHeld)
            .chain(iced::advanced::widget::operate(
                iced::advanced::widget::operation::focusable::unfocus(),
            ))
    }

    /// "Keep editing": the question goes, and the field that had the keyboard has it again.
    pub(super) fn keep_editing(&mut self) -> Task<Message> {
        self.overlay = None;
        self.held_focus
            .take()
            .map_or_else(Task::none, crate::ui::widget::focus_memory::give_back)
    }

    pub(super) fn go(&mut self, to: Destination) -> Task<Message> {
        // A new screen is laid out afresh: an empty notice strip has no place left to keep.
        self.notice_room = self.notice.is_some();
        let behind = self.behind_export.take();
        if let (View::Export(_), Some((origin, view))) = (&self.view, behind)
            && origin == to
        {
            self.view = view;
            return self.refresh_all();
        }
        let export_origin = match &to {
            Destination::Export(source) => Some(source.origin()),
            _ => None,
        };
        // Kept only for the one step back from the deal form to the contact that opened it.
        let deal_opened_from = self.deal_opened_from.take();
        let ws = &self.workspace;
        // Already on the board, the queue or the campaigns, the screen stays with its selection,
        // filters and scroll: the deal form's "Discard" lost the selected card, a ticket opened
        // from the search palette reset the queue's filters and sort, and a campaign page's
        // "Edit" over unsaved changes can discard them and go on to the editor.
        match (&mut self.view, &to) {
            (View::Pipeline(screen), Destination::Section(Section::Pipeline)) => {
                return screen.discard_form(ws).map(Message::Pipeline);
            }
            (View::Tickets(screen), Destination::Ticket(id)) => {
                return screen.open(ws, *id).map(Message::Tickets);
            }
            (View::Tickets(screen), Destination::Section(Section::Tickets)) => {
                return screen.discard_to_queue(ws).map(Message::Tickets);
            }
            (View::Campaigns(screen), Destination::Section(Section::Campaigns)) => {
                return screen.discard_to_list(ws).map(Message::Campaigns);
            }
            (View::Campaigns(screen), Destination::CampaignEditor(_)) => {
                return screen.edit_discarding(ws).map(Message::Campaigns);
            }
            _ => {}
        }
        let to_contact = matches!(to, Destination::Contact(_));
        let (view, task) = match to {
            // The lists are kept while other screens are shown, but their scrollables are not.
            Destination::Section(Section::Contacts) => (
                View::Contacts,
                self.contacts.scroll_back().map(Message::Contacts),
            ),
            Destination::Section(Section::Companies) => (
                View::Companies,
                self.companies.scroll_back().map(Message::Companies),
            ),
            Destination::Section(Section::Settings) => {
                let (stages, task) = settings_screen::stages::StageEditor::new(ws);
                let task = task.map(|m| Message::Settings(settings_screen::Message::Stages(m)));
                let (safety, load) = settings_screen::safety::Safety::new(ws);
                let load = load.map(|m| Message::Settings(settings_screen::Message::Safety(m)));
                let (currency, read) = settings_screen::currency::CurrencyEditor::new(ws);
                let read = read.map(|m| Message::Settings(settings_screen::Message::Currency(m)));
                let (team, people) = settings_screen::team::TeamEditor::new(ws);
                let people = people.map(|m| Message::Settings(settings_screen::Message::Team(m)));
                let page = settings_screen::Page {
                    stages,
                    safety,
                    currency,
                    team,
                };
                (
                    View::Settings(Box::new(page)),
                    Task::batch([task, load, read, people]),
                )
            }
            Destination::Section(Section::Pipeline) => {
                let (screen, task) = pipeline::Pipeline::new(ws);
                (
                    View::Pipeline(Box::new(screen)),
                    task.map(Message::Pipeline),
                )
            }
            Destination::Deal(id) => {
                // Closing the form goes back to the page that opened it.
                let back = match &self.view {
                    View::Company(page) => Some(Destination::Company(page.id())),
                    View::Contact(page) => {
                        self.deal_opened_from = Some(page.id());
                        Some(Destination::Contact(page.id()))
                    }
                    _ => None,
                };
                let (mut screen, task) = pipeline::Pipeline::new(ws);
                let edit = screen.edit_deal(ws, id, back);
                (
                    View::Pipeline(Box::new(screen)),
                    Task::batch([task, edit]).map(Message::Pipeline),
                )
            }
            Destination::ClosedDeals => {
                let (mut screen, task) = pipeline::Pipeline::new(ws);
                let closed = screen.show_closed(ws);
                (
                    View::Pipeline(Box::new(screen)),
                    Task::batch([task, closed]).map(Message::Pipeline),
                )
            }
            Destination::Section(Section::Tickets) => {
                let (screen, task) = tickets::Tickets::new(ws);
                (View::Tickets(Box::new(screen)), task.map(Message::Tickets))
            }
            Destination::Section(Section::Campaigns) => {
                let (screen, task) = campaigns::Campaigns::new(ws);
                (
                    View::Campaigns(Box::new(screen)),
                    task.map(Message::Campaigns),
                )
            }
            Destination::Section(Section::Tasks) => {
                let (screen, task) = tasks::Tasks::resume(ws, self.tasks_left.take());
                (View::Tasks(Box::new(screen)), task.map(Message::Tasks))
            }
            Destination::Section(Section::Analytics) => (View::Analytics, Task::none()),
            Destination::Section(Section::Dashboard) => {
                let (screen, task) = dashboard::Dashboard::new(ws);
                (
                    View::Dashboard(Box::new(screen)),
                    task.map(Message::Dashboard),
                )
            }
            Destination::Contact(id) => {
                let (page, task) = contact::ContactPage::new(ws, id);
                // Opened from a company or another section, or back from editing a contact
                // opened so: Back returns there.
                let as_it_was = self
                    .contact_opened_from
                    .filter(|(contact, _)| *contact == id)
                    .map_or(contact::Back::Contacts, |(_, back)| back);
                let back = match &self.view {
                    View::ContactForm(form) if form.back().is_some() => {
                        form.back().unwrap_or(contact::Back::Contacts)
                    }
                    View::ContactForm(_) | View::Contact(_) => as_it_was,
                    // Back from a new ticket their page opened, as the page was: its Back had
                    // become "← Tickets".
                    View::Tickets(screen) if screen.new_ticket_about() == Some(id) => as_it_was,
                    // Back from a deal their page opened (its Back had become "← Pipeline").
                    View::Pipeline(_) if deal_opened_from == Some(id) => as_it_was,
                    _ => self.back_here(),
                };
                self.contact_opened_from = Some((id, back));
                (
                    View::Contact(page.opened_from(back)),
                    task.map(Message::Contact),
                )
            }
            Destination::NewContact { company } => {
                let (form, task) = contact_form::ContactForm::create(ws, company);
                let form = form.opened_from(self.back_here());
                (
                    View::ContactForm(Box::new(form)),
                    task.map(Message::ContactForm),
                )
            }
            Destination::EditContact(id) => {
                let (form, task) = contact_form::ContactForm::edit(ws, id);
                (
                    View::ContactForm(Box::new(form)),
                    task.map(Message::ContactForm),
                )
            }
            Destination::ContactsAt(id, name) => {
                let task = self.contacts.show_company(ws, id, name);
                (View::Contacts, task.map(Message::Contacts))
            }
            Destination::Company(id) => {
                let (page, task) = company::CompanyPage::new(ws, id);
                (View::Company(page), task.map(Message::Company))
            }
            Destination::NewCompany => (
                View::CompanyForm(company_form::CompanyForm::create()),
                company_form::focus_first(),
            ),
            Destination::EditCompany(id) => {
                let (form, task) = company_form::CompanyForm::edit(ws, id);
                (View::CompanyForm(form), task.map(Message::CompanyForm))
            }
            // Already in the wizard: it stays as it is.
            Destination::Import if matches!(self.view, View::Import(_)) => return Task::none(),
            Destination::Import => match self.parked_import.take() {
                Some(screen) => (View::Import(screen), Task::none()),
                None => {
                    let (screen, task) = import::Import::new();
                    (View::Import(Box::new(screen)), task.map(Message::Import))
                }
            },
            Destination::Duplicates => {
                let (screen, task) = duplicates::Duplicates::new(ws);
                (
                    View::Duplicates(Box::new(screen)),
                    task.map(Message::Duplicates),
                )
            }
            Destination::Export(source) => (
                View::Export(Box::new(export::Export::new(source))),
                Task::none(),
            ),
            Destination::ContactOfActivity(id) => {
                let task = ws.run(
                    move |s| Ok(s.activity(id)?.fields.contact_id),
                    |r| linked(r, "activity"),
                );
                return task;
            }
            Destination::Campaign(id) => {
                let (mut screen, task) = match self.left_for_contact.take() {
                    Some(View::Campaigns(screen)) => (screen, Task::none()),
                    _ => {
                        let (screen, task) = campaigns::Campaigns::new(ws);
                        (Box::new(screen), task)
                    }
                };
                let open = screen.come_back(ws, id);
                (
                    View::Campaigns(screen),
                    Task::batch([task, open]).map(Message::Campaigns),
                )
            }
            Destination::CampaignEditor(id) => {
                let (mut screen, task) = campaigns::Campaigns::new(ws);
                let open = screen.open_page(ws, id);
                (
                    View::Campaigns(Box::new(screen)),
                    Task::batch([task, open]).map(Message::Campaigns),
                )
            }
            Destination::NewTicket(contact) => {
                let (mut screen, task) = tickets::Tickets::new(ws);
                let form = screen.new_about(ws, contact);
                (
                    View::Tickets(Box::new(screen)),
                    Task::batch([task, form]).map(Message::Tickets),
                )
            }
            Destination::TicketFrom { id, back, label } => {
                let (mut screen, task) = tickets::Tickets::new(ws);
                let open = screen.open_from(ws, id, *back, label);
                (
                    View::Tickets(Box::new(screen)),
                    Task::batch([task, open]).map(Message::Tickets),
                )
            }
            Destination::Ticket(id) => {
                let (mut screen, task) = match self.left_for_contact.take() {
                    Some(View::Tickets(screen)) => (screen, Task::none()),
                    _ => {
                        let (screen, task) = tickets::Tickets::new(ws);
                        (Box::new(screen), task)
                    }
                };
                let open = screen.come_back(ws, id);
                (
                    View::Tickets(screen),
                    Task::batch([task, open]).map(Message::Tickets),
                )
            }
        };
        if let View::Tasks(screen) = &self.view {
            self.tasks_left = Some(screen.left());
        }
        match std::mem::replace(&mut self.view, view) {
            View::Import(left) if left.worth_keeping() => self.parked_import = Some(left),
            // Typing the window was told to discard goes; the page's place stays.
            View::Campaigns(mut left) if to_contact && left.page_shown().is_some() => {
                left.discard_changes();
                self.left_for_contact = Some(View::Campaigns(left));
            }
            View::Tickets(mut left) if to_contact && left.ticket_shown().is_some() => {
                left.discard_changes();
                self.left_for_contact = Some(View::Tickets(left));
            }
            left => self.behind_export = export_origin.map(|origin| (origin, left)),
        }
        // Kept only while the contact (or its form) is on show.
        if !matches!(self.view, View::Contact(_) | View::ContactForm(_)) {
            self.left_for_contact = None;
        }
        task
    }
}

impl Ready {
    /// Where a contact (or a new contact's form) opened from the screen in view goes back to: a
    /// company's page, another section, or the contact list.
    fn back_here(&self) -> contact::Back {
        if let View::Campaigns(screen) = &self.view
            && let Some(campaign) = screen.page_shown()
        {
            return contact::Back::Campaign(campaign);
        }
        if let View::Tickets(screen) = &self.view
            && let Some(ticket) = screen.ticket_shown()
        {
            return contact::Back::Ticket(ticket);
        }
        match &self.view {
            View::Company(company) => contact::Back::Company(company.id()),
            _ => match self.current_section() {
                Some(section) if section != Section::Contacts => contact::Back::Section(section),
                _ => contact::Back::Contacts,
            },
        }
    }
}

/// Where a search hit for an activity or ticket leads: the person it concerns.
fn linked(result: Shared<Option<crate::domain::ContactId>>, what: &str) -> Message {
    match result {
        Ok(Some(id)) => Message::Navigate(Destination::Contact(id)),
        Ok(None) => Message::Failed(format!("This {what} is not linked to a contact.")),
        Err(e) => Message::Failed(format!("Could not open the {what}: {e}")),
    }
}
