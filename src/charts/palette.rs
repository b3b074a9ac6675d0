//! The colours charts draw with, as plain RGB so the charts need no GUI toolkit. `light` and `dark`
//! follow iced's built-in Light and Dark palettes (the window's themes; `ui::theme::chart_palette`
//! picks one and a test there keeps them equal).

use plotters::style::RGBColor;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl From<Rgb> for RGBColor {
    fn from(c: Rgb) -> RGBColor {
        RGBColor(c.0, c.1, c.2)
    }
}

impl Rgb {
    /// `#rrggbb`, as CSS and SVG write it.
    pub fn hex(self) -> String {
        format!("#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }

    pub(super) fn color(self) -> RGBColor {
        self.into()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Palette {
    pub background: Rgb,
    pub text: Rgb,
    /// Secondary text: tick labels, notes.
    pub muted: Rgb,
    /// Light grid lines behind the data.
    pub grid: Rgb,
    /// The theme's primary colour: single-series bars and lines.
    pub primary: Rgb,
    /// Gains (positive ROI, positive coefficients).
    pub positive: Rgb,
    /// Losses (negative ROI, negative coefficients) and warnings.
    pub negative: Rgb,
    /// Points that belong to no group (DBSCAN noise).
    pub neutral: Rgb,
    /// Categorical colours (clusters, series), distinguishable from each other and the background.
    pub series: [Rgb; 8],
    /// A sequential ramp, low to high (lift of a rule).
    pub ramp: [Rgb; 4],
    /// Who draws the text, which decides how its sizes are given.
    pub text_renderer: TextRenderer,
}

/// Who turns a chart's text into glyphs. plotters lays a chart out (label areas, legend boxes) by
/// measuring text with its own font code, where a size is the font's height from descent to
/// ascent; a renderer that takes the size as the em (the window's canvas) draws the same text about
/// a fifth wider, which spilled out of legend boxes until it was measured with a font made for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TextRenderer {
    /// plotters itself: PNG (its glyph rasteriser) and SVG (which scales sizes to the em itself).
    #[default]
    Plotters,
    /// A canvas that takes sizes as the em and draws the embedded Fira Sans by name; plotters
    /// measures that family with a copy of the font one em high, so the widths agree.
    EmCanvas,
}

impl Palette {
    /// iced's `Theme::Light`: white background, black text, primary #5865F2.
    pub fn light() -> Palette {
        Palette {
            background: Rgb(0xFF, 0xFF, 0xFF),
            text: Rgb(0x00, 0x00, 0x00),
            muted: Rgb(0x55, 0x58, 0x5E),
            grid: Rgb(0xE3, 0xE5, 0xE8),
            primary: Rgb(0x58, 0x65, 0xF2),
            positive: Rgb(0x12, 0x66, 0x4F),
            negative: Rgb(0xC3, 0x42, 0x3F),
            neutral: Rgb(0x9A, 0x9C, 0xA3),
            // Okabe–Ito colours (safe for colour-blind readers) led by the theme's primary; the
            // yellow is darkened to read on white.
            series: [
                Rgb(0x58, 0x65, 0xF2),
                Rgb(0xE6, 0x9F, 0x00),
                Rgb(0x00, 0x9E, 0x73),
                Rgb(0xCC, 0x79, 0xA7),
                Rgb(0xD5, 0x5E, 0x00),
                Rgb(0x56, 0xB4, 0xE9),
                Rgb(0xA8, 0x92, 0x00),
                Rgb(0x33, 0x33, 0x33),
            ],
            ramp: [
                Rgb(0x9E, 0xC5, 0xE8),
                Rgb(0x4A, 0x7F, 0xC1),
                Rgb(0x7B, 0x3F, 0xA0),
                Rgb(0xC3, 0x42, 0x3F),
            ],
            text_renderer: TextRenderer::Plotters,
        }
    }

    /// iced's `Theme::Dark`: background #2B2D31, text 90 % white, primary #5865F2.
    pub fn dark() -> Palette {
        Palette {
            background: Rgb(0x2B, 0x2D, 0x31),
            text: Rgb(0xE6, 0xE6, 0xE6),
            muted: Rgb(0xB0, 0xB3, 0xB8),
            grid: Rgb(0x3F, 0x42, 0x48),
            primary: Rgb(0x58, 0x65, 0xF2),
            // iced's success green (#12664F) is too dark on this background for thin bars.
            positive: Rgb(0x3B, 0xB2, 0x8A),
            negative: Rgb(0xE0, 0x5D, 0x5A),
            neutral: Rgb(0x80, 0x84, 0x8C),
            series: [
                Rgb(0x7C, 0x87, 0xF5),
                Rgb(0xF0, 0xB4, 0x2E),
                Rgb(0x2E, 0xC4, 0x96),
                Rgb(0xE3, 0x9A, 0xC3),
                Rgb(0xF0, 0x7E, 0x2E),
                Rgb(0x7F, 0xC8, 0xF0),
                Rgb(0xF0, 0xE4, 0x42),
                Rgb(0xD0, 0xD0, 0xD0),
            ],
            ramp: [
                Rgb(0x7F, 0xA7, 0xD6),
                Rgb(0x9B, 0x8C, 0xF2),
                Rgb(0xE0, 0x7B, 0xC0),
                Rgb(0xFF, 0x7A, 0x6E),
            ],
            text_renderer: TextRenderer::Plotters,
        }
    }

    /// The same colours for text drawn by `renderer`.
    pub fn drawn_by(self, renderer: TextRenderer) -> Palette {
        Palette {
            text_renderer: renderer,
            ..self
        }
    }

    /// The colour of series (or cluster) `i`, cycling when there are more series than colours.
    pub fn series(&self, i: usize) -> Rgb {
        self.series[i % self.series.len()]
    }
}
