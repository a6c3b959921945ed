//! The search page and read-only JSON API of `bulletin serve`.
//!
//! This module owns the HTTP side: the axum [`router`] (page, assets, JSON
//! API, Atom feed, health check), the one mapping from [`crate::Error`] to a
//! status and a JSON body ([`ApiError`]), the security headers, and the
//! server loop of [`serve`]. The page itself (HTML, CSS, JavaScript) is
//! embedded in the binary; the server reads nothing from disk but the index,
//! which the [`Engine`] reloads by itself when `bulletin index` commits.

mod feed;
pub mod routes;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS,
    X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::json;
use tokio::sync::Semaphore;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::cli::{IndexUse, Paths, open_engine};
use crate::error::Error;
use crate::search::Engine;

/// The page, its style sheet and its script, embedded so `serve` needs no files.
const PAGE_HTML: &str = include_str!("page.html");
const APP_CSS: &str = include_str!("app.css");
const APP_JS: &str = include_str!("app.js");
const FAVICON_SVG: &str = include_str!("favicon.svg");

/// Only this server's own files: no inline script or style, nothing from another host.
const CONTENT_SECURITY_POLICY_VALUE: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Searches running at once; more wait their turn (two cores answer faster one by one).
const MAX_CONCURRENT_SEARCHES: usize = 8;
/// A request still unanswered after this long gets 503.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// Every endpoint is a GET: a body has nothing to say.
const MAX_REQUEST_BODY_BYTES: usize = 1024;
/// Longest a client may take to send a request line and headers, and longest
/// an idle keep-alive connection waits for its next request: a client that
/// sends one byte a second, or stops half-way, is cut off after this.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; further clients wait in the listen queue.
/// A connection is served from its first byte on: until then it waits
/// (at most [`HEADER_READ_TIMEOUT`]) among [`MAX_WAITING_CONNECTIONS`].
pub const MAX_CONNECTIONS: usize = 512;
/// Accepted connections that have sent nothing yet.
pub const MAX_WAITING_CONNECTIONS: usize = 4096;
/// Largest request head (request line and headers), in bytes; a larger one is refused.
pub const MAX_REQUEST_HEAD_BYTES: usize = 64 * 1024;
/// How long a stopping server lets open connections finish their requests.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Arguments of `bulletin serve`.
#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to listen on (127.0.0.1 keeps the page on this machine; port 0 picks a free port; a name such as localhost:7878 is looked up)
    #[arg(long, default_value = "127.0.0.1:7878", value_parser = listen_address)]
    pub addr: SocketAddr,
}

/// An address to listen on: `127.0.0.1:7878`, `[::1]:7878`, or a host name
/// and port (`localhost:7878`), looked up, an IPv4 address preferred.
fn listen_address(text: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs;
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    let found: Vec<SocketAddr> = text
        .to_socket_addrs()
        .map_err(|err| format!("{text:?} is not an address like 127.0.0.1:7878 ({err})"))?
        .collect();
    found
        .iter()
        .find(|a| a.is_ipv4())
        .or(found.first())
        .copied()
        .ok_or_else(|| format!("{text:?} names no address"))
}

/// Brings the index up to date with the corpus, then serves the page and the
/// API until Ctrl-C.
pub fn serve(paths: &Paths, args: &ServeArgs) -> anyhow::Result<()> {
    let engine = Arc::new(open_engine(paths, false, IndexUse::Serve)?);
    let entries = engine.searcher().num_docs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the async runtime")?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener
            .local_addr()
            .context("reading the listening address")?;
        println!(
            "bulletin: {entries} activities from {}; open http://{local}/  (Ctrl-C stops)",
            crate::output::terminal_safe(&paths.index.display().to_string())
        );
        if !local.ip().is_loopback() {
            eprintln!(
                "note: listening on {} — anyone who can reach this address can read the index",
                local.ip()
            );
        }
        serve_connections(listener, router(engine), shutdown_signal()).await;
        Ok(())
    })
}

/// Serves HTTP/1.1 on `listener` until `shutdown` resolves, then lets open
/// connections finish for a few seconds.
///
/// Unlike `axum::serve`, each connection has a header read timeout (a slow or
/// silent client cannot hold it: [`HEADER_READ_TIMEOUT`]), a bounded request
/// head ([`MAX_REQUEST_HEAD_BYTES`]), and at most [`MAX_CONNECTIONS`] are
/// served at once, counted from their first byte, so that silent
/// connections do not keep others out. A client that closes its side after
/// its request (`nc -N`) still gets the answer. HTTP/2 is not offered:
/// browsers speak it only over TLS.
pub async fn serve_connections(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()>,
) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    use hyper_util::service::TowerToHyperService;

    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let waiting = Arc::new(Semaphore::new(MAX_WAITING_CONNECTIONS));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let waiting_slot = tokio::select! {
            slot = waiting.clone().acquire_owned() => slot.expect("the waiting semaphore is never closed"),
            () = &mut shutdown => break,
        };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(err) => {
                    // Out of file descriptors, or a connection reset before accept: wait, go on.
                    eprintln!("note: accepting a connection failed: {err}");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let _ = stream.set_nodelay(true);
        let service = TowerToHyperService::new(app.clone());
        let mut stopped = stopped.clone();
        let slots = slots.clone();
        tokio::spawn(async move {
            // Served from its first byte on (or its end: hyper then closes it).
            let mut first = [0u8; 1];
            let slot = tokio::select! {
                spoke = tokio::time::timeout(HEADER_READ_TIMEOUT, stream.peek(&mut first)) => {
                    if !matches!(spoke, Ok(Ok(_))) {
                        return;
                    }
                    tokio::select! {
                        slot = slots.acquire_owned() => match slot {
                            Ok(slot) => slot,
                            Err(_) => return,
                        },
                        _ = stopped.changed() => return,
                    }
                }
                _ = stopped.changed() => return,
            };
            drop(waiting_slot);
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_READ_TIMEOUT)
                .half_close(true)
                .max_buf_size(MAX_REQUEST_HEAD_BYTES);
            let connection = builder.serve_connection(TokioIo::new(stream), service);
            let mut connection = std::pin::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                _ = stopped.changed() => {
                    connection.as_mut().graceful_shutdown();
                    let _ = connection.await;
                }
            }
            drop(slot);
        });
    }
    let _ = stop.send(true);
    let all = u32::try_from(MAX_CONNECTIONS).expect("MAX_CONNECTIONS fits in u32");
    let _ = tokio::time::timeout(SHUTDOWN_GRACE, slots.acquire_many(all)).await;
}

/// Resolves on Ctrl-C (or at once when no signal handler can be installed).
async fn shutdown_signal() {
    if tokio::signal::ctrl_c().await.is_err() {
        eprintln!("note: cannot listen for Ctrl-C; stop the server with a signal");
        std::future::pending::<()>().await;
    }
}

/// What every handler shares: the engine and the permits that bound concurrent searches.
#[derive(Clone)]
pub struct AppState {
    pub engine: Arc<Engine>,
    permits: Arc<Semaphore>,
}

impl AppState {
    /// Runs `job` on the blocking pool (tantivy searches block), one permit at a time.
    pub async fn run_blocking<T, F>(&self, job: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Engine) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "shutting down"))?;
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || {
            let answer = job(&engine);
            drop(permit);
            answer
        })
        .await
        .map_err(|err| {
            // A panic reading a damaged index: say so, not the panic's text.
            let reason = if err.is_panic() {
                crate::fault::explain(
                    crate::fault::take_last(),
                    &self.engine.dir().display().to_string(),
                )
            } else {
                "the search was cancelled".to_string()
            };
            eprintln!("error: {reason}");
            ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, reason)
        })?
    }
}

/// The router of the page and the API, on an open engine. Tests call it
/// without a network through `tower::ServiceExt::oneshot`.
pub fn router(engine: Arc<Engine>) -> Router {
    let state = AppState {
        engine,
        permits: Arc::new(Semaphore::new(MAX_CONCURRENT_SEARCHES)),
    };
    Router::new()
        .route("/", get(page))
        .route("/assets/app.css", get(app_css))
        .route("/assets/app.js", get(app_js))
        .route("/assets/favicon.svg", get(favicon))
        .route("/api/search", get(routes::search))
        .route("/api/facets/{field}", get(routes::facets))
        .route("/api/doc/{id}", get(routes::doc))
        .route("/api/suggest", get(routes::suggest))
        .route("/feed.atom", get(feed::feed))
        .route("/export.csv", get(routes::export_csv))
        .route("/healthz", get(routes::healthz))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state)
        .layer(CompressionLayer::new())
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            REQUEST_TIMEOUT,
        ))
        .layer(RequestBodyLimitLayer::new(MAX_REQUEST_BODY_BYTES))
        .layer(axum::middleware::map_response(json_errors))
        .layer(axum::middleware::map_response(security_headers))
}

/// An error answered by a layer rather than a handler (a body over the
/// limit, 413; a request past the time limit, 503) gets the JSON every other
/// error has, instead of plain text or nothing.
async fn json_errors(response: Response) -> Response {
    let status = response.status();
    let typed = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json") || t.starts_with("text/html"));
    if typed || !(status.is_client_error() || status.is_server_error()) {
        return response;
    }
    let message = match status {
        StatusCode::PAYLOAD_TOO_LARGE => format!(
            "a request body may have at most {MAX_REQUEST_BODY_BYTES} bytes (every endpoint is a GET)"
        ),
        StatusCode::SERVICE_UNAVAILABLE => format!(
            "the request took over {} s; try a narrower search",
            REQUEST_TIMEOUT.as_secs()
        ),
        _ => status
            .canonical_reason()
            .unwrap_or("the request failed")
            .to_string(),
    };
    ApiError::new(status, message).into_response()
}

/// An error answer: a status and `{"error": message, "code": code}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
}

impl ApiError {
    /// An error with this status and message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
        }
    }

    /// A 400 naming the parameter at fault.
    pub fn bad_parameter(name: &str, reason: impl std::fmt::Display) -> Self {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!("invalid parameter {name:?}: {reason}"),
        )
    }

    fn code(&self) -> &'static str {
        match self.status {
            StatusCode::BAD_REQUEST => "bad_request",
            StatusCode::NOT_FOUND => "not_found",
            StatusCode::GONE => "gone",
            StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
            StatusCode::SERVICE_UNAVAILABLE => "unavailable",
            StatusCode::PAYLOAD_TOO_LARGE => "too_large",
            _ => "internal",
        }
    }
}

/// The one mapping from library errors to HTTP: what the caller got wrong is
/// 4xx, what went wrong here is 5xx.
impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        let status = match &err {
            Error::InvalidArgument { .. } => StatusCode::BAD_REQUEST,
            Error::UnknownId(_) | Error::ShortId(_) | Error::AmbiguousId { .. } => {
                StatusCode::NOT_FOUND
            }
            // A bookmark of an activity since removed: gone for good.
            Error::RemovedId(_) => StatusCode::GONE,
            Error::NoIndex(_) | Error::Locked { .. } => StatusCode::SERVICE_UNAVAILABLE,
            _ => StatusCode::INTERNAL_SERVER_ERROR,
        };
        ApiError::new(status, err.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.message, "code": self.code()});
        (self.status, axum::Json(body)).into_response()
    }
}

/// An unknown path: a browser (asking for HTML, outside the API) gets a
/// page that leads back to the search; any other client the JSON error.
async fn not_found(headers: axum::http::HeaderMap, uri: Uri) -> Response {
    let wants_html = headers
        .get(axum::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|accept| accept.contains("text/html"));
    if wants_html && !uri.path().starts_with("/api/") {
        return (
            StatusCode::NOT_FOUND,
            [(
                CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            )],
            NOT_FOUND_PAGE,
        )
            .into_response();
    }
    ApiError::new(
        StatusCode::NOT_FOUND,
        format!("no such page {:?}", uri.path()),
    )
    .into_response()
}

const NOT_FOUND_PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>No such page · bulletin</title>
  <link rel="stylesheet" href="/assets/app.css">
</head>
<body>
  <main id="main" class="not-found">
    <h1 class="summary">No such page</h1>
    <p>This address is not part of the search. <a href="/">Go to the search of programme news</a>.</p>
  </main>
</body>
</html>
"#;

async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed; this server only answers GET"),
    )
}

/// Headers every answer carries: no MIME sniffing, no framing, no outside sources.
async fn security_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(
        CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY_VALUE),
    );
    headers.insert(X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    response
}

/// An embedded file with its type; `no-cache` so a new binary's page is seen at once.
fn embedded(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (CACHE_CONTROL, HeaderValue::from_static("no-cache")),
        ],
        body,
    )
        .into_response()
}

async fn page() -> Response {
    embedded("text/html; charset=utf-8", PAGE_HTML)
}

async fn app_css() -> Response {
    embedded("text/css; charset=utf-8", APP_CSS)
}

async fn app_js() -> Response {
    embedded("text/javascript; charset=utf-8", APP_JS)
}

async fn favicon() -> Response {
    embedded("image/svg+xml", FAVICON_SVG)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listen_addresses_may_be_names() {
        let local = listen_address("localhost:7878").expect("localhost is known");
        assert!(local.ip().is_loopback() && local.is_ipv4(), "{local}");
        assert_eq!(local.port(), 7878);
        assert_eq!(
            listen_address("[::1]:0").expect("an address"),
            "[::1]:0".parse::<SocketAddr>().expect("parses")
        );
        assert!(listen_address("localhost").is_err());
    }
}
