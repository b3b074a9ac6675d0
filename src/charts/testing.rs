//! Test helpers: render a chart to SVG and read what it drew.

use ndarray::Array2;

use super::export::{Size, svg_string};
use super::{Chart, Palette};
use crate::analytics::cluster::{Cancel, KMeansParams, KMeansReport, kmeans};

pub fn svg(chart: &Chart<'_>) -> String {
    svg_string(chart, Size::REPORT, &Palette::light()).expect("the chart draws")
}

/// The texts the SVG shows, in drawing order (entities decoded).
pub fn texts(svg: &str) -> Vec<String> {
    svg.split("<text")
        .skip(1)
        .filter_map(|t| {
            let body = &t[t.find('>')? + 1..];
            let end = body.find("</text>")?;
            Some(
                body[..end]
                    .trim()
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&#39;", "'")
                    .replace("&amp;", "&"),
            )
        })
        .collect()
}

pub fn has_text(svg: &str, wanted: &str) -> bool {
    texts(svg).iter().any(|t| t == wanted)
}

/// How many elements of `tag` (e.g. "circle", "rect") are filled with `colour` (`#RRGGBB`).
pub fn count_filled(svg: &str, tag: &str, colour: &str) -> usize {
    svg.split(&format!("<{tag}"))
        .skip(1)
        .filter(|e| {
            let element = &e[..e.find('>').unwrap_or(e.len())];
            element.contains(&format!("fill=\"{colour}\""))
        })
        .count()
}

/// Three tight groups of customers on two features, clustered with k = 3.
pub fn three_groups() -> (Array2<f64>, Vec<String>, KMeansReport) {
    let mut rows = Vec::new();
    for (cx, cy) in [(20.0, 1000.0), (45.0, 5000.0), (70.0, 2000.0)] {
        for i in 0..10 {
            rows.extend([cx + (i % 3) as f64, cy + (i * 17 % 50) as f64]);
        }
    }
    let x = Array2::from_shape_vec((30, 2), rows).unwrap();
    let mut params = KMeansParams::new(3);
    params.standardize = true;
    params.threads = 1;
    let report = kmeans(x.view(), &params, Cancel::NEVER).unwrap();
    let names = vec!["Age (years)".to_string(), "Income (EUR)".to_string()];
    (x, names, report)
}
