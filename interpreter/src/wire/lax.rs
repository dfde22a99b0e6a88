//! Lenient decoding primitives for SMA events: every field is read into a [`Slot`] that records
//! whether it was missing, present but unusable, or valid, instead of failing the whole event.
//!
//! The rule that keeps this sound is that no wrapper here ever returns an error for well-formed
//! JSON: a value of the wrong shape is consumed (arrays and objects are drained) and reported as
//! [`Slot::Invalid`], so the parser is always left at a consistent position. Only syntax errors
//! (and the rare duplicate key) propagate. No `serde_json::Value` is built except to stringify
//! the nested value of a non-string attribute, which is rare.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The outcome of reading one field.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) enum Slot<T> {
    /// Absent or `null`.
    #[default]
    Missing,
    /// Present with a shape or value that cannot be used.
    Invalid,
    /// Present and usable.
    Valid(T),
}

impl<T> Slot<T> {
    /// The value when it is usable; missing and invalid both give `None`.
    pub(crate) fn ok(self) -> Option<T> {
        match self {
            Self::Valid(value) => Some(value),
            Self::Missing | Self::Invalid => None,
        }
    }
}

/// A scalar that can be read from whatever JSON scalar the service happens to send.
pub(crate) trait Scalar: Sized {
    fn from_text(text: &str) -> Option<Self>;
    fn from_u64(_: u64) -> Option<Self> {
        None
    }
    fn from_i64(_: i64) -> Option<Self> {
        None
    }
    fn from_f64(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
}

impl Scalar for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
    fn from_u64(number: u64) -> Option<Self> {
        Some(number.to_string())
    }
    fn from_i64(number: i64) -> Option<Self> {
        Some(number.to_string())
    }
}

impl Scalar for u64 {
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_u64(number: u64) -> Option<Self> {
        Some(number)
    }
    fn from_f64(number: f64) -> Option<Self> {
        // Only whole numbers within range; `1e3` is as good as `1000`.
        let whole = number.fract() == 0.0 && (0.0..=9_007_199_254_740_992.0).contains(&number);
        whole.then_some(number as u64)
    }
}

impl Scalar for u16 {
    fn from_text(text: &str) -> Option<Self> {
        text.trim().parse().ok()
    }
    fn from_u64(number: u64) -> Option<Self> {
        number.try_into().ok()
    }
}

/// A scalar field read leniently (numbers may arrive as strings and vice versa).
#[derive(Debug)]
pub(crate) struct Lax<T>(pub(crate) Slot<T>);

impl<T> Default for Lax<T> {
    fn default() -> Self {
        Self(Slot::Missing)
    }
}

impl<'de, T: Scalar> Deserialize<'de> for Lax<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ScalarVisitor(PhantomData))
            .map(Lax)
    }
}

struct ScalarVisitor<T>(PhantomData<T>);

fn found<T>(value: Option<T>) -> Slot<T> {
    value.map_or(Slot::Invalid, Slot::Valid)
}

impl<'de, T: Scalar> Visitor<'de> for ScalarVisitor<T> {
    type Value = Slot<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Slot<T>, E> {
        Ok(found(T::from_text(text)))
    }
    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Slot<T>, E> {
        Ok(found(T::from_u64(number)))
    }
    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Slot<T>, E> {
        Ok(found(T::from_i64(number)))
    }
    fn visit_f64<E: de::Error>(self, number: f64) -> Result<Slot<T>, E> {
        Ok(found(T::from_f64(number)))
    }
    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<Slot<T>, E> {
        Ok(found(T::from_bool(flag)))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Slot<T>, E> {
        Ok(Slot::Missing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot<T>, A::Error> {
        drain_seq(seq).map(|()| Slot::Invalid)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot<T>, A::Error> {
        drain_map(map).map(|()| Slot::Invalid)
    }
}

fn drain_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn drain_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

/// An object field whose type `T` is itself built only from lenient fields (so it never fails on
/// a well-formed object); any non-object is recorded as invalid.
#[derive(Debug)]
pub(crate) struct LaxObject<T>(pub(crate) Slot<T>);

impl<T> Default for LaxObject<T> {
    fn default() -> Self {
        Self(Slot::Missing)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LaxObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ObjectVisitor(PhantomData))
            .map(LaxObject)
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Slot<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Slot<T>, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(Slot::Valid)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Slot<T>, E> {
        Ok(Slot::Missing)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Slot<T>, A::Error> {
        drain_seq(seq).map(|()| Slot::Invalid)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Slot<T>, E> {
        Ok(Slot::Invalid)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Slot<T>, E> {
        Ok(Slot::Invalid)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Slot<T>, E> {
        Ok(Slot::Invalid)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Slot<T>, E> {
        Ok(Slot::Invalid)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Slot<T>, E> {
        Ok(Slot::Invalid)
    }
}

/// An array field whose element type `T` never fails on well-formed JSON; any non-array is
/// recorded as invalid.
#[derive(Debug)]
pub(crate) struct LaxList<T>(pub(crate) Slot<Vec<T>>);

impl<T> Default for LaxList<T> {
    fn default() -> Self {
        Self(Slot::Missing)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LaxList<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(ListVisitor(PhantomData))
            .map(LaxList)
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = Slot<Vec<T>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::<T>::deserialize(SeqAccessDeserializer::new(seq)).map(Slot::Valid)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Slot::Missing)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        drain_map(map).map(|()| Slot::Invalid)
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Slot::Invalid)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
        Ok(Slot::Invalid)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
        Ok(Slot::Invalid)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Ok(Slot::Invalid)
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Slot::Invalid)
    }
}

/// Any JSON value as text: strings as they are, everything else as its JSON spelling.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Stringified(pub(crate) String);

impl<'de> Deserialize<'de> for Stringified {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer
            .deserialize_any(StringifyVisitor)
            .map(Stringified)
    }
}

struct StringifyVisitor;

impl<'de> Visitor<'de> for StringifyVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_owned())
    }
    fn visit_string<E: de::Error>(self, text: String) -> Result<String, E> {
        Ok(text)
    }
    fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
        Ok(number.to_string())
    }
    fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
        Ok(number.to_string())
    }
    fn visit_f64<E: de::Error>(self, number: f64) -> Result<String, E> {
        Ok(serde_json::Value::from(number).to_string())
    }
    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<String, E> {
        Ok(flag.to_string())
    }
    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok("null".to_owned())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<String, A::Error> {
        serde_json::Value::deserialize(SeqAccessDeserializer::new(seq)).map(|v| v.to_string())
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<String, A::Error> {
        serde_json::Value::deserialize(MapAccessDeserializer::new(map)).map(|v| v.to_string())
    }
}

/// A string-to-string map whose non-string values are stringified; a non-object is invalid.
#[derive(Debug, Default)]
pub(crate) struct LaxMap(pub(crate) Slot<BTreeMap<String, String>>);

impl LaxMap {
    /// The map, or an empty one when it was absent or not an object.
    pub(crate) fn or_empty(self) -> BTreeMap<String, String> {
        self.0.ok().unwrap_or_default()
    }
}

impl<'de> Deserialize<'de> for LaxMap {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let object = LaxObject::<BTreeMap<String, Stringified>>::deserialize(deserializer)?;
        Ok(Self(match object.0 {
            Slot::Valid(map) => Slot::Valid(
                map.into_iter()
                    .map(|(key, Stringified(value))| (key, value))
                    .collect(),
            ),
            Slot::Missing => Slot::Missing,
            Slot::Invalid => Slot::Invalid,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, rename_all = "PascalCase")]
    struct Probe {
        number: Lax<u64>,
        text: Lax<String>,
        inner: LaxObject<Inner>,
        items: LaxList<Stringified>,
        map: LaxMap,
    }

    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default, rename_all = "PascalCase")]
    struct Inner {
        id: Lax<String>,
    }

    fn probe(json: &str) -> Probe {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn wrong_shapes_become_invalid_without_failing_the_parse() {
        let p = probe(
            r#"{"Number":{"a":[1,2]},"Text":[1,{"b":2}],"Inner":"x","Items":{"c":1},"Map":7}"#,
        );
        assert_eq!(p.number.0, Slot::Invalid);
        assert_eq!(p.text.0, Slot::Invalid);
        assert!(matches!(p.inner.0, Slot::Invalid));
        assert!(matches!(p.items.0, Slot::Invalid));
        assert!(matches!(p.map.0, Slot::Invalid));
    }

    #[test]
    fn numbers_and_strings_are_interchangeable_and_null_is_missing() {
        let p = probe(
            r#"{"Number":"42","Text":7,"Inner":null,"Items":[1,"a",{"k":true}],"Map":{"n":1.5,"o":{"x":null},"s":"v"}}"#,
        );
        assert_eq!(p.number.0, Slot::Valid(42));
        assert_eq!(p.text.0, Slot::Valid("7".to_owned()));
        assert!(matches!(p.inner.0, Slot::Missing));
        let Slot::Valid(items) = p.items.0 else {
            panic!("items")
        };
        assert_eq!(
            items,
            [
                Stringified("1".into()),
                Stringified("a".into()),
                Stringified(r#"{"k":true}"#.into())
            ]
        );
        let map = p.map.or_empty();
        assert_eq!(map["n"], "1.5");
        assert_eq!(map["o"], r#"{"x":null}"#);
        assert_eq!(map["s"], "v");
    }

    #[test]
    fn nested_objects_are_read_field_by_field() {
        let p = probe(r#"{"Inner":{"Id":"abc","Unknown":[1]}}"#);
        let Slot::Valid(inner) = p.inner.0 else {
            panic!("inner")
        };
        assert_eq!(inner.id.0, Slot::Valid("abc".to_owned()));
        assert_eq!(probe(r#"{"Number":"x"}"#).number.0, Slot::Invalid);
        assert_eq!(probe(r#"{"Number":-1}"#).number.0, Slot::Invalid);
    }
}
