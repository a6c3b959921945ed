//! The engine-neutral document: one [`Record`] with the facet fields that
//! bulletin derives from it, ready to be serialised for any engine.

use chrono::NaiveDate;
use serde::Serialize;

use crate::extract::{Event, Record, YearBasis};

/// One activity as every engine receives it: the whole record plus the
/// derived fields that engines facet and filter on.
///
/// `D` is how the top-level dates are written: an RFC 3339 string for
/// Quickwit and OpenSearch, Unix seconds for Typesense.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document<D> {
    pub id: String,
    pub title: String,
    pub body: String,
    pub dateline: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<D>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<D>,
    /// Whether `start` is the activity's own date (false only for an undated
    /// record whose Quickwit `start` had to be filled in).
    pub dated: bool,
    /// Whether any event of the activity took place online.
    pub online: bool,
    pub events: Vec<DocumentEvent>,
    /// Countries where the activity took place, stated or implied ([`Record::countries`]).
    pub countries: Vec<String>,
    /// Cities where the activity took place, as bulletin's facets count them
    /// ([`Event::facet_city`]: `Pristina` for `Priština`); `events` keeps
    /// each dateline's spelling.
    pub cities: Vec<String>,
    /// `Country/City` paths, one per distinct place that has both, the city
    /// spelt as in `cities`.
    pub places: Vec<String>,
    pub programmes: Vec<String>,
    pub donors: Vec<String>,
    pub sdg_targets: Vec<String>,
    /// The goals of the SDG targets: `16` for `16.4`.
    pub sdg_goals: Vec<String>,
    pub countries_mentioned: Vec<String>,
    pub acronyms: Vec<AcronymEntry>,
    pub source: String,
    pub line: u64,
    pub warnings: Vec<String>,
}

/// One event of an activity; absent parts are left out rather than written as `null`
/// (Typesense flattens nested nulls into extra fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentEvent {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country_implied: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    pub online: bool,
    pub year_inferred: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub year_basis: Option<String>,
}

/// An acronym defined in the entry and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AcronymEntry {
    pub acronym: String,
    pub expansion: String,
}

/// Writes a date as RFC 3339 at midnight UTC: `2022-03-22T00:00:00Z`.
pub fn date_to_rfc3339(date: NaiveDate) -> String {
    format!("{}T00:00:00Z", date.format("%Y-%m-%d"))
}

/// Writes a date as Unix seconds at midnight UTC.
pub fn date_to_unix_seconds(date: NaiveDate) -> i64 {
    date.and_hms_opt(0, 0, 0)
        .expect("midnight exists on every date")
        .and_utc()
        .timestamp()
}

/// The `Country/City` path of an event, when it has both, with the city as
/// facets spell it ([`Event::facet_city`]).
pub fn place_path(event: &Event) -> Option<String> {
    let country = event.place_country()?;
    let city = event.facet_city()?;
    Some(format!("{country}/{city}"))
}

/// The goal of an SDG target: `16` for `16.4`, the target itself when it has no dot.
pub fn sdg_goal(target: &str) -> String {
    target.split('.').next().unwrap_or(target).to_string()
}

impl<D> Document<D> {
    /// Builds the document of a record, writing its dates with `date`.
    pub fn from_record(record: &Record, date: impl Fn(NaiveDate) -> D) -> Self {
        let mut cities: Vec<String> = record
            .events
            .iter()
            .filter_map(|e| e.facet_city().map(str::to_string))
            .collect();
        sort_dedup(&mut cities);
        let mut places: Vec<String> = record.events.iter().filter_map(place_path).collect();
        sort_dedup(&mut places);
        let mut sdg_goals: Vec<String> = record.sdg_targets.iter().map(|t| sdg_goal(t)).collect();
        // Goals are numbers: 2 sorts before 16.
        sdg_goals.sort_by(|a, b| {
            (a.parse::<u32>().unwrap_or(u32::MAX), a).cmp(&(b.parse().unwrap_or(u32::MAX), b))
        });
        sdg_goals.dedup();
        let start = record.start();
        Document {
            id: record.id.clone(),
            title: record.title.clone(),
            body: record.body.clone(),
            dateline: record.dateline.clone(),
            start: start.map(&date),
            end: record.end().map(&date),
            dated: start.is_some(),
            online: record.events.iter().any(|e| e.online),
            events: record
                .events
                .iter()
                .map(DocumentEvent::from_event)
                .collect(),
            countries: record.countries(),
            cities,
            places,
            programmes: record.programmes.clone(),
            donors: record.donors.clone(),
            sdg_targets: record.sdg_targets.clone(),
            sdg_goals,
            countries_mentioned: record.countries_mentioned.clone(),
            acronyms: record
                .acronyms
                .0
                .iter()
                .map(|(acronym, expansion)| AcronymEntry {
                    acronym: acronym.clone(),
                    expansion: expansion.clone(),
                })
                .collect(),
            source: record.source.clone(),
            line: record.line as u64,
            warnings: record.warnings.clone(),
        }
    }
}

impl DocumentEvent {
    /// Copies an event, writing its dates as RFC 3339.
    pub fn from_event(event: &Event) -> Self {
        DocumentEvent {
            start: event.start.map(date_to_rfc3339),
            end: event.end.map(date_to_rfc3339),
            city: event.city.clone(),
            country: event.country.clone(),
            country_implied: event.country_implied.clone(),
            region: event.region.clone(),
            online: event.online,
            year_inferred: event.year_inferred,
            year_basis: event.year_basis.map(|basis| match basis {
                YearBasis::Bulletin => "bulletin".to_string(),
                YearBasis::FileName => "file_name".to_string(),
            }),
        }
    }
}

fn sort_dedup(values: &mut Vec<String>) {
    values.sort();
    values.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_dates_for_each_engine() {
        let date = NaiveDate::from_ymd_opt(2022, 3, 22).expect("valid date");
        assert_eq!(date_to_rfc3339(date), "2022-03-22T00:00:00Z");
        assert_eq!(date_to_unix_seconds(date), 1_647_907_200);
    }

    #[test]
    fn derives_goals_from_targets() {
        assert_eq!(sdg_goal("16.4"), "16");
        assert_eq!(sdg_goal("5"), "5");
    }
}
