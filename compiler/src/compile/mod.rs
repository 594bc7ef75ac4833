//! The code generator (py/compile.c): runs every scope through the SCOPE pass (building scopes
//! and identifier tables, in scope-list order), computes slots, then runs STACK_SIZE,
//! CODE_SIZE and EMIT passes per scope, driving an [`Emitter`].

mod assign;
mod expr;
mod func;
mod stmt;

use crate::ast::{ClassDef, Comp, FuncDef, Module, Stmt};
use crate::emit::bytecode::BytecodeEmitter;
use crate::emit::select::Emitters;
use crate::emit::{EmitCommon, Emitter, IdOp, Pass};
use crate::error::CompileError;
use crate::scope::{IdKind, ScopeKind, Scopes};
use mpy_format::mpy::EmitKind;
use std::rc::Rc;

pub(crate) type R<T> = Result<T, Box<CompileError>>;

/// Marks "no loop" for break/continue labels.
const INVALID_LABEL: u32 = 0xffff;

/// What a scope was made from.
#[derive(Clone, Copy)]
pub(crate) enum ScopeNode<'m> {
    Module(&'m [Stmt]),
    Func(&'m FuncDef),
    Class(&'m ClassDef),
    Comp(&'m Comp),
}

/// One compiled raw code: its kind, its bytes and its children (scope indices), in child order.
#[derive(Debug, Default, Clone)]
pub(crate) struct RawCode {
    /// Which emitter made `code` (the raw-code kind of `kind_len`).
    pub(crate) kind: EmitKind,
    pub(crate) code: Vec<u8>,
    /// Native Python code: where the prelude starts in `code`.
    pub(crate) prelude_offset: usize,
    /// Inline assembler code: the number of register parameters (0..=4).
    pub(crate) n_pos_args: u32,
    /// Inline assembler code: the return type (0 object, 1 bool, 2 int, 3 uint).
    pub(crate) type_sig: u32,
    pub(crate) children: Vec<usize>,
}

/// The result of compiling a module.
pub(crate) struct Compiled {
    pub(crate) common: EmitCommon,
    pub(crate) raw_codes: Vec<RawCode>,
}

/// Settings that affect code generation.
pub(crate) struct CompileOptions {
    pub(crate) opt_level: u8,
    pub(crate) small_int_bits: u8,
    pub(crate) source_lines: bool,
    /// Native arch given with `-march` (decides whether native decorators are accepted).
    pub(crate) arch: Option<mpy_format::arch::Arch>,
    /// CircuitPython's flavour: `async def` scopes carry `ASYNC`, `await` calls `__await__`,
    /// `yield from` in `async def` is an error, `*arg` may follow keyword arguments.
    pub(crate) flavour: mpy_format::mpy::Flavour,
    /// The module scope's emitter (`-X emit=`), inherited by scopes without a decorator.
    pub(crate) emit: EmitKind,
}

pub(crate) struct Compiler<'m> {
    pub(crate) opts: &'m CompileOptions,
    pub(crate) scopes: Scopes,
    nodes: Vec<ScopeNode<'m>>,
    scope_of: Vec<usize>,
    pub(crate) cur: usize,
    pub(crate) pass: Pass,
    pub(crate) emit: Emitters,
    pub(crate) next_label: u32,
    pub(crate) break_label: u32,
    pub(crate) continue_label: u32,
    pub(crate) cur_except_level: u32,
    pub(crate) break_continue_except_level: u32,
    pub(crate) have_star: bool,
    pub(crate) num_dict_params: u32,
    pub(crate) num_default_params: u32,
    /// An error that does not stop the current scope's SCOPE pass (`comp->compile_error` set
    /// without returning, e.g. an unknown viper type); reported when the pass ends.
    pub(crate) pending_error: Option<CompileError>,
}

/// Attach `line` to an error that has none yet (0 = unknown, as for leaves).
pub(crate) fn at(e: CompileError, line: u32) -> CompileError {
    if line > 0 {
        e.at_line(line)
    } else {
        e
    }
}

/// Compile a lowered module into raw codes and tables.
pub(crate) fn compile_module(
    m: &Module,
    source_name: &str,
    opts: &CompileOptions,
) -> Result<Compiled, CompileError> {
    let mut c = Compiler {
        opts,
        scopes: Scopes::default(),
        nodes: Vec::new(),
        scope_of: vec![usize::MAX; m.n_scope_nodes],
        cur: 0,
        pass: Pass::Scope,
        emit: Emitters::new(BytecodeEmitter::new(
            EmitCommon::new(source_name),
            opts.source_lines && opts.opt_level < 3,
            opts.flavour,
        )),
        next_label: 0,
        break_label: INVALID_LABEL,
        continue_label: INVALID_LABEL,
        cur_except_level: 0,
        break_continue_except_level: 0,
        have_star: false,
        num_dict_params: 0,
        num_default_params: 0,
        pending_error: None,
    };
    c.new_scope(
        ScopeKind::Module,
        ScopeNode::Module(&m.body),
        Rc::from("<module>"),
        opts.emit,
        m.line,
        None,
    );
    let result = c.run();
    match result {
        Ok(raw_codes) => Ok(Compiled {
            common: c.emit.into_common(),
            raw_codes,
        }),
        // Errors raised directly by the emitter (bytecode overflow, the native emitter's
        // NotImplementedError) have no traceback, even when a statement list gave them a line.
        Err(mut e) if e.exc != "SyntaxError" && e.exc != "ViperTypeError" => {
            e.line = None;
            e.file = None;
            Err(*e)
        }
        Err(mut e) => {
            let scope = &c.scopes.list[c.cur];
            if e.line.is_none() && scope.line > 0 {
                e.line = Some(scope.line);
            }
            e.scope = Some(scope.simple_name.to_string());
            e.file = Some(source_name.to_string());
            Err(*e)
        }
    }
}

impl<'m> Compiler<'m> {
    fn run(&mut self) -> R<Vec<RawCode>> {
        let mut i = 0;
        while i < self.scopes.list.len() {
            if self.scopes.list[i].emit_options == EmitKind::Asm {
                self.inline_asm_scope_pass(i)?;
                i += 1;
                continue;
            }
            self.compile_scope(i, Pass::Scope)?;
            // Implicit globals used here but bound in an enclosing function become free.
            for j in 0..self.scopes.list[i].id_info.len() {
                if self.scopes.list[i].id_info[j].kind == IdKind::GlobalImplicit {
                    self.scopes.check_to_close_over(i, j);
                }
            }
            i += 1;
        }
        for s in 0..self.scopes.list.len() {
            self.scopes.compute_things(s);
        }
        let mut raw = vec![RawCode::default(); self.scopes.list.len()];
        for (s, out) in raw.iter_mut().enumerate() {
            if self.scopes.list[s].emit_options == EmitKind::Asm {
                *out = self.compile_inline_asm(s)?;
                continue;
            }
            let opt = self.scopes.list[s].emit_options;
            self.cur = s;
            self.emit.select(opt, self.opts.arch)?;
            if opt == EmitKind::Bytecode {
                self.compile_scope(s, Pass::StackSize)?;
                self.compile_scope(s, Pass::CodeSize)?;
                // Passes that would only resize jumps are computed on a recording of the
                // last one (`emit::jump_passes`).
                while !self.compile_scope(s, Pass::Emit)? {
                    self.emit.bc.fast_forward();
                }
                *out = RawCode {
                    kind: EmitKind::Bytecode,
                    code: self.emit.bc.take_code(),
                    children: self.emit.bc.common.children.clone(),
                    ..RawCode::default()
                };
            } else {
                // The native emitter needs exactly one EMIT pass.
                for pass in [Pass::StackSize, Pass::CodeSize, Pass::Emit] {
                    self.compile_scope(s, pass)?;
                    if let Some(e) = self.emit.native_mut().and_then(|n| n.take_error()) {
                        return Err(Box::new(e));
                    }
                }
                let children = self.emit.common_mut().children.clone();
                let Some(n) = self.emit.native_mut() else {
                    return Err(Box::new(CompileError::new(
                        "RuntimeError",
                        "internal error: no native emitter",
                    )));
                };
                let (code, prelude_offset) = n.take_code();
                let kind = if n.is_viper() {
                    EmitKind::Viper
                } else {
                    EmitKind::Native
                };
                *out = RawCode {
                    kind,
                    code,
                    prelude_offset,
                    children,
                    ..RawCode::default()
                };
            }
        }
        self.emit.select_bytecode();
        Ok(raw)
    }

    /// The SCOPE pass of an `@micropython.asm_thumb` scope (`compile_scope_inline_asm`).
    fn inline_asm_scope_pass(&mut self, s: usize) -> R<()> {
        self.cur = s;
        match (self.nodes[s], self.opts.arch) {
            (ScopeNode::Func(f), Some(arch)) if crate::emit::inline_thumb::is_thumb_arch(arch) => {
                Ok(crate::emit::inline_thumb::scope_pass(f, arch)?)
            }
            (ScopeNode::Func(_), _) => Err(Box::new(CompileError::new(
                "NotImplementedError",
                "inline assembler for this arch is not supported yet",
            ))),
            _ => Err(Box::new(CompileError::syntax(
                crate::error::msg::ASM_NOT_FUNCTION,
            ))),
        }
    }

    /// CODE_SIZE and EMIT passes of an asm scope: a kind-3 raw code without children.
    fn compile_inline_asm(&mut self, s: usize) -> R<RawCode> {
        self.cur = s;
        let (ScopeNode::Func(f), Some(arch)) = (self.nodes[s], self.opts.arch) else {
            return Err(Box::new(CompileError::syntax(
                crate::error::msg::ASM_NOT_FUNCTION,
            )));
        };
        let asm = crate::emit::inline_thumb::compile(f, arch)?;
        self.scopes.list[s].num_pos_args = asm.n_pos_args;
        Ok(RawCode {
            kind: EmitKind::Asm,
            code: asm.code,
            n_pos_args: asm.n_pos_args,
            type_sig: asm.type_sig,
            ..RawCode::default()
        })
    }

    /// Move the native emitter's `ViperTypeError` into the registered error: it replaces the
    /// message (the reference overwrites `comp->compile_error`) but keeps a line already
    /// recorded (`compile_error_line` is set once).
    pub(crate) fn merge_native_error(&mut self) {
        if let Some(mut e) = self.emit.native_mut().and_then(|n| n.take_viper_error()) {
            if let Some(l) = self.pending_error.as_ref().and_then(|p| p.line) {
                e.line = Some(l);
            }
            self.pending_error = Some(e);
        }
    }

    /// `compile_generic_all_nodes` over expressions (list displays, `**` operands): once an
    /// error is registered, the node during which it happened gives it its line (if it has
    /// none and is a struct node) and the remaining nodes are skipped.
    pub(crate) fn generic_all_nodes(
        &mut self,
        items: impl Iterator<Item = &'m crate::ast::Expr>,
    ) -> R<()> {
        for e in items {
            self.node(e)?;
            self.merge_native_error();
            if let Some(p) = self.pending_error.as_mut() {
                if p.line.is_none() && e.line > 0 {
                    p.line = Some(e.line);
                }
                return Ok(());
            }
        }
        Ok(())
    }

    /// `reserve_labels_for_native`: labels the native emitter uses internally.
    pub(crate) fn reserve_labels_for_native(&mut self, n: u32) {
        if self.scopes.list[self.cur].emit_options != EmitKind::Bytecode {
            self.next_label += n;
        }
    }

    /// Create a scope and link it at the end of the scope list (`scope_new_and_link`).
    pub(crate) fn new_scope(
        &mut self,
        kind: ScopeKind,
        node: ScopeNode<'m>,
        name: Rc<str>,
        emit: EmitKind,
        line: u32,
        id: Option<usize>,
    ) -> usize {
        let parent = if self.scopes.list.is_empty() {
            None
        } else {
            Some(self.cur)
        };
        self.scopes
            .list
            .push(crate::scope::Scope::new(kind, parent, name, emit, line));
        self.nodes.push(node);
        let idx = self.scopes.list.len() - 1;
        if let Some(id) = id {
            if let Some(slot) = self.scope_of.get_mut(id) {
                *slot = idx;
            }
        }
        idx
    }

    /// The scope made for scope-node `id` in the SCOPE pass.
    pub(crate) fn scope_for(&self, id: usize) -> usize {
        self.scope_of.get(id).copied().unwrap_or(0)
    }

    pub(crate) fn next_label(&mut self) -> u32 {
        self.next_label += 1;
        self.next_label - 1
    }

    pub(crate) fn scope_kind(&self) -> ScopeKind {
        self.scopes.list[self.cur].kind
    }

    // --- identifiers (compile_load_id / compile_store_id / compile_delete_id) ---

    fn id_op(&self, qst: &str) -> IdOp {
        let scope = &self.scopes.list[self.cur];
        match scope.find(qst).map(|i| &scope.id_info[i]) {
            Some(id) => match id.kind {
                IdKind::GlobalImplicit | IdKind::GlobalImplicitAssigned | IdKind::Undecided => {
                    IdOp::Name
                }
                IdKind::GlobalExplicit => IdOp::Global,
                IdKind::Local => IdOp::Fast(id.local_num),
                IdKind::Cell | IdKind::Free => IdOp::Deref(id.local_num),
            },
            None => IdOp::Name,
        }
    }

    pub(crate) fn load_id(&mut self, qst: &Rc<str>) {
        if self.pass == Pass::Scope {
            self.scopes.id_for_load(self.cur, qst);
        } else {
            let op = self.id_op(qst);
            self.emit.load_id(op, qst);
        }
    }

    pub(crate) fn store_id(&mut self, qst: &Rc<str>) {
        if self.pass == Pass::Scope {
            self.scopes.id_for_modification(self.cur, qst);
        } else {
            let op = self.id_op(qst);
            self.emit.store_id(op, qst);
        }
    }

    pub(crate) fn delete_id(&mut self, qst: &Rc<str>) {
        if self.pass == Pass::Scope {
            self.scopes.id_for_modification(self.cur, qst);
        } else {
            let op = self.id_op(qst);
            self.emit.delete_id(op, qst);
        }
    }

    /// `compile_increase_except_level`.
    pub(crate) fn increase_except_level(&mut self, label: u32, kind: crate::emit::Block) {
        self.emit.setup_block(label, kind);
        self.cur_except_level += 1;
        let s = &mut self.scopes.list[self.cur];
        if self.cur_except_level > s.exc_stack_size {
            s.exc_stack_size = self.cur_except_level;
        }
    }

    /// `compile_decrease_except_level`.
    pub(crate) fn decrease_except_level(&mut self) {
        self.cur_except_level = self.cur_except_level.saturating_sub(1);
        self.emit.set_label_slot(self.next_label);
        self.emit.end_finally();
        self.reserve_labels_for_native(1);
    }

    /// `compile_scope`: one pass over one scope. Returns whether the pass is complete.
    fn compile_scope(&mut self, s: usize, pass: Pass) -> R<bool> {
        self.pass = pass;
        self.cur = s;
        self.next_label = 0;
        self.emit.common_mut().start_pass(pass);
        {
            let scope = &self.scopes.list[s];
            self.emit.set_label_slot(self.next_label);
            self.emit.start_pass(pass, scope);
        }
        self.reserve_labels_for_native(6);
        if pass == Pass::Scope {
            self.scopes.list[s].stack_size = 0;
            self.scopes.list[s].exc_stack_size = 0;
        }
        let body = match self.nodes[s] {
            ScopeNode::Module(body) => self.stmts(body).map(|()| {
                self.emit.load_const_tok(crate::ast::Token::None);
                self.emit.return_value();
            }),
            ScopeNode::Func(f) => self.compile_func_scope(f),
            ScopeNode::Class(c) => self.compile_class_scope(c),
            ScopeNode::Comp(c) => self.compile_comp_scope(c),
        };
        // The native emitter's NotImplementedError aborts at once in the reference (mp_raise):
        // it wins. Otherwise an error registered earlier without stopping the pass wins over
        // later ones (the reference ignores syntax errors once one is set).
        if let Err(e) = &body {
            if e.exc == "NotImplementedError" {
                self.pending_error = None;
                return Err(e.clone());
            }
        }
        self.merge_native_error();
        if let Some(e) = self.pending_error.take() {
            return Err(Box::new(e));
        }
        body?;
        let mut scope = std::mem::replace(
            &mut self.scopes.list[s],
            crate::scope::Scope::new(ScopeKind::Module, None, Rc::from(""), EmitKind::Bytecode, 0),
        );
        let done = self.emit.end_pass(&mut scope);
        self.scopes.list[s] = scope;
        if let Some(e) = self.pending_error.take() {
            return Err(Box::new(e));
        }
        Ok(done?)
    }

    pub(crate) fn syntax_error(&self, msg: &str, line: u32) -> CompileError {
        at(CompileError::syntax(msg), line)
    }
}
