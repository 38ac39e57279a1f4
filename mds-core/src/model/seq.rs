//! Lists read at their exact length.
//!
//! serde reads a JSON list into a `Vec` that grows as it is filled, so a list of one rule or two
//! codes holds room for four (a 20,000-item questionnaire read that way held a third of its
//! memory in empty room). The short lists of an item are read with [`exact`] instead.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

/// Reads a list into a `Vec` whose capacity is its length for lists of one or two, and which
/// grows from two otherwise.
pub(crate) fn exact<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    struct Exact<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de>> Visitor<'de> for Exact<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a sequence")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            let Some(first) = seq.next_element()? else {
                return Ok(Vec::new());
            };
            let Some(second) = seq.next_element()? else {
                return Ok(vec![first]);
            };
            let more = seq.size_hint().unwrap_or(0).min(1024);
            let mut list = Vec::with_capacity(2 + more);
            list.push(first);
            list.push(second);
            while let Some(next) = seq.next_element()? {
                list.push(next);
            }
            Ok(list)
        }
    }

    deserializer.deserialize_seq(Exact(PhantomData))
}

#[cfg(test)]
mod tests {
    #[derive(serde::Deserialize)]
    struct Lists {
        #[serde(deserialize_with = "super::exact")]
        list: Vec<String>,
    }

    #[test]
    fn lists_are_read_at_their_length() {
        for (text, len, cap) in [
            (r#"{"list": []}"#, 0, 0),
            (r#"{"list": ["a"]}"#, 1, 1),
            (r#"{"list": ["a", "b"]}"#, 2, 2),
        ] {
            let lists: Lists = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(
                (lists.list.len(), lists.list.capacity()),
                (len, cap),
                "{text}"
            );
        }
        let many: Lists = serde_json::from_str(r#"{"list": ["a", "b", "c", "d", "e"]}"#)
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(many.list, ["a", "b", "c", "d", "e"]);
        assert!(serde_json::from_str::<Lists>(r#"{"list": "a"}"#).is_err());
        assert!(serde_json::from_str::<Lists>(r#"{"list": [1]}"#).is_err());
    }
}
