//! Read + extract throughput: a generated corpus (in memory, so no disk I/O is
//! timed) through `parse_bulletin_bytes`, i.e. decoding and splitting into
//! entries, then extracting every record. Reported twice over the same work,
//! as entries/s and as MB/s.
//!
//! `BULLETIN_BENCH_ENTRIES` sets the corpus size (default 100,000 entries, about
//! 220 MB); a smaller one keeps development runs short.

use std::hint::black_box;
use std::time::{Duration, Instant};

use bulletin::extract::parse_bulletin_bytes;
use bulletin::generate::generate_corpus_in_memory;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

const DEFAULT_ENTRIES: usize = 100_000;
const SEED: u64 = 7;
const SAMPLES: usize = 10;

fn corpus_entries() -> usize {
    std::env::var("BULLETIN_BENCH_ENTRIES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(DEFAULT_ENTRIES)
}

/// Reads and extracts every file; returns how many records came out.
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
    let entries = corpus_entries();
    let files = generate_corpus_in_memory(entries, SEED);
    let bytes: u64 = files.iter().map(|(_, text)| text.len() as u64).sum();
    // One untimed pass checks the corpus before anything is timed.
    let started = Instant::now();
    assert_eq!(read_and_extract(&files), entries);
    let pass = started.elapsed();
    eprintln!(
        "corpus: {} files, {entries} entries, {:.1} MB; one pass {:.2} s",
        files.len(),
        bytes as f64 / 1e6,
        pass.as_secs_f64()
    );

    // A pass takes seconds, so each benchmark times exactly one warm-up pass and
    // ten samples of one pass each (flat sampling with a short target: criterion
    // then warns that it cannot complete 10 samples in time, which is expected).
    // With the check above that is 23 passes in all.
    let mut group = c.benchmark_group("read_extract");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(SAMPLES)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(SAMPLES as u64));
    for (id, throughput) in [
        ("entries", Throughput::Elements(entries as u64)),
        ("bytes", Throughput::BytesDecimal(bytes)),
    ] {
        group.throughput(throughput);
        group.bench_function(id, |b| {
            b.iter(|| assert_eq!(read_and_extract(black_box(&files)), entries));
        });
    }
    group.finish();
}

criterion_group!(benches, read_extract);
criterion_main!(benches);
