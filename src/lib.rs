//! Kith: an offline desktop CRM for small businesses. The library holds everything — domain rules, the
//! SQLite store, the demo generator, the command line and the window — so tests and benchmarks use the
//! same code the user does.

#![forbid(unsafe_code)]

pub mod analytics;
pub mod charts;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod fs;
pub mod io;
pub mod store;
pub mod ui;
pub mod words;
