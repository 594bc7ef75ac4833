//! x86 registers and the roles `py/asmx86.h` gives them.

use crate::{Reg, Regs};

pub const EAX: Reg = 0;
pub const ECX: Reg = 1;
pub const EDX: Reg = 2;
pub const EBX: Reg = 3;
pub const ESP: Reg = 4;
pub const EBP: Reg = 5;
pub const ESI: Reg = 6;
pub const EDI: Reg = 7;

/// RET eax; args eax ecx edx ebx (pushed by `call_ind`); temps eax ecx edx; locals ebx esi
/// edi; fun table ebp. A1 = RET = T0 and A4 = L1 alias.
pub const REGS: Regs = Regs {
    ret: EAX,
    arg: [EAX, ECX, EDX, EBX],
    temp: [EAX, ECX, EDX],
    local: [EBX, ESI, EDI],
    fun_table: EBP,
};
