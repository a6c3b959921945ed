//! The `bulletin` analyzer: one tokenizer for title, body, dateline and queries.
//!
//! Words are split with unicode-segmentation (with an ASCII fast path that
//! splits the same way), then each word is composed, lower-cased and folded:
//! a Cyrillic or Greek look-alike inside a Latin word becomes its Latin twin
//! (and a Latin one inside a Cyrillic word its Cyrillic twin), a word wholly
//! in Cyrillic becomes its Latin transliteration, characters that only
//! format a text go, diacritics and compatibility letters are folded (`đ`
//! gives both `d` and `dj`, `ǅ` is `dz`, `ﬁ` is `fi`), a city's local spelling becomes
//! its English name (`Priština`, `Prishtinë` → `pristina`), British spelling
//! becomes American, and the English Snowball stemmer runs last. A hyphenated
//! word (`e-evidence`) is indexed by its parts and as one joined word. A word
//! written in capitals (`SEE`) is indexed as `see` and also, at the same
//! position, as `SEE`, so that an acronym typed in capitals can be told from
//! the ordinary word (`see`).
//!
//! Analysing a word is memoised per tokenizer instance, and tokens live in
//! reusable buffers, so the hot path does not allocate per token.
//!
//! While indexing, the tokenizer also notes each written word it stems to
//! something other than the word itself ([`WrittenWords`]), once per word it
//! analyses afresh: a prefix query finds the word by its written letters
//! (`terroris*`: `terrorism`, held as `terror`).

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};
use unicode_segmentation::UnicodeSegmentation;

use crate::extract::gazetteer::{gazetteer, place_key};
use crate::index::spelling::americanize;
use crate::text::{
    cyrillic_homoglyph, fold_latin_char, is_cyrillic, latin_homoglyph, transliterate_cyrillic,
};

/// The name the analyzer is registered under in the index.
pub const ANALYZER: &str = "bulletin";

/// Longest word (in bytes) that is indexed; longer runs are noise (URLs, hashes).
pub const MAX_WORD_BYTES: usize = 64;
/// The memo is cleared when it holds this many words, to bound memory.
const MAX_MEMO_WORDS: usize = 200_000;

/// One token of an analysed text: a range of the memo arena, the byte range
/// of the source text, and the position.
#[derive(Debug, Clone, Copy)]
struct TokenSpan {
    arena: (u32, u32),
    from: usize,
    to: usize,
    position: usize,
}

/// Memo of analysed words: word → range of `forms`, each form a range of `arena`.
#[derive(Default)]
struct WordMemo {
    /// Words of up to [`SHORT_WORD`] bytes, kept inline with their range: one
    /// probe, no pointer to follow, no call to compare.
    short: hashbrown::HashTable<(ShortWord, (u32, u32))>,
    // FxHash: SipHash's DoS resistance buys nothing for a private memo.
    long: HashMap<String, (u32, u32), rustc_hash::FxBuildHasher>,
    forms: Vec<(u32, u32)>,
    arena: String,
}

/// Longest word kept inline in the memo (nearly every word of a bulletin).
const SHORT_WORD: usize = 23;

/// A word of up to [`SHORT_WORD`] bytes in three little-endian lanes,
/// zero-padded, its length in the last byte.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShortWord(u64, u64, u64);

impl ShortWord {
    fn new(word: &str) -> Option<Self> {
        let bytes = word.as_bytes();
        if bytes.len() > SHORT_WORD {
            return None;
        }
        // Whole lanes load directly; copying through a byte buffer would
        // stall on store forwarding in this hot path.
        let lane = |from: usize| -> u64 {
            let chunk = &bytes[from.min(bytes.len())..(from + 8).min(bytes.len())];
            match <[u8; 8]>::try_from(chunk) {
                Ok(whole) => u64::from_le_bytes(whole),
                Err(_) => chunk
                    .iter()
                    .rev()
                    .fold(0, |acc, &b| (acc << 8) | u64::from(b)),
            }
        };
        Some(ShortWord(
            lane(0),
            lane(8),
            lane(16) | (bytes.len() as u64) << 56,
        ))
    }

    /// A folded multiply of the lanes: good high bits (hashbrown's tag) and low bits (its bucket).
    fn hash(self) -> u64 {
        let mixed = self.0 ^ self.1.rotate_left(21) ^ self.2.rotate_left(42);
        let product = u128::from(mixed) * 0x9E37_79B9_7F4A_7C15;
        (product as u64) ^ ((product >> 64) as u64)
    }
}

impl WordMemo {
    fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    fn get(&self, word: &str) -> Option<(u32, u32)> {
        match ShortWord::new(word) {
            Some(key) => self
                .short
                .find(key.hash(), move |entry| entry.0 == key)
                .map(|entry| entry.1),
            None => self.long.get(word).copied(),
        }
    }

    fn insert(&mut self, word: &str, range: (u32, u32)) {
        match ShortWord::new(word) {
            Some(key) => {
                self.short
                    .insert_unique(key.hash(), (key, range), |entry| entry.0.hash());
            }
            None => {
                self.long.insert(word.to_string(), range);
            }
        }
    }
}

/// The tokenizer behind [`ANALYZER`].
pub struct BulletinTokenizer {
    stemmer: frostem::Stemmer,
    memo: WordMemo,
    tokens: Vec<TokenSpan>,
    /// The text `tokens` are of. A record's title goes into the text field
    /// three times in a row and its dateline twice (see
    /// `schema::TITLE_WEIGHT`): the same text again is not analysed again.
    analysed: String,
    /// The words `tokens` were analysed for (see [`FirstLetters`]).
    analysed_for: FirstLetters,
    scratch: Scratch,
    /// Where the written words this tokenizer stems otherwise go, while
    /// indexing (see [`register_recording`]).
    written: Option<WrittenRecorder>,
}

/// The written words of the indexed text that the index holds under a
/// stem other than the word itself (`terrorism`, held as `terror`;
/// `available`, held as `avail`; `organised`, held as `organ`), read as
/// the analyzer reads a word (lower-cased, folded) before its spelling,
/// name or stem is looked up. The tokenizers of the indexing threads add
/// to it as they go; the index keeps it with its commit.
#[derive(Debug, Clone, Default)]
pub struct WrittenWords(Arc<Mutex<BTreeSet<String>>>);

impl WrittenWords {
    /// Adds words.
    pub fn extend(&self, words: impl IntoIterator<Item = String>) {
        // A thread that panicked while holding the lock added whole words
        // or none: what the set holds is still words.
        let mut set = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        set.extend(words);
    }

    /// The words, sorted, each once.
    pub fn sorted(&self) -> Vec<String> {
        let set = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        set.iter().cloned().collect()
    }
}

/// The written words one indexing tokenizer met, handed over to its
/// [`WrittenWords`] when the tokenizer goes (its indexing thread is done
/// with its segment): the indexing threads do not wait on each other per word.
#[derive(Debug)]
struct WrittenRecorder {
    words: Vec<String>,
    to: WrittenWords,
}

impl Drop for WrittenRecorder {
    fn drop(&mut self) {
        self.to.extend(std::mem::take(&mut self.words));
    }
}

#[derive(Debug, Default)]
struct Scratch {
    lower: String,
    folded: String,
    other: String,
    forms: Vec<String>,
    words: Vec<(usize, usize)>,
    /// The parts of a word joined by full stops.
    parts: Vec<(usize, usize)>,
}

impl Clone for BulletinTokenizer {
    fn clone(&self) -> Self {
        // Each indexing thread gets a fresh memo; cloning one would copy megabytes.
        BulletinTokenizer {
            written: self.written.as_ref().map(|recorder| WrittenRecorder {
                words: Vec::new(),
                to: recorder.to.clone(),
            }),
            ..BulletinTokenizer::new()
        }
    }
}

impl Default for BulletinTokenizer {
    fn default() -> Self {
        Self::new()
    }
}

/// Registers the `bulletin` analyzer with an index.
pub fn register(index: &tantivy::Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// A text analyzer running [`BulletinTokenizer`].
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(BulletinTokenizer::new()).build()
}

/// Registers the `bulletin` analyzer with an index that is being written,
/// noting in `written` the written words its text is held under another
/// stem as (see [`WrittenWords`]). The cost is one per distinct word an
/// indexing thread analyses, none per token.
pub fn register_recording(index: &tantivy::Index, written: &WrittenWords) {
    let tokenizer = BulletinTokenizer {
        written: Some(WrittenRecorder {
            words: Vec::new(),
            to: written.clone(),
        }),
        ..BulletinTokenizer::new()
    };
    index
        .tokenizers()
        .register(ANALYZER, TextAnalyzer::builder(tokenizer).build());
}

impl BulletinTokenizer {
    pub fn new() -> Self {
        BulletinTokenizer {
            stemmer: frostem::Stemmer::new(frostem::Algorithm::English),
            memo: WordMemo::default(),
            tokens: Vec::new(),
            analysed: String::new(),
            analysed_for: FirstLetters::ALL,
            scratch: Scratch::default(),
            written: None,
        }
    }

    /// Analyses `text` into the token buffers, unless they hold its tokens already.
    fn analyse_once(&mut self, text: &str) {
        self.analyse_once_for(text, FirstLetters::ALL);
    }

    /// Analyses `text` into the token buffers for the words of `wanted`,
    /// unless they hold its tokens for them already.
    fn analyse_once_for(&mut self, text: &str, wanted: FirstLetters) {
        if text != self.analysed || wanted != self.analysed_for {
            self.analyse(text, wanted);
            self.analysed.clear();
            self.analysed.push_str(text);
            self.analysed_for = wanted;
        }
    }

    /// Analyses `text` into the token buffers: every word, or with
    /// `wanted` less than [`FirstLetters::ALL`], a plain ASCII word that
    /// cannot give a wanted form as one token with no text, at its place.
    fn analyse(&mut self, text: &str, wanted: FirstLetters) {
        self.tokens.clear();
        // Bound the memo between texts, never during one: tokens point into it.
        if self.memo.len() >= MAX_MEMO_WORDS {
            self.memo = WordMemo::default();
        }
        let mut words = std::mem::take(&mut self.scratch.words);
        words.clear();
        split_words(text, &mut words);
        let mut position = 0;
        let mut index = 0;
        while index < words.len() {
            // A hyphenated chain: words joined by a single hyphen.
            let mut chain_end = index + 1;
            while chain_end < words.len()
                && is_hyphen_gap(text, words[chain_end - 1].1, words[chain_end].0)
            {
                chain_end += 1;
            }
            let chain = &words[index..chain_end];
            if chain.len() > 1 {
                let joined: String = chain.iter().map(|&(s, e)| &text[s..e]).collect();
                let (from, to) = (chain[0].0, chain[chain.len() - 1].1);
                self.push_word(&joined, from, to, position);
            }
            for &(start, end) in chain {
                let word = &text[start..end];
                // A word of letters joined by full stops (`UN.Locking`,
                // `unodc.org`) is indexed whole and by its parts, as a
                // hyphenated one is; a number (`16.4`) stays whole.
                // A plain loop: a word is too short for `memchr` to pay.
                if word.bytes().any(|b| b == b'.') && dotted_parts(word, &mut self.scratch.parts) {
                    self.push_word(word, start, end, position);
                    let parts = std::mem::take(&mut self.scratch.parts);
                    for &(from, to) in &parts {
                        self.push_word(&word[from..to], start + from, start + to, position);
                        position += 1;
                    }
                    self.scratch.parts = parts;
                } else if wanted.may_give(word) {
                    self.push_word(word, start, end, position);
                    position += 1;
                } else {
                    self.tokens.push(TokenSpan {
                        arena: (0, 0),
                        from: start,
                        to: end,
                        position,
                    });
                    position += 1;
                }
            }
            index = chain_end;
        }
        self.scratch.words = words;
    }

    /// Appends the forms of one word at `position`.
    fn push_word(&mut self, word: &str, from: usize, to: usize, position: usize) {
        if is_too_long(word) {
            return;
        }
        let (first, count) = match self.memo.get(word) {
            Some(range) => range,
            None => self.memoise(word),
        };
        // Tokens point into the memo's arena, which only grows while a text is analysed.
        for &form in &self.memo.forms[first as usize..(first + count) as usize] {
            self.tokens.push(TokenSpan {
                arena: form,
                from,
                to,
                position,
            });
        }
    }

    fn memoise(&mut self, word: &str) -> (u32, u32) {
        let mut forms = std::mem::take(&mut self.scratch.forms);
        forms.clear();
        analyse_word(
            word,
            &self.stemmer,
            &mut self.scratch,
            &mut forms,
            self.written.as_mut().map(|recorder| &mut recorder.words),
        );
        let first = self.memo.forms.len() as u32;
        for form in &forms {
            let start = self.memo.arena.len() as u32;
            self.memo.arena.push_str(form);
            self.memo.forms.push((start, self.memo.arena.len() as u32));
        }
        let range = (first, forms.len() as u32);
        self.memo.insert(word, range);
        self.scratch.forms = forms;
        range
    }
}

/// Whether a word is longer than [`MAX_WORD_BYTES`] as read: composed,
/// without the characters that only format a text, a fullwidth letter or
/// sign as its ASCII twin. A word typed decomposed (`e` and a combining
/// acute), with soft hyphens or in fullwidth letters is measured as its
/// plain form is. A word within the limit as typed, or a plain ASCII one
/// beyond it, is told by its length alone, with no allocation.
#[inline]
pub fn is_too_long(word: &str) -> bool {
    word.len() > MAX_WORD_BYTES && is_too_long_as_read(word)
}

/// [`is_too_long`] for a word longer than the limit as typed.
#[cold]
fn is_too_long_as_read(word: &str) -> bool {
    use unicode_normalization::UnicodeNormalization;
    if word.is_ascii() {
        return true;
    }
    let mut read = 0;
    for c in word.nfc().filter(|c| !is_format_char(*c)) {
        read += match c {
            '\u{FF01}'..='\u{FF5E}' => 1,
            _ => c.len_utf8(),
        };
        if read > MAX_WORD_BYTES {
            return true;
        }
    }
    false
}

/// The parts of a word split at each full stop between two letters
/// (`UN.Locking`: `UN`, `Locking`), as byte ranges; false when it has none.
fn dotted_parts(word: &str, parts: &mut Vec<(usize, usize)>) -> bool {
    parts.clear();
    let mut from = 0;
    let mut previous: Option<char> = None;
    let mut chars = word.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        if c == '.'
            && previous.is_some_and(char::is_alphabetic)
            && next.is_some_and(char::is_alphabetic)
        {
            parts.push((from, at));
            from = at + 1;
        }
        previous = Some(c);
    }
    if parts.is_empty() {
        return false;
    }
    parts.push((from, word.len()));
    true
}

/// Whether the text between two words (from `end` of one to `start` of
/// the next) is a hyphen joining them: `-`, `‐` or `‑`, or an en dash
/// between two letters (`anti–corruption`, as typesetting writes a
/// hyphen; not a range of numbers, `2019–2022`). The letters are those a
/// word is read by: a character that only formats a text (a soft hyphen,
/// a direction mark) or a combining mark (a letter typed decomposed) is
/// passed over, as the word is read without it or composed with it.
#[inline]
pub fn is_hyphen_gap(text: &str, end: usize, start: usize) -> bool {
    // Nearly every gap is one character other than a hyphen: a space.
    match text.as_bytes().get(end..start) {
        Some(b"-") => true,
        Some(gap) if gap.len() == 3 => is_long_hyphen_gap(text, end, start),
        _ => false,
    }
}

/// [`is_hyphen_gap`] for a gap of three bytes: `‐`, `‑`, or `–` between letters.
fn is_long_hyphen_gap(text: &str, end: usize, start: usize) -> bool {
    use unicode_normalization::char::is_combining_mark;
    let gap = &text.as_bytes()[end..start];
    if gap == "‐".as_bytes() || gap == "‑".as_bytes() {
        return true;
    }
    let is_read = |c: &char| !is_format_char(*c) && !is_combining_mark(*c);
    gap == "–".as_bytes()
        && text[..end]
            .chars()
            .rev()
            .take(MAX_WORD_BYTES)
            .find(is_read)
            .is_some_and(char::is_alphabetic)
        && text[start..]
            .chars()
            .take(MAX_WORD_BYTES)
            .find(is_read)
            .is_some_and(char::is_alphabetic)
}

/// Splits text into word byte ranges the way unicode-segmentation (UAX #29)
/// does. Text in the scripts bulletins use (Latin, Greek, Cyrillic, with
/// their punctuation and combining marks) takes a fast path that applies the
/// same rules without the general word-break tables; anything else goes to
/// unicode-segmentation.
pub fn split_words(text: &str, words: &mut Vec<(usize, usize)>) {
    let found = words.len();
    if !split_words_fast(text, words) {
        words.truncate(found);
        split_words_uax29(text, words);
    }
}

/// The general path: unicode-segmentation's word bounds, keeping those with a letter or digit.
///
/// A zero-width space, a word break to UAX #29, is read as a word joiner
/// (a format character, which belongs to the character before it), as the
/// fast path reads it: both are three bytes in UTF-8, so the offsets stand.
/// Only a text that holds one is copied.
pub fn split_words_uax29(text: &str, words: &mut Vec<(usize, usize)>) {
    if text.contains('\u{200B}') {
        let joined = text.replace('\u{200B}', "\u{2060}");
        push_uax29_words(&joined, words);
    } else {
        push_uax29_words(text, words);
    }
}

fn push_uax29_words(text: &str, words: &mut Vec<(usize, usize)>) {
    for (start, segment) in text.split_word_bound_indices() {
        if segment.chars().any(char::is_alphanumeric) {
            words.push((start, start + segment.len()));
        }
    }
}

/// Word-break classes of UAX #29 that matter for the fast path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Break {
    Letter,
    Digit,
    /// `_` and its kin (ExtendNumLet): joins letters and digits on either side.
    Connector,
    /// `:` `·` (MidLetter): joins two letters.
    MidLetter,
    /// `,` `;` (MidNum): joins two digits.
    MidNum,
    /// `.` `'` `’` (MidNumLet, Single_Quote): joins two letters or two digits.
    MidNumLet,
    /// Combining marks and format characters: belong to what precedes them.
    Extend,
    Other,
}

/// Whether the fast path's rules equal UAX #29's for this character.
fn is_fast_path_char(c: char) -> bool {
    let code = c as u32;
    let superscript_or_fraction =
        matches!(code, 0xB2 | 0xB3 | 0xB9 | 0xBC..=0xBE | 0x2070..=0x209F | 0x2150..=0x218F);
    !superscript_or_fraction
        && matches!(code,
            0x00..=0x036F          // ASCII, Latin-1, Latin Extended-A/B, IPA, modifiers, combining marks
            | 0x0370..=0x052F      // Greek, Cyrillic
            | 0x1E00..=0x1FFF      // Latin Extended Additional, Greek Extended
            | 0x2000..=0x2064      // general punctuation
            | 0x20A0..=0x20CF      // currency signs
            | 0xFEFF | 0xFFFD)
}

fn break_class(c: char) -> Break {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Break::Letter,
            '0'..='9' => Break::Digit,
            '_' => Break::Connector,
            ':' => Break::MidLetter,
            ',' | ';' => Break::MidNum,
            '.' | '\'' => Break::MidNumLet,
            _ => Break::Other,
        };
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{2024}' => Break::MidNumLet,
        '\u{00B7}' | '\u{0387}' | '\u{2027}' => Break::MidLetter,
        '\u{037E}' | '\u{0589}' | '\u{2044}' => Break::MidNum,
        '\u{203F}' | '\u{2040}' | '\u{2054}' => Break::Connector,
        // A zero-width space is a word break to UAX #29, but pasted from web
        // pages it stands inside words (`fire<ZWSP>arms`): it goes as a soft
        // hyphen does.
        '\u{00AD}'
        | '\u{200B}'
        | '\u{200C}'
        | '\u{200D}'
        | '\u{200E}'
        | '\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{FEFF}' => Break::Extend,
        c if unicode_normalization::char::is_combining_mark(c) => Break::Extend,
        c if c.is_alphabetic() => Break::Letter,
        _ => Break::Other,
    }
}

/// Word-break classes of ASCII characters.
const ASCII_BREAK: [Break; 128] = {
    let mut table = [Break::Other; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'A'..=b'Z' => Break::Letter,
            b'0'..=b'9' => Break::Digit,
            b'_' => Break::Connector,
            b':' => Break::MidLetter,
            b',' | b';' => Break::MidNum,
            b'.' | b'\'' => Break::MidNumLet,
            _ => Break::Other,
        };
        b += 1;
    }
    table
};

/// ASCII bytes that are word characters (letters, digits, `_`); false for
/// every byte of a multi-byte character.
const ASCII_WORD: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 128 {
        table[b] = matches!(
            ASCII_BREAK[b],
            Break::Letter | Break::Digit | Break::Connector
        );
        b += 1;
    }
    table
};

/// Where the fast splitter stands.
#[derive(Debug, Clone, Copy)]
enum SplitState {
    Between,
    /// In a word that started at `start` and so far ends at `end`.
    InWord {
        start: usize,
        end: usize,
        last: Break,
        alphanumeric: bool,
    },
    /// In a word, after a joiner (`.`, `'`, `:`, `,`) that joins only if the next character allows.
    AfterJoiner {
        start: usize,
        end: usize,
        last: Break,
        joiner: Break,
    },
}

/// The fast path of [`split_words`]: runs of letters, digits and connectors,
/// joined across `.`/`'`/`’` between two letters or two digits, `:`/`·`
/// between two letters, `,`/`;` between two digits; combining marks and
/// format characters stay with the character before them. Returns false,
/// having pushed some words, when the text holds a character outside the
/// scripts it knows.
fn split_words_fast(text: &str, words: &mut Vec<(usize, usize)>) -> bool {
    let bytes = text.as_bytes();
    let is_word = |class: Break| matches!(class, Break::Letter | Break::Digit | Break::Connector);
    let mut state = SplitState::Between;
    let mut at = 0;
    while at < bytes.len() {
        // Runs of ASCII word characters, and of ASCII spaces and punctuation
        // between words, take a tight loop: most of a bulletin is both.
        match &mut state {
            SplitState::InWord {
                end,
                last,
                alphanumeric,
                ..
            } if *end == at => {
                let run = at;
                at += bytes[at..]
                    .iter()
                    .position(|&b| !ASCII_WORD[b as usize])
                    .unwrap_or(bytes.len() - at);
                if at > run {
                    *last = ASCII_BREAK[bytes[at - 1] as usize];
                    *alphanumeric |= bytes[run..at].iter().any(|&b| b != b'_');
                    *end = at;
                }
                // The usual end of a word: an ASCII space or punctuation that joins nothing.
                if at < bytes.len()
                    && bytes[at] < 0x80
                    && ASCII_BREAK[bytes[at] as usize] == Break::Other
                {
                    if let SplitState::InWord {
                        start,
                        end,
                        alphanumeric: true,
                        ..
                    } = state
                    {
                        words.push((start, end));
                    }
                    state = SplitState::Between;
                    at += 1;
                    continue;
                }
            }
            SplitState::Between => {
                at += bytes[at..]
                    .iter()
                    .position(|&b| b >= 0x80 || ASCII_BREAK[b as usize] != Break::Other)
                    .unwrap_or(bytes.len() - at);
                // The usual start of a word: an ASCII word character; the run loop takes it.
                if at < bytes.len() && ASCII_WORD[bytes[at] as usize] {
                    state = SplitState::InWord {
                        start: at,
                        end: at,
                        last: Break::Other,
                        alphanumeric: false,
                    };
                    continue;
                }
            }
            _ => {}
        }
        if at >= bytes.len() {
            break;
        }
        let (class, width) = if bytes[at] < 0x80 {
            (ASCII_BREAK[bytes[at] as usize], 1)
        } else {
            let Some(c) = text[at..].chars().next() else {
                return false;
            };
            if !is_fast_path_char(c) {
                return false;
            }
            (break_class(c), c.len_utf8())
        };
        let end = at + width;
        if class == Break::Extend {
            // A combining mark or format character belongs to the character before it.
            if let SplitState::InWord { end: word_end, .. } = &mut state
                && *word_end == at
            {
                *word_end = end;
            }
            at = end;
            continue;
        }
        state = match state {
            SplitState::InWord {
                start,
                end: word_end,
                last,
                alphanumeric,
            } => {
                if is_word(class) {
                    SplitState::InWord {
                        start,
                        end,
                        last: class,
                        alphanumeric: alphanumeric || class != Break::Connector,
                    }
                } else if matches!(class, Break::MidLetter | Break::MidNum | Break::MidNumLet)
                    && alphanumeric
                {
                    SplitState::AfterJoiner {
                        start,
                        end: word_end,
                        last,
                        joiner: class,
                    }
                } else {
                    if alphanumeric {
                        words.push((start, word_end));
                    }
                    SplitState::Between
                }
            }
            SplitState::AfterJoiner {
                start,
                end: word_end,
                last,
                joiner,
            } => {
                let letters = last == Break::Letter && class == Break::Letter;
                let digits = last == Break::Digit && class == Break::Digit;
                let joins = match joiner {
                    Break::MidNumLet => letters || digits,
                    Break::MidLetter => letters,
                    Break::MidNum => digits,
                    _ => false,
                };
                if joins {
                    SplitState::InWord {
                        start,
                        end,
                        last: class,
                        alphanumeric: true,
                    }
                } else {
                    words.push((start, word_end));
                    if is_word(class) {
                        SplitState::InWord {
                            start: at,
                            end,
                            last: class,
                            alphanumeric: class != Break::Connector,
                        }
                    } else {
                        SplitState::Between
                    }
                }
            }
            SplitState::Between if is_word(class) => SplitState::InWord {
                start: at,
                end,
                last: class,
                alphanumeric: class != Break::Connector,
            },
            SplitState::Between => SplitState::Between,
        };
        at = end;
    }
    match state {
        SplitState::InWord {
            start,
            end,
            alphanumeric: true,
            ..
        }
        | SplitState::AfterJoiner { start, end, .. } => {
            words.push((start, end));
        }
        _ => {}
    }
    true
}

/// A word with its letters composed (NFC, as the bulletin is read): `Г`
/// and a combining acute is `Ѓ`, which Cyrillic spells `gj`, and `и` and a
/// breve `й`. Borrowed when it holds no combining mark.
fn composed(word: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    if word.is_ascii() || !word.chars().any(is_combining_mark) {
        std::borrow::Cow::Borrowed(word)
    } else {
        std::borrow::Cow::Owned(word.nfc().collect())
    }
}

/// Reads a (composed) word's letters into `lower`, lower-cased: a word
/// wholly in Cyrillic in its Latin spelling, a Cyrillic or Greek look-alike
/// in a Latin word as its Latin twin, typographic apostrophes as `'`, and
/// without the characters that only format a text.
fn read_letters(word: &str, lower: &mut String) {
    lower.clear();
    let mut has_latin = word.chars().any(|c| c.is_ascii_alphabetic());
    // A Cyrillic word with Latin look-alikes typed in it (`Cкопје`): a
    // Cyrillic letter that looks like no Latin one, and only Latin letters
    // that look like Cyrillic ones.
    let cyrillic_with_look_alikes = has_latin
        && word
            .chars()
            .any(|c| is_cyrillic(c) && c.is_alphabetic() && latin_homoglyph(c).is_none())
        && word
            .chars()
            .all(|c| !c.is_ascii_alphabetic() || cyrillic_homoglyph(c).is_some());
    if cyrillic_with_look_alikes {
        has_latin = false;
    }
    let all_cyrillic = !has_latin && word.chars().any(is_cyrillic);
    for c in word.chars() {
        let c = match cyrillic_homoglyph(c) {
            Some(twin) if cyrillic_with_look_alikes => twin,
            _ => c,
        };
        // Typographic apostrophes, and the modifier letter apostrophe
        // (`ʼ`, a letter to Unicode, so inside the word): `'`.
        if matches!(c, '’' | '‘' | 'ʼ') {
            lower.push('\'');
        } else if is_format_char(c) {
            // No letter: `fire­arms` with a soft hyphen is `firearms`.
            continue;
        } else if all_cyrillic {
            match transliterate_cyrillic(c) {
                Some(latin) => lower.push_str(latin),
                None => lower.extend(c.to_lowercase()),
            }
        } else if let Some(latin) = latin_homoglyph(c).filter(|_| has_latin) {
            lower.push(latin.to_ascii_lowercase());
        } else {
            lower.extend(c.to_lowercase());
        }
    }
}

/// Folds the diacritics of letters read by [`read_letters`] into `folded`,
/// `đ` as `dj`.
fn fold_letters(lower: &str, dj: &str, folded: &mut String) {
    folded.clear();
    if lower.is_ascii() {
        folded.push_str(lower);
        return;
    }
    for c in lower.chars() {
        if c == 'đ' {
            folded.push_str(dj);
        } else if c.is_ascii() {
            folded.push(c);
        } else if let Some(plain) = fold_latin_char(c) {
            folded.push_str(plain);
        } else if c == 'ς' {
            // Greek final sigma is the sigma a capital lower-cases to, letter
            // by letter (`ΑΘΗΝΑΣ` is `αθηνασ`, `Αθήνας` `αθηνας`).
            folded.push('σ');
        } else {
            // The compatibility decomposition: a digraph letter
            // (`ǆ`), a ligature (`ﬁ`) or a fullwidth letter is
            // the letters it stands for (`dž`, `fi`), lower-cased
            // again (`ℌ` is `H`), its marks then left out.
            use unicode_normalization::UnicodeNormalization;
            use unicode_normalization::char::is_combining_mark;
            folded.extend(
                c.nfkd()
                    .filter(|d| !is_combining_mark(*d))
                    .flat_map(char::to_lowercase),
            );
        }
    }
}

/// The letters a prefix (`Подгор*`, `Ѓор*`, `Bijač*`) stands for in the
/// index's words: read and folded as a word is (Cyrillic in Latin letters,
/// diacritics and compatibility letters folded), before any spelling, name
/// or stem is looked up. One key, or two for a prefix with `đ`, which is
/// both `d` and `dj` as in a word (`Đak*` is `dak` and `djak`).
pub fn prefix_keys(prefix: &str) -> Vec<String> {
    let mut lower = String::new();
    read_letters(&composed(prefix), &mut lower);
    let variants: &[&str] = if lower.contains('đ') {
        &["d", "dj"]
    } else {
        &["d"]
    };
    let mut keys: Vec<String> = Vec::with_capacity(variants.len());
    let mut folded = String::new();
    for dj in variants {
        fold_letters(&lower, dj, &mut folded);
        let key = folded.trim_matches('\'').to_string();
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// A word's letters as the analyzer reads them (`đ` as `d`), before any
/// spelling, name or stem is looked up: `Подгорца` is `podgorca`, as a
/// typed word is measured against the words the index holds.
pub fn letters_of(word: &str) -> String {
    prefix_keys(word).into_iter().next().unwrap_or_default()
}

/// The words that start with a prefix's key (see [`prefix_keys`]) and
/// that the index holds under another spelling, so that no term starts
/// with the key: British words of the spelling list (`centr`: `centre`,
/// `centres`, `centred`, held as `center`) and a city's local names of one
/// word (`beog`: `beograd`, held as `belgrad`). A query searches their
/// forms as analysed.
pub fn words_read_otherwise(key: &str) -> Vec<&'static str> {
    let mut words: Vec<&'static str> = crate::index::spelling::british_words_starting(key)
        .chain(
            gazetteer()
                .city_keys()
                .filter(|city| !city.contains(' ') && city.starts_with(key)),
        )
        .collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The forms one word is indexed and searched as (usually one; two for `đ`).
/// With `written`, the word as read (lower-cased, folded, a possessive's
/// `'s` left out) goes there when a form is not the word itself.
fn analyse_word(
    word: &str,
    stemmer: &frostem::Stemmer,
    scratch: &mut Scratch,
    forms: &mut Vec<String>,
    mut written: Option<&mut Vec<String>>,
) {
    let composed = composed(word);
    let word = composed.as_ref();
    let lower = &mut scratch.lower;
    read_letters(word, lower);
    // Diacritics: `đ` stands for both `d` and `dj`.
    let has_dj = lower.contains('đ');
    let variants: &[&str] = if has_dj { &["d", "dj"] } else { &["d"] };
    let mut capitals: Option<String> = None;
    for dj in variants {
        let folded = &mut scratch.folded;
        fold_letters(lower, dj, folded);
        let trimmed = folded.trim_matches('\'');
        if trimmed.is_empty() {
            continue;
        }
        if capitals.is_none() && is_written_in_capitals(word) {
            capitals = capitals_form(word, trimmed);
        }
        // A possessive is read as its word (`labour's` as `labour`, then
        // `labor`; `prishtinë's` as `pristina`): the stemmer would drop the
        // `'s` anyway, but after the spellings and names were looked up.
        let word_of_possessive = trimmed.strip_suffix("'s").filter(|w| !w.is_empty());
        let as_read = word_of_possessive.unwrap_or(trimmed);
        let mut form = as_read.to_string();
        // Local and English names of a city meet (`beograd` → `belgrade`).
        if let Some(city) = gazetteer().city(&form) {
            let english = place_key(&city.name);
            if !english.contains(' ') {
                form = english;
            }
        }
        if americanize(&form, &mut scratch.other) {
            std::mem::swap(&mut form, &mut scratch.other);
        }
        let stemmed = stemmer.stem(&form).into_owned();
        if let Some(written) = written.as_deref_mut()
            && stemmed != as_read
        {
            written.push(as_read.to_string());
        }
        if !forms.contains(&stemmed) {
            forms.push(stemmed);
        }
    }
    // Last, after the lower-case forms: a query reads them apart (see
    // [`AnalysedToken::capitals`]).
    forms.extend(capitals);
}

/// Whether a character only formats a text and is no letter: a soft
/// hyphen, a zero-width joiner or non-joiner, a word joiner, a direction
/// mark or embedding, a byte order mark. A word is read without them.
fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether a word is written in capitals as an acronym is (`SEE`, `PCUs`,
/// `MoU`): two capitals or more, and no more small letters than capitals.
pub fn is_written_in_capitals(word: &str) -> bool {
    let (mut upper, mut lower) = (0usize, 0usize);
    for c in word.chars() {
        if c.is_uppercase() {
            upper += 1;
        } else if c.is_lowercase() {
            lower += 1;
        }
    }
    upper >= 2 && upper >= lower
}

/// The form a word written in capitals is indexed as besides its
/// lower-case forms: the folded word in ASCII capitals, a possessive `'s`
/// left out (`UNODC's` is `UNODC`) and a plural's small `s` too (`NGOs` is
/// `NGO`, so that `NGO` finds "NGOs"). None when the folded word is not
/// plain ASCII letters and digits. Every other form is in lower case, so a
/// form with an ASCII capital is this one ([`is_capitals_form`]).
fn capitals_form(word: &str, folded: &str) -> Option<String> {
    // Its last two letters as read: a small `s` (`ｓ` too) after a capital,
    // past the characters that only format a text.
    let word_is_plural = {
        use unicode_normalization::UnicodeNormalization;
        let mut letters = word.chars().rev().filter(|c| !is_format_char(*c));
        letters
            .next()
            .is_some_and(|c| c.nfkd().eq(std::iter::once('s')))
            && letters.next().is_some_and(char::is_uppercase)
    };
    let word = folded
        .strip_suffix("'s")
        .filter(|w| !w.is_empty())
        .or_else(|| folded.strip_suffix('s').filter(|_| word_is_plural))
        .unwrap_or(folded);
    let plain = word.bytes().all(|b| b.is_ascii_alphanumeric());
    let letters = word.bytes().filter(u8::is_ascii_alphabetic).count();
    (plain && letters >= 2).then(|| word.to_ascii_uppercase())
}

/// Whether an indexed form is the capitals form of a word written in
/// capitals (`SEE`), rather than a lower-case form (`see`).
pub fn is_capitals_form(form: &str) -> bool {
    form.bytes().any(|b| b.is_ascii_uppercase())
}

/// The token stream over a [`BulletinTokenizer`]'s buffers.
pub struct BulletinTokenStream<'a> {
    tokenizer: &'a BulletinTokenizer,
    next: usize,
    token: Token,
}

impl Tokenizer for BulletinTokenizer {
    type TokenStream<'a> = BulletinTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.analyse_once(text);
        BulletinTokenStream {
            tokenizer: self,
            next: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for BulletinTokenStream<'_> {
    fn advance(&mut self) -> bool {
        let Some(span) = self.tokenizer.tokens.get(self.next) else {
            return false;
        };
        self.next += 1;
        self.token.text.clear();
        self.token
            .text
            .push_str(&self.tokenizer.memo.arena[span.arena.0 as usize..span.arena.1 as usize]);
        self.token.offset_from = span.from;
        self.token.offset_to = span.to;
        self.token.position = span.position;
        self.token.position_length = 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

thread_local! {
    /// The tokenizer of [`for_each_search_token`] on this thread.
    static SEARCH_TIME_TOKENIZER: std::cell::RefCell<BulletinTokenizer> =
        std::cell::RefCell::new(BulletinTokenizer::new());
}

/// One token of a text analysed at search time, as the analyzer's token
/// stream gives it (the same text, offsets and position), its text read
/// in place from the memo of analysed words rather than copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchToken<'a> {
    pub text: &'a str,
    pub offset_from: usize,
    pub offset_to: usize,
    pub position: usize,
}

/// Calls `each` with the tokens of `text` in order, as they are made
/// (nothing is copied): analysis at search time, for snippets. Each thread
/// keeps a tokenizer of its own, so its memo of analysed words lasts across
/// searches (a fresh one would stem every word of every body again) and
/// threads making snippets side by side do not wait for each other. The
/// same text given again in a row (a body read for its phrases, then for
/// its passage) is not analysed again.
///
/// A search whose words are all of `wanted` ([`FirstLetters::ALL`] for
/// every word) gets a word that cannot give one of them (see
/// [`FirstLetters::may_give`]) as one token with no text, where its first
/// token would stand. Every token of the words that can give one is as the
/// analyzer makes it, and every word keeps its place and offsets, so that
/// a passage is laid out and marked as with every token.
pub fn for_each_search_token(
    text: &str,
    wanted: FirstLetters,
    mut each: impl FnMut(&SearchToken<'_>),
) {
    fn stream(
        tokenizer: &mut BulletinTokenizer,
        text: &str,
        wanted: FirstLetters,
        each: &mut impl FnMut(&SearchToken<'_>),
    ) {
        tokenizer.analyse_once_for(text, wanted);
        let arena = tokenizer.memo.arena.as_str();
        for span in &tokenizer.tokens {
            each(&SearchToken {
                text: arena
                    .get(span.arena.0 as usize..span.arena.1 as usize)
                    .unwrap_or(""),
                offset_from: span.from,
                offset_to: span.to,
                position: span.position,
            });
        }
    }
    SEARCH_TIME_TOKENIZER.with(|tokenizer| match tokenizer.try_borrow_mut() {
        Ok(mut tokenizer) => stream(&mut tokenizer, text, wanted, &mut each),
        // Called again from `each`: a tokenizer of its own.
        Err(_) => stream(&mut BulletinTokenizer::new(), text, wanted, &mut each),
    });
}

/// The first letters (in lower case) of the forms a search looks for, and
/// so of the plain ASCII words that can give one of them.
///
/// A word of ASCII letters and digits that starts with one gives forms
/// that start with the same letter: it is lower-cased, a possessive's `'s`
/// goes from its end, the British spelling of a suffix (`-ise`,
/// `-isation`, a plural) becomes American, the stemmer changes only its
/// end, and its capitals form is the word in capitals. Only a whole word
/// the analyzer reads as another can start otherwise: a city's local name
/// (`wien`, `vienna`) and a British word of the spelling list; the first
/// letters of those that give a wanted form are wanted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FirstLetters(u128);

impl FirstLetters {
    /// Every word.
    pub const ALL: FirstLetters = FirstLetters(u128::MAX);

    /// The words that can give one of `forms` (indexed forms, as the
    /// analyzer makes them).
    pub fn of_forms<'a>(forms: impl IntoIterator<Item = &'a str>) -> Self {
        let read_otherwise = letters_read_otherwise();
        let mut letters = 0u128;
        for form in forms {
            match form.bytes().next() {
                Some(first) if first.is_ascii_alphanumeric() => {
                    let first = first.to_ascii_lowercase();
                    letters |= 1 << first | read_otherwise[first as usize];
                }
                // A form of no plain first letter: a word of any.
                _ => return FirstLetters::ALL,
            }
        }
        FirstLetters(letters)
    }

    /// Whether `word` (a word as split, not joined to another) can give a
    /// wanted form: a word that is not plain ASCII, or that starts with
    /// no ASCII letter or digit, may.
    #[inline]
    fn may_give(self, word: &str) -> bool {
        if self == FirstLetters::ALL {
            return true;
        }
        match word.as_bytes().first() {
            Some(&first) if first.is_ascii_alphanumeric() && word.len() <= MAX_WORD_BYTES => {
                self.0 & 1 << first.to_ascii_lowercase() != 0 || !word.is_ascii()
            }
            _ => true,
        }
    }
}

/// For each ASCII letter or digit, the first letters of the whole words
/// that the analyzer reads as a word of another first letter and that
/// give a form starting with it: the cities' local names and the British
/// words of the spelling list, analysed as they are in a text.
fn letters_read_otherwise() -> &'static [u128; 128] {
    static TABLE: std::sync::OnceLock<[u128; 128]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u128; 128];
        let mut tokenizer = BulletinTokenizer::new();
        let words = gazetteer()
            .city_keys()
            .chain(crate::index::spelling::british_words_starting(""));
        for word in words {
            let Some(&first) = word.as_bytes().first() else {
                continue;
            };
            if !word.is_ascii() || !first.is_ascii_alphanumeric() || word.contains(' ') {
                continue;
            }
            let first = first.to_ascii_lowercase();
            for token in analyse_text(&mut tokenizer, word) {
                for form in token.forms.iter().chain(&token.capitals) {
                    match form.bytes().next() {
                        Some(read) if read.is_ascii() => {
                            let read = read.to_ascii_lowercase();
                            if read != first {
                                table[read as usize] |= 1 << first;
                            }
                        }
                        // A form of no plain first letter: every word of
                        // this first letter may give any such form, which
                        // `FirstLetters::of_forms` reads as every word.
                        _ => {}
                    }
                }
            }
        }
        table
    })
}

/// One analysed query token: its forms at one position, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysedToken {
    pub position: usize,
    /// The lower-case forms, which match the word however it is written.
    pub forms: Vec<String>,
    /// The capitals forms of a word written in capitals (`SEE`), which
    /// match it only where the text writes it in capitals too; a query uses
    /// them for an acronym the glossary knows.
    pub capitals: Vec<String>,
    pub from: usize,
    pub to: usize,
}

impl AnalysedToken {
    /// Searches the word only as written in capitals, when it is
    /// (`SEE`, not `see`); false, and unchanged, when it is not.
    pub fn keep_capitals_only(&mut self) -> bool {
        if self.capitals.is_empty() {
            return false;
        }
        self.forms = self.capitals.clone();
        true
    }
}

/// Analyses text (a query word or phrase) into tokens grouped by position.
pub fn analyse_text(tokenizer: &mut BulletinTokenizer, text: &str) -> Vec<AnalysedToken> {
    let mut out: Vec<AnalysedToken> = Vec::new();
    let mut stream = tokenizer.token_stream(text);
    while stream.advance() {
        let token = stream.token();
        if out
            .last()
            .is_none_or(|last| last.position != token.position)
        {
            out.push(AnalysedToken {
                position: token.position,
                forms: Vec::new(),
                capitals: Vec::new(),
                from: token.offset_from,
                to: token.offset_to,
            });
        }
        let Some(last) = out.last_mut() else {
            continue;
        };
        let forms = if is_capitals_form(&token.text) {
            &mut last.capitals
        } else {
            &mut last.forms
        };
        if !forms.contains(&token.text) {
            forms.push(token.text.clone());
        }
        last.to = last.to.max(token.offset_to);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> Vec<Vec<String>> {
        analyse_text(&mut BulletinTokenizer::new(), text)
            .into_iter()
            .map(|t| t.forms)
            .collect()
    }

    fn same(a: &str, b: &str) {
        assert_eq!(terms(a), terms(b), "{a} vs {b}");
    }

    /// The longest word indexed is measured on the word as read: a word
    /// typed decomposed, with soft hyphens or in fullwidth letters is
    /// indexed as its plain form is, and one whose plain form is too long
    /// is still left out.
    #[test]
    fn the_longest_word_is_measured_as_read() {
        // 62 bytes composed, 78 decomposed.
        let plain = format!("{}{}", "a".repeat(30), "\u{e9}".repeat(16));
        let decomposed = format!("{}{}", "a".repeat(30), "e\u{301}".repeat(16));
        assert!(plain.len() <= MAX_WORD_BYTES && decomposed.len() > MAX_WORD_BYTES);
        assert_eq!(terms(&plain).len(), 1, "{plain}");
        same(&plain, &decomposed);
        // 60 letters and five soft hyphens: 70 bytes.
        let letters = "abcdefghij".repeat(6);
        let hyphenated: String = letters
            .chars()
            .enumerate()
            .flat_map(|(at, c)| {
                let hyphen = (at % 10 == 9 && at < 59).then_some('\u{ad}');
                std::iter::once(c).chain(hyphen)
            })
            .collect();
        assert!(hyphenated.len() > MAX_WORD_BYTES, "{hyphenated}");
        assert_eq!(terms(&letters).len(), 1);
        same(&letters, &hyphenated);
        // 30 fullwidth letters: 90 bytes, read as 30.
        let fullwidth = "\u{ff41}".repeat(30);
        assert_eq!(terms(&"a".repeat(30)).len(), 1);
        same(&"a".repeat(30), &fullwidth);
        // Too long as read: left out, however typed.
        let long = "a".repeat(MAX_WORD_BYTES + 1);
        assert!(terms(&long).is_empty());
        let long_hyphenated = format!("{}\u{ad}{}", "a".repeat(40), "a".repeat(25));
        assert!(terms(&long_hyphenated).is_empty());
        assert!(terms(&"\u{ff41}".repeat(MAX_WORD_BYTES + 1)).is_empty());
    }

    #[test]
    fn words_joined_by_full_stops_are_indexed_whole_and_by_parts() {
        assert_eq!(
            terms("UN.Locking Impunity"),
            [vec!["un.lock", "un"], vec!["lock"], vec!["impun"]]
        );
        assert_eq!(
            terms("unodc.org"),
            [vec!["unodc.org", "unodc"], vec!["org"]]
        );
        // Numbers and SDG targets stay whole.
        assert_eq!(terms("16.4 3.5"), [vec!["16.4"], vec!["3.5"]]);
    }

    #[test]
    fn folds_diacritics_case_and_spelling() {
        same("Bijača", "bijaca");
        same("organised", "organized");
        same("programme", "program");
        same("Programmes", "programs");
        same("centre", "center");
        same("labour", "labor");
        same("defence", "defense");
        same("mentoring", "mentor");
    }

    #[test]
    fn d_with_stroke_reads_as_d_and_dj() {
        assert_eq!(
            terms("Đakovica"),
            vec![vec!["dakovica".to_string(), "djakovica".to_string()]]
        );
    }

    #[test]
    fn homoglyphs_and_cyrillic() {
        same("\u{0422}he", "The");
        same("Скопје", "Skopje");
        same("Београд", "Belgrade");
        same("Priština", "Pristina");
        same("Prishtinë", "Pristina");
    }

    #[test]
    fn hyphenated_words_are_whole_and_parts() {
        let tokens = analyse_text(&mut BulletinTokenizer::new(), "AIRCOP-CCP e-evidence");
        let forms: Vec<(usize, Vec<String>)> =
            tokens.into_iter().map(|t| (t.position, t.forms)).collect();
        assert_eq!(
            forms,
            vec![
                (0, vec!["aircopccp".to_string(), "aircop".to_string()]),
                (1, vec!["ccp".to_string()]),
                (2, vec!["eevid".to_string(), "e".to_string()]),
                (3, vec!["evid".to_string()]),
            ]
        );
    }

    #[test]
    fn a_word_in_capitals_also_has_its_capitals_form() {
        let capitals = |text: &str| -> Vec<Vec<String>> {
            analyse_text(&mut BulletinTokenizer::new(), text)
                .into_iter()
                .map(|t| t.capitals)
                .collect()
        };
        // The lower-case forms are those of the word in any case.
        same("SEE", "see");
        assert_eq!(capitals("SEE see See"), [vec!["SEE"], vec![], vec![]]);
        assert_eq!(
            capitals("UNODC's PCUs MoU Bijača BIJAČA NGOs MoUs"),
            [
                vec!["UNODC"],
                vec!["PCU"],
                vec!["MOU"],
                vec![],
                vec!["BIJACA"],
                vec!["NGO"],
                vec!["MOU"]
            ]
        );
        // Each part of a hyphenated or dotted word, and the joined word.
        assert_eq!(
            capitals("EU-UNODC UN.Locking"),
            [vec!["EUUNODC", "EU"], vec!["UNODC"], vec!["UN"], vec![]]
        );
        assert!(is_capitals_form("SEE") && !is_capitals_form("see") && !is_capitals_form("16.4"));
    }

    type Spans = Vec<(usize, usize)>;

    fn both_ways(text: &str) -> (Spans, Spans) {
        let (mut fast, mut slow) = (Vec::new(), Vec::new());
        assert!(
            split_words_fast(text, &mut fast),
            "fast path takes {text:?}"
        );
        split_words_uax29(text, &mut slow);
        (fast, slow)
    }

    /// One tokenizer analyses the values of a record one after another,
    /// the title three times in a row: a text given again gives the same
    /// tokens, and the next text its own, as a fresh tokenizer gives them.
    #[test]
    fn a_text_given_again_gives_the_same_tokens() {
        let corpus = crate::extract::shipped::text();
        let lines: Vec<&str> = corpus.lines().filter(|l| !l.trim().is_empty()).collect();
        assert!(lines.len() > 20);
        let mut tokenizer = BulletinTokenizer::new();
        for pair in lines.windows(2).take(40) {
            for text in [pair[0], pair[0], pair[0], pair[1], "", pair[1]] {
                let fresh = analyse_text(&mut BulletinTokenizer::new(), text);
                assert_eq!(analyse_text(&mut tokenizer, text), fresh, "{text}");
            }
        }
    }

    /// Snippets read the tokens of a body in place: the same text, offsets
    /// and positions as the token stream gives, for hyphen chains, dotted
    /// words and capitals forms too, and for a text given again in a row.
    #[test]
    fn search_tokens_are_the_token_streams_tokens() {
        let corpus = crate::extract::shipped::text();
        let mut texts: Vec<&str> = corpus.lines().filter(|l| !l.trim().is_empty()).collect();
        texts.extend([
            "e-evidence anti–corruption UN.Locking unodc.org SEE see U.S. Priština Скопје",
            "e-evidence anti–corruption UN.Locking unodc.org SEE see U.S. Priština Скопје",
            "",
        ]);
        let mut checked = 0;
        for text in texts {
            let mut theirs = Vec::new();
            let mut tokenizer = BulletinTokenizer::new();
            let mut stream = tokenizer.token_stream(text);
            while stream.advance() {
                let token = stream.token();
                theirs.push((
                    token.text.clone(),
                    token.offset_from,
                    token.offset_to,
                    token.position,
                ));
            }
            let mut ours = Vec::new();
            for_each_search_token(text, FirstLetters::ALL, |token| {
                ours.push((
                    token.text.to_string(),
                    token.offset_from,
                    token.offset_to,
                    token.position,
                ));
            });
            assert_eq!(ours, theirs, "{text}");
            checked += ours.len();
        }
        assert!(checked > 1000, "{checked}");
    }

    /// The forms of a word as split, and of its whole token (not a part
    /// of it): each is wanted only if the word may give it.
    fn check_first_letters(word: &str) {
        let mut tokenizer = BulletinTokenizer::new();
        for token in analyse_text(&mut tokenizer, word) {
            if (token.from, token.to) != (0, word.len()) {
                continue;
            }
            for form in token.forms.iter().chain(&token.capitals) {
                let wanted = FirstLetters::of_forms([form.as_str()]);
                assert!(wanted.may_give(word), "{word}: {form}");
            }
        }
    }

    /// A word that gives a form is one that its first letters take: every
    /// word of the shipped bulletin, every city's local name and British
    /// word of the spelling list, each as written, capitalised, in
    /// capitals, as a possessive and a plural.
    #[test]
    fn a_word_gives_only_forms_of_the_first_letters_it_is_read_for() {
        let bulletin = crate::extract::shipped::text();
        let bulletin = bulletin.as_str();
        let mut words = Vec::new();
        split_words(bulletin, &mut words);
        let mut checked = 0;
        for &(from, to) in &words {
            check_first_letters(&bulletin[from..to]);
            checked += 1;
        }
        let listed: Vec<&str> = gazetteer()
            .city_keys()
            .chain(crate::index::spelling::british_words_starting(""))
            .filter(|word| !word.contains(' '))
            .collect();
        for word in listed {
            let capitalised: String = word
                .chars()
                .take(1)
                .flat_map(char::to_uppercase)
                .chain(word.chars().skip(1))
                .collect();
            for written in [
                word.to_string(),
                capitalised,
                word.to_uppercase(),
                format!("{word}'s"),
                format!("{word}s"),
            ] {
                check_first_letters(&written);
                checked += 1;
            }
        }
        assert!(checked > 5000, "{checked}");
        // A form of no plain first letter: every word.
        assert_eq!(FirstLetters::of_forms(["ω"]), FirstLetters::ALL);
        assert!(FirstLetters::of_forms(["vienna"]).may_give("Wien"));
        assert!(!FirstLetters::of_forms(["vienna"]).may_give("Skopje"));
    }

    proptest::proptest! {
        #[test]
        fn a_random_word_gives_forms_of_its_first_letter(word in "[a-zA-Z0-9][a-zA-Z0-9']{0,14}") {
            check_first_letters(&word);
        }
    }

    #[test]
    fn fast_path_splits_like_unicode_segmentation() {
        for text in [
            "UNODC's U.S. Target 16.4, 1,000 officers; e-evidence (MLA) G20 snake_case end.",
            "UNODC’s “Networking the Networks” – Bijača, Prishtinë; Тhe Скопје and Београд: a:b 3.5 ‘x’",
            "co\u{0301}mbining mar\u{0301}ks, soft\u{00AD}hyphen, l·l, a_ _b __ 1_000 x.y. .5 5. '5' ’’",
        ] {
            let (fast, slow) = both_ways(text);
            assert_eq!(fast, slow, "{text}");
        }
        let bulletin = crate::extract::shipped::text();
        for line in bulletin.lines() {
            let (fast, slow) = both_ways(line);
            assert_eq!(fast, slow, "{line}");
        }
    }

    proptest::proptest! {
        #[test]
        fn fast_path_agrees_on_random_text(text in "[a-zA-Z0-9 _.,;:'’‘·\u{00AD}\u{0301}čćđšžëÀ-ÿАБВГДЕЖЗИЈКЛабвгдежзијклΑΒΓαβγ\\-–—“”()!?\n]{0,80}") {
            let (fast, slow) = both_ways(&text);
            proptest::prop_assert_eq!(fast, slow);
        }
    }
}
