//! A mapping (`mds-mapping/1`) from one questionnaire to another: which source items answer
//! which target item, how (the NIST IR 8477 relations OSCAL uses), with an optional answer
//! transform and a rationale. Nothing is inferred from an absent entry.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::ProfileQuestionnaire;

/// A mapping from questionnaire `from` to questionnaire `to`.
///
/// ```
/// let json = r#"{"format":"mds-mapping/1","from":{"id":"a","version":"1"},"to":{"id":"b","version":"2"},
///   "entries":[{"from":["A-1"],"to":"B-1","relation":"equal","rationale":"same question"}]}"#;
/// let m: mds_core::model::Mapping = serde_json::from_str(json).unwrap();
/// assert_eq!(m.entries[0].to.as_deref(), Some("B-1"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// Always `mds-mapping/1`.
    #[schemars(extend("const" = "mds-mapping/1"))]
    pub format: String,
    /// The source questionnaire.
    pub from: ProfileQuestionnaire,
    /// The target questionnaire.
    pub to: ProfileQuestionnaire,
    /// What the mapping is for, who made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Whether entries relate items or sections (default items).
    #[serde(default, skip_serializing_if = "is_items")]
    pub level: MappingLevel,
    /// The entries.
    pub entries: Vec<MappingEntry>,
}

fn is_items(level: &MappingLevel) -> bool {
    *level == MappingLevel::Items
}

/// What the entries of a mapping relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum MappingLevel {
    /// Item ids to item ids (answers can be carried).
    #[default]
    Items,
    /// Section ids to section ids (a crosswalk of topics; answers are not carried).
    Sections,
}

/// One entry: source ids to a target id, or to nothing (`to` absent: explicitly unmapped).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MappingEntry {
    /// Source ids (one or more).
    pub from: Vec<String>,
    /// Target id; absent when the source has no counterpart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// How the source relates to the target (absent for an unmapped entry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// Source code -> target code; codes not listed carry over unchanged.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub transform: BTreeMap<String, String>,
    /// Why.
    pub rationale: String,
}

/// The relation of source to target (NIST IR 8477, as in OSCAL mapping collections).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Relation {
    /// Source and target ask the same.
    Equal,
    /// The source asks less than the target.
    Subset,
    /// The source asks more than the target.
    Superset,
    /// Source and target overlap.
    Intersects,
}
