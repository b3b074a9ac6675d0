//! Apriori: level by level, candidates of size k+1 are joined from frequent k-itemsets that share
//! their first k-1 items, pruned unless every k-subset is frequent, and counted in one pass over
//! the baskets through a prefix tree of the candidates. Pairs come from the triangular matrix
//! counted while preparing. Baskets are reduced each level to the items still in play and
//! identical ones are merged with a weight, so late levels touch little data.

use std::cmp::Ordering;
use std::collections::HashMap;
use std::ops::Range;

use super::{Itemset, MAX_ITEMSETS, Prepared, RulesError};
use crate::analytics::worker::Ticker;

pub(super) fn mine(p: &Prepared, ticker: &Ticker) -> Result<Vec<Itemset>, RulesError> {
    let mut out: Vec<Itemset> = (0..p.original.len() as u32)
        .map(|i| Itemset {
            items: vec![i],
            count: p.counts[i as usize],
        })
        .collect();
    let mut level = frequent_pairs(p);
    let mut baskets = Weighted::new(p);
    let mut k = 2;
    while !level.counts.is_empty() {
        // The number of levels is unknown in advance; the largest possible is the longest basket.
        ticker.tick(k as u64, p.longest_basket() as u64)?;
        out.extend(level.itemsets());
        if out.len() > MAX_ITEMSETS {
            return Err(RulesError::TooMany {
                min_count: p.min_count,
            });
        }
        let candidates = join(&level);
        if candidates.is_empty() {
            break;
        }
        k += 1;
        baskets.reduce(&candidates, k);
        let trie = Trie::build(&candidates, k);
        let mut counts = vec![0u64; candidates.len() / k];
        for (basket, weight) in &baskets.0 {
            trie.count(basket, *weight, &mut counts);
        }
        level = Level::keep(candidates, counts, k, p.min_count);
    }
    Ok(out)
}

/// The frequent itemsets of one size, flat and in lexicographic order.
struct Level {
    k: usize,
    items: Vec<u32>,
    counts: Vec<u64>,
}

impl Level {
    fn keep(candidates: Vec<u32>, counts: Vec<u64>, k: usize, min_count: u64) -> Level {
        let mut items = Vec::new();
        let mut kept = Vec::new();
        for (set, &count) in candidates.chunks_exact(k).zip(&counts) {
            if count >= min_count {
                items.extend_from_slice(set);
                kept.push(count);
            }
        }
        Level {
            k,
            items,
            counts: kept,
        }
    }

    fn set(&self, i: usize) -> &[u32] {
        &self.items[i * self.k..(i + 1) * self.k]
    }

    fn contains(&self, set: &[u32]) -> bool {
        let (mut lo, mut hi) = (0, self.counts.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            match self.set(mid).cmp(set) {
                Ordering::Less => lo = mid + 1,
                Ordering::Greater => hi = mid,
                Ordering::Equal => return true,
            }
        }
        false
    }

    fn itemsets(&self) -> impl Iterator<Item = Itemset> + '_ {
        (0..self.counts.len()).map(|i| Itemset {
            items: self.set(i).to_vec(),
            count: self.counts[i],
        })
    }
}

fn frequent_pairs(p: &Prepared) -> Level {
    let m = p.original.len() as u32;
    let mut items = Vec::new();
    let mut counts = Vec::new();
    if let Some(pairs) = &p.pairs {
        for a in 0..m {
            for b in a + 1..m {
                let c = pairs.get(a, b);
                if c >= p.min_count {
                    items.extend([a, b]);
                    counts.push(c);
                }
            }
        }
    } else {
        // Too many items for a matrix: count only the pairs that occur.
        let mut seen: HashMap<(u32, u32), u64> = HashMap::new();
        for basket in p.baskets() {
            for (x, &a) in basket.iter().enumerate() {
                for &b in &basket[x + 1..] {
                    *seen.entry((a, b)).or_default() += 1;
                }
            }
        }
        let mut frequent: Vec<((u32, u32), u64)> = seen
            .into_iter()
            .filter(|&(_, c)| c >= p.min_count)
            .collect();
        frequent.sort_unstable();
        for ((a, b), c) in frequent {
            items.extend([a, b]);
            counts.push(c);
        }
    }
    Level {
        k: 2,
        items,
        counts,
    }
}

/// Candidates of size k+1, flat and in lexicographic order: two frequent k-sets with the same
/// first k-1 items give one candidate if every other k-subset of it is frequent too.
fn join(level: &Level) -> Vec<u32> {
    let k = level.k;
    let n = level.counts.len();
    let mut out = Vec::new();
    let mut candidate = vec![0u32; k + 1];
    let mut subset = vec![0u32; k];
    let mut start = 0;
    while start < n {
        let prefix = &level.set(start)[..k - 1];
        let mut end = start + 1;
        while end < n && &level.set(end)[..k - 1] == prefix {
            end += 1;
        }
        for i in start..end {
            for j in i + 1..end {
                candidate[..k].copy_from_slice(level.set(i));
                candidate[k] = level.set(j)[k - 1];
                // Dropping either of the last two items gives the two joined sets; check the rest.
                let all_frequent = (0..k - 1).all(|drop| {
                    subset[..drop].copy_from_slice(&candidate[..drop]);
                    subset[drop..].copy_from_slice(&candidate[drop + 1..]);
                    level.contains(&subset)
                });
                if all_frequent {
                    out.extend_from_slice(&candidate);
                }
            }
        }
        start = end;
    }
    out
}

/// Baskets with a weight (how many identical baskets it stands for).
struct Weighted(Vec<(Vec<u32>, u64)>);

impl Weighted {
    fn new(p: &Prepared) -> Weighted {
        let baskets = p.baskets().filter(|b| b.len() >= 3).map(<[u32]>::to_vec);
        Weighted(merge_identical(baskets.collect()))
    }

    /// Keeps only items that occur in some candidate and baskets that can still hold one.
    fn reduce(&mut self, candidates: &[u32], k: usize) {
        let top = candidates.iter().max().map_or(0, |&m| m as usize + 1);
        let mut used = vec![false; top];
        for &i in candidates {
            used[i as usize] = true;
        }
        let reduced = std::mem::take(&mut self.0)
            .into_iter()
            .filter_map(|(mut basket, w)| {
                basket.retain(|&i| used.get(i as usize).copied().unwrap_or(false));
                (basket.len() >= k).then_some((basket, w))
            })
            .collect::<Vec<_>>();
        self.0 = merge_weighted(reduced);
    }
}

fn merge_identical(mut baskets: Vec<Vec<u32>>) -> Vec<(Vec<u32>, u64)> {
    baskets.sort_unstable();
    let mut out: Vec<(Vec<u32>, u64)> = Vec::with_capacity(baskets.len());
    for basket in baskets {
        match out.last_mut() {
            Some((last, w)) if *last == basket => *w += 1,
            _ => out.push((basket, 1)),
        }
    }
    out
}

fn merge_weighted(mut baskets: Vec<(Vec<u32>, u64)>) -> Vec<(Vec<u32>, u64)> {
    baskets.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(Vec<u32>, u64)> = Vec::with_capacity(baskets.len());
    for (basket, weight) in baskets {
        match out.last_mut() {
            Some((last, w)) if *last == basket => *w += weight,
            _ => out.push((basket, weight)),
        }
    }
    out
}

/// A prefix tree of the candidates, stored by depth. Node `x` at depth `d < k-1` has its children
/// at depth d+1 in `first_child[d][x]..first_child[d][x + 1]`, sorted by item; the leaves (depth
/// k-1) are the candidates in order. Roots are found by item through `root`.
struct Trie {
    k: usize,
    item: Vec<Vec<u32>>,
    first_child: Vec<Vec<u32>>,
    root: Vec<u32>,
}

impl Trie {
    fn build(candidates: &[u32], k: usize) -> Trie {
        let mut item: Vec<Vec<u32>> = vec![Vec::new(); k];
        let mut first_child: Vec<Vec<u32>> = vec![Vec::new(); k - 1];
        let mut previous: Option<&[u32]> = None;
        for set in candidates.chunks_exact(k) {
            let differs_at = previous.map_or(0, |p| {
                p.iter().zip(set).position(|(a, b)| a != b).unwrap_or(k)
            });
            for d in differs_at..k {
                item[d].push(set[d]);
                if d < k - 1 {
                    first_child[d].push(item[d + 1].len() as u32);
                }
            }
            previous = Some(set);
        }
        for d in 0..k - 1 {
            first_child[d].push(item[d + 1].len() as u32);
        }
        let top = item[0].iter().max().map_or(0, |&m| m as usize + 1);
        let mut root = vec![u32::MAX; top];
        for (x, &i) in item[0].iter().enumerate() {
            root[i as usize] = x as u32;
        }
        Trie {
            k,
            item,
            first_child,
            root,
        }
    }

    fn count(&self, basket: &[u32], weight: u64, counts: &mut [u64]) {
        if basket.len() < self.k {
            return;
        }
        for (j, &i) in basket[..=basket.len() - self.k].iter().enumerate() {
            let Some(&x) = self.root.get(i as usize) else {
                continue;
            };
            if x != u32::MAX {
                let x = x as usize;
                let children = self.children(0, x);
                self.count_below(1, children, &basket[j + 1..], weight, counts);
            }
        }
    }

    fn children(&self, d: usize, x: usize) -> Range<usize> {
        self.first_child[d][x] as usize..self.first_child[d][x + 1] as usize
    }

    /// Matches the nodes `range` at depth `d` against `rest` of the basket.
    fn count_below(
        &self,
        d: usize,
        range: Range<usize>,
        rest: &[u32],
        weight: u64,
        counts: &mut [u64],
    ) {
        let need = self.k - d;
        if rest.len() < need {
            return;
        }
        let last = rest.len() - need; // positions past `last` leave too few items
        let nodes = &self.item[d][range.clone()];
        let (mut i, mut j) = (0, 0);
        while i < nodes.len() && j <= last {
            match nodes[i].cmp(&rest[j]) {
                Ordering::Less => i += 1,
                Ordering::Greater => j += 1,
                Ordering::Equal => {
                    let x = range.start + i;
                    if d == self.k - 1 {
                        counts[x] += weight;
                    } else {
                        let children = self.children(d, x);
                        self.count_below(d + 1, children, &rest[j + 1..], weight, counts);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trie_counts_each_candidate_contained_in_a_basket() {
        let candidates = [0, 1, 2, 0, 1, 3, 0, 2, 3, 1, 2, 3];
        let trie = Trie::build(&candidates, 3);
        let mut counts = vec![0; 4];
        trie.count(&[0, 1, 2, 3], 2, &mut counts);
        trie.count(&[1, 2, 3], 1, &mut counts);
        trie.count(&[0, 2, 3, 7], 1, &mut counts);
        assert_eq!(counts, vec![2, 2, 3, 3]);
    }

    #[test]
    fn joining_prunes_candidates_with_an_infrequent_subset() {
        // {0,1},{0,2},{1,2},{0,3}: {0,1,2} has all subsets; {0,1,3} lacks {1,3}; {0,2,3} lacks {2,3}.
        let level = Level {
            k: 2,
            items: vec![0, 1, 0, 2, 0, 3, 1, 2],
            counts: vec![5; 4],
        };
        assert_eq!(join(&level), vec![0, 1, 2]);
    }
}
