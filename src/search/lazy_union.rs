//! Alternatives of which any may match, asked one document at a time: a run
//! of words or its acronym (`trafficking in persons` or `TIP`), a word or its
//! expansion. A document matches when an
//! alternative does, and scores the sum of the alternatives that match it.
//!
//! tantivy answers such a union (a boolean query of optional clauses) with a
//! buffered scorer: asked whether document d matches, it reads every
//! alternative through a window of 4,096 documents from d, so an intersection
//! or a phrase under it is worked out for every document of the window. When
//! a rarer clause or a facet filter leads, most of that work is thrown away:
//! a filtered search for `trafficking in persons` read the whole
//! intersection of its three words, three times over (once per facet pass).
//! [`LazyUnionScorer`] moves each alternative only as far as asked and scores
//! a document only when asked for its score.
//!
//! Scores are those of the boolean query: the alternatives' scores under the
//! same boost, added in the same order. Read whole, tantivy's union is
//! faster, so the query plan chooses this one only for a clause that is asked
//! about other clauses' documents (see `Engine::plan`).

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, TantivyError, Term};

/// A union of queries, read lazily (see the module documentation).
pub(crate) struct LazyUnionQuery {
    alternatives: Vec<Box<dyn Query>>,
}

impl LazyUnionQuery {
    /// Any of `alternatives`, scored as the sum of those that match, in their order.
    pub(crate) fn new(alternatives: Vec<Box<dyn Query>>) -> Self {
        LazyUnionQuery { alternatives }
    }

    /// The alternatives, in their order.
    pub(crate) fn alternatives(&self) -> &[Box<dyn Query>] {
        &self.alternatives
    }
}

impl Clone for LazyUnionQuery {
    fn clone(&self) -> Self {
        LazyUnionQuery {
            alternatives: self.alternatives.iter().map(|q| q.box_clone()).collect(),
        }
    }
}

impl std::fmt::Debug for LazyUnionQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LazyUnionQuery")
            .field("alternatives", &self.alternatives)
            .finish()
    }
}

impl Query for LazyUnionQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let alternatives = self
            .alternatives
            .iter()
            .map(|q| q.weight(scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(LazyUnionWeight { alternatives }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for query in &self.alternatives {
            query.query_terms(visitor);
        }
    }
}

struct LazyUnionWeight {
    alternatives: Vec<Box<dyn Weight>>,
}

impl LazyUnionWeight {
    fn union_scorer(
        &self,
        segment: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<LazyUnionScorer> {
        let mut alternatives = Vec::with_capacity(self.alternatives.len());
        for (at, weight) in self.alternatives.iter().enumerate() {
            let scorer = weight.scorer(segment, boost)?;
            if scorer.doc() != TERMINATED {
                alternatives.push((at, scorer));
            }
        }
        Ok(LazyUnionScorer::new(alternatives, segment.max_doc()))
    }
}

impl Weight for LazyUnionWeight {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.union_scorer(segment, boost)?))
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.union_scorer(segment, 1.0)?;
        seek_to_explain(&mut scorer, doc)?;
        let mut explanation =
            Explanation::new("sum of the alternatives that match", scorer.score());
        for (at, alternative) in &scorer.alternatives {
            if alternative.doc() == doc {
                explanation.add_detail(self.alternatives[*at].explain(segment, doc)?);
            }
        }
        Ok(explanation)
    }
}

/// The union of a few scorers, positioned lazily.
struct LazyUnionScorer {
    /// Each alternative with its place in the query (for explanations).
    alternatives: Vec<(usize, Box<dyn Scorer>)>,
    doc: DocId,
    max_doc: DocId,
}

impl LazyUnionScorer {
    fn new(alternatives: Vec<(usize, Box<dyn Scorer>)>, max_doc: DocId) -> Self {
        let doc = alternatives
            .iter()
            .map(|(_, s)| s.doc())
            .min()
            .unwrap_or(TERMINATED);
        LazyUnionScorer {
            alternatives,
            doc,
            max_doc,
        }
    }
}

impl DocSet for LazyUnionScorer {
    fn advance(&mut self) -> DocId {
        self.doc = advance_union(self.alternatives.iter_mut().map(|(_, s)| s), self.doc);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = seek_union(self.alternatives.iter_mut().map(|(_, s)| s), target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        let sum: u64 = self
            .alternatives
            .iter()
            .map(|(_, s)| u64::from(s.size_hint()))
            .sum();
        sum.min(u64::from(self.max_doc)) as u32
    }

    fn cost(&self) -> u64 {
        self.alternatives.iter().map(|(_, s)| s.cost()).sum()
    }
}

impl Scorer for LazyUnionScorer {
    fn score(&mut self) -> Score {
        // Summed in query order from zero, as tantivy's union sums its clauses.
        let mut score = 0.0;
        for (_, alternative) in &mut self.alternatives {
            if alternative.doc() == self.doc {
                score += alternative.score();
            }
        }
        score
    }
}

/// Moves each doc set that is on `current` one step on; the lowest document
/// any of them is then on (a lazy union's `advance`).
#[inline]
pub(crate) fn advance_union<'a, D: DocSet + 'a>(
    sets: impl Iterator<Item = &'a mut D>,
    current: DocId,
) -> DocId {
    let mut lowest = TERMINATED;
    for set in sets {
        let mut doc = set.doc();
        if doc == current {
            doc = set.advance();
        }
        lowest = lowest.min(doc);
    }
    lowest
}

/// Moves each doc set that is before `target` to it or past it; the lowest
/// document any of them is then on (a lazy union's `seek`).
#[inline]
pub(crate) fn seek_union<'a, D: DocSet + 'a>(
    sets: impl Iterator<Item = &'a mut D>,
    target: DocId,
) -> DocId {
    let mut lowest = TERMINATED;
    for set in sets {
        let mut doc = set.doc();
        if doc < target {
            doc = set.seek(target);
        }
        lowest = lowest.min(doc);
    }
    lowest
}

/// Seeks a union to `doc` for its explanation: an error if it does not match.
pub(crate) fn seek_to_explain(union: &mut impl DocSet, doc: DocId) -> tantivy::Result<()> {
    if union.seek(doc) == doc {
        Ok(())
    } else {
        Err(TantivyError::InvalidArgument(format!(
            "document #({doc}) does not match"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_index::{assert_same_matches, index};
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, TermQuery};
    use tantivy::schema::{Field, IndexRecordOption};

    fn term(field: Field, word: &str, boost: Score) -> Box<dyn Query> {
        let query = TermQuery::new(
            Term::from_field_text(field, word),
            IndexRecordOption::WithFreqsAndPositions,
        );
        Box::new(BoostQuery::new(Box::new(query), boost))
    }

    fn all_of(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            queries.into_iter().map(|q| (Occur::Must, q)).collect(),
        ))
    }

    fn phrase(field: Field, words: &[&str]) -> Box<dyn Query> {
        Box::new(PhraseQuery::new(
            words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect(),
        ))
    }

    /// Alternatives as the plan makes them: a run of words or a rarer term
    /// (an acronym), a word or a phrase (its expansion), a phrase per field.
    fn alternatives(title: Field, body: Field) -> Vec<(&'static str, Vec<Box<dyn Query>>)> {
        vec![
            (
                "alpha and beta, or omega",
                vec![
                    all_of(vec![term(body, "alpha", 1.0), term(body, "beta", 1.0)]),
                    term(title, "omega", 3.0),
                ],
            ),
            (
                "gamma, or the phrase delta beta",
                vec![term(body, "gamma", 1.0), phrase(body, &["delta", "beta"])],
            ),
            (
                "the phrase in title or body",
                vec![
                    phrase(title, &["beta", "alpha"]),
                    phrase(body, &["beta", "alpha"]),
                ],
            ),
            (
                "one that matches nothing",
                vec![term(body, "missing", 1.0), term(title, "omega", 1.0)],
            ),
        ]
    }

    #[test]
    fn matches_and_scores_as_a_boolean_union_alone_and_asked_by_a_rarer_clause() {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        for (what, alternatives) in alternatives(title, body) {
            let ours = || -> Box<dyn Query> {
                Box::new(LazyUnionQuery::new(
                    alternatives.iter().map(|q| q.box_clone()).collect(),
                ))
            };
            let theirs = || -> Box<dyn Query> {
                Box::new(BooleanQuery::new(
                    alternatives
                        .iter()
                        .map(|q| (Occur::Should, q.box_clone()))
                        .collect(),
                ))
            };
            assert_same_matches(&searcher, &*ours(), &*theirs(), what);
            // Asked about the documents of a rarer word, and of a common one.
            for lead in ["omega", "delta"] {
                let ours = all_of(vec![term(title, lead, 2.0), ours()]);
                let theirs = all_of(vec![term(title, lead, 2.0), theirs()]);
                assert_same_matches(&searcher, &*ours, &*theirs, &format!("{lead} and {what}"));
            }
        }
        // The alternatives make the test bite: each matches, and the union
        // matches more than either alone.
        let (_, first) = alternatives(title, body).remove(0);
        let count = |q: &dyn Query| searcher.search(q, &Count).expect("count");
        let union = count(&LazyUnionQuery::new(
            first.iter().map(|q| q.box_clone()).collect(),
        ));
        for alternative in &first {
            assert!(count(&**alternative) > 0 && count(&**alternative) < union);
        }
    }

    #[test]
    fn explains_a_match_by_the_alternatives_that_match_and_refuses_a_miss() {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let (_, first) = alternatives(title, body).remove(0);
        let query = LazyUnionQuery::new(first);
        let top = searcher
            .search(&query, &TopDocs::with_limit(3000).order_by_score())
            .expect("search");
        let details = |address| -> (Score, serde_json::Value) {
            let explanation = query.explain(&searcher, address).expect("explain");
            let json = serde_json::from_str(&explanation.to_pretty_json()).expect("json");
            (explanation.value(), json)
        };
        // A document both alternatives match: two details that add up.
        let (score, address) = *top
            .iter()
            .find(|(_, address)| details(*address).1["details"].as_array().map(Vec::len) == Some(2))
            .expect("a document matching both alternatives");
        let (value, json) = details(address);
        assert!((value - score).abs() < 1e-5);
        let sum: f64 = json["details"]
            .as_array()
            .expect("details")
            .iter()
            .map(|d| d["value"].as_f64().expect("value"))
            .sum();
        assert!((sum - f64::from(score)).abs() < 1e-4, "{json}");
        let missing = LazyUnionQuery::new(vec![term(body, "missing", 1.0)]);
        assert!(missing.explain(&searcher, address).is_err());
    }
}
