//! What a finished analysis shows under its chart: the key figures first, then a table an owner can
//! act on (segment profiles, rules, coefficients, scores), with "Save as segment" where a group of
//! customers can become a campaign's audience.

use iced::widget::{button, column, container, responsive, row, text};
use iced::{Alignment, Element, Length};

use super::form::feature_label;
mod bundles;
mod density;
mod table;

use super::{Finished, Message, RuleColumn, SegmentSource};
use crate::analytics::workspace::Outcome;
use crate::charts::{Chart, Palette, Points, ScatterAxes, eps_text};
use crate::domain::Money;
use crate::store::SortDir;
use crate::ui::theme;
use crate::ui::widget::chart::chart;
use crate::words::grouped;
pub use bundles::RuleOrder;
use table::table;

/// How the rule table is ordered and which rule is selected (index into `Bundles::rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleView {
    pub sort: RuleColumn,
    pub dir: SortDir,
    pub selected: Option<usize>,
}

/// The widget ids of the result's first and second chart.
pub const CHART_IDS: [&str; 2] = ["analysis-chart-1", "analysis-chart-2"];

/// Height of a chart in the panel.
const CHART_HEIGHT: f32 = 400.0;

/// The charts of a result with the file names they export under, the main one first.
pub fn chart_list<'a>(
    outcome: &'a Outcome,
    labels: &'a [String],
) -> Vec<(&'static str, Chart<'a>)> {
    match outcome {
        Outcome::Segments(s) => vec![
            (
                "segments",
                Chart::Segments {
                    points: Points {
                        x: s.points.view(),
                        features: labels,
                    },
                    report: &s.report,
                    axes: ScatterAxes::natural(s.features.len()),
                },
            ),
            ("segment_sizes", Chart::ClusterSizes(&s.report)),
        ],
        Outcome::SuggestedEps { suggestion, .. } => {
            vec![("k_distance", Chart::KDistance(suggestion))]
        }
        Outcome::ChooseK { selection, .. } => vec![
            ("elbow", Chart::Elbow(selection)),
            ("silhouette", Chart::Silhouette(selection)),
        ],
        Outcome::Density(d) => vec![(
            "density_clusters",
            Chart::Dbscan {
                points: Points {
                    x: d.points.view(),
                    features: labels,
                },
                report: &d.report,
                axes: ScatterAxes::natural(d.features.len()),
            },
        )],
        Outcome::Bundles(b) => vec![(
            "association_rules",
            Chart::Rules {
                rules: &b.rules,
                transactions: b.itemsets.transactions,
            },
        )],
        Outcome::Spending(s) => vec![
            (
                "predicted_vs_actual",
                Chart::PredictedVsActual {
                    actual: &s.actual,
                    predicted: &s.predicted,
                    report: &s.report,
                    target: labels.first().map_or(&s.target, |l| l),
                },
            ),
            (
                "coefficients",
                Chart::Coefficients {
                    report: &s.report,
                    target: &s.target,
                },
            ),
        ],
        Outcome::WinLoss(w) => vec![("feature_importance", Chart::FeatureImportance(&w.report))],
        Outcome::Loyalty(l) => vec![(
            "rfm_segments",
            Chart::RfmSegments(&l.summary, l.not_scored.as_deref()),
        )],
        Outcome::Churn(c) => vec![("churn_accuracy", Chart::ChurnAccuracy(c))],
        Outcome::DealScoring(d) => vec![("deal_scores", Chart::DealScores(d))],
    }
}

/// Below this width two charts go one above the other: side by side at 1024 pixels, each title
/// ran into the other chart and was cut at its edge.
const SIDE_BY_SIDE: f32 = 900.0;

/// The pictures of a result, side by side when there are two and room for both.
pub fn charts<'a>(finished: &'a Finished, palette: &Palette) -> Element<'a, Message> {
    let mut list = chart_list(&finished.outcome, &finished.labels).into_iter();
    let pair = (list.next().map(|c| c.1), list.next().map(|c| c.1));
    let palette = palette.clone();
    responsive(move |size| {
        let [first, second] = &finished.charts;
        // Two charts share the width equally: narrower bars crowd their tick labels.
        let pictures = [
            (CHART_IDS[0], pair.0, first),
            (CHART_IDS[1], pair.1, second),
        ]
        .into_iter()
        .filter_map(|(id, c, cache)| {
            let c = c?;
            let picture = container(chart(c, palette.clone(), cache, CHART_HEIGHT))
                .id(id)
                .width(Length::Fill);
            Some(Element::from(picture))
        });
        if size.width >= SIDE_BY_SIDE {
            row(pictures).spacing(12).into()
        } else {
            column(pictures).spacing(12).into()
        }
    })
    .height(Length::Shrink)
    .into()
}

/// The figures and tables of `outcome`.
/// The result's figures and tables; `labels` name its features as its charts do (with their
/// currencies).
pub fn view<'a>(
    outcome: &'a Outcome,
    labels: &'a [String],
    rules: RuleView,
    rule_order: &RuleOrder,
) -> Element<'a, Message> {
    match outcome {
        Outcome::Segments(s) => {
            let r = &s.report;
            let mut figures = vec![
                ("Customers", count(s.contacts.len())),
                ("Segments", r.k.to_string()),
                ("Inertia", format!("{:.1}", r.inertia)),
            ];
            figures.push((
                "Silhouette",
                r.silhouette
                    .map_or_else(|| "—".into(), |v| format!("{v:.3}")),
            ));
            // Wide enough for "Segment 1" and "Customers" whole at 1024 pixels ("Segme nt 1").
            let mut header = vec![("Segment", 4), ("Customers", 4)];
            header.extend(labels.iter().map(|l| (l.as_str(), 3)));
            let rows = r
                .centers
                .outer_iter()
                .enumerate()
                .map(|(j, center)| {
                    let mut cells = vec![format!("Segment {}", j + 1), r.sizes[j].to_string()];
                    cells.extend(
                        s.features
                            .iter()
                            .zip(center.iter())
                            .map(|(f, v)| feature_value(f, *v)),
                    );
                    (cells, Some(SegmentSource::Cluster(j)))
                })
                .collect();
            column![
                figure_row(figures),
                text("Average customer of each segment, in real units")
                    .size(13)
                    .style(theme::muted_text),
                table(header, rows),
            ]
            .spacing(12)
            .into()
        }
        Outcome::SuggestedEps { suggestion: s, .. } => {
            let eps = eps_text(s.eps);
            let closer = s.curve.partition_point(|&d| d <= s.eps);
            let share = closer as f64 / s.curve.len().max(1) as f64;
            row![
                text(format!(
                    "The curve bends at eps = {eps}: {} of customers have {} others within that \
                     radius, so they are the dense cores of clusters; the steep tail beyond are \
                     outliers. A smaller eps finds tighter clusters and more outliers.",
                    percent(share),
                    s.min_samples.saturating_sub(1),
                ))
                .width(Length::Fill),
                button(text(format!("Use eps = {eps}")))
                    .on_press(Message::UseEps(eps))
                    .style(button::primary),
            ]
            .align_y(Alignment::Center)
            .spacing(12)
            .into()
        }
        Outcome::ChooseK { selection: sel, .. } => {
            let rows = sel
                .choices
                .iter()
                .map(|c| {
                    let mut marks = Vec::new();
                    if c.k == sel.elbow {
                        marks.push("elbow");
                    }
                    if Some(c.k) == sel.best_silhouette {
                        marks.push("best silhouette");
                    }
                    (
                        vec![
                            c.k.to_string(),
                            format!("{:.1}", c.inertia),
                            c.silhouette
                                .map_or_else(|| "—".into(), |v| format!("{v:.3}")),
                            marks.join(", "),
                        ],
                        None,
                    )
                })
                .collect();
            let suggested = sel.best_silhouette.unwrap_or(sel.elbow);
            column![
                row![
                    text(format!(
                        "The elbow of the inertia curve is at k = {}; the silhouette is highest at k = {}.",
                        sel.elbow,
                        sel.best_silhouette
                            .map_or_else(|| "—".to_string(), |k| k.to_string())
                    ))
                    .width(Length::Fill),
                    button(text(format!("Use k = {suggested}")))
                        .on_press(Message::UseK(suggested))
                        .style(button::primary),
                ]
                .align_y(Alignment::Center)
                .spacing(12),
                table(
                    vec![("k", 1), ("Inertia", 2), ("Silhouette", 2), ("", 3)],
                    rows
                ),
            ]
            .spacing(12)
            .into()
        }
        Outcome::Density(d) => density::view(d),
        Outcome::Bundles(b) => bundles::view(b, rules, rule_order),
        Outcome::Spending(s) => {
            let r = &s.report;
            let figures = vec![
                ("Customers", count(r.rows)),
                ("R²", format!("{:.3}", r.r2)),
                ("Typical error (RMSE)", format!("{:.1}", r.rmse)),
                ("Intercept", format!("{:.2}", r.intercept)),
            ];
            let rows = r
                .features
                .iter()
                .zip(&r.coefficients)
                .map(|(f, c)| {
                    (
                        vec![
                            s.units.label(f),
                            format!("{c:+.4}"),
                            format!(
                                "{} {} by {:.4} per unit",
                                s.units.label(&s.target),
                                if *c >= 0.0 { "rises" } else { "falls" },
                                c.abs()
                            ),
                        ],
                        None,
                    )
                })
                .collect();
            column![
                figure_row(figures),
                table(
                    vec![("Figure", 3), ("Coefficient", 2), ("Reading", 5)],
                    rows
                )
            ]
            .spacing(12)
            .into()
        }
        Outcome::WinLoss(w) => {
            let r = &w.report;
            let figures = vec![
                ("Closed deals", count(w.deals)),
                // The mean of the folds' accuracies (as scikit-learn reports it), which can
                // differ a little from the share of all deals right that deal scoring shows.
                (
                    "Cross-validated accuracy (mean of folds)",
                    r.cv_accuracy.map_or_else(|| "—".into(), percent),
                ),
                ("On the deals learned from", percent(r.train_accuracy)),
                ("Depth · leaves", format!("{} · {}", r.depth, r.leaves)),
                ("Always guessing the commoner outcome", percent(w.baseline)),
            ];
            // In the chart's order: the table beside it had listed the facts as they were read.
            let importance = r
                .ranked_importance()
                .into_iter()
                .map(|(f, v)| (vec![feature_label(f).to_string(), percent(*v)], None))
                .collect();
            let mut rules_list = column![text("The tree as rules").size(16)].spacing(4);
            for rule in r.rules.iter().take(40) {
                rules_list = rules_list.push(
                    text(format!(
                        "If {} then {} ({} of {} deals)",
                        if rule.conditions.is_empty() {
                            "always".to_string()
                        } else {
                            rule.conditions
                                .iter()
                                .map(|c| readable_condition(c))
                                .collect::<Vec<_>>()
                                .join(" and ")
                        },
                        rule.class,
                        rule.correct,
                        rule.rows
                    ))
                    .size(13),
                );
            }
            column![
                figure_row(figures),
                no_better_than_guessing(
                    r.cv_accuracy.unwrap_or(r.train_accuracy),
                    w.baseline,
                    "deals",
                    "wins"
                ),
                table(vec![("Fact", 3), ("Importance", 2)], importance),
                rules_list,
            ]
            .spacing(12)
            .into()
        }
        Outcome::Churn(c) => {
            let mut figures = vec![
                (
                    "Cross-validated accuracy",
                    format!("{} ({} folds)", percent(c.cv_accuracy), c.folds),
                ),
                ("On the customers learned from", percent(c.train_accuracy)),
                ("Always guessing the commoner class", percent(c.baseline())),
            ];
            for (class, count) in c.classes.iter().zip(&c.counts) {
                figures.push((class_label(class), self::count(*count)));
            }
            let unsettled = (!c.converged).then(|| {
                text(format!(
                    "The model did not finish training at C = {}: so large a penalty, on customers \
                     the figures do not cleanly separate, needs more passes than a run allows, \
                     and a model stopped early can score below a smaller C. Try C from 1 to 100.",
                    c.c.map_or("∞ (hard margin)".to_string(), crate::charts::plain_number)
                ))
                .size(13)
                .style(theme::error_text)
            });
            column![
                figure_row(figures),
                unsettled,
                no_better_than_guessing(c.cv_accuracy, c.baseline(), "customers", "who lapses"),
                text(format!(
                    "Learned from: {}.",
                    c.features
                        .iter()
                        .map(|f| feature_label(f))
                        .collect::<Vec<_>>()
                        .join(", ")
                ))
                .size(13)
                .style(theme::muted_text),
            ]
            .spacing(12)
            .into()
        }
        Outcome::DealScoring(d) => {
            let figures = vec![
                ("Closed deals", format!("{} ({} won)", d.closed, d.won)),
                (
                    "Cross-validated accuracy (all deals)",
                    percent(d.cv_accuracy),
                ),
                ("Always guessing the commoner outcome", percent(d.baseline)),
                ("Open deals scored", count(d.scores.len())),
            ];
            let rows = d
                .scores
                .iter()
                .take(100)
                .map(|s| (vec![s.title.clone(), percent(s.probability)], None))
                .collect();
            column![
                figure_row(figures),
                no_better_than_guessing(d.cv_accuracy, d.baseline, "deals", "wins"),
            ]
            .spacing(12)
            .push(table(vec![("Open deal", 6), ("Chance to win", 2)], rows))
            .into()
        }
        Outcome::Loyalty(l) => {
            let figures = vec![
                ("Customers scored", count(l.scores.len())),
                (
                    "Revenue",
                    Money::new(l.summary.iter().map(|s| s.revenue_minor).sum(), l.currency)
                        .display(),
                ),
            ];
            let rows = l
                .summary
                .iter()
                .map(|s| {
                    (
                        vec![
                            s.segment.label().to_string(),
                            s.customers.to_string(),
                            Money::new(s.revenue_minor, l.currency).display(),
                            percent(s.revenue_share),
                        ],
                        (s.customers > 0).then_some(SegmentSource::Loyalty(s.segment)),
                    )
                })
                .collect();
            column![
                figure_row(figures),
                table(
                    vec![
                        ("Segment", 3),
                        ("Customers", 2),
                        ("Revenue", 3),
                        ("Share", 2)
                    ],
                    rows
                )
            ]
            .spacing(12)
            .into()
        }
    }
}

/// Key figures side by side, each a small card.
pub(super) fn figure_row<'a>(figures: Vec<(&'a str, String)>) -> Element<'a, Message> {
    let mut cards = row![].spacing(12);
    for (label, value) in figures {
        cards = cards.push(
            container(
                column![
                    text(label).size(12).style(theme::muted_text),
                    text(value).size(20)
                ]
                .spacing(2),
            )
            .padding([8, 12])
            .style(theme::card),
        );
    }
    cards.wrap().into()
}

/// Items as a person reads them: "Tea + Milk" (the CSV keeps arules' `{Tea,Milk}`).
pub fn items(ids: &[u32], names: &[String]) -> String {
    let mut names: Vec<&str> = ids.iter().map(|&i| names[i as usize].as_str()).collect();
    names.sort_unstable();
    names.join(" + ")
}

/// A customer figure in a profile table: money and counts without false precision.
fn feature_value(name: &str, v: f64) -> String {
    match name {
        "income" | "spending" | "monetary" => grouped(v.round() as i64),
        "age" | "education" | "frequency" | "recency_days" => format!("{v:.1}"),
        _ => format!("{v:.2}"),
    }
}

pub(super) fn percent(v: f64) -> String {
    format!("{:.1}%", v * 100.0)
}

fn class_label(class: &str) -> &'static str {
    match class {
        "active" => "Active customers",
        "lapsed" => "Lapsed customers",
        _ => "Customers",
    }
}

/// A warning when a model's accuracy does not clear always guessing the commoner answer: the facts
/// recorded about these `records` do not predict `what` yet, so its answers read as weak.
fn no_better_than_guessing<'a>(
    accuracy: f64,
    baseline: f64,
    records: &str,
    what: &str,
) -> Option<Element<'a, Message>> {
    (accuracy <= baseline).then(|| {
        text(format!(
            "The model does no better than always guessing ({}): the facts recorded on these \
             {records} do not predict {what} yet, so read its answers as weak.",
            percent(baseline)
        ))
        .size(13)
        .style(theme::error_text)
        .into()
    })
}

/// A tree rule's condition ("lead_source = referral") with its feature named as the tables name
/// it ("lead source = referral"); the value is left as the data has it.
fn readable_condition(condition: &str) -> String {
    match condition.split_once(' ') {
        Some((feature, rest)) => format!("{} {rest}", feature_label(feature)),
        None => condition.to_string(),
    }
}

/// A count as every count on screen is written: "30,653".
fn count(n: impl TryInto<i64>) -> String {
    crate::words::grouped(n.try_into().unwrap_or(i64::MAX))
}
