//! `mpy-format`: the facts of MicroPython's .mpy v6.3 format, written once and shared by the
//! compiler and the runtime. `no_std`, no allocation, no dependencies.
#![no_std]

pub mod arch;
pub mod disasm;
pub mod mpy;
pub mod opcode;
pub mod prelude;
pub mod qstr;
pub mod read;
pub mod varint;
