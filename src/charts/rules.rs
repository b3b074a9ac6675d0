//! Association rules: each rule at its support and confidence, coloured by lift in four bands.

use plotters::chart::SeriesLabelPosition;
use plotters::prelude::*;

use super::format::{grouped, number};
use super::frame::{begin, draw_legend_clear_of, no_data, style_mesh, y_title};
use super::{Area, ChartError, Palette};
use crate::analytics::rules::Rule;

pub const TITLE: &str = "Products bought together";

pub fn rules_scatter<DB: DrawingBackend>(
    area: &Area<DB>,
    rules: &[Rule],
    transactions: u64,
    palette: &Palette,
) -> Result<(), ChartError> {
    if rules.is_empty() || transactions == 0 {
        return no_data(
            area,
            palette,
            TITLE,
            "No rule reaches the minimum support and confidence.",
        );
    }
    let points: Vec<(f64, f64, f64)> = rules
        .iter()
        .map(|r| {
            (
                r.support(transactions) * 100.0,
                r.confidence() * 100.0,
                r.lift(transactions),
            )
        })
        .collect();
    let body = begin(
        area,
        palette,
        TITLE,
        Some(&format!(
            "{} rules from {} baskets; colour shows lift (how much likelier together than apart)",
            grouped(rules.len() as i64),
            grouped(transactions as i64)
        )),
    )?;
    let max_support = points.iter().map(|p| p.0).fold(0.0, f64::max);
    let min_support = points.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    // Rules all sit above the minimum support, so the axis starts near it rather than at zero.
    let span = (max_support - min_support).max(max_support * 0.1).max(0.01);
    // Room on the right for the legend, past the rule with the most support: it hid rules there.
    let x_range = (min_support - span * 0.1).max(0.0)..(max_support + span * 0.55);
    let mut chart = ChartBuilder::on(&y_title(&body, palette, "Confidence (%)")?)
        .x_label_area_size(52)
        .y_label_area_size(64)
        .build_cartesian_2d(x_range, 0.0..105.0)?;
    let width = chart.plotting_area().dim_in_pixel().0;
    let mut mesh = chart.configure_mesh();
    style_mesh(&mut mesh, palette, width);
    mesh.x_desc("Support (% of baskets)")
        .x_label_formatter(&|v| number(*v))
        .y_label_formatter(&|v| number(*v))
        .draw()?;

    let mut labels = Vec::new();
    let mut pixels: Vec<(i32, i32)> = Vec::new();
    for band in bands(points.iter().map(|p| p.2)) {
        let colour = palette.ramp[band.index].color();
        let inside: Vec<(f64, f64)> = points
            .iter()
            .filter(|p| band.contains(p.2))
            .map(|p| (p.0, p.1))
            .collect();
        if inside.is_empty() {
            continue;
        }
        // Rules on one pixel draw one circle: tens of thousands of rules share far fewer
        // (support, confidence) pairs, and without a GPU the window draws every circle again on
        // each frame (70,000 of them held it for seconds whenever the chart was shown).
        let mut drawn = std::collections::HashSet::new();
        let spots: Vec<(f64, f64)> = inside
            .iter()
            .copied()
            .filter(|p| drawn.insert(chart.backend_coord(p)))
            .collect();
        let label = format!("{} ({})", band.label, inside.len());
        chart
            .draw_series(
                spots
                    .iter()
                    .map(|&p| Circle::new(p, 5, colour.mix(0.8).filled())),
            )?
            .label(label.clone())
            .legend(move |(x, y)| Circle::new((x + 7, y), 5, colour.filled()));
        labels.push(label);
        pixels.extend(drawn);
    }
    draw_legend_clear_of(
        &mut chart,
        palette,
        &labels,
        &pixels,
        SeriesLabelPosition::LowerRight,
    )?;
    Ok(())
}

/// A range of lift with its colour index; the last band includes its upper end.
#[derive(Debug, Clone, PartialEq)]
struct Band {
    index: usize,
    lo: f64,
    hi: f64,
    last: bool,
    label: String,
}

impl Band {
    fn contains(&self, lift: f64) -> bool {
        lift >= self.lo && (lift < self.hi || (self.last && lift <= self.hi))
    }
}

/// Up to four equal-width bands from the lowest to the highest lift (one when all are equal).
fn bands(lifts: impl Iterator<Item = f64>) -> Vec<Band> {
    let (lo, hi) = lifts.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), l| {
        (lo.min(l), hi.max(l))
    });
    if !lo.is_finite() {
        return Vec::new();
    }
    if hi - lo < 1e-9 {
        return vec![Band {
            index: 3,
            lo,
            hi,
            last: true,
            label: format!("lift {lo:.2}"),
        }];
    }
    let width = (hi - lo) / 4.0;
    (0..4)
        .map(|i| {
            let (a, b) = (lo + width * i as f64, lo + width * (i + 1) as f64);
            Band {
                index: i,
                lo: a,
                hi: if i == 3 { hi } else { b },
                last: i == 3,
                label: format!("lift {a:.2}–{b:.2}"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lift_falls_in_exactly_one_band() {
        let lifts = [1.0, 1.2, 2.5, 3.99, 4.0];
        let b = bands(lifts.iter().copied());
        assert_eq!(b.len(), 4);
        for l in lifts {
            assert_eq!(b.iter().filter(|band| band.contains(l)).count(), 1, "{l}");
        }
    }
}

#[cfg(test)]
mod chart_tests {
    use crate::analytics::rules::Rule;
    use crate::charts::Chart;
    use crate::charts::testing::*;

    fn rule(count: u64, antecedent_count: u64, consequent_count: u64) -> Rule {
        Rule {
            antecedent: vec![0],
            consequent: vec![1],
            count,
            antecedent_count,
            consequent_count,
        }
    }

    #[test]
    fn each_rule_is_a_dot_coloured_by_its_lift_band() {
        // 100 baskets, count(X) = 20, count(Y) = 10: lifts 1, 3, 5 and 8, one in each band.
        let rules = [
            rule(2, 20, 10),
            rule(6, 20, 10),
            rule(10, 20, 10),
            rule(16, 20, 10),
        ];
        let svg = svg(&Chart::Rules {
            rules: &rules,
            transactions: 100,
        });
        assert!(has_text(&svg, super::TITLE));
        assert!(has_text(&svg, "Support (% of baskets)") && has_text(&svg, "Confidence (%)"));
        let p = light();
        let per_band: Vec<usize> = p.ramp.iter().map(|&c| circles(&svg, c, 5)).collect();
        // Each band: its dot and its legend swatch.
        assert_eq!(per_band, vec![2, 2, 2, 2], "{:?}", texts(&svg));
        assert!(texts(&svg).iter().any(|t| t.starts_with("lift 1.00–")));
    }

    #[test]
    fn rules_at_one_spot_draw_one_dot_and_count_all() {
        // Support 10 %, confidence 50 %, lift 5, a thousand times; and one rule elsewhere.
        let mut rules = vec![rule(10, 20, 10); 1000];
        rules.push(rule(2, 20, 10));
        let svg = svg(&Chart::Rules {
            rules: &rules,
            transactions: 100,
        });
        let p = light();
        let dots: usize = p.ramp.iter().map(|&c| circles(&svg, c, 5)).sum();
        assert_eq!(dots, 2 + 2, "two spots and two legend swatches");
        assert!(
            texts(&svg).iter().any(|t| t.ends_with("(1000)")),
            "the legend counts every rule: {:?}",
            texts(&svg)
        );
    }

    #[test]
    fn no_rules_is_an_empty_chart() {
        let svg = svg(&Chart::Rules {
            rules: &[],
            transactions: 100,
        });
        assert!(has_text(&svg, "No data yet"));
    }
}
