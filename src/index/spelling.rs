//! British and American spellings folded to one form (the American), so that
//! `organised` finds `organized` and `programme` finds `program`.
//!
//! Word pairs come from `data/spelling.tsv`; regular endings are rules here.

use std::collections::HashMap;
use std::sync::OnceLock;

const PAIRS: &str = include_str!("../../data/spelling.tsv");

fn pairs() -> &'static HashMap<&'static str, &'static str> {
    static PAIRS_MAP: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    PAIRS_MAP.get_or_init(|| {
        PAIRS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(british, american)| (british.trim(), american.trim()))
            .collect()
    })
}

/// Words ending in -ise that are not British -ize words.
const ISE_WORDS: [&str; 42] = [
    "advertise",
    "bruise",
    "chastise",
    "cruise",
    "porpoise",
    "tortoise",
    "treatise",
    "turquoise",
    "advise",
    "arise",
    "chemise",
    "circumcise",
    "comprise",
    "compromise",
    "concise",
    "demise",
    "despise",
    "devise",
    "disguise",
    "enterprise",
    "excise",
    "exercise",
    "expertise",
    "franchise",
    "improvise",
    "incise",
    "merchandise",
    "noise",
    "otherwise",
    "paradise",
    "poise",
    "praise",
    "precise",
    "premise",
    "promise",
    "raise",
    "revise",
    "rise",
    "supervise",
    "surmise",
    "surprise",
    "televise",
];

/// Words ending in -our that are not British -or words.
const OUR_WORDS: [&str; 14] = [
    "our",
    "four",
    "hour",
    "your",
    "tour",
    "pour",
    "flour",
    "sour",
    "devour",
    "contour",
    "detour",
    "amour",
    "velour",
    "troubadour",
];

/// The British words of the list that start with `prefix` (`centr`:
/// `centre`, `centres`, `centred`), which the index holds in their
/// American spelling: a prefix of the British word starts none of it.
pub fn british_words_starting(prefix: &str) -> impl Iterator<Item = &'static str> + '_ {
    pairs()
        .keys()
        .copied()
        .filter(move |british| british.starts_with(prefix))
}

/// The American spelling of a prefix that ends in a British ending the
/// rules read (`organis` is `organiz`, `organisation` `organization`,
/// `colour` `color`, `harbours` `harbors`), or part of one (`organisa` is
/// `organiza`); `None` when no rule reads it, or the word is one the rules
/// leave alone (`hour`, `promis`).
pub fn american_prefix(prefix: &str) -> Option<String> {
    if !prefix.is_ascii() {
        return None;
    }
    let starts = |rest: &str, endings: &[&str]| endings.iter().any(|e| e.starts_with(rest));
    // -ise…, -isation…: `is` followed by the start of an ending.
    if let Some(at) = prefix.rfind("is") {
        let (stem, rest) = (&prefix[..at], &prefix[at + 2..]);
        let endings = ["e", "ed", "es", "ing", "er", "ers", "ation", "ations"];
        let base = format!("{stem}ise");
        let is_exception = ISE_WORDS
            .iter()
            .any(|w| base == *w || (base.ends_with(w) && w.len() >= 5));
        if stem.len() >= 3 && starts(rest, &endings) && !is_exception {
            return Some(format!("{stem}iz{rest}"));
        }
    }
    // -our…: `our` followed by the start of an ending.
    if let Some(at) = prefix.rfind("our") {
        let (stem, rest) = (&prefix[..at], &prefix[at + 3..]);
        let endings = ["s", "ed", "ing", "able", "ite", "ful", "less"];
        let base = format!("{stem}our");
        let is_exception = OUR_WORDS
            .iter()
            .any(|w| base == *w || (w.len() >= 4 && base.ends_with(w)));
        if stem.len() >= 2 && starts(rest, &endings) && !is_exception {
            return Some(format!("{stem}or{rest}"));
        }
    }
    None
}

fn replace_suffix(word: &str, suffix: &str, replacement: &str, out: &mut String) -> bool {
    match word.strip_suffix(suffix) {
        Some(stem) if stem.len() >= 2 => {
            out.clear();
            out.push_str(stem);
            out.push_str(replacement);
            true
        }
        _ => false,
    }
}

/// Writes the American spelling of a lower-case British word into `out`, and
/// returns whether it differs. `out` is a reusable buffer.
pub fn americanize(word: &str, out: &mut String) -> bool {
    if let Some(american) = pairs().get(word) {
        out.clear();
        out.push_str(american);
        return true;
    }
    // The plural of a listed word the list does not name (`defences`,
    // `theatres`, `catalogues`): the American singular's plural.
    if let Some(american) = word.strip_suffix('s').and_then(|one| pairs().get(one)) {
        out.clear();
        out.push_str(american);
        out.push('s');
        return true;
    }
    if !word.is_ascii() || word.len() < 5 {
        return false;
    }
    // -isation(s) → -ization(s)
    for (british, american) in [("isation", "ization"), ("isations", "izations")] {
        if replace_suffix(word, british, american, out) {
            return true;
        }
    }
    // -ise, -ised, -ises, -ising, -iser(s) → -ize…, unless the -ise word is not a British -ize word.
    for (british, american, base_end) in [
        ("ise", "ize", "ise"),
        ("ised", "ized", "ise"),
        ("ises", "izes", "ise"),
        ("ising", "izing", "ise"),
        ("iser", "izer", "ise"),
        ("isers", "izers", "ise"),
    ] {
        if let Some(stem) = word.strip_suffix(british) {
            let base = format!("{stem}{base_end}");
            let is_exception = ISE_WORDS
                .iter()
                .any(|w| base == *w || base.ends_with(&format!("-{w}")))
                || ISE_WORDS.iter().any(|w| base.ends_with(w) && w.len() >= 5);
            if stem.len() >= 3 && !is_exception {
                return replace_suffix(word, british, american, out);
            }
            return false;
        }
    }
    // -our, -ours, -oured, -ouring → -or…
    for (british, american, base_end) in [
        ("our", "or", "our"),
        ("ours", "ors", "our"),
        ("oured", "ored", "our"),
        ("ouring", "oring", "our"),
        ("ourable", "orable", "our"),
        ("ourite", "orite", "our"),
    ] {
        if let Some(stem) = word.strip_suffix(british) {
            let base = format!("{stem}{base_end}");
            if OUR_WORDS
                .iter()
                .any(|w| base == *w || (w.len() >= 4 && base.ends_with(w)))
            {
                return false;
            }
            return replace_suffix(word, british, american, out);
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn american(word: &str) -> String {
        let mut out = String::new();
        if americanize(word, &mut out) {
            out
        } else {
            word.to_string()
        }
    }

    #[test]
    fn folds_british_spellings() {
        for (british, expected) in [
            ("organised", "organized"),
            ("organisation", "organization"),
            ("programme", "program"),
            ("centre", "center"),
            ("labour", "labor"),
            ("behaviour", "behavior"),
            ("defence", "defense"),
            ("realise", "realize"),
            ("prioritisation", "prioritization"),
            ("defences", "defenses"),
            ("theatres", "theaters"),
            ("catalogues", "catalogs"),
        ] {
            assert_eq!(american(british), expected, "{british}");
        }
    }

    #[test]
    fn reads_british_prefixes() {
        for (british, expected) in [
            ("organis", Some("organiz")),
            ("organisa", Some("organiza")),
            ("realising", Some("realizing")),
            ("colour", Some("color")),
            ("harbours", Some("harbors")),
            ("hour", None),
            ("promis", None),
            ("exercis", None),
            ("court", None),
        ] {
            assert_eq!(american_prefix(british).as_deref(), expected, "{british}");
        }
    }

    #[test]
    fn leaves_words_that_only_look_british() {
        for word in [
            "exercise",
            "promise",
            "enterprise",
            "expertise",
            "hour",
            "four",
            "your",
            "otherwise",
            "rise",
            "noise",
            "wise",
        ] {
            assert_eq!(american(word), word);
        }
    }
}
