//! Donors: the funders that an entry's funding sentences name.
//!
//! A funding sentence holds a trigger (`funded by`, `with the financial support
//! of`, `supported by`, …). The donors are the countries and donor bodies named
//! between the trigger and the end of the sentence, or an earlier stop
//! (`in cooperation with`, `for activities …`, a verb such as `organised`).

use std::sync::OnceLock;

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem::Finder;

use crate::extract::gazetteer::{Gazetteer, Kind, Mention};

/// Triggers that always mean money.
const FUNDING_TRIGGERS: [&str; 21] = [
    "co-funded by",
    "co-financed by",
    "funded by",
    "financed by",
    "with funding from",
    "with the funding from",
    "funding from",
    "co-funding from",
    "financial support of",
    "financial support from",
    "financial support provided by",
    "financially supported by",
    "generous contribution of",
    "generous contribution from",
    "financial contribution of",
    "financial contribution from",
    "donor organization of",
    "donor organisation of",
    "supported by",
    "generous support of",
    "generous support from",
];

/// Triggers that mean money only for a foreign body that is not co-organising
/// (the labelling rules' "judgement call").
const SUPPORT_TRIGGERS: [&str; 3] = [
    "with the support of",
    "with support from",
    "with the support from",
];

/// Every trigger, funding then support: patterns of the gazetteer's automaton
/// ([`Kind::DonorTrigger`] numbers them in this order), so that one scan of an
/// entry finds names and triggers alike.
pub fn triggers() -> impl Iterator<Item = &'static str> {
    FUNDING_TRIGGERS.iter().chain(&SUPPORT_TRIGGERS).copied()
}

/// Where a funding span ends before its sentence does.
const STOPS: [&str; 16] = [
    " in cooperation with",
    " in partnership with",
    " in collaboration with",
    " and implemented",
    " and conducted",
    " and organi",
    " and delivered",
    " organi",
    " hosted",
    " held ",
    " to ",
    " which ",
    " aimed",
    " within ",
    " targeting",
    " under ",
];

/// Byte offset where the sentence containing `from` ends.
pub fn sentence_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from;
    while at < bytes.len() {
        match bytes[at] {
            b'\n' => return at,
            b'.' if bytes.get(at + 1).is_none_or(|b| b.is_ascii_whitespace()) => {
                let word = text[..at].rsplit([' ', '\n']).next().unwrap_or("");
                let abbreviation = word.contains('.') || word.chars().count() <= 1;
                if !abbreviation {
                    return at;
                }
            }
            _ => {}
        }
        at += 1;
    }
    bytes.len()
}

/// Where the funding span that starts at `start` ends, and whether it ended at
/// a verb saying the named parties organised the event.
fn span_end(text: &str, start: usize) -> (usize, bool) {
    let end = sentence_end(text, start);
    let span = &text[start..end];
    let mut stop = span.len();
    let mut organised = false;
    static STOP_AUTOMATON: OnceLock<AhoCorasick> = OnceLock::new();
    let stops = STOP_AUTOMATON.get_or_init(|| {
        AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(STOPS)
            .expect("stop markers form a valid automaton")
    });
    // The leftmost marker is the earliest stop.
    if let Some(found) = stops.find(span) {
        let marker = STOPS[found.pattern().as_usize()];
        stop = found.start();
        organised =
            marker.contains("organi") || marker.contains("hosted") || marker.contains("held");
    }
    // `… the Government of Romania for activities targeting …`: a lowercase `for` ends the funders.
    static FOR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" for "));
    if let Some(at) = FOR.find_iter(span.as_bytes()).find(|&at| {
        span[at + 5..]
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
    }) && at < stop
    {
        stop = at;
        organised = false;
    }
    (start + stop, organised)
}

/// The donors an entry names, canonical and sorted. `mentions` is the gazetteer
/// scan of `text`.
pub fn extract_donors(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    event_countries: &[String],
) -> Vec<String> {
    let mut spans: Vec<(usize, usize, bool)> = Vec::new();
    // Leftmost-longest: where triggers nest (`co-funded by` holds `funded by`)
    // the longer one is taken; nested triggers end at the same place, so the
    // span after them is the same.
    for mention in mentions {
        let Kind::DonorTrigger(trigger) = mention.kind else {
            continue;
        };
        let start = mention.end;
        let (end, organised) = span_end(text, start);
        let plain_support = trigger >= FUNDING_TRIGGERS.len();
        if !(plain_support && organised) {
            spans.push((start, end, plain_support));
        }
    }
    let mut donors: Vec<String> = Vec::new();
    for (start, end, plain_support) in spans {
        for mention in mentions.iter().filter(|m| m.start >= start && m.end <= end) {
            let donor = match mention.kind {
                Kind::Country(id) => gazetteer.countries[id].clone(),
                Kind::Donor(id) => gazetteer.donors[id].clone(),
                _ => continue,
            };
            // Support "of" a host-country authority is institutional, not funding.
            if plain_support && event_countries.contains(&donor) {
                continue;
            }
            donors.push(donor);
        }
    }
    donors.sort();
    donors.dedup();
    donors
}
