//! Ctrl with a key is a shortcut, never typing. Under X11 Ctrl+1, Ctrl+0 and Ctrl+, carry the
//! text "1", "0" and ",", and iced 0.14's text fields insert any text a key press carries: with the
//! cursor in the search field, Ctrl+1 typed "1" there (narrowing the list to nothing) and the
//! section did not change, since the field had used the key.
//!
//! [`shortcuts_over_text`] wraps the window's content and takes the text off such presses before
//! any widget sees them. Ctrl+C, X, V and A still reach the fields (they read the key, not the
//! text), and Ctrl with Alt is left alone: it is AltGr on many layouts, which types "@" or "€".
//! Alt alone with a key of the shortcut table is a shortcut too (outside macOS).

use iced::advanced::widget::{Tree, Widget};
use iced::advanced::{Clipboard, Layout, Shell, mouse};
use iced::keyboard;
use iced::{Element, Event, Rectangle};

/// Wraps the window's content so that no Ctrl+key press types into a field.
pub fn shortcuts_over_text<'a, Message: 'a>(
    content: impl Into<Element<'a, Message>>,
) -> Element<'a, Message> {
    Element::new(ShortcutsOverText {
        content: content.into(),
    })
}

struct ShortcutsOverText<'a, Message> {
    content: Element<'a, Message>,
}

/// The press without its text when Ctrl (and not Alt) is held, or Alt alone with a key the
/// shortcut table has (Alt+1 in the log form's subject typed "1" and picked nothing); `None` when
/// it is left as it is. On macOS, Option with a letter types a character ("ø"), so it is left.
fn without_text(event: &Event) -> Option<Event> {
    let alt_shortcut = |key: &keyboard::Key, modifiers: &keyboard::Modifiers| {
        !cfg!(target_os = "macos")
            && modifiers.alt()
            && !modifiers.control()
            && crate::ui::shortcuts::intent(key, *modifiers).is_some()
    };
    match event {
        Event::Keyboard(keyboard::Event::KeyPressed {
            key,
            modified_key,
            physical_key,
            location,
            modifiers,
            text: Some(_),
            repeat,
        }) if (modifiers.control() && !modifiers.alt()) || alt_shortcut(key, modifiers) => {
            Some(Event::Keyboard(keyboard::Event::KeyPressed {
                key: key.clone(),
                modified_key: modified_key.clone(),
                physical_key: *physical_key,
                location: *location,
                modifiers: *modifiers,
                text: None,
                repeat: *repeat,
            }))
        }
        _ => None,
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for ShortcutsOverText<'_, Message> {
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
        let stripped = without_text(event);
        self.content.as_widget_mut().update(
            &mut tree.children[0],
            stripped.as_ref().unwrap_or(event),
            layout,
            cursor,
            renderer,
            clipboard,
            shell,
            viewport,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::keyboard::{Key, Location, Modifiers, key};

    fn press(text: &str, modifiers: Modifiers) -> Event {
        Event::Keyboard(keyboard::Event::KeyPressed {
            key: Key::Character(text.into()),
            modified_key: Key::Character(text.into()),
            physical_key: key::Physical::Unidentified(key::NativeCode::Unidentified),
            location: Location::Standard,
            modifiers,
            text: Some(text.into()),
            repeat: false,
        })
    }

    #[test]
    fn ctrl_presses_lose_their_text_and_altgr_and_plain_ones_keep_it() {
        let text_of = |e: Option<Event>| match e {
            Some(Event::Keyboard(keyboard::Event::KeyPressed { text, .. })) => Some(text),
            _ => None,
        };
        assert_eq!(
            text_of(without_text(&press("1", Modifiers::CTRL))),
            Some(None)
        );
        assert!(without_text(&press("1", Modifiers::empty())).is_none());
        assert!(without_text(&press("1", Modifiers::SHIFT)).is_none());
        assert!(without_text(&press("@", Modifiers::CTRL | Modifiers::ALT)).is_none());
        // Alt with a shortcut's key is a shortcut, even in a text field; other Alt keys type.
        if !cfg!(target_os = "macos") {
            assert_eq!(
                text_of(without_text(&press("3", Modifiers::ALT))),
                Some(None)
            );
        }
        assert!(without_text(&press("q", Modifiers::ALT)).is_none());
    }
}
