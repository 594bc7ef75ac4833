//! File-level facts of .mpy v6.3 (`py/persistentcode.[ch]`, py/runtime0.h): the header, the
//! constant-object tags, the raw-code kinds and the scope-flag bits.
//!
//! ```text
//! offset 0   'M' (0x4d), or 'C' (0x43) in CircuitPython's flavour (see [`Flavour`])
//!        1   version 6
//!        2   x A AAAA SS   bit 7 reserved, bit 6 = an arch-flags vuint follows the header,
//!                          bits 5..2 = native arch (crate::arch), bits 1..0 = sub-version
//!        3   small-int bits of the target (31 by default)
//!       [4]  arch flags (vuint), only if bit 6 of byte 2 is set
//! ```
//! mpy-cross fills byte 2 only when the module contains machine code: `(arch << 2) | 3`. A
//! bytecode-only file has byte 2 = 0 and so does not record the sub-version (mpy-format.md §1).

use crate::arch::Arch;
use crate::varint::read_vuint;

/// Byte 0 of every MicroPython .mpy file: ASCII `M`.
pub const MAGIC: u8 = b'M';
/// Byte 0 of a CircuitPython .mpy file: ASCII `C` (its `persistentcode.c`).
pub const MAGIC_CIRCUITPYTHON: u8 = b'C';

/// Whose .mpy v6.3 a file is. CircuitPython's fork writes the same layout with two differences
/// that matter to a reader: the magic byte, and a scope flag of its own, `ASYNC` (0x10, set on
/// `async def` together with `GENERATOR`), which its prelude signatures carry
/// (`MP_SCOPE_FLAG_ALL_SIG` = 0x1f there) and which moves the native-only flags up one bit.
/// Each loader refuses the other's files.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Flavour {
    /// MicroPython's: magic `M`.
    #[default]
    MicroPython,
    /// CircuitPython's: magic `C`.
    CircuitPython,
}

impl Flavour {
    /// Header byte 0.
    pub const fn magic(self) -> u8 {
        match self {
            Flavour::MicroPython => MAGIC,
            Flavour::CircuitPython => MAGIC_CIRCUITPYTHON,
        }
    }

    /// The flavour whose magic is `byte`.
    pub const fn from_magic(byte: u8) -> Option<Flavour> {
        match byte {
            MAGIC => Some(Flavour::MicroPython),
            MAGIC_CIRCUITPYTHON => Some(Flavour::CircuitPython),
            _ => None,
        }
    }

    /// How far the viper/asm scope flags (`VIPERRELOC`, `VIPERRODATA`, `VIPERBSS`) sit above
    /// MicroPython's bits: one in CircuitPython's, whose `ASYNC` takes 0x10.
    pub const fn viper_flag_shift(self) -> u32 {
        match self {
            Flavour::MicroPython => 0,
            Flavour::CircuitPython => 1,
        }
    }

    /// The scope-flag bits a prelude signature stores (`MP_SCOPE_FLAG_ALL_SIG`).
    pub const fn sig_flags(self) -> u32 {
        match self {
            Flavour::MicroPython => scope_flag::ALL_SIG,
            Flavour::CircuitPython => scope_flag::ALL_SIG | scope_flag::ASYNC,
        }
    }
}
/// Byte 1: the major version.
pub const VERSION: u8 = 6;
/// The sub-version written in byte 2 (bits 1..0) when the file has native code.
pub const SUB_VERSION: u8 = 3;
/// Length of the fixed part of the header.
pub const HEADER_LEN: usize = 4;
/// Byte 2, bit 6: an arch-flags vuint follows the fixed header.
pub const FLAG_ARCH_FLAGS: u8 = 0x40;
/// Byte 2, bit 7: reserved, written as 0.
pub const FLAG_RESERVED: u8 = 0x80;
/// mpy-cross's default small-int bits (header byte 3): 31-bit small ints.
pub const DEFAULT_SMALL_INT_BITS: u8 = 31;

/// Header byte 2 for a file holding machine code for `arch`: `(arch << 2) | 3`, plus bit 6 if
/// arch flags follow. A bytecode-only file writes 0 instead (unless it has arch flags).
pub fn feature_byte(arch: Arch, has_arch_flags: bool) -> u8 {
    let flags = if has_arch_flags { FLAG_ARCH_FLAGS } else { 0 };
    ((arch.code() & 0x0f) << 2) | SUB_VERSION | flags
}

/// Tags of the constant-object table (py/persistentcode.h `MP_PERSISTENT_OBJ_*`).
pub mod tag {
    /// The `mp_fun_table` marker used by native code; no payload.
    pub const FUN_TABLE: u8 = 0;
    /// `None` (only inside tuples); no payload.
    pub const NONE: u8 = 1;
    /// `False` (only inside tuples); no payload.
    pub const FALSE: u8 = 2;
    /// `True` (only inside tuples); no payload.
    pub const TRUE: u8 = 3;
    /// `...`; no payload.
    pub const ELLIPSIS: u8 = 4;
    /// str: vuint byte length, UTF-8 bytes, `00`.
    pub const STR: u8 = 5;
    /// bytes: vuint length, bytes, `00`.
    pub const BYTES: u8 = 6;
    /// int: vuint length, ASCII decimal text, no terminator.
    pub const INT: u8 = 7;
    /// float: vuint length, ASCII repr text, no terminator.
    pub const FLOAT: u8 = 8;
    /// complex: vuint length, ASCII repr text, no terminator.
    pub const COMPLEX: u8 = 9;
    /// tuple: vuint item count, then each item as a full tagged object.
    pub const TUPLE: u8 = 10;
    /// Names as the disassembler prints them, indexed by tag.
    pub const NAMES: [&str; 11] = [
        "fun_table",
        "None",
        "False",
        "True",
        "Ellipsis",
        "str",
        "bytes",
        "int",
        "float",
        "complex",
        "tuple",
    ];
}

/// What compiles a scope, and so the kind of its raw code: py/emitglue.h `MP_EMIT_OPT_*` (chosen
/// by `-X emit=` and the `@micropython.*` decorators), saved as the low two bits of `kind_len`
/// (`MP_CODE_*` minus `MP_CODE_BYTECODE`). The discriminant is the saved kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[repr(u8)]
pub enum EmitKind {
    /// Bytecode (`MP_EMIT_OPT_BYTECODE`): code = prelude + opcodes.
    #[default]
    Bytecode = 0,
    /// Native Python (`MP_EMIT_OPT_NATIVE_PYTHON`, `@micropython.native`): machine code, then
    /// a prelude.
    Native = 1,
    /// Viper (`MP_EMIT_OPT_VIPER`, `@micropython.viper`): machine code only.
    Viper = 2,
    /// Inline assembler (`MP_EMIT_OPT_ASM`, `@micropython.asm_thumb`, `asm_xtensa`,
    /// `asm_rv32`): machine code only.
    Asm = 3,
}

impl EmitKind {
    /// The raw-code kind saved in `kind_len`.
    pub const fn raw_code_kind(self) -> u8 {
        self as u8
    }

    /// The emit kind of a saved raw-code kind (only its low two bits count).
    pub const fn from_raw_code_kind(kind: u8) -> EmitKind {
        match kind & 3 {
            0 => EmitKind::Bytecode,
            1 => EmitKind::Native,
            2 => EmitKind::Viper,
            _ => EmitKind::Asm,
        }
    }

    /// The name the disassembler prints (`kind::NAMES`).
    pub const fn name(self) -> &'static str {
        kind::NAMES[self as usize]
    }

    /// True for the kinds made of machine code (all but bytecode), which need `-march`.
    pub const fn is_machine_code(self) -> bool {
        !matches!(self, EmitKind::Bytecode)
    }

    /// True if `arch` can produce this kind (py/compile.c: `invalid arch` otherwise): native and
    /// viper need a native emitter, asm an inline assembler; bytecode needs nothing.
    pub const fn supported_on(self, arch: Option<Arch>) -> bool {
        match (self, arch) {
            (EmitKind::Bytecode, _) => true,
            (_, None) => false,
            (EmitKind::Native | EmitKind::Viper, Some(a)) => a.has_native_emitter(),
            (EmitKind::Asm, Some(a)) => a.has_inline_asm(),
        }
    }
}

/// Raw-code kinds: the low two bits of `kind_len`, as plain bytes for matching ([`EmitKind`]).
pub mod kind {
    use super::EmitKind;
    /// Bytecode: code = prelude + opcodes.
    pub const BYTECODE: u8 = EmitKind::Bytecode.raw_code_kind();
    /// Native Python (`@micropython.native`): machine code, then a prelude.
    pub const NATIVE: u8 = EmitKind::Native.raw_code_kind();
    /// Viper: machine code only.
    pub const VIPER: u8 = EmitKind::Viper.raw_code_kind();
    /// Inline assembler (`@micropython.asm_thumb` etc.).
    pub const ASM: u8 = EmitKind::Asm.raw_code_kind();
    /// Names as the disassembler prints them, indexed by kind.
    pub const NAMES: [&str; 4] = ["bytecode", "native", "viper", "asm"];
}

/// Scope flags (py/runtime0.h `MP_SCOPE_FLAG_*`). Only the low four travel in a prelude
/// signature; bits 0x10..0x40 are meaningful only in the flags vuint of viper/asm raw codes.
pub mod scope_flag {
    /// Generator (also set for `async def`).
    pub const GENERATOR: u32 = 0x01;
    /// Has `**kw`.
    pub const VARKEYWORDS: u32 = 0x02;
    /// Has `*args`.
    pub const VARARGS: u32 = 0x04;
    /// Has keyword-only defaults.
    pub const DEFKWARGS: u32 = 0x08;
    /// Mask of the bits a prelude signature stores (`MP_SCOPE_FLAG_ALL_SIG`).
    pub const ALL_SIG: u32 = 0x0f;
    /// CircuitPython only: an `async def` (with GENERATOR); stored in its signatures.
    pub const ASYNC: u32 = 0x10;
    /// Viper/asm: a relocation stream follows the children.
    pub const VIPERRELOC: u32 = 0x10;
    /// Viper: rodata size and bytes follow the flags.
    pub const VIPERRODATA: u32 = 0x20;
    /// Viper: a bss size follows the flags.
    pub const VIPERBSS: u32 = 0x40;
    /// Names of the signature bits, lowest first, as the disassembler prints them.
    pub const SIG_NAMES: [(u32, &str); 4] = [
        (GENERATOR, "GENERATOR"),
        (VARKEYWORDS, "VARKEYWORDS"),
        (VARARGS, "VARARGS"),
        (DEFKWARGS, "DEFKWARGS"),
    ];
}

/// The `kind_len` vuint that starts a raw code: `(len << 3) | (has_children << 2) | kind`.
pub const fn kind_len(len: u64, has_children: bool, kind: EmitKind) -> u64 {
    (len << 3) | ((has_children as u64) << 2) | kind.raw_code_kind() as u64
}

/// The parsed header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Header {
    /// Byte 0: whose .mpy this is.
    pub flavour: Flavour,
    /// Byte 1 (always [`VERSION`] after a successful parse).
    pub version: u8,
    /// Byte 2 as stored.
    pub feature: u8,
    /// Native arch code as stored, bits 5..2 of byte 2: [`crate::arch::NONE`], an [`Arch`]
    /// code or an undefined code (see [`Header::native_arch`]).
    pub arch: u8,
    /// Sub-version, bits 1..0 of byte 2 (0 in bytecode-only files).
    pub sub_version: u8,
    /// Byte 3: small-int bits of the target.
    pub small_int_bits: u8,
    /// The arch-flags vuint, present iff bit 6 of byte 2 is set.
    pub arch_flags: Option<u64>,
    /// Number of header bytes (4, or more with arch flags).
    pub len: usize,
}

impl Header {
    /// Parse the header at the start of a file. Checks what the loader checks independently
    /// of the runtime: the magic, the version, and sub-version 3 when an arch is given.
    pub fn parse(bytes: &[u8]) -> Result<Header, &'static str> {
        let fixed = bytes.get(..HEADER_LEN).ok_or("truncated header")?;
        let &[magic, version, feature, small_int_bits] = fixed else {
            return Err("truncated header");
        };
        let flavour = Flavour::from_magic(magic).ok_or("not an .mpy file (bad magic)")?;
        if version != VERSION {
            return Err("incompatible .mpy version");
        }
        let arch = (feature >> 2) & 0x0f;
        let sub_version = feature & 3;
        if arch != crate::arch::NONE && sub_version != SUB_VERSION {
            return Err("incompatible .mpy sub-version");
        }
        let (arch_flags, len) = if feature & FLAG_ARCH_FLAGS != 0 {
            let rest = bytes.get(HEADER_LEN..).ok_or("truncated header")?;
            let (v, n) = read_vuint(rest).ok_or("truncated arch flags")?;
            (Some(v), HEADER_LEN + n)
        } else {
            (None, HEADER_LEN)
        };
        Ok(Header {
            flavour,
            version,
            feature,
            arch,
            sub_version,
            small_int_bits,
            arch_flags,
            len,
        })
    }

    /// The arch the header names, `None` for a bytecode-only file or an undefined code.
    pub fn native_arch(&self) -> Option<Arch> {
        Arch::from_code(self.arch)
    }

    /// The four fixed header bytes as mpy-cross writes them: `arch` is the arch of the machine
    /// code the file holds. For a bytecode-only file (`arch` = `None`) byte 2 is 0, or just
    /// bit 6 when arch flags follow (`4d 06 40 1f`).
    pub fn fixed_bytes(
        arch: Option<Arch>,
        small_int_bits: u8,
        has_arch_flags: bool,
    ) -> [u8; HEADER_LEN] {
        let feature = match arch {
            Some(arch) => feature_byte(arch, has_arch_flags),
            None if has_arch_flags => FLAG_ARCH_FLAGS,
            None => 0,
        };
        [MAGIC, VERSION, feature, small_int_bits]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::arch;

    #[test]
    fn bytecode_header() {
        let h = Header::parse(&[0x4d, 0x06, 0x00, 0x1f, 0x04]).unwrap();
        assert_eq!(h.arch, arch::NONE);
        assert_eq!(h.sub_version, 0);
        assert_eq!(h.small_int_bits, 31);
        assert_eq!(h.arch_flags, None);
        assert_eq!(h.len, 4);
        assert_eq!(
            Header::fixed_bytes(None, 31, false),
            [0x4d, 0x06, 0x00, 0x1f]
        );
    }

    #[test]
    fn native_headers() {
        assert_eq!(feature_byte(Arch::X64, false), 0x0b);
        assert_eq!(feature_byte(Arch::Rv32imc, true), 0x6f);
        let h = Header::parse(&[0x4d, 0x06, 0x6f, 0x1f, 0x01]).unwrap();
        assert_eq!(
            (h.native_arch(), h.sub_version, h.arch_flags, h.len),
            (Some(Arch::Rv32imc), 3, Some(1), 5)
        );
        // rv32imc flags without native code: the arch bits are 0 but bit 6 is set.
        assert_eq!(Header::fixed_bytes(None, 31, true)[2], 0x40);
        assert_eq!(Header::fixed_bytes(Some(Arch::Rv32imc), 31, true)[2], 0x6f);
        let h = Header::parse(&[0x4d, 0x06, 0x40, 0x1f, 0x01]).unwrap();
        assert_eq!((h.arch, h.arch_flags), (arch::NONE, Some(1)));
    }

    #[test]
    fn rejects_bad_headers() {
        assert!(Header::parse(b"M\x06\x00").is_err());
        assert!(Header::parse(b"X\x06\x00\x1f").is_err());
        assert!(Header::parse(b"M\x05\x00\x1f").is_err());
        assert!(Header::parse(b"M\x06\x0a\x1f").is_err()); // x64 with sub-version 2
        assert!(Header::parse(b"M\x06\x4b\x1f").is_err()); // flags announced, none present
        assert!(Header::parse(b"M\x06\x4b\x1f\x81").is_err());
        assert!(Header::parse(b"m\x06\x00\x1f").is_err());
    }

    #[test]
    fn flavours() {
        assert_eq!(
            Header::parse(b"M\x06\x00\x1f").unwrap().flavour,
            Flavour::MicroPython
        );
        assert_eq!(
            Header::parse(b"C\x06\x00\x1f").unwrap().flavour,
            Flavour::CircuitPython
        );
        assert_eq!(Flavour::CircuitPython.magic(), 0x43);
        assert_eq!(Flavour::from_magic(b'X'), None);
        assert_eq!(Flavour::MicroPython.sig_flags(), 0x0f);
        assert_eq!(Flavour::CircuitPython.sig_flags(), 0x1f);
    }

    #[test]
    fn kind_len_examples() {
        assert_eq!(kind_len(12, false, EmitKind::Bytecode), 0x60);
        assert_eq!(kind_len(13, true, EmitKind::Bytecode), 0x6c);
        assert_eq!(kind_len(31, false, EmitKind::Bytecode), 248);
        assert_eq!(kind_len(2, true, EmitKind::Viper), 0x16);
    }

    #[test]
    fn emit_kinds() {
        for k in [
            EmitKind::Bytecode,
            EmitKind::Native,
            EmitKind::Viper,
            EmitKind::Asm,
        ] {
            assert_eq!(EmitKind::from_raw_code_kind(k.raw_code_kind()), k);
            assert_eq!(kind::NAMES[usize::from(k.raw_code_kind())], k.name());
        }
        assert!(EmitKind::Bytecode.supported_on(None));
        assert!(!EmitKind::Native.supported_on(None));
        assert!(EmitKind::Viper.supported_on(Some(Arch::Debug)));
        assert!(!EmitKind::Native.supported_on(Some(Arch::Rv64imc)));
        assert!(!EmitKind::Asm.supported_on(Some(Arch::X64)));
        assert!(EmitKind::Asm.supported_on(Some(Arch::Xtensawin)));
    }
}
