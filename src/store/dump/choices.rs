//! The closed choices, currency codes and amounts a loaded workspace file must hold, so that every
//! record it brings reads back: a deal with currency "zz" or a campaign with status "weird" would
//! load, then fail the owner's report and every screen that shows it.

use rusqlite::Transaction;

use crate::domain::{
    ActivityKind, CampaignChannel, CampaignStatus, ChangeOp, Currency, DealStatus, Direction,
    Entity, LifecycleStage, Priority, TicketChannel, TicketStatus,
};
use crate::store::{Error, Result};

/// Whether a stored text reads as the column's choice.
type Reads = fn(&str) -> bool;

fn parses<T: std::str::FromStr>(text: &str) -> bool {
    text.parse::<T>().is_ok()
}

fn currency(text: &str) -> bool {
    Currency::new(text).is_ok()
}

const CHOICES: &[(&str, &str, Reads)] = &[
    ("contacts", "lifecycle", parses::<LifecycleStage>),
    ("contacts", "income_currency", currency),
    ("deals", "status", parses::<DealStatus>),
    ("deals", "currency", currency),
    ("tickets", "status", parses::<TicketStatus>),
    ("tickets", "priority", parses::<Priority>),
    ("tickets", "channel", parses::<TicketChannel>),
    ("ticket_messages", "direction", parses::<Direction>),
    ("activities", "kind", parses::<ActivityKind>),
    ("activities", "direction", parses::<Direction>),
    ("campaigns", "channel", parses::<CampaignChannel>),
    ("campaigns", "status", parses::<CampaignStatus>),
    ("campaigns", "currency", currency),
    ("products", "currency", currency),
    ("orders", "currency", currency),
    ("changes", "entity", parses::<Entity>),
    ("changes", "op", parses::<ChangeOp>),
];

use crate::domain::money::MAX_MINOR;

const AMOUNTS: &[(&str, &str)] = &[
    ("contacts", "income_minor"),
    ("deals", "amount_minor"),
    ("campaigns", "budget_minor"),
    ("campaigns", "cost_minor"),
    ("campaign_members", "revenue_minor"),
    ("products", "price_minor"),
    ("orders", "total_minor"),
    ("order_lines", "unit_price_minor"),
];

/// The first stored choice, currency or amount that does not read, named by table, row and column.
pub(super) fn check(tx: &Transaction<'_>) -> Result<()> {
    for (table, column, reads) in CHOICES {
        // Each distinct value is tried once: a million deals hold a handful of statuses.
        let values: Vec<String> = tx
            .prepare(&format!(
                "SELECT DISTINCT \"{column}\" FROM {table} WHERE \"{column}\" IS NOT NULL"
            ))?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        if let Some(bad) = values.into_iter().find(|v| !reads(v)) {
            let row: String = tx.query_row(
                &format!(
                    "SELECT {} FROM {table} WHERE \"{column}\" = ?1 LIMIT 1",
                    which(table)
                ),
                [&bad],
                |r| r.get(0),
            )?;
            return Err(Error::NotAllowed(format!(
                "{table} {row}: {column} {bad:?} is not one Kith knows"
            )));
        }
    }
    for (table, column) in AMOUNTS {
        let bad: Option<(String, i64)> = rusqlite::OptionalExtension::optional(tx.query_row(
            &format!(
                // Not abs(): abs(-2^63) is an SQLite error naming nothing.
                "SELECT {}, \"{column}\" FROM {table} \
                 WHERE \"{column}\" > ?1 OR \"{column}\" < -?1 LIMIT 1",
                which(table)
            ),
            [MAX_MINOR],
            |r| Ok((r.get(0)?, r.get(1)?)),
        ))?;
        if let Some((row, value)) = bad {
            return Err(Error::NotAllowed(format!(
                "{table} {row}: {column} {value} is beyond any real amount (at most {MAX_MINOR})"
            )));
        }
    }
    Ok(())
}

/// How a row of `table` is named in a message: by id, or a member by campaign and contact.
pub(super) fn which(table: &str) -> &'static str {
    match table {
        "campaign_members" => "'campaign ' || campaign_id || ', contact ' || contact_id",
        "order_lines" => "'order ' || order_id || ', line ' || line_no",
        _ => "'id ' || id",
    }
}
