//! Coverage: a response's answers by guideline reference, chapter by chapter (はい / いいえ /
//! 対象外 / unanswered / other). Each item counts once, under its first reference (else its
//! section's, else its section), so the totals equal the items.

use serde::Serialize;

use crate::model::{AnswerValue, Questionnaire, Response};

/// One row of the coverage table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CoverageRow {
    /// The reference (`GL6.0-システム運用編 14`) or section title.
    pub reference: String,
    /// The chapter's title: that of the section where the reference first appears.
    pub title: crate::model::Text,
    /// Items answered yes.
    pub yes: usize,
    /// Items answered no.
    pub no: usize,
    /// Items answered not applicable (or not applicable under their condition).
    pub na: usize,
    /// Items not answered.
    pub unanswered: usize,
    /// Items answered otherwise (text, dates, other codes).
    pub other: usize,
}

impl CoverageRow {
    /// Items in the row.
    pub fn total(&self) -> usize {
        self.yes + self.no + self.na + self.unanswered + self.other
    }
}

/// The coverage of `r` over the items of `q`, rows in form order.
pub fn coverage(r: &Response, q: &Questionnaire) -> Vec<CoverageRow> {
    let mut rows: Vec<CoverageRow> = Vec::new();
    for (section, item) in q.items() {
        let key = item
            .references
            .first()
            .or_else(|| section.references.first())
            .map(|x| format!("{} {}", x.source, x.at))
            .unwrap_or_else(|| section.title.get(crate::Lang::Ja).to_string());
        let i = match rows.iter().position(|x| x.reference == key) {
            Some(i) => i,
            None => {
                rows.push(CoverageRow {
                    reference: key,
                    title: section.title.clone(),
                    ..Default::default()
                });
                rows.len() - 1
            }
        };
        let row = &mut rows[i];
        match r.answers.get(&item.id).map(|a| &a.value) {
            _ if !item.applies(&r.answers) => row.na += 1,
            None | Some(AnswerValue::Null) => row.unanswered += 1,
            Some(v) if v.is_empty() => row.unanswered += 1,
            Some(AnswerValue::Text(c)) if c == "yes" => row.yes += 1,
            Some(AnswerValue::Text(c)) if c == "no" => row.no += 1,
            Some(AnswerValue::Text(c)) if c == "na" => row.na += 1,
            Some(_) => row.other += 1,
        }
    }
    rows
}
