//! Signatures compatible with minisign, as the commands share them: where a file's signature is,
//! reading a public key, checking a file's signature on bytes already read, what a signature
//! vouches for, and refusing unsigned files (`--require-signed`).

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
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

/// Reads a public key file (minisign's `.pub`, or the key alone in base64). A secret key given
/// instead is named as such.
pub fn public_key(path: &Path, lang: Lang) -> Result<minisign::PublicKey> {
    let text = crate::io::read_bounded(path, 1 << 16, lang)?;
    let text = String::from_utf8_lossy(&text);
    minisign::PublicKeyBox::from_string(&text)
        .and_then(|b| b.into_public_key())
        .or_else(|_| minisign::PublicKey::from_base64(text.trim()))
        .map_err(|e| {
            if text.lines().next().is_some_and(|l| l.contains("secret key")) {
                match lang {
                    Lang::Ja => anyhow!(
                        "{} は秘密鍵（.key）です。ここには公開鍵（.pub）を指定してください。秘密鍵は事業者の手元から出さないでください。",
                        path.display()
                    ),
                    Lang::En => anyhow!(
                        "{} is a secret key (.key); give the public key (.pub) here. A secret key never leaves its owner.",
                        path.display()
                    ),
                }
            } else {
                match lang {
                    Lang::Ja => anyhow!(
                        "{} は公開鍵として読めません（{e}）。mds key new または minisign -G が作った .pub を指定してください。",
                        path.display()
                    ),
                    Lang::En => anyhow!(
                        "{} cannot be read as a public key ({e}); give a .pub made by mds key new or minisign -G.",
                        path.display()
                    ),
                }
            }
        })
}

/// The keys of `--public-key` (each unbound) and `--keys DIR` (`NAME.pub` bound to the vendor
/// NAME); None when neither is given. `--require-signed` without a key is refused.
pub fn keys(args: &crate::args::SignatureArgs, lang: Lang) -> Result<Option<mds_core::keys::Keys>> {
    let mut keys = mds_core::keys::Keys::default();
    let file_name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    for path in &args.public_key {
        keys.add(public_key(path, lang)?, &file_name(path), None);
    }
    if let Some(dir) = &args.keys {
        let entries = std::fs::read_dir(dir).map_err(|e| match lang {
            Lang::Ja => anyhow!(
                "--keys の {} を読めません: {}。公開鍵（事業者名.pub）を置いたフォルダーを指定してください。",
                dir.display(),
                crate::output::os_error(&e, lang)
            ),
            Lang::En => anyhow!(
                "cannot read --keys {}: {}; give a folder of public keys (VENDOR.pub).",
                dir.display(),
                crate::output::os_error(&e, lang)
            ),
        })?;
        let mut pubs: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x.eq_ignore_ascii_case("pub")) && p.is_file())
            .collect();
        pubs.sort();
        if pubs.is_empty() {
            bail!(match lang {
                Lang::Ja => format!(
                    "--keys の {} に公開鍵（.pub）がありません。事業者ごとに「事業者名.pub」を置いてください。",
                    dir.display()
                ),
                Lang::En => format!(
                    "--keys {} holds no public key (.pub); put one VENDOR.pub per vendor there.",
                    dir.display()
                ),
            });
        }
        for path in &pubs {
            let vendor = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            keys.add(public_key(path, lang)?, &file_name(path), Some(&vendor));
        }
    }
    if keys.is_empty() {
        if args.require_signed {
            bail!(
                "{}",
                lang.pick(
                    "--require-signed には、確かめる鍵を --public-key（事業者の公開鍵）か --keys（公開鍵のフォルダー）で指定してください。",
                    "--require-signed needs the keys to check with: --public-key (a vendor's public key) or --keys (a folder of them)."
                )
            );
        }
        return Ok(None);
    }
    Ok(Some(keys))
}

/// The text of a file's signature (`FILE.minisig`), when there is one; read through a bound (a
/// signature is a few hundred bytes: anything longer is no signature of ours and fails).
pub fn read_signature(file: &Path) -> Option<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(signature_path(file)).ok()?;
    let mut bytes = Vec::new();
    f.take(1 << 16).read_to_end(&mut bytes).ok()?;
    Some(bytes)
}

/// Checks a file's signature with one key file (`mds verify`); the trusted comment, when good.
pub fn check(
    file: &Path,
    public_key: &Path,
    limits: &mds_core::xlsx::Limits,
    catalog: &mds_core::catalog::Catalog,
    lang: Lang,
) -> Result<(Status, String)> {
    let mut keys = mds_core::keys::Keys::default();
    keys.add(
        self::public_key(public_key, lang)?,
        &public_key.display().to_string(),
        None,
    );
    let bytes = read(file, lang)?;
    let signature = read_signature(file);
    let (check, trusted) = check_bytes(
        file,
        &bytes,
        signature.as_deref(),
        &keys,
        limits,
        catalog,
        lang,
    )?;
    Ok((status_of(&check), trusted))
}

/// Checks the signature (the text of `FILE.minisig`, when there is one) of a file's bytes, both
/// already read, with the key that made it; the check (naming the key) and the trusted comment,
/// when good. A key bound to a vendor vouches for a document naming that vendor only.
pub fn check_bytes(
    file: &Path,
    bytes: &[u8],
    signature: Option<&[u8]>,
    keys: &mds_core::keys::Keys,
    limits: &mds_core::xlsx::Limits,
    catalog: &mds_core::catalog::Catalog,
    lang: Lang,
) -> Result<(mds_core::score::SignatureCheck, String)> {
    let (mut check, _) = keys.check(bytes, signature);
    if check.state != mds_core::score::SignatureState::Valid {
        return Ok((check, String::new()));
    }
    let trusted = signature
        .and_then(|s| std::str::from_utf8(s).ok())
        .and_then(|t| minisign::SignatureBox::from_string(t).ok())
        .and_then(|s| s.trusted_comment().ok())
        .unwrap_or_default();
    let signed = trusted
        .split_whitespace()
        .find_map(|w| w.strip_prefix("sha256="));
    if signed.is_some() || !check.vendors.is_empty() {
        let v = vouched(file, bytes, limits, catalog, lang)?;
        // A signature made by mds names the document's canonical digest: it must still match.
        if signed.is_some_and(|s| s != v.sha256) {
            check.state = mds_core::score::SignatureState::Invalid;
            return Ok((check, trusted));
        }
        keys.bind(&mut check, if v.vendor == "-" { "" } else { &v.vendor });
    }
    Ok((check, trusted))
}

/// The status of a signature check made by [`mds_core::submission`].
pub fn status_of(check: &mds_core::score::SignatureCheck) -> Status {
    match check.state {
        mds_core::score::SignatureState::Valid => Status::Valid,
        mds_core::score::SignatureState::Missing => Status::Missing,
        mds_core::score::SignatureState::Invalid => Status::Invalid,
    }
}

/// Why a file with this signature state is refused under `--require-signed`; None when good.
pub fn why_unsigned(status: &Status, lang: Lang) -> Option<&'static str> {
    match status {
        Status::Valid => None,
        Status::Missing => Some(lang.pick(
            "署名がありません（ファイル名.minisig がない）",
            "no signature (no FILE.minisig)",
        )),
        Status::Invalid => Some(lang.pick(
            "署名が正しくありません（署名後に変更されたか、指定した鍵のどれでもない鍵）",
            "bad signature (changed after signing, or made with none of the keys given)",
        )),
    }
}

/// Why a checked file is refused under `--require-signed`, naming the key and, for a key bound
/// to another vendor, whose it is; None when the signature vouches for it.
pub fn why_not_vouched(check: &mds_core::score::SignatureCheck, lang: Lang) -> Option<String> {
    let why = why_unsigned(&status_of(check), lang)?;
    if check.other_vendor {
        let key = check.key.as_deref().unwrap_or("-");
        return Some(match lang {
            Lang::Ja => format!(
                "署名した鍵 {key} は {} のものですが、表紙の事業者名が違います",
                check.vendors.join("、")
            ),
            Lang::En => format!(
                "signed with {key}, the key of {}, but the cover names another vendor",
                check.vendors.join(", ")
            ),
        });
    }
    Some(why.to_string())
}

/// With `--require-signed`: reports every refused file with its reason and says whether to
/// refuse (then nothing is written and the exit code is 1).
pub fn refuse(refused: &[(PathBuf, String)], printer: &crate::output::Printer) -> bool {
    let lang = printer.lang();
    for (file, why) in refused {
        printer.error(&anyhow!("{}: {why}", file.display()));
    }
    if !refused.is_empty() {
        printer.error(&anyhow!(
            "{}",
            lang.pick(
                "--require-signed のため、レポートを作りません。正しく署名されたファイルを受け取ってください。",
                "--require-signed: no report written; obtain correctly signed files"
            )
        ));
    }
    !refused.is_empty()
}
