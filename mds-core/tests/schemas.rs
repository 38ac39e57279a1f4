//! The JSON Schemas in `schemas/` are generated from the Rust types. This test regenerates them
//! and fails on drift; run with `MDS_UPDATE_SCHEMAS=1` to rewrite the files.

use std::path::PathBuf;

use mds_core::schema::{Kind, schema_text};

#[test]
fn schemas_match_the_types() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let update = std::env::var_os("MDS_UPDATE_SCHEMAS").is_some();
    for kind in Kind::ALL {
        let path = dir.join(format!("{}.schema.json", kind.name()));
        let fresh = schema_text(kind);
        if update {
            std::fs::write(&path, &fresh).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            continue;
        }
        let stored = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            stored == fresh,
            "{} is out of date: run `MDS_UPDATE_SCHEMAS=1 cargo test -p mds-core --test schemas`",
            path.display()
        );
    }
}
