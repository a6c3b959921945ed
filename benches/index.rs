//! Full indexing throughput: `bulletin::index::build` from scratch over a
//! generated corpus on disk, i.e. what `bulletin index --rebuild` does: list
//! the files, read them (from the page cache after the first run), hash,
//! split, extract, write the tantivy documents, commit, and wait for merges.
//! Reported as entries/s by criterion, and as entries/s and MB/s (medians over
//! the timed builds) in a line of its own, since a criterion benchmark has one
//! throughput unit and a second benchmark would double the builds.
//!
//! Sizes: 10,000 and 200,000 entries (`BULLETIN_BENCH_INDEX_SIZES=10000,200000`
//! chooses others). Each size times one warm-up build and ten samples of one
//! build each (criterion's minimum); 200,000 entries take several minutes. The
//! corpus is generated once and kept (see `common::cached_corpus`); the index
//! is written to `index-bench-out` in the bench folder, emptied before each
//! build (untimed) and removed at the end.

mod common;

use std::time::{Duration, Instant};

use bulletin::index::{IndexOptions, build};
use common::{bench_dir, cached_corpus, env_sizes, is_benchmarking, median, remove_dir_if_present};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

const DEFAULT_SIZES: [usize; 2] = [10_000, 200_000];
/// Entries when `cargo test --all-targets` runs the bench once in a debug build.
const TEST_MODE_SIZES: [usize; 1] = [500];

fn index_throughput(c: &mut Criterion) {
    let sizes = if is_benchmarking() {
        env_sizes("BULLETIN_BENCH_INDEX_SIZES", &DEFAULT_SIZES)
    } else {
        TEST_MODE_SIZES.to_vec()
    };
    let out = bench_dir().join("index-bench-out");
    let mut group = c.benchmark_group("index");
    // One build per sample: flat sampling with a tiny target (criterion then
    // warns that it cannot finish 10 samples in that time, which is expected).
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(10));
    for entries in sizes {
        let corpus = cached_corpus(entries);
        let options = IndexOptions::new(&out, vec![corpus.dir.clone()]);
        group.throughput(Throughput::Elements(entries as u64));
        let mut build_seconds = Vec::new();
        group.bench_function(BenchmarkId::new("entries", entries), |b| {
            b.iter_custom(|iterations| {
                let mut timed = Duration::ZERO;
                for _ in 0..iterations {
                    remove_dir_if_present(&out);
                    let started = Instant::now();
                    let summary = build(&options).expect("indexing the bench corpus");
                    let elapsed = started.elapsed();
                    assert_eq!(summary.entries_total, corpus.entries);
                    assert_eq!(summary.files_indexed, corpus.files);
                    assert_eq!(summary.bytes_read, corpus.bytes);
                    assert!(summary.warnings.is_empty(), "{}", summary.warnings[0]);
                    timed += elapsed;
                    build_seconds.push(elapsed.as_secs_f64());
                }
                timed
            });
        });
        // The first build is criterion's warm-up when there are more.
        let timed = &build_seconds[usize::from(build_seconds.len() > 1)..];
        let seconds = median(timed);
        eprintln!(
            "index/entries/{entries}: median of {} builds {seconds:.2} s: {:.0} entries/s, {:.2} MB/s \
             (fastest {:.2} s, slowest {:.2} s; load average {})",
            timed.len(),
            entries as f64 / seconds,
            corpus.bytes as f64 / 1e6 / seconds,
            timed.iter().copied().fold(f64::INFINITY, f64::min),
            timed.iter().copied().fold(0.0, f64::max),
            common::load_average(),
        );
    }
    group.finish();
    remove_dir_if_present(&out);
}

criterion_group!(benches, index_throughput);
criterion_main!(benches);
