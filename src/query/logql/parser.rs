//! Recursive-descent LogQL parser: log queries and their pipelines, range and vector
//! aggregations, and the PromQL-like binary layer (precedence climbing). It stops at the first
//! syntax error, which carries the offending token's span, what was expected, and a hint for
//! the classic mistakes.

use super::super::{QueryError, Span};
use super::ast::*;
use super::hints;
use super::lexer::{Tok, Token};

type R<T> = Result<T, QueryError>;

/// Keywords that cannot start a label filter's label name (they join or end expressions).
const CONNECTORS: &[&str] = &["and", "or", "unless", "by", "without", "offset", "bool"];

pub(super) struct Parser<'a> {
    src: &'a str,
    toks: &'a [Token],
    i: usize,
    depth: usize,
    max_depth: usize,
}

fn err(message: impl Into<String>, span: Span) -> QueryError {
    QueryError {
        message: message.into(),
        span,
        hint: None,
    }
}

fn with_hint(mut e: QueryError, hint: impl Into<String>) -> QueryError {
    e.hint = Some(hint.into());
    e
}

fn is_cmp_punct(p: &str) -> bool {
    matches!(p, "=" | "!=" | "=~" | "!~" | "==" | ">" | ">=" | "<" | "<=")
}

impl<'a> Parser<'a> {
    pub(super) fn new(src: &'a str, toks: &'a [Token], max_depth: usize) -> Self {
        Parser {
            src,
            toks,
            i: 0,
            depth: 0,
            max_depth,
        }
    }

    /// Parses a whole expression, which must use up the input.
    pub(super) fn parse(&mut self) -> R<Expr> {
        if self.peek().tok == Tok::Eof {
            return Err(err("empty expression: expected a LogQL query", self.span()));
        }
        let e = self.expr(0)?;
        if self.peek().tok != Tok::Eof {
            return Err(self.trailing(&e));
        }
        Ok(e)
    }

    // ---- token helpers -------------------------------------------------------------------

    fn peek(&self) -> &'a Token {
        self.peek_at(0)
    }

    fn peek_at(&self, n: usize) -> &'a Token {
        let toks = self.toks;
        let last = toks.len().saturating_sub(1);
        &toks[(self.i + n).min(last)]
    }

    fn span(&self) -> Span {
        self.peek().span.clone()
    }

    fn bump(&mut self) -> &'a Token {
        let t = self.peek();
        if self.i + 1 < self.toks.len() {
            self.i += 1;
        }
        t
    }

    fn text(&self, t: &Token) -> &'a str {
        self.src.get(t.span.clone()).unwrap_or("")
    }

    fn prev_end(&self) -> usize {
        self.i
            .checked_sub(1)
            .and_then(|j| self.toks.get(j))
            .map_or(0, |t| t.span.end)
    }

    fn is_punct_at(&self, n: usize, p: &str) -> bool {
        matches!(self.peek_at(n).tok, Tok::Punct(q) if q == p)
    }

    fn is_punct(&self, p: &str) -> bool {
        self.is_punct_at(0, p)
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn is_kw_at(&self, n: usize, kw: &str) -> bool {
        let t = self.peek_at(n);
        t.tok == Tok::Ident && self.text(t).eq_ignore_ascii_case(kw)
    }

    fn is_kw(&self, kw: &str) -> bool {
        self.is_kw_at(0, kw)
    }

    fn describe(&self, t: &Token) -> String {
        match &t.tok {
            Tok::Eof => "end of input".to_string(),
            Tok::Str { .. } => format!("string {}", self.text(t)),
            Tok::Var => format!("variable {}", self.text(t)),
            Tok::Number => format!("number {}", self.text(t)),
            Tok::Duration => format!("duration {}", self.text(t)),
            Tok::Bytes => format!("bytes value {}", self.text(t)),
            _ => format!("\"{}\"", self.text(t)),
        }
    }

    fn expected(&self, what: &str) -> QueryError {
        let t = self.peek();
        let message = format!("expected {what}, found {}", self.describe(t));
        let prev = self.i.checked_sub(1).and_then(|j| self.toks.get(j));
        let Some(p) = prev else {
            return err(message, t.span.clone());
        };
        // At the end of input, point from the last token on: the missing piece goes after it.
        if t.tok == Tok::Eof {
            return err(message, p.span.start..t.span.end);
        }
        // A token glued to a string's closing quote usually means an earlier string lost its
        // closing quote and the quotes paired up wrongly: point at that string too.
        let follows_string = matches!(
            t.tok,
            Tok::Punct("," | ")" | "}" | "]" | "[" | "|" | "|=" | "!=" | "|~" | "!~" | "|>" | "!>")
        );
        if matches!(
            p.tok,
            Tok::Str {
                backtick: false,
                ..
            }
        ) && p.span.end == t.span.start
            && !follows_string
        {
            return with_hint(
                err(message, p.span.start..t.span.end),
                "is a closing quote missing? the string before this ends at an unexpected quote",
            );
        }
        err(message, t.span.clone())
    }

    fn expect_punct(&mut self, p: &str, what: &str) -> R<Span> {
        if self.is_punct(p) {
            return Ok(self.bump().span.clone());
        }
        Err(self.expected(what))
    }

    fn close(&mut self, open: &Span, closer: &str) -> R<Span> {
        if self.is_punct(closer) {
            return Ok(self.bump().span.clone());
        }
        let opener = match closer {
            ")" => "(",
            "]" => "[",
            _ => "{",
        };
        let e = self.expected(&format!(
            "\"{closer}\" to close the \"{opener}\" at offset {}",
            open.start
        ));
        Err(e)
    }

    fn enter(&mut self) -> R<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            return Err(with_hint(
                err(
                    format!("expression nests deeper than {} levels", self.max_depth),
                    self.span(),
                ),
                "split the query or remove redundant parentheses",
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    fn loc_from(&self, start: usize) -> Loc {
        Loc(start..self.prev_end().max(start))
    }

    // ---- expressions ---------------------------------------------------------------------

    fn expr(&mut self, min_prec: u8) -> R<Expr> {
        self.enter()?;
        let r = grow(|| self.expr_inner(min_prec));
        self.leave();
        r
    }

    /// Each operator of a chain nests the tree one level deeper, so it counts as depth.
    fn expr_inner(&mut self, min_prec: u8) -> R<Expr> {
        let depth = self.depth;
        let r = self.expr_chain(min_prec);
        self.depth = depth;
        r
    }

    fn expr_chain(&mut self, min_prec: u8) -> R<Expr> {
        let start = self.peek().span.start;
        let mut lhs = self.unary()?;
        while let Some(op) = self.peek_binop() {
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.enter()?;
            let op_span = self.bump().span.clone();
            let (bool_modifier, matching, group) = self.bin_modifiers(op, &op_span)?;
            let next_min = if op == BinOp::Pow { prec } else { prec + 1 };
            if self.peek().tok == Tok::Eof {
                return Err(self.expected(&format!("an expression after \"{}\"", op.as_str())));
            }
            let rhs = self.expr(next_min)?;
            lhs = Expr::Binary(Box::new(Binary {
                op,
                op_loc: Loc(op_span),
                bool_modifier,
                matching,
                group,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                loc: self.loc_from(start),
            }));
        }
        Ok(lhs)
    }

    fn peek_binop(&self) -> Option<BinOp> {
        let t = self.peek();
        match &t.tok {
            Tok::Punct(p) => Some(match *p {
                "+" => BinOp::Add,
                "-" => BinOp::Sub,
                "*" => BinOp::Mul,
                "/" => BinOp::Div,
                "%" => BinOp::Mod,
                "^" => BinOp::Pow,
                "==" => BinOp::Eq,
                "!=" => BinOp::Ne,
                ">" => BinOp::Gt,
                ">=" => BinOp::Ge,
                "<" => BinOp::Lt,
                "<=" => BinOp::Le,
                _ => return None,
            }),
            Tok::Ident => {
                let s = self.text(t).to_ascii_lowercase();
                match s.as_str() {
                    "or" => Some(BinOp::Or),
                    "and" => Some(BinOp::And),
                    "unless" => Some(BinOp::Unless),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn bin_modifiers(
        &mut self,
        op: BinOp,
        op_span: &Span,
    ) -> R<(bool, Option<VectorMatching>, Option<GroupModifier>)> {
        let mut bool_modifier = false;
        if self.is_kw("bool") {
            if !op.is_comparison() {
                return Err(with_hint(
                    err(
                        format!("\"bool\" cannot follow \"{}\"", op.as_str()),
                        self.span(),
                    ),
                    "bool only modifies comparisons (==, !=, >, >=, <, <=)",
                ));
            }
            self.bump();
            bool_modifier = true;
        }
        let mut matching = None;
        if self.is_kw("on") || self.is_kw("ignoring") {
            let ignoring = self.is_kw("ignoring");
            self.bump();
            let labels = self.label_list()?;
            matching = Some(VectorMatching { ignoring, labels });
        }
        let mut group = None;
        if self.is_kw("group_left") || self.is_kw("group_right") {
            let right = self.is_kw("group_right");
            let kw = self.bump().span.clone();
            if matching.is_none() {
                return Err(with_hint(
                    err(
                        "group_left/group_right needs on(…) or ignoring(…) before it",
                        kw,
                    ),
                    "write e.g. `a / on (job) group_left b`",
                ));
            }
            if op.is_set() {
                return Err(err(
                    format!("no grouping allowed for \"{}\"", op.as_str()),
                    op_span.clone(),
                ));
            }
            let labels = if self.is_punct("(") {
                self.label_list()?
            } else {
                Vec::new()
            };
            group = Some(GroupModifier { right, labels });
        }
        Ok((bool_modifier, matching, group))
    }

    /// `( a, b, )` for on/ignoring/group_left (a trailing comma is allowed).
    fn label_list(&mut self) -> R<Vec<Name>> {
        let open = self.expect_punct("(", "\"(\" and a list of labels")?;
        let mut labels = Vec::new();
        loop {
            if self.is_punct(")") {
                break;
            }
            labels.push(self.label_name("a label name")?);
            if !self.eat_punct(",") {
                break;
            }
        }
        self.close(&open, ")")?;
        Ok(labels)
    }

    fn unary(&mut self) -> R<Expr> {
        let t = self.peek();
        match &t.tok {
            Tok::Punct(p @ ("+" | "-")) => {
                let next = self.peek_at(1);
                if next.tok == Tok::Number {
                    let start = t.span.start;
                    self.bump();
                    let n = self.bump();
                    let text = format!("{p}{}", self.text(n));
                    return Ok(Expr::Literal(Scalar {
                        kind: ScalarKind::Number,
                        text,
                        loc: Loc(start..n.span.end),
                    }));
                }
                Err(with_hint(
                    self.expected("an expression"),
                    "in LogQL a sign may only precede a number literal",
                ))
            }
            Tok::Number | Tok::Var => {
                let kind = if t.tok == Tok::Var {
                    ScalarKind::Var
                } else {
                    ScalarKind::Number
                };
                self.bump();
                Ok(Expr::Literal(Scalar {
                    kind,
                    text: self.text(t).to_string(),
                    loc: Loc(t.span.clone()),
                }))
            }
            Tok::Punct("(") => self.paren(),
            Tok::Punct("{") => {
                let q = self.log_query()?;
                if self.is_punct("[") {
                    return Err(with_hint(
                        err(
                            "a log range [..] is only allowed inside a range aggregation",
                            self.span(),
                        ),
                        "wrap it, e.g. count_over_time({…}[5m]) or rate({…}[5m])",
                    ));
                }
                Ok(Expr::Log(Box::new(q)))
            }
            Tok::Ident => self.ident_expr(),
            Tok::Punct("[") => Err(with_hint(
                self.expected("an expression"),
                "a range [..] follows the stream selector inside a range aggregation",
            )),
            _ => Err(self.expected("an expression")),
        }
    }

    fn paren(&mut self) -> R<Expr> {
        let open = self.bump().span.clone();
        let inner = self.expr(0)?;
        self.close(&open, ")")?;
        let e = Expr::Paren(Paren {
            expr: Box::new(inner),
            loc: self.loc_from(open.start),
        });
        if e.is_log() && self.is_punct("[") {
            return Err(with_hint(
                err(
                    "a log range [..] is only allowed inside a range aggregation",
                    self.span(),
                ),
                "wrap it, e.g. count_over_time({…}[5m])",
            ));
        }
        Ok(e)
    }

    fn ident_expr(&mut self) -> R<Expr> {
        let t = self.peek();
        let name = self.text(t);
        let call = self.is_punct_at(1, "(");
        if call {
            if let Some(op) = RangeOp::from_name(name) {
                return self.range_agg(op).map(|r| Expr::RangeAgg(Box::new(r)));
            }
            if name.eq_ignore_ascii_case("label_replace") {
                return self.label_replace();
            }
            if name.eq_ignore_ascii_case("vector") {
                return self.vector_lit();
            }
        }
        if let Some(op) = VectorOp::from_name(name)
            && (call || self.is_kw_at(1, "by") || self.is_kw_at(1, "without"))
        {
            return self.vector_agg(op).map(|v| Expr::VectorAgg(Box::new(v)));
        }
        let known = RangeOp::from_name(name).is_some()
            || VectorOp::from_name(name).is_some()
            || name.eq_ignore_ascii_case("label_replace")
            || name.eq_ignore_ascii_case("vector");
        if known {
            self.bump();
            return Err(self.expected(&format!("\"(\" after {name}")));
        }
        Err(hints::unknown_name(name, call, t.span.clone()))
    }

    fn scalar_tok(&mut self, kinds: &[Tok], what: &str) -> R<Scalar> {
        let t = self.peek();
        let kind = match t.tok {
            Tok::Number => ScalarKind::Number,
            Tok::Duration => ScalarKind::Duration,
            Tok::Bytes => ScalarKind::Bytes,
            Tok::Var => ScalarKind::Var,
            _ => return Err(self.expected(what)),
        };
        if !kinds.contains(&t.tok) && t.tok != Tok::Var {
            return Err(self.expected(what));
        }
        self.bump();
        Ok(Scalar {
            kind,
            text: self.text(t).to_string(),
            loc: Loc(t.span.clone()),
        })
    }

    /// A leading `k,` / `0.99,` parameter, if present.
    fn param(&mut self) -> R<Option<Scalar>> {
        let t = self.peek();
        if matches!(t.tok, Tok::Number | Tok::Var) && self.is_punct_at(1, ",") {
            let s = self.scalar_tok(&[Tok::Number], "a number")?;
            self.bump();
            return Ok(Some(s));
        }
        Ok(None)
    }

    /// Like [`Self::param`], where a number can only be a parameter (range aggregations).
    fn range_param(&mut self) -> R<Option<Scalar>> {
        if self.peek().tok == Tok::Number && !self.is_punct_at(1, ",") {
            self.bump();
            return Err(self.expected("\",\" and the log range after the parameter"));
        }
        self.param()
    }

    fn range_agg(&mut self, op: RangeOp) -> R<RangeAgg> {
        let name = self.bump().span.clone();
        let open = self.bump().span.clone();
        let param = self.range_param()?;
        let range = self.log_range(&name)?;
        self.close(&open, ")")?;
        let grouping = if self.is_kw("by") || self.is_kw("without") {
            Some(self.grouping()?)
        } else {
            None
        };
        Ok(RangeAgg {
            op,
            op_loc: Loc(name.clone()),
            param,
            range,
            grouping,
            loc: self.loc_from(name.start),
        })
    }

    fn vector_agg(&mut self, op: VectorOp) -> R<VectorAgg> {
        let name = self.bump().span.clone();
        let mut grouping = None;
        if self.is_kw("by") || self.is_kw("without") {
            grouping = Some(self.grouping()?);
        }
        let open = self.expect_punct("(", &format!("\"(\" after {}", op.as_str()))?;
        let param = self.param()?;
        if self.is_punct(")") {
            return Err(self.expected("an expression to aggregate"));
        }
        let expr = self.expr(0)?;
        self.close(&open, ")")?;
        if grouping.is_none() && (self.is_kw("by") || self.is_kw("without")) {
            grouping = Some(self.grouping()?);
        }
        Ok(VectorAgg {
            op,
            op_loc: Loc(name.clone()),
            param,
            expr: Box::new(expr),
            grouping,
            loc: self.loc_from(name.start),
        })
    }

    /// `by (a, b)` / `without (a)`.
    fn grouping(&mut self) -> R<Grouping> {
        let without = self.is_kw("without");
        let kw = self.bump().span.clone();
        let open = self.expect_punct("(", "\"(\" and the grouping labels")?;
        let mut labels = Vec::new();
        if !self.is_punct(")") {
            loop {
                labels.push(self.label_name("a label name")?);
                if !self.eat_punct(",") {
                    break;
                }
            }
        }
        self.close(&open, ")")?;
        Ok(Grouping {
            without,
            labels,
            loc: self.loc_from(kw.start),
        })
    }

    fn label_replace(&mut self) -> R<Expr> {
        let name = self.bump().span.clone();
        let open = self.bump().span.clone();
        let expr = self.expr(0)?;
        let mut strs = Vec::with_capacity(4);
        for what in ["destination label", "replacement", "source label", "regex"] {
            self.expect_punct(",", &format!("\",\" and the {what} string"))?;
            strs.push(self.string(&format!("the {what} as a string"))?);
        }
        self.close(&open, ")")?;
        let mut it = strs.into_iter();
        let (Some(dst), Some(replacement), Some(src), Some(regex)) =
            (it.next(), it.next(), it.next(), it.next())
        else {
            return Err(err("label_replace needs four strings", name));
        };
        Ok(Expr::LabelReplace(Box::new(LabelReplace {
            expr: Box::new(expr),
            dst,
            replacement,
            src,
            regex,
            loc: self.loc_from(name.start),
        })))
    }

    fn vector_lit(&mut self) -> R<Expr> {
        let name = self.bump().span.clone();
        let open = self.bump().span.clone();
        let value = self.scalar_tok(&[Tok::Number], "a number")?;
        self.close(&open, ")")?;
        Ok(Expr::Vector(VectorLit {
            value,
            loc: self.loc_from(name.start),
        }))
    }

    fn trailing(&self, e: &Expr) -> QueryError {
        let t = self.peek();
        let mut error = self.expected("an operator or the end of the expression");
        if (self.is_kw("by") || self.is_kw("without"))
            && let Expr::RangeAgg(_) | Expr::VectorAgg(_) = e
        {
            error = with_hint(
                error,
                "a grouping goes right after the aggregation operator or its closing parenthesis, once",
            );
        } else if t.tok == Tok::Punct(")") {
            error = with_hint(error, "this \")\" has no matching \"(\"");
        } else if matches!(t.tok, Tok::Punct("=" | "=~" | "!~"))
            && let Some(p) = self.i.checked_sub(1).and_then(|j| self.toks.get(j))
            && matches!(p.tok, Tok::Ident | Tok::Var)
        {
            // `name=~"…"` outside braces: a matcher without its stream selector.
            error.span = p.span.start..t.span.end;
            error = with_hint(
                error,
                "label matchers go inside a stream selector: {name=~\"…\"}",
            );
        }
        error
    }

    // ---- log queries ---------------------------------------------------------------------

    fn log_query(&mut self) -> R<LogQuery> {
        let start = self.peek().span.start;
        let selector = self.selector()?;
        let mut pipeline = Vec::new();
        while self.at_stage() {
            match self.stage(false)? {
                Staged::Stage(s) => pipeline.push(s),
                Staged::Unwrap(u) => {
                    return Err(with_hint(
                        err(
                            "unwrap is only allowed inside a range aggregation",
                            u.loc.span(),
                        ),
                        "use it as e.g. sum_over_time({…} | unwrap bytes [5m])",
                    ));
                }
            }
        }
        Ok(LogQuery {
            selector,
            pipeline,
            loc: self.loc_from(start),
        })
    }

    fn selector(&mut self) -> R<Selector> {
        let open = self.expect_punct("{", "a stream selector {label=\"value\"}")?;
        let mut matchers = Vec::new();
        loop {
            let t = self.peek();
            if t.tok == Tok::Var && (self.is_punct_at(1, ",") || self.is_punct_at(1, "}")) {
                self.bump();
                matchers.push(SelectorItem::Var(Name {
                    text: self.text(t).to_string(),
                    var: true,
                    loc: Loc(t.span.clone()),
                }));
            } else if self.is_punct("}") && matchers.is_empty() {
                return Err(with_hint(
                    err(
                        "a stream selector needs at least one label matcher",
                        open.start..self.span().end,
                    ),
                    "select streams with e.g. {job=\"app\"}",
                ));
            } else {
                matchers.push(SelectorItem::Matcher(self.matcher(true)?));
            }
            if !self.eat_punct(",") {
                break;
            }
        }
        self.close(&open, "}")?;
        Ok(Selector {
            matchers,
            loc: self.loc_from(open.start),
        })
    }

    /// `name op "value"`; in a stream selector (`selector`) the hints speak of stream labels.
    fn matcher(&mut self, selector: bool) -> R<Matcher> {
        let name = self.label_name("a label name")?;
        let t = self.peek();
        let op = match t.tok {
            Tok::Punct("=") => MatchOp::Eq,
            Tok::Punct("!=") => MatchOp::Ne,
            Tok::Punct("=~") => MatchOp::Re,
            Tok::Punct("!~") => MatchOp::Nre,
            Tok::Punct("==") if selector => {
                return Err(with_hint(
                    self.expected("a matcher operator (=, !=, =~, !~)"),
                    "use a single = to match a label value exactly",
                ));
            }
            _ => return Err(self.expected("a matcher operator (=, !=, =~, !~)")),
        };
        self.bump();
        let value = match self.string("a quoted label value") {
            Ok(v) => v,
            Err(e) if matches!(self.peek().tok, Tok::Var | Tok::Ident | Tok::Number) => {
                let v = self.text(self.peek());
                return Err(with_hint(e, format!("quote the value: \"{v}\"")));
            }
            Err(e) => return Err(e),
        };
        Ok(Matcher {
            loc: Loc(name.loc.0.start..value.loc.0.end),
            name,
            op,
            value,
        })
    }

    fn label_name(&mut self, what: &str) -> R<Name> {
        let t = self.peek();
        match t.tok {
            Tok::Ident | Tok::Var => {
                self.bump();
                Ok(Name {
                    text: self.text(t).to_string(),
                    var: t.tok == Tok::Var,
                    loc: Loc(t.span.clone()),
                })
            }
            _ => Err(self.expected(what)),
        }
    }

    fn string(&mut self, what: &str) -> R<Str> {
        let t = self.peek();
        match &t.tok {
            Tok::Str { value, backtick } => {
                self.bump();
                Ok(Str {
                    value: value.clone(),
                    backtick: *backtick,
                    loc: Loc(t.span.clone()),
                })
            }
            _ => Err(self.expected(what)),
        }
    }

    // ---- log ranges ----------------------------------------------------------------------

    fn log_range(&mut self, fn_span: &Span) -> R<LogRange> {
        let start = self.peek().span.start;
        let mut b = RangeParts::default();
        self.range_body(&mut b)?;
        let Some(selector) = b.selector else {
            return Err(self.expected("a stream selector"));
        };
        let Some(range) = b.range else {
            let fname = self.src.get(fn_span.clone()).unwrap_or("");
            return Err(with_hint(
                self.expected("a range like [5m] after the log query"),
                format!("{fname} aggregates over a time range: {fname}({{…}}[5m])"),
            ));
        };
        Ok(LogRange {
            selector,
            pipeline: b.pipeline,
            unwrap: b.unwrap,
            range,
            offset: b.offset,
            loc: self.loc_from(start),
        })
    }

    fn range_body(&mut self, b: &mut RangeParts) -> R<()> {
        if self.is_punct("(") {
            let open = self.bump().span.clone();
            self.enter()?;
            let r = grow(|| self.range_body(b));
            self.leave();
            r?;
            self.close(&open, ")")?;
        } else if self.is_punct("{") {
            b.selector = Some(self.selector()?);
        } else {
            let t = self.peek();
            if t.tok == Tok::Ident {
                return Err(hints::metric_in_range(
                    self.text(t),
                    self.is_punct_at(1, "("),
                    t.span.clone(),
                ));
            }
            return Err(with_hint(
                self.expected("a stream selector {label=\"value\"}"),
                "a range aggregation takes a log query with a range: count_over_time({job=\"x\"}[5m])",
            ));
        }
        loop {
            if self.is_punct("[") && b.range.is_none() {
                b.range = Some(self.range()?);
                if self.is_kw("offset") {
                    self.bump();
                    b.offset = Some(self.duration("a duration after offset")?);
                }
                b.stages_before_range = !b.pipeline.is_empty() || b.unwrap.is_some();
            } else if self.at_stage() {
                if b.range.is_some() && b.stages_before_range {
                    return Err(with_hint(
                        self.expected("\")\" after the range"),
                        "pipeline stages go either all before or all after the range",
                    ));
                }
                match self.stage(true)? {
                    Staged::Stage(Stage::LabelFilter(f)) if b.unwrap.is_some() => {
                        if let Some(u) = b.unwrap.as_mut() {
                            u.post_filters.push(f);
                        }
                    }
                    Staged::Stage(s) => {
                        if let Some(u) = &b.unwrap {
                            return Err(with_hint(
                                err(
                                    "only label filters may follow unwrap",
                                    stage_span(&s).unwrap_or_else(|| u.loc.span()),
                                ),
                                "move this stage before the unwrap",
                            ));
                        }
                        b.pipeline.push(s);
                    }
                    Staged::Unwrap(u) => {
                        if b.unwrap.is_some() {
                            return Err(err("a log range has at most one unwrap", u.loc.span()));
                        }
                        b.unwrap = Some(u);
                    }
                }
            } else {
                return Ok(());
            }
        }
    }

    fn range(&mut self) -> R<Scalar> {
        let open = self.bump().span.clone();
        let d = self.duration("a duration like 5m")?;
        self.close(&open, "]")?;
        Ok(d)
    }

    /// A duration or a variable standing for one; `-` allowed before offsets.
    fn duration(&mut self, what: &str) -> R<Scalar> {
        let start = self.peek().span.start;
        let neg = self.is_punct("-") && self.peek_at(1).tok == Tok::Duration;
        if neg {
            self.bump();
        }
        let t = self.peek();
        let kind = match t.tok {
            Tok::Duration => ScalarKind::Duration,
            Tok::Var if !neg => ScalarKind::Var,
            Tok::Number => {
                return Err(with_hint(
                    self.expected(what),
                    "a duration needs a unit: s, m, h, d, w, y (e.g. 5m)",
                ));
            }
            _ => return Err(self.expected(what)),
        };
        self.bump();
        Ok(Scalar {
            kind,
            text: self.src.get(start..t.span.end).unwrap_or("").to_string(),
            loc: Loc(start..t.span.end),
        })
    }

    // ---- pipeline stages -----------------------------------------------------------------

    fn at_stage(&self) -> bool {
        matches!(
            self.peek().tok,
            Tok::Punct("|" | "|=" | "!=" | "|~" | "!~" | "|>" | "!>")
        )
    }

    fn stage(&mut self, allow_unwrap: bool) -> R<Staged> {
        let t = self.peek();
        let start = t.span.start;
        let line_op = match t.tok {
            Tok::Punct("|=") => Some(LineOp::Contains),
            Tok::Punct("!=") => Some(LineOp::NotContains),
            Tok::Punct("|~") => Some(LineOp::Match),
            Tok::Punct("!~") => Some(LineOp::NotMatch),
            Tok::Punct("|>") => Some(LineOp::Pattern),
            Tok::Punct("!>") => Some(LineOp::NotPattern),
            _ => None,
        };
        self.bump();
        if let Some(op) = line_op {
            return self.line_filter(op, start).map(Staged::Stage);
        }
        let t = self.peek();
        let kw = if t.tok == Tok::Ident {
            self.text(t).to_ascii_lowercase()
        } else {
            String::new()
        };
        let stage = match kw.as_str() {
            "json" | "logfmt" => {
                self.bump();
                self.parser_stage(kw == "json", start)?
            }
            "regexp" | "pattern" => {
                self.bump();
                let s = self.string(&format!("the {kw} expression as a string"))?;
                Stage::Parser(ParserStage {
                    kind: if kw == "regexp" {
                        ParserKind::Regexp(s)
                    } else {
                        ParserKind::Pattern(s)
                    },
                    flags: Vec::new(),
                    params: Vec::new(),
                    loc: self.loc_from(start),
                })
            }
            "unpack" => {
                self.bump();
                Stage::Parser(ParserStage {
                    kind: ParserKind::Unpack,
                    flags: Vec::new(),
                    params: Vec::new(),
                    loc: self.loc_from(start),
                })
            }
            "line_format" => {
                self.bump();
                Stage::LineFormat(self.string("the line_format template as a string")?)
            }
            "label_format" => {
                self.bump();
                Stage::LabelFormat(self.label_format()?)
            }
            "decolorize" => {
                self.bump();
                Stage::Decolorize(self.loc_from(start))
            }
            "drop" | "keep" => {
                self.bump();
                let items = self.label_items()?;
                if kw == "drop" {
                    Stage::Drop(items)
                } else {
                    Stage::Keep(items)
                }
            }
            "unwrap" => {
                let u = self.unwrap(start)?;
                if !allow_unwrap {
                    return Err(with_hint(
                        err(
                            "unwrap is only allowed inside a range aggregation",
                            u.loc.span(),
                        ),
                        "use it as e.g. sum_over_time({…} | unwrap bytes [5m])",
                    ));
                }
                return Ok(Staged::Unwrap(u));
            }
            _ => {
                // A name (or a parenthesis) after `|` starts a label filter; errors inside it
                // then point at the operator or value that is wrong.
                let name_like = match t.tok {
                    Tok::Var => true,
                    Tok::Ident => !CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(&kw)),
                    Tok::Punct("(") => true,
                    _ => false,
                };
                if !name_like {
                    return Err(with_hint(
                        self.expected("a parser, a formatting stage or a label filter after \"|\""),
                        "after | come json, logfmt, regexp, pattern, unpack, line_format, label_format, drop, keep, decolorize, unwrap or a label filter like level=\"error\"",
                    ));
                }
                Stage::LabelFilter(self.label_filter()?)
            }
        };
        Ok(Staged::Stage(stage))
    }

    fn line_filter(&mut self, op: LineOp, start: usize) -> R<Stage> {
        let mut terms = vec![self.filter_term()?];
        while self.is_kw("or")
            && (matches!(self.peek_at(1).tok, Tok::Str { .. })
                || (self.is_kw_at(1, "ip") && self.is_punct_at(2, "(")))
        {
            self.bump();
            terms.push(self.filter_term()?);
        }
        Ok(Stage::LineFilter(LineFilter {
            op,
            terms,
            loc: self.loc_from(start),
        }))
    }

    fn filter_term(&mut self) -> R<FilterTerm> {
        if self.is_kw("ip") && self.is_punct_at(1, "(") {
            return self.ip_call().map(FilterTerm::Ip);
        }
        match self.string("a string to filter lines with") {
            Ok(s) => Ok(FilterTerm::Str(s)),
            Err(e) if self.peek().tok == Tok::Var => Err(with_hint(
                e,
                "a line filter takes a quoted string; put the variable inside it: \"$var\"",
            )),
            Err(e) => Err(e),
        }
    }

    fn ip_call(&mut self) -> R<Str> {
        self.bump();
        let open = self.bump().span.clone();
        let s = self.string("an IP address or CIDR range as a string")?;
        self.close(&open, ")")?;
        Ok(s)
    }

    fn parser_stage(&mut self, json: bool, start: usize) -> R<Stage> {
        let mut flags = Vec::new();
        while self.peek().tok == Tok::Flag {
            let t = self.bump();
            if json {
                return Err(err("json takes no flags", t.span.clone()));
            }
            flags.push(self.text(t).to_string());
        }
        let mut params = Vec::new();
        if self.param_start() {
            loop {
                let label = self.label_name("a label name")?;
                let path = if self.eat_punct("=") {
                    Some(self.string("the extraction expression as a string")?)
                } else {
                    None
                };
                params.push(Extraction { label, path });
                if !(self.is_punct(",") && self.param_start_at(1)) {
                    break;
                }
                self.bump();
            }
        }
        Ok(Stage::Parser(ParserStage {
            kind: if json {
                ParserKind::Json
            } else {
                ParserKind::Logfmt
            },
            flags,
            params,
            loc: self.loc_from(start),
        }))
    }

    fn param_start(&self) -> bool {
        self.param_start_at(0)
    }

    fn param_start_at(&self, n: usize) -> bool {
        let t = self.peek_at(n);
        match t.tok {
            // Grafana's built-ins ($__auto, $__interval, …) are never label names.
            Tok::Var => !self
                .text(t)
                .trim_start_matches(['$', '{', '['])
                .starts_with("__"),
            Tok::Ident => {
                let s = self.text(t);
                !CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(s))
            }
            _ => false,
        }
    }

    fn label_format(&mut self) -> R<Vec<LabelFormatItem>> {
        let mut items = Vec::new();
        loop {
            let dst = self.label_name("a label name to format")?;
            self.expect_punct("=", "\"=\" after the label name")?;
            let t = self.peek();
            let src = match t.tok {
                Tok::Str { .. } => LabelSource::Template(self.string("a template")?),
                Tok::Ident | Tok::Var => LabelSource::Label(self.label_name("a label")?),
                _ => {
                    return Err(self.expected("a label to rename from or a template string"));
                }
            };
            items.push(LabelFormatItem {
                loc: self.loc_from(dst.loc.0.start),
                dst,
                src,
            });
            if !self.eat_punct(",") {
                return Ok(items);
            }
        }
    }

    fn label_items(&mut self) -> R<Vec<LabelItem>> {
        let mut items = Vec::new();
        loop {
            let t = self.peek_at(1);
            let is_matcher = matches!(t.tok, Tok::Punct("=" | "!=" | "=~" | "!~" | "=="));
            if is_matcher {
                items.push(LabelItem::Matcher(self.matcher(false)?));
            } else {
                items.push(LabelItem::Name(self.label_name("a label name")?));
            }
            if !self.eat_punct(",") {
                return Ok(items);
            }
        }
    }

    fn unwrap(&mut self, start: usize) -> R<Unwrap> {
        self.bump();
        let conversion = if self.is_punct_at(1, "(") {
            let t = self.peek();
            let c = match self.text(t).to_ascii_lowercase().as_str() {
                "bytes" => Conversion::Bytes,
                "duration" => Conversion::Duration,
                "duration_seconds" => Conversion::DurationSeconds,
                _ => {
                    return Err(with_hint(
                        self.expected("a label name or a conversion"),
                        "unwrap converts with bytes(…), duration(…) or duration_seconds(…)",
                    ));
                }
            };
            self.bump();
            Some(c)
        } else {
            None
        };
        let open = if conversion.is_some() {
            Some(self.bump().span.clone())
        } else {
            None
        };
        let label = self.label_name("the label to unwrap")?;
        if let Some(open) = open {
            self.close(&open, ")")?;
        }
        Ok(Unwrap {
            label,
            conversion,
            post_filters: Vec::new(),
            loc: self.loc_from(start),
        })
    }

    // ---- label filters -------------------------------------------------------------------

    /// True when a label filter starts at token `n`: `(`, or a name followed by an operator.
    fn label_filter_start(&self, n: usize) -> bool {
        if self.is_punct_at(n, "(") {
            return true;
        }
        let t = self.peek_at(n);
        let name_like = match t.tok {
            Tok::Var => true,
            Tok::Ident => {
                let s = self.text(t);
                !CONNECTORS.iter().any(|c| c.eq_ignore_ascii_case(s))
            }
            _ => false,
        };
        name_like && matches!(self.peek_at(n + 1).tok, Tok::Punct(p) if is_cmp_punct(p))
    }

    fn label_filter(&mut self) -> R<LabelFilter> {
        self.enter()?;
        let depth = self.depth;
        let r = grow(|| self.lf_or());
        self.depth = depth;
        self.leave();
        r
    }

    fn lf_or(&mut self) -> R<LabelFilter> {
        let start = self.peek().span.start;
        let mut lhs = self.lf_and()?;
        while self.is_kw("or") && self.label_filter_start(1) {
            self.enter()?;
            self.bump();
            let rhs = self.lf_and()?;
            lhs = LabelFilter::Join {
                join: FilterJoin::Or,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                loc: self.loc_from(start),
            };
        }
        Ok(lhs)
    }

    fn lf_and(&mut self) -> R<LabelFilter> {
        let start = self.peek().span.start;
        let mut lhs = self.lf_primary()?;
        loop {
            let join = if self.is_kw("and") && self.label_filter_start(1) {
                FilterJoin::And
            } else if self.is_punct(",") && self.label_filter_start(1) {
                FilterJoin::Comma
            } else {
                return Ok(lhs);
            };
            self.enter()?;
            self.bump();
            let rhs = self.lf_primary()?;
            lhs = LabelFilter::Join {
                join,
                lhs: Box::new(lhs),
                rhs: Box::new(rhs),
                loc: self.loc_from(start),
            };
        }
    }

    fn lf_primary(&mut self) -> R<LabelFilter> {
        if self.is_punct("(") {
            let open = self.bump().span.clone();
            let inner = self.label_filter()?;
            self.close(&open, ")")?;
            return Ok(LabelFilter::Paren(
                Box::new(inner),
                self.loc_from(open.start),
            ));
        }
        let name = self.label_name("a label name")?;
        let start = name.loc.0.start;
        let t = self.peek();
        let op = match t.tok {
            Tok::Punct("=") => CmpOp::Eq,
            Tok::Punct("!=") => CmpOp::Ne,
            Tok::Punct("==") => CmpOp::EqEq,
            Tok::Punct(">") => CmpOp::Gt,
            Tok::Punct(">=") => CmpOp::Ge,
            Tok::Punct("<") => CmpOp::Lt,
            Tok::Punct("<=") => CmpOp::Le,
            Tok::Punct(p @ ("=~" | "!~")) => {
                self.bump();
                let value = self.string("a quoted regular expression")?;
                return Ok(LabelFilter::Matcher(Matcher {
                    loc: self.loc_from(start),
                    name,
                    op: if p == "=~" { MatchOp::Re } else { MatchOp::Nre },
                    value,
                }));
            }
            _ => {
                return Err(
                    self.expected("a comparison operator (=, !=, =~, !~, ==, >, >=, <, <=)")
                );
            }
        };
        self.bump();
        let v = self.peek();
        if matches!(op, CmpOp::Eq | CmpOp::Ne) {
            if let Tok::Str { .. } = v.tok {
                let value = self.string("a string")?;
                return Ok(LabelFilter::Matcher(Matcher {
                    loc: self.loc_from(start),
                    name,
                    op: if op == CmpOp::Eq {
                        MatchOp::Eq
                    } else {
                        MatchOp::Ne
                    },
                    value,
                }));
            }
            if self.is_kw("ip") && self.is_punct_at(1, "(") {
                let cidr = self.ip_call()?;
                return Ok(LabelFilter::Ip {
                    name,
                    negated: op == CmpOp::Ne,
                    cidr,
                    loc: self.loc_from(start),
                });
            }
            if op == CmpOp::Eq && v.tok == Tok::Var {
                return Err(with_hint(
                    self.expected("a quoted string, a number, a duration or a bytes value"),
                    format!("quote the variable: \"{}\"", self.text(v)),
                ));
            }
        } else if let Tok::Str { .. } = v.tok {
            return Err(with_hint(
                self.expected("a number, a duration or a bytes value"),
                "strings are compared with =, !=, =~ or !~",
            ));
        }
        let value = self.filter_value()?;
        Ok(LabelFilter::Compare {
            name,
            op,
            value,
            loc: self.loc_from(start),
        })
    }

    /// A number (signed), duration (signed), bytes value, or a variable.
    fn filter_value(&mut self) -> R<Scalar> {
        let start = self.peek().span.start;
        let sign = self.is_punct("-") || self.is_punct("+");
        if sign && matches!(self.peek_at(1).tok, Tok::Number | Tok::Duration) {
            self.bump();
        }
        let what = "a number, a duration or a bytes value";
        let t = self.peek();
        let kind = match t.tok {
            Tok::Number => ScalarKind::Number,
            Tok::Duration => ScalarKind::Duration,
            Tok::Bytes if !sign => ScalarKind::Bytes,
            Tok::Var if !sign => ScalarKind::Var,
            _ => return Err(self.expected(what)),
        };
        self.bump();
        Ok(Scalar {
            kind,
            text: self.src.get(start..t.span.end).unwrap_or("").to_string(),
            loc: Loc(start..t.span.end),
        })
    }
}

/// Runs `f` with enough stack for one more level of nesting (the depth cap bounds the total).
fn grow<T>(f: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(64 * 1024, 1024 * 1024, f)
}

/// What a pipeline stage parse produced.
enum Staged {
    Stage(Stage),
    Unwrap(Unwrap),
}

#[derive(Default)]
struct RangeParts {
    selector: Option<Selector>,
    pipeline: Vec<Stage>,
    unwrap: Option<Unwrap>,
    range: Option<Scalar>,
    offset: Option<Scalar>,
    stages_before_range: bool,
}

fn stage_span(s: &Stage) -> Option<Span> {
    Some(match s {
        Stage::LineFilter(f) => f.loc.span(),
        Stage::Parser(p) => p.loc.span(),
        Stage::LabelFilter(f) => f.loc().span(),
        Stage::LineFormat(s) => s.loc.span(),
        Stage::Decolorize(l) => l.span(),
        Stage::LabelFormat(items) => items.first()?.loc.span(),
        Stage::Drop(items) | Stage::Keep(items) => match items.first()? {
            LabelItem::Name(n) => n.loc.span(),
            LabelItem::Matcher(m) => m.loc.span(),
        },
    })
}
