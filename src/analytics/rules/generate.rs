//! Association rules X → Y from the frequent itemsets, any consequent size. For each frequent
//! itemset Z, consequents grow level by level from those that passed the confidence threshold:
//! moving an item from X to Y never raises confidence (count(X) can only grow as X shrinks), so a
//! failed consequent rules out all of its supersets and the search stays exact.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use super::ratio::mul_wide;
use super::{ItemsetReport, Ratio, RulesError};
use crate::analytics::worker::Ticker;

/// A rule X → Y with the counts every measure comes from; item ids as in the baskets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    pub antecedent: Vec<u32>,
    pub consequent: Vec<u32>,
    /// count(X ∪ Y)
    pub count: u64,
    pub antecedent_count: u64,
    pub consequent_count: u64,
}

impl Rule {
    pub fn support(&self, n: u64) -> f64 {
        self.count as f64 / n as f64
    }

    pub fn confidence(&self) -> f64 {
        self.count as f64 / self.antecedent_count as f64
    }

    /// count(X∪Y)·N / (count(X)·count(Y)).
    pub fn lift(&self, n: u64) -> f64 {
        (self.count as f64 * n as f64)
            / (self.antecedent_count as f64 * self.consequent_count as f64)
    }

    /// support(X∪Y) − support(X)·support(Y), from the exact integer numerator.
    pub fn leverage(&self, n: u64) -> f64 {
        let numerator = i128::from(self.count) * i128::from(n)
            - i128::from(self.antecedent_count) * i128::from(self.consequent_count);
        numerator as f64 / (n as f64 * n as f64)
    }

    /// (1 − support(Y)) / (1 − confidence); infinite when the rule always holds.
    pub fn conviction(&self, n: u64) -> f64 {
        if self.count == self.antecedent_count {
            return f64::INFINITY;
        }
        let numerator = u128::from(n - self.consequent_count) * u128::from(self.antecedent_count);
        let denominator = u128::from(n) * u128::from(self.antecedent_count - self.count);
        numerator as f64 / denominator as f64
    }

    /// Orders by lift (highest first, compared exactly), then confidence, then count.
    fn rank(&self, other: &Rule) -> Ordering {
        let lift = |r: &Rule| {
            (
                u128::from(r.count),
                u128::from(r.antecedent_count) * u128::from(r.consequent_count),
            )
        };
        let ((a, b), (c, d)) = (lift(self), lift(other));
        mul_wide(c, b)
            .cmp(&mul_wide(a, d))
            .then_with(|| {
                let (x, y) = (u128::from(self.count), u128::from(self.antecedent_count));
                let (z, w) = (u128::from(other.count), u128::from(other.antecedent_count));
                (z * y).cmp(&(x * w))
            })
            .then(other.count.cmp(&self.count))
            .then_with(|| self.antecedent.cmp(&other.antecedent))
            .then_with(|| self.consequent.cmp(&other.consequent))
    }
}

/// Every rule X → Y (X, Y non-empty and disjoint, X ∪ Y frequent) with
/// count(X∪Y) / count(X) ≥ `min_confidence` and count(X∪Y)·N / (count(X)·count(Y)) ≥ `min_lift`,
/// decided on integers. Sorted by lift, then confidence, then count (highest first).
pub fn association_rules(
    report: &ItemsetReport,
    min_confidence: Ratio,
    min_lift: Ratio,
    ticker: &Ticker,
) -> Result<Vec<Rule>, RulesError> {
    if !min_confidence.is_at_most_one() {
        return Err(RulesError::Confidence(min_confidence));
    }
    let n = u128::from(report.transactions);
    let count: HashMap<&[u32], u64> = report
        .itemsets
        .iter()
        .map(|s| (s.items.as_slice(), s.count))
        .collect();
    // Every subset of a frequent itemset is frequent, so the lookups below always succeed.
    let count_of = |items: &[u32]| count.get(items).copied().unwrap_or(0);
    let mut rules = Vec::new();
    let total = report.itemsets.len() as u64;
    for (done, set) in report.itemsets.iter().enumerate() {
        // A check per itemset would cost more than the work between checks on small itemsets.
        if done % 4096 == 0 {
            ticker.tick(done as u64, total)?;
        }
        if set.items.len() < 2 {
            continue;
        }
        let z = &set.items;
        let cz = u128::from(set.count);
        let mut consequents: Vec<Vec<u32>> = z.iter().map(|&i| vec![i]).collect();
        while !consequents.is_empty() {
            let mut passed = Vec::new();
            for y in consequents {
                let x: Vec<u32> = z.iter().copied().filter(|i| !y.contains(i)).collect();
                let cx = count_of(&x);
                if !min_confidence.at_most(cz, u128::from(cx)) {
                    continue;
                }
                let cy = count_of(&y);
                if min_lift.at_most(cz * n, u128::from(cx) * u128::from(cy)) {
                    rules.push(Rule {
                        antecedent: x,
                        consequent: y.clone(),
                        count: set.count,
                        antecedent_count: cx,
                        consequent_count: cy,
                    });
                }
                passed.push(y);
            }
            consequents = if passed.first().is_some_and(|y| y.len() + 1 < z.len()) {
                grow(&passed)
            } else {
                Vec::new()
            };
        }
    }
    rules.sort_by(Rule::rank);
    Ok(rules)
}

/// Consequents one item larger whose every subset one smaller passed (they are sorted lists).
fn grow(passed: &[Vec<u32>]) -> Vec<Vec<u32>> {
    let m = passed[0].len();
    let known: HashSet<&[u32]> = passed.iter().map(Vec::as_slice).collect();
    let mut out = Vec::new();
    for (i, a) in passed.iter().enumerate() {
        for b in &passed[i + 1..] {
            if a[..m - 1] != b[..m - 1] {
                continue;
            }
            let mut joined = a.clone();
            let last = b[m - 1];
            let at = joined.partition_point(|&v| v < last);
            joined.insert(at, last);
            let all_passed = (0..joined.len()).all(|drop| {
                let mut sub = joined.clone();
                sub.remove(drop);
                known.contains(sub.as_slice())
            });
            if all_passed && !out.contains(&joined) {
                out.push(joined);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Algorithm, frequent_itemsets};
    use super::*;
    use crate::analytics::baskets::Baskets;

    fn rules_at(baskets: &Baskets, confidence: &str) -> Vec<Rule> {
        let report = frequent_itemsets(
            baskets,
            "0.1".parse().unwrap(),
            Algorithm::Eclat,
            &Ticker::silent(),
        )
        .unwrap();
        association_rules(
            &report,
            confidence.parse().unwrap(),
            Ratio::ZERO,
            &Ticker::silent(),
        )
        .unwrap()
    }

    #[test]
    fn a_rule_exactly_on_the_confidence_threshold_is_kept() {
        // bread is in 5 baskets, bread+milk in 3: confidence 3/5 = 0.6 exactly, which 0.6 as a
        // float product (3.0 / 5.0 ≥ 0.6 happens to hold, but 0.7 · 10 style cases do not) must
        // not decide.
        let mut lists = vec![vec!["bread", "milk"]; 3];
        lists.extend(vec![vec!["bread"]; 2]);
        lists.extend(vec![vec!["milk"]; 5]);
        let baskets = Baskets::from_lists(&lists);
        let bread_to_milk = |rules: &[Rule]| {
            rules.iter().any(|r| {
                baskets.names()[r.antecedent[0] as usize] == "bread"
                    && baskets.names()[r.consequent[0] as usize] == "milk"
            })
        };
        assert!(bread_to_milk(&rules_at(&baskets, "0.6")));
        assert!(!bread_to_milk(&rules_at(&baskets, "0.6000001")));
    }

    #[test]
    fn a_confidence_that_floats_would_round_down_still_passes() {
        // 7 of 10: 7.0 / 10.0 = 0.7 exactly in floats, but 0.1 · 7 = 0.7000000000000001 — the
        // comparison count·den ≥ num·count(X) is exact either way.
        let mut lists = vec![vec!["a", "b"]; 7];
        lists.extend(vec![vec!["a"]; 3]);
        let baskets = Baskets::from_lists(&lists);
        let rules = rules_at(&baskets, "0.7");
        assert!(
            rules
                .iter()
                .any(|r| r.count == 7 && r.antecedent_count == 10)
        );
    }

    #[test]
    fn consequents_of_any_size_with_measures() {
        let lists = vec![
            vec!["a", "b", "c"],
            vec!["a", "b", "c"],
            vec!["a"],
            vec!["b", "c"],
        ];
        let baskets = Baskets::from_lists(&lists);
        let rules = rules_at(&baskets, "0.5");
        let a_to_bc = rules
            .iter()
            .find(|r| r.antecedent == vec![0] && r.consequent == vec![1, 2])
            .expect("a → {b, c}");
        assert_eq!(
            (
                a_to_bc.count,
                a_to_bc.antecedent_count,
                a_to_bc.consequent_count
            ),
            (2, 3, 3)
        );
        assert!((a_to_bc.confidence() - 2.0 / 3.0).abs() < 1e-12);
        assert!((a_to_bc.lift(4) - 8.0 / 9.0).abs() < 1e-12);
        assert!((a_to_bc.leverage(4) - (0.5 - 0.75 * 0.75)).abs() < 1e-12);
        assert!((a_to_bc.conviction(4) - 0.25 / (1.0 / 3.0)).abs() < 1e-12);
        let b_to_c = rules
            .iter()
            .find(|r| r.antecedent == vec![1] && r.consequent == vec![2])
            .expect("b → c");
        assert_eq!(b_to_c.conviction(4), f64::INFINITY);
    }

    #[test]
    fn a_confidence_above_one_is_refused() {
        let baskets = Baskets::from_lists([["a", "b"]]);
        let report =
            frequent_itemsets(&baskets, Ratio::ZERO, Algorithm::Eclat, &Ticker::silent()).unwrap();
        assert!(
            association_rules(
                &report,
                "1.01".parse().unwrap(),
                Ratio::ONE,
                &Ticker::silent()
            )
            .is_err()
        );
    }
}
