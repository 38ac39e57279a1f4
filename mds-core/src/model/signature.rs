//! The state of a bid's detached signature, as reports show it.

use serde::Serialize;

/// The state of a bid's detached signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SignatureState {
    /// Signed by a given key, and the signature matches.
    Valid,
    /// No signature file.
    Missing,
    /// A signature that does not match, or by an unknown key.
    Invalid,
}

/// A bid's signature check as reports show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignatureCheck {
    /// The state.
    pub state: SignatureState,
    /// The key id (hex), when the signature names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The key file it was checked with, when it matched one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The vendors that key is bound to (`NAME.pub` in a folder of keys); empty for a key that
    /// vouches for any vendor.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vendors: Vec<String>,
    /// The bytes verified with the key, but the key is bound to other vendors than the one the
    /// bid names: the state is `invalid`.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub other_vendor: bool,
}

impl SignatureCheck {
    /// A check in this state, naming no key.
    pub fn new(state: SignatureState) -> Self {
        SignatureCheck {
            state,
            key_id: None,
            key: None,
            vendors: Vec::new(),
            other_vendor: false,
        }
    }
}
