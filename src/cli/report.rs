//! `kith report --db F --out DIR`: the owner's report. Every dashboard chart plus the segment,
//! rules and forecast charts as PNG and SVG, and an `index.html` that shows them with their key
//! figures — one folder to e-mail or print, drawn by the same chart functions as the window.

mod analyses;
mod html;
mod staging;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::charts::export::{ExportError, Size, write_both};
use crate::charts::{Chart, Palette, Points, ScatterAxes};
use crate::cli::{Error, open_existing, workspace_path};
use crate::domain::Timestamp;
use crate::domain::dashboard::{Kpis, PipelineFunnel};
use crate::store::Store;
use staging::Staging;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to write the charts and index.html into (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// The charts' colours: light prints well; dark matches the window's dark theme.
    #[arg(long, value_enum, default_value_t)]
    theme: Theme,
}

#[derive(Debug, Clone, Copy, Default, clap::ValueEnum)]
enum Theme {
    #[default]
    Light,
    Dark,
}

/// Months of forecast after the current one.
const FORECAST_AHEAD: u32 = 3;

/// Everything the report shows, gathered before anything is written.
pub(super) struct Figures {
    pub workspace: String,
    pub date: chrono::NaiveDate,
    pub kpis: Kpis,
    pub funnel: Option<PipelineFunnel>,
    pub revenue: crate::domain::dashboard::RevenueByMonth,
    pub tickets: Vec<crate::domain::dashboard::TicketMonth>,
    pub campaigns: Vec<crate::domain::dashboard::CampaignReturn>,
    pub segments: Option<analyses::Segments>,
    pub rules: analyses::Rules,
    pub rfm: analyses::Rfm,
}

/// One chart of the report: its file stem and heading.
pub(super) struct Written {
    pub stem: &'static str,
    pub heading: &'static str,
}

pub fn run(db: Option<PathBuf>, args: Args) -> Result<ExitCode, Error> {
    let path = workspace_path(db, false)?;
    let store = open_existing(&path)?;
    let created = !args.out.exists();
    std::fs::create_dir_all(&args.out).map_err(|source| Error::Io {
        context: format!("cannot create {}", args.out.display()),
        source,
    })?;
    let result = write_report(&store, &path, &args);
    if result.is_err() && created {
        // Only an empty folder is removed: the report made it and put nothing in it.
        let _ = std::fs::remove_dir(&args.out);
    }
    result
}

/// Gathers the figures, draws every chart and the index into a hidden folder, and moves them into
/// `args.out` once all were written.
fn write_report(store: &Store, path: &Path, args: &Args) -> Result<ExitCode, Error> {
    let today = chrono::Local::now().date_naive();
    let now = Timestamp::now();
    let rfm = analyses::rfm(store)?;
    let figures = Figures {
        workspace: path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
        date: today,
        kpis: store.kpis(today, now)?,
        funnel: store.pipeline_funnel()?,
        revenue: store.revenue_by_month(today, FORECAST_AHEAD)?,
        tickets: store.ticket_months(today)?,
        campaigns: store.campaign_returns()?,
        segments: analyses::segments(store, rfm.currency)?,
        rules: analyses::rules(store)?,
        rfm,
    };
    let palette = match args.theme {
        Theme::Light => Palette::light(),
        Theme::Dark => Palette::dark(),
    };
    let staging = Staging::new(&args.out)?;
    let (written, mut names) = write_charts(&staging, &figures, &palette)?;
    let index = staging.path().join("index.html");
    crate::fs::write_atomically(&index, |w| html::write(w, &figures, &written))
        .map_err(|source| staging.failed(&index, source))?;
    // The index last: until it is in place, the folder's index.html is the previous report's,
    // whose charts were replaced whole just before.
    names.push("index.html".into());
    for file in staging.publish(&names)? {
        println!("wrote {}", file.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// Draws every chart into `dir` as PNG and SVG; returns the charts and their files' names.
fn write_charts(
    staging: &Staging,
    f: &Figures,
    palette: &Palette,
) -> Result<(Vec<Written>, Vec<String>), Error> {
    let empty_funnel = PipelineFunnel {
        pipeline: String::new(),
        currency: f.kpis.currency,
        stages: Vec::new(),
        others: Vec::new(),
    };
    let mut charts: Vec<(Written, Chart<'_>)> = vec![
        (
            Written {
                stem: "pipeline-funnel",
                heading: "Pipeline",
            },
            Chart::PipelineFunnel(f.funnel.as_ref().unwrap_or(&empty_funnel)),
        ),
        (
            Written {
                stem: "revenue-forecast",
                heading: "Revenue and forecast",
            },
            Chart::RevenueByMonth(&f.revenue),
        ),
        (
            Written {
                stem: "tickets-csat",
                heading: "Support",
            },
            Chart::TicketTrend(&f.tickets),
        ),
        (
            Written {
                stem: "campaign-roi",
                heading: "Campaigns",
            },
            Chart::CampaignRoi(&f.campaigns),
        ),
    ];
    if let Some(s) = &f.segments {
        let points = Points {
            x: s.x.view(),
            features: &s.features,
        };
        charts.extend([
            (
                Written {
                    stem: "segments",
                    heading: "Customer segments",
                },
                Chart::Segments {
                    points,
                    report: &s.report,
                    axes: ScatterAxes::natural(s.features.len()),
                },
            ),
            (
                Written {
                    stem: "segment-sizes",
                    heading: "Segment sizes",
                },
                Chart::ClusterSizes(&s.report),
            ),
            (
                Written {
                    stem: "segments-elbow",
                    heading: "Choosing the number of segments",
                },
                Chart::Elbow(&s.selection),
            ),
            (
                Written {
                    stem: "segments-silhouette",
                    heading: "How well the segments separate",
                },
                Chart::Silhouette(&s.selection),
            ),
        ]);
    }
    charts.extend([
        (
            Written {
                stem: "rules",
                heading: "Products bought together",
            },
            Chart::Rules {
                rules: &f.rules.rules,
                transactions: f.rules.transactions,
            },
        ),
        (
            Written {
                stem: "rfm-segments",
                heading: "Loyalty segments",
            },
            Chart::RfmSegments(&f.rfm.summary, f.rfm.not_scored.as_deref()),
        ),
    ]);
    let mut written = Vec::with_capacity(charts.len());
    let mut names = Vec::with_capacity(2 * charts.len() + 1);
    for (info, chart) in charts {
        let paths = write_both(staging.path(), info.stem, &chart, Size::REPORT, palette)
            .map_err(|e| export(e, staging))?;
        names.extend(
            paths
                .iter()
                .filter_map(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned()),
        );
        written.push(info);
    }
    Ok((written, names))
}

fn export(e: ExportError, staging: &Staging) -> Error {
    match e {
        ExportError::Write { path, source } => staging.failed(&path, source),
        ExportError::Draw(e) => Error::Chart(e),
    }
}
