//! The library's error type: each variant carries what a user needs to find the problem.

use std::path::PathBuf;

/// Everything that can go wrong in `bulletin`, with the file, line or lock it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write {path}")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the index at {path}; its last commit is unchanged and still searchable")]
    IndexWrite {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot parse {path}:{line}: {reason}")]
    Bulletin {
        path: PathBuf,
        line: usize,
        reason: String,
    },
    #[error("no bulletin files (*.txt) found under {0}")]
    NoCorpus(String),
    #[error(
        "another `bulletin index` is writing to {index} (it holds the lock on {lock}); wait for it to finish: the lock is released when that process ends"
    )]
    Locked { index: PathBuf, lock: PathBuf },
    #[error("no index at {0}; run `bulletin index` first")]
    NoIndex(PathBuf),
    #[error("no activity with id {0:?}")]
    UnknownId(String),
    #[error(
        "the activity {0:?} was removed from the corpus; its id stays its own and opens no other activity"
    )]
    RemovedId(String),
    #[error(
        "{0:?} is too short a start of an id to name one activity: give eight characters or more of it, or the whole id"
    )]
    ShortId(String),
    #[error("{id:?} starts {count} ids ({shown}); give more of it")]
    AmbiguousId {
        id: String,
        /// How many ids start so (`4`, or `100 or more` past those looked at).
        count: String,
        shown: String,
    },
    #[error("invalid {what}: {reason}")]
    InvalidArgument { what: String, reason: String },
    #[error(
        "the index at {path} is damaged ({reason}); run `bulletin index --rebuild --index {path}` to build it afresh"
    )]
    BadIndex { path: PathBuf, reason: String },
    #[error(
        "the index at {0} was built by another version of bulletin; run `bulletin index --index {0}` to rebuild it"
    )]
    OldIndex(PathBuf),
    #[error(
        "{0} holds an index bulletin did not make; it is left as it is (give bulletin another --index folder)"
    )]
    ForeignIndex(PathBuf),
    #[error(
        "cannot read the index at {path}: permission denied for {file} (its owner can give read permission)"
    )]
    IndexPermission { path: PathBuf, file: PathBuf },
    #[error("{0} is a file, not a folder; --index names the folder of the index")]
    IndexNotAFolder(PathBuf),
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
    #[error(transparent)]
    QueryParser(#[from] tantivy::query::QueryParserError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
    #[error("reading the index: {0}")]
    IndexIo(#[from] std::io::Error),
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// Builds an [`Error::InvalidArgument`].
    pub fn invalid(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::InvalidArgument {
            what: what.into(),
            reason: reason.into(),
        }
    }
}
