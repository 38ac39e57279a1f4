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
    digest_in(document, Vec::new())
}

/// [`digest`] written into the room of `buffer` (its contents are dropped): the bytes a large
/// document was read from, say, whose memory is then used again instead of new memory. The
/// outermost object's members are hashed in order where they lie instead of being moved.
///
/// ```
/// let v = serde_json::json!({"b": 1, "a": [true, null, "x"]});
/// let read = br#"{"b":1,"a":[true,null,"x"]}"#.to_vec();
/// assert_eq!(mds_core::digest::digest_in(&v, read), mds_core::digest::digest(&v));
/// ```
pub fn digest_in<T: Serialize + ?Sized>(document: &T, mut buffer: Vec<u8>) -> String {
    buffer.clear();
    let mut canon = Canon {
        out: buffer,
        defer_top: true,
        ..Canon::default()
    };
    let mut hasher = Sha256::new();
    match document.serialize(&mut canon) {
        Ok(()) => match canon.top.take() {
            Some(order) => {
                // `{`, the members in order, separated by commas, then `}`.
                hasher.update(b"{");
                for (i, member) in order.iter().enumerate() {
                    if i > 0 {
                        hasher.update(b",");
                    }
                    hasher.update(&canon.out[member.clone()]);
                }
                hasher.update(b"}");
            }
            None => hasher.update(&canon.out),
        },
        Err(_) => hasher.update(b"null"),
    }
    format!("sha256:{}", hex(&hasher.finalize()))
}

/// Hex SHA-256 of bytes (used for input files in report provenance).
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Bytes as lower-case hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The RFC 8785 canonical form of a JSON value: no whitespace, object members sorted by their
/// UTF-16 code units, minimal string escapes, numbers in their shortest round-trip form.
pub fn canonical_json(value: &Value) -> String {
    String::from_utf8(canonical_bytes(value)).unwrap_or_default()
}

/// The canonical form of what `document` serialises to as JSON, written as it is serialised:
/// no JSON tree is built (for a large questionnaire that was hundreds of thousands of small
/// allocations). What JSON cannot hold (a map key that is not text, say) reads as `null`, as
/// converting it to a JSON value would.
fn canonical_bytes<T: Serialize + ?Sized>(document: &T) -> Vec<u8> {
    let mut canon = Canon::default();
    match document.serialize(&mut canon) {
        Ok(()) => canon.out,
        Err(_) => b"null".to_vec(),
    }
}

/// A serde serialiser writing the canonical form. Members of an object are written one after
/// another, then put in order when the object ends; the bookkeeping lives in stacks shared by
/// all objects, so serialising allocates nothing per value.
#[derive(Default)]
struct Canon {
    out: Vec<u8>,
    /// The members of the open objects: (key, member range in `out`).
    members: Vec<(Key, std::ops::Range<usize>)>,
    /// The keys of the open maps' members, unescaped (a struct's keys are its field names).
    keys: String,
    /// Scratch space for reordering an object's members.
    scratch: Vec<u8>,
    /// Leave the outermost object's members where they are and record their order in `top`
    /// (for a digest, which hashes them in that order).
    defer_top: bool,
    /// The outermost object's members in canonical order, when `defer_top` left them in place.
    top: Option<Vec<std::ops::Range<usize>>>,
}

#[derive(Debug)]
struct CanonError(String);

impl std::fmt::Display for CanonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CanonError {}

impl serde::ser::Error for CanonError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        CanonError(msg.to_string())
    }
}

type CanonResult<T = ()> = std::result::Result<T, CanonError>;

impl Canon {
    fn float(&mut self, f: f64) {
        match serde_json::Number::from_f64(f) {
            None => self.out.extend_from_slice(b"null"),
            // ECMAScript form: integral values without a fraction, others shortest round-trip.
            Some(_) if f.fract() == 0.0 && f.abs() < 1e21 => {
                self.out.extend_from_slice(format!("{f:.0}").as_bytes())
            }
            Some(n) => self.out.extend_from_slice(n.to_string().as_bytes()),
        }
    }

    /// A JSON string with the minimal escapes of RFC 8785.
    fn string(&mut self, s: &str) {
        let out = &mut self.out;
        out.push(b'"');
        let bytes = s.as_bytes();
        // Most text needs no escape: a pass over it eight bytes at a time finds that out.
        if !needs_escape(bytes) {
            out.extend_from_slice(bytes);
            out.push(b'"');
            return;
        }
        let mut done = 0;
        for (i, &b) in bytes.iter().enumerate() {
            let escape: &[u8] = match b {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                0x08 => b"\\b",
                0x0c => b"\\f",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                0..0x20 => b"",
                _ => continue,
            };
            out.extend_from_slice(&bytes[done..i]);
            if escape.is_empty() {
                out.extend_from_slice(format!("\\u{b:04x}").as_bytes());
            } else {
                out.extend_from_slice(escape);
            }
            done = i + 1;
        }
        out.extend_from_slice(&bytes[done..]);
        out.push(b'"');
    }

    /// Opens an object: returns where its bookkeeping starts.
    fn open(&mut self) -> Open {
        self.out.push(b'{');
        Open {
            out: self.out.len(),
            members: self.members.len(),
            keys: self.keys.len(),
        }
    }

    /// Records a struct member's key (a field name) and writes `"key":` (after a comma unless
    /// it is the first); the value follows.
    fn field(&mut self, key: &'static str) {
        self.key_as(key, Key::Field(key));
    }

    /// [`Canon::field`] for a map's key, kept in `keys`.
    fn key(&mut self, key: &str) {
        let k = self.keys.len();
        self.keys.push_str(key);
        self.key_as(key, Key::Kept(k..self.keys.len()));
    }

    fn key_as(&mut self, text: &str, key: Key) {
        if self.out.last() != Some(&b'{') {
            self.out.push(b',');
        }
        let start = self.out.len();
        self.members.push((key, start..start));
        self.string(text);
        self.out.push(b':');
    }

    /// Ends the member begun at `start`.
    fn end_member(&mut self) {
        let end = self.out.len();
        if let Some(last) = self.members.last_mut() {
            last.1.end = end;
        }
    }

    /// Closes the object opened at `open`: its members sorted by key (the last of equal keys
    /// kept, as a JSON object keeps it), separated by commas.
    fn close(&mut self, open: Open) {
        let Canon {
            out,
            members,
            keys,
            scratch,
            defer_top,
            top,
        } = self;
        let list = &mut members[open.members..];
        let keys: &str = keys;
        let order = |a: &Key, b: &Key| utf16_order(a.text(keys), b.text(keys));
        let in_order = list.windows(2).all(|w| order(&w[0].0, &w[1].0).is_lt());
        let outermost = open.members == 0 && open.out == 1;
        if !in_order && *defer_top && outermost {
            // Sorted where they lie: the last of equal keys kept, each member's bytes without
            // the comma before it.
            list.sort_by(|a, b| order(&a.0, &b.0));
            let mut kept = Vec::with_capacity(list.len());
            for (i, (key, member)) in list.iter().enumerate() {
                if list
                    .get(i + 1)
                    .is_some_and(|(next, _)| order(next, key).is_eq())
                {
                    continue;
                }
                kept.push(member.clone());
            }
            *top = Some(kept);
            members.truncate(open.members);
            self.keys.truncate(open.keys);
            return;
        }
        if !in_order {
            list.sort_by(|a, b| order(&a.0, &b.0));
            scratch.clear();
            scratch.extend_from_slice(&out[open.out..]);
            out.truncate(open.out);
            let base = open.out;
            for (i, (key, member)) in list.iter().enumerate() {
                if list
                    .get(i + 1)
                    .is_some_and(|(next, _)| order(next, key).is_eq())
                {
                    continue;
                }
                if out.len() > base {
                    out.push(b',');
                }
                out.extend_from_slice(&scratch[member.start - base..member.end - base]);
            }
        }
        out.push(b'}');
        members.truncate(open.members);
        self.keys.truncate(open.keys);
    }
}

/// A member's key: a struct's field name, or a map's key kept in [`Canon::keys`].
enum Key {
    Field(&'static str),
    Kept(std::ops::Range<usize>),
}

impl Key {
    fn text<'k>(&'k self, keys: &'k str) -> &'k str {
        match self {
            Key::Field(name) => name,
            Key::Kept(range) => keys.get(range.clone()).unwrap_or_default(),
        }
    }
}

/// Orders two texts by their UTF-16 code units, as RFC 8785 sorts keys. That is the order of
/// their bytes except where a character from U+E000 to U+FFFF meets one above U+FFFF (whose
/// UTF-16 surrogates come first).
fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    match a.iter().zip(b).position(|(x, y)| x != y) {
        None => a.len().cmp(&b.len()),
        Some(i) => {
            let (x, y) = (a[i], b[i]);
            match (x >= 0xF0, y >= 0xF0) {
                (true, false) if y >= 0xEE => std::cmp::Ordering::Less,
                (false, true) if x >= 0xEE => std::cmp::Ordering::Greater,
                _ => x.cmp(&y),
            }
        }
    }
}

/// Whether text holds what the canonical form escapes: a control character, `"` or `\\`.
fn needs_escape(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = u64::from_ne_bytes([0x80; 8]);
    // Whether a word holds a byte below `n` (n at most 0x80), without a false alarm.
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGH != 0;
    let (words, rest) = bytes.as_chunks::<8>();
    words.iter().any(|w| {
        let word = u64::from_ne_bytes(*w);
        below(word, 0x20)
            || below(word ^ (ONES * u64::from(b'"')), 1)
            || below(word ^ (ONES * u64::from(b'\\')), 1)
    }) || rest.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\')
}

/// Where an object's bookkeeping starts.
#[derive(Clone, Copy)]
struct Open {
    out: usize,
    members: usize,
    keys: usize,
}

/// An array being written.
struct Array<'a> {
    canon: &'a mut Canon,
    first: bool,
}

/// An object being written; `wrapped` when it is the value of a one-member object
/// (`{"variant": ...}`), closed with it.
struct Object<'a> {
    canon: &'a mut Canon,
    open: Open,
    wrapped: Option<Open>,
}

/// An array inside a one-member object (`{"variant": [...]}`).
struct VariantArray<'a> {
    array: Array<'a>,
    outer: Open,
}

impl Array<'_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> CanonResult {
        if !self.first {
            self.canon.out.push(b',');
        }
        self.first = false;
        value.serialize(&mut *self.canon)
    }
}

impl Object<'_> {
    fn member<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> CanonResult {
        self.canon.field(key);
        value.serialize(&mut *self.canon)?;
        self.canon.end_member();
        Ok(())
    }

    fn finish(self) -> CanonResult {
        self.canon.close(self.open);
        if let Some(outer) = self.wrapped {
            self.canon.end_member();
            self.canon.close(outer);
        }
        Ok(())
    }
}

impl<'a> serde::Serializer for &'a mut Canon {
    type Ok = ();
    type Error = CanonError;
    type SerializeSeq = Array<'a>;
    type SerializeTuple = Array<'a>;
    type SerializeTupleStruct = Array<'a>;
    type SerializeTupleVariant = VariantArray<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = Object<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> CanonResult {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> CanonResult {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> CanonResult {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> CanonResult {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> CanonResult {
        self.out.extend_from_slice(v.to_string().as_bytes());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> CanonResult {
        if i64::try_from(v).is_ok() || u64::try_from(v).is_ok() {
            self.out.extend_from_slice(v.to_string().as_bytes());
            Ok(())
        } else {
            Err(CanonError("number out of range".into()))
        }
    }
    fn serialize_u8(self, v: u8) -> CanonResult {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> CanonResult {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> CanonResult {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> CanonResult {
        self.out.extend_from_slice(v.to_string().as_bytes());
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> CanonResult {
        if u64::try_from(v).is_ok() {
            self.out.extend_from_slice(v.to_string().as_bytes());
            Ok(())
        } else {
            Err(CanonError("number out of range".into()))
        }
    }
    fn serialize_f32(self, v: f32) -> CanonResult {
        self.float(v.into());
        Ok(())
    }
    fn serialize_f64(self, v: f64) -> CanonResult {
        self.float(v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> CanonResult {
        self.string(v.encode_utf8(&mut [0; 4]));
        Ok(())
    }
    fn serialize_str(self, v: &str) -> CanonResult {
        self.string(v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> CanonResult {
        use serde::ser::SerializeSeq;
        let mut seq = self.serialize_seq(Some(v.len()))?;
        for b in v {
            seq.serialize_element(b)?;
        }
        seq.end()
    }
    fn serialize_none(self) -> CanonResult {
        self.serialize_unit()
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> CanonResult {
        value.serialize(self)
    }
    fn serialize_unit(self) -> CanonResult {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> CanonResult {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> CanonResult {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> CanonResult {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> CanonResult {
        let open = self.open();
        let mut object = Object {
            canon: self,
            open,
            wrapped: None,
        };
        object.member(variant, value)?;
        object.finish()
    }
    fn serialize_seq(self, _len: Option<usize>) -> CanonResult<Array<'a>> {
        self.out.push(b'[');
        Ok(Array {
            canon: self,
            first: true,
        })
    }
    fn serialize_tuple(self, len: usize) -> CanonResult<Array<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> CanonResult<Array<'a>> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> CanonResult<VariantArray<'a>> {
        let outer = self.open();
        self.field(variant);
        self.out.push(b'[');
        Ok(VariantArray {
            array: Array {
                canon: self,
                first: true,
            },
            outer,
        })
    }
    fn serialize_map(self, _len: Option<usize>) -> CanonResult<Object<'a>> {
        let open = self.open();
        Ok(Object {
            canon: self,
            open,
            wrapped: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> CanonResult<Object<'a>> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> CanonResult<Object<'a>> {
        let outer = self.open();
        self.field(variant);
        let open = self.open();
        Ok(Object {
            canon: self,
            open,
            wrapped: Some(outer),
        })
    }
}

impl serde::ser::SerializeSeq for Array<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> CanonResult {
        self.element(value)
    }
    fn end(self) -> CanonResult {
        self.canon.out.push(b']');
        Ok(())
    }
}

impl serde::ser::SerializeTuple for Array<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> CanonResult {
        self.element(value)
    }
    fn end(self) -> CanonResult {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleStruct for Array<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> CanonResult {
        self.element(value)
    }
    fn end(self) -> CanonResult {
        serde::ser::SerializeSeq::end(self)
    }
}

impl serde::ser::SerializeTupleVariant for VariantArray<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> CanonResult {
        self.array.element(value)
    }
    fn end(self) -> CanonResult {
        let canon = self.array.canon;
        canon.out.push(b']');
        canon.end_member();
        canon.close(self.outer);
        Ok(())
    }
}

impl serde::ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> CanonResult {
        let key = key_text(key)?;
        self.canon.key(&key);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> CanonResult {
        value.serialize(&mut *self.canon)?;
        self.canon.end_member();
        Ok(())
    }
    fn end(self) -> CanonResult {
        self.finish()
    }
}

impl serde::ser::SerializeStruct for Object<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> CanonResult {
        self.member(key, value)
    }
    fn end(self) -> CanonResult {
        self.finish()
    }
}

impl serde::ser::SerializeStructVariant for Object<'_> {
    type Ok = ();
    type Error = CanonError;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> CanonResult {
        self.member(key, value)
    }
    fn end(self) -> CanonResult {
        self.finish()
    }
}

/// A map key as JSON holds it: text, with numbers and booleans written as text; anything else
/// cannot be a key.
fn key_text<T: Serialize + ?Sized>(key: &T) -> CanonResult<String> {
    match serde_json::to_value(key) {
        Ok(Value::String(s)) => Ok(s),
        Ok(Value::Number(n)) if !n.is_f64() => Ok(n.to_string()),
        Ok(Value::Bool(b)) => Ok(b.to_string()),
        _ => Err(CanonError("key must be text".into())),
    }
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

    /// The canonical form as first written: through a JSON tree. The serialiser must agree.
    fn through_tree(value: &Value) -> String {
        fn write(value: &Value, out: &mut String) {
            match value {
                Value::Object(map) => {
                    let mut members: Vec<(&String, &Value)> = map.iter().collect();
                    members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
                    out.push('{');
                    for (i, (key, item)) in members.into_iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&serde_json::to_string(key).unwrap_or_default());
                        out.push(':');
                        write(item, out);
                    }
                    out.push('}');
                }
                Value::Array(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        write(item, out);
                    }
                    out.push(']');
                }
                Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
                    (Some(i), _, _) => out.push_str(&i.to_string()),
                    (_, Some(u), _) => out.push_str(&u.to_string()),
                    (_, _, Some(f)) if f.fract() == 0.0 && f.abs() < 1e21 => {
                        out.push_str(&format!("{f:.0}"))
                    }
                    _ => out.push_str(&n.to_string()),
                },
                other => out.push_str(&serde_json::to_string(other).unwrap_or_default()),
            }
        }
        let mut out = String::new();
        write(value, &mut out);
        out
    }

    fn key() -> impl proptest::strategy::Strategy<Value = String> {
        proptest::string::string_regex("[a-c\\\\\"\\n\\u{1}\\u{7f}é€\\u{e000}\\u{1f600}]{0,3}")
            .unwrap_or_else(|e| panic!("{e}"))
    }

    fn json() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>().prop_map(Value::from),
            (-1e6f64..1e6).prop_map(|f| Value::from(f.round())),
            key().prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                proptest::collection::btree_map(key(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest::proptest! {
        /// Keys are ordered as their UTF-16 code units are.
        #[test]
        fn keys_order_by_utf16(a in "[a\\x00\u{7f}é\u{d7ff}\u{e000}\u{ffff}\u{10000}\u{1f600}]{0,4}", b in "[a\\x00\u{7f}é\u{d7ff}\u{e000}\u{ffff}\u{10000}\u{1f600}]{0,4}") {
            proptest::prop_assert_eq!(utf16_order(&a, &b), a.encode_utf16().cmp(b.encode_utf16()));
        }

        /// The word-at-a-time look for escapes finds what a look at each byte finds.
        #[test]
        fn escapes_are_found_in_every_place(text in proptest::collection::vec(proptest::sample::select(vec![b'a', 0x00, 0x1f, 0x20, b'"', b'\\', 0x7f, 0x80, 0xe3, 0xff, b'!', b'#', b'[', b']']), 0..40)) {
            let each = text.iter().any(|&b| b < 0x20 || b == b'"' || b == b'\\');
            proptest::prop_assert_eq!(needs_escape(&text), each);
        }
    }

    proptest::proptest! {
        #[test]
        fn the_serialiser_agrees_with_the_tree(value in json()) {
            proptest::prop_assert_eq!(canonical_json(&value), through_tree(&value));
        }

        /// The digest hashes the canonical form, whatever the buffer it is written in (empty
        /// with room, or holding bytes) (the outermost object hashed member by member where it
        /// lies).
        #[test]
        fn the_digest_hashes_the_canonical_form(
            value in json(),
            size in 0usize..4096,
            buffer in proptest::collection::vec(proptest::num::u8::ANY, 0..64),
        ) {
            let expected = format!("sha256:{}", sha256_hex(through_tree(&value).as_bytes()));
            proptest::prop_assert_eq!(&digest(&value), &expected);
            proptest::prop_assert_eq!(&digest_in(&value, Vec::with_capacity(size)), &expected);
            proptest::prop_assert_eq!(&digest_in(&value, buffer), &expected);
        }
    }

    #[test]
    fn documents_digest_as_their_json_trees() {
        let catalog = crate::catalog::Catalog::builtin();
        let mut checked = 0;
        for q in catalog.entries().iter().map(|e| &e.questionnaire) {
            let tree = serde_json::to_value(q).unwrap_or(Value::Null);
            assert_eq!(
                String::from_utf8(canonical_bytes(q)).unwrap_or_default(),
                through_tree(&tree),
                "{}",
                q.id
            );
            assert_eq!(
                digest(q),
                format!("sha256:{}", sha256_hex(through_tree(&tree).as_bytes())),
                "{}",
                q.id
            );
            checked += 1;
        }
        assert!(checked >= 3);
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for sample in [
            "samples/responses/vendor-a.json",
            "samples/profiles/hospital.json",
            "samples/mappings/mds2-sections-to-gl6.json",
        ] {
            let text = std::fs::read_to_string(root.join(sample)).unwrap_or_default();
            let tree: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
            assert_ne!(tree, Value::Null, "{sample}");
            assert_eq!(canonical_json(&tree), through_tree(&tree), "{sample}");
        }
        // A typed response (maps of answers, enums, options) as well as its tree.
        let text = std::fs::read_to_string(root.join("samples/responses/vendor-a.json"))
            .unwrap_or_default();
        let r: crate::model::Response =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("vendor-a.json: {e}"));
        let back = serde_json::to_value(&r).unwrap_or(Value::Null);
        assert_eq!(
            String::from_utf8(canonical_bytes(&r)).unwrap_or_default(),
            through_tree(&back)
        );
        // Map keys that are not text read as null, as converting to a JSON value would.
        let odd: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1u8], 1u8)].into_iter().collect();
        assert_eq!(canonical_bytes(&odd), b"null");
        let numbered: std::collections::BTreeMap<u32, bool> =
            [(10, true), (9, false)].into_iter().collect();
        assert_eq!(
            String::from_utf8(canonical_bytes(&numbered)).unwrap_or_default(),
            r#"{"10":true,"9":false}"#
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
