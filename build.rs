//! Fingerprints the code and data that turn bulletin files into records
//! (the reader and the extractors) and records into indexed terms (the
//! analyzer and its spellings), so that an index built by another reader
//! or analyzer is read again by the next `bulletin index`: its records or
//! terms would differ from what this build makes of the same files. The
//! versions of the crates that read with them (the stemmer, the Unicode
//! and code-page tables, the date library) count as their sources do.

use std::path::{Path, PathBuf};

/// The sources whose change can change a record or the terms it is indexed as.
const READER_SOURCES: [&str; 6] = [
    "src/corpus",
    "src/extract",
    "src/text.rs",
    "src/index/analyzer.rs",
    "src/index/spelling.rs",
    "data",
];

/// The crates whose version can change what the reader and the analyzer
/// make of a file: stems, Unicode normalisation and word boundaries, code
/// pages and their detection, dates, dictionary matching. Their versions
/// are read from `Cargo.lock`.
const READER_CRATES: [&str; 7] = [
    "aho-corasick",
    "chardetng",
    "chrono",
    "encoding_rs",
    "frostem",
    "unicode-normalization",
    "unicode-segmentation",
];

/// The `name version` of each of [`READER_CRATES`] in a `Cargo.lock`, in
/// the lock file's order (a crate locked at two versions gives both).
fn locked_versions(lock: &str) -> Vec<String> {
    let mut versions = Vec::new();
    for package in lock.split("[[package]]").skip(1) {
        let field = |key: &str| {
            package.lines().find_map(|line| {
                line.strip_prefix(key)
                    .and_then(|rest| rest.trim().strip_prefix('='))
                    .map(|value| value.trim().trim_matches('"').to_string())
            })
        };
        if let (Some(name), Some(version)) = (field("name"), field("version"))
            && READER_CRATES.contains(&name.as_str())
        {
            versions.push(format!("{name} {version}"));
        }
    }
    versions
}

/// Data files the reader never reads (the query side's word list).
fn is_query_side(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with("english-words"))
}

fn files_under(path: &Path, found: &mut Vec<PathBuf>) {
    if path.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for entry in entries.flatten() {
            files_under(&entry.path(), found);
        }
    } else if path.is_file() && !is_query_side(path) {
        found.push(path.to_path_buf());
    }
}

/// FNV-1a, 64 bits: stable from build to build and machine to machine.
fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for &byte in bytes {
        *hash ^= u64::from(byte);
        *hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
}

fn main() {
    let mut files = Vec::new();
    for source in READER_SOURCES {
        println!("cargo:rerun-if-changed={source}");
        files_under(Path::new(source), &mut files);
    }
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        // Paths with `/` on every system, so that the fingerprint is the same.
        let name = file.to_string_lossy().replace('\\', "/");
        fnv1a(&mut hash, name.as_bytes());
        fnv1a(&mut hash, &[0]);
        // Line ends as `\n`, so that a checkout with CRLF fingerprints alike.
        let bytes = std::fs::read(file).unwrap_or_default();
        let text: Vec<u8> = bytes.into_iter().filter(|&b| b != b'\r').collect();
        fnv1a(&mut hash, &text);
        fnv1a(&mut hash, &[0]);
    }
    println!("cargo:rerun-if-changed=Cargo.lock");
    let lock = std::fs::read_to_string("Cargo.lock").unwrap_or_default();
    for version in locked_versions(&lock) {
        fnv1a(&mut hash, version.as_bytes());
        fnv1a(&mut hash, &[0]);
    }
    println!("cargo:rustc-env=BULLETIN_READER_FINGERPRINT={hash:016x}");
}
