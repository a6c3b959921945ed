//! Updating an index: an activity keeps its id when its file is renamed or
//! moved, or when it moves to another file; a file or folder that cannot be
//! read keeps what was indexed from it, with a warning naming it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use bulletin::corpus::split_bulletin;
use bulletin::index::{IndexOptions, IndexSummary, build};
use bulletin::search::{Engine, SearchRequest};
use common::{Workspace, gold};

const SHIPPED: &str = "2022-03-south-eastern-europe.txt";
const EXTRA: &str = "Extra activity on maritime security\n5 May 2019, Durrës, Albania: UNODC trained port officers.\n";

fn index(options: &IndexOptions) -> IndexSummary {
    build(options).expect("the update succeeds")
}

/// Every id in the index, sorted.
fn ids(index_dir: &Path) -> Vec<String> {
    let engine = Engine::open(index_dir).expect("index opens");
    let mut ids: Vec<String> = engine
        .records()
        .expect("records")
        .into_iter()
        .map(|r| r.id)
        .collect();
    ids.sort();
    ids
}

fn total(index_dir: &Path, query: &str) -> usize {
    let engine = Engine::open(index_dir).expect("index opens");
    engine
        .search(&SearchRequest::new(query))
        .expect("search")
        .total
}

#[test]
fn an_activity_keeps_its_id_when_its_file_is_renamed_or_moved() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::write(corpus.join("2019-05-extra.txt"), EXTRA).expect("write");
    index(&workspace.options());
    let before = ids(&workspace.index());
    assert_eq!(before.len(), gold().len() + 1);

    std::fs::rename(corpus.join(SHIPPED), corpus.join("renamed.txt")).expect("rename");
    let summary = index(&workspace.options());
    assert_eq!((summary.files_removed, summary.files_indexed), (1, 1));
    assert_eq!(ids(&workspace.index()), before, "after a rename");

    std::fs::create_dir(corpus.join("2022")).expect("mkdir");
    std::fs::rename(corpus.join("renamed.txt"), corpus.join("2022/moved.txt")).expect("move");
    let summary = index(&workspace.options());
    // Same content, and neither name holds a year: not read again.
    assert_eq!(
        (
            summary.files_moved,
            summary.files_removed,
            summary.files_indexed
        ),
        (1, 0, 0)
    );
    assert_eq!(ids(&workspace.index()), before, "after a move");
    assert_eq!(total(&workspace.index(), "maritime"), 1);

    // The same corpus named by another path: every file key changes, and
    // the files are recognised, not read again.
    let relative = IndexOptions::new(
        workspace.index(),
        vec![workspace.dir.path().join("corpus/../corpus")],
    );
    let summary = index(&relative);
    assert_eq!(
        (
            summary.files_moved,
            summary.files_removed,
            summary.files_indexed
        ),
        (2, 0, 0)
    );
    assert_eq!(summary.entries_total, before.len());
    assert_eq!(ids(&workspace.index()), before, "by another path");
    let engine = Engine::open(&workspace.index()).expect("index opens");
    let sources: Vec<String> = engine
        .records()
        .expect("records")
        .into_iter()
        .map(|r| r.source)
        .collect();
    assert!(sources.iter().any(|s| s == "moved.txt"), "{sources:?}");

    let rebuild = rebuild_options(&workspace);
    index(&rebuild);
    assert_eq!(ids(&workspace.index()), before, "after --rebuild");
}

/// The last entry of the shipped bulletin moves to the end of a file that is
/// read before it: both files change in one update, and the entry's id stays.
#[test]
fn an_activity_moved_to_another_file_keeps_its_id() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let shipped = corpus.join(SHIPPED);
    let first = corpus.join("2019-05-extra.txt");
    assert!(first < shipped, "the receiving file must be read first");
    std::fs::write(&first, EXTRA).expect("write");
    index(&workspace.options());
    let before = ids(&workspace.index());

    let text = std::fs::read_to_string(&shipped).expect("read");
    let entries = split_bulletin(SHIPPED, text.as_bytes()).entries;
    let last = entries.last().expect("entries");
    let lines: Vec<&str> = text.lines().collect();
    let (kept, moved) = lines.split_at(last.title.number - 1);
    std::fs::write(&shipped, kept.join("\n") + "\n").expect("write");
    std::fs::write(&first, format!("{EXTRA}{}\n", moved.join("\n"))).expect("write");

    let summary = index(&workspace.options());
    assert_eq!(summary.files_indexed, 2);
    assert_eq!(ids(&workspace.index()), before);
}

/// A file that cannot be read (here a link to nothing, which no user can
/// read) keeps the entries indexed from it, and a search still updates.
#[test]
fn a_file_that_cannot_be_read_keeps_its_entries() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let extra = corpus.join("2019-05-extra.txt");
    std::fs::write(&extra, EXTRA).expect("write");
    let first = index(&workspace.options());
    assert_eq!(total(&workspace.index(), "maritime"), 1);

    std::fs::remove_file(&extra).expect("remove");
    std::os::unix::fs::symlink(workspace.dir.path().join("nowhere"), &extra).expect("link");
    std::os::unix::fs::symlink(
        workspace.dir.path().join("nowhere"),
        corpus.join("2019-06-new.txt"),
    )
    .expect("link");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_unreadable, 2);
    assert_eq!(summary.entries_total, first.entries_total);
    let warning = |name: &str| {
        summary
            .warnings
            .iter()
            .find(|w| w.contains(name))
            .unwrap_or_else(|| panic!("no warning for {name}: {:?}", summary.warnings))
            .clone()
    };
    assert!(warning("2019-05-extra.txt").ends_with("its entries from the last run are kept"));
    assert!(warning("2019-06-new.txt").ends_with("it is not indexed"));
    assert_eq!(total(&workspace.index(), "maritime"), 1);

    // Through the command line: the search's own update warns, naming
    // the files it cannot read in one line, and answers.
    let output = bulletin(&workspace, &[], &["search", "maritime", "--format", "csv"]);
    assert!(output.status.success(), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("warning: cannot read 2 files or folders of the corpus (")
            && stderr.contains("2019-05-extra.txt"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);

    // Readable again: read and indexed as any changed file.
    std::fs::remove_file(&extra).expect("remove");
    std::fs::write(&extra, EXTRA.replace("maritime", "river")).expect("write");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_unreadable, 1);
    assert_eq!(total(&workspace.index(), "maritime"), 0);
    assert_eq!(total(&workspace.index(), "river"), 1);
}

/// The binary on the workspace, as `user` wraps it (empty: as this user).
fn bulletin(workspace: &Workspace, user: &[&str], args: &[&str]) -> Output {
    let binary = assert_cmd::cargo::cargo_bin("bulletin");
    let (program, wrapped): (PathBuf, Vec<&str>) = match user.split_first() {
        Some((program, rest)) => (PathBuf::from(program), rest.to_vec()),
        None => (binary.clone(), Vec::new()),
    };
    let mut command = Command::new(program);
    command.args(wrapped);
    if !user.is_empty() {
        command.arg(&binary);
    }
    command
        .arg("--index")
        .arg(workspace.index())
        .arg("--corpus")
        .arg(workspace.corpus())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("runs")
}

/// Whether the tests run as root, and the wrapper that runs a command as
/// `nobody` then (permissions do not stop the superuser), through
/// util-linux's `setpriv`; no wrapper otherwise.
fn as_nobody_when_root() -> (bool, &'static [&'static str]) {
    // SAFETY: geteuid has no preconditions and cannot fail.
    if unsafe { libc::geteuid() } == 0 {
        let wrapper: &[&str] = &[
            "setpriv",
            "--reuid=65534",
            "--regid=65534",
            "--clear-groups",
            "--",
        ];
        (true, wrapper)
    } else {
        (false, &[])
    }
}

/// A bulletin file replaced by an empty folder of its name (`x.txt/`)
/// is reported, naming it, as a file that cannot be read is, and its
/// entries stay, through `--rebuild` too (its entries used to go without
/// a word). Once the folder is gone, the file counts as removed.
#[test]
fn a_file_replaced_by_an_empty_folder_of_its_name_is_reported() {
    let workspace = Workspace::new();
    let shipped = workspace.corpus().join(SHIPPED);
    std::fs::write(workspace.corpus().join("2019-05-extra.txt"), EXTRA).expect("write");
    let first = index(&workspace.options());
    let hits = total(&workspace.index(), "firearms");
    assert!(hits > 0);

    std::fs::remove_file(&shipped).expect("remove");
    std::fs::create_dir(&shipped).expect("mkdir");
    for options in [workspace.options(), rebuild_options(&workspace)] {
        let summary = index(&options);
        let named: Vec<&String> = summary
            .warnings
            .iter()
            .filter(|w| w.starts_with(&shipped.display().to_string()))
            .collect();
        assert_eq!(named.len(), 1, "{:?}", summary.warnings);
        assert!(named[0].contains("a folder"), "{}", named[0]);
        assert!(
            named[0].ends_with("its entries from the last run are kept"),
            "{}",
            named[0]
        );
        assert_eq!(summary.files_unreadable, 1);
        assert_eq!(summary.files_removed, 0);
        assert_eq!(summary.entries_total, first.entries_total);
        assert_eq!(total(&workspace.index(), "firearms"), hits);
    }

    std::fs::remove_dir(&shipped).expect("rmdir");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_removed, 1);
    assert_eq!(total(&workspace.index(), "firearms"), 0);
}

/// A sub-folder that cannot be listed keeps the entries indexed from it. A
/// folder's permissions do not stop the superuser, so as root the commands
/// run as `nobody` (through util-linux's `setpriv`).
#[test]
fn a_folder_that_cannot_be_listed_keeps_its_entries() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let sub = corpus.join("2019");
    std::fs::create_dir(&sub).expect("mkdir");
    std::fs::write(sub.join("2019-05-extra.txt"), EXTRA).expect("write");
    let (root, user) = as_nobody_when_root();
    if root {
        // `nobody` works in the workspace: it may enter and write everything.
        for path in [workspace.dir.path(), &corpus, &sub] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        }
    }
    let output = bulletin(&workspace, user, &["index"]);
    assert!(output.status.success(), "{output:?}");
    let count = |output: &Output| String::from_utf8_lossy(&output.stdout).lines().count() - 1;
    let search = bulletin(&workspace, user, &["search", "maritime", "--format", "csv"]);
    assert_eq!(count(&search), 1, "{search:?}");

    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    let output = bulletin(&workspace, user, &["index"]);
    let search = bulletin(&workspace, user, &["search", "maritime", "--format", "csv"]);
    std::fs::set_permissions(&sub, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(count(&search), 1, "{search:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2019: cannot list this folder")
            && stderr.contains("its entries from the last run are kept"),
        "{stderr}"
    );
    let summary = String::from_utf8_lossy(&output.stdout);
    let row = |name: &str| {
        summary
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().last())
            .map(str::to_string)
    };
    assert_eq!(row("files removed"), Some("0".into()), "{summary}");
    assert_eq!(row("files unreadable"), Some("1".into()), "{summary}");
    assert_eq!(
        row("entries in index"),
        Some((gold().len() + 1).to_string()),
        "{summary}"
    );
}

/// An index the user may read but not write (one shared by a team, built by
/// another account) is searched as it is: the update before the search says
/// why it cannot run, and the search answers from the last commit.
#[test]
fn an_index_the_user_cannot_write_is_searched_as_it_is() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = Workspace::new();
    std::fs::write(workspace.corpus().join("2019-05-extra.txt"), EXTRA).expect("write");
    index(&workspace.options());
    let (root, user) = as_nobody_when_root();
    if root {
        // The index stays root's; `nobody` may read it and the corpus.
        for path in [workspace.dir.path(), &workspace.corpus()] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        }
    } else {
        std::fs::set_permissions(workspace.index(), std::fs::Permissions::from_mode(0o555))
            .expect("chmod");
    }
    let output = bulletin(&workspace, user, &["search", "maritime", "--format", "csv"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{output:?}");
    assert!(
        stderr.contains("cannot update the index: cannot write")
            && stderr.contains("searching its last commit"),
        "{stderr}"
    );
    assert_eq!(String::from_utf8_lossy(&output.stdout).lines().count(), 2);
    let output = bulletin(
        &workspace,
        user,
        &["search", "maritime", "--format", "csv", "--no-update"],
    );
    assert!(output.status.success(), "{output:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
    let output = bulletin(&workspace, user, &["index"]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Permission denied"), "{stderr}");
    if !root {
        std::fs::set_permissions(workspace.index(), std::fs::Permissions::from_mode(0o755))
            .expect("chmod");
    }
}

/// A pipe named like a bulletin (`*.txt`) is reported, not read: a read of
/// it would wait for a writer forever.
#[test]
fn a_pipe_named_like_a_bulletin_is_reported_not_read() {
    let workspace = Workspace::new();
    let pipe = workspace.corpus().join("2019-07-pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let options = workspace.options();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(index(&options));
    });
    let summary = receiver
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the index is built, not stuck reading the pipe");
    assert_eq!(summary.files_unreadable, 1);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("2019-07-pipe.txt") && w.contains("not a regular file")),
        "{:?}",
        summary.warnings
    );
    assert_eq!(summary.entries_total, common::gold().len());
}

/// A sub-folder that is a link to a folder elsewhere is listed like any
/// folder; a file reached twice (a link to a corpus file, a folder linked
/// twice, a link to a folder above) is read once, with a warning naming
/// both paths, and its entries are indexed once.
#[test]
fn linked_folders_are_followed_and_a_file_reached_twice_is_read_once() {
    use std::os::unix::fs::symlink;
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let elsewhere = workspace.dir.path().join("elsewhere/2019");
    std::fs::create_dir_all(&elsewhere).expect("mkdir");
    std::fs::write(elsewhere.join("2019-05-extra.txt"), EXTRA).expect("write");
    symlink(&elsewhere, corpus.join("2019")).expect("link");
    symlink(corpus.join(SHIPPED), corpus.join("link.txt")).expect("link");
    symlink("..", corpus.join("2019/up")).expect("link");
    symlink(".", corpus.join("loop")).expect("link");

    let summary = index(&workspace.options());
    assert_eq!(summary.entries_total, gold().len() + 1, "{summary:?}");
    assert_eq!(total(&workspace.index(), "maritime"), 1);
    let all = ids(&workspace.index());
    let mut unique = all.clone();
    unique.dedup();
    assert_eq!(all, unique, "an entry indexed twice");
    let shipped = corpus.join(SHIPPED).display().to_string();
    let link = corpus.join("link.txt").display().to_string();
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.starts_with(&link) && w.contains(&shipped)),
        "{:?}",
        summary.warnings
    );
    let looped = corpus.join("loop").display().to_string();
    assert!(
        summary.warnings.iter().any(|w| w.starts_with(&looped)),
        "{:?}",
        summary.warnings
    );
}

/// A file rewritten as `sed -i` does (a new file renamed over the old one)
/// to the same size, its modification time then set back, is read again:
/// its inode and status change time tell. A file only touched is hashed,
/// found unchanged, and not re-indexed.
#[test]
fn a_file_rewritten_to_the_same_size_and_time_is_read_again() {
    let workspace = Workspace::new();
    let shipped = workspace.corpus().join(SHIPPED);
    index(&workspace.options());
    let text = std::fs::read_to_string(&shipped).expect("read");
    let (word, same_size) = ("firearms", "firebird");
    assert!(text.contains(word) && !text.contains(same_size));
    assert_eq!(total(&workspace.index(), same_size), 0);
    let before = std::fs::metadata(&shipped).expect("stat");

    let rewritten = workspace.corpus().join(".rewrite");
    std::fs::write(&rewritten, text.replace(word, same_size)).expect("write");
    std::fs::rename(&rewritten, &shipped).expect("rename");
    let set_modified = |time: std::time::SystemTime| {
        std::fs::File::options()
            .write(true)
            .open(&shipped)
            .and_then(|file| file.set_modified(time))
            .expect("set the modification time");
    };
    set_modified(before.modified().expect("mtime"));
    let after = std::fs::metadata(&shipped).expect("stat");
    assert_eq!(after.len(), before.len());
    assert_eq!(after.modified().ok(), before.modified().ok());

    let summary = index(&workspace.options());
    assert_eq!((summary.files_indexed, summary.files_skipped), (1, 0));
    assert!(total(&workspace.index(), same_size) > 0);

    // Touched only: the hash is the same, nothing is re-indexed.
    set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(60));
    let summary = index(&workspace.options());
    assert_eq!(
        (summary.files_indexed, summary.files_unchanged_content),
        (0, 1)
    );
    let summary = index(&workspace.options());
    assert_eq!((summary.files_indexed, summary.files_skipped), (0, 1));
}

/// An index whose files were read by another build of the reader (one
/// that may make other records of the same files) is read again whole by
/// the next update, with the same ids; an index read by this build is not.
/// An index's manifest from before the reader was fingerprinted counts as
/// another reader's.
#[test]
fn an_index_read_by_another_reader_is_read_again() {
    let workspace = Workspace::new();
    let options = workspace.options();
    let first = index(&options);
    let files = first.files_indexed;
    assert!(files > 0);
    let before = ids(&workspace.index());
    let again = index(&options);
    assert_eq!((again.files_indexed, again.files_skipped), (0, files));
    // The manifest as another reader, or no fingerprinted reader, left it.
    let set_reader = |reader: Option<&str>| {
        let index = tantivy::Index::open_in_dir(workspace.index()).expect("open");
        let payload = index
            .load_metas()
            .expect("metas")
            .payload
            .expect("a manifest");
        let mut manifest: serde_json::Value = serde_json::from_str(&payload).expect("JSON");
        let fields = manifest.as_object_mut().expect("an object");
        match reader {
            Some(reader) => fields.insert("reader".into(), reader.into()),
            None => fields.remove("reader"),
        };
        let mut writer: tantivy::IndexWriter = index.writer(50_000_000).expect("writer");
        let mut prepared = writer.prepare_commit().expect("prepare");
        prepared.set_payload(&manifest.to_string());
        prepared.commit().expect("commit");
    };
    for reader in [Some("another reader"), None] {
        set_reader(reader);
        let summary = index(&options);
        assert_eq!(
            (summary.files_indexed, summary.files_skipped),
            (files, 0),
            "{reader:?}"
        );
        assert_eq!(summary.entries_total, gold().len());
        assert_eq!(ids(&workspace.index()), before);
        let after = index(&options);
        assert_eq!((after.files_indexed, after.files_skipped), (0, files));
    }
}

/// Hidden files and folders in a corpus folder are not read: the `._*.txt`
/// files a Mac leaves beside each file it copies (binary resource forks),
/// a `.git` folder, an editor's `.x.txt` backup. Before, each was read as
/// a bulletin: the resource fork became an entry of undecodable bytes with
/// warnings, and a backup doubled the activities of its file. A hidden
/// file named as a corpus path is read.
#[test]
fn hidden_files_and_folders_of_a_corpus_folder_are_not_read() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let shipped = std::fs::read(corpus.join(SHIPPED)).expect("shipped bulletin");
    let mut fork = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ".to_vec();
    fork.extend(std::iter::repeat_n(0xAB_u8, 64));
    std::fs::write(corpus.join(format!("._{SHIPPED}")), &fork).expect("write");
    std::fs::write(corpus.join(format!(".{SHIPPED}")), &shipped).expect("write");
    std::fs::create_dir_all(corpus.join(".git")).expect("mkdir");
    std::fs::write(corpus.join(".git/2019-05-extra.txt"), EXTRA).expect("write");

    let summary = index(&workspace.options());
    assert_eq!(summary.entries_total, gold().len(), "{summary:?}");
    assert_eq!(total(&workspace.index(), "maritime"), 0);
    assert!(summary.warnings.is_empty(), "{:?}", summary.warnings);

    // Named as a corpus path, a hidden file is read.
    let options = IndexOptions::new(
        workspace.index(),
        vec![corpus.clone(), corpus.join(".git/2019-05-extra.txt")],
    );
    let summary = index(&options);
    assert_eq!(summary.entries_total, gold().len() + 1, "{summary:?}");
    assert_eq!(total(&workspace.index(), "maritime"), 1);
}

/// An entry whose date and title `dup_file` gives, with `body` telling
/// the copies apart.
fn duplicate(body: &str) -> String {
    format!(
        "Regional workshop on container profiling\n8 March 2022, Skopje, North Macedonia: UNODC held a workshop on {body}.\n"
    )
}

/// The workspace's options with `--rebuild`.
fn rebuild_options(workspace: &Workspace) -> IndexOptions {
    IndexOptions {
        rebuild: true,
        ..workspace.options()
    }
}

/// Writes `name` into the corpus, one activity like the others with
/// `body`, and updates the index.
fn add_duplicate(workspace: &Workspace, name: &str, body: &str) {
    std::fs::write(workspace.corpus().join(name), duplicate(body)).expect("write");
    index(&workspace.options());
}

/// The index's activities by id, each as its title and source file.
fn activities(index_dir: &Path) -> std::collections::BTreeMap<String, (String, String)> {
    let engine = Engine::open(index_dir).expect("index opens");
    engine
        .records()
        .expect("records")
        .into_iter()
        .map(|r| (r.id, (r.title, r.source)))
        .collect()
}

/// The id of the one activity of `source` in the index.
fn id_from(index_dir: &Path, source: &str) -> String {
    let found: Vec<String> = activities(index_dir)
        .into_iter()
        .filter(|(_, (_, s))| s == source)
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found.len(), 1, "{source}: {found:?}");
    found[0].clone()
}

/// Each id of `expected` still names the same activity (title and
/// source): in the index's records, by `show`, and by `bulletin show`.
fn assert_same_activities(
    workspace: &Workspace,
    expected: &std::collections::BTreeMap<String, (String, String)>,
    when: &str,
) {
    assert_eq!(&activities(&workspace.index()), expected, "{when}");
    let engine = Engine::open(&workspace.index()).expect("index opens");
    for (id, (title, source)) in expected {
        let record = engine.show(id).expect("show finds the id");
        assert_eq!(
            (&record.title, &record.source),
            (title, source),
            "{when}: {id}"
        );
    }
    drop(engine);
    for (id, (_, source)) in expected
        .iter()
        .filter(|(_, (_, s))| s.ends_with("-2022.txt"))
    {
        let output = bulletin(
            workspace,
            &[],
            &["show", id, "--format", "json", "--no-update"],
        );
        assert!(output.status.success(), "{output:?}");
        let shown: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
        assert_eq!(
            shown["source"].as_str(),
            Some(source.as_str()),
            "{when}: {id}"
        );
    }
}

/// `z-2022.txt` holds an activity; `a-2022.txt`, read before it, is added
/// later with one of the same date and title. The update leaves z its id
/// and gives a's the next number; `--rebuild` keeps both (it used to deal
/// the numbers in file order, moving z's id, and its links, to a's
/// activity). An index built fresh from the same corpus, with no old
/// index, deals them in file order.
#[test]
fn a_rebuild_keeps_the_ids_an_update_gave_to_duplicates() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    let first = id_from(&workspace.index(), "z-2022.txt");

    add_duplicate(&workspace, "a-2022.txt", "alpha");
    assert_eq!(id_from(&workspace.index(), "z-2022.txt"), first);
    assert_eq!(
        id_from(&workspace.index(), "a-2022.txt"),
        format!("{first}-2")
    );
    let updated = activities(&workspace.index());
    assert_same_activities(&workspace, &updated, "after the update");

    let rebuild = rebuild_options(&workspace);
    let summary = index(&rebuild);
    assert_eq!(summary.entries_total, updated.len());
    assert_same_activities(&workspace, &updated, "after --rebuild");
    index(&rebuild);
    assert_same_activities(&workspace, &updated, "after a second --rebuild");

    // No old index: the numbers go in file order.
    let fresh = workspace.dir.path().join("fresh");
    index(&IndexOptions::new(&fresh, vec![corpus.clone()]));
    assert_eq!(id_from(&fresh, "a-2022.txt"), first);
    assert_eq!(id_from(&fresh, "z-2022.txt"), format!("{first}-2"));
}

/// A third activity of the same date and title, in a file read between
/// the two, takes the next number, and keeps it through `--rebuild`.
#[test]
fn a_third_duplicate_keeps_its_id_through_a_rebuild() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    let first = id_from(&workspace.index(), "z-2022.txt");
    add_duplicate(&workspace, "m-2022.txt", "mike");
    assert_eq!(
        id_from(&workspace.index(), "m-2022.txt"),
        format!("{first}-3")
    );
    let updated = activities(&workspace.index());

    let rebuild = rebuild_options(&workspace);
    index(&rebuild);
    assert_same_activities(&workspace, &updated, "after --rebuild");
}

/// One of three duplicates is removed and the index rebuilt at once: the
/// other two keep their ids, and one added afterwards takes a new number,
/// not the removed one's (retired: a bookmark of it opens no other activity).
#[test]
fn a_duplicate_removed_then_rebuilt_leaves_the_others_their_ids() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    add_duplicate(&workspace, "m-2022.txt", "mike");
    let first = id_from(&workspace.index(), "z-2022.txt");
    let mut kept = activities(&workspace.index());
    let removed = format!("{first}-2");
    assert_eq!(
        kept.remove(&removed).map(|(_, s)| s).as_deref(),
        Some("a-2022.txt")
    );

    std::fs::remove_file(corpus.join("a-2022.txt")).expect("remove");
    let rebuild = rebuild_options(&workspace);
    index(&rebuild);
    assert_same_activities(&workspace, &kept, "after removing one and --rebuild");

    std::fs::write(corpus.join("b-2022.txt"), duplicate("bravo")).expect("write");
    index(&rebuild);
    let bravo = id_from(&workspace.index(), "b-2022.txt");
    assert_eq!(bravo, format!("{first}-4"));
    let title = kept[&first].0.clone();
    kept.insert(bravo, (title, "b-2022.txt".to_string()));
    assert_same_activities(&workspace, &kept, "after adding one and --rebuild");
}

/// `--rebuild` over an index it must clear (a segment file missing) keeps
/// the ids its manifest retired, when that can be read: a later activity
/// of the same date and title as a removed one takes a new number, and the
/// removed one's bookmarks still say it was removed (clearing the index
/// lost them, and the next such activity took the removed one's id).
#[test]
fn a_rebuild_that_clears_a_damaged_index_keeps_its_retired_ids() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("z-2022.txt");
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    let removed = id_of(&workspace.index(), "z-2022.txt", "zulu");
    std::fs::remove_file(&file).expect("remove");
    index(&workspace.options());

    let missing = common::term_files(&workspace.index())
        .into_iter()
        .next()
        .expect("a term dictionary");
    std::fs::remove_file(&missing).expect("remove a segment file");
    assert!(
        build(&workspace.options()).is_err(),
        "the damage is not seen"
    );
    index(&rebuild_options(&workspace));

    add_duplicate(&workspace, "b-2022.txt", "bravo");
    let bravo = id_of(&workspace.index(), "b-2022.txt", "bravo");
    assert_eq!(bravo, format!("{removed}-2"));
    let engine = Engine::open(&workspace.index()).expect("index opens");
    assert!(
        matches!(engine.show(&removed), Err(bulletin::Error::RemovedId(_))),
        "{removed}"
    );
}

/// `--rebuild` over an index whose files are damaged (runs of zero or 0xFF
/// bytes in its term dictionaries, record stores, posting lists or fast
/// fields) builds it again: the old ids it cannot read are dealt in file
/// order, as in a build from scratch, and no damage stops it.
#[test]
fn a_rebuild_over_a_damaged_index_still_builds_it() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    let first = id_from(&workspace.index(), "z-2022.txt");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    let kept = activities(&workspace.index());
    let in_file_order = {
        let mut ids = kept.clone();
        ids.insert(first.clone(), (kept[&first].0.clone(), "a-2022.txt".into()));
        ids.insert(
            format!("{first}-2"),
            (kept[&first].0.clone(), "z-2022.txt".into()),
        );
        ids
    };
    let mut dealt_again = 0;
    // A damaged term dictionary made the search library panic as
    // `--rebuild` opened the index, which then stopped with "run `bulletin
    // index --rebuild`": the panic is now a damaged index, cleared.
    for kind in ["term", "store", "idx", "fast"] {
        for fill in [0x00u8, 0xFF] {
            // The files of the index as it now is: each rebuild makes new ones.
            let files: Vec<PathBuf> = std::fs::read_dir(workspace.index())
                .expect("index folder")
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == kind))
                .collect();
            assert!(!files.is_empty(), "no .{kind} file");
            for file in &files {
                let original = std::fs::read(file).expect("segment file");
                common::replace_file(file, &common::overwritten(&original, 1, 16, fill));
            }
            let output = bulletin(&workspace, &[], &["index", "--rebuild"]);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(output.status.success(), ".{kind} ({fill:#04x}): {stderr}");
            assert!(!stderr.contains("panicked"), "{stderr}");
            let now = activities(&workspace.index());
            if now == in_file_order {
                dealt_again += 1;
            } else {
                assert_eq!(now, kept, ".{kind} ({fill:#04x})");
            }
            // The next round starts from the ids the update gives.
            std::fs::remove_dir_all(workspace.index()).expect("remove the index");
            std::fs::remove_file(corpus.join("a-2022.txt")).expect("remove");
            index(&workspace.options());
            add_duplicate(&workspace, "a-2022.txt", "alpha");
            assert_eq!(activities(&workspace.index()), kept);
        }
    }
    // Some damage kept the old ids from being read.
    assert!(dealt_again > 0);
}

/// The index's activities by id, each as its source file and body.
fn bodies(index_dir: &Path) -> std::collections::BTreeMap<String, (String, String)> {
    let engine = Engine::open(index_dir).expect("index opens");
    engine
        .records()
        .expect("records")
        .into_iter()
        .map(|r| (r.id, (r.source, r.body)))
        .collect()
}

/// The id of the one activity of `source` whose body holds `word`.
fn id_of(index_dir: &Path, source: &str, word: &str) -> String {
    let found: Vec<String> = bodies(index_dir)
        .into_iter()
        .filter(|(_, (s, body))| s == source && body.contains(word))
        .map(|(id, _)| id)
        .collect();
    assert_eq!(found.len(), 1, "{source} {word}: {found:?}");
    found[0].clone()
}

/// An activity of the same date and title added above an indexed one in
/// the same file takes the next number; the indexed one keeps its id (the
/// update used to deal the file's ids again in line order, so the old id,
/// and its bookmarks, went to the new activity). `--rebuild` then keeps
/// both.
#[test]
fn a_duplicate_added_above_in_the_same_file_leaves_the_old_one_its_id() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("z-2022.txt");
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    let first = id_of(&workspace.index(), "z-2022.txt", "zulu");

    let both = format!("{}\n{}", duplicate("yankee"), duplicate("zulu"));
    std::fs::write(&file, both).expect("write");
    index(&workspace.options());
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "zulu"), first);
    assert_eq!(
        id_of(&workspace.index(), "z-2022.txt", "yankee"),
        format!("{first}-2")
    );
    let updated = bodies(&workspace.index());

    index(&rebuild_options(&workspace));
    assert_eq!(bodies(&workspace.index()), updated, "after --rebuild");
}

/// Writes the index's records again as an index of the first version's
/// schema (title, body and dateline apart), with its manifest (version 1)
/// in the commit payload, as an earlier bulletin left it; returns the
/// records.
fn to_the_first_schema(workspace: &Workspace) -> Vec<bulletin::extract::Record> {
    to_the_first_schema_storing(workspace, |_, json| json)
}

/// [`to_the_first_schema`], each record stored as `stored` makes its JSON
/// (given the record), as an earlier bulletin may have stored it.
fn to_the_first_schema_storing(
    workspace: &Workspace,
    stored: impl Fn(&bulletin::extract::Record, String) -> String,
) -> Vec<bulletin::extract::Record> {
    use tantivy::schema::{STORED, STRING, TEXT};
    let engine = Engine::open(&workspace.index()).expect("index opens");
    let records = engine.records().expect("records");
    let opened = bulletin::index::open_existing(&workspace.index()).expect("opens");
    let mut manifest = bulletin::index::load_manifest(&opened).expect("manifest");
    drop((engine, opened));
    manifest.version = 1;
    let key_of = |source: &str| {
        manifest
            .files
            .iter()
            .find(|(_, state)| state.source == source)
            .map(|(key, _)| key.clone())
            .expect("the record's file is listed")
    };
    std::fs::remove_dir_all(workspace.index()).expect("remove");
    std::fs::create_dir_all(workspace.index()).expect("index folder");
    let mut builder = tantivy::schema::Schema::builder();
    let id = builder.add_text_field("id", STRING | STORED);
    let file = builder.add_text_field("file", STRING);
    let title = builder.add_text_field("title", TEXT);
    let body = builder.add_text_field("body", TEXT);
    builder.add_text_field("dateline", TEXT);
    let record = builder.add_text_field("record", STORED);
    let old = tantivy::Index::create_in_dir(workspace.index(), builder.build()).expect("old");
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
    for r in &records {
        let json = stored(r, serde_json::to_string(r).expect("JSON"));
        writer
            .add_document({
                let mut doc = tantivy::TantivyDocument::default();
                doc.add_text(id, &r.id);
                doc.add_text(file, key_of(&r.source));
                doc.add_text(title, &r.title);
                doc.add_text(body, &r.body);
                doc.add_text(record, json);
                doc
            })
            .expect("add");
    }
    let mut prepared = writer.prepare_commit().expect("prepare");
    prepared.set_payload(&serde_json::to_string(&manifest).expect("manifest JSON"));
    prepared.commit().expect("commit");
    drop((writer, old));
    records
}

/// An index written by an earlier bulletin, of another schema (title, body
/// and dateline apart, as the first version kept them), is rebuilt by the
/// next `bulletin index`, which reads its records' ids first: z's activity
/// keeps the `X` an update gave it and a's, read first, `X-2` (the
/// rebuild used to remove the old index before reading it and dealt the
/// numbers in file order, moving `X`, and its bookmarks, to a's activity).
#[test]
fn an_index_of_an_earlier_schema_is_rebuilt_with_its_ids() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    let expected = bodies(&workspace.index());
    let first = id_of(&workspace.index(), "z-2022.txt", "zulu");
    assert_eq!(
        id_of(&workspace.index(), "a-2022.txt", "alpha"),
        format!("{first}-2")
    );

    let records = to_the_first_schema(&workspace);

    let summary = index(&workspace.options());
    assert_eq!(summary.entries_total, records.len());
    assert_eq!(bodies(&workspace.index()), expected);
}

/// A file removed from the corpus before a full build that replaces the
/// index (`--rebuild`, or the rebuild of an index of an earlier schema):
/// its activity's id is retired, so that an activity of the same date and
/// title added later takes a new number, and the removed one's bookmarks
/// say it was removed (the rebuild of an earlier schema's index let the
/// ids of the files it no longer found go, and the next such activity
/// took one).
#[test]
fn a_full_build_retires_the_ids_of_the_files_it_no_longer_finds() {
    for how in [
        "--rebuild",
        "the upgrade",
        "--rebuild over a manifest short of a file",
    ] {
        let workspace = Workspace::new();
        let corpus = workspace.corpus();
        add_duplicate(&workspace, "z-2022.txt", "zulu");
        add_duplicate(&workspace, "a-2022.txt", "alpha");
        let first = id_of(&workspace.index(), "z-2022.txt", "zulu");
        let removed = id_of(&workspace.index(), "a-2022.txt", "alpha");
        assert_eq!(removed, format!("{first}-2"));

        std::fs::remove_file(corpus.join("a-2022.txt")).expect("remove");
        match how {
            "the upgrade" => {
                to_the_first_schema(&workspace);
                index(&workspace.options());
            }
            "--rebuild" => {
                index(&rebuild_options(&workspace));
            }
            _ => {
                // The manifest no longer lists a-2022.txt, whose records
                // stay: the rebuild empties the index at its start.
                let old = tantivy::Index::open_in_dir(workspace.index()).expect("opens");
                let payload = old.load_metas().expect("metas").payload.expect("payload");
                let mut manifest: serde_json::Value =
                    serde_json::from_str(&payload).expect("manifest");
                let files = manifest["files"].as_object_mut().expect("files");
                files.retain(|key, _| !key.ends_with("a-2022.txt"));
                let mut writer: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
                let mut prepared = writer.prepare_commit().expect("prepare");
                prepared.set_payload(&manifest.to_string());
                prepared.commit().expect("commit");
                drop((writer, old));
                index(&rebuild_options(&workspace));
            }
        }
        let when = how;
        assert_eq!(
            id_of(&workspace.index(), "z-2022.txt", "zulu"),
            first,
            "{when}"
        );
        add_duplicate(&workspace, "b-2022.txt", "bravo");
        let bravo = id_of(&workspace.index(), "b-2022.txt", "bravo");
        assert_eq!(bravo, format!("{first}-3"), "after {when}");
        let engine = Engine::open(&workspace.index()).expect("index opens");
        match engine.show(&removed) {
            Err(bulletin::Error::RemovedId(id)) => assert_eq!(id, removed, "{when}"),
            other => panic!("after {when}, {removed}: {other:?}"),
        }
        drop(engine);
        // The removed activity back, as it was: its id again.
        std::fs::write(corpus.join("a-2022.txt"), duplicate("alpha")).expect("write");
        index(&workspace.options());
        assert_eq!(
            id_of(&workspace.index(), "a-2022.txt", "alpha"),
            removed,
            "{when}"
        );
    }
}

/// A file that cannot be read when an index of an earlier schema is
/// rebuilt keeps its entries, with their ids, as it does through any
/// update: its records are read before the old index goes and put in the
/// new one, and once it can be read again it is read (its entries used to
/// go with the old index, the warning saying "it is not indexed").
#[test]
fn a_file_that_cannot_be_read_keeps_its_entries_through_an_upgrade() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    let expected = bodies(&workspace.index());
    let zulu = id_of(&workspace.index(), "z-2022.txt", "zulu");
    to_the_first_schema(&workspace);
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink(workspace.dir.path().join("nowhere"), &file).expect("link");

    let summary = index(&workspace.options());
    assert_eq!(summary.files_unreadable, 1);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("z-2022.txt")
                && w.ends_with("its entries from the last run are kept")),
        "{:?}",
        summary.warnings
    );
    assert_eq!(bodies(&workspace.index()), expected);
    // Its id stays its own.
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "zulu"), zulu);
    assert_eq!(
        id_of(&workspace.index(), "a-2022.txt", "alpha"),
        format!("{zulu}-2")
    );

    // Readable again, edited: read, and its entry keeps its id.
    std::fs::remove_file(&file).expect("remove");
    std::fs::write(&file, duplicate("zulu and yankee")).expect("write");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_unreadable, 0);
    assert_eq!(summary.entries_total, expected.len() + 1);
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "yankee"), zulu);
}

/// `--rebuild` over an index whose manifest does not account for every
/// record (it empties the index at its start) keeps the entries of a file
/// that cannot be read, with their ids, since it can read their records
/// (they went with the index, the warning saying "it is not indexed").
#[test]
fn a_rebuild_that_empties_the_index_keeps_the_entries_of_a_file_it_cannot_read() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    let zulu = id_of(&workspace.index(), "z-2022.txt", "zulu");
    let expected = bodies(&workspace.index());
    // The manifest no longer lists a-2022.txt, whose records stay.
    let old = tantivy::Index::open_in_dir(workspace.index()).expect("opens");
    let payload = old.load_metas().expect("metas").payload.expect("payload");
    let mut manifest: serde_json::Value = serde_json::from_str(&payload).expect("manifest");
    let files = manifest["files"].as_object_mut().expect("files");
    files.retain(|key, _| !key.ends_with("a-2022.txt"));
    let mut writer: tantivy::IndexWriter = old.writer(15_000_000).expect("writer");
    let mut prepared = writer.prepare_commit().expect("prepare");
    prepared.set_payload(&manifest.to_string());
    prepared.commit().expect("commit");
    drop((writer, old));
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink(workspace.dir.path().join("nowhere"), &file).expect("link");

    let summary = index(&rebuild_options(&workspace));
    assert_eq!(summary.files_unreadable, 1);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("z-2022.txt")
                && w.ends_with("its entries from the last run are kept")),
        "{:?}",
        summary.warnings
    );
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "zulu"), zulu);
    assert_eq!(bodies(&workspace.index()).len(), expected.len());

    // Readable again: read, its entry keeping its id.
    std::fs::remove_file(&file).expect("remove");
    std::fs::write(&file, duplicate("zulu")).expect("write");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_unreadable, 0);
    assert_eq!(bodies(&workspace.index()), expected);
}

/// An entry's id follows its date and title: editing the body of one of
/// two entries of the same date and title in a file keeps both ids, and
/// editing the title gives the entry the id of its new title, the old one
/// then opening nothing.
#[test]
fn an_edited_entry_keeps_its_id_unless_its_title_or_date_changes() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("z-2022.txt");
    let both = |first: &str, second: &str| format!("{}\n{}", duplicate(first), duplicate(second));
    std::fs::write(&file, both("yankee", "zulu")).expect("write");
    index(&workspace.options());
    let yankee = id_of(&workspace.index(), "z-2022.txt", "yankee");
    let zulu = id_of(&workspace.index(), "z-2022.txt", "zulu");

    std::fs::write(&file, both("yankee", "zulu and xray")).expect("write");
    index(&workspace.options());
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "yankee"), yankee);
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "xray"), zulu);

    let retitled = both("yankee", "zulu and xray").replace(
        "Regional workshop on container profiling\n8 March 2022, Skopje, North Macedonia: UNODC held a workshop on zulu",
        "Seminar on risk profiling\n8 March 2022, Skopje, North Macedonia: UNODC held a workshop on zulu",
    );
    std::fs::write(&file, &retitled).expect("write");
    index(&workspace.options());
    let new_id = id_of(&workspace.index(), "z-2022.txt", "xray");
    let expected = bulletin::extract::base_id(
        chrono::NaiveDate::from_ymd_opt(2022, 3, 8),
        "Seminar on risk profiling",
    );
    assert_eq!(new_id, expected);
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "yankee"), yankee);
    let engine = Engine::open(&workspace.index()).expect("index opens");
    let old = engine.show(&zulu);
    assert!(
        old.as_ref().map_or(true, |r| r.id != new_id),
        "the old id opens the retitled activity: {old:?}"
    );
}

/// Two changed files in one update: a's gets an activity of the same date
/// and title as z's, above its own, while z changes elsewhere. z's
/// activity keeps its id, and a's new one takes the next number (the
/// update used to free z's ids before reading a, whose new activity then
/// took z's id).
#[test]
fn a_duplicate_added_while_the_file_of_the_first_changes_too_takes_a_new_number() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    let zulu = id_of(&workspace.index(), "z-2022.txt", "zulu");
    let alpha = id_of(&workspace.index(), "a-2022.txt", "alpha");

    let a = format!("{}\n{}", duplicate("yankee"), duplicate("alpha"));
    std::fs::write(corpus.join("a-2022.txt"), a).expect("write");
    let z = format!("{}\n{EXTRA}", duplicate("zulu"));
    std::fs::write(corpus.join("z-2022.txt"), z).expect("write");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_indexed, 2);
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "zulu"), zulu);
    assert_eq!(id_of(&workspace.index(), "a-2022.txt", "alpha"), alpha);
    assert_eq!(
        id_of(&workspace.index(), "a-2022.txt", "yankee"),
        format!("{zulu}-3")
    );
}

/// A changed file that cannot be read keeps its entries, and their ids:
/// an activity of the same date and title added in another file in the
/// same update takes the next number (it took the unreadable file's id,
/// which two activities then held). And `--rebuild` keeps the entries of a
/// file it cannot read, where it used to drop them. Permissions do not stop
/// the superuser, so as root the commands run as `nobody`.
#[test]
fn a_file_that_cannot_be_read_keeps_its_ids_and_its_entries_through_a_rebuild() {
    use std::os::unix::fs::PermissionsExt;
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let (root, user) = as_nobody_when_root();
    if root {
        for path in [workspace.dir.path(), &corpus] {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o777)).expect("chmod");
        }
    }
    let z = corpus.join("z-2022.txt");
    std::fs::write(&z, duplicate("zulu")).expect("write");
    std::fs::set_permissions(&z, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let run = |args: &[&str]| {
        let output = bulletin(&workspace, user, args);
        assert!(output.status.success(), "{output:?}");
        output
    };
    run(&["index"]);
    let before = bodies(&workspace.index());
    let zulu = id_of(&workspace.index(), "z-2022.txt", "zulu");

    std::fs::set_permissions(&z, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::write(corpus.join("a-2022.txt"), duplicate("alpha")).expect("write");
    let output = run(&["index"]);
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(stderr.contains("z-2022.txt: cannot read"), "{stderr}");
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "zulu"), zulu);
    assert_eq!(
        id_of(&workspace.index(), "a-2022.txt", "alpha"),
        format!("{zulu}-2")
    );
    let updated = bodies(&workspace.index());
    assert_eq!(updated.len(), before.len() + 1);

    let output = run(&["index", "--rebuild"]);
    let rebuilt = bodies(&workspace.index());
    std::fs::set_permissions(&z, std::fs::Permissions::from_mode(0o666)).expect("chmod");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(stderr.contains("z-2022.txt: cannot read"), "{stderr}");
    assert_eq!(rebuilt, updated, "after --rebuild");

    // Readable again: read again, with its id.
    run(&["index"]);
    assert_eq!(bodies(&workspace.index()), updated);
}

/// A file renamed and edited in one update: its activities of one date
/// and title keep their ids, the one removed leaving its own free (they
/// were dealt again from `X` as entries of a new file, so the second took
/// the removed first's id).
#[test]
fn a_file_renamed_and_edited_at_once_leaves_its_duplicates_their_ids() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let three = format!(
        "{}\n{}\n{}",
        duplicate("one"),
        duplicate("two"),
        duplicate("three")
    );
    std::fs::write(corpus.join("z-2022.txt"), three).expect("write");
    index(&workspace.options());
    let two = id_of(&workspace.index(), "z-2022.txt", "two");
    let three = id_of(&workspace.index(), "z-2022.txt", "three");

    std::fs::remove_file(corpus.join("z-2022.txt")).expect("remove");
    let edited = format!("{}\n{}", duplicate("two"), duplicate("three, edited"));
    std::fs::write(corpus.join("y-2022.txt"), edited).expect("write");
    index(&workspace.options());
    assert_eq!(id_of(&workspace.index(), "y-2022.txt", "two"), two);
    assert_eq!(id_of(&workspace.index(), "y-2022.txt", "edited"), three);
}

/// The whole id of an activity since removed names no other activity: not
/// its twin of the same title and day (`X-2`), whose id starts so (`show`
/// used to take the whole old id as the start of the twin's, so a bookmark
/// of the removed activity opened another one). A start of an id still
/// opens the one activity it names.
#[test]
fn the_id_of_a_removed_activity_opens_none_of_its_twins() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("z-2022.txt");
    let both = format!("{}\n{}", duplicate("yankee"), duplicate("zulu"));
    std::fs::write(&file, both).expect("write");
    index(&workspace.options());
    let removed = id_of(&workspace.index(), "z-2022.txt", "yankee");
    let twin = id_of(&workspace.index(), "z-2022.txt", "zulu");
    assert_eq!(twin, format!("{removed}-2"));

    std::fs::write(&file, duplicate("zulu")).expect("write");
    index(&workspace.options());
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "zulu"), twin);
    let engine = Engine::open(&workspace.index()).expect("index opens");
    for written in [
        removed.clone(),
        removed.to_uppercase(),
        format!(" {removed}\n"),
    ] {
        match engine.show(&written) {
            Err(err) => assert!(err.to_string().contains("was removed"), "{err}"),
            Ok(record) => panic!("{written:?} opened {}", record.id),
        }
        assert!(engine.similar(&written, 3).is_err(), "{written:?}");
    }
    assert_eq!(engine.show(&twin).expect("the twin").id, twin);
    let start = &twin[..twin.len() - 5];
    assert_eq!(engine.show(start).expect("a start of one id").id, twin);
}

/// An update reads each file's bytes once and takes its hash and its
/// entries from them: a file that changes while the update runs is indexed
/// as it was when read, and the manifest records the hash of what was
/// indexed, so the next run indexes the change (the update used to read a
/// changed file up to three times: to hash it, to tell which of its ids
/// stay, and to index it, so what the manifest said and what the index held
/// could come from different reads). A test seam changes the file right
/// after each read.
#[test]
fn an_update_reads_each_file_once_and_indexes_what_it_hashed() {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::write(corpus.join("2019-05-extra.txt"), EXTRA).expect("write");
    let three = format!(
        "{}\n{}\n{}",
        duplicate("one"),
        duplicate("two"),
        duplicate("three")
    );
    std::fs::write(corpus.join("z-2022.txt"), three).expect("write");
    index(&workspace.options());

    // A changed file, and a file renamed and edited at once.
    let extra = corpus.join("2019-05-extra.txt");
    let changed = format!(
        "{EXTRA}\nSecond activity on maritime security\n6 May 2019, Durrës, Albania: UNODC trained stevedores.\n"
    );
    std::fs::write(&extra, changed).expect("write");
    std::fs::remove_file(corpus.join("z-2022.txt")).expect("remove");
    let renamed = corpus.join("y-2022.txt");
    let edited = format!("{}\n{}", duplicate("two"), duplicate("three, edited"));
    std::fs::write(&renamed, edited).expect("write");

    let reads: Arc<Mutex<HashMap<PathBuf, usize>>> = Arc::default();
    let late = "\nLate activity on maritime security\n7 May 2019, Durrës, Albania: UNODC trained quartermasters.\n";
    let hook = {
        let reads = Arc::clone(&reads);
        let watched = [extra.clone(), renamed.clone()];
        bulletin::index::read_hooks::install(move |path| {
            let Some(file) = watched.iter().find(|w| w.as_path() == path) else {
                return;
            };
            let mut reads = reads.lock().expect("lock");
            let count = reads.entry(file.clone()).or_default();
            *count += 1;
            if *count == 1 {
                // The file changes right after the update read it.
                let mut text = std::fs::read_to_string(file).expect("read");
                text.push_str(late);
                std::fs::write(file, text).expect("write");
            }
        })
    };
    let summary = index(&workspace.options());
    drop(hook);
    let counted = reads.lock().expect("lock").clone();
    assert_eq!(counted.get(&extra), Some(&1), "{counted:?}");
    assert_eq!(counted.get(&renamed), Some(&1), "{counted:?}");
    assert_eq!(summary.files_indexed, 2, "{summary:?}");
    // Indexed as read: the stevedores, not yet the quartermasters.
    assert_eq!(total(&workspace.index(), "stevedores"), 1);
    assert_eq!(total(&workspace.index(), "quartermasters"), 0);

    // The change made meanwhile is not lost: the next run indexes it.
    let summary = index(&workspace.options());
    assert_eq!(summary.files_indexed, 2, "{summary:?}");
    assert_eq!(total(&workspace.index(), "quartermasters"), 2);
    assert_eq!(total(&workspace.index(), "stevedores"), 1);
}

/// A build that reads every file again pairs old files with new ones as an
/// update does: by canonical path first, then by content. Rebuilt through
/// another path to the corpus, beside a copy of a bulletin added meanwhile,
/// the bulletin's activities keep their ids and the copy takes new numbers
/// (the full build paired each new file in turn, by canonical path or else
/// content, so the copy, listed first, took the bulletin's ids by its
/// content, and the bulletin, found by its canonical path, got new ones).
#[test]
fn a_rebuild_through_another_path_leaves_a_files_ids_to_it_not_to_a_copy() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    index(&workspace.options());
    let ids_of = |source: &str| -> Vec<String> {
        activities(&workspace.index())
            .into_iter()
            .filter(|(_, (_, s))| s == source)
            .map(|(id, _)| id)
            .collect()
    };
    let before = ids_of(SHIPPED);
    assert_eq!(before.len(), gold().len());

    let copy = "2022-03-copy.txt";
    std::fs::copy(corpus.join(SHIPPED), corpus.join(copy)).expect("copy");
    let link = workspace.dir.path().join("link");
    std::os::unix::fs::symlink(&corpus, &link).expect("symlink");
    let options = IndexOptions {
        rebuild: true,
        ..IndexOptions::new(workspace.index(), vec![link])
    };
    index(&options);
    assert_eq!(ids_of(SHIPPED), before);
    assert!(ids_of(copy).iter().all(|id| !before.contains(id)));
}

/// The id of an activity removed by an update is not given to another
/// activity of the same date and title added later: a bookmark of the
/// removed one says it was removed rather than opening another
/// (a freed id used to go to the next entry of its date and title). The
/// same activity put back (its file restored) gets its id again, and so
/// does one moved to another file in the same update as before.
#[test]
fn the_id_of_a_removed_activity_is_not_given_to_another() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::write(&file, duplicate("yankee")).expect("write");
    index(&workspace.options());
    let removed = id_of(&workspace.index(), "z-2022.txt", "yankee");

    std::fs::remove_file(&file).expect("remove");
    index(&workspace.options());
    std::fs::write(workspace.corpus().join("a-2022.txt"), duplicate("zulu")).expect("write");
    index(&workspace.options());
    let other = id_of(&workspace.index(), "a-2022.txt", "zulu");
    assert_ne!(other, removed, "another activity took the removed one's id");
    let engine = Engine::open(&workspace.index()).expect("index opens");
    // It says the activity was removed (it said "no activity with id"),
    // in capitals too; an id never given stays unknown.
    for asked in [removed.clone(), removed.to_uppercase()] {
        match engine.show(&asked) {
            Err(bulletin::Error::RemovedId(id)) => assert_eq!(id, asked),
            other => panic!("{asked}: {other:?}"),
        }
    }
    let never = format!("{removed}-never-given");
    assert!(
        matches!(engine.show(&never), Err(bulletin::Error::UnknownId(_))),
        "{never}"
    );
    drop(engine);

    // The removed activity back, as it was: its id again.
    std::fs::write(&file, duplicate("yankee")).expect("write");
    index(&workspace.options());
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "yankee"), removed);
    assert_eq!(id_of(&workspace.index(), "a-2022.txt", "zulu"), other);
    // Kept through a rebuild.
    index(&rebuild_options(&workspace));
    assert_eq!(id_of(&workspace.index(), "z-2022.txt", "yankee"), removed);
    assert_eq!(id_of(&workspace.index(), "a-2022.txt", "zulu"), other);
}

/// A file whose modification time is not older than the update that read
/// it, with a file system's tick to spare (here: in the future), is read
/// again by the next update, by its hash: written again in the tick in
/// which it was read, it would keep its size, times and inode, and an
/// update trusting them would never index what it then held (the update
/// used to trust any file's times).
#[test]
fn a_file_modified_too_recently_to_trust_its_times_is_read_again() {
    let workspace = Workspace::new();
    let extra = workspace.corpus().join("2019-05-extra.txt");
    std::fs::write(&extra, EXTRA).expect("write");
    let tomorrow = std::time::SystemTime::now() + std::time::Duration::from_secs(86_400);
    std::fs::File::options()
        .write(true)
        .open(&extra)
        .and_then(|file| file.set_modified(tomorrow))
        .expect("set the modification time");
    index(&workspace.options());
    let again = index(&workspace.options());
    assert_eq!(
        (
            again.files_skipped,
            again.files_unchanged_content,
            again.files_indexed
        ),
        (1, 1, 0),
        "the shipped file is skipped, the recent one read by its hash"
    );
    // Its times, once old enough, vouch for it again.
    common::age(&extra);
    index(&workspace.options());
    let last = index(&workspace.options());
    assert_eq!((last.files_skipped, last.files_unchanged_content), (2, 0));
}

/// A full build reads each file once too, a renamed one included (its
/// content pairs it with its old name, then the same bytes are indexed).
#[test]
fn a_rebuild_reads_each_file_once() {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex};

    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::write(corpus.join("2019-05-extra.txt"), EXTRA).expect("write");
    index(&workspace.options());
    let before = ids(&workspace.index());
    std::fs::rename(corpus.join(SHIPPED), corpus.join("renamed.txt")).expect("rename");
    let reads: Arc<Mutex<HashMap<PathBuf, usize>>> = Arc::default();
    let hook = {
        let reads = Arc::clone(&reads);
        let corpus = corpus.clone();
        bulletin::index::read_hooks::install(move |path| {
            if path.starts_with(&corpus) {
                *reads
                    .lock()
                    .expect("lock")
                    .entry(path.to_path_buf())
                    .or_default() += 1;
            }
        })
    };
    index(&rebuild_options(&workspace));
    drop(hook);
    let counted = reads.lock().expect("lock").clone();
    assert_eq!(counted.len(), 2, "{counted:?}");
    assert!(counted.values().all(|&n| n == 1), "{counted:?}");
    assert_eq!(ids(&workspace.index()), before);
}

/// Entries of one date and title take `-2`, `-3`… whatever file they
/// stand in: the second of two in a file read after one holding the first
/// is `-3`, not `-2-2` (its number was taken from the file's own count,
/// `-2`, then numbered again), in a build and in an update alike.
#[test]
fn a_third_entry_of_a_date_and_title_is_numbered_3() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::write(corpus.join("a-2022.txt"), duplicate("alpha")).expect("write");
    let two = format!("{}\n{}", duplicate("bravo"), duplicate("charlie"));
    std::fs::write(corpus.join("b-2022.txt"), &two).expect("write");
    index(&workspace.options());
    let first = id_of(&workspace.index(), "a-2022.txt", "alpha");
    assert_eq!(
        id_of(&workspace.index(), "b-2022.txt", "bravo"),
        format!("{first}-2")
    );
    assert_eq!(
        id_of(&workspace.index(), "b-2022.txt", "charlie"),
        format!("{first}-3")
    );

    std::fs::write(
        corpus.join("c-2022.txt"),
        two.replace("bravo", "delta").replace("charlie", "echo"),
    )
    .expect("write");
    index(&workspace.options());
    assert_eq!(
        id_of(&workspace.index(), "c-2022.txt", "delta"),
        format!("{first}-4")
    );
    assert_eq!(
        id_of(&workspace.index(), "c-2022.txt", "echo"),
        format!("{first}-5")
    );
}

/// A file replaced by a pipe while the update runs (after the corpus was
/// listed) is reported and keeps its entries; the update does not wait
/// forever on the pipe (it opened whatever the listed path named).
#[test]
fn a_file_replaced_by_a_pipe_during_an_update_is_reported_not_read() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};

    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let (a, b) = (corpus.join("a-2019.txt"), corpus.join("b-2019.txt"));
    std::fs::write(&a, EXTRA).expect("write");
    std::fs::write(&b, EXTRA.replace("port officers", "lighthouse keepers")).expect("write");
    index(&workspace.options());
    std::fs::write(&a, EXTRA.replace("port officers", "wardens")).expect("write");
    std::fs::write(&b, EXTRA.replace("port officers", "ferrymen")).expect("write");

    let replaced = Arc::new(AtomicBool::new(false));
    let b_read = Arc::new(Mutex::new(false));
    let hook = {
        let (a, b) = (a.clone(), b.clone());
        let (replaced, b_read) = (Arc::clone(&replaced), Arc::clone(&b_read));
        bulletin::index::read_hooks::install(move |path| {
            if path == b.as_path() {
                *b_read.lock().expect("lock") = true;
            } else if path == a.as_path() && !replaced.swap(true, Ordering::SeqCst) {
                std::fs::remove_file(&b).expect("remove");
                let made = std::process::Command::new("mkfifo")
                    .arg(&b)
                    .status()
                    .expect("mkfifo runs");
                assert!(made.success());
            }
        })
    };
    let options = workspace.options();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(index(&options));
    });
    let summary = receiver
        .recv_timeout(std::time::Duration::from_secs(120))
        .expect("the update ends, not stuck opening the pipe");
    drop(hook);
    assert!(replaced.load(Ordering::SeqCst), "the pipe replaced b");
    assert_eq!(summary.files_unreadable, 1, "{summary:?}");
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("b-2019.txt") && w.contains("not a regular file")),
        "{:?}",
        summary.warnings
    );
    // b's entry from the last run is kept; a's change is indexed.
    assert_eq!(total(&workspace.index(), "lighthouse"), 1);
    assert_eq!(total(&workspace.index(), "wardens"), 1);
}

/// An update stopped after a partial commit has deleted a removed
/// activity for good: the commit retires its id too, so that the next
/// update does not give it to another activity of the same date and
/// title (its commits listed the old retired ids alone, so the removed
/// activity's id was free after a crash).
#[test]
fn an_id_removed_before_a_partial_commit_stays_retired_when_the_update_stops() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("a-2022.txt");
    let other =
        "Seminar on money laundering\n10 March 2022, Tirana, Albania: UNODC met prosecutors.\n";
    std::fs::write(&file, format!("{}\n{other}", duplicate("yankee"))).expect("write");
    index(&workspace.options());
    let removed = id_of(&workspace.index(), "a-2022.txt", "yankee");

    // The entry goes from its file; the update commits after that file
    // and stops as it reads the next one.
    std::fs::write(&file, other).expect("write");
    let next = workspace.corpus().join("c-2022.txt");
    std::fs::write(
        &next,
        "Training on cybercrime\n12 March 2022, Sarajevo, Bosnia and Herzegovina: UNODC trained police.\n",
    )
    .expect("write");
    let hook = {
        let next = next.clone();
        bulletin::index::read_hooks::install(move |path| {
            if path == next.as_path() {
                panic!("the update stops");
            }
        })
    };
    let options = IndexOptions {
        commit_every: 1,
        ..workspace.options()
    };
    let stopped = std::panic::catch_unwind(|| build(&options));
    drop(hook);
    assert!(stopped.is_err(), "the update did not stop");
    assert!(
        bodies(&workspace.index())
            .values()
            .all(|(_, body)| !body.contains("yankee")),
        "the partial commit did not remove the entry"
    );

    index(&workspace.options());
    add_duplicate(&workspace, "e-2022.txt", "zulu");
    let given = id_of(&workspace.index(), "e-2022.txt", "zulu");
    assert_ne!(given, removed, "another activity took the removed one's id");
    let engine = Engine::open(&workspace.index()).expect("index opens");
    assert!(
        matches!(engine.show(&removed), Err(bulletin::Error::RemovedId(_))),
        "{removed}"
    );
}

/// The rebuild of an index of an earlier schema that stops before its
/// first commit of records (killed, or failing), once the old index is
/// gone: the next run gives each activity unchanged the id it had and
/// no removed activity's id to another (the next run dealt the numbers in
/// file order, moving z's `X` to a's activity, read first; the replacing
/// index now starts with a commit retiring every id of the old one, which
/// the activities back as they were get again).
#[test]
fn an_upgrade_stopped_before_its_first_commit_leaves_the_next_run_the_ids() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    add_duplicate(&workspace, "a-2022.txt", "alpha");
    add_duplicate(&workspace, "m-2022.txt", "mike");
    let expected = bodies(&workspace.index());
    let first = id_of(&workspace.index(), "z-2022.txt", "zulu");
    let removed = id_of(&workspace.index(), "m-2022.txt", "mike");
    assert_eq!(removed, format!("{first}-3"));
    std::fs::remove_file(workspace.corpus().join("m-2022.txt")).expect("remove");
    to_the_first_schema(&workspace);

    let hook = {
        // Hooks are seen by every test of this binary: this one's files only.
        let corpus = workspace.corpus();
        bulletin::index::read_hooks::install(move |path| {
            if path.starts_with(&corpus) {
                panic!("the rebuild stops");
            }
        })
    };
    let stopped = std::panic::catch_unwind(|| build(&workspace.options()));
    drop(hook);
    assert!(stopped.is_err(), "the rebuild did not stop");

    index(&workspace.options());
    let mut kept = expected.clone();
    kept.remove(&removed);
    let ids = |found: std::collections::BTreeMap<String, (String, String)>| {
        found
            .into_iter()
            .map(|(id, (source, _))| (id, source))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(bodies(&workspace.index())), ids(kept));
    add_duplicate(&workspace, "b-2022.txt", "bravo");
    assert_eq!(
        id_of(&workspace.index(), "b-2022.txt", "bravo"),
        format!("{first}-4")
    );
}

/// The id of a removed activity that starts a live activity's id (its
/// title the start of the other's, of the same day) says the activity
/// was removed: as an id's start it opened the other activity, which a
/// bookmark of the removed one should never do.
#[test]
fn a_removed_id_that_starts_another_id_does_not_open_that_activity() {
    let workspace = Workspace::new();
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::write(
        &file,
        "Regional workshop\n8 March 2022, Skopje, North Macedonia: UNODC held a workshop on yankee.\n",
    )
    .expect("write");
    add_duplicate(&workspace, "a-2022.txt", "zulu");
    let removed = id_of(&workspace.index(), "z-2022.txt", "yankee");
    let other = id_of(&workspace.index(), "a-2022.txt", "zulu");
    assert!(other.starts_with(&removed), "{other} {removed}");

    std::fs::remove_file(&file).expect("remove");
    index(&workspace.options());
    let engine = Engine::open(&workspace.index()).expect("index opens");
    for asked in [removed.clone(), removed.to_uppercase()] {
        match engine.show(&asked) {
            Err(bulletin::Error::RemovedId(id)) => assert_eq!(id, asked),
            Ok(found) => panic!("{asked} opened {}", found.id),
            other => panic!("{asked}: {other:?}"),
        }
    }
    // A start of an id that is no retired id still opens its activity.
    let start = &other[..removed.len() + 4];
    assert_eq!(engine.show(start).expect("opens").id, other);
}

/// The terms an index holds are made by the analyzer (`src/index/analyzer.rs`,
/// with the British and American spellings of `src/index/spelling.rs`), so
/// the reader fingerprint that decides whether an index is read again
/// covers them, as it covers the extractors: after an upgrade that
/// analyses a word otherwise, an index that kept the old terms would miss
/// what a query analysed the new way asks for. Each source the analyzer is
/// made of lies under a path `build.rs` hashes.
#[test]
fn the_reader_fingerprint_covers_the_analyzer() {
    let build = std::fs::read_to_string(common::root().join("build.rs")).expect("build.rs");
    let sources = build
        .split_once("const READER_SOURCES")
        .and_then(|(_, rest)| rest.split_once('['))
        .and_then(|(_, rest)| rest.split_once("= ["))
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("READER_SOURCES in build.rs");
    let hashed: Vec<&str> = sources
        .split(',')
        .map(|s| s.trim().trim_matches('"'))
        .filter(|s| !s.is_empty())
        .collect();
    assert!(hashed.contains(&"src/extract"), "{hashed:?}");
    for source in [
        "src/index/analyzer.rs",
        "src/index/spelling.rs",
        "src/text.rs",
        "src/extract/gazetteer.rs",
        "data/spelling.tsv",
    ] {
        assert!(
            common::root().join(source).is_file(),
            "{source} is a source of the analyzer"
        );
        assert!(
            hashed
                .iter()
                .any(|h| source == *h || source.starts_with(&format!("{h}/"))),
            "{source} is not hashed: {hashed:?}"
        );
    }
}

/// A `*.txt` that is no file (a pipe) and was never indexed is named as not
/// indexed, as a link to nothing is; it was said to keep "its entries from
/// the last run", which it never had. Once it held entries (a file then,
/// replaced by a pipe), they are kept and the warning says so.
#[test]
fn a_pipe_never_indexed_is_named_as_not_indexed() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let pipe = corpus.join("2019-05-pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let summary = index(&workspace.options());
    assert_eq!(summary.files_unreadable, 1);
    let warning = summary
        .warnings
        .iter()
        .find(|w| w.contains("2019-05-pipe.txt"))
        .unwrap_or_else(|| panic!("no warning: {:?}", summary.warnings))
        .clone();
    assert!(warning.ends_with("; it is not indexed"), "{warning}");

    std::fs::remove_file(&pipe).expect("remove");
    std::fs::write(&pipe, EXTRA).expect("write");
    index(&workspace.options());
    assert_eq!(total(&workspace.index(), "maritime"), 1);
    std::fs::remove_file(&pipe).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&pipe)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let summary = index(&workspace.options());
    let warning = summary
        .warnings
        .iter()
        .find(|w| w.contains("2019-05-pipe.txt"))
        .unwrap_or_else(|| panic!("no warning: {:?}", summary.warnings))
        .clone();
    assert!(
        warning.ends_with("; its entries from the last run are kept"),
        "{warning}"
    );
    assert_eq!(total(&workspace.index(), "maritime"), 1);
}

/// A file that cannot be read, whose records an index of an earlier
/// schema stored in a form this build cannot read, is named by the
/// warning that its entries cannot be kept, as each warning of a run is
/// paired with the path it is about: past the fifty warnings printed, the
/// count of the others names their files by those paths.
#[test]
fn the_warning_that_entries_cannot_be_kept_names_its_file() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    to_the_first_schema_storing(&workspace, |record, json| {
        if record.source.ends_with("z-2022.txt") {
            // An earlier bulletin's record: without a field this one has.
            let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            value.as_object_mut().expect("an object").remove("donors");
            value.to_string()
        } else {
            json
        }
    });
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink(workspace.dir.path().join("nowhere"), &file).expect("link");

    let summary = index(&workspace.options());
    let at = summary
        .warnings
        .iter()
        .position(|w| w.contains("cannot be kept"))
        .unwrap_or_else(|| panic!("{:?}", summary.warnings));
    assert_eq!(
        summary.warnings.len(),
        summary.warning_paths.len(),
        "{:?} {:?}",
        summary.warnings,
        summary.warning_paths
    );
    assert!(
        summary.warning_paths[at].ends_with("z-2022.txt"),
        "{:?}",
        summary.warning_paths
    );
}

/// An indexed file replaced by a pipe of its name when an index of an
/// earlier schema is rebuilt is a file that cannot be read, as it is in
/// any update: looked at, not opened, since opening a pipe waits for a
/// writer forever.
#[test]
fn an_upgrade_does_not_wait_on_a_pipe_where_an_indexed_file_was() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    to_the_first_schema(&workspace);
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::remove_file(&file).expect("remove");
    let made = std::process::Command::new("mkfifo")
        .arg(&file)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let options = workspace.options();
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = sender.send(index(&options));
    });
    let summary = receiver
        .recv_timeout(std::time::Duration::from_secs(60))
        .expect("the index is rebuilt, not stuck opening the pipe");
    assert_eq!(summary.files_unreadable, 1);
    assert!(
        summary
            .warnings
            .iter()
            .any(|w| w.contains("z-2022.txt")
                && w.ends_with("its entries from the last run are kept")),
        "{:?}",
        summary.warnings
    );
}

/// A file that cannot be read, whose records an index of an earlier
/// schema stored in a form this build cannot read, is warned about once,
/// saying its entries cannot be kept; it was also said, in the warning
/// before, that they were kept.
#[test]
fn a_file_whose_entries_cannot_be_kept_is_not_said_to_keep_them() {
    let workspace = Workspace::new();
    add_duplicate(&workspace, "z-2022.txt", "zulu");
    to_the_first_schema_storing(&workspace, |record, json| {
        if record.source.ends_with("z-2022.txt") {
            let mut value: serde_json::Value = serde_json::from_str(&json).expect("JSON");
            value.as_object_mut().expect("an object").remove("donors");
            value.to_string()
        } else {
            json
        }
    });
    let file = workspace.corpus().join("z-2022.txt");
    std::fs::remove_file(&file).expect("remove");
    std::os::unix::fs::symlink(workspace.dir.path().join("nowhere"), &file).expect("link");

    let summary = index(&workspace.options());
    let about: Vec<&String> = summary
        .warnings
        .iter()
        .filter(|w| w.contains("z-2022.txt"))
        .collect();
    assert_eq!(about.len(), 1, "{about:?}");
    assert!(about[0].contains("cannot read"), "{about:?}");
    assert!(
        about[0].ends_with(
            "its entries from the last run cannot be kept (an earlier bulletin made them); it is indexed again once it can be read"
        ),
        "{about:?}"
    );
    assert_eq!(summary.warnings.len(), summary.warning_paths.len());
    assert!(
        !bodies(&workspace.index())
            .values()
            .any(|(source, _)| source.ends_with("z-2022.txt"))
    );
}

/// The crates the reader and the analyzer call shape records and terms as
/// much as their own sources do: a new version of the stemmer, of the
/// Unicode tables (normalisation, word boundaries), of the code-page
/// tables or detector, of the date library or of the dictionary matcher can
/// read the same file otherwise. So each crate those sources name is either
/// fingerprinted with its version from `Cargo.lock` (`READER_CRATES` in
/// `build.rs`) or listed here as one that cannot change what is read
/// (containers, hashing, byte search, the index library's own API, serde).
#[test]
fn the_reader_fingerprint_covers_the_versions_of_the_crates_the_reader_calls() {
    let root = common::root();
    let build = std::fs::read_to_string(root.join("build.rs")).expect("build.rs");
    let listed = build
        .split_once("const READER_CRATES")
        .and_then(|(_, rest)| rest.split_once("= ["))
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(list, _)| list)
        .expect("READER_CRATES in build.rs");
    let fingerprinted: Vec<String> = listed
        .split(',')
        .map(|s| s.trim().trim_matches('"').replace('-', "_"))
        .filter(|s| !s.is_empty())
        .collect();
    let shape_nothing = [
        "hashbrown",
        "memchr",
        "rustc_hash",
        "serde",
        "serde_json",
        "tantivy",
        "anyhow",
        "thiserror",
    ];
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).expect("Cargo.toml");
    let dependencies: Vec<String> = manifest
        .split_once("[dependencies]")
        .map(|(_, rest)| rest.split("\n[").next().unwrap_or_default())
        .unwrap_or_default()
        .lines()
        .filter_map(|line| line.split_once('=').map(|(name, _)| name.trim()))
        .filter(|name| !name.is_empty() && !name.starts_with('#'))
        .map(|name| name.replace('-', "_"))
        .collect();
    let mut sources = Vec::new();
    for source in [
        "src/corpus",
        "src/extract",
        "src/text.rs",
        "src/index/analyzer.rs",
        "src/index/spelling.rs",
    ] {
        let path = root.join(source);
        if path.is_dir() {
            for entry in std::fs::read_dir(&path).expect("folder").flatten() {
                sources.push(std::fs::read_to_string(entry.path()).expect("source"));
            }
        } else {
            sources.push(std::fs::read_to_string(&path).expect("source"));
        }
    }
    let mut called = Vec::new();
    for crate_name in &dependencies {
        let path = format!("{crate_name}::");
        if sources.iter().any(|text| text.contains(&path)) {
            called.push(crate_name.clone());
        }
    }
    assert!(called.iter().any(|c| c == "frostem"), "{called:?}");
    for crate_name in &called {
        assert!(
            fingerprinted.contains(crate_name) || shape_nothing.contains(&crate_name.as_str()),
            "the reader calls {crate_name}, which build.rs does not fingerprint: {fingerprinted:?}"
        );
    }
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).expect("Cargo.lock");
    for crate_name in &fingerprinted {
        let locked = crate_name.replace('_', "-");
        assert!(
            lock.contains(&format!("name = \"{locked}\""))
                || lock.contains(&format!("name = \"{crate_name}\"")),
            "{crate_name} is fingerprinted but not in Cargo.lock"
        );
    }
}

/// Corpus files that cannot be read are named with their reasons by
/// `bulletin index`, one warning each; a command that updates the index
/// first (search) names them again each time, since they are still not
/// indexed as they stand, but in one short line that says where the
/// reasons are, not a warning each with its reason on every search.
#[test]
fn an_updating_search_names_unreadable_files_in_one_short_line() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let names = ["2019-05-gone.txt", "2019-06-gone.txt"];
    for name in names {
        std::os::unix::fs::symlink(corpus.join("no-such-file"), corpus.join(name))
            .expect("symlink");
    }
    let indexed = bulletin(&workspace, &[], &["index"]);
    assert!(indexed.status.success());
    let said = String::from_utf8_lossy(&indexed.stderr).into_owned();
    for name in names {
        assert!(
            said.lines().any(|line| line.starts_with("warning: ")
                && line.contains(name)
                && line.contains("cannot read (")),
            "{said}"
        );
    }
    for _ in 0..2 {
        let searched = bulletin(&workspace, &[], &["search", "skopje", "--limit", "1"]);
        assert!(searched.status.success());
        let said = String::from_utf8_lossy(&searched.stderr).into_owned();
        let warnings: Vec<&str> = said
            .lines()
            .filter(|line| line.starts_with("warning: "))
            .collect();
        assert_eq!(warnings.len(), 1, "{said}");
        for name in names {
            assert!(warnings[0].contains(name), "{said}");
        }
        assert!(warnings[0].contains("`bulletin index`"), "{said}");
        assert!(!warnings[0].contains("os error"), "{said}");
    }
}

/// A bulletin file whose name ends `.TXT` or `.Txt` (saved so by another
/// system, or renamed in case only) is a bulletin file as `.txt` is: a
/// file renamed `a.txt` to `A.TXT` moves, keeping its entries and ids,
/// where it was dropped from the corpus and its entries deleted.
#[test]
fn a_file_renamed_in_case_only_keeps_its_entries() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::write(corpus.join("2019-05-extra.txt"), EXTRA).expect("write");
    index(&workspace.options());
    let before = ids(&workspace.index());
    assert_eq!(before.len(), gold().len() + 1);

    std::fs::rename(
        corpus.join("2019-05-extra.txt"),
        corpus.join("2019-05-EXTRA.TXT"),
    )
    .expect("rename");
    let summary = index(&workspace.options());
    assert_eq!(
        (
            summary.files_moved,
            summary.files_removed,
            summary.files_indexed
        ),
        (1, 0, 0)
    );
    assert_eq!(ids(&workspace.index()), before);
    assert_eq!(total(&workspace.index(), "maritime"), 1);

    std::fs::write(
        corpus.join("2019-06-more.Txt"),
        EXTRA.replace("maritime", "river"),
    )
    .expect("write");
    let summary = index(&workspace.options());
    assert_eq!(summary.files_indexed, 1);
    assert_eq!(total(&workspace.index(), "river"), 1);
}

/// Every bulletin file deleted from a corpus folder that still exists:
/// the update removes their entries, as it removes those of any file
/// deleted, and a search finds none of them. The update refused the
/// empty corpus ("no bulletin files found"), `--rebuild` too, and
/// searches answered from the last commit for good.
#[test]
fn deleting_every_file_of_the_corpus_empties_the_index() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    std::fs::write(corpus.join("2019-05-extra.txt"), EXTRA).expect("write");
    let first = index(&workspace.options());
    assert!(first.entries_total > 0);
    let files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .collect();
    for file in &files {
        std::fs::remove_file(file).expect("remove");
    }
    let searched = bulletin(&workspace, &[], &["search", "maritime", "--format", "csv"]);
    assert!(searched.status.success(), "{searched:?}");
    assert_eq!(
        String::from_utf8_lossy(&searched.stdout).lines().count(),
        1,
        "{searched:?}"
    );
    assert_eq!(total(&workspace.index(), ""), 0);
    let summary = index(&workspace.options());
    assert_eq!(summary.entries_total, 0);

    std::fs::write(corpus.join("2019-05-extra.txt"), EXTRA).expect("write");
    let summary = index(&workspace.options());
    assert_eq!((summary.files_indexed, summary.entries_total), (1, 1));
    assert_eq!(total(&workspace.index(), "maritime"), 1);
}

/// An indexed file deleted while an update runs, after the corpus was
/// listed and before the file is read, is a file removed: its entries go
/// in that update, with no warning that it cannot be read. They stayed,
/// with "cannot read (No such file or directory); its entries from the
/// last run are kept", until the next update.
#[test]
fn a_file_deleted_between_listing_and_reading_is_removed() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    let first = corpus.join("2019-05-extra.txt");
    let second = corpus.join("2019-06-other.txt");
    let other = EXTRA.replace("maritime", "river");
    std::fs::write(&first, EXTRA).expect("write");
    std::fs::write(&second, &other).expect("write");
    let before = index(&workspace.options());
    assert_eq!(total(&workspace.index(), "river"), 1);

    // Both change; reading the first deletes the second.
    std::fs::write(&first, EXTRA.replace("port officers", "harbour officers")).expect("write");
    std::fs::write(&second, other.replace("port officers", "harbour officers")).expect("write");
    let summary = {
        let (first, second) = (first.clone(), second.clone());
        let _hook = bulletin::index::read_hooks::install(move |path| {
            if path == first {
                let _ = std::fs::remove_file(&second);
            }
        });
        index(&workspace.options())
    };
    assert!(!second.exists());
    assert_eq!(
        (summary.files_removed, summary.files_unreadable),
        (1, 0),
        "{:?}",
        summary.warnings
    );
    assert!(
        !summary.warnings.iter().any(|w| w.contains("2019-06-other")),
        "{:?}",
        summary.warnings
    );
    assert_eq!(summary.entries_total, before.entries_total - 1);
    assert_eq!(total(&workspace.index(), "river"), 0);
    assert_eq!(total(&workspace.index(), "harbour"), 1);
    let again = index(&workspace.options());
    assert_eq!((again.files_removed, again.files_indexed), (0, 0));
    assert_eq!(again.entries_total, summary.entries_total);
}

/// A file or folder the corpus reaches by a second path (a link) is named
/// by `bulletin index` with both paths, one warning each; the update a
/// search runs first names them again each time (they stay read once),
/// but in one short line, not a warning each.
#[test]
fn an_updating_search_names_files_reached_twice_in_one_short_line() {
    use std::os::unix::fs::symlink;
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    symlink(corpus.join(SHIPPED), corpus.join("link.txt")).expect("link");
    symlink(".", corpus.join("loop")).expect("link");
    let indexed = bulletin(&workspace, &[], &["index"]);
    assert!(indexed.status.success());
    let said = String::from_utf8_lossy(&indexed.stderr).into_owned();
    for name in ["link.txt", "loop"] {
        assert!(
            said.lines().any(|line| line.starts_with("warning: ")
                && line.contains(&corpus.join(name).display().to_string())
                && line.contains("read once")),
            "{said}"
        );
    }
    for _ in 0..2 {
        let searched = bulletin(&workspace, &[], &["search", "skopje", "--limit", "1"]);
        assert!(searched.status.success());
        let said = String::from_utf8_lossy(&searched.stderr).into_owned();
        let told: Vec<&str> = said
            .lines()
            .filter(|line| line.contains("link.txt") || line.contains("loop"))
            .collect();
        assert_eq!(told.len(), 1, "{said}");
        assert!(
            told[0].contains("link.txt") && told[0].contains("loop"),
            "{said}"
        );
        assert!(told[0].contains("`bulletin index`"), "{said}");
    }
}

/// Two `bulletin index` runs started at once on an index of an earlier
/// schema: one rebuilds it, the other is told of the lock; neither calls
/// the index damaged, and the rebuilt index holds every entry once, with
/// the ids the old index gave. The runs race, so the round is repeated.
#[test]
fn two_indexers_upgrading_an_index_at_once_leave_it_whole() {
    let workspace = Workspace::new();
    for round in 0..8 {
        index(&workspace.options());
        let before = ids(&workspace.index());
        to_the_first_schema(&workspace);
        let binary = assert_cmd::cargo::cargo_bin("bulletin");
        let runs: Vec<std::process::Child> = (0..2)
            .map(|_| {
                Command::new(&binary)
                    .arg("--index")
                    .arg(workspace.index())
                    .arg("--corpus")
                    .arg(workspace.corpus())
                    .arg("index")
                    .stdout(std::process::Stdio::null())
                    .stderr(std::process::Stdio::piped())
                    .spawn()
                    .expect("bulletin starts")
            })
            .collect();
        for run in runs {
            let output = run.wait_with_output().expect("bulletin ends");
            let said = String::from_utf8_lossy(&output.stderr);
            assert!(
                output.status.success() || said.contains("another `bulletin index`"),
                "round {round}: {said}"
            );
        }
        assert_eq!(ids(&workspace.index()), before, "round {round}");
    }
}

/// A writer lock held for a moment (a run ending, or a process being
/// started that still holds the descriptor it inherited) is waited for,
/// not reported as another writer's: the update held off by it runs once
/// the lock is let go. Without the wait it failed at once with `Locked`.
#[test]
fn a_writer_lock_held_for_a_moment_is_waited_for() {
    let workspace = Workspace::new();
    index(&workspace.options());
    let held = tantivy::Index::open_in_dir(workspace.index()).expect("open");
    let writer: tantivy::IndexWriter = held.writer(50_000_000).expect("the lock is taken");
    std::fs::write(workspace.corpus().join("extra.txt"), EXTRA).expect("write");
    let letting_go = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        drop(writer);
    });
    let summary = build(&workspace.options());
    letting_go.join().expect("the holder lets go");
    let summary = summary.expect("the update waits for a lock held for a moment");
    assert_eq!(summary.entries_total, gold().len() + 1);
}

/// An update that removes more activities than it reads one by one (a
/// corpus of thousands of entries, all but one file deleted) retires the
/// id of every activity it removed, found through the index's ids: a
/// bookmark of any of them says it was removed, and no later activity of
/// the same date and title takes its id.
#[test]
fn an_update_that_removes_thousands_of_activities_retires_every_id() {
    let workspace = Workspace::new();
    let corpus = workspace.corpus();
    bulletin::generate::generate_corpus(&corpus, 4_500, 7).expect("generate");
    index(&workspace.options());
    let before = ids(&workspace.index());
    // The workspace's corpus holds the shipped bulletin too.
    assert!(before.len() >= 4_500, "{} indexed", before.len());

    let mut files: Vec<PathBuf> = std::fs::read_dir(&corpus)
        .expect("list")
        .map(|entry| entry.expect("entry").path())
        .collect();
    files.sort();
    let kept = files.pop().expect("a file");
    for file in &files {
        std::fs::remove_file(file).expect("remove");
    }
    index(&workspace.options());
    let after = ids(&workspace.index());
    assert!(!after.is_empty(), "{} kept nothing", kept.display());
    let removed: Vec<&String> = before.iter().filter(|id| !after.contains(id)).collect();
    assert!(removed.len() > 4_096, "{} removed", removed.len());

    let payload = tantivy::Index::open_in_dir(workspace.index())
        .expect("opens")
        .load_metas()
        .expect("metas")
        .payload
        .expect("payload");
    let manifest: serde_json::Value = serde_json::from_str(&payload).expect("manifest");
    let retired = manifest["retired"].as_object().cloned().unwrap_or_default();
    let missing: Vec<&&String> = removed
        .iter()
        .filter(|id| !retired.contains_key(id.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{} not retired, as {:?}",
        missing.len(),
        missing.first()
    );
}

/// Copies the files of folder `from` into `to` (a folder of files alone).
fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder");
    for entry in std::fs::read_dir(from).expect("list") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
    }
}

/// An index that bulletin's index schema 12 wrote (the fixture in
/// `tests/fixtures/index-v12`, with its corpus) kept its ids column in
/// zstd blocks, which this build does not read. The next `bulletin index`
/// rebuilds it as an index of an earlier schema, each activity with the id
/// its stored record holds (it used to stop: "the index … is damaged
/// (zstd-compression feature is not enabled)").
#[test]
fn an_index_of_version_12_is_rebuilt_with_its_ids() {
    let fixture = common::root().join("tests/fixtures/index-v12");
    let dir = tempfile::tempdir().expect("temp dir");
    copy_folder(&fixture.join("corpus"), &dir.path().join("corpus"));
    copy_folder(&fixture.join("index"), &dir.path().join("index"));
    let index_dir = dir.path().join("index");

    // The ids the old index's stored records hold.
    let old = tantivy::Index::open_in_dir(&index_dir).expect("the old index opens");
    let record = old.schema().get_field("record").expect("record field");
    let searcher = old.reader().expect("reader").searcher();
    let mut expected = Vec::new();
    for (ord, segment) in searcher.segment_readers().iter().enumerate() {
        for doc in 0..segment.max_doc() {
            let stored: tantivy::TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ord as u32, doc))
                .expect("stored record");
            let json = tantivy::schema::Value::as_str(&stored.get_first(record).expect("record"))
                .expect("JSON")
                .to_string();
            let value: serde_json::Value = serde_json::from_str(&json).expect("parses");
            expected.push(value["id"].as_str().expect("id").to_string());
        }
    }
    drop((searcher, old));
    expected.sort();
    let entries: usize = std::fs::read_dir(dir.path().join("corpus"))
        .expect("list")
        .map(|entry| {
            let path = entry.expect("entry").path();
            let bytes = std::fs::read(&path).expect("read");
            split_bulletin(&path.display().to_string(), &bytes)
                .entries
                .len()
        })
        .sum();
    assert_eq!(
        expected.len(),
        entries,
        "the fixture indexes its corpus whole"
    );

    // Run where the fixture was made, so that its files are the same files.
    let output = Command::new(assert_cmd::cargo::cargo_bin("bulletin"))
        .current_dir(dir.path())
        .args(["--index", "index", "--corpus", "corpus", "index"])
        .env("NO_COLOR", "1")
        .output()
        .expect("bulletin runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(ids(&index_dir), expected);
    let manifest = bulletin::index::load_manifest(
        &tantivy::Index::open_in_dir(&index_dir).expect("the new index opens"),
    )
    .expect("manifest");
    assert_eq!(manifest.version, bulletin::index::schema::SCHEMA_VERSION);
}
