//! Pure encoders for the Thumb and Thumb-2 instructions MicroPython emits (py/asmthumb.[ch],
//! py/emitinlinethumb.c). Each function returns the instruction's halfwords; a 32-bit
//! instruction is two halfwords, first halfword first (each halfword little-endian in memory).
//!
//! Fields are taken as `u32` and combined exactly as the reference's macros combine them, then
//! truncated to 16 bits, so an out-of-range field gives the same (garbage) bits the reference
//! writes rather than a panic. Range checks belong to the callers, as in the reference.
//!
//! Names follow the ARM "formats" of the Thumb-1 manual that asmthumb.h uses:
//! ```text
//! format 1  000 op:2 imm5 Rm Rd          lsl/lsr/asr rd, rm, #imm5
//! format 2  00011 I op Rn/imm3 Rs Rd     add/sub rd, rs, rn|#imm3
//! format 3  001 op:2 Rd imm8             mov/cmp/add/sub rd, #imm8   (and 01001 Rd imm8: ldr rd, [pc, #4*imm8])
//! format 4  010000 op:4 Rs Rd            ALU rd, rs
//! format 5  010001 op:2 H1 H2 Rs Rd      add/cmp/mov/bx with high registers
//! format 7/8 0101 op:3 Ro Rb Rd          ldr/str[b|h] rd, [rb, ro]
//! format 9/10 011B L imm5 Rb Rd / 1000 L imm5 Rb Rd   ldr/str[b|h] rd, [rb, #imm]
//! ```

/// A 16-bit instruction.
pub type Op16 = u16;
/// A 32-bit instruction: (first halfword, second halfword).
pub type Op32 = [u16; 2];

pub const NOP: Op16 = 0xbf00;
pub const WFI: Op16 = 0xbf30;
/// `cpsid i`.
pub const CPSID_I: Op16 = 0xb672;
/// `cpsie i`.
pub const CPSIE_I: Op16 = 0xb662;

/// Format 1 shift opcodes.
pub const F1_LSL: u32 = 0x0000;
pub const F1_LSR: u32 = 0x0800;
pub const F1_ASR: u32 = 0x1000;

/// Format 2: add/sub, register or 3-bit immediate operand.
pub const F2_ADD: u32 = 0x1800;
pub const F2_SUB: u32 = 0x1a00;
pub const F2_REG: u32 = 0x0000;
pub const F2_IMM: u32 = 0x0400;

/// Format 3 opcodes (8-bit immediate, zero-extended).
pub const F3_MOV: u32 = 0x2000;
pub const F3_CMP: u32 = 0x2800;
pub const F3_ADD: u32 = 0x3000;
pub const F3_SUB: u32 = 0x3800;
/// `ldr rd, [pc, #4*imm8]` shares format 3's layout.
pub const F3_LDR_PC: u32 = 0x4800;

/// Format 4 ALU opcodes.
pub const F4_AND: u32 = 0x4000;
pub const F4_EOR: u32 = 0x4040;
pub const F4_LSL: u32 = 0x4080;
pub const F4_LSR: u32 = 0x40c0;
pub const F4_ASR: u32 = 0x4100;
pub const F4_ADC: u32 = 0x4140;
pub const F4_SBC: u32 = 0x4180;
pub const F4_ROR: u32 = 0x41c0;
pub const F4_TST: u32 = 0x4200;
pub const F4_NEG: u32 = 0x4240;
pub const F4_CMP: u32 = 0x4280;
pub const F4_CMN: u32 = 0x42c0;
pub const F4_ORR: u32 = 0x4300;
pub const F4_MUL: u32 = 0x4340;
pub const F4_BIC: u32 = 0x4380;
pub const F4_MVN: u32 = 0x43c0;

/// Format 5 (high registers).
pub const F5_ADD: u32 = 0x4400;
pub const F5_BX: u32 = 0x4700;

/// Format 7/8 (register offset).
pub const F7_LDR: u32 = 0x5800;
pub const F7_STR: u32 = 0x5000;
pub const F7_BYTE: u32 = 0x0400;
pub const F8_LDRH: u32 = 0x5a00;
pub const F8_STRH: u32 = 0x5200;

/// Format 9/10 (immediate offset; word offsets are in words, halfword offsets in halfwords).
pub const F9_STR: u32 = 0x6000;
pub const F9_LDR: u32 = 0x6800;
pub const F9_BYTE: u32 = 0x1000;
pub const F10_STRH: u32 = 0x8000;
pub const F10_LDRH: u32 = 0x8800;

/// Format 11 (sign/zero extension).
pub const F11_SXTH: u32 = 0xb200;

/// First halfwords of `movw` / `movt` (T3 / T1).
pub const MOVW: u32 = 0xf240;
pub const MOVT: u32 = 0xf2c0;

pub fn format_1(op: u32, rd: u32, rm: u32, imm5: u32) -> Op16 {
    (op | imm5 << 6 | rm << 3 | rd) as u16
}

pub fn format_2(op: u32, rd: u32, rs: u32, b: u32) -> Op16 {
    (op | b << 6 | rs << 3 | rd) as u16
}

pub fn format_3(op: u32, rd: u32, imm8: u32) -> Op16 {
    (op | rd << 8 | imm8) as u16
}

pub fn format_4(op: u32, rd: u32, rs: u32) -> Op16 {
    (op | rs << 3 | rd) as u16
}

/// Format 5 as `ASM_THUMB_FORMAT_5_ENCODE` builds it: H1 from bit 3 of `rd`, `rs` whole.
pub fn format_5(op: u32, rd: u32, rs: u32) -> Op16 {
    (op | (rd << 4 & 0x80) | rs << 3 | (rd & 7)) as u16
}

pub fn format_7_8(op: u32, rd: u32, rb: u32, ro: u32) -> Op16 {
    (op | ro << 6 | rb << 3 | rd) as u16
}

/// Format 9/10; `offset` is already scaled (words / halfwords / bytes), masked to 5 bits.
pub fn format_9_10(op: u32, rd: u32, rb: u32, offset: u32) -> Op16 {
    (op | (offset << 6 & 0x07c0) | rb << 3 | rd) as u16
}

pub fn format_11(op: u32, rd: u32, rm: u32) -> Op16 {
    (op | rm << 3 | rd) as u16
}

/// `mov rd, rs` with any registers (format 5 MOV, never `movs`).
pub fn mov_reg_reg(rd: u32, rs: u32) -> Op16 {
    let mut lo = if rs < 8 {
        rs << 3
    } else {
        0x40 | (rs - 8) << 3
    };
    lo |= if rd < 8 { rd } else { 0x80 | (rd - 8) };
    (0x4600 | lo) as u16
}

/// `bx rm`.
pub fn bx(rm: u32) -> Op16 {
    (0x4700 | rm << 3) as u16
}

/// `blx rm`.
pub fn blx(rm: u32) -> Op16 {
    (0x4780 | rm << 3) as u16
}

/// `push {rlist}` with `lr` when `lr` is set (low registers only in `rlist`).
pub fn push(rlist: u32, lr: bool) -> Op16 {
    (0xb400 | u32::from(lr) << 8 | rlist) as u16
}

/// `pop {rlist}` with `pc` when `pc` is set.
pub fn pop(rlist: u32, pc: bool) -> Op16 {
    (0xbc00 | u32::from(pc) << 8 | rlist) as u16
}

/// `push.w {rlist}` (T2, `stmdb sp!`): any registers.
pub fn push_w(rlist: u32) -> Op32 {
    [0xe92d, rlist as u16]
}

/// `pop.w {rlist}` (T2, `ldmia sp!`).
pub fn pop_w(rlist: u32) -> Op32 {
    [0xe8bd, rlist as u16]
}

/// `add sp, #4*words` (7-bit word count).
pub fn add_sp(words: u32) -> Op16 {
    (0xb000 | words) as u16
}

/// `sub sp, #4*words`.
pub fn sub_sp(words: u32) -> Op16 {
    (0xb080 | words) as u16
}

/// `addw sp, sp, #imm` as asmthumb.c builds it (imm12 without its top bit, i.e. < 2048).
pub fn addw_sp(imm: u32) -> Op32 {
    [
        0xf200 | 13,
        ((imm << 4 & 0x7000) | 13 << 8 | (imm & 0xff)) as u16,
    ]
}

/// `subw sp, sp, #imm` (same limits as [`addw_sp`]).
pub fn subw_sp(imm: u32) -> Op32 {
    [
        0xf2a0 | 13,
        ((imm << 4 & 0x7000) | 13 << 8 | (imm & 0xff)) as u16,
    ]
}

/// `str rd, [sp, #4*words]`.
pub fn str_sp(rd: u32, words: u32) -> Op16 {
    (0x9000 | rd << 8 | (words & 0xff)) as u16
}

/// `ldr rd, [sp, #4*words]`.
pub fn ldr_sp(rd: u32, words: u32) -> Op16 {
    (0x9800 | rd << 8 | (words & 0xff)) as u16
}

/// `add rd, sp, #4*words`.
pub fn add_rd_sp(rd: u32, words: u32) -> Op16 {
    (0xa800 | rd << 8 | (words & 0xff)) as u16
}

/// `movw`/`movt rd, #i16` (`op` = [`MOVW`] or [`MOVT`]); `i16` is taken as the reference's
/// `int` and only its low 16 bits reach the encoding.
pub fn mov_reg_i16(op: u32, rd: u32, i16: u32) -> Op32 {
    [
        (op | (i16 >> 1 & 0x0400) | (i16 >> 12 & 0xf)) as u16,
        (((i16 & 0xffff) << 4 & 0x7000) | rd << 8 | (i16 & 0xff)) as u16,
    ]
}

/// `b.n` by `rel` bytes (from the instruction's address + 4).
pub fn b_n(rel: i32) -> Op16 {
    (0xe000 | (rel >> 1 & 0x07ff)) as u16
}

/// `b<cc>.n` by `rel`.
pub fn bcc_n(cc: u32, rel: i32) -> Op16 {
    (0xd000 | cc << 8 | (rel >> 1 & 0xff) as u32) as u16
}

/// `b<cc>.w` (T3): S = sign bit 20, J1 = bit 18, J2 = bit 19 as asmthumb.c places them.
pub fn bcc_w(cc: u32, rel: i32) -> Op32 {
    [
        (0xf000 | cc << 6 | (rel >> 10 & 0x0400) as u32 | (rel >> 12 & 0x003f) as u32) as u16,
        (0x8000 | (rel >> 5 & 0x2000) | (rel >> 8 & 0x0800) | (rel >> 1 & 0x07ff)) as u16,
    ]
}

/// `b.w` (T4) with J1 = J2 = 1, as asmthumb.c writes it (only ±4 MiB reachable).
pub fn b_w(rel: i32) -> Op32 {
    [
        (0xf000 | (rel >> 12 & 0x07ff)) as u16,
        (0xb800 | (rel >> 1 & 0x07ff)) as u16,
    ]
}

/// `bl` with J1 = J2 = 1 (±4 MiB).
pub fn bl(rel: i32) -> Op32 {
    [
        (0xf000 | (rel >> 12 & 0x07ff)) as u16,
        (0xf800 | (rel >> 1 & 0x07ff)) as u16,
    ]
}

/// `it<mask> cc`: `mask` is the 4-bit IT mask (firstcond's low bit already folded in).
pub fn it(cc: u32, mask: u32) -> Op16 {
    (0xbf00 | cc << 4 | mask) as u16
}

/// `ite cc` as the viper comparison uses it (`ASM_THUMB_OP_ITE_*`).
pub fn ite(cc: u32) -> Op16 {
    it(cc, if cc & 1 == 0 { 0xc } else { 0x4 })
}

/// T3 `ldr.w/ldrh.w/ldrb.w` (load) or `str.w/...` (store): `size` 0 byte, 1 half, 2 word;
/// `imm12` in bytes.
pub fn ldr_str_w(load: bool, size: u32, rt: u32, rn: u32, imm12: u32) -> Op32 {
    let ls = if load { 0x10 } else { 0 };
    [
        (0xf880 | size << 5 | rn | ls) as u16,
        (rt << 12 | imm12) as u16,
    ]
}

/// T1 load/store with a 5-bit element offset as asm_thumb_load/store_reg_reg_offset build it:
/// `size` 0 byte, 1 half, 2 word.
pub fn ldr_str_t1(load: bool, size: u32, rt: u32, rn: u32, offset: u32) -> Op16 {
    const TABLE: [u32; 3] = [0x0e, 0x10, 0x0c];
    let op = TABLE.get(size as usize).copied().unwrap_or(0x0c) | u32::from(load);
    (op << 11 | offset << 6 | rn << 3 | rt) as u16
}

/// `clz rd, rm`.
pub fn clz(rd: u32, rm: u32) -> Op32 {
    [(0xfab0 | rm) as u16, (0xf080 | rd << 8 | rm) as u16]
}

/// `rbit rd, rm`.
pub fn rbit(rd: u32, rm: u32) -> Op32 {
    [(0xfa90 | rm) as u16, (0xf0a0 | rd << 8 | rm) as u16]
}

/// `mrs rd, <special register number>` (IPSR 5, BASEPRI 17).
pub fn mrs(rd: u32, sysm: u32) -> Op32 {
    [0xf3ef, (0x8000 | rd << 8 | sysm) as u16]
}

/// `sdiv rd, rn, rm`.
pub fn sdiv(rd: u32, rn: u32, rm: u32) -> Op32 {
    [(0xfb90 | rn) as u16, (0xf0f0 | rd << 8 | rm) as u16]
}

/// `udiv rd, rn, rm`.
pub fn udiv(rd: u32, rn: u32, rm: u32) -> Op32 {
    [(0xfbb0 | rn) as u16, (0xf0f0 | rd << 8 | rm) as u16]
}

/// `ldrex rt, [rn, #4*imm8]`.
pub fn ldrex(rt: u32, rn: u32, imm8: u32) -> Op32 {
    [(0xe850 | rn) as u16, (0x0f00 | rt << 12 | imm8) as u16]
}

/// `strex rd, rt, [rn, #4*imm8]`.
pub fn strex(rd: u32, rt: u32, rn: u32, imm8: u32) -> Op32 {
    [(0xe840 | rn) as u16, (rt << 12 | rd << 8 | imm8) as u16]
}

/// VFP three-register arithmetic (`vadd/vsub/vmul/vdiv.f32 sd, sn, sm`); `op` = the
/// inline assembler's table byte (0x30 add, 0x34 sub, 0x20 mul, 0x80 div).
pub fn vfp_3(op: u32, sd: u32, sn: u32, sm: u32) -> Op32 {
    [
        (0xee00 | (op & 0xf0) | (sd & 1) << 6 | sn >> 1) as u16,
        (0x0a00 | (op & 0x0f) << 4 | sm >> 1 | (sm & 1) << 5 | (sd & 0x1e) << 11 | (sn & 1) << 7)
            as u16,
    ]
}

/// VFP two-register operations: `hi` = 0xeeb4 vcmpe, 0xeeb1 vsqrt/vneg, 0xeeb8 vcvt.f32.s32,
/// 0xeebd vcvt.s32.f32; `lo` = 0x0ac0 (0x0a40 for vneg).
pub fn vfp_2(hi: u32, lo: u32, sd: u32, sm: u32) -> Op32 {
    [
        (hi | (sd & 1) << 6) as u16,
        (lo | (sd & 0x1e) << 11 | (sm & 1) << 5 | (sm & 0x1e) >> 1) as u16,
    ]
}

/// `vmov sn, rt` (`to_arm` false) or `vmov rt, sn` (`to_arm` true).
pub fn vmov(to_arm: bool, rt: u32, sn: u32) -> Op32 {
    let hi = 0xee00 | if to_arm { 0x10 } else { 0 };
    [
        (hi | (sn & 0x1e) >> 1) as u16,
        (0x0a10 | rt << 12 | (sn & 1) << 7) as u16,
    ]
}

/// `vmrs rt, fpscr` (rt 15 = `APSR_nzcv`).
pub fn vmrs(rt: u32) -> Op32 {
    [0xeef1, (0x0a10 | rt << 12) as u16]
}

/// `vldr` (`load`) / `vstr sd, [rn, #4*imm8]`.
pub fn vldr_vstr(load: bool, sd: u32, rn: u32, imm8: u32) -> Op32 {
    let hi = if load { 0xed90 } else { 0xed80 };
    [
        (hi | rn | (sd & 1) << 6) as u16,
        (0x0a00 | (sd & 0x1e) << 11 | imm8) as u16,
    ]
}
