//! The x64 assembler (`py/asmx64.c`, `py/asmx64.h`, `py/emitnx64.c`): [`X64`] implements the
//! generic [`Assembler`] operations with the reference's instruction choices.

pub mod encode;
pub mod regs;

use crate::{AluOp, AsmPass, Assembler, Cmp, CodeBuffer, Label, Reg, Regs, Shift, Width};
use encode as e;
use regs::*;

/// x64 assembler state: the buffer and the frame size of the current `entry`.
#[derive(Debug, Default, Clone)]
pub struct X64 {
    buf: CodeBuffer,
    /// Frame words after rounding to odd (`as->num_locals`), undone by `exit`.
    num_locals: u32,
}

impl X64 {
    /// A fresh assembler.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Condition code for a viper comparison (`ops` / `ops_signed` tables of emitnative.c).
pub(crate) fn cmp_cc(op: Cmp, signed: bool) -> u8 {
    match (op, signed) {
        (Cmp::Lt, false) => cc::B,
        (Cmp::Gt, false) => cc::A,
        (Cmp::Eq, _) => cc::E,
        (Cmp::Le, false) => cc::BE,
        (Cmp::Ge, false) => cc::AE,
        (Cmp::Ne, _) => cc::NE,
        (Cmp::Lt, true) => cc::L,
        (Cmp::Gt, true) => cc::G,
        (Cmp::Le, true) => cc::LE,
        (Cmp::Ge, true) => cc::GE,
    }
}

impl Assembler for X64 {
    const WORD_SIZE: u32 = 8;
    const REGS: Regs = REGS;
    const NLR_BUF_WORDS: u32 = 13;
    const NLR_BUF_IDX_LOCAL_1: u32 = 5;
    const SHIFT_AMOUNT_REG: Option<Reg> = Some(RCX);
    const C_ARGS_ON_STACK: bool = false;
    const HAS_REG_REG_REG: bool = false;
    const STORE_VALUE_IN_ARG3: bool = true;

    fn buf(&self) -> &CodeBuffer {
        &self.buf
    }
    fn buf_mut(&mut self) -> &mut CodeBuffer {
        &mut self.buf
    }
    fn start_pass(&mut self, pass: AsmPass, num_labels: usize) {
        self.buf.start_pass(pass, num_labels);
    }

    fn entry(&mut self, num_locals: u32) {
        let b = &mut self.buf;
        e::push_r64(b, RBP);
        e::push_r64(b, RBX);
        e::push_r64(b, R12);
        e::push_r64(b, R13);
        // Odd so that rsp stays 16-byte aligned after the 4 pushes and the return address.
        let n = num_locals | 1;
        e::sub_r64_i32(b, RSP, (n * 8) as i32);
        self.num_locals = n;
    }

    fn exit(&mut self) {
        let b = &mut self.buf;
        e::sub_r64_i32(b, RSP, -((self.num_locals * 8) as i32));
        e::pop_r64(b, R13);
        e::pop_r64(b, R12);
        e::pop_r64(b, RBX);
        e::pop_r64(b, RBP);
        e::ret(b);
    }

    fn jump(&mut self, label: Label) {
        e::jmp_label(&mut self.buf, label);
    }

    fn jump_if_reg_zero(&mut self, reg: Reg, label: Label, bool_test: bool) {
        self.test(reg, bool_test);
        e::jcc_label(&mut self.buf, cc::E, label);
    }

    fn jump_if_reg_nonzero(&mut self, reg: Reg, label: Label, bool_test: bool) {
        self.test(reg, bool_test);
        e::jcc_label(&mut self.buf, cc::NE, label);
    }

    fn jump_if_reg_eq(&mut self, reg1: Reg, reg2: Reg, label: Label) {
        e::cmp_r64_with_r64(&mut self.buf, reg1, reg2);
        e::jcc_label(&mut self.buf, cc::E, label);
    }

    fn jump_reg(&mut self, reg: Reg) {
        e::jmp_reg(&mut self.buf, reg);
    }

    fn call_ind(&mut self, index: u32) {
        e::mov_mem64_to_r64(&mut self.buf, RBP, (index * 8) as i32, RAX);
        // call rax
        self.buf.write(&[0xff, 0xd0]);
    }

    fn mov_local_reg(&mut self, local: u32, src: Reg) {
        e::mov_r64_to_mem64(&mut self.buf, src, RSP, (local * 8) as i32);
    }

    fn mov_reg_local(&mut self, dest: Reg, local: u32) {
        e::mov_mem64_to_r64(&mut self.buf, RSP, (local * 8) as i32, dest);
    }

    fn mov_reg_local_addr(&mut self, dest: Reg, local: u32) {
        if local == 0 {
            e::mov_r64_r64(&mut self.buf, dest, RSP);
        } else {
            e::lea_disp_to_r64(&mut self.buf, RSP, (local * 8) as i32, dest);
        }
    }

    fn mov_reg_imm(&mut self, dest: Reg, imm: i64) {
        e::mov_i64_to_r64_optimised(&mut self.buf, imm, dest);
    }

    fn mov_reg_reg(&mut self, dest: Reg, src: Reg) {
        e::mov_r64_r64(&mut self.buf, dest, src);
    }

    fn mov_reg_pcrel(&mut self, dest: Reg, label: Label) {
        e::mov_reg_pcrel(&mut self.buf, dest, label);
    }

    fn clr_reg(&mut self, reg: Reg) {
        e::generic_r64_r64(&mut self.buf, reg, reg, 0x31);
    }

    fn not_reg(&mut self, reg: Reg) {
        e::generic_r64_r64(&mut self.buf, reg, 2, 0xf7);
    }

    fn neg_reg(&mut self, reg: Reg) {
        e::generic_r64_r64(&mut self.buf, reg, 3, 0xf7);
    }

    fn alu_reg_reg(&mut self, op: AluOp, dest: Reg, src: Reg) {
        let code = match op {
            AluOp::Add => 0x01,
            AluOp::Sub => 0x29,
            AluOp::And => 0x21,
            AluOp::Or => 0x09,
            AluOp::Xor => 0x31,
            AluOp::Mul => return e::mul_r64_r64(&mut self.buf, dest, src),
        };
        e::generic_r64_r64(&mut self.buf, dest, src, code);
    }

    fn shift_reg_reg(&mut self, op: Shift, dest: Reg, _src: Reg) {
        let ext = match op {
            Shift::Lsl => 4,
            Shift::Lsr => 5,
            Shift::Asr => 7,
        };
        e::generic_r64_r64(&mut self.buf, dest, ext, 0xd3);
    }

    fn load_reg_reg_offset(&mut self, width: Width, dest: Reg, base: Reg, offset: i32) {
        let b = &mut self.buf;
        match width {
            Width::B8 => e::mov_mem8_to_r64zx(b, base, offset, dest),
            Width::B16 => e::mov_mem16_to_r64zx(b, base, offset.wrapping_mul(2), dest),
            Width::B32 => e::mov_mem32_to_r64zx(b, base, offset.wrapping_mul(4), dest),
            Width::Word => e::mov_mem64_to_r64(b, base, offset.wrapping_mul(8), dest),
        }
    }

    fn store_reg_reg_offset(&mut self, width: Width, src: Reg, base: Reg, offset: i32) {
        let b = &mut self.buf;
        match width {
            Width::B8 => e::mov_r8_to_mem8(b, src, base, offset),
            Width::B16 => e::mov_r16_to_mem16(b, src, base, offset.wrapping_mul(2)),
            Width::B32 => e::mov_r32_to_mem32(b, src, base, offset.wrapping_mul(4)),
            Width::Word => e::mov_r64_to_mem64(b, src, base, offset.wrapping_mul(8)),
        }
    }

    fn compare_reg_reg(&mut self, op: Cmp, signed: bool, dest: Reg, lhs: Reg, rhs: Reg) {
        e::generic_r64_r64(&mut self.buf, dest, dest, 0x31);
        e::cmp_r64_with_r64(&mut self.buf, rhs, lhs);
        e::setcc_r8(&mut self.buf, cmp_cc(op, signed), dest);
    }
}

impl X64 {
    fn test(&mut self, reg: Reg, bool_test: bool) {
        if bool_test {
            e::test_r8_with_r8(&mut self.buf, reg, reg);
        } else {
            e::test_r64_with_r64(&mut self.buf, reg, reg);
        }
    }
}
