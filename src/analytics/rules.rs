//! Frequent itemsets (Apriori, Eclat) and association rules, decided on integer counts.
//!
//! An itemset is frequent iff its count ≥ ceil(min_support × N), computed exactly from the decimal
//! the user gave ([`Ratio`]). A rule X → Y (any consequent size) is kept iff
//! count(X∪Y) / count(X) ≥ min_confidence and count(X∪Y)·N / (count(X)·count(Y)) ≥ min_lift, both
//! compared as products of integers — real data has rules exactly on a threshold.
//!
//! Both algorithms work on the same prepared data: infrequent items dropped, the rest renumbered
//! by ascending count, pair counts from one pass (a triangular matrix) when it fits in memory.

mod apriori;
mod eclat;
mod generate;
mod ratio;

use std::cmp::Ordering;

pub use generate::{Rule, association_rules};
pub(crate) use ratio::mul_wide;
pub use ratio::{Ratio, RatioError};

use super::baskets::Baskets;
use super::worker::{Cancelled, Ticker};

/// Which miner finds the frequent itemsets; both give the same answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Algorithm {
    /// Level-wise candidates counted in one pass over the baskets per level (a prefix tree).
    Apriori,
    /// Depth-first intersections of vertical tid-sets (sorted tid lists or bitsets, whichever is
    /// smaller for each set).
    #[default]
    Eclat,
}

/// One frequent itemset: item ids (as in [`Baskets::names`]) ascending, and in how many baskets
/// all of them occur.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Itemset {
    pub items: Vec<u32>,
    pub count: u64,
}

/// The answer of a frequent-itemset run.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemsetReport {
    /// N: the number of baskets, empty ones included.
    pub transactions: u64,
    /// ceil(min_support × N), at least 1.
    pub min_count: u64,
    pub min_support: Ratio,
    pub algorithm: Algorithm,
    /// Sorted by count (highest first), then size, then items.
    pub itemsets: Vec<Itemset>,
}

impl ItemsetReport {
    pub fn support(&self, itemset: &Itemset) -> f64 {
        itemset.count as f64 / self.transactions as f64
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("the minimum support must be between 0 and 1, not {0}")]
    Support(Ratio),
    #[error("the minimum confidence must be between 0 and 1, not {0}")]
    Confidence(Ratio),
    #[error(
        "more than {} itemsets occur in at least {min_count} baskets each: raise the minimum \
         support (at such a low one every combination in a long basket counts, and the search \
         would fill the memory)",
        crate::words::grouped(MAX_ITEMSETS as i64)
    )]
    TooMany { min_count: u64 },
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// The most frequent itemsets a search may find before it stops and asks for a higher support:
/// far more than anyone reads, and some hundreds of megabytes.
pub const MAX_ITEMSETS: usize = 1_000_000;

/// The frequent itemsets of `baskets`: every itemset of at least one item whose count is at least
/// ceil(min_support × N) (and at least 1).
pub fn frequent_itemsets(
    baskets: &Baskets,
    min_support: Ratio,
    algorithm: Algorithm,
    ticker: &Ticker,
) -> Result<ItemsetReport, RulesError> {
    if !min_support.is_at_most_one() {
        return Err(RulesError::Support(min_support));
    }
    let n = baskets.len() as u64;
    let min_count = u64::try_from(min_support.ceil_times(n).max(1)).unwrap_or(u64::MAX);
    let prepared = Prepared::new(baskets, min_count);
    let mut found = match algorithm {
        Algorithm::Apriori => apriori::mine(&prepared, ticker)?,
        Algorithm::Eclat => eclat::mine(&prepared, ticker)?,
    };
    for set in &mut found {
        for item in &mut set.items {
            *item = prepared.original[*item as usize];
        }
        set.items.sort_unstable();
    }
    found.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then(a.items.len().cmp(&b.items.len()))
            .then_with(|| a.items.cmp(&b.items))
    });
    Ok(ItemsetReport {
        transactions: n,
        min_count,
        min_support,
        algorithm,
        itemsets: found,
    })
}

/// The baskets reduced to their frequent items, renumbered 0..m by ascending count (ties by
/// original id), each basket ascending; plus pair counts when m is small enough.
pub(crate) struct Prepared {
    pub min_count: u64,
    pub n: usize,
    /// New id → original item id.
    pub original: Vec<u32>,
    /// Count of each new id.
    pub counts: Vec<u64>,
    pub offsets: Vec<usize>,
    pub items: Vec<u32>,
    pub pairs: Option<PairCounts>,
}

impl Prepared {
    fn new(baskets: &Baskets, min_count: u64) -> Prepared {
        let mut counts = vec![0u64; baskets.names().len()];
        for basket in baskets.iter() {
            for &i in basket {
                counts[i as usize] += 1;
            }
        }
        let mut original: Vec<u32> = (0..counts.len() as u32)
            .filter(|&i| counts[i as usize] >= min_count)
            .collect();
        original.sort_by_key(|&i| (counts[i as usize], i));
        let mut recode = vec![u32::MAX; counts.len()];
        for (new, &old) in original.iter().enumerate() {
            recode[old as usize] = new as u32;
        }
        let mut offsets = Vec::with_capacity(baskets.len() + 1);
        let mut items = Vec::with_capacity(baskets.occurrences());
        offsets.push(0);
        for basket in baskets.iter() {
            let start = items.len();
            items.extend(
                basket
                    .iter()
                    .map(|&i| recode[i as usize])
                    .filter(|&i| i != u32::MAX),
            );
            items[start..].sort_unstable();
            offsets.push(items.len());
        }
        let m = original.len();
        let pairs = PairCounts::count(m, &offsets, &items);
        Prepared {
            min_count,
            n: baskets.len(),
            counts: original.iter().map(|&i| counts[i as usize]).collect(),
            original,
            offsets,
            items,
            pairs,
        }
    }

    pub fn baskets(&self) -> impl Iterator<Item = &[u32]> + '_ {
        self.offsets.windows(2).map(|w| &self.items[w[0]..w[1]])
    }

    /// The most frequent items any one basket holds: no itemset is larger.
    pub fn longest_basket(&self) -> usize {
        self.offsets
            .windows(2)
            .map(|w| w[1] - w[0])
            .max()
            .unwrap_or(0)
    }

    /// Whether {a, b} is frequent (a ≠ b), or `true` when pair counts were not taken.
    pub fn pair_frequent(&self, a: u32, b: u32) -> bool {
        self.pairs
            .as_ref()
            .is_none_or(|p| p.get(a, b) >= self.min_count)
    }
}

/// Counts of every pair of frequent items, in a triangular matrix filled in one pass.
pub(crate) struct PairCounts {
    m: usize,
    counts: Vec<u32>,
}

/// Above this many pairs (256 MB of counts) the matrix is skipped and pairs are intersected.
const MAX_PAIRS: usize = 64 << 20;

impl PairCounts {
    fn count(m: usize, offsets: &[usize], items: &[u32]) -> Option<PairCounts> {
        let cells = m * m.saturating_sub(1) / 2;
        if cells > MAX_PAIRS || offsets.len().saturating_sub(1) > u32::MAX as usize {
            return None;
        }
        let mut counts = vec![0u32; cells];
        for w in offsets.windows(2) {
            let basket = &items[w[0]..w[1]];
            for (x, &a) in basket.iter().enumerate() {
                let row = Self::row_start(m, a as usize);
                for &b in &basket[x + 1..] {
                    counts[row + (b - a - 1) as usize] += 1;
                }
            }
        }
        Some(PairCounts { m, counts })
    }

    /// Where row `a` begins: after the m-1, m-2, … pairs of the rows before it. Row `a` holds the
    /// pairs (a, b), b > a, at `row_start(a) + (b - a - 1)`.
    fn row_start(m: usize, a: usize) -> usize {
        a * (2 * m - a - 1) / 2
    }

    pub fn get(&self, a: u32, b: u32) -> u64 {
        let (a, b) = if a < b { (a, b) } else { (b, a) };
        u64::from(self.counts[Self::row_start(self.m, a as usize) + (b - a - 1) as usize])
    }
}

/// The columns of `association_rules.csv`, as `kith analyze rules` and the panel's export write it.
pub const RULE_COLUMNS: [&str; 8] = [
    "antecedent",
    "consequent",
    "count",
    "support",
    "confidence",
    "lift",
    "leverage",
    "conviction",
];

/// `rule` as a row under [`RULE_COLUMNS`], over `n` transactions whose items `names` names.
pub fn rule_row(rule: &Rule, n: u64, names: &[String]) -> [String; 8] {
    [
        itemset_label(&rule.antecedent, names),
        itemset_label(&rule.consequent, names),
        rule.count.to_string(),
        rule.support(n).to_string(),
        rule.confidence().to_string(),
        rule.lift(n).to_string(),
        rule.leverage(n).to_string(),
        rule.conviction(n).to_string(),
    ]
}

/// An itemset as arules writes it: `{a,b,c}`, the items sorted numerically when all of them are
/// integers, otherwise as text.
pub fn itemset_label(items: &[u32], names: &[String]) -> String {
    let mut names: Vec<&str> = items.iter().map(|&i| names[i as usize].as_str()).collect();
    if names.iter().all(|n| is_integer(n)) {
        names.sort_by(|a, b| compare_integers(a, b));
    } else {
        names.sort_unstable();
    }
    let mut label = String::with_capacity(2 + names.iter().map(|n| n.len() + 1).sum::<usize>());
    label.push('{');
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            label.push(',');
        }
        label.push_str(name);
    }
    label.push('}');
    label
}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Orders integer strings by value without parsing (any length), then as text ("07" after "7").
fn compare_integers(a: &str, b: &str) -> Ordering {
    let magnitude = |s: &str| {
        let d = s.trim_start_matches('-').trim_start_matches('0');
        (d.len(), d.to_string())
    };
    let sign = |s: &str| s.starts_with('-') && magnitude(s).0 > 0;
    let by_value = match (sign(a), sign(b)) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => magnitude(a).cmp(&magnitude(b)),
        (true, true) => magnitude(b).cmp(&magnitude(a)),
    };
    by_value.then_with(|| a.cmp(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn labels_sort_integers_by_value_and_names_as_text() {
        let n = names(&["10", "9", "-3", "100"]);
        assert_eq!(itemset_label(&[0, 1, 2, 3], &n), "{-3,9,10,100}");
        let n = names(&["whole milk", "10", "UHT-milk", "beef"]);
        assert_eq!(
            itemset_label(&[0, 1, 2, 3], &n),
            "{10,UHT-milk,beef,whole milk}"
        );
    }

    #[test]
    fn pair_matrix_indexes_every_pair_once() {
        let m = 5;
        let mut seen = std::collections::HashSet::new();
        for a in 0..m {
            for b in a + 1..m {
                assert!(seen.insert(PairCounts::row_start(m, a) + (b - a - 1)));
            }
        }
        assert_eq!(seen.iter().max(), Some(&(m * (m - 1) / 2 - 1)));
    }

    fn brute_force(baskets: &Baskets, min_count: u64) -> Vec<(Vec<u32>, u64)> {
        let m = baskets.names().len();
        let mut out = Vec::new();
        for mask in 1u32..(1 << m) {
            let set: Vec<u32> = (0..m as u32).filter(|i| mask & (1 << i) != 0).collect();
            let count = baskets
                .iter()
                .filter(|t| set.iter().all(|i| t.contains(i)))
                .count() as u64;
            if count >= min_count {
                out.push((set, count));
            }
        }
        out.sort();
        out
    }

    #[test]
    fn both_algorithms_match_brute_force_on_pseudo_random_baskets() {
        let mut state = 12345u64;
        let mut next = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        for round in 0..20 {
            let items = 4 + round % 8;
            let lists: Vec<Vec<String>> = (0..60 + round * 7)
                .map(|_| {
                    (0..items)
                        .filter(|i| next() % 100 < 20 + 5 * (*i as u32 % 5))
                        .map(|i| i.to_string())
                        .collect()
                })
                .collect();
            let baskets = Baskets::from_lists(&lists);
            for support in ["0.05", "0.1", "0.2"] {
                let s: Ratio = support.parse().unwrap();
                let min_count = s.ceil_times(baskets.len() as u64).max(1) as u64;
                let want = brute_force(&baskets, min_count);
                for algorithm in [Algorithm::Apriori, Algorithm::Eclat] {
                    let report =
                        frequent_itemsets(&baskets, s, algorithm, &Ticker::silent()).unwrap();
                    let mut got: Vec<(Vec<u32>, u64)> = report
                        .itemsets
                        .into_iter()
                        .map(|i| (i.items, i.count))
                        .collect();
                    got.sort();
                    assert_eq!(got, want, "{algorithm:?} at {support}, round {round}");
                }
            }
        }
    }

    #[test]
    fn a_support_above_one_is_refused() {
        let baskets = Baskets::from_lists([["a"]]);
        let err = frequent_itemsets(
            &baskets,
            "1.5".parse().unwrap(),
            Algorithm::Eclat,
            &Ticker::silent(),
        );
        assert!(matches!(err, Err(RulesError::Support(_))));
    }

    #[test]
    fn a_support_so_low_that_every_combination_counts_stops_with_a_message() {
        // One basket of 24 items at support 0: 16 million itemsets, every subset of it.
        let long: Vec<String> = (0..24).map(|i| format!("item{i}")).collect();
        let baskets = Baskets::from_lists([long]);
        for algorithm in [Algorithm::Apriori, Algorithm::Eclat] {
            let err = frequent_itemsets(&baskets, Ratio::ZERO, algorithm, &Ticker::silent());
            assert!(
                matches!(err, Err(RulesError::TooMany { min_count: 1 })),
                "{algorithm:?}"
            );
        }
    }

    #[test]
    fn no_baskets_means_no_itemsets() {
        let baskets = Baskets::from_lists(Vec::<Vec<&str>>::new());
        let report =
            frequent_itemsets(&baskets, Ratio::ZERO, Algorithm::Apriori, &Ticker::silent())
                .unwrap();
        assert!(report.itemsets.is_empty());
        assert_eq!(report.min_count, 1);
    }

    #[test]
    fn a_cancelled_run_stops_with_cancelled() {
        let baskets = Baskets::parse_whitespace("a b c\na b\nb c\na c\n");
        let cancel = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        for algorithm in [Algorithm::Apriori, Algorithm::Eclat] {
            let found = frequent_itemsets(
                &baskets,
                Ratio::ZERO,
                algorithm,
                &Ticker::with_cancel(cancel.clone()),
            );
            assert_eq!(found, Err(RulesError::Cancelled(Cancelled)));
        }
    }
}
