//! The `jahis-mds` and `jahis-sds` built-ins: frames of the JAHIS/JIRA 製造業者/サービス事業者による
//! 医療情報セキュリティ開示書 (Ver.4.0, 4.1, 5.0).
//!
//! A frame carries the vocabulary (はい / いいえ / 対象外), the cover fields and, for Ver.5.0, the
//! categories (guideline 6.0 システム運用編 chapters; inferred, not verified against the official
//! form). It carries no items: they come from the user's own copy of the official checklist
//! workbook (`mds questionnaire extract`). The frames are therefore marked incomplete.

use super::builder::{cover, questionnaire, section, yes_no_na};
use crate::model::{FieldKind, Questionnaire, Reference, Text};

/// Guideline 6.0 システム運用編 chapters used as categories: id, title, chapter.
const GL6_CHAPTERS: [(&str, &str, &str, &str); 15] = [
    ("rules", "規程類と文書体系", "Policies and documents", ""),
    (
        "responsibility",
        "責任分界",
        "Division of responsibility",
        "",
    ),
    ("risk", "リスクアセスメント", "Risk assessment", ""),
    ("standards", "標準化対応", "Standards", ""),
    ("technical", "技術的対策の体系", "Technical measures", ""),
    (
        "information",
        "情報管理（持出し・破棄）",
        "Information management (taking out, disposal)",
        "",
    ),
    ("devices", "利用機器・サービス", "Devices and services", ""),
    (
        "maintenance",
        "事業者による保守対応",
        "Maintenance by the vendor",
        "10",
    ),
    ("operations", "システム運用管理", "System operations", "11"),
    ("physical", "物理的安全管理", "Physical security", "12"),
    ("network", "ネットワーク", "Network", "13"),
    (
        "authentication",
        "認証・認可",
        "Authentication and authorisation",
        "14",
    ),
    (
        "signatures",
        "電子署名・タイムスタンプ",
        "Electronic signatures and time stamps",
        "",
    ),
    (
        "audit",
        "証跡のレビュー・システム監査",
        "Audit trail review and system audit",
        "",
    ),
    ("attacks", "外部からの攻撃", "Attacks from outside", "18"),
];

/// Every JAHIS frame: `jahis-mds` and `jahis-sds` in each known version.
pub(super) fn frames() -> Vec<Questionnaire> {
    let mut out = Vec::new();
    for service in [false, true] {
        for version in ["4.0", "4.1", "5.0"] {
            out.push(frame(service, version));
        }
    }
    out
}

fn frame(service: bool, version: &str) -> Questionnaire {
    let (id, ja, en) = if service {
        (
            "jahis-sds",
            "サービス事業者による医療情報セキュリティ開示書（SDS）",
            "Service provider's disclosure of medical information security (SDS)",
        )
    } else {
        (
            "jahis-mds",
            "製造業者による医療情報セキュリティ開示書（MDS）",
            "Manufacturer's disclosure of medical information security (MDS)",
        )
    };
    let mut q = questionnaire(
        id,
        version,
        Text::new(
            format!("{ja} Ver.{version}（枠組み）"),
            format!("{en} Ver.{version} (frame)"),
        ),
    );
    q.complete = false;
    q.notice = Some(Text::new(
        "枠組みのみ（回答の選択肢・表紙項目・分類）。項目は利用者が持つ公式チェックリストのワークブックから `mds questionnaire extract --install` で取り込みます。",
        "Frame only (answer choices, cover fields, categories). Items come from the user's own copy of the official checklist workbook: `mds questionnaire extract --install`.",
    ));
    q.vocabularies = vec![yes_no_na()];
    let product = if service {
        ("サービス名", "Service name")
    } else {
        ("製品名", "Product name")
    };
    q.cover = vec![
        cover(
            "vendor",
            if service {
                "サービス事業者名"
            } else {
                "製造業者名"
            },
            "Vendor",
            FieldKind::Text,
            false,
        ),
        cover("product", product.0, product.1, FieldKind::Text, false),
        cover(
            "product_version",
            "バージョン・型式",
            "Version or model",
            FieldKind::Text,
            false,
        ),
        cover("created_on", "作成日", "Date made", FieldKind::Date, false),
        cover(
            "revised_on",
            "改訂日",
            "Date revised",
            FieldKind::Date,
            true,
        ),
        cover(
            "form_version",
            "開示書の版",
            "Form version",
            FieldKind::Text,
            true,
        ),
        cover(
            "guideline_edition",
            "準拠するガイドラインの版",
            "Guideline edition",
            FieldKind::Text,
            true,
        ),
        cover("contact", "問い合わせ先", "Contact", FieldKind::Text, false),
        cover(
            "scope",
            "開示の範囲",
            "Scope of the disclosure",
            FieldKind::Text,
            true,
        ),
    ];
    if version == "5.0" {
        q.sections = GL6_CHAPTERS
            .iter()
            .map(|(sid, ja, en, chapter)| {
                let mut s = section(sid, ja, en);
                if !chapter.is_empty() {
                    s.references = vec![Reference {
                        source: "GL6.0-システム運用編".into(),
                        at: (*chapter).into(),
                    }];
                }
                s
            })
            .collect();
    }
    q
}
