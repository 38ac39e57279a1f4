//! The `mitsf-maintenance` built-in: the known part of the Medical IT Security Forum's
//! maintenance-policy questionnaire (2015), in mds's own paraphrase. Later questions are not
//! known, so the questionnaire is marked incomplete and accepts further item ids with a warning.

use super::builder::{code, item, questionnaire, section};
use crate::model::{AnswerKind, Questionnaire, Text, Vocabulary};

/// The `mitsf-maintenance@2015` questionnaire.
pub(super) fn mitsf() -> Questionnaire {
    let mut q = questionnaire(
        "mitsf-maintenance",
        "2015",
        Text::new(
            "医療分野で使用される機器・システムのセキュリティに関する保守のポリシーについての質問票（既知の部分）",
            "MITSF questionnaire on the security maintenance policy of medical devices and systems (known part)",
        ),
    );
    q.complete = false;
    q.notice = Some(Text::new(
        "既知の A-1〜A-4 のみを mds 独自の要約で収録しています。文言は公式のものではありません。",
        "Only the known questions A-1 to A-4, paraphrased by mds; not the official wording.",
    ));
    q.vocabularies = vec![
        Vocabulary {
            id: "investigation".into(),
            codes: vec![
                code(
                    "regularly",
                    "定期的に調査し修正する",
                    "Regularly, and fixes",
                    &["定期的"],
                ),
                code(
                    "at-shipment",
                    "出荷時のみ調査する",
                    "Only at shipment",
                    &["出荷時"],
                ),
                code("none", "調査しない", "Not at all", &[]),
                code("other", "その他", "Other", &[]),
            ],
        },
        Vocabulary {
            id: "who-applies".into(),
            codes: vec![
                code("vendor", "事業者が適用する", "The vendor", &["事業者"]),
                code(
                    "hospital",
                    "提供された修正を医療機関が適用する",
                    "The hospital, with fixes provided",
                    &["医療機関"],
                ),
                code(
                    "contractor",
                    "保守業者が適用する",
                    "A maintenance contractor",
                    &["保守業者"],
                ),
                code("nobody", "適用しない", "Nobody", &[]),
                code("other", "その他", "Other", &[]),
            ],
        },
    ];
    let questions = [
        (
            "A-1",
            "investigation",
            "自社ソフトウェアの脆弱性を調査しているか",
            "Does the vendor investigate vulnerabilities in its own software?",
        ),
        (
            "A-2",
            "who-applies",
            "自社ソフトウェアの修正を誰が適用するか",
            "Who applies fixes to the vendor's own software?",
        ),
        (
            "A-3",
            "who-applies",
            "他社製 OS の修正を誰が適用するか",
            "Who applies fixes to third-party operating systems?",
        ),
        (
            "A-4",
            "who-applies",
            "ブラウザ・プラグインの修正を誰が適用するか",
            "Who applies fixes to browsers and plug-ins?",
        ),
    ];
    let mut a = section("A", "システムについて", "About the system");
    for (id, vocabulary, ja, en) in questions {
        let answer = if vocabulary == "investigation" {
            AnswerKind::Single {
                vocabulary: vocabulary.into(),
                other: Some("other".into()),
            }
        } else {
            AnswerKind::Multiple {
                vocabulary: vocabulary.into(),
                other: Some("other".into()),
            }
        };
        let mut it = item(id, answer);
        it.text = Text::new(ja, en);
        a.items.push(it);
    }
    q.sections = vec![a];
    q.cover = vec![
        super::builder::cover(
            "vendor",
            "事業者名",
            "Vendor",
            crate::model::FieldKind::Text,
            false,
        ),
        super::builder::cover(
            "product",
            "機器・システム名",
            "Device or system",
            crate::model::FieldKind::Text,
            false,
        ),
        super::builder::cover(
            "contact",
            "問い合わせ先",
            "Contact",
            crate::model::FieldKind::Text,
            true,
        ),
    ];
    q
}
