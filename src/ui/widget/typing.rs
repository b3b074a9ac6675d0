//! What is being typed into a search box, and the debounce that waits for a pause before searching:
//! each keystroke starts a short timer, and only the timer of the latest keystroke counts.

use std::time::Duration;

use iced::Task;

use crate::ui::timer;

const PAUSE: Duration = Duration::from_millis(150);

#[derive(Debug, Default)]
pub struct Typing {
    pub text: String,
    keystrokes: u64,
}

impl Typing {
    /// Records a change; the task answers with `settled(n)` once typing pauses.
    pub fn changed<M: Send + 'static>(&mut self, text: String, settled: fn(u64) -> M) -> Task<M> {
        self.text = text;
        self.keystrokes += 1;
        let n = self.keystrokes;
        Task::perform(timer::after(PAUSE), move |_| settled(n))
    }

    /// Whether the pause `n` belongs to the latest keystroke (earlier ones are stale).
    pub fn is_latest(&self, n: u64) -> bool {
        n == self.keystrokes
    }

    /// Takes the typing as it is now (Enter pressed): the pause still pending is stale. Returns
    /// the number that now counts as the latest.
    pub fn settle(&mut self) -> u64 {
        self.keystrokes += 1;
        self.keystrokes
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.keystrokes += 1;
    }
}
