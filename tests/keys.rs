//! Every vendor signs with its own key: `--public-key` is given once per vendor, or `--keys DIR`
//! reads a folder where `NAME.pub` is the key of the vendor NAME. Each bid is checked with the
//! key that signed it, every report names that key, and a bid signed with another vendor's key
//! is refused under `--require-signed`.

use std::path::{Path, PathBuf};

use crate::util::{Sandbox, root};

/// A key pair without a password: (secret, public).
fn key_pair(sandbox: &Sandbox, name: &str) -> (PathBuf, PathBuf) {
    let run = sandbox
        .mds("key")
        .args(["new", "--no-password", "-o"])
        .arg(sandbox.path(name))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    (
        sandbox.path(&format!("{name}.key")),
        sandbox.path(&format!("{name}.pub")),
    )
}

/// The id a public key file shows on its first line (`minisign public key: ID`).
fn id_of(pub_file: &Path) -> String {
    let text = std::fs::read_to_string(pub_file).unwrap_or_default();
    text.lines()
        .next()
        .and_then(|l| l.rsplit(' ').next())
        .unwrap_or_default()
        .to_string()
}

/// A copy of a sample bid, sealed with `secret`.
fn sealed(sandbox: &Sandbox, sample: &str, name: &str, secret: &Path) -> PathBuf {
    let file = sandbox.write(
        name,
        std::fs::read(root().join("samples/responses").join(sample)).unwrap_or_default(),
    );
    let run = sandbox
        .mds("seal")
        .arg(&file)
        .arg("--secret-key")
        .arg(secret)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    file
}

const VENDOR_A: &str = "サンプル医療クラウド株式会社（架空）";
const VENDOR_B: &str = "架空システムズ株式会社";

#[test]
fn each_bid_is_checked_with_the_key_that_signed_it_and_reports_name_it() {
    let sandbox = Sandbox::new();
    let (a_secret, a_pub) = key_pair(&sandbox, "a");
    let (b_secret, b_pub) = key_pair(&sandbox, "b");
    let a = sealed(&sandbox, "vendor-a.json", "a.json", &a_secret);
    let b = sealed(&sandbox, "vendor-b.json", "b.json", &b_secret);
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "json",
        ])
        .arg("--public-key")
        .arg(&a_pub)
        .arg("--public-key")
        .arg(&b_pub)
        .arg("--require-signed")
        .arg(&a)
        .arg(&b)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let mut seen: Vec<(String, String, String)> = report["ranking"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|v| {
            let s = &v["signature"];
            (
                s["state"].as_str().unwrap_or("").to_string(),
                s["key"].as_str().unwrap_or("").to_string(),
                s["key_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    seen.sort();
    let mut expected = vec![
        ("valid".to_string(), "a.pub".to_string(), id_of(&a_pub)),
        ("valid".to_string(), "b.pub".to_string(), id_of(&b_pub)),
    ];
    expected.sort();
    assert_eq!(seen, expected, "{report}");

    // The people's reports name the key beside the state.
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "md",
        ])
        .arg("--public-key")
        .arg(&a_pub)
        .arg("--public-key")
        .arg(&b_pub)
        .arg(&a)
        .arg(&b)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    for (file, id) in [("a.pub", id_of(&a_pub)), ("b.pub", id_of(&b_pub))] {
        assert!(
            run.stdout.contains(file) && run.stdout.contains(&id),
            "{file} {id}: {}",
            run.stdout
        );
    }
    // validate names the key too.
    let run = sandbox
        .mds("validate")
        .args(["--format", "json", "--public-key"])
        .arg(&a_pub)
        .arg("--public-key")
        .arg(&b_pub)
        .arg(&b)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = &run.json()["files"][0];
    assert_eq!(file["signature"], "valid", "{file}");
    assert_eq!(file["key"], "b.pub", "{file}");
    assert_eq!(file["key_id"], id_of(&b_pub).as_str(), "{file}");

    // With only one of the keys, the other bid's signature is by a key not given.
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "json",
        ])
        .arg("--public-key")
        .arg(&a_pub)
        .arg(&a)
        .arg(&b)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let report = run.json();
    let of_b = report["ranking"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|v| v["vendor"] == VENDOR_B)
        .map(|v| v["signature"].clone())
        .unwrap_or_default();
    assert_eq!(of_b["state"], "invalid", "{report}");
    assert_eq!(of_b["key_id"], id_of(&b_pub).as_str(), "{report}");
}

#[test]
fn a_folder_of_keys_binds_each_key_to_its_vendor() {
    let sandbox = Sandbox::new();
    let (a_secret, a_pub) = key_pair(&sandbox, "a");
    let (_, b_pub) = key_pair(&sandbox, "b");
    let keys = sandbox.path("keys");
    std::fs::create_dir_all(&keys).unwrap_or_else(|e| panic!("{e}"));
    // Names as a Windows user saves them: NFD in one, a trailing space in the other.
    std::fs::copy(
        &a_pub,
        keys.join(format!("{} .pub", VENDOR_A.replace('プ', "フ\u{309A}"))),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    std::fs::copy(&b_pub, keys.join(format!("{VENDOR_B}.pub"))).unwrap_or_else(|e| panic!("{e}"));
    let a = sealed(&sandbox, "vendor-a.json", "a.json", &a_secret);
    // Vendor A signs a bid that names vendor B.
    let impostor = sealed(&sandbox, "vendor-b.json", "b.json", &a_secret);
    let out = sandbox.path("report.html");
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "--keys"])
        .arg(&keys)
        .args(["--require-signed", "-o"])
        .arg(&out)
        .arg(&a)
        .arg(&impostor)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(!out.exists(), "no report");
    assert!(
        run.stderr.contains("b.json") && run.stderr.contains(VENDOR_A),
        "{}",
        run.stderr
    );
    // Alone, vendor A's own bid passes.
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "--keys"])
        .arg(&keys)
        .args(["--require-signed", "--format", "json"])
        .arg(&a)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.json()["ranking"][0]["signature"]["state"], "valid");
    // Without --require-signed the impostor is compared, its signature shown as bad.
    let run = sandbox
        .mds("compare")
        .args(["--profile", "samples/profiles/hospital.json", "--keys"])
        .arg(&keys)
        .args(["--format", "json"])
        .arg(&impostor)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let signature = &run.json()["ranking"][0]["signature"];
    assert_eq!(signature["state"], "invalid", "{signature}");
    assert_eq!(signature["other_vendor"], true, "{signature}");
    // validate refuses it too, naming whose key it is.
    let run = sandbox
        .mds("validate")
        .arg("--keys")
        .arg(&keys)
        .arg("--require-signed")
        .arg(&impostor)
        .run();
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains(VENDOR_A), "{}", run.stderr);
    // A key given with --public-key is bound to no one.
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--public-key",
        ])
        .arg(&a_pub)
        .args(["--require-signed", "--format", "json"])
        .arg(&impostor)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_wrong_kind_of_key_file_and_missing_keys_are_named() {
    let sandbox = Sandbox::new();
    let (a_secret, _) = key_pair(&sandbox, "a");
    let a = sealed(&sandbox, "vendor-a.json", "a.json", &a_secret);
    // A secret key given as a public key.
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--public-key",
        ])
        .arg(&a_secret)
        .arg(&a)
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("秘密鍵") && run.stderr.contains("a.key"),
        "{}",
        run.stderr
    );
    // --require-signed without any key.
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--require-signed",
        ])
        .arg(&a)
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("--public-key") && run.stderr.contains("--keys"),
        "{}",
        run.stderr
    );
    // A folder with no key in it.
    let empty = sandbox.path("empty");
    std::fs::create_dir_all(&empty).unwrap_or_else(|e| panic!("{e}"));
    let run = sandbox
        .mds("validate")
        .arg("--keys")
        .arg(&empty)
        .arg(&a)
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains(".pub"), "{}", run.stderr);
}

/// Key handling speaks the user's language: without a terminal to ask for a password on, the
/// message says to set MDS_KEY_PASSWORD (and no key is made); a wrong password and a file that
/// is no key are named in Japanese.
#[test]
fn passwords_are_asked_for_in_japanese_and_mds_key_password_is_named() {
    let sandbox = Sandbox::new();
    let run = sandbox
        .mds("key")
        .args(["new", "-o"])
        .arg(sandbox.path("k"))
        .run();
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("MDS_KEY_PASSWORD") && run.stderr.contains("端末"),
        "{}",
        run.stderr
    );
    assert!(!sandbox.path("k.key").exists() && !sandbox.path("k.pub").exists());
    let run = sandbox
        .mds("key")
        .args(["new", "-o"])
        .arg(sandbox.path("k"))
        .env("MDS_KEY_PASSWORD", "正しいパスワード")
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let doc = sandbox.write(
        "a.json",
        std::fs::read(root().join("samples/responses/vendor-a.json")).unwrap_or_default(),
    );
    let seal = |password: Option<&str>, key: &Path| {
        let mut mds = sandbox.mds("seal").arg(&doc).arg("--secret-key").arg(key);
        if let Some(p) = password {
            mds = mds.env("MDS_KEY_PASSWORD", p);
        }
        mds.run()
    };
    let run = seal(None, &sandbox.path("k.key"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("MDS_KEY_PASSWORD"), "{}", run.stderr);
    let run = seal(Some("違う"), &sandbox.path("k.key"));
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("パスワードが違います") && run.stderr.contains("MDS_KEY_PASSWORD"),
        "{}",
        run.stderr
    );
    let not_a_key = sandbox.write("memo.txt", "鍵ではありません");
    let run = seal(Some("正しいパスワード"), &not_a_key);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("秘密鍵として読めません"),
        "{}",
        run.stderr
    );
    let run = seal(Some("正しいパスワード"), &sandbox.path("k.key"));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = sandbox
        .mds("verify")
        .arg(&doc)
        .arg("--public-key")
        .arg(sandbox.path("k.pub"))
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
}
