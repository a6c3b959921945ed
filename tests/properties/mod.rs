//! The properties the fuzzers check, shared with the tests that run them in
//! CI (`tests/regressions.rs`): `fuzz/fuzz_targets/*.rs` include this file by
//! path, so a crash input and its regression test check the same thing.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::OnceLock;

use bulletin::search::{Engine, SearchRequest, Sort};

/// The bulletin reader on any bytes: never panics, every entry makes a
/// record, ids are unique, lines are in the file, spans run forwards, and a
/// record survives a JSON round trip.
pub fn check_reader(data: &[u8]) {
    // The file's name is its first line, up to 40 characters: a year and
    // letters of several bytes there are read too.
    let first_line = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let name: String = String::from_utf8_lossy(first_line)
        .chars()
        .take(40)
        .collect();
    let raw = bulletin::corpus::split_bulletin(&format!("{name}.txt"), data);
    // Lines may end in LF, CR alone or CR LF, in UTF-8 or UTF-16: no line
    // number can exceed one more than the bytes that could end a line.
    let lines = 1 + data.iter().filter(|&&b| b == b'\n' || b == b'\r').count();
    for entry in &raw.entries {
        // The dateline follows its title; an entry without one (lines with
        // no dateline, kept as an undated entry) has an empty dateline at
        // the title's line.
        let undated = entry.dateline.text.is_empty() && entry.parsed_dateline.is_none();
        assert!(
            entry.title.number < entry.dateline.number
                || (undated && entry.title.number == entry.dateline.number),
            "{entry:?}"
        );
        assert!(entry.dateline.number <= lines);
    }
    let (records, warnings) = bulletin::extract::extract_bulletin(&raw);
    assert_eq!(
        records.len(),
        raw.entries.len(),
        "every entry makes a record"
    );
    let mut ids = std::collections::HashSet::new();
    for record in &records {
        assert!(ids.insert(record.id.as_str()), "duplicate id {}", record.id);
        assert!(record.line >= 1 && record.line <= lines);
        for event in &record.events {
            if let (Some(start), Some(end)) = (event.start, event.end) {
                assert!(start <= end, "{record:?}");
            }
        }
        let json = serde_json::to_string(record).expect("a record is JSON");
        let back: bulletin::Record = serde_json::from_str(&json).expect("and reads back");
        assert_eq!(&back, record);
    }
    assert!(warnings.iter().all(|w| w.line >= 1 && w.line <= lines));
}

/// The dateline parser on any line: never panics, the header is a prefix of
/// the line and the body starts on a character boundary, a part's dates have
/// a place to become events, and every date resolves to a forward span.
pub fn check_dateline(data: &[u8]) {
    let Ok(line) = std::str::from_utf8(data) else {
        return;
    };
    let _ = bulletin::extract::dateline::looks_like_dateline(line);
    // A dated opening sentence (`On 20 May 2022, in Skopje, …`) keeps the
    // whole line as text; its header is the line's start.
    if let Some(opening) = bulletin::extract::dateline::parse_dated_opening(line) {
        assert_eq!(opening.body_start, 0);
        assert!(line.starts_with(&opening.header), "{line:?}");
    }
    let Some(dateline) = bulletin::extract::dateline::parse_dateline(line) else {
        return;
    };
    assert!(dateline.body_start <= line.len());
    assert!(line.is_char_boundary(dateline.body_start));
    assert!(line.trim_start().starts_with(&dateline.header));
    for part in &dateline.parts {
        assert!(
            part.dates.is_empty() || !part.places.is_empty(),
            "{line:?}: dates without a place"
        );
        for spec in &part.dates {
            for year in [1999, 2022, 2024] {
                if let Some((start, end)) = spec.resolve(year) {
                    assert!(start <= end, "{line:?}: {spec:?} in {year}");
                }
            }
        }
    }
}

/// An index of the shipped bulletin, built once in a temporary folder.
pub fn shipped_engine() -> &'static Engine {
    struct Fixture {
        _dir: tempfile::TempDir,
        engine: Engine,
    }
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    &FIXTURE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let corpus = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("corpus/2022-03-south-eastern-europe.txt");
            let corpus = if corpus.exists() {
                corpus
            } else {
                // Built from fuzz/, one folder down.
                PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                    .join("../corpus/2022-03-south-eastern-europe.txt")
            };
            let index = dir.path().join("index");
            bulletin::index::build(&bulletin::index::IndexOptions::new(&index, vec![corpus]))
                .expect("the shipped bulletin indexes");
            let engine = Engine::open(&index).expect("the index opens");
            Fixture { _dir: dir, engine }
        })
        .engine
}

/// Reads a query input: the first line is the query text; each further line
/// is an option `NAME VALUE` (`country`, `city`, `programme`, `donor`, `sdg`,
/// `mentioned`, `year`, `month`, `online`, `from`, `to`, `sort`, `limit`,
/// `offset`, `facets`), so seeds stay readable and a fuzzer finds the names.
pub fn query_request(text: &str) -> SearchRequest {
    let mut lines = text.split('\n');
    let mut request = SearchRequest::new(lines.next().unwrap_or(""));
    for line in lines {
        let (name, value) = line.split_once(' ').unwrap_or((line, ""));
        let filters = &mut request.filters;
        match name {
            "country" => filters.country.push(value.into()),
            "city" => filters.city.push(value.into()),
            "programme" => filters.programme.push(value.into()),
            "donor" => filters.donor.push(value.into()),
            "sdg" => filters.sdg.push(value.into()),
            "mentioned" => filters.mentioned.push(value.into()),
            "year" => filters.year.push(value.into()),
            "month" => filters.month.push(value.into()),
            "online" => filters.online = true,
            "from" => filters.from = value.parse().ok(),
            "to" => filters.to = value.parse().ok(),
            "sort" => {
                request.sort = match value {
                    "newest" => Sort::Newest,
                    "oldest" => Sort::Oldest,
                    _ => Sort::Relevance,
                }
            }
            "limit" => request.limit = value.parse().unwrap_or(request.limit),
            "offset" => request.offset = value.parse().unwrap_or(request.offset),
            "facets" => request.facets = value != "0",
            _ => {}
        }
    }
    request
}

/// The query path on any input: a search answers or refuses with
/// `InvalidArgument`, never another error and never a panic; suggestions answer.
pub fn check_query(engine: &Engine, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let request = query_request(&text);
    match engine.search(&request) {
        Ok(response) => {
            assert!(response.hits.len() <= request.limit);
            assert!(response.total >= response.hits.len());
            // Each typed filter stands in the query, whole characters of it
            // (the search page slices the query there).
            let units: Vec<u16> = response.query.encode_utf16().collect();
            for typed in &response.typed_filters {
                assert!(
                    typed.start < typed.end && typed.end <= units.len(),
                    "{typed:?} in {:?}",
                    response.query
                );
                let clause =
                    String::from_utf16(&units[typed.start..typed.end]).unwrap_or_else(|_| {
                        panic!("{typed:?} splits a character of {:?}", response.query)
                    });
                assert!(
                    !clause.trim().is_empty(),
                    "{typed:?} in {:?}",
                    response.query
                );
            }
        }
        Err(bulletin::Error::InvalidArgument { .. }) => {}
        Err(err) => panic!("{request:?} failed with {err:?}"),
    }
    let suggestions = engine
        .suggest(&request.query, 8)
        .unwrap_or_else(|err| panic!("suggest {:?} failed with {err:?}", request.query));
    assert!(suggestions.len() <= 8);
}
