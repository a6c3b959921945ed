//! One word as several terms (a word with `đ` is indexed as both `d` and
//! `dj`): a document matches when any term is in it, and scores the sum of
//! the terms' BM25 scores, each with its boost. (Before title, dateline and
//! body became one text field, every word was such a union of three fields.)
//!
//! tantivy answers such a union (a boolean query of term queries) with a
//! buffered scorer that reads and scores every posting of each field in
//! windows of 4,096 documents. In a query of several words the rarest one
//! leads and the others are only asked about its documents; the buffered
//! union then clears, refills and steps through its window for each of them
//! (a third of a search's time in perf). [`AnyFieldScorer`] keeps each
//! field's postings where they are, moves them only as far as asked, and
//! scores a document only when asked for its score. It reads postings and
//! field norms itself, without a dynamic call per field and document.
//!
//! Scores are those of the boolean query: the same BM25 weights, boosted the
//! same way, summed in the same field order. (An intersection adds its
//! words in the order of their cost, which tantivy's union reports from the
//! postings it has not yet buffered; so a query of three or more words may
//! add them in another order, which can change the last bit of a score.)

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::search::lazy_union::{advance_union, seek_to_explain, seek_union};

/// A word's terms in several fields, each with its boost, any of which may match.
#[derive(Debug, Clone)]
pub(crate) struct AnyFieldQuery {
    terms: Vec<(Term, Score)>,
}

impl AnyFieldQuery {
    /// A union of the given terms, scored as the sum of their boosted BM25
    /// scores in the given order.
    pub(crate) fn new(terms: Vec<(Term, Score)>) -> Self {
        AnyFieldQuery { terms }
    }
}

impl Query for AnyFieldQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let weights = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(
                self.terms
                    .iter()
                    .map(|(term, _)| {
                        Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))
                    })
                    .collect::<tantivy::Result<Vec<_>>>()?,
            ),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(AnyFieldWeight {
            terms: self.terms.clone(),
            weights,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for (term, _) in &self.terms {
            visitor(term, false);
        }
    }
}

struct AnyFieldWeight {
    terms: Vec<(Term, Score)>,
    /// Each term's BM25 weight; `None` when scoring is off.
    weights: Option<Vec<Bm25Weight>>,
}

impl AnyFieldWeight {
    fn any_field_scorer(
        &self,
        segment: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<AnyFieldScorer> {
        let mut fields = Vec::with_capacity(self.terms.len());
        for (at, (term, field_boost)) in self.terms.iter().enumerate() {
            let option = if self.weights.is_some() {
                IndexRecordOption::WithFreqs
            } else {
                IndexRecordOption::Basic
            };
            let Some(postings) = segment
                .inverted_index(term.field())?
                .read_postings(term, option)?
            else {
                continue;
            };
            if postings.doc() == TERMINATED {
                continue;
            }
            let scoring = match &self.weights {
                // As a term query under a boost query: the boosts multiplied first.
                Some(weights) => Some((
                    weights[at].boost_by(boost * field_boost),
                    match segment.fieldnorms_readers().get_field(term.field())? {
                        Some(norms) => norms,
                        None => FieldNormReader::constant(segment.max_doc(), 1),
                    },
                )),
                None => None,
            };
            fields.push(FieldPostings {
                at,
                postings,
                scoring,
            });
        }
        Ok(AnyFieldScorer::new(fields, segment.max_doc()))
    }
}

impl Weight for AnyFieldWeight {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.any_field_scorer(segment, boost)?))
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.any_field_scorer(segment, 1.0)?;
        seek_to_explain(&mut scorer, doc)?;
        let mut explanation =
            Explanation::new("sum of the word's terms in the document", scorer.score());
        let Some(weights) = &self.weights else {
            return Ok(explanation);
        };
        for field in scorer.fields.iter().filter(|f| f.postings.doc() == doc) {
            let Some((_, norms)) = &field.scoring else {
                continue;
            };
            // As tantivy explains a boosted term query: the boost, then BM25.
            let (term, boost) = &self.terms[field.at];
            let value = term.value();
            let word = value.as_str().unwrap_or_default();
            let field_name = segment.schema().get_field_name(term.field());
            let mut detail = Explanation::new_with_string(
                format!("{word:?} in {field_name}: boost x{boost} of ..."),
                field.score(),
            );
            detail.add_detail(
                weights[field.at].explain(norms.fieldnorm_id(doc), field.postings.term_freq()),
            );
            explanation.add_detail(detail);
        }
        Ok(explanation)
    }
}

/// One field's postings of the word, with what scores them.
struct FieldPostings {
    /// The term's place in the query (for explanations).
    at: usize,
    postings: SegmentPostings,
    scoring: Option<(Bm25Weight, FieldNormReader)>,
}

impl FieldPostings {
    #[inline]
    fn score(&self) -> Score {
        match &self.scoring {
            Some((weight, norms)) => {
                let doc = self.postings.doc();
                weight.score(norms.fieldnorm_id(doc), self.postings.term_freq())
            }
            None => 1.0,
        }
    }
}

/// The union of a word's postings in a few fields, positioned lazily (see the
/// module documentation).
struct AnyFieldScorer {
    fields: Vec<FieldPostings>,
    doc: DocId,
    max_doc: DocId,
}

impl AnyFieldScorer {
    fn new(fields: Vec<FieldPostings>, max_doc: DocId) -> Self {
        let doc = fields
            .iter()
            .map(|f| f.postings.doc())
            .min()
            .unwrap_or(TERMINATED);
        AnyFieldScorer {
            fields,
            doc,
            max_doc,
        }
    }
}

impl DocSet for AnyFieldScorer {
    #[inline]
    fn advance(&mut self) -> DocId {
        self.doc = advance_union(self.fields.iter_mut().map(|f| &mut f.postings), self.doc);
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc < target {
            self.doc = seek_union(self.fields.iter_mut().map(|f| &mut f.postings), target);
        }
        self.doc
    }

    #[inline]
    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        // At least the largest field's; the fields of a document mostly share
        // its words, so nearer the largest than the sum.
        let sizes: Vec<u64> = self
            .fields
            .iter()
            .map(|f| u64::from(f.postings.size_hint()))
            .collect();
        let largest = sizes.iter().copied().max().unwrap_or(0);
        let sum: u64 = sizes.iter().sum();
        (largest + (sum - largest) / 4).min(u64::from(self.max_doc)) as u32
    }

    fn cost(&self) -> u64 {
        // As tantivy's union: the postings to read.
        self.fields.iter().map(|f| f.postings.cost()).sum()
    }
}

impl Scorer for AnyFieldScorer {
    #[inline]
    fn score(&mut self) -> Score {
        // Summed in query order from zero, as tantivy's union sums its terms.
        let mut score = 0.0;
        for field in &self.fields {
            if field.postings.doc() == self.doc {
                score += field.score();
            }
        }
        score
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_index::{assert_same_matches, index};
    use tantivy::collector::{Count, TopDocs};
    use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};

    fn word(fields: &[(tantivy::schema::Field, Score)], text: &str) -> Vec<(Term, Score)> {
        fields
            .iter()
            .map(|&(field, boost)| (Term::from_field_text(field, text), boost))
            .collect()
    }

    /// The same word as the boolean query of boosted term queries it stands for.
    fn as_boolean(terms: Vec<(Term, Score)>) -> Box<dyn Query> {
        Box::new(BooleanQuery::new(
            terms
                .into_iter()
                .map(|(term, boost)| {
                    let term = TermQuery::new(term, IndexRecordOption::WithFreqsAndPositions);
                    (
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(term), boost)) as Box<dyn Query>,
                    )
                })
                .collect(),
        ))
    }

    #[test]
    fn matches_and_scores_as_a_boolean_union_alone_and_in_an_intersection() {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let fields = [(title, 3.0), (body, 1.0)];
        let queries: Vec<Vec<&str>> = vec![
            vec!["alpha"],
            vec!["omega"],
            vec!["alpha", "omega"],
            vec!["beta", "gamma", "omega"],
            vec!["missing"],
            vec!["delta", "missing"],
        ];
        for words in queries {
            let ours = BooleanQuery::new(
                words
                    .iter()
                    .map(|w| {
                        (
                            Occur::Must,
                            Box::new(AnyFieldQuery::new(word(&fields, w))) as Box<dyn Query>,
                        )
                    })
                    .collect(),
            );
            let theirs = BooleanQuery::new(
                words
                    .iter()
                    .map(|w| (Occur::Must, as_boolean(word(&fields, w))))
                    .collect(),
            );
            assert_same_matches(&searcher, &ours, &theirs, &format!("{words:?}"));
        }
        // The vocabulary makes the test bite: some words are common, "omega" rarer.
        let omega = AnyFieldQuery::new(word(&fields, "omega"));
        let alpha = AnyFieldQuery::new(word(&fields, "alpha"));
        let count = |q: &dyn Query| searcher.search(q, &Count).expect("count");
        assert!(count(&omega) > 0 && count(&omega) * 4 < count(&alpha));
    }

    #[test]
    fn explains_a_match_with_each_field_and_refuses_a_miss() {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let query = AnyFieldQuery::new(word(&[(title, 3.0), (body, 1.0)], "omega"));
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .expect("search");
        let (score, address) = top[0];
        let explanation = query.explain(&searcher, address).expect("explain");
        assert!((explanation.value() - score).abs() < 1e-5);
        // Each field's detail is its boost times its unboosted BM25 score, and they add up.
        let json: serde_json::Value =
            serde_json::from_str(&explanation.to_pretty_json()).expect("json");
        let details = json["details"].as_array().expect("details");
        assert!(!details.is_empty());
        let mut sum = 0.0;
        for detail in details {
            let value = detail["value"].as_f64().expect("value");
            let boost = if detail["description"]
                .as_str()
                .expect("text")
                .contains("title")
            {
                3.0
            } else {
                1.0
            };
            let bm25 = detail["details"][0]["value"].as_f64().expect("bm25");
            assert!((value - boost * bm25).abs() < 1e-4, "{detail}");
            sum += value;
        }
        assert!((sum - f64::from(score)).abs() < 1e-4);
        let missing = AnyFieldQuery::new(word(&[(title, 3.0), (body, 1.0)], "missing"));
        assert!(missing.explain(&searcher, address).is_err());
    }
}
