//! Layer 2 of validation: conformance of a document to its questionnaire. (Layer 1, the JSON
//! Schema, is in [`crate::json`].)
//!
//! Every check yields findings with a stable code; `docs/findings.md` lists them. The order of
//! findings is deterministic: pin, cover, items in form order, then unknown ids in file order.

use std::collections::HashSet;

use crate::finding::{Finding, Lang, Severity, pointer};
use crate::model::{
    Answer, AnswerKind, AnswerValue, FieldKind, FieldValue, Item, Profile, Questionnaire, Response,
    Rule,
};
use crate::normalize::{is_iso_date, match_code, parse_date};

/// Collects findings with messages in one language.
struct Report {
    lang: Lang,
    findings: Vec<Finding>,
}

impl Report {
    fn new(lang: Lang) -> Self {
        Report {
            lang,
            findings: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, code: &str, location: String, ja: String, en: String) {
        let message = match self.lang {
            Lang::Ja => ja,
            Lang::En => en,
        };
        self.findings
            .push(Finding::new(severity, code, location, message));
    }
}

/// Checks a questionnaire's own consistency: unique ids, the `vendor` cover field, and that
/// every vocabulary, code, field and item named by an item or rule exists.
///
/// ```
/// let q = mds_core::catalog::Catalog::builtin().resolve("sample-sds").cloned().unwrap();
/// assert!(mds_core::validate::check_questionnaire(&q, mds_core::Lang::Ja).is_empty());
/// ```
pub fn check_questionnaire(q: &Questionnaire, lang: Lang) -> Vec<Finding> {
    let mut r = Report::new(lang);
    let mut seen = HashSet::new();
    for (i, v) in q.vocabularies.iter().enumerate() {
        if !seen.insert(v.id.as_str()) {
            duplicate(
                &mut r,
                pointer(&["vocabularies", &i.to_string(), "id"]),
                &v.id,
            );
        }
        let mut codes = HashSet::new();
        for (j, c) in v.codes.iter().enumerate() {
            if !codes.insert(c.code.as_str()) {
                let at = pointer(&[
                    "vocabularies",
                    &i.to_string(),
                    "codes",
                    &j.to_string(),
                    "code",
                ]);
                duplicate(&mut r, at, &c.code);
            }
        }
    }
    let mut cover = HashSet::new();
    for (i, c) in q.cover.iter().enumerate() {
        if !cover.insert(c.id.as_str()) {
            duplicate(&mut r, pointer(&["cover", &i.to_string(), "id"]), &c.id);
        }
    }
    if !cover.contains("vendor") {
        r.push(
            Severity::Error,
            "missing-vendor-field",
            "/cover".into(),
            "表紙項目に vendor（事業者名）がありません。追加してください。".into(),
            "the cover fields lack `vendor` (the disclosing company's name); add it".into(),
        );
    }
    let mut sections = HashSet::new();
    let mut items: crate::FastMap<&str, &Item> = crate::FastMap::default();
    items.reserve(q.sections.iter().map(|s| s.items.len()).sum());
    for (i, s) in q.sections.iter().enumerate() {
        if !sections.insert(s.id.as_str()) {
            duplicate(&mut r, pointer(&["sections", &i.to_string(), "id"]), &s.id);
        }
        for (j, item) in s.items.iter().enumerate() {
            if items.insert(item.id.as_str(), item).is_some() {
                let at = pointer(&["sections", &i.to_string(), "items", &j.to_string(), "id"]);
                duplicate(&mut r, at, &item.id);
            }
        }
    }
    for (i, s) in q.sections.iter().enumerate() {
        for (j, item) in s.items.iter().enumerate() {
            check_item(&mut r, q, &items, item, (i, j));
        }
    }
    r.findings
}

/// Checks the item at `sections/i/items/j`.
fn check_item(
    r: &mut Report,
    q: &Questionnaire,
    items: &crate::FastMap<&str, &Item>,
    item: &Item,
    (i, j): (usize, usize),
) {
    // Pointers and lists of codes are made only for a finding: a large questionnaire has
    // hundreds of thousands of places and, as a rule, nothing wrong at any of them.
    let at = |rest: &[&str]| {
        let (si, sj) = (i.to_string(), j.to_string());
        pointer(&[&["sections", si.as_str(), "items", sj.as_str()], rest].concat())
    };
    let codes_of = |it: &Item| -> Codes<'_> {
        Codes(
            it.answer
                .vocabulary()
                .and_then(|v| q.vocabulary(v))
                .map_or(&[], |v| v.codes.as_slice()),
        )
    };
    if let Some(v) = item.answer.vocabulary()
        && q.vocabulary(v).is_none()
    {
        r.push(
            Severity::Error,
            "unknown-vocabulary",
            at(&["answer", "vocabulary"]),
            format!("語彙 {v:?} が定義されていません。vocabularies に追加してください。"),
            format!("vocabulary {v:?} is not defined; add it to `vocabularies`"),
        );
    }
    let own = codes_of(item);
    let check_codes =
        |r: &mut Report, codes: &[String], allowed: &Codes<'_>, loc: &dyn Fn() -> String| {
            for c in codes {
                if !allowed.has(c) {
                    unknown_code(r, loc(), c, &allowed.list());
                }
            }
        };
    if let Some(other) = item.answer.other_code() {
        check_codes(r, &[other.to_string()], &own, &|| at(&["answer", "other"]));
    }
    // The questionnaire's own compliant answers are codes of the item's vocabulary.
    for (k, code) in item.compliant.iter().enumerate() {
        check_codes(r, std::slice::from_ref(code), &own, &|| {
            at(&["compliant", &k.to_string()])
        });
    }
    for (k, rule) in item.rules.iter().enumerate() {
        let ks = || k.to_string();
        match rule {
            Rule::RemarksRequired { when } => {
                check_codes(r, when, &own, &|| at(&["rules", &ks(), "when"]));
            }
            Rule::FieldRequired { field, when } => {
                check_codes(r, when, &own, &|| at(&["rules", &ks(), "when"]));
                if !item.fields.iter().any(|f| &f.id == field) {
                    r.push(
                        Severity::Error,
                        "unknown-field",
                        at(&["rules", &ks(), "field"]),
                        format!("項目 {} に追加欄 {field:?} がありません。", item.id),
                        format!("item {} has no extra field {field:?}", item.id),
                    );
                }
            }
            Rule::AppliesWhen { item: control, is } => match items.get(control.as_str()) {
                Some(target) if target.id != item.id => {
                    check_codes(r, is, &codes_of(target), &|| at(&["rules", &ks(), "is"]));
                }
                _ => r.push(
                    Severity::Error,
                    "unknown-item",
                    at(&["rules", &ks(), "item"]),
                    format!("条件の項目 {control:?} がありません（自分自身も不可）。"),
                    format!(
                        "the condition's item {control:?} does not exist (or is the item itself)"
                    ),
                ),
            },
        }
    }
}

/// The codes an answer may use (none without a vocabulary).
struct Codes<'q>(&'q [crate::model::Code]);

impl Codes<'_> {
    fn has(&self, code: &str) -> bool {
        self.0.iter().any(|c| c.code == code)
    }

    fn list(&self) -> Vec<&str> {
        self.0.iter().map(|c| c.code.as_str()).collect()
    }
}

fn duplicate(r: &mut Report, at: String, id: &str) {
    r.push(
        Severity::Error,
        "duplicate-id",
        at,
        format!("ID {id:?} が重複しています。ID は一意にしてください。"),
        format!("id {id:?} appears more than once; ids must be unique"),
    );
}

fn unknown_code<S: AsRef<str>>(r: &mut Report, at: String, code: &str, allowed: &[S]) {
    let list = allowed
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<&str>>()
        .join(", ");
    r.push(
        Severity::Error,
        "unknown-code",
        at,
        format!("{code:?} は選択肢にありません。使えるのは {list} です。"),
        format!("{code:?} is not one of the choices; use one of {list}"),
    );
}

/// Checks a response against its questionnaire (layer 2). `digest` is the questionnaire's
/// digest, compared with the pin's.
///
/// ```
/// use mds_core::{catalog::Catalog, model::Response, validate::validate_response, Lang};
/// let entry = Catalog::builtin().find_spec("sample-sds").cloned().unwrap();
/// let r: Response = serde_json::from_str(r#"{"format":"mds-response/1",
///   "questionnaire":{"id":"sample-sds","version":"1.0"},
///   "cover":{"vendor":"Example"}, "answers":{}}"#).unwrap();
/// let findings = validate_response(&r, &entry.questionnaire, &entry.digest, Lang::En);
/// assert!(findings.iter().any(|f| f.code == "missing-answer"));
/// ```
pub fn validate_response(
    r: &Response,
    q: &Questionnaire,
    digest: &str,
    lang: Lang,
) -> Vec<Finding> {
    let mut rep = Report::new(lang);
    check_pin(&mut rep, &r.questionnaire.id, &r.questionnaire.version, q);
    if let Some(pinned) = &r.questionnaire.digest
        && pinned != digest
    {
        rep.push(
                Severity::Warning,
                "digest-mismatch",
                "/questionnaire/digest".into(),
                format!(
                    "回答が固定した質問票のダイジェストが、使用中の {} と異なります。質問票の内容が変わっています。作成元に確認してください。",
                    q.name()
                ),
                format!(
                    "the pinned questionnaire digest differs from {} in use: the questionnaire's content changed; check with whoever made the file",
                    q.name()
                ),
            );
    }
    if q.items().next().is_none() {
        rep.push(
            Severity::Warning,
            "no-items",
            "/questionnaire".into(),
            format!(
                "質問票 {} には項目がありません（公式様式の枠組みだけです）。回答の内容は何も検査できませんでした。お持ちの公式のワークブックから `mds questionnaire extract 公式様式.xlsx --id {} --version {} --install` で項目を取り込んでください。",
                q.name(),
                q.id,
                q.version
            ),
            format!(
                "questionnaire {} has no items (only the frame of the official form): none of the answers could be checked. Bring the items in from your copy of the official workbook with `mds questionnaire extract OFFICIAL.xlsx --id {} --version {} --install`.",
                q.name(),
                q.id,
                q.version
            ),
        );
    }
    check_cover(&mut rep, r, q);
    check_invisible(&mut rep, r);
    for (_, item) in q.items() {
        check_answer(&mut rep, r, q, item);
    }
    // Answers to ids the questionnaire does not know: looked for only when there are some
    // (when fewer items are answered than the response holds answers).
    let answered = q
        .items()
        .filter(|(_, i)| r.answers.contains_key(&i.id))
        .count();
    if answered < r.answers.len() {
        let known: crate::FastSet<&str> = q.items().map(|(_, i)| i.id.as_str()).collect();
        let typos = std::cell::OnceCell::new();
        for id in r.answers.keys().filter(|id| !known.contains(id.as_str())) {
            unknown_item(&mut rep, &typos, q, id, pointer(&["answers", id]));
        }
    }
    // The MHLW checklist's own rules (its dates), judged without a day or a year given.
    let mut findings = rep.findings;
    findings.extend(crate::checklist::findings(
        r,
        q,
        &crate::checklist::Dates::default(),
        lang,
    ));
    findings
}

/// Characters a reader cannot see (controls, bidirectional overrides, zero-width spaces) in a
/// cover field, an answer or a remark: reports show them as markers, and say so here, since
/// they can make one vendor's name look like another's.
fn check_invisible(rep: &mut Report, r: &Response) {
    // Only texts that hold such a character get a pointer: most bids hold none.
    let hidden = |t: &str| crate::display::first_invisible(t).is_some();
    let mut texts: Vec<(String, &str)> = Vec::new();
    for (key, value) in r.cover.iter().filter(|(_, v)| hidden(v)) {
        texts.push((pointer(&["cover", key]), value));
    }
    for (id, a) in &r.answers {
        if hidden(id) {
            texts.push((pointer(&["answers", id]), id));
        }
        if let crate::model::AnswerValue::Text(t) = &a.value
            && hidden(t)
        {
            texts.push((pointer(&["answers", id, "value"]), t));
        }
        for (name, text) in [("remarks", &a.remarks), ("other", &a.other)] {
            if let Some(t) = text.as_deref().filter(|t| hidden(t)) {
                texts.push((pointer(&["answers", id, name]), t));
            }
        }
    }
    for (at, text) in texts {
        let Some(c) = crate::display::first_invisible(text) else {
            continue;
        };
        let shown = crate::display::visible(text);
        let mark = crate::display::marker(c);
        rep.push(
            Severity::Warning,
            "invisible-character",
            at,
            format!(
                "目に見えない文字（{mark}）が含まれています: 「{shown}」。制御文字や文字の向きを変える文字は、別の名前に見せかけるのに使われることがあります。レポートでは {mark} と表示します。作成元に確認してください。"
            ),
            format!(
                "contains a character a reader cannot see ({mark}): “{shown}”. Controls and direction overrides can make text look like something else; reports show it as {mark}. Check with whoever made the file."
            ),
        );
    }
}

fn check_pin(rep: &mut Report, id: &str, version: &str, q: &Questionnaire) {
    if id != q.id || version != q.version {
        rep.push(
            Severity::Error,
            "pin-mismatch",
            "/questionnaire".into(),
            format!(
                "この文書は {id}@{version} 向けですが、{} で検査しています。正しい質問票を --questionnaire で指定してください。",
                q.name()
            ),
            format!(
                "the document is for {id}@{version} but is checked against {}; give the right questionnaire with --questionnaire",
                q.name()
            ),
        );
    }
}

/// An id the questionnaire does not know; a known id one edit away is named (the index of ids
/// is built on the first unknown id, once).
fn unknown_item<'q>(
    rep: &mut Report,
    typos: &std::cell::OnceCell<crate::model::TypoIndex<'q>>,
    q: &'q Questionnaire,
    id: &str,
    at: String,
) {
    if let Some(likely) = typos.get_or_init(|| q.typo_index()).suspected(id) {
        rep.push(
            Severity::Warning,
            "suspected-typo",
            at,
            format!("項目 ID {id:?} は質問票にありません。{likely:?} の誤記と思われます（ID は書き換えず、採点しません）。"),
            format!("item id {id:?} is not in the questionnaire; likely a typo for {likely:?} (kept as is, not scored)"),
        );
    } else if q.complete {
        rep.push(
            Severity::Error,
            "unknown-item",
            at,
            format!(
                "項目 ID {id:?} は {} にありません。ID を確認してください。",
                q.name()
            ),
            format!("item id {id:?} is not in {}; check the id", q.name()),
        );
    } else {
        rep.push(
            Severity::Warning,
            "unknown-item",
            at,
            format!(
                "項目 ID {id:?} は {} の既知の項目にありません（項目一覧が不完全な質問票です）。",
                q.name()
            ),
            format!(
                "item id {id:?} is not among the known items of {} (its item list is partial)",
                q.name()
            ),
        );
    }
}

fn check_cover(rep: &mut Report, r: &Response, q: &Questionnaire) {
    for field in &q.cover {
        let value = r.cover.get(&field.id).map(|v| v.trim()).unwrap_or("");
        let at = pointer(&["cover", &field.id]);
        if value.is_empty() {
            if !field.optional {
                rep.push(
                    Severity::Error,
                    "missing-cover",
                    at,
                    format!(
                        "表紙の「{}」が未記入です。記入してください。",
                        field.label.ja
                    ),
                    format!("cover field “{}” is empty; fill it in", field.label.en),
                );
            }
            continue;
        }
        check_typed(
            rep,
            field.kind,
            &FieldValue::Text(value.to_string()),
            at,
            "invalid-date",
            "invalid-number",
        );
    }
    for key in r.cover.keys().filter(|k| q.cover_field(k).is_none()) {
        rep.push(
            Severity::Warning,
            "unknown-cover-field",
            pointer(&["cover", key]),
            format!("表紙項目 {key:?} は {} にありません。", q.name()),
            format!("cover field {key:?} is not in {}", q.name()),
        );
    }
}

/// Checks a date or number value; text is always fine.
fn check_typed(
    rep: &mut Report,
    kind: FieldKind,
    value: &FieldValue,
    at: String,
    date_code: &str,
    number_code: &str,
) {
    match (kind, value) {
        (FieldKind::Text, FieldValue::Text(_)) | (FieldKind::Number, FieldValue::Number(_)) => {}
        (FieldKind::Date, FieldValue::Text(s)) if is_iso_date(s) => {}
        (FieldKind::Date, v) => {
            let text = field_text(v);
            let hint = parse_date(&text);
            rep.push(
                Severity::Error,
                date_code,
                at,
                match &hint {
                    Some(iso) => {
                        format!("日付 {text:?} は ISO 8601 形式で {iso:?} と書いてください。")
                    }
                    None => format!(
                        "{text:?} は日付として読めません。2027-03-31 の形式で書いてください。"
                    ),
                },
                match &hint {
                    Some(iso) => format!("write the date {text:?} in ISO 8601 form: {iso:?}"),
                    None => format!("{text:?} is not a date; write it as 2027-03-31"),
                },
            );
        }
        (FieldKind::Number, FieldValue::Text(s))
            if s.trim().parse::<f64>().is_ok_and(f64::is_finite) => {}
        (FieldKind::Number, v) => {
            let text = field_text(v);
            rep.push(
                Severity::Error,
                number_code,
                at,
                format!("{text:?} は数値ではありません。数値で書いてください。"),
                format!("{text:?} is not a number; write a number"),
            );
        }
        (FieldKind::Text, FieldValue::Number(_)) => {}
    }
}

fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) => s.clone(),
        FieldValue::Number(n) => n.to_string(),
    }
}

fn check_answer(rep: &mut Report, r: &Response, q: &Questionnaire, item: &Item) {
    let id = item.id.as_str();
    let applicable = item.applies(&r.answers);
    let Some(answer) = r.answers.get(id).filter(|a| !a.value.is_empty()) else {
        let absent = !r.answers.contains_key(id);
        let raw = r
            .answers
            .get(id)
            .and_then(|a| a.raw.as_deref())
            .filter(|s| !s.trim().is_empty());
        if let Some(raw) = raw {
            // The finding the import gave: a cell that is no date stays `invalid-date`.
            match item.answer {
                AnswerKind::Date => rep.push(
                    Severity::Error,
                    "invalid-date",
                    pointer(&["answers", id, "value"]),
                    format!("項目 {id} の「{raw}」は日付として読めません。2027-03-31 の形式で記入してください。"),
                    format!("item {id}: “{raw}” is not a date; write it as 2027-03-31"),
                ),
                AnswerKind::Number => rep.push(
                    Severity::Error,
                    "invalid-number",
                    pointer(&["answers", id, "value"]),
                    format!("項目 {id} の「{raw}」は数値ではありません。数値で記入してください。"),
                    format!("item {id}: “{raw}” is not a number; write a number"),
                ),
                _ => rep.push(
                    Severity::Error,
                    "unmapped-value",
                    pointer(&["answers", id, "value"]),
                    format!("項目 {id} の回答 {raw:?} を選択肢に対応付けられません。選択肢から選び直してください。"),
                    format!("item {id}: the answer {raw:?} matches none of the choices; choose one of them"),
                ),
            }
        } else if applicable && !item.optional {
            let at = if absent {
                pointer(&["answers", id])
            } else {
                pointer(&["answers", id, "value"])
            };
            rep.push(
                Severity::Error,
                "missing-answer",
                at,
                format!("項目 {id} が未回答です。回答してください。"),
                format!("item {id} is not answered; answer it"),
            );
        }
        return;
    };
    let base = |rest: &[&str]| pointer(&[&["answers", id][..], rest].concat());
    check_value(rep, q, item, answer, &|| base(&["value"]));
    if !applicable {
        if answer.value.codes().iter().any(|c| *c != "na") {
            rep.push(
                Severity::Info,
                "not-applicable",
                base(&["value"]),
                format!("項目 {id} は条件により対象外ですが、回答があります（採点しません）。"),
                format!(
                    "item {id} does not apply under its condition but is answered (not scored)"
                ),
            );
        }
        return;
    }
    let chosen = answer.value.codes();
    let blank = |s: &Option<String>| s.as_deref().is_none_or(|s| s.trim().is_empty());
    if let Some(other) = item.answer.other_code()
        && chosen.contains(&other)
        && blank(&answer.other)
    {
        rep.push(
            Severity::Error,
            "missing-other",
            base(&["other"]),
            format!("項目 {id} で「その他」を選んだ場合は内容を other に書いてください。"),
            format!("item {id}: “other” is chosen; describe it in `other`"),
        );
    }
    for rule in &item.rules {
        match rule {
            Rule::RemarksRequired { when } if hits(&chosen, when) && blank(&answer.remarks) => {
                rep.push(
                    Severity::Error,
                    "missing-remarks",
                    base(&["remarks"]),
                    format!("項目 {id} は回答「{}」のとき備考が必要です。理由や代替策を備考に書いてください。", labels(q, item, &chosen, Lang::Ja)),
                    format!("item {id}: the answer “{}” needs remarks; give the reason or the alternative measure", labels(q, item, &chosen, Lang::En)),
                );
            }
            Rule::FieldRequired { field, when }
                if hits(&chosen, when) && !answer.fields.contains_key(field) =>
            {
                let label = item
                    .fields
                    .iter()
                    .find(|f| &f.id == field)
                    .map(|f| f.label.clone())
                    .unwrap_or_default();
                rep.push(
                    Severity::Error,
                    "missing-field",
                    base(&["fields", field]),
                    format!(
                        "項目 {id} は回答「{}」のとき「{}」が必要です。",
                        labels(q, item, &chosen, Lang::Ja),
                        label.get(Lang::Ja)
                    ),
                    format!(
                        "item {id}: the answer “{}” needs “{}”",
                        labels(q, item, &chosen, Lang::En),
                        label.get(Lang::En)
                    ),
                );
            }
            _ => {}
        }
    }
    for (key, value) in &answer.fields {
        let at = base(&["fields", key]);
        match item.fields.iter().find(|f| &f.id == key) {
            Some(field) => {
                check_typed(rep, field.kind, value, at, "invalid-field", "invalid-field")
            }
            None => rep.push(
                Severity::Warning,
                "unknown-field",
                at,
                format!("項目 {id} に追加欄 {key:?} はありません。"),
                format!("item {id} has no extra field {key:?}"),
            ),
        }
    }
    if answer.confirmed == Some(false) {
        rep.push(
            Severity::Warning,
            "unconfirmed",
            base(&["confirmed"]),
            format!("項目 {id} は前回の回答から引き継いだまま未確認です。確認して confirmed を外してください。"),
            format!("item {id} carries an earlier answer not yet confirmed; check it and remove `confirmed`"),
        );
    }
}

fn hits(chosen: &[&str], when: &[String]) -> bool {
    chosen.iter().any(|c| when.iter().any(|w| w == c))
}

fn labels(q: &Questionnaire, item: &Item, codes: &[&str], lang: Lang) -> String {
    q.code_labels(Some(item), codes, lang, "・")
}

/// `at` builds the location only when there is something to report.
fn check_value(
    rep: &mut Report,
    q: &Questionnaire,
    item: &Item,
    answer: &Answer,
    at: &dyn Fn() -> String,
) {
    let id = &item.id;
    let wrong = |rep: &mut Report, ja: &str, en: &str| {
        rep.push(
            Severity::Error,
            "wrong-type",
            at(),
            format!("項目 {id} の回答は{ja}で書いてください。"),
            format!("item {id}: the answer must be {en}"),
        );
    };
    let allowed = || -> Vec<String> {
        item.answer
            .vocabulary()
            .and_then(|v| q.vocabulary(v))
            .map(|v| v.codes.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default()
    };
    match (&item.answer, &answer.value) {
        (AnswerKind::Single { .. }, AnswerValue::Text(code)) => {
            let known = item
                .answer
                .vocabulary()
                .and_then(|v| q.vocabulary(v))
                .is_some_and(|v| v.code(code).is_some());
            if !known {
                let allowed = allowed();
                let meant = item
                    .answer
                    .vocabulary()
                    .and_then(|v| q.vocabulary(v))
                    .and_then(|v| match_code(v, code));
                match meant {
                    Some(meant) => rep.push(
                        Severity::Error,
                        "unknown-code",
                        at(),
                        format!(
                            "{code:?} はコードではありません。コード {:?} と書いてください。",
                            meant.code
                        ),
                        format!("{code:?} is not a code; write the code {:?}", meant.code),
                    ),
                    None => unknown_code(rep, at(), code, &allowed),
                }
            }
        }
        (AnswerKind::Single { .. }, _) => {
            wrong(rep, "選択肢のコード 1 つ（文字列）", "one code (a string)")
        }
        (AnswerKind::Multiple { .. }, AnswerValue::Codes(codes)) => {
            let vocabulary = item.answer.vocabulary().and_then(|v| q.vocabulary(v));
            for (k, code) in codes.iter().enumerate() {
                if vocabulary.is_none_or(|v| v.code(code).is_none()) {
                    let allowed = allowed();
                    let mut loc = at();
                    loc.push_str(&format!("/{k}"));
                    unknown_code(rep, loc, code, &allowed);
                }
            }
        }
        (AnswerKind::Multiple { .. }, _) => wrong(rep, "選択肢のコードの配列", "a list of codes"),
        (AnswerKind::Text, AnswerValue::Text(_)) => {}
        (AnswerKind::Text, _) => wrong(rep, "文字列", "text"),
        (AnswerKind::Date, AnswerValue::Text(s)) => {
            check_typed(
                rep,
                FieldKind::Date,
                &FieldValue::Text(s.clone()),
                at(),
                "invalid-date",
                "invalid-number",
            );
        }
        (AnswerKind::Date, _) => wrong(rep, "日付（2027-03-31 の形式）", "a date (2027-03-31)"),
        (AnswerKind::Number, AnswerValue::Number(_)) => {}
        (AnswerKind::Number, _) => wrong(rep, "数値", "a number"),
    }
}

/// Checks a profile against its questionnaire: pin, item ids, expected codes, sections.
///
/// ```
/// use mds_core::{catalog::Catalog, model::Profile, validate::validate_profile, Lang};
/// let q = Catalog::builtin().resolve("sample-sds").cloned().unwrap();
/// let p: Profile = serde_json::from_str(r#"{"format":"mds-profile/1",
///   "questionnaire":{"id":"sample-sds","version":"1.0"},
///   "requirements":{"SAMPLE-AUTH-01":{"expect":["maybe"]}}}"#).unwrap();
/// let findings = validate_profile(&p, &q, Lang::En);
/// assert_eq!(findings[0].code, "unknown-code");
/// assert_eq!(findings[0].location, "/requirements/SAMPLE-AUTH-01/expect/0");
/// ```
pub fn validate_profile(p: &Profile, q: &Questionnaire, lang: Lang) -> Vec<Finding> {
    let mut rep = Report::new(lang);
    let index = q.index();
    let typos = std::cell::OnceCell::new();
    check_pin(&mut rep, &p.questionnaire.id, &p.questionnaire.version, q);
    for (id, requirement) in &p.requirements {
        let Some(item) = index.get(id.as_str()).copied() else {
            unknown_item(&mut rep, &typos, q, id, pointer(&["requirements", id]));
            continue;
        };
        let Some(vocabulary) = item.answer.vocabulary().and_then(|v| q.vocabulary(v)) else {
            continue;
        };
        let allowed: Vec<String> = vocabulary.codes.iter().map(|c| c.code.clone()).collect();
        for (k, code) in requirement.expect.iter().enumerate() {
            if !allowed.contains(code) {
                let at = pointer(&["requirements", id, "expect", &k.to_string()]);
                unknown_code(&mut rep, at, code, &allowed);
            }
        }
        if requirement.expect.is_empty() {
            rep.push(
                Severity::Warning,
                "empty-expect",
                pointer(&["requirements", id, "expect"]),
                format!("項目 {id} の期待する回答が空です。どの回答も要件を満たしません。"),
                format!("item {id} expects nothing: no answer can meet it"),
            );
        }
    }
    for section in p.sections.keys() {
        if !q.sections.iter().any(|s| &s.id == section) {
            rep.push(
                Severity::Error,
                "unknown-section",
                pointer(&["sections", section]),
                format!("セクション {section:?} は {} にありません。", q.name()),
                format!("section {section:?} is not in {}", q.name()),
            );
        }
    }
    for (vendor, decisions) in &p.adjudications {
        for id in decisions
            .keys()
            .filter(|id| !index.contains_key(id.as_str()))
        {
            rep.push(
                Severity::Warning,
                "unknown-item",
                pointer(&["adjudications", vendor, id]),
                format!("判定の項目 ID {id:?} は {} にありません。", q.name()),
                format!("the adjudicated item id {id:?} is not in {}", q.name()),
            );
        }
    }
    rep.findings
}

/// Checks a mapping against its two questionnaires: every id it names exists (items or
/// sections, by its level), every transform code exists, and every source is covered at most
/// once.
pub fn validate_mapping(
    m: &crate::model::Mapping,
    from: &Questionnaire,
    to: &Questionnaire,
    lang: Lang,
) -> Vec<Finding> {
    use crate::model::MappingLevel;
    let mut rep = Report::new(lang);
    let sections = m.level == MappingLevel::Sections;
    let has = |q: &Questionnaire, id: &str| {
        if sections {
            q.sections.iter().any(|s| s.id == id)
        } else {
            q.item(id).is_some()
        }
    };
    let mut seen: Vec<&str> = Vec::new();
    for (i, e) in m.entries.iter().enumerate() {
        let is = i.to_string();
        for (k, id) in e.from.iter().enumerate() {
            if !has(from, id) {
                rep.push(
                    Severity::Error,
                    "unknown-item",
                    pointer(&["entries", &is, "from", &k.to_string()]),
                    format!("{id:?} は {} にありません。", from.name()),
                    format!("{id:?} is not in {}", from.name()),
                );
            }
            if seen.contains(&id.as_str()) && e.to.is_none() {
                rep.push(
                    Severity::Warning,
                    "duplicate-id",
                    pointer(&["entries", &is, "from", &k.to_string()]),
                    format!("{id:?} は対応なしとしても別の項目にも対応付けられています。"),
                    format!("{id:?} is marked unmapped and mapped elsewhere"),
                );
            }
            seen.push(id);
        }
        if let Some(t) = &e.to {
            if !has(to, t) {
                rep.push(
                    Severity::Error,
                    "unknown-item",
                    pointer(&["entries", &is, "to"]),
                    format!("{t:?} は {} にありません。", to.name()),
                    format!("{t:?} is not in {}", to.name()),
                );
            }
            if e.relation.is_none() {
                rep.push(
                    Severity::Warning,
                    "missing-relation",
                    pointer(&["entries", &is, "relation"]),
                    "関係（equal／subset／superset／intersects）を書いてください。".into(),
                    "give the relation (equal, subset, superset, intersects)".into(),
                );
            }
        }
    }
    rep.findings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compliant_codes_come_from_the_items_vocabulary() {
        let mut q = crate::catalog::Catalog::builtin()
            .resolve("sample-sds")
            .cloned()
            .unwrap_or_else(|| panic!("sample-sds is built in"));
        assert!(check_questionnaire(&q, Lang::En).is_empty());
        let item = &mut q.sections[0].items[0];
        item.compliant = vec!["no".into(), "maybe".into()];
        item.importance = Some(crate::model::Importance::Critical);
        let findings = check_questionnaire(&q, Lang::En);
        let found: Vec<(&str, &str)> = findings
            .iter()
            .map(|f| (f.code.as_str(), f.location.as_str()))
            .collect();
        assert_eq!(
            found,
            vec![("unknown-code", "/sections/0/items/0/compliant/1")]
        );
    }
}
