//! Indexing throughput with the `bulletin` analyzer against the same pipeline
//! with tantivy's `default` tokenizer (the relevance work's budget: within 15%).
//!
//! Two pipelines, each timed with both analyzers on the same generated
//! entries, one indexing thread so the figure is CPU cost, not scheduling:
//! - `index`: the extracted records → tantivy documents → an in-memory index, committed;
//! - `extract+index`: the bulletin files' bytes → reader and extractor → the same.
//!
//! First it prints a table of its own: the four combinations interleaved,
//! one run of each per round, `BULLETIN_BENCH_ANALYZER_ROUNDS` rounds
//! (default 7), so drift on a shared machine falls on both analyzers alike;
//! medians and the ratio of the two analyzers' throughputs. Then criterion
//! times each combination on its own.
//!
//! `BULLETIN_BENCH_ANALYZER_ENTRIES` sets the corpus size (default 20,000;
//! 500 when `cargo test` runs the bench once).

mod common;

use std::hint::black_box;
use std::time::Instant;

use bulletin::extract::{Record, parse_bulletin_bytes};
use bulletin::generate::generate_corpus_in_memory;
use bulletin::index::Fields;
use bulletin::index::analyzer::{ANALYZER, register};
use bulletin::index::schema::build_schema_with_analyzer;
use bulletin::index::writer::record_document;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn entries() -> usize {
    if common::is_benchmarking() {
        common::env_usize("BULLETIN_BENCH_ANALYZER_ENTRIES", 20_000)
    } else {
        500
    }
}

fn rounds() -> usize {
    if common::is_benchmarking() {
        common::env_usize("BULLETIN_BENCH_ANALYZER_ROUNDS", 7).max(1)
    } else {
        1
    }
}

/// Indexes records into a fresh in-memory index whose text fields use `analyzer`.
fn index_records(records: &[Record], analyzer: &str) -> u64 {
    let schema = build_schema_with_analyzer(analyzer);
    let fields = Fields::new(&schema).expect("schema fields");
    let index = tantivy::Index::create_in_ram(schema);
    register(&index);
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(1, 200_000_000)
        .expect("writer");
    for record in records {
        let document = record_document(&fields, record, "bench").expect("document");
        writer.add_document(document).expect("add");
    }
    writer.commit().expect("commit");
    index.reader().expect("reader").searcher().num_docs()
}

fn extract(files: &[(String, String)]) -> Vec<Record> {
    files
        .iter()
        .flat_map(|(name, text)| parse_bulletin_bytes(name, text.as_bytes()).0)
        .collect()
}

/// Runs one pipeline once with `analyzer` and returns its seconds.
fn run_once(pipeline: &str, files: &[(String, String)], records: &[Record], analyzer: &str) -> f64 {
    let started = Instant::now();
    let indexed = if pipeline == "index" {
        index_records(records, analyzer)
    } else {
        index_records(&extract(files), analyzer)
    };
    assert_eq!(indexed, records.len() as u64);
    started.elapsed().as_secs_f64()
}

/// The interleaved comparison: medians of `rounds` runs and the throughput ratio.
fn print_interleaved(files: &[(String, String)], records: &[Record]) {
    let pipelines = ["index", "extract+index"];
    let analyzers = [ANALYZER, "default"];
    let mut seconds = vec![vec![Vec::new(); analyzers.len()]; pipelines.len()];
    let load_before = common::load_average();
    for _ in 0..rounds() {
        for (p, pipeline) in pipelines.iter().enumerate() {
            for (a, analyzer) in analyzers.iter().enumerate() {
                seconds[p][a].push(run_once(pipeline, files, records, analyzer));
            }
        }
    }
    let bytes: usize = files.iter().map(|(_, text)| text.len()).sum();
    println!(
        "\nanalyzer: {} entries ({:.1} MB), {} interleaved rounds, 1 indexing thread, load {} → {}",
        records.len(),
        bytes as f64 / 1e6,
        rounds(),
        load_before,
        common::load_average()
    );
    println!(
        "{:<15} {:<10} {:>10} {:>12} {:>8}",
        "pipeline", "analyzer", "median s", "entries/s", "ratio"
    );
    for (p, pipeline) in pipelines.iter().enumerate() {
        let medians: Vec<f64> = seconds[p].iter().map(|s| common::median(s)).collect();
        for (a, analyzer) in analyzers.iter().enumerate() {
            println!(
                "{:<15} {:<10} {:>10.3} {:>12.0} {:>8.3}",
                pipeline,
                analyzer,
                medians[a],
                records.len() as f64 / medians[a],
                medians[1] / medians[a]
            );
        }
    }
    println!("ratio: entries/s against the same pipeline with tantivy's default tokenizer\n");
}

fn analyzer_against_default(c: &mut Criterion) {
    let files = generate_corpus_in_memory(entries(), 11);
    let records = extract(&files);
    let count = records.len() as u64;
    print_interleaved(&files, &records);
    let mut group = c.benchmark_group("analyzer");
    group
        .sample_size(10)
        .throughput(Throughput::Elements(count));
    for analyzer in [ANALYZER, "default"] {
        group.bench_function(BenchmarkId::new("index", analyzer), |b| {
            b.iter(|| assert_eq!(black_box(index_records(&records, analyzer)), count));
        });
        group.bench_function(BenchmarkId::new("extract+index", analyzer), |b| {
            b.iter(|| assert_eq!(black_box(index_records(&extract(&files), analyzer)), count));
        });
    }
    group.finish();
}

criterion_group!(benches, analyzer_against_default);
criterion_main!(benches);
