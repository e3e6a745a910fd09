//! PromQL lexer: turns the expression text into tokens with byte spans. Grafana variables
//! (`$var`, `${var:fmt}`, `[[var]]`) are lexed as parts of identifiers, so they can stand
//! wherever Prometheus allows a name, a duration or a number.

use crate::query::vars;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A name (metric, label, function, keyword); may contain Grafana variables.
    Ident,
    /// A number literal (decimal, hex, `Inf`, `NaN` are lexed as [`Tok::Ident`]).
    Number,
    /// A duration literal such as `5m` or `1h30m`.
    Duration,
    /// A string literal in `"…"`, `'…'` or `` `…` ``.
    Str,
    LParen,
    RParen,
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Comma,
    Colon,
    At,
    Add,
    Sub,
    Mul,
    Div,
    Mod,
    Pow,
    /// `=`
    Assign,
    /// `==`
    EqlC,
    Neq,
    Lss,
    Lte,
    Gtr,
    Gte,
    EqlRegex,
    NeqRegex,
    /// `</`
    TrimUpper,
    /// `>/`
    TrimLower,
    /// `|`, `|=`, `|~`, `|>`: LogQL pipeline syntax, never valid PromQL.
    Pipe,
    /// A byte sequence that is no token; the message says why.
    Error(LexError),
    Eof,
}

/// Why some bytes are not a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LexError {
    UnterminatedString,
    BadEscape,
    BadNumber,
    UnexpectedChar,
    LoneBang,
}

/// How an identifier token relates to Grafana variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VarShape {
    /// No variable in it.
    None,
    /// Exactly one variable and nothing else (`$x`, `${x:csv}`, `[[x]]`).
    Whole,
    /// Variables mixed with name characters (`node_$x_total`).
    Part,
}

/// One token: kind, byte span and (for identifiers) its variable shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: Tok,
    pub start: u32,
    pub end: u32,
    pub vars: VarShape,
}

impl Token {
    pub fn span(&self) -> crate::query::Span {
        self.start as usize..self.end as usize
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_'
}

fn is_word_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b':'
}

/// Lexes all of `src`; the last token is always [`Tok::Eof`]. Lexing never fails: bad bytes
/// become [`Tok::Error`] tokens that the parser reports.
pub(crate) fn lex(src: &str) -> Vec<Token> {
    let bytes = src.as_bytes();
    let mut out = Vec::with_capacity(src.len() / 3 + 2);
    let mut i = 0;
    // Inside `[…]` a colon separates range and step; outside it may start a metric name.
    let mut brackets = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            _ => {}
        }
        let start = i;
        let (kind, end, vars) =
            if b == b':' && brackets == 0 && bytes.get(i + 1).is_some_and(|c| is_ident_char(*c)) {
                ident(src, i + 1, false)
            } else {
                token_at(src, i)
            };
        match kind {
            Tok::LBracket => brackets += 1,
            Tok::RBracket => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        i = end.max(start + 1);
        // Never split a UTF-8 character: error tokens swallow continuation bytes.
        while i < bytes.len() && !src.is_char_boundary(i) {
            i += 1;
        }
        out.push(Token {
            kind,
            start: start as u32,
            end: i as u32,
            vars,
        });
    }
    out.push(Token {
        kind: Tok::Eof,
        start: bytes.len() as u32,
        end: bytes.len() as u32,
        vars: VarShape::None,
    });
    out
}

fn token_at(src: &str, i: usize) -> (Tok, usize, VarShape) {
    let bytes = src.as_bytes();
    let b = bytes[i];
    let next = bytes.get(i + 1).copied().unwrap_or(0);
    let simple = |k: Tok, n: usize| (k, i + n, VarShape::None);
    match b {
        b'(' => simple(Tok::LParen, 1),
        b')' => simple(Tok::RParen, 1),
        b'{' => simple(Tok::LBrace, 1),
        b'}' => simple(Tok::RBrace, 1),
        b'[' => {
            if next == b'['
                && let Some(v) = vars::lex_at(src, i)
            {
                return ident(src, v.span.end, true);
            }
            simple(Tok::LBracket, 1)
        }
        b']' => simple(Tok::RBracket, 1),
        b',' => simple(Tok::Comma, 1),
        b':' => simple(Tok::Colon, 1),
        b'@' => simple(Tok::At, 1),
        b'+' => simple(Tok::Add, 1),
        b'-' => simple(Tok::Sub, 1),
        b'*' => simple(Tok::Mul, 1),
        b'/' => simple(Tok::Div, 1),
        b'%' => simple(Tok::Mod, 1),
        b'^' => simple(Tok::Pow, 1),
        b'=' => match next {
            b'=' => simple(Tok::EqlC, 2),
            b'~' => simple(Tok::EqlRegex, 2),
            _ => simple(Tok::Assign, 1),
        },
        b'!' => match next {
            b'=' => simple(Tok::Neq, 2),
            b'~' => simple(Tok::NeqRegex, 2),
            _ => simple(Tok::Error(LexError::LoneBang), 1),
        },
        b'<' => match next {
            b'=' => simple(Tok::Lte, 2),
            b'/' => simple(Tok::TrimUpper, 2),
            _ => simple(Tok::Lss, 1),
        },
        b'>' => match next {
            b'=' => simple(Tok::Gte, 2),
            b'/' => simple(Tok::TrimLower, 2),
            _ => simple(Tok::Gtr, 1),
        },
        b'|' => match next {
            b'=' | b'~' | b'>' => simple(Tok::Pipe, 2),
            _ => simple(Tok::Pipe, 1),
        },
        b'"' | b'\'' | b'`' => string(bytes, i),
        b'$' => match vars::lex_at(src, i) {
            Some(v) => ident(src, v.span.end, true),
            None => simple(Tok::Error(LexError::UnexpectedChar), 1),
        },
        b'0'..=b'9' => number(bytes, i),
        b'.' if next.is_ascii_digit() => number(bytes, i),
        _ if is_ident_start(b) => ident(src, i + 1, false),
        _ => simple(Tok::Error(LexError::UnexpectedChar), 1),
    }
}

/// Continues an identifier from `i`; `had_var` tells whether it began with a variable.
fn ident(src: &str, mut i: usize, mut had_var: bool) -> (Tok, usize, VarShape) {
    let bytes = src.as_bytes();
    let mut had_text = !had_var;
    let mut after_var = had_var;
    loop {
        match bytes.get(i) {
            // `[$__interval:]`: a colon right after a variable ends the name unless a
            // name continues after it (`$prefix:rate5m`).
            Some(b':')
                if after_var
                    && !bytes
                        .get(i + 1)
                        .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_') =>
            {
                break;
            }
            Some(&c) if is_ident_char(c) => {
                had_text = true;
                after_var = false;
                i += 1;
            }
            // `node_[[x]]_total`, like `node_$x_total` (Grafana substitutes both textually).
            Some(b'$' | b'[') => match vars::lex_at(src, i) {
                Some(v) => {
                    had_var = true;
                    after_var = true;
                    i = v.span.end;
                }
                None => break,
            },
            _ => break,
        }
    }
    let shape = match (had_var, had_text) {
        (false, _) => VarShape::None,
        (true, false) => VarShape::Whole,
        (true, true) => VarShape::Part,
    };
    (Tok::Ident, i, shape)
}

fn string(bytes: &[u8], start: usize) -> (Tok, usize, VarShape) {
    let quote = bytes[start];
    let mut i = start + 1;
    let mut bad_escape = false;
    while i < bytes.len() {
        let c = bytes[i];
        if c == quote {
            let kind = if bad_escape {
                Tok::Error(LexError::BadEscape)
            } else {
                Tok::Str
            };
            return (kind, i + 1, VarShape::None);
        }
        if quote != b'`' {
            if c == b'\n' {
                break;
            }
            if c == b'\\' {
                match escape_len(bytes, i + 1, quote) {
                    Some(n) => i += 1 + n,
                    None => {
                        bad_escape = true;
                        i += 2;
                    }
                }
                continue;
            }
        }
        i += 1;
    }
    (
        Tok::Error(LexError::UnterminatedString),
        i.min(bytes.len()),
        VarShape::None,
    )
}

/// Length of a valid Go escape sequence body starting at `i` (after the backslash).
fn escape_len(bytes: &[u8], i: usize, quote: u8) -> Option<usize> {
    let c = *bytes.get(i)?;
    let hex = |n: usize| -> Option<usize> {
        let digits = bytes.get(i + 1..i + 1 + n)?;
        digits.iter().all(u8::is_ascii_hexdigit).then_some(n + 1)
    };
    match c {
        b'a' | b'b' | b'f' | b'n' | b'r' | b't' | b'v' | b'\\' => Some(1),
        _ if c == quote => Some(1),
        b'x' => hex(2),
        b'u' => hex(4),
        b'U' => hex(8),
        b'0'..=b'7' => {
            let digits = bytes.get(i..i + 3)?;
            digits
                .iter()
                .all(|d| (b'0'..=b'7').contains(d))
                .then_some(3)
        }
        _ => None,
    }
}

/// A number (`1`, `1.5e3`, `0x1F`, `1_000`) or a duration (`5m`, `1h30m`, `100ms`).
fn number(bytes: &[u8], start: usize) -> (Tok, usize, VarShape) {
    let mut i = start;
    let bad = |end: usize| {
        let mut e = end;
        while e < bytes.len() && (bytes[e].is_ascii_alphanumeric() || bytes[e] == b'.') {
            e += 1;
        }
        (Tok::Error(LexError::BadNumber), e, VarShape::None)
    };
    if bytes[i] == b'0' && matches!(bytes.get(i + 1), Some(b'x' | b'X')) {
        i += 2;
        let digits_start = i;
        i = digits(bytes, i, u8::is_ascii_hexdigit);
        if i == digits_start || bytes.get(i).is_some_and(|c| is_word_char(*c)) {
            return bad(i);
        }
        return (Tok::Number, i, VarShape::None);
    }
    let int_end = digits(bytes, i, u8::is_ascii_digit);
    let all_int = int_end > start;
    i = int_end;
    // A duration: integer followed by a unit, repeated.
    if all_int && bytes.get(i).is_some_and(|c| b"smhdwy".contains(c)) {
        return match duration_units(bytes, start) {
            Some(end) if !bytes.get(end).is_some_and(|c| is_word_char(*c)) => {
                (Tok::Duration, end, VarShape::None)
            }
            _ => bad(i),
        };
    }
    if bytes.get(i) == Some(&b'.') {
        i = digits(bytes, i + 1, u8::is_ascii_digit);
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        let mut j = i + 1;
        if matches!(bytes.get(j), Some(b'+' | b'-')) {
            j += 1;
        }
        let k = digits(bytes, j, u8::is_ascii_digit);
        if k == j {
            return bad(i);
        }
        i = k;
    }
    if bytes.get(i).is_some_and(|c| is_word_char(*c) || *c == b'.') {
        return bad(i);
    }
    (Tok::Number, i, VarShape::None)
}

/// Digits with single underscores between them (`1_000`).
fn digits(bytes: &[u8], mut i: usize, ok: fn(&u8) -> bool) -> usize {
    let start = i;
    while i < bytes.len() {
        let underscore_between =
            bytes[i] == b'_' && i > start && bytes.get(i + 1).is_some_and(ok) && ok(&bytes[i - 1]);
        if !(ok(&bytes[i]) || underscore_between) {
            break;
        }
        i += 1;
    }
    i
}

/// End of a duration literal (`1h30m`); units must be in decreasing order, each once.
fn duration_units(bytes: &[u8], mut i: usize) -> Option<usize> {
    const UNITS: [&[u8]; 8] = [b"y", b"w", b"d", b"h", b"m", b"s", b"ms", b"__"];
    let mut last_rank = usize::MAX;
    loop {
        let d0 = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == d0 {
            return (last_rank != usize::MAX).then_some(d0);
        }
        let rank = if bytes.get(i..i + 2) == Some(b"ms") {
            6
        } else {
            UNITS[..6]
                .iter()
                .position(|u| bytes.get(i) == Some(&u[0]))?
        };
        if last_rank != usize::MAX && rank <= last_rank {
            return None;
        }
        last_rank = rank;
        i += if rank == 6 { 2 } else { 1 };
    }
}

/// Milliseconds of a duration literal already accepted by the lexer.
pub(crate) fn duration_ms(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    let mut total: i64 = 0;
    let mut i = 0;
    while i < bytes.len() {
        let d0 = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let n: i64 = text.get(d0..i)?.parse().ok()?;
        let unit: i64 = if bytes.get(i..i + 2) == Some(b"ms") {
            i += 2;
            1
        } else {
            let u = match bytes.get(i)? {
                b'y' => 365 * 86_400_000,
                b'w' => 7 * 86_400_000,
                b'd' => 86_400_000,
                b'h' => 3_600_000,
                b'm' => 60_000,
                b's' => 1000,
                _ => return None,
            };
            i += 1;
            u
        };
        total = total.checked_add(n.checked_mul(unit)?)?;
    }
    Some(total)
}

/// Value of a number literal already accepted by the lexer (or `Inf`/`NaN`).
pub(crate) fn number_value(text: &str) -> Option<f64> {
    let t: String = text.chars().filter(|c| *c != '_').collect();
    if let Some(hex) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        return u64::from_str_radix(hex, 16).ok().map(|v| v as f64);
    }
    match t.to_ascii_lowercase().as_str() {
        "inf" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => t.parse().ok(),
    }
}

/// The decoded value of a string literal token (quotes included in `text`).
pub(crate) fn unquote(text: &str) -> String {
    let inner = text.get(1..text.len().saturating_sub(1)).unwrap_or("");
    if text.starts_with('`') {
        return inner.to_string();
    }
    let bytes = inner.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let c = bytes.get(i + 1).copied().unwrap_or(b'\\');
        let simple = match c {
            b'a' => Some(7),
            b'b' => Some(8),
            b'f' => Some(12),
            b'n' => Some(b'\n'),
            b'r' => Some(b'\r'),
            b't' => Some(b'\t'),
            b'v' => Some(11),
            b'\\' | b'"' | b'\'' => Some(c),
            _ => None,
        };
        if let Some(s) = simple {
            out.push(s);
            i += 2;
            continue;
        }
        let (len, radix, n) = match c {
            b'x' => (2, 16, 2),
            b'u' => (4, 16, 2),
            b'U' => (8, 16, 2),
            _ => (3, 8, 1),
        };
        let from = i + n;
        let digits = inner.get(from..from + len).unwrap_or("");
        let code = u32::from_str_radix(digits, radix).unwrap_or(0xFFFD);
        if c == b'x' || radix == 8 {
            out.push(code as u8);
        } else {
            let ch = char::from_u32(code).unwrap_or('\u{FFFD}');
            let mut buf = [0u8; 4];
            out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
        }
        i = from + len;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(s: &str) -> Vec<Tok> {
        lex(s).into_iter().map(|t| t.kind).collect()
    }

    #[test]
    fn lexes_numbers_and_durations() {
        assert_eq!(kinds("1h30m"), [Tok::Duration, Tok::Eof]);
        assert_eq!(
            kinds("0x1F 1e3 1_000 .5"),
            [Tok::Number; 4]
                .iter()
                .copied()
                .chain([Tok::Eof])
                .collect::<Vec<_>>()
        );
        assert_eq!(kinds("5mm")[0], Tok::Error(LexError::BadNumber));
        assert_eq!(kinds("1m1h")[0], Tok::Error(LexError::BadNumber));
        assert_eq!(duration_ms("1h30m"), Some(5_400_000));
        assert_eq!(duration_ms("100ms"), Some(100));
        assert_eq!(number_value("1_000"), Some(1000.0));
        assert_eq!(number_value("0x1F"), Some(31.0));
    }

    #[test]
    fn lexes_variables_inside_identifiers() {
        let t = lex("node_$x_total ${m} [[v]]");
        assert_eq!(t[0].vars, VarShape::Part);
        assert_eq!(t[1].vars, VarShape::Whole);
        assert_eq!(t[2].vars, VarShape::Whole);
        assert_eq!(t[2].span(), 19..24);
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(kinds(r#""a\"b""#)[0], Tok::Str);
        assert_eq!(kinds(r#""a\qb""#)[0], Tok::Error(LexError::BadEscape));
        assert_eq!(kinds("\"abc")[0], Tok::Error(LexError::UnterminatedString));
        assert_eq!(unquote(r#""a\n\x41\u00e9""#), "a\nAé");
        assert_eq!(unquote(r"`\d`"), r"\d");
    }

    #[test]
    fn never_splits_utf8() {
        for s in ["é", "\u{80}x", "a\u{10FFFF}", "\"é"] {
            for t in lex(s) {
                assert!(s.is_char_boundary(t.start as usize) && s.is_char_boundary(t.end as usize));
            }
        }
    }
}
