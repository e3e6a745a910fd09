//! A YAML document as a tree with the byte range of every node, read with the event parser
//! under serde-saphyr, and the mapping of a scalar's value offsets back to the file (across
//! quotes, escapes, block-scalar indentation and folding).

use std::ops::Range;
use std::sync::Arc;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle};

use crate::model::TextOrigin;
use crate::source::SourceFile;

/// One YAML node with its byte range in the file.
#[derive(Debug, Clone)]
pub struct Node {
    /// What it holds.
    pub kind: Kind,
    /// Its bytes in the file (for a scalar, the token with quotes or block header).
    pub span: Range<usize>,
}

/// The shape of a node.
#[derive(Debug, Clone)]
pub enum Kind {
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
    /// A sequence.
    Seq(Vec<Node>),
    /// A scalar: its value and how it was written.
    Scalar(String, Style),
}

/// How a scalar was written, which decides how its value maps back to the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'…'`
    Single,
    /// `"…"`
    Double,
    /// `|`
    Literal,
    /// `>`
    Folded,
}

/// A YAML parse error with its byte offset.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// What the parser said.
    pub message: String,
    /// Where.
    pub offset: usize,
}

/// Nesting limit: deeper documents are rejected rather than recursed into.
const MAX_DEPTH: usize = 256;
/// Alias expansion budget (nodes copied), against billion-laughs documents.
const MAX_ALIAS_NODES: usize = 100_000;

/// Parses every document of a YAML stream.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut events = Vec::new();
    for item in Parser::new_from_str(text) {
        match item {
            Ok((event, span)) => {
                let start = span.start.byte_offset().unwrap_or(0);
                let end = span.end.byte_offset().unwrap_or(start);
                events.push((event, start..end));
            }
            Err(e) => {
                return Err(YamlError {
                    message: e.to_string(),
                    offset: e.marker().byte_offset().unwrap_or(0),
                });
            }
        }
    }
    let mut builder = Builder {
        events: events.into_iter(),
        anchors: Vec::new(),
        alias_budget: MAX_ALIAS_NODES,
    };
    let mut docs = Vec::new();
    while let Some((event, _)) = builder.events.next() {
        if let Event::DocumentStart(..) = event {
            builder.anchors.clear();
            if let Some(node) = builder.node(0)? {
                docs.push(node);
            }
        }
    }
    Ok(docs)
}

struct Builder<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> {
    events: I,
    anchors: Vec<(usize, Node)>,
    alias_budget: usize,
}

impl<'a, I: Iterator<Item = (Event<'a>, Range<usize>)>> Builder<'a, I> {
    fn too_deep(offset: usize) -> YamlError {
        YamlError {
            message: format!("nesting deeper than {MAX_DEPTH} levels"),
            offset,
        }
    }

    /// The next node, or `None` at the end of a collection or document.
    fn node(&mut self, depth: usize) -> Result<Option<Node>, YamlError> {
        let Some((event, span)) = self.events.next() else {
            return Ok(None);
        };
        if depth > MAX_DEPTH {
            return Err(Self::too_deep(span.start));
        }
        let (node, anchor) = match event {
            Event::Scalar(value, style, anchor, _) => {
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::Single,
                    ScalarStyle::DoubleQuoted => Style::Double,
                    ScalarStyle::Literal => Style::Literal,
                    _ => Style::Folded,
                };
                let node = Node {
                    kind: Kind::Scalar(value.into_owned(), style),
                    span,
                };
                (node, anchor)
            }
            Event::SequenceStart(_, anchor, _) => {
                let mut items = Vec::new();
                let mut end = span.end;
                while let Some(item) = self.node(depth + 1)? {
                    end = end.max(item.span.end);
                    items.push(item);
                }
                let node = Node {
                    kind: Kind::Seq(items),
                    span: span.start..end,
                };
                (node, anchor)
            }
            Event::MappingStart(_, anchor, _) => {
                let mut entries = Vec::new();
                let mut end = span.end;
                while let Some(key) = self.node(depth + 1)? {
                    let Some(value) = self.node(depth + 1)? else {
                        break;
                    };
                    end = end.max(value.span.end);
                    entries.push((key, value));
                }
                let node = Node {
                    kind: Kind::Map(entries),
                    span: span.start..end,
                };
                (node, anchor)
            }
            Event::Alias(id) => {
                let found = self.anchors.iter().rev().find(|(a, _)| *a == id);
                let node = match found {
                    Some((_, node)) => {
                        let size = node.size();
                        if size > self.alias_budget {
                            return Err(YamlError {
                                message: "too many alias expansions".into(),
                                offset: span.start,
                            });
                        }
                        self.alias_budget -= size;
                        Node {
                            kind: node.kind.clone(),
                            span,
                        }
                    }
                    None => Node {
                        kind: Kind::Scalar(String::new(), Style::Plain),
                        span,
                    },
                };
                return Ok(Some(node));
            }
            Event::SequenceEnd | Event::MappingEnd | Event::DocumentEnd | Event::StreamEnd => {
                return Ok(None);
            }
            _ => return self.node(depth),
        };
        if anchor != 0 {
            self.anchors.push((anchor, node.clone()));
        }
        Ok(Some(node))
    }
}

impl Node {
    /// The value under `key` of a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            Kind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            Kind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            Kind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The value of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    /// True for a mapping.
    pub fn is_map(&self) -> bool {
        matches!(self.kind, Kind::Map(_))
    }

    /// Number of nodes in this subtree.
    fn size(&self) -> usize {
        match &self.kind {
            Kind::Scalar(..) => 1,
            Kind::Seq(items) => 1 + items.iter().map(Node::size).sum::<usize>(),
            Kind::Map(entries) => {
                1 + entries
                    .iter()
                    .map(|(k, v)| k.size() + v.size())
                    .sum::<usize>()
            }
        }
    }

    /// For a scalar, the origin of its value in `file`; `None` otherwise.
    pub fn text_origin(&self, file: &Arc<SourceFile>) -> Option<TextOrigin> {
        let Kind::Scalar(value, style) = &self.kind else {
            return None;
        };
        let raw = file.text().get(self.span.start..)?;
        Some(TextOrigin {
            file: Arc::clone(file),
            segments: align(value, raw, *style, self.span.start),
        })
    }

    /// The byte range of a scalar's value text (its content without quotes or block header),
    /// or the node's span.
    pub fn value_span(&self, file: &Arc<SourceFile>) -> Range<usize> {
        match (&self.kind, self.text_origin(file)) {
            (Kind::Scalar(v, _), Some(origin)) if !v.is_empty() => origin.span_to_file(0..v.len()),
            _ => self.span.clone(),
        }
    }
}

/// Maps each run of `value` to where it sits in `raw` (the file from the scalar's token on).
/// Walks both in step: equal characters map one to one; a quote, block header, escape,
/// indentation or line break of the file that does not appear in the value is skipped; a
/// space or line break the folding put into the value is skipped on the value side.
fn align(value: &str, raw: &str, style: Style, base: usize) -> Vec<(usize, usize)> {
    let raw_b = raw.as_bytes();
    let mut f = 0usize;
    match style {
        Style::Single | Style::Double => f = 1,
        Style::Literal | Style::Folded if raw.starts_with(['|', '>']) => {
            // Skip the header line (`|-`, `>+2 # comment`).
            f = raw.find('\n').map_or(raw.len(), |i| i + 1);
        }
        Style::Literal | Style::Folded => {}
        Style::Plain => {}
    }
    let mut segments: Vec<(usize, usize)> = Vec::new();
    let mut in_run = false;
    let vb = value.as_bytes();
    let mut v = 0usize;
    while v < vb.len() && f < raw_b.len() {
        if style == Style::Single && vb[v] == b'\'' && raw_b.get(f..f + 2) == Some(b"''") {
            // `''` is one quote.
            segments.push((v, base + f));
            in_run = false;
            v += 1;
            f += 2;
            continue;
        }
        if vb[v] == raw_b[f] && !(style == Style::Double && raw_b[f] == b'\\') {
            if !in_run {
                segments.push((v, base + f));
                in_run = true;
            }
            v += 1;
            f += 1;
            continue;
        }
        in_run = false;
        if style == Style::Double && raw_b[f] == b'\\' {
            // An escape: one value character for the whole sequence.
            segments.push((v, base + f));
            let raw_len = match raw_b.get(f + 1) {
                Some(b'x') => 4,
                Some(b'u') => 6,
                Some(b'U') => 10,
                Some(b'\n') => {
                    // An escaped line break folds to nothing.
                    f += 2;
                    while raw_b.get(f).is_some_and(|b| *b == b' ' || *b == b'\t') {
                        f += 1;
                    }
                    continue;
                }
                _ => 2,
            };
            f += raw_len;
            v += value[v..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        if matches!(raw_b[f], b' ' | b'\t' | b'\n' | b'\r') {
            f += 1;
            continue;
        }
        if matches!(vb[v], b' ' | b'\n') {
            v += 1;
            continue;
        }
        // Out of step (should not happen): map the rest verbatim from here.
        segments.push((v, base + f));
        break;
    }
    if segments.first().is_none_or(|s| s.0 != 0) {
        segments.insert(0, (0, base + f.min(raw_b.len())));
    }
    segments
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin_of(text: &str, path: &[&str]) -> (String, TextOrigin) {
        let file = SourceFile::new("r.yaml", text);
        let docs = parse(text).unwrap();
        let mut node = &docs[0];
        for key in path {
            node = match key.parse::<usize>() {
                Ok(i) => &node.items()[i],
                Err(_) => node.get(key).unwrap(),
            };
        }
        (
            node.as_str().unwrap().to_string(),
            node.text_origin(&file).unwrap(),
        )
    }

    fn assert_maps(text: &str, path: &[&str], needles: &[&str]) {
        let (value, origin) = origin_of(text, path);
        for needle in needles {
            let v = value
                .find(needle)
                .unwrap_or_else(|| panic!("{needle} in {value:?}"));
            let f = origin.to_file(v);
            assert_eq!(&text[f..f + needle.len()], *needle, "{needle} of {value:?}");
        }
    }

    #[test]
    fn plain_and_quoted_scalars() {
        let text = "groups:\n- name: g\n  rules:\n  - expr: sum(rate(x[5m])) > 1\n    alert: 'it''s up'\n    record: \"a\\\"b[c]\"\n";
        assert_maps(
            text,
            &["groups", "0", "rules", "0", "expr"],
            &["sum", "[5m]", "> 1"],
        );
        assert_maps(
            text,
            &["groups", "0", "rules", "0", "alert"],
            &["it", "s up"],
        );
        assert_maps(
            text,
            &["groups", "0", "rules", "0", "record"],
            &["a", "b[c]"],
        );
    }

    #[test]
    fn block_scalars() {
        let text = "a:\n  expr: |\n    sum by (job) (\n      rate(x[5m])\n    )\n  b: >-\n    foo\n    bar[1m]\n";
        assert_maps(text, &["a", "expr"], &["sum by", "rate(x[5m])", ")\n"]);
        assert_maps(text, &["a", "b"], &["foo", "bar[1m]"]);
    }

    #[test]
    fn multi_document_streams_and_errors() {
        let docs = parse("a: 1\n---\nb: [x, y]\n").unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].get("b").unwrap().items()[1].as_str(), Some("y"));
        let err = parse("a: [1,\n").unwrap_err();
        assert!(err.offset > 0, "{err:?}");
    }
}
