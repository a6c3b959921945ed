//! Helpers the export tests share: the shipped bulletin's records, golden
//! files with a readable diff, and a mock HTTP server on 127.0.0.1:0.

#![allow(dead_code)] // each test crate uses its own part of these helpers

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, bail};
use bulletin::Record;
use bulletin::extract::parse_bulletin_file;
use serde_json::Value;

/// The bulletin shipped in `corpus/`.
pub fn shipped_bulletin_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/2022-03-south-eastern-europe.txt")
}

/// The records of the shipped bulletin, as the extractor reads them.
pub fn shipped_records() -> anyhow::Result<Vec<Record>> {
    let (records, _warnings) =
        parse_bulletin_file(&shipped_bulletin_path()).context("parsing the shipped bulletin")?;
    anyhow::ensure!(!records.is_empty(), "the shipped bulletin has no records");
    Ok(records)
}

/// Compares `actual` with `tests/fixtures/export/{name}`; with
/// `UPDATE_GOLDEN=1` rewrites the file instead.
pub fn assert_golden(name: &str, actual: &str) -> anyhow::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/export")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some_and(|v| v != "0") {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, actual).with_context(|| format!("writing {}", path.display()))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "no golden file {}; create it with UPDATE_GOLDEN=1 cargo test --test export_files",
            path.display()
        )
    })?;
    if expected != actual {
        bail!(
            "export output differs from the golden file {}\n{}\nif the change is intended, rewrite the goldens with UPDATE_GOLDEN=1 cargo test --test export_files and review `git diff tests/fixtures/export`",
            path.display(),
            diff(&expected, actual)
        );
    }
    Ok(())
}

/// A line diff (`-` golden, `+` actual) with, for JSON lines, the fields that differ.
pub fn diff(expected: &str, actual: &str) -> String {
    let old: Vec<&str> = expected.lines().collect();
    let new: Vec<&str> = actual.lines().collect();
    // Longest common subsequence table, from the end.
    let mut lcs = vec![vec![0usize; new.len() + 1]; old.len() + 1];
    for i in (0..old.len()).rev() {
        for j in (0..new.len()).rev() {
            lcs[i][j] = if old[i] == new[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < old.len() || j < new.len() {
        if i < old.len() && j < new.len() && old[i] == new[j] {
            i += 1;
            j += 1;
        } else if i < old.len() && j < new.len() && lcs[i + 1][j + 1] == lcs[i][j] {
            // A changed line: show it as a pair, with the JSON fields that differ.
            out.push(format!("-{:>4} {}", i + 1, shorten(old[i])));
            out.push(format!("+{:>4} {}", j + 1, shorten(new[j])));
            if let Some(fields) = json_field_diff(old[i], new[j]) {
                out.push(fields);
            }
            i += 1;
            j += 1;
        } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
            out.push(format!("+{:>4} {}", j + 1, shorten(new[j])));
            j += 1;
        } else {
            out.push(format!("-{:>4} {}", i + 1, shorten(old[i])));
            i += 1;
        }
    }
    out.join("\n")
}

fn shorten(line: &str) -> String {
    if line.chars().count() <= 160 {
        return line.to_string();
    }
    let head: String = line.chars().take(160).collect();
    format!("{head}… ({} chars)", line.chars().count())
}

fn json_field_diff(old: &str, new: &str) -> Option<String> {
    let (Ok(Value::Object(old)), Ok(Value::Object(new))) = (
        serde_json::from_str::<Value>(old),
        serde_json::from_str::<Value>(new),
    ) else {
        return None;
    };
    let mut keys: Vec<&String> = old.keys().chain(new.keys()).collect();
    keys.sort();
    keys.dedup();
    let lines: Vec<String> = keys
        .into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| {
            let show =
                |v: Option<&Value>| v.map_or("(absent)".to_string(), |v| shorten(&v.to_string()));
            format!(
                "       field {k:?}: golden {} / now {}",
                show(old.get(k)),
                show(new.get(k))
            )
        })
        .collect();
    Some(lines.join("\n"))
}

/// The first `n` lines of a text, each with its newline.
pub fn first_lines(text: &str, n: usize) -> String {
    text.split_inclusive('\n').take(n).collect()
}

/// One request the mock server received.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Header names lower-cased.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    /// The value of a header, by lower-case name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// The mock's reply: status and JSON (or JSONL) body, after an optional delay.
pub struct Reply {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
    /// A `Location` header (a redirect).
    pub location: Option<String>,
}

impl Reply {
    pub fn new(status: u16, body: impl Into<String>) -> Self {
        Reply {
            status,
            body: body.into(),
            delay: Duration::ZERO,
            location: None,
        }
    }

    /// A redirect to `location` with an empty body.
    pub fn redirect(status: u16, location: impl Into<String>) -> Self {
        Reply {
            location: Some(location.into()),
            ..Reply::new(status, "")
        }
    }
}

/// An HTTP/1.1 server on 127.0.0.1:0 that records each request and answers
/// with `respond`. It serves one request per connection, then closes it.
pub struct MockServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
}

impl MockServer {
    pub fn start(respond: impl Fn(&Recorded) -> Reply + Send + 'static) -> anyhow::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let url = format!("http://{}", listener.local_addr()?);
        let requests = Arc::new(Mutex::new(Vec::new()));
        let seen = Arc::clone(&requests);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                // A broken connection only fails the one request, which the test notices.
                let _ = serve_one(stream, &respond, &seen);
            }
        });
        Ok(MockServer { url, requests })
    }

    /// The requests received so far, in order.
    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

fn serve_one(
    stream: TcpStream,
    respond: &impl Fn(&Recorded) -> Reply,
    seen: &Mutex<Vec<Recorded>>,
) -> anyhow::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let target = parts.next().unwrap_or_default().to_string();
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_lowercase(), value.trim().to_string()));
        }
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
    };
    let mut body = Vec::new();
    if let Some(length) = header("content-length") {
        let length: usize = length.parse()?;
        body.resize(length, 0);
        reader.read_exact(&mut body)?;
    } else if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size)?;
            let size = usize::from_str_radix(size.trim(), 16)?;
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk)?;
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    }
    let recorded = Recorded {
        method,
        target,
        headers,
        body: String::from_utf8(body)?,
    };
    let reply = respond(&recorded);
    if let Ok(mut seen) = seen.lock() {
        seen.push(recorded);
    }
    std::thread::sleep(reply.delay);
    let mut stream = stream;
    let location = reply
        .location
        .map(|to| format!("Location: {to}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "HTTP/1.1 {} Mock\r\nContent-Type: application/json; charset=utf-8\r\n{location}Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        reply.status,
        reply.body.len(),
        reply.body
    )?;
    stream.flush()?;
    Ok(())
}
