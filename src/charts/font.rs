//! The one font charts are drawn with: Fira Sans (SIL Open Font License, `assets/fonts/`), embedded
//! so PNG export needs no fonts installed on the machine, and embedded in the window by iced. SVG
//! files only name the family ("sans-serif"); the font's metrics still place their labels.

use std::sync::{Once, OnceLock};

use plotters::style::{FontStyle, register_font};

/// The family PNG and SVG charts ask for; plotters' ab_glyph text looks it up by this name.
pub(super) const FAMILY: &str = "sans-serif";
/// The family the window's canvas is asked for: Fira Sans, which iced embeds, so the canvas draws
/// the face plotters measured the layout with (the system's sans-serif may be a wider one).
pub(super) const CANVAS_FAMILY: &str = "Fira Sans";

static FIRA_SANS: &[u8] = include_bytes!("../../assets/fonts/FiraSans-Regular.ttf");

/// Registers the font with plotters once per process; every chart calls this before drawing text.
pub(super) fn ensure_registered() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Bold and italic fall back to the regular face. The bytes are a fixed, valid TTF (the
        // test below parses them), so a failure here cannot happen at run time.
        let _ = register_font(FAMILY, FontStyle::Normal, FIRA_SANS);
        let _ = register_font(CANVAS_FAMILY, FontStyle::Normal, em_high(FIRA_SANS));
    });
}

/// The face registered for `family`, for drawing text where plotters' own drawing misplaces it
/// (PNG, see `bitmap_text`).
pub(super) fn face(family: &str) -> Option<ab_glyph::FontRef<'static>> {
    let bytes = match family {
        FAMILY => FIRA_SANS,
        CANVAS_FAMILY => em_high(FIRA_SANS),
        _ => return None,
    };
    ab_glyph::FontRef::try_from_slice(bytes).ok()
}

/// The window's text face (Fira Sans, as iced embeds it) scaled by the em, as the window sizes
/// text: what widths measured for the window's own text (list cells) are measured with.
pub fn window_face() -> Option<&'static ab_glyph::FontRef<'static>> {
    static FACE: OnceLock<Option<ab_glyph::FontRef<'static>>> = OnceLock::new();
    FACE.get_or_init(|| face(CANVAS_FAMILY)).as_ref()
}

/// `font` with its ascent and descent rescaled to span exactly one em, glyph advances untouched.
///
/// plotters measures text (legend boxes, label areas) with ab_glyph, which scales a font so that
/// ascent − descent is the requested size, and PNG and SVG draw it the same way. The window's
/// canvas takes the size as the em instead, and Fira Sans' ascent − descent is 1.2 em, so its text
/// came out a fifth wider than measured and spilled out of legend boxes. Measuring the canvas
/// family with this copy makes plotters' widths the canvas' widths. A font that cannot be read is
/// used as it is.
fn em_high(font: &'static [u8]) -> &'static [u8] {
    static PATCHED: OnceLock<Option<Vec<u8>>> = OnceLock::new();
    PATCHED
        .get_or_init(|| one_em_line(font))
        .as_deref()
        .unwrap_or(font)
}

/// A copy of the TrueType `font` whose line (hhea, and OS/2's two copies) is one em high, split
/// between ascent and descent as before.
fn one_em_line(font: &[u8]) -> Option<Vec<u8>> {
    let u16_at = |at: usize| Some(u16::from_be_bytes(font.get(at..at + 2)?.try_into().ok()?));
    let u32_at = |at: usize| Some(u32::from_be_bytes(font.get(at..at + 4)?.try_into().ok()?));
    // The table directory: 16-byte records of (tag, checksum, offset, length) after 12 bytes.
    let tables = usize::from(u16_at(4)?);
    let offset = |tag: &[u8; 4]| {
        (0..tables).find_map(|i| {
            let record = 12 + 16 * i;
            if font.get(record..record + 4)? != tag {
                return None;
            }
            usize::try_from(u32_at(record + 8)?).ok()
        })
    };
    let (head, hhea) = (offset(b"head")?, offset(b"hhea")?);
    let em = i32::from(u16_at(head + 18)?);
    let ascent = i32::from(u16_at(hhea + 4)?.cast_signed());
    let descent = i32::from(u16_at(hhea + 6)?.cast_signed());
    if em <= 0 || ascent <= descent {
        return None;
    }
    let new_ascent = em * ascent / (ascent - descent);
    let new_descent = new_ascent - em;
    let mut out = font.to_vec();
    let mut put = |at: usize, value: i32| -> Option<()> {
        out.get_mut(at..at + 2)?
            .copy_from_slice(&i16::try_from(value).ok()?.to_be_bytes());
        Some(())
    };
    put(hhea + 4, new_ascent)?;
    put(hhea + 6, new_descent)?;
    // OS/2 holds the line twice more (typographic, and Windows' unsigned pair); readers that prefer
    // those must see the same line.
    if let Some(os2) = offset(b"OS/2") {
        put(os2 + 68, new_ascent)?;
        put(os2 + 70, new_descent)?;
        put(os2 + 74, new_ascent)?;
        put(os2 + 76, -new_descent)?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use ab_glyph::{Font, FontRef};

    use super::*;

    #[test]
    fn the_canvas_copy_is_one_em_high_with_the_same_advances() {
        let original = FontRef::try_from_slice(FIRA_SANS).unwrap();
        let canvas = FontRef::try_from_slice(em_high(FIRA_SANS)).unwrap();
        let em = canvas.units_per_em().unwrap();
        assert!(
            (canvas.height_unscaled() - em).abs() < 1.0,
            "{}",
            canvas.height_unscaled()
        );
        // Fira Sans itself is 1.2 em high: what made the window's text a fifth too wide.
        assert!(original.height_unscaled() > 1.1 * em);
        for c in ['a', 'W', '(', '1'] {
            assert_eq!(
                original.h_advance_unscaled(original.glyph_id(c)),
                canvas.h_advance_unscaled(canvas.glyph_id(c))
            );
        }
    }

    #[test]
    fn the_embedded_font_parses() {
        assert!(register_font("kith-test", FontStyle::Normal, FIRA_SANS).is_ok());
    }
}
