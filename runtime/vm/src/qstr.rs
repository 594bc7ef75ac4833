//! Qstrs (MicroPython's `py/qstr.c`): interned strings named by number. Numbers below
//! `POOL.len()` are the static pool of `mpy-format` (1..=165 are the .mpy static qstrs, order is
//! ABI); the next [`ROM`] ones are the runtime's own names ([`crate::qstr_rom`]); numbers from
//! [`DYN_BASE`] on are interned at run time and live in the heap:
//!
//! ```text
//!  root QSTRS  -> block of words: entry i = address of qstr block for number POOL.len()+i
//!  qstr block  [hash, len, bytes..., NUL]
//!  root QINDEX -> open-addressing hash index: slot = qstr number, 0 = empty
//! ```
use crate::gc::W;
use crate::obj::Obj;
use crate::qstr_rom::{ROM, ROM_HASH};
use crate::{root, Port, Vm, R};
use mpy_format::qstr::POOL;

/// The first qstr number interned at run time.
pub(crate) const DYN_BASE: usize = POOL.len() + ROM.len();

/// The text of a qstr that is not on the heap (pool or ROM).
#[inline]
pub(crate) fn static_text(q: usize) -> Option<&'static [u8]> {
    if q < POOL.len() {
        Some(POOL[q].as_bytes())
    } else if q < DYN_BASE {
        Some(ROM[q - POOL.len()].as_bytes())
    } else {
        None
    }
}

/// MicroPython's qstr hash: djb2 (`hash * 33 ^ byte`), 16 bits (unix port), never 0.
pub(crate) const fn hash_bytes(b: &[u8]) -> usize {
    let mut h: usize = 5381;
    let mut i = 0;
    while i < b.len() {
        h = (h.wrapping_shl(5).wrapping_add(h)) ^ (b[i] as usize);
        i += 1;
    }
    h &= 0xffff;
    if h == 0 {
        1
    } else {
        h
    }
}

const fn static_hashes() -> [u16; POOL.len()] {
    let mut t = [0u16; POOL.len()];
    let mut i = 0;
    while i < POOL.len() {
        t[i] = hash_bytes(POOL[i].as_bytes()) as u16;
        i += 1;
    }
    t
}

static STATIC_HASH: [u16; POOL.len()] = static_hashes();

/// The static qstr number of `s` (pool or ROM), at compile time (0 if it is in neither).
pub(crate) const fn static_num(s: &str) -> usize {
    let n = pool_num(s);
    if n != 0 {
        return n;
    }
    match crate::qstr_rom::const_find(s) {
        Some(i) => POOL.len() + i,
        None => 0,
    }
}

const fn pool_num(s: &str) -> usize {
    let s = s.as_bytes();
    let mut n = 1;
    while n < POOL.len() {
        let p = POOL[n].as_bytes();
        if p.len() == s.len() {
            let mut i = 0;
            while i < s.len() && p[i] == s[i] {
                i += 1;
            }
            if i == s.len() {
                return n;
            }
        }
        n += 1;
    }
    0
}

/// The qstr object of a name, resolved at compile time when it is a static qstr.
#[macro_export]
#[doc(hidden)]
macro_rules! qs {
    ($vm:expr, $s:literal) => {{
        const N: usize = $crate::qstr::static_num($s);
        if N != 0 {
            $crate::obj::Obj::qstr(N)
        } else {
            $vm.q($s)
        }
    }};
}

impl<P: Port> Vm<P> {
    /// The bytes of qstr `q` (empty for an unknown number).
    #[inline]
    pub(crate) fn qstr_bytes(&self, q: usize) -> &[u8] {
        if let Some(b) = static_text(q) {
            b
        } else {
            let (off, len) = self.dyn_qstr_span(q);
            self.heap.bytes(off, len)
        }
    }

    /// Byte offset and length of a dynamic qstr's text.
    pub(crate) fn dyn_qstr_span(&self, q: usize) -> (usize, usize) {
        let i = q.wrapping_sub(DYN_BASE);
        if i >= self.n_dyn_qstr {
            return (0, 0);
        }
        let blk = self.rdw(self.heap.roots[root::QSTRS], i);
        let len = self.rdw(blk, 1);
        (self.heap.off(blk) + 2 * W, len)
    }

    /// The hash of qstr `q`.
    #[inline]
    pub(crate) fn qstr_hash(&self, q: usize) -> usize {
        if q < POOL.len() {
            STATIC_HASH[q] as usize
        } else if q < DYN_BASE {
            ROM_HASH[q - POOL.len()] as usize
        } else if q - DYN_BASE < self.n_dyn_qstr {
            let blk = self.rdw(self.heap.roots[root::QSTRS], q - DYN_BASE);
            self.rdw(blk, 0)
        } else {
            0
        }
    }

    /// The number of the qstr with text `b`, if it is interned.
    pub(crate) fn qstr_find(&self, b: &[u8]) -> Option<usize> {
        if let Some(n) = mpy_format::qstr::pool_number(b) {
            return Some(n);
        }
        if let Some(i) = crate::qstr_rom::find(b) {
            return Some(POOL.len() + i);
        }
        if self.qindex_cap == 0 {
            return None;
        }
        let idx = self.heap.roots[root::QINDEX];
        let mut slot = hash_bytes(b) & (self.qindex_cap - 1);
        loop {
            let q = self.rdw(idx, slot);
            if q == 0 {
                return None;
            }
            if self.qstr_bytes(q) == b {
                return Some(q);
            }
            slot = (slot + 1) & (self.qindex_cap - 1);
        }
    }

    /// Intern `b`: its qstr object.
    pub(crate) fn intern(&mut self, b: &[u8]) -> R<Obj> {
        if let Some(q) = self.qstr_find(b) {
            return Ok(Obj::qstr(q));
        }
        // Grow the table and the index first (each may collect; nothing unrooted is held).
        let table = self.heap.roots[root::QSTRS];
        let cap = if table == 0 {
            0
        } else {
            self.heap.alloc_size(self.heap.off(table)) / W
        };
        if self.n_dyn_qstr >= cap {
            // Small at first: the built-in names are made on first use (builtins.rs init),
            // so a program interns few; a heap of 64 KiB cannot spare kilobytes for tables.
            let new_cap = (cap * 2).max(32);
            if DYN_BASE + new_cap > 0xffff {
                return Err(self.err(crate::T::RuntimeError, "name too long"));
            }
            let nt = self.alloc_pool(new_cap * W)?;
            for i in 0..self.n_dyn_qstr {
                let v = self.rdw(table, i);
                self.wrw(nt, i, v);
            }
            self.heap.roots[root::QSTRS] = nt;
        }
        if (self.n_dyn_qstr + 1) * 2 > self.qindex_cap {
            let new_cap = (self.qindex_cap * 2).max(64);
            let ni = self.alloc_pool(new_cap * W)?;
            let old = self.heap.roots[root::QINDEX];
            let old_cap = self.qindex_cap;
            self.heap.roots[root::QINDEX] = ni;
            self.qindex_cap = new_cap;
            for s in 0..old_cap {
                let q = self.rdw(old, s);
                if q != 0 {
                    self.index_insert(q);
                }
            }
        }
        let blk = self.alloc_raw(2 * W + b.len() + 1)?;
        self.wrw(blk, 0, hash_bytes(b));
        self.wrw(blk, 1, b.len());
        let off = self.heap.off(blk) + 2 * W;
        self.heap.bytes_mut(off, b.len()).copy_from_slice(b);
        let q = DYN_BASE + self.n_dyn_qstr;
        self.wrw(self.heap.roots[root::QSTRS], self.n_dyn_qstr, blk);
        self.n_dyn_qstr += 1;
        self.index_insert(q);
        Ok(Obj::qstr(q))
    }

    fn index_insert(&mut self, q: usize) {
        let idx = self.heap.roots[root::QINDEX];
        let mut slot = hash_bytes(self.qstr_bytes(q)) & (self.qindex_cap - 1);
        while self.rdw(idx, slot) != 0 {
            slot = (slot + 1) & (self.qindex_cap - 1);
        }
        self.wrw(idx, slot, q);
    }

    /// The qstr of a static name known to be in the pool (built-in names).
    #[inline]
    pub(crate) fn q(&self, s: &str) -> Obj {
        Obj::qstr(self.qstr_find(s.as_bytes()).unwrap_or(1))
    }
}
