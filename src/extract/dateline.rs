//! The dateline: the `DATE, PLACE; DATE, PLACE: ` header that opens an entry's
//! first paragraph.
//!
//! [`parse_dateline`] finds where the header ends (`: `, ` - `, ` – `, ` — `, a
//! plain `, ` or the end of the line), splits it into `;` parts and reads each
//! part into date ranges and places, in either order (`Skopje, 5 May 2019`).

use crate::extract::date::{
    DateSpec, four_digit_year, is_dotted_with_two_digit_year, is_weekday, month_number,
    parse_date_expr,
};
use crate::extract::gazetteer::{
    country_of_word, gazetteer, is_sub_national_entity, is_venue_name,
};

/// A place named by a dateline part.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Place {
    /// The city as written, without its country.
    pub city: Option<String>,
    /// The canonical country, when the dateline names it.
    pub country: Option<String>,
    /// The country of a known city when the dateline omits it.
    pub country_implied: Option<String>,
    /// A region named instead of a place (`Western Balkans`).
    pub region: Option<String>,
}

/// One `;`-separated part of a dateline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DatelinePart {
    pub text: String,
    /// Date ranges; empty when the part has no readable date.
    pub dates: Vec<DateSpec>,
    /// Places; one empty place when the part names none.
    pub places: Vec<Place>,
    pub online: bool,
    /// A year written after the place (`9 June, Tirana 2019`), which applies
    /// to the whole dateline when the part is its last.
    pub trailing_year: Option<i32>,
    /// The part writes its place as not yet known (`6 May 2022, TBC`): it
    /// names no place, yet says where its place would be.
    pub place_to_be_confirmed: bool,
    /// A venue the part names where its city would stand, with no city,
    /// country or region beside it (`Hotel Continental` of `5 May 2022,
    /// Hotel Continental`): no place, as a venue is no city, yet it says
    /// where the event was, and stays in the header.
    pub venue: Option<String>,
}

impl DatelinePart {
    /// The year the part itself writes: that of its last date that has
    /// one, else one written after its place (`9 June, Tirana 2019`).
    pub fn stated_year(&self) -> Option<i32> {
        self.dates
            .iter()
            .rev()
            .find_map(|s| s.year)
            .or(self.trailing_year)
    }
}

/// A dateline read from the start of an entry's first paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// The header as written, without its separator.
    pub header: String,
    /// Byte offset in the line where the paragraph text after the header begins.
    pub body_start: usize,
    pub parts: Vec<DatelinePart>,
    /// Whether every part has a readable date. When false the entry is still
    /// an entry, with a warning.
    pub dates_readable: bool,
}

const SEPARATORS: [&str; 5] = [": ", " - ", " – ", " — ", " -- "];
const MAX_HEADER_CHARS: usize = 240;

/// Whether a line opens an entry with a dateline (readable or not).
pub fn looks_like_dateline(line: &str) -> bool {
    let first = line.chars().next();
    if !first.is_some_and(|c| c.is_alphanumeric()) && !opens_with_bracketed_date(line) {
        return false;
    }
    parse_dateline(line).is_some()
}

/// Whether a line opens with a date in brackets (`(5 May 2022) Skopje:
/// …`), which a dateline may write before its place.
fn opens_with_bracketed_date(line: &str) -> bool {
    head(line, MAX_HEADER_CHARS)
        .split([',', ';'])
        .next()
        .and_then(split_bracketed_date)
        .is_some()
}

/// `(5 May 2022) Skopje` as `5 May 2022` and `Skopje`: a date in
/// brackets that opens a segment, and the rest of the segment (empty for
/// `(5 May 2022)` alone). `None` when the segment opens with no bracket,
/// or its bracket holds no date.
fn split_bracketed_date(segment: &str) -> Option<(&str, &str)> {
    let (inner, rest) = segment.trim_start().strip_prefix('(')?.split_once(')')?;
    let inner = inner.trim();
    (!is_dotted_with_two_digit_year(inner) && parse_date_expr(inner).is_some())
        .then_some((inner, rest.trim()))
}

/// The first `max_bytes` bytes of a text, cut at a character boundary.
fn head(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// A cheap test that rules out most paragraphs: a dateline opens with a
/// letter or digit and names a date (a digit or a month) or `online` early on.
fn could_open_dateline(line: &str) -> bool {
    if !line.chars().next().is_some_and(char::is_alphanumeric) && !opens_with_bracketed_date(line) {
        return false;
    }
    let start = head(line, MAX_HEADER_CHARS);
    if start.bytes().any(|b| b.is_ascii_digit()) {
        return true;
    }
    let lower = start.to_ascii_lowercase();
    const WORDS: [&str; 13] = [
        "online", "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
        "dec",
    ];
    WORDS.iter().any(|w| lower.contains(w))
}

/// Reads the dateline at the start of `line`; `None` when the line does not open with one.
pub fn parse_dateline(line: &str) -> Option<Dateline> {
    let line = line.trim_end();
    if !could_open_dateline(line) {
        return None;
    }
    // A header ends within MAX_HEADER_CHARS characters: look no further for its separator.
    let scope = head(line, MAX_HEADER_CHARS * 4 + 4);
    let mut candidates = separators_in(scope);
    candidates.extend(separators_with_no_break_spaces(scope));
    if let Some(stripped) = line.strip_suffix(':') {
        candidates.push((stripped.len(), line.len()));
    }
    // `5 May 2022, Skopje, North Macedonia -`, its text on the next line:
    // a separator's dash at the line's end ends the header, as `:` does.
    if let Some(stripped) = [" -", " –", " —", " --"]
        .iter()
        .find_map(|dash| line.strip_suffix(dash))
    {
        candidates.push((stripped.len(), line.len()));
    }
    // `5 May 2022, Tirana, Albania. The workshop …`: a full stop ends the
    // header right after a place the gazetteer knows, not after `St.`.
    for (at, _) in head(line, MAX_HEADER_CHARS).match_indices(". ") {
        if ends_with_known_place(&line[..at]) || ends_with_date_after_known_place(&line[..at]) {
            candidates.push((at, at + 2));
        }
    }
    if let Some(stripped) = line.strip_suffix('.')
        && stripped.len() <= MAX_HEADER_CHARS
        && (ends_with_known_place(stripped) || ends_with_date_after_known_place(stripped))
    {
        candidates.push((stripped.len(), line.len()));
    }
    candidates.push((line.len(), line.len()));
    candidates.sort_unstable();
    candidates.dedup();

    let mut partial: Option<Dateline> = None;
    // Whether the partial header ends at a colon.
    let mut partial_at_colon = false;
    for &(header_end, body_start) in &candidates {
        let header = &line[..header_end];
        if header.chars().count() > MAX_HEADER_CHARS {
            break;
        }
        let Some(parts) = parse_header(header) else {
            continue;
        };
        let dateline = Dateline {
            header: header.trim().to_string(),
            body_start,
            dates_readable: true,
            parts,
        };
        if is_complete(&dateline.parts) {
            return Some(with_dash_note(line, dateline, header_end));
        }
        if partial.is_none() {
            partial_at_colon = line[header_end..].starts_with(':');
            partial = Some(dateline);
        }
    }
    // `5 May 2022, Skopje, North Macedonia; 6 May 2022: …`: a header that a
    // colon ends, though a part of it lacks a place, is the header, not
    // its first words up to a comma.
    if !partial_at_colon && let Some(dateline) = parse_comma_header(line) {
        return Some(dateline);
    }
    partial.or_else(|| parse_unreadable_header(line))
}

/// Whether the last `,`/`;` segment of a text is a place the gazetteer
/// knows or says `online`, alone or after its date with no comma between
/// (`5 May 2022 Skopje`), so that a full stop after it may end a header.
fn ends_with_known_place(text: &str) -> bool {
    let last = text.rsplit([',', ';']).next().unwrap_or("").trim();
    let is_place = |text: &str| is_online_word(text) || gazetteer().is_known_place(text);
    !last.is_empty()
        && last.len() <= 60
        && (is_place(last) || split_date_from_place(last).is_some())
}

/// Whether the last `,`/`;` segment of a text is a date (not a dotted one
/// with a two-digit year, which may number a heading) and a segment before
/// it a place the gazetteer knows or `online` (`Skopje, 5 May 2022`), so
/// that a full stop after it may end a header, the place first.
fn ends_with_date_after_known_place(text: &str) -> bool {
    if text.len() > MAX_HEADER_CHARS {
        return false;
    }
    let mut segments = text.rsplit([',', ';']).map(str::trim);
    let last = segments.next().unwrap_or("");
    !last.is_empty()
        && !is_dotted_with_two_digit_year(last)
        && parse_date_expr(last).is_some()
        && segments.any(|segment| is_online_word(segment) || gazetteer().is_known_place(segment))
}

/// Where each of [`SEPARATORS`] occurs in `scope`, as `(start, end)`: the
/// occurrences `str::match_indices` gives for each (leftmost, none
/// overlapping an earlier one of the same separator), found in one pass
/// over the bytes rather than one search per separator. Each separator
/// has `:`, `-` or the first byte of `–` and `—` (0xE2) at its start or
/// right after its opening space.
fn separators_in(scope: &str) -> Vec<(usize, usize)> {
    let bytes = scope.as_bytes();
    let mut found = Vec::new();
    // Per separator, where its last occurrence ended.
    let mut free_from = [0usize; SEPARATORS.len()];
    for at in memchr::memchr3_iter(b':', b'-', 0xE2, bytes) {
        let start = match (bytes[at], at.checked_sub(1)) {
            (b':', _) => at,
            (_, Some(space)) if bytes[space] == b' ' => space,
            _ => continue,
        };
        // `start` is at an ASCII byte, so a character boundary.
        let rest = &bytes[start..];
        for (sep, free) in SEPARATORS.iter().zip(free_from.iter_mut()) {
            if start >= *free && rest.starts_with(sep.as_bytes()) {
                found.push((start, start + sep.len()));
                *free = start + sep.len();
            }
        }
    }
    found
}

/// Where a separator with a no-break space for one of its spaces occurs in
/// `scope`, as `(start, end)`: `Skopje\u{a0}– The …`, `Skopje:\u{a0}The …`,
/// as French typography sets them ([`separators_in`] finds those of plain
/// spaces).
fn separators_with_no_break_spaces(scope: &str) -> Vec<(usize, usize)> {
    const NO_BREAK: [char; 2] = ['\u{a0}', '\u{202f}'];
    if !scope.contains(NO_BREAK) {
        return Vec::new();
    }
    let is_space = |c: char| c == ' ' || NO_BREAK.contains(&c);
    let chars: Vec<(usize, char)> = scope.char_indices().collect();
    let mut found = Vec::new();
    for (index, &(at, c)) in chars.iter().enumerate() {
        let before = index.checked_sub(1).and_then(|i| chars.get(i)).copied();
        let after = chars.get(index + 1).copied();
        match (c, before, after) {
            (':', _, Some((space_at, space))) if NO_BREAK.contains(&space) => {
                found.push((at, space_at + space.len_utf8()));
            }
            ('-' | '–' | '—', Some((start, first)), Some((space_at, second)))
                if is_space(first)
                    && is_space(second)
                    && (NO_BREAK.contains(&first) || NO_BREAK.contains(&second)) =>
            {
                found.push((start, space_at + second.len_utf8()));
            }
            _ => {}
        }
    }
    found
}

/// A header is complete when each part has a place (or says `online`) and
/// a date, or a place alone beside parts that have dates (`4-5 May 2022,
/// Skopje, North Macedonia; Tirana, Albania`: the Tirana part is kept,
/// without a date of its own).
fn is_complete(parts: &[DatelinePart]) -> bool {
    parts.iter().all(is_placed)
        && parts.iter().any(|part| !part.dates.is_empty())
        && parts
            .iter()
            .all(|part| !part.dates.is_empty() || is_known_place(part))
}

/// Whether a part without a date names a place the gazetteer knows (a
/// country, a known city, a region) or says `online`: with neither a date
/// nor such a place, `Regional` or `TBC` after the last `;` is no city.
fn is_known_place(part: &DatelinePart) -> bool {
    part.online
        || part.places.iter().any(|place| {
            place.country.is_some() || place.country_implied.is_some() || place.region.is_some()
        })
}

/// Whether a part names a place, says `online`, writes its place as not
/// yet known (`6 May 2022, TBC`) or names a venue (`5 May 2022, Hotel
/// Continental`).
fn is_placed(part: &DatelinePart) -> bool {
    part.online
        || part.place_to_be_confirmed
        || part.venue.is_some()
        || part.places.iter().any(|p| p != &Place::default())
}

/// A part is complete when it has a date and a place (or says `online`).
fn part_is_complete(part: &DatelinePart) -> bool {
    !part.dates.is_empty() && is_placed(part)
}

/// The parts a `;` part of a header holds: itself, less an `and` that
/// opens it (`…; and 29-31 March 2022, Skopje`), or two dated parts that
/// `and`, `&` or `/` join instead of a `;` (`22-24 March 2022, Podgorica,
/// Montenegro and 29-31 March 2022, Skopje, North Macedonia`), each with a
/// date and a place of its own, so that places or ranges joined so
/// (`Tirana and Durrës`, `3-5 and 10-12 June`) stay one part.
fn split_joined_parts(text: &str) -> Vec<&str> {
    // `5 May 2022, Skopje, 6 May 2022, Tirana`: a comma, tried last, joins
    // such parts too.
    const JOINERS: [&str; 5] = [" and ", " & ", " / ", "/", ", "];
    let text = ["and ", "& "]
        .iter()
        .find_map(|joiner| text.strip_prefix(joiner))
        .map_or(text, str::trim_start);
    // Pieces that cannot be a part are not read as one: one that names no
    // date (`Herzegovina` of `Bosnia and Herzegovina`), and a date alone,
    // which names no place (`28 April-2 May` of `28 April-2 May, Skopje, …`).
    let is_whole = |piece: &str| {
        may_name_a_date(piece)
            && !is_date_alone(piece)
            && parse_part(piece).is_some_and(|(part, _)| part_is_complete(&part))
    };
    for joiner in JOINERS {
        for (at, _) in text.match_indices(joiner) {
            let (first, rest) = (&text[..at], &text[at + joiner.len()..]);
            // The second part opens with its date: a digit or a month's name.
            // It has a date wherever it writes it: after a comma, the rest
            // is most often the place alone (`Kishinev, Moldova`), no part.
            if !rest.starts_with(|c: char| c.is_ascii_digit() || c.is_uppercase())
                || !may_name_a_date(rest)
            {
                continue;
            }
            // After a comma, the second part opens with its date, or the
            // first, its place first, ends with its own (`Skopje, 5 May
            // 2022, Tirana, 6 May 2022`), so that a country after its city
            // is no part (`5 May 2022, Skopje, North Macedonia, 6 May …`).
            if joiner == ", " {
                let opens_with_date = rest.split([' ', ',']).next().is_some_and(|word| {
                    word.starts_with(|c: char| c.is_ascii_digit()) || month_number(word).is_some()
                });
                let ends_with_date = first
                    .rsplit(',')
                    .next()
                    .is_some_and(|last| parse_date_expr(last.trim()).is_some());
                if !opens_with_date && !ends_with_date {
                    continue;
                }
            }
            // The rest first: after `and` it is most often the last words
            // of a place's name, which name no date.
            if is_whole(rest) && is_whole(first) {
                let mut parts = vec![first.trim()];
                parts.extend(split_joined_parts(rest.trim()));
                return parts;
            }
        }
    }
    vec![text]
}

/// Whether a text may name a date: it has a digit or a month's name, as
/// every date expression has.
fn may_name_a_date(text: &str) -> bool {
    text.bytes().any(|b| b.is_ascii_digit())
        || text
            .split(|c: char| !c.is_alphabetic())
            .any(|word| month_number(word).is_some())
}

/// Whether a piece of a part is a date and nothing else (`28 April-2
/// May`): no comma, and a date expression as a whole.
fn is_date_alone(piece: &str) -> bool {
    !piece.contains(',') && parse_date_expr(piece.trim()).is_some()
}

fn parse_header(header: &str) -> Option<Vec<DatelinePart>> {
    let mut parts: Vec<(DatelinePart, bool)> = Vec::new();
    for text in header
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .flat_map(split_joined_parts)
    {
        match parse_part(text) {
            Some((part, short_year))
                if parts.is_empty() || !part.dates.is_empty() || is_known_place(&part) =>
            {
                parts.push((part, short_year))
            }
            // `; in cooperation with the OSCE`, `; Regional`, `; TBC`: a
            // note after the first part, neither a date nor a known place,
            // stays in the header (and so is searchable) but is no event.
            _ if !parts.is_empty() && is_note(text) => {}
            _ => return None,
        }
    }
    let parts = join_dates_and_places(parts);
    // `2.1.10` alone is as likely a section number as 2 January 2010: a
    // dotted date with a year of two digits is a date beside a place only,
    // in its part or in the part of places joined to it (`5.5.22; Tirana`).
    if parts
        .iter()
        .any(|(part, short_year)| *short_year && !is_placed(part))
    {
        return None;
    }
    let parts: Vec<DatelinePart> = parts.into_iter().map(|(part, _)| part).collect();
    // A part may lack a date when another has one (see `is_complete`).
    parts.iter().any(|p| !p.dates.is_empty()).then_some(parts)
}

/// `5-6 May; Tirana` or `Tirana, Albania; 5-6 May 2022`: a part with dates
/// and no place next to a part with a place and no date is one part, the
/// place carrying the dates, rather than dates nowhere and a place on no
/// date. Parts with both (`4-5 May 2022, Skopje; Tirana`) are left alone.
/// Each part comes with whether its date has a year of two digits, which
/// the joined part keeps.
fn join_dates_and_places(parts: Vec<(DatelinePart, bool)>) -> Vec<(DatelinePart, bool)> {
    let is_dates_alone = |p: &DatelinePart| !p.dates.is_empty() && !is_placed(p);
    let is_place_alone = |p: &DatelinePart| p.dates.is_empty() && is_placed(p);
    let mut joined: Vec<(DatelinePart, bool)> = Vec::with_capacity(parts.len());
    for (part, short_year) in parts {
        match joined.last_mut() {
            Some((last, last_short)) if is_dates_alone(last) && is_place_alone(&part) => {
                last.text = format!("{}; {}", last.text, part.text);
                last.places = part.places;
                last.online = part.online;
                last.place_to_be_confirmed = part.place_to_be_confirmed;
                last.venue = part.venue;
                last.trailing_year = last.trailing_year.or(part.trailing_year);
                *last_short |= short_year;
            }
            Some((last, last_short)) if is_place_alone(last) && is_dates_alone(&part) => {
                last.text = format!("{}; {}", last.text, part.text);
                last.dates = part.dates;
                last.online |= part.online;
                last.trailing_year = part.trailing_year.or(last.trailing_year);
                *last_short |= short_year;
            }
            _ => joined.push((part, short_year)),
        }
    }
    joined
}

/// A short phrase after a `;` of a header (`in cooperation with the
/// OSCE`, `organised by the EU`): no sentence, no quotation, and nothing
/// past a colon, which ends the header before the body.
fn is_note(text: &str) -> bool {
    text.chars().count() <= 100
        && text.split_whitespace().count() <= 12
        && !text.contains(". ")
        && !text
            .split_once(':')
            .is_some_and(|(_, after)| after.starts_with(char::is_whitespace))
        && !text.ends_with(['.', '!', '?'])
        && !text.contains(['"', '“', '”'])
}

/// `5 May 2022, Tirana, Albania - in cooperation with the OSCE - The
/// training …`: when a dash ends the header, a note between it and the
/// next dash of the same kind stays in the header (and so is searchable),
/// as a note after a `;` does, and the body starts after that dash. The
/// note is a short phrase ([`is_note`]) that opens in lower case or with
/// `In cooperation with` and its like, and the body after it opens with a
/// capital or a digit; otherwise the dateline is returned as it is.
fn with_dash_note(line: &str, mut dateline: Dateline, header_end: usize) -> Dateline {
    const DASHES: [&str; 4] = [" - ", " – ", " — ", " -- "];
    let Some(dash) = line
        .get(header_end..dateline.body_start)
        .filter(|separator| DASHES.contains(separator))
    else {
        return dateline;
    };
    let rest = &line[dateline.body_start..];
    let Some(at) = rest.find(dash) else {
        return dateline;
    };
    let note = rest[..at].trim();
    let after = rest[at + dash.len()..].trim_start();
    let opens_note = note.chars().next().is_some_and(char::is_lowercase) || {
        let lower = note.to_lowercase();
        [
            "in cooperation with ",
            "in co-operation with ",
            "in collaboration with ",
            "in partnership with ",
            "organised by ",
            "organized by ",
            "hosted by ",
            "jointly with ",
        ]
        .iter()
        .any(|opener| lower.starts_with(opener))
    };
    if opens_note
        && is_note(note)
        && after
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
    {
        let header_end = dateline.body_start + at;
        dateline.header = line[..header_end].trim().to_string();
        dateline.body_start = line.len() - after.len();
    }
    dateline
}

/// The `DATE, PLACE, First sentence …` form: the longest prefix of comma
/// segments whose places the gazetteer knows.
///
/// None when known places run on past that prefix into a capitalised word
/// with no separator (`5 May 2022, Skopje, North Macedonia The workshop …`):
/// the header would end at the city and the text open with the country,
/// so the line is no dateline, and the reader reports it after a title
/// (see [`header_without_separator`]).
fn parse_comma_header(line: &str) -> Option<Dateline> {
    let unended = header_without_separator(line).map(str::len);
    let commas: Vec<usize> = line.match_indices(", ").map(|(at, _)| at).take(8).collect();
    for &at in commas.iter().rev() {
        if unended.is_some_and(|end| end > at) {
            return None;
        }
        let header = &line[..at];
        let Some(parts) = parse_header(header) else {
            continue;
        };
        let places_known = parts.iter().all(|part| {
            part_is_complete(part)
                && part.places.iter().all(|place| {
                    place.country.is_some()
                        || place.country_implied.is_some()
                        || place.region.is_some()
                })
        });
        if places_known {
            return Some(Dateline {
                header: header.trim().to_string(),
                body_start: at + 2,
                parts,
                dates_readable: true,
            });
        }
    }
    None
}

/// Whether a header opens with a name and its number (`Article 20, Skopje`,
/// `Phase 2, Tirana`), which is a heading in an entry's text, not a date
/// that could not be read: no word of it is a month and its number is no year.
fn opens_with_numbered_name(header: &str) -> bool {
    let first = header.split(',').next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    let Some((number, names)) = words.split_last() else {
        return false;
    };
    !names.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && four_digit_year(number).is_none()
        && names
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase) && month_number(w).is_none())
}

/// A header whose date cannot be read (`Spring 2022, Skopje, North Macedonia: …`):
/// short, made of names, and naming a known place or a year. The entry is kept.
///
/// [`parse_dateline`] asks this only of a line that names a date or
/// `online` early on; the reader also asks it of the line after a title
/// (`TBC, Tirana, Albania: …`), where a dateline is expected.
pub fn parse_unreadable_header(line: &str) -> Option<Dateline> {
    let (at, _) = line.match_indices(": ").next()?;
    let header = &line[..at];
    if header.chars().count() > 120 {
        return None;
    }
    const CONNECTORS: [&str; 8] = ["and", "of", "the", "under", "online", "pri", "de", "in"];
    let words_are_names = header
        .split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == '/')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let first = w.chars().next().unwrap_or(' ');
            first.is_uppercase()
                || first.is_ascii_digit()
                || CONNECTORS.contains(&w)
                || is_month_name(w)
        });
    if !words_are_names || opens_with_numbered_name(header) {
        return None;
    }
    let names_place_or_year = header.split([',', ';', '/']).map(str::trim).any(|segment| {
        // A year is a word of four digits from 1900 (`Spring 2022`), not any
        // 19 or 20 (`COVID 19`, `Article 20`).
        gazetteer().is_known_place(segment)
            || segment
                .split_whitespace()
                .any(|w| four_digit_year(w).is_some())
    });
    if !names_place_or_year {
        return None;
    }
    let parts = header
        .split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|text| {
            let segments: Vec<&str> = text.split(',').map(str::trim).collect();
            let known: Vec<&str> = segments
                .iter()
                .copied()
                .filter(|s| gazetteer().is_known_place(s))
                .collect();
            let (places, online) = resolve_places(&known);
            DatelinePart {
                text: text.to_string(),
                dates: Vec::new(),
                places,
                online,
                trailing_year: None,
                place_to_be_confirmed: false,
                venue: None,
            }
        })
        .collect();
    Some(Dateline {
        header: header.trim().to_string(),
        body_start: at + 2,
        parts,
        dates_readable: false,
    })
}

/// Whether a word is a month's whole name, in any case (`may` of `Early
/// may 2022`), which names a date as the capitalised name does.
fn is_month_name(word: &str) -> bool {
    month_number(word)
        .and_then(|number| u8::try_from(number).ok())
        .and_then(|number| chrono::Month::try_from(number).ok())
        .is_some_and(|month| month.name().eq_ignore_ascii_case(word))
}

/// The header of a line whose words before its first `: ` hold a year in
/// words no date can be read from, and a place the gazetteer knows
/// (`early June 2022, Skopje: …`, `the fifth of Mai 2022, Skopje: …`,
/// `mid-2022, Skopje: …`, `winter 2022/23, Skopje: …`):
/// opening in lower case, it is no header [`parse_unreadable_header`]
/// reads, so its caller reports it after a title.
pub fn unread_date_before_known_place(line: &str) -> Option<&str> {
    let (at, _) = line.match_indices(": ").next()?;
    let header = &line[..at];
    if header.chars().count() > 120 {
        return None;
    }
    let segments: Vec<&str> = header.split([',', ';']).map(str::trim).collect();
    // `mid-2022`, `winter 2022/23`: a year may be joined to a word by a
    // dash or a slash.
    let unread_year = segments.iter().any(|segment| {
        segment
            .split(|c: char| c.is_whitespace() || c == '/' || crate::extract::date::is_dash(c))
            .any(|word| four_digit_year(word).is_some())
            && parse_date_expr(segment).is_none()
    });
    let known_place = segments
        .iter()
        .any(|segment| gazetteer().is_known_place(segment));
    (unread_year && known_place).then_some(header)
}

/// What [`dated_opening`] reads.
struct DatedOpening<'a> {
    dates: Vec<DateSpec>,
    /// Where the date ends in the line.
    date_end: usize,
    /// The comma segments after the date, each with its offset in the line.
    segments: Vec<(usize, &'a str)>,
}

/// The opening of a dated sentence: its date, where the date ends in the
/// line, and the comma segments after it (each with its offset in the
/// line) where its place may stand. `On 20 May 2022, in Skopje, …`,
/// `On Monday, 5 May 2022, …`, `On 20 May 2022 in Skopje, …`, `From 5 to
/// 7 May 2022, …`; `None` unless the line opens with `On` or `From` and a
/// date that can be read.
fn dated_opening(line: &str) -> Option<DatedOpening<'_>> {
    let base = if line.starts_with("On ") {
        3
    } else if line.starts_with("From ") {
        0
    } else {
        return None;
    };
    // A dated opening is short: look at its first few segments only, and
    // not past a `: ` (`On 20 May 2022, in Skopje, North Macedonia: …`).
    let opening = line[base..].split(": ").next().unwrap_or("");
    let mut segments: Vec<(usize, &str)> = Vec::new();
    let mut at = base;
    for segment in opening.split(", ").take(6) {
        segments.push((at, segment));
        at += segment.len() + 2;
    }
    let mut rest = segments.into_iter();
    let (mut date_at, mut date_text) = rest.next()?;
    if is_weekday(date_text) {
        (date_at, date_text) = rest.next()?;
    }
    let mut places: Vec<(usize, &str)> = Vec::new();
    // `20 May 2022 in Skopje`: the place goes on as `in Skopje`.
    if let Some((date, _)) = date_text.split_once(" in ")
        && parse_date_expr(date).is_some()
    {
        places.push((date_at + date.len() + 1, &date_text[date.len() + 1..]));
        date_text = date;
    }
    let dates = parse_date_expr(date_text)?;
    places.extend(rest);
    Some(DatedOpening {
        dates,
        date_end: date_at + date_text.len(),
        segments: places,
    })
}

/// The date of an entry that opens with a dated sentence instead of a
/// dateline: `On 20 May 2022, in Skopje, North Macedonia, prosecutors met
/// …` or `From 5 to 7 May 2022, in Tirana, Albania, …`. The sentence must
/// open with `On` or `From`, a date that can be read and, in the comma
/// segments right after it, a place the gazetteer knows. The header is
/// that date and place phrase; the whole line stays the entry's text
/// (`body_start` is 0). `None` for any other line (`On this occasion, …`).
pub fn parse_dated_opening(line: &str) -> Option<Dateline> {
    let DatedOpening {
        dates,
        date_end: mut header_end,
        segments,
    } = dated_opening(line)?;
    let mut places: Vec<&str> = Vec::new();
    for (at, segment) in segments.into_iter().take(3) {
        let place = if places.is_empty() {
            segment
                .strip_prefix("in ")
                .or_else(|| segment.strip_prefix("at "))
                .unwrap_or(segment)
        } else {
            segment
        };
        let known = !place.is_empty()
            && split_pieces(place).iter().all(|piece| {
                is_online_word(piece)
                    || gazetteer().is_known_place(piece)
                    || united_kingdom_nation(piece).is_some()
            });
        if !known {
            break;
        }
        places.push(place);
        header_end = at + segment.len();
    }
    if places.is_empty() {
        return None;
    }
    let header = line.get(..header_end)?;
    let (places, online) = resolve_places(&places);
    Some(Dateline {
        header: header.to_string(),
        body_start: 0,
        parts: vec![DatelinePart {
            text: header.to_string(),
            dates,
            places,
            online,
            trailing_year: None,
            place_to_be_confirmed: false,
            venue: None,
        }],
        dates_readable: true,
    })
}

/// Whether a line opens with `On` or `From` and a date that can be read
/// (`On 20 May 2022, …`), as [`parse_dated_opening`] asks, whether or not
/// a known place follows.
pub fn opens_with_readable_date(line: &str) -> bool {
    dated_opening(line).is_some()
}

/// The unknown place of a line shaped as a dateline that a full stop ends
/// (`5 May 2022, Mavrovo. The workshop …`): a date that can be read, a
/// comma, a few capitalised words the gazetteer does not know and `. `
/// before a capital. Such a line opens no entry, since a full stop ends a
/// header only after a known place, so its caller reports it. A sentence
/// that opens with a date (`5 May 2022, the ministers met. …`) is none.
pub fn unknown_place_before_full_stop(line: &str) -> Option<&str> {
    let (first, rest) = line.split_once(", ")?;
    let (place, after) = if parse_date_expr(first.trim()).is_some() {
        rest.split_once(". ")?
    } else {
        // `Mavrovo, 5 May 2022. The workshop …`: the place comes first.
        let (date, after) = rest.split_once(". ")?;
        parse_date_expr(date.trim())?;
        (first, after)
    };
    let words: Vec<&str> = place
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let capitalised = !words.is_empty()
        && words.len() <= 6
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let body_opens = after.chars().next().is_some_and(char::is_uppercase);
    (capitalised && body_opens && !ends_with_known_place(place)).then_some(place)
}

/// The header of a line that opens with a date that can be read, a comma
/// and a place the gazetteer knows, with no separator before a capitalised
/// word (`5 May 2022, Skopje The workshop …`): such a line opens no entry, so
/// its caller reports it. A sentence (`5 May 2022, Skopje hosted …`) is none.
pub fn header_without_separator(line: &str) -> Option<&str> {
    // `5 May 2022, Tirana; 6 May 2022, Skopje The workshop …`: a later
    // part, after parts that each read as a date and a place.
    let mut from = 0;
    for (at, _) in head(line, MAX_HEADER_CHARS).match_indices(';') {
        if parse_header(&line[..at]).is_some_and(|parts| parts.iter().all(part_is_complete)) {
            from = at + 1;
        }
    }
    let last = line[from..].trim_start();
    let start = line.len() - last.len();
    part_without_separator(last)
        .or_else(|| read_part_without_separator(last))
        .map(|header| &line[..start + header.len()])
}

/// The header of a part no separator ends before a capitalised word that
/// [`part_without_separator`] does not see: its known place first
/// (`Skopje, 5 May 2022 The workshop …`) or no comma between its date and
/// place (`5 May 2022 Skopje The workshop …`). The longest run of its
/// first words that reads as a date and a place the gazetteer knows.
fn read_part_without_separator(line: &str) -> Option<&str> {
    let ends: Vec<usize> = line
        .char_indices()
        .filter(|&(at, c)| c.is_whitespace() && at > 0)
        .map(|(at, _)| at)
        .take(10)
        .collect();
    ends.into_iter()
        .rev()
        .find(|&end| {
            let header = &line[..end];
            !header.ends_with([',', ';', ' '])
                && line[end..]
                    .trim_start()
                    .chars()
                    .next()
                    .is_some_and(char::is_uppercase)
                && parse_part(header).is_some_and(|(part, _)| {
                    part_is_complete(&part)
                        && is_known_place(&part)
                        && part.places.iter().all(|place| {
                            place.country.is_some()
                                || place.country_implied.is_some()
                                || place.region.is_some()
                        })
                })
        })
        .map(|end| &line[..end])
}

/// The one-part form of [`header_without_separator`].
fn part_without_separator(line: &str) -> Option<&str> {
    let (date, rest) = line.split_once(", ")?;
    parse_date_expr(date.trim())?;
    let start = line.len() - rest.len();
    // The byte offsets where each word of `rest` ends.
    let mut ends: Vec<usize> = Vec::new();
    let mut in_word = false;
    for (at, c) in rest.char_indices() {
        if c.is_whitespace() {
            if in_word {
                ends.push(at);
            }
            in_word = false;
        } else {
            in_word = true;
        }
    }
    // `Hotel Continental, Skopje`: capitalised names before the known
    // places, a venue in the city (see `resolve_places`), count with them.
    let is_known = |text: &str| {
        let segments: Vec<&str> = text.split(',').map(str::trim).collect();
        let venue = segments
            .iter()
            .take_while(|segment| {
                !gazetteer().is_known_place(segment)
                    && segment.split_whitespace().count() <= 6
                    && segment
                        .split_whitespace()
                        .all(|word| word.chars().next().is_some_and(char::is_uppercase))
            })
            .count();
        let places = &segments[venue..];
        !places.is_empty()
            && places
                .iter()
                .all(|segment| !segment.is_empty() && gazetteer().is_known_place(segment))
    };
    let Some(end) = ends
        .iter()
        .take(6)
        .copied()
        .rfind(|&end| is_known(&rest[..end]))
    else {
        return unknown_place_without_separator(rest, &ends).map(|end| &line[..start + end]);
    };
    let next_word_capitalised = rest[end..]
        .trim_start()
        .chars()
        .next()
        .is_some_and(char::is_uppercase);
    next_word_capitalised.then(|| &line[..start + end])
}

/// Words that open a sentence, and no place's name.
const SENTENCE_OPENERS: [&str; 5] = ["The", "A", "An", "This", "These"];

/// Where the place ends in the rest of a line after its date and comma
/// when the gazetteer knows no word of it, and no separator ends it before
/// the entry's text (`Mavrovo The workshop met.`, `Mavrovo National Park
/// The …`): up to four capitalised words, none in capitals alone (`UNODC`)
/// nor a sentence's opener, then one that is. A sentence naming a person
/// (`Minister Spasovski opened …`) goes on in lower case, so it is none.
fn unknown_place_without_separator(rest: &str, ends: &[usize]) -> Option<usize> {
    let words: Vec<&str> = rest.split_whitespace().take(5).collect();
    let opener = words
        .iter()
        .position(|word| SENTENCE_OPENERS.contains(word))?;
    let place = &words[..opener];
    let named = !place.is_empty()
        && place.iter().all(|word| {
            word.chars().next().is_some_and(char::is_uppercase)
                && word.chars().any(char::is_lowercase)
                && word.chars().all(|c| c.is_alphabetic() || c == '-')
        });
    named.then(|| ends.get(opener - 1).copied()).flatten()
}

/// Reads one part: a date expression and places, in either order, with
/// whether its date is dotted with a year of two digits (`5.5.22`), which
/// needs a place beside it (see [`parse_header`]).
fn parse_part(part: &str) -> Option<(DatelinePart, bool)> {
    let mut segments: Vec<&str> = Vec::new();
    // Per segment, whether it is the country in brackets of the segment
    // before it (`Albania` of `Tirana (Albania)`).
    let mut is_bracketed_country: Vec<bool> = Vec::new();
    let mut after_bracket = false;
    for segment in comma_segments(part)
        .into_iter()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        // `Tirana (Albania), and Skopje (North Macedonia)`.
        let segment = if after_bracket {
            segment
                .strip_prefix("and ")
                .or_else(|| segment.strip_prefix("& "))
                .map_or(segment, str::trim)
        } else {
            segment
        };
        // `(5 May 2022) Skopje`: a date in brackets before the place.
        let segment = match split_bracketed_date(segment) {
            Some((date, rest)) => {
                segments.push(date);
                is_bracketed_country.push(false);
                if rest.is_empty() {
                    continue;
                }
                rest
            }
            None => segment,
        };
        after_bracket = segment.ends_with(')');
        // `Tirana (Albania) and Skopje (North Macedonia)`: each place with
        // its country.
        for piece in split_after_bracketed_countries(segment) {
            // `Tirana (Albania)`, `online (Zoom)`, `5 May 2022 (online)`: a
            // country or `online` in brackets is a segment of its own; other
            // words in brackets qualify what they follow and stay in the header.
            let (piece, bracketed) = split_bracket(piece);
            match split_at_spaced_dashes(piece) {
                Some(pieces) => segments.extend(pieces),
                None => segments.push(piece),
            }
            is_bracketed_country.resize(segments.len(), false);
            let is_date = |text: &str| {
                !is_dotted_with_two_digit_year(text) && parse_date_expr(text).is_some()
            };
            if let Some(bracketed) = bracketed.filter(|b| is_country_name(b) || is_online_word(b)) {
                segments.push(bracketed);
                is_bracketed_country.push(!is_online_word(bracketed));
            } else if let Some(bracketed) = bracketed.filter(|b| {
                // `5 May 2022 (Skopje)`, `Skopje (5 May 2022)`: the part's
                // place after its date, or its date after its place.
                (is_date(piece) && gazetteer().is_known_place(b))
                    || (gazetteer().is_known_place(piece) && is_date(b))
            }) {
                segments.push(bracketed);
                is_bracketed_country.push(false);
            } else if bracketed.is_some_and(says_online) {
                // `Tirana (in person and online)`, `(hybrid format)`.
                segments.push("online");
                is_bracketed_country.push(false);
            }
        }
    }
    // `5 May 2022 Skopje`, `Skopje 5 May 2022`: a date and a place the
    // gazetteer knows with no comma between them are two segments.
    let mut index = 0;
    while index < segments.len() {
        if let Some((first, second)) = split_date_from_place(segments[index]) {
            segments[index] = first;
            segments.insert(index + 1, second);
            is_bracketed_country.insert(index + 1, false);
            index += 1;
        }
        index += 1;
    }
    let mut dates = Vec::new();
    // Whether the date is dotted with a year of two digits (`5.5.22`).
    let mut short_year = false;
    // `Monday, 5 May 2022`: the day's name is no place.
    let mut used: Vec<bool> = segments
        .iter()
        .map(|segment| is_day_names(segment))
        .collect();
    'dates: for index in 0..segments.len() {
        if used[index] {
            continue;
        }
        // `5, 6 and 7 May 2022`: a bare day before a comma begins a list
        // of days, not a place.
        if is_day_number(segments[index]) {
            for end in index + 1..segments.len().min(index + 4) {
                if let Some(found) = parse_date_expr(&segments[index..=end].join(", ")) {
                    dates = found;
                    used[index..=end].fill(true);
                    break 'dates;
                }
            }
        }
        // `3-4 June, 2019`: a bare year after a date belongs to it.
        if let Some(next) = segments
            .get(index + 1)
            .filter(|next| four_digit_year(next).is_some())
        {
            let joined = format!("{} {}", segments[index], next);
            if let Some(found) = parse_date_expr(&joined) {
                dates = found;
                used[index] = true;
                used[index + 1] = true;
                break;
            }
        }
        if let Some(found) = parse_date_expr(segments[index]) {
            dates = found;
            used[index] = true;
            short_year = is_dotted_with_two_digit_year(segments[index]);
            break;
        }
    }
    let mut trailing_year = None;
    let mut place_to_be_confirmed = false;
    let mut place_segments: Vec<(String, bool)> = Vec::new();
    for (index, segment) in segments.iter().enumerate() {
        if used[index] {
            continue;
        }
        // `5 May 2022, Skopje, 6 May 2022`: a second date is a second
        // range of the part's place, as in `5 and 6 May 2022, Skopje`.
        if !dates.is_empty()
            && !is_dotted_with_two_digit_year(segment)
            && let Some(more) = parse_date_expr(segment)
        {
            dates.extend(more);
            continue;
        }
        // `Week of 9 May 2022`: words before a date that leave it
        // unreadable are no place; they stay in the header.
        if ends_with_date_after_words(segment) {
            continue;
        }
        // `TBC, Tirana, Albania`, `Autumn 2022, Skopje`: a word for a place
        // not yet known, or a season, is no place, and a season's year no
        // year of the dateline; they stay in the header.
        let without_year = segment
            .rsplit_once(' ')
            .filter(|(_, year)| is_year_or_two_years(year))
            .map_or(*segment, |(words, _)| words);
        if is_placeholder(without_year) {
            place_to_be_confirmed = true;
            continue;
        }
        let mut segment = segment.to_string();
        if let Some((place, year)) = segment.rsplit_once(' ')
            && let Some(year) = four_digit_year(year)
        {
            trailing_year = Some(year);
            segment = place.trim().to_string();
        }
        if let Some(year) = four_digit_year(&segment) {
            // `9 June, Belgrade, Serbia, 2019`: the year of a multi-part
            // dateline, written once after its last place.
            let after_places = index + 1 == segments.len() && !place_segments.is_empty();
            if !after_places || trailing_year.is_some() {
                return None;
            }
            trailing_year = Some(year);
            continue;
        }
        // `Moldova, Republic of`: a country's name with its designation
        // after a comma is one name, `Republic of Moldova`.
        if (segment.ends_with(" of") || segment.ends_with(" the"))
            && let Some((previous, _)) = place_segments.last_mut()
        {
            let whole = format!("{segment} {previous}");
            if country_named(&whole).is_some() {
                *previous = whole;
                continue;
            }
        }
        // `the former Yugoslav Republic of Macedonia / online`: judge each place of a `/` list.
        if !segment.split('/').all(|piece| is_place_like(piece.trim())) {
            return None;
        }
        place_segments.push((segment, is_bracketed_country[index]));
    }
    let (mut places, online) = resolve_bracketed_places(&place_segments);
    // `5 May 2022, Hotel Continental`: a venue with no city, country or
    // region beside it is no city; the part names no place but the venue.
    let is_venue = |place: &Place| {
        place.country.is_none()
            && place.country_implied.is_none()
            && place.region.is_none()
            && place.city.as_deref().is_some_and(is_venue_name)
    };
    let venue = (!places.is_empty() && places.iter().all(is_venue)).then(|| {
        places
            .iter()
            .filter_map(|place| place.city.as_deref())
            .collect::<Vec<_>>()
            // `Hotel Continental, Conference Hall`: listed as commas list them.
            .join(", ")
    });
    if venue.is_some() {
        places = vec![Place::default()];
    }
    let part = DatelinePart {
        text: part.to_string(),
        dates,
        places,
        online,
        trailing_year,
        place_to_be_confirmed,
        venue,
    };
    Some((part, short_year))
}

/// Whether a text is a year (`2022`) or two years in a row, as a winter
/// or a season of work writes them (`2022/23`, `2022/2023`, `2022-23`).
fn is_year_or_two_years(text: &str) -> bool {
    four_digit_year(text).is_some()
        || text
            .split_once(|c: char| c == '/' || crate::extract::date::is_dash(c))
            .is_some_and(|(first, second)| {
                four_digit_year(first).is_some()
                    && matches!(second.len(), 2 | 4)
                    && second.bytes().all(|b| b.is_ascii_digit())
            })
}

/// A segment of a date and a place the gazetteer knows (or `online`, or
/// such places joined by `and`, `&` or `/`) with only a space between
/// them, in either order (`5 May 2022 Skopje`, `Skopje 5 May 2022`, `5 May
/// 2022 Tirana and Skopje`), as its date and its place; `None` for any other
/// segment, a date alone included, and for a dotted date with a year of
/// two digits, which may number a heading (`4.1.22 Albania`).
fn split_date_from_place(segment: &str) -> Option<(&str, &str)> {
    // Most segments are places alone (`Skopje`, `Bosnia and Herzegovina`),
    // with no digit or month's name: no date, so no need to try each space.
    if segment.len() > 80 || !may_name_a_date(segment) || parse_date_expr(segment).is_some() {
        return None;
    }
    // `Tirana and Skopje`, `Skopje and online`: known places joined.
    let is_place = |text: &str| {
        let pieces = split_pieces(text);
        !pieces.is_empty()
            && pieces
                .iter()
                .all(|piece| is_online_word(piece) || gazetteer().is_known_place(piece))
    };
    // `4.1.22 Albania` is as likely a numbered heading as a date.
    let is_date =
        |text: &str| !is_dotted_with_two_digit_year(text) && parse_date_expr(text).is_some();
    // A no-break space (`5 May 2022\u{a0}Skopje`) parts them as a space does.
    segment
        .char_indices()
        .filter(|(_, c)| c.is_whitespace())
        .find_map(|(at, c)| {
            let (first, second) = (segment[..at].trim(), segment[at + c.len_utf8()..].trim());
            if first.is_empty() || second.is_empty() {
                return None;
            }
            let date_first = is_date(first) && is_place(second);
            let place_first = is_place(first) && is_date(second);
            (date_first || place_first).then_some((first, second))
        })
}

/// Whether a segment is a day's name (`Monday`) or the names of the first
/// and last days of a range (`Tuesday-Thursday`, `Tue – Thu`, `Tuesday to
/// Thursday`), which add nothing to the date and name no place.
fn is_day_names(segment: &str) -> bool {
    if is_weekday(segment) {
        return true;
    }
    // Each segment of each part is asked, and nearly none opens with a
    // day's name: split only those that do.
    let first_word = segment
        .trim_start()
        .split(|c: char| !c.is_alphabetic())
        .next()
        .unwrap_or("");
    if !is_weekday(first_word) {
        return false;
    }
    let names: Vec<&str> = segment
        .split(|c: char| crate::extract::date::is_dash(c))
        .flat_map(|piece| piece.split(" to "))
        .map(str::trim)
        .collect();
    names.len() == 2 && names.iter().all(|name| is_weekday(name))
}

/// Whether a segment that is no date ends with one that holds a number
/// after words, or after a word and a hyphen (`Week of 9 May 2022`, `Week
/// of 9 May`, `Mid-May 2022`).
fn ends_with_date_after_words(segment: &str) -> bool {
    segment.len() <= 80
        && segment.match_indices([' ', '-']).any(|(at, _)| {
            let date = segment[at + 1..].trim();
            date.bytes().any(|b| b.is_ascii_digit())
                && date.chars().any(char::is_alphabetic)
                && parse_date_expr(date).is_some()
        })
}

/// The comma segments of a part. A bracket after the word for the format
/// holds the part's places (`hybrid (Tirana, Albania and online)`): the
/// word and each of the places are segments. Other commas in brackets
/// split as any comma does.
fn comma_segments(part: &str) -> Vec<&str> {
    let mut segments = Vec::new();
    let mut depth = 0usize;
    let mut from = 0;
    for (at, c) in part.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                segments.push(&part[from..at]);
                from = at + 1;
            }
            _ => {}
        }
    }
    segments.push(&part[from..]);
    let mut split = Vec::with_capacity(segments.len());
    for segment in segments {
        match split_bracket(segment.trim()) {
            (format, Some(places)) if places.contains(',') && is_online_word(format) => {
                split.push(format);
                split.extend(places.split(','));
            }
            _ => split.extend(segment.split(',')),
        }
    }
    split
}

/// Whether a name is a country, or a nation of the United Kingdom, that a
/// dateline may write in brackets after its city.
fn is_country_name(name: &str) -> bool {
    country_named(name).is_some()
}

/// The country a dateline names where a country goes: by a name or alias
/// (`Türkiye`, `Kosovo*`), as `Republic of …` (`Republic of Türkiye`), by a
/// nation of the United Kingdom (`Scotland`), or by its name in its own
/// language or its code (`Crna Gora`, `Srbija`; `data/country-words.tsv`),
/// which text elsewhere does not use as the name.
fn country_named(name: &str) -> Option<&'static str> {
    let g = gazetteer();
    let name = name.trim();
    g.country(name)
        .or_else(|| united_kingdom_nation(name))
        .or_else(|| {
            let bare = ["the Republic of ", "Republic of ", "The Republic of "]
                .iter()
                .find_map(|lead| name.strip_prefix(lead))?;
            g.country(bare)
        })
        .or_else(|| country_of_word(name))
}

/// `Tirana (Albania) and Skopje (North Macedonia)` as `Tirana (Albania)`
/// and `Skopje (North Macedonia)`: the text split after each closing
/// bracket around a country that `and`, `&` or `/` follows. Brackets
/// around other words (`Vienna (VIC) and Graz`) split nothing.
fn split_after_bracketed_countries(segment: &str) -> Vec<&str> {
    // `5 May 2022, Skopje, 6 May 2022, Tirana`: a comma, tried last, joins
    // such parts too.
    const JOINERS: [&str; 5] = [" and ", " & ", " / ", "/", ", "];
    let mut pieces = Vec::new();
    let mut from = 0;
    for (at, _) in segment.match_indices(')') {
        let close = at + 1;
        if close <= from {
            continue;
        }
        let Some(joiner) = JOINERS
            .iter()
            .find(|joiner| segment[close..].starts_with(**joiner))
        else {
            continue;
        };
        let piece = &segment[from..close];
        if !matches!(split_bracket(piece), (_, Some(inner)) if is_country_name(inner)) {
            continue;
        }
        pieces.push(piece.trim());
        from = close + joiner.len();
    }
    pieces.push(segment[from..].trim());
    pieces.retain(|piece| !piece.is_empty());
    pieces
}

/// Turns a part's place segments into places, as [`resolve_places`] does,
/// but each segment followed by its country in brackets (`Tirana`,
/// `Albania` of `Tirana (Albania)`; the flag marks the country) is a place
/// of its own with that country, and the segments between such pairs are
/// read on their own: `Tirana (Albania), Skopje (North Macedonia)` is
/// Tirana in Albania and Skopje in North Macedonia.
fn resolve_bracketed_places(segments: &[(String, bool)]) -> (Vec<Place>, bool) {
    let mut groups: Vec<Vec<&str>> = Vec::new();
    let mut run: Vec<&str> = Vec::new();
    let mut index = 0;
    while index < segments.len() {
        let text = segments[index].0.as_str();
        match segments.get(index + 1) {
            Some((country, true)) => {
                if !run.is_empty() {
                    groups.push(std::mem::take(&mut run));
                }
                groups.push(vec![text, country.as_str()]);
                index += 2;
            }
            _ => {
                run.push(text);
                index += 1;
            }
        }
    }
    if !run.is_empty() {
        groups.push(run);
    }
    if groups.len() <= 1 {
        return resolve_places(&groups.pop().unwrap_or_default());
    }
    let mut places = Vec::new();
    let mut online = false;
    for group in &groups {
        let (group_places, group_online) = resolve_places(group);
        online |= group_online;
        places.extend(
            group_places
                .into_iter()
                .filter(|place| place != &Place::default()),
        );
    }
    if places.is_empty() {
        places.push(Place::default());
    }
    (places, online)
}

/// Whether a text is a day of the month alone (`5`, `05`).
fn is_day_number(text: &str) -> bool {
    matches!(text.len(), 1 | 2)
        && text.bytes().all(|b| b.is_ascii_digit())
        && text.parse::<u32>().is_ok_and(|day| (1..=31).contains(&day))
}

/// `Tirana (Albania)` as `Tirana` and `Albania`; a text without a closing
/// bracket at its end as it is.
fn split_bracket(segment: &str) -> (&str, Option<&str>) {
    let Some(inner_and_open) = segment.strip_suffix(')') else {
        return (segment, None);
    };
    match inner_and_open.rsplit_once('(') {
        Some((outer, inner)) if !outer.trim().is_empty() && !inner.contains(['(', ')']) => {
            (outer.trim(), Some(inner.trim()))
        }
        _ => (segment, None),
    }
}

/// `5 May 2022 - Tirana` or `Skopje - 5 May 2019`: a comma segment that is
/// no date as a whole (`3 - 5 June` is one) but whose pieces between
/// spaced dashes are at most one date and otherwise places the gazetteer
/// knows. So is a colon between them (`5 May 2019: Tirana, Albania: …`):
/// the header goes on past it to the place. `None` when the segment is
/// not such a run.
fn split_at_spaced_dashes(segment: &str) -> Option<Vec<&str>> {
    // A dash with a space on either side, or a colon before a space; a
    // no-break space (`5 May 2022\u{a0}– Skopje`) counts as a space.
    let chars: Vec<(usize, char)> = segment.char_indices().collect();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    for (index, &(at, c)) in chars.iter().enumerate() {
        let before = index
            .checked_sub(1)
            .and_then(|i| chars.get(i))
            .map(|&(_, c)| c);
        let after = chars.get(index + 1).map(|&(_, c)| c);
        let spaced_dash = matches!(c, '-' | '–' | '—')
            && before.is_some_and(char::is_whitespace)
            && after.is_some_and(char::is_whitespace);
        let colon = c == ':' && after.is_some_and(char::is_whitespace);
        if spaced_dash || colon {
            cuts.push((at, at + c.len_utf8()));
        }
    }
    if cuts.is_empty() || parse_date_expr(segment).is_some() {
        return None;
    }
    let mut pieces = Vec::with_capacity(cuts.len() + 1);
    let mut from = 0;
    for (start, end) in cuts {
        pieces.push(segment[from..start].trim());
        from = end;
    }
    pieces.push(segment[from..].trim());
    let mut dates = 0;
    for piece in &pieces {
        if parse_date_expr(piece).is_some() {
            dates += 1;
        } else if !(is_online_word(piece) || gazetteer().is_known_place(piece)) {
            return None;
        }
    }
    (dates <= 1).then_some(pieces)
}

/// A place is a short run of names: not a sentence.
fn is_place_like(segment: &str) -> bool {
    if gazetteer().is_known_place(segment) || country_named(segment).is_some() {
        return true;
    }
    if segment.chars().count() > 70 || segment.chars().any(|c| matches!(c, '"' | '“' | '”')) {
        return false;
    }
    let words: Vec<&str> = segment.split_whitespace().collect();
    let lowercase_words = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|c| c.is_lowercase()))
        .filter(|w| {
            !matches!(
                **w,
                "and"
                    | "of"
                    | "the"
                    | "under"
                    | "online"
                    | "pri"
                    | "na"
                    | "de"
                    | "virtual"
                    | "virtually"
                    | "hybrid"
                    | "webinar"
                    // A place's descriptive words: `port of Bar`,
                    // `Bijača border crossing point`.
                    | "port"
                    | "airport"
                    | "border"
                    | "crossing"
                    | "point"
                    | "city"
                    | "town"
                    | "village"
                    | "municipality"
            )
        })
        .count();
    !words.is_empty() && words.len() <= 8 && lowercase_words == 0
}

/// Whether words in brackets say the event was online among other words:
/// `in person and online`, `hybrid format`, `via Zoom`.
fn says_online(text: &str) -> bool {
    text.split(|c: char| !c.is_alphanumeric())
        .any(is_online_word)
}

fn is_online_word(text: &str) -> bool {
    matches!(
        text.trim().to_lowercase().as_str(),
        "online"
            | "virtual"
            | "virtually"
            | "online meeting"
            | "hybrid"
            | "webinar"
            | "online webinar"
            | "zoom"
    )
}

/// Whether a dateline segment holds the place of a place not yet known
/// (`TBC`, `TBD`, `TBA`, `N/A`, `to be confirmed`) or names a season
/// (`Spring`, `Autumn`): words that are no place, as `online` is none.
fn is_placeholder(text: &str) -> bool {
    let lower = text.trim().trim_end_matches('.').to_lowercase();
    // `Location TBD`, `Venue TBC`, `venue to be confirmed`: the word for a
    // place before it names none.
    let lower = ["venue ", "location ", "place "]
        .iter()
        .find_map(|word| lower.strip_prefix(word))
        .unwrap_or(&lower);
    matches!(
        lower.trim(),
        "tbc"
            | "tbd"
            | "tba"
            | "n/a"
            | "to be confirmed"
            | "to be determined"
            | "to be decided"
            | "to be announced"
            | "spring"
            | "summer"
            | "autumn"
            | "fall"
            | "winter"
    )
}

/// Splits `Tirana and Durrës` or `Turkey / online` into its places, unless the
/// whole text is one known name (`Bosnia and Herzegovina`).
fn split_pieces(segment: &str) -> Vec<String> {
    if gazetteer().is_known_place(segment) {
        return vec![segment.to_string()];
    }
    let mut pieces = vec![segment.to_string()];
    for joiner in ["/", " & ", " and "] {
        pieces = pieces
            .iter()
            .flat_map(|piece| {
                if gazetteer().is_known_place(piece) {
                    vec![piece.clone()]
                } else {
                    piece.split(joiner).map(|s| s.trim().to_string()).collect()
                }
            })
            .filter(|s| !s.is_empty())
            .collect();
    }
    pieces
}

/// A place written without its country: a region, or a city whose country
/// is implied.
fn lone_place(name: &str) -> Place {
    let g = gazetteer();
    if let Some(region) = g.region(name) {
        Place {
            region: Some(region.to_string()),
            ..Place::default()
        }
    } else {
        Place {
            city: Some(name.to_string()),
            country_implied: g.city(name).map(|city| city.country.clone()),
            ..Place::default()
        }
    }
}

/// Turns a part's place segments into places: `City, Country`, a comma list of
/// countries, several cities of one country, a lone city (its country implied),
/// a region, or `online`.
pub fn resolve_places(segments: &[&str]) -> (Vec<Place>, bool) {
    let g = gazetteer();
    let mut online = false;
    let mut segment_pieces: Vec<Vec<String>> = Vec::new();
    // Whether `and` or `&` opens a segment, closing a list of places.
    let mut listed = false;
    for segment in segments {
        // `Tirana, Durrës, and Shkodra`: the comma before a list's last
        // `and` joins as the `and` does.
        let joined = ["and ", "& "]
            .iter()
            .find_map(|joiner| segment.trim_start().strip_prefix(joiner));
        listed |= joined.is_some();
        let segment = joined.unwrap_or(segment);
        if is_placeholder(segment) {
            continue;
        }
        let pieces: Vec<String> = split_pieces(segment)
            .into_iter()
            .filter(|piece| !is_placeholder(piece))
            .filter(|piece| {
                let is_online = is_online_word(piece);
                online |= is_online;
                !is_online
            })
            .collect();
        if !pieces.is_empty() {
            segment_pieces.push(pieces);
        }
    }
    // `Banja Luka, Republika Srpska, Bosnia and Herzegovina`: an entity
    // beside another place qualifies it.
    if segment_pieces.len() > 1 {
        let entity = |pieces: &Vec<String>| pieces.iter().all(|p| is_sub_national_entity(p));
        if !segment_pieces.iter().all(entity) {
            segment_pieces.retain(|pieces| !entity(pieces));
        }
    }
    // `Hotel Continental, North Macedonia`, `Hotel Continental, Mavrovo,
    // North Macedonia`: a name with a venue's word, alone between commas
    // beside other places, is a venue, not a city: it stays in the
    // dateline, where a search finds it.
    // `Hotel Continental and Mavrovo`: a venue joined to a place by `and`
    // or `&` is no city either.
    for pieces in &mut segment_pieces {
        if pieces.len() > 1 && !pieces.iter().all(|piece| is_venue_name(piece)) {
            pieces.retain(|piece| !is_venue_name(piece));
        }
    }
    if segment_pieces.len() > 1 {
        let venue = |pieces: &Vec<String>| pieces.len() == 1 && is_venue_name(&pieces[0]);
        if !segment_pieces.iter().all(venue) {
            segment_pieces.retain(|pieces| !venue(pieces));
        }
    }
    // `Hotel Continental, Skopje, North Macedonia`: names the gazetteer
    // does not know before a city it knows, each alone between commas and
    // in no list that `and` closes, are a venue in that city, not cities:
    // they stay in the dateline, where a search finds them.
    let alone_and_unknown = |pieces: &Vec<String>| {
        pieces.len() == 1 && !g.is_known_place(&pieces[0]) && country_named(&pieces[0]).is_none()
    };
    if !listed
        && let Some(city) = segment_pieces
            .iter()
            .position(|pieces| pieces.len() == 1 && g.city(&pieces[0]).is_some())
        && city > 0
        && segment_pieces[..city].iter().all(alone_and_unknown)
    {
        segment_pieces.drain(..city);
    }
    // The country each piece names, looked up once: the rules below ask
    // it of the same pieces several times.
    let piece_countries: Vec<Vec<Option<&'static str>>> = segment_pieces
        .iter()
        .map(|pieces| pieces.iter().map(|piece| country_named(piece)).collect())
        .collect();
    let Some((last_countries, earlier_countries)) = piece_countries.split_last() else {
        return (vec![Place::default()], online);
    };
    let country_place = |country: Option<&str>| Place {
        country: country.map(str::to_string),
        ..Place::default()
    };
    let all_countries = |countries: &Vec<Option<&str>>| countries.iter().all(Option::is_some);
    let names_country = |countries: &Vec<Option<&str>>| countries.iter().any(Option::is_some);
    let earlier = &segment_pieces[..segment_pieces.len() - 1];
    // `Tirana, Albania and Skopje, North Macedonia`: a country written
    // before the last one closes the cities before it.
    if earlier_countries.iter().any(names_country)
        || (names_country(last_countries) && !all_countries(last_countries))
    {
        let mut places = Vec::new();
        let mut cities: Vec<&String> = Vec::new();
        for (name, country) in segment_pieces
            .iter()
            .flatten()
            .zip(piece_countries.iter().flatten())
        {
            match country {
                Some(country) if cities.is_empty() => {
                    places.push(country_place(country_named(country)))
                }
                Some(country) => places.extend(cities.drain(..).map(|city| Place {
                    city: Some(city.clone()),
                    country: Some(country.to_string()),
                    ..Place::default()
                })),
                None => cities.push(name),
            }
        }
        places.extend(cities.into_iter().map(|name| lone_place(name)));
        return (places, online);
    }
    if all_countries(last_countries) {
        if earlier_countries.iter().all(all_countries) {
            let places = piece_countries
                .iter()
                .flatten()
                .map(|country| country_place(*country))
                .collect();
            return (places, online);
        }
        let city_text = segments_text(earlier);
        let cities = if g.city(&city_text).is_some() {
            vec![city_text]
        } else {
            earlier.iter().flatten().cloned().collect()
        };
        let places = last_countries
            .iter()
            .flat_map(|country| {
                cities.iter().map(move |city| Place {
                    city: Some(city.clone()),
                    country: country.map(str::to_string),
                    ..Place::default()
                })
            })
            .collect();
        return (places, online);
    }
    let places = segment_pieces
        .iter()
        .flatten()
        .map(|name| lone_place(name))
        .collect();
    (places, online)
}

/// The United Kingdom, for a nation of it that a dateline writes where a
/// country goes (`Edinburgh, Scotland`, `Belfast, Northern Ireland`).
fn united_kingdom_nation(name: &str) -> Option<&'static str> {
    const NATIONS: [&str; 4] = ["England", "Scotland", "Wales", "Northern Ireland"];
    NATIONS
        .iter()
        .any(|nation| nation.eq_ignore_ascii_case(name.trim()))
        .then_some("United Kingdom")
}

fn segments_text(segments: &[Vec<String>]) -> String {
    segments
        .iter()
        .map(|pieces| pieces.join(" and "))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(line: &str) -> Vec<(Option<String>, Option<String>, bool)> {
        let dateline = parse_dateline(line).expect("a dateline");
        dateline
            .parts
            .iter()
            .flat_map(|part| {
                part.places
                    .iter()
                    .map(move |p| (p.city.clone(), p.country.clone(), part.online))
            })
            .collect()
    }

    fn s(text: &str) -> Option<String> {
        Some(text.to_string())
    }

    /// The one-pass scan finds what a search per separator finds, on lines
    /// with separators side by side, overlapping, at the ends and among
    /// other dashes and multi-byte characters.
    #[test]
    fn finds_separators_as_a_search_per_separator_does() {
        let lines = [
            "14 May 2022, Skopje, North Macedonia: The training began.",
            "Skopje - 5 May 2019 - the visit",
            " - - -- --- - -  -- -: :: : ",
            "a – b — c -- d - e: f",
            "x –– y — — z – – w",
            "Priština/Prishtina, 3–4 June: Kosovo* – – a",
            ":",
            " -",
            "",
            "ééé — ü: -- — ",
        ];
        for line in lines {
            let mut expected: Vec<(usize, usize)> = SEPARATORS
                .iter()
                .flat_map(|sep| {
                    line.match_indices(sep)
                        .map(move |(at, s)| (at, at + s.len()))
                })
                .collect();
            expected.sort_unstable();
            let mut found = separators_in(line);
            found.sort_unstable();
            assert_eq!(found, expected, "{line:?}");
        }
    }

    #[test]
    fn reads_city_country_and_header_end() {
        let line = "22-24 March 2022, Podgorica, Montenegro; 29-31 March 2022, Skopje, North Macedonia: UNODC through its work.";
        let dateline = parse_dateline(line).expect("a dateline");
        assert_eq!(&line[dateline.body_start..], "UNODC through its work.");
        assert_eq!(
            places(line),
            vec![
                (s("Podgorica"), s("Montenegro"), false),
                (s("Skopje"), s("North Macedonia"), false)
            ]
        );
    }

    #[test]
    fn reads_online_forms() {
        assert_eq!(
            places("15 March 2022, online: Text."),
            vec![(None, None, true)]
        );
        assert_eq!(
            places("2-4 March 2022, Turkey / online: Text."),
            vec![(None, s("Turkey"), true)]
        );
    }

    #[test]
    fn reads_place_first_and_other_separators() {
        assert_eq!(
            places("Skopje, 5 May 2019 - UNODC met."),
            vec![(s("Skopje"), None, false)]
        );
        assert_eq!(
            places("3 - 5 June 2019, Tirana and Durrës, Albania – Text."),
            vec![
                (s("Tirana"), s("Albania"), false),
                (s("Durrës"), s("Albania"), false)
            ]
        );
        assert_eq!(
            places(
                "5 May 2019, Skopje, the former Yugoslav Republic of Macedonia, UNODC organised a meeting."
            ),
            vec![(s("Skopje"), s("North Macedonia"), false)]
        );
    }

    #[test]
    fn reads_country_lists_and_kosovo() {
        assert_eq!(
            places("May 2019, Albania, Montenegro and Serbia: Text."),
            vec![
                (None, s("Albania"), false),
                (None, s("Montenegro"), false),
                (None, s("Serbia"), false)
            ]
        );
        assert_eq!(
            places("8 March 2022, Pristina, Kosovo*: Text."),
            vec![(s("Pristina"), s("Kosovo"), false)]
        );
    }

    /// LABELING.md, events rule 3: a part that names several places gets
    /// one event per place, the places joined by `and`, `&` or `/` or a
    /// comma list of countries; rule 9: `online` in the part makes it
    /// online. A comma before the last `and` of a list changes nothing,
    /// and each city keeps the country written after it when two cities
    /// are each written with their country (`Tirana, Albania and Skopje,
    /// North Macedonia`).
    #[test]
    fn several_places_of_one_part_each_keep_their_country() {
        let both = vec![
            (s("Tirana"), s("Albania"), false),
            (s("Skopje"), s("North Macedonia"), false),
        ];
        for line in [
            "5 May 2019, Tirana, Albania and Skopje, North Macedonia: Text.",
            "5 May 2019, Tirana, Albania, and Skopje, North Macedonia: Text.",
            "5 May 2019, Tirana, Albania & Skopje, North Macedonia: Text.",
        ] {
            assert_eq!(places(line), both, "{line}");
        }
        assert_eq!(
            places("5 May 2019, Tirana, Durrës, and Shkodra, Albania: Text."),
            vec![
                (s("Tirana"), s("Albania"), false),
                (s("Durrës"), s("Albania"), false),
                (s("Shkodra"), s("Albania"), false)
            ]
        );
        assert_eq!(
            places("May 2019, Albania, Montenegro, and Serbia: Text."),
            vec![
                (None, s("Albania"), false),
                (None, s("Montenegro"), false),
                (None, s("Serbia"), false)
            ]
        );
        for line in [
            "5 May 2019, Tirana, Albania, and online: Text.",
            "5 May 2019, Tirana, Albania and online: Text.",
        ] {
            assert_eq!(
                places(line),
                vec![(s("Tirana"), s("Albania"), true)],
                "{line}"
            );
        }
    }

    /// LABELING.md, events rule 6: the city is the place as written,
    /// with its descriptive words (`Port of ...`), also when they are
    /// written in lower case (`port of Bar`, `Bijača border crossing`).
    #[test]
    fn a_place_with_descriptive_words_in_lower_case_is_the_city() {
        for (line, city, country) in [
            (
                "5 May 2019, port of Bar, Montenegro: Text.",
                "port of Bar",
                "Montenegro",
            ),
            (
                "5 May 2019, Bijača border crossing point, Bosnia and Herzegovina: Text.",
                "Bijača border crossing point",
                "Bosnia and Herzegovina",
            ),
            (
                "5 May 2019, Tirana airport, Albania: Text.",
                "Tirana airport",
                "Albania",
            ),
        ] {
            assert_eq!(places(line), vec![(s(city), s(country), false)], "{line}");
        }
    }

    /// LABELING.md, events rule 7: the country is its full common English
    /// name, normalised: `Republic of Serbia` is Serbia (so `Republic of
    /// Türkiye` is Turkey), and a spelling of the name in the country's own
    /// language in a dateline (`Podgorica, Crna Gora`) is the country, not
    /// a second city.
    #[test]
    fn a_countrys_other_names_in_a_dateline_are_the_country() {
        for (line, city, country) in [
            (
                "5 May 2019, Ankara, Republic of Türkiye: Text.",
                "Ankara",
                "Turkey",
            ),
            (
                "5 May 2019, Skopje, Republic of Macedonia: Text.",
                "Skopje",
                "North Macedonia",
            ),
            (
                "5 May 2019, Podgorica, Crna Gora: Text.",
                "Podgorica",
                "Montenegro",
            ),
            ("5 May 2019, Beograd, Srbija: Text.", "Beograd", "Serbia"),
            (
                "5 May 2019, Sarajevo, Bosna i Hercegovina: Text.",
                "Sarajevo",
                "Bosnia and Herzegovina",
            ),
            ("5 May 2019, Tiranë, Shqipëri: Text.", "Tiranë", "Albania"),
            (
                "5 May 2019, Ljubljana, Slovenija: Text.",
                "Ljubljana",
                "Slovenia",
            ),
            (
                "5 May 2019, Skopje, Severna Makedonija: Text.",
                "Skopje",
                "North Macedonia",
            ),
        ] {
            assert_eq!(places(line), vec![(s(city), s(country), false)], "{line}");
            assert_eq!(body(line), "Text.", "{line}");
        }
    }

    /// LABELING.md, events rule 7: `Kosovo under UNSCR 1244` becomes
    /// Kosovo, however the resolution is written after `under`.
    #[test]
    fn kosovo_under_the_resolution_written_in_full_is_kosovo() {
        for line in [
            "5 May 2019, Pristina, Kosovo under UNSCR 1244: Text.",
            "5 May 2019, Pristina, Kosovo under UNSCR 1244/99: Text.",
            "5 May 2019, Pristina, Kosovo under UNSCR 1244 (1999): Text.",
            "5 May 2019, Pristina, Kosovo under UN Security Council Resolution 1244: Text.",
            "5 May 2019, Pristina, Kosovo under United Nations Security Council resolution 1244: Text.",
        ] {
            assert_eq!(
                places(line),
                vec![(s("Pristina"), s("Kosovo"), false)],
                "{line}"
            );
            assert_eq!(body(line), "Text.", "{line}");
        }
    }

    /// LABELING.md, events rule 6: the city is the place as written,
    /// without the country; and countries_mentioned: a sub-national entity
    /// (Republika Srpska) is no country. Written between the city and its
    /// country it qualifies the city and is no place of its own.
    #[test]
    fn a_sub_national_entity_after_a_city_is_no_second_place() {
        assert_eq!(
            places("5 May 2019, Banja Luka, Republika Srpska, Bosnia and Herzegovina: Text."),
            vec![(s("Banja Luka"), s("Bosnia and Herzegovina"), false)]
        );
        assert_eq!(
            places("5 May 2019, Mostar, Federation of BiH, BiH: Text."),
            vec![(s("Mostar"), s("Bosnia and Herzegovina"), false)]
        );
        let dateline =
            parse_dateline("5 May 2019, Banja Luka, Republika Srpska: Text.").expect("a dateline");
        let places = &dateline.parts[0].places;
        assert_eq!(places.len(), 1, "{places:?}");
        assert_eq!(places[0].city.as_deref(), Some("Banja Luka"));
        assert_eq!(
            places[0].country_implied.as_deref(),
            Some("Bosnia and Herzegovina")
        );
    }

    /// LABELING.md, events rules 2 and 3: one event per part, a part
    /// being a date expression and a place. A part after `; and` is one
    /// like the others, and two dated parts joined by `and`, `&` or `/`
    /// instead of `;` are two parts, not one part whose second date is a
    /// city.
    #[test]
    fn dated_parts_joined_by_and_are_parts() {
        let two = vec![
            (s("Podgorica"), s("Montenegro"), false),
            (s("Skopje"), s("North Macedonia"), false),
        ];
        for line in [
            "22-24 March 2022, Podgorica, Montenegro; and 29-31 March 2022, Skopje, North Macedonia: Text.",
            "22-24 March 2022, Podgorica, Montenegro and 29-31 March 2022, Skopje, North Macedonia: Text.",
            "22-24 March 2022, Podgorica, Montenegro / 29-31 March 2022, Skopje, North Macedonia: Text.",
            "22-24 March, Podgorica, Montenegro & 29-31 March 2022, Skopje, North Macedonia: Text.",
        ] {
            let dateline = parse_dateline(line).expect("a dateline");
            assert_eq!(dateline.parts.len(), 2, "{line}");
            assert_eq!(places(line), two, "{line}");
            assert_eq!(body(line), "Text.", "{line}");
        }
        // Places or ranges joined by `and` stay one part.
        for line in [
            "5 May 2022, Tirana and Durrës, Albania: Text.",
            "3-5 and 10-12 June 2019, Tirana, Albania: Text.",
        ] {
            let dateline = parse_dateline(line).expect("a dateline");
            assert_eq!(dateline.parts.len(), 1, "{line}");
        }
    }

    fn body(line: &str) -> &str {
        let dateline = parse_dateline(line).expect("a dateline");
        &line[dateline.body_start..]
    }

    /// `Tirana (Albania)` was one city, `Tirana (Albania)`, with no country.
    #[test]
    fn reads_a_country_in_brackets_after_its_city() {
        assert_eq!(
            places("5 May 2022, Tirana (Albania): The workshop covered marking."),
            vec![(s("Tirana"), s("Albania"), false)]
        );
        assert_eq!(
            places("5 May 2022, Edinburgh (Scotland): Text."),
            vec![(s("Edinburgh"), s("United Kingdom"), false)]
        );
        // Other words in brackets qualify the place and stay in the header.
        let line = "5 May 2022, online (Zoom): The workshop covered marking.";
        assert_eq!(places(line), vec![(None, None, true)]);
        assert_eq!(body(line), "The workshop covered marking.");
        assert_eq!(
            places("5 May 2022, Vienna (VIC), Austria: Text."),
            vec![(s("Vienna"), s("Austria"), false)]
        );
    }

    /// `Tirana (Albania) and Skopje (North Macedonia)` was one city,
    /// `Tirana (Albania)`, in North Macedonia; with a comma between the two
    /// it made three cities of North Macedonia, one named Albania.
    #[test]
    fn reads_several_places_each_with_its_country_in_brackets() {
        let two = vec![
            (s("Tirana"), s("Albania"), false),
            (s("Skopje"), s("North Macedonia"), false),
        ];
        for line in [
            "5 May 2022, Tirana (Albania) and Skopje (North Macedonia): Text.",
            "5 May 2022, Tirana (Albania), Skopje (North Macedonia): Text.",
            "5 May 2022, Tirana (Albania) & Skopje (North Macedonia): Text.",
            "5 May 2022, Tirana (Albania), and Skopje (North Macedonia): Text.",
            "Tirana (Albania) and Skopje (North Macedonia), 5 May 2022: Text.",
        ] {
            assert_eq!(places(line), two, "{line}");
            assert_eq!(body(line), "Text.", "{line}");
        }
        assert_eq!(
            places("5 May 2022, Sarajevo (Bosnia and Herzegovina) and Bar (Montenegro): Text."),
            vec![
                (s("Sarajevo"), s("Bosnia and Herzegovina"), false),
                (s("Bar"), s("Montenegro"), false)
            ]
        );
        assert_eq!(
            places("5 May 2022, Tirana and Durrës (Albania), Skopje (North Macedonia): Text."),
            vec![
                (s("Tirana"), s("Albania"), false),
                (s("Durrës"), s("Albania"), false),
                (s("Skopje"), s("North Macedonia"), false)
            ]
        );
        assert_eq!(
            places("5 May 2022, Tirana (Albania) and Skopje, North Macedonia: Text."),
            two
        );
        assert_eq!(
            places("5 May 2022, Skopje (North Macedonia) / online: Text."),
            vec![(s("Skopje"), s("North Macedonia"), true)]
        );
        // One place with its country in brackets reads as before.
        assert_eq!(
            places("5 May 2022, Tirana (Albania): Text."),
            vec![(s("Tirana"), s("Albania"), false)]
        );
    }

    /// `5 May 2022 (online): …` was no dateline, so its entry went into the
    /// one above; `5, 6 and 7 May 2022, Tirana` made a city named `5`, and
    /// 5 May no date.
    #[test]
    fn reads_online_in_brackets_after_a_date_and_a_comma_list_of_days() {
        let line = "5 May 2022 (online): The workshop covered marking.";
        assert_eq!(places(line), vec![(None, None, true)]);
        assert_eq!(body(line), "The workshop covered marking.");
        let dateline =
            parse_dateline("5, 6 and 7 May 2022, Tirana, Albania: Text.").expect("a dateline");
        let days: Vec<Option<u32>> = dateline.parts[0]
            .dates
            .iter()
            .map(|spec| spec.start_day)
            .collect();
        assert_eq!(days, [Some(5), Some(6), Some(7)]);
        assert_eq!(
            places("5, 6 and 7 May 2022, Tirana, Albania: Text."),
            vec![(s("Tirana"), s("Albania"), false)]
        );
    }

    /// `; in cooperation with the OSCE` made the header end at `Vienna`,
    /// with no country, and the body start at `Austria; in cooperation …`.
    #[test]
    fn a_note_after_a_semicolon_stays_in_the_header_and_is_no_event() {
        let line = "12-13 June 2022, Vienna, Austria; in cooperation with the OSCE: The conference opened.";
        let dateline = parse_dateline(line).expect("a dateline");
        assert_eq!(
            dateline.header,
            "12-13 June 2022, Vienna, Austria; in cooperation with the OSCE"
        );
        assert_eq!(&line[dateline.body_start..], "The conference opened.");
        assert_eq!(places(line), vec![(s("Vienna"), s("Austria"), false)]);
        for note in [
            "organised by the OSCE, the EU and UNODC",
            "Regional",
            "TBC",
            "to be confirmed",
        ] {
            let line = format!("5 May 2022, Bar, Montenegro; {note}: UNODC met officials.");
            assert_eq!(
                places(&line),
                vec![(s("Bar"), s("Montenegro"), false)],
                "{note}"
            );
            assert_eq!(body(&line), "UNODC met officials.", "{note}");
        }
        // A first part that is a note is no dateline.
        assert!(parse_dateline("In cooperation with the OSCE; 5 May 2022, Bar: Text.").is_none());
    }

    /// `Tirana, Albania - in cooperation with the OSCE - The training …`
    /// ended its header at Albania: the note went into the body, which
    /// began `in cooperation with the OSCE - The training`.
    #[test]
    fn a_note_between_dashes_stays_in_the_header_and_is_no_event() {
        for (line, header) in [
            (
                "5 May 2022, Tirana, Albania - in cooperation with the OSCE - The training covered marking.",
                "5 May 2022, Tirana, Albania - in cooperation with the OSCE",
            ),
            (
                "5 May 2022, Tirana, Albania – organised by the EU and UNODC – The training covered marking.",
                "5 May 2022, Tirana, Albania – organised by the EU and UNODC",
            ),
            (
                "5 May 2022 - Tirana, Albania - In cooperation with the OSCE - The training covered marking.",
                "5 May 2022 - Tirana, Albania - In cooperation with the OSCE",
            ),
        ] {
            let dateline = parse_dateline(line).expect(line);
            assert_eq!(dateline.header, header, "{line}");
            assert_eq!(body(line), "The training covered marking.", "{line}");
            assert_eq!(places(line), vec![(s("Tirana"), s("Albania"), false)]);
        }
        // A capitalised phrase between dashes is the body's (`The Minister
        // … - opened it`), as is a sentence or a phrase with no second dash.
        for (line, expected) in [
            (
                "5 May 2022, Tirana, Albania - The Minister of Justice - opened it.",
                "The Minister of Justice - opened it.",
            ),
            (
                "5 May 2022, Tirana, Albania - in the morning, experts met. Then - at noon - they ate.",
                "in the morning, experts met. Then - at noon - they ate.",
            ),
            (
                "5 May 2022, Tirana, Albania - in cooperation with the OSCE, experts met.",
                "in cooperation with the OSCE, experts met.",
            ),
        ] {
            assert_eq!(body(line), expected, "{line}");
        }
    }

    /// A dotted date with a year of two digits (`5.5.22`) is read in a
    /// dateline that names a place too; alone it could be a section number
    /// (`2.1.10`), which opens no entry.
    #[test]
    fn a_dotted_date_with_a_two_digit_year_needs_a_place() {
        let line = "5.5.22, Tirana, Albania: The workshop covered marking.";
        assert_eq!(places(line), vec![(s("Tirana"), s("Albania"), false)]);
        assert_eq!(body(line), "The workshop covered marking.");
        let dateline = parse_dateline("05.05.22 - 07.05.22, online: Text.").expect("a dateline");
        assert_eq!(dateline.parts[0].dates.len(), 1);
        assert!(dateline.parts[0].online);
        for line in [
            "2.1.10",
            "2.1.10: Scope of the work",
            "4.1.22 Albania",
            "2.1.10; 2.1.11: Scope of the work",
        ] {
            assert!(
                parse_dateline(line).is_none_or(|d| d.parts.iter().all(|p| p.dates.is_empty())),
                "{line}"
            );
        }
        // A year of four digits alone is a date, as before.
        assert!(parse_dateline("5.5.2022: Text.").is_some());
    }

    /// `5-6 May; Tirana` left Tirana undated, beside a part of dates with
    /// no place: a part of dates alone and the part of places alone next
    /// to it are one part, the place carrying the dates.
    #[test]
    fn a_date_and_its_place_on_either_side_of_a_semicolon_are_one_part() {
        for line in [
            "5-6 May; Tirana: The training covered marking.",
            "5-6 May 2022; Tirana, Albania: The training covered marking.",
            "Tirana, Albania; 5-6 May 2022: The training covered marking.",
            // A year of two digits, with its place in the part joined to it.
            "5.5.22; Tirana, Albania: The training covered marking.",
            "Tirana, Albania; 5.5.22: The training covered marking.",
        ] {
            let dateline = parse_dateline(line).expect(line);
            assert_eq!(dateline.parts.len(), 1, "{line}");
            assert_eq!(dateline.parts[0].dates.len(), 1, "{line}");
            assert_eq!(
                dateline.parts[0].places[0].city.as_deref(),
                Some("Tirana"),
                "{line}"
            );
            assert_eq!(body(line), "The training covered marking.", "{line}");
        }
        // Parts with both a date and a place stay as they are.
        let line = "4-5 May 2022, Skopje, North Macedonia; Tirana, Albania: Text.";
        let dateline = parse_dateline(line).expect("a dateline");
        assert_eq!(dateline.parts.len(), 2);
        assert!(dateline.parts[1].dates.is_empty());
    }

    /// `Monday, 5 May 2022, Tirana` made a city named Monday.
    #[test]
    fn a_day_name_before_the_date_is_no_place() {
        assert_eq!(
            places("Monday, 5 May 2022, Tirana, Albania: Text."),
            vec![(s("Tirana"), s("Albania"), false)]
        );
        assert_eq!(
            places("Tue. 5 May 2022, Tirana, Albania: Text."),
            vec![(s("Tirana"), s("Albania"), false)]
        );
    }

    /// `5 May 2022, Tirana, Albania. The workshop …` ended its header at
    /// Tirana: the body began `Albania. The workshop`.
    #[test]
    fn a_full_stop_after_a_known_place_ends_the_header() {
        let line = "5 May 2022, Tirana, Albania. The workshop covered marking.";
        assert_eq!(places(line), vec![(s("Tirana"), s("Albania"), false)]);
        assert_eq!(body(line), "The workshop covered marking.");
        let line = "8 March 2022, Pristina, Kosovo*. UNODC hosted a meeting.";
        assert_eq!(places(line), vec![(s("Pristina"), s("Kosovo"), false)]);
        assert_eq!(body(line), "UNODC hosted a meeting.");
        // A full stop after a word that is no known place ends nothing.
        let line = "5 May 2022, St. Petersburg, Russian Federation: Text.";
        assert_eq!(body(line), "Text.");
    }

    /// `5 May 2022 - Tirana, Albania - The workshop` took the first dash as
    /// the header's end: no place, and the body began `Tirana, Albania -`.
    #[test]
    fn a_dash_between_the_date_and_a_known_place_is_not_the_header_end() {
        let line = "5 May 2022 - Tirana, Albania - The workshop covered marking.";
        assert_eq!(places(line), vec![(s("Tirana"), s("Albania"), false)]);
        assert_eq!(body(line), "The workshop covered marking.");
        let line = "Skopje - 5 May 2019 - UNODC met officials.";
        assert_eq!(places(line), vec![(s("Skopje"), None, false)]);
        assert_eq!(body(line), "UNODC met officials.");
        // What follows the dash is no known place: the dash ends the header.
        let line = "5 May 2022, Tirana - The Minister Of Justice - opened it.";
        assert_eq!(body(line), "The Minister Of Justice - opened it.");
    }

    #[test]
    fn reads_online_words() {
        for (line, expected) in [
            ("5 May 2022, webinar: Text.", vec![(None, None, true)]),
            ("5 May 2022, hybrid: Text.", vec![(None, None, true)]),
            ("5 May 2022, virtual: Text.", vec![(None, None, true)]),
            (
                "5 May 2022, Vienna, Austria / hybrid: Text.",
                vec![(s("Vienna"), s("Austria"), true)],
            ),
        ] {
            assert_eq!(places(line), expected, "{line}");
        }
    }

    /// LABELING.md, events rule 9: `online` is true when the part says
    /// `online`, also in brackets among other words (`(in person and
    /// online)`, `(hybrid format)`), or after `and` as `virtually`.
    #[test]
    fn a_part_that_says_online_in_other_words_is_online() {
        let tirana = vec![(s("Tirana"), s("Albania"), true)];
        for line in [
            "5 May 2019, Tirana, Albania (in person and online): Text.",
            "5 May 2019, Tirana, Albania (hybrid format): Text.",
            "5 May 2019, Tirana, Albania (online and in person): Text.",
            "5 May 2019, Tirana, Albania and virtually: Text.",
        ] {
            assert_eq!(places(line), tirana, "{line}");
            assert_eq!(body(line), "Text.", "{line}");
        }
        // Other words in brackets say nothing of it.
        assert_eq!(
            places("5 May 2019, Vienna (VIC), Austria: Text."),
            vec![(s("Vienna"), s("Austria"), false)]
        );
    }

    /// An entry that opens with a dated sentence has its date and place
    /// read from it, and keeps the whole sentence as its text.
    #[test]
    fn reads_the_date_and_place_of_a_dated_opening_sentence() {
        let line = "On 20 May 2022, in Skopje, North Macedonia, prosecutors met to discuss cases.";
        let dateline = parse_dated_opening(line).expect("a dated opening");
        assert_eq!(
            dateline.header,
            "On 20 May 2022, in Skopje, North Macedonia"
        );
        assert_eq!(dateline.body_start, 0);
        let part = &dateline.parts[0];
        assert_eq!(
            part.places,
            vec![Place {
                city: s("Skopje"),
                country: s("North Macedonia"),
                ..Place::default()
            }]
        );
        assert_eq!(part.dates.len(), 1);
        for (line, header) in [
            (
                "From 5 to 7 May 2022, in Tirana, Albania, experts met.",
                "From 5 to 7 May 2022, in Tirana, Albania",
            ),
            (
                "On Monday, 5 May 2022, in Tirana, experts met.",
                "On Monday, 5 May 2022, in Tirana",
            ),
            (
                "On 20 May 2022 in Skopje, North Macedonia, prosecutors met.",
                "On 20 May 2022 in Skopje, North Macedonia",
            ),
            (
                "On 20 May 2022, in Skopje, North Macedonia: prosecutors met.",
                "On 20 May 2022, in Skopje, North Macedonia",
            ),
        ] {
            let dateline = parse_dated_opening(line).expect(line);
            assert_eq!(dateline.header, header);
        }
        for line in [
            "On this occasion, Margarita, a student from Dubrovnik, Croatia, spoke.",
            "On 20 May 2022, the prosecutors of Skopje met.",
            "On 20 May 2022 prosecutors met in Skopje.",
            "Once in Skopje, North Macedonia, they met.",
        ] {
            assert!(parse_dated_opening(line).is_none(), "{line}");
        }
        assert!(opens_with_readable_date(
            "On 20 May 2022, the prosecutors of Skopje met."
        ));
        assert!(!opens_with_readable_date("On this occasion, they met."));
    }

    #[test]
    fn keeps_unreadable_dates_as_datelines() {
        let dateline =
            parse_dateline("Spring 2022, Skopje, North Macedonia: UNODC met.").expect("kept");
        assert!(!dateline.dates_readable);
        assert!(parse_dateline("The training focused on practical work: a case.").is_none());
        assert!(
            parse_dateline("UNODC supports Montenegro and North Macedonia in the collection")
                .is_none()
        );
    }

    /// An event as (start, end, city, country, online).
    type EventRow = (String, String, Option<String>, Option<String>, bool);

    /// The events of a one-entry bulletin whose dateline line is `line`.
    fn events_of(line: &str) -> Vec<EventRow> {
        let text = format!("UNODC meets officers\n{line}\n");
        let (records, _) = crate::extract::parse_bulletin_bytes("probe.txt", text.as_bytes());
        assert_eq!(records.len(), 1, "{text}");
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        records[0]
            .events
            .iter()
            .map(|e| {
                (
                    day(e.start),
                    day(e.end),
                    e.city.clone(),
                    e.country.clone(),
                    e.online,
                )
            })
            .collect()
    }

    /// LABELING.md, events rules 1 and 2: the dateline runs up to the
    /// separator that ends the date/place header, and a part is a date and
    /// a place; so in `5 May 2019: Tirana, Albania: …` the `: ` after the
    /// date alone does not end the header, which goes on to the place.
    #[test]
    fn a_colon_between_the_date_and_its_place_does_not_end_the_header() {
        assert_eq!(
            events_of("5 May 2019: Tirana, Albania: UNODC trained 20 officers."),
            vec![(
                "2019-05-05".to_string(),
                "2019-05-05".to_string(),
                s("Tirana"),
                s("Albania"),
                false
            )]
        );
        // A sentence after the date's colon is the body.
        let dateline =
            parse_dateline("5 May 2019, Tirana: Albania hosted it: a first.").expect("a dateline");
        assert_eq!(dateline.header, "5 May 2019, Tirana");
    }

    /// LABELING.md, events rule 7: `Republic of Moldova` becomes `Moldova`
    /// and spelling variants of a country's name become its common English
    /// name, so the name with its designation after a comma (`Moldova,
    /// Republic of`, as lists of countries write it) is Moldova too, and
    /// the designation is no city.
    #[test]
    fn a_countrys_name_with_its_designation_after_a_comma_is_the_country() {
        let moldova = (
            "2019-05-05".to_string(),
            "2019-05-05".to_string(),
            s("Chisinau"),
            s("Moldova"),
            false,
        );
        assert_eq!(
            events_of("5 May 2019, Chisinau, Moldova, Republic of: UNODC trained officers."),
            vec![moldova.clone()]
        );
        assert_eq!(
            events_of("5 May 2019, Chisinau, Moldova, the Republic of: UNODC trained officers."),
            vec![moldova]
        );
        assert_eq!(
            events_of(
                "5 May 2019, Skopje, Macedonia, the former Yugoslav Republic of: UNODC trained officers."
            )[0]
            .3,
            s("North Macedonia")
        );
    }

    /// LABELING.md, events rule 8: a region instead of a place gets city
    /// and country null and an extra `region`; `Western Balkans region` is
    /// the region with the word that says so.
    #[test]
    fn a_region_with_the_word_region_is_a_region() {
        for line in [
            "5 May 2019, Western Balkans region: UNODC trained officers.",
            "5 May 2019, the Western Balkans region: UNODC trained officers.",
        ] {
            let text = format!("UNODC meets officers\n{line}\n");
            let (records, _) = crate::extract::parse_bulletin_bytes("probe.txt", text.as_bytes());
            assert_eq!(records.len(), 1, "{line}");
            assert_eq!(records[0].title, "UNODC meets officers", "{line}");
            let events = &records[0].events;
            assert_eq!(events.len(), 1, "{line}: {events:?}");
            assert_eq!(events[0].start.map(|d| d.to_string()), s("2019-05-05"));
            assert_eq!(
                (&events[0].city, &events[0].country),
                (&None, &None),
                "{line}"
            );
            assert_eq!(events[0].region, s("Western Balkans"), "{line}");
        }
    }

    /// LABELING.md, events rule 9: online is true when the part says
    /// `online`, and `Turkey / online` is the country with online true; so
    /// `hybrid (Tirana, Albania and online)`, the places in brackets after
    /// the word for the format, is Tirana, Albania, online, as `Tirana,
    /// Albania and online` is.
    #[test]
    fn places_in_brackets_after_hybrid_are_the_parts_places() {
        let expected = vec![(
            "2019-05-05".to_string(),
            "2019-05-05".to_string(),
            s("Tirana"),
            s("Albania"),
            true,
        )];
        assert_eq!(
            events_of("5 May 2019, Tirana, Albania and online: UNODC trained officers."),
            expected
        );
        assert_eq!(
            events_of("5 May 2019, hybrid (Tirana, Albania and online): UNODC trained officers."),
            expected
        );
    }

    /// A range of quarters is a date range, as a range of months is:
    /// `Q4 2021 - Q1 2022, Skopje, North Macedonia` was cut at its dash
    /// into the header `Q4 2021`, losing its place, and `second quarter of
    /// 2022, Skopje, North Macedonia` opened no entry.
    #[test]
    fn a_range_of_quarters_or_a_quarter_in_words_dates_its_place() {
        for (date, start, end) in [
            ("Q2-Q3 2022", "2022-04-01", "2022-09-30"),
            ("Q4 2021 - Q1 2022", "2021-10-01", "2022-03-31"),
            ("second quarter of 2022", "2022-04-01", "2022-06-30"),
        ] {
            let header = format!("{date}, Skopje, North Macedonia");
            let line = format!("{header}: UNODC trained officers.");
            assert_eq!(
                events_of(&line),
                vec![(
                    start.to_string(),
                    end.to_string(),
                    s("Skopje"),
                    s("North Macedonia"),
                    false
                )],
                "{line}"
            );
            assert_eq!(parse_dateline(&line).map(|d| d.header), Some(header));
        }
    }

    /// LABELING.md, events rule 8: a country with no city gets `"city":
    /// null`; so a venue before the country (`Hotel Continental, North
    /// Macedonia`) is no city: it was the event's city, and before an
    /// unknown city (`Hotel Continental, Mavrovo, North Macedonia`) a
    /// second event's. The venue stays in the dateline.
    #[test]
    fn a_venue_before_a_country_is_no_city() {
        let event = |city: Option<String>| {
            (
                "2022-05-05".to_string(),
                "2022-05-05".to_string(),
                city,
                s("North Macedonia"),
                false,
            )
        };
        for (header, city) in [
            ("5 May 2022, Hotel Continental, North Macedonia", None),
            (
                "5 May 2022, Hotel Continental, Mavrovo, North Macedonia",
                s("Mavrovo"),
            ),
            (
                "5 May 2022, Mavrovo, Hotel Continental, North Macedonia",
                s("Mavrovo"),
            ),
            ("5 May 2022, University of Skopje, North Macedonia", None),
            ("5 May 2022, Congress Centre, North Macedonia", None),
            (
                "5 May 2022, Ministry of Interior, Mavrovo, North Macedonia",
                s("Mavrovo"),
            ),
            ("Hotel Continental, North Macedonia, 5 May 2022", None),
        ] {
            let line = format!("{header}: UNODC trained officers.");
            assert_eq!(events_of(&line), vec![event(city)], "{line}");
            assert_eq!(parse_dateline(&line).map(|d| d.header), s(header));
        }
    }

    /// LABELING.md, events rule 2: a part is a date expression and a
    /// place; so `(5 May 2022) Skopje`, the date in brackets before the
    /// place, is a dateline. Its line opened no entry: the title and the
    /// dateline went into the entry above, without a warning.
    #[test]
    fn a_date_in_brackets_before_the_place_is_the_parts_date() {
        for (line, header, end_day, country) in [
            (
                "(5 May 2022) Skopje: The workshop met.",
                "(5 May 2022) Skopje",
                5,
                None,
            ),
            (
                "(5-7 May 2022) Skopje, North Macedonia: The workshop met.",
                "(5-7 May 2022) Skopje, North Macedonia",
                7,
                s("North Macedonia"),
            ),
            (
                "(5 May 2022), Skopje, North Macedonia: The workshop met.",
                "(5 May 2022), Skopje, North Macedonia",
                5,
                s("North Macedonia"),
            ),
        ] {
            let text = format!(
                "UNODC meets officers\n4 May 2022, Tirana, Albania: UNODC met.\nUNODC trains officers\n{line}\n"
            );
            let (records, warnings) =
                crate::extract::parse_bulletin_bytes("probe.txt", text.as_bytes());
            assert_eq!(records.len(), 2, "{line}: {records:?}");
            assert!(warnings.is_empty(), "{line}: {warnings:?}");
            let record = &records[1];
            assert_eq!(record.dateline, header);
            assert_eq!(record.body, "The workshop met.");
            let event = &record.events[..];
            assert_eq!(event.len(), 1, "{line}: {event:?}");
            assert_eq!(event[0].start, chrono::NaiveDate::from_ymd_opt(2022, 5, 5));
            assert_eq!(
                event[0].end,
                chrono::NaiveDate::from_ymd_opt(2022, 5, end_day)
            );
            assert_eq!(event[0].city, s("Skopje"));
            assert_eq!(event[0].country, country);
            assert_eq!(event[0].place_country(), Some("North Macedonia"));
        }
        // Words in brackets that are no date open no dateline.
        assert!(parse_dateline("(see below) Skopje: The workshop met.").is_none());
        assert!(parse_dateline("(5 May 2022) The ministry said so.").is_none());
    }
}
