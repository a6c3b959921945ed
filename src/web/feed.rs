//! `/feed.atom`: any search as an Atom feed (RFC 4287), newest activities first.
//!
//! The XML is written by hand: it is a dozen elements, and every text that
//! goes in passes through [`escape_xml`], which also drops the characters XML
//! 1.0 cannot carry.

use axum::extract::{RawQuery, State};
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;

use crate::cli::event_place;
use crate::search::query::FacetField;
use crate::search::{Hit, SearchResponse};
use crate::web::routes::WebSearch;
use crate::web::{ApiError, AppState};

/// Entries in a feed when `per_page` is not given.
const FEED_ENTRIES: usize = 20;

/// The tagging entity of the feed's and entries' `tag:` ids (RFC 4151),
/// and of the schemes of their categories, which Atom asks to be IRIs.
/// Ids name no host, so a feed read through `localhost` and `127.0.0.1` is
/// one feed. The project owns no domain name: `.invalid` is one nobody can
/// hold (RFC 2606), so no one else mints ids under it.
const TAG_AUTHORITY: &str = "bulletin.invalid,2026";

/// `GET /feed.atom`: the search's newest activities as Atom; takes `/api/search`'s parameters.
pub async fn feed(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    let mut search = WebSearch::for_feed(raw.as_deref(), FEED_ENTRIES)?;
    search.request.facets = false;
    let request = search.request.clone();
    let response = state
        .run_blocking(move |engine| Ok(engine.search(&request)?))
        .await?;
    // The feed is as new as its search's first hit, which this document
    // holds only when it shows the first page and some entry.
    let shows_first_hit = search.request.offset == 0 && !response.hits.is_empty();
    let updated = if shows_first_hit || response.total == 0 {
        response.hits.first().and_then(hit_updated)
    } else {
        let mut first = search.request.clone();
        first.offset = 0;
        first.limit = 1;
        state
            .run_blocking(move |engine| Ok(engine.search(&first)?))
            .await?
            .hits
            .first()
            .and_then(hit_updated)
    };
    let base = base_url(&headers);
    let query = raw.unwrap_or_default();
    let xml = atom(&base, &query, &search, &response, updated);
    Ok((
        [(
            CONTENT_TYPE,
            HeaderValue::from_static("application/atom+xml; charset=utf-8"),
        )],
        xml,
    )
        .into_response())
}

/// `http://host` from the request's Host header when it is a plain
/// host[:port], else `http://localhost`.
fn base_url(headers: &HeaderMap) -> String {
    let host = headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| h.len() <= 255 && is_plain_host(h))
        .unwrap_or("localhost");
    format!("http://{host}")
}

/// Whether `text` is a host a link can name: a name of letters, digits,
/// dots and hyphens, or an IPv6 address in brackets, then at most a port
/// of digits up to 65535.
fn is_plain_host(text: &str) -> bool {
    let (host_ok, port) = match text.strip_prefix('[') {
        Some(bracketed) => match bracketed.split_once(']') {
            Some((address, rest)) => (address.parse::<std::net::Ipv6Addr>().is_ok(), rest),
            None => return false,
        },
        None => {
            let end = text.find(':').unwrap_or(text.len());
            let (name, rest) = text.split_at(end);
            let name_ok = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-'));
            (name_ok, rest)
        }
    };
    let port_ok = match port.strip_prefix(':') {
        None => port.is_empty(),
        Some(digits) => {
            !digits.is_empty()
                && digits.len() <= 5
                && digits.bytes().all(|b| b.is_ascii_digit())
                && digits.parse::<u16>().is_ok()
        }
    };
    host_ok && port_ok
}

/// Escapes text for XML content and attribute values, dropping characters XML 1.0 forbids.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// An Atom date-time for a day.
fn atom_date(day: NaiveDate) -> String {
    format!("{day}T00:00:00Z")
}

/// When an activity began: the start of its first part.
fn hit_start(hit: &Hit) -> Option<NaiveDate> {
    hit.events.iter().filter_map(|e| e.start).min()
}

/// When an activity was last news for this feed: the day the search
/// listed it by, newest first, which is the start of its latest part of
/// those that meet the place, date and online filters (of all its parts
/// when none is set), or the first day of that part inside the date, year
/// and month filters (1 March for a 28 February–2 March part in the March
/// feed). Entries and their `updated` thus descend together, and a
/// filtered feed claims no day outside its filters.
fn hit_updated(hit: &Hit) -> Option<NaiveDate> {
    hit.sort_day
}

/// The feed's title: what was searched and filtered.
fn feed_title(search: &WebSearch) -> String {
    let filters = &search.request.filters;
    let mut parts: Vec<String> = Vec::new();
    if !search.request.query.is_empty() {
        parts.push(format!("“{}”", search.request.query));
    }
    for values in [
        &filters.country,
        &filters.city,
        &filters.programme,
        &filters.donor,
        &filters.sdg,
        &filters.mentioned,
        &filters.year,
        &filters.month,
    ] {
        if !values.is_empty() {
            parts.push(values.join(" or "));
        }
    }
    if filters.online {
        parts.push("online".to_string());
    }
    match (filters.from, filters.to) {
        (Some(from), Some(to)) => parts.push(format!("{from} to {to}")),
        (Some(from), None) => parts.push(format!("from {from}")),
        (None, Some(to)) => parts.push(format!("until {to}")),
        (None, None) => {}
    }
    if parts.is_empty() {
        "Programme news: all activities".to_string()
    } else {
        format!("Programme news: {}", parts.join(" · "))
    }
}

/// The Atom document of one search answer, as new as `updated`, the day
/// its search's newest hit is listed by (`None`: no dated hit).
fn atom(
    base: &str,
    query: &str,
    search: &WebSearch,
    response: &SearchResponse,
    updated: Option<NaiveDate>,
) -> String {
    let page_url = format!("{base}/?{}", page_query(search));
    let feed_id = feed_id(search);
    let self_url = if query.is_empty() {
        format!("{base}/feed.atom")
    } else {
        format!("{base}/feed.atom?{}", iri_query(query))
    };
    // Undated activities sort last; the epoch says "no date" without claiming one.
    let updated = updated
        .map(atom_date)
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    xml.push_str(&format!(
        "  <title>{}</title>\n",
        escape_xml(&feed_title(search))
    ));
    xml.push_str(&format!(
        "  <subtitle>{} matching {}, newest first</subtitle>\n",
        response.total,
        if response.total == 1 {
            "activity"
        } else {
            "activities"
        }
    ));
    xml.push_str(&format!("  <id>{}</id>\n", escape_xml(&feed_id)));
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        escape_xml(&self_url)
    ));
    xml.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        escape_xml(&page_url)
    ));
    xml.push_str(&format!("  <updated>{updated}</updated>\n"));
    xml.push_str("  <author><name>bulletin</name></author>\n");
    xml.push_str("  <generator>bulletin</generator>\n");
    for hit in &response.hits {
        let link = format!("{base}/?doc={}", encode_component(&hit.id));
        let undated = || "1970-01-01T00:00:00Z".to_string();
        let published = hit_start(hit).map(atom_date).unwrap_or_else(undated);
        let updated = hit_updated(hit).map(atom_date).unwrap_or_else(undated);
        let places: Vec<String> = hit
            .events
            .iter()
            .map(event_place)
            .filter(|p| !p.is_empty())
            .collect();
        xml.push_str("  <entry>\n");
        xml.push_str(&format!("    <title>{}</title>\n", escape_xml(&hit.title)));
        xml.push_str(&format!(
            "    <id>{}</id>\n",
            escape_xml(&entry_id(&hit.id))
        ));
        xml.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
            escape_xml(&link)
        ));
        xml.push_str(&format!("    <published>{published}</published>\n"));
        xml.push_str(&format!("    <updated>{updated}</updated>\n"));
        for place in places {
            xml.push_str(&format!(
                "    <category scheme=\"tag:{TAG_AUTHORITY}:place\" term=\"{}\"/>\n",
                escape_xml(&place)
            ));
        }
        for programme in &hit.programmes {
            xml.push_str(&format!(
                "    <category scheme=\"tag:{TAG_AUTHORITY}:programme\" term=\"{}\"/>\n",
                escape_xml(programme)
            ));
        }
        let summary = format!("{} — {}", hit.dateline, hit.snippet.text);
        xml.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            escape_xml(&summary)
        ));
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

/// The feed's id: a `tag:` URI of the search in one spelling
/// ([`canonical_search`]), whatever host and parameter order it was asked
/// with.
fn feed_id(search: &WebSearch) -> String {
    let search = canonical_search(search);
    if search.is_empty() {
        format!("tag:{TAG_AUTHORITY}:feed.atom")
    } else {
        format!("tag:{TAG_AUTHORITY}:feed.atom?{search}")
    }
}

/// An entry's id: a `tag:` URI of the activity's id, the same in every
/// feed that lists it and whatever the host.
fn entry_id(id: &str) -> String {
    format!("tag:{TAG_AUTHORITY}:activity/{}", encode_component(id))
}

/// The search in one spelling: its words with single spaces, then each
/// filter in a fixed order with its values sorted and each once (values of
/// a field are alternatives, so their order means nothing). Not `sort`
/// (the feed is newest first whatever it says), `page` or `per_page` (how
/// much of the feed a document shows, not which feed it is).
fn canonical_search(search: &WebSearch) -> String {
    let words = search
        .request
        .query
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mut query = form_urlencoded::Serializer::new(String::new());
    append_search(&mut query, &words, search, true);
    query.finish()
}

/// The page's parameters for the feed's search: its words and filters,
/// newest first as the feed lists them. Not the feed's `page` and
/// `per_page`: the page has no `per_page` (it would name it as not
/// understood) and shows ten hits a page.
fn page_query(search: &WebSearch) -> String {
    let mut query = form_urlencoded::Serializer::new(String::new());
    append_search(&mut query, &search.request.query, search, false);
    query.append_pair("sort", "newest");
    query.finish()
}

/// Appends a search's words (`words`) and filters, each filter's values
/// as given or, with `sorted`, sorted and each once.
fn append_search(
    query: &mut form_urlencoded::Serializer<'_, String>,
    words: &str,
    search: &WebSearch,
    sorted: bool,
) {
    let filters = &search.request.filters;
    if !words.is_empty() {
        query.append_pair("q", words);
    }
    for field in FacetField::ALL {
        let mut values: Vec<&String> = filters.values(field).iter().collect();
        if sorted {
            values.sort();
            values.dedup();
        }
        for value in values {
            query.append_pair(field.name(), value);
        }
    }
    if filters.online {
        query.append_pair("online", "true");
    }
    if let Some(from) = filters.from {
        query.append_pair("from", &from.to_string());
    }
    if let Some(to) = filters.to {
        query.append_pair("to", &to.to_string());
    }
}

/// What a query as a client sent it may hold that an IRI may not (RFC 3987):
/// controls, the space, `"`, `<`, `>`, `\`, `^`, `` ` ``, `{`, `|` and `}`.
/// A request's URL may carry `{`, `|`, `^`, `` ` `` and `\` as typed (curl
/// sends them so), and the self link must still be an IRI.
const NOT_IN_IRI: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'<')
    .add(b'>')
    .add(b'\\')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The query string as asked, with the characters an IRI may not hold
/// percent-encoded: the same search, spelt as an IRI. Its `%` escapes are
/// kept, since [`WebSearch::from_query`] has read each as two hex digits.
fn iri_query(query: &str) -> String {
    percent_encoding::utf8_percent_encode(query, NOT_IN_IRI).to_string()
}

/// Percent-encodes a URL query value (ids are URL-safe, but the feed should not rely on it).
fn encode_component(text: &str) -> String {
    form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_forbidden_characters() {
        assert_eq!(
            escape_xml("<script>alert('x' & \"y\")</script>\u{1}\u{FFFF}é"),
            "&lt;script&gt;alert(&apos;x&apos; &amp; &quot;y&quot;)&lt;/script&gt;é"
        );
    }

    #[test]
    fn accepts_only_plain_hosts() {
        let mut headers = HeaderMap::new();
        headers.insert(HOST, HeaderValue::from_static("127.0.0.1:7878"));
        assert_eq!(base_url(&headers), "http://127.0.0.1:7878");
        headers.insert(HOST, HeaderValue::from_static("evil\"><x"));
        assert_eq!(base_url(&headers), "http://localhost");
        headers.insert(HOST, HeaderValue::from_static("[::1]:8080"));
        assert_eq!(base_url(&headers), "http://[::1]:8080");
        headers.insert(HOST, HeaderValue::from_static("a]b:c"));
        assert_eq!(base_url(&headers), "http://localhost");
    }
}
