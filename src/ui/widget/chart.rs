//! A chart from `charts` drawn in the window: the same function that writes the PNG and SVG draws
//! on an iced canvas, in the theme's palette. The drawing is cached: a scatter of a million
//! customers is projected and drawn once, not on every frame, and again only when its size or the
//! theme changes.

use std::cell::Cell;

use iced::widget::canvas::Cache;
use iced::{Element, Length, Size};
use plotters::prelude::{DrawingBackend, IntoFont, TextStyle};
use plotters_iced2::{Chart as PlottersChart, ChartBuilder, ChartWidget, DrawingArea};

use crate::charts::{Chart, Palette, Rgb};

/// The drawing of one chart slot, kept between frames by the screen that owns the data.
#[derive(Default)]
pub struct ChartCache {
    cache: Cache,
    /// The background the cached drawing used, so a theme change redraws it.
    background: Cell<Option<Rgb>>,
}

impl std::fmt::Debug for ChartCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChartCache")
    }
}

impl ChartCache {
    /// Forgets the drawing (the data changed).
    pub fn clear(&self) {
        self.cache.clear();
    }
}

/// `chart` at `height` pixels, as wide as its container.
pub fn chart<'a, M: 'a>(
    chart: Chart<'a>,
    palette: Palette,
    cache: &'a ChartCache,
    height: f32,
) -> Element<'a, M> {
    if cache.background.get() != Some(palette.background) {
        cache.cache.clear();
        cache.background.set(Some(palette.background));
    }
    ChartWidget::new(Canvas {
        chart,
        palette,
        cache: &cache.cache,
    })
    .width(Length::Fill)
    .height(Length::Fixed(height))
    .into()
}

struct Canvas<'a> {
    chart: Chart<'a>,
    palette: Palette,
    cache: &'a Cache,
}

impl<M> PlottersChart<M> for Canvas<'_> {
    type State = ();

    fn build_chart<DB: DrawingBackend>(&self, _state: &(), _builder: ChartBuilder<DB>) {}

    fn draw_chart<DB: DrawingBackend>(
        &self,
        _state: &(),
        root: DrawingArea<DB, plotters::coord::Shift>,
    ) {
        if self.chart.draw(&root, &self.palette).is_err() {
            // A backend error leaves a blank area otherwise; say so where the chart would be.
            let colour = plotters::style::RGBColor::from(self.palette.text);
            let style = TextStyle::from(("sans-serif", 16).into_font()).color(&colour);
            let _ = root.draw_text("This chart could not be drawn.", &style, (16, 16));
        }
    }

    fn draw<R: plotters_iced2::Renderer, F: Fn(&mut iced::widget::canvas::Frame)>(
        &self,
        renderer: &R,
        size: Size,
        f: F,
    ) -> iced::widget::canvas::Geometry {
        renderer.draw_cache(self.cache, size, f)
    }
}
