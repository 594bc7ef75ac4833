//! x64 registers and the roles `py/asmx64.h` gives them.

use crate::{Reg, Regs};

pub const RAX: Reg = 0;
pub const RCX: Reg = 1;
pub const RDX: Reg = 2;
pub const RBX: Reg = 3;
pub const RSP: Reg = 4;
pub const RBP: Reg = 5;
pub const RSI: Reg = 6;
pub const RDI: Reg = 7;
pub const R12: Reg = 12;
pub const R13: Reg = 13;

/// RET rax; args rdi rsi rdx rcx; temps rax rdi rsi; locals rbx r12 r13; fun table rbp.
pub const REGS: Regs = Regs {
    ret: RAX,
    arg: [RDI, RSI, RDX, RCX],
    temp: [RAX, RDI, RSI],
    local: [RBX, R12, R13],
    fun_table: RBP,
};

/// Condition codes (`ASM_X64_CC_*`, the low nibble of `Jcc`/`SETcc`).
pub mod cc {
    pub const B: u8 = 0x2;
    pub const AE: u8 = 0x3;
    pub const E: u8 = 0x4;
    pub const NE: u8 = 0x5;
    pub const BE: u8 = 0x6;
    pub const A: u8 = 0x7;
    pub const L: u8 = 0xc;
    pub const GE: u8 = 0xd;
    pub const LE: u8 = 0xe;
    pub const G: u8 = 0xf;
}
