//! JSON Schemas of the documents, generated from the Rust types (the one source of truth) and
//! written to `schemas/` in the repository; a test regenerates and compares them.

use std::sync::OnceLock;

use serde_json::Value;

use crate::model::{Profile, Questionnaire, Response};

/// The kinds of document mds reads, by their `format` tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// `mds-questionnaire/1`.
    Questionnaire,
    /// `mds-response/1`.
    Response,
    /// `mds-profile/1`.
    Profile,
    /// `mds-layout/1`.
    Layout,
    /// `mds-mapping/1`.
    Mapping,
}

impl Kind {
    /// Every kind, in the order of `mds schema`'s list.
    pub const ALL: [Kind; 5] = [
        Kind::Questionnaire,
        Kind::Response,
        Kind::Profile,
        Kind::Mapping,
        Kind::Layout,
    ];

    /// The name used by `mds schema NAME` and in `schemas/NAME.schema.json`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Questionnaire => "questionnaire",
            Kind::Response => "response",
            Kind::Profile => "profile",
            Kind::Layout => "layout",
            Kind::Mapping => "mapping",
        }
    }

    /// The `format` tag.
    pub fn format_tag(self) -> &'static str {
        match self {
            Kind::Questionnaire => crate::model::QUESTIONNAIRE_FORMAT,
            Kind::Response => crate::model::RESPONSE_FORMAT,
            Kind::Profile => crate::model::PROFILE_FORMAT,
            Kind::Layout => crate::model::LAYOUT_FORMAT,
            Kind::Mapping => crate::model::MAPPING_FORMAT,
        }
    }

    /// The kind with this schema name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The kind with this `format` tag.
    pub fn from_format_tag(tag: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.format_tag() == tag)
    }
}

/// The JSON Schema (draft 2020-12) of a kind of document.
///
/// ```
/// use mds_core::schema::{schema, Kind};
/// let s = schema(Kind::Response);
/// assert_eq!(s["properties"]["format"]["const"], "mds-response/1");
/// ```
pub fn schema(kind: Kind) -> Value {
    let mut schema = match kind {
        Kind::Questionnaire => schemars::schema_for!(Questionnaire),
        Kind::Response => schemars::schema_for!(Response),
        Kind::Profile => schemars::schema_for!(Profile),
        Kind::Layout => schemars::schema_for!(crate::model::Layout),
        Kind::Mapping => schemars::schema_for!(crate::model::Mapping),
    }
    .to_value();
    if let Value::Object(map) = &mut schema {
        map.insert(
            "$id".into(),
            Value::String(format!("urn:mds:schema:{}:1", kind.name())),
        );
    }
    schema
}

/// The schema as the text stored in `schemas/NAME.schema.json`: pretty JSON, final newline.
pub fn schema_text(kind: Kind) -> String {
    let mut text = serde_json::to_string_pretty(&schema(kind)).unwrap_or_default();
    text.push('\n');
    text
}

/// A compiled validator for a kind, built once.
pub(crate) fn validator(kind: Kind) -> &'static jsonschema::Validator {
    static VALIDATORS: OnceLock<Vec<jsonschema::Validator>> = OnceLock::new();
    let all = VALIDATORS.get_or_init(|| {
        Kind::ALL
            .iter()
            .map(|k| {
                #[allow(clippy::expect_used)]
                jsonschema::validator_for(&schema(*k)).expect("generated schemas compile")
            })
            .collect()
    });
    let index = Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    &all[index]
}
