//! Any chart with its data, as one value: what a file export or a window widget holds, so it can
//! draw the same chart on whichever backend it has.

use plotters::prelude::DrawingBackend;

use super::projection::{Points, ScatterAxes};
use super::{Area, ChartError, Palette};
use crate::analytics::classify::TreeReport;
use crate::analytics::cluster::{DbscanReport, EpsSuggestion, KMeansReport, KSelection};
use crate::analytics::regress::Report as RegressReport;
use crate::analytics::rfm::SegmentSummary;
use crate::analytics::rules::Rule;
use crate::analytics::workspace::{Churn, DealScoring};
use crate::domain::dashboard::{CampaignReturn, PipelineFunnel, RevenueByMonth, TicketMonth};

#[derive(Debug, Clone, Copy)]
pub enum Chart<'a> {
    Segments {
        points: Points<'a>,
        report: &'a KMeansReport,
        axes: ScatterAxes,
    },
    ClusterSizes(&'a KMeansReport),
    Elbow(&'a KSelection),
    Silhouette(&'a KSelection),
    Dbscan {
        points: Points<'a>,
        report: &'a DbscanReport,
        axes: ScatterAxes,
    },
    KDistance(&'a EpsSuggestion),
    Rules {
        rules: &'a [Rule],
        transactions: u64,
    },
    PredictedVsActual {
        actual: &'a [f64],
        predicted: &'a [f64],
        report: &'a RegressReport,
        target: &'a str,
    },
    Coefficients {
        report: &'a RegressReport,
        target: &'a str,
    },
    FeatureImportance(&'a TreeReport),
    /// The segments, and the customers left out (bought only in other currencies).
    RfmSegments(&'a [SegmentSummary], Option<&'a str>),
    DealScores(&'a DealScoring),
    ChurnAccuracy(&'a Churn),
    PipelineFunnel(&'a PipelineFunnel),
    RevenueByMonth(&'a RevenueByMonth),
    TicketTrend(&'a [TicketMonth]),
    CampaignRoi(&'a [CampaignReturn]),
}

impl Chart<'_> {
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        palette: &Palette,
    ) -> Result<(), ChartError> {
        match *self {
            Chart::Segments {
                points,
                report,
                axes,
            } => super::segment_scatter(area, &points, report, axes, palette),
            Chart::ClusterSizes(report) => super::cluster_sizes(area, report, palette),
            Chart::Elbow(selection) => super::elbow_curve(area, selection, palette),
            Chart::Silhouette(selection) => super::silhouette_curve(area, selection, palette),
            Chart::Dbscan {
                points,
                report,
                axes,
            } => super::dbscan_scatter(area, &points, report, axes, palette),
            Chart::KDistance(suggestion) => super::k_distance_curve(area, suggestion, palette),
            Chart::Rules {
                rules,
                transactions,
            } => super::rules_scatter(area, rules, transactions, palette),
            Chart::PredictedVsActual {
                actual,
                predicted,
                report,
                target,
            } => super::predicted_vs_actual(area, actual, predicted, report, target, palette),
            Chart::Coefficients { report, target } => {
                super::coefficient_bars(area, report, target, palette)
            }
            Chart::FeatureImportance(report) => super::feature_importance(area, report, palette),
            Chart::RfmSegments(summary, not_scored) => {
                super::rfm_segments(area, summary, not_scored, palette)
            }
            Chart::DealScores(scoring) => super::deal_scores(area, scoring, palette),
            Chart::ChurnAccuracy(churn) => super::churn_accuracy(area, churn, palette),
            Chart::PipelineFunnel(funnel) => super::pipeline_funnel(area, funnel, palette),
            Chart::RevenueByMonth(revenue) => super::revenue_by_month(area, revenue, palette),
            Chart::TicketTrend(months) => super::ticket_trend(area, months, palette),
            Chart::CampaignRoi(campaigns) => super::campaign_roi(area, campaigns, palette),
        }
    }
}
