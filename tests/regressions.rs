//! Inputs the fuzzers (`fuzz/`) found, each kept in
//! `tests/fixtures/regressions/` and checked with the property its fuzzer
//! checks (`tests/properties/mod.rs`); and the query path's property as a
//! short proptest, as `tests/reader.rs` has the reader's and the dateline's.

mod common;
mod properties;

use std::collections::BTreeSet;

use bulletin::search::{MAX_LIMIT, SearchRequest};
use proptest::prelude::*;

/// The bytes of a kept fuzzer input.
fn regression(name: &str) -> Vec<u8> {
    let path = common::root().join("tests/fixtures/regressions").join(name);
    std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The ids of every hit of a query (all fit on one page of the shipped bulletin).
fn hit_ids(query: &str) -> BTreeSet<String> {
    let request = SearchRequest {
        limit: MAX_LIMIT,
        ..SearchRequest::new(query)
    };
    let answer = properties::shipped_engine()
        .search(&request)
        .expect("the search answers");
    assert!(answer.total <= MAX_LIMIT);
    answer.hits.into_iter().map(|hit| hit.id).collect()
}

/// Found by the reader fuzzer: a title that is a suffixed id of an earlier
/// one (`X 2` before two entries `X` of the same day gave `…-x-2` twice); a
/// file of CR line ends, and one line of bytes that are not UTF-8, whose line
/// numbers and undated entry the property had not foreseen.
#[test]
fn reader_regressions() {
    for name in [
        "reader-duplicate-id.txt",
        "reader-cr-only-line-numbers.txt",
        "reader-preamble-undated-entry.txt",
    ] {
        properties::check_reader(&regression(name));
    }
    let (records, _) =
        bulletin::extract::parse_bulletin_bytes("x.txt", &regression("reader-duplicate-id.txt"));
    let ids: BTreeSet<&str> = records.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), records.len(), "{ids:?}");
}

/// Found by the query proptest: a query excluding a phrase panicked in debug
/// builds, on a tantivy debug assertion (see Cargo.toml). Its answer, and that
/// of every judged query with a phrase excluded (present in the bulletin or
/// absent), is what the query finds less what the phrase finds.
#[test]
fn query_excluded_phrase() {
    properties::check_query(
        properties::shipped_engine(),
        &regression("query-excluded-phrase.txt"),
    );
    let mut queries: Vec<String> = common::judged_queries()
        .iter()
        .filter_map(|q| q["query"].as_str().map(String::from))
        .collect();
    queries.push("trafficking in persons".into());
    let mut compared = 0;
    for query in &queries {
        let plain = properties::shipped_engine()
            .search(&SearchRequest::new(query.as_str()))
            .expect("search");
        if plain.fallback {
            continue;
        }
        for phrase in ["\"Western Balkans\"", "\"Balkans Western\""] {
            let expected: BTreeSet<String> = hit_ids(query)
                .difference(&hit_ids(phrase))
                .cloned()
                .collect();
            if expected.is_empty() {
                continue;
            }
            for combined in [format!("{query} -{phrase}"), format!("-{phrase} {query}")] {
                assert_eq!(hit_ids(&combined), expected, "{combined}");
                compared += 1;
            }
        }
    }
    assert!(compared > queries.len(), "{compared} comparisons");
}

/// Words the query strategy mixes with random text: real words, operators,
/// field names, brackets, `~N` and `^N`, acronyms and a misspelling.
const QUERY_PIECES: [&str; 50] = [
    "firearms",
    "trafficking in persons",
    "\"",
    "-",
    "title:",
    "body:",
    "country:",
    "programme:",
    "sdg:",
    "TIP",
    "CCP",
    "Podgoricca",
    "e-evidence",
    "Скопје",
    "Bijača",
    "-\"Western Balkans\"",
    "(",
    ")",
    "-(",
    "country:(",
    "OR",
    "NOT",
    "||",
    "AND",
    "\"border control\"~2",
    "~",
    "firearms^3",
    "Crna Gora",
    "Bosna i Hercegovina",
    "-Crna",
    "North Macedonia^2",
    "SDG 16.4^2",
    "(country:Albania",
    "country:Kosovo)",
    "date:",
    "date:2022-03",
    "date:[2022-03-01 TO",
    "*]",
    "from:2022-03-20..",
    "-date:>=2022",
    "date:\"March 2022\"",
    "month:March",
    "..",
    "TO",
    "“border”",
    "NOT(",
    "donor:United Kingdom",
    "Podgor**",
    "SDG-16.4",
    "date:24 March",
];

fn query_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        3 => proptest::sample::select(&QUERY_PIECES[..]).prop_map(String::from),
        2 => "\\PC{0,12}",
        1 => "[a-z]{1,30}(-[a-z]{1,3}){0,40}",
    ];
    proptest::collection::vec(piece, 0..24).prop_map(|pieces| pieces.join(" "))
}

fn options_strategy() -> impl Strategy<Value = String> {
    let option = prop_oneof![
        Just("country Montenegro".to_string()),
        Just("programme CCP".to_string()),
        Just("sdg 16".to_string()),
        Just("online 1".to_string()),
        Just("sort newest".to_string()),
        Just("facets 0".to_string()),
        (0usize..1200).prop_map(|n| format!("limit {n}")),
        (0usize..12_000).prop_map(|n| format!("offset {n}")),
        (0u32..40).prop_map(|d| format!("from 2022-03-{:02}", d)),
        "[a-z]{1,9} \\PC{0,20}",
    ];
    proptest::collection::vec(option, 0..4).prop_map(|options| options.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn random_queries_answer_or_refuse_with_invalid_argument(
        query in query_strategy(),
        options in options_strategy(),
    ) {
        let input = format!("{query}\n{options}");
        properties::check_query(properties::shipped_engine(), input.as_bytes());
    }
}
