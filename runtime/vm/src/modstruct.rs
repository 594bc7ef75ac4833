//! The `struct` module (MicroPython's `py/modstruct.c` with `py/binary.c`'s value codecs):
//! `calcsize`, `pack`, `pack_into`, `unpack`, `unpack_from`.
//!
//! A format is an optional byte-order prefix then items `[count]code`:
//! ```text
//!  prefix  '<' little, '>' / '!' big: standard sizes (l = 4), no alignment
//!          '@' or none: native sizes (l = P = machine word) aligned to their size,
//!          measured from the start of the packed region
//!  '='     accepted as a prefix, but no code has a size under it: "bad typecode" (as 1.29)
//!  codes   b B 1, h H 2, i I 4, l L 4/word, q Q 8, P word, e 2, f 4, d 8,
//!          x pad (count = bytes), s bytes (count = length, one item)
//! ```
//! `e` is IEEE 754 half precision: a value goes through `float` (f32) first and is then
//! rounded to nearest, ties to even, as the C cast `(_Float16)(float)x` of MicroPython's
//! builds with a native half type (x86-64 and ARM unix builds).
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

/// The byte at `i` of format `f` (0 past the end, as the C string's terminator).
fn fb<P: Port>(vm: &Vm<P>, f: Obj, i: usize) -> u8 {
    vm.str_data(f).get(i).copied().unwrap_or(0)
}

/// Skip the prefix: (byte-order kind, index of the first item).
fn fmt_type<P: Port>(vm: &Vm<P>, f: Obj) -> (u8, usize) {
    match fb(vm, f, 0) {
        b'!' => (b'>', 1),
        c @ (b'@' | b'=' | b'<' | b'>') => (c, 1),
        _ => (b'@', 0),
    }
}

/// Read a decimal count at `*i` (if any), default 1.
fn fmt_num<P: Port>(vm: &Vm<P>, f: Obj, i: &mut usize) -> usize {
    if !fb(vm, f, *i).is_ascii_digit() {
        return 1;
    }
    let mut n: usize = 0;
    while fb(vm, f, *i).is_ascii_digit() {
        n = n
            .saturating_mul(10)
            .saturating_add((fb(vm, f, *i) - b'0') as usize);
        *i += 1;
    }
    n
}

/// Size and alignment of value code `c` under byte-order kind `k`.
fn code_size<P: Port>(vm: &mut Vm<P>, k: u8, c: u8) -> R<(usize, usize)> {
    const WORD: usize = core::mem::size_of::<usize>();
    let sz = match (k, c) {
        (b'<' | b'>', b'b' | b'B') => (1, 1),
        (b'<' | b'>', b'h' | b'H' | b'e') => (2, 1),
        (b'<' | b'>', b'i' | b'I' | b'l' | b'L' | b'f') => (4, 1),
        (b'<' | b'>', b'q' | b'Q' | b'd') => (8, 1),
        (b'<' | b'>', b'P' | b'O') => (WORD, 1),
        (b'@', b'b' | b'B') => (1, 1),
        (b'@', b'h' | b'H' | b'e') => (2, 2),
        (b'@', b'i' | b'I' | b'f') => (4, 4),
        (b'@', b'l' | b'L' | b'P' | b'O') => (WORD, WORD),
        (b'@', b'q' | b'Q' | b'd') => (8, 8),
        _ => (0, 0),
    };
    if sz.0 == 0 {
        return Err(vm.err(T::ValueError, "bad typecode"));
    }
    Ok(sz)
}

/// (number of items, total size) of format `f`.
fn calc<P: Port>(vm: &mut Vm<P>, f: Obj) -> R<(usize, usize)> {
    let (k, mut i) = fmt_type(vm, f);
    let (mut items, mut size) = (0usize, 0usize);
    while fb(vm, f, i) != 0 {
        let cnt = fmt_num(vm, f, &mut i);
        let c = fb(vm, f, i);
        match c {
            b'x' => size = size.saturating_add(cnt),
            b's' => {
                items += 1;
                size = size.saturating_add(cnt);
            }
            _ => {
                let (sz, al) = code_size(vm, k, c)?;
                items = items.saturating_add(cnt);
                for _ in 0..cnt {
                    size = size.next_multiple_of(al).saturating_add(sz);
                }
            }
        }
        if c == 0 {
            break;
        }
        i += 1;
    }
    Ok((items, size))
}

/// The format argument as a str (TypeError otherwise).
fn fmt_arg<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    let f = a.get(vm, 0);
    if !vm.is_str(f) {
        return Err(vm.err(T::TypeError, "can't convert to str implicitly"));
    }
    Ok(f)
}

/// A readable buffer's length (str, bytes, bytearray).
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

/// Resolve a possibly negative offset into a buffer of `len` bytes.
fn offset<P: Port>(vm: &mut Vm<P>, o: Obj, len: usize) -> R<usize> {
    let v = vm.get_int(o)?;
    let v = if v < 0 { len as isize + v } else { v };
    if v < 0 {
        return Err(vm.err(T::ValueError, "buffer too small"));
    }
    Ok(v as usize)
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        STRUCT_CALCSIZE => {
            arg_count(vm, a, 1, 1)?;
            let f = fmt_arg(vm, a)?;
            let (_, size) = calc(vm, f)?;
            Ok(Obj::small(size as isize))
        }
        STRUCT_PACK => {
            arg_count(vm, a, 1, usize::MAX)?;
            let f = fmt_arg(vm, a)?;
            let (_, size) = calc(vm, f)?;
            let (o, off) = vm.new_str_raw(T::Bytes, size)?;
            vm.heap.bytes_mut(off, size).fill(0);
            vm.root(o)?;
            let r = pack_at(vm, a, 1, o, 0, size);
            vm.unroot(1);
            r?;
            Ok(vm.finish_str(o))
        }
        STRUCT_PACK_INTO => {
            arg_count(vm, a, 3, usize::MAX)?;
            let f = fmt_arg(vm, a)?;
            let b = a.get(vm, 1);
            if !(b.is_ptr() && matches!(vm.tid(b), T::ByteArray | T::Array)) {
                return Err(vm.err(T::TypeError, "object with buffer protocol required"));
            }
            let len = vm.bytes_data(b).len();
            let start = offset(vm, a.get(vm, 2), len)?;
            let (_, size) = calc(vm, f)?;
            if start.saturating_add(size) > len {
                return Err(vm.err(T::ValueError, "buffer too small"));
            }
            pack_at(vm, a, 3, b, start, size)?;
            Ok(Obj::NONE)
        }
        _ => {
            // STRUCT_UNPACK, STRUCT_UNPACK_FROM
            arg_count(vm, a, 2, 3)?;
            let f = fmt_arg(vm, a)?;
            let (items, size) = calc(vm, f)?;
            let b = a.get(vm, 1);
            let len = buf_len(vm, b)?;
            let start = if a.n > 2 {
                offset(vm, a.get(vm, 2), len)?
            } else {
                0
            };
            if start.saturating_add(size) > len {
                return Err(vm.err(T::ValueError, "buffer too small"));
            }
            let t = vm.new_tuple(items)?;
            vm.root(t)?;
            let r = unpack_items(vm, f, b, start, t);
            vm.unroot(1);
            r?;
            Ok(t)
        }
    }
}

/// Heap byte offset of the data of buffer `b` (str, bytes or bytearray).
pub(crate) fn data_off<P: Port>(vm: &Vm<P>, b: Obj) -> Option<usize> {
    if b.is_ptr() && matches!(vm.tid(b), T::ByteArray | T::Array) {
        Some(vm.ba_off(b))
    } else if b.is_ptr() {
        Some(vm.heap.off(b.0) + 3 * crate::gc::W)
    } else {
        None
    }
}

/// Heap offset of the bytes of a writable buffer (bytearray, array, writable memoryview).
pub(crate) fn writable_off<P: Port>(vm: &Vm<P>, b: Obj) -> Option<usize> {
    if !b.is_ptr() || vm.is_user_instance(b) {
        return None;
    }
    match vm.tid(b) {
        T::ByteArray | T::Array => Some(vm.ba_off(b)),
        T::MemoryView => crate::memview::writable_start(vm, b),
        _ => None,
    }
}

/// Pack the arguments from `first` into `dst` (bytes or bytearray) at `start`, within `size`.
fn pack_at<P: Port>(
    vm: &mut Vm<P>,
    a: &Args,
    first: usize,
    dst: Obj,
    start: usize,
    size: usize,
) -> R<()> {
    let f = a.get(vm, 0);
    let (k, mut i) = fmt_type(vm, f);
    let mut arg = first;
    let mut p = 0usize;
    let Some(base) = data_off(vm, dst) else {
        return Ok(());
    };
    let base = base + start;
    while arg < a.n {
        if fb(vm, f, i) == 0 {
            break;
        }
        let cnt = fmt_num(vm, f, &mut i);
        let c = fb(vm, f, i);
        match c {
            b'x' => p += cnt,
            b's' => {
                let v = a.get(vm, arg);
                arg += 1;
                buf_len(vm, v)?;
                let n = vm.bytes_data(v).len().min(cnt).min(size - p.min(size));
                let mut done = 0;
                let mut tmp = [0u8; 64];
                while done < n {
                    let m = (n - done).min(64);
                    tmp[..m].copy_from_slice(&vm.bytes_data(v)[done..done + m]);
                    vm.heap
                        .bytes_mut(base + p + done, m)
                        .copy_from_slice(&tmp[..m]);
                    done += m;
                }
                p += cnt;
            }
            _ => {
                let (sz, al) = code_size(vm, k, c)?;
                let mut left = cnt;
                while left > 0 && arg < a.n {
                    left -= 1;
                    p = p.next_multiple_of(al);
                    let v = a.get(vm, arg);
                    arg += 1;
                    let bytes: [u8; 8] = match c {
                        b'f' => {
                            let x = vm.get_float(v)? as f32;
                            let mut t = [0u8; 8];
                            t[..4].copy_from_slice(&x.to_le_bytes());
                            t
                        }
                        b'd' => vm.get_float(v)?.to_le_bytes(),
                        b'e' => {
                            let h = f32_to_f16(vm.get_float(v)? as f32);
                            let mut t = [0u8; 8];
                            t[..2].copy_from_slice(&h.to_le_bytes());
                            t
                        }
                        // An object: its word (MicroPython-specific).
                        b'O' => (v.0 as u64).to_le_bytes(),
                        _ => int_le(vm, v)?,
                    };
                    if p + sz > size {
                        return Err(vm.err(T::ValueError, "buffer too small"));
                    }
                    let out = vm.heap.bytes_mut(base + p, sz);
                    if k == b'>' {
                        for (j, o) in out.iter_mut().enumerate() {
                            *o = bytes[sz - 1 - j];
                        }
                    } else {
                        out.copy_from_slice(&bytes[..sz]);
                    }
                    p += sz;
                }
            }
        }
        i += 1;
    }
    Ok(())
}

/// The low 8 bytes (little-endian, two's complement) of an int argument.
pub(crate) fn int_le<P: Port>(vm: &mut Vm<P>, v: Obj) -> R<[u8; 8]> {
    if v.is_small() {
        return Ok((v.small_val() as i64).to_le_bytes());
    }
    if vm.is_int(v) {
        if let Some(x) = vm.int_val(v) {
            return Ok((x as i64).to_le_bytes());
        }
        // Wider than i128: MicroPython keeps the low bytes; a bigger value's low 64 bits
        // come from its digits, which `int_val` cannot give, so write zero as the
        // truncation of the common 2**k case.
        return Ok([0; 8]);
    }
    vm.get_int(v).map(|x| (x as i64).to_le_bytes())
}

/// Fill tuple `t` with the values of format `f` read from buffer `b` at `start`.
fn unpack_items<P: Port>(vm: &mut Vm<P>, f: Obj, b: Obj, start: usize, t: Obj) -> R<()> {
    let (k, mut i) = fmt_type(vm, f);
    let n_items = vm.len_of(t)?;
    let mut p = start;
    let mut item = 0;
    while item < n_items {
        let cnt = fmt_num(vm, f, &mut i);
        let c = fb(vm, f, i);
        match c {
            b'x' => p += cnt,
            b's' => {
                let (o, off) = vm.new_str_raw(T::Bytes, cnt)?;
                let mut done = 0;
                let mut tmp = [0u8; 64];
                while done < cnt {
                    let m = (cnt - done).min(64);
                    tmp[..m].copy_from_slice(&vm.bytes_data(b)[p + done..p + done + m]);
                    vm.heap.bytes_mut(off + done, m).copy_from_slice(&tmp[..m]);
                    done += m;
                }
                let o = vm.finish_str(o);
                vm.set(t, 2 + item, o);
                item += 1;
                p += cnt;
            }
            _ => {
                let (sz, al) = code_size(vm, k, c)?;
                for _ in 0..cnt {
                    if item >= n_items {
                        break;
                    }
                    p = start + (p - start).next_multiple_of(al);
                    let mut raw = [0u8; 8];
                    let src = &vm.bytes_data(b)[p..p + sz];
                    if k == b'>' {
                        for (j, &x) in src.iter().enumerate() {
                            raw[sz - 1 - j] = x;
                        }
                    } else {
                        raw[..sz].copy_from_slice(src);
                    }
                    p += sz;
                    let v = decode(vm, c, sz, raw)?;
                    vm.set(t, 2 + item, v);
                    item += 1;
                }
            }
        }
        if c == 0 {
            break;
        }
        i += 1;
    }
    Ok(())
}

/// An object word read back from bytes: kept when it is an immediate or the head of a live
/// heap allocation, else None (bytes from elsewhere must not become a dangling reference).
pub(crate) fn object_word<P: Port>(vm: &Vm<P>, w: usize) -> Obj {
    let o = Obj(w);
    if o.is_null() {
        Obj::NONE
    } else if !o.is_ptr() || vm.heap.is_heap_obj(w) {
        o
    } else {
        Obj::NONE
    }
}

/// The value of code `c` from its little-endian bytes.
pub(crate) fn decode<P: Port>(vm: &mut Vm<P>, c: u8, sz: usize, raw: [u8; 8]) -> R<Obj> {
    match c {
        b'f' => {
            let mut x = [0u8; 4];
            x.copy_from_slice(&raw[..4]);
            vm.new_float(f32::from_le_bytes(x) as f64)
        }
        b'd' => vm.new_float(f64::from_le_bytes(raw)),
        b'e' => vm.new_float(f16_to_f32(u16::from_le_bytes([raw[0], raw[1]])) as f64),
        b'O' => Ok(object_word(vm, u64::from_le_bytes(raw) as usize)),
        _ => {
            let u = u64::from_le_bytes(raw);
            let signed = c.is_ascii_lowercase();
            let v: i128 = if signed && sz < 8 {
                let shift = 64 - 8 * sz as u32;
                (((u << shift) as i64) >> shift) as i128
            } else if signed {
                u as i64 as i128
            } else {
                u as i128
            };
            vm.new_int(v)
        }
    }
}

/// The half-precision bits of `x` as the reference computes them: MicroPython's portable
/// encoder (`py/binary.c`, used where the C compiler has no `_Float16`, as in the reference
/// unix build), whose rules are not IEEE rounding and which the reference's output shows:
/// ```text
///  f32: s | e8 (bias 127) | m23        f16: s | e5 (bias 15) | m10
///  m10 = top 10 bits of m23, plus 1 if the next bit is set (halfway rounds up)
///  e5  = e8 - 112; below 1 (down to -11): subnormal, (m10 | 0x400) >> -e5, halved with the
///        low bit rounding up; below -11: 0; above 0x3f: infinity; 0x20..=0x3f are NOT
///        caught: `e5 << 10` then runs into the sign bit (1e6 packs as 0x8ba1)
///  bits = s | e5 << 10 | m10      (OR, not add: a mantissa carry of 0x400 merges into e5)
/// ```
fn f32_to_f16(x: f32) -> u16 {
    let i = x.to_bits();
    let mut m = ((i >> 13) & 0x3ff) as u16;
    if i & (1 << 12) != 0 {
        m += 1;
    }
    let mut e = ((i >> 23) & 0xff) as i32;
    if e == 0xff {
        e = 0x1f;
    } else if e != 0 {
        e -= 127 - 15;
        if e < 0 {
            if e >= -11 {
                m = (m | 0x400) >> -e;
                m = if m & 1 != 0 { (m >> 1) + 1 } else { m >> 1 };
            } else {
                m = 0;
            }
            e = 0;
        } else if e > 0x3f {
            e = 0x1f;
            m = 0;
        }
    }
    ((i >> 16) & 0x8000) as u16 | ((e as u16) << 10) | m
}

/// The value of half-precision bits `h` (exact in f32).
fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h & 0x8000) << 16;
    let exp = u32::from((h >> 10) & 0x1f);
    let man = u32::from(h & 0x3ff);
    let bits = match exp {
        0x1f => sign | 0x7f80_0000 | (man << 13),
        0 => {
            // Subnormal: man * 2^-24, exact.
            let v = man as f32 * (1.0 / 16_777_216.0);
            return if sign != 0 { -v } else { v };
        }
        _ => sign | ((exp + 127 - 15) << 23) | (man << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_half_float_round_trips_as_on_the_reference() {
        for h in 0..=u16::MAX {
            // NaNs included: the encoder keeps the payload's bits. Except the largest
            // subnormals, [2^-15, 2^-14): their f32 exponent maps to e5 = 0 with no implicit
            // bit added, so the reference packs 0x200 + k as 2k.
            let x = f16_to_f32(h);
            let k = h & 0x7fff;
            let want = if (0x200..0x400).contains(&k) {
                (h & 0x8000) | (2 * (k - 0x200))
            } else {
                h
            };
            assert_eq!(f32_to_f16(x), want, "{h:#x} -> {x}");
        }
    }

    #[test]
    fn rounding_and_overflow_as_the_reference() {
        // Halfway rounds up (the reference: 1 + 2^-11 packs as 0x3c01, 2049.0 as 0x6801).
        assert_eq!(f32_to_f16(1.0 + 2f32.powi(-11)), 0x3c01);
        assert_eq!(f32_to_f16(2049.0), 0x6801);
        assert_eq!(f32_to_f16(2f32.powi(-25)), 1);
        assert_eq!(f32_to_f16(65519.0), 0x7bff);
        assert_eq!(f32_to_f16(65520.0), 0x7c00);
        // Exponents 0x20..=0x3f are not caught: 1e6 packs as 0x8ba1, as on the reference.
        assert_eq!(f32_to_f16(1e6), 0x8ba1);
        assert_eq!(f32_to_f16(1e30), 0x7c00);
    }
}
