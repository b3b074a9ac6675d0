//! Campaign return on investment: one bar per campaign, gains and losses apart from the zero line.

use plotters::prelude::*;

use super::bars::{BarSeries, Bars, horizontal};
use super::format::money_label;
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
                "{} ({} on {})",
                crate::domain::campaign::roi_label(r),
                money_label(c.revenue.minor, c.revenue.currency),
                money_label(c.cost.minor, c.cost.currency)
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

#[cfg(test)]
mod tests {
    use crate::charts::Chart;
    use crate::charts::testing::*;
    use crate::domain::dashboard::CampaignReturn;
    use crate::domain::{Currency, Money};

    fn campaign(name: &str, cost: i64, revenue: i64, roi: Option<i64>) -> CampaignReturn {
        CampaignReturn {
            name: name.into(),
            cost: Money::new(cost, Currency::EUR),
            revenue: Money::new(revenue, Currency::EUR),
            roi_percent: roi,
        }
    }

    #[test]
    fn gains_and_losses_have_their_colours_and_free_campaigns_no_bar() {
        let campaigns = [
            campaign("Spring launch", 100_00, 300_00, Some(200)),
            campaign("Winter mailing", 100_00, 40_00, Some(-60)),
            campaign("Word of mouth", 0, 0, None),
        ];
        let svg = svg(&Chart::CampaignRoi(&campaigns));
        assert!(has_text(&svg, "Return on investment (%)"));
        assert!(has_text(&svg, "+200% (€300 on €100)"));
        assert!(has_text(&svg, "-60% (€40 on €100)"));
        assert!(has_text(&svg, "Word of mouth (no cost yet)"));
        let p = light();
        assert_eq!(rects(&svg, p.positive).len(), 1);
        assert_eq!(rects(&svg, p.negative).len(), 1);
    }

    /// In a chart too narrow for them beside the bars (the dashboard at 760 pixels), the labels
    /// are left out: they had been drawn over the names and past the chart's edge.
    #[test]
    fn labels_too_wide_for_a_narrow_chart_are_left_out() {
        use crate::charts::export::{Size, svg_string};
        let campaigns = [
            campaign("Spring launch", 1548_00, 1308_00, Some(-16)),
            campaign("Winter mailing", 783_00, 5538_00, Some(607)),
        ];
        let chart = Chart::CampaignRoi(&campaigns);
        let narrow = Size {
            width: 330,
            height: 300,
        };
        let svg = svg_string(&chart, narrow, &light()).unwrap();
        assert!(
            !has_text(&svg, "-16% (€1,308 on €1,548)"),
            "{:?}",
            texts(&svg)
        );
        assert!(has_text(&svg, "Spring launch"));
        let wide = svg_string(&chart, Size::REPORT, &light()).unwrap();
        assert!(has_text(&wide, "-16% (€1,308 on €1,548)"));
    }

    /// One campaign's bar sits in the middle of three slots, not in the lower of two under an
    /// empty row (as if a second campaign were missing): thinner than each of two bars.
    #[test]
    fn a_lone_campaign_is_drawn_in_the_middle() {
        let one = [campaign("Spring launch", 100_00, 300_00, Some(200))];
        let two = [
            campaign("Spring launch", 100_00, 300_00, Some(200)),
            campaign("Summer fair", 100_00, 200_00, Some(100)),
        ];
        let height = |svg: &str| rects(svg, light().positive)[0].1;
        let (alone, pair) = (
            svg(&Chart::CampaignRoi(&one)),
            svg(&Chart::CampaignRoi(&two)),
        );
        assert!(has_text(&alone, "Spring launch"));
        assert!(
            height(&alone) * 3 < height(&pair) * 2 + 6,
            "{} vs {}",
            height(&alone),
            height(&pair)
        );
    }

    #[test]
    fn long_names_are_cut_and_only_the_newest_campaigns_shown() {
        let campaigns: Vec<CampaignReturn> = (0..20)
            .map(|i| {
                campaign(
                    &format!("Campaign {i} with a very long descriptive name"),
                    100,
                    200,
                    Some(100),
                )
            })
            .collect();
        let svg = svg(&Chart::CampaignRoi(&campaigns));
        assert!(
            has_text(&svg, "Campaign 0 with a very long…"),
            "{:?}",
            texts(&svg)
        );
        assert!(
            texts(&svg)
                .iter()
                .any(|t| t.contains("the 15 newest of 20"))
        );
        assert_eq!(rects(&svg, light().positive).len(), 15);
    }
}
