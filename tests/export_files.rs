//! `bulletin export` files from the shipped bulletin: golden configuration,
//! schema, README and first data lines for each engine; every data line
//! checked against the mapping it is loaded with; every document checked
//! against the record it came from; batches within the size limit.
//!
//! Rewrite the goldens after an intended change with
//! `UPDATE_GOLDEN=1 cargo test --test export_files`.

mod export_support;
use export_support as common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use anyhow::{Context, bail, ensure};
use bulletin::Record;
use bulletin::export::{
    DEFAULT_BATCH_BYTES, ExportArgs, ExportFormat, ExportSummary, plan_export, run_export,
};
use serde_json::{Map, Value};

use common::{assert_golden, first_lines, shipped_records};

const FORMATS: [ExportFormat; 3] = [
    ExportFormat::Quickwit,
    ExportFormat::Opensearch,
    ExportFormat::Typesense,
];

/// What each format writes: (config file, first data file, golden prefix, lines per document).
fn layout(format: ExportFormat) -> (&'static str, &'static str, &'static str, usize) {
    match format {
        ExportFormat::Quickwit => ("index-config.json", "docs-0001.ndjson", "quickwit", 1),
        ExportFormat::Opensearch => ("index.json", "bulk-0001.ndjson", "opensearch", 2),
        ExportFormat::Typesense => ("collection.json", "documents-0001.jsonl", "typesense", 1),
    }
}

fn export(format: ExportFormat, dir: &Path, records: &[Record]) -> anyhow::Result<ExportSummary> {
    run_export(&ExportArgs::new(format, dir), records)
}

/// The data lines of every data file of an export, in order.
fn data_lines(summary: &ExportSummary) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    let data_files = &summary.files[1..summary.files.len() - 1];
    for path in data_files {
        let text = std::fs::read_to_string(path)?;
        ensure!(
            text.ends_with('\n'),
            "{} does not end in a newline",
            path.display()
        );
        lines.extend(text.lines().map(str::to_string));
    }
    Ok(lines)
}

#[test]
fn each_format_matches_its_golden_files() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for format in FORMATS {
        let dir = tempfile::tempdir()?;
        let summary = export(format, dir.path(), &records)?;
        let (config, data, prefix, lines_per_doc) = layout(format);
        let names: Vec<String> = summary
            .files
            .iter()
            .filter_map(|p| p.file_name()?.to_str().map(str::to_string))
            .collect();
        assert_eq!(
            names,
            vec![config, data, "README.md"],
            "{format}: files written"
        );
        assert_golden(
            &format!("{prefix}-{config}"),
            &std::fs::read_to_string(dir.path().join(config))?,
        )?;
        assert_golden(
            &format!("{prefix}-{data}.head"),
            &first_lines(
                &std::fs::read_to_string(dir.path().join(data))?,
                3 * lines_per_doc,
            ),
        )?;
        assert_golden(
            &format!("{prefix}-README.md"),
            &std::fs::read_to_string(dir.path().join("README.md"))?,
        )?;
    }
    Ok(())
}

/// Records are written by source file, line and id whatever order they come
/// in (an index hands them over in the order of its segments, which changes
/// from build to build), so the same records always give the same files.
#[test]
fn records_are_written_in_source_order_whatever_order_they_come_in() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let mut shuffled = records.clone();
    shuffled.reverse();
    shuffled.rotate_left(records.len() / 3);
    ensure!(shuffled != records, "the records are out of order");
    for format in FORMATS {
        let in_order = tempfile::tempdir()?;
        let out_of_order = tempfile::tempdir()?;
        let expected = data_lines(&export(format, in_order.path(), &records)?)?;
        let written = data_lines(&export(format, out_of_order.path(), &shuffled)?)?;
        ensure!(written == expected, "{format}: the order follows the input");
        let (_, _, _, lines_per_doc) = layout(format);
        let places: Vec<(String, u64)> = written
            .iter()
            .skip(lines_per_doc - 1)
            .step_by(lines_per_doc)
            .map(|line| serde_json::from_str::<Value>(line))
            .map(|doc| {
                let doc = doc?;
                Ok((
                    doc["source"].as_str().context("source")?.to_string(),
                    doc["line"].as_u64().context("line")?,
                ))
            })
            .collect::<anyhow::Result<_>>()?;
        ensure!(
            places.is_sorted() && places.len() == records.len(),
            "{format}: {places:?}"
        );
    }
    Ok(())
}

#[test]
fn every_record_is_exported_once_with_every_field() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for format in FORMATS {
        let dir = tempfile::tempdir()?;
        let summary = export(format, dir.path(), &records)?;
        let lines = data_lines(&summary)?;
        let (_, _, _, lines_per_doc) = layout(format);
        ensure!(
            lines.len() == records.len() * lines_per_doc,
            "{format}: {} data lines for {} records",
            lines.len(),
            records.len()
        );
        let documents: Vec<Map<String, Value>> = lines
            .iter()
            .skip(lines_per_doc - 1)
            .step_by(lines_per_doc)
            .map(|line| serde_json::from_str(line))
            .collect::<Result<_, _>>()?;
        for (record, document) in records.iter().zip(&documents) {
            check_document_against_record(format, record, document).with_context(|| {
                format!("{format}: record {} (line {})", record.id, record.line)
            })?;
        }
    }
    Ok(())
}

/// Each field of the document, computed here from the record alone.
fn check_document_against_record(
    format: ExportFormat,
    record: &Record,
    document: &Map<String, Value>,
) -> anyhow::Result<()> {
    let strings = |values: Vec<String>| Value::from(values);
    let date = |d: chrono::NaiveDate| match format {
        ExportFormat::Typesense => Value::from(
            d.and_hms_opt(0, 0, 0)
                .map(|t| t.and_utc().timestamp())
                .unwrap_or_default(),
        ),
        _ => Value::from(format!("{}T00:00:00Z", d.format("%Y-%m-%d"))),
    };
    // Cities as the facets count them: the gazetteer's spelling of a city
    // it knows in that country (`Bjelašnica` for the shipped `Bjelasnica`).
    let gazetteer = bulletin::extract::gazetteer::gazetteer();
    let facet_city = |e: &bulletin::Event| {
        let country = e.country.as_deref().or(e.country_implied.as_deref());
        Some(
            gazetteer
                .city_display(e.city.as_deref()?, country)
                .to_string(),
        )
    };
    let mut cities: Vec<String> = record.events.iter().filter_map(facet_city).collect();
    cities.sort();
    cities.dedup();
    let mut places: Vec<String> = record
        .events
        .iter()
        .filter_map(|e| {
            let country = e.country.clone().or_else(|| e.country_implied.clone())?;
            Some(format!("{country}/{}", facet_city(e)?))
        })
        .collect();
    places.sort();
    places.dedup();
    let mut goals: Vec<u32> = record
        .sdg_targets
        .iter()
        .filter_map(|t| t.split('.').next()?.parse().ok())
        .collect();
    goals.sort();
    goals.dedup();
    let goals: Vec<String> = goals.iter().map(u32::to_string).collect();
    let acronyms: Vec<Value> = record
        .acronyms
        .0
        .iter()
        .map(|(a, e)| serde_json::json!({"acronym": a, "expansion": e}))
        .collect();
    let expected: Vec<(&str, Value)> = vec![
        ("id", Value::from(record.id.clone())),
        ("title", Value::from(record.title.clone())),
        ("body", Value::from(record.body.clone())),
        ("dateline", Value::from(record.dateline.clone())),
        ("start", record.start().map_or(Value::Null, date)),
        ("end", record.end().map_or(Value::Null, date)),
        ("dated", Value::from(record.start().is_some())),
        (
            "online",
            Value::from(record.events.iter().any(|e| e.online)),
        ),
        ("countries", strings(record.countries())),
        ("cities", strings(cities)),
        ("places", strings(places)),
        ("programmes", strings(record.programmes.clone())),
        ("donors", strings(record.donors.clone())),
        ("sdg_targets", strings(record.sdg_targets.clone())),
        ("sdg_goals", strings(goals)),
        (
            "countries_mentioned",
            strings(record.countries_mentioned.clone()),
        ),
        ("acronyms", Value::from(acronyms)),
        ("source", Value::from(record.source.clone())),
        ("line", Value::from(record.line)),
        ("warnings", strings(record.warnings.clone())),
    ];
    for (field, value) in expected {
        let actual = document.get(field).unwrap_or(&Value::Null);
        ensure!(
            *actual == value,
            "field {field}: exported {actual}, record says {value}"
        );
    }
    let events = document
        .get("events")
        .and_then(Value::as_array)
        .context("events is not an array")?;
    ensure!(events.len() == record.events.len(), "events: count differs");
    for (event, original) in events.iter().zip(&record.events) {
        let get = |key: &str| event.get(key).and_then(Value::as_str).map(str::to_string);
        ensure!(get("city") == original.city, "event city");
        ensure!(get("country") == original.country, "event country");
        ensure!(
            get("country_implied") == original.country_implied,
            "event implied country"
        );
        ensure!(
            get("start")
                == original
                    .start
                    .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d"))),
            "event start"
        );
        ensure!(
            get("end")
                == original
                    .end
                    .map(|d| format!("{}T00:00:00Z", d.format("%Y-%m-%d"))),
            "event end"
        );
        ensure!(
            event.get("online") == Some(&Value::from(original.online)),
            "event online"
        );
        ensure!(
            event.get("year_inferred") == Some(&Value::from(original.year_inferred)),
            "event year_inferred"
        );
    }
    Ok(())
}

#[test]
fn quickwit_data_uses_only_mapped_fields_and_types() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let summary = export(ExportFormat::Quickwit, dir.path(), &records)?;
    let config: Value = serde_json::from_str(&std::fs::read_to_string(&summary.files[0])?)?;

    ensure!(config["version"] == "0.8", "config version");
    let mapping = &config["doc_mapping"];
    let custom: BTreeSet<&str> = mapping["tokenizers"]
        .as_array()
        .context("tokenizers")?
        .iter()
        .filter_map(|t| t["name"].as_str())
        .collect();
    let fields = mapping["field_mappings"]
        .as_array()
        .context("field_mappings")?;
    check_quickwit_mappings(fields, &custom)?;
    let timestamp = mapping["timestamp_field"]
        .as_str()
        .context("timestamp_field")?;
    ensure!(
        timestamp == "start",
        "the timestamp field is the activity start"
    );
    let start = fields
        .iter()
        .find(|f| f["name"] == timestamp)
        .context("timestamp field is mapped")?;
    ensure!(
        start["type"] == "datetime" && start["fast"] == true,
        "timestamp field is a fast datetime"
    );

    for (number, line) in data_lines(&summary)?.iter().enumerate() {
        let document: Value = serde_json::from_str(line)
            .with_context(|| format!("line {} is not JSON", number + 1))?;
        check_quickwit_value(fields, &document).with_context(|| format!("line {}", number + 1))?;
        ensure!(
            document.get(timestamp).is_some(),
            "line {} has no timestamp",
            number + 1
        );
    }
    Ok(())
}

fn check_quickwit_mappings(fields: &[Value], custom: &BTreeSet<&str>) -> anyhow::Result<()> {
    // Quickwit's leaf types; `array<…>` of any of them, and `object` with its own fields.
    const LEAF_TYPES: [&str; 9] = [
        "text", "i64", "u64", "f64", "bool", "datetime", "json", "ip", "bytes",
    ];
    for field in fields {
        let name = field["name"].as_str().context("field name")?;
        let kind = field["type"].as_str().context("field type")?;
        let base = kind
            .strip_prefix("array<")
            .and_then(|k| k.strip_suffix('>'))
            .unwrap_or(kind);
        ensure!(
            kind == "object" || LEAF_TYPES.contains(&base),
            "{name}: type {kind} is not Quickwit's"
        );
        if let Some(tokenizer) = field.get("tokenizer").and_then(Value::as_str) {
            ensure!(
                ["raw", "default", "lowercase"].contains(&tokenizer) || custom.contains(tokenizer),
                "{name}: tokenizer {tokenizer} is neither built in nor declared"
            );
        }
        if kind == "object" {
            check_quickwit_mappings(
                field["field_mappings"]
                    .as_array()
                    .context("object fields")?,
                custom,
            )?;
        }
    }
    Ok(())
}

fn check_quickwit_value(fields: &[Value], value: &Value) -> anyhow::Result<()> {
    let object = value.as_object().context("a document is a JSON object")?;
    for (key, value) in object {
        let field = fields
            .iter()
            .find(|f| f["name"] == key.as_str())
            .with_context(|| format!("field {key} is not mapped (the mapping is strict)"))?;
        let kind = field["type"].as_str().unwrap_or_default();
        let ok = match kind {
            "text" => value.is_string(),
            "array<text>" => all(value, Value::is_string),
            "datetime" => value.as_str().is_some_and(is_rfc3339),
            "bool" => value.is_boolean(),
            "u64" => value.is_u64(),
            "i64" => value.is_i64(),
            "array<json>" => all(value, Value::is_object),
            "json" => value.is_object(),
            "object" => {
                check_quickwit_value(field["field_mappings"].as_array().context("object")?, value)?;
                true
            }
            other => bail!("{key}: unexpected type {other}"),
        };
        ensure!(ok, "{key}: {value} is not a {kind}");
    }
    Ok(())
}

#[test]
fn opensearch_data_uses_only_mapped_fields_and_types() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let summary = export(ExportFormat::Opensearch, dir.path(), &records)?;
    let body: Value = serde_json::from_str(&std::fs::read_to_string(&summary.files[0])?)?;

    let analyzers = body["settings"]["analysis"]["analyzer"]
        .as_object()
        .context("analyzers")?;
    let folding = analyzers
        .values()
        .find(|a| {
            a["filter"].as_array().is_some_and(|f| {
                f.contains(&"lowercase".into()) && f.contains(&"asciifolding".into())
            })
        })
        .context("an analyzer with lowercase and asciifolding")?;
    ensure!(folding["type"] == "custom", "custom analyzer");
    ensure!(body["mappings"]["dynamic"] == "strict", "strict mapping");
    let properties = body["mappings"]["properties"]
        .as_object()
        .context("properties")?;
    for (field, facet) in [
        ("countries", "keyword"),
        ("places", "keyword"),
        ("start", "date"),
    ] {
        ensure!(
            properties[field]["type"] == facet,
            "{field} is a {facet} field"
        );
    }
    // An activity held in several parts must be queried part by part, as
    // bulletin's own filters do: `events` is nested, not a flat object.
    ensure!(
        records.iter().any(|r| r.events.len() > 1),
        "the bulletin has an activity of several parts"
    );
    ensure!(
        properties["events"]["type"] == "nested",
        "events is nested: {}",
        properties["events"]
    );
    for (name, mapping) in properties {
        if let Some(analyzer) = mapping.get("analyzer").and_then(Value::as_str) {
            ensure!(
                analyzers.contains_key(analyzer),
                "{name}: analyzer {analyzer} is not defined"
            );
        }
    }

    let lines = data_lines(&summary)?;
    for (number, pair) in lines.chunks(2).enumerate() {
        let action: Value = serde_json::from_str(&pair[0])?;
        let document: Value = serde_json::from_str(&pair[1])?;
        let keys: Vec<&String> = action.as_object().context("action")?.keys().collect();
        ensure!(keys == ["index"], "action {} is {action}", number + 1);
        ensure!(
            action["index"]["_id"] == document["id"],
            "_id is the record id"
        );
        ensure!(action["index"]["_index"] == "bulletin", "_index");
        check_opensearch_object(properties, &document)
            .with_context(|| format!("document {}", number + 1))?;
    }
    Ok(())
}

fn check_opensearch_object(properties: &Map<String, Value>, value: &Value) -> anyhow::Result<()> {
    let object = value.as_object().context("an object")?;
    for (key, value) in object {
        let mapping = properties
            .get(key)
            .with_context(|| format!("field {key} is not mapped (the mapping is strict)"))?;
        if let Some(inner) = mapping.get("properties").and_then(Value::as_object) {
            match value {
                Value::Array(items) => {
                    for item in items {
                        check_opensearch_object(inner, item).with_context(|| key.clone())?;
                    }
                }
                _ => check_opensearch_object(inner, value).with_context(|| key.clone())?,
            }
            continue;
        }
        let kind = mapping["type"].as_str().unwrap_or_default();
        let one = |v: &Value| match kind {
            "text" | "keyword" => v.is_string(),
            "date" => v.as_str().is_some_and(is_rfc3339),
            "boolean" => v.is_boolean(),
            "integer" => v.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
            _ => false,
        };
        let ok = match value {
            Value::Array(items) => items.iter().all(one),
            _ => one(value),
        };
        ensure!(ok, "{key}: {value} is not a {kind}");
    }
    Ok(())
}

#[test]
fn typesense_data_uses_only_mapped_fields_and_types() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let summary = export(ExportFormat::Typesense, dir.path(), &records)?;
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&summary.files[0])?)?;
    let mut fields: BTreeMap<&str, &Value> = schema["fields"]
        .as_array()
        .context("fields")?
        .iter()
        .filter_map(|f| Some((f["name"].as_str()?, f)))
        .collect();
    // `id` is Typesense's implicit field, a string in every document; the
    // server ignores a schema field of that name.
    ensure!(!fields.contains_key("id"), "id is implicit, not declared");
    let implicit_id = serde_json::json!({"name": "id", "type": "string"});
    fields.insert("id", &implicit_id);
    for date in ["start", "end"] {
        ensure!(fields[date]["type"] == "int64", "{date} is int64 seconds");
    }
    let facets: BTreeSet<&str> = fields
        .iter()
        .filter(|(_, f)| f["facet"] == true)
        .map(|(name, _)| *name)
        .collect();
    for facet in [
        "countries",
        "cities",
        "places",
        "programmes",
        "donors",
        "sdg_targets",
        "sdg_goals",
        "countries_mentioned",
    ] {
        ensure!(facets.contains(facet), "{facet} is a facet");
    }

    for (number, line) in data_lines(&summary)?.iter().enumerate() {
        let document: Map<String, Value> = serde_json::from_str(line)
            .with_context(|| format!("line {} is not a JSON object", number + 1))?;
        for (name, field) in &fields {
            ensure!(
                document.contains_key(*name) || field["optional"] == true,
                "line {}: required field {name} is missing",
                number + 1
            );
        }
        for (key, value) in &document {
            let field = fields.get(key.as_str()).with_context(|| {
                format!("line {}: field {key} is not in the schema", number + 1)
            })?;
            let kind = field["type"].as_str().unwrap_or_default();
            let ok = match kind {
                "string" => value.is_string(),
                "string[]" => all(value, Value::is_string),
                "int64" => value.is_i64(),
                "int32" => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                "bool" => value.is_boolean(),
                "object" => value.is_object(),
                "object[]" => all(value, Value::is_object),
                other => bail!("{key}: unexpected type {other}"),
            };
            ensure!(ok, "line {}: {key}: {value} is not a {kind}", number + 1);
        }
    }
    Ok(())
}

#[test]
fn batches_respect_the_size_limit_and_keep_every_document() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for format in FORMATS {
        let whole = plan_export(format, "bulletin", &records, DEFAULT_BATCH_BYTES)?;
        ensure!(
            whole.batches.len() == 1,
            "{format}: the shipped bulletin fits one batch"
        );
        let largest = records
            .iter()
            .map(|r| {
                plan_export(
                    format,
                    "bulletin",
                    std::slice::from_ref(r),
                    DEFAULT_BATCH_BYTES,
                )
            })
            .map(|plan| plan.map(|p| p.batches[0].body.len()))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .max()
            .unwrap_or_default();
        // A limit just above the largest document forces many batches.
        let limit = largest + 10;
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(format, dir.path());
        args.batch_bytes = limit;
        let summary = run_export(&args, &records)?;
        ensure!(
            summary.data_files > 2,
            "{format}: only {} batches",
            summary.data_files
        );
        let mut joined = String::new();
        for path in &summary.files[1..summary.files.len() - 1] {
            let text = std::fs::read_to_string(path)?;
            ensure!(
                text.len() <= limit,
                "{}: {} bytes > {limit}",
                path.display(),
                text.len()
            );
            joined.push_str(&text);
        }
        ensure!(
            joined == whole.batches[0].body,
            "{format}: batches lose or reorder data"
        );

        // A limit below the largest document names it instead of cutting it.
        args.batch_bytes = largest - 1;
        let err = run_export(&args, &records)
            .err()
            .context("expected an error")?;
        ensure!(err.to_string().contains("--batch-bytes"), "{err}");
    }
    Ok(())
}

#[test]
fn a_second_smaller_export_removes_stale_data_files() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Typesense, dir.path());
    args.batch_bytes = 20_000;
    let many = run_export(&args, &records)?;
    let readme = std::fs::read_to_string(dir.path().join("README.md"))?;
    ensure!(readme.contains("at most 20000 bytes per file"), "{readme}");
    args.batch_bytes = DEFAULT_BATCH_BYTES;
    let one = run_export(&args, &records)?;
    ensure!(many.data_files > 1 && one.data_files == 1, "batch counts");
    let left: Vec<String> = std::fs::read_dir(dir.path())?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.starts_with("documents-"))
        .collect();
    assert_eq!(left, vec!["documents-0001.jsonl"]);
    Ok(())
}

#[test]
fn quickwit_index_ids_are_checked_with_a_clear_error() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Quickwit, dir.path());
    args.index_id = "2022 bulletins".to_string();
    let err = run_export(&args, &records)
        .err()
        .context("expected an error")?;
    let message = format!("{err:#}");
    ensure!(
        message.contains("invalid index id \"2022 bulletins\" for Quickwit"),
        "{message}"
    );
    ensure!(
        message.contains("^[a-zA-Z][a-zA-Z0-9._-]{2,254}$"),
        "{message}"
    );
    Ok(())
}

/// An OpenSearch index name goes into URL paths as it is, in the push and
/// in the README's `curl "$OS/{id}"` commands, so a character that a URL
/// or a shell reads as something else is refused before anything is
/// written: `news$2022` made the README load `"$OS/news$2022"`, which the
/// shell turns into the index `news022`, and `a%zz` a path OpenSearch
/// cannot decode; both were written, then failed or went astray.
#[test]
fn opensearch_index_names_that_a_url_or_shell_would_change_are_refused() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for (id, bad) in [
        ("news$2022", '$'),
        ("a%zz", '%'),
        ("a&b", '&'),
        ("bu`id`", '`'),
    ] {
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(ExportFormat::Opensearch, dir.path().join("out"));
        args.index_id = id.to_string();
        let message = match run_export(&args, &records) {
            Ok(_) => bail!("{id}: exported"),
            Err(err) => format!("{err:#}"),
        };
        ensure!(
            message.starts_with(&format!("invalid index id {id:?} for OpenSearch: {bad:?}")),
            "{id}: {message}"
        );
        ensure!(!dir.path().join("out").exists(), "{id}: files written");
    }
    // The names OpenSearch's own rules allow and a URL carries as they are still go.
    for id in ["bulletin", "bulletin-2022.03", "news_v2"] {
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(ExportFormat::Opensearch, dir.path());
        args.index_id = id.to_string();
        let summary = run_export(&args, &records)?;
        let readme = std::fs::read_to_string(dir.path().join("README.md"))?;
        ensure!(readme.contains(&format!("\"$OS/{id}\"")), "{id}");
        ensure!(summary.records == records.len(), "{id}");
    }
    Ok(())
}

#[test]
fn an_undated_record_keeps_its_place_in_quickwit() -> anyhow::Result<()> {
    let mut records = shipped_records()?;
    let earliest = records
        .iter()
        .filter_map(Record::start)
        .min()
        .context("dates")?;
    // The last record loses its dates, as when its dateline cannot be read.
    let undated = records.last_mut().context("records")?;
    for event in &mut undated.events {
        event.start = None;
        event.end = None;
    }
    let undated = undated.clone();
    let docs = bulletin::export::quickwit::documents(&records);
    let doc = docs
        .iter()
        .find(|d| d.id == undated.id)
        .context("exported")?;
    let expected = format!("{}T00:00:00Z", earliest.format("%Y-%m-%d"));
    assert_eq!(doc.start.as_deref(), Some(expected.as_str()));
    assert_eq!(doc.end.as_deref(), Some(expected.as_str()));
    assert!(!doc.dated);
    Ok(())
}

fn all(value: &Value, test: impl Fn(&Value) -> bool) -> bool {
    value.as_array().is_some_and(|items| items.iter().all(test))
}

fn is_rfc3339(text: &str) -> bool {
    chrono::DateTime::parse_from_rfc3339(text).is_ok()
}

/// The names in a folder, sorted.
fn names_in(dir: &Path) -> anyhow::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

/// An export never overwrites or deletes a file it did not write: a folder
/// holding anything but an earlier export is refused and left as it was.
#[test]
fn an_export_refuses_a_folder_with_other_files() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    // A project folder whose files happen to bear an export's names.
    let mine = [
        ("README.md", "# My project notes\n"),
        ("index.json", "{\"mine\": 1}\n"),
        ("docs-0001.ndjson", "keep\n"),
    ];
    for (name, text) in mine {
        std::fs::write(dir.path().join(name), text)?;
    }
    for format in FORMATS {
        let err = export(format, dir.path(), &records)
            .err()
            .context("a folder in use is refused")?;
        let message = format!("{err:#}");
        ensure!(
            message.contains("holds files that are not a bulletin export"),
            "{message}"
        );
    }
    for (name, text) in mine {
        assert_eq!(std::fs::read_to_string(dir.path().join(name))?, text);
    }
    assert_eq!(names_in(dir.path())?.len(), mine.len());

    // A stray file beside a real export is refused too, and named.
    let export_dir = tempfile::tempdir()?;
    export(ExportFormat::Typesense, export_dir.path(), &records)?;
    std::fs::write(export_dir.path().join("notes.txt"), "mine")?;
    let message = format!(
        "{:#}",
        export(ExportFormat::Typesense, export_dir.path(), &records)
            .err()
            .context("refused")?
    );
    ensure!(message.contains("(notes.txt)"), "{message}");

    // `--out` naming a file.
    let file = dir.path().join("README.md");
    let message = format!(
        "{:#}",
        export(ExportFormat::Quickwit, &file, &records)
            .err()
            .context("refused")?
    );
    ensure!(message.ends_with("is a file, not a folder"), "{message}");
    Ok(())
}

/// An export into the folder of an earlier one of another format replaces it
/// whole: the folder then holds the new format's files alone.
#[test]
fn a_second_format_replaces_the_first_in_its_folder() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    for (i, first) in FORMATS.iter().enumerate() {
        let second = FORMATS[(i + 1) % FORMATS.len()];
        export(*first, dir.path(), &records)?;
        let summary = export(second, dir.path(), &records)?;
        let mut written: Vec<String> = summary
            .files
            .iter()
            .filter_map(|p| Some(p.file_name()?.to_str()?.to_string()))
            .collect();
        written.sort();
        assert_eq!(names_in(dir.path())?, written, "{first:?} then {second:?}");
        let (config, data, _, _) = layout(second);
        ensure!(written.contains(&config.to_string()) && written.contains(&data.to_string()));
    }
    Ok(())
}

/// Quickwit needs a timestamp on every document, even when nothing exported is dated.
#[test]
fn an_export_with_no_dated_record_still_gives_quickwit_a_timestamp() -> anyhow::Result<()> {
    let mut records = shipped_records()?;
    for record in &mut records {
        for event in &mut record.events {
            event.start = None;
            event.end = None;
        }
    }
    for doc in bulletin::export::quickwit::documents(&records) {
        assert_eq!(doc.start.as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(doc.end.as_deref(), Some("1970-01-01T00:00:00Z"));
        assert!(!doc.dated);
    }
    Ok(())
}
