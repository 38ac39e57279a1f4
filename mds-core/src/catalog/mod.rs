//! The catalog of questionnaires: the built-ins embedded in the binary, and the user catalog
//! (questionnaires the user installed, e.g. extracted from an official workbook).
//!
//! Lookup follows the product contract: `ID` alone is the newest version; versions are ordered
//! by numeric dot segments (4.1 < 5.0 < 10.0, other text compared as text); on an equal version
//! the user catalog wins over a built-in.
//!
//! **Boundary:** the catalog does no IO. The CLI reads the user catalog folder and hands the
//! parsed questionnaires to [`Catalog::add`].

mod builder;
mod jahis;
mod mds2;
mod mhlw;
mod mitsf;

use std::cmp::Ordering;

use crate::digest::digest;
use crate::finding::Lang;
use crate::model::Questionnaire;

/// The bundled sample questionnaire (mds's own illustration, not official text).
const SAMPLE_SDS: &str = include_str!("../../../samples/questionnaires/sample-sds.json");

/// Where a catalog entry comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Embedded in mds.
    BuiltIn,
    /// Installed in the user catalog; the path or name it was read from.
    User(String),
}

impl Origin {
    /// A short label for listings.
    pub fn label(&self, lang: Lang) -> String {
        match self {
            Origin::BuiltIn => lang.pick("組み込み", "built-in").to_string(),
            Origin::User(path) => format!("{}: {path}", lang.pick("利用者", "user")),
        }
    }
}

/// A questionnaire in the catalog, with its digest.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The questionnaire.
    pub questionnaire: Questionnaire,
    /// Where it comes from.
    pub origin: Origin,
    /// Its digest (`sha256:…`).
    pub digest: String,
}

/// Built-in and user questionnaires.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    entries: Vec<Entry>,
}

impl Catalog {
    /// The built-in questionnaires: `mitsf-maintenance`, `mds2`, `jahis-mds`, `jahis-sds` and
    /// `sample-sds`.
    ///
    /// ```
    /// let catalog = mds_core::catalog::Catalog::builtin();
    /// let q = catalog.resolve("jahis-sds").unwrap();
    /// assert_eq!(q.version, "5.0");
    /// assert!(!q.complete);
    /// ```
    pub fn builtin() -> Catalog {
        let mut catalog = Catalog::default();
        #[allow(clippy::expect_used)]
        let sample: Questionnaire =
            serde_json::from_str(SAMPLE_SDS).expect("the bundled sample questionnaire parses");
        let mut all = vec![mitsf::mitsf(), mds2::mds2(), sample];
        all.extend(jahis::frames());
        all.extend(mhlw::frames());
        for q in all {
            catalog.push(q, Origin::BuiltIn);
        }
        catalog
    }

    /// Adds a user questionnaire. On an equal id and version it wins over a built-in.
    pub fn add(&mut self, questionnaire: Questionnaire, origin: Origin) {
        self.push(questionnaire, origin);
    }

    fn push(&mut self, questionnaire: Questionnaire, origin: Origin) {
        let digest = digest(&questionnaire);
        self.entries.push(Entry {
            questionnaire,
            origin,
            digest,
        });
        self.entries.sort_by(|a, b| {
            a.questionnaire
                .id
                .cmp(&b.questionnaire.id)
                .then_with(|| compare_versions(&a.questionnaire.version, &b.questionnaire.version))
                .then_with(|| rank(&a.origin).cmp(&rank(&b.origin)))
        });
    }

    /// Every entry, ordered by id, then version, built-ins before user entries of the same
    /// version.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry for `id` and `version` (`None`: the newest version). The user catalog wins on an
    /// equal version.
    pub fn find(&self, id: &str, version: Option<&str>) -> Option<&Entry> {
        self.entries.iter().rfind(|e| {
            e.questionnaire.id == id && version.is_none_or(|v| e.questionnaire.version == v)
        })
    }

    /// The entry for a spec `ID` or `ID@VERSION`.
    pub fn find_spec(&self, spec: &str) -> Option<&Entry> {
        let (id, version) = split_spec(spec);
        self.find(id, version)
    }

    /// The questionnaire for a spec `ID` or `ID@VERSION`.
    pub fn resolve(&self, spec: &str) -> Option<&Questionnaire> {
        self.find_spec(spec).map(|e| &e.questionnaire)
    }

    /// The versions known for an id, oldest first.
    pub fn versions(&self, id: &str) -> Vec<&str> {
        let mut out: Vec<&str> = self
            .entries
            .iter()
            .filter(|e| e.questionnaire.id == id)
            .map(|e| e.questionnaire.version.as_str())
            .collect();
        out.dedup();
        out
    }
}

fn rank(origin: &Origin) -> u8 {
    match origin {
        Origin::BuiltIn => 0,
        Origin::User(_) => 1,
    }
}

/// Splits `ID@VERSION` into its parts.
///
/// ```
/// assert_eq!(mds_core::catalog::split_spec("mds2@2019"), ("mds2", Some("2019")));
/// assert_eq!(mds_core::catalog::split_spec("mds2"), ("mds2", None));
/// ```
pub fn split_spec(spec: &str) -> (&str, Option<&str>) {
    match spec.split_once('@') {
        Some((id, version)) => (id, Some(version)),
        None => (spec, None),
    }
}

/// Orders versions by dot segments: numeric segments as numbers, others as text; a version that
/// is a prefix of another comes first.
///
/// ```
/// use std::cmp::Ordering;
/// use mds_core::catalog::compare_versions;
/// assert_eq!(compare_versions("4.1", "5.0"), Ordering::Less);
/// assert_eq!(compare_versions("10.0", "5.0"), Ordering::Greater);
/// assert_eq!(compare_versions("3.0a", "3.0b"), Ordering::Less);
/// ```
pub fn compare_versions(a: &str, b: &str) -> Ordering {
    let mut left = a.split('.');
    let mut right = b.split('.');
    loop {
        match (left.next(), right.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(x), Some(y)) => {
                let order = match (x.parse::<u64>(), y.parse::<u64>()) {
                    (Ok(m), Ok(n)) => m.cmp(&n),
                    _ => x.cmp(y),
                };
                if order != Ordering::Equal {
                    return order;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::check_questionnaire;

    #[test]
    fn builtins_are_well_formed() {
        let catalog = Catalog::builtin();
        let names: Vec<String> = catalog
            .entries()
            .iter()
            .map(|e| e.questionnaire.name())
            .collect();
        assert_eq!(
            names,
            [
                "jahis-mds@4.0",
                "jahis-mds@4.1",
                "jahis-mds@5.0",
                "jahis-sds@4.0",
                "jahis-sds@4.1",
                "jahis-sds@5.0",
                "mds2@2019",
                "mhlw-checklist@2025",
                "mhlw-checklist@2026",
                "mitsf-maintenance@2015",
                "sample-sds@1.0"
            ]
        );
        for entry in catalog.entries() {
            let findings = check_questionnaire(&entry.questionnaire, Lang::En);
            assert!(
                findings.is_empty(),
                "{}: {findings:?}",
                entry.questionnaire.name()
            );
            assert!(entry.questionnaire.cover_field("vendor").is_some());
        }
    }

    #[test]
    fn mds2_has_every_id_of_the_form() {
        let q = Catalog::builtin()
            .resolve("mds2")
            .cloned()
            .unwrap_or_else(|| unreachable!());
        // 240 id rows on the form: 7 DOC cover fields + 233 items.
        assert_eq!(q.cover.len() + q.item_count(), 240);
        assert_eq!(q.cover[0].official_id.as_deref(), Some("DOC-1"));
        assert!(q.item("SAHD-15").is_some());
        assert!(q.item("SHAD-15").is_none());
        assert_eq!(q.sections.len(), 23);
        let rules = &q
            .item("CSUP-2.3")
            .map(|i| i.rules.clone())
            .unwrap_or_default();
        assert_eq!(rules.len(), 2, "{rules:?}");
        assert!(q.item("CSUP-1").is_some_and(|i| i.rules.is_empty()));
        assert!(q.item("PLOK-3").is_some_and(|i| i.rules.len() == 1));
        assert!(q.item("AUDT-2.8.1").is_some_and(|i| i.rules.len() == 1));
        assert!(q.item("AUDT-3").is_some_and(|i| i.rules.is_empty()));
        let see = q.vocabularies[0].code("see-notes").map(|c| c.review);
        assert_eq!(see, Some(true));
    }

    #[test]
    fn user_entry_wins_on_equal_version_and_newest_is_default() {
        let mut catalog = Catalog::builtin();
        let mut q = catalog
            .resolve("jahis-sds@5.0")
            .cloned()
            .unwrap_or_else(|| unreachable!());
        q.title.en = "installed".into();
        catalog.add(q.clone(), Origin::User("x.json".into()));
        assert_eq!(
            catalog
                .resolve("jahis-sds@5.0")
                .map(|q| q.title.en.as_str()),
            Some("installed")
        );
        q.version = "10.0".into();
        catalog.add(q, Origin::User("y.json".into()));
        assert_eq!(
            catalog.resolve("jahis-sds").map(|q| q.version.as_str()),
            Some("10.0")
        );
        assert_eq!(catalog.versions("jahis-sds"), ["4.0", "4.1", "5.0", "10.0"]);
        assert!(catalog.resolve("jahis-sds@9.9").is_none());
    }
}
