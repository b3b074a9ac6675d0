//! A table's columns as a tree reads them: numeric columns as they are, text columns one-hot (one
//! 0/1 column per category, so a split asks "is it this category?"), and the target as class
//! indexes.

use super::ClassifyError;
use crate::analytics::table::{Table, TableError};

/// More categories than this in one text column is an id or free text, not a feature.
pub const MAX_CATEGORIES: usize = 1000;

/// What one encoded column stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum Encoded {
    Numeric {
        feature: usize,
    },
    /// 1 where the feature has this category, 0 elsewhere.
    Category {
        feature: usize,
        value: String,
    },
}

impl Encoded {
    pub fn feature(&self) -> usize {
        match self {
            Encoded::Numeric { feature } | Encoded::Category { feature, .. } => *feature,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// The column the classes come from.
    pub target: String,
    /// The features as named in the input.
    pub features: Vec<String>,
    /// Encoded columns, each one value per row.
    pub columns: Vec<Vec<f64>>,
    pub encoded: Vec<Encoded>,
    /// Each row's class, an index into `classes`.
    pub y: Vec<u32>,
    /// Class labels, sorted numerically when all are numbers, else as text.
    pub classes: Vec<String>,
}

impl Dataset {
    pub fn rows(&self) -> usize {
        self.y.len()
    }

    pub fn from_table(
        table: &Table,
        target: &str,
        features: &[String],
    ) -> Result<Dataset, ClassifyError> {
        if features.is_empty() {
            return Err(ClassifyError::NoFeatures);
        }
        if let Some(f) = features.iter().find(|f| *f == target) {
            return Err(ClassifyError::TargetIsAFeature(f.clone()));
        }
        let labels = table.labels(target)?;
        if let Some(row) = labels.iter().position(String::is_empty) {
            return Err(TableError::Line {
                line: table.line(row),
                reason: format!("no value for the target {target:?}"),
            }
            .into());
        }
        let classes = sorted_distinct(&labels);
        let index: std::collections::HashMap<&str, u32> = classes
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u32))
            .collect();
        let y = labels.iter().map(|l| index[l.as_str()]).collect();
        let mut columns = Vec::new();
        let mut encoded = Vec::new();
        for (feature, name) in features.iter().enumerate() {
            let cells = table.labels(name)?;
            let numbers: Option<Vec<f64>> = cells
                .iter()
                .map(|c| c.parse::<f64>().ok().filter(|v| v.is_finite()))
                .collect();
            // A column of numbers with a blank or NaN cell is a column of numbers with a hole,
            // not of categories (each number its own): the hole is named.
            if numbers.is_none()
                && let Some(row) = numbers_with_a_hole(&cells)
            {
                return Err(TableError::NotANumber {
                    line: table.line(row),
                    column: name.clone(),
                    value: cells[row].clone(),
                }
                .into());
            }
            match numbers {
                Some(values) => {
                    columns.push(values);
                    encoded.push(Encoded::Numeric { feature });
                }
                None => {
                    let categories = sorted_distinct(&cells);
                    if categories.len() > MAX_CATEGORIES {
                        return Err(ClassifyError::TooManyCategories {
                            column: name.clone(),
                            count: categories.len(),
                        });
                    }
                    for value in categories {
                        columns.push(
                            cells
                                .iter()
                                .map(|c| f64::from(u8::from(*c == value)))
                                .collect(),
                        );
                        encoded.push(Encoded::Category { feature, value });
                    }
                }
            }
        }
        Ok(Dataset {
            target: target.to_string(),
            features: features.to_vec(),
            columns,
            encoded,
            y,
            classes,
        })
    }
}

/// The first blank or non-finite cell of a column whose other cells are all numbers.
fn numbers_with_a_hole(cells: &[String]) -> Option<usize> {
    let finite = |c: &str| c.parse::<f64>().is_ok_and(f64::is_finite);
    let hole = |c: &str| c.is_empty() || c.parse::<f64>().is_ok_and(|v| !v.is_finite());
    let some_numbers = cells.iter().any(|c| finite(c));
    let only_holes_besides = cells.iter().all(|c| finite(c) || hole(c));
    (some_numbers && only_holes_besides)
        .then(|| cells.iter().position(|c| hole(c)))
        .flatten()
}

/// Numbers in numeric order when both are numbers, else text order.
fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.total_cmp(&y).then_with(|| a.cmp(b)),
        _ => a.cmp(b),
    }
}

fn sorted_distinct(cells: &[String]) -> Vec<String> {
    let mut distinct: Vec<String> = cells
        .iter()
        .collect::<std::collections::HashSet<_>>()
        .into_iter()
        .cloned()
        .collect();
    let all_numbers = distinct.iter().all(|c| c.parse::<f64>().is_ok());
    if all_numbers {
        distinct.sort_by(|a, b| compare(a, b));
    } else {
        distinct.sort();
    }
    distinct
}
