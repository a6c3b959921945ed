//! Relevance on the judged queries of the shipped bulletin, read at test time.

mod common;

use bulletin::search::SearchRequest;
use common::{Workspace, judged_queries, strings};

#[test]
fn every_judged_query_passes() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut failures = Vec::new();
    for judged in judged_queries() {
        let query = judged["query"].as_str().expect("query");
        let top_k = judged["top_k"].as_u64().expect("top_k") as usize;
        let mut request = SearchRequest::new(query);
        request.limit = 100;
        let response = engine.search(&request).expect("search");
        let titles: Vec<&str> = response.hits.iter().map(|h| h.title.as_str()).collect();
        for relevant in strings(&judged, "relevant") {
            match titles.iter().position(|t| *t == relevant) {
                Some(rank) if rank < top_k => {}
                rank => failures.push(format!("{query:?}: {relevant:?} at {rank:?}, wanted within top {top_k}\n   got {titles:?}")),
            }
        }
        for excluded in strings(&judged, "excluded") {
            if titles.contains(&excluded.as_str()) {
                failures.push(format!(
                    "{query:?}: excluded {excluded:?} is in the results"
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
