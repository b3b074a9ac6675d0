//! Text fields and text boxes, drawn to be found and read: iced's own grey placeholder (2.96:1 on
//! white) and hairline border (1.57:1) left a low-vision user hunting for empty fields and for the
//! date formats their placeholders give, and its one-pixel focus ring hardly differed from an idle
//! border in the dark theme. Placeholders here read at 4.5:1 or better, borders at 3:1 or better,
//! and the field with the keyboard has a ring twice as wide.

use iced::theme::palette::mix;
use iced::widget::{pick_list, text_editor, text_input};
use iced::{Background, Border, Color, Theme};

/// The contrast WCAG asks of text (a placeholder) and of a control's edge (a border), with a little
/// to spare.
const TEXT_CONTRAST: f32 = 4.6;
const EDGE_CONTRAST: f32 = 3.1;

/// The placeholder's colour: as muted as it can be while readable.
pub(super) fn placeholder(theme: &Theme) -> Color {
    toward_text(theme, TEXT_CONTRAST)
}

/// An idle field's border: as light as it can be while plain to see.
pub(super) fn idle_border(theme: &Theme) -> Color {
    toward_text(theme, EDGE_CONTRAST)
}

/// The page's colour moved towards its text until it stands at `ratio` against the page.
fn toward_text(theme: &Theme, ratio: f32) -> Color {
    let p = theme.extended_palette();
    toward(p.background.base.color, p.background.base.text, ratio)
}

/// `page` moved towards `ink` until it stands at `ratio` against `page`.
fn toward(page: Color, ink: Color, ratio: f32) -> Color {
    (1..=100)
        .map(|step| mix(page, ink, step as f32 / 100.0))
        .find(|c| contrast(*c, page) >= ratio)
        .unwrap_or(ink)
}

/// WCAG 2 contrast ratio of two colours.
pub(super) fn contrast(a: Color, b: Color) -> f32 {
    let luminance = |c: Color| {
        let channel = |v: f32| {
            if v <= 0.040_45 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

/// The ring of the field with the keyboard: the primary colour, lightened on a dark page (where
/// it stood at 2.9:1) and deepened on a light one, so it differs from an idle border in lightness
/// as well as in hue and width.
pub fn focus_ring(theme: &Theme) -> Color {
    let p = theme.extended_palette();
    if p.is_dark {
        mix(p.primary.strong.color, Color::WHITE, 0.45)
    } else {
        mix(p.primary.strong.color, Color::BLACK, 0.45)
    }
}

/// The border for a field's state: the focus ring two pixels wide while it has the keyboard.
fn border(theme: &Theme, hovered: bool, focused: bool) -> Border {
    let p = theme.extended_palette();
    let (color, width) = if focused {
        (focus_ring(theme), 2.0)
    } else if hovered {
        (p.background.base.text, 1.0)
    } else {
        (idle_border(theme), 1.0)
    };
    Border {
        color,
        width,
        radius: 2.0.into(),
    }
}

/// Every one-line field in the window.
pub fn field(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let p = theme.extended_palette();
    let (hovered, focused) = match status {
        text_input::Status::Hovered => (true, false),
        text_input::Status::Focused { .. } => (false, true),
        text_input::Status::Active | text_input::Status::Disabled => (false, false),
    };
    let style = text_input::default(theme, status);
    text_input::Style {
        border: border(theme, hovered, focused),
        placeholder: placeholder(theme),
        value: if status == text_input::Status::Disabled {
            placeholder(theme)
        } else {
            p.background.base.text
        },
        ..style
    }
}

/// A field whose value failed validation: the border says which field is wrong, the focus ring
/// still shows on it (red on red, it could not be seen).
pub fn invalid_input(theme: &Theme, status: text_input::Status) -> text_input::Style {
    let style = field(theme, status);
    let color = match status {
        text_input::Status::Focused { .. } => focus_ring(theme),
        _ => theme.extended_palette().danger.base.color,
    };
    text_input::Style {
        border: Border {
            color,
            width: 2.0,
            ..style.border
        },
        ..style
    }
}

pub fn input(invalid: bool) -> impl Fn(&Theme, text_input::Status) -> text_input::Style {
    move |theme, status| {
        if invalid {
            invalid_input(theme, status)
        } else {
            field(theme, status)
        }
    }
}

/// Every multi-line text box (notes, a reply, a ticket's first message).
pub fn editor(theme: &Theme, status: text_editor::Status) -> text_editor::Style {
    let p = theme.extended_palette();
    let (hovered, focused) = match status {
        text_editor::Status::Hovered => (true, false),
        text_editor::Status::Focused { .. } => (false, true),
        text_editor::Status::Active | text_editor::Status::Disabled => (false, false),
    };
    let style = text_editor::default(theme, status);
    text_editor::Style {
        background: Background::Color(p.background.base.color),
        border: border(theme, hovered, focused),
        placeholder: placeholder(theme),
        ..style
    }
}

/// A drop-down: on its grey face, a placeholder and an edge that stand out as a field's do.
pub fn pick(theme: &Theme, status: pick_list::Status) -> pick_list::Style {
    let style = pick_list::default(theme, status);
    let p = theme.extended_palette();
    let face = p.background.weak.color;
    let edge = match status {
        pick_list::Status::Active => toward(face, p.background.weak.text, EDGE_CONTRAST),
        pick_list::Status::Hovered | pick_list::Status::Opened { .. } => focus_ring(theme),
    };
    pick_list::Style {
        placeholder_color: pick_placeholder(theme),
        border: Border {
            color: edge,
            ..style.border
        },
        ..style
    }
}

/// A drop-down's placeholder, readable on its face.
pub(super) fn pick_placeholder(theme: &Theme) -> Color {
    let p = theme.extended_palette();
    toward(
        p.background.weak.color,
        p.background.weak.text,
        TEXT_CONTRAST,
    )
}
