//! Country names both ways in a text query: `BiH` also finds "Bosnia and
//! Herzegovina", and `United Kingdom` also finds "UK" and "Great Britain",
//! as the gazetteer (`data/countries.tsv`) names each country.

use std::sync::OnceLock;

use crate::extract::gazetteer::gazetteer;
use crate::index::analyzer::{BulletinTokenizer, analyse_text};

/// One name of a country, and the others to search with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceName {
    /// The name's analysed words (the last form of each).
    pub tokens: Vec<String>,
    /// A name of one word with capitals inside (`UK`, `BiH`, `FYROM`) counts
    /// only when typed so, as an acronym does: `uk` may be a word.
    pub exact: Option<String>,
    /// The country's name in the index (`Bosnia and Herzegovina`).
    pub country: String,
    /// Whether this is another name than the country's own.
    pub is_alias: bool,
    /// The other names, leaving out any that holds this name's words or
    /// another kept name's words (it finds nothing more), and `US`, which
    /// lower-cased is the word `us`.
    pub others: Vec<String>,
}

/// Every name of every country that has several.
pub fn place_names() -> &'static [PlaceName] {
    static NAMES: OnceLock<Vec<PlaceName>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut tokenizer = BulletinTokenizer::new();
        let mut tokens_of = |name: &str| -> Vec<String> {
            analyse_text(&mut tokenizer, name)
                .into_iter()
                .filter_map(|t| t.forms.last().cloned())
                .collect()
        };
        let mut names = Vec::new();
        for country in gazetteer().country_names() {
            let analysed: Vec<(&str, Vec<String>)> = country
                .iter()
                .map(|name| (*name, tokens_of(name)))
                .collect();
            for (at, (name, tokens)) in analysed.iter().enumerate() {
                if tokens.is_empty() {
                    continue;
                }
                let others: Vec<&(&str, Vec<String>)> = analysed
                    .iter()
                    .filter(|(other, words)| {
                        other != name
                            && !words.is_empty()
                            && !holds(words, tokens)
                            && words.as_slice() != ["us"]
                    })
                    .collect();
                // The broadest names: one holding another's words adds nothing.
                let kept: Vec<String> = others
                    .iter()
                    .filter(|(_, words)| {
                        !others
                            .iter()
                            .any(|(_, shorter)| shorter != words && holds(words, shorter))
                    })
                    .map(|(other, _)| (*other).to_string())
                    .collect();
                let exact = (tokens.len() == 1 && name.chars().skip(1).any(char::is_uppercase))
                    .then(|| (*name).to_string());
                names.push(PlaceName {
                    tokens: tokens.clone(),
                    exact,
                    country: country[0].to_string(),
                    is_alias: at > 0,
                    others: kept,
                });
            }
        }
        names
    })
}

/// Whether `words` holds `part` as a run of whole words.
fn holds(words: &[String], part: &[String]) -> bool {
    !part.is_empty() && words.windows(part.len()).any(|w| w == part)
}

/// The longest country name spelt by the words at the start of `words`
/// (each a word as typed and its analysed form), if it has other names.
pub fn name_at(words: &[(&str, &str)]) -> Option<&'static PlaceName> {
    place_names()
        .iter()
        .filter(|name| {
            name.tokens.len() <= words.len()
                && name
                    .tokens
                    .iter()
                    .zip(words)
                    .all(|(token, (_, form))| token == form)
                && name
                    .exact
                    .as_ref()
                    .is_none_or(|exact| words.first().is_some_and(|(typed, _)| typed == exact))
        })
        .max_by_key(|name| name.tokens.len())
        .filter(|name| !name.others.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn others(typed: &[&str]) -> Option<(String, Vec<String>)> {
        let mut tokenizer = BulletinTokenizer::new();
        let forms: Vec<String> = typed
            .iter()
            .map(|w| {
                analyse_text(&mut tokenizer, w)
                    .into_iter()
                    .filter_map(|t| t.forms.last().cloned())
                    .next()
                    .unwrap_or_default()
            })
            .collect();
        let words: Vec<(&str, &str)> = typed
            .iter()
            .copied()
            .zip(forms.iter().map(String::as_str))
            .collect();
        name_at(&words).map(|n| (n.country.clone(), n.others.clone()))
    }

    #[test]
    fn names_find_each_other() {
        let (country, names) = others(&["BiH"]).expect("BiH is a name");
        assert_eq!(country, "Bosnia and Herzegovina");
        assert!(
            names.contains(&"Bosnia and Herzegovina".to_string()),
            "{names:?}"
        );
        let (_, names) = others(&["United", "Kingdom"]).expect("a name");
        assert!(names.contains(&"UK".to_string()), "{names:?}");
        // The long name holds `Great Britain`, which is kept instead.
        assert!(names.contains(&"Great Britain".to_string()), "{names:?}");
        assert!(
            !names.iter().any(|n| n.starts_with("United Kingdom of")),
            "{names:?}"
        );
        let (_, names) = others(&["United", "States"]).expect("a name");
        assert!(!names.contains(&"US".to_string()), "{names:?}");
        assert!(names.contains(&"USA".to_string()), "{names:?}");
        let (country, _) = others(&["FYROM"]).expect("a name");
        assert_eq!(country, "North Macedonia");
        // Acronym-like names count only as written; other words are no names.
        assert_eq!(others(&["bih"]), None);
        assert_eq!(others(&["firearms"]), None);
        assert_eq!(
            others(&["Ivory", "Coast", "training"]).map(|n| n.0),
            Some("Côte d'Ivoire".to_string())
        );
    }
}
