//! A filled response: one vendor's answers to one questionnaire.

use indexmap::IndexMap;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The answers of a response: item id -> answer, in the order given. Hashed with the same
/// fast seeded hasher as [`crate::FastMap`] (a bid holds hundreds of them, and a comparison
/// looks each one up for every item).
pub type Answers = IndexMap<String, Answer, foldhash::fast::RandomState>;

/// A vendor's answers to a questionnaire (`mds-response/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Response {
    /// Always `mds-response/1`.
    #[schemars(extend("const" = "mds-response/1"))]
    pub format: String,
    /// The questionnaire this response answers (the pin).
    pub questionnaire: Pin,
    /// Cover fields: field id -> value. `vendor` names the disclosing company.
    #[serde(default)]
    pub cover: IndexMap<String, String>,
    /// Answers: item id -> answer. Item ids are kept exactly as given.
    #[serde(default)]
    pub answers: Answers,
}

/// The questionnaire a response or profile is pinned to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pin {
    /// Questionnaire id.
    pub id: String,
    /// Questionnaire version.
    pub version: String,
    /// `sha256:` + hex SHA-256 of the questionnaire's canonical JSON (RFC 8785).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^sha256:[0-9a-f]{64}$"))]
    pub digest: Option<String>,
}

impl Pin {
    /// `id@version`.
    pub fn name(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Answer {
    /// A code (single choice), a list of codes (multiple choice), text, a date, a number, or
    /// null when unanswered or unreadable.
    #[serde(default)]
    pub value: AnswerValue,
    /// Free text for the "other" choice of a choice item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other: Option<String>,
    /// Remarks (備考), kept verbatim.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
    /// Typed extra fields: field id -> value.
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: IndexMap<String, FieldValue>,
    /// The original cell text, only where it differs from the canonical label.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub raw: Option<String>,
    /// False only on prefilled answers the vendor has not confirmed yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<bool>,
    /// A yes that is a promise (`はい（予定 2027/3/31）`, 対応予定, planned): the date it is
    /// planned by (ISO 8601), or the text that says so when no date is given. Scored by the
    /// profile's `planned` rule.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub planned: Option<String>,
    /// Earlier rounds of a sheet checked more than once (1回目 | 2回目), oldest first. The answer
    /// is the latest round that holds one; earlier rounds are kept here and are not scored.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rounds: Vec<Round>,
}

impl Answer {
    /// The promise of a planned yes: `planned`, else the date in a field the item marks as the
    /// planned date of a yes. None for any other answer.
    ///
    /// ```
    /// use mds_core::model::{Answer, AnswerValue};
    /// let a = Answer { value: AnswerValue::Text("yes".into()), planned: Some("2027-03-31".into()), ..Answer::default() };
    /// assert_eq!(a.planned_promise(None).as_deref(), Some("2027-03-31"));
    /// ```
    pub fn planned_promise(&self, item: Option<&super::Item>) -> Option<String> {
        if self.value.codes() != ["yes"] {
            return None;
        }
        if let Some(p) = self.planned.as_deref().filter(|p| !p.trim().is_empty()) {
            return Some(p.to_string());
        }
        item?
            .fields
            .iter()
            .filter(|f| f.planned)
            .find_map(|f| match self.fields.get(&f.id) {
                Some(FieldValue::Text(t)) if !t.trim().is_empty() => Some(t.clone()),
                _ => None,
            })
    }
}

/// One earlier round of an answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Round {
    /// The round's label as the sheet writes it (`1回目`, `昨年度`, `R7`).
    pub label: String,
    /// The round's answer.
    #[serde(default)]
    pub value: AnswerValue,
    /// The round's date fields (`checked_on`, `target_date`).
    #[serde(default, skip_serializing_if = "IndexMap::is_empty")]
    pub fields: IndexMap<String, FieldValue>,
}

/// The value of an answer.
#[derive(Debug, Clone, PartialEq, Default, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum AnswerValue {
    /// Unanswered, or a cell that could not be mapped (then `raw` keeps the text).
    #[default]
    Null,
    /// A single code, free text or an ISO 8601 date.
    Text(String),
    /// Codes of a multiple-choice item.
    Codes(Vec<String>),
    /// A number.
    Number(f64),
}

impl AnswerValue {
    /// True when nothing was answered: null, an empty string or an empty list.
    pub fn is_empty(&self) -> bool {
        match self {
            AnswerValue::Null => true,
            AnswerValue::Text(s) => s.trim().is_empty(),
            AnswerValue::Codes(c) => c.is_empty(),
            AnswerValue::Number(_) => false,
        }
    }

    /// The codes this value holds (one for a single code, all for a list).
    pub fn codes(&self) -> Vec<&str> {
        match self {
            AnswerValue::Text(s) => vec![s.as_str()],
            AnswerValue::Codes(c) => c.iter().map(String::as_str).collect(),
            _ => Vec::new(),
        }
    }
}

/// The value of an extra field.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum FieldValue {
    /// Text or an ISO 8601 date.
    Text(String),
    /// A number.
    Number(f64),
}

impl Response {
    /// The vendor's name from `cover.vendor`, if given and not blank.
    ///
    /// ```
    /// let json = r#"{"format":"mds-response/1",
    ///   "questionnaire":{"id":"sample-sds","version":"1.0"},
    ///   "cover":{"vendor":"Example Co."},
    ///   "answers":{"SAMPLE-AUTH-01":{"value":"yes"}}}"#;
    /// let r: mds_core::model::Response = serde_json::from_str(json).unwrap();
    /// assert_eq!(r.vendor(), Some("Example Co."));
    /// ```
    pub fn vendor(&self) -> Option<&str> {
        self.cover
            .get("vendor")
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
    }
}

// Hand-written readers for the two untagged values: serde's untagged enums buffer the input and
// build an error for every variant that does not fit, which dominated reading large tenders.

struct AnswerValueVisitor;

impl<'de> serde::de::Visitor<'de> for AnswerValueVisitor {
    type Value = AnswerValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("null, a string, a list of strings or a number")
    }

    fn visit_unit<E>(self) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Null)
    }

    fn visit_none<E>(self) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Null)
    }

    fn visit_str<E>(self, v: &str) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Text(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Text(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<AnswerValue, E> {
        Ok(AnswerValue::Number(v))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<AnswerValue, A::Error> {
        let mut codes = Vec::new();
        while let Some(code) = seq.next_element::<String>()? {
            codes.push(code);
        }
        Ok(AnswerValue::Codes(codes))
    }
}

impl<'de> Deserialize<'de> for AnswerValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(AnswerValueVisitor)
    }
}

struct FieldValueVisitor;

impl<'de> serde::de::Visitor<'de> for FieldValueVisitor {
    type Value = FieldValue;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a string or a number")
    }

    fn visit_str<E>(self, v: &str) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<FieldValue, E> {
        Ok(FieldValue::Text(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(v as f64))
    }

    fn visit_u64<E>(self, v: u64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(v as f64))
    }

    fn visit_f64<E>(self, v: f64) -> Result<FieldValue, E> {
        Ok(FieldValue::Number(v))
    }
}

impl<'de> Deserialize<'de> for FieldValue {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FieldValueVisitor)
    }
}
