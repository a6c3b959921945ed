//! nDCG@10 over the judged queries for `bulletin` and, in the same run, for a
//! plain tantivy index of the same corpus with the default tokenizer.
//! Run with `cargo test --test ndcg -- --nocapture` to see the figures.

mod common;

use bulletin::extract::parse_bulletin_file;
use bulletin::search::SearchRequest;
use common::{Workspace, judged_queries, shipped_bulletin, strings};
use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{STORED, Schema, TEXT, Value};
use tantivy::{Index, TantivyDocument, doc};

/// nDCG@10 of a ranking (titles) against a set of relevant titles, gain 1 each.
fn ndcg_at_10(ranking: &[String], relevant: &[String]) -> f64 {
    let dcg: f64 = ranking
        .iter()
        .take(10)
        .enumerate()
        .filter(|(_, title)| relevant.contains(title))
        .map(|(rank, _)| 1.0 / ((rank + 2) as f64).log2())
        .sum();
    let ideal: f64 = (0..relevant.len().min(10))
        .map(|rank| 1.0 / ((rank + 2) as f64).log2())
        .sum();
    if ideal == 0.0 {
        0.0
    } else {
        (dcg / ideal).max(0.0)
    }
}

fn plain_tantivy_rankings(queries: &[String]) -> Vec<Vec<String>> {
    let mut builder = Schema::builder();
    let title = builder.add_text_field("title", TEXT | STORED);
    let body = builder.add_text_field("body", TEXT);
    let index = Index::create_in_ram(builder.build());
    let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
    let (records, _) = parse_bulletin_file(&shipped_bulletin()).expect("parse");
    for record in &records {
        writer
            .add_document(doc!(title => record.title.clone(), body => format!("{}\n{}", record.dateline, record.body)))
            .expect("add");
    }
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    let parser = QueryParser::for_index(&index, vec![title, body]);
    queries
        .iter()
        .map(|query| {
            let (parsed, _errors) = parser.parse_query_lenient(query);
            searcher
                .search(&parsed, &TopDocs::with_limit(10).order_by_score())
                .expect("search")
                .into_iter()
                .filter_map(|(_, address)| {
                    let doc: TantivyDocument = searcher.doc(address).ok()?;
                    doc.get_first(title)
                        .and_then(|v| v.as_str())
                        .map(String::from)
                })
                .collect()
        })
        .collect()
}

#[test]
fn bulletin_ranks_better_than_plain_tantivy() {
    let judged = judged_queries();
    let queries: Vec<String> = judged
        .iter()
        .map(|j| j["query"].as_str().expect("query").to_string())
        .collect();
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ours: Vec<Vec<String>> = queries
        .iter()
        .map(|q| {
            engine
                .search(&SearchRequest::new(q.as_str()))
                .expect("search")
                .hits
                .into_iter()
                .map(|h| h.title)
                .collect()
        })
        .collect();
    let plain = plain_tantivy_rankings(&queries);
    let mut ours_total = 0.0;
    let mut plain_total = 0.0;
    println!("{:<40} {:>8} {:>14}", "query", "bulletin", "plain tantivy");
    for ((judged, ours), plain) in judged.iter().zip(&ours).zip(&plain) {
        let relevant = strings(judged, "relevant");
        let (a, b) = (ndcg_at_10(ours, &relevant), ndcg_at_10(plain, &relevant));
        println!(
            "{:<40} {a:>8.3} {b:>14.3}",
            judged["query"].as_str().unwrap_or("")
        );
        ours_total += a;
        plain_total += b;
    }
    let n = judged.len() as f64;
    let (ours_mean, plain_mean) = (ours_total / n, plain_total / n);
    println!(
        "nDCG@10 over {} judged queries: bulletin {ours_mean:.3}, plain tantivy {plain_mean:.3}",
        judged.len()
    );
    assert!(
        ours_mean > plain_mean,
        "bulletin {ours_mean:.3} vs plain {plain_mean:.3}"
    );
    assert!(ours_mean >= 0.95, "bulletin nDCG@10 {ours_mean:.3}");
}

#[test]
fn ndcg_of_known_rankings() {
    let relevant = vec!["a".to_string(), "b".to_string()];
    assert!((ndcg_at_10(&["a".into(), "b".into(), "c".into()], &relevant) - 1.0).abs() < 1e-9);
    assert_eq!(ndcg_at_10(&["c".into()], &relevant), 0.0);
    let swapped = ndcg_at_10(&["c".into(), "a".into(), "b".into()], &relevant);
    assert!(swapped > 0.0 && swapped < 1.0);
}
