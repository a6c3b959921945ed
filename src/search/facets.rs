//! Facets: the values an index holds per facet field, resolving what a user
//! typed to those values, disjunctive counts, and search-box suggestions.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use tantivy::collector::{Collector, Count, SegmentCollector, TopDocs};
use tantivy::index::SegmentId;
use tantivy::query::{BooleanQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentOrdinal, SegmentReader, TERMINATED, Term};

use crate::error::Result;
use crate::extract::date::{month_number, parse_date_expr};
use crate::extract::gazetteer::{country_of_word, gazetteer, place_key};
use crate::index::glossary::GlossaryEntry;
use crate::index::{Fields, Glossary};
use crate::search::events::{
    EventColumns, EventFilter, NONE_ID, Part, SegmentEvents, segment_events,
};
use crate::search::query::{FacetField, is_plain_word};
use crate::search::{Engine, ResolvedFilters};
use crate::text::is_little_word;

/// A facet value with its count, and its children (a country's cities, a goal's targets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub children: Vec<FacetCount>,
}

/// A suggestion for the search box.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Suggestion {
    pub text: String,
    /// `title`, `acronym`, `country`, `city`, `programme` or `donor`.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The search box's text once the suggestion is chosen: the earlier
    /// text kept, the part being typed completed (`country:Montenegro`,
    /// `programme:"Container Control Programme"`); for a title, the earlier
    /// text alone.
    pub query: String,
}

impl Suggestion {
    /// A completion of the part being typed (a value, word or acronym):
    /// no activity of its own; `query` is the box once it is chosen.
    fn completion(text: String, kind: &str, detail: Option<String>, query: String) -> Self {
        Suggestion {
            text,
            kind: kind.to_string(),
            id: None,
            detail,
            query,
        }
    }
}

/// The facet values an index holds, per schema field, at depth 1 and 2, and
/// which documents hold each (for counting).
#[derive(Clone, Default)]
pub struct FacetValues {
    tables: BTreeMap<&'static str, FieldTable>,
    /// The commit the values were read from; documents are numbered on first count.
    searcher: Option<Searcher>,
}

impl std::fmt::Debug for FacetValues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let facets: BTreeMap<&str, &[Facet]> = self
            .tables
            .iter()
            .map(|(name, table)| (*name, table.facets.as_slice()))
            .collect();
        f.debug_struct("FacetValues")
            .field("facets", &facets)
            .finish_non_exhaustive()
    }
}

/// One facet field's values numbered in order, and per segment the numbers
/// each document holds: counting a match is a few array reads, where
/// tantivy's facet collector decodes a column per document.
#[derive(Debug, Clone)]
struct FieldTable {
    field: Field,
    /// The values in facet order (a parent before its children); a value's
    /// number is its place here.
    facets: Vec<Facet>,
    /// The number of each value's parent (`None` at depth 1).
    parents: Vec<Option<u32>>,
    /// Each value's place in alphabetical order of the values as shown
    /// (the last step of its path), diacritics and case folded and the
    /// value as written settling what folds alike: `Čačak` beside
    /// `Cetinje`, not after `Zrenjanin`. Made once per commit, so that
    /// equal counts are ordered without folding a name per search.
    alphabetical: Vec<u32>,
    /// Read on the first count of the field (a search without facets needs none).
    segments: Arc<OnceLock<HashMap<SegmentId, Arc<DocFacets>>>>,
}

/// A segment's documents' facet numbers. Documents hold few distinct sets of
/// values (a country and one of its cities, a year and one of its months), so
/// each distinct set is numbered once and a document keeps its set's number:
/// counting a match is one read and one increment, and the sets' counts are
/// spread to their values when the segment is done.
#[derive(Debug)]
struct DocFacets {
    /// The set of values of each document.
    set_of: Vec<u32>,
    /// The value numbers of set `s` are `set_values[set_starts[s]..set_starts[s + 1]]`.
    set_starts: Vec<u32>,
    set_values: Vec<u32>,
}

impl DocFacets {
    /// Reads which documents hold each value from the field's postings (a
    /// facet term stands for its value and every value under it).
    fn read(segment: &SegmentReader, field: Field, facets: &[Facet]) -> Result<Self> {
        let inverted = segment.inverted_index(field)?;
        let mut terms = Vec::new();
        let mut stream = inverted.terms().stream()?;
        while stream.advance() {
            if let Ok(facet) = Facet::from_encoded(stream.key().to_vec())
                && let Some(id) = number_of(facets, &facet)
            {
                terms.push((id, stream.value().clone()));
            }
        }
        // Two passes over the postings: how many values each document holds,
        // then which (in value order, so a set is always spelt the same way).
        let max_doc = segment.max_doc() as usize;
        let mut offsets = vec![0u32; max_doc + 1];
        for (_, info) in &terms {
            let mut postings =
                inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if let Some(slot) = offsets.get_mut(doc as usize + 1) {
                    *slot += 1;
                }
                doc = postings.advance();
            }
        }
        for d in 0..max_doc {
            offsets[d + 1] += offsets[d];
        }
        let mut next = offsets.clone();
        let mut ids = vec![0u32; offsets[max_doc] as usize];
        for (id, info) in &terms {
            let mut postings =
                inverted.read_postings_from_terminfo(info, IndexRecordOption::Basic)?;
            let mut doc = postings.doc();
            while doc != TERMINATED {
                if let Some(at) = next.get_mut(doc as usize)
                    && let Some(slot) = ids.get_mut(*at as usize)
                {
                    *slot = *id;
                    *at += 1;
                }
                doc = postings.advance();
            }
        }
        let mut numbers: HashMap<&[u32], u32, rustc_hash::FxBuildHasher> = HashMap::default();
        let mut set_starts = vec![0u32];
        let mut set_values = Vec::new();
        let set_of = offsets
            .windows(2)
            .map(|range| {
                let held = ids
                    .get(range[0] as usize..range[1] as usize)
                    .unwrap_or_default();
                *numbers.entry(held).or_insert_with(|| {
                    set_values.extend_from_slice(held);
                    set_starts.push(set_values.len() as u32);
                    (set_starts.len() - 2) as u32
                })
            })
            .collect();
        Ok(DocFacets {
            set_of,
            set_starts,
            set_values,
        })
    }

    /// How many distinct sets of values the segment's documents hold.
    fn sets(&self) -> usize {
        self.set_starts.len() - 1
    }

    /// The value numbers of set `set`.
    fn values_of(&self, set: usize) -> &[u32] {
        match (self.set_starts.get(set), self.set_starts.get(set + 1)) {
            (Some(&from), Some(&to)) => self
                .set_values
                .get(from as usize..to as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }
}

/// A value's number: its place among a field's values, which are sorted.
fn number_of(facets: &[Facet], facet: &Facet) -> Option<u32> {
    facets.binary_search(facet).ok().map(|at| at as u32)
}

fn field_key(field: FacetField) -> &'static str {
    match field {
        FacetField::Country => "place",
        FacetField::City => "city",
        FacetField::Programme => "programme",
        FacetField::Donor => "donor",
        FacetField::Sdg => "sdg",
        FacetField::Mentioned => "mentioned",
        FacetField::Year | FacetField::Month => "month",
    }
}

/// The depth of a facet field's values within its schema field.
fn depth(field: FacetField) -> usize {
    match field {
        FacetField::Month => 2,
        _ => 1,
    }
}

/// Whether two names are the same, ignoring case and diacritics.
pub fn same_value(a: &str, b: &str) -> bool {
    place_key(a) == place_key(b)
}

/// Whether `typed` names the SDG goal `goal` (`16`, `SDG 16`).
pub fn sdg_goal_matches(typed: &str, goal: &str) -> bool {
    sdg_key(typed) == goal
}

fn sdg_key(typed: &str) -> String {
    let lower = typed.trim().to_ascii_lowercase();
    let mut rest = lower.as_str();
    for prefix in ["sdg", "targets", "target", "goal"] {
        if let Some(after) = rest.strip_prefix(prefix) {
            // `SDG-16.4`, `sdg_16`, as the query's words read them.
            rest = after.trim_start_matches(['-', '_']).trim_start();
        }
    }
    rest.to_string()
}

impl FacetValues {
    /// Reads the facet values from the term dictionaries of every segment.
    pub fn read(searcher: &Searcher, fields: &Fields) -> Result<Self> {
        let schema_fields: [(&'static str, Field); 7] = [
            ("place", fields.place),
            ("city", fields.city),
            ("programme", fields.programme),
            ("donor", fields.donor),
            ("sdg", fields.sdg),
            ("mentioned", fields.mentioned),
            ("month", fields.month),
        ];
        let mut tables = BTreeMap::new();
        for (name, field) in schema_fields {
            let mut set: BTreeSet<Facet> = BTreeSet::new();
            for segment in searcher.segment_readers() {
                let inverted = segment.inverted_index(field)?;
                let mut stream = inverted.terms().stream()?;
                while stream.advance() {
                    if let Ok(facet) = Facet::from_encoded(stream.key().to_vec())
                        && !facet.is_root()
                    {
                        set.insert(facet);
                    }
                }
            }
            let facets: Vec<Facet> = set.into_iter().collect();
            let parents = facets
                .iter()
                .map(|f| {
                    let path = f.to_path();
                    (path.len() > 1)
                        .then(|| Facet::from_path(&path[..path.len() - 1]))
                        .and_then(|parent| number_of(&facets, &parent))
                })
                .collect();
            let alphabetical = alphabetical_places(&facets);
            tables.insert(
                name,
                FieldTable {
                    field,
                    facets,
                    parents,
                    alphabetical,
                    segments: Arc::new(OnceLock::new()),
                },
            );
        }
        Ok(FacetValues {
            tables,
            searcher: Some(searcher.clone()),
        })
    }

    /// Numbers the documents' values of a schema field, once per commit.
    fn number_documents(&self, name: &str) -> Result<()> {
        let (Some(table), Some(searcher)) = (self.tables.get(name), &self.searcher) else {
            return Ok(());
        };
        if table.segments.get().is_some() {
            return Ok(());
        }
        let mut segments = HashMap::new();
        for segment in searcher.segment_readers() {
            let docs = DocFacets::read(segment, table.field, &table.facets)?;
            segments.insert(segment.segment_id(), Arc::new(docs));
        }
        // Another search may have numbered them meanwhile: the same numbers.
        let _ = table.segments.set(segments);
        Ok(())
    }

    /// The values of a facet field at its own depth.
    pub fn values(&self, field: FacetField) -> Vec<&Facet> {
        let want = depth(field);
        self.facets_of(field_key(field))
            .iter()
            .filter(|f| f.to_path().len() == want)
            .collect()
    }

    /// The number of a value of a schema field (`place`, `city`, …): its
    /// place among the field's values, as facet counts number it.
    pub(crate) fn number(&self, name: &str, facet: &Facet) -> Option<u32> {
        number_of(&self.tables.get(name)?.facets, facet)
    }

    /// Every value of a schema field, in facet order.
    fn facets_of(&self, name: &str) -> &[Facet] {
        self.tables.get(name).map_or(&[], |t| t.facets.as_slice())
    }

    /// The facets a typed filter value stands for (`north macedonia`, `Kosovo*`,
    /// `CCP`, `Bijaca`, `16.4`); empty when the index holds none.
    pub fn resolve(&self, field: FacetField, typed: &str, glossary: &Glossary) -> Vec<Facet> {
        self.resolve_as(field, typed, glossary, false)
    }

    /// The facets a typed filter value names whole (a value, or a name,
    /// alias, adjective or code of one), none it only holds words of:
    /// `Crna Gora` is Montenegro, `Crna Gora training` nothing.
    pub fn resolve_exactly(
        &self,
        field: FacetField,
        typed: &str,
        glossary: &Glossary,
    ) -> Vec<Facet> {
        self.resolve_as(field, typed, glossary, true)
    }

    fn resolve_as(
        &self,
        field: FacetField,
        typed: &str,
        glossary: &Glossary,
        exactly: bool,
    ) -> Vec<Facet> {
        // `country:Montenegro,Albania`, `sdg:16.4, 16.a`: either value, as
        // `country:(Montenegro OR Albania)` reads them, when the list as a
        // whole names none. Read exactly (a value written over several
        // words), each must name a value, so that `country:Montenegro,
        // training` keeps its word; otherwise a part that names none is
        // left out (and the search says so).
        if typed.contains(',') {
            let whole = self.resolve_named(field, typed, glossary, true);
            if !whole.is_empty() {
                return whole;
            }
            let parts: Vec<&str> = typed
                .split(',')
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect();
            let mut either: Vec<Facet> = Vec::new();
            for part in &parts {
                let found = self.resolve_as(field, part, glossary, exactly);
                if found.is_empty() && exactly {
                    either.clear();
                    break;
                }
                for facet in found {
                    if !either.contains(&facet) {
                        either.push(facet);
                    }
                }
            }
            if !either.is_empty() {
                return either;
            }
        }
        let named = self.resolve_named(field, typed, glossary, exactly);
        if !named.is_empty() {
            return named;
        }
        // `country:Monte*`, `donor:United*`, `country:M*`: the values that
        // start so, as a word's prefix finds the words that start so (a
        // value that ends with `*` itself, `Kosovo*`, is named above). A
        // field's values are few, so one letter is enough, where a word's
        // prefix needs two.
        match typed.trim().strip_suffix('*') {
            Some(prefix) if prefix.chars().any(char::is_alphanumeric) => {
                let key = place_key(prefix);
                self.values(field)
                    .into_iter()
                    .filter(|facet| {
                        facet
                            .to_path()
                            .last()
                            .is_some_and(|value| place_key(value).starts_with(&key))
                    })
                    .cloned()
                    .collect()
            }
            _ => named,
        }
    }

    fn resolve_named(
        &self,
        field: FacetField,
        typed: &str,
        glossary: &Glossary,
        exactly: bool,
    ) -> Vec<Facet> {
        // `year:2021..2022`, `month:[2022-02 TO 2022-03]`, `year:>=2022`:
        // the years or months that meet the days, read as `date:` reads them.
        if matches!(field, FacetField::Year | FacetField::Month)
            && let Some(span) = year_or_month_range(typed)
        {
            return self
                .values(field)
                .into_iter()
                .filter(|facet| {
                    facet
                        .to_path()
                        .last()
                        .and_then(|value| crate::search::when::period(value))
                        .is_some_and(|(from, to)| span.overlaps(from, to))
                })
                .cloned()
                .collect();
        }
        let g = gazetteer();
        let mut keys: BTreeSet<String> = BTreeSet::new();
        keys.insert(place_key(typed));
        match field {
            FacetField::Country | FacetField::Mentioned | FacetField::Donor => {
                if let Some(country) = g.country(typed).or_else(|| country_of_word(typed)) {
                    keys.insert(place_key(country));
                }
                // An agency filed under its donor (`SDC`, `USAID`, `EC`).
                if field == FacetField::Donor
                    && let Some(donor) = g.donor_named(typed)
                {
                    keys.insert(place_key(donor));
                }
            }
            FacetField::City => {
                if let Some(city) = g.city(typed) {
                    keys.insert(place_key(&city.name));
                    keys.extend(city.aliases.iter().map(|a| place_key(a)));
                }
            }
            FacetField::Programme => {
                // As `same_value` compares them, the typed value keyed once.
                let typed_key = place_key(typed);
                for programme in &g.programmes {
                    let named = programme
                        .acronyms
                        .iter()
                        .any(|a| a == typed || a.eq_ignore_ascii_case(typed))
                        || programme.triggers.iter().any(|t| place_key(t) == typed_key);
                    if named {
                        keys.insert(place_key(&programme.name));
                    }
                }
                if let Some(entry) = glossary
                    .get(typed)
                    .or_else(|| glossary.get(&typed.to_uppercase()))
                {
                    keys.extend(entry.expansions.iter().map(|e| place_key(e)));
                }
            }
            FacetField::Sdg => {
                let key = sdg_key(typed);
                let level = if key.contains('.') { 2 } else { 1 };
                return self
                    .facets_of("sdg")
                    .iter()
                    .filter(|f| {
                        let path = f.to_path();
                        path.len() == level && path.last().is_some_and(|v| *v == key)
                    })
                    .cloned()
                    .collect();
            }
            FacetField::Month => {
                // `March`: every March the index holds; `March 2022`: that one.
                if let Some(month) = month_number(typed.trim()) {
                    let ending = format!("-{month:02}");
                    return self
                        .values(field)
                        .into_iter()
                        .filter(|facet| {
                            facet.to_path().last().is_some_and(|v| v.ends_with(&ending))
                        })
                        .cloned()
                        .collect();
                }
                if let Some([spec]) = parse_date_expr(typed).as_deref()
                    && spec.start_day.is_none()
                    && spec.start_month == spec.end_month
                    && !spec.starts_year_before
                    && let Some(year) = spec.year
                {
                    keys.insert(place_key(&format!("{year}-{:02}", spec.start_month)));
                }
            }
            FacetField::Year => {}
        }
        let exact: Vec<Facet> = self
            .values(field)
            .into_iter()
            .filter(|facet| {
                facet
                    .to_path()
                    .last()
                    .is_some_and(|v| keys.contains(&place_key(v)))
            })
            .cloned()
            .collect();
        if exactly || !exact.is_empty() || matches!(field, FacetField::Year | FacetField::Month) {
            return exact;
        }
        // A city the gazetteer knows by this name, which the index does not
        // hold, is no other city whose name is inside it (`East Sarajevo`
        // is not Sarajevo).
        if field == FacetField::City && g.city(typed).is_some() {
            return exact;
        }
        let places = matches!(
            field,
            FacetField::Country | FacetField::Mentioned | FacetField::Donor
        );
        // A value that names a country the index does not hold names no
        // other country whose name holds it (`South Sudan` is not Sudan,
        // `Guinea` is not Guinea-Bissau), though it may name a body of its
        // own whose name holds it (a donor such as a `Swiss Foundation` an
        // index holds).
        let typed_is_country = places
            && g.country(typed)
                .or_else(|| country_of_word(typed))
                .is_some();
        // No value is named so: the values that hold each typed word whole,
        // in any order (`Bosnia`: Bosnia and Herzegovina; `SALW Roadmap`:
        // Western Balkans SALW Control Roadmap), or a programme whose names
        // hold them (`ACIF`: the ACIF Roadmap; `GPML programme`: the Global
        // Programme against Money Laundering, whose acronym is GPML).
        let typed_key = place_key(typed);
        // A name's little words (`and`, `of`) alone name nothing.
        let names_something = typed_key
            .split(|c: char| !c.is_alphanumeric())
            .any(|word| word.chars().count() >= 3 && !is_little_word(word));
        if !names_something {
            return exact;
        }
        let words: Vec<&str> = typed_key
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty() && !is_little_word(word))
            .collect();
        // A country named by other words inside the value (`German
        // Government`, `UK Embassy`, `Government of the Netherlands`): its
        // name, an alias, an adjective, a code (`data/country-words.tsv`).
        let named_countries: BTreeSet<String> = if places {
            countries_named_within(typed, field == FacetField::Donor)
        } else {
            BTreeSet::new()
        };
        // Or a name the typed words hold whole (`Western Balkans SALW
        // Control Roadmap Trust Fund`, `Republic of Serbia`).
        let holds_words = |keys: &[String]| {
            words
                .iter()
                .all(|word| keys.iter().any(|key| contains_words(key, word)))
        };
        let holds = |names: &[&str]| {
            let keys: Vec<String> = names.iter().map(|name| place_key(name)).collect();
            holds_words(&keys)
                || keys
                    .iter()
                    .any(|key| key.chars().count() >= 3 && contains_words(&typed_key, key))
        };
        self.values(field)
            .into_iter()
            .filter(|facet| {
                facet.to_path().last().is_some_and(|v| {
                    // A country inside the value is named by the longest
                    // run of words that names one (`South Sudan`, not Sudan).
                    let is_country = places && g.country(v).is_some();
                    if is_country {
                        return !typed_is_country
                            && (holds_words(&[place_key(v)])
                                || named_countries.contains(&place_key(v)));
                    }
                    holds(&[v])
                        || named_countries.contains(&place_key(v))
                        || (field == FacetField::Programme
                            && g.programmes.iter().any(|p| {
                                let names: Vec<&str> = std::iter::once(p.name.as_str())
                                    .chain(p.triggers.iter().map(String::as_str))
                                    .chain(p.acronyms.iter().map(String::as_str))
                                    .collect();
                                same_value(&p.name, v) && holds(&names)
                            }))
                })
            })
            .cloned()
            .collect()
    }
}

/// The countries (as [`place_key`]s) that runs of words of `typed` name by a country's name or alias, or by a word of
/// `data/country-words.tsv`; with `european_union`, `EU` and `European
/// Commission` name the European Union.
fn countries_named_within(typed: &str, european_union: bool) -> BTreeSet<String> {
    let g = gazetteer();
    // The words of the value as byte ranges: runs of letters and digits,
    // so that a run of them is read as typed between its first and last
    // word (`Guinea-Bissau`, `Côte d'Ivoire`), and a word stands apart from
    // the punctuation around it (`Germany-funded`, `Germany.`).
    let mut words: Vec<(usize, usize)> = Vec::new();
    for (at, c) in typed.char_indices() {
        let end = at + c.len_utf8();
        match words.last_mut() {
            Some(last) if c.is_alphanumeric() && last.1 == at => last.1 = end,
            _ if c.is_alphanumeric() => words.push((at, end)),
            _ => {}
        }
    }
    let lookup = |run: &str| -> Option<String> {
        if european_union && ["eu", "european commission", "ec"].contains(&place_key(run).as_str())
        {
            return Some(place_key("European Union"));
        }
        g.country(run)
            .or_else(|| country_of_word(run))
            .map(place_key)
    };
    let mut named = BTreeSet::new();
    // Longest runs first; a word of a run that names a country names no
    // other (`South Sudan` holds no Sudan, `Papua New Guinea` no Guinea).
    let mut taken = vec![false; words.len()];
    // No name of a country is longer than twelve words (the longest, the
    // United Kingdom of Great Britain and Northern Ireland, has eight).
    for len in (1..=words.len().min(MAX_COUNTRY_NAME_WORDS)).rev() {
        for at in 0..words.len().saturating_sub(len - 1) {
            if taken[at..at + len].iter().any(|&t| t) {
                continue;
            }
            let (start, end) = (words[at].0, words[at + len - 1].1);
            let run = &typed[start..end];
            // A little word (`in`, `nor`) alone names nothing, but in
            // capitals it is a code (`NOR Government`).
            if len == 1 && is_little_word(run) && run.chars().any(char::is_lowercase) {
                continue;
            }
            // A name that ends in a full stop (`U.S.`) is read with it.
            let with_stop = typed[end..]
                .starts_with('.')
                .then(|| &typed[start..end + 1]);
            if let Some(name) = with_stop.and_then(lookup).or_else(|| lookup(run)) {
                named.insert(name);
                taken[at..at + len].fill(true);
            }
        }
    }
    named
}

/// The most words a country's name (or alias) runs to, with room to spare.
const MAX_COUNTRY_NAME_WORDS: usize = 12;

/// Whether `words` stands in `text` as whole words (both keyed alike).
fn contains_words(text: &str, words: &str) -> bool {
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(words).any(|(at, _)| {
        boundary(text[..at].chars().next_back())
            && boundary(text[at + words.len()..].chars().next())
    })
}

/// Counts of one field's values: per schema field, a count per value number.
pub(crate) type FieldCounts = Vec<Vec<u32>>;

/// Counts the values of some facet fields over the matching documents.
pub(crate) struct FacetCounter {
    values: Arc<FacetValues>,
    fields: Vec<&'static str>,
    /// Place and date filters on each part of an activity: an activity of
    /// several parts counts the countries, cities, years and months of the
    /// parts that meet them.
    parts: Option<(Arc<EventFilter>, Arc<EventColumns>)>,
}

/// Which values a part gives a field: its country and city under it, its
/// city, or its years and months.
#[derive(Clone, Copy, PartialEq, Eq)]
enum PartValues {
    Country,
    City,
    Month,
}

impl PartValues {
    fn of(name: &str) -> Option<Self> {
        match name {
            "place" => Some(PartValues::Country),
            "city" => Some(PartValues::City),
            "month" => Some(PartValues::Month),
            _ => None,
        }
    }

    /// Adds the numbers of the values a part holds in this field to `held`.
    fn add(self, part: &Part, held: &mut Vec<u32>) {
        let ids = match self {
            PartValues::Country => &part.place[..],
            PartValues::City => std::slice::from_ref(&part.city),
            PartValues::Month => &part.months[..],
        };
        held.extend(ids.iter().copied().filter(|&id| id != NONE_ID));
    }
}

/// The counting by parts of one segment: the filter, the segment's parts,
/// and per counted field, which values it takes from parts (none for
/// fields other than country, city, year and month) and the counts of
/// those values.
struct SegmentParts {
    filter: Arc<EventFilter>,
    events: Arc<SegmentEvents>,
    places: Vec<Option<PartValues>>,
    counts: Vec<Vec<u32>>,
    /// The documents of a block with one part, and with several.
    whole: Vec<DocId>,
    parted: Vec<DocId>,
}

/// [`FacetCounter`] on one segment: per field, a count per set of values.
///
/// Matches are counted a block at a time, one field after another: a scored
/// search hands them over one by one, so they wait in `pending` until a
/// block is full. Each field has [`LANES`] rows of counters that a block's
/// documents take in turn, so runs of the same set (the documents of one
/// month share their year) do not make each increment wait for the one
/// before it.
pub(crate) struct SegmentFacetCounter {
    docs: Vec<Option<Arc<DocFacets>>>,
    set_counts: Vec<[Vec<u32>; LANES]>,
    value_count: Vec<usize>,
    pending: Vec<DocId>,
    parts: Option<SegmentParts>,
}

/// Rows of counters per field.
const LANES: usize = 4;
/// Matches counted together.
const BLOCK: usize = 64;

/// Counts one match in a row of counters.
#[inline]
fn bump(counts: &mut [u32], set_of: &[u32], doc: DocId) {
    if let Some(&set) = set_of.get(doc as usize)
        && let Some(count) = counts.get_mut(set as usize)
    {
        *count += 1;
    }
}

impl SegmentFacetCounter {
    /// Counts a block of matching documents.
    fn count_block(&mut self, block: &[DocId]) {
        let Some(parts) = &mut self.parts else {
            for field in 0..self.docs.len() {
                Self::count_field(&self.docs, &mut self.set_counts, field, block);
            }
            return;
        };
        parts.whole.clear();
        parts.parted.clear();
        for &doc in block {
            match parts.events.of(doc) {
                Some(_) => parts.parted.push(doc),
                None => parts.whole.push(doc),
            }
        }
        for field in 0..self.docs.len() {
            let Some(place) = parts.places.get(field).copied().flatten() else {
                Self::count_field(&self.docs, &mut self.set_counts, field, block);
                continue;
            };
            Self::count_field(&self.docs, &mut self.set_counts, field, &parts.whole);
            let Some(counts) = parts.counts.get_mut(field) else {
                continue;
            };
            let mut held: Vec<u32> = Vec::new();
            for &doc in &parts.parted {
                held.clear();
                for part in parts.events.of(doc).unwrap_or_default() {
                    if parts.filter.accepts(part) {
                        place.add(part, &mut held);
                    }
                }
                held.sort_unstable();
                held.dedup();
                for &id in &held {
                    if let Some(count) = counts.get_mut(id as usize) {
                        *count += 1;
                    }
                }
            }
        }
    }

    /// Counts a block of matching documents in one field.
    fn count_field(
        docs: &[Option<Arc<DocFacets>>],
        set_counts: &mut [[Vec<u32>; LANES]],
        field: usize,
        block: &[DocId],
    ) {
        if let (Some(Some(docs)), Some([a, b, c, d])) = (docs.get(field), set_counts.get_mut(field))
        {
            let set_of = docs.set_of.as_slice();
            let mut quads = block.chunks_exact(LANES);
            for quad in &mut quads {
                bump(a, set_of, quad[0]);
                bump(b, set_of, quad[1]);
                bump(c, set_of, quad[2]);
                bump(d, set_of, quad[3]);
            }
            for &doc in quads.remainder() {
                bump(a, set_of, doc);
            }
        }
    }

    /// Counts the matches waiting in `pending`.
    fn flush(&mut self) {
        let pending = std::mem::take(&mut self.pending);
        self.count_block(&pending);
        self.pending = pending;
        self.pending.clear();
    }
}

impl Collector for FacetCounter {
    type Fruit = FieldCounts;
    type Child = SegmentFacetCounter;

    fn for_segment(
        &self,
        _segment_ord: SegmentOrdinal,
        segment: &SegmentReader,
    ) -> tantivy::Result<SegmentFacetCounter> {
        let mut docs = Vec::with_capacity(self.fields.len());
        let mut set_counts = Vec::with_capacity(self.fields.len());
        let mut value_count = Vec::with_capacity(self.fields.len());
        for name in &self.fields {
            let table = self.values.tables.get(name);
            let segment_docs = table.and_then(|t| {
                t.segments
                    .get()
                    .and_then(|segments| segments.get(&segment.segment_id()).cloned())
            });
            let sets = segment_docs.as_ref().map_or(0, |d| d.sets());
            set_counts.push(std::array::from_fn(|_| vec![0; sets]));
            docs.push(segment_docs);
            value_count.push(table.map_or(0, |t| t.facets.len()));
        }
        let parts = match &self.parts {
            Some((filter, columns))
                if self
                    .fields
                    .iter()
                    .any(|name| PartValues::of(name).is_some()) =>
            {
                let places: Vec<Option<PartValues>> = self
                    .fields
                    .iter()
                    .map(|name| PartValues::of(name))
                    .collect();
                let counts = value_count.iter().map(|&n| vec![0; n]).collect();
                Some(SegmentParts {
                    filter: filter.clone(),
                    events: segment_events(columns, segment)?,
                    places,
                    counts,
                    whole: Vec::with_capacity(BLOCK),
                    parted: Vec::with_capacity(BLOCK),
                })
            }
            _ => None,
        };
        Ok(SegmentFacetCounter {
            docs,
            set_counts,
            value_count,
            pending: Vec::with_capacity(BLOCK),
            parts,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FieldCounts>) -> tantivy::Result<FieldCounts> {
        let mut fruits = fruits.into_iter();
        let mut total = fruits.next().unwrap_or_default();
        for fruit in fruits {
            for (sum, counts) in total.iter_mut().zip(fruit) {
                for (s, c) in sum.iter_mut().zip(counts) {
                    *s += c;
                }
            }
        }
        Ok(total)
    }
}

impl SegmentCollector for SegmentFacetCounter {
    type Fruit = FieldCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        // A search without facets still runs the counter, with no fields.
        if self.docs.is_empty() {
            return;
        }
        self.pending.push(doc);
        if self.pending.len() == BLOCK {
            self.flush();
        }
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.flush();
        self.count_block(docs);
    }

    fn harvest(mut self) -> FieldCounts {
        self.flush();
        let mut out = Vec::with_capacity(self.docs.len());
        let mut by_parts = self.parts.map(|parts| parts.counts).unwrap_or_default();
        for (field, ((docs, set_counts), values)) in self
            .docs
            .iter()
            .zip(self.set_counts)
            .zip(self.value_count)
            .enumerate()
        {
            let mut counts = by_parts
                .get_mut(field)
                .map(std::mem::take)
                .filter(|c| c.len() == values)
                .unwrap_or_else(|| vec![0u32; values]);
            if let Some(docs) = docs {
                let [a, b, c, d] = &set_counts;
                for (set, (((a, b), c), d)) in a.iter().zip(b).zip(c).zip(d).enumerate() {
                    let n = a + b + c + d;
                    if n > 0 {
                        for &id in docs.values_of(set) {
                            if let Some(count) = counts.get_mut(id as usize) {
                                *count += n;
                            }
                        }
                    }
                }
            }
            out.push(counts);
        }
        out
    }
}

/// The children of the value numbered `parent` (or the values at depth 1
/// for `None`) with a count, with their numbers, sorted by count then
/// name, alphabetically.
fn counts_under(table: &FieldTable, counts: &[u32], parent: Option<u32>) -> Vec<(u32, FacetCount)> {
    let mut out: Vec<(u32, FacetCount)> = table
        .parents
        .iter()
        .enumerate()
        .filter(|&(id, p)| *p == parent && counts.get(id).is_some_and(|&c| c > 0))
        .map(|(id, _)| {
            let count = FacetCount {
                value: table.facets[id]
                    .to_path()
                    .last()
                    .map(|s| s.to_string())
                    .unwrap_or_default(),
                count: u64::from(counts[id]),
                children: Vec::new(),
            };
            (id as u32, count)
        })
        .collect();
    // Equal counts in alphabetical order (`FieldTable::alphabetical`).
    out.sort_unstable_by_key(|&(id, ref c)| {
        (
            std::cmp::Reverse(c.count),
            table
                .alphabetical
                .get(id as usize)
                .copied()
                .unwrap_or(u32::MAX),
        )
    });
    out
}

/// Each value's place in alphabetical order of the values as shown (see
/// `FieldTable::alphabetical`).
fn alphabetical_places(facets: &[Facet]) -> Vec<u32> {
    let shown: Vec<String> = facets
        .iter()
        .map(|f| {
            f.to_path()
                .last()
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
        .collect();
    let mut by_name: Vec<usize> = (0..shown.len()).collect();
    by_name.sort_by_cached_key(|&at| (crate::text::latin_lowercase(&shown[at]), &shown[at]));
    let mut places = vec![0; shown.len()];
    for (place, at) in by_name.into_iter().enumerate() {
        places[at] = place as u32;
    }
    places
}

/// The facet fields of one pass, and how to read their counts back.
pub(crate) struct FacetPass {
    values: Arc<FacetValues>,
    fields: Vec<FacetField>,
    /// The schema fields counted, in the order of the counter's fruit.
    names: Vec<&'static str>,
}

impl FacetPass {
    /// A pass counting `fields`, and the collector that counts them (it
    /// counts nothing when `fields` is empty).
    pub(crate) fn new(
        values: &Arc<FacetValues>,
        fields: &[FacetField],
        parts: Option<(Arc<EventFilter>, Arc<EventColumns>)>,
    ) -> Result<(Self, FacetCounter)> {
        let mut names: Vec<&'static str> = fields.iter().map(|&f| field_key(f)).collect();
        names.sort_unstable();
        names.dedup();
        for name in &names {
            values.number_documents(name)?;
        }
        let counter = FacetCounter {
            values: values.clone(),
            fields: names.clone(),
            parts,
        };
        let pass = FacetPass {
            values: values.clone(),
            fields: fields.to_vec(),
            names,
        };
        Ok((pass, counter))
    }

    /// Reads the counts of the pass's fields into `out`.
    pub(crate) fn extract(
        self,
        all_counts: FieldCounts,
        out: &mut BTreeMap<String, Vec<FacetCount>>,
    ) {
        for field in self.fields {
            let name = field_key(field);
            let (Some(table), Some(counts)) = (
                self.values.tables.get(name),
                self.names
                    .iter()
                    .position(|n| *n == name)
                    .and_then(|i| all_counts.get(i)),
            ) else {
                // A field no document has a value of (an empty index) is
                // still answered, with no values.
                out.entry(field.name().to_string()).or_default();
                continue;
            };
            let mut list: Vec<(u32, FacetCount)> = match field {
                // Months are counted under each year.
                FacetField::Month => table
                    .parents
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.is_none())
                    .flat_map(|(year, _)| counts_under(table, counts, Some(year as u32)))
                    .collect(),
                _ => counts_under(table, counts, None),
            };
            if matches!(field, FacetField::Month | FacetField::Year) {
                list.sort_by(|(_, a), (_, b)| b.value.cmp(&a.value));
            }
            // A country's cities, a goal's targets.
            if matches!(field, FacetField::Country | FacetField::Sdg) {
                for (id, item) in &mut list {
                    item.children = counts_under(table, counts, Some(*id))
                        .into_iter()
                        .map(|(_, child)| child)
                        .collect();
                }
            }
            out.insert(
                field.name().to_string(),
                list.into_iter().map(|(_, item)| item).collect(),
            );
        }
    }
}

/// Disjunctive counts of the fields that have a filter of their own: each
/// counted under the text query and every filter but its own. (Fields without
/// a filter are counted in the search's main pass.)
pub(crate) fn count_filtered_fields(
    engine: &Engine,
    searcher: &Searcher,
    values: &Arc<FacetValues>,
    text: Option<&dyn Query>,
    filters: &ResolvedFilters,
    fields: &[FacetField],
    out: &mut BTreeMap<String, Vec<FacetCount>>,
) -> Result<()> {
    for &field in fields.iter().filter(|f| filters.facets.contains_key(f)) {
        let query = engine.combine(text.map(|q| q.box_clone()), filters, Some(field));
        let (pass, counter) = FacetPass::new(values, &[field], filters.parts(Some(field)))?;
        let counts = engine.collect(searcher, &*query, counter)?;
        pass.extract(counts, out);
    }
    Ok(())
}

/// Most indexed words a suggestion prefix expands to (`tr` → `trade`,
/// `train`, …): the first ones in dictionary order, of each segment.
pub const MAX_PREFIX_TERMS: usize = 1000;
/// Most words of a suggestion prefix that narrow the titles (the last ones typed).
pub const MAX_SUGGEST_WORDS: usize = 8;
/// Most searches of the index one suggestion request runs to check its
/// completions (whether a completed box finds something, how a word is
/// written); candidates past it are left out.
pub const MAX_SUGGEST_SEARCHES: usize = 32;

/// Title suggestions read this many activities for each one offered, so
/// that a title several activities share (offered once) leaves room for
/// others.
pub const TITLE_COPIES_READ: usize = 4;

/// The indexed terms of `field` that start with `prefix`, with their document
/// frequencies, at most `cap` per segment; `true` when some were left out.
pub fn prefix_terms(
    searcher: &Searcher,
    field: Field,
    prefix: &str,
    cap: usize,
) -> Result<(Vec<(u32, String)>, bool)> {
    let mut terms: Vec<(u32, String)> = Vec::new();
    let mut capped = false;
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()?;
        let mut taken = 0;
        while stream.advance() {
            let Ok(term) = std::str::from_utf8(stream.key()) else {
                break;
            };
            if !term.starts_with(prefix) {
                break;
            }
            // A word as written in capitals (`SEE`) is the lower-case one again.
            if crate::index::analyzer::is_capitals_form(term) {
                continue;
            }
            if taken == cap {
                capped = true;
                break;
            }
            taken += 1;
            terms.push((stream.value().doc_freq, term.to_string()));
        }
    }
    Ok((terms, capped))
}

/// The byte spans of a search box's parts: words, `field:value` clauses, a
/// quoted phrase or value (an unclosed quote runs to the end) and a
/// clause's bracketed values (`country:(Albania OR Kosovo)`).
fn box_parts(typed: &str) -> Vec<(usize, usize)> {
    let mut parts = Vec::new();
    let mut start: Option<usize> = None;
    let mut quoted = false;
    let mut depth = 0usize;
    for (i, c) in typed.char_indices() {
        if c.is_whitespace() && !quoted && depth == 0 {
            if let Some(s) = start.take() {
                parts.push((s, i));
            }
            continue;
        }
        let begun = *start.get_or_insert(i);
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted && (depth > 0 || typed[begun..i].contains(':')) => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if let Some(s) = start {
        parts.push((s, typed.len()));
    }
    parts
}

/// Where the clause being typed starts when its value runs over several
/// plain words, as the query language reads `donor:United Kingdom` and
/// `country: Montenegro` (see `join_facet_values`): a field's clause, or
/// its name and colon alone, then up to that many plain words, the last
/// being typed, when a value of the field begins with them all.
fn spaced_clause_start(
    typed: &str,
    parts: &[(usize, usize)],
    values: &FacetValues,
) -> Option<usize> {
    let (_, before) = parts.split_last()?;
    for (words, &(start, end)) in before.iter().rev().enumerate() {
        let part = &typed[start..end];
        if is_plain_word(part) {
            continue;
        }
        let (name, first) = part.strip_prefix('-').unwrap_or(part).split_once(':')?;
        let field = FacetField::from_name(name).filter(|f| *f != FacetField::Sdg)?;
        if first.contains(['"', '(', ')', ':']) {
            return None;
        }
        // The words after the value's first, with the one being typed.
        let after_first = if first.is_empty() { words } else { words + 1 };
        if after_first > crate::search::MAX_FACET_VALUE_WORDS {
            return None;
        }
        let key = place_key(typed[end - first.len()..].trim());
        let begins = values
            .values(field)
            .iter()
            .filter_map(|facet| facet.to_path().last().map(|v| v.to_string()))
            .any(|value| {
                place_key(&value).starts_with(&key) || named_otherwise(field, &value, &key)
            });
        return begins.then_some(start);
    }
    None
}

/// Why a `year` or `month` filter value names no year or month at all,
/// whatever the index holds (`year=abc`, `month=2022-13`): the web API's
/// `year` and `month` parameters answer 400 with it. `None` for a value
/// written as a year (`2022`), a month (`2022-03`, `March`, `March 2022`),
/// a range of them (`2021..2022`, `[2022-02 TO 2022-03]`, `>=2022`), a
/// start followed by `*`, or a list of these joined by commas; whether an
/// activity has it is the search's answer, not a fault of the parameter.
pub fn year_or_month_value_problem(field: FacetField, typed: &str) -> Option<String> {
    let names_one = |part: &str| {
        if part.ends_with('*') || year_or_month_range(part).is_some() {
            return true;
        }
        let digits =
            |text: &str, len: usize| text.len() == len && text.bytes().all(|b| b.is_ascii_digit());
        match field {
            FacetField::Year => digits(part, 4),
            FacetField::Month => {
                let iso_month = part.split_once('-').is_some_and(|(year, month)| {
                    digits(year, 4)
                        && digits(month, 2)
                        && crate::search::when::period(part).is_some()
                });
                iso_month
                    || month_number(part).is_some()
                    || parse_date_expr(part).as_deref().is_some_and(|specs| {
                        matches!(specs, [spec] if spec.start_day.is_none()
                            && spec.start_month == spec.end_month
                            && !spec.starts_year_before
                            && spec.year.is_some())
                    })
            }
            _ => true,
        }
    };
    let example = match field {
        FacetField::Year => "a year like 2022 or a range like 2021..2022",
        FacetField::Month => "a month like 2022-03, March or March 2022",
        _ => return None,
    };
    typed
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .find(|part| !names_one(part))
        .map(|part| {
            year_or_month_range_problem(field, part)
                .unwrap_or_else(|| format!("{part:?} is not {example}"))
        })
}

/// Why a `year:` or `month:` value written as a range names no days
/// (`month:2022-03..2022-02` ends before it starts), for the notice about
/// it; `None` for a value that is no range or names days.
pub(crate) fn year_or_month_range_problem(field: FacetField, typed: &str) -> Option<String> {
    use crate::search::when::{DateField, date_span};
    let trimmed = typed.trim();
    let ranged = trimmed.contains("..") || trimmed.starts_with(['[', '{', '<', '>']);
    if !matches!(field, FacetField::Year | FacetField::Month)
        || !ranged
        || year_or_month_range(typed).is_some()
    {
        return None;
    }
    let problem = date_span(DateField::Date, trimmed).err()?;
    let reason = problem
        .split_once("\" ")?
        .1
        .trim_end_matches("; it is left out");
    Some(format!(
        "\"{}:{trimmed}\" {reason}: it keeps no activity",
        field.name()
    ))
}

/// The days a `year:` or `month:` value written as a range spans
/// (`2021..2022`, `[2022-02 TO 2022-03]`, `2022-02 TO 2022-03`,
/// `February 2022 TO 2022-03`, `>=2022`),
/// as `date:` reads it;
/// `None` for a value that is no range (`2022`, `March`).
fn year_or_month_range(typed: &str) -> Option<crate::search::when::DaySpan> {
    use crate::search::when::{DateField, date_span};
    let typed = typed.trim();
    // `2022-02 TO 2022-03`, Elasticsearch's `TO` without its brackets,
    // both sides written, each in numbers or a dateline's words
    // (`February 2022 TO 2022-03`, quoted as one inside the brackets).
    let words: Vec<&str> = typed.split_whitespace().collect();
    if let Some(to) = words.iter().position(|w| w.eq_ignore_ascii_case("to"))
        && to > 0
        && to + 1 < words.len()
        && !typed.starts_with(['[', '{'])
    {
        let side = |words: &[&str]| match words {
            [one] => one.to_string(),
            _ => format!("\"{}\"", words.join(" ")),
        };
        let range = format!("[{} TO {}]", side(&words[..to]), side(&words[to + 1..]));
        return date_span(DateField::Date, &range).ok();
    }
    let ranged = typed.contains("..") || typed.starts_with(['[', '{', '<', '>']);
    if !ranged {
        return None;
    }
    date_span(DateField::Date, typed).ok()
}

/// A value as the query language reads it back: bare when it is one plain
/// word, otherwise quoted (a quote inside it, which no quoted value can
/// hold, is left out; the filter reads values leniently).
pub fn clause_value(value: &str) -> String {
    let bare = !value.is_empty()
        && !value.starts_with('-')
        && value
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '\'' | '&'));
    if bare {
        value.to_string()
    } else {
        format!("\"{}\"", value.replace('"', ""))
    }
}

/// Whether a place `value` of `field` has another name, one its filter
/// reads as it (`Prishtinë`, `Crna Gora`), that begins with `key`.
fn named_otherwise(field: FacetField, value: &str, key: &str) -> bool {
    matches!(
        field,
        FacetField::Country | FacetField::City | FacetField::Mentioned | FacetField::Donor
    ) && crate::extract::gazetteer::other_names_of_place(value)
        .iter()
        .any(|name| place_key(name).starts_with(key))
}

/// `earlier`, then `completion`.
fn joined(earlier: &str, completion: &str) -> String {
    if earlier.is_empty() {
        completion.to_string()
    } else if completion.is_empty() {
        earlier.to_string()
    } else {
        format!("{earlier} {completion}")
    }
}

/// What suggesting asks of a search.
pub(crate) struct Checks<'a> {
    /// Whether a box's text finds an activity holding every part of it.
    pub finds: &'a dyn Fn(&str) -> Result<bool>,
    /// An indexed word as the text writes it (`bijaca` → `Bijača`).
    pub written: &'a dyn Fn(&str) -> Result<Option<String>>,
    /// The titles of the first activities (at most the number given) a box's text finds.
    pub titles: &'a dyn Fn(&str, usize) -> Result<Vec<Suggestion>>,
}

/// Suggestions for what the search box holds, for its last part: a
/// `field:` clause being typed is completed with that field's values;
/// a word with places, programmes, donors, acronyms and titles (the plain
/// words before it narrow the titles), then words of the text as written.
/// A completion is offered when the box it makes finds something (asked
/// only when the box has earlier text).
pub(crate) fn suggest(
    engine: &Engine,
    searcher: &Searcher,
    glossary: &Glossary,
    values: &FacetValues,
    prefix: &str,
    limit: usize,
    checks: &Checks,
) -> Result<Vec<Suggestion>> {
    // Typographic quotation marks quote as `"` does, as the query reads them.
    let typed = crate::search::query::straight_quotes(prefix.trim());
    let typed = typed.as_str();
    let mut parts = box_parts(typed);
    let Some(&(mut last_start, _)) = parts.last() else {
        return Ok(Vec::new());
    };
    // A value typed over several words is the clause being typed.
    if let Some(start) = spaced_clause_start(typed, &parts, values) {
        last_start = start;
        parts.retain(|&(from, _)| from < start);
        parts.push((start, typed.len()));
    } else if let [.., (start, end), (_, _)] = parts[..]
        && typed[..end].ends_with(',')
        && typed[start..end].contains(':')
        && !is_plain_word(&typed[start..end])
    {
        // So is a list of values with a space after its comma
        // (`country:Albania, Bos`), as the query reads it.
        last_start = start;
        parts.truncate(parts.len() - 2);
        parts.push((start, typed.len()));
    }
    let limit = limit.clamp(1, 50);
    // Each check is a search of the index: past the bound, a candidate is
    // taken as finding nothing, so a keystroke costs at most so many.
    let left = std::cell::Cell::new(MAX_SUGGEST_SEARCHES);
    let spend = || {
        let more = left.get() > 0;
        left.set(left.get().saturating_sub(1));
        more
    };
    let finds = |query: &str| -> Result<bool> {
        if spend() {
            (checks.finds)(query)
        } else {
            Ok(false)
        }
    };
    let written = |word: &str| -> Result<Option<String>> {
        if spend() {
            (checks.written)(word)
        } else {
            Ok(None)
        }
    };
    let titles = |query: &str, room: usize| -> Result<Vec<Suggestion>> {
        if spend() {
            (checks.titles)(query, room)
        } else {
            Ok(Vec::new())
        }
    };
    let checks = &Checks {
        finds: &finds,
        written: &written,
        titles: &titles,
    };
    let earlier = typed[..last_start].trim_end();
    let last = &typed[last_start..];
    let (sign, unsigned) = match last.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", last),
    };
    // A completion is kept when the box it makes finds something.
    let keeps = |query: &str| -> Result<bool> {
        if earlier.is_empty() {
            Ok(true)
        } else {
            (checks.finds)(query)
        }
    };
    if let Some((name, value)) = unsigned.split_once(':')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphabetic() || c == '_')
    {
        let lower = name.to_ascii_lowercase();
        if matches!(lower.as_str(), "title" | "text" | "body") {
            // A word of the titles (or the whole text), as written; the
            // letters typed read as the analyzer reads a prefix's (`Ѓор` is
            // `gjor`, as the index holds `Ѓорче`).
            let keys = crate::index::analyzer::prefix_keys(value.trim_start_matches(['"', '(']));
            let key = keys.first().cloned().unwrap_or_default();
            if key.chars().count() < 2 {
                return Ok(Vec::new());
            }
            let field = if lower == "title" {
                engine.fields.title
            } else {
                engine.fields.text
            };
            let (mut terms, _capped) = prefix_terms(searcher, field, &key, MAX_PREFIX_TERMS)?;
            terms.sort_by_key(|t| std::cmp::Reverse(t.0));
            let mut out: Vec<Suggestion> = Vec::new();
            for (_, term) in terms.into_iter().take(2 * limit) {
                let Some(written) = (checks.written)(&term)? else {
                    continue;
                };
                // Either way a `đ` is read, typed or written (`Djur` starts
                // `Đurić`, held as both `duric` and `djuric`).
                let starts_so = crate::index::analyzer::prefix_keys(&written)
                    .iter()
                    .any(|letters| keys.iter().any(|key| letters.starts_with(key.as_str())));
                if !starts_so || out.iter().any(|s| s.text == written) {
                    continue;
                }
                let query = joined(
                    earlier,
                    &format!("{sign}{lower}:{}", clause_value(&written)),
                );
                if (checks.finds)(&query)? {
                    out.push(Suggestion::completion(written, "word", None, query));
                }
                if out.len() == limit {
                    break;
                }
            }
            return Ok(out);
        }
        // A clause being typed: that field's values (none for another field).
        let Some(field) = FacetField::from_name(name) else {
            return Ok(Vec::new());
        };
        // Inside the clause's brackets (`country:(Albania OR Kos`), the
        // value being typed is the last one there; the others are kept and
        // the bracket closed.
        // So is the last of values listed with commas
        // (`country:Montenegro,Al`), outside quotes.
        let listed_up_to = value
            .char_indices()
            .scan(false, |quoted, (at, c)| {
                *quoted ^= c == '"';
                Some((at, c == ',' && !*quoted))
            })
            .filter(|&(_, comma)| comma)
            .map(|(at, _)| at + 1)
            .last();
        let (value, before, after) = match (value.strip_prefix('('), listed_up_to) {
            (Some(inner), _) => {
                let start = box_parts(inner).last().map_or(inner.len(), |p| p.0);
                (&inner[start..], format!("({}", &inner[..start]), ")")
            }
            (None, Some(end)) => (&value[end..], value[..end].to_string(), ""),
            (None, None) => (value, String::new(), ""),
        };
        let key = place_key(
            value
                .trim()
                .trim_start_matches('"')
                .trim_end_matches(['"', ')']),
        );
        let facets: Vec<&Facet> = if field == FacetField::Sdg {
            values.facets_of(field_key(field)).iter().collect()
        } else {
            values.values(field)
        };
        // The values that begin so, then those with a later word that does.
        let mut matching: Vec<(bool, String)> = Vec::new();
        for facet in facets {
            let Some(value) = facet.to_path().last().map(|v| v.to_string()) else {
                continue;
            };
            let value_key = place_key(&value);
            let begins = value_key.starts_with(&key);
            if begins || value_key.split([' ', '-']).any(|w| w.starts_with(&key)) {
                matching.push((!begins, value));
            } else if !key.is_empty() && named_otherwise(field, &value, &key) {
                // Another of its names begins so (`city:Prisht`, `country:Crna`).
                matching.push((true, value));
            }
        }
        // The values the filter reads the text as when it names none
        // (`programme:GFP`, `donor:British`), and those of the acronyms
        // starting so (`programme:GF`): the filter takes them as the
        // programme or country they stand for.
        let typed_value = value.trim().trim_matches(['"', ')']);
        if !typed_value.is_empty() && !matches!(field, FacetField::Year | FacetField::Month) {
            let mut names = vec![typed_value.to_string()];
            let upper = typed_value.to_uppercase();
            names.extend(
                glossary
                    .entries()
                    .filter(|entry| entry.acronym.to_uppercase().starts_with(&upper))
                    .map(|entry| entry.acronym.clone()),
            );
            for name in names {
                for facet in values.resolve_exactly(field, &name, glossary) {
                    if let Some(value) = facet.to_path().last() {
                        matching.push((false, value.to_string()));
                    }
                }
            }
        }
        matching.sort_by_key(|m| m.0);
        // The values already listed before the one typed.
        let listed: Vec<String> = if listed_up_to.is_some() {
            before
                .split(',')
                .map(|v| place_key(v.trim().trim_matches('"')))
                .collect()
        } else {
            Vec::new()
        };
        let mut out = Vec::new();
        for (_, value) in matching {
            if out.iter().any(|s: &Suggestion| s.text == value)
                || listed.contains(&place_key(&value))
            {
                continue;
            }
            let completed = clause_value(&value);
            // A quoted value after a bare one (`Albania,"Bosnia and
            // Herzegovina"`) is read as the start of another value: the
            // listed values are then quoted too.
            let before =
                if listed_up_to.is_some() && completed.starts_with('"') && !before.contains('"') {
                    let mut quoted: String = before
                        .split(',')
                        .map(str::trim)
                        .filter(|v| !v.is_empty())
                        .map(|v| format!("\"{v}\","))
                        .collect();
                    if quoted.is_empty() {
                        quoted = before.clone();
                    }
                    quoted
                } else {
                    before.clone()
                };
            let query = joined(
                earlier,
                &format!("{sign}{}:{before}{completed}{after}", field.name()),
            );
            if keeps(&query)? {
                out.push(Suggestion::completion(value, field.name(), None, query));
            }
            if out.len() == limit {
                break;
            }
        }
        return Ok(out);
    }
    let word = unsigned.trim_start_matches(['"', '(']);
    let key = place_key(word);
    if key.chars().count() < 2 {
        return Ok(Vec::new());
    }
    // The plain words just before the last may begin a name of several
    // words (`bosnia and her`): the longest run that begins a value is
    // replaced by it.
    let mut runs: Vec<(usize, String)> = Vec::new();
    if sign.is_empty() {
        for &(start, end) in parts[..parts.len() - 1].iter().rev().take(5) {
            if !is_plain_word(&typed[start..end]) {
                break;
            }
            runs.push((start, place_key(&typed[start..])));
        }
    }
    runs.reverse();
    runs.push((last_start, key.clone()));
    // Each value with the start of the longest run it begins; the values
    // the most words begin come first.
    let mut candidates: Vec<(usize, bool, &'static str, String)> = Vec::new();
    for (field, kind) in [
        (FacetField::Country, "country"),
        (FacetField::City, "city"),
        (FacetField::Programme, "programme"),
        (FacetField::Donor, "donor"),
    ] {
        for facet in values.values(field) {
            let Some(value) = facet.to_path().last().map(|v| v.to_string()) else {
                continue;
            };
            let value_key = place_key(&value);
            let run = runs.iter().find(|(_, run)| {
                value_key.starts_with(run.as_str())
                    || value_key
                        .match_indices([' ', '-'])
                        .any(|(i, _)| value_key[i + 1..].starts_with(run.as_str()))
            });
            if let Some((start, run)) = run {
                candidates.push((*start, !value_key.starts_with(run.as_str()), kind, value));
            } else if let Some((start, _)) = runs
                .iter()
                .find(|(_, run)| named_otherwise(field, &value, run))
            {
                // Another of its names begins so (`Prishtin`, `Crna Gor`).
                candidates.push((*start, true, kind, value));
            }
        }
    }
    // The acronyms that begin with the last word (a well-known one no
    // activity holds, neither written nor spelt out, would lead to an
    // empty page).
    let mut named: Vec<(usize, u8, &'static str, String, Option<String>)> = Vec::new();
    for (start, later, kind, value) in candidates {
        let rank = if later {
            3
        } else if place_key(&value) == runs.iter().find(|r| r.0 == start).map_or("", |r| &r.1) {
            0
        } else {
            1
        };
        named.push((start, rank, kind, value, None));
    }
    for entry in glossary.entries() {
        let acronym = entry.acronym.to_lowercase();
        if acronym.starts_with(&key)
            && (entry.files > 0 || is_acronym_held(searcher, engine.fields.text, entry)?)
        {
            let rank = if acronym == key { 0 } else { 2 };
            named.push((
                last_start,
                rank,
                "acronym",
                entry.acronym.clone(),
                entry.expansions.first().cloned(),
            ));
        }
    }
    // The longest run first; then what is named as typed (`UNODC`, the
    // acronym, before `EU-UNODC Joint Action…`), the values that begin so,
    // the acronyms that do, and the values with a later word that does.
    named.sort_by_key(|n| (n.0, n.1));
    let mut out: Vec<Suggestion> = Vec::new();
    for (start, _, kind, value, detail) in named {
        if out.len() > limit / 2 {
            break;
        }
        let query = if kind == "acronym" {
            joined(earlier, &format!("{sign}{value}"))
        } else {
            joined(
                typed[..start].trim_end(),
                &format!("{sign}{kind}:{}", clause_value(&value)),
            )
        };
        if keeps(&query)? {
            out.push(Suggestion::completion(value, kind, detail, query));
        }
    }
    out.dedup_by(|a, b| a.text == b.text && a.kind == b.kind);
    out.truncate(limit / 2 + 1);
    let room = limit.saturating_sub(out.len()).max(1);
    if parts[..parts.len() - 1]
        .iter()
        .any(|&(start, end)| !is_plain_word(&typed[start..end]))
    {
        // After a filter, exclusion or group: the titles, with a word that
        // starts with the last typed word, of activities the earlier text finds.
        if sign.is_empty() && key.chars().all(char::is_alphanumeric) {
            // First, so that it is among the words a query reads; the
            // earlier text in brackets, so that each alternative of an `OR`
            // takes it.
            // A prefix also finds its own stem, which for a start the
            // stemmer cuts down to a little word (`ins`, `onli`) is `in` or
            // `on`: a title is offered for a word that starts as typed, or
            // for the typed word's stem, when that is no little word.
            let mut tokenizer = crate::index::analyzer::BulletinTokenizer::new();
            let stems: Vec<String> = crate::index::analyzer::analyse_text(&mut tokenizer, word)
                .into_iter()
                .flat_map(|token| token.forms)
                .filter(|form| *form == key || !is_little_word(form))
                .collect();
            for mut title in (checks.titles)(&format!("title:{key}* ({earlier})"), room)? {
                let holds = crate::index::analyzer::analyse_text(&mut tokenizer, &title.text)
                    .into_iter()
                    .any(|token| {
                        title
                            .text
                            .get(token.from..token.to)
                            .is_some_and(|written| place_key(written).starts_with(&key))
                            || token.forms.iter().any(|form| stems.contains(form))
                    });
                if holds {
                    title.query = earlier.to_string();
                    out.push(title);
                }
            }
        }
    } else {
        titles_with_words(engine, searcher, &parts, typed, word, &key, room, &mut out)?;
    }
    let fields = engine.fields;
    // Words of the text, as written (`Bijac` → `Bijača`), in the room left.
    if sign.is_empty() && out.len() < limit {
        let (mut terms, _capped) = prefix_terms(searcher, fields.text, &key, MAX_PREFIX_TERMS)?;
        terms.sort_by_key(|t| std::cmp::Reverse(t.0));
        for (_, term) in terms.into_iter().take(limit) {
            let Some(written) = (checks.written)(&term)? else {
                continue;
            };
            let written_key = place_key(&written);
            if !written_key.starts_with(&key)
                || out
                    .iter()
                    .any(|s| place_key(&s.text) == written_key || s.text.contains(&written))
            {
                continue;
            }
            let query = joined(earlier, &written);
            if keeps(&query)? {
                out.push(Suggestion::completion(written, "word", None, query));
            }
            if out.len() >= limit {
                break;
            }
        }
    }
    out.truncate(limit);
    Ok(out)
}

/// Titles with a word that starts with the last typed word, and every
/// earlier plain word of the box (clauses and exclusions are no title words).
#[allow(clippy::too_many_arguments)]
fn titles_with_words(
    engine: &Engine,
    searcher: &Searcher,
    parts: &[(usize, usize)],
    typed: &str,
    word: &str,
    key: &str,
    room: usize,
    out: &mut Vec<Suggestion>,
) -> Result<()> {
    let earlier = parts
        .last()
        .map_or("", |&(start, _)| typed[..start].trim_end());
    let mut tokenizer = crate::index::analyzer::BulletinTokenizer::new();
    let fields = engine.fields;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let words: Vec<&str> = parts[..parts.len() - 1]
        .iter()
        .map(|&(start, end)| &typed[start..end])
        .filter(|part| is_plain_word(part))
        .collect();
    // The words before the last narrow the titles; a few are plenty for a search box.
    let words = &words[words.len().saturating_sub(MAX_SUGGEST_WORDS - 1)..];
    for word in words {
        for token in crate::index::analyzer::analyse_text(&mut tokenizer, word) {
            if let Some(form) = token.forms.first() {
                let term = Term::from_field_text(fields.title, form);
                clauses.push((
                    Occur::Must,
                    Box::new(TermQuery::new(term, IndexRecordOption::Basic)),
                ));
            }
        }
    }
    let (mut completions, _capped) = prefix_terms(searcher, fields.title, key, MAX_PREFIX_TERMS)?;
    completions.sort_by_key(|c| std::cmp::Reverse(c.0));
    completions.truncate(16);
    // The typed word itself, stemmed, also counts (`mentoring` → `mentor`),
    // unless the stemmer cuts it down to a little word: `onli` (as `only`
    // is stemmed) and `ins` are starts of words, not `on` and `in`.
    for token in crate::index::analyzer::analyse_text(&mut tokenizer, word) {
        completions.extend(
            token
                .forms
                .into_iter()
                .filter(|form| *form == key || !is_little_word(form))
                .map(|f| (0, f)),
        );
    }
    let any: Vec<(Occur, Box<dyn Query>)> = completions
        .iter()
        .map(|(_, term)| {
            let term = Term::from_field_text(fields.title, term);
            (
                Occur::Should,
                Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>,
            )
        })
        .collect();
    if !any.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        let query = BooleanQuery::new(clauses);
        let first = out.len();
        for (_, address) in engine.collect(
            searcher,
            &query,
            TopDocs::with_limit(room * TITLE_COPIES_READ).order_by_score(),
        )? {
            if out.len() - first == room {
                break;
            }
            let record = engine.record_at(searcher, address)?;
            // A title several activities share is offered once.
            if out[first..].iter().any(|s| s.text == record.title) {
                continue;
            }
            let detail = record.start().map(|d| d.to_string());
            out.push(Suggestion {
                text: record.title,
                kind: "title".to_string(),
                id: Some(record.id),
                detail,
                query: earlier.to_string(),
            });
        }
    }
    Ok(())
}

/// Whether an activity holds an acronym of the glossary: written in
/// capitals as the acronym, or as one of its long forms.
pub(crate) fn is_acronym_held(
    searcher: &Searcher,
    text: Field,
    entry: &GlossaryEntry,
) -> Result<bool> {
    let mut tokenizer = crate::index::analyzer::BulletinTokenizer::new();
    let holds = |query: &dyn Query| -> Result<bool> { Ok(searcher.search(query, &Count)? > 0) };
    for token in crate::index::analyzer::analyse_text(&mut tokenizer, &entry.acronym) {
        for form in &token.capitals {
            // The dictionary's count: cheap, and a deleted activity's word
            // is rare enough to be let pass.
            if searcher.doc_freq(&Term::from_field_text(text, form))? > 0 {
                return Ok(true);
            }
        }
    }
    for expansion in &entry.expansions {
        // As a search reads a long form: a phrase of each position's last form.
        let tokens = crate::index::analyzer::analyse_text(&mut tokenizer, expansion);
        let base = tokens.first().map_or(0, |t| t.position);
        let terms: Vec<(usize, Term)> = tokens
            .iter()
            .filter_map(|t| {
                let form = t.forms.last()?;
                Some((t.position - base, Term::from_field_text(text, form)))
            })
            .collect();
        let held = match terms.as_slice() {
            [] => false,
            [(_, one)] => holds(&TermQuery::new(one.clone(), IndexRecordOption::Basic))?,
            _ => holds(&PhraseQuery::new_with_offset(terms))?,
        };
        if held {
            return Ok(true);
        }
    }
    Ok(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::schema::{STRING, Schema};
    use tantivy::{Index, TantivyDocument};

    /// An index in memory whose one field holds `words`, in one segment.
    fn searcher_with_terms(words: &[String]) -> (Searcher, Field) {
        let mut schema = Schema::builder();
        let field = schema.add_text_field("word", STRING);
        let index = Index::create_in_ram(schema.build());
        let mut writer = index.writer(15_000_000).expect("writer");
        for word in words {
            let mut doc = TantivyDocument::default();
            doc.add_text(field, word);
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        (searcher, field)
    }

    /// A value completed into the box reads back as one filter of that
    /// value, whatever it holds: brackets, a colon, an apostrophe, a
    /// leading hyphen, `OR`, a quote (left out).
    #[test]
    fn a_completed_value_reads_back_as_one_filter() {
        use crate::search::query::{ClauseKind, parse_query};
        for value in [
            "Montenegro",
            "Côte d'Ivoire",
            "EU-UNODC Joint Action on Border Control",
            "Global Programme against Money Laundering, Proceeds of Crime",
            "Bosnia (Federation)",
            "UN.Locking Impunity",
            "Programme: phase II",
            "-Minus",
            "Kosovo OR Serbia",
            "The \"Quoted\" Programme",
        ] {
            let typed = format!("programme:{}", clause_value(value));
            let clauses = parse_query(&typed);
            let expected = value.replace('"', "");
            assert!(
                matches!(
                    clauses.as_slice(),
                    [clause] if clause.kind == ClauseKind::Facet(FacetField::Programme, expected.clone())
                        && !clause.negated
                ),
                "{typed}: {clauses:?}"
            );
        }
    }

    /// The engine of the shipped bulletin, built in a temporary folder.
    fn shipped_engine() -> (tempfile::TempDir, Engine) {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus dir");
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("corpus/2022-03-south-eastern-europe.txt");
        std::fs::copy(&shipped, corpus.join("bulletin.txt")).expect("copy");
        let index = dir.path().join("index");
        crate::index::build(&crate::index::IndexOptions::new(
            index.clone(),
            vec![corpus],
        ))
        .expect("index builds");
        let engine = Engine::open(&index).expect("index opens");
        (dir, engine)
    }

    /// A suggestion's checks answer as the whole search does: whether a
    /// box finds something (not by the any-word search), its first
    /// titles, and the snippet of its first hit.
    #[test]
    fn a_suggestion_check_answers_as_the_search_does() {
        let (_dir, engine) = shipped_engine();
        let searcher = engine.searcher();
        let derived = engine.derived(&searcher).expect("derived");
        let gold = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gold_seed.jsonl"),
        )
        .expect("gold");
        let mut boxes: Vec<String> = vec![
            String::new(),
            "-".to_string(),
            "Podgoricca".to_string(),
            "police -police".to_string(),
            "qqqzz police".to_string(),
            "\"border police\"~2".to_string(),
        ];
        for line in gold.lines().filter(|l| !l.trim().is_empty()) {
            let record: serde_json::Value = serde_json::from_str(line).expect("gold JSON");
            let title = record["title"].as_str().unwrap_or_default().to_string();
            let first_word = title
                .split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string();
            for country in record["countries_mentioned"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let country = clause_value(country.as_str().unwrap_or_default());
                boxes.push(format!("{first_word} mentioned:{country}"));
                boxes.push(format!(
                    "title:{} -mentioned:{country}",
                    clause_value(&first_word)
                ));
            }
            boxes.push(title);
        }
        let ids = |hits: &[crate::search::Hit]| -> Vec<(String, crate::search::Snippet)> {
            hits.iter()
                .map(|h| (h.id.clone(), h.snippet.clone()))
                .collect()
        };
        for text in &boxes {
            let whole = engine
                .search(&crate::search::SearchRequest {
                    query: text.clone(),
                    limit: 3,
                    ..crate::search::SearchRequest::default()
                })
                .expect("search");
            let strict = whole.total > 0 && !whole.fallback;
            let found = engine.finds_any(&searcher, &derived, text).expect("finds");
            assert_eq!(found, strict, "{text}");
            let hits = engine
                .first_hits(&searcher, &derived, text, 3, true)
                .expect("hits");
            if strict {
                assert_eq!(ids(&hits), ids(&whole.hits), "{text}");
            } else {
                assert!(hits.is_empty(), "{text}");
            }
        }
    }

    /// However many values or words a box could be completed with, one
    /// suggestion request asks at most [`MAX_SUGGEST_SEARCHES`] searches
    /// of the index: here none of them keeps a completion, so each
    /// candidate is asked about until the bound stops it.
    #[test]
    fn a_suggestion_runs_a_bounded_number_of_searches() {
        let (_dir, engine) = shipped_engine();
        let searcher = engine.searcher();
        let derived = engine.derived(&searcher).expect("derived");
        let asked = std::cell::Cell::new(0usize);
        let finds = |_: &str| -> Result<bool> {
            asked.set(asked.get() + 1);
            Ok(false)
        };
        let written = |word: &str| -> Result<Option<String>> {
            asked.set(asked.get() + 1);
            Ok(Some(word.to_string()))
        };
        let titles = |_: &str, _: usize| -> Result<Vec<Suggestion>> {
            asked.set(asked.get() + 1);
            Ok(Vec::new())
        };
        let checks = Checks {
            finds: &finds,
            written: &written,
            titles: &titles,
        };
        let mut most = 0;
        for typed in [
            "training mentioned:",
            "training title:tr",
            // `co` starts some 90 words of the shipped bulletin, more
            // candidates than the bound however the index is segmented.
            "training text:co",
            "training co",
            "country:Albania co",
        ] {
            asked.set(0);
            suggest(
                &engine,
                &searcher,
                &derived.glossary,
                &derived.facet_values,
                typed,
                50,
                &checks,
            )
            .expect("suggestions");
            most = most.max(asked.get());
            assert!(
                asked.get() <= MAX_SUGGEST_SEARCHES,
                "{typed}: {} searches",
                asked.get()
            );
        }
        // Some box had more candidates than the bound lets it ask about.
        assert_eq!(most, MAX_SUGGEST_SEARCHES);
    }

    #[test]
    fn prefix_expansion_stops_at_its_cap_and_says_so() {
        let matching: Vec<String> = (0..50).map(|n| format!("pa{n:02}")).collect();
        let mut words = matching.clone();
        words.extend(["p", "pb", "oz"].map(String::from));
        let (searcher, field) = searcher_with_terms(&words);
        let (all, capped) = prefix_terms(&searcher, field, "pa", matching.len()).expect("terms");
        assert!(!capped);
        let mut found: Vec<String> = all.into_iter().map(|(_, t)| t).collect();
        found.sort();
        assert_eq!(found, matching);
        let cap = matching.len() / 5;
        let (some, capped) = prefix_terms(&searcher, field, "pa", cap).expect("terms");
        assert!(capped);
        assert_eq!(some.len(), cap);
        assert!(some.iter().all(|(_, t)| matching.contains(t)));
    }
}
