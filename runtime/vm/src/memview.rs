//! `memoryview` (MicroPython's `py/objarray.c`, memoryview part): a window of items over the
//! buffer of a bytes, str, bytearray or array, writable when the buffer is. Indexing reads
//! and writes items of the buffer's typecode; slicing (step 1) makes a narrower view of the
//! same buffer; slice assignment copies an equally long buffer of the same item size in.
//!
//! ```text
//!  memoryview [MemoryView, base, offset (items), len (items), typecode, writable (0/1)]
//! ```
//! A view of a view refers to the first view's base, so `base` is never a memoryview. The
//! base keeps its buffer alive; a view of a bytearray or array that later shrinks only ever
//! sees the bytes still there.
use crate::builtins::*;
use crate::modarray::{decode_item, encode, item_size};
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

/// Is `o` a memoryview?
pub(crate) fn is_mv<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    o.is_ptr() && vm.tid(o) == T::MemoryView && !vm.is_user_instance(o)
}

fn base<P: Port>(vm: &Vm<P>, m: Obj) -> Obj {
    vm.get(m, 1)
}
fn offset<P: Port>(vm: &Vm<P>, m: Obj) -> usize {
    vm.get(m, 2).small_val() as usize
}
/// Number of items in view `m`.
pub(crate) fn len<P: Port>(vm: &Vm<P>, m: Obj) -> usize {
    vm.get(m, 3).small_val() as usize
}
/// Typecode of view `m`.
pub(crate) fn typecode<P: Port>(vm: &Vm<P>, m: Obj) -> u8 {
    vm.get(m, 4).small_val() as u8
}
fn writable<P: Port>(vm: &Vm<P>, m: Obj) -> bool {
    vm.get(m, 5) == Obj::small(1)
}
pub(crate) fn isz<P: Port>(vm: &Vm<P>, m: Obj) -> usize {
    item_size(typecode(vm, m)).unwrap_or(1)
}

/// The bytes seen through view `m`.
pub(crate) fn data<P: Port>(vm: &Vm<P>, m: Obj) -> &[u8] {
    let d = vm.bytes_data(base(vm, m));
    let sz = isz(vm, m);
    let a = (offset(vm, m) * sz).min(d.len());
    let b = ((offset(vm, m) + len(vm, m)) * sz).min(d.len());
    &d[a..b]
}

fn new_view<P: Port>(vm: &mut Vm<P>, b: Obj, off: usize, n: usize, tc: u8, rw: bool) -> R<Obj> {
    vm.root(b)?;
    let m = vm.alloc_obj(vm.tobj(T::MemoryView), 6);
    vm.unroot(1);
    let m = m?;
    vm.set(m, 1, b);
    vm.set(m, 2, Obj::small(off as isize));
    vm.set(m, 3, Obj::small(n as isize));
    vm.set(m, 4, Obj::small(tc as isize));
    vm.set(m, 5, Obj::small(isize::from(rw)));
    Ok(m)
}

/// `memoryview(obj)`.
pub(crate) fn make<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 1, 1)?;
    let o = a.get(vm, 0);
    if is_mv(vm, o) {
        let (b, off, n, tc, rw) = (
            base(vm, o),
            offset(vm, o),
            len(vm, o),
            typecode(vm, o),
            writable(vm, o),
        );
        return new_view(vm, b, off, n, tc, rw);
    }
    let (tc, rw) = if vm.is_str(o) || (o.is_ptr() && vm.tid(o) == T::Bytes) {
        (b'B', false)
    } else if o.is_ptr() && vm.tid(o) == T::ByteArray && !vm.is_user_instance(o) {
        (b'B', true)
    } else if crate::modarray::is_array(vm, o) {
        (vm.get(o, 4).small_val() as u8, true)
    } else {
        return Err(vm.err(T::TypeError, "object with buffer protocol required"));
    };
    let n = vm.bytes_data(o).len() / item_size(tc).unwrap_or(1);
    new_view(vm, o, 0, n, tc, rw)
}

/// Heap offset of the first byte of writable view `m`.
pub(crate) fn writable_start<P: Port>(vm: &Vm<P>, m: Obj) -> Option<usize> {
    if !writable(vm, m) {
        return None;
    }
    item_off(vm, m, 0, 0)
}

/// Item `i` (in range) of view `m`.
pub(crate) fn item<P: Port>(vm: &mut Vm<P>, m: Obj, i: usize) -> R<Obj> {
    let (tc, sz) = (typecode(vm, m), isz(vm, m));
    let mut raw = [0u8; 8];
    if let Some(src) = data(vm, m).get(i * sz..(i + 1) * sz) {
        raw[..sz].copy_from_slice(src);
    }
    decode_item(vm, tc, raw)
}

fn read_only<P: Port>(vm: &mut Vm<P>) -> crate::Exc {
    vm.err(
        T::TypeError,
        "'memoryview' object doesn't support item assignment",
    )
}

/// Heap offset of item `i` of writable view `m`, if its bytes exist.
fn item_off<P: Port>(vm: &Vm<P>, m: Obj, i: usize, n_items: usize) -> Option<usize> {
    let b = base(vm, m);
    let sz = isz(vm, m);
    let start = (offset(vm, m) + i) * sz;
    (start + n_items * sz <= vm.bytes_data(b).len()).then(|| vm.ba_off(b) + start)
}

/// `m[i]`, `m[i] = v`, `m[a:b]`, `m[a:b] = buffer`; no deletion.
pub(crate) fn subscr<P: Port>(vm: &mut Vm<P>, m: Obj, idx: Obj, val: Obj) -> R<Obj> {
    if val.is_null() {
        return Err(vm.err(
            T::TypeError,
            "'memoryview' object doesn't support item deletion",
        ));
    }
    let n = len(vm, m);
    if idx.is_ptr() && vm.tid(idx) == T::Slice {
        let (start, stop, step, _) = vm.slice_range(idx, n)?;
        if step != 1 {
            return Err(vm.err(
                T::NotImplementedError,
                "only slices with step=1 (aka None) are supported",
            ));
        }
        let start = start.max(0) as usize;
        let stop = (stop.max(start as isize)).max(0) as usize;
        if val == Obj::SENTINEL {
            let (b, off, tc, rw) = (base(vm, m), offset(vm, m), typecode(vm, m), writable(vm, m));
            return new_view(vm, b, off + start, stop - start, tc, rw);
        }
        return assign_slice(vm, m, start, stop, val);
    }
    let i = vm.seq_index(idx, n, "memoryview")?;
    if val == Obj::SENTINEL {
        return item(vm, m, i);
    }
    if !writable(vm, m) {
        return Err(read_only(vm));
    }
    let tc = typecode(vm, m);
    let bytes = encode(vm, tc, val)?;
    let sz = isz(vm, m);
    if let Some(off) = item_off(vm, m, i, 1) {
        vm.heap.bytes_mut(off, sz).copy_from_slice(&bytes[..sz]);
    }
    Ok(Obj::NONE)
}

/// `m[start:stop] = val`: an array/bytearray/memoryview of the same item size, or bytes for
/// one-byte items, exactly as long as the slice.
fn assign_slice<P: Port>(vm: &mut Vm<P>, m: Obj, start: usize, stop: usize, val: Obj) -> R<Obj> {
    let sz = isz(vm, m);
    let src_sz = if crate::modarray::is_array(vm, val) {
        item_size(vm.get(val, 4).small_val() as u8).unwrap_or(1)
    } else if is_mv(vm, val) {
        isz(vm, val)
    } else if val.is_ptr() && matches!(vm.tid(val), T::ByteArray | T::Bytes) {
        1
    } else {
        return Err(vm.err(T::NotImplementedError, "array/bytes required on right side"));
    };
    if !writable(vm, m) {
        return Err(read_only(vm));
    }
    let src_n = vm.bytes_data(val).len();
    if src_sz != sz || src_n != (stop - start) * sz {
        return Err(vm.err(T::ValueError, "lhs and rhs should be compatible"));
    }
    if let Some(dst) = item_off(vm, m, start, stop - start) {
        // Through a small buffer: the source may overlap the destination.
        let mut tmp = [0u8; 64];
        if dst <= src_first_byte(vm, val) {
            let mut k = 0;
            while k < src_n {
                let c = (src_n - k).min(64);
                tmp[..c].copy_from_slice(&vm.bytes_data(val)[k..k + c]);
                vm.heap.bytes_mut(dst + k, c).copy_from_slice(&tmp[..c]);
                k += c;
            }
        } else {
            let mut k = src_n;
            while k > 0 {
                let c = k.min(64);
                tmp[..c].copy_from_slice(&vm.bytes_data(val)[k - c..k]);
                vm.heap.bytes_mut(dst + k - c, c).copy_from_slice(&tmp[..c]);
                k -= c;
            }
        }
    }
    Ok(Obj::NONE)
}

/// Heap offset of the first byte of buffer `v` (0 when it is not in the heap).
fn src_first_byte<P: Port>(vm: &Vm<P>, v: Obj) -> usize {
    if is_mv(vm, v) {
        let b = base(vm, v);
        return src_first_byte(vm, b) + offset(vm, v) * isz(vm, v);
    }
    crate::modstruct::data_off(vm, v).unwrap_or(0)
}
