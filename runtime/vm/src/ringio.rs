//! `micropython.RingIO` (MicroPython's `py/objringio.c` over `py/ringbuf.h`): a fixed-size
//! byte ring used as a stream. One byte of the buffer is always kept free, so a buffer of
//! `len` bytes holds at most `len - 1`; `RingIO(n)` therefore allocates `n + 1` bytes.
//!
//! ```text
//!  RingIO [RingIO, data*, size, iget, iput, buffer]
//!         data* = untyped block, or the data of a writable buffer (bytearray, array,
//!         memoryview: maybe an interior pointer) shared live; size = its length in bytes;
//!         buffer = that buffer object (keeps the data alive), None for an int size.
//!         (An interrupt-side RingIO of `Vm::new_isr_ringio` has the first 5 words only.)
//! ```
//! Writing and `any`/`readinto` never allocate, so they work with the heap locked.
use crate::builtins::{arg_count, Args, RIO_ANY, RIO_CLOSE, RIO_READ, RIO_READINTO, RIO_READLINE};
use crate::gc::AllocError;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

/// Largest internal length: the indices are `uint16_t` in MicroPython.
const MAX_LEN: usize = 65535;

/// The ring's state, read out of the object.
#[derive(Clone, Copy)]
struct Ring {
    /// Heap byte offset of the data.
    off: usize,
    size: usize,
    iget: usize,
    iput: usize,
}

impl Ring {
    fn avail(&self) -> usize {
        (self.iput + self.size - self.iget) % self.size
    }
    fn free(&self) -> usize {
        self.size - 1 - self.avail()
    }
}

impl<P: Port> Vm<P> {
    fn ring(&self, o: Obj) -> Ring {
        Ring {
            off: self.heap.off(self.get(o, 1).0),
            size: self.get(o, 2).small_val() as usize,
            iget: self.get(o, 3).small_val() as usize,
            iput: self.get(o, 4).small_val() as usize,
        }
    }

    fn set_ring(&mut self, o: Obj, r: Ring) {
        self.set(o, 3, Obj::small(r.iget as isize));
        self.set(o, 4, Obj::small(r.iput as isize));
    }

    /// Copy `len` heap bytes at `src` into the ring (len ≤ free), in at most two runs.
    fn ring_put(&mut self, r: &mut Ring, src: usize, len: usize) {
        let first = len.min(r.size - r.iput);
        self.heap.copy_within(src, r.off + r.iput, first);
        self.heap.copy_within(src + first, r.off, len - first);
        r.iput = (r.iput + len) % r.size;
    }

    /// Copy `len` ring bytes (len ≤ avail) to heap offset `dst`, in at most two runs.
    fn ring_get(&mut self, r: &mut Ring, dst: usize, len: usize) {
        let first = len.min(r.size - r.iget);
        self.heap.copy_within(r.off + r.iget, dst, first);
        self.heap.copy_within(r.off, dst + first, len - first);
        r.iget = (r.iget + len) % r.size;
    }

    /// The bytes of a read buffer (str, bytes, bytearray): heap offset and length.
    fn read_buf(&mut self, o: Obj) -> R<(usize, usize)> {
        if o.is_ptr() {
            match self.tid(o) {
                T::Str | T::Bytes => {
                    return Ok((self.str_data_off(o), self.get(o, 2).small_val() as usize))
                }
                T::ByteArray => return self.write_buf(o),
                _ => {}
            }
        } else if o.is_qstr() {
            // Interned strs live outside the heap: copy them through a new bytes object.
            let d = self.str_data(o).len();
            let (b, off) = self.new_str_raw(T::Bytes, d)?;
            let mut tmp = [0u8; 256];
            let mut done = 0;
            while done < d {
                let k = (d - done).min(tmp.len());
                tmp[..k].copy_from_slice(&self.str_data(o)[done..done + k]);
                self.heap
                    .bytes_mut(off + done, k)
                    .copy_from_slice(&tmp[..k]);
                done += k;
            }
            return Ok((self.str_data_off(b), d));
        }
        Err(self.err(T::TypeError, "object with buffer protocol required"))
    }

    /// The bytes of a writable buffer (bytearray): heap offset and length.
    fn write_buf(&mut self, o: Obj) -> R<(usize, usize)> {
        if o.is_ptr() && self.tid(o) == T::ByteArray {
            return Ok((self.ba_off(o), self.get(o, 1).small_val() as usize));
        }
        Err(self.err(T::TypeError, "object with buffer protocol required"))
    }

    /// A new bytes object holding the next `n` ring bytes (n ≤ avail).
    fn ring_bytes(&mut self, o: Obj, n: usize) -> R<Obj> {
        self.root(o)?;
        let made = self.new_str_raw(T::Bytes, n);
        self.unroot(1);
        let (b, off) = made?;
        let mut r = self.ring(o);
        self.ring_get(&mut r, off, n);
        self.set_ring(o, r);
        Ok(self.finish_str(b))
    }
}

/// `RingIO(size | buffer)`.
pub(crate) fn new<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 1, 1)?;
    let arg = a.get(vm, 0);
    let (data, len) = if let Some(off) = crate::modstruct::writable_off(vm, arg) {
        // A writable buffer (bytearray, array, memoryview) is used in place.
        (Obj(vm.heap.addr(off)), vm.bytes_data(arg).len())
    } else {
        let n = vm.get_int(arg)?;
        // MicroPython allocates n + 1 bytes before validating; -1 is a 0-byte request that
        // "succeeds", smaller values wrap to a huge size.
        let want = n.wrapping_add(1);
        if want < 0 {
            return Err(vm.alloc_fail(AllocError::Exhausted(want as usize)));
        }
        let want = want as usize;
        if !(2..=MAX_LEN).contains(&want) {
            return Err(value_error(vm));
        }
        (Obj(vm.alloc_raw(want)?), want)
    };
    if !(2..=MAX_LEN).contains(&len) {
        return Err(value_error(vm));
    }
    vm.root(data)?;
    vm.root(arg)?;
    let o = vm.alloc_obj(vm.tobj(T::RingIO), 6);
    vm.unroot(2);
    let o = o?;
    // The buffer object keeps the data alive: a memoryview's data pointer is interior.
    vm.set(o, 5, if arg.is_ptr() { arg } else { Obj::NONE });
    vm.set(o, 1, data);
    vm.set(o, 2, Obj::small(len as isize));
    vm.set(o, 3, Obj::small(0));
    vm.set(o, 4, Obj::small(0));
    Ok(o)
}

/// `ValueError()` with no arguments, as `objringio.c` raises.
fn value_error<P: Port>(vm: &mut Vm<P>) -> crate::Exc {
    let args = vm.empty_tuple();
    match vm.new_exc_args(vm.tobj(T::ValueError), args) {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

/// The RingIO methods.
pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    let o = if a.n > 0 { a.get(vm, 0) } else { Obj::NONE };
    if !(o.is_ptr() && vm.tid(o) == T::RingIO) {
        return Err(vm.err(T::TypeError, "RingIO method needs a RingIO"));
    }
    if let Some(ext) = vm.isr_ring(o) {
        return call_outside(vm, ext, id, a);
    }
    match id {
        RIO_ANY => {
            arg_count(vm, a, 1, 1)?;
            Ok(Obj::small(vm.ring(o).avail() as isize))
        }
        RIO_CLOSE => {
            arg_count(vm, a, 1, 1)?;
            Ok(Obj::NONE)
        }
        RIO_READ => {
            arg_count(vm, a, 1, 2)?;
            let avail = vm.ring(o).avail();
            let n = if a.n == 2 {
                let v = a.get(vm, 1);
                vm.get_int(v)?
            } else {
                -1
            };
            let n = match n {
                -1 => avail,
                n if n < 0 => return Err(vm.alloc_fail(AllocError::Exhausted(n as usize))),
                n => (n as usize).min(avail),
            };
            vm.ring_bytes(o, n)
        }
        RIO_READLINE => {
            arg_count(vm, a, 1, 2)?;
            // The limit is taken as a small int without a type check (None acts as 3).
            let lim = if a.n == 2 {
                let v = a.get(vm, 1);
                if v.is_small() {
                    v.small_val()
                } else if v == Obj::NONE {
                    3
                } else {
                    return Err(vm.err(T::TypeError, "can't convert to int"));
                }
            } else {
                -1
            };
            let r = vm.ring(o);
            let avail = r.avail();
            let max = match lim {
                -1 => avail,
                n if n < 0 => return Err(vm.alloc_fail(AllocError::Exhausted(n as usize))),
                n => (n as usize).min(avail),
            };
            let mut k = 0;
            while k < max {
                let b = vm.heap.bytes(r.off + (r.iget + k) % r.size, 1)[0];
                k += 1;
                if b == b'\n' {
                    break;
                }
            }
            vm.ring_bytes(o, k)
        }
        RIO_READINTO => {
            arg_count(vm, a, 2, 3)?;
            let buf = a.get(vm, 1);
            let (off, len) = vm.write_buf(buf)?;
            let mut n = len;
            if a.n == 3 {
                let v = a.get(vm, 2);
                n = n.min(vm.get_int(v)? as usize);
            }
            let mut r = vm.ring(o);
            let n = n.min(r.avail());
            vm.ring_get(&mut r, off, n);
            vm.set_ring(o, r);
            Ok(Obj::small(n as isize))
        }
        _ => {
            // write(buf[, max]) or write(buf, off, max), as the generic stream write.
            arg_count(vm, a, 2, 4)?;
            let buf = a.get(vm, 1);
            vm.root(o)?;
            let got = vm.read_buf(buf);
            vm.unroot(1);
            let (mut off, mut len) = got?;
            if a.n == 3 {
                let v = a.get(vm, 2);
                len = len.min(vm.get_int(v)?.max(0) as usize);
            } else if a.n == 4 {
                let (v, m) = (a.get(vm, 2), a.get(vm, 3));
                let skip = (vm.get_int(v)?.max(0) as usize).min(len);
                off += skip;
                len = (len - skip).min(vm.get_int(m)?.max(0) as usize);
            }
            let mut r = vm.ring(o);
            let n = len.min(r.free());
            vm.ring_put(&mut r, off, n);
            vm.set_ring(o, r);
            Ok(Obj::small(n as isize))
        }
    }
}

/// The RingIO methods on a ring outside the heap ([`crate::IsrRing`], written by an
/// interrupt handler): the same rules, the bytes copied through a stack buffer.
fn call_outside<P: Port>(
    vm: &mut Vm<P>,
    ext: &'static dyn crate::signals::ByteRing,
    id: usize,
    a: &Args,
) -> R<Obj> {
    let mut tmp = [0u8; 64];
    match id {
        RIO_ANY => {
            arg_count(vm, a, 1, 1)?;
            Ok(Obj::small(ext.any() as isize))
        }
        RIO_CLOSE => {
            arg_count(vm, a, 1, 1)?;
            Ok(Obj::NONE)
        }
        RIO_READ | RIO_READLINE => {
            arg_count(vm, a, 1, 2)?;
            let lim = if a.n == 2 {
                let v = a.get(vm, 1);
                vm.get_int(v)?
            } else {
                -1
            };
            let avail = ext.any();
            let mut n = if lim < 0 {
                avail
            } else {
                (lim as usize).min(avail)
            };
            if id == RIO_READLINE {
                if let Some(k) = (0..n).find(|&k| ext.peek(k) == b'\n') {
                    n = k + 1;
                }
            }
            let (b, off) = vm.new_str_raw(T::Bytes, n)?;
            let mut done = 0;
            while done < n {
                let k = ext.read(&mut tmp[..(n - done).min(64)]);
                vm.heap.bytes_mut(off + done, k).copy_from_slice(&tmp[..k]);
                done += k;
                if k == 0 {
                    break;
                }
            }
            Ok(vm.finish_str(b))
        }
        RIO_READINTO => {
            arg_count(vm, a, 2, 3)?;
            let buf = a.get(vm, 1);
            let (off, len) = vm.write_buf(buf)?;
            let mut n = len;
            if a.n == 3 {
                let v = a.get(vm, 2);
                n = n.min(vm.get_int(v)? as usize);
            }
            let n = n.min(ext.any());
            let mut done = 0;
            while done < n {
                let k = ext.read(&mut tmp[..(n - done).min(64)]);
                vm.heap.bytes_mut(off + done, k).copy_from_slice(&tmp[..k]);
                done += k;
                if k == 0 {
                    break;
                }
            }
            Ok(Obj::small(done as isize))
        }
        _ => {
            arg_count(vm, a, 2, 2)?;
            let buf = a.get(vm, 1);
            let (off, len) = vm.read_buf(buf)?;
            let mut done = 0;
            while done < len {
                let k = (len - done).min(64);
                tmp[..k].copy_from_slice(vm.heap.bytes(off + done, k));
                let w = ext.write(&tmp[..k]);
                done += w;
                if w < k {
                    break;
                }
            }
            Ok(Obj::small(done as isize))
        }
    }
}
