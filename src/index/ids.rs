//! The activities' ids in the index, as each segment's column of ids.
//!
//! An id is the date and up to 80 characters of the title's slug, so nearly
//! every one is long and its own from its date on. Indexed as a term, each
//! id grew the term dictionary (an FST) by a node a byte: that was 401 M of
//! the 8,537 M instructions that indexing 10,000 generated entries took,
//! nearly all the dictionary's cost. A column of strings sorts its values
//! once and writes them as blocks, for 52 M. An id typed to `show` or
//! `similar` is found by a scan of the column's ordinals; an update, which
//! asks about every id it deals, groups each segment's documents by their
//! id's ordinal once ([`SegmentIds`]).

use tantivy::columnar::StrColumn;
use tantivy::{DocAddress, DocId, Searcher, SegmentReader};

use crate::index::schema::ID;

/// The column of ids of `segment`; `None` when it holds no document.
fn column(segment: &SegmentReader) -> tantivy::Result<Option<StrColumn>> {
    segment.fast_fields().str(ID)
}

/// The documents of `segment` whose id is `id`, deleted ones included.
pub fn documents_with_id(segment: &SegmentReader, id: &str) -> tantivy::Result<Vec<DocId>> {
    let mut docs = Vec::new();
    let Some(column) = column(segment)? else {
        return Ok(docs);
    };
    let Some(ord) = column.dictionary().term_ord(id.as_bytes())? else {
        return Ok(docs);
    };
    column
        .ords()
        .get_docids_for_value_range(ord..=ord, 0..segment.max_doc(), &mut docs);
    Ok(docs)
}

/// The first document of the searcher's that is not deleted and has this
/// id, in segment order.
pub fn live_document_with_id(searcher: &Searcher, id: &str) -> tantivy::Result<Option<DocAddress>> {
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in documents_with_id(segment, id)? {
            if !segment.is_deleted(doc) {
                return Ok(Some(DocAddress::new(ord as u32, doc)));
            }
        }
    }
    Ok(None)
}

/// The ids of each segment that start with `prefix`, in order, at most
/// `cap` a segment (deleted documents' ids included), and whether a
/// segment held more.
pub fn ids_starting(
    searcher: &Searcher,
    prefix: &str,
    cap: usize,
) -> tantivy::Result<(Vec<String>, bool)> {
    let mut ids = Vec::new();
    let mut capped = false;
    for segment in searcher.segment_readers() {
        let Some(column) = column(segment)? else {
            continue;
        };
        let mut stream = column
            .dictionary()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        let mut taken = 0;
        while stream.advance() {
            let Ok(id) = std::str::from_utf8(stream.key()) else {
                break;
            };
            if !id.starts_with(prefix) {
                break;
            }
            if taken == cap {
                capped = true;
                break;
            }
            taken += 1;
            ids.push(id.to_string());
        }
    }
    Ok((ids, capped))
}

/// A segment's ids, each with its documents (deleted ones included), for
/// the many lookups of an update: the documents grouped by their id's
/// ordinal in the column once, then an id found by its ordinal.
pub struct SegmentIds {
    column: StrColumn,
    /// Where the documents of each ordinal start in `docs`; one more
    /// than there are ordinals.
    starts: Vec<u32>,
    docs: Vec<DocId>,
}

impl SegmentIds {
    /// The ids of `segment`; `None` when it holds no document.
    pub fn read(segment: &SegmentReader) -> tantivy::Result<Option<SegmentIds>> {
        let Some(column) = column(segment)? else {
            return Ok(None);
        };
        let ords = column.dictionary().num_terms();
        let mut starts = vec![0u32; ords + 1];
        for doc in 0..segment.max_doc() {
            for ord in column.term_ords(doc) {
                if let Some(count) = starts.get_mut(ord as usize + 1) {
                    *count += 1;
                }
            }
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut docs = vec![0; starts.last().copied().unwrap_or(0) as usize];
        for doc in 0..segment.max_doc() {
            for ord in column.term_ords(doc) {
                if let Some(at) = next.get_mut(ord as usize)
                    && let Some(slot) = docs.get_mut(*at as usize)
                {
                    *slot = doc;
                    *at += 1;
                }
            }
        }
        Ok(Some(SegmentIds {
            column,
            starts,
            docs,
        }))
    }

    /// The documents of the id of this ordinal.
    fn of_ord(&self, ord: u64) -> &[DocId] {
        let at = ord as usize;
        match (self.starts.get(at), self.starts.get(at + 1)) {
            (Some(&from), Some(&to)) => self.docs.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The documents whose id is `id`.
    pub fn documents(&self, id: &str) -> tantivy::Result<&[DocId]> {
        Ok(match self.column.dictionary().term_ord(id.as_bytes())? {
            Some(ord) => self.of_ord(ord),
            None => &[],
        })
    }

    /// Each id, in order, with its documents.
    pub fn for_each(&self, mut each: impl FnMut(&str, &[DocId])) -> tantivy::Result<()> {
        let mut stream = self.column.dictionary().stream()?;
        while stream.advance() {
            if let Ok(id) = std::str::from_utf8(stream.key()) {
                each(id, self.of_ord(stream.term_ord()));
            }
        }
        Ok(())
    }
}
