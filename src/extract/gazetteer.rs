//! The project's knowledge of places, programmes and donors, loaded once from `data/`.
//!
//! Every name the extractor or the analyzer knows lives in the files under
//! `data/` (countries, cities, regions, programmes, donors); this module turns
//! them into lookup tables and into one Aho-Corasick automaton, so an entry's
//! text is scanned for all of them in a single pass.

use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::automaton::Automaton;
use aho_corasick::dfa::DFA;
use aho_corasick::{Anchored, MatchKind};

use crate::text::{is_word_char, latin_lowercase};

const COUNTRIES: &str = include_str!("../../data/countries.tsv");
const CITIES: &str = include_str!("../../data/cities.tsv");
const REGIONS: &str = include_str!("../../data/regions.txt");
const PROGRAMMES: &str = include_str!("../../data/programmes.tsv");
const DONORS: &str = include_str!("../../data/donors.tsv");

/// A city the gazetteer knows, with its country and other spellings.
#[derive(Debug, Clone)]
pub struct City {
    pub name: String,
    pub country: String,
    pub aliases: Vec<String>,
}

/// A programme of the registry: canonical name, name triggers, acronyms.
#[derive(Debug, Clone)]
pub struct Programme {
    pub name: String,
    pub triggers: Vec<String>,
    pub acronyms: Vec<String>,
}

/// What a pattern of the automaton stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A country name or alias (index into `countries`); matched case-sensitively.
    Country(usize),
    /// A region name: consumes the text so no country is read inside it.
    Region,
    /// A phrase that names no country although it holds one (a sub-national entity).
    NotACountry,
    /// A programme name trigger (index into `programmes`); case-insensitive.
    Programme(usize),
    /// A programme acronym (index into `programmes`); case-sensitive.
    ProgrammeAcronym(usize),
    /// A donor body that is not a country (index into `donors`); case-sensitive.
    Donor(usize),
    /// `UNODC`, which may lead a programme's name (`the UNODC Global
    /// Maritime Crime Programme`); case-sensitive.
    Unodc,
    /// A funding sentence's trigger (`funded by`; index into
    /// [`donor::triggers`](crate::extract::donor::triggers)); case-insensitive.
    /// In the same automaton as the names, so an entry is scanned once.
    DonorTrigger(usize),
}

/// One match of the automaton in a text, on word boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mention {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Countries, cities, regions, programmes and donors, with their matchers.
#[derive(Debug)]
pub struct Gazetteer {
    pub countries: Vec<String>,
    pub cities: Vec<City>,
    pub programmes: Vec<Programme>,
    pub donors: Vec<String>,
    regions: Vec<String>,
    country_by_key: FxHashMap<String, usize>,
    /// A donor's names and aliases (`SDC`, `USAID`), by [`place_key`].
    donor_by_key: FxHashMap<String, usize>,
    city_by_key: FxHashMap<String, usize>,
    region_by_key: FxHashMap<String, usize>,
    /// Built on the first scan: a search only looks names up, and building
    /// the DFA would be most of a cold search's time.
    automaton: OnceLock<DFA>,
    patterns: Vec<(String, Kind, bool)>,
    /// For a pattern, the later patterns of the same letters in another
    /// case (`SIDA` after `Sida`): the automaton, blind to case, reports
    /// only the first, and a name that must match its case is then looked
    /// for among these.
    twins: FxHashMap<usize, Vec<usize>>,
}

/// Whether the text after a country's name makes it a currency's:
/// `US dollars`, `U.S. Dollars`, `US$ 500`, `Singapore dollars`.
fn is_currency(after: &str) -> bool {
    [" dollar", " Dollar", "$", " $"]
        .iter()
        .any(|word| after.starts_with(word))
}

/// Countries whose name is also a given name: `Chad Smith said` names a
/// person, not Chad.
const GIVEN_NAME_COUNTRIES: [&str; 5] = ["Chad", "Georgia", "India", "Israel", "Jordan"];

/// Capitalised words that go on a country's name in the name of one of its
/// bodies or places (`Jordan Armed Forces`, `Georgia Border Police`), so no
/// surname.
const NAME_GOES_ON: [&str; 40] = [
    "Agency",
    "Airport",
    "Airways",
    "Armed",
    "Army",
    "Authorities",
    "Authority",
    "Border",
    "Central",
    "Coast",
    "Council",
    "Country",
    "Court",
    "Customs",
    "Delegation",
    "Department",
    "Directorate",
    "Embassy",
    "Federal",
    "Financial",
    "Government",
    "Institute",
    "Intelligence",
    "Investigation",
    "Ministry",
    "Mission",
    "National",
    "Office",
    "Parliament",
    "Police",
    "Post",
    "Prosecution",
    "Prosecutor",
    "Public",
    "Republic",
    "River",
    "Security",
    "State",
    "Tax",
    "University",
];

/// Whether the country name at `text[start..end]` is a person's given name:
/// one of [`GIVEN_NAME_COUNTRIES`], then one space and a capitalised word
/// that reads as a surname (`Chad Smith`), not a body's name going on
/// (`Jordan Police`, or three capitalised words: `Israel Defense Forces`),
/// a place the gazetteer knows, `Chad's` or `Chad, Smith`.
/// In a line in title case (`Training in Jordan Tackles Trafficking`) a
/// capitalised word says nothing, and the name stays the country's.
fn is_persons_name(gazetteer: &Gazetteer, text: &str, start: usize, end: usize) -> bool {
    if !GIVEN_NAME_COUNTRIES.contains(&&text[start..end]) {
        return false;
    }
    let Some(after) = text[end..].strip_prefix(' ') else {
        return false;
    };
    let word_len = after
        .find(|c: char| !(is_word_char(c) || c == '-' || c == '\''))
        .unwrap_or(after.len());
    let word = &after[..word_len];
    let mut chars = word.chars();
    let surname_like = chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.clone().next().is_some()
        && chars.all(|c| !c.is_uppercase());
    if !surname_like || NAME_GOES_ON.contains(&word) || gazetteer.is_known_place(word) {
        return false;
    }
    // `Israel Defense Forces`, `Georgia Revenue Service`: a third
    // capitalised word makes a body's or a place's name, not a person's.
    let mut next = after[word_len..].strip_prefix(' ').unwrap_or("").chars();
    if next.next().is_some_and(char::is_uppercase) && next.next().is_some_and(char::is_lowercase) {
        return false;
    }
    // The name and surname judged are capitalised either way: only the
    // words around them say whether the line is a title.
    let (line_start, line_end) = line_around(text, start);
    let around = [
        text.get(line_start..start),
        text.get(end + 1 + word_len..line_end),
    ];
    !is_title_case(around.into_iter().flatten())
}

/// The bounds of the sentence or line of `text` that holds byte `at`: from
/// the last `.`, `:`, `;` or line break before it to the next.
fn line_around(text: &str, at: usize) -> (usize, usize) {
    let is_bound = |b: &u8| matches!(b, b'.' | b':' | b';' | b'\n');
    let bytes = text.as_bytes();
    let line_start = bytes[..at].iter().rposition(is_bound).map_or(0, |b| b + 1);
    let line_end = bytes[at..]
        .iter()
        .position(is_bound)
        .map_or(bytes.len(), |b| at + b);
    (line_start, line_end)
}

/// Whether a line or sentence, given in pieces, reads as a title in title
/// case: more than twice as many capitalised words as lower-case ones,
/// among words of four letters or more.
fn is_title_case<'a>(pieces: impl IntoIterator<Item = &'a str>) -> bool {
    let (mut capitalised, mut lower) = (0usize, 0usize);
    for word in pieces
        .into_iter()
        .flat_map(|piece| piece.split(|c: char| !is_word_char(c)))
    {
        if word.len() < 4 {
            continue;
        }
        match word.chars().next() {
            Some(c) if c.is_uppercase() => capitalised += 1,
            Some(c) if c.is_lowercase() => lower += 1,
            _ => {}
        }
    }
    capitalised > 2 * lower
}

/// Words after which a country written in capitals, in a line of prose, is
/// the country (`officers in MONTENEGRO`); in a heading in capitals, one of
/// them shows the heading is words, not a list of acronyms.
const WORDS_BEFORE_A_PLACE: [&str; 16] = [
    "in",
    "from",
    "of",
    "to",
    "for",
    "with",
    "at",
    "on",
    "between",
    "across",
    "throughout",
    "including",
    "within",
    "into",
    "towards",
    "and",
];

/// Whether a country name written wholly in capitals at `text[start..end]`
/// (`ALBANIA`, `NORTH MACEDONIA`) names the country. English text writes a
/// country with a capital and lower case; in capitals it may be an acronym
/// (`CHAD`), so it counts only where words show it is a name: in a line
/// without a lower-case letter that holds a short word from
/// [`WORDS_BEFORE_A_PLACE`] besides the name (`UNODC TRAINS BORDER POLICE
/// IN ALBANIA`, `ALBANIA: NEW LAW ON FIREARMS`), or in prose right after
/// such a word, `and` aside (`officers in MONTENEGRO`), or after a country
/// already found with only `, `, `and` or `&` between (`from Albania and
/// MONTENEGRO`, `from NORTH MACEDONIA, ALBANIA and SERBIA`). Never when a
/// `-`, `/`, `_` or `.` joins it to another word (`UNODC-CHAD`), nor in
/// brackets in prose (`Coalition … (CHAD)`). `earlier` holds the mentions
/// found before it.
fn names_country_in_capitals(text: &str, start: usize, end: usize, earlier: &[Mention]) -> bool {
    let written = &text[start..end];
    if written.chars().any(char::is_lowercase) || !written.chars().any(char::is_uppercase) {
        return false;
    }
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let joined = |c: Option<char>| c.is_some_and(|c| matches!(c, '-' | '/' | '_' | '.'));
    if joined(before) && text[..start].chars().nth_back(1).is_some_and(is_word_char)
        || joined(after) && text[end..].chars().nth(1).is_some_and(is_word_char)
    {
        return false;
    }
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let line = &text[line_start..line_end];
    if !line.chars().any(char::is_lowercase) {
        let words_outside = text[line_start..start]
            .split(|c: char| !is_word_char(c))
            .chain(text[end..line_end].split(|c: char| !is_word_char(c)));
        return words_outside.filter(|word| !word.is_empty()).any(|word| {
            WORDS_BEFORE_A_PLACE
                .iter()
                .any(|w| w.eq_ignore_ascii_case(word))
        });
    }
    if before == Some('(') && after == Some(')') {
        return false;
    }
    // In a list with a country found just before it.
    let gap = earlier
        .last()
        .filter(|m| matches!(m.kind, Kind::Country(_)) && m.end <= start)
        .map(|m| text[m.end..start].trim());
    if gap.is_some_and(|gap| matches!(gap, "," | "and" | "AND" | "&" | ", and" | ", AND")) {
        return true;
    }
    // Right after a preposition, with nothing but a space between.
    let preceding = text[line_start..start].trim_end_matches(' ');
    if preceding.len() == text[line_start..start].len() {
        return false;
    }
    let word = preceding
        .rsplit(|c: char| !is_word_char(c))
        .next()
        .unwrap_or("");
    word != "and"
        && word != "AND"
        && WORDS_BEFORE_A_PLACE
            .iter()
            .any(|w| w.eq_ignore_ascii_case(word))
}

/// The gazetteer built from `data/`, shared by every caller.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZETTEER: OnceLock<Gazetteer> = OnceLock::new();
    GAZETTEER.get_or_init(Gazetteer::from_data)
}

/// Lines of a data file without comments and blanks, split on tabs.
const COUNTRY_WORDS: &str = include_str!("../../data/country-words.tsv");

/// The country a filter value names by a word the text never uses as its
/// name (`Macedonian`, `MNE`, `Crna Gora`, `Holland`; `data/country-words.tsv`).
/// The reader uses these only where a dateline writes its country
/// (`Podgorica, Crna Gora`): `Albanian police` does not mention Albania.
pub fn country_of_word(typed: &str) -> Option<&'static str> {
    static WORDS: OnceLock<FxHashMap<String, &'static str>> = OnceLock::new();
    WORDS
        .get_or_init(|| {
            data_rows(COUNTRY_WORDS)
                .filter_map(|row| match row.as_slice() {
                    [word, country, ..] => Some((place_key(word), *country)),
                    _ => None,
                })
                .collect()
        })
        .get(&place_key(typed))
        .copied()
}

/// The other names a filter reads as this place (`value`, a country or a
/// city as the index holds it): a country's aliases and the words of
/// `data/country-words.tsv` (`Crna Gora`, `Kosovar`), a city's local
/// spellings (`Prishtinë`, `Shkup`).
pub fn other_names_of_place(value: &str) -> Vec<&'static str> {
    static COUNTRY_NAMES: OnceLock<HashMap<String, Vec<&'static str>>> = OnceLock::new();
    let by_country = COUNTRY_NAMES.get_or_init(|| {
        let mut names: HashMap<String, Vec<&'static str>> = HashMap::new();
        for row in data_rows(COUNTRY_WORDS) {
            if let [word, country, ..] = row.as_slice() {
                names.entry(place_key(country)).or_default().push(*word);
            }
        }
        for country in gazetteer().country_names() {
            if let Some((name, others)) = country.split_first() {
                names
                    .entry(place_key(name))
                    .or_default()
                    .extend(others.iter().copied());
            }
        }
        names
    });
    let key = place_key(value);
    let mut names: Vec<&'static str> = by_country.get(&key).cloned().unwrap_or_default();
    if let Some(city) = gazetteer().city(value)
        && place_key(&city.name) == key
    {
        names.extend(city.aliases.iter().map(String::as_str));
    }
    names
}

fn data_rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(|line| line.split('\t').collect())
}

fn alternatives(field: Option<&&str>) -> Vec<String> {
    field
        .map(|field| {
            field
                .split('|')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// Sub-national entities: names that hold a country's name but name no
/// country (the labelling rules' "sub-national entities").
const SUB_NATIONAL_ENTITIES: [&str; 9] = [
    "Federation of Bosnia and Herzegovina",
    "Federation of BiH",
    "Republika Srpska",
    "Brčko District",
    "Brcko District",
    "Brčko District of Bosnia and Herzegovina",
    "Brcko District of Bosnia and Herzegovina",
    "Brčko District of BiH",
    "Brcko District of BiH",
];

/// Whether a name is a sub-national entity (`Republika Srpska`), in any
/// case and with or without diacritics.
pub fn is_sub_national_entity(name: &str) -> bool {
    // The entities' keys, folded once: folding `Brčko` decomposes it, and
    // datelines ask this of every piece of every place.
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| SUB_NATIONAL_ENTITIES.iter().map(|e| place_key(e)).collect());
    let key = place_key(name);
    keys.contains(&key)
}

/// Words that make a dateline's name a venue, not a place
/// (`Hotel Continental`, `Congress Centre`, `University of Skopje`,
/// `Ministry of Interior`).
const VENUE_WORDS: [&str; 14] = [
    "hotel",
    "centre",
    "center",
    "hall",
    "palace",
    "university",
    "ministry",
    "academy",
    "embassy",
    "headquarters",
    "premises",
    "building",
    "house",
    "office",
];

/// Whether a name is a venue's: it holds a word of [`VENUE_WORDS`], in any
/// case, and the gazetteer knows no place or country by it.
pub fn is_venue_name(name: &str) -> bool {
    name.split(|c: char| !c.is_alphanumeric())
        .any(|word| VENUE_WORDS.iter().any(|v| v.eq_ignore_ascii_case(word)))
        && !gazetteer().is_known_place(name)
        && gazetteer().country(name).is_none()
}

/// Signs that mark a footnote after a name (`Kosovo*`, `Kosovo¹`, `Kosovo†`).
const FOOTNOTE_SIGNS: [char; 14] = [
    '*', '∗', '†', '‡', '¹', '²', '³', '⁰', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹',
];

/// The length of the footnote mark that `after`, the text right after a
/// name, opens with, when a word does not go on after it: signs
/// (`*`, `**`, `¹`, `†`), a bracketed number (`[1]`), or one or two digits
/// (`Kosovo1`, a superscript saved as text). 0 when there is none.
pub fn footnote_mark_len(after: &str) -> usize {
    let signs = after.len() - after.trim_start_matches(FOOTNOTE_SIGNS).len();
    let len = if signs > 0 {
        signs
    } else if let Some(inner) = after.strip_prefix('[') {
        let digits = inner.len() - inner.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if (1..=2).contains(&digits) && inner[digits..].starts_with(']') {
            digits + 2
        } else {
            0
        }
    } else {
        let digits = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits <= 2 { digits } else { 0 }
    };
    let word_goes_on = after[len..].chars().next().is_some_and(is_word_char);
    if word_goes_on { 0 } else { len }
}

/// `name` without the footnote mark it ends with (`Kosovo` of `Kosovo*`,
/// `Kosovo¹`, `Kosovo[1]` or `Kosovo1`); digits count as a mark only right
/// after a letter.
fn without_footnote_mark(name: &str) -> &str {
    let name = name.trim_end_matches(FOOTNOTE_SIGNS);
    let name = match name.strip_suffix(']').and_then(|n| n.rsplit_once('[')) {
        Some((head, number))
            if (1..=2).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit()) =>
        {
            head
        }
        _ => name,
    };
    let head = name.trim_end_matches(|c: char| c.is_ascii_digit());
    let digits = name.len() - head.len();
    if (1..=2).contains(&digits) && head.ends_with(char::is_alphabetic) {
        head
    } else {
        name
    }
}

/// An abbreviation of single letters joined by full stops, written
/// without its last stop (`U.S`, `U.K`, `U.S.A`), with it (`U.S.`), as a
/// name is written in the gazetteer; `None` for any other word.
pub fn with_last_stop(word: &str) -> Option<String> {
    let abbreviation = word.contains('.')
        && word.split('.').all(|part| {
            let mut letters = part.chars();
            letters.next().is_some_and(char::is_alphabetic) && letters.next().is_none()
        });
    abbreviation.then(|| format!("{word}."))
}

/// `name` without the `the ` it opens with (repeated), then without the
/// `The ` (repeated): what `trim_start_matches("the ")` and then
/// `trim_start_matches("The ")` give, without building a substring searcher
/// for each of the many names a dateline's pieces are keyed by.
fn trim_leading_article(name: &str) -> &str {
    let mut name = name;
    while let Some(rest) = name.strip_prefix("the ") {
        name = rest;
    }
    while let Some(rest) = name.strip_prefix("The ") {
        name = rest;
    }
    name
}

/// The lookup key of a place name: diacritics folded, lower-cased, footnote marks dropped.
pub fn place_key(name: &str) -> String {
    let trimmed = trim_leading_article(without_footnote_mark(name.trim())).trim();
    let mut key = String::with_capacity(trimmed.len());
    if trimmed.is_ascii() {
        key.push_str(trimmed);
        key.make_ascii_lowercase();
        if key.contains('`') {
            key = key.replace('`', "'");
        }
        return key;
    }
    // Serbian and Macedonian Cyrillic is keyed by its Latin spelling, so
    // that `Мостар` is `Mostar`.
    // A no-break space (`North\u{a0}Macedonia`) or another space is a space.
    key.extend(latin_lowercase(trimmed).chars().map(|c| match c {
        '’' | '`' => '\'',
        c if c.is_whitespace() => ' ',
        c => c,
    }));
    key
}

/// The leftmost-longest match of `dfa` in `haystack` that starts at `from`
/// or after: its pattern, start and end. What `AhoCorasick::find_iter`
/// finds next from `from`, walking the DFA as its search loop does
/// (`try_find_fwd`), with no prefilter and no pattern that is empty.
#[inline(never)]
fn leftmost_longest(dfa: &DFA, haystack: &[u8], from: usize) -> Option<(usize, usize, usize)> {
    let mut sid = dfa
        .start_state(Anchored::No)
        .expect("the gazetteer DFA searches unanchored");
    let mut at = from;
    let mut found = None;
    while let Some((next, after)) = next_special(dfa, haystack, sid, at) {
        if dfa.is_dead(next) {
            break;
        }
        if dfa.is_match(next) {
            found = Some((next, after));
        }
        (sid, at) = (next, after);
    }
    let (sid, end) = found?;
    let pattern = dfa.match_pattern(sid, 0);
    Some((pattern.as_usize(), end - dfa.pattern_len(pattern), end))
}

/// The first special state (dead or match: without a prefilter no start
/// state is special) that `dfa` enters from state `sid` reading
/// `haystack[at..]`, and the offset after the byte that entered it.
/// Four bytes a step, which spares most of the loop's own work per byte.
#[inline(always)]
fn next_special(
    dfa: &DFA,
    haystack: &[u8],
    mut sid: aho_corasick::automaton::StateID,
    mut at: usize,
) -> Option<(aho_corasick::automaton::StateID, usize)> {
    let mut quads = haystack[at..].chunks_exact(4);
    for quad in &mut quads {
        sid = dfa.next_state(Anchored::No, sid, quad[0]);
        if dfa.is_special(sid) {
            return Some((sid, at + 1));
        }
        sid = dfa.next_state(Anchored::No, sid, quad[1]);
        if dfa.is_special(sid) {
            return Some((sid, at + 2));
        }
        sid = dfa.next_state(Anchored::No, sid, quad[2]);
        if dfa.is_special(sid) {
            return Some((sid, at + 3));
        }
        sid = dfa.next_state(Anchored::No, sid, quad[3]);
        at += 4;
        if dfa.is_special(sid) {
            return Some((sid, at));
        }
    }
    for &byte in quads.remainder() {
        sid = dfa.next_state(Anchored::No, sid, byte);
        at += 1;
        if dfa.is_special(sid) {
            return Some((sid, at));
        }
    }
    None
}

impl Gazetteer {
    fn from_data() -> Self {
        let mut countries = Vec::new();
        let mut country_by_key = FxHashMap::default();
        let mut patterns: Vec<(String, Kind, bool)> = Vec::new();
        for row in data_rows(COUNTRIES) {
            let id = countries.len();
            let name = row[0].to_string();
            for alias in std::iter::once(name.clone()).chain(alternatives(row.get(1))) {
                country_by_key.insert(place_key(&alias), id);
                patterns.push((alias, Kind::Country(id), true));
            }
            countries.push(name);
        }
        let mut cities = Vec::new();
        let mut city_by_key = FxHashMap::default();
        for row in data_rows(CITIES) {
            let id = cities.len();
            let city = City {
                name: row[0].to_string(),
                country: row.get(1).map(|s| s.to_string()).unwrap_or_default(),
                aliases: alternatives(row.get(2)),
            };
            city_by_key.insert(place_key(&city.name), id);
            for alias in &city.aliases {
                city_by_key.insert(place_key(alias), id);
            }
            cities.push(city);
        }
        let mut regions = Vec::new();
        let mut region_by_key = FxHashMap::default();
        for row in data_rows(REGIONS) {
            region_by_key.insert(place_key(row[0]), regions.len());
            patterns.push((row[0].to_string(), Kind::Region, true));
            regions.push(row[0].to_string());
        }
        for phrase in SUB_NATIONAL_ENTITIES {
            patterns.push((phrase.to_string(), Kind::NotACountry, true));
        }
        let mut programmes = Vec::new();
        for row in data_rows(PROGRAMMES) {
            let id = programmes.len();
            let programme = Programme {
                name: row[0].to_string(),
                triggers: alternatives(row.get(1)),
                acronyms: alternatives(row.get(2)),
            };
            for trigger in &programme.triggers {
                patterns.push((trigger.clone(), Kind::Programme(id), false));
            }
            for acronym in &programme.acronyms {
                patterns.push((acronym.clone(), Kind::ProgrammeAcronym(id), true));
            }
            programmes.push(programme);
        }
        let mut donors = Vec::new();
        let mut donor_by_key = FxHashMap::default();
        for row in data_rows(DONORS) {
            let id = donors.len();
            let name = row[0].to_string();
            // A national agency is its country (`SDC` is Switzerland): the
            // country's own name stays a country, found as one.
            let is_country = country_by_key.contains_key(&place_key(&name));
            let own_name = (!is_country).then(|| name.clone());
            for alias in own_name.into_iter().chain(alternatives(row.get(1))) {
                donor_by_key.entry(place_key(&alias)).or_insert(id);
                patterns.push((alias, Kind::Donor(id), true));
            }
            donors.push(name);
        }
        patterns.push(("UNODC".to_string(), Kind::Unodc, true));
        for (id, trigger) in crate::extract::donor::triggers().enumerate() {
            patterns.push((trigger.to_string(), Kind::DonorTrigger(id), false));
        }
        let mut first_of: HashMap<String, usize> = HashMap::new();
        let mut twins: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
        for (at, (text, _, _)) in patterns.iter().enumerate() {
            match first_of.entry(text.to_ascii_lowercase()) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    twins.entry(*first.get()).or_default().push(at);
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(at);
                }
            }
        }
        Gazetteer {
            countries,
            cities,
            programmes,
            donors,
            regions,
            country_by_key,
            donor_by_key,
            city_by_key,
            region_by_key,
            automaton: OnceLock::new(),
            patterns,
            twins,
        }
    }

    fn automaton(&self) -> &DFA {
        self.automaton.get_or_init(|| {
            // A DFA costs a little memory once and searches faster than an
            // NFA; [`Gazetteer::scan`] walks it itself. No pattern is empty,
            // so no search matches at its start.
            assert!(self.patterns.iter().all(|(text, _, _)| !text.is_empty()));
            aho_corasick::dfa::Builder::new()
                .match_kind(MatchKind::LeftmostLongest)
                .ascii_case_insensitive(true)
                .prefilter(false)
                .build(self.patterns.iter().map(|(text, _, _)| text.as_str()))
                .expect("gazetteer patterns form a valid automaton")
        })
    }

    /// Every name of the gazetteer in `text`, leftmost-longest, on word boundaries.
    /// Case-sensitive names (countries, acronyms) must match their case exactly.
    pub fn scan(&self, text: &str) -> Vec<Mention> {
        // The text as written, line breaks and all, for rules that read lines.
        let as_written = text;
        // A name split over two lines (`Global Firearms` / `Programme`) is
        // still the name: line breaks read as spaces, which keeps every offset.
        let mut joined = String::new();
        let text = if memchr::memchr(b'\n', text.as_bytes()).is_some() {
            joined.reserve(text.len());
            let mut copied = 0;
            for at in memchr::memchr_iter(b'\n', text.as_bytes()) {
                joined.push_str(&text[copied..at]);
                joined.push(' ');
                copied = at + 1;
            }
            joined.push_str(&text[copied..]);
            joined.as_str()
        } else {
            text
        };
        let bytes = text.as_bytes();
        // About one name in 100 bytes of a bulletin's text: room for them
        // spares growing the list several times an entry.
        let mut mentions = Vec::with_capacity(text.len() / 64);
        let dfa = self.automaton();
        let mut from = 0;
        while let Some((first, start, end)) = leftmost_longest(dfa, bytes, from) {
            from = end;
            // A name that opens with a letter or digit must open a word.
            // Checked first, as the cheapest test: the patterns of the same
            // letters in another case (its twins, below) open with the same
            // kind of character, so it rejects whichever of them is chosen.
            let before = text[..start].chars().next_back();
            let word_start = self.patterns[first]
                .0
                .chars()
                .next()
                .is_some_and(is_word_char);
            if word_start && before.is_some_and(is_word_char) {
                continue;
            }
            let written = &text[start..end];
            let at = match &self.patterns[first] {
                (pattern, _, true) if pattern != written => {
                    // Another pattern of the same letters, in this case?
                    let twin = self.twins.get(&first).and_then(|twins| {
                        twins.iter().copied().find(|&twin| {
                            let (text, _, case_sensitive) = &self.patterns[twin];
                            !*case_sensitive || text == written
                        })
                    });
                    match twin {
                        Some(twin) => twin,
                        None if matches!(self.patterns[first].1, Kind::Country(_))
                            && names_country_in_capitals(as_written, start, end, &mentions) =>
                        {
                            first
                        }
                        None => continue,
                    }
                }
                _ => first,
            };
            let (pattern, kind, _) = &self.patterns[at];
            let mut end = end;
            // A programme's plural names it too: `the AIRCOP and Container Control Programmes`.
            if matches!(kind, Kind::Programme(_))
                && text[end..].starts_with('s')
                && !text[end + 1..].starts_with(is_word_char)
            {
                end += 1;
            }
            let after = text[end..].chars().next();
            let word_end = pattern.chars().next_back().is_some_and(is_word_char);
            // `Kosovo¹`, `Kosovo1`: a footnote mark after a country's name
            // does not make it part of a longer word (looked for only where
            // a word goes on).
            if word_end
                && after.is_some_and(is_word_char)
                && !(matches!(kind, Kind::Country(_)) && footnote_mark_len(&text[end..]) > 0)
            {
                continue;
            }
            // A currency (`US dollars`, `US$ 500`) or a person (`Chad Smith
            // said`) is no mention of the country.
            if matches!(kind, Kind::Country(_))
                && (is_currency(&text[end..]) || is_persons_name(self, as_written, start, end))
            {
                continue;
            }
            // "U.S." must not swallow the full stop of "the US." at a sentence end.
            debug_assert!(end <= bytes.len());
            mentions.push(Mention {
                kind: *kind,
                start,
                end,
            });
        }
        mentions
    }

    /// The donor a name or alias of `data/donors.tsv` names, in any case
    /// (`SDC` and `sdc` are Switzerland, `EC` the European Union).
    pub fn donor_named(&self, typed: &str) -> Option<&str> {
        let id = self.donor_by_key.get(&place_key(typed))?;
        self.donors.get(*id).map(String::as_str)
    }

    /// The canonical country for a name or alias (`Kosovo*`, `Türkiye`, `BiH`).
    pub fn country(&self, name: &str) -> Option<&str> {
        self.country_id_by_key(&place_key(name))
            .or_else(|| {
                // `U.S` is `U.S.`: an abbreviation without its last stop.
                with_last_stop(name).and_then(|name| self.country_id_by_key(&place_key(&name)))
            })
            .map(|id| self.countries[id].as_str())
    }

    /// Every name of each country that has more than one, its own first
    /// (`United Kingdom`, `UK`, `U.K.`, `Great Britain`, …).
    pub fn country_names(&self) -> Vec<Vec<&str>> {
        let mut names: Vec<Vec<&str>> = self.countries.iter().map(|c| vec![c.as_str()]).collect();
        for (name, kind, _) in &self.patterns {
            if let Kind::Country(id) = kind
                && !names[*id].contains(&name.as_str())
            {
                names[*id].push(name);
            }
        }
        names.retain(|n| n.len() > 1);
        names
    }

    /// The country whose [`place_key`] is `key`.
    fn country_id_by_key(&self, key: &str) -> Option<usize> {
        // `Kosovo under UNSCR 1244`, `… under UN Security Council
        // Resolution 1244`, `… under UNSCR 1244/99`.
        // A byte search (memchr) finds the first ` under ` as `split_once`
        // does, without building a substring searcher for each key.
        let key = match memchr::memmem::find(key.as_bytes(), b" under ") {
            Some(at) if memchr::memmem::find(&key.as_bytes()[at + 7..], b"1244").is_some() => {
                &key[..at]
            }
            _ => key,
        };
        self.country_by_key.get(key).copied()
    }

    /// The city a name or local spelling stands for.
    /// The keys a city is known by (its English and local names, folded
    /// and lower-cased: `belgrade`, `beograd`).
    pub fn city_keys(&self) -> impl Iterator<Item = &str> {
        self.city_by_key.keys().map(String::as_str)
    }

    pub fn city(&self, name: &str) -> Option<&City> {
        self.city_by_key
            .get(&place_key(name))
            .map(|&id| &self.cities[id])
    }

    /// The name a city is shown under in facets: the gazetteer's first
    /// spelling (`Priština` and `Prishtinë` are `Pristina`) when it knows the
    /// city in that country, else the city as written.
    pub fn city_display<'a>(&'a self, written: &'a str, country: Option<&str>) -> &'a str {
        match self.city(written) {
            Some(city) if country.is_none_or(|c| c == city.country) => &city.name,
            _ => written,
        }
    }

    /// The region a name stands for, as the data writes it.
    pub fn region(&self, name: &str) -> Option<&str> {
        self.region_id_by_key(&place_key(name))
            .map(|id| self.regions[id].as_str())
    }

    /// The region a place key names, also with the word that says so
    /// after it (`western balkans region`).
    fn region_id_by_key(&self, key: &str) -> Option<usize> {
        self.region_by_key.get(key).copied().or_else(|| {
            let bare = key.strip_suffix(" region")?.trim_end();
            self.region_by_key.get(bare).copied()
        })
    }

    /// Whether the name is a place the gazetteer knows (country, city, region or `online`).
    pub fn is_known_place(&self, name: &str) -> bool {
        // One key for all four lookups: datelines ask this of every segment.
        let key = place_key(name);
        key == "online"
            || self.country_id_by_key(&key).is_some()
            || self.city_by_key.contains_key(&key)
            || self.region_id_by_key(&key).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_country_aliases() {
        let g = gazetteer();
        assert_eq!(g.country("Kosovo*"), Some("Kosovo"));
        assert_eq!(g.country("Kosovo under UNSCR 1244"), Some("Kosovo"));
        assert_eq!(g.country("Türkiye"), Some("Turkey"));
        assert_eq!(
            g.country("the former Yugoslav Republic of Macedonia"),
            Some("North Macedonia")
        );
        assert_eq!(g.country("Republic of Serbia"), Some("Serbia"));
        assert_eq!(g.country("Atlantis"), None);
    }

    #[test]
    fn scan_respects_case_and_word_boundaries() {
        let g = gazetteer();
        let found: Vec<_> = g
            .scan("Macedonian experts and us met the UK team in North Macedonia")
            .into_iter()
            .filter_map(|m| match m.kind {
                Kind::Country(id) => Some(g.countries[id].as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(found, vec!["United Kingdom", "North Macedonia"]);
    }

    fn countries_in(text: &str) -> Vec<&'static str> {
        let g = gazetteer();
        g.scan(text)
            .into_iter()
            .filter_map(|m| match m.kind {
                Kind::Country(id) => Some(g.countries[id].as_str()),
                _ => None,
            })
            .collect()
    }

    /// A country written wholly in capitals was no mention: `UNODC TRAINS
    /// BORDER POLICE IN ALBANIA`, `officers in MONTENEGRO`. It is one in a
    /// heading in capitals, after a preposition, or in a list with a
    /// country that is one; not in a list of acronyms.
    #[test]
    fn reads_a_country_written_in_capitals_where_it_names_the_country() {
        for (text, expected) in [
            ("UNODC TRAINS BORDER POLICE IN ALBANIA", vec!["Albania"]),
            ("ALBANIA: NEW LAW ON FIREARMS", vec!["Albania"]),
            (
                "Title\nUNODC AND BOSNIA AND HERZEGOVINA SIGN A PLAN",
                vec!["Bosnia and Herzegovina"],
            ),
            ("Officers met in MONTENEGRO last week.", vec!["Montenegro"]),
            (
                "officers from NORTH MACEDONIA, ALBANIA and SERBIA met",
                vec!["North Macedonia", "Albania", "Serbia"],
            ),
            (
                "Experts from Albania and MONTENEGRO met.",
                vec!["Albania", "Montenegro"],
            ),
            (
                "a visit to BiH and to BIH",
                vec!["Bosnia and Herzegovina"; 2],
            ),
        ] {
            assert_eq!(countries_in(text), expected, "{text:?}");
        }
        for text in [
            "UNODC, OSCE, CHAD",
            "UNODC, OSCE, CHAD\nThe partners met.",
            "The partners (UNODC, OSCE and CHAD) met.",
            "Officers were trained by UNODC, OSCE and CHAD.",
            "The CHAD project started.",
            "The Coalition for Health and Development (CHAD) met in Vienna.",
            "Officers in UNODC-CHAD teams met.",
            "Officers met in chad.",
        ] {
            assert!(countries_in(text).is_empty(), "{text:?}");
        }
    }

    /// The DFA walked by [`leftmost_longest`] finds what `find_iter` of the
    /// crate's own search finds: the same patterns at the same offsets, on
    /// the shipped bulletin (as written, in capitals and in lower case) and
    /// on texts of patterns run together, cut and overlapping.
    #[test]
    fn walking_the_dfa_finds_what_find_iter_finds() {
        let g = gazetteer();
        let reference = aho_corasick::AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(g.patterns.iter().map(|(text, _, _)| text.as_str()))
            .unwrap();
        let shipped = crate::extract::shipped::text();
        let mut texts = vec![shipped.to_uppercase(), shipped.to_lowercase(), shipped];
        let mut seed = 7u64;
        for _ in 0..200 {
            let mut text = String::new();
            for _ in 0..40 {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let (pattern, _, _) = &g.patterns[(seed >> 33) as usize % g.patterns.len()];
                let cut = (seed >> 20) as usize % (pattern.len() + 1);
                let piece = match (seed >> 8) % 4 {
                    0 => pattern.as_str(),
                    1 => pattern.get(..cut).unwrap_or(pattern),
                    2 => pattern.get(cut..).unwrap_or(pattern),
                    _ => " ",
                };
                text.push_str(piece);
                if seed.is_multiple_of(3) {
                    text.push(' ');
                }
            }
            texts.push(text);
        }
        for text in &texts {
            let expected: Vec<_> = reference
                .find_iter(text.as_str())
                .map(|m| (m.pattern().as_usize(), m.start(), m.end()))
                .collect();
            let mut walked = Vec::new();
            let mut from = 0;
            while let Some(found) = leftmost_longest(g.automaton(), text.as_bytes(), from) {
                from = found.2;
                walked.push(found);
            }
            assert_eq!(walked, expected, "{text:?}");
            assert!(!expected.is_empty());
        }
    }

    #[test]
    fn city_spellings_meet() {
        let g = gazetteer();
        assert_eq!(
            g.city("Priština").map(|c| c.name.as_str()),
            Some("Pristina")
        );
        assert_eq!(g.city("Beograd").map(|c| c.name.as_str()), Some("Belgrade"));
        assert_eq!(
            g.city("Bijaca").map(|c| c.country.as_str()),
            Some("Bosnia and Herzegovina")
        );
    }
}
