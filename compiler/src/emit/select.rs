//! Emitter selection per scope: the one place that decides which emitter compiles a scope
//! (py/compile.c `mp_compile_to_raw_code`'s switch on `emit_options`) and the arch → native
//! backend `match`. [`Emitters`] forwards every [`Emitter`] operation to the active emitter
//! and owns the module-wide tables ([`EmitCommon`]), handing them to whichever emitter runs.

use super::bytecode::BytecodeEmitter;
use super::native::NativeEmitter;
use super::{Access, Block, Build, EmitCommon, Emitter, IdOp, Pass};
use crate::ast::{Const, Token};
use crate::error::CompileError;
use crate::scope::{Scope, ScopeKind};
use mpy_format::arch::Arch;
use mpy_format::mpy::EmitKind;
use std::rc::Rc;

/// A native emitter for some architecture, as the compiler drives it.
pub(crate) trait NativeEmit: Emitter {
    fn common_mut(&mut self) -> &mut EmitCommon;
    /// Machine code + prelude of the last EMIT pass, and the prelude offset.
    fn take_code(&mut self) -> (Vec<u8>, usize);
    fn is_viper(&self) -> bool;
    /// The error that ends compilation, if any: a `NotImplementedError` first, else the last
    /// `ViperTypeError`.
    fn take_error(&mut self) -> Option<CompileError>;
    /// The last `ViperTypeError` only (it does not stop compilation by itself).
    fn take_viper_error(&mut self) -> Option<CompileError>;
}

impl<A: mpyc_targets::Assembler + Default> NativeEmit for NativeEmitter<A> {
    fn common_mut(&mut self) -> &mut EmitCommon {
        &mut self.common
    }
    fn take_code(&mut self) -> (Vec<u8>, usize) {
        NativeEmitter::take_code(self)
    }
    fn is_viper(&self) -> bool {
        NativeEmitter::is_viper(self)
    }
    fn take_error(&mut self) -> Option<CompileError> {
        self.fatal
            .take()
            .or_else(|| {
                self.asm_mut()
                    .take_fatal()
                    .map(|m| CompileError::new("NotImplementedError", m))
            })
            .or_else(|| self.viper_error.take())
    }
    fn take_viper_error(&mut self) -> Option<CompileError> {
        self.viper_error.take()
    }
}

/// The native backend for `arch`, if mpyc has one.
fn new_native(arch: Arch) -> Option<Box<dyn NativeEmit>> {
    match arch {
        Arch::X64 => Some(Box::new(NativeEmitter::<mpyc_targets::x64::X64>::new(
            EmitCommon::default(),
        ))),
        Arch::X86 => Some(Box::new(NativeEmitter::<mpyc_targets::x86::X86>::new(
            EmitCommon::default(),
        ))),
        // armv7m, armv7em, armv7emsp and armv7emdp share one code generator.
        a if a.is_thumb() => {
            let mut e = NativeEmitter::<mpyc_targets::thumb::ThumbAsm>::new(EmitCommon::default());
            e.asm_mut().set_armv7m(a != Arch::Armv6m);
            Some(Box::new(e))
        }
        _ => None,
    }
}

/// The bytecode emitter, the native emitter once a scope needs it, and which one is active.
pub(crate) struct Emitters {
    pub(crate) bc: BytecodeEmitter,
    native: Option<Box<dyn NativeEmit>>,
    native_active: bool,
}

impl Emitters {
    pub(crate) fn new(bc: BytecodeEmitter) -> Self {
        Emitters {
            bc,
            native: None,
            native_active: false,
        }
    }

    /// The module-wide tables, wherever they currently are.
    pub(crate) fn common_mut(&mut self) -> &mut EmitCommon {
        match (&mut self.native, self.native_active) {
            (Some(n), true) => n.common_mut(),
            _ => &mut self.bc.common,
        }
    }

    /// Give the tables back to the bytecode emitter and drop them out of the emitters.
    pub(crate) fn into_common(mut self) -> EmitCommon {
        self.select_bytecode();
        std::mem::take(&mut self.bc.common)
    }

    /// Make the bytecode emitter active.
    pub(crate) fn select_bytecode(&mut self) {
        if self.native_active {
            if let Some(n) = self.native.as_mut() {
                std::mem::swap(&mut self.bc.common, n.common_mut());
            }
            self.native_active = false;
        }
    }

    /// Make the emitter for `opt` active (`arch` from `-march`).
    pub(crate) fn select(&mut self, opt: EmitKind, arch: Option<Arch>) -> Result<(), CompileError> {
        match opt {
            EmitKind::Bytecode => {
                self.select_bytecode();
                Ok(())
            }
            EmitKind::Native | EmitKind::Viper => {
                if self.native.is_none() {
                    self.native = arch.and_then(new_native);
                }
                let Some(n) = self.native.as_mut() else {
                    return Err(CompileError::new(
                        "NotImplementedError",
                        "native code emission is not supported yet",
                    ));
                };
                if !self.native_active {
                    std::mem::swap(&mut self.bc.common, n.common_mut());
                    self.native_active = true;
                }
                Ok(())
            }
            EmitKind::Asm => Err(CompileError::new(
                "NotImplementedError",
                "inline assembler is not supported yet",
            )),
        }
    }

    /// The active native emitter.
    pub(crate) fn native_mut(&mut self) -> Option<&mut Box<dyn NativeEmit>> {
        if self.native_active {
            self.native.as_mut()
        } else {
            None
        }
    }

    fn cur(&mut self) -> &mut dyn Emitter {
        match (&mut self.native, self.native_active) {
            (Some(n), true) => n.as_mut(),
            _ => &mut self.bc,
        }
    }
}

impl Emitter for Emitters {
    fn start_pass(&mut self, pass: Pass, scope: &Scope) {
        self.cur().start_pass(pass, scope)
    }
    fn end_pass(&mut self, scope: &mut Scope) -> Result<bool, CompileError> {
        self.cur().end_pass(scope)
    }
    fn adjust_stack_size(&mut self, delta: i32) {
        self.cur().adjust_stack_size(delta)
    }
    fn set_source_line(&mut self, line: u32) {
        self.cur().set_source_line(line)
    }
    fn load_id(&mut self, op: IdOp, qst: &Rc<str>) {
        self.cur().load_id(op, qst)
    }
    fn store_id(&mut self, op: IdOp, qst: &Rc<str>) {
        self.cur().store_id(op, qst)
    }
    fn delete_id(&mut self, op: IdOp, qst: &Rc<str>) {
        self.cur().delete_id(op, qst)
    }
    fn label_assign(&mut self, label: u32) {
        self.cur().label_assign(label)
    }
    fn import_name(&mut self, qst: &Rc<str>) {
        self.cur().import_name(qst)
    }
    fn import_from(&mut self, qst: &Rc<str>) {
        self.cur().import_from(qst)
    }
    fn import_star(&mut self) {
        self.cur().import_star()
    }
    fn load_const_tok(&mut self, tok: Token) {
        self.cur().load_const_tok(tok)
    }
    fn load_const_small_int(&mut self, v: i64) {
        self.cur().load_const_small_int(v)
    }
    fn load_const_str(&mut self, qst: &Rc<str>) {
        self.cur().load_const_str(qst)
    }
    fn load_const_obj(&mut self, obj: &Const) {
        self.cur().load_const_obj(obj)
    }
    fn load_null(&mut self) {
        self.cur().load_null()
    }
    fn load_method(&mut self, qst: &Rc<str>, is_super: bool) {
        self.cur().load_method(qst, is_super)
    }
    fn load_build_class(&mut self) {
        self.cur().load_build_class()
    }
    fn subscr(&mut self, kind: Access) {
        self.cur().subscr(kind)
    }
    fn attr(&mut self, qst: &Rc<str>, kind: Access) {
        self.cur().attr(qst, kind)
    }
    fn dup_top(&mut self) {
        self.cur().dup_top()
    }
    fn dup_top_two(&mut self) {
        self.cur().dup_top_two()
    }
    fn pop_top(&mut self) {
        self.cur().pop_top()
    }
    fn rot_two(&mut self) {
        self.cur().rot_two()
    }
    fn rot_three(&mut self) {
        self.cur().rot_three()
    }
    fn jump(&mut self, label: u32) {
        self.cur().jump(label)
    }
    fn pop_jump_if(&mut self, cond: bool, label: u32) {
        self.cur().pop_jump_if(cond, label)
    }
    fn jump_if_or_pop(&mut self, cond: bool, label: u32) {
        self.cur().jump_if_or_pop(cond, label)
    }
    fn unwind_jump(&mut self, label: u32, except_depth: u32) {
        self.cur().unwind_jump(label, except_depth)
    }
    fn setup_block(&mut self, label: u32, kind: Block) {
        self.cur().setup_block(label, kind)
    }
    fn with_cleanup(&mut self, label: u32) {
        self.cur().with_cleanup(label)
    }
    fn async_with_setup_finally(
        &mut self,
        aexit_no_exc: u32,
        finally_block: u32,
        ret_unwind_jump: u32,
    ) {
        self.cur()
            .async_with_setup_finally(aexit_no_exc, finally_block, ret_unwind_jump)
    }
    fn end_finally(&mut self) {
        self.cur().end_finally()
    }
    fn get_iter(&mut self, use_stack: bool) {
        self.cur().get_iter(use_stack)
    }
    fn for_iter(&mut self, label: u32) {
        self.cur().for_iter(label)
    }
    fn for_iter_end(&mut self) {
        self.cur().for_iter_end()
    }
    fn pop_except_jump(&mut self, label: u32, within_exc_handler: bool) {
        self.cur().pop_except_jump(label, within_exc_handler)
    }
    fn unary_op(&mut self, op: u8) {
        self.cur().unary_op(op)
    }
    fn binary_op(&mut self, op: u8, invert: bool) {
        self.cur().binary_op(op, invert)
    }
    fn build(&mut self, n: u32, kind: Build) {
        self.cur().build(n, kind)
    }
    fn store_map(&mut self) {
        self.cur().store_map()
    }
    fn store_comp(&mut self, kind: ScopeKind, collection_stack_index: u32) {
        self.cur().store_comp(kind, collection_stack_index)
    }
    fn unpack_sequence(&mut self, n: u32) {
        self.cur().unpack_sequence(n)
    }
    fn unpack_ex(&mut self, n_left: u32, n_right: u32) {
        self.cur().unpack_ex(n_left, n_right)
    }
    fn make_function(&mut self, child_scope: usize, n_pos_defaults: u32, n_kw_defaults: u32) {
        self.cur()
            .make_function(child_scope, n_pos_defaults, n_kw_defaults)
    }
    fn make_closure(
        &mut self,
        child_scope: usize,
        n_closed: u32,
        n_pos_defaults: u32,
        n_kw_defaults: u32,
    ) {
        self.cur()
            .make_closure(child_scope, n_closed, n_pos_defaults, n_kw_defaults)
    }
    fn call_function(&mut self, n_pos: u32, n_kw: u32, star_flags: u32) {
        self.cur().call_function(n_pos, n_kw, star_flags)
    }
    fn call_method(&mut self, n_pos: u32, n_kw: u32, star_flags: u32) {
        self.cur().call_method(n_pos, n_kw, star_flags)
    }
    fn return_value(&mut self) {
        self.cur().return_value()
    }
    fn raise_varargs(&mut self, n: u32) {
        self.cur().raise_varargs(n)
    }
    fn yield_(&mut self, from: bool) {
        self.cur().yield_(from)
    }
    fn start_except_handler(&mut self) {
        self.cur().start_except_handler()
    }
    fn end_except_handler(&mut self) {
        self.cur().end_except_handler()
    }
    fn set_label_slot(&mut self, next_label: u32) {
        self.cur().set_label_slot(next_label)
    }
}
