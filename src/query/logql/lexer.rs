//! LogQL tokens: the lexer turns the expression text into tokens with byte spans, skipping
//! whitespace and `#` comments, and records every Grafana variable use (as a token, or inside
//! a string literal) in source order.

use super::super::vars::{self, VarUse};
use super::super::{QueryError, Span};

/// What a token is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok {
    /// A name: label, keyword or function (`job`, `sum`, `count_over_time`, `loki:x`).
    Ident,
    /// A number literal: `1`, `0.5`, `1e3`, `0x1f`.
    Number,
    /// A duration literal: `5m`, `1h30m`, `1.5s`.
    Duration,
    /// A bytes literal: `10MB`, `1KiB`.
    Bytes,
    /// A string literal, with its unescaped value.
    Str {
        /// The value after unescaping.
        value: String,
        /// True for a backtick (raw) string.
        backtick: bool,
    },
    /// A Grafana variable (`$x`, `${x}`, `[[x]]`); its use is in the lexer's variable list.
    Var,
    /// A logfmt parser flag: `--strict`, `--keep-empty`.
    Flag,
    /// Punctuation or an operator, by its text (`{`, `|=`, `!~`, `>=`, …).
    Punct(&'static str),
    /// End of input.
    Eof,
}

/// One token and where it is.
#[derive(Debug, Clone)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Its bytes in the expression.
    pub span: Span,
}

/// Operators and punctuation, longest first so that `|=` wins over `|`.
const PUNCT: &[&str] = &[
    "|=", "|~", "|>", "!=", "!~", "!>", "=~", "==", "<=", ">=", "{", "}", "(", ")", "[", "]", ",",
    "|", "=", "<", ">", "+", "-", "*", "/", "%", "^",
];

/// Duration units, longest first (`ms` before `m`).
const DURATION_UNITS: &[&str] = &["ms", "µs", "us", "ns", "y", "w", "d", "h", "m", "s"];
/// Bytes units accepted by Loki's label filters.
const BYTES_UNITS: &[&str] = &[
    "KiB", "MiB", "GiB", "TiB", "PiB", "KB", "kB", "MB", "GB", "TB", "PB", "B",
];

/// The tokens of `src` (ending with `Eof`) and the variable uses, or the first lexical error.
pub struct Lexed {
    /// Tokens, the last one `Eof`.
    pub tokens: Vec<Token>,
    /// Every variable use in source order (tokens and inside strings).
    pub variables: Vec<VarUse>,
    /// The first lexical error, if any; tokens stop before it.
    pub error: Option<QueryError>,
}

/// Splits `src` into tokens.
pub fn lex(src: &str) -> Lexed {
    let mut lx = Lexer {
        src,
        bytes: src.as_bytes(),
        pos: 0,
        out: Lexed {
            tokens: Vec::new(),
            variables: Vec::new(),
            error: None,
        },
    };
    lx.run();
    // After a lexical error the parser sees the end of input there, so that a syntax error
    // earlier in the text is still reported first.
    let end = lx.out.error.as_ref().map_or(src.len(), |e| e.span.start);
    lx.out.tokens.push(Token {
        tok: Tok::Eof,
        span: end..end,
    });
    lx.out
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: Lexed,
}

fn err(message: impl Into<String>, span: Span, hint: Option<&str>) -> QueryError {
    QueryError {
        message: message.into(),
        span,
        hint: hint.map(str::to_string),
    }
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b == b':'
}

fn is_ident_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b':'
}

impl Lexer<'_> {
    fn run(&mut self) {
        while self.out.error.is_none() {
            self.skip_blank();
            let Some(&b) = self.bytes.get(self.pos) else {
                return;
            };
            let start = self.pos;
            let result = match b {
                b'"' | b'`' => self.string(b),
                b'$' => self.variable(),
                b'[' if self.bytes.get(start + 1) == Some(&b'[') => {
                    match vars::lex_at(self.src, start) {
                        Some(_) => self.variable(),
                        None => Ok(self.punct()),
                    }
                }
                b'-' if self.bytes.get(start + 1) == Some(&b'-') => self.flag(),
                b'0'..=b'9' => self.number(),
                b'.' if self.bytes.get(start + 1).is_some_and(u8::is_ascii_digit) => self.number(),
                _ if is_ident_start(b) => Ok(self.ident()),
                _ => Ok(self.punct()),
            };
            match result {
                Ok(Some(tok)) => self.out.tokens.push(Token {
                    tok,
                    span: start..self.pos,
                }),
                Ok(None) => {
                    let ch_len = self.src[start..].chars().next().map_or(1, char::len_utf8);
                    let ch = &self.src[start..start + ch_len];
                    let mut e = err(
                        format!("unexpected character {ch:?}"),
                        start..start + ch_len,
                        None,
                    );
                    // Glued to a string's closing quote: quotes probably paired up wrongly.
                    if let Some(Token {
                        tok:
                            Tok::Str {
                                backtick: false, ..
                            },
                        span,
                    }) = self.out.tokens.last()
                        && span.end == start
                    {
                        e.span = span.start..start + ch_len;
                        e.hint = Some(
                            "is a closing quote missing? the string before this ends at an unexpected quote"
                                .into(),
                        );
                    }
                    self.out.error = Some(e);
                }
                Err(e) => self.out.error = Some(e),
            }
        }
    }

    fn skip_blank(&mut self) {
        while let Some(&b) = self.bytes.get(self.pos) {
            if b.is_ascii_whitespace() {
                self.pos += 1;
            } else if b == b'#' {
                while self.bytes.get(self.pos).is_some_and(|&c| c != b'\n') {
                    self.pos += 1;
                }
            } else {
                return;
            }
        }
    }

    fn punct(&mut self) -> Option<Tok> {
        let rest = &self.src[self.pos..];
        let p = PUNCT.iter().find(|p| rest.starts_with(**p))?;
        self.pos += p.len();
        Some(Tok::Punct(p))
    }

    fn ident(&mut self) -> Option<Tok> {
        while self.bytes.get(self.pos).is_some_and(|&b| is_ident_char(b)) {
            self.pos += 1;
        }
        Some(Tok::Ident)
    }

    fn variable(&mut self) -> Result<Option<Tok>, QueryError> {
        match vars::lex_at(self.src, self.pos) {
            Some(v) => {
                self.pos = v.span.end;
                self.out.variables.push(v);
                Ok(Some(Tok::Var))
            }
            None => Err(err(
                "\"$\" does not start a Grafana variable",
                self.pos..self.pos + 1,
                Some("write a variable as $name, ${name} or ${name:format}"),
            )),
        }
    }

    fn flag(&mut self) -> Result<Option<Tok>, QueryError> {
        let start = self.pos;
        let mut end = start + 2;
        while self
            .bytes
            .get(end)
            .is_some_and(|&b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            end += 1;
        }
        let text = &self.src[start..end];
        if matches!(text, "--strict" | "--keep-empty") {
            self.pos = end;
            Ok(Some(Tok::Flag))
        } else {
            Err(err(
                format!("unknown flag {text:?}"),
                start..end.max(start + 2),
                Some("logfmt accepts the flags --strict and --keep-empty"),
            ))
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// A decimal number without exponent: `12`, `1.5`, `.5`.
    fn decimal(&mut self) -> usize {
        let start = self.pos;
        self.digits();
        if self.bytes.get(self.pos) == Some(&b'.')
            && self.bytes.get(self.pos + 1).is_some_and(u8::is_ascii_digit)
        {
            self.pos += 1;
            self.digits();
        } else if self.bytes.get(self.pos) == Some(&b'.') && self.pos > start {
            // `1.` is a number in LogQL (Go's ParseFloat accepts it).
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Option<Tok>, QueryError> {
        let start = self.pos;
        if self.src[start..].starts_with("0x") || self.src[start..].starts_with("0X") {
            self.pos += 2;
            while self.bytes.get(self.pos).is_some_and(u8::is_ascii_hexdigit) {
                self.pos += 1;
            }
            if self.pos == start + 2 {
                return Err(err(
                    "hexadecimal number without digits",
                    start..self.pos,
                    None,
                ));
            }
            return self.no_suffix(start, Tok::Number);
        }
        self.decimal();
        // An exponent: `1e3`, `2.5E-3` (but not the `e` of a unit-less word).
        let save = self.pos;
        if matches!(self.bytes.get(self.pos), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.bytes.get(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                self.pos = save;
            } else {
                return self.no_suffix(start, Tok::Number);
            }
        }
        if !self
            .bytes
            .get(self.pos)
            .is_some_and(|&b| b.is_ascii_alphabetic() || b == 0xC2)
        {
            return self.no_suffix(start, Tok::Number);
        }
        let unit_start = self.pos;
        if let Some(u) = BYTES_UNITS
            .iter()
            .find(|u| self.src[unit_start..].starts_with(**u))
        {
            self.pos += u.len();
            return self.no_suffix(start, Tok::Bytes);
        }
        self.pos = unit_start;
        self.duration_units(start)
    }

    /// After the first number of a duration: `<unit> (<number> <unit>)*`.
    fn duration_units(&mut self, start: usize) -> Result<Option<Tok>, QueryError> {
        loop {
            let rest = &self.src[self.pos..];
            let Some(u) = DURATION_UNITS.iter().find(|u| rest.starts_with(**u)) else {
                return Err(self.bad_literal(start));
            };
            self.pos += u.len();
            if !self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
                return self.no_suffix(start, Tok::Duration);
            }
            if self.decimal() == 0 {
                return Err(self.bad_literal(start));
            }
        }
    }

    /// A literal must not run into a name (`5mx`, `10foo`).
    fn no_suffix(&mut self, start: usize, tok: Tok) -> Result<Option<Tok>, QueryError> {
        if self
            .bytes
            .get(self.pos)
            .is_some_and(|&b| is_ident_char(b) || b == b'.' || b >= 0x80)
        {
            return Err(self.bad_literal(start));
        }
        Ok(Some(tok))
    }

    fn bad_literal(&mut self, start: usize) -> QueryError {
        let mut end = self.pos;
        while self
            .bytes
            .get(end)
            .is_some_and(|&b| is_ident_char(b) || b == b'.' || b >= 0x80)
        {
            end += 1;
        }
        while !self.src.is_char_boundary(end) {
            end += 1;
        }
        let text = &self.src[start..end];
        err(
            format!("invalid number or duration {text:?}"),
            start..end,
            Some("durations are like 5m, 1h30m or 250ms; sizes like 10MB or 1KiB"),
        )
    }

    fn string(&mut self, quote: u8) -> Result<Option<Tok>, QueryError> {
        let start = self.pos;
        self.pos += 1;
        if quote == b'`' {
            let Some(len) = self.src[self.pos..].find('`') else {
                return Err(self.unterminated(start, self.src.len()));
            };
            let value = self.src[self.pos..self.pos + len].to_string();
            self.record_string_vars(self.pos, &value);
            self.pos += len + 1;
            return Ok(Some(Tok::Str {
                value,
                backtick: true,
            }));
        }
        let body = self.pos;
        let mut value = String::new();
        loop {
            let Some(c) = self.src[self.pos..].chars().next() else {
                return Err(self.unterminated(start, self.src.len()));
            };
            match c {
                '"' => break,
                '\n' => return Err(self.unterminated(start, self.pos)),
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    match unescape(self.src, &mut self.pos) {
                        Some(ch) => value.push(ch),
                        None => {
                            let end = self.src[esc_start + 1..]
                                .chars()
                                .next()
                                .map_or(esc_start + 1, |c| esc_start + 1 + c.len_utf8());
                            return Err(err(
                                format!(
                                    "invalid escape sequence {:?} in string",
                                    &self.src[esc_start..end]
                                ),
                                esc_start..end,
                                Some(
                                    "inside \"…\" a backslash must be doubled (\"\\\\d+\"), or use a `…` raw string",
                                ),
                            ));
                        }
                    }
                }
                _ => {
                    value.push(c);
                    self.pos += c.len_utf8();
                }
            }
        }
        let src = self.src;
        self.record_string_vars(body, &src[body..self.pos]);
        self.pos += 1;
        Ok(Some(Tok::Str {
            value,
            backtick: false,
        }))
    }

    /// Variables inside a string literal are text to Loki, but uses to Grafana.
    fn record_string_vars(&mut self, offset: usize, raw: &str) {
        for mut v in vars::scan(raw) {
            v.span = v.span.start + offset..v.span.end + offset;
            self.out.variables.push(v);
        }
    }
}

impl Lexer<'_> {
    /// An unterminated string; when it starts right at the closing quote of the previous
    /// string, that one probably lost its closing quote: the span covers both.
    fn unterminated(&self, start: usize, end: usize) -> QueryError {
        match self.out.tokens.last() {
            Some(Token {
                tok: Tok::Str { .. },
                span,
            }) if span.end == start => err(
                "unterminated string literal",
                span.start..end,
                Some(
                    "is a closing quote missing in the string before? quotes pair up wrongly here",
                ),
            ),
            _ => err(
                "unterminated string literal",
                start..end,
                Some("close the string with the same quote it opened with"),
            ),
        }
    }
}

/// Go string escapes (what Loki's `strconv.Unquote` accepts); `pos` is just after the `\`.
fn unescape(src: &str, pos: &mut usize) -> Option<char> {
    let c = src[*pos..].chars().next()?;
    *pos += c.len_utf8();
    let simple = match c {
        'a' => Some('\x07'),
        'b' => Some('\x08'),
        'f' => Some('\x0c'),
        'n' => Some('\n'),
        'r' => Some('\r'),
        't' => Some('\t'),
        'v' => Some('\x0b'),
        '\\' => Some('\\'),
        '"' => Some('"'),
        '\'' => Some('\''),
        _ => None,
    };
    if simple.is_some() {
        return simple;
    }
    let (digits, radix) = match c {
        'x' => (2, 16),
        'u' => (4, 16),
        'U' => (8, 16),
        '0'..='7' => {
            *pos -= 1;
            (3, 8)
        }
        _ => return None,
    };
    let hex = src.get(*pos..*pos + digits)?;
    let n = u32::from_str_radix(hex, radix).ok()?;
    *pos += digits;
    if radix == 8 && n > 255 {
        return None;
    }
    char::from_u32(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(src: &str) -> Vec<Tok> {
        let l = lex(src);
        assert!(l.error.is_none(), "{src}: {:?}", l.error);
        l.tokens.into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn literals() {
        assert_eq!(
            kinds("5m 1h30m 1.5s 10MB 0x1f 1e3 .5")[..7],
            [
                Tok::Duration,
                Tok::Duration,
                Tok::Duration,
                Tok::Bytes,
                Tok::Number,
                Tok::Number,
                Tok::Number
            ]
        );
        assert!(lex("5x").error.is_some());
        assert!(lex("5mm").error.is_some());
    }

    #[test]
    fn strings_and_vars() {
        let l = lex(r#"{a=~"$x\n"} |= `\d ${y}` [$__auto] # $ignored"#);
        assert!(l.error.is_none());
        let names: Vec<_> = l.variables.iter().map(|v| v.name.as_str()).collect();
        assert_eq!(names, ["x", "y", "__auto"]);
        assert_eq!(
            l.tokens[3].tok,
            Tok::Str {
                value: "$x\n".into(),
                backtick: false
            }
        );
        assert!(lex(r#""\d""#).error.is_some());
        assert!(lex("\"abc").error.is_some());
    }

    #[test]
    fn operators_longest_first() {
        assert_eq!(
            kinds("|= |> != !> =~ == |")[..7],
            [
                Tok::Punct("|="),
                Tok::Punct("|>"),
                Tok::Punct("!="),
                Tok::Punct("!>"),
                Tok::Punct("=~"),
                Tok::Punct("=="),
                Tok::Punct("|")
            ]
        );
    }
}
