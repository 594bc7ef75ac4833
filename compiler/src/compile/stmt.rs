//! Statements (py/compile.c `compile_*_stmt`, try/with/for/while/if, imports, global/nonlocal).

use super::assign::AssignKind;
use super::func::DefBody;
use super::{Compiler, R};
use crate::ast::{Expr, ExprKind, Handler, Stmt, StmtKind, Token, TrailerKind};
use crate::emit::{Block, Build, Emitter, Pass, BREAK_FROM_FOR};
use crate::error::msg;
use crate::lower::const_truth;
use crate::scope::{IdKind, ScopeKind, SCOPE_FLAG_GENERATOR};
use mpy_format::opcode::binary;
use std::rc::Rc;

/// An error inside a statement list gets the failing statement's line.
#[inline(never)]
fn list_error(mut e: Box<crate::CompileError>, line: u32) -> Box<crate::CompileError> {
    // As `at`, in place.
    if line > 0 && e.line.is_none() {
        e.line = Some(line);
    }
    e
}

impl<'m> Compiler<'m> {
    /// A statement list: an error inside gets the line of the failing statement when the list
    /// has two or more statements (py/compile.c `compile_generic_all_nodes`).
    pub(crate) fn stmts(&mut self, body: &'m [Stmt]) -> R<()> {
        let is_list = body.len() >= 2;
        if let (true, Some(first)) = (is_list, body.first()) {
            // The list node itself is compiled first and records its (first token's) line.
            self.emit.set_source_line(first.src_line);
        }
        for s in body {
            if let Err(e) = self.stmt(s) {
                return Err(if is_list { list_error(e, s.line) } else { e });
            }
            if let Some(end) = self.after_stmt(s, is_list) {
                return end;
            }
        }
        Ok(())
    }

    /// What a registered error makes of the statement list after `s` (out of the frame of
    /// [`Self::stmts`], which every level of nesting keeps on the stack).
    #[inline(never)]
    fn after_stmt(&mut self, s: &'m Stmt, is_list: bool) -> Option<R<()>> {
        // A registered error (viper types, unknown annotations) does not stop the construct
        // being compiled, but ends this statement list, whose statement gives it its line if
        // it has none yet (compile_generic_all_nodes).
        self.merge_native_error();
        if let Some(e) = self.emit.native_mut().and_then(|n| n.take_error()) {
            return Some(Err(Box::new(e)));
        }
        if let Some(p) = self.pending_error.as_mut() {
            if is_list && p.line.is_none() && s.line > 0 {
                p.line = Some(s.line);
            }
            return Some(Ok(()));
        }
        None
    }

    /// One statement. Compound statements recurse through here once per level of nesting, so
    /// this frame (inlined into [`Self::stmts`]) stays small: each kind is compiled in a
    /// function of its own, the simple ones in [`Self::simple_stmt`].
    fn stmt(&mut self, s: &'m Stmt) -> R<()> {
        self.emit.set_source_line(s.line);
        let line = s.line;
        match &s.kind {
            StmtKind::If {
                test,
                body,
                elifs,
                orelse,
            } => self.if_stmt(test, body, elifs, orelse)?,
            StmtKind::While { test, body, orelse } => self.while_stmt(test, body, orelse)?,
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    self.check_async(line)?;
                    self.async_for(target, iter, body, orelse)?;
                } else {
                    self.for_stmt(target, iter, body, orelse)?;
                }
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => match finalbody {
                Some(fin) => self.try_finally(body, handlers, orelse, fin)?,
                None => self.try_except(body, handlers, orelse)?,
            },
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    self.check_async(line)?;
                    self.async_with(items, body)?;
                } else {
                    self.with_stmt(items, body)?;
                }
            }
            StmtKind::FunctionDef { func, decorators } => {
                self.decorated(decorators, DefBody::Func(func))?
            }
            StmtKind::ClassDef { class, decorators } => {
                self.decorated(decorators, DefBody::Class(class))?
            }
            _ => self.simple_stmt(s)?,
        }
        Ok(())
    }

    /// A statement that holds no statements (see [`Self::stmt`]).
    #[inline(never)]
    fn simple_stmt(&mut self, s: &'m Stmt) -> R<()> {
        let line = s.line;
        match &s.kind {
            StmtKind::Expr(e) => {
                self.node(e)?;
                self.emit.pop_top();
            }
            StmtKind::Pass => {}
            StmtKind::Assign { targets, value } => self.assign_stmt(targets, value)?,
            StmtKind::AugAssign { target, op, value } => {
                self.assign(target, AssignKind::AugLoad)?;
                self.node(value)?;
                self.emit.binary_op(*op, false);
                self.assign(target, AssignKind::AugStore)?;
            }
            StmtKind::AnnAssign { target } => {
                if self.scope_kind() == ScopeKind::Function {
                    if let ExprKind::Name(n) = &target.kind {
                        self.scopes.list[self.cur].find_or_add(n, IdKind::Local);
                    }
                }
            }
            StmtKind::Del(targets) => {
                for t in targets {
                    self.del(t)?;
                }
            }
            StmtKind::Break | StmtKind::Continue => {
                let label = if matches!(s.kind, StmtKind::Break) {
                    self.break_label
                } else {
                    self.continue_label
                };
                if label == super::INVALID_LABEL {
                    return Err(Box::new(
                        self.syntax_error(msg::BREAK_CONTINUE_OUTSIDE, line),
                    ));
                }
                let depth = self.cur_except_level - self.break_continue_except_level;
                self.emit.unwind_jump(label, depth);
            }
            StmtKind::Return(v) => self.return_stmt(v.as_ref(), line)?,
            StmtKind::Raise { exc, cause } => match (exc, cause) {
                (None, _) => self.emit.raise_varargs(0),
                (Some(e), Some(c)) => {
                    self.node(e)?;
                    self.node(c)?;
                    self.emit.raise_varargs(2);
                }
                (Some(e), None) => {
                    self.node(e)?;
                    self.emit.raise_varargs(1);
                }
            },
            StmtKind::Import(names) => {
                for n in names {
                    self.emit.load_const_small_int(0);
                    self.emit.load_const_tok(Token::None);
                    let base = self.import_name(&n.dotted, n.asname.is_some())?;
                    let target = n.asname.clone().unwrap_or(base);
                    self.store_id(&target);
                }
            }
            StmtKind::ImportFrom {
                level,
                module,
                names,
            } => match names {
                None => {
                    if self.scope_kind() != ScopeKind::Module {
                        return Err(Box::new(
                            self.syntax_error(msg::IMPORT_STAR_NOT_MODULE, line),
                        ));
                    }
                    self.emit.load_const_small_int(i64::from(*level));
                    self.emit.load_const_str(&Rc::from("*"));
                    self.emit.build(1, Build::Tuple);
                    self.import_name(module, false)?;
                    self.emit.import_star();
                }
                Some(names) => {
                    self.emit.load_const_small_int(i64::from(*level));
                    for (n, _) in names {
                        self.emit.load_const_str(n);
                    }
                    self.emit.build(names.len() as u32, Build::Tuple);
                    self.import_name(module, false)?;
                    for (n, asname) in names {
                        self.emit.import_from(n);
                        self.store_id(asname.as_ref().unwrap_or(n));
                    }
                    self.emit.pop_top();
                }
            },
            StmtKind::Global(names) => self.global_nonlocal(names, true, line)?,
            StmtKind::Nonlocal(names) => self.global_nonlocal(names, false, line)?,
            StmtKind::Assert { test, msg } => {
                if self.opts.opt_level != 0 {
                    return Ok(());
                }
                let l_end = self.next_label();
                self.if_cond(test, true, l_end)?;
                self.emit
                    .load_id(crate::emit::IdOp::Global, &Rc::from("AssertionError"));
                if let Some(m) = msg {
                    self.node(m)?;
                    self.emit.call_function(1, 0, 0);
                }
                self.emit.raise_varargs(1);
                self.emit.label_assign(l_end);
            }
            // Compiled by `stmt`.
            StmtKind::If { .. }
            | StmtKind::While { .. }
            | StmtKind::For { .. }
            | StmtKind::Try { .. }
            | StmtKind::With { .. }
            | StmtKind::FunctionDef { .. }
            | StmtKind::ClassDef { .. } => {}
        }
        Ok(())
    }

    fn check_async(&self, line: u32) -> R<()> {
        if self.scopes.list[self.cur].scope_flags & SCOPE_FLAG_GENERATOR == 0 {
            return Err(Box::new(self.syntax_error(msg::ASYNC_OUTSIDE, line)));
        }
        Ok(())
    }

    /// `compile_expr_stmt` for `=` (single target with the tuple-swap shapes, or a chain).
    fn assign_stmt(&mut self, targets: &'m [Expr], value: &'m Expr) -> R<()> {
        if targets.len() == 1 {
            let target = &targets[0];
            if let (
                ExprKind::Tuple {
                    items: lhs,
                    paren: false,
                },
                ExprKind::Tuple {
                    items: rhs,
                    paren: false,
                },
            ) = (&target.kind, &value.kind)
            {
                let n = lhs.len();
                if n == rhs.len()
                    && (n == 2 || n == 3)
                    && !lhs.iter().any(|e| matches!(e.kind, ExprKind::Star(_)))
                {
                    self.node(&rhs[0])?;
                    self.node(&rhs[1])?;
                    if n == 3 {
                        self.node(&rhs[2])?;
                        self.emit.rot_three();
                    }
                    self.emit.rot_two();
                    for t in lhs {
                        self.assign(t, AssignKind::Store)?;
                    }
                    return Ok(());
                }
            }
            self.node(value)?;
            return self.assign(target, AssignKind::Store);
        }
        self.node(value)?;
        self.emit.dup_top();
        self.assign(&targets[0], AssignKind::Store)?;
        let rest = &targets[1..];
        for (i, t) in rest.iter().enumerate() {
            if i + 1 < rest.len() {
                self.emit.dup_top();
            }
            self.assign(t, AssignKind::Store)?;
        }
        Ok(())
    }

    fn return_stmt(&mut self, v: Option<&'m Expr>, line: u32) -> R<()> {
        if self.scope_kind() != ScopeKind::Function {
            return Err(Box::new(self.syntax_error(msg::RETURN_OUTSIDE, line)));
        }
        match v {
            None => self.emit.load_const_tok(Token::None),
            Some(Expr {
                kind: ExprKind::IfExp { body, test, orelse },
                ..
            }) => {
                let l_fail = self.next_label();
                self.if_cond(test, false, l_fail)?;
                self.node(body)?;
                self.emit.return_value();
                self.emit.label_assign(l_fail);
                self.node(orelse)?;
            }
            Some(e) => self.node(e)?,
        }
        self.emit.return_value();
        Ok(())
    }

    /// `do_import_name`: emit IMPORT_NAME; returns the name to bind without `as`.
    fn import_name(&mut self, dotted: &[Rc<str>], is_as: bool) -> R<Rc<str>> {
        if dotted.is_empty() {
            let empty: Rc<str> = Rc::from("");
            self.emit.import_name(&empty);
            return Ok(empty);
        }
        let full: Rc<str> = Rc::from(dotted.join(".").as_str());
        // compile.c interns the joined name of `import a.b.c` (each part passed the parser's
        // check alone); too long, it fails as a bare RuntimeError, not a SyntaxError.
        if full.len() > crate::parse::QSTR_MAX_LEN as usize {
            return Err(Box::new(crate::parse::name_too_long()));
        }
        self.emit.import_name(&full);
        if is_as {
            for attr in &dotted[1..] {
                self.emit.attr(attr, crate::emit::Access::Load);
            }
        }
        Ok(dotted[0].clone())
    }

    fn global_nonlocal(&mut self, names: &[Rc<str>], is_global: bool, line: u32) -> R<()> {
        if self.pass != Pass::Scope {
            return Ok(());
        }
        if !is_global && self.scope_kind() == ScopeKind::Module {
            return Err(Box::new(self.syntax_error(msg::NONLOCAL_AT_MODULE, line)));
        }
        for n in names {
            let i = self.scopes.list[self.cur].find_or_add(n, IdKind::Undecided);
            self.declare_global_or_nonlocal(i, is_global, line)?;
        }
        Ok(())
    }

    /// `compile_declare_global` / `compile_declare_nonlocal` for id `i` of the current scope.
    pub(crate) fn declare_global_or_nonlocal(
        &mut self,
        i: usize,
        is_global: bool,
        line: u32,
    ) -> R<()> {
        let cur = self.cur;
        let kind = self.scopes.list[cur].id_info[i].kind;
        if is_global {
            if kind != IdKind::Undecided && kind != IdKind::GlobalExplicit {
                return Err(Box::new(self.syntax_error(msg::REDEFINED_GLOBAL, line)));
            }
            self.scopes.list[cur].id_info[i].kind = IdKind::GlobalExplicit;
            let qst = self.scopes.list[cur].id_info[i].qst.clone();
            if let Some((s, j)) = self.scopes.find_global(cur, &qst) {
                self.scopes.list[s].id_info[j].kind = IdKind::GlobalExplicit;
            }
        } else if kind == IdKind::Undecided {
            self.scopes.list[cur].id_info[i].kind = IdKind::GlobalImplicit;
            self.scopes.check_to_close_over(cur, i);
            if self.scopes.list[cur].id_info[i].kind == IdKind::GlobalImplicit {
                return Err(Box::new(self.syntax_error(msg::NO_BINDING_NONLOCAL, line)));
            }
        } else if kind != IdKind::Free {
            return Err(Box::new(self.syntax_error(msg::REDEFINED_NONLOCAL, line)));
        }
        Ok(())
    }

    #[inline(never)]
    fn if_stmt(
        &mut self,
        test: &'m Expr,
        body: &'m [Stmt],
        elifs: &'m [(u32, Expr, Vec<Stmt>)],
        orelse: &'m [Stmt],
    ) -> R<()> {
        let l_end = self.next_label();
        if const_truth(test) != Some(false) {
            let l_fail = self.next_label();
            self.if_cond(test, false, l_fail)?;
            self.stmts(body)?;
            if const_truth(test) == Some(true) {
                self.emit.label_assign(l_end);
                return Ok(());
            }
            if !(elifs.is_empty() && orelse.is_empty()) {
                self.emit.jump(l_end);
            }
            self.emit.label_assign(l_fail);
        }
        for (_, etest, ebody) in elifs {
            if const_truth(etest) != Some(false) {
                let l_fail = self.next_label();
                self.if_cond(etest, false, l_fail)?;
                self.stmts(ebody)?;
                if const_truth(etest) == Some(true) {
                    self.emit.label_assign(l_end);
                    return Ok(());
                }
                self.emit.jump(l_end);
                self.emit.label_assign(l_fail);
            }
        }
        self.stmts(orelse)?;
        self.emit.label_assign(l_end);
        Ok(())
    }

    /// START_BREAK_CONTINUE_BLOCK: returns the saved state and the new labels.
    fn start_loop(&mut self) -> ((u32, u32, u32), u32, u32) {
        let saved = (
            self.break_label,
            self.continue_label,
            self.break_continue_except_level,
        );
        let break_label = self.next_label();
        let continue_label = self.next_label();
        self.break_label = break_label;
        self.continue_label = continue_label;
        self.break_continue_except_level = self.cur_except_level;
        (saved, break_label, continue_label)
    }

    fn end_loop(&mut self, saved: (u32, u32, u32)) {
        (
            self.break_label,
            self.continue_label,
            self.break_continue_except_level,
        ) = saved;
    }

    #[inline(never)]
    fn while_stmt(&mut self, test: &'m Expr, body: &'m [Stmt], orelse: &'m [Stmt]) -> R<()> {
        let (saved, break_label, continue_label) = self.start_loop();
        if const_truth(test) != Some(false) {
            let top = self.next_label();
            if const_truth(test) != Some(true) {
                self.emit.jump(continue_label);
            }
            self.emit.label_assign(top);
            self.stmts(body)?;
            self.emit.label_assign(continue_label);
            self.if_cond(test, true, top)?;
        }
        self.end_loop(saved);
        self.stmts(orelse)?;
        self.emit.label_assign(break_label);
        Ok(())
    }

    #[inline(never)]
    fn for_stmt(
        &mut self,
        target: &'m Expr,
        iter: &'m Expr,
        body: &'m [Stmt],
        orelse: &'m [Stmt],
    ) -> R<()> {
        if let ExprKind::Name(_) = &target.kind {
            if let Some((start, end, step)) = self.range_args(iter) {
                return self.for_range(target, start, end, step, body, orelse);
            }
        }
        let (saved, break_label, continue_label) = self.start_loop();
        self.break_label |= BREAK_FROM_FOR;
        let pop_label = self.next_label();
        self.node(iter)?;
        self.emit.get_iter(true);
        self.emit.label_assign(continue_label);
        self.emit.for_iter(pop_label);
        self.assign(target, AssignKind::Store)?;
        self.stmts(body)?;
        self.emit.jump(continue_label);
        self.emit.label_assign(pop_label);
        self.emit.for_iter_end();
        self.end_loop(saved);
        self.stmts(orelse)?;
        self.emit.label_assign(break_label);
        Ok(())
    }

    /// Recognise `range(a[, b[, step]])` for the counting loop.
    fn range_args(&self, iter: &'m Expr) -> Option<(RangeArg<'m>, RangeArg<'m>, RangeArg<'m>)> {
        let ExprKind::AtomExpr { base, trailers } = &iter.kind else {
            return None;
        };
        let ExprKind::Name(n) = &base.kind else {
            return None;
        };
        if &**n != "range" || trailers.len() != 1 {
            return None;
        }
        let TrailerKind::Call(args) = &trailers[0].kind else {
            return None;
        };
        let mut pos = Vec::new();
        for a in args {
            match a {
                crate::ast::Arg::Pos(e) => pos.push(e),
                _ => return None,
            }
        }
        match pos.len() {
            1 => Some((RangeArg::Int(0), RangeArg::Node(pos[0]), RangeArg::Int(1))),
            2 => Some((
                RangeArg::Node(pos[0]),
                RangeArg::Node(pos[1]),
                RangeArg::Int(1),
            )),
            3 => match pos[2].kind {
                ExprKind::SmallInt(v) if v != 0 => Some((
                    RangeArg::Node(pos[0]),
                    RangeArg::Node(pos[1]),
                    RangeArg::Int(v),
                )),
                _ => None,
            },
            _ => None,
        }
    }

    fn range_arg(&mut self, a: RangeArg<'m>) -> R<()> {
        match a {
            RangeArg::Int(v) => {
                self.emit.load_const_small_int(v);
                Ok(())
            }
            RangeArg::Node(e) => self.node(e),
        }
    }

    /// `compile_for_stmt_optimised_range`.
    fn for_range(
        &mut self,
        var: &'m Expr,
        start: RangeArg<'m>,
        end: RangeArg<'m>,
        step: RangeArg<'m>,
        body: &'m [Stmt],
        orelse: &'m [Stmt],
    ) -> R<()> {
        let (saved, break_label, continue_label) = self.start_loop();
        let top = self.next_label();
        let entry = self.next_label();
        let end_on_stack = !matches!(
            end,
            RangeArg::Int(_)
                | RangeArg::Node(Expr {
                    kind: ExprKind::SmallInt(_),
                    ..
                })
        );
        if end_on_stack {
            self.range_arg(end)?;
        }
        self.range_arg(start)?;
        self.emit.jump(entry);
        self.emit.label_assign(top);
        self.emit.dup_top();
        self.assign(var, AssignKind::Store)?;
        self.stmts(body)?;
        self.emit.label_assign(continue_label);
        self.range_arg(step)?;
        self.emit
            .binary_op(binary::ADD - binary::INPLACE_DELTA, false);
        self.emit.label_assign(entry);
        if end_on_stack {
            self.emit.dup_top_two();
            self.emit.rot_two();
        } else {
            self.emit.dup_top();
            self.range_arg(end)?;
        }
        let step_v = match step {
            RangeArg::Int(v) => v,
            RangeArg::Node(Expr {
                kind: ExprKind::SmallInt(v),
                ..
            }) => *v,
            RangeArg::Node(_) => 1,
        };
        self.emit.binary_op(
            if step_v >= 0 {
                binary::LESS
            } else {
                binary::MORE
            },
            false,
        );
        self.emit.pop_jump_if(true, top);
        self.end_loop(saved);
        let mut end_label = 0;
        if !orelse.is_empty() {
            self.emit.pop_top();
            if end_on_stack {
                self.emit.pop_top();
            }
            self.stmts(orelse)?;
            end_label = self.next_label();
            self.emit.jump(end_label);
            self.emit.adjust_stack_size(1 + i32::from(end_on_stack));
        }
        self.emit.label_assign(break_label);
        self.emit.pop_top();
        if end_on_stack {
            self.emit.pop_top();
        }
        if !orelse.is_empty() {
            self.emit.label_assign(end_label);
        }
        Ok(())
    }

    #[inline(never)]
    fn try_except(
        &mut self,
        body: &'m [Stmt],
        handlers: &'m [Handler],
        orelse: &'m [Stmt],
    ) -> R<()> {
        let l1 = self.next_label();
        let success = self.next_label();
        self.increase_except_level(l1, Block::Except);
        self.stmts(body)?;
        self.emit.pop_except_jump(success, false);
        self.emit.label_assign(l1);
        self.emit.start_except_handler();
        let l2 = self.next_label();
        for (i, h) in handlers.iter().enumerate() {
            let end_finally = self.next_label();
            match &h.typ {
                None => {
                    if i + 1 != handlers.len() {
                        return Err(Box::new(
                            self.syntax_error(msg::DEFAULT_EXCEPT_LAST, h.line),
                        ));
                    }
                }
                Some(t) => {
                    self.emit.dup_top();
                    self.node(t)?;
                    self.emit.binary_op(binary::EXCEPTION_MATCH, false);
                    self.emit.pop_jump_if(false, end_finally);
                }
            }
            match &h.name {
                None => self.emit.pop_top(),
                Some(n) => self.store_id(n),
            }
            let mut l3 = 0;
            if h.name.is_some() {
                l3 = self.next_label();
                self.increase_except_level(l3, Block::Finally);
            }
            self.stmts(&h.body)?;
            if let Some(n) = &h.name {
                self.emit.load_const_tok(Token::None);
                self.emit.label_assign(l3);
                self.emit.adjust_stack_size(1);
                self.emit.load_const_tok(Token::None);
                self.store_id(n);
                self.delete_id(n);
                self.emit.adjust_stack_size(-1);
                self.decrease_except_level();
            }
            self.emit.pop_except_jump(l2, true);
            self.emit.label_assign(end_finally);
            self.emit.adjust_stack_size(1);
        }
        self.decrease_except_level();
        self.emit.end_except_handler();
        self.emit.label_assign(success);
        self.stmts(orelse)?;
        self.emit.label_assign(l2);
        Ok(())
    }

    #[inline(never)]
    fn try_finally(
        &mut self,
        body: &'m [Stmt],
        handlers: &'m [Handler],
        orelse: &'m [Stmt],
        fin: &'m [Stmt],
    ) -> R<()> {
        let l_finally = self.next_label();
        self.increase_except_level(l_finally, Block::Finally);
        if handlers.is_empty() {
            self.emit.adjust_stack_size(3);
            self.stmts(body)?;
            self.emit.adjust_stack_size(-3);
        } else {
            self.try_except(body, handlers, orelse)?;
        }
        self.emit.load_const_tok(Token::None);
        self.emit.label_assign(l_finally);
        self.emit.adjust_stack_size(1);
        self.stmts(fin)?;
        self.emit.adjust_stack_size(-1);
        self.decrease_except_level();
        Ok(())
    }

    #[inline(never)]
    fn with_stmt(&mut self, items: &'m [(Expr, Option<Expr>)], body: &'m [Stmt]) -> R<()> {
        let Some(((e, target), rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let l_end = self.next_label();
        self.node(e)?;
        self.increase_except_level(l_end, Block::With);
        match target {
            Some(t) => self.assign(t, AssignKind::Store)?,
            None => self.emit.pop_top(),
        }
        self.with_stmt(rest, body)?;
        self.emit.set_label_slot(self.next_label);
        self.emit.with_cleanup(l_end);
        self.reserve_labels_for_native(3);
        self.decrease_except_level();
        Ok(())
    }

    fn await_method(&mut self, method: &str) {
        self.emit.load_method(&Rc::from(method), false);
        self.emit.call_method(0, 0, 0);
        self.yield_from();
    }

    #[inline(never)]
    fn async_for(
        &mut self,
        target: &'m Expr,
        iter: &'m Expr,
        body: &'m [Stmt],
        orelse: &'m [Stmt],
    ) -> R<()> {
        let while_else = self.next_label();
        let try_exception = self.next_label();
        let try_else = self.next_label();
        let try_finally = self.next_label();
        self.node(iter)?;
        self.emit.load_method(&Rc::from("__aiter__"), false);
        self.emit.call_method(0, 0, 0);
        let (saved, break_label, continue_label) = self.start_loop();
        self.emit.label_assign(continue_label);
        self.increase_except_level(try_exception, Block::Except);
        self.emit.dup_top();
        self.await_method("__anext__");
        self.assign(target, AssignKind::Store)?;
        self.emit.pop_except_jump(try_else, false);
        self.emit.label_assign(try_exception);
        self.emit.start_except_handler();
        self.emit.dup_top();
        self.emit
            .load_id(crate::emit::IdOp::Global, &Rc::from("StopAsyncIteration"));
        self.emit.binary_op(binary::EXCEPTION_MATCH, false);
        self.emit.pop_jump_if(false, try_finally);
        self.emit.pop_top();
        self.emit.pop_except_jump(while_else, true);
        self.emit.label_assign(try_finally);
        self.emit.adjust_stack_size(1);
        self.decrease_except_level();
        self.emit.end_except_handler();
        self.emit.label_assign(try_else);
        self.stmts(body)?;
        self.emit.jump(continue_label);
        self.end_loop(saved);
        self.emit.label_assign(while_else);
        self.stmts(orelse)?;
        self.emit.label_assign(break_label);
        self.emit.pop_top();
        Ok(())
    }

    #[inline(never)]
    fn async_with(&mut self, items: &'m [(Expr, Option<Expr>)], body: &'m [Stmt]) -> R<()> {
        let Some(((e, target), rest)) = items.split_first() else {
            return self.stmts(body);
        };
        let l_finally = self.next_label();
        let l_aexit_no_exc = self.next_label();
        let l_ret_unwind = self.next_label();
        let l_end = self.next_label();
        self.node(e)?;
        self.emit.dup_top();
        self.await_method("__aenter__");
        match target {
            Some(t) => self.assign(t, AssignKind::Store)?,
            None => self.emit.pop_top(),
        }
        self.increase_except_level(l_finally, Block::Finally);
        self.emit.adjust_stack_size(3);
        self.async_with(rest, body)?;
        self.emit.adjust_stack_size(-3);
        self.emit
            .async_with_setup_finally(l_aexit_no_exc, l_finally, l_ret_unwind);
        self.emit.dup_top();
        self.emit.rot_three();
        self.emit.rot_two();
        self.emit.load_method(&Rc::from("__aexit__"), false);
        self.emit.rot_three();
        self.emit.rot_three();
        self.emit.dup_top();
        self.emit
            .attr(&Rc::from("__class__"), crate::emit::Access::Load);
        self.emit.rot_two();
        self.emit.load_const_tok(Token::None);
        self.emit.call_method(3, 0, 0);
        self.yield_from();
        self.emit.pop_jump_if(false, l_end);
        self.emit.pop_top();
        self.emit.load_const_tok(Token::None);
        self.emit.jump(l_end);
        self.emit.adjust_stack_size(2);
        self.emit.label_assign(l_ret_unwind);
        self.emit.rot_three();
        self.emit.rot_three();
        self.emit.label_assign(l_aexit_no_exc);
        self.emit.load_method(&Rc::from("__aexit__"), false);
        self.emit.load_const_tok(Token::None);
        self.emit.dup_top();
        self.emit.dup_top();
        self.emit.call_method(3, 0, 0);
        self.yield_from();
        self.emit.pop_top();
        self.emit.adjust_stack_size(-1);
        self.emit.label_assign(l_end);
        self.decrease_except_level();
        Ok(())
    }
}

/// An argument of `range()` in the counting loop: a parse node or an implicit small int.
#[derive(Clone, Copy)]
enum RangeArg<'m> {
    Int(i64),
    Node(&'m Expr),
}
