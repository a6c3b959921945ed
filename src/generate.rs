//! A deterministic, seeded generator of synthetic bulletin corpora, for benches
//! and scale tests.
//!
//! It recombines the shipped bulletin (`corpus/2022-03-south-eastern-europe.txt`,
//! read with the project's own [`split_bulletin`]): real titles, first
//! paragraphs, body paragraphs, funding sentences, SDG sentences with their
//! links and the `Kosovo*` footnote (under the entries that need it), under
//! freshly written datelines whose places come from the gazetteer
//! (`data/cities.tsv`) and whose dates fall between 2010 and 2026. Datelines
//! take the forms real bulletins use: a single day, a day range, a range across
//! two months, a month range, a missing year, `online`, `Country / online` and
//! several `;` parts. Each month gets one file (`2019-05-bulletin.txt`) whose
//! entries start in that month, newest first, as real bulletins list them. The
//! same seed gives the same bytes; no external random number crate is used.

use std::convert::Infallible;
use std::path::Path;

use chrono::Month;

use crate::corpus::split_bulletin;
use crate::error::{Error, Result};
use crate::extract::dateline::{looks_like_dateline, parse_dateline};
use crate::extract::gazetteer::gazetteer;

/// The first year a generated entry starts in.
pub const FIRST_YEAR: i32 = 2010;
/// The last year a generated entry starts in.
pub const LAST_YEAR: i32 = 2026;

const MONTHS: usize = (LAST_YEAR - FIRST_YEAR + 1) as usize * 12;
const SHIPPED_NAME: &str = "2022-03-south-eastern-europe.txt";
const SHIPPED: &str = include_str!("../corpus/2022-03-south-eastern-europe.txt");

/// What [`generate_corpus`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GeneratedCorpus {
    /// Bulletin files written (one per month that has entries).
    pub files: usize,
    /// Entries written over all files.
    pub entries: usize,
    /// Bytes written over all files.
    pub bytes: u64,
}

/// Writes `entries` generated entries under `out_dir` (created if missing),
/// one bulletin file per month.
///
/// ```no_run
/// let written = bulletin::generate::generate_corpus(std::path::Path::new("/tmp/c"), 10_000, 7)?;
/// assert_eq!(written.entries, 10_000);
/// # Ok::<(), bulletin::Error>(())
/// ```
pub fn generate_corpus(out_dir: &Path, entries: usize, seed: u64) -> Result<GeneratedCorpus> {
    std::fs::create_dir_all(out_dir).map_err(|source| Error::Write {
        path: out_dir.to_path_buf(),
        source,
    })?;
    let mut written = GeneratedCorpus {
        files: 0,
        entries: 0,
        bytes: 0,
    };
    // One file at a time, so a million entries never sit in memory at once.
    for_each_bulletin::<Error>(entries, seed, |name, text, count| {
        let path = out_dir.join(&name);
        std::fs::write(&path, &text).map_err(|source| Error::Write { path, source })?;
        written.files += 1;
        written.entries += count;
        written.bytes += text.len() as u64;
        Ok(())
    })?;
    Ok(written)
}

/// Generates the same files as [`generate_corpus`] in memory, as
/// `(file name, text)` pairs in chronological file order.
pub fn generate_corpus_in_memory(entries: usize, seed: u64) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let Ok(()) = for_each_bulletin::<Infallible>(entries, seed, |name, text, _| {
        files.push((name, text));
        Ok(())
    });
    files
}

/// Generates each month's bulletin in chronological order and hands its file
/// name, text and entry count to `sink`.
fn for_each_bulletin<E>(
    entries: usize,
    seed: u64,
    mut sink: impl FnMut(String, String, usize) -> Result<(), E>,
) -> Result<(), E> {
    let pool = Pool::from_shipped_bulletin();
    for (month_index, &count) in entries_per_month(entries, seed).iter().enumerate() {
        if count == 0 {
            continue;
        }
        let year = FIRST_YEAR + (month_index / 12) as i32;
        let month = (month_index % 12) as u32 + 1;
        let mut rng = SplitMix64::new(seed ^ (month_index as u64 + 1).wrapping_mul(GOLDEN_GAMMA));
        let text = pool.bulletin(year, month, count, &mut rng);
        sink(format!("{year}-{month:02}-bulletin.txt"), text, count)?;
    }
    Ok(())
}

/// Spreads the entries over the months evenly with a random jitter (stratified
/// sampling), so that even a small corpus spans 2010 to 2026.
fn entries_per_month(entries: usize, seed: u64) -> Vec<usize> {
    let mut rng = SplitMix64::new(seed);
    let mut counts = vec![0; MONTHS];
    for index in 0..entries {
        let position = (index as f64 + rng.unit()) * MONTHS as f64 / entries as f64;
        counts[(position as usize).min(MONTHS - 1)] += 1;
    }
    counts
}

/// The closing lines of a shipped entry: an SDG sentence and the link after it.
#[derive(Debug, Clone)]
struct SdgLines {
    sentence: String,
    url: Option<String>,
}

/// How a shipped entry is built, so that generated entries keep the shipped
/// bulletin's mix of lengths and closing lines.
#[derive(Debug, Clone, Copy)]
struct Shape {
    body_paragraphs: usize,
    has_funding: bool,
    has_sdg: bool,
}

/// A place a dateline part can name.
#[derive(Debug, Clone, Copy)]
struct CityPlace {
    city: &'static str,
    /// A plain-Latin local spelling written instead of `city` now and then.
    alias: Option<&'static str>,
    country: &'static str,
}

/// The pieces of the shipped bulletin and of the gazetteer that entries are made of.
struct Pool {
    titles: Vec<String>,
    first_paragraphs: Vec<String>,
    body_paragraphs: Vec<String>,
    funding: Vec<String>,
    sdg: Vec<SdgLines>,
    /// The footnote a bulletin adds under an entry that writes `Kosovo*`.
    kosovo_footnote: Option<String>,
    shapes: Vec<Shape>,
    places: Vec<CityPlace>,
    countries: Vec<&'static str>,
}

/// Whether a closing paragraph says who paid for the activity.
fn is_funding_sentence(text: &str) -> bool {
    ["fund", "financial support", "supported by", "support of"]
        .iter()
        .any(|word| text.contains(word))
}

impl Pool {
    fn from_shipped_bulletin() -> Self {
        let raw = split_bulletin(SHIPPED_NAME, SHIPPED.as_bytes());
        debug_assert!(
            raw.warnings.is_empty(),
            "the shipped bulletin reads cleanly"
        );
        let mut pool = Pool {
            titles: Vec::new(),
            first_paragraphs: Vec::new(),
            body_paragraphs: Vec::new(),
            funding: Vec::new(),
            sdg: Vec::new(),
            kosovo_footnote: None,
            shapes: Vec::new(),
            places: Vec::new(),
            countries: Vec::new(),
        };
        for entry in raw.entries {
            let Some(dateline) = parse_dateline(&entry.dateline.text) else {
                continue;
            };
            let first_paragraph = entry.dateline.text.get(dateline.body_start..);
            pool.first_paragraphs
                .push(first_paragraph.unwrap_or("").trim().to_string());
            pool.titles.push(entry.title.text);
            let mut paragraphs: Vec<String> =
                entry.paragraphs.into_iter().map(|line| line.text).collect();
            let footnote = paragraphs.pop_if(|p| p.starts_with("* ") && p.contains("Kosovo"));
            pool.kosovo_footnote = pool.kosovo_footnote.or(footnote);
            let url = paragraphs.pop_if(|p| p.starts_with("http"));
            let sdg = paragraphs.pop_if(|p| p.contains("SDG"));
            let has_sdg = sdg.is_some();
            if let Some(sentence) = sdg {
                pool.sdg.push(SdgLines { sentence, url });
            }
            let has_more_than_one = paragraphs.len() > 1;
            let funding = paragraphs.pop_if(|p| has_more_than_one && is_funding_sentence(p));
            let has_funding = funding.is_some();
            pool.funding.extend(funding);
            pool.shapes.push(Shape {
                body_paragraphs: paragraphs.len(),
                has_funding,
                has_sdg,
            });
            // A body paragraph that reads as a dateline would open an entry of its own.
            pool.body_paragraphs
                .extend(paragraphs.into_iter().filter(|p| !looks_like_dateline(p)));
        }
        for city in &gazetteer().cities {
            let alias = city
                .aliases
                .iter()
                .find(|alias| alias.chars().all(|c| c.is_ascii_alphabetic() || c == ' '));
            pool.places.push(CityPlace {
                city: &city.name,
                alias: alias.map(String::as_str),
                country: &city.country,
            });
            if !pool.countries.contains(&city.country.as_str()) {
                pool.countries.push(&city.country);
            }
        }
        debug_assert!(
            !pool.titles.is_empty() && !pool.body_paragraphs.is_empty() && !pool.sdg.is_empty(),
            "the shipped bulletin has entries to recombine"
        );
        pool
    }

    /// One month's bulletin: `count` entries starting in that month, newest first.
    fn bulletin(&self, year: i32, month: u32, count: usize, rng: &mut SplitMix64) -> String {
        let mut datelines: Vec<(u32, String)> = (0..count)
            .map(|_| self.dateline(year, month, rng))
            .collect();
        // Stable, so entries that start on the same day keep their drawn order.
        datelines.sort_by_key(|(start, _)| std::cmp::Reverse(*start));
        let mut text = String::with_capacity(count * 2400);
        for (_, header) in &datelines {
            self.write_entry(&mut text, header, rng);
        }
        text
    }

    fn write_entry(&self, text: &mut String, header: &str, rng: &mut SplitMix64) {
        let entry_start = text.len();
        let shape = *rng.pick(&self.shapes);
        let title: &String = rng.pick(&self.titles);
        push_line(text, title);
        text.push_str(header);
        text.push_str(": ");
        let first_paragraph: &String = rng.pick(&self.first_paragraphs);
        push_line(text, first_paragraph);
        let mut used = Vec::with_capacity(shape.body_paragraphs);
        for _ in 0..shape.body_paragraphs {
            // Draw again on a repeat, so an entry seldom says the same thing twice.
            let mut index = rng.below(self.body_paragraphs.len());
            for _ in 0..4 {
                if !used.contains(&index) {
                    break;
                }
                index = rng.below(self.body_paragraphs.len());
            }
            used.push(index);
            push_line(text, &self.body_paragraphs[index]);
        }
        if shape.has_funding && !self.funding.is_empty() {
            let funding: &String = rng.pick(&self.funding);
            push_line(text, funding);
        }
        if shape.has_sdg {
            let sdg = rng.pick(&self.sdg);
            push_line(text, &sdg.sentence);
            if let Some(url) = &sdg.url {
                push_line(text, url);
            }
        }
        if let Some(footnote) = &self.kosovo_footnote
            && text[entry_start..].contains("Kosovo*")
        {
            push_line(text, footnote);
        }
    }

    /// A dateline header whose first part starts in the given month, with the
    /// day it starts on.
    fn dateline(&self, year: i32, month: u32, rng: &mut SplitMix64) -> (u32, String) {
        let days = days_in_month(year, month);
        let has_next_month = month < 12;
        let roll = rng.below(100);
        // Shares loosely follow the shipped bulletin's 20 datelines: 2 multi-part, 3 online,
        // 1 `Country / online`, 1 cross-month, 1 month range, 2 without a year, the rest
        // a day or a day range at a city.
        let (start, dates, place) = match roll {
            0..=9 => return self.multi_part_dateline(year, month, rng),
            10..=17 => {
                let (start, dates) = day_dates(year, month, days, rng);
                (start, dates, "online".to_string())
            }
            18..=22 => {
                let (start, dates) = day_dates(year, month, days, rng);
                let country =
                    country_name(self.countries[rng.below(self.countries.len())], year, rng);
                (start, dates, format!("{country} / online"))
            }
            23..=29 if has_next_month => {
                let start = days - rng.below(3) as u32;
                let end = 1 + rng.below(3) as u32;
                let dates = format!(
                    "{start} {}-{end} {}{}",
                    month_name(month),
                    month_name(month + 1),
                    year_suffix(year, rng)
                );
                (start, dates, self.city_country(year, rng))
            }
            30..=33 if has_next_month => {
                let dates = format!("{}-{} {year}", month_name(month), month_name(month + 1));
                (1, dates, self.city_country(year, rng))
            }
            34..=35 => (
                1,
                format!("{} {year}", month_name(month)),
                self.city_country(year, rng),
            ),
            _ => {
                let (start, dates) = day_dates(year, month, days, rng);
                (start, dates, self.city_country(year, rng))
            }
        };
        (start, format!("{dates}, {place}"))
    }

    /// `3-5 June, Tirana, Albania; 10 June 2019, Skopje, North Macedonia`: two or
    /// three parts in the month, the year on every part, on the last only, or nowhere.
    fn multi_part_dateline(&self, year: i32, month: u32, rng: &mut SplitMix64) -> (u32, String) {
        let days = days_in_month(year, month);
        let parts = 2 + rng.below(2) as u32;
        let span = days / parts;
        let year_on = rng.below(10);
        let mut header = String::new();
        let mut first_start = 1;
        for part in 0..parts {
            let start = part * span + 1 + rng.below(span as usize - 4) as u32;
            let end = start + rng.below(4) as u32;
            if part == 0 {
                first_start = start;
            } else {
                header.push_str("; ");
            }
            let written_year = match year_on {
                0 => String::new(),
                1..=2 if part + 1 < parts => String::new(),
                _ => format!(" {year}"),
            };
            let days_text = if end > start {
                format!("{start}-{end}")
            } else {
                start.to_string()
            };
            header.push_str(&format!(
                "{days_text} {}{written_year}, {}",
                month_name(month),
                self.city_country(year, rng)
            ));
        }
        (first_start, header)
    }

    /// `Podgorica, Montenegro`, with the names bulletins of that year would use.
    fn city_country(&self, year: i32, rng: &mut SplitMix64) -> String {
        let place = rng.pick(&self.places);
        let city = match place.alias {
            Some(alias) if rng.below(6) == 0 => alias,
            _ => place.city,
        };
        // Only here, after a city: the extractor does not read the former name in
        // `the former Yugoslav Republic of Macedonia / online` (its words are lower-case).
        let country = match place.country {
            "North Macedonia" if year < 2019 && rng.below(2) == 0 => {
                "the former Yugoslav Republic of Macedonia"
            }
            other => country_name(other, year, rng),
        };
        format!("{city}, {country}")
    }
}

/// A country as a bulletin of `year` writes it: `Kosovo*`, and now and then
/// `Türkiye` after 2022.
fn country_name(country: &'static str, year: i32, rng: &mut SplitMix64) -> &'static str {
    match country {
        "Kosovo" => "Kosovo*",
        "Turkey" if year > 2022 && rng.below(2) == 0 => "Türkiye",
        other => other,
    }
}

fn push_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// `15 March 2022` or `22-24 March 2022`; one in ten leaves the year out, as
/// real bulletins sometimes do.
fn day_dates(year: i32, month: u32, days: u32, rng: &mut SplitMix64) -> (u32, String) {
    let start = 1 + rng.below(days as usize) as u32;
    let end = (start + rng.below(5) as u32).min(days);
    let written_year = year_suffix(year, rng);
    let dates = if end > start && rng.below(5) != 0 {
        format!("{start}-{end} {}{written_year}", month_name(month))
    } else {
        format!("{start} {}{written_year}", month_name(month))
    };
    (start, dates)
}

/// ` 2022`, or nothing one time in ten.
fn year_suffix(year: i32, rng: &mut SplitMix64) -> String {
    if rng.below(10) == 0 {
        String::new()
    } else {
        format!(" {year}")
    }
}

fn month(month: u32) -> Month {
    u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .expect("months run from 1 to 12")
}

fn month_name(number: u32) -> &'static str {
    month(number).name()
}

fn days_in_month(year: i32, number: u32) -> u32 {
    let days = month(number).num_days(year);
    u32::from(days.expect("every month of 2010-2026 has a length"))
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64 (Steele, Lea and Flood 2014): tiny, fast, and plenty for test data.
#[derive(Debug, Clone)]
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    fn new(seed: u64) -> Self {
        SplitMix64 { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(GOLDEN_GAMMA);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..n` (Lemire's multiply-shift; `n` must be positive).
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0);
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// A uniform number in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn pick<'t, T>(&mut self, items: &'t [T]) -> &'t T {
        &items[self.below(items.len())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse_bulletin_bytes;
    use chrono::Datelike;

    #[test]
    fn same_seed_gives_identical_bytes() {
        assert_eq!(
            generate_corpus_in_memory(2_000, 7),
            generate_corpus_in_memory(2_000, 7)
        );
    }

    #[test]
    fn writes_the_in_memory_files_to_disk() -> anyhow::Result<()> {
        let dir = tempfile::tempdir()?;
        let written = generate_corpus(dir.path(), 500, 7)?;
        let expected = generate_corpus_in_memory(500, 7);
        assert_eq!(written.files, expected.len());
        assert_eq!(written.entries, 500);
        let mut bytes = 0;
        for (name, text) in &expected {
            assert_eq!(&std::fs::read_to_string(dir.path().join(name))?, text);
            bytes += text.len() as u64;
        }
        assert_eq!(written.bytes, bytes);
        assert_eq!(std::fs::read_dir(dir.path())?.count(), expected.len());
        Ok(())
    }

    #[test]
    fn different_seeds_give_different_corpora() {
        assert_ne!(
            generate_corpus_in_memory(2_000, 7),
            generate_corpus_in_memory(2_000, 8)
        );
    }

    #[test]
    fn every_entry_parses_back_in_its_month_without_warnings() {
        let entries = 5_000;
        let files = generate_corpus_in_memory(entries, 11);
        let mut records_total = 0;
        let mut inferred = 0;
        let mut years = std::collections::BTreeSet::new();
        for (name, text) in &files {
            let (records, warnings) = parse_bulletin_bytes(name, text.as_bytes());
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            let year: i32 = name[..4].parse().expect("file names start with the year");
            let month: u32 = name[5..7].parse().expect("then the month");
            for record in &records {
                assert!(record.warnings.is_empty(), "{name}: {record:?}");
                let first = &record.events[0];
                let start = first.start.expect("every generated dateline has a date");
                assert_eq!(
                    (start.year(), start.month()),
                    (year, month),
                    "{name}: {}",
                    record.dateline
                );
                assert!(
                    first.online || first.country.is_some(),
                    "{name}: {}",
                    record.dateline
                );
                inferred += usize::from(first.year_inferred);
                years.insert(year);
            }
            records_total += records.len();
        }
        assert_eq!(records_total, entries);
        assert!(inferred > 0, "some datelines leave the year out");
        assert_eq!(years.first(), Some(&FIRST_YEAR));
        assert_eq!(years.last(), Some(&LAST_YEAR));
    }

    #[test]
    fn files_list_entries_newest_first() {
        for (name, text) in generate_corpus_in_memory(1_000, 3) {
            let (records, _) = parse_bulletin_bytes(&name, text.as_bytes());
            let starts: Vec<_> = records.iter().filter_map(|r| r.events[0].start).collect();
            assert!(starts.windows(2).all(|w| w[0] >= w[1]), "{name}");
        }
    }

    #[test]
    fn datelines_take_every_documented_form() {
        let files = generate_corpus_in_memory(3_000, 5);
        let datelines: Vec<String> = files
            .iter()
            .flat_map(|(name, text)| parse_bulletin_bytes(name, text.as_bytes()).0)
            .map(|r| r.dateline)
            .collect();
        let has = |what: &str, test: &dyn Fn(&str) -> bool| {
            assert!(datelines.iter().any(|d| test(d)), "no {what} dateline");
        };
        let month_names: Vec<&str> = (1..=12).map(month_name).collect();
        let names_two_months = |d: &str| month_names.iter().filter(|m| d.contains(*m)).count() == 2;
        has("single day", &|d| {
            d.split(' ')
                .next()
                .is_some_and(|w| w.parse::<u32>().is_ok())
                && !d.contains(';')
        });
        has("day range", &|d| {
            d.split(' ').next().is_some_and(|w| {
                w.contains('-') && w.chars().all(|c| c.is_ascii_digit() || c == '-')
            })
        });
        has("cross-month", &|d| {
            names_two_months(d) && d.starts_with(|c: char| c.is_ascii_digit())
        });
        has("month range", &|d| {
            names_two_months(d) && !d.starts_with(|c: char| c.is_ascii_digit())
        });
        has("online", &|d| d.ends_with(", online"));
        has("country / online", &|d| d.ends_with(" / online"));
        has("several parts", &|d| d.contains("; "));
        has("year-less", &|d| !d.contains(" 20"));
    }

    #[test]
    fn closing_lines_close_each_entry() {
        for (name, text) in generate_corpus_in_memory(1_000, 9) {
            for record in parse_bulletin_bytes(&name, text.as_bytes()).0 {
                let lines: Vec<&str> = record.body.lines().collect();
                let closing = lines
                    .iter()
                    .rposition(|l| !l.starts_with("http") && !l.starts_with("* "))
                    .unwrap_or(0);
                let misplaced = lines[..closing].iter().find(|l| {
                    l.contains("contributes to SDG") || l.starts_with("http") || l.starts_with("* ")
                });
                assert_eq!(misplaced, None, "{name}: {}", record.title);
                let has_footnote = lines.last().is_some_and(|l| l.starts_with("* "));
                let writes_kosovo = record.full_text().contains("Kosovo*");
                assert_eq!(has_footnote, writes_kosovo, "{name}: {}", record.dateline);
            }
        }
    }

    #[test]
    fn average_entry_resembles_the_shipped_bulletin() {
        let entries = 4_000;
        let bytes: usize = generate_corpus_in_memory(entries, 1)
            .iter()
            .map(|(_, text)| text.len())
            .sum();
        let shipped_entries = split_bulletin(SHIPPED_NAME, SHIPPED.as_bytes())
            .entries
            .len();
        let shipped_average = SHIPPED.len() / shipped_entries;
        let average = bytes / entries;
        assert!(
            average.abs_diff(shipped_average) < shipped_average / 10,
            "{average} bytes per entry against {shipped_average} shipped"
        );
    }
}
