//! Query-time limits on the shipped bulletin: deep paging, typo correction
//! and query expansion are bounded, and a capped query says so in `notices`.
//! Words and acronyms come from the gold records and the index's glossary.

mod common;

use std::collections::BTreeSet;

use bulletin::Error;
use bulletin::search::{
    Engine, MAX_CLAUSES, MAX_CORRECTIONS, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, MAX_QUERY_TERMS,
    SearchRequest, SearchResponse,
};
use common::{Workspace, gold};

fn engine() -> (Workspace, Engine) {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    (workspace, engine)
}

fn search(engine: &Engine, request: &SearchRequest) -> SearchResponse {
    engine.search(request).expect("the search answers")
}

/// Distinct plain words of the gold titles, at least `min_len` ASCII letters, in order of appearance.
fn title_words(min_len: usize) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut words = Vec::new();
    for record in gold() {
        let title = record["title"].as_str().expect("title").to_lowercase();
        for word in title.split(|c: char| !c.is_ascii_alphabetic()) {
            if word.len() >= min_len && seen.insert(word.to_string()) {
                words.push(word.to_string());
            }
        }
    }
    words
}

/// Asserts that one of the answer's notices contains `needle`.
fn assert_notice(answer: &SearchResponse, needle: &str) {
    assert!(
        answer.notices.iter().any(|n| n.contains(needle)),
        "no notice with {needle:?} in {:?}",
        answer.notices
    );
}

fn is_invalid(result: bulletin::Result<SearchResponse>, what: &str) -> bool {
    matches!(result, Err(Error::InvalidArgument { what: w, .. }) if w == what)
}

#[test]
fn paging_stops_at_the_deepest_offset_and_the_largest_page() {
    let (_workspace, engine) = engine();
    let all = search(&engine, &SearchRequest::new(""));
    let deepest = SearchRequest {
        offset: MAX_OFFSET,
        limit: MAX_LIMIT,
        ..SearchRequest::new("")
    };
    let answer = search(&engine, &deepest);
    assert_eq!(answer.total, all.total, "the deepest page still counts");
    assert_eq!(answer.hits.len(), all.total.saturating_sub(MAX_OFFSET));
    let too_deep = SearchRequest {
        offset: MAX_OFFSET + 1,
        ..deepest.clone()
    };
    assert!(is_invalid(engine.search(&too_deep), "offset"));
    let too_large = SearchRequest {
        limit: MAX_LIMIT + 1,
        offset: 0,
        ..deepest
    };
    assert!(is_invalid(engine.search(&too_large), "limit"));
    let too_long = SearchRequest::new("a".repeat(MAX_QUERY_CHARS + 1));
    assert!(is_invalid(engine.search(&too_long), "query"));
}

#[test]
fn words_past_the_clause_limit_are_left_out_and_the_answer_says_so() {
    let (_workspace, engine) = engine();
    let words = title_words(4);
    assert!(words.len() > MAX_CLAUSES, "the titles have enough words");
    let kept = words[..MAX_CLAUSES].join(" ");
    let all = words[..MAX_CLAUSES + 10].join(" ");
    let capped = search(&engine, &SearchRequest::new(&all));
    let first = search(&engine, &SearchRequest::new(&kept));
    assert_notice(&capped, &format!("only the first {MAX_CLAUSES}"));
    assert!(first.notices.is_empty(), "{:?}", first.notices);
    assert_eq!(capped.total, first.total);
    let ids = |r: &SearchResponse| r.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&capped), ids(&first));
}

#[test]
fn a_word_that_expands_to_too_many_terms_is_cut_and_the_answer_says_so() {
    let (_workspace, engine) = engine();
    // One hyphenated chain as long as a query may be (`a-b-c-…`): indexed
    // whole and by its parts, so each part is a term of the phrase it becomes.
    let letters: Vec<String> = ('a'..='z').map(String::from).collect();
    let mut chain = String::new();
    for letter in letters.iter().cycle() {
        if chain.len() + letter.len() + 1 > MAX_QUERY_CHARS {
            break;
        }
        if !chain.is_empty() {
            chain.push('-');
        }
        chain.push_str(letter);
    }
    let parts = chain.split('-').count();
    assert!(parts > MAX_QUERY_TERMS, "{parts} parts");
    let answer = search(&engine, &SearchRequest::new(&chain));
    assert_notice(&answer, &format!("more than {MAX_QUERY_TERMS} terms"));
    // A chain within the budget is used whole (the answer may still name
    // letters no activity holds, which the any-word search looks for).
    let short: String = chain.chars().take(MAX_QUERY_TERMS / 2).collect();
    let short = short.trim_end_matches('-');
    let notices = search(&engine, &SearchRequest::new(short)).notices;
    assert!(
        notices.iter().all(|n| n.starts_with("no activity holds")),
        "{notices:?}"
    );
}

#[test]
fn acronym_expansions_past_the_term_budget_are_skipped_and_named() {
    let (_workspace, engine) = engine();
    let glossary = engine.glossary().expect("glossary");
    let acronyms: Vec<String> = glossary.entries().map(|e| e.acronym.clone()).collect();
    // Each acronym searches for itself or its long form: the glossary twice
    // over (up to the clause limit) asks for more terms than the budget.
    let query: Vec<String> = acronyms
        .iter()
        .cycle()
        .take(MAX_CLAUSES.min(2 * acronyms.len()))
        .cloned()
        .collect();
    let answer = search(&engine, &SearchRequest::new(query.join(" ")));
    let notice = answer
        .notices
        .iter()
        .find(|n| n.contains("not expanded: "))
        .unwrap_or_else(|| panic!("no notice in {:?}", answer.notices));
    let skipped: Vec<&str> = notice
        .split("not expanded: ")
        .nth(1)
        .expect("a list")
        .split(", ")
        .collect();
    assert!(!skipped.is_empty());
    assert!(skipped.iter().all(|a| acronyms.contains(&a.to_string())));
    // The budget runs out at the end of the query, not at its start.
    assert!(
        answer.expanded.contains_key(&query[0]),
        "{:?}",
        answer.expanded
    );
    assert!(!skipped.contains(&query[0].as_str()));
}

#[test]
fn only_the_first_unknown_words_are_corrected_and_the_answer_says_so() {
    let (_workspace, engine) = engine();
    // Misspell real title words by doubling their second letter.
    let typos: Vec<(String, String)> = title_words(6)
        .into_iter()
        .map(|word| {
            let mut typo = word.clone();
            typo.insert(1, word.as_bytes()[1] as char);
            (word, typo)
        })
        .filter(|(_, typo)| {
            search(&engine, &SearchRequest::new(typo))
                .corrected
                .is_some()
        })
        .take(MAX_CORRECTIONS + 2)
        .collect();
    assert_eq!(typos.len(), MAX_CORRECTIONS + 2, "enough correctable typos");
    let query: Vec<&str> = typos.iter().map(|(_, typo)| typo.as_str()).collect();
    let answer = search(&engine, &SearchRequest::new(query.join(" ")));
    let corrected = answer
        .corrected
        .clone()
        .expect("the first typos are corrected");
    let corrected_words: Vec<&str> = corrected.split(' ').collect();
    assert_eq!(corrected_words.len(), query.len());
    for (index, typo) in query.iter().enumerate() {
        let kept_as_typed = corrected_words[index] == *typo;
        assert_eq!(kept_as_typed, index >= MAX_CORRECTIONS, "{corrected}");
    }
    assert_notice(
        &answer,
        &format!("only the first {MAX_CORRECTIONS} are checked for typos"),
    );
}

#[test]
fn suggestions_of_long_and_many_word_prefixes_stay_bounded() {
    let (_workspace, engine) = engine();
    let words = title_words(4);
    let long = words.join(" ");
    let prefix: String = long.chars().take(MAX_QUERY_CHARS).collect();
    let limit = 8;
    let suggestions = engine.suggest(&prefix, limit).expect("suggest answers");
    assert!(suggestions.len() <= limit);
    // The last words typed still find the title they come from.
    let title = gold()[0]["title"].as_str().expect("title").to_string();
    let many = format!("{} {}", words.join(" "), title);
    let tail: String = many
        .chars()
        .rev()
        .take(MAX_QUERY_CHARS)
        .collect::<String>()
        .chars()
        .rev()
        .collect();
    let found = engine.suggest(&tail, limit).expect("suggest answers");
    assert!(found.iter().any(|s| s.text == title), "{found:?}");
}

/// A filter value of thousands of words (the command line puts no bound on
/// it) answers as fast as a short one does, give or take: the countries
/// named inside it are looked for in runs of a bounded length. The words are
/// the bulletin's title words, and the last is a donor's name.
#[test]
fn a_filter_value_of_thousands_of_words_answers_at_once() {
    let (_workspace, engine) = engine();
    let words = title_words(4);
    assert!(words.len() >= 20, "{words:?}");
    let donor = gold()
        .iter()
        .flat_map(|g| common::strings(g, "donors"))
        .next()
        .expect("a donor");
    let mut value: Vec<String> = words.iter().cycle().take(3000).cloned().collect();
    value.push(format!("{donor}."));
    let mut request = SearchRequest::new("");
    request.filters.donor.push(value.join(" "));
    let started = std::time::Instant::now();
    search(&engine, &request);
    let long = started.elapsed();
    let mut short = SearchRequest::new("");
    short.filters.donor.push(format!("Government of {donor}"));
    let started = std::time::Instant::now();
    let expected = search(&engine, &short).total;
    assert!(expected > 0, "{donor}");
    let one = started.elapsed();
    assert!(
        long < one * 200 + std::time::Duration::from_secs(5),
        "{long:?} for the long value, {one:?} for a short one"
    );
}
