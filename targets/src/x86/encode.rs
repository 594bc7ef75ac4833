//! x86 instruction encoders (`py/asmx86.c`): the x64 forms without REX prefixes, 32-bit
//! operands. Condition codes are shared with x64 ([`crate::x64::regs::cc`]).
//!
//! ```text
//! ModRM = mod(2) reg(3) rm(3)   [SIB 0x24 when rm = esp]
//! [base + disp]: mod 00 if disp = 0 and base != ebp, mod 01 + disp8 if it fits, else disp32
//! ```

use super::regs::{EBP, ESP};
use crate::{CodeBuffer, Label, Reg};

fn modrm_reg(reg: Reg, rm: Reg) -> u8 {
    0xc0 | (reg & 7) << 3 | (rm & 7)
}

/// `SIGNED_FIT8` as the reference evaluates it (on the low 32 bits).
fn signed_fit8(x: i64) -> bool {
    let m = (x as u32) & 0xffff_ff80;
    m == 0 || m == 0xffff_ff80
}

/// ModRM (+SIB, +displacement) for `[base + disp]` with `reg` in ModRM.reg.
pub fn mem(b: &mut CodeBuffer, reg: Reg, base: Reg, disp: i32) {
    let mode = if disp == 0 && base != EBP {
        0x00
    } else if signed_fit8(disp as i64) {
        0x40
    } else {
        0x80
    };
    b.write(&[(reg & 7) << 3 | mode | (base & 7)]);
    if base == ESP {
        b.write(&[0x24]);
    }
    match mode {
        0x40 => b.write(&[disp as u8]),
        0x80 => b.write(&disp.to_le_bytes()),
        _ => {}
    }
}

/// `op modrm(src, dest)`: the register-register form of `op r/m32, r32`.
pub fn generic_r32_r32(b: &mut CodeBuffer, dest: Reg, src: Reg, op: u8) {
    b.write(&[op, modrm_reg(src, dest)]);
}

pub fn push_r32(b: &mut CodeBuffer, r: Reg) {
    b.write(&[0x50 | r]);
}

pub fn pop_r32(b: &mut CodeBuffer, r: Reg) {
    b.write(&[0x58 | r]);
}

pub fn mov_r8_to_mem8(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    b.write(&[0x88]);
    mem(b, src, base, disp);
}

pub fn mov_r16_to_mem16(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    b.write(&[0x66, 0x89]);
    mem(b, src, base, disp);
}

pub fn mov_r32_to_mem32(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    b.write(&[0x89]);
    mem(b, src, base, disp);
}

pub fn mov_mem8_to_r32zx(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    b.write(&[0x0f, 0xb6]);
    mem(b, dest, base, disp);
}

pub fn mov_mem16_to_r32zx(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    b.write(&[0x0f, 0xb7]);
    mem(b, dest, base, disp);
}

pub fn mov_mem32_to_r32(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    b.write(&[0x8b]);
    mem(b, dest, base, disp);
}

pub fn lea_disp_to_r32(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    b.write(&[0x8d]);
    mem(b, dest, base, disp);
}

/// `mov r32, imm32` (always 5 bytes).
pub fn mov_i32_to_r32(b: &mut CodeBuffer, imm: i32, dest: Reg) {
    b.write(&[0xb8 | dest]);
    b.write(&imm.to_le_bytes());
}

pub fn mul_r32_r32(b: &mut CodeBuffer, dest: Reg, src: Reg) {
    b.write(&[0x0f, 0xaf, modrm_reg(dest, src)]);
}

/// `add r32, imm` (imm8 form when it fits).
pub fn add_i32_to_r32(b: &mut CodeBuffer, imm: i32, dest: Reg) {
    if signed_fit8(imm as i64) {
        b.write(&[0x83, 0xc0 | (dest & 7), imm as u8]);
    } else {
        b.write(&[0x81, 0xc0 | (dest & 7)]);
        b.write(&imm.to_le_bytes());
    }
}

/// `sub r32, imm` (imm8 form when it fits).
pub fn sub_r32_i32(b: &mut CodeBuffer, dest: Reg, imm: i32) {
    if signed_fit8(imm as i64) {
        b.write(&[0x83, 0xc0 | 5 << 3 | (dest & 7), imm as u8]);
    } else {
        b.write(&[0x81, 0xc0 | 5 << 3 | (dest & 7)]);
        b.write(&imm.to_le_bytes());
    }
}

/// `cmp b, a` (`asm_x86_cmp_r32_with_r32(a, b)`).
pub fn cmp_r32_with_r32(b: &mut CodeBuffer, a: Reg, bb: Reg) {
    generic_r32_r32(b, bb, a, 0x39);
}

/// `test a8, b8`: registers 4..7 name ah/ch/dh/bh (the reference's quirk, as on x64).
pub fn test_r8_with_r8(b: &mut CodeBuffer, a: Reg, bb: Reg) {
    b.write(&[0x84, modrm_reg(a, bb)]);
}

pub fn test_r32_with_r32(b: &mut CodeBuffer, a: Reg, bb: Reg) {
    generic_r32_r32(b, bb, a, 0x85);
}

pub fn setcc_r8(b: &mut CodeBuffer, cc: u8, dest: Reg) {
    b.write(&[0x0f, 0x90 | cc, modrm_reg(0, dest)]);
}

pub fn jmp_reg(b: &mut CodeBuffer, r: Reg) {
    b.write(&[0xff, modrm_reg(4, r)]);
}

fn backward(b: &CodeBuffer, label: Label) -> Option<i64> {
    let dest = b.label_offset(label)?;
    let rel = dest as i64 - b.offset() as i64;
    (rel < 0).then_some(rel)
}

fn forward_rel(b: &CodeBuffer, label: Label) -> i64 {
    match b.label_offset(label) {
        Some(d) => d as i64 - b.offset() as i64,
        None => -1 - b.offset() as i64,
    }
}

/// `jmp label`: `EB rel8` backward when it fits, else `E9 rel32`.
pub fn jmp_label(b: &mut CodeBuffer, label: Label) {
    let rel = match backward(b, label) {
        Some(rel) if signed_fit8(rel - 2) => {
            b.write(&[0xeb, (rel - 2) as u8]);
            return;
        }
        Some(rel) => rel,
        None => forward_rel(b, label),
    };
    b.write(&[0xe9]);
    b.write(&((rel - 5) as i32).to_le_bytes());
}

/// `jcc label`: `7x rel8` backward when it fits, else `0F 8x rel32`.
pub fn jcc_label(b: &mut CodeBuffer, cc: u8, label: Label) {
    let rel = match backward(b, label) {
        Some(rel) if signed_fit8(rel - 2) => {
            b.write(&[0x70 | cc, (rel - 2) as u8]);
            return;
        }
        Some(rel) => rel,
        None => forward_rel(b, label),
    };
    b.write(&[0x0f, 0x80 | cc]);
    b.write(&((rel - 6) as i32).to_le_bytes());
}

/// `call next; pop r; add r, label - next` (12 bytes; x86 has no pc-relative lea).
pub fn mov_reg_pcrel(b: &mut CodeBuffer, dest: Reg, label: Label) {
    b.write(&[0xe8, 0, 0, 0, 0]);
    let rel = forward_rel(b, label);
    pop_r32(b, dest);
    b.write(&[0x81, 0xc0 | (dest & 7)]);
    b.write(&(rel as i32).to_le_bytes());
}
