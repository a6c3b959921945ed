//! Place and date filters on each part of an activity, not on the whole.
//!
//! An activity held in two places at two times (`22–24 March, Podgorica;
//! 29–31 March, Skopje`) holds both countries and the whole span in its
//! facets and day columns, which answer "in Montenegro" or "in late March"
//! exactly, but not both at once: it is in Montenegro, and it runs in late
//! March, yet no part of it is in Montenegro in late March. Each activity
//! of more than one part keeps its parts (days, place, online) in a bytes
//! column; a search with place or date filters keeps such an activity only
//! when one part meets all of them, counts the countries, cities, years and
//! months of those parts alone, and sorts it by the start of those parts.
//!
//! Activities of one part (most of them) have nothing in the column: for
//! them the facets and day columns are already exact.

use std::collections::HashMap;
use std::sync::Arc;

use tantivy::index::SegmentId;
use tantivy::query::{ConstScorer, EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::schema::Facet;
use tantivy::{DocId, Score, Searcher, SegmentReader, TERMINATED, TantivyError};

use crate::search::days::{FirstKept, KeptDocs};

pub use crate::index::parts::EventKey;
use crate::index::parts::decode;
use crate::index::schema::{EVENTS, date_from_day, day_number, month_facets};

/// One part as searches test it: its days, online, and its place and
/// months as the numbers of its facet values (see
/// [`crate::search::facets::FacetValues`]): the country and the city under
/// it in the place field, the city in the city field ([`NONE_ID`] where it
/// has none), and each year and month it touches in the month field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Part {
    pub start: i64,
    pub end: i64,
    pub online: bool,
    pub place: [u32; 2],
    pub city: u32,
    pub months: Vec<u32>,
}

/// The number of no facet value.
pub(crate) const NONE_ID: u32 = u32::MAX;

impl Part {
    /// A part numbered by `number(field, value)`.
    fn new(key: &EventKey, number: &dyn Fn(&str, &Facet) -> Option<u32>) -> Self {
        let id =
            |field: &str, path: &[&str]| number(field, &Facet::from_path(path)).unwrap_or(NONE_ID);
        let (country, city) = (key.country.as_deref(), key.city.as_deref());
        let place = match (country, city) {
            (Some(country), Some(city)) => [id("place", &[country]), id("place", &[country, city])],
            (Some(country), None) => [id("place", &[country]), NONE_ID],
            _ => [NONE_ID, NONE_ID],
        };
        // The months of its days, and their years, as the month field
        // holds them for an activity of this one part.
        let days = (date_from_day(key.start), date_from_day(key.end));
        let mut months: Vec<u32> = match days {
            (Some(start), Some(end)) => month_facets(start, end)
                .iter()
                .flat_map(|month| {
                    let path = month.to_path();
                    let year = Facet::from_path(&path[..1]);
                    [number("month", &year), number("month", month)]
                })
                .flatten()
                .collect(),
            _ => Vec::new(),
        };
        months.sort_unstable();
        months.dedup();
        Part {
            start: key.start,
            end: key.end,
            online: key.online,
            place,
            city: city.map_or(NONE_ID, |city| id("city", &[city])),
            months,
        }
    }
}

/// The filters that apply to each part: the places (the numbers of country
/// values, which may be a city under its country, and of city values), the
/// years and months (the numbers of month-field values), the days, online.
#[derive(Debug, Clone, Default)]
pub(crate) struct EventFilter {
    pub countries: Option<Vec<u32>>,
    pub cities: Option<Vec<u32>>,
    pub years: Option<Vec<u32>>,
    pub months: Option<Vec<u32>>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub online: bool,
    /// The first and last days of each year filtered, and of each month:
    /// the days a part is listed by (see [`EventFilter::first_day_from`]).
    pub year_days: Option<Vec<(i64, i64)>>,
    pub month_days: Option<Vec<(i64, i64)>>,
}

impl EventFilter {
    /// Whether any filter applies to parts.
    pub fn is_active(&self) -> bool {
        self.countries.is_some()
            || self.cities.is_some()
            || self.years.is_some()
            || self.months.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.online
    }

    /// Whether an activity of several parts can meet each filter in some
    /// part and yet not all of them in one: a date range (the parts may
    /// fall on each side of it), or two filters of place, year, month and
    /// online.
    pub fn tests_parts(&self) -> bool {
        let kinds = [
            self.countries.is_some(),
            self.cities.is_some(),
            self.years.is_some(),
            self.months.is_some(),
            self.online,
        ];
        self.from.is_some() || self.to.is_some() || kinds.iter().filter(|&&k| k).count() >= 2
    }

    /// Whether one part meets every filter.
    pub fn accepts(&self, event: &Part) -> bool {
        let held =
            |ids: &Vec<u32>, of: &[u32]| ids.iter().any(|id| *id != NONE_ID && of.contains(id));
        self.countries
            .as_ref()
            .is_none_or(|ids| held(ids, &event.place))
            && self
                .cities
                .as_ref()
                .is_none_or(|ids| held(ids, &[event.city]))
            && self
                .years
                .as_ref()
                .is_none_or(|ids| held(ids, &event.months))
            && self
                .months
                .as_ref()
                .is_none_or(|ids| held(ids, &event.months))
            && self
                .to
                .is_none_or(|to| event.start != i64::MIN && event.start <= to)
            && self
                .from
                .is_none_or(|from| event.end != i64::MIN && event.end >= from)
            && (!self.online || event.online)
    }

    /// The day a part that starts on `day` is listed by: the first day from
    /// `day` on that lies in a year and a month filtered and from `from` to
    /// `to`, so that an activity begun before the March 2022 feed (28
    /// February–2 March) is dated 1 March there, as it is under `from`. A
    /// later day never comes out earlier, so the order of the days listed
    /// is kept. When no day from `day` on meets them all (`year=2021` with
    /// `month=2022-01`), `day` raised to `from`.
    pub fn first_day_from(&self, day: i64) -> i64 {
        let floor = self.from.map_or(day, |from| day.max(from));
        let mut at = floor;
        loop {
            let mut moved = false;
            for spans in [&self.year_days, &self.month_days].into_iter().flatten() {
                if spans.iter().any(|&(first, last)| first <= at && at <= last) {
                    continue;
                }
                // Each move is to a later first day of a span: few of them.
                match spans
                    .iter()
                    .map(|&(first, _)| first)
                    .filter(|&first| first > at)
                    .min()
                {
                    Some(next) => (at, moved) = (next, true),
                    None => return floor,
                }
            }
            if !moved {
                break;
            }
        }
        if self.to.is_some_and(|to| at > to) {
            return floor;
        }
        at
    }

    /// Whether an activity is kept: one of its parts meets every filter, or
    /// it has no parts of its own in the column (one part: its facets and
    /// days have been tested).
    pub fn keeps(&self, events: Option<&[Part]>) -> bool {
        events.is_none_or(|events| events.iter().any(|e| self.accepts(e)))
    }
}

/// The first and last days of a value of the month field: a year (`/2022`)
/// or a month (`/2022/2022-03`); `None` for a value that names neither.
pub(crate) fn month_value_days(value: &Facet) -> Option<(i64, i64)> {
    use chrono::{Months, NaiveDate};
    let path = value.to_path();
    let last = path.last()?;
    let (first, months) = match last.split_once('-') {
        None => (NaiveDate::from_ymd_opt(last.parse().ok()?, 1, 1)?, 12),
        Some((year, month)) => (
            NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, 1)?,
            1,
        ),
    };
    let next = first.checked_add_months(Months::new(months))?;
    Some((day_number(first), day_number(next) - 1))
}

/// The day an activity of several parts sorts by: the latest start of its
/// parts (newest first), or with `earliest` the earliest (oldest first), of
/// the parts that meet `filter` when one is given and any does; `None` when
/// no part has a start day. When the parts that meet the filter have no
/// start day (`--country Albania`, whose part in Tirana is undated) the
/// activity is undated there: `Some(i64::MIN)`, never the day of a part
/// the filter leaves out.
pub(crate) fn sort_start(
    parts: &[Part],
    filter: Option<&EventFilter>,
    earliest: bool,
) -> Option<i64> {
    let dated = |part: &&Part| part.start != i64::MIN;
    let pick = |starts: &mut dyn Iterator<Item = i64>| {
        if earliest { starts.min() } else { starts.max() }
    };
    if let Some(filter) = filter
        && parts.iter().any(|part| filter.accepts(part))
    {
        let meets = |part: &&Part| filter.accepts(part);
        return Some(
            pick(&mut parts.iter().filter(meets).filter(dated).map(|p| p.start))
                .unwrap_or(i64::MIN),
        );
    }
    pick(&mut parts.iter().filter(dated).map(|p| p.start))
}

/// One segment's activities of several parts: each document's entry in
/// `parts` (`u32::MAX` for an activity of one part).
#[derive(Debug, Default)]
pub(crate) struct SegmentEvents {
    of_doc: Vec<u32>,
    parts: Vec<Vec<Part>>,
}

impl SegmentEvents {
    /// Reads a segment's column: each distinct value once, numbered by
    /// `number`, then each document's value.
    pub fn read(
        segment: &SegmentReader,
        number: &dyn Fn(&str, &Facet) -> Option<u32>,
    ) -> tantivy::Result<Self> {
        let Some(column) = segment.fast_fields().bytes(EVENTS)? else {
            return Ok(SegmentEvents::default());
        };
        let mut parts: Vec<Vec<Part>> = Vec::with_capacity(column.num_terms());
        let mut stream = column.dictionary().stream()?;
        while stream.advance() {
            // An entry the column did not write keeps its activity whole.
            let keys = decode(stream.key()).unwrap_or_default();
            parts.push(keys.iter().map(|key| Part::new(key, number)).collect());
        }
        let of_doc = (0..segment.max_doc())
            .map(|doc| {
                column
                    .ords()
                    .first(doc)
                    .and_then(|ord| u32::try_from(ord).ok())
                    .filter(|&ord| parts.get(ord as usize).is_some_and(|p| !p.is_empty()))
                    .unwrap_or(u32::MAX)
            })
            .collect();
        Ok(SegmentEvents { of_doc, parts })
    }

    /// The parts of a document of several parts.
    pub fn of(&self, doc: DocId) -> Option<&[Part]> {
        let at = *self.of_doc.get(doc as usize)?;
        self.parts.get(at as usize).map(Vec::as_slice)
    }
}

/// Every segment's [`SegmentEvents`].
pub(crate) type EventColumns = HashMap<SegmentId, Arc<SegmentEvents>>;

/// Reads [`SegmentEvents`] for every segment of a searcher, numbering
/// places by `number(field, value)`.
pub(crate) fn read_events(
    searcher: &Searcher,
    number: &dyn Fn(&str, &Facet) -> Option<u32>,
) -> tantivy::Result<EventColumns> {
    searcher
        .segment_readers()
        .iter()
        .map(|segment| {
            Ok((
                segment.segment_id(),
                Arc::new(SegmentEvents::read(segment, number)?),
            ))
        })
        .collect()
}

/// A segment's parts, as read for this commit (a segment of another commit
/// has none: its activities are judged whole).
pub(crate) fn segment_events(
    columns: &EventColumns,
    segment: &SegmentReader,
) -> tantivy::Result<Arc<SegmentEvents>> {
    Ok(columns
        .get(&segment.segment_id())
        .cloned()
        .unwrap_or_default())
}

/// The activities an [`EventFilter`] keeps. Each match scores `1 × boost`.
#[derive(Clone, Debug)]
pub(crate) struct EventQuery {
    filter: Arc<EventFilter>,
    columns: Arc<EventColumns>,
}

impl EventQuery {
    pub(crate) fn new(filter: Arc<EventFilter>, columns: Arc<EventColumns>) -> Self {
        EventQuery { filter, columns }
    }
}

impl Query for EventQuery {
    fn weight(&self, _scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(self.clone()))
    }
}

impl Weight for EventQuery {
    fn scorer(&self, segment: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let docs = KeptDocs::of(EventTest {
            filter: self.filter.clone(),
            events: segment_events(&self.columns, segment)?,
            max_doc: segment.max_doc(),
        });
        Ok(Box::new(ConstScorer::new(docs, boost)))
    }

    fn explain(&self, segment: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let events = segment_events(&self.columns, segment)?;
        if self.filter.keeps(events.of(doc)) {
            Ok(Explanation::new(
                "a part of the activity meets every place and date filter",
                1.0,
            ))
        } else {
            Err(TantivyError::InvalidArgument(format!(
                "no part of document #({doc}) meets every place and date filter"
            )))
        }
    }
}

/// The test of an [`EventFilter`] on one segment.
struct EventTest {
    filter: Arc<EventFilter>,
    events: Arc<SegmentEvents>,
    max_doc: DocId,
}

impl FirstKept for EventTest {
    fn first_from(&self, mut doc: DocId) -> DocId {
        while doc < self.max_doc {
            if self.filter.keeps(self.events.of(doc)) {
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
    use crate::index::parts::part;

    /// Place values in the place field, and city values in the city field.
    const PLACES: [&str; 4] = [
        "/Montenegro",
        "/Montenegro/Podgorica",
        "/North Macedonia",
        "/North Macedonia/Skopje",
    ];
    const CITIES: [&str; 2] = ["/Podgorica", "/Skopje"];

    /// Numbers by place in the lists above.
    fn number(field: &str, facet: &Facet) -> Option<u32> {
        let values: &[&str] = if field == "city" { &CITIES } else { &PLACES };
        let text = facet.to_string();
        values.iter().position(|v| *v == text).map(|at| at as u32)
    }

    fn place(value: &str) -> u32 {
        number("place", &Facet::from_text(value).expect("a facet")).unwrap_or(NONE_ID)
    }

    /// The first day from a part's start that every year, month and date
    /// filter holds on; a later start never gives an earlier day.
    #[test]
    fn a_part_is_listed_by_its_first_day_in_the_filters() {
        let day = |y, m, d| {
            crate::index::schema::day_number(
                chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date"),
            )
        };
        let days =
            |text: &str| month_value_days(&Facet::from_text(text).expect("a facet")).expect("days");
        assert_eq!(days("/2022"), (day(2022, 1, 1), day(2022, 12, 31)));
        assert_eq!(days("/2024/2024-02"), (day(2024, 2, 1), day(2024, 2, 29)));
        let march = EventFilter {
            year_days: Some(vec![days("/2022")]),
            month_days: Some(vec![days("/2021/2021-03"), days("/2022/2022-03")]),
            from: Some(day(2022, 3, 2)),
            ..EventFilter::default()
        };
        assert_eq!(march.first_day_from(day(2022, 2, 28)), day(2022, 3, 2));
        assert_eq!(march.first_day_from(day(2021, 3, 5)), day(2022, 3, 2));
        assert_eq!(march.first_day_from(day(2022, 3, 20)), day(2022, 3, 20));
        // No day from it on meets them all: the day itself.
        assert_eq!(march.first_day_from(day(2022, 4, 2)), day(2022, 4, 2));
        let starts: Vec<i64> = (day(2020, 12, 1)..day(2023, 2, 1)).collect();
        let listed: Vec<i64> = starts.iter().map(|&d| march.first_day_from(d)).collect();
        assert!(listed.windows(2).all(|w| w[0] <= w[1]));
        assert!(starts.iter().zip(&listed).all(|(start, day)| day >= start));
    }

    #[test]
    fn a_part_holds_the_months_and_years_of_its_days() {
        let months = ["/2022", "/2022/2022-02", "/2022/2022-03", "/2022/2022-04"];
        let number = |field: &str, facet: &Facet| -> Option<u32> {
            let text = facet.to_string();
            (field == "month")
                .then(|| months.iter().position(|v| *v == text))
                .flatten()
                .map(|at| at as u32)
        };
        let day = |y, m, d| {
            crate::index::schema::day_number(
                chrono::NaiveDate::from_ymd_opt(y, m, d).expect("a date"),
            )
        };
        let across = part(day(2022, 2, 28), day(2022, 3, 2), "Montenegro", None);
        assert_eq!(Part::new(&across, &number).months, vec![0, 1, 2]);
        // A part without days (or with days no date has) holds no month.
        for undated in [i64::MIN, i64::MAX] {
            let key = part(undated, undated, "Montenegro", None);
            assert!(Part::new(&key, &number).months.is_empty());
        }
    }

    #[test]
    fn one_part_must_meet_every_filter() {
        let parts = [
            Part::new(&part(10, 12, "Montenegro", Some("Podgorica")), &number),
            Part::new(&part(17, 19, "North Macedonia", Some("Skopje")), &number),
        ];
        assert_eq!(
            parts[0].place,
            [place("/Montenegro"), place("/Montenegro/Podgorica")]
        );
        assert_eq!(parts[1].city, 1);
        let filter = |countries: Option<&[&str]>, from: Option<i64>| EventFilter {
            countries: countries.map(|c| c.iter().map(|c| place(&format!("/{c}"))).collect()),
            from,
            ..EventFilter::default()
        };
        assert!(filter(Some(&["Montenegro"]), None).keeps(Some(&parts)));
        assert!(filter(None, Some(15)).keeps(Some(&parts)));
        assert!(!filter(Some(&["Montenegro"]), Some(15)).keeps(Some(&parts)));
        assert!(filter(Some(&["Montenegro", "North Macedonia"]), Some(15)).keeps(Some(&parts)));
        // Between the parts: no part runs then.
        let gap = EventFilter {
            from: Some(13),
            to: Some(16),
            ..EventFilter::default()
        };
        assert!(!gap.keeps(Some(&parts)));
        // A city under its country, and a city alone.
        let in_city = EventFilter {
            countries: Some(vec![place("/Montenegro/Podgorica")]),
            cities: Some(vec![1]),
            ..EventFilter::default()
        };
        assert!(!in_city.keeps(Some(&parts)));
        // An activity of one part is not the column's to judge.
        assert!(gap.keeps(None));
    }
}
