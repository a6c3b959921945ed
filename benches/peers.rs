//! bulletin side by side with its peers: `cargo bench --bench peers`.
//!
//! One generated corpus (200,000 entries; `PEERS_ENTRIES` changes it) is
//! indexed by three engines, each in a child process of this binary (it runs
//! itself again with `child ENGINE …`), so each engine's peak memory is its
//! own:
//!
//! - `bulletin`: `bulletin::index::build`, the whole pipeline of
//!   `bulletin index --rebuild` (read, hash, split, extract, tantivy documents
//!   with stored records and facets, commit, merges);
//! - `tantivy`: raw tantivy 0.27, `title` and `body` as `TEXT` with the
//!   default tokenizer, nothing stored, the same writer threads and heap as
//!   bulletin (`writer_heap_and_threads`);
//! - `sqlite`: SQLite FTS5 through rusqlite (bundled SQLite),
//!   `fts5(title, body, tokenize='porter unicode61 remove_diacritics 2')`,
//!   every row inserted in one transaction.
//!
//! Every child runs with mimalloc, the allocator `bulletin` ships with
//! (`common`'s global allocator); SQLite's C code keeps the C allocator.
//!
//! Fair by construction: every engine's timing starts before it lists and
//! reads the corpus files (warm in the page cache: the parent reads them all
//! once first) and ends when its index is durable (tantivy: commit and merges
//! done; SQLite: transaction committed); over the same span the child's CPU
//! time is read (getrusage: user + system time of all its threads), which
//! shows the work each engine does apart from how well it fills the cores
//! and how busy the machine is. The peers split entries with
//! `bulletin::corpus::split_bulletin`, inside the timing; their `body` is every
//! line of the entry after the title (dateline paragraph included).
//!
//! Then each child answers the twenty queries of `common::QUERIES`, one warm-up
//! pass and `PEERS_QUERY_PASSES` timed passes (default 20), one query at a
//! time, each asked for the top 10 and the exact count:
//!
//! - `bulletin`: `Engine::search` with three facet counts (country, programme,
//!   year), the exact total, the top 10 with stored records and snippets; and
//!   separately the same with a country, programme and from/to filter;
//! - `tantivy`: `QueryParser` over title and body, all words required, one
//!   search with `(Count, TopDocs(10))`;
//! - `sqlite`: `SELECT rowid FROM t WHERE t MATCH ? ORDER BY rank LIMIT 10`
//!   then `SELECT count(*) FROM t WHERE t MATCH ?`, each word quoted (all
//!   required), statements prepared once.
//!
//! Rounds (`PEERS_ROUNDS`, default 3) run the engines one after another, the
//! order rotated each round; the table shows each figure's median over the
//! rounds and its ratio to raw tantivy. Peak memory is read twice: VmHWM of
//! the child's /proc/self/status at its end, and ru_maxrss from wait4(2),
//! which never reads below the parent's own peak when the child started (exec
//! keeps the peak of the vforked address space), so the parent generates the
//! corpus in a child of its own and stays small.
//! At 1,000,000 entries and more only bulletin runs unless `PEERS_ENGINES`
//! (a comma list of bulletin, tantivy, sqlite) says otherwise.

mod common;

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use bulletin::corpus::{find_bulletin_files, source_name, split_bulletin};
use bulletin::index::{IndexOptions, build, writer_heap_and_threads};
use bulletin::search::Engine;
use common::{
    QUERIES, Variant, bench_dir, cached_corpus, dir_bytes, env_usize, is_benchmarking, median,
    quantile, remove_dir_if_present, request,
};
use serde_json::{Value, json};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TEXT};
use tantivy::{Index, IndexWriter, TantivyDocument, doc};

const DEFAULT_ENTRIES: usize = 200_000;
const TEST_MODE_ENTRIES: usize = 300;
const ENGINES: [&str; 3] = ["bulletin", "tantivy", "sqlite"];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("child") => child(&args[2..]),
        Some("corpus") => corpus_child(&args[2..]),
        _ => parent(),
    }
}

// ---------------------------------------------------------------- parent

/// What one child measured, plus what the parent saw of it.
struct Run {
    engine: String,
    report: Value,
    index_bytes: u64,
    max_rss_kib: u64,
}

impl Run {
    fn number(&self, key: &str) -> f64 {
        self.report[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{} child reported no {key}", self.engine))
    }
}

fn parent() {
    let benchmarking = is_benchmarking();
    let entries = env_usize(
        "PEERS_ENTRIES",
        if benchmarking {
            DEFAULT_ENTRIES
        } else {
            TEST_MODE_ENTRIES
        },
    );
    let rounds = env_usize("PEERS_ROUNDS", if benchmarking { 3 } else { 1 });
    let passes = env_usize("PEERS_QUERY_PASSES", if benchmarking { 20 } else { 1 });
    let engines: Vec<String> = match std::env::var("PEERS_ENGINES") {
        Ok(list) => list.split(',').map(|e| e.trim().to_string()).collect(),
        Err(_) if entries >= 1_000_000 => vec!["bulletin".to_string()],
        Err(_) => ENGINES.iter().map(|e| e.to_string()).collect(),
    };
    for engine in &engines {
        assert!(
            ENGINES.contains(&engine.as_str()),
            "unknown engine {engine}"
        );
    }

    let corpus = corpus_in_child(entries);
    // Every engine reads the files from the page cache, the first one too.
    let warm_bytes: usize = find_bulletin_files(std::slice::from_ref(&corpus.dir))
        .expect("listing the corpus")
        .iter()
        .map(|path| std::fs::read(path).expect("reading the corpus").len())
        .sum();
    assert_eq!(warm_bytes as u64, corpus.bytes);
    let (heap, threads) = writer_heap_and_threads();
    eprintln!(
        "peers: {entries} entries, {} files, {:.1} MB; {rounds} round(s) of {}; {passes} query pass(es); \
         {} cores; tantivy writers: {threads} thread(s), {} MiB heap; load average {}",
        corpus.files,
        corpus.bytes as f64 / 1e6,
        engines.join(", "),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        heap >> 20,
        common::load_average()
    );

    // A child's ru_maxrss starts from this process's peak: the child is
    // spawned with vfork, and exec(2) records the peak of the address space it
    // leaves, which is ours. Hence the corpus is generated in a child too.
    eprintln!(
        "peers: this process's peak RSS before the engines run: {:.0} MiB \
         (the floor of every ru_maxrss below)",
        vm_hwm_kib() as f64 / 1024.0
    );
    let work = bench_dir().join("peers-work");
    let mut runs: Vec<Run> = Vec::new();
    for round in 0..rounds {
        for turn in 0..engines.len() {
            let engine = &engines[(round + turn) % engines.len()];
            let dir = work.join(format!("{engine}-{round}"));
            remove_dir_if_present(&dir);
            let run = run_child(engine, &corpus.dir, &dir, corpus.entries, passes);
            eprintln!(
                "round {}: {engine:<8} {:>8.2} s ({:>6.2} s CPU) {:>9.0} entries/s  index {:>7.1} MB  \
                 VmHWM {:>6.0} MiB  ru_maxrss {:>6.0} MiB  p50 {:>6.3} ms  p99 {:>6.3} ms  (load average {})",
                round + 1,
                run.number("index_seconds"),
                run.number("index_cpu_seconds"),
                corpus.entries as f64 / run.number("index_seconds"),
                run.index_bytes as f64 / 1e6,
                run.number("vm_hwm_kib") / 1024.0,
                run.max_rss_kib as f64 / 1024.0,
                run.number("p50_ms"),
                run.number("p99_ms"),
                common::load_average()
            );
            remove_dir_if_present(&dir);
            runs.push(run);
        }
    }
    remove_dir_if_present(&work);
    print_table(&corpus, &engines, &runs, rounds, passes);
}

/// Generates (or finds) the cached corpus in a child process, so that its
/// text never swells this process's peak RSS (see `parent`).
fn corpus_in_child(entries: usize) -> common::CachedCorpus {
    let exe = std::env::current_exe().expect("the bench binary's path");
    let output = Command::new(exe)
        .arg("corpus")
        .arg(entries.to_string())
        .stderr(Stdio::inherit())
        .output()
        .expect("starting the corpus child");
    assert!(output.status.success(), "the corpus child failed");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let report: Value = stdout
        .lines()
        .find_map(|line| line.strip_prefix("CORPUS "))
        .and_then(|line| serde_json::from_str(line).ok())
        .unwrap_or_else(|| panic!("the corpus child printed no report: {stdout}"));
    let number = |key: &str| report[key].as_u64().expect("a corpus figure");
    common::CachedCorpus {
        dir: PathBuf::from(report["dir"].as_str().expect("a corpus folder")),
        entries: number("entries") as usize,
        files: number("files") as usize,
        bytes: number("bytes"),
        hash: report["hash"].as_str().expect("a corpus hash").to_string(),
    }
}

/// `corpus ENTRIES`: writes the cached corpus and prints one `CORPUS {json}` line.
fn corpus_child(args: &[String]) {
    let [entries] = args else {
        panic!("usage: peers corpus ENTRIES");
    };
    let corpus = cached_corpus(entries.parse().expect("ENTRIES"));
    let report = json!({
        "dir": corpus.dir.to_str().expect("a UTF-8 bench folder"),
        "entries": corpus.entries,
        "files": corpus.files,
        "bytes": corpus.bytes,
        "hash": corpus.hash,
    });
    println!("CORPUS {report}");
}

/// Runs one engine in a child process and collects its report.
// The child is reaped by wait4(2) in `wait_with_max_rss`, not by `Child::wait`,
// which would not hand back its resource usage.
#[allow(clippy::zombie_processes)]
fn run_child(engine: &str, corpus: &Path, dir: &Path, entries: usize, passes: usize) -> Run {
    let exe = std::env::current_exe().expect("the bench binary's path");
    let mut child = Command::new(exe)
        .arg("child")
        .arg(engine)
        .arg(corpus)
        .arg(dir)
        .arg(entries.to_string())
        .arg(passes.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .expect("starting a peer child");
    let mut stdout = String::new();
    child
        .stdout
        .take()
        .expect("a piped stdout")
        .read_to_string(&mut stdout)
        .expect("reading the child's report");
    let (status, max_rss_kib) = wait_with_max_rss(child.id());
    assert!(
        status == 0,
        "the {engine} child failed (wait status {status})"
    );
    let report: Value = stdout
        .lines()
        .find_map(|line| line.strip_prefix("REPORT "))
        .and_then(|line| serde_json::from_str(line).ok())
        .unwrap_or_else(|| panic!("the {engine} child printed no report: {stdout}"));
    Run {
        engine: engine.to_string(),
        report,
        index_bytes: dir_bytes(dir),
        max_rss_kib,
    }
}

/// Reaps the child `pid` with wait4(2): its wait status and its peak resident
/// set in KiB (ru_maxrss), which the kernel keeps per process.
fn wait_with_max_rss(pid: u32) -> (i32, u64) {
    let mut status = 0;
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `pid` is our own child, not yet reaped (std never waited on it),
    // and both pointers are to live locals.
    let reaped = unsafe { libc::wait4(pid as libc::pid_t, &mut status, 0, &mut usage) };
    assert_eq!(reaped, pid as libc::pid_t, "wait4 failed");
    let exit = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (exit, usage.ru_maxrss as u64)
}

/// Prints the medians over the rounds and the ratios to raw tantivy and SQLite.
fn print_table(
    corpus: &common::CachedCorpus,
    engines: &[String],
    runs: &[Run],
    rounds: usize,
    passes: usize,
) {
    let of = |engine: &str, figure: &dyn Fn(&Run) -> f64| -> Option<f64> {
        let values: Vec<f64> = runs
            .iter()
            .filter(|run| run.engine == engine)
            .map(figure)
            .collect();
        (!values.is_empty()).then(|| median(&values))
    };
    let entries = corpus.entries as f64;
    let mb = corpus.bytes as f64 / 1e6;
    let rate = |engine: &str| of(engine, &|run| entries / run.number("index_seconds"));
    let p50 = |engine: &str| of(engine, &|run| run.number("p50_ms"));
    let ratio = |value: Option<f64>, base: Option<f64>| match (value, base) {
        (Some(value), Some(base)) => format!("{:.2}x", value / base),
        _ => "-".to_string(),
    };
    println!(
        "\npeers: {} entries, {} files, {mb:.1} MB, medians over {rounds} round(s); \
         queries: {} x {passes} pass(es), top 10 + exact count (bulletin: + 3 facet counts, \
         records and snippets)\n",
        corpus.entries,
        corpus.files,
        QUERIES.len(),
    );
    let header = format!(
        "{:<9} {:>8} {:>7} {:>10} {:>7} {:>9} {:>9} {:>9} {:>10} {:>10} {:>9} {:>9} {:>9} {:>9}",
        "engine",
        "index s",
        "CPU s",
        "entries/s",
        "MB/s",
        "x tantivy",
        "x sqlite",
        "index MB",
        "VmHWM MiB",
        "maxrss MiB",
        "p50 ms",
        "p99 ms",
        "p50 x tv",
        "matches"
    );
    println!("{header}");
    println!("{}", "-".repeat(header.len()));
    for engine in engines {
        let seconds = of(engine, &|run| run.number("index_seconds")).expect("a run");
        println!(
            "{:<9} {:>8.2} {:>7.2} {:>10.0} {:>7.2} {:>9} {:>9} {:>9.1} {:>10.0} {:>10.0} {:>9.3} {:>9.3} {:>9} {:>9.0}",
            engine,
            seconds,
            of(engine, &|run| run.number("index_cpu_seconds")).expect("a run"),
            rate(engine).expect("a run"),
            mb / seconds,
            ratio(rate(engine), rate("tantivy")),
            ratio(rate(engine), rate("sqlite")),
            of(engine, &|run| run.index_bytes as f64 / 1e6).expect("a run"),
            of(engine, &|run| run.number("vm_hwm_kib") / 1024.0).expect("a run"),
            of(engine, &|run| run.max_rss_kib as f64 / 1024.0).expect("a run"),
            p50(engine).expect("a run"),
            of(engine, &|run| run.number("p99_ms")).expect("a run"),
            ratio(p50(engine), p50("tantivy")),
            of(engine, &|run| run.number("matches")).expect("a run"),
        );
    }
    if engines.iter().any(|e| e == "bulletin") {
        println!(
            "{:<9} {:>96.3} {:>9.3} {:>9} {:>9.0}",
            "+filters",
            of("bulletin", &|run| run.number("filtered_p50_ms")).expect("a run"),
            of("bulletin", &|run| run.number("filtered_p99_ms")).expect("a run"),
            "",
            of("bulletin", &|run| run.number("filtered_matches")).expect("a run"),
        );
    }
    println!(
        "\nindex s: wall time from listing the files to a durable index; MB/s: corpus bytes / index s;\n\
         CPU s: user + system time of all the child's threads over the same span;\n\
         VmHWM: the child's own peak RSS read at its end (after queries); maxrss: ru_maxrss from wait4\n\
         (at least this process's peak when the child started, printed above);\n\
         VmHWM after indexing only: {};\n\
         matches: sum of the exact counts of the 20 queries (analyzers differ: bulletin and sqlite stem).",
        engines
            .iter()
            .map(|engine| format!(
                "{engine} {:.0} MiB",
                of(engine, &|run| run.number("vm_hwm_after_index_kib") / 1024.0).expect("a run")
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
}

// ---------------------------------------------------------------- child

/// `child ENGINE CORPUS_DIR INDEX_DIR ENTRIES PASSES`: indexes, queries, and
/// prints one `REPORT {json}` line.
fn child(args: &[String]) {
    let [engine, corpus, dir, entries, passes] = args else {
        panic!("usage: peers child ENGINE CORPUS_DIR INDEX_DIR ENTRIES PASSES");
    };
    let corpus = PathBuf::from(corpus);
    let dir = PathBuf::from(dir);
    let entries: usize = entries.parse().expect("ENTRIES");
    let passes: usize = passes.parse().expect("PASSES");
    let mut report = match engine.as_str() {
        "bulletin" => bulletin_child(&corpus, &dir, entries, passes),
        "tantivy" => tantivy_child(&corpus, &dir, entries, passes),
        "sqlite" => sqlite_child(&corpus, &dir, entries, passes),
        other => panic!("unknown engine {other}"),
    };
    report["vm_hwm_kib"] = json!(vm_hwm_kib());
    println!("REPORT {report}");
}

/// This process's peak resident set so far, in KiB.
fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .expect("reading /proc/self/status")
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line")
}

/// User + system CPU time of this process so far, all its threads (live or
/// ended) together, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: an all-zero rusage is a valid value of this plain C struct.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pointer is to a live local.
    let done = unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    assert_eq!(done, 0, "getrusage failed");
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// Wall and CPU time of an engine's indexing, from before it lists the files.
struct IndexTimer {
    wall: Instant,
    cpu: f64,
}

impl IndexTimer {
    fn start() -> Self {
        IndexTimer {
            wall: Instant::now(),
            cpu: cpu_seconds(),
        }
    }

    /// The child's report once its index is durable: the wall and CPU time
    /// it took and the peak RSS so far.
    fn report(self) -> Value {
        json!({
            "index_seconds": self.wall.elapsed().as_secs_f64(),
            "index_cpu_seconds": cpu_seconds() - self.cpu,
            "vm_hwm_after_index_kib": vm_hwm_kib(),
        })
    }
}

/// Times each query of each pass after one untimed warm-up pass; `run`
/// answers query `index` and returns its exact count. Returns the sorted
/// latencies in ms and the warm-up pass's counts summed.
fn time_queries(passes: usize, mut run: impl FnMut(usize) -> usize) -> (Vec<f64>, usize) {
    let counts: Vec<usize> = (0..QUERIES.len()).map(&mut run).collect();
    let mut millis = Vec::with_capacity(passes * QUERIES.len());
    for _ in 0..passes {
        for (index, &count) in counts.iter().enumerate() {
            let started = Instant::now();
            let answered = run(index);
            millis.push(started.elapsed().as_secs_f64() * 1e3);
            assert_eq!(answered, count, "{:?} changed its count", QUERIES[index]);
        }
    }
    millis.sort_by(f64::total_cmp);
    (millis, counts.iter().sum())
}

fn latency_report(report: &mut Value, prefix: &str, (millis, matches): (Vec<f64>, usize)) {
    report[format!("{prefix}p50_ms")] = json!(quantile(&millis, 0.5));
    report[format!("{prefix}p99_ms")] = json!(quantile(&millis, 0.99));
    report[format!("{prefix}matches")] = json!(matches);
}

fn bulletin_child(corpus: &Path, dir: &Path, entries: usize, passes: usize) -> Value {
    let timer = IndexTimer::start();
    let mut options = IndexOptions::new(dir, vec![corpus.to_path_buf()]);
    options.rebuild = true;
    let summary = build(&options).expect("bulletin indexing");
    let mut report = timer.report();
    assert_eq!(summary.entries_total, entries);
    assert!(summary.warnings.is_empty(), "{}", summary.warnings[0]);

    let engine = Engine::open(dir).expect("opening bulletin's index");
    let ask = |variant: Variant| {
        let engine = &engine;
        move |index: usize| {
            let response = engine.search(&request(index, variant)).expect("searching");
            assert_eq!(response.hits.len(), response.total.min(10));
            assert_eq!(response.facets.as_ref().map(|f| f.len()), Some(3));
            response.total
        }
    };
    latency_report(&mut report, "", time_queries(passes, ask(Variant::Facets)));
    let filtered = time_queries(passes, ask(Variant::FilteredFacets));
    latency_report(&mut report, "filtered_", filtered);
    report
}

/// Lists and reads the corpus and hands each entry's title and body (every
/// line after the title) to `add`; returns the entry count.
fn for_each_entry(corpus: &Path, mut add: impl FnMut(&str, &str)) -> usize {
    let mut count = 0;
    let mut body = String::new();
    for path in find_bulletin_files(&[corpus.to_path_buf()]).expect("listing the corpus") {
        let bytes = std::fs::read(&path).expect("reading the corpus");
        let bulletin = split_bulletin(&source_name(&path), &bytes);
        assert!(bulletin.warnings.is_empty(), "{}", bulletin.warnings[0]);
        for entry in &bulletin.entries {
            body.clear();
            body.push_str(&entry.dateline.text);
            for paragraph in &entry.paragraphs {
                body.push('\n');
                body.push_str(&paragraph.text);
            }
            add(&entry.title.text, &body);
            count += 1;
        }
    }
    count
}

fn tantivy_child(corpus: &Path, dir: &Path, entries: usize, passes: usize) -> Value {
    let timer = IndexTimer::start();
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", TEXT);
    let body = schema.add_text_field("body", TEXT);
    std::fs::create_dir_all(dir).expect("creating the tantivy folder");
    let index = Index::create_in_dir(dir, schema.build()).expect("creating the tantivy index");
    let (heap, threads) = writer_heap_and_threads();
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(threads, heap)
        .expect("a tantivy writer");
    let count = for_each_entry(corpus, |entry_title, entry_body| {
        writer
            .add_document(doc!(title => entry_title, body => entry_body))
            .expect("adding a document");
    });
    writer.commit().expect("committing");
    writer.wait_merging_threads().expect("merging");
    let mut report = timer.report();
    assert_eq!(count, entries);

    let searcher = index.reader().expect("a tantivy reader").searcher();
    assert_eq!(searcher.num_docs() as usize, entries);
    let mut parser = QueryParser::for_index(&index, vec![title, body]);
    parser.set_conjunction_by_default();
    let collector = (Count, TopDocs::with_limit(10).order_by_score());
    let timed = time_queries(passes, |index| {
        let query = parser.parse_query(QUERIES[index]).expect("parsing a query");
        let (total, top) = searcher.search(&query, &collector).expect("searching");
        assert_eq!(top.len(), total.min(10));
        total
    });
    latency_report(&mut report, "", timed);
    report
}

fn sqlite_child(corpus: &Path, dir: &Path, entries: usize, passes: usize) -> Value {
    let timer = IndexTimer::start();
    std::fs::create_dir_all(dir).expect("creating the sqlite folder");
    let mut connection =
        rusqlite::Connection::open(dir.join("fts.sqlite3")).expect("opening sqlite");
    connection
        .execute_batch(
            "CREATE VIRTUAL TABLE t USING fts5(title, body, \
             tokenize = 'porter unicode61 remove_diacritics 2');",
        )
        .expect("creating the fts5 table");
    let transaction = connection.transaction().expect("a transaction");
    let count = {
        let mut insert = transaction
            .prepare("INSERT INTO t (title, body) VALUES (?1, ?2)")
            .expect("preparing the insert");
        for_each_entry(corpus, |title, body| {
            insert.execute((title, body)).expect("inserting a row");
        })
    };
    transaction.commit().expect("committing");
    let mut report = timer.report();
    assert_eq!(count, entries);

    // Each word quoted: FTS5 reads adjacent strings as all required, and no
    // word is taken for an operator.
    let matches: Vec<String> = QUERIES
        .iter()
        .map(|query| {
            query
                .split_whitespace()
                .map(|word| format!("\"{word}\""))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut top = connection
        .prepare("SELECT rowid FROM t WHERE t MATCH ?1 ORDER BY rank LIMIT 10")
        .expect("preparing the top 10");
    let mut total = connection
        .prepare("SELECT count(*) FROM t WHERE t MATCH ?1")
        .expect("preparing the count");
    let timed = time_queries(passes, |index| {
        let rowids: Vec<i64> = top
            .query_map([&matches[index]], |row| row.get(0))
            .expect("querying")
            .collect::<Result<_, _>>()
            .expect("reading rowids");
        let count: i64 = total
            .query_row([&matches[index]], |row| row.get(0))
            .expect("counting");
        assert_eq!(rowids.len(), (count as usize).min(10));
        count as usize
    });
    latency_report(&mut report, "", timed);
    report
}
