//! Snippets: the passage of a body that best shows why it matched, with the
//! matched words as character ranges.

use std::collections::{BTreeMap, BTreeSet};

use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Score, Searcher, Term};

use crate::error::Result;
use crate::search::Snippet;

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 240;

/// Makes snippets for one query.
pub struct SnippetMaker {
    generator: Option<SnippetGenerator>,
}

impl SnippetMaker {
    /// A snippet maker for `query` on `field`, analysing bodies with
    /// `analyzer`; without a query, snippets are the body's opening.
    ///
    /// As tantivy's `SnippetGenerator::create`, a term weighs 1 / (1 + its
    /// document frequency), but the analyzer is the caller's: the engine's
    /// shares its memo of analysed words across searches.
    pub fn new(
        searcher: &Searcher,
        query: Option<&dyn Query>,
        field: Field,
        analyzer: TextAnalyzer,
    ) -> Result<Self> {
        let Some(query) = query else {
            return Ok(SnippetMaker { generator: None });
        };
        let mut terms: BTreeSet<Term> = BTreeSet::new();
        query.query_terms(&mut |term, _| {
            if term.field() == field {
                terms.insert(term.clone());
            }
        });
        let mut weights: BTreeMap<String, Score> = BTreeMap::new();
        for term in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weights.insert(text, 1.0 / (1.0 + doc_freq as Score));
            }
        }
        Ok(SnippetMaker {
            generator: Some(SnippetGenerator::new(
                weights,
                analyzer,
                field,
                SNIPPET_CHARS,
            )),
        })
    }

    /// The snippet of one body.
    pub fn snippet(&self, body: &str) -> Snippet {
        if let Some(generator) = &self.generator {
            let snippet = generator.snippet(body);
            if !snippet.is_empty() && !snippet.highlighted().is_empty() {
                let fragment = snippet.fragment();
                let range = snippet.fragment_range();
                // A passage cut out of a longer text is marked with ellipses.
                let lead = if range.start > 0 { "… " } else { "" };
                let tail = if range.end < body.len() { " …" } else { "" };
                let shift = lead.chars().count();
                let highlights = snippet
                    .highlighted()
                    .iter()
                    .filter(|r| {
                        r.end <= fragment.len()
                            && fragment.is_char_boundary(r.start)
                            && fragment.is_char_boundary(r.end)
                    })
                    // Little words of an expanded phrase (`trafficking in persons`) are not worth marking.
                    .filter(|r| !is_little_word(&fragment[r.start..r.end]))
                    .map(|r| {
                        [
                            shift + fragment[..r.start].chars().count(),
                            shift + fragment[..r.end].chars().count(),
                        ]
                    })
                    .collect();
                return Snippet {
                    text: format!("{lead}{}{tail}", fragment.replace('\n', " ")),
                    highlights,
                };
            }
        }
        Snippet {
            text: opening(body, SNIPPET_CHARS),
            highlights: Vec::new(),
        }
    }
}

/// Words too common to highlight on their own.
fn is_little_word(word: &str) -> bool {
    const LITTLE: [&str; 16] = [
        "a", "an", "and", "at", "by", "for", "from", "in", "of", "on", "or", "the", "to", "with",
        "as", "is",
    ];
    LITTLE.contains(&word.to_lowercase().as_str())
}

/// The first `max_chars` characters of a text, cut at a word boundary.
pub fn opening(text: &str, max_chars: usize) -> String {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.chars().count() <= max_chars {
        return first_line.to_string();
    }
    let cut: String = first_line.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(at) if at > max_chars / 2 => format!("{}…", &cut[..at]),
        _ => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_at_a_word() {
        assert_eq!(opening("one two three", 9), "one two…");
        assert_eq!(opening("short", 9), "short");
    }
}
