//! A hospital's requirement profile: what it expects of each item, and how much it weighs.

use std::collections::BTreeMap;

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::is_false;

/// A hospital's requirements against one questionnaire (`mds-profile/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Always `mds-profile/1`.
    #[schemars(extend("const" = "mds-profile/1"))]
    pub format: String,
    /// The questionnaire the requirements refer to.
    pub questionnaire: ProfileQuestionnaire,
    /// A name for the profile, e.g. the tender's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Requirements: item id -> requirement.
    pub requirements: IndexMap<String, Requirement>,
    /// Sections switched off (section id -> `false`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub sections: BTreeMap<String, bool>,
    /// Points per importance, merged over the defaults (20 / 10 / 5 / 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub points: Option<Points>,
    /// How a not-applicable answer counts.
    #[serde(default, skip_serializing_if = "is_default")]
    pub na: NaRule,
    /// How a planned yes (a promise with or without a date) scores: `met` (the default, the
    /// forms' own rule for such items), `review` or `unmet`.
    #[serde(default, skip_serializing_if = "is_default")]
    pub planned: PlannedRule,
    /// Decisions on answers that need a person: vendor name or file name -> item id -> decision.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub adjudications: IndexMap<String, IndexMap<String, Adjudication>>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// `{id, version}` of the questionnaire a profile refers to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileQuestionnaire {
    /// Questionnaire id.
    pub id: String,
    /// Questionnaire version.
    pub version: String,
}

/// What the hospital expects of one item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    /// Codes that meet the requirement.
    pub expect: Vec<String>,
    /// Weight of the item.
    #[serde(default, skip_serializing_if = "is_default")]
    pub importance: Importance,
    /// An unmet must item knocks the vendor out.
    #[serde(default, skip_serializing_if = "is_false")]
    pub must: bool,
    /// Raised when the item is unmet, without knocking out (e.g. "リスク評価が必要").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// A note for the tender document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Weight of a requirement.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Importance {
    /// 20 points by default.
    Critical,
    /// 10 points by default.
    #[default]
    Standard,
    /// 5 points by default.
    Minor,
    /// 0 points.
    None,
}

impl Importance {
    /// Its label: 重要・標準・軽微・なし (critical, standard, minor, none).
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            Importance::Critical => lang.pick("重要", "critical"),
            Importance::Standard => lang.pick("標準", "standard"),
            Importance::Minor => lang.pick("軽微", "minor"),
            Importance::None => lang.pick("なし", "none"),
        }
    }
}

/// Points per importance; each one given replaces the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Points {
    /// Points of a critical item (default 20).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub critical: Option<u32>,
    /// Points of a standard item (default 10).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard: Option<u32>,
    /// Points of a minor item (default 5).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minor: Option<u32>,
    /// Points of an item of no importance (default 0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub none: Option<u32>,
}

impl Points {
    /// The points of `importance`, this table merged over the defaults.
    ///
    /// ```
    /// use mds_core::model::{Importance, Points};
    /// let p = Points { critical: Some(30), ..Points::default() };
    /// assert_eq!((p.of(Importance::Critical), p.of(Importance::Minor)), (30, 5));
    /// ```
    pub fn of(&self, importance: Importance) -> u32 {
        match importance {
            Importance::Critical => self.critical.unwrap_or(20),
            Importance::Standard => self.standard.unwrap_or(10),
            Importance::Minor => self.minor.unwrap_or(5),
            Importance::None => self.none.unwrap_or(0),
        }
    }
}

/// How a not-applicable (`na`) answer counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NaRule {
    /// `na` is judged against `expect` like any other code.
    #[default]
    Expect,
    /// `na` (when not expected) leaves both score and maximum.
    Exclude,
}

/// How a planned yes counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PlannedRule {
    /// A planned yes is a yes.
    #[default]
    Met,
    /// A person judges it (an adjudication decides).
    Review,
    /// Only what is in place counts.
    Unmet,
}

/// A hospital's decision on an answer that needs a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjudication {
    /// Met or unmet.
    pub outcome: AdjudicationOutcome,
    /// Why.
    pub reason: String,
}

/// The outcome of an adjudication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum AdjudicationOutcome {
    /// The answer meets the requirement.
    Met,
    /// The answer does not meet the requirement.
    Unmet,
}
