//! A choice drawn as a row of buttons or a drop-down (a ticket's priority, a deal's stage, the
//! theme), made reachable from the keyboard. iced 0.14's buttons and pick lists take no focus, so
//! Tab passed over them and a keyboard user could not change them at all. [`keyed_choice`] makes
//! the whole choice one stop in Tab's round: while it has the keyboard it wears the focus ring,
//! and ← / → (or ↑ / ↓) step to the previous or next option. [`keyed_button`] does the same for a
//! lone button (a timeline entry's Edit, a company's person): Enter or Space presses it.

use iced::advanced::widget::operation::Focusable;
use iced::advanced::widget::{Id, Tree, Widget, tree};
use iced::advanced::{Clipboard, Layout, Shell, mouse, renderer};
use iced::keyboard::{self, key::Named};
use iced::{Border, Color, Element, Event, Rectangle};

use crate::ui::theme;

/// Which way a key moves a choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Previous,
    Next,
}

impl Step {
    /// The option `self` leads to from `current` among `options`, stopping at either end.
    pub fn from<T: PartialEq + Copy>(self, options: &[T], current: T) -> T {
        self.index_from(options.iter().position(|o| *o == current), options.len())
            .and_then(|i| options.get(i))
            .copied()
            .unwrap_or(current)
    }

    /// Where `self` leads from place `at` of `len` options (the first when none is chosen);
    /// `None` when there are none.
    fn index_from(self, at: Option<usize>, len: usize) -> Option<usize> {
        let last = len.checked_sub(1)?;
        Some(match (self, at) {
            (_, None) => 0,
            (Step::Previous, Some(i)) => i.saturating_sub(1),
            (Step::Next, Some(i)) => (i + 1).min(last),
        })
    }
}

/// `content` (the choice's buttons or drop-down) as one stop for Tab, stepped with the arrows;
/// `id` lets a form focus it, as it focuses a text field.
pub fn keyed_choice<'a, Message: 'a>(
    id: &'static str,
    content: impl Into<Element<'a, Message>>,
    on_step: impl Fn(Step) -> Message + 'a,
) -> Element<'a, Message> {
    keyed(
        id,
        content.into(),
        Box::new(move |step| Some(on_step(step))),
    )
}

fn keyed<'a, Message: 'a>(
    id: &'static str,
    content: Element<'a, Message>,
    on_step: Box<dyn Fn(Step) -> Option<Message> + 'a>,
) -> Element<'a, Message> {
    Element::new(KeyedChoice {
        id: Id::new(id),
        content,
        on_step,
        on_enter: None,
        steps: true,
    })
}

/// `button` as a stop in Tab's round: while it has the keyboard it wears the focus ring and Enter
/// or Space sends `on_press` (the button's own message). A click gives it the keyboard, as a
/// click in a field does.
pub fn keyed_button<'a, Message: Clone + 'a>(
    button: impl Into<Element<'a, Message>>,
    on_press: Message,
) -> Element<'a, Message> {
    Element::new(KeyedChoice {
        id: Id::unique(),
        content: button.into(),
        on_step: Box::new(|_| None),
        on_enter: Some(Box::new(move || on_press.clone())),
        steps: false,
    })
}

/// [`keyed_button`] for a button that may be off (`on_press` `None`): an off button is no stop.
pub fn keyed_press<'a, Message: Clone + 'a>(
    button: iced::widget::Button<'a, Message>,
    on_press: Option<Message>,
) -> Element<'a, Message> {
    match on_press {
        Some(message) => keyed_button(button.on_press(message.clone()), message),
        None => button.into(),
    }
}

/// A drop-down that adds what is chosen to a list (a tag to a segment): a click in its menu adds
/// at once; from the keyboard the arrows step through `options` to `pending` (shown in the box)
/// and Enter or Space adds it. Stepping alone adds nothing: each arrow had added a tag.
pub fn keyed_adder<'a, T, Message>(
    placeholder: &'a str,
    id: &'static str,
    options: Vec<T>,
    pending: Option<T>,
    on_step: impl Fn(T) -> Message + 'a,
    on_add: impl Fn(T) -> Message + Clone + 'a,
) -> Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    Message: Clone + 'a,
{
    let options: std::rc::Rc<[T]> = options.into();
    let pending = pending.filter(|p| options.contains(p));
    let add = pending.clone().map(|p| {
        let on_add = on_add.clone();
        Box::new(move || on_add(p.clone())) as Box<dyn Fn() -> Message + 'a>
    });
    let stepped = stepping(options.clone(), pending.clone(), on_step);
    Element::new(KeyedChoice {
        id: Id::new(id),
        content: super::menu_escape::closes_on_escape(
            super::field::pick(options, pending, on_add).placeholder(placeholder),
        ),
        on_step: Box::new(stepped),
        on_enter: add,
        steps: true,
    })
}

/// A drop-down of `options` as [`keyed_choice`]: Escape closes its open menu, and the arrows
/// pick the option before or after `selected` while it has the keyboard.
pub fn keyed_pick<'a, T, Message>(
    id: &'static str,
    options: impl Into<std::rc::Rc<[T]>>,
    selected: Option<T>,
    on_select: impl Fn(T) -> Message + Clone + 'a,
) -> Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    Message: Clone + 'a,
{
    stepped_pick(None, id, options, selected, on_select)
}

/// A drop-down offering `options` for a field beside it where anything can be typed ("Or pick a
/// teammate" under a deal's Owner): it shows `placeholder`, not the option typed (the name read
/// twice, one above the other), and the arrows step from `typed` when it is one of them.
pub fn keyed_offer<'a, T, Message>(
    placeholder: &'a str,
    id: &'static str,
    options: impl Into<std::rc::Rc<[T]>>,
    typed: Option<T>,
    on_select: impl Fn(T) -> Message + Clone + 'a,
) -> Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    Message: Clone + 'a,
{
    stepped_pick(Some(placeholder), id, options, typed, on_select)
}

/// What an arrow sends from `current` among `options`: `on_step` of the option it leads to
/// (none when there are no options: the arrows change nothing, as the list shows nothing).
fn stepping<'a, T, Message>(
    options: std::rc::Rc<[T]>,
    current: Option<T>,
    on_step: impl Fn(T) -> Message + 'a,
) -> impl Fn(Step) -> Option<Message> + 'a
where
    T: PartialEq + Clone + 'a,
{
    move |step: Step| {
        let at = current
            .as_ref()
            .and_then(|c| options.iter().position(|o| o == c));
        step.index_from(at, options.len())
            .map(|to| on_step(options[to].clone()))
    }
}

/// [`keyed_pick`], or [`keyed_offer`] when given a placeholder.
fn stepped_pick<'a, T, Message>(
    offer: Option<&'a str>,
    id: &'static str,
    options: impl Into<std::rc::Rc<[T]>>,
    selected: Option<T>,
    on_select: impl Fn(T) -> Message + Clone + 'a,
) -> Element<'a, Message>
where
    T: ToString + PartialEq + Clone + 'a,
    Message: Clone + 'a,
{
    let options: std::rc::Rc<[T]> = options.into();
    let stepped = stepping(options.clone(), selected.clone(), on_select.clone());
    keyed(
        id,
        super::menu_escape::closes_on_escape(
            super::field::pick(options, selected.filter(|_| offer.is_none()), on_select)
                .placeholder(offer.unwrap_or_default())
                .width(iced::Length::Fill),
        ),
        Box::new(stepped),
    )
}

struct KeyedChoice<'a, Message> {
    id: Id,
    content: Element<'a, Message>,
    on_step: Box<dyn Fn(Step) -> Option<Message> + 'a>,
    /// What Enter or Space sends: a lone button's press, or what an adder adds.
    on_enter: Option<Box<dyn Fn() -> Message + 'a>>,
    /// Whether the arrows step through options; a lone button lets them go on to the page.
    steps: bool,
}

/// Whether the choice has the keyboard.
#[derive(Debug, Default)]
struct ChoiceFocus {
    focused: bool,
    /// Letters were typed while it had the keyboard: someone is typing, thinking a field has it,
    /// and a space is between their words, an Enter the end of them, not a press. "Call her
    /// back" typed after a Tab too many had pressed a timeline entry's Edit and gone on into the
    /// activity's subject.
    typing: bool,
}

impl Focusable for ChoiceFocus {
    fn is_focused(&self) -> bool {
        self.focused
    }

    fn focus(&mut self) {
        self.focused = true;
        self.typing = false;
    }

    fn unfocus(&mut self) {
        self.focused = false;
        self.typing = false;
    }
}

impl<Message> Widget<Message, iced::Theme, iced::Renderer> for KeyedChoice<'_, Message> {
    super::wrapper::delegate_all_but_drawing!();

    fn tag(&self) -> tree::Tag {
        tree::Tag::of::<ChoiceFocus>()
    }

    fn state(&self) -> tree::State {
        tree::State::new(ChoiceFocus::default())
    }

    fn operate(
        &mut self,
        tree: &mut Tree,
        layout: Layout<'_>,
        renderer: &iced::Renderer,
        operation: &mut dyn iced::advanced::widget::operation::Operation,
    ) {
        // Its focus is not a field's: Ctrl+Z with it still means the workspace's last change.
        operation.custom(
            Some(&self.id),
            layout.bounds(),
            &mut super::text_focus::NotText,
        );
        operation.focusable(
            Some(&self.id),
            layout.bounds(),
            tree.state.downcast_mut::<ChoiceFocus>(),
        );
        self.content
            .as_widget_mut()
            .operate(&mut tree.children[0], layout, renderer, operation);
    }

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
        let focus = tree.state.downcast_mut::<ChoiceFocus>();
        match event {
            // A click on the choice gives it the keyboard, as a click in a field does; a click
            // elsewhere takes it away.
            Event::Mouse(mouse::Event::ButtonPressed(mouse::Button::Left)) => {
                focus.focused = cursor.is_over(layout.bounds());
                focus.typing = false;
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Character(_),
                modifiers,
                ..
            }) if focus.focused && !modifiers.command() && !modifiers.alt() => {
                focus.typing = true;
            }
            // Escape lets go, as it does of a field: a list's filter kept the arrows, and ↓ changed
            // the filter instead of moving down the list. The key goes on (an open menu closes,
            // a form asks to be left).
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(Named::Escape),
                ..
            }) if focus.focused => {
                focus.focused = false;
                focus.typing = false;
            }
            Event::Keyboard(keyboard::Event::KeyPressed {
                key: keyboard::Key::Named(named),
                modifiers,
                ..
            }) if focus.focused && modifiers.is_empty() => {
                // Nor is an Enter after typed letters: it was meant for the field the typing was
                // for (a timeline entry's Delete had taken it). It ends the typing: the next
                // Enter presses.
                if *named == Named::Enter && focus.typing && self.on_enter.is_some() {
                    focus.typing = false;
                    shell.capture_event();
                    return;
                }
                if let (Named::Enter | Named::Space, Some(press)) = (named, &self.on_enter)
                    && !focus.typing
                {
                    shell.publish(press());
                    shell.capture_event();
                    return;
                }
                let step = match named {
                    Named::ArrowLeft | Named::ArrowUp => Some(Step::Previous),
                    Named::ArrowRight | Named::ArrowDown => Some(Step::Next),
                    _ => None,
                };
                // A lone button lets the arrows go on to the page (they scroll it).
                if let Some(step) = step
                    && self.steps
                {
                    if let Some(message) = (self.on_step)(step) {
                        shell.publish(message);
                    }
                    shell.capture_event();
                    return;
                }
            }
            _ => {}
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
    }

    fn draw(
        &self,
        tree: &Tree,
        renderer: &mut iced::Renderer,
        theme: &iced::Theme,
        style: &renderer::Style,
        layout: Layout<'_>,
        cursor: mouse::Cursor,
        viewport: &Rectangle,
    ) {
        let drawn = super::wrapper::Drawn {
            renderer: &mut *renderer,
            theme,
            style,
            cursor,
            viewport,
        };
        drawn.content(&self.content, tree, layout);
        let focus = tree.state.downcast_ref::<ChoiceFocus>();
        if focus.focused {
            use iced::advanced::Renderer as _;
            let b = layout.bounds();
            let ring = Rectangle {
                x: b.x - 3.0,
                y: b.y - 3.0,
                width: b.width + 6.0,
                height: b.height + 6.0,
            };
            renderer.fill_quad(
                renderer::Quad {
                    bounds: ring,
                    border: Border {
                        color: theme::focus_ring(theme),
                        width: 2.0,
                        // The drop-down inside repaints itself (`closes_on_escape`), however
                        // its value changes.
                        radius: 5.0.into(),
                    },
                    ..renderer::Quad::default()
                },
                Color::TRANSPARENT,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use iced::widget::{button, row, text};

    #[derive(Debug, Clone, PartialEq)]
    enum Msg {
        Picked(u8),
        Stepped(Step),
    }

    fn choice<'a>() -> Element<'a, Msg> {
        keyed_choice(
            "choice",
            row![
                button(text("One")).on_press(Msg::Picked(1)),
                button(text("Two")).on_press(Msg::Picked(2)),
            ],
            Msg::Stepped,
        )
    }

    #[test]
    fn a_keyed_button_is_pressed_with_enter_or_space_once_it_has_the_keyboard() {
        let mut ui = iced_test::simulator(row![keyed_button(
            button(text("Edit")).on_press(Msg::Picked(7)),
            Msg::Picked(7),
        )]);
        ui.tap_key(Named::Enter);
        ui.click("Edit").expect("the button is shown");
        ui.tap_key(Named::Enter);
        ui.tap_key(Named::Space);
        // The arrows go on to the page, which they scroll.
        assert_eq!(ui.tap_key(Named::ArrowDown), iced::event::Status::Ignored);
        let messages: Vec<Msg> = ui.into_messages().collect();
        assert_eq!(
            messages,
            vec![Msg::Picked(7); 3],
            "the click, Enter and Space"
        );
    }

    #[test]
    fn a_space_between_typed_words_does_not_press_a_keyed_button() {
        let mut ui = iced_test::simulator(row![keyed_button(
            button(text("Edit")).on_press(Msg::Picked(7)),
            Msg::Picked(7),
        )]);
        ui.click("Edit").expect("the button is shown");
        ui.typewrite("Call");
        ui.tap_key(Named::Space);
        ui.typewrite("her");
        ui.tap_key(Named::Space);
        ui.tap_key(Named::Enter);
        let messages: Vec<Msg> = ui.into_messages().collect();
        assert_eq!(messages, vec![Msg::Picked(7)], "the click alone");
        // A second Enter, the typing over, presses.
        let mut ui = iced_test::simulator(row![keyed_button(
            button(text("Edit")).on_press(Msg::Picked(7)),
            Msg::Picked(7),
        )]);
        ui.click("Edit").expect("the button is shown");
        ui.typewrite("x");
        ui.tap_key(Named::Enter);
        ui.tap_key(Named::Enter);
        assert_eq!(
            ui.into_messages().count(),
            2,
            "the click and the second Enter"
        );
    }

    #[test]
    fn escape_lets_go_of_a_choice() {
        let mut ui = iced_test::simulator(choice());
        ui.click("One").expect("the first option is shown");
        ui.tap_key(Named::Escape);
        ui.tap_key(Named::ArrowRight);
        let messages: Vec<Msg> = ui.into_messages().collect();
        assert_eq!(messages, vec![Msg::Picked(1)], "the click alone");
    }

    #[test]
    fn a_clicked_choice_steps_with_the_arrows_and_not_before() {
        let mut ui = iced_test::simulator(choice());
        ui.tap_key(Named::ArrowRight);
        ui.click("One").expect("the first option is shown");
        ui.tap_key(Named::ArrowRight);
        ui.tap_key(Named::ArrowUp);
        let messages: Vec<Msg> = ui.into_messages().collect();
        assert_eq!(
            messages,
            [
                Msg::Picked(1),
                Msg::Stepped(Step::Next),
                Msg::Stepped(Step::Previous)
            ]
        );
    }

    #[test]
    fn a_step_stops_at_either_end() {
        let options = [1, 2, 3];
        assert_eq!(Step::Next.from(&options, 2), 3);
        assert_eq!(Step::Next.from(&options, 3), 3);
        assert_eq!(Step::Previous.from(&options, 1), 1);
        assert_eq!(Step::Previous.from(&options, 3), 2);
    }
}
