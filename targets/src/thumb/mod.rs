//! The Thumb assembler (py/asmthumb.c): a code buffer with labels and the reference's
//! multi-instruction sequences (constant loads, long branches, large offsets, prologue and
//! epilogue) over the pure encoders of [`encode`]. Used by the native emitter (through the
//! generic assembler operations) and by the inline assembler `@micropython.asm_thumb`.
//!
//! Like `mp_asm_base_t`, the buffer runs in passes: a compute pass only counts bytes and records
//! label offsets (a label not yet seen makes a branch "forward"),
//! then the emit pass writes the bytes; sizes must not change between the two.
//!
//! "v7" below means armv7m and later (`asm_thumb_allow_armv7m`); armv6m lacks the 32-bit data
//! instructions and gets the longer sequences of §4.4 of the native fact sheet.

pub mod decode;
pub mod encode;
pub mod regs;

use crate::{AsmPass, CodeBuffer, Label};
use encode::*;
use regs::Reg;

fn fit_signed(bits: u32, v: i64) -> bool {
    let lim = 1i64 << (bits - 1);
    (-lim..lim).contains(&v)
}

/// A Thumb assembler (`asm_thumb_t`): the code buffer, the arch level and the frame of the
/// current `entry`.
#[derive(Debug, Clone)]
pub struct ThumbAsm {
    buf: CodeBuffer,
    armv7m: bool,
    push_reglist: u32,
    stack_adjust: u32,
    /// Set when a local slot beyond 255 was addressed in the emit pass ("too many locals for
    /// native method").
    pub too_many_locals: bool,
}

impl Default for ThumbAsm {
    /// An armv7m assembler (armv7m, armv7em, armv7emsp and armv7emdp emit the same code).
    fn default() -> Self {
        ThumbAsm::new(true)
    }
}

impl ThumbAsm {
    /// A new assembler; `armv7m` enables the Thumb-2 instructions (armv7m..armv7emdp).
    pub fn new(armv7m: bool) -> Self {
        ThumbAsm {
            buf: CodeBuffer::new(),
            armv7m,
            push_reglist: 0,
            stack_adjust: 0,
            too_many_locals: false,
        }
    }

    /// Choose the arch level: armv7m..armv7emdp (`true`) or armv6m (`false`). The native
    /// emitter builds its assembler with `Default` (armv7m) and sets this from `-march`.
    pub fn set_armv7m(&mut self, armv7m: bool) {
        self.armv7m = armv7m;
    }

    /// Whether Thumb-2 (armv7-M) instructions are allowed.
    pub fn allow_armv7m(&self) -> bool {
        self.armv7m
    }

    /// The code buffer.
    pub fn buffer(&self) -> &CodeBuffer {
        &self.buf
    }

    /// The code buffer, mutable (passes, labels, data, align).
    pub fn buffer_mut(&mut self) -> &mut CodeBuffer {
        &mut self.buf
    }

    fn pass(&self) -> AsmPass {
        self.buf.pass()
    }

    fn offset(&self) -> usize {
        self.buf.offset()
    }

    pub fn op16(&mut self, op: Op16) {
        self.buf.write(&op.to_le_bytes());
    }

    pub fn op32(&mut self, op: Op32) {
        let [a, b] = op;
        let [a0, a1] = a.to_le_bytes();
        let [b0, b1] = b.to_le_bytes();
        self.buf.write(&[a0, a1, b0, b1]);
    }

    /// The offset of `label` as the reference's `size_t` holds it: unknown is `(size_t)-1`,
    /// i.e. -1 in the signed arithmetic of the displacement.
    fn label_dest(&self, label: Label) -> i64 {
        self.buf.label_offset(label).map_or(-1, |o| o as i64)
    }

    /// Branch displacement to `label` from the current offset (PC + 4 prefetch included).
    fn rel_to(&self, label: Label) -> i64 {
        self.label_dest(label) - self.offset() as i64 - 4
    }

    // --- prologue / epilogue ---

    /// `asm_thumb_entry`: push r1, r4–r7 (and r2, r3 for 2+ locals) and lr, then reserve the
    /// remaining locals, keeping sp 8-byte aligned.
    pub fn entry(&mut self, num_locals: u32) {
        let (reglist, stack_adjust) = match num_locals {
            0 | 1 => (0xf2, 0),
            2 | 3 => (0xfe, 0),
            n => (0xfe, ((n - 3) + 1) & !1),
        };
        self.op16(push(reglist, true));
        if stack_adjust > 0 {
            if self.armv7m {
                if stack_adjust < 128 {
                    self.op16(sub_sp(stack_adjust));
                } else {
                    self.op32(subw_sp(stack_adjust * 4));
                }
            } else {
                let mut adj = stack_adjust;
                while adj >= 128 {
                    self.op16(sub_sp(127));
                    adj -= 127;
                }
                self.op16(sub_sp(adj));
            }
        }
        self.push_reglist = reglist;
        self.stack_adjust = stack_adjust;
    }

    /// `asm_thumb_exit`.
    pub fn exit(&mut self) {
        let adjust = self.stack_adjust;
        if adjust > 0 {
            if self.armv7m {
                if adjust < 128 {
                    self.op16(add_sp(adjust));
                } else {
                    self.op32(addw_sp(adjust * 4));
                }
            } else {
                let mut adj = adjust;
                while adj >= 128 {
                    self.op16(add_sp(127));
                    adj -= 127;
                }
                self.op16(add_sp(adj));
            }
        }
        self.op16(pop(self.push_reglist, true));
    }

    // --- moves and constants ---

    pub fn mov_reg_reg(&mut self, rd: Reg, rs: Reg) {
        self.op16(mov_reg_reg(rd.into(), rs.into()));
    }

    pub fn mov_rlo_i8(&mut self, rd: Reg, i8: u32) {
        self.op16(format_3(F3_MOV, rd.into(), i8));
    }

    pub fn mov_reg_i16(&mut self, op: u32, rd: Reg, i16: u32) {
        self.op32(mov_reg_i16(op, rd.into(), i16));
    }

    fn mov_rlo_i16(&mut self, rd: Reg, v: u32) {
        self.mov_rlo_i8(rd, v >> 8 & 0xff);
        self.op16(format_1(F1_LSL, rd.into(), rd.into(), 8));
        self.op16(format_3(F3_ADD, rd.into(), v & 0xff));
    }

    /// `asm_thumb_mov_reg_i32`: v7 `movw`+`movt`; v6 a literal word after a `b.n` over it,
    /// 4-byte aligned with a leading `nop` when needed.
    pub fn mov_reg_i32(&mut self, rd: Reg, v: u32) -> usize {
        let loc = self.offset();
        if self.armv7m {
            self.mov_reg_i16(MOVW, rd, v);
            self.mov_reg_i16(MOVT, rd, v >> 16);
        } else {
            if self.offset() & 2 != 0 {
                self.op16(NOP);
            }
            self.op16(format_3(F3_LDR_PC, rd.into(), 0));
            self.op16(b_n(2));
            self.op16(v as u16);
            self.op16((v >> 16) as u16);
        }
        loc
    }

    /// `asm_thumb_mov_reg_i32_optimised` (MOV_REG_IMM; §4.4.1 for armv6m).
    pub fn mov_reg_i32_optimised(&mut self, rd: Reg, v: i32) {
        let u = v as u32;
        if rd < 8 && u & 0xffff_ff00 == 0 {
            self.mov_rlo_i8(rd, u);
        } else if self.armv7m {
            if u & 0xffff_0000 == 0 {
                self.mov_reg_i16(MOVW, rd, u);
            } else {
                self.mov_reg_i32(rd, u);
            }
        } else {
            let mut negate = v < 0 && v != i32::MIN;
            let mut x = if negate { v.wrapping_neg() as u32 } else { u };
            let clz = x.leading_zeros();
            let ctz = if x == 0 { 0 } else { x.trailing_zeros() };
            if clz + ctz >= 24 {
                self.mov_rlo_i8(rd, (x >> ctz) & 0xff);
                self.op16(format_1(F1_LSL, rd.into(), rd.into(), ctz));
            } else if x & 0xffff_0000 == 0 {
                self.mov_rlo_i16(rd, x);
            } else {
                if negate {
                    negate = false;
                    x = (x as i32).wrapping_neg() as u32;
                }
                self.mov_reg_i32(rd, x);
            }
            if negate {
                self.op16(format_4(F4_NEG, rd.into(), rd.into()));
            }
        }
    }

    fn local_check(&mut self, word_offset: u32) {
        if self.pass() == AsmPass::Emit && word_offset > 0xff {
            self.too_many_locals = true;
        }
    }

    /// MOV_LOCAL_REG: `str r, [sp, #4k]`.
    pub fn mov_local_reg(&mut self, local: u32, rs: Reg) {
        self.local_check(local);
        self.op16(str_sp(rs.into(), local));
    }

    /// MOV_REG_LOCAL: `ldr r, [sp, #4k]`.
    pub fn mov_reg_local(&mut self, rd: Reg, local: u32) {
        self.local_check(local);
        self.op16(ldr_sp(rd.into(), local));
    }

    /// MOV_REG_LOCAL_ADDR: `add r, sp, #4k`.
    pub fn mov_reg_local_addr(&mut self, rd: Reg, local: u32) {
        self.op16(add_rd_sp(rd.into(), local));
    }

    /// MOV_REG_PCREL: the address of `label` with the Thumb bit set (8 bytes v7, 10 v6).
    pub fn mov_reg_pcrel(&mut self, rd: Reg, label: Label) {
        let rel = (self.label_dest(label) - self.offset() as i64) | 1;
        if self.armv7m {
            self.mov_reg_i16(MOVW, rd, (rel - 10) as u32);
        } else {
            self.mov_rlo_i16(rd, (rel - 12) as u32);
        }
        self.op16(format_11(F11_SXTH, rd.into(), rd.into()));
        self.op16(format_5(F5_ADD, rd.into(), regs::PC.into()));
    }

    /// `asm_thumb_add_reg_reg_offset`: `rd = rb + (offset << shift)` with low registers.
    fn add_reg_reg_offset(&mut self, rd: Reg, rb: Reg, offset: u32, shift: u32) {
        let scaled = offset.wrapping_shl(shift);
        if scaled < 256 {
            if rd != rb {
                self.mov_reg_reg(rd, rb);
            }
            self.op16(format_3(F3_ADD, rd.into(), scaled));
        } else if offset & 0xffff_ff00 == 0 && rd != rb {
            self.mov_rlo_i8(rd, offset);
            self.op16(format_1(F1_LSL, rd.into(), rd.into(), shift));
            self.op16(format_2(F2_ADD | F2_REG, rd.into(), rd.into(), rb.into()));
        } else if rd != rb {
            self.mov_reg_i32_optimised(rd, scaled as i32);
            self.op16(format_2(F2_ADD | F2_REG, rd.into(), rd.into(), rb.into()));
        } else {
            let other = rd ^ 7;
            self.op16(push(1 << other, false));
            self.mov_reg_i32_optimised(other, scaled as i32);
            self.op16(format_2(
                F2_ADD | F2_REG,
                rd.into(),
                rd.into(),
                other.into(),
            ));
            self.op16(pop(1 << other, false));
        }
    }

    /// `asm_thumb_load_reg_reg_offset`: `size` 0 byte, 1 half, 2 word; `offset` in elements.
    pub fn load_offset(&mut self, rd: Reg, rb: Reg, offset: u32, size: u32) {
        if offset < 32 && rd < 8 && rb < 8 {
            self.op16(ldr_str_t1(true, size, rd.into(), rb.into(), offset));
        } else if self.armv7m && offset << size < 4096 {
            self.op32(ldr_str_w(true, size, rd.into(), rb.into(), offset << size));
        } else {
            self.add_reg_reg_offset(rd, rb, offset.wrapping_sub(31), size);
            self.op16(ldr_str_t1(true, size, rd.into(), rd.into(), 31));
        }
    }

    /// `asm_thumb_store_reg_reg_offset`.
    pub fn store_offset(&mut self, rs: Reg, rb: Reg, offset: u32, size: u32) {
        if offset < 32 && rs < 8 && rb < 8 {
            self.op16(ldr_str_t1(false, size, rs.into(), rb.into(), offset));
        } else if self.armv7m && offset << size < 4096 {
            self.op32(ldr_str_w(false, size, rs.into(), rb.into(), offset << size));
        } else {
            self.op16(push(1 << rb, false));
            self.add_reg_reg_offset(rb, rb, offset.wrapping_sub(31), size);
            self.op16(ldr_str_t1(false, size, rs.into(), rb.into(), 31));
            self.op16(pop(1 << rb, false));
        }
    }

    // --- branches ---

    /// `asm_thumb_b_label` (JUMP): short only for a known backward target in range; v7 `b.w`
    /// otherwise; v6 a fixed-size padded `b.n` or `ldr r1, [pc]; add pc, r1` (r1 clobbered).
    pub fn b_label(&mut self, label: Label) {
        let known = self.buf.label_offset(label).is_some();
        let mut rel = self.rel_to(label);
        if known && rel <= -4 && fit_signed(12, rel) {
            self.op16(b_n(rel as i32));
            return;
        }
        if self.armv7m {
            self.op32(b_w(rel as i32));
        } else {
            let need_align = self.offset() & 2 != 0;
            if fit_signed(12, rel) {
                self.op16(b_n(rel as i32));
                self.op16(NOP);
                self.op16(NOP);
                self.op16(NOP);
                if need_align {
                    self.op16(NOP);
                }
            } else {
                rel -= 2;
                if need_align {
                    self.op16(NOP);
                    rel -= 2;
                }
                self.op16(format_3(F3_LDR_PC, regs::R1.into(), 0));
                self.op16(format_5(F5_ADD, regs::PC.into(), regs::R1.into()));
                self.op16(rel as u16);
                self.op16((rel >> 16) as u16);
            }
        }
    }

    /// `asm_thumb_bcc_label`: conditional jump with the same size rules as [`Self::b_label`];
    /// v6 inverts the condition around a JUMP.
    pub fn bcc_label(&mut self, cc: u32, label: Label) {
        let known = self.buf.label_offset(label).is_some();
        let rel = self.rel_to(label);
        if known && rel <= -4 && fit_signed(9, rel) {
            self.op16(bcc_n(cc, rel as i32));
            return;
        }
        if self.armv7m {
            self.op32(bcc_w(cc, rel as i32));
        } else {
            // The inverted short branch is written last: its distance is the size of the JUMP.
            let start = self.offset();
            let at = self.buf.code().len();
            self.op16(0);
            self.b_label(label);
            let skip = (self.offset() - start) as i32;
            self.buf.patch(at, &bcc_n(cc ^ 1, skip - 4).to_le_bytes());
        }
    }

    /// `asm_thumb_b_n_label` (inline `b`): always 16-bit; false if out of range (emit pass).
    pub fn b_n_label(&mut self, label: Label) -> bool {
        let rel = self.rel_to(label);
        self.op16(b_n(rel as i32));
        self.pass() != AsmPass::Emit || fit_signed(12, rel)
    }

    /// `asm_thumb_bcc_nw_label` (inline `bCC`, `bCC_n`, `bCC_w`).
    pub fn bcc_nw_label(&mut self, cc: u32, label: Label, wide: bool) -> bool {
        let rel = self.rel_to(label);
        if !wide {
            self.op16(bcc_n(cc, rel as i32));
            self.pass() != AsmPass::Emit || fit_signed(9, rel)
        } else if self.armv7m {
            self.op32(bcc_w(cc, rel as i32));
            true
        } else {
            false
        }
    }

    /// `asm_thumb_bl_label` (inline `bl`): false if beyond ±4 MiB (emit pass).
    pub fn bl_label(&mut self, label: Label) -> bool {
        let rel = self.rel_to(label);
        self.op32(bl(rel as i32));
        self.pass() != AsmPass::Emit || fit_signed(23, rel)
    }

    /// `asm_thumb_bl_ind` (CALL_IND): load fun-table entry `fun_id` into `temp`, `blx temp`.
    pub fn bl_ind(&mut self, fun_id: u32, temp: Reg) {
        self.load_offset(temp, regs::REG_FUN_TABLE, fun_id, 2);
        self.op16(blx(temp.into()));
    }
}

/// Fun-table index of `setup_code_state` (`MP_F_SETUP_CODE_STATE`): the only entry called with
/// r4 as scratch, because r3 holds its argument-array pointer (py/emitnative.c).
const MP_F_SETUP_CODE_STATE: u32 = 45;

/// Condition for a viper comparison (the `ops` tables of `emit_native_binary_op`).
fn cmp_cond(op: crate::Cmp, signed: bool) -> regs::Cond {
    use crate::Cmp;
    use regs::Cond;
    match (op, signed) {
        (Cmp::Lt, false) => Cond::Cc,
        (Cmp::Gt, false) => Cond::Hi,
        (Cmp::Le, false) => Cond::Ls,
        (Cmp::Ge, false) => Cond::Cs,
        (Cmp::Lt, true) => Cond::Lt,
        (Cmp::Gt, true) => Cond::Gt,
        (Cmp::Le, true) => Cond::Le,
        (Cmp::Ge, true) => Cond::Ge,
        (Cmp::Eq, _) => Cond::Eq,
        (Cmp::Ne, _) => Cond::Ne,
    }
}

fn width_size(width: crate::Width) -> u32 {
    match width {
        crate::Width::B8 => 0,
        crate::Width::B16 => 1,
        crate::Width::B32 | crate::Width::Word => 2,
    }
}

impl crate::Assembler for ThumbAsm {
    const WORD_SIZE: u32 = 4;
    const REGS: crate::Regs = crate::Regs {
        ret: regs::REG_RET,
        arg: [
            regs::REG_ARG_1,
            regs::REG_ARG_2,
            regs::REG_ARG_3,
            regs::REG_ARG_4,
        ],
        temp: [regs::REG_TEMP0, regs::REG_TEMP1, regs::REG_TEMP2],
        local: [regs::REG_LOCAL_1, regs::REG_LOCAL_2, regs::REG_LOCAL_3],
        fun_table: regs::REG_FUN_TABLE,
    };
    /// 2 + 16 registers (the FP variant, for every ARM arch) + 1.
    const NLR_BUF_WORDS: u32 = 19;
    const NLR_BUF_IDX_LOCAL_1: u32 = 3;
    const SHIFT_AMOUNT_REG: Option<Reg> = None;
    const C_ARGS_ON_STACK: bool = false;
    const HAS_REG_REG_REG: bool = true;

    fn buf(&self) -> &CodeBuffer {
        &self.buf
    }
    fn buf_mut(&mut self) -> &mut CodeBuffer {
        &mut self.buf
    }
    fn start_pass(&mut self, pass: AsmPass, num_labels: usize) {
        self.buf.start_pass(pass, num_labels);
        self.too_many_locals = false;
    }

    fn take_fatal(&mut self) -> Option<&'static str> {
        core::mem::take(&mut self.too_many_locals).then_some("too many locals for native method")
    }

    fn entry(&mut self, num_locals: u32) {
        ThumbAsm::entry(self, num_locals);
    }
    fn exit(&mut self) {
        ThumbAsm::exit(self);
    }

    fn jump(&mut self, label: Label) {
        self.b_label(label);
    }
    fn jump_if_reg_zero(&mut self, reg: Reg, label: Label, _bool_test: bool) {
        self.op16(format_3(F3_CMP, reg.into(), 0));
        self.bcc_label(regs::Cond::Eq as u32, label);
    }
    fn jump_if_reg_nonzero(&mut self, reg: Reg, label: Label, _bool_test: bool) {
        self.op16(format_3(F3_CMP, reg.into(), 0));
        self.bcc_label(regs::Cond::Ne as u32, label);
    }
    fn jump_if_reg_eq(&mut self, reg1: Reg, reg2: Reg, label: Label) {
        self.op16(format_4(F4_CMP, reg1.into(), reg2.into()));
        self.bcc_label(regs::Cond::Eq as u32, label);
    }
    fn jump_reg(&mut self, reg: Reg) {
        self.op16(format_5(F5_BX, 0, reg.into()));
    }
    fn call_ind(&mut self, index: u32) {
        let temp = if index == MP_F_SETUP_CODE_STATE {
            regs::R4
        } else {
            regs::R3
        };
        self.bl_ind(index, temp);
    }

    fn mov_local_reg(&mut self, local: u32, src: Reg) {
        ThumbAsm::mov_local_reg(self, local, src);
    }
    fn mov_reg_local(&mut self, dest: Reg, local: u32) {
        ThumbAsm::mov_reg_local(self, dest, local);
    }
    fn mov_reg_local_addr(&mut self, dest: Reg, local: u32) {
        ThumbAsm::mov_reg_local_addr(self, dest, local);
    }
    fn mov_reg_imm(&mut self, dest: Reg, imm: i64) {
        // The reference passes an `int`: the low 32 bits.
        self.mov_reg_i32_optimised(dest, imm as i32);
    }
    fn mov_reg_reg(&mut self, dest: Reg, src: Reg) {
        ThumbAsm::mov_reg_reg(self, dest, src);
    }
    fn mov_reg_pcrel(&mut self, dest: Reg, label: Label) {
        ThumbAsm::mov_reg_pcrel(self, dest, label);
    }
    fn clr_reg(&mut self, reg: Reg) {
        self.mov_rlo_i8(reg, 0);
    }

    fn not_reg(&mut self, reg: Reg) {
        self.op16(format_4(F4_MVN, reg.into(), reg.into()));
    }
    fn neg_reg(&mut self, reg: Reg) {
        self.op16(format_4(F4_NEG, reg.into(), reg.into()));
    }
    fn alu_reg_reg(&mut self, op: crate::AluOp, dest: Reg, src: Reg) {
        use crate::AluOp;
        let (d, s) = (dest.into(), src.into());
        let op = match op {
            AluOp::Add => format_2(F2_ADD | F2_REG, d, d, s),
            AluOp::Sub => format_2(F2_SUB | F2_REG, d, d, s),
            AluOp::And => format_4(F4_AND, d, s),
            AluOp::Or => format_4(F4_ORR, d, s),
            AluOp::Xor => format_4(F4_EOR, d, s),
            AluOp::Mul => format_4(F4_MUL, d, s),
        };
        self.op16(op);
    }
    fn shift_reg_reg(&mut self, op: crate::Shift, dest: Reg, src: Reg) {
        let code = match op {
            crate::Shift::Lsl => F4_LSL,
            crate::Shift::Lsr => F4_LSR,
            crate::Shift::Asr => F4_ASR,
        };
        self.op16(format_4(code, dest.into(), src.into()));
    }

    fn load_reg_reg_offset(&mut self, width: crate::Width, dest: Reg, base: Reg, offset: i32) {
        ThumbAsm::load_offset(self, dest, base, offset as u32, width_size(width));
    }
    fn store_reg_reg_offset(&mut self, width: crate::Width, src: Reg, base: Reg, offset: i32) {
        ThumbAsm::store_offset(self, src, base, offset as u32, width_size(width));
    }
    fn load_reg_reg_reg(&mut self, width: crate::Width, dest: Reg, base: Reg, index: Reg) {
        let (d, b, i) = (dest.into(), base.into(), index.into());
        let t2 = regs::REG_TEMP2.into();
        match width_size(width) {
            0 => self.op16(format_7_8(F7_LDR | F7_BYTE, d, b, i)),
            1 => {
                self.op16(format_1(F1_LSL, t2, i, 1));
                self.op16(format_7_8(F8_LDRH, d, b, t2));
            }
            _ => {
                self.op16(format_1(F1_LSL, t2, i, 2));
                self.op16(format_7_8(F7_LDR, d, b, t2));
            }
        }
    }
    fn store_reg_reg_reg(&mut self, width: crate::Width, src: Reg, base: Reg, index: Reg) {
        let (v, b, i) = (src.into(), base.into(), index.into());
        match width_size(width) {
            0 => self.op16(format_7_8(F7_STR | F7_BYTE, v, b, i)),
            sz => {
                let op = if sz == 1 { F8_STRH } else { F7_STR };
                self.op16(push(1 << i, false));
                self.op16(format_1(F1_LSL, i, i, sz));
                self.op16(format_7_8(op, v, b, i));
                self.op16(pop(1 << i, false));
            }
        }
    }

    fn compare_reg_reg(&mut self, op: crate::Cmp, signed: bool, dest: Reg, lhs: Reg, rhs: Reg) {
        let cc = cmp_cond(op, signed) as u32;
        let d = dest.into();
        self.op16(format_4(F4_CMP, lhs.into(), rhs.into()));
        if self.armv7m {
            self.op16(ite(cc));
            self.op16(format_3(F3_MOV, d, 1));
            self.op16(format_3(F3_MOV, d, 0));
        } else {
            // `asm_thumb_bcc_rel9(cc, 6)` over "movs 0; b.n" (rel12 4), then movs 1; the
            // reference's rel arguments include the 4-byte prefetch.
            const PREFETCH: i32 = 4;
            self.op16(bcc_n(cc, 6 - PREFETCH));
            self.op16(format_3(F3_MOV, d, 0));
            self.op16(b_n(4 - PREFETCH));
            self.op16(format_3(F3_MOV, d, 1));
        }
    }
}
