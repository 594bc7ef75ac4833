//! f-strings as MicroPython 1.27's lexer reads them: CircuitPython 10's mpy-cross (the
//! `--flavour=circuitpython` reference) still has that lexer. Each function here is a source
//! rewrite or check that [`crate::parse::parse_with`] applies before ruff's tree is used; the
//! MicroPython flavour never comes here.
//!
//! The 1.27 lexer turns an f-string token into a plain string token (the replacement fields
//! reduced to `{}`, `{!r:spec}`, ...) and keeps the field texts, each wrapped as `(text),`, in
//! an *injection buffer* `.format(` ... `)` that it lexes right after the string token. Three
//! consequences differ from MicroPython 1.29 (whose rules mpyc's f-string lowering follows):
//! * an empty field is `()`, an empty tuple ([`fill_empty_fields`]);
//! * the character after an escaped `{{` is taken as text without looking for the closing
//!   quote, so `f"{{"` runs on past its quote ([`escaped_brace_before_quote`]);
//! * an f-string inside a field is met while the buffer is being lexed: its string token takes
//!   its place and its own fields are appended to the *end* of the buffer, after the closing
//!   `)`, without a `.format(` of their own: `f"{f'{x}'}"` reads as `"{}".format(('{}'),)(x),`
//!   ([`expand_nested`]).

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::Mod;
use ruff_python_parser::{ParseErrorType, Parsed};
use ruff_text_size::{Ranged, TextSize};

/// `text` with `()` put into every empty f-string replacement field that ruff reports (an
/// expected expression at a `}` whose previous non-blank byte is `{`), or `None` if there is
/// none.
pub(crate) fn fill_empty_fields(text: &str, parsed: &Parsed<Mod>) -> Option<String> {
    let b = text.as_bytes();
    let mut at: Vec<usize> = parsed
        .errors()
        .iter()
        .filter(|e| matches!(e.error, ParseErrorType::ExpectedExpression))
        .map(|e| e.range().start().to_usize())
        .filter(|&i| {
            b.get(i) == Some(&b'}')
                && b.get(..i)
                    .and_then(|s| s.iter().rev().find(|c| !c.is_ascii_whitespace()))
                    == Some(&b'{')
        })
        .collect();
    if at.is_empty() {
        return None;
    }
    at.sort_unstable();
    at.dedup();
    let mut out = text.to_string();
    for &i in at.iter().rev() {
        out.insert_str(i, "()");
    }
    Some(out)
}

/// Where an f-string ends in an escaped `{{` right before its closing quote: the start of that
/// f-string (the string then runs on, to the end of the line for single quotes: in practice an
/// unterminated string, reported on its first line).
pub(crate) fn escaped_brace_before_quote(text: &str, parsed: &Parsed<Mod>) -> Option<TextSize> {
    let mut start = None;
    // Trailing `{` count of the f-string text token just before, if that was the last token.
    let mut trailing_braces = 0;
    for tok in parsed.tokens().iter() {
        match tok.kind() {
            TokenKind::FStringStart => start = Some(tok.start()),
            TokenKind::FStringEnd if trailing_braces >= 2 && trailing_braces % 2 == 0 => {
                return start;
            }
            _ => {}
        }
        trailing_braces = if tok.kind() == TokenKind::FStringMiddle {
            text.get(tok.start().to_usize()..tok.end().to_usize())
                .map_or(0, |t| t.bytes().rev().take_while(|&c| c == b'{').count())
        } else {
            0
        };
    }
    None
}

/// `text` with every string token (a run of adjacent literals) that has an f-string nested in
/// a replacement field rewritten as the 1.27 lexer reads it, on the same lines; `None` if there
/// is no such token.
pub(crate) fn expand_nested(text: &str, parsed: &Parsed<Mod>) -> Option<String> {
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0usize;
    // The current run of literals at depth 0: its start and the end of its last literal, and
    // whether an f-string is nested in one of its fields.
    let mut run: Option<(usize, usize)> = None;
    let mut run_nested = false;
    for tok in parsed.tokens().iter() {
        let (s, e) = (tok.start().to_usize(), tok.end().to_usize());
        let kind = tok.kind();
        if depth > 0 {
            if kind == TokenKind::FStringStart {
                depth += 1;
                run_nested = true;
            } else if kind == TokenKind::FStringEnd {
                depth -= 1;
                if depth == 0 {
                    run = run.map(|(rs, _)| (rs, e));
                }
            }
            continue;
        }
        match kind {
            TokenKind::FStringStart | TokenKind::String => {
                if kind == TokenKind::FStringStart {
                    depth = 1;
                }
                run = Some(run.map_or((s, e), |(rs, _)| (rs, e)));
            }
            TokenKind::NonLogicalNewline | TokenKind::Comment => {}
            _ => {
                if let (Some(g), true) = (run, run_nested) {
                    groups.push(g);
                }
                run = None;
                run_nested = false;
            }
        }
    }
    if let (Some(g), true) = (run, run_nested) {
        groups.push(g);
    }
    if groups.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    for &(s, e) in groups.iter().rev() {
        let expanded = expand_group(text.get(s..e)?)?;
        out.replace_range(s..e, &expanded);
    }
    Some(out)
}

/// One run of adjacent literals: each f-literal as a plain literal of its format text, then
/// the injection buffer with nested f-literals replaced the same way and their fields appended.
fn expand_group(group: &str) -> Option<String> {
    let mut args = Vec::new();
    let head = literals(group, &mut args)?;
    let mut buf = String::from(".format(");
    for a in &args {
        buf.push('(');
        buf.push_str(a);
        buf.push_str("),");
    }
    buf.push(')');
    // Lex the buffer as the 1.27 lexer does: string literals in it are rewritten, their fields
    // go to the end of the buffer (which is still being read).
    let mut out = head;
    let mut i = 0;
    while i < buf.len() {
        let rest = buf.get(i..)?;
        match literal_at(rest) {
            Some(len) => {
                let mut more = Vec::new();
                out.push_str(&literals(rest.get(..len)?, &mut more)?);
                for a in &more {
                    buf.push('(');
                    buf.push_str(a);
                    buf.push_str("),");
                }
                i += len;
            }
            None => {
                let c = rest.chars().next()?;
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    Some(out)
}

/// The length of the run of adjacent string literals (with blanks between) starting at `s`, if
/// `s` starts with a string literal (a quote, or a prefix of `rbuf` letters then a quote) that
/// is not the tail of a name.
fn literal_at(s: &str) -> Option<usize> {
    let mut end = 0;
    let mut pos = 0;
    loop {
        let rest = s.get(pos..)?;
        let Some(len) = one_literal(rest) else { break };
        pos += len;
        end = pos;
        pos += s.get(pos..)?.len() - s.get(pos..)?.trim_start_matches([' ', '\t']).len();
    }
    (end > 0).then_some(end)
}

/// The length of the one string literal at the start of `s`.
fn one_literal(s: &str) -> Option<usize> {
    scan_literal(s).map(|(len, _, _)| len)
}

/// A run of adjacent literals rewritten: each f-literal becomes a plain literal of its format
/// text (same quotes, same other prefix letters), its fields pushed to `args`; plain literals
/// and the blanks between stay as they are.
fn literals(group: &str, args: &mut Vec<String>) -> Option<String> {
    let mut out = String::new();
    let mut pos = 0;
    while pos < group.len() {
        let rest = group.get(pos..)?;
        match scan_literal(rest) {
            Some((len, text, fields)) => {
                out.push_str(&text);
                args.extend(fields);
                pos += len;
            }
            None => {
                let c = rest.chars().next()?;
                out.push(c);
                pos += c.len_utf8();
            }
        }
    }
    Some(out)
}

/// The string literal at the start of `s` (optional `rbuf` prefix letters, then a quote), read
/// as the 1.27 lexer reads it: `(length, rewritten literal, field texts)`. A plain literal is
/// kept as it is; an f-literal becomes the plain literal of its format text. A replacement
/// field is read without regard to quotes, up to `:`, `}` or `!r`/`!s` (then `:` or `}`)
/// outside `[]`/`{}`, so `f"a{f"b"}"` is one literal. `None` if there is no literal or it is
/// unterminated.
fn scan_literal(s: &str) -> Option<(usize, String, Vec<String>)> {
    let b = s.as_bytes();
    let prefix_len = b.iter().take_while(|c| b"rRbBuUfF".contains(c)).count();
    if prefix_len > 2 {
        return None;
    }
    let q = *b.get(prefix_len)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let prefix = s.get(..prefix_len)?;
    let is_f = prefix.contains(['f', 'F']);
    let quotes = if b.get(prefix_len..prefix_len + 3) == Some(&[q, q, q][..]) {
        3
    } else {
        1
    };
    let quote_text = s.get(prefix_len..prefix_len + quotes)?;
    let mut out: String = prefix.chars().filter(|c| !matches!(c, 'f' | 'F')).collect();
    out.push_str(quote_text);
    let mut args = Vec::new();
    let mut i = prefix_len + quotes;
    loop {
        let &c = b.get(i)?;
        if c == q && (quotes == 1 || b.get(i..i + 3) == Some(&[q, q, q][..])) {
            out.push_str(quote_text);
            let len = i + quotes;
            return Some((
                len,
                if is_f { out } else { s.get(..len)?.to_string() },
                args,
            ));
        }
        if c == b'\n' && quotes == 1 {
            return None;
        }
        // `{{` pairs, then a field if a lone `{` is left.
        while is_f && b.get(i) == Some(&b'{') {
            if b.get(i + 1) == Some(&b'{') {
                out.push_str("{{");
                i += 2;
                continue;
            }
            i += 1;
            let start = i;
            let mut level = 0i32;
            while let Some(&c) = b.get(i) {
                let conv = c == b'!'
                    && matches!(b.get(i + 1), Some(b'r' | b's'))
                    && matches!(b.get(i + 2), Some(b':' | b'}'));
                if level == 0 && (c == b':' || c == b'}' || conv) {
                    break;
                }
                match c {
                    b'[' | b'{' => level += 1,
                    b']' | b'}' => level -= 1,
                    _ => {}
                }
                i += 1;
            }
            let mut arg = s.get(start..i)?;
            if let Some(a) = arg.strip_suffix('=') {
                out.push_str(arg);
                arg = a;
            }
            args.push(arg.to_string());
            out.push('{');
        }
        let &c = b.get(i)?;
        if c == b'\\' {
            // An escape, copied whole: its second character is never a quote or a field's `{`.
            let len = s
                .get(i + 1..)?
                .chars()
                .next()
                .map_or(1, |ch| 1 + ch.len_utf8());
            out.push_str(s.get(i..i + len)?);
            i += len;
            continue;
        }
        let ch = s.get(i..)?.chars().next()?;
        out.push(ch);
        i += ch.len_utf8();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(src: &str) -> Option<String> {
        let parsed = ruff_python_parser::parse_unchecked(
            src,
            ruff_python_parser::ParseOptions::from(ruff_python_parser::Mode::Module),
        );
        expand_nested(src, &parsed)
    }

    #[test]
    fn nested_fields_go_to_the_end_of_the_buffer() {
        assert_eq!(
            expand("x = f\"{f'{y}'}\"\n").as_deref(),
            Some("x = \"{}\".format(('{}'),)(y),\n")
        );
        assert_eq!(
            expand("print(f\"a{f'b{x:2}c':>5}d\")\n").as_deref(),
            Some("print(\"a{:>5}d\".format(('b{:2}c'),)(x),)\n")
        );
        // Plain f-strings are left to the usual lowering.
        assert_eq!(expand("x = f\"{y}\" f'{z!r}'\n"), None);
    }

    #[test]
    fn field_texts() {
        let mut args = Vec::new();
        assert_eq!(
            literals("rf'a{x=}b{y!r:>{w}}\\{z}'", &mut args).as_deref(),
            Some("r'ax={}b{!r:>{}}\\{z}'")
        );
        assert_eq!(args, ["x", "y", "w"]);
        // Quotes inside a field do not end the literal.
        args.clear();
        assert_eq!(
            literals("f\"a{f\"b\"}c\"", &mut args).as_deref(),
            Some("\"a{}c\"")
        );
        assert_eq!(args, ["f\"b\""]);
    }
}
