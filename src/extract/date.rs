//! Date expressions of datelines: `22-24 March 2022`, `28 February-2 March 2022`,
//! `February-March 2022`, `15-17 March`, `3-5 and 10-12 June 2019`, `May/June 2019`.
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
    let lower = word.trim_end_matches('.').to_ascii_lowercase();
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
    if let Some(index) = MONTHS.iter().position(|m| *m == lower) {
        return Some(index as u32 + 1);
    }
    if lower == "sept" {
        return Some(9);
    }
    if lower.len() == 3 {
        return MONTHS
            .iter()
            .position(|m| m.starts_with(&lower))
            .map(|i| i as u32 + 1);
    }
    None
}

/// Whether the character is one of the dashes bulletins write between dates.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‐' | '‑' | '−')
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let mut tokens = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let digits: String = chars[start..i].iter().collect();
            if digits.len() > 4 {
                return None;
            }
            tokens.push(Token::Number(digits.parse().ok()?));
            // ordinal suffixes: 1st, 2nd, 3rd, 4th
            let rest: String = chars[i..]
                .iter()
                .take(2)
                .collect::<String>()
                .to_ascii_lowercase();
            if ["st", "nd", "rd", "th"].contains(&rest.as_str())
                && !chars.get(i + 2).is_some_and(|c| c.is_alphabetic())
            {
                i += 2;
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && (chars[i].is_alphabetic() || chars[i] == '.') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let word = word.trim_end_matches('.');
            match word.to_ascii_lowercase().as_str() {
                "and" => tokens.push(Token::And),
                "of" => {}
                _ => tokens.push(Token::Month(month_number(word)?)),
            }
        } else if is_dash(c) || c == '/' {
            tokens.push(Token::Range);
            i += 1;
        } else if c == '&' {
            tokens.push(Token::And);
            i += 1;
        } else if c == ',' {
            // `3, 5 and 7 June`: a comma between days separates ranges; before a year it is noise.
            let prev_is_day = matches!(tokens.last(), Some(Token::Number(n)) if *n <= 31);
            let next_digits: String = chars[i + 1..]
                .iter()
                .skip_while(|c| c.is_whitespace())
                .take_while(|c| c.is_ascii_digit())
                .collect();
            let next_is_day = next_digits.parse::<u32>().is_ok_and(|n| n <= 31);
            if prev_is_day && next_is_day {
                tokens.push(Token::And);
            }
            i += 1;
        } else if c.is_whitespace() || c == '.' {
            i += 1;
        } else {
            return None;
        }
    }
    Some(tokens)
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
            Token::Number(n) if (1..=31).contains(&n) && endpoint.day.is_none() => {
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
    let tokens = tokenize(text)?;
    if !tokens.iter().any(|t| matches!(t, Token::Month(_))) {
        return None;
    }
    let mut groups: Vec<(Endpoint, Endpoint)> = Vec::new();
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
        groups.push((left, right));
    }
    // `3-5 and 10-12 June 2019`: later ranges lend their month and year to earlier ones.
    let mut month = None;
    let mut year = None;
    for (left, right) in groups.iter_mut().rev() {
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
        .map(|(left, right)| {
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
            })
        })
        .collect()
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
    /// The ISO start and end dates in `year` (the expression's own year wins).
    /// `None` when the day does not exist (`31 February`) or the range runs backwards.
    pub fn resolve(&self, year: i32) -> Option<(NaiveDate, NaiveDate)> {
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

    #[test]
    fn rejects_what_is_not_a_date() {
        assert!(parse_date_expr("Podgorica").is_none());
        assert!(parse_date_expr("Spring 2022").is_none());
        assert!(parse_date_expr("2022").is_none());
        assert!(parse_date_expr("UNSCR 1244").is_none());
        assert_eq!(iso("31 February 2022", 0), Vec::<(String, String)>::new());
    }
}
