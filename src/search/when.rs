//! The days a query's `date:`, `from:` and `to:` clauses name.
//!
//! `date:2022-03` keeps the activities that overlap March 2022, as
//! `--from 2022-03-01 --to 2022-03-31` does; `from:2022-03-20` and
//! `to:2022-03-31` are the two flags. A day, a month or a year is written
//! as ISO (`2022-03-14`, `2022-03`, `2022`) or as a dateline writes it
//! (`"March 2022"`, `"22-24 March 2022"`, `24.03.2022`); a range as
//! `2022-03-01..2022-03-31` (either side may be left open), as
//! Elasticsearch writes it (`[2022-03-01 TO 2022-03-31]`, `{` and `}` leave
//! the day out, `*` an open side), or as a comparison (`>=2022-03-14`,
//! `<2022-04`).

use chrono::{Datelike, NaiveDate};

use crate::extract::date::parse_date_expr;

/// Which clause names the days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateField {
    /// `date:`: the activities that overlap the days.
    Date,
    /// `from:`: the activities still running on or after the first day.
    From,
    /// `to:`: the activities that start by the last day.
    To,
}

impl DateField {
    /// Reads a clause's name (`date`, `dates`, `from`, `to`).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "date" | "dates" => DateField::Date,
            "from" => DateField::From,
            "to" => DateField::To,
            _ => return None,
        })
    }

    /// The name the answer's `resolved` gives the clause.
    pub fn name(self) -> &'static str {
        match self {
            DateField::Date => "date",
            DateField::From => "from",
            DateField::To => "to",
        }
    }
}

/// The days a clause keeps: an activity overlaps `[from, to]`, either side
/// open. `from` may come after `to` when two clauses narrow each other
/// (`date:2022-03 date:2022-05`): an activity then runs across both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DaySpan {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DaySpan {
    /// Both spans at once: the later start and the earlier end.
    pub fn and(self, other: DaySpan) -> DaySpan {
        // An open side leaves the other's day.
        let either = |a: Option<NaiveDate>, b: Option<NaiveDate>, pick: fn(_, _) -> _| match (a, b)
        {
            (Some(a), Some(b)) => Some(pick(a, b)),
            (a, b) => a.or(b),
        };
        DaySpan {
            from: either(self.from, other.from, NaiveDate::max),
            to: either(self.to, other.to, NaiveDate::min),
        }
    }

    /// Whether the days `from` to `to` meet the span (an open side meets
    /// every day before or after).
    pub fn overlaps(self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from.is_none_or(|start| to >= start) && self.to.is_none_or(|end| from <= end)
    }

    /// The span as the answer's `resolved` shows it: `2022-03-01..2022-03-31`,
    /// an open side left empty (`2022-03-20..`).
    pub fn describe(self) -> String {
        let side = |day: Option<NaiveDate>| day.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", side(self.from), side(self.to))
    }
}

/// The forms a date clause takes, for the notice about one it cannot read.
const FORMS: &str = "2022, 2022-03, 2022-03-14, \"March 2022\", 2022-03-01..2022-03-31, [2022-03-01 TO 2022-03-31] or >=2022-03-14";

/// The days `field:value` names, or why it names none.
pub fn date_span(field: DateField, value: &str) -> Result<DaySpan, String> {
    let value = value.trim();
    let clause = format!("{}:{value}", field.name());
    let unreadable = || match either_way(value) {
        Some(readings) => format!("{clause:?} {readings}; it is left out"),
        None => format!("{clause:?} is not a date ({FORMS}); it is left out"),
    };
    let span = match field {
        DateField::Date => range(value).ok_or_else(unreadable)?,
        DateField::From => DaySpan {
            from: Some(period(value).ok_or_else(unreadable)?.0),
            to: None,
        },
        DateField::To => DaySpan {
            from: None,
            to: Some(period(value).ok_or_else(unreadable)?.1),
        },
    };
    if let (Some(from), Some(to)) = (span.from, span.to)
        && from > to
    {
        return Err(format!(
            "{clause:?} ends before it starts ({from} to {to}); it is left out"
        ));
    }
    if span.from.is_none() && span.to.is_none() {
        return Err(format!("{clause:?} leaves both sides open; it is left out"));
    }
    Ok(span)
}

/// A range of days: one period, two joined by `..`, an Elasticsearch range
/// in brackets, or a comparison.
fn range(value: &str) -> Option<DaySpan> {
    if let Some(inner) = value.strip_prefix(['[', '{']) {
        let includes_start = value.starts_with('[');
        let (inner, includes_end) = match inner.strip_suffix(']') {
            Some(inner) => (inner, true),
            None => match inner.strip_suffix('}') {
                Some(inner) => (inner, false),
                // An unclosed bracket closes at the end, as a group's does.
                None => (inner, true),
            },
        };
        // `TO` in any case, between words: `[March 2022 TO May 2022]` too,
        // and between quoted sides (`["1 March 2022" TO "15 March 2022"]`).
        let words = words_and_quotes(inner);
        let to = words
            .iter()
            .position(|(w, quoted)| !quoted && w.eq_ignore_ascii_case("to"))?;
        let side_of = |words: &[(String, bool)]| {
            words
                .iter()
                .map(|(w, _)| w.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        let (start, end) = (side_of(&words[..to]), side_of(&words[to + 1..]));
        let (start, end) = (start.as_str(), end.as_str());
        fn side(text: &str) -> Option<&str> {
            let text = text.trim();
            (!text.is_empty() && text != "*").then_some(text)
        }
        let from = match side(start) {
            Some(start) if includes_start => Some(start_period(start, side(end))?.0),
            Some(start) => Some(start_period(start, side(end))?.1.succ_opt()?),
            None => None,
        };
        let to = match side(end) {
            Some(end) if includes_end => Some(end_period(from, end)?.1),
            Some(end) => Some(end_period(from, end)?.0.pred_opt()?),
            None => None,
        };
        return Some(DaySpan { from, to });
    }
    let from = |from| Some(DaySpan { from, to: None });
    let to = |to| Some(DaySpan { from: None, to });
    if let Some(rest) = value.strip_prefix(">=") {
        return from(Some(period(rest)?.0));
    }
    if let Some(rest) = value.strip_prefix("<=") {
        return to(Some(period(rest)?.1));
    }
    if let Some(rest) = value.strip_prefix('>') {
        return from(period(rest)?.1.succ_opt());
    }
    if let Some(rest) = value.strip_prefix('<') {
        return to(period(rest)?.0.pred_opt());
    }
    if let Some((start, end)) = value.split_once("..") {
        let (start, end) = (start.trim(), end.trim());
        let from = match start {
            "" => None,
            start => Some(start_period(start, Some(end).filter(|end| !end.is_empty()))?.0),
        };
        let to = match end {
            "" => None,
            end => Some(end_period(from, end)?.1),
        };
        return Some(DaySpan { from, to });
    }
    let (first, last) = period(value)?;
    Some(DaySpan {
        from: Some(first),
        to: Some(last),
    })
}

/// The days of a range's start (`24 March 2022`); a start written
/// without its year (`24 March`) is in the year of the range's `end`
/// (`24 March TO 28 March 2022`), or the year before when it would start
/// after the end, and a day alone (`24`) in the end's month too.
fn start_period(start: &str, end: Option<&str>) -> Option<(NaiveDate, NaiveDate)> {
    period(start).or_else(|| {
        let last = period(end?)?.1;
        if (1..=2).contains(&start.len()) && start.bytes().all(|b| b.is_ascii_digit()) {
            let day = NaiveDate::from_ymd_opt(last.year(), last.month(), start.parse().ok()?)?;
            return (day <= last).then_some((day, day));
        }
        let year = last.year();
        let days = period(&format!("{start} {year}"))?;
        if days.0 <= last {
            Some(days)
        } else {
            period(&format!("{start} {}", year - 1))
        }
    })
}

/// The days of a range's end (`28 March 2022`); an end written without
/// its year (`28 March`, `April`) is in the year of the range's start
/// `from` (`2022-03-24 TO 28 March` ends on 28 March 2022), or in the year
/// after when it would end before the start (`2021-12-20 TO 10 January`).
fn end_period(from: Option<NaiveDate>, end: &str) -> Option<(NaiveDate, NaiveDate)> {
    if let Some(days) = period(end) {
        return Some(days);
    }
    let from = from?;
    if end
        .split_whitespace()
        .any(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
    {
        return None;
    }
    let year = from.year();
    let days = period(&format!("{end} {year}"))?;
    if days.1 >= from {
        return Some(days);
    }
    period(&format!("{end} {}", year + 1))
}

/// The words of a range's sides split at white space, a quoted part kept
/// whole without its quotes (and marked, so that a quoted `to` is no `TO`).
fn words_and_quotes(text: &str) -> Vec<(String, bool)> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut had_quote = false;
    for c in text.chars() {
        if c == '"' {
            quoted = !quoted;
            had_quote = true;
        } else if c.is_whitespace() && !quoted {
            if !word.is_empty() || had_quote {
                words.push((std::mem::take(&mut word), had_quote));
            }
            had_quote = false;
        } else {
            word.push(c);
        }
    }
    if !word.is_empty() || had_quote {
        words.push((word, had_quote));
    }
    words
}

/// The first and last day of a year (`2022`), a month (`2022-03`) or what
/// a dateline writes (`2022-03-14`, `March 2022`, `22-24 March 2022`,
/// `24.03.2022`), which must name its year.
pub(super) fn period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let text = text.trim();
    let digits =
        |part: &str, len: usize| part.len() == len && part.bytes().all(|b| b.is_ascii_digit());
    if digits(text, 4) {
        let year = text.parse().ok()?;
        return Some((
            NaiveDate::from_ymd_opt(year, 1, 1)?,
            NaiveDate::from_ymd_opt(year, 12, 31)?,
        ));
    }
    let number =
        |part: &str| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let mut iso = text.splitn(3, '-');
    if let (Some(year), Some(month)) = (iso.next(), iso.next())
        && digits(year, 4)
        && number(month)
    {
        let (year, month) = (year.parse().ok()?, month.parse().ok()?);
        let Some(day) = iso.next() else {
            return month_days(year, month);
        };
        // A day of any year of four digits, as a year and a month are
        // (`9999-12-31` ends an open range in Elasticsearch); a dateline's
        // forms name the years 1900 to 2100 only.
        if number(day) {
            let day = NaiveDate::from_ymd_opt(year, month, day.parse().ok()?)?;
            return Some((day, day));
        }
    }
    if text.contains('/') {
        return slashed(text);
    }
    let specs = parse_date_expr(text)?;
    let mut span: Option<(NaiveDate, NaiveDate)> = None;
    for spec in specs {
        let (start, end) = spec.resolve(spec.year?)?;
        span = Some(match span {
            Some((first, last)) => (first.min(start), last.max(end)),
            None => (start, end),
        });
    }
    span
}

/// The first and last day of a month.
fn month_days(year: i32, month: u32) -> Option<(NaiveDate, NaiveDate)> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let next = first.checked_add_months(chrono::Months::new(1))?;
    Some((first, next.pred_opt()?))
}

/// A date written with slashes that names its days one way only: a year
/// of four digits with its month (`2022/03`, `03/2022`) or with its month
/// and day (`2022/03/24`), or a day, month and year as datelines write
/// them (`24/03/2022`, as `24.03.2022`) when the day is past 12 or equals
/// the month. `01/03/2022` (1 March or 3 January) names none.
fn slashed(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = text.split('/').collect();
    let year = |part: &str| {
        (part.len() == 4 && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<i32>().ok())
            .flatten()
    };
    let number = |part: &str| {
        ((1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let day_of = |year: i32, month: u32, day: u32| {
        NaiveDate::from_ymd_opt(year, month, day).map(|day| (day, day))
    };
    match parts.as_slice() {
        [y, m] if year(y).is_some() => month_days(year(y)?, number(m)?),
        [m, y] if year(y).is_some() => month_days(year(y)?, number(m)?),
        [y, m, d] if year(y).is_some() => day_of(year(y)?, number(m)?, number(d)?),
        [d, m, y] => {
            let (day, month) = (number(d)?, number(m)?);
            (day > 12 || day == month)
                .then(|| day_of(year(y)?, month, day))
                .flatten()
        }
        _ => None,
    }
}

/// What a value written as day/month/year whose day and month could be
/// either way round (`01/03/2022`) could mean, or what a month written
/// first (`03/14/2022`) should be written as, for the notice about it.
fn either_way(value: &str) -> Option<String> {
    let parts: Vec<&str> = value.split('/').collect();
    let [first, second, year] = parts.as_slice() else {
        return None;
    };
    let (Ok(first), Ok(second), Ok(year)) = (
        first.parse::<u32>(),
        second.parse::<u32>(),
        year.parse::<i32>(),
    ) else {
        return None;
    };
    // `03/14/2022`: month first, as no dateline writes it.
    if second > 12
        && let Some(day) = NaiveDate::from_ymd_opt(year, first, second)
    {
        return Some(format!(
            "is read as day/month/year, and {second} is no month; write {day} or \"{}\"",
            day.format("%-d %B %Y")
        ));
    }
    let one = NaiveDate::from_ymd_opt(year, second, first)?;
    let other = NaiveDate::from_ymd_opt(year, first, second)?;
    (one != other).then(|| {
        format!(
            "could be {} or {}; write {one} or \"{}\"",
            one.format("%-d %B %Y"),
            other.format("%-d %B %Y"),
            one.format("%-d %B %Y")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    fn span(field: DateField, value: &str) -> (Option<NaiveDate>, Option<NaiveDate>) {
        match date_span(field, value) {
            Ok(span) => (span.from, span.to),
            Err(err) => panic!("{value:?} should be read: {err}"),
        }
    }

    #[test]
    fn reads_days_months_and_years_as_iso_or_as_datelines_write_them() {
        let cases = [
            ("2022", "2022-01-01", "2022-12-31"),
            ("2022-03", "2022-03-01", "2022-03-31"),
            ("2024-2", "2024-02-01", "2024-02-29"),
            ("2022-03-14", "2022-03-14", "2022-03-14"),
            ("1899-3-1", "1899-03-01", "1899-03-01"),
            ("9999-12-31", "9999-12-31", "9999-12-31"),
            ("March 2022", "2022-03-01", "2022-03-31"),
            ("22-24 March 2022", "2022-03-22", "2022-03-24"),
            ("February-March 2022", "2022-02-01", "2022-03-31"),
            ("24.03.2022", "2022-03-24", "2022-03-24"),
            (
                "28 December 2021 - 3 January 2022",
                "2021-12-28",
                "2022-01-03",
            ),
        ];
        for (value, from, to) in cases {
            assert_eq!(
                span(DateField::Date, value),
                (day(from), day(to)),
                "{value}"
            );
        }
    }

    #[test]
    fn reads_ranges_comparisons_and_elasticsearch_brackets() {
        let cases = [
            (
                "2022-03-01..2022-03-31",
                Some("2022-03-01"),
                Some("2022-03-31"),
            ),
            ("2022-03..2022-05", Some("2022-03-01"), Some("2022-05-31")),
            ("2022-03..", Some("2022-03-01"), None),
            ("..2022", None, Some("2022-12-31")),
            (">=2022-03", Some("2022-03-01"), None),
            (">2022-03", Some("2022-04-01"), None),
            ("<=2022-03", None, Some("2022-03-31")),
            ("<2022-03", None, Some("2022-02-28")),
            (
                "[2022-03-01 TO 2022-03-31]",
                Some("2022-03-01"),
                Some("2022-03-31"),
            ),
            (
                "{2022-03-01 TO 2022-03-31}",
                Some("2022-03-02"),
                Some("2022-03-30"),
            ),
            ("[2022-03 TO *]", Some("2022-03-01"), None),
            ("[* TO 2022-03}", None, Some("2022-02-28")),
            (
                "[2022-03-01 to 2022-03-31",
                Some("2022-03-01"),
                Some("2022-03-31"),
            ),
            (
                "[2022-03-01  To  2022-03-31]",
                Some("2022-03-01"),
                Some("2022-03-31"),
            ),
            (
                "[March 2022 TO May 2022]",
                Some("2022-03-01"),
                Some("2022-05-31"),
            ),
            (
                "[\"1 March 2022\" TO \"15 March 2022\"]",
                Some("2022-03-01"),
                Some("2022-03-15"),
            ),
            (
                "[\"28 December 2021 to 3 January 2022\" to 2022-03]",
                Some("2021-12-28"),
                Some("2022-03-31"),
            ),
            ("[\"March 2022\" TO *}", Some("2022-03-01"), None),
        ];
        for (value, from, to) in cases {
            let expected = (from.and_then(day), to.and_then(day));
            assert_eq!(span(DateField::Date, value), expected, "{value}");
        }
    }

    #[test]
    fn from_and_to_take_the_first_and_last_day_of_what_they_name() {
        assert_eq!(span(DateField::From, "2022-03"), (day("2022-03-01"), None));
        assert_eq!(span(DateField::To, "2022-03"), (None, day("2022-03-31")));
        assert_eq!(span(DateField::To, "March 2022"), (None, day("2022-03-31")));
    }

    #[test]
    fn says_why_a_value_names_no_days() {
        for value in [
            "March",
            "yesterday",
            "2022-13",
            "2022-02-30",
            "22",
            "",
            "..",
            "[* TO *]",
            "2022-05..2022-03",
            "[2022-03-01 2022-03-31]",
            ">=",
        ] {
            let err = date_span(DateField::Date, value).expect_err(value);
            assert!(err.contains("left out"), "{value}: {err}");
        }
        assert!(date_span(DateField::From, "2022-03..2022-04").is_err());
    }

    #[test]
    fn two_spans_at_once_keep_the_later_start_and_the_earlier_end() {
        let march = span(DateField::Date, "2022-03");
        let may = span(DateField::Date, "2022-05");
        let both = DaySpan {
            from: march.0,
            to: march.1,
        }
        .and(DaySpan {
            from: may.0,
            to: may.1,
        });
        assert_eq!((both.from, both.to), (may.0, march.1));
        assert_eq!(both.describe(), "2022-05-01..2022-03-31");
    }
}
