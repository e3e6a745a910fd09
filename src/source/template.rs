//! Templates from `library/panels/`: a YAML header (kind, parameters), a `---` line, and a
//! minijinja body that renders to YAML. Rendering is strict (undefined variables are errors)
//! and bounded (fuel, recursion). The rendered YAML is parsed into a node tree whose spans
//! are moved into a real file: the template file when the body rendered line for line, else
//! the `use:` site (see `docs/source-format.md`).

use std::ops::Range;
use std::sync::Arc;

use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use super::SourceFile;
use super::de::{Spanned, from_node, suggest_help};
use super::format::{TemplateHeader, TemplateKind, UseSite};
use super::yaml::{self, Budget, Node};
use crate::diag::Diagnostic;

/// Instructions a single template instance may run before it is stopped.
pub const FUEL: u64 = 100_000;
/// Deepest macro / include nesting.
pub const RECURSION_LIMIT: usize = 64;

/// One template file, parsed.
#[derive(Debug, Clone)]
pub struct Template {
    /// Name: the file stem.
    pub name: String,
    /// The template file.
    pub file: Arc<SourceFile>,
    /// Its header.
    pub header: TemplateHeader,
    /// Byte offset of the body in the file.
    pub body_start: usize,
}

impl Template {
    /// Splits a template file into header and body and reads the header.
    pub fn parse(name: &str, file: &Arc<SourceFile>) -> Result<Template, Diagnostic> {
        let text = file.text();
        let Some(sep) = find_separator(text) else {
            return Err(Diagnostic::error(
                "source/template",
                format!("template `{name}` has no `---` line between its header and its body"),
            )
            .at(file, 0..0)
            .with_help("write `kind:` and `params:`, then a line `---`, then the body"));
        };
        let header_text = text.get(..sep.start).unwrap_or("");
        let node = yaml::parse(header_text, Budget::default())
            .map_err(|e| Diagnostic::error("source/yaml", e.message).at(file, e.span))?;
        let header: TemplateHeader =
            from_node(&node).map_err(|e| crate::source::load::de_diagnostic(file, &node, e))?;
        Ok(Template {
            name: name.to_owned(),
            file: Arc::clone(file),
            header,
            body_start: sep.end,
        })
    }

    /// The body text.
    pub fn body(&self) -> &str {
        self.file.text().get(self.body_start..).unwrap_or("")
    }
}

/// The `---` line that ends the header: its byte range including the line break.
fn find_separator(text: &str) -> Option<Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if line.trim_end() == "---" {
            return Some(offset..offset + line.len());
        }
        offset += line.len();
    }
    None
}

/// A rendered instance: the node tree and the file its spans point into.
#[derive(Debug, Clone)]
pub struct Instance {
    /// The file spans point into (template file or use site).
    pub file: Arc<SourceFile>,
    /// The rendered YAML.
    pub node: Node,
}

/// Renders `template` for a use site in `site_file`, checking the parameters and the kind.
pub fn instantiate(
    template: &Template,
    expected: TemplateKind,
    site: &UseSite,
    site_file: &Arc<SourceFile>,
) -> Result<Instance, Diagnostic> {
    let at_site = |d: Diagnostic| d.at(site_file, site.name.span.clone());
    if template.header.kind.value != expected {
        return Err(at_site(Diagnostic::error(
            "source/template",
            format!(
                "template `{}` makes a {}, but a {} is expected here",
                template.name,
                template.header.kind.value.as_str(),
                expected.as_str()
            ),
        )));
    }
    let context = parameters(template, site, site_file)?;
    let rendered = render(template, &context, site, site_file)?;
    let mut node = yaml::parse(&rendered, Budget::default()).map_err(|e| {
        at_site(Diagnostic::error(
            "source/template",
            format!(
                "template `{}` rendered invalid YAML: {}",
                template.name, e.message
            ),
        ))
        .with_help(format!(
            "rendered line {}: {}",
            line_of(&rendered, e.span.start),
            rendered_line(&rendered, e.span.start)
        ))
    })?;
    let relocate = Relocation::new(template, &rendered, site.name.span.clone());
    let file = if relocate.line_for_line {
        Arc::clone(&template.file)
    } else {
        Arc::clone(site_file)
    };
    node.map_spans(&|span| relocate.span(span));
    Ok(Instance { file, node })
}

/// `with:` merged over the declared defaults; unknown and missing parameters are errors.
fn parameters(
    template: &Template,
    site: &UseSite,
    site_file: &Arc<SourceFile>,
) -> Result<serde_json::Map<String, serde_json::Value>, Diagnostic> {
    let mut context = serde_json::Map::new();
    let given = match &site.with {
        None => serde_json::Map::new(),
        Some(Spanned {
            value: serde_json::Value::Object(map),
            ..
        }) => map.clone(),
        Some(Spanned {
            value: serde_json::Value::Null,
            ..
        }) => serde_json::Map::new(),
        Some(other) => {
            return Err(Diagnostic::error(
                "source/type",
                "`with:` must be a mapping of parameters",
            )
            .at(site_file, other.span.clone()));
        }
    };
    let declared: Vec<&str> = template.header.params.keys().map(String::as_str).collect();
    for key in given.keys() {
        if !template.header.params.contains_key(key) {
            let span = site
                .with
                .as_ref()
                .map_or(site.name.span.clone(), |w| w.span.clone());
            return Err(Diagnostic::error(
                "source/template",
                format!("template `{}` has no parameter `{key}`", template.name),
            )
            .at(site_file, span)
            .with_help(suggest_help(key, &declared, "parameters")));
        }
    }
    for (name, param) in &template.header.params {
        match (given.get(name), &param.default) {
            (Some(v), _) => {
                context.insert(name.clone(), v.clone());
            }
            (None, Some(default)) => {
                context.insert(name.clone(), default.clone());
            }
            (None, None) => {
                return Err(Diagnostic::error(
                    "source/template",
                    format!("template `{}` needs parameter `{name}`", template.name),
                )
                .at(site_file, site.name.span.clone())
                .with_help(format!("add `{name}: …` under `with:`")));
            }
        }
    }
    Ok(context)
}

fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env
}

/// Renders the body; template errors point into the template file.
fn render(
    template: &Template,
    context: &serde_json::Map<String, serde_json::Value>,
    site: &UseSite,
    site_file: &Arc<SourceFile>,
) -> Result<String, Diagnostic> {
    let env = environment();
    let result = env
        .template_from_named_str(&template.name, template.body())
        .and_then(|t| {
            t.render(minijinja::value::Value::from(minijinja::value::Serde(
                context,
            )))
        });
    result.map_err(|e| {
        let span = match (e.range(), e.line()) {
            (Some(r), _) => template.body_start + r.start..template.body_start + r.end,
            (None, Some(line)) => {
                let body_line = template.file.line_col(template.body_start).line;
                template.file.line_range(body_line + line - 1)
            }
            _ => template.body_start..template.body_start,
        };
        let detail = e
            .detail()
            .map(str::to_owned)
            .unwrap_or_else(|| e.kind().to_string());
        let site_at = site_file.line_col(site.name.span.start);
        Diagnostic::error(
            "source/template",
            format!("template `{}`: {detail}", template.name),
        )
        .at(&template.file, span)
        .with_help(format!(
            "instantiated at {}:{}:{}",
            site_file.path().display(),
            site_at.line,
            site_at.column
        ))
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(0, |t| t.matches('\n').count()) + 1
}

fn rendered_line(text: &str, offset: usize) -> &str {
    let start = text
        .get(..offset)
        .and_then(|t| t.rfind('\n'))
        .map_or(0, |i| i + 1);
    let rest = text.get(start..).unwrap_or("");
    rest.split('\n').next().unwrap_or("")
}

/// Maps byte offsets of rendered text to the template file (line for line) or the use site.
struct Relocation<'a> {
    line_for_line: bool,
    template: &'a Template,
    /// Start offset of each rendered line.
    rendered_lines: Vec<usize>,
    rendered: &'a str,
    site: Range<usize>,
}

impl<'a> Relocation<'a> {
    fn new(template: &'a Template, rendered: &'a str, site: Range<usize>) -> Self {
        let body = template.body();
        let lines = |t: &str| t.strip_suffix('\n').unwrap_or(t).split('\n').count();
        let rendered_lines: Vec<usize> = std::iter::once(0)
            .chain(rendered.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Relocation {
            line_for_line: lines(body) == lines(rendered),
            template,
            rendered_lines,
            rendered,
            site,
        }
    }

    fn span(&self, span: Range<usize>) -> Range<usize> {
        if !self.line_for_line {
            return self.site.clone();
        }
        let start = self.offset(span.start);
        let end = if span.end > span.start {
            self.end_offset(span.end).max(start)
        } else {
            start
        };
        start..end
    }

    /// Same line of the template; the exact column in text the template wrote literally,
    /// the start of the `{{ … }}` for text an expression rendered (when the line cannot be
    /// aligned: exact up to where the lines first differ).
    fn offset(&self, rendered_offset: usize) -> usize {
        self.locate(rendered_offset, false)
    }

    /// Like [`Self::offset`] for an exclusive end: the end of the `{{ … }}` for rendered text.
    fn end_offset(&self, rendered_end: usize) -> usize {
        match rendered_end.checked_sub(1) {
            Some(last) => self.locate(last, true),
            None => self.offset(rendered_end),
        }
    }

    /// The template offset of the byte at `rendered_offset` (`after`: just past it).
    fn locate(&self, rendered_offset: usize, after: bool) -> usize {
        let line = self
            .rendered_lines
            .partition_point(|&s| s <= rendered_offset)
            .saturating_sub(1);
        let r_start = self.rendered_lines.get(line).copied().unwrap_or(0);
        let column = rendered_offset.saturating_sub(r_start);
        let body_first_line = self.template.file.line_col(self.template.body_start).line;
        let t_range = self.template.file.line_range(body_first_line + line);
        let t_line = self.template.file.text().get(t_range.clone()).unwrap_or("");
        let r_line = self
            .rendered
            .get(r_start..)
            .unwrap_or("")
            .split('\n')
            .next()
            .unwrap_or("");
        if let Some(pieces) = align(t_line, r_line)
            && let Some(p) = pieces.iter().find(|p| p.rendered.contains(&column))
        {
            let t = if p.literal {
                p.template.start + (column - p.rendered.start) + usize::from(after)
            } else if after {
                p.template.end
            } else {
                p.template.start
            };
            return t_range.start + t.min(t_line.len());
        }
        let same = t_line
            .bytes()
            .zip(r_line.bytes())
            .take_while(|(a, b)| a == b)
            .count();
        t_range.start + (column + usize::from(after)).min(same).min(t_line.len())
    }
}

/// A run of rendered text and the template text it came from: written literally (byte for
/// byte), or rendered by a `{{ … }}` expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    /// Bytes of the rendered text.
    pub rendered: Range<usize>,
    /// Bytes of the template text.
    pub template: Range<usize>,
    /// True for literal text, false for an expression's output.
    pub literal: bool,
}

/// Aligns one line (or scalar) of template text with what it rendered to: literal runs must
/// appear in order, `{{ … }}` expressions stand for whatever lies between them, `{% raw %}`
/// content is literal, `{# … #}` comments and the `raw` tags render nothing. `None` when the
/// text has other block tags (`{% if %}`, `{% for %}`, whose output cannot be placed) or the
/// literal runs are not found in order.
pub fn align(template: &str, rendered: &str) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut r = 0usize;
    // A `{{ … }}` whose output ends where the next literal run is found.
    let mut hole: Option<Range<usize>> = None;
    for (t_range, literal) in template_tokens(template)? {
        if !literal {
            if let Some(h) = hole.take() {
                // Two adjacent expressions: the first one's output cannot be told apart.
                pieces.push(Piece {
                    rendered: r..r,
                    template: h,
                    literal: false,
                });
            }
            hole = Some(t_range);
            continue;
        }
        let text = template.get(t_range.clone())?;
        if text.is_empty() {
            continue;
        }
        let at = match &hole {
            Some(_) => r + rendered.get(r..)?.find(text)?,
            None if rendered.get(r..)?.starts_with(text) => r,
            None => return None,
        };
        if let Some(h) = hole.take() {
            pieces.push(Piece {
                rendered: r..at,
                template: h,
                literal: false,
            });
        }
        pieces.push(Piece {
            rendered: at..at + text.len(),
            template: t_range,
            literal: true,
        });
        r = at + text.len();
    }
    match hole {
        Some(h) => pieces.push(Piece {
            rendered: r..rendered.len(),
            template: h,
            literal: false,
        }),
        None if r != rendered.len() => return None,
        None => {}
    }
    Some(pieces)
}

/// The template text split into literal runs (`true`) and `{{ … }}` expressions (`false`);
/// comments and `raw` tags are dropped; `None` for other block tags.
fn template_tokens(t: &str) -> Option<Vec<(Range<usize>, bool)>> {
    let mut out = Vec::new();
    let mut i = 0usize;
    let mut lit_start = 0usize;
    let mut in_raw = false;
    while i < t.len() {
        let rest = t.get(i..)?;
        let open = if rest.starts_with("{{") {
            Some(("}}", false))
        } else if rest.starts_with("{%") {
            Some(("%}", true))
        } else if rest.starts_with("{#") && !in_raw {
            Some(("#}", true))
        } else {
            None
        };
        let Some((close, tag)) = open else {
            i += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        if in_raw && !tag {
            i += 2;
            continue;
        }
        let end = i + rest.find(close)? + close.len();
        let inner = t
            .get(i + 2..end - 2)?
            .trim_matches(|c: char| c == '-' || c == '+' || c.is_whitespace());
        if in_raw && inner != "endraw" {
            i = end;
            continue;
        }
        if lit_start < i {
            out.push((lit_start..i, true));
        }
        if !tag {
            out.push((i..end, false));
        } else if t.get(i..i + 2) == Some("{%") {
            match inner {
                "raw" => in_raw = true,
                "endraw" => in_raw = false,
                _ => return None,
            }
        }
        i = end;
        lit_start = end;
    }
    if lit_start < t.len() {
        out.push((lit_start..t.len(), true));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template(text: &str) -> Template {
        let file = SourceFile::new("library/panels/lat.yaml", text);
        Template::parse("lat", &file).unwrap()
    }

    fn site(_file: &Arc<SourceFile>, with: serde_json::Value) -> UseSite {
        UseSite {
            name: Spanned::new("lat".into(), 7..10),
            with: Some(Spanned::new(with, 11..20)),
        }
    }

    const LAT: &str = "kind: panel\nparams:\n  job: {}\n  q: {default: 0.99}\n---\ntype: timeseries\ntitle: latency {{ job }}\nexpr: histogram_quantile({{ q }}, rate(x{job=\"{{ job }}\"}[5m]))\n";

    #[test]
    fn renders_with_defaults_and_relocates_line_for_line() {
        let t = template(LAT);
        let site_file = SourceFile::new(
            "teams/a/dashboards/d.yaml",
            "- use: lat\n  with: {job: api}\n",
        );
        let inst = instantiate(
            &t,
            TemplateKind::Panel,
            &site(&site_file, serde_json::json!({"job": "api"})),
            &site_file,
        )
        .unwrap();
        assert_eq!(inst.file.path(), t.file.path());
        let title = inst.node.get("title").unwrap();
        assert_eq!(title.as_str(), Some("latency api"));
        // The title line starts the same in template and output: exact up to `{{`.
        let lc = t.file.line_col(title.span.start);
        assert_eq!((lc.line, lc.column), (7, 8));
    }

    #[test]
    fn undefined_variable_points_into_the_template() {
        let t = template("kind: panel\nparams: {job: {}}\n---\ntype: stat\ntitle: {{ jobb }}\n");
        let site_file = SourceFile::new("d.yaml", "- use: lat\n  with: {job: api}\n");
        let e = instantiate(
            &t,
            TemplateKind::Panel,
            &site(&site_file, serde_json::json!({"job": "api"})),
            &site_file,
        )
        .unwrap_err();
        assert_eq!(e.id, "source/template");
        let label = e.label.unwrap();
        let lc = label.file.line_col(label.span.start);
        assert_eq!(lc.line, 5, "{}", e.message);
        assert!(e.message.contains("undefined"), "{}", e.message);
    }

    #[test]
    fn parameters_are_checked() {
        let t = template(LAT);
        let f = SourceFile::new("d.yaml", "x");
        let e = instantiate(
            &t,
            TemplateKind::Panel,
            &site(&f, serde_json::json!({"jobs": "api"})),
            &f,
        )
        .unwrap_err();
        assert_eq!(e.help.as_deref(), Some("did you mean `job`?"));
        let e = instantiate(
            &t,
            TemplateKind::Panel,
            &site(&f, serde_json::json!({})),
            &f,
        )
        .unwrap_err();
        assert!(e.message.contains("needs parameter `job`"));
        let e = instantiate(
            &t,
            TemplateKind::Row,
            &site(&f, serde_json::json!({"job": "a"})),
            &f,
        )
        .unwrap_err();
        assert!(e.message.contains("makes a panel"));
    }

    #[test]
    fn fuel_stops_runaway_loops() {
        let t = template(
            "kind: panel\n---\n{% for i in range(100000) %}{% for j in range(100) %}{% endfor %}{% endfor %}\n",
        );
        let f = SourceFile::new("d.yaml", "x");
        let s = UseSite {
            name: Spanned::new("lat".into(), 0..1),
            with: None,
        };
        let e = instantiate(&t, TemplateKind::Panel, &s, &f).unwrap_err();
        assert!(e.message.contains("fuel"), "{}", e.message);
    }

    #[test]
    fn block_tags_relocate_to_the_use_site() {
        let t = template(
            "kind: panel\nparams: {n: {}}\n---\ntype: stat\n{% for i in range(n) %}\n{% endfor %}title: x\n",
        );
        let f = SourceFile::new("d.yaml", "- use: lat\n");
        let s = UseSite {
            name: Spanned::new("lat".into(), 7..10),
            with: Some(Spanned::new(serde_json::json!({"n": 3}), 0..1)),
        };
        let inst = instantiate(&t, TemplateKind::Panel, &s, &f).unwrap();
        assert_eq!(inst.file.path(), f.path());
        assert_eq!(inst.node.get("title").unwrap().span, 7..10);
    }

    #[test]
    fn aligns_literal_runs_around_expressions() {
        let t = "sum(x{job=\"{{ job }}\", s=\"5\"}) by {{a}}{{b}}";
        let r = "sum(x{job=\"payments-api\", s=\"5\"}) by AB";
        let pieces = align(t, r).unwrap();
        let lit = pieces
            .iter()
            .find(|p| p.literal && &t[p.template.clone()] == "\", s=\"5\"}) by ")
            .unwrap();
        assert_eq!(&r[lit.rendered.clone()], "\", s=\"5\"}) by ");
        let hole = pieces.iter().find(|p| !p.literal).unwrap();
        assert_eq!(&r[hole.rendered.clone()], "payments-api");
        assert_eq!(&t[hole.template.clone()], "{{ job }}");
        // `{% raw %}` content is literal, comments render nothing.
        let pieces = align("a{% raw %}{{x}}{% endraw %}{# c #}b", "a{{x}}b").unwrap();
        assert!(pieces.iter().all(|p| p.literal));
        assert_eq!(align("{% if x %}a{% endif %}", "a"), None);
        assert_eq!(align("abc", "abd"), None);
    }

    #[test]
    fn relocated_spans_end_after_substituted_text() {
        let t = template(LAT);
        let site_file = SourceFile::new("d.yaml", "- use: lat\n  with: {job: payments-api}\n");
        let inst = instantiate(
            &t,
            TemplateKind::Panel,
            &site(&site_file, serde_json::json!({"job": "payments-api"})),
            &site_file,
        )
        .unwrap();
        let expr = inst.node.get("expr").unwrap();
        let text = t.file.text();
        assert_eq!(
            &text[expr.span.clone()],
            "histogram_quantile({{ q }}, rate(x{job=\"{{ job }}\"}[5m]))"
        );
    }
}
