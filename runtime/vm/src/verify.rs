//! Load-time checks of a raw code's opcodes, so that the interpreter can index the frame with
//! what the bytecode says without checking on its hot paths. MicroPython's loader trusts its
//! input; this one must not (hostile `.mpy` bytes end in a clean `ValueError`).
//!
//! One linear pass over the opcodes from the prelude's end (`opcodes_offset`) to the end of the
//! code, decoding each instruction as `mpy-format`'s opcode table describes it:
//!
//! * every opcode byte is defined, every operand lies inside the code;
//! * `LOAD_FAST_MULTI`/`STORE_FAST_MULTI` name a slot below `n_state` (the `_N` forms are checked
//!   when run), qstr, object and child indices are inside their tables;
//! * every jump (and every handler of `SETUP_*`, every `FOR_ITER` exit) lands on the start of an
//!   instruction or at the very end of the code, so execution only ever decodes the
//!   instructions checked here.
//!
//! What it does not prove is the value-stack depth along every path (that needs MicroPython's
//! unwinding conventions for `finally` and `with`): the opcodes with an operand-given count
//! (calls, `BUILD_*`, `UNPACK_*`) check their depth when run.
use mpy_format::opcode::{self, op, Operand};

/// The sizes the instructions of one raw code are checked against.
pub(crate) struct Limits {
    pub n_state: usize,
    pub n_qstr: usize,
    pub n_obj: usize,
    pub n_children: usize,
}

/// Read a vuint at `*at`, advancing; None past the end or when it overflows.
fn vuint(code: &[u8], at: &mut usize) -> Option<usize> {
    let mut v: usize = 0;
    loop {
        let b = *code.get(*at)?;
        *at += 1;
        v = v.checked_mul(128)? | usize::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some(v);
        }
    }
}

/// A jump offset: one byte, or two when the first has its top bit set (the emitter's 7+8-bit
/// label encoding); signed ones are stored biased by 0x40 / 0x4000.
fn label(code: &[u8], at: &mut usize, signed: bool) -> Option<isize> {
    let b0 = *code.get(*at)?;
    *at += 1;
    let (v, bias) = if b0 & 0x80 == 0 {
        (isize::from(b0), 0x40)
    } else {
        let b1 = *code.get(*at)?;
        *at += 1;
        (isize::from(b0 & 0x7f) | (isize::from(b1) << 7), 0x4000)
    };
    Some(if signed { v - bias } else { v })
}

/// Check the opcodes `code[ops..]`. `Err(())` means the raw code is malformed.
pub(crate) fn check(code: &[u8], ops: usize, lim: &Limits) -> Result<(), ()> {
    if ops > code.len() {
        return Err(());
    }
    // The first pass checks every instruction; then, window by window of WINDOW bytes (no
    // allocation, a small fixed bit set), one pass marks the instruction starts in the window
    // and another checks the jump targets that fall in it.
    decode(code, ops, lim, |_, _| Ok(()))?;
    let mut window = ops;
    loop {
        let mut starts = [0u64; WINDOW / 64];
        let in_window = |i: usize| i >= window && i < window + WINDOW;
        decode(code, ops, lim, |ip, _| {
            if in_window(ip) {
                starts[(ip - window) / 64] |= 1 << ((ip - window) % 64);
            }
            Ok(())
        })?;
        decode(code, ops, lim, |_, target| match target {
            Some(t) if t != code.len() && in_window(t) => {
                if starts[(t - window) / 64] & (1 << ((t - window) % 64)) != 0 {
                    Ok(())
                } else {
                    Err(())
                }
            }
            _ => Ok(()),
        })?;
        window += WINDOW;
        if window >= code.len() {
            return Ok(());
        }
    }
}

/// Bytes of code per window of the jump-target check (a 512-byte bit set on the stack).
const WINDOW: usize = 4096;

/// Decode every instruction of `code[ops..]`, checking it against `lim`, and call `visit` with
/// its position and, for a jump, its destination.
fn decode(
    code: &[u8],
    ops: usize,
    lim: &Limits,
    mut visit: impl FnMut(usize, Option<usize>) -> Result<(), ()>,
) -> Result<(), ()> {
    let mut ip = ops;
    while ip < code.len() {
        let opc = code[ip];
        let mut at = ip + 1;
        let (_, operand, _) = opcode::info(opc).ok_or(())?;
        if matches!(opc, 0xb0..=0xcf) && usize::from(opc & 0x0f) >= lim.n_state {
            return Err(());
        }
        let mut target = None;
        match operand {
            Operand::None => {}
            Operand::Qstr => check_index(vuint(code, &mut at), lim.n_qstr)?,
            Operand::Obj => check_index(vuint(code, &mut at), lim.n_obj)?,
            Operand::Child => check_index(vuint(code, &mut at), lim.n_children)?,
            Operand::ChildByte => {
                check_index(vuint(code, &mut at), lim.n_children)?;
                code.get(at).ok_or(())?;
                at += 1;
            }
            Operand::Uint | Operand::Sint => {
                vuint(code, &mut at).ok_or(())?;
            }
            Operand::SignedJump | Operand::SignedJumpByte | Operand::UnsignedJump => {
                let off = label(code, &mut at, operand != Operand::UnsignedJump).ok_or(())?;
                if operand == Operand::SignedJumpByte {
                    code.get(at).ok_or(())?;
                    at += 1;
                }
                // Offsets count from the end of the label (UNWIND_JUMP: its count byte
                // follows the label, so from one before the end, as the interpreter does).
                let base = if opc == op::UNWIND_JUMP { at - 1 } else { at };
                let dest = base.checked_add_signed(off).ok_or(())?;
                if dest < ops || dest > code.len() {
                    return Err(());
                }
                target = Some(dest);
            }
        }
        visit(ip, target)?;
        ip = at;
    }
    Ok(())
}

fn check_index(i: Option<usize>, n: usize) -> Result<(), ()> {
    match i {
        Some(i) if i < n => Ok(()),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIM: Limits = Limits {
        n_state: 2,
        n_qstr: 3,
        n_obj: 1,
        n_children: 1,
    };

    #[test]
    fn well_formed_opcodes_pass() {
        // LOAD_FAST_MULTI 1, LOAD_CONST_STRING q2, POP_TOP x2, LOAD_CONST_NONE, RETURN_VALUE
        let code = [
            0xb1,
            op::LOAD_CONST_STRING,
            2,
            op::POP_TOP,
            op::POP_TOP,
            0x51,
            0x63,
        ];
        assert_eq!(check(&code, 0, &LIM), Ok(()));
        // JUMP +1 over a POP_TOP, to the RETURN_VALUE (offset biased by 0x40).
        let code = [0x51, op::JUMP, 0x41, op::POP_TOP, 0x63];
        assert_eq!(check(&code, 0, &LIM), Ok(()));
    }

    #[test]
    fn malformed_opcodes_fail() {
        // Slot 5 with n_state 2.
        assert_eq!(check(&[0xb5, 0x63], 0, &LIM), Err(()));
        // qstr 3 of 3, object 1 of 1, child 1 of 1.
        assert_eq!(check(&[op::LOAD_CONST_STRING, 3], 0, &LIM), Err(()));
        assert_eq!(check(&[op::LOAD_CONST_OBJ, 1], 0, &LIM), Err(()));
        assert_eq!(check(&[op::MAKE_FUNCTION, 1], 0, &LIM), Err(()));
        // An operand cut by the end of the code.
        assert_eq!(check(&[op::LOAD_CONST_STRING], 0, &LIM), Err(()));
        // A jump into the middle of LOAD_CONST_STRING's operand.
        let code = [op::JUMP, 0x41, op::LOAD_CONST_STRING, 0x01, 0x63];
        assert_eq!(check(&code, 0, &LIM), Err(()));
        // A jump before the opcodes or past the end.
        assert_eq!(check(&[op::JUMP, 0x3c, 0x63], 0, &LIM), Err(()));
        assert_eq!(check(&[op::JUMP, 0x45, 0x63], 0, &LIM), Err(()));
        // An undefined opcode byte.
        assert_eq!(check(&[0x00], 0, &LIM), Err(()));
    }
}
