//! The JSON API: `/api/search`, `/api/facets/{field}`, `/api/doc/{id}`,
//! `/api/suggest` and `/healthz`, and the reading of their parameters.
//!
//! Parameters mirror the CLI's flags (`q`, `country`, `city`, `programme`,
//! `donor`, `sdg`, `mentioned`, `online`, `from`, `to`, `sort`) plus `page`
//! and `per_page`, and the `year` and `month` facet filters the page's panels
//! use. Anything unknown, repeated where it may not be, or oversized is a 400.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use crate::extract::Record;
use crate::search::facets::{FacetCount, Suggestion};
use crate::search::query::FacetField;
use crate::search::{
    Filters, Hit, MAX_LIMIT, MAX_OFFSET, MAX_QUERY_CHARS, SearchRequest, SearchResponse, Sort,
    parse_filter_from, parse_filter_to,
};
use crate::web::{ApiError, AppState};

/// Most hits one page of `/api/search` may hold.
pub const MAX_PER_PAGE: usize = 100;
/// Hits per page when `per_page` is not given.
pub const DEFAULT_PER_PAGE: usize = 10;
/// Longest query string accepted, in bytes as sent (percent-encoded).
pub const MAX_QUERY_STRING_BYTES: usize = 16 * 1024;
/// Most values one repeatable filter may have.
pub const MAX_VALUES_PER_FILTER: usize = 50;
/// Longest filter value, in characters.
pub const MAX_VALUE_CHARS: usize = 200;
/// Most suggestions and similar activities one answer may hold.
pub const MAX_SUGGESTIONS: usize = 20;
pub const MAX_SIMILAR: usize = 20;

/// The facet filters, each repeatable (OR within a field, AND across fields).
const FILTER_PARAMS: [&str; 8] = [
    "country",
    "city",
    "programme",
    "donor",
    "sdg",
    "mentioned",
    "year",
    "month",
];
/// The parameters that take one value.
const SEARCH_SINGLE_PARAMS: [&str; 7] = ["q", "online", "from", "to", "sort", "page", "per_page"];

/// A query string read into names and values, checked against what an endpoint accepts.
#[derive(Debug, Default)]
pub struct Params {
    values: BTreeMap<String, Vec<String>>,
}

impl Params {
    /// Reads a raw query string. `single` names may appear once, `repeatable`
    /// names up to [`MAX_VALUES_PER_FILTER`] times; any other name is an error.
    pub fn parse(
        raw: Option<&str>,
        single: &[&str],
        repeatable: &[&str],
    ) -> Result<Self, ApiError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_STRING_BYTES {
            return Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                format!("query string longer than {MAX_QUERY_STRING_BYTES} bytes"),
            ));
        }
        let mut values: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, value) in decode_pairs(raw)? {
            let is_single = single.contains(&name.as_str());
            if !is_single && !repeatable.contains(&name.as_str()) {
                let mut known: Vec<&str> = single.iter().chain(repeatable).copied().collect();
                known.sort_unstable();
                return Err(ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!(
                        "unknown parameter {name:?}; use {}",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
            let list = values.entry(name.clone()).or_default();
            if is_single && !list.is_empty() {
                return Err(ApiError::bad_parameter(&name, "given more than once"));
            }
            if list.len() >= MAX_VALUES_PER_FILTER {
                return Err(ApiError::bad_parameter(
                    &name,
                    format!("more than {MAX_VALUES_PER_FILTER} values"),
                ));
            }
            if name != "q" && value.chars().count() > MAX_VALUE_CHARS {
                return Err(ApiError::bad_parameter(
                    &name,
                    format!("longer than {MAX_VALUE_CHARS} characters"),
                ));
            }
            list.push(value);
        }
        Ok(Params { values })
    }

    /// The value of a one-value parameter; an empty value counts as absent.
    pub fn single(&self, name: &str) -> Option<&str> {
        self.values
            .get(name)
            .and_then(|v| v.first())
            .map(String::as_str)
            .filter(|v| !v.trim().is_empty())
    }

    /// The non-empty values of a repeatable parameter.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.values
            .get(name)
            .map(|v| {
                v.iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A number parameter within `min..=max`, or `default` when absent.
    pub fn number(
        &self,
        name: &str,
        default: usize,
        min: usize,
        max: usize,
    ) -> Result<usize, ApiError> {
        let Some(text) = self.single(name) else {
            return Ok(default);
        };
        crate::search::whole_number_within(text, min, max)
            .map_err(|reason| ApiError::bad_parameter(name, reason))
    }

    /// The query text, at most [`MAX_QUERY_CHARS`] characters.
    pub fn query(&self) -> Result<String, ApiError> {
        let query = self
            .values
            .get("q")
            .and_then(|v| v.first())
            .map(|q| q.trim().to_string())
            .unwrap_or_default();
        if query.chars().count() > MAX_QUERY_CHARS {
            return Err(ApiError::bad_parameter(
                "q",
                format!("longer than {MAX_QUERY_CHARS} characters"),
            ));
        }
        Ok(query)
    }

    /// The filters: facet values, `online`, and the `from`/`to` dates.
    pub fn filters(&self) -> Result<Filters, ApiError> {
        let online = match self.values.get("online").and_then(|v| v.first()) {
            None => false,
            Some(text) => match text.trim().to_ascii_lowercase().as_str() {
                "" | "1" | "true" | "on" | "yes" => true,
                "0" | "false" | "off" | "no" => false,
                _ => {
                    return Err(ApiError::bad_parameter(
                        "online",
                        format!("{text:?} is not true or false"),
                    ));
                }
            },
        };
        let (from, to) = (self.date("from")?, self.date("to")?);
        if let Some(problem) = crate::search::date_range_problem(from, to) {
            return Err(ApiError::bad_parameter("to", problem));
        }
        Ok(Filters {
            country: self.list("country"),
            city: self.list("city"),
            programme: self.list("programme"),
            donor: self.list("donor"),
            sdg: self.list("sdg"),
            mentioned: self.list("mentioned"),
            year: self.year_or_month(FacetField::Year)?,
            month: self.year_or_month(FacetField::Month)?,
            online,
            from,
            to,
        })
    }

    /// The values of `year` or `month`, each naming a year or month
    /// (`year=abc` is a 400, as `from=abc` is; `year=1999` an answer of no hits).
    fn year_or_month(&self, field: FacetField) -> Result<Vec<String>, ApiError> {
        let values = self.list(field.name());
        for value in &values {
            if let Some(problem) = crate::search::facets::year_or_month_value_problem(field, value)
            {
                return Err(ApiError::bad_parameter(field.name(), problem));
            }
        }
        Ok(values)
    }

    /// The day of `from` (a month or year: its first day) or `to` (its last).
    fn date(&self, name: &str) -> Result<Option<NaiveDate>, ApiError> {
        let read = if name == "to" {
            parse_filter_to
        } else {
            parse_filter_from
        };
        self.single(name)
            .map(|text| read(text).map_err(|message| ApiError::bad_parameter(name, message)))
            .transpose()
    }

    /// The order of hits (`relevance`, `newest` or `oldest`).
    pub fn sort(&self) -> Result<Sort, ApiError> {
        match self.single("sort").map(|s| s.trim().to_ascii_lowercase()) {
            None => Ok(Sort::Relevance),
            Some(sort) => match sort.as_str() {
                "relevance" => Ok(Sort::Relevance),
                "newest" => Ok(Sort::Newest),
                "oldest" => Ok(Sort::Oldest),
                _ => Err(ApiError::bad_parameter(
                    "sort",
                    format!("{sort:?} is not relevance, newest or oldest"),
                )),
            },
        }
    }
}

/// Splits a query string into decoded `(name, value)` pairs (`+` is a space,
/// `%XX` a byte). A `%` not followed by two hex digits, or bytes that do not
/// spell UTF-8, are a 400 naming the parameter, rather than text silently
/// taken as typed or changed to U+FFFD.
fn decode_pairs(raw: &str) -> Result<Vec<(String, String)>, ApiError> {
    let decode = |text: &str| -> Option<String> {
        let bytes = text.as_bytes();
        let escapes_ok = bytes.iter().enumerate().all(|(at, &b)| {
            b != b'%'
                || bytes
                    .get(at + 1..at + 3)
                    .is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
        });
        if !escapes_ok {
            return None;
        }
        let spaced = text.replace('+', " ");
        percent_encoding::percent_decode_str(&spaced)
            .decode_utf8()
            .ok()
            .map(|text| text.into_owned())
    };
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            let name = decode(name).ok_or_else(|| {
                ApiError::new(
                    StatusCode::BAD_REQUEST,
                    format!("a parameter name is not UTF-8 text, or has a % not followed by two hex digits: {name:?}"),
                )
            })?;
            let value = decode(value).ok_or_else(|| {
                ApiError::bad_parameter(
                    &name,
                    "not UTF-8 text, or a % not followed by two hex digits",
                )
            })?;
            Ok((name, value))
        })
        .collect()
}

/// A search as the web asks it: the library request plus the page it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebSearch {
    pub request: SearchRequest,
    pub page: usize,
    pub per_page: usize,
}

impl WebSearch {
    /// Reads the search parameters of `/api/search` (and `/feed.atom`).
    pub fn from_query(raw: Option<&str>, default_per_page: usize) -> Result<Self, ApiError> {
        let params = Params::parse(raw, &SEARCH_SINGLE_PARAMS, &FILTER_PARAMS)?;
        let per_page = params.number("per_page", default_per_page, 0, MAX_PER_PAGE)?;
        // No page starts past hit MAX_OFFSET, even one of one hit.
        let page = params.number("page", 1, 1, MAX_OFFSET + 1)?;
        // A page is checked whatever its size: with `per_page=0` (the
        // total and the facet counts alone) it is counted in pages of one
        // hit, so that `page=99999999` is refused there too.
        let deepest_start = (page - 1).checked_mul(per_page.max(1));
        let offset = deepest_start
            .filter(|&start| start <= MAX_OFFSET)
            .map(|_| (page - 1) * per_page)
            .ok_or_else(|| {
                ApiError::bad_parameter(
                    "page",
                    format!(
                        "page {page} starts past hit {MAX_OFFSET}; narrow the search instead of paging this deep"
                    ),
                )
            })?;
        let request = SearchRequest {
            query: params.query()?,
            filters: params.filters()?,
            sort: params.sort()?,
            limit: per_page,
            offset,
            facets: true,
            facet_fields: None,
            explain: false,
        };
        Ok(WebSearch {
            request,
            page,
            per_page,
        })
    }
}

/// `GET /api/search`: the same answer as `bulletin search --format json`.
pub async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<(IndexVersion, Json<SearchResponse>), ApiError> {
    let search = WebSearch::from_query(raw.as_deref(), DEFAULT_PER_PAGE)?;
    let version = IndexVersion::of(&state);
    let response = state
        .run_blocking(move |engine| Ok(engine.search(&search.request)?))
        .await?;
    Ok((version, Json(response)))
}

/// The `X-Index-Version` header of an answer: a name of the index's
/// commit that answered (a hash of its segments and their deletes), which
/// changes when `bulletin index` commits, so that the page knows counts it
/// keeps (the chart's months) are of another index. Taken before the
/// answer is made: an update between the two shows as a change at the
/// next answer.
pub struct IndexVersion(String);

impl IndexVersion {
    fn of(state: &AppState) -> Self {
        let searcher = state.engine.searcher();
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (segment, deletes) in searcher.generation().segments() {
            hasher.update(segment.uuid_string().as_bytes());
            hasher.update(&deletes.unwrap_or(u64::MAX).to_le_bytes());
        }
        IndexVersion(format!("{:016x}", hasher.digest()))
    }
}

impl axum::response::IntoResponseParts for IndexVersion {
    type Error = std::convert::Infallible;

    fn into_response_parts(
        self,
        mut parts: axum::response::ResponseParts,
    ) -> Result<axum::response::ResponseParts, Self::Error> {
        if let Ok(value) = axum::http::HeaderValue::from_str(&self.0) {
            parts.headers_mut().insert("x-index-version", value);
        }
        Ok(parts)
    }
}

/// Most rows one `/export.csv` file holds: pages of [`MAX_LIMIT`] hits, the
/// last starting at [`MAX_OFFSET`], the deepest page a search reaches.
pub const MAX_EXPORT_ROWS: usize = MAX_OFFSET + MAX_LIMIT;

/// `GET /export.csv`: every hit of a search as CSV, the columns of `bulletin
/// search --format csv`, in the search's order, up to [`MAX_EXPORT_ROWS`],
/// after a UTF-8 byte order mark (for spreadsheets).
/// The hits are read [`MAX_LIMIT`] at a time while the file is sent.
/// `X-Total-Count` gives the number of hits and `X-Row-Count` the rows the
/// file holds, fewer only past the limit. The same parameters as
/// `/api/search`; `page` and `per_page` are not used.
pub async fn export_csv(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<axum::response::Response, ApiError> {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    use futures_util::StreamExt;
    let mut search = WebSearch::from_query(raw.as_deref(), DEFAULT_PER_PAGE)?;
    search.request.limit = MAX_LIMIT;
    search.request.offset = 0;
    search.request.facets = false;
    let request = search.request;
    // Every page from the commit of the first: an update landing while
    // the file is sent would otherwise repeat rows or leave some out.
    let searcher = state.engine.searcher();
    let first = {
        let (request, searcher) = (request.clone(), searcher.clone());
        state
            .run_blocking(move |engine| Ok(engine.search_in(&searcher, &request)?))
            .await?
    };
    let total = first.total;
    let rows = total.min(MAX_EXPORT_ROWS);
    // A byte order mark first: Excel reads a CSV without one in the local
    // code page, not UTF-8 (`Bjelašnica`, and the `–` of every `parts` cell).
    let head = format!("\u{FEFF}{}", crate::cli::render::hits_csv(&first.hits));
    let later_pages = futures_util::stream::unfold(first.hits.len(), move |offset| {
        let (state, mut request, searcher) = (state.clone(), request.clone(), searcher.clone());
        async move {
            if offset >= rows {
                return None;
            }
            request.offset = offset;
            request.limit = MAX_LIMIT.min(rows - offset);
            match state
                .run_blocking(move |engine| Ok(engine.search_in(&searcher, &request)?))
                .await
            {
                // An index that shrank while the file was sent ends it early.
                Ok(page) if page.hits.is_empty() => None,
                Ok(page) => Some((Ok(csv_rows(&page.hits)), offset + page.hits.len())),
                Err(err) => Some((Err(std::io::Error::other(err.message)), rows)),
            }
        }
    });
    // Fused: the gzip layer polls the body once more after its end, which an
    // `unfold` stream answers with a panic (and the client with no file).
    let body = futures_util::stream::once(async move { Ok::<_, std::io::Error>(head) })
        .chain(later_pages)
        .fuse();
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"bulletin-search.csv\"".to_string(),
            ),
            (
                axum::http::HeaderName::from_static("x-total-count"),
                total.to_string(),
            ),
            (
                axum::http::HeaderName::from_static("x-row-count"),
                rows.to_string(),
            ),
        ],
        axum::body::Body::from_stream(body),
    )
        .into_response())
}

/// The CSV lines of some hits, without the header line.
fn csv_rows(hits: &[Hit]) -> String {
    let csv = crate::cli::render::hits_csv(hits);
    csv.split_once('\n')
        .map(|(_, rows)| rows.to_string())
        .unwrap_or_default()
}

/// `GET /api/facets/{field}`: the counts of one facet field, as `bulletin facets FIELD --format json`.
pub async fn facets(
    State(state): State<AppState>,
    field: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<(IndexVersion, Json<Vec<FacetCount>>), ApiError> {
    let Path(name) = field.map_err(|err| ApiError::bad_parameter("field", err.body_text()))?;
    let field = FacetField::from_name(&name).ok_or_else(|| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "unknown facet field {name:?}; use one of {}",
                FacetField::ALL.map(FacetField::name).join(", ")
            ),
        )
    })?;
    let params = Params::parse(
        raw.as_deref(),
        &["q", "online", "from", "to"],
        &FILTER_PARAMS,
    )?;
    let mut request = SearchRequest::new(params.query()?);
    request.filters = params.filters()?;
    let version = IndexVersion::of(&state);
    let counts = state
        .run_blocking(move |engine| Ok(engine.facet(field, &request)?))
        .await?;
    Ok((version, Json(counts)))
}

/// The answer of `/api/doc/{id}`: the record and activities like it.
#[derive(Debug, Serialize)]
pub struct DocResponse {
    pub record: Record,
    pub similar: Vec<Hit>,
}

/// `GET /api/doc/{id}`: one activity and its similar activities (`similar=N`, default 5).
pub async fn doc(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DocResponse>, ApiError> {
    let Path(id) = id.map_err(|err| ApiError::bad_parameter("id", err.body_text()))?;
    // The parameters first, whatever the id: a bad one is the request's
    // fault however long the id is.
    let params = Params::parse(raw.as_deref(), &["similar"], &[])?;
    let limit = params.number("similar", 5, 0, MAX_SIMILAR)?;
    if id.chars().count() > MAX_VALUE_CHARS {
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            "no activity has an id that long",
        ));
    }
    let answer = state
        .run_blocking(move |engine| {
            let record = engine.show(&id)?;
            let similar = if limit == 0 {
                Vec::new()
            } else {
                engine.similar(&id, limit)?
            };
            Ok(DocResponse { record, similar })
        })
        .await?;
    Ok(Json(answer))
}

/// `GET /api/suggest?q=`: completions for the search box (`limit`, default 8).
pub async fn suggest(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<Suggestion>>, ApiError> {
    let params = Params::parse(raw.as_deref(), &["q", "limit"], &[])?;
    let prefix = params.query()?;
    let limit = params.number("limit", 8, 1, MAX_SUGGESTIONS)?;
    if prefix.is_empty() {
        return Ok(Json(Vec::new()));
    }
    let suggestions = state
        .run_blocking(move |engine| Ok(engine.suggest(&prefix, limit)?))
        .await?;
    Ok(Json(suggestions))
}

/// `GET /healthz`: the server is up and the index answers.
pub async fn healthz(State(state): State<AppState>) -> Json<Value> {
    let searcher = state.engine.searcher();
    Json(json!({
        "status": "ok",
        "entries": searcher.num_docs(),
        "generation": searcher.generation().generation_id(),
        "export_max_rows": MAX_EXPORT_ROWS,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_repeated_filters_and_pages() {
        let search = WebSearch::from_query(
            Some("q=firearms+training&country=Montenegro&country=North%20Macedonia&page=3&per_page=5&sort=newest&online=1"),
            DEFAULT_PER_PAGE,
        )
        .expect("valid parameters");
        assert_eq!(search.request.query, "firearms training");
        assert_eq!(
            search.request.filters.country,
            ["Montenegro", "North Macedonia"]
        );
        assert_eq!((search.request.offset, search.request.limit), (10, 5));
        assert_eq!(search.request.sort, Sort::Newest);
        assert!(search.request.filters.online);
    }

    #[test]
    fn refuses_what_it_cannot_answer() {
        for raw in [
            "sort=best",
            "from=2022-02-30",
            "per_page=101",
            "page=0",
            "page=-1",
            "page=99999999999999999999999",
            "page=2000&per_page=100",
            "q=a&q=b",
            "contry=Montenegro",
            "online=maybe",
            "q=%FF",
            "q=caf%C3",
            "q=%",
            "q=100%",
            "q=%zz",
            "country=%E2%82",
            "%FF=1",
        ] {
            let err = WebSearch::from_query(Some(raw), DEFAULT_PER_PAGE).expect_err(raw);
            assert_eq!(err.status, StatusCode::BAD_REQUEST, "{raw}");
        }
    }

    #[test]
    fn treats_empty_values_as_absent() {
        let search = WebSearch::from_query(Some("q=&from=&sort=&country="), DEFAULT_PER_PAGE)
            .expect("empty values are fine");
        assert_eq!(
            search.request,
            WebSearch::from_query(None, DEFAULT_PER_PAGE)
                .expect("none")
                .request
        );
    }
}
