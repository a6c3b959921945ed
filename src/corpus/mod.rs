//! Reading bulletin files: bytes to clean lines, lines to raw entries.
//!
//! This layer knows the shape of a bulletin (title line, dateline line, paragraph
//! lines) but nothing of what the lines mean beyond "does this look like a
//! dateline", which it asks of [`crate::extract::dateline`].

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::extract::date::{is_dash, is_weekday, month_number};
use crate::extract::dateline;
use crate::extract::gazetteer::gazetteer;

/// One line of a bulletin file, cleaned of BOM, CR and trailing white space.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the file.
    pub number: usize,
    pub text: String,
}

/// A warning about a bulletin file, located by file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub source: String,
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.source, self.line, self.message)
    }
}

/// An entry as it stands in the file: title, dateline line, paragraph lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawEntry {
    /// File name (no folders), as records and ids name it.
    pub source: String,
    pub title: Line,
    pub dateline: Line,
    pub paragraphs: Vec<Line>,
    /// The dateline as the reader parsed it when it recognised the entry.
    pub parsed_dateline: Option<dateline::Dateline>,
}

/// A bulletin file split into entries, with the warnings met on the way.
#[derive(Debug, Clone, Default)]
pub struct RawBulletin {
    pub source: String,
    pub entries: Vec<RawEntry>,
    pub warnings: Vec<Warning>,
}

/// Reads a bulletin file from disk and splits it into entries.
pub fn read_bulletin_file(path: &Path) -> Result<RawBulletin> {
    let bytes = read_file_bytes(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok(split_bulletin(&source_name(path), &bytes))
}

/// The most bytes one bulletin file may hold: some hundred thousand
/// entries, far beyond a decade of monthly bulletins.
pub const MAX_FILE_BYTES: u64 = 1 << 30;

/// The bytes of a file, refused past [`MAX_FILE_BYTES`]: a device that
/// never ends (`/dev/zero`) or a file no bulletin is would otherwise be read
/// until memory runs out.
pub fn read_file_bytes(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::FileTooLarge,
            format!(
                "larger than {} GiB, the most one bulletin file may hold; split it (one file a month, say)",
                MAX_FILE_BYTES >> 30
            ),
        )
    };
    let known = file
        .metadata()
        .ok()
        .filter(|meta| meta.is_file())
        .map(|meta| meta.len());
    if known.is_some_and(|len| len > MAX_FILE_BYTES) {
        return Err(too_large());
    }
    let mut bytes =
        Vec::with_capacity(known.and_then(|len| usize::try_from(len).ok()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The name a record gives its source file: the file name without folders.
pub fn source_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

/// Decodes bytes into cleaned, numbered lines. Undecodable bytes and
/// control characters are replaced by U+FFFD and reported; blank lines are
/// dropped. A file with a UTF-16 byte order mark is read as UTF-16, and a
/// CR alone ends a line as LF and CRLF do (old Mac files, files joined from
/// several systems); both are reported. Lines that are not UTF-8 but read
/// as text in a legacy code page (windows-1250, windows-1251, …) are read
/// in the code page the detector names, with one warning at the first.
pub fn decode_lines(source: &str, bytes: &[u8]) -> (Vec<Line>, Vec<Warning>) {
    let mut warnings = Vec::new();
    let warn = |warnings: &mut Vec<Warning>, line: usize, message: &str| {
        warnings.push(Warning {
            source: source.to_string(),
            line,
            message: message.to_string(),
        });
    };
    // The text of a file in UTF-32 or UTF-16, read as UTF-8 from here on.
    let mut wide = from_utf32(bytes);
    if wide.is_some() {
        warn(
            &mut warnings,
            1,
            "the file is UTF-32 (byte order mark), read as such",
        );
    } else if let Some(text) = from_utf16(bytes) {
        wide = Some(text);
        warn(
            &mut warnings,
            1,
            "the file is UTF-16 (byte order mark), read as such",
        );
    } else if let Some(little) = utf16_without_mark(bytes) {
        let order = if little { "LE" } else { "BE" };
        warn(
            &mut warnings,
            1,
            &format!("the file looks like UTF-16{order} without a byte order mark, read as such"),
        );
        wide = Some(decode_utf16(bytes, little));
    }
    let bytes = wide.as_ref().map_or(bytes, |wide| wide.text.as_bytes());
    // Where the lines start, for the units of a wide file replaced.
    let base = bytes.as_ptr() as usize;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // A line ends at LF, CRLF or a CR alone: a file of old Mac line ends
    // has only the last, and files joined from several systems mix them.
    let pieces = split_line_ends(bytes);
    if let Some(first) = pieces.iter().position(|(_, lone_cr)| *lone_cr) {
        let message = if bytes.contains(&b'\n') {
            "a CR alone ends this line (the file mixes line ends), read as a line end"
        } else {
            "lines end in CR alone (old Mac style), read as line ends"
        };
        warn(&mut warnings, first + 1, message);
    }
    // Read on the first line that is not UTF-8: a UTF-8 file (nearly
    // every one) is not read twice.
    let mut legacy: Option<Option<LegacyLines>> = None;
    let mut lines = Vec::new();
    for (index, &(raw, _)) in pieces.iter().enumerate() {
        let number = index + 1;
        let text = match std::str::from_utf8(raw) {
            Ok(text) => std::borrow::Cow::Borrowed(text),
            Err(_) => match legacy
                .get_or_insert_with(|| LegacyLines::detect(&pieces))
                .as_mut()
                .and_then(|legacy| legacy.take(index))
            {
                Some((text, encoding, is_first)) => {
                    if is_first {
                        warn(
                            &mut warnings,
                            number,
                            &format!("not UTF-8; read as {} (detected)", encoding.name()),
                        );
                    }
                    std::borrow::Cow::Owned(text)
                }
                None => {
                    warn(&mut warnings, number, "invalid UTF-8 replaced by U+FFFD");
                    String::from_utf8_lossy(raw)
                }
            },
        };
        if let Some(wide) = &wide {
            let start = raw.as_ptr() as usize - base;
            if wide
                .replaced
                .iter()
                .any(|&at| at >= start && at < start + raw.len())
            {
                let message = format!("invalid {} replaced by U+FFFD", wide.encoding);
                warn(&mut warnings, number, &message);
            }
        }
        // A BOM can also sit at the start of a later line when files were concatenated.
        let text = text.trim_start_matches('\u{feff}').trim_end();
        if text.trim().is_empty() {
            continue;
        }
        let text = if has_control(text) {
            warn(
                &mut warnings,
                number,
                "control characters replaced by U+FFFD",
            );
            text.chars()
                .map(|c| if is_control(c) { '\u{FFFD}' } else { c })
                .collect()
        } else {
            text.to_string()
        };
        // One spelling for one name: `c` + a combining caron is `č`, so a
        // city written both ways is one facet value (canonical composition,
        // NFC, which changes no letter a reader sees).
        let text = if text.is_ascii()
            || unicode_normalization::is_nfc_quick(text.chars())
                == unicode_normalization::IsNormalized::Yes
        {
            text
        } else {
            unicode_normalization::UnicodeNormalization::nfc(text.as_str()).collect()
        };
        lines.push(Line { number, text });
    }
    (lines, warnings)
}

/// The code pages the programme's offices save in: Central European and
/// Cyrillic for the languages of the region, Western European for the rest.
const REGIONAL_CODE_PAGES: [&encoding_rs::Encoding; 7] = [
    encoding_rs::WINDOWS_1250,
    encoding_rs::ISO_8859_2,
    encoding_rs::WINDOWS_1251,
    encoding_rs::ISO_8859_5,
    encoding_rs::KOI8_U,
    encoding_rs::IBM866,
    encoding_rs::WINDOWS_1252,
];

/// The lines of a file that are not UTF-8, read in the legacy code page
/// that the detector guesses from their bytes (a bulletin saved by an
/// office as windows-1250, windows-1251 or windows-1252).
struct LegacyLines {
    encoding: &'static encoding_rs::Encoding,
    /// The text of each line read in `encoding`, by line index; `None` for
    /// the lines that are UTF-8 or read in no code page.
    texts: Vec<Option<String>>,
    /// The index of the first line read in `encoding`, for the warning.
    first: usize,
}

impl LegacyLines {
    /// The lines of `pieces` that are not UTF-8, read in the code page
    /// they fit, or `None` when they read as no code page's text: a
    /// stray byte in UTF-8 text stays the U+FFFD it always was.
    ///
    /// chardetng (Mozilla's detector, as Firefox runs it on unlabelled
    /// pages) is fed those lines only: the lines that are UTF-8 would read
    /// to it as Latin letters in pairs. It is given no top-level domain:
    /// `ba` or `hr` made it read Western European text (`Genève`) as
    /// windows-1250 and `rs` or `mk` Latin text (`Bijača`) as windows-1251,
    /// while without one it told all three apart on the tests' bulletins.
    /// A few words give it little to go on: `Đakovica` alone read as
    /// windows-1257 (Baltic), `Охрид` alone as windows-1255 (Hebrew). A
    /// guess outside [`REGIONAL_CODE_PAGES`] is asked again as from Bosnia
    /// and Herzegovina (`ba`), where the Central European and Cyrillic code
    /// pages are the expected ones.
    fn detect(pieces: &[(&[u8], bool)]) -> Option<LegacyLines> {
        let candidates: Vec<usize> = pieces
            .iter()
            .enumerate()
            .filter(|(_, (raw, _))| std::str::from_utf8(raw).is_err() && !is_damaged_utf8(raw))
            .map(|(index, _)| index)
            .collect();
        if candidates.is_empty() {
            return None;
        }
        let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
        for &index in &candidates {
            detector.feed(pieces[index].0, false);
            detector.feed(b"\n", false);
        }
        detector.feed(b"", true);
        let mut encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
        if !REGIONAL_CODE_PAGES.contains(&encoding) {
            encoding = detector.guess(Some(b"ba"), chardetng::Utf8Detection::Deny);
        }
        let mut texts = vec![None; pieces.len()];
        let mut first = None;
        for &index in &candidates {
            let decoded =
                encoding.decode_without_bom_handling_and_without_replacement(pieces[index].0);
            if let Some(text) = decoded {
                first.get_or_insert(index);
                texts[index] = Some(text.into_owned());
            }
        }
        let first = first?;
        texts
            .iter()
            .flatten()
            .any(|text| reads_as_text(text))
            .then_some(LegacyLines {
                encoding,
                texts,
                first,
            })
    }

    /// The text of line `index` if it was read in the code page, the code
    /// page, and whether it is the first line so read.
    fn take(&mut self, index: usize) -> Option<(String, &'static encoding_rs::Encoding, bool)> {
        let text = self.texts.get_mut(index)?.take()?;
        Some((text, self.encoding, index == self.first))
    }
}

/// Whether a line that is not UTF-8 holds at least as many characters of
/// several bytes in UTF-8 as runs of bytes that are not: UTF-8 with a
/// stray byte (`Bijača \xFF`), not a code page's text, in which a letter
/// followed by a byte that makes a UTF-8 pair with it (`Сј` in Сјеница,
/// windows-1251) is rare among the bytes that make none.
fn is_damaged_utf8(raw: &[u8]) -> bool {
    let (mut valid, mut invalid) = (0, 0);
    for chunk in raw.utf8_chunks() {
        valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        invalid += usize::from(!chunk.invalid().is_empty());
    }
    valid >= invalid
}

/// Whether text read in a code page looks like text: some character it
/// gave that is not ASCII nor a control touches a letter, as the letters
/// of `Bijača` and the quote of `UNODC’s` do. A byte standing alone in
/// UTF-8 text (`bad \xFF byte`, `22-2\xFF March`) reads as a letter or a
/// sign that touches none in every code page.
fn reads_as_text(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars.iter().enumerate().any(|(at, c)| {
        let touches_a_letter = (at > 0 && chars[at - 1].is_alphabetic())
            || chars.get(at + 1).is_some_and(|next| next.is_alphabetic());
        !c.is_ascii() && !c.is_control() && touches_a_letter
    })
}

/// The lines of `bytes`, each with whether a CR alone ends it. LF and
/// CRLF end a line, and so does a CR not followed by LF.
fn split_line_ends(bytes: &[u8]) -> Vec<(&[u8], bool)> {
    let mut pieces = Vec::new();
    let mut start = 0;
    // Only the line ends are visited (memchr), not every byte of the file.
    for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
        // The LF of a CRLF, whose line was ended at its CR.
        if at < start {
            continue;
        }
        if bytes[at] == b'\n' {
            pieces.push((&bytes[start..at], false));
            start = at + 1;
        } else if bytes.get(at + 1) == Some(&b'\n') {
            pieces.push((&bytes[start..at], false));
            start = at + 2;
        } else {
            pieces.push((&bytes[start..at], true));
            start = at + 1;
        }
    }
    pieces.push((&bytes[start..], false));
    pieces
}

/// The text of a file that starts with a UTF-32 byte order mark (either
/// byte order; its little-endian mark begins like UTF-16's), code units
/// that are no character replaced by U+FFFD.
fn from_utf32(bytes: &[u8]) -> Option<Wide> {
    let little = match bytes {
        [0xFF, 0xFE, 0, 0, ..] => true,
        [0, 0, 0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    let mut wide = Wide::new("UTF-32");
    for unit in bytes[4..].chunks(4) {
        wide.push(match (unit, little) {
            ([a, b, c, d], true) => char::from_u32(u32::from_le_bytes([*a, *b, *c, *d])),
            ([a, b, c, d], false) => char::from_u32(u32::from_be_bytes([*a, *b, *c, *d])),
            _ => None,
        });
    }
    Some(wide)
}

/// The text of a UTF-16 or UTF-32 file, with where code units that are
/// no character were replaced by U+FFFD, so that their lines are named.
struct Wide {
    text: String,
    /// The byte offsets in `text` of the U+FFFD put for such units.
    replaced: Vec<usize>,
    /// `UTF-16` or `UTF-32`, for the warning.
    encoding: &'static str,
}

impl Wide {
    fn new(encoding: &'static str) -> Self {
        Wide {
            text: String::new(),
            replaced: Vec::new(),
            encoding,
        }
    }

    /// Adds a character, or U+FFFD for a unit that is none.
    fn push(&mut self, c: Option<char>) {
        if c.is_none() {
            self.replaced.push(self.text.len());
        }
        self.text.push(c.unwrap_or('\u{FFFD}'));
    }
}

/// The text of a file that starts with a UTF-16 byte order mark (either
/// byte order), unpaired surrogates replaced by U+FFFD.
fn from_utf16(bytes: &[u8]) -> Option<Wide> {
    let little = match bytes {
        [0xFF, 0xFE, ..] => true,
        [0xFE, 0xFF, ..] => false,
        _ => return None,
    };
    Some(decode_utf16(&bytes[2..], little))
}

/// The byte order of a UTF-16 file written without a byte order mark
/// (`Some(true)`: little-endian), told by where its NUL bytes fall: text
/// in UTF-8 has none, while the spaces, digits and Latin letters of UTF-16
/// text have a NUL in every other byte, all on the same side.
fn utf16_without_mark(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(8192) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let (mut even, mut odd) = (0, 0);
    for pair in sample.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let one_sided = |many: usize, few: usize| many * 8 >= pairs && few * 20 <= many;
    if one_sided(odd, even) {
        Some(true)
    } else if one_sided(even, odd) {
        Some(false)
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], little: bool) -> Wide {
    // An odd last byte is no whole code unit: `None`, as a lone surrogate.
    let units = bytes.chunks(2).map(|pair| match (pair, little) {
        ([a, b], true) => Some(u16::from_le_bytes([*a, *b])),
        ([a, b], false) => Some(u16::from_be_bytes([*a, *b])),
        _ => None,
    });
    let mut wide = Wide::new("UTF-16");
    let mut odd_end = false;
    let whole = units.map_while(|unit| {
        odd_end = unit.is_none();
        unit
    });
    for c in char::decode_utf16(whole) {
        wide.push(c.ok());
    }
    if odd_end {
        wide.push(None);
    }
    wide
}

/// A character that must not reach a terminal or a page as it is: C0
/// controls but tab (line ends are gone by now), DEL and C1 controls. An
/// escape sequence in a bulletin could otherwise retitle or clear the
/// terminal of whoever searches it.
fn is_control(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// Whether a line holds a character [`is_control`] rejects; the bytes are
/// tested first, so plain lines cost one pass.
fn has_control(text: &str) -> bool {
    // A fold without an early exit, of operators that do not branch, which
    // the compiler turns into a pass over many bytes at a time: nearly
    // every line has no such byte, so the whole line is read anyway.
    let suspicious = text.bytes().fold(false, |seen, b| {
        seen | ((b < 0x20) & (b != b'\t')) | (b == 0x7F) | (b == 0xC2)
    });
    suspicious && text.chars().any(is_control)
}

/// Lines that belong to no entry, as an entry of their own so that nothing
/// in the corpus goes unsearched: the first line is its title, the rest its
/// text, and it has no dateline.
fn undated_entry(source: &str, lines: Vec<Line>) -> RawEntry {
    let mut lines = lines.into_iter();
    let title = lines.next().unwrap_or_default();
    // An empty first paragraph, located at the title so that warnings about
    // the entry name a line of the file.
    let dateline = Line {
        number: title.number,
        text: String::new(),
    };
    RawEntry {
        source: source.to_string(),
        title,
        dateline,
        paragraphs: lines.collect(),
        parsed_dateline: None,
    }
}

/// How well a line fits an entry title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleFit {
    /// Short, not a URL or footnote, not ending like a sentence.
    Title,
    /// As a title but ending in `.`, `:` or `;`, or over 300 characters, as
    /// a paragraph line does.
    Sentence,
    /// Empty, a URL or a footnote (`* …`).
    No,
}

/// Past this length a line reads like a paragraph, not a title.
const MAX_TITLE_CHARS: usize = 300;

fn title_fit(text: &str) -> TitleFit {
    let text = text.trim();
    if text.is_empty() || text.starts_with("http") || text.starts_with('*') {
        TitleFit::No
    } else if text.ends_with('.')
        || text.ends_with(':')
        || text.ends_with(';')
        || text.chars().count() > MAX_TITLE_CHARS
    {
        TitleFit::Sentence
    } else {
        TitleFit::Title
    }
}

/// A cheap test that a line may open with a dated dateline, asked before
/// parsing the line after one that ends like a sentence (nearly every
/// paragraph line does): it opens with a number (`22-24 March 2022`), a
/// month (`February-March 2022`), `From` or `Between` (`From 5 to 7 May
/// 2022`), a day's name (`Monday, 5 May 2022`), or a place the gazetteer
/// knows and a comma (`Skopje, 5 May 2019`).
fn opens_with_date_or_place(line: &str) -> bool {
    let first = line
        .split(|c: char| c.is_whitespace() || c == ',' || is_dash(c))
        .next()
        .unwrap_or("");
    if first.starts_with(|c: char| c.is_ascii_digit())
        || (first.len() <= 10 && (month_number(first).is_some() || is_weekday(first)))
        || matches!(first, "From" | "Between")
    {
        return true;
    }
    match line.find(',') {
        Some(at) if at <= 60 => gazetteer().is_known_place(&line[..at]),
        _ => false,
    }
}

/// Whether every part of a dateline has a date read from it: a line ending
/// like a sentence opens an entry only before such a dateline, so a
/// paragraph followed by a paragraph that merely starts with a place does
/// not.
fn is_dated(dateline: &dateline::Dateline) -> bool {
    // `32 March 2022` is read as a date, so that its dateline's other
    // ranges keep theirs, but it is no date that makes a line a dateline.
    dateline.dates_readable
        && dateline
            .parts
            .iter()
            .all(|part| !part.dates.is_empty() && part.dates.iter().all(|spec| spec.is_possible()))
}

/// Whether a dateline names a day its month does not have (`31 June 2022`,
/// `32 May 2022`).
fn has_impossible_date(dateline: &dateline::Dateline) -> bool {
    dateline
        .parts
        .iter()
        .any(|part| part.dates.iter().any(|spec| !spec.is_possible()))
}

/// Whether a dateline whose date cannot be read opens with what is meant as
/// a date (`5 Mai 2022, Skopje: …`, `5/6/2022, Skopje: …`, `Skopje, 5 Mai
/// 2022: …`): its first words up to a comma or colon, or those after a
/// known place, open with a digit or a month and hold a year,
/// and a part names a place the gazetteer knows or `online`. A paragraph
/// that opens with a number (`10 participants, from Skopje: …`) is none.
fn opens_with_unread_date(line: &str, read: &dateline::Dateline) -> bool {
    let mut segments = line.split([',', ':', ';']).map(str::trim);
    let mut first = segments.next().unwrap_or("");
    // `Skopje, 5 Mai 2022: …`: the date after a known place.
    if gazetteer().is_known_place(first) {
        first = segments.next().unwrap_or("");
    }
    let opens_like_a_date = first.starts_with(|c: char| c.is_ascii_digit())
        || first
            .split_whitespace()
            .next()
            .is_some_and(|word| month_number(word).is_some());
    let has_year = first
        .split(|c: char| !c.is_ascii_digit())
        .any(|digits| digits.len() == 4 && (digits.starts_with("19") || digits.starts_with("20")));
    let has_place = read.parts.iter().any(|part| {
        part.online
            || part.places.iter().any(|place| {
                place.city.is_some() || place.country.is_some() || place.region.is_some()
            })
    });
    !read.dates_readable && opens_like_a_date && has_year && has_place
}

/// Tells the user that a title and a dateline ended by a full stop after a
/// place the gazetteer does not know (`5 May 2022, Mavrovo. The workshop
/// …`, `Mavrovo, 5 May 2022. The workshop …`), or by no separator at all
/// (`5 May 2022, Skopje The workshop …`), open no entry, and are kept as
/// text of the entry above.
fn warn_unknown_place_before_full_stop(
    warnings: &mut Vec<Warning>,
    source: &str,
    title: &Line,
    next: &Line,
) {
    if let Some(header) = dateline::header_without_separator(&next.text) {
        warnings.push(no_entry_opened(
            source,
            title,
            next,
            &format!("no separator ends its header `{header}` (write `{header}: …`)"),
        ));
    } else if let Some(place) = dateline::unknown_place_before_full_stop(&next.text) {
        warnings.push(no_entry_opened(
            source,
            title,
            next,
            &format!(
                "a full stop after `{place}`, a place the gazetteer does not know, ends no dateline (write `{place}:`)"
            ),
        ));
    } else if let Some(header) = dateline::unread_date_before_known_place(&next.text) {
        warnings.push(no_entry_opened(
            source,
            title,
            next,
            &format!(
                "no date can be read in its header `{header}` (write the date as `5 May 2022`)"
            ),
        ));
    }
}

/// Tells the user that a dateline seems to go on at the next line (`5 May
/// 2022, Skopje, North Macedonia;` then `6 May 2022, Tirana, Albania: …`,
/// or `5 May 2022` then `Skopje, North Macedonia: …`): its header is its
/// whole line and ends with `;` or `,`, or names no place, and the next
/// line opens with a date or a known place. The next line is the entry's
/// text, so what it names makes no event.
fn warn_dateline_going_on(
    warnings: &mut Vec<Warning>,
    source: &str,
    line: &Line,
    read: &dateline::Dateline,
    after: &Line,
) {
    let text = line.text.trim_end();
    if read.body_start < text.len() {
        return;
    }
    let ends_open = text.ends_with([';', ',']);
    let placeless = read.parts.iter().all(|part| {
        !part.online
            && !part.place_to_be_confirmed
            && part
                .places
                .iter()
                .all(|place| place == &dateline::Place::default())
    });
    let opens_place = after
        .text
        .split([',', ':', ';'])
        .next()
        .is_some_and(|first| gazetteer().is_known_place(first.trim()));
    if (ends_open || placeless) && (opens_place || opens_with_date_or_place(&after.text)) {
        warnings.push(Warning {
            source: source.to_string(),
            line: line.number,
            message: format!(
                "this dateline seems to go on at the next line, line {}; that line is read as the entry's text, so its dates and places make no event (join the two lines)",
                after.number
            ),
        });
    }
}

/// The warning at a line that looks like an entry's title, before a
/// dateline (`next`) that opens no entry, `but` saying why: both lines are
/// kept as text of the entry above.
fn no_entry_opened(source: &str, title: &Line, next: &Line, but: &str) -> Warning {
    Warning {
        source: source.to_string(),
        line: title.number,
        message: format!(
            "this line looks like the start of an entry (a title, then a dateline at line {}), but {but}; both are kept as text of the entry above",
            next.number
        ),
    }
}

/// Splits a bulletin's bytes into raw entries. Never fails: what it cannot
/// place is reported as a warning.
pub fn split_bulletin(source: &str, bytes: &[u8]) -> RawBulletin {
    let (mut lines, mut warnings) = decode_lines(source, bytes);
    let mut entries: Vec<RawEntry> = Vec::new();
    // The lines before the first entry.
    let mut preamble: Vec<Line> = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        // A title is the line before a dateline (DESIGN.md), unless it is
        // a dateline itself.
        let fit = title_fit(&lines[index].text);
        let parsed = match (lines.get(index + 1), fit) {
            (Some(next), TitleFit::Title) if !dateline::looks_like_dateline(&lines[index].text) => {
                // After a title, a header of places whose date is missing
                // (`TBC, Tirana, Albania: …`) still opens the entry; it takes
                // a list, so that a sub-heading followed by `Tirana: …` in
                // an entry's text does not. Nor does a dated sentence
                // (`On 20 May 2022, in Skopje, North Macedonia, …`) without
                // a known place right after its date.
                let parsed = match dateline::parse_dateline(&next.text) {
                    Some(read) if read.dates_readable => Some(read),
                    // `On 20 May 2022, in Skopje, North Macedonia: …` has a
                    // header of names and a date read as a dated opening.
                    unreadable => dateline::parse_dated_opening(&next.text)
                        .or(unreadable)
                        .or_else(|| {
                            dateline::parse_unreadable_header(&next.text)
                                .filter(|header| header.header.contains(','))
                        }),
                };
                let told = warnings.len();
                if parsed.is_none() {
                    warn_unknown_place_before_full_stop(&mut warnings, source, &lines[index], next);
                }
                // A line told of already (`From 5 to 7 May 2022, Skopje
                // The …`, whose header no separator ends) is told of once.
                if parsed.is_none()
                    && warnings.len() == told
                    && dateline::opens_with_readable_date(&next.text)
                {
                    warnings.push(Warning {
                        source: source.to_string(),
                        line: lines[index].number,
                        message: format!(
                            "this line reads like a title before a dated sentence (line {}), but no place the gazetteer knows follows the date; both are kept as text of the entry above",
                            next.number
                        ),
                    });
                }
                parsed
            }
            (Some(next), TitleFit::Sentence)
                if opens_with_date_or_place(&next.text)
                    && !dateline::looks_like_dateline(&lines[index].text) =>
            {
                let parsed = dateline::parse_dateline(&next.text);
                // A dateline with a date that does not exist (`31 June
                // 2022`) after such a line opens no entry, as a paragraph
                // after a paragraph does not; the user is told why.
                let why = match &parsed {
                    Some(read) if has_impossible_date(read) => {
                        Some("has a date that does not exist")
                    }
                    Some(read) if opens_with_unread_date(&next.text, read) => {
                        Some("has a date the reader cannot read")
                    }
                    _ => None,
                };
                if let Some(why) = why {
                    warnings.push(no_entry_opened(
                        source,
                        &lines[index],
                        next,
                        &format!("that dateline {why} and this line ends like a sentence"),
                    ));
                }
                if parsed.is_none() {
                    warn_unknown_place_before_full_stop(&mut warnings, source, &lines[index], next);
                }
                parsed.filter(is_dated)
            }
            (Some(next), TitleFit::Title) if opens_with_date_or_place(&next.text) => {
                // A title-like line that reads as a dateline itself
                // (`Skopje, 5 May 2022`) is no title: a dated dateline
                // after it stays text of the entry above, and the user is told.
                // A line with text after its header (`5 May 2022, Skopje:
                // opening`, in a list of the days of a visit) is no title.
                let header_alone = dateline::parse_dateline(&lines[index].text)
                    .is_some_and(|d| d.body_start >= lines[index].text.trim_end().len());
                if header_alone
                    && dateline::parse_dateline(&next.text).is_some_and(|d| is_dated(&d))
                {
                    warnings.push(Warning {
                        source: source.to_string(),
                        line: lines[index].number,
                        message: format!(
                            "this line looks like the title of an entry (a dateline follows at line {}), but it reads as a dateline itself, so it cannot be a title; both are kept as text of the entry above",
                            next.number
                        ),
                    });
                }
                None
            }
            (Some(next), TitleFit::No) if opens_with_date_or_place(&next.text) => {
                // A dateline after a URL or a footnote has lost its title:
                // both lines stay text of the entry above, and the user is told.
                // So does one whose date does not exist or cannot be read.
                if dateline::parse_dateline(&next.text).is_some_and(|d| {
                    is_dated(&d)
                        || has_impossible_date(&d)
                        || opens_with_unread_date(&next.text, &d)
                }) {
                    warnings.push(Warning {
                        source: source.to_string(),
                        line: next.number,
                        message: format!(
                            "this line reads like a dateline, but line {} before it (a URL or a footnote) cannot be a title; both are kept as text of the entry above",
                            lines[index].number
                        ),
                    });
                } else if let Some(header) = dateline::header_without_separator(&next.text) {
                    // `5 May 2022, Skopje, North Macedonia The workshop …`
                    // after a footnote is told of as after a title.
                    warnings.push(Warning {
                        source: source.to_string(),
                        line: next.number,
                        message: format!(
                            "this line opens like a dateline, but no separator ends its header `{header}` (write `{header}: …`), and line {} before it (a URL or a footnote) cannot be a title; both are kept as text of the entry above",
                            lines[index].number
                        ),
                    });
                }
                None
            }
            _ => None,
        };
        if parsed.is_some() {
            let chars = lines[index].text.chars().count();
            if chars > MAX_TITLE_CHARS {
                warnings.push(Warning {
                    source: source.to_string(),
                    line: lines[index].number,
                    message: format!(
                        "a title of {chars} characters (over {MAX_TITLE_CHARS}); it is kept, but check that the entry's title line is not a paragraph"
                    ),
                });
            }
            if let (Some(read), Some(after)) = (&parsed, lines.get(index + 2)) {
                warn_dateline_going_on(&mut warnings, source, &lines[index + 1], read, after);
            }
            entries.push(RawEntry {
                source: source.to_string(),
                title: std::mem::take(&mut lines[index]),
                dateline: std::mem::take(&mut lines[index + 1]),
                paragraphs: Vec::new(),
                parsed_dateline: parsed,
            });
            index += 2;
            continue;
        }
        let line = std::mem::take(&mut lines[index]);
        match entries.last_mut() {
            Some(entry) => entry.paragraphs.push(line),
            None => preamble.push(line),
        }
        index += 1;
    }
    // A file with no entry: a title ending like a sentence opens one
    // before a dateline that gives a date, though not to every part (a
    // guard against splitting an entry's paragraphs, of which such a file
    // has none), rather than the whole file going without its dates.
    if entries.is_empty()
        && let Some(at) = (0..preamble.len().saturating_sub(1)).find(|&at| {
            title_fit(&preamble[at].text) == TitleFit::Sentence
                && !dateline::looks_like_dateline(&preamble[at].text)
                && opens_with_date_or_place(&preamble[at + 1].text)
        })
        && let Some(parsed) = dateline::parse_dateline(&preamble[at + 1].text).filter(|read| {
            read.dates_readable
                && read.parts.iter().any(|part| {
                    !part.dates.is_empty() && part.dates.iter().all(|spec| spec.is_possible())
                })
        })
    {
        let mut rest = preamble.split_off(at);
        let paragraphs = rest.split_off(2);
        let mut pair = rest.into_iter();
        let title = pair.next().unwrap_or_default();
        let dateline = pair.next().unwrap_or_default();
        warnings.push(Warning {
            source: source.to_string(),
            line: title.number,
            message: format!(
                "this line ends like a sentence, and not every part of the dateline after it (line {}) has a date; the file has no other entry, so it is read as that entry's title",
                dateline.number
            ),
        });
        entries.push(RawEntry {
            source: source.to_string(),
            title,
            dateline,
            paragraphs,
            parsed_dateline: Some(parsed),
        });
    }
    if let Some(first_line) = preamble.first().map(|line| line.number) {
        let message = if entries.is_empty() {
            format!(
                "no entry found (no title followed by a dateline `DATE, PLACE: text`): the file's {} line(s) are indexed as one entry without dates or places",
                preamble.len()
            )
        } else {
            format!(
                "{} line(s) before the first entry are indexed as an entry of their own, without dates or places",
                preamble.len()
            )
        };
        warnings.push(Warning {
            source: source.to_string(),
            line: first_line,
            message,
        });
        entries.insert(0, undated_entry(source, preamble));
    } else if entries.is_empty() {
        warnings.push(Warning {
            source: source.to_string(),
            line: 1,
            message: "empty bulletin: no entries".to_string(),
        });
    }
    RawBulletin {
        source: source.to_string(),
        entries,
        warnings,
    }
}

/// The `.txt` files under the corpus paths, sorted; an error for the first
/// path or folder that cannot be read.
pub fn find_bulletin_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let listing = list_bulletin_files(paths)?;
    match listing.unreadable.into_iter().next() {
        Some((path, source)) => Err(Error::Read { path, source }),
        None => Ok(listing.files),
    }
}

/// The `.txt` files under the corpus paths, and the folders below them
/// that could not be read.
#[derive(Debug, Default)]
pub struct Listing {
    /// Sorted, without repeats: a file reached by two paths (a link to
    /// another corpus file, a hard link, a folder linked twice) is listed
    /// once, by the path met first.
    pub files: Vec<PathBuf>,
    /// Folders below a corpus path whose listing failed, with the error.
    pub unreadable: Vec<(PathBuf, std::io::Error)>,
    /// Files and folders reached a second time by another path: that path
    /// and the one listed. Their files are read once, by the path listed.
    pub repeats: Vec<Repeat>,
}

/// A file or folder of the corpus reached by a second path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repeat {
    /// The path left out.
    pub path: PathBuf,
    /// The path by which it is listed.
    pub listed_as: PathBuf,
    /// Whether it is a folder (else a file).
    pub is_folder: bool,
}

impl std::fmt::Display for Repeat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: the same {} as {}, read once, by that path",
            self.path.display(),
            if self.is_folder { "folder" } else { "file" },
            self.listed_as.display(),
        )
    }
}

/// Lists the `.txt` files under the corpus paths. A corpus path that is
/// missing or cannot be listed is an error; a folder below it that cannot
/// be listed is reported in [`Listing::unreadable`], and the rest is listed.
/// Links to folders are followed, each folder listed once (so a link to a
/// folder above it does not loop), and a file reached by two paths is
/// listed once; the other path is reported in [`Listing::repeats`].
pub fn list_bulletin_files(paths: &[PathBuf]) -> Result<Listing> {
    let mut walk = Walk::default();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        if meta.is_file() {
            walk.files.push(path.clone());
        } else {
            let items = std::fs::read_dir(path).map_err(|source| Error::Read {
                path: path.clone(),
                source,
            })?;
            if walk.is_first_visit(path) {
                walk.collect_txt_files(path, items);
            }
        }
    }
    Ok(walk.into_listing())
}

/// The state of a listing under way.
#[derive(Debug, Default)]
struct Walk {
    files: Vec<PathBuf>,
    unreadable: Vec<(PathBuf, std::io::Error)>,
    repeats: Vec<Repeat>,
    /// Folders listed so far, by their canonical path, with the path by
    /// which each was first reached.
    folders: std::collections::HashMap<PathBuf, PathBuf>,
}

impl Walk {
    /// Whether the folder `dir` is met for the first time; a folder met
    /// again (through a link) is a repeat, and one whose canonical path
    /// cannot be found is unreadable.
    fn is_first_visit(&mut self, dir: &Path) -> bool {
        let canonical = match std::fs::canonicalize(dir) {
            Ok(canonical) => canonical,
            Err(source) => {
                self.unreadable.push((dir.to_path_buf(), source));
                return false;
            }
        };
        match self.folders.get(&canonical) {
            Some(first) => {
                // The same folder named twice on the command line is no news.
                if !same_spelling(first, dir) {
                    self.repeats.push(Repeat {
                        path: dir.to_path_buf(),
                        listed_as: first.clone(),
                        is_folder: true,
                    });
                }
                false
            }
            None => {
                self.folders.insert(canonical, dir.to_path_buf());
                true
            }
        }
    }

    /// Lists a folder's `*.txt` files and, depth first in name order, its
    /// sub-folders and links to folders, leaving out hidden ones (`.x`).
    fn collect_txt_files(&mut self, dir: &Path, items: std::fs::ReadDir) {
        let mut entries = Vec::new();
        for item in items {
            match item {
                Ok(item) => entries.push(item),
                Err(source) => {
                    self.unreadable.push((dir.to_path_buf(), source));
                    return;
                }
            }
        }
        entries.sort_by_key(|item| item.file_name());
        // Hidden files and folders are not the programme's bulletins: a
        // Mac's `._x.txt` resource forks, `.git`, an editor's backups.
        entries.retain(|item| !item.file_name().as_encoded_bytes().starts_with(b"."));
        for item in entries {
            let path = item.path();
            let file_type = match item.file_type() {
                Ok(file_type) => file_type,
                Err(source) => {
                    self.unreadable.push((path, source));
                    continue;
                }
            };
            // A link is followed: to a folder, it is listed as a folder;
            // a dead one, named `*.txt`, fails when read and is reported then.
            let is_dir = file_type.is_dir()
                || (file_type.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()));
            if is_dir {
                match std::fs::read_dir(&path) {
                    Ok(items) => {
                        if self.is_first_visit(&path) {
                            self.collect_txt_files(&path, items);
                        }
                    }
                    Err(source) => self.unreadable.push((path, source)),
                }
            } else if path
                .extension()
                .is_some_and(|ext| ext.eq_ignore_ascii_case("txt"))
            {
                // A pipe, socket or device named `*.txt` would block or never
                // end a read: it is reported, not read.
                match std::fs::metadata(&path) {
                    Ok(meta) if !meta.is_file() && !meta.is_dir() => self.unreadable.push((
                        path,
                        std::io::Error::other("not a regular file (a pipe, socket or device)"),
                    )),
                    _ => self.files.push(path),
                }
            }
        }
    }

    /// The files in order, each once: a file met again by another path (a
    /// link, a hard link) keeps the path met first.
    fn into_listing(self) -> Listing {
        let mut listing = Listing {
            files: Vec::new(),
            unreadable: self.unreadable,
            repeats: self.repeats,
        };
        let mut seen: std::collections::HashMap<FileIdentity, PathBuf> =
            std::collections::HashMap::new();
        // The plain spellings of the paths listed, so that a path is looked
        // up among them at once rather than compared with each in turn.
        let mut spellings: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
        for path in self.files {
            let spelling = plain_spelling(&path);
            if spellings.contains(&spelling) {
                continue;
            }
            // A file that cannot be looked at (a dead link) is listed, and
            // reported when read.
            let Some(identity) = file_identity(&path) else {
                spellings.insert(spelling);
                listing.files.push(path);
                continue;
            };
            match seen.get(&identity) {
                Some(first) => listing.repeats.push(Repeat {
                    path,
                    listed_as: first.clone(),
                    is_folder: false,
                }),
                None => {
                    seen.insert(identity, path.clone());
                    spellings.insert(spelling);
                    listing.files.push(path);
                }
            }
        }
        listing.files.sort();
        listing
    }
}

/// Whether two paths are spelled alike but for `.` components and doubled
/// separators (`./corpus` and `corpus/`).
fn same_spelling(a: &Path, b: &Path) -> bool {
    plain_spelling(a) == plain_spelling(b)
}

/// A path spelled without `.` components and doubled separators, the
/// spelling `same_spelling` compares.
fn plain_spelling(path: &Path) -> PathBuf {
    #[cfg(test)]
    SPELLINGS.with(|made| made.set(made.get() + 1));
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}

// How many plain spellings this thread has made: the listing's work.
#[cfg(test)]
thread_local! {
    static SPELLINGS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// What makes a file the same file whatever path reaches it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FileIdentity {
    /// Device and inode: hard links are the same file too.
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Canonical(PathBuf),
}

/// The identity of the file at `path` (its device and inode, so a link
/// or a hard link is the same file); `None` when it cannot be read.
pub fn file_identity(path: &Path) -> Option<FileIdentity> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let meta = std::fs::metadata(path).ok()?;
        Some(FileIdentity::Inode(meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        std::fs::canonicalize(path)
            .ok()
            .map(FileIdentity::Canonical)
    }
}

#[cfg(test)]
mod tests {
    /// Listing a corpus of many files spells each path once to tell
    /// paths spelled alike (`./corpus` and `corpus/`): it compared each
    /// file with every file listed before it, so a no-op update of 20,000
    /// small files spent 413 s listing them.
    #[test]
    fn listing_many_files_spells_each_path_once() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files = 1500;
        for n in 0..files {
            std::fs::write(dir.path().join(format!("{n}.txt")), "T\n").expect("write");
        }
        let spelled = dir.path().join(".");
        let before = SPELLINGS.with(std::cell::Cell::get);
        let listing = list_bulletin_files(&[dir.path().to_path_buf(), spelled]).expect("listing");
        let made = SPELLINGS.with(std::cell::Cell::get) - before;
        assert_eq!(listing.files.len(), files, "each file once");
        assert!(made <= 4 * files, "{made} spellings for {files} files");
    }

    use super::*;

    fn titles_of(bulletin: &RawBulletin) -> Vec<&str> {
        bulletin
            .entries
            .iter()
            .map(|e| e.title.text.as_str())
            .collect()
    }

    #[test]
    fn strips_bom_cr_and_blank_lines() {
        let (lines, warnings) = decode_lines("a.txt", b"\xEF\xBB\xBFTitle\r\n\r\n  \nBody  \r\n");
        assert!(warnings.is_empty());
        let texts: Vec<_> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(texts, vec![(1, "Title"), (4, "Body")]);
    }

    #[test]
    fn replaces_and_reports_invalid_utf8() {
        let (lines, warnings) = decode_lines("a.txt", b"ok\nbad \xFF byte\n");
        assert_eq!(lines[1].text, "bad \u{FFFD} byte");
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].line, 2);
        // A stray byte is no code page's text, next to a letter of UTF-8
        // or between digits, nor is a byte a code page leaves unassigned.
        for (bytes, expected) in [
            (&b"Bija\xC4\x8Da \xFF\n"[..], "Bija\u{10d}a \u{FFFD}"),
            (b"22-2\xFF March 2022\n", "22-2\u{FFFD} March 2022"),
            (b"a \x81 b\n", "a \u{FFFD} b"),
        ] {
            let (lines, warnings) = decode_lines("a.txt", bytes);
            assert_eq!(lines[0].text, expected);
            let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(messages, ["invalid UTF-8 replaced by U+FFFD"]);
        }
    }

    /// A bulletin in the Latin letters of the region, one in its Cyrillic
    /// and one from Western Europe.
    const LATIN: &str = "Border police training\n\
        3 May 2019, Bija\u{10d}a, Bosnia and Herzegovina: Officers from Pri\u{161}tina, \
        \u{110}akovica, \u{160}abac, \u{10c}a\u{10d}ak, \u{106}uprija and \u{17d}abljak met.\n";
    const CYRILLIC: &str = "\u{41e}\u{431}\u{443}\u{43a}\u{430} \u{443} \u{421}\u{43a}\u{43e}\u{43f}\u{458}\u{443}\n\
        2 May 2022, \u{421}\u{43a}\u{43e}\u{43f}\u{458}\u{435}, North Macedonia: Training in \
        \u{411}\u{438}\u{442}\u{43e}\u{43b}\u{430}, \u{402}\u{435}\u{432}\u{452}\u{435}\u{43b}\u{438}\u{458}\u{430} \
        and \u{41e}\u{445}\u{440}\u{438}\u{434}.\n";
    const WESTERN: &str = "Expert meeting\n\
        3 May 2019, Gen\u{e8}ve, Switzerland: Experts from Z\u{fc}rich and M\u{e1}laga met.\n";

    /// Each bulletin with the code pages that can hold it.
    const BULLETINS_AND_CODE_PAGES: [(&str, &[&encoding_rs::Encoding]); 3] = [
        (LATIN, &[encoding_rs::WINDOWS_1250, encoding_rs::ISO_8859_2]),
        (CYRILLIC, &[encoding_rs::WINDOWS_1251]),
        (WESTERN, &[encoding_rs::WINDOWS_1252]),
    ];

    /// The words of `text` that are not ASCII.
    fn words_with_diacritics(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_ascii())
            .collect()
    }

    /// A file saved in a legacy code page is read in the code page the
    /// detector names: every line as its UTF-8 spelling reads, every word
    /// with diacritics kept, and one warning at the first line that is not
    /// UTF-8, naming the code page.
    #[test]
    fn reads_files_in_the_legacy_code_pages_of_the_region() {
        for (text, encodings) in BULLETINS_AND_CODE_PAGES {
            let expected = decode_lines("x.txt", text.as_bytes()).0;
            let words = words_with_diacritics(text);
            assert!(words.len() >= 3, "{words:?}");
            let first = 1 + text
                .lines()
                .position(|l| !l.is_ascii())
                .expect("a line with diacritics");
            for &encoding in encodings {
                let (bytes, _, unmappable) = encoding.encode(text);
                assert!(!unmappable, "{} holds {text}", encoding.name());
                assert!(std::str::from_utf8(&bytes).is_err());
                let (lines, warnings) = decode_lines("x.txt", &bytes);
                assert_eq!(lines, expected, "{}", encoding.name());
                for word in &words {
                    assert!(
                        lines.iter().any(|l| l.text.contains(word)),
                        "{word} lost in {}: {lines:?}",
                        encoding.name()
                    );
                }
                let located: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
                assert_eq!(
                    located,
                    [format!(
                        "x.txt:{first}: not UTF-8; read as {} (detected)",
                        encoding.name()
                    )]
                );
            }
        }
    }

    /// One word is little to guess from: alone in its file, `Đakovica` in
    /// windows-1250 was read as windows-1257 (`Šakovica`) and `Охрид` in
    /// windows-1251 as windows-1255 (Hebrew letters); every word of the
    /// region's bulletins is read right alone in its file, as its only line
    /// and in a dateline.
    #[test]
    fn a_single_word_is_read_in_a_code_page_of_the_region() {
        for (text, encodings) in BULLETINS_AND_CODE_PAGES {
            // A letter standing alone (the Serbian `у`, "in") is a stray
            // byte when nothing else in the file is outside ASCII.
            let words = words_with_diacritics(text)
                .into_iter()
                .filter(|word| word.chars().count() > 1);
            for word in words {
                for bulletin in [
                    word.to_string(),
                    format!("Title\n3 May 2019, {word}, Country: Text on border police.\n"),
                ] {
                    let expected = decode_lines("x.txt", bulletin.as_bytes()).0;
                    for &encoding in encodings {
                        let (bytes, _, unmappable) = encoding.encode(&bulletin);
                        assert!(!unmappable);
                        let (lines, warnings) = decode_lines("x.txt", &bytes);
                        assert_eq!(lines, expected, "{warnings:?}");
                    }
                }
            }
        }
    }

    /// A file joined from a UTF-8 part and a part in windows-1250 keeps both
    /// parts right; the warning names the first line of the second part, and
    /// control characters in it still become U+FFFD, with their warning.
    #[test]
    fn a_file_joined_from_utf8_and_a_legacy_code_page_keeps_both() {
        let legacy = format!("{LATIN}Note on \u{17d}abljak \x1b[2J and \u{10c}a\u{10d}ak.\n");
        let joined = format!("{CYRILLIC}{legacy}");
        let mut bytes = CYRILLIC.as_bytes().to_vec();
        let (encoded, _, unmappable) = encoding_rs::WINDOWS_1250.encode(&legacy);
        assert!(!unmappable);
        bytes.extend_from_slice(&encoded);
        let (lines, warnings) = decode_lines("x.txt", &bytes);
        let (expected, expected_warnings) = decode_lines("x.txt", joined.as_bytes());
        assert_eq!(lines, expected);
        assert!(lines.iter().any(|l| l.text.contains('\u{FFFD}')));
        let first = CYRILLIC.lines().count()
            + 1
            + LATIN
                .lines()
                .position(|l| !l.is_ascii())
                .expect("a line with diacritics");
        let mut located: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        let control = expected_warnings
            .iter()
            .map(|w| w.to_string())
            .collect::<Vec<_>>();
        assert_eq!(control.len(), 1, "{control:?}");
        assert!(control[0].contains("control characters"), "{control:?}");
        located.retain(|w| !control.contains(w));
        assert_eq!(
            located,
            [format!(
                "x.txt:{first}: not UTF-8; read as windows-1250 (detected)"
            )],
            "{warnings:?}"
        );
        assert_eq!(warnings.len(), 2, "{warnings:?}");
    }

    #[test]
    fn reads_utf16_files_of_either_byte_order() {
        let text = "Title \u{0160}abac\r\n3 May 2019, Skopje: Body.\r\n";
        let little: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let big: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let expected = decode_lines("a.txt", text.as_bytes()).0;
        for bytes in [little, big] {
            let (lines, warnings) = decode_lines("a.txt", &bytes);
            assert_eq!(lines, expected);
            assert_eq!(warnings.len(), 1);
            assert!(warnings[0].message.contains("UTF-16"));
        }
    }

    /// A UTF-32 file (its little-endian mark begins like UTF-16's) is read
    /// as UTF-32, in either byte order: every entry of the shipped bulletin
    /// keeps its title and text.
    #[test]
    fn reads_utf32_files_of_either_byte_order() {
        let shipped = crate::extract::shipped::text();
        let expected = split_bulletin("a.txt", shipped.as_bytes());
        for little in [true, false] {
            let mut bytes: Vec<u8> = if little {
                vec![0xFF, 0xFE, 0, 0]
            } else {
                vec![0, 0, 0xFE, 0xFF]
            };
            for c in shipped.chars() {
                let unit = u32::from(c);
                if little {
                    bytes.extend(unit.to_le_bytes());
                } else {
                    bytes.extend(unit.to_be_bytes());
                }
            }
            let read = split_bulletin("a.txt", &bytes);
            assert_eq!(titles_of(&read), titles_of(&expected), "little: {little}");
            let bodies = |b: &RawBulletin| -> Vec<String> {
                b.entries
                    .iter()
                    .flat_map(|e| e.paragraphs.iter().map(|p| p.text.clone()))
                    .collect()
            };
            assert_eq!(bodies(&read), bodies(&expected), "little: {little}");
            let messages: Vec<&str> = read.warnings.iter().map(|w| w.message.as_str()).collect();
            assert_eq!(
                messages,
                ["the file is UTF-32 (byte order mark), read as such"],
                "little: {little}"
            );
        }
    }

    #[test]
    fn reads_utf16_files_without_a_byte_order_mark() {
        let shipped = crate::extract::shipped::text();
        let cyrillic = "Обука за тужиоце\n22. март 2022, Београд, Србија: УНОДЦ је одржао обуку.\n";
        for text in [shipped.as_str(), cyrillic] {
            let expected = decode_lines("a.txt", text.as_bytes()).0;
            let little: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
            let big: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
            for (bytes, order) in [(little, "UTF-16LE"), (big, "UTF-16BE")] {
                let (lines, warnings) = decode_lines("a.txt", &bytes);
                assert_eq!(lines, expected, "{order}");
                assert_eq!(warnings.len(), 1, "{warnings:?}");
                assert!(warnings[0].message.contains(order), "{warnings:?}");
            }
        }
        // UTF-8 text with a stray NUL, and bytes of every value, stay as they are.
        for bytes in [
            b"Title\n3 May 2019, Skopje: a\0b.\n".to_vec(),
            (0..=255u8).cycle().take(4096).collect(),
        ] {
            let (_, warnings) = decode_lines("a.txt", &bytes);
            assert!(
                warnings.iter().all(|w| !w.message.contains("UTF-16")),
                "{warnings:?}"
            );
        }
    }

    #[test]
    fn splits_lines_that_end_in_cr_alone() {
        let (lines, warnings) =
            decode_lines("a.txt", b"Title\r3 May 2019, Skopje: Body.\r\rMore.\r");
        let texts: Vec<_> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(
            texts,
            vec![(1, "Title"), (2, "3 May 2019, Skopje: Body."), (4, "More.")]
        );
        assert_eq!(warnings.len(), 1);
    }

    /// Files joined from sources of different systems mix their line ends:
    /// a CR alone among LF and CRLF line ends ends a line too, and the file
    /// keeps every entry (the shipped bulletin's, lines joined by CRLF, LF
    /// and CR in turn), each at its own line, with a warning naming the
    /// first line that a CR alone ends.
    #[test]
    fn a_cr_alone_in_a_file_of_lf_line_ends_ends_a_line() {
        let shipped = crate::extract::shipped::text();
        let expected = split_bulletin("a.txt", shipped.as_bytes());
        let mut mixed = String::new();
        for (n, line) in shipped.lines().enumerate() {
            mixed.push_str(line);
            mixed.push_str(["\r\n", "\n", "\r"][n % 3]);
        }
        let read = split_bulletin("a.txt", mixed.as_bytes());
        assert!(!expected.entries.is_empty());
        assert_eq!(titles_of(&read), titles_of(&expected));
        let lines = |b: &RawBulletin| -> Vec<usize> {
            b.entries.iter().map(|e| e.dateline.number).collect()
        };
        assert_eq!(lines(&read), lines(&expected));
        let texts = |b: &RawBulletin| -> Vec<String> {
            b.entries
                .iter()
                .flat_map(|e| e.paragraphs.iter().map(|p| p.text.clone()))
                .collect()
        };
        assert_eq!(texts(&read), texts(&expected));
        let cr_warnings: Vec<usize> = read
            .warnings
            .iter()
            .filter(|w| w.message.contains("CR alone"))
            .map(|w| w.line)
            .collect();
        assert_eq!(cr_warnings, [3]);
        assert!(
            !read.warnings.iter().any(|w| w.message.contains("control")),
            "{:?}",
            read.warnings
        );
    }

    #[test]
    fn replaces_and_reports_control_characters() {
        let bytes = "Plain\tline\nA \x1b]0;title\x07 and \x1b[2J here\nC1 \u{9b}31m\nok\n";
        let (lines, warnings) = decode_lines("a.txt", bytes.as_bytes());
        let texts: Vec<_> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Plain\tline",
                "A \u{FFFD}]0;title\u{FFFD} and \u{FFFD}[2J here",
                "C1 \u{FFFD}31m",
                "ok"
            ]
        );
        let located: Vec<usize> = warnings.iter().map(|w| w.line).collect();
        assert_eq!(located, [2, 3]);
        // Characters in the C1 range's lead byte that are not controls stay.
        assert!(!has_control("Bija\u{10d}a \u{a0}\u{e9}"));
    }

    #[test]
    fn lines_before_the_first_entry_are_an_entry_of_their_own() {
        let text = "Bulletin March 2022\nIntro mentions kiwis.\nTitle\n3 May 2019, Skopje: Body.\n";
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        let entries: Vec<(usize, &str, Option<bool>)> = bulletin
            .entries
            .iter()
            .map(|e| {
                let dated = e.parsed_dateline.as_ref().map(is_dated);
                (e.title.number, e.title.text.as_str(), dated)
            })
            .collect();
        assert_eq!(
            entries,
            [(1, "Bulletin March 2022", None), (3, "Title", Some(true))]
        );
        assert_eq!(
            bulletin.entries[0].paragraphs[0].text,
            "Intro mentions kiwis."
        );
        assert_eq!(bulletin.warnings.len(), 1);
        assert_eq!(bulletin.warnings[0].line, 1);

        // A file with no dateline at all is one such entry.
        let bulletin = split_bulletin("b.txt", b"Notes\nno dateline here.\nnor here.\n");
        assert_eq!(bulletin.entries.len(), 1);
        assert_eq!(bulletin.entries[0].paragraphs.len(), 2);
        assert!(bulletin.warnings[0].message.contains("no entry found"));
    }

    #[test]
    fn a_title_before_a_header_of_places_without_a_date_opens_an_entry() {
        let text = "First title\n\
            3 May 2019, Skopje, North Macedonia: Text.\n\
            Second title\n\
            TBC, Tirana, Albania: The date is to be confirmed.\n\
            Third title\n\
            Date TBC, Podgorica, Montenegro: Also.\n\
            Fourth title\n\
            Spring 2022, Skopje, North Macedonia: A season.\n\
            Fifth title\n\
            32 March 2022, Skopje, North Macedonia: A day that is not.\n";
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        let entries: Vec<(&str, Option<bool>)> = bulletin
            .entries
            .iter()
            .map(|e| {
                let dated = e.parsed_dateline.as_ref().map(is_dated);
                (e.title.text.as_str(), dated)
            })
            .collect();
        assert_eq!(
            entries,
            [
                ("First title", Some(true)),
                ("Second title", Some(false)),
                ("Third title", Some(false)),
                ("Fourth title", Some(false)),
                ("Fifth title", Some(false))
            ]
        );
    }

    /// A sub-heading in an entry's text, followed by a line that begins
    /// with one place or a number that is no year, stays in the entry.
    #[test]
    fn a_sub_heading_before_a_place_or_a_number_stays_in_its_entry() {
        let text = "Training on firearms\n\
            22 March 2022, Tirana, Albania: The training covered marking.\n\
            Key outcomes\n\
            Tirana: the participants agreed on a plan.\n\
            COVID 19 measures\n\
            COVID 19: sessions were held online.\n\
            The articles discussed\n\
            Article 20, Skopje: the law on seizure.\n\
            Next steps\n\
            Phase 2, Tirana, Albania: the second phase.\n";
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        assert_eq!(bulletin.entries.len(), 1, "{:?}", bulletin.entries);
        assert_eq!(bulletin.entries[0].paragraphs.len(), 8);
    }

    /// A title over 300 characters opens its entry, as a line ending like a
    /// sentence does, with a warning; a dateline after a URL has no title
    /// and stays text, with a warning.
    #[test]
    fn long_titles_open_entries_and_datelines_without_titles_are_reported() {
        let long = "UNODC supports very long title words ".repeat(10);
        let text = format!(
            "First title\n\
            3 May 2019, Skopje, North Macedonia: Text.\n\
            {long}\n\
            6 June 2022, Vienna, Austria: body two.\n\
            https://example.org/report\n\
            7 June 2022, Vienna, Austria: body three.\n"
        );
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        let titles = titles_of(&bulletin);
        assert_eq!(titles, ["First title", long.trim()]);
        assert_eq!(bulletin.entries[1].paragraphs.len(), 2);
        let warned: Vec<(usize, bool)> = bulletin
            .warnings
            .iter()
            .map(|w| (w.line, w.message.contains("title")))
            .collect();
        assert_eq!(warned, [(3, true), (6, true)], "{:?}", bulletin.warnings);
    }

    #[test]
    fn title_without_dateline_stays_in_body() {
        let text = "First title\n3 May 2019, Skopje, North Macedonia: Text.\nLooks Like A Title\nMore text.\n";
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        assert_eq!(bulletin.entries.len(), 1);
        assert_eq!(bulletin.entries[0].paragraphs.len(), 2);
    }

    #[test]
    fn a_title_ending_like_a_sentence_opens_an_entry_before_a_dated_dateline() {
        let text = "First title\n\
            3 May 2019, Skopje, North Macedonia: Text.\n\
            Second title ends with a period.\n\
            4 May 2019, Tirana, Albania: More text.\n\
            Third title; with a semicolon;\n\
            Skopje, 5 May 2019: Place first.\n\
            Fourth title.\n\
            February-March 2022, Vienna, Austria: A month range.\n\
            A paragraph ending in a colon:\n\
            Spring 2019, Tirana, Albania: a paragraph with no day or month.\n";
        let bulletin = split_bulletin("a.txt", text.as_bytes());
        let titles = titles_of(&bulletin);
        assert_eq!(
            titles,
            [
                "First title",
                "Second title ends with a period.",
                "Third title; with a semicolon;",
                "Fourth title."
            ]
        );
        // A dateline without a readable date does not follow a sentence: both stay text.
        assert_eq!(bulletin.entries[3].paragraphs.len(), 2);
    }
}
