//! Text cut to a width with "…". iced clips a cell's text at the cell's edge, mid-letter
//! ("George Hoffmanı", "amelie.campbell40@webmail.exa"), with nothing to say it was cut; a list
//! row cuts it here, measured with the window's own font, and ends it with an ellipsis.

use std::borrow::Cow;

use ab_glyph::{Font, PxScale, ScaleFont};

/// Room kept for the difference between this measure and the window's shaping.
const SLACK: f32 = 2.0;

/// The advance of `c`, and its glyph when the window's face has one. A character the face lacks
/// (Chinese, Japanese, symbols) is drawn from a fallback face the window picks, and counted a
/// whole em, as such characters are wide: measured as the face's empty box, "北京咖啡贸易有限公司"
/// was cut mid-character with no "…".
fn advance<F: Font>(
    font: &ab_glyph::PxScaleFont<&F>,
    size: f32,
    c: char,
) -> (f32, Option<ab_glyph::GlyphId>) {
    let glyph = font.glyph_id(c);
    if glyph.0 == 0 {
        (size, None)
    } else {
        (font.h_advance(glyph), Some(glyph))
    }
}

/// Where each character of `text` starts (its byte index, and the pen's position before it with
/// the kerning against the one before), and the whole text's width, at `size`; `None` without
/// the window's face.
fn layout(text: &str, size: f32) -> Option<(Vec<(usize, f32)>, f32)> {
    let face = crate::charts::window_face()?;
    let font = face.as_scaled(PxScale::from(size));
    let (mut used, mut previous, mut starts) = (0.0, None, Vec::new());
    for (at, c) in text.char_indices() {
        let (step, glyph) = advance(&font, size, c);
        used += previous.zip(glyph).map_or(0.0, |(p, g)| font.kern(p, g));
        starts.push((at, used));
        used += step;
        previous = glyph;
    }
    Some((starts, used))
}

/// How wide `text` is at `size`, in pixels, as the window draws it.
pub fn width(text: &str, size: f32) -> f32 {
    layout(text, size).map_or(0.0, |(_, whole)| whole + SLACK)
}

/// `text` as it fits in `width` pixels at `size`: whole, or cut with "…".
pub fn fitted(text: &str, size: f32, width: f32) -> Cow<'_, str> {
    let Some((starts, whole)) = layout(text, size) else {
        return Cow::Borrowed(text);
    };
    let room = width - SLACK;
    if whole <= room {
        return Cow::Borrowed(text);
    }
    // The last place the text can be cut with the ellipsis still fitting after it.
    let ellipsis = self::width("…", size) - SLACK;
    let cut = starts
        .iter()
        .rev()
        .find(|(_, pen)| pen + ellipsis <= room)
        .map_or(0, |(at, _)| *at);
    Cow::Owned(format!("{}…", text[..cut].trim_end()))
}

/// `text` as it fits in `width` pixels at `size`, cut at its start with "…" when it does not: a
/// path keeps its file name ("…/Archive 2026/kith workspace.db").
pub fn fitted_tail(text: &str, size: f32, width: f32) -> Cow<'_, str> {
    if self::width(text, size) <= width {
        return Cow::Borrowed(text);
    }
    let tail = text
        .char_indices()
        .map(|(at, _)| format!("…{}", &text[at..]))
        .find(|t| self::width(t, size) <= width);
    Cow::Owned(tail.unwrap_or_else(|| "…".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_fits_is_kept_and_text_that_does_not_is_cut_with_an_ellipsis() {
        assert_eq!(fitted("Ada", 14.0, 200.0), "Ada");
        let long = "amelie.campbell40@webmail.example";
        let cut = fitted(long, 14.0, 120.0);
        assert!(cut.ends_with('…') && cut.len() < long.len(), "{cut}");
        assert!(long.starts_with(cut.trim_end_matches('…')));
        // Wider room keeps more of it.
        assert!(fitted(long, 14.0, 180.0).len() > cut.len());
        assert_eq!(fitted(long, 14.0, 1.0), "…");
        let path = "/tmp/Customers and Suppliers Archive 2026/kith workspace.db";
        let tail = fitted_tail(path, 12.0, 150.0);
        assert!(
            tail.starts_with('…') && tail.ends_with("kith workspace.db"),
            "{tail}"
        );
        assert_eq!(fitted_tail("/tmp/k.db", 12.0, 150.0), "/tmp/k.db");
        // Characters the face lacks count an em each: ten Chinese ones need 140 pixels at 14.
        let company = "北京咖啡贸易有限公司";
        assert_eq!(fitted(company, 14.0, 150.0), company);
        let cut = fitted(company, 14.0, 100.0);
        assert!(cut.ends_with('…') && cut.chars().count() <= 7, "{cut}");
    }
}
