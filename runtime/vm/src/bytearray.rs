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
        self.set(
            o,
            2,
            Obj::small(self.heap.alloc_size(self.heap.off(d)) as isize),
        );
        self.set(o, 3, Obj(d));
        Ok(o)
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
            let mut r = Ok(());
            for i in 0..n {
                let b = self.bytes_data(src)[i];
                r = self.ba_push(o, b);
                if r.is_err() {
                    break;
                }
            }
            self.unroot(2);
            return r;
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
            if val != Obj::SENTINEL {
                if step != 1 {
                    return Err(self.err_noarg(T::NotImplementedError));
                }
                // Replace data[start..stop] by the new bytes: rebuild into a fresh buffer.
                let start = start.max(0) as usize;
                let stop = (stop.max(start as isize) as usize).min(len);
                let src = if val.is_null() {
                    self.new_bytearray(0)?
                } else {
                    self.root(o)?;
                    let nb = self.new_bytearray(0);
                    let r = nb.and_then(|nb| {
                        self.root(nb)?;
                        let r = self.ba_extend(nb, val);
                        self.unroot(1);
                        r.map(|()| nb)
                    });
                    self.unroot(1);
                    r?
                };
                let m = self.get(src, 1).small_val() as usize;
                let total = len - (stop - start) + m;
                self.root(o)?;
                self.root(src)?;
                let nd = self.new_bytearray(total);
                self.unroot(2);
                let nd = nd?;
                let (so, no, mo) = (self.ba_off(o), self.ba_off(nd), self.ba_off(src));
                self.heap.copy_within(so, no, start);
                self.heap.copy_within(mo, no + start, m);
                self.heap.copy_within(so + stop, no + start + m, len - stop);
                for i in 1..4 {
                    let w = self.get(nd, i);
                    self.set(o, i, w);
                }
                return Ok(Obj::NONE);
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
