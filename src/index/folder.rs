//! The index folder on disk: how the indexer writes its files so that
//! everyone who may read the folder may read them, which files in it are
//! bulletin's, and how a damaged index is cleared for a rebuild.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use tantivy::TantivyError;
use tantivy::directory::error::{
    DeleteError, LockError, OpenDirectoryError, OpenReadError, OpenWriteError,
};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, INDEX_WRITER_LOCK, Lock, MmapDirectory, WatchCallback,
    WatchHandle, WritePtr,
};

use crate::error::{Error, Result};
use crate::index::schema::build_schema;

/// The name of tantivy's file of record: the last commit.
pub const META_FILE: &str = "meta.json";
/// The lock held while an index is created in a folder that has none.
pub const CREATE_LOCK: &str = ".bulletin-create.lock";
/// The name of tantivy's list of the files it manages.
pub const MANAGED_FILE: &str = ".managed.json";

/// The permission bits a file in `dir` gets: the folder's read and write
/// bits, so that a folder others may read holds files they may read.
/// `None` where the folder cannot be read or permissions do not apply.
pub fn file_mode_of_folder(dir: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = std::fs::metadata(dir).ok()?;
        Some(folder.permissions().mode() & 0o666)
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        None
    }
}

/// Gives `file` the permission bits `mode` (best effort: a file this user
/// does not own keeps its own).
fn set_mode(file: &Path, mode: Option<u32>) {
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode));
    }
    #[cfg(not(unix))]
    let _ = (file, mode);
}

/// The index folder as the indexer writes it: tantivy's memory-mapped
/// folder, except that every file it creates gets the folder's read and
/// write bits ([`file_mode_of_folder`]) from the moment it has a name.
/// tantivy replaces `meta.json` and `.managed.json` through a temporary
/// file readable by its owner alone; here the temporary file has the
/// shared bits before it is renamed, so no moment exists when another
/// user who may read the folder cannot read the last commit.
#[derive(Debug, Clone)]
pub struct SharedDirectory {
    inner: MmapDirectory,
    root: PathBuf,
    mode: Option<u32>,
}

/// Numbers the temporary files of one process.
static TEMPORARY_FILES: AtomicU64 = AtomicU64::new(0);

impl SharedDirectory {
    /// Opens the folder `dir`, which must exist.
    pub fn open(dir: &Path) -> std::result::Result<Self, OpenDirectoryError> {
        Ok(SharedDirectory {
            inner: MmapDirectory::open(dir)?,
            root: dir.to_path_buf(),
            mode: file_mode_of_folder(dir),
        })
    }

    /// A name in the index folder, unique to this process and call, for a
    /// file to be renamed `target` once it is ready: hidden, and ending in
    /// the suffix by which a later run removes one a crash left behind.
    fn temporary_beside(&self, target: &Path) -> PathBuf {
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let number = TEMPORARY_FILES.fetch_add(1, Ordering::Relaxed);
        self.root.join(format!(
            ".{}.{}-{number}{TEMPORARY_SUFFIX}",
            name.trim_start_matches('.'),
            std::process::id()
        ))
    }

    /// Writes `data` to a new temporary file beside `target` with the shared
    /// bits, then renames it over `target`.
    fn write_then_rename(&self, target: &Path, data: &[u8]) -> std::io::Result<()> {
        let temporary = self.temporary_beside(target);
        let written = (|| {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            if let Some(mode) = self.mode {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(mode);
            }
            let mut file = options.open(&temporary)?;
            // The creation mode passes through the umask; the folder's bits win.
            #[cfg(unix)]
            if let Some(mode) = self.mode {
                use std::os::unix::fs::PermissionsExt;
                file.set_permissions(std::fs::Permissions::from_mode(mode))?;
            }
            file.write_all(data)?;
            file.flush()?;
            file.sync_data()?;
            std::fs::rename(&temporary, target)
        })();
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        written
    }
}

#[cfg(unix)]
impl SharedDirectory {
    /// Creates the new, empty file `target` with the bits `mode`, which it
    /// has from the moment it has its name (whatever the umask): it is made
    /// under a temporary name, given the bits, then renamed. A file already
    /// at `target` is an error, as tantivy's own folder makes it.
    fn create_with_mode(&self, target: &Path, mode: u32) -> std::io::Result<std::fs::File> {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        if std::fs::symlink_metadata(target).is_ok() {
            return Err(std::io::Error::from(std::io::ErrorKind::AlreadyExists));
        }
        let temporary = self.temporary_beside(target);
        let created = (|| {
            let file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(mode)
                .open(&temporary)?;
            // The creation mode passes through the umask; the folder's bits win.
            file.set_permissions(std::fs::Permissions::from_mode(mode))?;
            std::fs::rename(&temporary, target)?;
            Ok(file)
        })();
        if created.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        created
    }
}

/// A file the indexer writes: flushed and synced to disk when tantivy
/// ends it, as tantivy's own folder does.
struct SyncedFile(std::fs::File);

impl Write for SyncedFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl tantivy::directory::TerminatingWrite for SyncedFile {
    fn terminate_ref(&mut self, _: tantivy::directory::AntiCallToken) -> std::io::Result<()> {
        self.0.flush()?;
        self.0.sync_data()
    }
}

/// How the temporary files of [`SharedDirectory`] end.
const TEMPORARY_SUFFIX: &str = ".bulletin-tmp";

/// Removes the temporary files a writer killed mid-write left in the index
/// folder. Only the writer holding the lock calls it, so none of them is
/// being written. Best effort: they are never read.
pub fn remove_stale_temporary_files(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_string_lossy()
            .ends_with(TEMPORARY_SUFFIX)
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Directory for SharedDirectory {
    fn get_file_handle(
        &self,
        path: &Path,
    ) -> std::result::Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
    }

    fn delete(&self, path: &Path) -> std::result::Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> std::result::Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> std::result::Result<WritePtr, OpenWriteError> {
        #[cfg(unix)]
        if let Some(mode) = self.mode {
            let target = self.root.join(path);
            let file = self
                .create_with_mode(&target, mode)
                .map_err(|err| match err.kind() {
                    std::io::ErrorKind::AlreadyExists => {
                        OpenWriteError::FileAlreadyExists(path.to_path_buf())
                    }
                    _ => OpenWriteError::wrap_io_error(err, path.to_path_buf()),
                })?;
            crate::index::write_hooks::after_create(&target);
            return Ok(std::io::BufWriter::new(Box::new(SyncedFile(file))));
        }
        let written = self.inner.open_write(path)?;
        crate::index::write_hooks::after_create(&self.root.join(path));
        Ok(written)
    }

    fn atomic_read(&self, path: &Path) -> std::result::Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> std::io::Result<()> {
        self.write_then_rename(&self.root.join(path), data)
    }

    fn sync_directory(&self) -> std::io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> std::result::Result<DirectoryLock, LockError> {
        // A lock held only for a moment is waited for, briefly: a run that
        // is ending, or a process being started meanwhile that still holds
        // the lock's descriptor it inherited until it runs its program
        // (this run's own lock, let go and taken again, included). One
        // held longer is another writer's, and said so within a second.
        let mut tries = 0;
        let acquired = loop {
            match self.inner.acquire_lock(lock) {
                Err(LockError::LockBusy) if !lock.is_blocking && tries < BUSY_LOCK_TRIES => {
                    tries += 1;
                    std::thread::sleep(BUSY_LOCK_PAUSE);
                }
                acquired => break acquired?,
            }
        };
        set_mode(&self.root.join(&lock.filepath), self.mode);
        Ok(acquired)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// How often a lock another holds is tried again, and the pause between
/// tries: a second in all before it is reported as another writer's.
const BUSY_LOCK_TRIES: u32 = 20;
const BUSY_LOCK_PAUSE: std::time::Duration = std::time::Duration::from_millis(50);

/// The longest reason a message about a damaged index quotes: tantivy's
/// own text can hold a whole file (a `meta.json` it cannot parse, twice).
const MAX_REASON_CHARS: usize = 240;

/// What went wrong in a few words: tantivy's error without the file
/// contents it may quote, cut to [`MAX_REASON_CHARS`].
pub fn short_reason(err: &TantivyError) -> String {
    let text = match err {
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("{} is missing", file_name(path))
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            format!("cannot read {}: {io_error}", file_name(filepath))
        }
        TantivyError::OpenReadError(OpenReadError::IncompatibleIndex(_))
        | TantivyError::IncompatibleIndex(_) => {
            "it was written by an incompatible version of tantivy".to_string()
        }
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, filepath }) => {
            format!("cannot write {}: {io_error}", file_name(filepath))
        }
        TantivyError::IoError(io) => io.to_string(),
        TantivyError::DataCorruption(corruption) => {
            let text = format!("{corruption:?}");
            // tantivy appends the whole file after "Content:".
            let text = match text.find(". Content:") {
                Some(at) => &text[..at],
                None => &text,
            };
            // "Data corruption (in file `"meta.json"`): …" as "meta.json: …".
            match text
                .strip_prefix("Data corruption (in file `\"")
                .and_then(|rest| rest.split_once("\"`): "))
            {
                Some((file, why)) => format!("{file}: {}", why.trim_end_matches([' ', '.'])),
                None => text.to_string(),
            }
        }
        other => other.to_string(),
    };
    shorten(&text, MAX_REASON_CHARS)
}

/// `text`'s first line, cut to `max` characters with `…` where cut.
pub fn shorten(text: &str, max: usize) -> String {
    let line = text.lines().next().unwrap_or("");
    if line.chars().count() <= max && line.len() == text.trim_end().len() {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(max).collect();
    cut.push('…');
    cut
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The file a tantivy error could not read for lack of permission, if that is what it says.
pub fn permission_denied(err: &TantivyError) -> Option<PathBuf> {
    use std::io::ErrorKind::PermissionDenied;
    match err {
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if io_error.kind() == PermissionDenied =>
        {
            Some(filepath.clone())
        }
        TantivyError::OpenDirectoryError(OpenDirectoryError::IoError {
            io_error,
            directory_path,
        }) if io_error.kind() == PermissionDenied => Some(directory_path.clone()),
        TantivyError::IoError(io) if io.kind() == PermissionDenied => Some(PathBuf::new()),
        _ => None,
    }
}

/// The error for an index at `dir` that tantivy cannot open or read:
/// permission denied where that is the cause, another program's index
/// where its `meta.json` says so, else a damaged index.
pub fn unreadable_index(dir: &Path, err: &TantivyError) -> Error {
    // A lock file this user may not create: the folder cannot be written.
    if let TantivyError::LockFailure(LockError::IoError(io), _) = err {
        return Error::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        };
    }
    if let Some(file) = permission_denied(err) {
        let file = if file.as_os_str().is_empty() {
            dir.to_path_buf()
        } else {
            dir.join(file)
        };
        return Error::IndexPermission {
            path: dir.to_path_buf(),
            file,
        };
    }
    // A `meta.json` of another program (a JSON object, neither a manifest
    // nor this schema) is refused as `--rebuild` refuses it, not called a
    // damaged index that `--rebuild` would repair.
    if index_maker(dir) == Maker::Other {
        return Error::ForeignIndex(dir.to_path_buf());
    }
    Error::BadIndex {
        path: dir.to_path_buf(),
        reason: short_reason(err),
    }
}

/// Whose an index is, as far as its `meta.json` tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Maker {
    /// bulletin's: its commit payload is a manifest (of any version), or
    /// its schema is this version's.
    Bulletin,
    /// Another program's: a readable `meta.json` that is neither.
    Other,
    /// No `meta.json`, or one that cannot be read as JSON.
    Unknown,
}

/// Tells who made the index in `dir` from its `meta.json`.
pub fn index_maker(dir: &Path) -> Maker {
    let Ok(text) = std::fs::read(dir.join(META_FILE)) else {
        return Maker::Unknown;
    };
    let Ok(meta) = serde_json::from_slice::<serde_json::Value>(&text) else {
        return Maker::Unknown;
    };
    if !meta.is_object() {
        return Maker::Unknown;
    }
    let is_manifest = meta["payload"]
        .as_str()
        .and_then(|payload| serde_json::from_str::<serde_json::Value>(payload).ok())
        .is_some_and(|payload| payload["version"].is_u64() && payload["files"].is_object());
    let ours = serde_json::to_value(build_schema()).ok();
    if is_manifest || (ours.is_some() && meta.get("schema") == ours.as_ref()) {
        Maker::Bulletin
    } else {
        Maker::Other
    }
}

/// Whether `name` is a file tantivy writes into an index folder: its commit,
/// its list of files, a segment's file (`<32 hex digits>.<ext>`) or one of
/// the indexer's temporary files. Lock files are left: the writer holds one.
fn is_index_file(name: &str) -> bool {
    if name == META_FILE || name == MANAGED_FILE || name.ends_with(TEMPORARY_SUFFIX) {
        return true;
    }
    segment_of_file(name).is_some()
}

/// The segment id of a segment file's name: tantivy's `<32 lower-case hex
/// digits>.<component>` (`idx`, `pos`, `term`, `store`, `store.temp`,
/// `fast`, `fieldnorm`, `<opstamp>.del`). A file of the user's that merely
/// starts with 32 hex digits (`d41d8cd98f00b204e9800998ecf8427e.jpg`, a
/// file named by its checksum) is none.
fn segment_of_file(name: &str) -> Option<&str> {
    const COMPONENTS: [&str; 7] = [
        "idx",
        "pos",
        "term",
        "store",
        "store.temp",
        "fast",
        "fieldnorm",
    ];
    let (id, component) = name.split_at_checked(32)?;
    let component = component.strip_prefix('.')?;
    let is_id = id
        .bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    let is_delete = component
        .strip_suffix(".del")
        .is_some_and(|stamp| !stamp.is_empty() && stamp.bytes().all(|b| b.is_ascii_digit()));
    (is_id && (COMPONENTS.contains(&component) || is_delete)).then_some(id)
}

/// Deletes the segment files in `dir` of segments not in `committed` (their
/// ids), which a failed run left; the caller holds the writer lock. Best
/// effort.
pub fn remove_uncommitted_segment_files(dir: &Path, committed: &HashSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if segment_of_file(&name).is_some_and(|segment| !committed.contains(segment)) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The manifest in the commit payload of the index at `dir`, read from its
/// `meta.json` alone (its segments may be damaged); `None` when that
/// cannot be read.
pub fn last_manifest(dir: &Path) -> Option<crate::index::Manifest> {
    let meta = std::fs::read(dir.join(META_FILE)).ok()?;
    let meta: serde_json::Value = serde_json::from_slice(&meta).ok()?;
    crate::index::Manifest::from_payload(meta.get("payload")?.as_str())
}

/// Waits until no writer holds the lock of the index at `dir` (another
/// process's `bulletin index`, or the update of a search), then lets it
/// go again. An error when the lock cannot be taken by this user.
pub fn wait_for_writer(dir: &Path) -> Result<()> {
    let directory = SharedDirectory::open(dir).map_err(|err| unreadable_index(dir, &err.into()))?;
    let lock = Lock {
        filepath: INDEX_WRITER_LOCK.filepath.clone(),
        is_blocking: true,
    };
    take_lock(&directory, &lock, dir).map(|_released| ())
}

/// Takes `lock` of the index folder `dir`: the error of a folder another
/// `bulletin index` (or a search's update) holds, or one this user cannot
/// lock, names the folder and the writer's lock file.
pub fn take_lock(directory: &dyn Directory, lock: &Lock, dir: &Path) -> Result<DirectoryLock> {
    directory.acquire_lock(lock).map_err(|err| match err {
        LockError::LockBusy => Error::Locked {
            index: dir.to_path_buf(),
            lock: dir.join(".tantivy-writer.lock"),
        },
        LockError::IoError(io) => Error::Write {
            path: dir.to_path_buf(),
            source: std::io::Error::new(io.kind(), io.to_string()),
        },
    })
}

/// Clears a damaged index from `dir` so that it can be built afresh,
/// holding its writer lock meanwhile. Removes `meta.json` first, then the
/// other files tantivy writes; any other file in the folder stays. Refuses
/// an index another program made.
pub fn clear_damaged_index(dir: &Path) -> Result<()> {
    let directory = SharedDirectory::open(dir).map_err(|err| unreadable_index(dir, &err.into()))?;
    let _lock = take_lock(&directory, &INDEX_WRITER_LOCK, dir)?;
    if index_maker(dir) == Maker::Other {
        return Err(Error::ForeignIndex(dir.to_path_buf()));
    }
    let remove = |path: &Path| match std::fs::remove_file(path) {
        Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(Error::Write {
            path: path.to_path_buf(),
            source: err,
        }),
        _ => Ok(()),
    };
    remove(&dir.join(META_FILE))?;
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Read {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if is_index_file(&name.to_string_lossy()) && entry.path().is_file() {
            remove(&entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn knows_tantivy_files_and_no_others() {
        for name in [
            "meta.json",
            ".managed.json",
            "5f4474b64c37427e874ae26601e0f2e9.store",
            "5f4474b64c37427e874ae26601e0f2e9.12.del",
            ".meta.json.77-3.bulletin-tmp",
        ] {
            assert!(is_index_file(name), "{name}");
        }
        for name in [
            ".tantivy-writer.lock",
            ".tantivy-meta.lock",
            "notes.txt",
            "5f4474b64c37427e874ae26601e0f2e9",
            "5f4474b64c37427e874ae26601e0f2e9.jpg",
            "5f4474b64c37427e874ae26601e0f2e9.store.bak",
            "5F4474B64C37427E874AE26601E0F2E9.idx",
            "5f4474b64c37427e874ae26601e0f2e9.x.del",
            "meta.json.bak",
        ] {
            assert!(!is_index_file(name), "{name}");
        }
    }

    #[test]
    fn shortens_long_reasons_to_their_first_line() {
        let long = "x".repeat(1000);
        let short = shorten(&long, 10);
        assert_eq!(short.chars().count(), 11);
        assert_eq!(shorten("one\ntwo", 100), "one…");
        assert_eq!(shorten("plain", 100), "plain");
    }
}
