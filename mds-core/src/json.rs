//! Reading JSON documents: bytes -> checked JSON value -> `format` tag -> JSON Schema (layer 1 of
//! validation) -> typed document.
//!
//! **Boundary:** this module never touches files; it takes bytes. The reader refuses what a
//! plain `serde_json::Value` would silently accept: invalid UTF-8 and duplicate keys. A UTF-8
//! byte order mark is accepted. Nesting deeper than 128 levels is refused by serde_json.

use std::fmt;

use serde::de::DeserializeSeed;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::{Error, Result};
use crate::finding::{Finding, Lang, Severity};
use crate::model::{Profile, Questionnaire, Response};
use crate::schema::{Kind, validator};

mod longest;
pub use longest::longest_string;

/// Bounds on reading JSON. serde_json refuses nesting deeper than 128 levels by itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonLimits {
    /// Largest file, in bytes (`--max-file-mib`).
    pub max_bytes: u64,
    /// Longest string, in bytes (`--max-string-kib`).
    pub max_string: usize,
    /// Deepest nesting of arrays and objects (`--max-depth`, at most 127: serde_json's own
    /// limit stands behind it).
    pub max_depth: usize,
}

impl Default for JsonLimits {
    fn default() -> Self {
        JsonLimits {
            max_bytes: 100 << 20,
            max_string: 1 << 20,
            max_depth: 64,
        }
    }
}

/// A typed document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A questionnaire.
    Questionnaire(Box<Questionnaire>),
    /// A response.
    Response(Box<Response>),
    /// A profile.
    Profile(Box<Profile>),
    /// A workbook layout.
    Layout(Box<crate::model::Layout>),
    /// A mapping between questionnaires.
    Mapping(Box<crate::model::Mapping>),
}

/// A document read as far as it could be: its kind, the typed document when it matched its
/// schema, and the schema findings (layer 1).
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The kind named by the `format` tag.
    pub kind: Kind,
    /// The typed document, `None` when the schema findings hold errors.
    pub document: Option<Document>,
    /// Layer-1 findings (JSON Schema), with JSON pointers.
    pub findings: Vec<Finding>,
}

/// Reads a document of any kind. `Err` when it cannot be read at all (exit code 2); schema
/// violations are findings.
///
/// ```
/// use mds_core::{json::load, Lang, schema::Kind};
/// let loaded = load(br#"{"format":"mds-response/1","questionnaire":{"id":"x","version":"1"},"answers":{"A":{"value":7,"remark":"typo"}}}"#, Lang::En).unwrap();
/// assert_eq!(loaded.kind, Kind::Response);
/// assert!(loaded.document.is_none());
/// assert_eq!(loaded.findings[0].location, "/answers/A");
/// ```
pub fn load(bytes: &[u8], lang: Lang) -> Result<Loaded> {
    load_with(bytes, &JsonLimits::default(), lang)
}

/// [`load`] within `limits`.
pub fn load_with(bytes: &[u8], limits: &JsonLimits, lang: Lang) -> Result<Loaded> {
    let value = parse_with(bytes, limits, lang)?;
    let kind = kind_of(&value, lang)?;
    let findings = schema_findings(kind, &value, lang);
    let document = if findings.is_empty() {
        Some(typed(kind, value, lang)?)
    } else {
        None
    };
    Ok(Loaded {
        kind,
        document,
        findings,
    })
}

/// Reads a document that must be of type `T` (kind `kind`) and match its schema, as input to a
/// command. Any schema violation is an error naming its JSON pointer.
pub fn load_as<T: DeserializeOwned>(bytes: &[u8], kind: Kind, lang: Lang) -> Result<T> {
    load_as_with(bytes, kind, &JsonLimits::default(), lang)
}

/// [`load_as`] within `limits`.
pub fn load_as_with<T: DeserializeOwned>(
    bytes: &[u8],
    kind: Kind,
    limits: &JsonLimits,
    lang: Lang,
) -> Result<T> {
    // Fast path: one pass checks what `parse` checks (UTF-8, duplicate keys, bounds) and reads
    // the format tag without building a tree; a second reads the typed document. Anything
    // unusual takes the slow path below, which explains it.
    if let Some(text) = quick_check(bytes, limits, kind)
        && let Ok(document) = serde_json::from_str::<T>(text)
    {
        return Ok(document);
    }
    let value = parse_with(bytes, limits, lang)?;
    let found = kind_of(&value, lang)?;
    if found != kind {
        return Err(Error::Unreadable {
            code: "wrong-format",
            location: "/format".into(),
            message: match lang {
                Lang::Ja => format!(
                    "この文書は {} です。{} を指定してください。",
                    found.format_tag(),
                    kind.format_tag()
                ),
                Lang::En => format!(
                    "this document is {}; give a {} document here",
                    found.format_tag(),
                    kind.format_tag()
                ),
            },
        });
    }
    // The typed reading is as strict as the schema (the schema is generated from the types);
    // the schema is run only to explain a failure with a JSON pointer.
    match T::deserialize(&value) {
        Ok(document) => Ok(document),
        Err(e) => match schema_findings(kind, &value, lang).into_iter().next() {
            Some(first) => Err(Error::Unreadable {
                code: "schema",
                location: first.location,
                message: first.message,
            }),
            None => Err(Error::Unreadable {
                code: "schema",
                location: String::new(),
                message: match lang {
                    Lang::Ja => format!("文書の形式に合いません: {e}"),
                    Lang::En => format!("does not match the document format: {e}"),
                },
            }),
        },
    }
}

/// A document type whose typed reading refuses by itself what [`parse`] refuses besides long
/// strings: it holds no maps (every object is a struct that refuses a repeated or unknown key)
/// and nests at most [`Closed::DEPTH`] arrays and objects deep. [`load_closed`] reads such a
/// document typed first, without the pass over its text that [`load_as`] makes.
pub trait Closed: DeserializeOwned + serde::Serialize {
    /// The deepest nesting of arrays and objects a document of this type can have.
    const DEPTH: usize;
    /// The document's `format` tag.
    fn format(&self) -> &str;
}

impl Closed for Questionnaire {
    /// `{sections: [{items: [{rules: [{when: [...]}]}]}]}`, or an item's `fields` and their labels.
    const DEPTH: usize = 8;

    fn format(&self) -> &str {
        &self.format
    }
}

/// [`load_as`] for a [`Closed`] type: the same documents read, the same errors.
pub fn load_closed<T: Closed>(bytes: &[u8], kind: Kind, lang: Lang) -> Result<T> {
    load_closed_with(bytes, kind, &JsonLimits::default(), lang)
}

/// [`load_closed`] within `limits`.
pub fn load_closed_with<T: Closed>(
    bytes: &[u8],
    kind: Kind,
    limits: &JsonLimits,
    lang: Lang,
) -> Result<T> {
    // Fast path: the typed reading refuses repeated keys and cannot nest deeper than the type;
    // what it cannot see (the tag, the longest string) is looked at in the typed document.
    if bytes.len() as u64 <= limits.max_bytes && T::DEPTH <= limits.max_depth {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if let Ok(text) = crate::utf8(bytes)
            && let Ok(document) = serde_json::from_str::<T>(text)
            && document.format() == kind.format_tag()
            && longest_string(&document).is_some_and(|n| n <= limits.max_string)
        {
            return Ok(document);
        }
    }
    load_as_with(bytes, kind, limits, lang)
}

/// Parses bytes into a JSON value: UTF-8 (a BOM is skipped), no duplicate keys.
pub fn parse(bytes: &[u8], lang: Lang) -> Result<Value> {
    parse_with(bytes, &JsonLimits::default(), lang)
}

/// [`parse`] within `limits`.
pub fn parse_with(bytes: &[u8], limits: &JsonLimits, lang: Lang) -> Result<Value> {
    if bytes.len() as u64 > limits.max_bytes {
        return Err(Error::Unreadable {
            code: "too-large",
            location: String::new(),
            message: match lang {
                Lang::Ja => format!(
                    "ファイルが大きすぎます（{} MiB、上限 {} MiB）。信頼できるファイルなら --max-file-mib で上限を上げてください。",
                    bytes.len() >> 20,
                    limits.max_bytes >> 20
                ),
                Lang::En => format!(
                    "the file is too large ({} MiB, limit {} MiB); if you trust it, raise the limit with --max-file-mib",
                    bytes.len() >> 20,
                    limits.max_bytes >> 20
                ),
            },
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = crate::utf8(bytes).map_err(|e| Error::Unreadable {
        code: "not-utf8",
        location: format!("byte {}", e.valid_up_to()),
        message: match lang {
            Lang::Ja => format!(
                "UTF-8 のテキストではありません（{} バイト目）。UTF-8 で保存し直してください。",
                e.valid_up_to()
            ),
            Lang::En => format!(
                "not UTF-8 text (at byte {}); save the file as UTF-8",
                e.valid_up_to()
            ),
        },
    })?;
    if text.trim().is_empty() {
        return Err(Error::Unreadable {
            code: "empty",
            location: String::new(),
            message: lang
                .pick(
                    "ファイルが空です。mds の JSON 文書を指定してください。",
                    "the file is empty; give an mds JSON document",
                )
                .into(),
        });
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let seed = CheckedSeed {
        max_string: limits.max_string,
        depth: 0,
        max_depth: limits.max_depth,
    };
    let checked = seed.deserialize(&mut de).and_then(|v| de.end().map(|()| v));
    checked.map(|c| c.0).map_err(|e| {
        let location = match lang {
            Lang::Ja => format!("{}行{}列", e.line(), e.column()),
            Lang::En => format!("line {}, column {}", e.line(), e.column()),
        };
        let what = e.to_string();
        let what = what.split(" at line ").next().unwrap_or(&what).to_string();
        let (code, what) = match what.strip_prefix("string longer than ") {
            None if what.starts_with("nesting deeper than") => (
                "too-large",
                match lang {
                    Lang::Ja => format!("入れ子が深すぎます（{what}）。信頼できるファイルなら --max-depth で上限を上げてください（127 まで）"),
                    Lang::En => format!("{what}; if you trust the file, raise the limit with --max-depth (up to 127)"),
                },
            ),
            Some(rest) => (
                "too-large",
                match lang {
                    Lang::Ja => format!("文字列が長すぎます（上限 {rest}）。信頼できるファイルなら --max-string-kib で上限を上げてください"),
                    Lang::En => format!("a string is longer than {rest}; if you trust the file, raise the limit with --max-string-kib"),
                },
            ),
            None => ("not-json", what),
        };
        Error::Unreadable {
            code,
            message: match lang {
                Lang::Ja => format!("JSON として読めません（{location}）: {what}"),
                Lang::En => format!("not valid JSON ({location}): {what}"),
            },
            location,
        }
    })
}

/// The kind of document named by the `format` tag.
pub fn kind_of(value: &Value, lang: Lang) -> Result<Kind> {
    let known = Kind::ALL.map(Kind::format_tag).join(", ");
    let Some(object) = value.as_object() else {
        return Err(Error::Unreadable {
            code: "not-a-document",
            location: String::new(),
            message: match lang {
                Lang::Ja => format!(
                    "JSON オブジェクトではありません。mds の文書（{known}）を指定してください。"
                ),
                Lang::En => format!("not a JSON object; give an mds document ({known})"),
            },
        });
    };
    match object.get("format") {
        None => Err(Error::Unreadable {
            code: "missing-format",
            location: "/format".into(),
            message: match lang {
                Lang::Ja => format!(
                    "format タグがありません。文書の種類（{known}）を \"format\" に書いてください。"
                ),
                Lang::En => format!(
                    "no format tag; name the kind of document ({known}) in \"format\""
                ),
            },
        }),
        Some(tag) => tag
            .as_str()
            .and_then(Kind::from_format_tag)
            .ok_or_else(|| Error::Unreadable {
                code: "unknown-format",
                location: "/format".into(),
                message: match lang {
                    Lang::Ja => format!(
                        "format タグ {tag} を知りません。使えるのは {known} です。新しい版の mds で作られたファイルなら mds を更新してください。"
                    ),
                    Lang::En => format!(
                        "unknown format tag {tag}; known tags are {known}. If a newer mds wrote the file, update mds"
                    ),
                },
            }),
    }
}

/// Layer 1 of validation: the JSON Schema of `kind`, with JSON pointers.
pub fn schema_findings(kind: Kind, value: &Value, lang: Lang) -> Vec<Finding> {
    validator(kind)
        .iter_errors(value)
        .map(|e| {
            let what = e.to_string();
            Finding::new(
                Severity::Error,
                "schema",
                e.instance_path().as_str().to_string(),
                match lang {
                    Lang::Ja => format!("{} の形式に合いません: {what}", kind.format_tag()),
                    Lang::En => format!("does not match {}: {what}", kind.format_tag()),
                },
            )
        })
        .collect()
}

fn typed(kind: Kind, value: Value, lang: Lang) -> Result<Document> {
    Ok(match kind {
        Kind::Questionnaire => Document::Questionnaire(Box::new(from_value(value, lang)?)),
        Kind::Response => Document::Response(Box::new(from_value(value, lang)?)),
        Kind::Profile => Document::Profile(Box::new(from_value(value, lang)?)),
        Kind::Layout => Document::Layout(Box::new(from_value(value, lang)?)),
        Kind::Mapping => Document::Mapping(Box::new(from_value(value, lang)?)),
    })
}

fn from_value<T: DeserializeOwned>(value: Value, lang: Lang) -> Result<T> {
    serde_json::from_value(value).map_err(|e| Error::Unreadable {
        code: "schema",
        location: String::new(),
        message: match lang {
            Lang::Ja => format!("文書の形式に合いません: {e}"),
            Lang::En => format!("does not match the document format: {e}"),
        },
    })
}

/// The text of a document that passes every check of [`parse`] and carries the format tag of
/// `kind`, or `None` (then the slow path reports why).
fn quick_check<'a>(bytes: &'a [u8], limits: &JsonLimits, kind: Kind) -> Option<&'a str> {
    if bytes.len() as u64 > limits.max_bytes {
        return None;
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = crate::utf8(bytes).ok()?;
    let tag = scan(text, limits.max_string, limits.max_depth)?;
    (tag == Some(kind.format_tag())).then_some(text)
}

/// An open object of [`scan`]: its keys so far.
#[derive(Default)]
struct Keys<'a> {
    few: Vec<&'a str>,
    many: crate::FastSet<&'a str>,
}

impl<'a> Keys<'a> {
    /// Adds a key; false when the object has it already.
    fn fresh(&mut self, key: &'a str) -> bool {
        const FEW: usize = 16;
        if self.many.is_empty() {
            if self.few.contains(&key) {
                return false;
            }
            self.few.push(key);
            if self.few.len() > FEW {
                self.many.extend(self.few.drain(..));
            }
            return true;
        }
        self.many.insert(key)
    }

    fn clear(&mut self) {
        self.few.clear();
        self.many.clear();
    }
}

/// What [`parse`] checks, in one pass over the bytes without reading any value: no object has
/// a key twice, no string is longer than `max_string` bytes, nothing is nested deeper than
/// `max_depth`; returns the top-level `format` tag. None for anything unusual (a key or a tag
/// written with escapes, a string near the limit, brackets that do not match): the slow path then
/// explains. The grammar itself is left to the typed reader that follows.
fn scan(text: &str, max_string: usize, max_depth: usize) -> Option<Option<&str>> {
    let b = text.as_bytes();
    // The open containers: Some(keys) for an object, None for an array.
    let mut open: Vec<Option<Keys<'_>>> = Vec::new();
    let mut spare: Vec<Keys<'_>> = Vec::new();
    let mut tag = None;
    // The next string is a key; the next value is the top-level `format`.
    let (mut key_next, mut format_next) = (false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c @ (b'{' | b'[') => {
                if open.len() >= max_depth {
                    return None;
                }
                if c == b'{' {
                    open.push(Some(spare.pop().unwrap_or_default()));
                    key_next = true;
                } else {
                    open.push(None);
                    key_next = false;
                }
                format_next = false;
            }
            c @ (b'}' | b']') => {
                match (open.pop()?, c) {
                    (Some(mut keys), b'}') => {
                        keys.clear();
                        spare.push(keys);
                    }
                    (None, b']') => {}
                    _ => return None,
                }
                key_next = false;
            }
            b',' => key_next = matches!(open.last(), Some(Some(_))),
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                let end = loop {
                    let k = j + memchr::memchr2(b'"', b'\\', b.get(j..)?)?;
                    if b[k] == b'"' {
                        break k;
                    }
                    escaped = true;
                    j = k + 2;
                };
                // A string with escapes is never longer unescaped than written.
                if end - start > max_string {
                    return None;
                }
                let s = text.get(start..end)?;
                if key_next {
                    let Some(Some(keys)) = open.last_mut() else {
                        return None;
                    };
                    if escaped || !keys.fresh(s) {
                        return None;
                    }
                    format_next = open.len() == 1 && s == "format";
                    key_next = false;
                } else if format_next {
                    if escaped {
                        return None;
                    }
                    tag = Some(s);
                    format_next = false;
                }
                i = end;
            }
            b':' => {}
            c => {
                if !c.is_ascii_whitespace() {
                    format_next = false;
                }
            }
        }
        i += 1;
    }
    open.is_empty().then_some(tag)
}

/// A JSON value whose objects had no duplicate keys and whose strings are within a length.
struct Checked(Value);

#[derive(Clone, Copy)]
struct CheckedSeed {
    max_string: usize,
    depth: usize,
    max_depth: usize,
}

impl CheckedSeed {
    fn deeper<E: de::Error>(self) -> std::result::Result<Self, E> {
        if self.depth >= self.max_depth {
            return Err(E::custom(format!(
                "nesting deeper than {} levels",
                self.max_depth
            )));
        }
        Ok(CheckedSeed {
            depth: self.depth + 1,
            ..self
        })
    }
}

impl<'de> de::DeserializeSeed<'de> for CheckedSeed {
    type Value = Checked;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> std::result::Result<Checked, D::Error> {
        deserializer
            .deserialize_any(CheckedVisitor(self))
            .map(Checked)
    }
}

struct CheckedVisitor(CheckedSeed);

impl CheckedVisitor {
    fn string<E: de::Error>(&self, v: &str) -> std::result::Result<(), E> {
        if v.len() > self.0.max_string {
            return Err(E::custom(format!(
                "string longer than {} KiB",
                self.0.max_string >> 10
            )));
        }
        Ok(())
    }
}

impl<'de> Visitor<'de> for CheckedVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Value, E> {
        self.string(v)?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Value, E> {
        self.string(&v)?;
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let inner = self.0.deeper()?;
        let mut items = Vec::new();
        while let Some(Checked(item)) = seq.next_element_seed(inner)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let inner = self.0.deeper()?;
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            self.string(&key)?;
            if object.contains_key(&key) {
                return Err(de::Error::custom(format!("duplicate key {key:?}")));
            }
            let Checked(value) = map.next_value_seed(inner)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    /// The reference for `scan`: walks a JSON value through serde without keeping it: duplicate keys, string lengths and depth are checked;
    /// at the top level, the `format` tag is returned.
    #[derive(Clone, Copy)]
    struct Quick {
        max_string: usize,
        depth: usize,
        max_depth: usize,
        top: bool,
    }

    impl<'de> de::DeserializeSeed<'de> for Quick {
        type Value = Option<String>;

        fn deserialize<D: Deserializer<'de>>(
            self,
            deserializer: D,
        ) -> std::result::Result<Option<String>, D::Error> {
            deserializer.deserialize_any(self)
        }
    }

    /// A key, borrowed from the input where it has no escapes.
    struct Key<'de>(std::borrow::Cow<'de, str>);

    impl<'de> Deserialize<'de> for Key<'de> {
        fn deserialize<D: Deserializer<'de>>(
            deserializer: D,
        ) -> std::result::Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Key<'de>;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a key")
                }
                fn visit_borrowed_str<E>(self, v: &'de str) -> std::result::Result<Key<'de>, E> {
                    Ok(Key(std::borrow::Cow::Borrowed(v)))
                }
                fn visit_str<E>(self, v: &str) -> std::result::Result<Key<'de>, E> {
                    Ok(Key(std::borrow::Cow::Owned(v.to_string())))
                }
            }
            deserializer.deserialize_str(V)
        }
    }

    impl<'de> Visitor<'de> for Quick {
        type Value = Option<String>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a JSON value")
        }

        fn visit_bool<E>(self, _: bool) -> std::result::Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_i64<E>(self, _: i64) -> std::result::Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_u64<E>(self, _: u64) -> std::result::Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_f64<E>(self, _: f64) -> std::result::Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Option<String>, E> {
            if v.len() > self.max_string {
                return Err(E::custom("long"));
            }
            Ok(Some(v.to_string()).filter(|_| self.depth == 1))
        }

        fn visit_unit<E>(self) -> std::result::Result<Option<String>, E> {
            Ok(None)
        }

        fn visit_seq<A: SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> std::result::Result<Option<String>, A::Error> {
            if self.depth >= self.max_depth {
                return Err(de::Error::custom("deep"));
            }
            let inner = Quick {
                depth: self.depth + 1,
                top: false,
                ..self
            };
            while seq.next_element_seed(inner)?.is_some() {}
            Ok(None)
        }

        fn visit_map<A: MapAccess<'de>>(
            self,
            mut map: A,
        ) -> std::result::Result<Option<String>, A::Error> {
            if self.depth >= self.max_depth {
                return Err(de::Error::custom("deep"));
            }
            let inner = Quick {
                depth: self.depth + 1,
                top: false,
                ..self
            };
            // Small objects (most of them) are checked with a list on the stack, which allocates
            // nothing; large ones, and keys with escapes, with a set.
            const FEW: usize = 16;
            let mut few: [&'de str; FEW] = [""; FEW];
            let mut count = 0;
            let mut many: std::collections::HashSet<std::borrow::Cow<'de, str>> =
                std::collections::HashSet::new();
            let mut tag = None;
            while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
                if key.len() > self.max_string {
                    return Err(de::Error::custom("long"));
                }
                let is_format = self.top && key == "format";
                let fresh = match key {
                    std::borrow::Cow::Borrowed(k) if many.is_empty() && count < FEW => {
                        let fresh = !few[..count].contains(&k);
                        few[count] = k;
                        count += 1;
                        fresh
                    }
                    key => {
                        if many.is_empty() {
                            many.extend(
                                few[..count].iter().map(|k| std::borrow::Cow::Borrowed(*k)),
                            );
                        }
                        many.insert(key)
                    }
                };
                if !fresh {
                    return Err(de::Error::custom("duplicate"));
                }
                let value = map.next_value_seed(inner)?;
                if is_format {
                    tag = value;
                }
            }
            Ok(tag)
        }
    }

    /// The format tag and the checks of the reference walk, or None where it refuses.
    fn reference(text: &str, max_string: usize, max_depth: usize) -> Option<Option<String>> {
        let mut de = serde_json::Deserializer::from_str(text);
        let seed = Quick {
            max_string,
            depth: 0,
            max_depth,
            top: true,
        };
        let tag = seed.deserialize(&mut de).ok()?;
        de.end().ok()?;
        Some(tag)
    }

    /// Random JSON text: objects whose keys may repeat, strings with escapes and long ones.
    fn json_text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let leaf = prop_oneof![
            Just("1".to_string()),
            Just("-2.5e3".to_string()),
            Just("true".to_string()),
            Just("null".to_string()),
            Just("\"mds-questionnaire/1\"".to_string()),
            Just("\"a\\\"b\"".to_string()),
            Just("\"\\u3042\\\\\"".to_string()),
            Just("\"はい：備考\"".to_string()),
            Just(format!("\"{}\"", "x".repeat(40))),
        ];
        leaf.prop_recursive(5, 40, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5)
                    .prop_map(|v| format!("[{}]", v.join(", "))),
                proptest::collection::vec(
                    (
                        proptest::sample::select(vec!["a", "b", "format", "c", "\\u0061", "キー"]),
                        inner
                    ),
                    0..6
                )
                .prop_map(|v| format!(
                    "{{ {} }}",
                    v.iter()
                        .map(|(k, v)| format!("\"{k}\" : {v}"))
                        .collect::<Vec<_>>()
                        .join(",\n ")
                )),
            ]
        })
    }

    proptest::proptest! {
        /// The one-pass scan agrees with the reference walk: what it accepts the walk accepts,
        /// with the same tag; what the walk accepts without escapes, it accepts.
        #[test]
        fn the_scan_agrees_with_the_serde_walk(text in json_text(), depth in 1usize..6) {
            let max_string = 30;
            let ours = scan(&text, max_string, depth);
            let theirs = reference(&text, max_string, depth);
            if let Some(tag) = ours {
                proptest::prop_assert_eq!(theirs.clone(), Some(tag.map(str::to_string)), "{}", text);
            }
            if theirs.is_some() && !text.contains('\\') {
                proptest::prop_assert!(ours.is_some(), "{}", text);
            }
        }
    }

    #[test]
    fn the_scan_refuses_what_parse_refuses() {
        for (text, ok) in [
            (r#"{"format": "x", "a": 1}"#, true),
            (r#"{"a": 1, "a": 2}"#, false),
            (r#"{"a": {"b": 1, "b": 1}}"#, false),
            (r#"{"a": [{"b": 1}, {"b": 1}]}"#, true),
            (r#"{"a": [1, 2}"#, false),
            (r#"{"a": "1"]"#, false),
            (r#"[[[[[[[[1]]]]]]]]"#, false),
            (
                r#"{"s": "0123456789012345678901234567890123456789"}"#,
                false,
            ),
        ] {
            assert_eq!(scan(text, 30, 6).is_some(), ok, "{text}");
        }
        assert_eq!(scan(r#"{"format": "x"}"#, 30, 6), Some(Some("x")));
        assert_eq!(scan(r#"{"a": {"format": "x"}}"#, 30, 6), Some(None));
        // Twenty keys and then one of them again.
        let many: Vec<String> = (0..20).map(|i| format!("\"k{i}\": {i}")).collect();
        let text = format!("{{{}, \"k3\": 0}}", many.join(", "));
        assert_eq!(scan(&text, 30, 6), None);
        assert!(scan(&format!("{{{}}}", many.join(", ")), 30, 6).is_some());
    }

    use super::*;

    fn check_err(input: &[u8], code: &str, location: &str) {
        match load(input, Lang::En) {
            Err(e) => {
                assert_eq!(e.code(), code, "{e}");
                assert_eq!(e.location(), location, "{e}");
            }
            Ok(l) => panic!("expected {code}, got {:?}", l.findings),
        }
    }

    #[test]
    fn unreadable_inputs() {
        check_err(b"", "empty", "");
        check_err(b"  \n", "empty", "");
        check_err(b"\xff\xfe{}", "not-utf8", "byte 0");
        check_err(b"{\"format\": ", "not-json", "line 1, column 11");
        check_err(b"[1,2]", "not-a-document", "");
        check_err(b"{}", "missing-format", "/format");
        check_err(
            br#"{"format":"mds-response/9"}"#,
            "unknown-format",
            "/format",
        );
        check_err(br#"{"format":1}"#, "unknown-format", "/format");
        check_err(
            b"{\"format\":\"mds-response/1\",\n\"format\":\"mds-response/1\"}",
            "not-json",
            "line 2, column 8",
        );
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        check_err(deep.as_bytes(), "too-large", "line 1, column 65");
    }

    #[test]
    fn bom_is_accepted() {
        let loaded = load(
            b"\xEF\xBB\xBF{\"format\":\"mds-response/1\",\"questionnaire\":{\"id\":\"x\",\"version\":\"1\"}}",
            Lang::Ja,
        );
        assert!(matches!(
            loaded,
            Ok(Loaded {
                document: Some(Document::Response(_)),
                ..
            })
        ));
    }

    /// The deepest nesting of arrays and objects a schema allows, following its `$ref`s; None
    /// when it allows a map (an object of any keys) or nests without end.
    fn schema_depth(node: &Value, defs: &Value, path: &mut Vec<String>) -> Option<usize> {
        let Some(object) = node.as_object() else {
            return Some(0);
        };
        let mut deepest = 0;
        if let Some(target) = object.get("$ref").and_then(Value::as_str) {
            let name = target.rsplit('/').next().unwrap_or_default().to_string();
            if path.contains(&name) {
                return None;
            }
            path.push(name.clone());
            deepest = schema_depth(&defs[&name], defs, path)?;
            path.pop();
        }
        let types: Vec<&str> = match object.get("type") {
            Some(Value::String(t)) => vec![t.as_str()],
            Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        if types.contains(&"object")
            && object
                .get("additionalProperties")
                .is_none_or(|extra| extra != &Value::Bool(false))
        {
            return None;
        }
        let nested = types.contains(&"object") || types.contains(&"array");
        let mut children: Vec<&Value> = Vec::new();
        if let Some(Value::Object(properties)) = object.get("properties") {
            children.extend(properties.values());
        }
        if let Some(items) = object.get("items") {
            children.push(items);
        }
        for key in ["anyOf", "oneOf", "allOf"] {
            if let Some(Value::Array(members)) = object.get(key) {
                children.extend(members);
            }
        }
        for child in children {
            deepest = deepest.max(schema_depth(child, defs, path)? + usize::from(nested));
        }
        Some(deepest.max(usize::from(nested)))
    }

    #[test]
    fn closed_types_hold_no_maps_and_nest_no_deeper_than_they_say() {
        let schema = crate::schema::schema(Kind::Questionnaire);
        let depth = schema_depth(&schema, &schema["$defs"], &mut Vec::new());
        assert_eq!(depth, Some(<Questionnaire as Closed>::DEPTH));
        // A response holds maps: it is not closed.
        let schema = crate::schema::schema(Kind::Response);
        assert_eq!(
            schema_depth(&schema, &schema["$defs"], &mut Vec::new()),
            None
        );
    }

    /// A questionnaire's JSON text with every kind of member, small enough to change by hand.
    fn questionnaire_text() -> String {
        let catalog = crate::catalog::Catalog::builtin();
        let mut q = catalog
            .resolve("sample-sds")
            .cloned()
            .unwrap_or_else(|| unreachable!());
        q.sections.truncate(2);
        for section in &mut q.sections {
            section.items.truncate(3);
        }
        serde_json::to_string_pretty(&q).unwrap_or_default()
    }

    /// What a reader made of a text: the document, or the error's code and place.
    fn outcome<T: std::fmt::Debug>(read: Result<T>) -> std::result::Result<String, String> {
        read.map(|d| format!("{d:?}"))
            .map_err(|e| format!("{} {} {e}", e.code(), e.location()))
    }

    proptest::proptest! {
        /// The closed reader reads what `load_as` reads and refuses it the same way: repeated,
        /// unknown or escaped keys, long strings, deep nesting, other tags, a BOM, cut text.
        #[test]
        fn the_closed_reader_agrees_with_load_as(
            change in 0usize..9,
            at in 0usize..10_000,
            max_string in proptest::prop_oneof![1usize..400, proptest::strategy::Just(1usize << 20)],
            max_depth in 1usize..12,
        ) {
            let mut text = questionnaire_text();
            let opens: Vec<usize> = text.match_indices('{').map(|(i, _)| i + 1).collect();
            let quotes: Vec<usize> = text.match_indices(": \"").map(|(i, _)| i + 3).collect();
            let open = opens[at % opens.len()];
            let quote = quotes[at % quotes.len()];
            match change {
                0 => {}
                // The first key of an object, given again.
                1 => {
                    let key_end = text[open..].find("\":").map_or(open, |e| open + e + 2);
                    let key = text[open..key_end].trim().to_string();
                    text.insert_str(open, &format!("{key} null,"));
                }
                2 => text.insert_str(open, "\"unknown\": 1,"),
                3 => text.insert_str(quote, &"長い文字列".repeat(at % 40)),
                4 => text = text.replacen("mds-questionnaire/1", "mds-response/1", 1),
                5 => text.insert(0, '\u{feff}'),
                6 => {}
                7 => text = text.replacen("\"id\"", "\"\\u0069d\"", 1 + at % 3),
                _ => text.insert_str(quote, "\\\"\\u3042\\n"),
            }
            let mut bytes = text.into_bytes();
            if change == 6 {
                // Cut anywhere, also inside a character.
                bytes.truncate(at % bytes.len());
            }
            let limits = JsonLimits { max_string, max_depth, ..JsonLimits::default() };
            let closed = load_closed_with::<Questionnaire>(&bytes, Kind::Questionnaire, &limits, Lang::En);
            let plain = load_as_with::<Questionnaire>(&bytes, Kind::Questionnaire, &limits, Lang::En);
            proptest::prop_assert_eq!(outcome(closed), outcome(plain), "{}", String::from_utf8_lossy(&bytes));
        }
    }
}
