//! The on-disk index: schema, analyzer, writer, manifest and glossary.
//!
//! What indexing writes and searching reads lives here: the analyzer that both
//! sides must share, the acronym glossary learned while indexing, and the
//! manifest of indexed files kept in tantivy's commit payload.

pub mod analyzer;
pub mod glossary;
pub mod manifest;
pub mod schema;
pub mod spelling;
pub mod writer;

use std::path::Path;

use tantivy::Index;
use tantivy::directory::MmapDirectory;

use crate::error::{Error, Result};
pub use glossary::Glossary;
pub use manifest::Manifest;
pub use schema::Fields;
pub use writer::{IndexOptions, IndexSummary, build, index_exists, open_existing};

/// Opens the index at `dir`, creating the folder and an empty index if needed.
/// An index whose schema differs is an error naming the folder.
pub fn open_or_create(dir: &Path) -> Result<(Index, Fields)> {
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let directory = MmapDirectory::open(dir).map_err(|err| Error::BadIndex {
        path: dir.to_path_buf(),
        reason: err.to_string(),
    })?;
    let schema = schema::build_schema();
    let index =
        Index::open_or_create(directory, schema.clone()).map_err(|err| Error::BadIndex {
            path: dir.to_path_buf(),
            reason: format!(
                "{err}; remove the folder or run `bulletin index --rebuild --index {}`",
                dir.display()
            ),
        })?;
    analyzer::register(&index);
    let fields = Fields::new(&index.schema())?;
    Ok((index, fields))
}

/// Writer memory and threads fitted to the machine: an indexing thread per
/// core (the thread that reads and extracts is lighter than indexing, and
/// shares the cores), `BULLETIN_INDEX_THREADS` to override; the heap is
/// bounded whatever the corpus size.
pub fn writer_heap_and_threads() -> (usize, usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = std::env::var("BULLETIN_INDEX_THREADS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cores)
        .clamp(1, 8);
    let heap_per_thread = 128 * 1024 * 1024;
    (heap_per_thread * threads, threads)
}

/// Reads the manifest of an index's last commit.
pub fn load_manifest(index: &Index) -> Result<Manifest> {
    Ok(Manifest::from_payload(index.load_metas()?.payload.as_deref()).unwrap_or_default())
}
