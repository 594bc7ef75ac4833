//! Expressions (py/compile.c `compile_node` and the expression `compile_*` functions, plus
//! `c_if_cond` for conditions).

use super::{at, Compiler, R};
use crate::ast::{BinLevel, CmpOp, Expr, ExprKind, Token, Trailer, TrailerKind, UnaryOp};
use crate::emit::{Access, Build, Emitter, Pass};
use crate::error::{msg, CompileError};
use crate::lower::const_truth;
use crate::scope::{IdKind, ScopeKind, SCOPE_FLAG_ASYNC, SCOPE_FLAG_GENERATOR};
use mpy_format::mpy::Flavour;
use mpy_format::opcode::{binary, unary};
use std::rc::Rc;

impl<'m> Compiler<'m> {
    /// `compile_node` for an expression: struct nodes record their line first.
    pub(crate) fn node(&mut self, e: &'m Expr) -> R<()> {
        match &e.kind {
            ExprKind::SmallInt(v) => {
                self.emit.load_const_small_int(*v);
                return Ok(());
            }
            ExprKind::Name(n) => {
                self.load_id(n);
                return Ok(());
            }
            ExprKind::Str(s) => {
                self.emit.load_const_str(s);
                return Ok(());
            }
            ExprKind::Token(t) => {
                self.emit.load_const_tok(*t);
                return Ok(());
            }
            _ => {}
        }
        self.emit.set_source_line(e.line);
        self.struct_node(e)
    }

    /// The body of `compile_node` for struct nodes, without recording the line.
    fn struct_node(&mut self, e: &'m Expr) -> R<()> {
        let line = e.line;
        match &e.kind {
            ExprKind::SmallInt(_) | ExprKind::Name(_) | ExprKind::Str(_) | ExprKind::Token(_) => {
                self.node(e)?
            }
            ExprKind::Const(c) => self.emit.load_const_obj(c),
            ExprKind::EmptyTuple => self.emit.build(0, Build::Tuple),
            ExprKind::Tuple { items, .. } => {
                for i in items {
                    self.node(i)?;
                }
                self.emit.build(items.len() as u32, Build::Tuple);
            }
            ExprKind::List(items) => {
                self.generic_all_nodes(items.iter())?;
                self.emit.build(items.len() as u32, Build::List);
            }
            ExprKind::Brace(items) => self.brace(items, line)?,
            ExprKind::DictItem(k, v) => {
                self.node(v)?;
                self.node(k)?;
            }
            ExprKind::BoolOp { is_or, values } => {
                let l_end = self.next_label();
                for (i, v) in values.iter().enumerate() {
                    self.node(v)?;
                    if i + 1 < values.len() {
                        self.emit.jump_if_or_pop(*is_or, l_end);
                    }
                }
                self.emit.label_assign(l_end);
            }
            ExprKind::Not(v) => {
                self.node(v)?;
                self.emit.unary_op(unary::NOT);
            }
            ExprKind::Compare { first, rest } => self.comparison(first, rest)?,
            ExprKind::BinList { level, first, rest } => {
                self.node(first)?;
                for (op, operand) in rest {
                    self.node(operand)?;
                    let op = match level {
                        BinLevel::Or => binary::OR,
                        BinLevel::Xor => binary::XOR,
                        BinLevel::And => binary::AND,
                        _ => *op,
                    };
                    self.emit.binary_op(op, false);
                }
            }
            ExprKind::Power(base, exp) => {
                self.generic_all_nodes([&**base, &**exp].into_iter())?;
                self.emit.binary_op(binary::POWER, false);
            }
            ExprKind::Unary(op, v) => {
                self.node(v)?;
                let op = match op {
                    UnaryOp::Pos => unary::POSITIVE,
                    UnaryOp::Neg => unary::NEGATIVE,
                    UnaryOp::Invert => unary::INVERT,
                };
                self.emit.unary_op(op);
            }
            ExprKind::AtomExpr { base, trailers } => self.atom_expr(base, trailers)?,
            ExprKind::Await(inner) => {
                if !matches!(self.scope_kind(), ScopeKind::Function | ScopeKind::Lambda) {
                    return Err(Box::new(self.syntax_error(msg::AWAIT_OUTSIDE, line)));
                }
                match &inner.kind {
                    ExprKind::AtomExpr { base, trailers } => self.atom_expr(base, trailers)?,
                    _ => self.node(inner)?,
                }
                if self.opts.flavour == Flavour::CircuitPython {
                    // CircuitPython awaits `x.__await__()` directly, without GET_ITER.
                    self.emit.load_method(&Rc::from("__await__"), false);
                    self.emit.call_method(0, 0, 0);
                    self.emit.load_const_tok(Token::None);
                    self.emit.yield_(true);
                    self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_GENERATOR;
                } else {
                    self.yield_from();
                }
            }
            ExprKind::IfExp { body, test, orelse } => {
                let l_fail = self.next_label();
                let l_end = self.next_label();
                self.if_cond(test, false, l_fail)?;
                self.node(body)?;
                self.emit.jump(l_end);
                self.emit.label_assign(l_fail);
                self.emit.adjust_stack_size(-1);
                self.node(orelse)?;
                self.emit.label_assign(l_end);
            }
            ExprKind::Lambda(f) => self.lambdef(f)?,
            ExprKind::Comp(c) => self.comprehension(c)?,
            ExprKind::Star(_) => {
                return Err(Box::new(self.syntax_error(msg::STAR_MUST_BE_TARGET, line)))
            }
            ExprKind::Yield(v) => {
                self.check_yield(line)?;
                match v {
                    None => self.emit.load_const_tok(Token::None),
                    Some(v) => self.node(v)?,
                }
                self.emit_yield(false);
                self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_GENERATOR;
            }
            ExprKind::YieldFrom(v) => {
                self.check_yield(line)?;
                if self.scopes.list[self.cur].scope_flags & SCOPE_FLAG_ASYNC != 0 {
                    return Err(Box::new(self.syntax_error(msg::YIELD_FROM_IN_ASYNC, line)));
                }
                self.node(v)?;
                self.yield_from();
            }
            ExprKind::Named(target, value) => self.named_expr(target, value)?,
            ExprKind::Slice {
                lower, upper, step, ..
            } => {
                match lower {
                    Some(l) => self.node(l)?,
                    None => self.emit.load_const_tok(Token::None),
                }
                match upper {
                    Some(u) => self.node(u)?,
                    None => self.emit.load_const_tok(Token::None),
                }
                match step {
                    Some(s) => {
                        self.node(s)?;
                        self.emit.build(3, Build::Slice);
                    }
                    None => self.emit.build(2, Build::Slice),
                }
            }
        }
        Ok(())
    }

    fn check_yield(&self, line: u32) -> R<()> {
        if !matches!(self.scope_kind(), ScopeKind::Function | ScopeKind::Lambda) {
            return Err(Box::new(self.syntax_error(msg::YIELD_OUTSIDE, line)));
        }
        Ok(())
    }

    /// `compile_yield_from`.
    pub(crate) fn yield_from(&mut self) {
        self.emit.get_iter(false);
        self.emit.load_const_tok(Token::None);
        self.emit_yield(true);
        self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_GENERATOR;
    }

    /// YIELD_VALUE / YIELD_FROM; native code uses 1 / 3 labels reserved here.
    pub(crate) fn emit_yield(&mut self, from: bool) {
        self.emit.set_label_slot(self.next_label);
        self.emit.yield_(from);
        self.reserve_labels_for_native(if from { 3 } else { 1 });
    }

    /// `c_if_cond`: jump to `label` if the condition's truth equals `jump_if`.
    pub(crate) fn if_cond(&mut self, e: &'m Expr, jump_if: bool, label: u32) -> R<()> {
        match const_truth(e) {
            Some(false) => {
                if !jump_if {
                    self.emit.jump(label);
                }
                return Ok(());
            }
            Some(true) => {
                if jump_if {
                    self.emit.jump(label);
                }
                return Ok(());
            }
            None => {}
        }
        match &e.kind {
            ExprKind::BoolOp { is_or, values } => {
                // `or` with jump_if false, or `and` with jump_if true: jump around.
                if *is_or != jump_if {
                    let label2 = self.next_label();
                    let n = values.len();
                    for v in &values[..n - 1] {
                        self.if_cond(v, !jump_if, label2)?;
                    }
                    self.if_cond(&values[n - 1], jump_if, label)?;
                    self.emit.label_assign(label2);
                } else {
                    for v in values {
                        self.if_cond(v, jump_if, label)?;
                    }
                }
                return Ok(());
            }
            ExprKind::Not(v) => return self.if_cond(v, !jump_if, label),
            _ => {}
        }
        self.node(e)?;
        self.emit.pop_jump_if(jump_if, label);
        Ok(())
    }

    fn comparison(&mut self, first: &'m Expr, rest: &'m [(CmpOp, Expr)]) -> R<()> {
        self.node(first)?;
        let multi = rest.len() > 1;
        let l_fail = if multi { self.next_label() } else { 0 };
        for (i, (op, operand)) in rest.iter().enumerate() {
            self.node(operand)?;
            let last = i + 1 == rest.len();
            if !last {
                self.emit.dup_top();
                self.emit.rot_three();
            }
            let (b, invert) = match op {
                CmpOp::Lt => (binary::LESS, false),
                CmpOp::Gt => (binary::MORE, false),
                CmpOp::Eq => (binary::EQUAL, false),
                CmpOp::LtE => (binary::LESS_EQUAL, false),
                CmpOp::GtE => (binary::MORE_EQUAL, false),
                CmpOp::NotEq => (binary::NOT_EQUAL, false),
                CmpOp::In => (binary::IN, false),
                CmpOp::NotIn => (binary::IN, true),
                CmpOp::Is => (binary::IS, false),
                CmpOp::IsNot => (binary::IS, true),
            };
            self.emit.binary_op(b, invert);
            if !last {
                self.emit.jump_if_or_pop(false, l_fail);
            }
        }
        if multi {
            let l_end = self.next_label();
            self.emit.jump(l_end);
            self.emit.label_assign(l_fail);
            self.emit.adjust_stack_size(1);
            self.emit.rot_two();
            self.emit.pop_top();
            self.emit.label_assign(l_end);
        }
        Ok(())
    }

    /// `{...}`: dict or set display (`compile_atom_brace_helper`).
    fn brace(&mut self, items: &'m [Expr], line: u32) -> R<()> {
        let Some(first) = items.first() else {
            self.emit.build(0, Build::Map);
            return Ok(());
        };
        let is_dict = matches!(first.kind, ExprKind::DictItem(..));
        if is_dict {
            self.emit.build(items.len() as u32, Build::Map);
        }
        // The error node is the dictorsetmaker (line of the first item) for 2+ items.
        let err_line = if items.len() >= 2 {
            first.line.max(line)
        } else {
            line
        };
        for (i, item) in items.iter().enumerate() {
            let is_kv = matches!(item.kind, ExprKind::DictItem(..));
            if i > 0 {
                if is_dict && !is_kv {
                    self.node(item)?;
                    return Err(Box::new(at(
                        CompileError::syntax(msg::EXPECT_KEY_VALUE),
                        err_line,
                    )));
                }
                if !is_dict && is_kv {
                    self.node(item)?;
                    return Err(Box::new(at(
                        CompileError::syntax(msg::EXPECT_VALUE),
                        err_line,
                    )));
                }
            }
            self.node(item)?;
            if is_dict {
                self.emit.store_map();
            }
        }
        if !is_dict {
            self.emit.build(items.len() as u32, Build::Set);
        }
        Ok(())
    }

    /// One trailer compiled on its own (`compile_node` of a trailer: records its line).
    pub(crate) fn trailer(&mut self, t: &'m Trailer) -> R<()> {
        self.emit.set_source_line(t.line);
        match &t.kind {
            TrailerKind::Call(args) => self.call_args(args, false, 0),
            TrailerKind::Subscript(index) => {
                self.node(index)?;
                self.emit.subscr(Access::Load);
                Ok(())
            }
            TrailerKind::Attr(name) => {
                self.emit.attr(name, Access::Load);
                Ok(())
            }
        }
    }

    /// `compile_atom_expr_normal`: base then trailers, with `a.f(...)` as LOAD_METHOD and the
    /// special `super()` forms.
    fn atom_expr(&mut self, base: &'m Expr, trailers: &'m [Trailer]) -> R<()> {
        self.node(base)?;
        let mut i = 0;
        if self.scope_kind() == ScopeKind::Function {
            if let (
                ExprKind::Name(n),
                Some(Trailer {
                    kind: TrailerKind::Call(args),
                    line,
                }),
            ) = (&base.kind, trailers.first())
            {
                if &**n == "super" && args.is_empty() {
                    self.load_id(&Rc::from("__class__"));
                    let first_param = self.scopes.list[self.cur]
                        .id_info
                        .iter()
                        .find(|id| id.flags & crate::scope::FLAG_IS_PARAM != 0)
                        .map(|id| id.qst.clone());
                    let Some(p) = first_param else {
                        return Err(Box::new(self.syntax_error(msg::SUPER_NO_SELF, *line)));
                    };
                    self.load_id(&p);
                    if let (
                        Some(Trailer {
                            kind: TrailerKind::Attr(m),
                            ..
                        }),
                        Some(Trailer {
                            kind: TrailerKind::Call(args),
                            ..
                        }),
                    ) = (trailers.get(1), trailers.get(2))
                    {
                        self.emit.load_method(m, true);
                        self.call_args(args, true, 0)?;
                        i = 3;
                    } else {
                        self.emit.call_function(2, 0, 0);
                        i = 1;
                    }
                }
            }
        }
        while i < trailers.len() {
            if let (
                TrailerKind::Attr(m),
                Some(Trailer {
                    kind: TrailerKind::Call(args),
                    ..
                }),
            ) = (&trailers[i].kind, trailers.get(i + 1))
            {
                self.emit.load_method(m, false);
                self.call_args(args, true, 0)?;
                i += 2;
            } else {
                self.trailer(&trailers[i])?;
                i += 1;
            }
        }
        Ok(())
    }

    /// `compile_namedexpr_helper`.
    pub(crate) fn named_expr(&mut self, target: &'m Expr, value: &'m Expr) -> R<()> {
        let ExprKind::Name(name) = &target.kind else {
            return Err(Box::new(at(
                CompileError::syntax(msg::CANT_ASSIGN_EXPR),
                target.line,
            )));
        };
        self.node(value)?;
        self.emit.dup_top();
        if self.pass == Pass::Scope && self.scope_kind().is_comp_like() {
            let cur = self.cur;
            let parent = self.scopes.list[cur].parent.unwrap_or(0);
            let pi = self.scopes.id_for_modification(parent, name);
            if self.scopes.list[parent].id_info[pi].kind == IdKind::GlobalExplicit {
                self.scopes.list[cur].find_or_add(name, IdKind::GlobalExplicit);
            } else {
                let i = self.scopes.list[cur].find_or_add(name, IdKind::Undecided);
                let is_global = self.scopes.list[parent].parent.is_none();
                if !is_global && self.scopes.list[cur].id_info[i].kind == IdKind::GlobalImplicit {
                    self.scopes.list[cur].id_info[i].kind = IdKind::Undecided;
                }
                self.declare_global_or_nonlocal(i, is_global, 0)?;
            }
        }
        self.store_id(name);
        Ok(())
    }
}
