//! Words that must all match, each a term of the same field: the commonest
//! query there is (`border control`, `risk indicators`).
//!
//! tantivy answers a boolean query of such terms with its intersection of
//! term scorers, boxed: every step, seek and score of every word is a
//! dynamic call through three layers of postings. On this corpus the words
//! of a query are common (`border` is in two thirds of the entries), so a
//! search makes hundreds of thousands of them, and the intersection was a
//! fifth of a search's time and its scoring a quarter.
//!
//! [`ConjunctionScorer`] reads each word's postings a block of 128
//! documents at a time. The rarest word leads: the documents of its block
//! are checked against the other words in turn (a step forward within their
//! current block, or a jump by the skip list past the blocks that cannot
//! hold it), and the matches of the block, with each word's frequency, wait
//! in a buffer. Counting and facets take the buffer whole; a score reads
//! the document's field norm once for all its words.
//!
//! Matches and scores are those of the boolean query: the same BM25
//! weights, and the words added in the order tantivy's intersection adds
//! them (by the number of documents holding them in the segment, the two
//! rarest first, then the rest from zero), so scores agree to the last bit.

use std::sync::Arc;

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::BlockSegmentPostings;
use tantivy::query::{
    Bm25Weight, BooleanQuery, EnableScoring, Explanation, Occur, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::search::lazy_union::seek_to_explain;

/// Documents holding every one of the terms (two or more, one field).
#[derive(Debug, Clone)]
pub(crate) struct ConjunctionQuery {
    terms: Vec<Term>,
}

impl ConjunctionQuery {
    /// The documents holding all of `terms`, scored as the sum of their BM25
    /// scores; `None` unless there are two or more terms, all of one field.
    pub(crate) fn new(terms: Vec<Term>) -> Option<Self> {
        let field = terms.first()?.field();
        (terms.len() >= 2 && terms.iter().all(|t| t.field() == field))
            .then_some(ConjunctionQuery { terms })
    }

    /// The same query as tantivy's boolean query of term queries.
    fn as_boolean(&self) -> BooleanQuery {
        BooleanQuery::new(
            self.terms
                .iter()
                .map(|term| {
                    let query = TermQuery::new(term.clone(), IndexRecordOption::WithFreqs);
                    (Occur::Must, Box::new(query) as Box<dyn Query>)
                })
                .collect(),
        )
    }
}

impl Query for ConjunctionQuery {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let scores = match scoring {
            EnableScoring::Enabled {
                statistics_provider,
                ..
            } => Some(
                self.terms
                    .iter()
                    .map(|term| {
                        Bm25Weight::for_terms(statistics_provider, std::slice::from_ref(term))
                            .map(|weight| Arc::new(ScoreTable::new(weight)))
                    })
                    .collect::<tantivy::Result<Vec<_>>>()?,
            ),
            EnableScoring::Disabled { .. } => None,
        };
        Ok(Box::new(ConjunctionWeight {
            terms: self.terms.clone(),
            scores,
            explainer: self.as_boolean().weight(scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for term in &self.terms {
            visitor(term, false);
        }
    }
}

struct ConjunctionWeight {
    terms: Vec<Term>,
    /// Each term's BM25 scores by field norm and small frequency; `None`
    /// when scoring is off.
    scores: Option<Vec<Arc<ScoreTable>>>,
    /// The boolean query's weight, which explains a score in tantivy's words.
    explainer: Box<dyn Weight>,
}

impl ConjunctionWeight {
    /// The scorer on one segment, positioned on the first match.
    fn conjunction(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Conjunction> {
        let field = self.terms[0].field();
        let inverted = segment.inverted_index(field)?;
        let option = match self.scores {
            Some(_) => IndexRecordOption::WithFreqs,
            None => IndexRecordOption::Basic,
        };
        let mut cursors = Vec::with_capacity(self.terms.len());
        for (at, term) in self.terms.iter().enumerate() {
            let Some(postings) = inverted.read_block_postings(term, option)? else {
                return Ok(Conjunction::empty());
            };
            let scores = self.scores.as_ref().map(|tables| match boost {
                1.0 => tables[at].clone(),
                // As a term query under a boost query: the weight boosted.
                _ => Arc::new(ScoreTable::new(tables[at].weight.boost_by(boost))),
            });
            cursors.push(Cursor {
                postings,
                at: 0,
                scores,
            });
        }
        // The rarest first, as tantivy's intersection orders its scorers
        // (a stable sort: equals stay in query order).
        cursors.sort_by_key(|c| c.postings.doc_freq());
        let norms = match (&self.scores, segment.fieldnorms_readers().get_field(field)?) {
            (Some(_), Some(norms)) => norms,
            _ => FieldNormReader::constant(segment.max_doc(), 1),
        };
        let mut conjunction = Conjunction {
            freqs: vec![[0; BLOCK]; cursors.len()],
            cursors,
            norms,
            scoring: self.scores.is_some(),
            docs: [0; BLOCK],
            len: 0,
            next: 0,
            done: false,
        };
        conjunction.fill();
        Ok(conjunction)
    }
}

impl Weight for ConjunctionWeight {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.conjunction(segment, boost)?))
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.conjunction(segment, 1.0)?;
        seek_to_explain(&mut scorer, doc)?;
        self.explainer.explain(segment, doc)
    }

    fn for_each(
        &self,
        segment: &SegmentReader,
        callback: &mut dyn FnMut(DocId, Score),
    ) -> tantivy::Result<()> {
        let mut scorer = self.conjunction(segment, 1.0)?;
        while scorer.next < scorer.len {
            for at in scorer.next..scorer.len {
                callback(scorer.docs[at], scorer.score_at(at));
            }
            scorer.fill();
        }
        Ok(())
    }

    fn for_each_no_score(
        &self,
        segment: &SegmentReader,
        callback: &mut dyn FnMut(&[DocId]),
    ) -> tantivy::Result<()> {
        let mut scorer = self.conjunction(segment, 1.0)?;
        while scorer.next < scorer.len {
            callback(&scorer.docs[scorer.next..scorer.len]);
            scorer.fill();
        }
        Ok(())
    }
}

/// Documents in a block of postings.
const BLOCK: usize = 128;

/// Term frequencies whose scores are looked up rather than worked out.
const TABLE_FREQS: usize = 8;

/// A term's BM25 score for each field norm and each frequency below
/// [`TABLE_FREQS`] (most matches): one read instead of a division, worked
/// out once per search by the weight itself, so the same to the last bit.
struct ScoreTable {
    weight: Bm25Weight,
    scores: Box<[[Score; TABLE_FREQS]; 256]>,
}

impl ScoreTable {
    fn new(weight: Bm25Weight) -> Self {
        let mut scores = Box::new([[0.0; TABLE_FREQS]; 256]);
        for (norm, row) in scores.iter_mut().enumerate() {
            for (freq, score) in row.iter_mut().enumerate() {
                *score = weight.score(norm as u8, freq as u32);
            }
        }
        ScoreTable { weight, scores }
    }

    #[inline]
    fn score(&self, norm: u8, freq: u32) -> Score {
        match self.scores[norm as usize].get(freq as usize) {
            Some(&score) => score,
            None => self.weight.score(norm, freq),
        }
    }
}

/// One term's postings, a block at a time, with what scores it.
struct Cursor {
    postings: BlockSegmentPostings,
    /// The place of the current document in the loaded block.
    at: usize,
    scores: Option<Arc<ScoreTable>>,
}

impl Cursor {
    /// The current document (`TERMINATED` past the last).
    #[inline]
    fn doc(&self) -> DocId {
        self.postings.doc(self.at)
    }

    /// Moves to the first document at or after `target` and returns it:
    /// forward within the loaded block when it ends at or after `target`,
    /// else by the skip list to the block that may hold it.
    #[inline]
    fn seek(&mut self, target: DocId) -> DocId {
        let docs = self.postings.docs();
        if docs.last().is_some_and(|&last| last >= target) {
            let mut at = self.at;
            while docs[at] < target {
                at += 1;
            }
            self.at = at;
            return docs[at];
        }
        self.at = self.postings.seek(target);
        self.doc()
    }
}

/// The matches of a segment, a leader's block at a time (see the module
/// documentation).
struct Conjunction {
    /// The rarest term first.
    cursors: Vec<Cursor>,
    norms: FieldNormReader,
    scoring: bool,
    /// The matches found, `docs[next..len]` not yet passed.
    docs: [DocId; BLOCK],
    /// Each cursor's term frequency of each match, when scoring.
    freqs: Vec<[u32; BLOCK]>,
    len: usize,
    next: usize,
    /// Whether the leader has no more documents to offer.
    done: bool,
}

impl Conjunction {
    fn empty() -> Self {
        Conjunction {
            cursors: Vec::new(),
            norms: FieldNormReader::constant(0, 1),
            scoring: false,
            docs: [0; BLOCK],
            freqs: Vec::new(),
            len: 0,
            next: 0,
            done: true,
        }
    }

    /// Finds the matches among the leader's documents from its current one
    /// to the end of its block, and of the blocks after until one matches;
    /// leaves `done` set when the leader has no more documents.
    fn fill(&mut self) {
        let Conjunction {
            cursors,
            scoring,
            docs: matches,
            freqs,
            len,
            next,
            done,
            ..
        } = self;
        *len = 0;
        *next = 0;
        let Some((leader, others)) = cursors.split_first_mut() else {
            *done = true;
            return;
        };
        let mut found_count = 0;
        while !*done && found_count == 0 {
            let docs = leader.postings.docs();
            let mut at = leader.at;
            // The first document a match may be, once the leader's block is read.
            let mut resume = docs
                .last()
                .map_or(TERMINATED, |&last| last.saturating_add(1));
            'leader: while at < docs.len() {
                let candidate = docs[at];
                for (term, other) in others.iter_mut().enumerate() {
                    let found = other.seek(candidate);
                    if found != candidate {
                        // No match before `found`: pass the leader's documents below it.
                        at += 1;
                        while at < docs.len() && docs[at] < found {
                            at += 1;
                        }
                        resume = resume.max(found);
                        continue 'leader;
                    }
                    if *scoring {
                        freqs[term + 1][found_count] = other.postings.freq(other.at);
                    }
                }
                matches[found_count] = candidate;
                if *scoring {
                    freqs[0][found_count] = leader.postings.freq(at);
                }
                found_count += 1;
                at += 1;
            }
            if resume >= TERMINATED {
                *done = true;
                break;
            }
            leader.at = leader.postings.seek(resume);
            if leader.doc() == TERMINATED {
                *done = true;
            }
        }
        *len = found_count;
    }

    /// The score of the match at `at` in the buffer: the terms' BM25 scores
    /// added as tantivy's intersection adds them.
    #[inline]
    fn score_at(&self, at: usize) -> Score {
        let norm = self.norms.fieldnorm_id(self.docs[at]);
        let term = |t: usize| {
            self.cursors[t]
                .scores
                .as_ref()
                .map_or(1.0, |table| table.score(norm, self.freqs[t][at]))
        };
        let rest: Score = (2..self.cursors.len()).map(term).sum();
        term(0) + term(1) + rest
    }
}

impl DocSet for Conjunction {
    fn advance(&mut self) -> DocId {
        self.next += 1;
        if self.next >= self.len && !self.done {
            self.fill();
        }
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        while self.next < self.len && self.docs[self.next] < target {
            self.next += 1;
        }
        if self.next < self.len || self.done {
            return self.doc();
        }
        // Past the buffer: the leader jumps to the target and reads on from there.
        if let Some(leader) = self.cursors.first_mut()
            && leader.seek(target) == TERMINATED
        {
            self.done = true;
        }
        self.fill();
        self.doc()
    }

    #[inline]
    fn doc(&self) -> DocId {
        if self.next < self.len {
            self.docs[self.next]
        } else {
            TERMINATED
        }
    }

    fn size_hint(&self) -> u32 {
        self.cursors
            .first()
            .map_or(0, |leader| leader.postings.doc_freq())
    }
}

impl Scorer for Conjunction {
    #[inline]
    fn score(&mut self) -> Score {
        if self.next < self.len {
            self.score_at(self.next)
        } else {
            0.0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_index::{assert_same_matches, index};
    use tantivy::collector::{Count, TopDocs};

    #[test]
    fn matches_and_scores_as_tantivys_intersection() {
        let (index, title, body) = index();
        let searcher = index.reader().expect("reader").searcher();
        let queries: Vec<Vec<&str>> = vec![
            vec!["alpha", "beta"],
            vec!["omega", "alpha"],
            vec!["beta", "gamma", "omega"],
            vec!["alpha", "beta", "gamma", "delta"],
            vec!["delta", "delta"],
            vec!["delta", "missing"],
        ];
        for field in [title, body] {
            for words in &queries {
                let terms: Vec<Term> = words
                    .iter()
                    .map(|w| Term::from_field_text(field, w))
                    .collect();
                let ours = ConjunctionQuery::new(terms).expect("two terms");
                let theirs = ours.as_boolean();
                assert_same_matches(&searcher, &ours, &theirs, &format!("{words:?}"));
                // To the last bit, as tantivy's intersection adds the words
                // when it scores every match (a tweaked score is not pruned).
                let top = |q: &dyn Query| {
                    let every = TopDocs::with_limit(4000)
                        .tweak_score(|_: &SegmentReader| |_: DocId, score: Score| score);
                    searcher.search(q, &every).expect("top")
                };
                assert_eq!(top(&ours), top(&theirs), "{words:?}");
            }
        }
        // The vocabulary makes the test bite: some words are common, "omega" rarer.
        let count = |words: &[&str]| {
            let terms = words
                .iter()
                .map(|w| Term::from_field_text(body, w))
                .collect();
            let query = ConjunctionQuery::new(terms).expect("two terms");
            searcher.search(&query, &Count).expect("count")
        };
        assert!(count(&["omega", "alpha"]) > 0);
        assert!(count(&["omega", "alpha"]) * 4 < count(&["beta", "alpha"]));
    }
}
