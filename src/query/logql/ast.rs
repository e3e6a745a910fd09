//! The LogQL syntax tree. Every node carries a [`Loc`] (its byte span in the expression).
//!
//! Equality is structural: [`Loc`] always compares equal, so two trees are equal when they
//! mean the same query written with different spacing, parentheses around a range, or the
//! grouping clause before or after an aggregation's body.

use super::super::Span;

/// A node's byte span. Compares equal to every other `Loc`, so that tree equality ignores
/// positions (the printer round-trip is checked with `==`).
#[derive(Debug, Clone, Default, Eq)]
pub struct Loc(pub Span);

impl PartialEq for Loc {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Loc {
    /// The byte range.
    pub fn span(&self) -> Span {
        self.0.clone()
    }
}

/// A label name or a Grafana variable standing for one (`job`, `$label`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// The text as written (`job`, `${label}`).
    pub text: String,
    /// True when the name is a Grafana variable.
    pub var: bool,
    /// Where it is.
    pub loc: Loc,
}

/// A string literal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Str {
    /// The value, escapes resolved.
    pub value: String,
    /// True when written as a backtick (raw) string.
    pub backtick: bool,
    /// Where it is (quotes included).
    pub loc: Loc,
}

/// What a scalar literal is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarKind {
    /// `5`, `0.5`, `1e3`, `0x10`.
    Number,
    /// `5m`, `1h30m`.
    Duration,
    /// `10MB`, `1KiB`.
    Bytes,
    /// A Grafana variable standing for the value (`$__auto`, `${threshold}`).
    Var,
}

/// A number, duration, bytes literal or a variable in their place, kept as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scalar {
    /// What it is.
    pub kind: ScalarKind,
    /// The text as written, sign included (`-5m`, `0.99`, `$k`).
    pub text: String,
    /// Where it is.
    pub loc: Loc,
}

impl Scalar {
    /// The numeric value of a number literal (hex included); `None` for other kinds.
    pub fn number(&self) -> Option<f64> {
        if self.kind != ScalarKind::Number {
            return None;
        }
        let (neg, t) = match self.text.strip_prefix('-') {
            Some(t) => (true, t),
            None => (false, self.text.trim_start_matches('+')),
        };
        let v = match t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
            Some(h) => u64::from_str_radix(h, 16).ok()? as f64,
            None => t.parse().ok()?,
        };
        Some(if neg { -v } else { v })
    }
}

/// A whole LogQL expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expr {
    /// A log query: stream selector and pipeline.
    Log(Box<LogQuery>),
    /// `count_over_time({…}[5m])` and the other range aggregations.
    RangeAgg(Box<RangeAgg>),
    /// `sum by (x) (…)` and the other vector aggregations.
    VectorAgg(Box<VectorAgg>),
    /// `a + b`, `a or b`, `a > bool 1`.
    Binary(Box<Binary>),
    /// A number literal (or a variable standing for one).
    Literal(Scalar),
    /// `vector(0)`.
    Vector(VectorLit),
    /// `label_replace(expr, "dst", "repl", "src", "regex")`.
    LabelReplace(Box<LabelReplace>),
    /// `( expr )`.
    Paren(Paren),
}

impl Expr {
    /// The node's span.
    pub fn loc(&self) -> &Loc {
        match self {
            Expr::Log(x) => &x.loc,
            Expr::RangeAgg(x) => &x.loc,
            Expr::VectorAgg(x) => &x.loc,
            Expr::Binary(x) => &x.loc,
            Expr::Literal(x) => &x.loc,
            Expr::Vector(x) => &x.loc,
            Expr::LabelReplace(x) => &x.loc,
            Expr::Paren(x) => &x.loc,
        }
    }

    /// True for a log query (possibly parenthesised), false for a metric query.
    pub fn is_log(&self) -> bool {
        match self {
            Expr::Log(_) => true,
            Expr::Paren(p) => p.expr.is_log(),
            _ => false,
        }
    }
}

/// A parenthesised expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paren {
    /// The inner expression.
    pub expr: Box<Expr>,
    /// Where it is (parentheses included).
    pub loc: Loc,
}

/// A stream selector and its pipeline: `{app="x"} |= "err" | json`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogQuery {
    /// The stream selector.
    pub selector: Selector,
    /// The pipeline stages, in order.
    pub pipeline: Vec<Stage>,
    /// Where it is.
    pub loc: Loc,
}

/// `{a="b", c=~"d"}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Selector {
    /// The matchers, in order.
    pub matchers: Vec<SelectorItem>,
    /// Where it is (braces included).
    pub loc: Loc,
}

/// One item of a stream selector.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SelectorItem {
    /// `name op "value"`.
    Matcher(Matcher),
    /// A Grafana variable standing for whole matchers (`{$filters}`, Grafana's ad hoc filters).
    Var(Name),
}

/// A label matching operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `=~`
    Re,
    /// `!~`
    Nre,
}

impl MatchOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchOp::Eq => "=",
            MatchOp::Ne => "!=",
            MatchOp::Re => "=~",
            MatchOp::Nre => "!~",
        }
    }
}

/// `name op "value"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Matcher {
    /// The label name.
    pub name: Name,
    /// The operator.
    pub op: MatchOp,
    /// The value.
    pub value: Str,
    /// Where it is.
    pub loc: Loc,
}

/// One pipeline stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// `|= "a" or "b"`, `!~ "x"`, `|= ip("10.0.0.0/8")`.
    LineFilter(LineFilter),
    /// `| json`, `| logfmt --strict a`, `| regexp "…"`, `| pattern "…"`, `| unpack`.
    Parser(ParserStage),
    /// `| level="error" and duration > 1s`.
    LabelFilter(LabelFilter),
    /// `| line_format "{{.msg}}"`.
    LineFormat(Str),
    /// `| label_format a=b, c="{{.x}}"`.
    LabelFormat(Vec<LabelFormatItem>),
    /// `| decolorize`.
    Decolorize(Loc),
    /// `| drop a, b="c"`.
    Drop(Vec<LabelItem>),
    /// `| keep a, b="c"`.
    Keep(Vec<LabelItem>),
}

/// A line filter operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineOp {
    /// `|=` contains.
    Contains,
    /// `!=` does not contain.
    NotContains,
    /// `|~` matches regex.
    Match,
    /// `!~` does not match regex.
    NotMatch,
    /// `|>` matches pattern (Loki 3.0).
    Pattern,
    /// `!>` does not match pattern (Loki 3.0).
    NotPattern,
}

impl LineOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            LineOp::Contains => "|=",
            LineOp::NotContains => "!=",
            LineOp::Match => "|~",
            LineOp::NotMatch => "!~",
            LineOp::Pattern => "|>",
            LineOp::NotPattern => "!>",
        }
    }
}

/// `op term (or term)*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineFilter {
    /// The operator.
    pub op: LineOp,
    /// The alternatives, joined by `or` (usually one).
    pub terms: Vec<FilterTerm>,
    /// Where it is.
    pub loc: Loc,
}

/// One alternative of a line filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterTerm {
    /// A string (text, regex or pattern, by the operator).
    Str(Str),
    /// `ip("cidr")`.
    Ip(Str),
}

/// Which parser a parser stage runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParserKind {
    /// `json`
    Json,
    /// `logfmt`
    Logfmt,
    /// `regexp "…"`
    Regexp(Str),
    /// `pattern "…"`
    Pattern(Str),
    /// `unpack`
    Unpack,
}

/// A parser stage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParserStage {
    /// The parser.
    pub kind: ParserKind,
    /// `--strict`, `--keep-empty` (logfmt only).
    pub flags: Vec<String>,
    /// Extraction parameters `a="b.c"`, `a` (json and logfmt).
    pub params: Vec<Extraction>,
    /// Where it is (the `|` included).
    pub loc: Loc,
}

/// `label="path"` or `label` after `json` / `logfmt`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extraction {
    /// The label the value goes to.
    pub label: Name,
    /// The JSON path / logfmt key, when not the label itself.
    pub path: Option<Str>,
}

/// A comparison operator in a label filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `==`
    EqEq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
}

impl CmpOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            CmpOp::Eq => "=",
            CmpOp::EqEq => "==",
            CmpOp::Ne => "!=",
            CmpOp::Gt => ">",
            CmpOp::Ge => ">=",
            CmpOp::Lt => "<",
            CmpOp::Le => "<=",
        }
    }
}

/// How two label filters are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilterJoin {
    /// `and`
    And,
    /// `,` (same meaning as `and`)
    Comma,
    /// `or`
    Or,
}

/// A label filter expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelFilter {
    /// A string matcher `level="error"`, `msg=~"x.*"`.
    Matcher(Matcher),
    /// `addr = ip("10.0.0.0/8")` / `!=`.
    Ip {
        /// The label.
        name: Name,
        /// True for `!=`.
        negated: bool,
        /// The CIDR / range text.
        cidr: Str,
        /// Where it is.
        loc: Loc,
    },
    /// A typed comparison `duration > 1s`, `size >= 10MB`, `status == 500`.
    Compare {
        /// The label.
        name: Name,
        /// The operator.
        op: CmpOp,
        /// The value it is compared with.
        value: Scalar,
        /// Where it is.
        loc: Loc,
    },
    /// Two filters joined by `and`, `,` or `or`.
    Join {
        /// How they are joined.
        join: FilterJoin,
        /// Left side.
        lhs: Box<LabelFilter>,
        /// Right side.
        rhs: Box<LabelFilter>,
        /// Where it is.
        loc: Loc,
    },
    /// `( filter )`.
    Paren(Box<LabelFilter>, Loc),
}

impl LabelFilter {
    /// The node's span.
    pub fn loc(&self) -> &Loc {
        match self {
            LabelFilter::Matcher(m) => &m.loc,
            LabelFilter::Ip { loc, .. }
            | LabelFilter::Compare { loc, .. }
            | LabelFilter::Join { loc, .. }
            | LabelFilter::Paren(_, loc) => loc,
        }
    }
}

/// One `dst=src` / `dst="template"` item of `label_format`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelFormatItem {
    /// The label written.
    pub dst: Name,
    /// Where its value comes from.
    pub src: LabelSource,
    /// Where it is.
    pub loc: Loc,
}

/// The value of a `label_format` item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelSource {
    /// A rename: the value of another label.
    Label(Name),
    /// A Go template.
    Template(Str),
}

/// One item of `drop` / `keep`: a label name, or a matcher restricting by value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LabelItem {
    /// `a`
    Name(Name),
    /// `a="b"`
    Matcher(Matcher),
}

/// A conversion of the unwrapped value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conversion {
    /// `bytes(x)`
    Bytes,
    /// `duration(x)`
    Duration,
    /// `duration_seconds(x)`
    DurationSeconds,
}

impl Conversion {
    /// The function name.
    pub fn as_str(self) -> &'static str {
        match self {
            Conversion::Bytes => "bytes",
            Conversion::Duration => "duration",
            Conversion::DurationSeconds => "duration_seconds",
        }
    }
}

/// `| unwrap [conv(]label[)]` and the label filters after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unwrap {
    /// The label whose value becomes the sample.
    pub label: Name,
    /// The conversion, if any.
    pub conversion: Option<Conversion>,
    /// Label filters after the unwrap (typically `| __error__=""`).
    pub post_filters: Vec<LabelFilter>,
    /// Where it is (the unwrap stage itself).
    pub loc: Loc,
}

/// The log range argument of a range aggregation: `{…} | json | unwrap x [5m] offset 1h`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogRange {
    /// The stream selector.
    pub selector: Selector,
    /// The pipeline (without the unwrap).
    pub pipeline: Vec<Stage>,
    /// The unwrap stage, if any.
    pub unwrap: Option<Unwrap>,
    /// The range (`5m`, `$__auto`).
    pub range: Scalar,
    /// The offset, if any.
    pub offset: Option<Scalar>,
    /// Where it is.
    pub loc: Loc,
}

/// A range aggregation function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RangeOp {
    /// `count_over_time`
    CountOverTime,
    /// `rate`
    Rate,
    /// `rate_counter`
    RateCounter,
    /// `bytes_over_time`
    BytesOverTime,
    /// `bytes_rate`
    BytesRate,
    /// `absent_over_time`
    AbsentOverTime,
    /// `sum_over_time`
    SumOverTime,
    /// `avg_over_time`
    AvgOverTime,
    /// `min_over_time`
    MinOverTime,
    /// `max_over_time`
    MaxOverTime,
    /// `stddev_over_time`
    StddevOverTime,
    /// `stdvar_over_time`
    StdvarOverTime,
    /// `quantile_over_time`
    QuantileOverTime,
    /// `first_over_time`
    FirstOverTime,
    /// `last_over_time`
    LastOverTime,
}

/// Whether a range aggregation takes an `unwrap`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnwrapUse {
    /// It must not have one (counts lines or bytes).
    Forbidden,
    /// It may (`rate`, `absent_over_time`).
    Optional,
    /// It needs one (aggregates sample values).
    Required,
}

impl RangeOp {
    /// Every range aggregation with its name.
    pub const ALL: &[(RangeOp, &str)] = &[
        (RangeOp::CountOverTime, "count_over_time"),
        (RangeOp::Rate, "rate"),
        (RangeOp::RateCounter, "rate_counter"),
        (RangeOp::BytesOverTime, "bytes_over_time"),
        (RangeOp::BytesRate, "bytes_rate"),
        (RangeOp::AbsentOverTime, "absent_over_time"),
        (RangeOp::SumOverTime, "sum_over_time"),
        (RangeOp::AvgOverTime, "avg_over_time"),
        (RangeOp::MinOverTime, "min_over_time"),
        (RangeOp::MaxOverTime, "max_over_time"),
        (RangeOp::StddevOverTime, "stddev_over_time"),
        (RangeOp::StdvarOverTime, "stdvar_over_time"),
        (RangeOp::QuantileOverTime, "quantile_over_time"),
        (RangeOp::FirstOverTime, "first_over_time"),
        (RangeOp::LastOverTime, "last_over_time"),
    ];

    /// The function name.
    pub fn as_str(self) -> &'static str {
        RangeOp::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("", |(_, n)| n)
    }

    /// The operation called `name`, if any.
    pub fn from_name(name: &str) -> Option<RangeOp> {
        RangeOp::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(op, _)| *op)
    }

    /// Whether it takes an unwrap.
    pub fn unwrap_use(self) -> UnwrapUse {
        match self {
            RangeOp::CountOverTime | RangeOp::BytesOverTime | RangeOp::BytesRate => {
                UnwrapUse::Forbidden
            }
            RangeOp::Rate | RangeOp::AbsentOverTime => UnwrapUse::Optional,
            _ => UnwrapUse::Required,
        }
    }

    /// True when `by`/`without` may follow it (Loki allows grouping only where the
    /// aggregation keeps series apart: the unwrapped statistics and rates).
    pub fn allows_grouping(self) -> bool {
        !matches!(
            self,
            RangeOp::CountOverTime
                | RangeOp::BytesOverTime
                | RangeOp::BytesRate
                | RangeOp::AbsentOverTime
                | RangeOp::SumOverTime
        )
    }

    /// True when it takes a leading scalar parameter (`quantile_over_time(0.99, …)`).
    pub fn takes_param(self) -> bool {
        self == RangeOp::QuantileOverTime
    }
}

/// `by (a, b)` or `without (a)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grouping {
    /// True for `without`.
    pub without: bool,
    /// The labels.
    pub labels: Vec<Name>,
    /// Where it is.
    pub loc: Loc,
}

/// `op(param, log_range) by (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RangeAgg {
    /// The function.
    pub op: RangeOp,
    /// Where the function name is.
    pub op_loc: Loc,
    /// The scalar parameter (`quantile_over_time`).
    pub param: Option<Scalar>,
    /// The log range.
    pub range: LogRange,
    /// The grouping, if any.
    pub grouping: Option<Grouping>,
    /// Where it is.
    pub loc: Loc,
}

/// A vector aggregation operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VectorOp {
    /// `sum`
    Sum,
    /// `avg`
    Avg,
    /// `min`
    Min,
    /// `max`
    Max,
    /// `stddev`
    Stddev,
    /// `stdvar`
    Stdvar,
    /// `count`
    Count,
    /// `topk`
    Topk,
    /// `bottomk`
    Bottomk,
    /// `sort`
    Sort,
    /// `sort_desc`
    SortDesc,
    /// `approx_topk` (Loki 3.3, probabilistic)
    ApproxTopk,
}

impl VectorOp {
    /// Every vector aggregation with its name.
    pub const ALL: &[(VectorOp, &str)] = &[
        (VectorOp::Sum, "sum"),
        (VectorOp::Avg, "avg"),
        (VectorOp::Min, "min"),
        (VectorOp::Max, "max"),
        (VectorOp::Stddev, "stddev"),
        (VectorOp::Stdvar, "stdvar"),
        (VectorOp::Count, "count"),
        (VectorOp::Topk, "topk"),
        (VectorOp::Bottomk, "bottomk"),
        (VectorOp::Sort, "sort"),
        (VectorOp::SortDesc, "sort_desc"),
        (VectorOp::ApproxTopk, "approx_topk"),
    ];

    /// The operator name.
    pub fn as_str(self) -> &'static str {
        VectorOp::ALL
            .iter()
            .find(|(op, _)| *op == self)
            .map_or("", |(_, n)| n)
    }

    /// The operator called `name`, if any.
    pub fn from_name(name: &str) -> Option<VectorOp> {
        VectorOp::ALL
            .iter()
            .find(|(_, n)| n.eq_ignore_ascii_case(name))
            .map(|(op, _)| *op)
    }

    /// True when it needs a leading `k` parameter.
    pub fn takes_param(self) -> bool {
        matches!(
            self,
            VectorOp::Topk | VectorOp::Bottomk | VectorOp::ApproxTopk
        )
    }
}

/// `op by (…) (param, expr)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorAgg {
    /// The operator.
    pub op: VectorOp,
    /// Where the operator name is.
    pub op_loc: Loc,
    /// The `k` parameter (`topk`, `bottomk`, `approx_topk`).
    pub param: Option<Scalar>,
    /// The aggregated expression.
    pub expr: Box<Expr>,
    /// The grouping, if any (before or after the body: same meaning).
    pub grouping: Option<Grouping>,
    /// Where it is.
    pub loc: Loc,
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `or`
    Or,
    /// `and`
    And,
    /// `unless`
    Unless,
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Mod,
    /// `^`
    Pow,
}

impl BinOp {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Or => "or",
            BinOp::And => "and",
            BinOp::Unless => "unless",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "^",
        }
    }

    /// Binding strength, PromQL's: `or` < `and`/`unless` < comparisons < `+ -` < `* / %` < `^`.
    pub fn precedence(self) -> u8 {
        match self {
            BinOp::Or => 1,
            BinOp::And | BinOp::Unless => 2,
            BinOp::Eq | BinOp::Ne | BinOp::Gt | BinOp::Ge | BinOp::Lt | BinOp::Le => 3,
            BinOp::Add | BinOp::Sub => 4,
            BinOp::Mul | BinOp::Div | BinOp::Mod => 5,
            BinOp::Pow => 6,
        }
    }

    /// True for comparisons (where `bool` may follow).
    pub fn is_comparison(self) -> bool {
        self.precedence() == 3
    }

    /// True for `and`, `or`, `unless`.
    pub fn is_set(self) -> bool {
        self.precedence() <= 2
    }
}

/// `on (…)` / `ignoring (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorMatching {
    /// True for `ignoring`.
    pub ignoring: bool,
    /// The labels.
    pub labels: Vec<Name>,
}

/// `group_left (…)` / `group_right (…)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupModifier {
    /// True for `group_right`.
    pub right: bool,
    /// The labels copied from the "one" side.
    pub labels: Vec<Name>,
}

/// `lhs op [bool] [on|ignoring (…)] [group_left|group_right (…)] rhs`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binary {
    /// The operator.
    pub op: BinOp,
    /// Where the operator is.
    pub op_loc: Loc,
    /// `bool` after a comparison.
    pub bool_modifier: bool,
    /// `on` / `ignoring`.
    pub matching: Option<VectorMatching>,
    /// `group_left` / `group_right`.
    pub group: Option<GroupModifier>,
    /// Left operand.
    pub lhs: Box<Expr>,
    /// Right operand.
    pub rhs: Box<Expr>,
    /// Where it is.
    pub loc: Loc,
}

/// `vector(n)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorLit {
    /// The value.
    pub value: Scalar,
    /// Where it is.
    pub loc: Loc,
}

/// `label_replace(expr, "dst", "replacement", "src", "regex")`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelReplace {
    /// The metric expression.
    pub expr: Box<Expr>,
    /// Destination label.
    pub dst: Str,
    /// Replacement (`$1`).
    pub replacement: Str,
    /// Source label.
    pub src: Str,
    /// Regex over the source label.
    pub regex: Str,
    /// Where it is.
    pub loc: Loc,
}
