//! Answering queries: full-text ranking, filters, disjunctive facet counts,
//! snippets, typo correction, acronym expansion, suggestions and statistics.
//!
//! [`Engine`] wraps an open index; it reloads by itself when `bulletin index`
//! commits, and keeps what it derives from a commit (glossary, facet values)
//! until the next one.

mod any_field;
mod days;
pub mod events;
pub mod facets;
mod lazy_union;
mod like;
mod places;
mod pool;
pub mod query;
pub mod snippets;
#[cfg(test)]
mod test_index;
mod top;
pub mod typed;
pub mod when;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, RwLock};
use std::time::Instant;

use chrono::NaiveDate;
use serde::Serialize;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, EnableScoring, Occur,
    PhraseQuery, Query, Scorer, TermQuery, Weight,
};
use tantivy::schema::{Facet, Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Index, IndexReader, Order, ReloadPolicy, Score, Searcher,
    SeekDangerResult, SegmentReader, TantivyDocument, TantivyError, Term,
};

use crate::error::{Error, Result};
use crate::extract::date::month_number;
use crate::extract::gazetteer::{country_of_word, place_key};
use crate::extract::{Event, Record};
use crate::index::analyzer::{
    AnalysedToken, BulletinTokenizer, MAX_WORD_BYTES, analyse_text, is_capitals_form,
};
use crate::index::folder::{Maker, index_maker, unreadable_index};
use crate::index::schema::{END_DAY, START_DAY, TITLE_WEIGHT, date_from_day, day_number};
use crate::index::{Fields, Glossary, load_manifest, open_existing};
use crate::search::top::RelevanceTop;
use any_field::AnyFieldQuery;
use days::{DayColumns, DaySpanQuery};
use events::{EventColumns, EventFilter, EventQuery};
use facets::{FacetCount, FacetValues};
use lazy_union::LazyUnionQuery;
use pool::SearchPool;
use query::{
    Clause, ClauseKind, FacetField, TextField, allowed_edits, alternatives, edit_distance,
    parse_query,
};
use when::{DateField, DaySpan};

/// Most hits a page may ask for, and deepest offset, so that paging stays cheap.
pub const MAX_LIMIT: usize = 1000;
pub const MAX_OFFSET: usize = 10_000;
/// Longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 1000;
/// Most text clauses a query may have after expansion.
pub const MAX_CLAUSES: usize = 64;
/// Most terms a query may expand to: every form of every word, the words of
/// phrases and hyphenated words, and acronym expansions. Past it, later words
/// and expansions are left out and the answer says so.
pub const MAX_QUERY_TERMS: usize = 256;
/// Most misspelt words one query corrects: each correction reads the whole
/// term dictionary. Later unknown words are searched as typed, and the answer says so.
pub const MAX_CORRECTIONS: usize = 4;

/// The weight of a `title:` clause, scored on the title field alone; in the
/// text field the title weighs [`TITLE_WEIGHT`] by repetition.
const TITLE_BOOST: Score = TITLE_WEIGHT as Score;
const PROXIMITY_BOOST: Score = 1.5;
const PROXIMITY_SLOP: u32 = 3;
/// The proximity bonus is computed for this many of the best hits by BM25
/// (or for the whole requested page when it reaches deeper): reading word
/// positions for every match would cost more than the rest of the search.
const PROXIMITY_WINDOW: usize = 100;
/// A word with more than this many times the postings of the rarest required
/// word or facet filter is asked about the documents that one leads to, one
/// at a time ([`AnyFieldQuery`]); the rarest word itself, and one nearly as
/// common, is read whole. So is a union of alternatives (words or their
/// acronym, a word or its expansion: [`LazyUnionQuery`]), by its postings.
/// (1, 2, 4 and 8 were measured on the 200k bench index with and without
/// filters; 2 was best or near it in each case.)
const ASKED_COST_RATIO: u64 = 2;

/// How hits are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25F (title 3, dateline 2, body 1), close words above scattered ones; ties go to the newer.
    #[default]
    Relevance,
    /// Latest start date first (an activity of several parts: its latest
    /// part's start, of the parts that meet the place and date filters).
    Newest,
    /// Earliest start date first (an activity of several parts: its
    /// earliest part's start, of the parts that meet the place and date filters).
    Oldest,
}

/// The day `--from` and the web API's `from` start on: a day
/// (`2022-03-15`), or the first day of a month (`2022-03`) or a year
/// (`2022`), as `from:` in a query reads them.
pub fn parse_filter_from(text: &str) -> Result<NaiveDate, String> {
    filter_period(text).map(|(first, _)| first)
}

/// The day `--to` and the web API's `to` end on: a day, or the last day of
/// a month (`2022-02` ends on the 28th) or a year, as `to:` reads them.
pub fn parse_filter_to(text: &str) -> Result<NaiveDate, String> {
    filter_period(text).map(|(_, last)| last)
}

/// The first and last day of a day, month or year written in ISO with a
/// year of four digits (`22-03-31` is no year 22), or why it names none:
/// a day or month the calendar lacks is named as such.
fn filter_period(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let text = text.trim();
    let digits = |part: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    };
    let parts: Vec<&str> = text.split('-').collect();
    let shaped = match parts.as_slice() {
        [year] => digits(year, 4..=4),
        [year, month] => digits(year, 4..=4) && digits(month, 1..=2),
        [year, month, day] => digits(year, 4..=4) && digits(month, 1..=2) && digits(day, 1..=2),
        _ => false,
    };
    if !shaped {
        return Err(format!(
            "{text:?} is not a date like 2022-03-15, a month like 2022-03 or a year like 2022"
        ));
    }
    when::period(text).ok_or_else(|| {
        let number = |at: usize| parts.get(at).and_then(|p| p.parse::<u32>().ok());
        let year = parts.first().copied().unwrap_or_default();
        match number(1) {
            Some(month @ 1..=12) => {
                let days = when::period(&format!("{year}-{month:02}"))
                    .map(|(first, last)| (last - first).num_days() + 1)
                    .unwrap_or_default();
                let name = u8::try_from(month)
                    .ok()
                    .and_then(|number| chrono::Month::try_from(number).ok())
                    .map_or("", |month| month.name());
                format!("{text:?} names no day: {name} {year} has {days} days")
            }
            Some(month) => format!("{text:?} names no day: there is no month {month}"),
            None => format!("{text:?} names no day"),
        }
    })
}

/// A whole number from `min` to `max`, as the CLI's `--limit` and
/// `--offset` and the web API's number parameters take it; the reason
/// they are refused with names the value as typed and its bounds
/// (`"abc" is not a whole number from 0 to 100`), whatever is wrong with it.
pub fn whole_number_within(text: &str, min: usize, max: usize) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(number) if (min..=max).contains(&number) => Ok(number),
        _ => Err(format!(
            "{:?} is not a whole number from {min} to {max}",
            text.trim()
        )),
    }
}

/// Why a `to` date before the `from` date makes no range (`None` when the
/// range runs forwards, one day included, or a side is open): the reason
/// the CLI's `--to` and the web API's `to` are refused with.
pub fn date_range_problem(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Option<String> {
    match (from, to) {
        (Some(from), Some(to)) if from > to => {
            Some(format!("\"{to}\" is before the from date, \"{from}\""))
        }
        _ => None,
    }
}

/// Facet filters (OR within a field, AND across fields) and the date and online filters.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Filters {
    pub country: Vec<String>,
    pub city: Vec<String>,
    pub programme: Vec<String>,
    pub donor: Vec<String>,
    pub sdg: Vec<String>,
    pub mentioned: Vec<String>,
    pub year: Vec<String>,
    pub month: Vec<String>,
    pub online: bool,
    /// Keep activities whose span overlaps `[from, to]`.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Filters {
    /// The values of one facet field.
    pub fn values(&self, field: FacetField) -> &Vec<String> {
        match field {
            FacetField::Country => &self.country,
            FacetField::City => &self.city,
            FacetField::Programme => &self.programme,
            FacetField::Donor => &self.donor,
            FacetField::Sdg => &self.sdg,
            FacetField::Mentioned => &self.mentioned,
            FacetField::Year => &self.year,
            FacetField::Month => &self.month,
        }
    }

    fn values_mut(&mut self, field: FacetField) -> &mut Vec<String> {
        match field {
            FacetField::Country => &mut self.country,
            FacetField::City => &mut self.city,
            FacetField::Programme => &mut self.programme,
            FacetField::Donor => &mut self.donor,
            FacetField::Sdg => &mut self.sdg,
            FacetField::Mentioned => &mut self.mentioned,
            FacetField::Year => &mut self.year,
            FacetField::Month => &mut self.month,
        }
    }
}

/// A search: query text, filters, order, page, and what to add to the answer.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SearchRequest {
    pub query: String,
    pub filters: Filters,
    pub sort: Sort,
    pub limit: usize,
    pub offset: usize,
    pub facets: bool,
    /// Which facet fields to count when `facets` is set; all when `None`.
    pub facet_fields: Option<Vec<FacetField>>,
    pub explain: bool,
}

impl SearchRequest {
    /// A relevance search for `query`, first page of 10, with facets.
    pub fn new(query: impl Into<String>) -> Self {
        SearchRequest {
            query: query.into(),
            limit: 10,
            facets: true,
            ..SearchRequest::default()
        }
    }
}

/// A highlighted passage: `highlights` are `[start, end)` character offsets into `text`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<[usize; 2]>,
}

/// One hit of a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hit {
    pub id: String,
    /// The relevance score; `null` when sorted by date.
    pub score: Option<f32>,
    pub title: String,
    pub dateline: String,
    pub events: Vec<Event>,
    pub programmes: Vec<String>,
    pub donors: Vec<String>,
    pub sdg_targets: Vec<String>,
    pub countries_mentioned: Vec<String>,
    pub source: String,
    pub line: usize,
    pub snippet: Snippet,
    /// The query's words in `title`, marked by the snippet's rules:
    /// `[start, end)` character offsets into it.
    pub title_highlights: Vec<[usize; 2]>,
    /// The query's words in `dateline`, as `title_highlights`.
    pub dateline_highlights: Vec<[usize; 2]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<serde_json::Value>,
    /// The day a date sort placed the hit by (see [`Sort`]): the start of
    /// its latest part (`newest`) or earliest (`oldest`), of the parts that
    /// meet the place, date and online filters, or the first day after it
    /// that the date, year and month filters hold on when it starts before
    /// them. `None` under relevance and for an undated activity. Not part
    /// of the JSON answer.
    #[serde(skip)]
    pub sort_day: Option<NaiveDate>,
}

impl Hit {
    /// A hit showing a stored record, with its marks.
    pub fn from_record(
        record: Record,
        score: Option<f32>,
        marks: snippets::HitMarks,
        explanation: Option<serde_json::Value>,
    ) -> Self {
        Hit {
            id: record.id,
            score,
            title: record.title,
            dateline: record.dateline,
            events: record.events,
            programmes: record.programmes,
            donors: record.donors,
            sdg_targets: record.sdg_targets,
            countries_mentioned: record.countries_mentioned,
            source: record.source,
            line: record.line,
            snippet: marks.snippet,
            title_highlights: marks.title,
            dateline_highlights: marks.dateline,
            explanation,
            sort_day: None,
        }
    }
}

/// The answer to a search, as `search --format json` and `/api/search` print it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchResponse {
    pub query: String,
    pub total: usize,
    pub took_ms: f64,
    /// The corrected query when a misspelt word was replaced.
    pub corrected: Option<String>,
    /// Acronym expansions used, acronym → long form.
    pub expanded: BTreeMap<String, String>,
    /// True when no entry held every word and this is the any-word answer.
    pub fallback: bool,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<BTreeMap<String, Vec<FacetCount>>>,
    /// Notes for the user: capped expansions, unknown filter values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// The index's values that each filter value stood for, per field:
    /// `{"programme": {"CCP": ["Container Control Programme"]}}`.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub resolved: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    /// The filters typed into the query that narrow the whole search, each
    /// with what it was read as and where it stands in the query.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub typed_filters: Vec<typed::TypedFilter>,
}

/// Statistics of an index, as `bulletin stats` prints them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub entries: usize,
    pub files: usize,
    pub first_date: Option<NaiveDate>,
    pub last_date: Option<NaiveDate>,
    pub index_bytes: u64,
    /// The ten values of each facet field in most activities.
    pub facets: BTreeMap<String, Vec<FacetCount>>,
    /// How many values each facet field has in all (`facets` lists ten).
    pub facet_values: BTreeMap<String, usize>,
}

/// What the engine derives from one commit and keeps until the next.
struct Derived {
    generation: u64,
    glossary: Arc<Glossary>,
    /// The written words the index holds under another stem, sorted
    /// ([`crate::index::Manifest::written`]).
    written: Arc<Vec<String>>,
    /// The ids of activities updates removed, and the content each had
    /// ([`crate::index::Manifest::retired`]).
    retired: Arc<BTreeMap<String, u64>>,
    /// Glossary expansions as analysed token sequences, for reverse expansion.
    expansions: Arc<Vec<(Vec<String>, String, String)>>,
    facet_values: Arc<FacetValues>,
    /// Each segment's start days in document order: ties in relevance go to
    /// the newer, and the date filter reads them. A plain array is read
    /// faster than the fast-field column.
    start_days: Arc<DayColumns>,
    /// The start days ranked with each activity's tie key
    /// ([`days::ranked_day`]): what orders hits of one score, and hits
    /// sorted by date, the same way in every build of the index.
    ranked_days: Arc<DayColumns>,
    /// The end days, read on the first search with a `from` date.
    end_days: OnceLock<Arc<DayColumns>>,
    /// The parts of activities of several parts, read on the first search
    /// with a place, date or online filter.
    event_columns: OnceLock<Arc<EventColumns>>,
    /// Typo corrections found in this commit's words, by stem and word as
    /// typed: a query whose brackets multiply into many alternatives
    /// (`(trainng OR firarms) (bordr OR custms) …`) looks each word up once.
    corrections: Mutex<HashMap<(String, String), Option<String>>>,
}

/// Most typo corrections a commit's engine remembers; past it, it starts over.
const MAX_REMEMBERED_CORRECTIONS: usize = 4096;

impl Derived {
    fn end_days(&self, searcher: &Searcher) -> Arc<DayColumns> {
        self.end_days
            .get_or_init(|| Arc::new(days::read_days(searcher, END_DAY)))
            .clone()
    }

    fn event_columns(&self, searcher: &Searcher) -> Result<Arc<EventColumns>> {
        if let Some(columns) = self.event_columns.get() {
            return Ok(columns.clone());
        }
        let values = &self.facet_values;
        let columns = Arc::new(events::read_events(searcher, &|field, facet| {
            values.number(field, facet)
        })?);
        Ok(self.event_columns.get_or_init(|| columns).clone())
    }
}

/// An open index, ready to answer.
pub struct Engine {
    dir: PathBuf,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    derived: RwLock<Option<Arc<Derived>>>,
    /// The threads a search's segments and hits are worked on.
    pool: SearchPool,
}

/// A query as planned: the tantivy query and what the answer must report.
#[derive(Default)]
struct Plan {
    text: Option<Box<dyn Query>>,
    /// The bonus for query words close together (a sloppy phrase in the
    /// text, scored times [`PROXIMITY_BOOST`]), added to the best hits' scores.
    proximity: Vec<PhraseQuery>,
    facet_clauses: Vec<(FacetField, String, bool)>,
    /// What the filters of some alternatives of an `OR` stand for (field
    /// name → value as given → the index's values), beside those of the
    /// whole search.
    named: BTreeMap<String, BTreeMap<String, Vec<String>>>,
    expanded: BTreeMap<String, String>,
    corrections: Vec<(String, String)>,
    positive_clauses: usize,
    notices: Vec<String>,
    /// The notices among `notices` that name a word no activity holds,
    /// which the any-word search passes on to the answer.
    words_not_held: Vec<String>,
    /// The most moves a phrase of the query allows (`"…"~N`), which the
    /// snippets allow too.
    phrase_slop: u32,
    /// The query's `date:`, `from:` and `to:` clauses: what each keeps,
    /// and whether it excludes.
    date_clauses: Vec<(DaySpan, bool)>,
}

impl Plan {
    /// Names a word no activity holds: a notice of the answer's, kept
    /// among `words_not_held` for the any-word search to pass on.
    fn not_held(&mut self, notice: String) {
        self.words_not_held.push(notice.clone());
        self.notices.push(notice);
    }
}

impl Engine {
    /// Opens the index at `dir` for searching.
    pub fn open(dir: &Path) -> Result<Self> {
        let index = open_existing(dir)?;
        if index.schema() != crate::index::schema::build_schema() {
            return Err(match index_maker(dir) {
                Maker::Bulletin => Error::OldIndex(dir.to_path_buf()),
                Maker::Other | Maker::Unknown => Error::ForeignIndex(dir.to_path_buf()),
            });
        }
        // Segments are searched in parallel, one thread per core (see
        // `collect`): a full build leaves a few large segments, one per
        // indexing thread.
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pool = SearchPool::new(cores);
        let fields = Fields::new(&index.schema()).map_err(|err| Error::BadIndex {
            path: dir.to_path_buf(),
            reason: err.to_string(),
        })?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|err| unreadable_index(dir, &err))?;
        Ok(Engine {
            dir: dir.to_path_buf(),
            index,
            reader,
            fields,
            derived: RwLock::new(None),
            pool,
        })
    }

    /// `work`'s result, with an error of the index files (a damaged
    /// posting list, term dictionary or record store found while
    /// answering) told as a damaged index, with the way to rebuild it,
    /// rather than in the search library's own words.
    fn reading<T>(&self, work: impl FnOnce() -> Result<T>) -> Result<T> {
        work().map_err(|err| match err {
            Error::Index(
                ref cause @ (TantivyError::IoError(_)
                | TantivyError::DataCorruption(_)
                | TantivyError::OpenReadError(_)),
            ) => unreadable_index(&self.dir, cause),
            other => other,
        })
    }

    /// The index folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Picks up a commit made since the last reload, now rather than on the watcher's schedule.
    pub fn reload(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// A searcher on the current commit.
    pub fn searcher(&self) -> Searcher {
        self.reader.searcher()
    }

    fn derived(&self, searcher: &Searcher) -> Result<Arc<Derived>> {
        let generation = searcher.generation().generation_id();
        if let Ok(guard) = self.derived.read()
            && let Some(derived) = guard.as_ref()
            && derived.generation == generation
        {
            return Ok(derived.clone());
        }
        let mut manifest = load_manifest(&self.index)?;
        let glossary = Glossary::from_manifest(&manifest);
        let written = std::mem::take(&mut manifest.written);
        let retired = std::mem::take(&mut manifest.retired);
        let mut tokenizer = BulletinTokenizer::new();
        let expansions = glossary
            .entries()
            .flat_map(|entry| {
                entry
                    .expansions
                    .iter()
                    .map(move |e| (entry.acronym.clone(), e.clone()))
            })
            .map(|(acronym, expansion)| {
                let tokens: Vec<String> = analyse_text(&mut tokenizer, &expansion)
                    .into_iter()
                    .filter_map(|t| t.forms.last().cloned())
                    .collect();
                (tokens, acronym, expansion)
            })
            .filter(|(tokens, _, _)| tokens.len() >= 2)
            .collect();
        let facet_values = FacetValues::read(searcher, &self.fields)?;
        let start_days = days::read_days(searcher, START_DAY);
        let derived = Arc::new(Derived {
            generation,
            glossary: Arc::new(glossary),
            written: Arc::new(written),
            retired: Arc::new(retired),
            expansions: Arc::new(expansions),
            facet_values: Arc::new(facet_values),
            ranked_days: Arc::new(days::read_ranked_days(searcher, &start_days)),
            start_days: Arc::new(start_days),
            end_days: OnceLock::new(),
            event_columns: OnceLock::new(),
            corrections: Mutex::new(HashMap::new()),
        });
        if let Ok(mut guard) = self.derived.write() {
            *guard = Some(derived.clone());
        }
        Ok(derived)
    }

    /// The acronym glossary of the current commit.
    pub fn glossary(&self) -> Result<Arc<Glossary>> {
        self.reading(|| self.read_glossary())
    }

    fn read_glossary(&self) -> Result<Arc<Glossary>> {
        let searcher = self.searcher();
        Ok(self.derived(&searcher)?.glossary.clone())
    }

    /// Runs a search.
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse> {
        self.reading(|| self.run_search(&self.searcher(), request))
    }

    /// [`Engine::search`] on the commit `searcher` reads, though the index
    /// has moved on since: the pages of one export read from one commit.
    pub fn search_on(
        &self,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> Result<SearchResponse> {
        self.reading(|| self.run_search(searcher, request))
    }

    fn run_search(&self, searcher: &Searcher, request: &SearchRequest) -> Result<SearchResponse> {
        let started = Instant::now();
        validate(request)?;
        let searcher = searcher.clone();
        let derived = self.derived(&searcher)?;
        let mut plan =
            self.plan_alternatives(&searcher, &derived, &request.query, false, &request.filters)?;
        // A query of punctuation alone (`-`, `*`) asks for nothing: say so,
        // rather than let every activity seem to match it.
        if plan.text.is_none()
            && plan.facet_clauses.is_empty()
            && plan.date_clauses.is_empty()
            && !request.query.trim().is_empty()
        {
            plan.notices.push(format!(
                "no searchable word in {:?}; showing every activity",
                request.query.trim()
            ));
        }
        let typed_filters = typed::narrowing(
            &request.query,
            &plan.facet_clauses,
            &plan.date_clauses,
            |clauses| {
                join_facet_values(clauses, |field, value| {
                    derived
                        .facet_values
                        .resolve_exactly(field, value, &derived.glossary)
                })
            },
            |field, value| {
                derived
                    .facet_values
                    .resolve(field, value, &derived.glossary)
                    .iter()
                    .filter_map(facet_value)
                    .collect()
            },
        );
        let mut filter_notices = Vec::new();
        let resolved = self.resolve_plan_filters(
            &searcher,
            &derived,
            &plan,
            &request.filters,
            &mut filter_notices,
        )?;
        plan.notices.extend(filter_notices);
        let facet_fields: Vec<FacetField> = match (&request.facets, &request.facet_fields) {
            (false, _) => Vec::new(),
            (true, Some(fields)) => fields.clone(),
            (true, None) => FacetField::ALL.to_vec(),
        };
        // Facet fields without a filter of their own are counted in the main pass.
        let shared_fields: Vec<FacetField> = facet_fields
            .iter()
            .copied()
            .filter(|f| !resolved.facets.contains_key(f))
            .collect();
        let mut query = self.combine(scored_text(&plan, request.explain), &resolved, None);
        let mut pass = self.main_pass(
            &searcher,
            &*query,
            proximity_of(&plan, request.explain),
            request,
            &derived,
            Counted {
                fields: &shared_fields,
                parts: resolved.parts(None),
            },
        )?;
        let mut fallback = false;
        if pass.total == 0 && plan.positive_clauses >= 2 {
            let any = self.plan_alternatives(
                &searcher,
                &derived,
                &request.query,
                true,
                &request.filters,
            )?;
            let any_query = self.combine(scored_text(&any, request.explain), &resolved, None);
            let any_pass = self.main_pass(
                &searcher,
                &*any_query,
                proximity_of(&any, request.explain),
                request,
                &derived,
                Counted {
                    fields: &shared_fields,
                    parts: resolved.parts(None),
                },
            )?;
            // What the any-word search found out about the parts of a
            // hyphenated word (`Skopje-qqqzz`: no activity holds "qqqzz")
            // is said whatever it finds.
            plan.notices.extend(any.words_not_held.iter().cloned());
            if any_pass.total > 0 {
                fallback = true;
                pass = any_pass;
                query = any_query;
                plan.text = any.text;
                plan.expanded.extend(any.expanded);
                // A part of a hyphenated word is corrected only here (`EU-fundded`).
                for correction in any.corrections {
                    if !plan.corrections.contains(&correction) {
                        plan.corrections.push(correction);
                    }
                }
            }
        }
        let MainPass {
            total,
            addresses,
            mut facets,
        } = pass;
        if request.facets {
            facets::count_filtered_fields(
                self,
                &searcher,
                &derived.facet_values,
                plan.text.as_deref(),
                &resolved,
                &facet_fields,
                &mut facets,
            )?;
        }
        let snippet_query = plan.text.as_ref().map(|q| q.box_clone());
        let snippets = Arc::new(
            snippets::SnippetMaker::new(&searcher, snippet_query.as_deref(), self.fields.text)?
                .with_phrase_slop(plan.phrase_slop)
                .with_title_field(&searcher, snippet_query.as_deref(), self.fields.title)?,
        );
        // The page's records are read and their snippets made on the search
        // threads, a hit a task, in page order.
        let explained: Option<Arc<dyn Query>> =
            request.explain.then(|| Arc::from(query.box_clone()));
        let (hit_searcher, record_field, dir) =
            (searcher.clone(), self.fields.record, self.dir.clone());
        let hits = self
            .pool
            .map(
                addresses,
                move |(score, sort_day, address)| -> Result<Hit> {
                    let record = read_record(&hit_searcher, record_field, &dir, address)?;
                    let explanation = match &explained {
                        Some(query) => {
                            let explained = query.explain(&hit_searcher, address)?;
                            serde_json::from_str(&explained.to_pretty_json()).ok()
                        }
                        None => None,
                    };
                    let marks = snippets.marks_of_hit(
                        &hit_searcher,
                        address,
                        &record.title,
                        &record.dateline,
                        &record.body,
                    );
                    let mut hit = Hit::from_record(record, score, marks, explanation);
                    hit.sort_day = sort_day;
                    Ok(hit)
                },
            )?
            .into_iter()
            .collect::<Result<Vec<Hit>>>()?;
        let corrected = if plan.corrections.is_empty() {
            None
        } else {
            let best = hits
                .first()
                .map(|hit| format!("{} {}", hit.title, hit.snippet.text));
            // When the best hit does not show a corrected word (an OR, no
            // hit on the page), an activity that holds it does.
            let holder = |term: &str| self.text_holding(&searcher, term);
            Some(corrected_query(
                &request.query,
                &plan.corrections,
                best.as_deref(),
                holder,
                &mut BulletinTokenizer::new(),
            ))
        };
        let facets = request.facets.then_some(facets);
        Ok(SearchResponse {
            query: request.query.clone(),
            total,
            took_ms: (started.elapsed().as_secs_f64() * 1000.0 * 1000.0).round() / 1000.0,
            corrected,
            expanded: plan.expanded,
            fallback,
            hits,
            facets,
            // Once each, however often the query, its alternatives or its
            // any-word search give it (`date:2022-13 date:2022-13`, a filter
            // given beside alternatives with filters of their own).
            notices: plan
                .notices
                .into_iter()
                .fold(Vec::new(), |mut once, notice| {
                    if !once.contains(&notice) {
                        once.push(notice);
                    }
                    once
                }),
            resolved: {
                let mut named = resolved.named;
                for (field, values) in plan.named {
                    named.entry(field).or_default().extend(values);
                }
                named
            },
            typed_filters,
        })
    }

    /// The filters given beside a query with those its clauses type
    /// (`country:Albania`, `-donor:EU`, `date:2022-03`), resolved to the
    /// index's values.
    fn resolve_plan_filters(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        plan: &Plan,
        given: &Filters,
        notices: &mut Vec<String>,
    ) -> Result<ResolvedFilters> {
        let mut filters = given.clone();
        let mut negated_facets = Vec::new();
        for (field, value, negated) in &plan.facet_clauses {
            if *negated {
                negated_facets.push((*field, value.clone()));
            } else {
                filters.values_mut(*field).push(value.clone());
            }
        }
        let negated_days = narrow_days(&mut filters, &plan.date_clauses);
        // Alternatives with filters of their own resolved the filters given
        // beside the query already, and said what they found none of.
        self.resolve_filters(
            searcher,
            derived,
            &filters,
            (&negated_facets, &negated_days),
            notices,
        )
    }

    /// A search box's text as a suggestion's check searches it: its own
    /// words and filters, with no any-word search when together they find
    /// nothing; `None` for a text longer than a query may be.
    fn checked_query(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        text: &str,
    ) -> Result<Option<Checked>> {
        if text.chars().count() > MAX_QUERY_CHARS {
            return Ok(None);
        }
        let given = Filters::default();
        let plan = self.plan_alternatives(searcher, derived, text, false, &given)?;
        let resolved =
            self.resolve_plan_filters(searcher, derived, &plan, &given, &mut Vec::new())?;
        let query = self.combine(scored_text(&plan, false), &resolved, None);
        Ok(Some((plan, query, resolved)))
    }

    /// Whether a box's text finds an activity holding every part of it:
    /// the first match found ends the search (no count, score or page).
    fn finds_any(&self, searcher: &Searcher, derived: &Derived, text: &str) -> Result<bool> {
        match self.checked_query(searcher, derived, text)? {
            Some((_, query, _)) => self.collect(searcher, &*query, Exists),
            None => Ok(false),
        }
    }

    /// The first hits (by relevance, at most `limit`) that a box's text
    /// finds holding every part of it, with their snippets only when asked:
    /// no facets, and no any-word search when it finds none.
    fn first_hits(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        text: &str,
        limit: usize,
        with_snippets: bool,
    ) -> Result<Vec<Hit>> {
        let Some((plan, query, resolved)) = self.checked_query(searcher, derived, text)? else {
            return Ok(Vec::new());
        };
        let request = SearchRequest {
            limit: limit.min(MAX_LIMIT),
            ..SearchRequest::default()
        };
        let pass = self.main_pass(
            searcher,
            &*query,
            proximity_of(&plan, false),
            &request,
            derived,
            Counted {
                fields: &[],
                parts: resolved.parts(None),
            },
        )?;
        let snippets = match with_snippets {
            true => Some(
                snippets::SnippetMaker::new(searcher, plan.text.as_deref(), self.fields.text)?
                    .with_phrase_slop(plan.phrase_slop)
                    .with_title_field(searcher, plan.text.as_deref(), self.fields.title)?,
            ),
            false => None,
        };
        pass.addresses
            .into_iter()
            .map(|(score, _, address)| {
                let record = read_record(searcher, self.fields.record, &self.dir, address)?;
                let marks = snippets
                    .as_ref()
                    .map(|maker| {
                        maker.marks_of_hit(
                            searcher,
                            address,
                            &record.title,
                            &record.dateline,
                            &record.body,
                        )
                    })
                    .unwrap_or_default();
                Ok(Hit::from_record(record, score, marks, None))
            })
            .collect()
    }

    /// One pass over the matching documents: the total, a page of hits, and the
    /// counts of the facet fields that need no pass of their own.
    fn main_pass(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        proximity: &[PhraseQuery],
        request: &SearchRequest,
        derived: &Derived,
        counted: Counted<'_>,
    ) -> Result<MainPass> {
        let Counted {
            fields: facet_fields,
            parts,
        } = counted;
        // One collector of fixed shape per case (a tuple, not a
        // `MultiCollector`): each match goes to the count, the facet counter
        // and the top hits without a dynamic call per collector.
        let (facet_pass, counter) =
            facets::FacetPass::new(&derived.facet_values, facet_fields, parts.clone())?;
        // With a proximity bonus to add, the best `window` hits by BM25 are
        // collected, rescored, and the page is cut from them.
        let window = if !proximity.is_empty() && request.sort == Sort::Relevance {
            (request.offset + request.limit).max(PROXIMITY_WINDOW)
        } else {
            0
        };
        // How many hits to collect, after how many.
        let top = match (request.limit, window) {
            (0, _) => None,
            (_, 0) => Some((request.limit, request.offset)),
            (_, window) => Some((window, 0)),
        };
        let mut addresses = Vec::new();
        let mut facets = BTreeMap::new();
        let total;
        match (top, request.sort) {
            (None, _) => {
                let (count, counts) = self.collect(searcher, query, (Count, counter))?;
                total = count;
                facet_pass.extract(counts, &mut facets);
            }
            (Some((limit, offset)), Sort::Relevance) => {
                let collector = RelevanceTop::new(limit, offset, derived.ranked_days.clone());
                // One word alone: the count and facets in one pass without
                // scores, then the top hits in a pass that skips the blocks
                // of postings that cannot reach them.
                let (count, counts, mut best) = if query.downcast_ref::<TermQuery>().is_some() {
                    let (count, counts) = self.collect(searcher, query, (Count, counter))?;
                    (count, counts, self.collect(searcher, query, collector)?)
                } else {
                    self.collect(searcher, query, (Count, counter, collector))?
                };
                total = count;
                if window > 0 {
                    add_proximity_bonus(&self.pool, searcher, proximity, &mut best)?;
                    best.sort_by(top::order);
                    best = best
                        .into_iter()
                        .skip(request.offset)
                        .take(request.limit)
                        .collect();
                }
                addresses = best
                    .into_iter()
                    .map(|((score, _), address)| (Some(score), None, address))
                    .collect();
                facet_pass.extract(counts, &mut facets);
            }
            (Some((limit, offset)), sort) => {
                // By start day, then tie key; undated activities last. An
                // activity of several parts is as new as its latest part's
                // start and as old as its earliest's, of the parts that
                // meet the place, date and online filters when any is set.
                let oldest = sort == Sort::Oldest;
                let ranked = derived.ranked_days.clone();
                let (filter, columns) = match &parts {
                    Some((filter, columns)) => (Some(filter.clone()), columns.clone()),
                    None => (None, derived.event_columns(searcher)?),
                };
                let collector = TopDocs::with_limit(limit).and_offset(offset).order_by(
                    move |segment: &SegmentReader| {
                        let column = ranked.get(&segment.segment_id()).cloned();
                        let events = columns.get(&segment.segment_id()).cloned();
                        let filter = filter.clone();
                        move |doc: DocId| {
                            let mut rank = column
                                .as_ref()
                                .and_then(|c| c.days.get(doc as usize).copied())
                                .unwrap_or(i64::MIN);
                            let parts = events.as_ref().and_then(|events| events.of(doc));
                            if let Some(day) = parts.and_then(|parts| {
                                events::sort_start(parts, filter.as_deref(), oldest)
                            }) {
                                // The tie key stays in the low 32 bits.
                                rank = days::ranked_day(day, rank as u32);
                            }
                            let dated = !days::is_undated(rank);
                            (
                                dated,
                                if oldest && dated {
                                    days::earliest_first(rank)
                                } else {
                                    rank
                                },
                            )
                        }
                    },
                );
                let (count, counts, hits) =
                    self.collect(searcher, query, (Count, counter, collector))?;
                total = count;
                // A part begun before the days a date, year or month
                // filter selects is listed by the first day it meets them
                // on: a filtered feed claims no day outside its filters.
                // Raising the days so keeps their order.
                let listed = parts.as_ref().map(|(filter, _)| filter.clone());
                // The day back out of the key: a rank's high 32 bits.
                addresses = hits
                    .into_iter()
                    .map(|((dated, key), address)| {
                        let rank = if oldest && dated {
                            days::earliest_first(key)
                        } else {
                            key
                        };
                        let day = dated
                            .then(|| {
                                let day = rank >> 32;
                                date_from_day(
                                    listed.as_ref().map_or(day, |f| f.first_day_from(day)),
                                )
                            })
                            .flatten();
                        (None, day, address)
                    })
                    .collect();
                facet_pass.extract(counts, &mut facets);
            }
        }
        Ok(MainPass {
            total,
            addresses,
            facets,
        })
    }

    /// The record stored for a document.
    fn record_at(&self, searcher: &Searcher, address: DocAddress) -> Result<Record> {
        read_record(searcher, self.fields.record, &self.dir, address)
    }

    /// What `collector` collects of the matches of `query`, its segments
    /// worked on side by side, the largest first (as tantivy's search
    /// does, on the search pool).
    pub(crate) fn collect<C>(
        &self,
        searcher: &Searcher,
        query: &dyn Query,
        collector: C,
    ) -> Result<C::Fruit>
    where
        C: Collector + 'static,
    {
        let scoring = if collector.requires_scoring() {
            EnableScoring::enabled_from_searcher(searcher)
        } else {
            EnableScoring::disabled_from_searcher(searcher)
        };
        let weight: Arc<dyn Weight> = Arc::from(query.weight(scoring)?);
        let readers = searcher.segment_readers();
        let mut segments: Vec<u32> = (0..readers.len() as u32).collect();
        segments.sort_by_key(|&ord| std::cmp::Reverse(readers[ord as usize].max_doc()));
        let collector = Arc::new(collector);
        let (each, searcher) = (collector.clone(), searcher.clone());
        let mut fruits = self.pool.map(segments, move |ord| {
            let segment = searcher.segment_reader(ord);
            (ord, each.collect_segment(weight.as_ref(), ord, segment))
        })?;
        fruits.sort_by_key(|(ord, _)| *ord);
        let fruits = fruits
            .into_iter()
            .map(|(_, fruit)| fruit)
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(collector.merge_fruits(fruits)?)
    }

    /// The error for an id no activity has: [`Error::RemovedId`] when an
    /// update removed the activity that had it (`key` is the id in lower
    /// case), else [`Error::UnknownId`].
    fn unknown_id(&self, searcher: &Searcher, id: &str, key: &str) -> Error {
        if self.is_retired(searcher, id, key) {
            Error::RemovedId(id.to_string())
        } else {
            Error::UnknownId(id.to_string())
        }
    }

    /// Whether `id` (or `key`, the id in lower case) is the id of an
    /// activity an update removed, as the searcher's commit lists them.
    fn is_retired(&self, searcher: &Searcher, id: &str, key: &str) -> bool {
        self.derived(searcher).is_ok_and(|derived| {
            derived.retired.contains_key(id) || derived.retired.contains_key(key)
        })
    }

    /// The activity with this id; else, as ids are long, the one activity
    /// whose id starts so (in any case), of eight characters or more, a
    /// twin of the id (`X-2` for `X`) aside.
    fn address_of(&self, searcher: &Searcher, id: &str) -> Result<DocAddress> {
        let exact = |id: &str| -> Result<Option<DocAddress>> {
            Ok(crate::index::ids::live_document_with_id(searcher, id)?)
        };
        if let Some(address) = exact(id)? {
            return Ok(address);
        }
        // Ids are lower case: a whole id typed in capitals, or pasted with
        // spaces around it, is that id, even where a longer one (its `-2`
        // twin) starts so.
        let key = id.trim().to_lowercase();
        if key != id
            && let Some(address) = exact(&key)?
        {
            return Ok(address);
        }
        // The whole id of a removed activity opens no other activity whose
        // id starts so (`X-on-…` of a longer title of the same day).
        if self.is_retired(searcher, id, &key) {
            return Err(self.unknown_id(searcher, id, &key));
        }
        if key.chars().count() < MIN_ID_PREFIX {
            // A start some activity's id has, too short to name one, says so.
            // (A segment's dictionary keeps the ids of deleted activities.)
            if !key.is_empty() {
                let (starts, _) =
                    crate::index::ids::ids_starting(searcher, &key, MAX_ID_CANDIDATES)?;
                for candidate in starts {
                    if exact(&candidate)?.is_some() {
                        return Err(Error::ShortId(id.to_string()));
                    }
                }
            }
            return Err(self.unknown_id(searcher, id, &key));
        }
        let (terms, capped) = crate::index::ids::ids_starting(searcher, &key, MAX_ID_CANDIDATES)?;
        // A whole id is no start of its twins' (`X-2`, `X-3`, of the same
        // title and day): the id of an activity since removed opens none
        // of them.
        let twin = |candidate: &str| {
            candidate[key.len()..]
                .strip_prefix('-')
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        };
        let mut ids: Vec<String> = terms
            .into_iter()
            .filter(|candidate| !twin(candidate))
            .collect();
        ids.sort();
        ids.dedup();
        // A segment's dictionary keeps the ids of deleted activities.
        let mut found: Vec<(String, DocAddress)> = Vec::new();
        for candidate in ids {
            if let Some(address) = exact(&candidate)? {
                found.push((candidate, address));
            }
        }
        match found.as_slice() {
            [] => Err(self.unknown_id(searcher, id, &key)),
            [(_, address)] => Ok(*address),
            many => Err(Error::AmbiguousId {
                id: id.to_string(),
                // Only the first ids of each segment were looked at.
                count: if capped {
                    format!("{} or more", many.len())
                } else {
                    many.len().to_string()
                },
                shown: many
                    .iter()
                    .take(3)
                    .map(|(id, _)| id.as_str())
                    .chain((many.len() > 3).then_some("…"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// Every record of the index, by source file, line and id
    /// ([`Record::cmp_by_source`]): the order of the bulletins, not that of
    /// the index's segments, which differs from one build of the same corpus
    /// to the next (indexing threads, updates, merges).
    pub fn records(&self) -> Result<Vec<Record>> {
        self.reading(|| self.read_records())
    }

    fn read_records(&self) -> Result<Vec<Record>> {
        let searcher = self.searcher();
        let mut records = Vec::with_capacity(searcher.num_docs() as usize);
        for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
            let alive = segment.alive_bitset();
            for doc in 0..segment.max_doc() {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                records.push(self.record_at(&searcher, DocAddress::new(ordinal as u32, doc))?);
            }
        }
        records.sort_by(Record::cmp_by_source);
        Ok(records)
    }

    /// The record with this id.
    pub fn show(&self, id: &str) -> Result<Record> {
        self.reading(|| self.find_record(id))
    }

    fn find_record(&self, id: &str) -> Result<Record> {
        let searcher = self.searcher();
        let address = self.address_of(&searcher, id)?;
        self.record_at(&searcher, address)
    }

    /// Activities like the one with this id (more-like-this on title and
    /// body), ranked as a search ranks its hits; at most `limit` (up to
    /// [`MAX_LIMIT`]), none for 0.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        self.reading(|| self.find_similar(id, limit))
    }

    fn find_similar(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.searcher();
        let address = self.address_of(&searcher, id)?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let record = self.record_at(&searcher, address)?;
        let like = like::like_query(
            &searcher,
            &[
                (self.fields.title, record.title.as_str()),
                (self.fields.text, record.body.as_str()),
            ],
        )?;
        let query = BooleanQuery::new(vec![(Occur::Should, Box::new(like) as Box<dyn Query>)]);
        // Ranked as searches are: equal scores go to the newest activity.
        let derived = self.derived(&searcher)?;
        let limit = limit.min(MAX_LIMIT);
        // An activity indexed more than once (the same title, dateline and
        // text: an entry reprinted) is one activity: no copy of this one is
        // listed, and another is listed once, at its best place. Copies
        // take places in the ranking, so more are read until `limit`
        // activities are left or none are.
        let same = |r: &Record| (r.title.clone(), r.dateline.clone(), r.body.clone());
        // The records read, kept for the passes after: a wider pass ranks
        // the same activities first, and reads only those it adds.
        let mut records: HashMap<DocAddress, Record> = HashMap::new();
        // The activity itself ranks among them (first, nearly always) and
        // is left out.
        let mut wanted = limit.saturating_add(1);
        let kept = loop {
            let top = self.collect(
                &searcher,
                &query,
                RelevanceTop::new(wanted, 0, derived.ranked_days.clone()),
            )?;
            let read = top.len();
            let mut seen = std::collections::HashSet::from([same(&record)]);
            let mut kept = Vec::with_capacity(limit);
            for ((score, _), found) in top {
                if found == address {
                    continue;
                }
                let other = match records.entry(found) {
                    std::collections::hash_map::Entry::Occupied(known) => known.into_mut(),
                    std::collections::hash_map::Entry::Vacant(new) => {
                        new.insert(self.record_at(&searcher, found)?)
                    }
                };
                if seen.insert(same(other)) {
                    kept.push((score, found));
                    if kept.len() == limit {
                        break;
                    }
                }
            }
            if kept.len() == limit || read < wanted {
                break kept;
            }
            wanted = wanted.saturating_mul(2);
        };
        let kept: Vec<(Score, Record)> = kept
            .into_iter()
            .filter_map(|(score, address)| Some((score, records.remove(&address)?)))
            .collect();
        let snippets = snippets::SnippetMaker::new(&searcher, None, self.fields.text)?;
        Ok(kept
            .into_iter()
            .map(|(score, record)| {
                let marks = snippets::HitMarks {
                    snippet: snippets.snippet(&record.body),
                    ..Default::default()
                };
                Hit::from_record(record, Some(score), marks, None)
            })
            .collect())
    }

    /// Facet counts for one field, hierarchical: with a `country` filter the
    /// country's cities are listed; with an `sdg` goal, its targets.
    pub fn facet(&self, field: FacetField, request: &SearchRequest) -> Result<Vec<FacetCount>> {
        Ok(self.facet_answer(field, request)?.0)
    }

    /// As [`Self::facet`], with the search behind the counts (no hits),
    /// which says how it read the query and filters.
    pub fn facet_answer(
        &self,
        field: FacetField,
        request: &SearchRequest,
    ) -> Result<(Vec<FacetCount>, SearchResponse)> {
        self.reading(|| self.count_facet(field, request))
    }

    fn count_facet(
        &self,
        field: FacetField,
        request: &SearchRequest,
    ) -> Result<(Vec<FacetCount>, SearchResponse)> {
        let mut request = request.clone();
        request.facets = true;
        request.limit = 0;
        let mut response = self.search(&request)?;
        let mut all = response.facets.take().unwrap_or_default();
        let mut counts = all.remove(field.name()).unwrap_or_default();
        let selected = request.filters.values(field);
        if field == FacetField::Country && !selected.is_empty() {
            // The cities of the countries filtered on: the city facet, which
            // counts the parts held in those countries and, as disjunctive
            // counts do, leaves out the city filter itself, so that the
            // country's other cities stay in view under `--city Bar`.
            counts = all.remove(FacetField::City.name()).unwrap_or_default();
        } else if field == FacetField::Sdg && !selected.is_empty() {
            // The targets of the goals the filter stood for, read as a
            // search reads them (`16.4`: its goal).
            let named: Vec<&String> = response
                .resolved
                .get(field.name())
                .into_iter()
                .flat_map(|by_value| by_value.values().flatten())
                .collect();
            counts = counts
                .into_iter()
                .filter(|c| {
                    named.iter().any(|name| {
                        **name == c.value
                            || name
                                .strip_prefix(c.value.as_str())
                                .is_some_and(|rest| rest.starts_with('.'))
                    }) || selected.iter().any(|s| {
                        facets::same_value(s, &c.value) || facets::sdg_goal_matches(s, &c.value)
                    })
                })
                .flat_map(|c| c.children)
                .collect();
        }
        Ok((counts, response))
    }

    /// Index statistics.
    pub fn stats(&self) -> Result<Stats> {
        self.reading(|| self.read_stats())
    }

    fn read_stats(&self) -> Result<Stats> {
        let searcher = self.searcher();
        let derived = self.derived(&searcher)?;
        let manifest = load_manifest(&self.index)?;
        let first = searcher
            .search(
                &AllQuery,
                &TopDocs::with_limit(1).order_by_fast_field::<i64>(START_DAY, Order::Asc),
            )?
            .first()
            .and_then(|(day, _)| *day)
            .and_then(date_from_day);
        let last = searcher
            .search(
                &AllQuery,
                &TopDocs::with_limit(1).order_by_fast_field::<i64>(END_DAY, Order::Desc),
            )?
            .first()
            .and_then(|(day, _)| *day)
            .and_then(date_from_day);
        let request = SearchRequest {
            limit: 0,
            facets: true,
            ..SearchRequest::default()
        };
        let mut facets = self
            .main_pass(
                &searcher,
                &AllQuery,
                &[],
                &request,
                &derived,
                Counted {
                    fields: &FacetField::ALL,
                    parts: None,
                },
            )?
            .facets;
        let facet_values = facets
            .iter()
            .map(|(field, counts)| (field.clone(), counts.len()))
            .collect();
        for counts in facets.values_mut() {
            // The values in most activities: years and months come newest
            // first, and keep that order among equal counts.
            counts.sort_by_key(|c| std::cmp::Reverse(c.count));
            counts.truncate(STATS_TOP_VALUES);
        }
        Ok(Stats {
            entries: searcher.num_docs() as usize,
            files: manifest.files.len(),
            first_date: first,
            last_date: last,
            index_bytes: folder_bytes(&self.dir),
            facets,
            facet_values,
        })
    }

    /// Suggestions for a search box: indexed words and titles starting with the prefix.
    pub fn suggest(&self, prefix: &str, limit: usize) -> Result<Vec<facets::Suggestion>> {
        self.reading(|| self.find_suggestions(prefix, limit))
    }

    fn find_suggestions(&self, prefix: &str, limit: usize) -> Result<Vec<facets::Suggestion>> {
        let searcher = self.searcher();
        let derived = self.derived(&searcher)?;
        // A completed box is kept when it finds an activity holding every
        // part of it (not the any-word answer of one that none holds).
        // A completed text longer than a query may be is no use: the box
        // cannot hold it.
        let finds = |query: &str| -> Result<bool> { self.finds_any(&searcher, &derived, query) };
        // A word as the text writes it: the first marked in the snippet of
        // the first activity that holds it.
        // A word the bodies never write (`Podgorica`, in datelines alone)
        // is taken from the title or the dateline, where it is marked.
        let written = |word: &str| -> Result<Option<String>> {
            let hits = self.first_hits(&searcher, &derived, word, 1, true)?;
            Ok(hits.first().and_then(|hit| {
                let marked = |text: &str, marks: &[[usize; 2]]| -> Option<String> {
                    let [start, end] = *marks.first()?;
                    let marked: String = text
                        .chars()
                        .skip(start)
                        .take(end.saturating_sub(start))
                        .collect();
                    (!marked.is_empty()).then_some(marked)
                };
                marked(&hit.snippet.text, &hit.snippet.highlights)
                    .or_else(|| marked(&hit.title, &hit.title_highlights))
                    .or_else(|| marked(&hit.dateline, &hit.dateline_highlights))
            }))
        };
        // The titles of the first activities a search finds.
        let titles = |query: &str, limit: usize| -> Result<Vec<facets::Suggestion>> {
            let mut seen = std::collections::HashSet::new();
            Ok(self
                .first_hits(
                    &searcher,
                    &derived,
                    query,
                    limit * facets::TITLE_COPIES_READ,
                    false,
                )?
                .into_iter()
                // A title several activities share is offered once.
                .filter(|hit| seen.insert(hit.title.clone()))
                .take(limit)
                .map(|hit| facets::Suggestion {
                    detail: hit
                        .events
                        .iter()
                        .filter_map(|e| e.start)
                        .min()
                        .map(|d| d.to_string()),
                    text: hit.title,
                    kind: "title".to_string(),
                    id: Some(hit.id),
                    query: String::new(),
                })
                .collect())
        };
        facets::suggest(
            self,
            &searcher,
            &derived.glossary,
            &derived.facet_values,
            prefix,
            limit,
            &facets::Checks {
                finds: &finds,
                written: &written,
                titles: &titles,
            },
        )
    }

    /// Analyses one clause's text.
    fn analyse(&self, tokenizer: &mut BulletinTokenizer, text: &str) -> Vec<AnalysedToken> {
        analyse_text(tokenizer, text)
    }

    fn text_fields(&self, restrict: Option<TextField>) -> Vec<(Field, Score)> {
        match restrict {
            Some(TextField::Title) => vec![(self.fields.title, TITLE_BOOST)],
            Some(TextField::Text) | None => vec![(self.fields.text, 1.0)],
        }
    }

    /// The query for analysed tokens in the given fields: a term (any form)
    /// for one position, a phrase for several (and the joined word of a hyphenated one).
    ///
    /// `asked` says that the query will be asked about the documents another
    /// clause leads to rather than read from start to end (a word much more
    /// common than the rarest required word or filter, or an excluded word):
    /// one word is then an [`AnyFieldQuery`], and a phrase a
    /// [`LazyUnionQuery`] of its fields' phrases; both move only as far as
    /// asked. Read whole, tantivy's buffered union is faster.
    fn tokens_query(
        &self,
        tokens: &[AnalysedToken],
        fields: &[(Field, Score)],
        asked: bool,
    ) -> Option<Box<dyn Query>> {
        self.sloppy_tokens_query(tokens, fields, asked, 0)
    }

    /// As [`Self::tokens_query`], with a phrase's words allowed `slop`
    /// moves (`"border control"~2`).
    fn sloppy_tokens_query(
        &self,
        tokens: &[AnalysedToken],
        fields: &[(Field, Score)],
        asked: bool,
        slop: u32,
    ) -> Option<Box<dyn Query>> {
        // One term needs no union: tantivy's term scorer seeks by its skip list.
        if let [single] = tokens
            && asked
        {
            let mut terms: Vec<(Term, Score)> = Vec::new();
            for &(field, boost) in fields {
                for form in &single.forms {
                    terms.push((Term::from_field_text(field, form), boost));
                }
            }
            if terms.len() > 1 {
                return Some(Box::new(AnyFieldQuery::new(terms)));
            }
        }
        let mut alternatives: Vec<Box<dyn Query>> = Vec::new();
        for &(field, boost) in fields {
            match tokens {
                [] => {}
                [single] => {
                    for form in &single.forms {
                        let term = TermQuery::new(
                            Term::from_field_text(field, form),
                            IndexRecordOption::WithFreqsAndPositions,
                        );
                        alternatives.push(boosted(Box::new(term), boost));
                    }
                }
                [first, ..] => {
                    let base = first.position;
                    let terms: Vec<(usize, Term)> = tokens
                        .iter()
                        .filter_map(|t| {
                            t.forms
                                .last()
                                .map(|f| (t.position - base, Term::from_field_text(field, f)))
                        })
                        .collect();
                    let phrase = PhraseQuery::new_with_offset_and_slop(terms, slop);
                    alternatives.push(boosted(Box::new(phrase), boost));
                    if first.forms.len() > 1 {
                        let joined = TermQuery::new(
                            Term::from_field_text(field, &first.forms[0]),
                            IndexRecordOption::WithFreqs,
                        );
                        alternatives.push(boosted(Box::new(joined), boost));
                    }
                }
            }
        }
        // A phrase asked about other clauses' documents: each field's phrase
        // is only worked out where asked.
        match alternatives.len() {
            0 => None,
            1 => alternatives.pop(),
            _ => Some(union_query(alternatives, asked)),
        }
    }

    /// How many postings a clause of these tokens reads: for its rarest
    /// position, the documents holding each form in each field, summed.
    fn postings_cost(
        &self,
        searcher: &Searcher,
        fields: &[(Field, Score)],
        tokens: &[AnalysedToken],
    ) -> u64 {
        tokens
            .iter()
            .map(|token| {
                let mut cost = 0;
                for form in &token.forms {
                    for &(field, _) in fields {
                        let term = Term::from_field_text(field, form);
                        cost += searcher.doc_freq(&term).unwrap_or(0);
                    }
                }
                cost
            })
            .min()
            .unwrap_or(0)
    }

    /// How many postings the rarest facet filter reads (the request's and
    /// the query's own `field:value` clauses), if there is one.
    fn facet_filter_cost(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        filters: &Filters,
        clauses: &[(FacetField, String, bool)],
    ) -> Option<u64> {
        FacetField::ALL
            .into_iter()
            .filter_map(|field| {
                let values: Vec<&String> = filters
                    .values(field)
                    .iter()
                    .chain(
                        clauses
                            .iter()
                            .filter(|c| c.0 == field && !c.2)
                            .map(|c| &c.1),
                    )
                    .collect();
                if values.is_empty() {
                    return None;
                }
                let schema_field = self.facet_schema_field(field);
                let mut cost = 0;
                for value in values {
                    for facet in derived
                        .facet_values
                        .resolve(field, value, &derived.glossary)
                    {
                        let term = Term::from_facet(schema_field, &facet);
                        cost += searcher.doc_freq(&term).unwrap_or(0);
                    }
                }
                Some(cost)
            })
            .min()
    }

    /// The closest indexed term to a misspelt word, within the edits its
    /// length allows. The index holds stems (`train`), while people type
    /// whole words (`trainng` for `training`): a term's distance is the
    /// least distance from the typed word to the term with one of the
    /// common English endings ([`query::SURFACE_ENDINGS`]), so a typo in an
    /// inflected word is measured against a whole word, as typed. The
    /// distance between the word's own stem (`form`) and the term counts one
    /// edit more: stems are short, and `laund` (from `laundeing`) is one
    /// edit from `land` but two letters from `laundering`.
    /// [`Self::closest_term`], remembered for the commit.
    fn remembered_closest_term(
        &self,
        derived: &Derived,
        searcher: &Searcher,
        form: &str,
        typed: &str,
    ) -> Option<String> {
        let key = (form.to_string(), typed.to_string());
        let remembered = derived
            .corrections
            .lock()
            .ok()
            .and_then(|known| known.get(&key).cloned());
        if let Some(term) = remembered {
            return term;
        }
        let term = self.closest_term(searcher, form, typed);
        if let Ok(mut known) = derived.corrections.lock() {
            if known.len() >= MAX_REMEMBERED_CORRECTIONS {
                known.clear();
            }
            known.insert(key, term.clone());
        }
        term
    }

    /// A typo correction as the answer shows it: the word nearest to
    /// `typed` among the words of an activity that holds `term`, in the
    /// case of `typed` (`trainng` is shown as `training`, not `train`).
    fn shown_correction(&self, searcher: &Searcher, typed: &str, term: String) -> String {
        corrected_query(
            typed,
            &[(typed.to_string(), term)],
            None,
            |term: &str| self.text_holding(searcher, term),
            &mut BulletinTokenizer::new(),
        )
    }

    /// The title and body of the activity that holds the indexed `term`
    /// most, where a correction finds how its word is written.
    fn text_holding(&self, searcher: &Searcher, term: &str) -> Option<String> {
        let query = TermQuery::new(
            Term::from_field_text(self.fields.text, term),
            IndexRecordOption::Basic,
        );
        let top = searcher
            .search(&query, &TopDocs::with_limit(1).order_by_score())
            .ok()?;
        let (_, address) = top.first()?;
        let record = read_record(searcher, self.fields.record, &self.dir, *address).ok()?;
        Some(format!("{} {}", record.title, record.body))
    }

    fn closest_term(&self, searcher: &Searcher, form: &str, typed: &str) -> Option<String> {
        let limit = allowed_edits(typed);
        if limit == 0 {
            return None;
        }
        // In the letters the index holds: Cyrillic in its Latin spelling.
        let typed = crate::index::analyzer::letters_of(typed);
        let mut whole_words = query::EndingDistance::new(&typed, &query::SURFACE_ENDINGS, limit);
        // The stemmer writes a final `y` as `i` (`recovery` is `recoveri`).
        let mut y_words = query::EndingDistance::new(&typed, &query::Y_ENDINGS, limit);
        // The stem's distance counts one edit more, so it may use one less.
        let mut own_stem = query::EndingDistance::new(form, &[""], limit - 1);
        let mut tokenizer = BulletinTokenizer::new();
        // Each term within reach: its distance, and its documents in every segment.
        let mut near: HashMap<String, (usize, u64)> = HashMap::new();
        let field = self.fields.text;
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(field) else {
                continue;
            };
            let mut stream = match inverted.terms().stream() {
                Ok(stream) => stream,
                Err(_) => continue,
            };
            while stream.advance() {
                let Ok(term) = std::str::from_utf8(stream.key()) else {
                    continue;
                };
                // A word as written in capitals is no correction of a typed word.
                if is_capitals_form(term) {
                    continue;
                }
                let stem_distance = own_stem.nearest(term);
                if stem_distance == 0 {
                    // The word's own stem: it has postings after all.
                    continue;
                }
                let y_stem = term.strip_suffix('i');
                let nearest = whole_words
                    .nearest(term)
                    .min(y_stem.map_or(limit + 1, |stem| y_words.nearest(stem)));
                let mut distance = stem_distance + 1;
                if nearest < distance {
                    // Only a whole word that is the term once analysed
                    // counts (`strateg` + `y` is `strategy`, which is
                    // `strategi`, not `strateg`).
                    distance = distance.min(surface_distance(&typed, term, limit, &mut tokenizer));
                }
                if distance > limit {
                    continue;
                }
                let freq = u64::from(stream.value().doc_freq);
                near.entry(term.to_string()).or_insert((distance, 0)).1 += freq;
            }
        }
        // The nearest, then the one in most documents, then the first in order.
        near.into_iter()
            .min_by(|(a, (da, fa)), (b, (db, fb))| da.cmp(db).then(fb.cmp(fa)).then(a.cmp(b)))
            .map(|(term, _)| term)
    }

    /// Plans a query whose alternatives are joined by `OR`: each is planned
    /// on its own, and a document matches when it matches any of them. A
    /// `field:value` filter that every alternative has narrows the whole
    /// search, as it does in a query without `OR` (and its field is counted
    /// as a filtered one); a filter of some alternatives narrows those alone,
    /// together with the filters given beside the query.
    fn plan_alternatives(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        text: &str,
        any_word: bool,
        filters: &Filters,
    ) -> Result<Plan> {
        let mut plan = self.plan_each_alternative(searcher, derived, text, any_word, filters)?;
        // A date clause the query language read rewritten
        // (`date:2022-03-24 TO 28 March`, read as `[2022-03-24 TO "28
        // March"]`) is named as typed; the form it was read as stays named
        // only when typed too (`date:[2022-03 TO 2022-05] OR date:2022-03
        // TO 2022-05`).
        for (field, read, typed) in query::typed_date_values(text) {
            let typed_too = text.contains(read.as_str());
            if let Some(values) = plan.named.get_mut(field.name())
                && let Some(days) = values.get(&read).cloned()
            {
                if !typed_too {
                    values.remove(&read);
                }
                values.insert(typed, days);
            }
        }
        Ok(plan)
    }

    /// The plan of each alternative of `text` (see [`alternatives`]), merged.
    fn plan_each_alternative(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        text: &str,
        any_word: bool,
        filters: &Filters,
    ) -> Result<Plan> {
        let mut alternatives = alternatives(text);
        match alternatives.as_slice() {
            // `OR` alone is the word.
            [] => return self.plan(searcher, derived, text, any_word, filters),
            // An OR with nothing on one side (`firearms OR`) is left out.
            [only] => return self.plan(searcher, derived, only, any_word, filters),
            _ => {}
        }
        let mut merged = Plan::default();
        if alternatives.len() > MAX_CLAUSES {
            merged.notices.push(format!(
                "more than {MAX_CLAUSES} alternatives joined by OR; only the first {MAX_CLAUSES} are used"
            ));
            alternatives.truncate(MAX_CLAUSES);
        }
        let plans = alternatives
            .iter()
            .map(|alternative| self.plan(searcher, derived, alternative, any_word, filters))
            .collect::<Result<Vec<Plan>>>()?;
        let shared: Vec<(FacetField, String, bool)> = match plans.split_first() {
            Some((first, others)) => first
                .facet_clauses
                .iter()
                .filter(|clause| {
                    others
                        .iter()
                        .all(|plan| plan.facet_clauses.contains(clause))
                })
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        let shared_days: Vec<(DaySpan, bool)> = match plans.split_first() {
            Some((first, others)) => first
                .date_clauses
                .iter()
                .filter(|clause| others.iter().all(|plan| plan.date_clauses.contains(clause)))
                .copied()
                .collect(),
            None => Vec::new(),
        };
        let mut texts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut matches_all = false;
        for plan in plans {
            let own: Vec<&(FacetField, String, bool)> = plan
                .facet_clauses
                .iter()
                .filter(|clause| !shared.contains(clause))
                .collect();
            let own_days: Vec<(DaySpan, bool)> = plan
                .date_clauses
                .iter()
                .filter(|clause| !shared_days.contains(clause))
                .copied()
                .collect();
            let text = if own.is_empty() && own_days.is_empty() {
                plan.text
            } else {
                // The alternative's filters, with those shared and those
                // given beside the query, so that one part of an activity
                // meets its place and date filters at once.
                let mut own_filters = filters.clone();
                let mut negated = Vec::new();
                for (field, value, is_negated) in shared.iter().chain(own.iter().copied()) {
                    if *is_negated {
                        negated.push((*field, value.clone()));
                    } else {
                        own_filters.values_mut(*field).push(value.clone());
                    }
                }
                let days: Vec<(DaySpan, bool)> =
                    shared_days.iter().chain(&own_days).copied().collect();
                let negated_days = narrow_days(&mut own_filters, &days);
                let mut notices = Vec::new();
                let resolved = self.resolve_filters(
                    searcher,
                    derived,
                    &own_filters,
                    (&negated, &negated_days),
                    &mut notices,
                )?;
                merged.notices.extend(notices);
                let text = self.combine(plan.text, &resolved, None);
                for (field, values) in resolved.named {
                    merged.named.entry(field).or_default().extend(values);
                }
                Some(text)
            };
            match text {
                Some(text) => texts.push((Occur::Should, text)),
                // Only filters, all shared: every document under them.
                None if !plan.facet_clauses.is_empty() || !plan.date_clauses.is_empty() => {
                    matches_all = true
                }
                // Nothing searchable (`firearms OR *`): the alternative adds nothing.
                None => {}
            }
            merged.proximity.extend(plan.proximity);
            merged.expanded.extend(plan.expanded);
            merged.corrections.extend(plan.corrections);
            merged.positive_clauses += plan.positive_clauses;
            merged.phrase_slop = merged.phrase_slop.max(plan.phrase_slop);
            for (field, values) in plan.named {
                merged.named.entry(field).or_default().extend(values);
            }
            merged.notices.extend(plan.notices);
            for notice in plan.words_not_held {
                if !merged.words_not_held.contains(&notice) {
                    merged.words_not_held.push(notice);
                }
            }
        }
        merged.facet_clauses = shared;
        merged.date_clauses = shared_days;
        if !matches_all && !texts.is_empty() {
            merged.text = Some(Box::new(BooleanQuery::new(texts)));
        }
        Ok(merged)
    }

    /// Plans the text part of a query. `any_word` makes every clause
    /// optional; `filters` (with the query's own facet clauses) narrow the matches.
    fn plan(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        text: &str,
        any_word: bool,
        filters: &Filters,
    ) -> Result<Plan> {
        let mut tokenizer = BulletinTokenizer::new();
        let clauses = join_facet_values(parse_query(text), |field, value| {
            derived
                .facet_values
                .resolve_exactly(field, value, &derived.glossary)
        });
        let mut plan = Plan::default();
        // Analyse every text clause once.
        struct Analysed {
            tokens: Vec<AnalysedToken>,
            field: Option<TextField>,
            negated: bool,
            word: Option<String>,
            phrase: bool,
            /// The moves a phrase allows (`"…"~N`).
            slop: u32,
            /// The weight asked for it (`firearms^2`), 1 unless asked.
            boost: Score,
            /// A word of the any-word search that is a part of the word
            /// before it (`funded` of `EU-funded`).
            is_part: bool,
            /// Another name of a country that no activity writes
            /// (`Kosovar`, `Crna Gora`), searched as the country's name.
            names_country: bool,
        }
        /// A word as typed, not quoted, with the words after it that are
        /// alike (excluded or not, in the same field): a run that may name
        /// a country or an SDG target.
        fn typed_run(items: &[Analysed]) -> Vec<&str> {
            let Some(first) = items.first() else {
                return Vec::new();
            };
            items
                .iter()
                .take_while(|a| !a.phrase && a.negated == first.negated && a.field == first.field)
                .map_while(|a| a.word.as_deref())
                .collect()
        }
        /// The long form of a word written as an acronym the corpus defines.
        fn long_form<'g>(a: &Analysed, glossary: &'g Glossary) -> Option<&'g String> {
            let word = a.word.as_ref().filter(|_| !a.phrase)?;
            glossary.get(word)?.expansions.first()
        }
        let mut analysed: Vec<Analysed> = Vec::new();
        // The parts of hyphenated words beyond the first: words a document
        // may hold some of, for the any-word search.
        let mut words_apart = 0;
        // Words longer than any indexed word: nothing can match them.
        let mut too_long: Vec<String> = Vec::new();
        // `- -firearms`: a `-` apart excludes nothing (a `-` excludes the
        // word it touches), and before an exclusion it looks meant to take
        // the exclusion back, as `NOT -firearms` does; it is left out, as
        // punctuation is, and a notice says so.
        if let Some(excluded) = clauses.windows(2).find_map(|pair| {
            let dash = matches!(&pair[0].kind, ClauseKind::Word(word) if word.chars().all(|c| c == '-'))
                && !pair[0].negated;
            (dash && pair[1].negated).then(|| match &pair[1].kind {
                ClauseKind::Word(word) | ClauseKind::Phrase(word, _) => word.clone(),
                ClauseKind::Facet(field, value) => format!("{}:{value}", field.name()),
                ClauseKind::Date(field, value) => format!("{}:{value}", field.name()),
            })
        }) {
            plan.notices.push(format!(
                "a \"-\" apart from a word excludes nothing and is left out, so {excluded:?} is still excluded (\"-firearms\" excludes firearms; \"NOT -firearms\" takes the exclusion back)"
            ));
        }
        for clause in clauses {
            if let Some(name) = &clause.unknown_field {
                plan.notices.push(format!(
                    "{name:?} is not a field (title, body, country, city, programme, donor, sdg, mentioned, year, month, date, from, to); its value is searched in the whole text"
                ));
            }
            // `fire*arms`, `Podgor?ca`, `"border contr*"`: only a word's
            // last `*` is a prefix.
            let wildcard = match &clause.kind {
                ClauseKind::Word(word) => Some(word).filter(|w| holds_inner_wildcard(w)),
                ClauseKind::Phrase(phrase, _) => {
                    Some(phrase).filter(|p| p.contains('*') || holds_inner_wildcard(p))
                }
                _ => None,
            };
            // `police^abc`, `police^`: a weight is a number.
            if let ClauseKind::Word(word) = &clause.kind
                && let Some((before, weight)) = word.rsplit_once('^')
            {
                let after = if weight.is_empty() {
                    "nothing".to_string()
                } else {
                    format!("{weight:?}")
                };
                // `^2` apart from a word: a number, with no word to weigh.
                if before.is_empty() && !weight.is_empty() && query::is_weight(weight) {
                    plan.notices.push(format!(
                        "{word:?}: no word before ^ to weigh (a weight touches its word: police^2); searched as typed"
                    ));
                } else {
                    plan.notices.push(format!(
                        "{word:?}: {after} after ^ is no weight (a weight is a number: police^2, police^0.5); searched as typed"
                    ));
                }
            }
            // `police~abc`, `~2`: a fuzziness is a number of edits after
            // its word (`police~`, `police~1` are read off as the parser
            // reads them); what is left is searched as typed. A tilde alone
            // (`police ~`) is punctuation, and a weight that is no number
            // after a fuzziness (`police~1^abc`) has a notice of its own.
            if let ClauseKind::Word(word) = &clause.kind
                && let Some((before, fuzziness)) =
                    word.split('^').next().and_then(|w| w.rsplit_once('~'))
                && !word.chars().all(|c| c == '~')
            {
                let edits = fuzziness.chars().all(|c| c.is_ascii_digit());
                if edits && !before.is_empty() && !before.ends_with('~') {
                    // `police~1^abc`, `police~^abc`: the fuzziness is one.
                } else if edits && before.is_empty() {
                    plan.notices.push(format!(
                        "{word:?}: no word before ~ to make fuzzy (a fuzziness touches its word: police~1); searched as typed"
                    ));
                } else {
                    let after = if fuzziness.is_empty() {
                        "nothing".to_string()
                    } else {
                        format!("{fuzziness:?}")
                    };
                    plan.notices.push(format!(
                        "{word:?}: {after} after ~ is no fuzziness (a fuzziness is a number of edits: police~1, police~); searched as typed"
                    ));
                }
            }
            if let Some(typed) = wildcard {
                plan.notices.push(format!(
                    "{typed:?}: * and ? inside a word or a phrase are no wildcard (a word's last * is a prefix); searched as typed"
                ));
            }
            match clause.kind {
                ClauseKind::Facet(field, value) => {
                    plan.facet_clauses.push((field, value, clause.negated))
                }
                ClauseKind::Date(field, value) => match when::date_span(field, &value) {
                    Ok(span) => {
                        plan.named
                            .entry(field.name().to_string())
                            .or_default()
                            .insert(value, vec![span.describe()]);
                        plan.date_clauses.push((span, clause.negated));
                    }
                    // `date:March`: every March, as `month:March` reads it.
                    Err(_) if field == DateField::Date && month_number(value.trim()).is_some() => {
                        plan.facet_clauses
                            .push((FacetField::Month, value, clause.negated))
                    }
                    Err(notice) => plan.notices.push(notice),
                },
                ClauseKind::Word(word) => {
                    // `Podgor*,` (a list typed with commas): punctuation after
                    // a prefix's star is left out, as it is after any word.
                    let bare = word.trim_end_matches(|c: char| {
                        !c.is_alphanumeric() && !c.is_whitespace() && !matches!(c, '*' | '?')
                    });
                    let word = if bare.len() < word.len()
                        && bare.ends_with('*')
                        && !holds_inner_wildcard(bare)
                    {
                        bare.to_string()
                    } else {
                        word
                    };
                    // An acronym's possessive (`EU's`) is the acronym, with
                    // its long form: it found only the activities that
                    // write `EU` itself.
                    // With any apostrophe (`EUʼs`).
                    let word = match POSSESSIVES
                        .iter()
                        .find_map(|possessive| word.strip_suffix(possessive))
                    {
                        Some(acronym) if derived.glossary.get(acronym).is_some() => {
                            acronym.to_string()
                        }
                        _ => word,
                    };
                    let mut tokens = self.analyse(&mut tokenizer, &word);
                    // `Podgor*`: the indexed words that start so, and the
                    // prefix's own stem (`organiz*` is `organ`). Stars typed
                    // twice (`Podgor**`) are one.
                    if let [token] = tokens.as_mut_slice()
                        && let Some(prefix) =
                            word.strip_suffix('*').map(|p| p.trim_end_matches('*'))
                    {
                        // Keyed as the analyzer reads a word's letters:
                        // folded, lower-cased, Cyrillic in Latin letters.
                        // (`Đak*` is both `dak` and `djak`, as `Đakovica` is.)
                        let keys = crate::index::analyzer::prefix_keys(prefix);
                        let letters = keys.first().map_or(0, |key| key.chars().count());
                        if letters == 1 {
                            plan.notices.push(format!(
                                "{word}: a prefix needs two letters or more; searched as a word"
                            ));
                        }
                        let keys: Vec<String> = keys
                            .into_iter()
                            .filter(|key| key.chars().all(char::is_alphanumeric))
                            .collect();
                        // A British spelling's prefix is searched in its
                        // American spelling too (`organis*` as `organiz*`),
                        // as the index holds the word (`organised`).
                        let american: Vec<String> = keys
                            .iter()
                            .filter_map(|key| crate::index::spelling::american_prefix(key))
                            .collect();
                        // Words that start so and that the index holds
                        // under another spelling (`centres`, `Beograd`), or
                        // under a stem shorter than the prefix (`mentori*`:
                        // `mentoring`, held as `mentor`).
                        let otherwise: Vec<String> = keys
                            .iter()
                            .flat_map(|key| {
                                crate::index::analyzer::words_read_otherwise(key)
                                    .into_iter()
                                    .map(str::to_string)
                                    .chain(completions_past_the_stem(key))
                            })
                            .collect();
                        let keys: Vec<String> = keys.into_iter().chain(american).collect();
                        if !keys.is_empty() && letters >= 2 {
                            let mut counts: HashMap<String, u64> = HashMap::new();
                            let mut capped = false;
                            for (at, key) in keys.iter().enumerate() {
                                let (found, key_capped) = facets::prefix_terms(
                                    searcher,
                                    self.fields.text,
                                    key,
                                    facets::MAX_PREFIX_TERMS,
                                )?;
                                capped |= key_capped;
                                for (freq, term) in found {
                                    // A term an earlier key found already.
                                    if keys[..at]
                                        .iter()
                                        .any(|k| term.starts_with(String::as_str(k)))
                                    {
                                        continue;
                                    }
                                    *counts.entry(term).or_default() += u64::from(freq);
                                }
                            }
                            // The words of the text that start so and
                            // that the index holds under a stem that
                            // does not (`terroris*`: `terrorism`, held
                            // as `terror`).
                            for key in &keys {
                                let words = written_words_starting(&derived.written, key);
                                capped |= words.len() > facets::MAX_PREFIX_TERMS;
                                for word in words.iter().take(facets::MAX_PREFIX_TERMS) {
                                    for form in self
                                        .analyse(&mut tokenizer, word)
                                        .into_iter()
                                        .flat_map(|t| t.forms)
                                    {
                                        if counts.contains_key(&form) {
                                            continue;
                                        }
                                        let term = Term::from_field_text(self.fields.text, &form);
                                        let freq = searcher.doc_freq(&term)?;
                                        if freq > 0 {
                                            counts.insert(form, freq);
                                        }
                                    }
                                }
                            }
                            for other in &otherwise {
                                for form in self
                                    .analyse(&mut tokenizer, other)
                                    .into_iter()
                                    .flat_map(|t| t.forms)
                                {
                                    // A word made up past the stem that the
                                    // stemmer cuts to a little word is none
                                    // the prefix starts, unless it is a word
                                    // (`being`, held as `be`).
                                    if counts.contains_key(&form)
                                        || (crate::text::is_little_word(&form) && !is_a_word(other))
                                    {
                                        continue;
                                    }
                                    let term = Term::from_field_text(self.fields.text, &form);
                                    let freq = searcher.doc_freq(&term)?;
                                    if freq > 0 {
                                        counts.insert(form, freq);
                                    }
                                }
                            }
                            // The prefix's own stem is searched only when it
                            // stands for a word that starts with the prefix
                            // (`organiz*` is `organ`, as `organization` is
                            // held), and a stem that is a little word only
                            // for a word (`its*` is `it`, `being*` is `be`):
                            // a prefix the stemmer cut to a little word
                            // (`ins*` is `in`, `onli*` is `on`) found every
                            // activity holding it.
                            let mut found_stem = |form: &String| {
                                keys.iter().any(|key| form.starts_with(key.as_str()))
                                    || counts.contains_key(form)
                                    || stands_for_a_word_starting(
                                        &mut tokenizer,
                                        &keys,
                                        form,
                                        crate::text::is_little_word(form),
                                    )
                            };
                            token.forms.retain(|form| found_stem(form));
                            token
                                .capitals
                                .retain(|form| found_stem(&form.to_lowercase()));
                            let mut terms: Vec<(u64, String)> =
                                counts.into_iter().map(|(t, f)| (f, t)).collect();
                            terms.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                            if capped || terms.len() > MAX_PREFIX_WORDS {
                                plan.notices.push(format!(
                                    "{word} stands for more than {MAX_PREFIX_WORDS} words; the {MAX_PREFIX_WORDS} in most activities are searched"
                                ));
                                terms.truncate(MAX_PREFIX_WORDS);
                            }
                            for (_, term) in terms {
                                if !token.forms.contains(&term) {
                                    token.forms.push(term);
                                }
                            }
                            // Nothing starts so: the prefix itself, which
                            // the index holds no more than it does a stem.
                            if token.forms.is_empty()
                                && let Some(key) = keys.first()
                            {
                                token.forms.push(key.clone());
                            }
                        }
                    }
                    // An acronym the glossary knows, typed in capitals, is
                    // the acronym where the text writes it in capitals too
                    // (`SEE`, South Eastern Europe), not the word `see`.
                    if let [token] = tokens.as_mut_slice()
                        && derived.glossary.get(&word).is_some()
                    {
                        token.keep_capitals_only();
                    }
                    if tokens.is_empty() && !clause.negated && is_too_long(&word) {
                        too_long.push(word.clone());
                    }
                    let parts = if clause.negated {
                        Vec::new()
                    } else {
                        parts_of_word(&word, tokens.len())
                    };
                    if !tokens.is_empty() {
                        analysed.push(Analysed {
                            tokens,
                            field: clause.field,
                            negated: clause.negated,
                            word: Some(word),
                            phrase: false,
                            slop: 0,
                            boost: clause.boost,
                            is_part: false,
                            names_country: false,
                        });
                    }
                    // A hyphenated word (`EU-funded`) is a phrase of its
                    // parts; when no activity holds it, the any-word search
                    // looks for each part too, after the whole word, whose
                    // score puts the activities that write it so first.
                    if any_word {
                        for part in parts {
                            let mut tokens = self.analyse(&mut tokenizer, &part);
                            if let [token] = tokens.as_mut_slice()
                                && derived.glossary.get(&part).is_some()
                            {
                                token.keep_capitals_only();
                            }
                            if tokens.len() == 1 {
                                analysed.push(Analysed {
                                    tokens,
                                    field: clause.field,
                                    negated: false,
                                    word: Some(part),
                                    phrase: false,
                                    slop: 0,
                                    boost: clause.boost,
                                    is_part: true,
                                    names_country: false,
                                });
                            }
                        }
                    } else {
                        words_apart += parts.len().saturating_sub(1);
                    }
                }
                ClauseKind::Phrase(phrase, slop) => {
                    let tokens = self.analyse(&mut tokenizer, &phrase);
                    // A phrase holding a word too long to index matches
                    // nothing, with or without its other words.
                    if !clause.negated && is_too_long(&phrase) {
                        too_long.push(phrase.clone());
                        continue;
                    }
                    // A quoted word is searched as written, never corrected,
                    // but one no activity holds matches nothing: the answer
                    // names it, as it names such a word typed unquoted.
                    if !clause.negated {
                        let fields = self.text_fields(None);
                        let several = tokens.len() > 1;
                        for token in &tokens {
                            if self.postings_cost(searcher, &fields, std::slice::from_ref(token))
                                > 0
                            {
                                continue;
                            }
                            let Some(word) = phrase.get(token.from..token.to) else {
                                continue;
                            };
                            let notice = if several {
                                format!(
                                    "no activity holds {word:?}, a word of the phrase {phrase:?}"
                                )
                            } else {
                                format!("no activity holds {word:?}")
                            };
                            if !plan.notices.contains(&notice) {
                                plan.not_held(notice);
                            }
                        }
                    }
                    if !tokens.is_empty() {
                        analysed.push(Analysed {
                            tokens,
                            field: clause.field,
                            negated: clause.negated,
                            word: None,
                            phrase: true,
                            slop,
                            boost: clause.boost,
                            is_part: false,
                            names_country: false,
                        });
                    }
                }
            }
        }
        plan.phrase_slop = analysed
            .iter()
            .filter(|a| a.phrase && !a.negated)
            .map(|a| a.slop)
            .max()
            .unwrap_or(0);
        // Another name of a country in several words that no activity
        // writes (`Crna Gora`, `Bosna i Hercegovina`, `Sri Lankan`): one
        // word, the country's name, as `--country "Crna Gora"` reads it.
        let mut at = 0;
        while at < analysed.len() {
            let run = typed_run(&analysed[at..]);
            let named = (2..=run.len().min(MAX_COUNTRY_WORD_WORDS))
                .rev()
                .find_map(|words| {
                    let typed = run[..words].join(" ");
                    country_of_word(&typed).map(|country| (words, typed, country))
                });
            let Some((words, typed, country)) = named else {
                at += 1;
                continue;
            };
            let tokens = self.analyse(&mut tokenizer, country);
            // Only a name no activity writes as typed is searched as the
            // country (a search for the phrase, after the cheaper checks).
            let fields = self.text_fields(analysed[at].field);
            let written = tokens.is_empty()
                || derived.glossary.get(run[0]).is_some()
                || match self.tokens_query(&self.analyse(&mut tokenizer, &typed), &fields, false) {
                    Some(query) => searcher.search(&*query, &Count)? > 0,
                    None => false,
                };
            if written {
                at += 1;
                continue;
            }
            plan.expanded.insert(typed.clone(), country.to_string());
            // A weight on any word of the name (`Crna Gora^2`) weighs it all.
            let boost = analysed[at..at + words]
                .iter()
                .map(|a| a.boost)
                .product::<Score>()
                .min(query::MAX_BOOST);
            let item = &mut analysed[at];
            item.word = Some(typed);
            item.tokens = tokens;
            item.names_country = true;
            item.boost = boost;
            analysed.drain(at + 1..at + words);
            at += 1;
        }
        if analysed.len() > MAX_CLAUSES {
            plan.notices.push(format!(
                "query has {} words; only the first {MAX_CLAUSES} are used",
                analysed.len()
            ));
            analysed.truncate(MAX_CLAUSES);
        }
        // The term budget: words are kept in order while their terms fit; a
        // first word that alone is too big (a long hyphenated chain) is cut.
        let mut budget = MAX_QUERY_TERMS;
        let mut kept = 0;
        let mut cut = false;
        for item in analysed.iter_mut() {
            let cost = term_cost(&item.tokens);
            if cost <= budget {
                budget -= cost;
                kept += 1;
                continue;
            }
            if kept == 0 {
                while term_cost(&item.tokens) > budget {
                    item.tokens.pop();
                }
                budget -= term_cost(&item.tokens);
                kept = 1;
                cut = true;
            }
            break;
        }
        if kept < analysed.len() || cut {
            plan.notices.push(format!(
                "query expands to more than {MAX_QUERY_TERMS} terms; only the terms of its first {kept} word(s) are used"
            ));
            analysed.truncate(kept);
        }
        // The words of a country's name (`former Yugoslav Republic of
        // Macedonia`, `Ivory Coast`) are no typos, even where the corpus
        // writes them otherwise.
        // The country name starting at each word, looked up once for the
        // typo pass and the planning below (neither changes what was typed).
        let place_at: Vec<Option<(usize, &places::PlaceName)>> = (0..analysed.len())
            .map(|at| places::name_at(&typed_run(&analysed[at..])))
            .collect();
        // The words of a place's name, or of an SDG goal or target (`SDG
        // 5`): read as one, never corrected or joined.
        let mut in_place_name = vec![false; analysed.len()];
        let mut at = 0;
        while at < analysed.len() {
            let run = typed_run(&analysed[at..]);
            match place_at[at]
                .map(|(words, _)| words)
                .or_else(|| sdg_at(&run).map(|(words, _)| words))
            {
                Some(words) => {
                    in_place_name[at..at + words].fill(true);
                    at += words;
                }
                None => at += 1,
            }
        }
        // Two words typed apart that the corpus writes as one (`cyber
        // crime`, `co operation`): the word they make, where it is indexed.
        // Hyphenated words are indexed whole too, so `cyber-crime` in the
        // text is found as well.
        let mut joined_corrections: Vec<(String, String)> = Vec::new();
        let joined_at: Vec<Option<(String, Vec<AnalysedToken>)>> = (0..analysed.len())
            .map(|at| {
                let pair = analysed.get(at..at + 2)?;
                if in_place_name[at] || in_place_name[at + 1] {
                    return None;
                }
                let joinable = |a: &Analysed| {
                    !a.negated
                        && !a.phrase
                        && !a.is_part
                        && !a.names_country
                        && a.field == pair[0].field
                        && a.tokens.len() == 1
                };
                let (first, second) = (pair[0].word.as_deref()?, pair[1].word.as_deref()?);
                let short = |w: &str| w.chars().filter(|c| c.is_alphanumeric()).count() < 2;
                // A little word (`in formal`, `to day`) is a word of its own,
                // not half of one.
                let little = crate::text::is_little_word;
                if !pair.iter().all(joinable)
                    || short(first)
                    || short(second)
                    || little(first)
                    || little(second)
                    || first.ends_with('*')
                    || derived.glossary.get(first).is_some()
                    || derived.glossary.get(second).is_some()
                {
                    return None;
                }
                let word = format!("{first}{second}");
                let mut tokens = self.analyse(&mut tokenizer, &word);
                if tokens.len() != 1 {
                    return None;
                }
                let fields = self.text_fields(pair[0].field);
                if self.postings_cost(searcher, &fields, &tokens) > 0 {
                    return Some((word, tokens));
                }
                // Neither half is indexed, nor the word they make: a typo
                // of the joined word (`fire armz` is `firearms`), as a word
                // typed whole would be corrected.
                let unknown =
                    |at: usize| self.postings_cost(searcher, &fields, &pair[at].tokens) == 0;
                if !(unknown(0) && unknown(1)) {
                    return None;
                }
                let term =
                    self.remembered_closest_term(derived, searcher, &tokens[0].forms[0], &word)?;
                tokens[0].forms = vec![term.clone()];
                joined_corrections.push((format!("{first} {second}"), term));
                Some((word, tokens))
            })
            .collect();
        plan.corrections.extend(joined_corrections);
        let in_joined =
            |at: usize| joined_at[at].is_some() || (at > 0 && joined_at[at - 1].is_some());
        // An adjective or other name of a country that no activity writes
        // (`Kosovar`, `Turkish`, `Macedonian`), asked for or excluded: the
        // country's name, as `--country Kosovar` reads it. A code of three
        // letters (`MNE`) counts only typed in capitals, so that a short
        // word is not taken for one.
        let mut names_country: Vec<bool> = analysed.iter().map(|a| a.names_country).collect();
        for (at, item) in analysed.iter_mut().enumerate() {
            let Some(word) = item.word.clone().filter(|_| !item.names_country) else {
                continue;
            };
            let is_code = word.chars().count() <= 3;
            let Some(country) = country_of_word(&word)
                .filter(|_| !is_code || word.chars().all(|c| c.is_uppercase()))
            else {
                continue;
            };
            if item.phrase
                || in_place_name[at]
                || in_joined(at)
                || item.tokens.len() != 1
                || derived.glossary.get(&word).is_some()
                || self.postings_cost(searcher, &self.text_fields(None), &item.tokens) > 0
            {
                continue;
            }
            let tokens = self.analyse(&mut tokenizer, country);
            if !tokens.is_empty() {
                item.tokens = tokens;
                plan.expanded.insert(word, country.to_string());
                names_country[at] = true;
            }
        }
        // Typo correction for plain words that match nothing and are not acronyms.
        let mut uncorrected = 0;
        for (_, item) in analysed.iter_mut().enumerate().filter(|(at, a)| {
            !a.negated && !a.phrase && !in_place_name[*at] && !in_joined(*at) && !names_country[*at]
        }) {
            let Some(word) = item.word.clone() else {
                continue;
            };
            // An acronym typed in capitals is no typo either; when no
            // activity holds it, written or spelt out, the answer says so
            // (`NATO`, a well-known acronym the corpus never names).
            if let Some(entry) = derived.glossary.get(&word) {
                let written =
                    self.postings_cost(searcher, &self.text_fields(None), &item.tokens) > 0;
                if !written && !facets::is_acronym_held(searcher, self.fields.text, entry)? {
                    let long = entry.expansions.first().map_or("", String::as_str);
                    let notice = format!("no activity holds {word:?}, nor its long form {long:?}");
                    plan.not_held(notice);
                }
                continue;
            }
            // A word the analyzer reads as several that are no parts of it
            // (`qqx<ESC>zzw`: a control character splits it), one of which
            // no activity holds, matches nothing: the answer says so, as
            // for a word read as one. It is quoted escaped.
            if item.tokens.len() > 1
                && !crate::extract::gazetteer::gazetteer().is_known_place(&word)
                && parts_of_word(&word, item.tokens.len()).is_empty()
                && item.tokens.iter().any(|token| {
                    self.postings_cost(
                        searcher,
                        &self.text_fields(None),
                        std::slice::from_ref(token),
                    ) == 0
                })
            {
                let notice = format!("no activity holds {word:?}");
                plan.not_held(notice);
                continue;
            }
            // Found in some field: any postings at all.
            if item.tokens.len() != 1
                || self.postings_cost(searcher, &self.text_fields(None), &item.tokens) > 0
            {
                continue;
            }
            // A place the gazetteer knows is no typo (`Durres` is not
            // `during`), but when no activity names it the answer says so.
            if crate::extract::gazetteer::gazetteer().is_known_place(&word) {
                let notice = format!("no activity holds {word:?}");
                plan.not_held(notice);
                continue;
            }
            // An English word no activity holds is no typo of one that does
            // (`small arms` is not `shall arms`): it is searched as typed.
            if crate::text::is_english_word(&word) {
                plan.notices.push(format!(
                    "no activity holds {word:?}; an English word, it is not read as a typo"
                ));
                continue;
            }
            if plan.corrections.len() + uncorrected >= MAX_CORRECTIONS {
                uncorrected += 1;
                continue;
            }
            let form = item.tokens[0].forms[0].clone();
            match self.remembered_closest_term(derived, searcher, &form, &word) {
                Some(term) => {
                    item.tokens[0].forms = vec![term.clone()];
                    plan.corrections.push((word, term));
                }
                // Looked up but nothing close: it used one look-up of the
                // budget, and the answer names the word, so that an empty or
                // any-word answer says which word no activity holds.
                None => {
                    uncorrected += 1;
                    let notice = format!("no activity holds {word:?}, nor a word close to it");
                    plan.not_held(notice);
                }
            }
        }
        // An excluded word no activity holds (`firearms -trainng`)
        // excludes nothing: the answer says so, with the word the typo
        // pass knows close to it, which is not excluded in its place (the
        // user says what to leave out).
        for (_, item) in analysed.iter().enumerate().filter(|(at, a)| {
            a.negated && !a.phrase && !in_place_name[*at] && !in_joined(*at) && !names_country[*at]
        }) {
            let Some(word) = item.word.clone() else {
                continue;
            };
            if item.tokens.len() != 1
                || self.postings_cost(searcher, &self.text_fields(None), &item.tokens) > 0
            {
                continue;
            }
            // An acronym whose long form some activity holds excludes that.
            if let Some(entry) = derived.glossary.get(&word)
                && facets::is_acronym_held(searcher, self.fields.text, entry)?
            {
                continue;
            }
            let typo = derived.glossary.get(&word).is_none()
                && !crate::extract::gazetteer::gazetteer().is_known_place(&word)
                && !crate::text::is_english_word(&word)
                && plan.corrections.len() + uncorrected < MAX_CORRECTIONS;
            let close = if typo {
                uncorrected += 1;
                let form = item.tokens[0].forms[0].clone();
                self.remembered_closest_term(derived, searcher, &form, &word)
                    .map(|term| self.shown_correction(searcher, &word, term))
            } else {
                None
            };
            plan.notices.push(match close {
                Some(close) => format!(
                    "no activity holds {word:?}, so excluding it excludes nothing; did you mean {close:?}? (it is not excluded in its place)"
                ),
                None => format!("no activity holds {word:?}, so excluding it excludes nothing"),
            });
        }
        let over = plan.corrections.len() + uncorrected;
        if over > MAX_CORRECTIONS {
            plan.notices.push(format!(
                "{} unknown words; only the first {MAX_CORRECTIONS} are checked for typos",
                over
            ));
        }
        let mut expansions_skipped: Vec<String> = Vec::new();
        // Which words are asked about other clauses' documents rather than
        // read whole (see `tokens_query`): an excluded word, and a word with
        // many times the postings of the rarest required word or facet
        // filter, which leads.
        let costs: Vec<u64> = analysed
            .iter()
            .map(|a| self.postings_cost(searcher, &self.text_fields(a.field), &a.tokens))
            .collect();
        let rarest_filter = self.facet_filter_cost(searcher, derived, filters, &plan.facet_clauses);
        // Whether a clause costing `cost`, standing for the words `run` (one
        // word, or a run of words with its acronym or expansion), is led by
        // another required word or a filter.
        let led = |run: std::ops::Range<usize>, cost: u64| {
            let lead = analysed
                .iter()
                .zip(&costs)
                .enumerate()
                .filter(|(at, (a, _))| !a.negated && !run.contains(at))
                .map(|(_, (_, &cost))| cost)
                .chain(rarest_filter)
                .min();
            !any_word && lead.is_some_and(|lead| cost > ASKED_COST_RATIO * lead)
        };
        let asked = |index: usize| analysed[index].negated || led(index..index + 1, costs[index]);
        // The weight of words read as one (`North Macedonia^2`, `SDG
        // 16.4^2`): what is written on any of them.
        let run_boost = |run: std::ops::Range<usize>| -> Score {
            analysed[run]
                .iter()
                .map(|a| a.boost)
                .product::<Score>()
                .min(query::MAX_BOOST)
        };
        let mut required: Vec<Box<dyn Query>> = Vec::new();
        let mut excluded: Vec<Box<dyn Query>> = Vec::new();
        let mut proximity_words: Vec<String> = Vec::new();
        let mut index = 0;
        while index < analysed.len() {
            let item = &analysed[index];
            let fields = self.text_fields(item.field);
            let run_words = typed_run(&analysed[index..]);
            let negated = item.negated;
            // `SDG 16.4`, `goal 16`, `target 16.4`, `SDG16`: the activities
            // labelled with that goal or target as well as those that say it.
            if let Some((run, target)) = sdg_at(&run_words) {
                let labelled =
                    derived
                        .facet_values
                        .resolve(FacetField::Sdg, target, &derived.glossary);
                if !labelled.is_empty() {
                    // The words that say it, as the text writes them: `SDG`
                    // and the number, whatever names the goal (`goal 16` is
                    // no `goals` of a project's aims; `SDG-16.4` and
                    // `SDG16.4`, one word, are `SDG 16.4`), or `target` and
                    // the number when the query names a target so.
                    let first = run_words[0].to_ascii_lowercase();
                    let naming = if run == 2 && first.starts_with("target") {
                        run_words[0]
                    } else {
                        "SDG"
                    };
                    let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                    for said in [naming, target] {
                        // A target read as several words (`16.a`) is their phrase.
                        let tokens = self.analyse(&mut tokenizer, said);
                        if let Some(q) = self.tokens_query(&tokens, &fields, false) {
                            words.push((Occur::Must, q));
                        }
                    }
                    let terms: Vec<(Occur, Box<dyn Query>)> = labelled
                        .iter()
                        .map(|facet| {
                            let term = Term::from_facet(self.fields.sdg, facet);
                            (
                                Occur::Should,
                                Box::new(TermQuery::new(term, IndexRecordOption::Basic))
                                    as Box<dyn Query>,
                            )
                        })
                        .collect();
                    let label: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                        Box::new(BooleanQuery::new(terms)),
                        SDG_LABEL_SCORE,
                    ));
                    let typed = run_words[..run].join(" ");
                    let named = format!("SDG {target}");
                    if !typed.eq_ignore_ascii_case(&named) {
                        plan.expanded.insert(typed, named);
                    }
                    let union = union_query(vec![Box::new(BooleanQuery::new(words)), label], false);
                    if negated {
                        excluded.push(union);
                    } else {
                        required.push(boosted(union, run_boost(index..index + run)));
                    }
                    index += run;
                    continue;
                }
                // No activity is labelled with it: the words as they are
                // written together (`SDG 5`), not `5` anywhere and `SDG`
                // anywhere else, and the answer says so.
                let typed = run_words[..run].join(" ");
                let tokens = self.analyse(&mut tokenizer, &typed);
                if let Some(q) = self.tokens_query(&tokens, &fields, asked(index)) {
                    if negated {
                        excluded.push(q);
                    } else {
                        plan.notices
                            .push(format!("no activity is labelled with SDG {target}"));
                        required.push(boosted(q, run_boost(index..index + run)));
                    }
                }
                index += run;
                continue;
            }
            // A country's name: its other names too (`BiH`, `Bosnia and
            // Herzegovina`), unless the corpus defines the word as an acronym.
            if let Some((run, name)) =
                place_at[index].filter(|_| derived.glossary.get(run_words[0]).is_none())
            {
                let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                // A name of several words is read as a phrase, as its other
                // names are: `United States` is not `unit` and `state` apart.
                let phrase = (run > 1)
                    .then(|| self.analyse(&mut tokenizer, &run_words[..run].join(" ")))
                    .filter(|tokens| tokens.len() > 1);
                match phrase {
                    Some(tokens) => {
                        if let Some(q) = self.tokens_query(&tokens, &fields, asked(index)) {
                            words.push((Occur::Must, q));
                        }
                    }
                    None => {
                        for (at, item) in analysed[index..index + run].iter().enumerate() {
                            if let Some(q) =
                                self.tokens_query(&item.tokens, &fields, asked(index + at))
                            {
                                words.push((Occur::Must, q));
                            }
                        }
                    }
                }
                let others: Vec<(String, Vec<AnalysedToken>)> = name
                    .others
                    .iter()
                    .map(|other| (other.clone(), self.analyse(&mut tokenizer, other)))
                    .collect();
                let union_cost = costs[index..index + run].iter().copied().min().unwrap_or(0)
                    + others
                        .iter()
                        .map(|(_, tokens)| self.postings_cost(searcher, &fields, tokens))
                        .sum::<u64>();
                let lazy = negated || led(index..index + run, union_cost);
                let mut alternatives: Vec<Box<dyn Query>> =
                    vec![Box::new(BooleanQuery::new(words))];
                for (other, tokens) in &others {
                    let cost = term_cost(tokens);
                    if cost > budget {
                        expansions_skipped.push(other.clone());
                        continue;
                    }
                    budget -= cost;
                    if let Some(q) = self.tokens_query(tokens, &fields, lazy) {
                        alternatives.push(q);
                    }
                }
                let typed = run_words[..run].join(" ");
                if name.is_alias && place_key(&typed) != place_key(&name.country) {
                    plan.expanded.insert(typed, name.country.clone());
                }
                if negated {
                    excluded.push(union_query(alternatives, true));
                } else {
                    for item in &analysed[index..index + run] {
                        proximity_words.extend(item.tokens[0].forms.last().cloned());
                    }
                    required.push(boosted(
                        union_query(alternatives, lazy),
                        run_boost(index..index + run),
                    ));
                }
                index += run;
                continue;
            }
            if item.negated {
                let Some(mut query) =
                    self.sloppy_tokens_query(&item.tokens, &fields, true, item.slop)
                else {
                    index += 1;
                    continue;
                };
                // An excluded acronym excludes its long form too (`-TIP`).
                if let Some(expansion) = long_form(item, &derived.glossary) {
                    let tokens = self.analyse(&mut tokenizer, expansion);
                    if term_cost(&tokens) <= budget
                        && let Some(long) = self.tokens_query(&tokens, &fields, true)
                    {
                        budget -= term_cost(&tokens);
                        query = union_query(vec![query, long], true);
                    }
                }
                excluded.push(query);
                index += 1;
                continue;
            }
            // Two words that the corpus also writes as one: either.
            if let Some((joined, joined_tokens)) = &joined_at[index] {
                let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (at, item) in analysed[index..index + 2].iter().enumerate() {
                    if let Some(q) = self.tokens_query(&item.tokens, &fields, asked(index + at)) {
                        words.push((Occur::Must, q));
                    }
                }
                let union_cost = costs[index..index + 2].iter().copied().min().unwrap_or(0)
                    + self.postings_cost(searcher, &fields, joined_tokens);
                let lazy = led(index..index + 2, union_cost);
                let mut alternatives: Vec<Box<dyn Query>> =
                    vec![Box::new(BooleanQuery::new(words))];
                let cost = term_cost(joined_tokens);
                if cost > budget {
                    expansions_skipped.push(joined.clone());
                } else {
                    budget -= cost;
                    if let Some(q) = self.tokens_query(joined_tokens, &fields, lazy) {
                        alternatives.push(q);
                    }
                    let typed = run_words.get(..2).map(|w| w.join(" "));
                    // A joined word that was a typo is told as a correction.
                    let corrected = plan
                        .corrections
                        .iter()
                        .any(|(words, _)| Some(words) == typed.as_ref());
                    if !corrected {
                        plan.expanded.insert(
                            typed.unwrap_or_else(|| joined.clone()),
                            joined.to_lowercase(),
                        );
                    }
                }
                for item in &analysed[index..index + 2] {
                    proximity_words.extend(item.tokens[0].forms.last().cloned());
                }
                required.push(boosted(
                    union_query(alternatives, lazy),
                    run_boost(index..index + 2),
                ));
                index += 2;
                continue;
            }
            // Reverse expansion: a run of plain words that spells out an acronym.
            if let Some((run, acronym, expansion)) =
                reverse_expansion(&analysed[index..], &derived.expansions, |a| {
                    (!a.negated && !a.phrase && a.field.is_none() && a.tokens.len() == 1)
                        .then(|| a.tokens[0].forms.last().cloned())
                        .flatten()
                })
            {
                let mut words: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (at, item) in analysed[index..index + run].iter().enumerate() {
                    if let Some(q) = self.tokens_query(&item.tokens, &fields, asked(index + at)) {
                        words.push((Occur::Must, q));
                    }
                }
                let mut acronym_tokens = self.analyse(&mut tokenizer, &acronym);
                for token in &mut acronym_tokens {
                    token.keep_capitals_only();
                }
                let mut alternatives: Vec<Box<dyn Query>> =
                    vec![Box::new(BooleanQuery::new(words))];
                let cost = term_cost(&acronym_tokens);
                let union_cost = costs[index..index + run].iter().copied().min().unwrap_or(0)
                    + self.postings_cost(searcher, &fields, &acronym_tokens);
                let lazy = led(index..index + run, union_cost);
                if cost > budget {
                    expansions_skipped.push(acronym);
                } else {
                    budget -= cost;
                    if let Some(q) = self.tokens_query(&acronym_tokens, &fields, lazy) {
                        alternatives.push(q);
                    }
                    plan.expanded.insert(acronym, expansion);
                }
                for item in &analysed[index..index + run] {
                    proximity_words.extend(item.tokens[0].forms.last().cloned());
                }
                required.push(boosted(
                    union_query(alternatives, lazy),
                    run_boost(index..index + run),
                ));
                index += run;
                continue;
            }
            // A word with an expansion: the union of the two is asked (and
            // both alternatives with it) when another clause leads.
            let expansion = long_form(item, &derived.glossary)
                .map(|expansion| (expansion, self.analyse(&mut tokenizer, expansion)));
            let lazy = match &expansion {
                Some((_, tokens)) => led(
                    index..index + 1,
                    costs[index] + self.postings_cost(searcher, &fields, tokens),
                ),
                None => asked(index),
            };
            let Some(mut query) = self.sloppy_tokens_query(&item.tokens, &fields, lazy, item.slop)
            else {
                index += 1;
                continue;
            };
            if let (Some(word), Some((expansion, expansion_tokens))) = (&item.word, &expansion) {
                let cost = term_cost(expansion_tokens);
                if cost > budget {
                    expansions_skipped.push(word.clone());
                } else if let Some(long) = self.tokens_query(expansion_tokens, &fields, lazy) {
                    budget -= cost;
                    query = union_query(vec![query, long], lazy);
                    plan.expanded.insert(word.clone(), (*expansion).clone());
                }
            }
            if item.tokens.len() == 1 && !item.phrase && item.field.is_none() {
                proximity_words.extend(item.tokens[0].forms.last().cloned());
            }
            if item.boost != 1.0 {
                query = Box::new(BoostQuery::new(query, item.boost));
            }
            required.push(query);
            index += 1;
        }
        if !expansions_skipped.is_empty() {
            plan.notices.push(format!(
                "query expands to more than {MAX_QUERY_TERMS} terms; not expanded: {}",
                expansions_skipped.join(", ")
            ));
        }
        for word in &too_long {
            let shown: String = word.chars().take(20).collect();
            plan.notices.push(format!(
                "{shown:?}… is longer than any indexed word ({MAX_WORD_BYTES} bytes), so nothing matches it"
            ));
            required.push(Box::new(EmptyQuery));
        }
        plan.positive_clauses = required.len() + words_apart;
        let occur = if any_word { Occur::Should } else { Occur::Must };
        let mut clauses: Vec<(Occur, Box<dyn Query>)> =
            required.into_iter().map(|q| (occur, q)).collect();
        if proximity_words.len() >= 2 && !clauses.is_empty() {
            let field = self.fields.text;
            let terms: Vec<Term> = proximity_words
                .iter()
                .map(|w| Term::from_field_text(field, w))
                .collect();
            let mut phrase = PhraseQuery::new(terms);
            phrase.set_slop(PROXIMITY_SLOP);
            plan.proximity.push(phrase);
        }
        let has_positive = plan.positive_clauses > 0;
        for q in excluded {
            clauses.push((Occur::MustNot, q));
        }
        if !has_positive && !clauses.is_empty() {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        plan.text = match clauses.len() {
            0 => None,
            // One clause that a document must or may match is the query itself.
            1 if clauses[0].0 != Occur::MustNot => clauses.pop().map(|(_, q)| q),
            _ => Some(Box::new(BooleanQuery::new(clauses))),
        };
        Ok(plan)
    }

    /// Resolves filter values to the facets the index holds.
    fn resolve_filters(
        &self,
        searcher: &Searcher,
        derived: &Derived,
        filters: &Filters,
        (negated, negated_days): (&[(FacetField, String)], &[DaySpan]),
        notices: &mut Vec<String>,
    ) -> Result<ResolvedFilters> {
        let mut resolved = ResolvedFilters::default();
        for field in FacetField::ALL {
            let values = filters.values(field);
            if values.is_empty() {
                continue;
            }
            let mut facets_for_field = Vec::new();
            for value in values {
                let found = derived
                    .facet_values
                    .resolve(field, value, &derived.glossary);
                if found.is_empty() {
                    notices.push(
                        facets::year_or_month_range_problem(field, value).unwrap_or_else(|| {
                            format!("no activity has {} {}", field.name(), typed_value(value))
                        }),
                    );
                } else if value.contains(',') {
                    // A value of a list (`country:Montenegro,Atlantis`)
                    // that names none.
                    for part in value.split(',').map(str::trim) {
                        let named = part.is_empty()
                            || !derived
                                .facet_values
                                .resolve(field, part, &derived.glossary)
                                .is_empty();
                        if !named {
                            notices.push(format!(
                                "no activity has {} {}",
                                field.name(),
                                typed_value(part)
                            ));
                        }
                    }
                }
                let names = found.iter().filter_map(facet_value).collect();
                resolved
                    .named
                    .entry(field.name().to_string())
                    .or_default()
                    .insert(value.clone(), names);
                facets_for_field.extend(found);
            }
            resolved.facets.insert(field, facets_for_field);
        }
        for (field, value) in negated {
            let found = derived
                .facet_values
                .resolve(*field, value, &derived.glossary);
            resolved
                .excluded
                .extend(found.into_iter().map(|f| (*field, f)));
        }
        resolved.online = filters.online;
        // An activity overlaps [from, to] when it starts by `to` and ends from `from` on.
        if filters.from.is_some() || filters.to.is_some() {
            resolved.dates = Some(DaySpanQuery::new(
                filters.from.map(day_number),
                filters.to.map(day_number),
                derived.start_days.clone(),
                filters.from.map(|_| derived.end_days(searcher)),
            ));
        }
        resolved.days = (filters.from.map(day_number), filters.to.map(day_number));
        for span in negated_days {
            let (from, to) = (span.from.map(day_number), span.to.map(day_number));
            let days = DaySpanQuery::new(
                from,
                to,
                derived.start_days.clone(),
                span.from.map(|_| derived.end_days(searcher)),
            );
            let part = EventFilter {
                from,
                to,
                ..EventFilter::default()
            };
            resolved.excluded_days.push((days, Arc::new(part)));
        }
        let per_part = [
            FacetField::Country,
            FacetField::City,
            FacetField::Year,
            FacetField::Month,
        ];
        if per_part.iter().any(|f| resolved.facets.contains_key(f))
            || resolved.online
            || resolved.dates.is_some()
            || !resolved.excluded_days.is_empty()
        {
            resolved.event_columns = Some(derived.event_columns(searcher)?);
            for (field, name) in [
                (FacetField::Country, "place"),
                (FacetField::City, "city"),
                (FacetField::Year, "month"),
                (FacetField::Month, "month"),
            ] {
                if let Some(facets) = resolved.facets.get(&field) {
                    let ids = facets
                        .iter()
                        .filter_map(|facet| derived.facet_values.number(name, facet))
                        .collect();
                    resolved.part_places.insert(field, ids);
                }
            }
        }
        Ok(resolved)
    }

    /// The schema field behind a facet field.
    fn facet_schema_field(&self, field: FacetField) -> Field {
        match field {
            FacetField::Country => self.fields.place,
            FacetField::City => self.fields.city,
            FacetField::Programme => self.fields.programme,
            FacetField::Donor => self.fields.donor,
            FacetField::Sdg => self.fields.sdg,
            FacetField::Mentioned => self.fields.mentioned,
            FacetField::Year | FacetField::Month => self.fields.month,
        }
    }

    /// Text query AND every filter, except the filter on `skip` (for disjunctive counts).
    fn combine(
        &self,
        text: Option<Box<dyn Query>>,
        filters: &ResolvedFilters,
        skip: Option<FacetField>,
    ) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, facets) in &filters.facets {
            if Some(*field) == skip {
                continue;
            }
            if facets.is_empty() {
                clauses.push((Occur::Must, Box::new(EmptyQuery)));
                continue;
            }
            let schema_field = self.facet_schema_field(*field);
            let any: Vec<(Occur, Box<dyn Query>)> = facets
                .iter()
                .map(|facet| {
                    let term = Term::from_facet(schema_field, facet);
                    (
                        Occur::Should,
                        Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
                    )
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        for (field, facet) in &filters.excluded {
            let term = Term::from_facet(self.facet_schema_field(*field), facet);
            clauses.push((
                Occur::MustNot,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if filters.online {
            let term = Term::from_field_bool(self.fields.online, true);
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
            ));
        }
        if let Some(dates) = &filters.dates {
            clauses.push((Occur::Must, Box::new(dates.clone())));
        }
        // An excluded date leaves out the activities that `date:` keeps: of
        // several parts, those with a part on its days, not those whose
        // parts fall on each side of them.
        for (days, part) in &filters.excluded_days {
            let overlapping: Box<dyn Query> = match &filters.event_columns {
                Some(columns) => Box::new(BooleanQuery::new(vec![
                    (Occur::Must, Box::new(days.clone()) as Box<dyn Query>),
                    (
                        Occur::Must,
                        Box::new(EventQuery::new(part.clone(), columns.clone())),
                    ),
                ])),
                None => Box::new(days.clone()),
            };
            clauses.push((Occur::MustNot, overlapping));
        }
        // Place and date filters that one part of an activity must meet at
        // once (one filter alone is met by the facets or days above).
        if let Some((filter, columns)) = filters.parts(skip)
            && filter.tests_parts()
        {
            clauses.push((Occur::Must, Box::new(EventQuery::new(filter, columns))));
        }
        // A filter keeps or drops activities; it adds nothing to the score
        // (a rare value would otherwise lift its activities over better matches).
        for (occur, clause) in &mut clauses {
            if *occur == Occur::Must {
                let scored = std::mem::replace(clause, Box::new(EmptyQuery));
                *clause = Box::new(ConstScoreQuery::new(scored, 0.0));
            }
        }
        let filtered_only = text.is_none();
        match (text, clauses.is_empty()) {
            // A text query alone is searched as it is, not wrapped in a
            // boolean query of one clause (a dynamic call per match less).
            (Some(text), true) => return text,
            (None, true) => return Box::new(AllQuery),
            (Some(text), false) => clauses.insert(0, (Occur::Must, text)),
            (None, false) => {}
        }
        if clauses.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            clauses.push((Occur::Must, Box::new(AllQuery)));
        }
        let query = Box::new(BooleanQuery::new(clauses));
        if filtered_only {
            // Without words every activity kept scores 1, as with no filter.
            return Box::new(ConstScoreQuery::new(query, 1.0));
        }
        query
    }
}

/// Narrows the `from`/`to` filter by a query's `date:` clauses (an
/// activity must overlap each), and gives the days of those that exclude.
fn narrow_days(filters: &mut Filters, clauses: &[(DaySpan, bool)]) -> Vec<DaySpan> {
    let mut excluded = Vec::new();
    for &(span, negated) in clauses {
        if negated {
            excluded.push(span);
        } else {
            let narrowed = DaySpan {
                from: filters.from,
                to: filters.to,
            }
            .and(span);
            (filters.from, filters.to) = (narrowed.from, narrowed.to);
        }
    }
    excluded
}

/// The most words of another name of a country a query is read for
/// (`Bosna i Hercegovina`, `Papua New Guinean`: `data/country-words.tsv`).
const MAX_COUNTRY_WORD_WORDS: usize = 4;

/// What an activity labelled with an SDG goal or target that a query names
/// (`goal 16`) scores for the label, beside what its words score.
const SDG_LABEL_SCORE: Score = 1.0;

/// The SDG goal or target named by the words at the start of a query
/// (`SDG 16.4`, `goal 16`, `target 16.a`, `SDG16`, `SDG-16`, `goal 16:`), with how
/// many words name it.
fn sdg_at<'a>(words: &[&'a str]) -> Option<(usize, &'a str)> {
    let is_target = |text: &str| {
        let (goal, target) = text.split_once('.').unwrap_or((text, ""));
        (1..=2).contains(&goal.len())
            && goal.bytes().all(|b| b.is_ascii_digit())
            && (text.len() == goal.len()
                || (1..=2).contains(&target.len())
                    && target.bytes().all(|b| b.is_ascii_alphanumeric()))
    };
    // A number may end a sentence or a list (`goal 16.`, `Goal 16:`).
    let bare = |word: &'a str| word.trim_end_matches(['.', ',', ':', ';', ')', '!', '?']);
    let first = *words.first()?;
    let lower = first.to_ascii_lowercase();
    // `SDG16.4`, and `SDG-16.4` as it is often written.
    if lower.starts_with("sdg") && first.len() > 3 {
        let number = bare(first[3..].trim_start_matches(['-', '_', '\u{2010}', '\u{2011}']));
        if is_target(number) {
            return Some((1, number));
        }
    }
    let named = ["sdg", "sdgs", "goal", "goals", "target", "targets"].contains(&lower.as_str());
    match words.get(1).map(|w| bare(w)) {
        Some(second) if named && is_target(second) => Some((2, second)),
        _ => None,
    }
}

/// The words a prefix starts whose stem may be shorter than the prefix:
/// the prefix cut after each of its letters and completed with a common
/// English ending that continues it (`investigat`: `investig` + `ation`,
/// `investigation`, held as `investig`; `mentori`: `mentoring`). A word so
/// made starts with the prefix; the query searches its terms that the
/// index holds.
fn completions_past_the_stem(key: &str) -> Vec<String> {
    let mut words = Vec::new();
    for (at, _) in key.char_indices().skip(2) {
        let (stem, rest) = key.split_at(at);
        for ending in query::SURFACE_ENDINGS {
            if ending.len() > rest.len() && ending.starts_with(rest) {
                words.push(format!("{stem}{ending}"));
            }
        }
    }
    words
}

/// Whether `stem` is the stem of a word that starts with one of a prefix's
/// `keys`: the key, alone or followed by one of the common English endings
/// (`organisations` and `organiz` + `ation` are held as `organ`,
/// `investigat` + `ion` as `investig`). With `only_words`, the word must
/// be one ([`is_a_word`]): `its` and `being` are, `ins` is no word held as
/// `in`.
fn stands_for_a_word_starting(
    tokenizer: &mut BulletinTokenizer,
    keys: &[String],
    stem: &str,
    only_words: bool,
) -> bool {
    keys.iter().any(|key| {
        query::SURFACE_ENDINGS
            .iter()
            .chain(query::Y_ENDINGS.iter())
            .map(|ending| format!("{key}{ending}"))
            .chain(completions_past_the_stem(key))
            .filter(|word| !only_words || is_a_word(word))
            .any(|word| {
                analyse_text(tokenizer, &word)
                    .iter()
                    .any(|token| token.forms.iter().any(|form| form == stem))
            })
    })
}

/// Whether `word` is a little word or an English word of five letters or
/// more: a word, not letters put together past a stem.
fn is_a_word(word: &str) -> bool {
    crate::text::is_little_word(word) || crate::text::is_english_word(word)
}

/// Whether a typed word holds `*` or `?` with a letter or digit after it
/// in the word (`fire*arms`, `Podgor?ca`, `fire*-arms`, `Podgor*'s`), or
/// the two side by side (`Po*?`, `Po?*`), which no search reads as a
/// wildcard. `Po**` is a prefix, so is `Podgor*,` (punctuation after the
/// star is left out), and `what??` is a question.
fn holds_inner_wildcard(typed: &str) -> bool {
    let chars: Vec<char> = typed.chars().collect();
    chars.iter().enumerate().any(|(at, &c)| {
        let rest = chars[at + 1..].iter().take_while(|c| !c.is_whitespace());
        match c {
            '*' | '?' if matches!((c, chars.get(at + 1)), ('*', Some('?')) | ('?', Some('*'))) => {
                true
            }
            '*' | '?' => rest.clone().any(|c| c.is_alphanumeric()),
            _ => false,
        }
    })
}

/// Most indexed words a query word ending in `*` stands for.
const MAX_PREFIX_WORDS: usize = 64;

/// The words of `written` (sorted) that start with `key`.
fn written_words_starting<'a>(written: &'a [String], key: &str) -> &'a [String] {
    let from = written.partition_point(|word| word.as_str() < key);
    let to = from + written[from..].partition_point(|word| word.starts_with(key));
    &written[from..to]
}

/// How many values of each facet field `stats` lists.
const STATS_TOP_VALUES: usize = 10;

/// The endings of a possessive, with every apostrophe the analyzer reads
/// as `'` (`EU's`, `EU’s`, `EU‘s`, `EUʼs`).
const POSSESSIVES: [&str; 4] = ["'s", "\u{2019}s", "\u{2018}s", "\u{02BC}s"];

/// The shortest start of an id that `show` and `similar` look up.
/// (`Error::ShortId` names it in words.)
const MIN_ID_PREFIX: usize = 8;
/// Most ids looked at for a start of an id.
const MAX_ID_CANDIDATES: usize = 100;

/// A filter value as a notice quotes it: whole when short, else its first
/// 40 characters and `… (N characters)`, as a word too long to be indexed
/// is cut, so that a value pasted by mistake keeps the notice one line.
fn typed_value(value: &str) -> String {
    match crate::output::cut_after(value, 40) {
        (head, Some(count)) => format!("{head:?}… ({count} characters)"),
        (whole, None) => format!("{whole:?}"),
    }
}

/// Whether a query word holds a word longer than the analyzer indexes,
/// measured as the analyzer measures it (as read: a word in fullwidth
/// letters or with soft hyphens as its plain form), so that it was
/// dropped rather than matched.
fn is_too_long(word: &str) -> bool {
    let mut words = Vec::new();
    crate::index::analyzer::split_words(word, &mut words);
    words
        .iter()
        .any(|&(from, to)| crate::index::analyzer::is_too_long(&word[from..to]))
}

/// The least distance from a typed word to a whole word that analyses to
/// `term`: the term with one of the common endings, or, for a term ending
/// in `i`, with `y` for it (`recoveri`: `recovery`, `recoveries`).
/// `limit + 1` when none is within `limit` edits.
fn surface_distance(
    typed: &str,
    term: &str,
    limit: usize,
    tokenizer: &mut BulletinTokenizer,
) -> usize {
    let plain = query::SURFACE_ENDINGS.iter().map(|e| format!("{term}{e}"));
    let y = term
        .strip_suffix('i')
        .into_iter()
        .flat_map(|stem| query::Y_ENDINGS.iter().map(move |e| format!("{stem}{e}")));
    let mut best = limit + 1;
    for word in plain.chain(y) {
        let distance = query::edit_distance(&word, typed, limit);
        if distance >= best {
            continue;
        }
        let analysed = analyse_text(tokenizer, &word);
        if let [token] = analysed.as_slice()
            && token.forms.iter().any(|f| f == term)
        {
            best = distance;
        }
    }
    best
}

/// The record stored for the document at `address` (in `field`, as JSON).
fn read_record(
    searcher: &Searcher,
    field: Field,
    dir: &Path,
    address: DocAddress,
) -> Result<Record> {
    let doc: TantivyDocument = searcher.doc(address)?;
    let json = doc
        .get_first(field)
        .and_then(|v| v.as_str())
        .ok_or_else(|| Error::BadIndex {
            path: dir.to_path_buf(),
            reason: "a document has no stored record".to_string(),
        })?;
    Ok(serde_json::from_str(json)?)
}

/// The most words after a filter's first that its value may take
/// (`country:Bosnia and Herzegovina`).
pub(crate) const MAX_FACET_VALUE_WORDS: usize = 4;

/// Clauses with a filter's value of several words typed without quotes
/// (`donor:United Kingdom`, `country:Crna Gora`, `country:(Crna Gora)`) read whole: the filter
/// takes the plain words after it when, with them, it names a value of its
/// field whole (`resolve_exactly`), the longest such; `country:Montenegro
/// training` keeps the word, and `donor:United` alone is the United
/// Kingdom or the United States. An operator ends the value:
/// `donor:United AND Kingdom` is `donor:United` and the word `Kingdom`.
fn join_facet_values(
    clauses: Vec<Clause>,
    resolve_exactly: impl Fn(FacetField, &str) -> Vec<Facet>,
) -> Vec<Clause> {
    let mut joined: Vec<Clause> = Vec::with_capacity(clauses.len());
    let mut at = 0;
    while at < clauses.len() {
        let mut clause = clauses[at].clone();
        at += 1;
        if let ClauseKind::Facet(field, first) = &clause.kind {
            let field = *field;
            // Plain words, or values of the same field as a group gives
            // them (`country:(Crna Gora)` is `country:Crna country:Gora`).
            let negated = clause.negated;
            // A weight on the last word (`country:North Macedonia^2`) is
            // the value's, as on a value of one word (`country:Montenegro^2`):
            // a filter scores nothing, so it is left out.
            let mut weighed = false;
            let plain: Vec<&str> = clauses[at..]
                .iter()
                .take(MAX_FACET_VALUE_WORDS)
                .map_while(|next| match &next.kind {
                    _ if weighed => None,
                    ClauseKind::Word(word) if next.is_plain_word() => Some(word.as_str()),
                    ClauseKind::Word(word)
                        if next.boost != 1.0
                            && Clause {
                                boost: 1.0,
                                ..next.clone()
                            }
                            .is_plain_word() =>
                    {
                        weighed = true;
                        Some(word.as_str())
                    }
                    ClauseKind::Facet(same, word)
                        if *same == field
                            && !next.after_operator
                            && next.negated == negated
                            && next.unknown_field.is_none() =>
                    {
                        // Weighed (`country:(Crna Gora^2)`): the last word.
                        weighed = next.boost != 1.0;
                        Some(word.as_str())
                    }
                    _ => None,
                })
                .collect();
            let longest = (1..=plain.len()).rev().find_map(|taken| {
                let value = format!("{first} {}", plain[..taken].join(" "));
                (!resolve_exactly(field, &value).is_empty()).then_some((taken, value))
            });
            // `month:2022-02 TO 2022-13`, `year:2021 TO 2023x`: an end after
            // `TO` in capitals that was meant for a month or year but names
            // none is the range's, which a notice then names, rather than
            // the start alone and the end as words.
            let unread_end = || {
                if !matches!(field, FacetField::Month | FacetField::Year)
                    || plain.first() != Some(&"TO")
                {
                    return None;
                }
                let meant = |word: &&&str| {
                    word.starts_with(|c: char| c.is_ascii_digit())
                        || crate::extract::date::month_number(word).is_some()
                };
                let taken = plain[1..].iter().take(2).take_while(meant).count();
                (taken > 0).then(|| (1 + taken, format!("{first} {}", plain[..=taken].join(" "))))
            };
            // `year:2022, 2021`, `month:March, April`, `sdg:16.4, 16.x`: a
            // value after a list's comma that is plainly one of the field's
            // is the list's, though it names none (and a notice says so),
            // rather than a word of the search.
            let year = |word: &str| word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit());
            // How many of `words` are plainly a value of the field (`2021`;
            // `April 2022`, `April`, `2022-04`; `16.x`).
            let of_field = |words: &[&str]| {
                let bare = |at: usize| words.get(at).map(|w| w.trim_end_matches([',', ';']));
                let Some(word) = bare(0) else {
                    return 0;
                };
                match field {
                    FacetField::Year => usize::from(year(word)),
                    FacetField::Month if crate::extract::date::month_number(word).is_some() => {
                        // `April 2022`, unless a comma ends `April,`.
                        let listed_on = word.len() < words[0].len();
                        if !listed_on && bare(1).is_some_and(year) {
                            2
                        } else {
                            1
                        }
                    }
                    FacetField::Month => {
                        usize::from(word.len() >= 6 && word.get(..4).is_some_and(year))
                    }
                    FacetField::Sdg => usize::from(word.starts_with(|c: char| c.is_ascii_digit())),
                    _ => 0,
                }
            };
            let mut found = longest.or_else(unread_end);
            loop {
                let (taken, value) = found.clone().unwrap_or((0, first.clone()));
                if !value.ends_with([',', ';']) {
                    break;
                }
                // `country:Albania, Kosovo, "Bosnia and Herzegovina"`: a
                // quoted value after a list's comma is the list's, as after
                // a quoted value (`country:"North Macedonia", "Bosnia and
                // Herzegovina"`), with a comma after it that goes on.
                if let Some(Clause {
                    kind: ClauseKind::Phrase(quoted, 0),
                    field: None,
                    negated: false,
                    unknown_field: None,
                    after_operator: false,
                    ..
                }) = clauses.get(at + taken)
                {
                    let mut value = format!("{value}{quoted}");
                    let mut taken = taken + 1;
                    if let Some(next) = clauses.get(at + taken)
                        && next.is_plain_word()
                        && let ClauseKind::Word(word) = &next.kind
                        && word.starts_with([',', ';'])
                    {
                        // `"Bosnia and Herzegovina", Kosovo` (its comma a
                        // word of its own) or `"Bosnia and Herzegovina",Kosovo`.
                        value.push_str(word);
                        taken += 1;
                    }
                    found = Some((taken, value));
                    continue;
                }
                // `country:Albania, "Bosnia and Herzegovina", Kosovo`: a
                // value after the comma that follows a quoted one.
                // The plain words from there (`plain` ends at a quoted value).
                let after: Vec<&str> = if taken <= plain.len() {
                    plain[taken..].to_vec()
                } else {
                    clauses[(at + taken).min(clauses.len())..]
                        .iter()
                        .take(MAX_FACET_VALUE_WORDS)
                        .map_while(|next| match &next.kind {
                            ClauseKind::Word(word) if next.is_plain_word() => Some(word.as_str()),
                            _ => None,
                        })
                        .collect()
                };
                let named = (1..=after.len()).rev().find_map(|more| {
                    let words = after[..more].join(" ");
                    let bare = words.trim_end_matches([',', ';']);
                    (!bare.is_empty() && !resolve_exactly(field, bare).is_empty())
                        .then_some((more, words))
                });
                if let Some((more, words)) = named {
                    found = Some((taken + more, format!("{value} {words}")));
                    continue;
                }
                let more = of_field(&after);
                if more == 0 {
                    break;
                }
                let words = after[..more].join(" ");
                found = Some((taken + more, format!("{value} {words}")));
            }
            // A comma that nothing after it joined is punctuation
            // (`country:"North Macedonia", training`).
            let (taken, value) = found.unwrap_or((0, first.clone()));
            let value = value.trim_end_matches([',', ';']);
            if !value.is_empty() {
                clause.kind = ClauseKind::Facet(field, value.to_string());
            }
            at += taken;
        }
        joined.push(clause);
    }
    joined
}

/// `query` with its score multiplied by `boost`, unwrapped when that is 1.
fn boosted(query: Box<dyn Query>, boost: Score) -> Box<dyn Query> {
    if boost == 1.0 {
        query
    } else {
        Box::new(BoostQuery::new(query, boost))
    }
}

/// Any of `alternatives`, summed where several match: read lazily when
/// `lazy` (asked about other clauses' documents), else by tantivy's union.
fn union_query(alternatives: Vec<Box<dyn Query>>, lazy: bool) -> Box<dyn Query> {
    if lazy {
        Box::new(LazyUnionQuery::new(alternatives))
    } else {
        Box::new(BooleanQuery::new(
            alternatives
                .into_iter()
                .map(|q| (Occur::Should, q))
                .collect(),
        ))
    }
}

/// The text query a search scores with: with `explain`, the proximity bonus
/// is part of it (so the explanation adds up), otherwise it is added later to
/// the best hits only.
fn scored_text(plan: &Plan, explain: bool) -> Option<Box<dyn Query>> {
    let text = plan.text.as_ref().map(|q| q.box_clone());
    if !explain || plan.proximity.is_empty() {
        return text;
    }
    text.map(|text| {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text)];
        for phrase in &plan.proximity {
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(phrase.clone()), PROXIMITY_BOOST)),
            ));
        }
        Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>
    })
}

/// The proximity phrases to score the best hits with, unless they are already in the query.
fn proximity_of(plan: &Plan, explain: bool) -> &[PhraseQuery] {
    if explain { &[] } else { &plan.proximity }
}

/// Adds each proximity phrase's score to the hits it matches. Per segment,
/// the hits in document order, one scorer per phrase looks only at them
/// (`seek_danger`: no scan for the next match in between); the segments
/// are worked on side by side on the search pool, a job per segment for
/// all the phrases.
fn add_proximity_bonus(
    pool: &SearchPool,
    searcher: &Searcher,
    phrases: &[PhraseQuery],
    hits: &mut [((Score, i64), DocAddress)],
) -> Result<()> {
    // Each segment's hits in document order, with their places in `hits`.
    let mut by_segment: BTreeMap<u32, Vec<(usize, DocId)>> = BTreeMap::new();
    for (at, (_, address)) in hits.iter().enumerate() {
        by_segment
            .entry(address.segment_ord)
            .or_default()
            .push((at, address.doc_id));
    }
    let mut jobs: Vec<(u32, Vec<(usize, DocId)>)> = by_segment
        .into_iter()
        .map(|(ord, mut docs)| {
            docs.sort_by_key(|&(_, doc)| doc);
            (ord, docs)
        })
        .collect();
    jobs.sort_by_key(|(_, docs)| std::cmp::Reverse(docs.len()));
    let weights = phrases
        .iter()
        .map(|phrase| phrase.weight(EnableScoring::enabled_from_searcher(searcher)))
        .collect::<tantivy::Result<Vec<_>>>()?;
    let searcher = searcher.clone();
    let bonuses = pool.map(jobs, move |(ord, docs)| {
        let segment = searcher.segment_reader(ord);
        let mut scores = Vec::new();
        for weight in &weights {
            scores.extend(phrase_scores(weight.as_ref(), segment, &docs)?);
        }
        tantivy::Result::Ok(scores)
    })?;
    for (at, bonus) in bonuses
        .into_iter()
        .collect::<tantivy::Result<Vec<_>>>()?
        .into_iter()
        .flatten()
    {
        if let Some(hit) = hits.get_mut(at) {
            hit.0.0 += bonus;
        }
    }
    Ok(())
}

/// The phrase's score (times [`PROXIMITY_BOOST`]) for each of `docs` (in
/// document order) that it matches in `segment`.
fn phrase_scores(
    weight: &dyn Weight,
    segment: &SegmentReader,
    docs: &[(usize, DocId)],
) -> tantivy::Result<Vec<(usize, Score)>> {
    let mut scores = Vec::new();
    let mut scorer: Option<Box<dyn Scorer>> = None;
    for &(at, doc) in docs {
        let found = match scorer.as_mut() {
            Some(scorer) => scorer.seek_danger(doc),
            None => {
                let (found, first) = weight.scorer_danger(segment, doc, PROXIMITY_BOOST)?;
                scorer = Some(first);
                found
            }
        };
        if let (SeekDangerResult::Found, Some(scorer)) = (found, scorer.as_mut()) {
            scores.push((at, scorer.score()));
        }
    }
    Ok(scores)
}

/// What the main pass over the matching documents found.
struct MainPass {
    total: usize,
    /// Each hit's score (relevance) or sort day (newest, oldest), and address.
    addresses: Vec<(Option<f32>, Option<NaiveDate>, DocAddress)>,
    facets: BTreeMap<String, Vec<FacetCount>>,
}

/// Filters resolved to facets of the index.
#[derive(Debug, Clone, Default)]
pub(crate) struct ResolvedFilters {
    pub facets: BTreeMap<FacetField, Vec<Facet>>,
    pub excluded: Vec<(FacetField, Facet)>,
    pub online: bool,
    /// The `from`/`to` filter.
    pub dates: Option<DaySpanQuery>,
    /// The `from`/`to` days, for the filter on each part of an activity.
    pub days: (Option<i64>, Option<i64>),
    /// The days of excluded `date:` clauses, and the filter a part of an
    /// activity of several parts meets when it overlaps them: an activity
    /// with a part that overlaps one is left out.
    pub excluded_days: Vec<(DaySpanQuery, Arc<EventFilter>)>,
    /// The parts of activities of several parts, read when a place, date or
    /// online filter is set.
    pub event_columns: Option<Arc<EventColumns>>,
    /// The numbers of the country, city, year and month values filtered, as
    /// parts hold them.
    pub part_places: BTreeMap<FacetField, Vec<u32>>,
    /// Field name → value as given → the index's values it stands for.
    pub named: BTreeMap<String, BTreeMap<String, Vec<String>>>,
}

/// The facet fields a pass counts, and the filters on each part of an
/// activity that decide which of its places count.
struct Counted<'a> {
    fields: &'a [FacetField],
    parts: Option<(Arc<EventFilter>, Arc<EventColumns>)>,
}

impl ResolvedFilters {
    /// The place, date and online filters that one part of an activity must
    /// meet at once, but the filter on `skip` (for disjunctive counts), with
    /// the parts they test; `None` when no such filter is set.
    pub(crate) fn parts(
        &self,
        skip: Option<FacetField>,
    ) -> Option<(Arc<EventFilter>, Arc<EventColumns>)> {
        let columns = self.event_columns.clone()?;
        let place = |field: FacetField| {
            (skip != Some(field))
                .then(|| self.part_places.get(&field).cloned())
                .flatten()
        };
        let days = |field: FacetField| {
            (skip != Some(field))
                .then(|| self.facets.get(&field))
                .flatten()
                .map(|values| values.iter().filter_map(events::month_value_days).collect())
        };
        let filter = EventFilter {
            countries: place(FacetField::Country),
            cities: place(FacetField::City),
            years: place(FacetField::Year),
            months: place(FacetField::Month),
            from: self.days.0,
            to: self.days.1,
            online: self.online,
            year_days: days(FacetField::Year),
            month_days: days(FacetField::Month),
        };
        filter.is_active().then(|| (Arc::new(filter), columns))
    }
}

/// A facet's value as facet counts name it: the last part of its path.
fn facet_value(facet: &Facet) -> Option<String> {
    facet.to_path().last().map(|v| v.to_string())
}

/// How many terms the tokens of one clause can put in a query (every form of every position).
fn term_cost(tokens: &[AnalysedToken]) -> usize {
    tokens.iter().map(|t| t.forms.len()).sum()
}

/// The parts of a word the analyzer reads as several (`EU-funded`,
/// `UN.Locking`: split at hyphens and full stops), as typed; none when it
/// reads it as one, or when the parts typed are not the words it reads.
fn parts_of_word(word: &str, tokens: usize) -> Vec<String> {
    if tokens < 2 || word.ends_with('*') {
        return Vec::new();
    }
    // At hyphens alone first: a number of the word keeps its full stop
    // (`16.4-related` is `16.4` and `related`). A hyphen joins as the
    // analyzer joins words: an en dash only between letters
    // (`anti–corruption`), not in a range of numbers (`2019–2022`).
    let split = |at_full_stops: bool| -> Vec<String> {
        let mut parts = Vec::new();
        let mut from = 0;
        for (at, c) in word.char_indices() {
            let cut = match c {
                '-' | '\u{2010}' | '\u{2011}' | '\u{2013}' => {
                    crate::index::analyzer::is_hyphen_gap(word, at, at + c.len_utf8())
                }
                '.' => at_full_stops,
                _ => false,
            };
            if cut {
                parts.extend((from < at).then(|| word[from..at].to_string()));
                from = at + c.len_utf8();
            }
        }
        parts.extend((from < word.len()).then(|| word[from..].to_string()));
        parts
    };
    let parts = split(false);
    if parts.len() == tokens {
        return parts;
    }
    let parts = split(true);
    if parts.len() == tokens {
        parts
    } else {
        Vec::new()
    }
}

/// Finds the longest run at the start of `items` whose forms spell a glossary expansion.
fn reverse_expansion<T>(
    items: &[T],
    expansions: &[(Vec<String>, String, String)],
    form_of: impl Fn(&T) -> Option<String>,
) -> Option<(usize, String, String)> {
    let forms: Vec<String> = items.iter().map_while(&form_of).collect();
    expansions
        .iter()
        .filter(|(tokens, _, _)| tokens.len() <= forms.len() && forms[..tokens.len()] == tokens[..])
        .max_by_key(|(tokens, _, _)| tokens.len())
        .map(|(tokens, acronym, expansion)| (tokens.len(), acronym.clone(), expansion.clone()))
}

/// The query as corrected: each misspelt word replaced by the word nearest
/// to it among the words that carry the corrected term, in the best hit
/// (`best`), else in an activity that holds the term (`holder`), else by
/// the term itself.
fn corrected_query(
    query: &str,
    corrections: &[(String, String)],
    best: Option<&str>,
    mut holder: impl FnMut(&str) -> Option<String>,
    tokenizer: &mut BulletinTokenizer,
) -> String {
    let mut corrected = query.to_string();
    // Where the next typed word is looked for: corrections come in the
    // order of the query, and each replaces the word as typed, not a piece
    // of a word before it (`Montenegros Montenegr`).
    let mut from = 0;
    for (typed, term) in corrections {
        let typed_lower = typed.to_lowercase();
        let mut nearest = |text: &str| -> Option<String> {
            let mut words = Vec::new();
            crate::index::analyzer::split_words(text, &mut words);
            // `investigatons`: `investigations`, not `investigating`; the first of equals.
            words
                .iter()
                .filter(|&&(start, end)| {
                    analyse_text(tokenizer, &text[start..end])
                        .iter()
                        .any(|t| t.forms.contains(term))
                })
                // A possessive is the word it belongs to (`prosecutor’s`
                // is shown as `prosecutor`).
                .map(|&(start, end)| {
                    let word = text[start..end].to_lowercase();
                    match POSSESSIVES
                        .iter()
                        .find_map(|possessive| word.strip_suffix(possessive))
                    {
                        Some(owner) if !owner.is_empty() => owner.to_string(),
                        _ => word,
                    }
                })
                .min_by_key(|word| {
                    edit_distance(&typed_lower, word, typed_lower.len() + word.len())
                })
        };
        let replacement = best
            .and_then(&mut nearest)
            .or_else(|| holder(term).and_then(|text| nearest(&text)))
            .unwrap_or_else(|| term.clone());
        let replacement = in_case_of(typed, &replacement);
        let Some(at) = word_at(&corrected, from, typed) else {
            continue;
        };
        // `Podgoricca~`, `trainng~1^2`: the fuzziness of other engines
        // asked for the correction, which is made anyway; what was run is
        // the word, so the correction shows it without the tilde (a
        // weight after it stays, as it weighed the word).
        let mut end = at + typed.len();
        if let Some(rest) = corrected[end..].strip_prefix('~') {
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let after = rest[digits..].chars().next();
            if after.is_none_or(|c| c.is_whitespace() || matches!(c, '^' | ')' | ',' | ';')) {
                end += 1 + digits;
            }
        }
        corrected.replace_range(at..end, &replacement);
        from = at + replacement.len();
    }
    corrected
}

/// Where `word` first stands whole (not inside a longer word) in `text`
/// from byte `from` on; else where it first stands at all from there.
fn word_at(text: &str, from: usize, word: &str) -> Option<usize> {
    let rest = text.get(from..)?;
    let whole = |at: usize| {
        let before = rest[..at].chars().next_back();
        let after = rest[at + word.len()..].chars().next();
        before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
    };
    let mut found = rest.match_indices(word).map(|(at, _)| at);
    let first = found.clone().next()?;
    Some(from + found.find(|&at| whole(at)).unwrap_or(first))
}

/// A correction written in the case of the word it replaces: `Podgoricca`
/// is `Podgorica`, `TRAINNG` is `TRAINING`, `trainng` is `training`.
fn in_case_of(typed: &str, word: &str) -> String {
    let letters = || typed.chars().filter(|c| c.is_alphabetic());
    if letters().count() > 1 && letters().all(char::is_uppercase) {
        return word.to_uppercase();
    }
    let mut chars = word.chars();
    match (typed.chars().next(), chars.next()) {
        (Some(first), Some(initial)) if first.is_uppercase() => {
            initial.to_uppercase().chain(chars).collect()
        }
        _ => word.to_string(),
    }
}

fn validate(request: &SearchRequest) -> Result<()> {
    if request.query.chars().count() > MAX_QUERY_CHARS {
        return Err(Error::invalid(
            "query",
            format!("longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    if request.limit > MAX_LIMIT {
        return Err(Error::invalid("limit", format!("at most {MAX_LIMIT}")));
    }
    if request.offset > MAX_OFFSET {
        return Err(Error::invalid(
            "offset",
            format!("at most {MAX_OFFSET}; narrow the search instead of paging this deep"),
        ));
    }
    if let Some(problem) = date_range_problem(request.filters.from, request.filters.to) {
        return Err(Error::invalid("to date", problem));
    }
    Ok(())
}

/// Bytes of every file in a folder (not recursive: tantivy keeps a flat folder).
fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| e.metadata().ok())
                .filter(|m| m.is_file())
                .map(|m| m.len())
                .sum()
        })
        .unwrap_or(0)
}

/// A box's text as a suggestion's check searches it: its plan, the query
/// of its words and filters, and the filters resolved.
type Checked = (Plan, Box<dyn Query>, ResolvedFilters);

/// Whether a query matches a live document: each segment's search stops at
/// its first, with no score and no count.
struct Exists;

impl Collector for Exists {
    type Fruit = bool;
    type Child = ExistsInSegment;

    fn for_segment(
        &self,
        _segment: tantivy::SegmentOrdinal,
        _reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<ExistsInSegment> {
        Ok(ExistsInSegment(false))
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<bool>) -> tantivy::Result<bool> {
        Ok(fruits.into_iter().any(|found| found))
    }

    fn collect_segment(
        &self,
        weight: &dyn tantivy::query::Weight,
        _segment: tantivy::SegmentOrdinal,
        reader: &tantivy::SegmentReader,
    ) -> tantivy::Result<bool> {
        let mut scorer = weight.scorer(reader, 1.0)?;
        let alive = reader.alive_bitset();
        let mut doc = scorer.doc();
        while doc != tantivy::TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc)) {
                return Ok(true);
            }
            doc = scorer.advance();
        }
        Ok(false)
    }
}

/// [`Exists`] in one segment (its search is `collect_segment`'s own).
struct ExistsInSegment(bool);

impl tantivy::collector::SegmentCollector for ExistsInSegment {
    type Fruit = bool;

    fn collect(&mut self, _doc: tantivy::DocId, _score: Score) {
        self.0 = true;
    }

    fn harvest(self) -> bool {
        self.0
    }
}

#[cfg(test)]
mod parts_of_word_tests {
    use super::*;

    fn parts(word: &str) -> Vec<String> {
        let tokens = analyse_text(&mut BulletinTokenizer::new(), word).len();
        parts_of_word(word, tokens)
    }

    /// A word is split into the parts the analyzer reads: at an en dash
    /// only between letters (`anti–corruption`), as the analyzer joins
    /// only those; a range of numbers (`2019–2022`) is no word of parts.
    #[test]
    fn a_word_is_split_at_an_en_dash_only_between_letters() {
        assert_eq!(parts("anti\u{2013}corruption"), ["anti", "corruption"]);
        assert_eq!(parts("EU-funded"), ["EU", "funded"]);
        assert_eq!(parts("2019-2022"), ["2019", "2022"]);
        assert!(
            parts("2019\u{2013}2022").is_empty(),
            "{:?}",
            parts("2019\u{2013}2022")
        );
        assert!(parts("anti\u{2013}2022").is_empty());
        assert!(parts("2019\u{2013}anti").is_empty());
    }
}
