//! Recursive-descent / Pratt parser for PromQL over the tokens of [`super::lexer`].
//! Stops at the first syntax error; version errors are collected and parsing goes on.
//! Nesting is capped at `ParseOptions::max_depth` (both recursion and tree depth), so
//! no input can overflow the stack.

use super::ast::*;
use super::functions;
use super::lexer::{self, LexError, Tok, Token, VarShape};
use crate::query::{ParseOptions, QueryError, Span, VarUse, Version, vars};

type PResult<T> = Result<T, QueryError>;

/// The result of parsing: the tree (if the syntax was valid), syntax/version errors, and
/// every Grafana variable met.
pub(crate) struct Parsed {
    pub expr: Option<Expr>,
    pub errors: Vec<QueryError>,
    pub variables: Vec<VarUse>,
}

pub(crate) fn parse(src: &str, opts: &ParseOptions) -> Parsed {
    let toks = lexer::lex(src);
    let mut p = Parser {
        src,
        toks,
        pos: 0,
        opts,
        rec: 0,
        last_depth: 0,
        errors: Vec::new(),
        variables: Vec::new(),
    };
    let result = p.top();
    let mut errors = p.errors;
    let expr = match result {
        Ok(e) => Some(e),
        Err(e) => {
            errors.push(e);
            None
        }
    };
    errors.sort_by_key(|e| e.span.start);
    p.variables.sort_by_key(|v| v.span.start);
    Parsed {
        expr,
        errors,
        variables: p.variables,
    }
}

struct Parser<'s, 'o> {
    src: &'s str,
    toks: Vec<Token>,
    pos: usize,
    opts: &'o ParseOptions,
    /// Current recursion depth.
    rec: usize,
    /// Tree depth of the node most recently built.
    last_depth: usize,
    /// Non-fatal errors (version gates).
    errors: Vec<QueryError>,
    variables: Vec<VarUse>,
}

pub(crate) fn err(message: impl Into<String>, span: Span) -> QueryError {
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

const LOGQL_HINT: &str = "this looks like LogQL (Loki); PromQL has no line filters or pipelines: check the query language / datasource";

/// Precedence of unary minus: binds like `*`, so `-a ^ b` is `-(a ^ b)`.
const UNARY_OPERAND_PREC: u8 = 6;

impl<'s> Parser<'s, '_> {
    // ---- token helpers -------------------------------------------------------------------

    fn peek(&self) -> Token {
        self.toks
            .get(self.pos)
            .or_else(|| self.toks.last())
            .copied()
            .unwrap_or(Token {
                kind: Tok::Eof,
                start: 0,
                end: 0,
                vars: VarShape::None,
            })
    }

    fn peek_at(&self, n: usize) -> Token {
        self.toks
            .get(self.pos + n)
            .or_else(|| self.toks.last())
            .copied()
            .unwrap_or(self.peek())
    }

    fn bump(&mut self) -> Token {
        let t = self.peek();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }

    fn text(&self, t: Token) -> &'s str {
        self.src.get(t.start as usize..t.end as usize).unwrap_or("")
    }

    fn is_kw(&self, t: Token, kw: &str) -> bool {
        t.kind == Tok::Ident && t.vars == VarShape::None && self.text(t).eq_ignore_ascii_case(kw)
    }

    fn prev_end(&self) -> usize {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.toks.get(i))
            .map_or(0, |t| t.end as usize)
    }

    /// Describes a token for messages: `identifier "foo"`, `")"`, `end of input`.
    fn describe(&self, t: Token) -> String {
        let text = self.text(t);
        let short: String = text.chars().take(24).collect();
        match t.kind {
            Tok::Eof => "end of input".into(),
            Tok::Ident => format!("identifier \"{short}\""),
            Tok::Number => format!("number \"{short}\""),
            Tok::Duration => format!("duration \"{short}\""),
            Tok::Str => format!("string {short}"),
            _ => format!("\"{short}\""),
        }
    }

    fn unexpected(&self, t: Token, context: &str, expected: &str) -> QueryError {
        if let Tok::Error(e) = t.kind {
            return self.lex_error(t, e, context);
        }
        let found = self.describe(t);
        let ctx = if context.is_empty() {
            String::new()
        } else {
            format!(" in {context}")
        };
        let e = err(
            format!("unexpected {found}{ctx}, expected {expected}"),
            t.span(),
        );
        if t.kind == Tok::Pipe {
            return with_hint(e, LOGQL_HINT);
        }
        e
    }

    fn lex_error(&self, t: Token, e: LexError, context: &str) -> QueryError {
        let text = self.text(t);
        match e {
            LexError::UnterminatedString => err("unterminated quoted string", t.span()),
            LexError::BadEscape => err(
                format!("unknown escape sequence in string {text}"),
                t.span(),
            ),
            LexError::BadNumber => err(
                format!("bad number or duration syntax: \"{text}\""),
                t.span(),
            ),
            LexError::LoneBang => err("unexpected character after '!'", t.span()),
            LexError::UnexpectedChar => {
                let c = text.chars().next().unwrap_or('?');
                if context == "label matching" {
                    err(
                        format!("unexpected character inside braces: '{c}'"),
                        t.span(),
                    )
                } else {
                    err(format!("unexpected character: '{c}'"), t.span())
                }
            }
        }
    }

    fn expect(&mut self, kind: Tok, context: &str, expected: &str) -> PResult<Token> {
        let t = self.peek();
        if t.kind == kind {
            return Ok(self.bump());
        }
        Err(self.unexpected(t, context, expected))
    }

    fn expect_close(&mut self, open: Token, context: &str) -> PResult<Token> {
        let t = self.peek();
        if t.kind == Tok::RParen {
            return Ok(self.bump());
        }
        let e = self.unexpected(t, context, "\")\"");
        if matches!(t.kind, Tok::Error(_)) {
            return Err(e);
        }
        let e = err(
            format!(
                "{}; the \"(\" at offset {} is not closed",
                e.message, open.start
            ),
            e.span,
        );
        Err(with_hint(e, "add the missing \")\"".to_string()))
    }

    fn need(&mut self, since: Version, what: &str, span: Span) {
        let target = self.opts.prometheus;
        if target < since {
            self.errors.push(err(
                format!("{what} needs Prometheus {since} or newer (target is {target})"),
                span,
            ));
        }
    }

    fn enter(&mut self, at: Span) -> PResult<()> {
        self.rec += 1;
        if self.rec > self.opts.max_depth {
            return Err(err(
                format!(
                    "expression nested too deeply (more than {} levels)",
                    self.opts.max_depth
                ),
                at,
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.rec = self.rec.saturating_sub(1);
    }

    /// Records the tree depth of a node just built from children of depth `children`.
    fn built(&mut self, children: usize, span: &Span) -> PResult<()> {
        self.last_depth = children + 1;
        if self.last_depth > self.opts.max_depth {
            return Err(err(
                format!(
                    "expression nested too deeply (more than {} levels)",
                    self.opts.max_depth
                ),
                span.clone(),
            ));
        }
        Ok(())
    }

    fn record_vars(&mut self, t: Token, inside_string: bool) {
        let text = self.text(t);
        if !text.contains('$') && !text.contains("[[") {
            return;
        }
        let base = t.start as usize;
        for mut v in vars::scan(text) {
            // `$1` in a regex replacement is no Grafana variable.
            if inside_string && v.name.bytes().all(|b| b.is_ascii_digit()) {
                continue;
            }
            v.span = v.span.start + base..v.span.end + base;
            self.variables.push(v);
        }
    }

    fn whole_var(&mut self, t: Token) -> Option<VarUse> {
        if t.vars != VarShape::Whole {
            return None;
        }
        let mut v = vars::lex_at(self.src, t.start as usize)?;
        v.span = t.span();
        Some(v)
    }

    // ---- expressions ---------------------------------------------------------------------

    fn top(&mut self) -> PResult<Expr> {
        let t = self.peek();
        if t.kind == Tok::Eof {
            return Err(err("no expression found in input", t.span()));
        }
        let e = self.expr(0)?;
        let t = self.peek();
        if t.kind != Tok::Eof {
            return Err(self.trailing(t, &e));
        }
        Ok(e)
    }

    /// An error for a token that cannot continue the expression `lhs`.
    fn trailing(&self, t: Token, lhs: &Expr) -> QueryError {
        if self.is_kw(t, "by") || self.is_kw(t, "without") {
            let kw = self.text(t).to_ascii_lowercase();
            let e = err(
                format!(
                    "unexpected <{kw}>: a grouping clause belongs to an aggregation (sum, avg, max, …)"
                ),
                t.span(),
            );
            let hint = match &lhs.kind {
                ExprKind::Call(c) => format!(
                    "\"{kw} (…)\" cannot follow {}(…); aggregate the result instead, e.g. sum {kw} (…) ({}(…))",
                    c.func.text, c.func.text
                ),
                _ => format!("write the aggregation first, e.g. sum {kw} (…) (expr)"),
            };
            return with_hint(e, hint);
        }
        if t.kind == Tok::Assign {
            return with_hint(
                err("unexpected \"=\" between expressions", t.span()),
                "comparison is \"==\"; \"=\" only appears inside {…} label matchers",
            );
        }
        if t.kind == Tok::RParen {
            return with_hint(
                err("unexpected \")\": no \"(\" to close", t.span()),
                "remove it or add the matching \"(\"",
            );
        }
        self.unexpected(t, "", "an operator or end of input")
    }

    fn binop(&self, t: Token) -> Option<BinOp> {
        Some(match t.kind {
            Tok::Add => BinOp::Add,
            Tok::Sub => BinOp::Sub,
            Tok::Mul => BinOp::Mul,
            Tok::Div => BinOp::Div,
            Tok::Mod => BinOp::Mod,
            Tok::Pow => BinOp::Pow,
            Tok::EqlC => BinOp::Eql,
            Tok::Neq => BinOp::Neq,
            Tok::Lss => BinOp::Lss,
            Tok::Lte => BinOp::Lte,
            Tok::Gtr => BinOp::Gtr,
            Tok::Gte => BinOp::Gte,
            Tok::TrimUpper => BinOp::TrimUpper,
            Tok::TrimLower => BinOp::TrimLower,
            Tok::Ident if t.vars == VarShape::None => {
                let s = self.text(t);
                if s.eq_ignore_ascii_case("and") {
                    BinOp::And
                } else if s.eq_ignore_ascii_case("or") {
                    BinOp::Or
                } else if s.eq_ignore_ascii_case("unless") {
                    BinOp::Unless
                } else if s.eq_ignore_ascii_case("atan2") {
                    BinOp::Atan2
                } else {
                    return None;
                }
            }
            _ => return None,
        })
    }

    fn expr(&mut self, min_prec: u8) -> PResult<Expr> {
        let here = self.peek().span();
        self.enter(here)?;
        let r = self.expr_inner(min_prec);
        self.leave();
        r
    }

    fn expr_inner(&mut self, min_prec: u8) -> PResult<Expr> {
        let mut lhs = self.unary()?;
        let mut lhs_depth = self.last_depth;
        loop {
            let t = self.peek();
            let Some(op) = self.binop(t) else { break };
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.bump();
            if matches!(op, BinOp::TrimUpper | BinOp::TrimLower) {
                self.need(
                    Version::new(3, 11, 0),
                    "the histogram trim operator",
                    t.span(),
                );
            }
            let (return_bool, matching, fill) = self.bin_modifiers()?;
            let next_min = if op == BinOp::Pow { prec } else { prec + 1 };
            let rhs = self.expr(next_min)?;
            let depth = lhs_depth.max(self.last_depth);
            let span = lhs.span.start..rhs.span.end;
            self.built(depth, &span)?;
            lhs_depth = self.last_depth;
            lhs = Expr {
                kind: ExprKind::Binary(Box::new(Binary {
                    op,
                    op_span: t.span(),
                    lhs,
                    rhs,
                    return_bool,
                    matching,
                    fill,
                })),
                span,
            };
        }
        self.last_depth = lhs_depth;
        Ok(lhs)
    }

    fn bin_modifiers(&mut self) -> PResult<(bool, Option<VectorMatching>, Option<Fill>)> {
        let mut return_bool = false;
        if self.is_kw(self.peek(), "bool") {
            self.bump();
            return_bool = true;
        }
        let mut matching = None;
        let t = self.peek();
        let on = self.is_kw(t, "on");
        if on || self.is_kw(t, "ignoring") {
            self.bump();
            let labels = self.grouping_labels("vector matching")?;
            let mut card = Card::OneToOne;
            let mut include = Vec::new();
            let g = self.peek();
            let left = self.is_kw(g, "group_left");
            if left || self.is_kw(g, "group_right") {
                self.bump();
                card = if left {
                    Card::ManyToOne
                } else {
                    Card::OneToMany
                };
                if self.peek().kind == Tok::LParen {
                    include = self.grouping_labels("grouping")?;
                }
            }
            matching = Some(VectorMatching {
                on,
                labels,
                card,
                include,
                span: t.start as usize..self.prev_end(),
            });
        } else if self.is_kw(t, "group_left") || self.is_kw(t, "group_right") {
            return Err(with_hint(
                self.unexpected(t, "binary expression", "expression"),
                "group_left/group_right need on(…) or ignoring(…) before them",
            ));
        }
        let fill = self.fill_modifiers()?;
        Ok((return_bool, matching, fill))
    }

    fn fill_modifiers(&mut self) -> PResult<Option<Fill>> {
        let mut fill: Option<Fill> = None;
        let mut seen_left = false;
        let mut seen_right = false;
        loop {
            let t = self.peek();
            let which = ["fill", "fill_left", "fill_right"]
                .iter()
                .position(|k| self.is_kw(t, k));
            let Some(which) = which else { break };
            if self.peek_at(1).kind != Tok::LParen {
                break;
            }
            if (which == 0 && (seen_left || seen_right))
                || (which == 1 && seen_left)
                || (which == 2 && seen_right)
            {
                return Err(self.unexpected(t, "binary expression", "expression"));
            }
            self.bump();
            self.need(Version::new(3, 10, 0), "the fill() modifier", t.span());
            let v = self.fill_value()?;
            let f = fill.get_or_insert_with(Fill::default);
            if which != 2 {
                f.left = Some(v);
                seen_left = true;
            }
            if which != 1 {
                f.right = Some(v);
                seen_right = true;
            }
        }
        Ok(fill)
    }

    fn fill_value(&mut self) -> PResult<f64> {
        let open = self.expect(Tok::LParen, "fill modifier", "\"(\"")?;
        let mut sign = 1.0;
        if matches!(self.peek().kind, Tok::Sub | Tok::Add) && self.bump().kind == Tok::Sub {
            sign = -1.0;
        }
        let t = self.peek();
        let v = match self.number_token(t) {
            Some(n) => {
                self.bump();
                n.value * sign
            }
            None => return Err(self.unexpected(t, "fill modifier", "number")),
        };
        self.expect_close(open, "fill modifier")?;
        Ok(v)
    }

    /// The value of a number or duration token (or `Inf`/`NaN`).
    fn number_token(&self, t: Token) -> Option<NumberLit> {
        match t.kind {
            Tok::Number => lexer::number_value(self.text(t)).map(|value| NumberLit {
                value,
                duration: false,
            }),
            Tok::Duration => lexer::duration_ms(self.text(t)).map(|ms| NumberLit {
                value: ms as f64 / 1000.0,
                duration: true,
            }),
            Tok::Ident if self.is_kw(t, "inf") || self.is_kw(t, "nan") => {
                lexer::number_value(self.text(t)).map(|value| NumberLit {
                    value,
                    duration: false,
                })
            }
            _ => None,
        }
    }

    fn unary(&mut self) -> PResult<Expr> {
        let t = self.peek();
        if !matches!(t.kind, Tok::Sub | Tok::Add) {
            return self.postfix();
        }
        self.bump();
        let operand = self.expr(UNARY_OPERAND_PREC)?;
        let neg = t.kind == Tok::Sub;
        let span = t.start as usize..operand.span.end;
        if let ExprKind::Number(n) = operand.kind {
            let value = if neg { -n.value } else { n.value };
            return Ok(Expr {
                kind: ExprKind::Number(NumberLit { value, ..n }),
                span,
            });
        }
        let d = self.last_depth;
        self.built(d, &span)?;
        Ok(Expr {
            kind: ExprKind::Unary(Box::new(Unary { neg, expr: operand })),
            span,
        })
    }

    /// A primary expression followed by ranges, subqueries and modifiers.
    fn postfix(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            let t = self.peek();
            if t.kind == Tok::LBracket {
                e = self.range_or_subquery(e)?;
            } else if self.is_kw(t, "offset") {
                self.bump();
                let d = self.offset_duration()?;
                e = self.set_offset(e, d, t)?;
            } else if t.kind == Tok::At {
                self.bump();
                let at = self.at_value()?;
                e = self.set_at(e, at, t)?;
            } else if self.is_kw(t, "anchored") || self.is_kw(t, "smoothed") {
                self.bump();
                self.need(
                    Version::new(3, 7, 0),
                    "the anchored/smoothed modifier",
                    t.span(),
                );
                let anchored = self.is_kw(t, "anchored");
                let span = e.span.start..t.end as usize;
                let kw = if anchored { "anchored" } else { "smoothed" };
                match &mut e.kind {
                    ExprKind::Selector(s) => {
                        if anchored {
                            s.modifiers.anchored = true;
                        } else {
                            s.modifiers.smoothed = true;
                        }
                        if s.modifiers.anchored && s.modifiers.smoothed {
                            return Err(err(
                                "anchored and smoothed modifiers cannot be used together",
                                t.span(),
                            ));
                        }
                    }
                    ExprKind::Subquery(_) => {
                        return Err(err(
                            format!("{kw} modifier is not supported for subqueries"),
                            t.span(),
                        ));
                    }
                    _ => {
                        return Err(err(
                            format!("{kw} modifier must be preceded by a vector selector"),
                            t.span(),
                        ));
                    }
                }
                e.span = span;
            } else {
                break;
            }
        }
        Ok(e)
    }

    fn modifiers_of(e: &mut Expr) -> Option<&mut Modifiers> {
        match &mut e.kind {
            ExprKind::Selector(s) => Some(&mut s.modifiers),
            ExprKind::Subquery(s) => Some(&mut s.modifiers),
            _ => None,
        }
    }

    fn set_offset(&mut self, mut e: Expr, d: Duration, kw: Token) -> PResult<Expr> {
        let end = d.span.end;
        let Some(m) = Self::modifiers_of(&mut e) else {
            return Err(err(
                "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                kw.start as usize..end,
            ));
        };
        if m.offset.is_some() {
            return Err(err(
                "offset may not be set multiple times",
                kw.start as usize..end,
            ));
        }
        m.offset = Some(d);
        e.span.end = end;
        Ok(e)
    }

    fn set_at(&mut self, mut e: Expr, at: At, tok: Token) -> PResult<Expr> {
        let end = self.prev_end();
        let Some(m) = Self::modifiers_of(&mut e) else {
            return Err(err(
                "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery",
                tok.start as usize..end,
            ));
        };
        if m.at.is_some() {
            return Err(err(
                "@ <timestamp> may not be set multiple times",
                tok.start as usize..end,
            ));
        }
        m.at = Some(at);
        e.span.end = end;
        Ok(e)
    }

    fn at_value(&mut self) -> PResult<At> {
        let t = self.peek();
        if let Some(v) = self.whole_var(t) {
            self.bump();
            self.variables.push(v.clone());
            return Ok(At::Variable(v));
        }
        if (self.is_kw(t, "start") || self.is_kw(t, "end")) && self.peek_at(1).kind == Tok::LParen {
            self.bump();
            self.bump();
            let close = self.expect(Tok::RParen, "@ modifier", "\")\"")?;
            let span = t.start as usize..close.end as usize;
            return Ok(if self.is_kw(t, "start") {
                At::Start(span)
            } else {
                At::End(span)
            });
        }
        let mut sign = 1.0;
        let mut start = t.start as usize;
        if matches!(t.kind, Tok::Sub | Tok::Add) {
            self.bump();
            if t.kind == Tok::Sub {
                sign = -1.0;
            }
            start = t.start as usize;
        }
        let n = self.peek();
        match self.number_token(n) {
            Some(lit) if lit.value.is_finite() => {
                self.bump();
                Ok(At::Timestamp(
                    NumberLit {
                        value: lit.value * sign,
                        ..lit
                    },
                    start..n.end as usize,
                ))
            }
            Some(_) => Err(err(
                "timestamp out of bounds for @ modifier",
                start..n.end as usize,
            )),
            None => Err(self.unexpected(n, "@", "timestamp")),
        }
    }

    fn range_or_subquery(&mut self, e: Expr) -> PResult<Expr> {
        let open = self.bump();
        let range = self.duration_expr("subquery or range")?;
        let t = self.peek();
        match t.kind {
            Tok::RBracket => {
                self.bump();
                self.matrix(e, range, open)
            }
            Tok::Colon => {
                self.bump();
                let step = if self.peek().kind == Tok::RBracket {
                    None
                } else {
                    Some(self.duration_expr("subquery selector")?)
                };
                let close = self.peek();
                if close.kind != Tok::RBracket {
                    return Err(self.unexpected(close, "subquery selector", "\"]\""));
                }
                self.bump();
                let span = e.span.start..close.end as usize;
                // `last_depth` still holds the depth of `e` (durations do not change it).
                let d = self.last_depth;
                self.built(d, &span)?;
                Ok(Expr {
                    kind: ExprKind::Subquery(Box::new(Subquery {
                        expr: e,
                        range,
                        step,
                        modifiers: Modifiers::default(),
                    })),
                    span,
                })
            }
            _ => Err(self.unexpected(t, "subquery or range", "\":\" or \"]\"")),
        }
    }

    fn matrix(&mut self, mut e: Expr, range: Duration, open: Token) -> PResult<Expr> {
        let end = self.prev_end();
        let span_err = open.start as usize..end;
        let ExprKind::Selector(s) = &mut e.kind else {
            let e = err("ranges only allowed for vector selectors", span_err);
            return Err(with_hint(
                e,
                "to take a range of an expression, make it a subquery: (expr)[5m:1m]",
            ));
        };
        if s.range.is_some() {
            return Err(err("ranges only allowed for vector selectors", span_err));
        }
        if s.modifiers.offset.is_some() {
            return Err(err("no offset modifiers allowed before range", span_err));
        }
        if s.modifiers.at.is_some() {
            return Err(err("no @ modifiers allowed before range", span_err));
        }
        s.range = Some(range);
        e.span.end = end;
        Ok(e)
    }

    // ---- durations -----------------------------------------------------------------------

    /// A duration expression inside `[…]`: literals, variables and (3.4+) arithmetic.
    fn duration_expr(&mut self, context: &'static str) -> PResult<Duration> {
        let d = self.dur_binary(0, context)?;
        if !d.is_simple() {
            self.need(Version::new(3, 4, 0), "duration arithmetic", d.span.clone());
        }
        if constant_seconds(&d).is_some_and(|v| v <= 0.0) {
            return Err(err("duration must be greater than 0", d.span));
        }
        Ok(d)
    }

    fn dur_binop(&self, t: Token) -> Option<BinOp> {
        Some(match t.kind {
            Tok::Add => BinOp::Add,
            Tok::Sub => BinOp::Sub,
            Tok::Mul => BinOp::Mul,
            Tok::Div => BinOp::Div,
            Tok::Mod => BinOp::Mod,
            Tok::Pow => BinOp::Pow,
            _ => return None,
        })
    }

    fn dur_binary(&mut self, min_prec: u8, context: &'static str) -> PResult<Duration> {
        let here = self.peek().span();
        self.enter(here)?;
        let r = self.dur_binary_inner(min_prec, context);
        self.leave();
        r
    }

    fn dur_binary_inner(&mut self, min_prec: u8, context: &'static str) -> PResult<Duration> {
        let mut lhs = self.dur_unary(context)?;
        let mut chain = 0usize;
        loop {
            let t = self.peek();
            let Some(op) = self.dur_binop(t) else { break };
            let prec = op.precedence();
            if prec < min_prec {
                break;
            }
            self.bump();
            chain += 1;
            if chain + self.rec > self.opts.max_depth {
                return Err(err("duration expression nested too deeply", t.span()));
            }
            let next = if op == BinOp::Pow { prec } else { prec + 1 };
            let rhs = self.dur_binary(next, context)?;
            let span = lhs.span.start..rhs.span.end;
            lhs = Duration {
                kind: DurationKind::Binary {
                    op,
                    lhs: Box::new(lhs),
                    rhs: Box::new(rhs),
                },
                span,
            };
        }
        Ok(lhs)
    }

    fn dur_unary(&mut self, context: &'static str) -> PResult<Duration> {
        let t = self.peek();
        if matches!(t.kind, Tok::Sub | Tok::Add) {
            self.bump();
            let inner = self.dur_binary(UNARY_OPERAND_PREC, context)?;
            let span = t.start as usize..inner.span.end;
            return Ok(Duration {
                kind: DurationKind::Unary {
                    neg: t.kind == Tok::Sub,
                    expr: Box::new(inner),
                },
                span,
            });
        }
        self.dur_atom(context)
    }

    fn dur_atom(&mut self, context: &'static str) -> PResult<Duration> {
        let t = self.peek();
        if let Some(v) = self.whole_var(t) {
            self.bump();
            self.variables.push(v.clone());
            return Ok(Duration {
                kind: DurationKind::Variable(v),
                span: t.span(),
            });
        }
        match t.kind {
            Tok::Duration => {
                self.bump();
                let millis = lexer::duration_ms(self.text(t))
                    .ok_or_else(|| err("duration out of range", t.span()))?;
                Ok(Duration {
                    kind: DurationKind::Literal {
                        millis,
                        seconds: false,
                    },
                    span: t.span(),
                })
            }
            Tok::Number => {
                self.bump();
                self.need(Version::new(3, 0, 0), "a number as a duration", t.span());
                let v = lexer::number_value(self.text(t)).unwrap_or(f64::NAN);
                let ms = v * 1000.0;
                if !ms.is_finite() || ms.abs() > 9.2e18 {
                    return Err(err("duration out of range", t.span()));
                }
                Ok(Duration {
                    kind: DurationKind::Literal {
                        millis: ms.round() as i64,
                        seconds: true,
                    },
                    span: t.span(),
                })
            }
            Tok::LParen => {
                self.bump();
                let inner = self.dur_binary(0, context)?;
                let close = self.expect_close(t, context)?;
                Ok(Duration {
                    kind: DurationKind::Paren(Box::new(inner)),
                    span: t.start as usize..close.end as usize,
                })
            }
            Tok::Ident if self.peek_at(1).kind == Tok::LParen => self.dur_func(t, context),
            _ => Err(self.unexpected(t, context, "number, duration, step(), or range()")),
        }
    }

    fn dur_func(&mut self, t: Token, context: &'static str) -> PResult<Duration> {
        let name = self.text(t).to_ascii_lowercase();
        let (kind_min_max, since) = match name.as_str() {
            "step" => (None, Version::new(3, 6, 0)),
            "range" => (None, Version::new(3, 12, 0)),
            "min_of" => (Some(false), Version::new(3, 13, 0)),
            "max_of" => (Some(true), Version::new(3, 13, 0)),
            _ => return Err(self.unexpected(t, context, "number, duration, step(), or range()")),
        };
        self.bump();
        let open = self.bump();
        self.need(since, &format!("{name}() in a duration"), t.span());
        let kind = match kind_min_max {
            None => {
                self.expect_close(open, context)?;
                if name == "step" {
                    DurationKind::Step
                } else {
                    DurationKind::Range
                }
            }
            Some(max) => {
                let a = self.dur_binary(0, context)?;
                self.expect(Tok::Comma, context, "\",\"")?;
                let b = self.dur_binary(0, context)?;
                self.expect_close(open, context)?;
                DurationKind::MinMax {
                    max,
                    args: Box::new([a, b]),
                }
            }
        };
        Ok(Duration {
            kind,
            span: t.start as usize..self.prev_end(),
        })
    }

    /// The duration after `offset`: a literal (optionally signed), a variable, a
    /// parenthesised duration expression, or a duration function.
    fn offset_duration(&mut self) -> PResult<Duration> {
        let t = self.peek();
        let d = if matches!(t.kind, Tok::Sub | Tok::Add) {
            self.bump();
            let inner = self.offset_atom()?;
            let span = t.start as usize..inner.span.end;
            if let (Tok::Sub, DurationKind::Literal { millis, seconds }) = (t.kind, &inner.kind) {
                Duration {
                    kind: DurationKind::Literal {
                        millis: -millis,
                        seconds: *seconds,
                    },
                    span,
                }
            } else {
                Duration {
                    kind: DurationKind::Unary {
                        neg: t.kind == Tok::Sub,
                        expr: Box::new(inner),
                    },
                    span,
                }
            }
        } else {
            self.offset_atom()?
        };
        if !(d.is_simple()) {
            self.need(Version::new(3, 4, 0), "duration arithmetic", d.span.clone());
        }
        Ok(d)
    }

    fn offset_atom(&mut self) -> PResult<Duration> {
        let t = self.peek();
        match t.kind {
            Tok::Duration | Tok::Number | Tok::LParen => self.dur_atom("offset"),
            Tok::Ident if t.vars == VarShape::Whole || self.peek_at(1).kind == Tok::LParen => {
                self.dur_atom("offset")
            }
            _ => Err(self.unexpected(t, "offset", "number, duration, step(), or range()")),
        }
    }

    // ---- primaries -----------------------------------------------------------------------

    fn primary(&mut self) -> PResult<Expr> {
        let t = self.peek();
        match t.kind {
            Tok::Number | Tok::Duration => {
                self.bump();
                let lit = self
                    .number_token(t)
                    .ok_or_else(|| err("number or duration out of range", t.span()))?;
                if t.kind == Tok::Duration {
                    self.need(
                        Version::new(3, 0, 0),
                        "a duration used as a number",
                        t.span(),
                    );
                }
                if self.text(t).contains('_') {
                    self.need(Version::new(2, 54, 0), "underscores in numbers", t.span());
                }
                self.last_depth = 1;
                Ok(Expr {
                    kind: ExprKind::Number(lit),
                    span: t.span(),
                })
            }
            Tok::Str => {
                self.bump();
                self.record_vars(t, true);
                self.last_depth = 1;
                Ok(Expr {
                    kind: ExprKind::String(StringLit {
                        value: lexer::unquote(self.text(t)),
                        span: t.span(),
                    }),
                    span: t.span(),
                })
            }
            Tok::LParen => self.paren(),
            Tok::LBrace => self.selector(None, t.start as usize),
            Tok::Ident => self.ident_primary(t),
            Tok::Eof => Err(self.unexpected(t, "", "an expression")),
            _ => Err(self.unexpected(t, "", "an expression")),
        }
    }

    fn paren(&mut self) -> PResult<Expr> {
        let open = self.bump();
        // Parentheses cost two levels: each level takes several (large, in debug builds)
        // stack frames, and the cap must hold on a 2 MiB test thread.
        self.enter(open.span())?;
        let inner = self.expr(0);
        self.leave();
        let inner = inner?;
        let t = self.peek();
        if self.is_kw(t, "by") || self.is_kw(t, "without") {
            return Err(self.trailing(t, &inner));
        }
        self.expect_close(open, "parenthesised expression")?;
        let span = open.start as usize..t.end as usize;
        let d = self.last_depth;
        self.built(d, &span)?;
        Ok(Expr {
            kind: ExprKind::Paren(Box::new(inner)),
            span,
        })
    }

    fn ident_primary(&mut self, t: Token) -> PResult<Expr> {
        let next = self.peek_at(1);
        if t.vars != VarShape::None {
            self.bump();
            self.record_vars(t, false);
            if next.kind == Tok::LParen {
                return Err(err(
                    format!("unknown function with name \"{}\"", self.text(t)),
                    t.span(),
                ));
            }
            let name = Name {
                text: self.text(t).to_string(),
                span: t.span(),
                templated: true,
            };
            return self.selector(Some(name), t.start as usize);
        }
        let text = self.text(t);
        if let Some(op) = AggOp::from_name(text)
            && (next.kind == Tok::LParen || self.is_kw(next, "by") || self.is_kw(next, "without"))
        {
            return self.aggregate(op, t);
        }
        if next.kind == Tok::LParen {
            return self.call(t);
        }
        if let Some(lit) = self.number_token(t) {
            self.bump();
            self.last_depth = 1;
            return Ok(Expr {
                kind: ExprKind::Number(lit),
                span: t.span(),
            });
        }
        for kw in [
            "bool",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "atan2",
        ] {
            if self.is_kw(t, kw) {
                return Err(self.unexpected(t, "", "an expression"));
            }
        }
        self.bump();
        let name = Name {
            text: text.to_string(),
            span: t.span(),
            templated: false,
        };
        self.selector(Some(name), t.start as usize)
    }

    fn call(&mut self, name_tok: Token) -> PResult<Expr> {
        let name = self.text(name_tok);
        let Some(func) = functions::lookup(name) else {
            let mut e = err(
                format!("unknown function with name \"{name}\""),
                name_tok.span(),
            );
            if matches!(
                name,
                "json"
                    | "logfmt"
                    | "line_format"
                    | "label_format"
                    | "unwrap"
                    | "bytes_rate"
                    | "bytes_over_time"
                    | "rate_counter"
            ) {
                e = with_hint(e, LOGQL_HINT);
            }
            return Err(e);
        };
        self.bump();
        if !func.available_in(self.opts.prometheus) {
            let target = self.opts.prometheus;
            let msg = match func.removed {
                Some(r) if target >= r => format!(
                    "function \"{name}\" was removed in Prometheus {r} (target is {target}){}",
                    if name == "holt_winters" {
                        "; use double_exponential_smoothing"
                    } else {
                        ""
                    }
                ),
                _ => format!(
                    "function \"{name}\" needs Prometheus {} or newer (target is {target})",
                    func.since
                ),
            };
            self.errors.push(err(msg, name_tok.span()));
        }
        let (args, depth) = self.call_args("function call")?;
        let span = name_tok.start as usize..self.prev_end();
        self.built(depth, &span)?;
        Ok(Expr {
            kind: ExprKind::Call(Box::new(Call {
                func: Name {
                    text: name.to_string(),
                    span: name_tok.span(),
                    templated: false,
                },
                args,
            })),
            span,
        })
    }

    /// `( expr, expr, … )` with an optional trailing comma; returns the deepest argument.
    fn call_args(&mut self, context: &str) -> PResult<(Vec<Expr>, usize)> {
        let open = self.expect(Tok::LParen, context, "\"(\"")?;
        self.enter(open.span())?;
        let r = self.call_args_inner(context, open);
        self.leave();
        r
    }

    fn call_args_inner(&mut self, context: &str, open: Token) -> PResult<(Vec<Expr>, usize)> {
        let mut args = Vec::new();
        let mut depth = 0;
        if self.peek().kind == Tok::RParen {
            self.bump();
            return Ok((args, depth));
        }
        loop {
            args.push(self.expr(0)?);
            depth = depth.max(self.last_depth);
            let t = self.peek();
            match t.kind {
                Tok::Comma => {
                    self.bump();
                    if self.peek().kind == Tok::RParen {
                        return Err(with_hint(
                            err(
                                "trailing commas not allowed in function call args",
                                t.span(),
                            ),
                            "remove the \",\" before \")\"",
                        ));
                    }
                }
                Tok::RParen => {
                    self.bump();
                    break;
                }
                _ => {
                    if self.is_kw(t, "by") || self.is_kw(t, "without") {
                        let lhs = args.last().cloned().unwrap_or(Expr {
                            kind: ExprKind::Number(NumberLit {
                                value: 0.0,
                                duration: false,
                            }),
                            span: 0..0,
                        });
                        return Err(self.trailing(t, &lhs));
                    }
                    let e = self.unexpected(t, context, "\",\" or \")\"");
                    if matches!(t.kind, Tok::Error(_) | Tok::Pipe) {
                        return Err(e);
                    }
                    return Err(with_hint(
                        err(
                            format!(
                                "{}; the \"(\" at offset {} is not closed",
                                e.message, open.start
                            ),
                            e.span,
                        ),
                        "add the missing \")\" or a \",\" between arguments",
                    ));
                }
            }
        }
        Ok((args, depth))
    }

    fn aggregate(&mut self, op: AggOp, op_tok: Token) -> PResult<Expr> {
        self.bump();
        if matches!(op, AggOp::Limitk | AggOp::LimitRatio) {
            self.need(
                Version::new(2, 54, 0),
                &format!("the {} aggregation", op.as_str()),
                op_tok.span(),
            );
        }
        let mut grouping = self.maybe_grouping()?;
        if self.peek().kind != Tok::LParen {
            let t = self.peek();
            return Err(self.unexpected(t, "aggregation", "\"(\""));
        }
        let (mut args, depth) = self.call_args("aggregation")?;
        if grouping.is_none() {
            grouping = self.maybe_grouping()?;
        }
        let span = op_tok.start as usize..self.prev_end();
        let want = if op.has_param() { 2 } else { 1 };
        if args.len() != want {
            return Err(err(
                format!(
                    "wrong number of arguments for aggregate expression provided, expected {want}, got {}",
                    args.len()
                ),
                span,
            ));
        }
        self.built(depth, &span)?;
        let expr = args
            .pop()
            .ok_or_else(|| err("aggregation without argument", span.clone()))?;
        let param = args.pop();
        Ok(Expr {
            kind: ExprKind::Aggregate(Box::new(Aggregate {
                op,
                op_span: op_tok.span(),
                param,
                expr,
                grouping,
            })),
            span,
        })
    }

    fn maybe_grouping(&mut self) -> PResult<Option<Grouping>> {
        let t = self.peek();
        let without = self.is_kw(t, "without");
        if !without && !self.is_kw(t, "by") {
            return Ok(None);
        }
        self.bump();
        let labels = self.grouping_labels("grouping opts")?;
        Ok(Some(Grouping {
            without,
            labels,
            span: t.start as usize..self.prev_end(),
        }))
    }

    /// `( label, … )` with an optional trailing comma.
    fn grouping_labels(&mut self, context: &str) -> PResult<Vec<Name>> {
        let open = self.peek();
        if open.kind != Tok::LParen {
            return Err(self.unexpected(open, context, "\"(\""));
        }
        self.bump();
        let mut labels = Vec::new();
        loop {
            let t = self.peek();
            match t.kind {
                Tok::RParen => {
                    self.bump();
                    return Ok(labels);
                }
                Tok::Ident => {
                    self.bump();
                    labels.push(self.label_name(t)?);
                }
                Tok::Str => {
                    self.bump();
                    self.need(Version::new(3, 0, 0), "a quoted label name", t.span());
                    labels.push(self.quoted_name(t)?);
                }
                _ => return Err(self.unexpected(t, context, "label")),
            }
            let t = self.peek();
            match t.kind {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RParen => {}
                _ => {
                    let e = self.unexpected(t, context, "\",\" or \")\"");
                    return Err(e);
                }
            }
        }
    }

    fn label_name(&mut self, t: Token) -> PResult<Name> {
        let text = self.text(t);
        if t.vars == VarShape::None && text.contains(':') {
            return Err(err(
                format!("invalid label name \"{text}\": ':' is only allowed in metric names"),
                t.span(),
            ));
        }
        self.record_vars(t, false);
        Ok(Name {
            text: text.to_string(),
            span: t.span(),
            templated: t.vars != VarShape::None,
        })
    }

    fn quoted_name(&mut self, t: Token) -> PResult<Name> {
        self.record_vars(t, true);
        let text = lexer::unquote(self.text(t));
        if text.is_empty() {
            return Err(err("empty label name", t.span()));
        }
        Ok(Name {
            templated: text.contains('$') || text.contains("[["),
            text,
            span: t.span(),
        })
    }

    // ---- selectors -----------------------------------------------------------------------

    fn selector(&mut self, name: Option<Name>, start: usize) -> PResult<Expr> {
        let mut sel = Selector {
            name,
            matchers: Vec::new(),
            range: None,
            modifiers: Modifiers::default(),
        };
        let mut end = self.prev_end().max(start);
        if self.peek().kind == Tok::LBrace {
            self.bump();
            self.matchers(&mut sel)?;
            end = self.prev_end();
        }
        let span = start..end;
        check_selector(&sel, &span)?;
        self.last_depth = 1;
        Ok(Expr {
            kind: ExprKind::Selector(Box::new(sel)),
            span,
        })
    }

    fn matchers(&mut self, sel: &mut Selector) -> PResult<()> {
        loop {
            let t = self.peek();
            match t.kind {
                Tok::RBrace => {
                    self.bump();
                    return Ok(());
                }
                Tok::Ident => {
                    let next = self.peek_at(1);
                    if t.vars == VarShape::Whole && matches!(next.kind, Tok::Comma | Tok::RBrace) {
                        self.bump();
                        if let Some(v) = self.whole_var(t) {
                            self.variables.push(v.clone());
                            sel.matchers.push(MatcherItem::Variable(v));
                        }
                    } else {
                        self.bump();
                        let name = self.label_name(t)?;
                        let m = self.matcher_rest(name)?;
                        sel.matchers.push(MatcherItem::Matcher(m));
                    }
                }
                Tok::Str => {
                    self.bump();
                    self.need(
                        Version::new(3, 0, 0),
                        "a quoted metric or label name",
                        t.span(),
                    );
                    let name = self.quoted_name(t)?;
                    if matches!(
                        self.peek().kind,
                        Tok::Assign | Tok::Neq | Tok::EqlRegex | Tok::NeqRegex | Tok::EqlC
                    ) {
                        let m = self.matcher_rest(name)?;
                        sel.matchers.push(MatcherItem::Matcher(m));
                    } else {
                        if let Some(prev) = &sel.name {
                            return Err(err(
                                format!(
                                    "metric name must not be set twice: \"{}\" or \"{}\"",
                                    prev.text, name.text
                                ),
                                t.span(),
                            ));
                        }
                        sel.name = Some(name);
                    }
                }
                Tok::Pipe => {
                    return Err(self.unexpected(t, "label matching", "identifier or \"}\""));
                }
                _ => return Err(self.unexpected(t, "label matching", "identifier or \"}\"")),
            }
            let t = self.peek();
            match t.kind {
                Tok::Comma => {
                    self.bump();
                }
                Tok::RBrace => {}
                Tok::Eof => {
                    return Err(with_hint(
                        self.unexpected(t, "label matching", "\",\" or \"}\""),
                        "close the label matchers with \"}\"",
                    ));
                }
                _ => return Err(self.unexpected(t, "label matching", "\",\" or \"}\"")),
            }
        }
    }

    fn matcher_rest(&mut self, name: Name) -> PResult<Matcher> {
        let t = self.peek();
        let op = match t.kind {
            Tok::Assign => MatchOp::Equal,
            Tok::Neq => MatchOp::NotEqual,
            Tok::EqlRegex => MatchOp::Regex,
            Tok::NeqRegex => MatchOp::NotRegex,
            Tok::EqlC => {
                return Err(with_hint(
                    err(
                        "unexpected \"==\" in label matching, expected label matching operator",
                        t.span(),
                    ),
                    "label matchers use \"=\", \"!=\", \"=~\" or \"!~\"; write label=\"value\"",
                ));
            }
            _ => {
                return Err(self.unexpected(t, "label matching", "label matching operator"));
            }
        };
        self.bump();
        let v = self.peek();
        if v.kind != Tok::Str {
            let e = self.unexpected(v, "label matching", "string");
            if v.kind == Tok::Ident && v.vars != VarShape::None {
                return Err(with_hint(e, "quote the variable: label=\"$var\""));
            }
            return Err(e);
        }
        self.bump();
        self.record_vars(v, true);
        let value = StringLit {
            value: lexer::unquote(self.text(v)),
            span: v.span(),
        };
        if matches!(op, MatchOp::Regex | MatchOp::NotRegex) {
            super::regex::check(&value.value).map_err(|m| err(m, v.span()))?;
        }
        Ok(Matcher {
            span: name.span.start..v.end as usize,
            name,
            op,
            value,
        })
    }
}

/// The value in seconds of a duration expression without variables or `step()`/`range()`.
fn constant_seconds(d: &Duration) -> Option<f64> {
    Some(match &d.kind {
        DurationKind::Literal { millis, .. } => *millis as f64 / 1000.0,
        DurationKind::Variable(_) | DurationKind::Step | DurationKind::Range => return None,
        DurationKind::MinMax { max, args } => {
            let (a, b) = (constant_seconds(&args[0])?, constant_seconds(&args[1])?);
            if *max { a.max(b) } else { a.min(b) }
        }
        DurationKind::Unary { neg, expr } => {
            let v = constant_seconds(expr)?;
            if *neg { -v } else { v }
        }
        DurationKind::Paren(inner) => constant_seconds(inner)?,
        DurationKind::Binary { op, lhs, rhs } => {
            let (a, b) = (constant_seconds(lhs)?, constant_seconds(rhs)?);
            match op {
                BinOp::Add => a + b,
                BinOp::Sub => a - b,
                BinOp::Mul => a * b,
                BinOp::Div => a / b,
                BinOp::Mod => a % b,
                BinOp::Pow => a.powf(b),
                _ => return None,
            }
        }
    })
}

/// Prometheus' selector rules: a metric name set once, and at least one matcher that does
/// not match the empty string.
fn check_selector(sel: &Selector, span: &Span) -> PResult<()> {
    for m in sel.label_matchers() {
        if m.name.text == "__name__"
            && let Some(n) = &sel.name
        {
            return Err(err(
                format!(
                    "metric name must not be set twice: \"{}\" or \"{}\"",
                    n.text, m.value.value
                ),
                m.span.clone(),
            ));
        }
    }
    if sel.name.is_some() {
        return Ok(());
    }
    let any_var = sel
        .matchers
        .iter()
        .any(|m| matches!(m, MatcherItem::Variable(_)));
    if any_var {
        return Ok(());
    }
    let non_empty = sel.label_matchers().any(|m| !matches_empty(m));
    if !non_empty {
        return Err(err(
            "vector selector must contain at least one non-empty matcher",
            span.clone(),
        ));
    }
    Ok(())
}

fn matches_empty(m: &Matcher) -> bool {
    let v = &m.value.value;
    match m.op {
        MatchOp::Equal => v.is_empty(),
        MatchOp::NotEqual => !v.is_empty(),
        MatchOp::Regex => super::regex::matches_empty(v),
        MatchOp::NotRegex => !super::regex::matches_empty(v),
    }
}
