//! SDG targets: `Target 16.4`, `Targets 16.2 and 16.4`, `SDG 16.a`, `SDG Target 16.4`,
//! `SDGs 5.2 and 16.1`, `SDG16.4`, `SDG 16, in particular targets 16.4, 16.5, and 16.a`.
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

/// Reads a target number (`16.4`, `16.a`) at the start of `text`, with its length.
/// The goal is one of the seventeen.
fn target_at(text: &str) -> Option<(String, usize)> {
    let goal_len = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&goal_len) || !text[goal_len..].starts_with('.') {
        return None;
    }
    let goal: u32 = text[..goal_len].parse().ok()?;
    if !(1..=17).contains(&goal) {
        return None;
    }
    let rest = &text[goal_len + 1..];
    let target_len = match rest.chars().next() {
        Some(c) if c.is_ascii_digit() => rest.chars().take_while(|c| c.is_ascii_digit()).count(),
        Some(c) if c.is_ascii_lowercase() => 1,
        _ => return None,
    };
    if target_len > 2 {
        return None;
    }
    let end = goal_len + 1 + target_len;
    if text[end..].chars().next().is_some_and(is_word_char) {
        return None;
    }
    if QUANTITIES.iter().any(|q| text[end..].starts_with(q)) {
        return None;
    }
    Some((text[..end].to_string(), end))
}

/// Every SDG target the text names, sorted by goal then target, no duplicates.
pub fn extract_sdg_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    // Two passes, `Target` and `target` sharing `arget`: a memchr search for
    // each is faster than one automaton whose first bytes (`t`) are everywhere.
    static FINDERS: LazyLock<[Finder<'static>; 2]> =
        LazyLock::new(|| ["SDG", "arget"].map(Finder::new));
    let found = FINDERS.iter().flat_map(|finder| {
        let len = finder.needle().len();
        finder.find_iter(text.as_bytes()).filter_map(move |at| {
            if finder.needle() != b"arget" {
                return Some((at, at + len));
            }
            let start = at.checked_sub(1)?;
            matches!(text.as_bytes()[start], b'T' | b't').then_some((start, at + len))
        })
    });
    for (at, end) in found {
        if text[..at].chars().next_back().is_some_and(is_word_char) {
            continue;
        }
        let mut rest = &text[end..];
        rest = rest.strip_prefix('s').unwrap_or(rest);
        rest = rest.trim_start();
        for word in ["Targets", "Target", "targets", "target"] {
            if let Some(after) = rest.strip_prefix(word) {
                rest = after.trim_start();
                break;
            }
        }
        // A list: `Targets 16.2, 16.4 and 16.5`.
        while let Some((target, len)) = target_at(rest) {
            targets.push(target);
            rest = &rest[len..];
            match LIST_JOINS.iter().find_map(|join| rest.strip_prefix(join)) {
                Some(next) => rest = next.trim_start(),
                None => break,
            }
        }
    }
    sort_targets(&mut targets);
    targets
}

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
}
