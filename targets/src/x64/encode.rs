//! x64 instruction encoders (`py/asmx64.c`): each writes the exact bytes the reference
//! chooses, through a [`CodeBuffer`] (which counts in compute passes and drops dead code).
//!
//! ```text
//! REX = 0100WRXB   ModRM = mod(2) reg(3) rm(3)   [SIB 0x24 when rm = rsp/r12]
//! memory operand [base + disp]: mod 00 if disp = 0 and base&7 != rbp, mod 01 + disp8 if it
//! fits a signed byte, else mod 10 + disp32
//! ```

use super::regs::RSP;
use crate::{CodeBuffer, Label, Reg};

const REX: u8 = 0x40;
const REX_W: u8 = 0x08;

fn rex_r(r: Reg) -> u8 {
    (r >> 1) & 0x04
}
fn rex_b(r: Reg) -> u8 {
    (r >> 3) & 0x01
}
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
    let mode = if disp == 0 && base & 7 != 5 {
        0x00
    } else if signed_fit8(disp as i64) {
        0x40
    } else {
        0x80
    };
    b.write(&[(reg & 7) << 3 | mode | (base & 7)]);
    if base & 7 == RSP {
        b.write(&[0x24]);
    }
    match mode {
        0x40 => b.write(&[disp as u8]),
        0x80 => b.write(&disp.to_le_bytes()),
        _ => {}
    }
}

/// `REX.W op modrm(src, dest)`: the register-register form of `op r/m64, r64`.
pub fn generic_r64_r64(b: &mut CodeBuffer, dest: Reg, src: Reg, op: u8) {
    b.write(&[
        REX | REX_W | rex_r(src) | rex_b(dest),
        op,
        modrm_reg(src, dest),
    ]);
}

pub fn push_r64(b: &mut CodeBuffer, r: Reg) {
    if r < 8 {
        b.write(&[0x50 | r]);
    } else {
        b.write(&[REX | 1, 0x50 | (r & 7)]);
    }
}

pub fn pop_r64(b: &mut CodeBuffer, r: Reg) {
    if r < 8 {
        b.write(&[0x58 | r]);
    } else {
        b.write(&[REX | 1, 0x58 | (r & 7)]);
    }
}

pub fn ret(b: &mut CodeBuffer) {
    b.write(&[0xc3]);
}

pub fn mov_r64_r64(b: &mut CodeBuffer, dest: Reg, src: Reg) {
    generic_r64_r64(b, dest, src, 0x89);
}

/// Optional REX (no W) for 8/16/32-bit accesses: only when a register is r8..r15.
fn rex_narrow(b: &mut CodeBuffer, reg: Reg, base: Reg) {
    if reg >= 8 || base >= 8 {
        b.write(&[REX | rex_r(reg) | rex_b(base)]);
    }
}

pub fn mov_r8_to_mem8(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    rex_narrow(b, src, base);
    b.write(&[0x88]);
    mem(b, src, base, disp);
}

pub fn mov_r16_to_mem16(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    b.write(&[0x66]);
    rex_narrow(b, src, base);
    b.write(&[0x89]);
    mem(b, src, base, disp);
}

pub fn mov_r32_to_mem32(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    rex_narrow(b, src, base);
    b.write(&[0x89]);
    mem(b, src, base, disp);
}

pub fn mov_r64_to_mem64(b: &mut CodeBuffer, src: Reg, base: Reg, disp: i32) {
    b.write(&[REX | REX_W | rex_r(src) | rex_b(base), 0x89]);
    mem(b, src, base, disp);
}

pub fn mov_mem8_to_r64zx(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    rex_narrow(b, dest, base);
    b.write(&[0x0f, 0xb6]);
    mem(b, dest, base, disp);
}

pub fn mov_mem16_to_r64zx(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    rex_narrow(b, dest, base);
    b.write(&[0x0f, 0xb7]);
    mem(b, dest, base, disp);
}

pub fn mov_mem32_to_r64zx(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    rex_narrow(b, dest, base);
    b.write(&[0x8b]);
    mem(b, dest, base, disp);
}

pub fn mov_mem64_to_r64(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    b.write(&[REX | REX_W | rex_r(dest) | rex_b(base), 0x8b]);
    mem(b, dest, base, disp);
}

pub fn lea_disp_to_r64(b: &mut CodeBuffer, base: Reg, disp: i32, dest: Reg) {
    b.write(&[REX | REX_W | rex_r(dest) | rex_b(base), 0x8d]);
    mem(b, dest, base, disp);
}

/// `mov r32, imm32` (zero-extends; 5 bytes, 6 for r8..r15).
pub fn mov_i32_to_r64(b: &mut CodeBuffer, imm: u32, dest: Reg) {
    if dest < 8 {
        b.write(&[0xb8 | dest]);
    } else {
        b.write(&[REX | 1, 0xb8 | (dest & 7)]);
    }
    b.write(&imm.to_le_bytes());
}

/// `movabs r64, imm64` (10 bytes).
pub fn mov_i64_to_r64(b: &mut CodeBuffer, imm: i64, dest: Reg) {
    b.write(&[REX | REX_W | rex_b(dest), 0xb8 | (dest & 7)]);
    b.write(&imm.to_le_bytes());
}

/// `asm_x64_mov_i64_to_r64_optimised`: the 32-bit form when the value is 0..2^32-1.
pub fn mov_i64_to_r64_optimised(b: &mut CodeBuffer, imm: i64, dest: Reg) {
    if (imm as u64) >> 32 == 0 {
        mov_i32_to_r64(b, imm as u32, dest);
    } else {
        mov_i64_to_r64(b, imm, dest);
    }
}

pub fn mul_r64_r64(b: &mut CodeBuffer, dest: Reg, src: Reg) {
    b.write(&[
        REX | REX_W | rex_r(dest) | rex_b(src),
        0x0f,
        0xaf,
        modrm_reg(dest, src),
    ]);
}

/// `sub r64, imm` (imm8 form when it fits); only used on rsp.
pub fn sub_r64_i32(b: &mut CodeBuffer, dest: Reg, imm: i32) {
    if signed_fit8(imm as i64) {
        b.write(&[REX | REX_W, 0x83, 0xc0 | 5 << 3 | (dest & 7), imm as u8]);
    } else {
        b.write(&[REX | REX_W, 0x81, 0xc0 | 5 << 3 | (dest & 7)]);
        b.write(&imm.to_le_bytes());
    }
}

/// `cmp b, a` (`asm_x64_cmp_r64_with_r64(a, b)`).
pub fn cmp_r64_with_r64(b: &mut CodeBuffer, a: Reg, bb: Reg) {
    generic_r64_r64(b, bb, a, 0x39);
}

/// `test a8, b8` without REX: registers 4..7 name ah/ch/dh/bh (the reference's quirk).
pub fn test_r8_with_r8(b: &mut CodeBuffer, a: Reg, bb: Reg) {
    b.write(&[0x84, modrm_reg(a, bb)]);
}

pub fn test_r64_with_r64(b: &mut CodeBuffer, a: Reg, bb: Reg) {
    generic_r64_r64(b, bb, a, 0x85);
}

pub fn setcc_r8(b: &mut CodeBuffer, cc: u8, dest: Reg) {
    b.write(&[0x0f, 0x90 | cc, modrm_reg(0, dest)]);
}

pub fn jmp_reg(b: &mut CodeBuffer, r: Reg) {
    b.write(&[0xff, modrm_reg(4, r)]);
}

/// Backward distance to `label` when it is already assigned behind the current position.
fn backward(b: &CodeBuffer, label: Label) -> Option<i64> {
    let dest = b.label_offset(label)?;
    let rel = dest as i64 - b.offset() as i64;
    (rel < 0).then_some(rel)
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

/// Distance to a label not behind us (unknown in compute passes: any value, the size is
/// fixed).
fn forward_rel(b: &CodeBuffer, label: Label) -> i64 {
    match b.label_offset(label) {
        Some(d) => d as i64 - b.offset() as i64,
        None => -1 - b.offset() as i64,
    }
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

/// `lea r64, [rip + rel32]` to `label`.
pub fn mov_reg_pcrel(b: &mut CodeBuffer, dest: Reg, label: Label) {
    let rel = forward_rel(b, label) - 7;
    b.write(&[REX | REX_W | rex_r(dest), 0x8d, (dest & 7) << 3 | 5]);
    b.write(&(rel as i32).to_le_bytes());
}
