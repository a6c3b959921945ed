//! Search, filters, facets, dates and sorting on the shipped bulletin, with
//! every expected value computed from the gold records at test time.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use bulletin::extract::gazetteer::gazetteer;
use bulletin::search::facets::FacetCount;
use bulletin::search::query::FacetField;
use bulletin::search::{Engine, Filters, SearchRequest, Sort};
use chrono::{Datelike, NaiveDate};
use common::{Workspace, gold, strings};
use serde_json::Value;

fn everything(filters: Filters) -> SearchRequest {
    SearchRequest {
        filters,
        limit: 100,
        facets: true,
        ..SearchRequest::new("")
    }
}

/// An index of the corpus folder `corpus` built at `index`, opened.
fn engine_of_corpus(index: &std::path::Path, corpus: std::path::PathBuf) -> Engine {
    bulletin::index::build(&bulletin::index::IndexOptions::new(index, vec![corpus]))
        .expect("index");
    Engine::open(index).expect("index opens")
}

/// An index of one bulletin file of `text` named `name`, built in a
/// folder that lives as long as the first value, opened.
fn engine_of_bulletin(name: &str, text: impl AsRef<[u8]>) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::write(corpus.join(name), text).expect("write");
    let engine = engine_of_corpus(&dir.path().join("index"), corpus);
    (dir, engine)
}

/// The titles given, as a set.
fn titles_set(titles: &[&str]) -> BTreeSet<String> {
    titles.iter().map(|t| t.to_string()).collect()
}

/// The words of `data/country-words.tsv`, each with its country.
fn country_words() -> Vec<(String, String)> {
    std::fs::read_to_string(common::root().join("data/country-words.tsv"))
        .expect("country words")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(word, country)| (word.to_string(), country.to_string()))
        .collect()
}

/// Every donor of the gold records.
fn gold_donors() -> BTreeSet<String> {
    gold_all()
        .into_iter()
        .flat_map(|g| strings(g, "donors"))
        .collect()
}

/// The ids of every activity of the index.
fn all_ids(engine: &Engine) -> Vec<String> {
    engine
        .records()
        .expect("records")
        .into_iter()
        .map(|r| r.id)
        .collect()
}

fn titles(engine: &Engine, request: &SearchRequest) -> BTreeSet<String> {
    engine
        .search(request)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

/// The titles of a query's first 100 hits.
fn found(engine: &Engine, query: &str) -> BTreeSet<String> {
    titles(
        engine,
        &SearchRequest {
            limit: 100,
            ..SearchRequest::new(query)
        },
    )
}

/// The ids of a query's first 100 hits.
fn found_ids(engine: &Engine, query: &str) -> BTreeSet<String> {
    let request = SearchRequest {
        limit: 100,
        ..SearchRequest::new(query)
    };
    let answer = engine.search(&request).expect("search");
    answer.hits.into_iter().map(|h| h.id).collect()
}

fn gold_titles(keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    gold()
        .iter()
        .filter(|g| keep(g))
        .map(|g| g["title"].as_str().expect("title").to_string())
        .collect()
}

fn events(entry: &Value) -> Vec<Value> {
    entry["events"].as_array().cloned().unwrap_or_default()
}

fn event_country(event: &Value) -> Option<String> {
    event["country"]
        .as_str()
        .or(event["country_implied"].as_str())
        .map(String::from)
}

/// Reads one gold field's values from an entry.
type ValuesOf<'a> = Box<dyn Fn(&Value) -> Vec<String> + 'a>;

fn fold(text: &str) -> String {
    bulletin::text::fold_diacritics(text).to_lowercase()
}

/// Every value of a gold field across entries, with the number of entries holding it.
fn gold_counts(values_of: impl Fn(&Value) -> Vec<String>) -> BTreeMap<String, u64> {
    let mut counts = BTreeMap::new();
    for entry in gold() {
        let values: BTreeSet<String> = values_of(&entry).into_iter().collect();
        for value in values {
            *counts.entry(value).or_insert(0) += 1;
        }
    }
    counts
}

fn countries(entry: &Value) -> Vec<String> {
    events(entry).iter().filter_map(event_country).collect()
}

/// The city of a gold event as facets show it: the gazetteer's spelling
/// when it knows the city (`Bjelasnica` is `Bjelašnica`), else as written.
fn facet_city(event: &Value) -> Option<String> {
    let city = event["city"].as_str()?;
    let country = event_country(event);
    Some(
        gazetteer()
            .city_display(city, country.as_deref())
            .to_string(),
    )
}

fn cities(entry: &Value) -> Vec<String> {
    events(entry).iter().filter_map(facet_city).collect()
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("ISO date")
}

fn span(entry: &Value) -> (NaiveDate, NaiveDate) {
    let events = events(entry);
    let start = events
        .iter()
        .filter_map(|e| e["start"].as_str())
        .map(date)
        .min()
        .expect("a start");
    let end = events
        .iter()
        .filter_map(|e| e["end"].as_str())
        .map(date)
        .max()
        .expect("an end");
    (start, end)
}

fn months(entry: &Value) -> Vec<String> {
    events(entry).iter().flat_map(event_months).collect()
}

/// The months a part of an activity touches (`2022-03`).
fn event_months(event: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let (Some(start), Some(end)) = (event["start"].as_str(), event["end"].as_str()) else {
        return out;
    };
    let (mut month, end) = (
        date(start).format("%Y-%m").to_string(),
        date(end).format("%Y-%m").to_string(),
    );
    loop {
        out.push(month.clone());
        if month >= end {
            break;
        }
        let first = date(&format!("{month}-01")) + chrono::Months::new(1);
        month = first.format("%Y-%m").to_string();
    }
    out
}

fn facet_map(counts: &[FacetCount]) -> BTreeMap<String, u64> {
    counts.iter().map(|c| (c.value.clone(), c.count)).collect()
}

#[test]
fn each_facet_filter_finds_exactly_the_gold_entries() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let checks: Vec<(FacetField, ValuesOf)> = vec![
        (FacetField::Country, Box::new(countries)),
        (FacetField::City, Box::new(cities)),
        (
            FacetField::Programme,
            Box::new(|g| strings(g, "programmes")),
        ),
        (FacetField::Sdg, Box::new(|g| strings(g, "sdg_targets"))),
        (FacetField::Donor, Box::new(|g| strings(g, "donors"))),
        (
            FacetField::Mentioned,
            Box::new(|g| strings(g, "countries_mentioned")),
        ),
    ];
    let mut checked = 0;
    for (field, values_of) in &checks {
        for value in gold_counts(values_of).keys() {
            let mut filters = Filters::default();
            match field {
                FacetField::Country => filters.country.push(value.clone()),
                FacetField::City => filters.city.push(value.clone()),
                FacetField::Programme => filters.programme.push(value.clone()),
                FacetField::Sdg => filters.sdg.push(value.clone()),
                FacetField::Donor => filters.donor.push(value.clone()),
                FacetField::Mentioned => filters.mentioned.push(value.clone()),
                _ => unreachable!("only the fields above are checked"),
            }
            let expected = gold_titles(|g| values_of(g).iter().any(|v| fold(v) == fold(value)));
            assert_eq!(
                titles(&engine, &everything(filters)),
                expected,
                "{} = {value}",
                field.name()
            );
            checked += 1;
        }
    }
    assert!(checked > 40, "only {checked} values checked");
    let online = Filters {
        online: true,
        ..Filters::default()
    };
    let expected = gold_titles(|g| {
        events(g)
            .iter()
            .any(|e| e["online"].as_bool() == Some(true))
    });
    assert_eq!(expected.len(), 4);
    assert_eq!(titles(&engine, &everything(online)), expected);
}

#[test]
fn filter_values_are_read_leniently() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let by = |f: fn(&mut Filters) -> &mut Vec<String>, value: &str| {
        let mut filters = Filters::default();
        f(&mut filters).push(value.to_string());
        titles(&engine, &everything(filters))
    };
    assert_eq!(
        by(|f| &mut f.country, "north macedonia"),
        by(|f| &mut f.country, "North Macedonia")
    );
    assert_eq!(
        by(|f| &mut f.country, "Kosovo*"),
        by(|f| &mut f.country, "Kosovo")
    );
    assert_eq!(
        by(|f| &mut f.programme, "CCP"),
        by(|f| &mut f.programme, "Container Control Programme")
    );
    // A value that names none wholly takes the values holding its words:
    // part of a name, or an acronym of a programme's name.
    for (partial, whole) in [
        ("Bosnia", "Bosnia and Herzegovina"),
        ("SALW", "Western Balkans SALW Control Roadmap"),
        (
            "ACIF",
            "Regional Anti-Corruption and Illicit Finance Roadmap",
        ),
    ] {
        let field: fn(&mut Filters) -> &mut Vec<String> = if partial == "Bosnia" {
            |f| &mut f.country
        } else {
            |f| &mut f.programme
        };
        let expected = gold_titles(|g| {
            strings(g, "programmes").contains(&whole.to_string())
                || g["events"]
                    .as_array()
                    .is_some_and(|events| events.iter().any(|e| e["country"] == whole))
        });
        assert!(!expected.is_empty(), "{whole}");
        assert_eq!(by(field, partial), by(field, whole), "{partial}");
        assert_eq!(by(field, whole), expected, "{whole}");
    }
    // Words of a name in any order, apart, or with words around the name.
    let programmes: BTreeSet<String> = gold_all()
        .into_iter()
        .flat_map(|g| strings(g, "programmes"))
        .collect();
    let mut reordered = 0;
    for name in &programmes {
        let words: Vec<&str> = name.split_whitespace().filter(|w| w.len() > 3).collect();
        let expected = by(|f| &mut f.programme, name);
        let around = format!("the {name} Trust Fund");
        assert_eq!(by(|f| &mut f.programme, &around), expected, "{around}");
        let [first, .., last] = words.as_slice() else {
            continue;
        };
        let turned = format!("{last} {first}");
        let found = by(|f| &mut f.programme, &turned);
        assert!(found.is_superset(&expected), "{turned}");
        assert!(!found.is_empty());
        reordered += 1;
    }
    assert!(reordered >= 3, "{programmes:?}");
    // Adjectives, codes and own-language names of a country
    // (`data/country-words.tsv`) take the country, for places and donors.
    let words = country_words();
    let held: BTreeSet<String> = gold_all().into_iter().flat_map(countries).collect();
    let donors = gold_donors();
    let mut checked = 0;
    for (word, country) in words.iter().map(|(w, c)| (w.as_str(), c.as_str())) {
        if held.contains(country) {
            let expected = by(|f| &mut f.country, country);
            assert_eq!(by(|f| &mut f.country, word), expected, "{word}");
            assert_eq!(by(|f| &mut f.country, &word.to_lowercase()), expected);
            checked += 1;
        }
        if donors.contains(country) {
            assert_eq!(by(|f| &mut f.donor, word), by(|f| &mut f.donor, country));
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked}");
    assert_eq!(by(|f| &mut f.city, "Bijelasnica").len(), 0);
    assert_eq!(
        by(|f| &mut f.city, "Bjelašnica"),
        by(|f| &mut f.city, "Bjelasnica")
    );
    assert_eq!(
        by(|f| &mut f.sdg, "16").len(),
        gold_titles(|g| strings(g, "sdg_targets")
            .iter()
            .any(|t| t.starts_with("16.")))
        .len()
    );

    // The answer names the index's value each lenient value stood for, as
    // the facet counts spell it, so that a client can show it as ticked.
    let mut filters = Filters::default();
    filters.programme.push("CCP".to_string());
    filters.country.push("north macedonia".to_string());
    filters.country.push("Kosovo*".to_string());
    let answer = engine.search(&everything(filters)).expect("search");
    let counted = |field: &str| -> BTreeSet<String> {
        let facets = answer.facets.as_ref().expect("facets");
        facets[field].iter().map(|f| f.value.clone()).collect()
    };
    let named = |field: &str, value: &str| answer.resolved[field][value].clone();
    assert_eq!(named("programme", "CCP"), ["Container Control Programme"]);
    assert!(counted("programme").contains("Container Control Programme"));
    assert_eq!(named("country", "north macedonia"), ["North Macedonia"]);
    assert!(counted("country").contains("North Macedonia"));
    assert_eq!(named("country", "Kosovo*"), ["Kosovo"]);
}

/// Checks facet counts against the gold `entries` a search kept;
/// `place_counts(event, field)` says whether a part of an activity counts
/// its place in the country or city facet, or its months in the year and
/// month facets (with a place filter, only the parts that meet it do, but
/// the filter's own facet is counted without it).
fn check_facets(
    facets: &BTreeMap<String, Vec<FacetCount>>,
    entries: &[Value],
    skip_filter_of: Option<FacetField>,
    place_counts: &dyn Fn(&Value, FacetField) -> bool,
) {
    let countries = |g: &Value| -> Vec<String> {
        events(g)
            .iter()
            .filter(|e| place_counts(e, FacetField::Country))
            .filter_map(event_country)
            .collect()
    };
    let cities = |g: &Value| -> Vec<String> {
        events(g)
            .iter()
            .filter(|e| place_counts(e, FacetField::City))
            .filter_map(facet_city)
            .collect()
    };
    let within =
        |values_of: &dyn Fn(&Value) -> Vec<String>, field: FacetField| -> BTreeMap<String, u64> {
            let pool: Vec<&Value> = if skip_filter_of == Some(field) {
                gold_all()
            } else {
                entries.iter().collect()
            };
            let mut counts = BTreeMap::new();
            for entry in pool {
                for value in values_of(entry).into_iter().collect::<BTreeSet<_>>() {
                    *counts.entry(value).or_insert(0) += 1;
                }
            }
            counts
        };
    let goal = |g: &Value| {
        strings(g, "sdg_targets")
            .iter()
            .map(|t| t.split('.').next().unwrap_or("").to_string())
            .collect()
    };
    // Months and years of the parts that meet the filters, as countries.
    let part_months = |g: &Value| -> Vec<String> {
        events(g)
            .iter()
            .filter(|e| place_counts(e, FacetField::Month))
            .flat_map(event_months)
            .collect()
    };
    let year = |g: &Value| part_months(g).iter().map(|m| m[..4].to_string()).collect();
    let expectations: Vec<(&str, FacetField, ValuesOf<'_>)> = vec![
        ("country", FacetField::Country, Box::new(countries)),
        ("city", FacetField::City, Box::new(cities)),
        (
            "programme",
            FacetField::Programme,
            Box::new(|g| strings(g, "programmes")),
        ),
        (
            "donor",
            FacetField::Donor,
            Box::new(|g| strings(g, "donors")),
        ),
        ("sdg", FacetField::Sdg, Box::new(goal)),
        (
            "mentioned",
            FacetField::Mentioned,
            Box::new(|g| strings(g, "countries_mentioned")),
        ),
        ("year", FacetField::Year, Box::new(year)),
        ("month", FacetField::Month, Box::new(part_months)),
    ];
    for (name, field, values_of) in &expectations {
        assert_eq!(
            facet_map(&facets[*name]),
            within(values_of.as_ref(), *field),
            "facet {name}"
        );
    }
    // Children: a country's cities, a goal's targets.
    for country in &facets["country"] {
        let expected = within(
            &|g: &Value| {
                events(g)
                    .iter()
                    .filter(|e| place_counts(e, FacetField::Country))
                    .filter(|e| event_country(e).as_deref() == Some(&country.value))
                    .filter_map(facet_city)
                    .collect()
            },
            FacetField::Country,
        );
        assert_eq!(
            facet_map(&country.children),
            expected,
            "cities of {}",
            country.value
        );
    }
    for goal_count in &facets["sdg"] {
        let expected = within(
            &|g: &Value| {
                strings(g, "sdg_targets")
                    .into_iter()
                    .filter(|t| t.starts_with(&format!("{}.", goal_count.value)))
                    .collect()
            },
            FacetField::Sdg,
        );
        assert_eq!(
            facet_map(&goal_count.children),
            expected,
            "targets of goal {}",
            goal_count.value
        );
    }
}

fn gold_all() -> Vec<&'static Value> {
    static GOLD: std::sync::OnceLock<Vec<Value>> = std::sync::OnceLock::new();
    GOLD.get_or_init(gold).iter().collect()
}

#[test]
fn facet_counts_match_gold_without_and_with_a_filter() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let all = engine
        .search(&everything(Filters::default()))
        .expect("search");
    let every_part = |_: &Value, _: FacetField| true;
    check_facets(
        all.facets.as_ref().expect("facets"),
        &gold(),
        None,
        &every_part,
    );

    let montenegro = Filters {
        country: vec!["Montenegro".into()],
        ..Filters::default()
    };
    let answer = engine.search(&everything(montenegro)).expect("search");
    let entries: Vec<Value> = gold()
        .into_iter()
        .filter(|g| countries(g).contains(&"Montenegro".to_string()))
        .collect();
    assert_eq!(answer.total, entries.len());
    // The cities and months of the parts held in Montenegro, not of the
    // activity's other parts; the countries of every part (its own filter
    // is left out).
    let in_montenegro = |e: &Value, field: FacetField| {
        field == FacetField::Country || event_country(e).as_deref() == Some("Montenegro")
    };
    check_facets(
        answer.facets.as_ref().expect("facets"),
        &entries,
        Some(FacetField::Country),
        &in_montenegro,
    );

    let eu = Filters {
        donor: vec!["European Union".into()],
        ..Filters::default()
    };
    let answer = engine.search(&everything(eu)).expect("search");
    let entries: Vec<Value> = gold()
        .into_iter()
        .filter(|g| strings(g, "donors").contains(&"European Union".to_string()))
        .collect();
    check_facets(
        answer.facets.as_ref().expect("facets"),
        &entries,
        Some(FacetField::Donor),
        &every_part,
    );
}

/// Facet counts where hundreds of entries match, so the counter works
/// through many full blocks of matches and a partial one: a scored search
/// (a page of hits), a count-only one (limit 0) and a filtered one each
/// equal the counts made from the matching records themselves.
#[test]
fn facet_counts_over_many_matches_equal_the_records_counts() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    bulletin::generate::generate_corpus(&corpus, 600, 5).expect("generate");
    let engine = engine_of_corpus(&dir.path().join("index"), corpus);
    let matching = |query: &str, filters: &Filters| -> Vec<Value> {
        let mut entries = Vec::new();
        loop {
            let request = SearchRequest {
                filters: filters.clone(),
                limit: 1000,
                offset: entries.len(),
                ..SearchRequest::new(query)
            };
            let answer = engine.search(&request).expect("search");
            if answer.hits.is_empty() {
                assert_eq!(entries.len(), answer.total, "{query:?}: every match paged");
                return entries;
            }
            entries.extend(
                answer
                    .hits
                    .iter()
                    .map(|hit| serde_json::to_value(hit).expect("hit as JSON")),
            );
        }
    };
    let years = Filters {
        from: Some(date("2014-01-01")),
        to: Some(date("2022-12-31")),
        ..Filters::default()
    };
    for (query, filters) in [
        ("", Filters::default()),
        ("prevention", Filters::default()),
        ("organized crime", Filters::default()),
        ("prevention", years),
    ] {
        let entries = matching(query, &filters);
        assert!(
            entries.len() > 2 * 64,
            "{query:?} matches {} entries: too few to fill blocks",
            entries.len()
        );
        for limit in [10, 0] {
            let request = SearchRequest {
                filters: filters.clone(),
                limit,
                facets: true,
                facet_fields: Some(vec![
                    FacetField::Programme,
                    FacetField::Year,
                    FacetField::Donor,
                    FacetField::Mentioned,
                ]),
                ..SearchRequest::new(query)
            };
            let answer = engine.search(&request).expect("search");
            assert_eq!(answer.total, entries.len(), "{query:?} limit {limit}");
            let facets = answer.facets.expect("facets");
            for (name, values_of) in [
                (
                    "programme",
                    Box::new(|g: &Value| strings(g, "programmes")) as ValuesOf,
                ),
                (
                    "year",
                    Box::new(|g: &Value| months(g).iter().map(|m| m[..4].to_string()).collect()),
                ),
                ("donor", Box::new(|g: &Value| strings(g, "donors"))),
                (
                    "mentioned",
                    Box::new(|g: &Value| strings(g, "countries_mentioned")),
                ),
            ] {
                let mut expected = BTreeMap::new();
                for entry in &entries {
                    for value in values_of(entry).into_iter().collect::<BTreeSet<_>>() {
                        *expected.entry(value).or_insert(0) += 1;
                    }
                }
                assert_eq!(
                    facet_map(&facets[name]),
                    expected,
                    "{query:?} limit {limit}: facet {name}"
                );
            }
        }
    }
}

#[test]
fn date_filters_keep_overlapping_activities() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ranges = [
        ("2022-02-01", "2022-02-27"), // only the February-March month range
        ("2022-02-28", "2022-02-28"), // the month range and the cross-month Bar mission
        ("2022-03-01", "2022-03-02"), // both again, and activities starting on the 2nd
        ("2022-03-25", "2022-03-28"), // between the two parts of a two-part dateline
        ("2022-04-01", "2022-12-31"), // nothing
    ];
    for (from, to) in ranges {
        let (from, to) = (date(from), date(to));
        let filters = Filters {
            from: Some(from),
            to: Some(to),
            ..Filters::default()
        };
        // A part of the activity overlaps the range (an activity of two
        // parts is not held between them).
        let expected = gold_titles(|g| {
            events(g).iter().any(|e| {
                let (Some(start), Some(end)) = (e["start"].as_str(), e["end"].as_str()) else {
                    return false;
                };
                date(start) <= to && date(end) >= from
            })
        });
        assert_eq!(
            titles(&engine, &everything(filters)),
            expected,
            "{from}..{to}"
        );
    }
}

#[test]
fn two_filters_combine_with_and() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let filters = Filters {
        country: vec!["Montenegro".into()],
        programme: vec!["Container Control Programme".into()],
        ..Filters::default()
    };
    let expected = gold_titles(|g| {
        countries(g).contains(&"Montenegro".to_string())
            && strings(g, "programmes").contains(&"Container Control Programme".to_string())
    });
    assert_eq!(expected.len(), 2);
    assert_eq!(titles(&engine, &everything(filters)), expected);
    // OR within one field
    let either = Filters {
        country: vec!["Montenegro".into(), "Albania".into()],
        ..Filters::default()
    };
    let expected = gold_titles(|g| {
        countries(g)
            .iter()
            .any(|c| c == "Montenegro" || c == "Albania")
    });
    assert_eq!(titles(&engine, &everything(either)), expected);
}

/// `--sort newest` orders by the latest start of an activity's parts and
/// `--sort oldest` by the earliest; under place and date filters, of the
/// parts that meet them. Before, both sorted by the first part's start: an
/// activity in Podgorica on 22–24 March and in Skopje on 29–31 March was
/// listed as of the 22nd, below activities of the days between, though
/// its latest part is newer than them; under `--country "North Macedonia"`
/// it sorted by its Montenegro part.
#[test]
fn date_sorts_order_by_the_parts_that_meet_the_filters() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold = gold();
    // The starts of a gold activity's parts that meet a country and a date
    // range (each optional).
    type Case = (Option<&'static str>, Option<NaiveDate>, Option<NaiveDate>);
    let starts = |entry: &Value, (country, from, to): Case| -> Vec<NaiveDate> {
        events(entry)
            .iter()
            .filter(|e| country.is_none_or(|c| event_country(e).as_deref() == Some(c)))
            .filter(|e| from.is_none_or(|f| e["end"].as_str().is_some_and(|end| date(end) >= f)))
            .filter(|e| to.is_none_or(|t| e["start"].as_str().is_some_and(|s| date(s) <= t)))
            .filter_map(|e| e["start"].as_str().map(date))
            .collect()
    };
    // The case is not empty: an activity of several parts has another
    // activity starting between its first and its last part's start.
    let between = gold.iter().any(|e| {
        let all = starts(e, (None, None, None));
        let (Some(first), Some(last)) = (all.iter().min(), all.iter().max()) else {
            return false;
        };
        gold.iter().any(|other| {
            let start = span(other).0;
            *first < start && start < *last
        })
    });
    assert!(between, "an activity starts between the parts of another");
    let cases: Vec<Case> = vec![
        (None, None, None),
        (Some("Montenegro"), None, None),
        (Some("North Macedonia"), None, None),
        (Some("Bosnia and Herzegovina"), None, None),
        (None, Some(date("2022-03-20")), None),
        (None, None, Some(date("2022-03-22"))),
    ];
    for case in cases {
        let (country, from, to) = case;
        for sort in [Sort::Oldest, Sort::Newest] {
            let key = |entry: &Value| {
                let starts = starts(entry, case);
                if sort == Sort::Oldest {
                    starts.into_iter().min()
                } else {
                    starts.into_iter().max()
                }
            };
            let mut expected: Vec<NaiveDate> = gold.iter().filter_map(key).collect();
            expected.sort();
            if sort == Sort::Newest {
                expected.reverse();
            }
            let filters = Filters {
                country: country.map(String::from).into_iter().collect(),
                from,
                to,
                ..Filters::default()
            };
            let request = SearchRequest {
                sort,
                ..everything(filters)
            };
            let answer = engine.search(&request).expect("search");
            let by_title: BTreeMap<&str, &Value> = gold
                .iter()
                .map(|g| (g["title"].as_str().expect("title"), g))
                .collect();
            let got: Vec<NaiveDate> = answer
                .hits
                .iter()
                .filter_map(|h| key(by_title[h.title.as_str()]))
                .collect();
            assert_eq!(got, expected, "{sort:?} {case:?}");
            assert_eq!(answer.hits.len(), expected.len(), "{sort:?} {case:?}");
        }
    }
}

#[test]
fn paging_and_limit_zero() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let all: Vec<String> = engine
        .search(&everything(Filters::default()))
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(all.len(), gold().len());
    let page = SearchRequest {
        limit: 5,
        offset: 5,
        ..everything(Filters::default())
    };
    let ids: Vec<String> = engine
        .search(&page)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids, all[5..10]);
    let counts_only = SearchRequest {
        limit: 0,
        ..SearchRequest::new("firearms")
    };
    let answer = engine.search(&counts_only).expect("search");
    assert!(answer.hits.is_empty());
    let listed = engine
        .search(&SearchRequest {
            limit: 100,
            ..SearchRequest::new("firearms")
        })
        .expect("search");
    assert_eq!(answer.total, listed.hits.len());
    assert!(answer.facets.is_some());
    let too_deep = SearchRequest {
        offset: 1_000_000,
        ..SearchRequest::new("firearms")
    };
    assert!(engine.search(&too_deep).is_err());
}

#[test]
fn exclusion_phrase_and_fields() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let count = |q: &str| engine.search(&SearchRequest::new(q)).expect("search").total;
    assert!(count("corruption") > count("corruption -sport"));
    assert_eq!(count("\"weapons of mass destruction\""), 1);
    assert_eq!(count("\"destruction of mass weapons\""), 0);
    assert!(count("title:firearms") < count("firearms"));
    let montenegro = gold_titles(|g| countries(g).contains(&"Montenegro".to_string())).len();
    assert_eq!(count("country:Montenegro"), montenegro);
    assert_eq!(count("-country:Montenegro"), gold().len() - montenegro);
}

/// Title, dateline and body are one text field, the title three times and
/// the dateline twice: a word in the title outranks the same word in a body,
/// `title:` still looks at the title alone, and a phrase never runs from one
/// copy into the next (each copy is its own value, with a position gap).
#[test]
fn the_title_weighs_more_and_a_phrase_stays_inside_one_part() {
    let workspace = Workspace::new();
    let in_title = "Quokka wombat workshop";
    let in_body = "Regional meeting on border crossings";
    let bulletin = format!(
        "{in_title}\n\
         5 April 2022, Skopje, North Macedonia: Numbat rangers met in Skopje to plan the season with customs officers.\n\
         The workshop continued with a field visit.\n\
         {in_body}\n\
         7 April 2022, Tirana, Albania: Officials met in Tirana to discuss border crossings and trade.\n\
         A quokka was the mascot of the meeting, and a quokka toy its prize.\n"
    );
    std::fs::write(workspace.corpus().join("2022-04-quokka.txt"), bulletin).expect("write");
    let engine = workspace.engine();
    let count = |q: &str| engine.search(&SearchRequest::new(q)).expect("search").total;

    let found = engine
        .search(&SearchRequest::new("quokka"))
        .expect("search");
    let ranked: Vec<&str> = found.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(ranked, [in_title, in_body]);
    assert!(found.hits[0].score > found.hits[1].score);
    assert_eq!(count("title:quokka"), 1);
    assert_eq!(count("body:quokka"), 2, "body: names the whole text");
    assert_eq!(count("text:quokka"), 2);

    // Phrases inside one part match; across the copies' seams they do not:
    // title to title, title to dateline, dateline to body.
    assert_eq!(count("\"quokka wombat workshop\""), 1);
    assert_eq!(count("\"north macedonia\" numbat"), 1);
    assert_eq!(count("\"workshop quokka\""), 0);
    assert_eq!(count("\"workshop 5 april\""), 0);
    assert_eq!(count("\"macedonia numbat\""), 0);
}

#[test]
fn show_similar_and_stats() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let first = engine
        .search(&SearchRequest::new("WMD"))
        .expect("search")
        .hits
        .remove(0);
    let record = engine.show(&first.id).expect("show");
    assert_eq!(record.title, first.title);
    assert!(engine.show("no-such-id").is_err());
    let similar = engine.similar(&first.id, 3).expect("similar");
    assert_eq!(similar.len(), 3);
    assert!(similar.iter().all(|h| h.id != first.id));
    let stats = engine.stats().expect("stats");
    assert_eq!(stats.entries, gold().len());
    assert_eq!(stats.files, 1);
    let starts: Vec<NaiveDate> = gold().iter().map(|g| span(g).0).collect();
    let ends: Vec<NaiveDate> = gold().iter().map(|g| span(g).1).collect();
    assert_eq!(stats.first_date, starts.iter().min().copied());
    assert_eq!(stats.last_date, ends.iter().max().copied());
    assert!(stats.index_bytes > 0);
}

/// An activity's similar activities are the same, in the same order and with
/// the same scores, however often they are asked for: words of equal weight
/// are chosen by the word, not by the order of a hash table.
#[test]
fn similar_activities_are_the_same_every_time() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut every = SearchRequest::new("");
    every.limit = 100;
    let ids: Vec<String> = engine
        .search(&every)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(ids.len(), gold().len());
    for id in &ids {
        let listed = |hits: Vec<bulletin::search::Hit>| -> Vec<(String, Option<f32>)> {
            hits.into_iter().map(|h| (h.id, h.score)).collect()
        };
        let first = listed(engine.similar(id, 5).expect("similar"));
        assert!(!first.is_empty(), "{id} has similar activities");
        for _ in 0..10 {
            assert_eq!(
                listed(engine.similar(id, 5).expect("similar")),
                first,
                "{id}"
            );
        }
    }
}

/// Two activities equally like a third are listed newest first, as a search
/// lists hits of equal score, whatever their order in the files.
#[test]
fn similar_activities_of_equal_score_are_listed_newest_first() {
    let workspace = Workspace::new();
    let copy = "Zebrafish hatchery inspectors trained in Ohrid\n\
        {date}, Ohrid, North Macedonia: Inspectors of zebrafish hatcheries and \
        aquaculture ponds learned to sample hatchery water for residues.\n";
    let text = format!(
        "Aquaculture inspection of zebrafish hatcheries planned\n\
         2 June 2022, Skopje, North Macedonia: The plan covers zebrafish hatcheries, \
         aquaculture ponds, hatchery water and residues.\n{}{}",
        copy.replace("{date}", "5 May 2021"),
        copy.replace("{date}", "6 May 2023"),
    );
    std::fs::write(workspace.corpus().join("2022-06-hatcheries.txt"), text).expect("write");
    let engine = workspace.engine();
    let mut request = SearchRequest::new("zebrafish");
    request.limit = 10;
    let found = engine.search(&request).expect("search").hits;
    assert_eq!(found.len(), 3, "the three hatchery entries are indexed");
    let source = found
        .iter()
        .find(|h| h.title.starts_with("Aquaculture"))
        .expect("the plan");
    let similar = engine.similar(&source.id, 2).expect("similar");
    let starts: Vec<Option<NaiveDate>> = similar
        .iter()
        .map(|h| h.events.iter().filter_map(|e| e.start).min())
        .collect();
    assert_eq!(similar.len(), 2);
    assert_eq!(similar[0].score, similar[1].score, "the copies score alike");
    assert_eq!(
        starts,
        [
            NaiveDate::from_ymd_opt(2023, 5, 6),
            NaiveDate::from_ymd_opt(2021, 5, 5)
        ]
    );
}

/// A hyphenated word matches as a whole and by its parts; its snippet marks
/// it once, and no two marks overlap.
#[test]
fn a_hyphenated_word_is_highlighted_once() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let hits = engine
        .search(&SearchRequest::new("e-evidence"))
        .expect("search")
        .hits;
    assert!(!hits.is_empty());
    let mut marked_whole = 0;
    for hit in &hits {
        let chars: Vec<char> = hit.snippet.text.chars().collect();
        let marks = &hit.snippet.highlights;
        for pair in marks.windows(2) {
            assert!(pair[0][1] <= pair[1][0], "{}: {marks:?}", hit.id);
        }
        // Every `e-evidence` in the snippet is one mark, exactly over it.
        let text_lower = hit.snippet.text.to_lowercase();
        let lower: Vec<char> = text_lower.chars().collect();
        assert_eq!(lower.len(), chars.len());
        let word: Vec<char> = "e-evidence".chars().collect();
        for start in 0..lower.len().saturating_sub(word.len() - 1) {
            if lower[start..start + word.len()] == word[..] {
                assert!(
                    marks.contains(&[start, start + word.len()]),
                    "{}: {marks:?} in {:?}",
                    hit.id,
                    hit.snippet.text
                );
                marked_whole += 1;
            }
        }
    }
    assert!(marked_whole > 0, "a snippet shows e-evidence");
}

/// A city written two ways (`Pristina` in the shipped bulletin, `Priština`
/// in another) is one facet value, under the gazetteer's spelling, and its
/// count is what filtering by it finds.
#[test]
fn a_city_written_two_ways_is_one_facet_value() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2019-05-kosovo.txt"),
        "Workshop on asset recovery in Kosovo\n\
         3 May 2019, Priština, Kosovo*: Prosecutors met to discuss asset recovery.\n",
    )
    .expect("write");
    let engine = workspace.engine();
    let shipped = gold()
        .iter()
        .filter(|g| cities(g).iter().any(|c| c == "Pristina"))
        .count();
    assert!(
        shipped > 0,
        "the shipped bulletin has an activity in Pristina"
    );
    let mut request = SearchRequest::new("");
    request.limit = 0;
    request.facets = true;
    let answer = engine.search(&request).expect("search");
    let city = facet_map(&answer.facets.as_ref().expect("facets")["city"]);
    assert_eq!(
        city.get("Pristina"),
        Some(&(shipped as u64 + 1)),
        "{city:?}"
    );
    assert_eq!(city.get("Priština"), None, "{city:?}");
    for typed in ["Pristina", "Priština", "Prishtinë"] {
        let mut filters = Filters::default();
        filters.city.push(typed.to_string());
        assert_eq!(
            titles(&engine, &everything(filters)).len(),
            shipped + 1,
            "{typed}"
        );
    }
}

/// Activities of one start day (sorted by date) or of one score and day
/// (by relevance) come in the same order from every build of the index:
/// the day, then a hash of the id, decide; not the indexing threads.
#[test]
fn ties_keep_their_order_from_build_to_build() {
    let orders = |engine: &Engine| -> Vec<Vec<String>> {
        let mut answers = Vec::new();
        for (query, sort) in [
            ("", Sort::Newest),
            ("", Sort::Oldest),
            ("", Sort::Relevance),
            ("UNODC", Sort::Relevance),
        ] {
            let mut request = SearchRequest::new(query);
            request.sort = sort;
            request.limit = 100;
            let hits = engine.search(&request).expect("search").hits;
            answers.push(hits.into_iter().map(|h| h.id).collect());
        }
        answers
    };
    let first_build = Workspace::new();
    let engine = first_build.engine();
    let first = orders(&engine);
    // Newest first: by the latest part's start day, then by tie key, both
    // descending.
    let mut every = SearchRequest::new("");
    every.sort = Sort::Newest;
    every.limit = 100;
    let hits = engine.search(&every).expect("search").hits;
    let key = |h: &bulletin::search::Hit| {
        let start = h.events.iter().filter_map(|e| e.start).max();
        (start, bulletin::index::schema::tie_key(&h.id))
    };
    let days: BTreeSet<Option<NaiveDate>> = hits.iter().map(|h| key(h).0).collect();
    assert!(
        days.len() < hits.len(),
        "the shipped bulletin has days with several activities"
    );
    for pair in hits.windows(2) {
        assert!(
            key(&pair[0]) > key(&pair[1]),
            "{} before {}",
            pair[0].id,
            pair[1].id
        );
    }
    for _ in 0..5 {
        let build = Workspace::new();
        assert_eq!(orders(&build.engine()), first);
    }
}

/// `a OR b` finds what either finds: its hits are the union of the two
/// searches', each alternative with its own exclusions and phrases.
#[test]
fn alternatives_joined_by_or_find_the_union() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = |query: &str| -> BTreeSet<String> {
        let mut request = SearchRequest::new(query);
        request.limit = 100;
        let answer = engine.search(&request).expect("search");
        assert!(!answer.fallback, "{query}");
        assert_eq!(answer.hits.len(), answer.total, "{query}");
        answer.hits.into_iter().map(|h| h.id).collect()
    };
    let mut widened = 0;
    for (either, alternatives) in [
        ("firearms OR corruption", vec!["firearms", "corruption"]),
        ("firearms OR training", vec!["firearms", "training"]),
        (
            "\"border control\" OR firearms -Montenegro",
            vec!["\"border control\"", "firearms -Montenegro"],
        ),
        (
            "corruption OR TIP OR Podgorica",
            vec!["corruption", "TIP", "Podgorica"],
        ),
    ] {
        let union: BTreeSet<String> = alternatives.iter().flat_map(|a| ids(a)).collect();
        let sizes: Vec<usize> = alternatives.iter().map(|a| ids(a).len()).collect();
        assert!(
            sizes.iter().all(|&n| n > 0) && sizes.iter().any(|&n| n < union.len()),
            "{either}: the alternatives find different activities: {sizes:?}"
        );
        assert_eq!(ids(either), union, "{either}");
        widened += usize::from(sizes.iter().all(|&n| n < union.len()));
    }
    assert!(
        widened >= 2,
        "only {widened} unions are wider than each alternative"
    );
}

/// The proximity bonus is added to the best hits after the main pass; with
/// `explain` it is part of the query itself. Both must rank and score alike.
#[test]
fn proximity_bonus_on_the_best_hits_equals_the_full_query() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut compared = 0;
    for judged in common::judged_queries() {
        let query = judged["query"].as_str().expect("query text");
        let mut request = SearchRequest::new(query);
        request.limit = 20;
        let rescored = engine.search(&request).expect("search");
        request.explain = true;
        let explained = engine.search(&request).expect("search with explain");
        let ids = |r: &bulletin::search::SearchResponse| -> Vec<String> {
            r.hits.iter().map(|h| h.id.clone()).collect()
        };
        assert_eq!(ids(&rescored), ids(&explained), "{query}");
        for (a, b) in rescored.hits.iter().zip(&explained.hits) {
            let (a, b) = (a.score.expect("score"), b.score.expect("score"));
            assert!(
                (a - b).abs() <= 1e-4 * a.abs().max(1.0),
                "{query}: {a} vs {b}"
            );
        }
        compared += 1;
    }
    assert!(compared > 0, "no judged queries");
}

/// A search reads the segments of an index in parallel, one thread per core.
/// The same bulletin indexed as three files, committed one by one (three
/// segments or more), must answer every judged query, with facets, a filter
/// and a date sort, exactly as the single file in one segment does.
#[test]
fn an_index_in_several_segments_answers_as_one_segment_does() {
    // The reference: the shipped bulletin indexed, then merged into one segment
    // (the indexer's threads may each have written one).
    let single = Workspace::new();
    bulletin::index::build(&single.options()).expect("index builds");
    {
        let index = tantivy::Index::open_in_dir(single.index()).expect("index");
        let segments = index.searchable_segment_ids().expect("segments");
        let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
        if segments.len() > 1 {
            writer.merge(&segments).wait().expect("merge");
        }
        writer.wait_merging_threads().expect("merged");
    }
    let one = Engine::open(&single.index()).expect("index opens");
    assert_eq!(one.searcher().segment_readers().len(), 1);

    // The shipped bulletin cut at entry titles into three files, committed one
    // by one: three to six segments (one or two indexing threads), too few for
    // tantivy's merge policy to merge.
    let bytes = std::fs::read(common::shipped_bulletin()).expect("shipped bulletin");
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let entries = bulletin::corpus::split_bulletin("shipped.txt", &bytes).entries;
    assert_eq!(entries.len(), gold().len());
    let starts: Vec<usize> = entries
        .iter()
        .step_by(7)
        .map(|e| e.title.number - 1)
        .chain([lines.len()])
        .collect();
    let split = tempfile::tempdir().expect("temp dir");
    let corpus = split.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    for (part, bounds) in starts.windows(2).enumerate() {
        let name = format!("2022-03-south-eastern-europe-{}.txt", part + 1);
        let first = if part == 0 { 0 } else { bounds[0] };
        std::fs::write(corpus.join(name), lines[first..bounds[1]].concat()).expect("part");
    }
    let mut options = bulletin::index::IndexOptions::new(split.path().join("index"), vec![corpus]);
    options.commit_every = 1;
    bulletin::index::build(&options).expect("index builds");
    let parts = Engine::open(&split.path().join("index")).expect("index opens");
    let segments = parts.searcher().segment_readers().len();
    assert!(segments >= 3, "{segments} segment(s)");

    let mut requests = Vec::new();
    for judged in common::judged_queries() {
        let query = judged["query"].as_str().expect("query text");
        let mut request = SearchRequest::new(query);
        request.limit = 100;
        request.facets = true;
        requests.push(request.clone());
        request.filters.country = vec!["Montenegro".to_string()];
        requests.push(request.clone());
        request.sort = Sort::Newest;
        requests.push(request);
    }
    for request in &requests {
        let a = one.search(request).expect("search");
        let b = parts.search(request).expect("search");
        let what = format!(
            "{:?} {:?} {:?}",
            request.query, request.filters.country, request.sort
        );
        assert_eq!(a.total, b.total, "{what}");
        assert_eq!(a.facets, b.facets, "{what}");
        // Scores are sums of the same terms, which may round a unit apart in
        // the last place; equal scores may come in either order (ties fall back
        // to the address). So: the same ids, each with the same score, and the
        // same sequence of scores down the page.
        let close = |x: Option<f32>, y: Option<f32>| match (x, y) {
            (Some(x), Some(y)) => (x - y).abs() <= 1e-5 * x.abs().max(1.0),
            (x, y) => x == y,
        };
        let by_id = |r: &bulletin::search::SearchResponse| -> Vec<(String, Option<f32>)> {
            let mut hits: Vec<(String, Option<f32>)> =
                r.hits.iter().map(|h| (h.id.clone(), h.score)).collect();
            hits.sort_by(|x, y| x.0.cmp(&y.0));
            hits
        };
        let (ids_a, ids_b) = (by_id(&a), by_id(&b));
        assert_eq!(ids_a.len(), ids_b.len(), "{what}");
        for ((id_a, score_a), (id_b, score_b)) in ids_a.iter().zip(&ids_b) {
            assert_eq!(id_a, id_b, "{what}");
            assert!(
                close(*score_a, *score_b),
                "{what}: {id_a} {score_a:?} vs {score_b:?}"
            );
        }
        for (x, y) in a.hits.iter().zip(&b.hits) {
            assert!(
                close(x.score, y.score),
                "{what}: {:?} vs {:?}",
                x.score,
                y.score
            );
        }
    }
}

/// A filter narrows the hits and keeps their order: each city's filtered
/// answer is the unfiltered answer's hits held in that city, in the same
/// order. With a rare filter leading, the query's words and unions of
/// alternatives (`TIP` or `trafficking in persons`) are only asked about the
/// filter's documents, which this checks against reading them whole.
#[test]
fn a_filter_keeps_the_hits_it_holds_in_their_order() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut queries: Vec<String> = common::judged_queries()
        .iter()
        .filter_map(|j| j["query"].as_str().map(str::to_string))
        .collect();
    queries.extend(["TIP training", "trafficking in persons", "-TIP police"].map(String::from));
    let mut checked = 0;
    for query in &queries {
        let mut request = SearchRequest::new(query);
        request.limit = 100;
        request.facets = true;
        let all = engine.search(&request).expect("search");
        // Every hit is on the page, so a city's hits are all among them.
        assert_eq!(all.hits.len(), all.total, "{query:?}");
        let cities: Vec<String> = all
            .facets
            .as_ref()
            .and_then(|f| f.get("city"))
            .map(|counts| counts.iter().map(|c| c.value.clone()).collect())
            .unwrap_or_default();
        for city in cities {
            let mut filtered = request.clone();
            filtered.filters.city = vec![city.clone()];
            let narrowed = engine.search(&filtered).expect("search");
            let held: Vec<&str> = all
                .hits
                .iter()
                .filter(|h| {
                    h.events.iter().any(|e| {
                        let country = e.country.as_ref().or(e.country_implied.as_ref());
                        e.city.as_deref().map(|written| {
                            gazetteer().city_display(written, country.map(String::as_str))
                        }) == Some(city.as_str())
                    })
                })
                .map(|h| h.id.as_str())
                .collect();
            let got: Vec<&str> = narrowed.hits.iter().map(|h| h.id.as_str()).collect();
            assert_eq!(got, held, "{query:?} in {city}");
            assert_eq!(narrowed.total, held.len(), "{query:?} in {city}");
            checked += 1;
        }
    }
    assert!(checked > queries.len(), "{checked} filtered searches");
}

/// A query with no searchable word (punctuation alone) lists every activity,
/// and says why, instead of seeming to match them all; a query of words
/// says nothing of the kind.
#[test]
fn a_query_of_punctuation_alone_says_it_searched_for_nothing() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for query in ["-", "*", " ? "] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.total, gold().len(), "{query:?}");
        let said = format!(
            "no searchable word in {:?}; showing every activity",
            query.trim()
        );
        assert_eq!(answer.notices, vec![said], "{query:?}");
    }
    // A word longer than any indexed word matches nothing, and says so;
    // beside another word, the any-word answer follows, as for any word
    // that no activity holds.
    let long = "a".repeat(100);
    let firearms_total = engine
        .search(&SearchRequest::new("firearms"))
        .expect("search")
        .total;
    for (query, total) in [
        (long.clone(), 0),
        (format!("\"firearms {long}\""), 0),
        (format!("firearms {long}"), firearms_total),
    ] {
        let answer = engine.search(&SearchRequest::new(&query)).expect("search");
        assert_eq!(answer.total, total, "{query}");
        assert_eq!(answer.fallback, total > 0, "{query}");
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains("longer than any indexed word")),
            "{:?}",
            answer.notices
        );
    }
    // An alternative with nothing to search adds nothing to the others.
    let firearms = engine
        .search(&SearchRequest::new("firearms"))
        .expect("search");
    // So does an OR with nothing on one side.
    for query in [
        "firearms OR *",
        "- OR firearms",
        "firearms OR",
        "OR firearms",
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.total, firearms.total, "{query:?}");
        assert!(!answer.fallback, "{query:?}");
        assert!(answer.total < gold().len());
    }
    for query in [
        "",
        "firearms",
        "-firearms",
        "country:Montenegro",
        "firearms OR *",
        // A date clause alone is a filter-only search, as a facet's is.
        "date:2022-03",
        "date:2022-03 .. 2022-05",
        "date:[\"1 March 2022\" TO \"15 March 2022\"]",
        "date:>=\"March 2022\"",
        "-date:2022-02",
        "from:2022-03-20",
        "(date:2022-03)",
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert!(
            answer
                .notices
                .iter()
                .all(|n| !n.contains("no searchable word")),
            "{query:?}: {:?}",
            answer.notices
        );
    }
}

/// A filter keeps or drops activities and leaves their scores alone: a hit
/// scores the same with a filter as without, so filters never reorder the
/// hits they keep. Without words, every activity kept scores 1.
#[test]
fn filters_do_not_change_scores() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let scores = |request: &SearchRequest| -> BTreeMap<String, f32> {
        let answer = engine.search(request).expect("search");
        answer
            .hits
            .into_iter()
            .map(|h| (h.id, h.score.expect("a score")))
            .collect()
    };
    let mut by_country = Filters::default();
    for country in ["Montenegro", "North Macedonia", "Bosnia and Herzegovina"] {
        by_country.country.push(country.to_string());
    }
    let mut by_year = Filters::default();
    by_year.year.push("2022".to_string());
    by_year.year.push("2022".to_string());
    let online = Filters {
        online: true,
        ..Filters::default()
    };
    let by_dates = Filters {
        from: chrono::NaiveDate::from_ymd_opt(2022, 3, 10),
        ..Filters::default()
    };
    let mut checked = 0;
    for query in ["training", "firearms", "corruption OR trafficking", ""] {
        let all = scores(&SearchRequest {
            limit: 100,
            ..SearchRequest::new(query)
        });
        for filters in [&by_country, &by_year, &online, &by_dates] {
            let kept = scores(&SearchRequest {
                filters: filters.clone(),
                limit: 100,
                ..SearchRequest::new(query)
            });
            checked += kept.len();
            for (id, score) in &kept {
                let before = all[id];
                assert!(
                    (score - before).abs() < 1e-4,
                    "{query:?} {filters:?}: {id} scored {before} alone, {score} filtered"
                );
            }
        }
    }
    assert!(checked > 20, "{checked}");
}

/// One place written two ways is one facet value: a letter and its
/// combining mark are the letter with its mark (`c` + U+030C is `č`), and a
/// known city in Serbian or Macedonian Cyrillic is the city (`Мостар` is
/// `Mostar`), which its Latin name filters.
#[test]
fn a_place_written_two_ways_is_one_facet_value() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-05-spellings.txt"),
        "Meeting in Zvornička one\n\
         3 May 2022, Zvornic\u{30c}ka, Bosnia and Herzegovina: A firearms meeting.\n\
         Meeting in Zvornička two\n\
         4 May 2022, Zvornička, Bosnia and Herzegovina: Another firearms meeting.\n\
         Meeting in Mostar\n\
         5 May 2022, Мостар, Bosnia and Herzegovina: A third firearms meeting.\n",
    )
    .expect("write");
    let engine = workspace.engine();
    let mut request = SearchRequest::new("");
    request
        .filters
        .country
        .push("Bosnia and Herzegovina".to_string());
    let cities: BTreeMap<String, u64> = engine
        .facet(FacetField::City, &request)
        .expect("facet")
        .into_iter()
        .map(|c| (c.value, c.count))
        .collect();
    assert_eq!(cities.get("Zvornička"), Some(&2), "{cities:?}");
    assert!(cities.keys().all(|c| !c.contains('\u{30c}')), "{cities:?}");
    assert!(!cities.contains_key("Мостар"), "{cities:?}");
    let mut mostar = SearchRequest::new("");
    mostar.filters.city.push("Mostar".to_string());
    let titles: Vec<String> = engine
        .search(&mostar)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect();
    assert!(
        titles.contains(&"Meeting in Mostar".to_string()),
        "{titles:?}"
    );
}

/// A `name:` that is no field is left out, with a notice naming it, and its
/// value is searched as any word is (it found nothing before: `x:y` is one
/// word to the analyzer).
#[test]
fn an_unknown_field_is_named_and_its_value_searched() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, plain) in [
        ("location:Sarajevo", "Sarajevo"),
        ("firearms:training", "training"),
        ("place:\"border control\"", "\"border control\""),
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let expected = engine.search(&SearchRequest::new(plain)).expect("search");
        assert!(expected.total > 0, "{plain}");
        assert_eq!(answer.total, expected.total, "{query}");
        let name = query.split(':').next().expect("a name");
        let named: Vec<&String> = answer
            .notices
            .iter()
            .filter(|n| n.contains(&format!("{name:?} is not a field")))
            .collect();
        assert_eq!(named.len(), 1, "{query}: {:?}", answer.notices);
    }
}

/// `NOT` in capitals excludes as `-` does; in lower case it is a word.
#[test]
fn not_in_capitals_excludes() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = |query: &str| found_ids(&engine, query);
    let with_dash = ids("corruption -sport");
    assert!(!with_dash.is_empty());
    assert!(with_dash.len() < ids("corruption").len());
    assert_eq!(ids("corruption NOT sport"), with_dash);
    assert_eq!(ids("NOT firearms"), ids("-firearms"));
    // A last `NOT` has nothing to exclude and is left out.
    assert_eq!(ids("firearms NOT"), ids("firearms"));
}

/// A country's names find each other in a text query (`BiH` and "Bosnia
/// and Herzegovina", `UK` and "United Kingdom"), as the gazetteer lists
/// them; the words of a name are no typos (`Ivory Coast` is not "Ivory
/// costs"), nor is a place the gazetteer knows (`Durres` is not "during").
#[test]
fn country_names_find_each_other() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = |query: &str| found_ids(&engine, query);
    for (short, long) in [
        ("BiH", "\"Bosnia and Herzegovina\""),
        ("UK", "\"United Kingdom\""),
        ("FYROM", "\"North Macedonia\""),
    ] {
        let by_long = ids(long);
        assert!(!by_long.is_empty(), "{long}");
        let by_short = ids(short);
        assert!(
            by_short.is_superset(&by_long),
            "{short} misses some of {long}"
        );
        let answer = engine.search(&SearchRequest::new(short)).expect("search");
        assert_eq!(
            answer.expanded.get(short).map(String::as_str),
            Some(long.trim_matches('"')),
            "{short}"
        );
    }
    // The other way: the name finds where the corpus writes the short form.
    assert!(ids("\"United Kingdom\"").len() < ids("UK").len());
    assert_eq!(ids("United Kingdom"), ids("United Kingdom OR UK"));
    // A name of several words is a phrase: `United States` is not the
    // activities that say `Unit` and `state` apart.
    let by_names = ids("\"United States\" OR US OR USA OR \"U.S.\"");
    assert!(!by_names.is_empty());
    assert_eq!(ids("United States"), by_names);
    assert!(
        !ids("unit state").is_subset(&by_names),
        "the words apart find more"
    );
    for query in [
        "Ivory Coast",
        "Durres",
        "former Yugoslav Republic of Macedonia",
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.corrected, None, "{query}");
        assert!(!answer.fallback, "{query}");
    }
    // Written in lower case, an acronym-like name is a word like any other.
    assert!(ids("bih").is_empty());
    // A name excluded excludes all it finds; in a field, the field's words;
    // written with full stops or a hyphen, as the gazetteer writes it.
    assert!(ids("UK NOT UK").is_empty());
    assert!(ids("firearms -BiH").is_disjoint(&ids("BiH")));
    assert_eq!(ids("text:BiH"), ids("BiH"));
    assert!(ids("title:BiH").is_superset(&ids("title:\"Bosnia and Herzegovina\"")));
    assert!(!ids("title:\"Bosnia and Herzegovina\"").is_empty());
    assert_eq!(ids("U.K."), ids("UK"));
    assert_eq!(ids("Bosnia-Herzegovina"), ids("BiH"));
    // The country's own name is not reported as an alias of itself.
    let own = engine
        .search(&SearchRequest::new("Côte d'Ivoire"))
        .expect("search");
    assert!(own.expanded.is_empty(), "{:?}", own.expanded);
}

/// An excluded acronym excludes its long form too.
#[test]
fn an_excluded_acronym_excludes_its_long_form() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let total = |query: &str| {
        engine
            .search(&SearchRequest::new(query))
            .expect("search")
            .total
    };
    assert!(total("TIP") > 0);
    assert_eq!(total("TIP NOT TIP"), 0);
    assert_eq!(total("-TIP") + total("TIP"), gold().len());
}

/// A name written with full stops (`UN.Locking Impunity`) is found by its
/// words, as a hyphenated one is.
#[test]
fn words_joined_by_full_stops_are_found_by_their_parts() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let titles = |query: &str| -> BTreeSet<String> {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert!(!answer.fallback, "{query}");
        assert_eq!(answer.corrected, None, "{query}");
        answer.hits.into_iter().map(|h| h.title).collect()
    };
    let expected =
        gold_titles(|g| strings(g, "programmes").contains(&"UN.Locking Impunity".to_string()));
    assert!(!expected.is_empty());
    let by_parts = titles("Locking Impunity");
    assert!(by_parts.is_superset(&expected), "{by_parts:?}");
    assert_eq!(titles("\"UN Locking\""), titles("UN.Locking"));
}

/// A year the dateline leaves out, read from the activity's neighbours
/// (`year_inferred`), is found by a query for the year, as a written one is.
#[test]
fn an_inferred_year_is_searchable() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let inferred = gold_titles(|g| {
        g["events"]
            .as_array()
            .is_some_and(|events| events.iter().any(|e| e["year_inferred"] == true))
    });
    assert!(
        !inferred.is_empty(),
        "the shipped bulletin has an undated year"
    );
    let titles = |query: &str| found(&engine, query);
    let in_2022 = gold_titles(|g| {
        g["events"].as_array().is_some_and(|events| {
            events
                .iter()
                .any(|e| e["start"].as_str().is_some_and(|s| s.starts_with("2022")))
        })
    });
    assert!(titles("2022").is_superset(&inferred));
    assert!(titles("2022").is_superset(&in_2022));
}

/// A word ending in `*` stands for the indexed words that start so.
#[test]
fn a_trailing_star_searches_a_prefix() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let titles = |query: &str| found(&engine, query);
    assert!(!titles("Podgorica").is_empty());
    assert_eq!(titles("Podgor*"), titles("Podgorica"));
    assert_eq!(titles("Kosov*"), titles("Kosovo"));
    assert!(titles("traffick*").is_superset(&titles("trafficking")));
    // A prefix typed in Cyrillic is read in Latin letters, as its word is.
    assert_eq!(titles("Подгор*"), titles("Podgorica"));
    // Stars typed twice are one (before, `Podgor**` found nothing).
    assert_eq!(titles("Podgor**"), titles("Podgorica"));
    assert_eq!(titles("title:Monte***"), titles("title:Montenegro"));
    // One letter is too short a prefix, and the answer says so.
    let answer = engine.search(&SearchRequest::new("e*")).expect("search");
    assert!(
        answer.notices.iter().any(|n| n.contains("two letters")),
        "{:?}",
        answer.notices
    );
}

/// An SDG goal or target named in a query (`goal 16`, `SDG16.4`, `target
/// 16.4`) finds the activities labelled with it, as `--sdg` does, and those
/// whose text says it.
#[test]
fn an_sdg_named_in_a_query_finds_its_activities() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let titles = |query: &str| found(&engine, query);
    let labelled = |goal_or_target: &str| {
        gold_titles(|g| {
            strings(g, "sdg_targets")
                .iter()
                .any(|t| t == goal_or_target || t.starts_with(&format!("{goal_or_target}.")))
        })
    };
    let goal = labelled("16");
    assert!(!goal.is_empty());
    for query in ["goal 16", "SDG 16", "sdg16"] {
        assert!(titles(query).is_superset(&goal), "{query}");
    }
    let target = labelled("16.4");
    assert!(!target.is_empty());
    for query in ["target 16.4", "SDG16.4", "SDG 16.4"] {
        assert!(titles(query).is_superset(&target), "{query}");
    }
    // Joined by a hyphen, as `SDG-16` is often written: before, no target
    // (the any-word search answered).
    for query in ["SDG-16.4", "sdg-16.4", "SDG_16.4"] {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let found: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        assert_eq!(found, titles("SDG 16.4"), "{query}");
        assert!(!answer.fallback, "{query}");
    }
    assert_eq!(titles("SDG-16"), titles("SDG 16"));
    // A target with a letter, joined or after a word, and a number that
    // ends a sentence or a list.
    let lettered = labelled("16.a");
    assert!(!lettered.is_empty());
    for query in ["SDG16.a", "target 16.a", "goal 16.a"] {
        assert!(titles(query).is_superset(&lettered), "{query}");
    }
    for query in ["goal 16.", "Goal 16:", "goal 16,"] {
        assert!(titles(query).is_superset(&goal), "{query}");
    }
    // Words alone are no target: `goals` is a word.
    let answer = engine.search(&SearchRequest::new("goals")).expect("search");
    assert!(answer.expanded.is_empty());
}

/// Two words typed apart that the bulletin writes as one (`cyber crime`,
/// `co operation`) find the activities with the one word as well as those
/// with both; a little word (`in formal`) is no half of a word.
#[test]
fn two_words_typed_apart_find_the_word_they_make() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let titles = |query: &str| found(&engine, query);
    let both = |a: &str, b: &str| -> BTreeSet<String> {
        titles(a).intersection(&titles(b)).cloned().collect()
    };
    for (first, second) in [("cyber", "crime"), ("co", "operation"), ("frame", "work")] {
        let joined = titles(&format!("{first}{second}"));
        assert!(!joined.is_empty(), "the bulletin writes {first}{second}");
        let typed = format!("{first} {second}");
        let answer = engine.search(&SearchRequest::new(&typed)).expect("search");
        assert!(!answer.fallback, "{typed}: every word matched");
        assert_eq!(
            answer.expanded.get(&typed).map(String::as_str),
            Some(format!("{first}{second}").as_str())
        );
        let expected: BTreeSet<String> = joined.union(&both(first, second)).cloned().collect();
        assert_eq!(titles(&typed), expected, "{typed}");
    }
    assert!(
        both("cyber", "crime").is_empty(),
        "the join is what finds it"
    );
    assert!(!titles("informal").is_empty());
    assert_eq!(titles("in formal"), both("in", "formal"));
}

/// Place and date filters hold in one part of an activity: an activity in
/// Podgorica on 22–24 March and in Skopje on 29–31 March is not in
/// Montenegro from the 28th, nor in Montenegro and in Skopje at once. Every
/// country and city of the gold records, with every part's first and last
/// day as bounds, finds the activities one part of which meets them all,
/// and counts the cities of those parts only.
#[test]
fn place_and_date_filters_hold_in_one_part_of_an_activity() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |e: &Value, key: &str| e[key].as_str().map(date);
    let parted = gold_titles(|g| events(g).len() > 1);
    assert!(
        !parted.is_empty(),
        "the shipped bulletin has two-part datelines"
    );
    let mut bounds: BTreeSet<NaiveDate> = BTreeSet::new();
    let mut places: BTreeSet<String> = BTreeSet::new();
    for entry in gold_all() {
        for event in events(entry) {
            bounds.extend(day(&event, "start"));
            bounds.extend(day(&event, "end"));
            places.extend(event_country(&event));
        }
    }
    let mut differs = 0;
    for country in &places {
        for &bound in &bounds {
            let in_country = |e: &Value| event_country(e).as_deref() == Some(country.as_str());
            for (from, to) in [(Some(bound), None), (None, Some(bound))] {
                let part_meets = |e: &Value| {
                    in_country(e)
                        && from.is_none_or(|f| day(e, "end").is_some_and(|end| end >= f))
                        && to.is_none_or(|t| day(e, "start").is_some_and(|start| start <= t))
                };
                let expected = gold_titles(|g| events(g).iter().any(part_meets));
                let whole = gold_titles(|g| {
                    events(g).iter().any(in_country) && {
                        let (start, end) = span(g);
                        from.is_none_or(|f| end >= f) && to.is_none_or(|t| start <= t)
                    }
                });
                differs += usize::from(expected != whole);
                let filters = Filters {
                    country: vec![country.clone()],
                    from,
                    to,
                    ..Filters::default()
                };
                let answer = engine.search(&everything(filters)).expect("search");
                let found: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
                assert_eq!(found, expected, "{country} from {from:?} to {to:?}");
                // The cities counted are those of the parts that meet the filters.
                let mut cities: BTreeMap<String, u64> = BTreeMap::new();
                for entry in gold_all() {
                    let held: BTreeSet<String> = events(entry)
                        .iter()
                        .filter(|e| part_meets(e))
                        .filter_map(facet_city)
                        .collect();
                    for city in held {
                        *cities.entry(city).or_default() += 1;
                    }
                }
                let facets = answer.facets.as_ref().expect("facets");
                assert_eq!(
                    facet_map(&facets["city"]),
                    cities,
                    "{country} {from:?} {to:?}"
                );
            }
        }
    }
    assert!(
        differs > 0,
        "some bounds fall between the parts of an activity"
    );
    // A country and a city of two parts of one activity: no part is both.
    for entry in gold_all().into_iter().filter(|g| events(g).len() > 1) {
        let parts = events(entry);
        for (a, b) in parts.iter().zip(parts.iter().skip(1)) {
            let (Some(country), Some(city)) = (event_country(a), facet_city(b)) else {
                continue;
            };
            let expected = gold_titles(|g| {
                events(g).iter().any(|e| {
                    event_country(e).as_deref() == Some(country.as_str())
                        && facet_city(e).as_deref() == Some(city.as_str())
                })
            });
            let filters = Filters {
                country: vec![country.clone()],
                city: vec![city.clone()],
                ..Filters::default()
            };
            assert_eq!(
                titles(&engine, &everything(filters)),
                expected,
                "{country} and {city}"
            );
        }
    }
}

/// `show` and `similar` take an id in any case, or the one id that starts
/// so; a start that several ids share is refused, naming how many.
#[test]
fn an_id_may_be_shortened_while_it_names_one_activity() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = all_ids(&engine);
    let mut shortened = 0;
    for id in &ids {
        assert_eq!(engine.show(&id.to_uppercase()).expect("any case").id, *id);
        // The shortest start of the id no other id shares.
        let unique = (8..id.len())
            .map(|n| &id[..n])
            .find(|start| ids.iter().filter(|other| other.starts_with(start)).count() == 1);
        if let Some(start) = unique {
            assert_eq!(engine.show(start).expect("unique start").id, *id);
            assert!(engine.similar(start, 3).is_ok());
            shortened += 1;
        }
    }
    assert!(shortened > 0);
    // A start shared by several ids (the day of several activities).
    let day = &ids[0][..10];
    let sharing = ids.iter().filter(|id| id.starts_with(day)).count();
    match engine.show(day) {
        Ok(record) => assert_eq!(sharing, 1, "{}", record.id),
        Err(err) => {
            assert!(sharing > 1);
            assert!(
                err.to_string().contains(&format!("starts {sharing} ids")),
                "{err}"
            );
        }
    }
    let shared_day = ids
        .iter()
        .map(|id| &id[..10])
        .find(|day| ids.iter().filter(|id| id.starts_with(day)).count() > 1)
        .expect("two activities of one day");
    assert!(engine.show(shared_day).is_err());
    assert!(engine.show("2022").is_err(), "too short a start");
}

/// A bulletin of activities of several parts in different months, beside
/// activities of one part: a two-part course in February and April, a
/// mission across the turn of February and March, a meeting in March.
fn write_parts_across_months(dir: &std::path::Path) -> Engine {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    std::fs::write(
        corpus.join("2022-spring.txt"),
        "UNODC holds a course on financial investigations in two parts\n\
         22-24 February 2022, Podgorica, Montenegro; 5-7 April 2022, Skopje, North Macedonia: UNODC held a course on financial investigations.\n\
         UNODC visits the Port of Bar\n\
         28 February-2 March 2022, Bar, Montenegro: UNODC visited the port authorities.\n\
         UNODC meets prosecutors in Tirana\n\
         10 March 2022, Tirana, Albania: UNODC met prosecutors.\n\
         UNODC holds workshops in Sarajevo and online\n\
         14 January 2022, Sarajevo, Bosnia and Herzegovina; 18 March 2022, online: UNODC held two workshops.\n",
    )
    .expect("bulletin");
    let index = dir.join("index");
    bulletin::index::build(&bulletin::index::IndexOptions::new(&index, vec![corpus]))
        .expect("index");
    Engine::open(&index).expect("index opens")
}

/// The month and year facets count the months of the parts of an activity
/// that meet the place, date and online filters, as a nested aggregation
/// under a nested filter would: under `--from 2022-04-01` a course held in
/// February and in April counts April, not February as well. Without
/// filters each month an activity has a part in counts once (not the
/// months between its parts). Expected counts come from the records of the
/// hits themselves.
#[test]
fn month_facets_count_the_months_of_the_parts_that_meet_the_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let engine = write_parts_across_months(dir.path());
    let day = |text: &str| Some(date(text));
    let cases: Vec<Filters> = vec![
        Filters::default(),
        Filters {
            from: day("2022-04-01"),
            ..Filters::default()
        },
        Filters {
            to: day("2022-02-28"),
            ..Filters::default()
        },
        Filters {
            from: day("2022-02-01"),
            to: day("2022-03-15"),
            ..Filters::default()
        },
        Filters {
            country: vec!["North Macedonia".into()],
            ..Filters::default()
        },
        Filters {
            country: vec!["Montenegro".into()],
            ..Filters::default()
        },
        Filters {
            online: true,
            ..Filters::default()
        },
    ];
    let mut differs = 0;
    for filters in cases {
        let answer = engine.search(&everything(filters.clone())).expect("search");
        assert!(answer.total > 0, "{filters:?}");
        let meets = |event: &bulletin::extract::Event| {
            let country = event.place_country();
            (filters.country.is_empty()
                || filters.country.iter().any(|c| Some(c.as_str()) == country))
                && filters
                    .from
                    .is_none_or(|from| event.end.is_some_and(|end| end >= from))
                && filters
                    .to
                    .is_none_or(|to| event.start.is_some_and(|start| start <= to))
                && (!filters.online || event.online)
        };
        let months_of = |event: &bulletin::extract::Event| -> Vec<String> {
            let json = serde_json::to_value(event).expect("event as JSON");
            event_months(&json)
        };
        let (mut expected, mut whole) = (BTreeMap::new(), BTreeMap::new());
        for hit in &answer.hits {
            let parted = hit.events.len() > 1;
            let kept: BTreeSet<String> = hit
                .events
                .iter()
                .filter(|e| meets(e))
                .flat_map(months_of)
                .collect();
            let all: BTreeSet<String> = hit.events.iter().flat_map(months_of).collect();
            assert!(
                !kept.is_empty() || !parted,
                "{} has a part that meets {filters:?}",
                hit.title
            );
            for month in kept {
                *expected.entry(month).or_insert(0u64) += 1;
            }
            for month in all {
                *whole.entry(month).or_insert(0u64) += 1;
            }
        }
        differs += usize::from(expected != whole);
        let facets = answer.facets.as_ref().expect("facets");
        assert_eq!(facet_map(&facets["month"]), expected, "{filters:?}");
        let mut years: BTreeMap<String, u64> = BTreeMap::new();
        for hit in &answer.hits {
            let held: BTreeSet<String> = hit
                .events
                .iter()
                .filter(|e| meets(e))
                .flat_map(months_of)
                .map(|m| m[..4].to_string())
                .collect();
            for year in held {
                *years.entry(year).or_insert(0) += 1;
            }
        }
        assert_eq!(facet_map(&facets["year"]), years, "{filters:?}");
    }
    assert!(
        differs > 0,
        "some filter keeps a part but not another of another month"
    );
    // The two activities of several parts are in the index as such.
    let all = engine
        .search(&everything(Filters::default()))
        .expect("search");
    let parted: Vec<_> = all.hits.iter().filter(|h| h.events.len() > 1).collect();
    assert_eq!(
        parted.len(),
        2,
        "{:?}",
        all.hits.iter().map(|h| &h.events).collect::<Vec<_>>()
    );
    // Without filters the course counts February and April once each, and
    // not March, between its parts.
    let course = parted
        .iter()
        .find(|h| h.title.contains("two parts"))
        .expect("the course");
    let course_months: BTreeSet<String> = course
        .events
        .iter()
        .flat_map(|e| event_months(&serde_json::to_value(e).expect("JSON")))
        .collect();
    assert_eq!(course_months.len(), 2, "{course_months:?}");
}

/// A year or month filter with a place filter holds in one part of an
/// activity, as a date range does: a course in Podgorica in December 2021
/// and in Skopje in January 2022 is no January activity in Montenegro. The
/// country facet under a month filter counts the places of that month's
/// parts. Every pair of a month (or year) and a country the index holds is
/// checked; expected hits come from the records' own parts.
#[test]
fn year_and_month_filters_hold_in_one_part_with_a_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    std::fs::write(
        corpus.join("2021-2022.txt"),
        "UNODC holds a course on border control in two parts\n\
         13-15 December 2021, Podgorica, Montenegro; 18-20 January 2022, Skopje, North Macedonia: UNODC held a course.\n\
         UNODC visits the Port of Bar\n\
         24 January 2022, Bar, Montenegro: UNODC visited the port authorities.\n\
         UNODC meets prosecutors in Skopje\n\
         6 December 2021, Skopje, North Macedonia: UNODC met prosecutors.\n",
    )
    .expect("bulletin");
    let engine = engine_of_corpus(&dir.path().join("index"), corpus);
    let all = engine
        .search(&everything(Filters::default()))
        .expect("search");
    assert!(
        all.hits.iter().any(|h| h.events.len() > 1),
        "an activity of several parts"
    );
    let facets = all.facets.as_ref().expect("facets");
    let countries: Vec<String> = facets["country"].iter().map(|c| c.value.clone()).collect();
    let months: Vec<String> = facets["month"].iter().map(|c| c.value.clone()).collect();
    let years: Vec<String> = facets["year"].iter().map(|c| c.value.clone()).collect();
    assert!(countries.len() >= 2 && months.len() >= 2 && years.len() >= 2);
    let mut narrower = 0;
    for country in &countries {
        for (field, value) in months
            .iter()
            .map(|m| ("month", m))
            .chain(years.iter().map(|y| ("year", y)))
        {
            let in_part = |event: &bulletin::extract::Event| {
                event.place_country() == Some(country.as_str())
                    && event_months(&serde_json::to_value(event).expect("JSON"))
                        .iter()
                        .any(|m| m == value || m[..4] == *value)
            };
            let expected: BTreeSet<String> = all
                .hits
                .iter()
                .filter(|h| h.events.iter().any(in_part))
                .map(|h| h.id.clone())
                .collect();
            let mut filters = Filters {
                country: vec![country.clone()],
                ..Filters::default()
            };
            match field {
                "month" => filters.month = vec![value.clone()],
                _ => filters.year = vec![value.clone()],
            }
            let answer = engine.search(&everything(filters.clone())).expect("search");
            let got: BTreeSet<String> = answer.hits.iter().map(|h| h.id.clone()).collect();
            assert_eq!(got, expected, "{filters:?}");
            // Across the whole activity, this pair would hold more.
            let whole = all
                .hits
                .iter()
                .filter(|h| {
                    h.events
                        .iter()
                        .any(|e| e.place_country() == Some(country.as_str()))
                        && h.events.iter().any(|e| {
                            event_months(&serde_json::to_value(e).expect("JSON"))
                                .iter()
                                .any(|m| m == value || m[..4] == *value)
                        })
                })
                .count();
            narrower += usize::from(whole > expected.len());
        }
    }
    assert!(
        narrower > 0,
        "some pair holds across parts but in no one part"
    );
    // Under a month filter the country facet counts the parts of that month.
    for month in &months {
        let answer = engine
            .search(&everything(Filters {
                month: vec![month.clone()],
                ..Filters::default()
            }))
            .expect("search");
        let mut expected: BTreeMap<String, u64> = BTreeMap::new();
        for hit in &answer.hits {
            let held: BTreeSet<&str> = hit
                .events
                .iter()
                .filter(|e| event_months(&serde_json::to_value(e).expect("JSON")).contains(month))
                .filter_map(|e| e.place_country())
                .collect();
            for country in held {
                *expected.entry(country.to_string()).or_insert(0) += 1;
            }
        }
        let facets = answer.facets.as_ref().expect("facets");
        assert_eq!(facet_map(&facets["country"]), expected, "month {month}");
    }
}

/// `similar` never lists the activity it was asked about, however its id
/// was written (shortened, in capitals): it lists what the whole id lists.
#[test]
fn similar_leaves_out_the_activity_itself_whatever_its_id_is_written() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = all_ids(&engine);
    let mut checked = 0;
    for id in &ids {
        let listed = |written: &str| -> Vec<String> {
            engine
                .similar(written, 20)
                .expect("similar")
                .into_iter()
                .map(|hit| hit.id)
                .collect()
        };
        let by_whole_id = listed(id);
        assert!(!by_whole_id.contains(id), "{id} lists itself");
        let unique = (8..id.len())
            .map(|n| &id[..n])
            .find(|start| ids.iter().filter(|other| other.starts_with(start)).count() == 1);
        for written in unique
            .map(str::to_string)
            .into_iter()
            .chain([id.to_uppercase(), format!(" {id} ")])
        {
            assert_eq!(listed(&written), by_whole_id, "{written:?}");
            checked += 1;
        }
    }
    assert!(checked > ids.len(), "shortened ids were checked too");
}

/// A whole id typed in capitals or with spaces around it is that id, even
/// when another activity of the same date and title holds it with `-2`.
#[test]
fn a_whole_id_in_another_case_is_not_taken_for_the_start_of_its_twin() {
    // The shipped bulletin's first entry twice: two activities of one date and title.
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("bulletin");
    let lines: Vec<&str> = text.lines().collect();
    let next_title = (2..lines.len())
        .find(|&at| lines.get(at + 1).is_some_and(|l| l.contains(" 2022, ")))
        .expect("a second entry");
    let entry = lines[..next_title].join("\n");
    let (_dir, engine) = engine_of_bulletin("twice.txt", format!("{entry}\n{entry}\n"));
    let ids = all_ids(&engine);
    let twins: Vec<&String> = ids
        .iter()
        .filter(|id| ids.contains(&format!("{id}-2")))
        .collect();
    assert_eq!(twins.len(), 1, "{ids:?}");
    let id = twins[0];
    for written in [id.to_uppercase(), format!(" {id}"), format!("{id}\n")] {
        assert_eq!(
            engine.show(&written).map(|r| r.id).ok().as_ref(),
            Some(id),
            "{written:?}"
        );
    }
    assert_eq!(engine.show(id).expect("the whole id").id, *id);
    assert_eq!(
        engine
            .show(&format!("{id}-2").to_uppercase())
            .expect("the twin")
            .id,
        format!("{id}-2")
    );
}

/// A country inside a longer filter value is named by its adjective, code or
/// alias as well as by its name: `German Government` is Germany's, as
/// `Government of Germany` is (`data/country-words.tsv`).
#[test]
fn a_country_word_inside_a_longer_filter_value_names_its_country() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let by = |donor: &str| {
        titles(
            &engine,
            &everything(Filters {
                donor: vec![donor.to_string()],
                ..Filters::default()
            }),
        )
    };
    let words = country_words();
    let donors = gold_donors();
    let mut checked = 0;
    for (word, country) in words.iter().map(|(w, c)| (w.as_str(), c.as_str())) {
        if !donors.contains(country) {
            continue;
        }
        let expected = gold_titles(|g| strings(g, "donors").iter().any(|d| d == country));
        assert!(!expected.is_empty(), "{country}");
        for value in [
            format!("{word} Government"),
            format!("the {word} Embassy, Skopje"),
            format!("a {word}-funded project"),
            format!("the Government of {country}."),
        ] {
            assert_eq!(by(&value), expected, "{value}");
            checked += 1;
        }
    }
    assert!(checked >= 4, "{checked}");
}

/// A filter value naming a country the index does not hold takes no other
/// country whose name its own holds: `South Sudan` is not Sudan, `Papua New
/// Guinea` not Guinea (the pairs come from `data/countries.tsv`).
#[test]
fn a_country_is_not_taken_for_a_country_whose_name_holds_its_name() {
    let rows: Vec<Vec<String>> = std::fs::read_to_string(common::root().join("data/countries.tsv"))
        .expect("countries")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();
    let names: Vec<String> = rows.iter().map(|row| row[0].clone()).collect();
    // Every name of a country, its aliases too (`United Kingdom of Great
    // Britain and Northern Ireland` holds Ireland).
    let all_names: Vec<(String, String)> = rows
        .iter()
        .flat_map(|row| {
            std::iter::once(row[0].clone())
                .chain(
                    row.get(1)
                        .into_iter()
                        .flat_map(|aliases| aliases.split('|').map(|a| a.trim().to_string())),
                )
                .map(|name| (name, row[0].clone()))
        })
        .collect();
    let whole_word = |text: &str, word: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .collect::<Vec<_>>()
            .windows(word.split(' ').count())
            .any(|run| run.join(" ") == word)
    };
    let pairs: Vec<(&String, &String)> = names
        .iter()
        .flat_map(|inner| {
            all_names
                .iter()
                .filter(move |(outer, country)| country != inner && whole_word(outer, inner))
                .map(move |(outer, _)| (inner, outer))
        })
        .collect();
    assert!(pairs.len() >= 2, "{pairs:?}");
    let inner: BTreeSet<&String> = pairs.iter().map(|(inner, _)| *inner).collect();
    let text: String = inner
        .iter()
        .enumerate()
        .map(|(at, country)| {
            format!(
                "Workshop number {at}\n{} May 2022, {country}: A workshop held in {country}.\n",
                at + 1
            )
        })
        .collect();
    let (_dir, engine) = engine_of_bulletin("2022-05-workshops.txt", text);
    let total = |f: fn(&mut Filters) -> &mut Vec<String>, value: &str| {
        let mut filters = Filters::default();
        f(&mut filters).push(value.to_string());
        engine.search(&everything(filters)).expect("search").total
    };
    for (inner, outer) in &pairs {
        assert_eq!(total(|f| &mut f.country, inner), 1, "{inner}");
        for field in [
            (|f| &mut f.country) as fn(&mut Filters) -> &mut Vec<String>,
            |f| &mut f.mentioned,
        ] {
            assert_eq!(total(field, outer), 0, "{outer} is not {inner}");
            let government = format!("Government of {outer}");
            assert_eq!(total(field, &government), 0, "{government}");
        }
    }
}

/// `bulletin facets country --country V` lists the cities of the country V
/// stands for however V names it (`Macedonian`, `MNE`, `Bosnia`), as a
/// search reads V; `facets sdg --sdg 16.4` lists the targets of its goal.
#[test]
fn the_facets_of_a_lenient_filter_value_are_those_of_the_value_it_stands_for() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let facet = |field: FacetField, value: &str| -> Vec<FacetCount> {
        let mut request = SearchRequest::new("");
        match field {
            FacetField::Country => request.filters.country.push(value.to_string()),
            _ => request.filters.sdg.push(value.to_string()),
        }
        engine.facet(field, &request).expect("facets")
    };
    let held: BTreeSet<String> = gold_all().into_iter().flat_map(countries).collect();
    let words = country_words();
    let mut checked = 0;
    let others = held.iter().filter_map(|country| {
        let first = country.split(' ').next()?;
        (first.len() >= 5 && first != country).then(|| (first.to_string(), country.clone()))
    });
    for (word, country) in words
        .iter()
        .map(|(w, c)| (w.as_str(), c.as_str()))
        .filter(|(_, country)| held.contains(*country))
        .map(|(word, country)| (word.to_string(), country.to_string()))
        .chain(others)
    {
        let cities: BTreeMap<String, u64> = gold_counts(|g| {
            events(g)
                .iter()
                .filter(|e| event_country(e).as_deref() == Some(country.as_str()))
                .filter_map(facet_city)
                .collect()
        });
        let whole = facet(FacetField::Country, &country);
        assert!(!whole.is_empty() || cities.is_empty(), "{country}");
        assert_eq!(
            facet_map(&whole)
                .keys()
                .map(|c| fold(c))
                .collect::<BTreeSet<_>>(),
            cities.keys().map(|c| fold(c)).collect::<BTreeSet<_>>(),
            "{country}"
        );
        assert_eq!(facet(FacetField::Country, &word), whole, "{word}");
        checked += 1;
    }
    assert!(checked >= 8, "{checked}");
    let targets: BTreeSet<String> = gold_all()
        .into_iter()
        .flat_map(|g| strings(g, "sdg_targets"))
        .collect();
    assert!(!targets.is_empty());
    for target in &targets {
        let goal = target.split('.').next().expect("a goal");
        let listed = facet(FacetField::Sdg, target);
        assert!(
            listed.iter().any(|t| t.value == *target),
            "{target}: {listed:?}"
        );
        assert_eq!(listed, facet(FacetField::Sdg, goal), "{target}");
    }
}

/// A government's agency, ministry or embassy that `data/donors.tsv` files
/// under its country (`USAID`, `Swiss Agency for Development and
/// Cooperation`, `FCDO`) is that country as a donor: the reader records the
/// country for a sentence that names the agency, and the agency's name
/// typed as a donor filter finds those activities.
#[test]
fn a_donor_agency_is_its_country() {
    let countries: BTreeSet<String> =
        std::fs::read_to_string(common::root().join("data/countries.tsv"))
            .expect("countries")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').next().map(str::to_string))
            .collect();
    let agencies: Vec<(String, String)> =
        std::fs::read_to_string(common::root().join("data/donors.tsv"))
            .expect("donors")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .filter(|(name, _)| countries.contains(*name))
            .flat_map(|(country, aliases)| {
                aliases
                    .split('|')
                    .map(|alias| (alias.trim().to_string(), country.to_string()))
                    .collect::<Vec<_>>()
            })
            .filter(|(alias, _)| !alias.is_empty())
            .collect();
    assert!(agencies.len() >= 10, "{agencies:?}");
    let text: String = agencies
        .iter()
        .enumerate()
        .map(|(at, (alias, _))| {
            format!(
                "Workshop number {at}\n{} May 2022, Skopje, North Macedonia: A workshop funded by the {alias}.\n",
                at % 28 + 1
            )
        })
        .collect();
    let (_dir, engine) = engine_of_bulletin("2022-05-workshops.txt", text);
    let answer = engine
        .search(&everything(Filters::default()))
        .expect("search");
    assert_eq!(answer.total, agencies.len());
    for hit in &answer.hits {
        let at: usize = hit
            .title
            .strip_prefix("Workshop number ")
            .and_then(|n| n.parse().ok())
            .expect("a numbered title");
        let (alias, country) = &agencies[at];
        assert_eq!(
            hit.donors,
            std::slice::from_ref(country),
            "funded by the {alias}"
        );
    }
    let titles_of_donor = |value: &str| -> BTreeSet<String> {
        titles(
            &engine,
            &everything(Filters {
                donor: vec![value.to_string()],
                ..Filters::default()
            }),
        )
    };
    for (alias, country) in &agencies {
        assert_eq!(
            titles_of_donor(alias),
            titles_of_donor(country),
            "--donor {alias:?}"
        );
    }
}

/// A start of an id that very many ids share is refused without claiming
/// fewer ids than share it: past the ids it looks at, it says "or more".
#[test]
fn a_start_many_ids_share_never_undercounts_them() {
    let text: String = (1..=250)
        .map(|n| {
            format!("Training number {n}\n3 May 2022, Skopje, North Macedonia: Training {n}.\n")
        })
        .collect();
    let (_dir, engine) = engine_of_bulletin("2022-05-trainings.txt", text);
    let ids = all_ids(&engine);
    let start = "2022-05-03-training";
    let sharing = ids.iter().filter(|id| id.starts_with(start)).count();
    assert!(sharing > 200, "{sharing}");
    let err = engine.show(start).expect_err("a shared start").to_string();
    let said: usize = err
        .split("starts ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("a number of ids");
    if said != sharing {
        assert!(said < sharing && err.contains(" or more ids"), "{err}");
    }
}

/// A city the gazetteer knows (`data/cities.tsv`) that the index does not
/// hold is no other city whose name is inside it: `--city "East Sarajevo"`
/// on the shipped bulletin, which holds Sarajevo, finds nothing, with the
/// usual note. Every such pair of the gazetteer and the index is checked.
#[test]
fn a_city_the_index_lacks_is_not_a_city_whose_name_it_holds() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let all = engine
        .search(&everything(Filters::default()))
        .expect("search");
    let held: Vec<String> = all.facets.as_ref().expect("facets")["city"]
        .iter()
        .map(|c| c.value.clone())
        .collect();
    let gazetteer =
        std::fs::read_to_string(common::root().join("data/cities.tsv")).expect("cities");
    let mut checked = 0;
    for name in gazetteer
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').next())
    {
        let words: Vec<&str> = name.split(' ').collect();
        let inside = held
            .iter()
            .any(|city| city != name && words.contains(&city.as_str()));
        if !inside || held.iter().any(|city| city == name) {
            continue;
        }
        let answer = engine
            .search(&everything(Filters {
                city: vec![name.to_string()],
                ..Filters::default()
            }))
            .expect("search");
        assert_eq!(answer.total, 0, "{name}: {:?}", answer.resolved);
        assert!(
            answer.notices.iter().any(|n| n.contains(name)),
            "{name}: {:?}",
            answer.notices
        );
        checked += 1;
    }
    assert!(
        checked > 0,
        "the gazetteer names a city inside another's name"
    );
}

/// A part of a country that `data/country-words.tsv` names (Northern
/// Ireland, Scotland) takes that country in a filter, not a country whose
/// name is one of its words: `--donor "Northern Ireland"` is the United
/// Kingdom, not Ireland.
#[test]
fn a_country_word_of_several_words_is_not_a_country_it_holds() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus dir");
    std::fs::write(
        corpus.join("2022-donors.txt"),
        "UNODC trains customs officers\n\
         5 May 2022, Skopje, North Macedonia: The training was funded by the Government of Ireland.\n\
         UNODC trains border police\n\
         6 May 2022, Tirana, Albania: The training was funded by the Government of the United Kingdom.\n",
    )
    .expect("bulletin");
    let engine = engine_of_corpus(&dir.path().join("index"), corpus);
    let words = country_words();
    let donors = |value: &str| -> BTreeSet<String> {
        let answer = engine
            .search(&everything(Filters {
                donor: vec![value.to_string()],
                ..Filters::default()
            }))
            .expect("search");
        answer.hits.iter().flat_map(|h| h.donors.clone()).collect()
    };
    assert_eq!(donors("Ireland").len(), 1, "Ireland is a donor");
    let mut checked = 0;
    for (word, country) in words
        .iter()
        .map(|(w, c)| (w.as_str(), c.as_str()))
        .filter(|(word, _)| word.contains(' ') && word.ends_with(" Ireland"))
    {
        let found = donors(word);
        assert_eq!(found, BTreeSet::from([country.to_string()]), "{word}");
        checked += 1;
    }
    assert!(checked > 0, "a country word holds Ireland");
}

/// Every name of a country that holds another country's name as words
/// (`DR Congo` holds `Congo`, `Equatorial Guinea` holds `Guinea`), from
/// `data/countries.tsv`, with the country it names.
fn country_names_holding_another() -> Vec<(String, String)> {
    let text =
        std::fs::read_to_string(common::root().join("data/countries.tsv")).expect("countries");
    let countries: Vec<(String, Vec<String>)> = text
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let (name, aliases) = line.split_once('\t').unwrap_or((line, ""));
            let mut names = vec![name.to_string()];
            names.extend(
                aliases
                    .split('|')
                    .filter(|a| !a.is_empty())
                    .map(String::from),
            );
            (name.to_string(), names)
        })
        .collect();
    let words = |name: &str| -> Vec<String> {
        name.split([' ', '-'])
            .filter(|w| !w.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    // Names users write for the Democratic Republic of the Congo, each
    // holding `Congo`: the country the gazetteer files each under.
    let mut out: Vec<(String, String)> = ["DR Congo", "DRC", "Congo-Kinshasa"]
        .iter()
        .map(|name| {
            let country = countries
                .iter()
                .find(|(_, names)| names.iter().any(|n| n == name))
                .map(|(country, _)| country.clone())
                .unwrap_or_default();
            (name.to_string(), country)
        })
        .collect();
    for (country, names) in &countries {
        for name in names {
            let name_words = words(name);
            let holds_another = countries.iter().any(|(other, _)| {
                let other_words = words(other);
                other != country
                    && name_words
                        .windows(other_words.len())
                        .any(|run| run == other_words.as_slice())
            });
            if holds_another && !out.iter().any(|(n, _)| n == name) {
                out.push((name.clone(), country.clone()));
            }
        }
    }
    out
}

#[test]
fn a_country_name_holding_another_names_its_own_country() {
    // `--mentioned 'DR Congo'` and `--mentioned Congo-Kinshasa` found the
    // activity that mentioned the Republic of the Congo: the gazetteer had
    // no other names for the Democratic Republic of the Congo.
    let names = country_names_holding_another();
    assert!(names.len() > 5, "{names:?}");
    for (name, country) in &names {
        assert!(
            !country.is_empty(),
            "the gazetteer names no country {name:?}"
        );
    }
    let bulletin: String = names
        .iter()
        .enumerate()
        .map(|(n, (name, _))| {
            format!(
                "Meeting number {n}\n{day} May 2019, online: Delegates from {name} met.\n",
                day = n % 28 + 1
            )
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus");
    std::fs::write(corpus.join("2019-05-names.txt"), &bulletin).expect("write");
    let (records, _) =
        bulletin::extract::parse_bulletin_bytes("2019-05-names.txt", bulletin.as_bytes());
    assert_eq!(records.len(), names.len());
    for (record, (name, country)) in records.iter().zip(&names) {
        assert_eq!(record.countries_mentioned, vec![country.clone()], "{name}");
    }
    let index = dir.path().join("index");
    bulletin::index::build(&bulletin::index::IndexOptions::new(&index, vec![corpus]))
        .expect("index");
    let engine = Engine::open(&index).expect("index opens");
    for (name, country) in &names {
        let mut filters = Filters::default();
        filters.mentioned.push(name.clone());
        let expected: BTreeSet<String> = names
            .iter()
            .enumerate()
            .filter(|(_, (_, c))| c == country)
            .map(|(n, _)| format!("Meeting number {n}"))
            .collect();
        let request = SearchRequest {
            limit: 100,
            ..everything(filters)
        };
        assert_eq!(titles(&engine, &request), expected, "--mentioned {name:?}");
    }
}

/// Every word of `data/country-words.tsv` (an adjective, a code, a name in
/// the country's own language) takes its country as a place filter and as
/// a donor filter, for every country the file names: one activity held in
/// and funded by each country, and each word finds its country's activity
/// alone.
#[test]
fn every_country_word_filters_its_own_country() {
    let words = country_words();
    let countries: BTreeSet<&str> = words.iter().map(|(_, c)| c.as_str()).collect();
    let text: String = countries
        .iter()
        .map(|country| {
            format!(
                "Meeting held in {country}\n5 May 2022, {country}: Officers met. The meeting was funded by the Government of {country}.\n"
            )
        })
        .collect();
    let (_dir, engine) = engine_of_bulletin("2022-05-meetings.txt", text);
    let found_by = |filters: Filters| titles(&engine, &everything(filters));
    for (word, country) in &words {
        let expected = BTreeSet::from([format!("Meeting held in {country}")]);
        let place = Filters {
            country: vec![word.clone()],
            ..Filters::default()
        };
        assert_eq!(found_by(place), expected, "--country {word}");
        let donor = Filters {
            donor: vec![word.clone()],
            ..Filters::default()
        };
        assert_eq!(found_by(donor), expected, "--donor {word}");
    }
    assert!(countries.len() >= 150, "{}", countries.len());
}

/// `"border police"~N` lets the phrase's words stand up to N moves apart
/// (Lucene's and Elasticsearch's syntax; `~` alone allows two), with the
/// words marked in the snippet where they stand; `~N` is no word of the
/// query. Without it the words stand side by side, in order.
#[test]
fn a_phrase_with_a_tilde_lets_its_words_move() {
    let bodies = [
        ("Side by side", "Officers of the border police met."),
        (
            "Two words between",
            "Officers of the border and customs police met.",
        ),
        (
            "Three words between",
            "The border crossing guards and police met.",
        ),
        ("Turned round", "The police border unit met."),
        (
            "Far apart",
            "The border was long, and in 2022 the many officers of the police met.",
        ),
    ];
    let text: String = bodies
        .iter()
        .enumerate()
        .map(|(at, (title, body))| {
            format!(
                "{title}\n{} May 2022, Skopje, North Macedonia: {body}\n",
                at + 1
            )
        })
        .collect();
    let (_dir, engine) = engine_of_bulletin("2022-05-meetings.txt", text);
    assert_eq!(
        found(&engine, "\"border police\""),
        titles_set(&["Side by side"])
    );
    assert_eq!(
        found(&engine, "\"border police\"~2"),
        titles_set(&["Side by side", "Two words between", "Turned round"])
    );
    assert_eq!(
        found(&engine, "\"border police\"~"),
        found(&engine, "\"border police\"~2")
    );
    assert_eq!(
        found(&engine, "\"border police\"~3"),
        titles_set(&[
            "Side by side",
            "Two words between",
            "Three words between",
            "Turned round"
        ])
    );
    // More than ten moves are ten, so a phrase does not run across an
    // activity's fields.
    assert_eq!(
        found(&engine, "\"border police\"~99"),
        found(&engine, "\"border police\"~10")
    );
    assert_eq!(
        found(&engine, "met -\"border police\"~2"),
        titles_set(&["Three words between", "Far apart"])
    );
    // The snippet marks both words of the moved phrase.
    let answer = engine
        .search(&SearchRequest::new("\"border police\"~2"))
        .expect("search");
    for hit in &answer.hits {
        let chars: Vec<char> = hit.snippet.text.chars().collect();
        let marked: Vec<String> = hit
            .snippet
            .highlights
            .iter()
            .map(|[from, to]| chars[*from..*to].iter().collect::<String>().to_lowercase())
            .collect();
        assert!(
            marked.contains(&"border".to_string()),
            "{}: {marked:?}",
            hit.title
        );
        assert!(
            marked.contains(&"police".to_string()),
            "{}: {marked:?}",
            hit.title
        );
    }
    // `trainng~1`, the fuzzy word of other engines, is the word, corrected.
    assert_eq!(found(&engine, "polise~1"), found(&engine, "polise"));
    assert_eq!(found(&engine, "police~"), found(&engine, "police"));
    // On the shipped bulletin, a phrase allowed to move finds at least
    // what it finds in order, and more for some.
    let shipped = Workspace::new();
    let shipped = shipped.engine();
    let mut grew = 0;
    for phrase in [
        "container control",
        "border control",
        "control border",
        "organized crime",
    ] {
        let exact = found(&shipped, &format!("\"{phrase}\""));
        let moved = found(&shipped, &format!("\"{phrase}\"~3"));
        assert!(moved.is_superset(&exact), "{phrase}");
        assert!(!moved.is_empty(), "{phrase}");
        grew += usize::from(moved.len() > exact.len());
    }
    assert!(grew >= 1);
}

/// `police^3` weighs the word three times (Lucene's and Elasticsearch's
/// syntax), and `"border police"^4` the phrase four times: each hit's score
/// is that many times its score without, and a weighed alternative ranks
/// first. `^N` is no word of the query.
#[test]
fn a_caret_weighs_a_word_or_a_phrase() {
    let text = "\
Police unit
5 May 2022, Skopje, North Macedonia: Officers of the police met.
Border unit
6 May 2022, Skopje, North Macedonia: Officers of the border met.
Border police unit
7 May 2022, Skopje, North Macedonia: Officers of the border police met.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-meetings.txt", text);
    let scores = |query: &str| -> BTreeMap<String, f32> {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        answer
            .hits
            .into_iter()
            .map(|hit| (hit.title, hit.score.expect("a score")))
            .collect()
    };
    for (plain, weighed, times) in [
        ("police", "police^3", 3.0),
        ("\"border police\"", "\"border police\"^4", 4.0),
    ] {
        let plain = scores(plain);
        let weighed = scores(weighed);
        assert_eq!(
            plain.keys().collect::<Vec<_>>(),
            weighed.keys().collect::<Vec<_>>()
        );
        assert!(!plain.is_empty());
        for (title, score) in &plain {
            let ratio = weighed[title] / score;
            assert!((ratio - times).abs() < 1e-3, "{title}: {ratio}");
        }
    }
    let rank = |query: &str, title: &str| -> usize {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        answer
            .hits
            .iter()
            .position(|hit| hit.title == title)
            .expect("found")
    };
    assert!(rank("police^5 OR border", "Police unit") < rank("police^5 OR border", "Border unit"));
    assert!(rank("police OR border^5", "Border unit") < rank("police OR border^5", "Police unit"));
    assert_eq!(found(&engine, "police^2"), found(&engine, "police"));
}

/// Words grouped in brackets are read as Lucene and Elasticsearch read
/// them: `(firearms OR cybercrime) training` needs training and one of the
/// two, `-(Albania OR Kosovo)` excludes both, `||` is `OR`.
#[test]
fn brackets_group_words_as_other_engines_read_them() {
    let text = "\
Firearms training in Albania
5 May 2022, Tirana, Albania: A training on firearms.
Cybercrime training in Kosovo
6 May 2022, Pristina, Kosovo: A training on cybercrime.
Firearms meeting in Serbia
7 May 2022, Belgrade, Serbia: A meeting on firearms.
Cybercrime course in Albania
8 May 2022, Durres, Albania: A training on cybercrime.
Customs training in Serbia
9 May 2022, Novi Sad, Serbia: A training for customs.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-activities.txt", text);
    assert_eq!(
        found(&engine, "(firearms OR cybercrime) training"),
        titles_set(&[
            "Firearms training in Albania",
            "Cybercrime training in Kosovo",
            "Cybercrime course in Albania"
        ])
    );
    assert_eq!(
        found(&engine, "training AND (firearms OR cybercrime)"),
        found(&engine, "(firearms OR cybercrime) training")
    );
    assert_eq!(
        found(&engine, "training -(Albania OR Kosovo)"),
        titles_set(&["Customs training in Serbia"])
    );
    assert_eq!(
        found(&engine, "training NOT (cybercrime Albania)"),
        titles_set(&[
            "Firearms training in Albania",
            "Cybercrime training in Kosovo",
            "Customs training in Serbia"
        ])
    );
    assert_eq!(
        found(&engine, "firearms || customs"),
        found(&engine, "firearms OR customs")
    );
    assert_eq!(found(&engine, "firearms || customs").len(), 3);
    // A field before a group is the field of each of its words.
    assert_eq!(
        found(&engine, "training country:(Albania OR Kosovo)"),
        titles_set(&[
            "Firearms training in Albania",
            "Cybercrime training in Kosovo",
            "Cybercrime course in Albania"
        ])
    );
    assert_eq!(
        found(&engine, "training -country:(Albania OR Kosovo)"),
        titles_set(&["Customs training in Serbia"])
    );
}

/// `SDG 5`, a goal no activity of the shipped bulletin is labelled with,
/// finds nothing and says so: not every activity that writes "SDG"
/// somewhere and "5" somewhere else, nor (when the other words fall back
/// to any of them) every activity that names an SDG.
#[test]
fn an_sdg_goal_no_activity_is_labelled_with_is_not_two_loose_words() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let held: BTreeSet<String> = gold_all()
        .into_iter()
        .flat_map(|g| strings(g, "sdg_targets"))
        .filter_map(|t| t.split('.').next().map(str::to_string))
        .collect();
    let goal = (1..=17)
        .map(|g: u32| g.to_string())
        .find(|g| !held.contains(g))
        .expect("a goal no activity has");
    for typed in [
        format!("SDG {goal}"),
        format!("goal {goal}"),
        format!("SDG{goal}"),
    ] {
        let answer = engine.search(&SearchRequest::new(&typed)).expect("search");
        assert_eq!(answer.total, 0, "{typed}");
        assert!(
            answer
                .notices
                .contains(&format!("no activity is labelled with SDG {goal}")),
            "{typed}: {:?}",
            answer.notices
        );
    }
    // With another word, the any-word answer is that word's.
    assert_eq!(
        found(&engine, &format!("firearms SDG {goal}")),
        found(&engine, "firearms")
    );
    // A goal that activities are labelled with is found as before.
    let some = held.iter().next().expect("a goal");
    assert!(!found(&engine, &format!("SDG {some}")).is_empty());
}

/// A query word that names a country by another word (`Kosovar`,
/// `Turkish`, `Macedonian`: `data/country-words.tsv`) and that no activity
/// writes searches the country's name, and the answer says so; a word the
/// bulletin writes itself (`Albanian`) is searched as written.
#[test]
fn a_country_adjective_no_activity_writes_searches_the_country() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let held: BTreeSet<String> = gold_all().into_iter().flat_map(countries).collect();
    let text = std::fs::read_to_string(common::shipped_bulletin())
        .expect("the shipped bulletin")
        .to_lowercase();
    let mut expanded = 0;
    for (word, country) in country_words() {
        // Codes have a test of their own below.
        if !held.contains(&country) || word.chars().count() <= 3 {
            continue;
        }
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(&word)
            })
            .expect("search");
        let titles: BTreeSet<String> = answer.hits.into_iter().map(|h| h.title).collect();
        if text.contains(&word.to_lowercase()) {
            assert!(!answer.expanded.contains_key(&word), "{word}");
            continue;
        }
        assert_eq!(answer.expanded.get(&word), Some(&country), "{word}");
        assert_eq!(titles, found(&engine, &format!("\"{country}\"")), "{word}");
        assert!(!titles.is_empty(), "{word}");
        expanded += 1;
    }
    assert!(expanded >= 5, "{expanded}");
    // A name of several words (`Crna Gora`) is read as one, beside other words.
    let mut several = 0;
    for (word, country) in country_words() {
        if !word.contains(' ') || !held.contains(&country) || text.contains(&word.to_lowercase()) {
            continue;
        }
        let query = format!("{word} training");
        let answer = engine.search(&SearchRequest::new(&query)).expect("search");
        assert_eq!(answer.expanded.get(&word), Some(&country), "{word}");
        assert!(!answer.fallback, "{word}");
        assert_eq!(
            found(&engine, &query),
            found(&engine, &format!("\"{country}\" training")),
            "{word}"
        );
        assert_eq!(
            found(&engine, &format!("training -{}", word.replace(' ', " -"))),
            found(&engine, &format!("training -\"{country}\"")),
            "{word}"
        );
        several += 1;
    }
    assert!(several >= 2, "{several}");
    // Excluded, it excludes the country.
    assert_eq!(
        found(&engine, "training -Kosovar"),
        found(&engine, "training -Kosovo")
    );
    assert_ne!(
        found(&engine, "training -Kosovar"),
        found(&engine, "training")
    );
    // A code counts typed in capitals only.
    let montenegro = found(&engine, "\"Montenegro\"");
    assert!(!montenegro.is_empty());
    assert_eq!(found(&engine, "MNE"), montenegro);
    assert!(found(&engine, "mne").is_empty());
}

/// A filter inside one alternative of an `OR` narrows that alternative
/// alone, as Lucene and Elasticsearch read it: `(country:Albania firearms)
/// OR (country:Kosovo cybercrime)` finds firearms in Albania and cybercrime
/// in Kosovo, not firearms in Kosovo. A filter every alternative shares, or
/// one given beside the query, still narrows the whole search.
#[test]
fn a_filter_inside_an_alternative_narrows_that_alternative_alone() {
    let text = "\
Firearms training in Albania
5 May 2022, Tirana, Albania: A training on firearms.
Firearms training in Kosovo
6 May 2022, Pristina, Kosovo: A training on firearms.
Cybercrime training in Kosovo
7 May 2022, Pristina, Kosovo: A training on cybercrime.
Cybercrime training in Albania
8 May 2022, Durres, Albania: A training on cybercrime.
Customs training in Serbia
9 May 2022, Novi Sad, Serbia: A training for customs.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-activities.txt", text);
    let either = "(country:Albania firearms) OR (country:Kosovo cybercrime)";
    assert_eq!(
        found(&engine, either),
        titles_set(&[
            "Firearms training in Albania",
            "Cybercrime training in Kosovo"
        ])
    );
    // The response says what each alternative's filter stands for.
    let response = engine.search(&SearchRequest::new(either)).expect("search");
    let countries = response
        .resolved
        .get("country")
        .expect("country filters named");
    assert!(countries.contains_key("Albania") && countries.contains_key("Kosovo"));
    // An exclusion inside an alternative, and an alternative of a filter alone.
    assert_eq!(
        found(&engine, "(firearms -country:Albania) OR customs"),
        titles_set(&["Firearms training in Kosovo", "Customs training in Serbia"])
    );
    assert_eq!(
        found(&engine, "country:Serbia OR (cybercrime country:Albania)"),
        titles_set(&[
            "Customs training in Serbia",
            "Cybercrime training in Albania"
        ])
    );
    // A filter no activity has empties its alternative, not the search.
    assert_eq!(
        found(&engine, "(firearms country:Atlantis) OR customs"),
        titles_set(&["Customs training in Serbia"])
    );
    // Shared by every alternative, the filter narrows the whole search.
    assert_eq!(
        found(&engine, "country:Kosovo (firearms OR cybercrime)"),
        titles_set(&[
            "Firearms training in Kosovo",
            "Cybercrime training in Kosovo"
        ])
    );
}

/// A weight written on a word of a name the query reads whole (a
/// country's name of one or more words, an SDG target) weighs the name:
/// `Kosovo OR North Macedonia^5` puts North Macedonia first, `Kosovo^5 OR
/// North Macedonia` Kosovo.
#[test]
fn a_weight_on_a_name_weighs_the_whole_name() {
    let text = "\
Police unit in Kosovo
5 May 2022, Pristina, Kosovo: Officers of the police met, for SDG target 16.4.
Police unit in North Macedonia
6 May 2022, Skopje, North Macedonia: Officers of the police met, for SDG target 5.2.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-meetings.txt", text);
    let first = |query: &str| -> String {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.total, 2, "{query}");
        answer.hits[0].title.clone()
    };
    let (kosovo, macedonia) = ("Police unit in Kosovo", "Police unit in North Macedonia");
    // Two words, both in the title too, outweigh one unweighed.
    assert_eq!(first("Kosovo OR North Macedonia"), macedonia);
    assert_eq!(first("Kosovo^20 OR North Macedonia"), kosovo);
    assert_eq!(first("Kosovo^20 OR North Macedonia^20"), macedonia);
    assert_eq!(first("Kosovo^20 OR North^20 Macedonia"), macedonia);
    let plain = first("SDG 16.4 OR SDG 5.2");
    let (weighed, other) = if plain == kosovo {
        ("SDG 16.4 OR SDG 5.2^20", macedonia)
    } else {
        ("SDG 16.4^20 OR SDG 5.2", kosovo)
    };
    assert_eq!(first(weighed), other);
}

/// `Crna Gora^20` lost its weight: the country's name of several words
/// became one word, and the weight written on its last word went with the
/// words dropped. The weight of any of its words weighs the whole name, as
/// it does on `North Macedonia^20`.
#[test]
fn a_weight_on_a_country_name_of_several_words_weighs_the_name() {
    let text = "\
Police unit in Kosovo
5 May 2022, Pristina, Kosovo: Officers of the police met in Kosovo.
Police unit in Montenegro
6 May 2022, Podgorica, Montenegro: Officers of the police met.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-meetings.txt", text);
    let first = |query: &str| -> String {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.total, 2, "{query}");
        answer.hits[0].title.clone()
    };
    let (kosovo, montenegro) = ("Police unit in Kosovo", "Police unit in Montenegro");
    assert_eq!(first("Kosovo OR Crna Gora"), kosovo);
    assert_eq!(first("Kosovo OR Montenegro^20"), montenegro);
    assert_eq!(first("Kosovo OR Crna^20 Gora"), montenegro);
    assert_eq!(first("Kosovo OR Crna Gora^20"), montenegro);
}

/// A filter given beside a query whose alternatives have filters of their
/// own was resolved twice, once with each alternative's filters and once
/// for the whole search, and its notice (`no activity has country
/// "Atlantis"`) was given twice.
#[test]
fn a_filter_beside_alternatives_with_filters_gives_its_notice_once() {
    let text = "\
Firearms training in Kosovo
6 May 2022, Pristina, Kosovo: A training on firearms.
Cybercrime training in Kosovo
7 May 2022, Pristina, Kosovo: A training on cybercrime.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-activities.txt", text);
    let mut request = SearchRequest::new("(country:Kosovo firearms) OR cybercrime");
    request.filters.country.push("Atlantis".to_string());
    let answer = engine.search(&request).expect("search");
    assert_eq!(answer.total, 0);
    assert_eq!(
        answer.notices,
        vec!["no activity has country \"Atlantis\"".to_string()]
    );
}

/// A query's answer (first 100 hits) and the titles of its hits.
fn answer_and_titles(
    engine: &Engine,
    query: &str,
) -> (bulletin::search::SearchResponse, BTreeSet<String>) {
    let request = SearchRequest {
        limit: 100,
        ..SearchRequest::new(query)
    };
    let answer = engine.search(&request).expect("search");
    let titles = answer.hits.iter().map(|h| h.title.clone()).collect();
    (answer, titles)
}

/// The gold titles with a part that overlaps `[from, to]` (either side open).
fn gold_overlapping(from: Option<NaiveDate>, to: Option<NaiveDate>) -> BTreeSet<String> {
    gold_titles(|g| {
        events(g).iter().any(|e| {
            let (Some(start), Some(end)) = (e["start"].as_str(), e["end"].as_str()) else {
                return false;
            };
            to.is_none_or(|to| date(start) <= to) && from.is_none_or(|from| date(end) >= from)
        })
    })
}

/// `date:`, `from:` and `to:` in the query keep what the date flags keep:
/// the activities with a part that overlaps the days named, written as a
/// day, a month, a year, a dateline's words, a range, an Elasticsearch
/// range or a comparison. Before, `date` was no field: `date:2022-03` was
/// searched as the words "2022" and "03", and found every activity through
/// the any-word search.
#[test]
fn a_date_clause_in_the_query_keeps_the_activities_that_overlap_its_days() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let cases = [
        ("date:2022-02", day("2022-02-01"), day("2022-02-28")),
        (
            "date:2022-03-25..2022-03-28",
            day("2022-03-25"),
            day("2022-03-28"),
        ),
        (
            "date:\"28 February 2022\"",
            day("2022-02-28"),
            day("2022-02-28"),
        ),
        (
            "date:[2022-03-01 TO 2022-03-09}",
            day("2022-03-01"),
            day("2022-03-08"),
        ),
        ("date:>2022-03-24", day("2022-03-25"), None),
        ("date:<2022-03-02", None, day("2022-03-01")),
        ("from:2022-03-26", day("2022-03-26"), None),
        ("to:2022-03-01", None, day("2022-03-01")),
        ("date:2022-04..", day("2022-04-01"), None),
    ];
    for (query, from, to) in cases {
        let expected = gold_overlapping(from, to);
        let (answer, found) = answer_and_titles(&engine, query);
        assert_eq!(found, expected, "{query}");
        assert!(
            !answer.fallback && answer.notices.is_empty(),
            "{query}: {:?}",
            answer.notices
        );
        // The answer says which days the clause stood for.
        let (field, value) = query.split_once(':').expect("a clause");
        let shown = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        assert_eq!(
            answer.resolved[field][value.trim_matches('"')],
            vec![format!("{}..{}", shown(from), shown(to))],
            "{query}"
        );
        // The flags keep the same.
        let flags = Filters {
            from,
            to,
            ..Filters::default()
        };
        assert_eq!(titles(&engine, &everything(flags)), expected, "{query}");
    }
    // With words, beside the flags (both must hold), and excluded.
    let firearms = found(&engine, "firearms");
    let late = gold_overlapping(day("2022-03-26"), None);
    assert_eq!(
        found(&engine, "firearms date:>=2022-03-26"),
        &firearms & &late
    );
    let narrowed = SearchRequest {
        limit: 100,
        filters: Filters {
            to: day("2022-03-10"),
            ..Filters::default()
        },
        ..SearchRequest::new("date:2022-03")
    };
    assert_eq!(
        titles(&engine, &narrowed),
        gold_overlapping(day("2022-03-01"), day("2022-03-10"))
    );
    let all = gold_titles(|_| true);
    assert_eq!(
        found(&engine, "-date:2022-03-15..2022-03-31"),
        &all - &gold_overlapping(day("2022-03-15"), day("2022-03-31"))
    );
    // Each alternative of an OR keeps its own days.
    let early = gold_overlapping(None, day("2022-03-01"));
    assert_eq!(
        found(&engine, "date:<=2022-03-01 OR (firearms date:>=2022-03-26)"),
        &early | &(&firearms & &late)
    );
    // A month without a year is every such month, as `month:March` is.
    assert_eq!(
        found(&engine, "date:February"),
        found(&engine, "month:2022-02")
    );
    assert_eq!(found(&engine, "month:Feb"), found(&engine, "month:2022-02"));
    assert_eq!(
        found(&engine, "month:\"February 2022\""),
        found(&engine, "month:2022-02")
    );
    // A value that names no days is left out, and the answer says so.
    let answer = engine
        .search(&SearchRequest::new("firearms date:2022-13"))
        .expect("search");
    assert!(
        answer
            .notices
            .iter()
            .any(|n| n.contains("\"date:2022-13\" is not a date")),
        "{:?}",
        answer.notices
    );
    assert_eq!(answer.total, firearms.len());
}

/// A range in brackets holds spaces (`[2022-03-01 TO 2022-03-20]`); inside
/// a group the query's brackets were read word by word, so `NOT
/// (date:[2022-03-01 TO 2022-03-20])` excluded "date:[2022-03-01", left
/// out as no date, and the words "TO" and "2022-03-20]": every activity was
/// found; in `country:(…)` the words "TO" and the last day became
/// countries.
#[test]
fn a_date_range_in_brackets_stays_whole_inside_a_group() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let all = gold_titles(|_| true);
    let early = gold_overlapping(day("2022-03-01"), day("2022-03-20"));
    assert!(!early.is_empty() && early != all);
    for query in [
        "NOT (date:[2022-03-01 TO 2022-03-20])",
        "-(date:{2022-02-28 TO 2022-03-21})",
        "NOT (date:[2022-03-01 TO 2022-03-20] OR date:[2022-03-10 TO 2022-03-15])",
    ] {
        let (answer, kept) = answer_and_titles(&engine, query);
        assert_eq!(kept, &all - &early, "{query}");
        assert!(answer.notices.is_empty(), "{query}: {:?}", answer.notices);
    }
    // In a field's group, a range with a field of its own keeps it whole.
    let (answer, kept) =
        answer_and_titles(&engine, "country:(Albania date:[2022-03-01 TO 2022-03-10])");
    assert_eq!(
        kept,
        found(&engine, "country:Albania date:2022-03-01..2022-03-10")
    );
    assert!(!kept.is_empty());
    assert!(answer.notices.is_empty(), "{:?}", answer.notices);
}

/// A weight or a fuzziness written after a date clause (`^2`, `~1`), as
/// other engines allow on a range, is no part of its days. Before,
/// `date:2022-03^2` was no date (left out, every activity found), and
/// after a range in brackets `^2` and `~1` were words of their own:
/// `date:[2022-03-24 TO 2022-03-31]^2` found nothing.
#[test]
fn a_weight_after_a_date_clause_leaves_its_days_alone() {
    // (A weight after a dateline's words or a range written with `TO` was
    // read with the last word, which then named no days.)
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let late = gold_overlapping(day("2022-03-24"), day("2022-03-31"));
    let march = gold_overlapping(day("2022-03-01"), day("2022-03-31"));
    let firearms = found(&engine, "firearms");
    let cases = [
        ("date:[2022-03-24 TO 2022-03-31]^2", late.clone()),
        ("date:[2022-03-24 TO 2022-03-31]~1", late.clone()),
        ("date:2022-03^2", march.clone()),
        ("date:2022-03-24..2022-03-31~", late.clone()),
        (
            "firearms date:[2022-03-24 TO 2022-03-31]^2",
            &firearms & &late,
        ),
        // After a value of several words too: before, the weight hid the
        // year (`date:24` was no date) or the end (`2022-03-31^2` a word).
        (
            "date:24 March 2022^2",
            gold_overlapping(day("2022-03-24"), day("2022-03-24")),
        ),
        ("date:2022-03-24 TO 2022-03-31^2", late.clone()),
        ("date:24 March 2022 TO 31 March 2022~1", late.clone()),
        ("(date:24 March 2022 .. 2022-03-31^2)", late.clone()),
    ];
    for (query, expected) in cases {
        let (answer, kept) = answer_and_titles(&engine, query);
        assert!(!expected.is_empty(), "{query}");
        assert_eq!(kept, expected, "{query}");
        assert!(
            !answer.fallback && answer.notices.is_empty(),
            "{query}: {:?}",
            answer.notices
        );
    }
}

/// A day in ISO is read for any year of four digits, as a year and a month
/// are: before, only the years a dateline may name (1900 to 2100) were,
/// so Elasticsearch's open-ended `date:[2022-03-01 TO 9999-12-31]` was
/// no date (left out: every activity found) while `date:2022-03..9999`
/// was read.
#[test]
fn an_iso_day_is_read_for_any_year_of_four_digits() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let cases = [
        (
            "date:[2022-03-01 TO 9999-12-31]",
            "2022-03-01..9999-12-31",
            gold_overlapping(day("2022-03-01"), None),
        ),
        (
            "date:1899-12-31..2022-02-28",
            "1899-12-31..2022-02-28",
            gold_overlapping(None, day("2022-02-28")),
        ),
        (
            "to:2101-01-01",
            "..2101-01-01",
            gold_overlapping(None, None),
        ),
        ("date:0999-03-14", "0999-03-14..0999-03-14", BTreeSet::new()),
    ];
    for (query, days, expected) in cases {
        let (answer, kept) = answer_and_titles(&engine, query);
        assert_eq!(kept, expected, "{query}");
        assert!(answer.notices.is_empty(), "{query}: {:?}", answer.notices);
        let (field, value) = query.split_once(':').expect("a clause");
        assert_eq!(answer.resolved[field][value], vec![days.to_string()]);
    }
}

/// `-date:` leaves out what `date:` keeps, no more: an activity of several
/// parts whose parts fall on each side of the days does not overlap them.
/// Before, it was left out by its first and last day alone: "UNODC supports
/// Montenegro and North Macedonia…" (22-24 and 29-31 March 2022) was missing
/// from `-date:2022-03-26..2022-03-28`, which `date:2022-03-26..2022-03-28`
/// does not find.
#[test]
fn an_excluded_date_leaves_out_only_the_activities_with_a_part_on_its_days() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let all = gold_titles(|_| true);
    // The days between two parts of an activity of the shipped bulletin.
    let between = gold()
        .iter()
        .find_map(|g| {
            let days: Vec<(NaiveDate, NaiveDate)> = events(g)
                .iter()
                .filter_map(|e| Some((date(e["start"].as_str()?), date(e["end"].as_str()?))))
                .collect();
            days.windows(2)
                .find(|pair| pair[1].0 - pair[0].1 > chrono::Duration::days(2))
                .map(|pair| (pair[0].1.succ_opt(), pair[1].0.pred_opt()))
        })
        .expect("an activity with a gap between its parts");
    let shown = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
    let gap = format!("{}..{}", shown(between.0), shown(between.1));
    for days in [
        gap.as_str(),
        "2022-03-26..2022-03-28",
        "2022-03-15",
        "2022-03",
        "..2022-03-01",
    ] {
        let (from, to) = match days.split_once("..") {
            Some((from, to)) => (
                (!from.is_empty()).then(|| date(from)),
                (!to.is_empty()).then(|| date(to)),
            ),
            None if days.len() == 7 => (
                day(&format!("{days}-01")),
                day(&format!("{days}-01"))
                    .and_then(|d| d.checked_add_months(chrono::Months::new(1)))
                    .and_then(|d| d.pred_opt()),
            ),
            None => (day(days), day(days)),
        };
        let overlapping = gold_overlapping(from, to);
        assert_eq!(
            found(&engine, &format!("date:{days}")),
            overlapping,
            "{days}"
        );
        assert_eq!(
            found(&engine, &format!("-date:{days}")),
            &all - &overlapping,
            "-date:{days}"
        );
    }
    // With a place filter, the activity is left out as a whole.
    assert_eq!(
        found(&engine, "country:Montenegro -date:2022-03-26..2022-03-28"),
        found(&engine, "country:Montenegro")
    );
}

/// A notice is given once, however often the query repeats what it is
/// about: `firearms date:2022-13 date:2022-13` said twice that
/// "date:2022-13" is not a date, and `location:Vienna location:Vienna`
/// twice that "location" is no field.
#[test]
fn a_notice_is_given_once() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, about) in [
        ("firearms date:2022-13 date:2022-13", "\"date:2022-13\""),
        ("location:Vienna location:Vienna", "\"location\""),
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let about: Vec<&String> = answer
            .notices
            .iter()
            .filter(|n| n.starts_with(about))
            .collect();
        assert_eq!(about.len(), 1, "{query}: {:?}", answer.notices);
    }
}

/// Without a query (and in `similar`), a snippet is the body's opening: as
/// many of its characters as a snippet holds, its paragraphs joined, cut
/// after a word; text cut away is marked ` …`, as after a passage, and a
/// body that fits is shown whole.
#[test]
fn an_opening_fills_the_snippet_and_marks_text_cut_away() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut hits = engine
        .search(&SearchRequest {
            limit: 100,
            ..SearchRequest::new("")
        })
        .expect("search")
        .hits;
    let first = hits.first().map(|h| h.id.clone()).expect("a hit");
    hits.extend(engine.similar(&first, 100).expect("similar"));
    let limit = bulletin::search::snippets::SNIPPET_CHARS;
    let mut cut = 0;
    for hit in &hits {
        let body = engine.show(&hit.id).expect("record").body;
        let joined = body.split_whitespace().collect::<Vec<_>>().join(" ");
        let text = &hit.snippet.text;
        assert!(hit.snippet.highlights.is_empty(), "{}", hit.id);
        if joined.chars().count() <= limit {
            assert_eq!(*text, joined, "{}", hit.id);
            continue;
        }
        cut += 1;
        let shown = text
            .strip_suffix(" …")
            .unwrap_or_else(|| panic!("{}: text cut away is marked: {text:?}", hit.id));
        // The words shown are the body's first, whole, and fill the snippet.
        assert!(joined.starts_with(shown), "{}: {text:?}", hit.id);
        assert_eq!(joined[shown.len()..].chars().next(), Some(' '), "{text:?}");
        assert!(shown.chars().count() <= limit, "{text:?}");
        let next_word = joined[shown.len() + 1..].split(' ').next().unwrap_or("");
        assert!(
            shown.chars().count() + 1 + next_word.chars().count() > limit,
            "{}: the next word {next_word:?} would fit: {text:?}",
            hit.id
        );
    }
    assert!(cut > 10, "most shipped bodies are longer than a snippet");
}

/// A query of little words alone (`on`, `the`) marks them where the
/// snippet shows them: they are left unmarked only beside other query
/// words (the `in` of "trafficking in persons").
#[test]
fn a_query_of_a_little_word_marks_it() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for word in ["on", "the"] {
        let hits = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(word)
            })
            .expect("search")
            .hits;
        let holding = all_ids(&engine)
            .iter()
            .filter(|id| {
                let body = engine.show(id).expect("record").body.to_lowercase();
                body.split(|c: char| !c.is_alphanumeric())
                    .any(|w| w == word)
            })
            .count();
        assert!(holding > 10, "{word}: {holding}");
        let mut marked = 0;
        for hit in &hits {
            let chars: Vec<char> = hit.snippet.text.chars().collect();
            for [start, end] in &hit.snippet.highlights {
                let mark: String = chars[*start..*end].iter().collect();
                assert!(mark.eq_ignore_ascii_case(word), "{word}: {mark:?}");
            }
            if !hit.snippet.highlights.is_empty() {
                marked += 1;
            }
        }
        assert_eq!(marked, holding, "{word}: every body that holds it shows it");
    }
    // Beside other words it is not marked.
    let hits = engine
        .search(&SearchRequest::new("\"trafficking in persons\""))
        .expect("search")
        .hits;
    assert!(!hits.is_empty());
    for hit in &hits {
        let chars: Vec<char> = hit.snippet.text.chars().collect();
        for [start, end] in &hit.snippet.highlights {
            let mark: String = chars[*start..*end].iter().collect();
            assert!(!mark.eq_ignore_ascii_case("in"), "{:?}", hit.snippet);
        }
    }
}

/// Words a query excludes are never marked, even where a hit holds them
/// (`-(firearms cybercrime)` keeps an activity with firearms alone).
#[test]
fn excluded_words_are_never_marked() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut shown_unmarked = 0;
    for (query, excluded) in [
        (
            "training -(firearms cybercrime)",
            ["firearms", "cybercrime"],
        ),
        (
            "training NOT (Montenegro Albania)",
            ["montenegro", "albania"],
        ),
        ("training -\"border control\"", ["border", "control"]),
        (
            "(training -(firearms cybercrime)) OR qqqzz",
            ["firearms", "cybercrime"],
        ),
    ] {
        let hits = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search")
            .hits;
        assert!(!hits.is_empty(), "{query}");
        for hit in &hits {
            let chars: Vec<char> = hit.snippet.text.chars().collect();
            let marks: Vec<String> = hit
                .snippet
                .highlights
                .iter()
                .map(|[a, b]| chars[*a..*b].iter().collect::<String>().to_lowercase())
                .collect();
            assert!(
                marks.iter().any(|m| m.starts_with("train")),
                "{query}: {marks:?}"
            );
            for word in excluded {
                assert!(
                    !marks.iter().any(|m| m == word),
                    "{query}: {word} in {marks:?}"
                );
                if hit.snippet.text.to_lowercase().contains(word) {
                    shown_unmarked += 1;
                }
            }
        }
    }
    assert!(shown_unmarked > 0, "some snippet shows an excluded word");
}

/// The words a query's snippets mark in each hit, by title, lower-cased.
fn marked_by_title(engine: &Engine, query: &str) -> BTreeMap<String, BTreeSet<String>> {
    let request = SearchRequest {
        limit: 100,
        ..SearchRequest::new(query)
    };
    let answer = engine.search(&request).expect("search");
    answer
        .hits
        .iter()
        .map(|hit| {
            let chars: Vec<char> = hit.snippet.text.chars().collect();
            let marked = hit
                .snippet
                .highlights
                .iter()
                .map(|[from, to]| chars[*from..*to].iter().collect::<String>().to_lowercase())
                .collect();
            (hit.title.clone(), marked)
        })
        .collect()
}

/// A hit marks the words of the alternatives that found it, not those of
/// another alternative its text happens to hold. Before, every word of the
/// query was marked: `co operation` (`co` and `operation`, or
/// `cooperation`) marked "operational" in an activity found by
/// "cooperation", and `(firearms training) OR cybercrime` marked "training"
/// in an activity found by "cybercrime".
#[test]
fn a_hit_marks_the_words_of_the_alternatives_that_found_it() {
    let text = "\
Cooperation on border control
5 May 2022, Tirana, Albania: Operational cooperation between border agencies.
Co operation of customs
6 May 2022, Skopje, North Macedonia: The co operation of customs officers.
Cybercrime course
7 May 2022, Pristina, Kosovo: A course on cybercrime after the training of trainers.
Firearms training
8 May 2022, Durres, Albania: A training on firearms.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-activities.txt", text);
    let words =
        |list: &[&str]| -> BTreeSet<String> { list.iter().map(|w| w.to_string()).collect() };
    let marked = marked_by_title(&engine, "co operation");
    assert_eq!(
        marked["Cooperation on border control"],
        words(&["cooperation"])
    );
    assert_eq!(
        marked["Co operation of customs"],
        words(&["co", "operation"])
    );
    let marked = marked_by_title(&engine, "(firearms training) OR cybercrime");
    assert_eq!(marked["Cybercrime course"], words(&["cybercrime"]));
    assert_eq!(
        marked["Firearms training"],
        words(&["training", "firearms"])
    );
    // An alternative's filter counts: the training in Kosovo was found by
    // cybercrime, not by the training in Albania the other alternative asks for.
    let marked = marked_by_title(&engine, "(country:Albania training) OR cybercrime");
    assert_eq!(marked["Cybercrime course"], words(&["cybercrime"]));
    assert_eq!(marked["Firearms training"], words(&["training"]));
}

/// A range written with spaces around `..`, as people write it
/// (`date:2022-03-25 .. 2022-03-28`), is the range without them. Before,
/// the clause stopped at the space: `date:2022-03-25` alone kept its
/// days, and `..` and `2022-03-28` were searched as words, none of which
/// any activity holds, so the any-word search answered.
#[test]
fn spaces_around_the_dots_of_a_date_range_keep_the_range() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let between = gold_overlapping(day("2022-03-25"), day("2022-03-28"));
    let late = gold_overlapping(day("2022-03-25"), None);
    let early = gold_overlapping(None, day("2022-03-02"));
    let all = gold_titles(|_| true);
    let firearms = found(&engine, "firearms");
    assert!(!between.is_empty() && between != late && !early.is_empty());
    let cases = [
        ("date:2022-03-25 .. 2022-03-28", between.clone()),
        ("date:2022-03-25.. 2022-03-28", between.clone()),
        ("date:2022-03-25 ..2022-03-28", between.clone()),
        (
            "date:\"25 March 2022\" .. \"28 March 2022\"",
            between.clone(),
        ),
        ("date:2022-03-25 ..", late.clone()),
        ("date:.. 2022-03-02", early.clone()),
        (
            "firearms date:2022-03-25 .. 2022-03-28",
            &firearms & &between,
        ),
        (
            "date:2022-03-25 .. 2022-03-28 firearms",
            &firearms & &between,
        ),
        // An open range followed by a word keeps the word.
        ("date:2022-03-25.. firearms", &firearms & &late),
        ("-(date:2022-03-25 .. 2022-03-28)", &all - &between),
    ];
    for (query, expected) in cases {
        let (answer, kept) = answer_and_titles(&engine, query);
        assert_eq!(kept, expected, "{query}");
        assert!(
            !answer.fallback && answer.notices.is_empty(),
            "{query}: {:?}",
            answer.notices
        );
        assert_eq!(answer.resolved["date"].len(), 1, "{query}");
    }
}

/// A side of a range, or the day of a comparison, may be quoted, as a
/// dateline's words are elsewhere: `date:["1 March 2022" TO "15 March
/// 2022"]`, `date:>="25 March 2022"`. Before, the quotes stayed in the
/// sides of a bracketed range, and a comparison stopped at the first
/// space: both were no date (left out, every activity found).
#[test]
fn quoted_days_are_read_in_a_range_and_after_a_comparison() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let day = |text: &str| Some(date(text));
    let cases = [
        (
            "date:[\"1 March 2022\" TO \"15 March 2022\"]",
            gold_overlapping(day("2022-03-01"), day("2022-03-15")),
        ),
        (
            "date:{\"1 March 2022\" TO \"15 March 2022\"}",
            gold_overlapping(day("2022-03-02"), day("2022-03-14")),
        ),
        (
            "date:[\"25 March 2022\" TO *]",
            gold_overlapping(day("2022-03-25"), None),
        ),
        (
            "date:>=\"25 March 2022\"",
            gold_overlapping(day("2022-03-25"), None),
        ),
        (
            "date:<\"2 March 2022\"",
            gold_overlapping(None, day("2022-03-01")),
        ),
        (
            "date:>=\"March 2022\"",
            gold_overlapping(day("2022-03-01"), None),
        ),
        (
            "-date:>=\"25 March 2022\"",
            &gold_titles(|_| true) - &gold_overlapping(day("2022-03-25"), None),
        ),
    ];
    for (query, expected) in cases {
        assert!(!expected.is_empty(), "{query}");
        let (answer, kept) = answer_and_titles(&engine, query);
        assert_eq!(kept, expected, "{query}");
        assert!(
            !answer.fallback && answer.notices.is_empty(),
            "{query}: {:?}",
            answer.notices
        );
    }
}

/// The word indices of `text` (its words lower-cased) that stand in a
/// stretch matching the two-word phrase `first second` within `slop`
/// moves, as Lucene counts them: the second word's place minus one, and
/// the first word's place, at most `slop` apart (either order).
fn phrase_stretches(text: &str, first: &str, second: &str, slop: usize) -> BTreeSet<usize> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    let mut held = BTreeSet::new();
    for (i, a) in words.iter().enumerate() {
        for (j, b) in words.iter().enumerate() {
            if a == first
                && b == second
                && (j as i64 - 1 - i as i64).unsigned_abs() as usize <= slop
            {
                held.insert(i);
                held.insert(j);
            }
        }
    }
    held
}

/// The word indices of a snippet's marks.
fn marked_word_indices(snippet: &bulletin::search::Snippet) -> BTreeSet<usize> {
    let chars: Vec<char> = snippet.text.chars().collect();
    let mut starts = Vec::new();
    let mut in_word = false;
    for (at, c) in chars.iter().enumerate() {
        if c.is_alphanumeric() && !in_word {
            starts.push(at);
        }
        in_word = c.is_alphanumeric();
    }
    snippet
        .highlights
        .iter()
        .filter_map(|[start, _]| starts.iter().position(|s| s == start))
        .collect()
}

/// A phrase's words are marked where they stand in a stretch that matches
/// it: in order and side by side for an exact phrase, within its moves for
/// a sloppy one. Before, a word asked only in a phrase was marked wherever
/// another of the query's words stood within reach, in any order: with
/// `"border police"~2`, "Criminal Police, Customs and Border Police"
/// marked the first "Police" too (four moves from "Border"), and with
/// `"border police"`, "Police border checks" marked both words turned
/// round.
#[test]
fn a_phrase_is_marked_only_where_it_matches() {
    let bodies = [
        "Directors of Criminal Police, Customs and Border Police met.",
        "The police met. Later border and customs police trained at the border.",
        "Police border checks were followed by border police units.",
        "Police, then the border police, then border guards and police.",
    ];
    let text: String = bodies
        .iter()
        .enumerate()
        .map(|(at, body)| {
            format!(
                "Meeting number {at}\n{} May 2022, Tirana, Albania: {body}\n",
                at + 1
            )
        })
        .collect();
    let (_dir, engine) = engine_of_bulletin("2022-05-meetings.txt", text);
    let mut checked = 0;
    for (query, slop) in [("\"border police\"~2", 2), ("\"border police\"", 0)] {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        assert!(!answer.hits.is_empty(), "{query}");
        for hit in &answer.hits {
            let expected = phrase_stretches(&hit.snippet.text, "border", "police", slop);
            assert!(!expected.is_empty(), "{query}: {:?}", hit.snippet);
            assert_eq!(
                marked_word_indices(&hit.snippet),
                expected,
                "{query}: {:?}",
                hit.snippet
            );
            checked += 1;
        }
    }
    assert!(checked >= bodies.len() + 2, "{checked}");
}

/// A filter's value of several words may be typed without quotes, as the
/// facet lists show it: `donor:United Kingdom` is `donor:"United
/// Kingdom"`, `country:Crna Gora` is Montenegro. Before, the value stopped
/// at the first space: `donor:United` (the United Kingdom or the United
/// States) and the word "Kingdom" found 3 of the 7 activities the United
/// Kingdom funds, and `country:Crna Gora` found none. A word after a whole
/// value stays a word.
#[test]
fn a_filter_value_of_several_words_needs_no_quotes() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let donor = |name: &str| gold_titles(|g| strings(g, "donors").iter().any(|d| d == name));
    let in_country = |name: &str| {
        gold_titles(|g| {
            events(g)
                .iter()
                .any(|e| event_country(e).as_deref() == Some(name))
        })
    };
    let all = gold_titles(|_| true);
    let montenegro = in_country("Montenegro");
    let training = found(&engine, "training");
    let cases = [
        ("donor:United Kingdom", donor("United Kingdom")),
        ("donor:united kingdom", donor("United Kingdom")),
        ("country:Crna Gora", montenegro.clone()),
        ("country:Црна Гора", montenegro.clone()),
        ("-country:Crna Gora", &all - &montenegro),
        (
            "country:Bosnia and Herzegovina",
            in_country("Bosnia and Herzegovina"),
        ),
        ("country:Crna Gora training", &montenegro & &training),
        ("country:Montenegro training", &montenegro & &training),
        // In a field's group, as `country:(…)` puts the field before each
        // word (before, `country:Crna` or `country:Gora`: nothing).
        ("country:(Crna Gora)", montenegro.clone()),
        ("donor:(United Kingdom)", donor("United Kingdom")),
    ];
    for (query, expected) in cases {
        assert!(!expected.is_empty() && expected != all, "{query}");
        let (answer, kept) = answer_and_titles(&engine, query);
        assert_eq!(kept, expected, "{query}");
        assert!(
            !answer.fallback && answer.notices.is_empty(),
            "{query}: {:?}",
            answer.notices
        );
    }
}

/// Quotation marks as word processors and phones write them (`“…”`,
/// `„…“`, `«…»`) quote a phrase as `"…"` does: a query pasted from a
/// document reads as typed. Before, they were punctuation: `“control
/// border”` found every activity with both words, in any order, as
/// `control border` does, and `date:“March 2022”` was no date.
#[test]
fn typographic_quotation_marks_quote_a_phrase() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let apart = found(&engine, "control border");
    assert!(!apart.is_empty());
    for (typed, straight) in [
        ("“border control”", "\"border control\""),
        ("„border control“", "\"border control\""),
        ("«border control»", "\"border control\""),
        ("“control border”", "\"control border\""),
        ("firearms -“border control”", "firearms -\"border control\""),
        ("date:“March 2022”", "date:\"March 2022\""),
        (
            "date:[“1 March 2022” TO “15 March 2022”]",
            "date:[\"1 March 2022\" TO \"15 March 2022\"]",
        ),
        ("title:“Border Security”", "title:\"Border Security\""),
    ] {
        let (answer, kept) = answer_and_titles(&engine, typed);
        let (expected_answer, expected) = answer_and_titles(&engine, straight);
        assert_eq!(kept, expected, "{typed}");
        assert_eq!(answer.notices, expected_answer.notices, "{typed}");
        assert!(answer.notices.is_empty(), "{typed}: {:?}", answer.notices);
    }
    assert_ne!(found(&engine, "“control border”"), apart);
}

/// A filter whose value is punctuation alone (`country:()`, `city:,`,
/// `date:()`) is an empty clause, as `country:` is: left out, and alone
/// the query says it searched for nothing. Before, alone it was a value no
/// activity has (`country:()` found nothing, `no activity has country
/// "()"`) while beside a word it vanished, and `date:()` gave two notices.
#[test]
fn a_filter_of_punctuation_alone_is_an_empty_clause() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let all = gold_titles(|_| true);
    let firearms = found(&engine, "firearms");
    for query in [
        "country:()",
        "city:,",
        "donor:-",
        "programme:*",
        "date:()",
        "-country:()",
    ] {
        let (answer, kept) = answer_and_titles(&engine, query);
        assert_eq!(kept, all, "{query}");
        assert_eq!(
            answer.notices,
            vec![format!(
                "no searchable word in {query:?}; showing every activity"
            )],
            "{query}"
        );
        let beside = format!("firearms {query}");
        let (answer, kept) = answer_and_titles(&engine, &beside);
        assert_eq!(kept, firearms, "{beside}");
        assert!(answer.notices.is_empty(), "{beside}: {:?}", answer.notices);
    }
}

/// A date clause as people type it beyond the forms of the table: a
/// space after the colon (`date: 2022-03`), a dateline's words without
/// quotes (`date:March 2022`, `date:24 March 2022`), Elasticsearch's `TO`
/// without brackets (`date:2022-03-01 TO 2022-03-10`), and a filter with
/// a space after its colon (`country: Montenegro`). Before, each clause
/// stopped at the space: the rest was searched as words ("03", "TO",
/// "2022-03-10"), none of which any activity holds, and the any-word
/// search answered; `country: Montenegro` searched the word.
#[test]
fn a_clause_reads_the_words_its_value_runs_on_to() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let training = found(&engine, "training");
    for (typed, written) in [
        ("date: 2022-03", "date:2022-03"),
        (
            "date: 2022-03-01..2022-03-10",
            "date:2022-03-01..2022-03-10",
        ),
        ("date:March 2022", "date:\"March 2022\""),
        ("date:24 March 2022", "date:\"24 March 2022\""),
        (
            "date:24 March 2022 training",
            "date:\"24 March 2022\" training",
        ),
        (
            "date:2022-03-01 TO 2022-03-10",
            "date:[2022-03-01 TO 2022-03-10]",
        ),
        ("date:2022-03-20 to *", "date:[2022-03-20 TO *]"),
        (
            "-date:2022-03-01 TO 2022-03-10",
            "-date:[2022-03-01 TO 2022-03-10]",
        ),
        ("country: Montenegro", "country:Montenegro"),
        (
            "country: Montenegro training",
            "country:Montenegro training",
        ),
        ("donor: United Kingdom", "donor:\"United Kingdom\""),
    ] {
        let (answer, kept) = answer_and_titles(&engine, typed);
        let (expected_answer, expected) = answer_and_titles(&engine, written);
        assert!(expected_answer.notices.is_empty(), "{written}");
        assert_eq!(kept, expected, "{typed}");
        assert!(
            !answer.fallback && answer.notices.is_empty(),
            "{typed}: {:?}",
            answer.notices
        );
    }
    // A word after the days stays a word.
    assert_eq!(
        found(&engine, "date:2022-03 training"),
        &found(&engine, "date:2022-03") & &training
    );
}

/// `NOT(…)`, the bracket touching `NOT` as it may touch `-`, excludes the
/// group as `NOT (…)` does. Before, `NOT(Albania` was read as words:
/// `training NOT(Albania OR Kosovo)` found training in Albania, or Kosovo.
#[test]
fn not_touching_a_bracket_excludes_the_group() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (typed, written) in [
        (
            "training NOT(Albania OR Kosovo)",
            "training -(Albania OR Kosovo)",
        ),
        ("NOT(firearms)", "-firearms"),
        ("training NOT(country:Albania)", "training -country:Albania"),
    ] {
        let (answer, kept) = answer_and_titles(&engine, typed);
        let expected = found(&engine, written);
        assert!(!expected.is_empty(), "{written}");
        assert_eq!(kept, expected, "{typed}");
        assert!(answer.notices.is_empty(), "{typed}: {:?}", answer.notices);
    }
}

/// A space after a field's colon changes nothing before a group, a quoted
/// value or a range in brackets either (`country: (Albania OR Kosovo)`,
/// `country: "North Macedonia"`, `date: [2022-03-01 TO 2022-03-10]`), as it
/// changes nothing before a plain value (`country: Montenegro`). Before,
/// those were searched as words (`country: (Albania OR Kosovo)` found
/// either word anywhere, the range gave the any-word answer), and
/// `country: NOT(Albania)` was the filter country "NOT(Albania", Albania.
#[test]
fn a_space_after_a_fields_colon_changes_nothing_before_brackets_or_quotes() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (spaced, touching) in [
        (
            "country: (Albania OR Kosovo)",
            "country:(Albania OR Kosovo)",
        ),
        (
            "-country: (Albania OR Kosovo)",
            "-country:(Albania OR Kosovo)",
        ),
        (
            "country: \"North Macedonia\"",
            "country:\"North Macedonia\"",
        ),
        ("title: \"risk indicators\"", "title:\"risk indicators\""),
        (
            "date: [2022-03-01 TO 2022-03-10]",
            "date:[2022-03-01 TO 2022-03-10]",
        ),
        ("date: \"24 March 2022\"", "date:\"24 March 2022\""),
        ("border (country: Albania)", "border country:Albania"),
        ("country: NOT(Albania)", "NOT(Albania)"),
    ] {
        let (answer, kept) = answer_and_titles(&engine, spaced);
        let (expected_answer, expected) = answer_and_titles(&engine, touching);
        assert!(!expected.is_empty(), "{touching}");
        assert_eq!(kept, expected, "{spaced}");
        assert_eq!(answer.fallback, expected_answer.fallback, "{spaced}");
        assert_eq!(answer.notices, expected_answer.notices, "{spaced}");
    }
}

/// An SDG filter reads a goal or target joined to its word by a hyphen or
/// an underscore (`sdg:SDG-16.4`, `--sdg SDG-16.4`, `sdg:Goal_16`) as the
/// query's words do (`SDG-16.4`): the activities labelled with it. Before,
/// such a filter named no value and found nothing.
#[test]
fn an_sdg_filter_reads_a_target_joined_by_a_hyphen() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut labels: BTreeSet<String> = BTreeSet::new();
    for record in gold() {
        for target in strings(&record, "sdg_targets") {
            if let Some((goal, _)) = target.split_once('.') {
                labels.insert(goal.to_string());
            }
            labels.insert(target);
        }
    }
    assert!(!labels.is_empty());
    for label in &labels {
        let expected = found(&engine, &format!("sdg:{label}"));
        assert!(!expected.is_empty(), "sdg:{label}");
        for written in [
            format!("SDG-{label}"),
            format!("sdg_{label}"),
            format!("Goal-{label}"),
            format!("Target-{label}"),
        ] {
            let (answer, kept) = answer_and_titles(&engine, &format!("sdg:{written}"));
            assert_eq!(kept, expected, "sdg:{written}");
            assert!(
                answer.notices.is_empty(),
                "sdg:{written}: {:?}",
                answer.notices
            );
            let flagged = engine
                .search(&SearchRequest {
                    limit: 100,
                    filters: Filters {
                        sdg: vec![written.clone()],
                        ..Filters::default()
                    },
                    ..SearchRequest::new("")
                })
                .expect("search");
            let kept: BTreeSet<String> = flagged.hits.iter().map(|h| h.title.clone()).collect();
            assert_eq!(kept, expected, "--sdg {written}");
        }
    }
}

/// A date written in numbers (`date:2022-03`) is whole: the words after
/// it stay words, as they are before it. Before, `date:2022-03 March` read
/// the month and the word as the dateline "2022-03 March", the first three
/// days of March (4 activities, not the 20 of March 2022 that hold "March").
#[test]
fn a_date_in_numbers_takes_no_dateline_words_after_it() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let months: BTreeSet<String> = gold()
        .iter()
        .flat_map(|g| g["events"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["start"].as_str().map(|d| d[..7].to_string()))
        .collect();
    assert!(!months.is_empty());
    for month in &months {
        let name = NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d")
            .expect("month")
            .format("%B")
            .to_string();
        for (typed, words_first) in [
            (
                format!("date:{month} {name}"),
                format!("{name} date:{month}"),
            ),
            (
                format!("date:{month} {name} 2022"),
                format!("{name} 2022 date:{month}"),
            ),
        ] {
            let (answer, kept) = answer_and_titles(&engine, &typed);
            let (expected_answer, expected) = answer_and_titles(&engine, &words_first);
            assert_eq!(kept, expected, "{typed}");
            assert_eq!(answer.resolved, expected_answer.resolved, "{typed}");
        }
    }
    // Days alone before a month (`date:24-25 March 2022`) still begin a
    // dateline, as quoted.
    let mut spans = 0;
    for event in gold()
        .iter()
        .flat_map(|g| g["events"].as_array().cloned().unwrap_or_default())
    {
        let day = |key: &str| {
            event[key]
                .as_str()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        };
        let (Some(start), Some(end)) = (day("start"), day("end")) else {
            continue;
        };
        if start == end || start.format("%Y-%m").to_string() != end.format("%Y-%m").to_string() {
            continue;
        }
        let dateline = format!(
            "{}-{} {}",
            start.format("%-d"),
            end.format("%-d"),
            start.format("%B %Y")
        );
        let (answer, kept) = answer_and_titles(&engine, &format!("date:{dateline}"));
        let (_, expected) = answer_and_titles(&engine, &format!("date:\"{dateline}\""));
        assert!(!expected.is_empty(), "{dateline}");
        assert_eq!(kept, expected, "date:{dateline}");
        assert!(
            answer.notices.is_empty(),
            "date:{dateline}: {:?}",
            answer.notices
        );
        spans += 1;
    }
    assert!(spans > 0, "no activity of several days in one month");
}

/// A dateline typed after `date:` ends with its year (`date:24 March 2022`,
/// `date:March 2022`): a number after the year is a word of the search, as
/// an SDG goal is (`date:March 2022 16`). Before, it was read as the day,
/// `16 March 2022`.
#[test]
fn a_number_after_a_datelines_year_stays_a_word() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let goals: BTreeSet<String> = gold()
        .iter()
        .flat_map(|g| strings(g, "sdg_targets"))
        .filter_map(|t| t.split('.').next().map(str::to_string))
        .collect();
    let months: BTreeSet<String> = gold()
        .iter()
        .flat_map(|g| g["events"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e["start"].as_str().map(str::to_string))
        .filter_map(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
        .map(|d| d.format("%B %Y").to_string())
        .collect();
    assert!(!goals.is_empty() && !months.is_empty());
    for month in &months {
        for goal in &goals {
            let typed = format!("date:{month} {goal}");
            let (answer, kept) = answer_and_titles(&engine, &typed);
            let (expected_answer, expected) =
                answer_and_titles(&engine, &format!("{goal} date:\"{month}\""));
            assert_eq!(kept, expected, "{typed}");
            assert_eq!(answer.resolved, expected_answer.resolved, "{typed}");
        }
    }
}

/// An excluded group with nothing in it asks for nothing, however it is
/// written: `NOT()` as `-()` and `()` do (every activity, and a notice).
/// Before, `NOT()` alone was searched as the word "not".
#[test]
fn an_empty_group_after_not_asks_for_nothing() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for query in ["-()", "NOT()", "NOT( )", "NOT(OR)", "NOT(())"] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.total, gold().len(), "{query:?}");
        let said = format!("no searchable word in {query:?}; showing every activity");
        assert_eq!(answer.notices, vec![said], "{query:?}");
    }
}

/// `*` or `?` inside a word or a phrase is no wildcard (only a word's last
/// `*` is a prefix), and the answer says so. Before, `fire*arms`,
/// `Podgor?ca` and `"border contr*"` found nothing and said nothing.
#[test]
fn a_wildcard_inside_a_word_or_phrase_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let wildcard = |query: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        answer.notices.iter().any(|n| n.contains("no wildcard"))
    };
    for query in [
        "fire*arms",
        "Podgor?ca",
        "\"border contr*\"",
        "training -fire*arms",
    ] {
        assert!(wildcard(query), "{query}");
    }
    for query in [
        "Podgor*",
        "firearms",
        "\"border control\"",
        "what?",
        "country:Kosovo*",
    ] {
        assert!(!wildcard(query), "{query}");
    }
}

/// A weight that is no number (`police^abc`, `police^`) is named in a
/// notice. Before, `police^abc` found nothing and said nothing.
#[test]
fn a_weight_that_is_no_number_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let says = |query: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        answer.notices.iter().any(|n| n.contains("is no weight"))
    };
    for query in ["police^abc", "police^", "\"border control\"^x"] {
        assert!(says(query), "{query}");
    }
    for query in ["police^3", "police^0.5", "\"border control\"^2", "police"] {
        assert!(!says(query), "{query}");
    }
}

/// The answer lists the clauses typed into the search box that narrow the
/// whole search, each with where it stands in the query: its start and end
/// in UTF-16 code units, as the search page slices the box's text, with
/// Latin and Cyrillic letters beyond ASCII before it. Each form the query
/// language reads (a value of several words, a space after the colon, a
/// dateline's words, ranges written with `TO` or spaced dots, curly quotes,
/// `NOT(…)`, a field's group) slices back to the clause as typed.
#[test]
fn typed_filters_name_their_clause_and_where_it_stands() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let utf16 = |text: &str| text.encode_utf16().count();
    let cases = [
        ("donor:United Kingdom", "donor", false),
        ("country: Montenegro", "country", false),
        ("date:24 March 2022", "date", false),
        ("date:2022-03-01 TO 2022-03-10", "date", false),
        ("date:2022-03 .. 2022-05", "date", false),
        ("country:\u{201C}North Macedonia\u{201D}", "country", false),
        ("NOT(country:Albania)", "country", true),
        ("NOT country:Albania", "country", true),
        ("country:(Crna Gora)", "country", false),
        ("-city:Podgorica", "city", true),
    ];
    for (clause, field, excluded) in cases {
        for before in ["", "Bjelašnica ", "Подгорица Bjelašnica "] {
            let query = format!("{before}{clause} training");
            let answer = engine
                .search(&SearchRequest::new(query.as_str()))
                .expect("search");
            let json = serde_json::to_value(&answer).expect("json");
            let typed = json["typed_filters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(typed.len(), 1, "{query}: {json}");
            let filter = &typed[0];
            assert_eq!(filter["field"], field, "{query}: {filter}");
            assert_eq!(filter["excluded"], excluded, "{query}: {filter}");
            let start = filter["start"].as_u64().expect("start") as usize;
            let end = filter["end"].as_u64().expect("end") as usize;
            assert_eq!((start, end), (utf16(before), utf16(before) + utf16(clause)));
            let units: Vec<u16> = query.encode_utf16().collect();
            assert_eq!(String::from_utf16_lossy(&units[start..end]), clause);
            // What the clause was read as is what `resolved` says of a
            // filter that keeps (an exclusion has no entry there).
            assert!(
                filter["read"].as_array().is_some_and(|r| !r.is_empty()),
                "{query}: {json}"
            );
            if !excluded {
                let value = filter["value"].as_str().expect("value");
                assert_eq!(
                    &filter["read"], &json["resolved"][field][value],
                    "{query}: {filter}"
                );
            }
        }
    }
    // A clause of one alternative narrows that alternative alone: none is listed.
    let answer = engine
        .search(&SearchRequest::new(
            "(country:Albania firearms) OR (country:Kosovo cybercrime)",
        ))
        .expect("search");
    let json = serde_json::to_value(&answer).expect("json");
    assert!(json.get("typed_filters").is_none(), "{json}");
    // One every alternative repeats is listed where each stands; excluded
    // values side by side are filters of their own.
    for (query, clauses) in [
        (
            "(country:Kosovo firearms) OR (country:Kosovo cybercrime)",
            ["country:Kosovo", "country:Kosovo"],
        ),
        (
            "Подгорица -country:Albania -country:Kosovo training",
            ["-country:Albania", "-country:Kosovo"],
        ),
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        let units: Vec<u16> = query.encode_utf16().collect();
        let typed = json["typed_filters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let sliced: Vec<String> = typed
            .iter()
            .filter_map(|f| {
                let start = f["start"].as_u64()? as usize;
                let end = f["end"].as_u64()? as usize;
                Some(String::from_utf16_lossy(units.get(start..end)?))
            })
            .collect();
        assert_eq!(sliced, clauses, "{query}: {json}");
    }
}

/// A weight written in scientific notation past the most a weight may be
/// (`police^1e9`) is read capped, as `police^1000` is: the same hits in
/// the same order as `police^100`, and no notice calling it no weight.
/// Before, it was "no weight", searched as typed and found nothing.
#[test]
fn a_weight_past_the_most_is_read_capped() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = |query: &str| -> (Vec<String>, Vec<String>) {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        (
            answer.hits.into_iter().map(|h| h.id).collect(),
            answer.notices,
        )
    };
    let (capped, _) = ids("police^100 training");
    assert!(!capped.is_empty());
    for query in [
        "police^1e9 training",
        "police^1E3 training",
        "police^1e999 training",
    ] {
        let (hits, notices) = ids(query);
        assert_eq!(hits, capped, "{query}");
        assert!(
            !notices.iter().any(|n| n.contains("is no weight")),
            "{query}: {notices:?}"
        );
    }
    // A sign before the number is no weight still.
    let (_, notices) = ids("police^-1e3");
    assert!(
        notices.iter().any(|n| n.contains("is no weight")),
        "{notices:?}"
    );
}

/// `*` and `?` side by side at a word's end (`Po*?`, `Po?*`) are no
/// prefix: the word is searched as typed, and the notice says they are no
/// wildcard. Before, only "no activity holds" was said, as of a typo; a
/// word's last `*` (`Po*`, `Po**`) stays a prefix, and `what??` a question.
#[test]
fn a_star_beside_a_question_mark_is_named_no_wildcard() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let wildcard = |query: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        answer.notices.iter().any(|n| n.contains("no wildcard"))
    };
    for query in ["Po*?", "Po?*", "training Po*?"] {
        assert!(wildcard(query), "{query}");
    }
    for query in ["Po*", "Po**", "what??", "training what?"] {
        assert!(!wildcard(query), "{query}");
    }
}

/// A range of years or months (`year:2021..2022`, `month:2022-02..2022-03`,
/// with brackets, `TO`, spaced dots or a comparison, as a date range is
/// written) keeps the activities of each year or month it spans, as the
/// gold records' months say; the answer's `typed_filters` names the
/// clause as typed. Before, each found nothing ("no activity has year").
#[test]
fn year_and_month_ranges_keep_the_years_and_months_between() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold_months: BTreeSet<String> = gold().iter().flat_map(months).collect();
    let first = gold_months.first().expect("a month").clone();
    let last = gold_months.last().expect("a month").clone();
    let year_of = |month: &str| month[..4].parse::<i32>().expect("year");
    let (first_year, last_year) = (year_of(&first), year_of(&last));
    let with_month =
        |keep: &dyn Fn(&str) -> bool| gold_titles(|g| months(g).iter().any(|m| keep(m)));
    let years = |from: i32, to: i32| with_month(&move |m: &str| (from..=to).contains(&year_of(m)));
    let between = |from: String, to: String| {
        with_month(&move |m: &str| from.as_str() <= m && m <= to.as_str())
    };
    let before = format!("{}-12", first_year - 1);
    let cases: Vec<(String, BTreeSet<String>)> = vec![
        (
            format!("year:{}..{last_year}", first_year - 1),
            years(first_year - 1, last_year),
        ),
        (
            format!("year:[{} TO {last_year}]", first_year - 1),
            years(first_year - 1, last_year),
        ),
        (
            format!("year:{} .. {last_year}", first_year - 1),
            years(first_year - 1, last_year),
        ),
        (format!("year:{first_year}.."), years(first_year, 9999)),
        (format!("year:>={last_year}"), years(last_year, 9999)),
        (
            format!("year:..{}", first_year - 1),
            years(0, first_year - 1),
        ),
        (
            format!("month:{first}..{last}"),
            between(first.clone(), last.clone()),
        ),
        (
            format!("month:{before}..{first}"),
            between(before.clone(), first.clone()),
        ),
        (
            format!("month:[{first} TO {last}]"),
            between(first.clone(), last.clone()),
        ),
        (
            format!("month:{first} TO {first}"),
            between(first.clone(), first.clone()),
        ),
        (
            format!("month:{last}.."),
            between(last.clone(), "9999-12".into()),
        ),
    ];
    for (clause, expected) in cases {
        let query = format!("{clause} training");
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(clause.as_str())
            })
            .expect("search");
        let got: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        assert_eq!(got, expected, "{clause}: {:?}", answer.notices);
        if expected.is_empty() {
            continue;
        }
        // The clause is one chip, sliced back as typed.
        let answer = engine
            .search(&SearchRequest::new(query.as_str()))
            .expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        let typed = json["typed_filters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        assert_eq!(typed.len(), 1, "{query}: {json}");
        let start = typed[0]["start"].as_u64().expect("start") as usize;
        let end = typed[0]["end"].as_u64().expect("end") as usize;
        let units: Vec<u16> = query.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&units[start..end]), clause);
    }
}

/// A filter value ending in `*` (`country:Monte*`, `city:Pod*`) keeps the
/// activities with a value that starts so, as a word's prefix finds the
/// words that start so: the gold records' countries and cities that begin
/// with the typed letters. Before, `country:Monte*` found nothing ("no
/// activity has country").
#[test]
fn a_filter_value_ending_in_a_star_is_the_values_that_start_so() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold_countries: BTreeSet<String> = gold().iter().flat_map(countries).collect();
    let gold_cities: BTreeSet<String> = gold().iter().flat_map(cities).collect();
    let starts = |value: &str, prefix: &str| fold(value).starts_with(&fold(prefix));
    let mut checked = 0;
    for (field, values, of) in [
        (
            "country",
            &gold_countries,
            countries as fn(&Value) -> Vec<String>,
        ),
        ("city", &gold_cities, cities as fn(&Value) -> Vec<String>),
    ] {
        for value in values {
            let prefix: String = value.chars().take(3).collect();
            if prefix.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
                continue;
            }
            let query = format!("{field}:{prefix}*");
            let expected = gold_titles(|g| of(g).iter().any(|v| starts(v, &prefix)));
            let answer = engine
                .search(&SearchRequest {
                    limit: 100,
                    ..SearchRequest::new(query.as_str())
                })
                .expect("search");
            let got: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
            assert_eq!(got, expected, "{query}: {:?}", answer.notices);
            assert!(!got.is_empty(), "{query}");
            checked += 1;
        }
    }
    assert!(checked > 0);
    // Excluded, the values that start so are left out.
    let montenegro = gold_titles(|g| countries(g).iter().any(|c| starts(c, "Monte")));
    let all: BTreeSet<String> = gold_titles(|_| true);
    let expected: BTreeSet<String> = all.difference(&montenegro).cloned().collect();
    assert_eq!(found(&engine, "-country:Monte*"), expected);
}

/// A filter's values listed with commas (`country:Montenegro,Albania`,
/// `country:Montenegro, Albania`, `sdg:16.4,16.a`) keep an activity with
/// either, as `country:(Montenegro OR Albania)` does: the gold records'
/// countries, donors and SDG targets taken two by two. Before, the list
/// was read as one value: by accident of partial matching, or not at all.
#[test]
fn a_filter_list_with_commas_keeps_either_value() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let fields: [(&str, ValuesOf); 3] = [
        ("country", Box::new(countries)),
        ("donor", Box::new(|g| strings(g, "donors"))),
        ("sdg", Box::new(|g| strings(g, "sdg_targets"))),
    ];
    for (field, of) in fields {
        let values: Vec<String> = gold_counts(&of).into_keys().collect();
        assert!(values.len() >= 2, "{field}");
        for pair in values.windows(2).take(4) {
            let (a, b) = (&pair[0], &pair[1]);
            let expected = gold_titles(|g| of(g).iter().any(|v| v == a || v == b));
            let group = found(&engine, &format!("{field}:(\"{a}\" OR \"{b}\")"));
            assert_eq!(group, expected, "{field}:({a} OR {b})");
            for clause in [format!("{field}:{a},{b}"), format!("{field}:{a}, {b}")] {
                let answer = engine
                    .search(&SearchRequest {
                        limit: 100,
                        ..SearchRequest::new(clause.as_str())
                    })
                    .expect("search");
                let got: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
                assert_eq!(got, expected, "{clause}: {:?}", answer.notices);
                // One chip, sliced back as typed.
                let query = format!("{clause} training");
                let answer = engine
                    .search(&SearchRequest::new(query.as_str()))
                    .expect("search");
                let json = serde_json::to_value(&answer).expect("json");
                let typed = json["typed_filters"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(typed.len(), 1, "{query}: {json}");
                let start = typed[0]["start"].as_u64().expect("start") as usize;
                let end = typed[0]["end"].as_u64().expect("end") as usize;
                let units: Vec<u16> = query.encode_utf16().collect();
                assert_eq!(String::from_utf16_lossy(&units[start..end]), clause);
            }
        }
    }
}

/// A value of a filter's list that names none (`country:Montenegro,Atlantis`)
/// is left out, and a notice names it; the others keep their activities.
/// Before, the list was read by partial matching, and nothing was said.
#[test]
fn a_value_of_a_filter_list_that_names_none_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let country = gold_counts(countries)
        .into_keys()
        .next()
        .expect("a country");
    let missing = "Atlantis";
    assert!(!gold_counts(countries).contains_key(missing));
    let answer = engine
        .search(&SearchRequest {
            limit: 100,
            ..SearchRequest::new(format!("country:{country},{missing}").as_str())
        })
        .expect("search");
    let got: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
    assert_eq!(got, gold_titles(|g| countries(g).contains(&country)));
    assert!(
        answer
            .notices
            .iter()
            .any(|n| n.contains(&format!("country \"{missing}\""))),
        "{:?}",
        answer.notices
    );
}

/// A range whose sides are both a dateline's words, unquoted, with dots
/// spaced or not (`date:24 March 2022 .. 28 March 2022`,
/// `date:24 March 2022..28 March 2022`), or by `TO` without brackets
/// (`date:24 March 2022 TO 28 March 2022`), is one range: the
/// activities with a part that meets those days, from the gold records'
/// parts. Before, the end was left as words and the range open.
#[test]
fn a_range_of_two_datelines_is_one_range() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let days: BTreeSet<(NaiveDate, NaiveDate)> = gold()
        .iter()
        .flat_map(events)
        .filter_map(|e| Some((date(e["start"].as_str()?), date(e["end"].as_str()?))))
        .collect();
    let dateline = |day: NaiveDate| day.format("%-d %B %Y").to_string();
    let mut checked = 0;
    for &(from, to) in days.iter().filter(|(from, to)| from < to).take(6) {
        let expected = gold_titles(|g| {
            events(g).iter().any(|e| {
                let (Some(start), Some(end)) = (e["start"].as_str(), e["end"].as_str()) else {
                    return false;
                };
                date(start) <= to && date(end) >= from
            })
        });
        for clause in [
            format!("date:{} .. {}", dateline(from), dateline(to)),
            format!("date:{} .. {}", from, dateline(to)),
            format!("date:{}..{}", dateline(from), dateline(to)),
            format!("date:{} TO {}", dateline(from), dateline(to)),
        ] {
            let answer = engine
                .search(&SearchRequest {
                    limit: 100,
                    ..SearchRequest::new(clause.as_str())
                })
                .expect("search");
            let got: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
            assert_eq!(got, expected, "{clause}: {:?}", answer.notices);
            let json = serde_json::to_value(&answer).expect("json");
            let typed = json["typed_filters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(typed.len(), 1, "{clause}: {json}");
            assert_eq!(
                typed[0]["end"].as_u64(),
                Some(clause.encode_utf16().count() as u64)
            );
            assert_eq!(
                typed[0]["read"],
                serde_json::json!([format!("{from}..{to}")]),
                "{clause}"
            );
            checked += 1;
        }
    }
    assert!(checked > 0);
}

/// Dates written with slashes that name their days one way only are read:
/// a four-digit year with its month (`2022/03`, `03/2022`), a year, month
/// and day (`2022/03/24`), and day, month and year as the bulletins'
/// datelines write them (`24/03/2022`, as `24.03.2022`), each keeping the
/// activities with a part on those days, as the gold records' parts say. A
/// day and month that could be either way round (`01/03/2022`) are left
/// out with a notice naming both readings. Before, each was "not a date".
#[test]
fn slashed_dates_that_name_their_days_one_way_are_read() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let meeting = |from: NaiveDate, to: NaiveDate| {
        gold_titles(|g| {
            events(g).iter().any(|e| {
                let (Some(start), Some(end)) = (e["start"].as_str(), e["end"].as_str()) else {
                    return false;
                };
                date(start) <= to && date(end) >= from
            })
        })
    };
    let starts: BTreeSet<NaiveDate> = gold()
        .iter()
        .flat_map(events)
        .filter_map(|e| e["start"].as_str().map(date))
        .collect();
    let search = |clause: &str| {
        engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(clause)
            })
            .expect("search")
    };
    let mut checked = 0;
    for day in starts.iter().filter(|d| d.day() > 12) {
        let first = day.with_day(1).expect("first day");
        let last = (first + chrono::Months::new(1))
            .pred_opt()
            .expect("last day");
        let month = meeting(first, last);
        let one = meeting(*day, *day);
        for (clause, expected) in [
            (day.format("date:%Y/%m/%d").to_string(), &one),
            (day.format("date:%d/%m/%Y").to_string(), &one),
            (day.format("date:%Y/%m").to_string(), &month),
            (day.format("date:%m/%Y").to_string(), &month),
        ] {
            let answer = search(&clause);
            let got: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
            assert_eq!(&got, expected, "{clause}: {:?}", answer.notices);
            assert!(answer.notices.is_empty(), "{clause}: {:?}", answer.notices);
            checked += 1;
        }
        // Month first, as no dateline writes it: a notice says how to write it.
        let month_first = day.format("date:%m/%d/%Y").to_string();
        let answer = search(&month_first);
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains("no month") && n.contains(&day.format("%Y-%m-%d").to_string())),
            "{month_first}: {:?}",
            answer.notices
        );
        // The same day and month either way round.
        let ambiguous = format!("date:{:02}/{:02}/{}", 1, day.month(), day.year());
        if day.month() != 1 {
            let answer = search(&ambiguous);
            assert_eq!(answer.total as usize, all_ids(&engine).len(), "{ambiguous}");
            assert!(
                answer.notices.iter().any(|n| n.contains("could be")),
                "{ambiguous}: {:?}",
                answer.notices
            );
        }
    }
    assert!(checked > 0);
}

/// A filter before `NOT word` (`country:Albania NOT training`) is a chip
/// of its own: its span ends with the clause, so that taking the chip out
/// of the box leaves `NOT training` as typed. Before, the chip took the
/// `NOT` with it, and taking it out turned the exclusion into a word.
#[test]
fn a_chip_before_not_leaves_the_not_in_the_box() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let country = gold_counts(countries)
        .into_keys()
        .next()
        .expect("a country");
    let donor = gold_donors().into_iter().next().expect("a donor");
    for clause in [
        format!("country:{country}"),
        format!("-country:{country}"),
        format!("donor:\"{donor}\""),
    ] {
        for rest in ["NOT training", "AND NOT training", "NOT"] {
            let query = format!("{clause} {rest}");
            let answer = engine
                .search(&SearchRequest::new(query.as_str()))
                .expect("search");
            let json = serde_json::to_value(&answer).expect("json");
            let typed = json["typed_filters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(typed.len(), 1, "{query}: {json}");
            let start = typed[0]["start"].as_u64().expect("start") as usize;
            let end = typed[0]["end"].as_u64().expect("end") as usize;
            let units: Vec<u16> = query.encode_utf16().collect();
            assert_eq!(
                String::from_utf16_lossy(&units[start..end]),
                clause,
                "{query}"
            );
        }
    }
}

/// A range of years or months that ends before it starts
/// (`month:2022-03..2022-02`) keeps no activity, and the notice says why.
/// Before, it said only that no activity has that month.
#[test]
fn a_year_or_month_range_that_ends_before_it_starts_says_so() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold_months: BTreeSet<String> = gold().iter().flat_map(months).collect();
    let last = gold_months.last().expect("a month");
    let year: i32 = last[..4].parse().expect("year");
    for clause in [
        format!("month:{last}..{}-01", year - 1),
        format!("year:{year}..{}", year - 1),
    ] {
        let answer = engine
            .search(&SearchRequest::new(clause.as_str()))
            .expect("search");
        assert_eq!(answer.total, 0, "{clause}");
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains(&clause) && n.contains("ends before it starts")),
            "{clause}: {:?}",
            answer.notices
        );
    }
}

/// A title several activities share (a workshop held month after month)
/// is suggested once, leaving room for the other titles the typed word
/// begins (each of ten dates used to fill the list with the same line,
/// crowding the other title out), after a filter as after words alone.
#[test]
fn a_title_several_activities_share_is_suggested_once() {
    let mut text = String::new();
    for day in 1..=10 {
        text.push_str(&format!(
            "Regional workshop on container profiling\n{day} March 2022, Skopje, North Macedonia: UNODC held a workshop on profiling, session {day}.\n\n"
        ));
    }
    text.push_str("Regional conference on border security\n20 March 2022, Ohrid, North Macedonia: UNODC hosted a conference on border security.\n");
    let (_dir, engine) = engine_of_bulletin("2022-03-workshops.txt", text);
    let records = engine.records().expect("records");
    let expected: BTreeSet<String> = records
        .iter()
        .filter(|r| r.title.starts_with("Regional"))
        .map(|r| r.title.clone())
        .collect();
    assert_eq!(expected.len(), 2, "{expected:?}");
    for typed in ["regio", "country:\"North Macedonia\" regio"] {
        let titles: Vec<String> = engine
            .suggest(typed, 8)
            .expect("suggest")
            .into_iter()
            .filter(|s| s.kind == "title")
            .map(|s| s.text)
            .collect();
        let distinct: BTreeSet<String> = titles.iter().cloned().collect();
        assert_eq!(distinct.len(), titles.len(), "{typed}: {titles:?}");
        assert_eq!(distinct, expected, "{typed}");
    }
}

/// The filters an answer lists (`typed_filters`), each sliced out of the
/// query by its UTF-16 span, with its value and what it was read as.
fn typed_clauses(engine: &Engine, query: &str) -> Vec<(String, String, Vec<String>)> {
    let answer = engine.search(&SearchRequest::new(query)).expect("search");
    let json = serde_json::to_value(&answer).expect("json");
    let units: Vec<u16> = query.encode_utf16().collect();
    json["typed_filters"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter_map(|f| {
            let start = f["start"].as_u64()? as usize;
            let end = f["end"].as_u64()? as usize;
            let read = f["read"]
                .as_array()?
                .iter()
                .filter_map(|r| r.as_str().map(String::from))
                .collect();
            Some((
                String::from_utf16_lossy(units.get(start..end)?),
                f["value"].as_str()?.to_string(),
                read,
            ))
        })
        .collect()
}

/// An operator word (`AND`, `&&`, `OR`) ends a filter's value of several
/// words: `donor:United AND Kingdom` is the donors named "United…" and the
/// word `Kingdom`, as `donor:United Kingdom` without the operator is not.
/// Before, the value ran on over `AND` and read "United Kingdom".
#[test]
fn an_operator_word_ends_a_filter_value() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, clause, value, word) in [
        (
            "donor:United AND Kingdom",
            "donor:United",
            "United",
            "Kingdom",
        ),
        (
            "donor:United && Kingdom",
            "donor:United",
            "United",
            "Kingdom",
        ),
        (
            "country:Bosnia AND Herzegovina",
            "country:Bosnia",
            "Bosnia",
            "Herzegovina",
        ),
    ] {
        let expected: BTreeSet<String> = found(&engine, clause)
            .intersection(&found(&engine, word))
            .cloned()
            .collect();
        assert_eq!(found(&engine, query), expected, "{query}");
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        let field = clause.split_once(':').map(|(f, _)| f).unwrap_or_default();
        let resolved: Vec<String> = json["resolved"][field]
            .as_object()
            .map(|o| o.keys().cloned().collect())
            .unwrap_or_default();
        assert_eq!(resolved, [value], "{query}: {json}");
        let typed = typed_clauses(&engine, query);
        assert_eq!(
            typed.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            [clause],
            "{query}: {typed:?}"
        );
    }
    // Either side of `OR`: the donors named "United…", or the word.
    let either: BTreeSet<String> = found(&engine, "donor:United")
        .union(&found(&engine, "Kingdom"))
        .cloned()
        .collect();
    assert_eq!(found(&engine, "donor:United OR Kingdom"), either);
    // In a field's group too: each value on its own.
    let answer = engine
        .search(&SearchRequest::new("donor:(United AND Kingdom)"))
        .expect("search");
    let json = serde_json::to_value(&answer).expect("json");
    assert!(
        json["resolved"]["donor"].get("United Kingdom").is_none()
            && json["resolved"]["donor"].get("United").is_some(),
        "{json}"
    );
}

/// A range with `TO` may mix a date in numbers and a dateline's words on
/// its two ends, either way round, as it may with `..`: the activities with
/// a part that overlaps the days, as the gold records date them, and one
/// typed filter over the whole clause. Before, `date:2022-03-24 TO 28
/// March 2022` was the day 2022-03-24 and the words `TO 28 March 2022`.
#[test]
fn a_range_mixes_numbers_and_a_datelines_words_on_its_ends() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (from, to) = (date("2022-03-24"), date("2022-03-28"));
    let expected = gold_titles(|g| {
        events(g).iter().any(|e| {
            let (Some(start), Some(end)) = (e["start"].as_str(), e["end"].as_str()) else {
                return false;
            };
            date(start) <= to && date(end) >= from
        })
    });
    assert!(!expected.is_empty());
    for query in [
        "date:2022-03-24 TO 28 March 2022",
        "date:2022-03-24 to 28 March 2022",
        "date:24 March 2022 TO 2022-03-28",
        "date:2022-03-24 TO 2022-03-28",
        "date:24 March 2022 TO 28 March 2022",
        "date:2022-03-24 .. 28 March 2022",
        "date:24 March 2022 .. 2022-03-28",
        "date:24 March 2022 .. 28 March 2022",
        "date:2022-03-24..28 March 2022",
        "date:24 March 2022..2022-03-28",
        "date:24 March 2022.. 28 March 2022",
    ] {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        assert_eq!(titles, expected, "{query}");
        assert!(!answer.fallback, "{query}");
        let typed = typed_clauses(&engine, query);
        assert_eq!(typed.len(), 1, "{query}: {typed:?}");
        assert_eq!(typed[0].0, query, "{query}: {typed:?}");
        assert_eq!(typed[0].2, [format!("{from}..{to}")], "{query}: {typed:?}");
    }
    // A side left open, the other a dateline's words touching the dots.
    for (query, read) in [
        ("date:24 March 2022..", format!("{from}..")),
        ("date:..28 March 2022", format!("..{to}")),
    ] {
        assert_eq!(
            found(&engine, query),
            found(&engine, &format!("date:{read}")),
            "{query}"
        );
        let typed = typed_clauses(&engine, query);
        assert_eq!(typed.len(), 1, "{query}: {typed:?}");
        assert_eq!((typed[0].0.as_str(), &typed[0].2), (query, &vec![read]));
    }
}

/// A space after a field's colon before its group (`country: (Albania OR
/// Kosovo)`) reads as the group without it, in the answer's
/// `typed_filters` too: one filter, its span the clause as typed. Before,
/// the spaced group was searched alike but listed no filter.
#[test]
fn a_spaced_group_is_a_typed_filter_as_the_group_is() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (tight, spaced) in [
        (
            "country:(Albania OR Kosovo)",
            "country: (Albania OR Kosovo)",
        ),
        (
            "country:(Albania OR Kosovo)",
            "country:  (Albania OR Kosovo)",
        ),
        (
            "-country:(Albania OR Kosovo)",
            "-country: (Albania OR Kosovo)",
        ),
        (
            "date:[2022-03-01 TO 2022-03-10]",
            "date: [2022-03-01 TO 2022-03-10]",
        ),
    ] {
        for before in ["", "Bjelašnica "] {
            let (tight_query, spaced_query) = (
                format!("{before}{tight} training"),
                format!("{before}{spaced} training"),
            );
            assert_eq!(found(&engine, &tight_query), found(&engine, &spaced_query));
            let (tight_typed, spaced_typed) = (
                typed_clauses(&engine, &tight_query),
                typed_clauses(&engine, &spaced_query),
            );
            assert_eq!(tight_typed.len(), 1, "{tight_query}: {tight_typed:?}");
            assert_eq!(spaced_typed.len(), 1, "{spaced_query}: {spaced_typed:?}");
            assert_eq!(spaced_typed[0].0, spaced, "{spaced_query}");
            assert_eq!(tight_typed[0].2, spaced_typed[0].2, "{spaced_query}");
        }
    }
}

/// A prefix followed by punctuation (`Podgor*,`, as a list is typed) is the
/// prefix: the punctuation is left out, as it is after any word. Before,
/// `Podgor*,` was searched as typed, found nothing, and was named only as
/// a word no activity holds, while `Po*?` was named no wildcard; a star
/// with punctuation and letters after it (`fire*-arms`, `Podgor*'s`) was
/// named no wildcard neither.
#[test]
fn a_prefix_before_punctuation_is_the_prefix() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let answer = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let ids: Vec<String> = answer.hits.iter().map(|h| h.id.clone()).collect();
        (ids, answer.notices, answer.fallback)
    };
    let (prefix, _, _) = answer("Podgor* training");
    assert!(!prefix.is_empty());
    for query in [
        "Podgor*, training",
        "Podgor*. training",
        "Podgor*; training",
        "Podgor*: training",
    ] {
        let (ids, notices, fallback) = answer(query);
        assert_eq!(ids, prefix, "{query}: {notices:?}");
        assert!(notices.is_empty() && !fallback, "{query}: {notices:?}");
    }
    // `*` and `?` side by side are no wildcard, punctuation after them or
    // not; nor is a star with a letter after it in the word, punctuation
    // between them or not.
    for query in ["Po*?, training", "fire*-arms", "Podgor*'s", "fire*arms"] {
        let (_, notices, _) = answer(query);
        assert!(
            notices.iter().any(|n| n.contains("no wildcard")),
            "{query}: {notices:?}"
        );
    }
}

/// A filter value of one letter and `*` (`country:M*`) is every value
/// that starts with the letter, as the gold records name them: a field's
/// values are few, so a prefix of one letter is enough. Before, it was
/// read as the value "M*", which no activity has.
#[test]
fn a_one_letter_prefix_of_a_filter_value_is_every_value_so_started() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (field, letter) in [("country", 'M'), ("donor", 'U'), ("country", 'A')] {
        let values: BTreeSet<String> = gold()
            .iter()
            .flat_map(|g| match field {
                "country" => countries(g),
                _ => strings(g, "donors"),
            })
            .filter(|v| v.starts_with(letter))
            .collect();
        assert!(!values.is_empty(), "{field}:{letter}*");
        let expected = gold_titles(|g| {
            let of = match field {
                "country" => countries(g),
                _ => strings(g, "donors"),
            };
            of.iter().any(|v| values.contains(v))
        });
        let query = format!("{field}:{letter}*");
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query.as_str())
            })
            .expect("search");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        assert_eq!(titles, expected, "{query}: {:?}", answer.notices);
        let typed = typed_clauses(&engine, &query);
        let read: BTreeSet<String> = typed.iter().flat_map(|t| t.2.clone()).collect();
        assert_eq!(read, values, "{query}");
    }
}

/// A value written over several words reads alike in a group, the group's
/// closing bracket touching its last word: `(date:24 March 2022)` is the
/// day, `(date: 2022-03)` the month, `(training date:March 2022)` March
/// 2022, and a range with `TO` or spaced dots the range, as each reads
/// without the brackets. Before, the bracket hid the last word: `date:24`
/// was "not a date" and left out, `date:March` was every March and `2022`
/// a word, `2022-03)` a word (`03` was named as no activity's).
#[test]
fn a_value_of_several_words_reads_alike_in_a_group() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (grouped, bare) in [
        (
            "(date:24 March 2022) training",
            "date:24 March 2022 training",
        ),
        ("(date: 2022-03) training", "date:2022-03 training"),
        ("(training date:March 2022)", "training date:March 2022"),
        (
            "(date:24 March 2022 TO 28 March 2022)",
            "date:24 March 2022 TO 28 March 2022",
        ),
        (
            "(date:24 March 2022 .. 28 March 2022)",
            "date:24 March 2022 .. 28 March 2022",
        ),
        (
            "(date:2022-03-24 TO 28 March 2022)",
            "date:2022-03-24 TO 28 March 2022",
        ),
    ] {
        let read = |query: &str| {
            let answer = engine
                .search(&SearchRequest {
                    limit: 100,
                    ..SearchRequest::new(query)
                })
                .expect("search");
            let json = serde_json::to_value(&answer).expect("json");
            let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
            (
                titles,
                answer.notices,
                json["resolved"].clone(),
                answer.fallback,
            )
        };
        let (titles, notices, resolved, fallback) = read(grouped);
        let expected = read(bare);
        assert!(!expected.0.is_empty(), "{bare}");
        assert_eq!((titles, notices, resolved, fallback), expected, "{grouped}");
    }
}

/// A range of months with `TO` may write either end as a dateline's words
/// (`month:February 2022 TO 2022-03`), as a date range may: the months
/// between, as the gold records' months say, and one typed filter over the
/// whole clause. Before, `month:2022-02 TO March 2022` was February alone
/// and the words `TO March 2022`, `month:February 2022 TO 2022-03` fell
/// back to any word, naming `03` as a word no activity holds.
#[test]
fn a_month_range_mixes_numbers_and_a_datelines_words() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold_months: BTreeSet<String> = gold().iter().flat_map(months).collect();
    let first = gold_months.first().expect("a month").clone();
    let last = gold_months.last().expect("a month").clone();
    assert_ne!(first, last, "the gold records span two months or more");
    let words = |month: &str| date(&format!("{month}-01")).format("%B %Y").to_string();
    let expected = gold_titles(|g| {
        months(g)
            .iter()
            .any(|m| m.as_str() >= first.as_str() && m.as_str() <= last.as_str())
    });
    let between: BTreeSet<String> = gold_months.clone();
    for query in [
        format!("month:{first} TO {last}"),
        format!("month:{first} TO {}", words(&last)),
        format!("month:{} TO {last}", words(&first)),
        format!("month:{} TO {}", words(&first), words(&last)),
        format!("month:{} .. {}", words(&first), words(&last)),
    ] {
        assert_eq!(found(&engine, &query), expected, "{query}");
        let typed = typed_clauses(&engine, &query);
        assert_eq!(typed.len(), 1, "{query}: {typed:?}");
        assert_eq!(typed[0].0, query, "{query}: {typed:?}");
        let read: BTreeSet<String> = typed[0].2.iter().cloned().collect();
        assert_eq!(read, between, "{query}");
    }
}

/// A typed filter after an operator (`firearms AND country:Albania`,
/// `firearms && -country:Albania`) starts at its own first character (its
/// `-` or `NOT` included), not at the operator, so that taking the chip
/// out of the box leaves the operator's other side whole. Before, the
/// span began at `AND` or `&&`.
#[test]
fn a_typed_filter_after_an_operator_leaves_the_operator_out() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, clauses) in [
        ("firearms AND country:Albania", vec!["country:Albania"]),
        ("firearms && -country:Albania", vec!["-country:Albania"]),
        (
            "country:Albania AND NOT country:Kosovo",
            vec!["country:Albania", "NOT country:Kosovo"],
        ),
        ("training AND date:2022-03", vec!["date:2022-03"]),
    ] {
        let typed: Vec<String> = typed_clauses(&engine, query)
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(typed, clauses, "{query}");
    }
}

/// A dateline's words without quotes are the clause's value after a space
/// (`date: 24 March 2022`, `date: March 2022`, `date: March`) and after
/// `from:` and `to:` (`from:20 March 2022`), as `date:24 March 2022` is:
/// the same hits, notices and `resolved` as the quoted value, and one typed
/// filter over the clause as typed. Before, `date: 24 March 2022` left the
/// filter out and searched the words, and `from:20 March 2022` read
/// `from:20`, "not a date", and kept every activity.
#[test]
fn a_datelines_words_are_the_value_after_a_space_or_a_flag() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (clause, quoted) in [
        ("date: 24 March 2022", "date:\"24 March 2022\""),
        ("date: March 2022", "date:\"March 2022\""),
        ("date: March", "date:March"),
        ("from:20 March 2022", "from:\"20 March 2022\""),
        ("from: 20 March 2022", "from:\"20 March 2022\""),
        ("to:March 2022", "to:\"March 2022\""),
        ("to: 10 March 2022", "to:\"10 March 2022\""),
    ] {
        let read = |query: &str| {
            let answer = engine
                .search(&SearchRequest {
                    limit: 100,
                    ..SearchRequest::new(query)
                })
                .expect("search");
            let json = serde_json::to_value(&answer).expect("json");
            let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
            (titles, answer.notices, json["resolved"].clone())
        };
        let query = format!("{clause} training");
        let expected = read(&format!("{quoted} training"));
        assert!(!expected.0.is_empty(), "{quoted}");
        assert_eq!(read(&query), expected, "{query}");
        let typed = typed_clauses(&engine, &query);
        assert_eq!(
            typed.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            [clause],
            "{query}"
        );
    }
}

/// A weight after a filter's value of several words (`country:North
/// Macedonia^2`) is the value's, as after a value of one word
/// (`country:Montenegro^2`): the same hits and `resolved` as without it (a
/// filter scores nothing), and one typed filter, its weight included.
/// Before, the value stopped before the weighed word: `country:North` and
/// a required word `Macedonia`.
#[test]
fn a_weight_after_a_filter_value_of_several_words_is_the_values() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (clause, bare) in [
        ("country:North Macedonia^2", "country:North Macedonia"),
        ("donor:United Kingdom^3", "donor:United Kingdom"),
    ] {
        let read = |query: &str| {
            let answer = engine
                .search(&SearchRequest {
                    limit: 100,
                    ..SearchRequest::new(query)
                })
                .expect("search");
            let json = serde_json::to_value(&answer).expect("json");
            let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
            (titles, json["resolved"].clone())
        };
        let query = format!("{clause} training");
        assert_eq!(read(&query), read(&format!("{bare} training")), "{query}");
        let typed = typed_clauses(&engine, &query);
        assert_eq!(
            typed.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            [clause],
            "{query}"
        );
    }
}

/// A field's group left open at the end of the query (`country:(Albania
/// OR Kosovo`) closes there, as the search reads it, and is listed as a
/// typed filter, as the closed group is: the same values, its span running
/// to the end of the query. Before, the search narrowed by it, but the
/// answer listed no filter, so the page showed no chip.
#[test]
fn a_group_left_open_at_the_end_is_a_typed_filter() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (open, closed) in [
        (
            "training country:(Albania OR Kosovo",
            "training country:(Albania OR Kosovo)",
        ),
        (
            "training country: (Crna Gora",
            "training country: (Crna Gora)",
        ),
        (
            "training -country:(Albania OR Kosovo  ",
            "training -country:(Albania OR Kosovo)",
        ),
    ] {
        assert_eq!(found(&engine, open), found(&engine, closed), "{open}");
        let (open_typed, closed_typed) =
            (typed_clauses(&engine, open), typed_clauses(&engine, closed));
        assert_eq!(open_typed.len(), 1, "{open}: {open_typed:?}");
        assert_eq!(
            open_typed[0].0,
            open.trim_end()["training ".len()..],
            "{open}"
        );
        assert_eq!(open_typed[0].2, closed_typed[0].2, "{open}");
    }
}

/// A group in brackets of one field's clauses (`NOT(country:Albania OR
/// country:Kosovo)`, `(country:Albania OR country:Kosovo)`) is one typed
/// filter, as the field's group (`-country:(Albania OR Kosovo)`) is: the
/// same hits, value, exclusion and values read, its span the group as
/// typed. Before, an excluded group of clauses listed no filter (the page
/// showed no chip while the search left both countries out).
#[test]
fn a_group_of_one_fields_clauses_is_one_typed_filter() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let filters = |query: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        json["typed_filters"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    for (clauses, group) in [
        (
            "NOT(country:Albania OR country:Kosovo)",
            "-country:(Albania OR Kosovo)",
        ),
        (
            "-(country:Albania OR country:Kosovo)",
            "-country:(Albania OR Kosovo)",
        ),
        (
            "(country:Albania OR country:Kosovo)",
            "country:(Albania OR Kosovo)",
        ),
    ] {
        let (query, grouped) = (format!("training {clauses}"), format!("training {group}"));
        assert_eq!(found(&engine, &query), found(&engine, &grouped), "{query}");
        let typed = typed_clauses(&engine, &query);
        assert_eq!(
            typed.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            [clauses],
            "{query}"
        );
        let (one, other) = (filters(&query), filters(&grouped));
        for key in ["field", "value", "excluded", "read"] {
            assert_eq!(one[0][key], other[0][key], "{query}: {key}");
        }
    }
}

/// `NOT` before an excluded clause (`NOT -training`, `NOT
/// -country:Albania`) takes the exclusion back, with brackets around it or
/// not, as a group reads it: the hits of the clause itself. Before,
/// without brackets it excluded (`NOT` and `-` each set the exclusion),
/// with them it kept, so `NOT -training` and `(NOT -training)` differed.
#[test]
fn not_before_an_exclusion_takes_it_back_with_brackets_or_without() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, same) in [
        ("NOT -training", "training"),
        ("(NOT -training)", "training"),
        (
            "NOT -country:Montenegro training",
            "country:Montenegro training",
        ),
        (
            "(NOT -country:Montenegro) training",
            "country:Montenegro training",
        ),
    ] {
        assert!(!found(&engine, same).is_empty(), "{same}");
        assert_eq!(found(&engine, query), found(&engine, same), "{query}");
    }
    let typed = typed_clauses(&engine, "NOT -country:Albania training");
    let answer = engine
        .search(&SearchRequest::new("NOT -country:Albania training"))
        .expect("search");
    let json = serde_json::to_value(&answer).expect("json");
    assert_eq!(typed.len(), 1, "{typed:?}");
    assert_eq!(json["typed_filters"][0]["excluded"], false, "{json}");
}

/// A weight after a group's closing bracket (`(firearms OR cybercrime)^2`)
/// closes the group and weighs each of its words, as Lucene weighs the
/// group: the same hits and scores as each word weighed; after a field's
/// group it weighs nothing (a filter scores nothing). Before, `)^2` closed
/// no group: the group ran on to the end of the query, so in
/// `country:(Albania OR Kosovo)^2 training` the word `training` was read
/// as a country.
#[test]
fn a_weight_after_a_group_closes_it_and_weighs_its_words() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let scored = |query: &str| -> Vec<(String, String)> {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        answer
            .hits
            .iter()
            .map(|h| (h.id.clone(), format!("{:.4}", h.score.unwrap_or_default())))
            .collect()
    };
    for (group, words) in [
        (
            "(firearms OR cybercrime)^2 training",
            "(firearms^2 OR cybercrime^2) training",
        ),
        (
            "country:(Albania OR Kosovo)^2 training",
            "country:(Albania OR Kosovo) training",
        ),
    ] {
        let expected = scored(words);
        assert!(!expected.is_empty(), "{words}");
        assert_eq!(scored(group), expected, "{group}");
    }
}

/// A comparison takes a dateline's words without quotes (`date:>=25 March
/// 2022`) and days after a space (`date:>= 2022-03-14`), as its quoted or
/// touching form: the same hits and `resolved`, and one typed filter over
/// the clause as typed. Before, `date:>=25 March 2022` read `date:>=25`,
/// "not a date", and kept every activity; `date:>= 2022-03-14` searched
/// the day as words.
#[test]
fn a_comparison_takes_a_datelines_words_and_days_after_a_space() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        // The days each field's values were read as; each value is named
        // as typed (`>= 2022-03-14`), which the forms compared differ in.
        let days: Vec<(String, Value)> = json["resolved"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(field, values)| {
                let values = values.as_object().cloned().unwrap_or_default();
                values
                    .into_iter()
                    .map(move |(_, days)| (field.clone(), days))
            })
            .collect();
        (titles, days, answer.notices)
    };
    for (clause, quoted) in [
        ("date:>=25 March 2022", "date:>=\"25 March 2022\""),
        ("date:>= 2022-03-14", "date:>=2022-03-14"),
        ("date:<March 2022", "date:<\"March 2022\""),
        ("date:<= 24 March 2022", "date:<=\"24 March 2022\""),
    ] {
        let expected = read(quoted);
        assert!(!expected.0.is_empty() && expected.2.is_empty(), "{quoted}");
        assert_eq!(read(clause), expected, "{clause}");
        let query = format!("{clause} training");
        let typed = typed_clauses(&engine, &query);
        assert_eq!(
            typed.iter().map(|t| t.0.as_str()).collect::<Vec<_>>(),
            [clause],
            "{query}"
        );
        // Named as typed, in `typed_filters` as in `resolved`.
        let value = clause.trim_start_matches("date:");
        assert_eq!(typed[0].1, value, "{query}");
        let answer = engine
            .search(&SearchRequest::new(query.as_str()))
            .expect("search");
        assert!(answer.resolved["date"].contains_key(value), "{query}");
    }
}

/// A comma or semicolon after a date clause (`date:24 March 2022,
/// training`, as a list is typed) is no part of its days, as after a
/// filter's value (`country:Montenegro, training`): the same hits and
/// `resolved` as without it, and one typed filter. Before, the comma
/// hid the year (`date:24` was "not a date") or the day (`date:2022-03,`
/// was "not a date"), and the clause was left out.
#[test]
fn a_comma_after_a_date_clause_is_no_part_of_its_days() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        (titles, json["resolved"].clone(), answer.notices)
    };
    for clause in [
        "date:2022-03",
        "date:24 March 2022",
        "from:20 March 2022",
        "date:2022-03-24 TO 28 March 2022",
        "date:[2022-03-24 TO 2022-03-28]",
    ] {
        let expected = read(&format!("{clause} training"));
        assert!(!expected.0.is_empty() && expected.2.is_empty(), "{clause}");
        for mark in [",", ";"] {
            let query = format!("{clause}{mark} training");
            assert_eq!(read(&query), expected, "{query}");
            let typed = typed_clauses(&engine, &query);
            assert_eq!(typed.len(), 1, "{query}: {typed:?}");
        }
    }
}

/// A comparison whose days, after a space, name none (`date:>= 2022-13`,
/// `date:> March`, a month without its year) is read as its touching form
/// is: left out with a notice that it is not a date. Before, the
/// comparison was dropped without a word and its value searched as a word
/// (`date:> March` found every activity whose dateline says March).
#[test]
fn a_comparison_after_a_space_that_names_no_days_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        (titles, answer.total, answer.notices)
    };
    for (spaced, touching) in [
        ("date:>= 2022-13 training", "date:>=2022-13 training"),
        ("date:> March training", "date:>March training"),
        ("date:< 25 training", "date:<25 training"),
    ] {
        let expected = read(touching);
        assert!(
            expected.2.iter().any(|n| n.contains("is not a date")),
            "{touching}: {:?}",
            expected.2
        );
        assert_eq!(read(spaced), expected, "{spaced}");
    }
}

/// A weight after a filter's value of one word is the value's and weighs
/// nothing, whatever the field (`donor:EU^2`, `year:2022^2`,
/// `month:2022-03^2`, `sdg:16.4^2`), as `country:Montenegro^2` and
/// `country:North Macedonia^2` already read; and a range of months in
/// brackets reads as a date range does, a side quoted (`month:["March
/// 2022" TO 2022-04]`) or weighed. Before, the weight was part of the
/// value of every field but the places and programmes (`no activity has
/// donor "EU^2"`, no hits), and a quote inside a month's brackets cut the
/// range (`"month:[\"March" is not a date`, no hits).
#[test]
fn a_weight_after_any_filter_value_and_a_quoted_month_range_are_read() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let json = serde_json::to_value(&answer).expect("json");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        // What each field's values were read as (a range's key is as typed).
        let resolved: Vec<(String, serde_json::Value)> = json["resolved"]
            .as_object()
            .into_iter()
            .flatten()
            .flat_map(|(field, values)| {
                values
                    .as_object()
                    .into_iter()
                    .flatten()
                    .map(|(_, read)| (field.clone(), read.clone()))
            })
            .collect();
        (titles, resolved, answer.notices)
    };
    for (typed, plain) in [
        ("donor:EU^2 training", "donor:EU training"),
        ("year:2022^2 training", "year:2022 training"),
        ("month:2022-03^2 training", "month:2022-03 training"),
        ("sdg:16.4^2", "sdg:16.4"),
        (
            "country:Montenegro^2 training",
            "country:Montenegro training",
        ),
        (
            "month:[\"March 2022\" TO 2022-04] training",
            "month:[2022-03 TO 2022-04] training",
        ),
        (
            "month:[2022-03 TO 2022-04]^2 training",
            "month:[2022-03 TO 2022-04] training",
        ),
    ] {
        let expected = read(plain);
        assert!(!expected.0.is_empty() && expected.2.is_empty(), "{plain}");
        assert_eq!(read(typed), expected, "{typed}");
        let typed_filters = typed_clauses(&engine, typed);
        assert_eq!(typed_filters.len(), 1, "{typed}: {typed_filters:?}");
    }
}

/// A date clause whose value, after a space, names no days (`date:
/// 2022-13`, `from: 32 March 2022`, `to: March`) is read as its touching
/// form is: left out with a notice that it is not a date. Before, the
/// clause was dropped without a word and its value searched as words.
#[test]
fn a_date_clause_after_a_space_that_names_no_days_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        (titles, answer.total, answer.notices)
    };
    for (spaced, touching) in [
        ("date: 2022-13 training", "date:2022-13 training"),
        ("from: 2022-13 training", "from:2022-13 training"),
        ("to: March training", "to:March training"),
    ] {
        let expected = read(touching);
        assert!(
            expected.2.iter().any(|n| n.contains("is not a date")),
            "{touching}: {:?}",
            expected.2
        );
        assert_eq!(read(spaced), expected, "{spaced}");
    }
    // A dateline that names no day, after a space: a notice too.
    let (_, _, notices) = read("date: 32 March 2022 training");
    assert!(
        notices.iter().any(|n| n.contains("is not a date")),
        "{notices:?}"
    );
}

#[test]
fn a_range_end_without_its_year_takes_the_start_year() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let titles: BTreeSet<String> = answer.hits.iter().map(|h| h.title.clone()).collect();
        let typed: Vec<(String, Vec<String>)> = answer
            .typed_filters
            .iter()
            .map(|filter| (filter.field.clone(), filter.read.clone()))
            .collect();
        (titles, answer.total, typed)
    };
    let whole = read("date:2022-03-24 TO 28 March 2022 training");
    assert_eq!(
        whole.2,
        [(
            "date".to_string(),
            vec!["2022-03-24..2022-03-28".to_string()]
        )]
    );
    for query in [
        "date:2022-03-24 TO 28 March training",
        "date:2022-03-24 to 28 March training",
        "date:24 March 2022 TO 28 March training",
        "date:2022-03-24..28 March training",
        "date:2022-03-24 .. 28 March training",
        "date:[2022-03-24 TO \"28 March\"] training",
        "date:2022-03-24^2 TO 28 March training",
        "date:2022-03-24^2 TO 28 March 2022 training",
    ] {
        assert_eq!(read(query), whole, "{query}");
    }
    // An end that would fall before its start is in the year after.
    let (_, _, typed) = read("date:2021-12-20 TO 10 January training");
    assert_eq!(
        typed,
        [(
            "date".to_string(),
            vec!["2021-12-20..2022-01-10".to_string()]
        )]
    );
}

#[test]
fn a_weight_is_no_part_of_a_filter_value() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, field, value) in [
        (
            "country:(Albania OR Kosovo)^2 training",
            "country",
            "(Albania OR Kosovo)",
        ),
        (
            "country:(Albania OR Kosovo) training",
            "country",
            "(Albania OR Kosovo)",
        ),
        (
            "country: (Albania OR Kosovo)^2 training",
            "country",
            "(Albania OR Kosovo)",
        ),
        ("country:Montenegro^2 training", "country", "Montenegro"),
        (
            "country:Montenegro^2,Albania training",
            "country",
            "Montenegro,Albania",
        ),
        (
            "country:Montenegro,Albania^2 training",
            "country",
            "Montenegro,Albania",
        ),
        (
            "country:North Macedonia^2 training",
            "country",
            "North Macedonia",
        ),
        ("donor:EU^2 training", "donor", "EU"),
        ("country:Montenegro~1 training", "country", "Montenegro"),
        ("country:Montenegro~ training", "country", "Montenegro"),
        ("country:Albania^2^2 training", "country", "Albania"),
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let typed: Vec<(&str, &str)> = answer
            .typed_filters
            .iter()
            .map(|filter| (filter.field.as_str(), filter.value.as_str()))
            .collect();
        assert_eq!(typed, [(field, value)], "{query}");
        // The value typed, as `resolved` names it, has no weight either.
        for values in answer.resolved.values() {
            for typed in values.keys() {
                assert!(!typed.contains('^'), "{query}: {:?}", answer.resolved);
            }
        }
    }
}

#[test]
fn a_dash_apart_before_an_exclusion_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = |query: &str| found_ids(&engine, query);
    let notices = |query: &str| {
        engine
            .search(&SearchRequest::new(query))
            .expect("search")
            .notices
    };
    // A `-` excludes the word it touches; one apart is punctuation, left
    // out, so `- -firearms` is `-firearms` (`NOT -firearms` takes the
    // exclusion back, as `NOT` is a word of its own)…
    assert_eq!(ids("- -firearms"), ids("-firearms"));
    assert_eq!(ids("training - -firearms"), ids("training -firearms"));
    assert_eq!(ids("training - firearms"), ids("training firearms"));
    // …and where it stands before an exclusion, a notice says so.
    for query in [
        "- -firearms",
        "training - -firearms",
        "training - NOT firearms",
    ] {
        assert!(
            notices(query)
                .iter()
                .any(|n| n.contains("excludes nothing")),
            "{query}: {:?}",
            notices(query)
        );
    }
    assert!(notices("training - firearms").is_empty());
    assert!(notices("NOT -firearms").is_empty());
}

#[test]
fn a_range_end_after_to_that_names_no_days_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for query in [
        "date:2022-03-24 TO 2022-13 training",
        "date:2022-03-24 TO 32 March 2022 training",
        "date:24 March 2022 TO 2022-13 training",
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains("is not a date") && n.contains("TO")),
            "{query}: {:?} {:?}",
            answer.notices,
            answer.resolved
        );
        // Not the start alone, as if the end were not typed.
        assert!(
            answer.typed_filters.is_empty(),
            "{query}: {:?}",
            answer.typed_filters
        );
    }
}

#[test]
fn a_month_or_year_range_end_after_to_that_names_none_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (query, typed) in [
        ("month:2022-02 TO 2022-13 training", "2022-02 TO 2022-13"),
        ("year:2021 TO 2023x training", "2021 TO 2023x"),
    ] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert!(
            answer.notices.iter().any(|n| n.contains(typed)),
            "{query}: {:?} {:?}",
            answer.notices,
            answer.resolved
        );
    }
}

#[test]
fn days_after_a_date_clause_s_comma_or_a_flag_s_to_are_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let notices = |query: &str| {
        engine
            .search(&SearchRequest::new(query))
            .expect("search")
            .notices
    };
    // As its touching form (`date:2022-03,2022-05`): a date clause takes
    // no list.
    let touching = notices("date:2022-03,2022-05 training");
    assert!(
        touching.iter().any(|n| n.contains("is not a date")),
        "{touching:?}"
    );
    for query in [
        "date:2022-03, 2022-05 training",
        "from:2022-03-20 TO 2022-03-25 training",
        "to:2022-03-20 TO 2022-03-25 training",
    ] {
        let notices = notices(query);
        assert!(
            notices.iter().any(|n| n.contains("is not a date")),
            "{query}: {notices:?}"
        );
    }
    // A word after the comma stays a word.
    assert!(notices("date:24 March 2022, training").is_empty());
}

#[test]
fn a_range_start_without_its_year_takes_the_end_year() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let typed: Vec<Vec<String>> = answer
            .typed_filters
            .iter()
            .map(|filter| filter.read.clone())
            .collect();
        (typed, answer.notices)
    };
    for query in [
        "date:24 March TO 28 March 2022 training",
        "date:24 TO 28 March 2022 training",
        "date:[\"24 March\" TO \"28 March 2022\"] training",
        "date:24.. 28 March 2022 training",
        "date:\"24 March\"..\"28 March 2022\" training",
    ] {
        assert_eq!(
            read(query),
            (vec![vec!["2022-03-24..2022-03-28".to_string()]], Vec::new()),
            "{query}"
        );
    }
}

#[test]
fn a_listed_value_after_a_comma_and_a_space_that_names_none_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for (spaced, touching) in [
        ("year:2022, 2021 training", "year:2022,2021 training"),
        ("month:March, April training", "month:March,April training"),
        ("sdg:16.4, 16.x training", "sdg:16.4,16.x training"),
        (
            "year:2022, 2021, 2020 training",
            "year:2022,2021,2020 training",
        ),
    ] {
        let read = |query: &str| {
            let answer = engine
                .search(&SearchRequest {
                    limit: 100,
                    ..SearchRequest::new(query)
                })
                .expect("search");
            let ids: BTreeSet<String> = answer.hits.into_iter().map(|h| h.id).collect();
            (ids, answer.notices)
        };
        let (ids, notices) = read(spaced);
        let (expected_ids, expected_notices) = read(touching);
        assert!(
            expected_notices
                .iter()
                .any(|n| n.starts_with("no activity has")),
            "{touching}: {expected_notices:?}"
        );
        assert_eq!((ids, notices), (expected_ids, expected_notices), "{spaced}");
    }
    // A month of two words after a comma, and one of a list's first value
    // of two words.
    let notices = engine
        .search(&SearchRequest::new("month:March 2022, April 2022 training"))
        .expect("search")
        .notices;
    assert_eq!(notices, ["no activity has month \"April 2022\""]);
    // A word after a list's comma stays a word.
    let (_, notices) = {
        let answer = engine
            .search(&SearchRequest::new("year:2022, training"))
            .expect("search");
        (answer.total, answer.notices)
    };
    assert!(notices.is_empty(), "{notices:?}");
}

#[test]
fn a_comma_after_a_group_is_punctuation() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let ids: BTreeSet<String> = answer.hits.into_iter().map(|h| h.id).collect();
        let typed: Vec<String> = answer
            .typed_filters
            .iter()
            .map(|filter| filter.value.clone())
            .collect();
        (ids, answer.notices, answer.resolved, typed)
    };
    let expected = read("country:(Albania OR Kosovo) training");
    for query in [
        "country:(Albania OR Kosovo), training",
        "country:(Albania OR Kosovo)^2, training",
        "country:(Albania OR Kosovo)^2; training",
    ] {
        assert_eq!(read(query), expected, "{query}");
    }
}

#[test]
fn a_list_of_quoted_values_keeps_each() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let read = |query: &str| {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        let ids: BTreeSet<String> = answer.hits.into_iter().map(|h| h.id).collect();
        let read: BTreeSet<String> = answer
            .resolved
            .values()
            .flat_map(|values| values.values().flatten().cloned())
            .collect();
        (ids, answer.notices, read)
    };
    let expected = read("country:(\"North Macedonia\" OR \"Bosnia and Herzegovina\") training");
    for query in [
        "country:\"North Macedonia\",\"Bosnia and Herzegovina\" training",
        "country:\"North Macedonia\", \"Bosnia and Herzegovina\" training",
        "country:\"North Macedonia\",Bosnia and Herzegovina training",
    ] {
        assert_eq!(read(query), expected, "{query}");
    }
    // A comma before a word is punctuation.
    let answer = engine
        .search(&SearchRequest::new("country:\"North Macedonia\", training"))
        .expect("search");
    let typed: Vec<&str> = answer
        .typed_filters
        .iter()
        .map(|f| f.value.as_str())
        .collect();
    assert_eq!(typed, ["North Macedonia"]);
    let (_, notices, _) = read("month:\"March 2022\",\"April 2022\" training");
    assert_eq!(notices, ["no activity has month \"April 2022\""]);
}

/// A date clause the query language reads rewritten from words typed apart
/// (`date:2022-03-24 TO 28 March`, read as `[2022-03-24 TO "28 March"]`)
/// is named as typed: its `typed_filters` value, and its key in
/// `resolved`, is the clause's value as it stands in the query, while the
/// days read are those of the form it was read as. Before, both showed
/// the rewritten form, which no one typed.
#[test]
fn a_rewritten_date_clause_is_named_as_typed() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    // Each clause as typed, and the form the query language reads it as.
    let cases = [
        (
            "date:2022-03-24 TO 28 March",
            "date:[2022-03-24 TO \"28 March\"]",
        ),
        (
            "date:24 March TO 28 March 2022",
            "date:[\"24 March\" TO \"28 March 2022\"]",
        ),
        (
            "date:2022-03-24 TO 28 March 2022",
            "date:[2022-03-24 TO \"28 March 2022\"]",
        ),
        (
            "date:24 March 2022 TO 28 March 2022",
            "date:[\"24 March 2022\" TO \"28 March 2022\"]",
        ),
        (
            "date:2022-03-01 TO 2022-03-10",
            "date:[2022-03-01 TO 2022-03-10]",
        ),
        (
            "date:2022-03-24 .. 28 March",
            "date:2022-03-24..\"28 March\"",
        ),
        ("date:2022-03-24..28 March", "date:2022-03-24..\"28 March\""),
        (
            "date:24 March 2022..28 March 2022",
            "date:\"24 March 2022\"..\"28 March 2022\"",
        ),
        ("date:2022-03 .. 2022-05", "date:2022-03..2022-05"),
        ("date:>= 24 March 2022", "date:>=\"24 March 2022\""),
        ("date:>= 2022-03-14", "date:>=2022-03-14"),
        ("from:20 March 2022", "from:\"20 March 2022\""),
        ("to:March 2022", "to:\"March 2022\""),
    ];
    let utf16 = |text: &str| text.encode_utf16().count();
    for (clause, read_as) in cases {
        let (field, typed_value) = clause.split_once(':').expect("a field");
        let typed_value = typed_value.trim_start();
        let days = {
            let answer = engine.search(&SearchRequest::new(read_as)).expect("search");
            let json = serde_json::to_value(&answer).expect("json");
            let typed = json["typed_filters"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            assert_eq!(typed.len(), 1, "{read_as}: {json}");
            typed[0]["read"].clone()
        };
        assert!(
            days.as_array().is_some_and(|days| !days.is_empty()),
            "{read_as}: {days}"
        );
        for (before, open, close) in [("", "", ""), ("training ", "", ""), ("firearms ", "(", ")")]
        {
            for not in ["", "NOT "] {
                let whole = format!("{open}{not}{clause}{close}");
                let query = format!("{before}{whole}");
                let answer = engine
                    .search(&SearchRequest::new(query.as_str()))
                    .expect("search");
                let json = serde_json::to_value(&answer).expect("json");
                let typed = json["typed_filters"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                assert_eq!(typed.len(), 1, "{query}: {json}");
                let filter = &typed[0];
                let value = filter["value"].as_str().expect("value");
                // The value shown is the clause's, as it stands in the query.
                assert!(query.contains(value), "{query}: {filter}");
                assert_eq!(value, typed_value, "{query}: {filter}");
                assert_eq!(filter["field"], field, "{query}: {filter}");
                assert_eq!(filter["excluded"], !not.is_empty(), "{query}: {filter}");
                assert_eq!(filter["read"], days, "{query}: {filter}");
                // Where it stands still slices the query to the clause (a
                // group's brackets around it included).
                let units: Vec<u16> = query.encode_utf16().collect();
                let start = filter["start"].as_u64().expect("start") as usize;
                let end = filter["end"].as_u64().expect("end") as usize;
                assert_eq!(
                    (start, end),
                    (utf16(before), utf16(&query)),
                    "{query}: {filter}"
                );
                assert_eq!(String::from_utf16_lossy(&units[start..end]), whole);
                // `resolved` names the clause by the same value, with the
                // same days, and by no rewritten form.
                let named = json["resolved"][field].as_object().expect("resolved");
                assert_eq!(named.get(value), Some(&days), "{query}: {json}");
                assert!(
                    named.keys().all(|key| query.contains(key.as_str())),
                    "{query}: {json}"
                );
            }
        }
    }
    // The same days typed in both forms are each named as typed.
    let query = "date:[2022-03 TO 2022-05] OR date:2022-03 TO 2022-05";
    let typed = typed_clauses(&engine, query);
    let shown: Vec<(&str, &str)> = typed
        .iter()
        .map(|(clause, value, _)| (clause.as_str(), value.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            ("date:[2022-03 TO 2022-05]", "[2022-03 TO 2022-05]"),
            ("date:2022-03 TO 2022-05", "2022-03 TO 2022-05"),
        ],
        "{query}"
    );
    let answer = engine.search(&SearchRequest::new(query)).expect("search");
    let named: Vec<&String> = answer.resolved["date"].keys().collect();
    assert_eq!(
        named,
        ["2022-03 TO 2022-05", "[2022-03 TO 2022-05]"],
        "{query}"
    );
}

/// A filter value no activity has is quoted in its notice as a word too
/// long to be indexed is: its first 40 characters and `…` when it is
/// longer, so a value pasted by mistake does not make a notice (and a
/// terminal line) of thousands of characters. A short one is quoted whole.
#[test]
fn a_long_filter_value_no_activity_has_is_cut_in_its_notice() {
    let text = "\
Firearms training in Kosovo
6 May 2022, Pristina, Kosovo: A training on firearms.
";
    let (_dir, engine) = engine_of_bulletin("2022-05-activities.txt", text);
    let long = "A".repeat(5000);
    let mut request = SearchRequest::new("");
    request.filters.country.push(long.clone());
    request.filters.country.push(format!("Kosovo, B{long}"));
    request.filters.donor.push("Atlantis".to_string());
    let answer = engine.search(&request).expect("search");
    let shown = "A".repeat(40);
    let shown_b = format!("B{}", "A".repeat(39));
    assert_eq!(
        answer.notices,
        vec![
            format!("no activity has country \"{shown}\"… (5000 characters)"),
            format!("no activity has country \"{shown_b}\"… (5001 characters)"),
            "no activity has donor \"Atlantis\"".to_string(),
        ]
    );
}

/// A word longer than the analyzer's limit as typed but not as read (thirty
/// fullwidth letters, ninety bytes, read as thirty) is searched, not said
/// to be longer than any indexed word, alone or in a phrase.
#[test]
fn a_word_long_only_as_typed_is_not_said_to_be_too_long() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let fullwidth = "\u{ff41}".repeat(30);
    for query in [fullwidth.clone(), format!("\"firearms {fullwidth}\"")] {
        let answer = engine.search(&SearchRequest::new(&query)).expect("search");
        assert_eq!(answer.total, 0, "{query}");
        assert!(
            !answer
                .notices
                .iter()
                .any(|n| n.contains("longer than any indexed word")),
            "{query}: {:?}",
            answer.notices
        );
    }
}

/// A query word holding a control character (`qqx<ESC>zzw`, an escape
/// sequence pasted into `fire…armz`) that no activity holds is named in
/// the answer's notices, quoted with the character escaped, as the same
/// word without it is, alone and beside a word that is found; it got no
/// notice at all.
#[test]
fn a_word_holding_a_control_character_is_named_when_nothing_holds_it() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let named = |query: &str, word: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let quoted = format!("no activity holds {word:?}");
        assert!(
            answer.notices.iter().any(|n| n.starts_with(&quoted)),
            "{query:?}: {:?}",
            answer.notices
        );
        assert!(
            answer
                .notices
                .iter()
                .all(|n| !n.chars().any(char::is_control)),
            "{query:?}: {:?}",
            answer.notices
        );
        answer
    };
    named("qqxzzw", "qqxzzw");
    assert_eq!(named("qqx\u{1b}zzw", "qqx\u{1b}zzw").total, 0);
    assert_eq!(named("fire\u{1b}[2Jarmz", "fire\u{1b}[2Jarmz").total, 0);
    let firearms = engine
        .search(&SearchRequest::new("firearms"))
        .expect("search")
        .total;
    let answer = named("firearms qqx\u{1b}zzw", "qqx\u{1b}zzw");
    assert!(answer.fallback);
    assert_eq!(answer.total, firearms);
}

/// Under a place filter an activity sorts by the parts that meet it: one
/// whose part in the country filtered on has no date is undated there,
/// and comes last in both date orders, as an undated activity does. It
/// was sorted by its other part's day (`--country Albania --sort newest`
/// listed first an activity whose Albania part has no date, by the day
/// of its part in Skopje).
#[test]
fn a_filtered_part_without_a_date_sorts_as_undated() {
    let (_dir, engine) = engine_of_bulletin(
        "2024-parts.txt",
        "Part without a date\n\
         4-5 June 2024, Skopje, North Macedonia; Tirana, Albania: A firearms meeting whose Tirana part has no date.\n\
         Early Albania course\n\
         1-2 January 2024, Tirana, Albania: A firearms course in Tirana early in the year.\n\
         Spring Albania visit\n\
         12 March 2024, Durres, Albania; 20 May 2024, Skopje, North Macedonia: A firearms visit.\n",
    );
    for sort in [Sort::Newest, Sort::Oldest] {
        let mut request = everything(Filters {
            country: vec!["Albania".into()],
            ..Filters::default()
        });
        request.sort = sort;
        let answer = engine.search(&request).expect("search");
        assert_eq!(answer.total, 3, "{sort:?}");
        // The day each hit should sort by: the starts of its Albania parts.
        let keyed: Vec<(Option<NaiveDate>, String)> = answer
            .hits
            .iter()
            .map(|hit| {
                let starts = hit
                    .events
                    .iter()
                    .filter(|event| event.country.as_deref() == Some("Albania"))
                    .filter_map(|event| event.start);
                let day = if sort == Sort::Newest {
                    starts.max()
                } else {
                    starts.min()
                };
                (day, hit.title.clone())
            })
            .collect();
        let mut expected = keyed.clone();
        expected.sort_by(|a, b| match (a.0, b.0) {
            (Some(a), Some(b)) if sort == Sort::Newest => b.cmp(&a),
            (Some(a), Some(b)) => a.cmp(&b),
            (a, b) => b.is_some().cmp(&a.is_some()),
        });
        assert_eq!(keyed, expected, "{sort:?}");
        assert_eq!(
            keyed.last().map(|(day, _)| *day),
            Some(None),
            "{sort:?}: {keyed:?}"
        );
        for (hit, (day, _)) in answer.hits.iter().zip(&keyed) {
            assert_eq!(hit.sort_day, *day, "{sort:?}: {}", hit.title);
        }
    }
}

#[test]
fn a_quoted_word_no_activity_holds_is_named_in_a_notice() {
    // What the shipped bulletin writes (titles, datelines and bodies: the
    // gold records hold titles alone), lower-cased.
    let written = std::fs::read_to_string(common::shipped_bulletin())
        .expect("the shipped bulletin")
        .to_lowercase();
    let held = |word: &str| written.contains(word);
    assert!(!held("qqqzz") && !held("small"));
    assert!(held("arms") && held("firearms"));
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let search = |query: &str| engine.search(&SearchRequest::new(query)).expect("search");
    let names = |notices: &[String], word: &str| {
        let quoted = format!("no activity holds {word:?}");
        notices.iter().any(|n| n.starts_with(&quoted))
    };
    // A quoted word, alone or in a phrase, that no activity holds: the
    // empty answer says which word found nothing, as it does unquoted.
    // Beside a word some activity holds, the any-word answer says it too.
    let firearms = search("firearms").total;
    for (query, missing, present, total) in [
        ("\"qqqzz\"", "qqqzz", None, 0),
        ("\"small arms\"", "small", Some("arms"), 0),
        (
            "firearms \"qqqzz firearms\"",
            "qqqzz",
            Some("firearms"),
            firearms,
        ),
    ] {
        let answer = search(query);
        assert_eq!(answer.total, total, "{query}");
        assert!(
            names(&answer.notices, missing),
            "{query}: {:?}",
            answer.notices
        );
        if let Some(present) = present {
            assert!(
                !names(&answer.notices, present),
                "{query}: {:?}",
                answer.notices
            );
        }
    }
    // An excluded phrase that matches nothing excludes nothing: no notice.
    let answer = search("-\"qqqzz firearms\"");
    assert_eq!(answer.total, gold().len());
    assert!(!names(&answer.notices, "qqqzz"), "{:?}", answer.notices);
}

#[test]
fn a_dash_touching_a_field_s_value_excludes_the_clause() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    // `country:-Montenegro` is `-country:Montenegro`: the activities with
    // no part in Montenegro, as the gold records place them.
    let elsewhere = gold_titles(|g| !countries(g).contains(&"Montenegro".to_string()));
    assert!(!elsewhere.is_empty());
    assert_eq!(found(&engine, "country:-Montenegro"), elsewhere);
    assert_eq!(found(&engine, "-country:Montenegro"), elsewhere);
    let answer = engine
        .search(&SearchRequest::new("country:-Montenegro training"))
        .expect("search");
    let json = serde_json::to_value(&answer).expect("json");
    assert_eq!(json["typed_filters"][0]["excluded"], true, "{json}");
    // `title:-firearms training`: training, without firearms in the title.
    let training = found(&engine, "training");
    let firearms_titles = gold_titles(|g| {
        g["title"]
            .as_str()
            .is_some_and(|t| t.to_lowercase().contains("firearms"))
    });
    assert!(!firearms_titles.is_empty());
    let expected: BTreeSet<String> = training.difference(&firearms_titles).cloned().collect();
    assert!(!expected.is_empty() && expected.len() < training.len());
    assert_eq!(found(&engine, "title:-firearms training"), expected);
    assert_eq!(found(&engine, "-title:firearms training"), expected);
    // So does one touching a field's group.
    let neither = gold_titles(|g| {
        let places = countries(g);
        !places.contains(&"Albania".to_string()) && !places.contains(&"Kosovo".to_string())
    });
    assert!(!neither.is_empty() && neither.len() < gold().len());
    assert_eq!(found(&engine, "country:-(Albania OR Kosovo)"), neither);
    assert_eq!(found(&engine, "-country:(Albania OR Kosovo)"), neither);
    // A `-` before an excluded clause's value takes the exclusion back,
    // as `NOT -firearms` does.
    assert_eq!(
        found(&engine, "-country:-Montenegro"),
        found(&engine, "country:Montenegro")
    );
}

#[test]
fn every_spelling_of_an_sdg_goal_or_target_ranks_and_marks_as_sdg_does() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    // Each hit's id, score and marked words, in order.
    let listed = |query: &str| {
        let request = SearchRequest {
            limit: 100,
            ..SearchRequest::new(query)
        };
        let answer = engine.search(&request).expect("search");
        answer
            .hits
            .iter()
            .map(|hit| {
                let text: Vec<char> = hit.snippet.text.chars().collect();
                let marked: Vec<String> = hit
                    .snippet
                    .highlights
                    .iter()
                    .map(|&[from, to]| text[from..to].iter().collect())
                    .collect();
                (
                    hit.id.clone(),
                    hit.score.map(|s| (s * 1000.0).round()),
                    marked,
                )
            })
            .collect::<Vec<_>>()
    };
    for (target, named, others) in [
        ("16.4", "SDG 16.4", &["SDG-16.4", "SDG16.4", "sdg 16.4"][..]),
        (
            "16",
            "SDG 16",
            &["goal 16", "Goal 16", "SDG-16", "SDG16"][..],
        ),
        (
            "16.a",
            "SDG 16.a",
            &["SDG16.a", "SDG-16.a", "goal 16.a"][..],
        ),
    ] {
        // The activities labelled with it, as the gold records say.
        let labelled = gold_titles(|g| {
            strings(g, "sdg_targets")
                .iter()
                .any(|t| t == target || t.split('.').next() == Some(target))
        });
        assert!(!labelled.is_empty());
        assert_eq!(found(&engine, named), labelled, "{named}");
        let expected = listed(named);
        // The text says it: some hit marks the words that say it.
        assert!(
            expected.iter().any(|(_, _, marked)| !marked.is_empty()),
            "{named}"
        );
        for other in others {
            assert_eq!(found(&engine, other), labelled, "{other}");
            assert_eq!(listed(other), expected, "{other} against {named}");
        }
    }
}

#[test]
fn a_weight_that_is_no_number_after_a_group_leaves_the_group_whole() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ranked = |query: &str| {
        let request = SearchRequest {
            limit: 100,
            ..SearchRequest::new(query)
        };
        let answer = engine.search(&request).expect("search");
        let hits: Vec<(String, Option<f32>)> = answer
            .hits
            .iter()
            .map(|h| (h.id.clone(), h.score))
            .collect();
        (hits, answer.notices)
    };
    let firearms = found(&engine, "firearms");
    let either: BTreeSet<String> = firearms.union(&found(&engine, "sport")).cloned().collect();
    assert!(either.len() > firearms.len());
    // The group keeps every word; what follows its bracket is searched as
    // typed, with the notice naming it (and no bracket glued to a word).
    for (query, expected) in [
        ("(firearms OR sport)^abc", &either),
        ("(firearms OR sport)^", &either),
        ("(firearms)^abc", &firearms),
        ("title:(firearms)^abc", &found(&engine, "title:firearms")),
    ] {
        assert_eq!(&found(&engine, query), expected, "{query}");
        let (_, notices) = ranked(query);
        assert!(
            notices.iter().any(|n| n.contains("no weight")),
            "{query}: {notices:?}"
        );
        assert!(
            notices.iter().all(|n| !n.contains(")^")),
            "{query}: {notices:?}"
        );
    }
    // Weights written one after another multiply, as on a name's words.
    let (six, _) = ranked("firearms^6");
    assert_eq!(six.len(), firearms.len());
    assert_eq!(ranked("firearms^2^3"), (six.clone(), Vec::new()));
    assert_eq!(ranked("(firearms)^2^3"), (six, Vec::new()));
}

#[test]
fn an_acronym_s_possessive_reads_alike_with_every_apostrophe() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let answer = |query: &str| engine.search(&SearchRequest::new(query)).expect("search");
    // The glossary's acronyms the shipped bulletin defines and writes.
    for acronym in ["TIP", "EU", "CCP"] {
        let plain = answer(&format!("{acronym}'s"));
        assert!(plain.total > 0, "{acronym}");
        assert!(
            plain.expanded.contains_key(acronym),
            "{acronym}: {:?}",
            plain.expanded
        );
        // The typographic apostrophes and the modifier letter apostrophe
        // are `'`, as the analyzer reads them.
        for apostrophe in ['\u{2019}', '\u{2018}', '\u{02BC}'] {
            let query = format!("{acronym}{apostrophe}s");
            let typed = answer(&query);
            assert_eq!(typed.total, plain.total, "{query}");
            assert_eq!(typed.expanded, plain.expanded, "{query}");
        }
    }
}

#[test]
fn not_before_a_last_not_excludes_nothing() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let every = gold_titles(|_| true);
    // A last `NOT` is left out, and so is the `NOT` before it: nothing is
    // excluded, rather than every activity that writes the word "not".
    assert_eq!(found(&engine, "NOT NOT"), every);
    assert_eq!(found(&engine, "NOT NOT NOT"), every);
    let firearms = found(&engine, "firearms");
    assert_eq!(found(&engine, "firearms NOT NOT"), firearms);
    // Between words, `NOT NOT` takes the exclusion back, as `NOT -` does.
    assert_eq!(found(&engine, "NOT NOT firearms"), firearms);
}

#[test]
fn a_weight_with_no_word_before_it_is_named_as_such() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    for query in ["^2", "firearms ^2", "^0.5"] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let weight = query.rsplit('^').next().unwrap_or_default();
        // The number is a weight; what is missing is a word to weigh.
        assert!(
            answer
                .notices
                .iter()
                .all(|n| !n.contains(&format!("{weight:?} after ^ is no weight"))),
            "{query}: {:?}",
            answer.notices
        );
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains("no word before ^")),
            "{query}: {:?}",
            answer.notices
        );
    }
    // A weight that is no number is still named so.
    let answer = engine
        .search(&SearchRequest::new("police^abc"))
        .expect("search");
    assert!(
        answer
            .notices
            .iter()
            .any(|n| n.contains("\"abc\" after ^ is no weight")),
        "{:?}",
        answer.notices
    );
}

#[test]
fn a_snippet_does_not_cut_a_name_the_query_asks_for_in_two() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let request = SearchRequest {
        limit: 100,
        ..SearchRequest::new("United Kingdom")
    };
    let answer = engine.search(&request).expect("search");
    assert!(answer.total > 0);
    for hit in &answer.hits {
        let text: Vec<char> = hit.snippet.text.chars().collect();
        let marked: Vec<String> = hit
            .snippet
            .highlights
            .iter()
            .map(|&[from, to]| text[from..to].iter().collect())
            .collect();
        // "Kingdom" marked first, with the "United" before it cut away.
        let cut = hit.snippet.text.starts_with("… Kingdom")
            && marked.first().is_some_and(|word| word == "Kingdom");
        assert!(!cut, "{}: {}", hit.id, hit.snippet.text);
    }
}

#[test]
fn a_place_no_activity_names_is_named_in_a_notice() {
    let text = std::fs::read_to_string(common::shipped_bulletin())
        .expect("shipped bulletin")
        .to_lowercase();
    for absent in ["belgrade", "beograd", "durres", "durrës", "sudan"] {
        assert!(!text.contains(absent), "{absent}");
    }
    assert!(text.contains("podgorica") && text.contains("firearms"));
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let names = |query: &str, word: &str| {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let quoted = format!("no activity holds {word:?}");
        (
            answer.notices.iter().any(|n| n.starts_with(&quoted)),
            answer,
        )
    };
    // Never corrected as a typo, but the empty or any-word answer says
    // which word found nothing, as it does for any other word.
    for (query, word) in [
        ("Belgrade", "Belgrade"),
        ("Durres", "Durres"),
        ("Sudan", "Sudan"),
        ("firearms Belgrade", "Belgrade"),
    ] {
        let (named, answer) = names(query, word);
        assert!(named, "{query}: {:?}", answer.notices);
        assert!(answer.corrected.is_none(), "{query}");
    }
    let (named, answer) = names("Podgorica", "Podgorica");
    assert!(!named && answer.total > 0, "{:?}", answer.notices);
}

/// An excluded word no activity holds (`firearms -trainng`, a typo of
/// `training`) excludes nothing; the answer names it, with the word the
/// typo pass would correct it to, and still excludes it as typed: the hits
/// are those of `firearms`, not of `firearms -training`. Before, it said
/// nothing. An excluded word some activity holds gets no such notice.
#[test]
fn an_excluded_word_no_activity_holds_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let search = |query: &str| {
        engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search")
    };
    let ids =
        |query: &str| -> Vec<String> { search(query).hits.into_iter().map(|h| h.id).collect() };
    // What the typo pass makes of the word searched alone.
    let corrected = search("trainng").corrected.expect("trainng is corrected");
    assert_ne!(corrected, "trainng");
    for query in ["firearms -trainng", "firearms NOT trainng"] {
        let answer = search(query);
        assert_eq!(ids(query), ids("firearms"), "{query}: nothing is excluded");
        assert_ne!(ids(query), ids("firearms -training"), "{query}");
        assert_eq!(
            answer.corrected, None,
            "{query}: the exclusion is not changed"
        );
        let notice = answer
            .notices
            .iter()
            .find(|n| n.contains("\"trainng\"") && n.contains("excludes nothing"))
            .unwrap_or_else(|| panic!("{query}: {:?}", answer.notices));
        assert!(notice.contains(&format!("{corrected:?}")), "{notice}");
    }
    // An English word no activity holds is named, with no close word.
    let answer = search("firearms -small");
    assert_eq!(ids("firearms -small"), ids("firearms"));
    assert!(
        answer
            .notices
            .iter()
            .any(|n| n.contains("\"small\"") && n.contains("excludes nothing")),
        "{:?}",
        answer.notices
    );
    for query in [
        "firearms -training",
        "firearms",
        "firearms -\"border control\"",
    ] {
        let answer = search(query);
        assert!(
            !answer
                .notices
                .iter()
                .any(|n| n.contains("excludes nothing")),
            "{query}: {:?}",
            answer.notices
        );
    }
}

/// A fuzziness that is no number of edits (`police~abc`, `police~1.5`), or
/// one with no word before it (`~2`), is named in a notice, as a weight
/// that is no number is (`police^abc`); the word is searched as typed.
/// `police~`, `police~1` and a phrase's `"border police"~2` are fuzziness
/// the query reads, and get none.
#[test]
fn a_fuzziness_that_is_no_number_is_named_in_a_notice() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let notices = |query: &str| {
        engine
            .search(&SearchRequest::new(query))
            .expect("search")
            .notices
    };
    let says = |query: &str| notices(query).iter().any(|n| n.contains("is no fuzziness"));
    for query in [
        "police~abc",
        "police~1.5",
        "training police~x",
        "title:police~abc",
    ] {
        assert!(says(query), "{query}: {:?}", notices(query));
    }
    for query in ["~2", "police ~2"] {
        assert!(
            notices(query)
                .iter()
                .any(|n| n.contains("no word before ~")),
            "{query}: {:?}",
            notices(query)
        );
    }
    // A weight that is no number after a fuzziness that is one: the
    // weight's notice alone.
    assert!(!says("police~1^abc"), "{:?}", notices("police~1^abc"));
    assert!(!says("police~^abc"), "{:?}", notices("police~^abc"));
    assert!(says("police~~"), "{:?}", notices("police~~"));
    assert!(says("police~abc^abc"), "{:?}", notices("police~abc^abc"));
    for query in [
        "police~",
        "police~1",
        "\"border police\"~2",
        "police",
        "police ~",
    ] {
        assert!(
            !notices(query).iter().any(|n| n.contains('~')),
            "{query}: {:?}",
            notices(query)
        );
    }
}

/// A misspelt word with the fuzziness of other engines (`Podgoricca~`,
/// `trainng~1`) is corrected as the word alone is, and the correction shows
/// the query that was run: the word, without the tilde, which did nothing
/// but ask for the correction the search makes anyway. Before, it showed
/// `Podgorica~`. Searching what the correction shows finds the same hits.
#[test]
fn a_correction_of_a_fuzzy_word_shows_the_word_run() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let search = |query: &str| {
        engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search")
    };
    let ids =
        |query: &str| -> Vec<String> { search(query).hits.into_iter().map(|h| h.id).collect() };
    for (plain, fuzzy) in [
        ("Podgoricca", "Podgoricca~"),
        ("Podgoricca", "Podgoricca~2"),
        ("trainng", "trainng~1"),
        ("firearms trainng", "firearms trainng~1^2"),
        ("Podgoricca training", "Podgoricca~ training"),
    ] {
        let shown = search(fuzzy).corrected.expect("corrected");
        let alone = search(plain).corrected.expect("corrected");
        assert!(!shown.contains('~'), "{fuzzy}: {shown}");
        // The weight stays, as it weighs what was run.
        assert_eq!(shown.replace("^2", ""), alone, "{fuzzy}");
        assert_eq!(ids(&shown), ids(fuzzy), "{fuzzy}: {shown}");
        assert!(search(&shown).corrected.is_none(), "{shown}");
    }
}

/// Activities of one start day are listed in one order by `--sort newest`
/// and `--sort oldest` (and by the web API's `sort=newest` and
/// `sort=oldest`): flipping the sort flips the days, not the activities
/// within a day. Before, `oldest` listed a day's activities in the reverse
/// of `newest`'s order.
#[test]
fn date_sorts_keep_one_order_within_a_day() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    // The days of the gold records that more than one activity starts on.
    let mut starts: BTreeMap<String, usize> = BTreeMap::new();
    for record in gold() {
        let first = record["events"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| e["start"].as_str())
            .min()
            .map(str::to_string);
        if let Some(day) = first {
            *starts.entry(day).or_default() += 1;
        }
    }
    assert!(starts.values().any(|&n| n > 1), "{starts:?}");
    // Each day with its activities in the order listed.
    let by_day = |hits: Vec<bulletin::search::Hit>| -> Vec<(Option<NaiveDate>, Vec<String>)> {
        let mut days: Vec<(Option<NaiveDate>, Vec<String>)> = Vec::new();
        for hit in hits {
            match days.last_mut() {
                Some((day, ids)) if *day == hit.sort_day => ids.push(hit.id),
                _ => days.push((hit.sort_day, vec![hit.id])),
            }
        }
        days
    };
    for query in ["", "training", "UNODC"] {
        let listed = |sort: Sort| {
            let request = SearchRequest {
                sort,
                limit: 100,
                ..SearchRequest::new(query)
            };
            by_day(engine.search(&request).expect("search").hits)
        };
        let web = |sort: &str| {
            let raw = format!("q={query}&sort={sort}&per_page=100");
            let web = bulletin::web::routes::WebSearch::from_query(Some(&raw), 20)
                .unwrap_or_else(|_| panic!("{raw} is a valid search"));
            by_day(engine.search(&web.request).expect("search").hits)
        };
        let newest = listed(Sort::Newest);
        let oldest = listed(Sort::Oldest);
        // An activity of several parts is as new as its latest part and
        // as old as its earliest: compare the activities that share a day
        // in both orders.
        let position = |days: &[(Option<NaiveDate>, Vec<String>)]| -> BTreeMap<String, (Option<NaiveDate>, usize)> {
            days.iter()
                .flat_map(|(day, ids)| ids.iter().enumerate().map(move |(at, id)| (id.clone(), (*day, at))))
                .collect()
        };
        let (in_newest, in_oldest) = (position(&newest), position(&oldest));
        let mut pairs = 0;
        for (day, ids) in &newest {
            for (at, first) in ids.iter().enumerate() {
                for second in &ids[at + 1..] {
                    let (Some(a), Some(b)) = (in_oldest.get(first), in_oldest.get(second)) else {
                        continue;
                    };
                    if a.0 == *day && b.0 == *day {
                        pairs += 1;
                        assert!(
                            a.1 < b.1,
                            "{query:?} {day:?}: {first} before {second} in newest only"
                        );
                    }
                }
            }
        }
        // The whole bulletin has days several activities start on.
        assert!(pairs > 0 || !query.is_empty(), "{query:?}");
        assert_eq!(in_newest.len(), in_oldest.len(), "{query:?}");
        assert_eq!(web("newest"), newest, "{query:?}");
        assert_eq!(web("oldest"), oldest, "{query:?}");
    }
}

/// An abbreviation written with full stops is one name with or without its
/// last stop: `U.S` is read as `U.S.` is (United States, in `expanded`, in
/// the text and as a filter's value), as `U.K` is `U.K.`; typed in lower
/// case (`u.s.`, `u.s`) neither is the country, as `us` is not. The
/// snippet marks `U.S.` with its last full stop, as the abbreviation is
/// written. Before, `U.S` found the letters alone, `donor:U.S` nothing, and
/// the mark stopped before the last full stop.
#[test]
fn an_abbreviation_is_read_alike_with_or_without_its_last_stop() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let search = |query: &str| {
        engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search")
    };
    let ids =
        |query: &str| -> Vec<String> { search(query).hits.into_iter().map(|h| h.id).collect() };
    let country = search("U.S.")
        .expanded
        .get("U.S.")
        .cloned()
        .expect("U.S. names a country");
    assert_eq!(search("U.S").expanded.get("U.S"), Some(&country));
    assert_eq!(search("US").expanded.get("US"), Some(&country));
    for (stop, bare) in [
        ("U.S.", "U.S"),
        ("U.S. training", "U.S training"),
        ("U.S. Department", "U.S Department"),
        ("U.K.", "U.K"),
        ("mentioned:U.S.", "mentioned:U.S"),
        ("donor:U.S.", "donor:U.S"),
    ] {
        let (a, b) = (search(stop), search(bare));
        assert_eq!(ids(bare), ids(stop), "{bare}");
        assert_eq!(a.fallback, b.fallback, "{bare}");
        assert!(
            !b.notices.iter().any(|n| n.contains("no activity")),
            "{bare}: {:?}",
            b.notices
        );
    }
    for lower in ["u.s.", "u.s"] {
        assert!(search(lower).expanded.is_empty(), "{lower}");
    }
    // Every snippet that shows `U.S.` has it marked whole, full stop and
    // all; the shipped bulletin writes it once at least.
    let mut shown = 0;
    for query in ["U.S.", "U.S", "US"] {
        for hit in search(query)
            .hits
            .iter()
            .filter(|h| h.snippet.text.contains("U.S."))
        {
            shown += 1;
            let chars: Vec<char> = hit.snippet.text.chars().collect();
            let marked: Vec<String> = hit
                .snippet
                .highlights
                .iter()
                .map(|[from, to]| chars[*from..*to].iter().collect())
                .collect();
            assert!(marked.contains(&"U.S.".to_string()), "{query}: {marked:?}");
        }
    }
    assert!(shown >= 3, "{shown}");
}

/// The `[start, end)` character ranges of the whole-word occurrences of
/// `word` (in any case) in `text`.
fn word_places(text: &str, word: &str) -> Vec<[usize; 2]> {
    let chars: Vec<char> = text.chars().collect();
    let word: Vec<char> = word.to_lowercase().chars().collect();
    let lower: Vec<char> = chars
        .iter()
        .map(|c| c.to_lowercase().next().unwrap_or(*c))
        .collect();
    let mut places = Vec::new();
    for start in 0..chars.len() {
        let end = start + word.len();
        if end <= chars.len()
            && lower[start..end] == word[..]
            && (start == 0 || !chars[start - 1].is_alphanumeric())
            && chars.get(end).is_none_or(|c| !c.is_alphanumeric())
        {
            places.push([start, end]);
        }
    }
    places
}

/// The text of each mark.
fn marked_words(text: &str, marks: &[[usize; 2]]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    marks
        .iter()
        .map(|[a, b]| chars[*a..*b].iter().collect())
        .collect()
}

/// A word of a gold title, searched, is marked in that activity's title
/// wherever the title holds it, and nothing else there is; a city of a
/// gold activity, searched, is marked in its dateline the same way.
#[test]
fn a_searched_word_is_marked_in_the_title_and_the_dateline() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let hit_of = |query: &str, title: &str| {
        engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search")
            .hits
            .into_iter()
            .find(|hit| hit.title == title)
    };
    let mut checked_titles = 0;
    let mut checked_datelines = 0;
    for entry in gold() {
        let title = entry["title"].as_str().expect("gold title");
        let words: Vec<&str> = title
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let prefix = |w: &str| w.to_lowercase().chars().take(4).collect::<String>();
        for word in &words {
            // A word of letters, not written in capitals (an acronym the
            // glossary expands), with no other word of the title that
            // shares its stem's likely start.
            if word.chars().count() < 5
                || !word.chars().all(char::is_alphabetic)
                || word.chars().all(|c| c.is_uppercase())
                || words
                    .iter()
                    .any(|other| !other.eq_ignore_ascii_case(word) && prefix(other) == prefix(word))
            {
                continue;
            }
            let hit = hit_of(word, title).unwrap_or_else(|| panic!("{word}: {title}"));
            assert_eq!(
                hit.title_highlights,
                word_places(title, word),
                "{word}: {:?}",
                marked_words(title, &hit.title_highlights)
            );
            checked_titles += 1;
        }
        for event in entry["events"].as_array().into_iter().flatten() {
            let Some(city) = event["city"].as_str() else {
                continue;
            };
            if city.contains(' ') {
                continue;
            }
            let Some(hit) = hit_of(city, title) else {
                panic!("{city}: {title}");
            };
            let expected = word_places(&hit.dateline, city);
            if expected.is_empty() {
                continue;
            }
            assert_eq!(
                hit.dateline_highlights,
                expected,
                "{city}: {:?} in {:?}",
                marked_words(&hit.dateline, &hit.dateline_highlights),
                hit.dateline
            );
            checked_datelines += 1;
        }
    }
    assert!(checked_titles > 50, "{checked_titles}");
    assert!(checked_datelines > 10, "{checked_datelines}");
}

/// Title and dateline marks follow the snippet's rules: a phrase's words
/// where the phrase stands, little words only when the query has no other,
/// and no excluded word.
#[test]
fn title_marks_follow_the_snippet_s_rules() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let search = |query: &str| {
        engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search")
            .hits
    };
    // An acronym's long form is a phrase: its words are marked where it
    // stands, without its little word.
    let phrase = ["trafficking", "persons"];
    let mut seen = 0;
    for hit in search("TIP") {
        let expected: Vec<[usize; 2]> =
            if hit.title.to_lowercase().contains("trafficking in persons") {
                let mut places: Vec<[usize; 2]> = phrase
                    .iter()
                    .flat_map(|w| word_places(&hit.title, w))
                    .collect();
                places.sort();
                seen += 1;
                places
            } else {
                Vec::new()
            };
        let marked = marked_words(&hit.title, &hit.title_highlights);
        assert!(
            marked.iter().all(|m| !m.eq_ignore_ascii_case("in")),
            "{marked:?}"
        );
        if !expected.is_empty() {
            assert_eq!(hit.title_highlights, expected, "{marked:?}");
        }
    }
    assert!(seen > 0);
    // A little word alone is marked wherever a title holds it.
    let mut little = 0;
    for hit in search("on") {
        assert_eq!(
            hit.title_highlights,
            word_places(&hit.title, "on"),
            "{}",
            hit.title
        );
        little += hit.title_highlights.len();
    }
    assert!(little > 0);
    // An excluded word is not marked.
    for hit in search("training -firearms") {
        assert!(word_places(&hit.title, "firearms").is_empty());
        let marked = marked_words(&hit.title, &hit.title_highlights);
        assert!(
            marked.iter().all(|m| m.to_lowercase().starts_with("train")),
            "{marked:?}"
        );
    }
}

/// An activity posted twice (the same title, dateline and text, as a
/// bulletin reprinting an entry makes) is one activity: `similar` lists no
/// copy of the activity asked about, and still lists as many others as asked.
#[test]
fn similar_leaves_out_exact_copies_of_the_activity() {
    let workspace = Workspace::new();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("shipped bulletin");
    let lines: Vec<&str> = text.lines().collect();
    let records = workspace.engine().records().expect("records");
    // Each entry of the shipped bulletin, reprinted in a file of its own.
    for (n, pair) in records.windows(2).enumerate() {
        let entry = lines[pair[0].line - 1..pair[1].line - 1].join("\n");
        std::fs::write(workspace.corpus().join(format!("reprint-{n}.txt")), entry).expect("write");
    }
    let engine = workspace.engine();
    let every = engine.records().expect("records");
    assert_eq!(
        every.len(),
        2 * records.len() - 1,
        "each reprint is indexed"
    );
    let limit = 5;
    for record in &records[..records.len() - 1] {
        let copies: Vec<&str> = every
            .iter()
            .filter(|r| {
                r.id != record.id
                    && r.title == record.title
                    && r.dateline == record.dateline
                    && r.body == record.body
            })
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(copies.len(), 1, "{} has its reprint", record.id);
        let similar = engine.similar(&record.id, limit).expect("similar");
        let listed: Vec<&str> = similar.iter().map(|h| h.id.as_str()).collect();
        assert!(
            !listed
                .iter()
                .any(|id| copies.contains(id) || *id == record.id),
            "{} lists a copy of itself: {listed:?}",
            record.id
        );
        assert_eq!(similar.len(), limit, "{}: {listed:?}", record.id);
        // Nor is another activity listed twice, once for each of its copies.
        let shown: Vec<_> = similar
            .iter()
            .map(|h| engine.show(&h.id).expect("show"))
            .map(|r| (r.title, r.dateline, r.body))
            .collect();
        let distinct: BTreeSet<_> = shown.iter().collect();
        assert_eq!(distinct.len(), shown.len(), "{}: {listed:?}", record.id);
    }
}

/// A `field:` clause being typed is completed with the values its filter
/// reads the text as: `programme:GFP` (and its start, `programme:GF`) with
/// the programme the bulletin spells out as `GFP`, `donor:British` with the
/// United Kingdom, as `--programme GFP` and `--donor British` read them;
/// each completed box finds the activities of that value.
#[test]
fn a_clause_of_an_acronym_or_another_name_suggests_the_value_it_names() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold = gold();
    let holding = |field: &str, value: &str| -> BTreeSet<String> {
        gold.iter()
            .filter(|g| strings(g, field).iter().any(|v| v == value))
            .map(|g| g["title"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let mut typed: Vec<(String, &str, String)> = Vec::new();
    // The acronyms the bulletin defines for its programmes.
    for entry in &gold {
        for (acronym, long) in entry["acronyms"].as_object().into_iter().flatten() {
            let Some(long) = long.as_str() else { continue };
            if !strings(entry, "programmes").iter().any(|p| p == long) {
                continue;
            }
            for written in [acronym.clone(), acronym.chars().take(2).collect()] {
                typed.push((
                    format!("programme:{written}"),
                    "programmes",
                    long.to_string(),
                ));
            }
        }
    }
    // The other names of the donors' countries.
    let donors = gold_donors();
    for (word, country) in country_words() {
        if donors.contains(&country) && !fold(&country).starts_with(&fold(&word)) {
            // A name of several words quoted, as no value of the index is named so.
            let written = if word.contains(' ') {
                format!("\"{word}\"")
            } else {
                word
            };
            typed.push((format!("donor:{written}"), "donors", country));
        }
    }
    assert!(typed.iter().any(|t| t.1 == "programmes"), "{typed:?}");
    assert!(typed.iter().any(|t| t.1 == "donors"), "{typed:?}");
    for (box_text, field, value) in &typed {
        let offered = engine.suggest(box_text, 20).expect("suggest");
        let Some(chosen) = offered.iter().find(|s| s.text == *value) else {
            panic!("{box_text} offers no {value}: {offered:?}");
        };
        let mut request = SearchRequest::new(chosen.query.as_str());
        request.limit = 100;
        let found: BTreeSet<String> = engine
            .search(&request)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.title)
            .collect();
        assert_eq!(found, holding(field, value), "{box_text}: {}", chosen.query);
    }
}

/// A place typed by another of its names (`Prishtin`, `Crna Gor`,
/// `Shku`: a local spelling of a city, a country's name in its language),
/// as the filters and searches read it, is offered as the place the index
/// holds, in the box and in a clause, and the completed box finds the
/// activities held there.
#[test]
fn a_place_typed_by_another_of_its_names_is_suggested() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold = gold();
    let held = |kind: &str, value: &str| -> BTreeSet<String> {
        gold.iter()
            .filter(|g| {
                events(g).iter().any(|e| {
                    let field = if kind == "city" { "city" } else { "country" };
                    e[field].as_str() == Some(value)
                })
            })
            .map(|g| g["title"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let mut names: Vec<(&str, String, String)> = Vec::new();
    let places: BTreeSet<(&str, String)> = gold
        .iter()
        .flat_map(events)
        .flat_map(|e| {
            [
                e["city"].as_str().map(|c| ("city", c.to_string())),
                e["country"].as_str().map(|c| ("country", c.to_string())),
            ]
        })
        .flatten()
        .collect();
    for (kind, value) in &places {
        let others: Vec<String> = if *kind == "city" {
            gazetteer()
                .city(value)
                .map(|c| c.aliases.clone())
                .unwrap_or_default()
        } else {
            country_words()
                .into_iter()
                .filter(|(_, country)| country == value)
                .map(|(word, _)| word)
                .collect()
        };
        for other in others {
            // A name that starts as the place's own is offered anyway; a
            // code is typed whole.
            let letters: Vec<char> = other.chars().collect();
            let first_two: String = fold(&other).chars().take(2).collect();
            // Names of letters and spaces (`N. Macedonia` is left out).
            let plain = letters.iter().all(|c| c.is_alphabetic() || *c == ' ');
            if letters.len() < 4 || !plain || fold(value).starts_with(&first_two) {
                continue;
            }
            let start: String = letters[..letters.len() - 1].iter().collect();
            names.push((kind, value.clone(), start));
        }
    }
    assert!(names.iter().any(|n| n.0 == "city"), "{names:?}");
    assert!(names.iter().any(|n| n.0 == "country"), "{names:?}");
    for (kind, value, start) in &names {
        for typed in [start.clone(), format!("{kind}:{start}")] {
            let offered = engine.suggest(&typed, 20).expect("suggest");
            let Some(chosen) = offered.iter().find(|s| s.text == *value && s.kind == *kind) else {
                panic!("{typed} offers no {kind} {value}: {offered:?}");
            };
            let mut request = SearchRequest::new(chosen.query.as_str());
            request.limit = 100;
            let found: BTreeSet<String> = engine
                .search(&request)
                .expect("search")
                .hits
                .into_iter()
                .map(|h| h.title)
                .collect();
            assert_eq!(found, held(kind, value), "{typed}: {}", chosen.query);
        }
    }
}

/// A start of a word that the English stemmer cuts down to a little word
/// (`onli`, as `only` is stemmed, is `on`) is no such word: the titles
/// offered for it each hold a word that starts as typed, not every title
/// with `on` in it.
#[test]
fn a_word_start_stemmed_to_a_little_word_suggests_no_titles_of_that_word() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("shipped bulletin");
    let mut tokenizer = bulletin::index::analyzer::BulletinTokenizer::new();
    let mut starts: BTreeSet<String> = BTreeSet::new();
    for word in text.split(|c: char| !c.is_alphanumeric()) {
        let letters: Vec<char> = fold(word).chars().collect();
        for n in 3..letters.len() {
            let start: String = letters[..n].iter().collect();
            let analysed = bulletin::index::analyzer::analyse_text(&mut tokenizer, &start);
            let little = analysed
                .iter()
                .flat_map(|t| &t.forms)
                .any(|form| *form != start && bulletin::text::is_little_word(form));
            if little {
                starts.insert(start);
            }
        }
    }
    assert!(!starts.is_empty(), "the bulletin has such starts");
    // After a filter too (the year of the bulletin's first activity).
    let year: String = events(&gold()[0])[0]["start"]
        .as_str()
        .unwrap_or_default()
        .chars()
        .take(4)
        .collect();
    for start in &starts {
        for typed in [start.clone(), format!("year:{year} {start}")] {
            for offered in engine.suggest(&typed, 8).expect("suggest") {
                if offered.kind != "title" {
                    continue;
                }
                let holds = offered
                    .text
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|word| fold(word).starts_with(start.as_str()));
                assert!(holds, "{typed} offers {:?}", offered.text);
            }
        }
    }
}

/// An acronym typed whole (`UNODC`, `EU`) is offered before the names
/// that only hold a later word starting so (`EU-UNODC Joint Action on
/// Border Control`, `Regional Programme for South Eastern Europe`), and
/// is still offered when few suggestions are asked for.
#[test]
fn an_acronym_typed_whole_is_offered_before_names_with_a_later_word_so() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let glossary = engine.glossary().expect("glossary");
    let mut checked = 0;
    let mut after_a_later_word = 0;
    for entry in glossary.entries() {
        let typed = entry.acronym.as_str();
        let offered_at = |limit: usize| -> Vec<(String, String)> {
            engine
                .suggest(typed, limit)
                .expect("suggest")
                .into_iter()
                .map(|s| (s.kind, s.text))
                .collect()
        };
        let all = offered_at(20);
        let is_it = |s: &(String, String)| s.0 == "acronym" && s.1 == typed;
        let Some(at) = all.iter().position(is_it) else {
            continue; // Not held by the bulletin.
        };
        checked += 1;
        let later: Vec<&(String, String)> = all[..at]
            .iter()
            .filter(|s| s.0 != "title" && !fold(&s.1).starts_with(&fold(typed)))
            .collect();
        assert!(later.is_empty(), "{typed}: {all:?}");
        after_a_later_word += all[at..]
            .iter()
            .filter(|s| s.0 != "title" && !fold(&s.1).starts_with(&fold(typed)))
            .count();
        for limit in [1, 2] {
            assert!(offered_at(limit).iter().any(is_it), "{typed} at {limit}");
        }
    }
    assert!(checked > 0);
    assert!(after_a_later_word > 0, "some name holds a later word so");
}

/// A `text:` (or `title:`, `body:`) clause being typed is completed with
/// the words of the text as written, those only the datelines or titles
/// write too: `text:Podg` offers `Podgorica`, which the bulletin writes in
/// datelines alone, and the completed box finds the activities held there.
#[test]
fn a_text_clause_offers_words_only_datelines_write() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold = gold();
    let cities: BTreeSet<String> = gold
        .iter()
        .flat_map(events)
        .filter_map(|e| e["city"].as_str().map(String::from))
        .collect();
    assert!(!cities.is_empty());
    for city in &cities {
        let start: String = city.chars().take(4).collect();
        for field in ["text", "body"] {
            let typed = format!("{field}:{start}");
            let offered = engine.suggest(&typed, 20).expect("suggest");
            let Some(chosen) = offered.iter().find(|s| s.kind == "word" && s.text == *city) else {
                panic!("{typed} offers no {city}: {offered:?}");
            };
            let mut request = SearchRequest::new(chosen.query.as_str());
            request.limit = 100;
            let found = engine.search(&request).expect("search").hits;
            let held: BTreeSet<String> = gold
                .iter()
                .filter(|g| events(g).iter().any(|e| e["city"].as_str() == Some(city)))
                .map(|g| g["title"].as_str().unwrap_or_default().to_string())
                .collect();
            let titles: BTreeSet<String> = found.into_iter().map(|h| h.title).collect();
            assert!(held.is_subset(&titles), "{typed}: {}", chosen.query);
        }
    }
}

/// A clause listing values with commas (`country:Montenegro,Al`) is
/// completed in its last value, the earlier ones kept, as the brackets of
/// `country:(Montenegro OR Al` are; the completed box finds the activities
/// held in either country.
#[test]
fn a_clause_listing_values_is_completed_in_its_last_value() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold = gold();
    let countries: BTreeSet<String> = gold
        .iter()
        .flat_map(events)
        .filter_map(|e| event_country(&e))
        .collect();
    let mut listed = countries.iter();
    let Some(first) = listed.next() else {
        panic!("the gold records hold countries");
    };
    let in_either = |a: &str, b: &str| -> BTreeSet<String> {
        gold.iter()
            .filter(|g| {
                events(g)
                    .iter()
                    .any(|e| event_country(e).is_some_and(|c| c == a || c == b))
            })
            .map(|g| g["title"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    let mut checked = 0;
    for other in listed {
        let start: String = other.chars().take(2).collect();
        let typed = format!("country:{first},{start}");
        let offered = engine.suggest(&typed, 20).expect("suggest");
        let Some(chosen) = offered
            .iter()
            .find(|s| s.kind == "country" && s.text == *other)
        else {
            panic!("{typed} offers no {other}: {offered:?}");
        };
        // The earlier value kept (quoted when the one completed is).
        assert!(chosen.query.starts_with("country:"), "{chosen:?}");
        assert!(
            chosen.query.contains(&format!("{first},"))
                || chosen.query.contains(&format!("\"{first}\",")),
            "{chosen:?}"
        );
        let mut request = SearchRequest::new(chosen.query.as_str());
        request.limit = 100;
        let found: BTreeSet<String> = engine
            .search(&request)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.title)
            .collect();
        assert_eq!(found, in_either(first, other), "{}", chosen.query);
        checked += 1;
    }
    assert!(checked > 0);
}

/// A list of values written with a space after its comma
/// (`country:Albania, Bos`, as `country:Montenegro, Albania` is read) is
/// still one clause: its last value is completed into the list, not into
/// a second clause that every activity must meet too; and a value already
/// listed is not offered again.
#[test]
fn a_listed_value_after_a_comma_and_space_joins_the_list() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let gold = gold();
    let countries: Vec<String> = gold
        .iter()
        .flat_map(events)
        .filter_map(|e| event_country(&e))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let [first, rest @ ..] = countries.as_slice() else {
        panic!("the gold records hold countries");
    };
    assert!(!rest.is_empty());
    for other in rest {
        let start: String = other.chars().take(3).collect();
        let typed = format!("country:{first}, {start}");
        let offered = engine.suggest(&typed, 20).expect("suggest");
        let Some(chosen) = offered
            .iter()
            .find(|s| s.kind == "country" && s.text == *other)
        else {
            panic!("{typed} offers no {other}: {offered:?}");
        };
        assert_eq!(
            chosen.query.matches("country:").count(),
            1,
            "one clause: {chosen:?}"
        );
        let mut request = SearchRequest::new(chosen.query.as_str());
        request.limit = 100;
        let found: BTreeSet<String> = engine
            .search(&request)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.title)
            .collect();
        let expected: BTreeSet<String> = gold
            .iter()
            .filter(|g| {
                events(g)
                    .iter()
                    .any(|e| event_country(e).is_some_and(|c| c == *first || c == *other))
            })
            .map(|g| g["title"].as_str().unwrap_or_default().to_string())
            .collect();
        assert_eq!(found, expected, "{}", chosen.query);
    }
    for country in &countries {
        let start: String = country.chars().take(3).collect();
        // A name of several words quoted, as a list needs it.
        let written = if country.contains(' ') {
            format!("\"{country}\"")
        } else {
            country.clone()
        };
        for typed in [
            format!("country:{written},{start}"),
            format!("country:{written}, {start}"),
        ] {
            let offered = engine.suggest(&typed, 20).expect("suggest");
            assert!(
                !offered.iter().any(|s| s.text == *country),
                "{typed}: {offered:?}"
            );
        }
    }
}

/// Values listed with commas keep an activity with any of them, however
/// the list is spelt: a comma with or without a space after it, each value
/// quoted or not, the quoted one first, in the middle or last, two values or
/// three; an excluded list leaves out the activities with any of them.
/// Before, an unquoted value before a quoted one broke the list:
/// `country:Albania,"Bosnia and Herzegovina"` found 5 activities (the
/// quoted name was read as words) and `country:Albania, "Bosnia and
/// Herzegovina"` none.
#[test]
fn a_list_with_a_quoted_value_anywhere_keeps_each_value() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    // Each field, how the gold records name its values, a value of several
    // words (or one), and two more values.
    let cases: Vec<(&str, ValuesOf, &str, [&str; 2])> = vec![
        (
            "country",
            Box::new(countries),
            "Bosnia and Herzegovina",
            ["Albania", "Kosovo"],
        ),
        ("city", Box::new(cities), "Sarajevo", ["Tirana", "Vlora"]),
        (
            "programme",
            Box::new(|g| strings(g, "programmes")),
            "EU-UNODC Joint Action on Border Control",
            ["Networking the Networks", "UN.Locking Impunity"],
        ),
        (
            "donor",
            Box::new(|g| strings(g, "donors")),
            "United Kingdom",
            ["France", "Romania"],
        ),
    ];
    let all = gold_titles(|_| true);
    let mut checked = 0;
    for (field, values_of, quoted, others) in &cases {
        let quote = |v: &str| format!("\"{v}\"");
        // An unquoted value of several words would be read as a list's
        // value run on over words; such values are written quoted here.
        let bare = |v: &str| {
            if v.contains(' ') {
                quote(v)
            } else {
                v.to_string()
            }
        };
        let [a, b] = others.map(bare);
        let q = quote(quoted);
        let lists: Vec<(Vec<&str>, Vec<String>)> = vec![
            (vec![quoted, others[0]], vec![q.clone(), a.clone()]),
            (vec![quoted, others[0]], vec![a.clone(), q.clone()]),
            (
                vec![quoted, others[0], others[1]],
                vec![q.clone(), a.clone(), b.clone()],
            ),
            (
                vec![quoted, others[0], others[1]],
                vec![a.clone(), q.clone(), b.clone()],
            ),
            (
                vec![quoted, others[0], others[1]],
                vec![a.clone(), b.clone(), q.clone()],
            ),
            (
                vec![quoted, others[0], others[1]],
                vec![q.clone(), quote(others[0]), quote(others[1])],
            ),
        ];
        for (values, written) in &lists {
            let keeps = |g: &Value| {
                values_of(g)
                    .iter()
                    .any(|v| values.iter().any(|w| fold(v) == fold(w)))
            };
            let expected = gold_titles(keeps);
            assert!(!expected.is_empty(), "{field}: {values:?}");
            let excluded: BTreeSet<String> = all.difference(&expected).cloned().collect();
            for separator in [",", ", "] {
                let list = written.join(separator);
                let query = format!("{field}:{list}");
                assert_eq!(found(&engine, &query), expected, "{query}");
                let query = format!("-{field}:{list}");
                assert_eq!(found(&engine, &query), excluded, "{query}");
                checked += 1;
            }
        }
    }
    assert_eq!(checked, cases.len() * 12);
    // Four values, the quoted one after two listed with a space, and a
    // word after the list, which stays a word.
    let four = ["Albania", "Kosovo", "Bosnia and Herzegovina", "Montenegro"];
    let expected = gold_titles(|g| countries(g).iter().any(|c| four.contains(&c.as_str())));
    for query in [
        "country:Albania, Kosovo, \"Bosnia and Herzegovina\", Montenegro",
        "country:Albania,Kosovo, \"Bosnia and Herzegovina\",Montenegro",
    ] {
        assert_eq!(found(&engine, query), expected, "{query}");
    }
    for query in [
        "country:Albania, \"Bosnia and Herzegovina\" training",
        "country:Albania,\"Bosnia and Herzegovina\" training",
        "country:Albania, Kosovo, \"Bosnia and Herzegovina\", training",
    ] {
        let answer = engine
            .search(&SearchRequest {
                limit: 100,
                ..SearchRequest::new(query)
            })
            .expect("search");
        assert_eq!(answer.typed_filters.len(), 1, "{query}");
        let hits: BTreeSet<String> = answer.hits.into_iter().map(|h| h.title).collect();
        let listed = if query.contains("Kosovo") {
            "country:(Albania OR Kosovo OR \"Bosnia and Herzegovina\") training"
        } else {
            "country:(Albania OR \"Bosnia and Herzegovina\") training"
        };
        assert_eq!(hits, found(&engine, listed), "{query}");
        assert!(!hits.is_empty(), "{query}");
    }
}

/// A prefix finds the activities whose written words start with it (title,
/// dateline and body, case and diacritics folded), not every activity
/// holding the prefix's own stem when the stemmer cuts it to a little word.
/// Before, `ins*` found every activity (its stem is `in`) and `onli*` every
/// one holding "on"; `mentori*` still finds "mentoring", held under the
/// shorter stem `mentor`.
#[test]
fn a_prefix_cut_to_a_little_stem_finds_only_words_starting_so() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&common::shipped_bulletin()).expect("bulletin");
    assert_eq!(records.len(), gold().len());
    let starting = |prefix: &str, title_only: bool| -> BTreeSet<String> {
        records
            .iter()
            .filter(|r| {
                let text = if title_only {
                    r.title.clone()
                } else {
                    format!("{} {} {}", r.title, r.dateline, r.body)
                };
                fold(&text)
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| w.starts_with(prefix))
            })
            .map(|r| r.id.clone())
            .collect()
    };
    let search = |query: &str| -> BTreeSet<String> {
        let request = SearchRequest {
            limit: records.len() + 10,
            ..SearchRequest::new(query)
        };
        let answer = engine.search(&request).expect("search");
        answer.hits.into_iter().map(|h| h.id).collect()
    };
    for prefix in ["ins", "onli"] {
        let expected = starting(prefix, false);
        assert!(expected.len() < records.len(), "{prefix}");
        assert_eq!(search(&format!("{prefix}*")), expected, "{prefix}*");
    }
    assert_eq!(search("title:onli*"), starting("onli", true), "title:onli*");
    // The prefix's stem still finds the words past it (`mentoring`, held
    // as `mentor`).
    let mentoring = starting("mentori", false);
    assert!(!mentoring.is_empty());
    assert!(search("mentori*").is_superset(&mentoring));
    // A stem that is a little word stays when a word stands for it: `its`
    // (held as `it`), `being` (held as `be`).
    for prefix in ["its", "bei"] {
        let expected = starting(prefix, false);
        assert!(!expected.is_empty(), "{prefix}");
        assert!(
            search(&format!("{prefix}*")).is_superset(&expected),
            "{prefix}*"
        );
    }
}

/// A prefix finds every activity holding a word that starts with it,
/// whatever stem the word is indexed under: `terroris*` finds "terrorism"
/// (held as `terror`), `availab*` "available" (held as `avail`),
/// `committ*` "committee" (held as `committe`). Every prefix of four
/// letters or more of every word of the shipped bulletin, read as the
/// analyzer reads a word (lower-cased, folded), is checked against the
/// activities whose title, dateline or body holds a word so started.
#[test]
fn a_prefix_finds_every_activity_holding_a_word_it_starts() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&common::shipped_bulletin()).expect("bulletin");
    let mut starting: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut spans = Vec::new();
    for record in &records {
        let text = format!("{}\n{}\n{}", record.title, record.dateline, record.body);
        spans.clear();
        bulletin::index::analyzer::split_words(&text, &mut spans);
        for &(from, to) in &spans {
            let letters = bulletin::index::analyzer::letters_of(&text[from..to]);
            // The word's letters up to an apostrophe or full stop
            // (`labour's`, `unodc.org`), which no prefix is typed past.
            let word: Vec<char> = letters
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            for length in 4..=word.len() {
                let prefix: String = word[..length].iter().collect();
                starting
                    .entry(prefix)
                    .or_default()
                    .insert(record.id.clone());
            }
        }
    }
    assert!(starting.len() > 1000, "{} prefixes", starting.len());
    let mut missed: Vec<String> = Vec::new();
    for (prefix, expected) in &starting {
        let request = SearchRequest {
            limit: records.len() + 10,
            ..SearchRequest::new(format!("{prefix}*"))
        };
        let answer = engine.search(&request).expect("search");
        let found: BTreeSet<String> = answer.hits.into_iter().map(|h| h.id).collect();
        let lost = expected.difference(&found).count();
        if lost > 0 {
            missed.push(format!("{prefix}* ({lost} of {})", expected.len()));
        }
    }
    assert!(
        missed.is_empty(),
        "{} of {} prefixes miss activities: {}",
        missed.len(),
        starting.len(),
        missed.join(", ")
    );
}

/// A title or dateline marks an abbreviation whole, its last full stop
/// with it, as a snippet does (`U.S.`, not `U.S`).
#[test]
fn a_title_marks_an_abbreviation_with_its_last_stop() {
    let title = "U.S. and U.K. support border police training";
    let (_dir, engine) = engine_of_bulletin(
        "2022-05-abbreviations.txt",
        format!(
            "{title}\n5 May 2022, Skopje, North Macedonia: Officers met for a border police training.\n"
        ),
    );
    let chars: Vec<char> = title.chars().collect();
    for (query, word) in [("U.S.", "U.S."), ("U.S", "U.S."), ("U.K.", "U.K.")] {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        let hit = answer.hits.first().expect("the activity is found");
        assert_eq!(hit.title, title);
        let marked: Vec<String> = hit
            .title_highlights
            .iter()
            .map(|[from, to]| chars[*from..*to].iter().collect())
            .collect();
        assert!(marked.contains(&word.to_string()), "{query}: {marked:?}");
    }
}
