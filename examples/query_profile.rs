//! Runs the search bench's twenty queries (and `similar` on their top hits)
//! on a generated corpus, and prints a digest of every answer, so that two
//! builds can be shown to answer alike and profiled on the same work.
//!
//! ```sh
//! cargo build --profile bench --example query_profile
//! # (the bench profile builds into target/release)
//! # once: generate 10,000 entries and index them
//! target/release/examples/query_profile --dir /tmp/profile10k prepare
//! # the answers' digest (and, with --out, every answer as JSON lines;
//! # the options go before the mode)
//! target/release/examples/query_profile --dir /tmp/profile10k --out answers.jsonl queries
//! # instructions spent answering, per function, on one core: a search
//! # hands work to a helper thread, whose instructions the toggle misses
//! taskset -c 0 valgrind --tool=callgrind --toggle-collect='*query_profile::run_queries*' \
//!     target/release/examples/query_profile --dir /tmp/profile10k queries
//! ```
//!
//! `similar` runs the same way (`similar`, toggle `*run_similar*`),
//! `read N` reads a generated bulletin of `N` entries repeated without a
//! year, each with a warning of the reader's, (toggle `*run_read*`), and
//! `extract` reads and extracts `--entries` generated entries held in memory
//! (seed 7, as the extract bench; toggle `*run_extract*`). Neither of the
//! last two reads or writes `--dir`.

#[path = "../benches/common/mod.rs"]
mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use bulletin::corpus::Warning;
use bulletin::extract::{Record, parse_bulletin_bytes};
use bulletin::generate::{generate_corpus, generate_corpus_in_memory};
use bulletin::index::{IndexOptions, build};
use bulletin::search::{Engine, SearchResponse};
use clap::{Parser, Subcommand};
use common::{QUERIES, Variant, request};

#[derive(Debug, Parser)]
struct Args {
    /// The folder holding `corpus/` and `index/`.
    #[arg(long)]
    dir: PathBuf,
    /// Entries to generate (`prepare`, `extract`).
    #[arg(long, default_value_t = 10_000)]
    entries: usize,
    /// Also write every answer, one JSON line each, to this file.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Copies of each generated file (`prepare`): entries reprinted,
    /// which `similar` lists once.
    #[arg(long, default_value_t = 1)]
    copies: usize,
    /// Times the query set is run (the digest is of the first run).
    #[arg(long, default_value_t = 1)]
    passes: usize,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generates the corpus and builds its index.
    Prepare,
    /// Runs the query set in its three variants.
    Queries,
    /// Runs `similar` (limits 10 and 50) on each query's top hits.
    Similar,
    /// Reads a bulletin of this many entries repeated without a year.
    Read { entries: usize },
    /// Reads and extracts `--entries` generated entries held in memory.
    Extract,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let corpus = args.dir.join("corpus");
    let index = args.dir.join("index");
    let mut answers = Vec::new();
    let started = Instant::now();
    match args.command {
        Command::Prepare => {
            generate_corpus(&corpus, args.entries, common::SEED).context("generating")?;
            write_copies(&corpus, args.copies)?;
            build(&IndexOptions::new(&index, vec![corpus])).context("indexing")?;
        }
        Command::Queries => {
            let engine = Engine::open(&index).context("opening the index")?;
            for pass in 0..args.passes {
                let lines = run_queries(&engine)?;
                if pass == 0 {
                    answers = lines;
                }
            }
        }
        Command::Similar => {
            let engine = Engine::open(&index).context("opening the index")?;
            let ids = top_ids(&engine)?;
            for pass in 0..args.passes {
                let lines = run_similar(&engine, &ids)?;
                if pass == 0 {
                    answers = lines;
                }
            }
        }
        Command::Read { entries } => {
            let bytes = repeated_bulletin(entries);
            answers = run_read(&bytes);
        }
        Command::Extract => {
            let files = generate_corpus_in_memory(args.entries, common::SEED);
            // The generation is not the work measured.
            let extracting = Instant::now();
            let read = run_extract(&files);
            eprintln!(
                "read and extracted {} files in {:.3} s",
                files.len(),
                extracting.elapsed().as_secs_f64()
            );
            answers = read
                .iter()
                .flat_map(|(records, warnings)| answer_lines(records, warnings))
                .collect();
        }
    }
    let seconds = started.elapsed().as_secs_f64();
    if let Some(out) = &args.out {
        write_lines(out, &answers)?;
    }
    let mut digest = 0u64;
    for line in &answers {
        digest = xxhash_rust::xxh3::xxh3_64_with_seed(line.as_bytes(), digest);
    }
    println!(
        "{} answers, digest {digest:016x}, {seconds:.3} s",
        answers.len()
    );
    Ok(())
}

/// Every request of the query set, each answer as a JSON line without its time.
#[inline(never)]
fn run_queries(engine: &Engine) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for variant in Variant::ALL {
        for query in 0..QUERIES.len() {
            let response = engine.search(&request(query, variant))?;
            lines.push(answer_line(response)?);
        }
    }
    Ok(lines)
}

fn answer_line(mut response: SearchResponse) -> anyhow::Result<String> {
    response.took_ms = 0.0;
    Ok(serde_json::to_string(&response)?)
}

/// The ids of the top three hits of each query.
fn top_ids(engine: &Engine) -> anyhow::Result<Vec<String>> {
    let mut ids = Vec::new();
    for query in 0..QUERIES.len() {
        let response = engine.search(&request(query, Variant::Plain))?;
        ids.extend(response.hits.into_iter().take(3).map(|hit| hit.id));
    }
    Ok(ids)
}

/// `similar` on each id, at limits 10 and 50.
#[inline(never)]
fn run_similar(engine: &Engine, ids: &[String]) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for id in ids {
        for limit in [10, 50] {
            let hits = engine.similar(id, limit)?;
            lines.push(serde_json::to_string(&hits)?);
        }
    }
    Ok(lines)
}

/// A bulletin of `entries` short entries, each the same, without a year
/// and with a control character in its title (a warning each).
fn repeated_bulletin(entries: usize) -> Vec<u8> {
    "Training of border \u{7} police\n15-17 March, Ohrid, North Macedonia: Officers met.\n"
        .repeat(entries)
        .into_bytes()
}

/// The records and warnings read from `bytes`, one JSON line each.
#[inline(never)]
fn run_read(bytes: &[u8]) -> Vec<String> {
    let (records, warnings) = parse_bulletin_bytes("repeated.txt", bytes);
    answer_lines(&records, &warnings)
}

/// Each record's JSON, then each warning's text, one line each.
fn answer_lines(records: &[Record], warnings: &[Warning]) -> Vec<String> {
    let mut lines: Vec<String> = records
        .iter()
        .map(|record| serde_json::to_string(record).expect("a record is JSON"))
        .collect();
    lines.extend(warnings.iter().map(ToString::to_string));
    lines
}

/// The records and warnings read from each generated file (their JSON is
/// written outside, so that only reading and extracting is profiled).
#[inline(never)]
fn run_extract(files: &[(String, String)]) -> Vec<(Vec<Record>, Vec<Warning>)> {
    files
        .iter()
        .map(|(name, text)| parse_bulletin_bytes(name, text.as_bytes()))
        .collect()
}

/// Writes `copies - 1` more copies of each file of `corpus`, as `copy-N-NAME`.
fn write_copies(corpus: &Path, copies: usize) -> anyhow::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(corpus)?
        .map(|item| item.map(|item| item.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    for file in files {
        let name = file.file_name().context("a file name")?.to_string_lossy();
        for copy in 2..=copies {
            std::fs::copy(&file, corpus.join(format!("copy-{copy}-{name}")))?;
        }
    }
    Ok(())
}

fn write_lines(path: &Path, lines: &[String]) -> anyhow::Result<()> {
    let mut file = std::io::BufWriter::new(std::fs::File::create(path)?);
    for line in lines {
        writeln!(file, "{line}")?;
    }
    file.flush()?;
    Ok(())
}
