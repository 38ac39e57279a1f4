//! The length of the longest string a document serialises: what the string bound of
//! [`super::parse`] looks at, found in the typed document instead of the text.

use serde::Serialize;
use serde::ser;

/// The length in bytes of the longest string (value or map key) `document` serialises, or
/// `None` when it cannot be serialised.
///
/// ```
/// let v = serde_json::json!({"a": ["xy", {"long key": "z"}]});
/// assert_eq!(mds_core::json::longest_string(&v), Some(8));
/// ```
pub fn longest_string<T: Serialize + ?Sized>(document: &T) -> Option<usize> {
    let mut walk = Longest(0);
    document.serialize(&mut walk).ok().map(|()| walk.0)
}

/// The walk: the longest length so far.
struct Longest(usize);

#[derive(Debug)]
struct Unwalkable;

impl std::fmt::Display for Unwalkable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not serialisable")
    }
}

impl std::error::Error for Unwalkable {}

impl ser::Error for Unwalkable {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unwalkable
    }
}

type Walked = Result<(), Unwalkable>;

impl Longest {
    fn text(&mut self, len: usize) -> Walked {
        self.0 = self.0.max(len);
        Ok(())
    }

    /// A variant's name measured; its contents follow.
    fn variant(&mut self, name: &str) -> Result<&mut Self, Unwalkable> {
        self.text(name.len())?;
        Ok(self)
    }
}

/// Scalars other than text need no look.
macro_rules! scalars {
    ($($method:ident: $ty:ty),* $(,)?) => {
        $(fn $method(self, _: $ty) -> Walked { Ok(()) })*
    };
}

impl ser::Serializer for &mut Longest {
    type Ok = ();
    type Error = Unwalkable;
    type SerializeSeq = Self;
    type SerializeTuple = Self;
    type SerializeTupleStruct = Self;
    type SerializeTupleVariant = Self;
    type SerializeMap = Self;
    type SerializeStruct = Self;
    type SerializeStructVariant = Self;

    scalars!(
        serialize_bool: bool,
        serialize_i8: i8,
        serialize_i16: i16,
        serialize_i32: i32,
        serialize_i64: i64,
        serialize_i128: i128,
        serialize_u8: u8,
        serialize_u16: u16,
        serialize_u32: u32,
        serialize_u64: u64,
        serialize_u128: u128,
        serialize_f32: f32,
        serialize_f64: f64,
    );

    fn serialize_char(self, c: char) -> Walked {
        self.text(c.len_utf8())
    }
    fn serialize_str(self, s: &str) -> Walked {
        self.text(s.len())
    }
    fn serialize_bytes(self, _: &[u8]) -> Walked {
        Ok(())
    }
    fn serialize_none(self) -> Walked {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Walked {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Walked {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Walked {
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Walked {
        self.text(variant.len())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Walked {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Walked {
        value.serialize(self.variant(variant)?)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self, Unwalkable> {
        Ok(self)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self, Unwalkable> {
        Ok(self)
    }
    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self, Unwalkable> {
        Ok(self)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Unwalkable> {
        self.variant(variant)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self, Unwalkable> {
        Ok(self)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, Unwalkable> {
        Ok(self)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Self, Unwalkable> {
        self.variant(variant)
    }
}

/// The compound parts: each value walked; a struct's field names are text too.
macro_rules! walk_values {
    ($($trait:ident :: $method:ident),* $(,)?) => {$(
        impl ser::$trait for &mut Longest {
            type Ok = ();
            type Error = Unwalkable;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Walked {
                value.serialize(&mut **self)
            }
            fn end(self) -> Walked {
                Ok(())
            }
        }
    )*};
}

macro_rules! walk_fields {
    ($($trait:ident),* $(,)?) => {$(
        impl ser::$trait for &mut Longest {
            type Ok = ();
            type Error = Unwalkable;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                value: &T,
            ) -> Walked {
                self.text(key.len())?;
                value.serialize(&mut **self)
            }
            fn end(self) -> Walked {
                Ok(())
            }
        }
    )*};
}

walk_values!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field,
);
walk_fields!(SerializeStruct, SerializeStructVariant);

impl ser::SerializeMap for &mut Longest {
    type Ok = ();
    type Error = Unwalkable;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Walked {
        key.serialize(&mut **self)
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Walked {
        value.serialize(&mut **self)
    }
    fn end(self) -> Walked {
        Ok(())
    }
}
