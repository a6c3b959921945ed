//! The acronym glossary: every `Long Name (ACRONYM)` definition of the corpus,
//! learned while indexing and stored in the manifest, read while searching to
//! expand queries both ways; then the well-known acronyms that bulletins use
//! without defining them (`data/acronyms.tsv`: `EU`, `UN`, `OSCE`), after
//! the corpus's own long forms.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::index::manifest::Manifest;

/// The well-known acronyms, one `ACRONYM<TAB>long form` a line.
const WELL_KNOWN: &str = include_str!("../../data/acronyms.tsv");

/// The well-known acronyms with their long forms, in the file's order.
pub fn well_known_acronyms() -> impl Iterator<Item = (&'static str, &'static str)> {
    WELL_KNOWN
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once('\t'))
        .map(|(acronym, long)| (acronym.trim(), long.trim()))
        .filter(|(acronym, long)| !acronym.is_empty() && !long.is_empty())
}

/// One acronym with its expansions: the corpus's, most used first, then the
/// well-known long form when the corpus has not spelt it so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    pub acronym: String,
    pub expansions: Vec<String>,
    /// How many files define it (0 for a well-known acronym no file defines).
    pub files: usize,
}

/// The glossary of an index.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Glossary {
    entries: BTreeMap<String, GlossaryEntry>,
}

impl Glossary {
    /// Builds the glossary from the acronyms the manifest keeps per file.
    pub fn from_manifest(manifest: &Manifest) -> Self {
        let mut counts: BTreeMap<String, BTreeMap<String, (usize, String)>> = BTreeMap::new();
        let mut files: BTreeMap<String, usize> = BTreeMap::new();
        for state in manifest.files.values() {
            for (acronym, expansion) in &state.acronyms {
                let key = expansion.to_lowercase();
                let slot = counts
                    .entry(acronym.clone())
                    .or_default()
                    .entry(key)
                    .or_insert((0, expansion.clone()));
                slot.0 += 1;
                *files.entry(acronym.clone()).or_default() += 1;
            }
        }
        let mut entries: BTreeMap<String, GlossaryEntry> = counts
            .into_iter()
            .map(|(acronym, expansions)| {
                let mut expansions: Vec<(usize, String)> = expansions.into_values().collect();
                expansions.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
                let entry = GlossaryEntry {
                    files: files.get(&acronym).copied().unwrap_or(0),
                    acronym: acronym.clone(),
                    expansions: expansions.into_iter().map(|(_, e)| e).collect(),
                };
                (acronym, entry)
            })
            .collect();
        // The corpus's meaning comes first: a well-known long form is only
        // added after it.
        for (acronym, long) in well_known_acronyms() {
            let entry = entries
                .entry(acronym.to_string())
                .or_insert_with(|| GlossaryEntry {
                    acronym: acronym.to_string(),
                    expansions: Vec::new(),
                    files: 0,
                });
            if !entry
                .expansions
                .iter()
                .any(|e| e.to_lowercase() == long.to_lowercase())
            {
                entry.expansions.push(long.to_string());
            }
        }
        Glossary { entries }
    }

    /// Every entry, sorted by acronym.
    pub fn entries(&self) -> impl Iterator<Item = &GlossaryEntry> {
        self.entries.values()
    }

    /// The entry of an acronym written exactly so (`TIP`, `PCUs`).
    pub fn get(&self, acronym: &str) -> Option<&GlossaryEntry> {
        self.entries.get(acronym)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_known_acronyms_come_after_the_corpus_meaning() {
        let well_known: Vec<(&str, &str)> = well_known_acronyms().collect();
        assert!(well_known.len() >= 20, "{well_known:?}");
        // Each acronym once, and none a country's name, which the query
        // reader reads from the gazetteer.
        let mut acronyms: Vec<&str> = well_known.iter().map(|(a, _)| *a).collect();
        acronyms.sort_unstable();
        acronyms.dedup();
        assert_eq!(acronyms.len(), well_known.len());
        for (acronym, _) in &well_known {
            assert!(
                crate::extract::gazetteer::gazetteer()
                    .country(acronym)
                    .is_none(),
                "{acronym} names a country"
            );
        }
        // A corpus that defines the first well-known acronym otherwise.
        let (acronym, long) = well_known[0];
        let manifest: Manifest = serde_json::from_value(serde_json::json!({
            "version": 0,
            "files": {"corpus/a.txt": {
                "source": "a.txt", "size": 10, "modified_ns": 5, "hash": "00", "entries": 1,
                "acronyms": [[acronym, "a meaning of the corpus"]],
            }},
        }))
        .expect("a manifest");
        let glossary = Glossary::from_manifest(&manifest);
        let entry = glossary.get(acronym).expect("defined");
        assert_eq!(entry.expansions, ["a meaning of the corpus", long]);
        assert_eq!(entry.files, 1);
        // The others are there, defined by no file.
        let (other, other_long) = well_known[1];
        let entry = glossary.get(other).expect("well known");
        assert_eq!(
            (entry.expansions.as_slice(), entry.files),
            (&[other_long.to_string()][..], 0)
        );
    }
}
