//! Growing a binary decision tree: CART-style threshold splits chosen by gini or entropy.
//!
//! Every column is sorted once; a node owns the same range in each column's sorted list, so a split
//! scan is a single pass with running class counts, and splitting a node partitions each list
//! stably in place. A level of the tree costs O(rows × columns), with no per-node sorting and no
//! per-node work proportional to the whole data set (which is what makes linfa-trees slow on deep
//! trees: it walks a full-length mask at every node).

use super::{Criterion, TreeParams};

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Training rows of each class that reached this node.
    pub counts: Vec<u32>,
    pub depth: usize,
    pub split: Option<Split>,
}

impl Node {
    /// The majority class (the first one on a tie).
    pub fn class(&self) -> u32 {
        let mut best = 0;
        for (i, &c) in self.counts.iter().enumerate() {
            if c > self.counts[best] {
                best = i;
            }
        }
        best as u32
    }

    pub fn rows(&self) -> u32 {
        self.counts.iter().sum()
    }
}

/// Rows with `column ≤ threshold` go left.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Split {
    pub column: usize,
    pub threshold: f64,
    pub left: usize,
    pub right: usize,
    /// Impurity decrease weighted by rows (node·impurity − children's), for feature importance.
    pub gain: f64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    /// Depth-first, the root first and each left subtree before its right one.
    pub nodes: Vec<Node>,
}

impl Tree {
    pub fn predict(&self, columns: &[Vec<f64>], row: usize) -> u32 {
        let mut at = 0;
        while let Some(s) = &self.nodes[at].split {
            at = if columns[s.column][row] <= s.threshold {
                s.left
            } else {
                s.right
            };
        }
        self.nodes[at].class()
    }

    pub fn depth(&self) -> usize {
        self.nodes.iter().map(|n| n.depth).max().unwrap_or(0)
    }

    pub fn leaves(&self) -> usize {
        self.nodes.iter().filter(|n| n.split.is_none()).count()
    }
}

/// A row in one column's sorted list, carrying what a scan needs so it never looks elsewhere.
#[derive(Debug, Clone, Copy)]
struct Entry {
    value: f64,
    row: u32,
    class: u32,
}

/// The row order of each column by value, ties by row: computed once, shared by every fit.
pub fn presort(columns: &[Vec<f64>]) -> Vec<Vec<u32>> {
    columns
        .iter()
        .map(|c| {
            let mut order: Vec<u32> = (0..c.len() as u32).collect();
            order.sort_by(|&a, &b| c[a as usize].total_cmp(&c[b as usize]));
            order
        })
        .collect()
}

/// Grows a tree on the rows `train` accepts.
pub fn grow(
    columns: &[Vec<f64>],
    y: &[u32],
    classes: usize,
    order: &[Vec<u32>],
    train: impl Fn(usize) -> bool,
    params: &TreeParams,
) -> Tree {
    let mut lists: Vec<Vec<Entry>> = order
        .iter()
        .zip(columns)
        .map(|(o, c)| {
            o.iter()
                .filter(|&&r| train(r as usize))
                .map(|&r| Entry {
                    value: c[r as usize],
                    row: r,
                    class: y[r as usize],
                })
                .collect()
        })
        .collect();
    let m = lists.first().map_or(0, Vec::len);
    let mut counts = vec![0u32; classes];
    for r in (0..y.len()).filter(|&r| train(r)) {
        counts[y[r] as usize] += 1;
    }
    let mut grower = Grower {
        params,
        classes,
        xlogx: match params.criterion {
            Criterion::Entropy => (0..=m).map(|k| xlogx(k as f64)).collect(),
            Criterion::Gini => Vec::new(),
        },
        left: vec![0; classes],
        right: vec![0; classes],
        go_left: vec![false; y.len()],
        scratch: Vec::with_capacity(m),
    };
    let mut nodes = vec![Node {
        counts,
        depth: 0,
        split: None,
    }];
    let mut stack = vec![(0usize, 0usize, m)];
    while let Some((id, lo, hi)) = stack.pop() {
        let node = &nodes[id];
        let Some((column, pos, threshold)) = grower.best_split(&lists, node, lo, hi) else {
            continue;
        };
        let depth = node.depth + 1;
        let mut left_counts = vec![0u32; classes];
        for e in &lists[column][lo..=pos] {
            left_counts[e.class as usize] += 1;
        }
        let right_counts: Vec<u32> = node
            .counts
            .iter()
            .zip(&left_counts)
            .map(|(a, b)| a - b)
            .collect();
        let gain = grower.weighted_impurity(&node.counts)
            - grower.weighted_impurity(&left_counts)
            - grower.weighted_impurity(&right_counts);
        grower.partition(&mut lists, column, lo, pos, hi);
        let (left, right) = (nodes.len(), nodes.len() + 1);
        nodes[id].split = Some(Split {
            column,
            threshold,
            left,
            right,
            gain,
        });
        nodes.push(Node {
            counts: left_counts,
            depth,
            split: None,
        });
        nodes.push(Node {
            counts: right_counts,
            depth,
            split: None,
        });
        stack.push((right, pos + 1, hi));
        stack.push((left, lo, pos + 1));
    }
    renumber_depth_first(nodes)
}

struct Grower<'a> {
    params: &'a TreeParams,
    classes: usize,
    /// k·ln k for every count a node can hold (entropy only).
    xlogx: Vec<f64>,
    left: Vec<u32>,
    right: Vec<u32>,
    go_left: Vec<bool>,
    scratch: Vec<Entry>,
}

impl Grower<'_> {
    /// The best split of the node's rows `lo..hi`: column, last position going left, threshold.
    fn best_split(
        &mut self,
        lists: &[Vec<Entry>],
        node: &Node,
        lo: usize,
        hi: usize,
    ) -> Option<(usize, usize, f64)> {
        let m = hi - lo;
        let min_leaf = self.params.min_samples_leaf.max(1);
        let pure = node.counts.iter().filter(|&&c| c > 0).count() <= 1;
        let at_depth = self.params.max_depth.is_some_and(|d| node.depth >= d);
        if pure || at_depth || m < 2 * min_leaf {
            return None;
        }
        let mut best: Option<(f64, usize, usize)> = None;
        for (column, list) in lists.iter().enumerate() {
            let range = &list[lo..hi];
            if range[0].value == range[m - 1].value {
                continue;
            }
            if let Some((score, i)) = self.scan(range, &node.counts, min_leaf)
                && best.is_none_or(|(b, _, _)| score > b)
            {
                best = Some((score, column, lo + i));
            }
        }
        best.map(|(_, column, pos)| {
            let (a, b) = (lists[column][pos].value, lists[column][pos + 1].value);
            let mut threshold = a / 2.0 + b / 2.0;
            if threshold >= b || !threshold.is_finite() {
                threshold = a;
            }
            (column, pos, threshold)
        })
    }

    /// The best cut in one sorted range: (score, last index going left); higher scores are better.
    fn scan(&mut self, range: &[Entry], counts: &[u32], min_leaf: usize) -> Option<(f64, usize)> {
        let m = range.len();
        self.left.fill(0);
        self.right.copy_from_slice(counts);
        let (left, right) = (&mut self.left, &mut self.right);
        let mut best: Option<(f64, usize)> = None;
        match self.params.criterion {
            // n·gini = n − Σc²/n, so the children's weighted gini is least where ΣL²/nL + ΣR²/nR is most.
            Criterion::Gini => {
                let mut sq_left = 0.0;
                let mut sq_right: f64 = counts.iter().map(|&c| f64::from(c) * f64::from(c)).sum();
                for i in 0..m - 1 {
                    let c = range[i].class as usize;
                    sq_left += f64::from(2 * left[c] + 1);
                    left[c] += 1;
                    sq_right -= f64::from(2 * right[c] - 1);
                    right[c] -= 1;
                    let n_left = i + 1;
                    if range[i].value == range[i + 1].value
                        || n_left < min_leaf
                        || m - n_left < min_leaf
                    {
                        continue;
                    }
                    let score = sq_left / n_left as f64 + sq_right / (m - n_left) as f64;
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, i));
                    }
                }
            }
            // n·H = n ln n − Σ c ln c; the children's sum is least where Σ(c ln c) − n ln n is most.
            Criterion::Entropy => {
                let t = &self.xlogx;
                let mut s_left = 0.0;
                let mut s_right: f64 = counts.iter().map(|&c| t[c as usize]).sum();
                for i in 0..m - 1 {
                    let c = range[i].class as usize;
                    s_left += t[left[c] as usize + 1] - t[left[c] as usize];
                    left[c] += 1;
                    s_right += t[right[c] as usize - 1] - t[right[c] as usize];
                    right[c] -= 1;
                    let n_left = i + 1;
                    if range[i].value == range[i + 1].value
                        || n_left < min_leaf
                        || m - n_left < min_leaf
                    {
                        continue;
                    }
                    let score = s_left - t[n_left] + s_right - t[m - n_left];
                    if best.is_none_or(|(b, _)| score > b) {
                        best = Some((score, i));
                    }
                }
            }
        }
        best
    }

    /// Moves the rows going left (those up to `pos` in `column`'s order) before the others in every
    /// column's range, keeping each side sorted.
    fn partition(
        &mut self,
        lists: &mut [Vec<Entry>],
        column: usize,
        lo: usize,
        pos: usize,
        hi: usize,
    ) {
        for (i, e) in lists[column][lo..hi].iter().enumerate() {
            self.go_left[e.row as usize] = lo + i <= pos;
        }
        for (c, list) in lists.iter_mut().enumerate() {
            if c == column {
                continue;
            }
            self.scratch.clear();
            let mut write = lo;
            for i in lo..hi {
                let e = list[i];
                if self.go_left[e.row as usize] {
                    list[write] = e;
                    write += 1;
                } else {
                    self.scratch.push(e);
                }
            }
            list[write..hi].copy_from_slice(&self.scratch);
        }
    }

    /// Rows × impurity (gini in [0, 1], entropy in bits).
    fn weighted_impurity(&self, counts: &[u32]) -> f64 {
        let n: f64 = counts.iter().map(|&c| f64::from(c)).sum();
        if n == 0.0 {
            return 0.0;
        }
        debug_assert_eq!(counts.len(), self.classes);
        match self.params.criterion {
            Criterion::Gini => n - counts.iter().map(|&c| f64::from(c).powi(2)).sum::<f64>() / n,
            Criterion::Entropy => {
                (xlogx(n) - counts.iter().map(|&c| xlogx(f64::from(c))).sum::<f64>())
                    / std::f64::consts::LN_2
            }
        }
    }
}

fn xlogx(x: f64) -> f64 {
    if x > 0.0 { x * x.ln() } else { 0.0 }
}

/// Nodes in depth-first order (root, left subtree, right subtree), which is how rules read.
fn renumber_depth_first(nodes: Vec<Node>) -> Tree {
    let mut new_id = vec![0usize; nodes.len()];
    let mut visit = vec![0usize];
    let mut sequence = Vec::with_capacity(nodes.len());
    while let Some(id) = visit.pop() {
        new_id[id] = sequence.len();
        sequence.push(id);
        if let Some(s) = &nodes[id].split {
            visit.push(s.right);
            visit.push(s.left);
        }
    }
    let mut slots: Vec<Option<Node>> = nodes.into_iter().map(Some).collect();
    let nodes = sequence
        .into_iter()
        .map(|id| {
            // Each id appears once in the walk, so its slot is still full.
            let mut node = slots[id].take().unwrap_or_else(|| unreachable!());
            if let Some(s) = &mut node.split {
                s.left = new_id[s.left];
                s.right = new_id[s.right];
            }
            node
        })
        .collect();
    Tree { nodes }
}
