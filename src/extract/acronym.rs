//! Acronym definitions: `Long Name (ACRONYM)`.
//!
//! The expansion is the span before `(` that starts at the word giving the
//! acronym's first letter and whose words hold the acronym's capitals in order
//! (`Airport Communication Project (AIRCOP)`). When no such span exists the
//! acronym comes from another language (`Kosovo Asset Management Agency (AMSCA)`)
//! and the expansion is the name written right before `(`.

const CONNECTORS: [&str; 10] = [
    "of", "for", "and", "the", "against", "on", "in", "to", "de", "&",
];

/// Whether the text in parentheses reads as an acronym: 2+ capitals, at most
/// 20 characters, every word more capitals than not (`PCUs`, `MoU`, `DG NEAR`).
pub fn is_acronym(inner: &str) -> bool {
    let inner = inner.trim();
    let capitals = inner.chars().filter(|c| c.is_uppercase()).count();
    if capitals < 2 || inner.chars().count() > 20 || inner.is_empty() {
        return false;
    }
    inner.split_whitespace().all(|word| {
        let upper = word.chars().filter(|c| c.is_uppercase()).count();
        let lower = word.chars().filter(|c| c.is_lowercase()).count();
        upper >= 1 && upper >= lower && !word.chars().all(|c| c.is_ascii_digit() || c == '-')
    })
}

/// A word of the text before `(`, with its byte span.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    start: usize,
}

fn strip_punctuation(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Brackets right after an acronym that hold no acronym: a definition
/// written after its acronym (`GMCP (Global Maritime Crime Programme)`),
/// which the acronym map leaves out but a programme's name may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefinedAfter {
    /// The acronym, as written.
    pub acronym: String,
    /// The byte span of the words in the brackets, trimmed.
    pub start: usize,
    pub end: usize,
}

/// Finds `(ACRONYM)` definitions in the text, first definition of each acronym first.
pub fn extract_acronyms(text: &str) -> Vec<(String, String)> {
    extract_definitions(text).0
}

/// The all-capitals acronym (2 characters or more, digits allowed) that
/// ends right before the ` (` at `open`.
fn acronym_before(text: &str, open: usize) -> Option<&str> {
    let before = text[..open].strip_suffix(' ')?;
    let word = before.rsplit([' ', '\n']).next()?;
    let word = word.trim_start_matches(['“', '"']);
    let is_acronym = word.len() >= 2
        && word.bytes().any(|b| b.is_ascii_uppercase())
        && word
            .bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    is_acronym.then_some(word)
}

/// [`extract_acronyms`], with the definitions written after their acronym,
/// in one pass over the brackets.
pub fn extract_definitions(text: &str) -> (Vec<(String, String)>, Vec<DefinedAfter>) {
    let mut defined_after = Vec::new();
    let mut found: Vec<(String, String)> = Vec::new();
    let mut search_from = 0;
    while let Some(open_rel) = text[search_from..].find('(') {
        let open = search_from + open_rel;
        search_from = open + 1;
        let Some(close_rel) = text[open + 1..].find([')', '(']) else {
            break;
        };
        let close = open + 1 + close_rel;
        if !text[close..].starts_with(')') {
            continue;
        }
        let inner = text[open + 1..close].trim();
        if !is_acronym(inner) {
            if let Some(acronym) = acronym_before(text, open) {
                let start = open
                    + 1
                    + (text[open + 1..close].len() - text[open + 1..close].trim_start().len());
                defined_after.push(DefinedAfter {
                    acronym: acronym.to_string(),
                    start,
                    end: start + inner.len(),
                });
            }
            continue;
        }
        if found.iter().any(|(key, _)| key == inner) {
            continue;
        }
        if let Some(expansion) = expansion_before(&text[..open], inner) {
            found.push((inner.to_string(), expansion));
        }
    }
    (found, defined_after)
}

/// The clause right before `(`: from the last sentence or bracket boundary.
fn clause_before(before: &str) -> (usize, &str) {
    // Walk back from `(` to the nearest boundary.
    for (at, c) in before.char_indices().rev() {
        let boundary = match c {
            '(' | ')' | ';' | '\n' | ':' => true,
            '.' => {
                before[at + 1..].starts_with(' ') && {
                    let word = before[..at].rsplit(' ').next().unwrap_or("");
                    word.chars().count() > 2 && !word.contains('.')
                }
            }
            _ => false,
        };
        if boundary {
            let start = at + c.len_utf8();
            return (start, &before[start..]);
        }
    }
    (0, before)
}

fn expansion_before(before: &str, acronym: &str) -> Option<String> {
    let (offset, clause) = clause_before(before);
    // A word of the clause, with its byte offset in `before`.
    let located = |w| Word {
        text: w,
        start: offset + (w.as_ptr() as usize - clause.as_ptr() as usize),
    };
    let letters: Vec<char> = acronym
        .chars()
        .filter(|c| c.is_uppercase())
        .flat_map(char::to_lowercase)
        .collect();
    let first = *letters.first()?;
    let limit = letters.len() * 3 + 6;
    // The last `limit` words, nearest first: read from the end, so a long
    // clause is not split whole when the expansion is found among them.
    for word in clause.split_whitespace().rev().take(limit).map(&located) {
        let stripped = strip_punctuation(word.text);
        let lower = stripped.to_lowercase();
        if CONNECTORS.contains(&lower.as_str()) || !lower.starts_with(first) {
            continue;
        }
        let lead = word.text.len()
            - word
                .text
                .trim_start_matches(|c: char| !c.is_alphanumeric())
                .len();
        let span_start = word.start + lead;
        let span = before[span_start..].trim_end();
        let rest = span.chars().skip(1).flat_map(char::to_lowercase);
        if is_subsequence(&letters[1..], rest) {
            return Some(clean_expansion(span));
        }
    }
    let words: Vec<Word> = clause.split_whitespace().map(&located).collect();
    name_before(&words, before, first)
}

/// Whether `needle` occurs in order in `haystack`, read only until the
/// needle's last character is found.
fn is_subsequence(needle: &[char], mut haystack: impl Iterator<Item = char>) -> bool {
    needle.iter().all(|n| haystack.any(|c| c == *n))
}

fn clean_expansion(span: &str) -> String {
    span.trim()
        .trim_end_matches([',', ';', ':', '“', '”', '"', '\'', '’'])
        .trim()
        .to_string()
}

/// The capitalised name right before `(` (`Ministry of Justice and Kosovo Asset
/// Management Agency` gives the last name of the run), for acronyms of another language.
fn name_before(words: &[Word], before: &str, first: char) -> Option<String> {
    let mut run_start = words.len();
    for (index, word) in words.iter().enumerate().rev() {
        let stripped = strip_punctuation(word.text);
        let is_name = stripped.chars().next().is_some_and(char::is_uppercase);
        let is_connector = CONNECTORS.contains(&stripped.to_lowercase().as_str());
        let ends_clause = index + 1 < words.len() && word.text.ends_with([',', ';']);
        if ends_clause || !(is_name || is_connector) {
            break;
        }
        run_start = index;
    }
    let mut run: Vec<&Word> = words[run_start..].iter().collect();
    while run
        .first()
        .is_some_and(|w| CONNECTORS.contains(&strip_punctuation(w.text).to_lowercase().as_str()))
    {
        run.remove(0);
    }
    let first_word = run.first()?;
    // Split the run into names at `and`; keep the shortest tail that starts with the acronym's letter.
    let segment_starts: Vec<usize> = std::iter::once(0)
        .chain(
            run.iter()
                .enumerate()
                .filter(|(i, w)| w.text == "and" && i + 1 < run.len())
                .map(|(i, _)| i + 1),
        )
        .collect();
    let chosen = segment_starts
        .iter()
        .rev()
        .find(|&&i| {
            strip_punctuation(run[i].text)
                .to_lowercase()
                .starts_with(first)
        })
        .or(segment_starts.last())
        .copied()
        .unwrap_or(0);
    let start = run.get(chosen).map_or(first_word.start, |w| w.start);
    Some(clean_expansion(&before[start..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Option<(String, String)> {
        extract_acronyms(text).into_iter().next()
    }

    fn pair(a: &str, b: &str) -> Option<(String, String)> {
        Some((a.to_string(), b.to_string()))
    }

    #[test]
    fn finds_expansions_by_letters() {
        assert_eq!(
            one("The UNODC-WCO Container Control Programme (CCP) continued"),
            pair("CCP", "Container Control Programme")
        );
        assert_eq!(
            one("under the Regional Anti-Corruption and Illicit Finance (ACIF) Roadmap"),
            pair("ACIF", "Anti-Corruption and Illicit Finance")
        );
        assert_eq!(
            one("the UNODC-WCO-INTERPOL Airport Communication Project (AIRCOP) to"),
            pair("AIRCOP", "Airport Communication Project")
        );
        assert_eq!(
            one("providing support to Port Control Units (PCUs) established"),
            pair("PCUs", "Port Control Units")
        );
    }

    #[test]
    fn takes_the_name_for_foreign_acronyms() {
        assert_eq!(
            one("Kosovo Police, Ministry of Justice and Kosovo Asset Management Agency (AMSCA)."),
            pair("AMSCA", "Kosovo Asset Management Agency")
        );
    }

    #[test]
    fn ignores_descriptive_parentheses() {
        assert_eq!(one("Airports (Passenger and Cargo) organized"), None);
        assert_eq!(one("the project (2021-2024) aimed"), None);
        assert_eq!(
            one("the “4Ps” (Prevent, Protect, Pursue, Promote) framework"),
            None
        );
    }
}
