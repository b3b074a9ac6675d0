//! The sales pipeline as a funnel: the open amount in each stage, first stage on top.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::{grouped, major, money_whole};
use super::frame::no_data;
use super::{Area, ChartError, Palette};
use crate::domain::dashboard::PipelineFunnel;

pub const TITLE: &str = "Open pipeline by stage";

pub fn pipeline_funnel<DB: DrawingBackend>(
    area: &Area<DB>,
    funnel: &PipelineFunnel,
    palette: &Palette,
) -> Result<(), ChartError> {
    let deals: u64 = funnel.stages.iter().map(|s| s.deals).sum();
    if deals == 0 {
        return no_data(area, palette, TITLE, "Open deals will show here by stage.");
    }
    let cur = funnel.currency;
    let total: i64 = funnel.stages.iter().map(|s| s.amount_minor).sum();
    let desc = format!("Open amount ({})", cur.code());
    horizontal(
        area,
        &Bars {
            title: TITLE,
            subtitle: Some(format!(
                "{}: {} open deals worth {}",
                funnel.pipeline,
                grouped(deals as i64),
                money_whole(total, cur)
            )),
            value_desc: &desc,
            categories: funnel.stages.iter().map(|s| s.stage.clone()).collect(),
            series: vec![
                BarSeries::plain(
                    "Open amount",
                    funnel
                        .stages
                        .iter()
                        .map(|s| Some(major(s.amount_minor, cur)))
                        .collect(),
                    palette.primary,
                )
                .with_labels(
                    funnel
                        .stages
                        .iter()
                        .map(|s| {
                            let deals = match s.deals {
                                1 => "1 deal".to_string(),
                                n => format!("{} deals", grouped(n as i64)),
                            };
                            format!("{} · {deals}", money_whole(s.amount_minor, cur))
                        })
                        .collect(),
                ),
            ],
        },
        palette,
    )
}
