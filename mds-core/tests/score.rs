//! Hand-worked scoring: every row of the decision table, ranks, knock-outs, pending, flags,
//! points, zero max, equal names; and a property: the ranking does not depend on input order.

use mds_core::model::{Profile, Questionnaire, Response};
use mds_core::score::{Bid, Comparison, Outcome, Reason, compare};
use proptest::prelude::*;

const Q: &str = r#"{"format":"mds-questionnaire/1","id":"t","version":"1","title":{"ja":"t","en":"t"},
  "vocabularies":[
    {"id":"yn","codes":[{"code":"yes","label":{"ja":"はい","en":"Yes"}},{"code":"no","label":{"ja":"いいえ","en":"No"}},{"code":"na","label":{"ja":"対象外","en":"N/A"}}]},
    {"id":"rv","codes":[{"code":"yes","label":{"ja":"はい","en":"Yes"}},{"code":"see","label":{"ja":"備考参照","en":"See Notes"},"review":true}]},
    {"id":"abc","codes":[{"code":"a","label":{"ja":"A","en":"A"}},{"code":"b","label":{"ja":"B","en":"B"}},{"code":"c","label":{"ja":"C","en":"C"}}]}],
  "cover":[{"id":"vendor","label":{"ja":"事業者名","en":"Vendor"}}],
  "sections":[
    {"id":"S1","title":{"ja":"S1","en":"S1"},"items":[
      {"id":"I1","answer":{"kind":"single","vocabulary":"yn"}},
      {"id":"I2","answer":{"kind":"single","vocabulary":"yn"}},
      {"id":"I3","answer":{"kind":"multiple","vocabulary":"abc"}},
      {"id":"I4","answer":{"kind":"text"}},
      {"id":"I5","answer":{"kind":"single","vocabulary":"yn"},"rules":[{"rule":"applies-when","item":"I1","is":["yes"]}]},
      {"id":"I6","answer":{"kind":"single","vocabulary":"rv"}}]},
    {"id":"S2","title":{"ja":"S2","en":"S2"},"items":[
      {"id":"J1","answer":{"kind":"single","vocabulary":"yn"}}]}]}"#;

fn questionnaire() -> Questionnaire {
    serde_json::from_str(Q).unwrap_or_else(|e| panic!("{e}"))
}

fn profile(requirements: &str, extra: &str) -> Profile {
    let json = format!(
        r#"{{"format":"mds-profile/1","questionnaire":{{"id":"t","version":"1"}},"requirements":{requirements}{extra}}}"#
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn response(vendor: &str, answers: &str) -> Response {
    let cover = if vendor.is_empty() {
        "{}".to_string()
    } else {
        format!(r#"{{"vendor":"{vendor}"}}"#)
    };
    let json = format!(
        r#"{{"format":"mds-response/1","questionnaire":{{"id":"t","version":"1"}},"cover":{cover},"answers":{answers}}}"#
    );
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

fn run(p: &Profile, bids: &[(&str, Response)]) -> Comparison {
    let q = questionnaire();
    let bids: Vec<Bid> = bids
        .iter()
        .map(|(s, r)| Bid {
            source: s,
            response: r,
            errors: 0,
            warnings: 0,
            signature: None,
            held: &[],
        })
        .collect();
    compare(&q, p, &bids)
}

/// Outcome and reason of one item for a single bid.
fn check(
    requirements: &str,
    extra: &str,
    answers: &str,
    item: &str,
    outcome: Outcome,
    reason: Reason,
) {
    let c = run(
        &profile(requirements, extra),
        &[("v.json", response("V", answers))],
    );
    let r = c.vendors[0]
        .items
        .iter()
        .find(|i| i.item == item)
        .unwrap_or_else(|| panic!("no {item}"));
    assert_eq!(
        (r.outcome, &r.reason),
        (outcome, &reason),
        "{item} with {answers} under {requirements}{extra}"
    );
}

#[test]
fn decision_table() {
    use Outcome::*;
    let yes = r#"{"I1":{"expect":["yes"]}}"#;
    // Single choice in expect -> met; outside -> unmet; unknown code -> unmet.
    check(
        yes,
        "",
        r#"{"I1":{"value":"yes"}}"#,
        "I1",
        Met,
        Reason::Expected,
    );
    check(
        yes,
        "",
        r#"{"I1":{"value":"no"}}"#,
        "I1",
        Unmet,
        Reason::NotExpected,
    );
    check(
        yes,
        "",
        r#"{"I1":{"value":"maybe"}}"#,
        "I1",
        Unmet,
        Reason::NotExpected,
    );
    // Unanswered: absent, null, empty string.
    check(yes, "", r#"{}"#, "I1", Unmet, Reason::Unanswered);
    check(
        yes,
        "",
        r#"{"I1":{"value":null,"raw":"??"}}"#,
        "I1",
        Unmet,
        Reason::Unanswered,
    );
    check(
        yes,
        "",
        r#"{"I1":{"value":"  "}}"#,
        "I1",
        Unmet,
        Reason::Unanswered,
    );
    // Multiple choice: non-empty and all expected -> met; one outside -> unmet; empty -> unanswered.
    let ab = r#"{"I3":{"expect":["a","b"]}}"#;
    check(
        ab,
        "",
        r#"{"I3":{"value":["a","b"]}}"#,
        "I3",
        Met,
        Reason::Expected,
    );
    check(
        ab,
        "",
        r#"{"I3":{"value":["a","c"]}}"#,
        "I3",
        Unmet,
        Reason::NotExpected,
    );
    check(
        ab,
        "",
        r#"{"I3":{"value":[]}}"#,
        "I3",
        Unmet,
        Reason::Unanswered,
    );
    // A single code where a list belongs is not a valid answer: unmet.
    check(
        ab,
        "",
        r#"{"I3":{"value":"a"}}"#,
        "I3",
        Unmet,
        Reason::NotExpected,
    );
    // na: expected by default rule -> judged against expect; exclude -> excluded unless expected.
    check(
        yes,
        "",
        r#"{"I1":{"value":"na"}}"#,
        "I1",
        Unmet,
        Reason::NotExpected,
    );
    check(
        yes,
        r#","na":"exclude""#,
        r#"{"I1":{"value":"na"}}"#,
        "I1",
        Excluded,
        Reason::NaExcluded,
    );
    check(
        r#"{"I1":{"expect":["yes","na"]}}"#,
        r#","na":"exclude""#,
        r#"{"I1":{"value":"na"}}"#,
        "I1",
        Met,
        Reason::Expected,
    );
    // Free text and review codes -> review; an expected review code is met.
    check(
        r#"{"I4":{"expect":[]}}"#,
        "",
        r#"{"I4":{"value":"we do"}}"#,
        "I4",
        Review,
        Reason::NeedsReview,
    );
    check(
        r#"{"I4":{"expect":[]}}"#,
        "",
        r#"{}"#,
        "I4",
        Unmet,
        Reason::Unanswered,
    );
    check(
        r#"{"I6":{"expect":["yes"]}}"#,
        "",
        r#"{"I6":{"value":"see"}}"#,
        "I6",
        Review,
        Reason::NeedsReview,
    );
    check(
        r#"{"I6":{"expect":["yes","see"]}}"#,
        "",
        r#"{"I6":{"value":"see"}}"#,
        "I6",
        Met,
        Reason::Expected,
    );
    // Not applicable: I5 applies only when I1 is yes.
    check(
        r#"{"I5":{"expect":["yes"]}}"#,
        "",
        r#"{"I1":{"value":"no"},"I5":{"value":"no"}}"#,
        "I5",
        Excluded,
        Reason::NotApplicable,
    );
    check(
        r#"{"I5":{"expect":["yes"]}}"#,
        "",
        r#"{"I1":{"value":"yes"}}"#,
        "I5",
        Unmet,
        Reason::Unanswered,
    );
    // Section switched off.
    check(
        r#"{"J1":{"expect":["yes"]}}"#,
        r#","sections":{"S2":false}"#,
        r#"{"J1":{"value":"no"}}"#,
        "J1",
        Excluded,
        Reason::SectionOff,
    );
    // Adjudication by vendor name, file name, or file name without extension.
    for key in ["V", "v.json", "v"] {
        let extra =
            format!(r#","adjudications":{{"{key}":{{"I4":{{"outcome":"met","reason":"ok"}}}}}}"#);
        check(
            r#"{"I4":{"expect":[]}}"#,
            &extra,
            r#"{"I4":{"value":"we do"}}"#,
            "I4",
            Met,
            Reason::Adjudicated {
                reason: "ok".into(),
            },
        );
    }
    let extra = r#","adjudications":{"V":{"I1":{"outcome":"unmet","reason":"not credible"}}}"#;
    check(
        yes,
        extra,
        r#"{"I1":{"value":"yes"}}"#,
        "I1",
        Unmet,
        Reason::Adjudicated {
            reason: "not credible".into(),
        },
    );
}

#[test]
fn points_score_max_and_percent() {
    // critical 20, standard 10, minor 5, none 0; review and excluded count in neither.
    let p = profile(
        r#"{"I1":{"expect":["yes"],"importance":"critical"},"I2":{"expect":["yes"]},
            "I3":{"expect":["a"],"importance":"minor"},"I4":{"expect":[],"importance":"critical"},
            "J1":{"expect":["yes"],"importance":"none"}}"#,
        "",
    );
    let c = run(
        &p,
        &[(
            "v.json",
            response(
                "V",
                r#"{"I1":{"value":"yes"},"I2":{"value":"no"},"I3":{"value":["a"]},"I4":{"value":"text"},"J1":{"value":"no"}}"#,
            ),
        )],
    );
    let v = &c.vendors[0];
    assert_eq!((v.score, v.max, v.percent), (25, 35, 71.4));
    assert_eq!(v.review, ["I4"]);
    assert_eq!(
        v.sections
            .iter()
            .map(|s| (s.section.as_str(), s.score, s.max))
            .collect::<Vec<_>>(),
        [("S1", 25, 35), ("S2", 0, 0)]
    );
    // Custom points merged over the defaults.
    let p = profile(
        r#"{"I1":{"expect":["yes"],"importance":"critical"},"I2":{"expect":["yes"]}}"#,
        r#","points":{"critical":3}"#,
    );
    let c = run(
        &p,
        &[(
            "v.json",
            response("V", r#"{"I1":{"value":"yes"},"I2":{"value":"no"}}"#),
        )],
    );
    assert_eq!(
        (c.vendors[0].score, c.vendors[0].max, c.vendors[0].percent),
        (3, 13, 23.1)
    );
    // Zero max: everything excluded -> percent 0.
    let p = profile(
        r#"{"J1":{"expect":["yes"]}}"#,
        r#","sections":{"S2":false}"#,
    );
    let c = run(&p, &[("v.json", response("V", r#"{}"#))]);
    assert_eq!(
        (
            c.vendors[0].score,
            c.vendors[0].max,
            c.vendors[0].percent,
            c.vendors[0].qualified
        ),
        (0, 0, 0.0, true)
    );
}

#[test]
fn knockouts_pending_and_flags() {
    let p = profile(
        r#"{"I1":{"expect":["yes"],"must":true},"I4":{"expect":[],"must":true},
            "I2":{"expect":["yes","na"],"flag":"リスク評価が必要"},"J1":{"expect":["yes"],"must":true,"flag":"要確認"}}"#,
        "",
    );
    let c = run(
        &p,
        &[
            (
                "a.json",
                response(
                    "A",
                    r#"{"I1":{"value":"yes"},"I4":{"value":"text"},"I2":{"value":"no"},"J1":{"value":"yes"}}"#,
                ),
            ),
            (
                "b.json",
                response(
                    "B",
                    r#"{"I1":{"value":"no"},"I4":{"value":"text"},"I2":{"value":"yes"},"J1":{"value":"no"}}"#,
                ),
            ),
        ],
    );
    let a = c
        .vendors
        .iter()
        .find(|v| v.vendor == "A")
        .unwrap_or_else(|| unreachable!());
    assert!(a.qualified, "a must item in review does not knock out");
    assert_eq!(a.pending, ["I4"]);
    assert!(a.knockouts.is_empty());
    assert_eq!(
        a.flags
            .iter()
            .map(|f| (f.item.as_str(), f.flag.as_str()))
            .collect::<Vec<_>>(),
        [("I2", "リスク評価が必要")]
    );
    let b = c
        .vendors
        .iter()
        .find(|v| v.vendor == "B")
        .unwrap_or_else(|| unreachable!());
    assert!(!b.qualified);
    assert_eq!(b.knockouts, ["I1", "J1"]);
    assert_eq!(
        b.flags.iter().map(|f| f.item.as_str()).collect::<Vec<_>>(),
        ["J1"],
        "a flagged must item knocks out and flags"
    );
}

#[test]
fn ranking_shares_ranks_and_puts_knockouts_last() {
    let p = profile(
        r#"{"I1":{"expect":["yes"],"must":true},"I2":{"expect":["yes"]},"J1":{"expect":["yes"]}}"#,
        "",
    );
    let all = r#"{"I1":{"value":"yes"},"I2":{"value":"yes"},"J1":{"value":"yes"}}"#;
    let two = r#"{"I1":{"value":"yes"},"I2":{"value":"yes"},"J1":{"value":"no"}}"#;
    let one = r#"{"I1":{"value":"yes"},"I2":{"value":"no"},"J1":{"value":"no"}}"#;
    let out = r#"{"I1":{"value":"no"},"I2":{"value":"yes"},"J1":{"value":"yes"}}"#;
    let c = run(
        &p,
        &[
            ("z.json", response("Zeta", out)),
            ("c.json", response("Gamma", one)),
            ("b2.json", response("Beta", two)),
            ("a.json", response("Alpha", all)),
            ("b1.json", response("Beta", two)),
            ("d.json", response("", two)),
        ],
    );
    let got: Vec<(usize, &str, &str, bool)> = c
        .vendors
        .iter()
        .map(|v| (v.rank, v.vendor.as_str(), v.source.as_str(), v.qualified))
        .collect();
    assert_eq!(
        got,
        [
            (1, "Alpha", "a.json", true),
            // Equal qualification and ratio share a rank; by name, then source ("d" has no
            // cover.vendor: its file name stands in).
            (2, "Beta", "b1.json", true),
            (2, "Beta", "b2.json", true),
            (2, "d", "d.json", true),
            (5, "Gamma", "c.json", true),
            // Knocked out despite a high score: after every qualified vendor.
            (6, "Zeta", "z.json", false),
        ]
    );
    // Ratios are compared exactly: 2/3 ties 20/30, and beats 66.6/100.
    let q = r#"{"I1":{"expect":["yes"]},"I2":{"expect":["yes"]},"J1":{"expect":["yes"],"importance":"critical"}}"#;
    let c = run(
        &profile(q, ""),
        &[
            ("x.json", response("X", two)),
            (
                "y.json",
                response(
                    "Y",
                    r#"{"I1":{"value":"yes"},"I2":{"value":"no"},"J1":{"value":"yes"}}"#,
                ),
            ),
        ],
    );
    assert_eq!(
        c.vendors
            .iter()
            .map(|v| (v.rank, v.score, v.max))
            .collect::<Vec<_>>(),
        [(1, 30, 40), (2, 20, 40)]
    );
}

#[test]
fn unmatched_adjudications_are_reported() {
    let p = profile(
        r#"{"I4":{"expect":[]}}"#,
        r#","adjudications":{"Nobody":{"I4":{"outcome":"met","reason":"-"}}}"#,
    );
    let c = run(&p, &[("v.json", response("V", r#"{"I4":{"value":"x"}}"#))]);
    assert_eq!(c.unmatched_adjudications, ["Nobody"]);
}

fn random_response() -> impl Strategy<Value = (String, Response)> {
    let code = prop_oneof![Just("yes"), Just("no"), Just("na"), Just("")];
    (0..4usize, proptest::collection::vec(code, 4)).prop_map(|(name, codes)| {
        let answers: Vec<String> = ["I1", "I2", "I5", "J1"]
            .iter()
            .zip(codes)
            .map(|(id, c)| format!(r#""{id}":{{"value":"{c}"}}"#))
            .collect();
        let vendor = ["", "A", "B", "C"][name];
        (
            String::new(),
            response(vendor, &format!("{{{}}}", answers.join(","))),
        )
    })
}

proptest! {
    #[test]
    fn ranking_does_not_depend_on_input_order(
        bids in proptest::collection::vec(random_response(), 1..7).prop_flat_map(|b| {
            let n = b.len();
            (Just(b), Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        })
    ) {
        // Each input is a distinct file, as on a command line.
        let (mut bids, order) = bids;
        for (i, b) in bids.iter_mut().enumerate() { b.0 = format!("bids/f{}.json", i % 3 * 10 + i); }
        let p = profile(r#"{"I1":{"expect":["yes"],"must":true},"I2":{"expect":["yes","na"],"flag":"f"},"I5":{"expect":["yes"]},"J1":{"expect":["yes"],"importance":"critical"}}"#, r#","na":"exclude""#);
        let given: Vec<(&str, Response)> = bids.iter().map(|(s, r)| (s.as_str(), r.clone())).collect();
        let shuffled: Vec<(&str, Response)> = order.iter().map(|&i| given[i].clone()).collect();
        let a = run(&p, &given);
        let b = run(&p, &shuffled);
        // Vendors with the same name and source are indistinguishable; compare what is shown.
        let view = |c: &Comparison| c.vendors.iter().map(|v| (v.rank, v.vendor.clone(), v.source.clone(), v.score, v.max, v.qualified)).collect::<Vec<_>>();
        prop_assert_eq!(view(&a), view(&b));
        // Ranks are 1-based, non-decreasing, and each rank equals 1 + the number of vendors before it
        // with a different standing.
        for (i, v) in a.vendors.iter().enumerate() {
            prop_assert!(v.rank >= 1 && v.rank <= i + 1);
            if i > 0 { prop_assert!(v.rank >= a.vendors[i - 1].rank); }
        }
    }
}
