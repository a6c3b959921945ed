//! The best matches by relevance: the highest score first; among equal
//! scores the newest activity (the latest start day), then the activity's
//! tie key (both in one ranked day, [`crate::search::days::ranked_day`]), so
//! that ties keep one order from build to build; index order only among
//! activities whose tie keys are equal too.
//!
//! tantivy's `TopDocs` with a tweaked score builds the (score, day) pair of
//! every match and compares whole pairs, although nearly every match of a
//! broad query scores below the worst hit kept so far and needs neither.
//! [`RelevanceTop`] turns those away on the score alone and reads the day
//! only of a match that may enter the page. The hits, their order and their
//! ties are those of `TopDocs`.

use std::cmp::Ordering;
use std::sync::Arc;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::query::Weight;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::search::days::{DayColumn, DayColumns};

/// What a hit is ranked by: its score and its start day (`i64::MIN`
/// without one).
pub(crate) type Rank = (Score, i64);

/// A ranked hit.
pub(crate) type Ranked = (Rank, DocAddress);

/// Collects the `limit` best matches after the first `offset`.
pub(crate) struct RelevanceTop {
    limit: usize,
    offset: usize,
    days: Arc<DayColumns>,
}

impl RelevanceTop {
    /// The `limit` best matches after the first `offset`, ties broken by the
    /// start days in `days`.
    pub(crate) fn new(limit: usize, offset: usize, days: Arc<DayColumns>) -> Self {
        RelevanceTop {
            limit,
            offset,
            days,
        }
    }
}

/// The order of hits: higher score, then later day, then lower address.
pub(crate) fn order(a: &Ranked, b: &Ranked) -> Ordering {
    b.0.0
        .total_cmp(&a.0.0)
        .then(b.0.1.cmp(&a.0.1))
        .then(a.1.cmp(&b.1))
}

impl Collector for RelevanceTop {
    type Fruit = Vec<Ranked>;
    type Child = SegmentRelevanceTop;

    fn for_segment(
        &self,
        segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentRelevanceTop> {
        let keep = self.offset + self.limit;
        Ok(SegmentRelevanceTop {
            keep,
            segment: segment_ord,
            days: self.days.get(&segment.segment_id()).cloned(),
            best: Vec::with_capacity(2 * keep),
            floor: None,
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    /// Alone (not in a tuple with other collectors), the top hits pass over
    /// what cannot reach them: tantivy's block-max pruning skips the blocks
    /// of a word's postings whose best score is below the worst hit kept.
    fn collect_segment(
        &self,
        weight: &dyn Weight,
        segment_ord: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Vec<Ranked>> {
        let mut segment = self.for_segment(segment_ord, reader)?;
        let alive = reader.alive_bitset();
        weight.for_each_pruning(Score::MIN, reader, &mut |doc, score| {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                segment.collect(doc, score);
            }
            segment.threshold()
        })?;
        Ok(segment.harvest())
    }

    fn merge_fruits(&self, fruits: Vec<Vec<Ranked>>) -> tantivy::Result<Vec<Ranked>> {
        let mut all: Vec<Ranked> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(order);
        Ok(all.into_iter().skip(self.offset).take(self.limit).collect())
    }
}

/// [`RelevanceTop`] on one segment.
pub(crate) struct SegmentRelevanceTop {
    /// How many hits the segment gives (`offset + limit`).
    keep: usize,
    segment: SegmentOrdinal,
    days: Option<Arc<DayColumn>>,
    /// Candidates, cut back to the best `keep` when twice that many.
    best: Vec<Ranked>,
    /// The rank of the worst hit kept at the last cut, once there was one.
    floor: Option<Rank>,
}

impl SegmentRelevanceTop {
    /// Keeps the best `keep` candidates and raises the floor to the worst of them.
    fn cut(&mut self) {
        if self.keep == 0 {
            self.best.clear();
            return;
        }
        let (_, worst, _) = self.best.select_nth_unstable_by(self.keep - 1, order);
        self.floor = Some(worst.0);
        self.best.truncate(self.keep);
    }

    /// The score a match must exceed to be offered: a little below the
    /// floor's, since a match that ties with the floor may still rank above
    /// it by its day.
    fn threshold(&self) -> Score {
        match self.floor {
            None => Score::MIN,
            Some((score, _)) => {
                score - (score.abs() * 16.0 * Score::EPSILON).max(Score::MIN_POSITIVE)
            }
        }
    }
}

impl SegmentCollector for SegmentRelevanceTop {
    type Fruit = Vec<Ranked>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if let Some((floor_score, _)) = self.floor
            && score < floor_score
        {
            return;
        }
        let day = self
            .days
            .as_ref()
            .and_then(|column| column.days.get(doc as usize).copied())
            .unwrap_or(i64::MIN);
        // Documents come in increasing order, so one that ties with the
        // floor on score and day ranks after it.
        if let Some((floor_score, floor_day)) = self.floor
            && score.total_cmp(&floor_score).then(day.cmp(&floor_day)) != Ordering::Greater
        {
            return;
        }
        self.best
            .push(((score, day), DocAddress::new(self.segment, doc)));
        if self.best.len() >= 2 * self.keep.max(1) {
            self.cut();
        }
    }

    fn harvest(mut self) -> Vec<Ranked> {
        if self.best.len() > self.keep {
            self.cut();
        }
        self.best
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::test_index;
    use tantivy::Term;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
    use tantivy::schema::IndexRecordOption;

    /// The same hits, in the same order, as tantivy's `TopDocs` ranking by
    /// (score, day), on a small vocabulary whose documents tie on score by
    /// the hundred, with days that tie too and documents without one.
    #[test]
    fn ranks_as_top_docs_with_the_day_as_tie_break() {
        let (index, title, body) = test_index::index();
        let searcher = index.reader().expect("reader").searcher();
        let days: DayColumns = searcher
            .segment_readers()
            .iter()
            .map(|segment| {
                let days = (0..segment.max_doc())
                    .map(|doc| match doc % 11 {
                        0 => i64::MIN,
                        n => i64::from(n % 4),
                    })
                    .collect();
                (segment.segment_id(), Arc::new(DayColumn::new(days)))
            })
            .collect();
        let days = Arc::new(days);
        let term = |field, word: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            ))
        };
        let queries: Vec<(&str, Box<dyn Query>)> = vec![
            ("alpha in body", term(body, "alpha")),
            ("omega in title", term(title, "omega")),
            (
                "beta in title or body",
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, term(title, "beta")),
                    (Occur::Should, term(body, "beta")),
                ])),
            ),
            (
                "gamma and delta",
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, term(body, "gamma")),
                    (Occur::Must, term(body, "delta")),
                ])),
            ),
        ];
        for (what, query) in &queries {
            for (limit, offset) in [(1, 0), (10, 0), (10, 7), (100, 0), (3, 40), (1000, 0)] {
                let column_days = days.clone();
                let expected = searcher
                    .search(
                        query.as_ref(),
                        &TopDocs::with_limit(limit).and_offset(offset).tweak_score(
                            move |segment: &SegmentReader| {
                                let column = column_days.get(&segment.segment_id()).cloned();
                                move |doc: DocId, score: Score| {
                                    let day = column
                                        .as_ref()
                                        .and_then(|c| c.days.get(doc as usize).copied());
                                    (score, day.unwrap_or(i64::MIN))
                                }
                            },
                        ),
                    )
                    .expect("top docs");
                let ours = searcher
                    .search(
                        query.as_ref(),
                        &RelevanceTop::new(limit, offset, days.clone()),
                    )
                    .expect("relevance top");
                assert_eq!(ours, expected, "{what}, limit {limit}, offset {offset}");
                let ties = ours.windows(2).filter(|w| w[0].0.0 == w[1].0.0).count();
                if limit == 1000 {
                    assert!(ties >= 100, "{what}: too few ties to test ({ties})");
                }
            }
        }
    }
}
