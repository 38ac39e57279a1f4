//! Small constructors shared by the built-in questionnaires.

use crate::model::{
    AnswerKind, Code, CoverField, FieldKind, Item, QUESTIONNAIRE_FORMAT, Questionnaire, Rule,
    Section, Text, Vocabulary,
};

pub(super) fn code(code: &str, ja: &str, en: &str, aliases: &[&str]) -> Code {
    Code {
        code: code.into(),
        label: Text::new(ja, en),
        aliases: aliases.iter().map(|a| a.to_string()).collect(),
        review: false,
    }
}

pub(super) fn cover(id: &str, ja: &str, en: &str, kind: FieldKind, optional: bool) -> CoverField {
    CoverField {
        id: id.into(),
        label: Text::new(ja, en),
        kind,
        optional,
        official_id: None,
    }
}

pub(super) fn section(id: &str, ja: &str, en: &str) -> Section {
    Section {
        id: id.into(),
        title: Text::new(ja, en),
        references: Vec::new(),
        items: Vec::new(),
    }
}

pub(super) fn item(id: &str, answer: AnswerKind) -> Item {
    Item::new(id, answer)
}

pub(super) fn single(vocabulary: &str) -> AnswerKind {
    AnswerKind::Single {
        vocabulary: vocabulary.into(),
        other: None,
    }
}

pub(super) fn applies_when(item: &str, is: &[&str]) -> Rule {
    Rule::AppliesWhen {
        item: item.into(),
        is: is.iter().map(|s| s.to_string()).collect(),
    }
}

pub(super) fn questionnaire(id: &str, version: &str, title: Text) -> Questionnaire {
    Questionnaire {
        format: QUESTIONNAIRE_FORMAT.into(),
        id: id.into(),
        version: version.into(),
        title,
        complete: true,
        sample: false,
        kind: None,
        notice: None,
        vocabularies: Vec::new(),
        cover: Vec::new(),
        sections: Vec::new(),
    }
}

/// はい / いいえ / 対象外 with the spellings and marks found in filled forms.
pub(super) fn yes_no_na() -> Vocabulary {
    Vocabulary {
        id: "yes-no-na".into(),
        codes: vec![
            code("yes", "はい", "Yes", &["○", "y", "✓", "対応"]),
            code("no", "いいえ", "No", &["×", "n", "未対応"]),
            code(
                "na",
                "対象外",
                "N/A",
                &["-", "n/a", "na", "該当なし", "非該当"],
            ),
        ],
    }
}
