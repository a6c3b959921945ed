//! SDG targets: `Target 16.4`, `Targets 16.2 and 16.4`, `SDG 16.a`, `SDG Target 16.4`,
//! `SDGs 5.2 and 16.1`, `(SDGs) 16.4 and 16.a`, `SDG16.4`, `SDG 16, in particular targets 16.4, 16.5, and 16.a`,
//! a range `SDG targets 16.2–16.4`, an indicator `SDG indicator 16.4.2` (target 16.4).
//! A goal alone (`SDG 16`, `Goal 5`) names no target, nor a number without one
//! of these words before it (`16.4 per cent`, `paragraph 5.2`) is no target.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::text::is_word_char;

// The words a target list follows: `SDG`, `Target`, and `target` in lower
// case too (`SDG 16, in particular targets 16.4 and 16.5`).

/// What joins the targets of a list: `16.2, 16.4, and 16.5`, `5.2/5.3`.
const LIST_JOINS: [&str; 8] = [", and ", ", & ", ", or ", ", ", " and ", " & ", " or ", "/"];

/// Words after a number that make it a quantity, not a target (`target 2.5 million`).
const QUANTITIES: [&str; 6] = [
    "%",
    " per cent",
    " percent",
    " million",
    " billion",
    " thousand",
];

/// How many targets each goal has, in numbers then in letters (goal 16 has
/// 16.1 to 16.10 and 16.a to 16.b): the 169 targets of the global indicator
/// framework (A/RES/71/313). A number past them (`16.12`) is no target.
const TARGETS_PER_GOAL: [(u8, u8); 17] = [
    (5, 2),
    (5, 3),
    (9, 4),
    (7, 3),
    (6, 3),
    (6, 2),
    (3, 2),
    (10, 2),
    (5, 3),
    (7, 3),
    (7, 3),
    (8, 3),
    (3, 2),
    (7, 3),
    (9, 3),
    (10, 2),
    (19, 0),
];

/// The most targets a range names one by one (`16.1–16.10`); a longer one
/// (`17.1–17.19`) reads as its two ends, which are all it writes.
const MAX_RANGE: u8 = 10;

/// What joins the two ends of a range of targets: `16.2–16.4`, `16.2 to 16.4`.
const RANGE_JOINS: [&str; 7] = [" – ", " — ", " - ", "–", "—", "-", " to "];

/// What follows an indicator that no `SDG` led to make it an SDG's:
/// `indicator 16.4.2 of the SDGs`.
const OF_THE_SDGS: [&str; 4] = [
    " of the SDG",
    " of SDG",
    " of the Sustainable Development Goal",
    " of Sustainable Development Goal",
];

/// A target read from the text: its goal, its place in the goal (a number,
/// or a letter counted from `a` = 0), and its length in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Target {
    goal: u8,
    number: Option<u8>,
    letter: Option<u8>,
    len: usize,
}

impl Target {
    fn name(self) -> String {
        match (self.number, self.letter) {
            (Some(n), _) => format!("{}.{n}", self.goal),
            (None, Some(l)) => format!("{}.{}", self.goal, char::from(b'a' + l)),
            (None, None) => self.goal.to_string(),
        }
    }

    /// The targets from `self` to `last`, both written, when they are of one
    /// goal, in order, of one kind and at most [`MAX_RANGE`]; else none.
    fn range_to(self, last: Target) -> Option<impl Iterator<Item = Target>> {
        if self.goal != last.goal {
            return None;
        }
        let (first, end, lettered) = match (self.number, self.letter, last.number, last.letter) {
            (Some(a), _, Some(b), _) => (a, b, false),
            (None, Some(a), None, Some(b)) => (a, b, true),
            _ => return None,
        };
        if first >= end || end - first >= MAX_RANGE {
            return None;
        }
        let goal = self.goal;
        Some((first..=end).map(move |at| Target {
            goal,
            number: (!lettered).then_some(at),
            letter: lettered.then_some(at),
            len: 0,
        }))
    }
}

/// Reads a target number (`16.4`, `16.a`) at the start of `text`: one of
/// the targets of [`TARGETS_PER_GOAL`].
fn target_at(text: &str) -> Option<Target> {
    let goal_len = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&goal_len) || !text[goal_len..].starts_with('.') {
        return None;
    }
    let goal: u8 = text[..goal_len].parse().ok()?;
    let (numbers, letters) = *TARGETS_PER_GOAL.get(usize::from(goal).checked_sub(1)?)?;
    let rest = &text[goal_len + 1..];
    let (number, letter, target_len) = match rest.bytes().next() {
        Some(c) if c.is_ascii_digit() => {
            let len = rest.chars().take_while(|c| c.is_ascii_digit()).count();
            if len > 2 {
                return None;
            }
            let number: u8 = rest[..len].parse().ok()?;
            if !(1..=numbers).contains(&number) {
                return None;
            }
            (Some(number), None, len)
        }
        // `16.a`, or `16.A` typed in capitals.
        Some(c) if c.is_ascii_alphabetic() => {
            let letter = c.to_ascii_lowercase() - b'a';
            if letter >= letters {
                return None;
            }
            (None, Some(letter), 1)
        }
        _ => return None,
    };
    let end = goal_len + 1 + target_len;
    if text[end..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    if QUANTITIES.iter().any(|q| text[end..].starts_with(q)) {
        return None;
    }
    Some(Target {
        goal,
        number,
        letter,
        len: end,
    })
}

/// The length of an indicator's last number after its target (`.2` of
/// `16.4.2`), or 0.
fn indicator_suffix(text: &str) -> usize {
    let Some(digits) = text.strip_prefix('.') else {
        return 0;
    };
    let len = digits.bytes().take_while(u8::is_ascii_digit).count();
    let after = &digits[len..];
    let ends = !after.starts_with(is_word_char)
        && !after
            .strip_prefix('.')
            .is_some_and(|more| more.starts_with(|c: char| c.is_ascii_digit()));
    if (1..=2).contains(&len) && ends {
        1 + len
    } else {
        0
    }
}

/// Reads a list of targets or indicators at the start of `text` into
/// `targets`: `16.2, 16.4 and 16.5`, `16.2–16.4`, `16.4.1 and 5.2.2`.
/// Returns the text after the list and whether every item was an indicator.
fn read_list<'a>(mut rest: &'a str, targets: &mut Vec<String>) -> (&'a str, bool) {
    let mut all_indicators = true;
    while let Some(target) = target_at(rest) {
        // As written (`16.04` stays `16.04`), a letter in lower case (`16.A` is `16.a`).
        targets.push(rest[..target.len].to_ascii_lowercase());
        rest = &rest[target.len..];
        let indicator = indicator_suffix(rest);
        all_indicators &= indicator > 0;
        rest = &rest[indicator..];
        if indicator == 0
            && let Some((after, last)) = RANGE_JOINS.iter().find_map(|join| {
                let after = rest.strip_prefix(join)?;
                Some((after, target_at(after)?))
            })
        {
            // The range's inner targets, or its two ends.
            match target.range_to(last) {
                Some(range) => targets.extend(range.map(Target::name)),
                None => targets.push(after[..last.len].to_ascii_lowercase()),
            }
            rest = &after[last.len..];
        }
        match LIST_JOINS.iter().find_map(|join| rest.strip_prefix(join)) {
            Some(next) => rest = next.trim_start(),
            None => break,
        }
    }
    (rest, all_indicators)
}

/// Every SDG target the text names, sorted by goal then target, no duplicates.
pub fn extract_sdg_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    // `Target` and `target` share `arget`, `Indicator` and `indicator`
    // `ndicator`: a memchr search for each is faster than one automaton
    // whose first bytes (`t`, `i`) are everywhere.
    static FINDERS: LazyLock<[Finder<'static>; 3]> =
        LazyLock::new(|| ["SDG", "arget", "ndicator"].map(Finder::new));
    let found = FINDERS.iter().enumerate().flat_map(|(kind, finder)| {
        let len = finder.needle().len();
        finder.find_iter(text.as_bytes()).filter_map(move |at| {
            let first = match kind {
                0 => return Some((Lead::Sdg, at, at + len)),
                1 => [b'T', b't'],
                _ => [b'I', b'i'],
            };
            let start = at.checked_sub(1)?;
            let lead = if kind == 1 {
                Lead::Target
            } else {
                Lead::Indicator
            };
            first
                .contains(&text.as_bytes()[start])
                .then_some((lead, start, at + len))
        })
    });
    for (lead, at, end) in found {
        if text[..at].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let mut rest = &text[end..];
        rest = rest.strip_prefix('s').unwrap_or(rest);
        // `Sustainable Development Goals (SDGs) 16.4 and 16.a`: the list
        // goes on after the acronym's closing bracket.
        if lead == Lead::Sdg && text[..at].ends_with('(') {
            rest = rest.strip_prefix(')').unwrap_or(rest);
        }
        rest = rest.trim_start();
        if lead == Lead::Sdg {
            for word in SDG_LIST_WORDS {
                if let Some(after) = rest.strip_prefix(word) {
                    rest = after.trim_start();
                    break;
                }
            }
        }
        let listed = targets.len();
        let (after, all_indicators) = read_list(rest, &mut targets);
        // `indicator 16.4.2` alone may be a project's; `of the SDGs` makes it an SDG's.
        if lead == Lead::Indicator
            && !(all_indicators && OF_THE_SDGS.iter().any(|of| after.starts_with(of)))
        {
            targets.truncate(listed);
        }
    }
    sort_targets(&mut targets);
    targets
}

/// The word a list of targets follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    Sdg,
    Target,
    Indicator,
}

/// Words between `SDG` and its list: `SDG Targets 16.2 and 16.4`, `SDG
/// indicator 16.4.2`.
const SDG_LIST_WORDS: [&str; 8] = [
    "Targets",
    "Target",
    "targets",
    "target",
    "Indicators",
    "Indicator",
    "indicators",
    "indicator",
];

/// Sorts targets as the gold records do (string order), without duplicates.
fn sort_targets(targets: &mut Vec<String>) {
    targets.sort();
    targets.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_form() {
        let text = "SDG 16, particularly Target 16.4 and SDG 16.a; SDG Target 3.5; Targets 5.2, 5.3 and 16.2. SDG 5 (Gender Equality).";
        assert_eq!(
            extract_sdg_targets(text),
            vec!["16.2", "16.4", "16.a", "3.5", "5.2", "5.3"]
        );
    }

    /// The SDG sentence of the shipped bulletin, reworded as other bulletins
    /// of the programme write it.
    /// LABELING.md, sdg_targets: `SDG 16.a` is written `["16.a"]`; a
    /// target's letter typed in capitals (`Target 16.A`) is the same target.
    #[test]
    fn a_targets_letter_in_capitals_is_the_target() {
        assert_eq!(
            extract_sdg_targets("It contributes to Target 16.A and SDG 16.A, and to SDG 5.C."),
            vec!["16.a", "5.c"]
        );
        assert_eq!(
            extract_sdg_targets("See SDG 16.Ab and Target 16.C."),
            Vec::<String>::new()
        );
    }

    #[test]
    fn reads_targets_in_lower_case_and_oxford_lists() {
        for (sentence, expected) in [
            (
                "This activity contributes to SDG 16, in particular targets 16.4, 16.5 and 16.a.",
                vec!["16.4", "16.5", "16.a"],
            ),
            ("It contributes to SDG 16, target 16.4.", vec!["16.4"]),
            (
                "It contributes to Sustainable Development Goal (SDG) target 16.4 and 16.5.",
                vec!["16.4", "16.5"],
            ),
            (
                "It contributes to SDG 16 (targets 16.2 and 16.4).",
                vec!["16.2", "16.4"],
            ),
            (
                "This activity contributes to SDG Targets 16.2, 16.4, and 16.5.",
                vec!["16.2", "16.4", "16.5"],
            ),
            ("It contributes to SDG 5.2/5.3.", vec!["5.2", "5.3"]),
            ("It contributes to SDG16.4.", vec!["16.4"]),
        ] {
            assert_eq!(extract_sdg_targets(sentence), expected, "{sentence}");
        }
    }

    /// An SDG indicator names its target: `SDG indicator 16.4.2` is 16.4.
    #[test]
    fn an_indicator_names_its_target() {
        for (sentence, expected) in [
            ("It measures SDG indicator 16.4.2.", vec!["16.4"]),
            ("It feeds SDG Indicator 16.4.2 data.", vec!["16.4"]),
            (
                "It reports on SDG indicators 16.4.1 and 5.2.2.",
                vec!["16.4", "5.2"],
            ),
            ("It measures indicator 16.4.2 of the SDGs.", vec!["16.4"]),
            (
                "It measures indicator 16.4.2 of the Sustainable Development Goals.",
                vec!["16.4"],
            ),
            // A project's own indicator is no SDG's.
            ("It meets indicator 1.2.3 of the project.", vec![]),
            ("It meets indicator 1.2.3.", vec![]),
        ] {
            assert_eq!(extract_sdg_targets(sentence), expected, "{sentence}");
        }
    }

    /// A range of targets within one goal names each target of it.
    #[test]
    fn a_range_of_targets_names_each() {
        for (sentence, expected) in [
            (
                "It contributes to SDG targets 16.2–16.4.",
                vec!["16.2", "16.3", "16.4"],
            ),
            (
                "It contributes to SDG targets 16.2-16.4.",
                vec!["16.2", "16.3", "16.4"],
            ),
            (
                "It contributes to SDG targets 16.2 - 16.4.",
                vec!["16.2", "16.3", "16.4"],
            ),
            (
                "It contributes to SDG targets 16.2 to 16.4.",
                vec!["16.2", "16.3", "16.4"],
            ),
            ("It contributes to targets 16.a–16.b.", vec!["16.a", "16.b"]),
            (
                "It contributes to SDG 16.1–16.3 and 5.2.",
                vec!["16.1", "16.2", "16.3", "5.2"],
            ),
            // Across goals, backwards, or past the goal's last target: the ends only.
            (
                "It contributes to SDG targets 5.2–16.4.",
                vec!["16.4", "5.2"],
            ),
            (
                "It contributes to SDG targets 16.4–16.2.",
                vec!["16.2", "16.4"],
            ),
            ("It contributes to SDG targets 16.9–16.12.", vec!["16.9"]),
            // Too long a range to be meant target by target.
            (
                "It contributes to SDG targets 17.1–17.19.",
                vec!["17.1", "17.19"],
            ),
        ] {
            assert_eq!(extract_sdg_targets(sentence), expected, "{sentence}");
        }
    }

    #[test]
    fn numbers_that_are_no_target_stay_out() {
        for sentence in [
            "This activity contributes to Sustainable Development Goal 16 and Goal 5.",
            "Seizures rose 16.4 per cent, see paragraph 5.2 of the report of 12.03.2022.",
            "The target 2.5 million seizures was met, against a target of 16.4% in SDG 18.1.",
        ] {
            assert_eq!(
                extract_sdg_targets(sentence),
                Vec::<String>::new(),
                "{sentence}"
            );
        }
    }

    /// LABELING.md, sdg_targets: "Every target in the entry text counts",
    /// in the `SDG 16.a` form also when the SDGs are named in full with
    /// their acronym in brackets before the list: `Sustainable Development
    /// Goals (SDGs) 16.4 and 16.a`.
    #[test]
    fn targets_after_the_sdgs_acronym_in_brackets_count() {
        let text = "UNODC trains border police\n5 May 2019, Tirana, Albania: Officers met.\nThe training contributes to Sustainable Development Goals (SDGs) 16.4 and 16.a.\n";
        let (records, _) = crate::extract::parse_bulletin_bytes("probe.txt", text.as_bytes());
        assert_eq!(records.len(), 1);
        assert_eq!(records[0].sdg_targets, vec!["16.4", "16.a"]);
        // A goal in brackets after the acronym is still no target.
        assert!(extract_sdg_targets("the SDGs (SDG) 16 and 5").is_empty());
    }
}
