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
    /// Status change time (ctime), nanoseconds since the epoch: rewriting
    /// a file changes it even when the modification time is set back.
    /// 0 in manifests written before it was kept.
    #[serde(default)]
    pub changed_ns: u128,
    /// Inode number: a file replaced by a rewrite (`sed -i`) gets a new
    /// one. 0 in manifests written before it was kept.
    #[serde(default)]
    pub inode: u64,
    /// The file's canonical path (absolute, links resolved) when it was
    /// indexed: the same file named by another path is recognised by it.
    /// Absent in manifests written before it was kept.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// xxh3 of the bytes.
    pub hash: String,
    pub entries: usize,
    /// Acronym definitions of the file's entries, first definition first.
    #[serde(default)]
    pub acronyms: Vec<(String, String)>,
}

/// A fingerprint of the code and data that make records of bulletin
/// files and the terms they are indexed as (the reader, the extractors,
/// the analyzer, the gazetteer and dictionaries; `build.rs`): two builds
/// that would make other records or terms of the same file have other
/// fingerprints.
pub const READER_FINGERPRINT: &str = env!("BULLETIN_READER_FINGERPRINT");

/// Every indexed file, keyed by its path as given on the command line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub version: u32,
    /// The [`READER_FINGERPRINT`] of the build that read the files; empty
    /// in manifests written before it was kept.
    #[serde(default)]
    pub reader: String,
    pub files: BTreeMap<String, FileState>,
    /// The ids of activities that updates removed, with the hash of each
    /// one's dateline and body: no other activity is given one of them (a
    /// bookmark of a removed activity says it is gone rather than opening
    /// another), and the same activity put back gets its id again. Absent
    /// in manifests written before it was kept.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub retired: BTreeMap<String, u64>,
    /// The written words of the indexed text that the index holds under
    /// another stem (see [`crate::index::analyzer::WrittenWords`]), sorted:
    /// a prefix query looks up the words it starts here. An update adds
    /// the words of what it indexes and keeps the others, so a word of a
    /// removed activity may stay until the next full build; its stem then
    /// matches only the activities that still hold a word of that stem.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub written: Vec<String>,
}

impl Manifest {
    /// An empty manifest of the current schema version and reader.
    pub fn new() -> Self {
        Manifest {
            version: SCHEMA_VERSION,
            reader: READER_FINGERPRINT.to_string(),
            files: BTreeMap::new(),
            retired: BTreeMap::new(),
            written: Vec::new(),
        }
    }

    /// Whether this build can keep the records the manifest accounts for:
    /// the schema is the same, and so is the reader that made them (a
    /// newer reader may read the same file otherwise: every file is read
    /// again).
    pub fn is_current(&self) -> bool {
        self.version == SCHEMA_VERSION && self.reader == READER_FINGERPRINT
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

/// What the file system says of a file: the cheap half of its fingerprint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stat {
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified_ns: u128,
    /// Status change time, nanoseconds since the epoch (0 where unknown).
    pub changed_ns: u128,
    /// Inode number (0 where unknown).
    pub inode: u64,
}

impl FileState {
    /// Whether the file looks unchanged since it was indexed: same size,
    /// modification time, status change time and inode. When it does not,
    /// its content hash decides (a `touch` changes the times, not the bytes).
    pub fn matches(&self, stat: &Stat) -> bool {
        self.size == stat.size
            && self.modified_ns == stat.modified_ns
            && self.changed_ns == stat.changed_ns
            && self.inode == stat.inode
    }

    /// This state with the fingerprint of `stat`.
    pub fn with_stat(self, stat: &Stat) -> Self {
        FileState {
            size: stat.size,
            modified_ns: stat.modified_ns,
            changed_ns: stat.changed_ns,
            inode: stat.inode,
            ..self
        }
    }
}

/// Size, times and inode of a file.
pub fn stat(path: &Path) -> std::io::Result<Stat> {
    let meta = std::fs::metadata(path)?;
    let modified_ns = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    #[cfg(unix)]
    let (changed_ns, inode) = {
        use std::os::unix::fs::MetadataExt;
        let seconds = u128::try_from(meta.ctime()).unwrap_or(0);
        let nanos = u128::try_from(meta.ctime_nsec()).unwrap_or(0);
        (seconds * 1_000_000_000 + nanos, meta.ino())
    };
    #[cfg(not(unix))]
    let (changed_ns, inode) = (0, 0);
    Ok(Stat {
        size: meta.len(),
        modified_ns,
        changed_ns,
        inode,
    })
}

/// A file's canonical path (absolute, links resolved), when it has one.
pub fn canonical_path(path: &Path) -> Option<String> {
    std::fs::canonicalize(path)
        .ok()
        .map(|real| real.to_string_lossy().into_owned())
}

/// The content hash of a file's bytes.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", xxhash_rust::xxh3::xxh3_64(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A manifest written before the status change time and inode were
    /// kept still reads; its files then get their content hash checked once.
    #[test]
    fn reads_a_manifest_without_change_time_or_inode() {
        let payload = format!(
            r#"{{"version":{SCHEMA_VERSION},"files":{{"corpus/a.txt":{{"source":"a.txt","size":10,"modified_ns":5,"hash":"00","entries":1}}}}}}"#
        );
        let manifest = Manifest::from_payload(Some(&payload)).expect("reads");
        let state = &manifest.files["corpus/a.txt"];
        assert_eq!((state.changed_ns, state.inode), (0, 0));
        let stat = Stat {
            size: 10,
            modified_ns: 5,
            changed_ns: 7,
            inode: 3,
        };
        assert!(!state.matches(&stat));
        assert!(state.clone().with_stat(&stat).matches(&stat));
    }
}
