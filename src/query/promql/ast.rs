//! The PromQL syntax tree. Every node carries the byte span it was parsed from; parentheses
//! are kept as [`ExprKind::Paren`] so the printer reproduces the structure exactly.
//! Names may contain Grafana variables (`node_$x_total`): they are kept as written.

use crate::query::{Span, VarUse};

/// A PromQL expression with its span.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What the expression is.
    pub kind: ExprKind,
    /// The bytes it was parsed from.
    pub span: Span,
}

/// The kinds of PromQL expression.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// A number literal (`1`, `0x1F`, `Inf`, or a duration used as seconds: `5m`).
    Number(NumberLit),
    /// A string literal, decoded.
    String(StringLit),
    /// An instant or range vector selector, with its modifiers.
    Selector(Box<Selector>),
    /// `expr[range:step]` with its modifiers.
    Subquery(Box<Subquery>),
    /// A function call.
    Call(Box<Call>),
    /// An aggregation (`sum by (job) (x)`).
    Aggregate(Box<Aggregate>),
    /// A binary operation.
    Binary(Box<Binary>),
    /// Unary `-` or `+` applied to an expression (negated number literals are folded).
    Unary(Box<Unary>),
    /// `( expr )`.
    Paren(Box<Expr>),
}

/// A number; `duration` tells that it was written as a duration (`5m` = 300).
#[derive(Debug, Clone, Copy)]
pub struct NumberLit {
    /// The value (seconds for durations).
    pub value: f64,
    /// Written as a duration literal.
    pub duration: bool,
}

impl PartialEq for NumberLit {
    fn eq(&self, other: &Self) -> bool {
        (self.value == other.value || (self.value.is_nan() && other.value.is_nan()))
            && self.duration == other.duration
    }
}

/// A decoded string literal and its span (quotes included).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StringLit {
    /// The decoded value.
    pub value: String,
    /// The literal as written, quotes included.
    pub span: Span,
}

/// A metric or label name as written (quoted names decoded); may contain Grafana variables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The name.
    pub text: String,
    /// Where it was written.
    pub span: Span,
    /// True when it contains a Grafana variable (`node_$x_total`, `${metric}`).
    pub templated: bool,
}

/// A label matcher operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MatchOp {
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `=~`
    Regex,
    /// `!~`
    NotRegex,
}

impl MatchOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Equal => "=",
            MatchOp::NotEqual => "!=",
            MatchOp::Regex => "=~",
            MatchOp::NotRegex => "!~",
        }
    }
}

/// One entry of a `{…}` matcher list.
#[derive(Debug, Clone, PartialEq)]
pub enum MatcherItem {
    /// `label op "value"`.
    Matcher(Matcher),
    /// A Grafana variable standing for whole matchers: `{$filters}`.
    Variable(VarUse),
}

/// `label op "value"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    /// The label name.
    pub name: Name,
    /// The operator.
    pub op: MatchOp,
    /// The value (a regular expression for `=~`/`!~`).
    pub value: StringLit,
    /// The whole matcher.
    pub span: Span,
}

/// A vector selector: `name{matchers}[range] offset d @ t`.
#[derive(Debug, Clone, PartialEq)]
pub struct Selector {
    /// The metric name, written before the braces or as a quoted name inside them.
    pub name: Option<Name>,
    /// The matchers inside `{…}` (the quoted metric name excluded).
    pub matchers: Vec<MatcherItem>,
    /// `[range]`: makes this a range vector selector.
    pub range: Option<Duration>,
    /// `offset`, `@`, `anchored`, `smoothed`.
    pub modifiers: Modifiers,
}

/// `expr[range:step]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Subquery {
    /// The inner expression.
    pub expr: Expr,
    /// The range.
    pub range: Duration,
    /// The step, when written.
    pub step: Option<Duration>,
    /// `offset` and `@`.
    pub modifiers: Modifiers,
}

/// Modifiers of a selector or subquery.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Modifiers {
    /// `offset d`.
    pub offset: Option<Duration>,
    /// `@ t`.
    pub at: Option<At>,
    /// `anchored` (Prometheus 3.7+, experimental).
    pub anchored: bool,
    /// `smoothed` (Prometheus 3.7+, experimental).
    pub smoothed: bool,
}

/// The `@` modifier's time.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    /// A Unix timestamp in seconds.
    Timestamp(NumberLit, Span),
    /// `start()`.
    Start(Span),
    /// `end()`.
    End(Span),
    /// A Grafana variable (`@ ${__to:date:seconds}`).
    Variable(VarUse),
}

/// A duration in a range, step or offset, possibly an arithmetic expression (3.4+).
#[derive(Debug, Clone, PartialEq)]
pub struct Duration {
    /// What it is.
    pub kind: DurationKind,
    /// Where it was written.
    pub span: Span,
}

/// The kinds of duration expression.
#[derive(Debug, Clone, PartialEq)]
pub enum DurationKind {
    /// A literal, in milliseconds (`5m`, or a number of seconds such as `300`).
    Literal {
        /// Milliseconds.
        millis: i64,
        /// Written as a plain number of seconds rather than with units.
        seconds: bool,
    },
    /// A Grafana variable (`$__rate_interval`).
    Variable(VarUse),
    /// `step()` (3.6+).
    Step,
    /// `range()` (3.12+).
    Range,
    /// `min_of(a, b)` / `max_of(a, b)` (3.13+).
    MinMax {
        /// True for `max_of`.
        max: bool,
        /// The two arguments.
        args: Box<[Duration; 2]>,
    },
    /// Unary minus or plus.
    Unary {
        /// True for `-`.
        neg: bool,
        /// The operand.
        expr: Box<Duration>,
    },
    /// Arithmetic on durations (`5m + 1m`).
    Binary {
        /// `+ - * / % ^`.
        op: BinOp,
        /// Left operand.
        lhs: Box<Duration>,
        /// Right operand.
        rhs: Box<Duration>,
    },
    /// `( duration )`.
    Paren(Box<Duration>),
}

/// A function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// The function name and where it was written.
    pub func: Name,
    /// The arguments.
    pub args: Vec<Expr>,
}

/// Aggregation operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggOp {
    Sum,
    Avg,
    Count,
    Min,
    Max,
    Group,
    Stddev,
    Stdvar,
    Topk,
    Bottomk,
    CountValues,
    Quantile,
    Limitk,
    LimitRatio,
}

impl AggOp {
    /// Every operator with its (lower-case) name.
    pub const ALL: [(AggOp, &'static str); 14] = [
        (AggOp::Sum, "sum"),
        (AggOp::Avg, "avg"),
        (AggOp::Count, "count"),
        (AggOp::Min, "min"),
        (AggOp::Max, "max"),
        (AggOp::Group, "group"),
        (AggOp::Stddev, "stddev"),
        (AggOp::Stdvar, "stdvar"),
        (AggOp::Topk, "topk"),
        (AggOp::Bottomk, "bottomk"),
        (AggOp::CountValues, "count_values"),
        (AggOp::Quantile, "quantile"),
        (AggOp::Limitk, "limitk"),
        (AggOp::LimitRatio, "limit_ratio"),
    ];

    /// The operator's name.
    pub fn as_str(self) -> &'static str {
        AggOp::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("sum", |(_, n)| n)
    }

    /// The operator named `name` (case-insensitive, as Prometheus' keywords are).
    pub fn from_name(name: &str) -> Option<AggOp> {
        AggOp::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(op, _)| *op)
    }

    /// True for operators that take a parameter before the vector.
    pub fn has_param(self) -> bool {
        matches!(
            self,
            AggOp::Topk
                | AggOp::Bottomk
                | AggOp::CountValues
                | AggOp::Quantile
                | AggOp::Limitk
                | AggOp::LimitRatio
        )
    }
}

/// `by (…)` or `without (…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Grouping {
    /// True for `without`.
    pub without: bool,
    /// The labels.
    pub labels: Vec<Name>,
    /// From the keyword to the closing parenthesis.
    pub span: Span,
}

/// An aggregation: `op [by|without (labels)] ([param,] expr)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Aggregate {
    /// The operator.
    pub op: AggOp,
    /// Where the operator was written.
    pub op_span: Span,
    /// The parameter of `topk`, `quantile`, `count_values`, ….
    pub param: Option<Expr>,
    /// The aggregated expression.
    pub expr: Expr,
    /// The grouping clause.
    pub grouping: Option<Grouping>,
}

/// Binary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    Atan2,
    Eql,
    Neq,
    Gtr,
    Lss,
    Gte,
    Lte,
    /// `</` (3.11+)
    TrimUpper,
    /// `>/` (3.11+)
    TrimLower,
    And,
    Or,
    Unless,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
            BinOp::Atan2 => "atan2",
            BinOp::Eql => "==",
            BinOp::Neq => "!=",
            BinOp::Gtr => ">",
            BinOp::Lss => "<",
            BinOp::Gte => ">=",
            BinOp::Lte => "<=",
            BinOp::TrimUpper => "</",
            BinOp::TrimLower => ">/",
            BinOp::And => "and",
            BinOp::Or => "or",
            BinOp::Unless => "unless",
        }
    }

    /// Binding strength, higher binds tighter (Prometheus' precedence table).
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And | BinOp::Unless => 2,
            BinOp::Eql
            | BinOp::Neq
            | BinOp::Gtr
            | BinOp::Lss
            | BinOp::Gte
            | BinOp::Lte
            | BinOp::TrimUpper
            | BinOp::TrimLower => 3,
            BinOp::Add | BinOp::Sub => 4,
            BinOp::Mul | BinOp::Div | BinOp::Mod | BinOp::Atan2 => 5,
            BinOp::Pow => 6,
        }
    }

    /// True for `== != > < >= <=`.
    pub fn is_comparison(self) -> bool {
        matches!(
            self,
            BinOp::Eql | BinOp::Neq | BinOp::Gtr | BinOp::Lss | BinOp::Gte | BinOp::Lte
        )
    }

    /// True for `and or unless`.
    pub fn is_set(self) -> bool {
        matches!(self, BinOp::And | BinOp::Or | BinOp::Unless)
    }
}

/// Cardinality of vector matching.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Card {
    /// Default one-to-one.
    OneToOne,
    /// `group_left`.
    ManyToOne,
    /// `group_right`.
    OneToMany,
}

/// `on(…)`/`ignoring(…)` with optional `group_left(…)`/`group_right(…)`.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorMatching {
    /// True for `on`, false for `ignoring`.
    pub on: bool,
    /// The matching labels.
    pub labels: Vec<Name>,
    /// Cardinality.
    pub card: Card,
    /// Labels of `group_left(…)`/`group_right(…)`.
    pub include: Vec<Name>,
    /// From `on`/`ignoring` to the end of the group modifier.
    pub span: Span,
}

/// `fill(v)`, `fill_left(v)`, `fill_right(v)` (3.10+).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Fill {
    /// Value for missing series on the left side.
    pub left: Option<f64>,
    /// Value for missing series on the right side.
    pub right: Option<f64>,
}

/// A binary operation.
#[derive(Debug, Clone, PartialEq)]
pub struct Binary {
    /// The operator.
    pub op: BinOp,
    /// Where the operator was written.
    pub op_span: Span,
    /// Left operand.
    pub lhs: Expr,
    /// Right operand.
    pub rhs: Expr,
    /// `bool` modifier.
    pub return_bool: bool,
    /// `on`/`ignoring`/`group_*`.
    pub matching: Option<VectorMatching>,
    /// `fill*` modifiers.
    pub fill: Option<Fill>,
}

/// Unary `-x` / `+x`.
#[derive(Debug, Clone, PartialEq)]
pub struct Unary {
    /// True for `-`.
    pub neg: bool,
    /// The operand.
    pub expr: Expr,
}

impl Expr {
    /// Visits this expression and every sub-expression, parents first.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Expr)) {
        f(self);
        match &self.kind {
            ExprKind::Number(_) | ExprKind::String(_) | ExprKind::Selector(_) => {}
            ExprKind::Subquery(s) => s.expr.walk(f),
            ExprKind::Call(c) => c.args.iter().for_each(|a| a.walk(f)),
            ExprKind::Aggregate(a) => {
                if let Some(p) = &a.param {
                    p.walk(f);
                }
                a.expr.walk(f);
            }
            ExprKind::Binary(b) => {
                b.lhs.walk(f);
                b.rhs.walk(f);
            }
            ExprKind::Unary(u) => u.expr.walk(f),
            ExprKind::Paren(e) => e.walk(f),
        }
    }

    /// Every vector selector (instant or range), in source order.
    pub fn selectors(&self) -> Vec<(&Selector, &Span)> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let ExprKind::Selector(s) = &e.kind {
                out.push((&**s, &e.span));
            }
        });
        out
    }

    /// Every function call, in source order.
    pub fn calls(&self) -> Vec<&Call> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let ExprKind::Call(c) = &e.kind {
                out.push(&**c);
            }
        });
        out
    }

    /// Every aggregation, in source order (its `grouping` holds the by/without labels).
    pub fn aggregations(&self) -> Vec<&Aggregate> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let ExprKind::Aggregate(a) = &e.kind {
                out.push(&**a);
            }
        });
        out
    }

    /// Every binary operation, in source order (its `matching` holds on/ignoring labels).
    pub fn binaries(&self) -> Vec<&Binary> {
        let mut out = Vec::new();
        self.walk(&mut |e| {
            if let ExprKind::Binary(b) = &e.kind {
                out.push(&**b);
            }
        });
        out
    }

    /// True when both trees are equal ignoring spans.
    pub fn same_as(&self, other: &Expr) -> bool {
        let mut a = self.clone();
        let mut b = other.clone();
        a.clear_spans();
        b.clear_spans();
        a == b
    }

    /// Sets every span in the tree to `0..0` (for span-insensitive comparison).
    pub fn clear_spans(&mut self) {
        self.span = 0..0;
        match &mut self.kind {
            ExprKind::Number(_) => {}
            ExprKind::String(s) => s.span = 0..0,
            ExprKind::Selector(s) => s.clear_spans(),
            ExprKind::Subquery(s) => {
                s.expr.clear_spans();
                s.range.clear_spans();
                if let Some(d) = &mut s.step {
                    d.clear_spans();
                }
                s.modifiers.clear_spans();
            }
            ExprKind::Call(c) => {
                c.func.span = 0..0;
                c.args.iter_mut().for_each(Expr::clear_spans);
            }
            ExprKind::Aggregate(a) => {
                a.op_span = 0..0;
                if let Some(p) = &mut a.param {
                    p.clear_spans();
                }
                a.expr.clear_spans();
                if let Some(g) = &mut a.grouping {
                    g.span = 0..0;
                    g.labels.iter_mut().for_each(|l| l.span = 0..0);
                }
            }
            ExprKind::Binary(b) => {
                b.op_span = 0..0;
                b.lhs.clear_spans();
                b.rhs.clear_spans();
                if let Some(m) = &mut b.matching {
                    m.span = 0..0;
                    m.labels.iter_mut().for_each(|l| l.span = 0..0);
                    m.include.iter_mut().for_each(|l| l.span = 0..0);
                }
            }
            ExprKind::Unary(u) => u.expr.clear_spans(),
            ExprKind::Paren(e) => e.clear_spans(),
        }
    }
}

impl Selector {
    fn clear_spans(&mut self) {
        if let Some(n) = &mut self.name {
            n.span = 0..0;
        }
        for m in &mut self.matchers {
            match m {
                MatcherItem::Matcher(m) => {
                    m.span = 0..0;
                    m.name.span = 0..0;
                    m.value.span = 0..0;
                }
                MatcherItem::Variable(v) => v.span = 0..0,
            }
        }
        if let Some(r) = &mut self.range {
            r.clear_spans();
        }
        self.modifiers.clear_spans();
    }

    /// The plain label matchers (variables standing for whole matchers excluded).
    pub fn label_matchers(&self) -> impl Iterator<Item = &Matcher> {
        self.matchers.iter().filter_map(|m| match m {
            MatcherItem::Matcher(m) => Some(m),
            MatcherItem::Variable(_) => None,
        })
    }

    /// The metric name: written before the braces, or a `__name__="…"` matcher.
    pub fn metric_name(&self) -> Option<&str> {
        if let Some(n) = &self.name {
            return Some(&n.text);
        }
        self.label_matchers()
            .find(|m| m.name.text == "__name__" && m.op == MatchOp::Equal)
            .map(|m| m.value.value.as_str())
    }
}

impl Modifiers {
    fn clear_spans(&mut self) {
        if let Some(o) = &mut self.offset {
            o.clear_spans();
        }
        match &mut self.at {
            Some(At::Timestamp(_, s) | At::Start(s) | At::End(s)) => *s = 0..0,
            Some(At::Variable(v)) => v.span = 0..0,
            None => {}
        }
    }
}

impl Duration {
    fn clear_spans(&mut self) {
        self.span = 0..0;
        match &mut self.kind {
            DurationKind::Literal { .. } | DurationKind::Step | DurationKind::Range => {}
            DurationKind::Variable(v) => v.span = 0..0,
            DurationKind::MinMax { args, .. } => args.iter_mut().for_each(Duration::clear_spans),
            DurationKind::Unary { expr, .. } | DurationKind::Paren(expr) => expr.clear_spans(),
            DurationKind::Binary { lhs, rhs, .. } => {
                lhs.clear_spans();
                rhs.clear_spans();
            }
        }
    }

    /// True when the duration is a single literal or variable (no arithmetic).
    pub fn is_simple(&self) -> bool {
        matches!(
            self.kind,
            DurationKind::Literal { .. } | DurationKind::Variable(_)
        )
    }
}
