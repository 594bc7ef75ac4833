//! One `@micropython.asm_thumb` instruction (py/emitinlinethumb.c `emit_inline_thumb_op`):
//! the mnemonic and argument count choose the form, operands are read in the reference's order
//! (so the last operand error is the one reported), and the encoding is appended.
//!
//! Which forms exist where: the VFP instructions (`v...`) only on armv7emsp/armv7emdp; the
//! Thumb-2 ones (`movw movt movwt clz rbit mrs sdiv udiv ldrex strex it* bCC_w` and wide
//! `push`/`pop`) only from armv7m; everything else on every Thumb arch.

use super::operand::Node;
use super::InlineThumb;
use crate::error::msg;
use mpyc_targets::thumb::encode::*;
use mpyc_targets::thumb::regs::Cond;

/// `format_4_op_table`: the two-register ALU mnemonics (`and_` is handled separately).
const FORMAT_4: [(&str, u32); 15] = [
    ("eor", F4_EOR),
    ("lsl", F4_LSL),
    ("lsr", F4_LSR),
    ("asr", F4_ASR),
    ("adc", F4_ADC),
    ("sbc", F4_SBC),
    ("ror", F4_ROR),
    ("tst", F4_TST),
    ("neg", F4_NEG),
    ("cmp", F4_CMP),
    ("cmn", F4_CMN),
    ("orr", F4_ORR),
    ("mul", F4_MUL),
    ("bic", F4_BIC),
    ("mvn", F4_MVN),
];

/// `format_9_10_op_table`: loads and stores with an immediate offset.
const FORMAT_9_10: [(&str, u32); 6] = [
    ("ldr", F9_LDR),
    ("ldrb", F9_LDR | F9_BYTE),
    ("ldrh", F10_LDRH),
    ("str", F9_STR),
    ("strb", F9_STR | F9_BYTE),
    ("strh", F10_STRH),
];

/// `format_vfp_op_table`: three-register VFP arithmetic.
const FORMAT_VFP: [(&str, u32); 4] = [("add", 0x30), ("sub", 0x34), ("mul", 0x20), ("div", 0x80)];

/// Why an instruction was rejected after its operands were read.
enum Fail {
    UnknownOp,
    NotInRange,
}

fn cond(s: &str) -> Option<u32> {
    Cond::from_name(s).map(|c| c as u32)
}

impl InlineThumb {
    /// Assemble one instruction `op(args...)`; errors are left in the error slot.
    pub(crate) fn op(&mut self, op: &str, args: &[Node<'_>]) {
        let r = if self.allow_float && op.starts_with('v') {
            self.op_vfp(op, args)
        } else {
            self.op_core(op, args)
        };
        match r {
            Ok(()) => {}
            Err(Fail::UnknownOp) => self.err(format!(
                "unsupported Thumb instruction '{op}' with {} arguments",
                args.len()
            )),
            Err(Fail::NotInRange) => self.err(msg::ASM_BRANCH_RANGE.to_string()),
        }
    }

    fn op_vfp(&mut self, op: &str, args: &[Node<'_>]) -> Result<(), Fail> {
        match *args {
            [a0, a1] => {
                let two = |hi: u32, lo: u32| Some((hi, lo));
                let form = match op {
                    "vcmp" => two(0xeeb4, 0x0ac0),
                    "vsqrt" => two(0xeeb1, 0x0ac0),
                    "vneg" => two(0xeeb1, 0x0a40),
                    "vcvt_f32_s32" => two(0xeeb8, 0x0ac0),
                    "vcvt_s32_f32" => two(0xeebd, 0x0ac0),
                    _ => None,
                };
                if let Some((hi, lo)) = form {
                    let vd = self.vfp_reg(op, a0);
                    let vm = self.vfp_reg(op, a1);
                    self.asm.op32(vfp_2(hi, lo, vd, vm));
                    return Ok(());
                }
                match op {
                    "vmrs" => {
                        let rd = if a0.str() == "APSR_nzcv" {
                            15
                        } else {
                            self.reg(op, a0, 15)
                        };
                        if a1.str() != "FPSCR" {
                            return Err(Fail::UnknownOp);
                        }
                        self.asm.op32(vmrs(rd));
                    }
                    "vmov" => {
                        if a0.str().starts_with('r') {
                            let r = self.reg(op, a0, 15);
                            let s = self.vfp_reg(op, a1);
                            self.asm.op32(vmov(true, r, s));
                        } else {
                            let s = self.vfp_reg(op, a0);
                            let r = self.reg(op, a1, 15);
                            self.asm.op32(vmov(false, r, s));
                        }
                    }
                    "vldr" | "vstr" => {
                        let vd = self.vfp_reg(op, a0);
                        if let Some((base, offset)) = self.addr(op, a1) {
                            let rb = self.reg(op, base, 7);
                            let i8 = self.int(op, offset, 0x3fc) >> 2;
                            self.asm.op32(vldr_vstr(op == "vldr", vd, rb, i8));
                        }
                    }
                    _ => return Err(Fail::UnknownOp),
                }
                Ok(())
            }
            [a0, a1, a2] => {
                let Some(&(_, code)) = FORMAT_VFP
                    .iter()
                    .find(|(name, _)| op.len() == 4 && op.get(1..) == Some(*name))
                else {
                    return Err(Fail::UnknownOp);
                };
                let vd = self.vfp_reg(op, a0);
                let vn = self.vfp_reg(op, a1);
                let vm = self.vfp_reg(op, a2);
                self.asm.op32(vfp_3(code, vd, vn, vm));
                Ok(())
            }
            _ => Err(Fail::UnknownOp),
        }
    }

    fn op_core(&mut self, op: &str, args: &[Node<'_>]) -> Result<(), Fail> {
        match *args {
            [] => match op {
                "nop" => self.asm.op16(NOP),
                "wfi" => self.asm.op16(WFI),
                _ => return Err(Fail::UnknownOp),
            },
            [a0] => return self.op_1(op, a0),
            [a0, a1] if a1.is_id() => return self.op_2_reg(op, a0, a1),
            [a0, a1] => return self.op_2_other(op, a0, a1),
            [a0, a1, a2] => return self.op_3(op, a0, a1, a2),
            _ => return Err(Fail::UnknownOp),
        }
        Ok(())
    }

    fn op_1(&mut self, op: &str, a0: Node<'_>) -> Result<(), Fail> {
        let v7 = self.asm.allow_armv7m();
        let b = op.as_bytes();
        match op {
            "b" => {
                let l = self.label_arg(op, a0);
                if !self.asm.b_n_label(l) {
                    return Err(Fail::NotInRange);
                }
            }
            "bl" => {
                let l = self.label_arg(op, a0);
                if !self.asm.bl_label(l) {
                    return Err(Fail::NotInRange);
                }
            }
            "bx" => {
                let r = self.reg(op, a0, 15);
                self.asm.op16(bx(r));
            }
            _ if b.first() == Some(&b'b')
                && (b.len() == 3
                    || (b.len() == 5
                        && b[3] == b'_'
                        && (b[4] == b'n' || (v7 && b[4] == b'w')))) =>
            {
                let cc = op.get(1..3).and_then(cond).ok_or(Fail::UnknownOp)?;
                let l = self.label_arg(op, a0);
                let wide = b.len() == 5 && b[4] == b'w';
                if !self.asm.bcc_nw_label(cc, l, wide) {
                    return Err(Fail::NotInRange);
                }
            }
            _ if v7 && op.starts_with("it") => {
                let cc = cond(a0.str()).ok_or(Fail::UnknownOp)?;
                let suffix = &b[2..];
                if suffix.len() > 3 {
                    return Err(Fail::UnknownOp);
                }
                // The t/e letters fill the mask from the last one back; a 1 bit ends it.
                let mut mask = 8u32;
                for &c in suffix.iter().rev() {
                    mask >>= 1;
                    match c {
                        b't' => mask |= (cc & 1) << 3,
                        b'e' => mask |= (!cc & 1) << 3,
                        _ => return Err(Fail::UnknownOp),
                    }
                }
                self.asm.op16(it(cc, mask));
            }
            "cpsid" => self.asm.op16(CPSID_I),
            "cpsie" => self.asm.op16(CPSIE_I),
            "push" => {
                let list = self.reglist(op, a0);
                if list & 0xbf00 == 0 {
                    self.asm.op16(push(list & 0xff, list & (1 << 14) != 0));
                } else if v7 {
                    self.asm.op32(push_w(list));
                } else {
                    return Err(Fail::UnknownOp);
                }
            }
            "pop" => {
                let list = self.reglist(op, a0);
                if list & 0x7f00 == 0 {
                    self.asm.op16(pop(list & 0xff, list & (1 << 15) != 0));
                } else if v7 {
                    self.asm.op32(pop_w(list));
                } else {
                    return Err(Fail::UnknownOp);
                }
            }
            _ => return Err(Fail::UnknownOp),
        }
        Ok(())
    }

    /// Two operands, the second an identifier (a register).
    fn op_2_reg(&mut self, op: &str, a0: Node<'_>, a1: Node<'_>) -> Result<(), Fail> {
        let v7 = self.asm.allow_armv7m();
        match op {
            "mov" => {
                let rd = self.reg(op, a0, 15);
                let rs = self.reg(op, a1, 15);
                self.asm.op16(mov_reg_reg(rd, rs));
            }
            "clz" | "rbit" if v7 => {
                let rd = self.reg(op, a0, 15);
                let rm = self.reg(op, a1, 15);
                self.asm.op32(if op == "clz" {
                    clz(rd, rm)
                } else {
                    rbit(rd, rm)
                });
            }
            "mrs" if v7 => {
                let rd = self.reg(op, a0, 12);
                let sysm = self.special_reg(op, a1);
                self.asm.op32(mrs(rd, sysm));
            }
            _ => {
                let code = if op == "and_" {
                    F4_AND
                } else {
                    FORMAT_4
                        .iter()
                        .find(|(name, _)| *name == op)
                        .map(|&(_, c)| c)
                        .ok_or(Fail::UnknownOp)?
                };
                let rd = self.reg(op, a0, 7);
                let rs = self.reg(op, a1, 7);
                self.asm.op16(format_4(code, rd, rs));
            }
        }
        Ok(())
    }

    /// Two operands, the second not an identifier (immediate or address).
    fn op_2_other(&mut self, op: &str, a0: Node<'_>, a1: Node<'_>) -> Result<(), Fail> {
        let v7 = self.asm.allow_armv7m();
        let f3 = match op {
            "mov" => Some(F3_MOV),
            "cmp" => Some(F3_CMP),
            "add" => Some(F3_ADD),
            "sub" => Some(F3_SUB),
            _ => None,
        };
        if let Some(code) = f3 {
            let rd = self.reg(op, a0, 7);
            let i8 = self.int(op, a1, 0xff);
            self.asm.op16(format_3(code, rd, i8));
            return Ok(());
        }
        match op {
            "movw" | "movt" if v7 => {
                let rd = self.reg(op, a0, 15);
                let i = self.int(op, a1, 0xffff);
                self.asm
                    .op32(mov_reg_i16(if op == "movw" { MOVW } else { MOVT }, rd, i));
            }
            "movwt" if v7 => {
                let rd = self.reg(op, a0, 15);
                let i = self.int(op, a1, 0xffff_ffff);
                self.asm.op32(mov_reg_i16(MOVW, rd, i & 0xffff));
                self.asm.op32(mov_reg_i16(MOVT, rd, i >> 16 & 0xffff));
            }
            "ldrex" if v7 => {
                let rt = self.reg(op, a0, 15);
                if let Some((base, offset)) = self.addr(op, a1) {
                    let rn = self.reg(op, base, 15);
                    let i8 = self.int(op, offset, 0xff) >> 2;
                    self.asm.op32(ldrex(rt, rn, i8));
                }
            }
            _ => {
                let &(_, code) = FORMAT_9_10
                    .iter()
                    .find(|(name, _)| *name == op)
                    .ok_or(Fail::UnknownOp)?;
                let rd = self.reg(op, a0, 7);
                // A bad address is replaced by "unsupported instruction", as in the reference.
                let (base, offset) = self.addr(op, a1).ok_or(Fail::UnknownOp)?;
                let rb = self.reg(op, base, 7);
                let i5 = if code & F9_BYTE != 0 {
                    self.int(op, offset, 0x1f)
                } else if code & F10_STRH != 0 {
                    self.int(op, offset, 0x3e) >> 1
                } else {
                    self.int(op, offset, 0x7c) >> 2
                };
                self.asm.op16(format_9_10(code, rd, rb, i5));
            }
        }
        Ok(())
    }

    fn op_3(&mut self, op: &str, a0: Node<'_>, a1: Node<'_>, a2: Node<'_>) -> Result<(), Fail> {
        let v7 = self.asm.allow_armv7m();
        match op {
            "lsl" | "lsr" | "asr" => {
                let code = match op {
                    "lsl" => F1_LSL,
                    "lsr" => F1_LSR,
                    _ => F1_ASR,
                };
                let rd = self.reg(op, a0, 7);
                let rm = self.reg(op, a1, 7);
                let i5 = self.int(op, a2, 0x1f);
                self.asm.op16(format_1(code, rd, rm, i5));
            }
            "add" | "sub" => {
                let mut code = if op == "add" { F2_ADD } else { F2_SUB };
                let rd = self.reg(op, a0, 7);
                let rs = self.reg(op, a1, 7);
                let b = if a2.is_id() {
                    code |= F2_REG;
                    self.reg(op, a2, 7)
                } else {
                    code |= F2_IMM;
                    self.int(op, a2, 0x7)
                };
                self.asm.op16(format_2(code, rd, rs, b));
            }
            "sdiv" | "udiv" if v7 => {
                let rd = self.reg(op, a0, 15);
                let rn = self.reg(op, a1, 15);
                let rm = self.reg(op, a2, 15);
                self.asm.op32(if op == "sdiv" {
                    sdiv(rd, rn, rm)
                } else {
                    udiv(rd, rn, rm)
                });
            }
            "strex" if v7 => {
                let rd = self.reg(op, a0, 15);
                let rt = self.reg(op, a1, 15);
                if let Some((base, offset)) = self.addr(op, a2) {
                    let rn = self.reg(op, base, 15);
                    let i8 = self.int(op, offset, 0xff) >> 2;
                    self.asm.op32(strex(rd, rt, rn, i8));
                }
            }
            _ => return Err(Fail::UnknownOp),
        }
        Ok(())
    }
}
