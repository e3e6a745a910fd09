//! Typed reading of a YAML [`Node`] tree through serde, so source types are plain
//! `#[derive(Deserialize)]` structs while every error still knows the span of the node it
//! came from: unknown keys (with "did you mean"), wrong types, missing keys.
//! [`Spanned<T>`] records the span of a value for later checks.

use std::fmt;
use std::ops::Range;

use serde::de::{self, DeserializeOwned, IntoDeserializer, Visitor};
use serde::{Deserialize, Serialize};

use super::yaml::{Node, NodeKind, Plain, Style, resolve_plain};

/// What kind of mistake a [`DeError`] is, so callers can pick a diagnostic id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeErrorKind {
    /// A mapping key the type does not have.
    UnknownKey,
    /// A value of the wrong type or an invalid value.
    Type,
    /// A required key is absent.
    Missing,
    /// Anything else (a custom validation message).
    Other,
}

/// An error from reading a node tree into a type, with the span of the offending node.
#[derive(Debug, Clone)]
pub struct DeError {
    /// Its kind.
    pub kind: DeErrorKind,
    /// What is wrong.
    pub message: String,
    /// The node it is about (set by the innermost node that saw the error).
    pub span: Option<Range<usize>>,
    /// A suggestion ("did you mean `unit`?").
    pub help: Option<String>,
}

impl DeError {
    fn new(kind: DeErrorKind, message: String) -> Self {
        DeError {
            kind,
            message,
            span: None,
            help: None,
        }
    }

    fn at(mut self, span: &Range<usize>) -> Self {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(DeErrorKind::Other, msg.to_string())
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::new(
            DeErrorKind::Type,
            format!("expected {exp}, found {}", unexpected(&unexp)),
        )
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        DeError::new(
            DeErrorKind::Type,
            format!("invalid value {}, expected {exp}", unexpected(&unexp)),
        )
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut e = DeError::new(DeErrorKind::UnknownKey, format!("unknown key `{field}`"));
        e.help = Some(suggest_help(field, expected, "keys"));
        e
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        let mut e = DeError::new(DeErrorKind::Type, format!("unknown value `{variant}`"));
        e.help = Some(suggest_help(variant, expected, "values"));
        e
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(DeErrorKind::Missing, format!("missing key `{field}`"))
    }
}

fn unexpected(u: &de::Unexpected<'_>) -> String {
    match u {
        de::Unexpected::Unit => "null".into(),
        de::Unexpected::Map => "a mapping".into(),
        de::Unexpected::Seq => "a sequence".into(),
        other => other.to_string(),
    }
}

/// "did you mean `x`?" when one expected name is close, else the list of expected names.
pub fn suggest_help(got: &str, expected: &[&str], what: &str) -> String {
    match closest(got, expected.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if expected.is_empty() => format!("no {what} are allowed here"),
        None => format!("expected one of: {}", expected.join(", ")),
    }
}

/// The candidate closest to `got` by edit distance, when close enough to be a typo.
pub fn closest<'a>(got: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (got.chars().count() / 3).max(1);
    candidates
        .map(|c| (edit_distance(&got.to_lowercase(), &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Edit distance over characters counting a swap of two neighbours as one edit (optimal
/// string alignment), since swapped letters are the most common typo in keys.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    d[a.len() * w + b.len()]
}

/// Reads a node tree into `T`.
pub fn from_node<T: DeserializeOwned>(node: &Node) -> Result<T, DeError> {
    T::deserialize(NodeDe { node })
}

const SPANNED: &str = "$grafcode::Spanned";
const SPANNED_FIELDS: &[&str] = &["$start", "$end", "$value"];

/// A value with the byte span of the node it was read from.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Byte range of its node in the file.
    pub span: Range<usize>,
}

impl<T> Spanned<T> {
    /// A value with a span.
    pub fn new(value: T, span: Range<usize>) -> Self {
        Spanned { value, span }
    }
}

impl<T: Default> Default for Spanned<T> {
    fn default() -> Self {
        Spanned {
            value: T::default(),
            span: 0..0,
        }
    }
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(s)
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        T::schema_id()
    }
    fn inline_schema() -> bool {
        T::inline_schema()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a spanned value")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let _: Option<String> = map.next_key()?;
                let start: usize = map.next_value()?;
                let _: Option<String> = map.next_key()?;
                let end: usize = map.next_value()?;
                let _: Option<String> = map.next_key()?;
                let value: T = map.next_value()?;
                Ok(Spanned {
                    value,
                    span: start..end,
                })
            }
        }
        d.deserialize_struct(SPANNED, SPANNED_FIELDS, V(std::marker::PhantomData))
    }
}

/// A serde deserializer over one node.
struct NodeDe<'a> {
    node: &'a Node,
}

impl<'a> NodeDe<'a> {
    fn scalar(&self) -> Option<(&'a str, Style)> {
        match &self.node.kind {
            NodeKind::Scalar(s, style) => Some((s.as_str(), *style)),
            _ => None,
        }
    }

    fn wrong<T>(&self, exp: &dyn de::Expected) -> Result<T, DeError> {
        Err(DeError::new(
            DeErrorKind::Type,
            format!("expected {exp}, found {}", self.node.describe()),
        ))
    }

    fn plain(&self) -> Option<Plain> {
        match self.scalar() {
            Some((s, Style::Plain)) => Some(resolve_plain(s)),
            _ => None,
        }
    }

    fn number<'de, V: Visitor<'de>>(&self, visitor: V) -> Result<V::Value, DeError> {
        match self.plain() {
            Some(Plain::Int(i)) => visitor.visit_i64(i),
            Some(Plain::Float(f)) => visitor.visit_f64(f),
            _ => {
                // A big unsigned value, or not a number at all.
                if let Some((s, Style::Plain)) = self.scalar()
                    && let Ok(u) = s.parse::<u64>()
                {
                    return visitor.visit_u64(u);
                }
                self.wrong(&visitor)
            }
        }
    }
}

macro_rules! forward_number {
    ($($name:ident)*) => {$(
        fn $name<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
            let span = self.node.span.clone();
            self.number(visitor).map_err(|e| e.at(&span))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = match &self.node.kind {
            NodeKind::Scalar(s, Style::Plain) => match resolve_plain(s) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Int(i) => visitor.visit_i64(i),
                Plain::Float(f) => visitor.visit_f64(f),
                Plain::Str => visitor.visit_str(s),
            },
            NodeKind::Scalar(s, _) => visitor.visit_str(s),
            NodeKind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
            }),
            NodeKind::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                value: None,
            }),
        };
        r.map_err(|e| e.at(&span))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = match self.plain() {
            Some(Plain::Bool(b)) => visitor.visit_bool(b),
            _ => self.wrong(&"true or false"),
        };
        r.map_err(|e| e.at(&span))
    }

    forward_number! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = match self.scalar() {
            Some(_) if self.node.is_null() => self.wrong(&visitor),
            Some((s, _)) => visitor.visit_str(s),
            None => self.wrong(&visitor),
        };
        r.map_err(|e| e.at(&span))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.node.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = if self.node.is_null() {
            visitor.visit_unit()
        } else {
            self.wrong(&visitor)
        };
        r.map_err(|e| e.at(&span))
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = match &self.node.kind {
            NodeKind::Seq(items) => visitor.visit_seq(SeqDe {
                items: items.iter(),
            }),
            _ => self.wrong(&visitor),
        };
        r.map_err(|e| e.at(&span))
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = match &self.node.kind {
            NodeKind::Map(entries) => visitor.visit_map(MapDe {
                entries: entries.iter(),
                value: None,
            }),
            // An empty value (`key:`) reads as an empty mapping.
            _ if self.node.is_null() => visitor.visit_map(MapDe {
                entries: [].iter(),
                value: None,
            }),
            _ => self.wrong(&visitor),
        };
        r.map_err(|e| e.at(&span))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED {
            return visitor.visit_map(SpannedDe {
                node: self.node,
                step: 0,
            });
        }
        let _ = fields;
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        let span = self.node.span.clone();
        let r = match &self.node.kind {
            NodeKind::Scalar(..) => visitor.visit_enum(EnumDe {
                tag: self.node,
                content: None,
            }),
            NodeKind::Map(entries) if entries.len() == 1 => match entries.first() {
                Some((k, v)) => visitor.visit_enum(EnumDe {
                    tag: k,
                    content: Some(v),
                }),
                None => self.wrong(&visitor),
            },
            _ => self.wrong(&visitor),
        };
        r.map_err(|e| e.at(&span))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }
}

struct SeqDe<'a> {
    items: std::slice::Iter<'a, Node>,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_> {
    type Error = DeError;
    fn next_element_seed<T: de::DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        match self.items.next() {
            Some(node) => seed.deserialize(NodeDe { node }).map(Some),
            None => Ok(None),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct MapDe<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a Node>,
}

impl<'de> de::MapAccess<'de> for MapDe<'_> {
    type Error = DeError;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(NodeDe { node: k })
                    .map(Some)
                    .map_err(|e| e.at(&k.span))
            }
            None => Ok(None),
        }
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        match self.value.take() {
            Some(node) => seed.deserialize(NodeDe { node }),
            None => Err(de::Error::custom("value without a key")),
        }
    }
    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// Feeds `Spanned<T>` its start, end and value.
struct SpannedDe<'a> {
    node: &'a Node,
    step: u8,
}

impl<'de> de::MapAccess<'de> for SpannedDe<'_> {
    type Error = DeError;
    fn next_key_seed<K: de::DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(key) = SPANNED_FIELDS.get(usize::from(self.step)) else {
            return Ok(None);
        };
        seed.deserialize((*key).into_deserializer()).map(Some)
    }
    fn next_value_seed<V: de::DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DeError> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(self.node.span.start.into_deserializer()),
            2 => seed.deserialize(self.node.span.end.into_deserializer()),
            _ => seed.deserialize(NodeDe { node: self.node }),
        }
    }
}

struct EnumDe<'a> {
    tag: &'a Node,
    content: Option<&'a Node>,
}

impl<'de, 'a> de::EnumAccess<'de> for EnumDe<'a> {
    type Error = DeError;
    type Variant = VariantDe<'a>;
    fn variant_seed<V: de::DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, VariantDe<'a>), DeError> {
        let tag = seed
            .deserialize(NodeDe { node: self.tag })
            .map_err(|e| e.at(&self.tag.span))?;
        Ok((
            tag,
            VariantDe {
                tag: self.tag,
                content: self.content,
            },
        ))
    }
}

struct VariantDe<'a> {
    tag: &'a Node,
    content: Option<&'a Node>,
}

impl<'de> de::VariantAccess<'de> for VariantDe<'_> {
    type Error = DeError;
    fn unit_variant(self) -> Result<(), DeError> {
        match self.content {
            None => Ok(()),
            Some(node) if node.is_null() => Ok(()),
            Some(node) => Err(DeError::new(
                DeErrorKind::Type,
                "this value takes no settings".into(),
            )
            .at(&node.span)),
        }
    }
    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DeError> {
        match self.content {
            Some(node) => seed.deserialize(NodeDe { node }),
            None => Err(
                DeError::new(DeErrorKind::Type, "this value needs settings".into())
                    .at(&self.tag.span),
            ),
        }
    }
    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, DeError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_seq(NodeDe { node }, visitor),
            None => Err(
                DeError::new(DeErrorKind::Type, "this value needs settings".into())
                    .at(&self.tag.span),
            ),
        }
    }
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.content {
            Some(node) => de::Deserializer::deserialize_map(NodeDe { node }, visitor),
            None => Err(
                DeError::new(DeErrorKind::Type, "this value needs settings".into())
                    .at(&self.tag.span),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::yaml::{Budget, parse};
    use std::collections::BTreeMap;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Panel {
        title: Spanned<String>,
        unit: Option<String>,
        #[allow(dead_code)]
        width: Option<u32>,
        #[serde(default)]
        labels: BTreeMap<String, String>,
        raw: Option<serde_json::Value>,
        mode: Option<Mode>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "lowercase")]
    enum Mode {
        List,
        Table,
    }

    fn read(text: &str) -> Result<Panel, DeError> {
        from_node(&parse(text, Budget::default()).unwrap())
    }

    #[test]
    fn reads_with_spans() {
        let text =
            "title: CPU\nunit: 1.10\nlabels: {a: yes}\nraw: {x: [1, true, yes, ~]}\nmode: table\n";
        let p = read(text).unwrap();
        assert_eq!(p.title.value, "CPU");
        assert_eq!(&text[p.title.span.clone()], "CPU");
        assert_eq!(p.unit.as_deref(), Some("1.10"));
        assert_eq!(p.labels["a"], "yes");
        assert_eq!(p.raw.unwrap().to_string(), r#"{"x":[1,true,"yes",null]}"#);
        assert_eq!(p.mode, Some(Mode::Table));
    }

    #[test]
    fn unknown_key_names_the_key_and_suggests() {
        let text = "title: CPU\nunti: s\n";
        let e = read(text).unwrap_err();
        assert_eq!(e.kind, DeErrorKind::UnknownKey);
        assert_eq!(&text[e.span.unwrap()], "unti");
        assert_eq!(e.help.as_deref(), Some("did you mean `unit`?"));
    }

    #[test]
    fn wrong_type_points_at_the_value() {
        let text = "title: CPU\nwidth: wide\n";
        let e = read(text).unwrap_err();
        assert_eq!(e.kind, DeErrorKind::Type);
        assert_eq!(&text[e.span.clone().unwrap()], "wide");
        assert!(e.message.contains("found a string"), "{}", e.message);
        let e = read("title: [a]\n").unwrap_err();
        assert!(
            e.message.contains("expected a string, found a sequence"),
            "{}",
            e.message
        );
        let e = read("title: x\nmode: tabel\n").unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `table`?"));
    }

    #[test]
    fn missing_key_points_at_the_mapping() {
        let e = read("unit: s\n").unwrap_err();
        assert_eq!(e.kind, DeErrorKind::Missing);
        assert_eq!(e.span, Some(0..7));
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(
            closest("legnd", ["legend", "unit"].into_iter()),
            Some("legend")
        );
        assert_eq!(closest("zzz", ["legend", "unit"].into_iter()), None);
    }
}
