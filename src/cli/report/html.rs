//! The report's `index.html`: self-contained (inline CSS, charts linked by relative paths), the key
//! figures as text and tables beside each chart, every text escaped, and a print style that keeps a
//! chart with its table on one page.

use std::io::{self, Write};

use super::analyses::{K_SCAN, SEGMENTS};
use super::{Figures, Written};
use crate::charts::export::Size;
use crate::domain::Money;

const STYLE: &str = "
body { font-family: 'Fira Sans', system-ui, sans-serif; color: #111; margin: 2rem auto; max-width: 1000px; padding: 0 1rem; }
h1 { margin-bottom: 0; } .sub { color: #555; margin-top: .25rem; }
.kpis { display: grid; grid-template-columns: repeat(3, 1fr); gap: .75rem; margin: 1.5rem 0; }
.kpi { border: 1px solid #ddd; border-radius: 6px; padding: .75rem 1rem; }
.kpi .label { color: #555; font-size: .9rem; } .kpi .value { font-size: 1.5rem; font-weight: 600; }
section { margin: 2rem 0; } img { width: 100%; height: auto; border: 1px solid #eee; }
table { border-collapse: collapse; margin-top: .75rem; font-size: .9rem; }
th, td { padding: .25rem .75rem; border-bottom: 1px solid #e5e5e5; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.files { font-size: .85rem; color: #555; }
@media print { body { margin: 0; max-width: none; } section { break-inside: avoid; page-break-inside: avoid; } .files { display: none; } }
";

pub fn write(w: &mut dyn Write, f: &Figures, charts: &[Written]) -> io::Result<()> {
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        w,
        "<title>Kith report — {} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        escape(&f.workspace),
        f.date
    )?;
    writeln!(w, "<h1>Kith report</h1>")?;
    writeln!(
        w,
        "<p class=\"sub\">{} · {}</p>",
        escape(&f.workspace),
        f.date.format("%-d %B %Y")
    )?;
    kpis(w, f)?;
    for chart in charts {
        writeln!(w, "<section>\n<h2>{}</h2>", escape(chart.heading))?;
        writeln!(
            w,
            "<img src=\"{0}.svg\" width=\"{1}\" height=\"{2}\" alt=\"{3}\">",
            chart.stem,
            Size::REPORT.width,
            Size::REPORT.height,
            escape(chart.heading)
        )?;
        writeln!(
            w,
            "<p class=\"files\"><a href=\"{0}.png\">{0}.png</a> · <a href=\"{0}.svg\">{0}.svg</a></p>",
            chart.stem
        )?;
        figures(w, f, chart.stem)?;
        writeln!(w, "</section>")?;
    }
    if f.segments.is_none() {
        writeln!(
            w,
            "<section>\n<h2>Customer segments</h2>\n<p>Segments need at least {} customers with orders and a known age, income and education.</p>\n</section>",
            K_SCAN.end()
        )?;
    }
    writeln!(w, "</body>\n</html>")
}

fn kpis(w: &mut dyn Write, f: &Figures) -> io::Result<()> {
    let k = &f.kpis;
    let csat = match k.csat {
        Some(c) => format!(
            "{c:.2} of 5 ({})",
            crate::words::count(k.csat_ratings, "rating")
        ),
        None => "no ratings yet".into(),
    };
    let roi = match (k.campaign_roi_text(), k.campaign_roi_only) {
        (None, _) => "no cost yet".into(),
        (Some(r), None) => r,
        (Some(r), Some(only)) => format!("{r} ({} campaigns)", only.code()),
    };
    let cards = [
        ("Open pipeline", k.open_pipeline_text()),
        (
            "Weighted forecast, this quarter",
            k.weighted_forecast_text(),
        ),
        ("Won this month", k.won_this_month_text()),
        ("Open tickets", k.open_tickets_text()),
        ("Customer satisfaction", csat),
        ("Campaign ROI", roi),
    ];
    writeln!(w, "<div class=\"kpis\">")?;
    for (label, value) in cards {
        writeln!(
            w,
            "<div class=\"kpi\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div>",
            escape(label),
            escape(&value)
        )?;
    }
    writeln!(w, "</div>")
}

/// The table (or line) of figures under one chart.
fn figures(w: &mut dyn Write, f: &Figures, stem: &str) -> io::Result<()> {
    match stem {
        "pipeline-funnel" => {
            let Some(funnel) = &f.funnel else {
                return writeln!(w, "<p>No pipeline yet.</p>");
            };
            writeln!(w, "<p>Pipeline {}:</p>", escape(&funnel.pipeline))?;
            let rows = funnel.stages.iter().map(|s| {
                vec![
                    s.stage.clone(),
                    s.deals.to_string(),
                    s.amount_text(funnel.currency),
                ]
            });
            table(w, &["Stage", "Open deals", "Open amount"], rows)?;
            match funnel.others_text(|m| m.display()) {
                Some(others) => writeln!(
                    w,
                    "<p>Open deals of other pipelines, not in this table: {}.</p>",
                    escape(&others)
                ),
                None => Ok(()),
            }
        }
        "revenue-forecast" => {
            let cur = f.revenue.currency;
            let rows = f.revenue.months.iter().map(|m| {
                vec![
                    m.month.format("%B %Y").to_string(),
                    Money::new(m.won_minor, cur).display(),
                    Money::new(m.forecast_minor, cur).display(),
                ]
            });
            table(w, &["Month", "Won", "Weighted forecast"], rows)?;
            if f.revenue.left_out.is_empty() {
                return Ok(());
            }
            let others: Vec<&str> = f.revenue.left_out.iter().map(|c| c.code()).collect();
            writeln!(
                w,
                "<p>{} deals only: deals in {} are not in these figures.</p>",
                cur.code(),
                escape(&others.join(", "))
            )
        }
        "tickets-csat" => {
            let rows = f.tickets.iter().map(|m| {
                vec![
                    m.month.format("%B %Y").to_string(),
                    m.opened.to_string(),
                    m.csat.map_or_else(|| "—".into(), |c| format!("{c:.2}")),
                    m.ratings.to_string(),
                ]
            });
            table(
                w,
                &["Month", "Tickets opened", "CSAT (1–5)", "Ratings"],
                rows,
            )
        }
        "campaign-roi" => {
            let rows = f.campaigns.iter().map(|c| {
                vec![
                    c.name.clone(),
                    c.cost.display(),
                    c.revenue.display(),
                    c.roi_percent
                        .map_or_else(|| "—".into(), crate::domain::campaign::roi_label),
                ]
            });
            table(w, &["Campaign", "Cost", "Revenue", "ROI"], rows)
        }
        "segments" => {
            let Some(s) = &f.segments else { return Ok(()) };
            writeln!(
                w,
                "<p>{SEGMENTS} segments by K-means on standardised features; the mean of each feature per segment:</p>"
            )?;
            let mut header = vec!["Segment".to_string(), "Customers".to_string()];
            header.extend(s.profile.features.iter().cloned());
            let mut rows: Vec<Vec<String>> = s
                .profile
                .clusters
                .iter()
                .map(|c| {
                    let mut row = vec![format!("Segment {}", c.cluster + 1), c.size.to_string()];
                    row.extend(c.means.iter().map(|m| format!("{m:.1}")));
                    row
                })
                .collect();
            let mut all = vec!["Everyone".to_string(), s.report.labels.len().to_string()];
            all.extend(s.profile.overall.iter().map(|m| format!("{m:.1}")));
            rows.push(all);
            let header: Vec<&str> = header.iter().map(String::as_str).collect();
            table(w, &header, rows.into_iter())
        }
        "segments-elbow" | "segments-silhouette" => {
            let Some(s) = &f.segments else { return Ok(()) };
            let best = s
                .selection
                .best_silhouette
                .map_or_else(|| "undefined".into(), |k| k.to_string());
            writeln!(
                w,
                "<p>Elbow of the inertia curve at k = {}; highest silhouette at k = {best}. The report uses k = {SEGMENTS}.</p>",
                s.selection.elbow
            )
        }
        "rules" => {
            let r = &f.rules;
            if r.transactions == 0 {
                return writeln!(w, "<p>{NO_ORDERS} nothing bought together to show.</p>");
            }
            if r.rules.is_empty() {
                return writeln!(
                    w,
                    "<p>No two products are bought together often enough in {} baskets (a \
                     minimum support of {:.2} % and a confidence of at least 20 %).</p>",
                    crate::words::grouped(r.transactions as i64),
                    r.min_support.as_f64() * 100.0
                );
            }
            writeln!(
                w,
                "<p>{} rules from {} baskets, at a minimum support of {:.2} % and a confidence of at least 20 %. The strongest:</p>",
                crate::words::grouped(r.rules.len() as i64),
                crate::words::grouped(r.transactions as i64),
                r.min_support.as_f64() * 100.0
            )?;
            let rows = r.rules.iter().take(10).map(|rule| {
                vec![
                    r.label(rule),
                    format!("{:.2} %", rule.support(r.transactions) * 100.0),
                    format!("{:.0} %", rule.confidence() * 100.0),
                    format!("{:.2}", rule.lift(r.transactions)),
                ]
            });
            table(
                w,
                &["Bought together", "Support", "Confidence", "Lift"],
                rows,
            )
        }
        "rfm-segments" => {
            let rfm = &f.rfm;
            if rfm.customers == 0 {
                return writeln!(w, "<p>{NO_ORDERS} no customer to score.</p>");
            }
            writeln!(
                w,
                "<p>{} customers scored 1–5 on recency, frequency and monetary value ({} orders).</p>",
                crate::words::grouped(rfm.customers as i64),
                rfm.currency.code()
            )?;
            if let Some(left) = &rfm.not_scored {
                writeln!(
                    w,
                    "<p>Not scored: {}, whose orders cannot be added to these.</p>",
                    escape(left)
                )?;
            }
            let rows = rfm.summary.iter().map(|s| {
                vec![
                    s.segment.label().to_string(),
                    s.customers.to_string(),
                    Money::new(s.revenue_minor, rfm.currency).display(),
                    format!("{:.1} %", s.revenue_share * 100.0),
                ]
            });
            table(
                w,
                &["Segment", "Customers", "Revenue", "Share of revenue"],
                rows,
            )
        }
        _ => Ok(()),
    }
}

/// What a section that reads orders says when there are none, and where they come from.
const NO_ORDERS: &str = "No orders are recorded yet (bring the shop's order history in with \
    Import… or <code>kith import orders</code>), so";

fn table(
    w: &mut dyn Write,
    header: &[&str],
    rows: impl Iterator<Item = Vec<String>>,
) -> io::Result<()> {
    write!(w, "<table>\n<thead><tr>")?;
    for h in header {
        write!(w, "<th>{}</th>", escape(h))?;
    }
    writeln!(w, "</tr></thead>\n<tbody>")?;
    for row in rows {
        write!(w, "<tr>")?;
        for cell in row {
            write!(w, "<td>{}</td>", escape(&cell))?;
        }
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</tbody>\n</table>")
}

/// Text as HTML shows it literally: names come from the user (a campaign called `<b>` stays text).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_text_cannot_become_markup() {
        assert_eq!(
            escape("<b>Spring & \"Summer\"</b>"),
            "&lt;b&gt;Spring &amp; &quot;Summer&quot;&lt;/b&gt;"
        );
    }
}
