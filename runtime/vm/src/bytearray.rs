//! bytearray (MicroPython's `objarray.c`, bytearray part): a growable byte buffer.
//!
//! ```text
//!  bytearray [ByteArray, len, capacity, data*]   data* = untyped block of bytes
//! ```
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::{Port, Vm, R};

impl<P: Port> Vm<P> {
    /// A bytearray of `n` zero bytes.
    pub(crate) fn new_bytearray(&mut self, n: usize) -> R<Obj> {
        let o = self.alloc_obj(self.tobj(T::ByteArray), 4)?;
        self.root(o)?;
        let d = self.alloc_raw(n.max(1));
        self.unroot(1);
        let d = d?;
        self.set(o, 1, Obj::small(n as isize));
        // The capacity is what was asked for, as MicroPython's `free` of 0: growing allocates
        // (and fails while the heap is locked) even when the block has room.
        self.set(o, 2, Obj::small(n as isize));
        self.set(o, 3, Obj(d));
        Ok(o)
    }

    /// `o[start:stop] = val` (step 1; `val` NULL deletes): in place when the new bytes fit in
    /// the capacity, as MicroPython's array_subscr, so an equal-length store allocates nothing.
    fn ba_replace(&mut self, o: Obj, start: usize, stop: usize, val: Obj) -> R<Obj> {
        // The source: bytes, or an array/bytearray/memoryview of 1-byte items (MicroPython's
        // array_subscr). One over this bytearray's own bytes (which the move below would
        // shift) is copied into a fresh bytearray first.
        let src = if val.is_null() {
            Obj::NULL
        } else {
            let size = if !val.is_ptr() || self.is_user_instance(val) {
                None
            } else {
                match self.tid(val) {
                    T::Bytes | T::ByteArray => Some(1),
                    T::Array => crate::modarray::item_size(self.get(val, 4).small_val() as u8),
                    T::MemoryView => Some(crate::memview::isz(self, val)),
                    _ => None,
                }
            };
            match size {
                None => {
                    return Err(
                        self.err(T::NotImplementedError, "array/bytes required on right side")
                    )
                }
                Some(1) => {}
                Some(_) => return Err(self.err(T::ValueError, "lhs and rhs should be compatible")),
            }
            if self.ba_shares_data(o, val) {
                self.root(o)?;
                let r = self.bytearray_copy_of(val);
                self.unroot(1);
                r?
            } else {
                val
            }
        };
        let m = if src.is_null() {
            0
        } else {
            self.bytes_data(src).len()
        };
        let len = self.get(o, 1).small_val() as usize;
        let total = len - (stop - start) + m;
        if total > len {
            self.root(o)?;
            self.root(src)?;
            let r = self.ba_reserve(o, total - len);
            self.unroot(2);
            r?;
        }
        let off = self.ba_off(o);
        // The tail moves first (copy_within is a memmove), then the new bytes go in between.
        self.heap
            .copy_within(off + stop, off + start + m, len - stop);
        let mut tmp = [0u8; 64];
        let mut k = 0;
        while k < m {
            let c = (m - k).min(tmp.len());
            tmp[..c].copy_from_slice(&self.bytes_data(src)[k..k + c]);
            self.heap
                .bytes_mut(off + start + k, c)
                .copy_from_slice(&tmp[..c]);
            k += c;
        }
        self.set(o, 1, Obj::small(total as isize));
        Ok(Obj::NONE)
    }

    /// `x in o` (MicroPython's array_binary_op): a buffer (bytes, str, bytearray, array,
    /// memoryview) is searched for as bytes; an int or float is NotImplementedError (an array
    /// cannot be searched for a number); anything else is not in it.
    pub(crate) fn ba_contains(&mut self, o: Obj, x: Obj) -> R<bool> {
        let buffer = x.is_qstr()
            || (x.is_ptr()
                && !self.is_user_instance(x)
                && matches!(
                    self.tid(x),
                    T::Bytes | T::Str | T::ByteArray | T::Array | T::MemoryView
                ));
        if buffer {
            let (h, n) = (self.bytes_data(o), self.bytes_data(x));
            return Ok(n.is_empty() || h.windows(n.len()).any(|w| w == n));
        }
        if x.is_small() || matches!(self.tid(x), T::Int | T::Float) {
            return Err(self.err_noarg(T::NotImplementedError));
        }
        Ok(false)
    }

    /// Does buffer `v` read bytearray `o`'s data (`o` itself, or a memoryview over it)?
    fn ba_shares_data(&self, o: Obj, v: Obj) -> bool {
        let mut v = v;
        while crate::memview::is_mv(self, v) {
            v = self.get(v, 1);
        }
        v == o
    }

    /// Byte offset of a bytearray's data.
    pub(crate) fn ba_off(&self, o: Obj) -> usize {
        self.heap.off(self.get(o, 3).0)
    }

    /// Append one byte.
    pub(crate) fn ba_push(&mut self, o: Obj, b: u8) -> R<()> {
        let len = self.get(o, 1).small_val() as usize;
        let cap = self.get(o, 2).small_val() as usize;
        if len + 1 > cap {
            self.root(o)?;
            let nd = self.alloc_raw((cap * 2).max(16));
            self.unroot(1);
            let nd = nd?;
            let src = self.ba_off(o);
            self.heap.copy_within(src, self.heap.off(nd), len);
            self.set(
                o,
                2,
                Obj::small(self.heap.alloc_size(self.heap.off(nd)) as isize),
            );
            self.set(o, 3, Obj(nd));
        }
        let off = self.ba_off(o) + len;
        self.heap.bytes_mut(off, 1)[0] = b;
        self.set(o, 1, Obj::small(len as isize + 1));
        Ok(())
    }

    /// Make room for `extra` more bytes: a block of exactly len + extra when the capacity is
    /// short (the caller keeps `o` rooted).
    fn ba_reserve(&mut self, o: Obj, extra: usize) -> R<()> {
        let len = self.get(o, 1).small_val() as usize;
        if len + extra <= self.get(o, 2).small_val() as usize {
            return Ok(());
        }
        let nd = self.alloc_raw(len + extra)?;
        let src = self.ba_off(o);
        self.heap.copy_within(src, self.heap.off(nd), len);
        self.set(o, 2, Obj::small((len + extra) as isize));
        self.set(o, 3, Obj(nd));
        Ok(())
    }

    /// A new bytearray holding the items of `src` (an iterable of ints or a buffer): a
    /// snapshot of a buffer that may change or alias the destination.
    pub(crate) fn bytearray_copy_of(&mut self, src: Obj) -> R<Obj> {
        self.root(src)?;
        let ba = self.new_bytearray(0);
        let r = ba.and_then(|ba| {
            self.root(ba)?;
            let r = self.ba_extend(ba, src);
            self.unroot(1);
            r.map(|()| ba)
        });
        self.unroot(1);
        r
    }

    /// Append the items of an iterable of ints (or the bytes of a bytes-like object).
    pub(crate) fn ba_extend(&mut self, o: Obj, src: Obj) -> R<()> {
        if src.is_ptr()
            && matches!(
                self.tid(src),
                T::Bytes | T::ByteArray | T::Array | T::MemoryView
            )
        {
            let n = self.bytes_data(src).len();
            self.root(o)?;
            self.root(src)?;
            // Room for exactly the new bytes, as MicroPython's array_extend.
            let mut r = self.ba_reserve(o, n);
            for i in 0..n {
                if r.is_err() {
                    break;
                }
                let b = self.bytes_data(src)[i];
                r = self.ba_push(o, b);
            }
            self.unroot(2);
            return r;
        }
        // A built-in sequence of known length gets exactly its room first (as MicroPython's
        // bytearray(iterable) sizes the array by the iterable's length).
        if src.is_ptr()
            && matches!(self.tid(src), T::Range | T::List | T::Tuple)
            && !self.is_user_instance(src)
        {
            let n = self.len_of(src)?;
            self.root(src)?;
            let r = self.ba_reserve(o, n);
            self.unroot(1);
            r?;
        }
        let it = self.get_iter(src)?;
        self.root(o)?;
        self.root(it)?;
        let r = (|| {
            while let Some(v) = self.iter_next(it)? {
                // Truncated to a byte, as MicroPython stores array items (bytes() checks).
                let b = self.get_int(v)?;
                self.ba_push(o, b as u8)?;
            }
            Ok(())
        })();
        self.unroot(2);
        r
    }

    /// `bytearray(b'...')`.
    pub(crate) fn print_bytearray(&mut self, out: Out, o: Obj) -> R<()> {
        // The prefix first: writing may allocate, and the copy below is not rooted until
        // print_quoted roots it.
        self.write_bytes(out, b"bytearray(b")?;
        let d = self.bytes_data(o);
        let n = d.len();
        let (b, off) = self.new_str_raw(T::Bytes, n)?;
        let src = self.ba_off(o);
        self.heap.copy_within(src, off, n);
        self.print_quoted(out, b, true)?;
        self.write_bytes(out, b")")
    }

    /// Subscripting a bytearray.
    pub(crate) fn ba_subscr(&mut self, o: Obj, idx: Obj, val: Obj) -> R<Obj> {
        let len = self.get(o, 1).small_val() as usize;
        if idx.is_ptr() && self.tid(idx) == T::Slice {
            let (start, stop, step, n) = self.slice_range(idx, len)?;
            // MicroPython's arrays take only step 1, to read as to write.
            if step != 1 {
                return Err(self.err(
                    T::NotImplementedError,
                    "only slices with step=1 (aka None) are supported",
                ));
            }
            if val != Obj::SENTINEL {
                let start = start.max(0) as usize;
                let stop = (stop.max(start as isize) as usize).min(len);
                return self.ba_replace(o, start, stop, val);
            }
            let nb = self.new_bytearray(n)?;
            for k in 0..n {
                let b = self.bytes_data(o)[(start + k as isize * step) as usize];
                let off = self.ba_off(nb) + k;
                self.heap.bytes_mut(off, 1)[0] = b;
            }
            return Ok(nb);
        }
        let i = self.seq_index(idx, len, "bytearray")?;
        if val == Obj::SENTINEL {
            return Ok(Obj::small(self.bytes_data(o)[i] as isize));
        }
        if val.is_null() {
            let off = self.ba_off(o);
            self.heap.copy_within(off + i + 1, off + i, len - i - 1);
            self.set(o, 1, Obj::small(len as isize - 1));
            return Ok(Obj::NONE);
        }
        // Truncated to a byte (mp_binary_set_val_array), not checked.
        let b = self.get_int(val)?;
        let off = self.ba_off(o) + i;
        self.heap.bytes_mut(off, 1)[0] = b as u8;
        Ok(Obj::NONE)
    }
}
