//! Shared helpers of the integration tests: the shipped corpus, the gold
//! records and judged queries, and indexes built in temporary folders.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use bulletin::index::{IndexOptions, build};
use bulletin::search::Engine;
use serde_json::Value;

/// The project's root folder.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The shipped bulletin.
pub fn shipped_bulletin() -> PathBuf {
    root().join("corpus/2022-03-south-eastern-europe.txt")
}

/// The gold records of the shipped bulletin, one JSON object per entry.
pub fn gold() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/gold_seed.jsonl"))
        .expect("gold fixture");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("gold line is JSON"))
        .collect()
}

/// The judged queries.
pub fn judged_queries() -> Vec<Value> {
    let text = std::fs::read_to_string(root().join("tests/fixtures/seed_queries.jsonl"))
        .expect("queries fixture");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("query line is JSON"))
        .collect()
}

/// A string list field of a JSON object.
pub fn strings(value: &Value, field: &str) -> Vec<String> {
    value[field]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Sets a file's modification time an hour back, as a corpus file not
/// written just now has: an update trusts the times of a file only when
/// they are older than a file system's tick (else it reads the file again
/// next time, by its hash).
pub fn age(path: &Path) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|file| file.set_modified(hour_ago))
        .expect("set the modification time");
}

/// A temporary corpus folder holding a copy of the shipped bulletin, and an index folder.
pub struct Workspace {
    pub dir: tempfile::TempDir,
}

impl Workspace {
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("corpus")).expect("corpus dir");
        std::fs::copy(
            shipped_bulletin(),
            dir.path().join("corpus/2022-03-south-eastern-europe.txt"),
        )
        .expect("copy");
        age(&dir.path().join("corpus/2022-03-south-eastern-europe.txt"));
        Workspace { dir }
    }

    pub fn corpus(&self) -> PathBuf {
        self.dir.path().join("corpus")
    }

    pub fn index(&self) -> PathBuf {
        self.dir.path().join("index")
    }

    pub fn options(&self) -> IndexOptions {
        IndexOptions::new(self.index(), vec![self.corpus()])
    }

    /// Builds (or updates) the index and opens it.
    pub fn engine(&self) -> Engine {
        build_in_process(&self.options());
        Engine::open(&self.index()).expect("index opens")
    }
}

/// Builds (or updates) an index in the test's own process. A test binary
/// runs its tests on several threads, and some start `bulletin` processes:
/// a process started while this one held an index's writer lock shares
/// the lock's open file until it has started its program, so the lock can
/// outlive this process's writer by that moment (more under load). A
/// build that finds the lock taken is tried again for up to ten seconds;
/// `bulletin index` itself, one process, never meets this.
pub fn build_in_process(options: &IndexOptions) -> bulletin::index::IndexSummary {
    let started = std::time::Instant::now();
    loop {
        match build(options) {
            Err(bulletin::Error::Locked { .. })
                if started.elapsed() < std::time::Duration::from_secs(10) =>
            {
                std::thread::sleep(std::time::Duration::from_millis(50));
            }
            built => return built.expect("index builds"),
        }
    }
}

/// The term dictionaries of an index folder, in name order.
pub fn term_files(index: &Path) -> Vec<PathBuf> {
    let mut terms: Vec<PathBuf> = std::fs::read_dir(index)
        .expect("index folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "term"))
        .collect();
    terms.sort();
    terms
}

/// Writes `bytes` as the file at `path` through a new file renamed over
/// it, as the index's own files are only ever replaced: a search library
/// that still maps the old file keeps reading it, where writing in place
/// (truncating first) could end the process with SIGBUS.
pub fn replace_file(path: &Path, bytes: &[u8]) {
    let fresh = path.with_extension("replacing");
    std::fs::write(&fresh, bytes).expect("write the new file");
    std::fs::rename(&fresh, path).expect("rename it over the old one");
}

/// A file's bytes with `run` bytes set to `fill` at each tenth from
/// `first_tenth` on: damage the search library reads past its bounds on
/// (0xFF), or cannot read at all (runs of zeros in a term dictionary).
pub fn overwritten(bytes: &[u8], first_tenth: usize, run: usize, fill: u8) -> Vec<u8> {
    let mut bytes = bytes.to_vec();
    for tenth in first_tenth..10 {
        let at = bytes.len() * tenth / 10;
        let end = (at + run).min(bytes.len());
        bytes[at..end].fill(fill);
    }
    bytes
}
