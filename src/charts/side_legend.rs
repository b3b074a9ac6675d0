//! A legend beside the plot rather than in it, for a chart whose legend is too tall for any corner:
//! fifty segments' legend (eight named, the smaller ones together, the centres) stood taller than
//! the band left above the points and hid centres whichever corner it took.

use plotters::prelude::*;

use super::frame::{TICK_SIZE, muted, text, text_width};
use super::{Area, ChartError, Palette, Rgb};

/// How an entry's series is drawn, in small.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    Dot(Rgb),
    Cross(Rgb),
    /// A cluster's centre: a ring in the text's colour.
    Ring,
}

/// Pixels from the left edge to an entry's text, between entries, and from an entry's name to
/// its detail.
const TEXT_X: i32 = 28;
const LINE: i32 = 24;
const DETAIL: i32 = 16;

/// How a side legend is laid out: each entry on one line, or its detail under its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fit {
    pub width: u32,
    two_lines: bool,
}

/// The side legend of `labels` that fits beside a plot keeping `plot` pixels of `room` (width,
/// height): narrow with each detail under its name ("Segment 1" over "20 customers") when that is
/// not too tall, else one line each when that is not too wide; `None` when neither fits.
pub fn fit(labels: &[String], palette: &Palette, room: (u32, i32), plot: u32) -> Option<Fit> {
    [true, false].into_iter().find_map(|two_lines| {
        let width = width(labels, palette, two_lines);
        let per_entry = if two_lines { LINE + DETAIL } else { LINE };
        let height = labels.len() as i32 * per_entry;
        (width + plot <= room.0 && height <= room.1).then_some(Fit { width, two_lines })
    })
}

/// "Segment 1 (20 customers)" as its name and its detail.
fn lines(label: &str) -> (&str, Option<&str>) {
    match label.strip_suffix(')').and_then(|l| l.rsplit_once(" (")) {
        Some((name, detail)) => (name, Some(detail)),
        None => (label, None),
    }
}

/// How wide a side legend of `labels` is, laid out on one line each or two.
fn width(labels: &[String], palette: &Palette, two_lines: bool) -> u32 {
    let style = text(palette, TICK_SIZE);
    let widest = labels
        .iter()
        .flat_map(|l| match lines(l) {
            (name, Some(detail)) if two_lines => vec![name, detail],
            _ => vec![l.as_str()],
        })
        .map(|l| text_width(&style, l).unwrap_or(0))
        .max()
        .unwrap_or(0);
    widest + TEXT_X as u32 + 16
}

/// Draws `entries` down `area` as `fit` lays them out, from `top` pixels below its top edge.
pub fn draw<DB: DrawingBackend>(
    area: &Area<DB>,
    palette: &Palette,
    entries: &[(String, Mark)],
    fit: Fit,
    top: i32,
) -> Result<(), ChartError> {
    let ring = palette.text.color();
    let back = palette.background.color();
    let mut y = top;
    for (label, mark) in entries {
        let at = (12, y + 8);
        match *mark {
            Mark::Dot(c) => area.draw(&Circle::new(at, 5, c.color().filled()))?,
            Mark::Cross(c) => area.draw(&Cross::new(at, 5, c.color().stroke_width(2)))?,
            Mark::Ring => {
                area.draw(&Circle::new(at, 6, back.filled()))?;
                area.draw(&Circle::new(at, 6, ring.stroke_width(2)))?;
            }
        }
        let (name, detail) = match lines(label) {
            (name, Some(detail)) if fit.two_lines => (name, Some(detail)),
            _ => (label.as_str(), None),
        };
        area.draw(&Text::new(
            name.to_string(),
            (TEXT_X, y),
            text(palette, TICK_SIZE),
        ))?;
        if let Some(detail) = detail {
            y += DETAIL;
            area.draw(&Text::new(
                detail.to_string(),
                (TEXT_X, y),
                muted(palette, TICK_SIZE),
            ))?;
        }
        y += LINE;
    }
    Ok(())
}
