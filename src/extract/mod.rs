//! From raw entries to activity records: dates, places, programmes, acronyms,
//! SDG targets, donors and countries mentioned.
//!
//! The rules are those of the labelling guide (`tests/fixtures/LABELING.md`
//! summarises where they come from); the names the rules need live in
//! `data/` and are loaded by [`gazetteer`].

pub mod acronym;
pub mod date;
pub mod dateline;
pub mod donor;
pub mod gazetteer;
pub mod programme;
pub mod sdg;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::corpus::{RawBulletin, RawEntry, Warning};
use crate::text::normalize_for_matching;
use dateline::{Dateline, DatelinePart, parse_dateline};
use gazetteer::{Kind, Mention, gazetteer};

/// Where an inferred year came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum YearBasis {
    /// The bulletin states it elsewhere: another entry, or another part
    /// of the same dateline (`3 June 2019, Tirana; 5 June, Skopje`).
    Bulletin,
    /// The bulletin's file name holds it.
    FileName,
}

/// One activity's date span and place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub online: bool,
    pub year_inferred: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year_basis: Option<YearBasis>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country_implied: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

impl Event {
    /// The country the event took place in: the one its dateline names, else
    /// the one its city implies.
    pub fn place_country(&self) -> Option<&str> {
        self.country.as_deref().or(self.country_implied.as_deref())
    }

    /// The name the event's city is counted under in facets: the gazetteer's
    /// spelling when it knows the city in the event's country (`Pristina` for
    /// `Priština`, `Skopje` for `Скопје`), else the city as written. The
    /// event itself keeps the spelling of its dateline.
    pub fn facet_city(&self) -> Option<&str> {
        let city = self.city.as_deref()?;
        Some(gazetteer().city_display(city, self.place_country()))
    }
}

/// Acronym definitions in the order they first appear, serialised as a JSON object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Acronyms(pub Vec<(String, String)>);

impl Serialize for Acronyms {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Acronyms {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Acronyms;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of acronyms to expansions")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut access: A,
            ) -> Result<Acronyms, A::Error> {
                let mut pairs = Vec::new();
                while let Some((key, value)) = access.next_entry::<String, String>()? {
                    pairs.push((key, value));
                }
                Ok(Acronyms(pairs))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// One activity of a bulletin, as `bulletin parse --json` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub source: String,
    pub line: usize,
    pub title: String,
    pub dateline: String,
    pub events: Vec<Event>,
    pub programmes: Vec<String>,
    pub acronyms: Acronyms,
    pub sdg_targets: Vec<String>,
    pub donors: Vec<String>,
    pub countries_mentioned: Vec<String>,
    pub body: String,
    pub warnings: Vec<String>,
}

impl Record {
    /// The earliest start date of the record's events.
    pub fn start(&self) -> Option<NaiveDate> {
        self.events.iter().filter_map(|e| e.start).min()
    }

    /// The latest end date of the record's events.
    pub fn end(&self) -> Option<NaiveDate> {
        self.events.iter().filter_map(|e| e.end).max()
    }

    /// Orders records by source file, then line, then id: the order of the
    /// bulletins themselves, the same whichever order an index holds them in.
    pub fn cmp_by_source(&self, other: &Record) -> std::cmp::Ordering {
        (self.source.as_str(), self.line, self.id.as_str()).cmp(&(
            other.source.as_str(),
            other.line,
            other.id.as_str(),
        ))
    }

    /// The countries where the activity took place (stated or implied), sorted.
    pub fn countries(&self) -> Vec<String> {
        let mut countries: Vec<String> = self
            .events
            .iter()
            .filter_map(|e| e.country.clone().or_else(|| e.country_implied.clone()))
            .collect();
        countries.sort();
        countries.dedup();
        countries
    }

    /// The full text of the entry: title, dateline and body.
    pub fn full_text(&self) -> String {
        format!("{}\n{}\n{}", self.title, self.dateline, self.body)
    }
}

/// The year a file name holds (`2022-03-south-eastern-europe.txt` gives 2022).
pub fn year_in_file_name(name: &str) -> Option<i32> {
    let chars: Vec<(usize, char)> = name.char_indices().collect();
    chars.windows(4).enumerate().find_map(|(at, w)| {
        // Four digits (of one byte each), with no digit on either side.
        let all_digits = w.iter().all(|(_, c)| c.is_ascii_digit());
        let digit_at = |i: Option<usize>| {
            i.and_then(|i| chars.get(i))
                .is_some_and(|(_, c)| c.is_ascii_digit())
        };
        if !all_digits || digit_at(at.checked_sub(1)) || digit_at(Some(at + 4)) {
            return None;
        }
        let year: i32 = name.get(w[0].0..w[3].0 + 1)?.parse().ok()?;
        (1990..=2100).contains(&year).then_some(year)
    })
}

/// The year that puts a year-less date nearest to a neighbour's date: a
/// `15-17 December` next to `28 December 2019-3 January 2020` is in 2019.
fn year_nearest(spec: &date::DateSpec, reference: NaiveDate) -> i32 {
    let year = reference.year();
    [year - 1, year, year + 1]
        .into_iter()
        .filter_map(|y| {
            spec.resolve(y)
                .map(|(start, _)| (y, (start - reference).num_days().abs()))
        })
        .min_by_key(|&(_, distance)| distance)
        .map_or(year, |(y, _)| y)
}

/// The id a record of this first start date and title gets when no other
/// record holds it: the date (or `undated`) and up to 80 characters of the
/// title's slug.
pub fn base_id(start: Option<NaiveDate>, title: &str) -> String {
    let mut id = String::with_capacity(92);
    match start {
        Some(date) => push_date(date, &mut id),
        None => id.push_str("undated"),
    }
    id.push('-');
    id.push_str(&slug(title, 80));
    id
}

/// Appends a date as chrono writes it (`2022-03-07`), without its
/// formatting machinery for the years of four digits.
fn push_date(date: NaiveDate, out: &mut String) {
    use chrono::Datelike;
    let (year, month, day) = (date.year(), date.month(), date.day());
    if !(0..=9999).contains(&year) {
        out.push_str(&date.to_string());
        return;
    }
    let digits = [
        year / 1000,
        year / 100 % 10,
        year / 10 % 10,
        year % 10,
        -1,
        (month / 10) as i32,
        (month % 10) as i32,
        -1,
        (day / 10) as i32,
        (day % 10) as i32,
    ];
    out.extend(digits.iter().map(|&d| match u8::try_from(d) {
        Ok(d) => char::from(b'0' + d),
        Err(_) => '-',
    }));
}

/// A readable, URL-safe slug of a title.
pub fn slug(title: &str, max_len: usize) -> String {
    // Serbian and Macedonian Cyrillic in its Latin spelling (`Обука у
    // Скопју` is `obuka-u-skopju`), not dropped. A title in ASCII, nearly
    // every one, is its own folded form but for its capitals (and a
    // backquote, a separator either way).
    let folded;
    let bytes = if title.is_ascii() {
        title.as_bytes()
    } else {
        folded = crate::text::latin_lowercase(&normalize_for_matching(title));
        folded.as_bytes()
    };
    let mut slug: Vec<u8> = Vec::with_capacity(max_len.min(bytes.len()));
    // Words of ASCII letters and digits, read byte by byte: any other
    // byte, of a multi-byte character too, separates them.
    let mut at = 0;
    loop {
        while bytes.get(at).is_some_and(|b| !b.is_ascii_alphanumeric()) {
            at += 1;
        }
        let start = at;
        while bytes.get(at).is_some_and(u8::is_ascii_alphanumeric) {
            at += 1;
        }
        let Some(word) = bytes.get(start..at).filter(|word| !word.is_empty()) else {
            break;
        };
        if !slug.is_empty() && slug.len() + word.len() + 1 > max_len {
            break;
        }
        if !slug.is_empty() {
            slug.push(b'-');
        }
        slug.extend(word.iter().map(u8::to_ascii_lowercase));
    }
    if slug.is_empty() {
        return "untitled".to_string();
    }
    // All ASCII: a byte is a character.
    slug.truncate(max_len);
    String::from_utf8(slug).unwrap_or_else(|_| "untitled".to_string())
}

/// What the extractor read from one entry before the bulletin-wide passes.
struct Draft<'a> {
    raw: &'a RawEntry,
    dateline: Option<Dateline>,
    text: String,
    /// The gazetteer scan of `text`, read again for donors once events are known.
    mentions: Vec<Mention>,
    record: Record,
    stated_year: Option<i32>,
    /// The start of the entry's first event whose year is written: what year-less neighbours go by.
    reference: Option<NaiveDate>,
}

/// Ids handed out once each: a second record of the same date and title gets
/// `-2`, a third `-3`, skipping any id already given (a title may itself end
/// in " 2"). The extractor uses it within a file, `bulletin parse` across the
/// files it is given, and the indexer across the index.
#[derive(Debug, Default)]
pub struct UniqueIds {
    taken: std::collections::HashSet<String>,
    next_suffix: std::collections::HashMap<String, usize>,
}

impl UniqueIds {
    /// `base`, or the first of `base-2`, `base-3`… that is free.
    pub fn claim(&mut self, base: &str) -> String {
        self.claim_unless(base, |_| Ok::<_, std::convert::Infallible>(false))
            .unwrap_or_else(|never| match never {})
    }

    /// Claims `id` itself when it is still free; whether it was.
    pub fn claim_exact(&mut self, id: &str) -> bool {
        self.taken.insert(id.to_string())
    }

    /// As [`claim`](Self::claim), also passing over every id that
    /// `held_elsewhere` says is in use.
    pub fn claim_unless<E>(
        &mut self,
        base: &str,
        mut held_elsewhere: impl FnMut(&str) -> std::result::Result<bool, E>,
    ) -> std::result::Result<String, E> {
        let mut id = base.to_string();
        while self.taken.contains(&id) || held_elsewhere(&id)? {
            let n = self.next_suffix.entry(base.to_string()).or_insert(1);
            *n += 1;
            id = format!("{base}-{n}");
        }
        self.taken.insert(id.clone());
        Ok(id)
    }
}

/// Extracts the records of one bulletin. Warnings about entries go into the
/// records and also into the returned list, as `file:line: message`.
pub fn extract_bulletin(raw: &RawBulletin) -> (Vec<Record>, Vec<Warning>) {
    let mut drafts: Vec<Draft> = raw.entries.iter().map(draft_entry).collect();
    resolve_events(&raw.source, &mut drafts);
    let mut warnings = raw.warnings.clone();
    // What the reader noted about the file (bytes replaced, its encoding)
    // also goes with the record of the entry holding that line, so that the
    // JSON of a record and its exports carry it, before the extractor's
    // warnings about the same line, as standard error lists them.
    let mut located: Vec<Vec<(usize, String)>> = vec![Vec::new(); drafts.len()];
    for warning in &raw.warnings {
        if let Some(list) = located.get_mut(entry_holding(&raw.entries, warning.line)) {
            list.push((warning.line, warning.message.clone()));
        }
    }
    let mut ids = UniqueIds::default();
    let mut records = Vec::with_capacity(drafts.len());
    for (mut draft, mut list) in drafts.into_iter().zip(located) {
        draft.record.id = ids.claim(&base_id(draft.record.start(), &draft.record.title));
        // The extractor's warnings are about the entry's dateline.
        let line = draft.raw.dateline.number;
        for message in std::mem::take(&mut draft.record.warnings) {
            warnings.push(Warning {
                source: raw.source.clone(),
                line,
                message: message.clone(),
            });
            list.push((line, message));
        }
        // In the order of the file's lines (the reader meets some, such as
        // a file without an entry, only after the lines it read), each as
        // `line N: message`, naming the line a user can go to.
        list.sort_by_key(|(line, _)| *line);
        draft.record.warnings = list
            .into_iter()
            .map(|(line, message)| format!("line {line}: {message}"))
            .collect();
        records.push(draft.record);
    }
    // In the order of the file's lines, the reader's and the extractor's alike.
    warnings.sort_by_key(|w| w.line);
    (records, warnings)
}

/// The index of the entry that holds line `line` of its file: the last
/// whose title is at or above it, else the first. Entries stand in the
/// order of their lines, so it is found by halving, not by a walk through
/// every entry for every warning.
fn entry_holding(entries: &[RawEntry], line: usize) -> usize {
    debug_assert!(entries.is_sorted_by_key(|entry| entry.title.number));
    entries
        .partition_point(|entry| entry.title.number <= line)
        .saturating_sub(1)
}

fn draft_entry(raw: &RawEntry) -> Draft<'_> {
    let dateline = raw
        .parsed_dateline
        .clone()
        .or_else(|| parse_dateline(&raw.dateline.text));
    let (header, first_paragraph) = match &dateline {
        Some(d) => (
            d.header.clone(),
            raw.dateline
                .text
                .get(d.body_start..)
                .unwrap_or("")
                .trim()
                .to_string(),
        ),
        None => (String::new(), raw.dateline.text.clone()),
    };
    let mut body = first_paragraph;
    for paragraph in &raw.paragraphs {
        if !body.is_empty() {
            body.push('\n');
        }
        body.push_str(&paragraph.text);
    }
    let text = normalize_for_matching(&format!(
        "{}\n{}\n{}",
        raw.title.text,
        raw.dateline.text,
        raw.paragraphs
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n")
    ));
    let g = gazetteer();
    let mentions = g.scan(&text);
    let (acronyms, defined_after) = acronym::extract_definitions(&text);
    let programmes = programme::extract_programmes(g, &text, &mentions, &acronyms, &defined_after);
    let mut countries: Vec<String> = mentions
        .iter()
        .filter_map(|m| match m.kind {
            Kind::Country(id) if !is_in_address(&text, m.start, m.end) => {
                Some(g.countries[id].clone())
            }
            _ => None,
        })
        .collect();
    countries.sort();
    countries.dedup();
    // The year written once at the end of the dateline, which every part
    // takes as stated: the year of its last part with a date or a year. A
    // year of an earlier part only is that part's (`3 June 2019, Tirana; 5
    // June, Skopje`: the Skopje part's year is inferred).
    let stated_year = dateline.as_ref().and_then(|d| {
        d.parts
            .iter()
            .rev()
            .find(|p| !p.dates.is_empty() || p.trailing_year.is_some())
            .and_then(DatelinePart::stated_year)
    });
    let reference = dateline.as_ref().and_then(|d| {
        d.parts.iter().find_map(|p| {
            p.dates.iter().find_map(|spec| {
                let year = spec.year.or(p.stated_year()).or(stated_year)?;
                spec.resolve(year).map(|(start, _)| start)
            })
        })
    });
    let mut warnings = Vec::new();
    if dateline.as_ref().is_some_and(|d| !d.dates_readable) {
        // Why, when a slashed date is the cause.
        let why = slashed_date_reason(&header).unwrap_or_default();
        warnings.push(format!(
            "cannot read the date in dateline {header:?}{why}; entry kept without dates"
        ));
    }
    let record = Record {
        id: String::new(),
        source: raw.source.clone(),
        line: raw.title.number,
        title: raw.title.text.clone(),
        dateline: header,
        events: Vec::new(),
        programmes,
        acronyms: Acronyms::from(acronyms.clone()),
        sdg_targets: sdg::extract_sdg_targets(&text),
        donors: Vec::new(),
        countries_mentioned: countries,
        body,
        warnings,
    };
    Draft {
        raw,
        dateline,
        text,
        mentions,
        record,
        stated_year,
        reference,
    }
}

/// Why a header's slashed date (`5/6/2022`) is not read, and how to write
/// it so that it is, for its warning: `: 5/6/2022 may be 5 June or 6 May
/// (write 5 June 2022 or 2022-06-05)`. `None` when the header has none.
fn slashed_date_reason(header: &str) -> Option<String> {
    let month = |number: u32| {
        u8::try_from(number)
            .ok()
            .and_then(|number| chrono::Month::try_from(number).ok())
            .map(|month| month.name())
    };
    header
        .split(|c: char| !(c.is_ascii_digit() || c == '/'))
        .find_map(|token| {
            let numbers: Vec<&str> = token.split('/').collect();
            let [day, month_number, year] = numbers[..] else {
                return None;
            };
            if !(1..=2).contains(&day.len())
                || !(1..=2).contains(&month_number.len())
                || !matches!(year.len(), 2 | 4)
            {
                return None;
            }
            let (first, second) = (day.parse::<u32>().ok()?, month_number.parse::<u32>().ok()?);
            // Read day first, as the region writes dates, unless the second
            // number is no month (`6/25/2022`, month first).
            let (first, second) = if second > 12 && first <= 12 {
                (second, first)
            } else {
                (first, second)
            };
            if !(1..=31).contains(&first) {
                return None;
            }
            let year = if year.len() == 2 {
                format!("20{year}")
            } else {
                year.to_string()
            };
            let written = format!(
                "write {first} {} {year} or {year}-{second:02}-{first:02}",
                month(second)?
            );
            Some(match month(first) {
                Some(other) if first != second => format!(
                    ": {token} may be {first} {} or {second} {other} ({written})",
                    month(second)?
                ),
                _ => format!(": a slashed date ({token}) is not read ({written})"),
            })
        })
}

/// Whether `text[start..end]` is inside a web address or an email address
/// (`https://www.unodc.org/Serbia/…`, `Albania.office@un.org`): a part of an
/// address, not a mention of the country. Only the word around the name is
/// read, a few bytes, not the entry.
fn is_in_address(text: &str, start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    // Whitespace is ASCII here: the reader turned no-break spaces into spaces.
    let token_start = bytes[..start]
        .iter()
        .rposition(u8::is_ascii_whitespace)
        .map_or(0, |at| at + 1);
    let token_end = bytes[end..]
        .iter()
        .position(u8::is_ascii_whitespace)
        .map_or(bytes.len(), |at| end + at);
    let token = &bytes[token_start..token_end];
    token.windows(3).any(|w| w == b"://")
        || token.windows(4).any(|w| w == b"www.")
        || token.contains(&b'@')
}

/// Turns each dateline into events, filling missing years from the other
/// parts of the dateline, the neighbouring entries, or the file name; then reads donors, which need
/// the event countries.
fn resolve_events(source: &str, drafts: &mut [Draft]) {
    let references: Vec<Option<NaiveDate>> = drafts.iter().map(|d| d.reference).collect();
    let neighbours = nearest_references(&references);
    let file_year = year_in_file_name(source);
    for (draft, &neighbour) in drafts.iter_mut().zip(&neighbours) {
        let mut events = Vec::new();
        let mut warnings = Vec::new();
        if let Some(dateline) = &draft.dateline {
            for part in &dateline.parts {
                let specs = if part.dates.is_empty() {
                    vec![None]
                } else {
                    part.dates.iter().map(Some).collect()
                };
                for spec in specs {
                    let own_year = spec
                        .and_then(|s| s.year)
                        .or(part.stated_year())
                        .or(draft.stated_year);
                    // A year missing from the part comes from the nearest
                    // date of the bulletin that states one: an earlier part
                    // of the same dateline, else a neighbouring entry.
                    let nearest = draft.reference.or(neighbour);
                    let (year, inferred, basis) = match (own_year, nearest, file_year) {
                        (Some(year), _, _) => (Some(year), false, None),
                        (None, Some(reference), _) => {
                            let year =
                                spec.map_or(reference.year(), |s| year_nearest(s, reference));
                            (Some(year), true, Some(YearBasis::Bulletin))
                        }
                        (None, None, Some(year)) => (Some(year), true, Some(YearBasis::FileName)),
                        // No year found: none inferred either, and the
                        // part's dates stay unknown, with a warning below.
                        (None, None, None) => (None, false, None),
                    };
                    let span = match (spec, year) {
                        (Some(spec), Some(year)) => {
                            let span = spec.resolve(year);
                            if span.is_none() {
                                // A year the part does not state is named,
                                // with where it came from: `29 February`
                                // is a date in 2024, not in 2023.
                                let given = match basis {
                                    None => String::new(),
                                    Some(YearBasis::FileName) => {
                                        format!(" in {year}, the year of the file's name")
                                    }
                                    Some(YearBasis::Bulletin) => {
                                        format!(
                                            " in {year}, the year the bulletin's other dates give"
                                        )
                                    }
                                };
                                let message = if spec.years_apart {
                                    format!(
                                        "no such range in dateline part {:?}: a range starts in the year it ends or the year before",
                                        part.text
                                    )
                                } else {
                                    format!("no such date in dateline part {:?}{given}", part.text)
                                };
                                warn_once(&mut warnings, message);
                            }
                            span
                        }
                        (Some(_), None) => {
                            warn_once(
                                &mut warnings,
                                format!(
                                    "no year for dateline part {:?}: none in the bulletin or its file name",
                                    part.text
                                ),
                            );
                            None
                        }
                        (None, _) => {
                            if dateline.dates_readable {
                                warnings.push(format!(
                                    "dateline part {:?} has no date; its place is kept without one",
                                    part.text
                                ));
                            }
                            None
                        }
                    };
                    // `5 May 2022, Hotel Continental`: a venue is no city,
                    // so the event has no place, and the user is told.
                    if let Some(venue) = &part.venue {
                        warn_once(
                            &mut warnings,
                            format!(
                                "dateline part {:?} names the venue {venue} but no city or country; the event is kept without a place and the venue stays in the dateline (write the venue's city after it: `{venue}, <city>`)",
                                part.text
                            ),
                        );
                    }
                    for place in &part.places {
                        // `Skopje, Albania`: a known city in another country
                        // keeps the country written, and the user is told.
                        if let (Some(city), Some(country)) = (&place.city, &place.country)
                            && let Some(known) = gazetteer().city(city)
                            && known.country != *country
                        {
                            warn_once(
                                &mut warnings,
                                format!(
                                    "dateline part {:?} names {city} in {country}, but the gazetteer knows {city} in {}; the country is kept as written",
                                    part.text, known.country
                                ),
                            );
                        }
                        events.push(Event {
                            start: span.map(|s| s.0),
                            end: span.map(|s| s.1),
                            city: place.city.clone(),
                            country: place.country.clone(),
                            online: part.online,
                            year_inferred: spec.is_some() && inferred,
                            year_basis: if spec.is_some() { basis } else { None },
                            country_implied: place.country_implied.clone(),
                            region: place.region.clone(),
                        });
                    }
                }
            }
        }
        let event_countries: Vec<String> =
            events.iter().filter_map(|e| e.country.clone()).collect();
        draft.record.donors =
            donor::extract_donors(gazetteer(), &draft.text, &draft.mentions, &event_countries);
        // A country the dateline names is mentioned, however it is written
        // (`5 MAY 2022, TIRANA, ALBANIA`, which the scan of the text, as
        // written in English text, does not read).
        let mentioned = &mut draft.record.countries_mentioned;
        mentioned.extend(event_countries.iter().cloned());
        mentioned.sort();
        mentioned.dedup();
        draft.record.events = events;
        draft.record.warnings.extend(warnings);
    }
}

/// For each entry, the reference of the nearest other entry that has one:
/// the nearer of the closest before it and the closest after it, the one
/// before when both are as near; `None` when no other entry has one. Two
/// sweeps, one each way, so that a bulletin of many entries without a year
/// is not searched outward from every entry.
fn nearest_references(references: &[Option<NaiveDate>]) -> Vec<Option<NaiveDate>> {
    // The closest entry before each that has a reference: (index, reference).
    let mut before = Vec::with_capacity(references.len());
    let mut last = None;
    for (index, reference) in references.iter().enumerate() {
        before.push(last);
        if let Some(date) = reference {
            last = Some((index, *date));
        }
    }
    let mut nearest = vec![None; references.len()];
    let mut next: Option<(usize, NaiveDate)> = None;
    for index in (0..references.len()).rev() {
        nearest[index] = match (before[index], next) {
            (Some((at, date)), Some((after, _))) if index - at <= after - index => Some(date),
            (_, Some((_, date))) | (Some((_, date)), None) => Some(date),
            (None, None) => None,
        };
        if let Some(date) = references[index] {
            next = Some((index, date));
        }
    }
    nearest
}

/// Adds a warning about a dateline part unless the entry has it already:
/// a part of several dates (`3-5 and 10-12 June`) is named once, not once
/// per date.
fn warn_once(warnings: &mut Vec<String>, message: String) {
    if !warnings.contains(&message) {
        warnings.push(message);
    }
}

impl From<Vec<(String, String)>> for Acronyms {
    fn from(pairs: Vec<(String, String)>) -> Self {
        Acronyms(pairs)
    }
}

/// Reads and extracts one bulletin file from disk. Its records name the
/// file (`source`); its warnings name the path, folders and all, so that
/// two `x.txt` in two folders are told apart.
pub fn parse_bulletin_file(path: &std::path::Path) -> crate::Result<(Vec<Record>, Vec<Warning>)> {
    let raw = crate::corpus::read_bulletin_file(path)?;
    let (records, mut warnings) = extract_bulletin(&raw);
    for warning in &mut warnings {
        warning.source = path.display().to_string();
    }
    Ok((records, warnings))
}

/// Extracts the records of a bulletin given as bytes (for tests and tools).
pub fn parse_bulletin_bytes(source: &str, bytes: &[u8]) -> (Vec<Record>, Vec<Warning>) {
    extract_bulletin(&crate::corpus::split_bulletin(source, bytes))
}

/// The bulletin the project ships (`corpus/`), for tests that check
/// behaviour on the real corpus.
#[cfg(test)]
pub(crate) mod shipped {
    use super::{Record, parse_bulletin_bytes};

    /// Where it is.
    pub(crate) const PATH: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/2022-03-south-eastern-europe.txt"
    );

    /// Its text.
    pub(crate) fn text() -> String {
        std::fs::read_to_string(PATH).expect("the shipped bulletin")
    }

    /// Its records, as `bulletin parse` reads them.
    pub(crate) fn records() -> Vec<Record> {
        let (records, _) = parse_bulletin_bytes(PATH, text().as_bytes());
        assert!(records.len() > 10, "{} records", records.len());
        records
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A slug read character by character, as ids were made before they
    /// were read byte by byte: the same ids, whatever the title.
    fn slug_by_chars(title: &str, max_len: usize) -> String {
        let folded = crate::text::latin_lowercase(&normalize_for_matching(title));
        let mut slug = String::new();
        for word in folded
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
        {
            if !slug.is_empty() && slug.len() + word.len() + 1 > max_len {
                break;
            }
            if !slug.is_empty() {
                slug.push('-');
            }
            slug.push_str(word);
        }
        if slug.is_empty() {
            "untitled".to_string()
        } else {
            slug.chars().take(max_len).collect()
        }
    }

    #[test]
    fn slugs_the_shipped_titles_as_character_by_character() {
        for record in &super::shipped::records() {
            for max_len in [8, 80] {
                assert_eq!(
                    slug(&record.title, max_len),
                    slug_by_chars(&record.title, max_len)
                );
            }
        }
    }

    proptest! {
        #[test]
        fn slugs_any_title_as_character_by_character(
            title in "[a-zA-Z0-9 ’`\\-éčđЖжΑβ\u{a0}\u{301}]{0,120}",
            max_len in 1usize..90,
        ) {
            prop_assert_eq!(slug(&title, max_len), slug_by_chars(&title, max_len));
        }

        #[test]
        fn slugs_any_ascii_title_as_character_by_character(
            title in "[ -~\t]{0,120}",
            max_len in 1usize..90,
        ) {
            prop_assert_eq!(slug(&title, max_len), slug_by_chars(&title, max_len));
        }

        #[test]
        fn writes_a_base_ids_date_as_chrono_does(days in -4_000_000i32..4_000_000, title in "[a-zA-Z ]{0,20}") {
            let date = NaiveDate::from_num_days_from_ce_opt(days).expect("a date in chrono's range");
            prop_assert_eq!(
                base_id(Some(date), &title),
                format!("{date}-{}", slug(&title, 80))
            );
            prop_assert_eq!(base_id(None, &title), format!("undated-{}", slug(&title, 80)));
        }
    }

    /// Pieces of funding, SDG, programme and address wordings, with
    /// characters of several bytes next to them.
    const PIECES: [&str; 58] = [
        "funded by ",
        "-funded",
        " funding",
        "with ",
        "thanks to ",
        "supported by ",
        "EU",
        "German",
        " Government",
        " in ",
        "Berlin",
        ", ",
        " ",
        "“",
        "”",
        "’",
        "é",
        "\n",
        "SDG",
        " target",
        "s",
        "16.4",
        "16.",
        "17",
        ".",
        "/",
        ", and ",
        "Target ",
        "Global Programme on ",
        "Cybercrime",
        " Programme",
        "UNODC ",
        "@",
        "https://",
        "www.",
        "Serbia",
        "Kosovo*",
        "(",
        ")",
        "Montenegro",
        "–",
        "indicator ",
        " of the SDGs",
        " dollars",
        "Chad",
        " Smith",
        " supported the",
        " to the Programme and the Embassy of ",
        " and Container Control Programmes",
        "Kosovo¹",
        "Kosovo1",
        "[1]",
        "UNODC’s ",
        "GMCP (",
        "Global Maritime Crime Programme",
        ", the donor organization of ",
        "; and ",
        "Federation of BiH",
    ];

    /// Pieces of datelines, joined in any order.
    const DATELINE_PIECES: [&str; 20] = [
        "5 May 2019",
        "3-5",
        " June",
        ", ",
        "; ",
        " and ",
        "& ",
        "/",
        "Tirana",
        "Albania",
        "Kosovo1",
        "[1]",
        "Republic of ",
        "Crna Gora",
        "Republika Srpska",
        " (in person and online)",
        "2019",
        "port of ",
        "Skopje",
        "online",
    ];

    proptest! {
        #[test]
        fn extraction_never_panics_on_mixed_wordings(
            picks in proptest::collection::vec(0..PIECES.len(), 0..60)
        ) {
            let body: String = picks.iter().map(|&i| PIECES[i]).collect();
            let text = format!("A title\n22-24 March 2022, Podgorica, Montenegro: {body}\n");
            let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
            prop_assert!(!records.is_empty());
        }

        /// Datelines mixing the forms of the labelling rules (parts joined by
        /// `and`, a year after the last place, entities, own-language
        /// names, footnote marks, online in brackets) never panic.
        #[test]
        fn extraction_never_panics_on_mixed_datelines(
            picks in proptest::collection::vec(0..DATELINE_PIECES.len(), 0..24)
        ) {
            let header: String = picks.iter().map(|&i| DATELINE_PIECES[i]).collect();
            let text = format!("A title\n{header}: The training was held.\n");
            let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
            prop_assert!(!records.is_empty());
        }

        #[test]
        fn a_file_name_of_any_characters_is_read_for_a_year(name in "[0-9a-zčšžđćСкопје .\\-]{0,24}") {
            let year = year_in_file_name(&name);
            prop_assert!(year.is_none_or(|y| name.contains(&y.to_string())));
        }
    }

    /// The countries mentioned by a one-entry bulletin in Montenegro whose
    /// text goes on with `body`.
    fn mentioned_in(body: &str) -> Vec<String> {
        let text =
            format!("UNODC meets officers\n22-24 March 2022, Podgorica, Montenegro: {body}\n");
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
        assert_eq!(records.len(), 1, "{text}");
        let mut mentioned = records[0].countries_mentioned.clone();
        mentioned.retain(|c| c != "Montenegro");
        mentioned
    }

    /// A country that is also a given name, before a surname, is a person.
    #[test]
    fn a_person_named_like_a_country_is_no_mention() {
        for (body, expected) in [
            ("Chad Smith said the training helped.", vec![]),
            ("The trainer, Jordan Peterson, said so.", vec![]),
            ("In Chad, Smith said the training helped.", vec!["Chad"]),
            ("Chad's customs officers took part.", vec!["Chad"]),
            ("Officers from Chad took part.", vec!["Chad"]),
            ("Officers from Chad Police took part.", vec!["Chad"]),
            ("The Georgia Border Police took part.", vec!["Georgia"]),
            (
                "Officers from Jordan and Georgia took part.",
                vec!["Georgia", "Jordan"],
            ),
            // Not a given name: the country.
            ("The Albania Smith report.", vec!["Albania"]),
        ] {
            assert_eq!(mentioned_in(body), expected, "{body}");
        }
        // A title in title case: a capitalised word after the name says nothing.
        let text = "UNODC Training in Jordan Tackles Firearms Trafficking\n22-24 March 2022, Podgorica, Montenegro: Officers met.\n";
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
        assert_eq!(records[0].countries_mentioned, vec!["Jordan", "Montenegro"]);
    }

    /// `the Israel Defense Forces` and `the Georgia Revenue Service`
    /// mentioned no country: the word after the country's name read as a
    /// surname. A capitalised word after that one makes a body's name of
    /// three words or more, which goes on the country's name, as `Jordan
    /// Police` does.
    #[test]
    fn a_body_named_after_a_given_name_country_mentions_it() {
        for (body, expected) in [
            ("The Israel Defense Forces took part.", vec!["Israel"]),
            ("The Georgia Revenue Service took part.", vec!["Georgia"]),
            (
                "Officers of the Georgia Patrol Police met.",
                vec!["Georgia"],
            ),
            // A person, as before.
            ("Chad Smith said the training helped.", vec![]),
        ] {
            assert_eq!(mentioned_in(body), expected, "{body}");
        }
    }

    /// `Jordan Peterson and Chad Smith spoke.` mentioned Chad and Jordan:
    /// the name and surname under judgement counted toward the sentence
    /// being a title in title case, so two persons made any short sentence
    /// one. The words judged are left out of that count.
    #[test]
    fn the_name_judged_does_not_make_its_sentence_a_title() {
        for body in [
            "Jordan Peterson and Chad Smith spoke.",
            "Chad Smith, UNODC, said so.",
            "Chad Smith opened it.",
        ] {
            assert!(mentioned_in(body).is_empty(), "{body}");
        }
        // Titles in title case still mention the country.
        for title in [
            "UNODC Training in Jordan Tackles Firearms Trafficking",
            "Jordan Hosts Regional Training",
        ] {
            let text = format!("{title}\n22-24 March 2022, Podgorica, Montenegro: Officers met.\n");
            let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
            assert_eq!(
                records[0].countries_mentioned,
                vec!["Jordan", "Montenegro"],
                "{title}"
            );
        }
    }

    /// A currency named after a country mentions no country, nor funds.
    #[test]
    fn a_currency_is_no_mention() {
        for (body, expected) in [
            ("It cost 5,000 U.S. dollars.", vec![]),
            ("It cost 5,000 US dollars.", vec![]),
            ("It cost USD 5,000.", vec![]),
            ("It cost US$ 5,000 and 3,000 Singapore dollars.", vec![]),
            ("It cost 5,000 United States Dollars.", vec![]),
            (
                "Experts from the U.S. and the US took part.",
                vec!["United States"],
            ),
        ] {
            assert_eq!(mentioned_in(body), expected, "{body}");
        }
        let text = "UNODC meets officers\n22-24 March 2022, Podgorica, Montenegro: It was funded by Norway with 5,000 US dollars.\n";
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
        assert_eq!(records[0].donors, vec!["Norway"]);
    }

    /// A country written inside a web or email address is part of the
    /// address; the same name in the sentence is a mention.
    #[test]
    fn a_country_in_an_address_is_no_mention() {
        let text = "UNODC meets officers\n22-24 March 2022, Podgorica, Montenegro: Officers from Kosovo* met.\nMore at https://www.unodc.org/Serbia/en/news.html, www.unodc.org/Albania or Croatia.office@un.org.\n";
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].countries_mentioned, vec!["Kosovo", "Montenegro"]);
    }

    /// LABELING.md, events rule 7 and countries_mentioned ("Names are
    /// normalised as for `events`"): `Kosovo` with a footnote mark is
    /// `Kosovo`, in a dateline and in the text, whatever the mark: `*`,
    /// `**`, a superscript (`Kosovo¹`), the plain digit a superscript
    /// becomes when a document is saved as text (`Kosovo1`), or a bracketed
    /// note number (`Kosovo[1]`).
    #[test]
    fn kosovo_with_a_footnote_mark_is_kosovo() {
        for mark in ["*", "**", "¹", "²", "1", "[1]", "†"] {
            let text = format!(
                "UNODC meets officers in Kosovo{mark}\n22-24 March 2022, Pristina, Kosovo{mark}: Officers from Kosovo{mark} and Albania met.\n* All references to Kosovo shall be understood in the context of UNSCR 1244.\n"
            );
            let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
            assert_eq!(records.len(), 1, "{text}");
            let event = &records[0].events[..];
            assert_eq!(event.len(), 1, "{text}: {event:?}");
            assert_eq!(event[0].city.as_deref(), Some("Pristina"), "{text}");
            assert_eq!(event[0].country.as_deref(), Some("Kosovo"), "{text}");
            assert_eq!(records[0].countries_mentioned, vec!["Albania", "Kosovo"]);
            let body = format!("Officers from Kosovo{mark} met.");
            assert_eq!(mentioned_in(&body), vec!["Kosovo"], "{body}");
        }
    }

    /// LABELING.md, events rules 4 and 5: a year written once at the end
    /// of a multi-part dateline applies to every part, with
    /// `year_inferred` false, and a comma before the year changes nothing
    /// (`3-4 June, 2019`), also when the year follows the last place.
    #[test]
    fn a_year_after_the_last_place_and_a_comma_dates_every_part() {
        for dateline in [
            "3 June, Tirana, Albania; 5 June, Skopje, North Macedonia; 9 June, Belgrade, Serbia 2019",
            "3 June, Tirana, Albania; 5 June, Skopje, North Macedonia; 9 June, Belgrade, Serbia, 2019",
        ] {
            let text = format!("UNODC meets officers\n{dateline}: Officers met.\n");
            let (records, _) = parse_bulletin_bytes("probe.txt", text.as_bytes());
            assert_eq!(records.len(), 1, "{text}");
            let got: Vec<(String, &str, bool)> = records[0]
                .events
                .iter()
                .map(|e| {
                    (
                        e.start.map(|d| d.to_string()).unwrap_or_default(),
                        e.city.as_deref().unwrap_or(""),
                        e.year_inferred,
                    )
                })
                .collect();
            assert_eq!(
                got,
                vec![
                    ("2019-06-03".to_string(), "Tirana", false),
                    ("2019-06-05".to_string(), "Skopje", false),
                    ("2019-06-09".to_string(), "Belgrade", false),
                ],
                "{dateline}"
            );
            assert_eq!(records[0].events[2].country.as_deref(), Some("Serbia"));
        }
    }

    /// LABELING.md, countries_mentioned, "Not counted": sub-national
    /// entities (Republika Srpska, Federation of Bosnia and Herzegovina),
    /// also when their name holds the country's in another form: `Brčko
    /// District of Bosnia and Herzegovina`, `Federation of BiH`.
    #[test]
    fn a_sub_national_entity_named_after_its_country_mentions_none() {
        for body in [
            "Officers from the Federation of Bosnia and Herzegovina met.",
            "Officers from the Federation of BiH met.",
            "Officers from the Brčko District of Bosnia and Herzegovina met.",
            "Officers from the Brcko District of BiH and Republika Srpska met.",
        ] {
            assert_eq!(mentioned_in(body), Vec::<String>::new(), "{body}");
        }
        assert_eq!(
            mentioned_in(
                "Officers from the Federation of BiH and from Bosnia and Herzegovina met."
            ),
            vec!["Bosnia and Herzegovina"]
        );
    }

    /// LABELING.md, countries_mentioned: every explicit country name,
    /// normalised as for events ("spelling variants of a country's name
    /// become its common English name"), so a country's official name that
    /// does not hold its common one counts too: `the Swiss Confederation`,
    /// `the Hellenic Republic`.
    #[test]
    fn a_countrys_official_name_mentions_it() {
        assert_eq!(
            mentioned_in("Experts from the Swiss Confederation and the Hellenic Republic met."),
            vec!["Greece", "Switzerland"]
        );
    }

    /// LABELING.md, events rule 5: a part that states its year has
    /// `year_inferred` false, as has every part when the year is written
    /// once at the end of the dateline; a year written in an earlier part
    /// only (`3 June 2019, Tirana; 5 June, Skopje`) is neither, so the
    /// later part's year is missing and inferred (`year_basis` bulletin),
    /// though its value is the earlier part's.
    #[test]
    fn a_year_stated_in_an_earlier_part_only_is_inferred_for_the_later() {
        let text = "UNODC meets officers\n3 June 2019, Tirana; 5 June, Skopje: Officers met.\nA later entry\n9 May 2022, Belgrade, Serbia: Officers met.\n";
        let (records, _) = parse_bulletin_bytes("probe.txt", text.as_bytes());
        assert_eq!(records.len(), 2);
        let got: Vec<(String, bool, Option<YearBasis>)> = records[0]
            .events
            .iter()
            .map(|e| {
                (
                    e.start.map(|d| d.to_string()).unwrap_or_default(),
                    e.year_inferred,
                    e.year_basis,
                )
            })
            .collect();
        assert_eq!(
            got,
            vec![
                ("2019-06-03".to_string(), false, None),
                ("2019-06-05".to_string(), true, Some(YearBasis::Bulletin)),
            ]
        );
        // Each part stating its year, and several ranges of one part, stay stated.
        let text = "UNODC meets officers\n3-5 and 10-12 June 2019, Tirana; 5 July 2019, Skopje: Officers met.\n";
        let (records, _) = parse_bulletin_bytes("probe.txt", text.as_bytes());
        assert_eq!(records[0].events.len(), 3);
        assert!(records[0].events.iter().all(|e| !e.year_inferred));
    }

    /// The nearest other entry's reference, found as it was before: a walk
    /// outward from the entry, a step at a time, the entry before first.
    fn nearest_reference_by_walking(
        references: &[Option<NaiveDate>],
        index: usize,
    ) -> Option<NaiveDate> {
        (1..references.len()).find_map(|distance| {
            let before = index.checked_sub(distance).and_then(|i| references[i]);
            let after = references.get(index + distance).copied().flatten();
            before.or(after)
        })
    }

    /// A bulletin of 20,000 entries without a year walked outward from each
    /// entry to all the others (seconds); each entry's neighbour is the same
    /// as that walk finds, for every pattern of entries with and without a
    /// year up to twelve entries long.
    #[test]
    fn each_entry_takes_the_reference_a_walk_outward_finds() {
        for len in 0..=12u32 {
            for mask in 0u32..(1 << len) {
                let references: Vec<Option<NaiveDate>> = (0..len)
                    .map(|at| {
                        (mask >> at & 1 == 1)
                            .then(|| NaiveDate::from_ymd_opt(2000 + at as i32, 1, 1))
                            .flatten()
                    })
                    .collect();
                let walked: Vec<Option<NaiveDate>> = (0..references.len())
                    .map(|index| nearest_reference_by_walking(&references, index))
                    .collect();
                assert_eq!(
                    nearest_references(&references),
                    walked,
                    "{mask:0len$b}",
                    len = len as usize
                );
            }
        }
    }

    /// Each of the reader's warnings goes with the entry that holds its
    /// line, as a walk back from the last entry finds it, lines before the
    /// first entry, between entries and past the last alike.
    #[test]
    fn a_warning_goes_with_the_entry_a_walk_back_finds() {
        let text = "Preamble \u{7} line\nmore preamble\n\
            Training \u{7} one\n5 May 2022, Skopje: Text \u{7}.\nMore text.\n\
            Training two\n6 May 2022, Tirana: Text.\n\
            Training \u{7} three\n7 May 2022, Belgrade: Text.\nLast \u{7} line.\n";
        let raw = crate::corpus::split_bulletin("a.txt", text.as_bytes());
        assert_eq!(raw.entries.len(), 4);
        assert!(raw.warnings.len() >= 4, "{:?}", raw.warnings);
        for line in 0..=14 {
            let walked = raw
                .entries
                .iter()
                .rposition(|entry| entry.title.number <= line)
                .unwrap_or(0);
            assert_eq!(entry_holding(&raw.entries, line), walked, "line {line}");
        }
        assert_eq!(entry_holding(&[], 3), 0);
    }
}
