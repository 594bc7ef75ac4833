//! Disassembly of the machine code in a .mpy for `mpyc --dump`: for x86 and x64 files, every
//! native and viper raw code is decoded with iced-x86 (Intel syntax), one instruction a line
//! (`offset: bytes  text`), with calls through the fun table named (`mov rax, [rbp+0x168]` is
//! annotated `; F#45 setup_code_state`). The data words before the prologue (prelude index,
//! generator start offset) are shown as data, and decoding stops at the prelude.
//!
//! ARM archs are listed by [`crate::thumb_dump`]; other archs keep the hex dump of
//! `mpy_format::disasm` only.

use crate::emit::native::f::NAMES;
use iced_x86::{Decoder, DecoderOptions, Formatter, Instruction, IntelFormatter, OpKind, Register};
use mpy_format::arch::Arch;
use mpy_format::mpy::kind;
use mpy_format::read::{Mpy, RawCode};
use std::fmt::Write;

/// The machine-code listing of `mpy` (empty when it has no x86/x64 code or cannot be read).
pub fn listing(mpy: &[u8]) -> String {
    let mut out = String::new();
    let Ok(m) = Mpy::parse(mpy) else {
        return out;
    };
    let arch = m.header.native_arch();
    let (bits, word) = match arch {
        Some(Arch::X64) => (64, 8),
        Some(Arch::X86) => (32, 4),
        Some(
            a @ (Arch::Armv6
            | Arch::Armv6m
            | Arch::Armv7m
            | Arch::Armv7em
            | Arch::Armv7emsp
            | Arch::Armv7emdp),
        ) => return crate::thumb_dump::listing(&m, a),
        _ => return out,
    };
    let Ok(root) = m.root() else {
        return out;
    };
    let mut n = 0;
    walk(&mut out, &root, bits, word, &mut n);
    out
}

fn walk(out: &mut String, rc: &RawCode<'_>, bits: u32, word: usize, n: &mut usize) {
    let index = *n;
    *n += 1;
    if rc.kind == kind::NATIVE || rc.kind == kind::VIPER {
        let name = if rc.kind == kind::NATIVE {
            "native"
        } else {
            "viper"
        };
        let _ = writeln!(
            out,
            "machine code of raw code #{index} ({name}, depth {}):",
            rc.depth
        );
        let (start, end) = if rc.kind == kind::NATIVE {
            let generator = rc
                .prelude()
                .is_ok_and(|p| p.sig.scope_flags & mpy_format::mpy::scope_flag::GENERATOR != 0);
            let words = if generator { 2 } else { 1 };
            let end = rc
                .prelude_offset
                .unwrap_or(rc.code.len())
                .min(rc.code.len());
            for w in 0..words {
                if let Some(bytes) = rc.code.get(w * word..(w + 1) * word) {
                    let mut v = [0u8; 8];
                    v[..word].copy_from_slice(bytes);
                    let label = if w == 0 {
                        "prelude index"
                    } else {
                        "start offset"
                    };
                    let _ = writeln!(
                        out,
                        "  {:04x}: .word {:#x}  ; {label}",
                        w * word,
                        u64::from_le_bytes(v)
                    );
                }
            }
            (words * word, end)
        } else {
            (0, rc.code.len())
        };
        // The prologue loads the fun-table register in 3 steps (context, object table,
        // entry), a generator's in 1: only loads after that are fun-table entries.
        let ft_writes = if start == 2 * word { 1 } else { 3 };
        if let Some(code) = rc.code.get(start..end) {
            disassemble(out, code, start as u64, bits, ft_writes);
        }
    }
    for child in rc.children().flatten() {
        walk(out, &child, bits, word, n);
    }
}

fn disassemble(out: &mut String, code: &[u8], base: u64, bits: u32, ft_writes: u32) {
    let ft = if bits == 64 {
        Register::RBP
    } else {
        Register::EBP
    };
    let mut writes = 0;
    let mut d = Decoder::with_ip(bits, code, base, DecoderOptions::NONE);
    let mut fmt = IntelFormatter::new();
    let o = fmt.options_mut();
    o.set_hex_prefix("0x");
    o.set_hex_suffix("");
    o.set_uppercase_hex(false);
    o.set_space_after_operand_separator(true);
    o.set_branch_leading_zeros(false);
    o.set_leading_zeros(false);
    let mut insn = Instruction::default();
    while d.can_decode() {
        d.decode_out(&mut insn);
        let pos = (insn.ip() - base) as usize;
        let bytes = code.get(pos..pos + insn.len()).unwrap_or(&[]);
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let mut text = String::new();
        if insn.is_invalid() {
            text.push_str("(bad)");
        } else {
            fmt.format(&insn, &mut text);
        }
        let _ = write!(out, "  {:04x}: {:<30} {text}", insn.ip(), hex.join(" "));
        if writes >= ft_writes {
            if let Some(i) = fun_table_index(&insn, bits) {
                let name = NAMES.get(i).copied().unwrap_or("?");
                let _ = write!(out, "  ; F#{i} {name}");
            }
        } else if insn.op_count() == 2 && insn.op0_register() == ft {
            writes += 1;
        }
        out.push('\n');
    }
}

/// `mov r, [rbp/ebp + W*n]`: a load from the fun table (the register holding it).
fn fun_table_index(insn: &Instruction, bits: u32) -> Option<usize> {
    let base = if bits == 64 {
        Register::RBP
    } else {
        Register::EBP
    };
    // The prologue's `mov rbp, [rbp+k]` walks to the table itself: not an entry.
    let is_load = insn.mnemonic() == iced_x86::Mnemonic::Mov
        && insn.op_count() == 2
        && insn.op0_register() != base
        && insn.op1_kind() == OpKind::Memory
        && insn.memory_base() == base
        && insn.memory_index() == Register::None;
    if !is_load {
        return None;
    }
    let w = if bits == 64 { 8 } else { 4 };
    let disp = insn.memory_displacement64() as usize;
    disp.is_multiple_of(w).then_some(disp / w)
}
