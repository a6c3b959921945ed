//! Faults: a panic while reading the index (tantivy trusts its own files,
//! so a damaged segment can make it index out of bounds) becomes a clear
//! error naming what to do, on the command line and in the web API, never
//! a panic's text and backtrace.

use std::panic::PanicHookInfo;
use std::sync::Mutex;

use crate::index::folder::shorten;

/// What the last panic said, and where.
#[derive(Debug, Clone)]
pub struct Fault {
    pub message: String,
    pub location: String,
    /// Whether it happened in the code that reads index files.
    pub in_index_files: bool,
}

static LAST: Mutex<Option<Fault>> = Mutex::new(None);

/// Crates whose panics come from the contents of index files (matched in
/// the path of the panicking source file: `tantivy` covers tantivy's own
/// crates, `tantivy-fst`, `tantivy-columnar` and the others).
const INDEX_READERS: [&str; 10] = [
    "tantivy",
    "fst",
    "byteorder",
    "bitpacker",
    "bitpacking",
    "columnar",
    "sstable",
    "ownedbytes",
    "lz4_flex",
    "zstd",
];

/// Whether a panic in the source file `file` comes from reading index files.
fn reads_index_files(file: &str) -> bool {
    INDEX_READERS.iter().any(|name| file.contains(name))
}

/// Records each panic for [`take_last`] instead of printing it.
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info: &PanicHookInfo<'_>| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "a fault with no message".to_string());
        let (location, in_index_files) = match info.location() {
            Some(at) => (
                format!("{}:{}", at.file(), at.line()),
                reads_index_files(at.file()),
            ),
            None => (String::new(), false),
        };
        if let Ok(mut last) = LAST.lock() {
            *last = Some(Fault {
                message,
                location,
                in_index_files,
            });
        }
    }));
}

/// The last panic recorded, if any.
pub fn take_last() -> Option<Fault> {
    LAST.lock().ok().and_then(|mut last| last.take())
}

/// What to tell a user of a panic, for the index folder `index`.
///
/// The folder and the fault are quoted with their control characters as
/// U+FFFD, as every message naming a path is: the text goes to a terminal.
pub fn explain(fault: Option<Fault>, index: &str) -> String {
    let told = match fault {
        Some(fault) if fault.in_index_files => format!(
            "the index at {index} is damaged: reading it failed ({}); `bulletin index --rebuild` builds it again from the corpus",
            shorten(&fault.message, MAX_MESSAGE_CHARS)
        ),
        Some(fault) => format!(
            "an internal fault stopped the command ({} at {}); please report it",
            shorten(&fault.message, MAX_MESSAGE_CHARS),
            fault.location
        ),
        None => "an internal fault stopped the command; please report it".to_string(),
    };
    crate::output::terminal_safe(&told).into_owned()
}

/// The longest panic message told in full.
const MAX_MESSAGE_CHARS: usize = 200;

#[cfg(test)]
mod tests {
    use super::*;

    /// The crates that panicked on damaged index files in the damage tests
    /// (`ownedbytes` on a damaged positions file) count as reading them;
    /// bulletin's own code does not.
    #[test]
    fn panics_in_the_crates_that_read_index_files_are_damage() {
        let registry = "/root/.cargo/registry/src/index.crates.io-1949cf8c6b5b557f";
        for file in [
            "ownedbytes-0.9.0/src/lib.rs",
            "tantivy-0.27.0/src/postings/block_segment_postings.rs",
            "tantivy-fst-0.5.0/src/raw/node.rs",
            "bitpacking-0.9.2/src/bitpacker4x.rs",
        ] {
            assert!(reads_index_files(&format!("{registry}/{file}")), "{file}");
        }
        assert!(!reads_index_files("src/search/mod.rs"));
    }

    /// The error for a damaged index, printed by `serve` and the other
    /// commands, names the index folder and quotes the fault with their
    /// control characters as U+FFFD: an escape sequence in the folder's
    /// name cannot drive the terminal.
    #[test]
    fn the_damaged_index_error_names_its_folder_safely() {
        for in_index_files in [true, false] {
            let fault = Fault {
                message: "index out of bounds\u{1b}[2J".to_string(),
                location: "src/lib.rs:1".to_string(),
                in_index_files,
            };
            let told = explain(Some(fault), "/data/evil\u{1b}[2J\u{202e}index");
            assert!(!told.contains('\u{1b}'), "{told:?}");
            assert!(!told.contains('\u{202e}'), "{told:?}");
            assert!(told.contains('\u{fffd}'), "{told:?}");
        }
        let told = explain(
            Some(Fault {
                message: "m".to_string(),
                location: String::new(),
                in_index_files: true,
            }),
            "/data/evil\u{1b}[2Jindex",
        );
        assert!(
            told.contains("the index at /data/evil\u{fffd}[2Jindex is damaged"),
            "{told}"
        );
    }
}
