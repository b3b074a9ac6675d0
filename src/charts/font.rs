//! The one font charts are drawn with: Fira Sans (SIL Open Font License, `assets/fonts/`), the
//! window's own font, embedded so PNG export needs no fonts installed on the machine. SVG files only
//! name the family ("sans-serif"); the font's metrics still place their labels.

use std::sync::Once;

use plotters::style::{FontStyle, register_font};

/// The family every chart asks for; plotters' ab_glyph text looks it up by this name.
pub(super) const FAMILY: &str = "sans-serif";

static FIRA_SANS: &[u8] = include_bytes!("../../assets/fonts/FiraSans-Regular.ttf");

/// Registers the font with plotters once per process; every chart calls this before drawing text.
pub(super) fn ensure_registered() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Bold and italic fall back to the regular face. The bytes are a fixed, valid TTF (the
        // test below parses them), so a failure here cannot happen at run time.
        let _ = register_font(FAMILY, FontStyle::Normal, FIRA_SANS);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_parses() {
        assert!(register_font("kith-test", FontStyle::Normal, FIRA_SANS).is_ok());
    }
}
