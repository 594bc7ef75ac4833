//! The `io` module's in-memory streams (MicroPython's `py/modio.c`, `objstringio.c`):
//! `StringIO` and `BytesIO` with write, read, readline, getvalue, seek, tell, flush, close
//! and the context-manager protocol; `print(..., file=stream)` writes into them.
//!
//! ```text
//!  StringIO / BytesIO [type, buffer, pos]   buffer = a bytearray holding the bytes written,
//!                                           NULL once closed; pos = small int byte offset
//! ```
//! A stream made from a str or bytes reads that object in place (buffer = the str/bytes) and
//! copies it into a bytearray at the first write, as MicroPython's copy-on-write `vstr`; one
//! made with a size (`BytesIO(64)`) has that capacity, so writes within it do not allocate.
//! Positions and sizes count bytes, as MicroPython's stream layer does.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

/// Is `o` a StringIO or BytesIO?
pub(crate) fn is_stream<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    o.is_ptr() && matches!(vm.tid(o), T::StringIO | T::BytesIO)
}

/// `StringIO([initial])` / `BytesIO([initial])`: an initial value or a size hint (an int).
pub(crate) fn construct<P: Port>(vm: &mut Vm<P>, t: T, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 1)?;
    let s = vm.alloc_obj(vm.tobj(t), 3)?;
    vm.set(s, 1, Obj::NULL);
    vm.set(s, 2, Obj::small(0));
    vm.root(s)?;
    let r = (|| {
        let init = if a.n == 1 { a.get(vm, 0) } else { Obj::NULL };
        if !init.is_null() && !init.is_small() {
            check_data(vm, t, init)?;
            if vm.is_str(init) || vm.tid(init) == T::Bytes {
                vm.set(s, 1, init);
                return Ok(s);
            }
        }
        // The initial capacity: a size given, or MicroPython's default of 16.
        let cap = if init.is_small() {
            init.small_val().max(0) as usize
        } else {
            16
        };
        let b = vm.new_bytearray(cap)?;
        vm.set(b, 1, Obj::small(0));
        vm.set(s, 1, b);
        if !init.is_null() && !init.is_small() {
            append(vm, b, init)?;
        }
        Ok(s)
    })();
    vm.unroot(1);
    r
}

/// Data written to a stream: any str or bytes-like object (MicroPython's stream layer takes
/// a buffer, so StringIO accepts bytes and BytesIO accepts str).
fn check_data<P: Port>(vm: &mut Vm<P>, _t: T, v: Obj) -> R<()> {
    if vm.is_str(v) || (v.is_ptr() && matches!(vm.tid(v), T::Bytes | T::ByteArray)) {
        Ok(())
    } else {
        Err(vm.err(T::TypeError, "object with buffer protocol required"))
    }
}

/// Append the bytes of `v` to bytearray `b` (`v` stays rooted by the caller).
fn append<P: Port>(vm: &mut Vm<P>, b: Obj, v: Obj) -> R<()> {
    let n = vm.bytes_data(v).len();
    for i in 0..n {
        let c = vm.bytes_data(v)[i];
        vm.ba_push(b, c)?;
    }
    Ok(())
}

/// Write the bytes of str/bytes `v` into stream `s` at its position (growing it,
/// zero-filling a gap after a seek past the end); `v` stays rooted by the caller.
pub(crate) fn write_obj<P: Port>(vm: &mut Vm<P>, s: Obj, v: Obj) -> R<usize> {
    let b = writable_buffer(vm, s, v)?;
    let n = vm.bytes_data(v).len();
    let mut pos = vm.get(s, 2).small_val() as usize;
    while pos > vm.get(b, 1).small_val() as usize {
        vm.ba_push(b, 0)?;
    }
    for i in 0..n {
        let c = vm.bytes_data(v)[i];
        if pos < vm.get(b, 1).small_val() as usize {
            let off = vm.ba_off(b) + pos;
            vm.heap.bytes_mut(off, 1)[0] = c;
        } else {
            vm.ba_push(b, c)?;
        }
        pos += 1;
    }
    vm.set(s, 2, Obj::small(pos as isize));
    Ok(n)
}

/// Is `o` an instance of a class derived from `io.IOBase`?
pub(crate) fn is_iobase<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    vm.is_user_instance(o) && vm.is_subclass(vm.get(o, 0), vm.tobj(T::IOBase))
}

/// Write str `text` to an IOBase-derived stream `f` through its `write` method, as a
/// bytearray (what the reference's stream adaptor passes), until all is written (MicroPython's
/// `mp_stream_rw`): a write that reports more bytes than it was given is OSError(EIO), a
/// negative result is OSError(-result), None or 0 stops.
pub(crate) fn write_iobase<P: Port>(vm: &mut Vm<P>, f: Obj, text: Obj) -> R<()> {
    let base = vm.heap.sp;
    let r = (|| {
        vm.root(f)?;
        vm.root(text)?;
        let total = vm.bytes_data(text).len();
        let mut done = 0;
        while done < total {
            let n = total - done;
            let ba = vm.new_bytearray(n)?;
            let off = vm.ba_off(ba);
            copy_out(vm, text, done, off, n);
            vm.root(ba)?;
            let got = iobase_rw(vm, f, "write", ba, n)?;
            vm.unroot(1);
            match got {
                Some(k) if k > 0 => done += k,
                _ => break,
            }
        }
        Ok(())
    })();
    vm.heap.sp = base;
    r
}

/// MicroPython's MP_EAGAIN (the same number as EWOULDBLOCK).
const EAGAIN: isize = 11;

/// One `readinto`/`write` call of an IOBase-derived stream with buffer `buf` of `size` bytes
/// (MicroPython's `iobase_read_write`): the count, None for a None result (EAGAIN).
pub(crate) fn iobase_rw<P: Port>(
    vm: &mut Vm<P>,
    f: Obj,
    method: &str,
    buf: Obj,
    size: usize,
) -> R<Option<usize>> {
    let r = vm.call_method_named(f, method, &[buf])?;
    if r == Obj::NONE {
        return Ok(None);
    }
    let n = vm.get_int(r)?;
    if n >= 0 && n as usize <= size {
        return Ok(Some(n as usize));
    }
    // -EAGAIN is "nothing now" (mp_is_nonblocking_error), not an error.
    if n == -EAGAIN {
        return Ok(None);
    }
    let errno = if n >= 0 { 5 } else { n.saturating_neg() };
    let args = vm.new_tuple_from(&[Obj::small(errno)])?;
    let e = vm.new_exc_args(vm.tobj(T::OSError), args)?;
    Err(vm.raise(e))
}

/// All the bytes of an IOBase-derived stream, read through its `readinto` with buffers of
/// `chunk` bytes (`json.load` reads one byte at a time, as MicroPython does) until a 0 or None
/// result. A `readinto` may shrink the buffer it is given (`buf[:] = shorter`): what is left
/// of it counts.
pub(crate) fn read_all_iobase<P: Port>(vm: &mut Vm<P>, f: Obj, chunk: usize) -> R<Obj> {
    let base = vm.heap.sp;
    let r = (|| {
        vm.root(f)?;
        let out = vm.new_bytearray(0)?;
        vm.root(out)?;
        loop {
            let buf = vm.new_bytearray(chunk)?;
            vm.root(buf)?;
            let got = iobase_rw(vm, f, "readinto", buf, chunk)?;
            let k = match got {
                Some(k) if k > 0 => k.min(vm.bytes_data(buf).len()),
                _ => break,
            };
            for i in 0..k {
                let b = vm.bytes_data(buf)[i];
                vm.ba_push(out, b)?;
            }
            vm.unroot(1);
        }
        Ok(out)
    })();
    vm.heap.sp = base;
    r
}

/// `print(*args, sep=, end=, file=f)` for an IOBase-derived `f`: one write per argument,
/// separator and end.
pub(crate) fn print_iobase<P: Port>(
    vm: &mut Vm<P>,
    a: &Args,
    f: Obj,
    sep: Option<Obj>,
    end: Option<Obj>,
) -> R<Obj> {
    let base = vm.heap.sp;
    let r = (|| {
        vm.root(f)?;
        for i in 0..a.n {
            if i > 0 {
                let s = match sep {
                    Some(s) => s,
                    None => vm.new_str(b" ")?,
                };
                write_iobase(vm, f, s)?;
            }
            let o = a.get(vm, i);
            let t = vm.obj_str(o, false)?;
            write_iobase(vm, f, t)?;
        }
        let e = match end {
            Some(e) => e,
            None => vm.new_str(b"\n")?,
        };
        write_iobase(vm, f, e)?;
        Ok(Obj::NONE)
    })();
    vm.heap.sp = base;
    r
}

/// `next(stream)`: the next line, None at the end (streams iterate over their lines).
pub(crate) fn next_line<P: Port>(vm: &mut Vm<P>, s: Obj) -> R<Option<Obj>> {
    let b = buffer(vm, s)?;
    let len = buf_len(vm, b);
    let pos = (vm.get(s, 2).small_val() as usize).min(len);
    let mut n = len - pos;
    if let Some(k) = vm.bytes_data(b)[pos..].iter().position(|&c| c == b'\n') {
        n = k + 1;
    }
    if n == 0 {
        return Ok(None);
    }
    let r = slice(vm, s, b, pos, n)?;
    vm.set(s, 2, Obj::small((pos + n) as isize));
    Ok(Some(r))
}

/// `repr(stream)`: `<io.StringIO 0x...>`.
pub(crate) fn print<P: Port>(vm: &mut Vm<P>, out: crate::print::Out, s: Obj) -> R<()> {
    let name: &[u8] = if vm.tid(s) == T::StringIO {
        b"<io.StringIO 0x"
    } else {
        b"<io.BytesIO 0x"
    };
    vm.write_bytes(out, name)?;
    let mut buf = [0u8; 24];
    let mut n = buf.len();
    let mut v = s.0;
    loop {
        n -= 1;
        buf[n] = b"0123456789abcdef"[v & 15];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    vm.write_bytes(out, &buf[n..])?;
    vm.write_bytes(out, b">")
}

/// The buffer of an open stream (ValueError once closed).
fn buffer<P: Port>(vm: &mut Vm<P>, s: Obj) -> R<Obj> {
    let b = vm.get(s, 1);
    if b.is_null() {
        return Err(vm.err(T::ValueError, "I/O operation on closed file"));
    }
    Ok(b)
}

/// The buffer of an open stream as a bytearray, the str/bytes it was made from copied first
/// (`v`, the data about to be written, is kept alive across that copy).
fn writable_buffer<P: Port>(vm: &mut Vm<P>, s: Obj, v: Obj) -> R<Obj> {
    let b = buffer(vm, s)?;
    if vm.tid(b) == T::ByteArray {
        return Ok(b);
    }
    let n = vm.bytes_data(b).len();
    vm.root(s)?;
    vm.root(v)?;
    let nb = vm.new_bytearray(n);
    vm.unroot(2);
    let nb = nb?;
    let off = vm.ba_off(nb);
    copy_out(vm, b, 0, off, n);
    vm.set(s, 1, nb);
    Ok(nb)
}

/// Bytes taken by the first `chars` UTF-8 characters of `d` (all of `d` if it has fewer).
fn chars_to_bytes(d: &[u8], chars: usize) -> usize {
    let mut at = 0;
    for _ in 0..chars {
        if at >= d.len() {
            break;
        }
        at += crate::text::utf8_len(d[at]).max(1);
    }
    at.min(d.len())
}

/// Length of a stream's buffer (a bytearray, or the str/bytes it reads in place).
fn buf_len<P: Port>(vm: &Vm<P>, b: Obj) -> usize {
    if b.is_ptr() && vm.tid(b) == T::ByteArray {
        vm.get(b, 1).small_val() as usize
    } else {
        vm.bytes_data(b).len()
    }
}

/// Copy `n` bytes of buffer `b` from `from` to heap offset `dst`.
fn copy_out<P: Port>(vm: &mut Vm<P>, b: Obj, from: usize, dst: usize, n: usize) {
    if b.is_ptr() && vm.tid(b) == T::ByteArray {
        let src = vm.ba_off(b) + from;
        vm.heap.copy_within(src, dst, n);
        return;
    }
    // A str/bytes may be a qstr or live in a loaded image: through a small buffer.
    let mut tmp = [0u8; 64];
    let mut k = 0;
    while k < n {
        let c = (n - k).min(tmp.len());
        tmp[..c].copy_from_slice(&vm.bytes_data(b)[from + k..from + k + c]);
        vm.heap.bytes_mut(dst + k, c).copy_from_slice(&tmp[..c]);
        k += c;
    }
}

/// A str or bytes (after the stream's type) of `n` bytes of buffer `b` from `from`.
fn slice<P: Port>(vm: &mut Vm<P>, s: Obj, _b: Obj, from: usize, n: usize) -> R<Obj> {
    let t = if vm.tid(s) == T::StringIO {
        T::Str
    } else {
        T::Bytes
    };
    if n == 0 && t == T::Str {
        return Ok(Obj::qstr(1));
    }
    vm.root(s)?;
    let r = vm.new_str_raw(t, n);
    vm.unroot(1);
    let (o, off) = r?;
    let b = vm.get(s, 1);
    copy_out(vm, b, from, off, n);
    Ok(vm.finish_str(o))
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    let s = a.get(vm, 0);
    // A subclass instance works on its native stream.
    let s = vm.native_sub(s).unwrap_or(s);
    if !is_stream(vm, s) {
        return Err(vm.err(T::TypeError, "argument has wrong type"));
    }
    match id {
        IO_ENTER => {
            arg_count(vm, a, 1, 1)?;
            Ok(s)
        }
        IO_EXIT | IO_CLOSE => {
            vm.set(s, 1, Obj::NULL);
            Ok(Obj::NONE)
        }
        IO_FLUSH => {
            buffer(vm, s)?;
            Ok(Obj::NONE)
        }
        IO_WRITE => {
            // write(buf), write(buf, max_len), write(buf, offset, max_len)
            arg_count(vm, a, 2, 4)?;
            let v = a.get(vm, 1);
            let t = vm.tid(s);
            check_data(vm, t, v)?;
            if a.n == 2 {
                let n = write_obj(vm, s, v)?;
                return Ok(Obj::small(n as isize));
            }
            let len = vm.bytes_data(v).len();
            let (off, max) = if a.n == 3 {
                let m = a.get(vm, 2);
                (0, vm.get_int(m)?)
            } else {
                let (o, m) = (a.get(vm, 2), a.get(vm, 3));
                ((vm.get_int(o)?.max(0) as usize).min(len), vm.get_int(m)?)
            };
            let n = (len - off).min(max.max(0) as usize);
            vm.root(s)?;
            let part = vm.new_str_raw(T::Bytes, n);
            let r = part.and_then(|(p, po)| {
                let mut tmp = [0u8; 64];
                let mut k = 0;
                while k < n {
                    let c = (n - k).min(64);
                    tmp[..c].copy_from_slice(&vm.bytes_data(v)[off + k..off + k + c]);
                    vm.heap.bytes_mut(po + k, c).copy_from_slice(&tmp[..c]);
                    k += c;
                }
                let p = vm.finish_str(p);
                vm.root(p)?;
                let r = write_obj(vm, s, p);
                vm.unroot(1);
                r
            });
            vm.unroot(1);
            Ok(Obj::small(r? as isize))
        }
        IO_READINTO => {
            // readinto(buf[, n]): bytes from the position into a writable buffer.
            arg_count(vm, a, 2, 3)?;
            let dst = a.get(vm, 1);
            let dst_off = crate::modstruct::writable_off(vm, dst)
                .ok_or_else(|| vm.err(T::TypeError, "object with buffer protocol required"))?;
            let mut n = vm.bytes_data(dst).len();
            if a.n == 3 {
                let m = a.get(vm, 2);
                n = n.min(vm.get_int(m)?.max(0) as usize);
            }
            let b = buffer(vm, s)?;
            let len = buf_len(vm, b);
            let pos = (vm.get(s, 2).small_val() as usize).min(len);
            let n = n.min(len - pos);
            copy_out(vm, b, pos, dst_off, n);
            vm.set(s, 2, Obj::small((pos + n) as isize));
            Ok(Obj::small(n as isize))
        }
        IO_GETVALUE => {
            arg_count(vm, a, 1, 1)?;
            let b = buffer(vm, s)?;
            let len = buf_len(vm, b);
            slice(vm, s, b, 0, len)
        }
        IO_READ | IO_READLINE => {
            arg_count(vm, a, 1, 2)?;
            let b = buffer(vm, s)?;
            let len = buf_len(vm, b);
            let pos = (vm.get(s, 2).small_val() as usize).min(len);
            let mut n = len - pos;
            if a.n == 2 {
                let lim = a.get(vm, 1);
                if lim != Obj::NONE {
                    let lim = vm.get_int(lim)?;
                    if lim >= 0 {
                        n = if vm.tid(s) == T::StringIO {
                            // A text stream reads characters, not bytes.
                            chars_to_bytes(&vm.bytes_data(b)[pos..pos + n], lim as usize)
                        } else {
                            n.min(lim as usize)
                        };
                    }
                }
            }
            if id == IO_READLINE {
                let data = &vm.bytes_data(b)[pos..pos + n];
                if let Some(k) = data.iter().position(|&c| c == b'\n') {
                    n = k + 1;
                }
            }
            let r = slice(vm, s, b, pos, n)?;
            vm.set(s, 2, Obj::small((pos + n) as isize));
            Ok(r)
        }
        IO_TELL => {
            arg_count(vm, a, 1, 1)?;
            buffer(vm, s)?;
            Ok(vm.get(s, 2))
        }
        _ => {
            // IO_SEEK: (offset, whence = 0 start / 1 current / 2 end)
            arg_count(vm, a, 2, 3)?;
            let b = buffer(vm, s)?;
            let off = a.get(vm, 1);
            let off = vm.get_int(off)?;
            let whence = if a.n == 3 {
                let w = a.get(vm, 2);
                vm.get_int(w)?
            } else {
                0
            };
            let base = match whence {
                1 => vm.get(s, 2).small_val(),
                2 => buf_len(vm, b) as isize,
                _ => 0,
            };
            let mut new = base.saturating_add(off);
            // Relative seeks before the start stop at 0; an absolute one is refused.
            if whence != 0 && new < 0 {
                new = 0;
            }
            if new < 0 {
                // OSError(EINVAL), as a real file's stream raises.
                let args = vm.new_tuple_from(&[Obj::small(22)])?;
                let e = vm.new_exc_args(vm.tobj(T::OSError), args)?;
                return Err(vm.raise(e));
            }
            vm.set(s, 2, Obj::small(new));
            Ok(Obj::small(new))
        }
    }
}
