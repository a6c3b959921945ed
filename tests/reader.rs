//! The reader and extractor on bulletins that the tests write themselves:
//! messy encodings, unknown datelines, empty files, random bytes.

use bulletin::corpus::split_bulletin;
use bulletin::extract::dateline::parse_dateline;
use bulletin::extract::parse_bulletin_bytes;
use proptest::prelude::*;

fn shipped_bulletin() -> Vec<u8> {
    std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/corpus/2022-03-south-eastern-europe.txt"
    ))
    .expect("the shipped bulletin is in corpus/")
}

#[test]
fn bom_crlf_and_blank_lines_give_the_same_records() {
    let clean = shipped_bulletin();
    let text = String::from_utf8(clean.clone()).expect("utf-8");
    let mut messy = b"\xEF\xBB\xBF".to_vec();
    for line in text.lines() {
        messy.extend_from_slice(line.as_bytes());
        messy.extend_from_slice(b"  \r\n\r\n");
    }
    let (expected, _) = parse_bulletin_bytes("b.txt", &clean);
    let (actual, _) = parse_bulletin_bytes("b.txt", &messy);
    assert_eq!(expected.len(), 20);
    let strip = |records: Vec<bulletin::Record>| -> Vec<bulletin::Record> {
        records
            .into_iter()
            .map(|r| bulletin::Record { line: 0, ..r })
            .collect()
    };
    assert_eq!(strip(actual), strip(expected));
}

#[test]
fn unknown_dateline_keeps_its_entry_and_warns_with_file_and_line() {
    let text = "First activity\n3 May 2019, Skopje, North Macedonia: UNODC met.\n\
                Second activity in spring\nSpring 2019, Tirana, Albania: UNODC trained officers.\nMore text.\n";
    let (records, warnings) = parse_bulletin_bytes("spring.txt", text.as_bytes());
    assert_eq!(records.len(), 2);
    let second = &records[1];
    assert_eq!(second.title, "Second activity in spring");
    assert_eq!(second.events[0].city.as_deref(), Some("Tirana"));
    assert_eq!(second.events[0].start, None);
    assert!(second.body.contains("UNODC trained officers"));
    assert!(!second.warnings.is_empty());
    let located: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        located
            .iter()
            .any(|w| w.starts_with("spring.txt:4: ") && w.contains("Spring 2019")),
        "{located:?}"
    );
}

#[test]
fn undecodable_bytes_are_replaced_and_reported() {
    let mut bytes = shipped_bulletin();
    // Break the second line's first word ("22-24" becomes "22-2\xFF").
    let at = bytes.iter().position(|&b| b == b'\n').expect("a newline") + 5;
    bytes[at] = 0xFF;
    let (records, warnings) = parse_bulletin_bytes("broken.txt", &bytes);
    assert_eq!(records.len(), 20, "no entry lost");
    assert!(
        warnings
            .iter()
            .any(|w| w.line == 2 && w.message.contains("UTF-8"))
    );
    assert!(records[0].dateline.contains('\u{FFFD}') || records[0].body.contains('\u{FFFD}'));
    // The record of the entry holding the line carries the warning too, for
    // `parse --json` and the exports; no other record does.
    let holding: Vec<usize> = records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.warnings.iter().any(|w| w.contains("UTF-8")))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(holding, vec![0], "{:?}", records[0].warnings);
    assert!(
        records[0]
            .warnings
            .contains(&"line 2: invalid UTF-8 replaced by U+FFFD".to_string())
    );
}

#[test]
fn empty_files_give_no_records_and_a_warning() {
    for bytes in [&b""[..], b"\xEF\xBB\xBF\r\n"] {
        let (records, warnings) = parse_bulletin_bytes("x.txt", bytes);
        assert!(records.is_empty());
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].to_string().starts_with("x.txt:1: "));
    }
}

/// Every word of a file reaches a record's title or body, however the file
/// is laid out or encoded; each oddity is reported with file and line.
#[test]
fn nothing_in_a_bulletin_file_is_left_out() {
    let utf16 = |text: &str| -> Vec<u8> {
        [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect()
    };
    let files: Vec<(&str, Vec<u8>, usize)> = vec![
        // (name, bytes, line of the warning)
        (
            "dateless.txt",
            b"Just a title about kiwis\nAnd a paragraph about quolls without any dateline.\n".to_vec(),
            1,
        ),
        (
            "preamble.txt",
            b"Bulletin of wombats\nIntro on numbats.\nTitle on bilbies\n3 May 2019, Skopje, North Macedonia: Text on possums.\n".to_vec(),
            1,
        ),
        (
            "utf16.txt",
            utf16("Title on dingoes\r\n3 May 2019, Skopje, North Macedonia: Text on emus.\r\n"),
            1,
        ),
        (
            "cr.txt",
            b"Title on echidnas\r3 May 2019, Skopje, North Macedonia: Text on platypuses.\r".to_vec(),
            1,
        ),
        (
            "control.txt",
            b"Title on koalas\n3 May 2019, Skopje, North Macedonia: Text on \x1b[2J wallabies.\n".to_vec(),
            2,
        ),
    ];
    for (name, bytes, warned_line) in files {
        let (records, warnings) = parse_bulletin_bytes(name, &bytes);
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let text = if name == "utf16.txt" {
            String::from_utf16_lossy(
                &bytes[2..]
                    .chunks(2)
                    .map(|p| u16::from_le_bytes([p[0], p[1]]))
                    .collect::<Vec<_>>(),
            )
        } else {
            text
        };
        let searchable: String = records
            .iter()
            .map(|r| format!("{} {} {}", r.title, r.dateline, r.body))
            .collect();
        // The made-up animal names stand for the file's words.
        let animals: Vec<&str> = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| w.ends_with('s') && w.len() > 3 && w.chars().all(|c| c.is_lowercase()))
            .collect();
        assert!(animals.len() >= 2, "{name}: {animals:?}");
        for animal in animals {
            assert!(
                searchable.contains(animal),
                "{name}: {animal} is lost: {records:?}"
            );
        }
        assert_eq!(
            warnings.first().map(|w| w
                .to_string()
                .starts_with(&format!("{name}:{warned_line}: "))),
            Some(true),
            "{name}: {warnings:?}"
        );
    }
}

#[test]
fn missing_year_comes_from_neighbours_then_file_name() {
    let text = "Activity one\n15-17 March, Ohrid, North Macedonia: Text.\n";
    let (records, _) = parse_bulletin_bytes("bulletin-2019-05.txt", text.as_bytes());
    let event = &records[0].events[0];
    assert_eq!(
        event.start.map(|d| d.to_string()).as_deref(),
        Some("2019-03-15")
    );
    assert!(event.year_inferred);
    assert_eq!(
        event.year_basis,
        Some(bulletin::extract::YearBasis::FileName)
    );
    let (records, warnings) = parse_bulletin_bytes("bulletin.txt", text.as_bytes());
    let event = &records[0].events[0];
    assert_eq!((event.start, event.end), (None, None));
    assert!(warnings.iter().any(|w| w.message.contains("no year")));
    // No year was found, so none was inferred: `year_inferred` is true only
    // with the `year_basis` that gave the year (LABELING.md, rule 5).
    assert!(!event.year_inferred, "{event:?}");
    assert_eq!(event.year_basis, None);
}

/// A file name of letters of several bytes (`Bijača`, `Priština`, `Скопје`)
/// is read for its year like any other. Before, reading it stopped
/// `index`, `search` and `parse` with an internal fault: the year was
/// looked for by slicing the name one byte past a character's start.
#[test]
fn a_file_name_of_letters_of_several_bytes_gives_its_year() {
    let text = "Activity one\n15-17 March, Ohrid, North Macedonia: Text.\n";
    for (name, year) in [
        ("Bijača-2019-05.txt", Some("2019-03-15")),
        ("Скопје 2021.txt", Some("2021-03-15")),
        ("2020 Priština.txt", Some("2020-03-15")),
        ("Priština.txt", None),
        ("č2018č.txt", Some("2018-03-15")),
    ] {
        let (records, _) = parse_bulletin_bytes(name, text.as_bytes());
        assert_eq!(
            records[0].events[0].start.map(|d| d.to_string()).as_deref(),
            year,
            "{name}"
        );
    }
}

#[test]
fn year_written_once_applies_to_every_part() {
    let text = "Tour\n3 June, Skopje; 5 June, Tirana; 9 June, Belgrade 2019: Text.\n";
    let (records, _) = parse_bulletin_bytes("x.txt", text.as_bytes());
    let events = &records[0].events;
    assert_eq!(events.len(), 3);
    assert!(events.iter().all(|e| {
        !e.year_inferred
            && e.start
                .is_some_and(|d| d.to_string().starts_with("2019-06"))
    }));
    assert_eq!(events[2].city.as_deref(), Some("Belgrade"));
    assert_eq!(events[2].country_implied.as_deref(), Some("Serbia"));
}

/// A dateline part without a date, beside parts with one, keeps its place
/// (without a date) and leaves the others their dates, with a warning that
/// names the file, the line and the part: before, `4-5 May 2022, Skopje,
/// North Macedonia; Tirana, Albania` lost Tirana, and `Skopje, North
/// Macedonia; 5 May 2022, Tirana, Albania` lost every date.
#[test]
fn a_dateline_part_without_a_date_keeps_its_place_and_the_others_their_dates() {
    let text = "Meeting in two capitals\n\
                4-5 May 2022, Skopje, North Macedonia; Tirana, Albania: UNODC met officials.\n\
                Meeting in two capitals again\n\
                Skopje, North Macedonia; 5 May 2022, Tirana, Albania: UNODC met officials.\n";
    let (records, warnings) = parse_bulletin_bytes("two.txt", text.as_bytes());
    assert_eq!(records.len(), 2);
    for (record, undated, line) in [(&records[0], 1, 2), (&records[1], 0, 4)] {
        let cities: Vec<Option<&str>> = record.events.iter().map(|e| e.city.as_deref()).collect();
        assert_eq!(cities, [Some("Skopje"), Some("Tirana")], "{}", record.title);
        for (at, event) in record.events.iter().enumerate() {
            assert_eq!(
                event.start.is_none(),
                at == undated,
                "{}: {event:?}",
                record.title
            );
        }
        let part = &record.events[undated];
        let located: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert!(
            located
                .iter()
                .any(|w| w.starts_with(&format!("two.txt:{line}: "))
                    && w.contains(part.city.as_deref().unwrap_or_default())
                    && w.contains("has no date")),
            "{located:?}"
        );
    }
    assert_eq!(
        records[1].events[1].start.map(|d| d.to_string()).as_deref(),
        Some("2022-05-05")
    );
}

/// A place named after a country that is not the country (the Niger
/// Delta, Lake Chad) or a country's sub-national entity (the Federation of
/// Bosnia and Herzegovina) mentions no country; the country named on its
/// own still counts. Every such name of `data/regions.txt` is checked.
#[test]
fn a_region_named_after_a_country_mentions_no_country() {
    let root = env!("CARGO_MANIFEST_DIR");
    let read = |name: &str| std::fs::read_to_string(format!("{root}/data/{name}")).expect("data");
    let rows = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| l.split('\t').next().unwrap_or_default().to_string())
            .collect()
    };
    let countries = rows(&read("countries.tsv"));
    let mut checked = 0;
    for region in rows(&read("regions.txt")) {
        let Some(country) = countries
            .iter()
            .filter(|c| {
                region
                    .split(' ')
                    .collect::<Vec<_>>()
                    .windows(c.split(' ').count())
                    .any(|w| w.join(" ") == **c)
            })
            .max_by_key(|c| c.len())
        else {
            continue;
        };
        let text = format!(
            "Experts meet in Vienna\n5 May 2022, Vienna, Austria: Experts from the {region} met.\n\
             Experts meet again in Vienna\n6 May 2022, Vienna, Austria: Experts from {country} met.\n"
        );
        let (records, _) = parse_bulletin_bytes("regions.txt", text.as_bytes());
        assert_eq!(records.len(), 2, "{region}");
        assert!(
            !records[0].countries_mentioned.contains(country),
            "{region}: {:?}",
            records[0].countries_mentioned
        );
        assert!(
            records[1].countries_mentioned.contains(country),
            "{country}: {:?}",
            records[1].countries_mentioned
        );
        checked += 1;
    }
    assert!(checked >= 3, "regions named after a country: {checked}");
}

/// A dateline part with neither a date nor a place the gazetteer knows
/// (`Regional`, `TBC`) is no place: it became a city of that name, listed
/// in the city facet. Every event's city is a word the gazetteer knows.
#[test]
fn a_dateline_part_with_neither_a_date_nor_a_known_place_is_no_city() {
    let gazetteer = bulletin::extract::gazetteer::gazetteer();
    let mut text = String::new();
    for (n, tail) in ["Regional", "TBC", "to be confirmed", "Tirana"]
        .iter()
        .enumerate()
    {
        text.push_str(&format!(
            "Meeting number {n}\n5 May 2022, Bar, Montenegro; {tail}: UNODC met officials.\n"
        ));
    }
    let (records, _) = parse_bulletin_bytes("tails.txt", text.as_bytes());
    assert_eq!(records.len(), 4);
    let mut known_undated = 0;
    for record in &records {
        assert!(
            record.events.iter().any(|e| e.start.is_some()),
            "{record:?}"
        );
        for event in &record.events {
            let city = event.city.as_deref().unwrap_or("Bar");
            assert!(
                gazetteer.is_known_place(city),
                "{}: city {city:?}",
                record.dateline
            );
            known_undated += usize::from(event.start.is_none());
        }
    }
    // The part that names a known city keeps it, undated.
    assert_eq!(known_undated, 1);
}

/// `Edinburgh, Scotland` in a dateline is a city of the United Kingdom, as
/// `--country Scotland` reads it: it was two cities, Edinburgh and
/// Scotland, with no country, which `--country "United Kingdom"` missed.
#[test]
fn a_nation_of_the_united_kingdom_in_a_dateline_names_its_country() {
    let places = [
        ("London", "England"),
        ("Edinburgh", "Scotland"),
        ("Cardiff", "Wales"),
        ("Belfast", "Northern Ireland"),
    ];
    let text: String = places
        .iter()
        .map(|(city, nation)| {
            format!("Meeting in {city}\n7 May 2022, {city}, {nation}: Officers met.\n")
        })
        .collect();
    let (records, _) = parse_bulletin_bytes("nations.txt", text.as_bytes());
    assert_eq!(records.len(), places.len());
    for (record, (city, nation)) in records.iter().zip(places) {
        let country = bulletin::extract::gazetteer::country_of_word(nation);
        assert!(country.is_some(), "a filter reads {nation} as a country");
        let read: Vec<(Option<&str>, Option<&str>)> = record
            .events
            .iter()
            .map(|e| (e.city.as_deref(), e.country.as_deref()))
            .collect();
        assert_eq!(read, [(Some(city), country)], "{}", record.dateline);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reader_never_panics_on_random_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let (records, _) = parse_bulletin_bytes("random.txt", &bytes);
        prop_assert!(records.len() <= bytes.len());
    }

    #[test]
    fn dateline_parser_never_panics(line in "\\PC{0,200}") {
        let _ = parse_dateline(&line);
        let _ = bulletin::extract::dateline::parse_dated_opening(&line);
        let opening = format!("On {line}");
        if let Some(dateline) = bulletin::extract::dateline::parse_dated_opening(&opening) {
            prop_assert!(opening.starts_with(&dateline.header));
        }
    }

    #[test]
    fn shuffled_lines_never_panic_or_lose_text(seed in any::<u64>()) {
        let text = String::from_utf8(shipped_bulletin()).expect("utf-8");
        let mut lines: Vec<&str> = text.lines().collect();
        let mut state = seed | 1;
        for i in (1..lines.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            lines.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let shuffled = lines.join("\n");
        let raw = split_bulletin("s.txt", shuffled.as_bytes());
        let kept: usize = raw.entries.iter().map(|e| 2 + e.paragraphs.len()).sum();
        let preamble = raw.warnings.iter().filter(|w| w.message.contains("before the first entry") || w.message.contains("no entry found")).count();
        prop_assert!(kept == lines.len() || preamble == 1);
        let (_records, _) = parse_bulletin_bytes("s.txt", shuffled.as_bytes());
    }
}

#[test]
fn old_country_names_with_online_keep_their_entry() {
    let text = "First meeting\n3 May 2017, Skopje, the former Yugoslav Republic of Macedonia: Text.\n\
                Hybrid seminar\n17-20 May 2017, the former Yugoslav Republic of Macedonia / online: Text.\n";
    let (records, warnings) = parse_bulletin_bytes("2017-05.txt", text.as_bytes());
    assert_eq!(records.len(), 2, "{warnings:?}");
    let event = &records[1].events[0];
    assert_eq!(event.country.as_deref(), Some("North Macedonia"));
    assert!(event.online);
}

#[test]
fn a_missing_year_takes_the_year_nearest_its_neighbour() {
    // A December bulletin whose first entry runs into January of the next year.
    let text = "Winter school\n28 December 2019-3 January 2020, Vienna, Austria: Text.\n\
                Year-end review\n15-17 December, Tirana, Albania: Text.\n";
    let (records, _) = parse_bulletin_bytes("2019-12-bulletin.txt", text.as_bytes());
    let event = &records[1].events[0];
    assert_eq!(
        event.start.map(|d| d.to_string()).as_deref(),
        Some("2019-12-15")
    );
    assert!(event.year_inferred);
}

/// Warnings name a file by its path, so that two files of one name in two
/// folders are told apart, and come in the order of the file's lines;
/// records keep the file name as their `source`.
#[test]
fn warnings_name_the_path_in_line_order() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    // Line 2 warns from the reader (control character), line 4 from the
    // extractor (a date it cannot read), line 6 from the reader again.
    let text = "First activity\n3 May 2019, Skopje, North Macedonia: UNODC\u{7} met.\n\
                Second activity in spring\nSpring 2019, Tirana, Albania: UNODC trained.\n\
                Third activity\n4 May 2019, Skopje, North Macedonia: more\u{7}.\n";
    for folder in ["a", "b"] {
        std::fs::create_dir_all(corpus.join(folder)).expect("folder");
        std::fs::write(corpus.join(folder).join("x.txt"), text).expect("write");
    }
    let summary = bulletin::index::build(&bulletin::index::IndexOptions::new(
        dir.path().join("index"),
        vec![corpus.clone()],
    ))
    .expect("builds");
    for folder in ["a", "b"] {
        let path = corpus.join(folder).join("x.txt").display().to_string();
        let lines: Vec<&str> = summary
            .warnings
            .iter()
            .filter_map(|w| w.strip_prefix(&format!("{path}:")))
            .map(|rest| rest.split(':').next().unwrap_or(""))
            .collect();
        assert_eq!(lines, ["2", "4", "6"], "{:?}", summary.warnings);
    }
    let (records, warnings) =
        bulletin::extract::parse_bulletin_file(&corpus.join("a/x.txt")).expect("parses");
    assert!(records.iter().all(|r| r.source == "x.txt"));
    assert!(warnings.iter().all(|w| w.source.ends_with("a/x.txt")));
}

/// A title in Serbian or Macedonian Cyrillic gives an id in its Latin
/// spelling, readable in a link, instead of `untitled`.
#[test]
fn a_cyrillic_title_gives_a_readable_id() {
    let text = "Обука у Скопју\n2 May 2022, Скопје, North Macedonia: Training on firearms.\n";
    let (records, _) = parse_bulletin_bytes("mk.txt", text.as_bytes());
    assert_eq!(records[0].id, "2022-05-02-obuka-u-skopju");
}

/// One entry of a bulletin, after an entry whose dateline is plain: the
/// records of the file and its warnings.
fn after_a_plain_entry(title: &str, line: &str) -> (Vec<bulletin::Record>, Vec<String>) {
    let text = format!(
        "Anchor entry\n3 May 2019, Skopje, North Macedonia: Anchor text.\n{title}\n{line}\n"
    );
    let (records, warnings) = parse_bulletin_bytes("forms.txt", text.as_bytes());
    (records, warnings.iter().map(|w| w.to_string()).collect())
}

/// Dateline forms of other bulletins of the programme. Each was misread:
/// `Tirana (Albania)` was a city with no country; `From 5 to 7 May 2022`,
/// and its title, went silently into the entry above; `5.5.2022` and
/// `2022-05-05` were kept without dates; `; in cooperation with the OSCE`,
/// a full stop after the country and a dash after the date ended the
/// header early, at the city, without the country. Each now opens its
/// entry with its dates and places, and no word of the line is lost.
#[test]
fn dateline_forms_of_other_bulletins_are_read() {
    let cases = [
        // (dateline line, start, end, city, body); the country is Albania, or Austria for Vienna
        (
            "5 May 2022, Tirana (Albania): The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "From 5 to 7 May 2022, Tirana, Albania: UNODC held a workshop.",
            "2022-05-05",
            "2022-05-07",
            Some("Tirana"),
            "UNODC held a workshop.",
        ),
        (
            "from 5 May to 7 June 2022, Tirana, Albania: UNODC held a workshop.",
            "2022-05-05",
            "2022-06-07",
            Some("Tirana"),
            "UNODC held a workshop.",
        ),
        (
            "Between 5 and 7 May 2022, Tirana, Albania: UNODC held a workshop.",
            "2022-05-05",
            "2022-05-07",
            Some("Tirana"),
            "UNODC held a workshop.",
        ),
        (
            "5.5.2022, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "5-7.5.2022, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-07",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "05.05.2022 - 07.05.2022, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-07",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "5.5.22, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "05.05.22 - 07.05.22, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-07",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "2022-05-05, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "2022-05-05 - 2022-05-07, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-07",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "12-13 June 2022, Vienna, Austria; in cooperation with the OSCE: The conference opened.",
            "2022-06-12",
            "2022-06-13",
            Some("Vienna"),
            "The conference opened.",
        ),
        (
            "5 May 2022, Tirana, Albania. The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "5 May 2022 - Tirana, Albania - The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "5 May 2022, Tirana, Albania - in cooperation with the OSCE - The training covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The training covered marking.",
        ),
        (
            "Monday, 5 May 2022, Tirana, Albania: The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            Some("Tirana"),
            "The workshop covered marking.",
        ),
        (
            "5 May 2022, Albania / hybrid: The workshop covered marking.",
            "2022-05-05",
            "2022-05-05",
            None,
            "The workshop covered marking.",
        ),
    ];
    let mut misread = Vec::new();
    for (line, start, end, city, body) in cases {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        let Some(record) = records.get(1).filter(|r| r.title == "Training X") else {
            misread.push(format!("{line}\n  no entry of its own: {records:?}"));
            continue;
        };
        let events: Vec<(String, String, Option<&str>, Option<&str>)> = record
            .events
            .iter()
            .map(|e| {
                (
                    e.start.map(|d| d.to_string()).unwrap_or_default(),
                    e.end.map(|d| d.to_string()).unwrap_or_default(),
                    e.city.as_deref(),
                    e.country.as_deref(),
                )
            })
            .collect();
        let country = if line.contains("Vienna") {
            "Austria"
        } else {
            "Albania"
        };
        let expected = [(start.to_string(), end.to_string(), city, Some(country))];
        if records.len() != 2 || events != expected || record.body != body || !warnings.is_empty() {
            misread.push(format!(
                "{line}\n  events {events:?}\n  body {:?}\n  warnings {warnings:?}",
                record.body
            ));
        }
        // Every word of the line stays in the record's dateline or body.
        let kept = format!("{} {}", record.dateline, record.body);
        for word in line.split(|c: char| !c.is_alphanumeric()) {
            assert!(kept.contains(word), "{line}: {word:?} lost");
        }
    }
    assert!(
        misread.is_empty(),
        "{} of {} misread:\n{}",
        misread.len(),
        cases.len(),
        misread.join("\n")
    );
}

/// A slashed date (`5/6/2022`) could be 5 June or 6 May: the entry is
/// kept, its places read, with a warning that names the line.
#[test]
fn a_slashed_date_is_not_read_and_is_reported() {
    let (records, warnings) = after_a_plain_entry(
        "Training X",
        "5/6/2022, Tirana, Albania: The workshop opened.",
    );
    assert_eq!(records.len(), 2);
    let event = &records[1].events[0];
    assert_eq!((event.start, event.city.as_deref()), (None, Some("Tirana")));
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("forms.txt:4: ") && w.contains("cannot read the date")),
        "{warnings:?}"
    );
}

/// A title before a sentence that opens with a date and a known place
/// (`On 20 May 2022, in Skopje, North Macedonia, …`) opens an entry: both
/// lines went silently into the entry above. The sentence stays the
/// entry's text; a sub-heading before a dated sentence with no known place
/// after its date stays in its entry, with a warning.
#[test]
fn a_title_before_a_dated_opening_sentence_opens_an_entry() {
    let line = "On 20 May 2022, in Skopje, North Macedonia, prosecutors met to discuss cases.";
    let (records, warnings) = after_a_plain_entry("Meeting of prosecutors", line);
    assert_eq!(records.len(), 2, "{records:?}");
    let record = &records[1];
    assert_eq!(record.title, "Meeting of prosecutors");
    assert_eq!(
        record.dateline,
        "On 20 May 2022, in Skopje, North Macedonia"
    );
    assert_eq!(record.body, line);
    let event = &record.events[0];
    assert_eq!(
        (
            event.start.map(|d| d.to_string()),
            event.city.as_deref(),
            event.country.as_deref()
        ),
        (
            Some("2022-05-20".to_string()),
            Some("Skopje"),
            Some("North Macedonia")
        )
    );
    assert!(warnings.is_empty(), "{warnings:?}");

    // With a colon after the place, the header of names was kept as a
    // dateline whose date could not be read, and the city was lost.
    let line = "On 20 May 2022, in Skopje, North Macedonia: prosecutors met.";
    let (records, warnings) = after_a_plain_entry("Meeting of prosecutors", line);
    let places: Vec<(Option<&str>, Option<&str>)> = records[1]
        .events
        .iter()
        .map(|e| (e.city.as_deref(), e.country.as_deref()))
        .collect();
    assert_eq!(places, [(Some("Skopje"), Some("North Macedonia"))]);
    assert!(records[1].events[0].start.is_some());
    assert_eq!(records[1].body, line);
    assert!(warnings.is_empty(), "{warnings:?}");

    let (records, warnings) = after_a_plain_entry(
        "Key outcomes",
        "On 21 May 2022, the prosecutors agreed on a plan.",
    );
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(records[0].body.lines().count(), 3);
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("forms.txt:3: ") && w.contains("dated sentence")),
        "{warnings:?}"
    );
}

/// A country the dateline names counts as mentioned however the dateline
/// writes it: in capitals (`5 MAY 2022, TIRANA, ALBANIA`) as in the usual
/// case, and with its other names (`BiH`); a city alone names no country.
#[test]
fn a_country_the_dateline_names_is_mentioned_however_it_is_written() {
    let mentioned = |dateline: &str| -> Vec<String> {
        let text = format!("Training of officers\n{dateline}: UNODC held a workshop.\n");
        let (records, _) = parse_bulletin_bytes("2022-05-x.txt", text.as_bytes());
        assert_eq!(records.len(), 1, "{dateline}");
        records[0].countries_mentioned.clone()
    };
    assert_eq!(mentioned("5 May 2022, Tirana, Albania"), ["Albania"]);
    assert_eq!(
        mentioned("5 MAY 2022, TIRANA, ALBANIA"),
        mentioned("5 May 2022, Tirana, Albania")
    );
    assert_eq!(
        mentioned("5 MAY 2022, SARAJEVO, BIH; 7 MAY 2022, PODGORICA, MONTENEGRO"),
        ["Bosnia and Herzegovina", "Montenegro"]
    );
    assert!(mentioned("5 May 2022, Tirana").is_empty());
}

/// `5-6 May; Tirana` gave an event of 5-6 May with no place and Tirana
/// with no date, and a warning: the place now carries the dates, its year
/// taken from the entry before.
#[test]
fn a_date_then_its_place_after_a_semicolon_is_one_event() {
    let (records, warnings) = after_a_plain_entry(
        "Training X",
        "5-6 May; Tirana: The training covered marking.",
    );
    assert_eq!(records.len(), 2, "{records:?}");
    let events: Vec<(String, String, Option<&str>, Option<&str>)> = records[1]
        .events
        .iter()
        .map(|e| {
            (
                e.start.map(|d| d.to_string()).unwrap_or_default(),
                e.end.map(|d| d.to_string()).unwrap_or_default(),
                e.city.as_deref(),
                e.country_implied.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [(
            "2019-05-05".to_string(),
            "2019-05-06".to_string(),
            Some("Tirana"),
            Some("Albania")
        )]
    );
    assert_eq!(records[1].body, "The training covered marking.");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A country written in capitals in a title or a body was not mentioned:
/// `--mentioned Albania` missed `UNODC TRAINS BORDER POLICE IN ALBANIA`.
/// A list of acronyms in capitals still mentions none.
#[test]
fn a_country_written_in_capitals_in_a_title_or_body_is_mentioned() {
    let text = "UNODC TRAINS BORDER POLICE IN ALBANIA\n\
                5 May 2022, Skopje, North Macedonia: Officers from KOSOVO and from MONTENEGRO met.\n\
                Partners: UNODC, OSCE, CHAD.\n";
    let (records, _) = parse_bulletin_bytes("2022-05-x.txt", text.as_bytes());
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(
        records[0].countries_mentioned,
        ["Albania", "Kosovo", "Montenegro", "North Macedonia"]
    );
}

/// Bulletins in the Latin letters of the region, in its Cyrillic and from
/// Western Europe, each with a code page an office would save it in.
const LEGACY_BULLETINS: [(&str, &str, &encoding_rs::Encoding); 4] = [
    (
        "latin-1250.txt",
        "Border police training\n\
         3 May 2019, Bijača, Bosnia and Herzegovina: Officers from Priština, Đakovica, \
         Šabac, Čačak, Ćuprija and Žabljak met.\n",
        encoding_rs::WINDOWS_1250,
    ),
    (
        "latin-8859-2.txt",
        "Customs training\n\
         4 May 2019, Žabljak, Montenegro: Officers from Bijača, Priština, Đakovica, \
         Šabac, Čačak and Ćuprija met.\n",
        encoding_rs::ISO_8859_2,
    ),
    (
        "cyrillic-1251.txt",
        "Обука у Скопју\n\
         2 May 2022, Скопје, North Macedonia: Training in Битола, Ђевђелија and Охрид.\n",
        encoding_rs::WINDOWS_1251,
    ),
    (
        "western-1252.txt",
        "Expert meeting\n\
         3 May 2019, Genève, Switzerland: Experts from Zürich and Málaga met.\n",
        encoding_rs::WINDOWS_1252,
    ),
];

/// A bulletin saved in windows-1250, ISO-8859-2, windows-1251 or
/// windows-1252 keeps every word with diacritics: each comes back exactly
/// in its records and an index finds its file by it, by its spelling
/// without diacritics too (`Bijaca`); the index warns once, naming the
/// file, its first line that is not UTF-8 and the code page.
#[test]
fn a_bulletin_in_a_legacy_code_page_keeps_and_finds_its_words() {
    let dir = tempfile::tempdir().expect("temp dir");
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus");
    for (name, text, encoding) in LEGACY_BULLETINS {
        let (bytes, _, unmappable) = encoding.encode(text);
        assert!(!unmappable, "{} holds {name}", encoding.name());
        std::fs::write(corpus.join(name), &bytes).expect("write");
        let (records, _) = parse_bulletin_bytes(name, &bytes);
        let read: String = records
            .iter()
            .map(|r| format!("{} {} {}\n", r.title, r.dateline, r.body))
            .collect();
        for word in text.split(|c: char| !c.is_alphabetic()) {
            assert!(read.contains(word), "{name}: {word} is lost: {read}");
        }
    }
    let summary = bulletin::index::build(&bulletin::index::IndexOptions::new(
        dir.path().join("index"),
        vec![corpus.clone()],
    ))
    .expect("builds");
    let engine = bulletin::search::Engine::open(&dir.path().join("index")).expect("opens");
    let sources_found_by = |query: &str| -> Vec<String> {
        let mut request = bulletin::search::SearchRequest::new(query);
        request.limit = 50;
        let answer = engine.search(&request).expect("search");
        answer.hits.into_iter().map(|hit| hit.source).collect()
    };
    for (name, text, encoding) in LEGACY_BULLETINS {
        let first = 1 + text
            .lines()
            .position(|line| !line.is_ascii())
            .expect("a line with diacritics");
        let path = corpus.join(name).display().to_string();
        let warning = format!(
            "{path}:{first}: not UTF-8; read as {} (detected)",
            encoding.name()
        );
        assert!(
            summary.warnings.contains(&warning),
            "{warning} in {:?}",
            summary.warnings
        );
        let words = text
            .split(|c: char| !c.is_alphabetic())
            .filter(|word| !word.is_ascii());
        for word in words {
            let folded: String = unicode_normalization::UnicodeNormalization::nfd(word)
                .filter(|c| c.is_ascii())
                .collect();
            let mut queries = vec![word.to_string()];
            // `Bijaca` for `Bijača`; a letter of its own (Đ, Cyrillic) has no such spelling.
            if folded.chars().count() == word.chars().count() {
                queries.push(folded);
            }
            for query in queries {
                let sources = sources_found_by(&query);
                assert!(
                    sources.iter().any(|source| source == name),
                    "{query} ({name}) finds {sources:?}"
                );
            }
        }
    }
    assert!(sources_found_by("Bijaca").contains(&"latin-1250.txt".to_string()));
}

/// The shipped bulletin saved in windows-1250 gives the records of the
/// same text in UTF-8, in an index as in `parse`, with one warning more.
/// windows-1250 has no Cyrillic: saving the file turns the one Cyrillic
/// homoglyph (a `Т` in `Тhe`, in a body) into `?`, as Windows does, and
/// every title, event, programme and donor is still the original's.
#[test]
fn the_shipped_bulletin_in_windows_1250_gives_the_same_records() {
    let original = String::from_utf8(shipped_bulletin()).expect("utf-8");
    let encoding = encoding_rs::WINDOWS_1250;
    let savable: String = original
        .chars()
        .map(|c| {
            let unmappable = encoding.encode(c.encode_utf8(&mut [0; 4])).2;
            if unmappable { '?' } else { c }
        })
        .collect();
    let replaced: Vec<char> = original
        .chars()
        .zip(savable.chars())
        .filter(|(a, b)| a != b)
        .map(|(a, _)| a)
        .collect();
    assert_eq!(replaced, ['\u{422}'], "only the Cyrillic homoglyph is lost");
    let (bytes, _, unmappable) = encoding.encode(&savable);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err());

    let (expected, expected_warnings) = parse_bulletin_bytes("b.txt", savable.as_bytes());
    let (actual, warnings) = parse_bulletin_bytes("b.txt", &bytes);
    assert_eq!(expected.len(), 20);
    let without_warnings = |records: &[bulletin::Record]| -> Vec<bulletin::Record> {
        records
            .iter()
            .map(|r| bulletin::Record {
                warnings: Vec::new(),
                ..r.clone()
            })
            .collect()
    };
    assert_eq!(without_warnings(&actual), without_warnings(&expected));
    let first = 1 + savable
        .lines()
        .position(|line| !line.is_ascii())
        .expect("a line with a letter or sign outside ASCII");
    let added: Vec<String> = warnings
        .iter()
        .map(|w| w.to_string())
        .filter(|w| !expected_warnings.iter().any(|e| e.to_string() == *w))
        .collect();
    assert_eq!(
        added,
        [format!(
            "b.txt:{first}: not UTF-8; read as windows-1250 (detected)"
        )]
    );

    // Indexed: the same records as the original's, field by field.
    let fields = |records: Vec<bulletin::Record>| {
        records
            .into_iter()
            .map(|r| (r.id, r.title, r.events, r.programmes, r.donors))
            .collect::<Vec<_>>()
    };
    let indexed = |bytes: &[u8]| -> Vec<bulletin::Record> {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("corpus");
        std::fs::write(corpus.join("2022-03-south-eastern-europe.txt"), bytes).expect("write");
        bulletin::index::build(&bulletin::index::IndexOptions::new(
            dir.path().join("index"),
            vec![corpus],
        ))
        .expect("builds");
        bulletin::search::Engine::open(&dir.path().join("index"))
            .expect("opens")
            .records()
            .expect("records")
    };
    let from_original = indexed(original.as_bytes());
    let from_legacy = indexed(&bytes);
    assert_eq!(from_original.len(), 20);
    let bodies = |records: &[bulletin::Record]| -> Vec<String> {
        records
            .iter()
            .map(|r| r.body.replace('\u{422}', "?"))
            .collect()
    };
    assert_eq!(bodies(&from_legacy), bodies(&from_original));
    assert_eq!(fields(from_legacy), fields(from_original));
}

/// A file of one entry whose title ends like a sentence and whose
/// dateline has a part without a date (`; Tirana, Albania`) keeps
/// what its dateline says: the entry, its dated part's dates and both
/// places, with warnings naming the file and the lines (the file used to
/// become one entry without dates or places, as if it had no dateline: a
/// title ending like a sentence opened an entry only before a dateline
/// whose every part has a date, which guards a file's paragraphs from
/// being split, but a file with no other entry has none to split).
#[test]
fn a_file_of_one_entry_keeps_the_dates_its_dateline_gives() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("training.txt");
    let dateline = "4-5 May 2022, Skopje, North Macedonia; Tirana, Albania";
    std::fs::write(
        &path,
        format!("Port security training in two capitals.\n{dateline}: UNODC trained officers.\n"),
    )
    .expect("write");
    let (records, warnings) = bulletin::extract::parse_bulletin_file(&path).expect("reads");
    assert_eq!(records.len(), 1);
    let record = &records[0];
    assert_eq!(record.title, "Port security training in two capitals.");
    assert_eq!(record.dateline, dateline);
    assert_eq!(record.body, "UNODC trained officers.");
    let events: Vec<(Option<String>, Option<&str>)> = record
        .events
        .iter()
        .map(|e| (e.start.map(|d| d.to_string()), e.city.as_deref()))
        .collect();
    assert_eq!(
        events,
        [
            (Some("2022-05-04".to_string()), Some("Skopje")),
            (None, Some("Tirana"))
        ]
    );
    let shown = path.display().to_string();
    let located: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        located
            .iter()
            .any(|w| w.starts_with(&format!("{shown}:2: ")) && w.contains("has no date")),
        "{located:?}"
    );
    assert!(
        located
            .iter()
            .any(|w| w.starts_with(&format!("{shown}:1: ")) && w.contains("title")),
        "{located:?}"
    );
    assert!(
        !located.iter().any(|w| w.contains("no entry found")),
        "{located:?}"
    );
}

/// A record's warnings are in the order of the file's lines, as standard
/// error gives them, whatever order the reader met them in: a file without
/// a dateline whose second line is not UTF-8 warns at line 1 (no entry
/// found) and at line 2 (the bytes replaced), in that order.
#[test]
fn a_records_warnings_are_in_line_order() {
    let bytes = b"Some notes\nbad \xFF byte here\nmore notes\n";
    let (records, warnings) = parse_bulletin_bytes("notes.txt", bytes);
    assert_eq!(records.len(), 1);
    let lines: Vec<usize> = warnings.iter().map(|w| w.line).collect();
    assert_eq!(lines, [1, 2], "{warnings:?}");
    let located: Vec<&str> = records[0]
        .warnings
        .iter()
        .map(|w| w.split(':').next().unwrap_or(""))
        .collect();
    assert_eq!(located, ["line 1", "line 2"], "{:?}", records[0].warnings);
}

/// The extractor's warnings in a record name the line they are about, the
/// dateline's, in the form the reader's have (`line N: …`), and sit among
/// them in line order, as standard error lists them.
#[test]
fn the_extractors_warnings_in_a_record_name_their_line() {
    let text = "First activity\n5 May, Tirana, Albania: UNODC\u{7} met.\n\
                Second activity\n31 February 2022, Skopje, North Macedonia: UNODC trained.\n";
    let (records, warnings) = parse_bulletin_bytes("notes.txt", text.as_bytes());
    assert_eq!(records.len(), 2);
    let located: Vec<String> = warnings
        .iter()
        .map(|w| format!("line {}: {}", w.line, w.message))
        .collect();
    assert_eq!(located.len(), 3, "{located:?}");
    let in_records: Vec<String> = records.iter().flat_map(|r| r.warnings.clone()).collect();
    assert_eq!(in_records, located);
    assert!(in_records[0].starts_with("line 2: control characters"));
    assert!(in_records[1].starts_with("line 2: no year for dateline part"));
    assert!(in_records[2].starts_with("line 4: no such date in dateline part"));
    assert_eq!(records[1].warnings, [in_records[2].clone()]);
}

/// A dateline part of several dates (`3-5 and 10-12 June`, `5, 6 and 7
/// May`) that lacks a year, or whose dates do not exist, is named once in
/// its warning, on standard error and in its record, not once per date.
#[test]
fn a_part_of_several_dates_is_warned_about_once() {
    let text = "First activity\n3-5 and 10-12 June, Tirana, Albania: UNODC met.\n\
                Second activity\n5, 6 and 7 May, Skopje, North Macedonia: UNODC trained.\n\
                Third activity\n30 and 31 February 2022, Skopje, North Macedonia: UNODC met.\n";
    let (records, warnings) = parse_bulletin_bytes("notes.txt", text.as_bytes());
    assert_eq!(records.len(), 3);
    let located: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        located,
        [
            "notes.txt:2: no year for dateline part \"3-5 and 10-12 June, Tirana, Albania\": none in the bulletin or its file name",
            "notes.txt:4: no year for dateline part \"5, 6 and 7 May, Skopje, North Macedonia\": none in the bulletin or its file name",
            "notes.txt:6: no such date in dateline part \"30 and 31 February 2022, Skopje, North Macedonia\"",
        ]
    );
    for record in &records {
        assert_eq!(record.warnings.len(), 1, "{:?}", record.warnings);
    }
}

/// Code units of a UTF-16 or UTF-32 file that are no character (an
/// unpaired surrogate, a number past U+10FFFF, an odd last byte) become
/// U+FFFD with a warning at their line, as bytes that are not UTF-8 do;
/// they were replaced without a word.
#[test]
fn undecodable_units_of_a_wide_file_are_reported_at_their_line() {
    let text = "First activity\n6 May 2022, Tirana, Albania: UNODC met.\nA paragraph.\n";
    let lines: Vec<&str> = text.lines().collect();
    // UTF-16LE with its mark, a lone high surrogate in line 2.
    let mut utf16 = vec![0xFF, 0xFE];
    for (number, line) in lines.iter().enumerate() {
        for unit in line.encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        if number == 1 {
            utf16.extend_from_slice(&0xD800u16.to_le_bytes());
        }
        utf16.extend_from_slice(&u16::from(b'\n').to_le_bytes());
    }
    // UTF-32BE with its mark, a number past U+10FFFF in line 3.
    let mut utf32 = vec![0, 0, 0xFE, 0xFF];
    for (number, line) in lines.iter().enumerate() {
        for c in line.chars() {
            utf32.extend_from_slice(&u32::from(c).to_be_bytes());
        }
        if number == 2 {
            utf32.extend_from_slice(&0x0011_0000u32.to_be_bytes());
        }
        utf32.extend_from_slice(&u32::from('\n').to_be_bytes());
    }
    for (bytes, line, message) in [
        (utf16, 2, "invalid UTF-16 replaced by U+FFFD"),
        (utf32, 3, "invalid UTF-32 replaced by U+FFFD"),
    ] {
        let (records, warnings) = parse_bulletin_bytes("wide.txt", &bytes);
        assert_eq!(records.len(), 1);
        let located: Vec<(usize, &str)> = warnings
            .iter()
            .map(|w| (w.line, w.message.as_str()))
            .collect();
        assert!(located.contains(&(line, message)), "{located:?}");
        assert!(
            records[0]
                .warnings
                .contains(&format!("line {line}: {message}")),
            "{:?}",
            records[0].warnings
        );
        assert_eq!(records[0].title, "First activity");
    }
}

/// A date that does not exist in the year a part was given (`29
/// February` in a file named for 2023) is named with that year and where
/// it came from, since the part states none and the warning alone did not
/// say why its date could not be: the user would look for a typo.
#[test]
fn a_date_that_does_not_exist_in_its_inferred_year_names_that_year() {
    let text = "First activity\n29 February, Tirana, Albania: UNODC met.\n";
    let (records, warnings) = parse_bulletin_bytes("2023-02-notes.txt", text.as_bytes());
    let located: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        located,
        [
            "2023-02-notes.txt:2: no such date in dateline part \"29 February, Tirana, Albania\" in 2023, the year of the file's name"
        ]
    );
    assert_eq!(records[0].events[0].start, None);
    // A stated year needs no saying.
    let text = "First activity\n31 February 2022, Tirana, Albania: UNODC met.\n";
    let (_, warnings) = parse_bulletin_bytes("2023-02-notes.txt", text.as_bytes());
    let located: Vec<String> = warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        located,
        [
            "2023-02-notes.txt:2: no such date in dateline part \"31 February 2022, Tirana, Albania\""
        ]
    );
}

/// A slashed date's warning says why it was not read, and how to write it
/// so that it is: `5/6/2022` may be 5 June or 6 May. The warning said only
/// that the date could not be read, as for a date in words it does not know.
#[test]
fn a_slashed_dates_warning_says_why() {
    let (_, warnings) = after_a_plain_entry(
        "Training X",
        "5/6/2022, Tirana, Albania: The workshop opened.",
    );
    assert!(
        warnings.contains(
            &"forms.txt:4: cannot read the date in dateline \"5/6/2022, Tirana, Albania\": \
              5/6/2022 may be 5 June or 6 May (write 5 June 2022 or 2022-06-05); entry kept without dates"
                .to_string()
        ),
        "{warnings:?}"
    );
    let (_, warnings) =
        after_a_plain_entry("Training Y", "TBC, Tirana, Albania: The workshop opened.");
    assert!(
        warnings.contains(
            &"forms.txt:4: cannot read the date in dateline \"TBC, Tirana, Albania\"; entry kept without dates"
                .to_string()
        ),
        "{warnings:?}"
    );
}

/// The events of the entry after a plain one: start, end, city, country,
/// implied country.
type EventRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn event_rows(record: &bulletin::Record) -> Vec<EventRow> {
    record
        .events
        .iter()
        .map(|e| {
            (
                e.start.map(|d| d.to_string()),
                e.end.map(|d| d.to_string()),
                e.city.clone(),
                e.country.clone(),
                e.country_implied.clone(),
            )
        })
        .collect()
}

fn row(
    start: &str,
    end: &str,
    city: &str,
    country: Option<&str>,
    implied: Option<&str>,
) -> EventRow {
    let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
    (
        text(start),
        text(end),
        text(city),
        country.map(str::to_string),
        implied.map(str::to_string),
    )
}

/// `5 May 2022 Skopje: …`, with no comma between the date and a place the
/// gazetteer knows, keeps its date and its place (it was an entry with
/// neither, and a warning that its date could not be read).
#[test]
fn a_date_then_a_known_place_without_a_comma_keeps_both() {
    for (line, expected) in [
        (
            "5 May 2022 Skopje: UNODC trained officers.",
            row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia"),
            ),
        ),
        (
            "5-6 May 2022 Tirana, Albania: UNODC trained officers.",
            row("2022-05-05", "2022-05-06", "Tirana", Some("Albania"), None),
        ),
        (
            "Skopje 5 May 2022: UNODC trained officers.",
            row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia"),
            ),
        ),
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        let record = &records[1];
        assert_eq!(record.title, "Training X");
        assert_eq!(event_rows(record), [expected], "{line}");
        assert_eq!(record.body, "UNODC trained officers.", "{line}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// `5 May 2022 and 32 May 2022, Tirana, Albania`: the readable range keeps
/// its date and the impossible one is an event without dates, with a
/// warning naming the file and the line (both lost their dates, the
/// dateline read as one whose date could not be read).
#[test]
fn an_impossible_date_beside_a_readable_one_loses_only_its_own() {
    let (records, warnings) = after_a_plain_entry(
        "Training X",
        "5 May 2022 and 32 May 2022, Tirana, Albania: UNODC trained officers.",
    );
    assert_eq!(records.len(), 2, "{records:?}");
    let record = &records[1];
    assert_eq!(
        event_rows(record),
        [
            row("2022-05-05", "2022-05-05", "Tirana", Some("Albania"), None),
            row("", "", "Tirana", Some("Albania"), None),
        ]
    );
    assert_eq!(record.body, "UNODC trained officers.");
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("forms.txt:4: ") && w.contains("no such date")),
        "{warnings:?}"
    );
}

/// A slashed date written month first (`6/25/2022`, as the United States
/// writes it) gets the reason a day-first one gets, read the only way it
/// can be: it had none, since 25 is no month.
#[test]
fn a_month_first_slashed_dates_warning_says_why() {
    let (_, warnings) = after_a_plain_entry(
        "Training X",
        "6/25/2022, Tirana, Albania: The workshop opened.",
    );
    assert!(
        warnings.contains(
            &"forms.txt:4: cannot read the date in dateline \"6/25/2022, Tirana, Albania\": \
              a slashed date (6/25/2022) is not read (write 25 June 2022 or 2022-06-25); entry kept without dates"
                .to_string()
        ),
        "{warnings:?}"
    );
}

/// A word that holds the place of a place not yet known (`TBC`, `TBD`,
/// `N/A`) or names a season (`Spring`, `Autumn 2022`) is no city: the part
/// keeps the known place after it (each was a city of its own, `N/A` even
/// two, `N` and `A`).
#[test]
fn a_placeholder_or_a_season_before_a_place_is_no_city() {
    for word in [
        "TBC",
        "TBD",
        "TBA",
        "N/A",
        "Spring",
        "Summer",
        "Autumn",
        "Fall",
        "Winter",
        "Autumn 2022",
        "to be confirmed",
    ] {
        let line =
            format!("5 May 2022, Skopje, North Macedonia; {word}, Tirana, Albania: UNODC met.");
        let (records, _) = after_a_plain_entry("Training X", &line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [
                row(
                    "2022-05-05",
                    "2022-05-05",
                    "Skopje",
                    Some("North Macedonia"),
                    None
                ),
                row("", "", "Tirana", Some("Albania"), None),
            ],
            "{line}"
        );
        assert_eq!(records[1].body, "UNODC met.", "{line}");
        assert!(records[1].dateline.contains(word), "{line}");
    }
}

/// `5 May 2022 Skopje. The workshop …`: a full stop right after a known
/// place that follows its date with no comma ends the header, as after
/// `5 May 2022, Skopje` (the line and its title went silently into the
/// entry above as paragraphs).
#[test]
fn a_full_stop_after_a_date_and_a_known_place_without_a_comma_ends_the_header() {
    let line = "5 May 2022 Skopje. The workshop covered marking.";
    let (records, warnings) = after_a_plain_entry("Training X", line);
    assert_eq!(records.len(), 2, "{records:?}");
    let record = &records[1];
    assert_eq!(record.title, "Training X");
    assert_eq!(record.dateline, "5 May 2022 Skopje");
    assert_eq!(
        event_rows(record),
        [row(
            "2022-05-05",
            "2022-05-05",
            "Skopje",
            None,
            Some("North Macedonia")
        )]
    );
    assert_eq!(record.body, "The workshop covered marking.");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// `Skopje, 5 May 2022. The workshop …`: a full stop right after the date
/// of a header that names a known place before it ends the header, as it
/// does after the place in `5 May 2022, Skopje. …` (the line and its title
/// went silently into the entry above as paragraphs).
#[test]
fn a_full_stop_after_the_date_of_a_place_first_header_ends_it() {
    for (line, dateline, expected) in [
        (
            "Skopje, 5 May 2022. The workshop covered marking.",
            "Skopje, 5 May 2022",
            row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia"),
            ),
        ),
        (
            "Tirana, Albania, 5-6 May 2022. The workshop covered marking.",
            "Tirana, Albania, 5-6 May 2022",
            row("2022-05-05", "2022-05-06", "Tirana", Some("Albania"), None),
        ),
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        let record = &records[1];
        assert_eq!(record.title, "Training X");
        assert_eq!(record.dateline, dateline);
        assert_eq!(event_rows(record), [expected], "{line}");
        assert_eq!(record.body, "The workshop covered marking.");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
}

/// `…; Week of 9 May 2022, Skopje`: words before a date that make it
/// unreadable are no city; the part keeps its place without a date, with a
/// warning, as a first part `Week of 5 May 2022, Skopje` does (the words
/// and the day, `Week of 9 May`, were a city of their own).
#[test]
fn words_around_a_date_of_a_later_part_are_no_city() {
    let line = "5 May 2022, Tirana, Albania; Week of 9 May 2022, Skopje: UNODC met.";
    let (records, warnings) = after_a_plain_entry("Training X", line);
    assert_eq!(records.len(), 2, "{records:?}");
    let record = &records[1];
    assert_eq!(
        event_rows(record),
        [
            row("2022-05-05", "2022-05-05", "Tirana", Some("Albania"), None),
            row("", "", "Skopje", None, Some("North Macedonia")),
        ]
    );
    assert_eq!(record.dateline, line.trim_end_matches(": UNODC met."));
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("forms.txt:4: ") && w.contains("Week of 9 May 2022")),
        "{warnings:?}"
    );
}

/// `5 May 2022 (Skopje)` and `Skopje (5 May 2022)`: a known place in
/// brackets after the date, or the date in brackets after the place, is
/// the part's place or date (the first lost its place, an event with no
/// city; the second, and its title, went silently into the entry above).
#[test]
fn a_place_or_a_date_in_brackets_after_the_other_is_the_parts() {
    for line in [
        "5 May 2022 (Skopje): UNODC trained officers.",
        "Skopje (5 May 2022): UNODC trained officers.",
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        let record = &records[1];
        assert_eq!(record.title, "Training X");
        assert_eq!(
            event_rows(record),
            [row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia")
            )],
            "{line}"
        );
        assert_eq!(record.body, "UNODC trained officers.", "{line}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// `5 May, Tirana; Autumn 2023, Skopje`: the year of a season, a date the
/// reader leaves unread, is no year written once for the whole dateline;
/// the first part's year comes from the bulletin, marked inferred (it took
/// 2023, as if stated).
#[test]
fn the_year_of_a_season_is_not_the_datelines_year() {
    let line = "5 May, Tirana; Autumn 2023, Skopje: UNODC met.";
    let (records, _) = after_a_plain_entry("Training X", line);
    assert_eq!(records.len(), 2, "{records:?}");
    let first = &records[1].events[0];
    assert_eq!(first.city.as_deref(), Some("Tirana"));
    assert_eq!(
        first.start.map(|d| d.to_string()).as_deref(),
        Some("2019-05-05")
    );
    assert!(first.year_inferred);
    let second = &records[1].events[1];
    assert_eq!(second.city.as_deref(), Some("Skopje"));
    assert_eq!(second.start, None);
}

/// `5 May 2022 Tirana and Skopje`, `5 May 2022 Skopje and online`: known
/// places joined by `and` after the date with no comma are the part's
/// places, as one known place is (the entry had no date and no place).
#[test]
fn known_places_joined_after_a_date_without_a_comma_are_read() {
    for (line, cities, online) in [
        (
            "5 May 2022 Tirana and Skopje: UNODC met.",
            vec![Some("Tirana"), Some("Skopje")],
            false,
        ),
        (
            "5 May 2022 Skopje and online: UNODC met.",
            vec![Some("Skopje")],
            true,
        ),
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        let events = &records[1].events;
        let read: Vec<Option<&str>> = events.iter().map(|e| e.city.as_deref()).collect();
        assert_eq!(read, cities, "{line}");
        for event in events {
            assert_eq!(
                event.start.map(|d| d.to_string()).as_deref(),
                Some("2022-05-05")
            );
            assert_eq!(event.online, online, "{line}");
        }
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A no-break space (or a narrow one) inside a place's name, as word
/// processors put in `North Macedonia` or `Banja Luka`, names the same
/// place as a space does (`North Macedonia` was a second city without a
/// country, and `Banja Luka` a city whose country was not implied).
#[test]
fn a_no_break_space_inside_a_place_name_names_the_place() {
    for (line, expected) in [
        (
            "5 May 2022, Skopje, North\u{a0}Macedonia: UNODC met.",
            vec![(Some("Skopje"), Some("North Macedonia"), None)],
        ),
        (
            "5 May 2022, Skopje, North\u{202f}Macedonia: UNODC met.",
            vec![(Some("Skopje"), Some("North Macedonia"), None)],
        ),
        (
            "5 May 2022, Banja\u{a0}Luka: UNODC met.",
            vec![(
                Some("Banja\u{a0}Luka"),
                None,
                Some("Bosnia and Herzegovina"),
            )],
        ),
    ] {
        let (records, _) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        let places: Vec<(Option<&str>, Option<&str>, Option<&str>)> = records[1]
            .events
            .iter()
            .map(|e| {
                (
                    e.city.as_deref(),
                    e.country.as_deref(),
                    e.country_implied.as_deref(),
                )
            })
            .collect();
        assert_eq!(places, expected, "{line}");
    }
}

/// `Tuesday-Thursday, 5-7 May 2022, Skopje`: the names of the first and
/// last days before the date are no place, as one day's name is (they were
/// a city `Tuesday-Thursday` beside Skopje).
#[test]
fn the_names_of_a_range_of_days_are_no_place() {
    for line in [
        "Tuesday-Thursday, 5-7 May 2022, Skopje: UNODC met.",
        "Tue – Thu, 5-7 May 2022, Skopje: UNODC met.",
        "Tuesday to Thursday, 5-7 May 2022, Skopje: UNODC met.",
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row(
                "2022-05-05",
                "2022-05-07",
                "Skopje",
                None,
                Some("North Macedonia")
            )],
            "{line}"
        );
        assert_eq!(records[1].body, "UNODC met.", "{line}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// `…; 6 May 2022, TBC: …`: a part whose place is still to be confirmed
/// keeps its date, an event without a place, and the header ends at its
/// colon, also before a body cut short without its full stop (since the
/// placeholder stopped being a city the part had no place, so a header
/// running to the end of the line won, the last part and the short body
/// taken for a note: the 6 May event and the body were lost).
#[test]
fn a_dated_part_whose_place_is_to_be_confirmed_keeps_its_date_and_the_body() {
    for word in ["TBC", "N/A", "to be confirmed"] {
        let line = format!("5 May 2022, Skopje; 6 May 2022, {word}: UNODC met with");
        let (records, _) = after_a_plain_entry("Training X", &line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        let record = &records[1];
        assert_eq!(
            record.dateline,
            format!("5 May 2022, Skopje; 6 May 2022, {word}")
        );
        assert_eq!(record.body, "UNODC met with", "{line}");
        assert_eq!(
            event_rows(record),
            [
                row(
                    "2022-05-05",
                    "2022-05-05",
                    "Skopje",
                    None,
                    Some("North Macedonia")
                ),
                row("2022-05-06", "2022-05-06", "", None, None),
            ],
            "{line}"
        );
    }
}

/// `5 May 2022<NBSP>Skopje`: a no-break space between a date and a known
/// place is a space there too (the entry had neither date nor place).
#[test]
fn a_no_break_space_between_a_date_and_a_known_place_parts_them() {
    for line in [
        "5 May 2022\u{a0}Skopje: UNODC trained officers.",
        "5\u{a0}May\u{a0}2022\u{202f}Skopje: UNODC trained officers.",
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia")
            )],
            "{line}"
        );
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A no-break space beside the separator that ends the header
/// (`Skopje\u{a0}– The workshop …`, `Skopje:\u{a0}The workshop …`, as
/// French typography sets them) ends it as a space does (the line and its
/// title went silently into the entry above as paragraphs).
#[test]
fn a_no_break_space_beside_the_header_separator_ends_the_header() {
    for line in [
        "5 May 2022, Skopje\u{a0}– The workshop opened.",
        "5 May 2022, Skopje\u{a0}–\u{a0}The workshop opened.",
        "5 May 2022, Skopje\u{202f}— The workshop opened.",
        "5 May 2022, Skopje:\u{a0}The workshop opened.",
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line:?}: {records:?}");
        let record = &records[1];
        assert_eq!(record.dateline, "5 May 2022, Skopje", "{line:?}");
        assert_eq!(record.body, "The workshop opened.", "{line:?}");
        assert_eq!(
            event_rows(record),
            [row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia")
            )],
            "{line:?}"
        );
        assert!(warnings.is_empty(), "{line:?}: {warnings:?}");
    }
}

/// `5 May 2022<NBSP>– Skopje: …`: a dash between the date and a known
/// place with a no-break space beside it does not end the header, as with
/// plain spaces (the line went silently into the entry above, then, once
/// such a dash could end a header, Skopje went to the body).
#[test]
fn a_dash_with_a_no_break_space_between_a_date_and_its_place_keeps_the_place() {
    for (line, body) in [
        (
            "5 May 2022\u{a0}– Skopje: The workshop opened.",
            "The workshop opened.",
        ),
        (
            "5 May 2022\u{a0}–\u{a0}Skopje\u{a0}–\u{a0}The workshop opened.",
            "The workshop opened.",
        ),
    ] {
        let (records, warnings) = after_a_plain_entry("Training X", line);
        assert_eq!(records.len(), 2, "{line:?}: {records:?}");
        let record = &records[1];
        assert_eq!(record.body, body, "{line:?}");
        assert_eq!(
            event_rows(record),
            [row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia")
            )],
            "{line:?}"
        );
        assert!(warnings.is_empty(), "{line:?}: {warnings:?}");
    }
}

/// `…; 6 May 2022: UNODC met with` (a body cut short, without its full
/// stop): the header ends at the colon; a `;` note never runs past a
/// colon into the body (the last part and the body were taken for a note
/// and the whole line for the header, the body lost).
#[test]
fn a_note_after_a_semicolon_does_not_run_past_a_colon() {
    let line = "5 May 2022, Skopje, North Macedonia; 6 May 2022: UNODC met with";
    let (records, _) = after_a_plain_entry("Training X", line);
    assert_eq!(records.len(), 2, "{records:?}");
    let record = &records[1];
    assert_eq!(
        record.dateline,
        "5 May 2022, Skopje, North Macedonia; 6 May 2022"
    );
    assert_eq!(record.body, "UNODC met with");
    let starts: Vec<Option<String>> = record
        .events
        .iter()
        .map(|e| e.start.map(|d| d.to_string()))
        .collect();
    assert_eq!(
        starts,
        [
            Some("2022-05-05".to_string()),
            Some("2022-05-06".to_string())
        ]
    );
}

/// `…; Mid-May 2022, Skopje`: a word joined to a date by a hyphen that
/// leaves it unread is no city either (it gave a city `Mid-May`).
#[test]
fn a_word_hyphened_to_a_date_of_a_later_part_is_no_city() {
    for words in ["Mid-May 2022", "Early June 2022", "mid-June 2022"] {
        let line = format!("5 May 2022, Tirana, Albania; {words}, Skopje: UNODC met.");
        let (records, _) = after_a_plain_entry("Training X", &line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [
                row("2022-05-05", "2022-05-05", "Tirana", Some("Albania"), None),
                row("", "", "Skopje", None, Some("North Macedonia")),
            ],
            "{line}"
        );
        assert_eq!(records[1].body, "UNODC met.", "{line}");
    }
}

/// After a title that ends like a sentence, a dateline whose date does not
/// exist (`31 June 2022`, `32 May 2022`) opens no entry, as a paragraph
/// after a paragraph does not; both lines stay text of the entry above, and
/// the user is told at the title's line why no entry was opened there.
#[test]
fn a_sentence_title_before_a_dateline_of_a_date_that_does_not_exist_is_reported() {
    for dateline in [
        "31 June 2022, Skopje: The workshop met.",
        "32 May 2022, Skopje: The workshop met.",
    ] {
        let (records, warnings) = after_a_plain_entry("Workshop in Skopje.", dateline);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains("Workshop in Skopje."));
        assert!(records[0].body.contains(dateline));
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("does not exist")),
            "{dateline}: {warnings:?}"
        );
    }
    // A paragraph after a paragraph, opening with a date, is no entry and
    // no warning.
    for line in [
        "On 5 May 2022, the ministers met in Skopje.",
        "5 May 2022 was the day the ministers met.",
        "5 May 2022, the ministers met: they agreed.",
    ] {
        let (records, warnings) = after_a_plain_entry("The ministers then met.", line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A full stop after a place the gazetteer does not know ends no header
/// (`St. Gallen` would be cut), so `5 May 2022, Mavrovo. The workshop …`
/// opens no entry: it and its title stay text of the entry above, and the
/// user is told at the title's line, naming the place. A sentence that
/// merely opens with a date is no such line and gets no warning.
#[test]
fn a_full_stop_after_an_unknown_place_is_reported() {
    let line = "5 May 2022, Mavrovo. The workshop met.";
    for title in ["Workshop in Mavrovo", "Workshop in Mavrovo."] {
        let (records, warnings) = after_a_plain_entry(title, line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains(title));
        assert!(records[0].body.contains(line));
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("`Mavrovo`")),
            "{title}: {warnings:?}"
        );
    }
    for line in [
        "5 May 2022, the ministers met. They agreed.",
        "5 May 2022 was the day. They agreed.",
        "5 May 2022, UNODC met the ministers. They agreed.",
    ] {
        let (records, warnings) = after_a_plain_entry("The ministers", line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
    let (_, warnings) = parse_bulletin_bytes("shipped.txt", &shipped_bulletin());
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// After a title that ends like a sentence, a dateline that opens with a
/// date the reader cannot read (`5 Mai 2022`, the slashed `5/6/2022`)
/// opens no entry, as a paragraph after a paragraph does not; both lines
/// stay text of the entry above, and the user is told at the title's line.
/// A paragraph that opens with a place, or with a year alone, is no such
/// line and gets no warning.
#[test]
fn a_sentence_title_before_a_dateline_of_an_unreadable_date_is_reported() {
    for dateline in [
        "5 Mai 2022, Skopje: The workshop met.",
        "5/6/2022, Skopje: The workshop met.",
    ] {
        let (records, warnings) = after_a_plain_entry("Workshop in Skopje.", dateline);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains(dateline));
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("cannot read")),
            "{dateline}: {warnings:?}"
        );
    }
    for line in [
        "Skopje, North Macedonia: the ministers met there.",
        "2022: a year of progress for the region.",
        "10 participants, from Skopje: they met.",
    ] {
        let (records, warnings) = after_a_plain_entry("The ministers then met.", line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A dateline after a URL or a footnote has lost its title and stays text
/// of the entry above with a warning; so it does when its date does not
/// exist (`31 June 2022`) or cannot be read (`5 Mai 2022`), which went
/// unreported.
#[test]
fn a_dateline_of_an_unread_date_after_a_url_or_a_footnote_is_reported() {
    for (title, dateline) in [
        (
            "https://example.org/report",
            "31 June 2022, Skopje: The workshop met.",
        ),
        (
            "https://example.org/report",
            "5 Mai 2022, Skopje: The workshop met.",
        ),
        ("* A footnote", "32 May 2022, Skopje: The workshop met."),
        ("* A footnote", "5/6/2022, Skopje: The workshop met."),
    ] {
        let (records, warnings) = after_a_plain_entry(title, dateline);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains(dateline));
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("forms.txt:4: ") && w.contains("line 3")),
            "{dateline}: {warnings:?}"
        );
    }
    let (_, warnings) = after_a_plain_entry(
        "https://example.org/report",
        "10 participants, from Skopje: they met.",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A dateline whose header no separator ends (`5 May 2022, Skopje The
/// workshop …`), or whose unknown place comes before the date a full stop
/// ends (`Mavrovo, 5 May 2022. The workshop …`), opens no entry: both lines
/// stay text of the entry above, and the user is told at the title's line.
/// A sentence after a date and a place (`5 May 2022, Skopje hosted …`) is
/// none.
#[test]
fn a_dateline_whose_header_nothing_ends_is_reported() {
    for (line, said) in [
        ("5 May 2022, Skopje The workshop met.", "no separator"),
        ("Mavrovo, 5 May 2022. The workshop met.", "`Mavrovo`"),
    ] {
        let (records, warnings) = after_a_plain_entry("Workshop in Skopje", line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains(line));
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains(said)),
            "{line}: {warnings:?}"
        );
    }
    for line in [
        "5 May 2022, Skopje hosted the ministers.",
        "5 May 2022, Skopje and Tirana signed it.",
        "Ministers, 5 May 2022 and later. They met.",
        "In May 2022, Skopje The workshop met.",
    ] {
        let (records, warnings) = after_a_plain_entry("The ministers", line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A title that reads as a dateline itself (`Workshop, 5 May 2022`,
/// `Skopje, 5 May 2022`) is no title, so a dated dateline after it opens no
/// entry; both lines stay text of the entry above, and the user is now told
/// at the title's line.
#[test]
fn a_title_that_reads_as_a_dateline_before_a_dateline_is_reported() {
    for title in ["Workshop, 5 May 2022", "Skopje, 5 May 2022"] {
        let line = "5 May 2022, Skopje: The workshop met.";
        let (records, warnings) = after_a_plain_entry(title, line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains(title));
        assert!(records[0].body.contains(line));
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("reads as a dateline")),
            "{title}: {warnings:?}"
        );
    }
    // The days of a visit, listed in an entry's text, are no titles.
    let (records, warnings) = after_a_plain_entry(
        "5 May 2022, Skopje: opening session",
        "6 May 2022, Tirana: closing session.",
    );
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// After a title that ends like a sentence, a dateline whose known place
/// comes before a date the reader cannot read (`Skopje, 5 Mai 2022: …`)
/// opens no entry and is now reported, as when the date comes first; a
/// paragraph opening with a place and a number is no such line.
#[test]
fn a_sentence_title_before_a_place_first_dateline_of_an_unreadable_date_is_reported() {
    let line = "Skopje, 5 Mai 2022: The workshop met.";
    let (records, warnings) = after_a_plain_entry("Workshop in Skopje.", line);
    assert_eq!(records.len(), 1, "{records:?}");
    assert!(records[0].body.contains(line));
    assert!(
        warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
            && w.contains("line 4")
            && w.contains("cannot read")),
        "{warnings:?}"
    );
    let (_, warnings) = after_a_plain_entry(
        "The ministers then met.",
        "Skopje, 10 participants: they met there.",
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A dateline whose known country no separator ends (`5 May 2022, Skopje,
/// North Macedonia The workshop met.`) is reported as the one whose city
/// nothing ends is, naming the header with its country; it opened an
/// entry whose header ended at the city and whose text began with the
/// country, without a word.
#[test]
fn a_dateline_whose_country_no_separator_ends_is_reported() {
    for (line, header) in [
        (
            "5 May 2022, Skopje, North Macedonia The workshop met.",
            "`5 May 2022, Skopje, North Macedonia`",
        ),
        (
            "5 May 2022, Tirana, Albania The workshop met.",
            "`5 May 2022, Tirana, Albania`",
        ),
    ] {
        let (records, warnings) = after_a_plain_entry("Workshop in Skopje", line);
        assert_eq!(records.len(), 1, "{line}: {records:?}");
        assert!(records[0].body.contains(line), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("no separator")
                && w.contains(header)),
            "{line}: {warnings:?}"
        );
    }
    // With its separator the same line opens its entry, country and all.
    let (records, warnings) = after_a_plain_entry(
        "Workshop in Skopje",
        "5 May 2022, Skopje, North Macedonia: The workshop met.",
    );
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[1].body, "The workshop met.");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A place the gazetteer does not know that no separator ends before the
/// entry's text (`5 May 2022, Mavrovo The workshop met.`) is reported as a
/// known one is (`5 May 2022, Skopje The workshop …`): the line and its
/// title stay text of the entry above, with a warning at the title's line
/// quoting the header; it went there silently. A sentence opening with a
/// date and a name (`5 May 2022, Minister Spasovski opened …`) gets none.
#[test]
fn an_unknown_place_no_separator_ends_is_reported() {
    for (title, place) in [
        ("Workshop in Mavrovo", "Mavrovo"),
        ("Workshop in Mavrovo.", "Mavrovo"),
        ("Workshop in the park", "Mavrovo National Park"),
    ] {
        let header = format!("5 May 2022, {place}");
        let line = format!("{header} The workshop met.");
        let (records, warnings) = after_a_plain_entry(title, &line);
        assert_eq!(records.len(), 1, "{line}: {records:?}");
        assert!(records[0].body.contains(title), "{records:?}");
        assert!(records[0].body.contains(&line), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("no separator")
                && w.contains(&format!("`{header}`"))),
            "{line}: {warnings:?}"
        );
    }
    for line in [
        "5 May 2022, Minister Spasovski opened the meeting.",
        "5 May 2022, The ministers met.",
        "5 May 2022, UNODC The workshop met.",
    ] {
        let (_, warnings) = after_a_plain_entry("The ministers", line);
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A later part whose place no separator ends (`5 May 2022, Tirana; 6 May
/// 2022, Skopje The workshop met.`) is reported as a first part is, naming
/// the whole header: it went silently into the entry above, or opened an
/// entry whose header ended at the last city and whose text began with its
/// country (`Albania The workshop met.`), or at the first city, its text
/// beginning with the first country and the later parts. After a URL or a
/// footnote, where no entry can open, such a line is reported too.
#[test]
fn a_later_part_whose_place_no_separator_ends_is_reported() {
    for header in [
        "5 May 2022, Tirana; 6 May 2022, Skopje",
        "5 May 2022, Skopje, North Macedonia; 6 May 2022, Tirana, Albania",
        "5 May 2022, Skopje, North Macedonia; 6 May 2022, Mavrovo",
    ] {
        let line = format!("{header} The workshop met.");
        for title in ["Workshop in Skopje", "Workshop in Skopje."] {
            let (records, warnings) = after_a_plain_entry(title, &line);
            assert_eq!(records.len(), 1, "{line}: {records:?}");
            assert!(records[0].body.contains(&line), "{records:?}");
            assert!(
                warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                    && w.contains("line 4")
                    && w.contains("no separator")
                    && w.contains(&format!("`{header}`"))),
                "{title} / {line}: {warnings:?}"
            );
        }
        // With its separator the same line opens its entry, every place kept.
        let (records, warnings) = after_a_plain_entry(
            "Workshop in Skopje",
            &format!("{header}: The workshop met."),
        );
        assert_eq!(records.len(), 2, "{records:?}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "The workshop met.");
        assert!(warnings.is_empty(), "{warnings:?}");
    }
    for before in ["* All references to Kosovo", "https://www.unodc.org/see"] {
        let line = "5 May 2022, Skopje, North Macedonia The workshop met.";
        let (records, warnings) = after_a_plain_entry(before, line);
        assert_eq!(records.len(), 1, "{records:?}");
        assert!(records[0].body.contains(line), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:4: ")
                && w.contains("line 3")
                && w.contains("no separator")),
            "{before}: {warnings:?}"
        );
    }
}

/// A venue before a known city (`5 May 2022, Hotel Continental, Skopje,
/// North Macedonia`) is no city: the event is Skopje's, and the venue stays
/// in the dateline, where a search finds it; it was an event of its own,
/// with city `Hotel Continental`. An unknown place alone before a country
/// (`Mavrovo, North Macedonia`), or in a list of cities that `and` closes,
/// is still a city.
#[test]
fn a_venue_before_a_known_city_is_no_city() {
    for (venue, place, rows) in [
        (
            "Hotel Continental",
            "Skopje, North Macedonia",
            vec![row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                Some("North Macedonia"),
                None,
            )],
        ),
        (
            "Hotel Continental, Conference Hall",
            "Skopje",
            vec![row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                None,
                Some("North Macedonia"),
            )],
        ),
        (
            "Mavrovo",
            "North Macedonia",
            vec![row(
                "2022-05-05",
                "2022-05-05",
                "Mavrovo",
                Some("North Macedonia"),
                None,
            )],
        ),
        (
            "Mavrovo",
            "Ohrid, and Struga, North Macedonia",
            ["Mavrovo", "Ohrid", "Struga"]
                .into_iter()
                .map(|city| {
                    row(
                        "2022-05-05",
                        "2022-05-05",
                        city,
                        Some("North Macedonia"),
                        None,
                    )
                })
                .collect(),
        ),
    ] {
        let header = format!("5 May 2022, {venue}, {place}");
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert_eq!(event_rows(&records[1]), rows, "{header}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "The workshop met.");
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
}

/// A dated part whose place is a word for a place not yet known with the
/// word for a place before it (`Location TBD`, `Venue TBC`, `venue to be
/// confirmed`) is an event on its dates with no place, as `TBC` alone is,
/// with no warning, as a part naming no place gets none: `Location TBD`
/// was a city (and a value of the city facet), and `venue to be
/// confirmed` opened no entry, both lines going silently into the entry
/// above.
#[test]
fn a_placeholder_for_the_venue_is_no_city() {
    for place in [
        "Location TBD",
        "Venue TBC",
        "venue to be confirmed",
        "Place TBA",
    ] {
        let header = format!("5 May 2022, Skopje; 6 May 2022, {place}");
        let line = format!("{header}: UNODC met.");
        let (records, warnings) = after_a_plain_entry("Training X", &line);
        assert_eq!(records.len(), 2, "{line}: {records:?}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "UNODC met.");
        assert_eq!(
            event_rows(&records[1]),
            [
                row(
                    "2022-05-05",
                    "2022-05-05",
                    "Skopje",
                    None,
                    Some("North Macedonia")
                ),
                row("2022-05-06", "2022-05-06", "", None, None),
            ],
            "{line}"
        );
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// Dates written with ordinals in words (`the fifth of May 2022`, `the
/// twenty-first of May 2022`) and quarters (`Q2 2022`, April to June) are
/// read, as `5th May 2022` and `May 5th, 2022` are: the first opened no
/// entry, its line and title going silently into the entry above, and a
/// quarter was kept without dates, with a warning.
#[test]
fn ordinal_words_and_quarters_are_read() {
    for (date, start, end) in [
        ("the fifth of May 2022", "2022-05-05", "2022-05-05"),
        ("The fifth of May 2022", "2022-05-05", "2022-05-05"),
        ("the twenty-first of May 2022", "2022-05-21", "2022-05-21"),
        (
            "the first to the third of June 2022",
            "2022-06-01",
            "2022-06-03",
        ),
        ("5th May 2022", "2022-05-05", "2022-05-05"),
        ("May 5th, 2022", "2022-05-05", "2022-05-05"),
        ("May 21st-23rd, 2022", "2022-05-21", "2022-05-23"),
        ("Q2 2022", "2022-04-01", "2022-06-30"),
        ("Q4 2022", "2022-10-01", "2022-12-31"),
    ] {
        let header = format!("{date}, Skopje");
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row(start, end, "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "The workshop met.");
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
    // A quarter a year does not have keeps the place, with a warning.
    for date in ["Q5 2022", "Q0 2022"] {
        let header = format!("{date}, Skopje");
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row("", "", "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("forms.txt:4: ") && w.contains(date)),
            "{header}: {warnings:?}"
        );
    }
}

/// After a title, a header in lower case whose date cannot be read but
/// which holds a year and a place the gazetteer knows (`early June 2022,
/// Skopje: …`, `the fifth of Mai 2022, Skopje: …`) opens no entry, as a
/// header in lower-case prose does not; both lines stay text of the entry
/// above, and the user is now told at the title's line (they went there
/// silently, where `Early June 2022, Skopje: …` opens an entry with a
/// warning). Lower-case prose with no year (`to be confirmed, Tirana: …`)
/// gets none.
#[test]
fn a_lower_case_header_of_an_unread_date_and_a_known_place_is_reported() {
    for header in [
        "early June 2022, Skopje",
        "the fifth of Mai 2022, Skopje",
        "mid-May 2022, Tirana, Albania",
    ] {
        let line = format!("{header}: The workshop met.");
        let (records, warnings) = after_a_plain_entry("Workshop X", &line);
        assert_eq!(records.len(), 1, "{line}: {records:?}");
        assert!(records[0].body.contains(&line), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains(&format!("`{header}`"))),
            "{line}: {warnings:?}"
        );
    }
    for line in [
        "to be confirmed, Tirana: The workshop met.",
        "the ministers of 2022, in turn: they met.",
    ] {
        let (_, warnings) = after_a_plain_entry("Workshop X", line);
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
}

/// A range whose two ends each write their year reads them as written when
/// they are the same year or the next (`30 Dec 2023 – 2 Jan 2024`), and
/// otherwise is kept without dates, with a warning: `5 May 2022 – 7 May
/// 2024` began on 5 May 2023, and `5 May 2024 – 7 May 2022` was 5 to 7 May
/// 2022, each without a word; in digits (`05.05.2022 - 07.05.2024`) the
/// header ended at the first date, its place going to the entry's text.
#[test]
fn a_range_whose_ends_write_years_apart_is_reported() {
    for (date, start, end) in [
        ("30 Dec 2023 – 2 Jan 2024", "2023-12-30", "2024-01-02"),
        ("30 December – 2 January 2024", "2023-12-30", "2024-01-02"),
        ("28 Feb – 3 Mar 2024", "2024-02-28", "2024-03-03"),
        ("5 May 2022 – 7 May 2022", "2022-05-05", "2022-05-07"),
    ] {
        let header = format!("{date}, Skopje");
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row(start, end, "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
    for date in [
        "5 May 2022 – 7 May 2024",
        "5 May 2024 – 7 May 2022",
        "05.05.2022 - 07.05.2024",
        "2022-05-05 - 2024-05-07",
    ] {
        let header = format!("{date}, Skopje");
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row("", "", "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert_eq!(records[1].body, "The workshop met.");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:4: ")
                && w.contains(date)
                && w.contains("the year before")),
            "{header}: {warnings:?}"
        );
    }
}

/// Two parts each with its date and place that a comma joins instead of a
/// `;` (`5 May 2022, Skopje, 6 May 2022, Tirana`, `5 May 2022 Skopje, 6
/// May 2022 Tirana`) are parts of their own, as parts joined by `and` are:
/// the second place took the first date, and its own was lost, silently.
#[test]
fn two_dated_parts_a_comma_joins_are_parts_of_their_own() {
    for header in [
        "5 May 2022, Skopje, 6 May 2022, Tirana",
        "5 May 2022 Skopje, 6 May 2022 Tirana",
        "Skopje, 5 May 2022, Tirana, 6 May 2022",
        "5 May 2022, Skopje, North Macedonia, 6 May 2022, Tirana, Albania",
    ] {
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        let rows: Vec<(Option<String>, Option<String>)> = event_rows(&records[1])
            .into_iter()
            .map(|(start, _, city, _, _)| (start, city))
            .collect();
        let expected = [("2022-05-05", "Skopje"), ("2022-05-06", "Tirana")]
            .map(|(day, city)| (Some(day.to_string()), Some(city.to_string())));
        assert_eq!(rows, expected, "{header}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "The workshop met.");
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
}

/// A venue before a known city, in a header no separator ends (`5 May
/// 2022, Hotel Continental, Skopje, North Macedonia The workshop met.`), is
/// reported as the header without its venue is: it opened an entry whose
/// header ended at the city and whose text began with the country, or went
/// silently into the entry above.
#[test]
fn a_venue_in_a_header_no_separator_ends_is_reported() {
    for header in [
        "5 May 2022, Hotel Continental, Skopje, North Macedonia",
        "5 May 2022, Hotel Continental, Skopje",
    ] {
        let line = format!("{header} The workshop met.");
        let (records, warnings) = after_a_plain_entry("Workshop X", &line);
        assert_eq!(records.len(), 1, "{line}: {records:?}");
        assert!(records[0].body.contains(&line), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("no separator")
                && w.contains(&format!("`{header}`"))),
            "{line}: {warnings:?}"
        );
    }
}

/// A second date after a part's place (`5 May 2022, Skopje, 6 May 2022`)
/// is a second range of that place, as `5 and 6 May 2022, Skopje` is: one
/// event per range; it was dropped, without a word.
#[test]
fn a_second_date_after_a_parts_place_is_a_range_of_that_place() {
    for header in [
        "5 May 2022, Skopje, 6 May 2022",
        "Skopje, 5 May 2022, 6 May 2022",
    ] {
        let (records, warnings) =
            after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            ["2022-05-05", "2022-05-06"].map(|day| row(
                day,
                day,
                "Skopje",
                None,
                Some("North Macedonia")
            )),
            "{header}"
        );
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "The workshop met.");
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
}

/// A header no separator ends whose known place comes first (`Skopje, 5
/// May 2022 The workshop met.`) or has no comma before it (`5 May 2022
/// Skopje The workshop met.`) is reported as `5 May 2022, Skopje The …`
/// is; both went silently into the entry above.
#[test]
fn a_place_first_or_comma_less_header_no_separator_ends_is_reported() {
    for header in [
        "Skopje, 5 May 2022",
        "Skopje, North Macedonia, 5 May 2022",
        "5 May 2022 Skopje",
        "Skopje 5 May 2022",
    ] {
        let line = format!("{header} The workshop met.");
        let (records, warnings) = after_a_plain_entry("Workshop X", &line);
        assert_eq!(records.len(), 1, "{line}: {records:?}");
        assert!(records[0].body.contains(&line), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:3: ")
                && w.contains("line 4")
                && w.contains("no separator")
                && w.contains(&format!("`{header}`"))),
            "{line}: {warnings:?}"
        );
    }
    for line in [
        "Skopje, 5 May 2022 was the day they met.",
        "5 May 2022 Skopje hosted the ministers.",
    ] {
        let (_, warnings) = after_a_plain_entry("The ministers", line);
        assert!(warnings.is_empty(), "{line}: {warnings:?}");
    }
    // A header a comma ends, before a name, still opens its entry.
    let (records, warnings) = after_a_plain_entry(
        "Workshop X",
        "5 May 2022, Skopje, North Macedonia, UNODC Regional Programme staff met.",
    );
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(records[1].body, "UNODC Regional Programme staff met.");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A dateline line that ends with its header's dash (`5 May 2022, Skopje,
/// North Macedonia -`, the text on the next line) ends its header there,
/// as one ending with `:` does: `North Macedonia -` was a city of its own.
#[test]
fn a_dash_that_ends_a_dateline_line_ends_its_header() {
    for dash in ["-", "–", "—"] {
        let header = "5 May 2022, Skopje, North Macedonia";
        let text = format!(
            "Anchor entry\n3 May 2019, Skopje, North Macedonia: Anchor text.\nWorkshop X\n{header} {dash}\nThe workshop met.\n"
        );
        let (records, warnings) = parse_bulletin_bytes("forms.txt", text.as_bytes());
        assert_eq!(records.len(), 2, "{dash}: {records:?}");
        assert_eq!(records[1].dateline, header, "{dash}");
        assert_eq!(
            event_rows(&records[1]),
            [row(
                "2022-05-05",
                "2022-05-05",
                "Skopje",
                Some("North Macedonia"),
                None
            )],
            "{dash}"
        );
        assert_eq!(records[1].body, "The workshop met.");
        assert!(warnings.is_empty(), "{dash}: {warnings:?}");
    }
}

/// A dateline that goes on at the next line (`5 May 2022, Skopje, North
/// Macedonia;` then `6 May 2022, Tirana, Albania: …`; `5 May 2022,
/// Skopje,` then `North Macedonia: …`; `5 May 2022` then `Skopje, North
/// Macedonia: …`) is reported at its line, naming the next: the entry
/// keeps what its line gives, and the next line is its text, so the places
/// and dates there made no event, without a word.
#[test]
fn a_dateline_that_goes_on_at_the_next_line_is_reported() {
    for (first, second) in [
        (
            "5 May 2022, Skopje, North Macedonia;",
            "6 May 2022, Tirana, Albania: The workshop met.",
        ),
        ("5 May 2022, Skopje,", "North Macedonia: The workshop met."),
        ("5 May 2022", "Skopje, North Macedonia: The workshop met."),
    ] {
        let text = format!(
            "Anchor entry\n3 May 2019, Skopje, North Macedonia: Anchor text.\nWorkshop X\n{first}\n{second}\n"
        );
        let (records, warnings) = parse_bulletin_bytes("forms.txt", text.as_bytes());
        let warnings: Vec<String> = warnings.iter().map(|w| w.to_string()).collect();
        assert_eq!(records.len(), 2, "{first}: {records:?}");
        assert_eq!(records[1].title, "Workshop X");
        assert!(records[1].body.contains(second), "{records:?}");
        assert!(
            warnings.iter().any(|w| w.starts_with("forms.txt:4: ")
                && w.contains("line 5")
                && w.contains("next line")),
            "{first}: {warnings:?}"
        );
    }
    // A dateline that is its whole line, then the entry's text, gets none.
    let text =
        "Workshop X\n5 May 2022, Skopje, North Macedonia\nThe workshop met in Tirana, Albania.\n";
    let (_, warnings) = parse_bulletin_bytes("forms.txt", text.as_bytes());
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A dated sentence's header no separator ends (`From 5 to 7 May 2022,
/// Skopje The workshop met.`) is told of once, as such a header: it also
/// got the warning that no known place follows its date, which one does.
#[test]
fn a_dated_opening_no_separator_ends_is_told_of_once() {
    let line = "From 5 to 7 May 2022, Skopje The workshop met.";
    let (records, warnings) = after_a_plain_entry("Workshop X", line);
    assert_eq!(records.len(), 1, "{records:?}");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("forms.txt:3: ") && warnings[0].contains("no separator"),
        "{warnings:?}"
    );
}

/// A known city written with a country the gazetteer does not know it in
/// (`5 May 2022, Skopje, Albania`) keeps the country as written, with a
/// warning naming both; it went into the Albania facet without a word.
#[test]
fn a_known_city_in_another_country_is_reported() {
    let (city, written, known) = ("Skopje", "Albania", "North Macedonia");
    let header = format!("5 May 2022, {city}, {written}");
    let (records, warnings) =
        after_a_plain_entry("Workshop X", &format!("{header}: The workshop met."));
    assert_eq!(records.len(), 2, "{records:?}");
    assert_eq!(
        event_rows(&records[1]),
        [row("2022-05-05", "2022-05-05", city, Some(written), None)]
    );
    assert!(
        warnings.iter().any(|w| w.starts_with("forms.txt:4: ")
            && w.contains(&format!("{city} in {written}"))
            && w.contains(known)),
        "{warnings:?}"
    );
    let (_, warnings) = after_a_plain_entry(
        "Workshop X",
        &format!("5 May 2022, {city}, {known}: The workshop met."),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A bulletin of three entries whose middle one opens with `header`,
/// read: the records (three when no entry is lost) and the warnings.
fn read_between_two_entries(header: &str) -> (Vec<bulletin::Record>, Vec<String>) {
    let text = format!(
        "Opening entry\n3 May 2022, Tirana, Albania: UNODC met.\n\
         Workshop X\n{header}: The workshop met.\n\
         Closing entry\n9 June 2022, Podgorica, Montenegro: UNODC trained officers.\n"
    );
    let (records, warnings) = parse_bulletin_bytes("periods.txt", text.as_bytes());
    (records, warnings.iter().map(|w| w.to_string()).collect())
}

/// The first and the second half of 2022, as ISO days.
const FIRST_HALF_OF_2022: (&str, &str) = ("2022-01-01", "2022-06-30");
const SECOND_HALF_OF_2022: (&str, &str) = ("2022-07-01", "2022-12-31");

/// Half years (`H1 2022`, `second half of 2022`) cover their six months,
/// as a quarter covers its three: `H1 2022, Skopje` was kept without
/// dates, with a warning, and `first half of 2022, Skopje` opened no
/// entry, its title and text going into the entry above.
#[test]
fn half_years_are_read() {
    for (date, (start, end)) in [
        ("H1 2022", FIRST_HALF_OF_2022),
        ("H2 2022", SECOND_HALF_OF_2022),
        ("h2 2022", SECOND_HALF_OF_2022),
        ("first half of 2022", FIRST_HALF_OF_2022),
        ("First half of 2022", FIRST_HALF_OF_2022),
        ("the first half of 2022", FIRST_HALF_OF_2022),
        ("second half of 2022", SECOND_HALF_OF_2022),
        ("Second half of 2022", SECOND_HALF_OF_2022),
        ("2nd half 2022", SECOND_HALF_OF_2022),
        ("H1-H2 2022", (FIRST_HALF_OF_2022.0, SECOND_HALF_OF_2022.1)),
    ] {
        let header = format!("{date}, Skopje, North Macedonia");
        let (records, warnings) = read_between_two_entries(&header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        let record = &records[1];
        assert_eq!(record.dateline, header);
        assert_eq!(record.body, "The workshop met.");
        assert_eq!(
            event_rows(record),
            [row(start, end, "Skopje", Some("North Macedonia"), None)],
            "{header}"
        );
        assert!(!record.events[0].year_inferred, "{header}");
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
    // A half a year does not have keeps its entry and place, with a warning.
    let (records, warnings) = read_between_two_entries("H3 2022, Skopje, North Macedonia");
    assert_eq!(records.len(), 3, "{records:?}");
    assert_eq!(
        event_rows(&records[1]),
        [row("", "", "Skopje", Some("North Macedonia"), None)]
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("periods.txt:4: ") && w.contains("H3 2022")),
        "{warnings:?}"
    );
}

/// The second quarter of 2022, and the second quarter of 2022 to the
/// first of 2023, as ISO days.
const SECOND_QUARTER_OF_2022: (&str, &str) = ("2022-04-01", "2022-06-30");
const SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023: (&str, &str) = ("2022-04-01", "2023-03-31");

/// A quarter written with its year first (`2022 Q2`, `2022-Q2`) or with a
/// slash or a dash before its year (`Q2/2022`, `Q2-2022`) is the quarter,
/// as `Q2 2022` is, and so is a range of them (`2022 Q2 - 2023 Q1`,
/// `Q2/2022 - Q1/2023`): each was kept without dates, with a warning. A
/// half year written so (`2022 H1`, `H1/2022`) is read the same way.
#[test]
fn quarters_with_their_year_first_or_after_a_slash_are_read() {
    for (date, (start, end)) in [
        ("2022 Q2", SECOND_QUARTER_OF_2022),
        ("2022-Q2", SECOND_QUARTER_OF_2022),
        ("2022/Q2", SECOND_QUARTER_OF_2022),
        ("Q2/2022", SECOND_QUARTER_OF_2022),
        ("Q2-2022", SECOND_QUARTER_OF_2022),
        ("q2/2022", SECOND_QUARTER_OF_2022),
        ("Q2 2022 – Q1 2023", SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023),
        ("Q2 2022 - Q1 2023", SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023),
        ("2022 Q2 - 2023 Q1", SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023),
        ("2022-Q2 – 2023-Q1", SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023),
        ("Q2/2022 - Q1/2023", SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023),
        ("Q2/2022–Q1/2023", SECOND_QUARTER_OF_2022_TO_FIRST_OF_2023),
        ("2022 H1", FIRST_HALF_OF_2022),
        ("H2/2022", SECOND_HALF_OF_2022),
    ] {
        let header = format!("{date}, Skopje");
        let (records, warnings) = read_between_two_entries(&header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        let record = &records[1];
        assert_eq!(record.dateline, header);
        assert_eq!(record.body, "The workshop met.");
        assert_eq!(
            event_rows(record),
            [row(start, end, "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert!(!record.events[0].year_inferred, "{header}");
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
    // Years neither the same nor one apart keep the entry and its place,
    // without dates, with a warning.
    let (records, warnings) = read_between_two_entries("Q2/2022 - Q1/2025, Skopje");
    assert_eq!(records.len(), 3, "{records:?}");
    assert_eq!(
        event_rows(&records[1]),
        [row("", "", "Skopje", None, Some("North Macedonia"))]
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("periods.txt:4: ") && w.contains("Q2/2022 - Q1/2025")),
        "{warnings:?}"
    );
}

/// A venue with no city or country beside it (`5 May 2022, Hotel
/// Continental`) is no city either: the entry opens with its dates and no
/// place, the venue stays in the dateline, where a search finds it, and a
/// warning at the dateline's line names the venue and says to write its
/// city. It was an event in the city `Hotel Continental`, without a word.
#[test]
fn a_venue_alone_is_no_city_and_is_reported() {
    for (header, venue, online) in [
        ("5 May 2022, Hotel Continental", "Hotel Continental", false),
        ("Hotel Continental, 5 May 2022", "Hotel Continental", false),
        ("5 May 2022, Congress Centre", "Congress Centre", false),
        (
            "5 May 2022, Hotel Continental, Conference Hall",
            "Hotel Continental, Conference Hall",
            false,
        ),
        (
            "5 May 2022, Hotel Continental and online",
            "Hotel Continental",
            true,
        ),
    ] {
        let (records, warnings) = read_between_two_entries(header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        let record = &records[1];
        assert_eq!(record.dateline, header);
        assert_eq!(record.body, "The workshop met.");
        assert_eq!(
            event_rows(record),
            [row("2022-05-05", "2022-05-05", "", None, None)],
            "{header}"
        );
        assert_eq!(record.events[0].online, online, "{header}");
        let venue_warnings: Vec<&String> = warnings
            .iter()
            .filter(|w| w.contains(&format!("the venue {venue} ")) && w.contains("no city"))
            .collect();
        assert_eq!(venue_warnings.len(), 1, "{header}: {warnings:?}");
        assert!(
            venue_warnings[0].starts_with("periods.txt:4: "),
            "{header}: {warnings:?}"
        );
        assert!(
            record.warnings.iter().any(|w| w.contains(venue)),
            "{header}"
        );
    }
    // Beside a place, a venue is no city and no warning.
    let (records, warnings) = read_between_two_entries("5 May 2022, Hotel Continental, Skopje");
    assert_eq!(records.len(), 3, "{records:?}");
    assert_eq!(
        event_rows(&records[1]),
        [row(
            "2022-05-05",
            "2022-05-05",
            "Skopje",
            None,
            Some("North Macedonia")
        )]
    );
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// After a title, a lower-case header whose year is joined to a word
/// (`mid-2022, Skopje`, `winter 2022/23, Skopje`) is told of at the
/// title's line, as `mid-May 2022, Skopje` is: both lines stay text of
/// the entry above, and they went there without a word.
#[test]
fn a_lower_case_header_of_a_year_joined_to_a_word_is_reported() {
    for header in [
        "mid-2022, Skopje",
        "late-2022, Tirana, Albania",
        "winter 2022/23, Skopje",
        "end-2022, Skopje",
    ] {
        let (records, warnings) = read_between_two_entries(header);
        // The opening entry holds the title and the header; the closing
        // entry is read as written.
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert!(
            records[0]
                .body
                .contains(&format!("Workshop X\n{header}: The workshop met.")),
            "{header}: {records:?}"
        );
        assert_eq!(records[1].title, "Closing entry");
        assert!(
            warnings.iter().any(|w| w.starts_with("periods.txt:3: ")
                && w.contains("line 4")
                && w.contains(&format!("`{header}`"))),
            "{header}: {warnings:?}"
        );
    }
    // A number joined to a word that is no year (`covid-19`) is no date.
    let (_, warnings) = read_between_two_entries("covid-19 measures, Skopje");
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// The warnings of a bulletin of three entries whose middle one opens
/// with `header`, with `header` written as `HEADER`, so that two forms'
/// warnings can be compared.
fn warnings_between_two_entries(header: &str) -> Vec<String> {
    let (_, warnings) = read_between_two_entries(header);
    warnings
        .iter()
        .map(|w| w.replace(header, "HEADER"))
        .collect()
}

/// A season (`Spring 2022`, `Winter 2022/23`) is vague as `Early May
/// 2022` is, and its months depend on the hemisphere: it is read as
/// `Early May 2022` is, not as months. Capitalised, it opens its entry
/// with its place and no dates, with the same warning at the dateline's
/// line; in lower case (`summer 2022, Skopje`), as `early May 2022,
/// Skopje`, it opens none, and the same warning at the title's line says
/// so. No word of the line is lost.
#[test]
fn a_season_is_read_as_a_vague_date_is() {
    let vague = warnings_between_two_entries("Early May 2022, Skopje");
    assert_eq!(vague.len(), 1, "{vague:?}");
    assert!(vague[0].starts_with("periods.txt:4: "), "{vague:?}");
    for season in [
        "Spring 2022",
        "Summer 2022",
        "Autumn 2022",
        "Fall 2022",
        "Winter 2022/23",
        "Winter 2022/2023",
        "Winter 2022-23",
    ] {
        let header = format!("{season}, Skopje");
        let (records, _) = read_between_two_entries(&header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(records[1].body, "The workshop met.");
        assert_eq!(
            event_rows(&records[1]),
            [row("", "", "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert_eq!(warnings_between_two_entries(&header), vague, "{header}");
    }
    let vague = warnings_between_two_entries("early May 2022, Skopje");
    assert_eq!(vague.len(), 1, "{vague:?}");
    assert!(vague[0].starts_with("periods.txt:3: "), "{vague:?}");
    for season in [
        "spring 2022",
        "summer 2022",
        "autumn 2022",
        "fall 2022",
        "winter 2022/23",
    ] {
        let header = format!("{season}, Skopje");
        let (records, _) = read_between_two_entries(&header);
        assert_eq!(records.len(), 2, "{header}: {records:?}");
        assert!(
            records[0]
                .body
                .contains(&format!("Workshop X\n{header}: The workshop met.")),
            "{header}: {records:?}"
        );
        assert_eq!(warnings_between_two_entries(&header), vague, "{header}");
    }
}

/// A lower-case month after a word that makes it vague (`early may
/// 2022`) is told of as `early May 2022` is.
#[test]
fn a_vague_date_with_its_month_in_lower_case_is_reported_as_in_capitals() {
    for (lower, capitals) in [
        ("early may 2022, Skopje", "early May 2022, Skopje"),
        ("late june 2022, Skopje", "late June 2022, Skopje"),
        ("mid-may 2022, Skopje", "mid-May 2022, Skopje"),
    ] {
        let (records, _) = read_between_two_entries(lower);
        assert_eq!(records.len(), 2, "{lower}: {records:?}");
        assert!(records[0].body.contains(lower), "{lower}: {records:?}");
        let expected = warnings_between_two_entries(capitals);
        assert_eq!(expected.len(), 1, "{capitals}: {expected:?}");
        assert_eq!(warnings_between_two_entries(lower), expected, "{lower}");
    }
}

/// A capitalised vague date whose month is in lower case (`Early may
/// 2022, Skopje`) opens its entry, with its place and the warning at the
/// dateline's line, as `Early May 2022, Skopje` does; it opened none, its
/// two lines going into the entry above.
#[test]
fn a_capitalised_vague_date_with_a_lower_case_month_is_read_as_in_capitals() {
    for (lower, capitals) in [
        ("Early may 2022, Skopje", "Early May 2022, Skopje"),
        ("Late june 2022, Skopje", "Late June 2022, Skopje"),
        ("Mid-may 2022, Skopje", "Mid-May 2022, Skopje"),
        (
            "End of september 2022, Skopje",
            "End of September 2022, Skopje",
        ),
    ] {
        let (records, _) = read_between_two_entries(lower);
        assert_eq!(records.len(), 3, "{lower}: {records:?}");
        assert_eq!(records[1].dateline, lower);
        assert_eq!(records[1].body, "The workshop met.");
        assert_eq!(
            event_rows(&records[1]),
            [row("", "", "Skopje", None, Some("North Macedonia"))],
            "{lower}"
        );
        let expected = warnings_between_two_entries(capitals);
        assert_eq!(expected.len(), 1, "{capitals}: {expected:?}");
        assert!(expected[0].starts_with("periods.txt:4: "), "{expected:?}");
        assert_eq!(warnings_between_two_entries(lower), expected, "{lower}");
    }
}

/// A season in a later part, before its place, is no place, whatever way
/// its years are written (`…; Winter 2022/23, Skopje`), as `…; Spring
/// 2022, Skopje` is none: it gave the cities `Winter 2022` and `23`.
#[test]
fn a_season_over_two_years_before_a_place_is_no_place() {
    for season in [
        "Spring 2022",
        "Winter 2022/23",
        "Winter 2022/2023",
        "Winter 2022-23",
        "winter 2022/23",
    ] {
        let header = format!("5 May 2022, Tirana, Albania; {season}, Skopje");
        let (records, warnings) = read_between_two_entries(&header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(
            event_rows(&records[1]),
            [
                row("2022-05-05", "2022-05-05", "Tirana", Some("Albania"), None),
                row("", "", "Skopje", None, Some("North Macedonia")),
            ],
            "{header}"
        );
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with("periods.txt:4: ")
                    && w.contains(&format!("{season}, Skopje"))),
            "{header}: {warnings:?}"
        );
    }
}

/// A range of quarters or halves written with its year first (`2022
/// Q2-Q3`, `2022 H1-H2`) is in that year, as `Q2-Q3 2022` is: it was kept
/// without dates, with a warning.
#[test]
fn a_range_of_quarters_with_its_year_first_is_read() {
    for (date, (start, end)) in [
        ("2022 Q2-Q3", ("2022-04-01", "2022-09-30")),
        ("2022 Q2 – Q3", ("2022-04-01", "2022-09-30")),
        ("2022 H1-H2", (FIRST_HALF_OF_2022.0, SECOND_HALF_OF_2022.1)),
    ] {
        let header = format!("{date}, Skopje");
        let (records, warnings) = read_between_two_entries(&header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        assert_eq!(
            event_rows(&records[1]),
            [row(start, end, "Skopje", None, Some("North Macedonia"))],
            "{header}"
        );
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
}

/// A venue joined to a place by `and` or `&` (`5 May 2022, Hotel
/// Continental and Mavrovo`) is no city either, as it is beside a place
/// after a comma: the event is the place's, and the venue stays in the
/// dateline. It was an event of its own, in the city `Hotel Continental`.
#[test]
fn a_venue_joined_to_a_place_by_and_is_no_city() {
    for (header, city, implied) in [
        ("5 May 2022, Hotel Continental and Mavrovo", "Mavrovo", None),
        (
            "5 May 2022, Tirana & Congress Centre",
            "Tirana",
            Some("Albania"),
        ),
    ] {
        let (records, warnings) = read_between_two_entries(header);
        assert_eq!(records.len(), 3, "{header}: {records:?}");
        assert_eq!(records[1].dateline, header);
        assert_eq!(
            event_rows(&records[1]),
            [row("2022-05-05", "2022-05-05", city, None, implied)],
            "{header}"
        );
        assert!(warnings.is_empty(), "{header}: {warnings:?}");
    }
}
