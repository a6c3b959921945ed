//! Typesense: a collection schema (facets marked `facet: true`, dates as
//! int64 Unix seconds, the nested events and acronyms stored but not
//! indexed), JSONL for `documents/import?action=upsert`, and the push that
//! creates the collection and imports batch by batch.

use serde_json::{Value, json};

use super::document::{Document, date_to_unix_seconds};
use super::http::{Client, Method};
use super::{
    DataUnit, ExportError, ExportPlan, PushReport, fill_readme, first_unsafe_name_char,
    parse_answer, push_batches, send_retrying,
};
use crate::extract::Record;

/// The collection schema file.
pub const CONFIG_FILE: &str = "collection.json";
/// Data files are `documents-0001.jsonl`, ….
pub const DATA_PREFIX: &str = "documents";
pub const DATA_EXT: &str = "jsonl";

const ENGINE: &str = "Typesense";

/// Checks a collection name: 1 to 255 ASCII letters, digits, `.`, `_` or `-`,
/// so it needs no escaping in a URL path.
pub fn validate_collection_name(name: &str) -> Result<(), ExportError> {
    if !(1..=255).contains(&name.len()) {
        let reason = "it must be 1 to 255 characters long";
        return Err(ExportError::invalid_index_id(ENGINE, name, reason));
    }
    if let Some(bad) = first_unsafe_name_char(name) {
        let reason = format!("{bad:?} is not allowed: use letters, digits, '.', '_' or '-'");
        return Err(ExportError::invalid_index_id(ENGINE, name, reason));
    }
    Ok(())
}

/// The collection schema. `id` is not listed: it is Typesense's implicit
/// string field, and the server ignores (with a warning) a field of that name.
pub fn collection_schema(name: &str) -> Value {
    let text = |name: &str| json!({"name": name, "type": "string"});
    let facets = |name: &str| json!({"name": name, "type": "string[]", "facet": true});
    let date = |name: &str| json!({"name": name, "type": "int64", "optional": true});
    let flag = |name: &str| json!({"name": name, "type": "bool", "facet": true});
    let stored = |name: &str, kind: &str| json!({"name": name, "type": kind, "index": false, "optional": true});
    json!({
        "name": name,
        "enable_nested_fields": true,
        "fields": [
            text("title"),
            text("body"),
            text("dateline"),
            date("start"),
            date("end"),
            flag("dated"),
            flag("online"),
            stored("events", "object[]"),
            facets("countries"),
            facets("cities"),
            facets("places"),
            facets("programmes"),
            facets("donors"),
            facets("sdg_targets"),
            facets("sdg_goals"),
            facets("countries_mentioned"),
            stored("acronyms", "object[]"),
            json!({"name": "source", "type": "string", "facet": true}),
            json!({"name": "line", "type": "int64"}),
            stored("warnings", "string[]"),
        ],
    })
}

/// One JSON line per record.
pub fn data_units(records: &[Record]) -> Result<Vec<DataUnit>, ExportError> {
    records
        .iter()
        .map(|record| {
            let document = Document::from_record(record, date_to_unix_seconds);
            let mut text = serde_json::to_string(&document)?;
            text.push('\n');
            Ok(DataUnit {
                id: record.id.clone(),
                text,
            })
        })
        .collect()
}

/// The README with the requests that load the files.
pub fn readme(plan: &ExportPlan) -> String {
    fill_readme(README_TEMPLATE, plan)
}

const README_TEMPLATE: &str = r#"# bulletin export for Typesense

{records} activity record(s) from `bulletin`, for Typesense 0.24 or later, collection `{id}`.

- `{config}`: the collection schema. Facets are `string[]` fields with `facet: true`;
  `start` and `end` are int64 Unix seconds (midnight UTC); `events` and `acronyms`
  are stored, not indexed.
- `{prefix}-0001.{ext}` … ({files} file(s)): one document per line, `id` = record id,
  at most {limit} per file.

## Load

```sh
TS=http://127.0.0.1:8108
export TYPESENSE_API_KEY=...   # an admin key
curl --fail-with-body -sS -X POST "$TS/collections" \
  -H "X-TYPESENSE-API-KEY: $TYPESENSE_API_KEY" -H 'Content-Type: application/json' \
  --data-binary @{config}
for f in {prefix}-*.{ext}; do
  [ -e "$f" ] || continue   # no data files: nothing to load
  curl --fail-with-body -sS -X POST "$TS/collections/{id}/documents/import?action=upsert" \
    -H "X-TYPESENSE-API-KEY: $TYPESENSE_API_KEY" -H 'Content-Type: text/plain' \
    --data-binary "@$f" | { grep -v '"success":true' || true; }
done
```

The import answers one line per document; any line printed above is a rejected
document. Loading again upserts each document by `id`; to drop activities that left
the corpus, delete the collection first (`curl -X DELETE -H "X-TYPESENSE-API-KEY:
$TYPESENSE_API_KEY" "$TS/collections/{id}"`). `bulletin export --format typesense
--out DIR --push "$TS"` sends the same requests and stops at the first rejected document.

## Search

```sh
curl -sS -H "X-TYPESENSE-API-KEY: $TYPESENSE_API_KEY" \
  "$TS/collections/{id}/documents/search?q=firearms&query_by=title,body&facet_by=countries,programmes"
```
"#;

/// Creates the collection (an existing one is reused: the import upserts
/// by `id`) and imports every batch; any `"success": false` line is an error.
pub fn push(
    client: &Client,
    plan: &ExportPlan,
    progress: &indicatif::ProgressBar,
) -> Result<PushReport, ExportError> {
    let name = &plan.index_id;
    let schema = serde_json::to_vec(&plan.config)?;
    let answer = send_retrying(
        client,
        Method::Post,
        "/collections",
        "application/json",
        &schema,
    )?;
    let created = answer.is_success();
    if !created && answer.status != 409 {
        let step = format!("creating collection `{name}`");
        return Err(ExportError::status(ENGINE, step, &answer));
    }
    // A collection that exists already (an earlier export's, or one made by
    // hand) takes the documents whatever its schema: a field it lacks is
    // stored but not searched, a facet it does not mark cannot be counted.
    if !created {
        let step = format!("reading the schema of collection `{name}`");
        let answer = client.get(&format!("/collections/{name}"))?;
        if !answer.is_success() {
            return Err(ExportError::status(ENGINE, step, &answer));
        }
        let existing = parse_answer(ENGINE, &step, &answer)?;
        let differences = schema_differences(&plan.config, &existing);
        if !differences.is_empty() {
            return Err(ExportError::TypesenseSchemaDiffers {
                collection: name.clone(),
                url: client.display_base(),
                differences: differences.join("; "),
            });
        }
    }
    let documents = push_batches(
        client,
        plan,
        progress,
        "importing",
        &format!("/collections/{name}/documents/import?action=upsert"),
        "text/plain",
        |step, answer, batch| {
            let rejections = rejected_imports(step, answer, &batch.ids)?;
            if !rejections.is_empty() {
                // The import answers a line per document: the others were imported.
                let imported = batch.ids.len().saturating_sub(rejections.len());
                return Err(ExportError::rejected(ENGINE, &rejections, imported));
            }
            Ok(batch.ids.len())
        },
    )?;
    Ok(PushReport {
        url: client.display_base(),
        documents,
        requests: plan.batches.len(),
        created,
    })
}

/// The fields of `wanted` (this export's schema) that `existing` (a
/// collection's schema as Typesense answers it) lacks or holds with another
/// type, facet or index setting, each as `name: what it is, not what it
/// should be`. Fields `existing` has beyond them do no harm.
fn schema_differences(wanted: &Value, existing: &Value) -> Vec<String> {
    let empty = Vec::new();
    let fields =
        |schema: &Value| -> Vec<Value> { schema["fields"].as_array().unwrap_or(&empty).clone() };
    let have = fields(existing);
    // Typesense answers every setting; a schema sent may leave the defaults out.
    let describe = |field: &Value| {
        let mut text = field["type"].as_str().unwrap_or("?").to_string();
        if field["facet"] == true {
            text.push_str(" with facet");
        }
        if field["index"] == false {
            text.push_str(", not indexed");
        }
        text
    };
    let mut differences = Vec::new();
    for field in fields(wanted) {
        let name = field["name"].as_str().unwrap_or_default();
        match have.iter().find(|f| f["name"] == name) {
            None => differences.push(format!("no field `{name}`")),
            Some(found) if describe(found) != describe(&field) => differences.push(format!(
                "`{name}` is {}, not {}",
                describe(found),
                describe(&field)
            )),
            Some(_) => {}
        }
    }
    differences
}

/// Reads an import answer (one line per document sent, in order) into the
/// `(id, reason)` of each rejected document.
fn rejected_imports(
    step: &str,
    answer: &super::http::Answer,
    ids: &[String],
) -> Result<Vec<(String, String)>, ExportError> {
    let lines: Vec<&str> = answer
        .body
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    if lines.len() != ids.len() {
        return Err(ExportError::BadAnswer {
            engine: ENGINE,
            step: step.to_string(),
            reason: format!(
                "{} result line(s) for {} document(s)",
                lines.len(),
                ids.len()
            ),
            body: answer.body_excerpt(),
        });
    }
    let mut rejections = Vec::new();
    for (line, id) in lines.iter().zip(ids) {
        let line_answer = super::http::Answer {
            status: answer.status,
            body: (*line).to_string(),
        };
        let value = parse_answer(ENGINE, step, &line_answer)?;
        if value["success"] == true {
            continue;
        }
        // The answer quotes the document; its id names it even if our order were off.
        let named = value["document"]
            .as_str()
            .and_then(|doc| serde_json::from_str::<Value>(doc).ok())
            .and_then(|doc| doc["id"].as_str().map(str::to_string))
            .unwrap_or_else(|| id.clone());
        let reason = value["error"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| line.to_string());
        rejections.push((named, reason));
    }
    Ok(rejections)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::http::Answer;

    #[test]
    fn validates_collection_names() {
        assert!(validate_collection_name("bulletin").is_ok());
        assert!(validate_collection_name("").is_err());
        assert!(validate_collection_name("a/b").is_err());
    }

    #[test]
    fn reads_import_answers() -> Result<(), ExportError> {
        let answer = Answer {
            status: 200,
            body: "{\"success\":true}\n{\"success\":false,\"error\":\"Field `title` must be a string.\",\"document\":\"{\\\"id\\\":\\\"b\\\"}\"}\n".to_string(),
        };
        let rejections = rejected_imports("import", &answer, &["a".to_string(), "b".to_string()])?;
        assert_eq!(
            rejections,
            vec![(
                "b".to_string(),
                "Field `title` must be a string.".to_string()
            )]
        );
        Ok(())
    }

    #[test]
    fn a_short_import_answer_is_an_error() {
        let answer = Answer {
            status: 200,
            body: "{\"success\":true}\n".to_string(),
        };
        assert!(rejected_imports("import", &answer, &["a".to_string(), "b".to_string()]).is_err());
    }
}
