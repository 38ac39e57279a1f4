//! The `mds2` built-in: the frame of ANSI/NEMA HN 1-2019 (MDS2).
//!
//! Carries the section structure, DOC-1…DOC-7 as cover fields, and every item id of the form
//! (taken from NEMA's example workbook, with its `SHAD-15` typo spelled `SAHD-15`). Question
//! texts are not shipped: they come from the user's workbook. Section rules written in NEMA's
//! question texts ("if no, answer N/A to …") are modelled as `applies-when` rules.

use super::builder::{applies_when, code, cover, item, questionnaire, section, single};
use crate::model::{FieldKind, Questionnaire, Text, Vocabulary};

/// Sections: code, Japanese title (mds's own translation), English title.
const SECTIONS: [(&str, &str, &str); 23] = [
    ("DOC", "文書情報", "Document information"),
    (
        "MPII",
        "個人を特定できる情報の管理",
        "Management of personally identifiable information",
    ),
    ("ALOF", "自動ログオフ", "Automatic logoff"),
    ("AUDT", "監査制御", "Audit controls"),
    ("AUTH", "認可", "Authorization"),
    (
        "CSUP",
        "サイバーセキュリティ製品の更新",
        "Cyber security product upgrades",
    ),
    (
        "DIDT",
        "健康データの匿名化",
        "Health data de-identification",
    ),
    (
        "DTBK",
        "データバックアップと災害復旧",
        "Data backup and disaster recovery",
    ),
    ("EMRG", "緊急時アクセス", "Emergency access"),
    (
        "IGAU",
        "健康データの完全性と真正性",
        "Health data integrity and authenticity",
    ),
    (
        "MLDP",
        "マルウェアの検知・防御",
        "Malware detection/protection",
    ),
    ("NAUT", "ノード認証", "Node authentication"),
    ("CONN", "接続機能", "Connectivity capabilities"),
    ("PAUT", "個人認証", "Person authentication"),
    ("PLOK", "物理的ロック", "Physical locks"),
    (
        "RDMP",
        "機器ライフサイクルにおけるサードパーティ部品のロードマップ",
        "Roadmap for third party components in device life cycle",
    ),
    (
        "SAHD",
        "システムとアプリケーションの堅牢化",
        "System and application hardening",
    ),
    ("SGUD", "セキュリティガイダンス", "Security guidance"),
    (
        "STCF",
        "健康データ保存時の機密性",
        "Health data storage confidentiality",
    ),
    ("TXCF", "送信時の機密性", "Transmission confidentiality"),
    ("TXIG", "送信時の完全性", "Transmission integrity"),
    ("RMOT", "リモートサービス", "Remote service"),
    (
        "OTHR",
        "その他のセキュリティ上の考慮事項",
        "Other security considerations",
    ),
];

/// Item ids by section, in form order. `SBOM-*` items sit in the RDMP section, as on the form.
const ITEMS: &str = "
DOC: DOC-8 DOC-9 DOC-10 DOC-11 DOC-11.1 DOC-11.2 DOC-11.3 DOC-11.4
MPII: MPII-1 MPII-2 MPII-2.1 MPII-2.2 MPII-2.3 MPII-2.4 MPII-2.5 MPII-2.6 MPII-2.7 MPII-2.8 MPII-2.9
  MPII-3 MPII-3.1 MPII-3.2 MPII-3.3 MPII-3.4 MPII-3.5 MPII-3.6 MPII-3.7 MPII-3.8 MPII-3.9 MPII-3.10
ALOF: ALOF-1 ALOF-2
AUDT: AUDT-1 AUDT-1.1 AUDT-1.2 AUDT-2 AUDT-2.1 AUDT-2.2 AUDT-2.3 AUDT-2.4 AUDT-2.5 AUDT-2.6 AUDT-2.7
  AUDT-2.8 AUDT-2.8.1 AUDT-2.8.2 AUDT-2.9 AUDT-2.10 AUDT-2.11 AUDT-3 AUDT-4 AUDT-4.1 AUDT-4.1.1
  AUDT-5 AUDT-5.1 AUDT-5.2 AUDT-5.3 AUDT-5.4 AUDT-6 AUDT-7 AUDT-7.1 AUDT-8
AUTH: AUTH-1 AUTH-1.1 AUTH-1.2 AUTH-1.3 AUTH-2 AUTH-3 AUTH-4 AUTH-5
CSUP: CSUP-1 CSUP-2 CSUP-2.1 CSUP-2.2 CSUP-2.3 CSUP-2.4 CSUP-3 CSUP-3.1 CSUP-3.2 CSUP-3.3 CSUP-3.4
  CSUP-4 CSUP-4.1 CSUP-4.2 CSUP-4.3 CSUP-4.4 CSUP-5 CSUP-5.1 CSUP-5.2 CSUP-5.3 CSUP-5.4 CSUP-6
  CSUP-6.1 CSUP-6.2 CSUP-6.3 CSUP-6.4 CSUP-7 CSUP-8 CSUP-9 CSUP-10 CSUP-10.1 CSUP-11 CSUP-11.1
  CSUP-11.2
DIDT: DIDT-1 DIDT-1.1
DTBK: DTBK-1 DTBK-2 DTBK-3 DTBK-4 DTBK-5 DTBK-6
EMRG: EMRG-1
IGAU: IGAU-1 IGAU-2
MLDP: MLDP-1 MLDP-2 MLDP-2.1 MLDP-2.2 MLDP-2.3 MLDP-2.4 MLDP-2.5 MLDP-2.6 MLDP-2.7 MLDP-2.8 MLDP-3
  MLDP-4 MLDP-5 MLDP-5.1 MLDP-5.2
NAUT: NAUT-1 NAUT-2 NAUT-2.1 NAUT-3
CONN: CONN-1 CONN-1.1 CONN-1.1.1 CONN-1.1.2 CONN-1.1.3 CONN-1.1.4 CONN-1.2 CONN-1.2.1 CONN-1.2.2
  CONN-1.2.3 CONN-1.2.4 CONN-2 CONN-3 CONN-4 CONN-5 CONN-6 CONN-7 CONN-7.1 CONN-8
PAUT: PAUT-1 PAUT-1.1 PAUT-2 PAUT-3 PAUT-4 PAUT-5 PAUT-6 PAUT-7 PAUT-8 PAUT-9 PAUT-10 PAUT-11
  PAUT-12 PAUT-13 PAUT-14 PAUT-14.1
PLOK: PLOK-1 PLOK-2 PLOK-3 PLOK-4
RDMP: RDMP-1 RDMP-2 RDMP-3 RDMP-4 SBOM-1 SBOM-2 SBOM-2.1 SBOM-2.2 SBOM-2.3 SBOM-2.4 SBOM-3 SBOM-4
SAHD: SAHD-1 SAHD-2 SAHD-3 SAHD-3.1 SAHD-3.2 SAHD-4 SAHD-5 SAHD-5.1 SAHD-6 SAHD-6.1 SAHD-6.2 SAHD-7
  SAHD-8 SAHD-9 SAHD-10 SAHD-11 SAHD-12 SAHD-13 SAHD-14 SAHD-14.1 SAHD-15 SAHD-16
SGUD: SGUD-1 SGUD-2 SGUD-3 SGUD-3.1 SGUD-4
STCF: STCF-1 STCF-1.1 STCF-1.2 STCF-1.3 STCF-2 STCF-3 STCF-4
TXCF: TXCF-1 TXCF-2 TXCF-2.1 TXCF-3 TXCF-4 TXCF-5
TXIG: TXIG-1 TXIG-2
RMOT: RMOT-1 RMOT-1.1 RMOT-1.2 RMOT-1.3 RMOT-2 RMOT-3
OTHR:
";

/// Section rules: (controlling item, codes for which the dependants apply, dependants by
/// id prefix). A dependant matches when its id starts with the prefix.
const RULES: [(&str, &[&str], &[&str]); 8] = [
    (
        "CSUP-1",
        &["yes"],
        &[
            "CSUP-2", "CSUP-3", "CSUP-4", "CSUP-5", "CSUP-6", "CSUP-7", "CSUP-8", "CSUP-9",
            "CSUP-10", "CSUP-11",
        ],
    ),
    ("CSUP-2", &["yes"], &["CSUP-2."]),
    ("CSUP-3", &["yes"], &["CSUP-3."]),
    ("CSUP-4", &["yes"], &["CSUP-4."]),
    ("CSUP-5", &["yes"], &["CSUP-5."]),
    ("CSUP-6", &["yes"], &["CSUP-6."]),
    ("AUDT-2", &["yes"], &["AUDT-2."]),
    ("PLOK-1", &["no"], &["PLOK-2", "PLOK-3", "PLOK-4"]),
];

fn vocabulary() -> Vocabulary {
    let mut see_notes = code(
        "see-notes",
        "備考参照",
        "See Notes",
        &["see note", "see notes", "備考参照"],
    );
    see_notes.review = true;
    Vocabulary {
        id: "mds2-answer".into(),
        codes: vec![
            code("yes", "はい", "Yes", &["y", "はい"]),
            code("no", "いいえ", "No", &["n", "いいえ"]),
            code(
                "na",
                "対象外",
                "N/A",
                &["na", "n/a", "not applicable", "対象外", "該当なし"],
            ),
            see_notes,
        ],
    }
}

/// The `mds2@2019` questionnaire.
pub(super) fn mds2() -> Questionnaire {
    let mut q = questionnaire(
        "mds2",
        "2019",
        Text::new(
            "医療機器セキュリティ製造業者開示書 MDS2（ANSI/NEMA HN 1-2019）",
            "Manufacturer Disclosure Statement for Medical Device Security, MDS2 (ANSI/NEMA HN 1-2019)",
        ),
    );
    q.notice = Some(Text::new(
        "項目 ID と構成のみを収録しています。質問文は利用者が持つ MDS2 ワークブックから読み込みます。",
        "Item ids and structure only; question texts are read from the user's MDS2 workbook.",
    ));
    q.vocabularies = vec![vocabulary()];
    let docs = [
        (
            "vendor",
            "DOC-1",
            "製造業者名",
            "Manufacturer name",
            FieldKind::Text,
        ),
        (
            "device_description",
            "DOC-2",
            "機器の説明",
            "Device description",
            FieldKind::Text,
        ),
        (
            "device_model",
            "DOC-3",
            "機器の型式",
            "Device model",
            FieldKind::Text,
        ),
        (
            "document_id",
            "DOC-4",
            "文書 ID",
            "Document ID",
            FieldKind::Text,
        ),
        (
            "contact",
            "DOC-5",
            "製造業者の連絡先",
            "Manufacturer contact information",
            FieldKind::Text,
        ),
        (
            "intended_use",
            "DOC-6",
            "ネットワーク接続時の使用目的",
            "Intended use of device in network-connected environment",
            FieldKind::Text,
        ),
        (
            "release_date",
            "DOC-7",
            "文書の発行日",
            "Document release date",
            FieldKind::Date,
        ),
    ];
    q.cover = docs
        .into_iter()
        .map(|(id, official, ja, en, kind)| {
            let mut field = cover(id, ja, en, kind, false);
            field.official_id = Some(official.into());
            field
        })
        .collect();
    let mut current = None;
    let mut sections = Vec::new();
    for token in ITEMS.split_whitespace() {
        if let Some(code) = token.strip_suffix(':') {
            let (id, ja, en) = SECTIONS
                .iter()
                .find(|s| s.0 == code)
                .copied()
                .unwrap_or((code, code, code));
            sections.push(section(id, ja, en));
            current = sections.last_mut();
        } else if let Some(s) = current.as_deref_mut() {
            let mut it = item(token, single("mds2-answer"));
            it.rules = RULES
                .iter()
                .filter(|(control, _, prefixes)| {
                    *control != token
                        && prefixes
                            .iter()
                            .any(|p| token.starts_with(p) && dependant(token, p))
                })
                .map(|(control, is, _)| applies_when(control, is))
                .collect();
            s.items.push(it);
        }
    }
    q.sections = sections;
    q
}

/// True when `id` is the item `prefix` names or one below it: `CSUP-2` covers `CSUP-2` and
/// `CSUP-2.1`, not `CSUP-20`; a prefix ending in `.` covers only sub-items.
fn dependant(id: &str, prefix: &str) -> bool {
    prefix.ends_with('.') || id.len() == prefix.len() || id[prefix.len()..].starts_with('.')
}
