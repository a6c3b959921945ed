//! The tantivy schema of an activity record. Field names are the constants here.

use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::index::analyzer::ANALYZER;

pub const ID: &str = "id";
pub const FILE: &str = "file";
pub const TITLE: &str = "title";
pub const TEXT: &str = "text";
pub const RECORD: &str = "record";
pub const PLACE: &str = "place";
pub const CITY: &str = "city";
pub const PROGRAMME: &str = "programme";
pub const DONOR: &str = "donor";
pub const SDG: &str = "sdg";
pub const MENTIONED: &str = "mentioned";
pub const MONTH: &str = "month";
pub const START_DAY: &str = "start_day";
pub const END_DAY: &str = "end_day";
pub const ONLINE: &str = "online";
pub const TIE: &str = "tie";
/// The parts of an activity of several parts (see `search::events`).
pub const EVENTS: &str = "events";

/// What breaks a tie between two activities of the same score and start
/// day (or the same start day, when sorted by date): a hash of the id, the
/// same however and in whatever order the index was built. Without it the
/// order of ties came from the indexing threads and changed from build to
/// build.
pub fn tie_key(id: &str) -> u32 {
    (xxhash_rust::xxh3::xxh3_64(id.as_bytes()) >> 32) as u32
}

/// Bumped whenever the schema or what an index stores changes; an index
/// of another version is rebuilt by the next `bulletin index` (or the update
/// before a search), and an index of another schema is refused by searches
/// until then. A change of the analyzer's terms alone needs no bump: the
/// reader fingerprint (`build.rs`) covers the analyzer, and an index whose
/// fingerprint differs is read again whole by the next update.
pub const SCHEMA_VERSION: u32 = 13;

/// The first version whose segments this build can read. Up to 12 the ids
/// column's dictionary was written in zstd blocks, which this build (without
/// tantivy's zstd, see `Cargo.toml`) cannot read: such an index is emptied
/// and built again as one of an earlier schema is, its ids read from its
/// stored records.
pub const EARLIEST_READABLE_VERSION: u32 = 13;

/// How many times the title goes into the [`TEXT`] field ahead of the body:
/// a word of the title counts as often in the text's term frequency and
/// length, which is BM25F's field weight (title 3, dateline 2, body 1) with
/// one postings list per word instead of one per word and field.
pub const TITLE_WEIGHT: usize = 3;
/// How many times the dateline goes into the [`TEXT`] field.
pub const DATELINE_WEIGHT: usize = 2;

/// The fields of the schema, resolved once.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub id: Field,
    pub file: Field,
    pub title: Field,
    /// Title, dateline and body in one field, weighted by repetition.
    pub text: Field,
    pub record: Field,
    pub place: Field,
    pub city: Field,
    pub programme: Field,
    pub donor: Field,
    pub sdg: Field,
    pub mentioned: Field,
    pub month: Field,
    pub start_day: Field,
    pub end_day: Field,
    pub online: Field,
    pub tie: Field,
    pub events: Field,
}

/// Builds the schema.
pub fn build_schema() -> Schema {
    build_schema_with_analyzer(ANALYZER)
}

/// The schema with another analyzer on the text fields (the analyzer bench
/// compares ours with tantivy's `default`).
pub fn build_schema_with_analyzer(analyzer: &str) -> Schema {
    let mut builder = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(analyzer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // A column, not a term: see `index::ids`.
    builder.add_text_field(ID, TextOptions::default().set_stored().set_fast("raw"));
    builder.add_text_field(FILE, STRING);
    builder.add_text_field(TITLE, text.clone());
    builder.add_text_field(TEXT, text);
    builder.add_text_field(RECORD, STORED);
    for facet in [PLACE, CITY, PROGRAMME, DONOR, SDG, MENTIONED, MONTH] {
        builder.add_facet_field(facet, FacetOptions::default());
    }
    builder.add_i64_field(START_DAY, INDEXED | FAST);
    builder.add_i64_field(END_DAY, INDEXED | FAST);
    builder.add_bool_field(ONLINE, INDEXED | FAST);
    builder.add_u64_field(TIE, FAST);
    builder.add_bytes_field(EVENTS, FAST);
    builder.build()
}

impl Fields {
    /// Resolves the fields of a schema built by [`build_schema`].
    pub fn new(schema: &Schema) -> tantivy::Result<Self> {
        let field = |name: &str| schema.get_field(name);
        Ok(Fields {
            id: field(ID)?,
            file: field(FILE)?,
            title: field(TITLE)?,
            text: field(TEXT)?,
            record: field(RECORD)?,
            place: field(PLACE)?,
            city: field(CITY)?,
            programme: field(PROGRAMME)?,
            donor: field(DONOR)?,
            sdg: field(SDG)?,
            mentioned: field(MENTIONED)?,
            month: field(MONTH)?,
            start_day: field(START_DAY)?,
            end_day: field(END_DAY)?,
            online: field(ONLINE)?,
            tie: field(TIE)?,
            events: field(EVENTS)?,
        })
    }
}

/// Days since 1970-01-01, the unit of the date fast fields.
pub fn day_number(date: chrono::NaiveDate) -> i64 {
    (date - chrono::NaiveDate::default()).num_days()
}

/// The month facet values (`/2022/2022-03`) of the days from `start` to
/// `end`: each month they touch, at most 36 (a bound on a mistyped year).
pub fn month_facets(start: chrono::NaiveDate, end: chrono::NaiveDate) -> Vec<Facet> {
    use chrono::Datelike;
    let mut month = start.with_day(1).unwrap_or(start);
    let last = end.with_day(1).unwrap_or(end);
    let mut out = Vec::new();
    for _ in 0..36 {
        out.push(Facet::from_path([
            format!("{:04}", month.year()),
            format!("{:04}-{:02}", month.year(), month.month()),
        ]));
        match month.checked_add_months(chrono::Months::new(1)) {
            Some(next) if next <= last => month = next,
            _ => break,
        }
    }
    out
}

/// The date a day number stands for; `None` for a day no date has.
pub fn date_from_day(day: i64) -> Option<chrono::NaiveDate> {
    // A day out of chrono's range (`i64::MIN` for none) is no date.
    chrono::NaiveDate::default().checked_add_signed(chrono::TimeDelta::try_days(day)?)
}
