//! Every PromQL function with its argument and return types, the Prometheus version that
//! introduced it (and removed it, for `holt_winters`), and whether it is experimental
//! (needs `--enable-feature=promql-experimental-functions`). Source of truth: Prometheus'
//! `promql/parser/functions.go` (v3.14) and its changelog.

use crate::query::Version;

/// The type of a PromQL value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueType {
    /// A single number.
    Scalar,
    /// An instant vector.
    Vector,
    /// A range vector.
    Matrix,
    /// A string.
    String,
}

impl ValueType {
    /// The name Prometheus uses in its messages.
    pub fn name(self) -> &'static str {
        match self {
            ValueType::Scalar => "scalar",
            ValueType::Vector => "instant vector",
            ValueType::Matrix => "range vector",
            ValueType::String => "string",
        }
    }
}

/// One function's signature.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    /// The name (case-sensitive).
    pub name: &'static str,
    /// Types of the arguments.
    pub args: &'static [ValueType],
    /// 0: exactly `args`; n > 0: up to n trailing arguments are optional; -1: the last
    /// argument repeats any number of times (including zero).
    pub variadic: i8,
    /// The return type.
    pub returns: ValueType,
    /// Behind Prometheus' experimental-functions feature flag.
    pub experimental: bool,
    /// The first Prometheus version with this function.
    pub since: Version,
    /// The first Prometheus version without it, if removed.
    pub removed: Option<Version>,
}

use ValueType::{Matrix as M, Scalar as S, String as Str, Vector as V};

const fn f(
    name: &'static str,
    args: &'static [ValueType],
    variadic: i8,
    returns: ValueType,
    since: (u32, u32),
) -> Function {
    Function {
        name,
        args,
        variadic,
        returns,
        experimental: false,
        since: Version::new(since.0, since.1, 0),
        removed: None,
    }
}

const fn exp(mut func: Function) -> Function {
    func.experimental = true;
    func
}

const BASE: (u32, u32) = (2, 0);

/// All functions, sorted by name.
pub const FUNCTIONS: &[Function] = &[
    f("abs", &[V], 0, V, BASE),
    f("absent", &[V], 0, V, BASE),
    f("absent_over_time", &[M], 0, V, (2, 16)),
    f("acos", &[V], 0, V, (2, 26)),
    f("acosh", &[V], 0, V, (2, 26)),
    f("asin", &[V], 0, V, (2, 26)),
    f("asinh", &[V], 0, V, (2, 26)),
    f("atan", &[V], 0, V, (2, 26)),
    f("atanh", &[V], 0, V, (2, 26)),
    f("avg_over_time", &[M], 0, V, BASE),
    f("ceil", &[V], 0, V, BASE),
    f("changes", &[M], 0, V, BASE),
    f("clamp", &[V, S, S], 0, V, (2, 26)),
    f("clamp_max", &[V, S], 0, V, BASE),
    f("clamp_min", &[V, S], 0, V, BASE),
    f("cos", &[V], 0, V, (2, 26)),
    f("cosh", &[V], 0, V, (2, 26)),
    f("count_over_time", &[M], 0, V, BASE),
    f("day_of_month", &[V], 1, V, BASE),
    f("day_of_week", &[V], 1, V, BASE),
    f("day_of_year", &[V], 1, V, (2, 39)),
    f("days_in_month", &[V], 1, V, BASE),
    f("deg", &[V], 0, V, (2, 26)),
    f("delta", &[M], 0, V, BASE),
    f("deriv", &[M], 0, V, BASE),
    exp(f("double_exponential_smoothing", &[M, S, S], 0, V, (3, 0))),
    exp(f("end", &[], 0, S, (3, 12))),
    f("exp", &[V], 0, V, BASE),
    f("first_over_time", &[M], 0, V, (3, 7)),
    f("floor", &[V], 0, V, BASE),
    f("histogram_avg", &[V], 0, V, (2, 51)),
    f("histogram_count", &[V], 0, V, (2, 40)),
    f("histogram_fraction", &[S, S, V], 0, V, (2, 40)),
    f("histogram_quantile", &[S, V], 0, V, BASE),
    exp(f("histogram_quantiles", &[V, Str, S, S], 9, V, (3, 11))),
    f("histogram_stddev", &[V], 0, V, (2, 40)),
    f("histogram_stdvar", &[V], 0, V, (2, 40)),
    f("histogram_sum", &[V], 0, V, (2, 40)),
    Function {
        removed: Some(Version::new(3, 0, 0)),
        ..f("holt_winters", &[M, S, S], 0, V, BASE)
    },
    f("hour", &[V], 1, V, BASE),
    f("idelta", &[M], 0, V, BASE),
    f("increase", &[M], 0, V, BASE),
    exp(f("info", &[V, V], 1, V, (2, 55))),
    f("irate", &[M], 0, V, BASE),
    f("label_join", &[V, Str, Str, Str], -1, V, BASE),
    f("label_replace", &[V, Str, Str, Str, Str], 0, V, BASE),
    f("last_over_time", &[M], 0, V, (2, 26)),
    f("ln", &[V], 0, V, BASE),
    f("log10", &[V], 0, V, BASE),
    f("log2", &[V], 0, V, BASE),
    exp(f("mad_over_time", &[M], 0, V, (2, 45))),
    exp(f("max_of", &[S, S], 0, S, (3, 13))),
    f("max_over_time", &[M], 0, V, BASE),
    exp(f("min_of", &[S, S], 0, S, (3, 13))),
    f("min_over_time", &[M], 0, V, BASE),
    f("minute", &[V], 1, V, BASE),
    f("month", &[V], 1, V, BASE),
    f("pi", &[], 0, S, (2, 26)),
    f("predict_linear", &[M, S], 0, V, BASE),
    f("present_over_time", &[M], 0, V, (2, 29)),
    f("quantile_over_time", &[S, M], 0, V, BASE),
    f("rad", &[V], 0, V, (2, 26)),
    exp(f("range", &[], 0, S, (3, 12))),
    f("rate", &[M], 0, V, BASE),
    f("resets", &[M], 0, V, BASE),
    f("round", &[V, S], 1, V, BASE),
    f("scalar", &[V], 0, S, BASE),
    f("sgn", &[V], 0, V, (2, 26)),
    f("sin", &[V], 0, V, (2, 26)),
    f("sinh", &[V], 0, V, (2, 26)),
    f("sort", &[V], 0, V, BASE),
    exp(f("sort_by_label", &[V, Str], -1, V, (2, 49))),
    exp(f("sort_by_label_desc", &[V, Str], -1, V, (2, 49))),
    f("sort_desc", &[V], 0, V, BASE),
    f("sqrt", &[V], 0, V, BASE),
    exp(f("start", &[], 0, S, (3, 12))),
    exp(f("start_timestamp", &[V], 0, V, (3, 14))),
    f("stddev_over_time", &[M], 0, V, BASE),
    f("stdvar_over_time", &[M], 0, V, BASE),
    exp(f("step", &[], 0, S, (3, 12))),
    f("sum_over_time", &[M], 0, V, BASE),
    f("tan", &[V], 0, V, (2, 26)),
    f("tanh", &[V], 0, V, (2, 26)),
    f("time", &[], 0, S, BASE),
    f("timestamp", &[V], 0, V, BASE),
    exp(f("ts_of_first_over_time", &[M], 0, V, (3, 7))),
    exp(f("ts_of_last_over_time", &[M], 0, V, (3, 5))),
    exp(f("ts_of_max_over_time", &[M], 0, V, (3, 5))),
    exp(f("ts_of_min_over_time", &[M], 0, V, (3, 5))),
    f("vector", &[S], 0, V, BASE),
    f("year", &[V], 1, V, BASE),
];

/// The function named `name` (case-sensitive), whatever the target version.
pub fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS
        .binary_search_by(|f| f.name.cmp(name))
        .ok()
        .and_then(|i| FUNCTIONS.get(i))
}

impl Function {
    /// True when the target version has this function.
    pub fn available_in(&self, v: Version) -> bool {
        v >= self.since && self.removed.is_none_or(|r| v < r)
    }

    /// Smallest and largest argument count (`None`: unbounded).
    pub fn arity(&self) -> (usize, Option<usize>) {
        let n = self.args.len();
        let min = n.saturating_sub(1);
        match self.variadic {
            0 => (n, Some(n)),
            v if v < 0 => (min, None),
            v => (min, Some(min + v as usize)),
        }
    }

    /// Expected type of argument `i` (the last type repeats for variadic functions).
    pub fn arg_type(&self, i: usize) -> Option<ValueType> {
        self.args.get(i).or_else(|| self.args.last()).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_for_binary_search() {
        for w in FUNCTIONS.windows(2) {
            assert!(w[0].name < w[1].name, "{} before {}", w[0].name, w[1].name);
        }
        assert!(lookup("rate").is_some());
        assert!(lookup("Rate").is_none());
    }

    #[test]
    fn arity_follows_variadic_rules() {
        assert_eq!(lookup("rate").map(Function::arity), Some((1, Some(1))));
        assert_eq!(lookup("round").map(Function::arity), Some((1, Some(2))));
        assert_eq!(lookup("label_join").map(Function::arity), Some((3, None)));
        assert_eq!(lookup("hour").map(Function::arity), Some((0, Some(1))));
        assert_eq!(
            lookup("histogram_quantiles").map(Function::arity),
            Some((3, Some(12)))
        );
    }

    #[test]
    fn versions_gate_functions() {
        let hw = lookup("holt_winters").map(|f| f.available_in(Version::new(3, 0, 0)));
        assert_eq!(hw, Some(false));
        let des = lookup("double_exponential_smoothing");
        assert_eq!(
            des.map(|f| f.available_in(Version::new(2, 53, 0))),
            Some(false)
        );
    }
}
