//! The bulletin reader: any bytes → `split_bulletin` → extraction
//! (properties in `tests/properties/mod.rs`).
#![no_main]

#[path = "../../tests/properties/mod.rs"]
mod properties;

libfuzzer_sys::fuzz_target!(|data: &[u8]| properties::check_reader(data));
