//! The command line: argument structs (clap derive) and dispatch to the library.

use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, Parser, Subcommand};

use crate::extract::{Event, Record, parse_bulletin_file};
use crate::output::Style;

/// Full-text search for programme news bulletins.
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub paths: Paths,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the index and the corpus live; every command takes them.
#[derive(Debug, Clone, Args)]
pub struct Paths {
    /// Index folder
    #[arg(long, global = true, env = "BULLETIN_INDEX", default_value = "index")]
    pub index: PathBuf,
    /// Bulletin files or folders of `*.txt` files (repeatable)
    #[arg(
        long,
        global = true,
        env = "BULLETIN_CORPUS",
        default_value = "corpus",
        value_delimiter = ':'
    )]
    pub corpus: Vec<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the activity records of bulletin files
    Parse(ParseArgs),
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Bulletin files to read
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// One JSON record per line
    #[arg(long)]
    pub json: bool,
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Parse(args) => parse(&args),
    }
}

fn parse(args: &ParseArgs) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let style = Style::for_stdout();
    let mut produced = 0;
    for file in &args.files {
        let (records, warnings) = parse_bulletin_file(file)?;
        for warning in &warnings {
            eprintln!("{warning}");
        }
        for record in &records {
            if args.json {
                serde_json::to_writer(&mut out, record)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", record_summary(record, &style))?;
            }
        }
        produced += records.len();
    }
    out.flush()?;
    if produced == 0 {
        bail!("no entries found in {} file(s)", args.files.len());
    }
    Ok(())
}

/// Formats an event's dates as `2022-03-22 – 2022-03-24` (one date when start = end).
pub fn event_dates(event: &Event) -> String {
    match (event.start, event.end) {
        (Some(start), Some(end)) if start == end => start.to_string(),
        (Some(start), Some(end)) => format!("{start} – {end}"),
        _ => "date unknown".to_string(),
    }
}

/// Formats an event's place: `Podgorica, Montenegro`, `online`, `Turkey / online`.
pub fn event_place(event: &Event) -> String {
    let mut place: Vec<String> = Vec::new();
    if let Some(city) = &event.city {
        place.push(city.clone());
    }
    if let Some(country) = event.country.as_ref().or(event.country_implied.as_ref()) {
        place.push(country.clone());
    }
    if let Some(region) = &event.region {
        place.push(region.clone());
    }
    let mut text = place.join(", ");
    if event.online {
        text = if text.is_empty() {
            "online".to_string()
        } else {
            format!("{text} / online")
        };
    }
    text
}

fn record_summary(record: &Record, style: &Style) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", style.bold(&record.title)));
    out.push_str(&format!("  {:<11}{}\n", "id", style.dim(&record.id)));
    out.push_str(&format!(
        "  {:<11}{}:{}\n",
        "source", record.source, record.line
    ));
    for event in &record.events {
        let inferred = if event.year_inferred {
            " (year inferred)"
        } else {
            ""
        };
        out.push_str(&format!(
            "  {:<11}{}  {}{}\n",
            "when/where",
            event_dates(event),
            event_place(event),
            inferred
        ));
    }
    let lists = [
        ("programmes", &record.programmes),
        ("donors", &record.donors),
        ("sdg", &record.sdg_targets),
        ("countries", &record.countries_mentioned),
    ];
    for (label, values) in lists {
        if !values.is_empty() {
            out.push_str(&format!("  {:<11}{}\n", label, values.join("; ")));
        }
    }
    if !record.acronyms.0.is_empty() {
        let acronyms: Vec<String> = record
            .acronyms
            .0
            .iter()
            .map(|(k, v)| format!("{k} = {v}"))
            .collect();
        out.push_str(&format!("  {:<11}{}\n", "acronyms", acronyms.join("; ")));
    }
    for warning in &record.warnings {
        out.push_str(&format!("  {:<11}{}\n", "warning", style.yellow(warning)));
    }
    out.push('\n');
    out
}
