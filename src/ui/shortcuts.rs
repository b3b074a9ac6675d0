//! Every keyboard shortcut in one table: a key chord and the intent it expresses. The app routes
//! intents; the help overlay lists this same table, so the two can never disagree.

use iced::keyboard::key::Named;
use iced::keyboard::{Key, Modifiers};

use crate::domain::{ActivityKind, TicketStatus};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Search,
    NewRecord,
    Save,
    Edit,
    Undo,
    Redo,
    Help,
    Close,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    Open,
    Delete,
    Section(u8),
    FocusNext,
    FocusPrevious,
    Left,
    Right,
    /// Moves the selected card to the neighbouring column (a deal to the previous or next stage).
    MoveLeft,
    MoveRight,
    /// Moves the open ticket to this status (where the workflow allows it).
    Status(TicketStatus),
    /// On a contact's page, what the log form logs: buttons iced's Tab does not reach.
    LogKind(ActivityKind),
    /// On a contact's page, a call or e-mail switched between outbound and inbound.
    Direction,
    /// In the contact form, the next lifecycle stage (a menu Tab does not reach).
    NextStage,
    /// On a contact's page, a new ticket about them (Ctrl+N there is a new contact).
    NewTicket,
    /// On the board, the selected deal marked won.
    Won,
    /// On the board, the selected deal marked lost (asking why).
    Lost,
    /// On the Today list, the selected task put off to the next time offered: the snooze
    /// buttons are out of Tab's reach.
    Snooze,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyName {
    Char(char),
    Named(Named),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Chord {
    pub key: KeyName,
    pub ctrl: bool,
    pub shift: bool,
    pub alt: bool,
}

pub struct Shortcut {
    pub chord: Chord,
    pub intent: Intent,
    pub description: &'static str,
}

const fn ctrl(c: char) -> Chord {
    Chord {
        key: KeyName::Char(c),
        ctrl: true,
        shift: false,
        alt: false,
    }
}

const fn alt(c: char) -> Chord {
    Chord {
        key: KeyName::Char(c),
        ctrl: false,
        shift: false,
        alt: true,
    }
}

const fn shift(named: Named) -> Chord {
    Chord {
        key: KeyName::Named(named),
        ctrl: false,
        shift: true,
        alt: false,
    }
}

const fn ctrl_shift(c: char) -> Chord {
    Chord {
        key: KeyName::Char(c),
        ctrl: true,
        shift: true,
        alt: false,
    }
}

const fn plain(named: Named) -> Chord {
    Chord {
        key: KeyName::Named(named),
        ctrl: false,
        shift: false,
        alt: false,
    }
}

#[rustfmt::skip]
pub const TABLE: &[Shortcut] = &[
    Shortcut { chord: ctrl('k'), intent: Intent::Search, description: "Search everything" },
    Shortcut { chord: ctrl('f'), intent: Intent::Search, description: "Search everything" },
    Shortcut { chord: ctrl('n'), intent: Intent::NewRecord, description: "New record of the screen: contact, company, deal, ticket, campaign or task" },
    Shortcut { chord: ctrl('s'), intent: Intent::Save, description: "Save the form" },
    Shortcut { chord: ctrl('e'), intent: Intent::Edit, description: "Edit the open record" },
    Shortcut { chord: ctrl('z'), intent: Intent::Undo, description: "Undo the last change" },
    Shortcut { chord: ctrl_shift('z'), intent: Intent::Redo, description: "Redo" },
    Shortcut { chord: ctrl('y'), intent: Intent::Redo, description: "Redo" },
    Shortcut { chord: plain(Named::F1), intent: Intent::Help, description: "Keyboard shortcuts" },
    Shortcut { chord: ctrl('/'), intent: Intent::Help, description: "Keyboard shortcuts" },
    Shortcut { chord: plain(Named::Escape), intent: Intent::Close, description: "Close, go back" },
    Shortcut { chord: plain(Named::Tab), intent: Intent::FocusNext, description: "Next field" },
    Shortcut { chord: shift(Named::Tab), intent: Intent::FocusPrevious, description: "Previous field" },
    Shortcut { chord: plain(Named::ArrowUp), intent: Intent::Up, description: "Previous row" },
    Shortcut { chord: plain(Named::ArrowDown), intent: Intent::Down, description: "Next row" },
    Shortcut { chord: plain(Named::ArrowLeft), intent: Intent::Left, description: "Previous column" },
    Shortcut { chord: plain(Named::ArrowRight), intent: Intent::Right, description: "Next column" },
    Shortcut { chord: shift(Named::ArrowLeft), intent: Intent::MoveLeft, description: "Move the deal to the previous stage" },
    Shortcut { chord: shift(Named::ArrowRight), intent: Intent::MoveRight, description: "Move the deal to the next stage" },
    Shortcut { chord: plain(Named::PageUp), intent: Intent::PageUp, description: "Page up" },
    Shortcut { chord: plain(Named::PageDown), intent: Intent::PageDown, description: "Page down" },
    Shortcut { chord: plain(Named::Home), intent: Intent::First, description: "First row" },
    Shortcut { chord: plain(Named::End), intent: Intent::Last, description: "Last row" },
    Shortcut { chord: plain(Named::Enter), intent: Intent::Open, description: "Open the selected row" },
    Shortcut { chord: plain(Named::Delete), intent: Intent::Delete, description: "Delete the selected record (a task: mark it done)" },
    Shortcut { chord: alt('o'), intent: Intent::Status(TicketStatus::Open), description: "Ticket: mark open / reopen" },
    Shortcut { chord: alt('p'), intent: Intent::Status(TicketStatus::Pending), description: "Ticket: mark pending" },
    Shortcut { chord: alt('r'), intent: Intent::Status(TicketStatus::Resolved), description: "Ticket: resolve (asks for a rating)" },
    Shortcut { chord: alt('c'), intent: Intent::Status(TicketStatus::Closed), description: "Ticket: close (asks first)" },
    Shortcut { chord: alt('1'), intent: Intent::LogKind(ActivityKind::Call), description: "Contact: log a call" },
    Shortcut { chord: alt('2'), intent: Intent::LogKind(ActivityKind::Email), description: "Contact: log an e-mail" },
    Shortcut { chord: alt('3'), intent: Intent::LogKind(ActivityKind::Meeting), description: "Contact: log a meeting" },
    Shortcut { chord: alt('4'), intent: Intent::LogKind(ActivityKind::Note), description: "Contact: log a note" },
    Shortcut { chord: alt('d'), intent: Intent::Direction, description: "Contact: switch the call or e-mail between outbound and inbound" },
    Shortcut { chord: alt('l'), intent: Intent::NextStage, description: "Contact form: next lifecycle stage" },
    Shortcut { chord: alt('t'), intent: Intent::NewTicket, description: "Contact: open a ticket about them" },
    Shortcut { chord: alt('w'), intent: Intent::Won, description: "Pipeline: mark the deal won" },
    Shortcut { chord: alt('x'), intent: Intent::Lost, description: "Pipeline: mark the deal lost (asks why)" },
    Shortcut { chord: alt('s'), intent: Intent::Snooze, description: "Today: snooze the selected task (an hour, then tomorrow, then next week)" },
    Shortcut { chord: ctrl('1'), intent: Intent::Section(0), description: "Contacts" },
    Shortcut { chord: ctrl('2'), intent: Intent::Section(1), description: "Companies" },
    Shortcut { chord: ctrl('3'), intent: Intent::Section(2), description: "Pipeline" },
    Shortcut { chord: ctrl('4'), intent: Intent::Section(3), description: "Tickets" },
    Shortcut { chord: ctrl('5'), intent: Intent::Section(4), description: "Campaigns" },
    Shortcut { chord: ctrl('6'), intent: Intent::Section(5), description: "Tasks" },
    Shortcut { chord: ctrl('7'), intent: Intent::Section(6), description: "Analytics" },
    Shortcut { chord: ctrl(','), intent: Intent::Section(7), description: "Settings" },
    Shortcut { chord: ctrl('0'), intent: Intent::Section(8), description: "Dashboard" },
];

/// The intent of a key press, if the table has one. Ctrl and the macOS command key count alike.
pub fn intent(key: &Key, modifiers: Modifiers) -> Option<Intent> {
    let name = match key.as_ref() {
        Key::Named(named) => KeyName::Named(named),
        Key::Character(c) => KeyName::Char(c.chars().next()?.to_ascii_lowercase()),
        Key::Unidentified => return None,
    };
    let pressed = Chord {
        key: name,
        ctrl: modifiers.command(),
        shift: modifiers.shift(),
        alt: modifiers.alt(),
    };
    TABLE.iter().find(|s| s.chord == pressed).map(|s| s.intent)
}

impl std::fmt::Display for Chord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl+")?;
        }
        if self.shift {
            f.write_str("Shift+")?;
        }
        if self.alt {
            f.write_str("Alt+")?;
        }
        match self.key {
            KeyName::Char(c) => write!(f, "{}", c.to_ascii_uppercase()),
            KeyName::Named(named) => write!(f, "{}", named_label(named)),
        }
    }
}

fn named_label(named: Named) -> &'static str {
    match named {
        Named::Escape => "Esc",
        Named::ArrowUp => "↑",
        Named::ArrowDown => "↓",
        Named::ArrowLeft => "←",
        Named::ArrowRight => "→",
        Named::PageUp => "Page Up",
        Named::PageDown => "Page Down",
        Named::Home => "Home",
        Named::End => "End",
        Named::Enter => "Enter",
        Named::Delete => "Delete",
        Named::F1 => "F1",
        Named::Tab => "Tab",
        _ => "?",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ctrl_shift_z_redoes_and_ctrl_z_undoes() {
        let z = Key::Character("z".into());
        let big_z = Key::Character("Z".into());
        assert_eq!(intent(&z, Modifiers::CTRL), Some(Intent::Undo));
        assert_eq!(
            intent(&big_z, Modifiers::CTRL | Modifiers::SHIFT),
            Some(Intent::Redo)
        );
        assert_eq!(intent(&z, Modifiers::empty()), None);
    }

    #[test]
    fn every_chord_appears_once() {
        for (i, a) in TABLE.iter().enumerate() {
            for b in &TABLE[i + 1..] {
                assert_ne!(a.chord, b.chord, "{} is bound twice", a.chord);
            }
        }
    }

    #[test]
    fn chords_read_as_people_write_them() {
        assert_eq!(ctrl_shift('z').to_string(), "Ctrl+Shift+Z");
        assert_eq!(plain(Named::F1).to_string(), "F1");
    }
}
