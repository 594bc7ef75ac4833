//! The Thumb assembler (py/asmthumb.c): a code buffer with labels and the reference's
//! multi-instruction sequences (constant loads, long branches, large offsets, prologue and
//! epilogue) over the pure encoders of [`encode`]. Used by the native emitter (through the
//! generic assembler operations) and by the inline assembler `@micropython.asm_thumb`.
//!
//! Like `mp_asm_base_t`, the buffer runs in passes: a compute pass only counts bytes and records
//! label offsets (a label not yet seen reads as `usize::MAX`, which makes a branch "forward"),
//! then the emit pass writes the bytes; sizes must not change between the two.
//!
//! "v7" below means armv7m and later (`asm_thumb_allow_armv7m`); armv6m lacks the 32-bit data
//! instructions and gets the longer sequences of §4.4 of the native fact sheet.

pub mod encode;
pub mod regs;

use alloc::vec::Vec;
use encode::*;
use regs::Reg;

/// An unassigned label offset (`(size_t)-1` in the reference).
const NO_LABEL: usize = usize::MAX;

/// Which pass the buffer is in (`MP_ASM_PASS_COMPUTE` / `MP_ASM_PASS_EMIT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsmPass {
    Compute,
    Emit,
}

fn fit_signed(bits: u32, v: i64) -> bool {
    let lim = 1i64 << (bits - 1);
    (-lim..lim).contains(&v)
}

/// A Thumb code buffer (`asm_thumb_t`).
#[derive(Debug)]
pub struct ThumbAsm {
    armv7m: bool,
    pass: AsmPass,
    code: Vec<u8>,
    offset: usize,
    labels: Vec<usize>,
    suppress: bool,
    push_reglist: u32,
    stack_adjust: u32,
    /// Set when a local slot beyond 255 was addressed in the emit pass ("too many locals for
    /// native method").
    pub too_many_locals: bool,
}

impl ThumbAsm {
    /// A new assembler; `armv7m` enables the Thumb-2 instructions (armv7m..armv7emdp).
    pub fn new(armv7m: bool, max_num_labels: usize) -> Self {
        ThumbAsm {
            armv7m,
            pass: AsmPass::Compute,
            code: Vec::new(),
            offset: 0,
            labels: alloc::vec![NO_LABEL; max_num_labels],
            suppress: false,
            push_reglist: 0,
            stack_adjust: 0,
            too_many_locals: false,
        }
    }

    /// Whether Thumb-2 (armv7-M) instructions are allowed.
    pub fn allow_armv7m(&self) -> bool {
        self.armv7m
    }

    /// `mp_asm_base_start_pass`: a compute pass forgets the labels, the emit pass keeps them.
    pub fn start_pass(&mut self, pass: AsmPass) {
        if pass == AsmPass::Compute {
            self.labels.iter_mut().for_each(|l| *l = NO_LABEL);
        } else {
            self.code = alloc::vec![0; self.offset];
        }
        self.pass = pass;
        self.suppress = false;
        self.offset = 0;
    }

    pub fn pass(&self) -> AsmPass {
        self.pass
    }

    /// Current code offset in bytes.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The code written by the emit pass.
    pub fn code(&self) -> &[u8] {
        &self.code
    }

    /// Take the code written by the emit pass.
    pub fn take_code(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.code)
    }

    /// Suppress code until the next label (`mp_asm_base_suppress_code`).
    pub fn suppress_code(&mut self) {
        self.suppress = true;
    }

    /// Reserve `n` bytes; returns where to write them in the emit pass.
    fn reserve(&mut self, n: usize) -> Option<usize> {
        if self.suppress {
            return None;
        }
        let at = self.offset;
        self.offset += n;
        if self.pass == AsmPass::Emit && self.offset <= self.code.len() {
            Some(at)
        } else {
            None
        }
    }

    fn write_at(&mut self, at: usize, bytes: &[u8]) {
        if let Some(dst) = self.code.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    }

    /// Write raw bytes.
    pub fn bytes(&mut self, b: &[u8]) {
        if let Some(at) = self.reserve(b.len()) {
            self.write_at(at, b);
        }
    }

    pub fn op16(&mut self, op: Op16) {
        self.bytes(&op.to_le_bytes());
    }

    pub fn op32(&mut self, op: Op32) {
        let [a, b] = op;
        let [a0, a1] = a.to_le_bytes();
        let [b0, b1] = b.to_le_bytes();
        self.bytes(&[a0, a1, b0, b1]);
    }

    /// `mp_asm_base_label_assign`.
    pub fn label_assign(&mut self, label: usize) {
        self.suppress = false;
        if self.pass == AsmPass::Compute {
            if let Some(l) = self.labels.get_mut(label) {
                *l = self.offset;
            }
        }
    }

    /// The offset of `label` (`usize::MAX` if not assigned yet in this compute pass).
    pub fn label_offset(&self, label: usize) -> usize {
        self.labels.get(label).copied().unwrap_or(NO_LABEL)
    }

    /// `mp_asm_base_align`: advance to a multiple of `n` (the gap stays zero).
    pub fn align(&mut self, n: usize) {
        if n == 0 {
            return;
        }
        self.offset = (self.offset + n - 1) & !(n - 1);
    }

    /// `mp_asm_base_data`: `val` little-endian in `size` bytes (bytes beyond the 8 of `val`
    /// are 0, as the reference's shifting of a 64-bit word gives).
    pub fn data(&mut self, size: usize, val: u64) {
        if let Some(at) = self.reserve(size) {
            let mut v = val;
            for i in 0..size {
                self.write_at(at + i, &[v as u8]);
                v = v.checked_shr(8).unwrap_or(0);
            }
        }
    }

    /// Branch displacement to `label` from the current offset (PC + 4 prefetch included).
    fn rel_to(&self, label: usize) -> i64 {
        self.label_offset(label) as i64 - self.offset as i64 - 4
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
        let loc = self.offset;
        if self.armv7m {
            self.mov_reg_i16(MOVW, rd, v);
            self.mov_reg_i16(MOVT, rd, v >> 16);
        } else {
            if self.offset & 2 != 0 {
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
        if self.pass == AsmPass::Emit && word_offset > 0xff {
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
    pub fn mov_reg_pcrel(&mut self, rd: Reg, label: usize) {
        let rel = (self.label_offset(label) as i64 - self.offset as i64) | 1;
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
    pub fn load_reg_reg_offset(&mut self, rd: Reg, rb: Reg, offset: u32, size: u32) {
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
    pub fn store_reg_reg_offset(&mut self, rs: Reg, rb: Reg, offset: u32, size: u32) {
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
    pub fn b_label(&mut self, label: usize) {
        let dest = self.label_offset(label);
        let mut rel = self.rel_to(label);
        if dest != NO_LABEL && rel <= -4 && fit_signed(12, rel) {
            self.op16(b_n(rel as i32));
            return;
        }
        if self.armv7m {
            self.op32(b_w(rel as i32));
        } else {
            let need_align = self.offset & 2 != 0;
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
    pub fn bcc_label(&mut self, cc: u32, label: usize) {
        let dest = self.label_offset(label);
        let rel = self.rel_to(label);
        if dest != NO_LABEL && rel <= -4 && fit_signed(9, rel) {
            self.op16(bcc_n(cc, rel as i32));
            return;
        }
        if self.armv7m {
            self.op32(bcc_w(cc, rel as i32));
        } else {
            let start = self.offset;
            let at = self.reserve(2);
            self.b_label(label);
            let skip = (self.offset - start) as i32;
            let op = bcc_n(cc ^ 1, skip - 4);
            if let Some(at) = at {
                self.write_at(at, &op.to_le_bytes());
            }
        }
    }

    /// `asm_thumb_b_n_label` (inline `b`): always 16-bit; false if out of range (emit pass).
    pub fn b_n_label(&mut self, label: usize) -> bool {
        let rel = self.rel_to(label);
        self.op16(b_n(rel as i32));
        self.pass != AsmPass::Emit || fit_signed(12, rel)
    }

    /// `asm_thumb_bcc_nw_label` (inline `bCC`, `bCC_n`, `bCC_w`).
    pub fn bcc_nw_label(&mut self, cc: u32, label: usize, wide: bool) -> bool {
        let rel = self.rel_to(label);
        if !wide {
            self.op16(bcc_n(cc, rel as i32));
            self.pass != AsmPass::Emit || fit_signed(9, rel)
        } else if self.armv7m {
            self.op32(bcc_w(cc, rel as i32));
            true
        } else {
            false
        }
    }

    /// `asm_thumb_bl_label` (inline `bl`): false if beyond ±4 MiB (emit pass).
    pub fn bl_label(&mut self, label: usize) -> bool {
        let rel = self.rel_to(label);
        self.op32(bl(rel as i32));
        self.pass != AsmPass::Emit || fit_signed(23, rel)
    }

    /// `asm_thumb_bl_ind` (CALL_IND): load fun-table entry `fun_id` into `temp`, `blx temp`.
    pub fn bl_ind(&mut self, fun_id: u32, temp: Reg) {
        self.load_reg_reg_offset(temp, regs::REG_FUN_TABLE, fun_id, 2);
        self.op16(blx(temp.into()));
    }
}
