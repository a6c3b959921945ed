//! Incremental re-index after one changed file: `bulletin::index::build` on
//! an up-to-date 200,000-entry index (`BULLETIN_BENCH_REINDEX_ENTRIES` changes
//! the size) after one bulletin file in the middle of the corpus changed, i.e.
//! what `bulletin index` (or a search that brings the index up to date) does
//! after an edit: stat every file, read and hash the changed one, delete its
//! entries, extract and add them again, commit, and wait for merges.
//!
//! Each iteration writes the file (untimed), alternately with one extra
//! paragraph at its end and as generated, then times `build` and checks that
//! exactly that file was re-indexed and that the entry count is unchanged.
//! Ten samples of one re-index each after one warm-up.
//!
//! The corpus copy and its index live in `reindex-KEY` (`common::index_key`) in the
//! bench folder, built on the first run and reused (this bench edits that
//! copy, so it cannot share the search bench's index). A run starts by putting
//! the file back as generated and syncing the index (untimed).

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use bulletin::corpus::{find_bulletin_files, split_bulletin};
use bulletin::index::{IndexOptions, IndexSummary, build};
use common::{
    CachedCorpus, bench_dir, cached_corpus, env_usize, index_key, is_benchmarking, marker, median,
    remove_dir_if_present,
};
use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

const DEFAULT_ENTRIES: usize = 200_000;
const TEST_MODE_ENTRIES: usize = 2_000;
const ADDED_PARAGRAPH: &str = "This activity was updated after publication.\n";

/// The bench's own copy of `corpus` with its index: (corpus folder, index folder).
fn reindex_copy(corpus: &CachedCorpus) -> (std::path::PathBuf, std::path::PathBuf) {
    let root = bench_dir().join(format!("reindex-{}", index_key(corpus)));
    let (corpus_dir, index_dir) = (root.join("corpus"), root.join("index"));
    let done = marker(&root);
    if !done.exists() {
        remove_dir_if_present(&root);
        std::fs::create_dir_all(&corpus_dir).expect("creating the reindex corpus folder");
        for path in find_bulletin_files(std::slice::from_ref(&corpus.dir)).expect("listing") {
            let name = path.file_name().expect("a file name");
            std::fs::copy(&path, corpus_dir.join(name)).expect("copying a corpus file");
        }
        let started = Instant::now();
        build(&IndexOptions::new(&index_dir, vec![corpus_dir.clone()])).expect("indexing");
        std::fs::write(&done, "").expect("marking the reindex copy complete");
        eprintln!(
            "reindex: built {} in {:.1} s",
            index_dir.display(),
            started.elapsed().as_secs_f64()
        );
    }
    (corpus_dir, index_dir)
}

fn check(summary: &IndexSummary, corpus: &CachedCorpus, file_entries: usize) {
    assert_eq!(summary.files_indexed, 1);
    assert_eq!(summary.files_skipped, corpus.files - 1);
    assert_eq!(summary.entries_added, file_entries);
    assert_eq!(summary.entries_total, corpus.entries);
}

fn reindex(c: &mut Criterion) {
    let entries = if is_benchmarking() {
        env_usize("BULLETIN_BENCH_REINDEX_ENTRIES", DEFAULT_ENTRIES)
    } else {
        TEST_MODE_ENTRIES
    };
    let corpus = cached_corpus(entries);
    let (corpus_dir, index_dir) = reindex_copy(&corpus);
    let options = IndexOptions::new(&index_dir, vec![corpus_dir.clone()]);

    let files = find_bulletin_files(std::slice::from_ref(&corpus_dir)).expect("listing");
    let changed_file = &files[files.len() / 2];
    let name = changed_file.file_name().expect("a file name");
    let as_generated = std::fs::read(corpus.dir.join(name)).expect("reading a corpus file");
    let mut with_paragraph = as_generated.clone();
    with_paragraph.extend_from_slice(ADDED_PARAGRAPH.as_bytes());
    let file_entries = split_bulletin("bench", &as_generated).entries.len();

    // Put the file back as generated and bring the index up to date with it.
    write(changed_file, &as_generated);
    let synced = build(&options).expect("syncing the reindex copy");
    assert_eq!(synced.entries_total, corpus.entries);
    eprintln!(
        "reindex: changing {} ({file_entries} entries, {} bytes) of {} files",
        changed_file.display(),
        as_generated.len(),
        corpus.files
    );

    let mut group = c.benchmark_group(format!("reindex_{entries}"));
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_millis(1))
        .measurement_time(Duration::from_millis(10));
    let mut edits = 0usize;
    let mut seconds = Vec::new();
    group.bench_function("one_changed_file", |b| {
        b.iter_custom(|iterations| {
            let mut timed = Duration::ZERO;
            for _ in 0..iterations {
                edits += 1;
                let bytes = if edits % 2 == 1 {
                    &with_paragraph
                } else {
                    &as_generated
                };
                write(changed_file, bytes);
                let started = Instant::now();
                let summary = build(&options).expect("re-indexing");
                let elapsed = started.elapsed();
                check(&summary, &corpus, file_entries);
                timed += elapsed;
                seconds.push(elapsed.as_secs_f64());
            }
            timed
        });
    });
    group.finish();
    write(changed_file, &as_generated);
    let timed = &seconds[usize::from(seconds.len() > 1)..];
    eprintln!(
        "reindex_{entries}/one_changed_file: median of {} re-indexes {:.3} s (fastest {:.3} s, slowest {:.3} s; load average {})",
        timed.len(),
        median(timed),
        timed.iter().copied().fold(f64::INFINITY, f64::min),
        timed.iter().copied().fold(0.0, f64::max),
        common::load_average(),
    );
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::write(path, bytes).expect("writing the changed corpus file");
}

criterion_group!(benches, reindex);
criterion_main!(benches);
