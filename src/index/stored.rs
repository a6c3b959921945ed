//! The record each document stores: its JSON, as `serde_json` writes it,
//! written faster.
//!
//! Every activity's record is stored whole, and its body is most of its
//! bytes. `serde_json` escapes a string one byte at a time; the body here
//! is escaped thirty-two and eight bytes at a time, which takes a third
//! off the record's JSON and about 1% off indexing's instructions
//! (docs/performance.md). The JSON is the same, byte for byte.

use crate::extract::Record;

/// The key of an empty body in a record's JSON. No text of a record can
/// write it elsewhere: a quote inside a string is escaped (`\"`).
const EMPTY_BODY: &str = "\"body\":\"\"";

/// The record's JSON, the same as `serde_json::to_string(record)`.
pub fn record_json(record: &Record) -> serde_json::Result<String> {
    // The record less its body, every field named so that a new one is not
    // left out.
    let Record {
        id,
        source,
        line,
        title,
        dateline,
        events,
        programmes,
        acronyms,
        sdg_targets,
        donors,
        countries_mentioned,
        body,
        warnings,
    } = record;
    let head = serde_json::to_string(&Record {
        id: id.clone(),
        source: source.clone(),
        line: *line,
        title: title.clone(),
        dateline: dateline.clone(),
        events: events.clone(),
        programmes: programmes.clone(),
        acronyms: acronyms.clone(),
        sdg_targets: sdg_targets.clone(),
        donors: donors.clone(),
        countries_mentioned: countries_mentioned.clone(),
        body: String::new(),
        warnings: warnings.clone(),
    })?;
    let Some(at) = head.rfind(EMPTY_BODY) else {
        return serde_json::to_string(record);
    };
    let body_at = at + EMPTY_BODY.len() - 1;
    let mut json = String::with_capacity(head.len() + body.len() + body.len() / 16);
    json.push_str(&head[..body_at]);
    escape_json_text(body, &mut json);
    json.push_str(&head[body_at..]);
    Ok(json)
}

/// Appends `text` escaped as `serde_json` escapes the inside of a string:
/// `"` and `\` with a backslash, `\n`, `\r`, `\t`, `\b` and `\f` by their
/// letters, other control characters as `\u00XX`; everything else as is.
pub fn escape_json_text(text: &str, out: &mut String) {
    let bytes = text.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Thirty-two bytes at once, then eight, while none needs escaping;
        // then straight to the first that does.
        if let Some(block) = bytes.get(at..at + 32)
            && !block_needs_escape(block)
        {
            at += 32;
            continue;
        }
        if let Some(chunk) = bytes.get(at..at + 8)
            && let Ok(chunk) = <[u8; 8]>::try_from(chunk)
        {
            let bits = escape_bits(u64::from_le_bytes(chunk));
            if bits == 0 {
                at += 8;
                continue;
            }
            // The lowest bit set is that of the first byte to escape.
            at += (bits.trailing_zeros() / 8) as usize;
        }
        let byte = bytes[at];
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => {
                at += 1;
                continue;
            }
        };
        // The byte is ASCII, so `at` is a character boundary.
        out.push_str(&text[copied..at]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        } else {
            out.push_str(escape);
        }
        at += 1;
        copied = at;
    }
    out.push_str(&text[copied..]);
}

/// Whether a byte of `block` (a multiple of eight bytes long) is a
/// control character, `"` or `\`.
fn block_needs_escape(block: &[u8]) -> bool {
    let mut any = 0;
    for chunk in block.chunks_exact(8) {
        if let Ok(chunk) = <[u8; 8]>::try_from(chunk) {
            any |= escape_bits(u64::from_le_bytes(chunk));
        }
    }
    any != 0
}

/// The high bit of some byte of `word` set if and only if one of its
/// eight bytes is a control character, `"` or `\`. The lowest bit set is
/// that of the first such byte (little-endian): a test only ever sets a
/// bit in error above a byte it rightly found.
fn escape_bits(word: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // A byte below 0x20, a byte equal to `"`, a byte equal to `\`: each
    // test sets the high bit of some byte if and only if one is there.
    let below = word.wrapping_sub(ONES * 0x20) & !word & HIGHS;
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let quote = zero(word ^ (ONES * u64::from(b'"')));
    let backslash = zero(word ^ (ONES * u64::from(b'\\')));
    below | quote | backslash
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn escaped(text: &str) -> String {
        let mut out = String::new();
        escape_json_text(text, &mut out);
        format!("\"{out}\"")
    }

    #[test]
    fn escapes_as_serde_json_does() {
        for text in [
            "",
            "plain",
            "exactly8",
            "a \"quoted\" word\nand a line",
            "back\\slash at the end\\",
            "\u{0}\u{1}\u{8}\u{9}\u{b}\u{c}\u{d}\u{1f}\u{7f}",
            "Обука у Скопју — “quoted”\t\u{2028}end",
            "12345678\n",
        ] {
            assert_eq!(escaped(text), serde_json::to_string(text).expect("json"));
        }
    }

    proptest! {
        #[test]
        fn escapes_any_text_as_serde_json_does(text in "[a-zA-Z \"\\\\\n\r\t\u{0}-\u{1f}\u{7f}éЖ“”\u{2028}]{0,100}") {
            prop_assert_eq!(escaped(&text), serde_json::to_string(&text).expect("json"));
        }
    }

    /// Every record of the shipped bulletin is stored as `serde_json`
    /// writes it, and reads back the same.
    #[test]
    fn stores_each_shipped_record_as_serde_json_writes_it() {
        for record in &crate::extract::shipped::records() {
            let json = record_json(record).expect("json");
            assert_eq!(json, serde_json::to_string(record).expect("json"));
            let back: Record = serde_json::from_str(&json).expect("parses");
            assert_eq!(back.body, record.body);
        }
    }
}
