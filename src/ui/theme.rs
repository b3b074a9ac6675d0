//! Named styles for the whole window, all derived from the active theme's palette, so light and dark
//! themes both read well and screens never carry colour literals.

use iced::widget::{button, container, text};
use iced::{Background, Border, Color, Theme};

use super::settings::ThemeChoice;

mod fields;
pub use fields::{editor, field, focus_ring, input, invalid_input, pick};

#[cfg(test)]
mod contrast_tests;

/// The theme to draw with; `None` lets iced follow the operating system's preference.
pub fn for_choice(choice: ThemeChoice) -> Option<Theme> {
    match choice {
        ThemeChoice::System => None,
        ThemeChoice::Light => Some(Theme::Light),
        ThemeChoice::Dark => Some(Theme::Dark),
    }
}

/// The charts' colours for the active theme: the charts take plain RGB (they never use iced), so the
/// chart widget asks here which of their two palettes matches the window.
pub fn chart_palette(theme: &Theme) -> crate::charts::Palette {
    let palette = if theme.extended_palette().is_dark {
        crate::charts::Palette::dark()
    } else {
        crate::charts::Palette::light()
    };
    // The canvas takes text sizes as the em; plotters measured the layout by font height.
    palette.drawn_by(crate::charts::TextRenderer::EmCanvas)
}

pub fn sidebar(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style::default().background(p.background.weak.color)
}

pub fn status_bar(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        text_color: Some(p.background.weak.text),
        ..container::Style::default().background(p.background.weak.color)
    }
}

pub fn header_row(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            color: p.background.strong.color,
            width: 0.0,
            radius: 0.0.into(),
        },
        ..container::Style::default().background(p.background.weaker.color)
    }
}

pub fn card(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            color: p.background.strong.color,
            width: 1.0,
            radius: 6.0.into(),
        },
        ..container::Style::default().background(p.background.base.color)
    }
}

pub fn chip(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        text_color: Some(p.secondary.weak.text),
        border: Border {
            radius: 10.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.secondary.weak.color)
    }
}

pub fn notice(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        text_color: Some(p.background.strongest.text),
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.background.strongest.color)
    }
}

pub fn notice_error(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        text_color: Some(p.danger.base.text),
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.danger.base.color)
    }
}

/// The dimmed layer behind a modal (search palette, help, confirmation).
pub fn backdrop(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style::default().background(Color {
        a: 0.55,
        ..p.background.strongest.color
    })
}

pub fn modal(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            color: p.background.strong.color,
            width: 1.0,
            radius: 8.0.into(),
        },
        ..container::Style::default().background(p.background.base.color)
    }
}

/// A sidebar entry; the current section is marked.
pub fn nav(active: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let p = theme.extended_palette();
        let background = match (active, status) {
            (true, _) => Some(p.primary.weak.color),
            (false, button::Status::Hovered | button::Status::Pressed) => {
                Some(p.background.strong.color)
            }
            _ => None,
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: if active {
                p.primary.weak.text
            } else {
                p.background.weak.text
            },
            border: Border {
                radius: 6.0.into(),
                ..Border::default()
            },
            ..button::Style::default()
        }
    }
}

/// A list row: flat, highlighted on hover, strongly marked when selected.
pub fn list_row(selected: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let p = theme.extended_palette();
        let background = match (selected, status) {
            (true, _) => Some(p.primary.weak.color),
            (false, button::Status::Hovered | button::Status::Pressed) => {
                Some(p.background.weak.color)
            }
            _ => None,
        };
        button::Style {
            background: background.map(Background::Color),
            text_color: if selected {
                p.primary.weak.text
            } else {
                p.background.base.text
            },
            ..button::Style::default()
        }
    }
}

/// A column header that sorts when clicked.
pub fn header_button(theme: &Theme, status: button::Status) -> button::Style {
    let p = theme.extended_palette();
    button::Style {
        background: matches!(status, button::Status::Hovered)
            .then_some(Background::Color(p.background.weak.color)),
        text_color: p.background.weaker.text,
        ..button::Style::default()
    }
}

pub fn error_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(readable(theme, theme.extended_palette().danger.base.color)),
    }
}

/// A status colour as small text: the palette's red and green are made for button fills, and on
/// a dark background they read at about 2–3:1; lifted halfway to white they pass 4.5:1.
pub(super) fn readable(theme: &Theme, color: Color) -> Color {
    if theme.extended_palette().is_dark {
        iced::theme::palette::mix(color, Color::WHITE, 0.5)
    } else {
        color
    }
}

pub fn muted_text(theme: &Theme) -> text::Style {
    let p = theme.extended_palette();
    text::Style {
        color: Some(Color {
            a: 0.7,
            ..p.background.base.text
        }),
    }
}

pub fn success_text(theme: &Theme) -> text::Style {
    text::Style {
        color: Some(readable(theme, theme.extended_palette().success.base.color)),
    }
}

/// A large choice on the welcome screen: a card that lights up under the pointer.
pub fn choice(theme: &Theme, status: button::Status) -> button::Style {
    choice_for(false)(theme, status)
}

/// A large choice button; the one the keyboard has chosen is drawn as if the pointer were on it,
/// with a ring twice as wide, so it shows which one Enter takes.
pub fn choice_for(chosen: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let mut style = choice_look(theme, status, chosen);
        if chosen && status != button::Status::Disabled {
            style.border.width = 2.0;
        }
        style
    }
}

fn choice_look(theme: &Theme, status: button::Status, chosen: bool) -> button::Style {
    let p = theme.extended_palette();
    let tinted = chosen && status != button::Status::Disabled;
    let (background, border) = match status {
        // Tinted with the primary colour: the pointer's grey over another choice must not look
        // like a second one chosen.
        _ if tinted => (p.primary.weak.color, p.primary.strong.color),
        button::Status::Hovered | button::Status::Pressed => {
            (p.background.strong.color, p.primary.base.color)
        }
        button::Status::Disabled => (p.background.base.color, p.background.weak.color),
        button::Status::Active => (p.background.weak.color, p.background.strong.color),
    };
    button::Style {
        background: Some(Background::Color(background)),
        text_color: if status == button::Status::Disabled {
            Color {
                a: 0.6,
                ..p.background.base.text
            }
        } else if tinted {
            p.primary.weak.text
        } else {
            p.background.base.text
        },
        border: Border {
            color: border,
            width: 1.0,
            radius: 8.0.into(),
        },
        ..button::Style::default()
    }
}

/// A deal card on the board; the selected one stands out.
pub fn board_card(selected: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let p = theme.extended_palette();
        container::Style {
            border: Border {
                color: if selected {
                    p.primary.strong.color
                } else {
                    p.background.strong.color
                },
                width: if selected { 2.0 } else { 1.0 },
                radius: 6.0.into(),
            },
            ..container::Style::default().background(p.background.base.color)
        }
    }
}

/// A board column; while a card is dragged over it, it lights up as the place it will land.
pub fn board_column(target: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let p = theme.extended_palette();
        let background = if target {
            p.primary.weak.color
        } else {
            p.background.weak.color
        };
        container::Style {
            border: Border {
                color: if target {
                    p.primary.base.color
                } else {
                    p.background.weak.color
                },
                width: 1.0,
                radius: 8.0.into(),
            },
            ..container::Style::default().background(background)
        }
    }
}

/// A plain, loud mark for a ticket past its SLA deadline.
pub fn overdue_chip(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        text_color: Some(p.danger.base.text),
        border: Border {
            radius: 10.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.danger.base.color)
    }
}

/// One bar of a small trend drawn with containers (support satisfaction per month).
pub fn trend_bar(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            radius: 3.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.primary.base.color)
    }
}

/// A message in a ticket's conversation: the team's replies tinted, the customer's plain.
pub fn message_bubble(outbound: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let p = theme.extended_palette();
        let (background, text, border) = if outbound {
            (
                p.primary.weak.color,
                p.primary.weak.text,
                p.primary.base.color,
            )
        } else {
            (
                p.background.weak.color,
                p.background.weak.text,
                p.background.strong.color,
            )
        };
        container::Style {
            text_color: Some(text),
            border: Border {
                color: border,
                width: 1.0,
                radius: 8.0.into(),
            },
            ..container::Style::default().background(background)
        }
    }
}

/// A task row on the Today view; the selected one is outlined, so links inside it keep their colour.
pub fn task_row(selected: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let p = theme.extended_palette();
        if !selected {
            return container::Style::default();
        }
        container::Style {
            border: Border {
                color: p.primary.base.color,
                width: 1.0,
                radius: 4.0.into(),
            },
            ..container::Style::default().background(p.background.weak.color)
        }
    }
}

/// A link to another record inside a row: plain text in the accent colour, brighter under the pointer.
pub fn link(theme: &Theme, status: button::Status) -> button::Style {
    let p = theme.extended_palette();
    let color = match status {
        button::Status::Hovered | button::Status::Pressed => p.primary.strong.color,
        _ => p.primary.base.color,
    };
    button::Style {
        text_color: color,
        ..button::Style::default()
    }
}
// --- campaigns styles ---

/// A campaign's gain in the ROI comparison: a bar in the palette's success colour.
pub fn roi_gain(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            radius: 2.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.success.base.color)
    }
}

/// A campaign's loss in the ROI comparison, drawn left of the axis in the danger colour.
pub fn roi_loss(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            radius: 2.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.danger.base.color)
    }
}

/// The zero line the ROI bars grow from.
pub fn roi_axis(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style::default().background(p.background.strongest.color)
}

/// One of a set of choices shown as buttons (channel, status, lifecycle stages): the chosen ones
/// are filled, the others outlined.
pub fn toggle(chosen: bool) -> impl Fn(&Theme, button::Status) -> button::Style {
    move |theme, status| {
        let p = theme.extended_palette();
        let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
        let (background, text_color, border) = match (chosen, hovered) {
            (true, false) => (
                p.primary.base.color,
                p.primary.base.text,
                p.primary.base.color,
            ),
            (true, true) => (
                p.primary.strong.color,
                p.primary.strong.text,
                p.primary.strong.color,
            ),
            (false, false) => (
                p.background.base.color,
                p.background.base.text,
                p.background.strong.color,
            ),
            (false, true) => (
                p.background.weak.color,
                p.background.weak.text,
                p.primary.base.color,
            ),
        };
        button::Style {
            background: Some(Background::Color(background)),
            text_color,
            border: Border {
                color: border,
                width: 1.0,
                radius: 6.0.into(),
            },
            ..button::Style::default()
        }
    }
}

/// A response step already recorded for a campaign member: a quiet filled mark, not a button.
pub fn step_done(theme: &Theme, _status: button::Status) -> button::Style {
    let p = theme.extended_palette();
    button::Style {
        background: Some(Background::Color(p.success.weak.color)),
        text_color: p.success.weak.text,
        border: Border {
            radius: 6.0.into(),
            ..Border::default()
        },
        ..button::Style::default()
    }
}

/// A response step not yet recorded: an outlined button that records it.
pub fn step_open(theme: &Theme, status: button::Status) -> button::Style {
    let p = theme.extended_palette();
    let hovered = matches!(status, button::Status::Hovered | button::Status::Pressed);
    button::Style {
        background: hovered.then_some(Background::Color(p.background.weak.color)),
        text_color: p.background.base.text,
        border: Border {
            color: if hovered {
                p.primary.base.color
            } else {
                p.background.strong.color
            },
            width: 1.0,
            radius: 6.0.into(),
        },
        ..button::Style::default()
    }
}
// --- end campaigns styles ---
// --- campaigns styles ---

/// A campaign member's row: plain, or marked when selected with the keyboard.
pub fn member_row(selected: bool) -> impl Fn(&Theme) -> container::Style {
    move |theme| {
        let p = theme.extended_palette();
        if selected {
            container::Style::default().background(p.primary.weak.color)
        } else {
            container::Style::default()
        }
    }
}

/// One step of a campaign's funnel, as a bar of its share of the members.
pub fn funnel_bar(theme: &Theme) -> container::Style {
    let p = theme.extended_palette();
    container::Style {
        border: Border {
            radius: 2.0.into(),
            ..Border::default()
        },
        ..container::Style::default().background(p.primary.base.color)
    }
}
// --- end campaigns styles ---

#[cfg(test)]
mod chart_palette_tests {
    use super::*;
    use crate::charts::Rgb;

    fn rgb(c: Color) -> Rgb {
        let [r, g, b, _] = c.into_rgba8();
        Rgb(r, g, b)
    }

    #[test]
    fn the_chart_palettes_use_the_themes_own_background_text_and_primary() {
        for theme in [Theme::Light, Theme::Dark] {
            let chart = chart_palette(&theme);
            let p = theme.palette();
            assert_eq!(chart.background, rgb(p.background), "{theme}");
            assert_eq!(chart.text, rgb(p.text), "{theme}");
            assert_eq!(chart.primary, rgb(p.primary), "{theme}");
        }
    }
}
