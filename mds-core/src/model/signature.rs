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
}
