//! Text analysis through search: each folding shown on the shipped bulletin
//! and on small bulletins the tests write.

mod common;

use bulletin::index::{IndexOptions, build};
use bulletin::search::{Engine, SearchRequest};
use common::Workspace;

fn titles(engine: &Engine, query: &str) -> Vec<String> {
    let mut request = SearchRequest::new(query);
    request.limit = 50;
    engine
        .search(&request)
        .expect("search")
        .hits
        .into_iter()
        .map(|h| h.title)
        .collect()
}

/// An index of one small bulletin written by the test.
fn engine_of(text: &str) -> (tempfile::TempDir, Engine) {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus");
    std::fs::write(corpus.join("2019-05-test.txt"), text).expect("write");
    build(&IndexOptions::new(dir.path().join("index"), vec![corpus])).expect("index");
    let engine = Engine::open(&dir.path().join("index")).expect("open");
    (dir, engine)
}

const SMALL: &str = "\
Meeting in Đakovica on border police cooperation
5 May 2019, Đakovica, Kosovo*: UNODC met the border police.
Training in Скопје for customs officers
6 May 2019, Скопје, North Macedonia: Officers from Београд and Skopje were trained.
Regional labour centre organised a workshop
7 May 2019, Prishtinë, Kosovo*: The centre organised a train-the-trainer workshop on defence and labour.
";

#[test]
fn diacritics_fold_both_ways() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let stect = "UNODC further supports Strategic Trade and Export Control training in Bosnia and Herzegovina and Montenegro";
    assert_eq!(titles(&engine, "Bijaca"), vec![stect]);
    assert_eq!(titles(&engine, "Bijača"), vec![stect]);
    assert_eq!(titles(&engine, "BIJAČA"), vec![stect]);
}

#[test]
fn d_with_stroke_is_d_and_dj() {
    let (_dir, engine) = engine_of(SMALL);
    let meeting = vec!["Meeting in Đakovica on border police cooperation".to_string()];
    assert_eq!(titles(&engine, "Dakovica"), meeting);
    assert_eq!(titles(&engine, "Djakovica"), meeting);
    assert_eq!(titles(&engine, "đakovica"), meeting);
}

#[test]
fn homoglyphs_read_as_latin() {
    // The shipped bulletin writes "Тhe entire process" with a Cyrillic capital Te.
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("read");
    assert!(text.contains("\u{0422}he entire process"));
    let strategy = "UNODC supports North Macedonia in the implementation of the Strategy for Financial Investigations and Confiscation of Assets";
    assert_eq!(titles(&engine, "\"the entire process\""), vec![strategy]);
    // …and a query typed with a look-alike finds the Latin text.
    assert!(
        titles(&engine, "\u{0420}ristina").contains(
            &"UNODC continues dialogue on Asset Recovery Roadmap for Kosovo*".to_string()
        )
    );
}

#[test]
fn cyrillic_words_match_their_transliteration() {
    let (_dir, engine) = engine_of(SMALL);
    let training = "Training in Скопје for customs officers".to_string();
    assert!(titles(&engine, "Skopje").contains(&training));
    assert!(titles(&engine, "Скопје").contains(&training));
    assert_eq!(titles(&engine, "Beograd"), vec![training.clone()]);
    assert_eq!(titles(&engine, "Belgrade"), vec![training]);
}

#[test]
fn place_names_meet_through_the_gazetteer() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let kosovo = "UNODC continues dialogue on Asset Recovery Roadmap for Kosovo*".to_string();
    for spelling in ["Pristina", "Priština", "Prishtinë", "Prishtina"] {
        assert!(titles(&engine, spelling).contains(&kosovo), "{spelling}");
    }
    let (_dir, small) = engine_of(SMALL);
    assert_eq!(
        titles(&small, "Pristina"),
        vec!["Regional labour centre organised a workshop".to_string()]
    );
}

#[test]
fn british_and_american_spellings_meet() {
    let (_dir, engine) = engine_of(SMALL);
    let workshop = vec!["Regional labour centre organised a workshop".to_string()];
    for query in [
        "labor",
        "labour",
        "center",
        "centre",
        "organized",
        "organised",
        "defense",
        "defence",
    ] {
        assert_eq!(titles(&engine, query), workshop, "{query}");
    }
    let workspace = Workspace::new();
    let engine = workspace.engine();
    assert_eq!(
        titles(&engine, "organized crime strategy"),
        titles(&engine, "organised crime strategy")
    );
    assert_eq!(
        titles(&engine, "Global Firearms Program"),
        titles(&engine, "Global Firearms Programme")
    );
}

#[test]
fn hyphenated_words_are_found_whole_and_by_parts() {
    let (_dir, engine) = engine_of(SMALL);
    let workshop = vec!["Regional labour centre organised a workshop".to_string()];
    assert_eq!(titles(&engine, "train-the-trainer"), workshop);
    assert_eq!(titles(&engine, "trainer"), workshop);
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let airport = "UNODC delivered a joint AIRCOP-CCP Refresher Practical Training/Mentoring for the inter-agency unit at Skopje Airport".to_string();
    assert_eq!(titles(&engine, "AIRCOP-CCP").first(), Some(&airport));
    assert!(titles(&engine, "inter-agency").contains(&airport));
    assert!(titles(&engine, "agency").contains(&airport));
}

#[test]
fn acronyms_expand_both_ways_and_say_so() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let answer = engine.search(&SearchRequest::new("TIP")).expect("search");
    assert_eq!(
        answer.expanded.get("TIP").map(String::as_str),
        Some("trafficking in persons")
    );
    let sport = "UNODC and North Macedonia discuss cooperation in countering corruption in sport"
        .to_string();
    assert!(
        answer.hits.iter().any(|h| h.title == sport),
        "an entry that only says 'trafficking in persons'"
    );
    let answer = engine
        .search(&SearchRequest::new("Container Control Programme"))
        .expect("search");
    assert_eq!(
        answer.expanded.get("CCP").map(String::as_str),
        Some("Container Control Programme")
    );
    let turkey = "UNODC presents the EU-UNODC action on enhanced border control as best practices"
        .to_string();
    assert!(
        answer.hits.iter().any(|h| h.title == turkey),
        "an entry that only says CCP"
    );
}

#[test]
fn typos_are_corrected_and_reported() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let answer = engine
        .search(&SearchRequest::new("firarms training"))
        .expect("search");
    assert_eq!(answer.corrected.as_deref(), Some("firearms training"));
    assert_eq!(
        answer.hits.len(),
        titles(&engine, "firearms training").len()
    );
    let answer = engine
        .search(&SearchRequest::new("Podgoricca"))
        .expect("search");
    assert_eq!(
        answer.corrected.as_deref(),
        Some("Podgorica"),
        "in the case typed"
    );
    // Short words are not corrected (edit distance 1 needs 5 letters).
    let answer = engine.search(&SearchRequest::new("Bsr")).expect("search");
    assert_eq!(answer.corrected, None);
    // Two edits only from 9 letters on.
    assert_eq!(
        engine
            .search(&SearchRequest::new("firxrmz"))
            .expect("search")
            .corrected,
        None
    );
}

/// An English word that no activity holds is searched as typed, not taken
/// for a typo of a word one edit away that the bulletin holds (`small` is
/// not `shall`): the words of the shipped bulletin with one letter changed
/// that the English word list holds and the bulletin does not.
#[test]
fn english_words_are_not_taken_for_typos() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("bulletin");
    let held: std::collections::BTreeSet<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .map(str::to_lowercase)
        .collect();
    let english =
        std::fs::read_to_string(common::root().join("data/english-words.txt")).expect("word list");
    let english: std::collections::BTreeSet<&str> =
        english.lines().filter(|l| !l.starts_with('#')).collect();
    let mut near: Vec<String> = Vec::new();
    for word in held.iter().filter(|w| w.len() >= 6) {
        for at in 1..word.len() {
            for letter in 'a'..='z' {
                let mut other = word.clone();
                other.replace_range(at..=at, &letter.to_string());
                if !english.contains(other.as_str()) || held.contains(&other) {
                    continue;
                }
                // A word the analyzer reads as one the bulletin holds (a
                // plural, another ending) is found, not corrected.
                let found = engine.search(&SearchRequest::new(&other)).expect("search");
                if found.total == 0 {
                    near.push(other);
                }
            }
        }
        if near.len() >= 10 {
            break;
        }
    }
    assert!(near.len() >= 5, "{near:?}");
    for word in &near {
        let answer = engine.search(&SearchRequest::new(word)).expect("search");
        assert_eq!(answer.corrected, None, "{word}");
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains("not read as a typo")),
            "{word}: {:?}",
            answer.notices
        );
    }
}

/// A letter left out of an inflected word (`trainng`) is measured against
/// whole words, not against the indexed stem (`train`, two edits away):
/// the typo finds what the word finds, and the answer names the word.
#[test]
fn typos_in_inflected_words_are_corrected() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let mut checked = 0;
    for word in [
        "training",
        "mentoring",
        "electronic",
        "trafficking",
        "laundering",
        "investigations",
        "prosecutors",
        "recovery",
    ] {
        let expected = titles(&engine, word);
        assert!(!expected.is_empty(), "{word} is in the shipped bulletin");
        // Each interior letter left out in turn; the typos that match
        // nothing as they stand are the ones corrected.
        for at in 2..word.len() - 2 {
            let typo = format!("{}{}", &word[..at], &word[at + 1..]);
            let answer = engine.search(&SearchRequest::new(&typo)).expect("search");
            let Some(corrected) = answer.corrected else {
                continue;
            };
            assert_eq!(titles(&engine, &typo), expected, "{typo} → {corrected}");
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} typos were corrected");
    // Words the stemmer ends in `i` for their `y` (`recovery` is
    // `recoveri`) are corrected as the others; a whole word that is not the
    // term once analysed (`strateg` + `y`) is no candidate.
    for (typo, word) in [("recovry", "recovery"), ("stratgy", "strategy")] {
        let answer = engine.search(&SearchRequest::new(typo)).expect("search");
        assert_eq!(answer.corrected.as_deref(), Some(word), "{typo}");
        assert_eq!(titles(&engine, typo), titles(&engine, word), "{typo}");
    }
}

/// The answer names the word of the best hit nearest to what was typed,
/// among those with the corrected stem.
#[test]
fn a_correction_is_shown_as_the_nearest_word_of_the_best_hit() {
    let (_dir, engine) = engine_of(
        "Investigating the investigations of wildlife crime\n\
         5 May 2019, Skopje, North Macedonia: Investigators met.\n",
    );
    for (typo, shown) in [
        ("investigatons", "investigations"),
        ("investigatng", "investigating"),
        ("investigatrs", "investigators"),
    ] {
        let answer = engine.search(&SearchRequest::new(typo)).expect("search");
        assert_eq!(answer.corrected.as_deref(), Some(shown), "{typo}");
        assert_eq!(answer.total, 1, "{typo}");
        // With no hit on show, the whole word nearest to the typo, not a stem.
        let counted = engine
            .search(&SearchRequest {
                limit: 0,
                ..SearchRequest::new(typo)
            })
            .expect("search");
        assert_eq!(counted.corrected.as_deref(), Some(shown), "{typo}, no hits");
    }
}

#[test]
fn suggestions_complete_words_and_titles() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let suggestions = engine.suggest("firea", 8).expect("suggest");
    assert!(
        suggestions
            .iter()
            .any(|s| s.kind == "title" && s.text.contains("firearms")),
        "{suggestions:?}"
    );
    let suggestions = engine.suggest("monte", 8).expect("suggest");
    assert!(
        suggestions
            .iter()
            .any(|s| s.kind == "country" && s.text == "Montenegro"),
        "{suggestions:?}"
    );
    let suggestions = engine.suggest("TI", 8).expect("suggest");
    assert!(
        suggestions
            .iter()
            .any(|s| s.kind == "acronym" && s.text == "TIP"),
        "{suggestions:?}"
    );
}

/// A typo that a word typed before it holds (`Montenegros Montenegr`) is
/// corrected where it stands: the corrected query keeps the words before
/// it as typed.
#[test]
fn a_typo_inside_an_earlier_word_is_corrected_where_it_stands() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("bulletin");
    let words: std::collections::BTreeSet<&str> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 8)
        .collect();
    let mut checked = 0;
    for word in words {
        // The word without its last letter, typed after the word itself.
        let typo = &word[..word.len() - 1];
        let query = format!("{word} {typo}");
        let answer = engine.search(&SearchRequest::new(&query)).expect("search");
        let Some(corrected) = answer.corrected else {
            continue;
        };
        let mut parts = corrected.split(' ');
        assert_eq!(parts.next(), Some(word), "{query} → {corrected}");
        assert_ne!(parts.next(), Some(typo), "{query} → {corrected}");
        checked += 1;
    }
    assert!(checked >= 3, "only {checked} such typos were corrected");
}
