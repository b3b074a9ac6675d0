//! A tree as if/then rules, one per leaf, in the tree's depth-first order.

use super::{Dataset, Encoded, Tree};

#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    pub conditions: Vec<String>,
    pub target: String,
    pub class: String,
    /// Training rows that reach the leaf, and those of its class among them.
    pub rows: u32,
    pub correct: u32,
}

impl Rule {
    pub fn text(&self) -> String {
        let when = if self.conditions.is_empty() {
            "always".to_string()
        } else {
            format!("if {}", self.conditions.join(" and "))
        };
        format!(
            "{when} then {} = {} ({} of {})",
            self.target, self.class, self.correct, self.rows
        )
    }
}

pub(super) fn rules(tree: &Tree, data: &Dataset) -> Vec<Rule> {
    let target = &data.target;
    let mut out = Vec::new();
    let mut stack: Vec<(usize, Vec<String>)> = vec![(0, Vec::new())];
    while let Some((id, path)) = stack.pop() {
        let node = &tree.nodes[id];
        match &node.split {
            None => {
                let class = node.class();
                out.push(Rule {
                    conditions: path,
                    target: target.clone(),
                    class: data.classes[class as usize].clone(),
                    rows: node.rows(),
                    correct: node.counts[class as usize],
                });
            }
            Some(s) => {
                let (yes, no) = match &data.encoded[s.column] {
                    Encoded::Numeric { feature } => {
                        let name = &data.features[*feature];
                        let t = number(s.threshold);
                        (format!("{name} <= {t}"), format!("{name} > {t}"))
                    }
                    // One-hot: 0 (≤ threshold) is "not this category".
                    Encoded::Category { feature, value } => {
                        let name = &data.features[*feature];
                        (format!("{name} ≠ {value}"), format!("{name} = {value}"))
                    }
                };
                let mut right = path.clone();
                right.push(no);
                let mut left = path;
                left.push(yes);
                stack.push((s.right, right));
                stack.push((s.left, left));
            }
        }
    }
    out
}

/// A threshold as people read it: six decimals at most, no trailing zeros.
fn number(v: f64) -> String {
    let s = format!("{v:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}
