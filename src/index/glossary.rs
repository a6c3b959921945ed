//! The acronym glossary: every `Long Name (ACRONYM)` definition of the corpus,
//! learned while indexing and stored in the manifest, read while searching to
//! expand queries both ways.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::index::manifest::Manifest;

/// One acronym with its expansions, most used first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GlossaryEntry {
    pub acronym: String,
    pub expansions: Vec<String>,
    /// How many files define it.
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
        let entries = counts
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
