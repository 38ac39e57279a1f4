//! The `mhlw-checklist` built-in: the frame of the MHLW cyber-security checklist
//! (医療機関等におけるサイバーセキュリティ対策チェックリスト), editions 2025 and 2026, for the
//! 事業者確認用 sheet a hospital sends to the vendor of each system.
//!
//! The frame carries what the checklist asks of every item — はい or いいえ, the date checked
//! (`checked_on`) and, for an いいえ, a target date (`target_date`) within the fiscal year — and
//! the cover of a vendor's sheet (the hospital, the vendor, the system, a contact). It carries
//! no item list and no official wording: the items come from the user's own copy of the
//! official workbook (`mds questionnaire extract --id mhlw-checklist --install`).

use super::builder::{cover, questionnaire};
use crate::model::{Code, FieldKind, Questionnaire, QuestionnaireKind, Text, Vocabulary};

pub(super) fn frames() -> Vec<Questionnaire> {
    ["2025", "2026"].iter().map(|e| frame(e)).collect()
}

fn frame(edition: &str) -> Questionnaire {
    let mut q = questionnaire(
        "mhlw-checklist",
        edition,
        Text::new(
            format!(
                "医療機関等におけるサイバーセキュリティ対策チェックリスト 事業者確認用 {edition}年度版（枠組み）"
            ),
            format!("MHLW cyber-security checklist, vendor sheet, {edition} edition (frame)"),
        ),
    );
    q.complete = false;
    q.kind = Some(QuestionnaireKind::Checklist);
    q.notice = Some(Text::new(
        "枠組みのみ（はい／いいえ、確認日・目標日、表紙項目）。項目は利用者が持つ公式のチェックリストのワークブックから `mds questionnaire extract --id mhlw-checklist --install` で取り込みます。",
        "Frame only (yes / no, the dates checked and targeted, the cover). Items come from the user's own copy of the official checklist workbook: `mds questionnaire extract --id mhlw-checklist --install`.",
    ));
    let code = |c: &str, ja: &str, en: &str, aliases: &[&str]| Code {
        code: c.into(),
        label: Text::new(ja, en),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        review: false,
    };
    q.vocabularies = vec![Vocabulary {
        id: "yes-no".into(),
        codes: vec![
            code("yes", "はい", "Yes", &["○", "y"]),
            code("no", "いいえ", "No", &["×", "n"]),
        ],
    }];
    q.cover = vec![
        cover("hospital", "医療機関名", "Hospital", FieldKind::Text, true),
        cover("vendor", "事業者名", "Vendor", FieldKind::Text, false),
        cover("system", "システム名", "System", FieldKind::Text, true),
        cover(
            "contact",
            "担当者・連絡先",
            "Contact",
            FieldKind::Text,
            true,
        ),
        cover(
            "checked_on",
            "確認日",
            "Date checked",
            FieldKind::Date,
            true,
        ),
    ];
    q
}
