//! Exceptions when the heap cannot help (locked by `micropython.heap_lock`, or exhausted):
//! MicroPython's emergency exception object and `alloc_emergency_exception_buf` buffer
//! (`py/objexcept.c`), with the same size thresholds, so a program sees the same exceptions.
//!
//! The buffer is one raw heap block, rooted in [`root::EMG`]. Ahead of the part that plays
//! MicroPython's buffer sits a fixed header: the list object that holds an emergency traceback
//! and the buffer's size. The buffer part keeps MicroPython's layout and thresholds (`S` is
//! the size given to `alloc_emergency_exception_buf`, `W` the word size):
//!
//! ```text
//!  block  [list type, len, alloc = 6, items* ─┐, S]        header, HDR = 5 words
//!  R+0    traceback items: 2 entries × 3 words ◄┘           used when S >= 6W
//!  R+6W   args tuple [tuple type, n, items...]             used when S >= (8 + n)W
//!  R+10W  message str [str type, hash, len, bytes... NUL]  MicroPython's str object sits at
//!  R+13W  message bytes                                    R+9W (4 words): S >= 13W for a
//!                                                          fixed message, 13W + 16 for a
//!                                                          formatted one (cut to S-13W-1)
//! ```
//! The buffer part is at least [`MSG_ROOM`] bytes past R+13W even when `S` is smaller, since a
//! fixed message (a pointer to ROM text in MicroPython) is copied here. Objects inside the
//! block are interior pointers, which the collector ignores; the block root keeps them.
//!
//! The exception object itself falls back to the single static `MemoryError` object of
//! [`root::MEM_ERR`], retyped, as `mp_emergency_exception_obj` is: one exception at a time.
use crate::gc::{AllocError, W};
use crate::obj::{Obj, T};
use crate::{root, Exc, Port, Vm, R};

/// Words of the header ahead of the buffer part.
const HDR: usize = 5;
/// Traceback words in the buffer (`EMG_BUF_TRACEBACK_SIZE`): two entries of three.
const TB_WORDS: usize = 6;
/// Byte offsets inside the buffer part, as MicroPython's `EMG_BUF_*_OFFSET`.
const TUPLE_OFF: usize = TB_WORDS * W;
const STR_OFF: usize = TUPLE_OFF + 3 * W;
const STR_BUF_OFF: usize = STR_OFF + 4 * W;
/// Room for a fixed message's text past `STR_BUF_OFF`.
const MSG_ROOM: usize = 160;

impl<P: Port> Vm<P> {
    /// The emergency block and its size `S`, if a buffer is allocated.
    fn emg(&self) -> Option<(Obj, usize)> {
        let b = Obj(self.heap.roots[root::EMG]);
        if b.is_null() {
            return None;
        }
        Some((b, self.get(b, 4).small_val() as usize))
    }

    /// `micropython.alloc_emergency_exception_buf(size)`: a new buffer of `size` bytes
    /// replaces the old one (`size <= 0` drops it). MemoryError if the heap cannot hold it.
    pub fn alloc_emergency_exception_buf(&mut self, size: isize) -> R<()> {
        self.emergency_buf_in(size, false)
    }

    /// As [`Vm::alloc_emergency_exception_buf`], the buffer outside the GC heap, in the static
    /// area's room ([`Vm::with_frozen_area`]) when it has enough, as the unix port's static
    /// `mp_emergency_exception_buf`.
    pub fn alloc_static_emergency_exception_buf(&mut self, size: isize) -> R<()> {
        self.emergency_buf_in(size, true)
    }

    fn emergency_buf_in(&mut self, size: isize, in_static: bool) -> R<()> {
        let new = if size > 0 {
            let s = size as usize;
            let body = s.max(STR_BUF_OFF + MSG_ROOM);
            let st = if in_static {
                self.heap.alloc_static(HDR * W + body)
            } else {
                None
            };
            let off = match st.map_or_else(|| self.heap.alloc_high(HDR * W + body), Ok) {
                Ok(off) => off,
                Err(AllocError::Exhausted(_)) => {
                    return Err(self.alloc_fail(AllocError::Exhausted(s)))
                }
                Err(e) => return Err(self.alloc_fail(e)),
            };
            let b = Obj(self.heap.addr(off));
            self.set(b, 0, self.tobj(T::List));
            self.set(b, 1, Obj::small(0));
            self.set(b, 2, Obj::small(TB_WORDS as isize));
            self.set(b, 3, Obj(b.0 + HDR * W));
            self.set(b, 4, Obj::small(s as isize));
            b
        } else {
            Obj::NULL
        };
        // The static exception must not keep pointing into a buffer that may be freed.
        if let Some((old, _)) = self.emg() {
            let me = Obj(self.heap.roots[root::MEM_ERR]);
            let end = old.0 + self.heap.alloc_size(self.heap.off(old.0));
            let inside = |o: Obj| o.0 >= old.0 && o.0 < end;
            if inside(self.get(me, 1)) {
                let et = self.empty_tuple();
                self.set(me, 1, et);
            }
            if inside(self.get(me, 2)) {
                self.set(me, 2, Obj::NONE);
            }
        }
        self.heap.roots[root::EMG] = new.0;
        Ok(())
    }

    /// A 4-word exception object of type `t`: from the heap, or the static one.
    fn exc_obj_maybe(&mut self, t: Obj) -> Obj {
        let e = match self.heap.alloc(4 * W) {
            Ok(off) => Obj(self.heap.addr(off)),
            Err(_) => Obj(self.heap.roots[root::MEM_ERR]),
        };
        self.set(e, 0, t);
        self.set(e, 1, self.empty_tuple());
        self.set(e, 2, Obj::NONE);
        self.set(e, 3, Obj::NULL);
        e
    }

    /// `mp_obj_exception_make_new` that never raises: exception `t` with args `items`
    /// (heap, else emergency buffer, else no args).
    pub(crate) fn exc_new_maybe(&mut self, t: Obj, items: &[Obj]) -> Obj {
        let base = self.heap.sp;
        for &v in items {
            if !self.heap.push_root(v.0) {
                self.heap.sp = base;
                return self.exc_new_maybe_ps(t, base, 0);
            }
        }
        let e = self.exc_new_maybe_ps(t, base, items.len());
        self.heap.sp = base;
        e
    }

    /// [`Vm::exc_new_maybe`] with the `n` args on the pystack from `base`.
    pub(crate) fn exc_new_maybe_ps(&mut self, t: Obj, base: usize, n: usize) -> Obj {
        let e = self.exc_obj_maybe(t);
        if n == 0 {
            return e;
        }
        if !self.heap.push_root(e.0) {
            return e;
        }
        let tup = match self.heap.alloc((2 + n) * W) {
            Ok(off) => Some(Obj(self.heap.addr(off))),
            Err(_) => match self.emg() {
                Some((b, s)) if s >= TUPLE_OFF + (2 + n) * W => {
                    Some(Obj(b.0 + HDR * W + TUPLE_OFF))
                }
                _ => None,
            },
        };
        if let Some(tup) = tup {
            self.set(tup, 0, self.tobj(T::Tuple));
            self.set(tup, 1, Obj::small(n as isize));
            for i in 0..n {
                let v = Obj(self.heap.ps[base + i]);
                self.set(tup, 2 + i, v);
            }
            self.set(e, 1, tup);
        }
        self.heap.pop_roots(1);
        e
    }

    /// `mp_obj_new_exception_msg` (`formatted` false: a fixed text) or `_msg_varg` (true)
    /// when the ordinary path could not allocate: raise `t` with as much of `msg` as the
    /// emergency buffer allows.
    pub(crate) fn err_emergency(&mut self, t: T, msg: &[u8], formatted: bool) -> Exc {
        let tobj = self.tobj(t);
        let need = if formatted {
            STR_BUF_OFF + 16
        } else {
            STR_OFF + 4 * W
        };
        let s = match self.emg() {
            Some((b, size)) if size >= need => {
                let room = if formatted {
                    size - STR_BUF_OFF - 1
                } else {
                    MSG_ROOM - 1
                };
                let text = &msg[..msg.len().min(room)];
                let so = Obj(b.0 + HDR * W + STR_BUF_OFF - 3 * W);
                self.set(so, 0, self.tobj(T::Str));
                self.set(so, 1, Obj::small(crate::qstr::hash_bytes(text) as isize));
                self.set(so, 2, Obj::small(text.len() as isize));
                let off = self.heap.off(so.0) + 3 * W;
                self.heap.bytes_mut(off, text.len()).copy_from_slice(text);
                self.heap.bytes_mut(off + text.len(), 1)[0] = 0;
                Some(so)
            }
            _ => None,
        };
        let e = match s {
            Some(s) => self.exc_new_maybe(tobj, &[s]),
            None => self.exc_new_maybe(tobj, &[]),
        };
        self.raise(e)
    }

    /// A new traceback list (room for one entry) without raising: from the heap (`e` is
    /// kept alive meanwhile), else the emergency buffer's (`m_new_maybe` then the buffer).
    pub(crate) fn traceback_maybe(&mut self, e: Obj) -> Option<Obj> {
        if self.heap.push_root(e.0) {
            let l = self
                .heap
                .alloc(4 * W)
                .ok()
                .map(|off| Obj(self.heap.addr(off)));
            if let Some(l) = l {
                if self.heap.push_root(l.0) {
                    let items = self.heap.alloc(3 * W);
                    self.heap.pop_roots(2);
                    if let Ok(items) = items {
                        self.set(l, 0, self.tobj(T::List));
                        self.set(l, 1, Obj::small(0));
                        self.set(l, 2, Obj::small(3));
                        self.set(l, 3, Obj(self.heap.addr(items)));
                        return Some(l);
                    }
                } else {
                    self.heap.pop_roots(1);
                }
            } else {
                self.heap.pop_roots(1);
            }
        }
        self.emg_traceback()
    }

    /// A traceback list for `e` when the heap cannot give one: the emergency buffer's two
    /// entries, if there is a buffer of at least 6 words.
    fn emg_traceback(&mut self) -> Option<Obj> {
        match self.emg() {
            Some((b, s)) if s >= TB_WORDS * W => {
                self.set(b, 1, Obj::small(0));
                Some(b)
            }
            _ => None,
        }
    }

    /// Make room for `need` items in traceback list `tb` of `e` without raising (the
    /// emergency list never grows); false if there is none.
    pub(crate) fn grow_traceback(&mut self, e: Obj, tb: Obj, need: usize) -> bool {
        if tb.0 == self.heap.roots[root::EMG] || !self.heap.push_root(e.0) {
            return false;
        }
        let items = self.heap.alloc(need * W);
        self.heap.pop_roots(1);
        let Ok(items) = items else { return false };
        let items = Obj(self.heap.addr(items));
        let old = self.get(tb, 3).0;
        for i in 0..self.list_len(tb) {
            let v = self.rdw(old, i);
            self.wrw(items.0, i, v);
        }
        self.set(tb, 2, Obj::small(need as isize));
        self.set(tb, 3, items);
        true
    }
}

/// The MemoryError for a failed allocation (`m_malloc_fail`): a fixed message when the heap
/// is locked, a formatted one with the size otherwise.
pub(crate) fn memory_error<P: Port>(vm: &mut Vm<P>, e: AllocError) -> Exc {
    match e {
        AllocError::Locked => vm.err_msg(
            T::MemoryError,
            b"memory allocation failed, heap is locked",
            false,
        ),
        AllocError::Exhausted(n) => {
            let mut buf = [0u8; 64];
            let head = b"memory allocation failed, allocating ";
            buf[..head.len()].copy_from_slice(head);
            let mut len = head.len() + crate::text::fmt_usize(&mut buf[head.len()..], n);
            buf[len..len + 6].copy_from_slice(b" bytes");
            len += 6;
            vm.err_msg(T::MemoryError, &buf[..len], true)
        }
    }
}

impl<P: Port> Vm<P> {
    /// Raise built-in exception `t` with message `msg`; if the heap cannot hold the
    /// exception, fall back as MicroPython does ([`Vm::err_emergency`]).
    pub(crate) fn err_msg(&mut self, t: T, msg: &[u8], formatted: bool) -> Exc {
        match self.try_exc_msg(t, msg) {
            Ok(e) => self.raise(e),
            Err(_) => self.err_emergency(t, msg, formatted),
        }
    }

    /// An exception `t(msg)` built entirely on the heap, without raising on failure.
    fn try_exc_msg(&mut self, t: T, msg: &[u8]) -> Result<Obj, AllocError> {
        let s = match self.qstr_find(msg) {
            Some(q) => Obj::qstr(q),
            None => {
                let off = self.heap.alloc(3 * W + msg.len() + 1)?;
                let o = Obj(self.heap.addr(off));
                self.set(o, 0, self.tobj(T::Str));
                self.set(o, 1, Obj::small(crate::qstr::hash_bytes(msg) as isize));
                self.set(o, 2, Obj::small(msg.len() as isize));
                self.heap
                    .bytes_mut(off + 3 * W, msg.len())
                    .copy_from_slice(msg);
                o
            }
        };
        if !self.heap.push_root(s.0) {
            return Err(AllocError::Exhausted(0));
        }
        let r = self.heap.alloc(3 * W).and_then(|toff| {
            let tup = Obj(self.heap.addr(toff));
            self.set(tup, 0, self.tobj(T::Tuple));
            self.set(tup, 1, Obj::small(1));
            self.set(tup, 2, s);
            if !self.heap.push_root(tup.0) {
                return Err(AllocError::Exhausted(0));
            }
            let r = self.heap.alloc(4 * W);
            self.heap.pop_roots(1);
            let e = Obj(self.heap.addr(r?));
            self.set(e, 0, self.tobj(t));
            self.set(e, 1, tup);
            self.set(e, 2, Obj::NONE);
            self.set(e, 3, Obj::NULL);
            Ok(e)
        });
        self.heap.pop_roots(1);
        r
    }
}
