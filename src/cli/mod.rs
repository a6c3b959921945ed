//! The command line: argument structs (clap derive) and dispatch to the library.

use std::ffi::OsString;
use std::io::Write;
use std::path::PathBuf;

use anyhow::bail;
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};

use crate::error::Error;
use crate::extract::{Event, Record, UniqueIds, parse_bulletin_file};
use crate::index::{IndexOptions, build, index_exists};
use crate::output::{Style, aligned_table, for_people, terminal_safe};
use crate::search::query::FacetField;
use crate::search::{Engine, Filters, SearchRequest, Sort, parse_filter_from, parse_filter_to};

pub mod render;

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
    /// Index folder (else $BULLETIN_INDEX)
    #[arg(long, global = true, default_value = "index")]
    pub index: PathBuf,
    /// A bulletin file or a folder of `*.txt` files (repeatable; else $BULLETIN_CORPUS, paths joined by `:`)
    #[arg(long, global = true, default_value = "corpus")]
    pub corpus: Vec<PathBuf>,
}

impl Paths {
    /// Takes `BULLETIN_INDEX` and `BULLETIN_CORPUS` (a list joined by `:`,
    /// as `PATH` is) for what the command line left to its default; a
    /// variable set but empty counts as unset. A `--corpus` path is taken
    /// whole, `:` and all (`report:2022.txt`).
    fn fill_from_environment(&mut self, matches: &clap::ArgMatches) {
        let defaulted =
            |id: &str| matches.value_source(id) == Some(clap::parser::ValueSource::DefaultValue);
        let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if defaulted("index")
            && let Some(index) = set("BULLETIN_INDEX")
        {
            self.index = PathBuf::from(index);
        }
        if defaulted("corpus")
            && let Some(corpus) = set("BULLETIN_CORPUS")
        {
            self.corpus = std::env::split_paths(&corpus)
                .filter(|p| !p.as_os_str().is_empty())
                .collect();
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build or update the index from the corpus
    Index(IndexArgs),
    /// Search the index
    Search(SearchArgs),
    /// Count the values of one facet field
    Facets(FacetsArgs),
    /// Show one activity
    Show(ShowArgs),
    /// List activities like one activity
    Similar(SimilarArgs),
    /// Print the activity records of bulletin files
    Parse(ParseArgs),
    /// List the acronyms searches expand: those the corpus defines and the well-known ones
    Glossary(FormatArgs),
    /// Index statistics
    Stats(FormatArgs),
    /// Write the index's records for Quickwit, OpenSearch or Typesense (and send them)
    Export(crate::export::ExportArgs),
    /// Serve the search page and JSON API on a local address
    Serve(crate::web::ServeArgs),
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Start from scratch instead of updating what changed
    #[arg(long)]
    pub rebuild: bool,
}

/// Output formats of `search`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// Output formats of the commands that list counts or hits (`facets`,
/// `similar`, `glossary`, `stats`): CSV is for hits pages only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// Output formats of `show`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RecordFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct FormatArgs {
    /// Output format: table or json
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Answer from the index as it is, without bringing it up to date with the corpus
    #[arg(long)]
    pub no_update: bool,
}

/// The filters every search-like command takes.
#[derive(Debug, Clone, Default, Args)]
pub struct FilterArgs {
    /// Country where the activity took place (repeatable: any of them)
    #[arg(long)]
    pub country: Vec<String>,
    /// City where the activity took place (repeatable)
    #[arg(long)]
    pub city: Vec<String>,
    /// Programme named (repeatable); an acronym such as CCP works too
    #[arg(long, alias = "program")]
    pub programme: Vec<String>,
    /// Donor funding the activity (repeatable)
    #[arg(long)]
    pub donor: Vec<String>,
    /// SDG target such as 16.4, or a goal such as 16 (repeatable)
    #[arg(long)]
    pub sdg: Vec<String>,
    /// Country mentioned anywhere in the entry (repeatable)
    #[arg(long)]
    pub mentioned: Vec<String>,
    /// Only activities held online
    #[arg(long)]
    pub online: bool,
    /// Activities still running on or after this date (YYYY-MM-DD; a month, YYYY-MM, or a year, YYYY: from its first day)
    #[arg(long, value_parser = parse_filter_from)]
    pub from: Option<chrono::NaiveDate>,
    /// Activities starting on or before this date (YYYY-MM-DD; a month, YYYY-MM, or a year, YYYY: to its last day)
    #[arg(long, value_parser = parse_filter_to)]
    pub to: Option<chrono::NaiveDate>,
}

impl FilterArgs {
    /// Refuses a `--to` before `--from` as a command line that cannot run,
    /// in clap's words for a bad value, before the index is read.
    fn check(&self) -> Result<(), UsageError> {
        match (
            self.to,
            crate::search::date_range_problem(self.from, self.to),
        ) {
            (Some(to), Some(problem)) => Err(UsageError(format!(
                "invalid value '{to}' for '--to <TO>': {problem}"
            ))),
            _ => Ok(()),
        }
    }

    /// The library's filters.
    pub fn to_filters(&self) -> Filters {
        Filters {
            country: self.country.clone(),
            city: self.city.clone(),
            programme: self.programme.clone(),
            donor: self.donor.clone(),
            sdg: self.sdg.clone(),
            mentioned: self.mentioned.clone(),
            online: self.online,
            from: self.from,
            to: self.to,
            ..Filters::default()
        }
    }
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "quoted phrases" ("…"~2: words may move two places), -excluded words,
    /// a OR b, (grouped words), word^2 (weighs twice), prefix*, field:value (title: body:
    /// country: city: programme: donor: sdg: mentioned: year: month:), date:2022-03 (also
    /// from: to:, ranges 2022-03-01..2022-03-31 and >=2022-03-14); the README's "query
    /// language" has them all
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Order of the hits
    #[arg(long, value_enum, default_value = "relevance")]
    pub sort: Sort,
    /// Hits per page, at most 1000 (0: only the total and the facet counts)
    #[arg(long, default_value_t = 10, value_parser = whole_number_up_to::<{ crate::search::MAX_LIMIT }>)]
    pub limit: usize,
    /// Hits to skip, at most 10000
    #[arg(long, default_value_t = 0, value_parser = whole_number_up_to::<{ crate::search::MAX_OFFSET }>)]
    pub offset: usize,
    /// Add facet counts
    #[arg(long)]
    pub facets: bool,
    /// Output format: table, json or csv
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
    /// Print the score breakdown of each hit
    #[arg(long)]
    pub explain: bool,
    /// Answer from the index as it is, without bringing it up to date with the corpus
    #[arg(long)]
    pub no_update: bool,
}

/// Reads a whole number from 0 to `MAX`, so that a value past what the
/// command can answer is a usage error before any work is done.
fn whole_number_up_to<const MAX: usize>(text: &str) -> Result<usize, String> {
    crate::search::whole_number_within(text, 0, MAX)
}

#[derive(Debug, Args)]
pub struct FacetsArgs {
    /// country, city, programme, donor, sdg, mentioned, year or month
    pub field: String,
    /// Restrict the counts to the hits of this query
    pub query: Vec<String>,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Output format: table or json
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Answer from the index as it is, without bringing it up to date with the corpus
    #[arg(long)]
    pub no_update: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The activity's id (as search prints it), in any case, or a start of it of eight characters or more that no other id shares
    pub id: String,
    /// Output format: text or json
    #[arg(long, value_enum, default_value = "text")]
    pub format: RecordFormat,
    /// Answer from the index as it is, without bringing it up to date with the corpus
    #[arg(long)]
    pub no_update: bool,
}

#[derive(Debug, Args)]
pub struct SimilarArgs {
    /// The activity's id (as search prints it), in any case, or a start of it of eight characters or more that no other id shares
    pub id: String,
    /// How many similar activities, at most 1000 (0 lists none)
    #[arg(long, default_value_t = 5, value_parser = whole_number_up_to::<{ crate::search::MAX_LIMIT }>)]
    pub limit: usize,
    /// Output format: table or json
    #[arg(long, value_enum, default_value = "table")]
    pub format: ListFormat,
    /// Answer from the index as it is, without bringing it up to date with the corpus
    #[arg(long)]
    pub no_update: bool,
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

/// A command line the command cannot run, found after clap read it (an
/// export's index name or `--push` URL): the command exits with 2, as for
/// clap's own usage errors, before it touches the index.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// The exit code of a usage error, clap's and [`UsageError`].
pub const USAGE_EXIT_CODE: u8 = 2;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let paths = &cli.paths;
    match cli.command {
        Command::Index(args) => index(paths, &args),
        Command::Search(args) => search(paths, &args),
        Command::Facets(args) => facets(paths, &args),
        Command::Show(args) => show(paths, &args),
        Command::Similar(args) => similar(paths, &args),
        Command::Parse(args) => parse(&args),
        Command::Glossary(args) => glossary(paths, &args),
        Command::Stats(args) => stats(paths, &args),
        Command::Export(args) => export(paths, &args),
        Command::Serve(args) => crate::web::serve(paths, &args),
    }
}

fn index(paths: &Paths, args: &IndexArgs) -> anyhow::Result<()> {
    let mut options = IndexOptions::new(&paths.index, paths.corpus.clone());
    options.rebuild = args.rebuild;
    options.progress = true;
    // Tuning knob for very large first builds (and for the crash tests).
    if let Some(every) = crate::index::whole_number_setting("BULLETIN_COMMIT_EVERY") {
        options.commit_every = every;
    }
    let summary = build(&options)?;
    print_warnings(&summary);
    let rows = index_summary_rows(&summary);
    emit(&aligned_table(
        &["index", &terminal_safe(&paths.index.display().to_string())],
        &rows,
    ))?;
    Ok(())
}

/// The rows of `bulletin index`'s summary table: what the run did, its
/// counts and rate grouped for people (`entries/s  6,520`), as the other
/// counts of the table are.
fn index_summary_rows(summary: &crate::index::IndexSummary) -> Vec<Vec<String>> {
    let rate = if summary.seconds > 0.0 {
        summary.entries_added as f64 / summary.seconds
    } else {
        0.0
    };
    vec![
        vec![
            "files read and indexed".to_string(),
            crate::output::count_for_people(summary.files_indexed),
        ],
        vec![
            "files unchanged (read, same content)".to_string(),
            crate::output::count_for_people(summary.files_unchanged_content),
        ],
        vec![
            "files skipped (not read)".to_string(),
            crate::output::count_for_people(summary.files_skipped),
        ],
        vec![
            "files removed".to_string(),
            crate::output::count_for_people(summary.files_removed),
        ],
        vec![
            "files moved (same content)".to_string(),
            crate::output::count_for_people(summary.files_moved),
        ],
        vec![
            "files unreadable".to_string(),
            crate::output::count_for_people(summary.files_unreadable),
        ],
        vec![
            "entries added".to_string(),
            crate::output::count_for_people(summary.entries_added),
        ],
        vec![
            "entries in index".to_string(),
            crate::output::count_for_people(summary.entries_total),
        ],
        vec![
            "warnings".to_string(),
            crate::output::count_for_people(summary.warnings.len()),
        ],
        vec!["time".to_string(), format!("{:.2} s", summary.seconds)],
        vec![
            "entries/s".to_string(),
            crate::output::count_for_people(rate.round() as u64),
        ],
    ]
}

/// Writes `text`, output for people, to standard output, with the
/// bulletins' bidirectional controls shown as U+FFFD ([`for_people`]).
/// When the reader has gone (`bulletin stats | head -3`), the error ends
/// the command quietly (see `main`), where `print!` would panic.
fn emit(text: &str) -> std::io::Result<()> {
    write_stdout(&for_people(text))
}

/// Writes `text` to standard output as it is.
fn write_stdout(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// Writes a value as pretty JSON and a line end, its text as it is.
fn emit_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    write_stdout(&(serde_json::to_string_pretty(value)? + "\n"))?;
    Ok(())
}

/// Prints indexing warnings to standard error, at most 50 of them, then
/// how many more there are, the files they are about, and how to see
/// them: an update shows a file's warnings once, when it reads the file.
fn print_warnings(summary: &crate::index::IndexSummary) {
    const SHOWN: usize = 50;
    const NAMED: usize = 3;
    let warnings = &summary.warnings;
    for warning in warnings.iter().take(SHOWN) {
        eprintln!("warning: {}", terminal_safe(warning));
    }
    if warnings.len() > SHOWN {
        let mut files: Vec<&str> = Vec::new();
        for path in summary.warning_paths.iter().skip(SHOWN) {
            if !files.contains(&path.as_str()) {
                files.push(path);
            }
        }
        let mut named = files
            .iter()
            .take(NAMED)
            .copied()
            .collect::<Vec<_>>()
            .join(", ");
        if files.len() > NAMED {
            named.push_str(&format!(" and {} other files", files.len() - NAMED));
        }
        let about = if named.is_empty() {
            String::new()
        } else {
            format!(", about {named}")
        };
        eprintln!(
            "warning: … and {} more{}; `bulletin parse FILE` gives a file's warnings again",
            warnings.len() - SHOWN,
            terminal_safe(&about)
        );
    }
}

/// The warnings of the update a read command runs first: those of the
/// files it read, as `bulletin index` prints them; the files and folders
/// of the corpus that cannot be read in one short line, and those it
/// reaches by a second path in another. These are named on every update,
/// since they stay so until the corpus changes, but their reasons and
/// both paths are `bulletin index`'s to give.
fn print_update_warnings(summary: &crate::index::IndexSummary) {
    let mut read = summary.clone();
    read.warnings.clear();
    read.warning_paths.clear();
    let mut unreadable: Vec<&str> = Vec::new();
    let mut repeats: Vec<&str> = Vec::new();
    for (warning, path) in summary.warnings.iter().zip(&summary.warning_paths) {
        let list = if summary.unreadable_paths.contains(path) {
            &mut unreadable
        } else if summary.repeat_paths.contains(path) {
            &mut repeats
        } else {
            read.warnings.push(warning.clone());
            read.warning_paths.push(path.clone());
            continue;
        };
        if !list.contains(&path.as_str()) {
            list.push(path);
        }
    }
    print_warnings(&read);
    if !unreadable.is_empty() {
        eprintln!(
            "warning: cannot read {} of the corpus ({}), left as the index has them; `bulletin index` says why",
            files_or_folders(unreadable.len()),
            terminal_safe(&named_paths(&unreadable))
        );
    }
    if !repeats.is_empty() {
        eprintln!(
            "note: the corpus reaches {} by a second path ({}), read once by the first; `bulletin index` names both",
            files_or_folders(repeats.len()),
            terminal_safe(&named_paths(&repeats))
        );
    }
}

/// "1 file or folder", "2 files or folders".
fn files_or_folders(count: usize) -> String {
    if count == 1 {
        "1 file or folder".to_string()
    } else {
        format!("{count} files or folders")
    }
}

/// The first few of `paths`, and how many more.
fn named_paths(paths: &[&str]) -> String {
    const NAMED: usize = 3;
    let mut named = paths
        .iter()
        .take(NAMED)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if paths.len() > NAMED {
        named.push_str(&format!(" and {} more", paths.len() - NAMED));
    }
    named
}

/// What a command does with the index, for the notices of [`open_engine`]
/// when the index cannot be brought up to date first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IndexUse {
    /// `search`, `facets`, `show` and `similar`.
    Search,
    /// `serve`.
    Serve,
    /// `export`.
    Export,
    /// `stats`.
    Stats,
    /// `glossary`.
    Glossary,
}

impl IndexUse {
    /// What the command goes on to do, before "the index as it is" or "its
    /// last commit".
    fn doing(self) -> &'static str {
        match self {
            IndexUse::Search => "searching",
            IndexUse::Serve => "serving",
            IndexUse::Export => "exporting",
            IndexUse::Stats => "reporting on",
            IndexUse::Glossary => "listing the acronyms of",
        }
    }
}

/// Opens the index, first bringing it up to date with the corpus unless
/// `no_update`; when that cannot be done, a notice says what `purpose` then
/// uses instead.
pub fn open_engine(paths: &Paths, no_update: bool, purpose: IndexUse) -> anyhow::Result<Engine> {
    let doing = purpose.doing();
    let corpus_exists = paths.corpus.iter().any(|p| p.exists());
    if !no_update && !corpus_exists && index_exists(&paths.index) {
        let missing: Vec<String> = paths
            .corpus
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        eprintln!(
            "note: no corpus at {}; {doing} the index as it is",
            terminal_safe(&missing.join(", "))
        );
    }
    if !no_update && (corpus_exists || !index_exists(&paths.index)) {
        let mut options = IndexOptions::new(&paths.index, paths.corpus.clone());
        options.progress = true;
        options.keep_outside = true;
        let mut built = build(&options);
        // Another process builds the index for the first time: its folder
        // holds no commit of entries yet, and answering from it would find
        // nothing, so the command waits for that build and runs its own
        // update after it (which finds little or nothing left to do).
        if matches!(built, Err(Error::Locked { .. }))
            && crate::index::folder::last_manifest(&paths.index)
                .is_none_or(|last| last.files.is_empty())
        {
            eprintln!(
                "note: the index is being built by another process; waiting for it to finish"
            );
            if crate::index::folder::wait_for_writer(&paths.index).is_ok() {
                built = build(&options);
            }
        }
        match built {
            Ok(summary) => {
                print_update_warnings(&summary);
                if !summary.kept_outside.is_empty() {
                    let note = kept_outside_note(&summary.kept_outside, &paths.corpus);
                    eprintln!("note: {}", terminal_safe(&note));
                }
                if summary.changed() && crate::output::stderr_is_terminal() {
                    eprintln!(
                        "index updated: {} file(s) read, {} entries in index ({:.2} s)",
                        summary.files_indexed, summary.entries_total, summary.seconds
                    );
                }
            }
            // Another indexer is at work: search what was last committed.
            Err(Error::Locked { .. }) if index_exists(&paths.index) => {
                eprintln!(
                    "note: the index is being updated by another process; {doing} its last commit"
                );
            }
            // Whatever else stops the update (a full disk, an unreadable
            // corpus folder), the last commit still answers; when it does
            // not either, for the same reason, its error alone says so.
            Err(err) if index_exists(&paths.index) => {
                let engine = Engine::open(&paths.index);
                let same_cause = matches!(
                    err,
                    Error::BadIndex { .. } | Error::IndexPermission { .. } | Error::ForeignIndex(_)
                );
                if engine.is_ok() || !same_cause {
                    let err = format!("{:#}", anyhow::Error::from(err));
                    eprintln!(
                        "warning: cannot update the index: {}; {doing} its last commit",
                        terminal_safe(&err)
                    );
                }
                return Ok(engine?);
            }
            Err(err) => return Err(err.into()),
        }
    }
    Ok(Engine::open(&paths.index)?)
}

/// What the update before a read command says of the indexed files it
/// kept although they are outside the corpus it was given.
fn kept_outside_note(kept: &[String], corpus: &[PathBuf]) -> String {
    const SHOWN: usize = 5;
    let mut named: Vec<&str> = kept.iter().take(SHOWN).map(String::as_str).collect();
    let more = format!("and {} more", kept.len().saturating_sub(SHOWN));
    if kept.len() > SHOWN {
        named.push(&more);
    }
    let shown: Vec<String> = corpus.iter().map(|p| p.display().to_string()).collect();
    let flags: Vec<String> = shown.iter().map(|p| format!("--corpus {p}")).collect();
    format!(
        "the index also holds {} file(s) outside {}, kept as they are: {}; `bulletin index {}` replaces the index's contents with that corpus",
        kept.len(),
        shown.join(", "),
        named.join(", "),
        flags.join(" ")
    )
}

fn joined_query(words: &[String]) -> String {
    words
        .iter()
        .map(|w| w.strip_prefix(EXCLUSION_MARK).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Marks a query word that starts with `-` (`-sport`, `-country:Montenegro`)
/// so that the argument parser takes it for a word of the query rather than
/// an unknown option; [`joined_query`] drops the mark.
const EXCLUSION_MARK: char = '\u{E000}';

impl Cli {
    /// Parses the command line as [`Parser::parse`] does, except that after
    /// `search` or `facets` a word starting with `-` that is no option of the
    /// command (`bulletin search corruption -sport --limit 3`) is a word of
    /// the query: an exclusion, as in the query language.
    pub fn parse_args() -> Self {
        let matches = Cli::command().get_matches_from(mark_exclusions(std::env::args_os()));
        let mut cli = match Cli::from_arg_matches(&matches) {
            Ok(cli) => cli,
            Err(err) => err.exit(),
        };
        let subcommand = matches.subcommand().map(|(_, m)| m);
        cli.paths
            .fill_from_environment(subcommand.unwrap_or(&matches));
        cli
    }
}

/// The command line with [`EXCLUSION_MARK`] before each `-word` of a
/// `search` or `facets` query.
fn mark_exclusions(args: impl IntoIterator<Item = OsString>) -> Vec<OsString> {
    let root = Cli::command();
    let mut marked = Vec::new();
    let mut command: Option<&clap::Command> = None;
    let mut value_next = false;
    let mut rest_positional = false;
    for (n, arg) in args.into_iter().enumerate() {
        let Some(text) = arg.to_str().filter(|_| n > 0 && !rest_positional) else {
            marked.push(arg);
            continue;
        };
        if std::mem::take(&mut value_next) {
            // `--country -x`: a value that starts with a dash, joined to its
            // option so that it is not read as an option of its own.
            if text.starts_with('-')
                && text.len() > 1
                && let Some(option) = marked.pop()
            {
                let mut joined = option;
                joined.push("=");
                joined.push(text);
                marked.push(joined);
                continue;
            }
            marked.push(arg);
            continue;
        }
        let mut options = command
            .into_iter()
            .chain([&root])
            .flat_map(|c| c.get_arguments());
        if text == "--" {
            rest_positional = true;
        } else if let Some(long) = text.strip_prefix("--") {
            value_next = !long.contains('=')
                && options
                    .filter(|a| a.get_long() == Some(long))
                    .any(|a| a.get_action().takes_values());
        } else if let Some(short) = text.strip_prefix('-') {
            let is_option = short.chars().count() == 1
                && options.any(|a| a.get_short().is_some_and(|c| short.starts_with(c)))
                || short == "h";
            let in_query = command.is_some_and(|c| ["search", "facets"].contains(&c.get_name()));
            if in_query && !is_option && !short.is_empty() {
                marked.push(OsString::from(format!("{EXCLUSION_MARK}{text}")));
                continue;
            }
        } else if command.is_none() {
            command = root.find_subcommand(text);
        }
        marked.push(arg);
    }
    marked
}

/// The query of `search` or `facets`, refused as a command line that
/// cannot run, before the index is read, when longer than a search takes.
fn checked_query(words: &[String]) -> Result<String, UsageError> {
    let query = joined_query(words);
    let most = crate::search::MAX_QUERY_CHARS;
    if query.chars().count() > most {
        return Err(UsageError(
            Error::invalid("query", format!("longer than {most} characters")).to_string(),
        ));
    }
    Ok(query)
}

fn search(paths: &Paths, args: &SearchArgs) -> anyhow::Result<()> {
    args.filters.check()?;
    let query = checked_query(&args.query)?;
    let engine = open_engine(paths, args.no_update, IndexUse::Search)?;
    let request = SearchRequest {
        query,
        filters: args.filters.to_filters(),
        sort: args.sort,
        limit: args.limit,
        offset: args.offset,
        facets: (args.facets && args.format == Format::Table) || args.format == Format::Json,
        facet_fields: None,
        explain: args.explain && args.format != Format::Csv,
    };
    let response = engine.search(&request)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &response)?;
            writeln!(out)?;
            if let Some(past) = render::past_the_last(&response, &request) {
                eprintln!("note: {past}");
            }
        }
        Format::Csv => {
            write!(out, "{}", render::hits_csv(&response.hits))?;
            if args.facets {
                eprintln!(
                    "note: --facets: a CSV holds the hits alone; --format json or the table gives the facet counts, `bulletin facets FIELD` one field's"
                );
            }
            if args.explain {
                eprintln!(
                    "note: --explain: a CSV has no room for each hit's score explanation; --format json gives it as `explanation`"
                );
            }
            for note in render::csv_notes(&response, &request) {
                eprintln!("note: {}", terminal_safe(&note));
            }
        }
        Format::Table => write!(
            out,
            "{}",
            for_people(&render::search_table(
                &response,
                &request,
                &Style::for_stdout()
            ))
        )?,
    }
    out.flush()?;
    Ok(())
}

fn facets(paths: &Paths, args: &FacetsArgs) -> anyhow::Result<()> {
    // Read here rather than by clap, which would name a field typed with a
    // dash (`-sport`) with the mark that keeps it from being an option.
    let name = args
        .field
        .strip_prefix(EXCLUSION_MARK)
        .unwrap_or(&args.field);
    let field = FacetField::from_name(name).ok_or_else(|| {
        UsageError(format!(
            "unknown facet field {name:?}; use one of country, city, programme, donor, sdg, mentioned, year, month"
        ))
    })?;
    args.filters.check()?;
    let query = checked_query(&args.query)?;
    let engine = open_engine(paths, args.no_update, IndexUse::Search)?;
    let mut request = SearchRequest::new(query);
    request.filters = args.filters.to_filters();
    // The search behind the counts says how it read the query and filters.
    let (counts, answer) = engine.facet_answer(field, &request)?;
    for note in render::facet_notes(&answer) {
        eprintln!("note: {}", terminal_safe(&note));
    }
    if counts.is_empty()
        && let Some(note) = render::facet_empty_note(field, &request, &answer)
    {
        eprintln!("note: {}", terminal_safe(&note));
    }
    if args.format == ListFormat::Json {
        emit_json(&counts)?;
    } else {
        emit(&render::facet_table(field.name(), &counts))?;
    }
    Ok(())
}

fn show(paths: &Paths, args: &ShowArgs) -> anyhow::Result<()> {
    let engine = open_engine(paths, args.no_update, IndexUse::Search)?;
    let record = engine.show(&args.id)?;
    if args.format == RecordFormat::Json {
        emit_json(&record)?;
    } else {
        emit(&render::record_text(&record, &Style::for_stdout()))?;
    }
    Ok(())
}

fn similar(paths: &Paths, args: &SimilarArgs) -> anyhow::Result<()> {
    let engine = open_engine(paths, args.no_update, IndexUse::Search)?;
    let hits = engine.similar(&args.id, args.limit)?;
    if args.format == ListFormat::Json {
        emit_json(&hits)?;
    } else if hits.is_empty() && args.limit > 0 {
        // As a search says `0 results`: an empty output reads as a failure.
        emit(
            "no similar activities: no other activity shares the words that set this one apart\n",
        )?;
    } else {
        emit(&render::hits_blocks(&hits, 1, &Style::for_stdout()))?;
    }
    Ok(())
}

fn glossary(paths: &Paths, args: &FormatArgs) -> anyhow::Result<()> {
    let engine = open_engine(paths, args.no_update, IndexUse::Glossary)?;
    let glossary = engine.glossary()?;
    if args.format == ListFormat::Json {
        let entries: Vec<_> = glossary.entries().collect();
        emit_json(&entries)?;
    } else {
        let rows: Vec<Vec<String>> = glossary
            .entries()
            .map(|e| {
                vec![
                    e.acronym.clone(),
                    e.files.to_string(),
                    e.expansions.join(" | "),
                ]
            })
            .collect();
        // The long column last, where it needs no padding: 80 columns hold it.
        emit(&aligned_table(&["acronym", "files", "expansion"], &rows))?;
    }
    Ok(())
}

fn export(paths: &Paths, args: &crate::export::ExportArgs) -> anyhow::Result<()> {
    // What the arguments alone decide is refused before the index is updated.
    crate::export::check_args(args).map_err(|err| UsageError(err.to_string()))?;
    let engine = open_engine(paths, args.no_update, IndexUse::Export)?;
    let records = engine.records()?;
    let summary = crate::export::run_export(args, &records)?;
    // It names the folders given, which may hold any character.
    emit(&terminal_safe(&format!("{summary}\n")))?;
    Ok(())
}

fn stats(paths: &Paths, args: &FormatArgs) -> anyhow::Result<()> {
    let engine = open_engine(paths, args.no_update, IndexUse::Stats)?;
    let stats = engine.stats()?;
    if args.format == ListFormat::Json {
        emit_json(&stats)?;
    } else {
        emit(&render::stats_table(&stats))?;
    }
    Ok(())
}

fn parse(args: &ParseArgs) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let style = Style::for_stdout();
    let mut produced = 0;
    let mut unreadable = 0;
    // Ids stay unique across the files, as in an index of them all.
    let mut ids = UniqueIds::default();
    // The files parsed, so that one given twice (by two paths, or a glob
    // overlapping another) is read once, as an index of them reads it.
    let mut parsed: Vec<(crate::corpus::FileIdentity, &std::path::PathBuf)> = Vec::new();
    for file in &args.files {
        let identity = crate::corpus::file_identity(file);
        if let Some(first) = identity
            .as_ref()
            .and_then(|id| parsed.iter().find(|(seen, _)| seen == id))
        {
            let repeat = crate::corpus::Repeat {
                path: file.clone(),
                listed_as: first.1.clone(),
                is_folder: false,
            };
            out.flush()?;
            eprintln!("warning: {}", terminal_safe(&repeat.to_string()));
            continue;
        }
        // A folder is no bulletin: say how to give its files.
        if file.is_dir() {
            out.flush()?;
            let shown = terminal_safe(&file.display().to_string()).into_owned();
            eprintln!(
                "error: {shown} is a folder; `bulletin parse` reads bulletin files: give those in it ({shown}/*.txt)"
            );
            unreadable += 1;
            continue;
        }
        // A file that cannot be read is reported, and the others are parsed.
        let (mut records, warnings) = match parse_bulletin_file(file) {
            Ok(parsed) => parsed,
            Err(err) => {
                out.flush()?;
                let err = format!("{:#}", anyhow::Error::from(err));
                eprintln!("error: {}", terminal_safe(&err));
                unreadable += 1;
                continue;
            }
        };
        // After the records of the files before, which are buffered, so
        // that read together (a terminal, `2>&1`) each file's warnings
        // come before its records and amid no other file's.
        if !warnings.is_empty() {
            out.flush()?;
        }
        for warning in &warnings {
            eprintln!("warning: {}", terminal_safe(&warning.to_string()));
        }
        for record in &mut records {
            record.id = ids.claim(&record.id);
            if args.json {
                serde_json::to_writer(&mut out, &*record)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", for_people(&record_summary(record, &style)))?;
            }
        }
        produced += records.len();
        if let Some(identity) = identity {
            parsed.push((identity, file));
        }
    }
    out.flush()?;
    if unreadable > 0 {
        bail!(
            "{unreadable} of {} file(s) could not be read",
            args.files.len()
        );
    }
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

/// ` (year inferred)` after the dates of a part whose year the dateline
/// left out and the bulletin or its file's name gave; nothing for a part
/// whose year none of them gave, whose dates are unknown.
pub fn inferred_year_mark(event: &Event) -> &'static str {
    if event.year_inferred && event.start.is_some() {
        " (year inferred)"
    } else {
        ""
    }
}

/// An event's row in `parse` and `show`: its dates, its place after two
/// spaces when it has one, and ` (year inferred)`.
pub fn event_line(event: &Event) -> String {
    let place = event_place(event);
    let gap = if place.is_empty() { "" } else { "  " };
    format!(
        "{}{gap}{place}{}",
        event_dates(event),
        inferred_year_mark(event)
    )
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
        "source",
        terminal_safe(&record.source),
        record.line
    ));
    for event in &record.events {
        out.push_str(&format!("  {:<11}{}\n", "when/where", event_line(event)));
    }
    // No part at all: its dates are unknown, as its search hit says.
    if record.events.is_empty() {
        out.push_str(&format!("  {:<11}date unknown\n", "when/where"));
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
        let warning = terminal_safe(warning);
        out.push_str(&format!("  {:<11}{}\n", "warning", style.yellow(&warning)));
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index summary's rate groups its digits as its counts do: 65,200
    /// entries in 10 s are `6,520` a second, not `6520` beside `65,200`.
    #[test]
    fn the_index_summary_groups_the_digits_of_its_rate() {
        let summary = crate::index::IndexSummary {
            entries_added: 65_200,
            entries_total: 65_200,
            seconds: 10.0,
            ..Default::default()
        };
        let rows = index_summary_rows(&summary);
        let cell = |name: &str| -> &str {
            rows.iter()
                .find(|row| row[0] == name)
                .map(|row| row[1].as_str())
                .unwrap_or_default()
        };
        assert_eq!(cell("entries added"), "65,200");
        assert_eq!(cell("entries/s"), "6,520");
    }
}
