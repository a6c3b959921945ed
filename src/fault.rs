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

/// Crates whose panics come from the contents of index files.
const INDEX_READERS: [&str; 6] = [
    "tantivy",
    "fst",
    "byteorder",
    "bitpacker",
    "columnar",
    "sstable",
];

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
                INDEX_READERS.iter().any(|name| at.file().contains(name)),
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
pub fn explain(fault: Option<Fault>, index: &str) -> String {
    match fault {
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
    }
}

/// The longest panic message told in full.
const MAX_MESSAGE_CHARS: usize = 200;
