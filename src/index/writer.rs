//! Building and updating the index from the corpus.
//!
//! Incremental by default: a file whose size, modification and status change
//! times and inode match the manifest is not read; a file whose bytes hash the same is not re-indexed; a
//! changed file's entries are replaced and a removed file's deleted. The
//! manifest travels in the commit payload, so a crash at any moment leaves the
//! last commit whole and the next run finishes the work.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use chrono::Datelike;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::{DocSet, Index, IndexReader, IndexWriter, TERMINATED, TantivyDocument, Term};

use crate::corpus::{Warning, list_bulletin_files, source_name, split_bulletin};
use crate::error::{Error, Result};
use crate::extract::{Record, UniqueIds, base_id, extract_bulletin, year_in_file_name};
use crate::index::analyzer::WrittenWords;
use crate::index::ids::SegmentIds;
use crate::index::manifest::{
    FileState, Manifest, Stat, canonical_path, content_hash, file_key, stat,
};
use crate::index::parts::{EventKey, encode as encode_parts};
use crate::index::schema::{
    DATELINE_WEIGHT, Fields, TITLE_WEIGHT, day_number, month_facets, tie_key,
};
use crate::index::{folder, open_or_upgrade, writer_heap_and_threads};

/// What `bulletin index` should do.
#[derive(Debug, Clone)]
pub struct IndexOptions {
    pub index_dir: PathBuf,
    pub corpus: Vec<PathBuf>,
    /// Start from scratch instead of updating.
    pub rebuild: bool,
    /// Show a progress bar on standard error (only when it is a terminal).
    pub progress: bool,
    /// Commit after this many new entries, so a long first build can resume.
    /// Each commit flushes the writer's half-filled segments and sets off
    /// merges, so the interval is wide: a 200,000-entry build commits once.
    pub commit_every: usize,
    /// Keep the entries of indexed files outside the corpus that still
    /// exist: the update a read command (search, facets, show…) runs adds
    /// and refreshes the corpus's files and removes those deleted from disk,
    /// but a narrower or another `--corpus` must not delete what the index
    /// holds. The files kept are listed in [`IndexSummary::kept_outside`].
    pub keep_outside: bool,
}

impl IndexOptions {
    /// Options for an index folder and corpus paths, with the defaults.
    pub fn new(index_dir: impl Into<PathBuf>, corpus: Vec<PathBuf>) -> Self {
        IndexOptions {
            index_dir: index_dir.into(),
            corpus,
            rebuild: false,
            progress: false,
            commit_every: 250_000,
            keep_outside: false,
        }
    }
}

/// What a run of the indexer did.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct IndexSummary {
    /// Files read and (re-)indexed.
    pub files_indexed: usize,
    /// Files read but unchanged in content.
    pub files_unchanged_content: usize,
    /// Files not read at all: same size, times and inode as indexed.
    pub files_skipped: usize,
    /// Files gone from the corpus whose entries were deleted.
    pub files_removed: usize,
    /// Indexed files found by another path (renamed, moved, or the corpus
    /// named by another path) with the same content: their entries move
    /// to the new path without the file being indexed again.
    pub files_moved: usize,
    /// Files (or folders) that could not be read; what was indexed from
    /// them before is kept.
    pub files_unreadable: usize,
    /// Entries added in this run.
    pub entries_added: usize,
    /// Entries in the index after this run.
    pub entries_total: usize,
    /// Indexed files outside the corpus, still on disk, whose entries were
    /// kept (see [`IndexOptions::keep_outside`]), by their paths as indexed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kept_outside: Vec<String>,
    pub warnings: Vec<String>,
    /// The path each of `warnings` is about, in the same order, for the
    /// count of those a command leaves unprinted.
    #[serde(skip)]
    pub warning_paths: Vec<String>,
    /// The files and folders of the corpus that could not be read, by the
    /// paths their warnings are about (see `warning_paths`).
    #[serde(skip)]
    pub unreadable_paths: Vec<String>,
    /// The files and folders the corpus reaches by a second path, read
    /// once by the first, by the paths their warnings are about.
    #[serde(skip)]
    pub repeat_paths: Vec<String>,
    pub seconds: f64,
    pub bytes_read: u64,
}

impl IndexSummary {
    /// Adds a warning about the file or folder at `path`.
    fn warn(&mut self, path: &Path, message: String) {
        self.warnings.push(message);
        self.warning_paths.push(path.display().to_string());
    }

    /// Adds a warning about the file or folder at `path`, which cannot be read.
    fn warn_unreadable(&mut self, path: &Path, message: String) {
        self.unreadable_paths.push(path.display().to_string());
        self.warn(path, message);
    }

    /// Whether the run changed anything.
    pub fn changed(&self) -> bool {
        self.files_indexed > 0 || self.files_removed > 0 || self.files_moved > 0
    }
}

/// The corpus paths as a user typed them, for messages.
fn corpus_names(corpus: &[PathBuf]) -> String {
    let shown: Vec<String> = corpus.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// Builds or updates the index at `options.index_dir` from `options.corpus`.
pub fn build(options: &IndexOptions) -> Result<IndexSummary> {
    let started = Instant::now();
    let listing = list_bulletin_files(&options.corpus)?;
    // An empty corpus is an error for a first build (a mistyped path,
    // say); over an index built before, its files were deleted, and so
    // are their entries.
    if listing.files.is_empty()
        && listing.unreadable.is_empty()
        && folder::last_manifest(&options.index_dir).is_none()
    {
        return Err(Error::NoCorpus(corpus_names(&options.corpus)));
    }
    let (index, fields, reader, old) = open_for_writing(options)?;
    let written = WrittenWords::default();
    crate::index::analyzer::register_recording(&index, &written);
    let (heap, threads) = writer_heap_and_threads();
    let mut writer: IndexWriter<TantivyDocument> =
        match index.writer_with_num_threads(threads, heap) {
            Ok(writer) => writer,
            // The index folder cannot be written by this user.
            Err(tantivy::TantivyError::LockFailure(LockError::IoError(io), _)) => {
                return Err(Error::Write {
                    path: options.index_dir.clone(),
                    source: std::io::Error::new(io.kind(), io.to_string()),
                });
            }
            Err(tantivy::TantivyError::LockFailure(_, _)) => {
                return Err(Error::Locked {
                    index: options.index_dir.clone(),
                    lock: options.index_dir.join(".tantivy-writer.lock"),
                });
            }
            Err(err) => return Err(err.into()),
        };
    // The lock is ours: what a killed writer left half-written goes.
    folder::remove_stale_temporary_files(&options.index_dir);
    match update(
        options,
        listing,
        (&index, &fields, &reader, old),
        (&mut writer, &written),
    ) {
        Ok(mut summary) => {
            writer
                .wait_merging_threads()
                .map_err(|err| write_error(&options.index_dir, err.into()))?;
            summary.seconds = started.elapsed().as_secs_f64();
            Ok(summary)
        }
        Err(err) => {
            discard_uncommitted(&index, &mut writer, &options.index_dir);
            Err(err)
        }
    }
}

/// Opens the index for writing, with a reader on its last commit, which
/// also checks that every file of that commit can be read. With
/// `--rebuild`, an index that cannot be opened or read is cleared (when it
/// is bulletin's, see [`folder::clear_damaged_index`]) and made afresh.
fn open_for_writing(
    options: &IndexOptions,
) -> Result<(Index, Fields, IndexReader, Option<OldIndex>)> {
    let dir = &options.index_dir;
    let open = || {
        let opened = std::panic::catch_unwind(|| {
            let (index, fields, old) = open_or_upgrade(dir, &cannot_read_now)?;
            let reader = index
                .reader()
                .map_err(|err| folder::unreadable_index(dir, &err))?;
            Ok((index, fields, reader, old))
        });
        // Damaged segment files can make the search library panic as it
        // opens them (a length read from a zeroed term dictionary): that is
        // a damaged index, which `--rebuild` clears like any other.
        opened.unwrap_or_else(|_| {
            let fault = crate::fault::take_last();
            Err(Error::BadIndex {
                path: dir.to_path_buf(),
                reason: fault.map_or_else(
                    || "its segments cannot be opened".to_string(),
                    |f| f.message,
                ),
            })
        })
    };
    match open() {
        Err(Error::BadIndex { .. }) if options.rebuild => {
            // The ids the damaged index retired stay retired, when its
            // manifest can be read.
            let retired = folder::last_manifest(dir).map(|last| last.retired);
            folder::clear_damaged_index(dir)?;
            let opened = open()?;
            if let Some(retired) = retired.filter(|retired| !retired.is_empty()) {
                commit_retired(&opened.0, dir, retired)?;
            }
            Ok(opened)
        }
        opened => opened,
    }
}

/// Whether the indexed file `key` is there but cannot be read now (a link
/// to nothing, its permissions, a folder or a pipe of its name, a folder
/// above it that cannot be listed); a file gone is not. It is looked at
/// before it is opened: opening a pipe waits for a writer forever.
fn cannot_read_now(key: &str) -> bool {
    let path = Path::new(key);
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => true,
        Ok(_) => std::fs::File::open(path).is_err(),
        Err(_) => std::fs::symlink_metadata(path).is_ok() || is_on_disk(path),
    }
}

/// After a failed run: drops what was not committed and deletes the files
/// no commit uses (the partial segments a full disk leaves), so that the
/// next run has the room this one had. Best effort: the run's own error is
/// what the user needs to see.
fn discard_uncommitted(index: &Index, writer: &mut IndexWriter<TantivyDocument>, index_dir: &Path) {
    if writer.rollback().is_err() {
        return;
    }
    // tantivy's collection keeps the segments the rolled-back writer's
    // threads may still hold; the last commit says which ones are in use.
    if let Ok(metas) = index.load_metas() {
        let committed: HashSet<String> = metas
            .segments
            .iter()
            .map(|segment| segment.id().uuid_string())
            .collect();
        folder::remove_uncommitted_segment_files(index_dir, &committed);
    }
    let _ = writer.garbage_collect_files().wait();
}

/// The work of [`build`] once the writer holds the lock: reads what
/// changed, writes it and commits.
fn update(
    options: &IndexOptions,
    listing: crate::corpus::Listing,
    (index, fields, reader, mut upgraded): (&Index, &Fields, &IndexReader, Option<OldIndex>),
    (writer, written): (&mut IndexWriter<TantivyDocument>, &WrittenWords),
) -> Result<IndexSummary> {
    let files = listing.files;
    // `last`: the manifest of an index this run replaces whole (with
    // `--rebuild`, or read by another reader), whose ids it deals again.
    let (previous, last) = match Manifest::from_payload(index.load_metas()?.payload.as_deref()) {
        Some(found) if found.is_current() && !options.rebuild => (Some(found), None),
        other => (None, other),
    };
    let mut manifest = Manifest::new();
    // The ids of activities removed by earlier runs stay retired.
    manifest.retired = previous
        .as_ref()
        .or(last.as_ref())
        .or(upgraded.as_ref().map(|old| &old.manifest))
        .map(|found| found.retired.clone())
        .unwrap_or_default();
    let mut summary = IndexSummary::default();
    // A full build over an index whose manifest lists the files of all its
    // documents replaces them file by file, so that a partial commit keeps
    // the old records, and their ids, of the files not read again yet (a
    // killed `--rebuild` is then resumed with the ids it would have kept);
    // otherwise it starts from an empty index.
    let replacing = match (&previous, &last) {
        (None, Some(last)) if lists_every_document(&reader.searcher(), fields, last) => {
            Some(last.clone())
        }
        _ => None,
    };
    // A full build that empties an index it can read: the ids of its
    // records not dealt again are retired.
    let emptied = previous.is_none() && replacing.is_none();
    if emptied {
        writer.delete_all_documents()?;
    }
    // The written words of the records the index keeps stay; those of what
    // this run indexes are added as it goes.
    if let Some(kept) = previous.as_ref().or(replacing.as_ref()) {
        written.extend(kept.written.iter().cloned());
    }
    let previous = previous.unwrap_or_default();
    // What the index holds of each file, for a file that cannot be read
    // now: in a full build that replaces it file by file, the old index's
    // files, to be read again once they can be (by neither their times nor
    // their bytes do they match).
    let unread_again = replacing.as_ref().map(to_read_again);
    // In the rebuild of an index of an earlier schema: its files that could
    // not be read as it went, whose records it kept for the new index; in a
    // full build that empties an index it can read: that index's files,
    // whose records it puts back should one not be read (either is read
    // again once it can be).
    let kept_from_old = match (&upgraded, &last) {
        (Some(old), _) => Some(Manifest {
            files: old
                .manifest
                .files
                .iter()
                .filter(|(key, _)| old.records.contains_key(*key))
                .map(|(key, state)| (key.clone(), not_matching(state)))
                .collect(),
            ..Manifest::new()
        }),
        (None, Some(last)) if emptied => Some(to_read_again(last)),
        _ => None,
    };
    let indexed = unread_again
        .as_ref()
        .or(kept_from_old.as_ref())
        .unwrap_or(&previous);
    for repeat in &listing.repeats {
        summary.warn(&repeat.path, repeat.to_string());
        summary.repeat_paths.push(repeat.path.display().to_string());
    }

    // A folder that cannot be listed, or a `*.txt` that is no file (a
    // pipe), keeps the entries indexed from it.
    for (dir, source) in &listing.unreadable {
        summary.files_unreadable += 1;
        let what = if dir.is_dir() {
            "cannot list this folder"
        } else {
            "cannot read this"
        };
        let dir_key = file_key(dir);
        let mut kept = false;
        for (key, state) in &indexed.files {
            if Path::new(key).starts_with(&dir_key) {
                manifest.files.insert(key.clone(), state.clone());
                kept = true;
            }
        }
        // What stays of it: entries of an earlier run, or nothing (a pipe
        // or a folder never indexed), as for a file that cannot be read.
        let kept = match (kept, dir.is_dir()) {
            (true, _) => "its entries from the last run are kept",
            (false, true) => "nothing in it is indexed",
            (false, false) => "it is not indexed",
        };
        summary.warn_unreadable(dir, format!("{}: {what} ({source}); {kept}", dir.display()));
    }

    // Decide what to read: a cheap stat first.
    let started = racy_since();
    let mut to_read: Vec<(PathBuf, String, Stat)> = Vec::new();
    // Files listed but deleted before this run could read them: removed.
    let mut vanished: Vec<String> = Vec::new();
    // Canonical paths of the files listed, by key.
    let mut canonical: HashMap<String, String> = HashMap::new();
    for path in &files {
        let key = file_key(path);
        let found = match stat(path) {
            Ok(found) => found,
            Err(_) if is_gone(path) => {
                vanished.push(key);
                continue;
            }
            Err(source) => {
                keep_unreadable(&mut summary, &mut manifest, indexed, path, &key, &source);
                continue;
            }
        };
        let real = canonical_path(path);
        if let Some(real) = &real {
            canonical.insert(key.clone(), real.clone());
        }
        match previous.files.get(&key) {
            Some(state) if state.matches(&found) => {
                summary.files_skipped += 1;
                let state = FileState {
                    canonical: real.or_else(|| state.canonical.clone()),
                    ..state.clone()
                };
                manifest.files.insert(key, state);
            }
            _ => to_read.push((path.clone(), key, found)),
        }
    }
    let mut current: HashSet<String> = files.iter().map(|p| file_key(p)).collect();
    current.extend(manifest.files.keys().cloned());
    // An indexed file of the corpus replaced by a folder of its name that
    // holds no bulletin file (`x.txt/`) cannot be read, and its entries stay.
    let corpus_keys: Vec<String> = options.corpus.iter().map(|c| file_key(c)).collect();
    for key in indexed.files.keys() {
        let path = Path::new(key);
        if current.contains(key)
            || !corpus_keys.iter().any(|c| path.starts_with(c))
            || !path.is_dir()
            || current
                .iter()
                .any(|listed| Path::new(listed).starts_with(path))
        {
            continue;
        }
        let folder = std::io::Error::other("it is a folder now, holding no bulletin file");
        keep_unreadable(&mut summary, &mut manifest, indexed, path, key, &folder);
        current.insert(key.clone());
    }
    // A file the corpus reaches by another path too (a link) is read by
    // the path listed, not kept by this one.
    let repeats: Vec<(String, bool)> = listing
        .repeats
        .iter()
        .map(|r| (file_key(&r.path), r.is_folder))
        .collect();
    let is_repeat = |key: &str| {
        repeats.iter().any(|(repeat, is_folder)| {
            key == repeat || (*is_folder && Path::new(key).starts_with(repeat))
        })
    };
    let searcher = reader.searcher();
    // Indexed files no longer listed by their paths, and listed files new
    // to the index, are paired when they are the same file: by canonical
    // path first (the corpus named by another path), then, for files gone
    // from where they were, by content (renamed or moved): see
    // `pair_files`, which a full build's pairing shares. Each file is read
    // once: its hash, and then its entries, come from the same bytes.
    let mut readings = Readings::default();
    let new_files: Vec<usize> = (0..to_read.len())
        .filter(|&i| !previous.files.contains_key(&to_read[i].1))
        .collect();
    let missing: Vec<(&String, &FileState)> = previous
        .files
        .iter()
        .filter(|(key, _)| !current.contains(*key))
        .collect();
    // A file outside the corpus still on disk is kept (with
    // `keep_outside`) unless the corpus names it by another path.
    let kept_outside = |key: &str, state: &FileState| {
        let where_on_disk = Path::new(state.canonical.as_deref().unwrap_or(key));
        options.keep_outside && !is_repeat(key) && is_on_disk(where_on_disk)
    };
    let pairs = pair_files(
        (&to_read, &new_files),
        &missing,
        &canonical,
        |key, state| !kept_outside(key, state),
        &mut readings,
    );
    let mut removed: Vec<String> = Vec::new();
    for (key, state) in missing {
        if pairs.iter().any(|(_, old)| old == key) {
            continue;
        }
        if kept_outside(key, state) {
            manifest.files.insert(key.clone(), state.clone());
            current.insert(key.clone());
            summary.kept_outside.push(key.clone());
        } else {
            removed.push(key.clone());
        }
    }
    // A pair whose content is the same moves its entries to the new path,
    // unless the file's new name holds another year (which dates entries
    // that state none): that file is read again.
    let mut moved: HashSet<usize> = HashSet::new();
    for (i, old_key) in pairs {
        let (path, new_key, found) = &to_read[i];
        let state = &previous.files[&old_key];
        let source = source_name(path);
        let same_content = state.matches(found)
            || readings
                .get(path, new_key)
                .is_ok_and(|read| read.hash == state.hash);
        if !same_content || year_in_file_name(&source) != year_in_file_name(&state.source) {
            removed.push(old_key);
            continue;
        }
        readings.forget(new_key);
        move_documents(
            writer,
            &searcher,
            fields,
            (&old_key, new_key),
            &source,
            &options.index_dir,
        )?;
        let state = FileState {
            source,
            canonical: canonical.get(new_key).cloned(),
            ..state.clone()
        };
        manifest
            .files
            .insert(new_key.clone(), state.with_stat(&trusted(found, started)));
        summary.files_moved += 1;
        moved.insert(i);
    }
    let mut to_read: Vec<(PathBuf, String, Stat)> = to_read
        .into_iter()
        .enumerate()
        .filter(|(i, _)| !moved.contains(i))
        .map(|(_, item)| item)
        .collect();
    for key in &removed {
        writer.delete_term(Term::from_field_text(fields.file, key));
        summary.files_removed += 1;
    }

    let total_bytes: u64 = to_read.iter().map(|(_, _, found)| found.size).sum();
    let bar = progress_bar(options.progress, total_bytes);
    // Files indexed before whose size, times or inode changed: those with
    // the same content only get their new fingerprint; the others are re-read
    // below.
    if !previous.files.is_empty() {
        to_read.retain(|(path, key, found)| {
            let Some(state) = previous.files.get(key) else {
                return true;
            };
            let hash = match readings.get(path, key) {
                Ok(read) => read.hash.clone(),
                Err(_) if is_gone(path) => {
                    vanished.push(key.clone());
                    bar.inc(found.size);
                    return false;
                }
                Err(source) => {
                    keep_unreadable(&mut summary, &mut manifest, &previous, path, key, &source);
                    bar.inc(found.size);
                    return false;
                }
            };
            if hash != state.hash {
                return true;
            }
            readings.forget(key);
            summary.bytes_read += found.size;
            summary.files_unchanged_content += 1;
            let state = FileState {
                canonical: canonical.get(key.as_str()).cloned(),
                ..state.clone()
            };
            manifest
                .files
                .insert(key.clone(), state.with_stat(&trusted(found, started)));
            bar.inc(found.size);
            false
        });
    }
    // In a full build over an index: the old file each file read replaces.
    let old_files = match &last {
        Some(last) => pair_with_old_files(&to_read, &canonical, last, &mut readings),
        None => Vec::new(),
    };
    // Old files whose records this run has deleted.
    let mut replaced: HashSet<String> = HashSet::new();
    // The records of the files an update read first (see below), while
    // they are few, so that they are not extracted twice.
    let mut first_readings: HashMap<String, FirstReading> = HashMap::new();
    let mut ids = IdAllocator {
        last_commit: LastCommit {
            searcher: &searcher,
            fields,
            has_records: (!previous.files.is_empty() || replacing.is_some())
                && searcher.num_docs() > 0,
            released: HashSet::new(),
            ids: std::cell::OnceCell::new(),
        },
        unique: UniqueIds::default(),
        retired: Retired::new(&manifest.retired),
        dealt: HashSet::new(),
        kept: match &last {
            // An index of an earlier schema, removed: the ids read from it.
            _ if upgraded.is_some() => upgraded.as_mut().map_or_else(KeptIds::default, |old| {
                let pairs = pair_with_old_files(&to_read, &canonical, &old.manifest, &mut readings);
                KeptIds::from_old_index(old, &pairs)
            }),
            Some(_) if searcher.num_docs() > 0 => KeptIds::read(&searcher, fields, &old_files),
            // An update reads changed files again: their entries keep the
            // ids they had, so that an entry of the same date and title
            // added above an indexed one, in its file or in one read
            // earlier, does not take its id. A first reading of each such
            // file tells which of its ids stay (see `KeptIds::settle`); the
            // others are free at once, so that an entry moved to a file
            // read earlier, edited or not, keeps its id there.
            None if searcher.num_docs() > 0 => {
                let read_again: HashSet<&String> = to_read
                    .iter()
                    .map(|(_, key, _)| key)
                    .chain(&removed)
                    .collect();
                let replaced = Manifest {
                    files: previous
                        .files
                        .iter()
                        .filter(|(key, _)| read_again.contains(key))
                        .map(|(key, state)| (key.clone(), state.clone()))
                        .collect(),
                    ..Manifest::new()
                };
                let mut pairs = pair_with_old_files(&to_read, &canonical, &replaced, &mut readings);
                let mut budget = FIRST_READINGS_KEPT;
                let mut first_reading = |path: &Path, key: &str| -> Option<Vec<Record>> {
                    let read = readings.get(path, key).ok()?;
                    let bytes = &read.bytes;
                    let extracted = extract_bulletin(&split_bulletin(&source_name(path), bytes));
                    if bytes.len() > budget {
                        return Some(extracted.0);
                    }
                    budget -= bytes.len();
                    let records = extracted.0.clone();
                    first_readings.insert(key.to_string(), (read.hash.clone(), extracted));
                    Some(records)
                };
                // A file gone and a file new to the index that share an
                // entry are one file, renamed and edited at once.
                let gone: Vec<&String> = removed
                    .iter()
                    .filter(|key| !pairs.iter().any(|(_, old)| old == *key))
                    .collect();
                let mut read_first: HashMap<String, Vec<Record>> = HashMap::new();
                if !gone.is_empty() {
                    let mut old_entries = old_entries_of(&searcher, fields, &gone);
                    for (path, key, _) in &to_read {
                        if old_entries.is_empty() {
                            break;
                        }
                        if previous.files.contains_key(key) || pairs.iter().any(|(k, _)| k == key) {
                            continue;
                        }
                        let Some(records) = first_reading(path, key) else {
                            continue;
                        };
                        let entries: HashSet<(u64, u64)> = records.iter().map(entry_of).collect();
                        let best = old_entries
                            .iter()
                            .enumerate()
                            .map(|(at, (_, old))| (old.intersection(&entries).count(), at))
                            .filter(|(shared, _)| *shared > 0)
                            .max();
                        if let Some((_, at)) = best {
                            let (old_key, _) = old_entries.swap_remove(at);
                            pairs.push((key.clone(), old_key));
                        }
                        read_first.insert(key.clone(), records);
                    }
                }
                let mut kept = KeptIds::read(&searcher, fields, &pairs);
                for (path, key, _) in &to_read {
                    if !kept.by_file.contains_key(key) {
                        continue;
                    }
                    // A file that cannot be read is reported when read
                    // below; if it cannot be read then either, its records
                    // and their ids stay, so they are held meanwhile.
                    let records = read_first.remove(key).or_else(|| first_reading(path, key));
                    if let Some(records) = records {
                        kept.settle(key, &records);
                    }
                }
                kept
            }
            _ => KeptIds::default(),
        },
    };
    if emptied && last.is_some() {
        ids.last_commit.release_all();
    }
    // The records of removed files and of files read again give up their
    // ids, so an activity keeps its id when it moves to another file or its
    // file is renamed. (Until the file that held it is read again, a partial
    // commit of a long run may show such an id twice.)
    let damaged = |err: Error| match err {
        Error::Index(err) => folder::unreadable_index(&options.index_dir, &err),
        other => other,
    };
    for key in &removed {
        ids.release_file(key).map_err(damaged)?;
    }
    for (_, key, _) in &to_read {
        ids.release_file(key).map_err(damaged)?;
    }
    // A full build replacing the index: the records of its files stay
    // until replaced, their ids free for this run but those of files it
    // keeps unread.
    for key in replacing.iter().flat_map(|last| last.files.keys()) {
        if !manifest.files.contains_key(key) {
            ids.release_file(key).map_err(damaged)?;
        }
    }
    // The files of an earlier schema's index that cannot be read keep
    // their records, and their ids, in the new index.
    // So do those of an index a full build empties.
    let old_records = |upgraded: &mut Option<OldIndex>, key: &str| -> Option<Vec<String>> {
        if let Some(old) = upgraded.as_mut() {
            return old.records.remove(key);
        }
        if !(emptied && last.is_some()) {
            return None;
        }
        read_or_none(|| {
            let mut found = Vec::new();
            for_each_stored_record(&searcher, (fields.file, fields.record), key, |json| {
                found.extend(json.map(str::to_string));
                Ok(())
            })?;
            Ok(found)
        })
    };
    let kept_keys: Vec<String> = manifest.files.keys().cloned().collect();
    for key in kept_keys {
        if let Some(records) = old_records(&mut upgraded, &key) {
            restore_records(
                (writer, fields, &options.index_dir),
                (&mut ids, &mut manifest, &mut summary),
                &key,
                records,
            )?;
        }
    }
    let mut since_commit = 0;
    // The files whose records this run has deleted so far (those of the
    // files it removes, then of each file read), whose ids a partial
    // commit retires.
    let mut deleted_files: Vec<String> = removed.clone();
    for (path, key, found) in to_read {
        let read = match readings.take(&path, &key) {
            Ok(read) => read,
            // Its records go with the others of the removed files (below),
            // and their ids, released, are retired.
            Err(_) if is_gone(&path) => {
                vanished.push(key.clone());
                ids.kept.finish_file(&key);
                bar.inc(found.size);
                continue;
            }
            Err(source) => {
                keep_unreadable(&mut summary, &mut manifest, indexed, &path, &key, &source);
                if manifest.files.contains_key(&key)
                    && let Some(records) = old_records(&mut upgraded, &key)
                {
                    restore_records(
                        (writer, fields, &options.index_dir),
                        (&mut ids, &mut manifest, &mut summary),
                        &key,
                        records,
                    )?;
                    ids.kept.finish_file(&key);
                } else if manifest.files.contains_key(&key) {
                    // Its records stay, and so do their ids.
                    ids.last_commit.keep_file(&key).map_err(damaged)?;
                } else {
                    ids.kept.finish_file(&key);
                }
                bar.inc(found.size);
                continue;
            }
        };
        summary.bytes_read += read.bytes.len() as u64;
        let hash = read.hash.clone();
        let source = source_name(&path);
        let (mut records, warnings) = match first_readings.remove(&key) {
            Some((first, extracted)) if first == hash => extracted,
            _ => extract_bulletin(&split_bulletin(&source, &read.bytes)),
        };
        drop(read);
        // A warning names the path, folders and all (records name the file).
        let shown = path.display().to_string();
        for warning in warnings {
            let warning = Warning {
                source: shown.clone(),
                ..warning
            };
            summary.warn(&path, warning.to_string());
        }
        writer.delete_term(Term::from_field_text(fields.file, &key));
        deleted_files.push(key.clone());
        if replacing.is_some() {
            for (_, old_key) in old_files.iter().filter(|(new_key, _)| *new_key == key) {
                writer.delete_term(Term::from_field_text(fields.file, old_key));
                replaced.insert(old_key.clone());
                deleted_files.push(old_key.clone());
            }
            replaced.insert(key.clone());
        }
        let mut acronyms: Vec<(String, String)> = Vec::new();
        ids.assign_file(&mut records, &key).map_err(damaged)?;
        for record in &records {
            for (acronym, expansion) in &record.acronyms.0 {
                if !acronyms.iter().any(|(a, _)| a == acronym) {
                    acronyms.push((acronym.clone(), expansion.clone()));
                }
            }
            add_document(
                writer,
                record_document(fields, record, &key)?,
                &options.index_dir,
            )?;
        }
        ids.kept.finish_file(&key);
        summary.files_indexed += 1;
        summary.entries_added += records.len();
        since_commit += records.len();
        let real = canonical.get(&key).cloned();
        let found = trusted(&found, started);
        manifest.files.insert(
            key,
            FileState {
                source,
                size: found.size,
                modified_ns: found.modified_ns,
                changed_ns: found.changed_ns,
                inode: found.inode,
                canonical: real,
                hash,
                entries: records.len(),
                acronyms,
            },
        );
        bar.inc(found.size);
        if since_commit >= options.commit_every {
            // A partial commit: the manifest lists only what is done, so a crash resumes from here.
            let mut partial = manifest.clone();
            for (key, state) in &previous.files {
                if current.contains(key) && !partial.files.contains_key(key) {
                    partial.files.insert(
                        key.clone(),
                        FileState {
                            hash: String::new(),
                            ..state.clone()
                        },
                    );
                }
            }
            // A full build's old files not read again yet keep their
            // records, listed so that the next run reads them again (by
            // neither their times nor their bytes do they match).
            for (key, state) in replacing.iter().flat_map(|last| &last.files) {
                if !replaced.contains(key) && !partial.files.contains_key(key) {
                    partial.files.insert(key.clone(), not_matching(state));
                }
            }
            // The ids of the records deleted so far and not dealt again
            // are retired by this commit too (a run stopped after it has
            // removed them); the records of the files not read yet stay.
            let deleted = (!emptied).then_some(deleted_files.as_slice());
            partial.retired = ids.retired_now(manifest.retired.clone(), deleted);
            // Those of an earlier schema's index whose files this build
            // no longer finds, too: that index is gone already.
            for old in upgraded.iter().flat_map(|old| old.ids.values().flatten()) {
                if !ids.dealt.contains(&old.text) {
                    partial.retired.insert(old.text.clone(), old.id.content);
                }
            }
            commit(writer, &partial, written)
                .map_err(|err| write_error(&options.index_dir, err))?;
            since_commit = 0;
        }
    }
    bar.finish_and_clear();
    for key in &vanished {
        manifest.files.remove(key);
        if previous.files.contains_key(key) {
            writer.delete_term(Term::from_field_text(fields.file, key));
            ids.release_file(key).map_err(damaged)?;
            summary.files_removed += 1;
        }
    }
    // The records of the old files no file of the corpus replaced go.
    for key in replacing.iter().flat_map(|last| last.files.keys()) {
        if !replaced.contains(key) && !manifest.files.contains_key(key) {
            writer.delete_term(Term::from_field_text(fields.file, key));
        }
    }
    // The ids of the records this run deleted and did not deal again are
    // retired; those it dealt again are not. So are those of an index of
    // an earlier schema that this build replaces (its entries gone from
    // the corpus, or given other ids).
    manifest.retired = ids.retired_now(manifest.retired, None);
    if let Some(old) = &upgraded {
        for (id, content) in &old.every {
            if !ids.dealt.contains(id) {
                manifest.retired.insert(id.clone(), *content);
            }
        }
    }
    manifest.written = written.sorted();
    if summary.changed()
        || previous.files.len() != manifest.files.len()
        || since_commit > 0
        || previous != manifest
    {
        commit(writer, &manifest, written).map_err(|err| write_error(&options.index_dir, err))?;
    }
    summary.entries_total = manifest.entries();
    Ok(summary)
}

/// Puts the stored records (JSON) `records` of the file `key` of an index
/// of an earlier schema into the new index, with their ids, which no other
/// entry of this run then gets. Records this build cannot read (an earlier
/// bulletin's) are not kept: the file is then left out, with a warning.
fn restore_records(
    (writer, fields, index_dir): (&mut IndexWriter<TantivyDocument>, &Fields, &Path),
    (ids, manifest, summary): (&mut IdAllocator<'_>, &mut Manifest, &mut IndexSummary),
    key: &str,
    records: Vec<String>,
) -> Result<()> {
    let read: std::result::Result<Vec<Record>, _> = records
        .iter()
        .map(|json| serde_json::from_str::<Record>(json))
        .collect();
    let Ok(read) = read else {
        manifest.files.remove(key);
        // The warning that said they were kept says they cannot be.
        const KEPT: &str = "its entries from the last run are kept";
        const NOT_KEPT: &str = "its entries from the last run cannot be kept (an earlier bulletin made them); it is indexed again once it can be read";
        let kept_warning = (0..summary.warnings.len()).rev().find(|&at| {
            summary.warnings[at].ends_with(KEPT)
                && summary
                    .warning_paths
                    .get(at)
                    .is_some_and(|path| file_key(Path::new(path)) == key)
        });
        match kept_warning {
            Some(at) => {
                let warning = &mut summary.warnings[at];
                warning.truncate(warning.len() - KEPT.len());
                warning.push_str(NOT_KEPT);
            }
            None => summary.warn(Path::new(key), format!("{key}: {NOT_KEPT}")),
        }
        return Ok(());
    };
    for record in &read {
        ids.unique.claim_exact(&record.id);
        ids.dealt.insert(record.id.clone());
        add_document(writer, record_document(fields, record, key)?, index_dir)?;
    }
    Ok(())
}

/// A file's content hash and what its first reading extracted.
type FirstReading = (String, (Vec<Record>, Vec<Warning>));

/// The most bytes of bulletin files whose records an update keeps from
/// its first reading of them.
const FIRST_READINGS_KEPT: usize = 64 * 1024 * 1024;

/// For a full build over an index (`last` its manifest): the old file
/// whose entries' ids each file this run reads gets again, as (new key,
/// old key): the file of the same path, or else one gone from the corpus
/// found by [`pair_files`] (the same canonical path or content), as an
/// update pairs them.
fn pair_with_old_files(
    to_read: &[(PathBuf, String, Stat)],
    canonical: &HashMap<String, String>,
    last: &Manifest,
    readings: &mut Readings,
) -> Vec<(String, String)> {
    let listed: HashSet<&str> = to_read.iter().map(|(_, key, _)| key.as_str()).collect();
    let gone: Vec<(&String, &FileState)> = last
        .files
        .iter()
        .filter(|(key, _)| !listed.contains(key.as_str()))
        .collect();
    let (same_path, new_files): (Vec<usize>, Vec<usize>) =
        (0..to_read.len()).partition(|&i| last.files.contains_key(&to_read[i].1));
    let mut pairs: Vec<(String, String)> = same_path
        .into_iter()
        .map(|i| (to_read[i].1.clone(), to_read[i].1.clone()))
        .collect();
    let found = pair_files(
        (to_read, &new_files),
        &gone,
        canonical,
        |_, _| true,
        readings,
    );
    pairs.extend(
        found
            .into_iter()
            .map(|(i, old_key)| (to_read[i].1.clone(), old_key)),
    );
    pairs
}

/// Pairs old files gone from where they were (`gone`, from a manifest)
/// with files new to the index (`new`: the files of `to_read` at those
/// places) when they are the same file: by canonical path first (the
/// corpus named by another path), then, of the old files `by_content`
/// lets, by size and content hash (a file renamed or moved). Each file is
/// paired once; an old file takes the first new file that matches.
/// Returns (index in `to_read`, old key), in the order found.
fn pair_files(
    (to_read, new): (&[(PathBuf, String, Stat)], &[usize]),
    gone: &[(&String, &FileState)],
    canonical: &HashMap<String, String>,
    by_content: impl Fn(&str, &FileState) -> bool,
    readings: &mut Readings,
) -> Vec<(usize, String)> {
    let mut pairs: Vec<(usize, String)> = Vec::new();
    let taken = |pairs: &[(usize, String)], i: usize| pairs.iter().any(|(j, _)| *j == i);
    let mut unpaired: Vec<(&String, &FileState)> = Vec::new();
    for &(key, state) in gone {
        let same_file = state.canonical.as_ref().and_then(|real| {
            new.iter()
                .copied()
                .find(|&i| canonical.get(&to_read[i].1) == Some(real) && !taken(&pairs, i))
        });
        match same_file {
            Some(i) => pairs.push((i, key.clone())),
            None => unpaired.push((key, state)),
        }
    }
    for (key, state) in unpaired {
        if !by_content(key, state) {
            continue;
        }
        let same_content = new.iter().copied().find(|&i| {
            let (path, new_key, found) = &to_read[i];
            found.size == state.size
                && !taken(&pairs, i)
                && readings
                    .get(path, new_key)
                    .is_ok_and(|read| read.hash == state.hash)
        });
        if let Some(i) = same_content {
            pairs.push((i, key.clone()));
        }
    }
    pairs
}

/// An entry as the files it stands in are matched by: the hashes of its
/// base id (date and title) and of its dateline and body.
fn entry_of(record: &Record) -> (u64, u64) {
    (
        id_hash(&base_id(record.start(), &record.title)),
        content_of(&record.dateline, &record.body),
    )
}

/// The entries (see [`entry_of`]) of the records the last commit holds
/// for each of the files `keys`; a file whose records cannot be read is
/// left out.
fn old_entries_of(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    keys: &[&String],
) -> Vec<(String, HashSet<(u64, u64)>)> {
    keys.iter()
        .filter_map(|key| {
            let ids = read_or_none(|| old_ids_of(searcher, (fields.file, fields.record), key))?;
            let entries = ids.into_iter().map(|old| (old.base, old.id.content));
            Some(((*key).clone(), entries.collect()))
        })
        .collect()
}

/// Whether every live document of the last commit belongs to a file that
/// `manifest` lists (false when that cannot be read).
fn lists_every_document(
    searcher: &tantivy::Searcher,
    fields: &Fields,
    manifest: &Manifest,
) -> bool {
    let count = || -> Result<u64> {
        let mut listed = 0;
        for key in manifest.files.keys() {
            let term = Term::from_field_text(fields.file, key);
            for segment in searcher.segment_readers() {
                let postings = segment
                    .inverted_index(fields.file)?
                    .read_postings(&term, IndexRecordOption::Basic)?;
                let Some(mut postings) = postings else {
                    continue;
                };
                while postings.doc() != TERMINATED {
                    if !segment.is_deleted(postings.doc()) {
                        listed += 1;
                    }
                    postings.advance();
                }
            }
        }
        Ok(listed)
    };
    read_or_none(count).is_some_and(|listed| listed == searcher.num_docs())
}

/// What `read` gives, or `None` when it fails or the index's files are
/// damaged (the search library panics on some damaged segments; the
/// fault hook notes the panic, which is dropped here).
fn read_or_none<T>(read: impl FnOnce() -> Result<T>) -> Option<T> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)) {
        Ok(read) => read.ok(),
        Err(_) => {
            let _ = crate::fault::take_last();
            None
        }
    }
}

/// The ids of the stored records of the file indexed as `key`.
fn old_ids_of(
    searcher: &tantivy::Searcher,
    fields: (tantivy::schema::Field, tantivy::schema::Field),
    key: &str,
) -> Result<Vec<OldId>> {
    let mut found = Vec::new();
    for_each_stored_record(searcher, fields, key, |json| {
        if let Some(json) = json {
            found.push(OldId::of(json)?);
        }
        Ok(())
    })?;
    Ok(found)
}

/// Moves the documents of the file indexed as `old_key` to `new_key`
/// without reading the file again: its records, read back from the last
/// commit, keep their ids and take the file's new name `source`.
fn move_documents(
    writer: &mut IndexWriter<TantivyDocument>,
    searcher: &tantivy::Searcher,
    fields: &Fields,
    (old_key, new_key): (&str, &str),
    source: &str,
    index_dir: &Path,
) -> Result<()> {
    for_each_stored_record(searcher, (fields.file, fields.record), old_key, |json| {
        let json = json.ok_or_else(|| Error::BadIndex {
            path: index_dir.to_path_buf(),
            reason: "a document has no stored record".to_string(),
        })?;
        let mut record: Record = serde_json::from_str(json)?;
        record.source = source.to_string();
        add_document(
            writer,
            record_document(fields, &record, new_key)?,
            index_dir,
        )
    })?;
    writer.delete_term(Term::from_field_text(fields.file, old_key));
    Ok(())
}

/// Calls `each` with the stored record (JSON; `None` when a document has
/// none) of every live document of the file indexed as `key` in the last
/// commit.
fn for_each_stored_record(
    searcher: &tantivy::Searcher,
    (file, record): (tantivy::schema::Field, tantivy::schema::Field),
    key: &str,
    mut each: impl FnMut(Option<&str>) -> Result<()>,
) -> Result<()> {
    use tantivy::schema::Value;
    let term = Term::from_field_text(file, key);
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        let postings = segment
            .inverted_index(file)?
            .read_postings(&term, IndexRecordOption::Basic)?;
        let Some(mut postings) = postings else {
            continue;
        };
        while postings.doc() != TERMINATED {
            let doc_id = postings.doc();
            postings.advance();
            if segment.is_deleted(doc_id) {
                continue;
            }
            let doc: TantivyDocument =
                searcher.doc(tantivy::DocAddress::new(ord as u32, doc_id))?;
            each(doc.get_first(record).and_then(|v| v.as_str()))?;
        }
    }
    Ok(())
}

/// A corpus file's bytes, as one read gave them, and their hash.
struct Reading {
    bytes: Vec<u8>,
    hash: String,
}

/// The most bytes of corpus files [`Readings`] holds between a file's
/// first use and its indexing.
const READINGS_KEPT: usize = 256 * 1024 * 1024;

/// The corpus files an update has read, by key, so that each file's bytes
/// are read once and its hash and its entries come from the same bytes: a
/// file that changes while the update runs is indexed as it was read, with
/// the hash of what was indexed (the next run sees its new times and reads
/// it again). A file that cannot be read gives the same error each time it
/// is asked for. Past [`READINGS_KEPT`] bytes, a file's bytes are not held
/// (its later use reads it again; what is indexed and the hash recorded
/// still come from one reading).
#[derive(Default)]
struct Readings {
    read: HashMap<String, std::result::Result<std::rc::Rc<Reading>, (std::io::ErrorKind, String)>>,
    held: usize,
}

impl Readings {
    /// The file `key` at `path`, read now unless read before.
    fn get(&mut self, path: &Path, key: &str) -> std::io::Result<std::rc::Rc<Reading>> {
        if let Some(read) = self.read.get(key) {
            return read
                .clone()
                .map_err(|(kind, why)| std::io::Error::new(kind, why));
        }
        // A file replaced by a pipe, socket or device since the corpus
        // was listed would block the read or never end it.
        let read = match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() && !meta.is_dir() => Err(std::io::Error::other(
                "not a regular file (a pipe, socket or device)",
            )),
            _ => crate::corpus::read_file_bytes(path),
        };
        crate::index::read_hooks::after_read(path);
        let read = read.map(|bytes| {
            std::rc::Rc::new(Reading {
                hash: content_hash(&bytes),
                bytes,
            })
        });
        let kept = match &read {
            Ok(reading) if self.held + reading.bytes.len() <= READINGS_KEPT => {
                self.held += reading.bytes.len();
                Ok(std::rc::Rc::clone(reading))
            }
            Ok(_) => return read,
            Err(err) => Err((err.kind(), err.to_string())),
        };
        self.read.insert(key.to_string(), kept);
        read
    }

    /// The file `key` at `path` for the last time: its bytes are no longer held.
    fn take(&mut self, path: &Path, key: &str) -> std::io::Result<std::rc::Rc<Reading>> {
        let read = self.get(path, key);
        self.forget(key);
        read
    }

    /// Lets go of the bytes of the file `key`: they are not needed again.
    fn forget(&mut self, key: &str) {
        if let Some(Ok(reading)) = self.read.remove(key) {
            self.held -= reading.bytes.len();
        }
    }
}

/// How recent a file's modification time may be for its size, times and
/// inode to vouch for its content next time: file systems keep times in
/// ticks (a few milliseconds on Linux, 1 or 2 s on some), so a file written
/// again in the tick in which it was looked at and read keeps the times it
/// had, and a later run trusting them would never read what it now holds.
const RACY_NS: u128 = 2_000_000_000;

/// The moment before which a file's modification time must lie, with
/// [`RACY_NS`] to spare, for [`trusted`] to keep it: now, as this run starts
/// looking at files.
fn racy_since() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(u128::MAX, |d| d.as_nanos())
}

/// The fingerprint to record of a file found with `found` by a run that
/// started at `started` (see [`racy_since`]): `found`, or, when the file
/// was modified too recently to tell a later write in the same tick by its
/// times (or in the future), `found` with no modification time, which no
/// file matches, so that the next run reads the file again, by its hash.
fn trusted(found: &Stat, started: u128) -> Stat {
    if found.modified_ns.saturating_add(RACY_NS) > started {
        Stat {
            modified_ns: 0,
            ..*found
        }
    } else {
        *found
    }
}

/// Whether a file is still on disk: only a file that is not there (nor
/// the folder that held it) counts as deleted; one that cannot be looked
/// at is there.
fn is_on_disk(path: &Path) -> bool {
    match std::fs::metadata(path) {
        Ok(_) => true,
        Err(err) => !matches!(
            err.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        ),
    }
}

/// Whether the file at `path` is gone from disk (deleted or moved away
/// since the corpus was listed); a link to nothing is still there, and
/// cannot be read.
fn is_gone(path: &Path) -> bool {
    matches!(
        std::fs::symlink_metadata(path),
        Err(err) if matches!(
            err.kind(),
            std::io::ErrorKind::NotFound | std::io::ErrorKind::NotADirectory
        )
    )
}

/// `state` with neither the times nor the hash of any file: the file is
/// read again by the next run that can read it.
fn not_matching(state: &FileState) -> FileState {
    FileState {
        hash: String::new(),
        modified_ns: 0,
        changed_ns: 0,
        inode: 0,
        ..state.clone()
    }
}

/// `manifest`'s files with neither their times nor their hashes, for an
/// index whose files are each read again once they can be.
fn to_read_again(manifest: &Manifest) -> Manifest {
    Manifest {
        files: manifest
            .files
            .iter()
            .map(|(key, state)| (key.clone(), not_matching(state)))
            .collect(),
        ..Manifest::new()
    }
}

/// A corpus file that cannot be read: a warning, and the entries indexed
/// from it before stay as they are (a file never indexed is left out).
fn keep_unreadable(
    summary: &mut IndexSummary,
    manifest: &mut Manifest,
    previous: &Manifest,
    path: &Path,
    key: &str,
    source: &std::io::Error,
) {
    summary.files_unreadable += 1;
    let kept = match previous.files.get(key) {
        Some(state) => {
            manifest.files.insert(key.to_string(), state.clone());
            "its entries from the last run are kept"
        }
        None => "it is not indexed",
    };
    summary.warn_unreadable(
        path,
        format!("{}: cannot read ({source}); {kept}", path.display()),
    );
}

/// Commits what was written, with `manifest` and every word in `written`
/// as its written words (see [`Manifest::written`]).
fn commit(
    writer: &mut IndexWriter<TantivyDocument>,
    manifest: &Manifest,
    written: &WrittenWords,
) -> Result<()> {
    let mut prepared = writer.prepare_commit()?;
    // The indexing threads are done (preparing joins them), and each has
    // handed over the written words it met.
    let payload = serde_json::to_string(&Manifest {
        written: written.sorted(),
        ..manifest.clone()
    })?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    Ok(())
}

// Write errors (a full disk): the reliability work (tests/reliability.rs) needs
// them to name the cause and the index, which tantivy's own message does not.

/// Adds a document. When an indexing thread has died (a full disk, say),
/// tantivy only says "the writer was killed"; joining the threads, as
/// preparing a commit does, gives that thread's own error. Nothing is
/// committed: the prepared commit, if any, is dropped with the writer.
fn add_document(
    writer: &mut IndexWriter<TantivyDocument>,
    document: TantivyDocument,
    index_dir: &Path,
) -> Result<()> {
    let Err(killed) = writer.add_document(document) else {
        return Ok(());
    };
    let cause = writer.prepare_commit().err().unwrap_or(killed);
    Err(write_error(index_dir, Error::Index(cause)))
}

/// A tantivy error while writing the index, as [`Error::IndexWrite`] naming
/// the folder. (An indexing thread's I/O error reaches us as an internal error.)
fn write_error(index_dir: &Path, err: Error) -> Error {
    use tantivy::TantivyError;
    let source = match err {
        Error::Index(TantivyError::IoError(io)) => std::io::Error::new(io.kind(), io.to_string()),
        Error::Index(TantivyError::InternalError(why) | TantivyError::ErrorInThread(why)) => {
            std::io::Error::other(why)
        }
        Error::Index(other) => std::io::Error::other(other.to_string()),
        other => return other,
    };
    Error::IndexWrite {
        path: index_dir.to_path_buf(),
        source,
    }
}

/// Hands out ids: the extractor's date-and-title id, or that id with `-2`,
/// `-3`… when another record already holds it. Records of the files this run
/// removes or replaces do not hold their ids any more, so an activity keeps
/// its id when its file is renamed, moved, or named by another path.
struct IdAllocator<'a> {
    last_commit: LastCommit<'a>,
    /// Ids given out in this run.
    unique: UniqueIds,
    /// In a full build, the ids of the index it replaces.
    kept: KeptIds,
    /// The ids of activities removed by earlier runs.
    retired: Retired,
    /// The ids dealt in this run.
    dealt: HashSet<String>,
}

/// The ids of activities removed by earlier runs (see
/// [`Manifest::retired`]), by the hash of their dateline and body: no
/// other activity gets one, and the same activity back gets its own.
struct Retired {
    ids: HashSet<String>,
    by_content: HashMap<u64, Vec<String>>,
}

impl Retired {
    fn new(retired: &std::collections::BTreeMap<String, u64>) -> Self {
        let mut by_content: HashMap<u64, Vec<String>> = HashMap::new();
        for (id, content) in retired {
            by_content.entry(*content).or_default().push(id.clone());
        }
        Retired {
            ids: retired.keys().cloned().collect(),
            by_content,
        }
    }

    /// The retired ids an entry of the base id `base` (date and title)
    /// whose dateline and body hash to `content` may get back.
    fn of(&self, base: &str, content: u64) -> impl Iterator<Item = &String> {
        self.by_content
            .get(&content)
            .into_iter()
            .flatten()
            .filter(move |id| {
                id.as_str() == base
                    || id
                        .strip_prefix(base)
                        .and_then(|rest| rest.strip_prefix('-'))
                        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    }
}

/// The records of the last commit, as far as their ids go.
struct LastCommit<'a> {
    searcher: &'a tantivy::Searcher,
    fields: &'a Fields,
    /// Whether it holds records (otherwise nothing to ask it).
    has_records: bool,
    /// Its documents that this run deletes.
    released: HashSet<tantivy::DocAddress>,
    /// The ids of each of its segments; read when first asked (see
    /// [`LastCommit::ids`]).
    ids: std::cell::OnceCell<Vec<Option<SegmentIds>>>,
}

impl LastCommit<'_> {
    /// The documents holding `text` in `field`, deleted ones included.
    fn documents_with(
        &self,
        field: tantivy::schema::Field,
        text: &str,
    ) -> Result<Vec<tantivy::DocAddress>> {
        let term = Term::from_field_text(field, text);
        let mut found = Vec::new();
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            let postings = segment
                .inverted_index(field)?
                .read_postings(&term, IndexRecordOption::Basic)?;
            let Some(mut postings) = postings else {
                continue;
            };
            while postings.doc() != TERMINATED {
                found.push(tantivy::DocAddress::new(ord as u32, postings.doc()));
                postings.advance();
            }
        }
        Ok(found)
    }

    /// Frees the ids of the records of the file `file_key`, which this run deletes.
    fn release_file(&mut self, file_key: &str) -> Result<()> {
        if self.has_records {
            let documents = self.documents_with(self.fields.file, file_key)?;
            self.released.extend(documents);
        }
        Ok(())
    }

    /// Counts every record of the last commit as deleted by this run (a
    /// full build that empties the index at its start), for their ids not
    /// dealt again to be retired.
    fn release_all(&mut self) {
        for (ord, segment) in self.searcher.segment_readers().iter().enumerate() {
            for doc in 0..segment.max_doc() {
                if !segment.is_deleted(doc) {
                    self.released
                        .insert(tantivy::DocAddress::new(ord as u32, doc));
                }
            }
        }
    }

    /// Holds the ids of the records of the file `file_key` again: it could
    /// not be read, and its records stay.
    fn keep_file(&mut self, file_key: &str) -> Result<()> {
        if self.has_records {
            for document in self.documents_with(self.fields.file, file_key)? {
                self.released.remove(&document);
            }
        }
        Ok(())
    }

    /// The ids of each of its segments (in the searcher's order), read
    /// once, as an update asks about every id it deals.
    fn ids(&self) -> Result<&[Option<SegmentIds>]> {
        if let Some(ids) = self.ids.get() {
            return Ok(ids);
        }
        let ids = self
            .searcher
            .segment_readers()
            .iter()
            .map(SegmentIds::read)
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(self.ids.get_or_init(|| ids))
    }

    /// Whether a record that stays holds `id`.
    fn holds(&self, id: &str) -> Result<bool> {
        if !self.has_records {
            return Ok(false);
        }
        for (ord, ids) in self.ids()?.iter().enumerate() {
            let Some(ids) = ids else {
                continue;
            };
            let segment = self.searcher.segment_reader(ord as u32);
            for &doc in ids.documents(id)? {
                let address = tantivy::DocAddress::new(ord as u32, doc);
                if !segment.is_deleted(doc) && !self.released.contains(&address) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}

impl IdAllocator<'_> {
    fn release_file(&mut self, file_key: &str) -> Result<()> {
        self.last_commit.release_file(file_key)
    }

    /// Gives the entries `records` of the file `file_key` their ids: those
    /// their entries held in the index this run replaces (see
    /// [`KeptIds::plan`]), when they are free, or else the first free ones.
    fn assign_file(&mut self, records: &mut [Record], file_key: &str) -> Result<()> {
        let plan = self.kept.ids_for(file_key, records);
        let mut left = Vec::new();
        for (at, (record, kept)) in records.iter_mut().zip(plan).enumerate() {
            match kept {
                Some(id) if !self.last_commit.holds(&id)? && self.unique.claim_exact(&id) => {
                    record.id = id;
                }
                _ => left.push(at),
            }
        }
        for at in left {
            let (last_commit, kept, retired) = (&self.last_commit, &self.kept, &self.retired);
            // An activity removed by an earlier run, back as it was: its id.
            let record = &records[at];
            let base = base_id(record.start(), &record.title);
            let mut back = None;
            for id in retired.of(&base, content_of(&record.dateline, &record.body)) {
                if !kept.holds(id) && !last_commit.holds(id)? && self.unique.claim_exact(id) {
                    back = Some(id.clone());
                    break;
                }
            }
            records[at].id = match back {
                Some(id) => id,
                // Numbered from the base id, not from the file's own id
                // (`X-2` there would be numbered `X-2-2`).
                None => self.unique.claim_unless(&base, |id| {
                    Ok::<_, Error>(
                        retired.ids.contains(id) || kept.holds(id) || last_commit.holds(id)?,
                    )
                })?,
            };
        }
        self.dealt
            .extend(records.iter().map(|record| record.id.clone()));
        Ok(())
    }

    /// `retired` without the ids this run dealt, with those of the records
    /// of the last commit this run deleted and did not deal again: of all
    /// it releases, or (`deleted`, for a partial commit) of those files
    /// alone. Best effort: when the last commit cannot be read, those are
    /// left out.
    fn retired_now(
        &self,
        mut retired: std::collections::BTreeMap<String, u64>,
        deleted: Option<&[String]>,
    ) -> std::collections::BTreeMap<String, u64> {
        retired.retain(|id, _| !self.dealt.contains(id));
        let last = &self.last_commit;
        if last.released.is_empty() {
            return retired;
        }
        let gone = read_or_none(|| {
            let subset: HashSet<tantivy::DocAddress>;
            let released = match deleted {
                None => &last.released,
                Some(files) => {
                    let mut found = HashSet::new();
                    for key in files {
                        found.extend(
                            last.documents_with(last.fields.file, key)?
                                .into_iter()
                                .filter(|address| last.released.contains(address)),
                        );
                    }
                    subset = found;
                    &subset
                }
            };
            use tantivy::schema::Value;
            // The released records whose ids this run did not deal again:
            // found by the index's ids (its columns of ids, not a read of
            // each record, which a rebuild would do for every record), then
            // read for their dateline and body.
            let mut left = Vec::new();
            let few = released.len() <= RELEASED_READ_WHOLE;
            let few_left = released.iter().filter(|address| {
                few && !last
                    .searcher
                    .segment_reader(address.segment_ord)
                    .is_deleted(address.doc_id)
            });
            left.extend(few_left.copied());
            if !few {
                for (ord, ids) in last.ids()?.iter().enumerate() {
                    let Some(ids) = ids else {
                        continue;
                    };
                    let segment = last.searcher.segment_reader(ord as u32);
                    ids.for_each(|id, docs| {
                        if self.dealt.contains(id) {
                            return;
                        }
                        left.extend(
                            docs.iter()
                                .filter(|&&doc| !segment.is_deleted(doc))
                                .map(|&doc| tantivy::DocAddress::new(ord as u32, doc))
                                .filter(|address| released.contains(address)),
                        );
                    })?;
                }
            }
            let mut gone = Vec::new();
            for address in left {
                let doc: TantivyDocument = last.searcher.doc(address)?;
                let Some(json) = doc.get_first(last.fields.record).and_then(|v| v.as_str()) else {
                    continue;
                };
                let stored: StoredId = serde_json::from_str(json)?;
                if self.dealt.contains(&stored.id) {
                    continue;
                }
                let content = content_of(&stored.dateline, &stored.body);
                gone.push((stored.id, content));
            }
            Ok(gone)
        });
        retired.extend(gone.into_iter().flatten());
        retired
    }
}

/// Up to how many records an update deletes it reads each of, for their
/// ids, to tell which are retired; past it, it finds them by the index's ids.
const RELEASED_READ_WHOLE: usize = 4096;

/// The ids of the index a full build (`--rebuild`, or a new reader) replaces,
/// read before its records go, so that each entry gets its id again: an
/// entry of a file this build reads (by the same path, or found by its
/// canonical path or content, or in an update by the entries it shares)
/// takes the id the old index gave an entry of that file with the same
/// date and title (see [`KeptIds::plan`]). Ids
/// of entries not dealt again yet are held, so that an entry new to the
/// corpus takes the next free number; those of a file read and of files
/// gone are freed.
#[derive(Default)]
struct KeptIds {
    /// By file of this run: the ids of its old file's entries, by their
    /// base id's hash, last line first.
    by_file: HashMap<String, HashMap<u64, Vec<KeptId>>>,
    /// Hashes of the ids held for entries not dealt again yet.
    held: HashSet<u64>,
    /// By file first read: a hash of its entries then, and their ids.
    plans: HashMap<String, (u64, Vec<Option<String>>)>,
}

/// A hash of the dates, titles, datelines and bodies of `records`, in order.
fn entries_key(records: &[Record]) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for record in records {
        hasher.update(base_id(record.start(), &record.title).as_bytes());
        hasher.update(&content_of(&record.dateline, &record.body).to_le_bytes());
    }
    hasher.digest()
}

/// An id of the old index, beside the base id of its record.
struct KeptId {
    /// `None`: the base id itself; `Some(n)`: the base id with `-n`.
    suffix: Option<KeptSuffix>,
    hash: u64,
    /// The hash of the record's dateline and body.
    content: u64,
    /// The record's line in its old file.
    line: usize,
}

impl KeptId {
    /// The id itself, for a record of the base id `base`.
    fn id_with(&self, base: &str) -> String {
        match &self.suffix {
            None => base.to_string(),
            Some(KeptSuffix::Number(n)) => format!("{base}-{n}"),
            Some(KeptSuffix::Other(id)) => id.to_string(),
        }
    }
}

enum KeptSuffix {
    Number(u64),
    /// An id that is not its base id with a number (`X-2-2`).
    Other(Box<str>),
}

/// What a stored record says of its id (the rest is not read).
#[derive(serde::Deserialize)]
struct StoredId {
    id: String,
    title: String,
    #[serde(default)]
    line: usize,
    #[serde(default)]
    events: Vec<StoredStart>,
    #[serde(default)]
    dateline: String,
    #[serde(default)]
    body: String,
}

#[derive(serde::Deserialize)]
struct StoredStart {
    #[serde(default)]
    start: Option<chrono::NaiveDate>,
}

/// An old record's id, with what places it among the records of its file.
pub(crate) struct OldId {
    /// The id itself.
    text: String,
    /// The hash of its base id (date and title).
    base: u64,
    line: usize,
    /// 1 for the base id, n for `-n`.
    rank: u64,
    id: KeptId,
}

impl OldId {
    /// The id of a stored record (JSON).
    fn of(json: &str) -> Result<OldId> {
        let stored: StoredId = serde_json::from_str(json)?;
        let start = stored.events.iter().filter_map(|e| e.start).min();
        let base = base_id(start, &stored.title);
        let suffix = if stored.id == base {
            None
        } else {
            let number = stored
                .id
                .strip_prefix(base.as_str())
                .and_then(|rest| rest.strip_prefix('-'))
                .filter(|n| !n.starts_with('0'))
                .and_then(|n| n.parse::<u64>().ok());
            Some(match number {
                Some(n) => KeptSuffix::Number(n),
                None => KeptSuffix::Other(stored.id.as_str().into()),
            })
        };
        let rank = match &suffix {
            None => 1,
            Some(KeptSuffix::Number(n)) => *n,
            Some(KeptSuffix::Other(_)) => u64::MAX,
        };
        Ok(OldId {
            text: stored.id.clone(),
            base: id_hash(&base),
            line: stored.line,
            rank,
            id: KeptId {
                suffix,
                hash: id_hash(&stored.id),
                content: content_of(&stored.dateline, &stored.body),
                line: stored.line,
            },
        })
    }
}

/// What an index of an earlier schema held, read before it is removed:
/// its manifest and its records' ids by file, so that the build that
/// replaces it gives each entry its id again.
pub(crate) struct OldIndex {
    manifest: Manifest,
    ids: HashMap<String, Vec<OldId>>,
    /// Every record's id, with the hash of its dateline and body: those
    /// the build that replaces the index does not give again are retired.
    every: Vec<(String, u64)>,
    /// The stored records (JSON) of its files that could not be read as it
    /// was replaced, by file: they go into the new index, as an update
    /// keeps the entries of a file it cannot read.
    records: HashMap<String, Vec<String>>,
}

/// Reads the manifest and the records' ids of an index of an earlier
/// schema (every version kept the file of a record in `file` and the record
/// in `record`); `None` when they cannot be read.
pub(crate) fn read_old_index(
    index: &Index,
    keep_records: &dyn Fn(&str) -> bool,
) -> Option<OldIndex> {
    let read = || -> Result<Option<OldIndex>> {
        let Some(manifest) = Manifest::from_payload(index.load_metas()?.payload.as_deref()) else {
            return Ok(None);
        };
        let schema = index.schema();
        let (Ok(file), Ok(record)) = (schema.get_field("file"), schema.get_field("record")) else {
            return Ok(None);
        };
        let reader = index.reader()?;
        let searcher = reader.searcher();
        let mut ids = HashMap::new();
        let mut every = Vec::new();
        let mut records = HashMap::new();
        for key in manifest.files.keys() {
            let found = old_ids_of(&searcher, (file, record), key)?;
            every.extend(found.iter().map(|old| (old.text.clone(), old.id.content)));
            ids.insert(key.clone(), found);
            if keep_records(key) {
                let mut kept = Vec::new();
                for_each_stored_record(&searcher, (file, record), key, |json| {
                    kept.extend(json.map(str::to_string));
                    Ok(())
                })?;
                records.insert(key.clone(), kept);
            }
        }
        Ok(Some(OldIndex {
            manifest,
            ids,
            every,
            records,
        }))
    };
    read_or_none(read).flatten()
}

/// The ids an index of an earlier schema `old` retired, with every id
/// of its records: all retired once it is replaced.
pub(crate) fn every_id_retired(old: &OldIndex) -> std::collections::BTreeMap<String, u64> {
    let mut retired = old.manifest.retired.clone();
    retired.extend(old.every.iter().map(|(id, content)| (id.clone(), *content)));
    retired
}

/// Commits to the new, empty `index` that replaces another (of an earlier
/// schema, or damaged) a manifest listing no file that retires `retired`,
/// the ids the index replaced retires.
pub(crate) fn commit_retired(
    index: &Index,
    dir: &Path,
    retired: std::collections::BTreeMap<String, u64>,
) -> Result<()> {
    let mut manifest = Manifest::new();
    manifest.retired = retired;
    let mut writer: IndexWriter<TantivyDocument> =
        match index.writer_with_num_threads(1, 15_000_000) {
            Ok(writer) => writer,
            Err(tantivy::TantivyError::LockFailure(_, _)) => {
                return Err(Error::Locked {
                    index: dir.to_path_buf(),
                    lock: dir.join(".tantivy-writer.lock"),
                });
            }
            Err(err) => return Err(write_error(dir, err.into())),
        };
    commit(&mut writer, &manifest, &WrittenWords::default()).map_err(|err| write_error(dir, err))
}

fn id_hash(id: &str) -> u64 {
    xxhash_rust::xxh3::xxh3_64(id.as_bytes())
}

/// The hash of an entry's dateline and body, which tells apart entries of
/// the same date and title.
fn content_of(dateline: &str, body: &str) -> u64 {
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(dateline.as_bytes());
    hasher.update(&[0]);
    hasher.update(body.as_bytes());
    hasher.digest()
}

impl KeptIds {
    /// Reads the ids of the records of `old` (the last commit's manifest)
    /// for the files of this run that `pairs` pairs with old files (new
    /// key, old key). Nothing is kept when they cannot be read: the ids are
    /// then dealt in file order, as in a build from scratch.
    fn read(searcher: &tantivy::Searcher, fields: &Fields, pairs: &[(String, String)]) -> KeptIds {
        read_or_none(|| Self::try_read(searcher, fields, pairs)).unwrap_or_default()
    }

    fn try_read(
        searcher: &tantivy::Searcher,
        fields: &Fields,
        pairs: &[(String, String)],
    ) -> Result<KeptIds> {
        let mut kept = KeptIds::default();
        for (new_key, old_key) in pairs {
            let found = old_ids_of(searcher, (fields.file, fields.record), old_key)?;
            kept.add_file(new_key, found);
        }
        Ok(kept)
    }

    /// The ids of an index of an earlier schema, read before it was
    /// removed, for the files of this run that `pairs` pairs with its files.
    fn from_old_index(old: &mut OldIndex, pairs: &[(String, String)]) -> KeptIds {
        let mut kept = KeptIds::default();
        for (new_key, old_key) in pairs {
            if let Some(found) = old.ids.remove(old_key) {
                kept.add_file(new_key, found);
            }
        }
        kept
    }

    /// Keeps the ids of the old file's records `found` for the file `new_key`.
    fn add_file(&mut self, new_key: &str, found: Vec<OldId>) {
        let mut by_base: HashMap<u64, Vec<(usize, u64, KeptId)>> = HashMap::new();
        for old in found {
            self.held.insert(old.id.hash);
            by_base
                .entry(old.base)
                .or_default()
                .push((old.line, old.rank, old.id));
        }
        let by_base = by_base
            .into_iter()
            .map(|(base, mut ids)| {
                // First line first.
                ids.sort_by_key(|id| (id.0, id.1));
                (base, ids.into_iter().map(|(_, _, id)| id).collect())
            })
            .collect();
        self.by_file.insert(new_key.to_string(), by_base);
    }

    /// The ids the old file's entries get among `records`, the entries the
    /// file `file_key` now holds, in their order (`None`: no kept id). Of
    /// the old entries of a date and title, an entry whose dateline and
    /// body are the same gets its id first; each other entry of that date
    /// and title then gets the first id left of an old entry that stood
    /// after the one given to the entry before it (an entry edited in
    /// place keeps its id), or else the first id left. The ids left over
    /// are freed: their entries are gone, or moved to another file.
    fn plan(&mut self, file_key: &str, records: &[Record]) -> Vec<Option<String>> {
        let mut plan = vec![None; records.len()];
        let Some(by_base) = self.by_file.remove(file_key) else {
            return plan;
        };
        let bases: Vec<String> = records
            .iter()
            .map(|r| base_id(r.start(), &r.title))
            .collect();
        let mut groups: HashMap<u64, Vec<usize>> = HashMap::new();
        for (i, base) in bases.iter().enumerate() {
            groups.entry(id_hash(base)).or_default().push(i);
        }
        for (base, old) in by_base {
            let members = groups.get(&base).map_or(&[][..], Vec::as_slice);
            let mut given: Vec<Option<usize>> = vec![None; members.len()];
            let mut used = vec![false; old.len()];
            for (m, &i) in members.iter().enumerate() {
                let content = content_of(&records[i].dateline, &records[i].body);
                if let Some(at) = (0..old.len()).find(|&o| !used[o] && old[o].content == content) {
                    used[at] = true;
                    given[m] = Some(at);
                }
            }
            let mut after = 0;
            for slot in &mut given {
                if let Some(at) = *slot {
                    after = old[at].line;
                    continue;
                }
                let at = (0..old.len())
                    .find(|&o| !used[o] && old[o].line > after)
                    .or_else(|| (0..old.len()).find(|&o| !used[o]));
                if let Some(at) = at {
                    used[at] = true;
                    *slot = Some(at);
                    after = old[at].line;
                }
            }
            for (m, &i) in members.iter().enumerate() {
                if let Some(at) = given[m] {
                    plan[i] = Some(old[at].id_with(&bases[i]));
                }
            }
            for (o, id) in old.iter().enumerate() {
                if !used[o] {
                    self.held.remove(&id.hash);
                }
            }
        }
        plan
    }

    /// Plans the ids of the file `file_key` from a first reading of its
    /// entries `records` (see [`plan`](Self::plan)): the ids its entries
    /// will get stay held, the others are freed at once.
    fn settle(&mut self, file_key: &str, records: &[Record]) {
        let plan = self.plan(file_key, records);
        self.plans
            .insert(file_key.to_string(), (entries_key(records), plan));
    }

    /// The ids the entries `records` of the file `file_key` get: as planned
    /// when it was first read, if its entries are the same, or planned now.
    /// The ids are no longer held.
    fn ids_for(&mut self, file_key: &str, records: &[Record]) -> Vec<Option<String>> {
        let plan = match self.plans.remove(file_key) {
            Some((key, plan)) if key == entries_key(records) => plan,
            Some((_, plan)) => {
                self.unhold(&plan);
                self.plan(file_key, records)
            }
            None => self.plan(file_key, records),
        };
        self.unhold(&plan);
        plan
    }

    fn unhold(&mut self, plan: &[Option<String>]) {
        for id in plan.iter().flatten() {
            self.held.remove(&id_hash(id));
        }
    }

    /// Frees the ids the file `file_key` did not deal again (its entries
    /// that are gone).
    fn finish_file(&mut self, file_key: &str) {
        if let Some(left) = self.by_file.remove(file_key) {
            for id in left.into_values().flatten() {
                self.held.remove(&id.hash);
            }
        }
        if let Some((_, plan)) = self.plans.remove(file_key) {
            self.unhold(&plan);
        }
    }

    /// Whether `id` is held for an entry not dealt again yet.
    fn holds(&self, id: &str) -> bool {
        !self.held.is_empty() && self.held.contains(&id_hash(id))
    }
}

/// The tantivy document of a record.
pub fn record_document(
    fields: &Fields,
    record: &Record,
    file_key: &str,
) -> Result<TantivyDocument> {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &record.id);
    doc.add_text(fields.file, file_key);
    doc.add_text(fields.title, &record.title);
    // Each value is analysed on its own, with a position gap between values,
    // so that a phrase does not run from the title into the dateline.
    for _ in 0..TITLE_WEIGHT {
        doc.add_text(fields.text, &record.title);
    }
    // A year the dateline leaves out (`21 March, Skopje`), taken from the
    // activity's neighbours, is searchable as if written: `March 2022` finds it.
    let mut inferred: Vec<String> = record
        .events
        .iter()
        .filter(|e| e.year_inferred)
        .filter_map(|e| e.start.map(|d| d.year().to_string()))
        .filter(|year| !record.dateline.contains(year.as_str()))
        .collect();
    inferred.sort();
    inferred.dedup();
    let dateline = if inferred.is_empty() {
        std::borrow::Cow::Borrowed(record.dateline.as_str())
    } else {
        std::borrow::Cow::Owned(format!("{} {}", record.dateline, inferred.join(" ")))
    };
    for _ in 0..DATELINE_WEIGHT {
        doc.add_text(fields.text, &dateline);
    }
    doc.add_text(fields.text, &record.body);
    doc.add_text(fields.record, super::stored::record_json(record)?);
    doc.add_u64(fields.tie, u64::from(tie_key(&record.id)));
    let mut places: HashSet<Facet> = HashSet::new();
    let mut cities: HashSet<Facet> = HashSet::new();
    let mut months: HashSet<Facet> = HashSet::new();
    let mut parts: Vec<EventKey> = Vec::new();
    for event in &record.events {
        let country = event.place_country();
        // A city's spellings count as one value (the record keeps the one written).
        let city = event.facet_city();
        parts.push(EventKey {
            start: event.start.map_or(i64::MIN, day_number),
            end: event.end.or(event.start).map_or(i64::MIN, day_number),
            online: event.online,
            country: country.map(String::from),
            city: city.map(String::from),
        });
        match (country, city) {
            (Some(country), Some(city)) => {
                places.insert(Facet::from_path([country, city]));
            }
            (Some(country), None) => {
                places.insert(Facet::from_path([country]));
            }
            _ => {}
        }
        if let Some(city) = city {
            cities.insert(Facet::from_path([city]));
        }
        if let (Some(start), Some(end)) = (event.start, event.end) {
            // A span of several months counts in each.
            months.extend(month_facets(start, end));
        }
    }
    for facet in places {
        doc.add_facet(fields.place, facet);
    }
    for facet in cities {
        doc.add_facet(fields.city, facet);
    }
    for facet in months {
        doc.add_facet(fields.month, facet);
    }
    for programme in &record.programmes {
        doc.add_facet(fields.programme, Facet::from_path([programme.as_str()]));
    }
    for donor in &record.donors {
        doc.add_facet(fields.donor, Facet::from_path([donor.as_str()]));
    }
    for target in &record.sdg_targets {
        let goal = target.split('.').next().unwrap_or(target);
        doc.add_facet(fields.sdg, Facet::from_path([goal, target.as_str()]));
    }
    for country in &record.countries_mentioned {
        doc.add_facet(fields.mentioned, Facet::from_path([country.as_str()]));
    }
    if let Some(start) = record.start() {
        doc.add_i64(fields.start_day, day_number(start));
    }
    if let Some(end) = record.end() {
        doc.add_i64(fields.end_day, day_number(end));
    }
    doc.add_bool(fields.online, record.events.iter().any(|e| e.online));
    // An activity of several parts keeps them, for filters that must hold
    // in one part (see `search::events`).
    if parts.len() > 1 {
        doc.add_bytes(fields.events, &encode_parts(&parts));
    }
    Ok(doc)
}

/// The indexing progress line: at its widest (`1023.99 MiB/1023.99 GiB
/// 1023.99 MiB/s eta 59m`) 79 columns, within an 80-column terminal.
const PROGRESS_TEMPLATE: &str =
    "{spinner} indexing [{bar:20}] {bytes}/{total_bytes} {bytes_per_sec} eta {eta}";

fn progress_bar(enabled: bool, total: u64) -> indicatif::ProgressBar {
    if !enabled || !crate::output::stderr_is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(total);
    let style = indicatif::ProgressStyle::with_template(PROGRESS_TEMPLATE)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
        .progress_chars("=> ");
    bar.set_style(style);
    bar
}

/// Whether an index exists at `dir`.
pub fn index_exists(dir: &Path) -> bool {
    dir.join("meta.json").exists()
}

/// Opens the index read-only (for searching), registering the analyzer.
pub fn open_existing(dir: &Path) -> Result<Index> {
    if dir.exists() && !dir.is_dir() {
        return Err(Error::IndexNotAFolder(dir.to_path_buf()));
    }
    if !index_exists(dir) {
        return Err(Error::NoIndex(dir.to_path_buf()));
    }
    let bad = |err: tantivy::TantivyError| folder::unreadable_index(dir, &err);
    let directory = MmapDirectory::open(dir).map_err(|err| bad(err.into()))?;
    let index = Index::open(ReadableDirectory(directory)).map_err(bad)?;
    crate::index::analyzer::register(&index);
    Ok(index)
}

/// The index folder as searches open it: tantivy's memory-mapped folder,
/// except that an index the user may read but not write (a shared index,
/// a read-only disk) is read without the lock file that keeps a writer
/// from deleting files while a reader loads the last commit: that lock
/// cannot be created there, and the one who can write it is not this user.
#[derive(Debug, Clone)]
struct ReadableDirectory(MmapDirectory);

impl Directory for ReadableDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<Arc<dyn FileHandle>, OpenReadError> {
        self.0.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        self.0.delete(path)
    }

    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        self.0.exists(path)
    }

    fn open_write(&self, path: &Path) -> std::result::Result<WritePtr, OpenWriteError> {
        self.0.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        let read = self.0.atomic_read(path);
        if path != Path::new(folder::MANAGED_FILE) {
            return read;
        }
        // `.managed.json` lists the files a writer may delete; a reader does
        // not need it, so one it may not read (left owner-only by an earlier
        // bulletin, or by a writer killed meanwhile) or cannot parse is as
        // good as none.
        match read {
            Ok(bytes) if serde_json::from_slice::<serde_json::Value>(&bytes).is_ok() => Ok(bytes),
            Err(OpenReadError::FileDoesNotExist(missing)) => {
                Err(OpenReadError::FileDoesNotExist(missing))
            }
            _ => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.0.atomic_write(path, data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.0.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        use std::io::ErrorKind::{PermissionDenied, ReadOnlyFilesystem};
        match self.0.acquire_lock(lock) {
            Err(LockError::IoError(io))
                if matches!(io.kind(), PermissionDenied | ReadOnlyFilesystem) =>
            {
                Ok(DirectoryLock::from(Box::new(())))
            }
            acquired => acquired,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.0.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The progress line fits in an 80-column terminal at its widest: each
    /// value as indicatif writes its widest (sizes and rates just under
    /// 1024 of a unit, two decimals; an eta of two digits and a unit). At
    /// 30 columns of bar it took 89.
    #[test]
    fn the_progress_line_fits_in_80_columns() {
        use indicatif::{HumanBytes, HumanDuration};
        use unicode_width::UnicodeWidthStr;
        let widest_bytes = HumanBytes(1024 * 1024 * 1024 - 1024 * 10).to_string();
        assert_eq!(widest_bytes, "1023.99 MiB");
        let widest_total = HumanBytes((1u64 << 40) - (10 << 20)).to_string();
        assert_eq!(widest_total, "1023.99 GiB");
        let eta = format!(
            "{:#}",
            HumanDuration(std::time::Duration::from_secs(59 * 60))
        );
        let line = crate::output::with_bar_drawn(PROGRESS_TEMPLATE)
            .replace("{spinner}", "⠋")
            .replace("{bytes}", &widest_bytes)
            .replace("{total_bytes}", &widest_total)
            .replace("{bytes_per_sec}", &format!("{widest_bytes}/s"))
            .replace("{eta}", &eta);
        assert!(!line.contains('{'), "{line}");
        assert!(line.width() <= 80, "{} columns: {line}", line.width());
    }

    /// A file modified within a file system's tick of the run that read it
    /// is recorded with no modification time, which its own stat then does
    /// not match; an older one with its times.
    #[test]
    fn a_recent_files_times_are_not_trusted() {
        let started = 1_000 * RACY_NS;
        let stat = |modified_ns| Stat {
            size: 10,
            modified_ns,
            changed_ns: modified_ns,
            inode: 7,
        };
        let state = |found: &Stat| {
            FileState {
                source: "a.txt".to_string(),
                size: 0,
                modified_ns: 0,
                changed_ns: 0,
                inode: 0,
                canonical: None,
                hash: String::new(),
                entries: 0,
                acronyms: Vec::new(),
            }
            .with_stat(&trusted(found, started))
        };
        for recent in [started - 1, started - RACY_NS + 1, started + RACY_NS] {
            let found = stat(recent);
            assert!(!state(&found).matches(&found), "{recent}");
        }
        let old = stat(started - RACY_NS);
        assert!(state(&old).matches(&old));
    }
}
