//! Scoring and ranking: how each vendor's answers meet a hospital's profile (the decision table
//! of the product contract), and the ranking of all vendors.
//!
//! | case | outcome |
//! |---|---|
//! | item in a section switched off | excluded |
//! | adjudication for this vendor and item | as adjudicated, reason kept |
//! | item not applicable (its `applies-when` condition is false) | excluded |
//! | unanswered (absent, null, empty) | unmet |
//! | value `na`, profile `na: "exclude"`, `na` not expected | excluded |
//! | free text, date or number, or a code marked `review` | review |
//! | single choice in `expect`; multiple choice non-empty and all in `expect` | met |
//! | anything else | unmet |
//!
//! `score` = points of met items; `max` = points of met + unmet items; review and excluded items
//! count in neither.

use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use crate::model::{
    AdjudicationOutcome, AnswerKind, AnswerValue, Importance, Item, NaRule, PlannedRule, Profile,
    Questionnaire, Requirement, Response,
};

/// The outcome of one item for one vendor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// The answer meets the requirement.
    Met,
    /// The answer does not meet the requirement.
    Unmet,
    /// A person must judge the answer (free text, "See Notes").
    Review,
    /// Counts in neither score nor maximum.
    Excluded,
}

/// Why an item got its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "why", rename_all = "kebab-case")]
pub enum Reason {
    /// The answer is one of the expected codes.
    Expected,
    /// The answer is not among the expected codes.
    NotExpected,
    /// No answer.
    Unanswered,
    /// The item's condition is false: it does not apply.
    NotApplicable,
    /// The item's section is switched off in the profile.
    SectionOff,
    /// Not applicable (`na`) under the profile's `na: exclude`.
    NaExcluded,
    /// Free text, a date, a number or a review code: a person must judge it.
    NeedsReview,
    /// A yes that is planned, scored by the profile's `planned` rule.
    Planned {
        /// The date (or the text) it is planned by.
        planned: String,
    },
    /// The answer's cell shows other than what was saved in it (a formula): a person reads the
    /// workbook and judges it.
    Held {
        /// The finding that held it (`formula-answer`).
        finding: String,
    },
    /// The hospital's decision.
    Adjudicated {
        /// The decision's reason.
        reason: String,
    },
}

/// One item's result for one vendor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ItemResult {
    /// Item id.
    pub item: String,
    /// Section id.
    pub section: String,
    /// Outcome.
    pub outcome: Outcome,
    /// Why.
    pub reason: Reason,
    /// Importance from the profile.
    pub importance: Importance,
    /// Points the item is worth.
    pub points: u32,
    /// A must item.
    pub must: bool,
    /// The flag raised when unmet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<String>,
    /// Expected codes.
    pub expect: Vec<String>,
    /// The answer given.
    pub given: AnswerValue,
    /// A planned yes: the date (or the text) it is planned by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub planned: Option<String>,
    /// The vendor's remarks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remarks: Option<String>,
}

/// A flag raised by an unmet item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Flag {
    /// Item id.
    pub item: String,
    /// The flag's text, e.g. "リスク評価が必要".
    pub flag: String,
}

/// Score of one section for one vendor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SectionScore {
    /// Section id.
    pub section: String,
    /// Points of met items.
    pub score: u64,
    /// Points of met and unmet items.
    pub max: u64,
}

/// One vendor's result.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct VendorResult {
    /// The input as given (path).
    pub source: String,
    /// `cover.vendor`, else the file name without extension.
    pub vendor: String,
    /// Rank (1 = best; equals share a rank).
    pub rank: usize,
    /// No unmet must item.
    pub qualified: bool,
    /// Points of met items.
    pub score: u64,
    /// Points of met and unmet items.
    pub max: u64,
    /// 100 × score / max, rounded half-up to one decimal; 0 when max is 0.
    pub percent: f64,
    /// Ids of unmet must items.
    pub knockouts: Vec<String>,
    /// Ids of must items in review.
    pub pending: Vec<String>,
    /// Ids of every item in review (must or not).
    pub review: Vec<String>,
    /// Flags of unmet flagged items.
    pub flags: Vec<Flag>,
    /// Validation errors in the bid (it is compared all the same).
    pub errors: usize,
    /// Validation warnings in the bid.
    pub warnings: usize,
    /// True when validation found no error in the bid.
    pub valid: bool,
    /// The signature check, when keys were given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signature: Option<SignatureCheck>,
    /// Other inputs of this comparison from the same vendor (same `cover.vendor`): both stay
    /// in the report, marked.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub same_vendor: Vec<String>,
    /// Per-section scores in form order (sections switched off are left out).
    #[serde(skip)]
    pub sections: Vec<SectionScore>,
    /// Per-item results in form order.
    #[serde(skip)]
    pub items: Vec<ItemResult>,
}

/// A response to compare, with the name it was given as.
#[derive(Debug, Clone, Copy)]
pub struct Bid<'a> {
    /// The path as given.
    pub source: &'a str,
    /// The response.
    pub response: &'a Response,
    /// Validation errors found in it (reported, not a reason to refuse the bid).
    pub errors: usize,
    /// Validation warnings found in it.
    pub warnings: usize,
    /// Its signature check, when keys were given.
    pub signature: Option<&'a SignatureCheck>,
    /// Items whose answer cell cannot be trusted (see [`crate::submission::Submission::held`]):
    /// scored as review unless adjudicated.
    pub held: &'a [String],
}

pub use crate::model::{SignatureCheck, SignatureState};

/// The comparison of all bids against a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Vendors in rank order.
    pub vendors: Vec<VendorResult>,
    /// Adjudication keys of the profile that matched no vendor name or file name.
    pub unmatched_adjudications: Vec<String>,
    /// Adjudication keys naming a vendor, a file name or a stem that two bids or more claim:
    /// applied to none of them (the key, and the files that claim it).
    pub contested_adjudications: Vec<(String, Vec<String>)>,
}

/// A bid as an adjudication key can name it: by its file (the path as given, or the SHA-256 of
/// its bytes), or by a name it claims (its `cover.vendor`, its file name or its stem).
#[derive(Debug, Clone, Copy)]
pub struct Claimant<'a> {
    /// The path as given.
    pub source: &'a str,
    /// SHA-256 of its bytes (hex), when known.
    pub sha256: Option<&'a str>,
    /// The vendor it names (see [`vendor_name`]).
    pub vendor: &'a str,
}

/// Which of the profile's adjudications apply to which bid.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Claims {
    /// Per bid, in the order given: the keys that apply to it, in the profile's order.
    pub keys: Vec<Vec<String>>,
    /// Keys claimed by name by two bids or more: applied to none (the key, the files).
    pub contested: Vec<(String, Vec<String>)>,
    /// Keys that name no bid.
    pub unmatched: Vec<String>,
}

/// True when `key` names the bid's file: its path as given, or the SHA-256 of its bytes
/// (with or without `sha256:`).
fn names_file(key: &str, bid: &Claimant<'_>) -> bool {
    let hash = key.strip_prefix("sha256:").unwrap_or(key);
    key == bid.source
        || bid
            .sha256
            .is_some_and(|h| !h.is_empty() && h.eq_ignore_ascii_case(hash))
}

/// True when `key` is a name the bid claims: its vendor, its file name or its stem. Anyone can
/// write any vendor name on a cover, so a name two bids claim decides nothing.
fn claims_name(key: &str, bid: &Claimant<'_>) -> bool {
    let path = Path::new(bid.source);
    let file = path.file_name().map(|s| s.to_string_lossy());
    let stem = path.file_stem().map(|s| s.to_string_lossy());
    vendor_key(key) == vendor_key(bid.vendor)
        || file.is_some_and(|f| f == key)
        || stem.is_some_and(|s| s == key)
}

/// Who each adjudication of the profile applies to. A key that names a bid's file (its path or
/// SHA-256) applies to that bid; otherwise a key that names a vendor, file name or stem applies
/// to the one bid that claims it, and to none when two bids or more claim it.
///
/// ```
/// use mds_core::score::{Claimant, claims};
/// let mut profile: mds_core::model::Profile = serde_json::from_str(
///     &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../samples/profiles/hospital.json")).unwrap(),
/// ).unwrap();
/// profile.adjudications.clear();
/// profile.adjudications.insert("A社".into(), Default::default());
/// profile.adjudications.insert("b/real.json".into(), Default::default());
/// let bids = [
///     Claimant { source: "a/real.json", sha256: None, vendor: "A社" },
///     Claimant { source: "b/real.json", sha256: None, vendor: "A社" },
/// ];
/// let c = claims(&profile, &bids);
/// assert_eq!(c.keys, [vec![], vec!["b/real.json".to_string()]]);
/// assert_eq!(c.contested, [("A社".to_string(), vec!["a/real.json".to_string(), "b/real.json".to_string()])]);
/// ```
pub fn claims(profile: &Profile, bids: &[Claimant<'_>]) -> Claims {
    let mut out = Claims {
        keys: vec![Vec::new(); bids.len()],
        ..Claims::default()
    };
    for key in profile.adjudications.keys() {
        let by_file: Vec<usize> = (0..bids.len())
            .filter(|&i| names_file(key, &bids[i]))
            .collect();
        let chosen = if by_file.is_empty() {
            let by_name: Vec<usize> = (0..bids.len())
                .filter(|&i| claims_name(key, &bids[i]))
                .collect();
            if by_name.len() > 1 {
                out.contested.push((
                    key.clone(),
                    by_name
                        .iter()
                        .map(|&i| bids[i].source.to_string())
                        .collect(),
                ));
                continue;
            }
            by_name
        } else {
            by_file
        };
        if chosen.is_empty() {
            out.unmatched.push(key.clone());
        }
        for i in chosen {
            out.keys[i].push(key.clone());
        }
    }
    out
}

/// A vendor's name as two submissions of the same vendor share it: NFC, trimmed.
///
/// ```
/// assert_eq!(mds_core::score::vendor_key(" A社 "), "A社");
/// ```
pub fn vendor_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfc().collect::<String>().trim().to_string()
}

/// The vendor name of a bid: `cover.vendor`, else the file name without extension.
///
/// ```
/// use mds_core::score::vendor_name;
/// let r: mds_core::model::Response = serde_json::from_str(
///     r#"{"format":"mds-response/1","questionnaire":{"id":"q","version":"1"}}"#).unwrap();
/// assert_eq!(vendor_name("bids/acme.json", &r), "acme");
/// ```
pub fn vendor_name(source: &str, response: &Response) -> String {
    match response.vendor() {
        Some(v) => v.to_string(),
        None => Path::new(source)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| source.to_string()),
    }
}

/// Scores every bid and ranks them, keeping every item's result.
pub fn compare(q: &Questionnaire, profile: &Profile, bids: &[Bid<'_>]) -> Comparison {
    compare_with(q, profile, bids, true)
}

/// [`compare`]; per-item results are kept only with `items` (summaries do without them, which
/// saves their memory on large tenders).
pub fn compare_with(
    q: &Questionnaire,
    profile: &Profile,
    bids: &[Bid<'_>],
    items: bool,
) -> Comparison {
    let names: Vec<String> = bids
        .iter()
        .map(|b| vendor_name(b.source, b.response))
        .collect();
    let claimants: Vec<Claimant<'_>> = bids
        .iter()
        .zip(&names)
        .map(|(b, vendor)| Claimant {
            source: b.source,
            sha256: None,
            vendor,
        })
        .collect();
    let claims = claims(profile, &claimants);
    let vendors: Vec<VendorResult> = bids
        .iter()
        .zip(&claims.keys)
        .map(|(b, keys)| score(q, profile, b, items, Some(keys)))
        .collect();
    rank_results(vendors, &claims)
}

/// The last step of [`compare`], for bids scored one by one with [`score_bid_with`] (as each is
/// read, so that no response need be kept): marks the same vendor twice, ranks, and carries the
/// [`claims`] made over all the bids (adjudications that matched none, or that two claim).
pub fn rank_results(mut vendors: Vec<VendorResult>, claims: &Claims) -> Comparison {
    // The same vendor twice (a workbook and its JSON, two releases): both stay, marked.
    let mut by_key: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, v) in vendors.iter().enumerate() {
        by_key.entry(vendor_key(&v.vendor)).or_default().push(i);
    }
    for same in by_key.values().filter(|same| same.len() > 1) {
        for &i in same {
            vendors[i].same_vendor = same
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| vendors[j].source.clone())
                .collect();
        }
    }
    rank(&mut vendors);
    Comparison {
        vendors,
        unmatched_adjudications: claims.unmatched.clone(),
        contested_adjudications: claims.contested.clone(),
    }
}

/// Scores one bid (rank left at 0), keeping every item's result.
pub fn score_bid(q: &Questionnaire, profile: &Profile, bid: &Bid<'_>) -> VendorResult {
    score(q, profile, bid, true, None)
}

/// [`score_bid`]; per-item results are kept only with `items`.
pub fn score_bid_with(
    q: &Questionnaire,
    profile: &Profile,
    bid: &Bid<'_>,
    items: bool,
) -> VendorResult {
    score(q, profile, bid, items, None)
}

/// [`score_bid_with`] with the adjudications that apply to the bid decided beforehand (by
/// [`claims`] over all the bids of a comparison).
pub fn score_bid_adjudged(
    q: &Questionnaire,
    profile: &Profile,
    bid: &Bid<'_>,
    items: bool,
    keys: &[String],
) -> VendorResult {
    score(q, profile, bid, items, Some(keys))
}

fn score(
    q: &Questionnaire,
    profile: &Profile,
    bid: &Bid<'_>,
    keep_items: bool,
    keys: Option<&[String]>,
) -> VendorResult {
    let points = profile.points.unwrap_or_default();
    let vendor = vendor_name(bid.source, bid.response);
    let alone;
    let keys = match keys {
        Some(keys) => keys,
        // Seen alone, a bid gets every adjudication that names it.
        None => {
            alone = claims(
                profile,
                &[Claimant {
                    source: bid.source,
                    sha256: None,
                    vendor: &vendor,
                }],
            )
            .keys
            .swap_remove(0);
            &alone
        }
    };
    let adjudications: Vec<_> = profile
        .adjudications
        .iter()
        .filter(|(key, _)| keys.contains(key))
        .map(|(_, items)| items)
        .collect();
    let mut result = VendorResult {
        source: bid.source.to_string(),
        vendor,
        rank: 0,
        qualified: true,
        score: 0,
        max: 0,
        percent: 0.0,
        knockouts: Vec::new(),
        pending: Vec::new(),
        review: Vec::new(),
        flags: Vec::new(),
        errors: bid.errors,
        warnings: bid.warnings,
        valid: bid.errors == 0,
        signature: bid.signature.cloned(),
        same_vendor: Vec::new(),
        sections: Vec::new(),
        items: Vec::new(),
    };
    for section in &q.sections {
        let off = profile.sections.get(&section.id) == Some(&false);
        let mut section_score = SectionScore {
            section: section.id.clone(),
            score: 0,
            max: 0,
        };
        let mut any = false;
        for item in &section.items {
            let Some(requirement) = profile.requirements.get(&item.id) else {
                continue;
            };
            any = true;
            let decided = adjudications.iter().find_map(|a| a.get(&item.id));
            let (outcome, reason) = if off {
                (Outcome::Excluded, Reason::SectionOff)
            } else if let Some(decision) = decided {
                let outcome = match decision.outcome {
                    AdjudicationOutcome::Met => Outcome::Met,
                    AdjudicationOutcome::Unmet => Outcome::Unmet,
                };
                (
                    outcome,
                    Reason::Adjudicated {
                        reason: decision.reason.clone(),
                    },
                )
            } else if bid.held.contains(&item.id) && item.applies(&bid.response.answers) {
                (
                    Outcome::Review,
                    Reason::Held {
                        finding: "formula-answer".into(),
                    },
                )
            } else {
                let judged = judge(q, profile, item, requirement, bid.response);
                // A planned yes is a promise: the profile says how it counts.
                let promise = bid
                    .response
                    .answers
                    .get(&item.id)
                    .and_then(|a| a.planned_promise(Some(item)));
                match (judged, promise) {
                    ((Outcome::Met, _), Some(planned)) => match profile.planned {
                        PlannedRule::Met => (Outcome::Met, Reason::Planned { planned }),
                        PlannedRule::Review => (Outcome::Review, Reason::Planned { planned }),
                        PlannedRule::Unmet => (Outcome::Unmet, Reason::Planned { planned }),
                    },
                    (judged, _) => judged,
                }
            };
            let worth = points.of(requirement.importance);
            match outcome {
                Outcome::Met => {
                    section_score.score += u64::from(worth);
                    section_score.max += u64::from(worth);
                }
                Outcome::Unmet => {
                    section_score.max += u64::from(worth);
                    if requirement.must {
                        result.knockouts.push(item.id.clone());
                    }
                    if let Some(flag) = &requirement.flag {
                        result.flags.push(Flag {
                            item: item.id.clone(),
                            flag: flag.clone(),
                        });
                    }
                }
                Outcome::Review => {
                    result.review.push(item.id.clone());
                    if requirement.must {
                        result.pending.push(item.id.clone());
                    }
                }
                Outcome::Excluded => {}
            }
            if !keep_items {
                continue;
            }
            let answer = bid.response.answers.get(&item.id);
            result.items.push(ItemResult {
                item: item.id.clone(),
                section: section.id.clone(),
                outcome,
                reason,
                importance: requirement.importance,
                points: worth,
                must: requirement.must,
                flag: requirement.flag.clone(),
                expect: requirement.expect.clone(),
                given: answer.map(|a| a.value.clone()).unwrap_or_default(),
                planned: answer.and_then(|a| a.planned_promise(Some(item))),
                remarks: answer.and_then(|a| a.remarks.clone()),
            });
        }
        if any && !off {
            result.score += section_score.score;
            result.max += section_score.max;
            result.sections.push(section_score);
        }
    }
    result.qualified = result.knockouts.is_empty();
    result.percent = percent(result.score, result.max);
    result
}

/// The decision table for one answered-or-not item (sections and adjudications aside).
fn judge(
    q: &Questionnaire,
    profile: &Profile,
    item: &Item,
    requirement: &Requirement,
    response: &Response,
) -> (Outcome, Reason) {
    if !item.applies(&response.answers) {
        return (Outcome::Excluded, Reason::NotApplicable);
    }
    let value = match response.answers.get(&item.id) {
        Some(answer) if !answer.value.is_empty() => &answer.value,
        _ => return (Outcome::Unmet, Reason::Unanswered),
    };
    let expected = |code: &str| requirement.expect.iter().any(|e| e == code);
    let is_review_code = |code: &str| {
        item.answer
            .vocabulary()
            .and_then(|v| q.vocabulary(v))
            .and_then(|v| v.code(code))
            .is_some_and(|c| c.review)
    };
    match (&item.answer, value) {
        (AnswerKind::Single { .. }, AnswerValue::Text(code)) => {
            if code == "na" && profile.na == NaRule::Exclude && !expected("na") {
                (Outcome::Excluded, Reason::NaExcluded)
            } else if expected(code) {
                (Outcome::Met, Reason::Expected)
            } else if is_review_code(code) {
                (Outcome::Review, Reason::NeedsReview)
            } else {
                (Outcome::Unmet, Reason::NotExpected)
            }
        }
        (AnswerKind::Multiple { .. }, AnswerValue::Codes(codes)) => {
            if codes.iter().all(|c| expected(c)) {
                (Outcome::Met, Reason::Expected)
            } else if codes.iter().any(|c| is_review_code(c)) {
                (Outcome::Review, Reason::NeedsReview)
            } else {
                (Outcome::Unmet, Reason::NotExpected)
            }
        }
        (AnswerKind::Text | AnswerKind::Date | AnswerKind::Number, _) => {
            (Outcome::Review, Reason::NeedsReview)
        }
        _ => (Outcome::Unmet, Reason::NotExpected),
    }
}

/// 100 × score / max rounded half-up to one decimal; 0 when max is 0.
///
/// ```
/// assert_eq!(mds_core::score::percent(2, 3), 66.7);
/// assert_eq!(mds_core::score::percent(1, 8), 12.5);
/// assert_eq!(mds_core::score::percent(0, 0), 0.0);
/// ```
pub fn percent(score: u64, max: u64) -> f64 {
    if max == 0 {
        return 0.0;
    }
    let tenths = (2000 * u128::from(score) + u128::from(max)) / (2 * u128::from(max));
    tenths as f64 / 10.0
}

/// Orders vendors and assigns ranks: qualified first; then score/max descending, compared
/// exactly; equal qualification and ratio share a rank (1, 2, 2, 4); within a rank by vendor
/// name, then source.
pub fn rank(vendors: &mut [VendorResult]) {
    vendors.sort_by(|a, b| {
        standing(a, b)
            .then_with(|| a.vendor.cmp(&b.vendor))
            .then_with(|| a.source.cmp(&b.source))
    });
    for i in 0..vendors.len() {
        vendors[i].rank = if i > 0 && standing(&vendors[i - 1], &vendors[i]) == Ordering::Equal {
            vendors[i - 1].rank
        } else {
            i + 1
        };
    }
}

/// Better standing sorts first: qualified, then the higher exact ratio.
fn standing(a: &VendorResult, b: &VendorResult) -> Ordering {
    b.qualified
        .cmp(&a.qualified)
        .then_with(|| ratio_cmp((b.score, b.max), (a.score, a.max)))
}

/// Compares score/max ratios exactly, as cross products; a ratio with max 0 counts as 0.
fn ratio_cmp(x: (u64, u64), y: (u64, u64)) -> Ordering {
    let norm = |(score, max): (u64, u64)| {
        if max == 0 {
            (0, 1)
        } else {
            (u128::from(score), u128::from(max))
        }
    };
    let ((xs, xm), (ys, ym)) = (norm(x), norm(y));
    (xs * ym).cmp(&(ys * xm))
}
