//! The density clusters' result: the figures, the radius used (read off the data, or advice when
//! it says nothing about the customers), and the groups a segment can be saved from.

use iced::Element;
use iced::widget::{column, text};

use super::{count, figure_row, table};
use crate::analytics::workspace::Density;
use crate::charts::eps_text;
use crate::ui::screen::analytics::{Message, SegmentSource};
use crate::ui::theme;

pub fn view(d: &Density) -> Element<'_, Message> {
    let r = &d.report;
    let figures = vec![
        ("Customers", count(d.contacts.len())),
        ("Clusters", r.n_clusters.to_string()),
        ("Outliers", count(r.n_noise)),
        ("Core customers", count(r.n_core)),
    ];
    let mut rows: Vec<(Vec<String>, Option<SegmentSource>)> = r
        .cluster_sizes
        .iter()
        .enumerate()
        .map(|(j, size)| {
            (
                vec![format!("Cluster {}", j + 1), size.to_string()],
                Some(SegmentSource::Dense(j as i32)),
            )
        })
        .collect();
    if r.n_noise > 0 {
        rows.push((
            vec!["Outliers".into(), r.n_noise.to_string()],
            Some(SegmentSource::Dense(-1)),
        ));
    }
    let mut body = column![figure_row(figures)].spacing(12);
    if let Some(advice) = density_advice(d) {
        body = body.push(text(advice).style(theme::error_text));
    } else if d.eps_from_data {
        body = body.push(
            text(format!(
                "Radius eps = {} read off the data: the knee of each customer's distance \
                 to their {} nearest (themselves included). Type a radius to set your own.",
                eps_text(r.eps),
                crate::words::ordinal(r.min_samples),
            ))
            .size(13)
            .style(theme::muted_text),
        );
    }
    body.push(table(vec![("Group", 3), ("Customers", 2)], rows))
        .into()
}

/// What to try when the radius says nothing about the customers: it finds no cluster, or one
/// holding everyone.
fn density_advice(d: &Density) -> Option<String> {
    let r = &d.report;
    let eps = eps_text(r.eps);
    let read = if d.eps_from_data {
        " (read off the data)"
    } else {
        ""
    };
    if r.n_clusters == 0 {
        let next = if d.eps_from_data {
            "Ask for fewer neighbours to be dense, or type a wider radius."
        } else {
            "Press “Suggest eps” to read a radius off the data."
        };
        Some(format!(
            "No cluster at eps = {eps}{read}: no customer has {} others that close, so every one \
             is an outlier. {next}",
            r.min_samples.saturating_sub(1),
        ))
    } else if r.n_clusters == 1 && r.n_noise == 0 {
        let next = if d.eps_from_data {
            "Type a smaller radius to part them."
        } else {
            "Press “Suggest eps” to read a radius off the data."
        };
        Some(format!(
            "At eps = {eps}{read} every customer falls in one cluster: the radius is wider than \
             the gaps between groups. {next}",
        ))
    } else {
        None
    }
}
