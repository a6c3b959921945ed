//! Programmes: registry names and acronyms found by the gazetteer scan, plus
//! named UNODC programmes the registry does not know yet (`Global Programme on
//! …`, `project "…"`, a name UNODC leads such as `the UNODC Global Maritime
//! Crime Programme`, an acronym defined as `… Programme (XYZ)` or `XYZ (…
//! Programme)`), but not organisations called a programme (`UNDP`).

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::extract::acronym::DefinedAfter;
use crate::extract::gazetteer::{Gazetteer, Kind, Mention};
use crate::text::is_word_char;

const NAME_CONNECTORS: [&str; 9] = ["on", "against", "for", "to", "of", "the", "and", "in", "&"];

/// Words that start a new name, so a programme's name ends before them:
/// `the Global Programme on Cybercrime and the UNODC Global Programme against …`.
const NAME_BREAKS: [&str; 5] = ["UNODC", "Global", "Programme", "Program", "Project"];

/// Reads a run of capitalised words and connectors at the start of `text`,
/// ending on a capitalised word. Returns the run's byte length. A name
/// ends at its line: a title's programme does not run into the dateline.
fn capitalised_run(text: &str) -> usize {
    let line = text.split('\n').next().unwrap_or("");
    let mut end = 0;
    let mut offset = 0;
    for word in line.split(' ') {
        let bare = word.trim_end_matches([',', '.', ';', ':', '”', '"', ')']);
        let is_capitalised = bare.chars().next().is_some_and(char::is_uppercase);
        let is_connector = NAME_CONNECTORS.contains(&bare);
        if NAME_BREAKS.contains(&bare) {
            break;
        }
        if is_capitalised {
            end = offset + bare.len();
        } else if !is_connector {
            break;
        }
        if bare.len() != word.len() {
            break;
        }
        offset += word.len() + 1;
    }
    end
}

/// The last word of a named programme that UNODC leads (`the UNODC Global
/// Maritime Crime Programme`, `UNODC’s Paris Pact Initiative`).
const NAME_ENDS: [&str; 5] = ["Programme", "Program", "Project", "Initiative", "Network"];

/// The span, in `rest` (the text right after `UNODC`), of a programme's
/// name that UNODC leads: two capitalised words or more (connectors between
/// them) up to a word of [`NAME_ENDS`] (`Global Maritime Crime Programme`),
/// or one word and that word with `on`, `for`, `against` or `to` and a
/// capitalised name after it (`Joint Programme on Drug Dependence Treatment
/// and Care`). A partner may be joined to UNODC (`UNODC-WHO`). Offices,
/// units and officers (`UNODC Programme Office`, `UNODC National Programme
/// Officer`) and lower-case programmes name none.
fn named_after_unodc(rest: &str) -> Option<(usize, usize)> {
    let lead = match rest.strip_prefix(['-', '/']) {
        Some(partner) => {
            let len = partner.find(' ')?;
            let is_acronyms = partner[..len]
                .chars()
                .all(|c| c.is_ascii_uppercase() || matches!(c, '-' | '/'));
            if !is_acronyms {
                return None;
            }
            1 + len + 1
        }
        None => ["’s ", "'s ", " "]
            .iter()
            .find(|lead| rest.starts_with(**lead))?
            .len(),
    };
    let line = rest[lead..].split('\n').next().unwrap_or("");
    let mut offset = 0;
    let mut capitalised = 0;
    for word in line.split(' ') {
        let bare = word.trim_end_matches([',', '.', ';', ':', '”', '"', ')']);
        if NAME_ENDS.contains(&bare) {
            let end = lead + offset + bare.len();
            if capitalised >= 2 {
                return Some((lead, end));
            }
            let after = line.get(offset + word.len() + 1..)?;
            let connector = after.split(' ').next().unwrap_or("");
            if capitalised == 0
                || bare.len() != word.len()
                || !["on", "against", "for", "to"].contains(&connector)
            {
                return None;
            }
            let run = capitalised_run(after.get(connector.len() + 1..)?);
            return (run > 0).then_some((lead, end + 1 + connector.len() + 1 + run));
        }
        let is_capitalised = bare.chars().next().is_some_and(char::is_alphabetic)
            && bare.chars().any(char::is_uppercase)
            && bare != "UNODC";
        if is_capitalised {
            capitalised += 1;
        } else if capitalised == 0 || !NAME_CONNECTORS.contains(&bare) {
            return None;
        }
        if bare.len() != word.len() {
            return None;
        }
        offset += word.len() + 1;
    }
    None
}

/// Whether `start..end` is in the entry's title (its first line) and the
/// title is in title case outside that span (`UNODC Trains Border Police
/// Officers`): more than twice as many capitalised words of four letters or
/// more as lower-case ones. A body's paragraphs are prose.
fn in_title_in_title_case(text: &str, start: usize, end: usize) -> bool {
    if text[..start].contains('\n') {
        return false;
    }
    let line_end = text[end..].find('\n').map_or(text.len(), |at| end + at);
    let (mut capitalised, mut lower) = (0usize, 0usize);
    for piece in [&text[..start], &text[end..line_end]] {
        for word in piece.split(|c: char| !is_word_char(c)) {
            match word.chars().next() {
                _ if word.len() < 4 => {}
                Some(c) if c.is_uppercase() => capitalised += 1,
                Some(c) if c.is_lowercase() => lower += 1,
                _ => {}
            }
        }
    }
    capitalised > 2 * lower
}

/// Whether `name` is a programme's capitalised name ending in `Programme`,
/// `Program` or `Project`, its words capitalised or connectors.
fn is_programme_name(name: &str) -> bool {
    let ends = ["Programme", "Program", "Project"];
    name.chars().next().is_some_and(char::is_uppercase)
        && ends.iter().any(|end| name.ends_with(end))
        && name.split(' ').all(|word| {
            word.chars().next().is_some_and(char::is_uppercase) || NAME_CONNECTORS.contains(&word)
        })
}

/// Whether a programme's name is an organisation's (the labelling rules'
/// "other organisations"): a UN agency called a programme (`United Nations
/// Development Programme`, `World Food Programme`) or a donor body of
/// `data/donors.tsv`.
fn names_an_organisation(gazetteer: &Gazetteer, name: &str) -> bool {
    ["United Nations ", "UN ", "World ", "Joint United Nations "]
        .iter()
        .any(|lead| name.starts_with(lead))
        || gazetteer.donor_named(name).is_some()
}

/// What joins the names that share a plural: `Global Firearms and
/// Container Control Programmes`, `A, B and C Programmes`.
const PLURAL_JOINS: [&str; 4] = [", and ", " and ", " & ", ", "];

/// The registry programmes named before a plural registry name with their
/// own words and the plural's noun left out: `Global Firearms` in `Global
/// Firearms and Container Control Programmes`. Only names the registry knows
/// count, so `Customs and Container Control Programmes` names one.
fn programmes_sharing_plural<'a>(
    gazetteer: &'a Gazetteer,
    text: &'a str,
    plural: &Mention,
) -> impl Iterator<Item = usize> + 'a {
    let written = text.get(plural.start..plural.end).unwrap_or("");
    // The scan takes a trailing `s` into the mention for a plural; a name
    // of its own ending in `s` (`Networking the Networks`) finds no other
    // name ending in its last word less the `s`, and so names no more.
    let noun = written
        .strip_suffix('s')
        .and_then(|bare| bare.rsplit(' ').next())
        .unwrap_or("");
    let mut before = if noun.is_empty() {
        ""
    } else {
        text.get(..plural.start).unwrap_or("")
    };
    std::iter::from_fn(move || {
        let rest = PLURAL_JOINS
            .iter()
            .find_map(|join| before.strip_suffix(join))?;
        let (id, stem_len) = gazetteer
            .programmes
            .iter()
            .enumerate()
            .find_map(|(id, p)| {
                p.triggers
                    .iter()
                    .find_map(|trigger| shared_stem(trigger, noun, rest).map(|len| (id, len)))
            })?;
        before = &rest[..rest.len() - stem_len];
        Some(id)
    })
}

/// The length of `trigger` less ` noun` (`Global Firearms` of `Global
/// Firearms Programme`) when `before` ends with it, in any case, as a whole word.
fn shared_stem(trigger: &str, noun: &str, before: &str) -> Option<usize> {
    let stem_len = trigger.len().checked_sub(noun.len() + 1)?;
    let stem = trigger.get(..stem_len).filter(|stem| !stem.is_empty())?;
    let names_noun = trigger[stem_len..]
        .strip_prefix(' ')
        .is_some_and(|last| last.eq_ignore_ascii_case(noun));
    let at = before.len().checked_sub(stem_len)?;
    let tail = before.get(at..)?;
    let whole_word = !before[..at].ends_with(is_word_char);
    (names_noun && whole_word && tail.eq_ignore_ascii_case(stem)).then_some(stem_len)
}

/// Programmes named in the text, canonical and sorted.
pub fn extract_programmes(
    gazetteer: &Gazetteer,
    text: &str,
    mentions: &[Mention],
    acronyms: &[(String, String)],
    defined_after: &[DefinedAfter],
) -> Vec<String> {
    let mut names: Vec<String> = mentions
        .iter()
        .filter_map(|m| match m.kind {
            Kind::Programme(id) | Kind::ProgrammeAcronym(id) => {
                Some(gazetteer.programmes[id].name.clone())
            }
            _ => None,
        })
        .collect();
    // `Global Firearms and Container Control Programmes`: the plural is
    // shared by the names before it.
    for mention in mentions {
        if let Kind::Programme(_) = mention.kind {
            names.extend(
                programmes_sharing_plural(gazetteer, text, mention)
                    .map(|id| gazetteer.programmes[id].name.clone()),
            );
        }
    }
    let known_spans: Vec<(usize, usize)> = mentions
        .iter()
        .filter(|m| matches!(m.kind, Kind::Programme(_) | Kind::ProgrammeAcronym(_)))
        .map(|m| (m.start, m.end))
        .collect();
    let overlaps_known =
        |start: usize, end: usize| known_spans.iter().any(|&(s, e)| start < e && s < end);

    // `Global Programme on Cybercrime`, `Global Programme against …`
    static LEADS: LazyLock<[(&str, Finder<'static>); 2]> = LazyLock::new(|| {
        ["Global Programme ", "Global Program "].map(|lead| (lead, Finder::new(lead)))
    });
    static PROJECT: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("project "));
    for (lead, finder) in LEADS.iter() {
        for at in finder.find_iter(text.as_bytes()) {
            let rest = &text[at + lead.len()..];
            let connector = rest.split(' ').next().unwrap_or("");
            if !["on", "against", "for", "to"].contains(&connector) {
                continue;
            }
            // A text cut short after `Global Programme on` names nothing.
            let Some(name) = rest.get(connector.len() + 1..) else {
                continue;
            };
            let run = capitalised_run(name);
            if run == 0 {
                continue;
            }
            let end = at + lead.len() + connector.len() + 1 + run;
            if !overlaps_known(at, end) {
                names.push(text[at..end].to_string());
            }
        }
    }
    // project “Title” / project "Title"
    for at in PROJECT.find_iter(text.as_bytes()) {
        let rest = &text[at + "project ".len()..];
        let Some(open) = rest.chars().next().filter(|c| matches!(c, '“' | '"')) else {
            continue;
        };
        let inner = &rest[open.len_utf8()..];
        let Some(close) = inner.find(['”', '"']) else {
            continue;
        };
        let title = inner[..close].trim();
        let start = at + "project ".len() + open.len_utf8();
        if !title.is_empty() && title.len() <= 120 && !overlaps_known(start, start + close) {
            names.push(title.to_string());
        }
    }
    // `the UNODC Global Maritime Crime Programme`, `UNODC’s Paris Pact Initiative`.
    for from in mentions
        .iter()
        .filter(|m| m.kind == Kind::Unodc)
        .map(|m| m.end)
    {
        if let Some((start, end)) = named_after_unodc(&text[from..])
            .map(|(start, end)| (from + start, from + end))
            .filter(|&(start, end)| {
                !overlaps_known(start, end) && !in_title_in_title_case(text, start, end)
            })
        {
            names.push(text[start..end].to_string());
        }
    }
    // `GMCP (Global Maritime Crime Programme)`: an acronym defined after
    // it by a programme's name that starts with its first letter.
    for defined in defined_after {
        let name = &text[defined.start..defined.end];
        let same_initial = name.chars().next() == defined.acronym.chars().next();
        if same_initial
            && name.len() <= 120
            && is_programme_name(name)
            && !names_an_organisation(gazetteer, name)
            && !overlaps_known(defined.start, defined.end)
        {
            names.push(name.to_string());
        }
    }
    // `Global Programme on X (GPX)`-style definitions ending in Programme, Program or Project.
    for (acronym, expansion) in acronyms {
        let is_programme_name = (expansion.ends_with("Programme")
            || expansion.ends_with("Program")
            || expansion.ends_with("Project"))
            && expansion.chars().next().is_some_and(char::is_uppercase);
        if !is_programme_name || names_an_organisation(gazetteer, expansion) {
            continue;
        }
        let already_known = gazetteer
            .scan(expansion)
            .iter()
            .any(|m| matches!(m.kind, Kind::Programme(_)))
            || gazetteer
                .programmes
                .iter()
                .any(|p| p.acronyms.contains(acronym));
        if !already_known {
            names.push(expansion.clone());
        }
    }
    names.sort();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use crate::extract::parse_bulletin_bytes;

    /// The programmes of a one-entry bulletin whose dateline line goes on with `text`.
    fn programmes_of(text: &str) -> Vec<String> {
        let bulletin =
            format!("UNODC trains officers\n22-24 March 2022, Podgorica, Montenegro: {text}\n");
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", bulletin.as_bytes());
        assert_eq!(records.len(), 1, "{bulletin}");
        records[0].programmes.clone()
    }

    #[test]
    fn other_spellings_of_registry_programmes_take_the_canonical_name() {
        for (text, expected) in [
            (
                "UNODC trained officers within its Regional Programme for Southeast Europe.",
                "Regional Programme for South Eastern Europe",
            ),
            (
                "UNODC trained officers within its Regional Program for South-East Europe.",
                "Regional Programme for South Eastern Europe",
            ),
            (
                "The Global Programme on Money Laundering, Proceeds of Crime and the Financing of Terrorism trained officers.",
                "Global Programme against Money Laundering, Proceeds of Crime and the Financing of Terrorism",
            ),
            (
                "Under the EU/UNODC joint action on border control, UNODC trained officers.",
                "EU-UNODC Joint Action on Border Control",
            ),
            (
                "The AIRCOP and Container Control Programmes trained officers.",
                "Container Control Programme",
            ),
        ] {
            let found = programmes_of(text);
            assert!(found.iter().any(|p| p == expected), "{text}: {found:?}");
            assert!(
                found.iter().all(|p| !p.starts_with("Global Programme on")),
                "{text}: {found:?}"
            );
        }
    }

    /// A programme the registry does not know is named by its own words:
    /// not the next programme's, nor the dateline after a title.
    #[test]
    fn an_unknown_programme_name_ends_where_it_does() {
        assert_eq!(
            programmes_of(
                "The Global Programme on Cybercrime and the UNODC Global Programme against Trafficking in Persons trained officers."
            ),
            vec![
                "Global Programme against Trafficking in Persons",
                "Global Programme on Cybercrime"
            ]
        );
        let bulletin = "UNODC Global Programme on Cybercrime\n22-24 March 2022, Podgorica, Montenegro: UNODC trained officers.\n";
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", bulletin.as_bytes());
        assert_eq!(records.len(), 1);
        assert_eq!(
            records[0].programmes,
            vec!["Global Programme on Cybercrime"]
        );
    }

    /// LABELING.md, programmes, "Other named programmes": any other UNODC
    /// programme, project, initiative or network with a proper name is
    /// labelled by its full name as written, not only `Global Programme on
    /// …`; UNODC's units and offices and unnamed programmes are not.
    #[test]
    fn a_named_unodc_programme_the_registry_does_not_know_is_named() {
        for (text, expected) in [
            (
                "The UNODC Global Maritime Crime Programme trained officers.",
                vec!["Global Maritime Crime Programme"],
            ),
            (
                "UNODC’s Global eLearning Programme offers courses to officers.",
                vec!["Global eLearning Programme"],
            ),
            (
                "The UNODC-WHO Joint Programme on Drug Dependence Treatment and Care trained doctors.",
                vec!["Joint Programme on Drug Dependence Treatment and Care"],
            ),
            (
                "Experts of the UNODC Paris Pact Initiative met.",
                vec!["Paris Pact Initiative"],
            ),
            (
                "The UNODC Regional Programme for Afghanistan and Neighbouring Countries took part.",
                vec!["Regional Programme for Afghanistan and Neighbouring Countries"],
            ),
            (
                "The Global Maritime Crime Program (GMCP) trained officers.",
                vec!["Global Maritime Crime Program"],
            ),
            ("The UNODC Programme Office in Sarajevo hosted it.", vec![]),
            ("The UNODC National Programme Officer spoke.", vec![]),
            ("UNODC Regional Programme staff attended.", vec![]),
            (
                "The UNODC Terrorism Prevention Branch and the UNODC Regional Office for South-Eastern Europe attended.",
                vec![],
            ),
            (
                "It was part of the joint OSCE-UNODC training programme on countering terrorist financing.",
                vec![],
            ),
            (
                "The UNODC-WCO Container Control Programme trained officers.",
                vec!["Container Control Programme"],
            ),
        ] {
            assert_eq!(programmes_of(text), expected, "{text}");
        }
        // A title in title case: its words are no programme's name.
        let bulletin = "UNODC Trains Border Police Project Staff in Albania\n22-24 March 2022, Tirana, Albania: UNODC trained officers.\n";
        let (records, _) = parse_bulletin_bytes("2022-03-probe.txt", bulletin.as_bytes());
        assert_eq!(records.len(), 1);
        assert!(
            records[0].programmes.is_empty(),
            "{:?}",
            records[0].programmes
        );
    }

    /// LABELING.md, programmes, canonical names: the Western Balkans SALW
    /// Control Roadmap is labelled by "the roadmap name" in its forms, and
    /// the EU-UNODC Joint Action by its "action on promoting (the) rule of
    /// law and good governance through targeted border control measures at
    /// ports and airports" and "action on enhanced border control".
    #[test]
    fn the_salw_roadmap_and_the_joint_action_are_named_by_their_long_names() {
        let roadmap = "Western Balkans SALW Control Roadmap";
        for text in [
            "It follows the Roadmap for a sustainable solution to the illegal possession, misuse and trafficking of Small Arms and Light Weapons (SALW) and their ammunition in the Western Balkans by 2024.",
            "It follows the Western Balkans SALW Roadmap.",
            "It follows the Western Balkans Roadmap on SALW Control.",
        ] {
            assert_eq!(programmes_of(text), vec![roadmap], "{text}");
        }
        let action = "EU-UNODC Joint Action on Border Control";
        for text in [
            "It is part of the joint action on promoting the rule of law and good governance through targeted border control measures at ports and airports.",
            "It is part of the Action on Promoting Rule of Law and Good Governance through Targeted Border Control Measures at Ports and Airports.",
            "It is part of the joint action on enhanced border control.",
        ] {
            assert_eq!(programmes_of(text), vec![action], "{text}");
        }
    }

    /// LABELING.md, programmes: UN.Locking Impunity by its short or full
    /// name, and "if spellings vary between entries or contain typos, one
    /// canonical form is chosen": `UN Locking Impunity`, `UNLocking Impunity`.
    #[test]
    fn un_locking_impunity_is_named_however_the_dot_is_written() {
        for text in [
            "UNODC, through its UN.Locking Impunity project, trained officers.",
            "The UN.Locking Impunity of Traffickers and Supporting Justice for Victims of Trafficking in Persons in Southeastern Europe project trained officers.",
            "UNODC, through its UN Locking Impunity project, trained officers.",
            "UNODC, through its UNLocking Impunity project, trained officers.",
        ] {
            assert_eq!(programmes_of(text), vec!["UN.Locking Impunity"], "{text}");
        }
    }

    /// LABELING.md, programmes, "Other named programmes": "If the text
    /// gives only the acronym plus a definition, the expanded name is
    /// used", with the definition after the acronym too: `GMCP (Global
    /// Maritime Crime Programme)`.
    #[test]
    fn a_programmes_acronym_defined_after_it_names_the_expanded_name() {
        for text in [
            "The GMCP (Global Maritime Crime Programme) trained officers.",
            "UNODC’s GMCP (Global Maritime Crime Programme) trained officers.",
        ] {
            assert_eq!(
                programmes_of(text),
                vec!["Global Maritime Crime Programme"],
                "{text}"
            );
        }
        // A description in brackets is no programme's name.
        assert_eq!(
            programmes_of("The PCU (Port Control Unit) trained officers."),
            Vec::<String>::new()
        );
    }

    /// LABELING.md, programmes, "Not labelled": other organisations. A UN
    /// agency named a programme (`United Nations Development Programme
    /// (UNDP)`, `World Food Programme`) is an organisation, not a UNODC
    /// programme, however its acronym is defined.
    #[test]
    fn an_organisation_named_a_programme_is_no_programme() {
        for text in [
            "The United Nations Development Programme (UNDP) took part.",
            "The World Food Programme (WFP) took part.",
            "UNEP (United Nations Environment Programme) took part.",
            "The Joint United Nations Programme on HIV/AIDS (UNAIDS) took part.",
        ] {
            assert_eq!(programmes_of(text), Vec::<String>::new(), "{text}");
        }
    }

    /// Two registry programmes sharing their plural noun are both named:
    /// `Global Firearms and Container Control Programmes`.
    #[test]
    fn programmes_sharing_a_plural_are_each_named() {
        for (text, expected) in [
            (
                "UNODC's Global Firearms and Container Control Programmes trained officers.",
                vec!["Container Control Programme", "Global Firearms Programme"],
            ),
            (
                "The Container Control and Global Firearms Programmes trained officers.",
                vec!["Container Control Programme", "Global Firearms Programme"],
            ),
            (
                "The global firearms and container control programmes trained officers.",
                vec!["Container Control Programme", "Global Firearms Programme"],
            ),
            // Words before `and` that are no registry programme name none.
            (
                "Customs and Container Control Programmes trained officers.",
                vec!["Container Control Programme"],
            ),
        ] {
            assert_eq!(programmes_of(text), expected, "{text}");
        }
    }

    /// A bulletin wrapped by hand breaks a name over two lines.
    #[test]
    fn a_name_split_over_two_lines_is_the_name() {
        assert_eq!(
            programmes_of("UNODC, through its Global Firearms\nProgramme, trained officers."),
            vec!["Global Firearms Programme"]
        );
    }
}
