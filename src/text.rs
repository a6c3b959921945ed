//! Character-level folding shared by extraction and the search analyzer.
//!
//! Bulletins mix scripts by accident (a Cyrillic `Т` inside an English word),
//! carry diacritics (`Bijača`) and sometimes whole words in Serbian or
//! Macedonian Cyrillic. These functions map all of that onto plain Latin
//! letters so that a name is the same name however it was typed.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Whether a character belongs to a word (letters, digits, combining marks).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The Latin letter a Cyrillic or Greek letter is mistaken for, if it looks like one.
pub fn latin_homoglyph(c: char) -> Option<char> {
    Some(match c {
        'А' | 'Α' => 'A',
        'В' | 'Β' => 'B',
        'Е' | 'Ε' => 'E',
        'Ζ' => 'Z',
        'Н' | 'Η' => 'H',
        'І' | 'Ι' => 'I',
        'Ј' => 'J',
        'К' | 'Κ' => 'K',
        'М' | 'Μ' => 'M',
        'Ν' => 'N',
        'О' | 'Ο' => 'O',
        'Р' | 'Ρ' => 'P',
        'С' => 'C',
        'Ѕ' => 'S',
        'Т' | 'Τ' => 'T',
        'Υ' | 'Ү' => 'Y',
        'Х' | 'Χ' => 'X',
        'а' => 'a',
        'с' => 'c',
        'е' => 'e',
        'һ' => 'h',
        'і' | 'ι' => 'i',
        'ј' => 'j',
        'о' | 'ο' => 'o',
        'р' | 'ρ' => 'p',
        'ѕ' => 's',
        'у' => 'y',
        'х' => 'x',
        'ν' => 'v',
        _ => return None,
    })
}

/// The Cyrillic letter a Latin letter is mistaken for, if it looks like one
/// (the other keyboard layout's `C` in `Cкопје`).
pub fn cyrillic_homoglyph(c: char) -> Option<char> {
    Some(match c {
        'A' => 'А',
        'B' => 'В',
        'C' => 'С',
        'E' => 'Е',
        'H' => 'Н',
        'I' => 'І',
        'J' => 'Ј',
        'K' => 'К',
        'M' => 'М',
        'O' => 'О',
        'P' => 'Р',
        'T' => 'Т',
        'X' => 'Х',
        'Y' => 'У',
        'a' => 'а',
        'c' => 'с',
        'e' => 'е',
        'i' => 'і',
        'j' => 'ј',
        'o' => 'о',
        'p' => 'р',
        'x' => 'х',
        'y' => 'у',
        _ => return None,
    })
}

/// Whether a character is Cyrillic.
pub fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// The Latin spelling of a Serbian or Macedonian Cyrillic letter, folded (no
/// diacritics); the letters of Russian, Ukrainian and Belarusian that those
/// lack are spelt too (`щ` as `sc`, `є` as `je`, `ё` as `e`).
pub fn transliterate_cyrillic(c: char) -> Option<&'static str> {
    // An ASCII character is no Cyrillic letter and has no diacritic: the
    // match below would fall through to decomposing it, for nothing.
    if c.is_ascii() {
        return None;
    }
    let lower = c.to_lowercase().next().unwrap_or(c);
    Some(match lower {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'ђ' => "dj",
        'ѓ' => "gj",
        'е' => "e",
        'ж' => "z",
        'з' => "z",
        'ѕ' => "dz",
        'и' => "i",
        'ј' => "j",
        'к' => "k",
        'л' => "l",
        'љ' => "lj",
        'м' => "m",
        'н' => "n",
        'њ' => "nj",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ћ' => "c",
        'ќ' => "kj",
        'у' => "u",
        'ф' => "f",
        'х' => "h",
        'ц' => "c",
        'ч' => "c",
        'џ' => "dz",
        'ш' => "s",
        'й' => "j",
        'ы' => "y",
        'э' => "e",
        'ю' => "ju",
        'я' => "ja",
        'щ' => "sc",
        'ь' | 'ъ' => "",
        'і' => "i",
        'ї' => "ji",
        'є' => "je",
        'ґ' => "g",
        // A letter with a diacritic no alphabet above spells otherwise
        // (Macedonian `ѐ`, `ѝ`, Russian `ё`, Belarusian `ў`): its base
        // letter's spelling, as a Latin letter's diacritic is folded away.
        _ => {
            let base = lower.nfd().next().filter(|&base| base != lower)?;
            return transliterate_cyrillic(base);
        }
    })
}

/// Folds one Latin character with a diacritic to its plain letters (`č` → `c`,
/// `Đ` → `D`, `ß` → `ss`). Returns `None` for characters that need no folding.
pub fn fold_latin_char(c: char) -> Option<&'static str> {
    Some(match c {
        'đ' => "d",
        'Đ' => "D",
        'ø' => "o",
        'Ø' => "O",
        'ł' => "l",
        'Ł' => "L",
        'ß' => "ss",
        'æ' => "ae",
        'Æ' => "AE",
        'œ' => "oe",
        'Œ' => "OE",
        'þ' => "th",
        'ı' => "i",
        'ħ' => "h",
        _ => return None,
    })
}

/// Text in plain lower-case Latin letters, as names are keyed and words
/// compared: diacritics folded and Serbian or Macedonian Cyrillic written
/// in Latin (`Скопје` → `skopje`, `Bijača` → `bijaca`).
pub fn latin_lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let folded = fold_diacritics(text);
    let mut latin = String::with_capacity(folded.len());
    for c in folded.chars() {
        if c.is_ascii() {
            latin.push(c.to_ascii_lowercase());
            continue;
        }
        match transliterate_cyrillic(c) {
            Some(letters) => latin.push_str(letters),
            None => latin.extend(c.to_lowercase()),
        }
    }
    latin
}

/// Removes diacritics: `Bijača` → `Bijaca`, `Prishtinë` → `Prishtine`, `Đ` → `D`.
pub fn fold_diacritics(text: &str) -> String {
    if text.is_ascii() {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = fold_latin_char(c) {
            out.push_str(folded);
        } else {
            out.extend(c.nfd().filter(|d| !is_combining_mark(*d)));
        }
    }
    out
}

/// Rewrites text for matching names: typographic apostrophes become `'`, and a
/// Cyrillic or Greek look-alike inside a Latin word becomes its Latin twin
/// (`Тhe` → `The`). Whole Cyrillic words are left as they are.
pub fn normalize_for_matching(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let bytes = text.as_bytes();
    // Copy runs of plain bytes whole; stop only at a backquote or a
    // non-ASCII character, which may need replacing.
    let mut copied = 0;
    let mut at = 0;
    while at < bytes.len() {
        // Eight plain bytes at a time, the most of nearly every line.
        if let Some(chunk) = bytes.get(at..at + 8)
            && let Ok(chunk) = <[u8; 8]>::try_from(chunk)
            && is_plain_chunk(u64::from_le_bytes(chunk))
        {
            at += 8;
            continue;
        }
        let b = bytes[at];
        if b != b'`' && b < 0x80 {
            at += 1;
            continue;
        }
        let Some(c) = text[at..].chars().next() else {
            break;
        };
        let width = c.len_utf8();
        let replacement = match c {
            '’' | '‘' | '`' => Some('\''),
            '\u{00a0}' => Some(' '),
            c => latin_homoglyph(c).filter(|_| in_latin_word(text, at, width)),
        };
        if let Some(replacement) = replacement {
            out.push_str(&text[copied..at]);
            out.push(replacement);
            copied = at + width;
        }
        at += width;
    }
    out.push_str(&text[copied..]);
    out
}

/// Whether eight bytes (one per byte of `chunk`) are all ASCII and none a
/// backquote: none that [`normalize_for_matching`] may replace.
fn is_plain_chunk(chunk: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // A byte of `backquotes` is zero where `chunk` holds a backquote, and a
    // zero byte sets its high bit in `(x - ONES) & !x` (a byte above it
    // may be set too, which does not change whether any is).
    let backquotes = chunk ^ (ONES * u64::from(b'`'));
    let has_backquote = backquotes.wrapping_sub(ONES) & !backquotes & HIGH != 0;
    chunk & HIGH == 0 && !has_backquote
}

/// Whether the character at `at` (of `width` bytes) stands in a word that has an ASCII letter.
fn in_latin_word(text: &str, at: usize, width: usize) -> bool {
    let before = text[..at].chars().rev().take_while(|c| is_word_char(*c));
    let after = text[at + width..].chars().take_while(|c| is_word_char(*c));
    before.chain(after).any(|c| c.is_ascii_alphabetic())
}

/// Articles, prepositions, conjunctions and pronouns: words that name
/// nothing alone (a filter value of them alone resolves nothing), are never
/// half of a word typed in two (`in formal` is not `informal`), and are not
/// highlighted alone in snippets.
const LITTLE_WORDS: &[&str] = &[
    "a", "an", "the", "in", "on", "at", "to", "of", "by", "for", "from", "with", "as", "is", "are",
    "be", "it", "its", "and", "or", "nor", "not", "no", "if", "so", "we", "he", "she", "they",
    "this", "that", "his", "her", "our", "their", "into", "onto", "upon", "off", "per", "de",
];

/// Whether `word` is one of [`LITTLE_WORDS`], in any case.
pub fn is_little_word(word: &str) -> bool {
    LITTLE_WORDS
        .iter()
        .any(|little| word.eq_ignore_ascii_case(little))
}

/// English words of five letters or more (SCOWL, in `data/english-words.txt`).
const ENGLISH_WORDS: &str = include_str!("../data/english-words.txt");

/// Whether `word` is an English word of five letters or more (in any case):
/// a query word that is one is not taken for a typo of another (`small` is
/// not `shall`, `light` is not `fight`), even where no activity holds it.
pub fn is_english_word(word: &str) -> bool {
    static WORDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let mut words: Vec<&str> = ENGLISH_WORDS
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .collect();
        words.sort_unstable();
        words
    });
    let lower = word.to_lowercase();
    words.binary_search(&lower.as_str()).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_diacritics() {
        assert_eq!(
            fold_diacritics("Bijača Prishtinë Đakovica Türkiye"),
            "Bijaca Prishtine Dakovica Turkiye"
        );
    }

    #[test]
    fn folds_homoglyphs_inside_latin_words_only() {
        // The seed bulletin writes "Тhe" with a Cyrillic capital Te.
        assert_eq!(normalize_for_matching("\u{0422}he entire"), "The entire");
        assert_eq!(normalize_for_matching("Скопје"), "Скопје");
        assert_eq!(normalize_for_matching("UNODC’s"), "UNODC's");
    }

    #[test]
    fn replaces_a_backquote_or_a_homoglyph_at_any_place_in_a_long_line() {
        // The line is read eight bytes at a time: a character to replace
        // at each place in such a run, and at its edges, is still found.
        for at in 0..20 {
            let mut line = "x".repeat(20);
            line.insert(at, '`');
            let mut expected = "x".repeat(20);
            expected.insert(at, '\'');
            assert_eq!(normalize_for_matching(&line), expected, "backquote at {at}");
            let mut line = "a".repeat(20);
            line.insert(at, '\u{0422}');
            let mut expected = "a".repeat(20);
            expected.insert(at, 'T');
            assert_eq!(normalize_for_matching(&line), expected, "Te at {at}");
        }
        assert!(!is_plain_chunk(u64::from_le_bytes(*b"abc`defg")));
        assert!(!is_plain_chunk(u64::from_le_bytes(*b"abcdefg\xC3")));
        assert!(is_plain_chunk(u64::from_le_bytes(*b"a_c(efg)")));
        assert!(is_plain_chunk(u64::from_le_bytes(*b"\x00\x01a b\x7Fa@")));
    }

    #[test]
    fn transliterates_serbian_cyrillic() {
        let latin: String = "Београд"
            .chars()
            .filter_map(transliterate_cyrillic)
            .collect();
        assert_eq!(latin, "beograd");
    }
}
