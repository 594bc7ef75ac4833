//! The .mpy v6.3 writer (py/persistentcode.c `mp_raw_code_save`): header, qstr table, constant
//! table, then the raw-code tree depth first from the module. Every byte layout (header bytes,
//! constant tags, `kind_len` packing) is `mpy_format::mpy`'s; this module only walks the
//! compiled module.
//!
//! ```text
//! header | n_qstr n_obj | qstr* | obj* | raw_code(module)
//! raw_code = vuint(kind_len) code [n_children raw_code*]
//! ```

use crate::ast::Const;
use crate::compile::{Compiled, RawCode};
use crate::error::CompileError;
use crate::lower::strlit::mp_bytes;
use crate::numtext;
use mpy_format::arch::Arch;
use mpy_format::mpy::{kind_len, tag, EmitKind, Flavour, Header};
use mpy_format::varint::vuint;

fn put_vuint(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(vuint(v).as_slice());
}

fn put_qstr(out: &mut Vec<u8>, s: &str) {
    match mpy_format::qstr::static_qstr(s) {
        Some(n) => put_vuint(out, (n as u64) << 1 | 1),
        None => {
            let bytes = mp_bytes(s);
            put_vuint(out, (bytes.len() as u64) << 1);
            out.extend_from_slice(&bytes);
            out.push(0);
        }
    }
}

/// A tag, then a length-prefixed payload, NUL-terminated for str and bytes.
fn put_sized(out: &mut Vec<u8>, tag: u8, payload: &[u8], nul: bool) {
    out.push(tag);
    put_vuint(out, payload.len() as u64);
    out.extend_from_slice(payload);
    if nul {
        out.push(0);
    }
}

fn put_obj(out: &mut Vec<u8>, c: &Const) {
    match c {
        Const::FunTable => out.push(tag::FUN_TABLE),
        Const::None => out.push(tag::NONE),
        Const::False => out.push(tag::FALSE),
        Const::True => out.push(tag::TRUE),
        Const::Ellipsis => out.push(tag::ELLIPSIS),
        Const::Str(s) => put_sized(out, tag::STR, &mp_bytes(s), true),
        Const::Bytes(b) => put_sized(out, tag::BYTES, b, true),
        Const::Int(i) => put_sized(out, tag::INT, i.to_string().as_bytes(), false),
        Const::Float(f) => put_sized(out, tag::FLOAT, numtext::float_repr(*f).as_bytes(), false),
        Const::Complex(f) => put_sized(
            out,
            tag::COMPLEX,
            numtext::complex_repr(*f).as_bytes(),
            false,
        ),
        Const::Tuple(items) => {
            out.push(tag::TUPLE);
            put_vuint(out, items.len() as u64);
            for i in items.iter() {
                put_obj(out, i);
            }
        }
    }
}

/// Most entries a table of the loaded module may hold: MicroPython's loader keeps qstr indices,
/// `n_state` and `n_children` in 16-bit fields (py/qstr.h `qstr_short_t`, py/bc.h
/// `mp_code_state_t`, py/emitglue.h `mp_raw_code_t`), so a .mpy beyond them would load wrong.
/// The reference never writes one: its 2 MiB heap runs out first (`MemoryError`).
const LOADER_MAX: usize = 0xFFFF;

/// The error for a module too big for MicroPython to load (see [`LOADER_MAX`]).
fn too_big() -> CompileError {
    CompileError::new("MemoryError", "memory allocation failed")
}

/// The raw-code tree depth first from the module, without recursion (a module may nest scopes
/// tens of thousands deep) and without ever leaving a child out.
fn put_raw_codes(out: &mut Vec<u8>, raw: &[RawCode]) -> Result<(), CompileError> {
    // Raw codes still to write, the next on top.
    let mut todo = vec![0usize];
    while let Some(idx) = todo.pop() {
        let rc = raw
            .get(idx)
            .ok_or_else(|| CompileError::new("RuntimeError", "internal error: missing raw code"))?;
        if rc.children.len() > LOADER_MAX {
            return Err(too_big());
        }
        let has_children = !rc.children.is_empty();
        put_vuint(out, kind_len(rc.code.len() as u64, has_children, rc.kind));
        out.extend_from_slice(&rc.code);
        match rc.kind {
            EmitKind::Bytecode => {}
            // The reference keeps the prelude offset in a 16-bit field.
            EmitKind::Native => put_vuint(out, (rc.prelude_offset & 0xffff) as u64),
            // Scope flags: always 0 for viper (no generator, varargs or default keywords).
            EmitKind::Viper => put_vuint(out, 0),
            // Asm: scope flags (always 0), n_pos_args, type signature (return type).
            EmitKind::Asm => {
                put_vuint(out, 0);
                put_vuint(out, rc.n_pos_args.into());
                put_vuint(out, rc.type_sig.into());
            }
        }
        if has_children {
            put_vuint(out, rc.children.len() as u64);
            todo.extend(rc.children.iter().rev());
        }
    }
    Ok(())
}

/// Serialise a compiled module. The header names `arch` only if some raw code is machine code
/// (mpy-cross records the arch and sub-version only then).
pub(crate) fn write(
    c: &Compiled,
    small_int_bits: u8,
    arch: Option<Arch>,
    flavour: Flavour,
) -> Result<Vec<u8>, CompileError> {
    if c.common.qstrs.len() > LOADER_MAX {
        return Err(too_big());
    }
    let has_machine_code = c.raw_codes.iter().any(|rc| rc.kind.is_machine_code());
    if has_machine_code && flavour == Flavour::CircuitPython {
        return Err(crate::pipeline::circuitpython_native());
    }
    let header_arch = arch.filter(|_| has_machine_code);
    let mut out = Header::fixed_bytes(header_arch, small_int_bits, false).to_vec();
    // Byte 0 is the flavour's magic (`C` for CircuitPython); the rest is the same.
    if let Some(magic) = out.first_mut() {
        *magic = flavour.magic();
    }
    put_vuint(&mut out, c.common.qstrs.len() as u64);
    put_vuint(&mut out, c.common.objs.len() as u64);
    for q in &c.common.qstrs {
        put_qstr(&mut out, q);
    }
    for o in &c.common.objs {
        put_obj(&mut out, o);
    }
    put_raw_codes(&mut out, &c.raw_codes)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::EmitCommon;
    use mpy_format::mpy::{EmitKind, Header};
    use mpy_format::varint::read_vuint;

    /// A module whose only raw code is three bytes of `kind`.
    fn module(kind: EmitKind) -> Compiled {
        let raw = RawCode {
            kind,
            code: vec![0; 3],
            ..RawCode::default()
        };
        Compiled {
            common: EmitCommon::new("m.py"),
            raw_codes: vec![raw],
        }
    }

    /// The `kind_len` of the module's raw code (after the header and the two empty tables,
    /// given that `module` interns one static-or-short qstr at most).
    fn module_kind_len(mpy: &[u8], n_qstr_bytes: usize) -> u64 {
        let at = 4 + 2 + n_qstr_bytes;
        read_vuint(&mpy[at..]).map_or(u64::MAX, |(v, _)| v)
    }

    #[test]
    fn header_names_the_arch_only_with_machine_code() {
        let bytecode = write(
            &module(EmitKind::Bytecode),
            31,
            Some(Arch::X64),
            Flavour::MicroPython,
        )
        .unwrap();
        assert_eq!(bytecode[..4], [b'M', 6, 0, 31]);
        let native = write(
            &module(EmitKind::Native),
            31,
            Some(Arch::X64),
            Flavour::MicroPython,
        )
        .unwrap();
        assert_eq!(native[..4], [b'M', 6, 0x0b, 31]);
        let h = Header::parse(&native).unwrap();
        assert_eq!(h.native_arch(), Some(Arch::X64));
        // Same tables either way: the raw code's kind_len differs only in its kind bits.
        let n = bytecode.len() - 4 - 2 - 1 - 3;
        assert_eq!(module_kind_len(&bytecode, n), 3 << 3);
        assert_eq!(module_kind_len(&native, n), 3 << 3 | 1);
        let viper = write(
            &module(EmitKind::Viper),
            31,
            Some(Arch::Armv7m),
            Flavour::MicroPython,
        )
        .unwrap();
        assert_eq!(viper[2], 0x17);
    }
}
