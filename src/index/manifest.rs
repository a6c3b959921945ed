//! The manifest: which files the index holds, with their fingerprints, and the
//! acronyms each defines. It is kept in tantivy's commit payload, so it changes
//! atomically with the documents it describes.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::index::schema::SCHEMA_VERSION;

/// The state of one indexed file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileState {
    /// File name, as records name their source.
    pub source: String,
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified_ns: u128,
    /// xxh3 of the bytes.
    pub hash: String,
    pub entries: usize,
    /// Acronym definitions of the file's entries, first definition first.
    #[serde(default)]
    pub acronyms: Vec<(String, String)>,
}

/// Every indexed file, keyed by its path as given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    pub files: BTreeMap<String, FileState>,
}

impl Manifest {
    /// An empty manifest of the current schema version.
    pub fn new() -> Self {
        Manifest {
            version: SCHEMA_VERSION,
            files: BTreeMap::new(),
        }
    }

    /// Reads the manifest from a commit payload; `None` when absent.
    pub fn from_payload(payload: Option<&str>) -> Option<Self> {
        serde_json::from_str(payload?).ok()
    }

    /// The number of entries the manifest accounts for.
    pub fn entries(&self) -> usize {
        self.files.values().map(|f| f.entries).sum()
    }
}

/// The key under which a file is kept: its path as a string, without `.`
/// components or doubled separators, so `./corpus/a.txt`, `corpus//a.txt`
/// and `corpus/a.txt` are one file.
pub fn file_key(path: &Path) -> String {
    let plain: std::path::PathBuf = path
        .components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect();
    plain.to_string_lossy().into_owned()
}

/// Size and modification time of a file, the cheap half of its fingerprint.
pub fn stat(path: &Path) -> std::io::Result<(u64, u128)> {
    let meta = std::fs::metadata(path)?;
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    Ok((meta.len(), modified))
}

/// The content hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}
