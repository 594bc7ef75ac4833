//! Machine-code targets for mpyc's native emitters: MicroPython's generic assembler
//! operations (`py/asmbase.h`, the `ASM_*` vocabulary) as one trait, a code buffer with labels
//! and passes, and the x64, x86 and Thumb encoders below it. `no_std` + `alloc`.
#![no_std]

extern crate alloc;
pub mod thumb;
