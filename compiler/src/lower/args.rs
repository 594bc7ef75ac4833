//! Lowering of call arguments and of `def`/`lambda` parameters (py/grammar.h `arglist`,
//! `typedargslist`, `varargslist`).

use super::Lowerer;
use crate::ast::{Arg, CompKind, Param, ParamKind};
use crate::error::CompileError;
use ruff_python_ast as py;
use ruff_text_size::{Ranged, TextSize};
use std::rc::Rc;

type R<T> = Result<T, Box<CompileError>>;

impl<'a> Lowerer<'a> {
    /// Call arguments in source order (py/grammar.h `arglist`).
    pub(super) fn call_args(&mut self, args: &py::Arguments) -> R<Vec<Arg>> {
        let mut out = Vec::new();
        for a in args.arguments_source_order() {
            match a {
                py::ArgOrKeyword::Arg(e) => match e {
                    py::Expr::Starred(s) => {
                        let line = self.line(s);
                        out.push(Arg::Star(self.expr(&s.value)?, line))
                    }
                    py::Expr::Generator(g) if !g.parenthesized => {
                        let line = self.line(&*g.elt);
                        // `f(*a for a in b)`: an argument is `'*' test` or `test comp_for`
                        // to MicroPython's parser, never both.
                        if let py::Expr::Starred(s) = &*g.elt {
                            let e = self.syntax_error(line).at_offset(s.start());
                            return Err(Box::new(e));
                        }
                        let comp =
                            self.comp_node(CompKind::Gen, &g.elt, None, &g.generators, line)?;
                        out.push(Arg::GenExpr(comp));
                    }
                    py::Expr::Named(n) if n.start() == e.start() && !self.is_parenthesized(e) => {
                        let target = self.expr(&n.target)?;
                        let value = self.expr(&n.value)?;
                        out.push(Arg::Named { target, value });
                    }
                    _ => out.push(Arg::Pos(self.expr(e)?)),
                },
                py::ArgOrKeyword::Keyword(k) => match &k.arg {
                    None => out.push(Arg::DoubleStar(self.expr(&k.value)?)),
                    Some(name) => {
                        let line = self.line(k);
                        // `f(x + 1=2)`: ruff recovers an empty name; MicroPython's compiler
                        // rejects the keyword.
                        if name.is_empty() {
                            self.handle_errors_in(k.range());
                        }
                        let is_const = name.is_empty()
                            || self.consts.contains_key(name.as_str())
                            || name.as_str() == "__debug__";
                        self.no_bare_star(&k.value)?;
                        let value = self.expr(&k.value)?;
                        let name = if is_const {
                            None
                        } else {
                            Some(self.ident(name, name.as_str()))
                        };
                        out.push(Arg::Keyword { name, line, value });
                    }
                },
            }
        }
        Ok(out)
    }

    fn is_parenthesized(&self, e: &py::Expr) -> bool {
        let before = self.find_char_before(e.start());
        self.src.text.as_bytes().get(before.to_usize()) == Some(&b'(')
            && self
                .src
                .text
                .as_bytes()
                .get(self.find_char_after(e.end(), b')').to_usize())
                == Some(&b')')
            && {
                // `f(a := 1)` also has a `(` before it: only a second paren counts.
                let b2 = self.find_char_before(before);
                !matches!(self.src.text.as_bytes().get(b2.to_usize()), Some(c) if c.is_ascii_alphanumeric() || *c == b'_' || *c == b')' || *c == b']')
            }
    }

    /// Parameters of a def or lambda, in source order, defaults lowered as they appear.
    pub(super) fn params(&mut self, p: &py::Parameters) -> R<Vec<Param>> {
        if let (Some(first), Some(last)) = (p.posonlyargs.first(), p.posonlyargs.last()) {
            // `--rich-errors` points at the `/` after the last positional-only parameter.
            let end = last.end().to_usize();
            let slash = self.src.text.get(end..).and_then(|t| t.find('/'));
            let at = slash.map_or(first.start(), |i| TextSize::new((end + i) as u32));
            let e = self.syntax_error(self.line(first)).at_offset(at);
            return Err(Box::new(e.with_hint(crate::error::hint::POSONLY)));
        }
        let mut out = Vec::new();
        for a in &p.args {
            out.push(self.param(a, ParamKind::Normal)?);
        }
        // `def f(*)` / `lambda *: 0`: MicroPython accepts a bare star with nothing after it.
        let bare_star = p.vararg.is_none()
            && p.kwonlyargs.is_empty()
            && self.src.errors.iter().any(|e| {
                matches!(
                    e.error,
                    ruff_python_parser::ParseErrorType::ExpectedKeywordParam
                ) && e.range().start() >= p.start()
                    && e.range().start() <= p.end() + ruff_text_size::TextSize::new(2)
            });
        if let Some(v) = &p.vararg {
            out.push(self.simple_param(v, ParamKind::Star));
        } else if !p.kwonlyargs.is_empty() || bare_star {
            out.push(Param {
                name: None,
                kind: ParamKind::Star,
                default: None,
                line: 0,
                is_struct: true,
                annotation: None,
            });
        }
        for a in &p.kwonlyargs {
            out.push(self.param(a, ParamKind::Normal)?);
        }
        if let Some(k) = &p.kwarg {
            out.push(self.simple_param(k, ParamKind::DoubleStar));
        }
        Ok(out)
    }

    fn param(&mut self, a: &py::ParameterWithDefault, kind: ParamKind) -> R<Param> {
        let line = self.line(a);
        let default = match &a.default {
            Some(d) => Some(self.expr(d)?),
            None => None,
        };
        Ok(Param {
            name: Some(self.ident(&a.parameter.name, a.parameter.name.as_str())),
            kind,
            is_struct: default.is_some() || a.parameter.annotation.is_some(),
            default,
            line,
            annotation: annotation_name(
                a.parameter.annotation.as_deref(),
                self.annotation_line(a.parameter.annotation.as_deref()),
            ),
        })
    }

    fn simple_param(&mut self, a: &py::Parameter, kind: ParamKind) -> Param {
        Param {
            name: Some(self.ident(&a.name, a.name.as_str())),
            kind,
            default: None,
            line: self.line(a),
            is_struct: true,
            annotation: annotation_name(
                a.annotation.as_deref(),
                self.annotation_line(a.annotation.as_deref()),
            ),
        }
    }
}

impl Lowerer<'_> {
    /// The line MicroPython's parse node for annotation `a` records: 0 for leaves (names,
    /// small ints, keywords, interned strings), the annotation's line for struct nodes
    /// (expressions, long strings held as constant objects).
    pub(super) fn annotation_line(&self, a: Option<&py::Expr>) -> u32 {
        match a {
            None
            | Some(
                py::Expr::Name(_)
                | py::Expr::NumberLiteral(_)
                | py::Expr::BooleanLiteral(_)
                | py::Expr::NoneLiteral(_)
                | py::Expr::EllipsisLiteral(_),
            ) => 0,
            Some(py::Expr::StringLiteral(s)) if self.interner.is_interned(s.value.to_str()) => 0,
            Some(e) => self.line(e),
        }
    }
}

/// An annotation as viper reads it: a bare name, or something else with the line it records
/// (`line`, the annotation's; 0 for a literal, a leaf of MicroPython's tree).
pub(super) fn annotation_name(a: Option<&py::Expr>, line: u32) -> Option<crate::ast::Annotation> {
    match a {
        None => None,
        Some(py::Expr::Name(n)) => Some(crate::ast::Annotation::Name(Rc::from(n.id.as_str()))),
        Some(_) => Some(crate::ast::Annotation::Other(line)),
    }
}
