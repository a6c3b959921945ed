//! SDG targets: `Target 16.4`, `Targets 16.2 and 16.4`, `SDG 16.a`, `SDG Target 16.4`.
//! A goal alone (`SDG 16`) names no target.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::text::is_word_char;

/// Reads a target number (`16.4`, `16.a`) at the start of `text`, with its length.
fn target_at(text: &str) -> Option<(String, usize)> {
    let goal_len = text.chars().take_while(|c| c.is_ascii_digit()).count();
    if !(1..=2).contains(&goal_len) || !text[goal_len..].starts_with('.') {
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
    Some((text[..end].to_string(), end))
}

/// Every SDG target the text names, sorted by goal then target, no duplicates.
pub fn extract_sdg_targets(text: &str) -> Vec<String> {
    let mut targets = Vec::new();
    static KEYWORDS: LazyLock<[(&str, Finder<'static>); 2]> =
        LazyLock::new(|| ["SDG", "Target"].map(|k| (k, Finder::new(k))));
    for (keyword, finder) in KEYWORDS.iter() {
        for at in finder.find_iter(text.as_bytes()) {
            if text[..at].chars().next_back().is_some_and(is_word_char) {
                continue;
            }
            let mut rest = &text[at + keyword.len()..];
            rest = rest.strip_prefix('s').unwrap_or(rest);
            rest = rest.trim_start();
            for word in ["Targets", "Target", "target"] {
                if let Some(after) = rest.strip_prefix(word) {
                    rest = after.trim_start();
                    break;
                }
            }
            // A list: `Targets 16.2, 16.4 and 16.5`.
            while let Some((target, len)) = target_at(rest) {
                targets.push(target);
                rest = &rest[len..];
                let next = rest
                    .strip_prefix(", ")
                    .or_else(|| rest.strip_prefix(" and "))
                    .or_else(|| rest.strip_prefix(" & "));
                match next {
                    Some(next) => rest = next.trim_start(),
                    None => break,
                }
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
}
