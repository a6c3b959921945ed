//! The README's examples are real output: each `$ bulletin …` block it
//! shows is run on a fresh copy of the shipped corpus, and its lines must be
//! the lines the command prints, in order.
//!
//! What a block may leave out or vary:
//! - a line that is only `…` stands for any number of lines;
//! - a line ending in ` …` stands for a printed line that starts with the
//!   text before it, cut at the end of a word;
//! - times (`(1.2 ms)`, `took_ms`, `took`, the index summary's `time` and
//!   `entries/s`) and the index's size on disk are not compared;
//! - an `--out` folder is made in the example's own temporary folder, and
//!   its path is printed back as the README gives it.
//!
//! Blocks whose command needs more than the shipped corpus (another corpus,
//! a server) are checked by the other tests; [`runnable`] names them. Bench
//! runs and `curl` lines are not `$ bulletin` lines and are not run.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use assert_cmd::Command;
use common::{Workspace, root};

/// A `$ bulletin …` example: its command line (after `bulletin`) and the
/// lines shown under it, with the README line number of the command.
struct Example {
    line: usize,
    args: Vec<String>,
    shown: Vec<String>,
}

/// Splits a command line on spaces, keeping double-quoted words whole.
fn split_args(line: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut any = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                any = true;
            }
            ' ' if !quoted => {
                if any {
                    args.push(std::mem::take(&mut word));
                    any = false;
                }
            }
            _ => {
                word.push(c);
                any = true;
            }
        }
    }
    if any {
        args.push(word);
    }
    args
}

/// Every `$ bulletin …` (or `$ cargo run --release -- …`) line inside a
/// ```` ```text ```` block, with the lines under it up to the block's end or
/// the next `$ ` line.
fn examples(readme: &str) -> Vec<Example> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut in_text = false;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if line.starts_with("```") {
            in_text = line == "```text";
            index += 1;
            continue;
        }
        let command = line
            .strip_prefix("$ bulletin ")
            .or_else(|| line.strip_prefix("$ cargo run --release -- "));
        match command {
            Some(command) if in_text => {
                let mut shown = Vec::new();
                let mut next = index + 1;
                while next < lines.len()
                    && !lines[next].starts_with("```")
                    && !lines[next].starts_with("$ ")
                {
                    shown.push(lines[next].to_string());
                    next += 1;
                }
                while shown.last().is_some_and(|l| l.is_empty()) {
                    shown.pop();
                }
                out.push(Example {
                    line: index + 1,
                    args: split_args(command),
                    shown,
                });
                index = next;
            }
            _ => index += 1,
        }
    }
    out
}

/// Whether an example runs on the shipped corpus alone.
fn runnable(example: &Example) -> bool {
    let needs_more = ["--corpus", "serve"];
    !example
        .args
        .iter()
        .any(|arg| needs_more.contains(&arg.as_str()))
}

/// A line with its times and sizes blanked.
fn normalized(line: &str) -> String {
    let trimmed = line.trim_start();
    for key in ["time ", "entries/s ", "size on disk ", "took "] {
        if trimmed.starts_with(key) {
            return format!("{key}…");
        }
    }
    if let Some(at) = line.find("\"took_ms\": ") {
        return format!("{}\"took_ms\": …", &line[..at]);
    }
    // "(1.2 ms)" at the end of a results line.
    if line.ends_with(" ms)")
        && let Some(open) = line.rfind(" (")
    {
        return format!("{} (… ms)", &line[..open]);
    }
    line.to_string()
}

/// Whether the shown line stands for the printed one.
fn line_matches(shown: &str, printed: &str) -> bool {
    let (shown, printed) = (normalized(shown), normalized(printed));
    if shown == printed {
        return true;
    }
    match shown.strip_suffix(" …") {
        // The text shown must end where a word of the printed line ends.
        Some(start) => printed
            .strip_prefix(start)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|next| !next.is_alphanumeric()),
        None => false,
    }
}

/// Whether `shown` (with `…` lines as gaps) matches all of `printed`'s
/// lines from the start, up to a final gap.
fn block_matches(shown: &[String], printed: &[&str]) -> bool {
    match shown.split_first() {
        None => printed.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=printed.len()).any(|skip| block_matches(rest, &printed[skip..]))
        }
        Some((first, rest)) => printed
            .split_first()
            .is_some_and(|(line, after)| line_matches(first, line) && block_matches(rest, after)),
    }
}

/// The arguments as typed, quoted where they hold a space.
fn shell_words(args: &[String]) -> String {
    let quoted: Vec<String> = args
        .iter()
        .map(|arg| {
            if arg.contains(' ') {
                format!("\"{arg}\"")
            } else {
                arg.clone()
            }
        })
        .collect();
    quoted.join(" ")
}

/// The arguments with an `--out` folder moved into `dir`, and the moved
/// folder's path with the one given.
fn with_own_out(args: &[String], dir: &Path) -> (Vec<String>, Option<(String, String)>) {
    let mut args = args.to_vec();
    let mut out = None;
    if let Some(at) = args.iter().position(|a| a == "--out")
        && let Some(given) = args.get(at + 1).cloned()
    {
        let name = Path::new(&given)
            .file_name()
            .map_or("out".into(), |n| n.to_string_lossy().into_owned());
        let ours = dir.join(name).to_string_lossy().into_owned();
        args[at + 1] = ours.clone();
        out = Some((ours, given));
    }
    (args, out)
}

/// Runs `bulletin ARGS` in `dir`, with the default `./index` and `./corpus`.
fn run(dir: &Path, args: &[String]) -> String {
    let output = Command::cargo_bin("bulletin")
        .expect("binary")
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("BULLETIN_INDEX")
        .env_remove("BULLETIN_CORPUS")
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "bulletin {} failed: {}",
        shell_words(args),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

#[test]
fn every_example_in_the_readme_is_what_the_command_prints() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let all = examples(&readme);
    let checked: Vec<&Example> = all.iter().filter(|e| runnable(e)).collect();
    // The first screen's search and the commands' sections.
    assert!(
        checked.len() >= 10,
        "only {} runnable examples found in the README",
        checked.len()
    );
    let mut wrong = Vec::new();
    for example in checked {
        // Each example on its own fresh index, as a first run would see it.
        let workspace = Workspace::new();
        let (args, out) = with_own_out(&example.args, workspace.dir.path());
        let mut printed = run(workspace.dir.path(), &args);
        if let Some((ours, shown)) = out {
            printed = printed.replace(&ours, &shown);
        }
        let printed: Vec<&str> = printed.trim_end_matches('\n').lines().collect();
        if !block_matches(&example.shown, &printed) {
            wrong.push(format!(
                "README.md:{}: `bulletin {}` prints:\n{}\n",
                example.line,
                shell_words(&example.args),
                printed.join("\n")
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_example_matcher_tells_a_changed_line_from_an_elided_one() {
    let shown: Vec<String> = ["a", "b …", "…", "d (… ms)"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(block_matches(&shown, &["a", "b c", "x", "y", "d (3.1 ms)"]));
    assert!(block_matches(&shown, &["a", "b c", "d (0.2 ms)"]));
    assert!(!block_matches(&shown, &["a", "bc", "d (1 ms)"]));
    assert!(!block_matches(&shown, &["a", "b c", "d", "e"]));
    assert!(!block_matches(&shown, &["a", "b c", "x"]));
    assert_eq!(
        split_args(r#"search "firearms training" --country "North Macedonia""#),
        [
            "search",
            "firearms training",
            "--country",
            "North Macedonia"
        ]
    );
}

/// The characters a formula starts with, as the README's pandas line
/// takes the `'` off them: the character class of its pattern.
fn pandas_class(readme: &str) -> BTreeSet<char> {
    let line = readme
        .lines()
        .find(|l| l.contains("df.replace(r\"^'"))
        .expect("the README says how to take the ' off in pandas");
    let class = line
        .split_once("(?=[")
        .and_then(|(_, rest)| rest.split_once("])"))
        .map(|(class, _)| class)
        .expect("a character class after the ' in the pattern");
    let mut chars = BTreeSet::new();
    let mut escaped = class.chars();
    while let Some(c) = escaped.next() {
        chars.insert(match (c, c == '\\') {
            (_, true) => match escaped.next() {
                Some('t') => '\t',
                Some('r') => '\r',
                Some(other) => other,
                None => '\\',
            },
            (c, false) => c,
        });
    }
    chars
}

/// A CSV cell a spreadsheet would run as a formula is led by `'`, and the
/// README says so where the CSV is described (`search --format csv` and
/// `/export.csv`), naming the characters the code guards and how to take
/// the `'` off in pandas: the pattern's characters are exactly those the
/// CSV writer guards, and the cells of a bulletin the test writes, with
/// titles starting so, come out led by `'`.
#[test]
fn the_readme_says_which_csv_cells_are_led_by_a_quote() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let guarded: BTreeSet<char> = (0u8..128)
        .map(char::from)
        .filter(|c| {
            bulletin::output::csv_field(&format!("{c}1"))
                .trim_start_matches('"')
                .starts_with(&format!("'{c}"))
        })
        .collect();
    assert!(guarded.contains(&'='), "{guarded:?}");
    assert_eq!(pandas_class(&readme), guarded);
    // The paragraphs on the CSV of `search` and on `/export.csv` name them.
    let named = |text: &str| {
        ["`=`", "`+`", "`-`", "`@`", "a tab", "a carriage return"]
            .iter()
            .all(|c| text.contains(c))
            && text.contains('\'')
    };
    let search = readme
        .split("\n\n")
        .find(|p| p.contains("spreadsheet") && p.contains("--format csv"))
        .expect("a paragraph on the CSV of search and spreadsheets");
    assert!(named(search), "{search}");
    let export = readme
        .lines()
        .find(|l| l.starts_with("| `/export.csv`"))
        .expect("the /export.csv row");
    assert!(
        export.contains("formula") && export.contains('\''),
        "{export}"
    );
    // Titles as a bulletin may write them come out led by `'`.
    let workspace = Workspace::new();
    let corpus = workspace.dir.path().join("formulas");
    std::fs::create_dir_all(&corpus).expect("corpus");
    let titles = [
        "=SUM(1+1) training for prosecutors",
        "+381 hotline for victims launched",
        "-40% seizures reported in the region",
        "@UNODC campaign on firearms",
    ];
    let bulletin: String = titles
        .iter()
        .enumerate()
        .map(|(at, title)| {
            format!(
                "{title}\n{} May 2019, Skopje, North Macedonia: Experts met.\n",
                at + 1
            )
        })
        .collect();
    std::fs::write(corpus.join("2019-05-formulas.txt"), bulletin).expect("write");
    let index = workspace.dir.path().join("formulas-index");
    let args: Vec<String> = [
        "--index",
        &index.to_string_lossy(),
        "--corpus",
        &corpus.to_string_lossy(),
        "search",
        "",
        "--format",
        "csv",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let csv = run(workspace.dir.path(), &args);
    for title in titles {
        assert!(
            csv.contains(&format!(",'{title},")) || csv.contains(&format!(",\"'{title}\",")),
            "{title}: {csv}"
        );
    }
}
