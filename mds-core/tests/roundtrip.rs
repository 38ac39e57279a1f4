//! Property tests: model -> JSON -> model is the identity, and every generated document passes
//! its own JSON Schema (layer 1), so the schemas and the serde shapes cannot drift apart.

use mds_core::Lang;
use mds_core::json::{Document, load};
use mds_core::model::*;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;

fn id() -> impl Strategy<Value = String> {
    "[A-Za-z][A-Za-z0-9.\\-]{0,10}"
}

fn words() -> impl Strategy<Value = String> {
    "\\PC{0,16}"
}

fn text() -> impl Strategy<Value = Text> {
    (words(), words()).prop_map(|(ja, en)| Text { ja, en })
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![any::<i32>().prop_map(f64::from), -1.0e9..1.0e9f64]
}

fn answer_value() -> impl Strategy<Value = AnswerValue> {
    prop_oneof![
        Just(AnswerValue::Null),
        words().prop_map(AnswerValue::Text),
        vec(id(), 0..4).prop_map(AnswerValue::Codes),
        number().prop_map(AnswerValue::Number),
    ]
}

fn field_value() -> impl Strategy<Value = FieldValue> {
    prop_oneof![
        words().prop_map(FieldValue::Text),
        number().prop_map(FieldValue::Number)
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    (
        answer_value(),
        option::of(words()),
        option::of(words()),
        btree_map(id(), field_value(), 0..3),
        option::of(words()),
        option::of(any::<bool>()),
        option::of((
            words(),
            answer_value(),
            btree_map(id(), field_value(), 0..2),
        )),
    )
        .prop_map(
            |(value, other, remarks, fields, raw, confirmed, round)| Answer {
                planned: remarks.clone().filter(|r| r.len() % 2 == 0),
                value,
                other,
                remarks,
                fields: fields.into_iter().collect(),
                raw,
                confirmed,
                rounds: round
                    .map(|(label, value, fields)| mds_core::model::Round {
                        label,
                        value,
                        fields: fields.into_iter().collect(),
                    })
                    .into_iter()
                    .collect(),
            },
        )
}

fn digest() -> impl Strategy<Value = String> {
    "[0-9a-f]{64}".prop_map(|h| format!("sha256:{h}"))
}

fn response() -> impl Strategy<Value = Response> {
    (
        id(),
        id(),
        option::of(digest()),
        btree_map(id(), words(), 0..4),
        vec((id(), answer()), 0..6),
    )
        .prop_map(|(qid, version, digest, cover, answers)| Response {
            format: RESPONSE_FORMAT.into(),
            questionnaire: Pin {
                id: qid,
                version,
                digest,
            },
            cover: cover.into_iter().collect(),
            answers: answers.into_iter().collect::<mds_core::model::Answers>(),
        })
}

fn importance() -> impl Strategy<Value = Importance> {
    prop_oneof![
        Just(Importance::Critical),
        Just(Importance::Standard),
        Just(Importance::Minor),
        Just(Importance::None)
    ]
}

fn requirement() -> impl Strategy<Value = Requirement> {
    (
        vec(id(), 0..3),
        importance(),
        any::<bool>(),
        option::of(words()),
        option::of(words()),
    )
        .prop_map(|(expect, importance, must, flag, note)| Requirement {
            expect,
            importance,
            must,
            flag,
            note,
        })
}

fn profile() -> impl Strategy<Value = Profile> {
    (
        (id(), id(), option::of(words())),
        vec((id(), requirement()), 0..5),
        btree_map(id(), any::<bool>(), 0..3),
        option::of((
            option::of(0..100u32),
            option::of(0..100u32),
            option::of(0..100u32),
            option::of(0..100u32),
        )),
        any::<bool>(),
        vec((words(), vec((id(), (any::<bool>(), words())), 0..3)), 0..3),
    )
        .prop_map(
            |((qid, version, title), requirements, sections, points, exclude, adjudications)| {
                Profile {
                    format: PROFILE_FORMAT.into(),
                    questionnaire: ProfileQuestionnaire { id: qid, version },
                    title,
                    requirements: requirements.into_iter().collect(),
                    sections,
                    points: points.map(|(critical, standard, minor, none)| Points {
                        critical,
                        standard,
                        minor,
                        none,
                    }),
                    na: if exclude {
                        NaRule::Exclude
                    } else {
                        NaRule::Expect
                    },
                    planned: if exclude {
                        mds_core::model::PlannedRule::Review
                    } else {
                        mds_core::model::PlannedRule::Met
                    },
                    adjudications: adjudications
                        .into_iter()
                        .map(|(vendor, items)| {
                            let items = items
                                .into_iter()
                                .map(|(item, (met, reason))| {
                                    let outcome = if met {
                                        AdjudicationOutcome::Met
                                    } else {
                                        AdjudicationOutcome::Unmet
                                    };
                                    (item, Adjudication { outcome, reason })
                                })
                                .collect();
                            (vendor, items)
                        })
                        .collect(),
                }
            },
        )
}

fn field_kind() -> impl Strategy<Value = FieldKind> {
    prop_oneof![
        Just(FieldKind::Text),
        Just(FieldKind::Date),
        Just(FieldKind::Number)
    ]
}

fn answer_kind() -> impl Strategy<Value = AnswerKind> {
    prop_oneof![
        (id(), option::of(id()))
            .prop_map(|(vocabulary, other)| AnswerKind::Single { vocabulary, other }),
        (id(), option::of(id()))
            .prop_map(|(vocabulary, other)| AnswerKind::Multiple { vocabulary, other }),
        Just(AnswerKind::Text),
        Just(AnswerKind::Date),
        Just(AnswerKind::Number),
    ]
}

fn rule() -> impl Strategy<Value = Rule> {
    prop_oneof![
        vec(id(), 0..3).prop_map(|when| Rule::RemarksRequired { when }),
        (id(), vec(id(), 0..3)).prop_map(|(field, when)| Rule::FieldRequired { field, when }),
        (id(), vec(id(), 0..3)).prop_map(|(item, is)| Rule::AppliesWhen { item, is }),
    ]
}

fn reference() -> impl Strategy<Value = Reference> {
    (words(), words()).prop_map(|(source, at)| Reference { source, at })
}

fn item() -> impl Strategy<Value = Item> {
    (
        id(),
        text(),
        answer_kind(),
        any::<bool>(),
        vec((id(), text(), field_kind()), 0..2),
        vec(rule(), 0..3),
        vec(reference(), 0..2),
        vec(id(), 0..2),
        vec(id(), 0..2),
        proptest::option::of(importance()),
    )
        .prop_map(
            |(
                id,
                text,
                answer,
                optional,
                fields,
                rules,
                references,
                tags,
                compliant,
                importance,
            )| Item {
                id,
                text,
                answer,
                optional,
                fields: fields
                    .into_iter()
                    .map(|(id, label, kind)| ExtraField {
                        planned: kind == FieldKind::Date && id.len() % 2 == 0,
                        id,
                        label,
                        kind,
                    })
                    .collect(),
                rules,
                references,
                tags,
                compliant,
                importance,
            },
        )
}

fn questionnaire() -> impl Strategy<Value = Questionnaire> {
    let code = (id(), text(), vec(words(), 0..2), any::<bool>()).prop_map(
        |(code, label, aliases, review)| Code {
            code,
            label,
            aliases,
            review,
        },
    );
    let vocabulary = (id(), vec(code, 0..4)).prop_map(|(id, codes)| Vocabulary { id, codes });
    let cover = (id(), text(), field_kind(), any::<bool>(), option::of(id())).prop_map(
        |(id, label, kind, optional, official_id)| CoverField {
            id,
            label,
            kind,
            optional,
            official_id,
        },
    );
    let section = (id(), text(), vec(reference(), 0..2), vec(item(), 0..4)).prop_map(
        |(id, title, references, items)| Section {
            id,
            title,
            references,
            items,
        },
    );
    (
        (
            id(),
            id(),
            text(),
            any::<bool>(),
            any::<bool>(),
            option::of(text()),
        ),
        vec(vocabulary, 0..3),
        vec(cover, 0..3),
        vec(section, 0..3),
    )
        .prop_map(
            |((qid, version, title, complete, sample, notice), vocabularies, cover, sections)| {
                Questionnaire {
                    format: QUESTIONNAIRE_FORMAT.into(),
                    id: qid,
                    version,
                    title,
                    complete,
                    sample,
                    kind: None,
                    notice,
                    vocabularies,
                    cover,
                    sections,
                }
            },
        )
}

/// Serialises, checks the schema (no findings) and parses back.
fn round_trip(json: String) -> Document {
    let loaded = load(json.as_bytes(), Lang::En).unwrap_or_else(|e| panic!("{e}: {json}"));
    assert!(loaded.findings.is_empty(), "{:?}\n{json}", loaded.findings);
    loaded
        .document
        .unwrap_or_else(|| panic!("no document: {json}"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn response_round_trips(r in response()) {
        let json = serde_json::to_string_pretty(&r).unwrap_or_default();
        prop_assert_eq!(round_trip(json), Document::Response(Box::new(r)));
    }

    #[test]
    fn profile_round_trips(p in profile()) {
        let json = serde_json::to_string(&p).unwrap_or_default();
        prop_assert_eq!(round_trip(json), Document::Profile(Box::new(p)));
    }

    #[test]
    fn questionnaire_round_trips(q in questionnaire()) {
        let json = serde_json::to_string(&q).unwrap_or_default();
        prop_assert_eq!(round_trip(json), Document::Questionnaire(Box::new(q)));
    }
}
