//! The date filter: activities that overlap `[from, to]`, tested on each
//! segment's start and end days held as plain arrays.
//!
//! A range query on a fast-field column decodes the column block by block to
//! find the documents in range; this filter reads two array cells of the
//! document it is asked about, stepping over blocks of documents none of
//! which can match. The arrays are read once per commit (the start days
//! also break ties in relevance).

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, TantivyError};

use crate::index::schema::{END_DAY, START_DAY, TIE};

/// A day column of every segment.
pub(crate) type DayColumns = HashMap<SegmentId, Arc<DayColumn>>;

/// Documents per block of a [`DayColumn`]'s summary.
const BLOCK: usize = 64;

/// One segment's days in document order (`i64::MIN` where a document has
/// none), and the lowest and highest day of each block of [`BLOCK`]
/// documents, so the filter steps over a block no document of which can
/// match (bulletins are indexed in date order: most blocks are all in or
/// all out of a date range).
#[derive(Debug, Default)]
pub(crate) struct DayColumn {
    pub days: Vec<i64>,
    lowest: Vec<i64>,
    highest: Vec<i64>,
}

impl DayColumn {
    pub(crate) fn new(days: Vec<i64>) -> Self {
        let lowest = days
            .chunks(BLOCK)
            .map(|block| block.iter().copied().min().unwrap_or(i64::MIN))
            .collect();
        let highest = days
            .chunks(BLOCK)
            .map(|block| block.iter().copied().max().unwrap_or(i64::MIN))
            .collect();
        DayColumn {
            days,
            lowest,
            highest,
        }
    }
}

/// Reads a day column (`start_day` or `end_day`) of every segment.
pub(crate) fn read_days(searcher: &Searcher, column: &str) -> DayColumns {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            (
                segment.segment_id(),
                Arc::new(segment_days(segment, column)),
            )
        })
        .collect()
}

/// The rank of each document's start day (from `start_days`, as
/// [`read_days`] gives them) with its tie key: ordered by the day (no day
/// below every day), then by [`tie_key`](crate::index::schema::tie_key), so
/// that activities of one day keep one order from build to build.
pub(crate) fn read_ranked_days(searcher: &Searcher, start_days: &DayColumns) -> DayColumns {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            let days = start_days
                .get(&segment.segment_id())
                .map_or(&[][..], |column| column.days.as_slice());
            let ties = segment
                .fast_fields()
                .u64(TIE)
                .map(|column| column.first_or_default_col(0));
            let ranked = days
                .iter()
                .enumerate()
                .map(|(doc, &day)| {
                    // Tie keys are 32-bit (`tie_key`).
                    let tie = ties
                        .as_ref()
                        .map_or(0, |column| column.get_val(doc as DocId) as u32);
                    ranked_day(day, tie)
                })
                .collect();
            (segment.segment_id(), Arc::new(DayColumn::new(ranked)))
        })
        .collect()
}

/// A day (`i64::MIN` for none) and a tie key in one number that orders as
/// the pair. Days lie far inside ±2³¹, so the shifted day keeps its order.
pub(crate) fn ranked_day(day: i64, tie: u32) -> i64 {
    if day == i64::MIN {
        i64::MIN | i64::from(tie)
    } else {
        (day << 32) | i64::from(tie)
    }
}

/// A dated [`ranked_day`] with its day negated and its tie key kept: the
/// highest first lists the earliest day first, and the activities of one
/// day in the order the latest day first lists them, so that flipping the
/// date order flips only the days. Its own inverse.
pub(crate) fn earliest_first(ranked: i64) -> i64 {
    ((-(ranked >> 32)) << 32) | (ranked & 0xFFFF_FFFF)
}

/// Whether a [`ranked_day`] stands for no day.
pub(crate) fn is_undated(ranked: i64) -> bool {
    ranked <= i64::MIN | 0xFFFF_FFFF
}

fn segment_days(segment: &SegmentReader, column: &str) -> DayColumn {
    DayColumn::new(match segment.fast_fields().i64(column) {
        Ok(values) => {
            let values = values.first_or_default_col(i64::MIN);
            (0..segment.max_doc())
                .map(|doc| values.get_val(doc))
                .collect()
        }
        Err(_) => Vec::new(),
    })
}

/// Activities that start by `to` and end from `from` on (either bound may be
/// open); a document without the day a bound tests does not match it. Each
/// match scores `1 × boost`, as a range query does.
#[derive(Clone)]
pub(crate) struct DaySpanQuery {
    from: Option<i64>,
    to: Option<i64>,
    starts: Arc<DayColumns>,
    /// Only a `from` bound reads end days.
    ends: Option<Arc<DayColumns>>,
}

impl std::fmt::Debug for DaySpanQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DaySpanQuery")
            .field("from", &self.from)
            .field("to", &self.to)
            .finish_non_exhaustive()
    }
}

impl DaySpanQuery {
    pub(crate) fn new(
        from: Option<i64>,
        to: Option<i64>,
        starts: Arc<DayColumns>,
        ends: Option<Arc<DayColumns>>,
    ) -> Self {
        DaySpanQuery {
            from,
            to,
            starts,
            ends,
        }
    }

    /// A bound's days on a segment: none when the bound is open; else from
    /// the columns read for this commit, or read now for a segment they do
    /// not cover.
    fn days(
        bound: Option<i64>,
        columns: Option<&DayColumns>,
        segment: &SegmentReader,
        column: &str,
    ) -> Arc<DayColumn> {
        if bound.is_none() {
            return Arc::default();
        }
        columns
            .and_then(|columns| columns.get(&segment.segment_id()).cloned())
            .unwrap_or_else(|| Arc::new(segment_days(segment, column)))
    }

    fn docs(&self, segment: &SegmentReader) -> DaySpanDocs {
        DaySpanDocs::new(
            self.from,
            self.to,
            Self::days(self.to, Some(&self.starts), segment, START_DAY),
            Self::days(self.from, self.ends.as_deref(), segment, END_DAY),
            segment.max_doc(),
        )
    }
}

impl Query for DaySpanQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for DaySpanQuery {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ConstScorer::new(self.docs(segment), boost)))
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        if self.docs(segment).test.matches(doc) {
            Ok(Explanation::new("activity overlaps the date range", 1.0))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "document #({doc}) is outside the date range"
            )))
        }
    }
}

/// A test of a segment's documents that finds the first one it keeps at or
/// after a given one ([`TERMINATED`] when none is left).
pub(crate) trait FirstKept {
    fn first_from(&self, doc: DocId) -> DocId;
    fn max_doc(&self) -> DocId;
}

/// The documents a [`FirstKept`] test keeps, as a `DocSet`: the filters of
/// dates and of an activity's parts.
pub(crate) struct KeptDocs<T> {
    pub test: T,
    doc: DocId,
}

impl<T: FirstKept> KeptDocs<T> {
    pub(crate) fn of(test: T) -> Self {
        let doc = test.first_from(0);
        KeptDocs { test, doc }
    }
}

impl<T: FirstKept + Send> DocSet for KeptDocs<T> {
    fn advance(&mut self) -> DocId {
        if self.doc != TERMINATED {
            self.doc = self.test.first_from(self.doc + 1);
        }
        self.doc
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if self.doc != TERMINATED && self.doc < target {
            self.doc = self.test.first_from(target);
        }
        self.doc
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.test.max_doc()
    }
}

/// The documents of one segment in a day span.
type DaySpanDocs = KeptDocs<DaySpan>;

/// The test of a day span on one segment.
struct DaySpan {
    from: Option<i64>,
    to: Option<i64>,
    starts: Arc<DayColumn>,
    ends: Arc<DayColumn>,
    max_doc: DocId,
}

impl DaySpanDocs {
    fn new(
        from: Option<i64>,
        to: Option<i64>,
        starts: Arc<DayColumn>,
        ends: Arc<DayColumn>,
        max_doc: DocId,
    ) -> Self {
        KeptDocs::of(DaySpan {
            from,
            to,
            starts,
            ends,
            max_doc,
        })
    }
}

impl DaySpan {
    fn matches(&self, doc: DocId) -> bool {
        let at = doc as usize;
        let starts_by = |to: i64| {
            self.starts
                .days
                .get(at)
                .is_some_and(|&start| start != i64::MIN && start <= to)
        };
        let ends_from = |from: i64| {
            self.ends
                .days
                .get(at)
                .is_some_and(|&end| end != i64::MIN && end >= from)
        };
        self.to.is_none_or(starts_by) && self.from.is_none_or(ends_from)
    }

    /// Whether no document of block `block` can match.
    fn block_out(&self, block: usize) -> bool {
        let starts_late = |to: i64| self.starts.lowest.get(block).is_some_and(|&low| low > to);
        let ends_early = |from: i64| {
            self.ends
                .highest
                .get(block)
                .is_some_and(|&high| high < from)
        };
        self.to.is_some_and(starts_late) || self.from.is_some_and(ends_early)
    }
}

impl FirstKept for DaySpan {
    /// The first matching document at or after `doc`.
    fn first_from(&self, mut doc: DocId) -> DocId {
        while doc < self.max_doc {
            let block = doc as usize / BLOCK;
            if self.block_out(block) {
                doc = ((block + 1) * BLOCK) as DocId;
                continue;
            }
            if self.matches(doc) {
                return doc;
            }
            doc += 1;
        }
        TERMINATED
    }

    fn max_doc(&self) -> DocId {
        self.max_doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_first_flips_the_days_and_keeps_the_ties() {
        let ranked = [(19_000, 7), (19_000, 3), (18_999, u32::MAX), (19_001, 0)];
        let mut keys: Vec<i64> = ranked
            .iter()
            .map(|&(day, tie)| earliest_first(ranked_day(day, tie)))
            .collect();
        for (key, &(day, tie)) in keys.iter().zip(&ranked) {
            assert_eq!(earliest_first(*key), ranked_day(day, tie));
        }
        keys.sort_by(|a, b| b.cmp(a));
        let order: Vec<(i64, u32)> = keys
            .iter()
            .map(|&key| {
                let rank = earliest_first(key);
                (rank >> 32, (rank & 0xFFFF_FFFF) as u32)
            })
            .collect();
        assert_eq!(
            order,
            [(18_999, u32::MAX), (19_000, 7), (19_000, 3), (19_001, 0)]
        );
    }

    /// Documents 0..6: (start, end) days, `i64::MIN` for a document without one.
    fn docs(from: Option<i64>, to: Option<i64>) -> DaySpanDocs {
        let none = i64::MIN;
        let spans = [
            (10, 12),
            (none, none),
            (20, 20),
            (5, 30),
            (none, 15),
            (31, 40),
        ];
        DaySpanDocs::new(
            from,
            to,
            Arc::new(DayColumn::new(spans.iter().map(|s| s.0).collect())),
            Arc::new(DayColumn::new(spans.iter().map(|s| s.1).collect())),
            spans.len() as DocId,
        )
    }

    fn all(mut docs: DaySpanDocs) -> Vec<DocId> {
        let mut out = Vec::new();
        while docs.doc() != TERMINATED {
            out.push(docs.doc());
            docs.advance();
        }
        out
    }

    #[test]
    fn keeps_the_spans_that_overlap_and_drops_documents_without_the_day_a_bound_tests() {
        // Overlapping [12, 20]: starts by 20 and ends from 12 on.
        assert_eq!(all(docs(Some(12), Some(20))), vec![0, 2, 3]);
        // Only a lower bound: the end day is tested, the start day is not.
        assert_eq!(all(docs(Some(15), None)), vec![2, 3, 4, 5]);
        // Only an upper bound: the start day is tested.
        assert_eq!(all(docs(None, Some(10))), vec![0, 3]);
        assert_eq!(all(docs(Some(41), None)), Vec::<DocId>::new());
    }

    #[test]
    fn seeks_to_the_first_match_at_or_after_the_target() {
        let mut span = docs(Some(12), Some(20));
        assert_eq!(span.seek(1), 2);
        assert_eq!(span.seek(2), 2, "seeking where it stands stays");
        assert_eq!(span.seek(4), TERMINATED);
        assert_eq!(span.advance(), TERMINATED);
        let mut span = docs(Some(15), None);
        assert!(!span.test.matches(1) && span.test.matches(4));
        assert_eq!(span.seek(5), 5);
    }

    #[test]
    fn steps_over_blocks_and_finds_what_a_scan_of_every_document_finds() {
        // 1,000 documents in date order, a few without days, spans of 0-4 days.
        let n = 1000;
        let starts: Vec<i64> = (0..n)
            .map(|d| if d % 97 == 0 { i64::MIN } else { d / 3 })
            .collect();
        let ends: Vec<i64> = (0..n)
            .map(|d| if d % 89 == 0 { i64::MIN } else { d / 3 + d % 5 })
            .collect();
        for (from, to) in [
            (Some(100), Some(120)),
            // A block's lowest start (document 320) and highest end (189) on a bound.
            (Some(100), Some(106)),
            (Some(67), Some(70)),
            (Some(0), Some(0)),
            (None, Some(50)),
            (Some(300), None),
            (Some(400), Some(300)),
        ] {
            let span = DaySpanDocs::new(
                from,
                to,
                Arc::new(DayColumn::new(starts.clone())),
                Arc::new(DayColumn::new(ends.clone())),
                n as DocId,
            );
            let expected: Vec<DocId> = (0..n as DocId)
                .filter(|&d| {
                    let (start, end) = (starts[d as usize], ends[d as usize]);
                    to.is_none_or(|to| start != i64::MIN && start <= to)
                        && from.is_none_or(|from| end != i64::MIN && end >= from)
                })
                .collect();
            for target in [0, 63, 64, 200, 301, 999] {
                let mut seeking = DaySpanDocs::new(
                    from,
                    to,
                    span.test.starts.clone(),
                    span.test.ends.clone(),
                    n as DocId,
                );
                let next = expected.iter().copied().find(|&d| d >= target);
                assert_eq!(seeking.seek(target), next.unwrap_or(TERMINATED));
            }
            assert_eq!(all(span), expected, "{from:?}..{to:?}");
        }
    }
}
