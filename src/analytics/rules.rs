//! Frequent itemsets (Apriori, Eclat) and association rules, decided on integer counts.
