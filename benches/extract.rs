//! Read + extract throughput: generated bulletins (in memory, so no disk I/O is
//! timed) through `parse_bulletin_bytes`, i.e. decoding and splitting into
//! entries, then extracting every record. Reported twice over the same work,
//! as entries/s and as MB/s.
//!
//! The corpus is 100,000 entries (about 220 MB; `BULLETIN_BENCH_ENTRIES`
//! overrides) generated once, as ten slices of equal entry count, each a
//! corpus of its own seed spanning 2010–2026. One iteration reads and extracts
//! one slice and checks its record count; each benchmark's ten samples take
//! the slices in turn, so every entry of the corpus is measured. Whole-corpus
//! iterations would need at least 22 passes over 220 MB (criterion's minimum
//! of ten samples, twice, plus warm-up): several minutes at today's speed.

use std::hint::black_box;
use std::time::Duration;

use bulletin::extract::parse_bulletin_bytes;
use bulletin::generate::generate_corpus_in_memory;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

const DEFAULT_ENTRIES: usize = 100_000;
const SLICES: usize = 10;
const SEED: u64 = 7;

/// Entries when run by `cargo test --all-targets`, which runs each benchmark
/// once in a debug build and without `--bench`: enough to check it works.
const TEST_MODE_ENTRIES: usize = 2_000;

fn corpus_entries() -> usize {
    let is_benchmarking = std::env::args().any(|arg| arg == "--bench");
    std::env::var("BULLETIN_BENCH_ENTRIES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(if is_benchmarking {
            DEFAULT_ENTRIES
        } else {
            TEST_MODE_ENTRIES
        })
}

/// Reads and extracts every file of a slice; returns how many records came out.
fn read_and_extract(files: &[(String, String)]) -> usize {
    files
        .iter()
        .map(|(name, text)| {
            let (records, warnings) = parse_bulletin_bytes(name, text.as_bytes());
            assert!(warnings.is_empty(), "{name}: {}", warnings[0]);
            records.len()
        })
        .sum()
}

fn read_extract(c: &mut Criterion) {
    let slice_entries = corpus_entries().div_ceil(SLICES);
    let slices: Vec<Vec<(String, String)>> = (0..SLICES as u64)
        .map(|slice| generate_corpus_in_memory(slice_entries, SEED + slice))
        .collect();
    let bytes: usize = slices.iter().flatten().map(|(_, text)| text.len()).sum();
    eprintln!(
        "corpus: {SLICES} slices of {slice_entries} entries, {} entries, {:.1} MB",
        SLICES * slice_entries,
        bytes as f64 / 1e6
    );

    // An iteration takes about a second, so each benchmark times one warm-up
    // iteration and ten samples of one iteration each. Flat sampling with a
    // short target does that; criterion then warns that it cannot complete 10
    // samples in the target time, which is expected.
    let mut group = c.benchmark_group("read_extract");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(SLICES)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(SLICES as u64));
    // Slices differ in bytes by well under 1%; their mean makes the MB/s of the
    // ten samples together exact.
    for (id, throughput) in [
        ("entries", Throughput::Elements(slice_entries as u64)),
        ("bytes", Throughput::BytesDecimal((bytes / SLICES) as u64)),
    ] {
        group.throughput(throughput);
        let mut turn = 0;
        group.bench_function(id, |b| {
            b.iter(|| {
                let slice = &slices[turn % SLICES];
                turn += 1;
                assert_eq!(read_and_extract(black_box(slice)), slice_entries);
            });
        });
    }
    group.finish();
}

criterion_group!(benches, read_extract);
criterion_main!(benches);
