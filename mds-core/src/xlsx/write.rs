//! Writing our workbooks: a fillable form, or a filled response (`mds export`).
//!
//! Layout: a cover sheet (field id, in a hidden column; label, value, how to fill in), an answer sheet (item id,
//! section, question, answer, remarks, the items' extra fields, "other" details), a hidden sheet
//! with the dropdown lists behind defined names (so long Japanese lists are not cut at Excel's
//! 255-character limit for inline lists) and a hidden `_mds` sheet with the stamp.
//!
//! **Invariant:** vendor text is only ever written as a string, never as a formula.
//! **Invariant:** same input, same bytes (a fixed creation date; no clock).

use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, DocProperties, ExcelDateTime, Format, Formula,
    ProtectionOptions, Workbook, Worksheet, XlsxError,
};

use super::style::print;
use super::{LISTS_SHEET, Labels, META_SHEET, WORKBOOK_FORMAT, labels};
use crate::Lang;
use crate::error::{Error, Result};
use crate::model::{
    AnswerKind, AnswerValue, FieldKind, FieldValue, Item, Questionnaire, Response, Rule,
};
use crate::normalize::match_code;

/// Writes a form for `q` (digest `digest`), filled with `response` when given.
///
/// ```
/// use mds_core::{catalog::Catalog, Lang};
/// let catalog = Catalog::builtin();
/// let entry = catalog.find_spec("sample-sds").unwrap();
/// let bytes = mds_core::xlsx::write_form(&entry.questionnaire, &entry.digest, None, Lang::Ja).unwrap();
/// assert!(bytes.starts_with(b"PK"));
/// ```
pub fn write_form(
    q: &Questionnaire,
    digest: &str,
    response: Option<&Response>,
    lang: Lang,
) -> Result<Vec<u8>> {
    build(q, digest, response, lang).map_err(|e| Error::Invalid(format!("xlsx: {e}")))
}

pub(crate) struct Formats {
    pub title: Format,
    pub header: Format,
    pub locked: Format,
    pub locked_wrap: Format,
    pub input: Format,
    pub input_wrap: Format,
    pub missing: Format,
}

/// The form's cell formats: the report styles plus grey locked and yellow input cells.
pub(crate) fn formats() -> Formats {
    let report = super::style::styles();
    let bordered = report.cell;
    Formats {
        title: report.title,
        header: report.header,
        locked: bordered.clone().set_background_color(Color::RGB(0xF2F2F2)),
        locked_wrap: bordered
            .clone()
            .set_background_color(Color::RGB(0xF2F2F2))
            .set_text_wrap(),
        input: bordered
            .clone()
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFFDE7)),
        input_wrap: bordered
            .set_unlocked()
            .set_background_color(Color::RGB(0xFFFDE7))
            .set_text_wrap(),
        missing: Format::new().set_background_color(Color::RGB(0xFFCDD2)),
    }
}

/// An extra-field column: field id and its label.
struct FieldColumn {
    id: String,
    label: String,
    kind: FieldKind,
}

fn build(
    q: &Questionnaire,
    digest: &str,
    response: Option<&Response>,
    lang: Lang,
) -> std::result::Result<Vec<u8>, XlsxError> {
    let l = labels(lang);
    let f = formats();
    let mut wb = Workbook::new();
    let mut props = DocProperties::new()
        .set_title(q.title.get(lang))
        .set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?)
        .set_custom_property("mds.format", WORKBOOK_FORMAT)
        .set_custom_property("mds.questionnaire.id", q.id.as_str())
        .set_custom_property("mds.questionnaire.version", q.version.as_str())
        .set_custom_property("mds.questionnaire.digest", digest);
    if let Some(r) = response {
        if let Some(vendor) = r.vendor() {
            props = props.set_company(vendor);
        }
        // The digest of the response the workbook was made from (RFC 8785 canonical form).
        props = props.set_custom_property("mds.response.digest", crate::digest::digest(r).as_str());
    }
    wb.set_properties(&props);

    // Dropdown lists on a hidden sheet, one column per vocabulary, behind defined names.
    let mut list_names = Vec::new();
    {
        let lists = wb.add_worksheet();
        lists.set_name(LISTS_SHEET)?;
        for (c, v) in q.vocabularies.iter().enumerate() {
            let col = c as u16;
            for (r, code) in v.codes.iter().enumerate() {
                lists.write_string(r as u32, col, crate::xlsx::fit(code.label.get(lang)))?;
            }
            list_names.push((
                v.id.clone(),
                format!("mds_list_{}", c + 1),
                col,
                v.codes.len(),
            ));
        }
        lists.set_hidden(true);
    }
    for (_, name, col, len) in &list_names {
        if *len > 0 {
            let letter = super::column_letters(u32::from(*col));
            wb.define_name(
                name,
                &format!("='{LISTS_SHEET}'!${letter}$1:${letter}${len}"),
            )?;
        }
    }

    write_cover(wb.add_worksheet(), q, response, lang, &l, &f)?;
    write_answers(wb.add_worksheet(), q, response, lang, &l, &f, &list_names)?;

    // The stamp.
    {
        let meta = wb.add_worksheet();
        meta.set_name(META_SHEET)?;
        let rows = [
            ("format", WORKBOOK_FORMAT.to_string()),
            ("questionnaire_id", q.id.clone()),
            ("questionnaire_version", q.version.clone()),
            ("questionnaire_digest", digest.to_string()),
            ("lang", lang.pick("ja", "en").to_string()),
            ("cover_sheet", l.cover_sheet.to_string()),
            ("answers_sheet", l.answers_sheet.to_string()),
        ];
        for (r, (k, v)) in rows.iter().enumerate() {
            meta.write_string(r as u32, 0, crate::xlsx::fit(*k))?;
            meta.write_string(r as u32, 1, crate::xlsx::fit(v))?;
        }
        meta.set_hidden(true);
    }
    if let Ok(answers) = wb.worksheet_from_name(l.answers_sheet) {
        answers.set_active(true);
    }
    wb.save_to_buffer()
}

/// Protects a form sheet: only input cells can be changed; selecting, resizing, sorting
/// and filtering stay allowed.
pub(crate) fn protect(ws: &mut Worksheet) {
    let options = ProtectionOptions {
        select_locked_cells: true,
        select_unlocked_cells: true,
        format_columns: true,
        format_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    };
    ws.protect_with_options(&options);
}

/// Truncates to Excel's limit for data-validation texts (counted in UTF-16 units).
fn clip(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        used += c.len_utf16();
        if used > max.saturating_sub(1) {
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

fn write_cover(
    ws: &mut Worksheet,
    q: &Questionnaire,
    response: Option<&Response>,
    lang: Lang,
    l: &Labels,
    f: &Formats,
) -> std::result::Result<(), XlsxError> {
    ws.set_name(l.cover_sheet)?;
    // Column A (the field ids) is hidden: the title and the instructions start in B.
    ws.write_string_with_format(0, 1, crate::xlsx::fit(q.title.get(lang)), &f.title)?;
    // Tall enough for the title's larger type.
    ws.set_row_height(0, 24)?;
    let notice = q
        .notice
        .as_ref()
        .map(|n| n.get(lang).to_string())
        .unwrap_or_default();
    let how = lang.pick(
        "黄色のセルに記入してください。",
        "Fill in the yellow cells.",
    );
    ws.write_string(1, 1, crate::xlsx::fit(format!("{how} {notice}").trim()))?;
    let header = 3;
    for (c, h) in [l.id, l.field, l.value, l.format].iter().enumerate() {
        ws.write_string_with_format(header, c as u16, crate::xlsx::fit(*h), &f.header)?;
    }
    for (i, field) in q.cover.iter().enumerate() {
        let row = header + 1 + i as u32;
        let value = response
            .and_then(|r| r.cover.get(&field.id))
            .cloned()
            .unwrap_or_default();
        ws.write_string_with_format(row, 0, crate::xlsx::fit(&field.id), &f.locked)?;
        ws.write_string_with_format(row, 1, crate::xlsx::fit(field.label.get(lang)), &f.locked)?;
        ws.write_string_with_format(row, 2, crate::xlsx::fit(&value), &f.input)?;
        let mut how = match field.kind {
            FieldKind::Date => lang
                .pick(
                    "日付（2027-03-31 または 令和9年3月31日）",
                    "date (2027-03-31)",
                )
                .to_string(),
            FieldKind::Number => lang.pick("数値", "number").to_string(),
            FieldKind::Text => String::new(),
        };
        if field.optional {
            how = format!("{how} {}", lang.pick("（任意）", "(optional)"))
                .trim()
                .to_string();
        } else {
            how = format!("{how} {}", lang.pick("（必須）", "(required)"))
                .trim()
                .to_string();
        }
        ws.write_string_with_format(row, 3, crate::xlsx::fit(&how), &f.locked)?;
        if field.kind == FieldKind::Date {
            let dv = DataValidation::new()
                .allow_any_value()
                .set_input_title(clip(field.label.get(lang), 32))?
                .set_input_message(clip(
                    lang.pick(
                        "2027-03-31 の形式、または 令和9年3月31日",
                        "write a date such as 2027-03-31",
                    ),
                    255,
                ))?;
            ws.add_data_validation(row, 2, row, 2, &dv)?;
        }
        if !field.optional {
            let cf = ConditionalFormatFormula::new()
                .set_rule(format!("=LEN(TRIM($C{}))=0", row + 1).as_str())
                .set_format(&f.missing);
            ws.add_conditional_format(row, 2, row, 2, &cf)?;
        }
    }
    let widths = super::style::widths(ws, &[18.0, 28.0, 48.0, 36.0])?;
    // The field ids stay in column A, where the import and vendors' own scripts find them, but
    // out of sight: a person reads the labels, on screen and on paper.
    ws.set_column_hidden(0)?;
    protect(ws);
    print(ws, header, header, &widths[1..], 0)?;
    Ok(())
}

/// The cell text of an answer value in the form's language.
fn answer_text(
    q: &Questionnaire,
    item: Option<&Item>,
    value: &AnswerValue,
    raw: Option<&str>,
    lang: Lang,
) -> Option<(String, Option<f64>)> {
    let vocabulary = item
        .and_then(|i| i.answer.vocabulary())
        .and_then(|v| q.vocabulary(v));
    let label = |code: &str| {
        vocabulary
            .and_then(|v| v.code(code))
            .map(|c| c.label.get(lang).to_string())
            .unwrap_or_else(|| code.to_string())
    };
    // A raw cell text is written back only where it still reads as the same value.
    if let (Some(raw), Some(v)) = (raw, vocabulary) {
        let same = match value {
            AnswerValue::Text(code) => match_code(v, raw).is_some_and(|c| &c.code == code),
            _ => false,
        };
        if same {
            return Some((raw.to_string(), None));
        }
    }
    match value {
        AnswerValue::Null => raw.map(|r| (r.to_string(), None)),
        AnswerValue::Text(t) if vocabulary.is_some() => Some((label(t), None)),
        AnswerValue::Text(t) => Some((t.clone(), None)),
        AnswerValue::Codes(codes) => Some((
            codes
                .iter()
                .map(|c| label(c))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
            None,
        )),
        AnswerValue::Number(n) => Some((n.to_string(), Some(*n))),
    }
}

/// The answering rules of an item as an input message.
fn rule_message(q: &Questionnaire, item: &Item, lang: Lang) -> String {
    let vocabulary = item.answer.vocabulary().and_then(|v| q.vocabulary(v));
    let sep = lang.pick("・", "/");
    let labels = |codes: &[String]| q.code_labels(Some(item), codes, lang, sep);
    let mut parts = Vec::new();
    match &item.answer {
        AnswerKind::Single { .. } => parts.push(
            lang.pick("一覧から選んでください。", "Choose from the list.")
                .to_string(),
        ),
        AnswerKind::Multiple { .. } => {
            let all = vocabulary
                .map(|v| {
                    v.codes
                        .iter()
                        .map(|c| c.label.get(lang).to_string())
                        .collect::<Vec<_>>()
                        .join(lang.pick("、", ", "))
                })
                .unwrap_or_default();
            parts.push(match lang {
                Lang::Ja => format!("複数選択可。「、」で区切って記入: {all}"),
                Lang::En => format!("Several allowed, separated by commas: {all}"),
            });
        }
        AnswerKind::Text => parts.push(
            lang.pick("文章で記入してください。", "Write the answer.")
                .to_string(),
        ),
        AnswerKind::Date => parts.push(
            lang.pick(
                "日付（2027-03-31 または 令和9年3月31日）",
                "A date such as 2027-03-31.",
            )
            .to_string(),
        ),
        AnswerKind::Number => parts.push(
            lang.pick("数値で記入してください。", "A number.")
                .to_string(),
        ),
    }
    for rule in &item.rules {
        match rule {
            Rule::RemarksRequired { when } => parts.push(match lang {
                Lang::Ja => format!("「{}」の場合は備考に理由を記入。", labels(when)),
                Lang::En => format!("If {}, give the reason in Remarks.", labels(when)),
            }),
            Rule::FieldRequired { field, when } => {
                let name = item
                    .fields
                    .iter()
                    .find(|x| &x.id == field)
                    .map(|x| x.label.get(lang).to_string())
                    .unwrap_or_else(|| field.clone());
                parts.push(match lang {
                    Lang::Ja => format!("「{}」の場合は「{name}」を記入。", labels(when)),
                    Lang::En => format!("If {}, fill in “{name}”.", labels(when)),
                });
            }
            Rule::AppliesWhen { item: control, is } => {
                let is_labels = q.code_labels(q.item(control), is, lang, sep);
                parts.push(match lang {
                    Lang::Ja => format!("{control} が「{is_labels}」の場合のみ回答。"),
                    Lang::En => format!("Answer only if {control} is {is_labels}."),
                });
            }
        }
    }
    if item.fields.iter().any(|x| x.id == "planned_by") {
        parts.push(
            lang.pick(
                "予定による「はい」は導入予定日を記入。",
                "A planned yes needs the planned date.",
            )
            .to_string(),
        );
    }
    parts.join(" ")
}

#[allow(clippy::too_many_arguments)]
fn write_answers(
    ws: &mut Worksheet,
    q: &Questionnaire,
    response: Option<&Response>,
    lang: Lang,
    l: &Labels,
    f: &Formats,
    list_names: &[(String, String, u16, usize)],
) -> std::result::Result<(), XlsxError> {
    ws.set_name(l.answers_sheet)?;
    // Columns: id, section, question, answer, remarks, extra fields, other, confirmed.
    let mut fields: Vec<FieldColumn> = Vec::new();
    for (_, item) in q.items() {
        for x in &item.fields {
            if !fields.iter().any(|c| c.id == x.id) {
                fields.push(FieldColumn {
                    id: x.id.clone(),
                    label: x.label.get(lang).to_string(),
                    kind: x.kind,
                });
            }
        }
    }
    let has_other = q.items().any(|(_, i)| i.answer.other_code().is_some());
    let unconfirmed =
        response.is_some_and(|r| r.answers.values().any(|a| a.confirmed == Some(false)));
    let mut headers: Vec<String> = [l.id, l.section, l.question, l.answer, l.remarks]
        .map(String::from)
        .to_vec();
    headers.extend(fields.iter().map(|c| c.label.clone()));
    let other_col = has_other.then(|| {
        headers.push(l.other.to_string());
        (headers.len() - 1) as u16
    });
    let confirmed_col = unconfirmed.then(|| {
        headers.push(l.confirmed.to_string());
        (headers.len() - 1) as u16
    });
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, crate::xlsx::fit(h), &f.header)?;
    }
    let answer_col: u16 = 3;
    let remarks_col: u16 = 4;
    let mut rows: Vec<(Option<&Item>, String, String)> = q
        .items()
        .map(|(s, i)| (Some(i), i.id.clone(), s.title.get(lang).to_string()))
        .collect();
    if let Some(r) = response {
        for id in r.answers.keys().filter(|id| q.item(id).is_none()) {
            rows.push((None, id.clone(), String::new()));
        }
    }
    for (i, (item, id, section)) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        let answer = response.and_then(|r| r.answers.get(id));
        ws.write_string_with_format(row, 0, crate::xlsx::fit(id), &f.locked)?;
        ws.write_string_with_format(row, 1, crate::xlsx::fit(section), &f.locked_wrap)?;
        ws.write_string_with_format(
            row,
            2,
            crate::xlsx::fit(item.map(|i| i.text.get(lang)).unwrap_or("")),
            &f.locked_wrap,
        )?;
        // A planned yes whose date has no field of its own is written as the form's guide says
        // it may be: `はい（予定 2027-03-31）`.
        let planned_cell = answer.and_then(|a| {
            let promise = a.planned.as_deref()?;
            let has_field = item.is_some_and(|i| {
                i.fields
                    .iter()
                    .any(|x| x.planned && a.fields.contains_key(&x.id))
            });
            if has_field || a.value.codes() != ["yes"] {
                return None;
            }
            let (yes, _) = answer_text(q, *item, &a.value, None, lang)?;
            let keep_raw = a.raw.as_deref().filter(|r| {
                r.contains(promise) || {
                    crate::normalize::parse_date(promise).is_some()
                        && r.contains(lang.pick("予定", "planned"))
                }
            });
            Some(match keep_raw {
                Some(raw) => raw.to_string(),
                None if crate::normalize::is_iso_date(promise) => {
                    format!("{yes}（{} {promise}）", lang.pick("予定", "planned"))
                }
                None => format!("{yes}（{promise}）"),
            })
        });
        let text = match planned_cell {
            Some(cell) => Some((cell, None)),
            None => answer.and_then(|a| answer_text(q, *item, &a.value, a.raw.as_deref(), lang)),
        };
        match text {
            Some((_, Some(n))) => {
                ws.write_number_with_format(row, answer_col, n, &f.input)?;
            }
            Some((text, None)) => {
                ws.write_string_with_format(
                    row,
                    answer_col,
                    crate::xlsx::fit(&text),
                    &f.input_wrap,
                )?;
            }
            None => {
                ws.write_blank(row, answer_col, &f.input_wrap)?;
            }
        }
        match answer.and_then(|a| a.remarks.as_deref()) {
            Some(remarks) => ws.write_string_with_format(
                row,
                remarks_col,
                crate::xlsx::fit(remarks),
                &f.input_wrap,
            )?,
            None => ws.write_blank(row, remarks_col, &f.input_wrap)?,
        };
        for (k, column) in fields.iter().enumerate() {
            let col = 5 + k as u16;
            let own = item.is_some_and(|i| i.fields.iter().any(|x| x.id == column.id));
            let value = answer.and_then(|a| a.fields.get(&column.id));
            match (value, own) {
                (Some(FieldValue::Number(n)), _) => {
                    ws.write_number_with_format(row, col, *n, &f.input)?;
                }
                (Some(FieldValue::Text(t)), _) => {
                    ws.write_string_with_format(row, col, crate::xlsx::fit(t), &f.input)?;
                }
                (None, true) => {
                    ws.write_blank(row, col, &f.input)?;
                }
                (None, false) => {
                    ws.write_blank(row, col, &f.locked)?;
                }
            }
            if own && column.kind == FieldKind::Date {
                let dv = DataValidation::new()
                    .allow_any_value()
                    .set_input_title(clip(&column.label, 32))?
                    .set_input_message(clip(
                        lang.pick(
                            "2027-03-31 の形式、または 令和9年3月31日",
                            "write a date such as 2027-03-31",
                        ),
                        255,
                    ))?;
                ws.add_data_validation(row, col, row, col, &dv)?;
            }
        }
        if let Some(col) = other_col {
            let own = item.is_some_and(|i| i.answer.other_code().is_some());
            match answer.and_then(|a| a.other.as_deref()) {
                Some(t) => {
                    ws.write_string_with_format(row, col, crate::xlsx::fit(t), &f.input_wrap)?
                }
                None => ws.write_blank(row, col, if own { &f.input_wrap } else { &f.locked })?,
            };
        }
        if let Some(col) = confirmed_col {
            if answer.is_some_and(|a| a.confirmed == Some(false)) {
                ws.write_string_with_format(row, col, crate::xlsx::fit(l.unconfirmed), &f.input)?;
            } else {
                ws.write_blank(row, col, &f.input)?;
            }
        }
        let Some(item) = item else { continue };
        // Dropdown from the vocabulary, with the answering rule as the input message.
        let message = clip(&rule_message(q, item, lang), 255);
        let title = clip(&item.id, 32);
        let dv = match &item.answer {
            AnswerKind::Single { vocabulary, .. } => {
                match list_names
                    .iter()
                    .find(|(v, _, _, len)| v == vocabulary && *len > 0)
                {
                    // A value outside the list is asked about, not refused: the guide lets a
                    // planned yes (はい（予定 2027/3/31）) and a value with its note stand.
                    Some((_, name, _, _)) => DataValidation::new()
                        .allow_list_formula(Formula::new(format!("={name}")))
                        .set_error_style(rust_xlsxwriter::DataValidationErrorStyle::Warning)
                        .set_error_title(clip(
                            lang.pick("一覧にない回答", "An answer not in the list"),
                            32,
                        ))?
                        .set_error_message(clip(
                            lang.pick(
                                "一覧にない回答です。「はい（予定 2027/3/31）」のような予定や、回答に続けた注記（「はい。〜」）はこのままで構いません。そのまま入力するなら［はい］、選び直すなら［いいえ］を押してください。",
                                "This answer is not in the list. A planned yes (Yes (planned 2027-03-31)) or an answer followed by a note may stay as it is. Press Yes to keep it, No to choose again.",
                            ),
                            255,
                        ))?,
                    None => DataValidation::new().allow_any_value(),
                }
            }
            _ => DataValidation::new().allow_any_value(),
        }
        .set_input_title(title)?
        .set_input_message(message)?;
        ws.add_data_validation(row, answer_col, row, answer_col, &dv)?;
        let a = format!("$D{}", row + 1);
        let cf = ConditionalFormatFormula::new()
            .set_rule(format!("=LEN(TRIM({a}))=0").as_str())
            .set_format(&f.missing);
        if !item.optional {
            ws.add_conditional_format(row, answer_col, row, answer_col, &cf)?;
        }
        let vocabulary = item.answer.vocabulary().and_then(|v| q.vocabulary(v));
        for rule in &item.rules {
            if let Rule::RemarksRequired { when } = rule {
                let tests: Vec<String> = when
                    .iter()
                    .filter_map(|c| vocabulary.and_then(|v| v.code(c)))
                    .map(|c| format!("{a}=\"{}\"", c.label.get(lang).replace('"', "\"\"")))
                    .collect();
                if tests.is_empty() {
                    continue;
                }
                let rule = format!("=AND(OR({}),LEN(TRIM($E{}))=0)", tests.join(","), row + 1);
                let cf = ConditionalFormatFormula::new()
                    .set_rule(rule.as_str())
                    .set_format(&f.missing);
                ws.add_conditional_format(row, remarks_col, row, remarks_col, &cf)?;
            }
        }
    }
    let last_row = rows.len() as u32;
    let last_col = (headers.len() - 1) as u16;
    ws.autofilter(0, 0, last_row.max(1), last_col)?;
    ws.set_freeze_panes(1, 0)?;
    let mut widths = vec![16.0, 18.0, 56.0, 16.0, 40.0];
    widths.extend(std::iter::repeat_n(14.0, fields.len()));
    if let Some(col) = other_col {
        widths.resize(widths.len().max(usize::from(col) + 1), 14.0);
        widths[usize::from(col)] = 30.0;
    }
    if let Some(col) = confirmed_col {
        widths.resize(widths.len().max(usize::from(col) + 1), 14.0);
        widths[usize::from(col)] = 10.0;
    }
    let widths = super::style::widths(ws, &widths)?;
    protect(ws);
    // The id and the question repeat on every page when the sheet prints wider than one.
    print(ws, 0, 0, &widths, 3)?;
    Ok(())
}
