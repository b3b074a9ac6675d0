//! A k-d tree over row-major points for k-nearest-neighbour distances (the k-distance curve that
//! suggests DBSCAN's eps). Leaves hold up to 16 points; splits are at the median of the widest
//! dimension.

use super::dist2;

const LEAF: usize = 16;

enum Node {
    Leaf {
        start: usize,
        end: usize,
    },
    Split {
        dim: usize,
        at: f64,
        left: usize,
        right: usize,
    },
}

pub(super) struct KdTree<'a> {
    data: &'a [f64],
    d: usize,
    order: Vec<usize>,
    nodes: Vec<Node>,
}

impl<'a> KdTree<'a> {
    pub(super) fn new(data: &'a [f64], d: usize) -> Self {
        let n = data.len() / d;
        let mut tree = KdTree {
            data,
            d,
            order: (0..n).collect(),
            nodes: Vec::new(),
        };
        tree.build(0, n);
        tree
    }

    fn coord(&self, i: usize, dim: usize) -> f64 {
        self.data[i * self.d + dim]
    }

    fn build(&mut self, start: usize, end: usize) -> usize {
        let id = self.nodes.len();
        if end - start <= LEAF {
            self.nodes.push(Node::Leaf { start, end });
            return id;
        }
        let dim = (0..self.d)
            .map(|dim| {
                let (lo, hi) = self.order[start..end]
                    .iter()
                    .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &i| {
                        (lo.min(self.coord(i, dim)), hi.max(self.coord(i, dim)))
                    });
                (dim, hi - lo)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
            .map_or(0, |(dim, _)| dim);
        let mid = (start + end) / 2;
        let (data, d) = (self.data, self.d);
        self.order[start..end].select_nth_unstable_by(mid - start, |&a, &b| {
            data[a * d + dim].total_cmp(&data[b * d + dim])
        });
        let at = self.coord(self.order[mid], dim);
        self.nodes.push(Node::Leaf { start, end }); // placeholder, replaced below
        let left = self.build(start, mid);
        let right = self.build(mid, end);
        self.nodes[id] = Node::Split {
            dim,
            at,
            left,
            right,
        };
        id
    }

    /// The squared distance from `q` to its k-th nearest point in the tree (the point itself
    /// counts when `q` is one of them, as scikit-learn's k-distance does).
    pub(super) fn kth_dist2(&self, q: &[f64], k: usize) -> f64 {
        let mut best: Vec<f64> = Vec::with_capacity(k + 1);
        self.search(0, q, k, &mut best);
        best.last().copied().unwrap_or(f64::INFINITY)
    }

    fn search(&self, node: usize, q: &[f64], k: usize, best: &mut Vec<f64>) {
        match self.nodes[node] {
            Node::Leaf { start, end } => {
                for &i in &self.order[start..end] {
                    let v = dist2(q, &self.data[i * self.d..(i + 1) * self.d]);
                    if best.len() < k || v < best[best.len() - 1] {
                        let at = best.partition_point(|&b| b <= v);
                        best.insert(at, v);
                        best.truncate(k);
                    }
                }
            }
            Node::Split {
                dim,
                at,
                left,
                right,
            } => {
                let diff = q[dim] - at;
                let (near, far) = if diff < 0.0 {
                    (left, right)
                } else {
                    (right, left)
                };
                self.search(near, q, k, best);
                if best.len() < k || diff * diff <= best[best.len() - 1] {
                    self.search(far, q, k, best);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analytics::cluster::Rng;

    #[test]
    fn kth_distances_match_brute_force() {
        let mut rng = Rng::new(5);
        let data: Vec<f64> = (0..3 * 700).map(|_| rng.next_f64() * 10.0).collect();
        let tree = KdTree::new(&data, 3);
        for q in data.chunks_exact(3).take(100) {
            let mut all: Vec<f64> = data.chunks_exact(3).map(|p| dist2(q, p)).collect();
            all.sort_by(f64::total_cmp);
            for k in [1, 2, 5, 17] {
                assert_eq!(tree.kth_dist2(q, k), all[k - 1]);
            }
        }
    }
}
