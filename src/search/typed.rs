//! The filters typed into the search box that narrow the whole search, and
//! where each stands in the query, so that the search page can show each as
//! a chip and take it out of the box's text.

use serde::Serialize;

use super::query::{
    Clause, ClauseKind, DateField, FacetField, alternatives, is_quote, parse_query,
    typed_date_values, word_spans,
};
use super::when::{self, DaySpan};
use crate::extract::date::month_number;

/// A `field:value` clause of the query that narrows the whole search:
/// outside any one alternative of an `OR`, or shared by all of them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypedFilter {
    /// The filter's name (`country`, `donor`, `date`, `from`, `to`, …).
    pub field: String,
    /// The value as the search read it, as `resolved` names it
    /// (`United Kingdom` of `donor:United Kingdom`); a date's value as
    /// typed, though read rewritten (`2022-03-24 TO 28 March`, read as
    /// `[2022-03-24 TO "28 March"]`); a group of values
    /// (`country:(Albania OR Kosovo)`) as typed, brackets and all, without
    /// a weight after it (`^2` of `country:(Albania OR Kosovo)^2`).
    pub value: String,
    /// Whether the clause excludes (`-country:Serbia`, `NOT country:Serbia`).
    pub excluded: bool,
    /// The index's values, or the days (`2022-03-01..2022-03-31`), the
    /// value was read as.
    pub read: Vec<String>,
    /// Where the clause starts in the query (its `-` or `NOT` included),
    /// in UTF-16 code units, as JavaScript counts a string's length.
    pub start: usize,
    /// Where the clause ends (a weight or a group's closing bracket
    /// included), in UTF-16 code units.
    pub end: usize,
}

/// One value of a filter clause.
#[derive(Debug, Clone, PartialEq)]
enum Member {
    Facet(FacetField, String),
    Date(DateField, String, DaySpan),
}

impl Member {
    fn field(&self) -> &'static str {
        match self {
            Member::Facet(field, _) => field.name(),
            Member::Date(field, _, _) => field.name(),
        }
    }

    fn value(&self) -> &str {
        match self {
            Member::Facet(_, value) | Member::Date(_, value, _) => value,
        }
    }
}

/// The most words one clause is looked for over (`NOT`, the field, a
/// value of several words).
const MOST_WORDS: usize = 8;

/// The filters of `query` that narrow the whole search. `facets` and
/// `days` are the filters the search kept for every alternative; `join`
/// reads a value of several words as the search does; `resolve` names the
/// index's values a filter value stands for.
pub(super) fn narrowing(
    query: &str,
    facets: &[(FacetField, String, bool)],
    days: &[(DaySpan, bool)],
    join: impl Fn(Vec<Clause>) -> Vec<Clause>,
    resolve: impl Fn(FacetField, &str) -> Vec<String>,
) -> Vec<TypedFilter> {
    // Every filter is a `field:value` clause: a query without a colon types
    // none, and most searches are words alone.
    if !query.contains(':') {
        return Vec::new();
    }
    let chars: Vec<char> = query.chars().collect();
    // Where each character starts in UTF-16 code units (one past the end last).
    let mut units = Vec::with_capacity(chars.len() + 1);
    let mut at = 0;
    for c in &chars {
        units.push(at);
        at += c.len_utf16();
    }
    units.push(at);
    // How deep in brackets each character stands, quotes left out.
    let mut depth = Vec::with_capacity(chars.len());
    let mut level = 0usize;
    let mut quoted = false;
    for &c in &chars {
        depth.push(level);
        match c {
            _ if is_quote(c) => quoted = !quoted,
            '(' if !quoted => level += 1,
            ')' if !quoted => level = level.saturating_sub(1),
            _ => {}
        }
    }
    let words = word_spans(query);
    let text_of = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let top_or = words.iter().any(|&(from, to)| {
        let word = text_of(from, to);
        depth[from] == 0 && (word == "OR" || word == "||")
    });
    let mut found = Vec::new();
    let mut at = 0;
    while at < words.len() {
        let longest = (1..=MOST_WORDS.min(words.len() - at))
            .rev()
            .find_map(|taken| {
                // A run ends with its clause: an operator after it
                // (`country:Albania NOT training`) belongs to what follows.
                let (last_from, last_to) = words[at + taken - 1];
                if matches!(
                    text_of(last_from, last_to).as_str(),
                    "NOT" | "AND" | "OR" | "&&" | "||"
                ) {
                    return None;
                }
                // And starts with it: an operator before it (`firearms AND
                // country:Albania`) joins it to what comes before; `NOT`
                // excludes it, and is the clause's, as `-` is.
                let (first_from, first_to) = words[at];
                if matches!(
                    text_of(first_from, first_to).as_str(),
                    "AND" | "OR" | "&&" | "||"
                ) {
                    return None;
                }
                let (from, to) = balanced(&chars, words[at].0, words[at + taken - 1].1)?;
                let run = text_of(from, to);
                let (members, negated) = read_run(&run, &join)?;
                // Values of their own side by side are chips of their own;
                // a field's group of values (`country:(Albania OR Kosovo)`,
                // `country: (Albania OR Kosovo)`) is one.
                (members.len() == 1 || group_value(&run).is_some())
                    .then_some((taken, from, to, members, negated))
            });
        let Some((taken, from, to, members, negated)) = longest else {
            at += 1;
            continue;
        };
        at += taken;
        let kept = |member: &Member| match member {
            Member::Facet(field, value) => facets.contains(&(*field, value.clone(), negated)),
            Member::Date(_, _, span) => days.contains(&(*span, negated)),
        };
        let alone = members.len() == 1;
        let narrows = members.iter().all(kept) || (!alone && depth[from] == 0 && !top_or);
        let Some(first) = members.first().filter(|_| narrows) else {
            continue;
        };
        let value = if alone {
            // A date clause read rewritten (`date:2022-03-24 TO 28 March`,
            // read as `[2022-03-24 TO "28 March"]`) shows as typed.
            let typed = match first {
                Member::Date(field, read, _) => typed_date_values(&text_of(from, to))
                    .into_iter()
                    .find(|(f, r, _)| f == field && r == read)
                    .map(|(_, _, typed)| typed),
                Member::Facet(..) => None,
            };
            typed.unwrap_or_else(|| first.value().to_string())
        } else {
            let run = text_of(from, to);
            let value = group_value(&run).unwrap_or(run);
            // A weight after the group (`country:(Albania OR Kosovo)^2`)
            // is no part of its value, as it is none of a single value's.
            unweighed_group(&value).to_string()
        };
        let read = members
            .iter()
            .flat_map(|member| match member {
                Member::Facet(field, value) => resolve(*field, value),
                Member::Date(_, _, span) => vec![span.describe()],
            })
            .collect();
        found.push(TypedFilter {
            field: first.field().to_string(),
            value,
            excluded: negated,
            read,
            start: units[from],
            end: units[to],
        });
    }
    found
}

/// The values of a group of one field's values as typed, brackets and
/// all: a field's group (`(Albania OR Kosovo)` of `country:(Albania OR
/// Kosovo)`, a space after the colon or not, as the query language reads
/// it), or a group of clauses of one field, excluded or not, without their
/// field (`(Albania OR Kosovo)` of `NOT(country:Albania OR
/// country:Kosovo)`); `None` for clauses side by side outside brackets.
fn group_value(run: &str) -> Option<String> {
    let bare = run
        .strip_prefix("NOT")
        .map_or(run, str::trim_start)
        .trim_start_matches('-');
    if bare.starts_with('(') {
        let words: Vec<String> = bare
            .split(' ')
            .map(|word| {
                let opening = word.len() - word.trim_start_matches(['(', '-']).len();
                let (head, rest) = word.split_at(opening);
                match rest.split_once(':') {
                    Some((name, value))
                        if !name.is_empty() && name.chars().all(char::is_alphabetic) =>
                    {
                        format!("{head}{value}")
                    }
                    _ => word.to_string(),
                }
            })
            .collect();
        return Some(words.join(" "));
    }
    let (_, value) = run.split_once(':')?;
    // `country:-(Albania OR Kosovo)`: the group excluded, its value the
    // group's.
    let value = value.trim().trim_start_matches('-');
    value.starts_with('(').then(|| value.to_string())
}

/// A group of values without the weight, `~` or comma after its closing bracket
/// (`(Albania OR Kosovo)` of `(Albania OR Kosovo)^2`).
fn unweighed_group(value: &str) -> &str {
    // And without a comma after it (`(Albania OR Kosovo),`).
    let value = value.trim_end_matches([',', ';']);
    match value.rfind(')') {
        Some(close) if value[close + 1..].starts_with(['^', '~']) => &value[..=close],
        _ => value,
    }
}

/// The characters `from..to` without the brackets that open or close
/// around them but not within them (`(country:Albania` of
/// `(country:Albania firearms)`); `None` when they still do not pair,
/// unless the brackets left open close at the end of the query.
fn balanced(chars: &[char], mut from: usize, mut to: usize) -> Option<(usize, usize)> {
    let (mut opens, mut closes) = (0usize, 0usize);
    let mut quoted = false;
    for &c in &chars[from..to] {
        match c {
            _ if is_quote(c) => quoted = !quoted,
            '(' if !quoted => opens += 1,
            ')' if !quoted => closes += 1,
            _ => {}
        }
    }
    while opens > closes && from < to && chars[from] == '(' {
        from += 1;
        opens -= 1;
    }
    while closes > opens && to > from && chars[to - 1] == ')' {
        to -= 1;
        closes -= 1;
    }
    // A group left open at the end of the query closes there, as the
    // search reads it (`country:(Albania OR Kosovo`).
    let at_end = chars[to..].iter().all(|c| c.is_whitespace());
    ((opens == closes || (at_end && opens > closes)) && from < to).then_some((from, to))
}

/// The filter values a run of the query's words reads as, all of one field
/// and all excluding or none, and whether they exclude; `None` when the run
/// holds anything else.
fn read_run(run: &str, join: &impl Fn(Vec<Clause>) -> Vec<Clause>) -> Option<(Vec<Member>, bool)> {
    let mut members: Vec<Member> = Vec::new();
    let mut negated = None;
    for alternative in alternatives(run) {
        for clause in join(parse_query(&alternative)) {
            if clause.field.is_some() || clause.unknown_field.is_some() {
                return None;
            }
            let member = match clause.kind {
                ClauseKind::Facet(field, value) => Member::Facet(field, value),
                ClauseKind::Date(field, value) => match when::date_span(field, &value) {
                    Ok(span) => Member::Date(field, value, span),
                    // `date:March`: every March, as the search reads it.
                    Err(_) if field == DateField::Date && month_number(value.trim()).is_some() => {
                        Member::Facet(FacetField::Month, value)
                    }
                    Err(_) => return None,
                },
                ClauseKind::Word(_) | ClauseKind::Phrase(..) => return None,
            };
            if *negated.get_or_insert(clause.negated) != clause.negated
                || members
                    .first()
                    .is_some_and(|first| first.field() != member.field())
            {
                return None;
            }
            members.push(member);
        }
    }
    let negated = negated?;
    Some((members, negated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_clause_sheds_the_brackets_that_pair_outside_it() {
        let text = chars("(country:Albania firearms)");
        assert_eq!(balanced(&text, 0, 16), Some((1, 16)));
        let text = chars("country:(Crna Gora)");
        assert_eq!(balanced(&text, 0, 19), Some((0, 19)));
        let text = chars("country:(Crna training");
        assert_eq!(balanced(&text, 0, 13), None);
        // Left open at the end of the query, it closes there.
        let text = chars("country:(Crna Gora ");
        assert_eq!(balanced(&text, 0, 18), Some((0, 18)));
        // A bracket inside quotes pairs with nothing.
        let text = chars("country:\u{201C}a (b\u{201D}");
        assert_eq!(balanced(&text, 0, text.len()), Some((0, text.len())));
    }

    #[test]
    fn a_run_reads_as_a_filter_only_when_it_holds_nothing_else() {
        let same = |clauses: Vec<Clause>| clauses;
        let read = |run: &str| read_run(run, &same);
        assert!(matches!(
            read("NOT(country:Albania)"),
            Some((members, true)) if members == [Member::Facet(FacetField::Country, "Albania".into())]
        ));
        assert!(
            matches!(read("country: Montenegro"), Some((members, false)) if members.len() == 1)
        );
        assert!(
            matches!(read("date:2022-03 .. 2022-05"), Some((members, false)) if members.len() == 1)
        );
        assert!(
            matches!(read("country:(Albania OR Kosovo)"), Some((members, false)) if members.len() == 2)
        );
        assert!(read("country:Albania training").is_none());
        assert!(read("country:Albania -country:Kosovo").is_none());
        assert!(read("country:Albania city:Tirana").is_none());
        assert!(read("date:2022-13").is_none());
        assert!(read("training").is_none());
    }
}
