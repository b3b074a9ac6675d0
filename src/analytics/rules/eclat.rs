//! Eclat: depth-first search over itemsets, each carrying the set of baskets (tids) that hold it;
//! extending an itemset intersects two tid-sets. Each tid-set is stored as whichever is smaller —
//! a sorted list of basket numbers for rare itemsets, a bitset over all N baskets for common ones
//! (the cross-over is count = N/32, where 4 bytes per tid equal N/8 bytes of bits) — so sparse
//! data (retail) and dense data (Groceries' top items) both intersect cheaply.

use super::{Itemset, MAX_ITEMSETS, Prepared, RulesError};
use crate::analytics::worker::Ticker;

enum Tids {
    List(Vec<u32>),
    Bits(Vec<u64>),
}

struct Node {
    item: u32,
    count: u64,
    tids: Tids,
}

pub(super) fn mine(p: &Prepared, ticker: &Ticker) -> Result<Vec<Itemset>, RulesError> {
    let m = p.original.len();
    let mut lists: Vec<Vec<u32>> = p
        .counts
        .iter()
        .map(|&c| Vec::with_capacity(c as usize))
        .collect();
    for (t, basket) in p.baskets().enumerate() {
        // Basket numbers fit in u32: 4 billion baskets would not fit in memory as read anyway.
        let t = t as u32;
        for &i in basket {
            lists[i as usize].push(t);
        }
    }
    let roots: Vec<Node> = lists
        .into_iter()
        .enumerate()
        .map(|(i, list)| Node {
            item: i as u32,
            count: list.len() as u64,
            tids: shape(Tids::List(list), p.n),
        })
        .collect();
    debug_assert_eq!(roots.len(), m);
    let mut search = Search {
        p,
        prefix: Vec::new(),
        out: Vec::new(),
    };
    // Progress and cancel are checked per top-level item: deeper levels are too fine-grained to
    // be worth an atomic load, and one root's subtree is short next to the whole search.
    let total = roots.len() as u64;
    for i in 0..roots.len() {
        ticker.tick(i as u64, total)?;
        search.extend_from(&roots, i);
        if search.out.len() > MAX_ITEMSETS {
            return Err(RulesError::TooMany {
                min_count: p.min_count,
            });
        }
    }
    Ok(search.out)
}

struct Search<'a> {
    p: &'a Prepared,
    prefix: Vec<u32>,
    out: Vec<Itemset>,
}

impl Search<'_> {
    fn extend(&mut self, nodes: &[Node]) {
        for i in 0..nodes.len() {
            self.extend_from(nodes, i);
        }
    }

    /// The itemset prefix + nodes[i], then every frequent extension of it by a later node.
    fn extend_from(&mut self, nodes: &[Node], i: usize) {
        // Past the limit the caller reports the search as too big; stop growing it here.
        if self.out.len() > MAX_ITEMSETS {
            return;
        }
        let a = &nodes[i];
        self.prefix.push(a.item);
        self.out.push(Itemset {
            items: self.prefix.clone(),
            count: a.count,
        });
        let children: Vec<Node> = nodes[i + 1..]
            .iter()
            .filter(|b| self.p.pair_frequent(a.item, b.item))
            .filter_map(|b| {
                let (tids, count) = intersect(&a.tids, &b.tids, self.p.min_count)?;
                Some(Node {
                    item: b.item,
                    count,
                    tids: shape(tids, self.p.n),
                })
            })
            .collect();
        if !children.is_empty() {
            self.extend(&children);
        }
        self.prefix.pop();
    }
}

/// Bits when the set holds at least N/32 baskets, else a list.
fn shape(tids: Tids, n: usize) -> Tids {
    let dense = |count: usize| count * 32 >= n;
    match tids {
        Tids::List(list) if dense(list.len()) => {
            let mut bits = vec![0u64; n.div_ceil(64)];
            for t in list {
                bits[t as usize / 64] |= 1 << (t % 64);
            }
            Tids::Bits(bits)
        }
        Tids::Bits(bits) => {
            let count: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
            if dense(count) {
                Tids::Bits(bits)
            } else {
                Tids::List(to_list(&bits, count))
            }
        }
        list => list,
    }
}

fn to_list(bits: &[u64], count: usize) -> Vec<u32> {
    let mut list = Vec::with_capacity(count);
    for (w, &word) in bits.iter().enumerate() {
        let mut word = word;
        while word != 0 {
            list.push((w * 64) as u32 + word.trailing_zeros());
            word &= word - 1;
        }
    }
    list
}

/// The intersection and its size, or `None` as soon as it cannot reach `min_count`.
fn intersect(a: &Tids, b: &Tids, min_count: u64) -> Option<(Tids, u64)> {
    let min = min_count as usize;
    let (tids, count) = match (a, b) {
        (Tids::Bits(x), Tids::Bits(y)) => {
            let bits: Vec<u64> = x.iter().zip(y).map(|(p, q)| p & q).collect();
            let count: usize = bits.iter().map(|w| w.count_ones() as usize).sum();
            (Tids::Bits(bits), count)
        }
        (Tids::List(list), Tids::Bits(bits)) | (Tids::Bits(bits), Tids::List(list)) => {
            let kept = filter_by_bits(list, bits, min)?;
            let count = kept.len();
            (Tids::List(kept), count)
        }
        (Tids::List(x), Tids::List(y)) => {
            let kept = intersect_lists(x, y, min)?;
            let count = kept.len();
            (Tids::List(kept), count)
        }
    };
    (count >= min).then_some((tids, count as u64))
}

fn filter_by_bits(list: &[u32], bits: &[u64], min: usize) -> Option<Vec<u32>> {
    let mut kept = Vec::with_capacity(list.len());
    let mut missed_allowed = list.len().checked_sub(min)?;
    for &t in list {
        if bits[t as usize / 64] & (1 << (t % 64)) != 0 {
            kept.push(t);
        } else if missed_allowed == 0 {
            return None;
        } else {
            missed_allowed -= 1;
        }
    }
    Some(kept)
}

/// Sorted-list intersection: a merge when the lists are of like size, galloping from the
/// shorter one when one is much longer. Gives up once too many tids of the shorter list missed.
fn intersect_lists(x: &[u32], y: &[u32], min: usize) -> Option<Vec<u32>> {
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    let mut missed_allowed = short.len().checked_sub(min)?;
    let mut kept = Vec::with_capacity(short.len());
    if short.len() * 16 < long.len() {
        let mut rest = long;
        for &t in short {
            let at = gallop(rest, t);
            if at < rest.len() && rest[at] == t {
                kept.push(t);
                rest = &rest[at + 1..];
            } else {
                missed_allowed = missed_allowed.checked_sub(1)?;
                rest = &rest[at..];
            }
        }
        return Some(kept);
    }
    let (mut i, mut j) = (0, 0);
    while i < short.len() && j < long.len() {
        let (s, l) = (short[i], long[j]);
        if s == l {
            kept.push(s);
            i += 1;
            j += 1;
        } else if s < l {
            missed_allowed = missed_allowed.checked_sub(1)?;
            i += 1;
        } else {
            j += 1;
        }
    }
    missed_allowed.checked_sub(short.len() - i)?;
    Some(kept)
}

/// The first position in `sorted` whose value is ≥ `t`, by doubling then bisecting.
fn gallop(sorted: &[u32], t: u32) -> usize {
    let mut hi = 1;
    while hi < sorted.len() && sorted[hi - 1] < t {
        hi *= 2;
    }
    let lo = hi / 2;
    let hi = hi.min(sorted.len());
    lo + sorted[lo..hi].partition_point(|&v| v < t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_intersections_agree_with_a_set_intersection() {
        let a: Vec<u32> = (0..1000).filter(|v| v % 3 == 0).collect();
        let b: Vec<u32> = (0..1000).filter(|v| v % 5 == 0).collect();
        let c: Vec<u32> = vec![0, 15, 999, 2000];
        let want = |x: &[u32], y: &[u32]| -> Vec<u32> {
            x.iter().copied().filter(|v| y.contains(v)).collect()
        };
        assert_eq!(intersect_lists(&a, &b, 0).unwrap(), want(&a, &b));
        assert_eq!(intersect_lists(&c, &a, 0).unwrap(), want(&c, &a));
        assert_eq!(intersect_lists(&a, &c, 3).unwrap(), want(&a, &c));
        assert!(intersect_lists(&a, &c, 4).is_none());
        for t in [0, 1, 14, 15, 16, 998, 999, 1000] {
            assert_eq!(gallop(&a, t), a.partition_point(|&v| v < t));
        }
    }

    #[test]
    fn bitsets_and_lists_convert_both_ways() {
        let list: Vec<u32> = vec![0, 63, 64, 65, 127];
        let Tids::Bits(bits) = shape(Tids::List(list.clone()), 150) else {
            panic!("5 of 150 baskets is dense");
        };
        assert_eq!(to_list(&bits, 5), list);
        let Tids::List(back) = shape(Tids::Bits(bits), 10_000) else {
            panic!("5 of 10,000 baskets is sparse");
        };
        assert_eq!(back, list);
    }
}
