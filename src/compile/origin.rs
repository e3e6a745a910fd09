//! From spanned source strings to `model::TextOrigin`: which file offset each character of
//! an expression came from, for carets inside expressions.

use std::sync::Arc;

use crate::model::TextOrigin;
use crate::source::SourceFile;
use crate::source::de::Spanned;
use crate::source::template::align;
use crate::source::yaml::{Style, scalar_segments};

/// The origin of a string value read from `file` at `value.span`.
pub fn text_origin(file: &Arc<SourceFile>, value: &Spanned<String>) -> TextOrigin {
    let style = style_at(file.text(), value.span.start);
    let segments = template_segments(file.text(), &value.span, &value.value, style)
        .unwrap_or_else(|| scalar_segments(file.text(), &value.span, &value.value, style));
    TextOrigin {
        file: Arc::clone(file),
        segments,
    }
}

/// For a one-line scalar of a template body that differs from its rendered value (it has
/// `{{ … }}`): literal text maps byte for byte, an expression's output to the expression
/// (so a caret after a substituted `{{ job }}` stays on its character). `None` when the text
/// is not such a scalar or does not align.
fn template_segments(
    text: &str,
    span: &std::ops::Range<usize>,
    value: &str,
    style: Style,
) -> Option<Vec<(usize, usize)>> {
    let raw = text.get(span.clone())?;
    let quote = usize::from(matches!(style, Style::SingleQuoted | Style::DoubleQuoted));
    let inner = raw.get(quote..raw.len().checked_sub(quote)?)?;
    if inner == value
        || inner.contains('\n')
        || !(inner.contains("{{") || inner.contains("{%") || inner.contains("{#"))
        || (style == Style::DoubleQuoted && inner.contains('\\'))
        || (style == Style::SingleQuoted && inner.contains("''"))
    {
        return None;
    }
    let base = span.start + quote;
    let mut segments = Vec::new();
    for p in align(inner, value)? {
        segments.push((p.rendered.start, base + p.template.start));
        if !p.literal && p.rendered.len() > p.template.len() && !p.template.is_empty() {
            // Output longer than the expression: the rest stays on its last character.
            let last = base + p.template.end - 1;
            segments
                .extend((p.rendered.start + p.template.len()..p.rendered.end).map(|r| (r, last)));
        }
    }
    segments.dedup_by_key(|s| s.0);
    match segments.first() {
        Some((0, _)) => Some(segments),
        _ => None,
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

    #[test]
    fn carets_after_substitutions_stay_on_their_character() {
        // The template line `expr: …` rendered with job = payments-api.
        let text = "expr: rate(x{job=\"{{ job }}\", status=\"500\"}[5m])\n";
        let file = SourceFile::new("library/panels/p.yaml", text);
        let value = "rate(x{job=\"payments-api\", status=\"500\"}[5m])";
        let span = 6..text.len() - 1;
        let o = text_origin(&file, &Spanned::new(value.to_string(), span));
        let at = |needle: &str| o.to_file(value.find(needle).unwrap());
        assert_eq!(at("status"), text.find("status").unwrap());
        assert_eq!(at("[5m]"), text.find("[5m]").unwrap());
        assert_eq!(at("payments"), text.find("{{ job }}").unwrap());
        // Quoted, with a raw block: `{{code}}` is literal.
        let text = "legend: \"{% raw %}{{code}}{% endraw %} of {{ job }}!\"\n";
        let file = SourceFile::new("library/panels/p.yaml", text);
        let value = "{{code}} of api!";
        let o = text_origin(&file, &Spanned::new(value.to_string(), 8..text.len() - 1));
        assert_eq!(o.to_file(0), text.find("{{code}}").unwrap());
        assert_eq!(o.to_file(value.find('!').unwrap()), text.find('!').unwrap());
    }
}
