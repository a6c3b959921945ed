//! Date expressions of datelines: `22-24 March 2022`, `28 February-2 March 2022`,
//! `February-March 2022`, `15-17 March`, `3-5 and 10-12 June 2019`, `May/June 2019`,
//! `Q2-Q3 2022`, `second quarter of 2022`, `H1 2022`, `second half of 2022`.
//!
//! [`parse_date_expr`] reads the expression into day/month/year ranges whose year
//! may still be missing; [`DateSpec::resolve`] turns one into ISO dates once the
//! year is known (from the expression, the dateline, the bulletin or the file name).

use chrono::NaiveDate;

/// One range of a date expression; `year` is `None` when the expression omits it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpec {
    pub start_day: Option<u32>,
    pub start_month: u32,
    pub end_day: Option<u32>,
    pub end_month: u32,
    /// The year of the end of the range, when written.
    pub year: Option<i32>,
    /// The start falls in the year before the end (`28 December-3 January 2020`).
    pub starts_year_before: bool,
    /// The ends write years neither the same nor one apart (`5 May 2022 –
    /// 7 May 2024`, `5 May 2024 – 7 May 2022`): the range is read, so that
    /// its dateline keeps its place, but has no dates (see
    /// [`DateSpec::resolve`]).
    pub years_apart: bool,
}

/// Whether a range may start in `start` and end in `end`: the same year,
/// or the year before, no earlier.
fn years_in_reach(start: i32, end: i32) -> bool {
    start == end || start + 1 == end
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Token {
    Number(u32),
    Month(u32),
    Range,
    And,
}

#[derive(Debug, Clone, Copy, Default)]
struct Endpoint {
    day: Option<u32>,
    month: Option<u32>,
    year: Option<i32>,
}

/// The month a word names (`March`, `Mar`, `Sept`), 1-based.
pub fn month_number(word: &str) -> Option<u32> {
    // Compared in any ASCII case, without a lower-cased copy: every word
    // of every date expression is asked.
    let word = word.trim_end_matches('.');
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if let Some(index) = MONTHS.iter().position(|m| m.eq_ignore_ascii_case(word)) {
        return Some(index as u32 + 1);
    }
    if word.eq_ignore_ascii_case("sept") {
        return Some(9);
    }
    if word.len() == 3 {
        return MONTHS
            .iter()
            .position(|m| m[..3].eq_ignore_ascii_case(word))
            .map(|i| i as u32 + 1);
    }
    None
}

/// Whether the character is one of the dashes bulletins write between dates.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

/// Whether a word names a day of the week (`Monday`, `Mon`, `Tues.`).
pub fn is_weekday(word: &str) -> bool {
    const DAYS: [&str; 17] = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    ];
    let word = word.trim().trim_end_matches('.');
    DAYS.iter().any(|day| day.eq_ignore_ascii_case(word))
}

/// The day an ordinal in words names (`fifth`, `twentieth`), 1 to 20 or 30;
/// `twenty-first` is read as `twenty` and this.
fn ordinal_word(word: &str) -> Option<u32> {
    const ORDINALS: [&str; 20] = [
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "sixth",
        "seventh",
        "eighth",
        "ninth",
        "tenth",
        "eleventh",
        "twelfth",
        "thirteenth",
        "fourteenth",
        "fifteenth",
        "sixteenth",
        "seventeenth",
        "eighteenth",
        "nineteenth",
        "twentieth",
    ];
    // In any ASCII case, without a lower-cased copy.
    if word.eq_ignore_ascii_case("thirtieth") {
        return Some(30);
    }
    ORDINALS
        .iter()
        .position(|o| o.eq_ignore_ascii_case(word))
        .map(|i| i as u32 + 1)
}

/// `twenty-first`, `thirty first`: the tens of an ordinal in words, then a
/// dash or a space and its unit, `after` being the text after the tens;
/// the day and how many bytes of `after` the joiner and the unit take.
fn compound_ordinal(tens: &str, after: &str) -> Option<(u32, usize)> {
    let tens = if tens.eq_ignore_ascii_case("twenty") {
        20
    } else if tens.eq_ignore_ascii_case("thirty") {
        30
    } else {
        return None;
    };
    let joiner = after.chars().next()?;
    if !(is_dash(joiner) || joiner == ' ') {
        return None;
    }
    let unit = &after[joiner.len_utf8()..];
    let unit = &unit[..unit
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(unit.len())];
    let day = tens + ordinal_word(unit).filter(|n| *n <= 9)?;
    (day <= 31).then_some((day, joiner.len_utf8() + unit.len()))
}

/// A part of a year that a dateline names by its number: a quarter (`Q2`,
/// `second quarter`) or a half (`H1`, `first half`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearPart {
    Quarter,
    Half,
}

impl YearPart {
    /// The letter before its number (`Q` of `Q2`, `H` of `H1`).
    fn letters(self) -> [char; 2] {
        match self {
            YearPart::Quarter => ['Q', 'q'],
            YearPart::Half => ['H', 'h'],
        }
    }

    /// Its name, and the name of several.
    fn names(self) -> [&'static str; 2] {
        match self {
            YearPart::Quarter => ["quarter", "quarters"],
            YearPart::Half => ["half", "halves"],
        }
    }

    /// How many parts a year has.
    fn per_year(self) -> u32 {
        match self {
            YearPart::Quarter => 4,
            YearPart::Half => 2,
        }
    }

    /// The months of one part.
    fn months(self) -> u32 {
        12 / self.per_year()
    }

    /// Whether `text` may name such a part: its letter before a number
    /// (`Q2`; `+` as `u32`'s parse takes it), or its name as a word. Every
    /// date expression is asked, and nearly none names one.
    fn may_be_in(self, text: &str) -> bool {
        let letters = self.letters().map(|c| c as u8);
        text.as_bytes()
            .windows(2)
            .any(|pair| letters.contains(&pair[0]) && (pair[1].is_ascii_digit() || pair[1] == b'+'))
            || text.split(|c: char| !c.is_alphabetic()).any(|word| {
                self.names()
                    .iter()
                    .any(|name| word.eq_ignore_ascii_case(name))
            })
    }
}

/// One end of a range of parts of a year: the part's number (1 to 4 for
/// quarters, 1 or 2 for halves) and its year, when written. `Q2`, `Q2
/// 2022`, `H1 2022`, `second quarter of 2022`, `the 2nd quarter 2022`,
/// `first half of 2022`, and at a range's start a bare ordinal (`second`
/// of `second and third quarters of 2022`).
fn year_part_endpoint(text: &str, kind: YearPart, at_start: bool) -> Option<(u32, Option<i32>)> {
    if let Some(compact) = compact_year_part(text, kind) {
        return Some(compact);
    }
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("the")) {
        words.next();
    }
    let first = words.next()?;
    let number = match first.strip_prefix(kind.letters()) {
        Some(number) => number.parse::<u32>().ok()?,
        None => {
            let lower = first.to_ascii_lowercase();
            let ordinal = match lower.as_str() {
                "1st" => 1,
                "2nd" => 2,
                "3rd" => 3,
                "4th" => 4,
                _ => ordinal_word(&lower)?,
            };
            match words.next() {
                Some(word) if kind.names().contains(&word.to_ascii_lowercase().as_str()) => {}
                None if at_start => {
                    return (1..=kind.per_year())
                        .contains(&ordinal)
                        .then_some((ordinal, None));
                }
                _ => return None,
            }
            if words.peek().is_some_and(|w| w.eq_ignore_ascii_case("of")) {
                words.next();
                // `second quarter of`: `of` needs its year.
                words.peek()?;
            }
            ordinal
        }
    };
    let year = match words.next() {
        Some(word) => Some(four_digit_year(word.trim_end_matches('.'))?),
        None => None,
    };
    (words.next().is_none() && (1..=kind.per_year()).contains(&number)).then_some((number, year))
}

/// A part of a year written with its year first (`2022 Q2`, `2022-Q2`,
/// `2022/Q2`) or with a slash or a dash before its year (`Q2/2022`,
/// `Q2-2022`), as spreadsheets and plans write them: its number and year.
fn compact_year_part(text: &str, kind: YearPart) -> Option<(u32, Option<i32>)> {
    let number = |text: &str| {
        text.strip_prefix(kind.letters())?
            .parse::<u32>()
            .ok()
            .filter(|number| (1..=kind.per_year()).contains(number))
    };
    let is_separator = |c: char| c == '/' || c.is_whitespace() || is_dash(c);
    let (first, second) = text.trim().split_once(is_separator)?;
    // A spaced dash or slash (`Q2 - 2022`, `2022 / Q2`) is one separator.
    let (first, second) = (first.trim(), second.trim_start_matches(is_separator).trim());
    match (four_digit_year(first), number(second)) {
        (Some(year), Some(part)) => Some((part, Some(year))),
        _ => Some((number(first)?, Some(four_digit_year(second)?))),
    }
}

/// `Q2 2022`, `Q2-Q3 2022`, `Q4 2021 - Q1 2022`, `second quarter of
/// 2022`, `second and third quarters of 2022`, `H1 2022`, `second half of
/// 2022`: quarters or halves of a year, their whole months, as a range of
/// months (`April-September 2022`) covers them. The year is written at
/// the end.
fn parse_year_parts(text: &str, kind: YearPart) -> Option<DateSpec> {
    let text = text.trim();
    // The longest of them, `the first quarter of 2022 to the second
    // quarter of 2023`, is shorter than this: longer text is no such range,
    // and its dashes need not be tried one by one; nor need those of a
    // text that names no such part.
    if text.len() > 80 || !kind.may_be_in(text) {
        return None;
    }
    // `Q2/2022 - Q1/2023`: the range's joint is the first dash, slash or
    // word whose two sides are each a part of a year, after the slash or
    // the dash of a part's own year.
    let mut joints = text
        .char_indices()
        .filter(|&(_, c)| is_dash(c) || c == '/')
        .map(|(at, c)| (at, at + c.len_utf8()))
        .chain(
            [" and ", " to "]
                .iter()
                // memchr's search, not `str::find`, which builds a searcher per call.
                .filter_map(|word| {
                    memchr::memmem::find(text.as_bytes(), word.as_bytes())
                        .map(|at| (at, at + word.len()))
                }),
        );
    let ((start, start_year), (end, year)) = match year_part_endpoint(text, kind, false) {
        Some(single) => (single, single),
        None => joints.find_map(|(at, after)| {
            Some((
                year_part_endpoint(&text[..at], kind, true)?,
                year_part_endpoint(&text[after..], kind, false)?,
            ))
        })?,
    };
    // `2022 Q2-Q3`: a year written first only, at the start, is the
    // range's, and `2022 Q4-Q1` ends in the year after.
    let year = match (year, start_year) {
        (Some(year), _) => year,
        (None, Some(start_year)) if start > end => start_year + 1,
        (None, Some(start_year)) => start_year,
        (None, None) => return None,
    };
    let years_apart = start_year.is_some_and(|start_year| !years_in_reach(start_year, year));
    let months = kind.months();
    Some(DateSpec {
        start_day: None,
        start_month: (start - 1) * months + 1,
        end_day: None,
        end_month: end * months,
        year: Some(year),
        starts_year_before: match start_year {
            Some(start_year) => start_year < year,
            None => start > end,
        },
        years_apart,
    })
}

/// The tokens of a date expression; `None` at a character or word no
/// date has. Read in place, without a copy of the text or of its words:
/// every dateline asks this of each of its pieces, several times.
fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let mut between = false;
    // The byte where the rest of the text starts.
    let mut i = 0;
    while let Some(c) = text[i..].chars().next() {
        if c.is_ascii_digit() {
            let digits = leading_digits(&text[i..]);
            if digits.len() > 4 {
                return None;
            }
            tokens.push(Token::Number(digits.parse().ok()?));
            i += digits.len();
            // ordinal suffixes: 1st, 2nd, 3rd, 4th
            let suffix = text.get(i..i + 2).unwrap_or("");
            if ["st", "nd", "rd", "th"]
                .iter()
                .any(|s| s.eq_ignore_ascii_case(suffix))
                && !text[i + 2..].starts_with(char::is_alphabetic)
            {
                i += 2;
            }
        } else if c.is_alphabetic() {
            let rest = &text[i..];
            let run = rest
                .find(|c: char| !(c.is_alphabetic() || c == '.'))
                .unwrap_or(rest.len());
            i += run;
            let word = rest[..run].trim_end_matches('.');
            // `the twenty-first of May`: an ordinal in words is its day.
            if let Some((day, unit)) = compound_ordinal(word, &text[i..]) {
                tokens.push(Token::Number(day));
                i += unit;
                continue;
            }
            if let Some(day) = ordinal_word(word) {
                tokens.push(Token::Number(day));
                continue;
            }
            // In any ASCII case, without a lower-cased copy.
            let is = |keyword: &str| word.eq_ignore_ascii_case(keyword);
            if is("and") && between && !tokens.contains(&Token::Range) {
                // `between 5 and 7 May`: its first `and` closes a range.
                tokens.push(Token::Range);
                between = false;
            } else if is("and") {
                tokens.push(Token::And);
            } else if is("of") || is("the") {
                // `the fifth of May`.
            } else if is("from") && tokens.is_empty() {
                // `From 5 to 7 May 2022`, `from 5 May until 7 June`.
            } else if is("between") && tokens.is_empty() {
                between = true;
            } else if is("to") || is("until") || is("till") {
                tokens.push(Token::Range);
            } else if is_weekday(word) {
                // `Monday, 5 May 2022`: the day's name adds nothing to its date.
            } else {
                tokens.push(Token::Month(month_number(word)?));
            }
        } else {
            i += c.len_utf8();
            if is_dash(c) || c == '/' {
                tokens.push(Token::Range);
            } else if c == '&' {
                tokens.push(Token::And);
            } else if c == ',' {
                // `3, 5 and 7 June`: a comma between days separates ranges; before a year it is noise.
                let prev_is_day = matches!(tokens.last(), Some(Token::Number(n)) if *n <= 31);
                let next_is_day = leading_digits(text[i..].trim_start())
                    .parse::<u32>()
                    .is_ok_and(|n| n <= 31);
                if prev_is_day && next_is_day {
                    tokens.push(Token::And);
                }
            } else if !(c.is_whitespace() || c == '.') {
                return None;
            }
        }
    }
    Some(tokens)
}

/// The ASCII digits a text opens with (empty when it opens with none).
fn leading_digits(text: &str) -> &str {
    &text[..text.bytes().take_while(u8::is_ascii_digit).count()]
}

fn parse_endpoint(tokens: &[Token]) -> Option<Endpoint> {
    let mut endpoint = Endpoint::default();
    if tokens.is_empty() {
        return None;
    }
    for token in tokens {
        match *token {
            Token::Number(n) if (1900..=2100).contains(&n) && endpoint.year.is_none() => {
                endpoint.year = Some(n as i32)
            }
            // A day past its month's last (`32 May`) is read, so that its
            // range alone has no date (`DateSpec::resolve`), not the others
            // of its dateline (`5 May and 32 May 2022`).
            Token::Number(n) if (1..=99).contains(&n) && endpoint.day.is_none() => {
                endpoint.day = Some(n)
            }
            Token::Month(m) if endpoint.month.is_none() => endpoint.month = Some(m),
            _ => return None,
        }
    }
    Some(endpoint)
}

/// Reads a date expression. `None` when the text is not wholly a date.
pub fn parse_date_expr(text: &str) -> Option<Vec<DateSpec>> {
    if !text.chars().any(char::is_alphabetic) {
        return parse_numeric_date(text).map(|spec| vec![spec]);
    }
    if let Some(parts) = [YearPart::Quarter, YearPart::Half]
        .into_iter()
        .find_map(|kind| parse_year_parts(text, kind))
    {
        return Some(vec![parts]);
    }
    let tokens = tokenize(text)?;
    if !tokens.iter().any(|t| matches!(t, Token::Month(_))) {
        return None;
    }
    let mut groups: Vec<(Endpoint, Endpoint, bool)> = Vec::new();
    for group in tokens.split(|t| *t == Token::And) {
        let sides: Vec<&[Token]> = group.split(|t| *t == Token::Range).collect();
        let (mut left, mut right) = match sides.as_slice() {
            [single] => {
                let endpoint = parse_endpoint(single)?;
                (endpoint, endpoint)
            }
            [left, right] => (parse_endpoint(left)?, parse_endpoint(right)?),
            _ => return None,
        };
        let years_apart = matches!((left.year, right.year), (Some(start), Some(end)) if !years_in_reach(start, end));
        if left.month.is_none() {
            left.month = right.month;
        }
        if right.month.is_none() && right.day.is_some() {
            right.month = left.month;
        }
        if right.year.is_none() {
            right.year = left.year;
        }
        // a month-only start with a day-only end (`May-5`) has no reading
        if left.day.is_none() != right.day.is_none() && left.month != right.month {
            return None;
        }
        groups.push((left, right, years_apart));
    }
    // `3-5 and 10-12 June 2019`: later ranges lend their month and year to earlier ones.
    let mut month = None;
    let mut year = None;
    for (left, right, _) in groups.iter_mut().rev() {
        if right.month.is_none() {
            right.month = month;
        }
        if left.month.is_none() {
            left.month = right.month;
        }
        if right.year.is_none() {
            right.year = year;
        }
        month = left.month.or(month);
        year = right.year.or(year);
    }
    groups
        .into_iter()
        .map(|(left, right, years_apart)| {
            let (start_month, end_month) = (left.month?, right.month?);
            let starts_year_before = match (left.year, right.year) {
                (Some(l), Some(r)) => l < r,
                _ => start_month > end_month,
            };
            Some(DateSpec {
                start_day: left.day,
                start_month,
                end_day: right.day,
                end_month,
                year: right.year,
                starts_year_before,
                years_apart,
            })
        })
        .collect()
}

/// A day, month and year read from digits.
#[derive(Debug, Clone, Copy)]
struct NumericDate {
    day: u32,
    month: u32,
    year: i32,
}

/// A number of 1 or 2 digits from 1 to `max` (`05`, `5`).
fn small_number(text: &str, max: u32) -> Option<u32> {
    let text = text.trim();
    (matches!(text.len(), 1 | 2) && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|n| (1..=max).contains(n))
}

/// A year of 4 digits from 1900 to 2100.
pub(crate) fn four_digit_year(text: &str) -> Option<i32> {
    let text = text.trim();
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
        .filter(|y| (1900..=2100).contains(y))
}

/// The year of a dotted date's last field of two digits (`22` of
/// `5.5.22`), read as 20YY: the programme's bulletins are of this century.
/// Only a dotted date of three fields asks this, so a lone `22` stays a
/// day and `16.4` a target.
fn two_digit_year(text: &str) -> Option<i32> {
    let text = text.trim();
    (text.len() == 2 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse::<i32>().ok())
        .flatten()
        .map(|year| 2000 + year)
}

/// Whether a text is a dotted date whose (end) year has two digits
/// (`5.5.22`, `5.5.22-7.5.22`), which a dateline reads only beside a place.
pub fn is_dotted_with_two_digit_year(text: &str) -> bool {
    parse_dotted_range(text.trim()).is_some()
        && text
            .trim()
            .trim_end_matches('.')
            .rsplit('.')
            .next()
            .is_some_and(|year| year.trim().len() == 2)
}

/// `2022-05-05`.
fn iso_date(text: &str) -> Option<NumericDate> {
    let mut fields = text.trim().split('-');
    let year = four_digit_year(fields.next()?)?;
    let month = small_number(fields.next()?, 12)?;
    let day = small_number(fields.next()?, 31)?;
    fields
        .next()
        .is_none()
        .then_some(NumericDate { day, month, year })
}

/// `2022-05-05` or `2022-05-05 - 2022-05-07` (any dash between the two,
/// spaces or none).
fn parse_iso_range(text: &str) -> Option<(NumericDate, NumericDate)> {
    let text = text.trim();
    if let Some(date) = iso_date(text) {
        return Some((date, date));
    }
    // The range's dash follows the start's day: the third dash-like
    // character, or the first that is not `-`.
    let (at, dash) = text
        .char_indices()
        .filter(|&(_, c)| is_dash(c))
        .enumerate()
        .find(|&(nth, (_, c))| nth == 2 || c != '-')
        .map(|(_, found)| found)?;
    let start = iso_date(&text[..at])?;
    let end = iso_date(&text[at + dash.len_utf8()..])?;
    Some((start, end))
}

/// One side of a dotted date: `7`, `7.5.`, `7.5.2022`, `7.5.22` or `7. 5. 2022`, the
/// fields it leaves out taken from `end`.
fn dotted_date(text: &str, end: Option<NumericDate>) -> Option<NumericDate> {
    let fields: Vec<&str> = text
        .split('.')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .collect();
    match (fields.as_slice(), end) {
        ([day, month, year], _) => Some(NumericDate {
            day: small_number(day, 31)?,
            month: small_number(month, 12)?,
            year: four_digit_year(year).or_else(|| two_digit_year(year))?,
        }),
        ([day, month], Some(end)) => Some(NumericDate {
            day: small_number(day, 31)?,
            month: small_number(month, 12)?,
            year: end.year,
        }),
        ([day], Some(end)) => Some(NumericDate {
            day: small_number(day, 31)?,
            ..end
        }),
        _ => None,
    }
}

/// Day-first dotted dates: `5.5.2022`, `05.05.2022`, `5-7.5.2022`,
/// `5.5.-7.5.2022`, `05.05.2022 - 07.05.2022`, and with a year of two
/// digits, `5.5.22`, `05.05.22 - 07.05.22`.
fn parse_dotted_range(text: &str) -> Option<(NumericDate, NumericDate)> {
    if !text.contains('.')
        || !text
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ' ' || is_dash(c))
    {
        return None;
    }
    match text.find(is_dash) {
        None => dotted_date(text, None).map(|date| (date, date)),
        Some(at) => {
            let dash = text[at..].chars().next()?;
            let end = dotted_date(&text[at + dash.len_utf8()..], None)?;
            let start = dotted_date(&text[..at], Some(end))?;
            Some((start, end))
        }
    }
}

/// Reads a date written in digits alone: ISO (`2022-05-05`, `2022-05-05 -
/// 2022-05-07`) or day first with dots, as South Eastern Europe writes
/// them (`5.5.2022`, `5-7.5.2022`). Slashed dates (`5/6/2022`) are not
/// read: whether the day or the month comes first cannot be told.
fn parse_numeric_date(text: &str) -> Option<DateSpec> {
    let (start, end) = parse_iso_range(text).or_else(|| parse_dotted_range(text))?;
    Some(DateSpec {
        start_day: Some(start.day),
        start_month: start.month,
        end_day: Some(end.day),
        end_month: end.month,
        year: Some(end.year),
        starts_year_before: start.year < end.year,
        years_apart: !years_in_reach(start.year, end.year),
    })
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let (next_year, next_month) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?
        .pred_opt()
        .map(|d| chrono::Datelike::day(&d))
}

impl DateSpec {
    /// Whether the range has a reading in some year: not `32 May`, `31
    /// June` or `30 February`, nor one that runs backwards. A range
    /// without a year is tried in a leap year, so `29 February` is one.
    pub fn is_possible(&self) -> bool {
        self.resolve(self.year.unwrap_or(2024)).is_some()
    }

    /// The ISO start and end dates in `year` (the expression's own year wins).
    /// `None` when the day does not exist (`31 February`) or the range runs backwards.
    pub fn resolve(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
        if self.years_apart {
            return None;
        }
        let end_year = self.year.unwrap_or(year);
        let start_year = if self.starts_year_before {
            end_year - 1
        } else {
            end_year
        };
        let start =
            NaiveDate::from_ymd_opt(start_year, self.start_month, self.start_day.unwrap_or(1))?;
        let end_day = match self.end_day {
            Some(day) => day,
            None => last_day_of_month(end_year, self.end_month)?,
        };
        let end = NaiveDate::from_ymd_opt(end_year, self.end_month, end_day)?;
        (start <= end).then_some((start, end))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(text: &str, year: i32) -> Vec<(String, String)> {
        parse_date_expr(text)
            .unwrap_or_default()
            .iter()
            .filter_map(|spec| spec.resolve(year))
            .map(|(s, e)| (s.to_string(), e.to_string()))
            .collect()
    }

    fn one(start: &str, end: &str) -> Vec<(String, String)> {
        vec![(start.to_string(), end.to_string())]
    }

    #[test]
    fn reads_month_and_ordinal_words_in_any_case() {
        assert_eq!(month_number("March"), Some(3));
        assert_eq!(month_number("MARCH"), Some(3));
        assert_eq!(month_number("mar."), Some(3));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("SEP"), Some(9));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Marc"), None);
        assert_eq!(month_number("Mäz"), None);
        assert_eq!(month_number("Mai"), None);
        assert_eq!(ordinal_word("Fifth"), Some(5));
        assert_eq!(ordinal_word("THIRTIETH"), Some(30));
        assert_eq!(ordinal_word("fifths"), None);
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(iso("22-24 March 2022", 0), one("2022-03-22", "2022-03-24"));
        assert_eq!(
            iso("28 February-2 March 2022", 0),
            one("2022-02-28", "2022-03-02")
        );
        assert_eq!(
            iso("February-March 2022", 0),
            one("2022-02-01", "2022-03-31")
        );
        assert_eq!(iso("15-17 March", 2022), one("2022-03-15", "2022-03-17"));
        assert_eq!(iso("15 March 2022", 0), one("2022-03-15", "2022-03-15"));
        assert_eq!(iso("May 2019", 0), one("2019-05-01", "2019-05-31"));
        assert_eq!(iso("May/June 2019", 0), one("2019-05-01", "2019-06-30"));
        assert_eq!(iso("May–June 2019", 0), one("2019-05-01", "2019-06-30"));
        assert_eq!(iso("3 - 4 June, 2019", 0), one("2019-06-03", "2019-06-04"));
        assert_eq!(iso("03-04 June 2019", 0), one("2019-06-03", "2019-06-04"));
        assert_eq!(
            iso("3-5 and 10-12 June 2019", 0),
            vec![
                ("2019-06-03".to_string(), "2019-06-05".to_string()),
                ("2019-06-10".to_string(), "2019-06-12".to_string())
            ]
        );
        assert_eq!(
            iso("28 December-3 January 2020", 0),
            one("2019-12-28", "2020-01-03")
        );
        assert_eq!(iso("29 February 2020", 0), one("2020-02-29", "2020-02-29"));
    }

    /// `From 5 to 7 May 2022` was no date, so its dateline was no dateline
    /// and the entry went into the one above.
    #[test]
    fn reads_ranges_written_in_words() {
        assert_eq!(
            iso("From 5 to 7 May 2022", 0),
            one("2022-05-05", "2022-05-07")
        );
        assert_eq!(
            iso("from 5 May to 7 June 2022", 0),
            one("2022-05-05", "2022-06-07")
        );
        assert_eq!(
            iso("Between 5 and 7 May 2022", 0),
            one("2022-05-05", "2022-05-07")
        );
        assert_eq!(
            iso("5 May until 7 May 2022", 0),
            one("2022-05-05", "2022-05-07")
        );
        assert_eq!(iso("Monday 5 May 2022", 0), one("2022-05-05", "2022-05-05"));
        assert!(parse_date_expr("5 to 7").is_none());
        assert!(parse_date_expr("Road to May").is_none());
    }

    /// The forms whose words, suffixes, dashes and commas the tokenizer
    /// reads in place, each read as its words say.
    #[test]
    fn reads_ordinals_suffixes_dashes_and_lists_in_any_form() {
        for (text, start, end) in [
            ("the twenty-first of May 2022", "2022-05-21", "2022-05-21"),
            ("the thirty first of May 2022", "2022-05-31", "2022-05-31"),
            ("the Twenty–First of May 2022", "2022-05-21", "2022-05-21"),
            ("5TH May 2022", "2022-05-05", "2022-05-05"),
            ("May 21st-23rd, 2022", "2022-05-21", "2022-05-23"),
            ("5 Sept. 2022", "2022-09-05", "2022-09-05"),
            ("28 February – 2 March 2022", "2022-02-28", "2022-03-02"),
            (
                "from the first until the third of June 2022",
                "2022-06-01",
                "2022-06-03",
            ),
            ("Tue. 5 May 2022", "2022-05-05", "2022-05-05"),
        ] {
            assert_eq!(iso(text, 0), one(start, end), "{text}");
        }
        assert_eq!(
            iso("3, 5 and 7 June 2022", 0),
            vec![
                ("2022-06-03".to_string(), "2022-06-03".to_string()),
                ("2022-06-05".to_string(), "2022-06-05".to_string()),
                ("2022-06-07".to_string(), "2022-06-07".to_string())
            ]
        );
        // No day is thirty-second, nor is a number of five digits a year.
        assert!(parse_date_expr("the thirty-second of May 2022").is_none());
        assert!(parse_date_expr("5 May 20222").is_none());
        assert!(parse_date_expr("5thMay 2022").is_none());
        assert!(parse_date_expr("5 May 2022 (online)").is_none());
    }

    /// `5.5.2022` and `2022-05-05` were kept without dates, with a warning.
    #[test]
    fn reads_iso_and_day_first_dotted_dates() {
        for (text, start, end) in [
            ("2022-05-05", "2022-05-05", "2022-05-05"),
            ("2022-05-05 - 2022-05-07", "2022-05-05", "2022-05-07"),
            ("2022-05-05–2022-05-07", "2022-05-05", "2022-05-07"),
            ("2021-12-30 - 2022-01-02", "2021-12-30", "2022-01-02"),
            ("5.5.2022", "2022-05-05", "2022-05-05"),
            ("05.05.2022", "2022-05-05", "2022-05-05"),
            ("5.5.2022.", "2022-05-05", "2022-05-05"),
            ("22. 3. 2022", "2022-03-22", "2022-03-22"),
            ("5-7.5.2022", "2022-05-05", "2022-05-07"),
            ("5.5.-7.5.2022", "2022-05-05", "2022-05-07"),
            ("28.2.-2.3.2022", "2022-02-28", "2022-03-02"),
            ("05.05.2022 - 07.05.2022", "2022-05-05", "2022-05-07"),
            ("30.12.2021 – 2.1.2022", "2021-12-30", "2022-01-02"),
        ] {
            assert_eq!(iso(text, 0), one(start, end), "{text}");
        }
        for text in [
            "5/6/2022",
            "5.5",
            "16.4",
            "5-7",
            "1244",
            "2022-13-05",
            "32.5.2022",
            "2022-05",
            "5..2022",
        ] {
            assert!(parse_date_expr(text).is_none(), "{text}");
        }
    }

    /// `5.5.22` and `05.05.22 - 07.05.22` were kept without dates: a
    /// dotted date's year of two digits is 20YY. A number of other shapes
    /// (a section `1.2.3`, a version `2.10.1.22`) is still no date.
    #[test]
    fn reads_dotted_dates_with_a_two_digit_year() {
        for (text, start, end) in [
            ("5.5.22", "2022-05-05", "2022-05-05"),
            ("05.05.22", "2022-05-05", "2022-05-05"),
            ("5.5.22.", "2022-05-05", "2022-05-05"),
            ("5.5.22-7.5.22", "2022-05-05", "2022-05-07"),
            ("05.05.22 - 07.05.22", "2022-05-05", "2022-05-07"),
            ("5-7.5.22", "2022-05-05", "2022-05-07"),
            ("5.5.-7.5.22", "2022-05-05", "2022-05-07"),
            ("30.12.21 – 2.1.22", "2021-12-30", "2022-01-02"),
            ("1.3.19", "2019-03-01", "2019-03-01"),
        ] {
            assert_eq!(iso(text, 0), one(start, end), "{text}");
        }
        for text in [
            "1.2.3",
            "5.5.222",
            "2.10.1.22",
            "5.13.22",
            "32.5.22",
            "16.4.2",
        ] {
            assert!(parse_date_expr(text).is_none(), "{text}");
        }
        // Ends whose years are neither the same nor one apart are read, so
        // that the dateline keeps its place, but give no dates.
        for text in ["5.5.19-7.5.22", "2019-05-05 - 2022-05-07"] {
            let specs = parse_date_expr(text).unwrap_or_default();
            assert!(
                specs.len() == 1 && specs[0].years_apart && specs[0].resolve(2022).is_none(),
                "{text}: {specs:?}"
            );
        }
    }

    /// The first day of quarter `quarter` of `year` and the last day of
    /// quarter `last` of `last_year`, as ISO dates: a quarter is three
    /// months, the first starting in January.
    fn quarters(year: i32, quarter: u32, last_year: i32, last: u32) -> Vec<(String, String)> {
        let start = NaiveDate::from_ymd_opt(year, quarter * 3 - 2, 1).expect("a first day");
        let after = match last {
            4 => NaiveDate::from_ymd_opt(last_year + 1, 1, 1),
            _ => NaiveDate::from_ymd_opt(last_year, last * 3 + 1, 1),
        };
        let end = after.and_then(|d| d.pred_opt()).expect("a last day");
        vec![(start.to_string(), end.to_string())]
    }

    /// `Q2-Q3 2022` and `Q4 2021 - Q1 2022` were no dates (their entries
    /// kept without dates, with a warning, or cut short at the dash), and
    /// `second quarter of 2022` none either, so its entry went into the
    /// one above. A range of quarters covers its whole months, as a range
    /// of months does.
    #[test]
    fn reads_ranges_of_quarters_and_quarters_in_words() {
        for (text, expected) in [
            ("Q2-Q3 2022", quarters(2022, 2, 2022, 3)),
            ("Q2–Q3 2022", quarters(2022, 2, 2022, 3)),
            ("Q2 - Q3 2022", quarters(2022, 2, 2022, 3)),
            ("Q2/Q3 2022", quarters(2022, 2, 2022, 3)),
            ("Q1-Q4 2022", quarters(2022, 1, 2022, 4)),
            ("Q4 2021", quarters(2021, 4, 2021, 4)),
            ("Q4 2021 - Q1 2022", quarters(2021, 4, 2022, 1)),
            ("Q4 2021-Q1 2022", quarters(2021, 4, 2022, 1)),
            // As `December-January 2022` starts in December 2021.
            ("Q4-Q1 2022", quarters(2021, 4, 2022, 1)),
            ("second quarter of 2022", quarters(2022, 2, 2022, 2)),
            ("Second quarter of 2022", quarters(2022, 2, 2022, 2)),
            ("the first quarter of 2022", quarters(2022, 1, 2022, 1)),
            ("third quarter 2022", quarters(2022, 3, 2022, 3)),
            ("fourth quarter of 2021", quarters(2021, 4, 2021, 4)),
            ("2nd quarter of 2022", quarters(2022, 2, 2022, 2)),
            (
                "second and third quarters of 2022",
                quarters(2022, 2, 2022, 3),
            ),
            (
                "second to third quarter of 2022",
                quarters(2022, 2, 2022, 3),
            ),
        ] {
            assert_eq!(iso(text, 0), expected, "{text}");
        }
        for text in [
            "Q2-Q5 2022",
            "fifth quarter of 2022",
            "second quarter of",
            "quarter of 2022",
            "Q2 2022 - Q3 2021",
            "Q2-Q3-Q4 2022",
        ] {
            assert_eq!(iso(text, 2022), Vec::<(String, String)>::new(), "{text}");
        }
        // Ends whose years are neither the same nor one apart are read, so
        // that the dateline keeps its place, but give no dates.
        let specs = parse_date_expr("Q4 2019 - Q1 2022").unwrap_or_default();
        assert!(
            specs.len() == 1 && specs[0].years_apart && specs[0].resolve(2022).is_none(),
            "{specs:?}"
        );
    }

    /// `H1 2022` was no date, so its entry was kept without dates, with a
    /// warning, and `first half of 2022` none either, so its entry went
    /// into the one above. A half covers its six months, from January or
    /// from July.
    #[test]
    fn reads_half_years() {
        let first_half = |year: i32| {
            let start = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
            let end = NaiveDate::from_ymd_opt(year, 7, 1).and_then(|d| d.pred_opt());
            (start.to_string(), end.expect("30 June").to_string())
        };
        let second_half = |year: i32| {
            let start = NaiveDate::from_ymd_opt(year, 7, 1).expect("1 July");
            let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December");
            (start.to_string(), end.to_string())
        };
        for (text, expected) in [
            ("H1 2022", first_half(2022)),
            ("H2 2022", second_half(2022)),
            ("first half of 2022", first_half(2022)),
            ("The second half of 2021", second_half(2021)),
            ("1st half 2022", first_half(2022)),
            ("H1-H2 2022", (first_half(2022).0, second_half(2022).1)),
            (
                "H2 2021 - H1 2022",
                (second_half(2021).0, first_half(2022).1),
            ),
            (
                "first and second halves of 2022",
                (first_half(2022).0, second_half(2022).1),
            ),
        ] {
            assert_eq!(iso(text, 0), vec![expected], "{text}");
        }
        for text in ["H3 2022", "H0 2022", "third half of 2022", "half of 2022"] {
            assert_eq!(iso(text, 2022), Vec::<(String, String)>::new(), "{text}");
        }
    }

    /// `2022 Q2` and `Q2/2022` were no dates, nor `Q2 - 2022` with a
    /// spaced dash, so their entries were kept without dates, with a warning.
    #[test]
    fn reads_parts_of_a_year_written_with_the_year_first_or_after_a_slash() {
        for (text, expected) in [
            ("2022 Q2", quarters(2022, 2, 2022, 2)),
            ("2022-Q2", quarters(2022, 2, 2022, 2)),
            ("2022/Q2", quarters(2022, 2, 2022, 2)),
            ("Q2/2022", quarters(2022, 2, 2022, 2)),
            ("Q2-2022", quarters(2022, 2, 2022, 2)),
            ("Q2 - 2022", quarters(2022, 2, 2022, 2)),
            ("Q3 – 2022", quarters(2022, 3, 2022, 3)),
            ("2022 / Q2", quarters(2022, 2, 2022, 2)),
            ("H1 - 2022", quarters(2022, 1, 2022, 2)),
            ("Q2 2022 – Q1 2023", quarters(2022, 2, 2023, 1)),
            ("2022 Q2 - 2023 Q1", quarters(2022, 2, 2023, 1)),
            ("Q2/2022 - Q1/2023", quarters(2022, 2, 2023, 1)),
            ("Q2/2022–Q1/2023", quarters(2022, 2, 2023, 1)),
            ("Q2-2022 - Q1-2023", quarters(2022, 2, 2023, 1)),
            ("Q2/Q3 2022", quarters(2022, 2, 2022, 3)),
            ("2022 H2", quarters(2022, 3, 2022, 4)),
            ("H1/2022", quarters(2022, 1, 2022, 2)),
            ("2022 Q2-Q3", quarters(2022, 2, 2022, 3)),
            ("2022 Q4-Q1", quarters(2022, 4, 2023, 1)),
            ("2022 H1-H2", quarters(2022, 1, 2022, 4)),
        ] {
            assert_eq!(iso(text, 0), expected, "{text}");
        }
        for text in [
            "2022 Q5",
            "Q5/2022",
            "Q2/2022/2023",
            "2022 Q2 2023",
            "Q2/22",
            "2022/H3",
            "Q2 2023 - Q1 2022",
        ] {
            assert_eq!(iso(text, 2022), Vec::<(String, String)>::new(), "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_date() {
        assert!(parse_date_expr("Podgorica").is_none());
        // A season is vague, as `early May` is, and its months depend on
        // the hemisphere: no date.
        for season in [
            "Spring 2022",
            "summer 2022",
            "Autumn 2022",
            "Fall 2022",
            "Winter 2022/23",
            "Winter 2022-23",
            "Winter 2022/2023",
        ] {
            assert!(parse_date_expr(season).is_none(), "{season}");
        }
        assert!(parse_date_expr("2022").is_none());
        assert!(parse_date_expr("UNSCR 1244").is_none());
        assert_eq!(iso("31 February 2022", 0), Vec::<(String, String)>::new());
    }
}
