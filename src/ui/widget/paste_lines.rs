//! Lines pasted into a one-line field keep apart. iced's one-line text field drops the line
//! breaks of what is pasted, so an address copied from a web page ("14 rue des Meuniers" /
//! "Bâtiment B" / "75011 Paris") was saved as "14 rue des MeuniersBâtiment B75011 Paris".
//!
//! [`lines_joined_on_paste`] wraps the window's content: on Ctrl+V (⌘V) into a one-line field, it
//! hands the field the clipboard's lines joined with ", " and puts the clipboard back as it was
//! right after. A multi-line box (notes, a reply) gets the lines as they are.

use iced::advanced::widget::operation::{Focusable, Operation, TextInput};
use iced::advanced::widget::{Id, Tree, Widget};
use iced::advanced::{Clipboard, Layout, Shell, clipboard, mouse};
use iced::{Element, Event, Rectangle, keyboard};

/// Wraps the window's content so that lines pasted into a one-line field are joined, not run
/// together.
pub fn lines_joined_on_paste<'a, Message: 'a>(
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    Element::new(PasteLines {
        content: content.into(),
    })
}

struct PasteLines<'a, Message> {
    content: Element<'a, Message>,
}

/// `text`'s lines, trimmed, the empty ones left out, joined as what they are: words with ", "
/// (an address), digits with a space (a number broken over two lines, "+49 30" / "1234567"), and
/// a path broken after a slash with nothing; a tab (a spreadsheet's cells) is a space, where
/// iced's field dropped it and ran the cells together. `None` when it is one line without tabs.
fn joined(text: &str) -> Option<String> {
    if !text.contains(['\n', '\r', '\t']) {
        return None;
    }
    let text = text.replace('\t', " ");
    let lines = text
        .split(['\n', '\r'])
        .map(str::trim)
        .filter(|l| !l.is_empty());
    let wordless = |l: &str| !l.chars().any(char::is_alphabetic);
    let mut out = String::new();
    let mut before: Option<&str> = None;
    for line in lines {
        if let Some(prev) = before {
            out.push_str(if prev.ends_with(['/', '\\']) {
                ""
            } else if wordless(prev) && wordless(line) {
                " "
            } else {
                ", "
            });
        }
        out.push_str(line);
        before = Some(line);
    }
    Some(out)
}

fn is_paste(event: &Event) -> bool {
    matches!(
        event,
        Event::Keyboard(keyboard::Event::KeyPressed { key: keyboard::Key::Character(c), modifiers, .. })
            if c.as_str().eq_ignore_ascii_case("v") && modifiers.command() && !modifiers.alt()
    )
}

/// Finds whether the focused widget is a one-line text field: such a field reports itself as a
/// text input and then as a focusable with the same bounds; a multi-line editor only as the
/// second.
#[derive(Default)]
struct FocusedLine {
    last_text_input: Option<Rectangle>,
    one_line: bool,
}

impl Operation for FocusedLine {
    fn traverse(&mut self, operate: &mut dyn FnMut(&mut dyn Operation)) {
        operate(self);
    }

    fn text_input(&mut self, _id: Option<&Id>, bounds: Rectangle, _state: &mut dyn TextInput) {
        self.last_text_input = Some(bounds);
    }

    fn focusable(&mut self, _id: Option<&Id>, bounds: Rectangle, state: &mut dyn Focusable) {
        if state.is_focused() {
            self.one_line = self.last_text_input == Some(bounds);
        }
        self.last_text_input = None;
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for PasteLines<'_, Message> {
    super::wrapper::delegate_to_content!();

    super::wrapper::operate_on_content!();

    fn update(
        &mut self,
        tree: &mut Tree,
        event: &Event,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        renderer: &iced::Renderer,
        clipboard: &mut dyn Clipboard,
        shell: &mut Shell<'_, Message>,
        viewport: &Rectangle,
    ) {
        let swapped = if is_paste(event) {
            clipboard
                .read(clipboard::Kind::Standard)
                .and_then(|text| Some((joined(&text)?, text)))
                .filter(|_| {
                    let mut find = FocusedLine::default();
                    self.content.as_widget_mut().operate(
                        &mut tree.children[0],
                        layout,
                        renderer,
                        &mut find,
                    );
                    find.one_line
                })
        } else {
            None
        };
        if let Some((lines, _)) = &swapped {
            clipboard.write(clipboard::Kind::Standard, lines.clone());
        }
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            event,
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
        if let Some((_, original)) = swapped {
            clipboard.write(clipboard::Kind::Standard, original);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pasted_lines_are_joined_with_commas_and_one_line_is_left_alone() {
        assert_eq!(
            joined("14 rue des Meuniers\nBâtiment B\r\n75011 Paris\n\nFrance\n").as_deref(),
            Some("14 rue des Meuniers, Bâtiment B, 75011 Paris, France")
        );
        assert_eq!(
            joined("  3 Impasse\r69002 Lyon").as_deref(),
            Some("3 Impasse, 69002 Lyon")
        );
        assert_eq!(joined("one line"), None);
        assert_eq!(
            joined("=HYPERLINK(\"x\")\tTab").as_deref(),
            Some("=HYPERLINK(\"x\") Tab")
        );
        assert_eq!(
            joined("+49 30\n1234567\n").as_deref(),
            Some("+49 30 1234567")
        );
        assert_eq!(
            joined("/tmp/probe7/\nphones.csv").as_deref(),
            Some("/tmp/probe7/phones.csv")
        );
    }
}
