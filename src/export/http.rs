//! The blocking HTTP client the push mode shares: one agent with a global
//! timeout, answers of any status handed back with their body so each engine
//! can explain its own errors.

use std::time::Duration;

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
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(ExportError::BadUrl {
                url: redact_url(base),
                reason: "it must start with http:// or https://".to_string(),
            });
        }
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
            .tls_config(tls_config.build())
            .build();
        Ok(Client {
            agent: config.into(),
            base: base.trim_end_matches('/').to_string(),
            engine,
            timeout,
            headers: Vec::new(),
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
        let mut response = request
            .send(body)
            .map_err(|source| self.failed(&url, source))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .lossy_utf8(true)
            .read_to_string()
            .map_err(|source| self.failed(&url, source))?;
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

/// The HTTP methods the push mode uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Post,
    Put,
}

/// A URL with any `user:password@` replaced by `***@`, safe to print.
pub fn redact_url(url: &str) -> String {
    let Some(scheme_end) = url.find("://") else {
        return url.to_string();
    };
    let rest = &url[scheme_end + 3..];
    let authority_end = rest.find('/').unwrap_or(rest.len());
    match rest[..authority_end].rfind('@') {
        Some(at) => format!("{}***{}", &url[..scheme_end + 3], &rest[at..]),
        None => url.to_string(),
    }
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
    }

    #[test]
    fn cuts_long_text() {
        assert_eq!(excerpt("abcdef", 3), "abc…");
        assert_eq!(excerpt(" ab ", 3), "ab");
    }
}
