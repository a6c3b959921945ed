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

/// Whether a character is Cyrillic.
pub fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// The Latin spelling of a Serbian or Macedonian Cyrillic letter, folded (no diacritics).
pub fn transliterate_cyrillic(c: char) -> Option<&'static str> {
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
        _ => return None,
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
    // Most text has no Cyrillic or Greek letter (UTF-8 lead bytes 0xCD–0xD4):
    // then only the apostrophes and no-break spaces change.
    let may_hold_homoglyphs = text.bytes().any(|b| (0xCD..=0xD4).contains(&b));
    if !may_hold_homoglyphs {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            out.push(match c {
                '’' | '‘' | '`' => '\'',
                '\u{00a0}' => ' ',
                other => other,
            });
        }
        return out;
    }
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut start = 0;
    while start < chars.len() {
        let c = chars[start];
        if !is_word_char(c) {
            out.push(match c {
                '’' | '‘' | '`' => '\'',
                '\u{00a0}' => ' ',
                other => other,
            });
            start += 1;
            continue;
        }
        let mut end = start;
        while end < chars.len() && is_word_char(chars[end]) {
            end += 1;
        }
        let word = &chars[start..end];
        let has_latin = word.iter().any(|c| c.is_ascii_alphabetic());
        for &c in word {
            match latin_homoglyph(c) {
                Some(latin) if has_latin => out.push(latin),
                _ => out.push(c),
            }
        }
        start = end;
    }
    out
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
    fn transliterates_serbian_cyrillic() {
        let latin: String = "Београд"
            .chars()
            .filter_map(transliterate_cyrillic)
            .collect();
        assert_eq!(latin, "beograd");
    }
}
