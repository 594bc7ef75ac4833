//! The native emitter (py/emitnative.c): one code generator for `@micropython.native` and
//! `@micropython.viper` scopes over the generic [`Assembler`] of `mpyc-targets`, so the x64,
//! x86 and Thumb outputs differ only below the trait.
//!
//! It keeps a model of the Python value stack ("stack cache", [`Slot`]): entries already in
//! their frame slot, entries held in a register, and compile-time immediates not yet
//! materialised. The model is flushed to memory before labels, jumps and calls, in the
//! reference's order, which is what makes the bytes identical.
//!
//! Frame (C stack, word slots from sp after the prologue; native non-generator):
//! ```text
//! 0 .. C-1          nlr_buf_t, RET_VAL, UNWIND, THROW  (only when wrapped, see `entry`)
//! C+0               fun_bc          C+1 ip (OLD_GLOBALS)   C+2 sp   C+3 n_state  C+4 unused
//! C+5+i             value-stack entry i
//! C+5+n_state-1-j   local j
//! ```
//! Generators keep their state in the heap code_state pointed to by L2 instead.

mod access;
mod entry;
mod ops;
mod stack;
mod viper;

use super::{EmitCommon, Pass};
use crate::error::CompileError;
use crate::scope::{IdKind, Scope, FLAG_IS_PARAM, SCOPE_FLAG_GENERATOR};
use mpyc_targets::{AluOp, Assembler, Label, Reg};
use std::rc::Rc;

use crate::scope::{FLAG_VIPER_TYPE_POS, SCOPE_FLAG_VIPERRET_POS};
use crate::scope::{SCOPE_FLAG_HASCONSTS, SCOPE_FLAG_REFGLOBALS};

pub(crate) mod funtable;
/// Short name for the fun-table indices.
pub(crate) use funtable as f;

/// Word offsets baked into native code (py/emitnative.c `OFFSETOF_*`).
const OFFSETOF_CODE_STATE_STATE: i32 = 5;
const OFFSETOF_CODE_STATE_FUN_BC: u32 = 0;
const OFFSETOF_CODE_STATE_IP: u32 = 1;
const OFFSETOF_CODE_STATE_SP: u32 = 2;
const OFFSETOF_CODE_STATE_N_STATE: u32 = 3;
const SIZEOF_CODE_STATE: u32 = 5;
const OFFSETOF_OBJ_FUN_BC_CONTEXT: i32 = 1;
const OFFSETOF_OBJ_FUN_BC_CHILD_TABLE: i32 = 2;
const OFFSETOF_MODULE_CONTEXT_GLOBALS: i32 = 1;
const OFFSETOF_MODULE_CONTEXT_QSTR_TABLE: i32 = 2;
const OFFSETOF_MODULE_CONTEXT_OBJ_TABLE: i32 = 3;
/// Word index of `nlr_buf_t.ret_val`.
const NLR_BUF_IDX_RET_VAL: u32 = 1;
/// `MP_OBJ_ITER_BUF_NSLOTS`.
const ITER_BUF_NSLOTS: usize = 4;
/// `MP_VM_RETURN_*`.
const VM_RETURN_NORMAL: i64 = 0;
const VM_RETURN_YIELD: i64 = 1;
const VM_RETURN_EXCEPTION: i64 = 2;
/// Only locals 0 and 1 may live in registers (L1, L2); L3 holds the qstr table.
const MAX_REGS_FOR_LOCAL_VARS: usize = 2;

/// Viper value types (`vtype_kind_t`); the low bits are the `MP_NATIVE_TYPE_*` code passed
/// to `native_to_obj` / `native_from_obj`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum VType {
    PyObj = 0,
    Bool = 1,
    Int = 2,
    Uint = 3,
    Ptr = 4,
    Ptr8 = 5,
    Ptr16 = 6,
    Ptr32 = 7,
    /// The type of `None` (converts with code 0x54).
    PtrNone = 0x54,
    Unbound = 0x60,
    BuiltinCast = 0x70,
}

impl VType {
    /// The type named by a viper annotation / cast (`mp_native_type_from_qstr`).
    pub(crate) fn from_name(name: &str) -> Option<VType> {
        Some(match name {
            "object" => VType::PyObj,
            "bool" => VType::Bool,
            "int" => VType::Int,
            "uint" => VType::Uint,
            "ptr" => VType::Ptr,
            "ptr8" => VType::Ptr8,
            "ptr16" => VType::Ptr16,
            "ptr32" => VType::Ptr32,
            _ => return None,
        })
    }

    fn from_code(code: u32) -> VType {
        match code {
            1 => VType::Bool,
            2 => VType::Int,
            3 => VType::Uint,
            4 => VType::Ptr,
            5 => VType::Ptr8,
            6 => VType::Ptr16,
            7 => VType::Ptr32,
            _ => VType::PyObj,
        }
    }

    /// `vtype_to_qstr`.
    fn name(self) -> &'static str {
        match self {
            VType::PyObj => "object",
            VType::Bool => "bool",
            VType::Int => "int",
            VType::Uint => "uint",
            VType::Ptr => "ptr",
            VType::Ptr8 => "ptr8",
            VType::Ptr16 => "ptr16",
            VType::Ptr32 => "ptr32",
            _ => "None",
        }
    }
}

/// Where a value-stack entry is (`stack_info_kind_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Value,
    Reg(Reg),
    Imm(i64),
}

/// One entry of the value-stack model.
#[derive(Clone, Copy, Debug)]
struct Slot {
    vtype: VType,
    kind: Kind,
}

const UNWIND_LABEL_UNUSED: u32 = 0x7fff;
const UNWIND_LABEL_DO_FINAL_UNWIND: u32 = 0x7ffe;

/// A compile-time exception-handler entry (`exc_stack_entry_t`).
#[derive(Clone, Copy, Debug)]
struct ExcEntry {
    label: u32,
    is_finally: bool,
    unwind_label: u32,
    is_active: bool,
}

/// What the emitter needs of the scope being compiled (copied at `start_pass`).
#[derive(Debug, Default)]
struct ScopeInfo {
    flags: u32,
    num_locals: u32,
    num_pos_args: u32,
    num_kwonly_args: u32,
    num_def_pos_args: u32,
    exc_stack_size: u32,
    stack_size: u32,
    simple_name: Option<Rc<str>>,
    /// Argument-slot names, `*` for slots without a parameter.
    arg_names: Vec<Rc<str>>,
    /// Local numbers of cell variables, in id-table order.
    cells: Vec<u32>,
    /// (local number, viper type code) of parameters.
    param_types: Vec<(u32, u32)>,
}

/// The native emitter for one architecture.
pub(crate) struct NativeEmitter<A: Assembler> {
    pub(crate) common: EmitCommon,
    asm: A,
    pass: Pass,
    viper: bool,
    scope: ScopeInfo,
    local_vtype: Vec<VType>,
    info: Vec<Slot>,
    stack_size: usize,
    saved_stack_vtype: VType,
    exc_stack: Vec<ExcEntry>,
    prelude_offset: usize,
    prelude_ptr_index: usize,
    start_offset: usize,
    n_state: u32,
    code_state_start: u32,
    stack_start: u32,
    n_info: usize,
    n_cell: usize,
    exit_label: Label,
    /// The compiler's next label number (`*emit->label_slot`): the base of the labels it
    /// reserved for this operation.
    pub(crate) label_slot: u32,
    /// A `NotImplementedError` that aborts compilation (first one wins).
    pub(crate) fatal: Option<CompileError>,
    /// The last `ViperTypeError` (later ones overwrite earlier ones, as the reference does).
    pub(crate) viper_error: Option<CompileError>,
    /// The finished machine code + prelude of the last EMIT pass.
    code: Vec<u8>,
}

impl<A: Assembler + Default> NativeEmitter<A> {
    /// The assembler, to configure it for the arch (Thumb: armv6m or armv7m).
    pub(crate) fn asm_mut(&mut self) -> &mut A {
        &mut self.asm
    }

    pub(crate) fn new(common: EmitCommon) -> Self {
        NativeEmitter {
            common,
            asm: A::default(),
            pass: Pass::Scope,
            viper: false,
            scope: ScopeInfo::default(),
            local_vtype: Vec::new(),
            info: Vec::new(),
            stack_size: 0,
            saved_stack_vtype: VType::PyObj,
            exc_stack: Vec::new(),
            prelude_offset: 0,
            prelude_ptr_index: 0,
            start_offset: 0,
            n_state: 0,
            code_state_start: 0,
            stack_start: 0,
            n_info: 0,
            n_cell: 0,
            exit_label: 0,
            label_slot: 0,
            fatal: None,
            viper_error: None,
            code: Vec::new(),
        }
    }
}

impl<A: Assembler> NativeEmitter<A> {
    // --- register roles ---
    const RET: Reg = A::REGS.ret;
    const ARG_1: Reg = A::REGS.arg[0];
    const ARG_2: Reg = A::REGS.arg[1];
    const ARG_3: Reg = A::REGS.arg[2];
    const ARG_4: Reg = A::REGS.arg[3];
    const TEMP0: Reg = A::REGS.temp[0];
    const TEMP1: Reg = A::REGS.temp[1];
    const TEMP2: Reg = A::REGS.temp[2];
    const LOCAL_1: Reg = A::REGS.local[0];
    const FUN_TABLE: Reg = A::REGS.fun_table;
    const GENERATOR_STATE: Reg = A::REGS.local[1];
    const QSTR_TABLE: Reg = A::REGS.local[2];
    const LOCAL_LAST: Reg = A::REGS.local[1];
    const REG_LOCAL_TABLE: [Reg; 2] = [A::REGS.local[0], A::REGS.local[1]];

    /// The code and prelude offset of the last EMIT pass.
    pub(crate) fn take_code(&mut self) -> (Vec<u8>, usize) {
        (std::mem::take(&mut self.code), self.prelude_offset)
    }

    pub(crate) fn is_viper(&self) -> bool {
        self.viper
    }

    fn generator(&self) -> bool {
        self.scope.flags & SCOPE_FLAG_GENERATOR != 0
    }

    fn need_global_exc_handler(&self) -> bool {
        self.scope.exc_stack_size > 0
            || self.scope.flags & (SCOPE_FLAG_GENERATOR | SCOPE_FLAG_REFGLOBALS) != 0
    }

    fn need_fun_obj(&self) -> bool {
        self.scope.exc_stack_size > 0
            || self.scope.flags & (SCOPE_FLAG_REFGLOBALS | SCOPE_FLAG_HASCONSTS) != 0
    }

    fn can_use_regs_for_locals(&self) -> bool {
        self.scope.exc_stack_size == 0 && !self.generator()
    }

    fn nlr_words() -> u32 {
        A::NLR_BUF_WORDS
    }
    fn local_idx_exc_val() -> u32 {
        NLR_BUF_IDX_RET_VAL
    }
    fn local_idx_exc_handler_pc() -> u32 {
        A::NLR_BUF_IDX_LOCAL_1
    }
    fn local_idx_exc_handler_unwind() -> u32 {
        Self::nlr_words() + 1
    }
    fn local_idx_throw_val() -> u32 {
        Self::nlr_words() + 2
    }
    fn local_idx_ret_val() -> u32 {
        Self::nlr_words()
    }
    fn local_idx_fun_obj(&self) -> u32 {
        self.code_state_start + OFFSETOF_CODE_STATE_FUN_BC
    }
    fn local_idx_old_globals(&self) -> u32 {
        self.code_state_start + OFFSETOF_CODE_STATE_IP
    }
    fn local_idx_gen_pc(&self) -> u32 {
        self.code_state_start + OFFSETOF_CODE_STATE_IP
    }
    fn local_idx_local_var(&self, local_num: u32) -> u32 {
        (self.stack_start + self.n_state)
            .wrapping_sub(1)
            .wrapping_sub(local_num)
    }
    fn local_in_reg(&self, local_num: u32) -> Option<Reg> {
        if (local_num as usize) < MAX_REGS_FOR_LOCAL_VARS && self.can_use_regs_for_locals() {
            Some(Self::REG_LOCAL_TABLE[local_num as usize])
        } else {
            None
        }
    }

    fn set_fatal(&mut self, msg: &str) {
        if self.fatal.is_none() {
            self.fatal = Some(CompileError::new("NotImplementedError", msg));
        }
    }

    fn viper_type_error(&mut self, msg: String) {
        // No line here: the statement list around it gives it one (compile_generic_all_nodes),
        // else the scope does.
        self.viper_error = Some(CompileError::new("ViperTypeError", &msg));
    }

    // --- state access (frame or generator state) ---

    fn mov_reg_const(&mut self, reg: Reg, index: u32) {
        self.asm.load_reg_reg_offset(
            mpyc_targets::Width::Word,
            reg,
            Self::FUN_TABLE,
            index as i32,
        );
    }

    fn mov_state_reg(&mut self, local_num: u32, reg: Reg) {
        if self.generator() {
            self.asm.store_reg_reg_offset(
                mpyc_targets::Width::Word,
                reg,
                Self::GENERATOR_STATE,
                local_num as i32,
            );
        } else {
            self.asm.mov_local_reg(local_num, reg);
        }
    }

    fn mov_reg_state(&mut self, reg: Reg, local_num: u32) {
        if self.generator() {
            self.asm.load_reg_reg_offset(
                mpyc_targets::Width::Word,
                reg,
                Self::GENERATOR_STATE,
                local_num as i32,
            );
        } else {
            self.asm.mov_reg_local(reg, local_num);
        }
    }

    fn mov_reg_state_addr(&mut self, reg: Reg, local_num: u32) {
        if self.generator() {
            self.asm
                .mov_reg_imm(reg, i64::from(local_num) * i64::from(A::WORD_SIZE));
            self.asm.alu_reg_reg(AluOp::Add, reg, Self::GENERATOR_STATE);
        } else {
            self.asm.mov_reg_local_addr(reg, local_num);
        }
    }

    fn mov_reg_qstr(&mut self, reg: Reg, qst: &Rc<str>) {
        let i = self.common.use_qstr(qst);
        self.asm
            .load_reg_reg_offset(mpyc_targets::Width::B16, reg, Self::QSTR_TABLE, i as i32);
    }

    fn mov_local_null(&mut self, local_num: u32, reg_temp: Reg) {
        self.asm.clr_reg(reg_temp);
        self.asm.mov_local_reg(local_num, reg_temp);
    }

    // --- exception-handler stack ---

    fn push_exc_stack(&mut self, label: u32, is_finally: bool) {
        self.exc_stack.push(ExcEntry {
            label,
            is_finally,
            unwind_label: UNWIND_LABEL_UNUSED,
            is_active: true,
        });
        self.asm.mov_reg_pcrel(Self::RET, label);
        self.asm
            .mov_local_reg(Self::local_idx_exc_handler_pc(), Self::RET);
    }

    fn leave_exc_stack(&mut self, start_of_handler: bool) {
        let Some(last) = self.exc_stack.len().checked_sub(1) else {
            return;
        };
        self.exc_stack[last].is_active = false;
        match self.exc_stack[..last].iter().rev().find(|e| e.is_active) {
            None => {
                if start_of_handler {
                    return;
                }
                self.asm.clr_reg(Self::RET);
            }
            Some(e) => {
                let l = e.label;
                self.asm.mov_reg_pcrel(Self::RET, l);
            }
        }
        self.asm
            .mov_local_reg(Self::local_idx_exc_handler_pc(), Self::RET);
    }

    fn pop_exc_stack(&mut self) -> Option<ExcEntry> {
        self.exc_stack.pop()
    }

    /// `emit_load_reg_with_object`: clobbers TEMP0.
    fn load_reg_with_object(&mut self, reg: Reg, obj: &crate::ast::Const) {
        self.scope.flags |= SCOPE_FLAG_HASCONSTS;
        let off = self.common.use_const_obj(obj);
        self.mov_reg_state(Self::TEMP0, self.local_idx_fun_obj());
        self.asm.load_reg_reg_offset(
            mpyc_targets::Width::Word,
            Self::TEMP0,
            Self::TEMP0,
            OFFSETOF_OBJ_FUN_BC_CONTEXT,
        );
        self.asm.load_reg_reg_offset(
            mpyc_targets::Width::Word,
            Self::TEMP0,
            Self::TEMP0,
            OFFSETOF_MODULE_CONTEXT_OBJ_TABLE,
        );
        self.asm
            .load_reg_reg_offset(mpyc_targets::Width::Word, reg, Self::TEMP0, off as i32);
    }

    fn load_reg_with_child(&mut self, reg: Reg, child_scope: usize) {
        let off = self.common.alloc_child(child_scope);
        self.mov_reg_state(Self::TEMP0, self.local_idx_fun_obj());
        self.asm.load_reg_reg_offset(
            mpyc_targets::Width::Word,
            Self::TEMP0,
            Self::TEMP0,
            OFFSETOF_OBJ_FUN_BC_CHILD_TABLE,
        );
        self.asm
            .load_reg_reg_offset(mpyc_targets::Width::Word, reg, Self::TEMP0, off as i32);
    }

    /// Copy what the emitter needs of `scope`.
    fn read_scope(&mut self, scope: &Scope) {
        let mut arg_names = Vec::new();
        let n_args = scope.num_pos_args + scope.num_kwonly_args;
        for i in 0..n_args {
            let name = scope
                .id_info
                .iter()
                .find(|id| id.flags & FLAG_IS_PARAM != 0 && id.local_num == i)
                .map(|id| id.qst.clone())
                .unwrap_or_else(|| Rc::from("*"));
            arg_names.push(name);
        }
        self.scope = ScopeInfo {
            flags: scope.scope_flags,
            num_locals: scope.num_locals,
            num_pos_args: scope.num_pos_args,
            num_kwonly_args: scope.num_kwonly_args,
            num_def_pos_args: scope.num_def_pos_args,
            exc_stack_size: scope.exc_stack_size,
            stack_size: scope.stack_size,
            simple_name: Some(scope.simple_name.clone()),
            arg_names,
            cells: scope
                .id_info
                .iter()
                .filter(|id| id.kind == IdKind::Cell)
                .map(|id| id.local_num)
                .collect(),
            param_types: scope
                .id_info
                .iter()
                .filter(|id| id.flags & FLAG_IS_PARAM != 0)
                .map(|id| (id.local_num, u32::from(id.flags >> FLAG_VIPER_TYPE_POS) & 7))
                .collect(),
        };
    }
}
