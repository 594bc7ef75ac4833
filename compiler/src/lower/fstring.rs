//! f-strings, rewritten as MicroPython's lexer does (py/lexer.c): `f"a{x!r:>{w}}b"` becomes
//! `'a{!r:>{}}b'.format(x, w)`; `{x=}` becomes `x={}` (str, not repr); the `.format(...)` call is
//! always made, even with no replacement fields.
//!
//! t-strings become `__template__(('lit0', 'lit1', ...), value, 'expr text', conversion, spec,
//! ...)`: the literal parts as one constant tuple, then four arguments per interpolation (the
//! conversion is `None` or `'r'`/`'s'`; `{x=}` adds `x=` to the literal and converts with `'r'`;
//! a spec with nested fields is itself a `'...'.format(...)` call).

use super::{fscan, Lowerer};
use crate::ast::{Arg, Expr, ExprKind, Line, Trailer, TrailerKind};
use crate::error::{msg, CompileError};
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
        let mut newlines = 0;
        for part in f.value.iter() {
            match part {
                // Plain literals joined to an f-string go into the format string as they are.
                py::FStringPart::Literal(lit) => fmt.push_str(&lit.value),
                py::FStringPart::FString(fs) => {
                    match self.scanned_part(fs, &mut fmt, &mut arg_exprs, err_line)? {
                        Some(n) => newlines += n,
                        None => {
                            for el in fs.elements.iter() {
                                self.element(el, &mut fmt, &mut arg_exprs, err_line)?;
                            }
                        }
                    }
                }
            }
        }
        // A lone `}` (ruff's error) is text to MicroPython's lexer.
        self.handle_errors_in(f.range());
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
        self.shift_lines(f.end(), newlines);
        Ok(format_call(base, args, line, end_line))
    }

    /// One f-string part read as MicroPython's lexer reads it ([`fscan::scan_fstring`]):
    /// appends its format string and field expressions and returns the newlines it injects;
    /// `None` (nothing appended) where that reading has a field ruff's tree does not.
    fn scanned_part<'e>(
        &self,
        fs: &'e py::FString,
        fmt: &mut String,
        args: &mut Vec<&'e py::Expr>,
        line: Line,
    ) -> Result<Option<u32>, CompileError> {
        let src = &self.src.text;
        let r = fs.range();
        let Some(part) = fscan::Part::new(src, r.start().to_usize()..r.end().to_usize()) else {
            return Ok(None);
        };
        let Some(scan) = fscan::scan_fstring(src, part.body, part.raw) else {
            return Ok(None);
        };
        if scan.malformed {
            return Ok(None);
        }
        let mut ruff_fields = Vec::new();
        collect_fields(&fs.elements, &mut ruff_fields);
        // By start offset (a stable sort: the first of equal starts stays first), so that each
        // field is found by binary search (a linear search per field made 100,000 fields take
        // 9 s).
        ruff_fields.sort_by_key(|i| i.range().start());
        let mut found = Vec::with_capacity(scan.fields.len());
        for field in &scan.fields {
            let at = ruff_fields.partition_point(|i| i.range().start().to_usize() < field.open);
            match ruff_fields.get(at) {
                Some(i) if i.range().start().to_usize() == field.open => found.push(*i),
                _ => return Ok(None),
            }
        }
        for i in found {
            self.check_interpolation(i, line)?;
            args.push(&i.expression);
        }
        fmt.push_str(&scan.fmt);
        Ok(Some(scan.newlines))
    }

    /// The checks of one replacement field that MicroPython's lexer and parser make: the
    /// expression must end where the lexer stops reading it, a debug `=` must end the field
    /// text, `!a` is no conversion.
    fn check_interpolation(
        &self,
        i: &py::InterpolatedElement,
        line: Line,
    ) -> Result<(), CompileError> {
        self.check_field(i, line)?;
        if let Some(debug) = &i.debug_text {
            if !debug.leading.is_empty() || debug.trailing != "=" {
                return Err(self.syntax_error(line));
            }
        }
        if i.conversion == py::ConversionFlag::Ascii {
            return Err(self.syntax_error(line));
        }
        Ok(())
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
        let src = &self.src.text;
        let r = ts.range();
        if let Some(part) = fscan::Part::new(src, r.start().to_usize()..r.end().to_usize()) {
            let scan = fscan::scan_tstring(src, &part);
            if !matches!(scan, Err(fscan::TError::Unmodelled)) {
                // A lone `}` (ruff's error) is for this reading to judge.
                self.handle_errors_in(t.range());
            }
            match scan {
                Ok(scan) => {
                    if let Some(e) = self.tstring_scanned(t, ts, &scan, line)? {
                        return Ok(e);
                    }
                }
                Err(fscan::TError::Malformed) => {
                    return Err(CompileError::syntax(msg::MALFORMED_FSTRING).at_line(line));
                }
                Err(fscan::TError::EndsEarly) => return Err(self.syntax_error(line)),
                Err(fscan::TError::Invalid(n)) => {
                    let at = self
                        .line_override
                        .unwrap_or_else(|| self.next_token_line(t.end()));
                    return Err(self.syntax_error(at + n));
                }
                Err(fscan::TError::Unmodelled) => {}
            }
        }
        self.tstring_ruff(t, ts, line)
    }

    /// A t-string as MicroPython's lexer reads it; `None` where a field of that reading is
    /// not one of ruff's.
    fn tstring_scanned(
        &mut self,
        t: &py::ExprTString,
        ts: &py::TString,
        scan: &fscan::TScan,
        line: Line,
    ) -> Result<Option<Expr>, CompileError> {
        let mut ruff_fields = Vec::new();
        collect_fields(&ts.elements, &mut ruff_fields);
        let find = |open: usize| {
            ruff_fields
                .iter()
                .find(|i| i.range().start().to_usize() == open)
                .copied()
        };
        // Resolve every field before lowering anything.
        let mut found = Vec::with_capacity(scan.interps.len());
        for interp in &scan.interps {
            let Some(i) = find(interp.field.open) else {
                return Ok(None);
            };
            let mut nested = Vec::new();
            if let fscan::TSpec::Format(f) = &interp.spec {
                for field in &f.fields {
                    let Some(n) = find(field.open) else {
                        return Ok(None);
                    };
                    nested.push(n);
                }
            }
            found.push((i, nested));
        }
        self.interner.advance_to(t.start());
        let end_line = self
            .line_override
            .unwrap_or_else(|| self.next_token_line(t.end()));
        // The injected literals come first, then the fields.
        let arg_line = end_line + scan.literal_newlines;
        let saved = self.line_override.replace(arg_line);
        let mut args = Vec::with_capacity(1 + 4 * found.len());
        for (interp, (i, nested)) in scan.interps.iter().zip(found) {
            self.check_field(i, arg_line)?;
            // ` x = ` is no debug field to the lexer: the expression ` x =` does not parse.
            if i.debug_text.is_some() && !interp.debug {
                return Err(self.syntax_error(arg_line));
            }
            args.push(Arg::Pos(self.expr(&i.expression)?));
            self.interner.advance_to(i.expression.end());
            args.push(Arg::Pos(self.string(&interp.text, arg_line)));
            args.push(Arg::Pos(match interp.conversion {
                None => Expr {
                    line: 0,
                    kind: ExprKind::Token(crate::ast::Token::None),
                },
                Some(c) => self.string(c.encode_utf8(&mut [0; 4]), arg_line),
            }));
            let spec = match &interp.spec {
                fscan::TSpec::Plain(s) => self.string(s, arg_line),
                fscan::TSpec::Format(f) => {
                    let base = self.string(&f.fmt, arg_line);
                    let mut fargs = Vec::with_capacity(nested.len());
                    for n in nested {
                        self.check_interpolation(n, arg_line)?;
                        fargs.push(Arg::Pos(self.expr(&n.expression)?));
                    }
                    format_call(base, fargs, arg_line, arg_line)
                }
            };
            args.push(Arg::Pos(spec));
        }
        let items: Vec<crate::ast::Const> = scan
            .literals
            .iter()
            .map(|l| crate::ast::Const::Str(Rc::from(l.as_str())))
            .collect();
        // `(('lit0', ...,),`: a tuple of two or more items takes the line of its second one.
        let tuple_line = if items.len() > 1 {
            end_line + scan.first_literal_newlines
        } else {
            end_line
        };
        args.insert(
            0,
            Arg::Pos(Expr {
                line: tuple_line,
                kind: ExprKind::Const(crate::ast::Const::Tuple(Rc::from(items))),
            }),
        );
        self.line_override = saved;
        self.shift_lines(t.end(), scan.newlines);
        Ok(Some(template_call(args, line, end_line)))
    }

    /// A t-string from ruff's tree (spellings [`fscan::scan_tstring`] does not model).
    fn tstring_ruff(
        &mut self,
        t: &py::ExprTString,
        ts: &py::TString,
        line: Line,
    ) -> Result<Expr, CompileError> {
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
        Ok(template_call(args, line, end_line))
    }
}

/// `__template__(args)`.
fn template_call(args: Vec<Arg>, line: Line, trailer_line: Line) -> Expr {
    Expr {
        line,
        kind: ExprKind::AtomExpr {
            base: Box::new(Expr {
                line: 0,
                kind: ExprKind::Name(Rc::from("__template__")),
            }),
            trailers: vec![Trailer {
                line: trailer_line,
                kind: TrailerKind::Call(args),
            }],
        },
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

/// Every replacement field of `elements`, nested ones in format specs too.
fn collect_fields<'e>(
    elements: &'e py::InterpolatedStringElements,
    out: &mut Vec<&'e py::InterpolatedElement>,
) {
    for el in elements.iter() {
        if let py::InterpolatedStringElement::Interpolation(i) = el {
            out.push(i);
            if let Some(spec) = &i.format_spec {
                collect_fields(&spec.elements, out);
            }
        }
    }
}
