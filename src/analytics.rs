//! The analyses an owner runs on the customers: clustering, association rules, regression and
//! classification. Pure library code (no iced, no printing): each analysis takes plain data and
//! returns a plain report that the command line, the CSV export and the window all read.

pub mod baskets;
pub mod bayes;
pub mod classify;
pub mod cluster;
pub mod recommend;
pub mod regress;
pub mod rfm;
pub mod rules;
pub mod svm;
pub mod table;
pub mod text;
pub mod worker;
pub mod workspace;
