//! The next-best product for each customer, from mined association rules: a rule X → {y} applies
//! to a customer who has bought everything in X but not y, and the applicable rule with the highest
//! confidence (then lift, then count, compared exactly) names the product to offer.
//!
//! Only rules with a single-item consequent recommend: the offer is one product, and for every rule
//! X → {y, z} that passed the thresholds, X → {y} has at least its confidence. A customer no rule
//! applies to is offered the most bought product they don't have yet, marked as such, so every
//! customer gets an answer and the user can tell a mined one from a fallback.

use std::cmp::Ordering;
use std::collections::HashMap;

use super::rules::{Rule, mul_wide};

/// Why a product is recommended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    /// The customer bought the antecedent of this rule (its position among the rules the
    /// [`Recommender`] was made from); the product is its consequent.
    Rule(usize),
    /// No rule applies: the product most baskets hold among those the customer lacks.
    Popular {
        /// In how many baskets the product occurs.
        count: u64,
    },
}

impl Basis {
    /// How tables name it: "rule" or "most bought".
    pub fn label(&self) -> &'static str {
        match self {
            Basis::Rule(_) => "rule",
            Basis::Popular { .. } => "most bought",
        }
    }
}

/// One product to offer a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recommendation {
    /// Item id, as in the baskets the rules were mined from.
    pub product: u32,
    pub basis: Basis,
}

/// Rules indexed for answering many customers: each rule is filed under the smallest item of its
/// antecedent, so a customer only looks at rules that could apply to what they own.
#[derive(Debug)]
pub struct Recommender<'r> {
    /// Single-consequent rules, best first, with their positions in the rules given.
    ranked: Vec<(usize, &'r Rule)>,
    /// Item id → positions in `ranked` of the rules whose antecedent starts with it, ascending.
    by_first_item: HashMap<u32, Vec<usize>>,
    /// Item ids by basket count, highest first, for the fallback.
    popular: Vec<(u32, u64)>,
}

impl<'r> Recommender<'r> {
    /// `item_counts[i]` is how many baskets hold item `i`; it orders the fallback.
    pub fn new(rules: &'r [Rule], item_counts: &[u64]) -> Recommender<'r> {
        let mut ranked: Vec<(usize, &Rule)> = rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.consequent.len() == 1 && !r.antecedent.is_empty())
            .collect();
        ranked.sort_by(|a, b| best_first(a.1, b.1));
        let mut by_first_item: HashMap<u32, Vec<usize>> = HashMap::new();
        for (at, (_, rule)) in ranked.iter().enumerate() {
            let first = *rule
                .antecedent
                .iter()
                .min()
                .expect("antecedents are non-empty");
            by_first_item.entry(first).or_default().push(at);
        }
        let mut popular: Vec<(u32, u64)> = item_counts
            .iter()
            .enumerate()
            .filter(|&(_, &count)| count > 0)
            .map(|(item, &count)| (item as u32, count))
            .collect();
        popular.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        Recommender {
            ranked,
            by_first_item,
            popular,
        }
    }

    /// The product to offer a customer who owns `owned` (item ids, ascending, no repeats); `None`
    /// only when they already own every product.
    pub fn recommend(&self, owned: &[u32]) -> Option<Recommendation> {
        debug_assert!(
            owned.windows(2).all(|w| w[0] < w[1]),
            "owned must be sorted"
        );
        let best = owned
            .iter()
            .filter_map(|item| self.by_first_item.get(item))
            .filter_map(|positions| {
                positions
                    .iter()
                    .copied()
                    .find(|&at| applies(self.ranked[at].1, owned))
            })
            .min();
        if let Some(at) = best {
            let (index, rule) = self.ranked[at];
            return Some(Recommendation {
                product: rule.consequent[0],
                basis: Basis::Rule(index),
            });
        }
        self.popular
            .iter()
            .find(|(item, _)| owned.binary_search(item).is_err())
            .map(|&(product, count)| Recommendation {
                product,
                basis: Basis::Popular { count },
            })
    }
}

/// Whether `rule` speaks to a customer owning `owned` (ascending): they have every antecedent item
/// and lack some consequent item.
pub fn applies(rule: &Rule, owned: &[u32]) -> bool {
    let has = |item: &u32| owned.binary_search(item).is_ok();
    rule.antecedent.iter().all(has) && !rule.consequent.iter().all(has)
}

/// Item name → id, for turning what a customer bought into the ids the rules use. Names the
/// baskets never saw are not in it (no rule can mention them).
pub fn item_ids(names: &[String]) -> HashMap<&str, u32> {
    names
        .iter()
        .enumerate()
        .map(|(id, name)| (name.as_str(), id as u32))
        .collect()
}

/// The ids of `products` that `ids` knows, ascending and without repeats.
pub fn owned_ids<S: AsRef<str>>(products: &[S], ids: &HashMap<&str, u32>) -> Vec<u32> {
    let mut owned: Vec<u32> = products
        .iter()
        .filter_map(|p| ids.get(p.as_ref()).copied())
        .collect();
    owned.sort_unstable();
    owned.dedup();
    owned
}

/// Higher confidence first (compared as fractions of integers), then higher lift, then count.
fn best_first(a: &Rule, b: &Rule) -> Ordering {
    let confidence = |r: &Rule| (u128::from(r.count), u128::from(r.antecedent_count));
    let ((an, ad), (bn, bd)) = (confidence(a), confidence(b));
    // a.count/a.ante vs b.count/b.ante; counts are u64, so the products fit in u128.
    (bn * ad)
        .cmp(&(an * bd))
        .then_with(|| {
            // lift = count·N / (count(X)·count(Y)); N is common to both rules.
            let x = mul_wide(an * bd, u128::from(b.consequent_count));
            let y = mul_wide(bn * ad, u128::from(a.consequent_count));
            y.cmp(&x)
        })
        .then(b.count.cmp(&a.count))
        .then_with(|| a.antecedent.cmp(&b.antecedent))
        .then_with(|| a.consequent.cmp(&b.consequent))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(antecedent: &[u32], consequent: &[u32], counts: (u64, u64, u64)) -> Rule {
        Rule {
            antecedent: antecedent.to_vec(),
            consequent: consequent.to_vec(),
            count: counts.0,
            antecedent_count: counts.1,
            consequent_count: counts.2,
        }
    }

    #[test]
    fn the_most_confident_applicable_rule_wins() {
        let rules = [
            rule(&[0], &[2], (30, 100, 50)),  // confidence 0.3
            rule(&[1], &[3], (60, 100, 80)),  // confidence 0.6
            rule(&[0, 1], &[4], (9, 10, 40)), // confidence 0.9, needs both 0 and 1
        ];
        let r = Recommender::new(&rules, &[100, 100, 50, 80, 40]);
        assert_eq!(r.recommend(&[0]).unwrap().product, 2);
        assert_eq!(r.recommend(&[0, 1]).unwrap().product, 4);
        assert_eq!(r.recommend(&[0, 1]).unwrap().basis, Basis::Rule(2));
        assert_eq!(r.recommend(&[1]).unwrap().product, 3);
        // Owning the best rule's consequent already moves on to the next rule.
        assert_eq!(r.recommend(&[0, 1, 4]).unwrap().product, 3);
    }

    #[test]
    fn equal_confidence_is_decided_by_lift() {
        // Same confidence 0.5; the rarer consequent has the higher lift.
        let rules = [
            rule(&[0], &[1], (50, 100, 400)),
            rule(&[0], &[2], (50, 100, 200)),
        ];
        let r = Recommender::new(&rules, &[100, 400, 200]);
        assert_eq!(r.recommend(&[0]).unwrap().product, 2);
    }

    #[test]
    fn without_an_applicable_rule_the_most_bought_missing_product_is_offered() {
        let rules = [rule(&[0], &[1], (5, 10, 20))];
        let r = Recommender::new(&rules, &[10, 20, 30, 0]);
        let got = r.recommend(&[2]).unwrap();
        assert_eq!(got.product, 1);
        assert_eq!(got.basis, Basis::Popular { count: 20 });
        assert_eq!(r.recommend(&[]).unwrap().product, 2);
        // Item 3 was never bought, so owning 0, 1 and 2 leaves nothing to offer.
        assert_eq!(r.recommend(&[0, 1, 2]), None);
    }

    #[test]
    fn multi_item_consequents_do_not_recommend() {
        let rules = [rule(&[0], &[1, 2], (5, 10, 5))];
        let r = Recommender::new(&rules, &[10, 0, 0]);
        assert_eq!(r.recommend(&[0]), None);
        assert!(applies(&rules[0], &[0, 1]));
        assert!(!applies(&rules[0], &[0, 1, 2]));
        assert!(!applies(&rules[0], &[1, 2]));
    }

    #[test]
    fn products_map_to_ids_by_name() {
        let names = vec!["tea".to_string(), "milk".to_string()];
        let ids = item_ids(&names);
        assert_eq!(owned_ids(&["milk", "tea", "milk", "bread"], &ids), [0, 1]);
    }
}
