//! The extractor against the hand-checked gold records of the shipped bulletin.

use std::path::Path;

use bulletin::extract::parse_bulletin_file;
use serde_json::{Map, Value};

const FIELDS: [&str; 6] = [
    "events",
    "programmes",
    "acronyms",
    "sdg_targets",
    "donors",
    "countries_mentioned",
];

fn gold_records() -> anyhow::Result<Vec<Map<String, Value>>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/gold_seed.jsonl"),
    )?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| Ok(serde_json::from_str(line)?))
        .collect()
}

fn shipped_bulletin() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/2022-03-south-eastern-europe.txt")
}

#[test]
fn every_field_of_every_entry_equals_gold() -> anyhow::Result<()> {
    let gold = gold_records()?;
    let (records, _warnings) = parse_bulletin_file(&shipped_bulletin())?;
    let titles: Vec<&str> = records.iter().map(|r| r.title.as_str()).collect();
    let gold_titles: Vec<&str> = gold.iter().filter_map(|g| g["title"].as_str()).collect();
    assert_eq!(titles, gold_titles, "entries and titles");
    let mut mismatches = Vec::new();
    for (record, expected) in records.iter().zip(&gold) {
        let actual = serde_json::to_value(record)?;
        for field in FIELDS {
            if actual[field] != expected[field] {
                mismatches.push(format!(
                    "{}\n  {field}: got      {}\n  {field}: expected {}",
                    record.title, actual[field], expected[field]
                ));
            }
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
    Ok(())
}

#[test]
fn fixtures_equal_shared_copies_when_present() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = root.join("../shared");
    if !shared.exists() {
        eprintln!("../shared is absent: nothing to compare");
        return Ok(());
    }
    for (ours, theirs) in [
        ("tests/fixtures/gold_seed.jsonl", "gold/seed.jsonl"),
        (
            "tests/fixtures/seed_queries.jsonl",
            "relevance/seed_queries.jsonl",
        ),
        (
            "corpus/2022-03-south-eastern-europe.txt",
            "seed/000_60682694ab365013.txt",
        ),
    ] {
        assert_eq!(
            std::fs::read(root.join(ours))?,
            std::fs::read(shared.join(theirs))?,
            "{ours} differs from shared/{theirs}"
        );
    }
    Ok(())
}
