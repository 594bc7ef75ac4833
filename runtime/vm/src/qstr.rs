//! Qstrs (MicroPython's `py/qstr.c`): interned strings named by number. Numbers below
//! `POOL.len()` are the static pool of `mpy-format` (1..=165 are the .mpy static qstrs, order is
//! ABI); the next [`ROM`] ones are the runtime's own names ([`crate::qstr_rom`]); numbers from
//! [`DYN_BASE`] on are interned at run time and live in the heap:
//!
//! ```text
//!  root QSTRS  -> block of u32: entry i = byte offset (in the heap region) of the qstr
//!                 entry for number DYN_BASE+i
//!  qstr entry  [hash: u16][len: u32][bytes...][NUL], packed in a chunk
//!  root QCHUNK -> newest chunk [previous chunk*, entries...] (128 bytes, or one entry's size)
//! ```
//!
//! Entries are packed in chunks as MicroPython's qstr pool packs its text
//! (MICROPY_ALLOC_QSTR_CHUNK_INIT): ~10 bytes a short name, where a block each took 32. Table
//! entries point inside chunks; the chain from root QCHUNK keeps the chunks alive.
//!
//! ```text
//!  root QINDEX -> open-addressing hash index of u16 slots: qstr number, 0 = empty (qstr
//!                 numbers stay below 2^16, as MicroPython's qstr_short_t)
//! ```
use crate::gc::W;
use crate::obj::Obj;
use crate::qstr_rom::{ROM, ROM_HASH};
use crate::{root, Port, Vm, R};
use mpy_format::qstr::POOL;

/// Bytes of a qstr entry before its text: hash (u16) and length (u32).
const ENTRY_HDR: usize = 6;
/// Bytes of a qstr chunk (MicroPython's MICROPY_ALLOC_QSTR_CHUNK_INIT).
const CHUNK: usize = 128;

/// Byte offset and length of dynamic qstr `q`'s text, given the heap, the number of dynamic
/// qstrs and the table (root QSTRS); (0, 0) for an unknown number.
pub(crate) fn dyn_span(heap: &crate::Heap, n_dyn: usize, table: usize, q: usize) -> (usize, usize) {
    let i = q.wrapping_sub(DYN_BASE);
    if i >= n_dyn {
        return (0, 0);
    }
    let t = heap.bytes(heap.off(table) + 4 * i, 4);
    let e = u32::from_le_bytes([t[0], t[1], t[2], t[3]]) as usize;
    let l = heap.bytes(e + 2, 4);
    let len = u32::from_le_bytes([l[0], l[1], l[2], l[3]]) as usize;
    (e + ENTRY_HDR, len)
}

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
        dyn_span(&self.heap, self.n_dyn_qstr, self.heap.roots[root::QSTRS], q)
    }

    /// The hash of qstr `q`.
    #[inline]
    pub(crate) fn qstr_hash(&self, q: usize) -> usize {
        if q < POOL.len() {
            STATIC_HASH[q] as usize
        } else if q < DYN_BASE {
            ROM_HASH[q - POOL.len()] as usize
        } else if q - DYN_BASE < self.n_dyn_qstr {
            let (text, _) = self.dyn_qstr_span(q);
            let h = self.heap.bytes(text - ENTRY_HDR, 2);
            u16::from_le_bytes([h[0], h[1]]) as usize
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
        let mut slot = hash_bytes(b) & (self.qindex_cap - 1);
        loop {
            let q = self.qindex_get(slot);
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
            self.heap.alloc_size(self.heap.off(table)) / 4
        };
        if self.n_dyn_qstr >= cap {
            // Small at first: the built-in names are made on first use (builtins.rs init),
            // so a program interns few; a heap of 64 KiB cannot spare kilobytes for tables.
            let new_cap = (cap * 2).max(8);
            if DYN_BASE + new_cap > 0xffff {
                return Err(self.err(crate::T::RuntimeError, "name too long"));
            }
            let nt = self.alloc_pool(new_cap * 4)?;
            let n = 4 * self.n_dyn_qstr;
            if n > 0 {
                let (from, to) = (self.heap.off(table), self.heap.off(nt));
                let mut buf = [0u8; 64];
                for k in (0..n).step_by(64) {
                    let m = (n - k).min(64);
                    buf[..m].copy_from_slice(self.heap.bytes(from + k, m));
                    self.heap.bytes_mut(to + k, m).copy_from_slice(&buf[..m]);
                }
            }
            self.heap.roots[root::QSTRS] = nt;
            if table != 0 {
                self.heap.free(self.heap.off(table));
            }
        }
        if (self.n_dyn_qstr + 1) * 2 > self.qindex_cap {
            let new_cap = (self.qindex_cap * 2).max(16);
            let ni = self.alloc_pool(new_cap * 2)?;
            let old = self.heap.roots[root::QINDEX];
            let old_cap = self.qindex_cap;
            self.heap.roots[root::QINDEX] = ni;
            self.qindex_cap = new_cap;
            for s in 0..old_cap {
                let at = self.heap.off(old) + 2 * s;
                let b = self.heap.bytes(at, 2);
                let q = u16::from_le_bytes([b[0], b[1]]) as usize;
                if q != 0 {
                    self.index_insert(q);
                }
            }
            if old != 0 {
                // Outgrown: freed at once (m_renew), as the table below.
                self.heap.free(self.heap.off(old));
            }
        }
        let Ok(len) = u32::try_from(b.len()) else {
            return Err(self.err(crate::T::RuntimeError, "name too long"));
        };
        let need = ENTRY_HDR + b.len() + 1;
        if self.heap.roots[root::QCHUNK] == 0 || self.qchunk_used + need > self.qchunk_size {
            let size = (W + need).max(CHUNK);
            let c = self.alloc_raw(size)?;
            self.wrw(c, 0, self.heap.roots[root::QCHUNK]);
            self.heap.roots[root::QCHUNK] = c;
            self.qchunk_used = W;
            self.qchunk_size = size;
        }
        let at = self.heap.off(self.heap.roots[root::QCHUNK]) + self.qchunk_used;
        self.qchunk_used += need;
        let e = self.heap.bytes_mut(at, need);
        e[..2].copy_from_slice(&(hash_bytes(b) as u16).to_le_bytes());
        e[2..ENTRY_HDR].copy_from_slice(&len.to_le_bytes());
        e[ENTRY_HDR..need - 1].copy_from_slice(b);
        e[need - 1] = 0;
        let q = DYN_BASE + self.n_dyn_qstr;
        let Ok(entry) = u32::try_from(at) else {
            return Err(self.err(crate::T::MemoryError, "memory allocation failed"));
        };
        let slot = self.heap.off(self.heap.roots[root::QSTRS]) + 4 * self.n_dyn_qstr;
        self.heap
            .bytes_mut(slot, 4)
            .copy_from_slice(&entry.to_le_bytes());
        self.n_dyn_qstr += 1;
        self.index_insert(q);
        Ok(Obj::qstr(q))
    }

    fn index_insert(&mut self, q: usize) {
        let mut slot = hash_bytes(self.qstr_bytes(q)) & (self.qindex_cap - 1);
        while self.qindex_get(slot) != 0 {
            slot = (slot + 1) & (self.qindex_cap - 1);
        }
        let at = self.heap.off(self.heap.roots[root::QINDEX]) + 2 * slot;
        self.heap
            .bytes_mut(at, 2)
            .copy_from_slice(&(q as u16).to_le_bytes());
    }

    /// Slot `slot` of the qstr index: a qstr number, 0 if empty.
    #[inline]
    fn qindex_get(&self, slot: usize) -> usize {
        let at = self.heap.off(self.heap.roots[root::QINDEX]) + 2 * slot;
        let b = self.heap.bytes(at, 2);
        u16::from_le_bytes([b[0], b[1]]) as usize
    }

    /// The qstr of a static name known to be in the pool (built-in names).
    #[inline]
    pub(crate) fn q(&self, s: &str) -> Obj {
        Obj::qstr(self.qstr_find(s.as_bytes()).unwrap_or(1))
    }
}
