//! The JSON API, the Atom feed and the page of `bulletin serve`, called through
//! the router without a network (`tower::ServiceExt::oneshot`) on an index of
//! the shipped bulletin built in a temporary folder.

mod common;

use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use bulletin::extract::gazetteer::place_key;
use bulletin::index::build;
use bulletin::search::facets::same_value;
use bulletin::search::query::FacetField;
use bulletin::search::{Engine, MAX_QUERY_CHARS, SearchRequest, Sort};
use bulletin::web::router;
use common::{Workspace, gold};
use serde_json::Value;
use tower::ServiceExt;

/// An answer: status, headers and body bytes.
struct Answer {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!("not JSON ({err}): {}", String::from_utf8_lossy(&self.body))
        })
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    fn header(&self, name: header::HeaderName) -> &str {
        self.headers
            .get(&name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }
}

async fn call(app: &Router, method: Method, uri: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = Request::builder().method(method).uri(uri);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("the router answers");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 64 * 1024 * 1024)
        .await
        .expect("body")
        .to_vec();
    Answer {
        status,
        headers,
        body,
    }
}

async fn get(app: &Router, uri: &str) -> Answer {
    call(app, Method::GET, uri, &[]).await
}

/// A JSON answer without its timing, which differs from run to run.
fn without_timing(mut value: Value) -> Value {
    if let Some(object) = value.as_object_mut() {
        object.remove("took_ms");
    }
    value
}

fn ids(value: &Value) -> Vec<String> {
    value["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().expect("id").to_string())
        .collect()
}

struct Served {
    workspace: Workspace,
    engine: Arc<Engine>,
    app: Router,
}

fn served() -> Served {
    let workspace = Workspace::new();
    let engine = Arc::new(workspace.engine());
    let app = router(engine.clone());
    Served {
        workspace,
        engine,
        app,
    }
}

/// The same searches as URL parameters and as `bulletin search` arguments.
const SAME_SEARCHES: &[(&str, &[&str])] = &[
    ("q=firearms", &["firearms"]),
    (
        "country=Bosnia+and+Herzegovina",
        &["--country", "Bosnia and Herzegovina"],
    ),
    (
        "country=Bosnia%20and%20Herzegovina&city=Sarajevo",
        &["--country", "Bosnia and Herzegovina", "--city", "Sarajevo"],
    ),
    (
        "q=training&sort=newest&page=2&per_page=3",
        &[
            "training", "--sort", "newest", "--offset", "3", "--limit", "3",
        ],
    ),
    (
        "sdg=16.4&donor=European+Union",
        &["--sdg", "16.4", "--donor", "European Union"],
    ),
    (
        "mentioned=Albania&mentioned=Kosovo&from=2022-03-10&to=2022-03-20",
        &[
            "--mentioned",
            "Albania",
            "--mentioned",
            "Kosovo",
            "--from",
            "2022-03-10",
            "--to",
            "2022-03-20",
        ],
    ),
    ("online=true", &["--online"]),
    (
        "q=CCP&programme=Container+Control+Programme&sort=oldest",
        &[
            "CCP",
            "--programme",
            "Container Control Programme",
            "--sort",
            "oldest",
        ],
    ),
    ("q=firarms", &["firarms"]),
    // Marks in titles and datelines.
    ("q=Pristina", &["Pristina"]),
    ("q=border&per_page=0", &["border", "--limit", "0"]),
    // The typed filters and where each stands, after letters beyond ASCII.
    (
        "q=Bjela%C5%A1nica+donor%3AUnited+Kingdom+training",
        &["Bjelašnica donor:United Kingdom training"],
    ),
];

/// The activity id an Atom entry's id (`tag:…:activity/ID`) names.
fn activity_of_entry_id(id: &str) -> String {
    id.rsplit("activity/")
        .next()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn search_answers_as_the_cli_does() {
    let served = served();
    for (params, args) in SAME_SEARCHES {
        let answer = get(&served.app, &format!("/api/search?{params}")).await;
        assert_eq!(answer.status, StatusCode::OK, "{params}: {}", answer.text());
        assert!(
            answer
                .header(header::CONTENT_TYPE)
                .starts_with("application/json")
        );
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("--index")
            .arg(served.workspace.index())
            .arg("--corpus")
            .arg(served.workspace.corpus())
            .arg("search")
            .args(*args)
            .args(["--format", "json", "--no-update"])
            .output()
            .expect("bulletin runs");
        assert!(
            output.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let cli: Value = serde_json::from_slice(&output.stdout).expect("CLI prints JSON");
        let web = answer.json();
        assert_eq!(ids(&web), ids(&cli), "{params}: hit ids");
        assert_eq!(web["total"], cli["total"], "{params}: total");
        assert_eq!(web["facets"], cli["facets"], "{params}: facets");
        assert_eq!(web["typed_filters"], cli["typed_filters"], "{params}");
        assert_eq!(without_timing(web), without_timing(cli), "{params}");
    }
}

#[tokio::test]
async fn search_answers_as_the_library_does() {
    let served = served();
    let mut request = SearchRequest::new("training");
    request.filters.country = vec!["North Macedonia".into()];
    request.sort = Sort::Newest;
    let library =
        serde_json::to_value(served.engine.search(&request).expect("search")).expect("serialises");
    let web = get(
        &served.app,
        "/api/search?q=training&country=North+Macedonia&sort=newest",
    )
    .await
    .json();
    assert_eq!(without_timing(web), without_timing(library));
}

#[tokio::test]
async fn country_filter_counts_agree_with_the_gold_records() {
    let served = served();
    let gold = gold();
    let web = get(
        &served.app,
        "/api/search?country=Bosnia+and+Herzegovina&per_page=100",
    )
    .await
    .json();
    let expected: Vec<String> = gold
        .iter()
        .filter(|record| {
            record["events"].as_array().is_some_and(|events| {
                events
                    .iter()
                    .any(|e| e["country"] == "Bosnia and Herzegovina")
            })
        })
        .filter_map(|record| record["title"].as_str().map(String::from))
        .collect();
    let mut titles: Vec<String> = web["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["title"].as_str().map(String::from))
        .collect();
    titles.sort();
    let mut expected_sorted = expected.clone();
    expected_sorted.sort();
    assert_eq!(web["total"], expected.len());
    assert_eq!(titles, expected_sorted);
    let health = get(&served.app, "/healthz").await.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["entries"], gold.len());
}

#[tokio::test]
async fn bad_parameters_answer_400_with_a_json_error() {
    let served = served();
    let long_query = "a".repeat(bulletin::search::MAX_QUERY_CHARS + 1);
    let long_value = "x".repeat(201);
    let many_values = "country=x&".repeat(51);
    let huge = format!("q={}", "%20".repeat(6000));
    let deep_page = bulletin::search::MAX_OFFSET / 10 + 2;
    let cases: Vec<String> = vec![
        "/api/search?sort=best".into(),
        "/api/search?from=2022-13-01".into(),
        "/api/search?to=22-03-31".into(),
        "/api/search?from=%2B2022-03-01".into(),
        "/api/search?to=yesterday".into(),
        "/api/search?from=2022-03-20&to=2022-03-01".into(),
        "/api/search?per_page=101".into(),
        "/api/search?per_page=-1".into(),
        "/api/search?page=0".into(),
        "/api/search?page=abc".into(),
        format!("/api/search?page={deep_page}"),
        "/api/search?page=99999999999999999999999999".into(),
        format!("/api/search?q={long_query}"),
        "/api/search?q=a&q=b".into(),
        "/api/search?sort=newest&sort=oldest".into(),
        format!("/api/search?country={long_value}"),
        format!("/api/search?{many_values}"),
        format!("/api/search?{huge}"),
        "/api/search?contry=Montenegro".into(),
        "/api/search?online=maybe".into(),
        "/api/facets/colour".into(),
        "/api/facets/country?page=2".into(),
        "/api/suggest?q=po&limit=500".into(),
        format!("/api/suggest?q={long_query}"),
        "/api/doc/anything?similar=99".into(),
        "/feed.atom?per_page=1000".into(),
        "/feed.atom?sort=sideways".into(),
    ];
    for uri in cases {
        let answer = get(&served.app, &uri).await;
        let shown: String = uri.chars().take(80).collect();
        assert_eq!(
            answer.status,
            StatusCode::BAD_REQUEST,
            "{shown}: {}",
            answer.text()
        );
        assert!(
            answer
                .header(header::CONTENT_TYPE)
                .starts_with("application/json"),
            "{shown}"
        );
        let error = answer.json()["error"].as_str().unwrap_or("").to_string();
        assert!(!error.is_empty(), "{shown}: no error message");
    }
}

#[tokio::test]
async fn unknown_ids_and_paths_answer_404_and_other_methods_405() {
    let served = served();
    let answer = get(&served.app, "/api/doc/2099-01-01-no-such-activity").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(
        answer.json()["error"]
            .as_str()
            .is_some_and(|e| e.contains("no-such-activity"))
    );
    let answer = get(&served.app, "/no/such/page").await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.json()["error"].is_string());
    // A browser gets a page that leads back to the search; the API stays JSON.
    let html = [("accept", "text/html,application/xhtml+xml")];
    let answer = call(&served.app, Method::GET, "/index.html", &html).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    assert!(answer.header(header::CONTENT_TYPE).starts_with("text/html"));
    assert!(
        answer.text().contains(r#"<a href="/">"#),
        "{}",
        answer.text()
    );
    let answer = call(&served.app, Method::GET, "/api/nothing", &html).await;
    assert!(answer.json()["error"].is_string());
    for (method, uri) in [
        (Method::POST, "/api/search"),
        (Method::PUT, "/"),
        (Method::DELETE, "/api/doc/some-id"),
        (Method::POST, "/feed.atom"),
        (Method::PATCH, "/api/facets/country"),
    ] {
        let answer = call(&served.app, method.clone(), uri, &[]).await;
        assert_eq!(
            answer.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {uri}"
        );
        assert!(
            answer.header(header::ALLOW).contains("GET"),
            "{method} {uri}"
        );
        assert!(answer.json()["error"].is_string(), "{method} {uri}");
    }

    // A body over the limit is refused before any handler, in JSON too.
    for method in [Method::GET, Method::POST] {
        let request = Request::builder()
            .method(method.clone())
            .uri("/api/search?q=firearms")
            .header(header::CONTENT_LENGTH, "5000")
            .body(Body::from(vec![0u8; 5000]))
            .expect("request");
        let response = served.app.clone().oneshot(request).await.expect("answers");
        assert_eq!(response.status(), StatusCode::PAYLOAD_TOO_LARGE, "{method}");
        let body = axum::body::to_bytes(response.into_body(), 1 << 20)
            .await
            .expect("body");
        let error: Value = serde_json::from_slice(&body).expect("a JSON error");
        assert_eq!(error["code"], "too_large", "{method}: {error}");
        assert!(error["error"].as_str().is_some_and(|e| e.contains("1024")));
    }
}

#[tokio::test]
async fn facets_doc_and_suggest_answer_as_the_library_does() {
    let served = served();
    let engine = &served.engine;

    let web = get(&served.app, "/api/facets/country?q=training")
        .await
        .json();
    let library = engine
        .facet(FacetField::Country, &SearchRequest::new("training"))
        .expect("facet");
    assert_eq!(web, serde_json::to_value(&library).expect("serialises"));

    let web = get(
        &served.app,
        "/api/facets/city?country=Bosnia+and+Herzegovina",
    )
    .await
    .json();
    let mut request = SearchRequest::new("");
    request.filters.country = vec!["Bosnia and Herzegovina".into()];
    let library = engine.facet(FacetField::City, &request).expect("facet");
    assert_eq!(web, serde_json::to_value(&library).expect("serialises"));

    let id = &ids(&get(&served.app, "/api/search?q=firearms").await.json())[0];
    let web = get(&served.app, &format!("/api/doc/{id}")).await.json();
    let record = engine.show(id).expect("show");
    assert_eq!(
        web["record"],
        serde_json::to_value(&record).expect("serialises")
    );
    // The page lists the five activities `Engine::similar` gives, in its order.
    let web_similar: Vec<String> = web["similar"]
        .as_array()
        .expect("similar")
        .iter()
        .filter_map(|h| h["id"].as_str().map(String::from))
        .collect();
    let library_similar: Vec<String> = engine
        .similar(id, 5)
        .expect("similar")
        .into_iter()
        .map(|h| h.id)
        .collect();
    assert_eq!(web_similar, library_similar);
    assert!(!web_similar.is_empty());
    assert!(!web_similar.contains(id));

    let web = get(&served.app, "/api/suggest?q=podg").await.json();
    let library = engine.suggest("podg", 8).expect("suggest");
    assert_eq!(web, serde_json::to_value(&library).expect("serialises"));
    assert!(
        library
            .iter()
            .any(|s| s.text == "Podgorica" && s.kind == "city")
    );
    assert_eq!(
        get(&served.app, "/api/suggest?q=").await.json(),
        Value::Array(vec![])
    );
}

/// A bookmark of an activity an update removed answers 410 Gone, saying
/// so, where it answered 404 "no activity with id": the page shows the
/// answer's error, so whoever follows the link learns the activity is
/// gone, not that the link is wrong. An id never given stays a 404.
#[tokio::test]
async fn a_removed_activity_answers_410_gone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    write_hostile_bulletin(&corpus);
    let index = dir.path().join("index");
    let options = bulletin::index::IndexOptions::new(&index, vec![corpus.clone()]);
    build(&options).expect("index builds");
    let app = router(Arc::new(Engine::open(&index).expect("index opens")));
    let id = get(&app, "/api/search?q=workshop").await.json()["hits"][0]["id"]
        .as_str()
        .expect("an id")
        .to_string();
    std::fs::write(
        corpus.join("2019-05-hostile.txt"),
        "Another workshop\n6 May 2019, Skopje, North Macedonia: A workshop.\n",
    )
    .expect("rewrite");
    build(&options).expect("index updates");
    let app = router(Arc::new(Engine::open(&index).expect("index opens")));
    let answer = get(&app, &format!("/api/doc/{id}")).await;
    assert_eq!(answer.status, StatusCode::GONE, "{}", answer.text());
    let json = answer.json();
    assert_eq!(json["code"], "gone");
    assert!(
        json["error"]
            .as_str()
            .is_some_and(|e| e.contains(&id) && e.contains("was removed")),
        "{json}"
    );
    let never = get(&app, &format!("/api/doc/{id}-never-given")).await;
    assert_eq!(never.status, StatusCode::NOT_FOUND);
}

/// A bulletin whose title is markup, written by the test.
fn write_hostile_bulletin(dir: &Path) -> String {
    let title = r#"<script>alert(1)</script> & "quoted" <b>workshop</b> on border control"#;
    let text = format!(
        "{title}\n5 May 2019, Skopje, North Macedonia: UNODC held a <img src=x onerror=alert(2)> workshop on border control & firearms.\n"
    );
    std::fs::create_dir_all(dir).expect("corpus dir");
    std::fs::write(dir.join("2019-05-hostile.txt"), text).expect("write bulletin");
    title.to_string()
}

#[tokio::test]
async fn markup_in_the_corpus_comes_back_as_inert_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let title = write_hostile_bulletin(&corpus);
    let index = dir.path().join("index");
    build(&bulletin::index::IndexOptions::new(&index, vec![corpus])).expect("index builds");
    let app = router(Arc::new(Engine::open(&index).expect("index opens")));

    let answer = get(&app, "/api/search?q=alert+workshop").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .header(header::CONTENT_TYPE)
            .starts_with("application/json")
    );
    assert_eq!(answer.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let json = answer.json();
    assert_eq!(json["hits"][0]["title"], title.as_str());
    let id = json["hits"][0]["id"].as_str().expect("id").to_string();
    let doc = get(&app, &format!("/api/doc/{id}")).await.json();
    assert_eq!(doc["record"]["title"], title.as_str());
    assert!(
        doc["record"]["body"]
            .as_str()
            .is_some_and(|b| b.contains("<img src=x onerror=alert(2)>"))
    );

    let feed = get(&app, "/feed.atom?q=workshop").await;
    assert_eq!(feed.status, StatusCode::OK);
    let xml = feed.text();
    assert!(!xml.contains("<script>"), "raw markup in the feed:\n{xml}");
    assert!(!xml.contains("<img"), "raw markup in the feed:\n{xml}");
    assert!(xml.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quoted&quot;"));
    let document = roxmltree::Document::parse(&xml).expect("the feed is well-formed XML");
    let entry_title = document
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .and_then(|entry| entry.children().find(|n| n.has_tag_name("title")))
        .and_then(|t| t.text())
        .expect("an entry title");
    assert_eq!(entry_title, title);
}

#[tokio::test]
async fn the_feed_lists_the_newest_matching_activities_first() {
    let served = served();
    let answer = get(&served.app, "/feed.atom?q=training&per_page=50").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer
            .header(header::CONTENT_TYPE)
            .starts_with("application/atom+xml")
    );
    let xml = answer.text();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = document.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child_text = |node: roxmltree::Node, name: &str| {
        node.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .map(String::from)
    };
    assert!(child_text(feed, "title").is_some_and(|t| t.contains("training")));
    assert!(child_text(feed, "updated").is_some());
    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|n| n.has_tag_name("entry"))
        .collect();
    let mut request = SearchRequest::new("training");
    request.sort = Sort::Newest;
    request.limit = 50;
    let library = served.engine.search(&request).expect("search");
    assert_eq!(entries.len(), library.hits.len());
    assert!(entries.len() >= 2, "the test needs several entries");
    let feed_ids: Vec<String> = entries
        .iter()
        .filter_map(|e| child_text(*e, "id"))
        .map(|id| activity_of_entry_id(&id))
        .collect();
    let library_ids: Vec<String> = library.hits.iter().map(|h| h.id.clone()).collect();
    assert_eq!(feed_ids, library_ids);
    let dates: Vec<String> = entries
        .iter()
        .filter_map(|e| child_text(*e, "updated"))
        .collect();
    assert_eq!(dates.len(), entries.len());
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "not newest first: {dates:?}"
    );
    // An activity was published on its first part's first day, and is as
    // new as its latest part's first day (the gold records hold activities
    // of several parts).
    let starts = |r: &serde_json::Value| -> Vec<String> {
        r["events"]
            .as_array()
            .map(|events| {
                events
                    .iter()
                    .filter_map(|e| e["start"].as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let gold = gold();
    assert!(gold.iter().any(|r| starts(r).len() > 1));
    let gold_newest = gold
        .iter()
        .filter_map(|r| starts(r).into_iter().max())
        .max()
        .expect("gold dates");
    for (entry, hit) in entries.iter().zip(&library.hits) {
        let record = gold
            .iter()
            .find(|r| r["id"].as_str() == Some(hit.id.as_str()) || r["title"] == hit.title)
            .expect("a gold record");
        let (first, last) = (
            starts(record).into_iter().min(),
            starts(record).into_iter().max(),
        );
        assert_eq!(
            child_text(*entry, "published"),
            first.map(|d| format!("{d}T00:00:00Z"))
        );
        assert_eq!(
            child_text(*entry, "updated"),
            last.map(|d| format!("{d}T00:00:00Z"))
        );
    }
    let all = get(&served.app, "/feed.atom").await.text();
    let all = roxmltree::Document::parse(&all).expect("well-formed XML");
    let first_updated = all
        .descendants()
        .find(|n| n.has_tag_name("entry"))
        .and_then(|e| child_text(e, "updated"))
        .expect("an entry");
    assert_eq!(first_updated, format!("{gold_newest}T00:00:00Z"));
}

#[tokio::test]
async fn the_page_is_served_with_strict_headers_and_compressed_answers() {
    let served = served();
    let page = get(&served.app, "/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.header(header::CONTENT_TYPE).starts_with("text/html"));
    let csp = page.header(header::CONTENT_SECURITY_POLICY).to_string();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert!(!csp.contains("unsafe-inline"));
    assert_eq!(page.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let html = page.text();
    assert!(html.contains(r#"<script src="/assets/app.js" defer></script>"#));
    assert_eq!(html.matches("<script").count(), 1, "no inline script");
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "nothing from another host"
    );
    for (asset, kind) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
        ("/assets/favicon.svg", "image/svg+xml"),
    ] {
        let answer = get(&served.app, asset).await;
        assert_eq!(answer.status, StatusCode::OK, "{asset}");
        assert!(
            answer.header(header::CONTENT_TYPE).starts_with(kind),
            "{asset}"
        );
    }
    let script = get(&served.app, "/assets/app.js").await.text();
    assert!(
        !script.contains("innerHTML"),
        "the script must build text nodes"
    );
    assert!(!script.contains("http://") && !script.contains("https://"));

    let plain = get(&served.app, "/api/search?q=firearms").await.json();
    let gzipped = call(
        &served.app,
        Method::GET,
        "/api/search?q=firearms",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(gzipped.header(header::CONTENT_ENCODING), "gzip");
    let mut unzipped = Vec::new();
    flate2::read::GzDecoder::new(gzipped.body.as_slice())
        .read_to_end(&mut unzipped)
        .expect("gzip decodes");
    let unzipped: Value = serde_json::from_slice(&unzipped).expect("JSON");
    assert_eq!(without_timing(unzipped), without_timing(plain));
}

#[tokio::test]
async fn a_new_commit_is_picked_up_without_a_restart() {
    let served = served();
    let before = get(&served.app, "/api/search?per_page=0").await.json()["total"]
        .as_u64()
        .expect("total");
    let added = "UNODC trains customs officers on container profiling in Durres\n\
                 12-14 April 2022, Durres, Albania: UNODC trained customs officers on container profiling.\n";
    std::fs::write(served.workspace.corpus().join("2022-04-extra.txt"), added).expect("write");
    build(&served.workspace.options()).expect("index updates");
    let started = Instant::now();
    loop {
        let total = get(&served.app, "/api/search?per_page=0").await.json()["total"]
            .as_u64()
            .expect("total");
        if total == before + 1 {
            eprintln!("new commit answered after {:?}", started.elapsed());
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the server still answers {total} entries, not {}",
            before + 1
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let hits = get(&served.app, "/api/search?q=container+profiling")
        .await
        .json();
    assert_eq!(
        hits["hits"][0]["title"],
        "UNODC trains customs officers on container profiling in Durres"
    );
}

/// `/export.csv` answers every hit of a search (not one page) in the
/// columns of `bulletin search --format csv`, in the library's order.
#[tokio::test]
async fn a_search_exports_as_csv_with_every_hit() {
    let served = served();
    for (query, country) in [("", ""), ("firearms", ""), ("training", "Montenegro")] {
        let mut uri = format!("/export.csv?q={query}&sort=newest&page=2&per_page=3");
        let mut request = bulletin::search::SearchRequest::new(query);
        request.sort = bulletin::search::Sort::Newest;
        request.limit = bulletin::search::MAX_LIMIT;
        if !country.is_empty() {
            uri.push_str(&format!("&country={country}"));
            request.filters.country = vec![country.to_string()];
        }
        let library = served.engine.search(&request).expect("search");
        let answer = get(&served.app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert!(answer.header(header::CONTENT_TYPE).starts_with("text/csv"));
        assert!(
            answer
                .header(header::CONTENT_DISPOSITION)
                .starts_with("attachment")
        );
        assert_eq!(
            answer.header(header::HeaderName::from_static("x-total-count")),
            library.total.to_string()
        );
        let text = answer.text();
        assert_eq!(text.lines().count(), library.total + 1, "{uri}");
        let ids: Vec<&str> = text
            .lines()
            .skip(1)
            .map(|line| line.split(',').next().unwrap_or_default())
            .collect();
        let expected: Vec<&str> = library.hits.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, expected, "{uri}");
    }
}

/// A bulletin of `count` small activities, all about border workshops.
fn write_many_activities(dir: &Path, count: usize) {
    let mut text = String::new();
    for n in 0..count {
        let day = n % 28 + 1;
        text.push_str(&format!(
            "UNODC holds border workshop number {n}\n{day} May 2019, Skopje, North Macedonia: UNODC held border workshop number {n} for customs officers.\n"
        ));
    }
    std::fs::create_dir_all(dir).expect("corpus dir");
    std::fs::write(dir.join("2019-05-workshops.txt"), text).expect("write bulletin");
}

/// The ids of a search's hits, read from the engine page by page as deep
/// as a search may page, and its number of hits.
fn engine_pages(engine: &Engine, query: &str) -> (Vec<String>, usize) {
    let mut ids = Vec::new();
    let mut request = SearchRequest::new(query);
    request.limit = bulletin::search::MAX_LIMIT;
    request.facets = false;
    loop {
        let page = engine.search(&request).expect("search");
        ids.extend(page.hits.iter().map(|h| h.id.clone()));
        request.offset += page.hits.len();
        if page.hits.is_empty()
            || request.offset >= page.total
            || request.offset > bulletin::search::MAX_OFFSET
        {
            return (ids, page.total);
        }
    }
}

/// The first column (ids) of a CSV file's rows, after its header.
fn csv_ids(text: &str) -> Vec<String> {
    text.lines()
        .skip(1)
        .map(|line| line.split(',').next().unwrap_or_default().to_string())
        .collect()
}

/// `/export.csv` holds every hit of a search with more hits than one page of
/// the engine (1,000), read page by page in the search's order.
#[tokio::test]
async fn a_search_of_more_than_a_thousand_hits_exports_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    write_many_activities(&corpus, 1205);
    let index = dir.path().join("index");
    build(&bulletin::index::IndexOptions::new(&index, vec![corpus])).expect("index builds");
    let engine = Arc::new(Engine::open(&index).expect("index opens"));
    let app = router(engine.clone());

    let (expected, total) = engine_pages(&engine, "workshop");
    assert_eq!(total, 1205, "every activity of the bulletin is a hit");

    let answer = get(&app, "/export.csv?q=workshop").await;
    assert_eq!(answer.status, StatusCode::OK);
    let count = |name: &'static str| {
        answer
            .header(header::HeaderName::from_static(name))
            .to_string()
    };
    assert_eq!(count("x-total-count"), total.to_string());
    assert_eq!(count("x-row-count"), total.to_string());
    let text = answer.text();
    let ids = csv_ids(&text);
    assert_eq!(ids.len(), total);
    assert_eq!(ids, expected);
    // One header line, after the byte order mark.
    assert_eq!(
        text.lines()
            .filter(|l| l.trim_start_matches('\u{FEFF}').starts_with("id,"))
            .count(),
        1
    );

    // The page learns the export's limit from /healthz.
    let health = get(&app, "/healthz").await.json();
    assert_eq!(
        health["export_max_rows"],
        bulletin::web::routes::MAX_EXPORT_ROWS
    );
    assert!(bulletin::web::routes::MAX_EXPORT_ROWS > total);
}

/// A search with more hits than one file may hold: `/export.csv` sends the
/// first [`MAX_EXPORT_ROWS`] hits in the search's order, each once, and its
/// headers say how many hits there were and how many rows it sent.
#[tokio::test]
async fn an_export_past_its_row_limit_sends_the_first_rows_and_says_so() {
    use bulletin::web::routes::MAX_EXPORT_ROWS;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    let count = MAX_EXPORT_ROWS + 137;
    write_many_activities(&corpus, count);
    let index = dir.path().join("index");
    build(&bulletin::index::IndexOptions::new(&index, vec![corpus])).expect("index builds");
    let engine = Arc::new(Engine::open(&index).expect("index opens"));
    let app = router(engine.clone());

    let (expected, total) = engine_pages(&engine, "workshop");
    assert_eq!(total, count, "every activity of the bulletin is a hit");
    assert_eq!(expected.len(), MAX_EXPORT_ROWS);

    let answer = get(&app, "/export.csv?q=workshop").await;
    assert_eq!(answer.status, StatusCode::OK);
    let header = |name: &'static str| {
        answer
            .header(header::HeaderName::from_static(name))
            .to_string()
    };
    assert_eq!(header("x-total-count"), count.to_string());
    assert_eq!(header("x-row-count"), MAX_EXPORT_ROWS.to_string());
    let text = answer.text();
    let ids = csv_ids(&text);
    assert_eq!(ids.len(), MAX_EXPORT_ROWS);
    assert_eq!(
        ids, expected,
        "the rows are the search's first hits, in order"
    );
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "no activity is sent twice");
}

/// A search that a damaged index file makes the search library panic on is
/// answered 500 with a JSON error, never the panic's text; the server goes on.
#[tokio::test]
async fn a_damaged_index_answers_an_error_not_a_panic() {
    let workspace = Workspace::new();
    // Built, then closed before its files are damaged.
    drop(workspace.engine());
    let terms = common::term_files(&workspace.index());
    let title_words: std::collections::BTreeSet<String> = gold()
        .iter()
        .flat_map(|g| {
            g["title"]
                .as_str()
                .unwrap_or_default()
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() > 3)
                .map(str::to_lowercase)
                .collect::<Vec<_>>()
        })
        .collect();
    let originals: Vec<Vec<u8>> = terms
        .iter()
        .map(|file| std::fs::read(file).expect("term file"))
        .collect();
    let mut failed = 0;
    // Four bytes of 0xFF at each tenth from the middle on, or from a third
    // on (read past their bounds, or not read, as the segments fall); then
    // sixteen zero bytes at each tenth, which leave no dictionary readable.
    for (first, length, fill) in [(5, 4, 0xFF), (3, 4, 0xFF), (1, 16, 0x00)] {
        for (file, original) in terms.iter().zip(&originals) {
            common::replace_file(file, &common::overwritten(original, first, length, fill));
        }
        let engine = Arc::new(Engine::open(&workspace.index()).expect("opens"));
        let app = router(engine);
        // Every word of the bulletin's titles, so that some look-up reads
        // the damaged part of a dictionary whatever the segments hold.
        for query in &title_words {
            let answer = get(&app, &format!("/api/search?q={query}")).await;
            let body = String::from_utf8_lossy(&answer.body).to_string();
            assert!(!body.contains("panicked"), "{body}");
            if answer.status == StatusCode::INTERNAL_SERVER_ERROR {
                let json: Value = serde_json::from_str(&body).expect("a JSON error");
                assert!(json["error"].as_str().is_some(), "{body}");
                failed += 1;
            }
        }
        // The server still answers what does not read the damaged files.
        assert_eq!(get(&app, "/healthz").await.status, StatusCode::OK);
    }
    assert!(failed > 0, "the damage reached the reader");
}

/// A browser asks for gzip (`Accept-Encoding: gzip, deflate, br, zstd`):
/// `/export.csv`, whose rows are read while the file is sent, still sends
/// every row, compressed, the same file as without compression.
#[tokio::test]
async fn a_csv_export_asked_for_gzip_sends_every_row() {
    let served = served();
    for uri in ["/export.csv", "/export.csv?q=firearms&sort=newest"] {
        let plain = get(&served.app, uri).await;
        assert_eq!(plain.status, StatusCode::OK, "{uri}");
        let gzipped = call(
            &served.app,
            Method::GET,
            uri,
            &[("accept-encoding", "gzip, deflate, br, zstd")],
        )
        .await;
        assert_eq!(gzipped.status, StatusCode::OK, "{uri}");
        assert_eq!(gzipped.header(header::CONTENT_ENCODING), "gzip", "{uri}");
        let mut unzipped = Vec::new();
        flate2::read::GzDecoder::new(gzipped.body.as_slice())
            .read_to_end(&mut unzipped)
            .expect("gzip decodes");
        assert_eq!(
            String::from_utf8_lossy(&unzipped),
            plain.text(),
            "{uri}: the gzip answer is not the file"
        );
        assert!(csv_ids(&plain.text()).len() > 1, "{uri}");
    }
}

/// `/export.csv` is a download for spreadsheets: it opens with a UTF-8 byte
/// order mark, without which Excel reads the file as the local code page
/// and writes `BjelaÅ¡nica` for `Bjelašnica` and `â€“` for the `–` of every
/// `parts` cell. After the mark come the rows of `bulletin search --format csv`.
#[tokio::test]
async fn a_csv_export_opens_with_a_byte_order_mark_for_spreadsheets() {
    let served = served();
    let mut request = SearchRequest::new("");
    request.limit = bulletin::search::MAX_LIMIT;
    request.facets = false;
    let library = served.engine.search(&request).expect("search");
    let expected = bulletin::cli::render::hits_csv(&library.hits);
    assert!(
        !expected.is_ascii(),
        "the test needs letters beyond ASCII in the shipped bulletin"
    );
    let answer = get(&served.app, "/export.csv").await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(
        answer.body.starts_with(&[0xEF, 0xBB, 0xBF]),
        "no UTF-8 byte order mark: {:?}",
        String::from_utf8_lossy(&answer.body[..answer.body.len().min(20)])
    );
    let text = answer.text();
    assert_eq!(text.strip_prefix('\u{FEFF}'), Some(expected.as_str()));
    assert_eq!(
        text.matches('\u{FEFF}').count(),
        1,
        "one mark, at the start"
    );
}

/// The feed's `alternate` link opens the same search on the page: its words
/// and filters, newest first as the feed lists them, and none of the feed's
/// own paging (`per_page` is no parameter of the page, which would name it
/// in a notice as not understood, and the page's `page` counts ten hits).
#[tokio::test]
async fn the_feed_links_to_the_same_search_on_the_page() {
    let served = served();
    let feed = get(
        &served.app,
        "/feed.atom?q=training&country=Montenegro&country=North+Macedonia&online=false&from=2022-03-01&sort=newest&page=1&per_page=2",
    )
    .await;
    assert_eq!(feed.status, StatusCode::OK);
    let xml = feed.text();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let alternate = document
        .root_element()
        .children()
        .find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("alternate"))
        .and_then(|n| n.attribute("href"))
        .expect("an alternate link")
        .to_string();
    let query = alternate
        .split_once("/?")
        .map(|(_, query)| query)
        .expect("a link to the page with a query");
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    let page_reads = [
        "q",
        "country",
        "city",
        "programme",
        "donor",
        "sdg",
        "mentioned",
        "year",
        "month",
        "online",
        "from",
        "to",
        "sort",
    ];
    for (name, _) in &pairs {
        assert!(
            page_reads.contains(&name.as_str()),
            "{name:?} is no part of the feed's search on the page: {alternate}"
        );
    }
    let values = |name: &str| -> Vec<&str> {
        pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(values("q"), ["training"]);
    assert_eq!(values("country"), ["Montenegro", "North Macedonia"]);
    assert_eq!(values("from"), ["2022-03-01"]);
    assert_eq!(values("sort"), ["newest"], "{alternate}");
    // The page's search of that link finds what the feed found.
    let api = get(&served.app, &format!("/api/search?{query}&per_page=100"))
        .await
        .json();
    let entries: Vec<String> = document
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|e| e.children().find(|n| n.has_tag_name("id")))
        .filter_map(|id| id.text())
        .map(activity_of_entry_id)
        .collect();
    assert!(!entries.is_empty(), "the test needs entries");
    assert_eq!(ids(&api)[..entries.len()], entries[..]);
}

/// The feed's subtitle counts its activities in good English: "1 matching
/// activity", "3 matching activities", as the page's count does.
#[tokio::test]
async fn the_feed_subtitle_counts_one_activity_as_one() {
    let served = served();
    let countries = served
        .engine
        .facet(FacetField::Country, &SearchRequest::new(""))
        .expect("country counts");
    let one = countries
        .iter()
        .find(|c| c.count == 1)
        .expect("a country of one activity in the shipped bulletin");
    let many = countries
        .iter()
        .find(|c| c.count > 1)
        .expect("a country of several activities");
    for (country, noun) in [(one, "activity"), (many, "activities")] {
        let uri = format!(
            "/feed.atom?country={}",
            form_urlencoded::byte_serialize(country.value.as_bytes()).collect::<String>()
        );
        let xml = get(&served.app, &uri).await.text();
        let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let subtitle = document
            .root_element()
            .children()
            .find(|n| n.has_tag_name("subtitle"))
            .and_then(|n| n.text())
            .expect("a subtitle")
            .to_string();
        assert_eq!(
            subtitle,
            format!("{} matching {noun}, newest first", country.count),
            "{uri}"
        );
    }
}

/// A feed's `<updated>` and, entry by entry, its title, `<id>` and `<updated>`.
struct FeedDates {
    updated: String,
    entries: Vec<(String, String, String)>,
}

fn feed_dates(xml: &str) -> FeedDates {
    let document = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    let child_text = |node: roxmltree::Node, name: &str| -> String {
        node.children()
            .find(|n| n.has_tag_name(name))
            .and_then(|n| n.text())
            .unwrap_or_default()
            .to_string()
    };
    let feed = document.root_element();
    FeedDates {
        updated: child_text(feed, "updated"),
        entries: feed
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| {
                (
                    child_text(e, "title"),
                    child_text(e, "id"),
                    child_text(e, "updated"),
                )
            })
            .collect(),
    }
}

/// Under a place or date filter the feed lists activities by the parts
/// that meet it (as `--sort newest` does), and dates each entry by the same
/// part, so the entries' `updated` descend and the feed's `updated` is its
/// first entry's: `to=2022-03-25` claims no later day, and under
/// `country=Montenegro` the Podgorica/Skopje activity is as new as its
/// Podgorica part. Expected days come from the gold records.
#[tokio::test]
async fn the_feed_dates_each_entry_by_the_part_it_is_listed_by() {
    let served = served();
    let gold = gold();
    type Meets = fn(&Value) -> bool;
    let cases: [(&str, Meets); 2] = [
        ("to=2022-03-25", |part| {
            part["start"].as_str().is_some_and(|s| s <= "2022-03-25")
        }),
        ("country=Montenegro", |part| part["country"] == "Montenegro"),
    ];
    let mut a_part_told_apart = false;
    for (filter, meets) in cases {
        let uri = format!("/feed.atom?{filter}&per_page=100");
        let feed = feed_dates(&get(&served.app, &uri).await.text());
        assert!(feed.entries.len() >= 2, "{uri}: the test needs entries");
        for (title, _, updated) in &feed.entries {
            let record = gold
                .iter()
                .find(|r| r["title"].as_str() == Some(title.as_str()))
                .unwrap_or_else(|| panic!("no gold record titled {title:?}"));
            let parts = record["events"].as_array().expect("events");
            let start = |part: &Value| part["start"].as_str().map(String::from);
            let latest_meeting = parts
                .iter()
                .filter_map(|p| meets(p).then(|| start(p)).flatten())
                .max();
            let latest = parts.iter().filter_map(start).max();
            a_part_told_apart |= latest_meeting != latest;
            assert_eq!(
                Some(updated.clone()),
                latest_meeting.map(|d| format!("{d}T00:00:00Z")),
                "{uri}: {title}"
            );
        }
        let dates: Vec<&String> = feed.entries.iter().map(|(_, _, d)| d).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{uri}: not newest first: {dates:?}"
        );
        assert_eq!(&feed.updated, dates[0], "{uri}: the feed's updated");
    }
    assert!(
        a_part_told_apart,
        "the test needs an activity whose latest part does not meet a filter"
    );
}

/// The first and last days of one part of an activity, `YYYY-MM-DD`.
type PartDays = (&'static str, &'static str);

/// The activities of [`write_dated_bulletin`]: title, dateline, and the
/// days of each part as written in it.
const DATED_ACTIVITIES: [(&str, &str, &[PartDays]); 5] = [
    (
        "UNODC trains border police in Tirana and Skopje",
        "11-13 January 2021, Tirana, Albania; 22-24 March 2022, Skopje, North Macedonia",
        &[("2021-01-11", "2021-01-13"), ("2022-03-22", "2022-03-24")],
    ),
    (
        "UNODC meets customs officers in Sarajevo",
        "17-19 May 2021, Sarajevo, Bosnia and Herzegovina",
        &[("2021-05-17", "2021-05-19")],
    ),
    (
        "UNODC holds a firearms workshop in Podgorica",
        "15-16 March 2022, Podgorica, Montenegro",
        &[("2022-03-15", "2022-03-16")],
    ),
    (
        "UNODC trains prosecutors in Bar",
        "28 February-2 March 2022, Bar, Montenegro",
        &[("2022-02-28", "2022-03-02")],
    ),
    (
        "UNODC holds a year-end meeting in Belgrade",
        "30 December 2021-3 January 2022, Belgrade, Serbia",
        &[("2021-12-30", "2022-01-03")],
    ),
];

/// A bulletin of [`DATED_ACTIVITIES`], written by the test.
fn write_dated_bulletin(dir: &Path) {
    let mut text = String::new();
    for (title, dateline, _) in DATED_ACTIVITIES {
        text.push_str(&format!(
            "{title}\n{dateline}: UNODC held a training on border control.\n"
        ));
    }
    std::fs::create_dir_all(dir).expect("corpus dir");
    std::fs::write(dir.join("2022-03-dated.txt"), text).expect("write bulletin");
}

/// A day written `YYYY-MM-DD`.
fn day_of(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a day")
}

/// Under a year or month filter, as under `from`, the feed dates an entry
/// by the first day its part meets the filter on: the Bar training of 28
/// February–2 March 2022 is dated 1 March in the March 2022 feed, and the
/// Belgrade meeting of 30 December 2021–3 January 2022 is dated 1 January
/// in the 2022 feed, not a day outside the feed's period. Expected days are
/// counted from the parts written, day by day.
#[tokio::test]
async fn a_year_or_month_feed_dates_each_entry_inside_its_period() {
    use chrono::Datelike;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    write_dated_bulletin(&corpus);
    let index = dir.path().join("index");
    build(&bulletin::index::IndexOptions::new(&index, vec![corpus])).expect("index builds");
    let app = router(Arc::new(Engine::open(&index).expect("index opens")));

    // The index reads the parts as written.
    let all = get(&app, "/api/search?per_page=100").await.json();
    for (title, _, parts) in DATED_ACTIVITIES {
        let hit = all["hits"]
            .as_array()
            .expect("hits")
            .iter()
            .find(|h| h["title"] == title)
            .unwrap_or_else(|| panic!("no hit titled {title:?}: {all}"));
        let read: Vec<(&str, &str)> = hit["events"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| {
                (
                    e["start"].as_str().unwrap_or_default(),
                    e["end"].as_str().unwrap_or_default(),
                )
            })
            .collect();
        assert_eq!(read, parts.to_vec(), "{title}");
    }

    type Holds = fn(chrono::NaiveDate) -> bool;
    let filters: [(&str, Holds); 6] = [
        ("year=2022", |d| d.year() == 2022),
        ("month=2022-03", |d| (d.year(), d.month()) == (2022, 3)),
        ("year=2021", |d| d.year() == 2021),
        ("from=2022-03-01", |d| d >= day_of("2022-03-01")),
        ("month=2022-03&from=2022-03-02", |d| {
            (d.year(), d.month()) == (2022, 3) && d >= day_of("2022-03-02")
        }),
        ("year=2022&to=2022-02-28", |d| {
            d.year() == 2022 && d <= day_of("2022-02-28")
        }),
    ];
    let mut raised = 0;
    for (filter, holds) in filters {
        // Each activity's part that the feed lists it by (the latest
        // starting of those with a day in the filter) and that part's
        // first day in the filter.
        let mut expected: Vec<(String, String)> = Vec::new();
        for (title, _, parts) in DATED_ACTIVITIES {
            let first_day_in = |(start, end): &(&str, &str)| {
                day_of(start)
                    .iter_days()
                    .take_while(|d| *d <= day_of(end))
                    .find(|d| holds(*d))
            };
            let listed = parts
                .iter()
                .filter_map(|part| first_day_in(part).map(|day| (day_of(part.0), day)))
                .max();
            if let Some((start, day)) = listed {
                raised += usize::from(start != day);
                expected.push((title.to_string(), format!("{day}T00:00:00Z")));
            }
        }
        let uri = format!("/feed.atom?{filter}&per_page=100");
        let answer = get(&app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        let feed = feed_dates(&answer.text());
        let mut listed: Vec<(String, String)> = feed
            .entries
            .iter()
            .map(|(title, _, updated)| (title.clone(), updated.clone()))
            .collect();
        let dates: Vec<&String> = listed.iter().map(|(_, d)| d).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{uri}: not newest first: {dates:?}"
        );
        listed.sort();
        expected.sort();
        assert_eq!(listed, expected, "{uri}");
    }
    assert!(
        raised >= 3,
        "the test needs parts begun before their filter"
    );
}

/// The feed's `rel="self"` link.
fn feed_self_link(xml: &str) -> String {
    let document = roxmltree::Document::parse(xml).expect("the feed is well-formed XML");
    document
        .root_element()
        .children()
        .find(|n| n.has_tag_name("link") && n.attribute("rel") == Some("self"))
        .and_then(|n| n.attribute("href"))
        .expect("a self link")
        .to_string()
}

/// One search asked through another host name, with its parameters (and a
/// filter's values) in another order, or with another `per_page` or
/// `sort=newest` (the feed's order, said or not) is one feed: its
/// `<id>` and its entries' ids are the same, so a reader shows no
/// duplicates. The self link stays the URL asked for; another search has
/// another id.
#[tokio::test]
async fn the_feed_ids_are_the_same_whatever_the_host_and_parameter_order() {
    let served = served();
    let asked = [
        (
            "/feed.atom?q=training&country=Montenegro&country=North+Macedonia&from=2022-03-01",
            Some("localhost:7878"),
        ),
        (
            "/feed.atom?from=2022-03-01&country=North%20Macedonia&q=training&country=Montenegro&per_page=100",
            Some("127.0.0.1:7878"),
        ),
        (
            "/feed.atom?country=North+Macedonia&sort=newest&q=+training&country=Montenegro&from=2022-03-01",
            None,
        ),
    ];
    let mut feeds = Vec::new();
    for (uri, host) in asked {
        let headers: Vec<(&str, &str)> = host.iter().map(|h| ("host", *h)).collect();
        let answer = call(&served.app, Method::GET, uri, &headers).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        let xml = answer.text();
        let self_link = feed_self_link(&xml);
        let query = uri.split_once('?').map(|(_, q)| q).unwrap_or_default();
        assert!(
            self_link.ends_with(&format!("/feed.atom?{query}"))
                && self_link.contains(host.unwrap_or("localhost")),
            "the self link is the URL asked for: {self_link} for {uri}"
        );
        let id = {
            let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
            document
                .root_element()
                .children()
                .find(|n| n.has_tag_name("id"))
                .and_then(|n| n.text())
                .expect("a feed id")
                .to_string()
        };
        for host in ["localhost", "127.0.0.1"] {
            assert!(!id.contains(host), "the id {id} names the host");
        }
        feeds.push((uri, id, feed_dates(&xml)));
    }
    let (first_uri, first_id, first) = &feeds[0];
    assert!(first.entries.len() >= 2, "the test needs entries");
    for (uri, id, feed) in &feeds[1..] {
        assert_eq!(id, first_id, "{uri} and {first_uri}");
        let entry_ids = |feed: &FeedDates| -> Vec<String> {
            feed.entries.iter().map(|(_, id, _)| id.clone()).collect()
        };
        let (these, those) = (entry_ids(feed), entry_ids(first));
        let shared = these.len().min(those.len());
        assert!(shared >= 2, "{uri}: the test needs entries");
        assert_eq!(these[..shared], those[..shared], "{uri} and {first_uri}");
    }
    let other = get(&served.app, "/feed.atom?q=firearms").await.text();
    let other = roxmltree::Document::parse(&other).expect("well-formed XML");
    let other_id = other
        .root_element()
        .children()
        .find(|n| n.has_tag_name("id"))
        .and_then(|n| n.text())
        .expect("a feed id");
    assert_ne!(other_id, first_id, "another search, another id");
}

/// The feed's `updated` is the newest day of the whole search, the day its
/// first hit is listed by, whatever part of it the document shows: with
/// `per_page=0` (no entry) and on a later page as on the first.
#[tokio::test]
async fn the_feed_is_updated_on_its_search_newest_day_whatever_page_it_shows() {
    let served = served();
    for (params, to) in [("", None), ("to=2022-03-25&", Some("2022-03-25"))] {
        let mut request = SearchRequest::new("");
        request.sort = Sort::Newest;
        request.limit = 1;
        request.filters.to = to.map(|to| to.parse().expect("a day"));
        let newest = served
            .engine
            .search(&request)
            .expect("search")
            .hits
            .first()
            .and_then(|hit| hit.sort_day)
            .map(|day| format!("{day}T00:00:00Z"))
            .expect("a dated hit");
        for paging in ["per_page=0", "page=2&per_page=2", "per_page=5"] {
            let uri = format!("/feed.atom?{params}{paging}");
            let feed = feed_dates(&get(&served.app, &uri).await.text());
            assert_eq!(feed.updated, newest, "{uri}");
            if paging == "per_page=0" {
                assert!(feed.entries.is_empty(), "{uri} lists entries");
            }
        }
    }
}

/// `q` as a URL parameter.
fn q_param(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The suggestions for what the box holds.
async fn suggestions_for(app: &Router, typed: &str) -> Vec<Value> {
    let answer = get(app, &format!("/api/suggest?q={}&limit=20", q_param(typed))).await;
    assert_eq!(answer.status, StatusCode::OK, "{typed}: {}", answer.text());
    answer.json().as_array().cloned().unwrap_or_default()
}

/// What choosing a suggestion leaves in the box finds something, and the
/// value it promised: not the any-word answer of a query no activity meets.
async fn assert_query_finds(app: &Router, suggestion: &Value, field: &str) {
    let query = suggestion["query"].as_str().expect("query");
    let value = suggestion["text"].as_str().expect("text");
    let answer = get(app, &format!("/api/search?q={}", q_param(query)))
        .await
        .json();
    let total = answer["total"].as_u64().unwrap_or(0);
    assert!(total > 0, "{query}: {answer}");
    assert_eq!(answer["fallback"], Value::Bool(false), "{query}: {answer}");
    let counted = answer["facets"][field]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let has = |f: &Value| {
        f["value"] == value
            || f["children"]
                .as_array()
                .is_some_and(|c| c.iter().any(|c| c["value"] == value))
    };
    assert!(counted.iter().any(has), "{query}: {field} {counted:?}");
}

/// The box's text with `value` as a typed clause of `field`.
fn clause(field: &str, value: &str) -> String {
    if value.contains(' ') {
        format!("{field}:\"{value}\"")
    } else {
        format!("{field}:{value}")
    }
}

#[tokio::test]
async fn a_typed_field_clause_is_completed_with_that_fields_values() {
    let served = served();
    for field in [
        "country",
        "city",
        "programme",
        "donor",
        "mentioned",
        "sdg",
        "year",
        "month",
    ] {
        let values = get(&served.app, &format!("/api/facets/{field}"))
            .await
            .json();
        for value in values.as_array().expect("values") {
            let value = value["value"].as_str().expect("value");
            // The first letters of its last word, in lower case: `country:mon`, `programme:cont`.
            let word = value.split(' ').next_back().unwrap_or(value);
            let typed: String = word.chars().take(4).collect::<String>().to_lowercase();
            let box_text = format!("{field}:{typed}");
            let found = suggestions_for(&served.app, &box_text).await;
            let hit = found
                .iter()
                .find(|s| s["text"] == value && s["kind"] == field)
                .unwrap_or_else(|| panic!("{box_text}: no {value} in {found:?}"));
            assert_eq!(hit["query"], Value::String(clause(field, value)), "{hit}");
            assert_query_finds(&served.app, hit, field).await;
        }
    }
}

/// A field's value of several words typed without quotes, and a value
/// typed after a space behind the colon, are read by the query language
/// as one clause (`donor:United Kingdom`, `country: Montenegro`), and so
/// are they completed: the clause replaced by the chosen value, not the
/// value added after a clause of its first word (`donor:United
/// donor:"United Kingdom"`, `country: country:Montenegro`).
#[tokio::test]
async fn a_value_typed_over_several_words_is_completed_as_one_clause() {
    let served = served();
    let mut several = 0;
    for field in ["country", "city", "programme", "donor", "mentioned"] {
        let values = get(&served.app, &format!("/api/facets/{field}"))
            .await
            .json();
        for value in values.as_array().expect("values") {
            let value = value["value"].as_str().expect("value");
            let mut boxes = Vec::new();
            let start: String = value.chars().take(4).collect();
            boxes.push(format!("{field}: {start}"));
            // A value the query language reads whole without quotes
            // (of so many words at most).
            let unquoted = format!("{field}:{value}");
            let read = get(
                &served.app,
                &format!("/api/search?q={}", q_param(&unquoted)),
            )
            .await
            .json();
            if let Some((first, last)) = value.rsplit_once(' ')
                && read["resolved"][field][value].is_array()
            {
                let typed: String = last.chars().take(2).collect();
                boxes.push(format!("{field}:{first} {typed}"));
                several += 1;
            }
            for box_text in boxes {
                let found = suggestions_for(&served.app, &box_text).await;
                let hit = found
                    .iter()
                    .find(|s| s["text"] == value && s["kind"] == field)
                    .unwrap_or_else(|| panic!("{box_text}: no {value} in {found:?}"));
                assert_eq!(
                    hit["query"],
                    Value::String(clause(field, value)),
                    "{box_text}"
                );
                assert_query_finds(&served.app, hit, field).await;
            }
        }
    }
    assert!(several > 0, "no value of several words");
}

/// The quotation marks of word processors and phones quote in the box as
/// `"` does for the query language, and so they do for suggestions: a
/// value typed in them is completed as one typed in straight ones.
#[tokio::test]
async fn a_value_in_typographic_quotes_is_suggested_as_in_straight_ones() {
    let served = served();
    let mut compared = 0;
    for field in ["country", "programme", "donor", "mentioned"] {
        let values = get(&served.app, &format!("/api/facets/{field}"))
            .await
            .json();
        for value in values.as_array().expect("values") {
            let value = value["value"].as_str().expect("value");
            let Some((first, last)) = value.split_once(' ') else {
                continue;
            };
            let typed: String = last.chars().take(2).collect();
            let straight =
                suggestions_for(&served.app, &format!("{field}:\"{first} {typed}")).await;
            assert!(
                straight.iter().any(|s| s["text"] == value),
                "{field}:\"{first} {typed}: {straight:?}"
            );
            for (open, close) in [
                ("\u{201C}", "\u{201D}"),
                ("\u{201E}", "\u{201C}"),
                ("\u{AB}", "\u{BB}"),
            ] {
                let curly =
                    suggestions_for(&served.app, &format!("{field}:{open}{first} {typed}")).await;
                let shown = |found: &[Value]| -> Vec<(Value, Value, Value)> {
                    found
                        .iter()
                        .map(|s| (s["text"].clone(), s["kind"].clone(), s["query"].clone()))
                        .collect()
                };
                assert_eq!(
                    shown(&curly),
                    shown(&straight),
                    "{field}:{open}{first} {typed}{close}"
                );
                compared += 1;
            }
        }
    }
    assert!(compared > 0, "no value of several words");
}

#[tokio::test]
async fn a_suggestion_completes_the_last_word_and_keeps_the_earlier_text() {
    let served = served();
    let mut tried = 0;
    for record in gold() {
        let title = record["title"].as_str().expect("title").to_string();
        let Some(event) = record["events"].as_array().and_then(|e| e.first()) else {
            continue;
        };
        let (Some(country), Some(city)) = (event["country"].as_str(), event["city"].as_str())
        else {
            continue;
        };
        let word = title
            .split(' ')
            .find(|w| w.len() > 6 && w.chars().all(char::is_alphabetic))
            .unwrap_or("UNODC");
        let city_start: String = city.chars().take(3).collect();
        let word_start: String = word.chars().take(4).collect();
        let typed_clause = clause("country", &country.to_lowercase());
        for earlier in [typed_clause.clone(), word.to_lowercase()] {
            // A city: the box's earlier text, then the clause.
            let box_text = format!("{earlier} {city_start}");
            let found = suggestions_for(&served.app, &box_text).await;
            // The gold records may spell a city without its diacritics.
            let hit = found
                .iter()
                .find(|s| s["kind"] == "city" && same_value(s["text"].as_str().unwrap_or(""), city))
                .unwrap_or_else(|| panic!("{box_text}: no {city} in {found:?}"));
            let city = hit["text"].as_str().unwrap_or(city);
            assert_eq!(
                hit["query"],
                Value::String(format!("{earlier} {}", clause("city", city))),
                "{hit}"
            );
            for s in found.iter().filter(|s| {
                !["title", "acronym", "word"].contains(&s["kind"].as_str().unwrap_or(""))
            }) {
                let field = s["kind"].as_str().expect("kind");
                assert_query_finds(&served.app, s, field).await;
            }
        }
        // A title: the clause before the word is no title word.
        let box_text = format!("{typed_clause} {word_start}");
        let found = suggestions_for(&served.app, &box_text).await;
        let hit = found
            .iter()
            .find(|s| s["text"] == title.as_str() && s["kind"] == "title")
            .unwrap_or_else(|| panic!("{box_text}: no {title} in {found:?}"));
        assert_eq!(hit["query"], Value::String(typed_clause.clone()), "{hit}");
        tried += 1;
    }
    assert!(tried > 5, "{tried} records tried");
}

/// A word in Serbian Cyrillic, from its Latin spelling.
fn in_cyrillic(word: &str) -> String {
    let letters = "abcčćdđefghijklmnoprsštuvzž";
    let cyrillic = "абцчћдђефгхијклмнопрсштувзж";
    word.chars()
        .map(|c| {
            let lower = c.to_lowercase().next().unwrap_or(c);
            letters
                .chars()
                .position(|l| l == lower)
                .and_then(|i| cyrillic.chars().nth(i))
                .unwrap_or(c)
        })
        .collect()
}

/// A word of the bulletins' text, written with diacritics and in no title,
/// is suggested as written when its first letters are typed without them
/// or in Cyrillic, and the box it makes finds the activity.
#[tokio::test]
async fn a_word_of_the_text_is_suggested_as_written() {
    let served = served();
    let text: String = std::fs::read_dir(served.workspace.corpus())
        .expect("corpus")
        .filter_map(|entry| std::fs::read_to_string(entry.ok()?.path()).ok())
        .collect();
    let titles: Vec<String> = gold()
        .iter()
        .filter_map(|r| r["title"].as_str().map(str::to_lowercase))
        .collect();
    let mut words: Vec<&str> = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_ascii() && w.chars().count() > 3)
        .filter(|w| {
            w.chars()
                .all(|c| c.is_ascii() || !('\u{400}'..='\u{4ff}').contains(&c))
        })
        .filter(|w| !titles.iter().any(|t| t.contains(&w.to_lowercase())))
        .collect();
    words.sort();
    words.dedup();
    assert!(!words.is_empty(), "no word with diacritics in the corpus");
    for word in words {
        let key = place_key(word);
        let typed: String = key.chars().take(key.chars().count() - 1).collect();
        for typed in [
            typed.clone(),
            in_cyrillic(&typed),
            format!("training {typed}"),
        ] {
            let found = suggestions_for(&served.app, &typed).await;
            let hit = found
                .iter()
                .find(|s| s["text"] == word)
                .unwrap_or_else(|| panic!("{typed}: no {word} in {found:?}"));
            let query = hit["query"].as_str().expect("query");
            let answer = get(&served.app, &format!("/api/search?q={}", q_param(query)))
                .await
                .json();
            assert!(
                answer["total"].as_u64().unwrap_or(0) > 0,
                "{query}: {answer}"
            );
            assert_eq!(answer["fallback"], Value::Bool(false), "{query}");
        }
    }
}

/// Words typed one after another that begin a name of several words put
/// that name first, replacing them all, before the names the last word
/// alone begins (`container control pro`: the Container Control Programme
/// before the Airport Communication Project).
#[tokio::test]
async fn the_name_the_typed_words_begin_comes_first() {
    let served = served();
    let values = get(&served.app, "/api/facets/programme").await.json();
    let mut tried = 0;
    for value in values.as_array().expect("values") {
        let value = value["value"].as_str().expect("value");
        let words: Vec<&str> = value.split(' ').collect();
        if words.len() < 3 {
            continue;
        }
        let third: String = words[2].chars().take(3).collect();
        let typed = format!("{} {} {third}", words[0], words[1]).to_lowercase();
        let found = suggestions_for(&served.app, &typed).await;
        assert_eq!(
            found.first().map(|s| (&s["text"], &s["query"])),
            Some((
                &Value::String(value.to_string()),
                &Value::String(clause("programme", value))
            )),
            "{typed}: {found:?}"
        );
        tried += 1;
    }
    assert!(tried > 3, "{tried} programmes tried");
}

/// A title suggested after a typed filter is one of an activity the filter
/// keeps: `country:montenegro Skop` offers no activity held in Skopje.
#[tokio::test]
async fn a_title_suggested_after_a_filter_is_one_the_filter_keeps() {
    let served = served();
    let countries = get(&served.app, "/api/facets/country").await.json();
    let starts: Vec<String> = gold()
        .iter()
        .filter_map(|r| r["title"].as_str())
        .filter_map(|t| t.split(' ').max_by_key(|w| w.len()))
        .map(|w| w.chars().take(4).collect::<String>().to_lowercase())
        .collect();
    let mut titles = 0;
    for country in countries.as_array().expect("countries") {
        let country = country["value"].as_str().expect("value");
        let typed_clause = clause("country", &country.to_lowercase());
        let kept = get(
            &served.app,
            &format!("/api/search?q={}&per_page=100", q_param(&typed_clause)),
        )
        .await
        .json();
        let kept = ids(&kept);
        for start in &starts {
            let box_text = format!("{typed_clause} {start}");
            for s in suggestions_for(&served.app, &box_text).await {
                if s["kind"] == "title" {
                    let id = s["id"].as_str().expect("id");
                    assert!(kept.iter().any(|k| k == id), "{box_text}: {s}");
                    titles += 1;
                }
            }
        }
    }
    assert!(titles > 0, "no title suggested");
}

/// After `OR`, a title suggested has a word that starts with the last word
/// typed, whichever alternative finds its activity.
#[tokio::test]
async fn a_title_suggested_after_or_starts_a_word_with_the_last_word() {
    let served = served();
    let words: Vec<String> = gold()
        .iter()
        .filter_map(|r| r["title"].as_str())
        .filter_map(|t| t.split(' ').max_by_key(|w| w.len()))
        .map(|w| w.to_lowercase())
        .collect();
    let mut titles = 0;
    for (first, second) in words.iter().zip(words.iter().skip(1)) {
        let start: String = second.chars().take(4).collect();
        let box_text = format!("{first} OR {start}");
        for s in suggestions_for(&served.app, &box_text).await {
            if s["kind"] != "title" {
                continue;
            }
            let title = s["text"].as_str().expect("text");
            assert!(
                title
                    .split(|c: char| !c.is_alphanumeric())
                    .any(|w| place_key(w).starts_with(&start)),
                "{box_text}: {title}"
            );
            titles += 1;
        }
    }
    assert!(titles > 0, "no title suggested");
}

/// A box near the longest query the page takes answers with suggestions,
/// each of which the box can hold, rather than an error about a completed
/// text too long to search.
#[tokio::test]
async fn a_box_near_the_longest_query_answers_with_suggestions_it_can_hold() {
    let served = served();
    let cities = get(&served.app, "/api/facets/city").await.json();
    let city = cities[0]["value"].as_str().expect("a city").to_string();
    let start: String = city.chars().take(3).collect();
    let title = gold()[0]["title"].as_str().expect("title").to_string();
    // The title's words over and over, as many as the box then holds.
    let mut earlier = String::new();
    for word in title.split(' ').cycle() {
        if earlier.chars().count() + word.chars().count() + start.len() + 2 > MAX_QUERY_CHARS {
            break;
        }
        earlier = format!("{earlier} {word}");
    }
    let typed = format!("{} {start}", earlier.trim());
    assert!(typed.chars().count() <= MAX_QUERY_CHARS);
    let answer = get(&served.app, &format!("/api/suggest?q={}", q_param(&typed))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    for s in answer.json().as_array().expect("suggestions") {
        let query = s["query"].as_str().expect("query");
        assert!(query.chars().count() <= MAX_QUERY_CHARS, "{s}");
    }
}

/// After a group and more words than a query reads, a title suggested
/// still has a word that starts with the last word typed (`(a (a … tra`).
#[tokio::test]
async fn a_title_suggested_after_many_words_starts_a_word_with_the_last_word() {
    let served = served();
    let mut titles = 0;
    for record in gold() {
        let title = record["title"].as_str().expect("title");
        let start: String = title
            .split(' ')
            .max_by_key(|w| w.len())
            .unwrap_or("UNODC")
            .chars()
            .take(4)
            .collect::<String>()
            .to_lowercase();
        let mut earlier = String::new();
        while earlier.chars().count() + start.len() + 40 < MAX_QUERY_CHARS {
            earlier.push_str("(a ");
        }
        let typed = format!("{earlier}{start}");
        for s in suggestions_for(&served.app, &typed).await {
            if s["kind"] == "title" {
                let text = s["text"].as_str().expect("text");
                assert!(
                    text.split(|c: char| !c.is_alphanumeric())
                        .any(|w| place_key(w).starts_with(&start)),
                    "{start}: {text}"
                );
                titles += 1;
            }
        }
    }
    assert!(titles > 0, "no title suggested");
}

/// The values whose name begins with what is typed come before those with
/// a later word that does (`co`: Container Control Programme before
/// Airport Communication Project), in a clause and as a word.
#[tokio::test]
async fn values_that_begin_with_the_typed_letters_come_first() {
    let served = served();
    let mut tried = 0;
    for field in ["country", "city", "programme", "donor"] {
        let values = get(&served.app, &format!("/api/facets/{field}"))
            .await
            .json();
        let names: Vec<String> = values
            .as_array()
            .expect("values")
            .iter()
            .filter_map(|v| v["value"].as_str().map(String::from))
            .collect();
        for name in &names {
            let start = place_key(&name.chars().take(2).collect::<String>());
            for typed in [format!("{field}:{start}"), start.clone()] {
                let found = suggestions_for(&served.app, &typed).await;
                let begins: Vec<bool> = found
                    .iter()
                    .filter(|s| s["kind"] == field)
                    .map(|s| place_key(s["text"].as_str().unwrap_or("")).starts_with(&start))
                    .collect();
                assert!(
                    begins.windows(2).all(|w| w[0] || !w[1]),
                    "{typed}: {found:?}"
                );
                tried += 1;
            }
        }
    }
    assert!(tried > 10);
}

/// A `title:` clause being typed is completed with the titles' words, as
/// written: each completed box finds activities whose title has the word.
#[tokio::test]
async fn a_title_clause_is_completed_with_the_titles_words() {
    let served = served();
    for record in gold() {
        let title = record["title"].as_str().expect("title");
        let word = title.split(' ').max_by_key(|w| w.len()).unwrap_or("UNODC");
        let start: String = word.chars().take(4).collect::<String>().to_lowercase();
        let typed = format!("title:{start}");
        let found = suggestions_for(&served.app, &typed).await;
        let words: Vec<&Value> = found.iter().filter(|s| s["kind"] == "word").collect();
        assert!(!words.is_empty(), "{typed}: {found:?}");
        for s in words {
            let text = s["text"].as_str().expect("text");
            assert!(place_key(text).starts_with(&start), "{typed}: {s}");
            assert_eq!(s["query"], Value::String(format!("title:{text}")), "{s}");
            let query = s["query"].as_str().expect("query");
            let answer = get(&served.app, &format!("/api/search?q={}", q_param(query)))
                .await
                .json();
            assert!(
                answer["total"].as_u64().unwrap_or(0) > 0,
                "{query}: {answer}"
            );
            assert_eq!(answer["fallback"], Value::Bool(false), "{query}");
        }
    }
}

/// A value typed inside a clause's brackets (`country:(Albania OR Kos`) is
/// completed there, the bracket closed, and the box finds activities of
/// either value.
#[tokio::test]
async fn a_value_in_brackets_is_completed_there() {
    let served = served();
    let values = get(&served.app, "/api/facets/country").await.json();
    let names: Vec<&str> = values
        .as_array()
        .expect("values")
        .iter()
        .filter_map(|v| v["value"].as_str())
        .collect();
    for (first, second) in names.iter().zip(names.iter().skip(1)) {
        let start: String = second.chars().take(3).collect::<String>().to_lowercase();
        let quoted = |v: &str| clause("x", v).trim_start_matches("x:").to_string();
        let typed = format!("country:({} OR {start}", quoted(first));
        let found = suggestions_for(&served.app, &typed).await;
        let hit = found
            .iter()
            .find(|s| s["kind"] == "country" && s["text"] == *second)
            .unwrap_or_else(|| panic!("{typed}: no {second} in {found:?}"));
        let expected = format!("country:({} OR {})", quoted(first), quoted(second));
        assert_eq!(hit["query"], Value::String(expected.clone()), "{hit}");
        let answer = get(
            &served.app,
            &format!("/api/search?q={}", q_param(&expected)),
        )
        .await
        .json();
        assert_eq!(answer["fallback"], Value::Bool(false), "{expected}");
        assert!(answer["total"].as_u64().unwrap_or(0) > 0, "{expected}");
    }
}

/// Whether `text` is an IRI reference (RFC 3987): only the characters an
/// IRI may hold, a `%` only before two hex digits, and, with `absolute`,
/// a scheme first.
fn is_iri(text: &str, absolute: bool) -> bool {
    let bytes = text.as_bytes();
    let chars_ok = text.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || "-._~:/?#[]@!$&'()*+,;=%".contains(c)
            || (!c.is_ascii() && !c.is_control())
    });
    let escapes_ok = bytes.iter().enumerate().all(|(at, &b)| {
        b != b'%'
            || bytes
                .get(at + 1..at + 3)
                .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
    });
    let scheme_ok = !absolute
        || text.split_once(':').is_some_and(|(scheme, _)| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        });
    chars_ok && escapes_ok && scheme_ok
}

/// A query holding characters a URL may carry but an IRI may not (`{`,
/// `|`, `^`, `` ` ``, `\`; curl sends them as typed) still gives a feed
/// whose self link is an IRI (RFC 4287 §4.2.7.1), and that link asks for
/// the same search.
#[tokio::test]
async fn the_feed_self_link_is_an_iri_whatever_the_query_holds() {
    let served = served();
    let typed = r"{firearms}|border^`control`\training";
    let uri = format!("/feed.atom?q={typed}&per_page=3");
    let answer = get(&served.app, &uri).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let xml = answer.text();
    let self_link = feed_self_link(&xml);
    assert!(
        is_iri(&self_link, true),
        "the self link is no IRI: {self_link}"
    );
    let query = self_link
        .split_once("/feed.atom?")
        .map(|(_, query)| query)
        .expect("a self link with the query");
    let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
        .map(|(name, value)| (name.into_owned(), value.into_owned()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("q".to_string(), typed.to_string()),
            ("per_page".to_string(), "3".to_string())
        ]
    );
    let again = get(&served.app, &format!("/feed.atom?{query}")).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(feed_dates(&again.text()).entries, feed_dates(&xml).entries);
}

/// A category's `scheme` is an IRI (RFC 4287 §4.2.2.2), absolute as every
/// IRI is (RFC 3987; the W3C feed validator refuses a relative one), as the
/// feed's and entries' ids are; entries of places and programmes of the
/// shipped bulletin have categories of both schemes, each scheme one IRI.
#[tokio::test]
async fn the_feed_category_schemes_and_ids_are_absolute_iris() {
    let served = served();
    let xml = get(&served.app, "/feed.atom?per_page=100").await.text();
    let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let mut schemes = std::collections::BTreeMap::<String, usize>::new();
    for category in document
        .descendants()
        .filter(|n| n.has_tag_name("category"))
    {
        let term = category.attribute("term").unwrap_or_default();
        assert!(!term.is_empty(), "a category without a term");
        if let Some(scheme) = category.attribute("scheme") {
            assert!(is_iri(scheme, true), "the scheme {scheme:?} is no IRI");
            *schemes.entry(scheme.to_string()).or_default() += 1;
        }
    }
    assert!(
        schemes.len() >= 2,
        "the test needs categories of places and programmes: {schemes:?}"
    );
    let ids: Vec<&str> = document
        .descendants()
        .filter(|n| n.has_tag_name("id"))
        .filter_map(|n| n.text())
        .collect();
    let total = get(&served.app, "/api/search?per_page=0").await.json()["total"]
        .as_u64()
        .expect("a total");
    assert_eq!(
        ids.len() as u64,
        total + 1,
        "the feed's id and one per activity"
    );
    for id in ids {
        assert!(is_iri(id, true), "the id {id:?} is no IRI");
    }
}

/// The README's `curl` examples of the JSON API show what the server
/// answers: each `$ curl -s 'http://127.0.0.1:7878/…'` line's path is asked
/// of the router on the shipped bulletin, and the line shown under it must
/// be the same JSON.
#[tokio::test]
async fn the_readme_api_examples_are_what_the_server_answers() {
    let served = served();
    let readme =
        std::fs::read_to_string(common::root().join("README.md")).expect("the README reads");
    let lines: Vec<&str> = readme.lines().collect();
    let mut checked = 0;
    for (at, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("$ curl -s 'http://127.0.0.1:7878") else {
            continue;
        };
        let path = rest
            .split_once('\'')
            .map(|(path, _)| path)
            .expect("a quoted URL");
        let shown: Value = serde_json::from_str(lines.get(at + 1).copied().unwrap_or_default())
            .unwrap_or_else(|err| panic!("README line {}: not JSON ({err})", at + 2));
        let answer = get(&served.app, path).await;
        assert_eq!(
            answer.json(),
            shown,
            "README line {}: {path} answers otherwise",
            at + 1
        );
        checked += 1;
    }
    assert!(checked >= 2, "the README's API examples were not found");
}

/// The feed's links name the host the request's Host header gives when it
/// is a host and port a link can carry (a name, an IPv4 address or an
/// IPv6 one in brackets, a port of digits up to 65535), and `localhost`
/// for any other, so that its links stay links.
#[tokio::test]
async fn the_feed_links_name_the_host_asked_for_only_when_it_is_one() {
    let served = served();
    let cases = [
        ("example.org", "example.org"),
        ("127.0.0.1:7878", "127.0.0.1:7878"),
        ("[::1]:7878", "[::1]:7878"),
        ("Bulletin-Host.example:80", "Bulletin-Host.example:80"),
        ("a]b", "localhost"),
        ("[x", "localhost"),
        ("[::1", "localhost"),
        ("a:b:c", "localhost"),
        (":7878", "localhost"),
        ("a:b", "localhost"),
        ("a:", "localhost"),
        ("a[b]", "localhost"),
        ("localhost:99999", "localhost"),
        ("[not-an-address]:80", "localhost"),
    ];
    for (host, named) in cases {
        let answer = call(
            &served.app,
            Method::GET,
            "/feed.atom?q=firearms&per_page=2",
            &[("host", host)],
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{host}");
        let xml = answer.text();
        let document = roxmltree::Document::parse(&xml).expect("well-formed XML");
        let links: Vec<&str> = document
            .descendants()
            .filter(|n| n.has_tag_name("link"))
            .filter_map(|n| n.attribute("href"))
            .collect();
        assert!(links.len() >= 3, "{host}: the test needs entries");
        for link in links {
            assert!(
                link.starts_with(&format!("http://{named}/")),
                "Host {host:?}: the link {link} names another host than {named}"
            );
            assert!(is_iri(link, true), "{link}");
        }
    }
}

/// HEAD is answered on every GET route as GET is, without the body, and
/// the README names the methods answered as the 405's `Allow` header does:
/// it said "any method but GET 405", which a HEAD answered 200 contradicts.
#[tokio::test]
async fn head_is_answered_as_get_and_the_readme_names_the_methods_allowed() {
    let served = served();
    let id = ids(&get(&served.app, "/api/search?q=firearms").await.json())[0].clone();
    let doc = format!("/api/doc/{id}");
    for uri in [
        "/",
        "/api/search?q=firearms",
        "/api/facets/country",
        doc.as_str(),
        "/api/suggest?q=podg",
        "/feed.atom?q=firearms",
        "/export.csv?q=firearms",
        "/healthz",
    ] {
        let got = get(&served.app, uri).await;
        let head = call(&served.app, Method::HEAD, uri, &[]).await;
        assert_eq!(got.status, StatusCode::OK, "{uri}");
        assert_eq!(head.status, got.status, "{uri}");
        assert_eq!(
            head.header(header::CONTENT_TYPE),
            got.header(header::CONTENT_TYPE),
            "{uri}"
        );
        assert!(head.body.is_empty(), "{uri}: HEAD sent a body");
    }
    let refused = call(&served.app, Method::POST, "/api/search", &[]).await;
    assert_eq!(refused.status, StatusCode::METHOD_NOT_ALLOWED);
    let mut allowed: Vec<String> = refused
        .header(header::ALLOW)
        .split(',')
        .map(|m| m.trim().to_string())
        .collect();
    allowed.sort();
    let readme =
        std::fs::read_to_string(common::root().join("README.md")).expect("the README reads");
    let said = readme
        .split("any method but ")
        .nth(1)
        .and_then(|rest| rest.split_once(" 405"))
        .map(|(methods, _)| methods)
        .expect("the README says which methods answer 405");
    let mut named: Vec<String> = said
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_uppercase()))
        .map(String::from)
        .collect();
    named.sort();
    assert_eq!(named, allowed, "the README: any method but {said} 405");
}

/// A parameter no endpoint knows answers 400 naming it, on every endpoint
/// of the API, `/healthz` too, as the README says ("a bad parameter
/// (unknown name, …) answers 400"); `/healthz` took any and answered 200.
#[tokio::test]
async fn every_endpoint_but_healthz_refuses_a_parameter_it_does_not_know() {
    let served = served();
    let id = ids(&get(&served.app, "/api/search?q=firearms").await.json())[0].clone();
    let doc = format!("/api/doc/{id}");
    for path in [
        "/api/search",
        "/api/facets/country",
        doc.as_str(),
        "/api/suggest",
        "/feed.atom",
        "/export.csv",
    ] {
        assert_eq!(
            get(&served.app, path).await.status,
            StatusCode::OK,
            "{path}"
        );
        for query in ["contry=Montenegro", "q=%ZZ"] {
            let uri = format!("{path}?{query}");
            let answer = get(&served.app, &uri).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
            let error = answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let named = if query.starts_with("contry") {
                "contry"
            } else {
                "q"
            };
            assert!(error.contains(named), "{uri}: {error}");
        }
    }
    // A health check takes no parameters and ignores any, so that a
    // monitor's cache-busting `?t=…` never reads as the server being down.
    for uri in [
        "/healthz?t=1733024000",
        "/healthz?contry=Montenegro",
        "/healthz?q=%ZZ",
    ] {
        let answer = get(&served.app, uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(answer.json()["status"], "ok", "{uri}");
    }
}

/// The gold records with a part that overlaps the days `first` to `last`
/// (ISO days compare as text).
fn gold_overlapping(first: &str, last: &str) -> usize {
    gold()
        .iter()
        .filter(|record| {
            record["events"].as_array().is_some_and(|events| {
                events.iter().any(|event| {
                    let start = event["start"].as_str().unwrap_or("9999");
                    let end = event["end"].as_str().unwrap_or("0000");
                    start <= last && end >= first
                })
            })
        })
        .count()
}

/// A `year` or `month` parameter that names no year or month at all
/// (`year=abc`, `month=2022-13`) is a bad parameter, a 400 naming it on
/// every endpoint that takes it, as a bad `from` is; it answered 200 with
/// a notice and no hits. A year or month written well that no activity
/// has (`year=1999`) is still an answer of no hits, as `country=Atlantis` is.
#[tokio::test]
async fn a_year_or_month_parameter_that_names_none_answers_400() {
    let served = served();
    for path in [
        "/api/search",
        "/api/facets/month",
        "/feed.atom",
        "/export.csv",
    ] {
        for (name, value) in [
            ("year", "abc"),
            ("year", "20222"),
            ("year", "2022-03"),
            ("month", "abc"),
            ("month", "2022-13"),
            ("month", "2022-03-40"),
            ("month", "2022-03,Smarch"),
        ] {
            let uri = format!("{path}?{name}={value}");
            let answer = get(&served.app, &uri).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
            let error = answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                error.starts_with(&format!("invalid parameter \"{name}\"")),
                "{uri}: {error}"
            );
        }
    }
    // Values that name a year or month keep the activities with a part in it.
    let february = gold_overlapping("2022-02-01", "2022-02-28");
    let march = gold_overlapping("2022-03-01", "2022-03-31");
    let year = gold_overlapping("2022-01-01", "2022-12-31");
    for (params, expected) in [
        ("year=2022", year),
        ("year=1999", 0),
        ("year=2021..2022", year),
        ("month=2022-02", february),
        ("month=February", february),
        ("month=February+2022", february),
        ("month=2022-03", march),
        ("month=2022-02..2022-03", year),
        ("month=2022-02,2022-03", year),
        ("month=2021-05", 0),
    ] {
        let answer = get(&served.app, &format!("/api/search?{params}&per_page=0")).await;
        assert_eq!(answer.status, StatusCode::OK, "{params}: {}", answer.text());
        assert_eq!(answer.json()["total"], expected, "{params}");
    }
}

/// `page` is checked whatever `per_page` is: with `per_page=0` (only the
/// total and the facet counts) a page past hit 10,000, counted in pages of
/// one hit, is a 400 naming `page`, as it is with any other page size; it
/// answered 200, so any page number at all was taken.
#[tokio::test]
async fn a_page_past_the_deepest_is_refused_with_per_page_0_too() {
    let served = served();
    let max_offset = bulletin::search::MAX_OFFSET;
    let deepest = max_offset + 1;
    for path in ["/api/search", "/feed.atom", "/export.csv"] {
        for page in [
            (deepest + 1).to_string(),
            "99999999".to_string(),
            usize::MAX.to_string(),
        ] {
            let uri = format!("{path}?per_page=0&page={page}");
            let answer = get(&served.app, &uri).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
            let error = answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            assert!(
                error.starts_with("invalid parameter \"page\""),
                "{uri}: {error}"
            );
        }
        for page in [2, deepest] {
            let uri = format!("{path}?per_page=0&page={page}");
            assert_eq!(get(&served.app, &uri).await.status, StatusCode::OK, "{uri}");
        }
    }
    let answer = get(
        &served.app,
        &format!("/api/search?per_page=0&page={deepest}"),
    )
    .await;
    assert_eq!(answer.json()["total"], gold().len());
}

/// `/api/doc/{id}` checks its parameters before it looks the id up,
/// whatever the id: a bad `similar` or an unknown parameter is a 400 for a
/// very long id too, as for any other; a long id answered 404 first.
#[tokio::test]
async fn the_doc_endpoint_checks_its_parameters_before_a_long_id() {
    let served = served();
    let long_id = "x".repeat(300);
    for query in ["similar=abc", "similar=99", "contry=Montenegro"] {
        for id in ["2099-01-01-no-such-activity", long_id.as_str()] {
            let uri = format!("/api/doc/{id}?{query}");
            let answer = get(&served.app, &uri).await;
            let shown: String = uri.chars().take(60).collect();
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{shown}");
            let error = answer.json()["error"]
                .as_str()
                .unwrap_or_default()
                .to_string();
            let named = query.split('=').next().unwrap_or_default();
            assert!(error.contains(named), "{shown}: {error}");
        }
    }
    let answer = get(&served.app, &format!("/api/doc/{long_id}?similar=2")).await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
}

/// A `to` before `from` is a 400 naming `to`, in the words every other bad
/// parameter has (`invalid parameter "to": …`) and with the reason the
/// CLI's `--to` gives, on every endpoint that takes dates; it answered
/// "invalid dates: from … is after to …", naming no parameter.
#[tokio::test]
async fn a_to_before_from_names_the_to_parameter() {
    let served = served();
    for path in [
        "/api/search",
        "/api/facets/month",
        "/feed.atom",
        "/export.csv",
    ] {
        let uri = format!("{path}?from=2022-03-20&to=2022-03-01");
        let answer = get(&served.app, &uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(
            answer.json()["error"],
            "invalid parameter \"to\": \"2022-03-01\" is before the from date, \"2022-03-20\"",
            "{uri}"
        );
    }
}

/// A number parameter that is no number, or one out of its bounds, is
/// refused in one wording on every endpoint and by the CLI's `--limit`
/// and `--offset`: `"abc" is not a whole number from 0 to 100`, the
/// value as typed and the bounds it may take. The web said `"abc" is not
/// a whole number` (no bounds) or `101 is not between 0 and 100`, the CLI
/// `not a whole number from 0 to 1000` (no value) or `at most 1000`.
#[tokio::test]
async fn a_bad_number_is_refused_in_one_wording_by_the_web_and_the_cli() {
    use bulletin::search::{MAX_LIMIT, MAX_OFFSET};
    use bulletin::web::routes::{MAX_PER_PAGE, MAX_SIMILAR, MAX_SUGGESTIONS};
    let served = served();
    let reason = |typed: &str, min: usize, max: usize| {
        format!("{typed:?} is not a whole number from {min} to {max}")
    };
    let deepest_page = MAX_OFFSET + 1;
    let cases = [
        ("/api/search", "per_page", "abc", 0, MAX_PER_PAGE),
        ("/api/search", "per_page", "101", 0, MAX_PER_PAGE),
        ("/api/search", "per_page", "-1", 0, MAX_PER_PAGE),
        ("/api/search", "page", "0", 1, deepest_page),
        ("/api/search", "page", "abc", 1, deepest_page),
        ("/feed.atom", "per_page", "abc", 0, MAX_PER_PAGE),
        ("/export.csv", "page", "x1", 1, deepest_page),
        ("/api/suggest", "limit", "0", 1, MAX_SUGGESTIONS),
        ("/api/doc/anything", "similar", "99", 0, MAX_SIMILAR),
        ("/api/doc/anything", "similar", "abc", 0, MAX_SIMILAR),
    ];
    for (path, name, typed, min, max) in cases {
        let uri = format!("{path}?{name}={typed}");
        let answer = get(&served.app, &uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        assert_eq!(
            answer.json()["error"],
            format!("invalid parameter {name:?}: {}", reason(typed, min, max)),
            "{uri}"
        );
    }
    for (flag, typed, max) in [
        ("--limit", "abc", MAX_LIMIT),
        ("--limit", "1001", MAX_LIMIT),
        ("--offset", "10001", MAX_OFFSET),
    ] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("--index")
            .arg(served.workspace.index())
            .args(["search", "firearms", flag, typed, "--no-update"])
            .output()
            .expect("bulletin runs");
        assert_eq!(output.status.code(), Some(2), "{flag} {typed}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!(": {}", reason(typed, 0, max))),
            "{flag} {typed}: {stderr}"
        );
    }
}

/// `from` and `to` take a month or a year as well as a day, as `from:`
/// and `to:` in a query do: `from` its first day, `to` its last
/// (`to=2022-02` keeps an activity of 28 February). A day the calendar
/// does not have is refused saying why (`"2023-02-29" names no day:
/// February 2023 has 28 days`), where it was called "not a date like
/// 2022-03-15"; a leap day is a day. The CLI's `--from` and `--to` agree.
#[tokio::test]
async fn from_and_to_take_a_month_or_a_year_and_name_a_day_the_calendar_lacks() {
    let served = served();
    let cli_total = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("--index")
            .arg(served.workspace.index())
            .args([
                "search",
                "",
                "--limit",
                "0",
                "--format",
                "json",
                "--no-update",
            ])
            .args(args)
            .output()
            .expect("bulletin runs");
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        let answer: Option<Value> = serde_json::from_slice(&output.stdout).ok();
        (
            output.status.code(),
            answer.map(|a| a["total"].clone()),
            stderr,
        )
    };
    for (from, to, first, last) in [
        ("2022-03", "2022-03", "2022-03-01", "2022-03-31"),
        ("2022", "2022", "2022-01-01", "2022-12-31"),
        ("2022-02-01", "2022-02", "2022-02-01", "2022-02-28"),
        ("2022-03-31", "2022", "2022-03-31", "2022-12-31"),
        ("2021", "2021-12", "2021-01-01", "2021-12-31"),
    ] {
        let expected = gold_overlapping(first, last);
        let uri = format!("/api/search?from={from}&to={to}&per_page=0");
        let answer = get(&served.app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        assert_eq!(answer.json()["total"], expected, "{uri}");
        let (code, total, stderr) = cli_total(&["--from", from, "--to", to]);
        assert_eq!(code, Some(0), "--from {from} --to {to}: {stderr}");
        assert_eq!(
            total,
            Some(Value::from(expected)),
            "--from {from} --to {to}"
        );
    }
    for (typed, reason) in [
        (
            "2023-02-29",
            "\"2023-02-29\" names no day: February 2023 has 28 days",
        ),
        (
            "2022-04-31",
            "\"2022-04-31\" names no day: April 2022 has 30 days",
        ),
        (
            "2022-13-01",
            "\"2022-13-01\" names no day: there is no month 13",
        ),
        ("2022-13", "\"2022-13\" names no day: there is no month 13"),
    ] {
        for name in ["from", "to"] {
            let uri = format!("/api/search?{name}={typed}");
            let answer = get(&served.app, &uri).await;
            assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
            assert_eq!(
                answer.json()["error"],
                format!("invalid parameter {name:?}: {reason}"),
                "{uri}"
            );
            let flag = format!("--{name}");
            let (code, _, stderr) = cli_total(&[flag.as_str(), typed]);
            assert_eq!(code, Some(2), "{flag} {typed}: {stderr}");
            assert!(stderr.contains(reason), "{flag} {typed}: {stderr}");
        }
    }
    let leap = get(&served.app, "/api/search?from=2024-02-29&to=2024-02-29").await;
    assert_eq!(leap.status, StatusCode::OK, "{}", leap.text());
}

/// Under a `from` date (the parameter or a `date:` range typed in `q`) an
/// entry whose part began before that day and runs on into it is updated
/// on the `from` day, never before it, so that a filtered feed claims no
/// day outside its filters, as the README says; the entries keep their
/// order, newest first. It was updated on its part's start: `from=2022-03-25`
/// listed an entry updated on 1 February. Expected days come from the
/// gold records.
#[tokio::test]
async fn a_feed_from_a_day_dates_no_entry_before_it() {
    let served = served();
    let gold = gold();
    let from = "2022-03-25";
    let mut one_began_before = false;
    for params in [
        format!("from={from}"),
        format!("q=date%3A{from}.."),
        format!("from={from}&country=Montenegro"),
    ] {
        let uri = format!("/feed.atom?{params}&per_page=100");
        let feed = feed_dates(&get(&served.app, &uri).await.text());
        assert!(!feed.entries.is_empty(), "{uri}: the test needs entries");
        for (title, _, updated) in &feed.entries {
            let record = gold
                .iter()
                .find(|r| r["title"].as_str() == Some(title.as_str()))
                .unwrap_or_else(|| panic!("no gold record titled {title:?}"));
            let montenegro = params.contains("Montenegro");
            let latest_meeting = record["events"]
                .as_array()
                .expect("events")
                .iter()
                .filter(|p| p["end"].as_str().is_some_and(|end| end >= from))
                .filter(|p| !montenegro || p["country"] == "Montenegro")
                .filter_map(|p| p["start"].as_str())
                .max()
                .unwrap_or_else(|| panic!("{uri}: {title} has no part from {from}"));
            one_began_before |= latest_meeting < from;
            let expected = latest_meeting.max(from);
            assert_eq!(updated, &format!("{expected}T00:00:00Z"), "{uri}: {title}");
        }
        let dates: Vec<&String> = feed.entries.iter().map(|(_, _, d)| d).collect();
        assert!(
            dates.windows(2).all(|w| w[0] >= w[1]),
            "{uri}: not newest first: {dates:?}"
        );
        assert_eq!(&feed.updated, dates[0], "{uri}: the feed's updated");
    }
    assert!(
        one_began_before,
        "the test needs a part begun before {from}"
    );
}

/// A commit while `/export.csv` is sent (`bulletin index` run beside
/// `serve`) leaves the file one search of one commit: each of its hits
/// once, in that search's order. Each page of 1,000 was read from the
/// commit of its own moment, so activities the commit put first in the
/// order (newer ones, `sort=newest`) pushed the later pages down: the file
/// sent rows 951–1,000 twice and left out its last 50 hits.
#[tokio::test]
async fn a_csv_export_sent_across_a_commit_holds_one_search() {
    use futures_util::StreamExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    write_many_activities(&corpus, 1205);
    let index = dir.path().join("index");
    let options = bulletin::index::IndexOptions::new(&index, vec![corpus.clone()]);
    build(&options).expect("index builds");
    let engine = Arc::new(Engine::open(&index).expect("index opens"));
    let app = router(engine.clone());
    let mut request = SearchRequest::new("workshop");
    request.sort = Sort::Newest;
    let (expected, total) = {
        let mut ids = Vec::new();
        request.limit = bulletin::search::MAX_LIMIT;
        request.facets = false;
        let mut page = engine.search(&request).expect("search");
        let total = page.total;
        while !page.hits.is_empty() {
            ids.extend(page.hits.iter().map(|h| h.id.clone()));
            request.offset += page.hits.len();
            page = engine.search(&request).expect("search");
        }
        (ids, total)
    };
    assert_eq!(expected.len(), total);

    let response = app
        .clone()
        .oneshot(
            Request::builder()
                .uri("/export.csv?q=workshop&sort=newest")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("the router answers");
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body().into_data_stream();
    let mut text = Vec::new();
    text.extend_from_slice(&body.next().await.expect("a first part").expect("bytes"));
    // Fifty newer workshops, committed and picked up before the rest is read.
    let mut newer = String::new();
    for n in 0..50 {
        newer.push_str(&format!(
            "UNODC holds border workshop number {n} of 2020\n{} June 2020, Skopje, North Macedonia: UNODC held border workshop number {n} of 2020.\n",
            n % 28 + 1
        ));
    }
    std::fs::write(corpus.join("2020-06-workshops.txt"), newer).expect("write");
    build(&options).expect("index updates");
    engine.reload().expect("reload");
    while let Some(part) = body.next().await {
        text.extend_from_slice(&part.expect("bytes"));
    }
    let ids = csv_ids(&String::from_utf8(text).expect("UTF-8"));
    let distinct: std::collections::HashSet<&String> = ids.iter().collect();
    assert_eq!(distinct.len(), ids.len(), "an activity is sent twice");
    assert_eq!(
        ids, expected,
        "the rows are the search's hits when it began"
    );
}

/// The feed lists the newest first, and takes no other order: `sort=oldest`
/// or `sort=relevance` answers 400 naming `sort`, as /api/facets refuses a
/// `sort` it cannot use, rather than a feed newest first that a reader
/// takes for the order asked for. `sort=newest`, or none, is the feed.
#[tokio::test]
async fn the_feed_refuses_an_order_it_does_not_list_by() {
    let served = served();
    let plain = get(&served.app, "/feed.atom?q=training").await;
    assert_eq!(plain.status, StatusCode::OK);
    for sort in ["newest", "NEWEST", ""] {
        let uri = format!("/feed.atom?q=training&sort={sort}");
        let answer = get(&served.app, &uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        assert_eq!(
            feed_dates(&answer.text()).entries,
            feed_dates(&plain.text()).entries,
            "{uri}"
        );
    }
    for sort in ["oldest", "relevance"] {
        let uri = format!("/feed.atom?q=training&sort={sort}");
        let answer = get(&served.app, &uri).await;
        assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{uri}");
        let error = answer.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(
            error.starts_with("invalid parameter \"sort\"") && error.contains(sort),
            "{uri}: {error}"
        );
    }
    // As an endpoint that takes no order at all refuses one.
    let facets = get(&served.app, "/api/facets/country?sort=oldest").await;
    assert_eq!(facets.status, StatusCode::BAD_REQUEST);
}

/// A hit's title and dateline come with the query's words marked, as
/// `[start, end)` character offsets beside the fields as they were: a search
/// for a city marks it in the datelines of the activities held there, and
/// the snippet keeps its shape.
#[tokio::test]
async fn a_hit_marks_the_query_s_words_in_its_title_and_dateline() {
    let served = served();
    let mut cities_checked = 0;
    for entry in gold() {
        for event in entry["events"].as_array().into_iter().flatten() {
            let Some(city) = event["city"].as_str().filter(|c| !c.contains(' ')) else {
                continue;
            };
            let answer = get(&served.app, &format!("/api/search?q={city}&per_page=100"))
                .await
                .json();
            let title = entry["title"].as_str().expect("gold title");
            let hits = answer["hits"].as_array().expect("hits");
            let hit = hits
                .iter()
                .find(|hit| hit["title"] == title)
                .unwrap_or_else(|| panic!("{city}: {title}"));
            assert!(hit["snippet"]["text"].is_string());
            assert!(hit["snippet"]["highlights"].is_array());
            let dateline = hit["dateline"].as_str().expect("dateline");
            let chars: Vec<char> = dateline.chars().collect();
            let city_chars: Vec<char> = city.chars().collect();
            let expected: Vec<Value> = (0..chars.len())
                .filter(|&at| chars[at..].starts_with(&city_chars))
                .map(|at| serde_json::json!([at, at + city_chars.len()]))
                .collect();
            if expected.is_empty() {
                continue;
            }
            assert_eq!(
                hit["dateline_highlights"],
                Value::Array(expected),
                "{dateline}"
            );
            let title_chars: Vec<char> = title.chars().collect();
            for mark in hit["title_highlights"]
                .as_array()
                .expect("title_highlights")
            {
                let start = mark[0].as_u64().expect("start") as usize;
                let end = mark[1].as_u64().expect("end") as usize;
                let word: String = title_chars[start..end].iter().collect();
                assert_eq!(word, city, "{title}");
            }
            cities_checked += 1;
        }
    }
    assert!(cities_checked > 10, "{cities_checked}");
}
