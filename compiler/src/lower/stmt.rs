//! Lowering of statements (py/grammar.h statement rules; py/parse.c `const()` definitions and
//! the dropping of lone constant statements such as docstrings).

use super::args::annotation_name;
use super::{is_const, to_const, Lowerer};
use crate::ast::{
    ClassDef, Decorator, Expr, ExprKind, FuncBody, FuncDef, Handler, ImportName, Line, Stmt,
    StmtKind, Trailer, TrailerKind,
};
use crate::error::{hint, msg, CompileError};
use mpy_format::mpy::Flavour;
use mpy_format::opcode::binary;
use ruff_python_ast as py;
use ruff_text_size::Ranged;
use std::rc::Rc;

type R<T> = Result<T, Box<CompileError>>;

/// Append a compound statement's node to `out`: the line it records is its first token's.
/// (Built where its parts are, not returned: a returned node would be one more copy in a
/// frame of every level of nesting.)
fn push_compound(out: &mut Vec<Stmt>, line: Line, kind: StmtKind) -> R<()> {
    out.push(Stmt {
        line,
        src_line: line,
        kind,
    });
    Ok(())
}

fn split_dotted(s: &str) -> Vec<Rc<str>> {
    s.split('.').map(Rc::from).collect()
}

impl<'a> Lowerer<'a> {
    /// A block of statements, taken from the parser's tree (the callers leave an empty block
    /// in its place): each of the parser's statements is freed once lowered, the innermost
    /// first, so the two trees are never both whole at once (peak memory of big and deeply
    /// nested sources).
    pub(super) fn stmts(&mut self, mut body: Vec<py::Stmt>) -> R<Vec<Stmt>> {
        if let [py::Stmt::Pass(p)] = body.as_slice() {
            if let Some(child) = self.outlined_at(p.start()) {
                return self.outlined(p.start(), child);
            }
        }
        let mut out = Vec::with_capacity(body.len());
        // By reference, not by value: a statement moved out of the vector would be a copy in
        // this frame, on the stack once per level of nesting. What a statement holds is taken
        // (and freed) by its own lowering.
        for s in body.iter_mut() {
            self.stmt(s, &mut out)?;
        }
        Ok(out)
    }

    /// One statement, appended to `out`. Compound statements recurse through here once per
    /// level of nesting, so this frame stays small: each kind is lowered in a function of its
    /// own (peak stack of deeply nested sources).
    fn stmt(&mut self, s: &mut py::Stmt, out: &mut Vec<Stmt>) -> R<()> {
        let line = self.line(s);
        use py::Stmt as S;
        match s {
            S::If(i) => self.if_stmt(i, line, out),
            S::While(w) => self.while_stmt(w, line, out),
            S::For(f) => self.for_stmt(f, line, out),
            S::With(w) => self.with(w, line, out),
            S::Try(t) => self.try_stmt(t, line, out),
            S::FunctionDef(f) => self.function_def(f, line, out),
            S::ClassDef(c) => self.class_def(c, line, out),
            _ => self.push_simple_stmt(s, line, out),
        }
    }

    /// [`Self::simple_stmt`], appended to `out`.
    #[inline(never)]
    fn push_simple_stmt(&mut self, s: &py::Stmt, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        out.push(self.simple_stmt(s, line)?);
        Ok(())
    }

    /// A statement that holds no statements (out of [`Self::stmt`]'s frame, which every
    /// level of nesting keeps on the stack).
    #[inline(never)]
    fn simple_stmt(&mut self, s: &py::Stmt, line: Line) -> R<Stmt> {
        use py::Stmt as S;
        let kind = match s {
            S::Expr(e) => {
                let v = self.expr(&e.value)?;
                if is_lone_constant(&v) {
                    StmtKind::Pass
                } else {
                    StmtKind::Expr(v)
                }
            }
            S::Pass(_) => StmtKind::Pass,
            S::Break(_) => StmtKind::Break,
            S::Continue(_) => StmtKind::Continue,
            S::Assign(a) => {
                if a.targets.len() == 1 {
                    let target = self.assign_target(&a.targets[0])?;
                    return self.single_assign(target, &a.value, line);
                }
                let mut targets = Vec::with_capacity(a.targets.len());
                for t in &a.targets {
                    targets.push(self.assign_target(t)?);
                }
                let value = self.rhs(&a.value)?;
                StmtKind::Assign { targets, value }
            }
            S::AnnAssign(a) => {
                let target = self.expr(&a.target)?;
                match &a.value {
                    // MicroPython 1.27's parser (CircuitPython's) only knows `x = const(v)`.
                    Some(v) if self.opts.flavour == Flavour::CircuitPython => StmtKind::Assign {
                        targets: vec![target],
                        value: self.rhs(v)?,
                    },
                    Some(v) => return self.single_assign(target, v, line),
                    None => StmtKind::AnnAssign { target },
                }
            }
            S::AugAssign(a) => {
                let target = self.expr(&a.target)?;
                let value = self.rhs(&a.value)?;
                let op = aug_op(a.op);
                StmtKind::AugAssign { target, op, value }
            }
            S::Delete(d) => StmtKind::Del(self.exprs(&d.targets)?),
            S::Return(r) => StmtKind::Return(match &r.value {
                Some(v) => {
                    self.no_star(v)?;
                    Some(self.rhs(v)?)
                }
                None => None,
            }),
            S::Raise(r) => {
                let exc = match &r.exc {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                };
                let cause = match &r.cause {
                    Some(e) => Some(self.expr(e)?),
                    None => None,
                };
                StmtKind::Raise { exc, cause }
            }
            S::Assert(a) => {
                self.no_bare_star(&a.test)?;
                let test = self.expr(&a.test)?;
                let msg = match &a.msg {
                    Some(m) => Some(self.no_bare_star(m).and_then(|()| self.expr(m))?),
                    None => None,
                };
                StmtKind::Assert { test, msg }
            }
            S::Import(i) => StmtKind::Import(
                i.names
                    .iter()
                    .map(|a| ImportName {
                        dotted: split_dotted(a.name.as_str()),
                        asname: a.asname.as_ref().map(|n| Rc::from(n.as_str())),
                    })
                    .collect(),
            ),
            S::ImportFrom(i) => {
                let module = i
                    .module
                    .as_ref()
                    .map(|m| split_dotted(m.as_str()))
                    .unwrap_or_default();
                let names = if i.names.len() == 1 && i.names[0].name.as_str() == "*" {
                    None
                } else {
                    Some(
                        i.names
                            .iter()
                            .map(|a| {
                                (
                                    Rc::from(a.name.as_str()),
                                    a.asname.as_ref().map(|n| Rc::from(n.as_str())),
                                )
                            })
                            .collect(),
                    )
                };
                StmtKind::ImportFrom {
                    level: i.level,
                    module,
                    names,
                }
            }
            S::Global(g) => {
                StmtKind::Global(g.names.iter().map(|n| self.ident(n, n.as_str())).collect())
            }
            S::Nonlocal(g) => {
                StmtKind::Nonlocal(g.names.iter().map(|n| self.ident(n, n.as_str())).collect())
            }
            S::If(_)
            | S::While(_)
            | S::For(_)
            | S::With(_)
            | S::Try(_)
            | S::FunctionDef(_)
            | S::ClassDef(_) => unreachable!("compound statements are lowered by `stmt`"),
            S::Match(_) => {
                let e = self.syntax_error(line).at_offset(s.start());
                return Err(Box::new(e.with_hint(hint::MATCH)));
            }
            S::TypeAlias(_) => {
                let e = self.syntax_error(line).at_offset(s.start());
                return Err(Box::new(e.with_hint(hint::TYPE_ALIAS)));
            }
            S::IpyEscapeCommand(_) => {
                return Err(Box::new(self.syntax_error(line).at_offset(s.start())))
            }
        };
        Ok(Stmt {
            line,
            src_line: line,
            kind,
        })
    }

    /// `if` with its `elif`s and `else`.
    #[inline(never)]
    fn if_stmt(&mut self, i: &mut py::StmtIf, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        let test = self.expr(&i.test)?;
        let body = self.stmts(std::mem::take(&mut i.body))?;
        let mut elifs = Vec::new();
        let mut orelse = Vec::new();
        for clause in &mut i.elif_else_clauses {
            match &clause.test {
                Some(t) => {
                    let l = self.line(clause);
                    let t = self.expr(t)?;
                    let b = self.stmts(std::mem::take(&mut clause.body))?;
                    elifs.push((l, t, b));
                }
                None => orelse = self.stmts(std::mem::take(&mut clause.body))?,
            }
        }
        push_compound(
            out,
            line,
            StmtKind::If {
                test,
                body,
                elifs,
                orelse,
            },
        )
    }

    /// `while`.
    #[inline(never)]
    fn while_stmt(&mut self, w: &mut py::StmtWhile, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        let test = self.expr(&w.test)?;
        let body = self.stmts(std::mem::take(&mut w.body))?;
        let orelse = self.stmts(std::mem::take(&mut w.orelse))?;
        push_compound(out, line, StmtKind::While { test, body, orelse })
    }

    /// `for`.
    #[inline(never)]
    fn for_stmt(&mut self, f: &mut py::StmtFor, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        let target = self.target_list(&f.target)?;
        self.no_star(&f.iter)?;
        let iter = self.rhs(&f.iter)?;
        let body = self.stmts(std::mem::take(&mut f.body))?;
        let orelse = self.stmts(std::mem::take(&mut f.orelse))?;
        push_compound(
            out,
            line,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async: f.is_async,
            },
        )
    }

    /// `try`.
    #[inline(never)]
    fn try_stmt(&mut self, t: &mut py::StmtTry, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        if t.is_star {
            // MicroPython's parser fails at the `*` after the first `except`.
            let first = t.handlers.first();
            let at = first.map_or(line, |h| self.line(h));
            let offset = first.map_or(t.start(), |h| h.start());
            let e = self.syntax_error(at).at_offset(offset);
            return Err(Box::new(e.with_hint(hint::EXCEPT_STAR)));
        }
        let body = self.stmts(std::mem::take(&mut t.body))?;
        let handlers = self.handlers(&mut t.handlers)?;
        let orelse = self.stmts(std::mem::take(&mut t.orelse))?;
        let finalbody = if t.finalbody.is_empty() {
            None
        } else {
            Some(self.stmts(std::mem::take(&mut t.finalbody))?)
        };
        push_compound(
            out,
            line,
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            },
        )
    }

    /// The `except` clauses of a `try` (out of the frame of [`Self::try_stmt`], which every
    /// level of nesting in a `try` body keeps on the stack).
    #[inline(never)]
    fn handlers(&mut self, clauses: &mut [py::ExceptHandler]) -> R<Vec<Handler>> {
        let mut handlers = Vec::with_capacity(clauses.len());
        for h in clauses.iter_mut() {
            let py::ExceptHandler::ExceptHandler(h) = h;
            let hline = self.line(h);
            let typ = match &h.type_ {
                // `except A, B:` (Python 3.14): MicroPython's `except` takes one `test`.
                Some(e) if matches!(&**e, py::Expr::Tuple(t) if !t.parenthesized) => {
                    return Err(Box::new(self.syntax_error(self.line(&**e))));
                }
                Some(e) => Some(self.expr(e)?),
                None => None,
            };
            let name = h.name.as_ref().map(|n| self.ident(n, n.as_str()));
            let body = self.stmts(std::mem::take(&mut h.body))?;
            handlers.push(Handler {
                line: hline,
                typ,
                name,
                body,
            });
        }
        Ok(handlers)
    }

    /// `def`.
    #[inline(never)]
    fn function_def(
        &mut self,
        f: &mut py::StmtFunctionDef,
        line: Line,
        out: &mut Vec<Stmt>,
    ) -> R<()> {
        if f.type_params.is_some() {
            return Err(Box::new(self.syntax_error(line)));
        }
        let decorators = self.decorators(&f.decorator_list)?;
        let id = self.new_scope_id();
        let def_line = self.line(&f.name);
        let mut params = self.params(&f.parameters)?;
        // `def f(**k, a)`: ruff drops `a`; MicroPython's compiler rejects it in f.
        let prange = f.parameters.range();
        if self.src.errors.iter().any(|e| {
            matches!(
                e.error,
                ruff_python_parser::ParseErrorType::ParamAfterVarKeywordParam
            ) && prange.contains_range(e.range())
        }) {
            params.push(crate::ast::Param {
                name: Some(Rc::from("")),
                kind: crate::ast::ParamKind::Normal,
                default: None,
                line: 0,
                is_struct: false,
                annotation: None,
            });
        }
        let body = self.stmts(std::mem::take(&mut f.body))?;
        let func = FuncDef {
            id,
            line: def_line,
            name: self.ident(&f.name, f.name.as_str()),
            params,
            body: FuncBody::Stmts(body),
            is_async: f.is_async,
            returns: annotation_name(
                f.returns.as_deref(),
                self.annotation_line(f.returns.as_deref()),
            ),
        };
        push_compound(
            out,
            line,
            StmtKind::FunctionDef {
                func: Rc::new(func),
                decorators,
            },
        )
    }

    /// `class`.
    #[inline(never)]
    fn class_def(&mut self, c: &mut py::StmtClassDef, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        if c.type_params.is_some() {
            return Err(Box::new(self.syntax_error(line)));
        }
        let decorators = self.decorators(&c.decorator_list)?;
        let id = self.new_scope_id();
        let class_line = self.line(&c.name);
        let args = match &c.arguments {
            Some(a) => self.call_args(a)?,
            None => Vec::new(),
        };
        let body = self.stmts(std::mem::take(&mut c.body))?;
        let class = ClassDef {
            id,
            line: class_line,
            name: self.ident(&c.name, c.name.as_str()),
            args,
            body,
        };
        push_compound(
            out,
            line,
            StmtKind::ClassDef {
                class: Rc::new(class),
                decorators,
            },
        )
    }

    /// The right-hand side of `=`, `return`, `for ... in`: a bare tuple is a `testlist`.
    fn rhs(&mut self, e: &py::Expr) -> R<Expr> {
        self.expr(e)
    }

    /// A `testlist` (after `return`, `yield`, `for ... in`, in subscripts) cannot hold `*x`:
    /// MicroPython's grammar rejects it while parsing.
    /// A syntax error if `e` is a starred expression, where MicroPython's grammar has a
    /// `test` and ruff takes a `*x` (`assert *a`, `{*a: 1}`, `f(x=*a)`, `lambda: *a`).
    pub(super) fn no_bare_star(&self, e: &py::Expr) -> R<()> {
        match e {
            py::Expr::Starred(s) => Err(Box::new(self.syntax_error(self.line(s)))),
            _ => Ok(()),
        }
    }

    pub(super) fn no_star(&self, e: &py::Expr) -> R<()> {
        match e {
            py::Expr::Starred(s) => Err(Box::new(self.syntax_error(self.line(s)))),
            py::Expr::Tuple(t) if !t.parenthesized => {
                match t.elts.iter().find(|x| x.is_starred_expr()) {
                    Some(x) => Err(Box::new(self.syntax_error(self.line(x)))),
                    None => Ok(()),
                }
            }
            _ => Ok(()),
        }
    }

    /// An assignment target: a bare tuple is a `testlist_star_expr`, which can never be a
    /// constant tuple in a valid target, so the normal lowering is right.
    fn assign_target(&mut self, e: &py::Expr) -> R<Expr> {
        self.expr(e)
    }

    /// `target = value` (or `target: ann = value`), recognising `NAME = const(value)`.
    fn single_assign(&mut self, target: Expr, value: &py::Expr, line: Line) -> R<Stmt> {
        if let (ExprKind::Name(name), py::Expr::Call(call)) = (&target.kind, value) {
            if let py::Expr::Name(f) = &*call.func {
                if f.id.as_str() == "const"
                    && call.func.start() == call.start()
                    && !self.consts.contains_key("const")
                {
                    let const_line = self.line(&*call.func);
                    let args = &call.arguments;
                    let arg = if args.args.len() == 1
                        && args.keywords.is_empty()
                        && !args.args[0].is_starred_expr()
                    {
                        Some(self.expr(&args.args[0])?)
                    } else {
                        // Lower the arguments anyway, for the interning order.
                        let _ = self.call_args(args)?;
                        None
                    };
                    // `--rich-errors` points at the argument (or the call when there is none).
                    let not_const = || {
                        let at = args.args.first().map_or(call.start(), |a| a.start());
                        CompileError::syntax(msg::NOT_A_CONSTANT)
                            .at_line(const_line)
                            .at_offset(at)
                            .with_hint(hint::CONST_NOT_CONSTANT)
                    };
                    let value = match arg {
                        Some(v) if is_const(&v) => v,
                        _ => {
                            self.interner.advance_to(call.end());
                            return Err(Box::new(not_const()));
                        }
                    };
                    let Some(c) = to_const(&value) else {
                        return Err(Box::new(not_const()));
                    };
                    let name = name.clone();
                    self.consts.insert(name.clone(), c);
                    if name.starts_with('_') {
                        return Ok(Stmt {
                            line: 0,
                            src_line: line,
                            kind: StmtKind::Pass,
                        });
                    }
                    return Ok(Stmt {
                        line,
                        src_line: line,
                        kind: StmtKind::Assign {
                            targets: vec![target],
                            value,
                        },
                    });
                }
            }
        }
        let value = self.rhs(value)?;
        Ok(Stmt {
            line,
            src_line: line,
            kind: StmtKind::Assign {
                targets: vec![target],
                value,
            },
        })
    }

    #[inline(never)]
    fn with(&mut self, w: &mut py::StmtWith, line: Line, out: &mut Vec<Stmt>) -> R<()> {
        let items = self.with_items(w)?;
        let body = self.stmts(std::mem::take(&mut w.body))?;
        push_compound(
            out,
            line,
            StmtKind::With {
                items,
                body,
                is_async: w.is_async,
            },
        )
    }

    /// The context managers of a `with` (out of the frame of [`Self::with`], which every
    /// level of nesting keeps on the stack).
    #[inline(never)]
    fn with_items(&mut self, w: &py::StmtWith) -> R<Vec<(Expr, Option<Expr>)>> {
        // `with (a, b):` is one tuple context manager in MicroPython; `with (a as b, ...)` is
        // a syntax error there.
        let first_start = w.items.first().map(|i| i.start()).unwrap_or(w.end());
        // A `(` before the first item (none: `first_start`, not parenthesised).
        let after_kw = self
            .find_char_before_limit(
                w.start() + ruff_text_size::TextSize::new(if w.is_async { 10 } else { 4 }),
                first_start,
                b'(',
            )
            .unwrap_or(first_start);
        let parenthesised = w.items.len() >= 2
            && after_kw < first_start
            && self
                .src
                .text
                .get(w.start().to_usize()..first_start.to_usize())
                .is_some_and(|s| s.trim_end().ends_with('('));
        // `with (a as b):` (Python 3.9's parenthesised items): more `(` before the context
        // manager than `)` between it and its `as`.
        if let [item] = &w.items[..] {
            if let Some(target) = &item.optional_vars {
                let text = self.src.text.as_bytes();
                let count = |from: ruff_text_size::TextSize, to: ruff_text_size::TextSize, c| {
                    text.get(from.to_usize()..to.to_usize())
                        .map_or(0, |t| t.iter().filter(|&&b| b == c).count())
                };
                let keyword_end =
                    w.start() + ruff_text_size::TextSize::new(if w.is_async { 10 } else { 4 });
                let opens = count(keyword_end, item.context_expr.start(), b'(');
                let closes = count(item.context_expr.end(), target.start(), b')');
                if opens > closes {
                    // The parser fails at the `as` (taken on its target's line).
                    return Err(Box::new(self.syntax_error(self.line(&**target))));
                }
            }
        }
        if parenthesised {
            if let Some(target) = w.items.iter().find_map(|i| i.optional_vars.as_deref()) {
                // The parser fails at the first `as`.
                return Err(Box::new(self.syntax_error(self.line(target))));
            }
            let mut items = Vec::with_capacity(w.items.len());
            for i in &w.items {
                items.push(self.expr(&i.context_expr)?);
            }
            let tline = self.line_at(after_kw);
            let tuple = if items.iter().all(is_const) {
                let values: Vec<_> = items.iter().filter_map(to_const).collect();
                Expr {
                    line: tline,
                    kind: ExprKind::Const(crate::ast::Const::Tuple(Rc::from(values))),
                }
            } else {
                Expr {
                    line: tline,
                    kind: ExprKind::Tuple { items, paren: true },
                }
            };
            return Ok(vec![(tuple, None)]);
        }
        let mut items = Vec::with_capacity(w.items.len());
        for i in &w.items {
            self.no_bare_star(&i.context_expr)?;
            let e = self.expr(&i.context_expr)?;
            let v = match &i.optional_vars {
                Some(v) => Some(self.no_bare_star(v).and_then(|()| self.expr(v))?),
                None => None,
            };
            items.push((e, v));
        }
        Ok(items)
    }

    /// Decorators must be `@dotted.name` with an optional call (py/grammar.h `decorator`).
    fn decorators(&mut self, decs: &[py::Decorator]) -> R<Vec<Decorator>> {
        let mut out = Vec::new();
        for d in decs {
            let line = self.line(d);
            let (dotted, call) = match &d.expression {
                py::Expr::Call(c) => (&*c.func, Some(c)),
                other => (other, None),
            };
            let mut names = Vec::new();
            if !collect_dotted(dotted, &mut names) {
                return Err(Box::new(self.syntax_error(line)));
            }
            let call = match call {
                Some(c) => {
                    let tline = self.line(&c.arguments);
                    Some(Trailer {
                        line: tline,
                        kind: TrailerKind::Call(self.call_args(&c.arguments)?),
                    })
                }
                None => None,
            };
            out.push(Decorator { names, call });
        }
        Ok(out)
    }
}

fn collect_dotted(e: &py::Expr, out: &mut Vec<Rc<str>>) -> bool {
    match e {
        py::Expr::Name(n) => {
            out.push(Rc::from(n.id.as_str()));
            true
        }
        py::Expr::Attribute(a) if a.value.start() == a.start() => {
            if !collect_dotted(&a.value, out) {
                return false;
            }
            out.push(Rc::from(a.attr.as_str()));
            true
        }
        _ => false,
    }
}

/// py/parse.c: an expression statement that is only a constant (not a name) becomes `pass`.
fn is_lone_constant(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::SmallInt(_) | ExprKind::Str(_) | ExprKind::Token(_) | ExprKind::Const(_)
    )
}

/// The in-place binary op number of an augmented assignment.
fn aug_op(op: py::Operator) -> u8 {
    use py::Operator as O;
    let plain = match op {
        O::BitOr => binary::OR,
        O::BitXor => binary::XOR,
        O::BitAnd => binary::AND,
        O::LShift => binary::LSHIFT,
        O::RShift => binary::RSHIFT,
        O::Add => binary::ADD,
        O::Sub => binary::SUBTRACT,
        O::Mult => binary::MULTIPLY,
        O::MatMult => binary::MAT_MULTIPLY,
        O::Div => binary::TRUE_DIVIDE,
        O::Mod => binary::MODULO,
        O::FloorDiv => binary::FLOOR_DIVIDE,
        O::Pow => binary::POWER,
    };
    plain - binary::INPLACE_DELTA
}
