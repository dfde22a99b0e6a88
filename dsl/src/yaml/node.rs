//! The YAML document as a tree of spanned nodes, read with serde-saphyr.
//!
//! The flow's shape is checked on this tree rather than by serde derives, so that every wrong
//! shape, unknown key and duplicate key is reported with its place, and map order is kept.

use crate::ast::Span;
use crate::codes::Code;
use crate::diagnostic::Problem;
use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Spanned};
use std::fmt;

/// One YAML node and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) kind: NodeKind,
    /// For a scalar, its text as written (quotes included); for a collection, where it starts.
    pub(crate) span: Span,
    /// A number or boolean rather than a string: in a text position it is still text, elsewhere
    /// the difference between `5` and `"5"` is the YAML reader's, so it is kept.
    pub(crate) typed: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NodeKind {
    /// A string, or the text of a number or boolean as written.
    Scalar(String),
    /// An empty value, `~` or `null`.
    Null,
    Seq(Vec<Node>),
    /// Entries in document order, duplicates included.
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// What this node is, in words, for shape errors.
    pub(crate) fn describe(&self) -> &'static str {
        match self.kind {
            NodeKind::Scalar(_) => "a string",
            NodeKind::Null => "an empty value",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a map",
        }
    }

    /// The span of everything the node holds, for collections whose own span is only a start.
    pub(crate) fn extent(&self) -> Span {
        let mut span = self.span;
        match &self.kind {
            NodeKind::Seq(items) => {
                for item in items {
                    span = span.to(item.extent());
                }
            }
            NodeKind::Map(entries) => {
                for (key, value) in entries {
                    span = span.to(key.extent()).to(value.extent());
                }
            }
            NodeKind::Scalar(_) | NodeKind::Null => {}
        }
        span
    }

    /// Every scalar's span, for telling comments from `#` inside values.
    pub(crate) fn scalar_spans(&self, spans: &mut Vec<Span>) {
        match &self.kind {
            NodeKind::Scalar(_) | NodeKind::Null => spans.push(self.span),
            NodeKind::Seq(items) => items.iter().for_each(|i| i.scalar_spans(spans)),
            NodeKind::Map(entries) => entries.iter().for_each(|(k, v)| {
                k.scalar_spans(spans);
                v.scalar_spans(spans);
            }),
        }
    }
}

/// Reads a YAML document into nodes; a syntax error is a `flow::yaml::syntax` problem.
pub(crate) fn load(source: &str) -> Result<Node, Problem> {
    let options = serde_saphyr::options! {
        // Duplicates reach the tree, where the reader reports them with both places.
        duplicate_keys: DuplicateKeyPolicy::PassThrough,
        strict_booleans: true,
        // The message is rendered by the caller, with the place as a label.
        with_snippet: false,
    };
    let raw: Spanned<Raw> =
        serde_saphyr::from_str_with_options(source, options).map_err(|e| syntax(&e, source))?;
    Ok(node(raw, source))
}

fn syntax(error: &serde_saphyr::Error, source: &str) -> Problem {
    let location = error.location();
    let from_bytes = location
        .and_then(|l| l.span().byte_offset())
        .and_then(|o| usize::try_from(o).ok());
    let from_line = location.and_then(|l| offset_of(source, l.line(), l.column()));
    let at = from_bytes.or(from_line).unwrap_or(0).min(source.len());
    let message = error.to_string();
    // The first line says what is wrong; the place is the label's.
    let first = message.lines().next().unwrap_or("invalid YAML").trim();
    let what = first.split(" at line ").next().unwrap_or(first);
    Problem::error(
        Code::YamlSyntax,
        "invalid YAML",
        Span::new(at, at),
        what.to_owned(),
    )
    .with_help("fix the YAML here; `dsl convert FILE.flow --to yaml` shows a valid YAML flow")
}

/// The byte offset of a 1-based line and character column.
fn offset_of(source: &str, line: u64, column: u64) -> Option<usize> {
    let line = usize::try_from(line).ok()?.checked_sub(1)?;
    let column = usize::try_from(column).ok()?.saturating_sub(1);
    let start: usize = source.split_inclusive('\n').take(line).map(str::len).sum();
    let text = source.get(start..)?;
    let within = text
        .char_indices()
        .nth(column)
        .map_or(text.len(), |(i, _)| i);
    Some(start + within)
}

/// A node as serde sees it, before spans become byte spans.
enum Raw {
    Str(String),
    /// A number or boolean: its text is taken from the source.
    Typed,
    Null,
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

fn node(raw: Spanned<Raw>, source: &str) -> Node {
    let at = raw.referenced.span();
    let start = at
        .byte_offset()
        .and_then(|o| usize::try_from(o).ok())
        .unwrap_or(0)
        .min(source.len());
    let len = at
        .byte_len()
        .and_then(|l| usize::try_from(l).ok())
        .unwrap_or(0);
    let span = Span::new(start, (start + len).min(source.len()));
    let written = || source.get(span.start..span.end).unwrap_or("").to_owned();
    let typed = matches!(raw.value, Raw::Typed);
    let kind = match raw.value {
        Raw::Str(s) => NodeKind::Scalar(s),
        Raw::Typed => NodeKind::Scalar(written()),
        Raw::Null => NodeKind::Null,
        Raw::Seq(items) => NodeKind::Seq(items.into_iter().map(|i| node(i, source)).collect()),
        Raw::Map(entries) => NodeKind::Map(
            entries
                .into_iter()
                .map(|(k, v)| (node(k, source), node(v, source)))
                .collect(),
        ),
    };
    Node { kind, span, typed }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_i128<E: de::Error>(self, _: i128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_u128<E: de::Error>(self, _: u128) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Raw, E> {
        Ok(Raw::Typed)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Raw, D::Error> {
        Raw::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Raw::Map(entries))
    }
}
