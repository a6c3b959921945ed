//! `bulletin`: a full-text search engine for programme news.
//!
//! Data flows corpus → extract → index → search → web: [`corpus`] reads
//! bulletin files into raw entries, [`extract`] turns them into activity
//! records, `index` writes them to a tantivy index, `search` answers queries
//! with facets and snippets, and [`web`] serves the page and JSON API.

pub mod cli;
pub mod corpus;
pub mod error;
pub mod export;
pub mod extract;
pub mod fault;
pub mod generate;
pub mod index;
pub mod output;
pub mod search;
pub mod text;
pub mod web;

pub use error::{Error, Result};
pub use extract::{Event, Record};
