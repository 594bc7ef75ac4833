//! The `binascii` module (MicroPython's `extmod/modbinascii.c`) and the hex methods it shares
//! with bytes (`objstr.c`'s `mp_obj_bytes_hex`/`mp_obj_bytes_fromhex`): `hexlify(data[,
//! sep])`, `unhexlify(text)`, `a2b_base64(text)`, `b2a_base64(data, *, newline=True)`,
//! `crc32(data[, crc])`; `bytes.hex([sep])`, `bytearray.hex([sep])`, `bytes.fromhex(text)`
//! and `bytearray.fromhex(text)`.
//!
//! Every argument called data or text is a buffer: str, bytes, bytearray or array.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{Port, Vm, R};

/// Length of buffer `o`, or the reference's TypeError.
fn buf_len<P: Port>(vm: &mut Vm<P>, o: Obj) -> R<usize> {
    if vm.is_str(o)
        || (o.is_ptr()
            && matches!(
                vm.tid(o),
                T::Bytes | T::ByteArray | T::Array | T::MemoryView
            ))
    {
        Ok(vm.bytes_data(o).len())
    } else {
        Err(vm.err(T::TypeError, "object with buffer protocol required"))
    }
}

fn str_arg<P: Port>(vm: &mut Vm<P>, o: Obj) -> R<()> {
    if vm.is_str(o) {
        Ok(())
    } else {
        Err(vm.err_not_str(o))
    }
}

/// A new object of type `t` (bytes, bytearray or str) of `n` bytes and its data offset; `keep`
/// stays rooted across the allocation.
fn new_out<P: Port>(vm: &mut Vm<P>, t: T, n: usize, keep: Obj) -> R<(Obj, usize)> {
    vm.root(keep)?;
    let r = if t == T::ByteArray {
        vm.new_bytearray(n).map(|o| (o, vm.ba_off(o)))
    } else {
        vm.new_str_raw(t, n)
    };
    vm.unroot(1);
    r
}

fn finish<P: Port>(vm: &mut Vm<P>, t: T, o: Obj) -> Obj {
    if t == T::ByteArray {
        o
    } else {
        vm.finish_str(o)
    }
}

/// `data.hex([sep])` as an object of type `t` (str for the method, bytes for hexlify).
pub(crate) fn hex<P: Port>(vm: &mut Vm<P>, t: T, data: Obj, sep: Option<Obj>) -> R<Obj> {
    let n = buf_len(vm, data)?;
    if n == 0 {
        return vm.new_strish(t, b"");
    }
    // The separator's first byte (str or bytes, as mp_obj_str_get_str takes).
    let sep = match sep {
        Some(s) => {
            if !(s.is_ptr() && vm.tid(s) == T::Bytes) {
                str_arg(vm, s)?;
            }
            Some(vm.str_data(s).first().copied().unwrap_or(0))
        }
        None => None,
    };
    let out_len = 2 * n + if sep.is_some() { n - 1 } else { 0 };
    let (o, off) = new_out(vm, t, out_len, data)?;
    let digits = b"0123456789abcdef";
    let mut p = off;
    for i in 0..n {
        let c = vm.bytes_data(data)[i];
        let w = vm.heap.bytes_mut(p, 2);
        w[0] = digits[(c >> 4) as usize];
        w[1] = digits[(c & 15) as usize];
        p += 2;
        if let Some(s) = sep {
            if i + 1 < n {
                vm.heap.bytes_mut(p, 1)[0] = s;
                p += 1;
            }
        }
    }
    Ok(finish(vm, t, o))
}

/// `fromhex(text)` as type `t`: pairs of hex digits, whitespace between pairs skipped.
pub(crate) fn fromhex<P: Port>(vm: &mut Vm<P>, t: T, text: Obj) -> R<Obj> {
    let n = buf_len(vm, text)?;
    let mut out = 0;
    let mut i = 0;
    // First pass: validate and count.
    while i < n {
        let c = vm.bytes_data(text)[i];
        i += 1;
        if c.is_ascii_whitespace() || c == 0x0b {
            continue;
        }
        let ok = i < n && c.is_ascii_hexdigit() && vm.bytes_data(text)[i].is_ascii_hexdigit();
        if !ok {
            return Err(vm.err(T::ValueError, "non-hex digit"));
        }
        i += 1;
        out += 1;
    }
    let (o, off) = new_out(vm, t, out, text)?;
    let (mut i, mut p) = (0, off);
    let val = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    while i < n {
        let c = vm.bytes_data(text)[i];
        i += 1;
        if c.is_ascii_whitespace() || c == 0x0b {
            continue;
        }
        let d = vm.bytes_data(text)[i];
        i += 1;
        vm.heap.bytes_mut(p, 1)[0] = (val(c) << 4) | val(d);
        p += 1;
    }
    Ok(finish(vm, t, o))
}

/// The value of a base64 alphabet character (not the pad).
fn sextet(c: u8) -> Option<u32> {
    match c {
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decode base64 from `text`, writing the bytes at heap offset `out` if given; the number
/// of bytes, or None for a padding error. Characters outside the alphabet are skipped; a pad
/// ends the data when the bits so far make whole bytes.
fn a2b<P: Port>(vm: &mut Vm<P>, text: Obj, out: Option<usize>) -> Option<usize> {
    let n = vm.bytes_data(text).len();
    let (mut shift, mut nbits, mut hadpad, mut len) = (0u32, 0u32, false, 0usize);
    for i in 0..n {
        let c = vm.bytes_data(text)[i];
        if c == b'=' {
            if nbits == 2 || (nbits == 4 && hadpad) {
                nbits = 0;
                break;
            }
            hadpad = true;
        }
        let Some(s) = sextet(c) else {
            continue;
        };
        hadpad = false;
        shift = (shift << 6) | s;
        nbits += 6;
        if nbits >= 8 {
            nbits -= 8;
            if let Some(off) = out {
                vm.heap.bytes_mut(off + len, 1)[0] = (shift >> nbits) as u8;
            }
            len += 1;
        }
    }
    (nbits == 0).then_some(len)
}

fn a2b_base64<P: Port>(vm: &mut Vm<P>, text: Obj) -> R<Obj> {
    buf_len(vm, text)?;
    let Some(n) = a2b(vm, text, None) else {
        return Err(vm.err(T::ValueError, "incorrect padding"));
    };
    let (o, off) = new_out(vm, T::Bytes, n, text)?;
    a2b(vm, text, Some(off));
    Ok(vm.finish_str(o))
}

/// `b2a_base64(data, *, newline=True)`.
fn b2a_base64<P: Port>(vm: &mut Vm<P>, data: Obj, newline: bool) -> R<Obj> {
    let n = buf_len(vm, data)?;
    let groups = n.div_ceil(3);
    let nl = usize::from(newline);
    let (o, off) = new_out(vm, T::Bytes, groups * 4 + nl, data)?;
    let alpha = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for g in 0..groups {
        let mut b = [0u8; 3];
        let k = (n - 3 * g).min(3);
        for (j, x) in b.iter_mut().enumerate().take(k) {
            *x = vm.bytes_data(data)[3 * g + j];
        }
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let mut q = [b'='; 4];
        for (j, c) in q.iter_mut().enumerate().take(k + 1) {
            *c = alpha[((v >> (18 - 6 * j)) & 63) as usize];
        }
        vm.heap.bytes_mut(off + 4 * g, 4).copy_from_slice(&q);
    }
    if newline {
        vm.heap.bytes_mut(off + groups * 4, 1)[0] = b'\n';
    }
    Ok(vm.finish_str(o))
}

/// CRC-32 (the zlib polynomial, reflected) of `data` continuing from `crc`.
fn crc32(mut crc: u32, data: &[u8]) -> u32 {
    crc = !crc;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// The low 32 bits of an int argument (`mp_obj_get_int_truncated`).
fn u32_arg<P: Port>(vm: &mut Vm<P>, o: Obj) -> R<u32> {
    if let Some(v) = vm.int_val(o) {
        return Ok(v as u32);
    }
    let b = crate::modstruct::int_le(vm, o)?;
    Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        BA_HEXLIFY | BYTES_HEX => {
            // hexlify(data[, sep]) and data.hex([sep]): the same arguments, bytes or str out.
            let t = if id == BA_HEXLIFY { T::Bytes } else { T::Str };
            arg_count(vm, a, 1, 2)?;
            let data = a.get(vm, 0);
            let sep = (a.n > 1).then(|| a.get(vm, 1));
            hex(vm, t, data, sep)
        }
        BA_UNHEXLIFY => {
            arg_count(vm, a, 1, 1)?;
            let text = a.get(vm, 0);
            fromhex(vm, T::Bytes, text)
        }
        BYTES_FROMHEX => {
            // A classmethod: the class, then the text.
            arg_count(vm, a, 2, 2)?;
            let cls = a.get(vm, 0);
            let t = if cls == vm.tobj(T::ByteArray) {
                T::ByteArray
            } else {
                T::Bytes
            };
            let text = a.get(vm, 1);
            fromhex(vm, t, text)
        }
        BA_A2B_BASE64 => {
            arg_count(vm, a, 1, 1)?;
            let text = a.get(vm, 0);
            a2b_base64(vm, text)
        }
        BA_B2A_BASE64 => {
            if a.n != 1 {
                arg_count(vm, &Args { n_kw: 0, ..*a }, 1, 1)?;
            }
            let mut newline = true;
            for k in 0..a.n_kw {
                let key = Obj(vm.heap.ps[a.base + a.n + 2 * k]);
                if !(vm.is_str(key) && vm.str_data(key) == b"newline") {
                    return Err(vm.errf(
                        T::TypeError,
                        &[
                            Part::S("unexpected keyword argument '"),
                            Part::O(key),
                            Part::S("'"),
                        ],
                    ));
                }
                let v = Obj(vm.heap.ps[a.base + a.n + 2 * k + 1]);
                newline = vm.truthy(v)?;
            }
            let data = a.get(vm, 0);
            b2a_base64(vm, data, newline)
        }
        _ => {
            // BA_CRC32
            arg_count(vm, a, 1, 2)?;
            let data = a.get(vm, 0);
            buf_len(vm, data)?;
            let init = if a.n > 1 {
                let c = a.get(vm, 1);
                u32_arg(vm, c)?
            } else {
                0
            };
            let c = crc32(init, vm.bytes_data(data));
            vm.new_int(i128::from(c))
        }
    }
}
