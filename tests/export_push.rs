//! `bulletin export --push` against a mock HTTP server on 127.0.0.1:0 that
//! checks each request (path, content type, body) and replays the answers
//! the engines give, including rejected documents, an index that already
//! exists, a server that does not answer in time and one that is not there.

mod export_support;
use export_support as common;

use std::time::Duration;

use anyhow::{Context, ensure};
use bulletin::export::{ExportArgs, ExportError, ExportFormat, ExportSummary, run_export};
use serde_json::{Value, json};

use common::{MockServer, Recorded, Reply, shipped_records};

/// The id of the document each mock rejects in the rejection tests: the shipped bulletin's fifth.
fn victim_id() -> anyhow::Result<String> {
    Ok(shipped_records()?
        .get(4)
        .context("the shipped bulletin has five records")?
        .id
        .clone())
}

fn push(
    format: ExportFormat,
    server: &MockServer,
    batch_bytes: Option<usize>,
) -> anyhow::Result<(tempfile::TempDir, anyhow::Result<ExportSummary>)> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(format, dir.path());
    args.push = Some(server.url.clone());
    args.api_key = Some("test-key".to_string());
    args.timeout_secs = 5;
    if let Some(bytes) = batch_bytes {
        args.batch_bytes = bytes;
    }
    let result = run_export(&args, &records);
    Ok((dir, result))
}

/// The data files an export wrote, in order.
fn data_files(summary: &ExportSummary) -> anyhow::Result<Vec<String>> {
    summary.files[1..summary.files.len() - 1]
        .iter()
        .map(|p| std::fs::read_to_string(p).map_err(Into::into))
        .collect()
}

fn config_file(summary: &ExportSummary) -> anyhow::Result<Value> {
    Ok(serde_json::from_str(&std::fs::read_to_string(
        &summary.files[0],
    )?)?)
}

fn doc_ids(body: &str, lines_per_doc: usize) -> Vec<String> {
    body.lines()
        .skip(lines_per_doc - 1)
        .step_by(lines_per_doc)
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter_map(|doc| doc["id"].as_str().map(str::to_string))
        .collect()
}

/// The count and ids of the rejected documents, whether or not others were loaded.
fn rejection(err: &anyhow::Error) -> anyhow::Result<(usize, Vec<String>)> {
    let cause = match err.downcast_ref::<ExportError>() {
        Some(ExportError::PartlyLoaded { cause, .. }) => Some(cause.as_ref()),
        other => other,
    };
    match cause {
        Some(ExportError::Rejected { count, ids, .. }) => Ok((*count, ids.clone())),
        _ => anyhow::bail!("expected a rejection, got: {err:#}"),
    }
}

// ---- Quickwit ----

fn quickwit_answers(request: &Recorded, reject: Option<&str>) -> Reply {
    match (request.method.as_str(), request.target.as_str()) {
        ("POST", "/api/v1/indexes") => Reply::new(
            200,
            json!({"version": "0.8", "index_uid": "bulletin:01HQ", "index_config": {}}).to_string(),
        ),
        ("POST", target) if target.starts_with("/api/v1/bulletin/ingest") => {
            let lines: Vec<&str> = request.body.lines().collect();
            let failures: Vec<Value> = lines
                .iter()
                .filter(|line| reject.is_some_and(|id| line.contains(&format!("\"id\":\"{id}\""))))
                .map(|line| {
                    json!({
                        "message": "failed to parse field `start`: expected RFC 3339",
                        "document": line,
                        "reason": "invalid_schema",
                    })
                })
                .collect();
            Reply::new(
                200,
                json!({
                    "num_docs_for_processing": lines.len(),
                    "num_ingested_docs": lines.len() - failures.len(),
                    "num_rejected_docs": failures.len(),
                    "parse_failures": failures,
                })
                .to_string(),
            )
        }
        _ => Reply::new(404, json!({"message": "route not found"}).to_string()),
    }
}

#[test]
fn quickwit_push_creates_the_index_then_ingests_each_batch() -> anyhow::Result<()> {
    let server = MockServer::start(|r| quickwit_answers(r, None))?;
    let (_dir, result) = push(ExportFormat::Quickwit, &server, Some(30_000))?;
    let summary = result?;
    let requests = server.requests();
    let batches = data_files(&summary)?;
    ensure!(batches.len() > 1, "small batches give several requests");
    ensure!(
        requests.len() == 1 + batches.len(),
        "{} requests",
        requests.len()
    );

    let create = &requests[0];
    assert_eq!(
        (create.method.as_str(), create.target.as_str()),
        ("POST", "/api/v1/indexes")
    );
    assert_eq!(create.header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&create.body)?,
        config_file(&summary)?
    );

    for (ingest, batch) in requests[1..].iter().zip(&batches) {
        assert_eq!(ingest.method, "POST");
        assert_eq!(
            ingest.target,
            "/api/v1/bulletin/ingest?commit=force&detailed_response=true"
        );
        assert_eq!(ingest.header("content-type"), Some("application/x-ndjson"));
        assert_eq!(&ingest.body, batch, "the request body is the data file");
        ensure!(ingest.body.len() <= 30_000, "batch over the limit");
    }
    let push = summary.push.as_ref().context("a push report")?;
    assert_eq!(
        (push.documents, push.requests, push.created),
        (20, batches.len(), true)
    );
    ensure!(
        summary.to_string().contains("pushed 20 document(s)"),
        "{summary}"
    );
    Ok(())
}

#[test]
fn quickwit_rejection_is_an_error_naming_the_document() -> anyhow::Result<()> {
    let victim = victim_id()?;
    let rejected = victim.clone();
    let server = MockServer::start(move |r| quickwit_answers(r, Some(&rejected)))?;
    let (_dir, result) = push(ExportFormat::Quickwit, &server, None)?;
    let err = result
        .err()
        .context("a rejected document must fail the push")?;
    assert_eq!(rejection(&err)?, (1, vec![victim.clone()]));
    let message = format!("{err:#}");
    ensure!(
        message.contains(&victim) && message.contains("expected RFC 3339"),
        "{message}"
    );
    Ok(())
}

#[test]
fn quickwit_re_export_explains_that_quickwit_has_no_upsert() -> anyhow::Result<()> {
    let server = MockServer::start(|r| {
        if r.target == "/api/v1/indexes" {
            Reply::new(
                400,
                json!({"message": "index `bulletin` already exist(s)"}).to_string(),
            )
        } else {
            Reply::new(500, "{}")
        }
    })?;
    let (_dir, result) = push(ExportFormat::Quickwit, &server, None)?;
    let message = format!("{:#}", result.err().context("an existing index must fail")?);
    for words in [
        "already exists",
        "no upsert",
        "DELETE",
        "/api/v1/indexes/bulletin",
        "--index-id",
    ] {
        ensure!(message.contains(words), "{words:?} missing from: {message}");
    }
    ensure!(
        server.requests().len() == 1,
        "nothing is ingested into the old index"
    );
    Ok(())
}

// ---- OpenSearch ----

fn opensearch_answers(request: &Recorded, exists: bool, reject: Option<&str>) -> Reply {
    match (request.method.as_str(), request.target.as_str()) {
        ("PUT", "/bulletin") if exists => Reply::new(
            400,
            json!({
                "error": {
                    "root_cause": [{"type": "resource_already_exists_exception", "reason": "index [bulletin/x] already exists"}],
                    "type": "resource_already_exists_exception",
                    "reason": "index [bulletin/x] already exists",
                },
                "status": 400,
            })
            .to_string(),
        ),
        ("PUT", "/bulletin") => Reply::new(
            200,
            json!({"acknowledged": true, "shards_acknowledged": true, "index": "bulletin"}).to_string(),
        ),
        ("GET", "/bulletin/_mapping") if exists => Reply::new(
            200,
            json!({"bulletin": {"mappings": {"properties": {"events": {"type": "nested"}}}}})
                .to_string(),
        ),
        ("POST", "/_bulk?refresh=wait_for") => {
            let items: Vec<Value> = doc_ids(&request.body, 2)
                .into_iter()
                .map(|id| {
                    if reject == Some(id.as_str()) {
                        json!({"index": {"_index": "bulletin", "_id": id, "status": 400, "error": {
                            "type": "mapper_parsing_exception",
                            "reason": "failed to parse field [start] of type [date]",
                        }}})
                    } else {
                        json!({"index": {"_index": "bulletin", "_id": id, "_version": 1, "result": "created", "status": 201}})
                    }
                })
                .collect();
            let errors = items.iter().any(|i| i["index"].get("error").is_some());
            Reply::new(200, json!({"took": 3, "errors": errors, "items": items}).to_string())
        }
        _ => Reply::new(404, json!({"error": "no handler"}).to_string()),
    }
}

#[test]
fn opensearch_push_creates_the_index_then_bulk_loads() -> anyhow::Result<()> {
    let server = MockServer::start(|r| opensearch_answers(r, false, None))?;
    let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
    let summary = result?;
    let requests = server.requests();
    ensure!(requests.len() == 2, "{} requests", requests.len());
    assert_eq!(
        (requests[0].method.as_str(), requests[0].target.as_str()),
        ("PUT", "/bulletin")
    );
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&requests[0].body)?,
        config_file(&summary)?
    );
    assert_eq!(requests[1].method, "POST");
    assert_eq!(requests[1].target, "/_bulk?refresh=wait_for");
    assert_eq!(
        requests[1].header("content-type"),
        Some("application/x-ndjson")
    );
    assert_eq!(requests[1].body, data_files(&summary)?.concat());
    ensure!(
        requests[1].body.ends_with('\n'),
        "the bulk body ends in a newline"
    );
    let push = summary.push.as_ref().context("a push report")?;
    assert_eq!((push.documents, push.created), (20, true));
    Ok(())
}

#[test]
fn opensearch_existing_index_is_reused_and_an_item_error_names_the_document() -> anyhow::Result<()>
{
    let victim = victim_id()?;
    let rejected = victim.clone();
    let server = MockServer::start(move |r| opensearch_answers(r, true, Some(&rejected)))?;
    let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
    let err = result.err().context("an item error must fail the push")?;
    assert_eq!(rejection(&err)?, (1, vec![victim.clone()]));
    let message = format!("{err:#}");
    ensure!(message.contains("mapper_parsing_exception"), "{message}");
    ensure!(
        server.requests().len() == 3,
        "the mapping was read and the bulk request sent to the existing index"
    );

    let server = MockServer::start(|r| opensearch_answers(r, true, None))?;
    let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
    let summary = result?;
    ensure!(
        !summary.push.as_ref().context("report")?.created,
        "the index existed"
    );
    ensure!(
        summary.to_string().contains("documents replaced by id"),
        "{summary}"
    );
    Ok(())
}

/// An index made by an export from before the parts of an activity were
/// `nested` kept its mapping: the documents loaded, and every `nested`
/// query on them failed. The push now reads the mapping and says so.
#[test]
fn opensearch_existing_index_whose_parts_are_not_nested_is_refused() -> anyhow::Result<()> {
    let server = MockServer::start(|r| {
        if (r.method.as_str(), r.target.as_str()) == ("GET", "/bulletin/_mapping") {
            // The mapping an earlier export made: `events` a plain object.
            Reply::new(
                200,
                json!({"bulletin": {"mappings": {"properties": {"events": {"properties": {"country": {"type": "keyword"}}}}}}})
                    .to_string(),
            )
        } else {
            opensearch_answers(r, true, None)
        }
    })?;
    let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
    let err = result.err().context("an old mapping must fail the push")?;
    let message = format!("{err:#}");
    ensure!(
        message.contains("not nested") && message.contains("curl -X DELETE"),
        "{message}"
    );
    ensure!(
        server.requests().iter().all(|r| r.method != "POST"),
        "nothing is loaded into the old index"
    );
    Ok(())
}

/// A 401 in plain text (the security plugin's) or an empty 404 (a proxy)
/// is reported with its status, not as an answer that cannot be read.
#[test]
fn opensearch_errors_that_are_not_json_keep_their_status() -> anyhow::Result<()> {
    for (status, body) in [(401, "Unauthorized"), (404, "")] {
        let server = MockServer::start(move |_| Reply::new(status, body))?;
        let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
        let message = format!("{:#}", result.err().context("refused")?);
        ensure!(
            message.contains(&format!(
                "OpenSearch answered {status} to creating index `bulletin`"
            )),
            "{message}"
        );
    }
    Ok(())
}

/// When the push fails after the files were written, the error says that
/// they were written and where, since the summary naming the folder is not
/// printed then.
#[test]
fn a_failed_push_says_where_the_files_were_written() -> anyhow::Result<()> {
    let server = MockServer::start(|_| Reply::new(401, "Unauthorized"))?;
    let (dir, result) = push(ExportFormat::Opensearch, &server, None)?;
    let err = result.err().context("refused")?;
    let out = dir.path().display().to_string();
    let message = format!("{err:#}");
    ensure!(
        message.starts_with(&format!(
            "wrote 20 record(s) for OpenSearch to {out} (1 data file(s); see {out}/README.md to load them by hand), but the push failed: OpenSearch answered 401"
        )),
        "{message}"
    );
    for file in ["index.json", "bulk-0001.ndjson", "README.md"] {
        ensure!(dir.path().join(file).is_file(), "{file} was not written");
    }
    // The engine's own error stays reachable for callers.
    ensure!(
        matches!(
            err.downcast_ref::<ExportError>(),
            Some(ExportError::Status { status: 401, .. })
        ),
        "{err:?}"
    );
    Ok(())
}

/// A batch turned away with 429 or 503 is sent again after a pause.
#[test]
fn a_batch_turned_away_for_now_is_sent_again() -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let bulks = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = bulks.clone();
    let server = MockServer::start(move |r| {
        if r.method == "POST" && seen.fetch_add(1, Ordering::SeqCst) < 2 {
            let status = if seen.load(Ordering::SeqCst) == 1 {
                429
            } else {
                503
            };
            return Reply::new(status, json!({"error": "busy"}).to_string());
        }
        opensearch_answers(r, false, None)
    })?;
    let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
    let summary = result?;
    assert_eq!(summary.push.context("report")?.documents, 20);
    let posts = server
        .requests()
        .iter()
        .filter(|r| r.method == "POST")
        .count();
    assert_eq!(posts, 3, "two refusals, then the batch");
    Ok(())
}

/// Creating the index or collection turned away with 503 or 429 (an engine
/// still starting, or busy) is tried again after a pause, as batches are.
#[test]
fn creating_the_index_turned_away_for_now_is_tried_again() -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    for (format, create) in [
        (ExportFormat::Quickwit, "/api/v1/indexes"),
        (ExportFormat::Opensearch, "/bulletin"),
        (ExportFormat::Typesense, "/collections"),
    ] {
        let tries = std::sync::Arc::new(AtomicUsize::new(0));
        let seen = tries.clone();
        let server = MockServer::start(move |r| {
            if r.target == create {
                match seen.fetch_add(1, Ordering::SeqCst) {
                    0 => return Reply::new(503, json!({"error": "starting"}).to_string()),
                    1 => return Reply::new(429, json!({"error": "busy"}).to_string()),
                    _ => {}
                }
            }
            match format {
                ExportFormat::Quickwit => quickwit_answers(r, None),
                ExportFormat::Opensearch => opensearch_answers(r, false, None),
                ExportFormat::Typesense => typesense_answers(r, false, None),
            }
        })?;
        let (_dir, result) = push(format, &server, None)?;
        let summary = result.with_context(|| format!("{format}"))?;
        assert_eq!(summary.push.context("report")?.documents, 20, "{format}");
        let creations = server
            .requests()
            .iter()
            .filter(|r| r.target == create)
            .count();
        assert_eq!(creations, 3, "{format}: two refusals, then the creation");
    }
    Ok(())
}

/// When a later batch fails, the error says how much was loaded before it
/// and whether pushing again is safe.
#[test]
fn a_push_that_fails_part_way_says_what_was_loaded() -> anyhow::Result<()> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let bulks = std::sync::Arc::new(AtomicUsize::new(0));
    let seen = bulks.clone();
    let server = MockServer::start(move |r| {
        if r.method == "POST" && seen.fetch_add(1, Ordering::SeqCst) >= 2 {
            return Reply::new(500, json!({"error": "disk full"}).to_string());
        }
        opensearch_answers(r, false, None)
    })?;
    let (_dir, result) = push(ExportFormat::Opensearch, &server, Some(20_000))?;
    let err = result.err().context("the third batch fails")?;
    let posts: Vec<Recorded> = server
        .requests()
        .into_iter()
        .filter(|r| r.method == "POST")
        .collect();
    ensure!(posts.len() == 3, "{} bulk requests", posts.len());
    let loaded: usize = posts[..2].iter().map(|r| doc_ids(&r.body, 2).len()).sum();
    let message = format!("{err:#}");
    ensure!(
        message.contains("answered 500 to bulk-loading bulk-0003.ndjson")
            && message.contains(&format!(
                "the {loaded} document(s) of the 2 file(s) before bulk-0003.ndjson were loaded (pushing again replaces them by id)"
            )),
        "{message}"
    );
    Ok(())
}

// ---- Typesense ----

fn typesense_answers(request: &Recorded, exists: bool, reject: Option<&str>) -> Reply {
    if request.header("x-typesense-api-key") != Some("test-key") {
        return Reply::new(
            401,
            json!({"message": "Forbidden - a valid `x-typesense-api-key` header must be sent."})
                .to_string(),
        );
    }
    match (request.method.as_str(), request.target.as_str()) {
        ("POST", "/collections") if exists => Reply::new(
            409,
            json!({"message": "A collection with name `bulletin` already exists."}).to_string(),
        ),
        ("POST", "/collections") => Reply::new(201, request.body.clone()),
        ("GET", "/collections/bulletin") if exists => {
            Reply::new(200, typesense_collection(|_| {}).to_string())
        }
        ("POST", "/collections/bulletin/documents/import?action=upsert") => {
            let lines: Vec<String> = request
                .body
                .lines()
                .map(|line| {
                    let id = serde_json::from_str::<Value>(line)
                        .ok()
                        .and_then(|d| d["id"].as_str().map(str::to_string));
                    if id.as_deref() == reject {
                        json!({"code": 400, "document": line, "error": "Field `countries` must be an array.", "success": false})
                            .to_string()
                    } else {
                        json!({"success": true}).to_string()
                    }
                })
                .collect();
            Reply::new(200, lines.join("\n"))
        }
        _ => Reply::new(404, json!({"message": "Not Found"}).to_string()),
    }
}

/// A collection as Typesense answers `GET /collections/bulletin` once this
/// export's schema made it: every setting of every field spelt out, and the
/// parts' own fields, which nested fields add. `change` alters it as a
/// collection made otherwise would be.
fn typesense_collection(change: impl Fn(&mut Vec<Value>)) -> Value {
    let schema = bulletin::export::typesense::collection_schema("bulletin");
    let mut fields: Vec<Value> = schema["fields"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|field| {
            let mut full = json!({"facet": false, "index": true, "infix": false,
                "locale": "", "optional": false, "sort": false, "stem": false});
            for (key, value) in field.as_object().into_iter().flatten() {
                full[key] = value.clone();
            }
            full
        })
        .collect();
    fields.push(
        json!({"name": "events.country", "type": "string[]", "facet": false,
        "index": true, "optional": true}),
    );
    change(&mut fields);
    json!({"name": "bulletin", "num_documents": 20, "enable_nested_fields": true,
        "created_at": 1_764_547_200, "fields": fields})
}

/// A collection that already existed took the documents whatever its
/// schema: one made by hand with `countries` a plain string and no
/// `donors` imported every record, and its facets then counted nothing.
/// The push now reads the schema and refuses, naming each difference.
#[test]
fn typesense_existing_collection_of_another_schema_is_refused() -> anyhow::Result<()> {
    let server = MockServer::start(|r| {
        if (r.method.as_str(), r.target.as_str()) == ("GET", "/collections/bulletin") {
            let other = typesense_collection(|fields: &mut Vec<Value>| {
                fields.retain(|f| f["name"] != "donors");
                for field in fields.iter_mut().filter(|f| f["name"] == "countries") {
                    field["type"] = json!("string");
                    field["facet"] = json!(false);
                }
            });
            Reply::new(200, other.to_string())
        } else {
            typesense_answers(r, true, None)
        }
    })?;
    let (_dir, result) = push(ExportFormat::Typesense, &server, None)?;
    let err = result.err().context("another schema must fail the push")?;
    let message = format!("{err:#}");
    for part in [
        "`countries` is string, not string[] with facet",
        "no field `donors`",
        "curl -X DELETE",
    ] {
        ensure!(message.contains(part), "{part:?} in {message}");
    }
    ensure!(
        server
            .requests()
            .iter()
            .all(|r| !r.target.contains("/import")),
        "nothing is imported into the other collection"
    );
    Ok(())
}

#[test]
fn typesense_push_creates_the_collection_then_imports_with_the_api_key() -> anyhow::Result<()> {
    let server = MockServer::start(|r| typesense_answers(r, false, None))?;
    let (_dir, result) = push(ExportFormat::Typesense, &server, Some(25_000))?;
    let summary = result?;
    let requests = server.requests();
    let batches = data_files(&summary)?;
    ensure!(batches.len() > 1, "several batches");
    ensure!(
        requests.len() == 1 + batches.len(),
        "{} requests",
        requests.len()
    );
    assert_eq!(
        (requests[0].method.as_str(), requests[0].target.as_str()),
        ("POST", "/collections")
    );
    assert_eq!(requests[0].header("content-type"), Some("application/json"));
    assert_eq!(
        serde_json::from_str::<Value>(&requests[0].body)?,
        config_file(&summary)?
    );
    for (import, batch) in requests[1..].iter().zip(&batches) {
        assert_eq!(
            import.target,
            "/collections/bulletin/documents/import?action=upsert"
        );
        assert_eq!(import.header("content-type"), Some("text/plain"));
        assert_eq!(import.header("x-typesense-api-key"), Some("test-key"));
        assert_eq!(&import.body, batch);
    }
    let push = summary.push.as_ref().context("a push report")?;
    assert_eq!((push.documents, push.created), (20, true));
    Ok(())
}

#[test]
fn typesense_rejected_line_is_an_error_naming_the_document() -> anyhow::Result<()> {
    let victim = victim_id()?;
    let rejected = victim.clone();
    let server = MockServer::start(move |r| typesense_answers(r, true, Some(&rejected)))?;
    let (_dir, result) = push(ExportFormat::Typesense, &server, None)?;
    let err = result
        .err()
        .context("a success:false line must fail the push")?;
    assert_eq!(rejection(&err)?, (1, vec![victim.clone()]));
    let message = format!("{err:#}");
    ensure!(
        message.contains("Field `countries` must be an array."),
        "{message}"
    );
    Ok(())
}

#[test]
fn typesense_push_without_an_api_key_says_so_before_writing() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Typesense, dir.path().join("out"));
    args.push = Some("http://127.0.0.1:9".to_string());
    let err = run_export(&args, &records)
        .err()
        .context("no key must fail")?;
    ensure!(err.to_string().contains("TYPESENSE_API_KEY"), "{err}");
    ensure!(!dir.path().join("out").exists(), "nothing written");
    Ok(())
}

/// A bulk, ingest or import request is not all or nothing: when the engine
/// rejects a document, the error counts the others of its file that were
/// loaded, as well as the files before it.
#[test]
fn a_rejection_counts_the_documents_of_its_file_that_were_loaded() -> anyhow::Result<()> {
    let victim = victim_id()?;
    let marker = format!("\"id\":\"{victim}\"");
    for (format, lines_per_doc, file_prefix) in [
        (ExportFormat::Quickwit, 1, "docs"),
        (ExportFormat::Opensearch, 2, "bulk"),
        (ExportFormat::Typesense, 1, "documents"),
    ] {
        for batch_bytes in [None, Some(12_000)] {
            let rejected = victim.clone();
            let server = MockServer::start(move |r| match format {
                ExportFormat::Quickwit => quickwit_answers(r, Some(&rejected)),
                ExportFormat::Opensearch => opensearch_answers(r, false, Some(&rejected)),
                ExportFormat::Typesense => typesense_answers(r, false, Some(&rejected)),
            })?;
            let (_dir, result) = push(format, &server, batch_bytes)?;
            let err = result.err().context("the rejection fails the push")?;
            assert_eq!(rejection(&err)?, (1, vec![victim.clone()]));
            // What the engine was sent: each data request's documents.
            let data: Vec<Recorded> = server.requests().into_iter().skip(1).collect();
            let failing = data
                .iter()
                .position(|r| r.body.contains(&marker))
                .context("the victim was sent")?;
            ensure!(failing + 1 == data.len(), "{format}: the push went on");
            let before: usize = data[..failing]
                .iter()
                .map(|r| doc_ids(&r.body, lines_per_doc).len())
                .sum();
            let others = doc_ids(&data[failing].body, lines_per_doc).len() - 1;
            let file = format!("{file_prefix}-{:04}", failing + 1);
            let message = format!("{err:#}");
            let loaded = if failing == 0 {
                format!("the other {others} document(s) of {file}")
            } else {
                format!(
                    "the {before} document(s) of the {failing} file(s) before {file}.{} and the other {others} of {file}",
                    if format == ExportFormat::Typesense {
                        "jsonl"
                    } else {
                        "ndjson"
                    }
                )
            };
            ensure!(
                message.contains(&loaded) && message.contains(" were loaded ("),
                "{format} {batch_bytes:?}: {message}"
            );
            if batch_bytes.is_some() {
                ensure!(failing > 0, "{format}: the victim is not in the first file");
            }
        }
    }
    Ok(())
}

// ---- transport ----

#[test]
fn a_server_that_does_not_answer_in_time_is_a_timeout_error() -> anyhow::Result<()> {
    let server = MockServer::start(|_| Reply {
        status: 200,
        body: "{}".to_string(),
        delay: Duration::from_secs(3),
        location: None,
    })?;
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Quickwit, dir.path());
    args.push = Some(server.url.clone());
    args.timeout_secs = 1;
    let message = format!(
        "{:#}",
        run_export(&args, &records).err().context("timeout")?
    );
    ensure!(message.contains("no answer within 1s"), "{message}");
    Ok(())
}

/// A library caller's timeout outside 1..=3600 seconds is an error before
/// anything is written: the largest made the push panic adding it to the
/// clock, and 0 was read as 1.
#[test]
fn a_timeout_out_of_range_is_refused_before_writing() -> anyhow::Result<()> {
    let server = MockServer::start(|r| quickwit_answers(r, None))?;
    let records = shipped_records()?;
    for secs in [u64::MAX, 3601, 0] {
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(ExportFormat::Quickwit, dir.path().join("out"));
        args.push = Some(server.url.clone());
        args.timeout_secs = secs;
        let message = format!(
            "{:#}",
            run_export(&args, &records).err().context("refused")?
        );
        ensure!(
            message == format!("invalid --timeout-secs {secs}: it must be 1 to 3600 seconds"),
            "{message}"
        );
        ensure!(!dir.path().join("out").exists(), "{secs}: files written");
    }
    ensure!(server.requests().is_empty(), "nothing was sent");
    Ok(())
}

#[test]
fn an_engine_that_is_not_there_is_named() -> anyhow::Result<()> {
    // A port that was just free: bind, note it, and let it go.
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Opensearch, dir.path());
    args.push = Some(format!("http://127.0.0.1:{port}"));
    let message = format!(
        "{:#}",
        run_export(&args, &records).err().context("refused")?
    );
    ensure!(
        message.contains("OpenSearch at http://127.0.0.1:"),
        "{message}"
    );
    ensure!(message.contains("cannot connect"), "{message}");
    Ok(())
}

#[test]
fn a_push_url_without_scheme_is_refused() -> anyhow::Result<()> {
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Quickwit, dir.path());
    args.push = Some("localhost:7280".to_string());
    let message = format!(
        "{:#}",
        run_export(&args, &records).err().context("bad url")?
    );
    ensure!(
        message.contains("must start with http:// or https://"),
        "{message}"
    );
    let written = std::fs::read_dir(dir.path())?.count();
    ensure!(
        written == 0,
        "{written} file(s) written before the URL was refused"
    );
    Ok(())
}

/// A `--push` URL that cannot be the address of an engine is refused with
/// the reason before anything is written: no host, a space, a port out of
/// range, a query or a fragment (the requests' paths would be added after
/// them: `?x=1/bulletin`).
#[test]
fn a_bad_push_url_is_refused_before_writing() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for (url, reason) in [
        ("http://", "it names no host"),
        ("http://a b", "it is not a URL"),
        (
            "http://127.0.0.1:99999",
            "port \"99999\" is not a number from 1 to 65535",
        ),
        (
            "http://127.0.0.1:0",
            "port \"0\" is not a number from 1 to 65535",
        ),
        ("http://127.0.0.1:18101?x=1", "it has a query (?…)"),
        ("http://127.0.0.1:18101/#x", "it has a fragment (#…)"),
    ] {
        for format in [
            ExportFormat::Quickwit,
            ExportFormat::Opensearch,
            ExportFormat::Typesense,
        ] {
            let dir = tempfile::tempdir()?;
            let mut args = ExportArgs::new(format, dir.path().join("out"));
            args.push = Some(url.to_string());
            args.api_key = Some("test-key".to_string());
            let message = format!(
                "{:#}",
                run_export(&args, &records).err().context("bad url")?
            );
            ensure!(
                message.starts_with(&format!("invalid --push URL {url}: {reason}")),
                "{url}: {message}"
            );
            ensure!(
                !dir.path().join("out").exists(),
                "{url}: files written before the URL was refused"
            );
        }
    }
    Ok(())
}

/// A password is never printed, whatever characters it holds: one with a
/// `/` (which a URL should write as `%2F`, and a user pastes as it is) made
/// the refusal quote it, as the part before the `/` looked like a host
/// with a port and the rest like a path.
#[test]
fn a_refused_push_url_never_prints_its_password() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for (url, secret) in [
        ("http://admin:Xq7/Zk9@127.0.0.1:9200", "Xq7/Zk9"),
        (
            "http://admin:Vb3/Wm8/Yt2@127.0.0.1:9200/prefix",
            "Vb3/Wm8/Yt2",
        ),
        ("http://admin:Xq7#Zk9@127.0.0.1:9200", "Xq7#Zk9"),
        ("http://admin:Xq7 Zk9@127.0.0.1:9200", "Xq7 Zk9"),
    ] {
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(ExportFormat::Opensearch, dir.path().join("out"));
        args.push = Some(url.to_string());
        let message = format!(
            "{:#}",
            run_export(&args, &records).err().context("bad url")?
        );
        ensure!(
            message.starts_with("invalid --push URL "),
            "{url}: {message}"
        );
        for part in secret.split(['/', '#', ' ']) {
            ensure!(
                !message.contains(part),
                "{url}: the password's {part:?} is printed: {message}"
            );
        }
    }
    Ok(())
}

/// A path prefix (an engine behind a proxy) and a user and password are
/// part of an engine's address: the requests go under the prefix.
#[test]
fn a_push_url_may_have_a_path_prefix_and_credentials() -> anyhow::Result<()> {
    let server = MockServer::start(|r| {
        let mut inner = r.clone();
        inner.target = r
            .target
            .strip_prefix("/search")
            .unwrap_or("/not-under-the-prefix")
            .to_string();
        quickwit_answers(&inner, None)
    })?;
    let records = shipped_records()?;
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Quickwit, dir.path());
    let address = server.url.trim_start_matches("http://");
    args.push = Some(format!("http://user:pw@{address}/search/"));
    args.timeout_secs = 5;
    let summary = run_export(&args, &records)?;
    assert_eq!(summary.push.context("report")?.documents, 20);
    let requests = server.requests();
    ensure!(
        requests
            .iter()
            .all(|r| r.target.starts_with("/search/api/v1/")),
        "{:?}",
        requests.iter().map(|r| &r.target).collect::<Vec<_>>()
    );
    // Basic authentication for user:pw.
    ensure!(
        requests
            .iter()
            .all(|r| r.header("authorization") == Some("Basic dXNlcjpwdw==")),
        "credentials not sent"
    );
    Ok(())
}

/// A user or password holding a character a URL cannot carry as it is
/// (`/`, `@`, `:`, `?`, `#`) is written with `%`, as in any URL, and the
/// engine is sent the characters themselves, as curl sends them: the
/// `%2F` went out as the three characters `%2F`, so such a password could
/// not be given at all and the engine answered 401.
#[test]
fn percent_escapes_in_the_user_and_password_are_sent_decoded() -> anyhow::Result<()> {
    let server = MockServer::start(|r| quickwit_answers(r, None))?;
    let records = shipped_records()?;
    let address = server.url.trim_start_matches("http://");
    let (user, password) = ("ad%40min", "p%2Fw%3Ad%3F%23x%25");
    let dir = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Quickwit, dir.path());
    args.push = Some(format!("http://{user}:{password}@{address}"));
    args.timeout_secs = 5;
    run_export(&args, &records)?;
    let decode = |text: &str| -> anyhow::Result<String> {
        Ok(percent_encoding::percent_decode_str(text)
            .decode_utf8()?
            .into_owned())
    };
    let expected = format!("{}:{}", decode(user)?, decode(password)?);
    let requests = server.requests();
    ensure!(!requests.is_empty(), "nothing was sent");
    for request in &requests {
        let sent = request
            .header("authorization")
            .and_then(|value| value.strip_prefix("Basic "))
            .context("basic authentication")?;
        let sent = String::from_utf8(base64_decode(sent)?)?;
        ensure!(sent == expected, "sent {sent:?}, not {expected:?}");
    }
    Ok(())
}

/// Standard base64 with padding, as `Authorization: Basic` carries it.
fn base64_decode(text: &str) -> anyhow::Result<Vec<u8>> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::new();
    for byte in text.trim_end_matches('=').bytes() {
        let value = ALPHABET
            .iter()
            .position(|&c| c == byte)
            .context("not base64")? as u32;
        bits = (bits << 6) | value;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Ok(out)
}

// ---- HTTPS ----

/// An OpenSearch on HTTPS whose certificate is signed by a certificate
/// authority of its own, as OpenSearch's demo setup makes them. The files
/// in `tests/fixtures/tls/` were made with openssl: `ca.pem` (the authority)
/// and `server.pem` with `server.key` (for 127.0.0.1 and localhost, signed
/// by it), valid until 2126.
fn https_opensearch() -> anyhow::Result<String> {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    use std::io::{BufRead, BufReader, Read, Write};
    let fixture = |name: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/tls")
            .join(name)
    };
    let certificates =
        CertificateDer::pem_file_iter(fixture("server.pem"))?.collect::<Result<Vec<_>, _>>()?;
    let key = PrivateKeyDer::from_pem_file(fixture("server.key"))?;
    let config = std::sync::Arc::new(
        rustls::ServerConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()?
        .with_no_client_auth()
        .with_single_cert(certificates, key)?,
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let url = format!("https://{}", listener.local_addr()?);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let Ok(connection) = rustls::ServerConnection::new(config.clone()) else {
                continue;
            };
            let mut tls = rustls::StreamOwned::new(connection, stream);
            // A refused handshake or a broken request only fails that request.
            let _ = (|| -> std::io::Result<()> {
                let mut reader = BufReader::new(&mut tls);
                let mut head = String::new();
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line)?;
                    if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = value.trim().parse().unwrap_or(0);
                    }
                    if line.trim().is_empty() {
                        break;
                    }
                    head.push_str(&line);
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body)?;
                let mut words = head.split_whitespace();
                let request = Recorded {
                    method: words.next().unwrap_or_default().to_string(),
                    target: words.next().unwrap_or_default().to_string(),
                    headers: Vec::new(),
                    body: String::from_utf8_lossy(&body).into_owned(),
                };
                let reply = opensearch_answers(&request, false, None);
                write!(
                    tls,
                    "HTTP/1.1 {} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                    reply.status,
                    reply.body.len(),
                    reply.body
                )?;
                tls.conn.send_close_notify();
                tls.flush()
            })();
        }
    });
    Ok(url)
}

/// An engine whose certificate authority is not a public one is refused
/// with a hint; `--ca-cert` with that authority, or `--insecure`, loads it.
#[test]
fn https_push_trusts_the_engines_own_authority_with_ca_cert() -> anyhow::Result<()> {
    let url = https_opensearch()?;
    let records = shipped_records()?;
    let push = |ca_cert: Option<&str>, insecure: bool| {
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(ExportFormat::Opensearch, dir.path());
        args.push = Some(url.clone());
        args.timeout_secs = 5;
        args.ca_cert = ca_cert.map(|name| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures")
                .join(name)
        });
        args.insecure = insecure;
        run_export(&args, &records)
    };
    let message = format!("{:#}", push(None, false).err().context("refused")?);
    ensure!(
        message.contains("certificate") && message.contains("--ca-cert FILE"),
        "{message}"
    );
    for (ca_cert, insecure) in [(Some("tls/ca.pem"), false), (None, true)] {
        let summary = push(ca_cert, insecure)?;
        assert_eq!(summary.push.context("report")?.documents, 20);
    }
    let message = format!(
        "{:#}",
        push(Some("seed_queries.jsonl"), false)
            .err()
            .context("not a certificate")?
    );
    ensure!(
        message.contains("cannot use --ca-cert") && message.contains("no PEM certificate"),
        "{message}"
    );
    Ok(())
}

/// An engine address that redirects (a proxy sending `http://` on to
/// `https://`) is an error naming where it redirects: the HTTP client
/// followed the redirect as a `GET` without the documents, and the push
/// reported every document loaded into an index it had not created.
#[test]
fn an_address_that_redirects_is_named_and_nothing_counts_as_pushed() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for format in [
        ExportFormat::Quickwit,
        ExportFormat::Opensearch,
        ExportFormat::Typesense,
    ] {
        let server = MockServer::start(|request| {
            if request.target.starts_with("/moved") {
                Reply::new(
                    200,
                    json!({"acknowledged": true, "num_docs_for_processing": 20}).to_string(),
                )
            } else {
                Reply::redirect(301, format!("/moved{}", request.target))
            }
        })?;
        let dir = tempfile::tempdir()?;
        let mut args = ExportArgs::new(format, dir.path());
        args.push = Some(server.url.clone());
        args.api_key = Some("key".to_string());
        args.timeout_secs = 5;
        let message = format!(
            "{:#}",
            run_export(&args, &records)
                .err()
                .context("a redirect is an error")?
        );
        ensure!(message.contains("301"), "{format:?}: {message}");
        ensure!(message.contains("/moved/"), "{format:?}: {message}");
        let requests = server.requests();
        ensure!(
            requests.iter().all(|r| !r.target.starts_with("/moved")),
            "{format:?}: the redirect was followed: {:?}",
            requests
                .iter()
                .map(|r| (&r.method, &r.target))
                .collect::<Vec<_>>()
        );
    }
    Ok(())
}

/// An ingest answer that counts fewer documents ingested than were sent,
/// naming no rejection, fails the push with the numbers: the push counted
/// the documents the answer gave and ended in success, so an export of 20
/// records said "pushed 18 document(s)" with exit code 0.
#[test]
fn quickwit_ingesting_fewer_documents_than_sent_is_an_error() -> anyhow::Result<()> {
    let server = MockServer::start(|request| {
        if request.target.starts_with("/api/v1/bulletin/ingest") {
            let sent = request.body.lines().count();
            return Reply::new(
                200,
                json!({
                    "num_docs_for_processing": sent,
                    "num_ingested_docs": sent - 2,
                    "num_rejected_docs": 0,
                    "parse_failures": [],
                })
                .to_string(),
            );
        }
        quickwit_answers(request, None)
    })?;
    let records = shipped_records()?;
    let (_dir, result) = push(ExportFormat::Quickwit, &server, None)?;
    let err = result.err().context("missing documents fail the push")?;
    let message = format!("{err:#}");
    let ingested = (records.len() - 2).to_string();
    ensure!(message.contains(&ingested), "{message}");
    ensure!(message.contains(&records.len().to_string()), "{message}");
    Ok(())
}

/// A bulk answer that lists fewer items than documents sent, or none at
/// all (something other than OpenSearch's bulk API answered 200), fails
/// the push: the documents it did not list were counted as loaded.
#[test]
fn opensearch_bulk_answers_that_leave_documents_out_fail_the_push() -> anyhow::Result<()> {
    let records = shipped_records()?;
    for short in [true, false] {
        let server = MockServer::start(move |request| {
            if request.target.starts_with("/_bulk") {
                if !short {
                    return Reply::new(200, json!({"acknowledged": true}).to_string());
                }
                let ids = doc_ids(&request.body, 2);
                let items: Vec<Value> = ids
                    .iter()
                    .skip(2)
                    .map(|id| json!({"index": {"_index": "bulletin", "_id": id, "status": 201, "result": "created"}}))
                    .collect();
                return Reply::new(
                    200,
                    json!({"took": 1, "errors": false, "items": items}).to_string(),
                );
            }
            opensearch_answers(request, false, None)
        })?;
        let (_dir, result) = push(ExportFormat::Opensearch, &server, None)?;
        let err = result.err().context("documents left out fail the push")?;
        let message = format!("{err:#}");
        ensure!(
            message.contains(&records.len().to_string()),
            "{short}: {message}"
        );
    }
    Ok(())
}
