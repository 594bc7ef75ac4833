//! f- and t-string literals read the way MicroPython's lexer reads them (py/lexer.c), from the
//! source bytes: the lexer knows nothing of Python's grammar inside a literal, so where it and
//! ruff disagree (`f"\{x}"` is text to it, `{{` inside a format spec is no escape, `f"}"` is
//! accepted) the reference's reading is the one that counts. Lowering takes the replacement
//! fields' expressions from ruff's tree, matched by the offset of their `{`.
//!
//! The lexer lexes the text it builds from an f-string's fields (`.format((a),(b),)`), and the
//! whole of a t-string (`__template__(('lit', ...), (a), 'a', None, '', ...)`), as injected
//! characters after the string token; each newline in them counts as a source line again, so
//! every later line number moves down by that many ([`FScan::newlines`], [`TScan::newlines`]).

use super::strlit;
use ruff_text_size::Ranged;
use std::ops::Range;

/// A replacement field as the lexer cuts it out.
pub(crate) struct Field {
    /// Source offset of the field's `{`.
    pub(crate) open: usize,
}

/// One f-string literal (one part of an implicit concatenation).
pub(crate) struct FScan {
    /// The `str.format` string: the literal text with every field's expression cut out
    /// (`{x!r:>{w}}` → `{!r:>{}}`, `{x=}` → `x={}`, `{{` kept doubled), escapes decoded.
    pub(crate) fmt: String,
    pub(crate) fields: Vec<Field>,
    /// Newlines in the injected text (the field expressions).
    pub(crate) newlines: u32,
    /// An empty field (`{}`): `SyntaxError: malformed f-string`.
    pub(crate) malformed: bool,
}

/// The spec of a t-string interpolation: a plain string, or (when it holds braces) an f-string.
pub(crate) enum TSpec {
    Plain(String),
    Format(FScan),
}

/// One t-string interpolation.
pub(crate) struct TInterp {
    pub(crate) field: Field,
    /// A debug field (`{x=}`) to the lexer: its text ends in `=`.
    pub(crate) debug: bool,
    /// The expression text the template records (`Interpolation.expression`).
    pub(crate) text: String,
    pub(crate) conversion: Option<char>,
    pub(crate) spec: TSpec,
}

/// One t-string literal.
pub(crate) struct TScan {
    /// The literal parts, one more than the interpolations.
    pub(crate) literals: Vec<String>,
    pub(crate) interps: Vec<TInterp>,
    /// Newlines in the injected text: in all of it, in the literals (which come first), in
    /// the first literal.
    pub(crate) newlines: u32,
    pub(crate) literal_newlines: u32,
    pub(crate) first_literal_newlines: u32,
}

/// Why the lexer's reading of a t-string fails.
pub(crate) enum TError {
    /// `SyntaxError: malformed f-string` (a lone `}`, an empty field, an unclosed spec).
    Malformed,
    /// The injected text does not parse: `SyntaxError: invalid syntax` this many lines after
    /// the injected tokens start.
    Invalid(u32),
    /// The literal ends before ruff's end (`rt"a\"b"`, `rt"a\` newline): invalid syntax on its
    /// first line.
    EndsEarly,
    /// A spelling this reading does not model: lowering keeps to ruff's tree.
    Unmodelled,
}

/// Prefix, quote and body of one literal part (`rt"""a"""` → raw, `"`, triple, body range).
pub(crate) struct Part {
    pub(crate) raw: bool,
    pub(crate) quote: u8,
    pub(crate) triple: bool,
    pub(crate) body: Range<usize>,
}

impl Part {
    /// The part of `src` in `range` (prefix and quotes included), or `None` if it is not one.
    pub(crate) fn new(src: &str, range: Range<usize>) -> Option<Part> {
        let b = src.as_bytes();
        let text = b.get(range.clone())?;
        let q = text.iter().position(|&c| c == b'\'' || c == b'"')?;
        let quote = text[q];
        let triple = text.get(q..q + 3) == Some(&[quote, quote, quote][..]);
        let n = if triple { 3 } else { 1 };
        let raw = text[..q].iter().any(|c| c.eq_ignore_ascii_case(&b'r'));
        let start = range.start + q + n;
        let end = range.end.checked_sub(n)?;
        (start <= end).then_some(Part {
            raw,
            quote,
            triple,
            body: start..end,
        })
    }
}

/// Lines the lexer counts in `s` (`\r\n` and a lone `\r` are one newline each).
fn count_newlines(s: &[u8]) -> u32 {
    let mut n = 0;
    for (i, &c) in s.iter().enumerate() {
        if c == b'\n' || (c == b'\r' && s.get(i + 1) != Some(&b'\n')) {
            n += 1;
        }
    }
    n
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// Length of the character at `i` (1 past the end).
fn char_len(src: &str, i: usize) -> usize {
    src.get(i..)
        .and_then(|s| s.chars().next())
        .map_or(1, char::len_utf8)
}

/// Where the lexer stops reading a field's expression that starts at `from`: the first `:`,
/// `}` or `!r`/`!s` (before `:` or `}`) outside `[]`/`{}`; `None` if that is not before `end`.
fn field_stop(b: &[u8], from: usize, end: usize) -> Option<usize> {
    let mut level: i64 = 0;
    let mut p = from;
    while p < end {
        let c = b[p];
        if level == 0 {
            let conv = c == b'!'
                && matches!(b.get(p + 1), Some(b'r' | b's'))
                && matches!(b.get(p + 2), Some(b':' | b'}'));
            if c == b':' || c == b'}' || conv {
                return Some(p);
            }
        }
        match c {
            b'[' | b'{' => level += 1,
            b']' | b'}' => level -= 1,
            _ => {}
        }
        p += 1;
    }
    None
}

/// Read an f-string body (`body` in `src`; `raw` for `rf`/`fr`). `None` where the lexer would
/// read past the body (a field running into the closing quote).
pub(crate) fn scan_fstring(src: &str, body: Range<usize>, raw: bool) -> Option<FScan> {
    let b = src.as_bytes();
    let end = body.end;
    // The format string with escapes as written, decoded at the end.
    let mut out = String::new();
    let mut fields = Vec::new();
    let mut newlines = 0;
    let mut malformed = false;
    let mut lit = body.start;
    let mut i = body.start;
    while i < end {
        match b[i] {
            b'{' if i + 1 < end && b[i + 1] == b'{' => i += 2,
            b'{' => {
                out.push_str(src.get(lit..i)?);
                let stop = field_stop(b, i + 1, end)?;
                let mut e_end = stop;
                if stop > i + 1 && b[stop - 1] == b'=' {
                    // `{x=}`: the expression text and `=` go before the field.
                    let debug = src.get(i + 1..stop)?;
                    if raw {
                        out.push_str(debug);
                    } else {
                        out.push_str(&debug.replace('\\', "\\\\"));
                    }
                    e_end = stop - 1;
                }
                if e_end == i + 1 {
                    malformed = true;
                }
                newlines += count_newlines(&b[i + 1..e_end]);
                fields.push(Field { open: i });
                out.push('{');
                i = stop;
                lit = stop;
            }
            // An escape takes the next character with it, whatever it is (`\{` is text).
            b'\\' => i += 1 + char_len(src, i + 1),
            _ => i += 1,
        }
    }
    out.push_str(src.get(lit..end.max(lit))?);
    let fmt = if raw { out } else { strlit::decode_body(&out)? };
    Some(FScan {
        fmt,
        fields,
        newlines,
        malformed,
    })
}

/// Read a t-string body.
pub(crate) fn scan_tstring(src: &str, part: &Part) -> Result<TScan, TError> {
    let b = src.as_bytes();
    let end = part.body.end;
    let quote = part.quote;
    let get = |r: Range<usize>| src.get(r).ok_or(TError::Unmodelled);
    // Literal parts in source form (escapes as written), decoded at the end.
    let mut lits: Vec<String> = vec![String::new()];
    let mut interps = Vec::new();
    // The injected text is all the literals, then all the fields: their newlines are counted
    // apart, for the line of an error in a field.
    let mut lit_newlines = 0;
    let mut arg_newlines = 0;
    let mut first_literal_newlines = 0;
    let mut invalid_at = None;
    let mut i = part.body.start;
    while i < end {
        let c = b[i];
        let k = lits.len() - 1;
        match c {
            b'\\' if part.raw => {
                // Doubled into the injected literal; the next character is read on its own.
                let next = b.get(i + 1).copied();
                if next == Some(quote) || (!part.triple && matches!(next, Some(b'\n' | b'\r'))) {
                    return Err(TError::EndsEarly);
                }
                lits[k].push_str("\\\\");
                i += 1;
            }
            b'\\' => {
                let n = char_len(src, i + 1);
                if matches!(b.get(i + 1), Some(b'\n' | b'\r')) {
                    lit_newlines += 1;
                }
                lits[k].push_str(get(i..i + 1 + n)?);
                i += 1 + n;
                if b.get(i - 1) == Some(&b'\r') && b.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' | b'\r' => {
                // A newline of a triple-quoted t-string is injected as `\n`.
                lits[k].push('\n');
                i += if c == b'\r' && b.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                };
            }
            b'{' | b'}' if i + 1 < end && b[i + 1] == c => {
                lits[k].push(c as char);
                i += 2;
            }
            b'}' => return Err(TError::Malformed),
            b'{' => {
                let stop = field_stop(b, i + 1, end).ok_or(TError::Unmodelled)?;
                let mut e_end = stop;
                let debug = stop > i + 1 && b[stop - 1] == b'=';
                if debug {
                    let text = get(i + 1..stop)?;
                    if text.as_bytes().contains(&quote) || text.contains('\\') {
                        return Err(TError::Unmodelled);
                    }
                    lit_newlines += count_newlines(text.as_bytes());
                    lits[k].push_str(text);
                    e_end = stop - 1;
                }
                while e_end > i + 1 && is_space(b[e_end - 1]) {
                    e_end -= 1;
                }
                if e_end == i + 1 {
                    return Err(TError::Malformed);
                }
                let text = get(i + 1..e_end)?;
                let expr_newlines = count_newlines(text.as_bytes());
                arg_newlines += expr_newlines;
                if expr_newlines > 0 && invalid_at.is_none() {
                    // The expression's copy is a one-line string literal in the injected
                    // text, right after the expression: the lexer fails there.
                    invalid_at = Some(arg_newlines);
                }
                let mut j = stop;
                let mut conversion = None;
                if b[j] == b'!' {
                    conversion = Some(b[j + 1] as char);
                    j += 2;
                } else if debug && b[j] != b':' {
                    conversion = Some('r');
                }
                let SpecScan {
                    spec,
                    after,
                    newlines,
                    invalid,
                } = scan_spec(src, part, j)?;
                arg_newlines += newlines;
                if invalid && invalid_at.is_none() {
                    invalid_at = Some(arg_newlines);
                }
                interps.push(TInterp {
                    field: Field { open: i },
                    debug,
                    text: text.to_string(),
                    conversion,
                    spec,
                });
                if lits.len() == 1 {
                    first_literal_newlines = lit_newlines;
                }
                lits.push(String::new());
                i = after;
            }
            _ => {
                // Plain characters, copied in runs.
                let mut e = i + 1;
                while e < end && !matches!(b[e], b'\\' | b'\n' | b'\r' | b'{' | b'}') {
                    e += 1;
                }
                lits[k].push_str(get(i..e)?);
                i = e;
            }
        }
    }
    if let Some(n) = invalid_at {
        return Err(TError::Invalid(lit_newlines + n));
    }
    let literals = lits
        .iter()
        .map(|l| strlit::decode_body(l).ok_or(TError::Unmodelled))
        .collect::<Result<Vec<_>, _>>()?;
    if lits.len() == 1 {
        first_literal_newlines = lit_newlines;
    }
    Ok(TScan {
        literals,
        interps,
        newlines: lit_newlines + arg_newlines,
        literal_newlines: lit_newlines,
        first_literal_newlines,
    })
}

/// A t-string interpolation's spec as the lexer reads it.
struct SpecScan {
    spec: TSpec,
    /// Offset after the closing `}`.
    after: usize,
    /// Newlines injected (a `\` newline continuation).
    newlines: u32,
    /// A nested field holds a newline: the injected text does not parse.
    invalid: bool,
}

/// Read a t-string interpolation's rest from `j` (at `:` or `}`, after any conversion).
/// Braces inside nest; any nesting makes the spec an f-string of its own.
fn scan_spec(src: &str, part: &Part, mut j: usize) -> Result<SpecScan, TError> {
    let b = src.as_bytes();
    let end = part.body.end;
    if b.get(j) == Some(&b':') {
        j += 1;
    }
    let start = j;
    let mut nested = 1usize;
    let mut needs_format = false;
    let mut backslash = false;
    // The spec in source form: a newline becomes `\n`, a raw backslash is doubled.
    let mut text = String::new();
    let mut newlines = 0;
    let mut run = j;
    loop {
        let Some(&c) = b.get(j).filter(|_| j < end) else {
            return Err(TError::Malformed);
        };
        match c {
            b'{' => nested += 1,
            b'}' => {
                nested -= 1;
                if nested == 0 {
                    break;
                }
                needs_format = true;
            }
            b'\\' | b'\n' | b'\r' => {
                text.push_str(src.get(run..j).ok_or(TError::Unmodelled)?);
                if c != b'\\' {
                    text.push('\n');
                    j += if c == b'\r' && b.get(j + 1) == Some(&b'\n') {
                        2
                    } else {
                        1
                    };
                } else if part.raw {
                    backslash = true;
                    text.push_str("\\\\");
                    j += 1;
                } else {
                    backslash = true;
                    let n = char_len(src, j + 1);
                    if matches!(b.get(j + 1), Some(b'\n' | b'\r')) {
                        newlines += 1;
                    }
                    text.push_str(src.get(j..j + 1 + n).ok_or(TError::Unmodelled)?);
                    j += 1 + n;
                }
                run = j;
                continue;
            }
            c if c == part.quote => return Err(TError::Unmodelled),
            _ => {}
        }
        j += 1;
    }
    text.push_str(src.get(run..j).ok_or(TError::Unmodelled)?);
    let mut invalid = false;
    let spec = if needs_format {
        // Re-read as a (non-raw) f-string: the same as reading the source, but for the
        // doubled backslashes of a raw t-string.
        if part.raw && backslash {
            return Err(TError::Unmodelled);
        }
        let f = scan_fstring(src, start..j, false).ok_or(TError::Unmodelled)?;
        invalid = f.newlines > 0;
        TSpec::Format(f)
    } else {
        TSpec::Plain(strlit::decode_body(&text).ok_or(TError::Unmodelled)?)
    };
    Ok(SpecScan {
        spec,
        after: j + 1,
        newlines,
        invalid,
    })
}

/// Newlines that f-/t-strings ending at or before `at` inject (see the module doc): what a
/// parser error at `at` adds to its physical line.
pub(crate) fn injected_newlines_before(
    src: &str,
    tokens: &ruff_python_ast::token::Tokens,
    at: usize,
) -> u32 {
    use ruff_python_ast::token::TokenKind as T;
    let mut total = 0;
    let mut depth = 0usize;
    let mut start = 0;
    for tok in tokens.iter() {
        if tok.start().to_usize() >= at {
            break;
        }
        match tok.kind() {
            T::FStringStart | T::TStringStart => {
                if depth == 0 {
                    start = tok.start().to_usize();
                }
                depth += 1;
            }
            T::FStringEnd | T::TStringEnd => {
                depth = depth.saturating_sub(1);
                let end = tok.end().to_usize();
                if depth > 0 || end > at {
                    continue;
                }
                let Some(part) = Part::new(src, start..end) else {
                    continue;
                };
                total += if tok.kind() == T::TStringEnd {
                    scan_tstring(src, &part).map_or(0, |s| s.newlines)
                } else {
                    scan_fstring(src, part.body, part.raw).map_or(0, |s| s.newlines)
                };
            }
            _ => {}
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(src: &str) -> (String, Vec<usize>, u32) {
        let part = Part::new(src, 0..src.len()).expect("a literal");
        let s = scan_fstring(src, part.body, part.raw).expect("readable");
        (s.fmt, s.fields.iter().map(|f| f.open).collect(), s.newlines)
    }

    #[test]
    fn fstring_fields_as_the_lexer_cuts_them() {
        assert_eq!(f(r#"f"\{x}""#), (r"\{x}".into(), vec![], 0));
        assert_eq!(f(r#"f"\\{x}""#), (r"\{}".into(), vec![4], 0));
        assert_eq!(f(r#"f"{x:{{}}}""#), ("{:{{}}}".into(), vec![2], 0));
        assert_eq!(f(r#"f"{x!r:>{w}}}""#), ("{!r:>{}}}".into(), vec![2, 8], 0));
        assert_eq!(f(r#"f"{x=}""#), ("x={}".into(), vec![2], 0));
        assert_eq!(f("f'''{a\n+b}'''"), ("{}".into(), vec![4], 1));
        assert_eq!(f(r#"f"}""#), ("}".into(), vec![], 0));
    }

    #[test]
    fn tstring_parts_and_injected_newlines() {
        let t = |src: &str| {
            let part = Part::new(src, 0..src.len()).expect("a literal");
            scan_tstring(src, &part)
        };
        let s = t("t\"a\\\n{x!r:{w}{{y}}}b\"").ok().expect("readable");
        assert_eq!(s.literals, vec!["a".to_string(), "b".to_string()]);
        assert_eq!(s.newlines, 1);
        assert_eq!(s.interps[0].conversion, Some('r'));
        match &s.interps[0].spec {
            TSpec::Format(f) => assert_eq!(f.fmt, "{}{{y}}"),
            TSpec::Plain(p) => panic!("plain spec {p:?}"),
        }
        assert!(matches!(t(r#"t"a}b""#), Err(TError::Malformed)));
        assert!(matches!(t(r#"t"\{x}""#), Err(TError::Malformed)));
        assert!(matches!(t("rt\"a\\\"b\""), Err(TError::EndsEarly)));
        assert!(t("t'''{x\n}'''").is_ok());
        assert!(matches!(t("t'''{x\n+1}'''"), Err(TError::Invalid(1))));
    }
}
