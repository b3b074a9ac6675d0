//! A legend beside the plot rather than in it, for a chart whose legend is too tall for any corner:
//! fifty segments' legend (eight named, the smaller ones together, the centres) stood taller than
//! the band left above the points and hid centres whichever corner it took.

use plotters::prelude::*;

use super::frame::{TICK_SIZE, text, text_width};
use super::{Area, ChartError, Palette, Rgb};

/// How an entry's series is drawn, in small.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    Dot(Rgb),
    Cross(Rgb),
    /// A cluster's centre: a ring in the text's colour.
    Ring,
}

/// Pixels from the left edge to an entry's text, and between entries.
const TEXT_X: i32 = 28;
const LINE: i32 = 22;

/// How wide a side legend of `labels` is.
pub fn width(labels: &[String], palette: &Palette) -> u32 {
    let style = text(palette, TICK_SIZE);
    let widest = labels
        .iter()
        .map(|l| text_width(&style, l).unwrap_or(0))
        .max()
        .unwrap_or(0);
    widest + TEXT_X as u32 + 16
}

/// Draws `entries` down `area`, from `top` pixels below its top edge.
pub fn draw<DB: DrawingBackend>(
    area: &Area<DB>,
    palette: &Palette,
    entries: &[(String, Mark)],
    top: i32,
) -> Result<(), ChartError> {
    let ring = palette.text.color();
    let back = palette.background.color();
    for (i, (label, mark)) in entries.iter().enumerate() {
        let y = top + i as i32 * LINE;
        let at = (12, y + 8);
        match *mark {
            Mark::Dot(c) => area.draw(&Circle::new(at, 5, c.color().filled()))?,
            Mark::Cross(c) => area.draw(&Cross::new(at, 5, c.color().stroke_width(2)))?,
            Mark::Ring => {
                area.draw(&Circle::new(at, 6, back.filled()))?;
                area.draw(&Circle::new(at, 6, ring.stroke_width(2)))?;
            }
        }
        area.draw(&Text::new(
            label.clone(),
            (TEXT_X, y),
            text(palette, TICK_SIZE),
        ))?;
    }
    Ok(())
}
