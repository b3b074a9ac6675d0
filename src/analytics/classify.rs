//! Classifiers: a decision tree (gini or entropy) with cross-validation.
