//! Terminal output helpers: colour only on a terminal and never with `NO_COLOR`,
//! aligned tables for people, CSV for machines.

use std::io::IsTerminal;
use unicode_width::UnicodeWidthStr;

/// Whether standard output is a terminal that may show colour.
pub fn stdout_is_colour_terminal() -> bool {
    colour_allowed(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    )
}

/// Whether output may carry colour: on a terminal, unless `NO_COLOR` is set
/// to anything but nothing, or `TERM` is `dumb` (a terminal that shows an
/// escape sequence as text, as Emacs's shell buffer and many CI logs do).
fn colour_allowed(
    is_terminal: bool,
    no_color: Option<&std::ffi::OsStr>,
    term: Option<&std::ffi::OsStr>,
) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty()) && term.is_none_or(|t| t != "dumb")
}

/// Whether standard error is a terminal (for progress bars).
pub fn stderr_is_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// Text for a terminal with its control characters but line ends and tabs
/// as U+FFFD: a file name holding an escape sequence (`evil\x1b[2J.txt`)
/// named in a warning or a record's source cannot drive the terminal, as
/// a bulletin's own text cannot.
pub fn terminal_safe(text: &str) -> std::borrow::Cow<'_, str> {
    replaced(text, |c| {
        (c.is_control() && c != '\n' && c != '\t') || is_bidi_control(c)
    })
}

/// Text a user gave (a variable's value, a path) as a warning quotes it on
/// a terminal: its control characters as U+FFFD, as [`terminal_safe`], and
/// cut after `max` characters with `… (N characters)`, so that a value
/// pasted by mistake keeps the warning one readable line.
pub fn shown_short(text: &str, max: usize) -> String {
    let safe = terminal_safe(text);
    match cut_after(&safe, max) {
        (head, Some(count)) => format!("{head}… ({count} characters)"),
        (whole, None) => whole.to_string(),
    }
}

/// `text` cut after `max` characters, with its length in characters when
/// it was cut (`None`: the whole text), for a message that quotes a value
/// a user gave as [`shown_short`] does.
pub fn cut_after(text: &str, max: usize) -> (&str, Option<usize>) {
    match text.char_indices().nth(max) {
        Some((at, _)) => (&text[..at], Some(text.chars().count())),
        None => (text, None),
    }
}

/// `text` as shown for people ([`for_people`]), cut to at most `columns`
/// terminal columns with `…` at its end when it is wider (a programme's
/// name of 170 characters in a table), measured as [`aligned_table`]
/// measures cells.
pub fn cut_to_columns(text: &str, columns: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let shown = for_people(text);
    if shown.width() <= columns {
        return shown.into_owned();
    }
    let room = columns.saturating_sub(1);
    let mut used = 0;
    let mut cut = String::new();
    for c in shown.chars() {
        used += c.width().unwrap_or(0);
        if used > room {
            break;
        }
        cut.push(c);
    }
    format!("{}…", cut.trim_end())
}

/// Whether `c` is one of Unicode's explicit bidirectional embeddings,
/// overrides or isolates (U+202A–U+202E, U+2066–U+2069). One of them in a
/// title (`\u{202E}`) would show the rest of a terminal line, the score
/// and id printed after it included, in reverse order, so text for people
/// shows them as U+FFFD. The marks U+200E, U+200F and U+061C stay: they
/// only steer the characters next to them.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Output for people (tables, `show`, `similar`, `parse`) with the
/// bidirectional controls of the bulletins' text as U+FFFD, the colour
/// codes kept; JSON and CSV keep the text as it is.
pub fn for_people(text: &str) -> std::borrow::Cow<'_, str> {
    replaced(text, is_bidi_control)
}

/// `text` with each character `bad` picks as U+FFFD, borrowed when there
/// is none.
fn replaced(text: &str, bad: impl Fn(char) -> bool) -> std::borrow::Cow<'_, str> {
    if text.chars().any(&bad) {
        text.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// ANSI styling that is a no-op when colour is off.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub colour: bool,
}

impl Style {
    /// Styling for standard output as it is now.
    pub fn for_stdout() -> Self {
        Style {
            colour: stdout_is_colour_terminal(),
        }
    }

    fn wrap(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }

    pub fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }

    /// Bold and underlined: a matched word inside bold text (a title).
    pub fn bold_underline(&self, text: &str) -> String {
        self.wrap("1;4", text)
    }

    pub fn dim(&self, text: &str) -> String {
        self.wrap("2", text)
    }

    pub fn cyan(&self, text: &str) -> String {
        self.wrap("36", text)
    }

    pub fn yellow(&self, text: &str) -> String {
        self.wrap("33", text)
    }
}

/// Renders rows as a table whose columns are padded to their widest cell,
/// measured in terminal columns (`東京` takes four, a combining mark none).
/// Cells are measured as they will show, [`for_people`]: a bidirectional
/// control takes no column, the U+FFFD shown for it one.
pub fn aligned_table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(|cell| for_people(cell).into_owned())
                .collect()
        })
        .collect();
    let rows = rows.as_slice();
    let columns = header.len();
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    for row in rows {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(cell.width());
        }
    }
    let mut out = String::new();
    let render = |cells: Vec<&str>, out: &mut String| {
        let line: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                if i + 1 == cells.len() {
                    cell.to_string()
                } else {
                    let pad = widths[i].saturating_sub(cell.width());
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    };
    render(header.to_vec(), &mut out);
    for row in rows {
        render(row.iter().map(String::as_str).collect(), &mut out);
    }
    out
}

/// A count for people: a comma between each group of three digits
/// (`20,000`), as tables and messages write it; JSON and CSV keep plain
/// numbers.
pub fn count_for_people(n: impl TryInto<u64>) -> String {
    indicatif::HumanCount(n.try_into().unwrap_or(u64::MAX)).to_string()
}

/// A size in bytes for people, in the largest binary unit that keeps the
/// number at least 1 (`80.3 KiB`, `40.7 MiB`, `1.2 GiB`): a big index's
/// size in KiB ran to six digits.
pub fn size_for_people(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KiB", "MiB", "GiB", "TiB"];
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    format!("{value:.1} {}", UNITS[unit])
}

/// Quotes a CSV field when it needs it (RFC 4180). A field that a
/// spreadsheet would run as a formula (starting `=`, `+`, `-`, `@`, a tab or
/// a carriage return: a bulletin title `=HYPERLINK(…)`) is led by `'`, which
/// spreadsheets show as text.
pub fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// Joins fields into one CSV line.
pub fn csv_line(fields: &[String]) -> String {
    fields
        .iter()
        .map(|f| csv_field(f))
        .collect::<Vec<_>>()
        .join(",")
}

/// A progress template with its `{bar:N}` drawn full, N columns wide: how
/// the tests measure a progress line at its widest.
#[cfg(test)]
pub(crate) fn with_bar_drawn(template: &str) -> String {
    let columns: usize = template
        .split_once("{bar:")
        .and_then(|(_, rest)| rest.split_once('}'))
        .and_then(|(columns, _)| columns.parse().ok())
        .expect("a bar of a given width");
    template.replace(&format!("{{bar:{columns}}}"), &"=".repeat(columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color_or_a_dumb_term() {
        use std::ffi::OsStr;
        let some = |text| Some(OsStr::new(text));
        assert!(colour_allowed(true, None, some("xterm-256color")));
        assert!(colour_allowed(true, some(""), None));
        assert!(!colour_allowed(false, None, some("xterm")));
        assert!(!colour_allowed(true, some("1"), some("xterm")));
        assert!(!colour_allowed(true, None, some("dumb")));
    }

    #[test]
    fn aligns_columns() {
        let table = aligned_table(&["a", "bb"], &[vec!["long".into(), "x".into()]]);
        assert_eq!(table, "a     bb\nlong  x\n");
    }

    /// A bidirectional control takes no terminal column, but the U+FFFD
    /// that output for people shows for it takes one: measured before the
    /// swap, its row's next column stood one to the right of the others'.
    #[test]
    fn aligns_a_cell_with_a_bidirectional_control_as_shown() {
        let table = aligned_table(
            &["city", "count"],
            &[
                vec!["Bar\u{202E}".into(), "1".into()],
                vec!["Skopje".into(), "4".into()],
            ],
        );
        let table = for_people(&table);
        let starts: Vec<usize> = table
            .lines()
            .map(|line| {
                let last = line.rfind(' ').map_or(0, |at| at + 1);
                line[..last].width()
            })
            .collect();
        assert_eq!(starts, [8, 8, 8], "{table}");
    }

    #[test]
    fn groups_the_digits_of_counts() {
        assert_eq!(count_for_people(0), "0");
        assert_eq!(count_for_people(999), "999");
        assert_eq!(count_for_people(1_000), "1,000");
        assert_eq!(count_for_people(20_000), "20,000");
        assert_eq!(count_for_people(1_234_567), "1,234,567");
    }

    #[test]
    fn sizes_in_the_largest_unit_of_at_least_one() {
        assert_eq!(size_for_people(82_227), "80.3 KiB");
        assert_eq!(size_for_people(42_636_800), "40.7 MiB");
        assert_eq!(size_for_people(3 * 1024 * 1024 * 1024), "3.0 GiB");
        assert_eq!(size_for_people(0), "0.0 KiB");
    }

    #[test]
    fn quotes_csv() {
        assert_eq!(
            csv_line(&["a,b".into(), "say \"hi\"".into(), "c".into()]),
            "\"a,b\",\"say \"\"hi\"\"\",c"
        );
        assert_eq!(
            csv_line(&[
                "=HYPERLINK(\"x\")".into(),
                "+1".into(),
                "@SUM(A1)".into(),
                "a=b".into()
            ]),
            "\"'=HYPERLINK(\"\"x\"\")\",'+1,'@SUM(A1),a=b"
        );
    }

    #[test]
    fn aligns_wide_and_combining_letters_by_their_columns() {
        let rows = vec![
            vec!["東京".to_string(), "1".to_string()],
            vec!["Banja Luc\u{30c}ka".to_string(), "2".to_string()],
        ];
        let table = aligned_table(&["city", "count"], &rows);
        let columns: Vec<usize> = table
            .lines()
            .map(|line| {
                let cut = line.rfind(' ').expect("two columns") + 1;
                line[..cut].width()
            })
            .collect();
        // "Banja Lučka" is 11 columns wide, and two spaces part the columns.
        assert_eq!(columns, [13, 13, 13], "{table}");
    }
}
