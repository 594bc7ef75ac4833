//! The `array` module (MicroPython's `py/objarray.c`, array part, and `py/binary.c` for the
//! item codes): `array(typecode[, initializer])` with append, extend, indexing, step-1
//! slicing and slice assignment, iteration, `+`, `+=`, buffer comparisons and the buffer
//! protocol (bytes(), bytearray(), struct.pack_into/unpack_from read and write its bytes).
//!
//! ```text
//!  array  [Array, nbytes, capacity, data*, typecode]   the bytearray layout (so the byte
//!         views of bytes/bytearray code apply), items packed little-endian in data*
//!  iterator [Iterator, array, item index, IT_ARRAY]
//! ```
//! Item sizes are those of MicroPython's native `@` codes on the target: b B 1, h H 2, i I 4,
//! q Q 8, l L / O P S one word, f 4, d 8. Storing an int keeps its low bits (no range check),
//! as `mp_binary_set_val_array` does.
use crate::builtins::*;
use crate::gc::W;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::{Port, Vm, R};
use mpy_format::opcode::binary as b;

/// `+=` (MicroPython's MP_BINARY_OP_INPLACE_ADD).
const INPLACE_ADD: u8 = b::ADD - b::INPLACE_DELTA;

/// Iterator kind of an array iterator (after seq.rs's kinds and the deque's).
pub(crate) const IT_ARRAY: isize = 17;

/// Size of an item of typecode `tc`, None for a bad typecode.
pub(crate) fn item_size(tc: u8) -> Option<usize> {
    match tc {
        b'b' | b'B' => Some(1),
        b'h' | b'H' => Some(2),
        b'i' | b'I' | b'f' => Some(4),
        b'q' | b'Q' | b'd' => Some(8),
        b'l' | b'L' | b'O' | b'P' | b'S' => Some(W),
        _ => None,
    }
}

/// Is `o` an array?
pub(crate) fn is_array<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    o.is_ptr() && vm.tid(o) == T::Array && !vm.is_user_instance(o)
}

fn typecode<P: Port>(vm: &Vm<P>, a: Obj) -> u8 {
    vm.get(a, 4).small_val() as u8
}
fn isz<P: Port>(vm: &Vm<P>, a: Obj) -> usize {
    item_size(typecode(vm, a)).unwrap_or(1)
}
fn nbytes<P: Port>(vm: &Vm<P>, a: Obj) -> usize {
    vm.get(a, 1).small_val() as usize
}

/// Number of items of array `a`.
pub(crate) fn array_len<P: Port>(vm: &Vm<P>, a: Obj) -> usize {
    nbytes(vm, a) / isz(vm, a)
}

/// A new array of typecode `tc` with `n` zero bytes.
fn new_array<P: Port>(vm: &mut Vm<P>, tc: u8, n: usize) -> R<Obj> {
    let o = vm.alloc_obj(vm.tobj(T::Array), 5)?;
    vm.set(o, 1, Obj::small(0));
    vm.set(o, 2, Obj::small(0));
    vm.set(o, 4, Obj::small(tc as isize));
    vm.root(o)?;
    let d = vm.alloc_raw(n.max(1));
    vm.unroot(1);
    let d = d?;
    let cap = vm.heap.alloc_size(vm.heap.off(d));
    vm.heap.bytes_mut(vm.heap.off(d), cap).fill(0);
    vm.set(o, 1, Obj::small(n as isize));
    vm.set(o, 2, Obj::small(cap as isize));
    vm.set(o, 3, Obj(d));
    Ok(o)
}

/// Make room for `more` bytes after the used ones.
fn reserve<P: Port>(vm: &mut Vm<P>, a: Obj, more: usize) -> R<()> {
    let (len, cap) = (nbytes(vm, a), vm.get(a, 2).small_val() as usize);
    if len + more <= cap {
        return Ok(());
    }
    vm.root(a)?;
    let nd = vm.alloc_raw((len + more).max(cap * 2).max(8 * isz(vm, a)));
    vm.unroot(1);
    let nd = nd?;
    let ncap = vm.heap.alloc_size(vm.heap.off(nd));
    let dst = vm.heap.off(nd);
    vm.heap.bytes_mut(dst, ncap).fill(0);
    let src = vm.ba_off(a);
    vm.heap.copy_within(src, dst, len);
    vm.set(a, 2, Obj::small(ncap as isize));
    vm.set(a, 3, Obj(nd));
    Ok(())
}

/// Store `v` as item `i` (whose bytes exist) of array `a`.
fn set_item<P: Port>(vm: &mut Vm<P>, a: Obj, i: usize, v: Obj) -> R<()> {
    let tc = typecode(vm, a);
    let sz = isz(vm, a);
    let bytes = encode(vm, tc, v)?;
    let off = vm.ba_off(a) + i * sz;
    vm.heap.bytes_mut(off, sz).copy_from_slice(&bytes[..sz]);
    Ok(())
}

/// The little-endian bytes of `v` stored as an item of typecode `tc` (ints keep their low
/// bits).
pub(crate) fn encode<P: Port>(vm: &mut Vm<P>, tc: u8, v: Obj) -> R<[u8; 8]> {
    Ok(match tc {
        b'f' => {
            let mut t = [0u8; 8];
            t[..4].copy_from_slice(&(vm.get_float(v)? as f32).to_le_bytes());
            t
        }
        b'd' => vm.get_float(v)?.to_le_bytes(),
        b'O' => (v.0 as u64).to_le_bytes(),
        b'S' => [0; 8],
        _ => crate::modstruct::int_le(vm, v)?,
    })
}

/// Item `i` of array `a`.
fn get_item<P: Port>(vm: &mut Vm<P>, a: Obj, i: usize) -> R<Obj> {
    let tc = typecode(vm, a);
    let sz = isz(vm, a);
    let mut raw = [0u8; 8];
    let off = vm.ba_off(a) + i * sz;
    raw[..sz].copy_from_slice(vm.heap.bytes(off, sz));
    decode_item(vm, tc, raw)
}

/// The item of typecode `tc` whose little-endian bytes are `raw`.
pub(crate) fn decode_item<P: Port>(vm: &mut Vm<P>, tc: u8, raw: [u8; 8]) -> R<Obj> {
    let sz = item_size(tc).unwrap_or(1);
    match tc {
        b'O' => Ok(crate::modstruct::object_word(
            vm,
            u64::from_le_bytes(raw) as usize,
        )),
        b'S' => Ok(Obj::small(0)),
        b'P' => vm.new_int(u64::from_le_bytes(raw) as i128),
        b'l' => crate::modstruct::decode(vm, b'q', sz, raw),
        b'L' => crate::modstruct::decode(vm, b'Q', sz, raw),
        _ => crate::modstruct::decode(vm, tc, sz, raw),
    }
}

/// Append `v` (the length grows only once the value is stored).
fn append<P: Port>(vm: &mut Vm<P>, a: Obj, v: Obj) -> R<()> {
    let sz = isz(vm, a);
    vm.root(v)?;
    let r = reserve(vm, a, sz);
    vm.unroot(1);
    r?;
    let n = array_len(vm, a);
    set_item(vm, a, n, v)?;
    vm.set(a, 1, Obj::small(((n + 1) * sz) as isize));
    Ok(())
}

/// The bytes and item code of an object with the buffer protocol (str, bytes, bytearray,
/// array).
fn buffer<P: Port>(vm: &Vm<P>, o: Obj) -> Option<(usize, u8)> {
    if vm.is_str(o) || (o.is_ptr() && matches!(vm.tid(o), T::Bytes | T::ByteArray)) {
        Some((vm.bytes_data(o).len(), b'B'))
    } else if is_array(vm, o) {
        Some((nbytes(vm, o), typecode(vm, o)))
    } else if crate::memview::is_mv(vm, o) {
        Some((vm.bytes_data(o).len(), crate::memview::typecode(vm, o)))
    } else {
        None
    }
}

/// Does [`binop`] decide `l op r`? An array or memoryview on the left; a bytearray on the
/// left with one on the right; `==` with a memoryview on either side (the types that check
/// the other operand, tried both ways round by mp_obj_equal).
pub(crate) fn binop_applies<P: Port>(vm: &Vm<P>, op: u8, l: Obj, r: Obj) -> bool {
    let ext = |o: Obj| is_array(vm, o) || crate::memview::is_mv(vm, o);
    ext(l)
        || (ext(r) && l.is_ptr() && vm.tid(l) == T::ByteArray)
        || (op == b::EQUAL && crate::memview::is_mv(vm, r) && buffer(vm, l).is_some())
}

/// Append `n` raw bytes of buffer `src` (`src` stays rooted by the caller).
fn append_raw<P: Port>(vm: &mut Vm<P>, a: Obj, src: Obj, n: usize) -> R<()> {
    reserve(vm, a, n)?;
    let len = nbytes(vm, a);
    let dst = vm.ba_off(a) + len;
    let mut done = 0;
    let mut tmp = [0u8; 64];
    while done < n {
        let m = (n - done).min(64);
        tmp[..m].copy_from_slice(&vm.bytes_data(src)[done..done + m]);
        vm.heap.bytes_mut(dst + done, m).copy_from_slice(&tmp[..m]);
        done += m;
    }
    vm.set(a, 1, Obj::small((len + n) as isize));
    Ok(())
}

/// `a.extend(src)`: the bytes of a buffer (whole items), else the items of an iterable.
fn extend<P: Port>(vm: &mut Vm<P>, a: Obj, src: Obj) -> R<()> {
    if let Some((n, _)) = buffer(vm, src) {
        let sz = isz(vm, a);
        vm.root(src)?;
        let r = append_raw(vm, a, src, n / sz * sz);
        vm.unroot(1);
        return r;
    }
    extend_iter(vm, a, src)
}

/// Append the items of iterable `src`.
fn extend_iter<P: Port>(vm: &mut Vm<P>, a: Obj, src: Obj) -> R<()> {
    let base = vm.heap.sp;
    vm.root(a)?;
    vm.root(src)?;
    let r = (|| {
        let it = vm.get_iter(src)?;
        vm.root(it)?;
        while let Some(v) = vm.iter_next(it)? {
            append(vm, a, v)?;
        }
        Ok(())
    })();
    vm.heap.sp = base;
    r
}

/// `array(typecode[, initializer])`.
pub(crate) fn make<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 1, 2)?;
    let t = a.get(vm, 0);
    if !vm.is_str(t) {
        return Err(vm.err_not_str(t));
    }
    let tc = vm.str_data(t).first().copied().unwrap_or(0);
    let Some(sz) = item_size(tc) else {
        return Err(vm.err(T::ValueError, "bad typecode"));
    };
    if a.n == 1 {
        return new_array(vm, tc, 0);
    }
    let init = a.get(vm, 1);
    // Raw initialisation only from bytes and bytearray (whole items).
    let raw = init.is_ptr() && matches!(vm.tid(init), T::Bytes | T::ByteArray);
    let o = new_array(vm, tc, 0)?;
    vm.root(o)?;
    let r = if raw {
        let n = vm.bytes_data(init).len() / sz * sz;
        append_raw(vm, o, init, n)
    } else {
        extend_iter(vm, o, init)
    };
    vm.unroot(1);
    r.map(|_| o)
}

/// `repr(a)`: `array('i', [1, 2])`, or `array('i')` when empty.
pub(crate) fn print<P: Port>(vm: &mut Vm<P>, out: Out, a: Obj) -> R<()> {
    let tc = typecode(vm, a);
    vm.write_bytes(out, b"array('")?;
    vm.write_bytes(out, &[tc])?;
    vm.write_bytes(out, b"'")?;
    let n = array_len(vm, a);
    if n > 0 {
        vm.write_bytes(out, b", [")?;
        vm.root(a)?;
        let r = (|| {
            for i in 0..array_len(vm, a) {
                if i > 0 {
                    vm.write_bytes(out, b", ")?;
                }
                let v = get_item(vm, a, i)?;
                vm.print(out, v, true)?;
            }
            Ok(())
        })();
        vm.unroot(1);
        r?;
        vm.write_bytes(out, b"]")?;
    }
    vm.write_bytes(out, b")")
}

/// `a[i]`, `a[i] = v`, `a[i:j]`, `a[i:j] = array/bytes` (step 1 only); no deletion.
pub(crate) fn subscr<P: Port>(vm: &mut Vm<P>, a: Obj, idx: Obj, val: Obj) -> R<Obj> {
    if val.is_null() {
        return Err(vm.err(T::TypeError, "'array' object doesn't support item deletion"));
    }
    let n = array_len(vm, a);
    if idx.is_ptr() && vm.tid(idx) == T::Slice {
        let (start, stop, step, _) = vm.slice_range(idx, n)?;
        if step != 1 {
            return Err(vm.err(
                T::NotImplementedError,
                "only slices with step=1 (aka None) are supported",
            ));
        }
        let (start, stop) = (start.max(0) as usize, (stop.max(start)).max(0) as usize);
        let sz = isz(vm, a);
        if val == Obj::SENTINEL {
            vm.root(a)?;
            let r = new_array(vm, typecode(vm, a), (stop - start) * sz);
            vm.unroot(1);
            let r = r?;
            let src = vm.ba_off(a) + start * sz;
            let dst = vm.ba_off(r);
            vm.heap.copy_within(src, dst, (stop - start) * sz);
            return Ok(r);
        }
        return assign_slice(vm, a, start, stop, val);
    }
    let i = vm.seq_index(idx, n, "array")?;
    if val == Obj::SENTINEL {
        get_item(vm, a, i)
    } else {
        set_item(vm, a, i, val)?;
        Ok(Obj::NONE)
    }
}

/// `a[start:stop] = val`: val an array/bytearray of the same item size, or bytes for a
/// one-byte typecode.
fn assign_slice<P: Port>(vm: &mut Vm<P>, a: Obj, start: usize, stop: usize, val: Obj) -> R<Obj> {
    let sz = isz(vm, a);
    let src_sz = if is_array(vm, val) {
        isz(vm, val)
    } else if val.is_ptr() && matches!(vm.tid(val), T::ByteArray | T::Bytes) {
        1
    } else {
        return Err(vm.err(T::NotImplementedError, "array/bytes required on right side"));
    };
    if src_sz != sz {
        return Err(vm.err(T::ValueError, "lhs and rhs should be compatible"));
    }
    let src_n = vm.bytes_data(val).len();
    let (s, e) = (start * sz, stop * sz);
    let len = nbytes(vm, a);
    let new_len = len - (e - s) + src_n;
    // Copy the source aside first: it may be `a` itself.
    vm.root(val)?;
    let tmp = vm.new_bytearray(src_n);
    let r = tmp.and_then(|tmp| {
        vm.root(tmp)?;
        let (so, to) = (
            crate::modstruct::data_off(vm, val).unwrap_or(0),
            vm.ba_off(tmp),
        );
        vm.heap.copy_within(so, to, src_n);
        let r = reserve(vm, a, new_len.saturating_sub(len));
        vm.unroot(1);
        r.map(|_| tmp)
    });
    vm.unroot(1);
    let tmp = r?;
    let d = vm.ba_off(a);
    // Move the tail, then put the source in.
    vm.heap.copy_within(d + e, d + s + src_n, len - e);
    let to = vm.ba_off(tmp);
    vm.heap.copy_within(to, d + s, src_n);
    if new_len < len {
        vm.heap.bytes_mut(d + new_len, len - new_len).fill(0);
    }
    vm.set(a, 1, Obj::small(new_len as isize));
    Ok(Obj::NONE)
}

/// Binary operations with an array on the left (or a bytearray on the left and an array on
/// the right): `+` and `+=` with any buffer, comparisons of buffers with compatible item
/// codes. None when not handled here.
pub(crate) fn binop<P: Port>(vm: &mut Vm<P>, op: u8, l: Obj, r: Obj) -> R<Option<Obj>> {
    let Some((ln, ltc)) = buffer(vm, l) else {
        return Ok(None);
    };
    match op {
        b::ADD | INPLACE_ADD if crate::memview::is_mv(vm, l) => Err(vm.unsupported_binop(op, l, r)),
        b::ADD | INPLACE_ADD => {
            if op == INPLACE_ADD && is_array(vm, l) {
                extend(vm, l, r)?;
                return Ok(Some(l));
            }
            let Some((rn, _)) = buffer(vm, r) else {
                return Err(vm.err(T::TypeError, "object with buffer protocol required"));
            };
            let sz = item_size(ltc).unwrap_or(1);
            let base = vm.heap.sp;
            vm.root(l)?;
            vm.root(r)?;
            let res = (|| {
                let o = if is_array(vm, l) {
                    new_array(vm, ltc, 0)?
                } else {
                    vm.new_bytearray(0)?
                };
                vm.root(o)?;
                if is_array(vm, o) {
                    append_raw(vm, o, l, ln)?;
                    append_raw(vm, o, r, rn / sz * sz)?;
                } else {
                    vm.ba_extend(o, l)?;
                    vm.ba_extend(o, r)?;
                }
                Ok(o)
            })();
            vm.heap.sp = base;
            res.map(Some)
        }
        b::EQUAL | b::LESS | b::LESS_EQUAL | b::MORE | b::MORE_EQUAL => {
            let Some((_, rtc)) = buffer(vm, r) else {
                return Ok(Some(Obj::FALSE));
            };
            // `==` compares an array only with an array or a bytearray (the types that check
            // the other operand's type); anything else is a different object.
            let mv = |o: Obj| crate::memview::is_mv(vm, o);
            let eq_ok =
                is_array(vm, r) || mv(r) || mv(l) || (r.is_ptr() && vm.tid(r) == T::ByteArray);
            if op == b::EQUAL && !eq_ok && is_array(vm, l) {
                return Ok(Some(Obj::FALSE));
            }
            let unsigned = ltc.is_ascii_uppercase() || rtc.is_ascii_uppercase();
            let (lc, rc) = (ltc.to_ascii_lowercase(), rtc.to_ascii_lowercase());
            if lc == rc && lc != b'f' && lc != b'd' && (op == b::EQUAL || unsigned) {
                let (x, y) = (vm.bytes_data(l), vm.bytes_data(r));
                let v = match op {
                    b::EQUAL => x == y,
                    b::LESS => x < y,
                    b::LESS_EQUAL => x <= y,
                    b::MORE => x > y,
                    _ => x >= y,
                };
                return Ok(Some(Obj::bool(v)));
            }
            Err(vm.err_noarg(T::NotImplementedError))
        }
        _ if is_array(vm, l) || crate::memview::is_mv(vm, l) => Err(vm.unsupported_binop(op, l, r)),
        _ => Ok(None),
    }
}

/// `x in a`: a buffer is never in an array; a number would need a search the reference does
/// not implement.
pub(crate) fn contains<P: Port>(vm: &mut Vm<P>, x: Obj) -> R<bool> {
    // (A bool is not an int here: mp_obj_is_int.)
    let number = (vm.is_int(x) && !matches!(x, Obj::TRUE | Obj::FALSE))
        || (x.is_ptr() && vm.tid(x) == T::Float);
    if buffer(vm, x).is_none() && number {
        return Err(vm.err_noarg(T::NotImplementedError));
    }
    Ok(false)
}

/// `iter(a)`.
pub(crate) fn iter<P: Port>(vm: &mut Vm<P>, a: Obj) -> R<Obj> {
    vm.root(a)?;
    let it = vm.alloc_obj(vm.tobj(T::Iterator), 4);
    vm.unroot(1);
    let it = it?;
    vm.set(it, 1, a);
    vm.set(it, 2, Obj::small(0));
    vm.set(it, 3, Obj::small(IT_ARRAY));
    Ok(it)
}

/// The next item of an array iterator.
pub(crate) fn step<P: Port>(vm: &mut Vm<P>, a: Obj, i: usize) -> R<Option<(Obj, usize)>> {
    if crate::memview::is_mv(vm, a) {
        if i >= crate::memview::len(vm, a) {
            return Ok(None);
        }
        return crate::memview::item(vm, a, i).map(|v| Some((v, i + 1)));
    }
    if i >= array_len(vm, a) {
        return Ok(None);
    }
    get_item(vm, a, i).map(|v| Some((v, i + 1)))
}

/// `append` and `extend`.
pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    arg_count(vm, a, 2, 2)?;
    let o = a.get(vm, 0);
    let o = vm.native_sub(o).unwrap_or(o);
    if !is_array(vm, o) {
        return Err(vm.err(T::TypeError, "argument has wrong type"));
    }
    let v = a.get(vm, 1);
    if id == ARRAY_APPEND {
        append(vm, o, v)?;
    } else {
        extend(vm, o, v)?;
    }
    Ok(Obj::NONE)
}
