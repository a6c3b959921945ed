//! The query language and its translation into tantivy queries.
//!
//! A query is words, `"quoted phrases"`, `-excluded` words or phrases, and
//! `field:value` clauses (`title:` restricts a word to the title, `text:` or
//! `body:` names the whole text, where an unrestricted word looks anyway;
//! `country:`, `city:`, `programme:`, `donor:`, `sdg:`, `mentioned:` act as
//! filters). Every word is required; the caller falls back to any word when
//! that finds nothing.

pub use super::when::DateField;

/// A text field a clause may be restricted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    /// The title alone.
    Title,
    /// Title, dateline and body: the field a word without a prefix is looked for in.
    Text,
}

/// A facet field a `field:value` clause filters on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FacetField {
    Country,
    City,
    Programme,
    Donor,
    Sdg,
    Mentioned,
    Year,
    Month,
}

impl FacetField {
    /// Every facet field, in display order.
    pub const ALL: [FacetField; 8] = [
        FacetField::Country,
        FacetField::City,
        FacetField::Programme,
        FacetField::Donor,
        FacetField::Sdg,
        FacetField::Mentioned,
        FacetField::Year,
        FacetField::Month,
    ];

    /// The name users type and JSON answers use.
    pub fn name(self) -> &'static str {
        match self {
            FacetField::Country => "country",
            FacetField::City => "city",
            FacetField::Programme => "programme",
            FacetField::Donor => "donor",
            FacetField::Sdg => "sdg",
            FacetField::Mentioned => "mentioned",
            FacetField::Year => "year",
            FacetField::Month => "month",
        }
    }

    /// Reads a facet field name (`program` and `countries` are accepted too).
    pub fn from_name(name: &str) -> Option<Self> {
        Some(match name.to_ascii_lowercase().as_str() {
            "country" | "countries" => FacetField::Country,
            "city" | "cities" => FacetField::City,
            "programme" | "program" | "programmes" | "programs" => FacetField::Programme,
            "donor" | "donors" => FacetField::Donor,
            "sdg" | "sdgs" | "target" => FacetField::Sdg,
            "mentioned" | "countries_mentioned" => FacetField::Mentioned,
            "year" | "years" => FacetField::Year,
            "month" | "months" => FacetField::Month,
            _ => return None,
        })
    }
}

/// What a clause says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClauseKind {
    Word(String),
    /// A quoted phrase, and how many moves of its words it allows
    /// (`"border control"~2`; 0 when the words must stand in order, side by
    /// side).
    Phrase(String, u32),
    Facet(FacetField, String),
    /// `date:2022-03`, `from:2022-03-20`, `to:2022-03-31`: the days, as typed.
    Date(DateField, String),
}

/// The most moves a phrase may allow (`"…"~N`): more would let it run
/// from one of an activity's fields into the next.
pub const MAX_PHRASE_SLOP: u32 = 10;

/// One clause of a parsed query.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    pub kind: ClauseKind,
    pub field: Option<TextField>,
    pub negated: bool,
    /// The unknown field name written before the value (`location` of
    /// `location:Vienna`), which is searched for without it.
    pub unknown_field: Option<String>,
    /// How much more the clause weighs than the others (`firearms^2`).
    pub boost: f32,
    /// Whether `AND` (or `&&`) stands right before the clause. Every word
    /// is required anyway, but the operator ends a filter's value of
    /// several words: `donor:United AND Kingdom` is the donor `United` and
    /// the word `Kingdom`.
    pub after_operator: bool,
}

impl Clause {
    /// Whether the clause is a plain word: no field, exclusion, weight,
    /// group or quotes. A filter's value of several words typed without
    /// quotes (`donor:United Kingdom`) runs on over plain words only, in
    /// the search as in the search box's suggestions.
    pub fn is_plain_word(&self) -> bool {
        let ClauseKind::Word(word) = &self.kind else {
            return false;
        };
        self.field.is_none()
            && self.unknown_field.is_none()
            && self.boost == 1.0
            && !self.negated
            && !self.after_operator
            && !word.contains(['(', ')', '"', ':'])
    }
}

/// Whether a word typed in the search box is a plain word (see
/// [`Clause::is_plain_word`]): one clause that is, and no operator (`OR`,
/// `AND`, `NOT`, `||`, `&&`).
pub fn is_plain_word(word: &str) -> bool {
    !is_or(word)
        && !is_and(word)
        && word != "NOT"
        && matches!(parse_query(word).as_slice(), [clause] if clause.is_plain_word())
}

/// Parses the query language. Never fails: an unclosed quote runs to the end;
/// an unknown `field:` made of letters is left out, and its value searched
/// for in the whole text (the clause names it, for a notice).
pub fn parse_query(text: &str) -> Vec<Clause> {
    let chars: Vec<char> = straight_quotes(text).chars().collect();
    let mut clauses: Vec<Clause> = Vec::new();
    let mut i = 0;
    let mut after_operator = false;
    while i < chars.len() {
        if chars[i].is_whitespace() {
            i += 1;
            continue;
        }
        let mut negated = false;
        let word_end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace())
            .unwrap_or(chars.len());
        // `AND` (or `&&`) between two clauses adds nothing but marks where
        // a value ends; alone, or first or last, it is a word, as it was.
        let operator = matches!(chars[i..word_end], ['A', 'N', 'D'] | ['&', '&']);
        if operator && !clauses.is_empty() && chars[word_end..].iter().any(|c| !c.is_whitespace()) {
            after_operator = true;
            i = word_end;
            continue;
        }
        // `NOT firearms`, in capitals as `OR` is, excludes as `-firearms` does.
        // `NOT NOT firearms` takes the exclusion back, as `NOT -firearms`
        // does; a `NOT` before a last one has nothing to exclude either.
        let mut not_end = word_end;
        while chars[i..not_end] == ['N', 'O', 'T'] {
            match (not_end..chars.len()).find(|&j| !chars[j].is_whitespace()) {
                Some(next) => {
                    negated = !negated;
                    i = next;
                    not_end = (i..chars.len())
                        .find(|&j| chars[j].is_whitespace())
                        .unwrap_or(chars.len());
                }
                // A last `NOT` has nothing to exclude: it is left out, as a last `OR` is.
                None => break,
            }
        }
        if chars[i..not_end] == ['N', 'O', 'T'] {
            break;
        }
        // `NOT -firearms` takes the exclusion back, as a group reads it
        // (`NOT(-firearms)`, `(NOT -firearms)`).
        if chars[i] == '-' && chars.get(i + 1).is_some_and(|c| !c.is_whitespace()) {
            negated = !negated;
            i += 1;
        }
        // field:value or field:"value"
        let word_end = (i..chars.len())
            .find(|&j| chars[j].is_whitespace() || chars[j] == '"')
            .unwrap_or(chars.len());
        let head: String = chars[i..word_end].iter().collect();
        let mut field = None;
        let mut facet = None;
        let mut date = None;
        let mut unknown_field = None;
        if let Some((name, rest)) = head.split_once(':') {
            match name.to_ascii_lowercase().as_str() {
                "title" => field = Some(TextField::Title),
                "text" | "body" => field = Some(TextField::Text),
                other => {
                    facet = FacetField::from_name(other);
                    date = DateField::from_name(other);
                }
            }
            let unknown = field.is_none()
                && facet.is_none()
                && date.is_none()
                && !name.is_empty()
                && name.chars().all(char::is_alphabetic)
                && (!rest.is_empty() || chars.get(word_end) == Some(&'"'));
            if unknown {
                unknown_field = Some(name.to_string());
            }
            if field.is_some() || facet.is_some() || date.is_some() || unknown {
                i += name.chars().count() + 1;
                // `country:-Montenegro`, `title:-firearms`: a `-` touching
                // the value excludes the clause, as `-country:Montenegro`
                // does (no value starts with one), and before an excluded
                // clause's value takes the exclusion back.
                if chars.get(i) == Some(&'-')
                    && chars
                        .get(i + 1)
                        .is_some_and(|c| !c.is_whitespace() && *c != '-')
                {
                    negated = !negated;
                    i += 1;
                }
            }
        }
        let value: String;
        // A date's quotes hold its days, not a phrase.
        let quoted = chars.get(i) == Some(&'"') && date.is_none();
        let mut slop = 0;
        let mut boost = 1.0;
        // `date:[2022-03-01 TO 2022-03-31]`: a range in brackets, spaces and
        // all; so is a range of months or years, written as a date range is
        // (`month:["March 2022" TO 2022-04]`, its quotes inside).
        let ranges = date.is_some() || matches!(facet, Some(FacetField::Month | FacetField::Year));
        let bracketed = ranges && matches!(chars.get(i), Some('[' | '{'));
        if bracketed {
            let close = (i..chars.len())
                .find(|&j| matches!(chars[j], ']' | '}'))
                .map_or(chars.len(), |j| j + 1);
            // `[…]^2`, `[…]~1`: a weight or fuzziness touching the range is
            // read with it (and taken off below), not as a word of its own.
            let end = match chars.get(close) {
                Some('^' | '~') => (close..chars.len())
                    .find(|&j| chars[j].is_whitespace())
                    .unwrap_or(chars.len()),
                _ => close,
            };
            value = chars[i..end].iter().collect();
            i = end;
            // `date:[…],` (a list typed with commas): the comma is no word.
            while matches!(chars.get(i), Some(',' | ';')) {
                i += 1;
            }
        } else if date.is_some() {
            // `date:>="March 2022"`, `date:"1 March 2022".."15 March 2022"`:
            // quoted days and what touches them are one value, read without
            // the quotes.
            let mut text = String::new();
            let mut in_quotes = false;
            while i < chars.len() && (in_quotes || !chars[i].is_whitespace()) {
                if chars[i] == '"' {
                    in_quotes = !in_quotes;
                } else {
                    text.push(chars[i]);
                }
                i += 1;
            }
            // `date:2022-03,` (a list typed with commas): the days.
            value = text.trim_end_matches([',', ';']).to_string();
        } else if quoted {
            let close = (i + 1..chars.len())
                .find(|&j| chars[j] == '"')
                .unwrap_or(chars.len());
            let mut text: String = chars[i + 1..close].iter().collect();
            i = (close + 1).min(chars.len());
            // `country:"North Macedonia","Bosnia and Herzegovina"`,
            // `country:"North Macedonia", "Bosnia and Herzegovina"`,
            // `donor:"United Kingdom",EU`: a list of values, quoted or not,
            // as `country:Montenegro,Albania` is (a word after a comma and
            // a space stays a word).
            while facet.is_some() && matches!(chars.get(i), Some(',' | ';')) {
                let next = (i + 1..chars.len())
                    .find(|&j| !chars[j].is_whitespace())
                    .unwrap_or(chars.len());
                if chars.get(next) == Some(&'"') {
                    let close = (next + 1..chars.len())
                        .find(|&j| chars[j] == '"')
                        .unwrap_or(chars.len());
                    text.push(',');
                    text.extend(&chars[next + 1..close]);
                    i = (close + 1).min(chars.len());
                } else if next == i + 1 && next < chars.len() {
                    let end = (next..chars.len())
                        .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ',' | ';' | '"'))
                        .unwrap_or(chars.len());
                    text.push(',');
                    text.extend(&chars[next..end]);
                    i = end;
                } else {
                    // `country:"North Macedonia", training`: the comma is
                    // kept, as after an unquoted value, so that a value
                    // after it (`country:"North Macedonia", Albania`) joins
                    // the list and a word (`training`) stays a word.
                    text.push(chars[i]);
                    i += 1;
                    break;
                }
            }
            value = text;
            // `"border control"~2`: the phrase's words may move two places.
            if chars.get(i) == Some(&'~') {
                let digits_end = (i + 1..chars.len())
                    .find(|&j| !chars[j].is_ascii_digit())
                    .unwrap_or(chars.len());
                let digits: String = chars[i + 1..digits_end].iter().collect();
                let at_end = chars.get(digits_end).is_none_or(|c| c.is_whitespace());
                if at_end || chars.get(digits_end) == Some(&'^') {
                    slop = digits.parse::<u32>().map_or(
                        if digits.is_empty() {
                            2
                        } else {
                            MAX_PHRASE_SLOP
                        },
                        |n| n.min(MAX_PHRASE_SLOP),
                    );
                    i = digits_end;
                }
            }
            // `"border control"^2`: the phrase weighs twice.
            if chars.get(i) == Some(&'^') {
                let end = (i + 1..chars.len())
                    .find(|&j| chars[j].is_whitespace())
                    .unwrap_or(chars.len());
                let number: String = chars[i + 1..end].iter().collect();
                if let Some(weight) = boost_of(&number) {
                    boost = weight;
                    i = end;
                }
            }
        } else if facet.is_some() && chars.get(i) != Some(&'(') {
            // `country:Albania,"Bosnia and Herzegovina"`, `country:Albania,
            // "Bosnia and Herzegovina"`: an unquoted value, and a list that
            // goes on with a quoted one after its comma (a space between
            // them or not), read as the list after a quoted value is.
            let mut text = String::new();
            while i < chars.len() {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace() || matches!(chars[j], ',' | ';' | '"'))
                    .unwrap_or(chars.len());
                text.extend(&chars[i..end]);
                i = end;
                if !matches!(chars.get(i), Some(',' | ';')) {
                    // A quote inside a value (`Albania"x`) is the value's,
                    // up to the next space, as before.
                    if chars.get(i) == Some(&'"') {
                        let end = (i..chars.len())
                            .find(|&j| chars[j].is_whitespace())
                            .unwrap_or(chars.len());
                        text.extend(&chars[i..end]);
                        i = end;
                    }
                    break;
                }
                let next = (i + 1..chars.len())
                    .find(|&j| !chars[j].is_whitespace())
                    .unwrap_or(chars.len());
                if chars.get(next) == Some(&'"') {
                    let close = (next + 1..chars.len())
                        .find(|&j| chars[j] == '"')
                        .unwrap_or(chars.len());
                    text.push(',');
                    text.extend(&chars[next + 1..close]);
                    i = (close + 1).min(chars.len());
                    if matches!(chars.get(i), Some(',' | ';')) {
                        if chars.get(i + 1).is_some_and(|c| c.is_whitespace()) {
                            // `, training` or `, Kosovo`: kept, for the
                            // value after it to join the list.
                            let next = (i + 1..chars.len())
                                .find(|&j| !chars[j].is_whitespace())
                                .unwrap_or(chars.len());
                            if chars.get(next) != Some(&'"') {
                                text.push(chars[i]);
                                i += 1;
                                break;
                            }
                        }
                    } else if chars.get(i).is_some_and(|c| !c.is_whitespace()) {
                        // `"Bosnia and Herzegovina"^2`: what touches the
                        // quote is read as after any value.
                        let end = (i..chars.len())
                            .find(|&j| chars[j].is_whitespace())
                            .unwrap_or(chars.len());
                        text.extend(&chars[i..end]);
                        i = end;
                        break;
                    } else {
                        break;
                    }
                    continue;
                }
                // `Albania,Kosovo` (touching) runs on; `Albania, Kosovo`
                // keeps its comma, for the join to read the value after it.
                text.push(chars[i]);
                i += 1;
                if chars.get(i).is_none_or(|c| c.is_whitespace()) {
                    break;
                }
            }
            value = text;
        } else {
            let end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace())
                .unwrap_or(chars.len());
            value = chars[i..end].iter().collect();
            i = end;
        }
        let mut value = value.trim().to_string();
        // `firearms^2`: the word weighs twice. A filter's weight is read
        // too (`donor:EU^2`, `date:2022-03^2`), and its value left alone: a
        // filter scores nothing.
        // Weights one after another (`firearms^2^3`) multiply, as the
        // weights on a name's words do.
        let mut weights = 0;
        while !quoted
            && let Some((word, number)) = value.rsplit_once('^')
            && !word.is_empty()
            && let Some(weight) = boost_of(number)
        {
            boost = if weights == 0 {
                weight
            } else {
                (boost * weight).min(MAX_BOOST)
            };
            weights += 1;
            value.truncate(word.len());
        }
        // `country:Albania^2^2`: every weight on a filter's value is read
        // off, as a filter weighs nothing.
        while facet.is_some()
            && let Some((word, number)) = value.rsplit_once('^')
            && !word.is_empty()
            && boost_of(number).is_some()
        {
            value.truncate(word.len());
        }
        // `country:Montenegro^2,Albania`: a weight on a value of a list is
        // no part of it either.
        if facet.is_some() && value.contains(',') {
            value = value
                .split(',')
                .map(|part| match part.rsplit_once('^') {
                    Some((word, number)) if !word.is_empty() && boost_of(number).is_some() => word,
                    _ => part,
                })
                .collect::<Vec<_>>()
                .join(",");
        }
        // `trainng~1`, the fuzzy word of other engines: the word itself,
        // which is corrected anyway when no activity holds it. After a
        // date (`2022-03~`) or a filter's value (`country:Montenegro~1`)
        // it is taken off too.
        if !quoted {
            let fuzzy = value.trim_end_matches(|c: char| c.is_ascii_digit());
            if let Some(word) = fuzzy.strip_suffix('~')
                && !word.is_empty()
                && !word.ends_with('~')
            {
                value.truncate(word.len());
            }
        }
        // A filter of punctuation alone (`country:()`, `date:()`) is as
        // empty as `country:`.
        if value.is_empty()
            || ((facet.is_some() || date.is_some()) && !value.chars().any(char::is_alphanumeric))
        {
            continue;
        }
        let kind = match (facet, date) {
            (Some(facet), _) => ClauseKind::Facet(facet, value),
            (None, Some(date)) => ClauseKind::Date(date, value),
            (None, None) if quoted => ClauseKind::Phrase(value, slop),
            (None, None) => ClauseKind::Word(value),
        };
        clauses.push(Clause {
            kind,
            field,
            negated,
            unknown_field,
            boost,
            after_operator: std::mem::take(&mut after_operator),
        });
    }
    clauses
}

/// Whether `number`, written after `^`, is a weight (`2`, `0.5`, `1e9`).
pub fn is_weight(number: &str) -> bool {
    boost_of(number).is_some()
}

/// The most a clause's weight may be raised (`firearms^100`).
pub const MAX_BOOST: f32 = 100.0;

/// The weight written after `^` (`2`, `0.5`, `1.5`, `1e9`), at most
/// [`MAX_BOOST`] (a weight past it, however large, is read as the most);
/// `None` for anything else, a sign before it included.
fn boost_of(number: &str) -> Option<f32> {
    let (mantissa, exponent) = match number.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (number, None),
    };
    let digits = |part: &str| part.chars().any(|c| c.is_ascii_digit());
    if !digits(mantissa) || !mantissa.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if let Some(exponent) = exponent {
        let unsigned = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
        if unsigned.is_empty() || !unsigned.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
    }
    number
        .parse::<f64>()
        .ok()
        .filter(|w| !w.is_nan())
        .map(|w| w.min(f64::from(MAX_BOOST)) as f32)
}

/// The alternatives of a query joined by `OR` (in capitals, outside
/// quotes): `firearms OR "border control" -Albania` gives `firearms` and
/// `"border control" -Albania`. Empty alternatives are dropped; a query
/// without `OR` is its one alternative.
pub fn split_or(text: &str) -> Vec<String> {
    split_words_at_or(words_outside_quotes(text))
}

/// Quotation marks as word processors and phones write them (`“…”`,
/// `„…“`, `«…»`, `″`, full-width `＂`) made the straight ones the query
/// language quotes with, so that a query pasted from a document reads as
/// typed. Single marks stay: `’` is an apostrophe (`Côte d’Ivoire`).
pub(crate) fn straight_quotes(text: &str) -> String {
    text.chars()
        .map(|c| if is_quote(c) { '"' } else { c })
        .collect()
}

/// A straight or curly quotation mark, as the query language reads them.
pub(crate) fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201C}'
            | '\u{201D}'
            | '\u{201E}'
            | '\u{201F}'
            | '\u{00AB}'
            | '\u{00BB}'
            | '\u{2033}'
            | '\u{FF02}'
    )
}

/// [`split_or`] of a query's words.
fn split_words_at_or(words: Vec<String>) -> Vec<String> {
    let mut alternatives: Vec<String> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for word in words {
        if is_or(&word) {
            let words = between_operands(std::mem::take(&mut current));
            if !words.is_empty() {
                alternatives.push(words.join(" "));
            }
        } else {
            current.push(word);
        }
    }
    let words = between_operands(current);
    if !words.is_empty() {
        alternatives.push(words.join(" "));
    }
    alternatives
}

/// An alternative's words with `AND` (or `&&`) kept only between two
/// others, once: it adds nothing to a search, but [`parse_query`] ends a
/// filter's value of several words there. One first, last or beside
/// another is left out.
fn between_operands(words: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    for word in words {
        if is_and(&word) && kept.last().is_none_or(|last| is_and(last)) {
            continue;
        }
        kept.push(word);
    }
    if kept.last().is_some_and(|last| is_and(last)) {
        kept.pop();
    }
    kept
}

/// `OR` in capitals, or `||`: the operator that joins alternatives.
fn is_or(word: &str) -> bool {
    word == "OR" || word == "||"
}

/// `AND` in capitals, or `&&`: the operator every word has anyway.
fn is_and(word: &str) -> bool {
    word == "AND" || word == "&&"
}

/// The most alternatives a query's groups are multiplied out to: one past
/// the most a search plans, so that the search can say it left some out.
const MAX_EXPANDED_ALTERNATIVES: usize = 65;

/// The alternatives of a query whose words may be grouped in brackets:
/// `(firearms OR weapons) training -(Albania OR Kosovo)` gives `firearms
/// training -Albania -Kosovo` and `weapons training -Albania -Kosovo`, as
/// Lucene and Elasticsearch read it. `-(a b)` excludes the activities with
/// both (`-a` or `-b`); `country:(Albania OR Kosovo)` puts the field before
/// each word of the group. A query without brackets is read by
/// [`split_or`]; an unclosed bracket closes at the end, a bracket never
/// opened is left out.
pub fn alternatives(text: &str) -> Vec<String> {
    let words = words_outside_quotes(text);
    let mut tokens: Vec<Token> = Vec::new();
    for word in &words {
        let mut rest = word.as_str();
        while let Some((open, inner)) = opening(rest) {
            tokens.push(open);
            rest = inner;
        }
        // `country:(Albania OR Kosovo), training`: a comma after a group's
        // closing bracket (or its weight) is punctuation, as after a value.
        let listed = rest.trim_end_matches([',', ';']);
        let rest = match weight_apart(listed) {
            (body, _) if listed.len() < rest.len() && body.ends_with(')') => listed,
            _ => rest,
        };
        // `(firearms OR cybercrime)^2`: a weight after a group's closing
        // bracket weighs each of its words (a tilde there is left out).
        let (rest, weight) = match weight_apart(rest) {
            (body, after) if !after.is_empty() && body.ends_with(')') => {
                (body, after.find('^').map_or("", |at| &after[at..]))
            }
            _ => (rest, ""),
        };
        // `(firearms OR cybercrime)^abc`: a weight that is no number closes
        // the group all the same, and is searched as typed after it (as
        // after a phrase), not glued to the group's last word.
        let (rest, typed_after) = match rest.rfind(")^") {
            Some(at) if weight.is_empty() => rest.split_at(at + 1),
            _ => (rest, ""),
        };
        let closing = rest.len() - rest.trim_end_matches(')').len();
        // A phrase's closing quote comes before its brackets; a bracket
        // inside quotes stays.
        let body = &rest[..rest.len() - closing];
        if !body.is_empty() {
            tokens.push(Token::Word(body.to_string()));
        }
        tokens.extend(std::iter::repeat_n(Token::Close, closing));
        if !weight.is_empty() {
            tokens.push(Token::Weight(weight.to_string()));
        }
        if !typed_after.is_empty() {
            tokens.push(Token::Word(typed_after.to_string()));
        }
    }
    if !tokens
        .iter()
        .any(|t| matches!(t, Token::Open { .. } | Token::Close))
    {
        return split_words_at_or(words);
    }
    // A bracket never opened is left out.
    let mut depth = 0usize;
    tokens.retain(|token| match token {
        Token::Open { .. } => {
            depth += 1;
            true
        }
        Token::Close if depth == 0 => false,
        Token::Close => {
            depth -= 1;
            true
        }
        Token::Word(_) | Token::Weight(_) => true,
    });
    let mut groups = Groups {
        tokens,
        at: 0,
        field: None,
    };
    let mut found: Vec<String> = Vec::new();
    for conjunction in groups.expression() {
        let alternative = between_operands(conjunction).join(" ");
        if !alternative.is_empty() && !found.contains(&alternative) {
            found.push(alternative);
        }
    }
    // Groups with nothing in them (`NOT()`, `-( )`) ask for nothing: one
    // empty alternative, not the query's text read again as words.
    if found.is_empty() {
        found.push(String::new());
    }
    found
}

/// A word of a query, or a bracket.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    /// `(`, `-(`, `NOT(`, `country:(` or `-country:(`.
    Open {
        negated: bool,
        field: Option<String>,
    },
    Close,
    /// A weight after a group's closing bracket (`^2`).
    Weight(String),
    Word(String),
}

/// The bracket a word opens with, and the rest of the word.
fn opening(word: &str) -> Option<(Token, &str)> {
    // `NOT(…)`, in capitals, touches its bracket as `-(…)` does.
    let not = word
        .strip_prefix("NOT")
        .filter(|rest| rest.starts_with('('));
    let (negated, rest) = match word.strip_prefix('-').or(not) {
        Some(rest) => (true, rest),
        None => (false, word),
    };
    if let Some(inner) = rest.strip_prefix('(') {
        return Some((
            Token::Open {
                negated,
                field: None,
            },
            inner,
        ));
    }
    // `country:-(Albania OR Kosovo)` excludes the group, as a `-` touching
    // a field's value excludes it.
    let (name, inner, dash) = match rest.split_once(":(") {
        Some((name, inner)) => (name, inner, false),
        None => {
            let (name, inner) = rest.split_once(":-(")?;
            (name, inner, true)
        }
    };
    if name.is_empty() || !name.chars().all(char::is_alphabetic) {
        return None;
    }
    Some((
        Token::Open {
            negated: negated != dash,
            field: Some(format!("{name}:")),
        },
        inner,
    ))
}

/// A query's words and brackets, read from `at` on.
struct Groups {
    tokens: Vec<Token>,
    at: usize,
    /// The field of the group being read (`country:` of `country:(…)`).
    field: Option<String>,
}

/// Alternatives, each a list of words (`-` before an excluded one).
type Either = Vec<Vec<String>>;

impl Groups {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn peek_word(&self) -> Option<&str> {
        match self.peek() {
            Some(Token::Word(word)) => Some(word),
            _ => None,
        }
    }

    /// Alternatives joined by `OR`; one left empty is left out.
    fn expression(&mut self) -> Either {
        let mut either = Either::new();
        loop {
            let term = self.term();
            if term.iter().any(|words| !words.is_empty()) {
                either.extend(term);
                either.truncate(MAX_EXPANDED_ALTERNATIVES);
            }
            match self.peek_word() {
                Some(word) if is_or(word) => self.at += 1,
                _ => return either,
            }
        }
    }

    /// Words and groups that must all hold.
    fn term(&mut self) -> Either {
        let mut all: Either = vec![Vec::new()];
        loop {
            match self.peek() {
                None | Some(Token::Close) => break,
                Some(Token::Word(word)) if is_or(word) => break,
                Some(Token::Word(word)) if is_and(word) => {
                    // Kept between words, where it ends a filter's value
                    // (`country:(Bosnia AND Herzegovina)`).
                    let operator = word.clone();
                    self.at += 1;
                    for words in &mut all {
                        words.push(operator.clone());
                    }
                    continue;
                }
                Some(_) => {}
            }
            let factor = self.factor();
            all = both(&all, &factor);
        }
        all
    }

    /// A word, a group in brackets, or either excluded.
    fn factor(&mut self) -> Either {
        let mut negated = false;
        if self.peek_word() == Some("NOT")
            && self
                .tokens
                .get(self.at + 1)
                .is_some_and(|t| *t != Token::Close)
        {
            negated = true;
            self.at += 1;
        }
        let Some(token) = self.peek().cloned() else {
            return vec![Vec::new()];
        };
        self.at += 1;
        let either = match token {
            Token::Open {
                negated: excluded_group,
                field,
            } => {
                negated ^= excluded_group;
                let outer = match field {
                    Some(field) => self.field.replace(field),
                    None => self.field.clone(),
                };
                let mut inner = self.expression();
                self.field = outer;
                if self.peek() == Some(&Token::Close) {
                    self.at += 1;
                    if let Some(Token::Weight(weight)) = self.peek().cloned() {
                        self.at += 1;
                        for words in &mut inner {
                            for word in words.iter_mut() {
                                *word = weighed(word, &weight);
                            }
                        }
                    }
                }
                if inner.is_empty() {
                    return vec![Vec::new()];
                }
                inner
            }
            // A last `NOT` (or one before a closing bracket) is left out.
            Token::Word(word) if word == "NOT" => return vec![Vec::new()],
            Token::Word(word) => vec![vec![self.in_field(&word)]],
            // A weight whose group was never opened is left out.
            Token::Close | Token::Weight(_) => return vec![Vec::new()],
        };
        if negated { excluded(&either) } else { either }
    }

    /// A word of a group with a field, with the field before it
    /// (`country:Albania`, `-country:Kosovo`); a word with a field of its
    /// own keeps it.
    fn in_field(&self, word: &str) -> String {
        let Some(field) = &self.field else {
            return word.to_string();
        };
        let (sign, bare) = match word.strip_prefix('-') {
            Some(bare) if !bare.is_empty() => ("-", bare),
            _ => ("", word),
        };
        let has_field = bare
            .split_once(':')
            .is_some_and(|(name, _)| !name.is_empty() && name.chars().all(char::is_alphabetic));
        if has_field {
            word.to_string()
        } else {
            format!("{sign}{field}{bare}")
        }
    }
}

/// A word of a group weighed by the group's weight (`firearms^2` of
/// `(firearms OR cybercrime)^2`): a word or phrase without a weight of
/// its own; an operator, a filter (which scores nothing) and a word
/// already weighed stay as they are.
fn weighed(word: &str, weight: &str) -> String {
    let scored = matches!(
        parse_query(word).as_slice(),
        [clause] if matches!(clause.kind, ClauseKind::Word(_) | ClauseKind::Phrase(..))
            && clause.boost == 1.0
    );
    if scored && !is_and(word) && word != "NOT" {
        format!("{word}{weight}")
    } else {
        word.to_string()
    }
}

/// Every alternative of `a` with every alternative of `b`.
fn both(a: &Either, b: &Either) -> Either {
    let mut out = Either::new();
    for left in a {
        for right in b {
            if out.len() == MAX_EXPANDED_ALTERNATIVES {
                return out;
            }
            out.push(left.iter().chain(right).cloned().collect());
        }
    }
    out
}

/// What none of the alternatives holds: every alternative excluded, each
/// by one of its words (`-(a b)` is `-a` or `-b`).
fn excluded(either: &Either) -> Either {
    let mut out: Either = vec![Vec::new()];
    for words in either {
        let one_of: Either = words
            .iter()
            .filter(|word| !is_and(word))
            .map(|word| vec![negate(word)])
            .collect();
        if one_of.is_empty() {
            continue;
        }
        out = both(&out, &one_of);
    }
    out
}

/// A word excluded, or an excluded word taken back (`-a` gives `a`).
fn negate(word: &str) -> String {
    match word.strip_prefix('-') {
        Some(rest) if !rest.is_empty() && !rest.starts_with(char::is_whitespace) => {
            rest.to_string()
        }
        _ => format!("-{word}"),
    }
}

/// The words of a query split at white space, a quoted phrase (and what
/// touches it) kept as one word, and so a date's range in brackets
/// (`-date:[2022-03-01 TO 2022-03-20]`), which [`parse_query`] reads whole:
/// a group must not exclude or give a field to its words one by one.
fn words_outside_quotes(text: &str) -> Vec<String> {
    // The brackets that close a group after a value (`(date:24 March
    // 2022)`, `(date: 2022-03)`) and a weight or tilde after it
    // (`date:24 March 2022^2`) are set apart while the value's words are
    // joined, so that its last word is read as typed, then put back. A
    // weight set apart is marked, so that one typed apart (`firearms ^2`)
    // stays where it stands; a query holding the mark keeps its weights on.
    let mark = !text.contains(SET_APART);
    let words: Vec<String> = pieces(text, mark)
        .into_iter()
        .map(|(word, _)| word)
        .collect();
    let mut joined: Vec<String> = Vec::with_capacity(words.len());
    for word in join_spaced_ranges(words) {
        let apart = word.strip_prefix(SET_APART).filter(|_| mark);
        match joined.last_mut() {
            Some(last) if apart.is_some() || word.chars().all(|c| c == ')') => {
                last.push_str(apart.unwrap_or(&word));
            }
            _ if mark => joined.push(word.replace(SET_APART, "")),
            _ => joined.push(word),
        }
    }
    joined
}

/// The words of `text` as [`words_outside_quotes`] hands them to
/// [`join_spaced_ranges`]: a value's closing brackets, and when `mark`, its
/// weight and comma, set apart; each with where it stands in `text` (its
/// first character and the one past its last).
fn pieces(text: &str, mark: bool) -> Vec<(String, (usize, usize))> {
    let mut words = Vec::new();
    for ((from, to), word) in scan_words(text) {
        let body = word.trim_end_matches(')');
        if body.is_empty() {
            words.push((word, (from, to)));
            continue;
        }
        let closing = &word[body.len()..];
        // `date:24 March 2022, training`: a comma after a value, as a list
        // is typed, is set apart too.
        let listed = body.trim_end_matches([',', ';']);
        let (body, punctuation) = if mark && !listed.is_empty() {
            (listed, &body[listed.len()..])
        } else {
            (body, "")
        };
        let (body, weight) = if mark { weight_apart(body) } else { (body, "") };
        // What follows the body, counted back from the word's end (a space
        // left out of the word stands within the body's span).
        let after = [weight, punctuation, closing].map(|part| part.chars().count());
        let mut at = to - after.iter().sum::<usize>();
        words.push((body.to_string(), (from, at)));
        let parts = [weight, punctuation, closing].into_iter().zip(after);
        for (index, (part, count)) in parts.enumerate() {
            if part.is_empty() {
                continue;
            }
            // The closing brackets are unmarked, as they were typed.
            let word = if index == 2 {
                part.to_string()
            } else {
                format!("{SET_APART}{part}")
            };
            words.push((word, (at, at + count)));
            at += count;
        }
    }
    words
}

/// The date clauses of `text` whose value the query language reads
/// rewritten from words typed apart (`date:2022-03-24 TO 28 March`, read
/// as `[2022-03-24 TO "28 March"]`): each clause's field, its value as
/// read, and its value as typed (`2022-03-24 TO 28 March`), so that what
/// the search names shows what was typed.
pub fn typed_date_values(text: &str) -> Vec<(DateField, String, String)> {
    if !text.contains(':') {
        return Vec::new();
    }
    let mark = !text.contains(SET_APART);
    let pieces = pieces(text, mark);
    let chars: Vec<char> = text.chars().collect();
    let words = pieces.iter().map(|(word, _)| word.clone()).collect();
    let mut found = Vec::new();
    let mut at = 0;
    for (word, count) in join_counting(words) {
        let taken = &pieces[at..at + count];
        at += count;
        let (Some(first), Some(last)) = (taken.first(), taken.last()) else {
            continue;
        };
        if count < 2 {
            continue;
        }
        let typed: String = chars[first.1.0..last.1.1].iter().collect();
        let word = if mark {
            word.replace(SET_APART, "")
        } else {
            word
        };
        // A group's opening brackets before the clause
        // (`(date:2022-03-24 TO 28 March)`) are no part of it.
        let head = word.split_once(':').map_or("", |(head, _)| head);
        let word = match head.rfind('(') {
            Some(open) => &word[open + 1..],
            None => &word,
        };
        let clauses = parse_query(word);
        let [
            Clause {
                kind: ClauseKind::Date(field, value),
                ..
            },
        ] = clauses.as_slice()
        else {
            continue;
        };
        let Some((_, typed)) = typed.split_once(':') else {
            continue;
        };
        let typed = typed.trim().to_string();
        if typed != *value {
            found.push((*field, value.clone(), typed));
        }
    }
    found
}

/// What marks a weight set apart from its word while a value's words are
/// joined (a character of Unicode's private use area).
const SET_APART: char = '\u{E000}';

/// A word and the weight or tilde at its end (`2022` and `^2` of
/// `2022^2`, `~1^2` of `2022~1^2`), as [`parse_query`] reads them off;
/// the word whole and nothing when it ends in neither.
fn weight_apart(word: &str) -> (&str, &str) {
    let mut body = word;
    // Every weight (`firearms^2^3`), as the search reads them.
    while let Some((before, number)) = body.rsplit_once('^')
        && !before.is_empty()
        && boost_of(number).is_some()
    {
        body = before;
    }
    let digits = body.trim_end_matches(|c: char| c.is_ascii_digit());
    if let Some(before) = digits.strip_suffix('~')
        && !before.is_empty()
        && !before.ends_with('~')
    {
        body = before;
    }
    word.split_at(body.len())
}

/// Where each word of a query stands, as [`words_outside_quotes`] splits
/// them before joining a value written over several: the first character
/// and the one past the last, counted in characters of `text`.
pub fn word_spans(text: &str) -> Vec<(usize, usize)> {
    scan_words(text).into_iter().map(|(span, _)| span).collect()
}

/// The words of a query as [`words_outside_quotes`] splits them, each with
/// where it stands (its first character and the one past its last, counted
/// in characters of `text`). A field's name with a space before its group
/// (`country: (Albania`) is one word, the space left out of the word and
/// kept in its span.
fn scan_words(text: &str) -> Vec<((usize, usize), String)> {
    let text = straight_quotes(text);
    let mut words = Vec::new();
    let mut word = String::new();
    let mut from = 0;
    let mut quoted = false;
    let mut in_range = false;
    let mut chars = text.chars().enumerate().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_whitespace() && !quoted && !in_range {
            // `country: (Albania OR Kosovo)`, `country: "North Macedonia"`,
            // `date: [2022-03-01 TO 2022-03-10]`: a field's name and colon
            // and the group, quote or range after the space are one word.
            while chars.peek().is_some_and(|(_, c)| c.is_whitespace()) {
                chars.next();
            }
            if bare_field(&word).is_some()
                && chars
                    .peek()
                    .is_some_and(|(_, c)| matches!(c, '(' | '"' | '[' | '{'))
            {
                continue;
            }
            if !word.is_empty() {
                words.push(((from, at), std::mem::take(&mut word)));
            }
            continue;
        }
        if word.is_empty() {
            from = at;
        }
        if c == '"' && !in_range {
            quoted = !quoted;
        }
        if !quoted {
            if in_range && matches!(c, ']' | '}') {
                in_range = false;
            } else if !in_range && matches!(c, '[' | '{') {
                // `date:[`, `-date:{`, `(from:[`, `country:(date:[`: as
                // parse_query opens a range.
                let name = word
                    .rsplit_once('(')
                    .map_or(word.as_str(), |(_, name)| name);
                in_range = name
                    .trim_start_matches('-')
                    .strip_suffix(':')
                    .is_some_and(|name| DateField::from_name(name).is_some());
            }
        }
        word.push(c);
    }
    if !word.is_empty() {
        words.push(((from, text.chars().count()), word));
    }
    words
}

/// A clause's value written over several words, as people type it, made
/// one word: a range of days with spaces around its dots
/// (`date:2022-03 .. 2022-05`, `date:2022-03.. 2022-05`,
/// `date:2022-03 ..2022-05`: `date:2022-03..2022-05`), Elasticsearch's
/// `TO` without brackets (`date:2022-03 TO 2022-05`: `date:[2022-03 TO
/// 2022-05]`), a dateline's words without quotes (`date:24 March 2022`:
/// `date:"24 March 2022"`), and a space after a field's colon
/// (`date: 2022-03`, `country: Montenegro`). A word after the days that
/// names none (`date:2022-03.. firearms`, `date:2022-03 training`) stays a
/// word, the range left open.
fn join_spaced_ranges(words: Vec<String>) -> Vec<String> {
    join_counting(words)
        .into_iter()
        .map(|(word, _)| word)
        .collect()
}

/// The words [`join_spaced_ranges`] gives, each with how many of `words`
/// it was made of.
fn join_counting(words: Vec<String>) -> Vec<(String, usize)> {
    let mut joined = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let began = at;
        let mut word = words[at].clone();
        at += 1;
        // `date: 2022-03`, `country: Montenegro`: a field and its value apart.
        if let Some(date) = bare_field(&word)
            && let Some(next) = words.get(at)
        {
            let takes = match date {
                // `date: 2022-03`, `date: 24 March 2022`, `date: March`:
                // days, the first word of a dateline, or a month alone; or
                // what was meant for days (`date: 2022-13`), which the
                // clause names in a notice as its touching form does.
                Some(field) => {
                    super::when::date_span(field, next).is_ok()
                        || looks_like_days(next)
                        || words
                            .get(at + 1..)
                            .is_some_and(|after| dateline_from(next, after).is_some())
                }
                None => {
                    !next.starts_with(['-', '(', '"'])
                        && !next.starts_with("NOT(")
                        && !next.contains(':')
                        && !is_or(next)
                        && !is_and(next)
                        && next != "NOT"
                }
            };
            if takes {
                word.push_str(next);
                at += 1;
            }
        }
        // `from:20 March 2022`, `to:March 2022`: a dateline's words, as
        // `date:` reads them (a flag's day is no range).
        if let Some(value) = flag_value(&word)
            && let Some((taken, days)) = dateline_from(value, &words[at..])
        {
            word = format!("{}\"{days}\"", &word[..word.len() - value.len()]);
            at += taken;
            joined.push((word, at - began));
            continue;
        }
        // `date:>=25 March 2022`, `date:>= 2022-03-14`: a comparison's
        // days, a dateline's words or after a space, as quoted.
        if let Some((op, days)) = comparison_value(&word) {
            let prefix = &word[..word.len() - op.len() - days.len()];
            let first = if days.is_empty() {
                words.get(at).filter(|next| {
                    !next.contains(['"', '(', ')', ':', '[', '{']) && !is_or(next) && !is_and(next)
                })
            } else {
                None
            };
            let (skip, head) = match first {
                Some(next) => (1, next.as_str()),
                None => (0, days),
            };
            let rest = words.get(at + skip..).unwrap_or_default();
            let joined_days = if head.is_empty() {
                None
            } else if let Some((taken, dateline)) = dateline_from(head, rest) {
                Some((skip + taken, format!("\"{dateline}\"")))
            } else if skip == 1 && (names_days(head) || looks_like_days(head)) {
                // Days, or what was meant for them (`2022-13`, `March`
                // without its year), which the clause then names in a
                // notice as its touching form does.
                Some((1, head.to_string()))
            } else {
                None
            };
            if let Some((taken, days)) = joined_days {
                word = format!("{prefix}{op}{days}");
                at += taken;
                joined.push((word, at - began));
                continue;
            }
        }
        // `date:2022-03-24^2 TO 28 March`: a weight on a range's start is
        // read off (a filter weighs nothing), and the range runs on.
        if date_range_value(&word).is_some()
            && words
                .get(at)
                .and_then(|next| next.strip_prefix(SET_APART))
                .is_some_and(|weight| weight.starts_with(['^', '~']))
            && words
                .get(at + 1)
                .is_some_and(|next| next.eq_ignore_ascii_case("to") || next.starts_with(".."))
        {
            at += 1;
        }
        // `date:2022-03, 2022-05`: days after a comma are the clause's, as
        // touching it (`date:2022-03,2022-05`); a date clause takes no list,
        // and a notice names it as left out, rather than the first days
        // alone and the others as words.
        if date_range_value(&word).is_some()
            && let Some(comma) = words
                .get(at)
                .and_then(|next| next.strip_prefix(SET_APART))
                .filter(|comma| matches!(*comma, "," | ";"))
            && let Some(next) = words.get(at + 1).filter(|next| names_days(next))
        {
            word = format!("{word}{comma}{next}");
            at += 2;
            joined.push((word, at - began));
            continue;
        }
        // `from:2022-03-20 TO 2022-03-25`: a flag is one day, and a range
        // after it is the clause's, which a notice names as left out,
        // rather than the day alone and the range's end as words.
        if let Some(value) = flag_value(&word)
            && words.get(at).is_some_and(|next| next == "TO")
            && let Some((taken, end)) = unread_end(&words[at + 1..])
        {
            let prefix = &word[..word.len() - value.len()];
            word = format!("{prefix}\"{value} TO {}\"", end.trim_matches('"'));
            at += 1 + taken;
            joined.push((word, at - began));
            continue;
        }
        if let Some(value) = date_range_value(&word) {
            let prefix_len = word.len() - value.len();
            let value = value.to_string();
            let next = |offset: usize| words.get(at + offset).map(String::as_str);
            if !value.contains("..") && !value.is_empty() {
                // `date:2022-03 TO 2022-05`, `date:2022-03 to *`.
                if next(0).is_some_and(|to| to.eq_ignore_ascii_case("to"))
                    && let Some(end) = next(1).filter(|end| *end == "*" || names_days(end))
                {
                    // A group's closing brackets stay after the range.
                    let days = end.trim_end_matches(')');
                    let closing = &end[days.len()..];
                    word = format!("{}[{value} TO {days}]{closing}", &word[..prefix_len]);
                    at += 2;
                    joined.push((word, at - began));
                    continue;
                }
                // `date:2022-03-24 TO 28 March 2022`: a dateline's words
                // after `TO`, whatever the start is written in.
                if let Some((taken, end)) = end_after_to(&words[at..]) {
                    word = format!("{}[{value} TO {end}]", &word[..prefix_len]);
                    at += taken;
                    joined.push((word, at - began));
                    continue;
                }
                // `date:2022-03-24 TO 2022-13`, `TO 32 March 2022`: an end
                // after `TO` in capitals that was meant for days but names
                // none is the range's, which a notice then names as left
                // out, rather than the start alone and the end as words.
                if next(0) == Some("TO")
                    && let Some((taken, end)) = unread_end(&words[at + 1..])
                {
                    word = format!("{}[{value} TO {end}]", &word[..prefix_len]);
                    at += 1 + taken;
                    joined.push((word, at - began));
                    continue;
                }
                // `date:24 March 2022`: the longest run of words that names
                // days. A date in numbers (`2022-03`, `2022-03-24`) is whole:
                // the words after it are words (`date:2022-03 March`); days
                // alone (`date:24-25 March 2022`) are not.
                let in_numbers = value.contains('-')
                    && value.chars().all(|c| c.is_ascii_digit() || c == '-')
                    && names_days(&value);
                if !value.contains('"') && !in_numbers {
                    // `date:24 March 2022..28 March 2022`: a dateline on
                    // each side of dots that touch both years' words.
                    if let Some((taken, start, end)) =
                        datelines_joined_by_dots(&value, &words[at..])
                    {
                        word = format!("{}\"{start}\"..{end}", &word[..prefix_len]);
                        at += taken;
                        joined.push((word, at - began));
                        continue;
                    }
                    let longest = (1..=3).rev().find_map(|taken| {
                        let more = words.get(at..at + taken)?;
                        if more
                            .iter()
                            .any(|w| w.contains(['"', ')', '(']) || w.contains(".."))
                        {
                            return None;
                        }
                        // A dateline ends with its year: a number after it
                        // is a word (`date:March 2022 16`, SDG 16).
                        if !ends_with_year(more) {
                            return None;
                        }
                        let days = format!("{value} {}", more.join(" "));
                        names_days(&days).then_some((taken, days))
                    });
                    if let Some((taken, days)) = longest {
                        word = format!("{}\"{days}\"", &word[..prefix_len]);
                        at += taken;
                        // `date:24 March 2022 TO 28 March 2022`.
                        let end = end_after_to(&words[at..]).or_else(|| {
                            // `TO 2022-13`: named in a notice, as above.
                            (words.get(at).map(String::as_str) == Some("TO"))
                                .then(|| unread_end(&words[at + 1..]))
                                .flatten()
                                .map(|(taken, end)| (taken + 1, end))
                        });
                        if let Some((taken, end)) = end {
                            word = format!("{}[\"{days}\" TO {end}]", &word[..prefix_len]);
                            at += taken;
                            joined.push((word, at - began));
                            continue;
                        }
                    } else {
                        // `date:24 March TO 28 March 2022`: a start without
                        // its year, in the end's year.
                        let start = (0..=1).rev().find_map(|taken| {
                            let more = words.get(at..at + taken)?;
                            let mut start_words = vec![value.clone()];
                            start_words.extend(more.iter().cloned());
                            let (taken_start, start) = yearless_end(&start_words)?;
                            let (taken_end, end) = end_after_to(&words[at + taken..])?;
                            (taken_start == taken + 1 && end.contains(char::is_numeric))
                                .then_some((taken + taken_end, start, end))
                        });
                        if let Some((taken, start, end)) = start {
                            word = format!("{}[\"{start}\" TO {end}]", &word[..prefix_len]);
                            at += taken;
                            joined.push((word, at - began));
                            continue;
                        }
                    }
                }
            }
            // Dots that touch the first word of a dateline that ends the
            // range.
            if let Some((start, rest)) = value.split_once("..")
                && !rest.is_empty()
                && !value.contains('"')
                && !names_days(rest)
            {
                // `date:2022-03-24..28 March 2022`, `date:..28 March 2022`;
                // else `date:2022-03-24..28 March`: an end without its
                // year, in the start's year.
                let end = if start.is_empty() || names_days(start) {
                    dateline_from(rest, &words[at..])
                } else {
                    None
                }
                .or_else(|| {
                    let mut end_words = vec![rest.to_string()];
                    end_words.extend(words[at..].iter().take(1).cloned());
                    names_days(start)
                        .then(|| yearless_end(&end_words))
                        .flatten()
                        .map(|(taken, end)| (taken - 1, end))
                });
                if let Some((taken, end)) = end {
                    word = format!("{}{start}..\"{end}\"", &word[..prefix_len]);
                    at += taken;
                    joined.push((word, at - began));
                    continue;
                }
            }
            let open_end = if value.contains("..") {
                value.ends_with("..")
            } else {
                match words.get(at) {
                    Some(next) if next == ".." => {
                        word.push_str("..");
                        at += 1;
                        true
                    }
                    Some(next) if next.starts_with("..") => {
                        word.push_str(next);
                        at += 1;
                        false
                    }
                    _ => false,
                }
            };
            if open_end {
                // `date:24 March 2022 .. 28 March 2022`: the end may be a
                // dateline's words too, quoted as one.
                if let Some((taken, end)) = range_end(&words[at..]) {
                    word.push_str(&end);
                    at += taken;
                } else if let Some((taken, end)) = yearless_end(&words[at..]) {
                    // `date:2022-03-24 .. 28 March`: in the start's year.
                    word.push_str(&format!("\"{end}\""));
                    at += taken;
                }
            }
        }
        joined.push((word, at - began));
    }
    joined
}

/// The end of a range after its dots (`2022-05`, `28 March 2022`): how
/// many of `words` it takes, and the end as a range writes it (a
/// dateline's words quoted as one).
fn range_end(words: &[String]) -> Option<(usize, String)> {
    (1..=3).rev().find_map(|taken| {
        let more = words.get(..taken)?;
        if taken == 1 {
            return names_days(&more[0]).then(|| (1, more[0].clone()));
        }
        let plain = !more
            .iter()
            .any(|w| w.contains(['"', ')', '(']) || w.contains(".."));
        let days = more.join(" ");
        (plain && ends_with_year(more) && names_days(&days)).then(|| (taken, format!("\"{days}\"")))
    })
}

/// A dateline whose first word is `first` and whose others, up to its
/// year, are the first of `words` (`28` and `March 2022`): how many of
/// `words` it takes, and the dateline.
fn dateline_from(first: &str, words: &[String]) -> Option<(usize, String)> {
    (1..=2).rev().find_map(|taken| {
        let more = words.get(..taken)?;
        if more
            .iter()
            .any(|w| w.contains(['"', ')', '(']) || w.contains(".."))
            || !ends_with_year(more)
        {
            return None;
        }
        let days = format!("{first} {}", more.join(" "));
        names_days(&days).then_some((taken, days))
    })
}

/// A range of two datelines whose dots touch the words on both sides
/// (`24 March 2022..28 March 2022`, its first word `value`, the others
/// from `words`), or whose dots touch the start alone (`24 March
/// 2022.. 28 March 2022`, `24 March 2022..`, left open): how many of
/// `words` it takes, its start, and its end as a range writes it (a
/// dateline quoted, empty when open).
fn datelines_joined_by_dots(value: &str, words: &[String]) -> Option<(usize, String, String)> {
    let plain = |w: &String| !w.contains(['"', ')', '(']) && !w.contains("..");
    (0..3).find_map(|before| {
        let more = words.get(..=before)?;
        let (last, head) = more.split_last()?;
        if !head.iter().all(plain) {
            return None;
        }
        let (year, rest) = last.split_once("..")?;
        let mut start_words: Vec<String> = head.to_vec();
        start_words.push(year.to_string());
        let start = format!("{value} {}", start_words.join(" "));
        if !ends_with_year(&start_words) || !names_days(&start) || rest.contains(['"', '(', ')']) {
            return None;
        }
        // `24 March 2022.. 28 March 2022`, `24 March 2022..`: the end after
        // a space, or none (the range left open).
        if rest.is_empty() {
            let after = &words[before + 1..];
            return Some(match range_end(after) {
                Some((taken, end)) => (before + 1 + taken, start, end),
                None => (before + 1, start, String::new()),
            });
        }
        let (after, end) = (0..=2).rev().find_map(|after| {
            let tail = words.get(before + 1..before + 1 + after)?;
            if !tail.iter().all(plain) {
                return None;
            }
            let mut end_words = vec![rest.to_string()];
            end_words.extend(tail.iter().cloned());
            if after > 0 && !ends_with_year(&end_words) {
                return None;
            }
            let end = end_words.join(" ");
            names_days(&end).then_some((after, end))
        })?;
        Some((before + 1 + after, start, format!("\"{end}\"")))
    })
}

/// The end of a range after `TO` without brackets (`TO 28 March 2022`,
/// `to 2022-04`, `TO *`): how many of `words` it takes (`TO` included),
/// and the end as a range in brackets writes it (a dateline quoted).
fn end_after_to(words: &[String]) -> Option<(usize, String)> {
    if !words.first()?.eq_ignore_ascii_case("to") {
        return None;
    }
    (1..=3)
        .rev()
        .find_map(|taken| {
            let more = words.get(1..=taken)?;
            if more
                .iter()
                .any(|w| w.contains(['"', ')', '(']) || w.contains(".."))
            {
                return None;
            }
            if taken == 1 && more[0] == "*" {
                return Some((2, "*".to_string()));
            }
            if taken > 1 && !ends_with_year(more) {
                return None;
            }
            let end = more.join(" ");
            names_days(&end).then(|| (taken + 1, format!("\"{end}\"")))
        })
        // `TO 28 March`: an end without its year, in the start's year.
        .or_else(|| yearless_end(&words[1..]).map(|(taken, end)| (taken + 1, format!("\"{end}\""))))
}

/// The first of `words` that were meant for a range's end but name no
/// days (`2022-13`, `32 March 2022`): words that start with a digit or are
/// a month's name, up to a year; how many it takes, and the end quoted.
fn unread_end(words: &[String]) -> Option<(usize, String)> {
    let mut taken = 0;
    for word in words.iter().take(3) {
        if word.contains(['"', ')', '(', ':']) || word.contains("..") || !looks_like_days(word) {
            break;
        }
        taken += 1;
        if ends_with_year(std::slice::from_ref(word)) || word.contains('-') {
            break;
        }
    }
    (taken > 0).then(|| (taken, format!("\"{}\"", words[..taken].join(" "))))
}

/// The first of `words` that name a day or month without its year (`28
/// March`, `April`), as a range's end may be written, taking the start's
/// year: how many it takes, and the words.
fn yearless_end(words: &[String]) -> Option<(usize, String)> {
    (1..=2).rev().find_map(|taken| {
        let more = words.get(..taken)?;
        if more.iter().any(|w| {
            w.contains(['"', ')', '('])
                || w.contains("..")
                || ends_with_year(std::slice::from_ref(w))
        }) {
            return None;
        }
        let end = more.join(" ");
        // Any year will do to tell whether the words name days.
        names_days(&format!("{end} 2000")).then_some((taken, end))
    })
}

/// Whether the last of a dateline's words is its year (`2022`).
fn ends_with_year(words: &[String]) -> bool {
    words
        .last()
        .is_some_and(|w| w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a word is a field's name and colon alone (`country:`,
/// `-date:`): `Some(Some(field))` for a date field, `Some(None)` for
/// another field the query language knows.
fn bare_field(word: &str) -> Option<Option<DateField>> {
    let clause = word.rsplit_once('(').map_or(word, |(_, clause)| clause);
    let name = clause.trim_start_matches('-').strip_suffix(':')?;
    if let Some(date) = DateField::from_name(name) {
        return Some(Some(date));
    }
    let known = FacetField::from_name(name).is_some()
        || ["title", "text", "body"].contains(&name.to_ascii_lowercase().as_str());
    known.then_some(None)
}

/// The value of a `date:` clause that a range's dots may continue (not a
/// range in brackets, a comparison, or one whose group closes after it).
fn date_range_value(word: &str) -> Option<&str> {
    let clause = word.rsplit_once('(').map_or(word, |(_, clause)| clause);
    let (name, value) = clause.trim_start_matches('-').split_once(':')?;
    let open = DateField::from_name(name) == Some(DateField::Date)
        && !value.starts_with(['[', '{', '<', '>'])
        && !value.ends_with(')');
    open.then_some(value)
}

/// The comparison of a `date:` clause and the days after it, as typed
/// (`>=` and `25` of `date:>=25`, `>=` and nothing of `date:>=`); `None`
/// for any other clause, or days quoted.
fn comparison_value(word: &str) -> Option<(&str, &str)> {
    let clause = word.rsplit_once('(').map_or(word, |(_, clause)| clause);
    let (name, value) = clause.trim_start_matches('-').split_once(':')?;
    if DateField::from_name(name) != Some(DateField::Date) {
        return None;
    }
    let op = ["<=", ">=", "<", ">"]
        .into_iter()
        .find(|op| value.starts_with(op))?;
    let days = &value[op.len()..];
    (!days.contains(['"', ')'])).then_some((&value[..op.len()], days))
}

/// The value of a `from:` or `to:` clause that a dateline's words may
/// continue (`20` of `from:20 March 2022`): not quoted, nor a comparison.
fn flag_value(word: &str) -> Option<&str> {
    let clause = word.rsplit_once('(').map_or(word, |(_, clause)| clause);
    let (name, value) = clause.trim_start_matches('-').split_once(':')?;
    let flag = matches!(
        DateField::from_name(name),
        Some(DateField::From | DateField::To)
    ) && !value.is_empty()
        && !value.contains(['"', '[', '{', '<', '>', ')'])
        && !value.contains("..");
    flag.then_some(value)
}

/// Whether a word after a comparison and a space was meant for its days,
/// naming some or not: it starts with a digit (`2022-13`, `25`) or is a
/// month's name (`March`).
fn looks_like_days(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_digit())
        || crate::extract::date::month_number(word).is_some()
}

/// Whether a word is a day, month or year a range may end with (quoted,
/// and before the brackets that close a group, as it may be written).
fn names_days(word: &str) -> bool {
    let days = word.trim_end_matches(')').trim_matches('"');
    !days.is_empty() && super::when::period(days).is_some()
}

/// Edit distance between two strings, stopping early past `limit`.
pub fn edit_distance(a: &str, b: &str, limit: usize) -> usize {
    EndingDistance::new(b, &[""], limit).nearest(a)
}

/// Endings that English words add to their stems (as the Snowball stemmer
/// strips them), with the empty ending first: typo correction rebuilds
/// whole words from indexed stems with them (`train` + `ing`).
pub const SURFACE_ENDINGS: [&str; 30] = [
    "", "s", "e", "es", "ed", "ing", "er", "ers", "y", "ies", "ly", "al", "ion", "ions", "ation",
    "ations", "ment", "ments", "ity", "ities", "ive", "ness", "ance", "ence", "ional", "ionally",
    "ally", "ical", "ically", "ively",
];

/// Endings of words whose stem the stemmer ends in `i` for a final `y`
/// (`recovery`, `recoveries`: `recoveri`), put after the stem without it.
pub const Y_ENDINGS: [&str; 3] = ["y", "ies", "ied"];

/// Edit distances (insertions, deletions, substitutions and swaps of two
/// neighbours) from one typed word to stems followed by endings. The rows
/// of a stem are worked out once and every ending continues from them, in
/// buffers kept from one stem to the next.
pub struct EndingDistance {
    typed: Vec<char>,
    limit: usize,
    endings: Vec<Vec<char>>,
    /// The table, a row per letter of the candidate (and one before them).
    table: Vec<usize>,
    candidate: Vec<char>,
}

impl EndingDistance {
    pub fn new(typed: &str, endings: &[&str], limit: usize) -> Self {
        EndingDistance {
            typed: typed.chars().collect(),
            limit,
            endings: endings.iter().map(|e| e.chars().collect()).collect(),
            table: Vec::new(),
            candidate: Vec::new(),
        }
    }

    /// The least distance from the typed word to `stem` followed by one of
    /// the endings; `limit + 1` when none is within the limit.
    pub fn nearest(&mut self, stem: &str) -> usize {
        let width = self.typed.len() + 1;
        let beyond = self.limit + 1;
        self.candidate.clear();
        self.candidate.extend(stem.chars());
        let stem_len = self.candidate.len();
        let (typed_len, limit) = (self.typed.len(), self.limit);
        let fits = move |ending: &Vec<char>| (stem_len + ending.len()).abs_diff(typed_len) <= limit;
        if !self.endings.iter().any(fits) {
            return beyond;
        }
        self.table.clear();
        self.table.extend(0..width);
        for row in 1..=stem_len {
            if self.fill_row(row) > self.limit {
                return beyond;
            }
        }
        let mut best = beyond;
        for index in 0..self.endings.len() {
            if !fits(&self.endings[index]) {
                continue;
            }
            self.table.truncate((stem_len + 1) * width);
            self.candidate.truncate(stem_len);
            self.candidate.extend_from_slice(&self.endings[index]);
            let rows = self.candidate.len();
            let reached = (stem_len + 1..=rows).all(|row| self.fill_row(row) <= self.limit);
            if reached {
                best = best.min(self.table[rows * width + width - 1]);
            }
        }
        best
    }

    /// Appends row `row` of the table (the candidate's first `row`
    /// letters against every prefix of the typed word); returns its least
    /// value, which no later row goes below.
    fn fill_row(&mut self, row: usize) -> usize {
        let width = self.typed.len() + 1;
        let letter = self.candidate[row - 1];
        let start = self.table.len();
        self.table.push(row);
        let mut least = row;
        for column in 1..width {
            let above = self.table[start - width + column];
            let diagonal = self.table[start - width + column - 1];
            let left = self.table[start + column - 1];
            let cost = usize::from(letter != self.typed[column - 1]);
            let mut value = (above + 1).min(left + 1).min(diagonal + cost);
            if row > 1
                && column > 1
                && letter == self.typed[column - 2]
                && self.candidate[row - 2] == self.typed[column - 1]
            {
                value = value.min(self.table[start - 2 * width + column - 2] + 1);
            }
            self.table.push(value);
            least = least.min(value);
        }
        least
    }
}

/// How many edits a misspelt word of this length may be corrected by.
pub fn allowed_edits(word: &str) -> usize {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_word_stands_where_its_span_says() {
        let text = "country: (Albania OR Kosovo) -date: [2022-03-01 TO 2022-03-10] \u{201C}border police\u{201D}  Bijača";
        let chars: Vec<char> = text.chars().collect();
        let at = |(from, to): (usize, usize)| chars[from..to].iter().collect::<String>();
        let spans: Vec<String> = word_spans(text).into_iter().map(at).collect();
        assert_eq!(
            spans,
            [
                "country: (Albania",
                "OR",
                "Kosovo)",
                "-date: [2022-03-01 TO 2022-03-10]",
                "\u{201C}border police\u{201D}",
                "Bijača",
            ]
        );
        assert_eq!(
            scan_words(text)
                .into_iter()
                .map(|(_, word)| word)
                .collect::<Vec<_>>(),
            [
                "country:(Albania",
                "OR",
                "Kosovo)",
                "-date:[2022-03-01 TO 2022-03-10]",
                "\"border police\"",
                "Bijača",
            ]
        );
    }

    /// The distance with a swap of neighbours, from the whole table.
    fn reference_distance(a: &str, b: &str) -> usize {
        let a: Vec<char> = a.chars().collect();
        let b: Vec<char> = b.chars().collect();
        let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
        for (i, row) in d.iter_mut().enumerate() {
            row[0] = i;
        }
        for (j, cell) in d[0].iter_mut().enumerate() {
            *cell = j;
        }
        for i in 1..=a.len() {
            for j in 1..=b.len() {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                d[i][j] = (d[i - 1][j] + 1)
                    .min(d[i][j - 1] + 1)
                    .min(d[i - 1][j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
                }
            }
        }
        d[a.len()][b.len()]
    }

    #[test]
    fn ending_distance_is_the_least_over_whole_words() {
        let stems = [
            "train",
            "launder",
            "land",
            "firearm",
            "podgorica",
            "select",
            "a",
            "cybercrim",
        ];
        let typed = [
            "trainng",
            "laundeing",
            "firaerms",
            "podgoricca",
            "elections",
            "cybercrme",
            "ab",
        ];
        for word in typed {
            for limit in 0..=3 {
                let mut distance = EndingDistance::new(word, &SURFACE_ENDINGS, limit);
                for stem in stems {
                    let expected = SURFACE_ENDINGS
                        .iter()
                        .map(|ending| reference_distance(word, &format!("{stem}{ending}")))
                        .min()
                        .unwrap_or(usize::MAX)
                        .min(limit + 1);
                    assert_eq!(
                        distance.nearest(stem),
                        expected,
                        "{word} ~ {stem}, limit {limit}"
                    );
                }
            }
        }
    }

    #[test]
    fn splits_alternatives_at_or_outside_quotes() {
        assert_eq!(split_or("firearms"), ["firearms"]);
        assert_eq!(
            split_or(r#"firearms OR "border OR control" -Albania"#),
            ["firearms", r#""border OR control" -Albania"#]
        );
        assert_eq!(split_or("war or peace"), ["war or peace"]);
        assert_eq!(split_or("OR a OR OR b OR"), ["a", "b"]);
        assert_eq!(split_or("ORganized OR crime"), ["ORganized", "crime"]);
        assert!(split_or("OR").is_empty());
        assert!(split_or("").is_empty());
    }

    fn word(w: &str) -> Clause {
        Clause {
            kind: ClauseKind::Word(w.into()),
            field: None,
            negated: false,
            unknown_field: None,
            boost: 1.0,
            after_operator: false,
        }
    }

    #[test]
    fn parses_words_phrases_exclusions_and_fields() {
        let clauses = parse_query(
            r#""Western Balkans" firearms -sport title:training country:"North Macedonia" e-evidence"#,
        );
        assert_eq!(
            clauses,
            vec![
                Clause {
                    kind: ClauseKind::Phrase("Western Balkans".into(), 0),
                    field: None,
                    negated: false,
                    unknown_field: None,
                    boost: 1.0,
                    after_operator: false,
                },
                word("firearms"),
                Clause {
                    kind: ClauseKind::Word("sport".into()),
                    field: None,
                    negated: true,
                    unknown_field: None,
                    boost: 1.0,
                    after_operator: false,
                },
                Clause {
                    kind: ClauseKind::Word("training".into()),
                    field: Some(TextField::Title),
                    negated: false,
                    unknown_field: None,
                    boost: 1.0,
                    after_operator: false,
                },
                Clause {
                    kind: ClauseKind::Facet(FacetField::Country, "North Macedonia".into()),
                    field: None,
                    negated: false,
                    unknown_field: None,
                    boost: 1.0,
                    after_operator: false,
                },
                word("e-evidence"),
            ]
        );
    }

    #[test]
    fn reads_date_clauses_whole_brackets_and_all() {
        let clauses = parse_query(
            "date:[2022-03-01 TO 2022-03-31] firearms -from:2022-03 to:\"March 2022\" date:{2022 TO *",
        );
        let date = |field, value: &str, negated| Clause {
            kind: ClauseKind::Date(field, value.into()),
            field: None,
            negated,
            unknown_field: None,
            boost: 1.0,
            after_operator: false,
        };
        assert_eq!(
            clauses,
            vec![
                date(DateField::Date, "[2022-03-01 TO 2022-03-31]", false),
                word("firearms"),
                date(DateField::From, "2022-03", true),
                date(DateField::To, "March 2022", false),
                date(DateField::Date, "{2022 TO *", false),
            ]
        );
        // A bracket after another field is no range.
        assert_eq!(
            parse_query("title:[draft]")[0].kind,
            ClauseKind::Word("[draft]".into())
        );
        // A weight or fuzziness after a date is no part of it.
        for query in ["date:[2022 TO 2023]^2", "date:[2022 TO 2023]~1"] {
            assert_eq!(
                parse_query(query)
                    .into_iter()
                    .map(|c| c.kind)
                    .collect::<Vec<_>>(),
                [ClauseKind::Date(DateField::Date, "[2022 TO 2023]".into())],
                "{query}"
            );
        }
        assert_eq!(
            parse_query("date:2022-03^2")[0].kind,
            ClauseKind::Date(DateField::Date, "2022-03".into())
        );
        // Spaces around a range's dots leave it one range; quotes hold days.
        for (query, days) in [
            ("date:2022-03 .. 2022-05", "2022-03..2022-05"),
            ("date:2022-03.. 2022-05", "2022-03..2022-05"),
            ("date:2022-03 ..2022-05", "2022-03..2022-05"),
            ("date:2022-03 ..", "2022-03.."),
            (
                "date:\"1 March 2022\" .. \"May 2022\"",
                "1 March 2022..May 2022",
            ),
            ("date:>=\"March 2022\"", ">=March 2022"),
        ] {
            let read: Vec<_> = alternatives(query)
                .iter()
                .flat_map(|a| parse_query(a))
                .map(|c| c.kind)
                .collect();
            assert_eq!(
                read,
                [ClauseKind::Date(DateField::Date, days.into())],
                "{query}"
            );
        }
        assert_eq!(
            alternatives("date:2022-03.. firearms"),
            ["date:2022-03.. firearms"]
        );
        // `TO` without brackets, inside a group that closes after it.
        assert_eq!(
            alternatives("(date:2022-03 TO 2022-05) firearms"),
            ["date:[2022-03 TO 2022-05] firearms"]
        );
        assert_eq!(alternatives("date: 2022-03"), ["date:2022-03"]);
        assert_eq!(alternatives("date:March 2022"), ["date:\"March 2022\""]);
        assert_eq!(
            alternatives("firearms .. 2022-05 from:2022-03 .. 2022-05"),
            ["firearms .. 2022-05 from:2022-03 .. 2022-05"]
        );
        // A group excludes a range, or gives it a field, whole.
        assert_eq!(
            alternatives("NOT (date:[2022-03-01 TO 2022-03-20]) OR (title:[draft] x)"),
            ["-date:[2022-03-01 TO 2022-03-20]", "title:[draft] x"]
        );
        assert_eq!(
            alternatives("country:(Albania -date:{2022 TO 2023})"),
            ["country:Albania -date:{2022 TO 2023}"]
        );
        assert_eq!(
            alternatives("country:(date:[2022 TO 2023] Albania)"),
            ["date:[2022 TO 2023] country:Albania"]
        );
    }

    #[test]
    fn survives_odd_input() {
        assert_eq!(parse_query(r#""unclosed phrase"#).len(), 1);
        let dash_negated = Clause {
            kind: ClauseKind::Word("-".into()),
            field: None,
            negated: true,
            unknown_field: None,
            boost: 1.0,
            after_operator: false,
        };
        assert_eq!(
            parse_query("- -- : \"\""),
            vec![word("-"), dash_negated, word(":")]
        );
        // `NOT`, in capitals, excludes what follows; `not` is a word; a last
        // `NOT` is left out.
        assert_eq!(
            parse_query("firearms NOT sport not NOT"),
            vec![
                word("firearms"),
                Clause {
                    negated: true,
                    ..word("sport")
                },
                word("not"),
            ]
        );
        // An unknown field is left out and named; its value is searched.
        assert_eq!(
            parse_query("location:Vienna -firearms:\"border control\" 2022:03 a:"),
            vec![
                Clause {
                    unknown_field: Some("location".into()),
                    ..word("Vienna")
                },
                Clause {
                    kind: ClauseKind::Phrase("border control".into(), 0),
                    field: None,
                    negated: true,
                    unknown_field: Some("firearms".into()),
                    boost: 1.0,
                    after_operator: false,
                },
                word("2022:03"),
                word("a:"),
            ]
        );
    }

    #[test]
    fn brackets_group_alternatives_as_lucene_reads_them() {
        let read = |text: &str| alternatives(text);
        // Without brackets, as `split_or`; `||` is `OR`, `AND` and `&&` add
        // nothing but stay between words, where they end a filter's value.
        assert_eq!(
            read("firearms OR \"border control\" -Albania"),
            split_or("firearms OR \"border control\" -Albania")
        );
        assert_eq!(read("firearms || cybercrime"), ["firearms", "cybercrime"]);
        assert_eq!(
            read("AND firearms AND AND training && Skopje AND"),
            ["firearms AND training && Skopje"]
        );
        assert_eq!(
            parse_query("firearms AND training && Skopje"),
            [
                word("firearms"),
                Clause {
                    after_operator: true,
                    ..word("training")
                },
                Clause {
                    after_operator: true,
                    ..word("Skopje")
                },
            ]
        );
        // Alone, first or last, `AND` is a word, as it always was.
        assert_eq!(parse_query("AND"), [word("AND")]);
        assert_eq!(
            read("(firearms AND) OR (AND cybercrime) OR -(a AND b)"),
            ["firearms", "cybercrime", "-a", "-b"]
        );
        assert_eq!(
            read("country:(Bosnia AND Herzegovina)"),
            ["country:Bosnia AND country:Herzegovina"]
        );
        assert_eq!(
            read("(firearms OR cybercrime) training"),
            ["firearms training", "cybercrime training"]
        );
        assert_eq!(
            read("training AND (firearms OR \"border control\"~2) -country:Albania"),
            [
                "training AND firearms -country:Albania",
                "training AND \"border control\"~2 -country:Albania"
            ]
        );
        assert_eq!(read("(a OR b) (c OR d)"), ["a c", "a d", "b c", "b d"]);
        // Excluded groups: none of the alternatives, each by one of its words.
        assert_eq!(
            read("training -(Albania OR Kosovo)"),
            ["training -Albania -Kosovo"]
        );
        assert_eq!(
            read("training NOT (Albania OR Kosovo)"),
            ["training -Albania -Kosovo"]
        );
        assert_eq!(
            read("training -(firearms ammunition)"),
            ["training -firearms", "training -ammunition"]
        );
        assert_eq!(read("training -(-firearms)"), ["training firearms"]);
        assert_eq!(read("((a OR (b c)) d)"), ["a d", "b c d"]);
        // A field before a group goes before each of its words.
        assert_eq!(
            read("training country:(Albania OR \"North Macedonia\" -Kosovo) -title:(sport)"),
            [
                "training country:Albania -title:sport",
                "training country:\"North Macedonia\" -country:Kosovo -title:sport"
            ]
        );
        assert_eq!(
            read("title:(firearms body:ammunition)"),
            ["title:firearms body:ammunition"]
        );
        // `2022:` is no field name: its bracket opens nothing.
        assert_eq!(read("2022:(x)"), ["2022:(x"]);
        // Brackets inside a phrase stay; odd brackets are forgiven.
        assert_eq!(
            read("(\"Container Control Programme (CCP)\")"),
            ["\"Container Control Programme (CCP)\""]
        );
        assert_eq!(read("(firearms OR cybercrime"), ["firearms", "cybercrime"]);
        assert_eq!(read("firearms) training"), ["firearms training"]);
        assert_eq!(read("() OR (firearms OR)"), ["firearms"]);
        // Groups with nothing in them ask for nothing.
        assert_eq!(read("( ) NOT"), [""]);
        assert_eq!(read("NOT()"), [""]);
        // Multiplied out, at most one past what a search plans.
        let many = "(a OR b) (c OR d) (e OR f) (g OR h) (i OR j) (k OR l) (m OR n)";
        assert_eq!(read(many).len(), MAX_EXPANDED_ALTERNATIVES);
    }

    #[test]
    fn a_tilde_after_a_phrase_lets_its_words_move() {
        let phrase = |text: &str, slop: u32| Clause {
            kind: ClauseKind::Phrase(text.into(), slop),
            ..word("")
        };
        assert_eq!(
            parse_query(r#""border police"~3 "a b"~ "c d"~99 "e f"~2x -"g h"~1"#),
            vec![
                phrase("border police", 3),
                phrase("a b", 2),
                phrase("c d", MAX_PHRASE_SLOP),
                phrase("e f", 0),
                word("~2x"),
                Clause {
                    negated: true,
                    ..phrase("g h", 1)
                },
            ]
        );
        // `^N` weighs a word or a phrase; a caret before anything but a
        // number stays in the word.
        assert_eq!(
            parse_query(r#"police^2 "border police"~1^3.5 x^ y^-1 z^1000 w~1^2"#),
            vec![
                Clause {
                    boost: 2.0,
                    ..word("police")
                },
                Clause {
                    boost: 3.5,
                    ..phrase("border police", 1)
                },
                word("x^"),
                word("y^-1"),
                Clause {
                    boost: MAX_BOOST,
                    ..word("z")
                },
                Clause {
                    boost: 2.0,
                    ..word("w")
                },
            ]
        );
        // A fuzzy word of other engines is the word; a tilde alone stays.
        assert_eq!(
            parse_query("trainng~1 police~ ~ x~~ title:firearms~2"),
            vec![
                word("trainng"),
                word("police"),
                word("~"),
                word("x~~"),
                Clause {
                    field: Some(TextField::Title),
                    ..word("firearms")
                },
            ]
        );
    }

    #[test]
    fn a_weight_after_a_group_weighs_its_words() {
        assert_eq!(
            alternatives("(firearms OR cybercrime)^2 training"),
            ["firearms^2 training", "cybercrime^2 training"]
        );
        assert_eq!(
            alternatives("country:(Albania OR Kosovo)^2 training"),
            ["country:Albania training", "country:Kosovo training"]
        );
        assert_eq!(
            alternatives("(a^3 OR \"b c\")^2 AND d"),
            ["a^3 AND d", "\"b c\"^2 AND d"]
        );
        assert_eq!(alternatives("(a OR b)~ c"), ["a c", "b c"]);
        assert_eq!(alternatives("a)^2 b"), ["a b"]);
    }

    #[test]
    fn a_weight_is_set_apart_from_its_word_while_values_are_joined() {
        assert_eq!(weight_apart("2022^2"), ("2022", "^2"));
        assert_eq!(weight_apart("2022~1^2"), ("2022", "~1^2"));
        assert_eq!(weight_apart("2022~"), ("2022", "~"));
        assert_eq!(weight_apart("police^abc"), ("police^abc", ""));
        assert_eq!(weight_apart("police)^2^3"), ("police)", "^2^3"));
        assert_eq!(weight_apart("^2"), ("^2", ""));
        assert_eq!(weight_apart("x~~"), ("x~~", ""));
        // Put back where it stood: a weight typed apart stays apart.
        assert_eq!(
            words_outside_quotes("date:24 March 2022^2 firearms ^2 (police~)"),
            ["date:\"24 March 2022\"^2", "firearms", "^2", "(police~)"]
        );
        assert_eq!(
            words_outside_quotes("a\u{E000}b date:24 March 2022^2"),
            ["a\u{E000}b", "date:24", "March", "2022^2"]
        );
    }

    #[test]
    fn counts_edits() {
        assert_eq!(edit_distance("podgoricca", "podgorica", 2), 1);
        assert_eq!(edit_distance("firarm", "firearm", 2), 1);
        assert_eq!(edit_distance("abc", "xyz", 1), 2);
    }

    /// The search box and the search read one rule for the words a
    /// filter's value runs on over: a word typed alone is plain when the
    /// clause the search reads from it is.
    #[test]
    fn the_box_and_the_search_share_the_plain_word_rule() {
        for word in ["Kingdom", "Po*", "what?", "16.4", "Crna"] {
            assert!(is_plain_word(word), "{word}");
            assert!(
                parse_query(word).iter().all(Clause::is_plain_word),
                "{word}"
            );
        }
        for word in [
            "Kingdom^2",
            "-Kingdom",
            "title:Kingdom",
            "country:Kosovo",
            "location:Vienna",
            "\"United Kingdom\"",
            "(Kingdom",
            "OR",
            "AND",
            "NOT",
            "||",
            "&&",
        ] {
            assert!(!is_plain_word(word), "{word}");
        }
    }
}
