//! `mds schema NAME` prints the schemas stored in `schemas/`.

use crate::util::{Sandbox, root};

#[test]
fn prints_the_stored_schemas() {
    let sandbox = Sandbox::new();
    for name in ["questionnaire", "response", "profile"] {
        let run = sandbox.mds("schema").arg(name).run();
        assert_eq!(run.code, 0);
        let stored = std::fs::read_to_string(root().join(format!("schemas/{name}.schema.json")))
            .unwrap_or_default();
        assert!(
            run.stdout == stored,
            "mds schema {name} differs from schemas/{name}.schema.json"
        );
    }
    let run = sandbox.mds("schema").arg("nope").run();
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("questionnaire, response, profile"),
        "{}",
        run.stderr
    );
}
