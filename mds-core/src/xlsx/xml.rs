//! XML helpers shared by the OOXML and OpenDocument readers.

use quick_xml::events::{BytesStart, Event};

use super::cell::corrupt;
use crate::Lang;
use crate::error::Error;

/// Collects the text of XML events: text, CDATA and entity references.
pub(super) fn push_text(out: &mut String, event: &Event<'_>) {
    match event {
        Event::Text(t) => out.push_str(&t.xml10_content()),
        Event::CData(t) => out.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                out.push(c);
            } else {
                match r.as_ref() {
                    "amp" => out.push('&'),
                    "lt" => out.push('<'),
                    "gt" => out.push('>'),
                    "quot" => out.push('"'),
                    "apos" => out.push('\''),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name || a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

pub(super) fn xml_err(lang: Lang, part: &str, e: impl std::fmt::Display) -> Error {
    corrupt(lang, part, &e.to_string())
}
