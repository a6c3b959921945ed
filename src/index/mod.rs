//! The on-disk index: schema, analyzer, writer, manifest and glossary.
//!
//! What indexing writes and searching reads lives here: the analyzer that both
//! sides must share, the acronym glossary learned while indexing, and the
//! manifest of indexed files kept in tantivy's commit payload.

pub mod analyzer;
pub mod folder;
pub mod glossary;
pub mod ids;
pub mod manifest;
pub mod parts;
mod path_hooks;
#[doc(hidden)]
pub mod read_hooks;
pub mod schema;
pub mod spelling;
pub mod stored;
#[doc(hidden)]
pub mod write_hooks;
pub mod writer;

use std::path::Path;

use tantivy::{Index, IndexSettings};

use crate::error::{Error, Result};
use folder::{Maker, SharedDirectory};
pub use glossary::Glossary;
pub use manifest::Manifest;
pub use schema::Fields;
pub use writer::{IndexOptions, IndexSummary, build, index_exists, open_existing};

/// Opens the index at `dir` for writing, creating the folder and an empty
/// index if needed. An index built with another schema by an earlier
/// version of bulletin, or with segments this build cannot read (see
/// [`schema::EARLIEST_READABLE_VERSION`]), is emptied first: its entries come back from the
/// corpus, which the caller then indexes in full, and the ids its records
/// held (read before it went) are given for the build that replaces it to
/// give them again; so are the records of its files `keep_records` names
/// (those that cannot be read now), which the build keeps. An index
/// bulletin did not make is refused and left as it is.
pub(crate) fn open_or_upgrade(
    dir: &Path,
    keep_records: &dyn Fn(&str) -> bool,
) -> Result<(Index, Fields, Option<writer::OldIndex>)> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::IndexNotAFolder(dir.to_path_buf()));
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Write {
        path: dir.to_path_buf(),
        source,
    })?;
    let bad = |err: tantivy::TantivyError| folder::unreadable_index(dir, &err);
    let directory = SharedDirectory::open(dir).map_err(|err| bad(err.into()))?;
    let schema = schema::build_schema();
    let create = |directory: SharedDirectory, schema| {
        Index::create(directory, schema, IndexSettings::default()).map_err(bad)
    };
    let mut old = None;
    // An index of this schema is opened as it is. A folder without one, or
    // with one of an earlier schema, gets one under a lock of its own,
    // which another run doing the same waits for, then looks again: two
    // runs starting at once cannot both create the index (the second's
    // `meta.json` would replace the first's commit, and the first, holding
    // the writer lock, removes the temporary file the second writes it
    // through), nor both replace an earlier schema's (the second would
    // find its `meta.json` gone midway, and call the index another
    // program's or damaged). The run that waited finds the index made and
    // goes on to the writer lock, which tells it of the other run.
    let meta_gone = || !dir.join(folder::META_FILE).exists();
    if Index::exists(&directory).map_err(|err| bad(err.into()))? {
        match Index::open(directory.clone()) {
            Ok(index) if index.schema() == schema && segments_readable(&index) => {
                analyzer::register(&index);
                let fields = Fields::new(&index.schema())?;
                return Ok((index, fields, None));
            }
            // Another program's index, or a damaged one, is refused
            // before anything is written in its folder; one whose
            // `meta.json` went meanwhile is being replaced by another run.
            Ok(_) => match folder::index_maker(dir) {
                Maker::Bulletin => {}
                _ if meta_gone() => {}
                _ => return Err(Error::ForeignIndex(dir.to_path_buf())),
            },
            Err(_) if meta_gone() => {}
            Err(err) => return Err(bad(err)),
        }
    }
    let lock = tantivy::directory::Lock {
        filepath: std::path::PathBuf::from(folder::CREATE_LOCK),
        is_blocking: true,
    };
    let _creating = folder::take_lock(&directory, &lock, dir)?;
    let index = if Index::exists(&directory).map_err(|err| bad(err.into()))? {
        let index = Index::open(directory.clone()).map_err(bad)?;
        if index.schema() == schema && segments_readable(&index) {
            index
        } else if folder::index_maker(dir) == Maker::Bulletin {
            old = writer::read_old_index(&index, keep_records);
            remove_old_index(dir, &index)?;
            drop(index);
            let index = create(directory, schema)?;
            // Should the build stop before its first commit, the next
            // one finds the ids of the old index retired: each activity
            // back as it was gets its id again, and no other takes one.
            if let Some(old) = &old {
                writer::commit_retired(&index, dir, writer::every_id_retired(old))?;
            }
            index
        } else {
            return Err(Error::ForeignIndex(dir.to_path_buf()));
        }
    } else {
        create(directory, schema)?
    };
    analyzer::register(&index);
    let fields = Fields::new(&index.schema())?;
    Ok((index, fields, old))
}

/// Whether this build reads the segments of `index`, of its schema: those
/// of a version before [`schema::EARLIEST_READABLE_VERSION`] are read
/// through their stored records alone, as an index of an earlier schema
/// is. An index without a manifest (made before its first commit) holds
/// no segment.
fn segments_readable(index: &Index) -> bool {
    match index.load_metas() {
        Ok(metas) => Manifest::from_payload(metas.payload.as_deref())
            .is_none_or(|manifest| manifest.version >= schema::EARLIEST_READABLE_VERSION),
        Err(_) => true,
    }
}

/// Removes the files of an index of another schema, holding its writer lock
/// so that no other writer works on it meanwhile. `meta.json` goes first:
/// after a crash at any point the folder holds either the old index or no
/// index at all, and the next `bulletin index` builds it afresh.
fn remove_old_index(dir: &Path, old: &Index) -> Result<()> {
    let writer: tantivy::IndexWriter = match old.writer_with_num_threads(1, 15_000_000) {
        Ok(writer) => writer,
        Err(tantivy::TantivyError::LockFailure(_, _)) => {
            return Err(Error::Locked {
                index: dir.to_path_buf(),
                lock: dir.join(".tantivy-writer.lock"),
            });
        }
        Err(err) => return Err(err.into()),
    };
    let managed = old.directory().list_managed_files();
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
            path: path.to_path_buf(),
            source: err,
        }),
        _ => Ok(()),
    };
    remove(&dir.join(folder::META_FILE))?;
    for file in managed {
        remove(&dir.join(file))?;
    }
    remove(&dir.join(folder::MANAGED_FILE))?;
    drop(writer);
    Ok(())
}

/// Writer memory and threads fitted to the machine: an indexing thread per
/// core (the thread that reads and extracts is lighter than indexing, and
/// shares the cores), `BULLETIN_INDEX_THREADS` to override; the heap is
/// bounded whatever the corpus size.
pub fn writer_heap_and_threads() -> (usize, usize) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let threads = whole_number_setting("BULLETIN_INDEX_THREADS")
        .unwrap_or(cores)
        .clamp(1, 8);
    let heap_per_thread = 128 * 1024 * 1024;
    (heap_per_thread * threads, threads)
}

/// A setting from the environment variable `name` that must be a whole
/// number of at least 1: `None` when unset or empty, and when it is
/// something else, after a warning on standard error naming the variable
/// and its value (the default then applies).
pub fn whole_number_setting(name: &str) -> Option<usize> {
    let value = std::env::var_os(name).filter(|v| !v.is_empty())?;
    match value.to_str().and_then(|v| v.trim().parse::<usize>().ok()) {
        Some(number) if number >= 1 => Some(number),
        _ => {
            eprintln!(
                "warning: {name}={} is not a whole number of at least 1; it is ignored",
                crate::output::shown_short(&value.to_string_lossy(), 40)
            );
            None
        }
    }
}

/// Reads the manifest of an index's last commit.
pub fn load_manifest(index: &Index) -> Result<Manifest> {
    Ok(Manifest::from_payload(index.load_metas()?.payload.as_deref()).unwrap_or_default())
}
