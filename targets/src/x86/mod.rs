//! The x86 assembler (`py/asmx86.c`, `py/asmx86.h`, `py/emitnx86.c`): [`X86`] implements
//! the generic [`Assembler`] operations. Differences from x64 below the trait: no REX, 32-bit
//! words, incoming C arguments read from the caller's frame, and `call_ind` pushing the
//! callee's C arguments (count from [`n_args`]) with 16-byte alignment padding.

pub mod encode;
pub mod regs;

use crate::x64::regs::cc;
use crate::{AluOp, AsmPass, Assembler, Cmp, CodeBuffer, Label, Reg, Regs, Shift, Width};
use encode as e;
use regs::*;

/// x86 assembler state: the buffer and the frame size of the current `entry`.
#[derive(Debug, Default, Clone)]
pub struct X86 {
    buf: CodeBuffer,
    /// Frame words after rounding (`as->num_locals`).
    num_locals: u32,
}

impl X86 {
    /// A fresh assembler.
    pub fn new() -> Self {
        Self::default()
    }
}

/// Number of C arguments of `mp_fun_table` entry `index` (`mp_f_n_args` of
/// `py/emitnx86.c`); entries 0..2 are constants, not functions.
pub fn n_args(index: u32) -> u32 {
    const N: [u8; 50] = [
        0, 0, 0, // const None / False / True
        2, 2, 1, 1, 1, 0, 2, 3, 2, 2, 2, 3, 3, 1, 2, 3, // 3..18
        2, 2, 1, 2, 2, 2, 3, 3, 3, 3, 3, 2, 1, // 19..31
        1, 0, 1, 3, 2, 1, 3, 3, 3, 1, 1, 3, 3, 4, 2, 2, 3, // 32..48
        1, // 49 setjmp
    ];
    N.get(index as usize).copied().map_or(0, u32::from)
}

impl Assembler for X86 {
    const WORD_SIZE: u32 = 4;
    const REGS: Regs = REGS;
    const NLR_BUF_WORDS: u32 = 9;
    const NLR_BUF_IDX_LOCAL_1: u32 = 5;
    const SHIFT_AMOUNT_REG: Option<Reg> = Some(ECX);
    const C_ARGS_ON_STACK: bool = true;
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
        e::push_r32(b, EBP);
        e::push_r32(b, EBX);
        e::push_r32(b, ESI);
        e::push_r32(b, EDI);
        let n = num_locals | 3;
        e::sub_r32_i32(b, ESP, (n * 4) as i32);
        self.num_locals = n;
    }

    fn exit(&mut self) {
        let b = &mut self.buf;
        e::sub_r32_i32(b, ESP, -((self.num_locals * 4) as i32));
        e::pop_r32(b, EDI);
        e::pop_r32(b, ESI);
        e::pop_r32(b, EBX);
        e::pop_r32(b, EBP);
        b.write(&[0xc3]);
    }

    fn mov_reg_arg(&mut self, dest: Reg, arg: u32) {
        // Above the frame: 4 saved registers and the return address.
        let off = (self.num_locals + 4 + 1 + arg) * 4;
        e::mov_mem32_to_r32(&mut self.buf, ESP, off as i32, dest);
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
        e::cmp_r32_with_r32(&mut self.buf, reg1, reg2);
        e::jcc_label(&mut self.buf, cc::E, label);
    }

    fn jump_reg(&mut self, reg: Reg) {
        e::jmp_reg(&mut self.buf, reg);
    }

    fn call_ind(&mut self, index: u32) {
        let n = n_args(index);
        let b = &mut self.buf;
        let align = ((n + 3) & !3) - n;
        if align != 0 {
            e::sub_r32_i32(b, ESP, (align * 4) as i32);
        }
        for r in [EBX, EDX, ECX, EAX].iter().skip(4 - n as usize) {
            e::push_r32(b, *r);
        }
        e::mov_mem32_to_r32(b, EBP, (index * 4) as i32, EAX);
        // call eax
        b.write(&[0xff, 0xd0]);
        if n > 0 {
            e::add_i32_to_r32(b, ((n + align) * 4) as i32, ESP);
        }
    }

    fn mov_local_reg(&mut self, local: u32, src: Reg) {
        e::mov_r32_to_mem32(&mut self.buf, src, ESP, (local * 4) as i32);
    }

    fn mov_reg_local(&mut self, dest: Reg, local: u32) {
        e::mov_mem32_to_r32(&mut self.buf, ESP, (local * 4) as i32, dest);
    }

    fn mov_reg_local_addr(&mut self, dest: Reg, local: u32) {
        if local == 0 {
            e::generic_r32_r32(&mut self.buf, dest, ESP, 0x89);
        } else {
            e::lea_disp_to_r32(&mut self.buf, ESP, (local * 4) as i32, dest);
        }
    }

    fn mov_reg_imm(&mut self, dest: Reg, imm: i64) {
        e::mov_i32_to_r32(&mut self.buf, imm as i32, dest);
    }

    fn mov_reg_reg(&mut self, dest: Reg, src: Reg) {
        e::generic_r32_r32(&mut self.buf, dest, src, 0x89);
    }

    fn mov_reg_pcrel(&mut self, dest: Reg, label: Label) {
        e::mov_reg_pcrel(&mut self.buf, dest, label);
    }

    fn clr_reg(&mut self, reg: Reg) {
        e::generic_r32_r32(&mut self.buf, reg, reg, 0x31);
    }

    fn not_reg(&mut self, reg: Reg) {
        e::generic_r32_r32(&mut self.buf, reg, 2, 0xf7);
    }

    fn neg_reg(&mut self, reg: Reg) {
        e::generic_r32_r32(&mut self.buf, reg, 3, 0xf7);
    }

    fn alu_reg_reg(&mut self, op: AluOp, dest: Reg, src: Reg) {
        let code = match op {
            AluOp::Add => 0x01,
            AluOp::Sub => 0x29,
            AluOp::And => 0x21,
            AluOp::Or => 0x09,
            AluOp::Xor => 0x31,
            AluOp::Mul => return e::mul_r32_r32(&mut self.buf, dest, src),
        };
        e::generic_r32_r32(&mut self.buf, dest, src, code);
    }

    fn shift_reg_reg(&mut self, op: Shift, dest: Reg, _src: Reg) {
        let ext = match op {
            Shift::Lsl => 4,
            Shift::Lsr => 5,
            Shift::Asr => 7,
        };
        e::generic_r32_r32(&mut self.buf, dest, ext, 0xd3);
    }

    fn load_reg_reg_offset(&mut self, width: Width, dest: Reg, base: Reg, offset: i32) {
        let b = &mut self.buf;
        match width {
            Width::B8 => e::mov_mem8_to_r32zx(b, base, offset, dest),
            Width::B16 => e::mov_mem16_to_r32zx(b, base, offset.wrapping_mul(2), dest),
            Width::B32 | Width::Word => e::mov_mem32_to_r32(b, base, offset.wrapping_mul(4), dest),
        }
    }

    fn store_reg_reg_offset(&mut self, width: Width, src: Reg, base: Reg, offset: i32) {
        let b = &mut self.buf;
        match width {
            Width::B8 => e::mov_r8_to_mem8(b, src, base, offset),
            Width::B16 => e::mov_r16_to_mem16(b, src, base, offset.wrapping_mul(2)),
            Width::B32 | Width::Word => e::mov_r32_to_mem32(b, src, base, offset.wrapping_mul(4)),
        }
    }

    fn compare_reg_reg(&mut self, op: Cmp, signed: bool, dest: Reg, lhs: Reg, rhs: Reg) {
        e::generic_r32_r32(&mut self.buf, dest, dest, 0x31);
        e::cmp_r32_with_r32(&mut self.buf, rhs, lhs);
        e::setcc_r8(&mut self.buf, crate::x64::cmp_cc(op, signed), dest);
    }
}

impl X86 {
    fn test(&mut self, reg: Reg, bool_test: bool) {
        if bool_test {
            e::test_r8_with_r8(&mut self.buf, reg, reg);
        } else {
            e::test_r32_with_r32(&mut self.buf, reg, reg);
        }
    }
}
