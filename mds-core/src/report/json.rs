//! The JSON report: `{"ranking": [...], "provenance": {...}}`; `--detail` adds sections and items.

use serde::Serialize;

use super::{CompareReport, Provenance, reason_text};
use crate::score::{ItemResult, SectionScore, VendorResult};

#[derive(Serialize)]
struct Out<'a> {
    ranking: Vec<Entry<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    unmatched_adjudications: &'a [String],
    /// Adjudications claimed by name by two bids or more, applied to none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    contested_adjudications: Vec<Contested<'a>>,
    provenance: &'a Provenance,
}

#[derive(Serialize)]
struct Contested<'a> {
    key: &'a str,
    files: &'a [String],
}

#[derive(Serialize)]
struct Entry<'a> {
    #[serde(flatten)]
    vendor: &'a VendorResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<&'a [SectionScore]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    items: Option<Vec<Detail<'a>>>,
}

#[derive(Serialize)]
struct Detail<'a> {
    #[serde(flatten)]
    item: &'a ItemResult,
    explanation: String,
}

/// The comparison as pretty JSON with a final newline.
pub fn json(report: &CompareReport<'_>) -> String {
    let ranking = report
        .comparison
        .vendors
        .iter()
        .map(|v| Entry {
            vendor: v,
            sections: report.detail.then_some(v.sections.as_slice()),
            items: report.detail.then(|| {
                v.items
                    .iter()
                    .map(|i| Detail {
                        item: i,
                        explanation: reason_text(&i.reason, report.lang),
                    })
                    .collect()
            }),
        })
        .collect();
    let out = Out {
        ranking,
        unmatched_adjudications: &report.comparison.unmatched_adjudications,
        contested_adjudications: report
            .comparison
            .contested_adjudications
            .iter()
            .map(|(key, files)| Contested { key, files })
            .collect(),
        provenance: report.provenance,
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}
