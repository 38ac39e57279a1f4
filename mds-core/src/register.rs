//! The register of a hospital's vendor documents (`mds register`): every submission on file,
//! by vendor — what it is, which questionnaire and version, whether a newer version is known,
//! whether it is valid and signed — the open items of each MHLW checklist (every いいえ with its
//! target date, overdue on the day asked for), and the answer to the checklist's item 2-③: does
//! the hospital hold a valid disclosure (MDS/SDS) from every vendor?
//!
//! Vendors are grouped by name as people write it: NFKC, spaces dropped, and 株式会社 written
//! as （株） or ㈱ taken as the same.
//!
//! ```
//! use mds_core::register::vendor_key;
//! assert_eq!(vendor_key("（株）サンプル 医療"), vendor_key("株式会社サンプル医療"));
//! assert_eq!(vendor_key("㈱ＡＢＣ"), vendor_key("株式会社ABC"));
//! ```

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::Lang;
use crate::catalog::Catalog;
use crate::model::{FieldKind, QuestionnaireKind, SignatureState};
use crate::submission::Submission;

/// A vendor's name as the register compares it.
pub fn vendor_key(name: &str) -> String {
    let folded: String = name.nfkc().collect();
    let folded: String = folded.chars().filter(|c| !c.is_whitespace()).collect();
    folded
        .replace("(株)", "株式会社")
        .replace("（株）", "株式会社")
        .replace("(有)", "有限会社")
        .replace("（有）", "有限会社")
}

/// One document on file.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The file.
    pub source: String,
    /// What it is.
    pub kind: QuestionnaireKind,
    /// The questionnaire it answers (`ID@VERSION`).
    pub questionnaire: String,
    /// No validation error.
    pub valid: bool,
    /// Validation errors.
    pub errors: usize,
    /// Its signature's state, when keys were given.
    pub signature: Option<SignatureState>,
    /// A newer version of its questionnaire is known.
    pub outdated: bool,
    /// The cover's dates (field id → ISO date).
    pub dates: indexmap::IndexMap<String, String>,
}

/// An いいえ of a checklist on file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenItem {
    /// The checklist's file.
    pub source: String,
    /// Item id.
    pub item: String,
    /// The target date (目標日), when one is given.
    pub target: Option<String>,
    /// The target date lies before the day asked for (never without `--as-of`).
    pub overdue: bool,
}

/// One vendor's documents.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Vendor {
    /// The vendor's name as first written.
    pub vendor: String,
    /// Its documents, by file name.
    pub documents: Vec<Document>,
    /// The open items of its checklists.
    pub open_items: Vec<OpenItem>,
}

/// Item 2-③ of the checklist: a valid disclosure on file from every vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MdsSds {
    /// Every vendor has one.
    pub all: bool,
    /// The vendors that have none.
    pub missing: Vec<String>,
}

/// The register.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Register {
    /// The day judged on (`--as-of`); without one nothing is overdue.
    pub as_of: Option<String>,
    /// Vendors by name.
    pub vendors: Vec<Vendor>,
    /// Item 2-③.
    pub mds_sds: MdsSds,
}

/// The register of `submissions` (read, with their signature checks where keys were given),
/// with the vendors of a list (`--vendors`) that must be there too.
pub fn register(
    submissions: &[Submission<'_>],
    listed: &[String],
    catalog: &Catalog,
    as_of: Option<&str>,
) -> Register {
    let mut vendors: Vec<Vendor> = Vec::new();
    // Each vendor's place by its key, looked up once per document.
    let mut index: crate::FastMap<String, usize> = crate::FastMap::default();
    let mut at = |name: &str, vendors: &mut Vec<Vendor>| -> usize {
        *index.entry(vendor_key(name)).or_insert_with(|| {
            vendors.push(Vendor {
                vendor: name.trim().to_string(),
                documents: Vec::new(),
                open_items: Vec::new(),
            });
            vendors.len() - 1
        })
    };
    // The newest version of each questionnaire, looked up once.
    let mut newest_known: crate::FastMap<String, Option<String>> = crate::FastMap::default();
    for s in submissions {
        let q = &s.entry.questionnaire;
        let name = crate::score::vendor_name(&s.name, &s.response);
        let i = at(&name, &mut vendors);
        let newest = newest_of(catalog, &q.id, &mut newest_known);
        let outdated = newest.as_deref().is_some_and(|n| {
            crate::catalog::compare_versions(n, &s.response.questionnaire.version).is_gt()
        });
        let dates = q
            .cover
            .iter()
            .filter(|f| f.kind == FieldKind::Date)
            .filter_map(|f| {
                s.response
                    .cover
                    .get(&f.id)
                    .map(|v| (f.id.clone(), v.clone()))
            })
            .collect();
        vendors[i].documents.push(Document {
            source: s.name.clone(),
            kind: q.kind(),
            questionnaire: s.response.questionnaire.name(),
            valid: s.errors() == 0,
            errors: s.errors(),
            signature: s.signature.as_ref().map(|c| c.state),
            outdated,
            dates,
        });
        vendors[i].open_items.extend(
            crate::checklist::open_items(&s.response, q, as_of)
                .into_iter()
                .map(|o| OpenItem {
                    source: s.name.clone(),
                    item: o.item,
                    target: o.target,
                    overdue: o.overdue,
                }),
        );
    }
    for name in listed {
        at(name, &mut vendors);
    }
    for v in &mut vendors {
        v.documents.sort_by(|a, b| a.source.cmp(&b.source));
    }
    vendors.sort_by(|a, b| a.vendor.cmp(&b.vendor));
    let missing: Vec<String> = vendors
        .iter()
        .filter(|v| {
            !v.documents
                .iter()
                .any(|d| d.kind == QuestionnaireKind::Disclosure && d.valid)
        })
        .map(|v| v.vendor.clone())
        .collect();
    Register {
        as_of: as_of.map(str::to_string),
        mds_sds: MdsSds {
            all: missing.is_empty(),
            missing,
        },
        vendors,
    }
}

/// The newest version of a questionnaire the catalog knows, remembered.
fn newest_of(
    catalog: &Catalog,
    id: &str,
    known: &mut crate::FastMap<String, Option<String>>,
) -> Option<String> {
    known
        .entry(id.to_string())
        .or_insert_with(|| {
            catalog
                .versions(id)
                .into_iter()
                .max_by(|a, b| crate::catalog::compare_versions(a, b))
                .map(str::to_string)
        })
        .clone()
}

/// The register's documents as rows of a table, for the reports.
pub fn document_rows(r: &Register, lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let head = vec![
        lang.pick("事業者", "vendor"),
        lang.pick("種類", "kind"),
        lang.pick("質問票", "questionnaire"),
        lang.pick("新しい版", "newer version"),
        lang.pick("検証", "check"),
        lang.pick("署名", "signature"),
        lang.pick("表紙の日付", "cover dates"),
        lang.pick("ファイル", "file"),
    ];
    let mut rows = Vec::new();
    for v in &r.vendors {
        if v.documents.is_empty() {
            rows.push(vec![
                v.vendor.clone(),
                lang.pick("（書類なし）", "(nothing on file)").into(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for d in &v.documents {
            rows.push(vec![
                v.vendor.clone(),
                d.kind.label(lang).into(),
                d.questionnaire.clone(),
                if d.outdated {
                    lang.pick("あり（古い版）", "yes (outdated)").into()
                } else {
                    String::new()
                },
                if d.valid {
                    "OK".into()
                } else {
                    match lang {
                        Lang::Ja => format!("不備 {} 件", d.errors),
                        Lang::En => format!("{} errors", d.errors),
                    }
                },
                match d.signature {
                    Some(SignatureState::Valid) => lang.pick("正しい", "good").into(),
                    Some(SignatureState::Missing) => lang.pick("なし", "none").into(),
                    Some(SignatureState::Invalid) => lang.pick("不正", "BAD").into(),
                    None => String::new(),
                },
                d.dates
                    .iter()
                    .map(|(k, v)| format!("{k} {v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                d.source.clone(),
            ]);
        }
    }
    (head, rows)
}

/// The open items as rows of a table.
pub fn open_rows(r: &Register, lang: Lang) -> (Vec<&'static str>, Vec<Vec<String>>) {
    let head = vec![
        lang.pick("事業者", "vendor"),
        lang.pick("項目", "item"),
        lang.pick("目標日", "target"),
        lang.pick("期限切れ", "overdue"),
        lang.pick("ファイル", "file"),
    ];
    let rows = r
        .vendors
        .iter()
        .flat_map(|v| {
            v.open_items.iter().map(|o| {
                vec![
                    v.vendor.clone(),
                    o.item.clone(),
                    o.target
                        .clone()
                        .unwrap_or_else(|| lang.pick("（なし）", "(none)").into()),
                    if o.overdue {
                        lang.pick("期限切れ", "overdue").into()
                    } else {
                        String::new()
                    },
                    o.source.clone(),
                ]
            })
        })
        .collect();
    (head, rows)
}

/// What item 2-③ answers, in words.
pub fn mds_sds_line(r: &Register, lang: Lang) -> String {
    match (lang, r.mds_sds.all) {
        (Lang::Ja, true) => {
            "2-③ すべての事業者から有効な開示書（MDS/SDS）を受け取っています: はい".into()
        }
        (Lang::En, true) => {
            "2-③ a valid disclosure (MDS/SDS) is on file from every vendor: yes".into()
        }
        (Lang::Ja, false) => format!(
            "2-③ すべての事業者から有効な開示書（MDS/SDS）を受け取っています: いいえ（ない事業者: {}）",
            r.mds_sds.missing.join("、")
        ),
        (Lang::En, false) => format!(
            "2-③ a valid disclosure (MDS/SDS) is on file from every vendor: no (missing: {})",
            r.mds_sds.missing.join(", ")
        ),
    }
}
