//! Generated documentation: `docs/answer-words.md` is the table of the answer words
//! (`mds_core::normalize::ANSWER_WORDS`). `MDS_UPDATE_DOCS=1 cargo test -p mds-core --test docs`
//! rewrites it.

use std::path::PathBuf;

#[test]
fn answer_words_table_is_generated_from_the_vocabulary() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../docs/answer-words.md");
    let want = mds_core::normalize::answer_words_markdown();
    if std::env::var_os("MDS_UPDATE_DOCS").is_some() {
        std::fs::write(&path, &want).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "{} is out of date: run MDS_UPDATE_DOCS=1 cargo test -p mds-core --test docs",
        path.display()
    );
    // Every word of the table is read as its code by a vocabulary without aliases.
    let q: mds_core::model::Questionnaire = serde_json::from_str(
        r#"{"format":"mds-questionnaire/1","id":"t","version":"1","title":{"ja":"t","en":"t"},
        "vocabularies":[{"id":"v","codes":[{"code":"yes","label":{"ja":"はい","en":"Yes"}},
        {"code":"no","label":{"ja":"いいえ","en":"No"}},{"code":"na","label":{"ja":"対象外","en":"N/A"}}]}],
        "cover":[{"id":"vendor","label":{"ja":"事業者名","en":"Vendor"}}],"sections":[]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let matcher = mds_core::normalize::Matcher::new(&q);
    for (code, words) in mds_core::normalize::ANSWER_WORDS {
        for word in *words {
            assert_eq!(
                matcher.find("v", word).map(|c| c.code.as_str()),
                Some(*code),
                "{word}"
            );
        }
    }
}
