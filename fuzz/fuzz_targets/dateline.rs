//! The dateline parser on any line (properties in `tests/properties/mod.rs`).
#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::check_dateline(data));
