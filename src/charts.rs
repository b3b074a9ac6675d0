//! Charts drawn with plotters from the analyses' reports and the dashboards' figures.
//!
//! Each chart is a function generic over a plotters [`DrawingBackend`], so the same code draws in
//! the window (through the iced bridge), into SVG and PNG files and into the owner's report. A chart
//! takes plain data and a [`Palette`]; it never reads the store and never uses iced. Empty data gives
//! a chart that says so instead of an error.

mod bars;
mod bitmap_text;
mod campaigns;
mod chart;
mod clusters;
mod dbscan;
pub mod export;
mod font;
mod format;
mod frame;
mod funnel;
mod k_choice;
mod k_distance;
mod palette;
pub mod profile;
pub mod projection;
mod regression;
mod revenue;
mod rfm;
mod rules;
mod scatter;
mod scores;
mod segments;
mod side_legend;
#[cfg(test)]
mod testing;
mod tickets;
mod tree;

use plotters::drawing::DrawingAreaErrorKind;

pub use campaigns::campaign_roi;
pub use chart::Chart;
pub use clusters::cluster_sizes;
pub use dbscan::dbscan_scatter;
pub use font::window_face;
pub use format::plain_number;
pub use funnel::pipeline_funnel;
pub use k_choice::{elbow_curve, silhouette_curve};
pub use k_distance::{eps_text, k_distance_curve};
pub use palette::{Palette, Rgb, TextRenderer};
pub use projection::{Points, Projection, ScatterAxes};
pub use regression::{coefficient_bars, predicted_vs_actual};
pub use revenue::revenue_by_month;
pub use rfm::rfm_segments;
pub use rules::rules_scatter;
pub use scores::{churn_accuracy, deal_scores};
pub use segments::segment_scatter;
pub use tickets::ticket_trend;
pub use tree::feature_importance;

/// A plotters drawing area in pixel coordinates: what every chart function draws on.
pub type Area<DB> = plotters::drawing::DrawingArea<DB, plotters::coord::Shift>;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChartError {
    #[error("cannot draw the chart: {0}")]
    Draw(String),
}

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for ChartError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        ChartError::Draw(e.to_string())
    }
}
