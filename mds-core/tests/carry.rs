//! Property test: migrate and prefill never lose an answer — every answered source item is
//! carried, transformed or reported dropped; and coverage totals equal the items.

use mds_core::carry::carry;
use mds_core::catalog::Catalog;
use mds_core::coverage::coverage;
use mds_core::model::{
    Answer, AnswerValue, MAPPING_FORMAT, Mapping, MappingEntry, MappingLevel, ProfileQuestionnaire,
    RESPONSE_FORMAT, Relation, Response,
};
use proptest::prelude::*;

fn ids() -> Vec<String> {
    let catalog = Catalog::builtin();
    catalog
        .resolve("sample-sds")
        .map(|q| q.items().map(|(_, i)| i.id.clone()).collect())
        .unwrap_or_default()
}

fn response(answered: &[(usize, u8)]) -> Response {
    let ids = ids();
    let mut r = Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: mds_core::model::Pin {
            id: "sample-sds".into(),
            version: "1.0".into(),
            digest: None,
        },
        cover: Default::default(),
        answers: Default::default(),
    };
    for (i, code) in answered {
        let value = ["yes", "no", "na"][*code as usize % 3];
        r.answers.insert(
            ids[i % ids.len()].clone(),
            Answer {
                value: AnswerValue::Text(value.into()),
                ..Answer::default()
            },
        );
    }
    // An id the questionnaire does not know is an answer too.
    r.answers.insert(
        "EXTRA-1".into(),
        Answer {
            value: AnswerValue::Text("yes".into()),
            ..Answer::default()
        },
    );
    r
}

fn mapping(entries: &[(Vec<usize>, Option<usize>)]) -> Mapping {
    let ids = ids();
    Mapping {
        format: MAPPING_FORMAT.into(),
        from: ProfileQuestionnaire {
            id: "sample-sds".into(),
            version: "1.0".into(),
        },
        to: ProfileQuestionnaire {
            id: "sample-sds".into(),
            version: "1.0".into(),
        },
        title: None,
        level: MappingLevel::Items,
        entries: entries
            .iter()
            .map(|(from, to)| MappingEntry {
                from: from.iter().map(|i| ids[i % ids.len()].clone()).collect(),
                to: to.map(|t| {
                    if t % 7 == 0 {
                        "NOT-THERE".to_string()
                    } else {
                        ids[t % ids.len()].clone()
                    }
                }),
                relation: to.map(|_| Relation::Intersects),
                transform: [("na".to_string(), "no".to_string())].into_iter().collect(),
                rationale: "test".into(),
            })
            .collect(),
    }
}

proptest! {
    #[test]
    fn no_answer_is_lost(
        answered in proptest::collection::vec((0usize..60, any::<u8>()), 0..40),
        entries in proptest::collection::vec((proptest::collection::vec(0usize..60, 1..3), proptest::option::of(0usize..60)), 0..20),
        use_mapping in any::<bool>(),
        prefill in any::<bool>(),
    ) {
        let catalog = Catalog::builtin();
        let entry = catalog.find_spec("sample-sds").cloned().unwrap_or_else(|| unreachable!());
        let r = response(&answered);
        let m = mapping(&entries);
        let carried = carry(&r, &entry.questionnaire, &entry.digest, use_mapping.then_some(&m), prefill, mds_core::Lang::En)
            .unwrap_or_else(|e| panic!("{e}"));
        let report = &carried.report;
        for id in r.answers.keys() {
            let accounted = report.carried.iter().any(|(s, _)| s == id)
                || report.transformed.iter().any(|t| t.from.contains(id))
                || report.dropped.iter().any(|d| &d.id == id);
            prop_assert!(accounted, "{} was lost", id);
        }
        for (_, target) in &report.carried {
            prop_assert!(carried.response.answers.contains_key(target));
        }
        for t in &report.transformed {
            prop_assert!(carried.response.answers.contains_key(&t.to));
        }
        if prefill {
            prop_assert!(carried.response.answers.values().all(|a| a.confirmed == Some(false)));
        }
        prop_assert_eq!(&carried.response.questionnaire.version, "1.0");
        // Coverage counts every item once.
        let rows = coverage(&carried.response, &entry.questionnaire);
        prop_assert_eq!(rows.iter().map(|x| x.total()).sum::<usize>(), entry.questionnaire.item_count());
    }
}
