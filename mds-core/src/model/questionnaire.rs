//! A questionnaire: the frame of a disclosure form (vocabularies, cover fields, sections, items).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{Importance, Text, is_false};

/// A questionnaire definition (`mds-questionnaire/1`), named `id@version`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// Always `mds-questionnaire/1`.
    #[schemars(extend("const" = "mds-questionnaire/1"))]
    pub format: String,
    /// Identifier, e.g. `jahis-sds` or `mds2`.
    pub id: String,
    /// Version, ordered by numeric dot segments (4.1 < 5.0 < 10.0).
    pub version: String,
    /// Title in Japanese and English.
    pub title: Text,
    /// False when the item list is known to be partial: unknown item ids in responses are then
    /// warnings, not errors.
    #[serde(
        default = "super::default_true",
        skip_serializing_if = "super::is_true"
    )]
    pub complete: bool,
    /// True for the project's own illustrative samples (never official text).
    #[serde(default, skip_serializing_if = "is_false")]
    pub sample: bool,
    /// What the document is: a vendor's `disclosure` (JAHIS MDS/SDS, MDS2), the MHLW
    /// `checklist`, or another `questionnaire` (MITSF, HECVAT…). Absent: known from the id
    /// (see [`Questionnaire::kind`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<QuestionnaireKind>,
    /// A notice shown wherever the questionnaire is listed: where its items come from, or that
    /// it is a sample.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Text>,
    /// Answer vocabularies referenced by items.
    pub vocabularies: Vec<Vocabulary>,
    /// Cover fields (vendor, product, version, dates...). Always includes `vendor`.
    pub cover: Vec<CoverField>,
    /// Sections (categories) holding the items, in form order.
    pub sections: Vec<Section>,
}

/// What a questionnaire is, for the register of a hospital's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionnaireKind {
    /// A vendor's security disclosure (JAHIS/JIRA MDS/SDS, MDS2): what item 2-③ of the MHLW
    /// checklist asks the hospital to hold.
    Disclosure,
    /// The MHLW cyber-security checklist (医療機関等におけるサイバーセキュリティ対策チェックリスト).
    Checklist,
    /// Any other questionnaire (MITSF, HECVAT…).
    Questionnaire,
}

impl QuestionnaireKind {
    /// Its label: 開示書・チェックリスト・質問票.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            QuestionnaireKind::Disclosure => lang.pick("開示書", "disclosure"),
            QuestionnaireKind::Checklist => lang.pick("チェックリスト", "checklist"),
            QuestionnaireKind::Questionnaire => lang.pick("質問票", "questionnaire"),
        }
    }
}

/// A set of answer codes with their labels, e.g. `yes` / `no` / `na` (はい / いいえ / 対象外).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Identifier referenced by items, e.g. `yes-no-na`.
    pub id: String,
    /// The codes in display order.
    pub codes: Vec<Code>,
}

/// One canonical answer code.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Code {
    /// The canonical code stored in responses, e.g. `yes`.
    pub code: String,
    /// Label shown in forms and reports.
    pub label: Text,
    /// Other spellings read as this code by importers (compared after normalisation).
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub aliases: Vec<String>,
    /// An answer with this code needs a person to judge it (MDS2 "See Notes").
    #[serde(default, skip_serializing_if = "is_false")]
    pub review: bool,
}

/// The kind of value a cover field or an extra field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum FieldKind {
    /// Free text.
    #[default]
    Text,
    /// An ISO 8601 date (`2027-03-31`).
    Date,
    /// A number.
    Number,
}

/// A cover field: information about the disclosure as a whole.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CoverField {
    /// Identifier used as key in `cover`, e.g. `vendor`.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Kind of value.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: FieldKind,
    /// May be left empty.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// The number of the field on the official form, where it has one (MDS2 `DOC-1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub official_id: Option<String>,
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// A section (category) of a questionnaire, such as a guideline chapter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Identifier, e.g. `AUTH`.
    pub id: String,
    /// Title.
    pub title: Text,
    /// Guideline references of the section as a whole.
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub references: Vec<Reference>,
    /// Items in form order.
    #[serde(default)]
    pub items: Vec<Item>,
}

/// One question of a questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Item {
    /// The item's id: the official number where one exists. Never rewritten.
    pub id: String,
    /// Question text (empty where the official text is read from the user's own workbook).
    #[serde(default, skip_serializing_if = "is_default")]
    pub text: Text,
    /// What kind of answer the item takes.
    pub answer: AnswerKind,
    /// May be left unanswered. By default every applicable item must be answered.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Typed extra fields beside the answer (e.g. `planned_by`, `checked_on`, `target_date`).
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub fields: Vec<ExtraField>,
    /// Answering rules.
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub rules: Vec<Rule>,
    /// Guideline references.
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub references: Vec<Reference>,
    /// Free tags, e.g. `gl7-annex` for the items of the guideline 7.0 annex.
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub tags: Vec<String>,
    /// A hint for profiles: the codes the questionnaire itself calls compliant (HECVAT's
    /// "Compliant Response"). `mds profile new` without `--preset` expects them.
    #[serde(
        default,
        deserialize_with = "super::seq::exact",
        skip_serializing_if = "Vec::is_empty"
    )]
    pub compliant: Vec<String>,
    /// A hint for profiles: the questionnaire's own default importance of the item (HECVAT's
    /// "Default Importance"). `mds profile new` without `--preset` starts from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub importance: Option<Importance>,
}

/// The kind of answer an item takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
pub enum AnswerKind {
    /// One code of a vocabulary.
    Single {
        /// The vocabulary's id.
        vocabulary: String,
        /// The code that asks for free text in the answer's `other` (e.g. `other`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// Several codes of a vocabulary.
    Multiple {
        /// The vocabulary's id.
        vocabulary: String,
        /// The code that asks for free text in the answer's `other` (e.g. `other`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        other: Option<String>,
    },
    /// Free text.
    Text,
    /// An ISO 8601 date.
    Date,
    /// A number.
    Number,
}

impl AnswerKind {
    /// The vocabulary id of a choice item.
    pub fn vocabulary(&self) -> Option<&str> {
        match self {
            AnswerKind::Single { vocabulary, .. } | AnswerKind::Multiple { vocabulary, .. } => {
                Some(vocabulary)
            }
            _ => None,
        }
    }

    /// The code that asks for free text, for choice items that have one.
    pub fn other_code(&self) -> Option<&str> {
        match self {
            AnswerKind::Single { other, .. } | AnswerKind::Multiple { other, .. } => {
                other.as_deref()
            }
            _ => None,
        }
    }
}

/// A typed field beside an item's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtraField {
    /// Identifier used as key in the answer's `fields`, e.g. `planned_by`.
    pub id: String,
    /// Label.
    pub label: Text,
    /// Kind of value.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: FieldKind,
    /// The field holds the date by which a yes is planned (`planned_by`): a yes with a date here
    /// is a promise, scored by the profile's `planned` rule.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub planned: bool,
}

/// An answering rule of an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(tag = "rule", rename_all = "kebab-case", deny_unknown_fields)]
pub enum Rule {
    /// Remarks are required when the answer is one of `when`.
    RemarksRequired {
        /// Codes that require remarks.
        #[serde(deserialize_with = "super::seq::exact")]
        when: Vec<String>,
    },
    /// The extra field `field` is required when the answer is one of `when`.
    FieldRequired {
        /// The extra field's id.
        field: String,
        /// Codes that require the field.
        #[serde(deserialize_with = "super::seq::exact")]
        when: Vec<String>,
    },
    /// The item applies only when item `item` is answered with one of `is`; otherwise it is not
    /// applicable (not required, excluded from scoring).
    AppliesWhen {
        /// The item the condition looks at.
        item: String,
        /// Codes of that item for which this item applies.
        #[serde(deserialize_with = "super::seq::exact")]
        is: Vec<String>,
    },
}

// Hand-written readers for the two tagged kinds: serde reads an internally tagged enum by
// buffering the whole object first, which was a third of reading a large questionnaire. These
// read the object once, in any key order, as strictly as the schema (unknown, repeated and
// missing keys are errors).

mod tagged {
    use std::fmt;

    use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};

    use super::{AnswerKind, Rule};

    /// A list of codes read at its length.
    struct Codes(Vec<String>);

    impl<'de> Deserialize<'de> for Codes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            crate::model::seq::exact(d).map(Codes)
        }
    }

    /// Stores a key's value, refusing a key given twice.
    fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
        map: &mut A,
        slot: &mut Option<T>,
        key: &'static str,
    ) -> Result<(), A::Error> {
        if slot.is_some() {
            return Err(de::Error::duplicate_field(key));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    #[derive(serde::Deserialize)]
    #[serde(field_identifier, rename_all = "kebab-case")]
    enum KindKey {
        Kind,
        Vocabulary,
        Other,
    }

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        Single,
        Multiple,
        Text,
        Date,
        Number,
    }

    const KIND_FIELDS: &[&str] = &["kind", "vocabulary", "other"];

    impl<'de> Deserialize<'de> for AnswerKind {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = AnswerKind;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("an answer kind (an object with `kind`)")
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AnswerKind, A::Error> {
                    let (mut kind, mut vocabulary, mut other) = (None, None, None);
                    while let Some(key) = map.next_key::<KindKey>()? {
                        match key {
                            KindKey::Kind => once(&mut map, &mut kind, "kind")?,
                            KindKey::Vocabulary => once(&mut map, &mut vocabulary, "vocabulary")?,
                            KindKey::Other => {
                                once::<_, Option<String>>(&mut map, &mut other, "other")?
                            }
                        }
                    }
                    let kind = kind.ok_or_else(|| de::Error::missing_field("kind"))?;
                    let plain = match kind {
                        Kind::Single | Kind::Multiple => {
                            let vocabulary =
                                vocabulary.ok_or_else(|| de::Error::missing_field("vocabulary"))?;
                            let other = other.flatten();
                            return Ok(match kind {
                                Kind::Multiple => AnswerKind::Multiple { vocabulary, other },
                                _ => AnswerKind::Single { vocabulary, other },
                            });
                        }
                        Kind::Text => AnswerKind::Text,
                        Kind::Date => AnswerKind::Date,
                        Kind::Number => AnswerKind::Number,
                    };
                    // Text, dates and numbers take no vocabulary.
                    if vocabulary.is_some() {
                        return Err(de::Error::unknown_field("vocabulary", &["kind"]));
                    }
                    if other.is_some() {
                        return Err(de::Error::unknown_field("other", &["kind"]));
                    }
                    Ok(plain)
                }
            }
            d.deserialize_struct("AnswerKind", KIND_FIELDS, V)
        }
    }

    #[derive(serde::Deserialize)]
    #[serde(field_identifier, rename_all = "kebab-case")]
    enum RuleKey {
        Rule,
        When,
        Field,
        Item,
        Is,
    }

    #[derive(serde::Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum RuleTag {
        RemarksRequired,
        FieldRequired,
        AppliesWhen,
    }

    const RULE_FIELDS: &[&str] = &["rule", "when", "field", "item", "is"];

    impl<'de> Deserialize<'de> for Rule {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Rule;

                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a rule (an object with `rule`)")
                }

                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Rule, A::Error> {
                    let (mut tag, mut when, mut field, mut item, mut is) =
                        (None, None, None, None, None);
                    while let Some(key) = map.next_key::<RuleKey>()? {
                        match key {
                            RuleKey::Rule => once::<_, RuleTag>(&mut map, &mut tag, "rule")?,
                            RuleKey::When => once::<_, Codes>(&mut map, &mut when, "when")?,
                            RuleKey::Field => once::<_, String>(&mut map, &mut field, "field")?,
                            RuleKey::Item => once::<_, String>(&mut map, &mut item, "item")?,
                            RuleKey::Is => once::<_, Codes>(&mut map, &mut is, "is")?,
                        }
                    }
                    let tag = tag.ok_or_else(|| de::Error::missing_field("rule"))?;
                    // Each rule takes its own keys and no other.
                    let allowed: &'static [&'static str] = match tag {
                        RuleTag::RemarksRequired => &["rule", "when"],
                        RuleTag::FieldRequired => &["rule", "field", "when"],
                        RuleTag::AppliesWhen => &["rule", "item", "is"],
                    };
                    let given = [
                        ("when", when.is_some()),
                        ("field", field.is_some()),
                        ("item", item.is_some()),
                        ("is", is.is_some()),
                    ];
                    if let Some((key, _)) = given
                        .iter()
                        .find(|(key, present)| *present && !allowed.contains(key))
                    {
                        return Err(de::Error::unknown_field(key, allowed));
                    }
                    let need = |v: Option<Codes>, key: &'static str| {
                        v.map(|c| c.0).ok_or_else(|| de::Error::missing_field(key))
                    };
                    Ok(match tag {
                        RuleTag::RemarksRequired => Rule::RemarksRequired {
                            when: need(when, "when")?,
                        },
                        RuleTag::FieldRequired => Rule::FieldRequired {
                            field: field.ok_or_else(|| de::Error::missing_field("field"))?,
                            when: need(when, "when")?,
                        },
                        RuleTag::AppliesWhen => Rule::AppliesWhen {
                            item: item.ok_or_else(|| de::Error::missing_field("item"))?,
                            is: need(is, "is")?,
                        },
                    })
                }
            }
            d.deserialize_struct("Rule", RULE_FIELDS, V)
        }
    }
}

/// A reference to a guideline or standard, e.g. guideline 6.0 システム運用編 chapter 14.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    /// The referenced document, e.g. `GL6.0-運用`.
    pub source: String,
    /// The place in it, e.g. `14`.
    pub at: String,
}

impl Questionnaire {
    /// What it is: its `kind`, else known from its id (`jahis-mds`, `jahis-sds`, `mds2`,
    /// `sample-sds` are disclosures; `mhlw-checklist…` the checklist), else a questionnaire.
    ///
    /// ```
    /// use mds_core::model::QuestionnaireKind;
    /// let catalog = mds_core::catalog::Catalog::builtin();
    /// let kind = |spec| catalog.resolve(spec).map(|q| q.kind());
    /// assert_eq!(kind("mds2"), Some(QuestionnaireKind::Disclosure));
    /// assert_eq!(kind("mitsf-maintenance"), Some(QuestionnaireKind::Questionnaire));
    /// ```
    pub fn kind(&self) -> QuestionnaireKind {
        if let Some(kind) = self.kind {
            return kind;
        }
        let id = self.id.as_str();
        if id.starts_with("mhlw-checklist") {
            QuestionnaireKind::Checklist
        } else if ["jahis-mds", "jahis-sds", "mds2", "sample-sds"].contains(&id) {
            QuestionnaireKind::Disclosure
        } else {
            QuestionnaireKind::Questionnaire
        }
    }

    /// Every item in form order, with its section.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The item with this id.
    ///
    /// ```
    /// let catalog = mds_core::catalog::Catalog::builtin();
    /// let q = catalog.resolve("sample-sds").unwrap();
    /// assert_eq!(q.id, "sample-sds");
    /// assert!(q.item("SAMPLE-AUTH-01").is_some());
    /// ```
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items().map(|(_, i)| i).find(|i| i.id == id)
    }

    /// Items by id, for lookups in loops (`item` scans the list).
    pub fn index(&self) -> crate::FastMap<&str, &Item> {
        let mut index = crate::FastMap::default();
        index.reserve(self.sections.iter().map(|s| s.items.len()).sum());
        index.extend(self.items().map(|(_, i)| (i.id.as_str(), i)));
        index
    }

    /// The vocabulary with this id.
    pub fn vocabulary(&self, id: &str) -> Option<&Vocabulary> {
        self.vocabularies.iter().find(|v| v.id == id)
    }

    /// The cover field with this id.
    pub fn cover_field(&self, id: &str) -> Option<&CoverField> {
        self.cover.iter().find(|c| c.id == id)
    }

    /// Number of items.
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    /// `id@version`.
    pub fn name(&self) -> String {
        format!("{}@{}", self.id, self.version)
    }

    /// Labels of codes in an item's vocabulary (the code itself where it has none), joined by
    /// `sep`.
    pub fn code_labels<S: AsRef<str>>(
        &self,
        item: Option<&Item>,
        codes: &[S],
        lang: crate::Lang,
        sep: &str,
    ) -> String {
        let vocabulary = item
            .and_then(|i| i.answer.vocabulary())
            .and_then(|v| self.vocabulary(v));
        codes
            .iter()
            .map(|c| {
                let c = c.as_ref();
                vocabulary
                    .and_then(|v| v.code(c))
                    .map(|code| code.label.get(lang).to_string())
                    .unwrap_or_else(|| c.to_string())
            })
            .collect::<Vec<_>>()
            .join(sep)
    }

    /// The known item id one edit away (insertion, deletion, substitution or swap of neighbours)
    /// from an unknown id, such as `SAHD-15` for NEMA's `SHAD-15`.
    ///
    /// ```
    /// let q = mds_core::catalog::Catalog::builtin().resolve("mds2").cloned().unwrap();
    /// assert_eq!(q.suspected_typo("SHAD-15"), Some("SAHD-15"));
    /// assert_eq!(q.suspected_typo("XYZ-1"), None);
    /// ```
    pub fn suspected_typo(&self, id: &str) -> Option<&str> {
        self.typo_index().suspected(id)
    }

    /// An index of the item ids for [`TypoIndex::suspected`]: built once, it answers each
    /// unknown id in time proportional to its length, not to the number of items (a million
    /// unknown ids against 20,000 items stay fast).
    pub fn typo_index(&self) -> TypoIndex<'_> {
        TypoIndex::new(self.items().map(|(_, i)| i.id.as_str()).collect())
    }
}

/// Item ids indexed by every form with one character left out (the symmetric-delete method):
/// two ids one edit apart share such a form, or one is such a form of the other.
pub struct TypoIndex<'q> {
    ids: Vec<&'q str>,
    exact: crate::FastMap<&'q str, usize>,
    deleted: crate::FastMap<String, Vec<usize>>,
}

impl<'q> TypoIndex<'q> {
    /// The index of these ids, in form order.
    pub fn new(ids: Vec<&'q str>) -> Self {
        let mut exact = crate::FastMap::default();
        let mut deleted: crate::FastMap<String, Vec<usize>> = crate::FastMap::default();
        for (k, id) in ids.iter().enumerate() {
            exact.entry(*id).or_insert(k);
            for variant in deletions(id) {
                let list = deleted.entry(variant).or_default();
                if list.last() != Some(&k) {
                    list.push(k);
                }
            }
        }
        TypoIndex {
            ids,
            exact,
            deleted,
        }
    }

    /// The first item id in form order one edit (insertion, deletion, substitution or swap of
    /// neighbours) away from `id`.
    pub fn suspected(&self, id: &str) -> Option<&'q str> {
        let mut candidates: Vec<usize> = Vec::new();
        if let Some(list) = self.deleted.get(id) {
            candidates.extend(list);
        }
        for variant in deletions(id) {
            if let Some(k) = self.exact.get(variant.as_str()) {
                candidates.push(*k);
            }
            if let Some(list) = self.deleted.get(&variant) {
                candidates.extend(list);
            }
        }
        candidates.sort_unstable();
        candidates.dedup();
        let chars: Vec<char> = id.chars().collect();
        candidates
            .into_iter()
            .map(|k| self.ids[k])
            .find(|known| one_edit(&chars, &known.chars().collect::<Vec<_>>()))
    }
}

/// `text` with each of its characters left out in turn (ids are short: this is bounded by
/// their length).
fn deletions(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().take(64).collect();
    (0..chars.len())
        .map(|i| chars[..i].iter().chain(&chars[i + 1..]).collect::<String>())
        .collect()
}

impl Item {
    /// An item with an id and an answer kind only: no text, fields, rules, references, tags,
    /// compliant answers or importance; required.
    ///
    /// ```
    /// use mds_core::model::{AnswerKind, Item};
    /// let item = Item::new("X-1", AnswerKind::Text);
    /// assert!(!item.optional && item.rules.is_empty());
    /// ```
    pub fn new(id: impl Into<String>, answer: AnswerKind) -> Item {
        Item {
            id: id.into(),
            text: Text::default(),
            answer,
            optional: false,
            fields: Vec::new(),
            rules: Vec::new(),
            references: Vec::new(),
            tags: Vec::new(),
            compliant: Vec::new(),
            importance: None,
        }
    }

    /// True when the item applies given the answers: every `applies-when` condition holds.
    ///
    /// ```
    /// use mds_core::{catalog::Catalog, model::Response};
    /// let q = Catalog::builtin().resolve("sample-sds").cloned().unwrap();
    /// let r: Response = serde_json::from_str(r#"{"format":"mds-response/1",
    ///   "questionnaire":{"id":"sample-sds","version":"1.0"},
    ///   "answers":{"SAMPLE-DEV-01":{"value":"no"}}}"#).unwrap();
    /// assert!(!q.item("SAMPLE-DEV-02").unwrap().applies(&r.answers));
    /// ```
    pub fn applies(&self, answers: &super::Answers) -> bool {
        self.rules.iter().all(|rule| match rule {
            Rule::AppliesWhen { item: control, is } => answers
                .get(control)
                .is_some_and(|a| a.value.codes().iter().any(|c| is.iter().any(|x| x == c))),
            _ => true,
        })
    }
}

fn one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 => {
            let rest = short.len() - prefix;
            if rest == 0 {
                return false;
            }
            short[prefix + 1..] == long[prefix + 1..]
                || (rest >= 2
                    && short[prefix] == long[prefix + 1]
                    && short[prefix + 1] == long[prefix]
                    && short[prefix + 2..] == long[prefix + 2..])
        }
        1 => short[prefix..] == long[prefix + 1..],
        _ => false,
    }
}

impl Vocabulary {
    /// The code entry for `code`.
    pub fn code(&self, code: &str) -> Option<&Code> {
        self.codes.iter().find(|c| c.code == code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(a: &str, b: &str) -> bool {
        one_edit(
            &a.chars().collect::<Vec<_>>(),
            &b.chars().collect::<Vec<_>>(),
        )
    }

    #[test]
    fn the_typo_index_finds_what_a_scan_finds() {
        // Every id over a small alphabet up to length 4, against a set of known ids: the index
        // gives the first known id one edit away, as a scan of all of them does.
        let known: Vec<String> = ["AB-1", "BA-1", "A-12", "AB-2", "B-1", "AAB", "1-AB", "AB"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let index = TypoIndex::new(known.iter().map(String::as_str).collect());
        let alphabet = ['A', 'B', '-', '1', '2'];
        let mut words = vec![String::new()];
        for _ in 0..4 {
            let next: Vec<String> = words
                .iter()
                .flat_map(|w| alphabet.iter().map(move |c| format!("{w}{c}")))
                .collect();
            words.extend(next.clone());
            words.dedup();
            if words.len() > 1_000 {
                break;
            }
        }
        for w in &words {
            let scan = known.iter().map(String::as_str).find(|k| edit(w, k));
            assert_eq!(index.suspected(w), scan, "{w}");
        }
    }

    #[test]
    fn one_edit_distance() {
        assert!(edit("SHAD-15", "SAHD-15"));
        assert!(edit("SAHD-1", "SAHD-15"));
        assert!(edit("SAHD-15", "SAHD-1"));
        assert!(edit("SAHD-16", "SAHD-15"));
        assert!(edit("SAHD-51", "SAHD-15"));
        assert!(!edit("SAHD-15", "SAHD-15"));
        assert!(!edit("SAHD-150", "SAHD-1"));
        assert!(!edit("ABCD", "BADC"));
        assert!(edit("", "A"));
    }

    /// The readers of the tagged kinds accept and refuse what serde's derived readers do.
    #[test]
    fn tagged_kinds_read_as_the_derived_readers_do() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(tag = "kind", rename_all = "kebab-case", deny_unknown_fields)]
        enum DerivedKind {
            Single {
                vocabulary: String,
                #[serde(default)]
                other: Option<String>,
            },
            Multiple {
                vocabulary: String,
                #[serde(default)]
                other: Option<String>,
            },
            Text,
            Date,
            Number,
        }
        #[derive(Debug, PartialEq, serde::Deserialize)]
        #[serde(tag = "rule", rename_all = "kebab-case", deny_unknown_fields)]
        enum DerivedRule {
            RemarksRequired { when: Vec<String> },
            FieldRequired { field: String, when: Vec<String> },
            AppliesWhen { item: String, is: Vec<String> },
        }
        let kinds = [
            r#"{"kind": "single", "vocabulary": "v"}"#,
            r#"{"vocabulary": "v", "kind": "multiple", "other": "o"}"#,
            r#"{"kind": "single", "vocabulary": "v", "other": null}"#,
            r#"{"kind": "text"}"#,
            r#"{"kind": "date"}"#,
            r#"{"kind": "number"}"#,
            r#"{"kind": "single"}"#,
            r#"{"vocabulary": "v"}"#,
            r#"{"kind": "choice", "vocabulary": "v"}"#,
            r#"{"kind": "single", "vocabulary": "v", "extra": 1}"#,
            r#"{"kind": "single", "vocabulary": 3}"#,
            r#"{"kind": "text", "other": "o"}"#,
            r#"{"kind": "text", "vocabulary": "v"}"#,
            r#"{"kind": 1}"#,
            r#""single""#,
            r#"[]"#,
            r#"{}"#,
        ];
        // serde's derived reader lets a unit variant carry other keys, which the schema
        // refuses (`additionalProperties: false`); ours refuses them as the schema does.
        let schema_refuses = [
            r#"{"kind": "text", "other": "o"}"#,
            r#"{"kind": "text", "vocabulary": "v"}"#,
        ];
        for text in kinds {
            let ours = serde_json::from_str::<AnswerKind>(text);
            let derived = serde_json::from_str::<DerivedKind>(text);
            if schema_refuses.contains(&text) {
                assert!(ours.is_err() && derived.is_ok(), "{text}");
                continue;
            }
            assert_eq!(
                ours.is_ok(),
                derived.is_ok(),
                "{text}: {ours:?} / {derived:?}"
            );
            if let (Ok(a), Ok(b)) = (ours, derived) {
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text}");
            }
        }
        let rules = [
            r#"{"rule": "remarks-required", "when": ["no"]}"#,
            r#"{"when": ["no", "na"], "rule": "remarks-required"}"#,
            r#"{"rule": "field-required", "field": "f", "when": []}"#,
            r#"{"rule": "applies-when", "item": "A-1", "is": ["yes"]}"#,
            r#"{"rule": "remarks-required"}"#,
            r#"{"rule": "remarks-required", "when": ["no"], "field": "f"}"#,
            r#"{"rule": "field-required", "when": ["no"]}"#,
            r#"{"rule": "applies-when", "item": "A-1", "is": ["yes"], "when": ["no"]}"#,
            r#"{"rule": "applies-when", "is": ["yes"]}"#,
            r#"{"rule": "sometimes", "when": ["no"]}"#,
            r#"{"rule": "remarks-required", "when": "no"}"#,
            r#"{"rule": "remarks-required", "when": [1]}"#,
            r#"{"when": ["no"]}"#,
            r#"{"rule": "remarks-required", "when": ["no"], "extra": true}"#,
        ];
        for text in rules {
            let ours = serde_json::from_str::<Rule>(text);
            let derived = serde_json::from_str::<DerivedRule>(text);
            assert_eq!(
                ours.is_ok(),
                derived.is_ok(),
                "{text}: {ours:?} / {derived:?}"
            );
            if let (Ok(a), Ok(b)) = (ours, derived) {
                assert_eq!(format!("{a:?}"), format!("{b:?}"), "{text}");
            }
        }
        // Every built-in questionnaire reads back as it was written.
        for entry in crate::catalog::Catalog::builtin().entries() {
            let q = &entry.questionnaire;
            let text = serde_json::to_string(q).unwrap_or_default();
            let back: Questionnaire = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(&back, q);
        }
    }
}
