//! Text analysis through search: each folding shown on the shipped bulletin
//! and on small bulletins the tests write.

mod common;

use bulletin::index::analyzer::{BulletinTokenizer, analyse_text};
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

/// A word that no activity holds and that is no typo of one that does is
/// named in the answer's notices, in the all-words answer that finds
/// nothing and in the any-word answer that follows it: a made-up word, built
/// so that the bulletin holds neither it nor anything near it.
#[test]
fn a_word_no_activity_holds_is_named() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("bulletin");
    let lower = text.to_lowercase();
    let word = (0..)
        .map(|n| format!("zqx{n}vbq"))
        .find(|w| !lower.contains(&w[..4]))
        .expect("a made-up word");
    // A word of every title, so that the any-word answer finds something.
    let common_word = "unodc";
    assert!(lower.contains(common_word));
    // A hyphenated word one of whose parts no activity holds: the any-word
    // answer, which looks for the parts, named neither.
    for query in [
        word.clone(),
        format!("{common_word} {word}"),
        format!("{common_word}-{word}"),
    ] {
        let answer = engine.search(&SearchRequest::new(&query)).expect("search");
        assert_eq!(answer.corrected, None, "{query}");
        assert!(
            answer
                .notices
                .iter()
                .any(|n| n.contains(&format!("{word:?}")) && n.starts_with("no activity holds")),
            "{query}: {:?}",
            answer.notices
        );
        let several = query.contains([' ', '-']);
        assert_eq!(answer.fallback, several, "{query}");
        assert_eq!(answer.total == 0, !several, "{query}");
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

/// The words of a text as written, split at every character that is no
/// letter or digit (`(SEE)` holds `SEE`, `EU-UNODC` holds `EU`).
fn words_as_written(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect()
}

#[test]
fn an_acronym_typed_in_capitals_is_not_the_ordinary_word() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&common::shipped_bulletin()).expect("parse");
    let glossary = engine.glossary().expect("glossary");
    let mut ordinary_cases = 0;
    for entry in glossary.entries() {
        let acronym = &entry.acronym;
        let ordinary = acronym.to_lowercase();
        if !acronym.chars().all(|c| c.is_ascii_uppercase()) || acronym.len() < 2 {
            continue;
        }
        let found = titles(&engine, acronym);
        for record in &records {
            let text = format!("{}\n{}", record.title, record.body);
            let words = words_as_written(&text);
            let has_acronym = words.contains(&acronym.as_str());
            let has_long_form = entry
                .expansions
                .iter()
                .any(|long| text.to_lowercase().contains(&long.to_lowercase()));
            let has_ordinary = words.contains(&ordinary.as_str());
            if has_acronym {
                assert!(
                    found.contains(&record.title),
                    "{acronym} finds {:?}",
                    record.title
                );
            }
            if has_ordinary && !has_acronym && !has_long_form {
                // The ordinary word, in lower case, finds it; the acronym does not.
                ordinary_cases += 1;
                assert!(
                    !found.contains(&record.title),
                    "{acronym} (an acronym) does not find {:?}, which writes {ordinary:?}",
                    record.title
                );
                assert!(
                    titles(&engine, &ordinary).contains(&record.title),
                    "{ordinary} finds {:?}",
                    record.title
                );
            }
        }
    }
    // The shipped bulletin defines SEE (South Eastern Europe) and writes
    // "see" as a verb elsewhere.
    assert!(
        ordinary_cases > 0,
        "no acronym of the glossary is also an ordinary word of the bulletin"
    );
}

/// Whether `text` holds `words` one after the other, apart (`risk
/// indicators`), in any case.
fn holds_apart(text: &str, words: &[&str]) -> bool {
    let written: Vec<String> = words_as_written(text)
        .into_iter()
        .map(str::to_lowercase)
        .collect();
    written.windows(words.len()).any(|window| {
        window
            .iter()
            .zip(words)
            .all(|(w, part)| *w == part.to_lowercase())
    })
}

/// Whether `text` holds the hyphenated `word`, in any case.
fn holds_hyphenated(text: &str, word: &str) -> bool {
    let text = text.to_lowercase();
    let word = word.to_lowercase();
    text.match_indices(&word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '-')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '-')
    })
}

/// Checks that `word` (hyphenated) finds the entries that write it so,
/// then those that write its parts apart, and returns how many wrote them apart.
fn hyphenated_then_apart(engine: &Engine, texts: &[(String, String)], word: &str) -> usize {
    let parts: Vec<&str> = word.split('-').collect();
    let answer = engine
        .search(&{
            let mut request = SearchRequest::new(word);
            request.limit = 100;
            request
        })
        .expect("search");
    let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
    let hyphenated: Vec<&str> = texts
        .iter()
        .filter(|(_, text)| holds_hyphenated(text, word))
        .map(|(title, _)| title.as_str())
        .collect();
    let apart: Vec<&str> = texts
        .iter()
        .filter(|(_, text)| !holds_hyphenated(text, word) && holds_apart(text, &parts))
        .map(|(title, _)| title.as_str())
        .collect();
    assert!(!answer.fallback, "{word}: {found:?}");
    for title in hyphenated.iter().chain(&apart) {
        assert!(found.contains(title), "{word} finds {title:?}: {found:?}");
    }
    // Those that write it hyphenated come first.
    let rank = |title: &&str| found.iter().position(|f| f == title);
    let last_hyphenated = hyphenated.iter().filter_map(rank).max();
    let first_apart = apart.iter().filter_map(rank).min();
    if let (Some(last), Some(first)) = (last_hyphenated, first_apart) {
        assert!(last < first, "{word}: {found:?}");
    }
    apart.len()
}

/// The title and the whole text (title, dateline, body) of each entry.
fn titles_and_texts(records: &[bulletin::extract::Record]) -> Vec<(String, String)> {
    records
        .iter()
        .map(|r| {
            (
                r.title.clone(),
                format!("{}\n{}\n{}", r.title, r.dateline, r.body),
            )
        })
        .collect()
}

const HYPHENATED: &str = "\
An EU-funded training for prosecutors
1 March 2022, Skopje, North Macedonia: An EU-funded training for prosecutors.
A training for judges
2 March 2022, Skopje, North Macedonia: The EU funded a training for judges, and the EU funded more.
A training for police
3 March 2022, Skopje, North Macedonia: A training for police, funded by the EU.
";

#[test]
fn a_hyphenated_word_finds_itself_then_its_parts_as_a_phrase() {
    // A bulletin written here, with the word hyphenated, apart, and its parts elsewhere.
    let (_dir, engine) = engine_of(HYPHENATED);
    let records = engine.records().expect("records");
    let texts = titles_and_texts(&records);
    assert_eq!(hyphenated_then_apart(&engine, &texts, "EU-funded"), 1);
    let found = titles(&engine, "EU-funded");
    let scattered: Vec<&String> = texts
        .iter()
        .filter(|(_, text)| {
            !holds_hyphenated(text, "EU-funded") && !holds_apart(text, &["EU", "funded"])
        })
        .map(|(title, _)| title)
        .collect();
    assert!(!scattered.is_empty());
    for title in scattered {
        assert!(
            !found.contains(title),
            "a phrase: {title:?} has its parts apart"
        );
    }
    // Every hyphenated word of the shipped bulletin.
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&common::shipped_bulletin()).expect("parse");
    let texts = titles_and_texts(&records);
    let mut words: Vec<String> = texts
        .iter()
        .flat_map(|(_, text)| text.split(|c: char| !(c.is_alphanumeric() || c == '-')))
        .filter(|w| {
            let parts: Vec<&str> = w.split('-').collect();
            parts.len() > 1 && parts.iter().all(|p| p.chars().any(char::is_alphabetic))
        })
        .map(str::to_string)
        .collect();
    words.sort();
    words.dedup();
    assert!(words.len() > 10, "{words:?}");
    let apart: usize = words
        .iter()
        .map(|word| hyphenated_then_apart(&engine, &texts, word))
        .sum();
    // `risk-indicators` and `risk indicators`.
    assert!(
        apart > 0,
        "no hyphenated word of the bulletin is also written apart"
    );
}

#[test]
fn a_hyphenated_word_no_activity_holds_falls_back_to_its_parts() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&common::shipped_bulletin()).expect("parse");
    let texts = titles_and_texts(&records);
    let word = "Skopje-based";
    let parts: Vec<&str> = word.split('-').collect();
    assert!(
        !texts
            .iter()
            .any(|(_, t)| holds_hyphenated(t, word) || holds_apart(t, &parts)),
        "the bulletin writes {word}"
    );
    // An entry holds a part when a word of it reads as the part does
    // (`based`, `base`).
    let mut tokenizer = BulletinTokenizer::new();
    let mut forms_of = |text: &str| -> Vec<String> {
        analyse_text(&mut tokenizer, text)
            .into_iter()
            .flat_map(|t| t.forms)
            .collect()
    };
    let part_forms: Vec<Vec<String>> = parts.iter().map(|p| forms_of(p)).collect();
    let holding: Vec<(String, usize)> = texts
        .iter()
        .map(|(title, text)| {
            let forms = forms_of(text);
            let held = part_forms
                .iter()
                .filter(|part| part.iter().any(|f| forms.contains(f)))
                .count();
            (title.clone(), held)
        })
        .filter(|(_, held)| *held > 0)
        .collect();
    assert!(
        holding.iter().any(|(_, held)| *held == parts.len()),
        "no entry holds every part of {word}"
    );
    let mut request = SearchRequest::new(word);
    request.limit = 100;
    let answer = engine.search(&request).expect("search");
    assert!(answer.fallback, "{word}: the any-word search");
    assert_eq!(answer.total, holding.len(), "{word}: {holding:?}");
    let first = &answer.hits[0].title;
    assert!(
        holding
            .iter()
            .any(|(title, held)| title == first && *held == parts.len()),
        "{word}: {first:?} first holds every part"
    );
    // A typo in a part is corrected in the any-word search, and said.
    let answer = engine
        .search(&SearchRequest::new("Skopje-basde"))
        .expect("search");
    assert_eq!(answer.total, holding.len());
    assert_eq!(answer.corrected.as_deref(), Some(word));
}

#[test]
fn a_hyphenated_word_with_a_number_falls_back_to_its_parts() {
    // `16.4-related` was split at its full stop as well as at its hyphen,
    // into three parts for a word the analyzer reads as two: it found nothing.
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let ids = |query: &str| -> Vec<String> {
        let mut request = SearchRequest::new(query);
        request.limit = 100;
        engine
            .search(&request)
            .expect("search")
            .hits
            .into_iter()
            .map(|h| h.id)
            .collect()
    };
    for (number, word) in [("16.4", "related"), ("SDG", "16.4")] {
        let mut both = ids(&format!("{number} {word}"));
        assert!(!both.is_empty(), "no activity holds {number} and {word}");
        let hyphenated = format!("{number}-{word}");
        let answer = engine
            .search(&{
                let mut request = SearchRequest::new(&hyphenated);
                request.limit = 100;
                request
            })
            .expect("search");
        let mut first: Vec<String> = answer.hits[..both.len().min(answer.hits.len())]
            .iter()
            .map(|h| h.id.clone())
            .collect();
        first.sort();
        both.sort();
        assert_eq!(
            first, both,
            "{hyphenated}: the activities holding both parts first"
        );
    }
}

/// The well-known acronyms shipped in `data/acronyms.tsv`, with their long forms.
fn well_known_acronyms() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(common::root().join("data/acronyms.tsv")).expect("list");
    text.lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .map(|(a, l)| (a.to_string(), l.to_string()))
        .collect()
}

#[test]
fn a_well_known_acronym_the_corpus_does_not_define_finds_its_long_form() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (records, _) =
        bulletin::extract::parse_bulletin_file(&common::shipped_bulletin()).expect("parse");
    let defined: Vec<&String> = records
        .iter()
        .flat_map(|r| r.acronyms.0.iter().map(|(acronym, _)| acronym))
        .collect();
    let mut long_only = 0;
    for (acronym, long) in well_known_acronyms() {
        if defined.contains(&&acronym) {
            continue;
        }
        let answer = engine
            .search(&{
                let mut request = SearchRequest::new(&acronym);
                request.limit = 100;
                request
            })
            .expect("search");
        let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
        for record in &records {
            let text = format!("{}\n{}\n{}", record.title, record.dateline, record.body);
            let writes_acronym = words_as_written(&text).contains(&acronym.as_str());
            let writes_long = text.to_lowercase().contains(&long.to_lowercase());
            if writes_long && !writes_acronym {
                long_only += 1;
            }
            if writes_long || writes_acronym {
                assert!(
                    found.contains(&record.title.as_str()),
                    "{acronym} ({long}) finds {:?}",
                    record.title
                );
                assert_eq!(answer.expanded.get(&acronym), Some(&long));
            }
        }
    }
    // "funded by the European Union", where the bulletin never writes EU.
    assert!(
        long_only > 0,
        "no entry writes only the long form of a well-known acronym"
    );
}

#[test]
fn a_well_known_acronym_in_capitals_finds_its_plural() {
    // "NGO" found no activity that wrote only "NGOs": the capitals form of
    // the plural was "NGOS".
    let acronyms: Vec<String> = well_known_acronyms()
        .into_iter()
        .map(|(acronym, _)| acronym)
        .filter(|a| a.chars().all(|c| c.is_ascii_uppercase()))
        .collect();
    assert!(acronyms.len() > 10, "{acronyms:?}");
    let bulletin: String = acronyms
        .iter()
        .enumerate()
        .map(|(n, acronym)| {
            format!(
                "Meeting number {n}\n{day} May 2019, Skopje, North Macedonia: Representatives of {acronym}s met.\n",
                day = n % 28 + 1
            )
        })
        .collect();
    let (_dir, engine) = engine_of(&bulletin);
    for (n, acronym) in acronyms.iter().enumerate() {
        let found = titles(&engine, acronym);
        assert!(
            found.contains(&format!("Meeting number {n}")),
            "{acronym} finds {found:?}"
        );
    }
}

#[test]
fn a_well_known_acronym_no_activity_holds_is_named_in_a_notice() {
    // `NATO` answered 0 and `firearms NATO` the any-word search without a
    // word on why: an acronym was never named as a word no activity holds.
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (mut held, mut named) = (0, 0);
    for (acronym, _) in well_known_acronyms() {
        let alone = engine
            .search(&SearchRequest::new(&acronym))
            .expect("search");
        let notice = alone
            .notices
            .iter()
            .any(|n| n.starts_with(&format!("no activity holds {acronym:?}")));
        assert_eq!(notice, alone.total == 0, "{acronym}: {:?}", alone.notices);
        if notice {
            named += 1;
            let with_word = engine
                .search(&SearchRequest::new(format!("firearms {acronym}")))
                .expect("search");
            assert!(
                with_word.fallback && with_word.total > 0,
                "firearms {acronym}"
            );
            assert!(
                with_word
                    .notices
                    .iter()
                    .any(|n| n.starts_with(&format!("no activity holds {acronym:?}"))),
                "firearms {acronym}: {:?}",
                with_word.notices
            );
        } else {
            held += 1;
        }
    }
    assert!(held > 0 && named > 0, "{held} held, {named} named");
}

#[test]
fn an_acronyms_possessive_finds_what_the_acronym_finds() {
    // `EU's` found the one activity that writes "EU's", not the seven that
    // `EU` finds (its long form, "European Union", was not searched).
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let search = |query: &str| {
        let mut request = SearchRequest::new(query);
        request.limit = 100;
        engine.search(&request).expect("search")
    };
    let mut found = 0;
    for (acronym, _) in well_known_acronyms() {
        let plain = search(&acronym);
        if plain.total == 0 {
            continue;
        }
        found += 1;
        for possessive in [format!("{acronym}'s"), format!("{acronym}\u{2019}s")] {
            let answer = search(&possessive);
            assert_eq!(answer.total, plain.total, "{possessive}");
            assert_eq!(answer.expanded, plain.expanded, "{possessive}");
        }
    }
    assert!(found > 0, "no well-known acronym finds anything");
}

#[test]
fn an_acronym_is_suggested_only_when_an_activity_holds_it() {
    // The shipped bulletin names neither SEECP nor EUROJUST, written or
    // spelt out: suggesting them led to an empty page.
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let (mut suggested, mut left_out) = (0, 0);
    for (acronym, _) in well_known_acronyms() {
        let total = engine
            .search(&SearchRequest::new(&acronym))
            .expect("search")
            .total;
        let is_suggested = engine
            .suggest(&acronym, 50)
            .expect("suggest")
            .iter()
            .any(|s| s.kind == "acronym" && s.text == acronym);
        assert_eq!(is_suggested, total > 0, "{acronym}: {total} hits");
        if is_suggested {
            suggested += 1;
        } else {
            left_out += 1;
        }
    }
    assert!(
        suggested > 0 && left_out > 0,
        "{suggested} suggested, {left_out} left out"
    );
}

#[test]
fn the_corpus_meaning_of_an_acronym_comes_before_the_well_known_one() {
    let (acronym, long) = well_known_acronyms()
        .into_iter()
        .find(|(a, _)| a == "EU")
        .expect("EU is well known");
    let corpus_meaning = "Executive Unit";
    let bulletin = format!(
        "\
The {corpus_meaning} meets
5 May 2019, Skopje, North Macedonia: The {corpus_meaning} ({acronym}) met in Skopje.
A donor conference
6 May 2019, Skopje, North Macedonia: The {long} pledged support.
"
    );
    let (_dir, engine) = engine_of(&bulletin);
    let glossary = engine.glossary().expect("glossary");
    let entry = glossary.get(&acronym).expect("an entry");
    assert_eq!(entry.expansions, [corpus_meaning.to_string(), long.clone()]);
    let answer = engine
        .search(&SearchRequest::new(&acronym))
        .expect("search");
    assert_eq!(
        answer.expanded.get(&acronym).map(String::as_str),
        Some(corpus_meaning)
    );
    let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
    assert_eq!(found, [format!("The {corpus_meaning} meets")]);
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

/// A correction is shown as the word, not as its possessive: in a bulletin
/// that writes the word only as `prosecutor’s` (and `prosecutor's`), a typo
/// of it is shown corrected to `prosecutor`.
#[test]
fn a_correction_is_shown_without_a_possessive() {
    for apostrophe in ['\u{2019}', '\''] {
        let text = format!(
            "Meeting at the prosecutor{apostrophe}s office\n\
             5 May 2019, Skopje, North Macedonia: UNODC met the prosecutor{apostrophe}s staff.\n"
        );
        let (_dir, engine) = engine_of(&text);
        let answer = engine
            .search(&SearchRequest::new("prosecutr"))
            .expect("search");
        assert_eq!(answer.total, 1, "{apostrophe}");
        assert_eq!(
            answer.corrected.as_deref(),
            Some("prosecutor"),
            "{apostrophe}"
        );
    }
}

/// Two words typed apart that the corpus writes as one, with a typo (`fire
/// armz`, `cyber crme`), are corrected as the word typed whole would be:
/// they find what it finds, and the answer shows the same correction. The
/// cases are words of the shipped bulletin split where neither half is
/// indexed, with a letter of the second half left out.
#[test]
fn a_typo_in_a_word_typed_in_two_is_corrected() {
    let workspace = Workspace::new();
    let engine = workspace.engine();
    let text = std::fs::read_to_string(common::shipped_bulletin()).expect("bulletin");
    let mut words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 9)
        .map(str::to_lowercase)
        .collect();
    words.sort();
    words.dedup();
    let search = |query: &str| engine.search(&SearchRequest::new(query)).expect("search");
    // Indexed as typed: found, and not by a correction.
    let indexed = |query: &str| {
        let answer = search(query);
        answer.total > 0 && answer.corrected.is_none()
    };
    let mut checked = 0;
    for word in &words {
        for at in 4..word.len() - 4 {
            let (first, second) = word.split_at(at);
            // Drop the second half's last-but-one letter.
            let mut typo = second.to_string();
            typo.remove(typo.len() - 2);
            let whole = search(&format!("{first}{typo}"));
            if indexed(first) || indexed(&typo) || whole.corrected.is_none() {
                continue;
            }
            let typed = format!("{first} {typo}");
            let answer = search(&typed);
            assert_eq!(answer.total, whole.total, "{typed}");
            assert_eq!(answer.corrected, whole.corrected, "{typed}");
            checked += 1;
            break;
        }
        if checked >= 5 {
            break;
        }
    }
    assert!(
        checked >= 3,
        "words split where neither half is indexed: {checked}"
    );
}

/// A word with a possessive `'s` (or `’s`) is read as the word is: its
/// British spelling as the American (`labour's` is `labor`) and a city's
/// local name as its English one (`Prishtinë's` is `Pristina`), so that the
/// word, however spelt, finds the possessive, and the possessive finds the word.
#[test]
fn a_possessive_is_folded_as_the_word_is() {
    let (_dir, engine) = engine_of(
        "\
The labour’s share of the budget
5 May 2019, Skopje, North Macedonia: The report was presented.
The programme's final conference
6 May 2019, Skopje, North Macedonia: The report was presented.
The centre's new premises
7 May 2019, Skopje, North Macedonia: The report was presented.
A visit to Prishtinë's court
8 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    for (title, queries) in [
        (
            "The labour’s share of the budget",
            ["labour", "labor", "labor's"],
        ),
        (
            "The programme's final conference",
            ["programme", "program", "program's"],
        ),
        (
            "The centre's new premises",
            ["centre", "center", "center's"],
        ),
        (
            "A visit to Prishtinë's court",
            ["Pristina", "Prishtinë", "Priština's"],
        ),
    ] {
        for query in queries {
            assert_eq!(titles(&engine, query), [title], "{query}");
            assert_eq!(
                titles(&engine, &format!("title:{query}")),
                [title],
                "title:{query}"
            );
        }
    }
}

/// The plural of a British spelling is read as the American plural
/// (`defences` as `defenses`), as the singular is read as the American
/// singular: either spelling, singular or plural, finds it.
#[test]
fn a_plural_of_a_british_spelling_is_folded() {
    let (_dir, engine) = engine_of(
        "\
Strengthening border defences
5 May 2019, Skopje, North Macedonia: The report was presented.
Training for the theatres of operation
6 May 2019, Skopje, North Macedonia: The report was presented.
New catalogues of seized goods
7 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    for (title, queries) in [
        (
            "Strengthening border defences",
            ["defence", "defense", "defenses", "defences"],
        ),
        (
            "Training for the theatres of operation",
            ["theatre", "theater", "theaters", "theatres"],
        ),
        (
            "New catalogues of seized goods",
            ["catalogue", "catalog", "catalogs", "catalogues"],
        ),
    ] {
        for query in queries {
            assert_eq!(titles(&engine, query), [title], "{query}");
        }
    }
}

/// Letters Unicode keeps only for compatibility are read as the letters
/// they stand for: the digraph letters of Serbian and Croatian Latin
/// (`ǅ`, `Ǉ`, `ǌ`, one character each), ligatures (`ﬁ`) and fullwidth
/// letters, so that the word typed with plain letters finds them, and they
/// find it.
#[test]
fn compatibility_letters_read_as_the_letters_they_stand_for() {
    let (_dir, engine) = engine_of(
        "\
Visit to the ǅamija of Sarajevo
5 May 2019, Sarajevo, Bosnia and Herzegovina: The report was presented.
Conference in Ǉubljana on ǌegoš
6 May 2019, Skopje, North Macedonia: The report was presented.
The ﬁrearms ﬂow report
7 May 2019, Skopje, North Macedonia: The report was presented.
A ｗｏｒｋｓｈｏｐ of experts
8 May 2019, Skopje, North Macedonia: The report was presented.
Visit to the Džamija of Mostar
9 May 2019, Mostar, Bosnia and Herzegovina: The report was presented.
",
    );
    let dzamija = [
        "Visit to the Džamija of Mostar",
        "Visit to the ǅamija of Sarajevo",
    ];
    for query in ["Džamija", "dzamija", "ǅamija", "Џамија"] {
        let mut found = titles(&engine, query);
        found.sort();
        assert_eq!(found, dzamija, "{query}");
    }
    for (title, queries) in [
        (
            "Conference in Ǉubljana on ǌegoš",
            ["Ljubljana", "\"Ljubljana on Njegoš\"", "ǉubljana"],
        ),
        (
            "The ﬁrearms ﬂow report",
            ["firearms", "\"firearms flow\"", "title:ﬁrearms"],
        ),
        (
            "A ｗｏｒｋｓｈｏｐ of experts",
            ["workshop", "title:workshop", "ｗｏｒｋｓｈｏｐ"],
        ),
    ] {
        for query in queries {
            assert_eq!(titles(&engine, query), [title], "{query}");
        }
    }
}

/// The words each hit's snippet marks, as its text writes them.
fn marked(engine: &Engine, query: &str) -> Vec<Vec<String>> {
    let mut request = SearchRequest::new(query);
    request.limit = 50;
    engine
        .search(&request)
        .expect("search")
        .hits
        .into_iter()
        .map(|hit| {
            let chars: Vec<char> = hit.snippet.text.chars().collect();
            hit.snippet
                .highlights
                .iter()
                .map(|[from, to]| chars[*from..*to].iter().collect())
                .collect()
        })
        .collect()
}

/// Characters that only format a text and are no letters (a soft hyphen,
/// a zero-width joiner or non-joiner, a word joiner, a left-to-right
/// mark) are left out of the word they stand in, so that `fire­arms` with
/// a soft hyphen is `firearms`, both ways; the snippet marks the word as
/// written, the soft hyphen with it.
#[test]
fn format_characters_inside_a_word_are_left_out() {
    let (_dir, engine) = engine_of(
        "\
A report on small arms
5 May 2019, Skopje, North Macedonia: Experts on fire\u{00AD}arms and custom\u{200D}s control met.
A report on regional co\u{2060}operation
6 May 2019, Skopje, North Macedonia: Experts on trafficking met in Pod\u{200C}gorica\u{200E}.
",
    );
    let arms = ["A report on small arms"];
    for query in [
        "firearms",
        "fire\u{00AD}arms",
        "\"firearms and customs\"",
        "customs",
    ] {
        assert_eq!(titles(&engine, query), arms, "{query}");
    }
    assert_eq!(
        marked(&engine, "firearms"),
        [vec!["fire\u{00AD}arms".to_string()]]
    );
    let cooperation = ["A report on regional co\u{2060}operation"];
    for query in ["cooperation", "title:cooperation", "Podgorica"] {
        assert_eq!(titles(&engine, query), cooperation, "{query}");
    }
}

/// A zero-width space inside a word, as text pasted from web pages has it
/// (`fire<ZWSP>arms`), is left out as a soft hyphen is: the indexed text
/// and the query both read `firearms`, in Latin and in Cyrillic text (which
/// takes the general word splitter), and the snippet marks the word whole,
/// the zero-width space with it. Between two words it still parts them.
#[test]
fn a_zero_width_space_inside_a_word_is_left_out() {
    let (_dir, engine) = engine_of(
        "\
A report on small arms
5 May 2019, Skopje, North Macedonia: Experts on fire\u{200B}arms control met.
A report on Скоп\u{200B}је
6 May 2019, Skopje, North Macedonia: Experts on trafficking met in Pod\u{200B}gorica.
A note on two words
7 May 2019, Skopje, North Macedonia: Experts on customs\u{200B} \u{200B}checks met.
",
    );
    let arms = ["A report on small arms"];
    for query in [
        "firearms",
        "fire\u{200B}arms",
        "\"fire\u{200B}arms control\"",
    ] {
        assert_eq!(titles(&engine, query), arms, "{query:?}");
    }
    assert!(titles(&engine, "fire").is_empty());
    assert_eq!(
        marked(&engine, "firearms"),
        [vec!["fire\u{200B}arms".to_string()]]
    );
    assert_eq!(
        marked(&engine, "fire\u{200B}arms"),
        [vec!["fire\u{200B}arms".to_string()]]
    );
    let skopje = ["A report on Скоп\u{200B}је"];
    for query in ["Podgorica", "title:Скопје", "title:Skopje"] {
        assert_eq!(titles(&engine, query), skopje, "{query:?}");
    }
    assert_eq!(
        titles(&engine, "\"customs checks\""),
        ["A note on two words"]
    );
}

/// A Cyrillic word typed with its letters decomposed (`Ѓ` as `Г` and a
/// combining acute, as a text copied from some documents or keyboards
/// writes it) is the word composed: the bulletin is read composed (NFC), so
/// a query must read `Ѓорче` alike however it is encoded, and as its Latin
/// spelling `Gjorče`.
#[test]
fn a_decomposed_cyrillic_word_is_the_word_composed() {
    let (_dir, engine) = engine_of(
        "\
Training in Ѓорче Петров municipality
5 May 2019, Skopje, North Macedonia: The report was presented.
Meeting of the Мајски working group
6 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    let gjorce = ["Training in Ѓорче Петров municipality"];
    for query in [
        "Ѓорче",
        "\u{0413}\u{0301}орче",
        "\u{0433}\u{0301}орче",
        "\"\u{0413}\u{0301}орче Петров\"",
        "title:\u{0413}\u{0301}орче",
        "Gjorče",
        "Gjorc\u{030C}e",
    ] {
        assert_eq!(titles(&engine, query), gjorce, "{query:?}");
    }
    // `й` decomposed is `и` and a breve.
    let majski = ["Meeting of the Мајски working group"];
    for query in ["Мајски", "Majski"] {
        assert_eq!(titles(&engine, query), majski, "{query:?}");
    }
    let (_dir, engine) = engine_of(
        "\
Visit to Мајкоп and Сочи
5 May 2019, Skopje, North Macedonia: The report was presented.
Visit to Майкоп
6 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    let mut found = titles(
        &engine,
        "\u{041C}\u{0430}\u{0438}\u{0306}\u{043A}\u{043E}\u{043F}",
    );
    found.sort();
    assert_eq!(found, ["Visit to Майкоп", "Visit to Мајкоп and Сочи"]);
}

/// A word wholly in Cyrillic is read in Latin letters through and through:
/// a letter with a diacritic (Macedonian `ѐ` and `ѝ`, Russian `ё`,
/// Belarusian `ў`) is its base letter's spelling, as a Latin letter with one
/// is its base letter, and the Ukrainian letters (`і`, `ї`, `є`, `ґ`) have
/// spellings of their own; they were left in Cyrillic inside the Latin
/// spelling, so `Королёв` was not `Королев`, nor `Korolev`.
#[test]
fn a_cyrillic_word_is_read_in_latin_letters_throughout() {
    let (_dir, engine) = engine_of(
        "\
Visit of the delegation to Королёв
5 May 2019, Skopje, North Macedonia: The report was presented.
Тоа е сѐ for the project
6 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    let korolev = ["Visit of the delegation to Королёв"];
    for query in ["Королёв", "Королев", "Korolev", "КОРОЛЁВ"] {
        assert_eq!(titles(&engine, query), korolev, "{query}");
    }
    let everything = ["Тоа е сѐ for the project"];
    for query in ["сѐ", "се", "\"тоа е се\"", "\"toa e se\""] {
        assert_eq!(titles(&engine, query), everything, "{query}");
    }
    let mut tokenizer = BulletinTokenizer::new();
    for word in [
        "Королёв",
        "сѐ",
        "ѝ",
        "Ѐ",
        "ўзбек",
        "Київ",
        "Україна",
        "єдність",
        "Ґанок",
        "ЇЖАК",
    ] {
        let forms: Vec<String> = analyse_text(&mut tokenizer, word)
            .into_iter()
            .flat_map(|t| t.forms)
            .collect();
        assert!(!forms.is_empty(), "{word}");
        assert!(
            forms
                .iter()
                .all(|f| f.chars().all(|c| c.is_ascii_lowercase())),
            "{word}: {forms:?}"
        );
    }
}

/// A prefix (`Подгор*`) is read as the analyzer reads a word's letters, so
/// that it meets the words it starts: Macedonian `Ѓ` and `Ќ` and Russian `й`
/// in their Latin spelling (`gj`, `kj`, `j`; the prefix had its diacritics
/// folded first, `Ѓ` as `g`), and digraph letters and ligatures as the
/// letters they stand for.
#[test]
fn a_prefix_is_read_as_a_word_is() {
    let (_dir, engine) = engine_of(
        "\
Training in Ѓорче Петров municipality
5 May 2019, Skopje, North Macedonia: The report was presented.
Visit to Майкоп and Ќустендил
6 May 2019, Skopje, North Macedonia: The report was presented.
Visit to the ǅamija of Sarajevo
7 May 2019, Sarajevo, Bosnia and Herzegovina: The ﬁrearms report was presented.
",
    );
    for (title, queries) in [
        (
            "Training in Ѓорче Петров municipality",
            ["Ѓор*", "ѓорч*", "Gjor*", "\u{0413}\u{0301}ор*"],
        ),
        (
            "Visit to Майкоп and Ќустендил",
            ["Майк*", "Majk*", "Ќуст*", "Kjust*"],
        ),
        (
            "Visit to the ǅamija of Sarajevo",
            ["ǅam*", "Džam*", "ﬁrea*", "firea*"],
        ),
    ] {
        for query in queries {
            assert_eq!(titles(&engine, query), [title], "{query:?}");
        }
    }
}

/// A prefix with `đ` stands for both its readings, `d` and `dj`, as the
/// word does: `Đak*` finds what `Đakovica` finds, the Cyrillic `Ђаковица`
/// (read `djakovica`) too, as `Ђак*` does.
#[test]
fn a_prefix_with_d_with_stroke_is_d_and_dj() {
    let (_dir, engine) = engine_of(
        "\
Meeting in Đakovica on border police cooperation
5 May 2019, Skopje, North Macedonia: The report was presented.
Meeting in Ђаковица on customs cooperation
6 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    let mut both = titles(&engine, "Đakovica");
    both.sort();
    assert_eq!(
        both,
        [
            "Meeting in Đakovica on border police cooperation",
            "Meeting in Ђаковица on customs cooperation"
        ]
    );
    for query in ["Đak*", "đako*", "Ђак*", "Djak*"] {
        let mut found = titles(&engine, query);
        found.sort();
        assert_eq!(found, both, "{query}");
    }
}

/// A prefix of a British spelling or of a city's local name finds the
/// words it starts, though the index holds them as the American spelling
/// and the English name (`organised` as `organiz`, `centres` as `center`,
/// `Beograd` as `belgrad`): `organis*`, `centr*` and `Beog*` found nothing.
#[test]
fn a_prefix_of_a_british_spelling_or_a_local_name_finds_its_words() {
    let (_dir, engine) = engine_of(
        "\
The organisations of civil society met
5 May 2019, Skopje, North Macedonia: The report was presented.
New training centres and their defences
6 May 2019, Skopje, North Macedonia: The report was presented.
The programmes of the year
7 May 2019, Skopje, North Macedonia: The report was presented.
A meeting in Beograd and Prishtinë
8 May 2019, Skopje, North Macedonia: The report was presented.
A colourful harbour festival
9 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    let cases: [(&str, &[&str]); 5] = [
        (
            "The organisations of civil society met",
            &["organis*", "organiz*", "Organisations*", "organising*"],
        ),
        (
            "New training centres and their defences",
            &["centr*", "centres*", "defenc*", "cente*"],
        ),
        (
            "The programmes of the year",
            &["programm*", "programme*", "progr*"],
        ),
        (
            "A meeting in Beograd and Prishtinë",
            &["Beog*", "Beogr*", "Prisht*", "Prišt*", "Belgr*"],
        ),
        (
            "A colourful harbour festival",
            &["colour*", "harbour*", "harbo*"],
        ),
    ];
    for (title, queries) in cases {
        for &query in queries {
            let answer = engine.search(&SearchRequest::new(query)).expect("search");
            assert_eq!(answer.corrected, None, "{query}");
            let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
            assert_eq!(found, [title], "{query}");
        }
    }
}

/// A Latin look-alike typed inside a Cyrillic word (a Latin `C`, `o`, `a`
/// or `e` from the other keyboard layout, as in `Cкопје`) is read as its
/// Cyrillic twin, as a Cyrillic look-alike inside a Latin word is read as
/// its Latin twin: the word is Cyrillic and reads in its Latin spelling.
#[test]
fn a_latin_look_alike_inside_a_cyrillic_word_is_its_cyrillic_twin() {
    let (_dir, engine) = engine_of(
        "\
Training in C\u{043A}\u{043E}\u{043F}\u{0458}\u{0435} for customs officers
5 May 2019, Tirana, Albania: Officers from Бeoгpaд were trained.
",
    );
    let training = ["Training in Cкопје for customs officers"];
    for query in ["Skopje", "Скопје", "Belgrade", "Београд", "Beograd"] {
        assert_eq!(titles(&engine, query), training, "{query}");
    }
    // A Latin word keeps its Latin letters: no Cyrillic letter without a
    // Latin twin stands in it.
    assert_eq!(titles(&engine, "Training"), training);
}

/// A prefix that runs past the stem the index holds (`mentori*`: the
/// bulletin's `mentoring` is held as `mentor`) finds the words it starts,
/// as a prefix within the stem does (`mentor*`), rather than nothing or a
/// typo correction: it is completed with the common English endings, and
/// the terms of the words so made are searched.
#[test]
fn a_prefix_past_the_stem_finds_the_words_it_starts() {
    let (_dir, engine) = engine_of(
        "\
Mentoring for prosecutors
5 May 2019, Skopje, North Macedonia: The report was presented.
Joint investigations and their coordination
6 May 2019, Skopje, North Macedonia: The report was presented.
The state of the border
7 May 2019, Skopje, North Macedonia: The report was presented.
New police stations
8 May 2019, Skopje, North Macedonia: The report was presented.
",
    );
    let cases: [(&str, &[&str]); 4] = [
        (
            "Mentoring for prosecutors",
            &["mentori*", "mentorin*", "mentor*"],
        ),
        (
            "Joint investigations and their coordination",
            &["investigat*", "investigatio*", "coordinat*", "coordina*"],
        ),
        ("New police stations", &["station*", "statio*"]),
        ("The state of the border", &["state*"]),
    ];
    for (title, queries) in cases {
        for &query in queries {
            let answer = engine.search(&SearchRequest::new(query)).expect("search");
            assert_eq!(answer.corrected, None, "{query}");
            let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
            assert_eq!(found, [title], "{query}");
        }
    }
}

/// A prefix past a word's stem (`harmfu*`: `harmful`, held as `harm`)
/// finds its word after an update that read only another file
/// again: the written words of the files it did not read stay with the
/// index, and those of the file it read are added. A word the update
/// removed (`available`, held as `avail`) finds nothing, as no activity
/// holds its stem any more.
#[test]
fn a_prefix_past_the_stem_finds_its_words_after_an_update() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus");
    let (first, second) = (corpus.join("2019-05-a.txt"), corpus.join("2019-05-b.txt"));
    let conference = "Conference on harmful practices";
    std::fs::write(
        &first,
        format!("{conference}\n5 May 2019, Skopje, North Macedonia: Experts met.\n"),
    )
    .expect("write");
    std::fs::write(
        &second,
        "Guidance made available\n6 May 2019, Tirana, Albania: The report was presented.\n",
    )
    .expect("write");
    common::age(&first);
    common::age(&second);
    let options = IndexOptions::new(dir.path().join("index"), vec![corpus]);
    build(&options).expect("index");
    let engine = Engine::open(&dir.path().join("index")).expect("open");
    assert_eq!(titles(&engine, "harmfu*"), [conference]);
    assert_eq!(titles(&engine, "availab*"), ["Guidance made available"]);
    drop(engine);
    let useful = "Useful guidance";
    std::fs::write(
        &second,
        format!("{useful}\n6 May 2019, Tirana, Albania: The report was presented.\n"),
    )
    .expect("write");
    common::age(&second);
    let summary = build(&options).expect("update");
    assert_eq!(summary.files_indexed, 1, "{summary:?}");
    let engine = Engine::open(&dir.path().join("index")).expect("open");
    assert_eq!(titles(&engine, "harmfu*"), [conference]);
    assert_eq!(titles(&engine, "usef*"), [useful]);
    assert!(titles(&engine, "availab*").is_empty());
}

/// A typo typed in Cyrillic is corrected as the same typo typed in Latin
/// letters is: the word is measured in the Latin spelling the index holds,
/// not in its Cyrillic letters, which no indexed word shares.
#[test]
fn a_typo_in_cyrillic_is_corrected_as_in_latin() {
    let (_dir, engine) = engine_of(
        "\
Training on firearms in Подгорица
5 May 2019, Tirana, Albania: Officers met on border control.
",
    );
    let training = ["Training on firearms in Подгорица"];
    for typo in ["Podgorca", "Подгорца", "ПОДГОРЦА", "Подгориса"] {
        let answer = engine.search(&SearchRequest::new(typo)).expect("search");
        assert!(answer.corrected.is_some(), "{typo}: {:?}", answer.notices);
        let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(found, training, "{typo}");
    }
}

/// The modifier letter apostrophe (`ʼ`, which some keyboards and word
/// processors type, and which Unicode counts as a letter) is an apostrophe
/// as `’` and `'` are: `prosecutorʼs` is `prosecutor's`, `UNODCʼs` is
/// `UNODC's`.
#[test]
fn a_modifier_letter_apostrophe_is_an_apostrophe() {
    let (_dir, engine) = engine_of(
        "\
A visit to the prosecutor\u{02BC}s office
5 May 2019, Tirana, Albania: Officers met with the UNODC\u{02BC}s team.
",
    );
    let visit = ["A visit to the prosecutor\u{02BC}s office"];
    for query in [
        "prosecutor",
        "prosecutor's",
        "prosecutor\u{2019}s",
        "\"prosecutor's office\"",
        "UNODC",
        "UNODC's",
        "unodc",
    ] {
        assert_eq!(titles(&engine, query), visit, "{query}");
    }
}

/// Greek final sigma (`ς`) is the sigma (`σ`) that capitals lower-case to:
/// a Greek word written in capitals (`ΑΘΗΝΑΣ`), letter by letter lower-cased
/// with `σ` at its end, is the word written in small letters (`Αθήνας`).
#[test]
fn greek_final_sigma_is_sigma() {
    let (_dir, engine) = engine_of(
        "\
A conference in the city of Αθήνας
5 May 2019, Tirana, Albania: Officers met.
",
    );
    let conference = ["A conference in the city of Αθήνας"];
    for query in ["Αθήνας", "αθηνας", "ΑΘΗΝΑΣ", "αθηνασ", "\"city of ΑΘΗΝΑΣ\""]
    {
        let answer = engine.search(&SearchRequest::new(query)).expect("search");
        assert_eq!(answer.corrected, None, "{query}: found as written");
        let found: Vec<&str> = answer.hits.iter().map(|h| h.title.as_str()).collect();
        assert_eq!(found, conference, "{query}");
    }
}

/// The words a `title:` clause being typed is completed with are found as a
/// prefix is (see `a_prefix_is_read_as_a_word_is`): `title:Ѓор` offers the
/// title's `Ѓорче`, whose Latin spelling (`gjorče`) starts as the typed
/// letters read.
#[test]
fn a_title_word_being_typed_is_completed_as_a_prefix_is_read() {
    let (_dir, engine) = engine_of(
        "\
Training in Ѓорче Петров municipality
5 May 2019, Skopje, North Macedonia: Officers of Ѓорче Петров were trained.
Visit to Майкоп
6 May 2019, Skopje, North Macedonia: A delegation visited Майкоп.
",
    );
    for (typed, word) in [
        ("title:Ѓор", "Ѓорче"),
        ("title:Gjor", "Ѓорче"),
        ("title:Майк", "Майкоп"),
    ] {
        let suggestions = engine.suggest(typed, 8).expect("suggest");
        assert!(
            suggestions
                .iter()
                .any(|s| s.kind == "word" && s.text == word),
            "{typed}: {suggestions:?}"
        );
    }
}

/// A word whose parts an en dash joins (`anti–corruption`, as typesetting
/// and some word processors write a hyphen) is a hyphenated word: indexed
/// whole and by its parts, so that the word written whole
/// (`anticorruption`) finds it, as it finds `anti-corruption`; and a query
/// typed with an en dash is the hyphenated word.
#[test]
fn an_en_dash_between_letters_is_a_hyphen() {
    let (_dir, engine) = engine_of(
        "\
An anti\u{2013}corruption workshop
5 May 2019, Tirana, Albania: Officers met.
A counter-terrorism seminar
6 May 2019, Tirana, Albania: Officers met.
",
    );
    let workshop = ["An anti\u{2013}corruption workshop"];
    for query in [
        "anticorruption",
        "anti-corruption",
        "anti\u{2013}corruption",
        "\"anti-corruption workshop\"",
        "title:anticorruption",
    ] {
        assert_eq!(titles(&engine, query), workshop, "{query}");
    }
    let seminar = ["A counter-terrorism seminar"];
    for query in ["counterterrorism", "counter\u{2013}terrorism"] {
        assert_eq!(titles(&engine, query), seminar, "{query}");
    }
}

/// An en dash joins a hyphenated word by the letters on either side as
/// they are read: a character that only formats a text (a soft hyphen, a
/// direction mark) or a combining mark (a letter typed decomposed) at the
/// end of the word before it is no letter of it, so `anti­–corruption` with
/// a soft hyphen is `anti–corruption`, as `anti­-corruption` with a hyphen
/// is `anti-corruption`, and `Kosovë–Serbia` typed decomposed is the word
/// typed composed.
#[test]
fn an_en_dash_joins_letters_read_past_format_characters_and_marks() {
    let (_dir, engine) = engine_of(
        "\
An anti\u{00AD}\u{2013}corruption workshop
5 May 2019, Tirana, Albania: Officers met.
A counter\u{200E}\u{2013}terrorism seminar
6 May 2019, Tirana, Albania: Officers met.
",
    );
    for (query, title) in [
        (
            "anticorruption",
            "An anti\u{00AD}\u{2013}corruption workshop",
        ),
        (
            "title:anticorruption",
            "An anti\u{00AD}\u{2013}corruption workshop",
        ),
        (
            "counterterrorism",
            "A counter\u{200E}\u{2013}terrorism seminar",
        ),
    ] {
        assert_eq!(titles(&engine, query), [title], "{query}");
    }
    let forms = |text: &str| -> Vec<Vec<String>> {
        analyse_text(&mut BulletinTokenizer::new(), text)
            .into_iter()
            .map(|token| token.forms)
            .collect()
    };
    assert_eq!(
        forms("Kosove\u{0308}\u{2013}Serbia"),
        forms("Kosov\u{00EB}\u{2013}Serbia")
    );
    assert_eq!(forms("Kosov\u{00EB}\u{2013}Serbia")[0].len(), 2);
}

/// The plural of an acronym is read by its letters as the analyzer reads
/// them: written in fullwidth letters (`ＮＧＯｓ`, whose `ｓ` is a small s)
/// or with a character that only formats a text before its `s`
/// (`NGO<soft hyphen>s`), it is the acronym's plural, as `NGOs` is, and
/// the acronym typed in capitals finds it.
#[test]
fn an_acronyms_plural_is_read_by_its_letters() {
    let acronym = well_known_acronyms()
        .into_iter()
        .map(|(acronym, _)| acronym)
        .find(|a| a.len() >= 3 && a.chars().all(|c| c.is_ascii_uppercase()))
        .expect("a well-known acronym");
    let fullwidth: String = acronym
        .chars()
        .map(|c| char::from_u32(c as u32 - 'A' as u32 + 0xFF21).expect("fullwidth letter"))
        .collect();
    let soft = format!("{acronym}\u{00AD}s");
    let written = [format!("{fullwidth}\u{FF53}"), soft];
    let bulletin: String = written
        .iter()
        .enumerate()
        .map(|(n, word)| {
            format!(
                "Meeting number {n}\n{day} May 2019, Skopje, North Macedonia: Representatives of {word} met.\n",
                day = n + 1
            )
        })
        .collect();
    let (_dir, engine) = engine_of(&bulletin);
    let mut found = titles(&engine, &acronym);
    found.sort();
    assert_eq!(found, ["Meeting number 0", "Meeting number 1"], "{acronym}");
}

/// A title word with `đ` being typed is completed whichever way its `đ` is
/// typed: the index holds `Đurić` as both `duric` and `djuric`, as a
/// search finds it by `Duric` and by `Djuric`, so `title:Djur` is
/// completed with it as `title:Dur` is.
#[test]
fn a_title_word_with_d_with_stroke_is_completed_either_way() {
    let (_dir, engine) = engine_of(
        "\
Meeting with Minister Đurić on border police
5 May 2019, Skopje, North Macedonia: Minister Đurić met the border police.
",
    );
    for query in ["Duric", "Djuric"] {
        assert_eq!(
            titles(&engine, query),
            ["Meeting with Minister Đurić on border police"],
            "{query}"
        );
    }
    for typed in ["title:Dur", "title:Djur", "title:Đur", "title:đur"] {
        let suggestions = engine.suggest(typed, 8).expect("suggest");
        assert!(
            suggestions
                .iter()
                .any(|s| s.kind == "word" && s.text == "Đurić"),
            "{typed}: {suggestions:?}"
        );
    }
}

/// The README's "How text is understood" names each folding the analyzer
/// makes, and each pair it shows as one (`A` = `B`, `A` is `B`) is analysed
/// alike: Greek final sigma (`ΑΘΗΝΑΣ` = `Αθήνας`) and the apostrophes
/// (`UNODCʼs`, with the modifier letter apostrophe) among them.
#[test]
fn the_readme_names_the_foldings_and_its_pairs_fold_alike() {
    let readme = std::fs::read_to_string(common::root().join("README.md")).expect("README");
    let start = readme
        .find("## How text is understood")
        .expect("the section");
    let section = &readme[start..];
    let end = section[3..]
        .find("\n## ")
        .map_or(section.len(), |at| at + 3);
    let section: String = section[..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let spans: Vec<&str> = section.split('`').collect();
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for at in (1..spans.len().saturating_sub(2)).step_by(2) {
        if matches!(spans[at + 1], " = " | " is ") {
            pairs.push((spans[at], spans[at + 2]));
        }
    }
    let read = |text: &str| -> Vec<(Vec<String>, Vec<String>)> {
        analyse_text(&mut BulletinTokenizer::new(), text)
            .into_iter()
            .map(|token| (token.forms, token.capitals))
            .collect()
    };
    for (one, other) in &pairs {
        let lower = |text: &str| {
            read(text)
                .into_iter()
                .map(|(forms, _)| forms)
                .collect::<Vec<_>>()
        };
        assert_eq!(lower(one), lower(other), "{one} = {other}");
    }
    for letter in ['ς', 'ʼ'] {
        assert!(
            pairs
                .iter()
                .any(|(one, other)| one.contains(letter) || other.contains(letter)),
            "the README shows no folding of {letter}: {pairs:?}"
        );
    }
}
