//! Carrying answers to another questionnaire: to a new version (`mds migrate`) or to another
//! form (`mds prefill`). Without a mapping, identical item ids carry over; with one, only its
//! entries do (nothing is inferred from an absent entry). Every source answer is accounted for:
//! carried, or reported dropped with the reason.

use serde::Serialize;

use crate::model::{
    Answer, AnswerValue, Mapping, MappingLevel, Pin, Questionnaire, RESPONSE_FORMAT, Relation,
    Response,
};

/// What happened to each answer.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CarryReport {
    /// Answers carried unchanged: (source id, target id).
    pub carried: Vec<(String, String)>,
    /// Answers carried through a mapping entry with a transform or several sources.
    pub transformed: Vec<Transformed>,
    /// Source answers not carried, with the reason.
    pub dropped: Vec<Dropped>,
    /// Target items left to answer.
    pub to_answer: Vec<String>,
}

/// An answer carried through a mapping entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Transformed {
    /// Source ids.
    pub from: Vec<String>,
    /// Target id.
    pub to: String,
    /// The entry's relation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relation: Option<Relation>,
    /// The value given to the target (null when the sources disagree).
    pub value: AnswerValue,
    /// The sources disagreed: the value is left empty and the sources' values kept in `raw`.
    pub conflict: bool,
}

/// A source answer that was not carried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Dropped {
    /// Source id.
    pub id: String,
    /// Why: `no-counterpart` (no entry, or no identical id), `unmapped` (an entry says so),
    /// `unknown-target` (the entry's target is not in the questionnaire).
    pub reason: String,
    /// The mapping's rationale, where it gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// The carried response and its report.
#[derive(Debug, Clone, PartialEq)]
pub struct Carried {
    /// The new response, pinned to the target questionnaire.
    pub response: Response,
    /// What happened to each answer.
    pub report: CarryReport,
}

/// Carries `r` (answers to `from`) to `to`. `prefill` marks every carried answer unconfirmed.
/// A section-level mapping carries no answers: it is refused with an error.
pub fn carry(
    r: &Response,
    to: &Questionnaire,
    to_digest: &str,
    mapping: Option<&Mapping>,
    prefill: bool,
    lang: crate::Lang,
) -> crate::Result<Carried> {
    if mapping.is_some_and(|m| m.level == MappingLevel::Sections) {
        return Err(crate::Error::Invalid(
            lang.pick(
                "章どうしの対応表（level: sections）は話題の対応を示すだけで、回答は移せません。項目どうしの対応表を指定してください。",
                "a section-level mapping relates topics, not answers: it cannot carry answers; give an item-level mapping",
            )
            .to_string(),
        ));
    }
    let mut report = CarryReport::default();
    let mut answers = crate::model::Answers::default();
    let answered: Vec<(&String, &Answer)> =
        r.answers.iter().filter(|(_, a)| !is_blank(a)).collect();
    let mut used: Vec<&str> = Vec::new();
    match mapping {
        None => {
            for (id, a) in &answered {
                if to.item(id).is_some() {
                    answers.insert((*id).clone(), (*a).clone());
                    report.carried.push(((*id).clone(), (*id).clone()));
                    used.push(id.as_str());
                }
            }
        }
        Some(m) => {
            for entry in &m.entries {
                let sources: Vec<(&String, &Answer)> = answered
                    .iter()
                    .filter(|(id, _)| entry.from.contains(id))
                    .copied()
                    .collect();
                if sources.is_empty() {
                    continue;
                }
                let Some(target) = &entry.to else {
                    for (id, _) in &sources {
                        report.dropped.push(Dropped {
                            id: (*id).clone(),
                            reason: "unmapped".into(),
                            rationale: Some(entry.rationale.clone()),
                        });
                        used.push(id.as_str());
                    }
                    continue;
                };
                let Some(item) = to.item(target) else {
                    for (id, _) in &sources {
                        report.dropped.push(Dropped {
                            id: (*id).clone(),
                            reason: "unknown-target".into(),
                            rationale: Some(entry.rationale.clone()),
                        });
                        used.push(id.as_str());
                    }
                    continue;
                };
                let transform = |v: &AnswerValue| -> AnswerValue {
                    let map =
                        |c: &String| entry.transform.get(c).cloned().unwrap_or_else(|| c.clone());
                    match v {
                        AnswerValue::Text(c) if item.answer.vocabulary().is_some() => {
                            AnswerValue::Text(map(c))
                        }
                        AnswerValue::Codes(cs) => AnswerValue::Codes(cs.iter().map(map).collect()),
                        other => other.clone(),
                    }
                };
                let values: Vec<AnswerValue> =
                    sources.iter().map(|(_, a)| transform(&a.value)).collect();
                let conflict = values.windows(2).any(|w| w[0] != w[1]);
                let mut new = Answer::default();
                if conflict {
                    new.raw = Some(
                        sources
                            .iter()
                            .map(|(id, a)| format!("{id}: {}", value_text(&a.value)))
                            .collect::<Vec<_>>()
                            .join(" / "),
                    );
                } else {
                    new.value = values[0].clone();
                }
                let remarks: Vec<String> = sources
                    .iter()
                    .filter_map(|(id, a)| {
                        a.remarks.as_ref().map(|t| {
                            if sources.len() > 1 {
                                format!("[{id}] {t}")
                            } else {
                                t.clone()
                            }
                        })
                    })
                    .collect();
                if !remarks.is_empty() {
                    new.remarks = Some(remarks.join("\n"));
                }
                for (_, a) in &sources {
                    for (k, v) in &a.fields {
                        if item.fields.iter().any(|f| &f.id == k) {
                            new.fields.entry(k.clone()).or_insert_with(|| v.clone());
                        }
                    }
                    if new.other.is_none() {
                        new.other = a.other.clone();
                    }
                }
                let identity =
                    sources.len() == 1 && entry.transform.is_empty() && sources[0].0 == target;
                if identity {
                    report.carried.push((sources[0].0.clone(), target.clone()));
                } else {
                    report.transformed.push(Transformed {
                        from: sources.iter().map(|(id, _)| (*id).clone()).collect(),
                        to: target.clone(),
                        relation: entry.relation,
                        value: new.value.clone(),
                        conflict,
                    });
                }
                used.extend(sources.iter().map(|(id, _)| id.as_str()));
                answers.insert(target.clone(), new);
            }
        }
    }
    for (id, _) in &answered {
        if !used.contains(&id.as_str()) {
            report.dropped.push(Dropped {
                id: (*id).clone(),
                reason: "no-counterpart".into(),
                rationale: None,
            });
        }
    }
    if prefill {
        for a in answers.values_mut() {
            a.confirmed = Some(false);
        }
    }
    // Target order, then anything else.
    let mut ordered = crate::model::Answers::default();
    for (_, item) in to.items() {
        match answers.shift_remove(&item.id) {
            Some(a) => {
                ordered.insert(item.id.clone(), a);
            }
            None if !item.optional => report.to_answer.push(item.id.clone()),
            None => {}
        }
    }
    ordered.extend(answers);
    let cover = r
        .cover
        .iter()
        .filter(|(k, _)| to.cover_field(k).is_some())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let response = Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: Pin {
            id: to.id.clone(),
            version: to.version.clone(),
            digest: Some(to_digest.to_string()),
        },
        cover,
        answers: ordered,
    };
    Ok(Carried { response, report })
}

fn is_blank(a: &Answer) -> bool {
    a.value.is_empty()
        && a.remarks.is_none()
        && a.fields.is_empty()
        && a.other.is_none()
        && a.raw.is_none()
}

fn value_text(v: &AnswerValue) -> String {
    match v {
        AnswerValue::Null => String::new(),
        AnswerValue::Text(t) => t.clone(),
        AnswerValue::Codes(c) => c.join(","),
        AnswerValue::Number(n) => n.to_string(),
    }
}
