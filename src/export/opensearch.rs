//! OpenSearch (and Elasticsearch, whose APIs used here are the same): an
//! index body with a folding analyzer and a strict mapping, `_bulk` NDJSON
//! with one `index` action per record (`_id` = record id, so loading twice
//! replaces rather than duplicates), and the push that creates the index
//! and sends the bulk batches.

use serde_json::{Value, json};

use super::document::{Document, date_to_rfc3339};
use super::http::{Client, Method};
use super::{
    DataUnit, ExportError, ExportPlan, PushReport, fill_readme, first_unsafe_name_char,
    parse_answer, push_batches, send_retrying,
};
use crate::extract::Record;

/// The index body file (settings and mappings).
pub const CONFIG_FILE: &str = "index.json";
/// Data files are `bulk-0001.ndjson`, ….
pub const DATA_PREFIX: &str = "bulk";
pub const DATA_EXT: &str = "ndjson";
/// The analyzer for prose: standard tokenizer, lower-cased, folded to ASCII.
pub const FOLDING_ANALYZER: &str = "bulletin_folding";

const ENGINE: &str = "OpenSearch";

/// Checks an index name against OpenSearch's rules: lower case, no
/// `\ / * ? " < > | , #`, space or colon, not starting with `-`, `_` or `+`,
/// not `.` or `..`, at most 255 bytes; and, as the name goes into URL paths
/// and the README's shell commands as it is, made of ASCII letters, digits,
/// `.`, `_` and `-` alone (`news$2022` would be `news022` to the shell,
/// `a%zz` no path at all).
pub fn validate_index_name(name: &str) -> Result<(), ExportError> {
    let invalid = |reason: String| ExportError::invalid_index_id(ENGINE, name, reason);
    if name.is_empty() || name == "." || name == ".." {
        return Err(invalid("it must name something".to_string()));
    }
    if name.len() > 255 {
        return Err(invalid("it must be at most 255 bytes long".to_string()));
    }
    if name.starts_with(['-', '_', '+']) {
        return Err(invalid(
            "it must not start with '-', '_' or '+'".to_string(),
        ));
    }
    if let Some(bad) = name.chars().find(|c| {
        c.is_uppercase()
            || matches!(
                c,
                '\\' | '/' | '*' | '?' | '"' | '<' | '>' | '|' | ',' | '#' | ' ' | ':'
            )
    }) {
        return Err(invalid(format!(
            "{bad:?} is not allowed: OpenSearch index names are lower case without \\ / * ? \" < > | , # : or spaces"
        )));
    }
    if let Some(bad) = first_unsafe_name_char(name) {
        return Err(invalid(format!(
            "{bad:?} is not allowed: use lower-case letters, digits, '.', '_' or '-', which URLs and the README's shell commands carry as they are"
        )));
    }
    Ok(())
}

/// The index body: analysis settings and the strict mapping.
pub fn index_body() -> Value {
    let prose = json!({"type": "text", "analyzer": FOLDING_ANALYZER});
    let keyword = json!({"type": "keyword"});
    let date = json!({"type": "date", "format": "strict_date_optional_time"});
    let flag = json!({"type": "boolean"});
    json!({
        "settings": {
            "analysis": {
                "analyzer": {
                    FOLDING_ANALYZER: {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": ["lowercase", "asciifolding"],
                    },
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": {
                "id": keyword,
                "title": prose,
                "body": prose,
                "dateline": prose,
                "start": date,
                "end": date,
                "dated": flag,
                "online": flag,
                // Nested, so that a query on one part's place and dates
                // (`nested` query) holds within that part, as bulletin's own
                // filters do, rather than across the parts of an activity.
                "events": {
                    "type": "nested",
                    "properties": {
                        "start": date,
                        "end": date,
                        "city": keyword,
                        "country": keyword,
                        "country_implied": keyword,
                        "region": keyword,
                        "online": flag,
                        "year_inferred": flag,
                        "year_basis": keyword,
                    },
                },
                "countries": keyword,
                "cities": keyword,
                "places": keyword,
                "programmes": keyword,
                "donors": keyword,
                "sdg_targets": keyword,
                "sdg_goals": keyword,
                "countries_mentioned": keyword,
                "acronyms": {
                    "properties": {
                        "acronym": keyword,
                        "expansion": prose,
                    },
                },
                "source": keyword,
                "line": {"type": "integer"},
                "warnings": {"type": "text"},
            },
        },
    })
}

/// Two lines per record: the `index` action and the document.
pub fn data_units(index: &str, records: &[Record]) -> Result<Vec<DataUnit>, ExportError> {
    records
        .iter()
        .map(|record| {
            let document = Document::from_record(record, date_to_rfc3339);
            let action = json!({"index": {"_index": index, "_id": record.id}});
            let text = format!(
                "{}\n{}\n",
                serde_json::to_string(&action)?,
                serde_json::to_string(&document)?
            );
            Ok(DataUnit {
                id: record.id.clone(),
                text,
            })
        })
        .collect()
}

/// The README with the requests that load the files.
pub fn readme(plan: &ExportPlan) -> String {
    fill_readme(README_TEMPLATE, plan).replace("{analyzer}", FOLDING_ANALYZER)
}

const README_TEMPLATE: &str = r#"# bulletin export for OpenSearch

{records} activity record(s) from `bulletin`, for OpenSearch (or Elasticsearch), index `{id}`.

- `{config}`: the index body. Settings define the analyzer `{analyzer}`
  (standard tokenizer, lowercase, asciifolding) for `title`, `body` and `dateline`;
  the mapping is strict, facets are `keyword` fields, dates are `date` fields.
  `events` (the parts of an activity, each with its dates and place) is `nested`:
  query it with a `nested` query so that a place and a date hold in one part.
- `{prefix}-0001.{ext}` … ({files} file(s)): `_bulk` bodies, an `index` action with
  `_id` = record id before each document, at most {limit} per file.

## Load

```sh
OS=http://127.0.0.1:9200   # with security on: https://admin:PASSWORD@127.0.0.1:9200
curl --fail-with-body -sS -X PUT "$OS/{id}" \
  -H 'Content-Type: application/json' --data-binary @{config}
for f in {prefix}-*.{ext}; do
  [ -e "$f" ] || continue   # no data files: nothing to load
  curl --fail-with-body -sS -X POST "$OS/_bulk?refresh=wait_for" \
    -H 'Content-Type: application/x-ndjson' --data-binary "@$f" | grep -q '"errors":false' \
    || echo "some documents of $f were rejected: look for \"error\" in the answer"
done
```

Loading again replaces each document by its `_id`; to drop activities that left the
corpus, delete the index first (`curl -X DELETE "$OS/{id}"`).
`bulletin export --format opensearch --out DIR --push "$OS"` sends the same requests
and stops at the first rejected document.

## Search

```sh
curl -sS "$OS/{id}/_search" -H 'Content-Type: application/json' -d '{
  "query": {"multi_match": {"query": "firearms", "fields": ["title^2", "body"]}},
  "aggs": {"country": {"terms": {"field": "countries", "size": 100}}}
}'
# activities with a part in Montenegro that starts in March 2022
curl -sS "$OS/{id}/_search" -H 'Content-Type: application/json' -d '{
  "query": {"nested": {"path": "events", "query": {"bool": {"filter": [
    {"term": {"events.country": "Montenegro"}},
    {"range": {"events.start": {"gte": "2022-03-01", "lt": "2022-04-01"}}}
  ]}}}}
}'
```
"#;

/// Creates the index (an existing one is reused: `_id`s make the load
/// idempotent) and sends every bulk batch; any item error is an error.
pub fn push(
    client: &Client,
    plan: &ExportPlan,
    progress: &indicatif::ProgressBar,
) -> Result<PushReport, ExportError> {
    let id = &plan.index_id;
    let body = serde_json::to_vec(&plan.config)?;
    let step = format!("creating index `{id}`");
    let path = format!("/{id}");
    let answer = send_retrying(client, Method::Put, &path, "application/json", &body)?;
    let created = answer.is_success();
    // Any answer but "it exists" is an error with its status, whatever the
    // body (a proxy's or the security plugin's may not be JSON).
    let exists = || {
        serde_json::from_str::<serde_json::Value>(&answer.body)
            .is_ok_and(|value| value["error"]["type"] == "resource_already_exists_exception")
    };
    if !created && !exists() {
        return Err(ExportError::status(ENGINE, step, &answer));
    }
    // An index made by an earlier export keeps its mapping: parts that are
    // plain objects there would take the documents, and every `nested`
    // query on them would then fail.
    if !created {
        let step = format!("reading the mapping of index `{id}`");
        let answer = client.get(&format!("/{id}/_mapping"))?;
        if !answer.is_success() {
            return Err(ExportError::status(ENGINE, step, &answer));
        }
        let mapping = parse_answer(ENGINE, &step, &answer)?;
        let nested = mapping.as_object().is_some_and(|indexes| {
            !indexes.is_empty()
                && indexes
                    .values()
                    .all(|index| index["mappings"]["properties"]["events"]["type"] == "nested")
        });
        if !nested {
            return Err(ExportError::OpensearchEventsNotNested {
                index_id: id.clone(),
                url: client.display_base(),
            });
        }
    }
    let documents = push_batches(
        client,
        plan,
        progress,
        "bulk-loading",
        "/_bulk?refresh=wait_for",
        "application/x-ndjson",
        |step, answer, batch| {
            let value = parse_answer(ENGINE, step, answer)?;
            let rejections = rejected_items(&value);
            // A bulk request is not atomic: the items without an error were loaded.
            let loaded = value["items"]
                .as_array()
                .map(|items| items.len().saturating_sub(rejections.len()));
            if !rejections.is_empty() {
                return Err(ExportError::rejected(
                    ENGINE,
                    &rejections,
                    loaded.unwrap_or_default(),
                ));
            }
            if value["errors"] == true {
                return Err(ExportError::Rejected {
                    engine: ENGINE,
                    count: 0,
                    ids: Vec::new(),
                    details: format!(
                        "{step}: the answer says errors but names no item: {}",
                        answer.body_excerpt()
                    ),
                    loaded: 0,
                });
            }
            // The bulk API lists an item for each document sent: an answer
            // without them, or with fewer, did not load the others.
            let sent = batch.ids.len();
            let Some(listed) = value["items"].as_array().map(Vec::len) else {
                return Err(ExportError::BadAnswer {
                    engine: ENGINE,
                    step: step.to_string(),
                    reason: format!("no `items` for the {sent} document(s) sent"),
                    body: answer.body_excerpt(),
                });
            };
            if listed < sent {
                return Err(ExportError::Rejected {
                    engine: ENGINE,
                    count: sent - listed,
                    ids: Vec::new(),
                    details: format!(
                        "{step}: the answer lists {listed} of the {sent} document(s) sent"
                    ),
                    loaded: listed,
                });
            }
            Ok(sent)
        },
    )?;
    Ok(PushReport {
        url: client.display_base(),
        documents,
        requests: plan.batches.len(),
        created,
    })
}

/// The `(id, reason)` of each bulk item that failed.
fn rejected_items(answer: &Value) -> Vec<(String, String)> {
    let Some(items) = answer["items"].as_array() else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            let result = item.as_object()?.values().next()?;
            let error = result.get("error")?;
            let id = result["_id"].as_str().unwrap_or("(no _id)").to_string();
            let reason = match (error["type"].as_str(), error["reason"].as_str()) {
                (Some(kind), Some(reason)) => format!("{kind}: {reason}"),
                _ => error.to_string(),
            };
            Some((id, reason))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validates_index_names() {
        for good in ["bulletin", "bulletin-2022", "a.b"] {
            assert!(validate_index_name(good).is_ok(), "{good}");
        }
        for bad in ["", ".", "Bulletin", "_x", "a b", "a/b", "a:b"] {
            assert!(validate_index_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn names_failed_items() {
        let answer = json!({
            "errors": true,
            "items": [
                {"index": {"_id": "a", "status": 201}},
                {"index": {"_id": "b", "status": 400, "error": {"type": "mapper_parsing_exception", "reason": "bad"}}},
            ],
        });
        assert_eq!(
            rejected_items(&answer),
            vec![("b".to_string(), "mapper_parsing_exception: bad".to_string())]
        );
    }
}
