//! What changed between two submissions of the same questionnaire: cover fields, answers,
//! remarks, fields, items added or dropped; with a profile, each change's effect (regression,
//! improvement, neutral) and the knock-outs and flags gained or lost.

use serde::Serialize;

use crate::model::{Answer, Profile, Questionnaire, Response};
use crate::score::{Bid, Outcome, VendorResult, score_bid};

/// A changed cover field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CoverChange {
    /// Field id.
    pub field: String,
    /// Old value.
    pub old: Option<String>,
    /// New value.
    pub new: Option<String>,
}

/// The effect of a change on the hospital's requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Effect {
    /// Met before, not any more.
    Regression,
    /// Not met before, met now.
    Improvement,
    /// The outcome did not change.
    Neutral,
}

/// A changed item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// Item id.
    pub item: String,
    /// What changed: `added`, `dropped`, `value`, `remarks`, `fields`, `other`, `confirmed`.
    pub changed: Vec<&'static str>,
    /// The old answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<Answer>,
    /// The new answer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<Answer>,
    /// With a profile: the outcome before.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_outcome: Option<Outcome>,
    /// With a profile: the outcome after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_outcome: Option<Outcome>,
    /// With a profile: regression, improvement or neutral.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effect: Option<Effect>,
}

/// With a profile: how the standing moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    /// Old score / max / percent.
    pub old: (u64, u64, f64),
    /// New score / max / percent.
    pub new: (u64, u64, f64),
    /// Must items unmet now that were not before.
    pub knockouts_gained: Vec<String>,
    /// Must items met now that were unmet before.
    pub knockouts_lost: Vec<String>,
    /// Flags raised now that were not before.
    pub flags_gained: Vec<String>,
    /// Flags no longer raised.
    pub flags_lost: Vec<String>,
}

/// Everything that changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diff {
    /// Cover changes.
    pub cover: Vec<CoverChange>,
    /// Item changes, in form order.
    pub changes: Vec<Change>,
    /// With a profile: the standing before and after.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub standing: Option<Standing>,
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.cover.is_empty() && self.changes.is_empty()
    }
}

fn blank(a: Option<&Answer>) -> bool {
    a.is_none_or(|a| {
        a.value.is_empty() && a.remarks.is_none() && a.fields.is_empty() && a.other.is_none()
    })
}

/// The differences from `old` to `new`, both answers to `q`.
///
/// ```
/// use mds_core::{catalog::Catalog, model::Response, diff::diff};
/// let catalog = Catalog::builtin();
/// let q = catalog.resolve("sample-sds").unwrap();
/// let old: Response = serde_json::from_str(r#"{"format":"mds-response/1","questionnaire":{"id":"sample-sds","version":"1.0"},"answers":{"SAMPLE-AUTH-01":{"value":"yes"}}}"#).unwrap();
/// let mut new = old.clone();
/// new.answers["SAMPLE-AUTH-01"].value = mds_core::model::AnswerValue::Text("no".into());
/// assert_eq!(diff(&old, &new, q, None).changes[0].changed, ["value"]);
/// ```
pub fn diff(old: &Response, new: &Response, q: &Questionnaire, profile: Option<&Profile>) -> Diff {
    let mut cover = Vec::new();
    let mut fields: Vec<&String> = q.cover.iter().map(|c| &c.id).collect();
    for k in old.cover.keys().chain(new.cover.keys()) {
        if !fields.contains(&k) {
            fields.push(k);
        }
    }
    for f in fields {
        let (a, b) = (
            old.cover.get(f).filter(|v| !v.is_empty()),
            new.cover.get(f).filter(|v| !v.is_empty()),
        );
        if a != b {
            cover.push(CoverChange {
                field: f.clone(),
                old: a.cloned(),
                new: b.cloned(),
            });
        }
    }
    let scored = profile.map(|p| {
        let one = |r: &Response| -> VendorResult {
            score_bid(
                q,
                p,
                &Bid {
                    source: "",
                    response: r,
                    errors: 0,
                    warnings: 0,
                    signature: None,
                    held: &[],
                },
            )
        };
        (one(old), one(new))
    });
    let outcome =
        |v: &VendorResult, id: &str| v.items.iter().find(|i| i.item == id).map(|i| i.outcome);
    let mut ids: Vec<&String> = q.items().map(|(_, i)| &i.id).collect();
    for k in old.answers.keys().chain(new.answers.keys()) {
        if !ids.contains(&k) {
            ids.push(k);
        }
    }
    let mut changes = Vec::new();
    for id in ids {
        let (a, b) = (old.answers.get(id), new.answers.get(id));
        let mut changed = Vec::new();
        match (blank(a), blank(b)) {
            (true, true) => continue,
            (true, false) => changed.push("added"),
            (false, true) => changed.push("dropped"),
            (false, false) => {
                let (a, b) = (
                    a.cloned().unwrap_or_default(),
                    b.cloned().unwrap_or_default(),
                );
                if a.value != b.value {
                    changed.push("value");
                }
                if a.remarks != b.remarks {
                    changed.push("remarks");
                }
                if a.fields != b.fields {
                    changed.push("fields");
                }
                if a.other != b.other {
                    changed.push("other");
                }
                if a.confirmed != b.confirmed {
                    changed.push("confirmed");
                }
            }
        }
        if changed.is_empty() {
            continue;
        }
        let (old_outcome, new_outcome) = match &scored {
            Some((o, n)) => (outcome(o, id), outcome(n, id)),
            None => (None, None),
        };
        let effect = match (old_outcome, new_outcome) {
            (Some(Outcome::Met), Some(Outcome::Unmet)) => Some(Effect::Regression),
            (Some(Outcome::Unmet), Some(Outcome::Met)) => Some(Effect::Improvement),
            (Some(_), Some(_)) => Some(Effect::Neutral),
            _ => None,
        };
        changes.push(Change {
            item: id.clone(),
            changed,
            old: a.cloned(),
            new: b.cloned(),
            old_outcome,
            new_outcome,
            effect,
        });
    }
    let standing = scored.map(|(o, n)| {
        let minus = |x: &[String], y: &[String]| {
            x.iter()
                .filter(|i| !y.contains(i))
                .cloned()
                .collect::<Vec<_>>()
        };
        let flags = |v: &VendorResult| {
            v.flags
                .iter()
                .map(|f| format!("{}: {}", f.item, f.flag))
                .collect::<Vec<_>>()
        };
        Standing {
            old: (o.score, o.max, o.percent),
            new: (n.score, n.max, n.percent),
            knockouts_gained: minus(&n.knockouts, &o.knockouts),
            knockouts_lost: minus(&o.knockouts, &n.knockouts),
            flags_gained: minus(&flags(&n), &flags(&o)),
            flags_lost: minus(&flags(&o), &flags(&n)),
        }
    });
    Diff {
        cover,
        changes,
        standing,
    }
}
