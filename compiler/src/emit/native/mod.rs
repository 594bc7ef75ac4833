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

mod entry;
mod ops;
mod viper;

use super::{EmitCommon, Pass};
use crate::error::CompileError;
use crate::scope::{IdKind, Scope, FLAG_IS_PARAM, SCOPE_FLAG_GENERATOR};
use mpyc_targets::{AluOp, Assembler, Label, Reg};
use std::rc::Rc;

use crate::scope::{FLAG_VIPER_TYPE_POS, SCOPE_FLAG_VIPERRET_POS};
use crate::scope::{SCOPE_FLAG_HASCONSTS, SCOPE_FLAG_REFGLOBALS};

/// `mp_fun_table` indices (py/nativeglue.h `MP_F_*`).
#[allow(dead_code)]
pub(crate) mod f {
    pub const CONST_NONE_OBJ: u32 = 0;
    pub const CONST_FALSE_OBJ: u32 = 1;
    pub const CONST_TRUE_OBJ: u32 = 2;
    pub const CONVERT_OBJ_TO_NATIVE: u32 = 3;
    pub const CONVERT_NATIVE_TO_OBJ: u32 = 4;
    pub const NATIVE_SWAP_GLOBALS: u32 = 5;
    pub const LOAD_NAME: u32 = 6;
    pub const LOAD_GLOBAL: u32 = 7;
    pub const LOAD_BUILD_CLASS: u32 = 8;
    pub const LOAD_ATTR: u32 = 9;
    pub const LOAD_METHOD: u32 = 10;
    pub const LOAD_SUPER_METHOD: u32 = 11;
    pub const STORE_NAME: u32 = 12;
    pub const STORE_GLOBAL: u32 = 13;
    pub const STORE_ATTR: u32 = 14;
    pub const OBJ_SUBSCR: u32 = 15;
    pub const OBJ_IS_TRUE: u32 = 16;
    pub const UNARY_OP: u32 = 17;
    pub const BINARY_OP: u32 = 18;
    pub const BUILD_TUPLE: u32 = 19;
    pub const BUILD_LIST: u32 = 20;
    pub const BUILD_MAP: u32 = 21;
    pub const BUILD_SET: u32 = 22;
    pub const STORE_SET: u32 = 23;
    pub const LIST_APPEND: u32 = 24;
    pub const STORE_MAP: u32 = 25;
    pub const MAKE_FUNCTION_FROM_PROTO_FUN: u32 = 26;
    pub const NATIVE_CALL_FUNCTION_N_KW: u32 = 27;
    pub const CALL_METHOD_N_KW: u32 = 28;
    pub const CALL_METHOD_N_KW_VAR: u32 = 29;
    pub const NATIVE_GETITER: u32 = 30;
    pub const NATIVE_ITERNEXT: u32 = 31;
    pub const NLR_PUSH: u32 = 32;
    pub const NLR_POP: u32 = 33;
    pub const NATIVE_RAISE: u32 = 34;
    pub const IMPORT_NAME: u32 = 35;
    pub const IMPORT_FROM: u32 = 36;
    pub const IMPORT_ALL: u32 = 37;
    pub const NEW_SLICE: u32 = 38;
    pub const UNPACK_SEQUENCE: u32 = 39;
    pub const UNPACK_EX: u32 = 40;
    pub const DELETE_NAME: u32 = 41;
    pub const DELETE_GLOBAL: u32 = 42;
    pub const NEW_CLOSURE: u32 = 43;
    pub const ARG_CHECK_NUM_SIG: u32 = 44;
    pub const SETUP_CODE_STATE: u32 = 45;
    pub const SMALL_INT_FLOOR_DIVIDE: u32 = 46;
    pub const SMALL_INT_MODULO: u32 = 47;
    pub const NATIVE_YIELD_FROM: u32 = 48;

    /// Entry names (py/nativeglue.h order), for disassembly.
    pub const NAMES: [&str; 50] = [
        "const_none",
        "const_false",
        "const_true",
        "native_from_obj",
        "native_to_obj",
        "swap_globals",
        "load_name",
        "load_global",
        "load_build_class",
        "load_attr",
        "load_method",
        "load_super_method",
        "store_name",
        "store_global",
        "store_attr",
        "obj_subscr",
        "obj_is_true",
        "unary_op",
        "binary_op",
        "new_tuple",
        "new_list",
        "new_dict",
        "new_set",
        "set_store",
        "list_append",
        "dict_store",
        "make_function_from_proto_fun",
        "call_function_n_kw",
        "call_method_n_kw",
        "call_method_n_kw_var",
        "getiter",
        "iternext",
        "nlr_push",
        "nlr_pop",
        "native_raise",
        "import_name",
        "import_from",
        "import_all",
        "new_slice",
        "unpack_sequence",
        "unpack_ex",
        "delete_name",
        "delete_global",
        "new_closure",
        "arg_check_num_sig",
        "setup_code_state",
        "small_int_floor_divide",
        "small_int_modulo",
        "yield_from",
        "setjmp",
    ];
}

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

    // --- the value-stack model ---

    fn ensure(&mut self, n: usize) {
        if self.info.len() < self.stack_size + n {
            self.info.resize(
                self.stack_size + n + 8,
                Slot {
                    vtype: VType::Unbound,
                    kind: Kind::Value,
                },
            );
        }
    }

    fn adjust_stack(&mut self, delta: isize) {
        let new = self.stack_size as isize + delta;
        self.stack_size = new.max(0) as usize;
        self.ensure(0);
        if self.pass > Pass::Scope && self.stack_size as u32 > self.scope.stack_size {
            self.scope.stack_size = self.stack_size as u32;
        }
    }

    fn peek(&self, depth: usize) -> Slot {
        self.info[self.stack_size - 1 - depth]
    }

    fn peek_vtype(&self, depth: usize) -> VType {
        if self.viper {
            self.peek(depth).vtype
        } else {
            VType::PyObj
        }
    }

    /// Spill every register entry holding `reg`, except the one at `skip` (1 = TOS, 0 = none).
    fn need_reg_single(&mut self, reg: Reg, skip: usize) {
        let skip = self.stack_size as isize - skip as isize;
        for i in 0..self.stack_size {
            if i as isize != skip {
                if let Kind::Reg(r) = self.info[i].kind {
                    if r == reg {
                        self.info[i].kind = Kind::Value;
                        self.mov_state_reg(self.stack_start + i as u32, r);
                    }
                }
            }
        }
    }

    fn need_reg_all(&mut self) {
        for i in 0..self.stack_size {
            if let Kind::Reg(r) = self.info[i].kind {
                self.info[i].kind = Kind::Value;
                self.mov_state_reg(self.stack_start + i as u32, r);
            }
        }
    }

    /// Materialise an immediate into `reg` (`load_reg_stack_imm`).
    fn load_reg_stack_imm(&mut self, reg: Reg, si: Slot, convert_to_pyobj: bool) -> VType {
        let Kind::Imm(v) = si.kind else {
            return si.vtype;
        };
        if !convert_to_pyobj && self.viper {
            self.asm.mov_reg_imm(reg, v);
            return si.vtype;
        }
        match si.vtype {
            VType::PyObj => self.asm.mov_reg_imm(reg, v),
            VType::Bool => self.mov_reg_const(reg, f::CONST_FALSE_OBJ + v as u32),
            VType::Int | VType::Uint => self.asm.mov_reg_imm(reg, v.wrapping_shl(1) | 1),
            VType::PtrNone => self.mov_reg_const(reg, f::CONST_NONE_OBJ),
            _ => self.set_fatal("conversion to object"),
        }
        VType::PyObj
    }

    fn need_stack_settled(&mut self) {
        self.need_reg_all();
        for i in 0..self.stack_size {
            let si = self.info[i];
            if let Kind::Imm(_) = si.kind {
                self.info[i].kind = Kind::Value;
                let vt = self.load_reg_stack_imm(Self::TEMP1, si, false);
                self.info[i].vtype = vt;
                self.mov_state_reg(self.stack_start + i as u32, Self::TEMP1);
            }
        }
    }

    /// `emit_access_stack`: load entry `pos` (1 = TOS) into `reg`.
    fn access_stack(&mut self, pos: usize, reg: Reg) -> VType {
        self.need_reg_single(reg, pos);
        let idx = self.stack_size - pos;
        let si = self.info[idx];
        match si.kind {
            Kind::Value => {
                self.mov_reg_state(reg, self.stack_start + idx as u32);
                si.vtype
            }
            Kind::Reg(r) => {
                if r != reg {
                    self.asm.mov_reg_reg(reg, r);
                }
                si.vtype
            }
            Kind::Imm(_) => self.load_reg_stack_imm(reg, si, false),
        }
    }

    fn fold_stack_top(&mut self, reg: Reg) {
        let i = self.stack_size - 2;
        self.info[i] = self.info[i + 1];
        if self.info[i].kind == Kind::Value {
            self.mov_reg_state(reg, self.stack_start + self.stack_size as u32 - 1);
            self.info[i].kind = Kind::Reg(reg);
        }
        self.adjust_stack(-1);
    }

    /// `emit_pre_pop_reg_flexible`: returns (vtype, register the value is in).
    fn pop_reg_flexible(&mut self, reg: Reg, not1: Option<Reg>, not2: Option<Reg>) -> (VType, Reg) {
        let si = self.peek(0);
        let out = match si.kind {
            Kind::Reg(r) if Some(r) != not1 && Some(r) != not2 => {
                self.need_reg_single(r, 1);
                (si.vtype, r)
            }
            _ => (self.access_stack(1, reg), reg),
        };
        self.adjust_stack(-1);
        out
    }

    fn pop_discard(&mut self) {
        self.adjust_stack(-1);
    }

    fn pop_reg(&mut self, reg: Reg) -> VType {
        let vt = self.access_stack(1, reg);
        self.adjust_stack(-1);
        vt
    }

    fn push_reg(&mut self, vtype: VType, reg: Reg) {
        self.ensure(1);
        self.info[self.stack_size] = Slot {
            vtype,
            kind: Kind::Reg(reg),
        };
        self.adjust_stack(1);
    }

    fn push_imm(&mut self, vtype: VType, v: i64) {
        self.ensure(1);
        self.info[self.stack_size] = Slot {
            vtype,
            kind: Kind::Imm(v),
        };
        self.adjust_stack(1);
    }

    fn set_top_vtype(&mut self, vtype: VType) {
        let i = self.stack_size - 1;
        self.info[i].vtype = vtype;
    }

    fn call(&mut self, fun: u32) {
        self.need_reg_all();
        self.asm.call_ind(fun);
    }

    fn call_with_imm_arg(&mut self, fun: u32, v: i64, reg: Reg) {
        self.need_reg_all();
        self.asm.mov_reg_imm(reg, v);
        self.asm.call_ind(fun);
    }

    fn call_with_2_imm_args(&mut self, fun: u32, v1: i64, r1: Reg, v2: i64, r2: Reg) {
        self.need_reg_all();
        self.asm.mov_reg_imm(r1, v1);
        self.asm.mov_reg_imm(r2, v2);
        self.asm.call_ind(fun);
    }

    fn call_with_qstr_arg(&mut self, fun: u32, qst: &Rc<str>, reg: Reg) {
        self.need_reg_all();
        self.mov_reg_qstr(reg, qst);
        self.asm.call_ind(fun);
    }

    /// `emit_get_stack_pointer_to_reg_for_pop`: the top `n` entries as objects in memory.
    fn stack_ptr_for_pop(&mut self, reg: Reg, n: usize) {
        self.need_reg_all();
        for i in 0..n {
            let idx = self.stack_size - 1 - i;
            let si = self.info[idx];
            if let Kind::Imm(_) = si.kind {
                self.info[idx].kind = Kind::Value;
                let vt = self.load_reg_stack_imm(reg, si, true);
                self.info[idx].vtype = vt;
                self.mov_state_reg(self.stack_start + idx as u32, reg);
            }
        }
        for i in 0..n {
            let idx = self.stack_size - 1 - i;
            let si = self.info[idx];
            if si.vtype != VType::PyObj {
                let local_num = self.stack_start + idx as u32;
                self.mov_reg_state(Self::ARG_1, local_num);
                self.call_with_imm_arg(f::CONVERT_NATIVE_TO_OBJ, si.vtype as i64, Self::ARG_2);
                self.mov_state_reg(local_num, Self::RET);
                self.info[idx].vtype = VType::PyObj;
            }
        }
        self.adjust_stack(-(n as isize));
        self.mov_reg_state_addr(reg, self.stack_start + self.stack_size as u32);
    }

    /// `emit_get_stack_pointer_to_reg_for_push`.
    fn stack_ptr_for_push(&mut self, reg: Reg, n: usize) {
        self.need_reg_all();
        self.ensure(n);
        for i in 0..n {
            self.info[self.stack_size + i] = Slot {
                vtype: VType::PyObj,
                kind: Kind::Value,
            };
        }
        self.mov_reg_state_addr(reg, self.stack_start + self.stack_size as u32);
        self.adjust_stack(n as isize);
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
