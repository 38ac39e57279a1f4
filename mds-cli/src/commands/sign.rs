//! Signatures compatible with minisign: `mds key new`, `mds seal FILE --secret-key K` (writes
//! `FILE.minisig`, a standard detached signature over the exact bytes), `mds verify FILE
//! --public-key P`, and the signature status used by `validate` and `compare`.
//!
//! The trusted comment carries the questionnaire (`id@version`), the vendor and the SHA-256 of
//! the document's canonical form (RFC 8785), so that a signature names what it vouches for.

use std::io::Cursor;

use anyhow::{Result, anyhow, bail};
use mds_core::Lang;

use crate::Exit;
use crate::args::{KeyAction, KeyArgs, SealArgs, VerifyArgs};
use crate::context::Context;
use crate::io::{read, write_atomic};

use crate::signing::{Status, Vouched, check, signature_path, vouched};

/// The password of a secret key: `MDS_KEY_PASSWORD`, else asked for on the terminal in the
/// user's language (twice when a new key is made). Without a terminal to ask on, the message
/// says to set `MDS_KEY_PASSWORD`.
fn password(lang: Lang, new_key: bool) -> Result<String> {
    use std::io::IsTerminal;
    if let Some(p) = std::env::var("MDS_KEY_PASSWORD")
        .ok()
        .filter(|p| !p.is_empty())
    {
        return Ok(p);
    }
    let no_terminal = || {
        anyhow!(
            "{}",
            if new_key {
                lang.pick(
                    "パスワードを入力できる端末がありません。環境変数 MDS_KEY_PASSWORD に秘密鍵のパスワードを設定して実行するか、パスワードなしの鍵を --no-password で作ってください。",
                    "there is no terminal to ask for a password on; set the environment variable MDS_KEY_PASSWORD to the secret key's password, or make a key without one with --no-password.",
                )
            } else {
                lang.pick(
                    "パスワードを入力できる端末がありません。環境変数 MDS_KEY_PASSWORD に秘密鍵のパスワードを設定して実行してください。",
                    "there is no terminal to ask for a password on; set the environment variable MDS_KEY_PASSWORD to the secret key's password.",
                )
            }
        )
    };
    if !std::io::stdin().is_terminal() {
        return Err(no_terminal());
    }
    let ask = |prompt: &str| rpassword::prompt_password(prompt).map_err(|_| no_terminal());
    if !new_key {
        return ask(lang.pick("秘密鍵のパスワード: ", "Password of the secret key: "));
    }
    let first = ask(lang.pick(
        "秘密鍵を守るパスワードを決めて入力してください: ",
        "Choose a password to protect the secret key: ",
    ))?;
    if first.is_empty() {
        bail!(
            "{}",
            lang.pick(
                "パスワードが空です。パスワードなしの鍵にするなら --no-password を付けてください。",
                "the password is empty; to make a key without one, add --no-password."
            )
        );
    }
    let again = ask(lang.pick(
        "確認のため、もう一度入力してください: ",
        "Type it once more: ",
    ))?;
    if first != again {
        bail!(
            "{}",
            lang.pick(
                "2 回のパスワードが一致しません。鍵は作っていません。もう一度 mds key new を実行してください。",
                "the two passwords do not match; no key was made. Run mds key new again."
            )
        );
    }
    Ok(first)
}

pub fn key(args: KeyArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let KeyAction::New {
        output,
        no_password,
    } = args.action;
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
    let kp = if no_password {
        minisign::KeyPair::generate_unencrypted_keypair()
    } else {
        minisign::KeyPair::generate_encrypted_keypair(Some(password(lang, true)?))
    }
    .map_err(|e| anyhow!("{e}"))?;
    let secret = kp
        .sk
        .to_box(None)
        .map_err(|e| anyhow!("{e}"))?
        .into_string();
    let public = kp.pk.to_box().map_err(|e| anyhow!("{e}"))?.into_string();
    write_atomic(&key_path, secret.as_bytes(), &[], &ctx.printer)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&key_path, std::fs::Permissions::from_mode(0o600));
    }
    write_atomic(&pub_path, public.as_bytes(), &[], &ctx.printer)?;
    ctx.printer.text(&match lang {
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

fn comment(v: &Vouched) -> String {
    format!(
        "mds questionnaire={} sha256={} vendor={}",
        v.questionnaire, v.sha256, v.vendor
    )
}

pub fn seal(args: SealArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let bytes = read(&args.file, lang)?;
    let v = vouched(&args.file, &bytes, &args.limits.into(), ctx.catalog(), lang)?;
    let key_text =
        String::from_utf8_lossy(&crate::io::read_bounded(&args.secret_key, 1 << 16, lang)?)
            .into_owned();
    if key_text.starts_with("untrusted comment: minisign public key") {
        bail!(match lang {
            Lang::Ja => format!(
                "{} は公開鍵です（病院に渡す .pub）。署名には秘密鍵（.key）を --secret-key で指定してください。",
                args.secret_key.display()
            ),
            Lang::En => format!(
                "{} is a public key (the .pub you give to hospitals); sign with the secret key (.key) given to --secret-key",
                args.secret_key.display()
            ),
        });
    }
    let not_a_key = || match lang {
        Lang::Ja => anyhow!(
            "{} は秘密鍵として読めません。mds key new または minisign -G が作った秘密鍵（.key）を指定してください。",
            args.secret_key.display()
        ),
        Lang::En => anyhow!(
            "{} cannot be read as a secret key; give a .key made by mds key new or minisign -G.",
            args.secret_key.display()
        ),
    };
    let sk_box = minisign::SecretKeyBox::from_string(&key_text).map_err(|_| not_a_key())?;
    let sk = if sk_box.to_bytes().is_empty() {
        return Err(not_a_key());
    } else {
        match sk_box.clone().into_unencrypted_secret_key() {
            Ok(sk) if !sk.is_encrypted() => sk,
            // A key made by `minisign -G -W` (no password) carries no checksum.
            _ => match unencrypted_without_checksum(&key_text) {
                Some(sk) => sk,
                None => sk_box.into_secret_key(Some(password(lang, false)?)).map_err(|e| {
                    let e = e.to_string();
                    let from_env = std::env::var_os("MDS_KEY_PASSWORD").is_some_and(|p| !p.is_empty());
                    if e.contains("Wrong password") {
                        anyhow!(match (lang, from_env) {
                            (Lang::Ja, true) => format!(
                                "{}: パスワードが違います。MDS_KEY_PASSWORD に鍵を作ったときのパスワードを設定してください。",
                                args.secret_key.display()
                            ),
                            (Lang::Ja, false) => format!(
                                "{}: パスワードが違います。鍵を作ったときのパスワードを入力してください（自動化では MDS_KEY_PASSWORD に設定します）。",
                                args.secret_key.display()
                            ),
                            (Lang::En, true) => format!(
                                "{}: wrong password; set MDS_KEY_PASSWORD to the key's password",
                                args.secret_key.display()
                            ),
                            (Lang::En, false) => format!(
                                "{}: wrong password; type the password the key was made with (for automation, set MDS_KEY_PASSWORD)",
                                args.secret_key.display()
                            ),
                        })
                    } else {
                        not_a_key()
                    }
                })?,
            },
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
        &ctx.printer,
    )?;
    ctx.printer.text(&match lang {
        Lang::Ja => format!(
            "{} に署名しました: {}\n",
            args.file.display(),
            out.display()
        ),
        Lang::En => format!("signed {}: {}\n", args.file.display(), out.display()),
    });
    Ok(Exit::Done)
}

pub fn verify(args: VerifyArgs, ctx: &Context) -> Result<Exit> {
    let lang = ctx.lang;
    let (status, trusted) = check(
        &args.file,
        &args.public_key,
        &args.limits.into(),
        ctx.catalog(),
        lang,
    )?;
    let file = args.file.display();
    match status {
        Status::Valid => {
            ctx.printer.text(&match lang {
                Lang::Ja => format!("署名は正しいです: {file}\n  {trusted}\n"),
                Lang::En => format!("signature good: {file}\n  {trusted}\n"),
            });
            Ok(Exit::Done)
        }
        Status::Missing => {
            ctx.printer.error(&anyhow!(match lang {
                Lang::Ja => format!(
                    "{file}: 署名ファイル {} がありません。",
                    signature_path(&args.file).display()
                ),
                Lang::En => format!(
                    "{file}: no signature {}",
                    signature_path(&args.file).display()
                ),
            }));
            Ok(Exit::No)
        }
        Status::Invalid => {
            ctx.printer.error(
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

/// A secret key stored without a password (no key derivation) whose checksum is left empty, as
/// `minisign -G -W` writes it; `None` for any other key.
fn unencrypted_without_checksum(key_text: &str) -> Option<minisign::SecretKey> {
    let encoded = key_text.lines().nth(1)?.trim();
    let bytes = base64_decode(encoded)?;
    // sig_alg (2) | kdf_alg (2) = none | chk_alg (2) | … | checksum (32) = zero.
    if bytes.len() < 6 || bytes[2..4] != [0, 0] || bytes.iter().rev().take(32).any(|b| *b != 0) {
        return None;
    }
    minisign::SecretKey::from_bytes(&bytes[..]).ok()
}

/// Standard base64 (with padding), as minisign writes keys.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        })
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let len = match chunk.len() {
            4 => 3,
            3 => 2,
            2 => 1,
            _ => return None,
        };
        out.extend_from_slice(&n.to_be_bytes()[1..1 + len]);
    }
    Some(out)
}
