//! Signatures compatible with minisign, as the commands share them: where a file's signature is,
//! reading a public key, checking a file's signature on bytes already read, what a signature
//! vouches for, and refusing unsigned files (`--require-signed`).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use mds_core::Lang;
use serde::Serialize;

use crate::io::{is_workbook, read};

/// The signature of a file.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".minisig");
    PathBuf::from(name)
}

/// What a signature vouches for: read from the document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vouched {
    pub questionnaire: String,
    pub vendor: String,
    pub sha256: String,
}

pub fn vouched(
    file: &Path,
    bytes: &[u8],
    limits: &mds_core::xlsx::Limits,
    catalog: &mds_core::catalog::Catalog,
    lang: Lang,
) -> Result<Vouched> {
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    if is_workbook(bytes) {
        let (imported, entry) = crate::io::import_file(file, bytes, None, catalog, limits, lang)?;
        let r = imported.response;
        return Ok(Vouched {
            questionnaire: entry.questionnaire.name(),
            vendor: clean(r.vendor().unwrap_or("-")),
            sha256: mds_core::digest::digest(&r)
                .trim_start_matches("sha256:")
                .to_string(),
        });
    }
    let value = mds_core::json::parse(bytes, lang).map_err(|e| crate::io::located(file, &e))?;
    let pin = value.get("questionnaire");
    let questionnaire = match (
        pin.and_then(|p| p.get("id")).and_then(|v| v.as_str()),
        pin.and_then(|p| p.get("version")).and_then(|v| v.as_str()),
    ) {
        (Some(id), Some(v)) => format!("{id}@{v}"),
        _ => "-".into(),
    };
    let vendor = value
        .pointer("/cover/vendor")
        .and_then(|v| v.as_str())
        .filter(|v| !v.trim().is_empty())
        .unwrap_or("-");
    Ok(Vouched {
        questionnaire,
        vendor: clean(vendor),
        sha256: mds_core::digest::sha256_hex(mds_core::digest::canonical_json(&value).as_bytes()),
    })
}

/// The status of a file's signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The signature is good and vouches for this document.
    Valid,
    /// There is no FILE.minisig.
    Missing,
    /// The signature does not verify, or vouches for other content.
    Invalid,
}

/// Reads a public key file (minisign's `.pub`, or the key alone in base64).
pub fn public_key(path: &Path, lang: Lang) -> Result<minisign::PublicKey> {
    let text = read(path, lang)?;
    let text = String::from_utf8_lossy(&text);
    minisign::PublicKeyBox::from_string(&text)
        .and_then(|b| b.into_public_key())
        .or_else(|_| minisign::PublicKey::from_base64(text.trim()))
        .map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// Checks a file's signature; the trusted comment, when good.
pub fn check(
    file: &Path,
    public_key: &Path,
    limits: &mds_core::xlsx::Limits,
    catalog: &mds_core::catalog::Catalog,
    lang: Lang,
) -> Result<(Status, String)> {
    let pk = self::public_key(public_key, lang)?;
    let bytes = read(file, lang)?;
    check_bytes(file, &bytes, &pk, limits, catalog, lang)
}

/// Checks the signature of a file's bytes, already read; the trusted comment, when good.
pub fn check_bytes(
    file: &Path,
    bytes: &[u8],
    pk: &minisign::PublicKey,
    limits: &mds_core::xlsx::Limits,
    catalog: &mds_core::catalog::Catalog,
    lang: Lang,
) -> Result<(Status, String)> {
    let sig_path = signature_path(file);
    let Ok(sig_text) = std::fs::read_to_string(&sig_path) else {
        return Ok((Status::Missing, String::new()));
    };
    let Ok(sig) = minisign::SignatureBox::from_string(&sig_text) else {
        return Ok((Status::Invalid, String::new()));
    };
    if minisign::verify(pk, &sig, Cursor::new(bytes), true, false, false).is_err() {
        return Ok((Status::Invalid, String::new()));
    }
    let trusted = sig.trusted_comment().unwrap_or_default();
    // A signature made by mds names the document's canonical digest: it must still match.
    if let Some(signed) = trusted
        .split_whitespace()
        .find_map(|w| w.strip_prefix("sha256="))
    {
        let v = vouched(file, bytes, limits, catalog, lang)?;
        if signed != v.sha256 {
            return Ok((Status::Invalid, trusted));
        }
    }
    Ok((Status::Valid, trusted))
}

/// The status of a signature check made by [`mds_core::submission`].
pub fn status_of(check: &mds_core::score::SignatureCheck) -> Status {
    match check.state {
        mds_core::score::SignatureState::Valid => Status::Valid,
        mds_core::score::SignatureState::Missing => Status::Missing,
        mds_core::score::SignatureState::Invalid => Status::Invalid,
    }
}

/// With `--require-signed`: reports every file whose signature is missing or bad and says
/// whether to refuse (then nothing is written and the exit code is 1).
pub fn refuse_unsigned(
    files: &[PathBuf],
    statuses: &[Option<Status>],
    printer: &crate::output::Printer,
) -> bool {
    let lang = printer.lang();
    let mut refuse = false;
    for (file, status) in files.iter().zip(statuses) {
        let why = match status {
            Some(Status::Valid) => continue,
            Some(Status::Missing) | None => lang.pick("署名がありません", "no signature"),
            Some(Status::Invalid) => lang.pick(
                "署名が正しくありません（署名後に変更されたか別の鍵）",
                "bad signature (changed after signing, or another key)",
            ),
        };
        refuse = true;
        printer.error(&anyhow!("{}: {why}", file.display()));
    }
    if refuse {
        printer.error(
            &anyhow!(
                "{}",
                lang.pick(
                    "--require-signed のため、レポートを作りません。正しく署名されたファイルを受け取ってください。",
                    "--require-signed: no report written; obtain correctly signed files"
                )
            ),
        );
    }
    refuse
}
