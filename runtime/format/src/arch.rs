//! Native architectures of the .mpy header (py/persistentcode.h `MP_NATIVE_ARCH_*`), their
//! `-march=` spellings (mpy-cross/main.c) and the per-arch facts a native emitter needs.
//!
//! The code sits in bits 5..2 of header byte 2; see [`crate::mpy`]. Code 0 ([`NONE`]) means
//! "bytecode only" and is what every file without machine code records, whatever `-march` said;
//! codes 14 and 15 are undefined (a hostile file may hold them, so the header keeps the raw
//! code and [`Arch::from_code`] says whether it names an arch).

/// Header code of a file without machine code (`MP_NATIVE_ARCH_NONE`).
pub const NONE: u8 = 0;

/// A native architecture (`MP_NATIVE_ARCH_*`); the discriminant is the header code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Arch {
    /// 32-bit x86.
    X86 = 1,
    /// x86-64.
    X64 = 2,
    /// ARMv6 in ARM (not Thumb) mode: the unix port on a Raspberry Pi 1 (py/asmarm.c).
    Armv6 = 3,
    /// ARMv6-M (Thumb, Cortex-M0).
    Armv6m = 4,
    /// ARMv7-M (Thumb-2, Cortex-M3).
    Armv7m = 5,
    /// ARMv7E-M (Cortex-M4 without FPU).
    Armv7em = 6,
    /// ARMv7E-M with single-precision FPU.
    Armv7emsp = 7,
    /// ARMv7E-M with double-precision FPU.
    Armv7emdp = 8,
    /// Xtensa call0 ABI (ESP8266).
    Xtensa = 9,
    /// Xtensa windowed ABI (ESP32).
    Xtensawin = 10,
    /// RISC-V RV32IMC.
    Rv32imc = 11,
    /// RISC-V RV64IMC: mpy-cross 1.29 accepts `-march=rv64imc` but has no emitter for it.
    Rv64imc = 12,
    /// mpy-cross's textual "debug" emitter (py/emitndebug.c); its output is not loadable.
    Debug = 13,
}

/// RV32 arch flag: the Zba extension (`-march-flags=zba`), bit 0 of the arch-flags vuint.
pub const RV32_FLAG_ZBA: u64 = 1 << 0;
/// RV32 arch flag: the Zcmp extension (`-march-flags=zcmp`), bit 1 of the arch-flags vuint.
pub const RV32_FLAG_ZCMP: u64 = 1 << 1;
/// Every RV32 arch flag mpy-cross 1.29 knows; other bits are rejected.
pub const RV32_FLAGS_ALL: u64 = RV32_FLAG_ZBA | RV32_FLAG_ZCMP;

impl Arch {
    /// Every arch, in code order.
    pub const ALL: [Arch; 13] = [
        Arch::X86,
        Arch::X64,
        Arch::Armv6,
        Arch::Armv6m,
        Arch::Armv7m,
        Arch::Armv7em,
        Arch::Armv7emsp,
        Arch::Armv7emdp,
        Arch::Xtensa,
        Arch::Xtensawin,
        Arch::Rv32imc,
        Arch::Rv64imc,
        Arch::Debug,
    ];

    /// The header code (bits 5..2 of byte 2).
    pub const fn code(self) -> u8 {
        self as u8
    }

    /// The arch of a header code; `None` for [`NONE`] and the undefined codes 14 and 15.
    pub fn from_code(code: u8) -> Option<Arch> {
        Arch::ALL.get(usize::from(code).checked_sub(1)?).copied()
    }

    /// The `-march=` spelling (also what the disassembler prints).
    pub const fn name(self) -> &'static str {
        match self {
            Arch::X86 => "x86",
            Arch::X64 => "x64",
            Arch::Armv6 => "armv6",
            Arch::Armv6m => "armv6m",
            Arch::Armv7m => "armv7m",
            Arch::Armv7em => "armv7em",
            Arch::Armv7emsp => "armv7emsp",
            Arch::Armv7emdp => "armv7emdp",
            Arch::Xtensa => "xtensa",
            Arch::Xtensawin => "xtensawin",
            Arch::Rv32imc => "rv32imc",
            Arch::Rv64imc => "rv64imc",
            Arch::Debug => "debug",
        }
    }

    /// The arch a `-march=` value names, except `host` (see [`Arch::host`]).
    pub fn from_name(name: &[u8]) -> Option<Arch> {
        Arch::ALL
            .iter()
            .copied()
            .find(|a| a.name().as_bytes() == name)
    }

    /// `-march=host`: mpy-cross picks the arch it was compiled for among the four it knows
    /// (x86, x64, ARMv6 without Thumb-2, RV64); this is the same choice for the machine this
    /// crate is compiled for. `None` elsewhere (mpy-cross: "unable to determine host
    /// architecture for -march=host").
    pub fn host() -> Option<Arch> {
        if cfg!(target_arch = "x86") {
            Some(Arch::X86)
        } else if cfg!(target_arch = "x86_64") {
            Some(Arch::X64)
        } else if cfg!(all(target_arch = "arm", not(target_feature = "thumb2"))) {
            Some(Arch::Armv6)
        } else if cfg!(target_arch = "riscv64") {
            Some(Arch::Rv64imc)
        } else {
            None
        }
    }

    /// Size in bytes of a machine word, a pointer (`ASM_WORD_SIZE`): 8 for x64, RV64 and the
    /// debug emitter, 4 elsewhere. Native Python raw codes start with one such word (the
    /// prelude offset), and generators with a second.
    pub const fn word_bytes(self) -> u8 {
        match self {
            Arch::X64 | Arch::Rv64imc | Arch::Debug => 8,
            _ => 4,
        }
    }

    /// True for the Thumb archs (armv6m..armv7emdp, py/asmthumb.c), whose machine code is
    /// made of 16-bit halfwords and whose function pointers have bit 0 set. ARMv6 is ARM mode.
    pub const fn is_thumb(self) -> bool {
        matches!(
            self,
            Arch::Armv6m | Arch::Armv7m | Arch::Armv7em | Arch::Armv7emsp | Arch::Armv7emdp
        )
    }

    /// True if mpy-cross has a native emitter (`@micropython.native`, `@micropython.viper`,
    /// `-X emit=native|viper`) for the arch: all but RV64 (py/compile.c `emit_native_table`).
    pub const fn has_native_emitter(self) -> bool {
        !matches!(self, Arch::Rv64imc)
    }

    /// True if mpy-cross has an inline assembler for the arch (py/compile.c `emit_asm_table`):
    /// Thumb for armv6..armv7emdp, Xtensa for both Xtensa ABIs, RV32.
    pub const fn has_inline_asm(self) -> bool {
        matches!(
            self,
            Arch::Armv6
                | Arch::Armv6m
                | Arch::Armv7m
                | Arch::Armv7em
                | Arch::Armv7emsp
                | Arch::Armv7emdp
                | Arch::Xtensa
                | Arch::Xtensawin
                | Arch::Rv32imc
        )
    }

    /// Registers in an `nlr_buf_t` as mpy-cross sizes them for the arch
    /// (`mp_dynamic_compiler.nlr_buf_num_regs`, py/nlr.h): native code that catches
    /// exceptions reserves the buffer on its stack. All ARM archs take the conservative
    /// Thumb-with-FPU size; x64 the larger Windows size; the debug emitter 0.
    pub const fn nlr_buf_num_regs(self) -> u8 {
        match self {
            Arch::X86 => 6,
            Arch::X64 => 10,
            Arch::Armv6
            | Arch::Armv6m
            | Arch::Armv7m
            | Arch::Armv7em
            | Arch::Armv7emsp
            | Arch::Armv7emdp => 16,
            Arch::Xtensa => 10,
            Arch::Xtensawin => 17,
            Arch::Rv32imc | Arch::Rv64imc => 14,
            Arch::Debug => 0,
        }
    }

    /// The arch flags `-march-flags=` may set for the arch (only RV32 has any).
    pub const fn known_flags(self) -> u64 {
        match self {
            Arch::Rv32imc => RV32_FLAGS_ALL,
            _ => 0,
        }
    }
}

/// The name of a raw header code as the disassembler prints it: `none` for [`NONE`], the
/// `-march=` spelling for an arch, `None` for an undefined code.
pub fn code_name(code: u8) -> Option<&'static str> {
    if code == NONE {
        Some("none")
    } else {
        Arch::from_code(code).map(Arch::name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_round_trip() {
        for (i, a) in Arch::ALL.iter().enumerate() {
            assert_eq!(usize::from(a.code()), i + 1);
            assert_eq!(Arch::from_code(a.code()), Some(*a));
            assert_eq!(Arch::from_name(a.name().as_bytes()), Some(*a));
            assert_eq!(code_name(a.code()), Some(a.name()));
        }
        assert_eq!(Arch::from_code(NONE), None);
        assert_eq!(Arch::from_code(14), None);
        assert_eq!(Arch::from_code(255), None);
        assert_eq!(code_name(NONE), Some("none"));
        assert_eq!(code_name(14), None);
        for bad in ["host", "none", "", "X64", "x64 "] {
            assert_eq!(Arch::from_name(bad.as_bytes()), None, "{bad:?}");
        }
    }

    #[test]
    fn numbering_matches_the_spec_table() {
        // mpy-format.md §1: byte 2 = (arch << 2) | 3.
        assert_eq!((Arch::Xtensawin.code() << 2) | 3, 0x2b);
        assert_eq!((Arch::Debug.code() << 2) | 3, 0x37);
        assert_eq!((Arch::X64.code() << 2) | 3, 0x0b);
    }

    #[test]
    fn emitter_capabilities() {
        // py/compile.c: emit_native_table is NULL only for none and rv64imc; emit_asm_table has
        // entries for codes 3..=11.
        let native: usize = Arch::ALL.iter().filter(|a| a.has_native_emitter()).count();
        assert_eq!(native, 12);
        assert!(!Arch::Rv64imc.has_native_emitter());
        for a in Arch::ALL {
            assert_eq!(a.has_inline_asm(), (3..=11).contains(&a.code()), "{a:?}");
            assert_eq!(a.is_thumb(), (4..=8).contains(&a.code()), "{a:?}");
        }
        assert_eq!(Arch::X64.word_bytes(), 8);
        assert_eq!(Arch::Armv6m.word_bytes(), 4);
        assert_eq!(Arch::Xtensawin.nlr_buf_num_regs(), 17);
        assert_eq!(Arch::Rv32imc.known_flags(), 3);
        assert_eq!(Arch::X64.known_flags(), 0);
    }

    #[test]
    fn host_is_a_known_arch_on_x86_64() {
        if cfg!(target_arch = "x86_64") {
            assert_eq!(Arch::host(), Some(Arch::X64));
        }
    }
}
