//! Test helpers: render a chart to SVG and read what it drew.

use ndarray::Array2;

use super::export::{Size, svg_string};
use super::{Chart, Palette, Rgb};
use crate::analytics::cluster::{KMeansParams, KMeansReport, kmeans};
use crate::analytics::worker::Ticker;

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

/// The attributes of every `<tag …>` element, in drawing order.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    svg.split(&format!("<{tag} "))
        .skip(1)
        .map(|e| &e[..e.find('>').unwrap_or(e.len())])
        .collect()
}

fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let start = element.find(&format!(" {name}=\""))? + name.len() + 3;
    let len = element[start..].find('"')?;
    Some(&element[start..start + len])
}

/// How many circles of radius `r` are filled with `colour` (`#RRGGBB`).
pub fn circles(svg: &str, colour: Rgb, r: u32) -> usize {
    elements(svg, "circle")
        .iter()
        .filter(|e| attr(e, "fill") == Some(&colour.hex()) && attr(e, "r") == Some(&r.to_string()))
        .count()
}

/// The sizes (width, height) of the rectangles filled with `colour`.
pub fn rects(svg: &str, colour: Rgb) -> Vec<(i64, i64)> {
    elements(svg, "rect")
        .iter()
        .filter(|e| attr(e, "fill") == Some(&colour.hex()))
        .filter_map(|e| {
            Some((
                attr(e, "width")?.parse().ok()?,
                attr(e, "height")?.parse().ok()?,
            ))
        })
        .collect()
}

/// How many lines (polylines and single segments) are stroked with `colour`.
pub fn lines(svg: &str, colour: Rgb) -> usize {
    let mut all = elements(svg, "polyline");
    all.extend(elements(svg, "line"));
    all.iter()
        .filter(|e| attr(e, "stroke") == Some(&colour.hex()))
        .count()
}

/// The vertical position of the first text that reads `wanted` (smaller is higher up).
pub fn text_y(svg: &str, wanted: &str) -> i64 {
    text_at(svg, wanted, "y")
}

/// The horizontal position of the first text that reads `wanted` (smaller is further left).
pub fn text_x(svg: &str, wanted: &str) -> i64 {
    text_at(svg, wanted, "x")
}

fn text_at(svg: &str, wanted: &str, axis: &str) -> i64 {
    svg.split("<text")
        .skip(1)
        .find(|t| {
            t.find('>')
                .is_some_and(|i| t[i + 1..].trim_start().starts_with(&format!("{wanted}\n")))
        })
        .and_then(|t| attr(&t[..t.find('>')?], axis)?.parse().ok())
        .unwrap_or_else(|| panic!("no text {wanted:?}"))
}

pub fn light() -> Palette {
    Palette::light()
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
    let report = kmeans(x.view(), &params, &Ticker::silent()).unwrap();
    let names = vec!["Age (years)".to_string(), "Income (EUR)".to_string()];
    (x, names, report)
}
