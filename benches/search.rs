//! Query latency on a 200,000-entry index (`BULLETIN_BENCH_SEARCH_ENTRIES`
//! changes the size): the twenty queries of `common::QUERIES` through
//! `Engine::search`, as `bulletin search` and the web API run them: parse and
//! plan, the exact total, the top 10 by relevance with their stored records
//! and snippets, in three variants:
//!
//! - `plain`: no facet counts;
//! - `facets3`: counts of three facet fields (country, programme, year);
//! - `filtered_facets3`: the same with a country, a programme and a
//!   from/to filter (a different combination per query).
//!
//! First it prints a latency table of its own: every query timed one at a
//! time, `BULLETIN_BENCH_SEARCH_PASSES` passes (default 50) after one warm-up
//! pass, the variants interleaved query by query, so drift on a shared machine
//! falls on all three alike; p50 and p99 are over all queries and passes.
//! Then criterion times each variant with one iteration running all twenty
//! queries (so its throughput, "elem/s", is queries/s), ten samples each. Every answer is checked against
//! the warm-up pass: same total, a full first page, the three facet fields.
//!
//! The index is built once into the bench folder, keyed by the corpus hash,
//! the schema version and the checkout, and reused by later runs
//! (`common::cached_index`).

mod common;

use std::time::{Duration, Instant};

use bulletin::search::{Engine, SearchResponse};
use common::{
    QUERIES, THREE_FACETS, Variant, cached_corpus, cached_index, env_usize, is_benchmarking,
    quantile, request,
};
use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

const DEFAULT_ENTRIES: usize = 200_000;
const TEST_MODE_ENTRIES: usize = 2_000;
const DEFAULT_PASSES: usize = 50;

/// Checks an answer against the total first seen for the same request.
fn check(response: &SearchResponse, expected_total: usize, variant: Variant) {
    assert_eq!(response.total, expected_total, "{:?}", response.query);
    assert_eq!(response.hits.len(), expected_total.min(10));
    match (&response.facets, variant) {
        (None, Variant::Plain) => {}
        (Some(facets), Variant::Facets | Variant::FilteredFacets) => {
            for field in THREE_FACETS {
                assert!(
                    facets.contains_key(field.name()),
                    "no {} facet",
                    field.name()
                );
            }
        }
        (facets, _) => panic!("{variant:?} answered facets {facets:?}"),
    }
}

fn search(c: &mut Criterion) {
    let benchmarking = is_benchmarking();
    let entries = if benchmarking {
        env_usize("BULLETIN_BENCH_SEARCH_ENTRIES", DEFAULT_ENTRIES)
    } else {
        TEST_MODE_ENTRIES
    };
    let passes = if benchmarking {
        env_usize("BULLETIN_BENCH_SEARCH_PASSES", DEFAULT_PASSES)
    } else {
        1
    };
    let corpus = cached_corpus(entries);
    let index_dir = cached_index(&corpus, "search");
    let engine = Engine::open(&index_dir).expect("opening the bench index");

    // Warm-up pass: fills the page cache and the engine's per-commit caches,
    // and records each request's total for the checks.
    let requests: Vec<Vec<_>> = Variant::ALL
        .iter()
        .map(|&variant| (0..QUERIES.len()).map(|q| request(q, variant)).collect())
        .collect();
    let totals: Vec<Vec<usize>> = requests
        .iter()
        .map(|requests| {
            requests
                .iter()
                .map(|request| engine.search(request).expect("searching").total)
                .collect()
        })
        .collect();

    let mut millis = vec![vec![Vec::with_capacity(passes); QUERIES.len()]; Variant::ALL.len()];
    let load_before = common::load_average();
    for _ in 0..passes {
        for query in 0..QUERIES.len() {
            for (v, &variant) in Variant::ALL.iter().enumerate() {
                let started = Instant::now();
                let response = engine.search(&requests[v][query]).expect("searching");
                let elapsed = started.elapsed();
                check(&response, totals[v][query], variant);
                millis[v][query].push(elapsed.as_secs_f64() * 1e3);
            }
        }
    }
    print_latency_table(entries, passes, &totals, &mut millis, &load_before);

    // A query set takes about half a second at 200k entries: flat sampling
    // of ten samples keeps each variant near criterion's target of 5 s.
    let mut group = c.benchmark_group(format!("search_{entries}"));
    group
        .throughput(Throughput::Elements(QUERIES.len() as u64))
        .sampling_mode(SamplingMode::Flat)
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    for (v, &variant) in Variant::ALL.iter().enumerate() {
        group.bench_function(BenchmarkId::new(variant.id(), "20_queries"), |b| {
            b.iter(|| {
                for (request, &total) in requests[v].iter().zip(&totals[v]) {
                    check(&engine.search(request).expect("searching"), total, variant);
                }
            });
        });
    }
    group.finish();
}

/// Prints per-query medians and totals, then p50/p99/max over every timing.
fn print_latency_table(
    entries: usize,
    passes: usize,
    totals: &[Vec<usize>],
    millis: &mut [Vec<Vec<f64>>],
    load_before: &str,
) {
    for per_query in millis.iter_mut().flatten() {
        per_query.sort_by(f64::total_cmp);
    }
    println!(
        "\nsearch latency, {entries}-entry index, {} queries x {passes} passes per variant \
         (ms; load average {load_before} before, {} after)\n",
        QUERIES.len(),
        common::load_average()
    );
    let mut header = format!("{:<30}", "query");
    for variant in Variant::ALL {
        header.push_str(&format!(" | {:>20}", variant.name()));
    }
    println!("{header}");
    println!("{}", "-".repeat(header.len()));
    for (query, text) in QUERIES.iter().enumerate() {
        let mut row = format!("{text:<30}");
        for v in 0..Variant::ALL.len() {
            let cell = format!(
                "{:>7} hits {:>6.2}",
                totals[v][query],
                quantile(&millis[v][query], 0.5)
            );
            row.push_str(&format!(" | {cell:>20}"));
        }
        println!("{row}");
    }
    println!("{}", "-".repeat(header.len()));
    for (label, q) in [("p50", 0.5), ("p99", 0.99), ("max", 1.0)] {
        let mut row = format!("{:<30}", format!("{label} over all timings"));
        for per_variant in millis.iter() {
            let mut all: Vec<f64> = per_variant.iter().flatten().copied().collect();
            all.sort_by(f64::total_cmp);
            row.push_str(&format!(" | {:>17.2} ms", quantile(&all, q)));
        }
        println!("{row}");
    }
    println!();
}

criterion_group!(benches, search);
criterion_main!(benches);
