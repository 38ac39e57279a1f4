//! The public keys bids are checked with: one per vendor in a real tender. Each bid's signature
//! names the key that made it (its key id); the bid is checked with that key, and reports name
//! it. A key read from a folder as `NAME.pub` is bound to the vendor NAME: a bid that names another
//! vendor on its cover and is signed with that key is not vouched for by it.
//!
//! ```
//! use mds_core::keys::{Keys, key_id};
//! let pk = minisign::KeyPair::generate_unencrypted_keypair().unwrap().pk;
//! let mut keys = Keys::default();
//! keys.add(pk.clone(), "株式会社サンプル.pub", Some("株式会社サンプル "));
//! let found = keys.find(pk.keynum()).unwrap();
//! assert_eq!(found.id, key_id(pk.keynum()));
//! assert!(found.binds("株式会社サンプル") && !found.binds("他社"));
//! ```

use unicode_normalization::UnicodeNormalization;

use crate::model::{SignatureCheck, SignatureState};

/// One public key and where it came from.
#[derive(Debug, Clone)]
pub struct Key {
    /// The key.
    pub key: minisign::PublicKey,
    /// Its id as minisign shows it (16 hexadecimal digits).
    pub id: String,
    /// The file it was read from, as reports name it (the file name).
    pub file: String,
    /// The vendors it is bound to (from `NAME.pub` in a folder of keys), compared NFC and
    /// trimmed; empty for a key given alone, which vouches for any vendor.
    pub vendors: Vec<String>,
}

impl Key {
    /// Whether the key may vouch for a bid naming this vendor.
    pub fn binds(&self, vendor: &str) -> bool {
        self.vendors.is_empty() || self.vendors.contains(&bound_name(vendor))
    }
}

/// The keys of a comparison.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    keys: Vec<Key>,
}

impl Keys {
    /// Adds a key read from `file`, bound to `vendor` when given. The same key from two files
    /// is one key: its bindings are joined, and a key given alone stays unbound.
    pub fn add(&mut self, key: minisign::PublicKey, file: &str, vendor: Option<&str>) {
        let id = key_id(key.keynum());
        let vendor = vendor.map(bound_name).filter(|v| !v.is_empty());
        if let Some(known) = self
            .keys
            .iter_mut()
            .find(|k| k.key.to_bytes() == key.to_bytes())
        {
            match vendor {
                Some(v) if !known.vendors.is_empty() && !known.vendors.contains(&v) => {
                    known.vendors.push(v)
                }
                Some(_) => {}
                // Given alone as well: it vouches for any vendor.
                None => known.vendors.clear(),
            }
            return;
        }
        self.keys.push(Key {
            key,
            id,
            file: file.to_string(),
            vendors: vendor.into_iter().collect(),
        });
    }

    /// No key at all.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The keys, in the order they were added.
    pub fn iter(&self) -> impl Iterator<Item = &Key> {
        self.keys.iter()
    }

    /// The key with this key number (as a signature names it).
    pub fn find(&self, keynum: &[u8]) -> Option<&Key> {
        self.keys.iter().find(|k| k.key.keynum() == keynum)
    }

    /// Checks a detached signature (the text of `FILE.minisig`) of `bytes` with the key it
    /// names; the check and, when good, the digest its trusted comment vouches for
    /// (`sha256=…`, as `mds seal` writes it). The vendor binding is checked by
    /// [`Keys::bind`] once the bid's cover has been read.
    pub fn check(
        &self,
        bytes: &[u8],
        signature: Option<&[u8]>,
    ) -> (SignatureCheck, Option<String>) {
        let checked = |state, key: Option<&Key>, key_id: Option<String>| SignatureCheck {
            state,
            key_id,
            key: key.map(|k| k.file.clone()),
            vendors: key.map(|k| k.vendors.clone()).unwrap_or_default(),
            other_vendor: false,
        };
        let Some(signature) = signature else {
            return (checked(SignatureState::Missing, None, None), None);
        };
        let Some(sig) = std::str::from_utf8(signature)
            .ok()
            .and_then(|t| minisign::SignatureBox::from_string(t).ok())
        else {
            return (checked(SignatureState::Invalid, None, None), None);
        };
        let id = key_id(sig.keynum());
        let Some(key) = self.find(sig.keynum()) else {
            // Signed, but with none of the keys given.
            return (checked(SignatureState::Invalid, None, Some(id)), None);
        };
        if minisign::verify(
            &key.key,
            &sig,
            std::io::Cursor::new(bytes),
            true,
            false,
            false,
        )
        .is_err()
        {
            return (checked(SignatureState::Invalid, Some(key), Some(id)), None);
        }
        let digest = sig.trusted_comment().ok().and_then(|t| {
            t.split_whitespace()
                .find_map(|w| w.strip_prefix("sha256="))
                .map(str::to_string)
        });
        (checked(SignatureState::Valid, Some(key), Some(id)), digest)
    }

    /// A good signature by a key bound to other vendors than the one the bid names is not good
    /// for this bid.
    pub fn bind(&self, check: &mut SignatureCheck, vendor: &str) {
        if check.state == SignatureState::Valid
            && !check.vendors.is_empty()
            && !check.vendors.contains(&bound_name(vendor))
        {
            check.state = SignatureState::Invalid;
            check.other_vendor = true;
        }
    }
}

/// A key id as minisign shows it: the key number as a little-endian integer, in 16 upper-case
/// hexadecimal digits.
pub fn key_id(keynum: &[u8]) -> String {
    let mut n = [0u8; 8];
    for (slot, b) in n.iter_mut().zip(keynum) {
        *slot = *b;
    }
    format!("{:016X}", u64::from_le_bytes(n))
}

/// A vendor's name as bindings compare it: NFC, spaces (ASCII and full-width) trimmed.
pub fn bound_name(name: &str) -> String {
    name.nfc()
        .collect::<String>()
        .trim_matches(|c: char| c.is_whitespace())
        .to_string()
}
