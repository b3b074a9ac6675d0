//! Campaign return on investment: one bar per campaign, gains and losses apart from the zero line.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::money_whole;
use super::frame::no_data;
use super::{Area, ChartError, Palette};
use crate::domain::dashboard::CampaignReturn;

pub const TITLE: &str = "Campaign return on investment";

/// The most campaigns one chart shows (the first ones given: the store lists newest first).
pub const MAX_CAMPAIGNS: usize = 15;

pub fn campaign_roi<DB: DrawingBackend>(
    area: &Area<DB>,
    campaigns: &[CampaignReturn],
    palette: &Palette,
) -> Result<(), ChartError> {
    if campaigns.is_empty() {
        return no_data(
            area,
            palette,
            TITLE,
            "Campaigns with a cost will show here.",
        );
    }
    let shown = &campaigns[..campaigns.len().min(MAX_CAMPAIGNS)];
    let subtitle = if shown.len() < campaigns.len() {
        format!(
            "(revenue − cost) / cost; the {} newest of {} campaigns",
            shown.len(),
            campaigns.len()
        )
    } else {
        "(revenue − cost) / cost".to_string()
    };
    let names = shown
        .iter()
        .map(|c| match c.roi_percent {
            Some(_) => c.name.clone(),
            None => format!("{} (no cost yet)", c.name),
        })
        .collect();
    let colours = shown
        .iter()
        .map(|c| match c.roi_percent {
            Some(r) if r < 0 => palette.negative,
            _ => palette.positive,
        })
        .collect();
    let labels = shown
        .iter()
        .map(|c| match c.roi_percent {
            Some(r) => format!(
                "{r:+} % ({} on {})",
                money_whole(c.revenue.minor, c.revenue.currency),
                money_whole(c.cost.minor, c.cost.currency)
            ),
            None => String::new(),
        })
        .collect();
    horizontal(
        area,
        &Bars {
            title: TITLE,
            subtitle: Some(subtitle),
            value_desc: "Return on investment (%)",
            categories: names,
            series: vec![BarSeries {
                name: "ROI".into(),
                values: shown
                    .iter()
                    .map(|c| c.roi_percent.map(|r| r as f64))
                    .collect(),
                colours,
                labels,
            }],
        },
        palette,
    )
}
