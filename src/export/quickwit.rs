//! Quickwit (0.8 and later): an index configuration whose doc mapping is
//! strict (a document with an unmapped field is rejected, not silently
//! trimmed), NDJSON batches for the ingest API, and the push that creates
//! the index and ingests batch by batch.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde_json::{Value, json};

use super::document::{Document, date_to_rfc3339};
use super::http::{Client, Method};
use super::{
    DataUnit, ExportError, ExportPlan, PushReport, fill_readme, first_unsafe_name_char,
    parse_answer, push_batches, send_retrying,
};
use crate::extract::Record;

/// The index configuration file.
pub const CONFIG_FILE: &str = "index-config.json";
/// Data files are `docs-0001.ndjson`, ….
pub const DATA_PREFIX: &str = "docs";
pub const DATA_EXT: &str = "ndjson";
/// The configuration format version written.
pub const CONFIG_VERSION: &str = "0.8";
/// The custom tokenizer for prose: words of letters and digits, lower-cased
/// and folded to ASCII, so `Bijača` is found by `bijaca`.
pub const FOLDING_TOKENIZER: &str = "bulletin_folding";

const ENGINE: &str = "Quickwit";

/// Checks an index id against Quickwit's rule `^[a-zA-Z][a-zA-Z0-9._-]{2,254}$`.
pub fn validate_index_id(id: &str) -> Result<(), ExportError> {
    let invalid = |reason: String| {
        let rule = "Quickwit wants ^[a-zA-Z][a-zA-Z0-9._-]{2,254}$";
        Err(ExportError::invalid_index_id(
            ENGINE,
            id,
            format!("{reason} ({rule})"),
        ))
    };
    if !id.chars().next().is_some_and(|c| c.is_ascii_alphabetic()) {
        return invalid("it must start with an ASCII letter".to_string());
    }
    if let Some(bad) = first_unsafe_name_char(id) {
        return invalid(format!(
            "{bad:?} is not allowed: use letters, digits, '.', '_' or '-'"
        ));
    }
    if !(3..=255).contains(&id.len()) {
        return invalid("it must be 3 to 255 characters long".to_string());
    }
    Ok(())
}

/// The index configuration: doc mapping, timestamp field and default search fields.
pub fn index_config(index_id: &str) -> Value {
    let prose = |name: &str| {
        json!({
            "name": name,
            "type": "text",
            "tokenizer": FOLDING_TOKENIZER,
            "record": "position",
            "fieldnorms": true,
        })
    };
    let date = |name: &str| {
        json!({
            "name": name,
            "type": "datetime",
            "input_formats": ["rfc3339"],
            "output_format": "rfc3339",
            "fast": true,
            "fast_precision": "seconds",
        })
    };
    let keyword =
        |name: &str| json!({"name": name, "type": "text", "tokenizer": "raw", "fast": true});
    let keywords =
        |name: &str| json!({"name": name, "type": "array<text>", "tokenizer": "raw", "fast": true});
    let flag = |name: &str| json!({"name": name, "type": "bool", "fast": true});
    let objects = |name: &str| json!({"name": name, "type": "array<json>", "tokenizer": "raw", "fast": false});
    json!({
        "version": CONFIG_VERSION,
        "index_id": index_id,
        "doc_mapping": {
            "mode": "strict",
            "tokenizers": [{
                "name": FOLDING_TOKENIZER,
                "type": "regex",
                "pattern": "[\\p{L}\\p{N}]+",
                "filters": ["remove_long", "lower_caser", "ascii_folding"],
            }],
            "field_mappings": [
                json!({"name": "id", "type": "text", "tokenizer": "raw"}),
                prose("title"),
                prose("body"),
                prose("dateline"),
                date("start"),
                date("end"),
                flag("dated"),
                flag("online"),
                objects("events"),
                keywords("countries"),
                keywords("cities"),
                keywords("places"),
                keywords("programmes"),
                keywords("donors"),
                keywords("sdg_targets"),
                keywords("sdg_goals"),
                keywords("countries_mentioned"),
                objects("acronyms"),
                keyword("source"),
                json!({"name": "line", "type": "u64", "fast": true}),
                json!({"name": "warnings", "type": "array<text>", "tokenizer": "default"}),
            ],
            "timestamp_field": "start",
        },
        "search_settings": {
            "default_search_fields": ["title", "body", "dateline"],
        },
    })
}

/// The documents of the records. Quickwit rejects a document without its
/// timestamp field, so an undated record gets the earliest start date of its
/// bulletin (or of the whole export; when no record has a date, 1970-01-01)
/// with `dated: false`, rather than being lost.
pub fn documents(records: &[Record]) -> Vec<Document<String>> {
    let mut earliest_by_source: HashMap<&str, NaiveDate> = HashMap::new();
    for record in records {
        if let Some(start) = record.start() {
            earliest_by_source
                .entry(record.source.as_str())
                .and_modify(|d| *d = (*d).min(start))
                .or_insert(start);
        }
    }
    let earliest_overall = earliest_by_source
        .values()
        .min()
        .copied()
        .unwrap_or(NaiveDate::from_ymd_opt(1970, 1, 1).unwrap_or_default());
    records
        .iter()
        .map(|record| {
            let mut document = Document::from_record(record, date_to_rfc3339);
            if document.start.is_none() {
                let fallback = earliest_by_source
                    .get(record.source.as_str())
                    .copied()
                    .unwrap_or(earliest_overall);
                document.start = Some(date_to_rfc3339(fallback));
                document.end = document.start.clone();
            }
            document
        })
        .collect()
}

/// One NDJSON line per record.
pub fn data_units(records: &[Record]) -> Result<Vec<DataUnit>, ExportError> {
    documents(records)
        .into_iter()
        .map(|document| {
            let mut text = serde_json::to_string(&document)?;
            text.push('\n');
            Ok(DataUnit {
                id: document.id,
                text,
            })
        })
        .collect()
}

/// The README with the requests that load the files.
pub fn readme(plan: &ExportPlan) -> String {
    fill_readme(README_TEMPLATE, plan)
        .replace("{version}", CONFIG_VERSION)
        .replace("{tokenizer}", FOLDING_TOKENIZER)
}

const README_TEMPLATE: &str = r#"# bulletin export for Quickwit

{records} activity record(s) from `bulletin`, for Quickwit {version} or later, index `{id}`.

- `{config}`: the index configuration. The doc mapping is strict; `title`, `body`
  and `dateline` use the custom tokenizer `{tokenizer}` (lower-cased, folded to
  ASCII); facets are raw fast text fields; `start` is the timestamp field.
- `{prefix}-0001.{ext}` … ({files} file(s)): one JSON document per line, at most
  {limit} per file (Quickwit's ingest API takes at most 10 MB).

An undated activity gets the earliest start date of its bulletin (of the export, or
1970-01-01 when nothing in it is dated), with `"dated": false`, because Quickwit
rejects a document without its timestamp field.

## Load

```sh
QW=http://127.0.0.1:7280
curl --fail-with-body -sS -X POST "$QW/api/v1/indexes" \
  -H 'Content-Type: application/json' --data-binary @{config}
for f in {prefix}-*.{ext}; do
  [ -e "$f" ] || continue   # no data files: nothing to load
  curl --fail-with-body -sS -X POST "$QW/api/v1/{id}/ingest?commit=force&detailed_response=true" \
    -H 'Content-Type: application/x-ndjson' --data-binary "@$f"
  echo
done
```

Every answer must show `"num_rejected_docs":0`. `bulletin export --format quickwit --out DIR --push "$QW"`
sends the same requests and stops at the first rejected document.

Quickwit has no upsert: loading the files again indexes every activity twice. To
reload, delete the index first:

```sh
curl --fail-with-body -sS -X DELETE "$QW/api/v1/indexes/{id}"
```

## Search

```sh
curl -sS "$QW/api/v1/{id}/search?query=firearms&max_hits=10"
curl -sS "$QW/api/v1/{id}/search?query=countries:Montenegro%20AND%20firearms"
curl -sS -X POST "$QW/api/v1/{id}/search" -H 'Content-Type: application/json' \
  -d '{"query": "*", "max_hits": 0, "aggs": {"country": {"terms": {"field": "countries", "size": 100}}}}'
```
"#;

/// Creates the index and ingests every batch; any rejected document is an error.
pub fn push(
    client: &Client,
    plan: &ExportPlan,
    progress: &indicatif::ProgressBar,
) -> Result<PushReport, ExportError> {
    let id = &plan.index_id;
    let config = serde_json::to_vec(&plan.config)?;
    let answer = send_retrying(
        client,
        Method::Post,
        "/api/v1/indexes",
        "application/json",
        &config,
    )?;
    if !answer.is_success() {
        if answer.body.to_lowercase().contains("already exist") {
            return Err(ExportError::QuickwitIndexExists {
                index_id: id.clone(),
                url: client.display_base(),
            });
        }
        let step = format!("creating index `{id}`");
        return Err(ExportError::status(ENGINE, step, &answer));
    }
    let documents = push_batches(
        client,
        plan,
        progress,
        "ingesting",
        &format!("/api/v1/{id}/ingest?commit=force&detailed_response=true"),
        "application/x-ndjson",
        |step, answer, batch| {
            let value = parse_answer(ENGINE, step, answer)?;
            let rejections = rejected_documents(&value);
            let rejected = value["num_rejected_docs"]
                .as_u64()
                .map_or(0, |n| n as usize);
            // The documents of a request that parse are ingested, whatever the others do.
            let ingested = value["num_ingested_docs"].as_u64().map(|n| n as usize);
            if !rejections.is_empty() {
                return Err(ExportError::rejected(
                    ENGINE,
                    &rejections,
                    ingested.unwrap_or_default(),
                ));
            }
            if rejected > 0 {
                return Err(ExportError::Rejected {
                    engine: ENGINE,
                    count: rejected,
                    ids: Vec::new(),
                    details: format!(
                        "{step}: the answer names none of them: {}",
                        answer.body_excerpt()
                    ),
                    loaded: ingested.unwrap_or_default(),
                });
            }
            // Fewer documents ingested than sent, none named: the push is
            // not done, whatever the status said.
            let sent = batch.ids.len();
            if let Some(ingested) = ingested
                && ingested < sent
            {
                return Err(ExportError::Rejected {
                    engine: ENGINE,
                    count: sent - ingested,
                    ids: Vec::new(),
                    details: format!(
                        "{step}: Quickwit ingested {ingested} of the {sent} document(s) sent and named none it left out: {}",
                        answer.body_excerpt()
                    ),
                    loaded: ingested,
                });
            }
            Ok(ingested.unwrap_or(sent))
        },
    )?;
    Ok(PushReport {
        url: client.display_base(),
        documents,
        requests: plan.batches.len(),
        created: true,
    })
}

/// The `(id, reason)` of each parse failure in a detailed ingest answer.
fn rejected_documents(answer: &Value) -> Vec<(String, String)> {
    let Some(failures) = answer["parse_failures"].as_array() else {
        return Vec::new();
    };
    failures
        .iter()
        .map(|failure| {
            let id = failure["document"]
                .as_str()
                .and_then(|doc| serde_json::from_str::<Value>(doc).ok())
                .and_then(|doc| doc["id"].as_str().map(str::to_string))
                .unwrap_or_else(|| "(document without id)".to_string());
            let reason = failure["message"]
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| failure["reason"].to_string());
            (id, reason)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_index_ids() {
        for good in ["bulletin", "abc", "a.b_c-9", &"a".repeat(255)] {
            assert!(validate_index_id(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "ab",
            "9abc",
            "_abc",
            "has space",
            "ümlaut",
            &"a".repeat(256),
        ] {
            assert!(validate_index_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_rejected_documents() {
        let answer = json!({
            "num_docs_for_processing": 2,
            "num_ingested_docs": 1,
            "num_rejected_docs": 1,
            "parse_failures": [{
                "document": "{\"id\":\"2022-03-01-x\",\"title\":1}",
                "message": "the field `title` could not be parsed",
                "reason": "invalid_schema",
            }],
        });
        assert_eq!(
            rejected_documents(&answer),
            vec![(
                "2022-03-01-x".to_string(),
                "the field `title` could not be parsed".to_string()
            )]
        );
    }
}
