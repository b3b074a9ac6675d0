//! The PNG backend: plotters' bitmap, with text drawn where its glyphs belong.
//!
//! plotters' ab_glyph drawing puts each glyph's ink at the pen position, leaving out the glyph's
//! left side bearing and rounding the pen down glyph by glyph, so PNG labels came out with letters
//! crowded and gaps where none belong ("Champ ions", "m onetary", "Atrisk"); the window and SVG
//! were right. Everything but text goes straight to [`BitMapBackend`]; text is laid out and
//! anchored exactly as plotters measures it (the same font, size, advances and kerning), so labels
//! sit in the room plotters made for them.

use ab_glyph::{Font, ScaleFont, point};
use plotters::prelude::BitMapBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    text_anchor::{HPos, VPos},
};

use super::font;

type Error = DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>;

pub(super) struct PngBackend<'a> {
    bitmap: BitMapBackend<'a>,
}

impl<'a> PngBackend<'a> {
    pub(super) fn with_buffer(rgb: &'a mut [u8], size: (u32, u32)) -> PngBackend<'a> {
        PngBackend {
            bitmap: BitMapBackend::with_buffer(rgb, size),
        }
    }
}

/// A text's pixels as (x, y, coverage), before anchoring, in the frame plotters' layout box uses:
/// x from the pen's start, y with the baseline half the size down.
fn glyph_pixels(face: &ab_glyph::FontRef<'_>, size: f64, text: &str) -> Vec<(i32, i32, f32)> {
    let scaled = face.as_scaled(size as f32);
    let mut pixels = Vec::new();
    let mut pen = 0f32;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(previous) = previous {
            pen += scaled.kern(previous, id);
        }
        previous = Some(id);
        let glyph = id.with_scale_and_position(scaled.scale(), point(pen, 0.0));
        if let Some(outline) = scaled.outline_glyph(glyph) {
            let bounds = outline.px_bounds();
            let left = bounds.min.x as i32;
            // Floored, not truncated: truncation moved the glyphs whose top crosses the line by
            // half the size a pixel down from their neighbours.
            let top = (size as f32 / 2.0 + bounds.min.y).floor() as i32;
            outline.draw(|x, y, coverage| pixels.push((left + x as i32, top + y as i32, coverage)));
        }
        pen += scaled.h_advance(id);
    }
    pixels
}

impl DrawingBackend for PngBackend<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.bitmap.get_size()
    }

    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.bitmap.ensure_prepared()
    }

    fn present(&mut self) -> Result<(), Error> {
        self.bitmap.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.bitmap.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.bitmap.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.bitmap.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.bitmap.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.bitmap.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.bitmap.fill_polygon(vert, style)
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        (width, height): (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        self.bitmap.blit_bitmap(pos, (width, height), src)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), Error> {
        self.bitmap.estimate_text_size(text, style)
    }

    /// As plotters' own `draw_text` (anchor, rotation, clipping), with the glyphs placed right.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        let Some(face) = font::face(style.family().as_str()) else {
            return self.bitmap.draw_text(text, style, pos);
        };
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let ((min_x, min_y), (max_x, max_y)) = style
            .layout_box(text)
            .map_err(|e| DrawingErrorKind::FontError(Box::new(e)))?;
        let (width, height) = (max_x - min_x, max_y - min_y);
        let dx = match style.anchor().h_pos {
            HPos::Left => 0,
            HPos::Right => -width,
            HPos::Center => -width / 2,
        };
        let dy = match style.anchor().v_pos {
            VPos::Top => 0,
            VPos::Center => -height / 2,
            VPos::Bottom => -height,
        };
        let turn = style.transform();
        let (w, h) = self.get_size();
        for (x, y, coverage) in glyph_pixels(&face, style.size(), text) {
            let (x, y) = turn.transform(x + dx - min_x, y + dy - min_y);
            let (x, y) = (pos.0 + x, pos.1 + y);
            if x >= 0 && x < w as i32 && y >= 0 && y < h as i32 {
                let ink = BackendColor {
                    alpha: color.alpha * f64::from(coverage),
                    rgb: color.rgb,
                };
                self.bitmap.draw_pixel((x, y), ink)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ink of "ii" is two strokes with the same gap as the glyphs' advance, not shifted by
    /// the side bearing plotters leaves out: the first stroke starts at the glyph's bearing.
    #[test]
    fn glyphs_keep_their_side_bearing() {
        font::ensure_registered();
        let face = font::face("sans-serif").unwrap();
        let size = 40.0;
        let scaled = face.as_scaled(size as f32);
        let i = scaled.glyph_id('i');
        let bearing = scaled.h_side_bearing(i);
        assert!(bearing >= 2.0, "Fira Sans' i stands off its pen: {bearing}");
        let pixels = glyph_pixels(&face, size, "ii");
        let inked = |x: i32| pixels.iter().any(|&(px, _, c)| px == x && c > 0.5);
        let first = (0..100).find(|&x| inked(x)).unwrap();
        assert!(
            (first as f32 - bearing).abs() <= 1.0,
            "first ink at {first}, bearing {bearing}"
        );
        let advance = scaled.h_advance(i);
        let second = (first + 1..100)
            .skip_while(|&x| inked(x))
            .find(|&x| inked(x))
            .unwrap();
        assert!(
            ((second - first) as f32 - advance).abs() <= 1.0,
            "strokes {first} and {second}, advance {advance}"
        );
    }
}
