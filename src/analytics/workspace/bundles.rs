//! Products bought together: the association rules over a workspace's orders and each customer's
//! next-best product from them, for the analytics panel's "Bought together" and for
//! `kith analyze recommend`.

use super::{AnalysisError, Bundles, Customer, input};
use crate::analytics::baskets::Baskets;
use crate::analytics::recommend::{self, Recommender};
use crate::analytics::rules::{self, Ratio};
use crate::analytics::worker::Ticker;
use crate::domain::ContactId;
use crate::store::{CustomerProducts, Store};

/// What products bought together are mined with.
#[derive(Debug, Clone, Copy)]
pub struct Thresholds {
    pub min_support: Ratio,
    pub min_confidence: Ratio,
    pub min_lift: Ratio,
    /// Apriori and Eclat find the same itemsets; Eclat is the faster.
    pub algorithm: rules::Algorithm,
}

/// The association rules over the workspace's orders, and each customer's next-best product from
/// them; for the panel and for `kith analyze recommend`.
pub fn bundles(
    store: &Store,
    thresholds: &Thresholds,
    ticker: &Ticker,
) -> Result<Bundles, AnalysisError> {
    let Thresholds {
        min_support,
        min_confidence,
        min_lift,
        algorithm,
    } = *thresholds;
    let baskets = Baskets::from_lists(&store.order_baskets()?);
    if baskets.is_empty() {
        return Err(input(
            "there are no orders yet: nothing bought together (bring your order history in with Import… on the Contacts screen, or kith import orders)",
        ));
    }
    let rules_error = |e: rules::RulesError| match e {
        rules::RulesError::Cancelled(c) => AnalysisError::Cancelled(c),
        other => input(other),
    };
    let itemsets =
        rules::frequent_itemsets(&baskets, min_support, algorithm, ticker).map_err(rules_error)?;
    let found = rules::association_rules(&itemsets, min_confidence, min_lift, ticker)
        .map_err(rules_error)?;
    let recommender = Recommender::new(&found, &baskets.item_counts());
    let ids = recommend::item_ids(baskets.names());
    let customers = store
        .customer_products()?
        .into_iter()
        .map(
            |CustomerProducts {
                 contact,
                 name,
                 products,
             }| {
                let owned = recommend::owned_ids(&products, &ids);
                let next = recommender.recommend(&owned);
                Customer {
                    contact: ContactId(contact),
                    name,
                    owned,
                    next,
                }
            },
        )
        .collect();
    Ok(Bundles {
        names: baskets.names().to_vec(),
        itemsets,
        rules: found,
        customers,
    })
}
