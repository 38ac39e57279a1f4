//! Digests of documents: `sha256:` + hex SHA-256 of the JSON Canonicalization Scheme (RFC 8785)
//! form.

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The digest of a serialisable document, e.g. a questionnaire.
///
/// ```
/// let v = serde_json::json!({"b": 1, "a": [true, null, "x"]});
/// assert_eq!(mds_core::digest::canonical_json(&v), r#"{"a":[true,null,"x"],"b":1}"#);
/// assert!(mds_core::digest::digest(&v).starts_with("sha256:"));
/// ```
pub fn digest<T: Serialize>(document: &T) -> String {
    let value = serde_json::to_value(document).unwrap_or(Value::Null);
    format!("sha256:{}", sha256_hex(canonical_json(&value).as_bytes()))
}

/// Hex SHA-256 of bytes (used for input files in report provenance).
pub fn sha256_hex(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    hash.iter().map(|b| format!("{b:02x}")).collect()
}

/// The RFC 8785 canonical form of a JSON value: no whitespace, object members sorted by their
/// UTF-16 code units, minimal string escapes, numbers in their shortest round-trip form.
pub fn canonical_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, &mut out);
    out
}

fn write_value(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => write_number(n, out),
        Value::String(s) => write_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut members: Vec<(&String, &Value)> = map.iter().collect();
            members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
            out.push('{');
            for (i, (key, item)) in members.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(key, out);
                out.push(':');
                write_value(item, out);
            }
            out.push('}');
        }
    }
}

fn write_number(n: &serde_json::Number, out: &mut String) {
    if let Some(i) = n.as_i64() {
        out.push_str(&i.to_string());
    } else if let Some(u) = n.as_u64() {
        out.push_str(&u.to_string());
    } else if let Some(f) = n.as_f64() {
        // ECMAScript form: integral values without a fraction, others shortest round-trip.
        if f.fract() == 0.0 && f.abs() < 1e21 {
            out.push_str(&format!("{f:.0}"));
        } else {
            out.push_str(&n.to_string());
        }
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_follows_rfc8785() {
        let v: Value =
            serde_json::from_str(r#"{"\u20ac":1,"\r":2,"1":3,"a":"\u0001\n","b":2.5,"c":1.0}"#)
                .unwrap_or(Value::Null);
        assert_eq!(
            canonical_json(&v),
            "{\"\\r\":2,\"1\":3,\"a\":\"\\u0001\\n\",\"b\":2.5,\"c\":1,\"€\":1}"
        );
    }

    #[test]
    fn digest_is_stable() {
        let v = serde_json::json!({"a": 1});
        assert_eq!(
            digest(&v),
            "sha256:015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862"
        );
    }
}
