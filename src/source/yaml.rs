//! YAML into a tree of nodes that each know their byte span, so every later error (unknown
//! key, wrong type, bad reference) can point at file:line:col. Built from the event stream of
//! serde-saphyr's parser (`granit_parser`, re-exported by serde-saphyr) with budgets on depth,
//! node count (aliases count every time they are expanded: no billion laughs) and scalar bytes.
//!
//! Plain scalars resolve by the YAML 1.2 core schema only when a consumer asks for "any"
//! value (`raw:` JSON); typed fields read the scalar text, so `yes` stays a string and `1.10`
//! stays `1.10` where a string is expected.

use std::ops::Range;
use std::sync::Arc;

use serde_saphyr::granit_parser::{Event, Parser, ScalarStyle as GStyle};

use super::SourceFile;
use crate::model::TextOrigin;

/// Limits that keep a hostile or broken file from exhausting memory or stack.
#[derive(Debug, Clone, Copy)]
pub struct Budget {
    /// Deepest nesting of sequences and mappings.
    pub max_depth: usize,
    /// Most nodes in one document, counting each alias expansion in full.
    pub max_nodes: usize,
    /// Most bytes of scalar text in one document, counting alias expansions.
    pub max_scalar_bytes: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget {
            max_depth: 96,
            max_nodes: 2_000_000,
            max_scalar_bytes: 64 << 20,
        }
    }
}

/// How a scalar was written, which decides how its value maps back to file offsets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Unquoted.
    Plain,
    /// `'…'`.
    SingleQuoted,
    /// `"…"`.
    DoubleQuoted,
    /// `|` block.
    Literal,
    /// `>` block.
    Folded,
}

/// A YAML node and the byte range of the file it was written at.
#[derive(Debug, Clone)]
pub struct Node {
    /// Byte range in the file (for an alias: the alias token).
    pub span: Range<usize>,
    /// What it is.
    pub kind: NodeKind,
}

/// The shape of a node.
#[derive(Debug, Clone)]
pub enum NodeKind {
    /// A scalar: its value after unescaping and folding, and how it was written.
    Scalar(String, Style),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in file order (duplicate keys are rejected while parsing).
    Map(Vec<(Node, Node)>),
}

/// A YAML syntax or budget error at a byte offset.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// What went wrong.
    pub message: String,
    /// Where.
    pub span: Range<usize>,
}

impl Node {
    /// A plain scalar that resolves to null (`~`, `null`, empty)?
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, NodeKind::Scalar(s, Style::Plain) if matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The scalar text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::Scalar(s, _) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.kind {
            NodeKind::Map(entries) => entries
                .iter()
                .find(|(k, _)| k.as_str() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// What kind of YAML value this is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match &self.kind {
            NodeKind::Seq(_) => "a sequence",
            NodeKind::Map(_) => "a mapping",
            NodeKind::Scalar(_, Style::Plain) if self.is_null() => "null",
            NodeKind::Scalar(s, Style::Plain) => match resolve_plain(s) {
                Plain::Bool(_) => "a boolean",
                Plain::Int(_) | Plain::Float(_) => "a number",
                _ => "a string",
            },
            NodeKind::Scalar(..) => "a string",
        }
    }

    /// The entries of a mapping (empty for anything else).
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.kind {
            NodeKind::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.kind {
            NodeKind::Seq(items) => items,
            _ => &[],
        }
    }

    /// The span of a non-empty scalar written byte for byte as it reads (most are), found
    /// without mapping it character by character. Quoted values with a quote or backslash
    /// inside are left to the mapping: an escape could make the bytes agree by chance.
    fn verbatim_span(&self, text: &str) -> Option<Range<usize>> {
        let NodeKind::Scalar(value, style) = &self.kind else {
            return None;
        };
        let start = match style {
            Style::Plain => self.span.start,
            Style::SingleQuoted if !value.contains('\'') => self.span.start + 1,
            Style::DoubleQuoted if !value.contains(['\\', '"']) => self.span.start + 1,
            _ => return None,
        };
        let end = start + value.len();
        (!value.is_empty() && text.get(start..end) == Some(value.as_str())).then_some(start..end)
    }

    /// True for a mapping.
    pub fn is_map(&self) -> bool {
        matches!(self.kind, NodeKind::Map(_))
    }

    /// For a scalar read from `file`, where each byte of its value sits in the file.
    pub fn text_origin(&self, file: &Arc<SourceFile>) -> Option<TextOrigin> {
        let NodeKind::Scalar(value, style) = &self.kind else {
            return None;
        };
        Some(TextOrigin {
            file: Arc::clone(file),
            segments: scalar_segments(file.text(), &self.span, value, *style),
        })
    }

    /// The file range of a scalar's value text (without quotes or block header); the node's
    /// span for a collection or an empty scalar.
    pub fn value_span(&self, file: &Arc<SourceFile>) -> Range<usize> {
        if let Some(span) = self.verbatim_span(file.text()) {
            return span;
        }
        match (&self.kind, self.text_origin(file)) {
            (NodeKind::Scalar(v, _), Some(origin)) if !v.is_empty() => {
                origin.span_to_file(0..v.len())
            }
            _ => self.span.clone(),
        }
    }

    /// Moves every span in the tree through `f` (template instances relocate their spans).
    pub fn map_spans(&mut self, f: &impl Fn(Range<usize>) -> Range<usize>) {
        self.span = f(self.span.clone());
        match &mut self.kind {
            NodeKind::Scalar(..) => {}
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.map_spans(f)),
            NodeKind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.map_spans(f);
                v.map_spans(f);
            }),
        }
    }
}

/// A plain scalar resolved by the YAML 1.2 core schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    /// `~`, `null`, empty.
    Null,
    /// `true` / `false` (any case the core schema allows).
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A float (`.inf`, `.nan` included).
    Float(f64),
    /// Anything else.
    Str,
}

/// Resolves a plain scalar's type by the YAML 1.2 core schema (not YAML 1.1: `yes` is a string).
pub fn resolve_plain(s: &str) -> Plain {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let digits = s.strip_prefix(['-', '+']).unwrap_or(s);
    if !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && let Ok(i) = s.parse::<i64>()
    {
        return Plain::Int(i);
    }
    if let Some(hex) = s.strip_prefix("0x")
        && let Ok(i) = i64::from_str_radix(hex, 16)
    {
        return Plain::Int(i);
    }
    if let Some(oct) = s.strip_prefix("0o")
        && let Ok(i) = i64::from_str_radix(oct, 8)
    {
        return Plain::Int(i);
    }
    let looks_numeric = digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if looks_numeric && let Ok(f) = s.parse::<f64>() {
        return Plain::Float(f);
    }
    Plain::Str
}

/// Parses one YAML document (an empty file is a null scalar). A second document is an error.
pub fn parse(text: &str, budget: Budget) -> Result<Node, YamlError> {
    let mut docs = build(text, budget, true)?;
    Ok(docs.pop().unwrap_or(Node {
        span: 0..0,
        kind: NodeKind::Scalar(String::new(), Style::Plain),
    }))
}

/// Parses every document of a YAML stream (`---`-separated; none for an empty file), under
/// one budget for the whole stream. Anchors are scoped to their document.
pub fn parse_stream(text: &str, budget: Budget) -> Result<Vec<Node>, YamlError> {
    build(text, budget, false)
}

/// Runs the event parser over `text` into document trees; `single` rejects a second document.
fn build(text: &str, budget: Budget, single: bool) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder {
        text,
        budget,
        single,
        nodes: 0,
        scalar_bytes: 0,
        anchors: Vec::new(),
        stack: Vec::new(),
        root: None,
        docs: Vec::new(),
    };
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| {
            let at = e.marker().byte_offset().unwrap_or(text.len());
            YamlError {
                message: format!("YAML syntax: {}", e.info()),
                span: at..at,
            }
        })?;
        let range = span.byte_range().unwrap_or(0..0);
        builder.event(event, range)?;
    }
    builder.end_document();
    Ok(builder.docs)
}

/// A collection being built, with the anchor it defines.
struct Open {
    node: Node,
    anchor: usize,
    /// For a mapping: the key read, waiting for its value.
    key: Option<Node>,
}

struct Builder<'a> {
    text: &'a str,
    budget: Budget,
    /// Reject a second document (source files hold one each).
    single: bool,
    nodes: usize,
    scalar_bytes: usize,
    /// Anchored nodes by anchor id (ids are small and increasing).
    anchors: Vec<Option<Node>>,
    stack: Vec<Open>,
    /// The root of the document being read.
    root: Option<Node>,
    /// Documents read so far.
    docs: Vec<Node>,
}

impl Builder<'_> {
    fn event(&mut self, event: Event<'_>, span: Range<usize>) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(..) => {
                self.end_document();
                if self.single && !self.docs.is_empty() {
                    return Err(YamlError {
                        message:
                            "more than one YAML document in this file (`---`); put one per file"
                                .into(),
                        span,
                    });
                }
            }
            Event::Scalar(value, style, anchor, _tag) => {
                let style = match style {
                    GStyle::SingleQuoted => Style::SingleQuoted,
                    GStyle::DoubleQuoted => Style::DoubleQuoted,
                    GStyle::Literal => Style::Literal,
                    GStyle::Folded => Style::Folded,
                    _ => Style::Plain,
                };
                self.count(1, value.len(), &span)?;
                let node = Node {
                    span: self.trim_span(span),
                    kind: NodeKind::Scalar(value.into_owned(), style),
                };
                self.define(anchor, &node);
                self.push(node)?;
            }
            Event::SequenceStart(_, anchor, _) | Event::MappingStart(_, anchor, _) => {
                if self.stack.len() >= self.budget.max_depth {
                    return Err(YamlError {
                        message: format!(
                            "nesting deeper than {} levels (budget)",
                            self.budget.max_depth
                        ),
                        span,
                    });
                }
                self.count(1, 0, &span)?;
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    NodeKind::Seq(Vec::new())
                } else {
                    NodeKind::Map(Vec::new())
                };
                self.stack.push(Open {
                    node: Node { span, kind },
                    anchor,
                    key: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(mut open) = self.stack.pop() {
                    open.node.span.end = open.node.span.end.max(span.end);
                    let end = self.trim_end(open.node.span.end);
                    open.node.span.end = end.max(open.node.span.start);
                    self.define(open.anchor, &open.node);
                    self.push(open.node)?;
                }
            }
            Event::DocumentEnd => self.end_document(),
            Event::Alias(id) => {
                let Some(Some(target)) = self.anchors.get(id) else {
                    return Err(YamlError {
                        message: "alias to an unknown anchor".into(),
                        span,
                    });
                };
                let mut copy = target.clone();
                let (n, bytes) = size(&copy);
                self.count(n, bytes, &span)?;
                copy.span = span;
                self.push(copy)?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Files the finished document (if any) and forgets its anchors.
    fn end_document(&mut self) {
        if let Some(root) = self.root.take() {
            self.docs.push(root);
        }
        self.anchors.clear();
    }

    fn count(&mut self, nodes: usize, bytes: usize, span: &Range<usize>) -> Result<(), YamlError> {
        self.nodes += nodes;
        self.scalar_bytes += bytes;
        if self.nodes > self.budget.max_nodes || self.scalar_bytes > self.budget.max_scalar_bytes {
            return Err(YamlError {
                message: format!(
                    "document too large: more than {} nodes or {} bytes of text after expanding aliases (budget)",
                    self.budget.max_nodes, self.budget.max_scalar_bytes
                ),
                span: span.clone(),
            });
        }
        Ok(())
    }

    fn define(&mut self, anchor: usize, node: &Node) {
        if anchor == 0 {
            return;
        }
        if self.anchors.len() <= anchor {
            self.anchors.resize(anchor + 1, None);
        }
        if let Some(slot) = self.anchors.get_mut(anchor) {
            *slot = Some(node.clone());
        }
    }

    /// Attaches a finished node to its parent (or makes it the root).
    fn push(&mut self, node: Node) -> Result<(), YamlError> {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(node);
            return Ok(());
        };
        match &mut parent.node.kind {
            NodeKind::Seq(items) => items.push(node),
            NodeKind::Map(entries) => match parent.key.take() {
                None => parent.key = Some(node),
                Some(key) => {
                    if let Some(name) = key.as_str()
                        && entries.iter().any(|(k, _)| k.as_str() == Some(name))
                    {
                        return Err(YamlError {
                            message: format!("duplicate key `{name}`"),
                            span: key.span,
                        });
                    }
                    entries.push((key, node));
                }
            },
            NodeKind::Scalar(..) => {}
        }
        Ok(())
    }

    /// Block scalars' spans run to the next token; end them at their last non-blank byte.
    fn trim_span(&self, span: Range<usize>) -> Range<usize> {
        let end = self.trim_end(span.end);
        span.start..end.max(span.start)
    }

    fn trim_end(&self, end: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut end = end.min(bytes.len());
        while end > 0 && bytes.get(end - 1).is_some_and(|b| b.is_ascii_whitespace()) {
            end -= 1;
        }
        end
    }
}

/// Nodes and scalar bytes in a tree (alias expansions are charged this much).
fn size(node: &Node) -> (usize, usize) {
    match &node.kind {
        NodeKind::Scalar(s, _) => (1, s.len()),
        NodeKind::Seq(items) => items
            .iter()
            .map(size)
            .fold((1, 0), |a, b| (a.0 + b.0, a.1 + b.1)),
        NodeKind::Map(entries) => entries.iter().fold((1, 0), |a, (k, v)| {
            let (kn, kb) = size(k);
            let (vn, vb) = size(v);
            (a.0 + kn + vn, a.1 + kb + vb)
        }),
    }
}

/// Maps offsets of a scalar's value back to file offsets: `(value_offset, file_offset)`
/// segments as `model::TextOrigin` wants them, for the scalar written at `span` of
/// `file_text` (a block scalar's span may start at its content or at its `|`/`>` header).
pub fn scalar_segments(
    file_text: &str,
    span: &Range<usize>,
    value: &str,
    style: Style,
) -> Vec<(usize, usize)> {
    let raw = file_text.get(span.start..).unwrap_or("");
    align(value, raw, style, span.start)
}

/// Maps each run of `value` to where it sits in `raw` (the file from the scalar's token on).
/// Walks both in step: equal characters map one to one; a quote, block header, escape,
/// indentation or line break of the file that does not appear in the value is skipped; a
/// space or line break the folding put into the value is skipped on the value side.
fn align(value: &str, raw: &str, style: Style, base: usize) -> Vec<(usize, usize)> {
    let raw_b = raw.as_bytes();
    let mut f = 0usize;
    match style {
        Style::SingleQuoted | Style::DoubleQuoted => f = 1,
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
        if style == Style::SingleQuoted && vb[v] == b'\'' && raw_b.get(f..f + 2) == Some(b"''") {
            // `''` is one quote.
            segments.push((v, base + f));
            in_run = false;
            v += 1;
            f += 2;
            continue;
        }
        if vb[v] == raw_b[f] && !(style == Style::DoubleQuoted && raw_b[f] == b'\\') {
            if !in_run {
                segments.push((v, base + f));
                in_run = true;
            }
            v += 1;
            f += 1;
            continue;
        }
        in_run = false;
        if style != Style::Literal && raw_b[f] == b'\n' && matches!(vb[v], b' ' | b'\n') {
            // A folded line break: the next line's indentation is not content.
            segments.push((v, base + f));
            v += 1;
            f += 1;
            while raw_b.get(f).is_some_and(|b| *b == b' ' || *b == b'\t') {
                f += 1;
            }
            continue;
        }
        if style == Style::DoubleQuoted && raw_b[f] == b'\\' {
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
            v += value
                .get(v..)
                .and_then(|r| r.chars().next())
                .map_or(1, char::len_utf8);
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

    fn seg_check(text: &str, key: &str, needle: &str) {
        let root = parse(text, Budget::default()).unwrap();
        let node = root.get(key).unwrap();
        let NodeKind::Scalar(value, style) = &node.kind else {
            panic!()
        };
        let segs = scalar_segments(text, &node.span, value, *style);
        let origin = |v: usize| {
            let i = segs.partition_point(|&(a, _)| a <= v).saturating_sub(1);
            segs[i].1 + v - segs[i].0
        };
        let vi = value.find(needle).unwrap();
        let fi = origin(vi);
        assert_eq!(&text[fi..fi + needle.len()], needle, "{style:?} {segs:?}");
    }

    #[test]
    fn spans_and_styles() {
        let text = "a: 1\nb:\n  - x\n  - {c: d}\n";
        let root = parse(text, Budget::default()).unwrap();
        let b = root.get("b").unwrap();
        assert!(matches!(&b.kind, NodeKind::Seq(v) if v.len() == 2));
        assert_eq!(&text[root.get("a").unwrap().span.clone()], "1");
    }

    #[test]
    fn value_offsets_map_into_every_scalar_style() {
        seg_check("e: rate(x[5m]) > 1\n", "e", "> 1");
        seg_check("e: \"rate(x{a=\\\"b\\\"}[5m]) > 1\"\n", "e", "[5m]");
        seg_check("e: 'it''s > 1'\n", "e", "s > 1");
        seg_check(
            "e: |\n  sum by (job) (\n    rate(x[5m])\n  ) > 1\nf: 2\n",
            "e",
            "rate(x[5m])",
        );
        seg_check(
            "e: >-\n  sum(\n  rate(x[5m]))\n  > 1\n",
            "e",
            "rate(x[5m]))",
        );
        seg_check("e: sum(\n  rate(x[5m]))\n", "e", "rate(x");
    }

    #[test]
    fn budgets_and_duplicates() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
        let small = Budget {
            max_nodes: 10_000,
            ..Budget::default()
        };
        assert!(parse(bomb, small).unwrap_err().message.contains("budget"));
        let deep = "[".repeat(120) + &"]".repeat(120);
        let err = parse(&deep, Budget::default()).unwrap_err().message;
        assert!(err.contains("nesting"), "{err}");
        let dup = parse("a: 1\na: 2\n", Budget::default()).unwrap_err();
        assert_eq!(dup.span, 5..6);
    }

    #[test]
    fn core_schema_not_yaml_1_1() {
        assert_eq!(resolve_plain("yes"), Plain::Str);
        assert_eq!(resolve_plain("true"), Plain::Bool(true));
        assert_eq!(resolve_plain("0777"), Plain::Int(777));
        assert_eq!(resolve_plain("1.10"), Plain::Float(1.1));
        assert_eq!(resolve_plain("5m"), Plain::Str);
        assert_eq!(resolve_plain("1e3"), Plain::Float(1000.0));
        assert_eq!(resolve_plain("e3"), Plain::Str);
    }

    fn origin_of(text: &str, path: &[&str]) -> (String, TextOrigin) {
        let file = SourceFile::new("r.yaml", text);
        let docs = parse_stream(text, Budget::default()).unwrap();
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
    fn plain_and_quoted_scalars_map_back() {
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
    fn block_scalars_map_back() {
        let text = "a:\n  expr: |\n    sum by (job) (\n      rate(x[5m])\n    )\n  b: >-\n    foo\n    bar[1m]\n";
        assert_maps(text, &["a", "expr"], &["sum by", "rate(x[5m])", ")\n"]);
        assert_maps(text, &["a", "b"], &["foo", "bar[1m]"]);
    }

    #[test]
    fn multi_document_streams_and_errors() {
        let docs = parse_stream("a: 1\n---\nb: [x, y]\n", Budget::default()).unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].get("b").unwrap().items()[1].as_str(), Some("y"));
        let err = parse_stream("a: [1,\n", Budget::default()).unwrap_err();
        assert!(err.span.start > 0, "{err:?}");
        let err = parse("a: 1\n---\nb: 2\n", Budget::default()).unwrap_err();
        assert!(
            err.message.contains("more than one YAML document"),
            "{err:?}"
        );
        assert!(parse_stream("", Budget::default()).unwrap().is_empty());
    }

    #[test]
    fn escapes_after_a_fold_and_escaped_backslashes_map_back() {
        // Both seen in the corpus: an escaped space after a folded line break, and `\\\\`.
        let text = "e: \"a))\n  \\ / b{x=~\\\"1(\\\\\\\\.)\\\"}\"\n";
        let (value, _) = origin_of(text, &["e"]);
        assert_eq!(value, "a))  / b{x=~\"1(\\\\.)\"}");
        assert_maps(text, &["e"], &["/ b", "1(", ".)"]);
    }

    #[test]
    fn value_spans_agree_with_the_mapping() {
        let text = r#"a: plain value
b: 'single'
c: "double"
d: "\\\\"
e: 'a'''''
f: "x\ty"
g: |
  block
"#;
        let file = SourceFile::new("v.yaml", text);
        let root = parse(text, Budget::default()).unwrap();
        for (key, value) in root.entries() {
            let len = value.as_str().unwrap().len();
            let mapped = value.text_origin(&file).unwrap().span_to_file(0..len);
            assert_eq!(value.value_span(&file), mapped, "{:?}", key.as_str());
        }
        assert_eq!(root.entries().len(), 7);
    }
}
