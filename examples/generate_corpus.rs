//! Writes a synthetic bulletin corpus for benches and scale tests.
//!
//! ```sh
//! cargo run --release --example generate_corpus -- --entries 200000 --seed 7 --out /tmp/corpus200k
//! ```

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use bulletin::generate::generate_corpus;
use clap::Parser;

/// Writes `--entries` generated entries under `--out`, one bulletin file per month of 2010–2026.
#[derive(Debug, Parser)]
struct Args {
    /// How many entries to write.
    #[arg(long, default_value_t = 10_000)]
    entries: usize,
    /// The seed: the same seed writes the same bytes.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// The folder to write into (created if missing).
    #[arg(long)]
    out: PathBuf,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let started = Instant::now();
    let written = generate_corpus(&args.out, args.entries, args.seed)
        .with_context(|| format!("generating a corpus in {}", args.out.display()))?;
    let seconds = started.elapsed().as_secs_f64();
    let megabytes = written.bytes as f64 / 1e6;
    println!(
        "{} files, {} entries, {megabytes:.1} MB ({:.0} bytes/entry) in {seconds:.2} s ({:.0} MB/s) -> {}",
        written.files,
        written.entries,
        written.bytes as f64 / written.entries.max(1) as f64,
        megabytes / seconds,
        args.out.display()
    );
    Ok(())
}
