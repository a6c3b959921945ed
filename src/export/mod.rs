//! Hands bulletin's records to a distributed search engine when one machine
//! is no longer enough: Quickwit, OpenSearch or Typesense. This module owns
//! the engine-neutral document ([`document`]), the files written for each
//! engine (index configuration or schema, newline-delimited data split into
//! size-limited batches, and a README with the exact `curl` requests that
//! load them), and the push mode that sends those same files to a running
//! engine and turns any rejected document into an error. It reads records
//! only; it never writes bulletin's own index.

pub mod document;
pub mod http;
pub mod opensearch;
pub mod quickwit;
pub mod typesense;

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::{Args, ValueEnum};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::extract::Record;
use crate::output::stderr_is_terminal;

/// The largest data file and request body: Quickwit's ingest limit (10 MB).
pub const DEFAULT_BATCH_BYTES: usize = 10_000_000;

/// The seconds `--timeout-secs` may be: at least one (0 would give up at
/// once), at most an hour (far beyond any engine's answer to one batch).
pub const TIMEOUT_SECS: std::ops::RangeInclusive<u64> = 1..=3600;

/// The name of the README written next to the exported files.
pub const README_FILE: &str = "README.md";

/// The engines bulletin exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    Quickwit,
    Opensearch,
    Typesense,
}

impl ExportFormat {
    /// The engine's name as its makers write it.
    pub fn engine_name(self) -> &'static str {
        match self {
            ExportFormat::Quickwit => "Quickwit",
            ExportFormat::Opensearch => "OpenSearch",
            ExportFormat::Typesense => "Typesense",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.engine_name())
    }
}

/// `bulletin export`: write the records for another engine, and optionally send them.
#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    /// Engine to export for
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// Folder to write the files into: a new or empty one (created when missing), or one an earlier export wrote, which is replaced whole; a folder with other files is refused
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Index (Quickwit, OpenSearch) or collection (Typesense) name
    #[arg(long, value_name = "NAME", default_value = "bulletin")]
    pub index_id: String,
    /// Also send the files to the engine at this URL, e.g. http://127.0.0.1:7280
    #[arg(long, value_name = "URL")]
    pub push: Option<String>,
    /// Seconds to wait for each answer when pushing, 1 to 3600
    #[arg(long, value_name = "SECS", default_value_t = 30,
          value_parser = clap::value_parser!(u64).range(TIMEOUT_SECS))]
    pub timeout_secs: u64,
    /// Largest data file and request body, in bytes (Quickwit accepts at most 10 MB)
    #[arg(long, value_name = "BYTES", default_value_t = DEFAULT_BATCH_BYTES)]
    pub batch_bytes: usize,
    /// Typesense admin API key for --push (read from TYPESENSE_API_KEY when not given)
    #[arg(long, env = "TYPESENSE_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// For an https:// --push: trust the certificates in this PEM file (the engine's own CA, as OpenSearch's demo setup makes) instead of the usual roots
    #[arg(long, value_name = "FILE")]
    pub ca_cert: Option<PathBuf>,
    /// For an https:// --push: do not check the engine's certificate (anyone on the way can read and change what is sent)
    #[arg(long)]
    pub insecure: bool,
    /// Export the index as it is, without bringing it up to date with the corpus
    #[arg(long)]
    pub no_update: bool,
}

impl ExportArgs {
    /// Arguments with the command line's defaults for `format` into `out`.
    pub fn new(format: ExportFormat, out: impl Into<PathBuf>) -> Self {
        ExportArgs {
            format,
            out: out.into(),
            index_id: "bulletin".to_string(),
            push: None,
            timeout_secs: 30,
            batch_bytes: DEFAULT_BATCH_BYTES,
            api_key: None,
            ca_cert: None,
            insecure: false,
            no_update: false,
        }
    }
}

/// What went wrong while exporting or pushing, with the document, file or answer concerned.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("invalid index id {id:?} for {engine}: {reason}")]
    InvalidIndexId {
        engine: &'static str,
        id: String,
        reason: String,
    },
    #[error(
        "invalid --timeout-secs {secs}: it must be {} to {} seconds",
        TIMEOUT_SECS.start(),
        TIMEOUT_SECS.end()
    )]
    InvalidTimeout { secs: u64 },
    #[error("invalid --batch-bytes {value}: {reason}")]
    InvalidBatchBytes { value: usize, reason: String },
    #[error(
        "document {id} is {bytes} bytes as {engine} data, more than the {limit}-byte batch limit; raise --batch-bytes"
    )]
    DocumentTooLarge {
        engine: &'static str,
        id: String,
        bytes: usize,
        limit: usize,
    },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("--out {0} is a file, not a folder")]
    NotAFolder(PathBuf),
    #[error(
        "--out {path} holds files that are not a bulletin export ({files}); export into a new or empty folder"
    )]
    FolderInUse { path: PathBuf, files: String },
    #[error("cannot use --ca-cert {path}: {reason}")]
    BadCertificate { path: PathBuf, reason: String },
    #[error("invalid --push URL {url}: {reason}")]
    BadUrl { url: String, reason: String },
    #[error("{engine} at {url}: {reason}")]
    Http {
        engine: &'static str,
        url: String,
        reason: String,
    },
    #[error("{engine} answered {status} to {step}: {body}")]
    Status {
        engine: &'static str,
        step: String,
        status: u16,
        body: String,
    },
    #[error("{engine} answered {step} with something bulletin cannot read ({reason}): {body}")]
    BadAnswer {
        engine: &'static str,
        step: String,
        reason: String,
        body: String,
    },
    #[error(
        "Quickwit index `{index_id}` already exists at {url}; Quickwit has no upsert, so sending the documents again would index them twice: delete the index first (curl -X DELETE {url}/api/v1/indexes/{index_id}) or export under a new --index-id"
    )]
    QuickwitIndexExists { index_id: String, url: String },
    #[error(
        "OpenSearch index `{index_id}` at {url} was made by an earlier export, whose parts of an activity (`events`) are not nested, so a query on one part's place and dates cannot be asked: delete the index first (curl -X DELETE {url}/{index_id}) or export under a new --index-id"
    )]
    OpensearchEventsNotNested { index_id: String, url: String },
    #[error(
        "Typesense collection `{collection}` at {url} has a schema other than this export's ({differences}), so its searches and facets would not answer as bulletin's: delete the collection first (curl -X DELETE -H \"X-TYPESENSE-API-KEY: $TYPESENSE_API_KEY\" {url}/collections/{collection}) or export under a new --index-id"
    )]
    TypesenseSchemaDiffers {
        collection: String,
        url: String,
        /// Each field that is missing or differs: `countries: string, not string[] with facet`.
        differences: String,
    },
    #[error("{engine} rejected {count} document(s): {details}")]
    Rejected {
        engine: &'static str,
        count: usize,
        /// The ids of the rejected documents, when the answer names them.
        ids: Vec<String>,
        details: String,
        /// The other documents of the same request, which the engine loaded:
        /// a bulk or import request is not all or nothing.
        loaded: usize,
    },
    #[error("{cause}; {} ({again})", loaded_text(*.documents, *.files, *.loaded_of_file, .file))]
    PartlyLoaded {
        cause: Box<ExportError>,
        /// Documents loaded from the files before the one that failed.
        documents: usize,
        /// Files loaded whole before the one that failed.
        files: usize,
        /// Documents of the failing file that were loaded all the same.
        loaded_of_file: usize,
        /// The data file that failed.
        file: String,
        again: &'static str,
    },
    #[error("no Typesense API key: set TYPESENSE_API_KEY or pass --api-key")]
    MissingApiKey,
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// A piece of newline-delimited data that must stay in one request: a
/// document, or an OpenSearch action line with its document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataUnit {
    /// The id of the record it carries.
    pub id: String,
    /// Its lines, each ending in `\n`.
    pub text: String,
}

/// One data file and request body: whole units, at most the batch limit in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Batch {
    /// The ids of the records in the batch, in order.
    pub ids: Vec<String>,
    /// The newline-delimited body.
    pub body: String,
}

/// Groups units into batches of at most `limit` bytes, keeping their order.
pub fn batch_units(
    engine: &'static str,
    units: Vec<DataUnit>,
    limit: usize,
) -> Result<Vec<Batch>, ExportError> {
    let mut batches: Vec<Batch> = Vec::new();
    let mut current = Batch {
        ids: Vec::new(),
        body: String::new(),
    };
    for unit in units {
        debug_assert!(unit.text.ends_with('\n'));
        if unit.text.len() > limit {
            return Err(ExportError::DocumentTooLarge {
                engine,
                id: unit.id,
                bytes: unit.text.len(),
                limit,
            });
        }
        if current.body.len() + unit.text.len() > limit {
            batches.push(std::mem::replace(
                &mut current,
                Batch {
                    ids: Vec::new(),
                    body: String::new(),
                },
            ));
        }
        current.ids.push(unit.id);
        current.body.push_str(&unit.text);
    }
    if !current.ids.is_empty() {
        batches.push(current);
    }
    Ok(batches)
}

/// Everything one export writes: the configuration, the data batches and the README.
#[derive(Debug, Clone)]
pub struct ExportPlan {
    pub format: ExportFormat,
    pub index_id: String,
    /// File name of the index configuration, schema or body.
    pub config_file: &'static str,
    /// The index configuration, schema or body.
    pub config: serde_json::Value,
    /// Data file names are `{data_prefix}-0001.{data_ext}`.
    pub data_prefix: &'static str,
    pub data_ext: &'static str,
    pub batches: Vec<Batch>,
    pub records: usize,
    /// The largest data file, in bytes (`--batch-bytes`).
    pub batch_bytes: usize,
}

impl ExportPlan {
    /// The name of the data file holding batch `index` (from 0).
    pub fn data_file_name(&self, index: usize) -> String {
        format!("{}-{:04}.{}", self.data_prefix, index + 1, self.data_ext)
    }

    /// The README with the requests that load the files.
    pub fn readme(&self) -> String {
        match self.format {
            ExportFormat::Quickwit => quickwit::readme(self),
            ExportFormat::Opensearch => opensearch::readme(self),
            ExportFormat::Typesense => typesense::readme(self),
        }
    }
}

/// Builds the files of an export without writing them. The records are
/// written by source file, line and id ([`Record::cmp_by_source`]), whatever
/// order they are given in, so that every export of the same corpus writes
/// the same files.
pub fn plan_export(
    format: ExportFormat,
    index_id: &str,
    records: &[Record],
    batch_bytes: usize,
) -> Result<ExportPlan, ExportError> {
    if batch_bytes == 0 {
        return Err(ExportError::InvalidBatchBytes {
            value: batch_bytes,
            reason: "it must be at least 1".to_string(),
        });
    }
    // `Engine::records` gives them in this order already: no copy then.
    let records: Cow<'_, [Record]> = if records.is_sorted_by(|a, b| a.cmp_by_source(b).is_le()) {
        Cow::Borrowed(records)
    } else {
        let mut sorted = records.to_vec();
        sorted.sort_by(Record::cmp_by_source);
        Cow::Owned(sorted)
    };
    let records = records.as_ref();
    let (config_file, config, data_prefix, data_ext, units) = match format {
        ExportFormat::Quickwit => {
            quickwit::validate_index_id(index_id)?;
            if batch_bytes > DEFAULT_BATCH_BYTES {
                return Err(ExportError::InvalidBatchBytes {
                    value: batch_bytes,
                    reason: format!(
                        "Quickwit's ingest API accepts at most {DEFAULT_BATCH_BYTES} bytes per request"
                    ),
                });
            }
            (
                quickwit::CONFIG_FILE,
                quickwit::index_config(index_id),
                quickwit::DATA_PREFIX,
                quickwit::DATA_EXT,
                quickwit::data_units(records)?,
            )
        }
        ExportFormat::Opensearch => {
            opensearch::validate_index_name(index_id)?;
            (
                opensearch::CONFIG_FILE,
                opensearch::index_body(),
                opensearch::DATA_PREFIX,
                opensearch::DATA_EXT,
                opensearch::data_units(index_id, records)?,
            )
        }
        ExportFormat::Typesense => {
            typesense::validate_collection_name(index_id)?;
            (
                typesense::CONFIG_FILE,
                typesense::collection_schema(index_id),
                typesense::DATA_PREFIX,
                typesense::DATA_EXT,
                typesense::data_units(records)?,
            )
        }
    };
    Ok(ExportPlan {
        format,
        index_id: index_id.to_string(),
        config_file,
        config,
        data_prefix,
        data_ext,
        batches: batch_units(format.engine_name(), units, batch_bytes)?,
        records: records.len(),
        batch_bytes,
    })
}

/// The configuration file and data files of each format, as
/// `(config file, data prefix, data extension)`.
const FORMAT_FILES: [(&str, &str, &str); 3] = [
    (
        quickwit::CONFIG_FILE,
        quickwit::DATA_PREFIX,
        quickwit::DATA_EXT,
    ),
    (
        opensearch::CONFIG_FILE,
        opensearch::DATA_PREFIX,
        opensearch::DATA_EXT,
    ),
    (
        typesense::CONFIG_FILE,
        typesense::DATA_PREFIX,
        typesense::DATA_EXT,
    ),
];

/// Whether `name` is `{prefix}-NNNN.{ext}`.
fn is_numbered_file(name: &str, prefix: &str, ext: &str) -> bool {
    let Some(number) = name
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
        .and_then(|r| r.strip_suffix(ext))
        .and_then(|r| r.strip_suffix('.'))
    else {
        return false;
    };
    !number.is_empty() && number.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `name` is a file that an export of any format writes.
fn is_export_file(name: &str) -> bool {
    name == README_FILE
        || FORMAT_FILES
            .iter()
            .any(|(config, prefix, ext)| name == *config || is_numbered_file(name, prefix, ext))
}

/// The first line of every README an export writes begins so.
const README_HEADING: &str = "# bulletin export for ";

/// The files of an earlier export in `dir`, to be replaced; an error when
/// the folder holds anything else, so that an export never overwrites or
/// deletes a file it did not write (`--out .` in a project folder).
fn earlier_export_files(dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(ExportError::Write {
                path: dir.to_path_buf(),
                source,
            });
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|source| ExportError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        names.push(entry.file_name().to_string_lossy().into_owned());
    }
    names.sort();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let readme_is_ours = std::fs::read_to_string(dir.join(README_FILE))
        .is_ok_and(|text| text.starts_with(README_HEADING));
    let foreign: Vec<&String> = names.iter().filter(|n| !is_export_file(n)).collect();
    if !readme_is_ours || !foreign.is_empty() {
        let shown = if foreign.is_empty() {
            names.iter().take(3).cloned().collect::<Vec<_>>()
        } else {
            foreign.iter().take(3).map(|n| n.to_string()).collect()
        };
        return Err(ExportError::FolderInUse {
            path: dir.to_path_buf(),
            files: shown.join(", "),
        });
    }
    Ok(names.iter().map(|name| dir.join(name)).collect())
}

/// Writes the plan's files into `dir`, replacing an earlier export there (of
/// any format). A folder that holds other files is refused. The README is
/// written first on disk; the paths are returned configuration first,
/// README last.
pub fn write_plan(plan: &ExportPlan, dir: &Path) -> Result<Vec<PathBuf>, ExportError> {
    let write_error = |path: &Path, source| ExportError::Write {
        path: path.to_path_buf(),
        source,
    };
    if dir.exists() && !dir.is_dir() {
        return Err(ExportError::NotAFolder(dir.to_path_buf()));
    }
    let earlier = earlier_export_files(dir)?;
    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
    for path in earlier {
        std::fs::remove_file(&path).map_err(|e| write_error(&path, e))?;
    }
    let write = |name: &str, text: &str| -> Result<PathBuf, ExportError> {
        let path = dir.join(name);
        std::fs::write(&path, text).map_err(|e| write_error(&path, e))?;
        Ok(path)
    };
    // The README first: it marks the folder as an export's, so that an
    // export stopped part way (a full disk, Ctrl-C) leaves a folder the
    // next export replaces rather than refuses as another's.
    let readme = write(README_FILE, &plan.readme())?;
    let mut config = serde_json::to_string_pretty(&plan.config)?;
    config.push('\n');
    let mut written = vec![write(plan.config_file, &config)?];
    for (index, batch) in plan.batches.iter().enumerate() {
        written.push(write(&plan.data_file_name(index), &batch.body)?);
    }
    written.push(readme);
    Ok(written)
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushReport {
    /// The engine's base URL, without credentials.
    pub url: String,
    /// Documents the engine accepted.
    pub documents: usize,
    /// Data requests sent (one per batch).
    pub requests: usize,
    /// Whether the index or collection was created (false: it existed and was updated).
    pub created: bool,
}

/// What `run_export` did, for the command line to print.
#[derive(Debug, Clone)]
pub struct ExportSummary {
    pub format: ExportFormat,
    pub index_id: String,
    pub out: PathBuf,
    pub records: usize,
    /// Every file written, configuration first, README last.
    pub files: Vec<PathBuf>,
    pub data_files: usize,
    pub bytes_written: u64,
    pub elapsed: Duration,
    pub push: Option<PushReport>,
}

impl fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exported {} record(s) for {} to {} ({} data file(s), {} bytes in all; see {})",
            self.records,
            self.format,
            self.out.display(),
            self.data_files,
            self.bytes_written,
            self.out.join(README_FILE).display()
        )?;
        if let Some(push) = &self.push {
            let what = match self.format {
                ExportFormat::Typesense => "collection",
                _ => "index",
            };
            let how = if push.created {
                "created"
            } else {
                "already there, documents replaced by id"
            };
            write!(
                f,
                "\npushed {} document(s) in {} request(s) to {} {what} `{}` ({how})",
                push.documents, push.requests, push.url, self.index_id
            )?;
        }
        let millis = self.elapsed.as_millis();
        if millis < 10_000 {
            write!(f, "\ntook {millis} ms")
        } else {
            write!(f, "\ntook {:.1} s", self.elapsed.as_secs_f64())
        }
    }
}

/// Checks what the arguments alone decide, before any record is read: the
/// API key a Typesense push needs, the timeout, the index name and batch
/// size the engine takes, and the `--push` URL and certificate.
pub fn check_args(args: &ExportArgs) -> Result<(), ExportError> {
    export_client(args)?;
    plan_export(args.format, &args.index_id, &[], args.batch_bytes)?;
    Ok(())
}

/// The client of a `--push`, with its API key; `None` without one.
fn export_client(args: &ExportArgs) -> Result<Option<http::Client>, ExportError> {
    let api_key = match (&args.push, args.format) {
        (Some(_), ExportFormat::Typesense) => Some(typesense_api_key(args)?),
        _ => None,
    };
    // Checked here too for callers of the library, who bypass clap's check.
    if !TIMEOUT_SECS.contains(&args.timeout_secs) {
        return Err(ExportError::InvalidTimeout {
            secs: args.timeout_secs,
        });
    }
    let timeout = Duration::from_secs(args.timeout_secs);
    Ok(match &args.push {
        Some(url) => {
            let tls = http::Tls {
                ca_cert: args.ca_cert.clone(),
                insecure: args.insecure,
            };
            let client = http::Client::new(args.format.engine_name(), url, timeout, &tls)?;
            Some(match &api_key {
                Some(key) => client.with_header("X-TYPESENSE-API-KEY", key),
                None => client,
            })
        }
        None => None,
    })
}

/// Writes the records for the chosen engine into `--out` and, with `--push`, sends them.
pub fn run_export(args: &ExportArgs, records: &[Record]) -> anyhow::Result<ExportSummary> {
    let started = Instant::now();
    // A bad URL is refused before any file is written.
    let client = export_client(args)?;
    if args.insecure
        && args
            .push
            .as_ref()
            .is_some_and(|u| u.starts_with("https://"))
    {
        eprintln!(
            "warning: --insecure: the engine's certificate is not checked; anyone between here and it can read and change what is sent"
        );
    }
    let plan = plan_export(args.format, &args.index_id, records, args.batch_bytes)?;
    let files = write_plan(&plan, &args.out)?;
    let bytes_written = files
        .iter()
        .filter_map(|path| std::fs::metadata(path).ok())
        .map(|meta| meta.len())
        .sum();
    let push = match &client {
        Some(client) => {
            let progress = progress_bar(records.len() as u64, args.format);
            let report = match args.format {
                ExportFormat::Quickwit => quickwit::push(client, &plan, &progress),
                ExportFormat::Opensearch => opensearch::push(client, &plan, &progress),
                ExportFormat::Typesense => typesense::push(client, &plan, &progress),
            };
            progress.finish_and_clear();
            // The summary that names the folder is not printed on failure:
            // the error says the files are there.
            Some(report.with_context(|| {
                format!(
                    "wrote {} record(s) for {} to {} ({} data file(s); see {} to load them by hand), but the push failed",
                    records.len(),
                    args.format,
                    args.out.display(),
                    plan.batches.len(),
                    args.out.join(README_FILE).display()
                )
            })?)
        }
        None => None,
    };
    Ok(ExportSummary {
        format: args.format,
        index_id: args.index_id.clone(),
        out: args.out.clone(),
        records: records.len(),
        data_files: plan.batches.len(),
        files,
        bytes_written,
        elapsed: started.elapsed(),
        push,
    })
}

/// The key clap read from `--api-key` or `TYPESENSE_API_KEY`.
fn typesense_api_key(args: &ExportArgs) -> Result<String, ExportError> {
    args.api_key
        .clone()
        .filter(|key| !key.is_empty())
        .ok_or(ExportError::MissingApiKey)
}

/// The push's progress line: at most 80 columns (see its test).
const PROGRESS_TEMPLATE: &str = "{msg} [{bar:20}] {pos}/{len} documents ({elapsed})";

/// A progress bar on a terminal, nothing otherwise.
fn progress_bar(documents: u64, format: ExportFormat) -> ProgressBar {
    if !stderr_is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(documents), ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template(PROGRESS_TEMPLATE)
            .expect("the progress template is valid")
            .progress_chars("=> "),
    );
    bar.set_message(progress_message(format));
    bar
}

fn progress_message(format: ExportFormat) -> String {
    format!("pushing to {format}")
}

/// Sends every batch of the plan as a `POST` to `path` and reads each answer
/// with `read`, which returns how many documents the engine accepted (or the
/// error naming those it rejected). A non-2xx answer is an error.
pub(crate) fn push_batches(
    client: &http::Client,
    plan: &ExportPlan,
    progress: &ProgressBar,
    verb: &str,
    path: &str,
    content_type: &str,
    read: impl Fn(&str, &http::Answer, &Batch) -> Result<usize, ExportError>,
) -> Result<usize, ExportError> {
    let mut documents = 0;
    for (index, batch) in plan.batches.iter().enumerate() {
        let step = format!("{verb} {}", plan.data_file_name(index));
        let body = batch.body.as_bytes();
        let sent = send_retrying(client, http::Method::Post, path, content_type, body);
        let pushed = sent.and_then(|answer| {
            if answer.is_success() {
                read(&step, &answer, batch)
            } else {
                Err(ExportError::status(client.engine(), step, &answer))
            }
        });
        match pushed {
            Ok(count) => documents += count,
            Err(err) => {
                let loaded_of_file = match &err {
                    ExportError::Rejected { loaded, .. } => *loaded,
                    _ => 0,
                };
                if index == 0 && loaded_of_file == 0 {
                    return Err(err);
                }
                return Err(ExportError::PartlyLoaded {
                    cause: Box::new(err),
                    documents,
                    files: index,
                    loaded_of_file,
                    file: plan.data_file_name(index),
                    again: match plan.format {
                        ExportFormat::Quickwit => {
                            "Quickwit has no upsert: delete the index before pushing again"
                        }
                        _ => "pushing again replaces them by id",
                    },
                });
            }
        }
        progress.inc(batch.ids.len() as u64);
    }
    Ok(documents)
}

/// How long to wait before each new try of a request that an engine turned
/// away for now (429 Too Many Requests, 503 Service Unavailable).
const RETRY_WAITS: [Duration; 3] = [
    Duration::from_millis(500),
    Duration::from_secs(2),
    Duration::from_secs(5),
];

/// Sends one request (a batch, or the creation of the index or collection),
/// trying again after a pause while the engine answers 429 or 503 (it is
/// busy, or still starting, and has not taken the request).
pub(crate) fn send_retrying(
    client: &http::Client,
    method: http::Method,
    path: &str,
    content_type: &str,
    body: &[u8],
) -> Result<http::Answer, ExportError> {
    let mut waits = RETRY_WAITS.iter();
    loop {
        let answer = client.send(method, path, content_type, body)?;
        match (answer.status, waits.next()) {
            (429 | 503, Some(wait)) => std::thread::sleep(*wait),
            _ => return Ok(answer),
        }
    }
}

impl ExportError {
    /// An index id or collection name that `engine` would refuse.
    pub(crate) fn invalid_index_id(
        engine: &'static str,
        id: &str,
        reason: impl Into<String>,
    ) -> Self {
        ExportError::InvalidIndexId {
            engine,
            id: id.to_string(),
            reason: reason.into(),
        }
    }

    /// An engine answered `step` with an error status.
    pub(crate) fn status(engine: &'static str, step: String, answer: &http::Answer) -> Self {
        ExportError::Status {
            engine,
            step,
            status: answer.status,
            body: answer.body_excerpt(),
        }
    }

    /// An engine rejected these documents, as `(id, reason)`, and loaded
    /// `loaded` others of the same request.
    pub(crate) fn rejected(
        engine: &'static str,
        rejections: &[(String, String)],
        loaded: usize,
    ) -> Self {
        let mut parts: Vec<String> = rejections
            .iter()
            .take(10)
            .map(|(id, reason)| format!("{id}: {}", http::excerpt(reason, 300)))
            .collect();
        if rejections.len() > 10 {
            parts.push(format!("and {} more", rejections.len() - 10));
        }
        ExportError::Rejected {
            engine,
            count: rejections.len(),
            ids: rejections.iter().map(|(id, _)| id.clone()).collect(),
            details: parts.join("; "),
            loaded,
        }
    }
}

/// What a push that failed part way loaded: `documents` from the `files`
/// before `file`, and `loaded_of_file` of `file` itself.
fn loaded_text(documents: usize, files: usize, loaded_of_file: usize, file: &str) -> String {
    match (files, loaded_of_file) {
        (_, 0) => {
            format!("the {documents} document(s) of the {files} file(s) before {file} were loaded")
        }
        (0, _) => format!("the other {loaded_of_file} document(s) of {file} were loaded"),
        _ => format!(
            "the {documents} document(s) of the {files} file(s) before {file} and the other {loaded_of_file} of {file} were loaded"
        ),
    }
}

/// The first character of `name` that is not an ASCII letter, digit, `.`,
/// `_` or `-` (the names that need no escaping in a URL path).
pub(crate) fn first_unsafe_name_char(name: &str) -> Option<char> {
    name.chars()
        .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-')))
}

/// Reads a JSON answer, or explains what came back instead.
pub(crate) fn parse_answer(
    engine: &'static str,
    step: &str,
    answer: &http::Answer,
) -> Result<serde_json::Value, ExportError> {
    serde_json::from_str(&answer.body).map_err(|e| ExportError::BadAnswer {
        engine,
        step: step.to_string(),
        reason: e.to_string(),
        body: answer.body_excerpt(),
    })
}

/// Fills a README template: `{id}`, `{records}`, `{config}`, `{prefix}`,
/// `{ext}`, `{files}` and `{limit}` stand for the plan's values; other braces (JSON in
/// the examples) stay as they are.
pub(crate) fn fill_readme(template: &str, plan: &ExportPlan) -> String {
    [
        ("{id}", plan.index_id.clone()),
        ("{records}", plan.records.to_string()),
        ("{config}", plan.config_file.to_string()),
        ("{prefix}", plan.data_prefix.to_string()),
        ("{ext}", plan.data_ext.to_string()),
        ("{files}", plan.batches.len().to_string()),
        ("{limit}", size_text(plan.batch_bytes)),
    ]
    .iter()
    .fold(template.to_string(), |text, (key, value)| {
        text.replace(key, value)
    })
}

/// A byte count as the README of an export gives it: whole megabytes as
/// `10 MB`, anything else in bytes.
fn size_text(bytes: usize) -> String {
    if bytes >= 1_000_000 && bytes.is_multiple_of(1_000_000) {
        format!("{} MB", bytes / 1_000_000)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: &str, bytes: usize) -> DataUnit {
        let mut text = "x".repeat(bytes - 1);
        text.push('\n');
        DataUnit {
            id: id.to_string(),
            text,
        }
    }

    /// The push's progress line fits in an 80-column terminal at its
    /// widest: the longest engine's name, ten million documents, and an
    /// elapsed time of two digits and a unit. At 30 columns of bar it took 86.
    #[test]
    fn the_progress_line_fits_in_80_columns() {
        use unicode_width::UnicodeWidthStr;
        let message = ExportFormat::value_variants()
            .iter()
            .map(|format| progress_message(*format))
            .max_by_key(|message| message.width())
            .expect("an engine");
        let elapsed = format!(
            "{:#}",
            indicatif::HumanDuration(std::time::Duration::from_secs(59 * 60))
        );
        let line = crate::output::with_bar_drawn(PROGRESS_TEMPLATE)
            .replace("{msg}", &message)
            .replace("{pos}", "9999999")
            .replace("{len}", "9999999")
            .replace("{elapsed}", &elapsed);
        assert!(!line.contains('{'), "{line}");
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }

    #[test]
    fn batches_stay_within_the_limit() -> Result<(), ExportError> {
        let units = vec![unit("a", 4), unit("b", 4), unit("c", 3), unit("d", 10)];
        let batches = batch_units("test", units, 10)?;
        let ids: Vec<Vec<String>> = batches.iter().map(|b| b.ids.clone()).collect();
        assert_eq!(ids, vec![vec!["a", "b"], vec!["c"], vec!["d"]]);
        assert!(batches.iter().all(|b| b.body.len() <= 10));
        Ok(())
    }

    #[test]
    fn a_document_larger_than_the_limit_is_named() {
        let err = batch_units("test", vec![unit("big", 11)], 10);
        assert!(matches!(err, Err(ExportError::DocumentTooLarge { ref id, .. }) if id == "big"));
    }

    #[derive(Debug, clap::Parser)]
    struct Wrapper {
        #[command(flatten)]
        export: ExportArgs,
    }

    #[test]
    fn parses_the_command_line_with_its_defaults() -> Result<(), clap::Error> {
        use clap::Parser;
        let parsed = Wrapper::try_parse_from([
            "export",
            "--format",
            "opensearch",
            "--out",
            "dir",
            "--api-key",
            "k",
        ])?
        .export;
        assert_eq!(parsed.format, ExportFormat::Opensearch);
        assert_eq!(parsed.out, PathBuf::from("dir"));
        assert_eq!(parsed.index_id, "bulletin");
        assert_eq!(parsed.push, None);
        assert_eq!(parsed.timeout_secs, 30);
        assert_eq!(parsed.batch_bytes, DEFAULT_BATCH_BYTES);
        assert_eq!(parsed.api_key.as_deref(), Some("k"));
        let parsed = Wrapper::try_parse_from([
            "export",
            "--format",
            "quickwit",
            "--out",
            "d",
            "--index-id",
            "news",
            "--push",
            "http://127.0.0.1:7280",
            "--timeout-secs",
            "5",
        ])?
        .export;
        assert_eq!(
            (
                parsed.index_id.as_str(),
                parsed.push.as_deref(),
                parsed.timeout_secs
            ),
            ("news", Some("http://127.0.0.1:7280"), 5)
        );
        assert!(Wrapper::try_parse_from(["export", "--format", "solr", "--out", "d"]).is_err());
        Ok(())
    }

    #[test]
    fn recognises_the_files_an_export_writes() -> Result<(), ExportError> {
        // Each format's own files, by the names its plan gives them.
        for format in [
            ExportFormat::Quickwit,
            ExportFormat::Opensearch,
            ExportFormat::Typesense,
        ] {
            let plan = plan_export(format, "bulletin", &[], 100)?;
            assert!(is_export_file(plan.config_file), "{format:?}");
            assert!(is_export_file(&plan.data_file_name(0)), "{format:?}");
            assert!(is_export_file(&plan.data_file_name(12344)), "{format:?}");
        }
        assert!(is_export_file(README_FILE));
        for other in [
            "docs-.ndjson",
            "docs-0001.ndjson.bak",
            "docs-00a1.ndjson",
            "notes.txt",
            "index.html",
        ] {
            assert!(!is_export_file(other), "{other}");
        }
        Ok(())
    }
}
