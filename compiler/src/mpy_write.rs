//! The .mpy v6.3 writer (py/persistentcode.c `mp_raw_code_save`): header, qstr table, constant
//! table, then the raw-code tree depth first from the module.
//!
//! ```text
//! 'M' (CircuitPython: 'C') 6 flags small_int_bits | n_qstr n_obj | qstr* | obj* | raw_code(module)
//! raw_code = vuint(len << 3 | has_children << 2 | kind) code [n_children raw_code*]
//! ```

use crate::ast::Const;
use crate::compile::{Compiled, RawCode};
use crate::lower::strlit::mp_bytes;
use crate::numtext;
use mpy_format::mpy::Flavour;
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

fn put_obj(out: &mut Vec<u8>, c: &Const) {
    match c {
        Const::None => out.push(1),
        Const::False => out.push(2),
        Const::True => out.push(3),
        Const::Ellipsis => out.push(4),
        Const::Str(s) => {
            let bytes = mp_bytes(s);
            out.push(5);
            put_vuint(out, bytes.len() as u64);
            out.extend_from_slice(&bytes);
            out.push(0);
        }
        Const::Bytes(b) => {
            out.push(6);
            put_vuint(out, b.len() as u64);
            out.extend_from_slice(b);
            out.push(0);
        }
        Const::Int(i) => {
            let text = i.to_string();
            out.push(7);
            put_vuint(out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
        Const::Float(f) => {
            let text = numtext::float_repr(*f);
            out.push(8);
            put_vuint(out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
        Const::Complex(f) => {
            let text = numtext::complex_repr(*f);
            out.push(9);
            put_vuint(out, text.len() as u64);
            out.extend_from_slice(text.as_bytes());
        }
        Const::Tuple(items) => {
            out.push(10);
            put_vuint(out, items.len() as u64);
            for i in items.iter() {
                put_obj(out, i);
            }
        }
    }
}

fn put_raw_code(out: &mut Vec<u8>, raw: &[RawCode], idx: usize, depth: usize) {
    let Some(rc) = raw.get(idx) else { return };
    let has_children = !rc.children.is_empty();
    put_vuint(
        out,
        (rc.code.len() as u64) << 3 | u64::from(has_children) << 2,
    );
    out.extend_from_slice(&rc.code);
    if has_children && depth < 10_000 {
        put_vuint(out, rc.children.len() as u64);
        for &c in &rc.children {
            put_raw_code(out, raw, c, depth + 1);
        }
    }
}

/// Serialise a compiled module.
pub(crate) fn write(c: &Compiled, small_int_bits: u8, flavour: Flavour) -> Vec<u8> {
    let mut out = vec![flavour.magic(), mpy_format::mpy::VERSION, 0, small_int_bits];
    put_vuint(&mut out, c.common.qstrs.len() as u64);
    put_vuint(&mut out, c.common.objs.len() as u64);
    for q in &c.common.qstrs {
        put_qstr(&mut out, q);
    }
    for o in &c.common.objs {
        put_obj(&mut out, o);
    }
    put_raw_code(&mut out, &c.raw_codes, 0, 0);
    out
}
