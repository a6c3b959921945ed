//! Country names both ways in a text query: `BiH` also finds "Bosnia and
//! Herzegovina", and `United Kingdom` also finds "UK" and "Great Britain",
//! as the gazetteer (`data/countries.tsv`) names each country.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::extract::gazetteer::{gazetteer, place_key, with_last_stop};
use crate::index::analyzer::{BulletinTokenizer, analyse_text};

/// One name of a country, and the others to search with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceName {
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

/// Every name of every country that has several, by its [`place_key`]
/// (case, accents and Cyrillic folded): a country's own name first.
fn place_names() -> &'static HashMap<String, PlaceName> {
    static NAMES: OnceLock<HashMap<String, PlaceName>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut tokenizer = BulletinTokenizer::new();
        let mut tokens_of = |name: &str| -> Vec<String> {
            analyse_text(&mut tokenizer, name)
                .into_iter()
                .flat_map(|t| t.forms.last().cloned())
                .collect()
        };
        let mut names: HashMap<String, PlaceName> = HashMap::new();
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
                let one_word = !name.contains(char::is_whitespace);
                let exact = (one_word && name.chars().skip(1).any(char::is_uppercase))
                    .then(|| (*name).to_string());
                // A country's own name keeps its key (`Côte d'Ivoire` is
                // not `Cote d'Ivoire`, its alias, though both key alike).
                names.entry(place_key(name)).or_insert(PlaceName {
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

/// The longest country name spelt by the words at the start of `words`, as
/// typed, if it has other names, with how many words spell it.
pub fn name_at(words: &[&str]) -> Option<(usize, &'static PlaceName)> {
    let names = place_names();
    let longest = words.len().min(MAX_NAME_WORDS);
    (1..=longest).rev().find_map(|count| {
        let mut typed = words[..count].join(" ");
        // `U.S` is `U.S.`: an abbreviation without its last stop.
        let name = match names.get(&place_key(&typed)) {
            Some(name) => name,
            None => {
                typed = with_last_stop(words[count - 1]).map(|_| format!("{typed}."))?;
                names.get(&place_key(&typed))?
            }
        };
        let fits =
            name.exact.as_ref().is_none_or(|exact| *exact == typed) && !name.others.is_empty();
        fits.then_some((count, name))
    })
}

/// The most words of a country's name the query is read for.
const MAX_NAME_WORDS: usize = 8;

#[cfg(test)]
mod tests {
    use super::*;

    fn others(typed: &[&str]) -> Option<(String, Vec<String>)> {
        name_at(typed).map(|(_, n)| (n.country.clone(), n.others.clone()))
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
        // Names written with full stops or hyphens, as typed.
        assert_eq!(
            others(&["U.K."]).map(|n| n.0),
            Some("United Kingdom".to_string())
        );
        assert_eq!(
            others(&["Bosnia-Herzegovina"]).map(|n| n.0),
            Some("Bosnia and Herzegovina".to_string())
        );
        let (_, own) = name_at(&["Côte", "d'Ivoire"]).expect("a name");
        assert!(!own.is_alias);
        let words = ["former", "Yugoslav", "Republic", "of", "Macedonia"];
        assert_eq!(
            others(&words).map(|n| n.0),
            Some("North Macedonia".to_string())
        );
    }
}
