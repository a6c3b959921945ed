//! The activities' ids in the index, as each segment's column of ids.
//!
//! An id is the date and up to 80 characters of the title's slug, so nearly
//! every one is long and its own from its date on. Indexed as a term, each
//! id grew the term dictionary (an FST) by a node a byte: that was 401 M of
//! the 8,537 M instructions that indexing 10,000 generated entries took,
//! nearly all the dictionary's cost. A column of strings sorts its values
//! once and writes them as blocks, for 52 M. The lookups are few (an id
//! typed to `show` or `similar`, or the ids an update deals), so a scan of
//! a column's ordinals serves them.

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

/// Every id of `segment` with its documents, deleted ones included, in
/// the order of the ids.
pub fn ids_and_documents(segment: &SegmentReader) -> tantivy::Result<Vec<(String, Vec<DocId>)>> {
    let Some(column) = column(segment)? else {
        return Ok(Vec::new());
    };
    let mut documents: Vec<Vec<DocId>> = vec![Vec::new(); column.dictionary().num_terms()];
    for doc in 0..segment.max_doc() {
        for ord in column.term_ords(doc) {
            if let Some(held) = documents.get_mut(ord as usize) {
                held.push(doc);
            }
        }
    }
    let mut out = Vec::with_capacity(documents.len());
    let mut stream = column.dictionary().stream()?;
    while stream.advance() {
        let Some(held) = documents.get_mut(stream.term_ord() as usize) else {
            continue;
        };
        if let Ok(id) = std::str::from_utf8(stream.key()) {
            out.push((id.to_string(), std::mem::take(held)));
        }
    }
    Ok(out)
}
