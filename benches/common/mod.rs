//! What the index, search, reindex and peers benches share: the generated
//! corpora and built indexes they cache on disk, the fixed query set, and
//! reading sizes from the environment.
//!
//! Each bench includes this file with `mod common;` and uses part of it, so
//! unused items are allowed here rather than in every bench.
#![allow(dead_code)]

// The allocator `bulletin` ships with (src/main.rs), so a bench measures what
// the binary does. In the peers bench every engine's child is this binary, so
// raw tantivy runs with it too (SQLite's C code keeps the C allocator).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::time::Instant;

use bulletin::generate::generate_corpus_in_memory;
use bulletin::index::manifest::{READER_FINGERPRINT, content_hash};
use bulletin::index::schema::SCHEMA_VERSION;
use bulletin::index::{IndexOptions, build};
use bulletin::search::query::FacetField;
use bulletin::search::{Filters, SearchRequest};
use chrono::NaiveDate;

/// The seed of every bench corpus (the extract bench's too).
pub const SEED: u64 = 7;

/// Twenty queries made of words and phrases of the shipped bulletin
/// (`corpus/2022-03-south-eastern-europe.txt`), so each matches generated
/// entries. Plain words only: every engine reads them as "all of these words".
pub const QUERIES: [&str; 20] = [
    "firearms training",
    "border control",
    "asset recovery",
    "corruption",
    "money laundering",
    "container control programme",
    "Skopje",
    "trafficking in persons",
    "electronic evidence",
    "organized crime",
    "financial investigations",
    "prosecutors",
    "prevention",
    "Podgorica",
    "strategic trade",
    "risk indicators",
    "cybercrime",
    "law enforcement",
    "terrorist financing",
    "illicit financial flows",
];

const FILTER_COUNTRIES: [&str; 5] = [
    "North Macedonia",
    "Serbia",
    "Montenegro",
    "Albania",
    "Bosnia and Herzegovina",
];
const FILTER_PROGRAMMES: [&str; 3] = [
    "Regional Programme for South Eastern Europe",
    "Container Control Programme",
    "Global Firearms Programme",
];

/// The three facet fields the latency goal counts (issue 6).
pub const THREE_FACETS: [FacetField; 3] =
    [FacetField::Country, FacetField::Programme, FacetField::Year];

/// How a bulletin request of the query set is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    /// Top 10 with snippets and the exact total; no facet counts.
    Plain,
    /// Plain plus three facet counts (country, programme, year).
    Facets,
    /// Facets plus a country, a programme and a from/to filter.
    FilteredFacets,
}

impl Variant {
    pub const ALL: [Variant; 3] = [Variant::Plain, Variant::Facets, Variant::FilteredFacets];

    pub fn name(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Facets => "3 facets",
            Variant::FilteredFacets => "filters + 3 facets",
        }
    }

    pub fn id(self) -> &'static str {
        match self {
            Variant::Plain => "plain",
            Variant::Facets => "facets3",
            Variant::FilteredFacets => "filtered_facets3",
        }
    }
}

/// The bulletin request for query `index` of [`QUERIES`] in a variant: first
/// page of 10, relevance order. Filtered requests take one country, one
/// programme and the years 2014–2022, each query a different combination.
pub fn request(index: usize, variant: Variant) -> SearchRequest {
    let mut request = SearchRequest::new(QUERIES[index]);
    request.facets = variant != Variant::Plain;
    request.facet_fields = Some(THREE_FACETS.to_vec());
    if variant == Variant::FilteredFacets {
        request.filters = Filters {
            country: vec![FILTER_COUNTRIES[index % FILTER_COUNTRIES.len()].to_string()],
            programme: vec![FILTER_PROGRAMMES[index % FILTER_PROGRAMMES.len()].to_string()],
            from: NaiveDate::from_ymd_opt(2014, 1, 1),
            to: NaiveDate::from_ymd_opt(2022, 12, 31),
            ..Filters::default()
        };
    }
    request
}

/// Whether criterion runs for real (`cargo bench`), not once as a smoke test
/// (`cargo test --all-targets` runs bench targets without `--bench`).
pub fn is_benchmarking() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// A `usize` from the environment, or `default`.
pub fn env_usize(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(value) => value
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={value:?} is not a number")),
        Err(_) => default,
    }
}

/// A comma-separated list of sizes from the environment, or `default`.
pub fn env_sizes(name: &str, default: &[usize]) -> Vec<usize> {
    match std::env::var(name) {
        Ok(value) => value
            .split(',')
            .map(|size| {
                size.trim()
                    .replace('_', "")
                    .parse()
                    .unwrap_or_else(|_| panic!("{name}={value:?}: {size:?} is not a number"))
            })
            .collect(),
        Err(_) => default.to_vec(),
    }
}

/// Where benches keep generated corpora and indexes between runs:
/// `$BULLETIN_BENCH_DIR`, else `bulletin-bench` in the temporary folder.
pub fn bench_dir() -> PathBuf {
    std::env::var_os("BULLETIN_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("bulletin-bench"))
}

/// A generated corpus written to disk.
#[derive(Debug, Clone)]
pub struct CachedCorpus {
    pub dir: PathBuf,
    pub entries: usize,
    pub files: usize,
    pub bytes: u64,
    /// Hash of every file name and text, in file order.
    pub hash: String,
}

/// Generates `entries` entries (seed [`SEED`]) and writes them to
/// `bench_dir()/corpus-ENTRIES-HASH`, unless a previous run wrote the same
/// bytes there. The corpus is generated in memory each time (seconds) so the
/// hash always names what the generator makes today.
pub fn cached_corpus(entries: usize) -> CachedCorpus {
    let started = Instant::now();
    let files = generate_corpus_in_memory(entries, SEED);
    let mut hashes = String::new();
    for (name, text) in &files {
        hashes.push_str(name);
        hashes.push_str(&content_hash(text.as_bytes()));
    }
    let corpus = CachedCorpus {
        dir: PathBuf::new(),
        entries,
        files: files.len(),
        bytes: files.iter().map(|(_, text)| text.len() as u64).sum(),
        hash: content_hash(hashes.as_bytes()),
    };
    let dir = bench_dir().join(format!("corpus-{entries}-{}", corpus.hash));
    let done = marker(&dir);
    if !done.exists() {
        let partial = dir.with_extension("partial");
        remove_dir_if_present(&partial);
        std::fs::create_dir_all(&partial).expect("creating the bench corpus folder");
        for (name, text) in &files {
            std::fs::write(partial.join(name), text).expect("writing a bench corpus file");
        }
        remove_dir_if_present(&dir);
        std::fs::rename(&partial, &dir).expect("moving the bench corpus in place");
        std::fs::write(&done, "").expect("marking the bench corpus complete");
    }
    eprintln!(
        "corpus: {} entries in {} files, {:.1} MB, {} ({:.1} s to generate and check)",
        entries,
        corpus.files,
        corpus.bytes as f64 / 1e6,
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    CachedCorpus { dir, ..corpus }
}

/// What names an index built from `corpus` by this checkout's code: entry
/// count, corpus hash, schema version (which the project bumps when what the
/// index holds changes), the reader fingerprint (the reading and extracting
/// code and data: `bulletin index` reads every file again on either rule, so
/// an index the extractor of another build made is not reused) and a hash
/// of the checkout's path, so that two worktrees sharing the temporary folder
/// never reuse each other's index.
pub fn index_key(corpus: &CachedCorpus) -> String {
    let checkout = content_hash(env!("CARGO_MANIFEST_DIR").as_bytes());
    let reader = content_hash(READER_FINGERPRINT.as_bytes());
    format!(
        "{}-{}-v{SCHEMA_VERSION}-r{}-{}",
        corpus.entries,
        corpus.hash,
        &reader[..8],
        &checkout[..8]
    )
}

/// Builds bulletin's index of `corpus` into `bench_dir()/index-LABEL-KEY`
/// (see [`index_key`]) unless a previous run finished one there, and returns
/// the folder. An index-changing edit that does not bump the schema version
/// needs `BULLETIN_BENCH_REBUILD=1`, which forces a rebuild.
pub fn cached_index(corpus: &CachedCorpus, label: &str) -> PathBuf {
    let dir = bench_dir().join(format!("index-{label}-{}", index_key(corpus)));
    let done = marker(&dir);
    if done.exists() && std::env::var_os("BULLETIN_BENCH_REBUILD").is_none() {
        eprintln!("index: reusing {}", dir.display());
        return dir;
    }
    remove_dir_if_present(&dir);
    let _ = std::fs::remove_file(&done);
    let started = Instant::now();
    let summary = build(&IndexOptions::new(&dir, vec![corpus.dir.clone()])).expect("indexing");
    assert_eq!(summary.entries_total, corpus.entries);
    std::fs::write(&done, "").expect("marking the bench index complete");
    eprintln!(
        "index: built {} in {:.1} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );
    dir
}

/// The file beside a cached folder that says it is complete.
pub fn marker(dir: &Path) -> PathBuf {
    let mut name = dir.file_name().expect("a named folder").to_os_string();
    name.push(".complete");
    dir.with_file_name(name)
}

pub fn remove_dir_if_present(dir: &Path) {
    match std::fs::remove_dir_all(dir) {
        Ok(()) => {}
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
        Err(err) => panic!("removing {}: {err}", dir.display()),
    }
}

/// Bytes of every file under `dir`.
pub fn dir_bytes(dir: &Path) -> u64 {
    let Ok(items) = std::fs::read_dir(dir) else {
        return 0;
    };
    items
        .flatten()
        .map(|item| match item.metadata() {
            Ok(meta) if meta.is_dir() => dir_bytes(&item.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}

/// The `q`-quantile (0..=1) of `sorted` by the nearest-rank rule.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    assert!(!sorted.is_empty(), "no samples");
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// The median of `values` (the mean of the two middle ones for an even count).
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let middle = sorted.len() / 2;
    if sorted.len() % 2 == 1 {
        sorted[middle]
    } else {
        (sorted[middle - 1] + sorted[middle]) / 2.0
    }
}

/// The machine's load averages, to print beside results measured on a shared machine.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|text| {
            text.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .unwrap_or_else(|_| "unknown".to_string())
}
