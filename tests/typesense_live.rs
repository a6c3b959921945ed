//! A live round trip through a real Typesense server: export the shipped
//! bulletin, push it, then check that a keyword search and a facet count by
//! country through Typesense's own API give bulletin's answer.
//!
//! Runs only when `TYPESENSE_URL` (and `TYPESENSE_API_KEY`) are set, e.g.
//! `eval "$(scripts/typesense.sh start)"; cargo test --test typesense_live`.
//!
//! Bulletin's answer is the real binary's `search firearms --format json`
//! and `facets country --format json` (DESIGN.md's JSON contract). When the
//! binary has no such subcommands yet, the test says so and compares with
//! the answer computed from the parsed records alone.

mod export_support;
use export_support as common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail, ensure};
use bulletin::Record;
use bulletin::export::{ExportArgs, ExportFormat, run_export};
use serde_json::{Value, json};

use common::{shipped_bulletin_path, shipped_records};

const QUERY: &str = "firearms";

#[test]
fn typesense_search_and_country_facets_equal_bulletins_answer() -> anyhow::Result<()> {
    let Some(url) = std::env::var("TYPESENSE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!(
            "skipped typesense_live: TYPESENSE_URL is not set; start a server with \
             `eval \"$(scripts/typesense.sh start)\"` to run this round trip"
        );
        return Ok(());
    };
    let key = std::env::var("TYPESENSE_API_KEY")
        .context("TYPESENSE_URL is set but TYPESENSE_API_KEY is not")?;
    let records = shipped_records()?;
    let collection = format!(
        "bulletin_live_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)?
            .as_millis()
    );
    let typesense = Typesense {
        url: url.trim_end_matches('/').to_string(),
        key,
        collection,
    };

    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Typesense, dir.path().join("export"));
    args.index_id = typesense.collection.clone();
    args.push = Some(typesense.url.clone());
    args.api_key = Some(typesense.key.clone());
    let started = std::time::Instant::now();
    let summary = run_export(&args, &records)?;
    eprintln!("{summary}\n(export and push took {:?})", started.elapsed());
    let push = summary.push.as_ref().context("a push report")?;
    assert_eq!(push.documents, records.len());

    // A second push finds the collection (409) and upserts: still one document per record.
    let again = run_export(&args, &records)?;
    ensure!(
        !again.push.as_ref().context("report")?.created,
        "the collection existed"
    );
    let stored = typesense.get(&format!("/collections/{}", typesense.collection))?;
    assert_eq!(
        stored["num_documents"],
        records.len(),
        "documents in the collection"
    );

    // What Typesense answers.
    let search = typesense.get(&format!(
        "/collections/{}/documents/search?q={QUERY}&query_by=title,body&per_page=100",
        typesense.collection
    ))?;
    let typesense_ids: BTreeSet<String> = search["hits"]
        .as_array()
        .context("hits")?
        .iter()
        .filter_map(|hit| hit["document"]["id"].as_str().map(str::to_string))
        .collect();
    let typesense_found = search["found"].as_u64().context("found")? as usize;
    let facets = typesense.get(&format!(
        "/collections/{}/documents/search?q=*&query_by=title&facet_by=countries&max_facet_values=100&per_page=0",
        typesense.collection
    ))?;
    let typesense_countries = typesense_facet_counts(&facets, "countries")?;

    // What the records say.
    let expected_ids = ids_with_word(&records, QUERY);
    let expected_countries = country_counts(&records);
    ensure!(
        !expected_ids.is_empty(),
        "the shipped bulletin mentions {QUERY}"
    );
    assert_eq!(
        typesense_ids, expected_ids,
        "search {QUERY:?}: Typesense vs records"
    );
    assert_eq!(typesense_found, expected_ids.len(), "found");
    assert_eq!(
        typesense_countries, expected_countries,
        "country facet: Typesense vs records"
    );

    // What bulletin itself answers.
    match bulletin_answers(dir.path())? {
        Some(answers) => {
            assert_eq!(
                typesense_ids, answers.search_ids,
                "search {QUERY:?}: Typesense vs bulletin"
            );
            assert_eq!(
                typesense_found, answers.search_total,
                "total: Typesense vs bulletin"
            );
            assert_eq!(
                typesense_countries, answers.country_counts,
                "country facet: Typesense vs bulletin"
            );
            eprintln!("Typesense and `bulletin search`/`bulletin facets` agree");
        }
        None => eprintln!(
            "note: this bulletin binary has no `search`/`facets` subcommand yet; Typesense was \
             compared with the answer computed from the parsed records only"
        ),
    }
    Ok(())
}

/// A collection made by hand, with `countries` a plain string and most of
/// the export's fields missing, is not loaded into: the push reads the
/// schema Typesense answers and names what differs, and the collection
/// keeps no document.
#[test]
fn a_collection_of_another_schema_is_not_loaded_into() -> anyhow::Result<()> {
    let (Some(url), Ok(key)) = (
        std::env::var("TYPESENSE_URL")
            .ok()
            .filter(|u| !u.is_empty()),
        std::env::var("TYPESENSE_API_KEY"),
    ) else {
        eprintln!("skipped: TYPESENSE_URL or TYPESENSE_API_KEY is not set");
        return Ok(());
    };
    let typesense = Typesense {
        url: url.trim_end_matches('/').to_string(),
        key,
        collection: format!("bulletin_by_hand_{}", std::process::id()),
    };
    let schema = json!({
        "name": typesense.collection,
        "fields": [
            {"name": "title", "type": "string"},
            {"name": "body", "type": "string"},
            {"name": "countries", "type": "string", "optional": true},
        ],
    });
    ureq::post(format!("{}/collections", typesense.url))
        .header("X-TYPESENSE-API-KEY", &typesense.key)
        .header("content-type", "application/json")
        .send(schema.to_string())
        .context("creating the collection by hand")?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Typesense, dir.path().join("export"));
    args.index_id = typesense.collection.clone();
    args.push = Some(typesense.url.clone());
    args.api_key = Some(typesense.key.clone());
    let err = run_export(&args, &shipped_records()?)
        .err()
        .context("a push into another schema must fail")?;
    let message = format!("{err:#}");
    for part in [
        "`countries` is string, not string[] with facet",
        "no field `programmes`",
    ] {
        ensure!(message.contains(part), "{part:?} in {message}");
    }
    let stored = typesense.get(&format!("/collections/{}", typesense.collection))?;
    assert_eq!(stored["num_documents"], 0, "{stored}");
    Ok(())
}

struct Typesense {
    url: String,
    key: String,
    collection: String,
}

impl Typesense {
    fn get(&self, path: &str) -> anyhow::Result<Value> {
        let body = ureq::get(format!("{}{path}", self.url))
            .header("X-TYPESENSE-API-KEY", &self.key)
            .call()
            .with_context(|| format!("GET {path}"))?
            .body_mut()
            .read_to_string()?;
        Ok(serde_json::from_str(&body)?)
    }
}

impl Drop for Typesense {
    fn drop(&mut self) {
        // Leave the server as we found it; a failure here only leaves a test collection.
        let _ = ureq::delete(format!("{}/collections/{}", self.url, self.collection))
            .header("X-TYPESENSE-API-KEY", &self.key)
            .call();
    }
}

fn typesense_facet_counts(answer: &Value, field: &str) -> anyhow::Result<BTreeMap<String, usize>> {
    let facet = answer["facet_counts"]
        .as_array()
        .context("facet_counts")?
        .iter()
        .find(|f| f["field_name"] == field)
        .with_context(|| format!("no facet {field}"))?;
    facet["counts"]
        .as_array()
        .context("counts")?
        .iter()
        .map(|c| {
            Ok((
                c["value"].as_str().context("value")?.to_string(),
                c["count"].as_u64().context("count")? as usize,
            ))
        })
        .collect()
}

/// Records whose title or body holds `word` as a whole word, case aside.
fn ids_with_word(records: &[Record], word: &str) -> BTreeSet<String> {
    records
        .iter()
        .filter(|r| {
            format!("{} {}", r.title, r.body)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == word)
        })
        .map(|r| r.id.clone())
        .collect()
}

/// How many records took place in each country.
fn country_counts(records: &[Record]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for record in records {
        for country in record.countries() {
            *counts.entry(country).or_insert(0) += 1;
        }
    }
    counts
}

struct BulletinAnswers {
    search_ids: BTreeSet<String>,
    search_total: usize,
    country_counts: BTreeMap<String, usize>,
}

/// Bulletin's own answers from its binary, or `None` when it has no
/// `search` subcommand yet.
fn bulletin_answers(work: &Path) -> anyhow::Result<Option<BulletinAnswers>> {
    let corpus = work.join("corpus");
    std::fs::create_dir_all(&corpus)?;
    let shipped = shipped_bulletin_path();
    std::fs::copy(
        &shipped,
        corpus.join(shipped.file_name().context("file name")?),
    )?;
    let index = work.join("index");
    let run = |args: &[&str]| -> anyhow::Result<Option<Value>> {
        let output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(&corpus)
            .args(args)
            .output()?;
        let stderr = String::from_utf8_lossy(&output.stderr);
        if !output.status.success() {
            if stderr.contains("unrecognized subcommand") {
                return Ok(None);
            }
            bail!("bulletin {} failed: {stderr}", args.join(" "));
        }
        let value = serde_json::from_slice(&output.stdout).with_context(|| {
            format!(
                "bulletin {} printed no JSON: {}",
                args.join(" "),
                String::from_utf8_lossy(&output.stdout)
            )
        })?;
        Ok(Some(value))
    };
    let Some(search) = run(&["search", QUERY, "--format", "json", "--limit", "100"])? else {
        return Ok(None);
    };
    let Some(facets) = run(&["facets", "country", "--format", "json"])? else {
        return Ok(None);
    };
    let search_ids = search["hits"]
        .as_array()
        .with_context(|| format!("search JSON has no hits list: {search}"))?
        .iter()
        .filter_map(|hit| hit["id"].as_str().map(str::to_string))
        .collect();
    let search_total = search["total"]
        .as_u64()
        .with_context(|| format!("search JSON has no total: {search}"))?
        as usize;
    // DESIGN.md: a list of {"value", "count"}, countries possibly with their cities as "children".
    let list = match &facets {
        Value::Array(_) => &facets,
        Value::Object(map) => map
            .values()
            .find(|v| v.is_array())
            .with_context(|| format!("facets JSON holds no list: {facets}"))?,
        _ => bail!("facets JSON is neither a list nor an object: {facets}"),
    };
    let country_counts = list
        .as_array()
        .context("facet list")?
        .iter()
        .map(|entry| {
            Ok((
                entry["value"].as_str().context("facet value")?.to_string(),
                entry["count"].as_u64().context("facet count")? as usize,
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Some(BulletinAnswers {
        search_ids,
        search_total,
        country_counts,
    }))
}
