//! Property test: response -> xlsx -> response is the identity, for generated responses to the
//! sample questionnaire (codes, aliases kept as `raw`, multiple choice with "other", free text,
//! dates, extra fields, remarks with formulas, markup, line breaks and OOXML escape traps).

use indexmap::IndexMap;
use mds_core::Lang;
use mds_core::catalog::Catalog;
use mds_core::model::{
    Answer, AnswerKind, AnswerValue, FieldKind, FieldValue, Pin, RESPONSE_FORMAT, Response,
};
use mds_core::xlsx::{Limits, import_workbook, read_workbook, write_form};
use proptest::prelude::*;

const TEXTS: [&str; 12] = [
    "理由：院内LANのため",
    "=HYPERLINK(\"http://x\",\"y\")",
    "<script>alert(1)</script>",
    "一行目\n二行目",
    "  前後に空白  ",
    "Yes, optional",
    "ＡＢＣ　全角",
    "\"quoted\" & 'single'",
    "_x0041_ stays literal",
    "+81-3-0000-0000",
    "@mention",
    "🙂 emoji",
];
const DATES: [&str; 3] = ["2027-03-31", "2024-02-29", "1999-12-31"];

fn pick<'a>(seed: u64, k: u64, options: &[&'a str]) -> &'a str {
    options[((seed >> (k * 5)) % options.len() as u64) as usize]
}

fn build(seeds: &[u64], lang: Lang) -> Response {
    let catalog = Catalog::builtin();
    let entry = catalog
        .find_spec("sample-sds")
        .cloned()
        .unwrap_or_else(|| unreachable!());
    let q = &entry.questionnaire;
    let mut cover = IndexMap::new();
    for (i, field) in q.cover.iter().enumerate() {
        let seed = seeds[i % seeds.len()];
        if seed.is_multiple_of(5) && field.id != "vendor" {
            continue;
        }
        let value = match field.kind {
            FieldKind::Date => pick(seed, 1, &DATES).to_string(),
            _ => pick(seed, 1, &TEXTS).trim().to_string(),
        };
        cover.insert(field.id.clone(), value);
    }
    let mut answers = mds_core::model::Answers::default();
    for (i, (_, item)) in q.items().enumerate() {
        let seed = seeds[(i + 3) % seeds.len()].rotate_left(i as u32);
        if seed.is_multiple_of(7) {
            continue;
        }
        let mut a = Answer::default();
        let vocabulary = item.answer.vocabulary().and_then(|v| q.vocabulary(v));
        match (&item.answer, vocabulary) {
            (AnswerKind::Single { .. }, Some(v)) => {
                let code = &v.codes[(seed as usize / 7) % v.codes.len()];
                a.value = AnswerValue::Text(code.code.clone());
                if seed.is_multiple_of(3) && !code.aliases.is_empty() {
                    a.raw = Some(code.aliases[(seed as usize / 11) % code.aliases.len()].clone());
                    if a.raw.as_deref() == Some(code.label.get(lang)) {
                        a.raw = None;
                    }
                }
            }
            (AnswerKind::Multiple { other, .. }, Some(v)) => {
                let mut codes: Vec<String> = v
                    .codes
                    .iter()
                    .enumerate()
                    .filter(|(k, _)| (seed >> (k + 2)) & 1 == 1)
                    .map(|(_, c)| c.code.clone())
                    .collect();
                if codes.is_empty() {
                    codes.push(v.codes[0].code.clone());
                }
                if other.as_ref().is_some_and(|o| codes.contains(o)) {
                    a.other = Some(pick(seed, 2, &TEXTS).to_string());
                }
                a.value = AnswerValue::Codes(codes);
            }
            (AnswerKind::Date, _) => a.value = AnswerValue::Text(pick(seed, 2, &DATES).to_string()),
            _ => a.value = AnswerValue::Text(pick(seed, 2, &TEXTS).to_string()),
        }
        if seed % 4 == 1 {
            a.remarks = Some(pick(seed, 3, &TEXTS).to_string());
        }
        for (k, field) in item.fields.iter().enumerate() {
            if (seed >> (20 + k)) & 1 == 1 {
                a.fields.insert(
                    field.id.clone(),
                    FieldValue::Text(pick(seed, 4, &DATES).to_string()),
                );
            }
        }
        if seed % 13 == 2 {
            a.confirmed = Some(false);
        }
        answers.insert(item.id.clone(), a);
    }
    Response {
        format: RESPONSE_FORMAT.into(),
        questionnaire: Pin {
            id: q.id.clone(),
            version: q.version.clone(),
            digest: Some(entry.digest.clone()),
        },
        cover,
        answers,
    }
}

fn round_trip(r: &Response, lang: Lang) -> Response {
    let catalog = Catalog::builtin();
    let entry = catalog
        .find_spec("sample-sds")
        .cloned()
        .unwrap_or_else(|| unreachable!());
    let bytes = write_form(&entry.questionnaire, &entry.digest, Some(r), lang)
        .unwrap_or_else(|e| panic!("{e}"));
    let wb = read_workbook(&bytes, &Limits::default(), lang).unwrap_or_else(|e| panic!("{e}"));
    let imported = import_workbook(&wb, &entry.questionnaire, &entry.digest, lang);
    assert!(imported.findings.is_empty(), "{:?}", imported.findings);
    imported.response
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn response_xlsx_response_is_identity(seeds in proptest::collection::vec(any::<u64>(), 1..8), en in any::<bool>()) {
        let lang = if en { Lang::En } else { Lang::Ja };
        let r = build(&seeds, lang);
        let back = round_trip(&r, lang);
        for (id, a) in &r.answers {
            prop_assert_eq!(Some(a), back.answers.get(id), "{}", id);
        }
        prop_assert_eq!(back, r);
    }
}

#[test]
fn same_response_same_bytes() {
    let catalog = Catalog::builtin();
    let entry = catalog
        .find_spec("sample-sds")
        .cloned()
        .unwrap_or_else(|| unreachable!());
    let r = build(&[1, 2, 3], Lang::Ja);
    let a = write_form(&entry.questionnaire, &entry.digest, Some(&r), Lang::Ja).unwrap_or_default();
    let b = write_form(&entry.questionnaire, &entry.digest, Some(&r), Lang::Ja).unwrap_or_default();
    assert!(!a.is_empty() && a == b);
}
