//! Thumb listings for `mpyc --dump` (ARM archs): every native, viper and inline-assembler raw
//! code decoded by `mpyc_targets::thumb::decode` (GNU objdump's spelling), one instruction a
//! line (`offset: bytes  text`). Native code's data words before the prologue (prelude index,
//! generator start offset) are shown as data and decoding stops at the prelude; armv6 asm code
//! starts with a 20-byte ARM-mode trampoline, shown as ARM words. Loads from the fun-table
//! register r7 after the prologue are annotated with the entry they call.

use crate::emit::native::f::NAMES;
use mpy_format::arch::Arch;
use mpy_format::mpy::{kind, scope_flag};
use mpy_format::read::{Mpy, RawCode};
use mpyc_targets::thumb::decode;
use std::fmt::Write;

/// The listing of every machine-code raw code of `m` (arch `a`, an ARM arch).
pub(crate) fn listing(m: &Mpy<'_>, a: Arch) -> String {
    let mut out = String::new();
    if let Ok(root) = m.root() {
        let mut n = 0;
        walk(&mut out, &root, a, &mut n);
    }
    out
}

fn walk(out: &mut String, rc: &RawCode<'_>, a: Arch, n: &mut usize) {
    let index = *n;
    *n += 1;
    let name = match rc.kind {
        kind::NATIVE => Some("native"),
        kind::VIPER => Some("viper"),
        kind::ASM => Some("asm"),
        _ => None,
    };
    if let Some(name) = name {
        let _ = writeln!(
            out,
            "machine code of raw code #{index} ({name}, depth {}):",
            rc.depth
        );
        let mut start = 0;
        let mut end = rc.code.len();
        if rc.kind == kind::NATIVE {
            let generator = rc
                .prelude()
                .is_ok_and(|p| p.sig.scope_flags & scope_flag::GENERATOR != 0);
            let words = if generator { 2 } else { 1 };
            for w in 0..words {
                if let Some(b) = rc.code.get(4 * w..4 * w + 4) {
                    let label = if w == 0 {
                        "prelude index"
                    } else {
                        "start offset"
                    };
                    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    let _ = writeln!(out, "  {:04x}: .word {v:#x}  ; {label}", 4 * w);
                }
            }
            start = 4 * words;
            end = rc.prelude_offset.unwrap_or(end).min(end);
        }
        if rc.kind == kind::ASM && a == Arch::Armv6 && end >= 20 {
            for w in 0..5 {
                if let Some(b) = rc.code.get(4 * w..4 * w + 4) {
                    let v = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
                    let _ = writeln!(out, "  {:04x}: .word {v:#010x}  ; ARM", 4 * w);
                }
            }
            start = 20;
        }
        // The prologue sets r7 to the fun table in 3 loads (context, object table, entry), a
        // generator's in 1; asm code has no fun table.
        let r7_loads = match rc.kind {
            kind::ASM => None,
            _ if start == 8 => Some(1),
            _ => Some(3),
        };
        if let Some(code) = rc.code.get(start..end) {
            list(out, code, start, r7_loads);
        }
    }
    for child in rc.children().flatten() {
        walk(out, &child, a, n);
    }
}

/// Decode `code` (at offset `base` of the raw code); loads through r7 after `r7_loads` loads
/// into r7 are fun-table calls.
fn list(out: &mut String, code: &[u8], base: usize, r7_loads: Option<u32>) {
    let mut r7_writes = 0;
    for insn in decode::disassemble_at(code, base) {
        let at = insn.addr.saturating_sub(base);
        let bytes = code.get(at..at + insn.len).unwrap_or(&[]);
        let hex: Vec<String> = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let _ = write!(
            out,
            "  {:04x}: {:<12} {}",
            insn.addr,
            hex.join(" "),
            insn.text
        );
        if let Some(needed) = r7_loads {
            if let Some(i) = fun_table_entry(&insn.text) {
                if r7_writes >= needed {
                    let name = NAMES.get(i).copied().unwrap_or("?");
                    let _ = write!(out, "  ; F#{i} {name}");
                }
            }
            if insn.text.starts_with("ldr r7,") || insn.text.starts_with("ldr.w r7,") {
                r7_writes += 1;
            }
        }
        out.push('\n');
    }
}

/// `ldr rX, [r7, #4n]` / `ldr.w rX, [r7, #4n]` (X ≠ 7): fun-table entry n.
fn fun_table_entry(text: &str) -> Option<usize> {
    let rest = text
        .strip_prefix("ldr ")
        .or_else(|| text.strip_prefix("ldr.w "))?;
    let (dest, addr) = rest.split_once(", ")?;
    if dest == "r7" {
        return None;
    }
    let off = addr.strip_prefix("[r7")?.strip_suffix(']')?;
    let off = match off.strip_prefix(", #") {
        Some(n) => n.parse::<usize>().ok()?,
        None if off.is_empty() => 0,
        None => return None,
    };
    off.is_multiple_of(4).then_some(off / 4)
}
