//! `bulletin serve` under load and under attack, over real TCP on 127.0.0.1
//! only: the binary listens on port 0 and a small HTTP/1.1 keep-alive client
//! (std's `TcpStream`) sends a bounded number of requests.
//!
//! `BULLETIN_LOAD_REQUESTS` sets the number of mixed requests: 20,000 by
//! default in a release build (`cargo test --release --test load -- --nocapture`
//! prints p50 and p99), 600 in a debug build so `cargo test` stays short.
//! The index holds the shipped bulletin and 500 generated entries (100 in a
//! debug build). Every answer is checked against the library's own answer to
//! the same request.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bulletin::generate::generate_corpus;
use bulletin::index::{IndexOptions, build};
use bulletin::search::Engine;
use bulletin::web::HEADER_READ_TIMEOUT;
use bulletin::web::routes::{DEFAULT_PER_PAGE, WebSearch};
use common::{judged_queries, shipped_bulletin};
use serde_json::Value;

/// Connections that send requests at once.
const CONNECTIONS: usize = 32;
/// Clients that hang on the server while others are measured.
const SLOW_CLIENTS: usize = 20;
/// Longest one request may take before the test calls it hung.
const HANG: Duration = Duration::from_secs(60);

/// The tests of this file share the machine's two cores: one at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// A `bulletin serve` process on an index of the shipped bulletin and a
/// generated corpus, and an engine on the same index for the expected answers.
struct Server {
    child: Child,
    addr: SocketAddr,
    engine: Engine,
    _dir: tempfile::TempDir,
}

impl Server {
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus");
        std::fs::copy(shipped_bulletin(), corpus.join("shipped.txt")).expect("copy");
        generate_corpus(&corpus.join("generated"), generated_entries(), 3).expect("generate");
        let index = dir.path().join("index");
        build(&IndexOptions::new(&index, vec![corpus.clone()])).expect("index");
        let engine = Engine::open(&index).expect("opens");
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(&corpus)
            .args(["serve", "--addr", "127.0.0.1:0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = sender.send(line);
            }
        });
        let line = receiver
            .recv_timeout(HANG)
            .expect("the server says where it listens");
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|addr| addr.parse().ok())
            .unwrap_or_else(|| panic!("no address in {line:?}"));
        Server {
            child,
            addr,
            engine,
            _dir: dir,
        }
    }

    fn connect(&self) -> Client {
        Client::connect(self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An answer: status and body.
#[derive(Debug)]
struct Answer {
    status: u16,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|err| {
            panic!("not JSON ({err}): {}", String::from_utf8_lossy(&self.body))
        })
    }
}

/// One keep-alive HTTP/1.1 connection.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).expect("connects");
        stream.set_read_timeout(Some(HANG)).expect("timeout");
        stream.set_nodelay(true).expect("nodelay");
        Client {
            reader: BufReader::new(stream),
        }
    }

    /// Sends raw bytes as a request and reads the answer.
    fn send(&mut self, request: &[u8]) -> std::io::Result<Answer> {
        self.reader.get_mut().write_all(request)?;
        self.read_answer()
    }

    fn get(&mut self, target: &str) -> std::io::Result<Answer> {
        let request = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        self.send(request.as_bytes())
    }

    fn read_answer(&mut self) -> std::io::Result<Answer> {
        let broken = |why: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, why);
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        let status: u16 = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| broken("no status"))?;
        let mut length = None;
        let mut chunked = false;
        loop {
            line.clear();
            self.reader.read_line(&mut line)?;
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').ok_or_else(|| broken("header"))?;
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse::<usize>().ok(),
                "transfer-encoding" => chunked = value.trim().eq_ignore_ascii_case("chunked"),
                _ => {}
            }
        }
        let mut body = Vec::new();
        if chunked {
            loop {
                line.clear();
                self.reader.read_line(&mut line)?;
                let size = usize::from_str_radix(line.trim(), 16).map_err(|_| broken("chunk"))?;
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk)?;
                if size == 0 {
                    break;
                }
                body.extend_from_slice(&chunk[..size]);
            }
        } else if let Some(length) = length {
            body.resize(length, 0);
            self.reader.read_exact(&mut body)?;
        } else {
            self.reader.read_to_end(&mut body)?;
        }
        Ok(Answer { status, body })
    }
}

/// What a request must answer.
#[derive(Debug, Clone)]
enum Expect {
    /// `/api/search`: this total.
    Total(usize),
    /// `/api/facets/...`: this list of values.
    Facets(Vec<String>),
    /// `/api/doc/...`: this record.
    Doc(String),
    /// `/api/suggest`: a JSON list.
    Suggestions,
    /// `/feed.atom`: an Atom feed.
    Feed,
    /// `/healthz`: this many entries.
    Health(u64),
}

fn encode(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

/// The mixed requests: searches with and without filters, sorts and pages,
/// facets, documents, suggestions, feeds and health checks, each with the
/// library's answer to it.
fn mixed_requests(server: &Server) -> Vec<(String, Expect)> {
    let engine = &server.engine;
    let countries: Vec<String> = engine
        .facet(
            bulletin::search::query::FacetField::Country,
            &bulletin::search::SearchRequest::new(""),
        )
        .expect("facets")
        .into_iter()
        .map(|c| c.value)
        .take(5)
        .collect();
    let queries: Vec<String> = judged_queries()
        .iter()
        .filter_map(|q| q["query"].as_str().map(String::from))
        .collect();
    let mut requests = Vec::new();
    for (n, query) in queries.iter().enumerate() {
        let country = &countries[n % countries.len()];
        for params in [
            format!("q={}", encode(query)),
            format!("q={}&country={}", encode(query), encode(country)),
            format!("q={}&sort=newest&page=2&per_page=5", encode(query)),
            format!("q={}&from=2015-01-01&to=2022-12-31&sdg=16", encode(query)),
            format!("country={}&online=1", encode(country)),
        ] {
            let search =
                WebSearch::from_query(Some(&params), DEFAULT_PER_PAGE).expect("valid parameters");
            let total = engine.search(&search.request).expect("search").total;
            requests.push((format!("/api/search?{params}"), Expect::Total(total)));
        }
        let mut request = bulletin::search::SearchRequest::new(query.clone());
        request.facets = true;
        let cities: Vec<String> = engine
            .facet(bulletin::search::query::FacetField::City, &request)
            .expect("facet")
            .into_iter()
            .map(|c| c.value)
            .collect();
        requests.push((
            format!("/api/facets/city?q={}", encode(query)),
            Expect::Facets(cities),
        ));
        let prefix: String = query.chars().take(3).collect();
        requests.push((
            format!("/api/suggest?q={}", encode(&prefix)),
            Expect::Suggestions,
        ));
        requests.push((format!("/feed.atom?q={}", encode(query)), Expect::Feed));
    }
    for record in engine.records().expect("records").into_iter().step_by(50) {
        requests.push((
            format!("/api/doc/{}", encode(&record.id)),
            Expect::Doc(record.id),
        ));
    }
    let entries = engine.searcher().num_docs();
    for _ in 0..10 {
        requests.push(("/healthz".to_string(), Expect::Health(entries)));
    }
    requests
}

/// Why an answer is wrong, or `None` when it is right.
fn check(answer: &Answer, expect: &Expect) -> Option<String> {
    if answer.status != 200 {
        return Some(format!(
            "status {}: {}",
            answer.status,
            String::from_utf8_lossy(&answer.body)
        ));
    }
    let wrong = match expect {
        Expect::Total(total) => answer.json()["total"].as_u64() != Some(*total as u64),
        Expect::Facets(values) => {
            let got: Vec<String> = answer
                .json()
                .as_array()
                .map(|list| {
                    list.iter()
                        .filter_map(|c| c["value"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            &got != values
        }
        Expect::Doc(id) => answer.json()["record"]["id"].as_str() != Some(id),
        Expect::Suggestions => !answer.json().is_array(),
        Expect::Feed => !String::from_utf8_lossy(&answer.body).contains("<feed"),
        Expect::Health(entries) => answer.json()["entries"].as_u64() != Some(*entries),
    };
    wrong.then(|| {
        format!(
            "expected {expect:?}, got {}",
            String::from_utf8_lossy(&answer.body)
        )
    })
}

fn percentile(sorted: &[Duration], percent: usize) -> Duration {
    sorted[(sorted.len() * percent / 100).min(sorted.len() - 1)]
}

/// Generated entries indexed beside the shipped bulletin: fewer in a debug
/// build, whose searches are many times slower.
fn generated_entries() -> usize {
    if cfg!(debug_assertions) { 100 } else { 500 }
}

fn request_count() -> usize {
    let default = if cfg!(debug_assertions) { 600 } else { 20_000 };
    std::env::var("BULLETIN_LOAD_REQUESTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(default)
}

/// Sends `count` requests from the list over `connections` keep-alive
/// connections, or fewer when `until` comes first; returns each latency
/// (sorted) and the errors.
fn run_load(
    server: &Server,
    requests: &Arc<Vec<(String, Expect)>>,
    count: usize,
    connections: usize,
    until: Option<Instant>,
) -> (Vec<Duration>, Vec<String>) {
    let next = Arc::new(AtomicUsize::new(0));
    let workers: Vec<_> = (0..connections)
        .map(|_| {
            let (requests, next) = (requests.clone(), next.clone());
            let mut client = server.connect();
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                loop {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    if n >= count || until.is_some_and(|until| Instant::now() >= until) {
                        break;
                    }
                    let (target, expect) = &requests[n % requests.len()];
                    let started = Instant::now();
                    match client.get(target) {
                        Ok(answer) => {
                            latencies.push(started.elapsed());
                            if let Some(why) = check(&answer, expect) {
                                errors.push(format!("{target}: {why}"));
                            }
                        }
                        Err(err) => {
                            errors.push(format!("{target}: {err}"));
                            break;
                        }
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = Vec::new();
    for worker in workers {
        let (l, e) = worker.join().expect("a client thread");
        latencies.extend(l);
        errors.extend(e);
    }
    latencies.sort();
    (latencies, errors)
}

#[test]
fn mixed_requests_at_32_connections_all_answer_right() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start();
    let requests = Arc::new(mixed_requests(&server));
    let count = request_count();
    let started = Instant::now();
    let (latencies, errors) = run_load(&server, &requests, count, CONNECTIONS, None);
    let elapsed = started.elapsed();
    eprintln!(
        "{count} requests ({} distinct) at {CONNECTIONS} connections in {:.1} s: {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} errors",
        requests.len(),
        elapsed.as_secs_f64(),
        count as f64 / elapsed.as_secs_f64(),
        percentile(&latencies, 50).as_secs_f64() * 1000.0,
        percentile(&latencies, 99).as_secs_f64() * 1000.0,
        latencies.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
        errors.len()
    );
    assert!(errors.is_empty(), "{:?}", &errors[..errors.len().min(5)]);
    assert_eq!(latencies.len(), count);
}

/// Sends raw bytes on a fresh connection and reads the answer's status;
/// `None` when the server closes the connection without one.
fn status_of_raw(server: &Server, request: &[u8]) -> Option<u16> {
    let mut client = server.connect();
    client.send(request).ok().map(|answer| answer.status)
}

#[test]
fn hostile_requests_get_a_4xx_and_the_server_keeps_answering() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start();
    let long_query = "q=".to_string() + &"a".repeat(bulletin::search::MAX_QUERY_CHARS + 1);
    let long_string = "q=a&".to_string()
        + &"country=x&".repeat(bulletin::web::routes::MAX_QUERY_STRING_BYTES / 10 + 1);
    let many_values = "country=x&".repeat(bulletin::web::routes::MAX_VALUES_PER_FILTER + 1);
    let huge_url =
        "/api/search?q=".to_string() + &"a".repeat(2 * bulletin::web::MAX_REQUEST_HEAD_BYTES);
    let targets: Vec<String> = vec![
        // Malformed and huge query strings.
        "/api/search?q=%".into(),
        "/api/search?q=%zz".into(),
        "/api/search?q=100%".into(),
        "/api/search?=x".into(),
        "/api/search?q=a&q=b".into(),
        format!("/api/search?{long_query}"),
        format!("/api/search?{long_string}"),
        format!("/api/search?{many_values}"),
        "/api/search?per_page=99999999999999999999999".into(),
        "/api/search?page=1000000&per_page=100".into(),
        "/api/suggest?q=a&limit=100000".into(),
        "/api/facets/nothing".into(),
        huge_url,
        // Invalid UTF-8, percent-encoded.
        "/api/search?q=%FF".into(),
        "/api/search?q=caf%C3".into(),
        "/api/facets/%FF%FE".into(),
        "/api/doc/%C0%AF".into(),
        // Path traversal, plain and encoded.
        "/../../../../etc/passwd".into(),
        "/assets/../../etc/passwd".into(),
        "/%2e%2e/%2e%2e/etc/passwd".into(),
        "/assets/%2e%2e%2f%2e%2e%2fetc%2fpasswd".into(),
        "/assets/..%2fapp.js".into(),
        "/api/doc/..%2f..%2f..%2fetc%2fpasswd".into(),
        "/api/doc/%2e%2e".into(),
        "/assets/..%5c..%5cwindows%5cwin.ini".into(),
        "//etc/passwd".into(),
    ];
    for target in &targets {
        let request = format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        let status = status_of_raw(&server, request.as_bytes());
        let shown: String = target.chars().take(80).collect();
        assert!(
            status.is_some_and(|s| (400..500).contains(&s)),
            "{shown}: {status:?}"
        );
    }
    // Raw bytes that are not a valid request target, and other broken requests.
    let raw: Vec<Vec<u8>> = vec![
        b"GET /api/search?q=\xff\xfe HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /api/search?q=a b HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec(),
        b"POST /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".to_vec(),
        b"GET /api/search HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".to_vec(),
        format!(
            "GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n",
            "b".repeat(2 * bulletin::web::MAX_REQUEST_HEAD_BYTES)
        )
        .into_bytes(),
        (0..200)
            .map(|n| format!("X-Header-{n}: {n}\r\n"))
            .fold(b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec(), |mut r, h| {
                r.extend_from_slice(h.as_bytes());
                r
            })
            .into_iter()
            .chain(*b"\r\n")
            .collect(),
        b"NONSENSE\r\n\r\n".to_vec(),
    ];
    for request in &raw {
        let status = status_of_raw(&server, request);
        let shown = String::from_utf8_lossy(&request[..request.len().min(60)]).into_owned();
        // hyper answers what it cannot parse with a 4xx, or closes the connection.
        assert!(
            status.is_none_or(|s| (400..500).contains(&s)),
            "{shown:?}: {status:?}"
        );
    }
    let mut client = server.connect();
    let health = client.get("/healthz").expect("the server still answers");
    assert_eq!(health.status, 200);
    assert_eq!(
        health.json()["entries"].as_u64(),
        Some(server.engine.searcher().num_docs())
    );
}

/// A client that sends a request's headers one byte a second, or stops
/// half-way; returns how long the server took to cut it off, and whether it
/// answered 408 first.
fn hang_on(addr: SocketAddr, trickle: bool) -> (Duration, Option<u16>) {
    let started = Instant::now();
    let mut stream = TcpStream::connect(addr).expect("connects");
    let request = b"GET /api/search?q=firearms HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n";
    let mut sent = if trickle { 1 } else { 20 };
    stream.write_all(&request[..sent]).expect("first bytes");
    stream
        .set_read_timeout(Some(Duration::from_secs(1)))
        .expect("timeout");
    let mut answer = Vec::new();
    let mut buffer = [0u8; 1024];
    while started.elapsed() < HANG {
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => answer.extend_from_slice(&buffer[..n]),
            Err(err)
                if matches!(
                    err.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) =>
            {
                // A second went by: one more byte (never the last, so the head never ends).
                if trickle && sent < request.len() - 1 {
                    if stream.write_all(&request[sent..sent + 1]).is_err() {
                        break;
                    }
                    sent += 1;
                }
            }
            Err(_) => break,
        }
    }
    let status = String::from_utf8_lossy(&answer)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok());
    (started.elapsed(), status)
}

#[test]
fn slow_clients_are_cut_off_without_slowing_the_others() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start();
    let requests = Arc::new(mixed_requests(&server));
    // Other clients for half the header timeout: alone, then beside the slow ones.
    let window = HEADER_READ_TIMEOUT / 2;
    let (alone, errors) = run_load(
        &server,
        &requests,
        usize::MAX,
        4,
        Some(Instant::now() + window),
    );
    assert!(errors.is_empty(), "{errors:?}");

    let addr = server.addr;
    let slow: Vec<_> = (0..SLOW_CLIENTS)
        .map(|n| std::thread::spawn(move || hang_on(addr, n % 2 == 0)))
        .collect();
    let slow_started = Instant::now();
    std::thread::sleep(Duration::from_millis(500));
    let (beside, errors) = run_load(
        &server,
        &requests,
        usize::MAX,
        4,
        Some(Instant::now() + window),
    );
    let others_done = slow_started.elapsed();
    assert!(errors.is_empty(), "{errors:?}");
    let cut_off: Vec<(Duration, Option<u16>)> = slow
        .into_iter()
        .map(|t| t.join().expect("a slow client"))
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!(
        "4 connections for {window:?}: {} requests, p50 {:.2} ms, p99 {:.2} ms alone; {} requests, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms beside {SLOW_CLIENTS} slow clients",
        alone.len(),
        ms(percentile(&alone, 50)),
        ms(percentile(&alone, 99)),
        beside.len(),
        ms(percentile(&beside, 50)),
        ms(percentile(&beside, 99)),
        ms(*beside.last().expect("latencies")),
    );
    eprintln!("slow clients cut off after (time, status): {cut_off:?}");
    assert!(!beside.is_empty(), "the others were answered");
    // The others were answered while the slow clients still hung on: none
    // waited for the server to cut the slow ones off.
    let first_cut = cut_off.iter().map(|(took, _)| *took).min().expect("slow");
    assert!(others_done < first_cut, "{others_done:?} vs {first_cut:?}");
    for (took, status) in &cut_off {
        assert!(
            *took >= HEADER_READ_TIMEOUT && *took < HEADER_READ_TIMEOUT * 3,
            "cut off after {took:?}"
        );
        assert!(status.is_none_or(|s| s == 408), "{status:?}");
    }
}

/// More silent connections than the server serves at once (each opened and
/// never written to) do not keep another client out: a connection is
/// served from its first byte on. A client that closes its side after its
/// request (`nc -N`) still gets the answer.
#[test]
fn silent_connections_hold_no_place_and_half_closed_clients_are_answered() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let server = Server::start();
    let opened = Instant::now();
    let silent: Vec<TcpStream> = (0..bulletin::web::MAX_CONNECTIONS + 40)
        .map(|_| TcpStream::connect(server.addr).expect("connects"))
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    let answer = server.connect().get("/healthz").expect("answered");
    let waited = opened.elapsed();
    assert_eq!(answer.status, 200);
    // The silent ones are cut off HEADER_READ_TIMEOUT after they connected:
    // this answer came before, so it did not wait for their places.
    assert!(
        waited < HEADER_READ_TIMEOUT,
        "answered after {waited:?}, as the silent connections were cut off"
    );
    drop(silent);

    for target in ["/api/search?q=firearms", "/healthz"] {
        let mut stream = TcpStream::connect(server.addr).expect("connects");
        let request =
            format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        stream.write_all(request.as_bytes()).expect("sends");
        stream
            .shutdown(std::net::Shutdown::Write)
            .expect("half-closes");
        stream.set_read_timeout(Some(HANG)).expect("timeout");
        let mut answer = String::new();
        let _ = stream.read_to_string(&mut answer);
        assert!(answer.starts_with("HTTP/1.1 200"), "{target}: {answer:?}");
    }
}
