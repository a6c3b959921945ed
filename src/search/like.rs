//! "More like this": the words that set an activity apart, as a query.
//!
//! Each word of the activity's title and body (as the index analyses them)
//! is weighted by how often it occurs there times its inverse document
//! frequency; words in more than half the entries and words shorter than
//! three bytes are left out. The best [`MAX_TERMS`] become a query whose
//! clauses are boosted by their weight relative to the best.
//!
//! tantivy's `MoreLikeThisQuery` does the same, but picks among words of
//! equal weight in hash order, so the same activity could list different
//! similar activities from one call to the next. Here equal weights are
//! ordered by the word itself, so the answer is always the same.

use std::collections::HashMap;

use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TokenStream;
use tantivy::{Score, Searcher, Term};

use crate::error::Result;

/// Most words in the query.
pub(crate) const MAX_TERMS: usize = 40;
/// Shortest word kept, in bytes.
const MIN_WORD_BYTES: usize = 3;

/// BM25's inverse document frequency, as tantivy scores a term.
fn idf(doc_freq: u64, docs: u64) -> Score {
    let x = (docs.saturating_sub(doc_freq) as Score + 0.5) / (doc_freq as Score + 0.5);
    (1.0 + x).ln()
}

/// The weighted words of `texts` (each analysed as its field is indexed),
/// best first; equal weights in the order of the words.
pub(crate) fn like_terms(
    searcher: &Searcher,
    texts: &[(Field, &str)],
) -> Result<Vec<(Term, Score)>> {
    let mut counts: HashMap<Term, u32> = HashMap::new();
    for &(field, text) in texts {
        let mut analyzer = searcher.index().tokenizer_for_field(field)?;
        let mut stream = analyzer.token_stream(text);
        stream.process(&mut |token| {
            // A word written in capitals counts once, by its lower-case form.
            if token.text.len() >= MIN_WORD_BYTES
                && !crate::index::analyzer::is_capitals_form(&token.text)
            {
                *counts
                    .entry(Term::from_field_text(field, &token.text))
                    .or_insert(0) += 1;
            }
        });
    }
    let docs = searcher.num_docs();
    let max_doc_freq = (docs / 2).max(2);
    let mut weighted = Vec::with_capacity(counts.len());
    for (term, count) in counts {
        let doc_freq = searcher.doc_freq(&term)?;
        if doc_freq == 0 || doc_freq > max_doc_freq {
            continue;
        }
        weighted.push((term, count as Score * idf(doc_freq, docs)));
    }
    weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    weighted.truncate(MAX_TERMS);
    Ok(weighted)
}

/// A query for what is like `texts`: any of its best words, each boosted by
/// its weight over the best word's.
pub(crate) fn like_query(searcher: &Searcher, texts: &[(Field, &str)]) -> Result<BooleanQuery> {
    let terms = like_terms(searcher, texts)?;
    let best = terms.first().map_or(1.0, |(_, weight)| *weight);
    let clauses = terms
        .into_iter()
        .map(|(term, weight)| {
            let term: Box<dyn Query> = Box::new(TermQuery::new(term, IndexRecordOption::Basic));
            let boosted: Box<dyn Query> = Box::new(BoostQuery::new(term, weight / best));
            (Occur::Should, boosted)
        })
        .collect();
    Ok(BooleanQuery::new(clauses))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_index;

    /// The small test index, its searcher and its two fields.
    fn searcher() -> (Searcher, Field, Field) {
        let (index, title, body) = test_index::index();
        let searcher = index.reader().expect("reader").searcher();
        (searcher, title, body)
    }

    #[test]
    fn words_are_weighted_by_count_and_rarity_and_ties_go_by_word() {
        let (searcher, title, body) = searcher();
        let texts = [
            (title, "gamma alpha"),
            (body, "omega omega delta beta alpha alpha zeta"),
        ];
        let terms = like_terms(&searcher, &texts).expect("terms");
        // Every word the index knows, in more than no entry and at most half,
        // in each field it was given in; "zeta" is in no entry.
        let docs = searcher.num_docs();
        let mut expected = Vec::new();
        for (field, text) in texts {
            let mut seen: Vec<&str> = Vec::new();
            for word in text.split(' ') {
                if seen.contains(&word) {
                    continue;
                }
                seen.push(word);
                let term = Term::from_field_text(field, word);
                let doc_freq = searcher.doc_freq(&term).expect("doc freq");
                if doc_freq == 0 || doc_freq > docs / 2 {
                    continue;
                }
                let count = text.split(' ').filter(|w| *w == word).count();
                expected.push((term, count as Score * idf(doc_freq, docs)));
            }
        }
        assert!(!expected.is_empty(), "the test words are in the index");
        assert!(expected.len() < texts.iter().map(|t| t.1.split(' ').count()).sum::<usize>());
        let mut got = terms.clone();
        got.sort_by(|a, b| a.0.cmp(&b.0));
        expected.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(got, expected);
        // Best first, and equal weights by word.
        for pair in terms.windows(2) {
            let order = pair[1]
                .1
                .total_cmp(&pair[0].1)
                .then(pair[0].0.cmp(&pair[1].0));
            assert_eq!(order, std::cmp::Ordering::Less, "{pair:?}");
        }
    }
}
