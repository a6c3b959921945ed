//! Snippets: the passage of a body that best shows why it matched, with the
//! matched words as character ranges.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use tantivy::query::{BooleanQuery, EnableScoring, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::Field;
use tantivy::{DocAddress, DocSet, Score, Searcher, Term};

use crate::error::Result;
use crate::index::analyzer::{FirstLetters, SearchToken, for_each_search_token};
use crate::search::Snippet;
use crate::search::lazy_union::LazyUnionQuery;

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 240;

/// Makes snippets for one query.
///
/// The passage is chosen as tantivy's `SnippetGenerator` chooses it: the
/// body is cut, token by token, into passages of at most [`SNIPPET_CHARS`]
/// characters (tantivy counts bytes, which would give a Cyrillic body half
/// as much text); a passage scores the weights of the query's words in it, a word
/// weighing 1 / (1 + its document frequency); the best passage wins, the
/// first of equals. It is worked out here, on the tokens as the engine's
/// analyzer makes them (with a memo of analysed words that lasts across
/// searches), because tantivy's copies every token of a body and
/// lower-cases it again before looking it up. One thing is added: two
/// different query words side by side count twice (`border control`, not
/// `control` three times over), so a phrase or a name is shown where it
/// stands.
pub struct SnippetMaker {
    /// The query's words in the field with their weights and whether they
    /// stand only in phrases; `None` without a query.
    weights: Option<Vec<(String, Score, bool)>>,
    /// Whether query words side by side count twice.
    pairs: bool,
    /// The query's phrases in the field, each its words in order: a word
    /// asked only in phrases is marked where it stands in a stretch that
    /// matches one of them.
    phrases: Vec<Vec<String>>,
    /// How many moves a phrase's words may make (`"border police"~2`), as
    /// Lucene counts them; 0 for words in order, side by side.
    slop: usize,
    /// The query, when a hit may be found by some of its alternatives and
    /// not others (`co operation`: `co` and `operation`, or `cooperation`),
    /// so that each hit marks the words of those that found it.
    choices: Option<(Box<dyn Query>, Field)>,
    /// The maker of the query's words asked in titles alone (`title:firearms`),
    /// which are marked in a hit's title beside this maker's words.
    title: Option<Box<SnippetMaker>>,
    /// The words of a text that can be the query's words or its phrases'
    /// (the others are read for their places alone).
    wanted: FirstLetters,
}

/// What a hit shows marked: its snippet, and the query's words in its title
/// and dateline as `[start, end)` character offsets into them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HitMarks {
    pub snippet: Snippet,
    pub title: Vec<[usize; 2]>,
    pub dateline: Vec<[usize; 2]>,
}

/// A passage being read: its byte range, its score, its matched words.
struct Passage {
    score: Score,
    start: usize,
    /// The characters before `start`.
    start_chars: usize,
    stop: usize,
    highlighted: Vec<Range<usize>>,
}

impl Passage {
    fn new(start: usize, start_chars: usize) -> Self {
        Passage {
            score: 0.0,
            start,
            start_chars,
            stop: start,
            highlighted: Vec::new(),
        }
    }
}

/// Counts the characters before a byte offset of a text, for offsets that
/// mostly move forward (a token's, then the next token's): each call counts
/// only the characters between the last offset and this one.
struct CharCounter<'a> {
    text: &'a str,
    /// The length of the text's opening in ASCII (all of most bodies),
    /// where an offset is its count of characters: nothing is counted there.
    ascii: usize,
    at: usize,
    chars: usize,
}

impl<'a> CharCounter<'a> {
    fn new(text: &'a str) -> Self {
        CharCounter {
            text,
            ascii: text
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(text.len()),
            at: 0,
            chars: 0,
        }
    }

    /// The characters of the text before `offset`, a character boundary.
    fn before(&mut self, offset: usize) -> usize {
        let offset = offset.min(self.text.len());
        if offset <= self.ascii {
            (self.at, self.chars) = (offset, offset);
        } else if offset >= self.at {
            self.chars += self
                .text
                .get(self.at..offset)
                .map_or(0, |t| t.chars().count());
        } else {
            self.chars -= self
                .text
                .get(offset..self.at)
                .map_or(0, |t| t.chars().count());
        }
        self.at = offset;
        self.chars
    }
}

impl SnippetMaker {
    /// A snippet maker for `query` on `field`; without a query, snippets
    /// are the body's opening.
    pub fn new(searcher: &Searcher, query: Option<&dyn Query>, field: Field) -> Result<Self> {
        let Some(query) = query else {
            return Ok(SnippetMaker {
                weights: None,
                pairs: true,
                phrases: Vec::new(),
                slop: 0,
                choices: None,
                title: None,
                wanted: FirstLetters::ALL,
            });
        };
        // A word of a phrase (`"border control"`, an acronym's long form,
        // a country's name) that the query never asks for alone.
        let mut terms: BTreeMap<Term, bool> = BTreeMap::new();
        visit_matching_terms(query, None, &mut |term, in_phrase| {
            if term.field() == field {
                let only = terms.entry(term.clone()).or_insert(in_phrase);
                *only &= in_phrase;
            }
        });
        let mut weights: Vec<(String, Score, bool)> = Vec::new();
        for (term, phrase_only) in terms {
            let Some(text) = term.value().as_str().map(str::to_string) else {
                continue;
            };
            let doc_freq = searcher.doc_freq(&term)?;
            if doc_freq > 0 {
                weights.push((text, 1.0 / (1.0 + doc_freq as Score), phrase_only));
            }
        }
        let mut phrases = Vec::new();
        visit_phrases(query, field, &mut phrases);
        Ok(SnippetMaker {
            weights: Some(weights),
            pairs: true,
            phrases,
            slop: 0,
            choices: has_choices(query).then(|| (query.box_clone(), field)),
            title: None,
            wanted: FirstLetters::ALL,
        }
        .reading_its_words_alone())
    }

    /// This maker, reading a text's words that cannot be its query's words
    /// or its phrases' for their places alone (see [`FirstLetters`]): a
    /// body's other words are most of it.
    fn reading_its_words_alone(self) -> Self {
        let words = self.weights.iter().flatten().map(|(word, _, _)| word);
        let wanted = FirstLetters::of_forms(
            words
                .chain(self.phrases.iter().flatten())
                .map(String::as_str),
        );
        SnippetMaker { wanted, ..self }
    }

    /// This maker, marking in titles the words `query` asks for in
    /// `title_field` alone (`title:firearms`) too.
    pub fn with_title_field(
        self,
        searcher: &Searcher,
        query: Option<&dyn Query>,
        title_field: Field,
    ) -> Result<Self> {
        let title =
            SnippetMaker::new(searcher, query, title_field)?.with_phrase_slop(self.slop as u32);
        let asked = title.weights.as_ref().is_some_and(|w| !w.is_empty());
        Ok(SnippetMaker {
            title: asked.then(|| Box::new(title)),
            ..self
        })
    }

    /// The marks of the hit at `address`: its snippet, and the query's words
    /// in its title and dateline, by the snippet's rules and of the same
    /// alternatives that found it (asked once for all three).
    pub fn marks_of_hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
        title: &str,
        dateline: &str,
        body: &str,
    ) -> HitMarks {
        let words = self.words_of_hit(searcher, address);
        let words = words.as_deref();
        let title_words = self
            .title
            .as_ref()
            .map(|maker| (maker, maker.words_of_hit(searcher, address)));
        let mut title_ranges = self.ranges(words, title);
        let mut other_words = has_other_than_little(words);
        if let Some((maker, words)) = &title_words {
            title_ranges.extend(maker.ranges(words.as_deref(), title));
            other_words |= has_other_than_little(words.as_deref());
        }
        HitMarks {
            snippet: self.snippet_weighted(words, body),
            title: char_marks(title, title_ranges, other_words),
            dateline: char_marks(
                dateline,
                self.ranges(words, dateline),
                has_other_than_little(words),
            ),
        }
    }

    /// The query's words with their weights, of the alternatives that found
    /// the hit at `address` when some may not have; `None` without a query.
    fn words_of_hit(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Option<Cow<'_, [(String, Score, bool)]>> {
        let weights = self.weights.as_deref()?;
        let Some((query, field)) = &self.choices else {
            return Some(Cow::Borrowed(weights));
        };
        let hit = HitAt { searcher, address };
        let mut terms: BTreeMap<String, bool> = BTreeMap::new();
        visit_matching_terms(query.as_ref(), Some(&hit), &mut |term, in_phrase| {
            if term.field() == *field
                && let Some(text) = term.value().as_str()
            {
                let only = terms.entry(text.to_string()).or_insert(in_phrase);
                *only &= in_phrase;
            }
        });
        Some(Cow::Owned(
            weights
                .iter()
                .filter_map(|(word, weight, _)| {
                    terms
                        .get(word)
                        .map(|&phrase_only| (word.clone(), *weight, phrase_only))
                })
                .collect(),
        ))
    }

    /// The byte ranges of a short text shown whole (a title, a dateline)
    /// that hold the query's words: as a passage marks them, a word asked
    /// only in phrases where a phrase matches.
    fn ranges(&self, weights: Option<&[(String, Score, bool)]>, text: &str) -> Vec<Range<usize>> {
        let mut ranges = Vec::new();
        let Some(weights) = weights.filter(|w| !w.is_empty()) else {
            return ranges;
        };
        let phrase_places = self.phrase_places(text);
        for_each_search_token(text, self.wanted, |token| {
            let Some((_, _, phrase_only)) = Self::weight(weights, token.text) else {
                return;
            };
            if !self.counts_where_it_stands(phrase_only, token, &phrase_places) {
                return;
            }
            ranges.push(token.offset_from..token.offset_to);
        });
        ranges
    }

    /// Whether a query word counts where `token` stands: a word asked only
    /// in phrases counts where a phrase matches (`phrase_places`), and a
    /// word of no phrase the maker was given counts anywhere.
    fn counts_where_it_stands(
        &self,
        phrase_only: bool,
        token: &SearchToken<'_>,
        phrase_places: &HashSet<(usize, String)>,
    ) -> bool {
        let in_phrases = || self.phrases.iter().flatten().any(|w| w == token.text);
        !(phrase_only
            && in_phrases()
            && !phrase_places.contains(&(token.position, token.text.to_string())))
    }

    /// The snippet maker for a query whose phrases allow up to `slop`
    /// moves of their words: a phrase's word is marked where it stands in
    /// a stretch that matches the phrase within that many moves.
    pub fn with_phrase_slop(self, slop: u32) -> Self {
        SnippetMaker {
            slop: slop as usize,
            ..self
        }
    }

    /// The places (position and word) of a body that stand in a stretch
    /// matching one of the query's phrases: each of its words at a place
    /// of its own, the places less their word's place in the phrase at
    /// most `slop` apart (`border and customs police`, `police border`
    /// for `"border police"~2`).
    fn phrase_places(&self, body: &str) -> HashSet<(usize, String)> {
        let mut places = HashSet::new();
        if self.phrases.is_empty() {
            return places;
        }
        let mut positions: HashMap<String, Vec<usize>> = HashMap::new();
        for_each_search_token(body, self.wanted, |token| {
            if self.phrases.iter().flatten().any(|w| w == token.text) {
                match positions.get_mut(token.text) {
                    Some(places) => places.push(token.position),
                    None => {
                        positions.insert(token.text.to_string(), vec![token.position]);
                    }
                }
            }
        });
        let slop = self.slop as i64;
        for phrase in &self.phrases {
            let Some(firsts) = positions.get(&phrase[0]) else {
                continue;
            };
            for &first in firsts {
                // The stretch's shifted places lie in `low..=low + slop`.
                for low in first as i64 - slop..=first as i64 {
                    let mut chosen: Vec<usize> = Vec::with_capacity(phrase.len());
                    for (at, word) in phrase.iter().enumerate() {
                        let fits = positions.get(word).and_then(|all| {
                            all.iter().copied().find(|&p| {
                                let shifted = p as i64 - at as i64;
                                (low..=low + slop).contains(&shifted) && !chosen.contains(&p)
                            })
                        });
                        match fits {
                            Some(p) => chosen.push(p),
                            None => break,
                        }
                    }
                    if chosen.len() == phrase.len() {
                        places.extend(chosen.into_iter().zip(phrase.iter().cloned()));
                        break;
                    }
                }
            }
        }
        places
    }

    /// The weight of an analysed word, if it is one of the query's. (The
    /// analyzer lower-cases every form, the query's and the body's alike, so
    /// the word is looked up as it is: tantivy's generator lower-cases it again.)
    fn weight(weights: &[(String, Score, bool)], word: &str) -> Option<(usize, Score, bool)> {
        weights
            .iter()
            .enumerate()
            .find(|(_, (w, _, _))| w == word)
            .map(|(at, &(_, s, only))| (at, s, only))
    }

    /// The best passage of a body, if a query word is in it: the highest
    /// score, of equals the first.
    fn best_passage(&self, weights: &[(String, Score, bool)], body: &str) -> Option<Passage> {
        let mut best: Option<Passage> = None;
        let mut keep = |done: Passage| {
            if done.score > best.as_ref().map_or(0.0, |b| b.score) {
                best = Some(done);
            }
        };
        let phrase_places = self.phrase_places(body);
        let mut passage = Passage::new(0, 0);
        // Passages are measured in characters, so that one of Cyrillic
        // (two bytes a letter) holds as much text as one of Latin letters.
        let mut counter = CharCounter::new(body);
        // The last query word met: its position, which of the query's words
        // it is, its weight and place (its byte range and the characters
        // before it).
        let mut last: Option<(usize, usize, Score, Range<usize>, usize)> = None;
        for_each_search_token(body, self.wanted, |token| {
            // A passage holds no more characters than bytes: one that
            // cannot be too long in bytes has its characters left uncounted.
            if token.offset_to.saturating_sub(passage.start) > SNIPPET_CHARS
                && counter.before(token.offset_to) - passage.start_chars > SNIPPET_CHARS
            {
                // Two query words side by side (`United Kingdom`) are not
                // cut apart: when the passage would end between them, the
                // next one starts with the first of them.
                let carried = last.take().filter(|(position, word, _, _, _)| {
                    self.pairs
                        && *position + 1 == token.position
                        && Self::weight(weights, token.text).is_some_and(|(at, _, _)| at != *word)
                });
                let next = match &carried {
                    Some((_, _, weight, range, start_chars)) => {
                        let mut next = Passage::new(range.start, *start_chars);
                        next.score += weight;
                        next.highlighted.push(range.clone());
                        next
                    }
                    None => Passage::new(token.offset_from, counter.before(token.offset_from)),
                };
                keep(std::mem::replace(&mut passage, next));
                last = carried;
            }
            passage.stop = token.offset_to;
            // A word read for its place alone (a token with no text) is
            // none of the query's words.
            if token.text.is_empty() {
                return;
            }
            let Some((word, weight, phrase_only)) = Self::weight(weights, token.text) else {
                return;
            };
            if !self.counts_where_it_stands(phrase_only, token, &phrase_places) {
                return;
            }
            passage.score += weight;
            if self.pairs
                && let Some((_, _, before, _, _)) =
                    last.as_ref().filter(|(position, before, _, _, _)| {
                        *position + 1 == token.position && *before != word
                    })
            {
                passage.score += weight + before;
            }
            passage.highlighted.push(token.offset_from..token.offset_to);
            last = Some((
                token.position,
                word,
                weight,
                token.offset_from..token.offset_to,
                counter.before(token.offset_from),
            ));
        });
        keep(passage);
        best
    }

    /// The snippet of one body.
    pub fn snippet(&self, body: &str) -> Snippet {
        self.snippet_weighted(self.weights.as_deref(), body)
    }

    /// The snippet of one body, its passage chosen by `weights` (the
    /// query's words, or those of the alternatives that found a hit); its
    /// opening without them.
    fn snippet_weighted(&self, weights: Option<&[(String, Score, bool)]>, body: &str) -> Snippet {
        if let Some(mut passage) = weights.and_then(|weights| self.best_passage(weights, body)) {
            // The passage keeps the marks that close its last word (`held.`,
            // `(GFP)`, `”`), and a text before or after it that holds no
            // word is no text cut away.
            let rest = &body[passage.stop..];
            passage.stop += rest
                .find(|c: char| !".!?)]\"”’'".contains(c))
                .unwrap_or(rest.len());
            if !body[passage.stop..].chars().any(char::is_alphanumeric) {
                passage.stop = body.trim_end().len().max(passage.stop);
            }
            if !body[..passage.start].chars().any(char::is_alphanumeric) {
                passage.start = 0;
            }
            let Some(fragment) = body.get(passage.start..passage.stop) else {
                return Snippet {
                    text: opening(body, SNIPPET_CHARS),
                    highlights: Vec::new(),
                };
            };
            // A passage cut out of a longer text is marked with ellipses.
            let lead = if passage.start > 0 { "… " } else { "" };
            let tail = if body[passage.stop..].chars().any(char::is_alphanumeric) {
                " …"
            } else {
                ""
            };
            let shift = lead.chars().count();
            let mut marked = markable(
                fragment,
                passage
                    .highlighted
                    .iter()
                    .map(|r| r.start - passage.start..r.end - passage.start),
            );
            // Little words of an expanded phrase (`trafficking in persons`)
            // are not worth marking beside its other words; a query of
            // little words alone (`on`) has them marked.
            let little = |r: &Range<usize>| crate::text::is_little_word(&fragment[r.start..r.end]);
            if !marked.iter().all(little) {
                marked.retain(|r| !little(r));
            }
            let highlights = char_offsets(fragment, marked, shift);
            return Snippet {
                text: format!("{lead}{}{tail}", fragment.replace('\n', " ")),
                highlights,
            };
        }
        Snippet {
            text: opening(body, SNIPPET_CHARS),
            highlights: Vec::new(),
        }
    }
}

/// Visits the terms of `query` that a hit can be matched by: those of every
/// clause but the excluded ones (tantivy's `query_terms` visits the terms
/// of a `MustNot` clause too, and a hit may hold an excluded word: with
/// `-(firearms cybercrime)`, an activity that has firearms alone). Given
/// `hit`, the terms that found it: the alternatives (`Should` clauses, a
/// lazy union's alternatives) that do not match it are left out too.
fn visit_matching_terms<'a>(
    query: &'a dyn Query,
    hit: Option<&HitAt<'_>>,
    visitor: &mut dyn FnMut(&'a Term, bool),
) {
    let found = |alternative: &dyn Query| hit.is_none_or(|hit| hit.matched_by(alternative));
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            let visited = match occur {
                Occur::MustNot => false,
                Occur::Must => true,
                Occur::Should => found(clause.as_ref()),
            };
            if visited {
                visit_matching_terms(clause.as_ref(), hit, visitor);
            }
        }
    } else if let Some(union) = query.downcast_ref::<LazyUnionQuery>() {
        for alternative in union.alternatives() {
            if found(alternative.as_ref()) {
                visit_matching_terms(alternative.as_ref(), hit, visitor);
            }
        }
    } else {
        query.query_terms(visitor);
    }
}

/// The phrases of `query` in `field` that a hit can be matched by (not
/// those of an excluded clause), each its words in order: a part of the
/// query that is neither a choice of clauses nor a union is one phrase
/// when it asks for two words or more in phrases.
fn visit_phrases(query: &dyn Query, field: Field, phrases: &mut Vec<Vec<String>>) {
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        for (occur, clause) in boolean.clauses() {
            if *occur != Occur::MustNot {
                visit_phrases(clause.as_ref(), field, phrases);
            }
        }
    } else if let Some(union) = query.downcast_ref::<LazyUnionQuery>() {
        for alternative in union.alternatives() {
            visit_phrases(alternative.as_ref(), field, phrases);
        }
    } else {
        let mut words: Vec<String> = Vec::new();
        query.query_terms(&mut |term, in_phrase| {
            if in_phrase
                && term.field() == field
                && let Some(text) = term.value().as_str()
            {
                words.push(text.to_string());
            }
        });
        if words.len() >= 2 && !phrases.contains(&words) {
            phrases.push(words);
        }
    }
}

/// A hit, for asking which parts of a query found it.
struct HitAt<'s> {
    searcher: &'s Searcher,
    address: DocAddress,
}

impl HitAt<'_> {
    /// Whether `query` matches the hit. A query that cannot be asked is
    /// taken to match, so that its words are marked as before.
    fn matched_by(&self, query: &dyn Query) -> bool {
        let Ok(weight) = query.weight(EnableScoring::disabled_from_searcher(self.searcher)) else {
            return true;
        };
        let reader = self.searcher.segment_reader(self.address.segment_ord);
        let Ok(mut scorer) = weight.scorer(reader, 1.0) else {
            return true;
        };
        let doc = self.address.doc_id;
        if scorer.doc() < doc {
            scorer.seek(doc);
        }
        scorer.doc() == doc
    }
}

/// Whether a hit may hold the words of a part of the query that did not
/// find it: a part that may or may not match (`Should`) whose words can
/// stand in a text it does not match (several words that must all be
/// there, filters beside words). A word alone, or a phrase (whose words
/// are marked only side by side), matches wherever its words stand.
fn has_choices(query: &dyn Query) -> bool {
    let compound = |clause: &dyn Query| {
        clause.downcast_ref::<TermQuery>().is_none()
            && clause.downcast_ref::<PhraseQuery>().is_none()
    };
    if let Some(boolean) = query.downcast_ref::<BooleanQuery>() {
        boolean.clauses().iter().any(|(occur, clause)| {
            *occur != Occur::MustNot
                && ((*occur == Occur::Should && compound(clause.as_ref()))
                    || has_choices(clause.as_ref()))
        })
    } else if let Some(union) = query.downcast_ref::<LazyUnionQuery>() {
        union.alternatives().len() > 1
            || union
                .alternatives()
                .iter()
                .any(|alternative| has_choices(alternative.as_ref()))
    } else {
        false
    }
}

/// Whether the query's words hold one that is not a little word (`in`,
/// `the`): then little words are not marked beside them.
fn has_other_than_little(words: Option<&[(String, Score, bool)]>) -> bool {
    words
        .into_iter()
        .flatten()
        .any(|(word, _, _)| !crate::text::is_little_word(word))
}

/// The marks of a text shown whole, as `[start, end)` character offsets:
/// its byte `ranges` as a passage marks them, without those of little
/// words when the query has other words.
fn char_marks(text: &str, ranges: Vec<Range<usize>>, other_words: bool) -> Vec<[usize; 2]> {
    let mut ranges = markable(text, ranges);
    if other_words {
        ranges.retain(|r| !crate::text::is_little_word(&text[r.start..r.end]));
    }
    char_offsets(text, ranges, 0)
}

/// The byte `ranges` of `text` a mark covers: an abbreviation with its last
/// full stop, which the word splitter leaves out (`U.S.`: nothing follows
/// it), and none that runs past the text or ends inside a character.
fn markable(text: &str, ranges: impl IntoIterator<Item = Range<usize>>) -> Vec<Range<usize>> {
    ranges
        .into_iter()
        .map(|r| match text.get(r.clone()) {
            Some(word)
                if text.get(r.end..).is_some_and(|rest| rest.starts_with('.'))
                    && crate::extract::gazetteer::with_last_stop(word).is_some() =>
            {
                r.start..r.end + 1
            }
            _ => r,
        })
        .filter(|r| {
            r.end <= text.len() && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
        })
        .collect()
}

/// Byte `ranges` of `text`, joined where they overlap, as `[start, end)`
/// character offsets `shift` characters on (past a passage's `… `).
fn char_offsets(text: &str, ranges: Vec<Range<usize>>, shift: usize) -> Vec<[usize; 2]> {
    let mut counter = CharCounter::new(text);
    merged(ranges)
        .into_iter()
        .map(|r| {
            [
                shift + counter.before(r.start),
                shift + counter.before(r.end),
            ]
        })
        .collect()
}

/// Ranges sorted, with overlapping ones joined: a hyphenated word
/// (`e-evidence`) matches as a whole and by its parts, and is marked once.
fn merged(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match out.last_mut() {
            Some(last) if range.start < last.end => last.end = last.end.max(range.end),
            _ => out.push(range),
        }
    }
    out
}

/// The opening of a text: its first `max_chars` characters, its lines
/// (paragraphs) joined by a space, cut after a word. Text cut away is
/// marked ` …`, as after a passage; a text that fits is shown whole.
pub fn opening(text: &str, max_chars: usize) -> String {
    // The text's words joined by a space, as far as the cut needs: past
    // `max_chars` characters (a body runs to thousands).
    let mut words = text.split_whitespace();
    let mut whole = String::new();
    let mut chars = 0;
    for word in words.by_ref() {
        if !whole.is_empty() {
            whole.push(' ');
            chars += 1;
        }
        whole.push_str(word);
        chars += word.chars().count();
        if chars > max_chars {
            break;
        }
    }
    if chars <= max_chars {
        return whole;
    }
    let cut = whole
        .char_indices()
        .nth(max_chars)
        .map_or(whole.len(), |(at, _)| at);
    // After the last whole word, unless that leaves less than half: a
    // word longer than half a snippet is cut where the snippet ends.
    let kept = if whole[cut..].starts_with(' ') {
        &whole[..cut]
    } else {
        match whole[..cut].rfind(' ') {
            Some(at) if whole[..at].chars().count() > max_chars / 2 => &whole[..at],
            _ => &whole[..cut],
        }
    };
    let rest_has_words = |rest: &str| rest.chars().any(char::is_alphanumeric);
    if !rest_has_words(&whole[kept.len()..]) && !words.clone().any(rest_has_words) {
        // Nothing but marks is cut away: the text is shown whole.
        for word in words {
            whole.push(' ');
            whole.push_str(word);
        }
        return whole;
    }
    format!("{kept} …")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::analyzer::BulletinTokenizer;
    use tantivy::snippet::SnippetGenerator;
    use tantivy::tokenizer::{StopWordFilter, TextAnalyzer};

    /// The shipped bulletin's bodies.
    fn bodies() -> Vec<String> {
        crate::extract::shipped::records()
            .into_iter()
            .map(|r| r.body)
            .collect()
    }

    #[test]
    fn counts_the_characters_before_each_offset_of_a_body() {
        // Bodies of the shipped bulletin, with characters of two bytes and
        // more after an ASCII opening, read forward and back.
        let bodies = bodies();
        assert!(
            bodies
                .iter()
                .any(|b| !b.is_ascii() && !b.starts_with(|c: char| !c.is_ascii()))
        );
        for (n, body) in bodies.iter().enumerate() {
            let boundaries: Vec<usize> = body
                .char_indices()
                .map(|(at, _)| at)
                .chain([body.len()])
                .collect();
            let mut counter = CharCounter::new(body);
            for &offset in boundaries.iter().chain(boundaries.iter().rev().step_by(7)) {
                assert_eq!(
                    counter.before(offset),
                    body[..offset].chars().count(),
                    "offset {offset} of body {n}"
                );
            }
        }
    }

    #[test]
    fn chooses_the_passage_and_words_tantivys_generator_chooses() {
        // tantivy measures passages in bytes, this maker in characters: the
        // two agree on text of one byte a character, so both are given the
        // bodies with every other character made one (a letter `x`, else a
        // space), the same text to each.
        let shipped = bodies();
        assert!(
            shipped.iter().any(|b| !b.is_ascii()),
            "the bulletin has other characters"
        );
        let bodies: Vec<String> = shipped
            .iter()
            .map(|body| {
                body.chars()
                    .map(|c| match c {
                        _ if c.is_ascii() => c,
                        _ if c.is_alphanumeric() => 'x',
                        _ => ' ',
                    })
                    .collect()
            })
            .collect();
        assert!(bodies.len() >= 10);
        // Words of the bulletin, some in many bodies, some in few, analysed
        // as a query's are, with weights as a query would give them.
        let queries: [&[(&str, Score)]; 4] = [
            &[("firearms", 0.1), ("training", 0.05)],
            &[("UNODC", 0.01)],
            &[("evidence", 0.2), ("electronic", 0.3), ("in", 0.001)],
            &[("Kosovo", 0.5), ("asset", 0.2), ("recovery", 0.2)],
        ];
        let mut highlighted = 0;
        for words in queries {
            let mut analyzer = TextAnalyzer::from(BulletinTokenizer::new());
            let weights: Vec<(String, Score)> = words
                .iter()
                .map(|&(word, weight)| {
                    let mut stream = analyzer.token_stream(word);
                    assert!(stream.advance(), "{word}");
                    (stream.token().text.clone(), weight)
                })
                .collect();
            // Without the pairs, which tantivy does not count.
            let maker = SnippetMaker {
                weights: Some(
                    weights
                        .iter()
                        .map(|(w, s)| (w.clone(), *s, false))
                        .collect(),
                ),
                pairs: false,
                phrases: Vec::new(),
                slop: 0,
                choices: None,
                title: None,
                wanted: FirstLetters::ALL,
            }
            .reading_its_words_alone();
            // tantivy's generator lower-cases each token before looking it
            // up, so it would take a word's capitals form (`UNODC`) for its
            // lower-case form at the same place: it is given none.
            let capitals = bodies.iter().flat_map(|body| {
                crate::index::analyzer::analyse_text(&mut BulletinTokenizer::new(), body)
                    .into_iter()
                    .flat_map(|token| token.capitals)
            });
            let without_capitals = TextAnalyzer::builder(BulletinTokenizer::new())
                .filter(StopWordFilter::remove(capitals))
                .build();
            let generator = SnippetGenerator::new(
                weights.into_iter().collect(),
                without_capitals,
                tantivy::schema::Field::from_field_id(0),
                SNIPPET_CHARS,
            );
            for body in &bodies {
                let theirs = generator.snippet(body);
                let weights = maker.weights.as_deref().expect("the query's words");
                match maker.best_passage(weights, body) {
                    Some(ours) => {
                        assert_eq!(ours.start..ours.stop, theirs.fragment_range(), "{words:?}");
                        let shifted: Vec<Range<usize>> = ours
                            .highlighted
                            .iter()
                            .map(|r| r.start - ours.start..r.end - ours.start)
                            .collect();
                        assert_eq!(shifted, theirs.highlighted(), "{words:?}");
                        highlighted += 1;
                    }
                    None => assert!(theirs.is_empty(), "{words:?}"),
                }
            }
        }
        // Most bodies hold some of the words, and passages are cut out of longer bodies.
        assert!(highlighted > bodies.len() * 2, "{highlighted}");
        assert!(bodies.iter().any(|b| b.len() > SNIPPET_CHARS * 3));
    }

    /// A text's words that cannot be a query's are read for their places
    /// alone, and the marks are those of reading every word: the snippet,
    /// title and dateline marks of every shipped record, for queries of
    /// the bulletin's own words (one, two and three, as words and as a
    /// phrase) and of words the analyzer reads as others (cities' local
    /// names, British spellings, words in capitals).
    #[test]
    fn reading_only_the_words_wanted_marks_as_reading_every_word() {
        let records = crate::extract::shipped::records();
        let forms_of = |text: &str| -> Vec<String> {
            crate::index::analyzer::analyse_text(&mut BulletinTokenizer::new(), text)
                .into_iter()
                .flat_map(|token| token.forms.into_iter().chain(token.capitals))
                .collect()
        };
        let mut forms: Vec<String> = records
            .iter()
            .flat_map(|r| forms_of(&r.full_text()))
            .collect();
        forms.sort();
        forms.dedup();
        assert!(forms.len() > 1000, "{}", forms.len());
        let mut queries: Vec<Vec<String>> = Vec::new();
        for (at, form) in forms.iter().enumerate() {
            let other = |step: usize| forms[(at * step + 3) % forms.len()].clone();
            if at % 4 == 0 {
                queries.push(vec![form.clone()]);
            }
            if at % 9 == 0 {
                queries.push(vec![form.clone(), other(7)]);
            }
            if at % 29 == 0 {
                queries.push(vec![form.clone(), other(13), other(17)]);
            }
        }
        for words in [
            "Beograd Belgrade",
            "Wien Vienna",
            "Prishtinë Priština",
            "Skopje Скопје",
            "Tirana",
            "centre center",
            "labour's programme",
            "organisation",
            "defences",
            "gaol jail",
            "kerb curb",
            "UNODC",
            "SEE see",
            "NGOs",
            "e-evidence",
            "UN.Locking",
            "16.4",
        ] {
            queries.push(forms_of(words));
        }
        let maker = |words: &[String], phrase: bool| SnippetMaker {
            weights: Some(
                words
                    .iter()
                    .map(|w| (w.clone(), 1.0 / (1.0 + w.len() as Score), phrase))
                    .collect(),
            ),
            pairs: true,
            phrases: if phrase {
                vec![words.to_vec()]
            } else {
                Vec::new()
            },
            slop: usize::from(phrase),
            choices: None,
            title: None,
            wanted: FirstLetters::ALL,
        };
        let (mut fewer, mut compared) = (0, 0);
        for words in &queries {
            for phrase in [false, true] {
                let every = maker(words, phrase);
                let wanted = maker(words, phrase).reading_its_words_alone();
                fewer += usize::from(wanted.wanted != FirstLetters::ALL);
                let weights = every.weights.as_deref();
                for record in &records {
                    assert_eq!(
                        wanted.snippet_weighted(weights, &record.body),
                        every.snippet_weighted(weights, &record.body),
                        "{words:?} {}",
                        record.id
                    );
                    for text in [&record.title, &record.dateline] {
                        assert_eq!(
                            wanted.ranges(weights, text),
                            every.ranges(weights, text),
                            "{words:?} {text}"
                        );
                    }
                    compared += 1;
                }
            }
        }
        assert!(
            fewer * 10 > queries.len() * 2 * 9,
            "{fewer} of {}",
            queries.len() * 2
        );
        assert!(compared > 10_000, "{compared}");
    }

    /// A snippet of a whole short body is that body, its last full stop
    /// included; ellipses mark only text that was cut away.
    #[test]
    fn marks_only_text_cut_away() {
        let maker = SnippetMaker {
            weights: Some(vec![("firearm".to_string(), 1.0, false)]),
            pairs: true,
            phrases: Vec::new(),
            slop: 0,
            choices: None,
            title: None,
            wanted: FirstLetters::ALL,
        }
        .reading_its_words_alone();
        for body in [
            "A firearms workshop was held.",
            "\"Firearms (GFP).\"",
            "firearms! ",
        ] {
            let snippet = maker.snippet(body);
            assert_eq!(snippet.text, body.trim_end(), "{body:?}");
            assert!(!snippet.highlights.is_empty(), "{body:?}");
        }
        let long = format!(
            "{} and firearms. {}",
            "word ".repeat(60),
            "more ".repeat(60)
        );
        let snippet = maker.snippet(&long);
        assert!(snippet.text.starts_with("… "), "{}", snippet.text);
        assert!(snippet.text.ends_with(" …"), "{}", snippet.text);
    }

    /// A passage where query words stand side by side beats one where one
    /// of them stands alone more often.
    #[test]
    fn words_side_by_side_show_where_they_stand() {
        let maker = SnippetMaker {
            weights: Some(vec![
                ("border".to_string(), 0.5, false),
                ("control".to_string(), 0.5, false),
            ]),
            pairs: true,
            phrases: Vec::new(),
            slop: 0,
            choices: None,
            title: None,
            wanted: FirstLetters::ALL,
        }
        .reading_its_words_alone();
        let body = format!(
            "{} {} {}",
            "Customs control, cargo control and port control were discussed.",
            "filler ".repeat(50),
            "The officers trained on border control at the crossing."
        );
        let snippet = maker.snippet(&body);
        assert!(snippet.text.contains("border control"), "{}", snippet.text);
    }

    /// Words the query asks for only in a phrase (`"border control"`, an
    /// acronym's long form) are marked where the phrase stands, not alone.
    #[test]
    fn words_of_a_phrase_are_marked_where_the_phrase_stands() {
        let maker = SnippetMaker {
            weights: Some(vec![
                ("border".to_string(), 0.5, true),
                ("control".to_string(), 0.5, true),
            ]),
            pairs: true,
            phrases: vec![vec!["border".to_string(), "control".to_string()]],
            slop: 0,
            choices: None,
            title: None,
            wanted: FirstLetters::ALL,
        }
        .reading_its_words_alone();
        let marked = |body: &str| -> Vec<String> {
            let snippet = maker.snippet(body);
            let chars: Vec<char> = snippet.text.chars().collect();
            snippet
                .highlights
                .iter()
                .map(|[a, b]| chars[*a..*b].iter().collect())
                .collect()
        };
        assert_eq!(
            marked("Port control and export control met at the border control post."),
            ["border", "control"]
        );
        assert!(marked("Port control and export control were discussed.").is_empty());
        // In order: words turned round are no phrase.
        assert_eq!(
            marked("Control border posts, and the border control post."),
            ["border", "control"]
        );
    }

    /// A title or a dateline, shown whole, marks a phrase's words where
    /// the phrase stands, and a word asked alone wherever it stands.
    #[test]
    fn a_title_marks_a_phrase_where_it_stands() {
        let maker = SnippetMaker {
            weights: Some(vec![
                ("border".to_string(), 0.5, true),
                ("control".to_string(), 0.5, true),
                ("port".to_string(), 0.5, false),
            ]),
            pairs: true,
            phrases: vec![vec!["border".to_string(), "control".to_string()]],
            slop: 0,
            choices: None,
            title: None,
            wanted: FirstLetters::ALL,
        }
        .reading_its_words_alone();
        let marked = |title: &str| -> Vec<String> {
            let weights = maker.weights.as_deref().expect("the query's words");
            char_marks(title, maker.ranges(Some(weights), title), true)
                .iter()
                .map(|[a, b]| title.chars().skip(*a).take(b - a).collect())
                .collect()
        };
        assert_eq!(
            marked("Port control and export control at the border control post"),
            ["Port", "border", "control"]
        );
        assert_eq!(marked("Control of the border, port control"), ["port"]);
        assert!(marked("Control border posts").is_empty());
    }

    /// A passage holds as many characters in Cyrillic (two bytes a letter)
    /// as in Latin letters: its length is counted in characters.
    #[test]
    fn a_passage_is_measured_in_characters() {
        let mut analyzer = TextAnalyzer::from(BulletinTokenizer::new());
        let mut stream = analyzer.token_stream("Skopje");
        assert!(stream.advance());
        let maker = SnippetMaker {
            weights: Some(vec![(stream.token().text.clone(), 1.0, false)]),
            pairs: true,
            phrases: Vec::new(),
            slop: 0,
            choices: None,
            title: None,
            wanted: FirstLetters::ALL,
        }
        .reading_its_words_alone();
        let cyrillic = format!(
            "{}Скопје {}",
            "Обука за полиција. ".repeat(30),
            "Обука за полиција. ".repeat(30)
        );
        let snippet = maker.snippet(&cyrillic);
        assert_eq!(snippet.highlights.len(), 1, "{}", snippet.text);
        let chars = snippet.text.chars().count();
        assert!(chars > SNIPPET_CHARS - 20, "{chars}: {}", snippet.text);
        assert!(chars <= SNIPPET_CHARS + "… ".len() + " …".len(), "{chars}");
    }

    /// The opening as worked out on the whole text joined, which
    /// `opening` joins only as far as it cuts.
    fn opening_of_the_whole_text(text: &str, max_chars: usize) -> String {
        let whole = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if whole.chars().count() <= max_chars {
            return whole;
        }
        let cut = whole
            .char_indices()
            .nth(max_chars)
            .map_or(whole.len(), |(at, _)| at);
        let kept = if whole[cut..].starts_with(' ') {
            &whole[..cut]
        } else {
            match whole[..cut].rfind(' ') {
                Some(at) if whole[..at].chars().count() > max_chars / 2 => &whole[..at],
                _ => &whole[..cut],
            }
        };
        if !whole[kept.len()..].chars().any(char::is_alphanumeric) {
            return whole;
        }
        format!("{kept} …")
    }

    /// The opening of every body of the shipped bulletin, and of texts
    /// that end in marks past the cut, is what the whole text joined gives.
    #[test]
    fn an_opening_is_that_of_the_whole_text() {
        let mut texts = bodies();
        texts.push(format!("{} . . ! ) …", "word ".repeat(60)));
        texts.push(format!("{}\n\n --  ” ", "Скопје ".repeat(50)));
        texts.push(format!("{} ... x", "word ".repeat(60)));
        let mut cut = 0;
        for text in &texts {
            for max_chars in [0, 1, 9, 40, 120, SNIPPET_CHARS, 299, 300, 301, 1000] {
                let opened = opening(text, max_chars);
                assert_eq!(
                    opened,
                    opening_of_the_whole_text(text, max_chars),
                    "{max_chars}: {text:?}"
                );
                cut += usize::from(opened.ends_with(" …"));
            }
        }
        assert!(cut > texts.len() * 3, "{cut}");
    }

    #[test]
    fn cuts_at_a_word() {
        assert_eq!(opening("one two three", 9), "one two …");
        assert_eq!(opening("one two\nthree", 7), "one two …");
        assert_eq!(opening("one\ntwo", 9), "one two");
        assert_eq!(opening("short", 9), "short");
        assert_eq!(opening("short ...", 5), "short ...");
        assert_eq!(opening("Cyrillic Скопје Скопје", 15), "Cyrillic Скопје …");
        assert_eq!(opening("Cyrillic Скопје Скопје", 17), "Cyrillic Скопје …");
        assert_eq!(opening("Скопје Скопје Скопје", 9), "Скопје …");
        assert_eq!(opening("Скопјеееееее", 9), "Скопјееее …");
    }
}
