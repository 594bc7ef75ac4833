//! Thumb registers and the register roles MicroPython's native emitter gives them
//! (py/asmthumb.h, `GENERIC_ASM_API` part).
//!
//! Arguments and the return value use the AAPCS registers r0–r3; the emitter's temporaries
//! alias them (TEMP0 = RET = ARG_1), locals live in the callee-saved r4–r6 and r7 holds the
//! address of `mp_fun_table` for the whole function.

/// A core register number, 0..=15.
pub type Reg = u8;

pub const R0: Reg = 0;
pub const R1: Reg = 1;
pub const R2: Reg = 2;
pub const R3: Reg = 3;
pub const R4: Reg = 4;
pub const R5: Reg = 5;
pub const R6: Reg = 6;
pub const R7: Reg = 7;
pub const R8: Reg = 8;
pub const R10: Reg = 10;
pub const R12: Reg = 12;
/// Stack pointer (r13).
pub const SP: Reg = 13;
/// Link register (r14).
pub const LR: Reg = 14;
/// Program counter (r15).
pub const PC: Reg = 15;

/// Return value.
pub const REG_RET: Reg = R0;
/// C arguments 1..4.
pub const REG_ARG_1: Reg = R0;
pub const REG_ARG_2: Reg = R1;
pub const REG_ARG_3: Reg = R2;
pub const REG_ARG_4: Reg = R3;
/// Scratch registers (aliasing the argument registers).
pub const REG_TEMP0: Reg = R0;
pub const REG_TEMP1: Reg = R1;
pub const REG_TEMP2: Reg = R2;
/// Registers holding the first three Python locals.
pub const REG_LOCAL_1: Reg = R4;
pub const REG_LOCAL_2: Reg = R5;
pub const REG_LOCAL_3: Reg = R6;
/// Number of locals kept in registers.
pub const REG_LOCAL_NUM: usize = 3;
/// Holds the address of `mp_fun_table`.
pub const REG_FUN_TABLE: Reg = R7;

/// Condition codes (`ASM_THUMB_CC_*`): the 4-bit field of conditional branches and `it`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Cond {
    Eq = 0,
    Ne = 1,
    Cs = 2,
    Cc = 3,
    Mi = 4,
    Pl = 5,
    Vs = 6,
    Vc = 7,
    Hi = 8,
    Ls = 9,
    Ge = 10,
    Lt = 11,
    Gt = 12,
    Le = 13,
}

impl Cond {
    /// All condition codes in code order.
    pub const ALL: [Cond; 14] = [
        Cond::Eq,
        Cond::Ne,
        Cond::Cs,
        Cond::Cc,
        Cond::Mi,
        Cond::Pl,
        Cond::Vs,
        Cond::Vc,
        Cond::Hi,
        Cond::Ls,
        Cond::Ge,
        Cond::Lt,
        Cond::Gt,
        Cond::Le,
    ];

    /// The two-letter suffix as the inline assembler spells it (`eq`, `ne`, ...).
    pub fn name(self) -> &'static str {
        [
            "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
        ][self as usize]
    }

    /// The condition whose suffix is `s`.
    pub fn from_name(s: &str) -> Option<Cond> {
        Cond::ALL.into_iter().find(|c| c.name() == s)
    }
}
