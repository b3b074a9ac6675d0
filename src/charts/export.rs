//! Charts as files: SVG (text stays text, for printing and zooming) and PNG (for e-mail and
//! documents), each written atomically so a reader never opens half a chart.

use std::path::{Path, PathBuf};

use plotters::prelude::{IntoDrawingArea, SVGBackend};

use super::bitmap_text::PngBackend;
use super::{Chart, ChartError, Palette};

/// A chart's size in pixels (SVG user units).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: u32,
    pub height: u32,
}

impl Size {
    /// Wide enough for a dozen monthly bars with readable labels; prints on A4 landscape.
    pub const REPORT: Size = Size {
        width: 960,
        height: 560,
    };
}

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Draw(#[from] ChartError),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The chart as an SVG document.
pub fn svg_string(chart: &Chart<'_>, size: Size, palette: &Palette) -> Result<String, ChartError> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (size.width, size.height)).into_drawing_area();
        chart.draw(&area, palette)?;
        area.present()?;
    }
    Ok(svg)
}

/// The chart as PNG bytes (8-bit RGB).
pub fn png_bytes(chart: &Chart<'_>, size: Size, palette: &Palette) -> Result<Vec<u8>, ChartError> {
    let mut rgb = vec![0u8; size.width as usize * size.height as usize * 3];
    {
        let area = PngBackend::with_buffer(&mut rgb, (size.width, size.height)).into_drawing_area();
        chart.draw(&area, palette)?;
        area.present()?;
    }
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, size.width, size.height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let encoded = encoder
        .write_header()
        .and_then(|mut w| w.write_image_data(&rgb));
    encoded.map_err(|e| ChartError::Draw(format!("PNG encoding failed: {e}")))?;
    Ok(png)
}

pub fn write_svg(
    path: &Path,
    chart: &Chart<'_>,
    size: Size,
    palette: &Palette,
) -> Result<(), ExportError> {
    let svg = svg_string(chart, size, palette)?;
    write(path, svg.as_bytes())
}

pub fn write_png(
    path: &Path,
    chart: &Chart<'_>,
    size: Size,
    palette: &Palette,
) -> Result<(), ExportError> {
    let png = png_bytes(chart, size, palette)?;
    write(path, &png)
}

/// Writes `DIR/STEM.png` and `DIR/STEM.svg`; returns their paths, PNG first.
pub fn write_both(
    dir: &Path,
    stem: &str,
    chart: &Chart<'_>,
    size: Size,
    palette: &Palette,
) -> Result<[PathBuf; 2], ExportError> {
    let png = dir.join(format!("{stem}.png"));
    let svg = dir.join(format!("{stem}.svg"));
    write_png(&png, chart, size, palette)?;
    write_svg(&svg, chart, size, palette)?;
    Ok([png, svg])
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    use std::io::Write;
    crate::fs::write_atomically(path, |w| w.write_all(bytes)).map_err(|source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::testing::three_groups;

    #[test]
    fn a_chart_is_written_as_a_png_and_an_svg_without_system_fonts() {
        let (_, _, report) = three_groups();
        let dir = tempfile::tempdir().unwrap();
        let chart = Chart::ClusterSizes(&report);
        let [png, svg] =
            write_both(dir.path(), "sizes", &chart, Size::REPORT, &Palette::dark()).unwrap();
        let bytes = std::fs::read(&png).unwrap();
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let decoded = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .unwrap();
        assert_eq!((decoded.info().width, decoded.info().height), (960, 560));
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.starts_with("<svg") && text.contains("Customers per segment"));
        assert!(text.contains(&Palette::dark().background.hex()));
    }

    #[test]
    fn an_unwritable_place_is_an_error_naming_the_file() {
        let (_, _, report) = three_groups();
        // Inside a plain file: no folder can be made there, even by root.
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        std::fs::write(&file, b"").unwrap();
        let missing = file.join("x.svg");
        let err = write_svg(
            &missing,
            &Chart::ClusterSizes(&report),
            Size::REPORT,
            &Palette::light(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains(&*missing.to_string_lossy()),
            "{err}"
        );
    }
}
