//! The search page end to end in real headless Chromium, driven through
//! chromedriver (WebDriver) by fantoccini.
//!
//! The test starts the server on 127.0.0.1:0 on an index of the shipped
//! bulletin and chromedriver on a free port, then types a query, ticks a
//! country, one of its cities, clicks a month bar, opens a result and goes
//! back. Every expected number comes from the library's answer for the same
//! search. Screenshots go to `target/e2e/`; with `BULLETIN_UPDATE_SCREENSHOT=1`
//! the README's `docs/screenshot.png` is written too.
//!
//! Needs Debian's `chromium` and `chromium-driver`; without them the test
//! fails, unless `BULLETIN_SKIP_BROWSER=1` says to skip it.

mod common;

use std::collections::BTreeMap;
use std::net::TcpListener as StdListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bulletin::search::query::FacetField;
use bulletin::search::{Engine, SearchRequest, SearchResponse};
use common::{Workspace, root};
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

const QUERY: &str = "regional";
const PER_PAGE: usize = 10;
const WAIT: Duration = Duration::from_secs(15);

/// A program found on PATH (or named by an environment variable).
fn find_program(env: &str, names: &[&str]) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env).map(PathBuf::from) {
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// chromedriver, killed when the test ends however it ends.
struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

async fn start_chromedriver(program: &Path) -> Driver {
    let port = free_port();
    let child = Command::new(program)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {}: {err}", program.display()));
    let driver = Driver { child, port };
    let started = Instant::now();
    while tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .is_err()
    {
        assert!(
            started.elapsed() < WAIT,
            "chromedriver did not listen on port {port}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    driver
}

async fn connect_browser(
    driver: &Driver,
    chromium: &Path,
    profile: &Path,
    extra_args: &[&str],
) -> Client {
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".to_string(),
        "--disable-gpu".to_string(),
        "--disable-dev-shm-usage".to_string(),
        "--disable-background-networking".to_string(),
        "--disable-component-update".to_string(),
        "--disable-sync".to_string(),
        "--no-first-run".to_string(),
        "--hide-scrollbars".to_string(),
        "--window-size=1280,900".to_string(),
        format!("--user-data-dir={}", profile.display()),
    ];
    args.extend(extra_args.iter().map(|a| a.to_string()));
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "binary": chromium.to_string_lossy(),
            "args": args,
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("chromedriver starts a Chromium session")
}

/// What the page shows, read from the DOM (only what is displayed).
#[derive(Debug, Clone, PartialEq)]
struct Visible {
    view: String,
    search: String,
    summary: String,
    total: Option<u64>,
    ids: Vec<String>,
    /// facet → value → shown count
    facets: BTreeMap<String, BTreeMap<String, u64>>,
    bars: Vec<(String, u64)>,
    doc_title: String,
    similar: Vec<String>,
}

const READ_PAGE: &str = r#"
const shown = (el) => el && el.offsetParent !== null;
const rows = {};
for (const row of document.querySelectorAll('li.facet-row[data-facet][data-value]')) {
  if (!shown(row)) continue;
  const count = row.querySelector(':scope > label > .facet-count');
  (rows[row.dataset.facet] = rows[row.dataset.facet] || {})[row.dataset.value] = Number(count ? count.textContent.replace(/,/g, '') : -1);
}
const summary = document.getElementById('summary');
const doc = document.getElementById('doc-view');
return {
  view: document.body.dataset.view || '',
  search: location.search,
  summary: shown(summary) ? summary.textContent : '',
  total: shown(summary) && summary.dataset.total ? Number(summary.dataset.total) : null,
  ids: [...document.querySelectorAll('#results li.result')].filter(shown).map((li) => li.dataset.id),
  facets: rows,
  bars: [...document.querySelectorAll('#chart-bars .bar')].filter(shown).map((b) => [b.dataset.month, Number(b.dataset.count)]),
  doc_title: shown(doc) && doc.querySelector('h1') ? doc.querySelector('h1').textContent : '',
  similar: shown(doc) ? [...doc.querySelectorAll('.similar-item')].map((li) => li.dataset.id) : [],
};
"#;

async fn read_page(client: &Client) -> Visible {
    let value = client
        .execute(READ_PAGE, vec![])
        .await
        .expect("the page can be read");
    let strings = |v: &Value| -> Vec<String> {
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut facets = BTreeMap::new();
    if let Some(object) = value["facets"].as_object() {
        for (field, values) in object {
            let counts = values
                .as_object()
                .map(|o| {
                    o.iter()
                        .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(u64::MAX)))
                        .collect()
                })
                .unwrap_or_default();
            facets.insert(field.clone(), counts);
        }
    }
    Visible {
        view: value["view"].as_str().unwrap_or_default().to_string(),
        search: value["search"].as_str().unwrap_or_default().to_string(),
        summary: value["summary"].as_str().unwrap_or_default().to_string(),
        total: value["total"].as_u64(),
        ids: strings(&value["ids"]),
        facets,
        bars: value["bars"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|b| Some((b[0].as_str()?.to_string(), b[1].as_u64()?)))
                    .collect()
            })
            .unwrap_or_default(),
        doc_title: value["doc_title"].as_str().unwrap_or_default().to_string(),
        similar: strings(&value["similar"]),
    }
}

/// How many renders the page has finished.
async fn renders(client: &Client) -> u64 {
    client
        .execute(
            "return [Number(document.body.dataset.renders || 0), document.body.dataset.busy];",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| {
            (v[1].as_str() == Some("false"))
                .then(|| v[0].as_u64())
                .flatten()
        })
        .unwrap_or(0)
}

/// Waits until the page has finished a render after `before`.
async fn settled(client: &Client, before: u64) -> Visible {
    let started = Instant::now();
    loop {
        if renders(client).await > before {
            return read_page(client).await;
        }
        assert!(
            started.elapsed() < WAIT,
            "the page did not finish rendering"
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

/// Waits for a JavaScript condition to hold.
async fn wait_for(client: &Client, condition: &str, what: &str) {
    let started = Instant::now();
    let script = format!("return Boolean({condition});");
    while client.execute(&script, vec![]).await.ok() != Some(Value::Bool(true)) {
        assert!(started.elapsed() < WAIT, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
}

fn css_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

async fn click(client: &Client, selector: &str) {
    client
        .find(Locator::Css(selector))
        .await
        .unwrap_or_else(|err| panic!("no element {selector}: {err}"))
        .click()
        .await
        .unwrap_or_else(|err| panic!("cannot click {selector}: {err}"));
}

/// Clicks an element and waits for the render it starts.
async fn click_and_settle(client: &Client, selector: &str) -> Visible {
    let before = renders(client).await;
    click(client, selector).await;
    settled(client, before).await
}

/// Ticks a facet checkbox and waits for the new answer.
async fn tick(client: &Client, field: &str, value: &str) -> Visible {
    let selector = format!(
        "input[data-facet={}][data-value={}]",
        css_string(field),
        css_string(value)
    );
    click_and_settle(client, &selector).await
}

/// The page shows the library's total and hits, in order.
fn assert_shows(page: &Visible, answer: &SearchResponse) {
    assert_eq!(page.total, Some(answer.total as u64), "{page:?}");
    assert_eq!(page.ids, ids_of(answer), "{page:?}");
}

fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    let dir = target.join("e2e");
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    dir
}

async fn screenshot(client: &Client, name: &str) {
    let png = client.screenshot().await.expect("a screenshot");
    std::fs::write(screenshot_dir().join(name), png).expect("write screenshot");
}

fn ids_of(response: &SearchResponse) -> Vec<String> {
    response.hits.iter().map(|h| h.id.clone()).collect()
}

fn counts(response: &SearchResponse, field: &str) -> BTreeMap<String, u64> {
    response
        .facets
        .as_ref()
        .and_then(|f| f.get(field))
        .map(|list| list.iter().map(|c| (c.value.clone(), c.count)).collect())
        .unwrap_or_default()
}

/// The library's answer for the page's search.
fn library(
    engine: &Engine,
    country: &[&str],
    city: &[&str],
    month: Option<&str>,
) -> SearchResponse {
    let mut request = SearchRequest::new(QUERY);
    request.limit = PER_PAGE;
    request.filters.country = country.iter().map(|s| s.to_string()).collect();
    request.filters.city = city.iter().map(|s| s.to_string()).collect();
    if let Some(month) = month {
        let start =
            chrono::NaiveDate::parse_from_str(&format!("{month}-01"), "%Y-%m-%d").expect("a month");
        let end = start
            .checked_add_months(chrono::Months::new(1))
            .and_then(|d| d.pred_opt())
            .expect("a month's last day");
        request.filters.from = Some(start);
        request.filters.to = Some(end);
    }
    engine.search(&request).expect("the library answers")
}

/// Every month from the first to the last counted, gaps as zero, as the chart draws them.
fn expected_bars(response: &SearchResponse) -> Vec<(String, u64)> {
    let months = counts(response, "month");
    let (Some(first), Some(last)) = (months.keys().next(), months.keys().next_back()) else {
        return Vec::new();
    };
    let mut day =
        chrono::NaiveDate::parse_from_str(&format!("{first}-01"), "%Y-%m-%d").expect("month");
    let mut bars = Vec::new();
    loop {
        let key = day.format("%Y-%m").to_string();
        bars.push((key.clone(), months.get(&key).copied().unwrap_or(0)));
        if &key == last {
            return bars;
        }
        day = day
            .checked_add_months(chrono::Months::new(1))
            .expect("next month");
    }
}

/// Runs `steps` on the page in headless Chromium, against a server on an
/// index of the shipped bulletin, and closes the browser however they end.
async fn in_browser<F, Fut>(steps: F)
where
    F: FnOnce(Client, Arc<Engine>, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    in_browser_with(&[], steps).await;
}

/// [`in_browser`] on an index of the shipped bulletin and of the bulletin
/// files `extra` (name, text) the test writes beside it.
async fn in_browser_with<F, Fut>(extra: &[(&str, &str)], steps: F)
where
    F: FnOnce(Client, Arc<Engine>, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    in_browser_started(extra, &[], steps).await;
}

/// [`in_browser_with`], Chromium started with `args` as well.
async fn in_browser_started<F, Fut>(extra: &[(&str, &str)], args: &[&str], steps: F)
where
    F: FnOnce(Client, Arc<Engine>, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    // The server, on an index of the shipped bulletin (and the extra files).
    let workspace = Workspace::new();
    for (name, text) in extra {
        std::fs::write(workspace.corpus().join(name), text).expect("an extra bulletin");
    }
    in_browser_on(workspace, args, steps).await;
}

/// Runs `steps` as [`in_browser`] does, against a server on the index of
/// `workspace`, which the steps may update (with its
/// [`Workspace::options`], taken beforehand).
async fn in_browser_on<F, Fut>(workspace: Workspace, args: &[&str], steps: F)
where
    F: FnOnce(Client, Arc<Engine>, String) -> Fut,
    Fut: std::future::Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let chromedriver = find_program("CHROMEDRIVER", &["chromedriver"]);
    let chromium = find_program(
        "CHROME",
        &["chromium", "chromium-browser", "google-chrome", "chrome"],
    );
    let (Some(chromedriver), Some(chromium)) = (chromedriver, chromium) else {
        if std::env::var("BULLETIN_SKIP_BROWSER").is_ok_and(|v| v == "1") {
            eprintln!(
                "skipped: chromium or chromedriver is not installed (BULLETIN_SKIP_BROWSER=1)"
            );
            return;
        }
        panic!(
            "the browser test needs Chromium and chromedriver: `apt-get install -y chromium chromium-driver` \
             (or set CHROME and CHROMEDRIVER to their paths); set BULLETIN_SKIP_BROWSER=1 to skip it"
        );
    };
    let engine = Arc::new(workspace.engine());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    let app = bulletin::web::router(engine.clone());
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let driver = start_chromedriver(&chromedriver).await;
    let profile = tempfile::tempdir().expect("profile folder");
    let client = connect_browser(&driver, &chromium, profile.path(), args).await;
    // The steps run in their own task so that a failed assertion still closes the browser.
    let outcome = tokio::spawn(steps(client.clone(), engine.clone(), base)).await;
    let _ = client.close().await;
    server.abort();
    drop(driver);
    eprintln!("browser test took {:.1} s", started.elapsed().as_secs_f64());
    if let Err(failure) = outcome {
        match failure.try_into_panic() {
            Ok(panic) => std::panic::resume_unwind(panic),
            Err(err) => panic!("the browser steps did not finish: {err}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_page_drills_down_in_a_real_browser() {
    in_browser(|client, engine, base| async move { steps(&client, &engine, &base).await }).await;
}

async fn steps(client: &Client, engine: &Engine, base: &str) {
    client
        .goto(&format!("{base}/"))
        .await
        .expect("open the page");
    let first = settled(client, 0).await;
    let all = engine
        .search(&SearchRequest {
            limit: PER_PAGE,
            ..SearchRequest::new("")
        })
        .expect("search");
    assert_eq!(first.total, Some(all.total as u64), "{first:?}");
    assert_eq!(first.ids, ids_of(&all));

    // 1. Type a query: suggestions, the keyboard, then Enter.
    let q = client.find(Locator::Css("#q")).await.expect("search box");
    q.send_keys(QUERY).await.expect("type");
    wait_for(
        client,
        "!document.getElementById('suggestions').hidden && document.querySelectorAll('#suggestions li').length > 0",
        "suggestions",
    )
    .await;
    let suggested: Vec<String> = client
        .execute(
            "return [...document.querySelectorAll('#suggestions .suggestion-text')].map((s) => s.textContent);",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| serde_json::from_value(v).ok())
        .unwrap_or_default();
    let expected: Vec<String> = engine
        .suggest(QUERY, 8)
        .expect("suggest")
        .into_iter()
        .map(|s| s.text)
        .collect();
    assert_eq!(suggested, expected, "suggestions");
    q.send_keys(&Key::Down).await.expect("arrow down");
    wait_for(
        client,
        "document.getElementById('q').getAttribute('aria-activedescendant') === 'suggestion-0'",
        "the first suggestion to be active",
    )
    .await;
    q.send_keys(&Key::Escape).await.expect("escape");
    wait_for(
        client,
        "document.getElementById('suggestions').hidden",
        "suggestions to close",
    )
    .await;
    let before = renders(client).await;
    q.send_keys(&Key::Enter).await.expect("enter");
    let page = settled(client, before).await;
    let answer = library(engine, &[], &[], None);
    assert!(
        page.search.contains(&format!("q={QUERY}")),
        "{}",
        page.search
    );
    assert_eq!(page.total, Some(answer.total as u64));
    assert!(
        page.summary.contains(&answer.total.to_string()),
        "{}",
        page.summary
    );
    assert_eq!(page.ids, ids_of(&answer));
    assert_eq!(
        page.facets.get("country"),
        Some(&counts(&answer, "country"))
    );
    assert_eq!(
        page.facets.get("programme").map(|p| p.len()),
        Some(counts(&answer, "programme").len().min(8))
    );
    assert_eq!(page.bars, expected_bars(&answer));
    screenshot(client, "01-query.png").await;

    // Which country, city and month to pick: the first whose month narrows the results.
    let tree = engine
        .facet(FacetField::Country, &SearchRequest::new(""))
        .expect("the country tree");
    let city_country: BTreeMap<String, String> = tree
        .iter()
        .flat_map(|c| {
            c.children
                .iter()
                .map(move |city| (city.value.clone(), c.value.clone()))
        })
        .collect();
    let mut choice = None;
    'search: for country in answer
        .facets
        .as_ref()
        .and_then(|f| f.get("country"))
        .into_iter()
        .flatten()
    {
        let with_country = library(engine, &[&country.value], &[], None);
        for (city, _) in counts(&with_country, "city") {
            if city_country.get(&city) != Some(&country.value) {
                continue;
            }
            let with_city = library(engine, &[&country.value], &[&city], None);
            for (month, count) in counts(&with_city, "month") {
                if count > 0 && (count as usize) < with_city.total {
                    choice = Some((country.value.clone(), city, month));
                    break 'search;
                }
            }
        }
    }
    let (country, city, month) = choice.expect("a country, city and month that narrow the search");

    // 2. Tick the country: it opens to its cities.
    let page = tick(client, "country", &country).await;
    let answer = library(engine, &[&country], &[], None);
    assert_shows(&page, &answer);
    let own_cities: BTreeMap<String, u64> = counts(&answer, "city")
        .into_iter()
        .filter(|(c, _)| city_country.get(c) == Some(&country))
        .collect();
    assert!(!own_cities.is_empty());
    assert_eq!(
        page.facets.get("city"),
        Some(&own_cities),
        "the cities of {country}"
    );
    assert_eq!(
        page.facets.get("country"),
        Some(&counts(&answer, "country"))
    );
    screenshot(client, "02-country.png").await;

    // 3. Tick one of its cities.
    let page = tick(client, "city", &city).await;
    let answer = library(engine, &[&country], &[&city], None);
    assert!(page.search.contains("city="), "{}", page.search);
    assert_shows(&page, &answer);
    assert_eq!(page.bars, expected_bars(&answer));
    screenshot(client, "03-city.png").await;

    // 4. Click a month bar: from/to span that month.
    let page = click_and_settle(
        client,
        &format!("#chart-bars .bar[data-month={}]", css_string(&month)),
    )
    .await;
    let answer = library(engine, &[&country], &[&city], Some(&month));
    assert!(
        page.search.contains(&format!("from={month}-01")),
        "{}",
        page.search
    );
    assert_shows(&page, &answer);
    assert!(page.ids.len() < library(engine, &[&country], &[&city], None).hits.len());
    screenshot(client, "04-month.png").await;
    let results = page;

    // 5. Open the first result: the record and its similar activities.
    let id = results.ids[0].clone();
    let page = click_and_settle(client, &format!("#results a[data-doc={}]", css_string(&id))).await;
    let record = engine.show(&id).expect("show");
    assert_eq!(page.view, "doc");
    assert!(
        page.search.contains(&format!("doc={id}")),
        "{}",
        page.search
    );
    assert_eq!(page.doc_title, record.title);
    assert_eq!(
        page.similar.len(),
        engine.similar(&id, 5).expect("similar").len()
    );
    assert!(!page.similar.contains(&id));
    screenshot(client, "05-doc.png").await;

    // 6. Back: the same results as before.
    let before = renders(client).await;
    client.back().await.expect("back");
    let page = settled(client, before).await;
    assert_eq!(page.view, "results");
    assert_eq!(page.search, results.search);
    assert_eq!(page.total, results.total);
    assert_eq!(page.ids, results.ids);
    screenshot(client, "06-back.png").await;

    // The README's picture: a search with a country ticked, opened from a link.
    if std::env::var("BULLETIN_UPDATE_SCREENSHOT").is_ok_and(|v| v == "1") {
        client.set_window_size(1280, 1040).await.expect("resize");
        client
            .goto(&format!("{base}/?q={QUERY}&country=Montenegro"))
            .await
            .expect("open the link");
        let page = settled(client, 0).await;
        assert_eq!(
            page.total,
            Some(library(engine, &["Montenegro"], &[], None).total as u64)
        );
        let png = client.screenshot().await.expect("a screenshot");
        let docs = root().join("docs");
        std::fs::create_dir_all(&docs).expect("docs folder");
        std::fs::write(docs.join("screenshot.png"), png).expect("write docs/screenshot.png");
    }

    // A shared link opens the same search; at a phone's width nothing overflows.
    client.set_window_size(390, 844).await.expect("resize");
    client
        .goto(&format!("{base}/{}", results.search))
        .await
        .expect("open the link");
    let page = settled(client, 0).await;
    assert_eq!(page.ids, results.ids);
    assert_eq!(
        overflow(client).await,
        Some(0),
        "the page is wider than a phone"
    );
    screenshot(client, "07-phone.png").await;

    keyboard_and_errors(client, engine, base).await;
}

/// How many pixels the page is wider than the window.
async fn overflow(client: &Client) -> Option<i64> {
    client
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
            vec![],
        )
        .await
        .expect("measure")
        .as_i64()
}

/// The id of the focused element.
async fn focused(client: &Client) -> String {
    client
        .execute(
            "return document.activeElement ? document.activeElement.id : '';",
            vec![],
        )
        .await
        .ok()
        .and_then(|v| v.as_str().map(String::from))
        .unwrap_or_default()
}

/// Opens a link of the page and waits for its first render.
async fn open(client: &Client, base: &str, search: &str) -> Visible {
    client
        .goto(&format!("{base}/{search}"))
        .await
        .expect("open the link");
    settled(client, 0).await
}

/// Keyboard use, long words, and answers that are errors.
async fn keyboard_and_errors(client: &Client, engine: &Engine, base: &str) {
    // A word longer than a phone is wide wraps instead of widening the page.
    let long = "a".repeat(1000);
    open(client, base, &format!("?q={long}")).await;
    assert_eq!(
        overflow(client).await,
        Some(0),
        "a long word widens the page"
    );

    // On a phone, the filter rows are a finger's height, and the open panel
    // ends with the count a ticked filter leaves, which leads to the results.
    open(client, base, "?q=firearms").await;
    click(client, "#filters-toggle").await;
    let lowest = client
        .execute(
            "return Math.min(...[...document.querySelectorAll('#facets .facet-row label')].map((l) => l.getBoundingClientRect().height));",
            vec![],
        )
        .await
        .expect("measure")
        .as_f64();
    assert!(lowest.is_some_and(|h| h >= 44.0), "rows of {lowest:?} px");
    let page = click_and_settle(client, "#facets input[data-facet=country]").await;
    let total = page.total.expect("a count");
    let done = client
        .execute(
            "const b = document.querySelector('#facets .facets-done'); return [b.textContent, b.getBoundingClientRect().height > 0];",
            vec![],
        )
        .await
        .expect("read");
    let noun = if total == 1 { "activity" } else { "activities" };
    assert_eq!(
        done,
        serde_json::json!([format!("Show {total} {noun}"), true])
    );
    click(client, "#facets .facets-done").await;
    assert_eq!(focused(client).await, "summary");
    let open_panel = client
        .execute(
            "return document.querySelector('#facets').classList.contains('open');",
            vec![],
        )
        .await
        .expect("read");
    assert_eq!(open_panel, serde_json::json!(false));
    client.set_window_size(1280, 1040).await.expect("resize");
    let hidden = client
        .execute(
            "return document.querySelector('#facets .facets-done').getBoundingClientRect().height;",
            vec![],
        )
        .await
        .expect("read");
    assert_eq!(
        hidden,
        serde_json::json!(0),
        "the button shows on a wide screen"
    );

    // A typed date is searched on Enter, and the field keeps the focus.
    open(client, base, "?q=firearms").await;
    let from = client
        .find(Locator::Css("#from"))
        .await
        .expect("from field");
    from.send_keys(&format!("03152022{}", Key::Enter))
        .await
        .expect("type a date");
    wait_for(
        client,
        "location.search.includes('from=2022-03-15') && document.body.dataset.busy === 'false'",
        "the typed date",
    )
    .await;
    let search = read_page(client).await.search;
    assert_eq!(search, "?q=firearms&from=2022-03-15", "{search}");
    assert_eq!(focused(client).await, "from");

    // The next page, a removed filter: the focus goes to the count of results.
    let page = open(client, base, "").await;
    assert!(page.total.unwrap_or(0) > PER_PAGE as u64);
    let page = click_and_settle(client, "#pager a[rel=next]").await;
    assert_eq!(page.search, "?page=2");
    assert_eq!(focused(client).await, "summary");
    // The CSV link exports the whole search, not the page shown.
    let csv = client
        .execute(
            "return document.getElementById('csv-link').getAttribute('href');",
            vec![],
        )
        .await
        .expect("read");
    assert_eq!(csv, serde_json::json!("/export.csv"));
    open(client, base, "?country=Montenegro").await;
    click_and_settle(client, "#active-filters .filter-chip").await;
    assert_eq!(focused(client).await, "summary");

    // A corrected typo: the count names the words whose hits are shown.
    let corrected = engine
        .search(&SearchRequest::new("firarms"))
        .expect("search")
        .corrected
        .expect("a correction");
    let page = open(client, base, "?q=firarms").await;
    assert!(page.summary.contains(&format!("“{corrected}”")), "{page:?}");

    // Unticking a country drops its cities, which would keep its results.
    open(client, base, "?country=Montenegro&city=Podgorica").await;
    let page = tick(client, "country", "Montenegro").await;
    assert_eq!(page.search, "", "{page:?}");

    // "Back to results" from an activity reached through "similar".
    let results = open(client, base, "?q=firearms").await;
    click_and_settle(client, "#results li.result h2 a").await;
    let page = click_and_settle(client, ".similar-item a").await;
    assert_eq!(page.view, "doc");
    let page = click_and_settle(client, "#doc-view .back").await;
    assert_eq!(page.view, "results");
    assert_eq!(page.ids, results.ids);

    // A month ticked in the panel shows on the chart; its bar clicked again
    // shows all months.
    open(client, base, "?month=2022-02").await;
    let pressed = client
        .execute(
            "return [...document.querySelectorAll('#chart-bars .bar[aria-pressed=true]')].map((b) => b.dataset.month);",
            vec![],
        )
        .await
        .expect("read");
    assert_eq!(pressed, serde_json::json!(["2022-02"]));
    let page = click_and_settle(client, "#chart-bars .bar[data-month='2022-02']").await;
    assert_eq!(page.search, "");

    // A shared link's lenient value takes the index's spelling: its row is
    // ticked and the address bar holds it.
    // An acronym takes the name it stands for.
    let page = open(client, base, "?country=north+macedonia&programme=ccp").await;
    assert_eq!(
        page.search,
        "?country=North+Macedonia&programme=Container+Control+Programme"
    );
    let ticked = client
        .execute(
            "return [...document.querySelectorAll('input[data-facet]:checked')].map((i) => i.dataset.value);",
            vec![],
        )
        .await
        .expect("read");
    assert_eq!(
        ticked,
        serde_json::json!(["North Macedonia", "Container Control Programme"])
    );

    // "Show all" opens the panel from the answer at hand, keeping the focus.
    open(client, base, "").await;
    let before = renders(client).await;
    click(client, "[data-panel=programme] .facet-more").await;
    wait_for(
        client,
        "document.activeElement.classList.contains('facet-more') && document.activeElement.getAttribute('aria-expanded') === 'true'",
        "the opened panel",
    )
    .await;
    assert_eq!(renders(client).await, before, "no new search");

    // A link the server refuses keeps its filters on show, each removable,
    // and offers to try again.
    let page = open(client, base, "?q=firearms&from=2022-03-31&to=2022-03-01").await;
    assert_eq!(page.summary, "Something went wrong");
    let shown = client
        .execute(
            "return [document.querySelectorAll('#active-filters .filter-chip').length, document.querySelectorAll('.notice.error .retry').length];",
            vec![],
        )
        .await
        .expect("read");
    assert_eq!(shown, serde_json::json!([1, 1]), "{page:?}");
    let page = click_and_settle(client, "#active-filters .filter-chip").await;
    assert_eq!(page.search, "?q=firearms");
    assert!(page.total.is_some(), "{page:?}");
}

/// The values of the From and To fields.
async fn date_fields(client: &Client) -> Value {
    client
        .execute(
            "return [document.getElementById('from').value, document.getElementById('to').value];",
            vec![],
        )
        .await
        .expect("read the date fields")
}

/// Types into whatever has the focus, key by key, as a keyboard does (an
/// element's send_keys would focus it first, which puts a date field's
/// cursor back on its first part).
async fn type_keys(client: &Client, keys: &str) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let mut actions = KeyActions::new("keyboard".to_string());
    for value in keys.chars() {
        actions = actions
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
    }
    client.perform_actions(actions).await.expect("type");
}

/// Presses Tab until the focus leaves the field `id` (a date field takes a
/// Tab for each of its parts after the cursor), at most four times.
async fn tab_out_of(client: &Client, id: &str) {
    for _ in 0..4 {
        if focused(client).await != id {
            return;
        }
        type_keys(client, &Key::Tab.to_string()).await;
    }
}

/// Puts the focus on an element, as a click or Tab would.
async fn focus(client: &Client, id: &str) {
    client
        .execute(
            &format!("document.getElementById({}).focus();", css_string(id)),
            vec![],
        )
        .await
        .expect("focus");
}

/// A date typed from the keyboard is searched once its field is left (or
/// Enter pressed), not at each digit that happens to make a valid date; the
/// field being typed in is neither redrawn nor refocused, so Tab goes on to
/// the next field and the fields always show what is searched.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_date_is_searched_once_its_field_is_finished() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        open(client, &base, "?q=training").await;
        let before = renders(client).await;
        focus(client, "from").await;
        type_keys(client, "03202022").await;
        // Any search the typing started has finished before the next key:
        // there is none while the field is being typed in.
        wait_for(
            client,
            "document.body.dataset.busy === 'false'",
            "an idle page",
        )
        .await;
        assert_eq!(
            read_page(client).await.search,
            "?q=training",
            "searched while typing"
        );
        assert_eq!(renders(client).await, before);
        assert_eq!(focused(client).await, "from");
        // Tab leaves From for To, and From is searched.
        tab_out_of(client, "from").await;
        let page = settled(client, before).await;
        assert_eq!(page.search, "?q=training&from=2022-03-20");
        assert_eq!(
            renders(client).await,
            before + 1,
            "one search, once From was left"
        );
        assert_eq!(focused(client).await, "to");
        type_keys(client, &format!("03252022{}", Key::Enter)).await;
        let page = settled(client, before + 1).await;
        assert_eq!(page.search, "?q=training&from=2022-03-20&to=2022-03-25");
        assert_eq!(renders(client).await, before + 2);
        assert_eq!(
            date_fields(client).await,
            json!(["2022-03-20", "2022-03-25"])
        );
        let mut request = SearchRequest::new("training");
        request.limit = PER_PAGE;
        request.filters.from = chrono::NaiveDate::from_ymd_opt(2022, 3, 20);
        request.filters.to = chrono::NaiveDate::from_ymd_opt(2022, 3, 25);
        assert_shows(&page, &engine.search(&request).expect("search"));

        // Editing the day of a date: "2" then "8" is 28, not the 2nd and then a month.
        let page = open(client, &base, "?q=training&from=2022-03-20&to=2022-03-25").await;
        let before = renders(client).await;
        focus(client, "from").await;
        type_keys(client, &format!("{}28{}", Key::Tab, Key::Enter)).await;
        // The 28th is after To: said so, and nothing searched.
        wait_for(
            client,
            "document.querySelector('[data-panel=dates] [role=alert]').textContent !== ''",
            "the note on the range",
        )
        .await;
        assert_eq!(read_page(client).await.search, page.search);
        assert_eq!(
            date_fields(client).await,
            json!(["2022-03-28", "2022-03-25"])
        );
        assert_eq!(focused(client).await, "from");
        // A later To makes the range whole: both fields are searched.
        tab_out_of(client, "from").await;
        type_keys(client, &format!("03312022{}", Key::Enter)).await;
        let page = settled(client, before).await;
        assert_eq!(page.search, "?q=training&from=2022-03-28&to=2022-03-31");
        assert_eq!(
            date_fields(client).await,
            json!(["2022-03-28", "2022-03-31"])
        );
    })
    .await;
}

/// A programme or SDG chip, on a result card or in the activity view, and
/// "Back to results" leave the focus on the count of results, as removing a
/// filter does, not on the page's body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chips_and_back_to_results_leave_the_focus_on_the_count() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?q=firearms").await;
        let page = click_and_settle(client, "#results li.result .chip").await;
        assert_eq!(page.view, "results");
        assert!(
            page.search.contains("programme=") || page.search.contains("sdg="),
            "{page:?}"
        );
        assert_eq!(focused(client).await, "summary", "after a result's chip");

        open(client, &base, "?q=firearms").await;
        click_and_settle(client, "#results li.result h2 a").await;
        let page = click_and_settle(client, "#doc-view .chip").await;
        assert_eq!(page.view, "results");
        assert_eq!(focused(client).await, "summary", "after an activity's chip");

        let results = open(client, &base, "?q=firearms").await;
        click_and_settle(client, "#results li.result h2 a").await;
        let page = click_and_settle(client, "#doc-view .back").await;
        assert_eq!(page.view, "results");
        assert_eq!(page.search, results.search);
        assert_eq!(focused(client).await, "summary", "after Back to results");
    })
    .await;
}

/// On a phone, "Show N activities" scrolls to the count of results and the
/// filter chips below the sticky header, not under it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn show_activities_on_a_phone_lands_below_the_header() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        client.set_window_size(390, 844).await.expect("resize");
        open(client, &base, "?q=firearms").await;
        click(client, "#filters-toggle").await;
        click_and_settle(client, "#facets input[data-facet=country]").await;
        click(client, "#facets .facets-done").await;
        assert_eq!(focused(client).await, "summary");
        let places = client
            .execute(
                "const top = (s) => document.querySelector(s).getBoundingClientRect(); \
                 return [top('header.top').bottom, top('#summary').top, top('#active-filters').top, \
                         top('#active-filters').bottom, window.innerHeight, window.scrollY];",
                vec![],
            )
            .await
            .expect("measure");
        let at = |i: usize| places[i].as_f64().expect("a number");
        let (header_bottom, summary_top, chips_top, chips_bottom, height, scrolled) =
            (at(0), at(1), at(2), at(3), at(4), at(5));
        assert!(scrolled > 0.0, "the page scrolled to the results: {places}");
        assert!(summary_top >= header_bottom, "the count is under the header: {places}");
        assert!(chips_top >= header_bottom, "the chips are under the header: {places}");
        assert!(chips_bottom <= height, "the chips are below the window: {places}");
    })
    .await;
}

/// The pager's links: (text, page) pairs.
async fn pager_links(client: &Client) -> Value {
    client
        .execute(
            "return [...document.querySelectorAll('#pager a')].map((a) => [a.textContent, Number(a.dataset.page)]);",
            vec![],
        )
        .await
        .expect("read the pager")
}

/// A page past the last one offers page 1 and the last page, and never
/// reads "Page N of M" with N past M.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_past_the_end_leads_back() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        for query in ["training", ""] {
            let mut request = SearchRequest::new(query);
            request.limit = PER_PAGE;
            let answer = engine.search(&request).expect("search");
            let last = answer.total.div_ceil(PER_PAGE).max(1);
            let link = if query.is_empty() {
                "?page=99".to_string()
            } else {
                format!("?q={query}&page=99")
            };
            assert!(last < 99);
            open(client, &base, &link).await;
            let pager = client
                .execute(
                    "return document.getElementById('pager').textContent;",
                    vec![],
                )
                .await
                .expect("read");
            assert!(
                !pager.as_str().unwrap_or_default().contains("Page 99"),
                "{pager}"
            );
            let mut expected = vec![json!(["Go to page 1", 1])];
            if last > 1 {
                expected.push(json!([format!("Go to the last page ({last})"), last]));
            }
            assert_eq!(pager_links(client).await, Value::Array(expected), "{link}");
            let page = click_and_settle(client, "#pager a[data-page='1']").await;
            assert_eq!(page.ids, ids_of(&answer), "{link}");
            assert_eq!(focused(client).await, "summary");
        }
    })
    .await;
}

/// A search whose filters leave nothing offers to remove each filter, or
/// all of them, from the empty results.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn empty_results_offer_to_remove_the_filters() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let search = |country: Option<&str>, from: Option<chrono::NaiveDate>| {
            let mut request = SearchRequest::new("firearms");
            request.limit = PER_PAGE;
            request.filters.country = country.into_iter().map(String::from).collect();
            request.filters.from = from;
            engine.search(&request).expect("search")
        };
        let later = chrono::NaiveDate::from_ymd_opt(2030, 1, 1);
        assert_eq!(search(Some("Montenegro"), later).total, 0);
        let link = "?q=firearms&country=Montenegro&from=2030-01-01";
        let page = open(client, &base, link).await;
        assert_eq!(page.total, Some(0));
        let ways = client
            .execute(
                "return [...document.querySelectorAll('#results .empty-state button')].map((b) => b.textContent);",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(
            ways,
            json!(["Remove Country: Montenegro", "Remove Dates: from 2030-01-01", "Remove all filters"])
        );
        let page = click_and_settle(client, "#results .empty-state button[data-filter=dates]").await;
        assert_eq!(page.search, "?q=firearms&country=Montenegro");
        assert_shows(&page, &search(Some("Montenegro"), None));
        assert_eq!(focused(client).await, "summary");

        open(client, &base, link).await;
        let page = click_and_settle(client, "#results .empty-state button[data-filter=all]").await;
        assert_eq!(page.search, "?q=firearms");
        assert_shows(&page, &search(None, None));
    })
    .await;
}

/// When no activity holds every word, the count says the hits hold some of
/// them, rather than that they match the whole query.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_count_of_an_any_word_answer_says_so() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let answer = engine
            .search(&SearchRequest::new("firearms xyzzy"))
            .expect("search");
        assert!(answer.fallback && answer.total > 0, "{answer:?}");
        let page = open(client, &base, "?q=firearms+xyzzy").await;
        let noun = if answer.total == 1 {
            "activity holds"
        } else {
            "activities hold"
        };
        assert!(
            page.summary.starts_with(&format!(
                "{} {noun} some of the words of “firearms xyzzy”",
                answer.total
            )),
            "{page:?}"
        );
        // A query whose every word is found keeps "match".
        let answer = engine
            .search(&SearchRequest::new("firearms"))
            .expect("search");
        assert!(!answer.fallback);
        let page = open(client, &base, "?q=firearms").await;
        assert!(page.summary.contains("match"), "{page:?}");
    })
    .await;
}

/// A link with parameters the page cannot read says which, instead of
/// silently leaving them out; the notice goes with the next search.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_the_page_cannot_read_is_named() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let page = open(client, &base, "?contry=Montenegro&q=firearms&sort=best&page=abc").await;
        assert_eq!(page.search, "?q=firearms");
        let mut request = SearchRequest::new("firearms");
        request.limit = PER_PAGE;
        assert_shows(&page, &engine.search(&request).expect("search"));
        let notice = |client: &Client| {
            let client = client.clone();
            async move {
                client
                    .execute(
                        "const n = document.querySelector('#notices [data-notice=link]'); return n ? n.textContent : '';",
                        vec![],
                    )
                    .await
                    .expect("read")
            }
        };
        let text = notice(client).await;
        let text = text.as_str().unwrap_or_default();
        for part in ["“contry=Montenegro”", "“sort=best”", "“page=abc”"] {
            assert!(text.contains(part), "{part} in {text:?}");
        }
        let page = click_and_settle(client, "#results li.result .chip").await;
        assert!(page.search.starts_with("?q=firearms&"), "{page:?}");
        assert_eq!(notice(client).await, json!(""));
    })
    .await;
}

/// A search that fails keeps no counts of the search before it in the
/// filter panels: they show only the filters asked for, without counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_search_shows_no_stale_counts() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?q=firearms").await;
        let counts = "return [...document.querySelectorAll('#facets .facet-count')] \
             .filter((c) => c.offsetParent !== null && getComputedStyle(c).visibility === 'visible').length;";
        let shown = client.execute(counts, vec![]).await.expect("read");
        assert!(shown.as_u64().is_some_and(|n| n > 0), "{shown}");
        // The next search fails (the server refuses a range that runs backwards).
        let before = renders(client).await;
        client
            .execute(
                "history.pushState({}, '', '/?q=firearms&country=Montenegro&from=2022-03-31&to=2022-03-01'); \
                 window.dispatchEvent(new PopStateEvent('popstate'));",
                vec![],
            )
            .await
            .expect("navigate");
        let page = settled(client, before).await;
        assert_eq!(page.summary, "Something went wrong");
        assert_eq!(client.execute(counts, vec![]).await.expect("read"), json!(0));
        let ticked = client
            .execute(
                "return [...document.querySelectorAll('#facets input[type=checkbox]:checked')].map((i) => i.dataset.value);",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(ticked, json!(["Montenegro"]));
        let note = client
            .execute("return document.querySelector('#facets .facets-stale') !== null;", vec![])
            .await
            .expect("read");
        assert_eq!(note, json!(true));
    })
    .await;
}

/// The contrast ratio of two `#rrggbb` colours, as WCAG 2 defines it.
fn contrast(a: &str, b: &str) -> f64 {
    let luminance = |hex: &str| {
        let hex = hex.trim().trim_start_matches('#');
        let channel = |at: usize| {
            let c =
                f64::from(u8::from_str_radix(&hex[at..at + 2], 16).expect("a hex colour")) / 255.0;
            if c <= 0.03928 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The faint text colour meets WCAG AA (4.5:1) on the page's background and
/// on white; on a phone, the chips of a result and the chips that remove a
/// filter are targets a finger can hit, 44 px tall.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faint_text_is_readable_and_chips_are_a_fingers_height() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?q=firearms&country=Montenegro").await;
        let colours = client
            .execute(
                "const s = getComputedStyle(document.documentElement); \
                 return ['--faint', '--bg', '--surface'].map((v) => s.getPropertyValue(v).trim());",
                vec![],
            )
            .await
            .expect("read the colours");
        let colour = |i: usize| colours[i].as_str().expect("a colour").to_string();
        for background in [colour(1), colour(2)] {
            let ratio = contrast(&colour(0), &background);
            assert!(ratio >= 4.5, "{} on {background}: {ratio:.2}:1", colour(0));
        }

        client.set_window_size(390, 844).await.expect("resize");
        open(client, &base, "?q=firearms&country=Montenegro").await;
        let lowest = |selector: &str| {
            let script = format!(
                "return Math.min(...[...document.querySelectorAll({})].map((b) => b.getBoundingClientRect().height));",
                css_string(selector)
            );
            let client = client.clone();
            async move { client.execute(&script, vec![]).await.expect("measure").as_f64() }
        };
        for selector in ["#results .chip", "#active-filters .filter-chip"] {
            let height = lowest(selector).await;
            assert!(height.is_some_and(|h| h >= 44.0), "{selector}: {height:?} px");
        }
    })
    .await;
}

/// A result card says `(year inferred)` after the dates of a part whose
/// dateline left the year out, as the command line's table does: the year
/// was only in a tooltip, which a touch screen never shows and a screen
/// reader need not read. Every card of a search of the shipped bulletin
/// and a bulletin without years is marked exactly when the library's hit
/// has such a part, and as often as the table's lines are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_card_marks_an_inferred_year_as_the_table_does() {
    let undated = "Workshop on port security in Tirana\n\
                   4 April, Tirana, Albania: A workshop on port security.\n";
    in_browser_with(&[("2022-04-news.txt", undated)], |client, engine, base| async move {
        let client = &client;
        let mut request = SearchRequest::new("UNODC OR port");
        request.limit = PER_PAGE;
        let answer = engine.search(&request).expect("search");
        let page = open(client, &base, "?q=UNODC+OR+port").await;
        let ids: Vec<&String> = answer.hits.iter().map(|h| &h.id).collect();
        assert_eq!(page.ids.iter().collect::<Vec<_>>(), ids);
        let shown = client
            .execute(
                "return [...document.querySelectorAll('#results li.result')].map((card) => [...card.querySelectorAll('.meta-event .meta-when')].map((w) => w.textContent));",
                vec![],
            )
            .await
            .expect("read");
        let mut marked = 0;
        for (hit, whens) in answer.hits.iter().zip(shown.as_array().expect("cards")) {
            let expected = bulletin::cli::render::part_lines(&hit.events)
                .iter()
                .filter(|(dates, _)| dates.contains("(year inferred)"))
                .count();
            let on_card = whens
                .as_array()
                .expect("lines")
                .iter()
                .filter(|w| w.as_str().is_some_and(|w| w.ends_with(" (year inferred)")))
                .count();
            assert_eq!(on_card, expected, "{}: {whens}", hit.id);
            marked += expected;
        }
        assert!(marked >= 2, "the shipped activity and the one without a year");
    })
    .await;
}

/// A result card shows an activity's parts as the command line's table
/// does: parts of the same dates on one line, and dates of the same places
/// on one line, each place named once. `3-5 and 10-12 June 2019, Skopje
/// and Ohrid` is four parts and one line; the shipped activity in
/// Podgorica and then in Skopje is two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_card_groups_the_parts_of_an_activity_as_the_table_does() {
    let visits = "UNODC visits border crossings twice\n\
                  3-5 and 10-12 June 2019, Skopje and Ohrid, North Macedonia: UNODC visited border crossings.\n";
    in_browser_with(&[("2019-06-visits.txt", visits)], |client, engine, base| async move {
        let client = &client;
        let mut checked = 0;
        for query in ["crossings", "electronic evidence"] {
            let answer = engine.search(&SearchRequest::new(query)).expect("search");
            let hit = answer.hits.first().expect("a hit");
            assert!(hit.events.len() > 1, "{query}: an activity of several parts");
            let lines = bulletin::cli::render::part_lines(&hit.events);
            let page = open(client, &base, &format!("?q={}", query.replace(' ', "+"))).await;
            assert_eq!(page.ids.first(), Some(&hit.id), "{query}");
            let shown = client
                .execute(
                    "return [...document.querySelector('#results li.result').querySelectorAll('.meta-event .meta-where')].map((w) => w.textContent);",
                    vec![],
                )
                .await
                .expect("read");
            let places: Vec<String> = lines.iter().map(|(_, places)| places.clone()).collect();
            assert_eq!(shown, json!(places), "{query}");
            checked += usize::from(hit.events.len() > lines.len());
        }
        assert!(checked > 0, "some parts share a line");
    })
    .await;
}

/// A link that opens the page on the search `q`.
fn q_link(q: &str) -> String {
    let mut link = String::from("?q=");
    for byte in q.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            link.push(byte as char);
        } else {
            link.push_str(&format!("%{byte:02X}"));
        }
    }
    link
}

/// The search box's query as the address bar holds it.
async fn address_q(client: &Client) -> String {
    client
        .execute(
            "return new URLSearchParams(location.search).get('q') || '';",
            vec![],
        )
        .await
        .expect("read")
        .as_str()
        .unwrap_or_default()
        .to_string()
}

/// The typed-filter chips shown: (field, text).
async fn typed_chips(client: &Client) -> Vec<(String, String)> {
    let value = client
        .execute(
            "return [...document.querySelectorAll('#active-filters .filter-chip[data-typed]')].map((c) => [c.dataset.filter, c.textContent]);",
            vec![],
        )
        .await
        .expect("read");
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| Some((c[0].as_str()?.to_string(), c[1].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

/// The facet checkboxes ticked: (field, value).
async fn ticked(client: &Client) -> Vec<(String, String)> {
    let value = client
        .execute(
            "return [...document.querySelectorAll('#facets input[data-facet][data-value]')].filter((i) => i.checked).map((i) => [i.dataset.facet, i.dataset.value]);",
            vec![],
        )
        .await
        .expect("read");
    value
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|c| Some((c[0].as_str()?.to_string(), c[1].as_str()?.to_string())))
                .collect()
        })
        .unwrap_or_default()
}

fn answer_for(engine: &Engine, q: &str) -> SearchResponse {
    let mut request = SearchRequest::new(q);
    request.limit = PER_PAGE;
    engine.search(&request).expect("search")
}

/// A filter typed into the search box shows as a chip marked as typed and
/// as a ticked facet row; the chip's × and unticking the row take the
/// clause out of the search box's text and search again. A clause inside
/// one alternative of an OR narrows that alternative only, and shows none.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_filters_show_as_chips_and_ticked_rows() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "country:montenegro training";
        let answer = answer_for(&engine, typed);
        let country = answer.resolved["country"]["montenegro"][0].clone();
        let page = open(client, &base, &q_link(typed)).await;
        assert_shows(&page, &answer);
        screenshot(client, "typed-filters.png").await;
        let chips = typed_chips(client).await;
        assert_eq!(chips.len(), 1, "{chips:?}");
        assert_eq!(chips[0].0, "country");
        assert!(chips[0].1.contains(&country), "{chips:?}");
        assert!(
            ticked(client)
                .await
                .contains(&("country".to_string(), country.clone())),
            "{country} ticked"
        );
        // The chip's × takes the clause out of the box.
        let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        assert_eq!(address_q(client).await, "training");
        assert_shows(&page, &answer_for(&engine, "training"));
        assert!(typed_chips(client).await.is_empty());
        let box_text = client
            .execute("return document.getElementById('q').value;", vec![])
            .await
            .expect("read");
        assert_eq!(box_text, json!("training"));

        // Unticking the row does too.
        open(client, &base, &q_link(typed)).await;
        let page = tick(client, "country", &country).await;
        assert_eq!(address_q(client).await, "training");
        assert_shows(&page, &answer_for(&engine, "training"));

        // An exclusion is a chip that says so, and ticks nothing.
        let typed = "-country:Serbia firearms";
        let page = open(client, &base, &q_link(typed)).await;
        assert_shows(&page, &answer_for(&engine, typed));
        let chips = typed_chips(client).await;
        assert_eq!(chips.len(), 1, "{chips:?}");
        assert!(chips[0].1.contains("not Serbia"), "{chips:?}");
        assert!(!ticked(client).await.iter().any(|(f, _)| f == "country"));
        click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        assert_eq!(address_q(client).await, "firearms");

        // Quotes and brackets stay whole when a clause goes.
        let typed = "countries:\"north macedonia\" \"border police\"~2 (firearms OR weapons)";
        open(client, &base, &q_link(typed)).await;
        let chips = typed_chips(client).await;
        assert_eq!(chips.len(), 1, "{chips:?}");
        let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        let left = "\"border police\"~2 (firearms OR weapons)";
        assert_eq!(address_q(client).await, left);
        assert_shows(&page, &answer_for(&engine, left));

        // A bracketed value goes whole.
        let typed = "country:(Albania OR Kosovo) firearms";
        open(client, &base, &q_link(typed)).await;
        let chips = typed_chips(client).await;
        assert!(
            chips.len() == 1 && chips[0].1.contains("(Albania OR Kosovo)"),
            "{chips:?}"
        );
        let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        assert_eq!(address_q(client).await, "firearms");
        assert_shows(&page, &answer_for(&engine, "firearms"));

        // A clause of one alternative is no chip and ticks no row.
        let typed = "(country:Albania firearms) OR (country:Kosovo cybercrime)";
        let page = open(client, &base, &q_link(typed)).await;
        assert_shows(&page, &answer_for(&engine, typed));
        assert!(typed_chips(client).await.is_empty());
        assert!(!ticked(client).await.iter().any(|(f, _)| f == "country"));
        // One that every alternative has is.
        let typed = "country:Kosovo (firearms OR cybercrime)";
        open(client, &base, &q_link(typed)).await;
        assert_eq!(typed_chips(client).await.len(), 1);
    })
    .await;
}

/// A month typed as `date:` shows as the chart's chosen month, with the
/// other months still there to pick; clicking it again takes the clause
/// out of the search box.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_date_shows_on_the_chart() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let all = answer_for(&engine, "training");
        let bars = expected_bars(&all);
        assert!(bars.len() > 1, "{bars:?}");
        let month = bars.iter().max_by_key(|(_, n)| *n).expect("a month").0.clone();
        let typed = format!("date:{month} training");
        let answer = answer_for(&engine, &typed);
        assert_eq!(
            answer.resolved["date"][&month].len(),
            1,
            "{:?}",
            answer.resolved
        );
        let page = open(client, &base, &q_link(&typed)).await;
        assert_shows(&page, &answer);
        assert_eq!(page.bars, bars, "every month stays on the chart");
        let pressed = client
            .execute(
                "return [...document.querySelectorAll('#chart-bars .bar[aria-pressed=true]')].map((b) => b.dataset.month);",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(pressed, json!([month]));
        assert_eq!(typed_chips(client).await.len(), 1);
        let page = click_and_settle(client, &format!("#chart-bars .bar[data-month=\"{month}\"]")).await;
        assert_eq!(address_q(client).await, "training");
        assert_eq!(page.search, "?q=training");
        assert_shows(&page, &answer_for(&engine, "training"));
    })
    .await;
}

/// A typed clause the search leaves out (a date that names no days) is no
/// chip: the notice of the answer says it is left out, and nothing on the
/// page claims it narrows the results.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_clause_left_out_is_no_chip() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "date:2022-13 firearms";
        let answer = answer_for(&engine, typed);
        assert!(!answer.notices.is_empty(), "{answer:?}");
        assert!(!answer.resolved.contains_key("date"), "{answer:?}");
        let page = open(client, &base, &q_link(typed)).await;
        assert_shows(&page, &answer);
        let notices = client
            .execute(
                "return [...document.querySelectorAll('#notices .notice')].map((n) => n.textContent);",
                vec![],
            )
            .await
            .expect("read");
        for notice in &answer.notices {
            assert!(
                notices.as_array().is_some_and(|a| a.contains(&json!(notice))),
                "{notice} in {notices}"
            );
        }
        assert!(typed_chips(client).await.is_empty());
        let toggle = client
            .execute(
                "return document.getElementById('filters-toggle').textContent;",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(toggle, json!("Filters"));
    })
    .await;
}

/// Back and forward after a typed filter was removed bring the search box's
/// text, the chip and the ticked row back with the results.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_restore_typed_filters() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "country:montenegro training";
        let answer = answer_for(&engine, typed);
        let country = answer.resolved["country"]["montenegro"][0].clone();
        open(client, &base, &q_link(typed)).await;
        click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        assert_eq!(address_q(client).await, "training");
        let box_text = "return document.getElementById('q').value;";
        for _ in 0..2 {
            let before = renders(client).await;
            client.back().await.expect("back");
            let page = settled(client, before).await;
            assert_shows(&page, &answer);
            assert_eq!(
                client.execute(box_text, vec![]).await.expect("read"),
                json!(typed)
            );
            assert_eq!(typed_chips(client).await.len(), 1);
            assert!(
                ticked(client)
                    .await
                    .contains(&("country".to_string(), country.clone()))
            );
            let before = renders(client).await;
            client.forward().await.expect("forward");
            let page = settled(client, before).await;
            assert_shows(&page, &answer_for(&engine, "training"));
            assert_eq!(
                client.execute(box_text, vec![]).await.expect("read"),
                json!("training")
            );
            assert!(typed_chips(client).await.is_empty());
            assert!(!ticked(client).await.iter().any(|(f, _)| f == "country"));
        }
    })
    .await;
}

/// A shared link whose query has spaces around it reads its typed filters
/// as the search does: the index's value is ticked, with its count, and
/// no second row of the value as typed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_filter_in_a_link_with_spaces_ticks_the_index_value() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "  country:montenegro training ";
        let answer = answer_for(&engine, typed);
        let country = answer.resolved["country"]["montenegro"][0].clone();
        assert_ne!(country, "montenegro");
        let page = open(client, &base, &q_link(typed)).await;
        assert_shows(&page, &answer);
        let rows: Vec<(String, String)> = ticked(client)
            .await
            .into_iter()
            .filter(|(f, _)| f == "country")
            .collect();
        assert_eq!(rows, vec![("country".to_string(), country.clone())]);
        let chips = typed_chips(client).await;
        assert!(
            chips.len() == 1 && chips[0].1.contains(&country),
            "{chips:?}"
        );
    })
    .await;
}

/// A date typed into the search box shows in From and To, and a date set
/// there replaces it, as a click on the chart does, rather than narrowing
/// within it unseen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_date_fields_show_and_replace_a_typed_date() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "date:2022-03 training";
        let answer = answer_for(&engine, typed);
        let range = answer.resolved["date"]["2022-03"][0].clone();
        let (from, to) = range.split_once("..").expect("a range");
        let page = open(client, &base, &q_link(typed)).await;
        assert_shows(&page, &answer);
        assert_eq!(date_fields(client).await, json!([from, to]));
        // An earlier From, left with Tab: the typed date goes, From and To stay.
        let before = renders(client).await;
        focus(client, "from").await;
        type_keys(client, "02012022").await;
        tab_out_of(client, "from").await;
        let page = settled(client, before).await;
        assert_eq!(page.search, format!("?q=training&from=2022-02-01&to={to}"));
        let mut request = SearchRequest::new("training");
        request.limit = PER_PAGE;
        request.filters.from = chrono::NaiveDate::from_ymd_opt(2022, 2, 1);
        request.filters.to = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d").ok();
        assert_shows(&page, &engine.search(&request).expect("search"));
        assert!(typed_chips(client).await.is_empty());
        assert_eq!(date_fields(client).await, json!(["2022-02-01", to]));
    })
    .await;
}

/// "Clear all filters" and the ways out of an empty answer take the typed
/// filters out of the search box too, keeping its words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clearing_all_filters_clears_the_typed_ones() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "country:Atlantis firearms";
        let answer = answer_for(&engine, typed);
        assert_eq!(answer.total, 0);
        open(client, &base, &q_link(typed)).await;
        let page =
            click_and_settle(client, "#results .empty-state button[data-filter=country]").await;
        assert_eq!(address_q(client).await, "firearms");
        assert_shows(&page, &answer_for(&engine, "firearms"));

        let typed = "programme:CCP firearms -country:Serbia";
        open(client, &base, &format!("{}&year=2022", q_link(typed))).await;
        assert_eq!(typed_chips(client).await.len(), 2);
        let page = click_and_settle(client, "#active-filters .clear-all").await;
        assert_eq!(page.search, "?q=firearms");
        assert_shows(&page, &answer_for(&engine, "firearms"));
    })
    .await;
}

/// A typed clause goes whole, with a `NOT` before it or a weight or
/// distance after its quoted value, leaving no stray `NOT` or `~2` behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_clause_goes_with_its_not_and_its_weight() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        for typed in [
            "NOT country:Montenegro training",
            "country:\"Montenegro\"^2 training",
        ] {
            open(client, &base, &q_link(typed)).await;
            assert_eq!(typed_chips(client).await.len(), 1, "{typed}");
            let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
            assert_eq!(address_q(client).await, "training", "{typed}");
            assert_shows(&page, &answer_for(&engine, "training"));
        }
    })
    .await;
}

/// A suggestion chosen from the keyboard completes the part of the box
/// being typed and keeps the text before it: the page then shows the
/// answer to the box's new text, or the activity a title names. One of
/// each kind is tried, from boxes with earlier words and clauses.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chosen_suggestion_keeps_the_earlier_text() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let boxes = [
            "country:montenegro Pod",
            "training Skop",
            "training monte",
            "programme:cont",
            "firearms europ",
            "training CC",
            "training Pod",
        ];
        let mut kinds = std::collections::BTreeSet::new();
        for typed in boxes {
            let suggested = engine.suggest(typed, 8).expect("suggest");
            for (index, suggestion) in suggested.iter().enumerate() {
                if !kinds.insert(suggestion.kind.clone()) {
                    continue;
                }
                open(client, &base, "").await;
                let q = client.find(Locator::Css("#q")).await.expect("search box");
                q.send_keys(typed).await.expect("type");
                wait_for(
                    client,
                    &format!(
                        "document.querySelectorAll('#suggestions li').length === {}",
                        suggested.len()
                    ),
                    "suggestions",
                )
                .await;
                for _ in 0..=index {
                    q.send_keys(&Key::Down).await.expect("arrow down");
                }
                let before = renders(client).await;
                q.send_keys(&Key::Enter).await.expect("enter");
                let page = settled(client, before).await;
                let what = format!("{typed} → {} {}", suggestion.kind, suggestion.text);
                assert_eq!(address_q(client).await, suggestion.query, "{what}");
                if suggestion.kind == "title" {
                    assert_eq!(page.view, "doc", "{what}");
                    assert_eq!(page.doc_title, suggestion.text, "{what}");
                } else {
                    let answer = answer_for(&engine, &suggestion.query);
                    assert!(answer.total > 0 && !answer.fallback, "{what}");
                    assert_shows(&page, &answer);
                }
                let kept = typed.rsplit_once(' ').map_or("", |(earlier, _)| earlier);
                assert!(suggestion.query.starts_with(kept), "{what}");
            }
        }
        for kind in ["country", "city", "programme", "donor", "acronym", "title"] {
            assert!(kinds.contains(kind), "no {kind} suggested: {kinds:?}");
        }
    })
    .await;
}

/// Letters typed after the suggestions came, and Enter at once, search the
/// box as typed: the suggestions of the shorter text (one of them chosen
/// with the arrow keys) no longer stand for the box and are not taken.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_after_more_letters_searches_the_box_as_typed() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        open(client, &base, "").await;
        let q = client.find(Locator::Css("#q")).await.expect("search box");
        let typed = "training Skop";
        q.send_keys(typed).await.expect("type");
        wait_for(
            client,
            "document.querySelectorAll('#suggestions li').length > 0",
            "suggestions",
        )
        .await;
        q.send_keys(&Key::Down).await.expect("arrow down");
        wait_for(
            client,
            "document.getElementById('q').getAttribute('aria-activedescendant') === 'suggestion-0'",
            "the first suggestion to be active",
        )
        .await;
        let before = renders(client).await;
        q.send_keys(&format!("je{}", Key::Enter))
            .await
            .expect("type and enter");
        let page = settled(client, before).await;
        let full = format!("{typed}je");
        assert_eq!(address_q(client).await, full);
        assert_shows(&page, &answer_for(&engine, &full));
    })
    .await;
}

/// After Esc has closed the suggestions, the down arrow opens them again,
/// as in a combo box, and Enter takes the one it chose.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_down_arrow_opens_closed_suggestions_again() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        open(client, &base, "").await;
        let q = client.find(Locator::Css("#q")).await.expect("search box");
        let typed = "training Skop";
        let suggested = engine.suggest(typed, 8).expect("suggest");
        let first = suggested.first().expect("a suggestion").clone();
        q.send_keys(typed).await.expect("type");
        let shown = "!document.getElementById('suggestions').hidden && document.querySelectorAll('#suggestions li').length > 0";
        wait_for(client, shown, "suggestions").await;
        q.send_keys(&Key::Escape).await.expect("escape");
        wait_for(client, "document.getElementById('suggestions').hidden", "suggestions to close").await;
        q.send_keys(&Key::Down).await.expect("arrow down");
        wait_for(client, shown, "suggestions to open again").await;
        q.send_keys(&Key::Down).await.expect("arrow down");
        wait_for(
            client,
            "document.getElementById('q').getAttribute('aria-activedescendant') === 'suggestion-0'",
            "the first suggestion to be active",
        )
        .await;
        let before = renders(client).await;
        q.send_keys(&Key::Enter).await.expect("enter");
        settled(client, before).await;
        assert_eq!(address_q(client).await, first.query);
    })
    .await;
}

/// A value of several words typed without quotes (`donor:United Kingdom`),
/// read whole by the search, is one chip that names the whole value and
/// ticks its row; its × takes all its words out of the box, with Latin and
/// Cyrillic letters beyond ASCII before it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_typed_value_of_several_words_is_one_chip() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        for before in ["", "Bjelašnica Подгорица "] {
            let typed = format!("{before}donor:United Kingdom training");
            let answer = answer_for(&engine, &typed);
            let donor = answer.resolved["donor"]["United Kingdom"][0].clone();
            let page = open(client, &base, &q_link(&typed)).await;
            assert_shows(&page, &answer);
            let chips = typed_chips(client).await;
            assert_eq!(chips.len(), 1, "{chips:?}");
            assert_eq!(chips[0].0, "donor");
            assert!(chips[0].1.contains(&donor), "{chips:?}");
            assert!(
                ticked(client)
                    .await
                    .contains(&("donor".to_string(), donor.clone())),
                "{donor} ticked"
            );
            let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
            let left = format!("{before}training");
            assert_eq!(address_q(client).await, left);
            assert_shows(&page, &answer_for(&engine, &left));
            assert!(typed_chips(client).await.is_empty());
        }
        // Every form the search reads whole is one chip, and its × takes
        // all of it out of the box.
        for clause in [
            "country: Montenegro",
            "date:24 March 2022",
            "date:2022-03-01 TO 2022-03-10",
            "date:2022-03 .. 2022-05",
            "country:\u{201C}North Macedonia\u{201D}",
            "NOT(country:Albania)",
            "country:(Crna Gora)",
        ] {
            let typed = format!("Bjelašnica {clause} training");
            open(client, &base, &q_link(&typed)).await;
            let chips = typed_chips(client).await;
            assert_eq!(chips.len(), 1, "{typed}: {chips:?}");
            click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
            assert_eq!(address_q(client).await, "Bjelašnica training", "{typed}");
        }
        // A filter every alternative repeats is one chip, and its × takes
        // it out of each.
        let typed = "(country:Kosovo firearms) OR (country:Kosovo cybercrime)";
        let answer = answer_for(&engine, typed);
        let kosovo = answer.resolved["country"]["Kosovo"][0].clone();
        open(client, &base, &q_link(typed)).await;
        let chips = typed_chips(client).await;
        assert_eq!(chips.len(), 1, "{chips:?}");
        assert!(chips[0].1.contains(&kosovo), "{chips:?}");
        let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        let left = "(firearms) OR (cybercrime)";
        assert_eq!(address_q(client).await, left);
        assert_shows(&page, &answer_for(&engine, left));
    })
    .await;
}

/// The paths and queries the page has fetched since the last call (the
/// first call, on a newly opened page, starts the count).
async fn fetches(client: &Client) -> Vec<String> {
    let value = client
        .execute(
            "if (!window.askedLog) { window.askedLog = []; const plain = window.fetch; \
               window.fetch = (url, init) => { window.askedLog.push(String(url)); return plain(url, init); }; } \
             return window.askedLog.splice(0);",
            vec![],
        )
        .await
        .expect("read the fetches");
    serde_json::from_value(value).unwrap_or_default()
}

/// The search of an emptied box asks for `/api/search?per_page=10`: the
/// page put the page size after the other parameters with a `&` of its
/// own, so with none it asked for `/api/search?&per_page=10`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_search_asks_without_a_stray_ampersand() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        open(client, &base, "?q=training").await;
        fetches(client).await;
        let q = client.find(Locator::Css("#q")).await.expect("search box");
        q.clear().await.expect("clear");
        let before = renders(client).await;
        q.send_keys(&Key::Enter.to_string()).await.expect("search");
        let page = settled(client, before).await;
        assert_eq!(page.total, Some(answer_for(&engine, "").total as u64));
        let asked = fetches(client).await;
        let searches: Vec<&String> = asked
            .iter()
            .filter(|url| url.starts_with("/api/search"))
            .collect();
        assert!(!searches.is_empty(), "{asked:?}");
        for url in searches {
            assert_eq!(url, "/api/search?per_page=10", "{asked:?}");
        }
    })
    .await;
}

/// A date typed into the search box after a search, and a month bar
/// clicked, change only the dates: the chart's months (counted without
/// the dates) are those already drawn, and the page asks for the search
/// alone, not for the months again once the answer has come.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_date_changes_the_search_alone_not_the_chart_s_months() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let bars = expected_bars(&answer_for(&engine, "training"));
        assert!(bars.iter().any(|(m, _)| m == "2022-02"), "{bars:?}");
        open(client, &base, "?q=training").await;
        fetches(client).await;
        let q = client.find(Locator::Css("#q")).await.expect("search box");
        let before = renders(client).await;
        q.send_keys(&format!(" date:2022-03{}", Key::Enter))
            .await
            .expect("type a date");
        let page = settled(client, before).await;
        assert_shows(&page, &answer_for(&engine, "training date:2022-03"));
        assert_eq!(page.bars, bars, "every month stays on the chart");
        let asked = fetches(client).await;
        assert_eq!(asked.len(), 1, "one request for a typed date: {asked:?}");

        // A month clicked: the dates change, the months do not.
        let page = click_and_settle(client, "#chart-bars .bar[data-month='2022-02']").await;
        assert_eq!(page.search, "?q=training&from=2022-02-01&to=2022-02-28");
        assert_eq!(page.bars, bars);
        let asked = fetches(client).await;
        assert_eq!(asked.len(), 1, "one request for a month: {asked:?}");
        let page = click_and_settle(client, "#chart-bars .bar[data-month='2022-02']").await;
        assert_eq!(page.search, "?q=training");
        assert_eq!(page.bars, bars);
        assert_eq!(fetches(client).await.len(), 1);

        // Words typed with a month set: the new words' months are asked for
        // with the search, not after its answer.
        open(client, &base, "?q=training&from=2022-02-01&to=2022-02-28").await;
        // The page's fetches in order: each asked, and each answered.
        client
            .execute(
                "window.fetchLog = []; const plain = window.fetch; \
                 window.fetch = (url, init) => { const path = String(url).split('?')[0]; \
                   window.fetchLog.push('ask ' + path); \
                   return plain(url, init).then((r) => { window.fetchLog.push('answer ' + path); return r; }); };",
                vec![],
            )
            .await
            .expect("watch the fetches");
        let before = renders(client).await;
        client
            .execute(
                "document.getElementById('q').value = 'firearms'; document.getElementById('search-form').requestSubmit();",
                vec![],
            )
            .await
            .expect("search");
        let page = settled(client, before).await;
        assert_eq!(page.bars, expected_bars(&answer_for(&engine, "firearms")));
        let log = client
            .execute("return window.fetchLog;", vec![])
            .await
            .expect("read the fetches");
        assert_eq!(
            json!([log[0], log[1]]),
            json!(["ask /api/search", "ask /api/facets/month"]),
            "the months asked with the search, before its answer: {log}"
        );
    })
    .await;
}

/// The chart's months follow the index: after an update made while the
/// page is open, a month clicked (the dates change alone) shows the months
/// of the updated index, a month added by the update among them (the page
/// kept the months it had counted before the update, and a month bar of
/// the new activity never showed until the search itself changed).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chart_s_months_follow_an_update_made_while_the_page_is_open() {
    let workspace = Workspace::new();
    let options = workspace.options();
    let added = options.corpus[0].join("2021-05-added.txt");
    in_browser_on(workspace, &[], |client, engine, base| async move {
        let client = &client;
        let before_update = expected_bars(&answer_for(&engine, "training"));
        assert!(
            before_update.iter().all(|(m, _)| m.as_str() > "2021-05"),
            "{before_update:?}"
        );
        let page = open(client, &base, "?q=training").await;
        assert_eq!(page.bars, before_update);

        std::fs::write(
            &added,
            "Maritime training for port officers\n5 May 2021, Durrës, Albania: UNODC held a training for port officers.\n",
        )
        .expect("a new bulletin");
        common::build_in_process(&options);
        let deadline = Instant::now() + WAIT;
        let after_update = loop {
            let bars = expected_bars(&answer_for(&engine, "training"));
            if bars != before_update {
                break bars;
            }
            assert!(Instant::now() < deadline, "the server never saw the update");
            tokio::time::sleep(Duration::from_millis(50)).await;
        };
        assert_eq!(after_update[0], ("2021-05".to_string(), 1));

        let page = click_and_settle(client, "#chart-bars .bar[data-month='2022-02']").await;
        assert_eq!(page.search, "?q=training&from=2022-02-01&to=2022-02-28");
        assert_eq!(page.bars, after_update, "the months of the updated index");
        // Months counted by the same index are kept.
        fetches(client).await;
        let page = click_and_settle(client, "#chart-bars .bar[data-month='2022-03']").await;
        assert_eq!(page.bars, after_update);
        let asked = fetches(client).await;
        assert_eq!(asked.len(), 1, "one request for a month: {asked:?}");
    })
    .await;
}

/// A filter value longer than a phone is wide (from a link, or typed in
/// the search box) wraps inside its chip and its "Remove" button instead
/// of widening the page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_filter_value_wraps_in_its_chip_on_a_phone() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        client.set_window_size(360, 740).await.expect("resize");
        let long = "x".repeat(150);
        for link in [
            format!("?country={long}"),
            format!("?q=country:{long}"),
            format!("?q=firearms+-country:{long}"),
        ] {
            open(client, &base, &link).await;
            let chips = client
                .execute(
                    "return document.querySelectorAll('#active-filters .filter-chip').length;",
                    vec![],
                )
                .await
                .expect("read");
            assert_eq!(chips, json!(1), "{link}: one chip");
            assert_eq!(overflow(client).await, Some(0), "{link} widens the page");
        }
    })
    .await;
}

/// On a phone, a short page (an error, no results) keeps the count of
/// results right below the Filters button: the room left over in the
/// window goes below the results, not between the two.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_short_page_on_a_phone_keeps_the_count_below_the_filters_button() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        client.set_window_size(360, 740).await.expect("resize");
        for link in [
            "?q=firearms",
            "?q=firearms&from=2022-03-31&to=2022-03-01",
            "?q=zzzzqqq",
        ] {
            open(client, &base, link).await;
            let gap = client
                .execute(
                    "return document.getElementById('main').getBoundingClientRect().top \
                          - document.querySelector('.sidebar').getBoundingClientRect().bottom \
                          - parseFloat(getComputedStyle(document.querySelector('.layout')).rowGap);",
                    vec![],
                )
                .await
                .expect("measure")
                .as_f64()
                .unwrap_or(f64::NAN);
            assert!(gap.abs() < 1.0, "{link}: {gap} px more than the gap between");
        }
    })
    .await;
}

/// The browser's back and forward between the results and an activity
/// leave the focus on the count of results or on the activity, not on the
/// page's body (the focused element was in the view that went away).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn back_and_forward_keep_the_focus_on_the_page() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?q=firearms").await;
        let page = click_and_settle(client, "#results li.result h2 a").await;
        assert_eq!(page.view, "doc");
        assert_eq!(focused(client).await, "doc-view");
        let before = renders(client).await;
        client.back().await.expect("back");
        let page = settled(client, before).await;
        assert_eq!(page.view, "results");
        assert_eq!(focused(client).await, "summary", "after the browser's back");
        let before = renders(client).await;
        client.forward().await.expect("forward");
        let page = settled(client, before).await;
        assert_eq!(page.view, "doc");
        assert_eq!(
            focused(client).await,
            "doc-view",
            "after the browser's forward"
        );
        // A focus that is still on show stays where it is.
        open(client, &base, "?q=firearms").await;
        let page = tick(client, "country", "Montenegro").await;
        assert!(page.search.contains("country="), "{page:?}");
        let before = renders(client).await;
        client.back().await.expect("back");
        settled(client, before).await;
        let on = client
            .execute("return document.activeElement.dataset.value || '';", vec![])
            .await
            .expect("read");
        assert_eq!(on, json!("Montenegro"), "the ticked row keeps the focus");
    })
    .await;
}

/// An opened activity takes the focus under its title's name, so that a
/// screen reader names what it landed on rather than an unnamed article.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_opened_activity_is_named_by_its_title() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        open(client, &base, "?q=firearms").await;
        let page = click_and_settle(client, "#results li.result h2 a").await;
        let id = client
            .execute("return document.getElementById('doc-view').dataset.id;", vec![])
            .await
            .expect("read");
        let record = engine.show(id.as_str().unwrap_or_default()).expect("show");
        assert_eq!(page.doc_title, record.title);
        let name = client
            .execute(
                "const a = document.activeElement; const by = a.getAttribute('aria-labelledby'); \
                 return [a.id, by ? by.split(' ').map((i) => document.getElementById(i).textContent).join(' ') : a.getAttribute('aria-label')];",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(name, json!(["doc-view", record.title]));
    })
    .await;
}

/// `/` jumps to the search box from wherever the focus is, but for a field
/// being typed in: from the count of results (where a removed filter leaves
/// it), a checkbox or a button too, not only from the page's body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_jumps_to_the_search_box_from_the_count_and_the_controls() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?country=Montenegro").await;
        click_and_settle(client, "#active-filters .filter-chip").await;
        assert_eq!(focused(client).await, "summary");
        type_keys(client, "/").await;
        assert_eq!(focused(client).await, "q", "from the count");
        let text = client
            .execute("return document.getElementById('q').value;", vec![])
            .await
            .expect("read");
        assert_eq!(text, json!(""), "the / is not typed");
        client
            .execute(
                "document.querySelector('#facets input[data-facet=country]').focus();",
                vec![],
            )
            .await
            .expect("focus a checkbox");
        assert_eq!(focused(client).await, "");
        type_keys(client, "/").await;
        assert_eq!(focused(client).await, "q", "from a checkbox");
        // In a field being typed in, / is a character.
        type_keys(client, "a/b").await;
        let text = client
            .execute("return document.getElementById('q').value;", vec![])
            .await
            .expect("read");
        assert_eq!(text, json!("a/b"));
    })
    .await;
}

/// Unticking a row that a folded panel showed only because it was ticked
/// (past its first rows) takes the row away; the focus goes to the panel's
/// "Show all" button in its place, not to the page's body.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unticking_a_row_past_a_folded_panel_s_first_rows_keeps_the_focus_there() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "").await;
        click(client, "[data-panel=mentioned] .facet-more").await;
        let last = client
            .execute(
                "const rows = [...document.querySelectorAll('[data-panel=mentioned] input[data-value]')]; \
                 return rows.length > 8 ? rows[rows.length - 1].dataset.value : null;",
                vec![],
            )
            .await
            .expect("read");
        let last = last.as_str().expect("a panel of more than 8 rows").to_string();
        open(client, &base, &format!("?mentioned={}", last.replace(' ', "+"))).await;
        let page = tick(client, "mentioned", &last).await;
        assert_eq!(page.search, "");
        let on = client
            .execute(
                "const a = document.activeElement; return [a.className, a.closest('[data-panel]') ? a.closest('[data-panel]').dataset.panel : ''];",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(on, json!(["facet-more", "mentioned"]));
    })
    .await;
}

/// On a phone the buttons that remove a filter from an empty answer, "Try
/// again", "Back to results" and the pager's links are targets a finger can
/// hit, 44 px tall, as the filter rows and chips are.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn way_outs_retry_back_and_pages_are_a_fingers_height_on_a_phone() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        client.set_window_size(390, 844).await.expect("resize");
        let lowest = |selector: &'static str| {
            let script = format!(
                "const all = [...document.querySelectorAll({})]; \
                 return all.length ? Math.min(...all.map((b) => b.getBoundingClientRect().height)) : null;",
                css_string(selector)
            );
            let client = client.clone();
            async move { client.execute(&script, vec![]).await.expect("measure").as_f64() }
        };
        for (link, selector) in [
            ("?q=zzzzqqq&country=Albania&online=true", "#results .way-out"),
            ("?q=firearms&from=2022-03-31&to=2022-03-01&page=2", ".notice .retry"),
            ("?page=99", "#pager a"),
            ("", "#pager a, #pager span.disabled"),
        ] {
            open(client, &base, link).await;
            let height = lowest(selector).await;
            assert!(
                height.is_some_and(|h| h >= 44.0),
                "{link} {selector}: {height:?} px"
            );
        }
        open(client, &base, "?q=firearms").await;
        click_and_settle(client, "#results li.result h2 a").await;
        let height = lowest("#doc-view .back").await;
        assert!(height.is_some_and(|h| h >= 44.0), "Back: {height:?} px");
    })
    .await;
}

/// The page's feed, as a browser or a feed reader finds it in the page's
/// head, is the feed of the search shown, as the footer's link is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_head_s_feed_link_follows_the_search() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        let links = "const head = document.querySelector('link[rel=alternate][type=\"application/atom+xml\"]'); \
                     return [head.getAttribute('href'), document.getElementById('feed-link').getAttribute('href'), head.title];";
        open(client, &base, "").await;
        let read = client.execute(links, vec![]).await.expect("read");
        assert_eq!(read, json!(["/feed.atom", "/feed.atom", "All activities, newest first"]));
        open(client, &base, "?q=firearms&country=Montenegro&sort=oldest").await;
        let read = client.execute(links, vec![]).await.expect("read");
        assert_eq!(read[0], json!("/feed.atom?q=firearms&country=Montenegro"));
        assert_eq!(read[0], read[1]);
        assert_eq!(read[2], json!("This search, newest first"));
    })
    .await;
}

/// The count of results is said once: a search that leaves the focus where
/// it was (a ticked row) announces it through its live region; one that
/// moves the focus to it (a removed filter, the next page) lets the focus
/// say it, with the live region quiet, not both at once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_count_is_announced_once() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        let watch = "window.liveWhenChanged = []; \
                     new MutationObserver(() => window.liveWhenChanged.push(document.getElementById('summary').getAttribute('aria-live'))) \
                       .observe(document.getElementById('summary'), { childList: true, subtree: true, characterData: true });";
        let seen = "return [...new Set(window.liveWhenChanged)];";
        open(client, &base, "?q=firearms&country=Montenegro").await;
        client.execute(watch, vec![]).await.expect("watch");
        click_and_settle(client, "#active-filters .filter-chip").await;
        assert_eq!(focused(client).await, "summary");
        let live = client.execute(seen, vec![]).await.expect("read");
        assert_eq!(live, json!(["off"]), "a focused count is not announced twice");

        client.execute(watch, vec![]).await.expect("watch");
        tick(client, "country", "Montenegro").await;
        assert_ne!(focused(client).await, "summary");
        let live = client.execute(seen, vec![]).await.expect("read");
        assert_eq!(live, json!(["polite"]), "a count the focus is not on is announced");
    })
    .await;
}

/// When suggestions open, a status says how many there are (a screen reader
/// is not told otherwise that a list appeared under the box); it says
/// nothing once they close.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_suggestions_are_announced_by_their_number() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        open(client, &base, "").await;
        let expected = engine.suggest("mon", 8).expect("suggest").len();
        assert!(expected > 0);
        let q = client.find(Locator::Css("#q")).await.expect("search box");
        q.send_keys("mon").await.expect("type");
        wait_for(
            client,
            "!document.getElementById('suggestions').hidden",
            "suggestions",
        )
        .await;
        let status = "const s = document.querySelector('[role=status]#suggestion-status'); return s ? s.textContent : null;";
        let said = client.execute(status, vec![]).await.expect("read");
        let noun = if expected == 1 { "suggestion" } else { "suggestions" };
        assert_eq!(
            said,
            json!(format!("{expected} {noun}: the up and down arrow keys choose one"))
        );
        q.send_keys(&Key::Escape).await.expect("escape");
        wait_for(
            client,
            "document.getElementById('suggestions').hidden",
            "suggestions to close",
        )
        .await;
        assert_eq!(client.execute(status, vec![]).await.expect("read"), json!(""));
    })
    .await;
}

/// Each panel's "Show all" names its panel, so that a screen reader's list
/// of buttons tells "Show all 13" of the programmes from that of the donors.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_show_all_names_its_panel() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "").await;
        let names = client
            .execute(
                "return [...document.querySelectorAll('#facets .facet-more')].map((b) => { \
                   const panel = b.closest('[data-panel]').querySelector('h2').textContent; \
                   const name = b.getAttribute('aria-label') || b.textContent; \
                   return [name.startsWith(b.textContent), name.includes(panel)]; });",
                vec![],
            )
            .await
            .expect("read");
        let names = names.as_array().cloned().unwrap_or_default();
        assert!(names.len() > 1, "{names:?}");
        for name in names {
            assert_eq!(
                name,
                json!([true, true]),
                "the name holds the text shown and the panel's"
            );
        }
    })
    .await;
}

/// Going back up the page with Shift+Tab, the focused control shows below
/// the sticky header, not under it (WCAG 2.4.11), on a wide screen and on
/// a phone.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_control_focused_going_up_is_not_under_the_header() {
    in_browser(|client, _engine, base| async move {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let client = &client;
        for (width, height) in [(1280, 900), (360, 740)] {
            client.set_window_size(width, height).await.expect("resize");
            open(client, &base, "?q=firearms").await;
            focus(client, "csv-link").await;
            let mut steps = 0;
            loop {
                let back_tab = KeyActions::new("keyboard".to_string())
                    .then(KeyAction::Down { value: '\u{E008}' })
                    .then(KeyAction::Down { value: '\u{E004}' })
                    .then(KeyAction::Up { value: '\u{E004}' })
                    .then(KeyAction::Up { value: '\u{E008}' });
                client.perform_actions(back_tab).await.expect("shift+tab");
                let at = client
                    .execute(
                        "const a = document.activeElement; \
                         return [a.closest('header') !== null, a.getBoundingClientRect().top, \
                                 document.querySelector('header.top').getBoundingClientRect().bottom, a.outerHTML.slice(0, 80)];",
                        vec![],
                    )
                    .await
                    .expect("measure");
                if at[0] == json!(true) {
                    break;
                }
                let (top, header) = (at[1].as_f64().unwrap_or(0.0), at[2].as_f64().unwrap_or(0.0));
                assert!(top >= header - 0.5, "{width} px: under the header: {at}");
                steps += 1;
                assert!(steps < 200, "Shift+Tab never reached the header");
            }
        }
    })
    .await;
}

/// On a phone, a row of the open filter panel reached with Tab shows above
/// the panel's sticky "Show N activities" button, not behind it (WCAG 2.4.11).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_filter_row_reached_with_tab_is_not_behind_the_show_button() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        client.set_window_size(360, 740).await.expect("resize");
        open(client, &base, "?q=firearms").await;
        click(client, "#filters-toggle").await;
        let mut steps = 0;
        loop {
            type_keys(client, &Key::Tab.to_string()).await;
            let at = client
                .execute(
                    "const a = document.activeElement, r = a.getBoundingClientRect(); \
                     const d = document.querySelector('#facets .facets-done').getBoundingClientRect(); \
                     return [a.classList.contains('facets-done') || !a.closest('#facets'), r.top < d.bottom && r.bottom > d.top, a.outerHTML.slice(0, 80)];",
                    vec![],
                )
                .await
                .expect("measure");
            if at[0] == json!(true) {
                break;
            }
            assert_eq!(at[1], json!(false), "behind the button: {at}");
            steps += 1;
            assert!(steps < 200, "Tab never left the panel");
        }
        assert!(steps > 10, "only {steps} controls in the panel");
    })
    .await;
}

/// Searching again for what is on show (Enter pressed twice, Search clicked
/// again) adds no step to the history: the browser's back then goes to the
/// search before, not to the same one.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_search_again_adds_no_step_to_the_history() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?q=training").await;
        let q = client.find(Locator::Css("#q")).await.expect("search box");
        q.clear().await.expect("clear");
        let before = renders(client).await;
        q.send_keys(&format!("firearms{}", Key::Enter))
            .await
            .expect("search");
        settled(client, before).await;
        let length = || async {
            client
                .execute("return history.length;", vec![])
                .await
                .expect("read")
        };
        let steps = length().await;
        for _ in 0..2 {
            let before = renders(client).await;
            click(client, ".search-button").await;
            let page = settled(client, before).await;
            assert_eq!(page.search, "?q=firearms");
        }
        assert_eq!(length().await, steps, "the same search added steps");
        let before = renders(client).await;
        client.back().await.expect("back");
        let page = settled(client, before).await;
        assert_eq!(page.search, "?q=training");
    })
    .await;
}

/// In forced colours (Windows' high contrast themes, here Chromium's
/// `--force-high-contrast`), the month chart's bars still show, the chosen
/// one apart, and highlights are still underlined: the page's own
/// backgrounds and shadows are dropped there.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chart_and_highlights_show_in_forced_colours() {
    in_browser_started(&[], &["--force-high-contrast"], |client, _engine, base| async move {
        let client = &client;
        open(client, &base, "?q=training&from=2022-03-01&to=2022-03-31").await;
        let seen = client
            .execute(
                "const bg = (e) => getComputedStyle(e).backgroundColor; \
                 const chart = bg(document.getElementById('chart')); \
                 const bars = [...document.querySelectorAll('#chart-bars .bar:not(.is-zero) .bar-fill')]; \
                 const chosen = document.querySelector('#chart-bars .bar.is-selected .bar-fill'); \
                 const others = bars.filter((b) => b !== chosen); \
                 const mark = document.querySelector('#results mark'); \
                 const m = mark ? getComputedStyle(mark) : null; \
                 return [matchMedia('(forced-colors: active)').matches, bars.length > 1, \
                         bars.every((b) => bg(b) !== chart), \
                         Boolean(chosen) && others.every((b) => bg(b) !== bg(chosen)), \
                         Boolean(m) && (m.textDecorationLine.includes('underline') || m.boxShadow !== 'none')];",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(
            seen,
            json!([true, true, true, true, true]),
            "[forced colours, bars, bars show, the chosen apart, highlights underlined]"
        );
    })
    .await;
}

/// The chips of the active filters: (data-filter, typed) pairs.
async fn filter_chips(client: &Client) -> Value {
    client
        .execute(
            "return [...document.querySelectorAll('#active-filters .filter-chip')].map((c) => [c.dataset.filter, c.dataset.typed === 'true']);",
            vec![],
        )
        .await
        .expect("read the chips")
}

/// An answer that is an error keeps the filters typed in the search box on
/// show, each removable, as the ones set in the panels are: on a link the
/// server refuses (the page asks for the query's filters alone), and when
/// the search of a query that answered before fails (the page keeps the
/// filters that answer named, even with no server to ask).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_keeps_the_typed_filters_on_show() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        let page = open(
            client,
            &base,
            "?q=country:Albania+training&from=2022-03-31&to=2022-03-01",
        )
        .await;
        assert_eq!(page.summary, "Something went wrong");
        assert_eq!(
            filter_chips(client).await,
            json!([["dates", false], ["country", true]]),
            "a refused link"
        );
        let page = click_and_settle(client, "#active-filters .filter-chip[data-typed]").await;
        assert_eq!(page.search, "?q=training&from=2022-03-31&to=2022-03-01");

        // A search that answered, then fails: its typed filter stays on show.
        let page = open(client, &base, "?q=country:Albania+training").await;
        assert!(page.total.is_some(), "{page:?}");
        client
            .execute(
                "window.fetch = () => Promise.resolve(new Response('{\"error\":\"boom\"}', { status: 500 }));",
                vec![],
            )
            .await
            .expect("break the server");
        let before = renders(client).await;
        client
            .execute(
                "const s = document.getElementById('sort'); s.value = 'newest'; s.dispatchEvent(new Event('change'));",
                vec![],
            )
            .await
            .expect("sort");
        let page = settled(client, before).await;
        assert_eq!(page.summary, "Something went wrong");
        assert_eq!(
            filter_chips(client).await,
            json!([["country", true]]),
            "a failed search"
        );
    })
    .await;
}

/// The pager's and Back's arrows are not read aloud, and a Previous or Next
/// that leads nowhere is announced as unavailable, not as plain text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_arrows_are_hidden_from_screen_readers_and_disabled_controls_say_so() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        // Every "‹" and "›" sits in an element hidden from assistive technology.
        let arrows_read = "return [...document.querySelectorAll('#pager, #doc-view')].flatMap((root) => { \
                 const walk = document.createTreeWalker(root, NodeFilter.SHOW_TEXT); const out = []; \
                 for (let n = walk.nextNode(); n; n = walk.nextNode()) \
                   if (/[‹›]/.test(n.data) && !n.parentElement.closest('[aria-hidden=true]')) out.push(n.data); \
                 return out; });";
        let page = open(client, &base, "").await;
        assert!(page.total.unwrap_or(0) > PER_PAGE as u64);
        assert_eq!(client.execute(arrows_read, vec![]).await.expect("read"), json!([]));
        let disabled = client
            .execute(
                "return [...document.querySelectorAll('#pager .disabled')].map((d) => [d.textContent.trim(), d.getAttribute('role'), d.getAttribute('aria-disabled')]);",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(disabled, json!([["‹ Previous", "link", "true"]]));
        let page = click_and_settle(client, "#results li.result h2 a").await;
        assert_eq!(page.view, "doc");
        assert_eq!(client.execute(arrows_read, vec![]).await.expect("read"), json!([]));
        let back = client
            .execute("return document.querySelector('#doc-view .back').textContent;", vec![])
            .await
            .expect("read");
        assert_eq!(back, json!("‹ Back to results"));
    })
    .await;
}

/// On a phone the month chart is wider than the screen: it opens scrolled
/// so that the month chosen, or else the latest, is in view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_month_chart_on_a_phone_shows_the_chosen_or_latest_month() {
    // A workshop a month for three years before the shipped bulletin's months.
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let files: Vec<(String, String)> = (2019..2022)
        .flat_map(|year| {
            MONTHS.iter().enumerate().map(move |(i, month)| {
                (
                    format!("{year}-{:02}-news.txt", i + 1),
                    format!(
                        "Workshop on port security in Tirana\n\
                         4 {month} {year}, Tirana, Albania: A workshop on port security.\n"
                    ),
                )
            })
        })
        .collect();
    let extra: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    in_browser_with(&extra, |client, _engine, base| async move {
        let client = &client;
        client.set_window_size(360, 740).await.expect("resize");
        let in_view = |selector: &str| {
            let script = format!(
                "const bars = document.getElementById('chart-bars'); const bar = bars.querySelector({}); \
                 if (!bar) return null; const box = bars.getBoundingClientRect(); const r = bar.getBoundingClientRect(); \
                 return [bars.scrollWidth > bars.clientWidth, r.left >= box.left - 0.5 && r.right <= box.right + 0.5];",
                css_string(selector)
            );
            let client = client.clone();
            async move { client.execute(&script, vec![]).await.expect("measure") }
        };
        let page = open(client, &base, "").await;
        let latest = page.bars.last().expect("a chart").0.clone();
        assert_eq!(
            in_view(".bar:last-child").await,
            json!([true, true]),
            "the latest month, {latest}"
        );
        let first = page.bars.iter().find(|(_, n)| *n > 0).expect("a month").0.clone();
        let middle = page.bars[page.bars.len() / 2].0.clone();
        for month in [first, middle] {
            open(client, &base, &format!("?month={month}")).await;
            assert_eq!(
                in_view(".bar.is-selected").await,
                json!([true, true]),
                "the chosen month, {month}"
            );
        }
    })
    .await;
}

/// A shared link's month or year (`?to=2022-03`, `?from=2022`), which the
/// API reads as its last (first) day, shows in To (From) as that day, and
/// the address holds it, so the fields, the chips and the chart say what is
/// searched: the fields stayed blank, the chip read "2022-03 – 2022-03" and
/// the chart chose no month, and a date picked then compared against the
/// month's text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_s_month_or_year_shows_in_the_date_fields() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let day = |text: &str, last: bool| {
            let read = if last {
                bulletin::search::parse_filter_to(text)
            } else {
                bulletin::search::parse_filter_from(text)
            };
            read.unwrap_or_else(|err| panic!("{text}: {err}"))
        };
        let expected = |from: Option<chrono::NaiveDate>, to: Option<chrono::NaiveDate>| {
            let mut request = SearchRequest::new("training");
            request.limit = PER_PAGE;
            request.filters.from = from;
            request.filters.to = to;
            engine.search(&request).expect("search")
        };
        // A month in To: its last day.
        let to = day("2022-03", true);
        let page = open(client, &base, "?q=training&to=2022-03").await;
        assert_shows(&page, &expected(None, Some(to)));
        assert_eq!(date_fields(client).await, json!(["", to.to_string()]));
        assert_eq!(page.search, format!("?q=training&to={to}"));
        // A year in From: its first day; a month written with one digit too.
        let (from, to) = (day("2022", false), day("2022-3", true));
        let page = open(client, &base, "?q=training&from=2022&to=2022-3").await;
        assert_shows(&page, &expected(Some(from), Some(to)));
        assert_eq!(
            date_fields(client).await,
            json!([from.to_string(), to.to_string()])
        );
        assert_eq!(page.search, format!("?q=training&from={from}&to={to}"));
        // One month in both: the chip names it and the chart shows it chosen.
        let page = open(client, &base, "?q=training&from=2022-03&to=2022-03").await;
        let (from, to) = (day("2022-03", false), day("2022-03", true));
        assert_shows(&page, &expected(Some(from), Some(to)));
        assert_eq!(
            date_fields(client).await,
            json!([from.to_string(), to.to_string()])
        );
        let shown = client
            .execute(
                "return [[...document.querySelectorAll('#chart-bars .bar[aria-pressed=true]')].map((b) => b.dataset.month), document.querySelector('#active-filters .filter-chip[data-filter=dates]').textContent];",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(shown, json!([["2022-03"], "DatesMarch 2022×"]));
        // Back keeps the first link's meaning.
        client.back().await.expect("back");
        wait_for(
            client,
            "location.search.includes('from=2022-01-01') && document.getElementById('from').value === '2022-01-01'",
            "the year link again",
        )
        .await;
    })
    .await;
}

/// A corpus whose months span more than the chart draws month by month (an
/// activity of 1995 beside the shipped bulletin of 2022) still shows every
/// month that has activities, with its count, the latest last: the chart
/// drew the first 241 months from May 1995 and stopped in 2015, so the
/// months of every other activity were not on it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_chart_of_many_years_shows_every_month_with_activities() {
    let old = "UNODC held an early workshop on border control\n\
               5 May 1995, Skopje, North Macedonia: UNODC held a workshop on border control.\n";
    in_browser_with(&[("1995-05-early.txt", old)], |client, engine, base| async move {
        let client = &client;
        let mut request = SearchRequest::new("");
        request.limit = 0;
        let counted: BTreeMap<String, u64> = engine
            .facet(FacetField::Month, &request)
            .expect("month counts")
            .into_iter()
            .map(|c| (c.value, c.count))
            .collect();
        let (first, last) = (
            counted.keys().next().expect("a month").clone(),
            counted.keys().next_back().expect("a month").clone(),
        );
        assert!(
            first.starts_with("1995") && last.starts_with("2022"),
            "the test needs months 20 years apart: {counted:?}"
        );
        let page = open(client, &base, "").await;
        let shown: BTreeMap<String, u64> = page
            .bars
            .iter()
            .filter(|(_, n)| *n > 0)
            .cloned()
            .collect();
        assert_eq!(
            shown,
            counted,
            "{} bars, {:?} to {:?}",
            page.bars.len(),
            page.bars.first(),
            page.bars.last()
        );
        assert_eq!(page.bars.last().map(|(m, _)| m.as_str()), Some(last.as_str()));
        // Each bar's label names its year where the year changes.
        let labels = client
            .execute(
                "return [...document.querySelectorAll('#chart-bars .bar-label')].map((l) => l.textContent);",
                vec![],
            )
            .await
            .expect("read");
        let labels: Vec<String> = serde_json::from_value(labels).expect("labels");
        let mut year = String::new();
        for ((month, _), label) in page.bars.iter().zip(&labels) {
            if !month.starts_with(&year) || year.is_empty() {
                year = month[..4].to_string();
                assert!(label.ends_with(&year[2..]), "{month}: {label}");
            }
        }
        assert_eq!(overflow(client).await, Some(0), "the chart widens the page");
    })
    .await;
}

/// A corrected typo's notice offers the corrected words as a link, which
/// searches them as typed (the box and the address then hold them, the
/// filters and order kept); the notice was plain text, so the misspelt
/// words stayed in the box for the next search to correct again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_corrected_typo_is_offered_as_a_link() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let typed = "Podgoricca trainng";
        let corrected = answer_for(&engine, typed)
            .corrected
            .expect("the test needs a correction");
        open(client, &base, &format!("{}&sort=newest", q_link(typed))).await;
        let link = client
            .execute(
                "const a = document.querySelector('#notices a[data-corrected]'); return a ? [a.textContent, a.getAttribute('href')] : null;",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(
            link[0].as_str(),
            Some(corrected.as_str()),
            "the notice's link: {link}"
        );
        let page = click_and_settle(client, "#notices a[data-corrected]").await;
        assert_eq!(address_q(client).await, corrected);
        assert!(page.search.contains("sort=newest"), "{page:?}");
        let mut request = SearchRequest::new(&corrected);
        request.limit = PER_PAGE;
        request.sort = bulletin::search::Sort::Newest;
        let answer = engine.search(&request).expect("search");
        assert_eq!(answer.corrected, None);
        assert_shows(&page, &answer);
        let notices = client
            .execute("return document.getElementById('notices').textContent;", vec![])
            .await
            .expect("read");
        assert!(
            !notices.as_str().unwrap_or_default().contains("Showing results for"),
            "{notices}"
        );
    })
    .await;
}

/// A link's `sort` and `online` are read as the API reads them, in any case
/// (`sort=Newest`, `online=TRUE`): the page named them as not understood and
/// searched by relevance, all activities, where the JSON link of the same
/// search answered newest first, online only. A `page` that is no whole
/// number (`page=2abc`, which the API refuses) is named and left out, and
/// page 1 is shown: the page named it as left out and showed page 2.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_link_s_sort_and_online_are_read_in_any_case() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let page = open(client, &base, "?sort=Newest&online=TRUE").await;
        let mut request = SearchRequest::new("");
        request.limit = PER_PAGE;
        request.sort = bulletin::search::Sort::Newest;
        request.filters.online = true;
        let answer = engine.search(&request).expect("search");
        assert!(answer.total > 0, "the test needs online activities");
        assert_shows(&page, &answer);
        assert_eq!(page.search, "?online=true&sort=newest");
        let shown = client
            .execute(
                "return [document.getElementById('sort').value, document.querySelector('#facets input[data-facet=online]').checked, document.getElementById('notices').textContent];",
                vec![],
            )
            .await
            .expect("read");
        assert_eq!(shown, json!(["newest", true, ""]));

        let page = open(client, &base, "?page=2abc").await;
        let mut request = SearchRequest::new("");
        request.limit = PER_PAGE;
        let answer = engine.search(&request).expect("search");
        assert!(answer.total > PER_PAGE, "the test needs two pages");
        assert_shows(&page, &answer);
        assert_eq!(page.search, "");
        let notice = client
            .execute(
                "const n = document.querySelector('#notices [data-notice=link]'); return n ? n.textContent : '';",
                vec![],
            )
            .await
            .expect("read");
        assert!(
            notice.as_str().unwrap_or_default().contains("“page=2abc”"),
            "{notice}"
        );
    })
    .await;
}

/// The room between an arrow and its words ("‹ Previous", "Next ›",
/// "‹ Back to results"), measured on the screen: the arrows and the words
/// of each link, in the order of the page.
const ARROW_GAPS: &str = "return [...document.querySelectorAll('#pager a, #pager span.disabled, #doc-view .back')].filter((link) => link.offsetParent !== null).map((link) => { \
     const arrow = link.querySelector('.arrow').getBoundingClientRect(); \
     const text = [...link.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.data.trim()); \
     const start = text.data.search(/\\S/), end = text.data.trimEnd().length; \
     const range = document.createRange(); range.setStart(text, start); range.setEnd(text, end); const words = range.getBoundingClientRect(); \
     return Math.max(words.left - arrow.right, arrow.left - words.right); });";

/// On a phone the pager's arrows and "Back to results" keep the space
/// between the arrow and the words that they have on a wide screen: the
/// links, made 44 px tall flex boxes there, dropped it ("‹Previous",
/// "Next›", "‹Back to results").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_arrow_keeps_its_space_from_the_words_on_a_phone() {
    in_browser(|client, _engine, base| async move {
        let client = &client;
        let mut gaps = Vec::new();
        for (width, height) in [(1280, 900), (390, 844)] {
            client.set_window_size(width, height).await.expect("resize");
            open(client, &base, "?page=2").await;
            let pager = client.execute(ARROW_GAPS, vec![]).await.expect("measure");
            click_and_settle(client, "#results li.result h2 a").await;
            let back = client.execute(ARROW_GAPS, vec![]).await.expect("measure");
            let mut measured: Vec<f64> = serde_json::from_value(pager).expect("gaps");
            measured.extend(serde_json::from_value::<Vec<f64>>(back).expect("gaps"));
            gaps.push(measured);
        }
        let (wide, phone) = (&gaps[0], &gaps[1]);
        assert_eq!(wide.len(), 3, "Previous, Next and Back: {wide:?}");
        assert!(
            wide.iter().all(|g| *g > 1.0),
            "a space on a wide screen: {wide:?}"
        );
        assert_eq!(phone.len(), wide.len());
        for (p, w) in phone.iter().zip(wide) {
            assert!(p + 0.5 >= *w, "on a phone {phone:?}, wide {wide:?}");
        }
    })
    .await;
}

/// Removing a country's chip (or its way out of an empty answer) takes its
/// cities' filters with it, as unticking its row does: the chip left
/// `city=Sarajevo`, so "Remove Country: Bosnia and Herzegovina" changed no
/// result. A city of another country stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_a_country_chip_removes_its_cities() {
    in_browser(|client, engine, base| async move {
        let client = &client;
        let mut request = SearchRequest::new("");
        request.limit = 0;
        let countries = engine
            .facet(FacetField::Country, &request)
            .expect("country counts");
        // Two countries with a city each, from the index's own tree.
        let placed: Vec<(String, String)> = countries
            .iter()
            .filter_map(|c| Some((c.value.clone(), c.children.first()?.value.clone())))
            .take(2)
            .collect();
        assert_eq!(placed.len(), 2, "the test needs two countries with cities");
        let [(country, city), (other_country, other_city)] = [placed[0].clone(), placed[1].clone()];
        let link = format!(
            "?q=training&country={}&country={}&city={}&city={}",
            country, other_country, city, other_city
        )
        .replace(' ', "+");
        open(client, &base, &link).await;
        let chip = format!(
            "#active-filters .filter-chip[data-filter=country][aria-label={}]",
            css_string(&format!("Remove filter Country: {country}"))
        );
        let page = click_and_settle(client, &chip).await;
        let mut expected = SearchRequest::new("training");
        expected.limit = PER_PAGE;
        expected.filters.country = vec![other_country.clone()];
        expected.filters.city = vec![other_city.clone()];
        let plus = |s: &str| s.replace(' ', "+");
        assert_eq!(
            page.search,
            format!(
                "?q=training&country={}&city={}",
                plus(&other_country),
                plus(&other_city)
            )
        );
        assert_shows(&page, &engine.search(&expected).expect("search"));

        // Typed in the search box: the country's clause and its city's go
        // out of the text together.
        let typed = format!("country:\"{country}\" city:\"{city}\" training");
        open(client, &base, &q_link(&typed)).await;
        let page =
            click_and_settle(client, "#active-filters .filter-chip[data-filter=country]").await;
        assert_eq!(address_q(client).await, "training");
        assert_shows(&page, &answer_for(&engine, "training"));
    })
    .await;
}

/// Each month's label on the chart stays within its bar, on a phone too,
/// and the bars stand on one line: with eight months on a phone the bars
/// are 34 px wide and the labels ("Aug 2021") ran into one another
/// ("Aug 202Sep 202Oct 202…").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_chart_s_labels_stay_within_their_bars_on_a_phone() {
    // A workshop a month for the six months before the shipped bulletin's two.
    let files: Vec<(String, String)> = (1..=6)
        .map(|back| {
            let day = chrono::NaiveDate::from_ymd_opt(2022, 2, 4)
                .and_then(|d| d.checked_sub_months(chrono::Months::new(back)))
                .expect("a day");
            (
                format!("{}-news.txt", day.format("%Y-%m")),
                format!(
                    "Workshop on port security in Tirana\n\
                     {}, Tirana, Albania: A workshop on port security.\n",
                    day.format("%-d %B %Y")
                ),
            )
        })
        .collect();
    let extra: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    in_browser_with(&extra, |client, _engine, base| async move {
        let client = &client;
        let measure = "return [...document.querySelectorAll('#chart-bars .bar')].map((bar) => { \
             const label = bar.querySelector('.bar-label'); const range = document.createRange(); \
             range.selectNodeContents(label); const text = range.getBoundingClientRect(); \
             const box = label.getBoundingClientRect(); \
             return [bar.dataset.month, text.left >= box.left - 0.5 && text.right <= box.right + 0.5, \
                     Math.round(bar.querySelector('.bar-area').getBoundingClientRect().bottom)]; });";
        for (width, height) in [(1280, 900), (375, 800)] {
            client.set_window_size(width, height).await.expect("resize");
            let page = open(client, &base, "").await;
            assert_eq!(page.bars.len(), 8, "{:?}", page.bars);
            let bars: Vec<(String, bool, i64)> =
                serde_json::from_value(client.execute(measure, vec![]).await.expect("measure"))
                    .expect("bars");
            for (month, within, _) in &bars {
                assert!(within, "{width} px: the label of {month} runs out of its bar");
            }
            let bottoms: Vec<i64> = bars.iter().map(|b| b.2).collect();
            assert!(
                bottoms.windows(2).all(|w| w[0] == w[1]),
                "{width} px: bars on one line: {bottoms:?}"
            );
        }
    })
    .await;
}

/// A result card marks the query's words in its title as the JSON's
/// `title_highlights` do, and in its places the words its dateline
/// matched (`Pristina`, searched, in `Pristina, Kosovo`), each as a
/// `<mark>` of text: a title that holds markup shows it as text.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_result_card_marks_the_query_s_words_in_its_title_and_places() {
    let hostile = "<img src=x onerror=\"document.body.dataset.hacked=1\"> firearms & <b>firearms</b> talks\n\
                   4 April 2022, Tirana, Albania: Experts met.\n";
    in_browser_with(&[("2022-04-markup.txt", hostile)], |client, engine, base| async move {
        let client = &client;
        let read = "return [...document.querySelectorAll('#results li.result')].map((card) => ({\
                    title: card.querySelector('h2').textContent,\
                    marks: [...card.querySelectorAll('h2 mark')].map((m) => m.textContent),\
                    places: [...card.querySelectorAll('.meta-where mark')].map((m) => m.textContent),\
                    elements: card.querySelectorAll('h2 img, h2 b').length }));";
        let mut request = SearchRequest::new("firearms");
        request.limit = PER_PAGE;
        let answer = engine.search(&request).expect("search");
        let page = open(client, &base, "?q=firearms").await;
        assert_eq!(page.ids, answer.hits.iter().map(|h| h.id.clone()).collect::<Vec<_>>());
        let cards = client.execute(read, vec![]).await.expect("read");
        let mut marked = 0;
        for (hit, card) in answer.hits.iter().zip(cards.as_array().expect("cards")) {
            let chars: Vec<char> = hit.title.chars().collect();
            let expected: Vec<String> = hit
                .title_highlights
                .iter()
                .map(|[a, b]| chars[*a..*b].iter().collect())
                .collect();
            assert!(expected.iter().all(|m| m.eq_ignore_ascii_case("firearms")), "{expected:?}");
            assert_eq!(card["title"], json!(hit.title), "{}", hit.id);
            assert_eq!(card["marks"], json!(expected), "{}", hit.id);
            assert_eq!(card["elements"], json!(0), "{}", hit.id);
            marked += expected.len();
        }
        assert!(marked >= 4, "{cards}");
        let hacked = client
            .execute("return document.body.dataset.hacked || null;", vec![])
            .await
            .expect("read");
        assert_eq!(hacked, Value::Null, "markup in a title ran");
        open(client, &base, "?q=Pristina").await;
        let cards = client.execute(read, vec![]).await.expect("read");
        let cards = cards.as_array().expect("cards");
        assert!(!cards.is_empty());
        for card in cards {
            assert_eq!(card["places"], json!(["Pristina"]), "{card}");
        }
    })
    .await;
}
