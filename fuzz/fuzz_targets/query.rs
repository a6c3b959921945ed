//! The query path: a query and its options (first line the query, then
//! `NAME VALUE` lines) against an index of the shipped bulletin built once in
//! a temporary folder (properties in `tests/properties/mod.rs`).
#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    properties::check_query(properties::shipped_engine(), data)
});
