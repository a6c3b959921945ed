//! Donors: the funders that an entry's funding sentences name.
//!
//! A funding sentence holds a trigger (`funded by`, `with the financial support
//! of`, `supported by`, …). The donors are the countries and donor bodies named
//! between the trigger and the end of the sentence, or an earlier stop
//! (`in cooperation with`, `for activities …`, a verb such as `organised`).
//! A country named by its adjective counts when a body of its state follows
//! (`the German Government`, `the British Embassy`), and a funder also comes
//! before `-funded` (`a Swiss-funded project`) or `funding` (`with EU funding`).

use std::sync::LazyLock;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};
use memchr::memmem::Finder;

use crate::extract::gazetteer::{Gazetteer, Kind, Mention, country_of_word};
use crate::text::is_word_char;

/// Triggers that always mean money.
const FUNDING_TRIGGERS: [&str; 35] = [
    "co-funded by",
    "with funds from",
    "with funds provided by",
    "financial contributions of",
    "financial contributions from",
    "generous contributions of",
    "generous contributions from",
    "co-financed by",
    "funded by",
    "financed by",
    "sponsored by",
    "with funding from",
    "with the funding from",
    "with the funding of",
    "funding from",
    "co-funding from",
    "funding provided by",
    "financial support of",
    "financial support from",
    "financial support provided by",
    "financial support by",
    "financially supported by",
    "financial assistance of",
    "financial assistance from",
    "financial assistance provided by",
    "grant from",
    "generous contribution of",
    "generous contribution from",
    "financial contribution of",
    "financial contribution from",
    "donor organization of",
    "donor organisation of",
    "generous support of",
    "generous support from",
    "generous support provided by",
];

/// Triggers that mean money unless what follows is the host country's own
/// authority (`supported by the Ministry of Interior of Montenegro` at an
/// event in Montenegro is institutional support).
const SUPPORTED_BY_TRIGGERS: [&str; 1] = ["supported by"];

/// Triggers that mean money only for a foreign body that is not co-organising
/// (the labelling rules' "judgement call").
const SUPPORT_TRIGGERS: [&str; 15] = [
    "with the support of",
    "thanks to the support of",
    "thanks to the support from",
    "thanks to support of",
    "thanks to support from",
    "with support from",
    "with the support from",
    "with support of",
    "support provided by",
    "kind support of",
    "kind support from",
    // `UNODC thanks the donors, Germany and Norway, for their generous
    // support`: the funders the text calls its donors, though not the
    // host country's authorities among those it reports to.
    "the donors",
    "its donors",
    "our donors",
    "their donors",
];

/// Triggers that mean money when a funder follows at once: `through
/// contributions from Germany, the Netherlands and the United Kingdom`, not
/// `with contributions from experts from Serbia`.
const CONTRIBUTION_TRIGGERS: [&str; 2] = ["contributions from", "contribution from"];

/// Triggers written after the funder: `a Swiss-funded project`, `an
/// EU-financed action`, `with German funding`, `the U.S. Government funded
/// the training`.
const AFTER_FUNDER_TRIGGERS: [&str; 12] = [
    "-funded",
    "-financed",
    "funding",
    " funded the",
    " funded this",
    " funds the",
    " funds this",
    " financed the",
    " financed this",
    " has funded",
    " have funded",
    " has financed",
];

/// Triggers written after a funder that is the subject of its clause and
/// not the host country: `SDC supported the training`, `The EU supported
/// this project`; not `officers from Albania supported the training`.
const SUPPORT_AFTER_FUNDER_TRIGGERS: [&str; 2] = [" supported the", " supported this"];

/// What a trigger says of the names that go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TriggerClass {
    Funding,
    SupportedBy,
    Support,
    Contribution,
    AfterFunder,
    SupportAfterFunder,
}

/// The class of the trigger numbered `index` in [`triggers`].
fn trigger_class(index: usize) -> TriggerClass {
    let supported_by = FUNDING_TRIGGERS.len();
    let support = supported_by + SUPPORTED_BY_TRIGGERS.len();
    let contribution = support + SUPPORT_TRIGGERS.len();
    let after_funder = contribution + CONTRIBUTION_TRIGGERS.len();
    let support_after_funder = after_funder + AFTER_FUNDER_TRIGGERS.len();
    if index < supported_by {
        TriggerClass::Funding
    } else if index < support {
        TriggerClass::SupportedBy
    } else if index < contribution {
        TriggerClass::Support
    } else if index < after_funder {
        TriggerClass::Contribution
    } else if index < support_after_funder {
        TriggerClass::AfterFunder
    } else {
        TriggerClass::SupportAfterFunder
    }
}

/// Every trigger, in the order of [`trigger_class`]: patterns of the
/// gazetteer's automaton ([`Kind::DonorTrigger`] numbers them in this order),
/// so that one scan of an entry finds names and triggers alike.
pub fn triggers() -> impl Iterator<Item = &'static str> {
    FUNDING_TRIGGERS
        .iter()
        .chain(&SUPPORTED_BY_TRIGGERS)
        .chain(&SUPPORT_TRIGGERS)
        .chain(&CONTRIBUTION_TRIGGERS)
        .chain(&AFTER_FUNDER_TRIGGERS)
        .chain(&SUPPORT_AFTER_FUNDER_TRIGGERS)
        .copied()
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

/// Lower-case words that go on a list of funders after `,` or `and`:
/// `Germany, the United Kingdom, and Norway`, `the UK, as well as the
/// Government of Romania`, `the EU and its Member States`.
const LIST_WORDS: [&str; 11] = [
    "the", "and", "as", "both", "by", "from", "of", "its", "their", "other", "also",
];

/// Where a clause after the funders starts: `,` or `and` followed by a
/// lower-case word that no list of funders goes on with (`, brought`, `,
/// implemented`, `and administered`), or by a subject and its verb (`,
/// the training gathered`, `, UNODC trained`), with the text from that word.
fn clause_after_funders(span: &str) -> Option<(usize, &str)> {
    memchr::memchr3_iter(b',', b';', b' ', span.as_bytes()).find_map(|at| {
        let c = span.as_bytes()[at];
        let join = match c {
            b',' | b';' => 1,
            _ if span[at..].starts_with(" and ") => " and".len(),
            _ => return None,
        };
        let rest = span[at + join..].trim_start_matches(' ');
        if c == b';' {
            return Some((at, rest));
        }
        let (word, after) = first_word(rest);
        // `With funding from Japan, UNODC trained …`, `…, the training
        // gathered …`: the sentence goes on after the funding phrase.
        if word == "UNODC" || word == "the" {
            let (next, _) = first_word(after);
            let is_subject = next.starts_with(char::is_lowercase) && next != "former";
            return is_subject.then_some((at, if word == "UNODC" { after } else { rest }));
        }
        let is_clause = word.starts_with(char::is_lowercase) && !LIST_WORDS.contains(&word);
        is_clause.then_some((at, rest))
    })
}

/// The first word of `text` and the text after it and its spaces.
fn first_word(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '-'))
        .unwrap_or(text.len());
    (&text[..end], text[end..].trim_start_matches(' '))
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
    // `funded by the EU, brought together participants from Albania`: a
    // clause after the funders ends them.
    if let Some((at, next)) = clause_after_funders(span)
        && at < stop
    {
        stop = at;
        organised = ["organi", "co-organi", "hosted", "held"]
            .iter()
            .any(|verb| next.starts_with(verb));
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

/// The names of a state's bodies that may follow a country's adjective in a
/// funding sentence: `the German Government`, `the British Embassy`, `the
/// Norwegian Ministry of Foreign Affairs`, `the Swiss Confederation`.
const STATE_BODIES: [&str; 15] = [
    "Government",
    "government",
    "Embassy",
    "embassy",
    "Ministry",
    "Federal",
    "Confederation",
    "Development Agency",
    "Development Cooperation",
    "Department",
    "State Secretariat",
    "Foreign Office",
    "Presidency",
    "Permanent Mission",
    "Cooperation Office",
];

/// The country an adjective names (`German`, `Swiss`, `British`), from
/// `data/country-words.tsv`. A word in capitals there is an ISO code
/// (`GBR`), which no sentence uses as an adjective.
fn country_of_adjective(word: &str) -> Option<&'static str> {
    let starts_capitalised = word.chars().next().is_some_and(char::is_uppercase);
    let has_lowercase = word.chars().any(char::is_lowercase);
    if !(starts_capitalised && has_lowercase) {
        return None;
    }
    country_of_word(word)
}

/// The countries named by adjective before a state body in `span` (`funded
/// by the German Government`).
fn adjective_donors(span: &str) -> Vec<&'static str> {
    let mut found = Vec::new();
    let mut offset = 0;
    for word in span.split(' ') {
        let after = span.get(offset + word.len() + 1..).unwrap_or("");
        offset += word.len() + 1;
        // `Inter-American` is no adjective of a country; `(German` is.
        let bare = word.trim_start_matches(['(', '“', '"']);
        if !bare.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let body_follows = STATE_BODIES
            .iter()
            .any(|body| after.starts_with(body) && !after[body.len()..].starts_with(is_word_char));
        if body_follows && let Some(country) = country_of_adjective(bare) {
            found.push(country);
        }
    }
    found
}

/// The funder written right before a trigger that ends at `before`'s end
/// (`EU` in `EU-funded`, `German` in `German funding`): a country or donor
/// the scan found there, else a country's adjective.
fn funder_before(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    end: usize,
) -> Option<(String, usize)> {
    let named = mentions.iter().find_map(|m| {
        let name = match m.kind {
            Kind::Country(id) => &gazetteer.countries[id],
            Kind::Donor(id) => &gazetteer.donors[id],
            _ => return None,
        };
        (m.end == end).then(|| (name.clone(), m.start))
    });
    if named.is_some() {
        return named;
    }
    let before = &text[..end];
    let word_len: usize = before
        .chars()
        .rev()
        .take_while(|&c| is_word_char(c))
        .map(char::len_utf8)
        .sum();
    let start = end - word_len;
    // `Inter-American`: the word is the end of a longer one.
    if before[..start].ends_with(is_word_char) || before[..start].ends_with('-') {
        return None;
    }
    let country = country_of_adjective(&before[start..])?;
    Some((country.to_string(), start))
}

/// Words that put a funder and `funding` after them in a funding phrase:
/// `with German funding`, `through EU funding`, `thanks to Swiss funding`.
const BEFORE_FUNDER_FUNDING: [&str; 4] = ["with", "through", "thanks to", "by"];

/// Whether a funder after `lead` opens its clause, as the subject of what
/// follows it: at the start of a sentence or a bracket, after `the`, or
/// named as a state's (`the Government of Norway`), not `officers from Albania`.
fn is_subject_position(lead: &str) -> bool {
    let lead = lead.trim_end_matches([' ', '“', '"']);
    let lead = ["the", "The"]
        .iter()
        .find_map(|article| {
            lead.strip_suffix(article)
                .filter(|rest| !rest.ends_with(is_word_char))
        })
        .map_or(lead, |rest| rest.trim_end_matches(' '));
    lead.is_empty() || lead.ends_with(['.', '\n', ':', ';', '(', ',']) || names_state_body(lead)
}

/// Whether `lead` ends in a body of a state before its country: `the
/// Government of`, `the Embassy of the`.
fn names_state_body(lead: &str) -> bool {
    [" of", " of the"].iter().any(|of| {
        lead.strip_suffix(of).is_some_and(|body| {
            STATE_BODIES
                .iter()
                .any(|name| body.strip_suffix('s').unwrap_or(body).ends_with(name))
        })
    })
}

/// The donor a trigger written after its funder names (`Swiss-funded`, `with
/// EU funding`). With `subject_only` (`supported the`) the funder must be
/// the subject of its clause.
fn donor_before_trigger(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    trigger: &Mention,
    subject_only: bool,
) -> Option<String> {
    let trigger_text = &text[trigger.start..trigger.end];
    if trigger_text.starts_with('-') {
        return funder_before(gazetteer, text, mentions, trigger.start).map(|(d, _)| d);
    }
    // The funder as the subject: `Germany funded the training`, `The U.S.
    // Government funded the training`, `The Swiss Agency for Development and
    // Cooperation (SDC) funded the training`.
    if trigger_text.starts_with(' ') {
        let before = &text[..trigger.start];
        let found = match before.strip_suffix(')') {
            Some(inside) => {
                // The acronym in the brackets, else the name before them.
                let open = inside.rfind('(')?;
                funder_before(gazetteer, text, mentions, inside.len()).or_else(|| {
                    let name = text[..open].strip_suffix(' ')?;
                    funder_before(gazetteer, text, mentions, name.len())
                })
            }
            None => {
                let end = ["Government", "government"]
                    .iter()
                    .find_map(|body| before.strip_suffix(body)?.strip_suffix(' '))
                    .map_or(trigger.start, str::len);
                funder_before(gazetteer, text, mentions, end)
            }
        };
        return found
            .filter(|&(_, start)| {
                !subject_only
                    || is_subject_position(&text[..start])
                        && names_a_body(text, mentions, start, trigger.start)
            })
            .map(|(donor, _)| donor);
    }
    // `funding`: a space, the funder, and a word that makes it the means.
    let end = text[..trigger.start].strip_suffix(' ')?.len();
    let (donor, start) = funder_before(gazetteer, text, mentions, end)?;
    let lead = text[..start].trim_end_matches([' ', '“', '"']);
    let led = lead.len() < start
        && BEFORE_FUNDER_FUNDING.iter().any(|word| {
            lead.len()
                .checked_sub(word.len())
                .and_then(|at| lead.get(at..))
                .is_some_and(|tail| tail.eq_ignore_ascii_case(word))
                && !lead[..lead.len() - word.len()].ends_with(is_word_char)
        });
    led.then_some(donor)
}

/// The funder written right before a `donor organization of` that starts at
/// `at`: `LCIF, the donor organization of …`, `the Lions Clubs
/// International Foundation (LCIF) as donor organisation of …`, `the
/// Government of Japan (donor organization of …)`.
fn donor_named_before(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    at: usize,
) -> Option<String> {
    let mut before = text[..at].trim_end_matches(' ');
    if let Some(rest) = ["the", "a", "an"].iter().find_map(|article| {
        before
            .strip_suffix(article)
            .filter(|rest| !rest.ends_with(is_word_char))
    }) {
        before = rest.trim_end_matches(' ');
    }
    let before = before
        .strip_suffix(" as")
        .or_else(|| before.strip_suffix(','))
        .or_else(|| before.strip_suffix('('))?
        .trim_end_matches(' ');
    let named = |end: usize| funder_before(gazetteer, text, mentions, end).map(|(d, _)| d);
    match before.strip_suffix(')') {
        // The acronym in the brackets, else the name before them.
        Some(inside) => named(inside.len()).or_else(|| {
            let open = inside.rfind('(')?;
            named(text[..open].trim_end_matches(' ').len())
        }),
        None => named(before.len()),
    }
}

/// Whether the funder written from byte `start` to `end` of `text` names a
/// donor body (`SDC`, `the EU`, `Sida`) or a body of a state (`the German
/// Government`, `the Embassy of Sweden`), not a country alone: at a
/// regional meeting, `Serbia supported the roadmap` backs a plan, it does
/// not fund it.
fn names_a_body(text: &str, mentions: &[Mention], start: usize, end: usize) -> bool {
    let lead = text[..start].trim_end_matches(' ');
    mentions
        .iter()
        .any(|m| m.start >= start && m.end <= end && matches!(m.kind, Kind::Donor(_)))
        || STATE_BODIES
            .iter()
            .any(|body| text[start..end].contains(body))
        || names_state_body(lead.strip_suffix(" the").unwrap_or(lead))
}

/// Whether a country after `before` is the country of a place the funding
/// sentence names (`funded by the EU in Berlin, Germany`; `by the Embassy of
/// the Netherlands in Belgrade, Serbia`) or the country a fund is for (`the
/// Instrument for Pre-accession Assistance for Serbia`), not a funder.
fn is_country_of_a_place(before: &str) -> bool {
    // `… through the Instrument for Pre-accession Assistance (IPA) for Serbia`:
    // the country a fund is for.
    if before.ends_with(" for ") || before.ends_with(" for the ") {
        return true;
    }
    let Some(head) = before.strip_suffix(", ") else {
        return false;
    };
    let Some(at) = head.rfind(" in ") else {
        return false;
    };
    let place = &head[at + " in ".len()..];
    !place.is_empty()
        && place.split(' ').all(|word| {
            word.chars().next().is_some_and(char::is_uppercase) || ["the", "of"].contains(&word)
        })
}

/// Whether the text from `start` names a funder first (`Germany, …`, `the
/// Government of Japan`, `the German Government`), not people (`experts from …`).
fn opens_with_funder(text: &str, mentions: &[Mention], start: usize) -> bool {
    let rest = text[start..].trim_start_matches(' ');
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let at = text.len() - rest.len();
    let named = mentions
        .iter()
        .any(|m| m.start == at && matches!(m.kind, Kind::Country(_) | Kind::Donor(_)));
    let first_name = rest.split([',', ';', '.']).next().unwrap_or("");
    named || rest.starts_with("Government") || !adjective_donors(first_name).is_empty()
}

/// Where a second funder starts when the funders' span ends at `end` on
/// ` to ` and the words after it, up to ` and `, name what the money went to:
/// `the support of the Government of Norway to the Regional Programme and the
/// Embassy of Sweden`. Only an embassy (`the Embassy of Sweden`, `the Swedish
/// Embassy`) or a donor body (`the EU`, `SDC`) counts there, since a
/// government or a ministry after `and` is as likely a second recipient
/// (`to the Ministry of Interior and the Government of Serbia`).
fn second_funder_after_recipient(text: &str, mentions: &[Mention], end: usize) -> Option<usize> {
    let after_to = end + " to ".len();
    let recipient = text.get(end..)?.strip_prefix(" to ")?;
    let recipient = &recipient[..sentence_end(text, after_to) - after_to];
    let and = recipient.find(" and ")?;
    // A list or a new clause before `and` is no single recipient.
    if recipient[..and].contains([',', ';', '(']) {
        return None;
    }
    let next = after_to + and + " and ".len();
    let rest = text[next..].strip_prefix("the ").unwrap_or(&text[next..]);
    let at = text.len() - rest.len();
    let donor_body = mentions
        .iter()
        .any(|m| m.start == at && matches!(m.kind, Kind::Donor(_)));
    let is_embassy = |words: &str| words.starts_with("Embassy") || words.starts_with("Embassies");
    let (word, after_word) = first_word(rest);
    let embassy =
        is_embassy(rest) || (country_of_adjective(word).is_some() && is_embassy(after_word));
    (donor_body || embassy).then_some(next)
}

/// The donors an entry names, canonical and sorted. `mentions` is the gazetteer
/// scan of `text`.
pub fn extract_donors(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    event_countries: &[String],
) -> Vec<String> {
    let mut donors: Vec<String> = Vec::new();
    // Leftmost-longest: where triggers nest (`co-funded by` holds `funded by`)
    // the longer one is taken; nested triggers end at the same place, so the
    // span after them is the same.
    for trigger in mentions {
        let Kind::DonorTrigger(index) = trigger.kind else {
            continue;
        };
        let class = trigger_class(index);
        if class == TriggerClass::AfterFunder {
            donors.extend(donor_before_trigger(
                gazetteer, text, mentions, trigger, false,
            ));
            continue;
        }
        if class == TriggerClass::SupportAfterFunder {
            // The host country supporting its own training is institutional.
            let donor = donor_before_trigger(gazetteer, text, mentions, trigger, true)
                .filter(|donor| !event_countries.contains(donor));
            donors.extend(donor);
            continue;
        }
        // `LCIF, the donor organization of the programme`: the funder before.
        if text[trigger.start..trigger.end]
            .get(.."donor organi".len())
            .is_some_and(|lead| lead.eq_ignore_ascii_case("donor organi"))
        {
            donors.extend(donor_named_before(gazetteer, text, mentions, trigger.start));
        }
        let start = trigger.end;
        let (end, organised) = span_end(text, start);
        if class == TriggerClass::Support && organised {
            continue;
        }
        if class == TriggerClass::Contribution && !opens_with_funder(text, mentions, start) {
            continue;
        }
        // `… of the Government of Norway to the project and the Embassy of
        // Sweden`: a second funder after what the first one's money went to.
        let after_recipient = second_funder_after_recipient(text, mentions, end)
            .map(|next| (next, span_end(text, next)))
            .filter(|&(_, (_, organised))| !(class == TriggerClass::Support && organised))
            .map(|(next, (next_end, _))| (next, next_end));
        for (start, end) in std::iter::once((start, end)).chain(after_recipient) {
            let named = mentions
                .iter()
                .filter(|m| m.start >= start && m.end <= end)
                .filter_map(|mention| match mention.kind {
                    Kind::Country(id) if !is_country_of_a_place(&text[start..mention.start]) => {
                        Some(gazetteer.countries[id].clone())
                    }
                    Kind::Donor(id) => Some(gazetteer.donors[id].clone()),
                    _ => None,
                });
            let by_adjective = adjective_donors(&text[start..end])
                .into_iter()
                .map(str::to_string);
            for donor in named.chain(by_adjective) {
                // Support of a host-country authority is institutional, not funding.
                if class != TriggerClass::Funding && event_countries.contains(&donor) {
                    continue;
                }
                donors.push(donor);
            }
        }
    }
    donors.sort();
    donors.dedup();
    donors
}

#[cfg(test)]
mod tests {
    use crate::extract::parse_bulletin_bytes;

    /// The donors of a one-entry bulletin whose entry is a training in
    /// `place` followed by `funding`, the funding sentence.
    fn donors_of(place: &str, funding: &str) -> Vec<String> {
        let text = format!(
            "UNODC trains officers\n22-24 March 2022, {place}: UNODC held a training.\n{funding}\n"
        );
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", text.as_bytes());
        assert_eq!(records.len(), 1, "{text}");
        records[0].donors.clone()
    }

    #[test]
    fn funding_wordings_of_other_bulletins_name_their_donors() {
        let montenegro = "Podgorica, Montenegro";
        for (funding, expected) in [
            (
                "The training was funded by the Governments of Germany and the United Kingdom.",
                vec!["Germany", "United Kingdom"],
            ),
            (
                "It was made possible by funding provided by the Government of Norway.",
                vec!["Norway"],
            ),
            (
                "The training was sponsored by the Government of Italy.",
                vec!["Italy"],
            ),
            (
                "The training was held with the financial assistance of Japan.",
                vec!["Japan"],
            ),
            (
                "It was made possible through a grant from the Government of Liechtenstein.",
                vec!["Liechtenstein"],
            ),
            (
                "It was held thanks to the support of Norway.",
                vec!["Norway"],
            ),
            (
                "It was held thanks to support from the Government of Norway.",
                vec!["Norway"],
            ),
            (
                "It was held thanks to generous support of Sweden.",
                vec!["Sweden"],
            ),
            (
                "It was held with funds from the Government of Japan.",
                vec!["Japan"],
            ),
            (
                "It was made possible by financial contributions from Germany and the Netherlands.",
                vec!["Germany", "Netherlands"],
            ),
            (
                "It was made possible through contributions from Germany, the Netherlands and the United Kingdom.",
                vec!["Germany", "Netherlands", "United Kingdom"],
            ),
            (
                "It was held with contributions from experts from Serbia and Albania.",
                vec![],
            ),
            (
                "The activity is supported by the U.S. Department of State's Bureau of International Narcotics and Law Enforcement Affairs (INL).",
                vec!["United States"],
            ),
        ] {
            assert_eq!(donors_of(montenegro, funding), expected, "{funding}");
        }
    }

    /// LABELING.md, donors, "Who counts": the wording "donor organization
    /// of" names a funder; the funder is written before it as often as
    /// after it (`LCIF, the donor organization of the programme`).
    #[test]
    fn a_donor_organization_is_named_on_either_side_of_the_wording() {
        let montenegro = "Podgorica, Montenegro";
        let lcif = vec!["Lions Clubs International Foundation"];
        for funding in [
            "The Lions Clubs International Foundation (LCIF), the donor organization of the Lions Quest programme, attended.",
            "Representatives of LCIF, donor organization of the LQSFA programme, attended.",
            "UNODC thanked the Lions Clubs International Foundation as the donor organisation of the programme.",
            "The Lions Clubs International Foundation (donor organization of the programme) attended.",
            "The meeting was attended by the donor organization of the programme, Lions Clubs International Foundation (LCIF).",
        ] {
            assert_eq!(donors_of(montenegro, funding), lcif, "{funding}");
        }
        assert_eq!(
            donors_of(
                montenegro,
                "The Government of Japan, a donor organization of the project, attended."
            ),
            vec!["Japan"]
        );
    }

    #[test]
    fn a_country_named_by_its_adjective_funds() {
        let montenegro = "Podgorica, Montenegro";
        for (funding, expected) in [
            (
                "The training was funded by the German Government.",
                vec!["Germany"],
            ),
            (
                "It was held with the financial support of the British Embassy in Podgorica.",
                vec!["United Kingdom"],
            ),
            (
                "It was funded by the Norwegian Ministry of Foreign Affairs.",
                vec!["Norway"],
            ),
            ("It is a Swiss-funded training.", vec!["Switzerland"]),
            (
                "It is part of an EU-funded project.",
                vec!["European Union"],
            ),
            ("It was held with German funding.", vec!["Germany"]),
            (
                "The U.S. Government funded the training.",
                vec!["United States"],
            ),
            ("Norway has funded the training since 2020.", vec!["Norway"]),
            ("The German government funds this project.", vec!["Germany"]),
            // The implementer paying for a part is no donor.
            (
                "UNODC funded the participation of officers from Albania.",
                vec![],
            ),
            // Quoted, after a character of several bytes.
            ("It was held with “EU funding”.", vec!["European Union"]),
            ("It was held with “funding” and an “-funded” one.", vec![]),
            // Funding named, but not this activity's: no donor.
            ("Participants discussed EU funding opportunities.", vec![]),
            // Not a country's adjective: the Inter-American Development Bank.
            (
                "It was funded by the Inter-American Development Bank.",
                vec![],
            ),
        ] {
            assert_eq!(donors_of(montenegro, funding), expected, "{funding}");
        }
    }

    /// The labelling rules: a national agency of X is X, so a filter on the
    /// country finds what its agencies fund.
    #[test]
    fn a_national_agency_is_its_country() {
        for (funding, expected) in [
            ("The training was funded by USAID.", "United States"),
            (
                "It was funded by the Swiss Agency for Development and Cooperation (SDC).",
                "Switzerland",
            ),
            ("The training was funded by Sida.", "Sweden"),
        ] {
            assert_eq!(
                donors_of("Podgorica, Montenegro", funding),
                vec![expected],
                "{funding}"
            );
        }
    }

    /// A donor named by its acronym, as the subject of `funded`, `financed`
    /// or `supported`, funds.
    #[test]
    fn a_donor_acronym_as_the_subject_funds() {
        let montenegro = "Podgorica, Montenegro";
        for (funding, expected) in [
            ("SDC funded the training.", vec!["Switzerland"]),
            (
                "The Swiss Agency for Development and Cooperation (SDC) funded the training.",
                vec!["Switzerland"],
            ),
            ("USAID financed the training.", vec!["United States"]),
            ("The EU supported the training.", vec!["European Union"]),
            ("Sida supported this project.", vec!["Sweden"]),
            // The host country's own support is institutional.
            (
                "The Government of Montenegro supported the training.",
                vec![],
            ),
            // Not the subject: people from a country.
            ("Officers from Albania supported the training.", vec![]),
            // A country alone that supports a plan at a regional meeting
            // backs it; a donor body or a state body funds.
            (
                "At the meeting, Serbia supported the regional roadmap.",
                vec![],
            ),
            ("Germany supported the training.", vec![]),
            (
                "The German Government supported the training.",
                vec!["Germany"],
            ),
            (
                "The Embassy of Sweden supported the training.",
                vec!["Sweden"],
            ),
        ] {
            assert_eq!(donors_of(montenegro, funding), expected, "{funding}");
        }
    }

    /// A second donor after `and` in a support phrase funds too.
    #[test]
    fn a_second_donor_after_and_funds() {
        let montenegro = "Podgorica, Montenegro";
        for (funding, expected) in [
            (
                "The training was held thanks to the support of the Government of Norway and the Embassy of Sweden.",
                vec!["Norway", "Sweden"],
            ),
            (
                "It was held thanks to the support of the Government of Norway to the Regional Programme and the Embassy of Sweden.",
                vec!["Norway", "Sweden"],
            ),
            (
                "It was funded by Norway to the Border Police and the Swedish Embassy.",
                vec!["Norway", "Sweden"],
            ),
            (
                "It was funded by Norway to the Border Police and the EU.",
                vec!["European Union", "Norway"],
            ),
            // Second recipients, not funders.
            (
                "It was funded by Norway to the Border Police and the Ministry of Interior of Serbia.",
                vec!["Norway"],
            ),
            (
                "It was funded by the EU to Serbia and Montenegro.",
                vec!["European Union"],
            ),
        ] {
            assert_eq!(donors_of(montenegro, funding), expected, "{funding}");
        }
    }

    /// A country named as where something is, in a funding sentence, funds nothing.
    #[test]
    fn the_country_of_a_place_in_a_funding_sentence_is_no_donor() {
        assert_eq!(
            donors_of(
                "Berlin, Germany",
                "The meeting was funded by the European Union in Berlin, Germany."
            ),
            vec!["European Union"]
        );
        assert_eq!(
            donors_of(
                "Podgorica, Montenegro",
                "It was funded by the Embassy of the Netherlands in Belgrade, Serbia."
            ),
            vec!["Netherlands"]
        );
    }

    /// What follows the funders in their sentence names no funder.
    #[test]
    fn countries_after_the_funders_are_no_donors() {
        let montenegro = "Podgorica, Montenegro";
        for (funding, expected) in [
            (
                "The training, funded by the EU, brought together participants from Albania, Serbia and Kosovo*.",
                vec!["European Union"],
            ),
            (
                "The project is funded by the EU, implemented by UNODC and OSCE.",
                vec!["European Union"],
            ),
            (
                "The training was funded by the EU; participants came from Albania.",
                vec!["European Union"],
            ),
            (
                "It was funded by Norway and administered by the Government of Albania.",
                vec!["Norway"],
            ),
            (
                "It was funded by the European Union through the Instrument for Pre-accession Assistance (IPA) for Serbia.",
                vec!["European Union"],
            ),
            (
                "With financial support from Japan, UNODC trained 20 officers from Albania.",
                vec!["Japan"],
            ),
            (
                "Financed by the EU and Germany, the training gathered officers from Serbia.",
                vec!["European Union", "Germany"],
            ),
            // A list of funders goes on.
            (
                "It was funded by the Governments of Germany, France, and Norway, as well as the EU and its Member States.",
                vec!["European Union", "France", "Germany", "Norway"],
            ),
        ] {
            assert_eq!(donors_of(montenegro, funding), expected, "{funding}");
        }
        // Co-organisers stay co-organisers when a comma comes first.
        assert_eq!(
            donors_of(
                montenegro,
                "UNODC, with the support of Austria and France, organised the training."
            ),
            Vec::<String>::new()
        );
    }

    /// Support from the host country's own authority is institutional.
    #[test]
    fn the_host_country_supporting_its_own_training_is_no_donor() {
        assert_eq!(
            donors_of(
                "Podgorica, Montenegro",
                "The training was supported by the Ministry of Interior of Montenegro."
            ),
            Vec::<String>::new()
        );
        // A foreign body supporting it is.
        assert_eq!(
            donors_of(
                "Podgorica, Montenegro",
                "The training was supported by the Government of Austria."
            ),
            vec!["Austria"]
        );
    }

    /// LABELING.md, donors, "Who counts": a funder that the text says
    /// funds the activity, as the typical wordings "with (generous) support
    /// from" and "donor organization of" say; the funders the text calls
    /// its donors and thanks for their generous support are such funders.
    /// "Not donors": a host-country authority named among them.
    #[test]
    fn the_donors_thanked_for_their_support_fund() {
        let albania = "Tirana, Albania";
        for (funding, expected) in [
            (
                "UNODC thanks the donors, Germany and Norway, for their generous support.",
                vec!["Germany", "Norway"],
            ),
            (
                "UNODC is grateful to its donors Germany and the European Union for their support.",
                vec!["European Union", "Germany"],
            ),
            // Donors named by no name are none.
            (
                "UNODC thanks the donors for their generous support.",
                vec![],
            ),
            (
                "UNODC thanks the donors, partners and officers from Serbia for their support.",
                vec![],
            ),
            // The host country's authority is no donor.
            (
                "The results were presented to the donors, the Government of Albania and the partners.",
                vec![],
            ),
        ] {
            assert_eq!(donors_of(albania, funding), expected, "{funding}");
        }
    }
}
