//! Drives the real window state the way a person does: each step builds the current view in an
//! `iced_test::Simulator`, clicks or types into it, then feeds the produced messages to `App::update`
//! and runs the resulting tasks (store calls, debounce timers) to completion. Keys no widget takes go
//! through the same shortcut table the window's keyboard subscription uses.

#![allow(dead_code)]

use std::collections::VecDeque;
use std::path::PathBuf;

use futures::StreamExt;
use iced::keyboard::{self, Key, Modifiers};
use iced::{Event, Task};
use iced_test::Simulator;
use iced_test::runtime::{Action, task};
use kith::demo::{self, DemoOptions};
use kith::store::Store;
use kith::ui::{App, Launch, Message, shortcuts};

pub struct Window {
    pub app: App,
    /// Right after `app`, so it drops once the window's store handles are gone.
    _closes: ClosesStore,
    pub path: PathBuf,
    pub dir: tempfile::TempDir,
    /// The window's size in the simulator; iced_test's 1024×768 unless a test needs more room.
    pub size: Option<iced::Size>,
}

/// Waits, as a window goes, for its store thread to close the workspace: SQLCipher's exit handlers
/// crash a connection still closing when the test binary ends (CI saw SIGSEGV after every test
/// of `ui_safety` had passed).
struct ClosesStore;

impl Drop for ClosesStore {
    fn drop(&mut self) {
        kith::store::join_closing_threads();
    }
}

impl Window {
    /// A window on a fresh demo workspace of `contacts` people.
    pub fn demo(contacts: u64) -> Window {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workspace.db");
        let mut store = Store::open(&path).unwrap();
        let today = chrono::Utc::now().date_naive();
        demo::generate(
            &mut store,
            &DemoOptions::new(contacts, 11, today),
            &mut |_, _| {},
        )
        .unwrap();
        drop(store);
        Window::open(dir, path, |_| {})
    }

    /// A window on a new, empty workspace.
    pub fn empty() -> Window {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("workspace.db");
        Window::open(dir, path, |_| {})
    }

    pub fn open(dir: tempfile::TempDir, path: PathBuf, adjust: impl FnOnce(&mut Launch)) -> Window {
        let mut launch = Launch::for_workspace(path.clone());
        adjust(&mut launch);
        let (app, boot) = App::boot(launch);
        let mut window = Window {
            app,
            _closes: ClosesStore,
            path,
            dir,
            size: None,
        };
        window.run(boot);
        window
    }

    fn simulator(&self) -> Simulator<'_, Message> {
        match self.size {
            Some(size) => Simulator::with_size(Default::default(), size, self.app.view()),
            None => Simulator::new(self.app.view()),
        }
    }

    /// The workspace file read directly, to check what was really saved.
    pub fn store(&self) -> Store {
        Store::open(&self.path).unwrap()
    }

    /// Runs a task and everything its messages lead to, until the window is idle.
    pub fn run(&mut self, task: Task<Message>) {
        let mut queue: VecDeque<Message> = outputs(task).into();
        while let Some(message) = queue.pop_front() {
            let next = self.app.update(message);
            queue.extend(outputs(next));
        }
    }

    pub fn send(&mut self, message: Message) {
        let task = self.app.update(message);
        self.run(task);
    }

    fn interact(&mut self, act: impl FnOnce(&mut Simulator<'_, Message>)) {
        let messages: Vec<Message> = {
            let mut ui = self.simulator();
            act(&mut ui);
            ui.into_messages().collect()
        };
        for message in messages {
            self.send(message);
        }
    }

    /// Clicks the widget showing exactly `label`.
    pub fn click(&mut self, label: &str) {
        let label = label.to_string();
        self.interact(|ui| {
            if let Err(e) = ui.click(label.as_str()) {
                panic!("cannot click {label:?}: {e}");
            }
        });
    }

    /// Clicks the `n`th (0-based) text on screen that contains `part`, in the order the view holds
    /// them (top to bottom for a list).
    pub fn click_nth(&mut self, part: &str, n: usize) {
        let part = part.to_string();
        self.interact(|ui| {
            let at = nth_text(ui, &part, n)
                .unwrap_or_else(|| panic!("there is no text number {n} containing {part:?}"));
            ui.point_at(at.center());
            let _ = ui.simulate(iced_test::simulator::click());
        });
    }

    /// Starts what `message` asks for without waiting on its work: the caller runs the returned task
    /// later (a long analysis the user cancels meanwhile).
    pub fn start(&mut self, message: Message) -> Task<Message> {
        self.app.update(message)
    }

    /// Presses the mouse on the text `from` (or the first text containing it: a card cuts a
    /// long title), moves to the text `to` and lets go there.
    pub fn drag(&mut self, from: &str, to: &str) {
        let (from, to) = (from.to_string(), to.to_string());
        self.interact(|ui| {
            let mut centre = |label: &str| {
                if let Ok(found) = ui.find(label) {
                    return found
                        .visible_bounds()
                        .unwrap_or_else(|| panic!("{label:?} is not visible"))
                        .center();
                }
                nth_text(ui, label, 0)
                    .unwrap_or_else(|| panic!("cannot find {label:?}"))
                    .center()
            };
            let (start, end) = (centre(&from), centre(&to));
            let moved = |at| Event::Mouse(iced::mouse::Event::CursorMoved { position: at });
            let button = iced::mouse::Button::Left;
            ui.point_at(start);
            ui.simulate([
                moved(start),
                Event::Mouse(iced::mouse::Event::ButtonPressed(button)),
            ]);
            ui.point_at(end);
            ui.simulate([
                moved(end),
                Event::Mouse(iced::mouse::Event::ButtonReleased(button)),
            ]);
        });
    }

    /// Presses the mouse on the text `from` (or the first containing it), then takes the pointer
    /// out of the window, where its release is never seen.
    pub fn press_and_leave(&mut self, from: &str) {
        let from = from.to_string();
        self.interact(|ui| {
            let start = nth_text(ui, &from, 0)
                .unwrap_or_else(|| panic!("cannot find {from:?}"))
                .center();
            ui.point_at(start);
            ui.simulate([
                Event::Mouse(iced::mouse::Event::CursorMoved { position: start }),
                Event::Mouse(iced::mouse::Event::ButtonPressed(iced::mouse::Button::Left)),
            ]);
            let outside = iced::Point::new(-5.0, -5.0);
            ui.point_at(outside);
            ui.simulate([
                Event::Mouse(iced::mouse::Event::CursorMoved { position: outside }),
                Event::Mouse(iced::mouse::Event::CursorLeft),
            ]);
        });
    }

    /// Clicks the text field with widget id `id` and types `text` into it.
    pub fn type_into(&mut self, id: &str, text: &str) {
        self.interact(|ui| {
            if let Err(e) = ui.click(iced_test::selector::id(id.to_string())) {
                panic!("cannot click field {id:?}: {e}");
            }
            ui.typewrite(text);
        });
    }

    /// Clicks the text field `id`, types `text` and presses `key` in it, in one go (the field
    /// keeps the keyboard only within one step).
    pub fn type_and_press_in(&mut self, id: &str, text: &str, key: keyboard::key::Named) {
        self.interact(|ui| {
            if let Err(e) = ui.click(iced_test::selector::id(id.to_string())) {
                panic!("cannot click field {id:?}: {e}");
            }
            ui.typewrite(text);
            ui.tap_key(key);
        });
    }

    /// Clicks the text field `id` and presses Enter in it.
    pub fn submit_in(&mut self, id: &str) {
        self.press_in(id, keyboard::key::Named::Enter);
    }

    /// Clicks the text field `id` and presses `key` in it.
    pub fn press_in(&mut self, id: &str, key: keyboard::key::Named) {
        self.interact(|ui| {
            if let Err(e) = ui.click(iced_test::selector::id(id.to_string())) {
                panic!("cannot click field {id:?}: {e}");
            }
            ui.tap_key(key);
        });
    }

    /// Clicks the text field `id`, selects what is in it and types `text` over it.
    pub fn replace_in(&mut self, id: &str, text: &str) {
        self.interact(|ui| {
            if let Err(e) = ui.click(iced_test::selector::id(id.to_string())) {
                panic!("cannot click field {id:?}: {e}");
            }
            let select_all = Event::Keyboard(keyboard::Event::KeyPressed {
                key: Key::Character("a".into()),
                modified_key: Key::Character("a".into()),
                physical_key: keyboard::key::Physical::Unidentified(
                    keyboard::key::NativeCode::Unidentified,
                ),
                location: keyboard::Location::Standard,
                modifiers: Modifiers::CTRL,
                text: None,
                repeat: false,
            });
            ui.simulate([
                Event::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::CTRL)),
                select_all,
                Event::Keyboard(keyboard::Event::ModifiersChanged(Modifiers::empty())),
            ]);
            if text.is_empty() {
                ui.tap_key(keyboard::key::Named::Backspace);
            } else {
                ui.typewrite(text);
            }
        });
    }

    /// Presses a key with modifiers, as the window would deliver it.
    pub fn press(&mut self, key: Key, modifiers: Modifiers) {
        let event = Event::Keyboard(keyboard::Event::KeyPressed {
            key: key.clone(),
            modified_key: key.clone(),
            physical_key: keyboard::key::Physical::Unidentified(
                keyboard::key::NativeCode::Unidentified,
            ),
            location: keyboard::Location::Standard,
            modifiers,
            text: None,
            repeat: false,
        });
        let mut ignored = false;
        self.interact(|ui| {
            let statuses = ui.simulate([
                Event::Keyboard(keyboard::Event::ModifiersChanged(modifiers)),
                event,
            ]);
            ignored = statuses.last() == Some(&iced::event::Status::Ignored);
        });
        if ignored && let Some(intent) = shortcuts::intent(&key, modifiers) {
            self.send(Message::Shortcut(intent));
        }
    }

    pub fn key(&mut self, named: keyboard::key::Named) {
        self.press(Key::Named(named), Modifiers::empty());
    }

    pub fn ctrl(&mut self, c: &str) {
        self.press(Key::Character(c.into()), Modifiers::CTRL);
    }

    /// Whether some text on screen (or the value of some field) is exactly `text`.
    pub fn sees(&mut self, text: &str) -> bool {
        let mut ui = self.simulator();
        ui.find(text).is_ok()
    }

    /// Whether some text on screen contains `part`.
    pub fn sees_part(&mut self, part: &str) -> bool {
        let mut ui = self.simulator();
        nth_text(&mut ui, part, 0).is_some()
    }

    /// How far down the window the first text containing `part` starts, if it is on screen.
    pub fn top_of(&mut self, part: &str) -> Option<f32> {
        let mut ui = self.simulator();
        nth_text(&mut ui, part, 0).map(|bounds| bounds.y)
    }

    #[track_caller]
    pub fn assert_sees_part(&mut self, part: &str) {
        assert!(
            self.sees_part(part),
            "expected to see text containing {part:?}"
        );
    }

    #[track_caller]
    pub fn assert_not_sees_part(&mut self, part: &str) {
        assert!(
            !self.sees_part(part),
            "expected no text containing {part:?}"
        );
    }

    /// Whether a widget with id `id` is on screen.
    pub fn shows_id(&mut self, id: &'static str) -> bool {
        let mut ui = self.simulator();
        ui.find(iced_test::selector::id(id)).is_ok()
    }

    /// Whether the notice at the foot of the window offers Undo (the status line's own Undo
    /// makes one "Undo" on screen; the notice's is a second).
    pub fn notice_offers_undo(&mut self) -> bool {
        let mut ui = self.simulator();
        let mut undo = 0;
        let _ = ui.find(
            |candidate: iced_test::selector::Candidate<'_>| match candidate {
                iced_test::selector::Candidate::Text {
                    content: "Undo",
                    visible_bounds: Some(_),
                    ..
                } => {
                    undo += 1;
                    None::<()>
                }
                _ => None,
            },
        );
        undo > 1
    }

    #[track_caller]
    pub fn assert_sees(&mut self, text: &str) {
        assert!(self.sees(text), "expected to see {text:?} in the window");
    }

    #[track_caller]
    pub fn assert_not_sees(&mut self, text: &str) {
        assert!(
            !self.sees(text),
            "expected not to see {text:?} in the window"
        );
    }
}

/// Where the `n`th visible text containing `part` is.
fn nth_text(ui: &mut Simulator<'_, Message>, part: &str, n: usize) -> Option<iced::Rectangle> {
    let mut seen = 0;
    ui.find(
        |candidate: iced_test::selector::Candidate<'_>| match candidate {
            iced_test::selector::Candidate::Text {
                content,
                visible_bounds: Some(bounds),
                ..
            } if content.contains(part) => {
                seen += 1;
                (seen == n + 1).then_some(bounds)
            }
            _ => None,
        },
    )
    .ok()
}

fn outputs(task: Task<Message>) -> Vec<Message> {
    let Some(stream) = task::into_stream(task) else {
        return Vec::new();
    };
    futures::executor::block_on(
        stream
            .filter_map(|action| async move {
                match action {
                    Action::Output(message) => Some(message),
                    // Focus and scroll requests act on widget state, which each step rebuilds, so
                    // nothing is focused between steps: a question about the widgets (is a field
                    // focused?) is answered as over an unfocused window.
                    Action::Widget(operation) => {
                        let _ = operation.finish();
                        None
                    }
                    _ => None,
                }
            })
            .collect(),
    )
}
