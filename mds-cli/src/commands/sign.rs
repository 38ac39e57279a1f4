//! Signatures compatible with minisign: `mds key new`, `mds seal FILE --secret-key K` (writes
//! `FILE.minisig`, a standard detached signature over the exact bytes), `mds verify FILE
//! --public-key P`, and the signature status used by `validate` and `compare`.
//!
//! The trusted comment carries the questionnaire (`id@version`), the vendor and the SHA-256 of
//! the document's canonical form (RFC 8785), so that a signature names what it vouches for.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};
use mds_core::Lang;
use serde::Serialize;

use crate::Exit;
use crate::args::{KeyAction, KeyArgs, SealArgs, VerifyArgs};
use crate::io::{is_workbook, load_catalog, read, write_atomic};
use crate::output::stdout;

/// The signature of a file.
pub fn signature_path(file: &Path) -> PathBuf {
    let mut name = file.as_os_str().to_owned();
    name.push(".minisig");
    PathBuf::from(name)
}

fn password(lang: Lang) -> Option<String> {
    let _ = lang;
    std::env::var("MDS_KEY_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
}

pub fn key(args: KeyArgs, lang: Lang) -> Result<Exit> {
    let KeyAction::New {
        output,
        no_password,
    } = args.action;
    let kp = if no_password {
        minisign::KeyPair::generate_unencrypted_keypair()
    } else {
        minisign::KeyPair::generate_encrypted_keypair(password(lang))
    }
    .map_err(|e| anyhow!("{e}"))?;
    let secret = kp
        .sk
        .to_box(None)
        .map_err(|e| anyhow!("{e}"))?
        .into_string();
    let public = kp.pk.to_box().map_err(|e| anyhow!("{e}"))?.into_string();
    let (key_path, pub_path) = (output.with_extension("key"), output.with_extension("pub"));
    for p in [&key_path, &pub_path] {
        if p.exists() {
            bail!(match lang {
                Lang::Ja => format!(
                    "{} は既にあります。鍵を上書きしないよう、別の名前を -o で指定してください。",
                    p.display()
                ),
                Lang::En => format!(
                    "{} exists; give another name with -o so no key is overwritten",
                    p.display()
                ),
            });
        }
    }
    write_atomic(&key_path, secret.as_bytes(), &[], lang)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600));
    }
    write_atomic(&pub_path, public.as_bytes(), &[], lang)?;
    stdout(&match lang {
        Lang::Ja => format!(
            "秘密鍵 {}（厳重に保管）と公開鍵 {}（病院に渡す）を作りました。\n",
            key_path.display(),
            pub_path.display()
        ),
        Lang::En => format!(
            "wrote the secret key {} (keep it safe) and the public key {} (give it to hospitals)\n",
            key_path.display(),
            pub_path.display()
        ),
    });
    Ok(Exit::Done)
}

/// What a signature vouches for: read from the document itself.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Vouched {
    questionnaire: String,
    vendor: String,
    sha256: String,
}

fn vouched(
    file: &Path,
    bytes: &[u8],
    limits: &mds_core::xlsx::Limits,
    lang: Lang,
) -> Result<Vouched> {
    let clean = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    if is_workbook(bytes) {
        let catalog = load_catalog(lang);
        let (imported, entry) = crate::io::import_file(file, bytes, None, &catalog, limits, lang)?;
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

fn comment(v: &Vouched) -> String {
    format!(
        "mds questionnaire={} sha256={} vendor={}",
        v.questionnaire, v.sha256, v.vendor
    )
}

pub fn seal(args: SealArgs, lang: Lang) -> Result<Exit> {
    let bytes = read(&args.file, lang)?;
    let v = vouched(&args.file, &bytes, &args.limits.into(), lang)?;
    let key_text = std::fs::read_to_string(&args.secret_key)
        .map_err(|e| anyhow!("{}: {e}", args.secret_key.display()))?;
    let sk_box = minisign::SecretKeyBox::from_string(&key_text)
        .map_err(|e| anyhow!("{}: {e}", args.secret_key.display()))?;
    let sk = if sk_box.to_bytes().is_empty() {
        bail!("{}: empty key", args.secret_key.display());
    } else {
        match sk_box.clone().into_unencrypted_secret_key() {
            Ok(sk) if !sk.is_encrypted() => sk,
            _ => sk_box
                .into_secret_key(password(lang))
                .map_err(|e| anyhow!("{}: {e}", args.secret_key.display()))?,
        }
    };
    let signature = minisign::sign(
        None,
        &sk,
        Cursor::new(&bytes),
        Some(&comment(&v)),
        Some("signature from mds"),
    )
    .map_err(|e| anyhow!("{e}"))?;
    let out = signature_path(&args.file);
    write_atomic(
        &out,
        signature.to_string().as_bytes(),
        &[args.file.as_path()],
        lang,
    )?;
    stdout(&match lang {
        Lang::Ja => format!(
            "{} に署名しました: {}\n",
            args.file.display(),
            out.display()
        ),
        Lang::En => format!("signed {}: {}\n", args.file.display(), out.display()),
    });
    Ok(Exit::Done)
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
    lang: Lang,
) -> Result<(Status, String)> {
    let pk = self::public_key(public_key, lang)?;
    let bytes = read(file, lang)?;
    check_bytes(file, &bytes, &pk, limits, lang)
}

/// Checks the signature of a file's bytes, already read; the trusted comment, when good.
pub fn check_bytes(
    file: &Path,
    bytes: &[u8],
    pk: &minisign::PublicKey,
    limits: &mds_core::xlsx::Limits,
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
        let v = vouched(file, bytes, limits, lang)?;
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

pub fn verify(args: VerifyArgs, lang: Lang) -> Result<Exit> {
    let (status, trusted) = check(&args.file, &args.public_key, &args.limits.into(), lang)?;
    let file = args.file.display();
    match status {
        Status::Valid => {
            stdout(&match lang {
                Lang::Ja => format!("署名は正しいです: {file}\n  {trusted}\n"),
                Lang::En => format!("signature good: {file}\n  {trusted}\n"),
            });
            Ok(Exit::Done)
        }
        Status::Missing => {
            crate::output::error(
                lang,
                &anyhow!(match lang {
                    Lang::Ja => format!(
                        "{file}: 署名ファイル {} がありません。",
                        signature_path(&args.file).display()
                    ),
                    Lang::En => format!(
                        "{file}: no signature {}",
                        signature_path(&args.file).display()
                    ),
                }),
            );
            Ok(Exit::No)
        }
        Status::Invalid => {
            crate::output::error(
                lang,
                &anyhow!(match lang {
                    Lang::Ja => format!(
                        "{file}: 署名が正しくありません。ファイルが署名後に変更されたか、別の鍵で署名されています。"
                    ),
                    Lang::En => format!(
                        "{file}: the signature does not match: the file changed after signing, or another key signed it"
                    ),
                }),
            );
            Ok(Exit::No)
        }
    }
}

/// With `--require-signed`: reports every file whose signature is missing or bad and says
/// whether to refuse (then nothing is written and the exit code is 1).
pub fn refuse_unsigned(files: &[PathBuf], statuses: &[Option<Status>], lang: Lang) -> bool {
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
        crate::output::error(lang, &anyhow!("{}: {why}", file.display()));
    }
    if refuse {
        crate::output::error(
            lang,
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
