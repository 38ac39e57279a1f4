//! The documents mds exchanges: questionnaires, filled responses and hospital profiles.
//!
//! These types are the one source of truth: the JSON Schemas in `schemas/` are generated from
//! them, and every importer and exporter reads and writes them. Field names follow the product
//! contract (`mds-questionnaire/1`, `mds-response/1`, `mds-profile/1`).

mod layout;
mod mapping;
mod profile;
mod questionnaire;
mod response;
mod seq;
mod signature;
mod text;

pub use layout::{
    CoverCell, FieldColumn, Layout, LayoutColumns, LayoutRound, LayoutTable, LegendEntry,
    ReferenceColumn,
};
pub use mapping::{Mapping, MappingEntry, MappingLevel, Relation};
pub use profile::{
    Adjudication, AdjudicationOutcome, Importance, NaRule, PlannedRule, Points, Profile,
    ProfileQuestionnaire, Requirement,
};
pub use questionnaire::{
    AnswerKind, Code, CoverField, ExtraField, FieldKind, Item, Questionnaire, QuestionnaireKind,
    Reference, Rule, Section, TypoIndex, Vocabulary,
};
pub use response::{Answer, AnswerValue, Answers, FieldValue, Pin, Response, Round};
pub use signature::{SignatureCheck, SignatureState};
pub use text::Text;

/// The `format` tag of a questionnaire document.
pub const QUESTIONNAIRE_FORMAT: &str = "mds-questionnaire/1";
/// The `format` tag of a response document.
pub const RESPONSE_FORMAT: &str = "mds-response/1";
/// The `format` tag of a layout document.
pub const LAYOUT_FORMAT: &str = "mds-layout/1";
/// The `format` tag of a mapping document.
pub const MAPPING_FORMAT: &str = "mds-mapping/1";
/// The `format` tag of a profile document.
pub const PROFILE_FORMAT: &str = "mds-profile/1";

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

pub(crate) fn is_true(b: &bool) -> bool {
    *b
}

pub(crate) fn default_true() -> bool {
    true
}
