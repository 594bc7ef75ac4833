//! Machine-code targets for mpyc's native emitters: MicroPython's generic assembler
//! operations (`py/asmbase.h` and the `ASM_*` macros of `py/asmx64.h`, `py/asmx86.h`,
//! `py/asmthumb.h`) as one trait, [`Assembler`], a code buffer with labels and passes
//! ([`buffer::CodeBuffer`]), and the x64 and x86 encoders below it. `no_std` + `alloc`.
//!
//! The native emitter (`compiler/src/emit/native/`) is written once against [`Assembler`];
//! an architecture supplies its register roles ([`Regs`]), its nlr-buffer facts and the
//! encodings. Operations are two-operand and keep MicroPython's argument order (`dest`
//! first), so instruction choice matches the reference byte for byte.
#![no_std]

extern crate alloc;

pub mod buffer;
pub mod thumb;
pub mod x64;
pub mod x86;

pub use buffer::{AsmPass, CodeBuffer};

/// A machine register number as the encoder numbers it (x64: rax 0 … r15 15; x86: eax 0 …
/// edi 7; Thumb: r0 … r15).
pub type Reg = u8;

/// A label number; labels are per scope and numbered from 0 by the emitter.
pub type Label = u32;

/// The register roles of `py/asmXXX.h` (`REG_RET`, `REG_ARG_n`, `REG_TEMPn`, `REG_LOCAL_n`,
/// `REG_FUN_TABLE`). Roles may alias (x64: TEMP0 = RET; x86 and Thumb: ARG_1 = RET = TEMP0);
/// the aliasing decides spills, so the emitter must compare registers, never roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regs {
    /// `REG_RET`: C return value.
    pub ret: Reg,
    /// `REG_ARG_1..4`: C call arguments (x86: pushed on the stack by `call_ind`).
    pub arg: [Reg; 4],
    /// `REG_TEMP0..2`: caller-saved temporaries.
    pub temp: [Reg; 3],
    /// `REG_LOCAL_1..3`: callee-saved registers (locals 0/1, generator state, qstr table).
    pub local: [Reg; 3],
    /// `REG_FUN_TABLE`: holds `mp_fun_table`.
    pub fun_table: Reg,
}

/// Width of a memory access (`LOAD8/16/32`, plain `LOAD` is the machine word).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Width {
    /// 8 bits (`ptr8`), zero-extended on load.
    B8,
    /// 16 bits (`ptr16`, qstr-table entries), zero-extended on load.
    B16,
    /// 32 bits (`ptr32`), zero-extended on load.
    B32,
    /// The machine word (`ASM_LOAD_REG_REG_OFFSET`).
    Word,
}

/// Shift operations (`ASM_LSL/LSR/ASR_REG` on x86/x64, `..._REG_REG` on Thumb).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shift {
    Lsl,
    Lsr,
    Asr,
}

/// Two-operand ALU operations `dest = dest OP src` (`ASM_ADD_REG_REG` …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AluOp {
    Add,
    Sub,
    And,
    Or,
    Xor,
    Mul,
}

/// Viper comparison operators, in the emitter's table order (`LT GT EQ LE GE NE`,
/// `mp_binary_op_t` order from `MP_BINARY_OP_LESS`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Lt = 0,
    Gt = 1,
    Eq = 2,
    Le = 3,
    Ge = 4,
    Ne = 5,
}

/// MicroPython's generic assembler API (the `ASM_*` macros), one implementation per arch.
///
/// Passes: [`Assembler::start_pass`] with [`AsmPass::Compute`] counts bytes and records label
/// offsets (all labels reset to unknown); [`AsmPass::Emit`] writes bytes and reuses the label
/// offsets of the last compute pass. Jumps to labels already assigned *behind* the current
/// position in the current pass may use short forms; everything else uses the long form, so
/// sizes never change between the last compute pass and the emit pass.
///
/// Stability: this trait is shared with the Thumb backend; changes are additive only.
pub trait Assembler {
    /// `ASM_WORD_SIZE` in bytes.
    const WORD_SIZE: u32;
    /// Register roles.
    const REGS: Regs;
    /// Words of an `nlr_buf_t` as mpy-cross assumes it (x64 13, x86 9, Thumb 19).
    const NLR_BUF_WORDS: u32;
    /// Word index in the `nlr_buf_t` of the saved `REG_LOCAL_1` (`NLR_BUF_IDX_LOCAL_1`:
    /// x64/x86 5, Thumb 3), used as the exception-handler PC slot.
    const NLR_BUF_IDX_LOCAL_1: u32;
    /// `Some(r)`: shifts take their amount in `r` only (x86/x64: cl), `dest` shifted in place
    /// (`ASM_LSL_REG`). `None`: register-register shifts (`ASM_LSL_REG_REG`, Thumb).
    const SHIFT_AMOUNT_REG: Option<Reg>;
    /// Incoming C arguments live on the caller's stack (x86): the prologue fetches them with
    /// [`Assembler::mov_reg_arg`].
    const C_ARGS_ON_STACK: bool;
    /// Whether `LOAD*_REG_REG_REG` / `STORE*_REG_REG_REG` exist (Thumb); otherwise the viper
    /// emitter adds the index to the base itself.
    const HAS_REG_REG_REG: bool;
    /// Viper pointer stores take their value in `REG_ARG_3` only (x86/x64: byte stores need a
    /// register with a low byte, edx); otherwise any free register.
    const STORE_VALUE_IN_ARG3: bool = false;

    /// The code buffer (pass, labels, suppression, bytes).
    fn buf(&self) -> &CodeBuffer;
    /// The code buffer, mutable.
    fn buf_mut(&mut self) -> &mut CodeBuffer;

    /// An error the assembler raised itself (the reference's `mp_raise_*` from inside the
    /// assembler, e.g. Thumb's "too many locals for native method" for a frame slot above 255
    /// in the emit pass), taken once. It aborts the compile as a `NotImplementedError`.
    fn take_fatal(&mut self) -> Option<&'static str> {
        None
    }
    /// `mp_asm_base_start_pass`.
    fn start_pass(&mut self, pass: AsmPass, num_labels: usize) {
        self.buf_mut().start_pass(pass, num_labels);
    }
    /// `ASM_END_PASS`.
    fn end_pass(&mut self) {}
    /// `mp_asm_base_label_assign`.
    fn label_assign(&mut self, label: Label) {
        self.buf_mut().label_assign(label);
    }
    /// `mp_asm_base_suppress_code`: drop output until the next label.
    fn suppress_code(&mut self) {
        self.buf_mut().suppress = true;
    }
    /// `mp_asm_base_get_code_pos`.
    fn code_pos(&self) -> usize {
        self.buf().offset()
    }
    /// `mp_asm_base_data`: `size` bytes of `value`, little-endian.
    fn data(&mut self, size: u32, value: u64) {
        self.buf_mut().data(size, value);
    }
    /// `mp_asm_base_align` (gap bytes stay zero).
    fn align(&mut self, align: u32) {
        self.buf_mut().align(align);
    }

    /// `ASM_ENTRY`: prologue for a frame of `num_locals` words.
    fn entry(&mut self, num_locals: u32);
    /// `ASM_EXIT`: epilogue and return.
    fn exit(&mut self);
    /// x86 `asm_x86_mov_arg_to_r32`: load incoming C argument `arg` into `dest`. Only called
    /// when [`Assembler::C_ARGS_ON_STACK`].
    fn mov_reg_arg(&mut self, _dest: Reg, _arg: u32) {}

    /// `ASM_JUMP`.
    fn jump(&mut self, label: Label);
    /// `ASM_JUMP_IF_REG_ZERO`; `bool_test` tests only the low byte.
    fn jump_if_reg_zero(&mut self, reg: Reg, label: Label, bool_test: bool);
    /// `ASM_JUMP_IF_REG_NONZERO`.
    fn jump_if_reg_nonzero(&mut self, reg: Reg, label: Label, bool_test: bool);
    /// `ASM_JUMP_IF_REG_EQ`.
    fn jump_if_reg_eq(&mut self, reg1: Reg, reg2: Reg, label: Label);
    /// `ASM_JUMP_REG`.
    fn jump_reg(&mut self, reg: Reg);
    /// `ASM_CALL_IND`: call `mp_fun_table[index]`. Arch details (x86 argument pushes by the
    /// entry's C argument count; Thumb's r4 scratch for `setup_code_state`) live in the impl.
    fn call_ind(&mut self, index: u32);

    /// `ASM_MOV_LOCAL_REG`: store `src` to frame slot `local`.
    fn mov_local_reg(&mut self, local: u32, src: Reg);
    /// `ASM_MOV_REG_LOCAL`: load frame slot `local`.
    fn mov_reg_local(&mut self, dest: Reg, local: u32);
    /// `ASM_MOV_REG_LOCAL_ADDR`: address of frame slot `local`.
    fn mov_reg_local_addr(&mut self, dest: Reg, local: u32);
    /// `ASM_MOV_REG_IMM` (the "optimised" form where the arch has one). `imm` is the value as
    /// a signed machine word.
    fn mov_reg_imm(&mut self, dest: Reg, imm: i64);
    /// `ASM_MOV_REG_REG`.
    fn mov_reg_reg(&mut self, dest: Reg, src: Reg);
    /// `ASM_MOV_REG_PCREL`: address of `label`.
    fn mov_reg_pcrel(&mut self, dest: Reg, label: Label);
    /// `ASM_CLR_REG`.
    fn clr_reg(&mut self, reg: Reg);

    /// `ASM_NOT_REG`.
    fn not_reg(&mut self, reg: Reg);
    /// `ASM_NEG_REG`.
    fn neg_reg(&mut self, reg: Reg);
    /// `ASM_ADD/SUB/AND/OR/XOR/MUL_REG_REG`: `dest = dest OP src`.
    fn alu_reg_reg(&mut self, op: AluOp, dest: Reg, src: Reg);
    /// Shift `dest` by `src` (with [`Assembler::SHIFT_AMOUNT_REG`] `Some(r)`, `src == r`).
    fn shift_reg_reg(&mut self, op: Shift, dest: Reg, src: Reg);

    /// `ASM_LOAD*_REG_REG_OFFSET`: `dest = base[offset]`, `offset` in elements of `width`
    /// (may be negative for viper pointer loads).
    fn load_reg_reg_offset(&mut self, width: Width, dest: Reg, base: Reg, offset: i32);
    /// `ASM_STORE*_REG_REG_OFFSET`: `base[offset] = src`.
    fn store_reg_reg_offset(&mut self, width: Width, src: Reg, base: Reg, offset: i32);
    /// `ASM_LOAD*_REG_REG_REG` (only if [`Assembler::HAS_REG_REG_REG`]): `dest =
    /// base[index]`.
    fn load_reg_reg_reg(&mut self, _width: Width, _dest: Reg, _base: Reg, _index: Reg) {}
    /// `ASM_STORE*_REG_REG_REG` (only if [`Assembler::HAS_REG_REG_REG`]).
    fn store_reg_reg_reg(&mut self, _width: Width, _src: Reg, _base: Reg, _index: Reg) {}

    /// Viper comparison: `dest` (always `REG_RET`) = `lhs OP rhs` as 0/1, with the arch's own
    /// sequence (x86/x64 xor/cmp/setcc; Thumb cmp + IT block or branches).
    fn compare_reg_reg(&mut self, op: Cmp, signed: bool, dest: Reg, lhs: Reg, rhs: Reg);
}
