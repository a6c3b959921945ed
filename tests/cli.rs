//! The real binary: every command and format, parsed back; incremental
//! indexing; a second writer; an indexer killed mid-run.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use common::{Workspace, gold, shipped_bulletin, strings};
use serde_json::Value;

fn bulletin(workspace: &Workspace) -> Command {
    let mut command = Command::cargo_bin("bulletin").expect("binary");
    command
        .arg("--index")
        .arg(workspace.index())
        .arg("--corpus")
        .arg(workspace.corpus())
        .env("NO_COLOR", "1");
    command
}

fn stdout_of(command: &mut Command) -> String {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The id of the best hit of a search.
fn first_hit(workspace: &Workspace, query: &str) -> String {
    json_of(bulletin(workspace).args(["search", query, "--format", "json"]))["hits"][0]["id"]
        .as_str()
        .expect("an id")
        .to_string()
}

fn json_of(command: &mut Command) -> Value {
    serde_json::from_str(&stdout_of(command)).expect("JSON output")
}

#[test]
fn search_in_every_format() {
    let workspace = Workspace::new();
    let answer = json_of(bulletin(&workspace).args(["search", "firearms", "--format", "json"]));
    let total = answer["total"].as_u64().expect("total") as usize;
    assert!(total >= 3);
    for key in [
        "query",
        "took_ms",
        "corrected",
        "expanded",
        "fallback",
        "hits",
        "facets",
    ] {
        assert!(answer.get(key).is_some(), "missing {key}");
    }
    let hit = &answer["hits"][0];
    for key in [
        "id",
        "score",
        "title",
        "dateline",
        "events",
        "programmes",
        "donors",
        "sdg_targets",
        "snippet",
        "title_highlights",
        "dateline_highlights",
    ] {
        assert!(hit.get(key).is_some(), "hit misses {key}");
    }
    let highlights = hit["snippet"]["highlights"].as_array().expect("highlights");
    let text: Vec<char> = hit["snippet"]["text"]
        .as_str()
        .expect("text")
        .chars()
        .collect();
    let first = highlights[0].as_array().expect("pair");
    let (start, end) = (
        first[0].as_u64().expect("start") as usize,
        first[1].as_u64().expect("end") as usize,
    );
    let word: String = text[start..end].iter().collect();
    assert_eq!(word.to_lowercase(), "firearms");

    let csv = stdout_of(
        bulletin(&workspace).args(["search", "firearms", "--format", "csv", "--limit", "100"]),
    );
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some(
            "id,score,first_day,last_day,parts,title,countries,cities,programmes,donors,sdg_targets,snippet,countries_mentioned,dateline,source,line"
        )
    );
    assert_eq!(lines.count(), total);
    // A CSV has no total: a cut answer says on standard error what it left out.
    let all = common::gold().len();
    let cut = bulletin(&workspace)
        .args([
            "search", "", "--format", "csv", "--limit", "3", "--offset", "2",
        ])
        .output()
        .expect("runs");
    assert!(cut.status.success());
    assert_eq!(String::from_utf8_lossy(&cut.stdout).lines().count(), 1 + 3);
    let note = String::from_utf8_lossy(&cut.stderr);
    assert!(
        note.contains(&format!("{all} activities match; rows 3–5 written")),
        "{note}"
    );
    let whole = bulletin(&workspace)
        .args(["search", "", "--format", "csv", "--limit", &all.to_string()])
        .output()
        .expect("runs");
    assert_eq!(
        String::from_utf8_lossy(&whole.stdout).lines().count(),
        1 + all
    );
    assert_eq!(String::from_utf8_lossy(&whole.stderr), "");

    let table = stdout_of(bulletin(&workspace).args(["search", "firearms", "--facets"]));
    assert!(table.starts_with(&format!("{total} results for \"firearms\"")));
    assert!(table.contains("UNODC held a training on risk indicators"));
    assert!(!table.contains("\u{1b}["), "no colour when NO_COLOR is set");

    // A later page numbers its hits from the offset on, as its header says.
    let page = stdout_of(bulletin(&workspace).args(["search", "firearms", "--offset", "1"]));
    let second = answer["hits"][1]["title"].as_str().expect("title");
    assert!(page.contains(&format!(", showing 2–{total} ")), "{page}");
    assert!(page.contains(&format!("\n2. {second}\n")), "{page}");
    assert!(!page.contains("\n1. "), "{page}");

    // A query is shown as typed, its quotes and letters unescaped.
    let phrase = stdout_of(bulletin(&workspace).args(["search", "\"firearms training\" Bijača"]));
    assert!(
        phrase.contains(" for “\"firearms training\" Bijača”"),
        "{phrase}"
    );
}

#[test]
fn search_filters_and_sort_from_the_command_line() {
    let workspace = Workspace::new();
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "--country",
        "Montenegro",
        "--programme",
        "CCP",
        "--sort",
        "newest",
        "--format",
        "json",
    ]));
    let expected = gold()
        .iter()
        .filter(|g| {
            g["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["country"] == "Montenegro"))
                && strings(g, "programmes").contains(&"Container Control Programme".to_string())
        })
        .count();
    assert_eq!(answer["total"].as_u64(), Some(expected as u64));
    let starts: Vec<&str> = answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|h| h["events"][0]["start"].as_str())
        .collect();
    let mut sorted = starts.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(starts, sorted);
    let counts = json_of(
        bulletin(&workspace).args(["search", "--limit", "0", "--online", "--format", "json"]),
    );
    assert_eq!(counts["hits"].as_array().map(Vec::len), Some(0));
    assert_eq!(counts["total"].as_u64(), Some(4));
    bulletin(&workspace)
        .args(["search", "--from", "March 1"])
        .assert()
        .failure();
}

#[test]
fn facets_show_similar_glossary_stats_parse() {
    let workspace = Workspace::new();
    let countries = json_of(bulletin(&workspace).args(["facets", "country", "--format", "json"]));
    let montenegro = countries
        .as_array()
        .expect("list")
        .iter()
        .find(|c| c["value"] == "Montenegro")
        .expect("Montenegro");
    let expected = gold()
        .iter()
        .filter(|g| {
            g["events"]
                .as_array()
                .is_some_and(|e| e.iter().any(|e| e["country"] == "Montenegro"))
        })
        .count();
    assert_eq!(montenegro["count"].as_u64(), Some(expected as u64));
    let cities = json_of(bulletin(&workspace).args([
        "facets",
        "country",
        "--country",
        "North Macedonia",
        "--format",
        "json",
    ]));
    let names: Vec<&str> = cities
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    assert_eq!(names, vec!["Skopje", "Ohrid"]);
    let table = stdout_of(bulletin(&workspace).args(["facets", "donor"]));
    assert!(table.lines().next().is_some_and(|l| l.starts_with("donor")));
    bulletin(&workspace)
        .args(["facets", "colour"])
        .assert()
        .failure();

    let first = json_of(bulletin(&workspace).args(["search", "WMD", "--format", "json"]));
    let id = first["hits"][0]["id"].as_str().expect("id").to_string();
    let shown = json_of(bulletin(&workspace).args(["show", &id, "--format", "json"]));
    assert_eq!(shown["id"], id.as_str());
    assert!(
        stdout_of(bulletin(&workspace).args(["show", &id])).contains("weapons of mass destruction")
    );
    bulletin(&workspace)
        .args(["show", "no-such-activity"])
        .assert()
        .failure();
    let similar =
        json_of(bulletin(&workspace).args(["similar", &id, "--limit", "2", "--format", "json"]));
    assert_eq!(similar.as_array().map(Vec::len), Some(2));
    assert!(stdout_of(bulletin(&workspace).args(["similar", &id])).contains("1. "));

    let glossary = json_of(bulletin(&workspace).args(["glossary", "--format", "json"]));
    let tip = glossary
        .as_array()
        .expect("list")
        .iter()
        .find(|e| e["acronym"] == "TIP")
        .expect("TIP");
    assert_eq!(tip["expansions"][0], "trafficking in persons");
    // The long column comes last, unpadded: a short expansion's row fits
    // in 80 columns, whatever the longest one.
    let table = stdout_of(bulletin(&workspace).args(["glossary"]));
    // The first column is as wide as the longest acronym (INTERPOL).
    let header: Vec<&str> = table
        .lines()
        .next()
        .unwrap_or("")
        .split_whitespace()
        .collect();
    assert_eq!(header, ["acronym", "files", "expansion"], "{table}");
    let ccp = table
        .lines()
        .find(|line| line.starts_with("CCP "))
        .expect("a row for CCP");
    assert!(ccp.ends_with("Container Control Programme"), "{ccp}");
    assert!(ccp.chars().count() < 80, "{ccp}");

    let stats = json_of(bulletin(&workspace).args(["stats", "--format", "json"]));
    for key in [
        "entries",
        "files",
        "first_date",
        "last_date",
        "index_bytes",
        "facets",
        "facet_values",
    ] {
        assert!(stats.get(key).is_some(), "stats misses {key}");
    }
    assert_eq!(stats["entries"].as_u64(), Some(gold().len() as u64));
    // Ten values of a field are listed, and how many it has in all.
    let mentioned: std::collections::BTreeSet<String> = gold()
        .iter()
        .flat_map(|g| strings(g, "countries_mentioned"))
        .collect();
    assert!(mentioned.len() > 10);
    assert_eq!(
        stats["facet_values"]["mentioned"].as_u64(),
        Some(mentioned.len() as u64)
    );
    assert_eq!(
        stats["facets"]["mentioned"].as_array().map(Vec::len),
        Some(10)
    );
    assert!(stdout_of(bulletin(&workspace).args(["stats"])).contains("entries"));

    let parsed = stdout_of(
        bulletin(&workspace)
            .args(["parse", "--json"])
            .arg(shipped_bulletin()),
    );
    let records: Vec<Value> = parsed
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(records.len(), gold().len());
    assert!(
        stdout_of(bulletin(&workspace).arg("parse").arg(shipped_bulletin())).contains("when/where")
    );
    let missing = bulletin(&workspace)
        .args(["parse", "missing.txt"])
        .output()
        .expect("runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read missing.txt"));
}

#[test]
fn incremental_indexing_replaces_adds_and_deletes() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let first = stdout_of(bulletin(&workspace).arg("index"));
    let entries_line = first
        .lines()
        .find(|l| l.starts_with("entries in index"))
        .expect("summary line");
    assert!(
        entries_line.ends_with(&format!(" {}", gold().len())),
        "{first}"
    );
    // add a file, change an entry of the shipped file, then delete the new file
    std::fs::write(
        corpus.join("2019-05-extra.txt"),
        "Extra activity on maritime security\n5 May 2019, Durrës, Albania: UNODC trained port officers.\n",
    )
    .expect("write");
    common::age(&corpus.join("2019-05-extra.txt"));
    let summary = json_index(&workspace);
    assert_eq!(summary["files_indexed"], 1);
    assert_eq!(
        summary["files_skipped"], 1,
        "the unchanged file is not read again"
    );
    assert_eq!(summary["entries_total"], 21);

    let shipped = corpus.join("2022-03-south-eastern-europe.txt");
    let text = std::fs::read_to_string(&shipped).expect("read");
    let changed = text.replacen(
        "Podgorica, Montenegro; 29-31 March 2022",
        "Podgorica, Montenegro; 29-30 March 2022",
        1,
    );
    assert_ne!(text, changed);
    std::fs::write(&shipped, changed).expect("write");
    let summary = json_index(&workspace);
    assert_eq!(summary["files_indexed"], 1);
    assert_eq!(summary["files_skipped"], 1);
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "electronic evidence",
        "--format",
        "json",
        "--no-update",
    ]));
    assert_eq!(answer["hits"][0]["events"][1]["end"], "2022-03-30");

    std::fs::remove_file(corpus.join("2019-05-extra.txt")).expect("remove");
    let summary = json_index(&workspace);
    assert_eq!(summary["files_removed"], 1);
    assert_eq!(summary["entries_total"], 20);
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "maritime",
        "--format",
        "json",
        "--no-update",
    ]));
    assert_eq!(answer["total"], 0);
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "--format",
        "json",
        "--no-update",
        "--limit",
        "100",
    ]));
    assert_eq!(answer["total"], 20);
}

/// A search pointed at another corpus adds its files and keeps those the
/// index held, saying so; `bulletin index` with that corpus replaces them.
#[test]
fn a_search_pointed_at_another_corpus_keeps_the_index_s_files() {
    let workspace = Workspace::new();
    let built = json_index(&workspace);
    let entries = gold().len();
    assert_eq!(built["entries_total"], entries);
    // Another corpus: one short bulletin in a folder of its own.
    let other = workspace.corpus().with_file_name("other-corpus");
    std::fs::create_dir_all(&other).expect("dir");
    std::fs::write(
        other.join("2019-05-extra.txt"),
        "Extra activity on maritime security\n5 May 2019, Durrës, Albania: UNODC trained port officers.\n",
    )
    .expect("write");
    let search_other = |args: &[&str]| {
        let mut command = Command::cargo_bin("bulletin").expect("binary");
        command
            .arg("--index")
            .arg(workspace.index())
            .arg("--corpus")
            .arg(&other)
            .env("NO_COLOR", "1")
            .args(args);
        command.output().expect("runs")
    };
    let output = search_other(&["search", "--format", "json", "--limit", "0"]);
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let shipped = workspace.corpus().join("2022-03-south-eastern-europe.txt");
    assert!(
        stderr.contains("holds 1 file(s) outside")
            && stderr.contains(&shipped.display().to_string())
            && stderr.contains("`bulletin index --corpus"),
        "{stderr}"
    );
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        answer["total"],
        entries + 1,
        "the index answers from both corpora"
    );
    // Asked for explicitly, `bulletin index` indexes the other corpus alone.
    let output = search_other(&["index"]);
    assert!(output.status.success());
    let output = search_other(&["search", "--format", "json", "--no-update"]);
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(answer["total"], 1);
}

/// The update before a search given a narrower corpus (one file of the
/// indexed folder) keeps the entries of the folder's other files, and
/// removes those of a file deleted from disk.
#[test]
fn a_search_given_a_narrower_corpus_keeps_the_other_files() {
    let workspace = Workspace::new();
    let extra = workspace.corpus().join("2019-05-extra.txt");
    std::fs::write(
        &extra,
        "Extra activity on maritime security\n5 May 2019, Durrës, Albania: UNODC trained port officers.\n",
    )
    .expect("write");
    json_index(&workspace);
    let narrower = |args: &[&str]| {
        let mut command = Command::cargo_bin("bulletin").expect("binary");
        command
            .arg("--index")
            .arg(workspace.index())
            .arg("--corpus")
            .arg(shipped_in(&workspace))
            .env("NO_COLOR", "1")
            .args(args);
        command.output().expect("runs")
    };
    let output = narrower(&["search", "maritime", "--format", "json"]);
    assert!(output.status.success(), "{output:?}");
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(answer["total"], 1, "the other file's entry is kept");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&extra.display().to_string()) && stderr.contains("kept"),
        "{stderr}"
    );
    let all = json_of(bulletin(&workspace).args(["search", "--format", "json", "--no-update"]));
    assert_eq!(all["total"], gold().len() + 1);

    std::fs::remove_file(&extra).expect("remove");
    let output = narrower(&["search", "maritime", "--format", "json"]);
    let answer: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(answer["total"], 0, "a file deleted from disk is removed");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("note:"), "{stderr}");
}

fn shipped_in(workspace: &Workspace) -> std::path::PathBuf {
    workspace.corpus().join("2022-03-south-eastern-europe.txt")
}

/// Runs `bulletin index` through the library to read its summary as JSON.
fn json_index(workspace: &Workspace) -> Value {
    let summary = common::build_in_process(&workspace.options());
    serde_json::to_value(summary).expect("summary is JSON")
}

#[test]
fn a_second_writer_fails_fast_naming_the_lock() {
    let workspace = Workspace::new();
    let _ = workspace.engine();
    let index = tantivy::Index::open_in_dir(workspace.index()).expect("open");
    let _writer: tantivy::IndexWriter = index.writer(50_000_000).expect("first writer");
    let started = Instant::now();
    let output = bulletin(&workspace).arg("index").output().expect("runs");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains(".tantivy-writer.lock"), "{stderr}");
    assert!(stderr.contains("another `bulletin index`"), "{stderr}");
    // The lock is the operating system's, released when its holder ends:
    // removing its file would only let a second writer in.
    assert!(!stderr.contains("remove the lock"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(20), "fails fast");
    // Searching still works while the writer is held: it reads the last commit.
    let answer = json_of(bulletin(&workspace).args(["search", "firearms", "--format", "json"]));
    assert!(answer["total"].as_u64().is_some_and(|t| t > 0));
}

/// Writes `copies` bulletin files made from the shipped one, with distinct titles.
fn write_big_corpus(dir: &Path, copies: usize) -> usize {
    let text = std::fs::read_to_string(shipped_bulletin()).expect("read");
    let titles: Vec<String> = gold()
        .iter()
        .filter_map(|g| g["title"].as_str().map(String::from))
        .collect();
    for copy in 0..copies {
        let mut copy_text = text.clone();
        for title in &titles {
            copy_text = copy_text.replacen(title.as_str(), &format!("{title} (part {copy})"), 1);
        }
        std::fs::write(dir.join(format!("copy-{copy:04}.txt")), copy_text).expect("write");
    }
    copies * titles.len()
}

#[test]
fn a_killed_indexer_leaves_the_last_commit_and_the_rerun_completes() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::remove_file(corpus.join("2022-03-south-eastern-europe.txt")).expect("remove");
    let expected = write_big_corpus(&corpus, 300);
    let binary = assert_cmd::cargo::cargo_bin("bulletin");
    let mut child = StdCommand::new(&binary)
        .arg("--index")
        .arg(workspace.index())
        .arg("--corpus")
        .arg(&corpus)
        .arg("index")
        .env("BULLETIN_COMMIT_EVERY", "500")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Wait for a first commit, then kill.
    let meta = workspace.index().join("meta.json");
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut killed_mid_run = false;
    loop {
        let committed = std::fs::read_to_string(&meta).is_ok_and(|m| m.contains("copy-"));
        if committed {
            if child.try_wait().expect("wait").is_none() {
                child.kill().expect("kill");
                killed_mid_run = true;
            }
            break;
        }
        if child.try_wait().expect("wait").is_some() || Instant::now() > deadline {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.wait();
    assert!(
        killed_mid_run,
        "the indexer finished before it could be killed; make the corpus larger"
    );
    let partial = json_of(bulletin(&workspace).args([
        "search",
        "firearms",
        "--format",
        "json",
        "--no-update",
        "--limit",
        "0",
    ]));
    assert!(
        partial["total"].as_u64().is_some_and(|t| t > 0),
        "search answers from the last commit"
    );
    let everything = json_of(bulletin(&workspace).args([
        "search",
        "--format",
        "json",
        "--no-update",
        "--limit",
        "0",
    ]));
    let committed = everything["total"].as_u64().expect("total") as usize;
    assert!(
        committed < expected,
        "killed before the end: {committed} of {expected}"
    );
    stdout_of(bulletin(&workspace).arg("index"));
    let everything = json_of(bulletin(&workspace).args([
        "search",
        "--format",
        "json",
        "--no-update",
        "--limit",
        "0",
    ]));
    assert_eq!(everything["total"].as_u64(), Some(expected as u64));
}

/// `bulletin … | head`: when the reader has gone before the output is
/// written, every command ends quietly with success, never with a panic.
#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let workspace = Workspace::new();
    let id = first_hit(&workspace, "firearms");
    let bulletin_file = shipped_bulletin().display().to_string();
    let commands: Vec<Vec<&str>> = vec![
        vec!["search", "training"],
        vec!["search", "training", "--format", "json"],
        vec!["search", "training", "--format", "csv"],
        vec!["facets", "country"],
        vec!["facets", "country", "--format", "json"],
        vec!["show", &id],
        vec!["show", &id, "--format", "json"],
        vec!["similar", &id],
        vec!["glossary"],
        vec!["glossary", "--format", "json"],
        vec!["stats"],
        vec!["stats", "--format", "json"],
        vec!["parse", &bulletin_file],
        vec!["parse", &bulletin_file, "--json"],
        vec!["index", "--rebuild"],
    ];
    for args in commands {
        let (reader, writer) = std::io::pipe().expect("pipe");
        drop(reader);
        let output = StdCommand::new(assert_cmd::cargo::cargo_bin("bulletin"))
            .arg("--index")
            .arg(workspace.index())
            .arg("--corpus")
            .arg(workspace.corpus())
            .args(&args)
            .env("NO_COLOR", "1")
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success() && !stderr.contains("panicked"),
            "bulletin {}: {:?}\n{stderr}",
            args.join(" "),
            output.status
        );
    }
}

/// `--corpus ./corpus`, `--corpus corpus/` and `--corpus corpus` name the
/// same files: none of them re-indexes or disowns what another indexed.
#[test]
fn the_same_corpus_by_another_spelling_is_the_same_corpus() {
    let workspace = Workspace::new();
    let run_in_workspace = |corpus: &str, args: &[&str]| {
        let output = StdCommand::new(assert_cmd::cargo::cargo_bin("bulletin"))
            .current_dir(workspace.dir.path())
            .args(["--corpus", corpus])
            .args(args)
            .env("NO_COLOR", "1")
            .env_remove("BULLETIN_INDEX")
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        output
    };
    run_in_workspace("corpus", &["index"]);
    for spelling in ["./corpus", "corpus/", "./corpus/", "corpus//"] {
        let output = run_in_workspace(spelling, &["search", "firearms", "--limit", "1"]);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("note:"), "{spelling}: {stderr}");
        let output = run_in_workspace(spelling, &["index"]);
        let summary = String::from_utf8_lossy(&output.stdout);
        let row = |name: &str| -> Option<String> {
            summary
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().last().map(String::from))
        };
        assert_eq!(
            row("files removed"),
            Some("0".into()),
            "{spelling}: {summary}"
        );
        assert_eq!(
            row("entries added"),
            Some("0".into()),
            "{spelling}: {summary}"
        );
        assert_eq!(
            row("entries in index"),
            Some(gold().len().to_string()),
            "{spelling}: {summary}"
        );
    }
}

/// The same corpus named from another working folder: the index's files
/// are recognised as the same files (by their canonical paths), so the
/// search's update keeps them without a note and `index` reads none again.
#[test]
fn the_same_corpus_from_another_working_folder_is_the_same_corpus() {
    let workspace = Workspace::new();
    let run_in = |dir: &Path, index: &str, corpus: &str, args: &[&str]| {
        let output = StdCommand::new(assert_cmd::cargo::cargo_bin("bulletin"))
            .current_dir(dir)
            .args(["--index", index, "--corpus", corpus])
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        output
    };
    let row = |output: &std::process::Output, name: &str| -> Option<String> {
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().last().map(String::from))
    };
    // Nothing read again, nothing removed, every activity still there.
    let nothing_read = |output: &std::process::Output| {
        let summary = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            row(output, "files read and indexed"),
            Some("0".into()),
            "{summary}"
        );
        assert_eq!(row(output, "files removed"), Some("0".into()), "{summary}");
        assert_eq!(
            row(output, "entries in index"),
            Some(gold().len().to_string()),
            "{summary}"
        );
    };
    let outside = workspace.dir.path();
    let inside = workspace.corpus();
    run_in(outside, "index", "corpus", &["index"]);
    let output = run_in(&inside, "../index", ".", &["index"]);
    nothing_read(&output);
    let summary = String::from_utf8_lossy(&output.stdout);
    assert_eq!(row(&output, "files moved"), Some("1".into()), "{summary}");
    // Back in the first folder, the search's update finds the same files.
    let output = run_in(
        outside,
        "index",
        "corpus",
        &["search", "firearms", "--limit", "1"],
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("note:"), "{stderr}");
    nothing_read(&run_in(outside, "index", "corpus", &["index"]));
}

/// Each command accepts the formats it can print and refuses the others by
/// name, as it refuses a date whose year is not four digits (`22-03-31`);
/// `similar --limit 0` lists none.
#[test]
fn formats_a_command_cannot_print_are_refused() {
    let workspace = Workspace::new();
    let id = first_hit(&workspace, "firearms");
    let refused: Vec<Vec<&str>> = vec![
        vec!["stats", "--format", "csv"],
        vec!["glossary", "--format", "csv"],
        vec!["facets", "country", "--format", "csv"],
        vec!["similar", &id, "--format", "csv"],
        vec!["show", &id, "--format", "csv"],
        vec!["show", &id, "--format", "table"],
        vec!["search", "firearms", "--format", "text"],
        vec!["search", "firearms", "--to", "22-03-31"],
        vec!["search", "firearms", "--from", "+2022-03-01"],
    ];
    for args in refused {
        let output = bulletin(&workspace).args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("invalid value") && stderr.contains(args[args.len() - 2]),
            "{args:?}: {stderr}"
        );
    }
    let none =
        json_of(bulletin(&workspace).args(["similar", &id, "--limit", "0", "--format", "json"]));
    assert_eq!(none.as_array().map(Vec::len), Some(0));
    let some =
        json_of(bulletin(&workspace).args(["similar", &id, "--limit", "2", "--format", "json"]));
    assert_eq!(some.as_array().map(Vec::len), Some(2));
}

/// An index with no entries answers in the same shape as any other: every
/// facet field, each with no values.
#[test]
fn an_empty_index_answers_every_facet_field() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-03-south-eastern-europe.txt"),
        "",
    )
    .expect("empty the bulletin");
    let full = Workspace::new();
    let expected: Vec<String> =
        json_of(bulletin(&full).args(["stats", "--format", "json"]))["facets"]
            .as_object()
            .expect("facets")
            .keys()
            .cloned()
            .collect();
    assert_eq!(
        expected.len(),
        bulletin::search::query::FacetField::ALL.len(),
        "{expected:?}"
    );
    for args in [
        vec!["stats", "--format", "json"],
        vec!["search", "", "--format", "json"],
    ] {
        let answer = json_of(bulletin(&workspace).args(&args));
        let facets = answer["facets"].as_object().expect("facets");
        let keys: Vec<String> = facets.keys().cloned().collect();
        assert_eq!(keys, expected, "{args:?}");
        assert!(
            facets
                .values()
                .all(|v| v.as_array().is_some_and(Vec::is_empty))
        );
    }
}

/// `parse` reads every file it can, says which it could not, and gives
/// each record the id an index of the same files gives it.
#[test]
fn parse_reads_every_readable_file_with_the_ids_of_an_index() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let shipped = corpus.join("2022-03-south-eastern-europe.txt");
    let copy = corpus.join("2022-03-the-same-again.txt");
    std::fs::copy(&shipped, &copy).expect("copy");
    let missing = workspace.dir.path().join("missing.txt");
    let output = bulletin(&workspace)
        .arg("parse")
        .arg(&shipped)
        .arg(&missing)
        .arg(&copy)
        .arg("--json")
        .output()
        .expect("runs");
    assert!(!output.status.success(), "a missing file fails the command");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains(&format!("cannot read {}", missing.display()))
            && stderr.contains("1 of 3 file(s) could not be read"),
        "{stderr}"
    );
    let mut parsed: Vec<String> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).expect("a JSON record");
            record["id"].as_str().expect("id").to_string()
        })
        .collect();
    assert_eq!(parsed.len(), 2 * gold().len(), "both readable files");
    parsed.sort();
    let answer =
        json_of(bulletin(&workspace).args(["search", "--format", "json", "--limit", "1000"]));
    let mut indexed: Vec<String> = answer["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|hit| hit["id"].as_str().expect("id").to_string())
        .collect();
    indexed.sort();
    assert_eq!(parsed, indexed);
}

/// A `-word` on the command line is an exclusion of the query, as in the
/// query language, wherever it stands among the options; options keep
/// their meaning, and an unknown `--option` is still refused.
#[test]
fn words_starting_with_a_dash_are_exclusions() {
    let workspace = Workspace::new();
    let quoted = json_of(bulletin(&workspace).args([
        "search",
        "corruption -sport",
        "--format",
        "json",
        "--limit",
        "2",
    ]));
    let unquoted = json_of(bulletin(&workspace).args([
        "search",
        "corruption",
        "-sport",
        "--limit",
        "2",
        "--format",
        "json",
    ]));
    assert_eq!(unquoted["query"], "corruption -sport");
    assert_eq!(unquoted["total"], quoted["total"]);
    assert_eq!(unquoted["hits"].as_array().map(Vec::len), Some(2));
    let all =
        json_of(bulletin(&workspace).args(["search", "", "--format", "json", "--limit", "0"]));
    let excluded = json_of(bulletin(&workspace).args([
        "search",
        "-country:Montenegro",
        "--format",
        "json",
        "--limit",
        "0",
    ]));
    let montenegro = json_of(bulletin(&workspace).args([
        "search",
        "--country",
        "Montenegro",
        "--format",
        "json",
        "--limit",
        "0",
    ]));
    let total = |v: &Value| v["total"].as_u64().expect("total");
    assert!(total(&montenegro) > 0);
    assert_eq!(total(&excluded), total(&all) - total(&montenegro));
    let facets = stdout_of(bulletin(&workspace).args(["facets", "country", "-firearms"]));
    assert!(facets.starts_with("country"), "{facets}");
    let output = bulletin(&workspace)
        .args(["search", "firearms", "--limti", "2"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    // A value that starts with a dash stays its option's value.
    let dashed = json_of(bulletin(&workspace).args([
        "search",
        "firearms",
        "--country",
        "-x",
        "--format",
        "json",
    ]));
    assert_eq!(dashed["total"], 0);
    assert_eq!(dashed["resolved"]["country"]["-x"], serde_json::json!([]));
    // A dash word where a field name goes is named as typed.
    let output = bulletin(&workspace)
        .args(["facets", "-sport", "country"])
        .output()
        .expect("runs");
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("unknown facet field \"-sport\""), "{said}");
}

/// `--corpus` takes a path whole, `:` and all; `BULLETIN_CORPUS` is a list
/// joined by `:`, as `PATH` is; a variable set but empty counts as unset.
#[test]
fn corpus_paths_from_the_flag_and_from_the_environment() {
    let workspace = Workspace::new();
    let dir = workspace.dir.path();
    let colon = dir.join("report:2022.txt");
    std::fs::write(
        &colon,
        "Numbat survey\n1 May 2022, Vienna, Austria: numbats.\n",
    )
    .expect("write");
    let run = |args: &[&str], env: &[(&str, &str)]| -> Value {
        let mut command = Command::cargo_bin("bulletin").expect("binary");
        command.current_dir(dir).env("NO_COLOR", "1");
        command
            .env_remove("BULLETIN_INDEX")
            .env_remove("BULLETIN_CORPUS");
        for (name, value) in env {
            command.env(name, value);
        }
        json_of(
            command
                .args(args)
                .args(["--format", "json", "--limit", "0"]),
        )
    };
    let total = |v: Value| v["total"].as_u64().expect("total");
    let flag = run(
        &[
            "--corpus",
            "report:2022.txt",
            "--index",
            "by-flag",
            "search",
            "numbats",
        ],
        &[],
    );
    assert_eq!(total(flag), 1);
    std::fs::create_dir(dir.join("extra")).expect("folder");
    std::fs::copy(&colon, dir.join("extra/numbats.txt")).expect("copy");
    let both = run(
        &["search", "numbats OR firearms"],
        &[
            ("BULLETIN_CORPUS", "corpus:extra"),
            ("BULLETIN_INDEX", "by-env"),
        ],
    );
    assert!(dir.join("by-env").exists());
    let firearms = json_of(bulletin(&workspace).args(["search", "firearms", "--format", "json"]));
    assert_eq!(total(both), total(firearms) + 1);
    let defaulted = run(&["search", "firearms"], &[("BULLETIN_INDEX", "")]);
    assert!(dir.join("index").exists());
    assert!(total(defaulted) > 0);

    // A corpus that is not there is named, and the index answers as it is.
    let output = Command::cargo_bin("bulletin")
        .expect("binary")
        .args(["--corpus", "corpsu", "search", "firearms"])
        .current_dir(dir)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(said.contains("no corpus at corpsu"), "{said}");
}

/// `--timeout-secs` outside 1..=3600 is refused by the argument parser,
/// before anything is written or sent: 18446744073709551615 seconds made the
/// push panic adding it to the clock, and 0 was silently read as 1.
#[test]
fn export_refuses_a_timeout_out_of_range() {
    let workspace = Workspace::new();
    let out = workspace.dir.path().join("out");
    // Nothing listens on a port that was just free, so nothing could answer.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let push = format!("http://127.0.0.1:{port}");
    for secs in ["18446744073709551615", "3601", "0"] {
        let output = bulletin(&workspace)
            .args(["export", "--format", "typesense", "--out"])
            .arg(&out)
            .args(["--timeout-secs", secs, "--push", &push, "--api-key", "k"])
            .output()
            .expect("runs");
        let said = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{secs}: {said}");
        assert!(
            said.contains(&format!(
                "invalid value '{secs}' for '--timeout-secs <SECS>'"
            )) && said.contains("1..=3600"),
            "{secs}: {said}"
        );
        assert!(!said.contains("panicked"), "{secs}: {said}");
        assert!(!out.exists(), "{secs}: files written");
    }
    let help = stdout_of(bulletin(&workspace).args(["export", "--help"]));
    assert!(help.contains("1 to 3600"), "{help}");
    // The ends of the range are taken.
    for secs in ["1", "3600"] {
        stdout_of(
            bulletin(&workspace)
                .args(["export", "--format", "quickwit", "--out"])
                .arg(&out)
                .args(["--timeout-secs", secs]),
        );
    }
}

/// The data lines of a Quickwit export's files, in order.
fn quickwit_export_lines(index: &Path, corpus: &Path) -> Vec<String> {
    let out = tempfile::tempdir().expect("temp dir");
    let mut command = Command::cargo_bin("bulletin").expect("binary");
    stdout_of(
        command
            .arg("--index")
            .arg(index)
            .arg("--corpus")
            .arg(corpus)
            .args(["export", "--format", "quickwit", "--out"])
            .arg(out.path().join("export")),
    );
    let text =
        std::fs::read_to_string(out.path().join("export/docs-0001.ndjson")).expect("data file");
    text.lines().map(str::to_string).collect()
}

/// Two builds of the same corpus export the same files, records by source
/// file and line: the order of the index's segments, which the indexing
/// threads and an update change, does not show.
#[test]
fn exports_of_two_builds_of_one_corpus_are_the_same() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    // A second bulletin: the shipped one a year earlier, so that no id is
    // shared (a shared id's `-2` would go to the file indexed second).
    let shipped = std::fs::read_to_string(shipped_bulletin()).expect("read");
    std::fs::write(
        corpus.join("2021-03-copy.txt"),
        shipped.replace("2022", "2021"),
    )
    .expect("write");
    // Built at once.
    let at_once = quickwit_export_lines(&workspace.index(), &corpus);
    // Built in two steps: the second file first, then the shipped one.
    let steps = workspace.dir.path().join("steps-corpus");
    std::fs::create_dir(&steps).expect("folder");
    std::fs::copy(
        corpus.join("2021-03-copy.txt"),
        steps.join("2021-03-copy.txt"),
    )
    .expect("copy");
    let steps_index = workspace.dir.path().join("steps-index");
    stdout_of(
        Command::cargo_bin("bulletin")
            .expect("binary")
            .arg("--index")
            .arg(&steps_index)
            .arg("--corpus")
            .arg(&steps)
            .arg("index"),
    );
    std::fs::copy(
        shipped_bulletin(),
        steps.join("2022-03-south-eastern-europe.txt"),
    )
    .expect("copy");
    let in_steps = quickwit_export_lines(&steps_index, &steps);
    assert_eq!(at_once.len(), 2 * gold().len());
    let order = |lines: &[String]| -> Vec<(String, u64)> {
        lines
            .iter()
            .map(|line| serde_json::from_str::<Value>(line).expect("JSON"))
            .map(|doc| {
                let source = doc["source"].as_str().expect("source").to_string();
                (source, doc["line"].as_u64().expect("line"))
            })
            .collect()
    };
    assert!(order(&at_once).is_sorted(), "{:?}", order(&at_once));
    assert_eq!(order(&in_steps), order(&at_once));
    assert!(in_steps == at_once, "the two builds export different files");
    // The shipped bulletin's first records are those of the golden file,
    // which tests/export_files.rs makes from the bulletin as parsed.
    let golden = std::fs::read_to_string(
        common::root().join("tests/fixtures/export/quickwit-docs-0001.ndjson.head"),
    )
    .expect("golden file");
    let shipped_first: Vec<&str> = at_once
        .iter()
        .map(String::as_str)
        .filter(|line| line.contains("\"source\":\"2022-03-south-eastern-europe.txt\""))
        .take(golden.lines().count())
        .collect();
    assert_eq!(shipped_first, golden.lines().collect::<Vec<_>>());
}

/// An export's facet fields hold the values `bulletin facets` counts: a city
/// the gazetteer knows under its spelling there, however each dateline
/// writes it (`Priština` and `Pristina` are one `Pristina`), so that the
/// engine the records move to counts one city once. Each event keeps the
/// dateline's spelling.
#[test]
fn exported_cities_are_counted_as_bulletin_counts_them() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-04-spellings.txt"),
        "UNODC meets prosecutors in Priština\n\
         5 April 2022, Priština, Kosovo*: UNODC met prosecutors on asset recovery.\n\
         Border police training in Скопје\n\
         7 April 2022, Скопје, North Macedonia: UNODC trained border police officers.\n\
         Mentoring visit to Bjelašnica\n\
         12 April 2022, Bjelašnica, Bosnia and Herzegovina: UNODC mentors visited the centre.\n",
    )
    .expect("write");
    let counts = |value: &Value| -> std::collections::BTreeMap<String, u64> {
        // A country without cities has no `children`.
        value
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|c| {
                let value = c["value"].as_str().expect("value").to_string();
                (value, c["count"].as_u64().expect("count"))
            })
            .collect()
    };
    let cities = counts(&json_of(
        bulletin(&workspace).args(["facets", "city", "--format", "json"]),
    ));
    let mut places = std::collections::BTreeMap::new();
    for country in json_of(bulletin(&workspace).args(["facets", "country", "--format", "json"]))
        .as_array()
        .expect("countries")
    {
        let name = country["value"].as_str().expect("country");
        for (city, count) in counts(&country["children"]) {
            places.insert(format!("{name}/{city}"), count);
        }
    }
    for needed in ["Pristina", "Skopje", "Bjelašnica"] {
        assert!(cities.contains_key(needed), "{needed}: {cities:?}");
    }
    for (format, data, lines_per_doc) in [
        ("quickwit", "docs-0001.ndjson", 1),
        ("opensearch", "bulk-0001.ndjson", 2),
        ("typesense", "documents-0001.jsonl", 1),
    ] {
        let out = workspace.dir.path().join(format);
        stdout_of(
            bulletin(&workspace)
                .args(["export", "--format", format, "--out"])
                .arg(&out),
        );
        let text = std::fs::read_to_string(out.join(data)).expect("data file");
        let mut exported_cities = std::collections::BTreeMap::new();
        let mut exported_places = std::collections::BTreeMap::new();
        let mut written = Vec::new();
        for line in text.lines().skip(lines_per_doc - 1).step_by(lines_per_doc) {
            let doc: Value = serde_json::from_str(line).expect("JSON");
            for city in strings(&doc, "cities") {
                *exported_cities.entry(city).or_insert(0) += 1;
            }
            for place in strings(&doc, "places") {
                *exported_places.entry(place).or_insert(0) += 1;
            }
            for event in doc["events"].as_array().expect("events") {
                if let Some(city) = event["city"].as_str() {
                    written.push(city.to_string());
                }
            }
        }
        assert_eq!(exported_cities, cities, "{format}: cities");
        assert_eq!(exported_places, places, "{format}: places");
        for spelling in ["Priština", "Pristina", "Скопје", "Bjelasnica", "Bjelašnica"] {
            assert!(
                written.iter().any(|c| c == spelling),
                "{format}: no event keeps {spelling}: {written:?}"
            );
        }
    }
}

/// `export`, `stats` and `glossary` search nothing: when the index cannot be
/// brought up to date first, their notice says what they do with it instead.
#[test]
fn notices_name_what_the_command_does_with_the_index() {
    let workspace = Workspace::new();
    let _ = workspace.engine();
    let out = workspace.dir.path().join("out");
    let commands: [(&[&str], &str); 3] = [
        (&["export", "--format", "quickwit", "--out"], "exporting"),
        (&["stats"], "reporting on"),
        (&["glossary"], "listing the acronyms of"),
    ];
    let run = |args: &[&str], corpus: &Path| {
        let mut command = Command::cargo_bin("bulletin").expect("binary");
        command
            .arg("--index")
            .arg(workspace.index())
            .arg("--corpus")
            .arg(corpus)
            .env("NO_COLOR", "1")
            .args(args);
        if args[0] == "export" {
            command.arg(&out);
        }
        let output = command.output().expect("runs");
        let said = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(output.status.success(), "{args:?}: {said}");
        said
    };
    // No corpus where the command is pointed.
    let missing = workspace.dir.path().join("no-such-corpus");
    for (args, doing) in commands {
        let said = run(args, &missing);
        assert!(
            said.contains(&format!(
                "note: no corpus at {}; {doing} the index as it is",
                missing.display()
            )),
            "{args:?}: {said}"
        );
        assert!(!said.contains("searching"), "{args:?}: {said}");
    }
    // Another process holds the index's writer lock.
    let index = tantivy::Index::open_in_dir(workspace.index()).expect("open");
    let _writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
    for (args, doing) in commands {
        let said = run(args, &workspace.corpus());
        assert!(
            said.contains(&format!(
                "note: the index is being updated by another process; {doing} its last commit"
            )),
            "{args:?}: {said}"
        );
        assert!(!said.contains("searching"), "{args:?}: {said}");
    }
    // A search still says it searches.
    let said = run(&["search", "firearms"], &missing);
    assert!(said.contains("; searching the index as it is"), "{said}");
}

/// An activity held in two places on two spans of days (four parts) names
/// each place once, in the order the dateline gives them.
#[test]
fn a_place_of_several_parts_is_named_once() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus");
    std::fs::write(
        corpus.join("twice.txt"),
        "Workshop on border control held twice\n\
         3-5 and 10-12 June 2019, Skopje and Ohrid, North Macedonia: UNODC held two workshops on border control.\n",
    )
    .expect("bulletin");
    let run = |args: &[&str]| {
        let mut command = Command::cargo_bin("bulletin").expect("binary");
        command
            .arg("--index")
            .arg(dir.path().join("index"))
            .arg("--corpus")
            .arg(&corpus)
            .args(args)
            .env("NO_COLOR", "1");
        stdout_of(&mut command)
    };
    let parsed: Value = serde_json::from_str(&run(&[
        "parse",
        &corpus.join("twice.txt").to_string_lossy(),
        "--json",
    ]))
    .expect("JSON");
    let record = if parsed.is_array() {
        &parsed[0]
    } else {
        &parsed
    };
    let cities: Vec<&str> = record["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["city"].as_str())
        .collect();
    assert!(cities.len() > 2, "{cities:?}");
    let mut distinct = cities.clone();
    distinct.dedup();
    distinct.sort();
    distinct.dedup();
    let csv = run(&["search", "border", "--format", "csv"]);
    // The CSV's parts (its dateline column holds the dateline as written).
    let rows: Vec<Vec<String>> = csv.lines().map(csv_fields).collect();
    let parts = rows[0].iter().position(|h| h == "parts").expect("parts");
    let csv = rows[1][parts].clone();
    let table = run(&["search", "border"]);
    for city in distinct {
        let named = format!("{city}, North Macedonia");
        assert_eq!(csv.matches(&named).count(), 1, "{csv}");
        assert_eq!(table.matches(&named).count(), 1, "{table}");
    }
}

/// `--index` naming a file is refused as a file, not as a folder that
/// cannot be written; nothing is written over it.
#[test]
fn an_index_path_that_is_a_file_is_refused_as_a_file() {
    let workspace = Workspace::new();
    std::fs::write(workspace.index(), "notes").expect("write");
    for args in [&["index"][..], &["search", "firearms"], &["stats"]] {
        let output = bulletin(&workspace).args(args).output().expect("runs");
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!(
                "{} is a file, not a folder",
                workspace.index().display()
            )),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("os error"), "{args:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read_to_string(workspace.index()).expect("read"),
        "notes"
    );
}

/// A value of `BULLETIN_COMMIT_EVERY` or `BULLETIN_INDEX_THREADS` that is
/// no whole number of at least 1 is named in a warning, and the index is
/// built with the defaults.
#[test]
fn bad_tuning_variables_are_named_in_a_warning() {
    for value in ["abc", "-5", "0"] {
        let workspace = Workspace::new();
        let output = bulletin(&workspace)
            .arg("index")
            .env("BULLETIN_COMMIT_EVERY", value)
            .env("BULLETIN_INDEX_THREADS", value)
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        for name in ["BULLETIN_COMMIT_EVERY", "BULLETIN_INDEX_THREADS"] {
            assert!(
                stderr
                    .lines()
                    .any(|l| l.starts_with("warning: ") && l.contains(&format!("{name}={value}"))),
                "{name}={value}: {stderr}"
            );
        }
        let entries = json_of(bulletin(&workspace).args([
            "search",
            "",
            "--no-update",
            "--limit",
            "0",
            "--format",
            "json",
        ]))["total"]
            .as_u64();
        assert_eq!(entries, Some(gold().len() as u64));
    }
}

/// A `meta.json` cut short: the search says once, in a line a person can
/// read, that the index is damaged and how to rebuild it, not a warning
/// and then an error quoting the whole file twice.
#[test]
fn a_damaged_meta_json_is_one_short_error() {
    let workspace = Workspace::new();
    let _ = workspace.engine();
    let meta = workspace.index().join("meta.json");
    let text = std::fs::read(&meta).expect("read");
    std::fs::write(&meta, &text[..text.len() / 2]).expect("cut");
    for args in [
        &["search", "firearms"][..],
        &["search", "firearms", "--no-update"],
    ] {
        let output = bulletin(&workspace).args(args).output().expect("runs");
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
        assert!(
            stderr.len() < text.len() / 4,
            "{args:?}: {} bytes",
            stderr.len()
        );
        assert!(
            stderr.contains(&workspace.index().display().to_string())
                && stderr.contains("damaged")
                && stderr.contains("bulletin index --rebuild"),
            "{args:?}: {stderr}"
        );
    }
}

/// The fields of one CSV line (quoted fields may hold commas and doubled quotes).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let (mut quoted, mut chars) = (false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                fields.last_mut().expect("a field").push('"');
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(String::new()),
            (c, _) => fields.last_mut().expect("a field").push(c),
        }
    }
    fields
}

/// An activity of several parts shows each part's dates with its place, in
/// the result table and in the CSV, not one span from the first part's
/// start to the last part's end beside every place: the gold record of an
/// activity in Podgorica on 22–24 March and in Skopje on 29–31 March read
/// "2022-03-22 – 2022-03-31  Podgorica, Montenegro; Skopje, North
/// Macedonia", as if it ran ten days in both places.
#[test]
fn each_part_of_an_activity_is_shown_with_its_own_dates_and_place() {
    let workspace = Workspace::new();
    let gold = gold();
    let parted: Vec<&Value> = gold
        .iter()
        .filter(|g| g["events"].as_array().is_some_and(|e| e.len() > 1))
        .collect();
    assert!(
        !parted.is_empty(),
        "the gold records hold activities of several parts"
    );
    let all = gold.len().to_string();
    let table = stdout_of(bulletin(&workspace).args(["search", "", "--limit", &all]));
    let csv =
        stdout_of(bulletin(&workspace).args(["search", "", "--limit", &all, "--format", "csv"]));
    let mut rows = csv.lines();
    let header = csv_fields(rows.next().expect("a header"));
    let column = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<Vec<String>> = rows.map(csv_fields).collect();
    let dates = |e: &Value| {
        let (start, end) = (
            e["start"].as_str().expect("start"),
            e["end"].as_str().expect("end"),
        );
        if start == end {
            start.to_string()
        } else {
            format!("{start} – {end}")
        }
    };
    let place = |e: &Value| {
        let country = e["country"].as_str().or(e["country_implied"].as_str());
        [e["city"].as_str(), country]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ")
    };
    for entry in parted {
        let title = entry["title"].as_str().expect("title");
        let events = entry["events"].as_array().expect("events");
        // The hit's block: from its title to the blank line after it.
        let block: Vec<&str> = table
            .lines()
            .skip_while(|line| !line.ends_with(&format!(". {title}")))
            .take_while(|line| !line.is_empty())
            .collect();
        assert!(!block.is_empty(), "{title} is listed: {table}");
        let starts: Vec<&str> = events.iter().filter_map(|e| e["start"].as_str()).collect();
        let ends: Vec<&str> = events.iter().filter_map(|e| e["end"].as_str()).collect();
        let first = starts.iter().min().expect("a start");
        let last = ends.iter().max().expect("an end");
        let whole = format!("{first} – {last}");
        assert!(
            block.iter().all(|line| !line.contains(&whole)),
            "no span from the first part to the last: {block:#?}"
        );
        for event in events {
            let line = format!("{}  {}", dates(event), place(event));
            assert!(
                block.iter().any(|l| l.trim() == line),
                "a line {line:?} in {block:#?}"
            );
        }
        // The parts' dates start in one column.
        let columns: BTreeSet<usize> = block
            .iter()
            .filter(|line| starts.iter().any(|s| line.trim_start().starts_with(s)))
            .map(|line| line.len() - line.trim_start().len())
            .collect();
        assert_eq!(columns.len(), 1, "{block:#?}");

        let row = rows
            .iter()
            .find(|row| row.get(column("title")).map(String::as_str) == Some(title))
            .expect("a CSV row of the activity");
        assert_eq!(row[column("first_day")], *first);
        assert_eq!(row[column("last_day")], *last);
        let parts: Vec<String> = events
            .iter()
            .map(|e| format!("{}: {}", dates(e), place(e)))
            .collect();
        assert_eq!(row[column("parts")], parts.join(" | "));
        let mut countries: Vec<&str> = Vec::new();
        for event in events {
            let country = event["country"].as_str().expect("country");
            if !countries.contains(&country) {
                countries.push(country);
            }
        }
        assert_eq!(row[column("countries")], countries.join("; "));
        assert!(
            row[column("cities")]
                .split("; ")
                .eq(events.iter().filter_map(|e| e["city"].as_str())),
            "{row:?}"
        );
    }
    assert_eq!(rows.len(), gold.len(), "one row per activity");
}

/// What `bulletin ARGS` writes to a terminal, with `env` set (and
/// `NO_COLOR` and `TERM` unset unless given): its standard output is a
/// pseudo-terminal, read back from the other end until the command ends.
#[cfg(unix)]
fn terminal_output(workspace: &Workspace, args: &[&str], env: &[(&str, &str)]) -> String {
    use std::io::Read;
    use std::os::fd::{FromRawFd, OwnedFd};
    let (mut leader, mut follower) = (-1, -1);
    // SAFETY: openpty writes two new descriptors into the two integers and
    // reads nothing through the null pointers (no name, default settings).
    let opened = unsafe {
        libc::openpty(
            &mut leader,
            &mut follower,
            std::ptr::null_mut(),
            std::ptr::null(),
            std::ptr::null(),
        )
    };
    assert_eq!(opened, 0, "openpty: {}", std::io::Error::last_os_error());
    // SAFETY: both descriptors were just opened and are owned here alone.
    let (leader, follower) =
        unsafe { (OwnedFd::from_raw_fd(leader), OwnedFd::from_raw_fd(follower)) };
    let mut command = StdCommand::new(assert_cmd::cargo::cargo_bin("bulletin"));
    command
        .arg("--index")
        .arg(workspace.index())
        .arg("--corpus")
        .arg(workspace.corpus())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("TERM")
        .envs(env.iter().copied())
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .stdout(Stdio::from(follower));
    let mut child = command.spawn().expect("runs");
    // The command's copy of the follower is the last one once it is gone.
    drop(command);
    let mut out = Vec::new();
    let mut reader = std::fs::File::from(leader);
    // Linux answers EIO once the last follower is closed: the end.
    let _ = reader.read_to_end(&mut out);
    assert!(child.wait().expect("waits").success());
    String::from_utf8(out).expect("utf-8")
}

/// On a terminal the matched words are bold; `NO_COLOR` and `TERM=dumb`
/// (a terminal that prints escape sequences as text) leave colour out.
#[cfg(unix)]
#[test]
fn colour_on_a_terminal_unless_no_color_or_a_dumb_terminal() {
    let workspace = Workspace::new();
    stdout_of(bulletin(&workspace).arg("index"));
    let search = ["search", "firearms", "--limit", "1"];
    let coloured = terminal_output(&workspace, &search, &[("TERM", "xterm")]);
    assert!(
        coloured.contains("\u{1b}[1m"),
        "bold on a terminal: {coloured:?}"
    );
    for env in [
        [("TERM", "xterm"), ("NO_COLOR", "1")],
        [("TERM", "dumb"), ("NO_COLOR", "")],
    ] {
        let plain = terminal_output(&workspace, &search, &env);
        assert!(
            plain.contains(" for \"firearms\", showing 1–1 "),
            "{plain:?}"
        );
        assert!(!plain.contains('\u{1b}'), "{env:?}: {plain:?}");
    }
}

/// An activity whose body is empty (a title and a dateline alone) shows no
/// line of spaces where its snippet would be, in `search` and `similar`.
#[test]
fn an_empty_body_leaves_no_blank_snippet_line() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-04-headlines.txt"),
        "Firearms experts meet in Tirana\n4 April 2022, Tirana, Albania:\n\nFirearms experts meet in Skopje\n5 April 2022, Skopje, North Macedonia: Firearms experts met.\n",
    )
    .expect("write");
    let table = stdout_of(bulletin(&workspace).args(["search", "experts meet", "--limit", "5"]));
    assert!(table.contains("Firearms experts meet in Tirana"), "{table}");
    let blank = |text: &str| {
        text.lines()
            .filter(|line| !line.is_empty() && line.trim().is_empty())
            .count()
    };
    assert_eq!(blank(&table), 0, "{table:?}");
    let id = first_hit(&workspace, "\"experts meet in Skopje\"");
    let similar = stdout_of(bulletin(&workspace).args(["similar", &id]));
    assert!(
        similar.contains("Firearms experts meet in Tirana"),
        "{similar}"
    );
    assert_eq!(blank(&similar), 0, "{similar:?}");
}

/// A table page past the last hit says so, as the CSV's note does, rather
/// than a count of results with none below it; a JSON answer says it on
/// standard error.
#[test]
fn a_page_past_the_last_hit_says_so() {
    let workspace = Workspace::new();
    let total =
        json_of(bulletin(&workspace).args(["search", "firearms", "--format", "json"]))["total"]
            .as_u64()
            .expect("total");
    assert!(total > 0);
    let past = (total + 5).to_string();
    let table = stdout_of(bulletin(&workspace).args(["search", "firearms", "--offset", &past]));
    assert!(
        table.contains(&format!(
            "\n--offset {past} is past the last result ({total} in all)\n"
        )),
        "{table}"
    );
    // JSON keeps standard output for the answer (no hits, the total) and
    // says it on standard error, as the CSV does.
    let json = bulletin(&workspace)
        .args(["search", "firearms", "--offset", &past, "--format", "json"])
        .output()
        .expect("run");
    assert!(json.status.success());
    let answer: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(answer["total"].as_u64(), Some(total), "{answer}");
    assert_eq!(answer["hits"].as_array().map(Vec::len), Some(0), "{answer}");
    let said = String::from_utf8_lossy(&json.stderr);
    assert!(
        said.contains(&format!(
            "note: --offset {past} is past the last result ({total} in all)"
        )),
        "{said}"
    );
    // --limit 0 asks for no hits: nothing to explain.
    let counted = stdout_of(bulletin(&workspace).args(["search", "firearms", "--limit", "0"]));
    assert!(!counted.contains("past the last"), "{counted}");
    assert!(
        counted.starts_with(&format!("{total} results for \"firearms\" (")),
        "{counted}"
    );
}

/// Each command's help says what the README says of it: `glossary` lists
/// the well-known acronyms too (those of `files` 0), and `show` and
/// `similar` take an id in any case or a start of it.
#[test]
fn help_agrees_with_the_readme() {
    let workspace = Workspace::new();
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let glossary = json_of(bulletin(&workspace).args(["glossary", "--format", "json"]));
    let known = glossary
        .as_array()
        .expect("a list")
        .iter()
        .filter(|entry| entry["files"] == 0)
        .count();
    assert!(known > 0, "the glossary lists acronyms no file defines");
    assert!(readme.contains("well-known ones"), "the README says so");
    let help = stdout_of(bulletin(&workspace).args(["glossary", "--help"]));
    assert!(help.contains("well-known"), "{help}");
    // `--out` takes a new or empty folder, or an earlier export's, as the
    // README says; the help said only "created when missing".
    assert!(
        readme.contains(
            "`--out` must be a new or empty folder, or one that\nholds an earlier export"
        )
    );
    let help = stdout_of(bulletin(&workspace).args(["export", "--help"]));
    assert!(
        help.contains("new or empty") && help.contains("earlier export"),
        "{help}"
    );
    assert!(readme.contains("shortened to any start of eight"));
    for command in ["show", "similar"] {
        let help = stdout_of(bulletin(&workspace).args([command, "--help"]));
        assert!(
            help.contains("any case") && help.contains("eight characters"),
            "{help}"
        );
    }
}

/// `facets` says what a search of the same query and filters says of how
/// it read them (a filter value no activity has or read as other values,
/// a corrected word, a word nothing holds), on standard error in every format: an empty table or
/// `[]` alone left the user guessing whether the field had no values.
#[test]
fn facets_say_what_the_search_says_of_the_query() {
    let workspace = Workspace::new();
    let cases: Vec<Vec<&str>> = vec![
        vec!["city", "firearms", "--country", "Narnia"],
        vec!["city", "Podgoricca"],
        vec!["city", "zzqqxxv"],
        vec!["donor", "--country", "Bosnia"],
    ];
    for case in cases {
        let (field, search_args) = case.split_first().expect("a field");
        let mut args = vec!["search"];
        args.extend(search_args);
        args.extend(["--limit", "0", "--format", "json"]);
        let answer = json_of(bulletin(&workspace).args(&args));
        let notices: Vec<String> = strings(&answer, "notices");
        let mut expected = notices.clone();
        if let Some(corrected) = answer["corrected"].as_str() {
            expected.push(format!("\"{corrected}\""));
        }
        // A filter value read as other values of the index.
        for by_value in answer["resolved"]
            .as_object()
            .into_iter()
            .flat_map(|r| r.values())
        {
            for (value, names) in by_value.as_object().expect("values") {
                for name in names.as_array().expect("names") {
                    let name = name.as_str().expect("a name");
                    if name != value {
                        expected.push(format!("{value}: {name}"));
                    }
                }
            }
        }
        assert!(!expected.is_empty(), "{case:?}: {answer}");
        for format in ["table", "json"] {
            let mut args = vec!["facets", field];
            args.extend(search_args);
            args.extend(["--format", format]);
            let output = bulletin(&workspace).args(&args).output().expect("runs");
            assert!(output.status.success(), "{args:?}");
            let stderr = String::from_utf8_lossy(&output.stderr);
            for said in &expected {
                assert!(
                    stderr.contains(said.as_str()),
                    "{args:?}: {stderr:?} lacks {said:?}"
                );
            }
            let stdout = String::from_utf8_lossy(&output.stdout);
            assert!(
                notices.iter().all(|said| !stdout.contains(said.as_str())),
                "data alone on standard output: {stdout}"
            );
        }
    }
}

/// The CSV answer says on standard error what the JSON answer's `expanded`
/// and `resolved` say (an acronym searched as its long form, a filter
/// value read as the index's values), and so does the table of the
/// filter values: a CSV of `--country Bosnia` or of `TIP` gave no sign of
/// what was searched.
#[test]
fn csv_and_table_say_how_acronyms_and_filter_values_were_read() {
    let workspace = Workspace::new();
    let query = [
        "search",
        "TIP",
        "--country",
        "Bosnia",
        "--programme",
        "CCP",
        "--limit",
        "1",
    ];
    let answer = json_of(bulletin(&workspace).args(query).args(["--format", "json"]));
    let mut expected: Vec<Vec<String>> = Vec::new();
    for (acronym, expansion) in answer["expanded"].as_object().expect("expanded") {
        expected.push(vec![
            acronym.clone(),
            expansion.as_str().expect("text").to_string(),
        ]);
    }
    let resolved = answer["resolved"].as_object().expect("resolved");
    for (field, by_value) in resolved {
        for (value, names) in by_value.as_object().expect("values") {
            let names = names.as_array().expect("names");
            if names.len() == 1 && names[0] == *value {
                continue;
            }
            let mut said = vec![format!("--{field} {value}")];
            said.extend(names.iter().filter_map(|n| n.as_str().map(String::from)));
            expected.push(said);
        }
    }
    assert!(
        expected.len() >= 2,
        "an expansion and a resolved value: {answer}"
    );
    let csv = bulletin(&workspace)
        .args(query)
        .args(["--format", "csv"])
        .output()
        .expect("runs");
    let notes = String::from_utf8_lossy(&csv.stderr);
    let table = stdout_of(bulletin(&workspace).args(query));
    for said in &expected {
        assert!(
            notes
                .lines()
                .any(|line| said.iter().all(|part| line.contains(part.as_str()))),
            "{said:?} in {notes}"
        );
        if said[0].starts_with("--") {
            assert!(
                table
                    .lines()
                    .any(|line| said.iter().all(|part| line.contains(part.as_str()))),
                "{said:?} in {table}"
            );
        }
    }
}

/// A CSV row carries every fact of the JSON hit it stands for: the
/// countries mentioned (what `--mentioned` filters on), the dateline as
/// written, and the source file and line were only in the JSON.
#[test]
fn csv_rows_carry_every_field_of_the_json_hits() {
    let workspace = Workspace::new();
    let all = gold().len().to_string();
    let answer =
        json_of(bulletin(&workspace).args(["search", "", "--limit", &all, "--format", "json"]));
    let csv =
        stdout_of(bulletin(&workspace).args(["search", "", "--limit", &all, "--format", "csv"]));
    let mut lines = csv.lines();
    let header = csv_fields(lines.next().expect("a header"));
    let rows: Vec<Vec<String>> = lines.map(csv_fields).collect();
    let hits = answer["hits"].as_array().expect("hits");
    assert_eq!(rows.len(), hits.len());
    let cell = |row: &[String], name: &str| -> String {
        let at = header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("a column {name} in {header:?}"));
        row[at].clone()
    };
    let mut mentioned = 0;
    for (hit, row) in hits.iter().zip(&rows) {
        assert_eq!(cell(row, "id"), hit["id"].as_str().expect("id"));
        for list in ["programmes", "donors", "sdg_targets", "countries_mentioned"] {
            assert_eq!(cell(row, list), strings(hit, list).join("; "), "{list}");
        }
        mentioned += strings(hit, "countries_mentioned").len();
        for text in ["title", "dateline", "source"] {
            assert_eq!(cell(row, text), hit[text].as_str().expect(text), "{text}");
        }
        assert_eq!(cell(row, "line"), hit["line"].to_string());
    }
    assert!(mentioned > 0, "the shipped bulletin mentions countries");
}

/// A command line the command cannot run is a usage error, as clap's own
/// are: exit code 2, the option named, and the index neither built nor
/// updated first. A `--limit` past the most a page may hold, an
/// `--offset` past the deepest page, a facet field that does not exist
/// and an export's `--batch-bytes 0`, bad index name, bad `--push` URL or
/// missing API key exited 1, after bringing the index up to date.
#[test]
fn usage_errors_exit_2_before_the_index_is_touched() {
    let limit = (bulletin::search::MAX_LIMIT + 1).to_string();
    let offset = (bulletin::search::MAX_OFFSET + 1).to_string();
    let out = tempfile::tempdir().expect("temp dir");
    let out = out.path().join("export");
    let out = out.to_str().expect("a UTF-8 path");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["search", "firearms", "--limit", &limit], "--limit"),
        (vec!["search", "firearms", "--offset", &offset], "--offset"),
        (vec!["facets", "colour"], "colour"),
        (
            vec![
                "export",
                "--format",
                "typesense",
                "--out",
                out,
                "--batch-bytes",
                "0",
            ],
            "--batch-bytes",
        ),
        (
            vec![
                "export",
                "--format",
                "opensearch",
                "--out",
                out,
                "--index-id",
                "Bad Name",
            ],
            "Bad Name",
        ),
        (
            vec![
                "export",
                "--format",
                "opensearch",
                "--out",
                out,
                "--push",
                "ftp://127.0.0.1:9200",
            ],
            "ftp://127.0.0.1:9200",
        ),
        (
            vec![
                "export",
                "--format",
                "typesense",
                "--out",
                out,
                "--push",
                "http://127.0.0.1:8108",
            ],
            "TYPESENSE_API_KEY",
        ),
    ];
    for (args, named) in cases {
        let workspace = Workspace::new();
        let output = bulletin(&workspace)
            .args(&args)
            .env_remove("TYPESENSE_API_KEY")
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(named), "{args:?}: {stderr}");
        assert!(!workspace.index().exists(), "{args:?} built the index");
    }
    // The largest allowed values still answer.
    let workspace = Workspace::new();
    let most = bulletin::search::MAX_LIMIT.to_string();
    let deepest = bulletin::search::MAX_OFFSET.to_string();
    stdout_of(bulletin(&workspace).args(["search", "", "--limit", &most, "--offset", &deepest]));
}

/// `--facets` and `--explain` ask for what a CSV has no room for: standard
/// error says so and where to find it, rather than leaving them out
/// without a word.
#[test]
fn csv_says_where_the_facet_counts_and_explanations_went() {
    let workspace = Workspace::new();
    let plain = bulletin(&workspace)
        .args(["search", "firearms", "--format", "csv", "--limit", "1000"])
        .output()
        .expect("runs");
    assert!(plain.status.success());
    for (flag, named) in [("--facets", "facets"), ("--explain", "explanation")] {
        let asked = bulletin(&workspace)
            .args([
                "search", "firearms", "--format", "csv", "--limit", "1000", flag,
            ])
            .output()
            .expect("runs");
        assert!(asked.status.success());
        assert_eq!(asked.stdout, plain.stdout, "{flag}: the same rows");
        let said = String::from_utf8_lossy(&asked.stderr);
        assert!(
            said.lines()
                .any(|line| line.contains(flag) && line.contains("--format json")),
            "{flag}: {said:?}"
        );
        assert!(said.contains(named), "{flag}: {said:?}");
    }
}

/// The `stats` table says, under each field's top values, how many other
/// values the field has, as the JSON's `facet_values` does: the table of
/// five cities gave no sign that the index holds more.
#[test]
fn the_stats_table_says_how_many_values_each_field_has() {
    let workspace = Workspace::new();
    let stats = json_of(bulletin(&workspace).args(["stats", "--format", "json"]));
    let table = stdout_of(bulletin(&workspace).args(["stats"]));
    let values = stats["facet_values"].as_object().expect("facet_values");
    let mut more_somewhere = false;
    for (field, count) in values {
        let count = count.as_u64().expect("a count") as usize;
        if count == 0 {
            continue;
        }
        let block: Vec<&str> = table
            .lines()
            .skip_while(|line| !line.starts_with(&format!("top {field} ")))
            .skip(1)
            .take_while(|line| !line.is_empty())
            .collect();
        let shown = block.iter().filter(|l| !l.starts_with('…')).count();
        assert!(shown > 0 && shown <= count, "{field}: {block:?}");
        let more = block.iter().find(|l| l.starts_with('…'));
        if shown < count {
            more_somewhere = true;
            let said = format!(
                "… and {} more: `bulletin facets {field}` lists them all",
                count - shown
            );
            assert_eq!(
                more.map(|l| l.trim_end()),
                Some(said.as_str()),
                "{field}: {block:?}"
            );
        } else {
            assert!(more.is_none(), "{field}: {block:?}");
        }
    }
    assert!(
        more_somewhere,
        "the shipped corpus has more than five of a field"
    );
}

/// `show` marks a part whose year the dateline left out, as `parse` and the
/// JSON's `year_inferred` do: its text gave the inferred year as if written.
/// So do a search's table and its CSV's `parts`, which gave `2022-04-04` as
/// if the bulletin had said so.
#[test]
fn show_and_search_mark_an_inferred_year_as_parse_does() {
    let workspace = Workspace::new();
    let bulletin_file = workspace.corpus().join("2022-04-news.txt");
    std::fs::write(
        &bulletin_file,
        "Workshop on port security in Tirana\n4 April, Tirana, Albania: A workshop on port security.\n",
    )
    .expect("write");
    let id = first_hit(&workspace, "\"port security\"");
    let record = json_of(bulletin(&workspace).args(["show", &id, "--format", "json"]));
    let inferred = record["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["year_inferred"] == true)
        .count();
    assert!(inferred > 0, "{record}");
    let parsed = stdout_of(bulletin(&workspace).arg("parse").arg(&bulletin_file));
    assert_eq!(
        parsed.matches("(year inferred)").count(),
        inferred,
        "{parsed}"
    );
    let shown = stdout_of(bulletin(&workspace).args(["show", &id]));
    assert_eq!(
        shown.matches("(year inferred)").count(),
        inferred,
        "{shown}"
    );
    let table = stdout_of(bulletin(&workspace).args(["search", "\"port security\" Tirana"]));
    let block = table
        .split("\n\n")
        .find(|block| block.contains(&id))
        .unwrap_or_else(|| panic!("the hit is shown: {table}"));
    assert!(block.contains("2022-04-04 (year inferred)"), "{block}");
    let csv = stdout_of(bulletin(&workspace).args([
        "search",
        "\"port security\" Tirana",
        "--format",
        "csv",
    ]));
    let mut rows = csv.lines().map(csv_fields);
    let header = rows.next().expect("a header");
    let parts = header.iter().position(|h| h == "parts").expect("parts");
    let row = rows
        .find(|row| row[0] == id)
        .unwrap_or_else(|| panic!("the hit is a row: {csv}"));
    assert_eq!(
        row[parts], "2022-04-04 (year inferred): Tirana, Albania",
        "{csv}"
    );
    // Across the shipped bulletin too, a hit's block is marked exactly when
    // one of its parts has `year_inferred` in the JSON.
    let args = ["search", "UNODC", "--limit", "100"];
    let answer = json_of(bulletin(&workspace).args(args).args(["--format", "json"]));
    let table = stdout_of(bulletin(&workspace).args(args));
    let mut marked = 0;
    for hit in answer["hits"].as_array().expect("hits") {
        let id = hit["id"].as_str().expect("an id");
        let inferred = hit["events"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["year_inferred"] == true);
        let block = table
            .split("\n\n")
            .find(|block| block.contains(&format!("{id}  score")))
            .unwrap_or_else(|| panic!("{id} is shown: {table}"));
        assert_eq!(block.contains("(year inferred)"), inferred, "{block}");
        marked += usize::from(inferred);
    }
    assert!(
        marked > 0,
        "a shipped activity leaves its year out: {table}"
    );
}

/// `similar` with nothing alike says so in its table, as a search of no
/// hits says `0 results`, rather than printing nothing at all; the JSON
/// stays an empty list, and `--limit 0`, which asks for none, stays empty.
#[test]
fn similar_with_nothing_alike_says_so() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-03-south-eastern-europe.txt"),
        "Workshop on port security in Durres\n4 April 2022, Durres, Albania: A workshop on port security.\n",
    )
    .expect("one activity alone");
    let id = first_hit(&workspace, "\"port security\"");
    let json = json_of(bulletin(&workspace).args(["similar", &id, "--format", "json"]));
    assert_eq!(json.as_array().map(Vec::len), Some(0), "{json}");
    let table = stdout_of(bulletin(&workspace).args(["similar", &id]));
    assert!(table.contains("no similar activit"), "{table:?}");
    let none = stdout_of(bulletin(&workspace).args(["similar", &id, "--limit", "0"]));
    assert_eq!(none, "");
}

/// A bulletin file whose name holds an escape sequence cannot drive the
/// terminal of whoever indexes, shows or parses it: the name reached
/// standard error in warnings and standard output in `show` and `parse`
/// as written, escape and all, where a bulletin's text has its control
/// characters replaced. The JSON keeps the name exactly, escaped.
#[cfg(unix)]
#[test]
fn a_file_name_cannot_drive_the_terminal() {
    let workspace = Workspace::new();
    let name = "evil\u{1b}[2Jname.txt";
    let file = workspace.corpus().join(name);
    std::fs::write(
        &file,
        "A stray line before the first entry\n\nWorkshop on port security in Vlore\n4 April 2022, Vlore, Albania: A workshop on port security.\n",
    )
    .expect("write");
    let index = bulletin(&workspace).arg("index").output().expect("runs");
    assert!(index.status.success());
    let warned = String::from_utf8_lossy(&index.stderr);
    assert!(
        warned.contains("name.txt"),
        "a warning names the file: {warned}"
    );
    let id = first_hit(&workspace, "\"port security\"");
    let record = json_of(bulletin(&workspace).args(["show", &id, "--format", "json"]));
    assert_eq!(record["source"], name, "the JSON keeps the name");
    let shown = stdout_of(bulletin(&workspace).args(["show", &id]));
    let parsed = bulletin(&workspace)
        .arg("parse")
        .arg(&file)
        .output()
        .expect("runs");
    for (what, text) in [
        ("index", warned.to_string()),
        ("show", shown),
        ("parse", String::from_utf8_lossy(&parsed.stdout).to_string()),
        (
            "parse warnings",
            String::from_utf8_lossy(&parsed.stderr).to_string(),
        ),
    ] {
        assert!(text.contains("name.txt"), "{what}: {text}");
        assert!(!text.contains('\u{1b}'), "{what}: {text:?}");
    }
}

/// A bidirectional override in a bulletin's text (`\u{202E}` in a title)
/// would show the rest of each terminal line it is printed on, the score
/// and id included, in reverse; it reached the terminal as written in
/// `search`, `show`, `similar` and `parse`. Output for people
/// now shows it as U+FFFD, and the JSON and CSV keep it.
#[test]
fn a_bidirectional_override_cannot_reverse_the_terminal() {
    let workspace = Workspace::new();
    let title = "Workshop on port \u{202E}ytiruces\u{202C} in Vlore";
    let file = workspace.corpus().join("2022-04-albania.txt");
    std::fs::write(
        &file,
        format!(
            "{title}\n4 April 2022, Vlore, Albania: A workshop on port \u{2067}security\u{2069} in the harbour.\n"
        ),
    )
    .expect("write");
    let id = first_hit(&workspace, "Vlore");
    // The mentoring visit to the port of Bar, to which the workshop is similar.
    let bar = first_hit(&workspace, "\"Port of Bar\"");
    let record = json_of(bulletin(&workspace).args(["show", &id, "--format", "json"]));
    assert_eq!(record["title"], title, "the JSON keeps the title");
    let csv = stdout_of(bulletin(&workspace).args(["search", "Vlore", "--format", "csv"]));
    assert!(csv.contains(title), "the CSV keeps the title: {csv:?}");
    let parsed = bulletin(&workspace)
        .arg("parse")
        .arg(&file)
        .output()
        .expect("runs");
    for (what, text) in [
        (
            "search",
            stdout_of(bulletin(&workspace).args(["search", "Vlore"])),
        ),
        ("show", stdout_of(bulletin(&workspace).args(["show", &id]))),
        (
            "similar",
            stdout_of(bulletin(&workspace).args(["similar", &bar, "--limit", "20"])),
        ),
        ("parse", String::from_utf8_lossy(&parsed.stdout).to_string()),
    ] {
        let bidi: Vec<char> = text
            .chars()
            .filter(|c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
            .collect();
        assert!(bidi.is_empty(), "{what} printed {bidi:?}: {text:?}");
        assert!(
            text.contains("port \u{FFFD}ytiruces\u{FFFD} in Vlore"),
            "{what} shows where they stood: {text:?}"
        );
    }
}

/// The CSV's `cities` are spelt as `bulletin facets city` counts them (and
/// as `--city` and an export's `cities` take them), so a spreadsheet filter
/// on a value the facets list finds every activity of it: an activity in
/// `Priština` was `Priština` in the CSV, where the facets list `Pristina`.
#[test]
fn csv_cities_are_spelt_as_the_facets_count_them() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-05-kosovo.txt"),
        "Workshop on asset recovery in Priština\n4 May 2022, Priština, Kosovo: A workshop on asset recovery.\n\n\
         Meeting on asset recovery in Pristina\n5 May 2022, Pristina, Kosovo: A meeting on asset recovery.\n",
    )
    .expect("write");
    let facets = json_of(bulletin(&workspace).args(["facets", "city", "--format", "json"]));
    let values: Vec<&str> = facets
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|c| c["value"].as_str())
        .collect();
    let csv = stdout_of(bulletin(&workspace).args([
        "search",
        "\"asset recovery\"",
        "--format",
        "csv",
        "--limit",
        "100",
    ]));
    let mut rows = csv.lines().map(csv_fields);
    let header = rows.next().expect("a header");
    let cities = header.iter().position(|h| h == "cities").expect("cities");
    let mut seen = 0;
    for row in rows {
        for city in row[cities].split("; ").filter(|c| !c.is_empty()) {
            assert!(values.contains(&city), "{city:?} is not among {values:?}");
            seen += 1;
        }
    }
    assert!(seen >= 2, "{csv}");
}

/// `stats`, `glossary` and `export` take `--no-update`, as the commands
/// that search do: a user who may read an index but not write it (or who
/// wants the index as it is) was refused the flag and had every call try
/// the update first.
#[test]
fn stats_glossary_and_export_answer_from_the_index_as_it_is_with_no_update() {
    let workspace = Workspace::new();
    let before = json_of(bulletin(&workspace).args(["stats", "--format", "json"]));
    let entries = before["entries"].as_u64().expect("entries");
    std::fs::write(
        workspace.corpus().join("2022-05-more.txt"),
        "Workshop on port security in Vlore\n4 May 2022, Vlore, Albania: A workshop on port security.\n",
    )
    .expect("write");
    let kept = json_of(bulletin(&workspace).args(["stats", "--format", "json", "--no-update"]));
    assert_eq!(
        kept["entries"].as_u64(),
        Some(entries),
        "the index as it is"
    );
    stdout_of(bulletin(&workspace).args(["glossary", "--no-update"]));
    let out = workspace.dir.path().join("export");
    let exported = stdout_of(
        bulletin(&workspace)
            .args(["export", "--format", "typesense", "--no-update", "--out"])
            .arg(&out),
    );
    assert!(
        exported.starts_with(&format!("exported {entries} record(s)")),
        "{exported}"
    );
    let updated = json_of(bulletin(&workspace).args(["stats", "--format", "json"]));
    assert_eq!(
        updated["entries"].as_u64(),
        Some(entries + 1),
        "updated without it"
    );
}

/// The `stats` table of an index with no dated activity says `none` for
/// its first and last date, where the JSON says `null`: the rows were
/// left blank, as if the value had been lost.
#[test]
fn stats_of_an_undated_index_say_none_for_its_dates() {
    let workspace = Workspace::new();
    std::fs::write(
        workspace.corpus().join("2022-03-south-eastern-europe.txt"),
        "A note without a dateline\n",
    )
    .expect("an undated bulletin");
    let stats = json_of(bulletin(&workspace).args(["stats", "--format", "json"]));
    assert!(
        stats["first_date"].is_null() && stats["last_date"].is_null(),
        "{stats}"
    );
    let table = stdout_of(bulletin(&workspace).args(["stats"]));
    for label in ["first date", "last date"] {
        let line = table
            .lines()
            .find(|line| line.starts_with(label))
            .unwrap_or_else(|| panic!("a {label} row: {table}"));
        assert_eq!(line.split_whitespace().last(), Some("none"), "{table}");
    }
}

/// A file that never ends (`/dev/zero`) or is larger than any bulletin is
/// refused with an error naming it, rather than read until memory runs out
/// (`parse /dev/zero` used to do so); the other files given are read.
#[cfg(target_os = "linux")]
#[test]
fn a_file_larger_than_any_bulletin_is_refused_by_name() {
    let workspace = Workspace::new();
    let output = bulletin(&workspace)
        .arg("parse")
        .arg("/dev/zero")
        .arg(shipped_bulletin())
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot read /dev/zero") && stderr.contains("larger than"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let gold = gold();
    assert!(!gold.is_empty());
    for record in &gold {
        let title = record["title"].as_str().expect("a gold title");
        assert!(stdout.contains(title), "{title} is printed");
    }
}

/// The stats list the months and years in most activities, as they do the
/// other fields and as their table's `top month` says: a bulletin of a
/// dozen later months of one activity each pushed the shipped bulletin's
/// March 2022, the month of nearly all its activities, out of the list.
#[test]
fn stats_list_the_months_and_years_in_most_activities() {
    let workspace = Workspace::new();
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let entries: Vec<String> = months
        .iter()
        .enumerate()
        .map(|(n, month)| {
            format!("Workshop number {n} on port security\n5 {month} 2023, Tirana, Albania: A workshop on port security.\n")
        })
        .collect();
    std::fs::write(workspace.corpus().join("2023-news.txt"), entries.join("\n")).expect("write");
    let stats = json_of(bulletin(&workspace).args(["stats", "--format", "json"]));
    let table = stdout_of(bulletin(&workspace).args(["stats"]));
    for field in ["month", "year"] {
        let all = json_of(bulletin(&workspace).args(["facets", field, "--format", "json"]));
        let mut expected: Vec<(u64, String)> = all
            .as_array()
            .expect("counts")
            .iter()
            .map(|c| {
                let value = c["value"].as_str().expect("a value").to_string();
                (c["count"].as_u64().expect("a count"), value)
            })
            .collect();
        // Most activities first; of equal counts, the newest first.
        expected.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.cmp(&a.1)));
        let listed: Vec<(u64, String)> = stats["facets"][field]
            .as_array()
            .expect("listed counts")
            .iter()
            .map(|c| {
                let value = c["value"].as_str().expect("a value").to_string();
                (c["count"].as_u64().expect("a count"), value)
            })
            .collect();
        // Ten values of a field are listed.
        expected.truncate(10);
        assert_eq!(listed, expected, "{field}");
        let first = table
            .lines()
            .skip_while(|line| !line.starts_with(&format!("top {field} ")))
            .nth(1)
            .unwrap_or_default();
        assert!(first.starts_with(&expected[0].1), "{field}: {table}");
    }
    let march: usize = gold()
        .iter()
        .filter(|g| {
            g["events"].as_array().is_some_and(|events| {
                events.iter().any(|e| {
                    let (start, end) = (e["start"].as_str(), e["end"].as_str());
                    start.is_some_and(|s| s <= "2022-03-31") && end.is_some_and(|e| e >= "2022-03")
                })
            })
        })
        .count();
    assert_eq!(
        stats["facets"]["month"][0],
        serde_json::json!({"value": "2022-03", "count": march})
    );
}

/// A part whose year neither the bulletin nor its file's name gives has no
/// dates: `show`, `parse` and a search's table and CSV say `date unknown`
/// alone, and the record's warning says why. They said `date unknown (year
/// inferred)`, as if a year had been found.
#[test]
fn a_part_without_a_year_found_is_not_marked_as_inferred() {
    let workspace = Workspace::new();
    let bulletin_file = workspace.corpus().join("news.txt");
    std::fs::write(
        &bulletin_file,
        "Workshop on port security in Tirana\n4 April, Tirana, Albania: A workshop on port security.\n",
    )
    .expect("write");
    let id = first_hit(&workspace, "\"port security\"");
    let record = json_of(bulletin(&workspace).args(["show", &id, "--format", "json"]));
    let events = record["events"].as_array().expect("events");
    assert!(
        !events.is_empty() && events.iter().all(|e| e["start"].is_null()),
        "{record}"
    );
    assert!(
        record["warnings"].as_array().is_some_and(|w| w
            .iter()
            .any(|w| w.as_str().is_some_and(|w| w.contains("no year")))),
        "{record}"
    );
    let shown = stdout_of(bulletin(&workspace).args(["show", &id]));
    let parsed = stdout_of(bulletin(&workspace).arg("parse").arg(&bulletin_file));
    let table = stdout_of(bulletin(&workspace).args(["search", "\"port security\""]));
    let csv =
        stdout_of(bulletin(&workspace).args(["search", "\"port security\"", "--format", "csv"]));
    for (what, text) in [
        ("show", &shown),
        ("parse", &parsed),
        ("search", &table),
        ("csv", &csv),
    ] {
        assert!(text.contains("date unknown"), "{what}: {text}");
        assert!(!text.contains("year inferred"), "{what}: {text}");
    }
}

/// A start of an id shorter than the eight characters `show` and `similar`
/// take says so, and how many characters to give; it said there was no
/// activity with that id, as for a start no id has. A short text no id
/// starts with is still unknown.
#[test]
fn a_start_of_an_id_too_short_says_so() {
    let workspace = Workspace::new();
    let id = first_hit(&workspace, "WMD");
    let start: String = id.chars().take(7).collect();
    let ids_so_started = json_of(
        bulletin(&workspace).args(["search", "--format", "json", "--limit", "1000"]),
    )["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter(|hit| hit["id"].as_str().is_some_and(|i| i.starts_with(&start)))
        .count();
    assert!(ids_so_started > 0);
    for command in ["show", "similar"] {
        let output = bulletin(&workspace)
            .args([command, &start])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains(&format!("{start:?}"))
                && stderr.contains("eight characters or more")
                && !stderr.contains("no activity"),
            "{command}: {stderr}"
        );
        let unknown = bulletin(&workspace)
            .args([command, "zz-none"])
            .output()
            .expect("runs");
        assert_eq!(unknown.status.code(), Some(1), "{command}");
        assert!(
            String::from_utf8_lossy(&unknown.stderr).contains("no activity with id \"zz-none\""),
            "{command}"
        );
    }
}

/// With a `--country` filter, `facets country` lists the country's cities,
/// and those counts are disjunctive as the city facet's are: a `--city`
/// filter (or a `city:` clause) leaves the other cities of the country in
/// view, with their counts. They were counted under the city filter, so
/// `--country Montenegro --city Bar` listed Bar alone and `--city Skopje`
/// nothing at all.
#[test]
fn a_country_s_cities_stay_in_view_under_a_city_filter() {
    let workspace = Workspace::new();
    // Each city of Montenegro, and the activities with a part held there.
    let mut expected: std::collections::BTreeMap<String, u64> = Default::default();
    for record in gold() {
        let cities: BTreeSet<String> = record["events"]
            .as_array()
            .expect("events")
            .iter()
            .filter(|e| e["country"] == "Montenegro")
            .filter_map(|e| e["city"].as_str().map(String::from))
            .collect();
        for city in cities {
            *expected.entry(city).or_default() += 1;
        }
    }
    assert!(expected.len() > 1, "{expected:?}");
    let counts = |args: &[&str]| -> std::collections::BTreeMap<String, u64> {
        let answer = json_of(
            bulletin(&workspace)
                .args([
                    "facets",
                    "country",
                    "--country",
                    "Montenegro",
                    "--format",
                    "json",
                ])
                .args(args),
        );
        answer
            .as_array()
            .expect("counts")
            .iter()
            .map(|c| {
                let value = c["value"].as_str().expect("a city").to_string();
                (value, c["count"].as_u64().expect("a count"))
            })
            .collect()
    };
    assert_eq!(counts(&[]), expected);
    let city = expected.keys().next().expect("a city").clone();
    assert_eq!(counts(&["--city", &city]), expected, "--city {city}");
    assert_eq!(counts(&["--city", "Skopje"]), expected, "--city Skopje");
    assert_eq!(counts(&[&format!("city:{city}")]), expected, "city:{city}");
    // The table too.
    let table = stdout_of(bulletin(&workspace).args([
        "facets",
        "country",
        "--country",
        "Montenegro",
        "--city",
        &city,
    ]));
    for (name, count) in &expected {
        assert!(
            table
                .lines()
                .any(|line| line.split_whitespace().collect::<Vec<_>>()
                    == [name.as_str(), &count.to_string()]),
            "{name} {count}: {table}"
        );
    }
}

/// Values of equal count are listed in alphabetical order, a letter with a
/// diacritic beside its plain letter and capitals beside small letters, in
/// the table and the JSON: `Čačak` and `Šabac` came after `Zrenjanin`, as
/// the bytes of their first letters sort after every plain letter.
#[test]
fn values_of_equal_count_are_in_alphabetical_order() {
    let workspace = Workspace::new();
    // One activity in each city, in alphabetical order, written in another.
    let cities = ["Belgrade", "Čačak", "Šabac", "Zrenjanin"];
    let entries: Vec<String> = [3, 0, 2, 1]
        .iter()
        .map(|&n| {
            let city = cities[n];
            format!(
                "Workshop on port security in {city}\n{} May 2022, {city}, Serbia: A workshop on port security.\n",
                n + 1
            )
        })
        .collect();
    std::fs::write(
        workspace.corpus().join("2022-05-serbia.txt"),
        entries.join("\n"),
    )
    .expect("write");
    let listed = |answer: &Value| -> Vec<String> {
        answer
            .as_array()
            .expect("counts")
            .iter()
            .filter(|c| c["count"] == 1)
            .filter_map(|c| c["value"].as_str().map(String::from))
            .filter(|value| cities.contains(&value.as_str()))
            .collect()
    };
    let city = json_of(bulletin(&workspace).args(["facets", "city", "--format", "json"]));
    assert_eq!(listed(&city), cities, "{city}");
    let country = json_of(bulletin(&workspace).args(["facets", "country", "--format", "json"]));
    let serbia = country
        .as_array()
        .expect("countries")
        .iter()
        .find(|c| c["value"] == "Serbia")
        .expect("Serbia");
    assert_eq!(listed(&serbia["children"]), cities, "{serbia}");
    let table = stdout_of(bulletin(&workspace).args(["facets", "city"]));
    let rows: Vec<&str> = table
        .lines()
        .filter_map(|line| line.split("  ").next())
        .filter(|value| cities.contains(value))
        .collect();
    assert_eq!(rows, cities, "{table}");
}

/// `similar --limit` takes at most what it can list, as `search --limit`
/// does, and refuses more as a usage error saying so: `--limit 5000` gave
/// at most 1000 activities without a word, and a number past what fits
/// was refused as "too large to fit in target type", naming no bound.
#[test]
fn similar_refuses_a_limit_past_what_it_lists() {
    let workspace = Workspace::new();
    let id = first_hit(&workspace, "WMD");
    let most = bulletin::search::MAX_LIMIT;
    for limit in [(most + 1).to_string(), "99999999999999999999".to_string()] {
        let output = bulletin(&workspace)
            .args(["similar", &id, "--limit", &limit])
            .output()
            .expect("runs");
        assert_eq!(output.status.code(), Some(2), "--limit {limit}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        // `at most 1000`, or `not a whole number from 0 to 1000`.
        assert!(
            stderr.contains(&format!("at most {most}"))
                || stderr.contains(&format!("from 0 to {most}")),
            "--limit {limit}: {stderr}"
        );
    }
    // The most it lists: every other activity that shares a word with it.
    let all = json_of(bulletin(&workspace).args([
        "similar",
        &id,
        "--limit",
        &most.to_string(),
        "--format",
        "json",
    ]));
    let listed = all.as_array().expect("a list");
    assert!(!listed.is_empty() && listed.len() < gold().len(), "{all}");
    assert!(listed.iter().all(|hit| hit["id"] != id.as_str()), "{all}");
}

/// A facet table with no rows says why on standard error, as a search with
/// no hits says `0 results`: the activities that match have no value of the
/// field (the shipped bulletin's one activity in Turkey is online, with no
/// city), or no activity matches the filters together, though each has
/// activities. A value no activity has keeps its own note, alone.
#[test]
fn an_empty_facet_table_says_why() {
    let workspace = Workspace::new();
    let run = |args: &[&str]| {
        let output = bulletin(&workspace).args(args).output().expect("runs");
        assert!(output.status.success(), "{args:?}");
        (
            String::from_utf8(output.stdout).expect("utf-8"),
            String::from_utf8(output.stderr).expect("utf-8"),
        )
    };
    for (args, header, note) in [
        (
            &["facets", "city", "--country", "Turkey"][..],
            "city  count\n",
            "note: the 1 activity that matches has no city to count\n",
        ),
        (
            &["facets", "country", "--country", "Turkey"][..],
            "country  count\n",
            "note: the 1 activity that matches has no city to count\n",
        ),
        (
            &[
                "facets",
                "city",
                "--country",
                "Turkey",
                "--donor",
                "Germany",
            ][..],
            "city  count\n",
            "note: no activity matches --country Turkey --donor Germany, so there is no city to count\n",
        ),
        (
            &[
                "facets",
                "donor",
                "firearms",
                "--country",
                "North Macedonia",
                "--from",
                "2030-01-01",
            ][..],
            "donor  count\n",
            "note: no activity matches \"firearms\" with --country \"North Macedonia\" --from 2030-01-01, so there is no donor to count\n",
        ),
        (
            &["facets", "city", "--country", "Atlantis"][..],
            "city  count\n",
            "note: no activity has country \"Atlantis\"\n",
        ),
    ] {
        let (table, notes) = run(args);
        assert_eq!(table, header, "{args:?}");
        assert_eq!(notes, note, "{args:?}");
        let mut json_args = args.to_vec();
        json_args.extend(["--format", "json"]);
        let (json, json_notes) = run(&json_args);
        assert_eq!(json.trim(), "[]");
        assert_eq!(json_notes, note, "{args:?}");
    }
}

/// An entry without any dateline part (a file without a dateline) has
/// unknown dates: `show` and `parse` say `date unknown` on the row where
/// they give an activity's dates and places, as its search hit does, rather
/// than leaving the row out.
#[test]
fn an_entry_without_dateline_parts_says_date_unknown_everywhere() {
    let workspace = Workspace::new();
    let notes = workspace.corpus().join("notes.txt");
    std::fs::write(
        &notes,
        "Loose notes of the office\nThe office met partners about marzipan.\n",
    )
    .expect("write");
    common::age(&notes);
    let hits = stdout_of(bulletin(&workspace).args(["search", "marzipan"]));
    assert!(hits.lines().any(|l| l.trim() == "date unknown"), "{hits}");
    let id = first_hit(&workspace, "marzipan");
    let shown = stdout_of(bulletin(&workspace).args(["show", &id]));
    let rows: Vec<&str> = shown.lines().filter(|l| l.starts_with("event")).collect();
    assert_eq!(rows.len(), 1, "{shown}");
    assert_eq!(
        rows[0].split_whitespace().collect::<Vec<_>>(),
        ["event", "date", "unknown"]
    );
    let parsed = stdout_of(bulletin(&workspace).arg("parse").arg(&notes));
    let rows: Vec<&str> = parsed
        .lines()
        .filter(|l| l.trim_start().starts_with("when/where"))
        .collect();
    assert_eq!(rows, ["  when/where date unknown"], "{parsed}");
}

/// A tuning variable's value quoted in its warning cannot drive the
/// terminal (an escape sequence shows as U+FFFD) and is cut short when
/// long, so the warning stays one readable line; each is named once.
#[test]
fn a_bad_tuning_value_is_quoted_safely_and_short() {
    let workspace = Workspace::new();
    let value = format!("ab\u{1b}[2J{}", "9".repeat(5000));
    let output = bulletin(&workspace)
        .arg("index")
        .env("BULLETIN_COMMIT_EVERY", &value)
        .env("BULLETIN_INDEX_THREADS", &value)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    for name in ["BULLETIN_COMMIT_EVERY", "BULLETIN_INDEX_THREADS"] {
        let lines: Vec<&str> = stderr
            .lines()
            .filter(|l| l.starts_with(&format!("warning: {name}=")))
            .collect();
        assert_eq!(lines.len(), 1, "{stderr}");
        assert!(lines[0].contains("ab\u{FFFD}[2J999"), "{}", lines[0]);
        assert!(lines[0].chars().count() < 200, "{}", lines[0]);
        assert!(
            lines[0].ends_with(
                "… (5006 characters) is not a whole number of at least 1; it is ignored"
            ),
            "{}",
            lines[0]
        );
    }
}

/// A corpus path that does not exist is named in the note of a search
/// with its control characters as U+FFFD, as the error of `bulletin index`
/// names it: an escape sequence in it cannot drive the terminal.
#[test]
fn a_missing_corpus_path_is_named_safely() {
    let workspace = Workspace::new();
    stdout_of(bulletin(&workspace).arg("index"));
    let missing = workspace.dir.path().join("no\u{1b}[2Jwhere");
    let output = Command::cargo_bin("bulletin")
        .expect("binary")
        .arg("--index")
        .arg(workspace.index())
        .arg("--corpus")
        .arg(&missing)
        .args(["search", "firearms"])
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
    assert!(
        stderr.starts_with("note: no corpus at ")
            && stderr.contains("no\u{FFFD}[2Jwhere; searching the index as it is"),
        "{stderr:?}"
    );
}

/// `parse` of several files, its output and warnings read together (a
/// terminal, or `2>&1`): each file's warnings come after the records of the
/// files before it and before its own, never amid another file's records.
#[test]
fn parse_warnings_come_between_the_files_records() {
    let workspace = Workspace::new();
    let odd = workspace.corpus().join("odd.txt");
    std::fs::write(&odd, "First activity\n5 May, Tirana, Albania: UNODC met.\n").expect("write");
    let both = workspace.dir.path().join("both.txt");
    let file = std::fs::File::create(&both).expect("create");
    let status = StdCommand::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("parse")
        .arg(shipped_bulletin())
        .arg(&odd)
        .env("NO_COLOR", "1")
        .stdout(file.try_clone().expect("clone"))
        .stderr(file)
        .status()
        .expect("runs");
    assert!(status.success());
    let text = std::fs::read_to_string(&both).expect("read");
    let lines: Vec<&str> = text.lines().collect();
    let warning = lines
        .iter()
        .position(|l| l.starts_with("warning: ") && l.contains("odd.txt:2: no year"))
        .unwrap_or_else(|| panic!("no warning: {text}"));
    let last_shipped = lines
        .iter()
        .rposition(|l| {
            l.trim_start()
                .starts_with("source     2022-03-south-eastern-europe.txt:")
        })
        .expect("a shipped record");
    let first_odd = lines
        .iter()
        .position(|l| l.trim_start().starts_with("source     odd.txt:"))
        .expect("the odd record");
    assert!(last_shipped < warning && warning < first_odd, "{text}");
}

/// A hit of unknown dates and no place (an entry without a dateline) says
/// `date unknown` and ends there: no spaces for the places it does not
/// have trail the line, as none trail any other line of the answer.
#[test]
fn a_hit_without_dates_or_places_has_no_trailing_spaces() {
    let workspace = Workspace::new();
    let notes = workspace.corpus().join("notes.txt");
    std::fs::write(
        &notes,
        "Loose notes of the office\nThe office met partners about marzipan.\n",
    )
    .expect("write");
    common::age(&notes);
    for args in [
        vec!["search", "marzipan"],
        vec!["search", "", "--limit", "50"],
    ] {
        let table = stdout_of(bulletin(&workspace).args(&args));
        assert!(table.contains("date unknown"), "{table}");
        let trailing: Vec<&str> = table.lines().filter(|l| l.ends_with(' ')).collect();
        assert!(trailing.is_empty(), "{args:?}: {trailing:?}");
    }
}

/// A file given to `parse` twice, by the same path or another (a link, a
/// glob that overlaps another), is read once, as an index of those paths
/// reads it, with a warning naming both paths; its records and warnings
/// were printed twice, its entries taking `-2` ids.
#[test]
fn parse_reads_a_file_given_twice_once() {
    let workspace = Workspace::new();
    let shipped = workspace.corpus().join("2022-03-south-eastern-europe.txt");
    let link = workspace.dir.path().join("link.txt");
    std::os::unix::fs::symlink(&shipped, &link).expect("link");
    let output = bulletin(&workspace)
        .arg("parse")
        .arg("--json")
        .arg(&shipped)
        .arg(&link)
        .arg(&shipped)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let records = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(records.lines().count(), 20);
    assert!(!records.contains("-2\""), "an id taken twice");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let expected: Vec<String> = [&link, &shipped]
        .iter()
        .map(|path| {
            format!(
                "warning: {}: the same file as {}, read once, by that path",
                path.display(),
                shipped.display()
            )
        })
        .collect();
    assert_eq!(stderr.lines().collect::<Vec<_>>(), expected);
}

/// A part with a date and no place (`5 May 2022: …`) is a row of its date
/// alone in `parse` and `show`: no spaces for the place it does not have
/// trail the row.
#[test]
fn a_part_without_a_place_has_no_trailing_spaces() {
    let workspace = Workspace::new();
    let notes = workspace.corpus().join("2022-05-notes.txt");
    std::fs::write(
        &notes,
        "Marzipan workshop\n5 May 2022: The office met partners about marzipan.\n",
    )
    .expect("write");
    common::age(&notes);
    let parsed = stdout_of(bulletin(&workspace).arg("parse").arg(&notes));
    assert!(parsed.contains("  when/where 2022-05-05\n"), "{parsed:?}");
    let id = first_hit(&workspace, "marzipan");
    let shown = stdout_of(bulletin(&workspace).args(["show", &id]));
    let rows: Vec<&str> = shown.lines().filter(|l| l.starts_with("event")).collect();
    assert_eq!(rows.len(), 1, "{shown}");
    assert!(rows[0].ends_with("2022-05-05"), "{:?}", rows[0]);
}

/// The summary's row of files that cannot be read counts them all, those
/// never indexed too (a link to nothing), so it claims nothing of them
/// was kept: it read "files unreadable (kept)" for a file of which nothing
/// is indexed, while its warning said "it is not indexed".
#[test]
fn the_unreadable_files_row_claims_nothing_was_kept() {
    let workspace = Workspace::new();
    std::os::unix::fs::symlink(
        workspace.dir.path().join("nowhere"),
        workspace.corpus().join("2019-06-new.txt"),
    )
    .expect("link");
    let output = bulletin(&workspace).arg("index").output().expect("runs");
    assert!(output.status.success(), "{output:?}");
    let summary = String::from_utf8(output.stdout).expect("utf-8");
    let row: Vec<&str> = summary
        .lines()
        .filter(|l| l.starts_with("files unreadable"))
        .collect();
    assert_eq!(row.len(), 1, "{summary}");
    assert_eq!(
        row[0].split_whitespace().collect::<Vec<_>>(),
        ["files", "unreadable", "1"]
    );
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert!(stderr.contains("; it is not indexed"), "{stderr}");
}

/// Past the 50 warnings an update prints, the count of the others says
/// which files they are about and how to see them: a search's update shows
/// each file's warnings once, when it reads the file, and the next search
/// says nothing of them, so the count was all a user ever saw of them.
#[test]
fn warnings_past_fifty_name_their_files_and_how_to_see_them() {
    let workspace = Workspace::new();
    let mut text = String::new();
    for n in 0..60 {
        text.push_str(&format!(
            "Activity {n}\n5 May 2022, Tirana, Albania: UNODC met \u{7} partners.\n"
        ));
    }
    let noisy = workspace.corpus().join("2022-05-noisy.txt");
    std::fs::write(&noisy, text).expect("write");
    common::age(&noisy);
    let output = bulletin(&workspace)
        .args(["search", "partners"])
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let warnings: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .collect();
    assert_eq!(warnings.len(), 51, "{stderr}");
    assert_eq!(
        warnings[50],
        format!(
            "warning: … and 10 more, about {}; `bulletin parse FILE` gives a file's warnings again",
            noisy.display()
        )
    );
}

/// The line `serve` starts with names the index folder with its control
/// characters as U+FFFD, as every warning and error naming a path does: an
/// escape sequence in the folder's name reached the terminal.
#[test]
fn serve_names_its_index_folder_safely() {
    use std::io::BufRead;
    let workspace = Workspace::new();
    let index = workspace.dir.path().join("in\u{1b}[2Jdex");
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("--index")
        .arg(&index)
        .arg("--corpus")
        .arg(workspace.corpus())
        .args(["serve", "--addr", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server starts");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = String::new();
        let _ = std::io::BufReader::new(stdout).read_line(&mut line);
        let _ = sender.send(line);
    });
    let line = receiver.recv_timeout(Duration::from_secs(60));
    let _ = child.kill();
    let _ = child.wait();
    let line = line.expect("the server says where it listens");
    assert!(line.contains("activities from "), "{line:?}");
    assert!(!line.contains('\u{1b}'), "{line:?}");
    assert!(line.contains("in\u{FFFD}[2Jdex"), "{line:?}");
}

/// The summaries of `index` and `export` name the index folder and the
/// export folder with their control characters as U+FFFD, as every warning
/// and error naming a path does: an escape sequence in a folder's name
/// reached the terminal.
#[test]
fn index_and_export_summaries_name_their_folders_safely() {
    let workspace = Workspace::new();
    let index = workspace.dir.path().join("in\u{1b}[2Jdex");
    let out = workspace.dir.path().join("o\u{1b}[2Jut");
    let run = |args: &[&std::ffi::OsStr]| {
        let output = Command::cargo_bin("bulletin")
            .expect("binary")
            .arg("--index")
            .arg(&index)
            .arg("--corpus")
            .arg(workspace.corpus())
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("runs");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let summary = run(&["index".as_ref()]);
    assert!(!summary.contains('\u{1b}'), "{summary:?}");
    assert!(
        summary
            .lines()
            .next()
            .is_some_and(|l| l.ends_with("in\u{FFFD}[2Jdex")),
        "{summary:?}"
    );
    let exported = run(&[
        "export".as_ref(),
        "--format".as_ref(),
        "quickwit".as_ref(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!exported.contains('\u{1b}'), "{exported:?}");
    assert!(exported.contains("o\u{FFFD}[2Jut"), "{exported:?}");
}

/// A filter value read as another, named in a note on standard error
/// (`--country Bosnia: Bosnia and Herzegovina`), shows a bidirectional
/// override typed in it as U+FFFD, as every output for people does: it
/// reached the terminal, showing the rest of the line in reverse.
#[test]
fn notes_show_a_bidirectional_override_as_a_replacement() {
    let workspace = Workspace::new();
    for args in [
        &["facets", "city", "--country", "Bosnia\u{202E}"][..],
        &["search", "--country", "Bosnia\u{202E}", "--format", "csv"][..],
    ] {
        let output = bulletin(&workspace).args(args).output().expect("runs");
        assert!(output.status.success(), "{output:?}");
        let stderr = String::from_utf8(output.stderr).expect("utf-8");
        assert!(!stderr.contains('\u{202E}'), "{args:?}: {stderr:?}");
        assert!(
            stderr.contains("note: --country Bosnia\u{FFFD}: Bosnia and Herzegovina"),
            "{args:?}: {stderr:?}"
        );
    }
}

/// A folder given to `parse` is an error saying it is a folder and how to
/// give its files, and the other files are still parsed (exit 1); it said
/// "Is a directory (os error 21)", the system's words.
#[test]
fn parse_of_a_folder_says_how_to_give_its_files() {
    let workspace = Workspace::new();
    let folder = workspace.corpus();
    let output = bulletin(&workspace)
        .arg("parse")
        .arg(&folder)
        .arg(folder.join("2022-03-south-eastern-europe.txt"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stdout)
            .matches("\n  id ")
            .count(),
        20
    );
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    let shown = folder.display();
    assert_eq!(
        stderr.lines().collect::<Vec<_>>(),
        [
            format!(
                "error: {shown} is a folder; `bulletin parse` reads bulletin files: give those in it ({shown}/*.txt)"
            ),
            "error: 1 of 2 file(s) could not be read".to_string(),
        ]
    );
}

/// `show` of an entry without a dateline leaves out the dateline row, as it
/// leaves out every other row it has nothing for and as `parse` does; it
/// printed the row's name alone, with nothing after it.
#[test]
fn show_leaves_out_an_empty_dateline_row() {
    let workspace = Workspace::new();
    let notes = workspace.corpus().join("notes.txt");
    std::fs::write(
        &notes,
        "Loose notes of the office\nThe office met partners about marzipan.\n",
    )
    .expect("write");
    common::age(&notes);
    let id = first_hit(&workspace, "marzipan");
    let shown = stdout_of(bulletin(&workspace).args(["show", &id]));
    assert!(shown.lines().all(|l| l.trim_end() != "dateline"), "{shown}");
    assert!(!shown.lines().any(|l| l.ends_with(' ')), "{shown:?}");
    let dated = first_hit(&workspace, "firearms");
    let shown = stdout_of(bulletin(&workspace).args(["show", &dated]));
    assert!(shown.lines().any(|l| l.starts_with("dateline ")), "{shown}");
}

/// A `--to` before `--from` is a command line `search` and `facets` cannot
/// run: exit 2 naming `--to`, as for a `--to` that is no date, before the
/// index is read or built (no index folder appears), with the reason the
/// web API's `to` gives. It exited 1 with "invalid dates: …" after
/// building the index.
#[test]
fn a_to_date_before_the_from_date_is_a_usage_error() {
    let workspace = Workspace::new();
    for command in [vec!["search", "firearms"], vec!["facets", "month"]] {
        let mut args = command.clone();
        args.extend(["--from", "2022-03-20", "--to", "2022-03-01"]);
        let output = bulletin(&workspace).args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("invalid value '2022-03-01' for '--to")
                && stderr.contains("\"2022-03-01\" is before the from date, \"2022-03-20\""),
            "{args:?}: {stderr}"
        );
        assert!(!workspace.index().exists(), "{args:?}: the index was built");
    }
    // One day is a range that runs forwards.
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "",
        "--from",
        "2022-03-15",
        "--to",
        "2022-03-15",
        "--format",
        "json",
    ]));
    let expected = gold()
        .iter()
        .filter(|record| {
            record["events"].as_array().is_some_and(|events| {
                events.iter().any(|event| {
                    event["start"].as_str().is_some_and(|s| s <= "2022-03-15")
                        && event["end"].as_str().is_some_and(|e| e >= "2022-03-15")
                })
            })
        })
        .count();
    assert_eq!(answer["total"], expected);
}

/// A query longer than a search takes is a command line `search` and
/// `facets` cannot run: exit 2 before the index is read or built, as for
/// a `--limit` past 1000, in the library's words (`invalid query: longer
/// than 1000 characters`); it exited 1 after building the index.
#[test]
fn a_query_too_long_is_a_usage_error() {
    let workspace = Workspace::new();
    let most = bulletin::search::MAX_QUERY_CHARS;
    let long = "a".repeat(most + 1);
    for args in [
        vec!["search", long.as_str()],
        vec!["facets", "month", long.as_str()],
    ] {
        let output = bulletin(&workspace).args(&args).output().expect("runs");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{}: {stderr}", args[0]);
        assert!(
            stderr.contains(&format!("invalid query: longer than {most} characters")),
            "{}: {stderr}",
            args[0]
        );
        assert!(
            !workspace.index().exists(),
            "{}: the index was built",
            args[0]
        );
    }
    // The longest query is searched.
    let longest = "a ".repeat(most / 2);
    let output = bulletin(&workspace)
        .args(["search", longest.trim_end(), "--limit", "0"])
        .output()
        .expect("runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A CSV of a search with more hits than `--offset` reaches (at most
/// MAX_OFFSET + MAX_LIMIT rows in all) says how far `--limit` and
/// `--offset` go and that the rest needs a narrower search: the note
/// said "--limit and --offset write the others" of 11,500 hits, though
/// no `--offset` reaches a row past 11,000.
#[test]
fn a_csv_past_the_deepest_page_says_the_rest_needs_a_narrower_search() {
    use bulletin::search::{MAX_LIMIT, MAX_OFFSET};
    let workspace = Workspace::new();
    let reachable = MAX_OFFSET + MAX_LIMIT;
    let written = reachable + 500;
    let mut text = String::new();
    for n in 0..written {
        text.push_str(&format!(
            "Workshop {n} on zqxfirearms control\n{} March 2022, Skopje, North Macedonia: Workshop {n} on zqxfirearms with officials.\n",
            n % 28 + 1
        ));
    }
    std::fs::write(workspace.corpus().join("many.txt"), text).expect("write");
    let run = |offset: usize| {
        let output = bulletin(&workspace)
            .args(["search", "zqxfirearms", "--format", "csv", "--limit"])
            .arg(MAX_LIMIT.to_string())
            .arg("--offset")
            .arg(offset.to_string())
            .output()
            .expect("runs");
        assert!(output.status.success(), "--offset {offset}");
        (
            String::from_utf8_lossy(&output.stdout).lines().count() - 1,
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let total = format!("{} activities match", grouped(written as u64));
    let rest = format!(
        "the last {} only a narrower search reaches",
        written - reachable
    );
    for (offset, rows_written) in [
        (MAX_OFFSET, "rows 10,001–11,000 written"),
        (0, "rows 1–1,000 written"),
    ] {
        let (rows, note) = run(offset);
        assert_eq!(rows, MAX_LIMIT, "{note}");
        assert!(note.contains(&total), "{note}");
        assert!(note.contains(rows_written), "{note}");
        assert!(
            !note.contains("write the others"),
            "no --offset reaches rows past {reachable}: {note}"
        );
        assert!(
            note.contains(&format!("write rows up to {}", grouped(reachable as u64)))
                && note.contains(&rest),
            "{note}"
        );
    }
}

/// An export stopped while it wrote its data (here by the file size limit
/// of `ulimit -f`, whose SIGXFSZ ends the process as a full disk or a
/// Ctrl-C would) leaves a folder the next export replaces: the README,
/// which marks a folder as an export's, was written last, so the next
/// export refused the folder as one "that holds files that are not a
/// bulletin export", naming the files the stopped export wrote.
#[test]
fn an_export_stopped_while_writing_is_replaced_by_the_next() {
    let workspace = Workspace::new();
    stdout_of(bulletin(&workspace).arg("index"));
    let out = workspace.dir.path().join("export");
    let binary = assert_cmd::cargo::cargo_bin("bulletin");
    // A limit of 16 KiB: the README and the configuration fit, the data
    // file of the shipped bulletin (tens of kilobytes) does not.
    let stopped = StdCommand::new("sh")
        .arg("-c")
        .arg("ulimit -f 16 && exec \"$0\" \"$@\"")
        .arg(&binary)
        .arg("--index")
        .arg(workspace.index())
        .arg("--corpus")
        .arg(workspace.corpus())
        .args(["export", "--no-update", "--format", "opensearch", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(!stopped.status.success(), "the limit stopped it");
    let left: Vec<String> = std::fs::read_dir(&out)
        .expect("the stopped export made the folder")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        left.iter().any(|name| name.starts_with("bulk-")),
        "it stopped in its data: {left:?}"
    );
    let again = bulletin(&workspace)
        .args(["export", "--no-update", "--format", "opensearch", "--out"])
        .arg(&out)
        .output()
        .expect("runs");
    assert!(
        again.status.success(),
        "{}",
        String::from_utf8_lossy(&again.stderr)
    );
    // Whole now: every record in the data file, and its README.
    let data = std::fs::read_to_string(out.join("bulk-0001.ndjson")).expect("data file");
    assert_eq!(data.lines().count(), 2 * gold().len());
    let readme = std::fs::read_to_string(out.join("README.md")).expect("README");
    assert!(
        readme.starts_with("# bulletin export for OpenSearch"),
        "{readme}"
    );
}

/// A workspace whose corpus also holds a generated decade of bulletins
/// (`entries` of them), indexed: the size real users have, where the
/// shipped bulletin's 20 entries hide what a table does with big numbers
/// and many values.
fn generated_workspace(entries: usize) -> Workspace {
    let workspace = Workspace::new();
    bulletin::generate::generate_corpus(&workspace.corpus().join("generated"), entries, 7)
        .expect("generate");
    common::build_in_process(&workspace.options());
    workspace
}

/// `stats` gives the size on disk of a big index in a unit that keeps it
/// short: a 20,000-entry index was `size on disk  41637.5 KiB`.
#[test]
fn the_stats_table_gives_a_big_index_size_in_a_readable_unit() {
    let workspace = generated_workspace(2000);
    let stats = json_of(bulletin(&workspace).args(["stats", "--no-update", "--format", "json"]));
    let bytes = stats["index_bytes"].as_u64().expect("index_bytes");
    assert!(bytes > 1024 * 1024, "the index passes a MiB: {bytes}");
    let table = stdout_of(bulletin(&workspace).args(["stats", "--no-update"]));
    let shown = table
        .lines()
        .find_map(|line| line.strip_prefix("size on disk"))
        .expect("a size line")
        .trim();
    let mib = bytes as f64 / (1024.0 * 1024.0);
    assert_eq!(shown, format!("{mib:.1} MiB"), "{table}");
}

/// Under each field's top values, the `stats` table says how to see the
/// values it leaves out, and that command lists exactly them: at scale a
/// field has dozens or hundreds of values (`… and 199 more` months), and
/// the table named no way to see them.
#[test]
fn the_stats_table_says_how_to_see_the_values_it_leaves_out() {
    let workspace = generated_workspace(1500);
    let stats = json_of(bulletin(&workspace).args(["stats", "--no-update", "--format", "json"]));
    let table = stdout_of(bulletin(&workspace).args(["stats", "--no-update"]));
    let values = stats["facet_values"].as_object().expect("facet_values");
    let mut checked = 0;
    for (field, count) in values {
        let count = count.as_u64().expect("a count") as usize;
        let block: Vec<&str> = table
            .lines()
            .skip_while(|line| !line.starts_with(&format!("top {field} ")))
            .skip(1)
            .take_while(|line| !line.is_empty())
            .collect();
        let Some(more) = block.iter().find(|l| l.starts_with('…')) else {
            continue;
        };
        let command = format!("`bulletin facets {field}`");
        assert!(more.contains(&command), "{field}: {more:?}");
        // That command lists every value the field has.
        let listed = stdout_of(bulletin(&workspace).args(["facets", field, "--no-update"]));
        let rows = listed
            .lines()
            .skip(1)
            .filter(|line| !line.starts_with(' '))
            .count();
        assert_eq!(rows, count, "{field}: {listed}");
        checked += 1;
    }
    assert!(checked >= 3, "several fields have more values: {table}");
}

/// A count with a comma between each group of three digits, as tables for
/// people write it (`1,520`).
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// Tables for people group the digits of big counts (`1,520 results`,
/// `entries  1,520`), where JSON keeps plain numbers: at scale the search
/// header, `stats`, the `index` summary and facet tables wrote `20000` and
/// `15452`, hard to tell from `2000` at a glance.
#[test]
fn tables_group_the_digits_of_big_counts() {
    let workspace = generated_workspace(1500);
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "",
        "--no-update",
        "--limit",
        "1",
        "--format",
        "json",
    ]));
    let total = answer["total"].as_u64().expect("a plain number in JSON");
    assert!(total >= 1000, "{total}");
    let table = stdout_of(bulletin(&workspace).args(["search", "", "--no-update", "--limit", "1"]));
    assert!(
        table.starts_with(&format!("{} results for \"\"", grouped(total))),
        "{table}"
    );
    let row = |text: &str, name: &str| -> String {
        text.lines()
            .find_map(|line| line.strip_prefix(name))
            .unwrap_or_else(|| panic!("a {name} row: {text}"))
            .trim()
            .to_string()
    };
    let stats = stdout_of(bulletin(&workspace).args(["stats", "--no-update"]));
    assert_eq!(row(&stats, "entries "), grouped(total), "{stats}");
    let summary = stdout_of(bulletin(&workspace).args(["index"]));
    assert_eq!(
        row(&summary, "entries in index"),
        grouped(total),
        "{summary}"
    );
    // The field counted in most activities passes a thousand.
    let counts = json_of(bulletin(&workspace).args([
        "facets",
        "mentioned",
        "--no-update",
        "--format",
        "json",
    ]));
    let top = &counts[0];
    let count = top["count"].as_u64().expect("a plain number in JSON");
    assert!(count >= 1000, "{counts}");
    let value = top["value"].as_str().expect("a value");
    let facets = stdout_of(bulletin(&workspace).args(["facets", "mentioned", "--no-update"]));
    assert_eq!(row(&facets, value), grouped(count), "{facets}");
}

/// The facet tables under a search's hits (`--facets`) show each field's
/// ten values in most activities and say how many more there are and the
/// `bulletin facets` command that lists them, with the same counts: over a
/// decade of bulletins they listed every value of every field (every month
/// of it, hundreds of lines), burying the hits.
#[test]
fn search_facet_tables_show_the_top_values_and_how_to_see_the_rest() {
    let workspace = generated_workspace(1200);
    let args = [
        "search",
        "training",
        "--no-update",
        "--limit",
        "1",
        "--from",
        "2012",
    ];
    let answer = json_of(
        bulletin(&workspace)
            .args(args)
            .args(["--facets", "--format", "json"]),
    );
    let table = stdout_of(bulletin(&workspace).args(args).arg("--facets"));
    let facets = answer["facets"].as_object().expect("facets");
    let mut cut = 0;
    for (field, counts) in facets {
        let counts = counts.as_array().expect("counts");
        if counts.is_empty() {
            continue;
        }
        let block: Vec<&str> = table
            .lines()
            .skip_while(|line| !line.starts_with(&format!("{field} ")))
            .skip(1)
            .take_while(|line| !line.is_empty())
            .collect();
        let shown: Vec<&str> = block
            .iter()
            .filter(|l| !l.starts_with(' ') && !l.starts_with('…'))
            .copied()
            .collect();
        assert_eq!(shown.len(), counts.len().min(10), "{field}: {block:?}");
        let more = block.iter().find(|l| l.starts_with('…'));
        if counts.len() <= 10 {
            assert!(more.is_none(), "{field}: {block:?}");
            continue;
        }
        cut += 1;
        let command = format!("`bulletin facets {field} \"training\" --from 2012-01-01`");
        assert_eq!(
            more.copied(),
            Some(format!("… and {} more: {command} lists them all", counts.len() - 10).as_str()),
            "{field}: {block:?}"
        );
        // That command lists every value, with the same counts.
        let listed = json_of(bulletin(&workspace).args([
            "facets",
            field,
            "training",
            "--from",
            "2012-01-01",
            "--no-update",
            "--format",
            "json",
        ]));
        assert_eq!(&listed, &Value::Array(counts.clone()), "{field}");
    }
    assert!(
        cut >= 3,
        "several fields have more than ten values: {table}"
    );
}

/// The note a CSV search writes to standard error, for people, groups the
/// digits of its counts as the table does (`1,520 activities match`): it
/// wrote `20000 activities match … rows up to 11000`.
#[test]
fn the_csv_note_groups_the_digits_of_big_counts() {
    let workspace = generated_workspace(1200);
    let answer = json_of(bulletin(&workspace).args([
        "search",
        "",
        "--no-update",
        "--limit",
        "0",
        "--format",
        "json",
    ]));
    let total = answer["total"].as_u64().expect("a plain number in JSON");
    assert!(total >= 1000, "{total}");
    let output = bulletin(&workspace)
        .args([
            "search",
            "",
            "--no-update",
            "--format",
            "csv",
            "--limit",
            "5",
        ])
        .output()
        .expect("runs");
    assert!(output.status.success());
    let note = String::from_utf8_lossy(&output.stderr);
    assert!(
        note.contains(&format!(
            "{} activities match; rows 1–5 written",
            grouped(total)
        )),
        "{note}"
    );
    assert!(note.contains("(at most 1,000 a call)"), "{note}");
}

/// The text of a line with its escape sequences taken out, and the
/// character ranges (into that text) that `code` (an SGR code such as
/// `1;4`) styles.
#[cfg(unix)]
fn styled_ranges(line: &str, code: &str) -> (String, Vec<[usize; 2]>) {
    let opening = format!("\u{1b}[{code}m");
    let mut text = String::new();
    let mut ranges = Vec::new();
    let mut rest = line;
    let mut open: Option<usize> = None;
    while let Some(at) = rest.find('\u{1b}') {
        text.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('m').map_or(rest.len(), |m| m + 1);
        let sequence = &rest[..end];
        let chars = text.chars().count();
        if sequence == opening {
            open = Some(chars);
        } else if sequence == "\u{1b}[0m"
            && let Some(start) = open.take()
        {
            ranges.push([start, chars]);
        }
        rest = &rest[end..];
    }
    text.push_str(rest);
    (text, ranges)
}

/// On a terminal a hit's title is bold with the query's words in it also
/// underlined, and the query's words in its places are bold, as the
/// snippet's are; `NO_COLOR` leaves both plain and the CSV holds no marks.
#[cfg(unix)]
#[test]
fn the_table_marks_the_query_s_words_in_titles_and_places() {
    let workspace = Workspace::new();
    stdout_of(bulletin(&workspace).arg("index"));
    let titles: Vec<String> = gold()
        .iter()
        .map(|g| g["title"].as_str().expect("title").to_string())
        .collect();
    let search = ["search", "firearms", "--limit", "100"];
    let coloured = terminal_output(&workspace, &search, &[("TERM", "xterm")]);
    let mut titles_marked = 0;
    for line in coloured.lines() {
        let (text, underlined) = styled_ranges(line, "1;4");
        let Some(title) = titles.iter().find(|t| text.ends_with(t.as_str())) else {
            continue;
        };
        let offset = text.chars().count() - title.chars().count();
        let chars: Vec<char> = title.to_lowercase().chars().collect();
        let expected: Vec<[usize; 2]> = (0..chars.len())
            .filter(|&at| {
                chars[at..].starts_with(&['f', 'i', 'r', 'e', 'a', 'r', 'm', 's'])
                    && (at == 0 || !chars[at - 1].is_alphanumeric())
                    && chars.get(at + 8).is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|at| [offset + at, offset + at + 8])
            .collect();
        assert_eq!(underlined, expected, "{line:?}");
        titles_marked += usize::from(!expected.is_empty());
    }
    assert!(titles_marked >= 2, "{coloured:?}");
    // A city searched is bold in the places of the activities held there.
    let coloured = terminal_output(&workspace, &["search", "Pristina"], &[("TERM", "xterm")]);
    let places: Vec<(String, Vec<[usize; 2]>)> = coloured
        .lines()
        .map(|line| styled_ranges(line, "1"))
        .filter(|(text, _)| text.contains("Pristina, Kosovo"))
        .collect();
    assert!(!places.is_empty(), "{coloured:?}");
    for (text, bold) in places {
        let at = text.find("Pristina").expect("the city");
        let start = text[..at].chars().count();
        assert_eq!(bold, [[start, start + "Pristina".len()]], "{text:?}");
    }
    let plain = terminal_output(
        &workspace,
        &["search", "Pristina"],
        &[("TERM", "xterm"), ("NO_COLOR", "1")],
    );
    assert!(plain.contains("Pristina, Kosovo"), "{plain:?}");
    assert!(!plain.contains('\u{1b}'), "{plain:?}");
    let csv = stdout_of(bulletin(&workspace).args(["search", "Pristina", "--format", "csv"]));
    assert!(csv.contains("\"8 March 2022, Pristina, Kosovo*\""), "{csv}");
    assert!(!csv.contains('\u{1b}') && !csv.contains('['), "{csv}");
}
