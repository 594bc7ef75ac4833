//! f-strings, rewritten as MicroPython's lexer does (py/lexer.c): `f"a{x!r:>{w}}b"` becomes
//! `'a{!r:>{}}b'.format(x, w)`; `{x=}` becomes `x={}` (str, not repr); the `.format(...)` call is
//! always made, even with no replacement fields.

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
        for part in f.value.iter() {
            match part {
                py::FStringPart::Literal(lit) => escape_into(&mut fmt, &lit.value),
                py::FStringPart::FString(fs) => {
                    for el in fs.elements.iter() {
                        self.element(el, &mut fmt, &mut arg_exprs, line)?;
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
        Ok(Expr {
            line,
            kind: ExprKind::AtomExpr {
                base: Box::new(base),
                trailers: vec![
                    Trailer {
                        line: end_line,
                        kind: TrailerKind::Attr(Rc::from("format")),
                    },
                    Trailer {
                        line: end_line,
                        kind: TrailerKind::Call(args),
                    },
                ],
            },
        })
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
