//! Reading bulletin files: bytes to clean lines, lines to raw entries.
//!
//! This layer knows the shape of a bulletin (title line, dateline line, paragraph
//! lines) but nothing of what the lines mean beyond "does this look like a
//! dateline", which it asks of [`crate::extract::dateline`].

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::extract::dateline;

/// One line of a bulletin file, cleaned of BOM, CR and trailing white space.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    pub text: String,
}

/// A warning about a bulletin file, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.message)
    }
}

/// An entry as it stands in the file: title, dateline line, paragraph lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// File name (no folders), as records and ids name it.
    pub source: String,
    pub title: Line,
    pub dateline: Line,
    pub paragraphs: Vec<Line>,
    /// The dateline as the reader parsed it when it recognised the entry.
    pub parsed_dateline: Option<dateline::Dateline>,
}

/// A bulletin file split into entries, with the warnings met on the way.
#[derive(Debug, Clone, Default)]
pub struct RawBulletin {
    pub source: String,
    pub entries: Vec<RawEntry>,
    pub warnings: Vec<Warning>,
}

/// Reads a bulletin file from disk and splits it into entries.
pub fn read_bulletin_file(path: &Path) -> Result<RawBulletin> {
    let bytes = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(split_bulletin(&source_name(path), &bytes))
}

/// The name a record gives its source file: the file name without folders.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Decodes bytes into cleaned, numbered lines. Undecodable bytes are replaced
/// by U+FFFD and reported; blank lines are dropped.
pub fn decode_lines(source: &str, bytes: &[u8]) -> (Vec<Line>, Vec<Warning>) {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut lines = Vec::new();
    let mut warnings = Vec::new();
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let number = index + 1;
        let text = match std::str::from_utf8(raw) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => {
                warnings.push(Warning {
                    source: source.to_string(),
                    line: number,
                    message: "invalid UTF-8 replaced by U+FFFD".to_string(),
                });
                String::from_utf8_lossy(raw)
            }
        };
        // A BOM can also sit at the start of a later line when files were concatenated.
        let text = text.trim_start_matches('\u{feff}').trim_end();
        if text.trim().is_empty() {
            continue;
        }
        lines.push(Line {
            number,
            text: text.to_string(),
        });
    }
    (lines, warnings)
}

/// Whether a line could be an entry title: short, not a URL, not a finished sentence.
fn is_title_like(text: &str) -> bool {
    let text = text.trim();
    let ends_like_paragraph = text.ends_with('.') || text.ends_with(':') || text.ends_with(';');
    !text.is_empty()
        && text.chars().count() <= 300
        && !ends_like_paragraph
        && !text.starts_with("http")
        && !text.starts_with('*')
}

/// Splits a bulletin's bytes into raw entries. Never fails: what it cannot
/// place is reported as a warning.
pub fn split_bulletin(source: &str, bytes: &[u8]) -> RawBulletin {
    let (mut lines, mut warnings) = decode_lines(source, bytes);
    let mut entries: Vec<RawEntry> = Vec::new();
    // Line numbers of the lines before the first entry.
    let mut preamble: Vec<usize> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let parsed = match lines.get(index + 1) {
            Some(next)
                if is_title_like(&lines[index].text)
                    && !dateline::looks_like_dateline(&lines[index].text) =>
            {
                dateline::parse_dateline(&next.text)
            }
            _ => None,
        };
        if parsed.is_some() {
            entries.push(RawEntry {
                source: source.to_string(),
                title: std::mem::take(&mut lines[index]),
                dateline: std::mem::take(&mut lines[index + 1]),
                paragraphs: Vec::new(),
                parsed_dateline: parsed,
            });
            index += 2;
            continue;
        }
        let line = std::mem::take(&mut lines[index]);
        match entries.last_mut() {
            Some(entry) => entry.paragraphs.push(line),
            None => preamble.push(line.number),
        }
        index += 1;
    }
    if let Some(&first_line) = preamble.first() {
        let message = if entries.is_empty() {
            format!(
                "no entry found: {} line(s) but no title followed by a dateline (`DATE, PLACE: text`)",
                preamble.len()
            )
        } else {
            format!(
                "{} line(s) before the first entry belong to no entry and are not indexed",
                preamble.len()
            )
        };
        warnings.push(Warning {
            source: source.to_string(),
            line: first_line,
            message,
        });
    } else if entries.is_empty() {
        warnings.push(Warning {
            source: source.to_string(),
            line: 1,
            message: "empty bulletin: no entries".to_string(),
        });
    }
    RawBulletin {
        source: source.to_string(),
        entries,
        warnings,
    }
}

/// Lists the bulletin files (`*.txt`) under the given files or folders, sorted.
pub fn find_bulletin_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_file() {
            files.push(path.clone());
        } else {
            collect_txt_files(path, &mut files)?;
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn collect_txt_files(dir: &Path, files: &mut Vec<PathBuf>) -> Result<()> {
    let read_error = |source| Error::Read {
        path: dir.to_path_buf(),
        source,
    };
    for item in std::fs::read_dir(dir).map_err(read_error)? {
        let item = item.map_err(read_error)?;
        let path = item.path();
        let file_type = item.file_type().map_err(read_error)?;
        if file_type.is_dir() {
            collect_txt_files(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "txt") {
            files.push(path);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_cr_and_blank_lines() {
        let (lines, warnings) = decode_lines("a.txt", b"\xEF\xBB\xBFTitle\r\n\r\n  \nBody  \r\n");
        assert!(warnings.is_empty());
        let texts: Vec<_> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(texts, vec![(1, "Title"), (4, "Body")]);
    }

    #[test]
    fn replaces_and_reports_invalid_utf8() {
        let (lines, warnings) = decode_lines("a.txt", b"ok\nbad \xFF byte\n");
        assert_eq!(lines[1].text, "bad \u{FFFD} byte");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 2);
    }

    #[test]
    fn title_without_dateline_stays_in_body() {
        let text = "First title\n3 May 2019, Skopje, North Macedonia: Text.\nLooks Like A Title\nMore text.\n";
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        assert_eq!(bulletin.entries.len(), 1);
        assert_eq!(bulletin.entries[0].paragraphs.len(), 2);
    }
}
