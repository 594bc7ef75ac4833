//! f-strings, rewritten as MicroPython's lexer does (py/lexer.c): `f"a{x!r:>{w}}b"` becomes
//! `'a{!r:>{}}b'.format(x, w)`; `{x=}` becomes `x={}` (str, not repr); the `.format(...)` call is
//! always made, even with no replacement fields.
//!
//! t-strings become `__template__(('lit0', 'lit1', ...), value, 'expr text', conversion, spec,
//! ...)`: the literal parts as one constant tuple, then four arguments per interpolation (the
//! conversion is `None` or `'r'`/`'s'`; `{x=}` adds `x=` to the literal and converts with `'r'`;
//! a spec with nested fields is itself a `'...'.format(...)` call).

use super::Lowerer;
use crate::ast::{Arg, Expr, ExprKind, Line, Trailer, TrailerKind};
use crate::error::CompileError;
use ruff_python_ast as py;
use ruff_text_size::Ranged;
use std::rc::Rc;

impl<'a> Lowerer<'a> {
    pub(super) fn fstring(
        &mut self,
        f: &py::ExprFString,
        line: Line,
    ) -> Result<Expr, CompileError> {
        let mut fmt = String::new();
        let mut arg_exprs: Vec<&py::Expr> = Vec::new();
        // Errors in replacement fields surface on the injected tokens (line of the next token).
        let err_line = self
            .line_override
            .unwrap_or_else(|| self.next_token_line(f.end()));
        for part in f.value.iter() {
            match part {
                // Plain literals joined to an f-string go into the format string as they are.
                py::FStringPart::Literal(lit) => fmt.push_str(&lit.value),
                py::FStringPart::FString(fs) => {
                    for el in fs.elements.iter() {
                        self.element(el, &mut fmt, &mut arg_exprs, err_line)?;
                    }
                }
            }
        }
        self.interner.advance_to(f.start());
        let base = self.string(&fmt, line);
        let end_line = self
            .line_override
            .unwrap_or_else(|| self.next_token_line(f.end()));
        let saved = self.line_override.replace(end_line);
        let mut args = Vec::new();
        for e in arg_exprs {
            let lowered = match e {
                py::Expr::Tuple(t) if !t.parenthesized => {
                    let l = self.line(e);
                    self.tuple(&t.elts, true, l)?
                }
                _ => self.expr(e)?,
            };
            args.push(Arg::Pos(lowered));
        }
        self.line_override = saved;
        Ok(format_call(base, args, line, end_line))
    }

    fn element<'e>(
        &self,
        el: &'e py::InterpolatedStringElement,
        fmt: &mut String,
        args: &mut Vec<&'e py::Expr>,
        line: Line,
    ) -> Result<(), CompileError> {
        match el {
            py::InterpolatedStringElement::Literal(lit) => escape_into(fmt, &lit.value),
            py::InterpolatedStringElement::Interpolation(i) => {
                self.check_field(i, line)?;
                if let Some(debug) = &i.debug_text {
                    if !debug.leading.is_empty() || debug.trailing != "=" {
                        return Err(self.syntax_error(line));
                    }
                    let text = self
                        .src
                        .text
                        .get(i.expression.start().to_usize()..i.expression.end().to_usize())
                        .unwrap_or("");
                    fmt.push_str(text);
                    fmt.push('=');
                }
                fmt.push('{');
                match i.conversion {
                    py::ConversionFlag::None => {}
                    py::ConversionFlag::Str => fmt.push_str("!s"),
                    py::ConversionFlag::Repr => fmt.push_str("!r"),
                    py::ConversionFlag::Ascii => return Err(self.syntax_error(line)),
                }
                args.push(&i.expression);
                if let Some(spec) = &i.format_spec {
                    fmt.push(':');
                    for inner in spec.elements.iter() {
                        match inner {
                            py::InterpolatedStringElement::Literal(lit) => fmt.push_str(&lit.value),
                            py::InterpolatedStringElement::Interpolation(_) => {
                                self.element(inner, fmt, args, line)?;
                            }
                        }
                    }
                }
                fmt.push('}');
            }
        }
        Ok(())
    }
}

impl<'a> Lowerer<'a> {
    pub(super) fn tstring(
        &mut self,
        t: &py::ExprTString,
        line: Line,
    ) -> Result<Expr, CompileError> {
        let mut parts = t.value.iter();
        let (Some(ts), None) = (parts.next(), parts.next()) else {
            return Err(self.syntax_error(line));
        };
        self.interner.advance_to(t.start());
        let end_line = self
            .line_override
            .unwrap_or_else(|| self.next_token_line(t.end()));
        let saved = self.line_override.replace(end_line);
        let mut literals: Vec<String> = vec![String::new()];
        let mut args = Vec::new();
        for el in ts.elements.iter() {
            match el {
                py::InterpolatedStringElement::Literal(lit) => {
                    if let Some(last) = literals.last_mut() {
                        last.push_str(&lit.value);
                    }
                }
                py::InterpolatedStringElement::Interpolation(i) => {
                    self.check_field(i, end_line)?;
                    let mut conversion = match i.conversion {
                        py::ConversionFlag::None => None,
                        py::ConversionFlag::Str => Some("s"),
                        py::ConversionFlag::Repr => Some("r"),
                        py::ConversionFlag::Ascii => return Err(self.syntax_error(line)),
                    };
                    // The expression text is the raw field text after `{` (leading spaces kept),
                    // without a debug `=` and trailing spaces, as the reference's lexer takes it.
                    let (open, stop) = self.field_span(i);
                    let raw = self.src.text.get(open + 1..stop).unwrap_or("");
                    let raw = raw.strip_suffix('=').unwrap_or(raw);
                    let text = raw.trim_end().to_string();
                    if let Some(debug) = &i.debug_text {
                        if let Some(last) = literals.last_mut() {
                            last.push_str(&debug.leading);
                            last.push_str(
                                self.src
                                    .text
                                    .get(
                                        i.expression.start().to_usize()
                                            ..i.expression.end().to_usize(),
                                    )
                                    .unwrap_or(""),
                            );
                            last.push_str(&debug.trailing);
                        }
                        if conversion.is_none() && i.format_spec.is_none() {
                            conversion = Some("r");
                        }
                    }
                    literals.push(String::new());
                    args.push(Arg::Pos(self.expr(&i.expression)?));
                    self.interner.advance_to(i.expression.end());
                    args.push(Arg::Pos(self.string(&text, end_line)));
                    args.push(Arg::Pos(match conversion {
                        None => Expr {
                            line: 0,
                            kind: ExprKind::Token(crate::ast::Token::None),
                        },
                        Some(c) => self.string(c, end_line),
                    }));
                    let spec = match &i.format_spec {
                        None => self.string("", end_line),
                        Some(spec) => {
                            let mut fmt = String::new();
                            let mut nested: Vec<&py::Expr> = Vec::new();
                            for inner in spec.elements.iter() {
                                match inner {
                                    py::InterpolatedStringElement::Literal(lit) => {
                                        fmt.push_str(&lit.value)
                                    }
                                    py::InterpolatedStringElement::Interpolation(_) => {
                                        self.element(inner, &mut fmt, &mut nested, line)?
                                    }
                                }
                            }
                            let base = self.string(&fmt, end_line);
                            if nested.is_empty() {
                                base
                            } else {
                                let mut fargs = Vec::new();
                                for e in nested {
                                    fargs.push(Arg::Pos(self.expr(e)?));
                                }
                                format_call(base, fargs, end_line, end_line)
                            }
                        }
                    };
                    args.push(Arg::Pos(spec));
                }
            }
        }
        let items: Vec<crate::ast::Const> = literals
            .into_iter()
            .map(|l| crate::ast::Const::Str(Rc::from(l.as_str())))
            .collect();
        args.insert(
            0,
            Arg::Pos(Expr {
                line: end_line,
                kind: ExprKind::Const(crate::ast::Const::Tuple(Rc::from(items))),
            }),
        );
        self.line_override = saved;
        Ok(Expr {
            line,
            kind: ExprKind::AtomExpr {
                base: Box::new(Expr {
                    line: 0,
                    kind: ExprKind::Name(Rc::from("__template__")),
                }),
                trailers: vec![Trailer {
                    line: end_line,
                    kind: TrailerKind::Call(args),
                }],
            },
        })
    }
}

impl<'a> Lowerer<'a> {
    /// MicroPython's lexer takes a replacement field's expression as the raw text up to the
    /// first `:`, `}` or `!r`/`!s` outside `[]`/`{}` (it knows no quotes and no parentheses).
    /// If that cuts the expression somewhere else than ruff did (`f"{a.get(':')}"`,
    /// `f"{'}'}"`), the reference lexes a broken expression: a syntax error.
    fn check_field(&self, i: &py::InterpolatedElement, line: Line) -> Result<(), CompileError> {
        let b = self.src.text.as_bytes();
        let (_, p) = self.field_span(i);
        // Past the expression, its closing parentheses (ruff's range excludes them) and spaces.
        let mut q = i.expression.end().to_usize();
        while b
            .get(q)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b')')
        {
            q += 1;
        }
        if i.debug_text.is_some() && b.get(q) == Some(&b'=') {
            q += 1;
            while b.get(q).is_some_and(|c| c.is_ascii_whitespace()) {
                q += 1;
            }
        }
        if p != q {
            // The reference fails on the injected tokens, which carry the line of the token
            // after the f-string.
            return Err(self.syntax_error(line));
        }
        Ok(())
    }

    /// Offsets of a field's `{` and of where the reference's lexer stops reading its expression.
    fn field_span(&self, i: &py::InterpolatedElement) -> (usize, usize) {
        let b = self.src.text.as_bytes();
        let open = i.range().start().to_usize();
        let mut p = open + 1;
        let mut level: i64 = 0;
        while let Some(&c) = b.get(p) {
            if level == 0 {
                let conv = c == b'!'
                    && matches!(b.get(p + 1), Some(b'r' | b's'))
                    && matches!(b.get(p + 2), Some(b':' | b'}'));
                if c == b':' || c == b'}' || conv {
                    break;
                }
            }
            match c {
                b'[' | b'{' => level += 1,
                b']' | b'}' => level -= 1,
                _ => {}
            }
            p += 1;
        }
        (open, p)
    }
}

/// `base.format(args)` as one `atom_expr_normal`; the trailers carry the line of the tokens the
/// lexer injects.
fn format_call(base: Expr, args: Vec<Arg>, line: Line, trailer_line: Line) -> Expr {
    Expr {
        line,
        kind: ExprKind::AtomExpr {
            base: Box::new(base),
            trailers: vec![
                Trailer {
                    line: trailer_line,
                    kind: TrailerKind::Attr(Rc::from("format")),
                },
                Trailer {
                    line: trailer_line,
                    kind: TrailerKind::Call(args),
                },
            ],
        },
    }
}

/// Literal text of an f-string goes into a `str.format` string: braces are doubled again.
fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '{' => out.push_str("{{"),
            '}' => out.push_str("}}"),
            c => out.push(c),
        }
    }
}
