//! Functions, lambdas, classes, comprehensions and decorators (py/compile.c
//! `compile_funcdef_lambdef`, `close_over_variables_etc`, `compile_classdef_helper`,
//! `compile_decorated`, `compile_comprehension` and the per-kind parts of `compile_scope`).

use super::{at, Compiler, ScopeNode, R};
use crate::ast::{
    Arg, ClassDef, Comp, CompKind, Decorator, Expr, FuncBody, FuncDef, ParamKind, Token,
    TrailerKind,
};
use crate::emit::{Build, Emitter, Pass};
use crate::error::{fill, msg, native_msg, CompileError};
use crate::scope::{
    IdKind, ScopeKind, FLAG_IS_DBL_STAR_PARAM, FLAG_IS_PARAM, FLAG_IS_STAR_PARAM,
    FLAG_VIPER_TYPE_POS, SCOPE_FLAG_ASYNC, SCOPE_FLAG_DEFKWARGS, SCOPE_FLAG_GENERATOR,
    SCOPE_FLAG_HASCONSTS, SCOPE_FLAG_REFGLOBALS, SCOPE_FLAG_VARARGS, SCOPE_FLAG_VARKEYWORDS,
    SCOPE_FLAG_VIPERRET_POS,
};
use mpy_format::arch::Arch;
use mpy_format::mpy::{EmitKind, Flavour};
use std::rc::Rc;

impl<'m> Compiler<'m> {
    /// `close_over_variables_etc`: push closed-over cells and make the function or closure.
    pub(crate) fn close_over_variables_etc(
        &mut self,
        child: usize,
        n_pos_defaults: u32,
        n_kw_defaults: u32,
    ) {
        if n_kw_defaults > 0 {
            self.scopes.list[child].scope_flags |= SCOPE_FLAG_DEFKWARGS;
        }
        self.scopes.list[child].num_def_pos_args = n_pos_defaults;
        // Creating a function takes a reference to the current globals (read by native code).
        self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_REFGLOBALS | SCOPE_FLAG_HASCONSTS;
        let mut nfree = 0;
        // Only the child's free variables are closed over: without any, the scan of this
        // scope's table is skipped (once per method of a class of 40,000 took seconds).
        let child_has_free = self.scopes.list[child]
            .id_info
            .iter()
            .any(|id| id.kind == IdKind::Free);
        if child_has_free && self.scope_kind() != ScopeKind::Module {
            // Only cells and free variables can be closed over (most scopes have none, and
            // then nothing is collected).
            let cur_ids: Vec<(IdKind, Rc<str>, u32)> = self.scopes.list[self.cur]
                .id_info
                .iter()
                .filter(|i| matches!(i.kind, IdKind::Cell | IdKind::Free))
                .map(|i| (i.kind, i.qst.clone(), i.local_num))
                .collect();
            // The child's free variables counted by name (a scan of its table per cell here
            // is quadratic in closures over thousands of variables).
            let mut frees: rustc_hash::FxHashMap<Rc<str>, usize> = Default::default();
            for id in &self.scopes.list[child].id_info {
                if id.kind == IdKind::Free {
                    *frees.entry(id.qst.clone()).or_default() += 1;
                }
            }
            for (kind, qst, local_num) in cur_ids {
                if matches!(kind, IdKind::Cell | IdKind::Free) {
                    let matches = frees.get(&qst).copied().unwrap_or(0);
                    for _ in 0..matches {
                        // MicroPython loads closed-over cells with LOAD_FAST.
                        self.emit.load_id(crate::emit::IdOp::Fast(local_num), &qst);
                        nfree += 1;
                    }
                }
            }
        }
        if nfree == 0 {
            self.emit
                .make_function(child, n_pos_defaults, n_kw_defaults);
        } else {
            self.emit
                .make_closure(child, nfree, n_pos_defaults, n_kw_defaults);
        }
    }

    /// `compile_funcdef_lambdef`: evaluate defaults in the enclosing scope, then make the function.
    fn funcdef_lambdef(&mut self, f: &'m FuncDef, child: usize) -> R<()> {
        let saved = (
            self.have_star,
            self.num_dict_params,
            self.num_default_params,
        );
        self.have_star = false;
        self.num_dict_params = 0;
        self.num_default_params = 0;
        for p in &f.params {
            match p.kind {
                ParamKind::Star => self.have_star = true,
                ParamKind::DoubleStar => {}
                ParamKind::Normal => match &p.default {
                    None => {
                        if !self.have_star && self.num_default_params != 0 {
                            let line = if p.is_struct { p.line } else { 0 };
                            return Err(Box::new(
                                self.syntax_error(msg::NON_DEFAULT_AFTER_DEFAULT, line),
                            ));
                        }
                    }
                    Some(d) => {
                        if self.have_star {
                            self.num_dict_params += 1;
                            if self.num_dict_params == 1 {
                                if self.num_default_params > 0 {
                                    self.emit.build(self.num_default_params, Build::Tuple);
                                } else {
                                    self.emit.load_null();
                                }
                                self.emit.build(0, Build::Map);
                            }
                            self.node(d)?;
                            let name = p.name.clone().unwrap_or_else(|| Rc::from(""));
                            self.emit.load_const_str(&name);
                            self.emit.store_map();
                        } else {
                            self.num_default_params += 1;
                            self.node(d)?;
                        }
                    }
                },
            }
        }
        if self.num_default_params > 0 && self.num_dict_params == 0 {
            self.emit.build(self.num_default_params, Build::Tuple);
            self.emit.load_null();
        }
        self.close_over_variables_etc(child, self.num_default_params, self.num_dict_params);
        (
            self.have_star,
            self.num_dict_params,
            self.num_default_params,
        ) = saved;
        Ok(())
    }

    /// `compile_funcdef_helper`: leaves the function object on the stack.
    pub(crate) fn funcdef_helper(&mut self, f: &'m FuncDef, emit_opt: EmitKind) -> R<()> {
        if self.pass == Pass::Scope {
            let s = self.new_scope(
                ScopeKind::Function,
                ScopeNode::Func(f),
                f.name.clone(),
                emit_opt,
                f.line,
                Some(f.id),
            );
            if f.is_async {
                self.scopes.list[s].scope_flags |= SCOPE_FLAG_GENERATOR;
                if self.opts.flavour == Flavour::CircuitPython {
                    self.scopes.list[s].scope_flags |= SCOPE_FLAG_ASYNC;
                }
            }
        }
        let child = self.scope_for(f.id);
        self.funcdef_lambdef(f, child)
    }

    pub(crate) fn lambdef(&mut self, f: &'m FuncDef) -> R<()> {
        if self.pass == Pass::Scope {
            let emit = self.scopes.list[self.cur].emit_options;
            self.new_scope(
                ScopeKind::Lambda,
                ScopeNode::Func(f),
                Rc::from("<lambda>"),
                emit,
                f.line,
                Some(f.id),
            );
        }
        let child = self.scope_for(f.id);
        self.funcdef_lambdef(f, child)
    }

    /// `compile_classdef_helper`: leaves the class object on the stack.
    pub(crate) fn classdef_helper(&mut self, c: &'m ClassDef, emit_opt: EmitKind) -> R<()> {
        if self.pass == Pass::Scope {
            self.new_scope(
                ScopeKind::Class,
                ScopeNode::Class(c),
                c.name.clone(),
                emit_opt,
                c.line,
                Some(c.id),
            );
        }
        self.emit.load_build_class();
        let child = self.scope_for(c.id);
        self.close_over_variables_etc(child, 0, 0);
        self.emit.load_const_str(&c.name);
        self.call_args(&c.args, false, 2)
    }

    /// `compile_decorated` / `compile_funcdef` / `compile_classdef`.
    pub(crate) fn decorated(&mut self, decorators: &'m [Decorator], body: DefBody<'m>) -> R<()> {
        let mut emit_opt = self.scopes.list[self.cur].emit_options;
        let mut n_builtin = 0;
        for d in decorators {
            if self.builtin_decorator(d, &mut emit_opt)? {
                n_builtin += 1;
            } else {
                let name = d.names[0].clone();
                self.load_id(&name);
                for attr in &d.names[1..] {
                    self.emit.attr(attr, crate::emit::Access::Load);
                }
                if let Some(call) = &d.call {
                    self.emit.set_source_line(call.line);
                    if let TrailerKind::Call(args) = &call.kind {
                        self.call_args(args, false, 0)?;
                    }
                }
            }
        }
        let name = match body {
            DefBody::Func(f) => {
                self.funcdef_helper(f, emit_opt)?;
                f.name.clone()
            }
            DefBody::Class(c) => {
                self.classdef_helper(c, emit_opt)?;
                c.name.clone()
            }
        };
        for _ in 0..decorators.len() - n_builtin {
            self.emit.call_function(1, 0, 0);
        }
        self.store_id(&name);
        Ok(())
    }

    /// `compile_built_in_decorator`: `@micropython.*` chooses the emitter and emits nothing.
    fn builtin_decorator(&mut self, d: &Decorator, emit_opt: &mut EmitKind) -> R<bool> {
        if &*d.names[0] != "micropython" {
            return Ok(false);
        }
        if d.names.len() != 2 {
            return Err(Box::new(CompileError::syntax(msg::INVALID_MP_DECORATOR)));
        }
        *emit_opt = match &*d.names[1] {
            "bytecode" => EmitKind::Bytecode,
            "native" => EmitKind::Native,
            "viper" => EmitKind::Viper,
            "asm_thumb" | "asm_xtensa" | "asm_rv32" => EmitKind::Asm,
            _ => return Err(Box::new(CompileError::syntax(msg::INVALID_MP_DECORATOR))),
        };
        // CircuitPython's mpy-cross has no inline assembler for xtensawin.
        let cp_xtensawin = self.opts.flavour == Flavour::CircuitPython
            && *emit_opt == EmitKind::Asm
            && self.opts.arch == Some(Arch::Xtensawin);
        if !emit_opt.supported_on(self.opts.arch) || cp_xtensawin {
            return Err(Box::new(CompileError::syntax(msg::INVALID_ARCH)));
        }
        Ok(true)
    }

    /// `compile_comprehension`: make the comprehension function and call it on the iterator.
    pub(crate) fn comprehension(&mut self, c: &'m Comp) -> R<()> {
        let kind = match c.kind {
            CompKind::List => ScopeKind::ListComp,
            CompKind::Dict => ScopeKind::DictComp,
            CompKind::Set => ScopeKind::SetComp,
            CompKind::Gen => ScopeKind::GenExpr,
        };
        if self.pass == Pass::Scope {
            let emit = self.scopes.list[self.cur].emit_options;
            let name = match c.kind {
                CompKind::List => "<listcomp>",
                CompKind::Dict => "<dictcomp>",
                CompKind::Set => "<setcomp>",
                CompKind::Gen => "<genexpr>",
            };
            self.new_scope(
                kind,
                ScopeNode::Comp(c),
                Rc::from(name),
                emit,
                c.line,
                Some(c.id),
            );
        }
        let child = self.scope_for(c.id);
        self.close_over_variables_etc(child, 0, 0);
        if let Some(first) = c.generators.first() {
            self.node(&first.iter)?;
        }
        if c.kind == CompKind::Gen {
            self.emit.get_iter(false);
        }
        self.emit.call_function(1, 0, 0);
        Ok(())
    }

    /// `compile_scope` for functions and lambdas.
    pub(crate) fn compile_func_scope(&mut self, f: &'m FuncDef) -> R<()> {
        let is_lambda = matches!(f.body, FuncBody::Lambda(_));
        if is_lambda {
            self.emit.set_source_line(f.line);
        }
        if self.pass == Pass::Scope {
            self.have_star = false;
            for p in &f.params {
                self.scope_param(p)?;
            }
            if !is_lambda && self.scopes.list[self.cur].emit_options == EmitKind::Viper {
                let t = self.viper_type_annotation(f.returns.as_ref(), f.line)?;
                self.scopes.list[self.cur].scope_flags |= t << SCOPE_FLAG_VIPERRET_POS;
            }
        }
        match &f.body {
            FuncBody::Stmts(body) => {
                self.stmts(body)?;
                self.emit.load_const_tok(Token::None);
                self.emit.return_value();
            }
            FuncBody::Lambda(body) => {
                self.node(body)?;
                if self.scopes.list[self.cur].scope_flags & SCOPE_FLAG_GENERATOR != 0 {
                    self.emit.pop_top();
                    self.emit.load_const_tok(Token::None);
                }
                self.emit.return_value();
            }
        }
        Ok(())
    }

    /// `compile_scope_func_lambda_param` (SCOPE pass): register one parameter.
    fn scope_param(&mut self, p: &'m crate::ast::Param) -> R<()> {
        let pline = if p.is_struct { p.line } else { 0 };
        if self.scopes.list[self.cur].scope_flags & SCOPE_FLAG_VARKEYWORDS != 0 {
            return Err(Box::new(self.syntax_error(msg::INVALID_SYNTAX, pline)));
        }
        let mut flag = FLAG_IS_PARAM;
        let name = match p.kind {
            ParamKind::Normal => {
                let s = &mut self.scopes.list[self.cur];
                if self.have_star {
                    s.num_kwonly_args += 1;
                } else {
                    s.num_pos_args += 1;
                }
                p.name.clone()
            }
            ParamKind::Star => {
                if self.have_star {
                    return Err(Box::new(self.syntax_error(msg::INVALID_SYNTAX, pline)));
                }
                self.have_star = true;
                flag |= FLAG_IS_STAR_PARAM;
                if p.name.is_some() {
                    self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_VARARGS;
                }
                p.name.clone()
            }
            ParamKind::DoubleStar => {
                flag |= FLAG_IS_DBL_STAR_PARAM;
                self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_VARKEYWORDS;
                p.name.clone()
            }
        };
        if let Some(name) = name {
            let s = &mut self.scopes.list[self.cur];
            let i = s.find_or_add(&name, IdKind::Undecided);
            if s.id_info[i].kind != IdKind::Undecided {
                return Err(Box::new(self.syntax_error(msg::ARG_NAME_REUSED, pline)));
            }
            s.id_info[i].kind = IdKind::Local;
            s.id_info[i].flags = flag;
            // Every named parameter's annotation counts, `*args: T` and `**kw: T` included.
            if s.emit_options == EmitKind::Viper {
                let t = self.viper_type_annotation(p.annotation.as_ref(), p.line)?;
                let s = &mut self.scopes.list[self.cur];
                s.id_info[i].flags |= (t as u8) << FLAG_VIPER_TYPE_POS;
            }
        }
        Ok(())
    }

    /// `compile_viper_type_annotation`: the native type code of an annotation (object when
    /// absent). An unknown name is a `ViperTypeError` that does not stop this scope's pass.
    fn viper_type_annotation(&mut self, a: Option<&crate::ast::Annotation>, line: u32) -> R<u32> {
        match a {
            None => Ok(0),
            Some(crate::ast::Annotation::Name(n)) => {
                match crate::emit::native::VType::from_name(n) {
                    Some(t) => Ok(t as u32),
                    None => {
                        // Set unconditionally: it replaces any earlier error (the reference
                        // assigns `comp->compile_error` directly here), but the error line
                        // already recorded for an earlier error stays (`compile_error_line`).
                        let mut e = CompileError::new(
                            "ViperTypeError",
                            fill(native_msg::UNKNOWN_TYPE, &[n]),
                        );
                        if let Some(l) = self.pending_error.as_ref().and_then(|p| p.line) {
                            e = e.at_line(l);
                        }
                        self.pending_error = Some(e);
                        Ok(0)
                    }
                }
            }
            Some(crate::ast::Annotation::Other(aline)) => {
                // A syntax error only registers when no error is pending; compilation of the
                // scope goes on either way.
                if self.pending_error.is_none() {
                    self.pending_error =
                        Some(self.syntax_error(msg::ANNOTATION_MUST_BE_IDENT, *aline));
                }
                let _ = line;
                Ok(0)
            }
        }
    }

    /// `compile_scope` for classes.
    pub(crate) fn compile_class_scope(&mut self, c: &'m ClassDef) -> R<()> {
        if self.pass == Pass::Scope {
            self.scopes.list[self.cur].find_or_add(&Rc::from("__class__"), IdKind::Local);
        }
        self.load_id(&Rc::from("__name__"));
        self.store_id(&Rc::from("__module__"));
        self.emit.load_const_str(&c.name);
        self.store_id(&Rc::from("__qualname__"));
        self.stmts(&c.body)?;
        let s = &self.scopes.list[self.cur];
        let id = s
            .find("__class__")
            .map(|i| (s.id_info[i].kind, s.id_info[i].local_num));
        match id {
            Some((IdKind::Local, _)) | None => self.emit.load_const_tok(Token::None),
            Some((_, n)) => self
                .emit
                .load_id(crate::emit::IdOp::Fast(n), &Rc::from("__class__")),
        }
        self.emit.return_value();
        Ok(())
    }

    /// `compile_scope` for comprehensions and generator expressions.
    pub(crate) fn compile_comp_scope(&mut self, c: &'m Comp) -> R<()> {
        let arg: Rc<str> = Rc::from("");
        if self.pass == Pass::Scope {
            self.scopes.list[self.cur].find_or_add(&arg, IdKind::Local);
            self.scopes.list[self.cur].num_pos_args = 1;
        }
        self.emit.set_source_line(c.line);
        let kind = self.scope_kind();
        match kind {
            ScopeKind::ListComp => self.emit.build(0, Build::List),
            ScopeKind::DictComp => self.emit.build(0, Build::Map),
            ScopeKind::SetComp => self.emit.build(0, Build::Set),
            _ => {}
        }
        if kind == ScopeKind::GenExpr {
            self.emit.load_null();
            self.load_id(&arg);
            self.emit.load_null();
            self.emit.load_null();
        } else {
            self.load_id(&arg);
            self.emit.get_iter(true);
        }
        self.comp_iter(c, 0, &c.elt)?;
        if kind == ScopeKind::GenExpr {
            self.emit.load_const_tok(Token::None);
        }
        self.emit.return_value();
        Ok(())
    }

    /// `compile_scope_comp_iter`: one `for` level (with its `if`s), recursing for the next.
    fn comp_iter(&mut self, c: &'m Comp, depth: usize, elt: &'m Expr) -> R<()> {
        let Some(gen) = c.generators.get(depth) else {
            return Ok(());
        };
        let l_top = self.next_label();
        let l_end = self.next_label();
        self.emit.label_assign(l_top);
        self.emit.for_iter(l_end);
        self.assign(&gen.target, super::assign::AssignKind::Store)?;
        for cond in &gen.ifs {
            self.if_cond(cond, false, l_top)?;
        }
        if depth + 1 < c.generators.len() {
            let next = &c.generators[depth + 1];
            self.node(&next.iter)?;
            self.emit.get_iter(true);
            self.comp_iter(c, depth + 1, elt)?;
        } else {
            self.node(elt)?;
            let kind = self.scope_kind();
            if kind == ScopeKind::GenExpr {
                self.emit_yield(false);
                self.scopes.list[self.cur].scope_flags |= SCOPE_FLAG_GENERATOR;
                self.emit.pop_top();
            } else {
                self.emit.store_comp(kind, 4 * depth as u32 + 5);
            }
        }
        self.emit.jump(l_top);
        self.emit.label_assign(l_end);
        self.emit.for_iter_end();
        Ok(())
    }

    /// `compile_trailer_paren_helper`: compile call arguments and emit the call.
    pub(crate) fn call_args(
        &mut self,
        args: &'m [Arg],
        is_method: bool,
        n_pos_extra: u32,
    ) -> R<()> {
        let mut n_pos = n_pos_extra;
        let mut n_kw = 0u32;
        let mut have_dstar = false;
        let mut have_star = false;
        let mut star_args: u64 = 0;
        for (i, a) in args.iter().enumerate() {
            match a {
                Arg::Star(e, sline) => {
                    if have_dstar {
                        return Err(Box::new(self.syntax_error(msg::STAR_AFTER_DSTAR, *sline)));
                    }
                    // MicroPython 1.28 started rejecting this; CircuitPython (1.27) accepts it.
                    if n_kw > 0 && self.opts.flavour == Flavour::MicroPython {
                        return Err(Box::new(self.syntax_error(msg::STAR_AFTER_KW, *sline)));
                    }
                    if i + 1 >= usize::from(self.opts.small_int_bits) {
                        return Err(Box::new(self.syntax_error(msg::TOO_MANY_ARGS, *sline)));
                    }
                    have_star = true;
                    star_args |= 1u64 << i;
                    self.node(e)?;
                    n_pos += 1;
                }
                Arg::DoubleStar(e) => {
                    have_dstar = true;
                    self.emit.load_null();
                    self.node(e)?;
                    n_kw += 1;
                }
                Arg::Keyword { name, line, value } => {
                    let Some(name) = name else {
                        return Err(Box::new(self.syntax_error(msg::KW_LHS, *line)));
                    };
                    self.emit.load_const_str(name);
                    self.node(value)?;
                    n_kw += 1;
                }
                Arg::Named { target, value } => {
                    self.named_expr(target, value)?;
                    n_pos += 1;
                }
                Arg::GenExpr(c) => {
                    self.comprehension(c)?;
                    n_pos += 1;
                }
                Arg::Pos(e) => {
                    if have_dstar {
                        return Err(Box::new(at(
                            CompileError::syntax(msg::POS_AFTER_DSTAR),
                            e.line,
                        )));
                    }
                    if n_kw > 0 {
                        return Err(Box::new(at(
                            CompileError::syntax(msg::POS_AFTER_KW),
                            e.line,
                        )));
                    }
                    self.node(e)?;
                    n_pos += 1;
                }
            }
        }
        let star_flags = u32::from(have_star) | (u32::from(have_dstar) << 1);
        if star_flags != 0 {
            self.emit.load_const_small_int(star_args as i64);
        }
        if is_method {
            self.emit.call_method(n_pos, n_kw, star_flags);
        } else {
            self.emit.call_function(n_pos, n_kw, star_flags);
        }
        Ok(())
    }
}

/// The body of a (possibly decorated) definition.
#[derive(Clone, Copy)]
pub(crate) enum DefBody<'m> {
    Func(&'m FuncDef),
    Class(&'m ClassDef),
}
