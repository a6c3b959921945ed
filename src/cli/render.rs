//! Rendering answers for people (aligned text, bold matches on a terminal) and
//! for machines (CSV).

use crate::cli::{event_dates, event_line, event_place, inferred_year_mark};
use crate::extract::{Event, Record};
use crate::output::{
    Style, aligned_table, count_for_people, csv_line, cut_to_columns, is_bidi_control,
    terminal_safe,
};
use unicode_width::UnicodeWidthStr;

use crate::search::facets::FacetCount;
use crate::search::query::FacetField;
use crate::search::{Hit, SearchRequest, SearchResponse, Snippet, Stats};

/// The snippet with its matched words in bold.
pub fn highlighted(snippet: &Snippet, style: &Style) -> String {
    marked(
        &snippet.text,
        &snippet.highlights,
        |text| text.to_string(),
        |word| style.bold(word),
    )
    .replace('\n', " ")
}

/// `text` with its `marks` (`[start, end)` character offsets, in order)
/// drawn by `mark` and the text between them by `plain`.
fn marked(
    text: &str,
    marks: &[[usize; 2]],
    plain: impl Fn(&str) -> String,
    mark: impl Fn(&str) -> String,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut push = |from: usize, to: usize, draw: &dyn Fn(&str) -> String| {
        if from < to {
            let part: String = chars[from..to].iter().collect();
            out.push_str(&draw(&part));
        }
    };
    let mut at = 0;
    for [start, end] in marks {
        let (start, end) = ((*start).min(chars.len()), (*end).min(chars.len()));
        if start < at {
            continue;
        }
        push(at, start, &plain);
        push(start, end, &mark);
        at = end;
    }
    push(at, chars.len(), &plain);
    out
}

/// The places of a part's line with the words the dateline has marked
/// (`dateline_highlights`) marked where the line writes them whole, as
/// the places keep the dateline's spelling.
fn marked_places(places: &str, hit: &Hit, style: &Style) -> String {
    let dateline: Vec<char> = hit.dateline.chars().collect();
    let words: Vec<Vec<char>> = hit
        .dateline_highlights
        .iter()
        .filter_map(|[start, end]| dateline.get(*start..*end))
        .filter(|word| !word.is_empty())
        .map(<[char]>::to_vec)
        .collect();
    let chars: Vec<char> = places.chars().collect();
    let mut marks: Vec<[usize; 2]> = Vec::new();
    let mut at = 0;
    while at < chars.len() {
        let whole = |end: usize| {
            (at == 0 || !chars[at - 1].is_alphanumeric())
                && chars.get(end).is_none_or(|c| !c.is_alphanumeric())
        };
        match words
            .iter()
            .find(|word| chars[at..].starts_with(word) && whole(at + word.len()))
        {
            Some(word) => {
                marks.push([at, at + word.len()]);
                at += word.len();
            }
            None => at += 1,
        }
    }
    marked(
        places,
        &marks,
        |text| text.to_string(),
        |word| style.bold(word),
    )
}

/// An activity's parts as lines of dates and places, in the order of its
/// dateline: parts of the same dates share a line (`Skopje, North Macedonia;
/// Ohrid, North Macedonia`), and so do dates of the same places
/// (`3-5 and 10-12 June 2019, Skopje and Ohrid` is one line, naming each
/// place once). An activity without parts is one line, `date unknown`; a
/// part whose year the dateline left out says `(year inferred)`.
pub fn part_lines(events: &[Event]) -> Vec<(String, String)> {
    let mut by_dates: Vec<(String, Vec<String>)> = Vec::new();
    for event in events {
        // As `show` and `parse` mark it: the dateline left the year out.
        let dates = format!("{}{}", event_dates(event), inferred_year_mark(event));
        let place = event_place(event);
        let at = match by_dates.iter().position(|(d, _)| *d == dates) {
            Some(at) => at,
            None => {
                by_dates.push((dates, Vec::new()));
                by_dates.len() - 1
            }
        };
        let places = &mut by_dates[at].1;
        if !place.is_empty() && !places.contains(&place) {
            places.push(place);
        }
    }
    let mut lines: Vec<(Vec<String>, Vec<String>)> = Vec::new();
    for (dates, places) in by_dates {
        match lines.iter_mut().find(|(_, p)| *p == places) {
            Some((same, _)) => same.push(dates),
            None => lines.push((vec![dates], places)),
        }
    }
    if lines.is_empty() {
        return vec![("date unknown".to_string(), String::new())];
    }
    lines
        .into_iter()
        .map(|(dates, places)| (dates.join(", "), places.join("; ")))
        .collect()
}

/// The distinct values of the parts of an activity, in dateline order.
fn distinct<'a>(values: impl Iterator<Item = Option<&'a str>>) -> String {
    let mut seen: Vec<&str> = Vec::new();
    for value in values.flatten() {
        if !seen.contains(&value) {
            seen.push(value);
        }
    }
    seen.join("; ")
}

/// Hits as blocks: title, dates and places, programmes, snippet, id.
/// They are numbered from `first` (`--offset` + 1).
pub fn hits_blocks(hits: &[Hit], first: usize, style: &Style) -> String {
    let mut out = String::new();
    let width = (first + hits.len().saturating_sub(1)).to_string().len();
    for (n, hit) in hits.iter().enumerate() {
        let pad = " ".repeat(width + 2);
        // The title is bold, the query's words in it underlined too.
        let title = marked(
            &hit.title,
            &hit.title_highlights,
            |text| style.bold(text),
            |word| style.bold_underline(word),
        );
        out.push_str(&format!("{:>width$}. {title}\n", first + n));
        // Each part's dates, aligned, then its places.
        let lines = part_lines(&hit.events);
        let dates_width = lines
            .iter()
            .map(|(dates, _)| dates.chars().count())
            .max()
            .unwrap_or(0);
        for (dates, places) in &lines {
            // No place: the line ends with its dates.
            let fill = if places.is_empty() {
                String::new()
            } else {
                " ".repeat(dates_width - dates.chars().count()) + "  "
            };
            let places = marked_places(places, hit, style);
            out.push_str(&format!("{pad}{}{fill}{places}\n", style.cyan(dates)));
        }
        if !hit.programmes.is_empty() {
            out.push_str(&format!("{pad}{}\n", hit.programmes.join(" · ")));
        }
        // A body may be empty (a title and a dateline alone): no line of spaces.
        if !hit.snippet.text.trim().is_empty() {
            out.push_str(&format!("{pad}{}\n", highlighted(&hit.snippet, style)));
        }
        let score = hit
            .score
            .map(|s| format!("  score {s:.2}"))
            .unwrap_or_default();
        out.push_str(&format!(
            "{pad}{}\n",
            style.dim(&format!("{}{score}", hit.id))
        ));
        if let Some(explanation) = &hit.explanation {
            let pretty = serde_json::to_string_pretty(explanation).unwrap_or_default();
            for line in pretty.lines() {
                out.push_str(&format!("{pad}{}\n", style.dim(line)));
            }
        }
        out.push('\n');
    }
    out
}

/// Text typed by the user with its control characters, which could drive
/// the terminal, and its bidirectional embeddings, overrides and isolates,
/// which would show the rest of the line in reverse, as U+FFFD.
fn printable(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() || is_bidi_control(c) {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

/// A query in quotes, as typed: `"firearms"`, or `“"border control"”` when
/// it holds quotes itself. Control characters, which could drive the
/// terminal, become U+FFFD.
fn quoted(query: &str) -> String {
    let clean = printable(query);
    if clean.contains('"') {
        format!("“{clean}”")
    } else {
        format!("\"{clean}\"")
    }
}

/// What an answer says of how it read the query: a correction, the
/// any-word fallback.
fn answer_warnings(response: &SearchResponse) -> impl Iterator<Item = String> + '_ {
    let corrected = response
        .corrected
        .as_ref()
        .map(|corrected| format!("showing results for {}", quoted(corrected)));
    let fallback = response
        .fallback
        .then(|| "no activity has every word; showing activities with any of them".to_string());
    corrected.into_iter().chain(fallback)
}

/// The acronyms the query was searched as, `TIP = trafficking in persons`,
/// as the JSON answer's `expanded` gives them.
fn expansion_lines(response: &SearchResponse) -> impl Iterator<Item = String> + '_ {
    response
        .expanded
        .iter()
        .map(|(acronym, expansion)| format!("{acronym} = {expansion}"))
}

/// The filter values read as other values of the index, `--country Bosnia:
/// Bosnia and Herzegovina`, as the JSON answer's `resolved` gives them; a
/// value that stood for itself alone goes without saying, and one that
/// stood for nothing is named by the answer's notice.
fn resolved_lines(response: &SearchResponse) -> Vec<String> {
    let mut lines = Vec::new();
    for (field, by_value) in &response.resolved {
        for (value, names) in by_value {
            // A value that stood for nothing has its notice.
            if names.is_empty() || (names.len() == 1 && names[0] == *value) {
                continue;
            }
            lines.push(format!(
                "--{field} {}: {}",
                printable(value),
                names.join("; ")
            ));
        }
    }
    lines
}

/// What `bulletin facets` says on standard error of how the search behind
/// its counts read the query and filters: a corrected word, the any-word
/// fallback, filter values read as other values, and the answer's notices (a filter value no activity has, a
/// word nothing holds), as a search of them says.
pub fn facet_notes(response: &SearchResponse) -> Vec<String> {
    let corrected = response
        .corrected
        .as_ref()
        .map(|corrected| format!("counting the activities of {}", quoted(corrected)));
    let fallback = response.fallback.then(|| {
        "no activity has every word; counting the activities with any of them".to_string()
    });
    corrected
        .into_iter()
        .chain(fallback)
        .chain(resolved_lines(response))
        .chain(response.notices.iter().cloned())
        .collect()
}

/// Why a facet table has no rows, for standard error, as a search with no
/// hits says `0 results`: the activities that match have no value of the
/// field (`facets city --country Turkey`, whose activities are online), or
/// no activity matches the query and filters together. A value no activity
/// has, or a word nothing holds, has its notice already, which says it.
pub fn facet_empty_note(
    field: FacetField,
    request: &SearchRequest,
    response: &SearchResponse,
) -> Option<String> {
    let selected = !request.filters.values(field).is_empty();
    // What the table lists: a country's cities, a goal's targets.
    let counted = match field {
        FacetField::Country if selected => "city",
        FacetField::Country => "country",
        FacetField::City => "city",
        FacetField::Programme => "programme",
        FacetField::Donor => "donor",
        FacetField::Sdg if selected => "SDG target",
        FacetField::Sdg => "SDG goal",
        FacetField::Mentioned => "country mentioned",
        FacetField::Year => "year",
        FacetField::Month => "month",
    };
    match response.total {
        0 if !response.notices.is_empty() => None,
        0 => Some(match request_as_typed(request) {
            Some(typed) => {
                format!("no activity matches {typed}, so there is no {counted} to count")
            }
            None => format!("the index holds no activity, so there is no {counted} to count"),
        }),
        1 => Some(format!(
            "the 1 activity that matches has no {counted} to count"
        )),
        total => Some(format!(
            "the {total} activities that match have no {counted} to count"
        )),
    }
}

/// A request as the command line gives it, for a note naming what matched
/// nothing: `"firearms" with --country "North Macedonia" --from 2030-01-01`,
/// the query alone, or the filters alone; `None` for neither.
fn request_as_typed(request: &SearchRequest) -> Option<String> {
    let flags = typed_filters(request, None);
    let query = request.query.trim();
    match (query.is_empty(), flags.is_empty()) {
        (false, false) => Some(format!("{} with {}", quoted(query), flags.join(" "))),
        (false, true) => Some(quoted(query)),
        (true, false) => Some(flags.join(" ")),
        (true, true) => None,
    }
}

/// A request's filters as command-line options (`--country "North
/// Macedonia"`, `--from 2022-01-01`), but those of `leave_out`.
fn typed_filters(request: &SearchRequest, leave_out: Option<FacetField>) -> Vec<String> {
    let value = |text: &str| {
        let clean = printable(text);
        if clean.is_empty() || clean.contains(char::is_whitespace) || clean.contains('"') {
            quoted(text)
        } else {
            clean
        }
    };
    let filters = &request.filters;
    let mut flags: Vec<String> = Vec::new();
    for field in FacetField::ALL {
        if Some(field) == leave_out {
            continue;
        }
        for typed in filters.values(field) {
            flags.push(format!("--{} {}", field.name(), value(typed)));
        }
    }
    if filters.online {
        flags.push("--online".to_string());
    }
    if let Some(from) = filters.from {
        flags.push(format!("--from {from}"));
    }
    if let Some(to) = filters.to {
        flags.push(format!("--to {to}"));
    }
    flags
}

/// What a CSV answer leaves out, for standard error: the rows not written
/// (a CSV has no total), corrections, acronym expansions, filter values
/// read as others, and notices. Empty when nothing is left out.
pub fn csv_notes(response: &SearchResponse, request: &SearchRequest) -> Vec<String> {
    let mut notes: Vec<String> = answer_warnings(response).collect();
    notes.extend(expansion_lines(response));
    notes.extend(resolved_lines(response));
    notes.extend(response.notices.iter().cloned());
    let shown = response.hits.len();
    if shown < response.total {
        let (most, deepest) = (crate::search::MAX_LIMIT, crate::search::MAX_OFFSET);
        // No `--offset` reaches a row past the deepest page.
        let past_reach = response.total.saturating_sub(deepest + most);
        let people = count_for_people;
        let total = people(response.total);
        let (most, deepest, reachable) = (people(most), people(deepest), people(deepest + most));
        let (first, last) = (people(request.offset + 1), people(request.offset + shown));
        notes.push(if shown > 0 && past_reach > 0 {
            format!(
                "{total} activities match; rows {first}–{last} written: --limit and --offset write rows up to {reachable} (at most {most} a call, --offset at most {deepest}); the last {} only a narrower search reaches (a filter, --from or --to)",
                people(past_reach)
            )
        } else if shown > 0 {
            format!(
                "{total} activities match; rows {first}–{last} written: --limit and --offset write the others (at most {most} a call)"
            )
        } else if request.limit == 0 {
            format!("{total} activities match; --limit 0 writes no rows")
        } else {
            format!(
                "{total} activities match; --offset {} is past the last, so no rows were written",
                request.offset
            )
        });
    }
    notes
}

/// What a page past the last hit says (`--offset` beyond the total, with
/// `--limit` above 0): the table prints it, a JSON answer's command writes
/// it to standard error.
pub fn past_the_last(response: &SearchResponse, request: &SearchRequest) -> Option<String> {
    (response.hits.is_empty() && response.total > 0 && request.limit > 0).then(|| {
        format!(
            "--offset {} is past the last result ({} in all)",
            request.offset,
            count_for_people(response.total)
        )
    })
}

/// The answer to `bulletin search` for people.
pub fn search_table(response: &SearchResponse, request: &SearchRequest, style: &Style) -> String {
    let mut out = String::new();
    let shown = response.hits.len();
    let range = if shown == 0 {
        String::new()
    } else {
        format!(
            ", showing {}–{}",
            count_for_people(request.offset + 1),
            count_for_people(request.offset + shown)
        )
    };
    out.push_str(&format!(
        "{} result{} for {}{range} ({:.1} ms)\n",
        count_for_people(response.total),
        if response.total == 1 { "" } else { "s" },
        quoted(&response.query),
        response.took_ms
    ));
    for warning in answer_warnings(response) {
        out.push_str(&format!("{}\n", style.yellow(&warning)));
    }
    for line in expansion_lines(response).chain(resolved_lines(response)) {
        out.push_str(&format!("{}\n", style.dim(&line)));
    }
    for notice in &response.notices {
        out.push_str(&format!("{}\n", style.yellow(notice)));
    }
    if let Some(past) = past_the_last(response, request) {
        out.push_str(&format!("{}\n", style.yellow(&past)));
    }
    out.push('\n');
    out.push_str(&hits_blocks(&response.hits, request.offset + 1, style));
    if let Some(facets) = &response.facets {
        for (field, counts) in facets {
            if counts.is_empty() {
                continue;
            }
            let top = &counts[..counts.len().min(SEARCH_FACET_VALUES)];
            out.push_str(&facet_table(field, top));
            if counts.len() > top.len() {
                out.push_str(&format!(
                    "… and {} more: `{}` lists them all\n",
                    count_for_people(counts.len() - top.len()),
                    facets_command(field, request)
                ));
            }
            out.push('\n');
        }
    }
    out
}

/// How many values of each field the facet tables under a search's hits
/// show: over a decade of bulletins a field has dozens or hundreds (every
/// month), which `bulletin facets` lists.
const SEARCH_FACET_VALUES: usize = 10;

/// The `bulletin facets` command that counts `field` as a search of
/// `request` does: its query and every filter but the field's own, which
/// a search's counts leave out (disjunctive counts), and with which
/// `facets` would list the selected values' children instead.
fn facets_command(field: &str, request: &SearchRequest) -> String {
    let own = FacetField::ALL.into_iter().find(|f| f.name() == field);
    let mut words = vec![format!("bulletin facets {field}")];
    let query = request.query.trim();
    if !query.is_empty() {
        words.push(quoted(query));
    }
    words.extend(typed_filters(request, own));
    words.join(" ")
}

/// Hits as CSV with a header line, one row per activity: its first and
/// last day, each part's dates and places (`parts`, ` | ` between parts),
/// and its countries and cities (`; ` between values) to filter on; then,
/// after the snippet, what else the JSON hit holds: the countries
/// mentioned, the dateline as written, and the source file and line.
pub fn hits_csv(hits: &[Hit]) -> String {
    let mut out = csv_line(
        &[
            "id",
            "score",
            "first_day",
            "last_day",
            "parts",
            "title",
            "countries",
            "cities",
            "programmes",
            "donors",
            "sdg_targets",
            "snippet",
            "countries_mentioned",
            "dateline",
            "source",
            "line",
        ]
        .map(String::from),
    );
    out.push('\n');
    for hit in hits {
        let start = hit
            .events
            .iter()
            .filter_map(|e| e.start)
            .min()
            .map(|d| d.to_string())
            .unwrap_or_default();
        let end = hit
            .events
            .iter()
            .filter_map(|e| e.end)
            .max()
            .map(|d| d.to_string())
            .unwrap_or_default();
        out.push_str(&csv_line(&[
            hit.id.clone(),
            hit.score.map(|s| format!("{s:.4}")).unwrap_or_default(),
            start,
            end,
            part_lines(&hit.events)
                .into_iter()
                .map(|(dates, places)| {
                    if places.is_empty() {
                        dates
                    } else {
                        format!("{dates}: {places}")
                    }
                })
                .collect::<Vec<_>>()
                .join(" | "),
            hit.title.clone(),
            distinct(hit.events.iter().map(Event::place_country)),
            // As facets count them and `--city` takes them (`Pristina` for
            // `Priština`); `parts` keeps each dateline's spelling.
            distinct(hit.events.iter().map(Event::facet_city)),
            hit.programmes.join("; "),
            hit.donors.join("; "),
            hit.sdg_targets.join("; "),
            hit.snippet.text.replace('\n', " "),
            hit.countries_mentioned.join("; "),
            hit.dateline.clone(),
            hit.source.clone(),
            hit.line.to_string(),
        ]));
        out.push('\n');
    }
    out
}

/// Widest facet table for people, in terminal columns: a longer value is
/// cut with `…` (JSON and CSV keep it whole).
const FACET_TABLE_COLUMNS: usize = 100;

/// Facet counts as an aligned table, children indented under their parent,
/// at most [`FACET_TABLE_COLUMNS`] wide.
pub fn facet_table(field: &str, counts: &[FacetCount]) -> String {
    let mut rows: Vec<(String, String)> = Vec::new();
    for count in counts {
        rows.push((count.value.clone(), count_for_people(count.count)));
        for child in &count.children {
            rows.push((format!("  {}", child.value), count_for_people(child.count)));
        }
    }
    let count_columns = rows
        .iter()
        .map(|(_, count)| count.width())
        .chain(["count".width()])
        .max()
        .unwrap_or(0);
    let value_columns = FACET_TABLE_COLUMNS.saturating_sub(count_columns + 2);
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|(value, count)| vec![cut_to_columns(&value, value_columns), count])
        .collect();
    aligned_table(&[field, "count"], &rows)
}

/// One record for people.
pub fn record_text(record: &Record, style: &Style) -> String {
    let mut out = String::new();
    out.push_str(&format!("{}\n", style.bold(&record.title)));
    let mut rows: Vec<Vec<String>> = vec![
        vec!["id".into(), record.id.clone()],
        vec![
            "source".into(),
            format!("{}:{}", terminal_safe(&record.source), record.line),
        ],
    ];
    // An entry without a dateline has no row for it, as `parse` has none.
    if !record.dateline.is_empty() {
        rows.push(vec!["dateline".into(), record.dateline.clone()]);
    }
    for event in &record.events {
        // As `parse` gives it, marked when the dateline left the year out.
        rows.push(vec!["event".into(), event_line(event)]);
    }
    // No part at all: its dates are unknown, as its search hit says.
    if record.events.is_empty() {
        rows.push(vec!["event".into(), "date unknown".into()]);
    }
    for (label, values) in [
        ("programmes", &record.programmes),
        ("donors", &record.donors),
        ("sdg targets", &record.sdg_targets),
        ("countries", &record.countries_mentioned),
    ] {
        if !values.is_empty() {
            rows.push(vec![label.into(), values.join("; ")]);
        }
    }
    for (acronym, expansion) in &record.acronyms.0 {
        rows.push(vec!["acronym".into(), format!("{acronym} = {expansion}")]);
    }
    for warning in &record.warnings {
        rows.push(vec!["warning".into(), terminal_safe(warning).into_owned()]);
    }
    let table = aligned_table(&["", ""], &rows);
    out.push_str(
        table
            .lines()
            .skip(1)
            .map(|l| format!("{l}\n"))
            .collect::<String>()
            .as_str(),
    );
    out.push('\n');
    for paragraph in record.body.lines() {
        out.push_str(paragraph);
        out.push_str("\n\n");
    }
    out
}

/// Index statistics for people: the top five values of each field, and
/// how many more it has.
pub fn stats_table(stats: &Stats) -> String {
    let mut out = aligned_table(
        &["index", ""],
        &[
            vec!["entries".into(), count_for_people(stats.entries)],
            vec!["files".into(), count_for_people(stats.files)],
            vec![
                "first date".into(),
                stats
                    .first_date
                    .map_or("none".to_string(), |d| d.to_string()),
            ],
            vec![
                "last date".into(),
                stats
                    .last_date
                    .map_or("none".to_string(), |d| d.to_string()),
            ],
            vec![
                "size on disk".into(),
                crate::output::size_for_people(stats.index_bytes),
            ],
        ],
    );
    for (field, counts) in &stats.facets {
        if counts.is_empty() {
            continue;
        }
        out.push('\n');
        let top: Vec<FacetCount> = counts
            .iter()
            .take(5)
            .map(|c| FacetCount {
                children: Vec::new(),
                ..c.clone()
            })
            .collect();
        let mut table = facet_table(&format!("top {field}"), &top);
        // How many values the field has beyond those shown, as the JSON's
        // `facet_values` says.
        let values = stats.facet_values.get(field).copied().unwrap_or(top.len());
        if values > top.len() {
            table.push_str(&format!(
                "… and {} more: `bulletin facets {field}` lists them all\n",
                count_for_people(values - top.len())
            ));
        }
        out.push_str(&table);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(resolved: &[(&str, &[&str])]) -> SearchResponse {
        let by_value = resolved
            .iter()
            .map(|(value, names)| {
                let names = names.iter().map(|n| n.to_string()).collect();
                (value.to_string(), names)
            })
            .collect();
        SearchResponse {
            query: String::new(),
            total: 0,
            took_ms: 0.0,
            corrected: None,
            expanded: Default::default(),
            fallback: false,
            hits: Vec::new(),
            facets: None,
            notices: Vec::new(),
            resolved: [("country".to_string(), by_value)].into_iter().collect(),
            typed_filters: Vec::new(),
        }
    }

    /// A facet value too long for a terminal (a programme's name read from
    /// a bulletin, 170 characters) is cut with `…` so that the table fits
    /// in 100 columns, its counts under their heading; shorter values stay
    /// whole.
    #[test]
    fn a_long_facet_value_is_cut_to_fit_the_table_in_100_columns() {
        let long = "Global Programme on Strengthening the Legal Regime against Terrorism and \
                    Violent Extremism in South Eastern Europe and Central Asia Through \
                    Regional Cooperation Platforms";
        let short = "Container Control Programme";
        let counts = vec![
            FacetCount {
                value: long.to_string(),
                count: 12_345,
                children: Vec::new(),
            },
            FacetCount {
                value: short.to_string(),
                count: 6,
                children: Vec::new(),
            },
        ];
        let table = facet_table("programme", &counts);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 3, "{table}");
        for line in &lines {
            assert!(line.width() <= 100, "{} columns: {line}", line.width());
        }
        // A row's value and count, and the column its count starts at.
        let cells = |line: &str| -> (String, String, usize) {
            let (value, count) = line.rsplit_once(' ').unwrap_or_default();
            (
                value.trim_end().to_string(),
                count.to_string(),
                value.width() + 1,
            )
        };
        let (_, heading, count_at) = cells(lines[0]);
        assert_eq!(heading, "count");
        let (value, count, at) = cells(lines[1]);
        assert_eq!((count.as_str(), at), ("12,345", count_at));
        let head = value.strip_suffix('…').expect("cut with …");
        assert!(long.starts_with(head.trim_end()), "{value}");
        assert_eq!(
            cells(lines[2]),
            (short.to_string(), "6".to_string(), count_at)
        );
    }

    /// A filter value is echoed without the control characters that could
    /// drive the terminal, as the query is; one that stood for nothing is
    /// left to the notice that says so.
    #[test]
    fn resolved_values_are_shown_safely_and_once() {
        let lines = resolved_lines(&answer(&[
            ("Bos\u{1b}[31mnia", &["Bosnia and Herzegovina"]),
            ("Narnia", &[]),
        ]));
        assert_eq!(lines.len(), 1, "{lines:?}");
        assert!(!lines[0].contains('\u{1b}'), "{lines:?}");
        assert!(lines[0].contains("Bosnia and Herzegovina"), "{lines:?}");
    }
}
