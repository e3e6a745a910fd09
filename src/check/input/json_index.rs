//! Positions inside a JSON file: the byte range of every value by JSON pointer, and the mapping
//! of a string value's (unescaped) offsets back to the file across escapes, so a caret under a
//! query written in a JSON string hits the right character of the file.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::Arc;

use crate::model::TextOrigin;
use crate::source::SourceFile;

/// Byte ranges of every value of one JSON document, by RFC 6901 pointer (`""` is the root,
/// `/panels/0/targets/1/expr` a string inside it). Built by a small scanner that accepts what
/// `serde_json` accepts; on malformed input it stops and keeps what it has.
#[derive(Debug, Default, Clone)]
pub struct JsonIndex {
    spans: HashMap<String, Range<usize>>,
}

impl JsonIndex {
    /// Indexes `text`.
    pub fn build(text: &str) -> Self {
        let mut scanner = Scanner {
            bytes: text.as_bytes(),
            pos: 0,
            spans: HashMap::new(),
            depth: 0,
        };
        scanner.skip_ws();
        let mut pointer = String::new();
        let _ = scanner.value(&mut pointer);
        JsonIndex {
            spans: scanner.spans,
        }
    }

    /// The byte range of the value at `pointer`, if it exists.
    pub fn span(&self, pointer: &str) -> Option<Range<usize>> {
        self.spans.get(pointer).cloned()
    }

    /// The range of the value at `pointer`, or of its nearest ancestor that exists.
    pub fn span_or_ancestor(&self, pointer: &str) -> Range<usize> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.spans.get(p) {
                return span.clone();
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return 0..0,
            }
        }
    }

    /// The text origin of the string value at `pointer`: unescaped offsets to file offsets.
    pub fn string_origin(&self, file: &Arc<SourceFile>, pointer: &str) -> Option<TextOrigin> {
        let span = self.span(pointer)?;
        let raw = file.text().get(span.clone())?;
        if !raw.starts_with('"') {
            return None;
        }
        Some(TextOrigin {
            file: Arc::clone(file),
            segments: string_segments(raw, span.start),
        })
    }
}

/// Escapes a pointer token (`~` → `~0`, `/` → `~1`).
pub fn escape_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// Segments mapping the decoded value of the JSON string token `raw` (quotes included,
/// starting at file offset `start`) to file offsets: one segment per run of plain characters
/// and one per escape sequence.
pub fn string_segments(raw: &str, start: usize) -> Vec<(usize, usize)> {
    let bytes = raw.as_bytes();
    let mut segments = vec![(0, start + 1)];
    let mut value = 0usize;
    let mut i = 1usize;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => break,
            b'\\' => {
                let (raw_len, value_len) = escape_len(&bytes[i..]);
                if segments.last().map(|s| s.0) != Some(value) {
                    segments.push((value, start + i));
                } else if let Some(last) = segments.last_mut() {
                    last.1 = start + i;
                }
                value += value_len;
                i += raw_len;
                segments.push((value, start + i));
            }
            _ => {
                value += 1;
                i += 1;
            }
        }
    }
    segments
}

/// `(raw bytes, decoded UTF-8 bytes)` of the escape at the start of `b` (which is `\`).
fn escape_len(b: &[u8]) -> (usize, usize) {
    match b.get(1) {
        Some(b'u') => {
            let code = hex4(b.get(2..6));
            if (0xD800..0xDC00).contains(&code)
                && b.get(6) == Some(&b'\\')
                && b.get(7) == Some(&b'u')
            {
                return (12, 4);
            }
            let len = match code {
                0..=0x7F => 1,
                0x80..=0x7FF => 2,
                // A lone surrogate decodes to U+FFFD (3 bytes) in lossy decoders.
                _ => 3,
            };
            (6, len)
        }
        Some(_) => (2, 1),
        None => (1, 0),
    }
}

fn hex4(b: Option<&[u8]>) -> u32 {
    let Some(b) = b else { return 0 };
    std::str::from_utf8(b)
        .ok()
        .and_then(|s| u32::from_str_radix(s, 16).ok())
        .unwrap_or(0)
}

/// Maximum nesting before the scanner stops (serde_json's own limit is 128).
const MAX_DEPTH: usize = 512;

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    spans: HashMap<String, Range<usize>>,
    depth: usize,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
    }

    /// Scans one value at `pos`, recording it and its children under `pointer`.
    fn value(&mut self, pointer: &mut String) -> Option<()> {
        let start = self.pos;
        match *self.bytes.get(self.pos)? {
            b'{' => self.object(pointer)?,
            b'[' => self.array(pointer)?,
            b'"' => self.string()?,
            _ => self.scalar(),
        }
        self.spans.insert(pointer.clone(), start..self.pos);
        Some(())
    }

    fn object(&mut self, pointer: &mut String) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Some(());
        }
        loop {
            self.skip_ws();
            let key_start = self.pos;
            self.string()?;
            let key: String = serde_json::from_slice(self.bytes.get(key_start..self.pos)?).ok()?;
            self.skip_ws();
            if self.bytes.get(self.pos) != Some(&b':') {
                return None;
            }
            self.pos += 1;
            self.skip_ws();
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&escape_token(&key));
            let r = self.value(pointer);
            pointer.truncate(len);
            r?;
            self.skip_ws();
            match self.bytes.get(self.pos)? {
                b',' => self.pos += 1,
                b'}' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, pointer: &mut String) -> Option<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        self.pos += 1;
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b']') {
            self.pos += 1;
            self.depth -= 1;
            return Some(());
        }
        let mut index = 0usize;
        loop {
            self.skip_ws();
            let len = pointer.len();
            pointer.push('/');
            pointer.push_str(&index.to_string());
            let r = self.value(pointer);
            pointer.truncate(len);
            r?;
            index += 1;
            self.skip_ws();
            match self.bytes.get(self.pos)? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    self.depth -= 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    fn string(&mut self) -> Option<()> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        self.pos += 1;
        loop {
            match *self.bytes.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    fn scalar(&mut self) {
        while self
            .bytes
            .get(self.pos)
            .is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_nested_values() {
        let text = r#"{"a": [1, {"b/c": "x"}], "d~": null}"#;
        let idx = JsonIndex::build(text);
        assert_eq!(idx.span("").map(|r| &text[r]), Some(text));
        assert_eq!(idx.span("/a/0").map(|r| &text[r]), Some("1"));
        assert_eq!(idx.span("/a/1/b~1c").map(|r| &text[r]), Some("\"x\""));
        assert_eq!(idx.span("/d~0").map(|r| &text[r]), Some("null"));
        assert_eq!(&text[idx.span_or_ancestor("/a/1/zz/9")], r#"{"b/c": "x"}"#);
    }

    #[test]
    fn string_offsets_cross_escapes() {
        // value: sum(rate(x{a="é"}[5m]))\n  →  the `[` sits after escapes \" \u00e9 \".
        let text = r#"{"expr": "sum(rate(x{a=\"\u00e9\"}[5m]))\n"}"#;
        let file = SourceFile::new("d.json", text);
        let idx = JsonIndex::build(text);
        let origin = idx.string_origin(&file, "/expr").unwrap();
        let value: serde_json::Value = serde_json::from_str(text).unwrap();
        let expr = value["expr"].as_str().unwrap();
        for needle in ["sum", "x{", "[5m]", "))"] {
            let v = expr.find(needle).unwrap();
            let f = origin.to_file(v);
            assert_eq!(&text[f..f + needle.len()], needle, "{needle}");
        }
        let quote = expr.find('"').unwrap();
        assert_eq!(
            &text[origin.to_file(quote)..origin.to_file(quote) + 2],
            "\\\""
        );
    }

    #[test]
    fn malformed_input_keeps_what_it_has() {
        let idx = JsonIndex::build(r#"{"a": 1, "b": [tru"#);
        assert!(idx.span("/a").is_some());
    }
}
