//! Crashes, races and write errors: the indexer killed with SIGKILL at seeded
//! random moments, searches racing an update's commit, and a disk that fills
//! up while indexing. Expected values come from the generated corpus and from
//! the manifest of the index's last commit, never from typed-in counts.

mod common;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bulletin::generate::{generate_corpus, generate_corpus_in_memory};
use bulletin::index::{Fields, IndexOptions, build, load_manifest, open_existing};
use bulletin::search::{Engine, MAX_LIMIT, SearchRequest, Sort};
use common::shipped_bulletin;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;

/// Longest any one step may take before the test calls it hung.
const HANG: Duration = Duration::from_secs(180);

/// A small xorshift generator: the kill moments are random but repeatable.
struct Rng(u64);

impl Rng {
    /// Seeded from `BULLETIN_TEST_SEED` when set, else a fixed seed; prints it.
    fn from_env(default: u64) -> Self {
        let seed = std::env::var("BULLETIN_TEST_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(default);
        eprintln!("seed {seed} (set BULLETIN_TEST_SEED to repeat another)");
        // One splitmix64 step, so that nearby seeds start far apart.
        let mut mixed = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        mixed = (mixed ^ (mixed >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        mixed = (mixed ^ (mixed >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((mixed ^ (mixed >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number in `low..=high`.
    fn between(&mut self, low: u64, high: u64) -> u64 {
        low + self.next() % (high - low + 1)
    }
}

fn spawn_indexer(index: &Path, corpus: &Path, commit_every: usize) -> Child {
    Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
        .arg("--index")
        .arg(index)
        .arg("--corpus")
        .arg(corpus)
        .arg("index")
        .env("BULLETIN_COMMIT_EVERY", commit_every.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the indexer starts")
}

/// The opstamp of the index's last commit, once `meta.json` exists.
fn opstamp(index: &Path) -> Option<u64> {
    let text = std::fs::read_to_string(index.join("meta.json")).ok()?;
    let meta: serde_json::Value = serde_json::from_str(&text).ok()?;
    meta["opstamp"].as_u64()
}

/// Checks that the index opens and that searching answers exactly what its
/// last commit's manifest lists: every listed file with its entry count, and
/// nothing else. Returns the number of entries committed.
fn check_answers_from_last_commit(index_dir: &Path) -> usize {
    let engine = Engine::open(index_dir).expect("the index opens after the kill");
    let index = open_existing(index_dir).expect("the index opens");
    let manifest = load_manifest(&index).expect("the last commit's manifest reads");
    let fields = Fields::new(&index.schema()).expect("the schema is ours");
    let searcher = engine.searcher();
    let everything = engine
        .search(&SearchRequest {
            limit: 0,
            ..SearchRequest::default()
        })
        .expect("an empty query answers");
    assert_eq!(
        everything.total,
        manifest.entries(),
        "search answers what the last commit lists"
    );
    for (key, state) in &manifest.files {
        let query = TermQuery::new(
            tantivy::Term::from_field_text(fields.file, key),
            IndexRecordOption::Basic,
        );
        let count = searcher.search(&query, &Count).expect("count");
        assert_eq!(count, state.entries, "entries of {key}");
    }
    // A word search answers too, from committed files only.
    let sources: BTreeSet<&str> = manifest.files.values().map(|f| f.source.as_str()).collect();
    let training = engine
        .search(&SearchRequest {
            query: "training".into(),
            limit: 50,
            ..SearchRequest::default()
        })
        .expect("a word search answers");
    assert!(
        training
            .hits
            .iter()
            .all(|hit| sources.contains(hit.source.as_str()))
    );
    manifest.entries()
}

/// Waits until the indexer has made `commits` commits (seen as changes of the
/// last commit's opstamp); false when it exits first.
fn wait_for_commits(child: &mut Child, index: &Path, commits: u64) -> bool {
    let deadline = Instant::now() + HANG;
    let mut last = opstamp(index);
    let mut seen = 0;
    while Instant::now() < deadline {
        let now = opstamp(index);
        if now.is_some() && now != last {
            seen += 1;
            last = now;
        }
        if seen >= commits {
            return true;
        }
        if child.try_wait().expect("wait").is_some() {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    panic!("the indexer made no commit in {HANG:?}");
}

/// Asserts that a run of the indexer succeeded, showing its standard error if not.
fn assert_success(output: &std::process::Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn kill(child: &mut Child, when: &str) {
    assert!(
        child.try_wait().expect("wait").is_none(),
        "the indexer finished before the kill {when}; make the corpus larger"
    );
    child.kill().expect("SIGKILL");
    child.wait().expect("reaped");
}

#[test]
fn a_killed_indexer_leaves_its_last_commit_at_any_moment_and_the_next_run_completes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    let generated = generate_corpus(&corpus, 2000, 8).expect("corpus");
    let every = generated.entries / 20;
    let mut rng = Rng::from_env(2022);

    // 1. Before the first commit: as soon as the index folder exists.
    let mut child = spawn_indexer(&index, &corpus, every);
    let deadline = Instant::now() + HANG;
    while opstamp(&index).is_none() {
        assert!(Instant::now() < deadline, "no index created");
        std::thread::sleep(Duration::from_millis(1));
    }
    let created = opstamp(&index).expect("meta.json");
    kill(&mut child, "before the first commit");
    assert_eq!(opstamp(&index), Some(created), "no commit was made");
    assert_eq!(check_answers_from_last_commit(&index), 0);

    // 2 and 3. Between partial commits: after a random number of commits, plus a random pause.
    let mut committed = 0;
    for round in 0..2 {
        let left = (generated.entries - committed) / every;
        let commits = rng.between(1, (left as u64 / 3).max(1));
        let pause = Duration::from_millis(rng.between(0, 400));
        let mut child = spawn_indexer(&index, &corpus, every);
        assert!(
            wait_for_commits(&mut child, &index, commits),
            "the indexer finished before {commits} commits"
        );
        std::thread::sleep(pause);
        kill(
            &mut child,
            &format!("in round {round}, {pause:?} after commit {commits}"),
        );
        let now = check_answers_from_last_commit(&index);
        eprintln!(
            "round {round}: killed {pause:?} after {commits} commit(s): {now} of {} entries committed",
            generated.entries
        );
        assert!(now > committed, "the run committed more entries");
        assert!(now < generated.entries, "killed before the end");
        committed = now;
    }

    // The next run completes, with every entry once.
    let output = spawn_indexer(&index, &corpus, every)
        .wait_with_output()
        .expect("the last run finishes");
    assert_success(&output);
    assert_eq!(check_answers_from_last_commit(&index), generated.entries);
    let engine = Engine::open(&index).expect("opens");
    let ids: HashSet<String> = engine
        .records()
        .expect("records")
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids.len(), generated.entries, "ids are unique");
}

/// The mark of every title of the changing file's new version.
const REVISED: &str = " (revised)";

/// One bulletin file made of generated entries, and its number of entries;
/// `revised` marks every title.
fn one_file_of_entries(entries: usize, revised: bool) -> (String, usize) {
    let mut text = String::new();
    for (_, file) in generate_corpus_in_memory(entries, 11) {
        let raw = bulletin::corpus::split_bulletin("x.txt", file.as_bytes());
        for entry in raw.entries {
            let title = if revised {
                format!("{}{REVISED}", entry.title.text)
            } else {
                entry.title.text.clone()
            };
            text.push_str(&title);
            text.push('\n');
            text.push_str(&entry.dateline.text);
            text.push('\n');
            for paragraph in entry.paragraphs {
                text.push_str(&paragraph.text);
                text.push('\n');
            }
        }
    }
    let count = bulletin::corpus::split_bulletin("changing.txt", text.as_bytes())
        .entries
        .len();
    (text, count)
}

/// A temporary folder with a corpus folder holding the shipped bulletin.
fn folder_with_shipped_bulletin() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus");
    std::fs::copy(shipped_bulletin(), corpus.join("shipped.txt")).expect("copy");
    (dir, corpus)
}

/// What one search saw of the changing file: its old entries or its new ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Seen {
    Old,
    New,
}

#[test]
fn searches_during_an_update_see_the_old_or_the_new_file_never_a_mix() {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let changing = corpus.join("changing.txt");
    let (old_text, old_entries) = one_file_of_entries(150, false);
    std::fs::write(&changing, &old_text).expect("write");
    let index = dir.path().join("index");
    let options = IndexOptions::new(&index, vec![corpus.clone()]);
    let first = build(&options).expect("first build");
    let stable_entries = first.entries_total - old_entries;
    let engine = Arc::new(Engine::open(&index).expect("opens"));

    let (new_text, new_entries) = one_file_of_entries(150, true);
    assert!(new_entries + stable_entries <= MAX_LIMIT);
    let stop = Arc::new(AtomicBool::new(false));
    let searches = Arc::new(AtomicUsize::new(0));
    let sightings: Arc<Mutex<Vec<Vec<Seen>>>> = Arc::default();
    let threads: Vec<_> = (0..2)
        .map(|thread| {
            let (engine, stop, searches, sightings) = (
                engine.clone(),
                stop.clone(),
                searches.clone(),
                sightings.clone(),
            );
            std::thread::spawn(move || {
                let mut seen = Vec::new();
                let request = SearchRequest {
                    limit: MAX_LIMIT,
                    sort: if thread == 0 {
                        Sort::Newest
                    } else {
                        Sort::Relevance
                    },
                    facets: thread == 1,
                    ..SearchRequest::default()
                };
                while !stop.load(Ordering::Relaxed) {
                    let answer = engine.search(&request).expect("no search fails");
                    let changing: Vec<_> = answer
                        .hits
                        .iter()
                        .filter(|h| h.source == "changing.txt")
                        .collect();
                    let revised = changing
                        .iter()
                        .filter(|h| h.title.ends_with(REVISED))
                        .count();
                    let state = match (revised, changing.len()) {
                        (0, n) if n == old_entries => Seen::Old,
                        (r, n) if r == n && n == new_entries => Seen::New,
                        (r, n) => panic!("a mix: {r} revised of {n} entries"),
                    };
                    assert_eq!(answer.total, answer.hits.len(), "one page holds all");
                    assert_eq!(answer.total - changing.len(), stable_entries);
                    seen.push(state);
                    searches.fetch_add(1, Ordering::Relaxed);
                }
                sightings.lock().expect("lock").push(seen);
            })
        })
        .collect();
    // Let the searchers start, then update while they run.
    let deadline = Instant::now() + HANG;
    while searches.load(Ordering::Relaxed) < 2 {
        assert!(Instant::now() < deadline, "the searchers never answered");
        std::thread::sleep(Duration::from_millis(5));
    }
    std::fs::write(&changing, &new_text).expect("rewrite");
    let updated = build(&options).expect("the update commits");
    assert_eq!(updated.entries_total, stable_entries + new_entries);
    engine.reload().expect("reload");
    let before = searches.load(Ordering::Relaxed);
    while searches.load(Ordering::Relaxed) < before + 4 {
        assert!(Instant::now() < deadline, "the searchers stopped answering");
        std::thread::sleep(Duration::from_millis(5));
    }
    stop.store(true, Ordering::Relaxed);
    for thread in threads {
        thread.join().expect("no search thread panicked");
    }
    let sightings = sightings.lock().expect("lock");
    for seen in sightings.iter() {
        assert!(seen.is_sorted(), "once new, never old again: {seen:?}");
        assert_eq!(seen.last(), Some(&Seen::New));
    }
    let olds = sightings
        .iter()
        .flatten()
        .filter(|s| **s == Seen::Old)
        .count();
    let news = sightings
        .iter()
        .flatten()
        .filter(|s| **s == Seen::New)
        .count();
    eprintln!("{olds} searches saw the old file, {news} the new one, none a mix");
    assert!(olds > 0 && news > 0);
}

/// A small filesystem for the index, or a file-size limit when this machine
/// does not let the test mount one.
enum Cramped {
    Tmpfs(PathBuf),
    FileSizeLimit,
}

impl Cramped {
    /// Mounts a tmpfs of `bytes` at `at` if allowed (root in a sandbox that
    /// permits it). `BULLETIN_TEST_NO_MOUNT=1` takes the other way, to test it.
    fn mount(at: &Path, bytes: u64) -> Self {
        std::fs::create_dir_all(at).expect("mount point");
        let mounted = std::env::var_os("BULLETIN_TEST_NO_MOUNT").is_none()
            && Command::new("mount")
                .args(["-t", "tmpfs", "-o", &format!("size={bytes}")])
                .arg("tmpfs")
                .arg(at)
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success());
        if mounted {
            Cramped::Tmpfs(at.to_path_buf())
        } else {
            eprintln!("cannot mount a tmpfs here; limiting the indexer's file size instead");
            Cramped::FileSizeLimit
        }
    }

    /// Grows the filesystem so the next run fits.
    fn grow(&self, bytes: u64) {
        if let Cramped::Tmpfs(at) = self {
            let status = Command::new("mount")
                .args(["-o", &format!("remount,size={bytes}")])
                .arg(at)
                .status()
                .expect("remount");
            assert!(status.success());
        }
    }

    /// `bulletin index`, under the file-size limit when there is no tmpfs.
    fn indexer(&self, index: &Path, corpus: &Path, limit_bytes: u64) -> Command {
        let binary = assert_cmd::cargo::cargo_bin("bulletin");
        let mut command = match self {
            Cramped::Tmpfs(_) => Command::new(binary),
            Cramped::FileSizeLimit => {
                // SIGXFSZ ignored, so a write past the limit fails with EFBIG
                // instead of killing the process.
                let mut shell = Command::new("sh");
                shell
                    .arg("-c")
                    .arg(format!(
                        "ulimit -f {} && trap '' XFSZ && exec \"$0\" \"$@\"",
                        limit_bytes / 512
                    ))
                    .arg(binary);
                shell
            }
        };
        command
            .arg("--index")
            .arg(index)
            .arg("--corpus")
            .arg(corpus)
            .arg("index");
        command
    }
}

impl Drop for Cramped {
    fn drop(&mut self) {
        if let Cramped::Tmpfs(at) = self {
            let _ = Command::new("umount").arg("-l").arg(at).status();
        }
    }
}

#[test]
fn a_write_error_while_indexing_says_so_and_keeps_the_previous_index() {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let room: u64 = 1024 * 1024;
    let cramped = Cramped::mount(&dir.path().join("disk"), room);
    let index = dir.path().join("disk/index");

    let first = cramped
        .indexer(&index, &corpus, room)
        .output()
        .expect("runs");
    assert_success(&first);
    let before = {
        let engine = Engine::open(&index).expect("opens");
        let request = SearchRequest::new("firearms");
        (
            engine.search(&SearchRequest::default()).expect("all").total,
            engine.search(&request).expect("search").total,
            engine.records().expect("records"),
        )
    };

    // Add far more text than there is room for.
    let generated = generate_corpus(&corpus.join("more"), 3000, 9).expect("corpus");
    let failed = cramped
        .indexer(&index, &corpus, room)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&failed.stderr);
    eprintln!("{stderr}");
    assert!(!failed.status.success(), "the indexer reports the failure");
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(
        stderr.contains("No space left on device") || stderr.contains("File too large"),
        "names the cause: {stderr}"
    );
    assert!(
        stderr.contains(&index.display().to_string()),
        "names the index: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");

    let engine = Engine::open(&index).expect("the previous index opens");
    let after = (
        engine.search(&SearchRequest::default()).expect("all").total,
        engine
            .search(&SearchRequest::new("firearms"))
            .expect("search")
            .total,
        engine.records().expect("records"),
    );
    assert_eq!(
        after, before,
        "the previous commit is intact and searchable"
    );
    drop(engine);

    // With room again, the next run completes.
    cramped.grow(256 * 1024 * 1024);
    let output = match cramped {
        Cramped::Tmpfs(_) => cramped.indexer(&index, &corpus, room).output(),
        Cramped::FileSizeLimit => Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(&corpus)
            .arg("index")
            .output(),
    }
    .expect("runs");
    assert_success(&output);
    let engine = Engine::open(&index).expect("opens");
    assert_eq!(
        engine.search(&SearchRequest::default()).expect("all").total,
        before.0 + generated.entries
    );
}

/// An index left by an earlier version of bulletin (another schema): search
/// refuses it naming the folder and the command that rebuilds it; a second
/// writer holding it keeps it as it is; the next `index` run replaces it with
/// the corpus's entries and leaves none of its files behind.
#[test]
fn an_index_of_another_schema_is_refused_then_rebuilt_by_the_next_index_run() {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let index = dir.path().join("index");
    std::fs::create_dir_all(&index).expect("index folder");

    // The schema of the first version: title, body and dateline apart.
    let mut builder = tantivy::schema::Schema::builder();
    let title = builder.add_text_field("title", tantivy::schema::TEXT);
    let body = builder.add_text_field("body", tantivy::schema::TEXT);
    builder.add_text_field("dateline", tantivy::schema::TEXT);
    let old = tantivy::Index::create_in_dir(&index, builder.build()).expect("old index");
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
    for n in 0..3 {
        writer
            .add_document(tantivy::doc!(title => format!("old {n}"), body => "firearms"))
            .expect("add");
    }
    // The first version's manifest travels in its commit payload, as every
    // version's does: that is what makes the index bulletin's to replace.
    let mut prepared = writer.prepare_commit().expect("prepare");
    prepared.set_payload(r#"{"version":1,"files":{}}"#);
    prepared.commit().expect("commit");
    let old_files: Vec<PathBuf> = std::fs::read_dir(&index)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "idx" || e == "store"))
        .collect();
    assert!(!old_files.is_empty());

    let refused = Engine::open(&index).err().expect("refused").to_string();
    assert!(refused.contains(&index.display().to_string()), "{refused}");
    assert!(refused.contains("another version"), "{refused}");
    assert!(refused.contains("bulletin index"), "{refused}");

    // A writer holds the old index: the build fails fast and changes nothing.
    let options = IndexOptions::new(&index, vec![corpus.clone()]);
    let locked = build(&options).expect_err("locked").to_string();
    assert!(locked.contains(".tantivy-writer.lock"), "{locked}");
    drop(writer);
    let reopened = tantivy::Index::open_in_dir(&index).expect("the old index is intact");
    assert_eq!(reopened.schema(), old.schema());
    let reader = reopened.reader().expect("reader");
    assert_eq!(reader.searcher().num_docs(), 3);
    drop((reader, reopened, old));

    let summary = build(&options).expect("rebuilt");
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&shipped_bulletin()).expect("the bulletin parses");
    assert_eq!(summary.entries_total, records.len());
    let engine = Engine::open(&index).expect("opens");
    let all = engine.search(&SearchRequest::default()).expect("all");
    assert_eq!(all.total, records.len());
    for file in &old_files {
        assert!(!file.exists(), "{} is left behind", file.display());
    }
}

/// The shipped bulletin in a folder of its own, indexed: the folder (kept
/// while it is in use), the index folder, and a way to run bulletin on them.
fn shipped_bulletin_indexed() -> (
    tempfile::TempDir,
    PathBuf,
    impl Fn(&[&str]) -> std::process::Output,
) {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let index = dir.path().join("index");
    let at = index.clone();
    let run = move |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("--index")
            .arg(&at)
            .arg("--corpus")
            .arg(&corpus)
            .args(args)
            .env("NO_COLOR", "1")
            // One indexing thread: the same segments, term dictionaries
            // and record stores from run to run, so that the damage these
            // tests do lands where it did before. With two, which entries
            // go to which segment changes from run to run.
            .env("BULLETIN_INDEX_THREADS", "1")
            .output()
            .expect("runs")
    };
    assert_success(&run(&["index"]));
    (dir, index, run)
}

/// A damaged segment file makes the search library read out of bounds; the
/// command line answers with an error naming the index and what to do, not
/// a panic. Bytes in the second half of each term dictionary are overwritten, one
/// file at a time.
#[test]
fn a_damaged_index_file_is_an_error_not_a_panic() {
    let (_dir, index, run) = shipped_bulletin_indexed();
    let terms = common::term_files(&index);
    assert!(!terms.is_empty());
    // Words of the bulletin's titles, so that some look-up reads the
    // damaged part of a dictionary whatever the segments hold.
    let text = std::fs::read_to_string(shipped_bulletin()).expect("bulletin");
    let mut queries: Vec<String> = text
        .lines()
        .take(60)
        .flat_map(|line| line.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() > 4)
        .map(str::to_lowercase)
        .collect();
    queries.sort();
    queries.dedup();
    queries.truncate(16);
    let mut damaged = 0;
    // Four bytes of 0xFF at each tenth from the middle on, or from a third
    // on (which the search library may read past its bounds, or not read,
    // as the segments fall); sixteen zero bytes at each tenth; and, damage
    // no segment split escapes, the dictionary cut to its first half.
    for damage in 0..4 {
        for file in &terms {
            let original = std::fs::read(file).expect("term file");
            let bytes = match damage {
                0 => common::overwritten(&original, 5, 4, 0xFF),
                1 => common::overwritten(&original, 3, 4, 0xFF),
                2 => common::overwritten(&original, 1, 16, 0x00),
                _ => original[..original.len() / 2].to_vec(),
            };
            common::replace_file(file, &bytes);
            for query in &queries {
                let output = run(&["search", "--no-update", query]);
                let stderr = String::from_utf8_lossy(&output.stderr);
                assert_ne!(output.status.code(), Some(101), "{stderr}");
                assert!(!stderr.contains("panicked"), "{stderr}");
                if stderr.contains("is damaged") {
                    assert!(stderr.contains("index --rebuild"), "{stderr}");
                    assert_eq!(output.status.code(), Some(1));
                    damaged += 1;
                }
            }
            common::replace_file(file, &original);
        }
    }
    assert!(damaged > 0, "some damage reached the reader");
    assert_success(&run(&["search", "--no-update", "unodc"]));
}

/// Damage that the search library finds while answering, not at open (a
/// term dictionary that is no FST, a record-store block that does not
/// decompress, posting lists read out of bounds on a search thread), is told
/// as a damaged index in one line with the way to rebuild it, never in the
/// search library's own words. Every file of every segment is damaged in
/// turn, with runs of zero bytes and of 0xFF bytes.
#[test]
fn damage_found_while_answering_is_named_as_damage() {
    let (_dir, index, run) = shipped_bulletin_indexed();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&index)
        .expect("index folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| {
                ["term", "store", "idx", "pos", "fast", "fieldnorm"]
                    .iter()
                    .any(|k| x == *k)
            })
        })
        .collect();
    files.sort();
    assert!(files.len() >= 6, "{files:?}");
    // Words of the bulletin's first titles, and the same with a facet count
    // and with records in JSON.
    let text = std::fs::read_to_string(shipped_bulletin()).expect("bulletin");
    let mut words: Vec<String> = text
        .lines()
        .take(40)
        .flat_map(|line| line.split(|c: char| !c.is_ascii_alphabetic()))
        .filter(|w| w.len() > 5)
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    words.truncate(6);
    assert!(!words.is_empty());
    // A misspelt word, which reads every term of the dictionary in its
    // search for the closest, and a prefix, which reads a range of them:
    // damage anywhere in a term dictionary is met.
    words.extend(["qqzzyx".to_string(), "contr*".to_string()]);
    let mut failed_on: BTreeSet<String> = BTreeSet::new();
    for file in &files {
        let original = std::fs::read(file).expect("segment file");
        for fill in [0x00u8, 0xFF] {
            common::replace_file(file, &common::overwritten(&original, 1, 16, fill));
            for word in &words {
                for extra in [&[][..], &["--format", "json"][..]] {
                    let mut args = vec!["search", "--no-update", word.as_str()];
                    args.extend_from_slice(extra);
                    let output = run(&args);
                    if output.status.success() {
                        continue;
                    }
                    let stderr = String::from_utf8_lossy(&output.stderr);
                    assert_eq!(
                        output.status.code(),
                        Some(1),
                        "{}: {stderr}",
                        file.display()
                    );
                    let told = stderr.trim();
                    assert!(
                        told.starts_with("error: the index at ")
                            && told.contains(" is damaged")
                            && told.contains("index --rebuild")
                            && told.lines().count() == 1,
                        "{} ({fill:#04x}): {told}",
                        file.display()
                    );
                    if let Some(kind) = file.extension() {
                        failed_on.insert(kind.to_string_lossy().into_owned());
                    }
                }
            }
            common::replace_file(file, &original);
        }
    }
    // The damage reached the reader while answering, where the search
    // library's own words used to show: in a term dictionary and in the
    // record store.
    for kind in ["term", "store"] {
        assert!(
            failed_on.contains(kind),
            "no search failed on a damaged .{kind}: {failed_on:?}"
        );
    }
    assert_success(&run(&["search", "--no-update", "unodc"]));
}

/// The files of a folder, by name.
fn file_names(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .expect("list")
        .map(|entry| {
            entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// An index another program made with tantivy, in `dir`: its own schema,
/// three documents, no bulletin manifest. Returns its files.
fn foreign_index(dir: &Path) -> BTreeSet<String> {
    std::fs::create_dir_all(dir).expect("index folder");
    let mut builder = tantivy::schema::Schema::builder();
    let name = builder.add_text_field("name", tantivy::schema::TEXT);
    let index = tantivy::Index::create_in_dir(dir, builder.build()).expect("index");
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
    for n in 0..3 {
        writer
            .add_document(tantivy::doc!(name => format!("firearms {n}")))
            .expect("add");
    }
    writer.commit().expect("commit");
    file_names(dir)
}

/// A tantivy index bulletin did not make is never deleted: not by the
/// update before a search, not by `index`, not by `index --rebuild`. Each
/// refuses naming the folder, and the index keeps its documents.
#[test]
fn an_index_another_program_made_is_refused_and_left_whole() {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let index = dir.path().join("index");
    let files = foreign_index(&index);
    let commands = [
        &["search", "firearms"][..],
        &["search", "firearms", "--no-update"],
        &["index"],
        &["index", "--rebuild"],
    ];
    for (args, stderr) in refusals(&index, &corpus, &commands) {
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(file_names(&index), files, "{args:?} changed the folder");
        let reopened = tantivy::Index::open_in_dir(&index).expect("the index opens");
        let reader = reopened.reader().expect("reader");
        assert_eq!(reader.searcher().num_docs(), 3, "{args:?}");
    }
}

/// A folder of another program that holds a `meta.json` of its own (a JSON
/// object, no tantivy index) is no damaged index of bulletin's: every
/// command refuses it as another program's, as `index --rebuild` does,
/// rather than telling the user to run a `--rebuild` that then refuses too,
/// and the folder is left as it was.
#[test]
fn a_folder_with_another_programs_meta_json_is_refused_alike_by_every_command() {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let index = dir.path().join("other-program");
    std::fs::create_dir_all(&index).expect("folder");
    let meta = br#"{"name": "photo album", "version": 3, "items": ["a.jpg"]}"#;
    std::fs::write(index.join("meta.json"), meta).expect("meta.json");
    std::fs::write(index.join("a.jpg"), b"not really a picture").expect("a.jpg");
    let files = file_names(&index);
    let commands = [
        &["search", "firearms"][..],
        &["search", "firearms", "--no-update"],
        &["stats"],
        &["index"],
        &["index", "--rebuild"],
    ];
    for (args, stderr) in refusals(&index, &corpus, &commands) {
        assert!(!stderr.contains("--rebuild"), "{args:?}: {stderr}");
        assert_eq!(file_names(&index), files, "{args:?} changed the folder");
        assert_eq!(
            std::fs::read(index.join("meta.json")).expect("read"),
            meta,
            "{args:?}"
        );
    }
}

/// Runs each command on `index`, asserting that it fails saying the folder
/// holds an index bulletin did not make; gives each command's stderr.
fn refusals<'a>(
    index: &Path,
    corpus: &Path,
    commands: &[&'a [&'a str]],
) -> Vec<(&'a [&'a str], String)> {
    let binary = assert_cmd::cargo::cargo_bin("bulletin");
    commands
        .iter()
        .map(|&args| {
            let output = Command::new(&binary)
                .arg("--index")
                .arg(index)
                .arg("--corpus")
                .arg(corpus)
                .args(args)
                .output()
                .expect("runs");
            let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
            assert!(!output.status.success(), "{args:?}: {stderr}");
            assert!(
                stderr.contains(&format!(
                    "{} holds an index bulletin did not make",
                    index.display()
                )),
                "{args:?}: {stderr}"
            );
            (args, stderr)
        })
        .collect()
}

/// The ways an index folder gets damaged: a segment file removed, emptied
/// or overwritten, junk in `.managed.json`, `meta.json` cut short.
fn damage(index: &Path, how: &str) {
    let segment = std::fs::read_dir(index)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .find(|path| path.extension().is_some_and(|e| e == "store"))
        .expect("a segment")
        .with_extension("");
    let with = |extension: &str| segment.with_extension(extension);
    match how {
        "store removed" => std::fs::remove_file(with("store")).expect("rm"),
        "fast emptied" => std::fs::write(with("fast"), b"").expect("empty"),
        "idx garbled" => {
            let length = std::fs::metadata(with("idx")).expect("stat").len() as usize;
            let garbage: Vec<u8> = (0..length).map(|n| (n * 7 + 3) as u8).collect();
            std::fs::write(with("idx"), garbage).expect("garble");
        }
        "managed junk" => std::fs::write(index.join(".managed.json"), "junk").expect("junk"),
        "meta cut" => {
            let text = std::fs::read(index.join("meta.json")).expect("read");
            std::fs::write(index.join("meta.json"), &text[..text.len() / 2]).expect("cut");
        }
        other => panic!("no damage {other}"),
    }
}

/// A damaged index: `index` says so, naming the folder and `bulletin index
/// --rebuild`, in a line without tantivy's raw text; `index --rebuild`
/// clears it and builds it afresh, leaving alone a file of the folder that
/// is not the index's.
#[test]
fn a_damaged_index_is_named_and_rebuilt_by_index_rebuild() {
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&shipped_bulletin()).expect("the bulletin parses");
    let binary = assert_cmd::cargo::cargo_bin("bulletin");
    for how in [
        "store removed",
        "fast emptied",
        "idx garbled",
        "managed junk",
        "meta cut",
    ] {
        let (dir, corpus) = folder_with_shipped_bulletin();
        let index = dir.path().join("index");
        let run = |args: &[&str]| {
            Command::new(&binary)
                .arg("--index")
                .arg(&index)
                .arg("--corpus")
                .arg(&corpus)
                .args(args)
                .output()
                .expect("runs")
        };
        assert_success(&run(&["index"]));
        std::fs::write(index.join("notes.txt"), "kept").expect("write");
        // A file of the user's named by its checksum, 32 hex digits as a
        // segment file's name starts (here the bulletin's first 16 bytes).
        let bytes = std::fs::read(shipped_bulletin()).expect("bulletin");
        let hex: String = bytes.iter().take(16).map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex.len(), 32);
        let photo = index.join(format!("{hex}.jpg"));
        std::fs::write(&photo, "kept").expect("write");
        damage(&index, how);

        let failed = run(&["index"]);
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(!failed.status.success(), "{how}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{how}: {stderr}");
        assert!(
            stderr.contains(&index.display().to_string())
                && stderr.contains("damaged")
                && stderr.contains("bulletin index --rebuild"),
            "{how}: {stderr}"
        );
        for raw in [
            "Failed to open",
            "IoError {",
            "FileDoesNotExist",
            "Content:",
        ] {
            assert!(!stderr.contains(raw), "{how}: {stderr}");
        }

        let rebuilt = run(&["index", "--rebuild"]);
        assert_success(&rebuilt);
        let engine = Engine::open(&index).expect("the rebuilt index opens");
        let all = engine.search(&SearchRequest::default()).expect("all");
        assert_eq!(all.total, records.len(), "{how}");
        let ids: BTreeSet<String> = engine
            .records()
            .expect("records")
            .into_iter()
            .map(|r| r.id)
            .collect();
        let expected: BTreeSet<String> = records.iter().map(|r| r.id.clone()).collect();
        assert_eq!(ids, expected, "{how}: the rebuild keeps every id");
        assert_eq!(
            std::fs::read_to_string(index.join("notes.txt")).expect("kept"),
            "kept",
            "{how}"
        );
        assert_eq!(
            std::fs::read_to_string(&photo).ok().as_deref(),
            Some("kept"),
            "{how}: {}",
            photo.display()
        );
    }
}

/// After a full disk stops a run, the folder holds the files of the last
/// commit and nothing of the failed run, so each retry has the same room
/// and fails with the same message, until there is room.
#[test]
fn a_full_disk_leaves_no_partial_files_and_every_retry_says_the_same() {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } != 0 || std::env::var_os("BULLETIN_TEST_NO_MOUNT").is_some() {
        eprintln!("skipped: filling a small tmpfs needs root (to mount it)");
        return;
    }
    let (dir, corpus) = folder_with_shipped_bulletin();
    let room: u64 = 1024 * 1024;
    let cramped = Cramped::mount(&dir.path().join("disk"), room);
    if !matches!(cramped, Cramped::Tmpfs(_)) {
        eprintln!("skipped: this machine does not let the test mount a tmpfs");
        return;
    }
    let index = dir.path().join("disk/index");
    assert_success(
        &cramped
            .indexer(&index, &corpus, room)
            .output()
            .expect("runs"),
    );
    let committed = file_names(&index);

    generate_corpus(&corpus.join("more"), 3000, 9).expect("corpus");
    let mut messages = Vec::new();
    for attempt in 0..3 {
        let failed = cramped
            .indexer(&index, &corpus, room)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&failed.stderr).into_owned();
        assert!(!failed.status.success(), "attempt {attempt}: {stderr}");
        assert!(
            stderr.contains("No space left on device")
                && stderr.contains(&index.display().to_string()),
            "attempt {attempt}: {stderr}"
        );
        for raw in ["Failed to open", "IoError {", "StorageFull"] {
            assert!(!stderr.contains(raw), "attempt {attempt}: {stderr}");
        }
        assert_eq!(
            file_names(&index),
            committed,
            "attempt {attempt} left files of its own"
        );
        messages.push(stderr);
    }
    assert!(
        messages.windows(2).all(|pair| pair[0] == pair[1]),
        "{messages:#?}"
    );
}

/// Whether the tests run as root; tests of what another user sees run the
/// binary as `nobody` then, through util-linux's `setpriv`.
fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions and cannot fail.
    unsafe { libc::geteuid() == 0 }
}

/// `bulletin --index INDEX ARGS…` as `nobody`.
fn as_nobody(index: &Path, args: &[&str]) -> std::process::Output {
    Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"])
        .arg(assert_cmd::cargo::cargo_bin("bulletin"))
        .arg("--index")
        .arg(index)
        .args(args)
        .output()
        .expect("setpriv runs")
}

/// The total of an empty search of the index, as `nobody` runs it with
/// `--no-update`; the error when it fails.
fn total_as_nobody(index: &Path) -> Result<usize, String> {
    let output = as_nobody(
        index,
        &[
            "search",
            "",
            "--no-update",
            "--limit",
            "0",
            "--format",
            "json",
        ],
    );
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    answer["total"]
        .as_u64()
        .map(|t| t as usize)
        .ok_or_else(|| "no total".to_string())
}

/// An index folder others may read: another user searches it while its
/// owner's indexer commits and after that indexer is killed, even when the
/// owner's umask keeps new files to the owner. Every file the indexer
/// writes gets the folder's read bits from its creation.
#[test]
fn another_user_searches_a_shared_index_during_and_after_an_update() {
    use std::os::unix::fs::PermissionsExt;
    if !is_root() {
        eprintln!("skipped: searching as another user needs root (to run as nobody)");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    let generated = generate_corpus(&corpus, 2000, 8).expect("corpus");
    for folder in [dir.path(), &index] {
        std::fs::create_dir_all(folder).expect("mkdir");
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let every = generated.entries / 20;
    // The owner's umask lets nobody else read what it creates.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("umask 077 && exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("bulletin"))
        .arg("--index")
        .arg(&index)
        .arg("--corpus")
        .arg(&corpus)
        .arg("index")
        .env("BULLETIN_COMMIT_EVERY", every.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the indexer starts");
    let deadline = Instant::now() + HANG;
    while opstamp(&index).is_none() {
        assert!(Instant::now() < deadline, "no index created");
        std::thread::sleep(Duration::from_millis(1));
    }
    assert!(
        wait_for_commits(&mut child, &index, 1),
        "the indexer finished before its first commit"
    );
    // While the indexer runs on.
    let during = total_as_nobody(&index).expect("nobody searches during the update");
    assert!(during > 0);
    kill(&mut child, "after its first commit");
    let committed = load_manifest(&open_existing(&index).expect("opens"))
        .expect("manifest")
        .entries();
    assert_eq!(
        total_as_nobody(&index),
        Ok(committed),
        "nobody searches the last commit of the killed indexer"
    );
    // Every file of the index; a temporary file the killed indexer was
    // writing is no part of it (no reader opens one), and the next run
    // removes it.
    let temporary = |name: &String| name.ends_with(".bulletin-tmp");
    for name in file_names(&index).iter().filter(|n| !temporary(n)) {
        let mode = std::fs::metadata(index.join(name))
            .expect("stat")
            .permissions()
            .mode();
        assert_eq!(mode & 0o044, 0o044, "{name} is {mode:o}");
    }
    let rerun = Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
        .arg("--index")
        .arg(&index)
        .arg("--corpus")
        .arg(&corpus)
        .arg("index")
        .output()
        .expect("runs");
    assert_success(&rerun);
    let left: Vec<String> = file_names(&index).into_iter().filter(temporary).collect();
    assert!(left.is_empty(), "{left:?}");
    assert_eq!(total_as_nobody(&index), Ok(generated.entries));
}

/// A reader needs the last commit, not the writer's list of files: one
/// that may not read `.managed.json` still searches; one that may not read
/// a segment file is told permission is denied, not that the index is
/// damaged.
#[test]
fn a_reader_without_the_writers_list_searches_and_a_denied_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    if !is_root() {
        eprintln!("skipped: reading as another user needs root (to run as nobody)");
        return;
    }
    let (dir, corpus) = folder_with_shipped_bulletin();
    let index = dir.path().join("index");
    let summary = build(&IndexOptions::new(&index, vec![corpus])).expect("built");
    for folder in [dir.path(), &index] {
        std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
    let owner_only = |path: &Path| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).expect("chmod")
    };
    owner_only(&index.join(".managed.json"));
    assert_eq!(total_as_nobody(&index), Ok(summary.entries_total));

    let store = std::fs::read_dir(&index)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .find(|path| path.extension().is_some_and(|e| e == "store"))
        .expect("a segment");
    owner_only(&store);
    let denied = total_as_nobody(&index).expect_err("the store cannot be read");
    assert!(
        denied.contains("permission denied") && denied.contains(&store.display().to_string()),
        "{denied}"
    );
    assert!(!denied.contains("damaged"), "{denied}");
}

/// One activity of a date and title shared by the duplicates test's files,
/// told apart by `body`.
fn duplicate(body: &str) -> String {
    format!(
        "Regional workshop on container profiling\n8 March 2022, Skopje, North Macedonia: UNODC held a workshop on {body}.\n"
    )
}

/// The index's ids by the body of their activity.
fn ids_by_body(index: &Path) -> std::collections::BTreeMap<String, String> {
    Engine::open(index)
        .expect("the index opens")
        .records()
        .expect("records")
        .into_iter()
        .map(|r| (format!("{}: {}", r.source, r.body), r.id))
        .collect()
}

/// `--rebuild` killed after a partial commit: the next run, `index` or
/// `index --rebuild`, gives every activity the id it had before the
/// rebuild. Three activities of the same date and title got `X` (z),
/// `X-2` (a) and `X-3` (m), and z's file was deleted; the rebuild reads a,
/// commits, and is killed before it reads m. The partial commit used to
/// hold a's records alone, so the next run dealt m the free `X`.
#[test]
fn a_rebuild_killed_after_a_partial_commit_leaves_the_next_run_the_old_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir_all(&corpus).expect("corpus");
    let options = IndexOptions::new(&index, vec![corpus.clone()]);
    for (name, body) in [
        ("z-2022.txt", "zulu"),
        ("a-2022.txt", "alpha"),
        ("m-2022.txt", "mike"),
    ] {
        std::fs::write(corpus.join(name), duplicate(body)).expect("write");
        build(&options).expect("the update succeeds");
    }
    std::fs::remove_file(corpus.join("z-2022.txt")).expect("remove");
    // Files read between a and m, so that the kill lands between them.
    let shipped = std::fs::read_to_string(shipped_bulletin()).expect("shipped");
    for n in 0..150 {
        let text = shipped.replace("UNODC", &format!("UNODC ({n})"));
        std::fs::write(corpus.join(format!("b-{n:03}.txt")), text).expect("write");
    }
    build(&options).expect("the update succeeds");
    let before = ids_by_body(&index);
    assert!(
        before.keys().any(|key| key.starts_with("m-2022.txt")),
        "m is indexed"
    );

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
        .arg("--index")
        .arg(&index)
        .arg("--corpus")
        .arg(&corpus)
        .args(["index", "--rebuild"])
        .env("BULLETIN_COMMIT_EVERY", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the indexer starts");
    assert!(
        wait_for_commits(&mut child, &index, 1),
        "the rebuild finished before its first commit"
    );
    kill(&mut child, "after the rebuild's first commit");
    let killed = dir.path().join("killed");
    std::fs::create_dir_all(&killed).expect("copy");
    for entry in std::fs::read_dir(&index).expect("index") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, killed.join(path.file_name().expect("name"))).expect("copy");
    }
    let manifest = load_manifest(&open_existing(&index).expect("opens")).expect("manifest");
    assert!(
        !manifest.files.keys().any(|k| k.ends_with("m-2022.txt"))
            || manifest.files.values().any(|f| f.hash.is_empty()),
        "killed before m was read again"
    );

    build(&options).expect("the next update succeeds");
    let workshops = |ids: &std::collections::BTreeMap<String, String>| {
        ids.iter()
            .filter(|(key, _)| key.contains("-2022.txt"))
            .map(|(key, id)| (key.clone(), id.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(workshops(&ids_by_body(&index)), workshops(&before));
    assert_eq!(ids_by_body(&index), before, "after the next update");
    build(&IndexOptions {
        rebuild: true,
        ..IndexOptions::new(&killed, vec![corpus.clone()])
    })
    .expect("the next rebuild succeeds");
    assert_eq!(workshops(&ids_by_body(&killed)), workshops(&before));
    assert_eq!(ids_by_body(&killed), before, "after the next --rebuild");
}

/// Every file the indexer writes in the index folder has the folder's read
/// and write bits from the moment it has its name, whatever the umask: a
/// segment file used to be created with the bits the umask left and given
/// the folder's just after, so an indexer killed in between left a file
/// that others who may read the folder could not read (a test seam sees
/// each file as it gets its name).
#[test]
fn every_index_file_has_the_folder_s_bits_as_soon_as_it_has_its_name() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let index = dir.path().join("index");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::copy(
        shipped_bulletin(),
        corpus.join("2022-03-south-eastern-europe.txt"),
    )
    .expect("copy");
    std::fs::create_dir_all(&index).expect("index folder");
    // Others may read and write the folder: the umask (022 at least in
    // the tests' shells) would take the write bits of group and others.
    std::fs::set_permissions(&index, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let seen: Arc<Mutex<Vec<(String, u32)>>> = Default::default();
    let hook = {
        let (seen, index) = (seen.clone(), index.clone());
        bulletin::index::write_hooks::install(move |path| {
            if path.starts_with(&index) {
                let mode = std::fs::metadata(path).map_or(0, |m| m.permissions().mode());
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
                if let Ok(mut seen) = seen.lock() {
                    seen.push((name.unwrap_or_default(), mode & 0o777));
                }
            }
        })
    };
    common::build_in_process(&IndexOptions::new(&index, vec![corpus]));
    drop(hook);
    let seen = seen.lock().expect("seen").clone();
    assert!(
        seen.iter().any(|(name, _)| name.ends_with(".term")),
        "{seen:?}"
    );
    for (name, mode) in &seen {
        assert_eq!(*mode, 0o666, "{name} is {mode:o} as it gets its name");
    }
}

/// Two `bulletin index` runs started at once on a folder that holds no
/// index yet: one builds it, the other says another indexer holds the
/// lock, neither calls the index damaged, and the index ends with every entry of the corpus once. The
/// runs race, so the round is repeated on fresh folders.
#[test]
fn two_indexers_starting_at_once_on_a_new_index_neither_damage_nor_call_it_damaged() {
    let (dir, corpus) = folder_with_shipped_bulletin();
    let reference = dir.path().join("reference");
    let expected = build(&IndexOptions::new(&reference, vec![corpus.clone()]))
        .expect("reference build")
        .entries_total;
    assert!(expected > 0);
    let run = |index: &Path, args: &[&str]| {
        Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
            .arg("--index")
            .arg(index)
            .arg("--corpus")
            .arg(&corpus)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("bulletin starts")
    };
    for round in 0..16 {
        let index = dir.path().join(format!("index-{round}"));
        let children = [run(&index, &["index"])];
        let outputs: Vec<std::process::Output> = children
            .into_iter()
            .map(|child| child.wait_with_output().expect("bulletin ends"))
            .collect();
        for (at, output) in outputs.iter().enumerate() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(
                !stderr.contains("damaged"),
                "round {round}, run {at}: {stderr}"
            );
            if !output.status.success() {
                assert!(
                    stderr.contains("another `bulletin index`"),
                    "round {round}, run {at}: {stderr}"
                );
            }
        }
        assert_eq!(
            check_answers_from_last_commit(&index),
            expected,
            "round {round}"
        );
    }
}

/// A search started while another process builds the index for the first
/// time waits for that build and answers from it: the folder then holds
/// no commit of entries, and answering from it would find nothing.
#[test]
fn a_search_during_the_first_build_waits_for_it_and_answers_from_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    generate_corpus(&corpus, 2000, 11).expect("corpus");
    let index = dir.path().join("index");
    let mut indexer = spawn_indexer(&index, &corpus, 1_000_000);
    let started = Instant::now();
    while !index.join("meta.json").exists() {
        assert!(
            indexer.try_wait().expect("wait").is_none(),
            "the indexer ended before it created the index"
        );
        assert!(started.elapsed() < HANG, "the indexer created no index");
        std::thread::sleep(Duration::from_millis(2));
    }
    let search = Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
        .arg("--index")
        .arg(&index)
        .arg("--corpus")
        .arg(&corpus)
        .args(["search", "--limit", "0", "--format", "json"])
        .output()
        .expect("search runs");
    let indexed = indexer.wait_with_output().expect("the indexer ends");
    assert_success(&indexed);
    assert_success(&search);
    let answer: serde_json::Value = serde_json::from_slice(&search.stdout).expect("json");
    let entries = check_answers_from_last_commit(&index);
    assert!(entries > 0);
    assert_eq!(
        answer["total"].as_u64(),
        Some(entries as u64),
        "{}",
        String::from_utf8_lossy(&search.stderr)
    );
}
