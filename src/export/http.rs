//! The blocking HTTP client the push mode shares: one agent with a global
//! timeout, answers of any status handed back with their body so each engine
//! can explain its own errors.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::ExportError;

/// The largest answer read from an engine (a Typesense import answers one line per document).
const MAX_ANSWER_BYTES: u64 = 256 * 1024 * 1024;

/// An engine's answer: status and body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
}

impl Answer {
    /// Whether the status is 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The body, cut to a length that fits an error message.
    pub fn body_excerpt(&self) -> String {
        excerpt(&self.body, 500)
    }
}

/// Whom to trust over HTTPS.
#[derive(Debug, Clone, Default)]
pub struct Tls {
    /// Trust the certificates in this PEM file (the engine's own certificate
    /// authority, or its self-signed certificate) instead of the usual roots.
    pub ca_cert: Option<std::path::PathBuf>,
    /// Check no certificate at all.
    pub insecure: bool,
}

/// The certificates of a PEM file; an error naming the file when it holds none.
fn read_certificates(
    path: &std::path::Path,
) -> Result<Vec<ureq::tls::Certificate<'static>>, ExportError> {
    let bad = |reason: String| ExportError::BadCertificate {
        path: path.to_path_buf(),
        reason,
    };
    let pem = std::fs::read(path).map_err(|e| bad(e.to_string()))?;
    let mut certificates = Vec::new();
    for item in ureq::tls::parse_pem(&pem) {
        match item.map_err(|e| bad(e.to_string()))? {
            ureq::tls::PemItem::Certificate(certificate) => certificates.push(certificate),
            _ => continue,
        }
    }
    if certificates.is_empty() {
        return Err(bad("no PEM certificate in it".to_string()));
    }
    Ok(certificates)
}

/// A client for one engine at one base URL.
pub struct Client {
    agent: ureq::Agent,
    base: String,
    engine: &'static str,
    timeout: Duration,
    headers: Vec<(String, String)>,
}

impl Client {
    /// Builds a client for `base` (e.g. `http://127.0.0.1:7280`) that gives up after `timeout`.
    pub fn new(
        engine: &'static str,
        base: &str,
        timeout: Duration,
        tls: &Tls,
    ) -> Result<Self, ExportError> {
        check_base_url(base).map_err(|reason| ExportError::BadUrl {
            url: redact_url(base),
            reason,
        })?;
        let mut tls_config = ureq::tls::TlsConfig::builder();
        if let Some(path) = &tls.ca_cert {
            tls_config = tls_config.root_certs(ureq::tls::RootCerts::new_with_certs(
                &read_certificates(path)?,
            ));
        }
        if tls.insecure {
            tls_config = tls_config.disable_verification(true);
        }
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            // A redirect would be followed as a GET without the documents
            // (301, 302, 303), and the push counted as done: a 3xx answer
            // is an error naming where it points instead.
            .max_redirects(0)
            .tls_config(tls_config.build())
            .build();
        // The user and password go in a header of our own, decoded: the
        // client would send them as written, `%2F` for a `/` included.
        let (base, credentials) = split_credentials(base);
        let headers = credentials
            .map(|userinfo| ("Authorization".to_string(), basic_authorization(userinfo)))
            .into_iter()
            .collect();
        Ok(Client {
            agent: config.into(),
            base: base.trim_end_matches('/').to_string(),
            engine,
            timeout,
            headers,
        })
    }

    /// Adds a header sent with every request (an API key).
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// The engine's name, for messages.
    pub fn engine(&self) -> &'static str {
        self.engine
    }

    /// The base URL without credentials, for messages.
    pub fn display_base(&self) -> String {
        redact_url(&self.base)
    }

    /// Sends `body` with `method` (`POST` or `PUT`) to `path_and_query` under the base URL.
    pub fn send(
        &self,
        method: Method,
        path_and_query: &str,
        content_type: &str,
        body: &[u8],
    ) -> Result<Answer, ExportError> {
        let url = format!("{}{}", self.base, path_and_query);
        let mut request = match method {
            Method::Post => self.agent.post(&url),
            Method::Put => self.agent.put(&url),
        };
        request = request.header("Content-Type", content_type);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let response = request
            .send(body)
            .map_err(|source| self.failed(&url, source))?;
        self.read_answer(&url, response)
    }

    /// Reads `path_and_query` under the base URL with `GET`.
    pub fn get(&self, path_and_query: &str) -> Result<Answer, ExportError> {
        let url = format!("{}{}", self.base, path_and_query);
        let mut request = self.agent.get(&url);
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let response = request.call().map_err(|source| self.failed(&url, source))?;
        self.read_answer(&url, response)
    }

    fn read_answer(
        &self,
        url: &str,
        mut response: ureq::http::Response<ureq::Body>,
    ) -> Result<Answer, ExportError> {
        let status = response.status().as_u16();
        if (300..400).contains(&status) {
            let to = response
                .headers()
                .get("location")
                .and_then(|to| to.to_str().ok())
                .map_or("an address it does not give".to_string(), redact_url);
            return Err(ExportError::Http {
                engine: self.engine,
                url: redact_url(url),
                reason: format!(
                    "it answered {status}, redirecting to {to}; give --push the address the engine answers at (documents are not sent on to another address)"
                ),
            });
        }
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|source| self.failed(url, source))?;
        Ok(Answer { status, body })
    }

    fn failed(&self, url: &str, source: ureq::Error) -> ExportError {
        let reason = match &source {
            ureq::Error::Timeout(_) => format!(
                "no answer within {}s (raise --timeout-secs)",
                self.timeout.as_secs()
            ),
            ureq::Error::ConnectionFailed | ureq::Error::HostNotFound => {
                format!(
                    "cannot connect ({source}); is {} running there?",
                    self.engine
                )
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
                format!("cannot connect ({io}); is {} running there?", self.engine)
            }
            // rustls's refusal reaches us as an I/O error naming the certificate.
            _ if source.to_string().contains("certificate") => format!(
                "{source} (trust the engine's certificate authority with --ca-cert FILE, or skip the check with --insecure)"
            ),
            _ => source.to_string(),
        };
        ExportError::Http {
            engine: self.engine,
            url: redact_url(url),
            reason,
        }
    }
}

/// Checks an engine's base URL as the HTTP client will read it (`http`'s
/// `Uri`, which ureq parses requests with): `http://` or `https://`, a host,
/// a port from 1 to 65535 when one is given, user and password if the engine
/// wants them, and a path prefix for an engine behind a proxy. A query or a
/// fragment is refused: the requests' own paths are added to the end of the
/// URL, where they would land inside it (`?x=1/bulletin`). Returns why it
/// is refused.
pub fn check_base_url(base: &str) -> Result<(), String> {
    let lower = base.to_ascii_lowercase();
    let Some(rest) = ["http://", "https://"]
        .iter()
        .find_map(|scheme| lower.strip_prefix(scheme))
    else {
        return Err("it must start with http:// or https://".to_string());
    };
    if rest.is_empty() || rest.starts_with(['/', '?', '#']) {
        return Err("it names no host".to_string());
    }
    if base.contains('#') {
        return Err("it has a fragment (#…); give the engine's address alone".to_string());
    }
    // Read as a URL, `admin:s3/cr3t@host` is the host `admin` with the port
    // `s3`: a refusal naming that port would print part of the password.
    let rest = &base[base.len() - rest.len()..];
    let head = &rest[..rest.find('/').unwrap_or(rest.len())];
    if !head.contains(['@', '?']) && userinfo_end(rest).is_some() {
        return Err(
            "its user or password holds a `/`: write it as %2F (and `?` as %3F, `#` as %23, `@` as %40)"
                .to_string(),
        );
    }
    let uri: ureq::http::Uri = base.parse().map_err(|e| format!("it is not a URL ({e})"))?;
    if uri.query().is_some() {
        return Err(
            "it has a query (?…); give the engine's address alone, with a path prefix if it has one"
                .to_string(),
        );
    }
    let authority = uri.authority().ok_or("it names no host")?;
    if uri.host().is_none_or(str::is_empty) {
        return Err("it names no host".to_string());
    }
    // `Authority::port` reads no port both when there is none and when it
    // is out of range, so the text after the host is read here.
    let host_and_port = authority
        .as_str()
        .rsplit_once('@')
        .map_or(authority.as_str(), |(_, after)| after);
    let port = match host_and_port.strip_prefix('[') {
        Some(ipv6) => ipv6
            .split_once(']')
            .and_then(|(_, after)| after.strip_prefix(':')),
        None => host_and_port.split_once(':').map(|(_, after)| after),
    };
    if let Some(port) = port
        && !port.parse::<u16>().is_ok_and(|port| port > 0)
    {
        return Err(format!("port {port:?} is not a number from 1 to 65535"));
    }
    Ok(())
}

/// A base URL without its `user:password@`, and that `user:password` as written.
fn split_credentials(base: &str) -> (String, Option<&str>) {
    let Some(scheme_end) = base.find("://") else {
        return (base.to_string(), None);
    };
    let rest = &base[scheme_end + 3..];
    match userinfo_end(rest) {
        Some(at) => (
            format!("{}{}", &base[..scheme_end + 3], &rest[at + 1..]),
            Some(&rest[..at]),
        ),
        None => (base.to_string(), None),
    }
}

/// The `Authorization` header of a URL's `user:password` (RFC 7617): its
/// `%` escapes decoded (`p%2Fw` is the password `p/w`, as curl reads it),
/// then the whole in base64.
fn basic_authorization(userinfo: &str) -> String {
    let (user, password) = userinfo.split_once(':').unwrap_or((userinfo, ""));
    let mut plain: Vec<u8> = percent_encoding::percent_decode_str(user).collect();
    plain.push(b':');
    plain.extend(percent_encoding::percent_decode_str(password));
    format!("Basic {}", STANDARD.encode(&plain))
}

/// The HTTP methods the push mode uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
}

/// A URL with any `user:password@` replaced by `***@`, safe to print.
/// Everything before the last `@` is hidden: a password of digits before
/// a `/` (`admin:123/456@host`) reads as a port and a path, and a path
/// prefix with an `@` in it is rarer than a password with a `/`.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    match rest.rfind('@') {
        Some(at) => format!("{}***{}", &url[..scheme_end + 3], &rest[at..]),
        None => url.to_string(),
    }
}

/// Where the `user:password` of a URL's text after `scheme://` ends (its
/// `@`), if it has one. A password may hold a `/`, `?` or `#` that its
/// user did not write as `%2F`, `%3F` or `%23` (`admin:s3/cr3t@host`): the
/// text before the first `/` is then no `host[:port]` (`admin:s3`), and
/// the last `@` ends the password. An `@` after the `/` of a plain
/// `host:port` belongs to a path prefix.
fn userinfo_end(rest: &str) -> Option<usize> {
    let head = &rest[..rest.find('/').unwrap_or(rest.len())];
    if let Some(at) = head.rfind('@') {
        return Some(at);
    }
    let at = rest.rfind('@')?;
    let is_host_and_port = !head.contains(['?', '#'])
        && (head.starts_with('[')
            || head
                .rsplit_once(':')
                .is_none_or(|(_, port)| port.bytes().all(|b| b.is_ascii_digit())));
    (!is_host_and_port).then_some(at)
}

/// The first `max_chars` characters of `text`, with `…` when cut.
pub fn excerpt(text: &str, max_chars: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max_chars).collect();
    cut.push('…');
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_credentials() {
        assert_eq!(
            redact_url("https://admin:secret@search.example:9200/x"),
            "https://***@search.example:9200/x"
        );
        assert_eq!(redact_url("http://127.0.0.1:7280"), "http://127.0.0.1:7280");
        // A password of digits before its `/` reads as a port, and the URL
        // passes as `host:port/path`: whatever stands before the last `@`
        // is hidden, a path prefix's `@` with it.
        assert_eq!(
            redact_url("http://admin:123/456@search.example:9200"),
            "http://***@search.example:9200"
        );
        assert_eq!(
            redact_url("http://search.example/pre@fix"),
            "http://***@fix"
        );
    }

    #[test]
    fn checks_base_urls() {
        for good in [
            "http://127.0.0.1:7280",
            "https://admin:secret@search.example:9200/",
            "http://search.example/opensearch",
            "HTTP://[::1]:9200",
            "http://[::1]",
        ] {
            assert_eq!(check_base_url(good), Ok(()), "{good}");
        }
        for (bad, reason) in [
            ("localhost:7280", "must start with http://"),
            ("ftp://a", "must start with http://"),
            ("http://", "names no host"),
            ("https:///x", "names no host"),
            ("http://a b", "is not a URL"),
            ("http://127.0.0.1:99999", "port \"99999\""),
            ("http://127.0.0.1:0", "port \"0\""),
            ("http://127.0.0.1:", "port \"\""),
            ("http://[::1]:70000", "port \"70000\""),
            ("http://127.0.0.1:18101?x=1", "has a query"),
            ("http://127.0.0.1:18101/?", "has a query"),
            ("http://127.0.0.1:18101/#top", "has a fragment"),
        ] {
            let refused = check_base_url(bad).err().unwrap_or_default();
            assert!(refused.contains(reason), "{bad}: {refused}");
        }
    }

    #[test]
    fn encodes_basic_authorization() {
        // RFC 7617's example.
        assert_eq!(
            basic_authorization("Aladdin:open%20sesame"),
            "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
        );
    }

    #[test]
    fn cuts_long_text() {
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt(" ab ", 3), "ab");
    }
}
