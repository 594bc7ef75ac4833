//! Native architecture codes of the .mpy header (py/persistentcode.h `MP_NATIVE_ARCH_*`) and
//! their `-march=` spellings (mpy-cross/main.c).
//!
//! The code sits in bits 5..2 of header byte 2; see [`crate::mpy`]. Code 0 means "bytecode
//! only" and is what every file without machine code records, whatever `-march` said.

/// No native code (bytecode only).
pub const NONE: u8 = 0;
/// 32-bit x86.
pub const X86: u8 = 1;
/// x86-64.
pub const X64: u8 = 2;
/// ARMv6 (Thumb).
pub const ARMV6: u8 = 3;
/// ARMv6-M (Thumb, Cortex-M0).
pub const ARMV6M: u8 = 4;
/// ARMv7-M (Thumb-2, Cortex-M3).
pub const ARMV7M: u8 = 5;
/// ARMv7E-M (Cortex-M4 without FPU).
pub const ARMV7EM: u8 = 6;
/// ARMv7E-M with single-precision FPU.
pub const ARMV7EMSP: u8 = 7;
/// ARMv7E-M with double-precision FPU.
pub const ARMV7EMDP: u8 = 8;
/// Xtensa (ESP8266).
pub const XTENSA: u8 = 9;
/// Xtensa windowed ABI (ESP32).
pub const XTENSAWIN: u8 = 10;
/// RISC-V RV32IMC.
pub const RV32IMC: u8 = 11;
/// RISC-V RV64IMC (the reference mpy-cross rejects it for native code).
pub const RV64IMC: u8 = 12;
/// mpy-cross's textual "debug" emitter; its output is not loadable.
pub const DEBUG: u8 = 13;
/// Number of defined codes (`MP_NATIVE_ARCH_DEBUG` is always last).
pub const COUNT: u8 = 14;

/// RV32 arch flag: the Zba extension (`-march-flags=zba`), bit 0 of the arch-flags vuint.
pub const RV32_FLAG_ZBA: u64 = 1 << 0;
/// RV32 arch flag: the Zcmp extension (`-march-flags=zcmp`), bit 1 of the arch-flags vuint.
pub const RV32_FLAG_ZCMP: u64 = 1 << 1;

/// Names indexed by code; each is also the `-march=` spelling, except `none`.
const NAMES: [&str; COUNT as usize] = [
    "none",
    "x86",
    "x64",
    "armv6",
    "armv6m",
    "armv7m",
    "armv7em",
    "armv7emsp",
    "armv7emdp",
    "xtensa",
    "xtensawin",
    "rv32imc",
    "rv64imc",
    "debug",
];

/// The name of an arch code (`none` for 0), or `None` for an undefined code.
pub fn name(code: u8) -> Option<&'static str> {
    NAMES.get(usize::from(code)).copied()
}

/// The arch code for a `-march=` value. `host` is x64, the machine the reference mpy-cross was
/// built for. `none` is not a `-march` spelling (mpy-cross prints its usage), so it gives `None`.
pub fn from_name(s: &str) -> Option<u8> {
    if s == "host" {
        return Some(X64);
    }
    NAMES
        .iter()
        .position(|n| *n == s)
        .filter(|&i| i != usize::from(NONE))
        .and_then(|i| u8::try_from(i).ok())
}

/// Size in bytes of a machine word (a pointer) on the arch; `None` for `none` and `debug`.
///
/// Native Python raw codes start with one such word (the prelude pointer index), and
/// generators with a second.
pub fn word_bytes(code: u8) -> Option<u8> {
    match code {
        X64 | RV64IMC => Some(8),
        X86 | ARMV6 | ARMV6M | ARMV7M | ARMV7EM | ARMV7EMSP | ARMV7EMDP | XTENSA | XTENSAWIN
        | RV32IMC => Some(4),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for code in 1..COUNT {
            let n = name(code).unwrap();
            assert_eq!(from_name(n), Some(code), "{n}");
        }
        assert_eq!(name(NONE), Some("none"));
        assert_eq!(name(COUNT), None);
        assert_eq!(from_name("host"), Some(X64));
        assert_eq!(from_name("none"), None);
        assert_eq!(from_name(""), None);
        assert_eq!(from_name("X64"), None);
    }

    #[test]
    fn numbering_matches_the_spec_table() {
        // mpy-format.md §1: byte 2 = (arch << 2) | 3.
        assert_eq!((XTENSAWIN << 2) | 3, 0x2b);
        assert_eq!((DEBUG << 2) | 3, 0x37);
        assert_eq!((X64 << 2) | 3, 0x0b);
        assert_eq!(word_bytes(X64), Some(8));
        assert_eq!(word_bytes(ARMV6M), Some(4));
        assert_eq!(word_bytes(NONE), None);
    }
}
