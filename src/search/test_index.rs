//! A small index for the query structures' unit tests.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::Query;
use tantivy::schema::{Schema, TEXT};
use tantivy::{DocAddress, Index, IndexWriter, Score, Searcher, TantivyDocument, doc};

/// An index of documents whose title and body hold pseudo-random words
/// of a small vocabulary, in several segments.
pub(crate) fn index() -> (Index, tantivy::schema::Field, tantivy::schema::Field) {
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", TEXT);
    let body = schema.add_text_field("body", TEXT);
    let index = Index::create_in_ram(schema.build());
    let mut writer: IndexWriter<TantivyDocument> = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    let words = ["alpha", "beta", "gamma", "delta", "omega"];
    let mut state = 7u64;
    let mut next = || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    for n in 0..3000 {
        let pick = |r: usize, k: usize| -> String {
            (0..k)
                .map(|i| words[(r >> (3 * i)) % words.len()])
                .filter(|w| *w != "omega" || r.is_multiple_of(7))
                .collect::<Vec<_>>()
                .join(" ")
        };
        let t = pick(next(), 2);
        let b = pick(next(), 6);
        writer
            .add_document(doc!(title => t, body => b))
            .expect("add");
        if (n + 1) % 1000 == 0 {
            writer.commit().expect("commit");
        }
    }
    writer.commit().expect("commit");
    (index, title, body)
}

/// Asserts that two queries match the same documents with the same scores,
/// but for the order in which an intersection adds its clauses (the last bits).
pub(crate) fn assert_same_matches(
    searcher: &Searcher,
    ours: &dyn Query,
    theirs: &dyn Query,
    what: &str,
) {
    let collector = (Count, TopDocs::with_limit(4000).order_by_score());
    let (our_count, our_top) = searcher.search(ours, &collector).expect("ours");
    let (their_count, their_top) = searcher.search(theirs, &collector).expect("theirs");
    assert_eq!(our_count, their_count, "{what}");
    let sorted = |mut top: Vec<(Score, DocAddress)>| {
        top.sort_by_key(|a| a.1);
        top
    };
    let (ours, theirs) = (sorted(our_top), sorted(their_top));
    assert_eq!(ours.len(), theirs.len(), "{what}");
    for (a, b) in ours.iter().zip(&theirs) {
        assert_eq!(a.1, b.1, "{what}");
        assert!((a.0 - b.0).abs() <= a.0.abs() * 1e-6, "{what}: {a:?} {b:?}");
    }
}
