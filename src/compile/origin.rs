//! From spanned source strings to `model::TextOrigin`: which file offset each character of
//! an expression came from, for carets inside expressions.

use std::sync::Arc;

use crate::model::TextOrigin;
use crate::source::SourceFile;
use crate::source::de::Spanned;
use crate::source::yaml::{Style, scalar_segments};

/// The origin of a string value read from `file` at `value.span`.
pub fn text_origin(file: &Arc<SourceFile>, value: &Spanned<String>) -> TextOrigin {
    let style = style_at(file.text(), value.span.start);
    TextOrigin {
        file: Arc::clone(file),
        segments: scalar_segments(file.text(), &value.span, &value.value, style),
    }
}

/// How the scalar starting at `start` was written: quotes are at its start; a block scalar's
/// span starts at its content, so its `|` / `>` header ends the preceding text.
fn style_at(text: &str, start: usize) -> Style {
    match text.get(start..).and_then(|t| t.chars().next()) {
        Some('"') => return Style::DoubleQuoted,
        Some('\'') => return Style::SingleQuoted,
        _ => {}
    }
    let before = text.get(..start).unwrap_or("").trim_end();
    let last_line = before.rsplit('\n').next().unwrap_or("");
    let code = last_line.split(" #").next().unwrap_or("").trim_end();
    let indicator = code
        .rsplit([' ', ':'])
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| c.is_ascii_digit() || c == '-' || c == '+');
    match indicator {
        "|" if before.len() < start => Style::Literal,
        ">" if before.len() < start => Style::Folded,
        _ => Style::Plain,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_styles() {
        assert_eq!(style_at("e: |-\n  x\n", 8), Style::Literal);
        assert_eq!(style_at("e: >\n  x\n", 7), Style::Folded);
        assert_eq!(style_at("e: 'x'\n", 3), Style::SingleQuoted);
        assert_eq!(style_at("e: x > y\n", 3), Style::Plain);
    }
}
