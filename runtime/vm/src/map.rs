//! Hash tables for dict and set (MicroPython's `py/map.c`): open addressing with linear
//! probing, `hash % alloc` as the start, deleted slots marked with SENTINEL, and growth only when
//! the table is completely full, through the same size sequence, so that iteration order (and
//! so printed dicts and sets) matches the reference.
//!
//! ```text
//!  dict/set object  [type, used, alloc, table*]  (one block, as MicroPython's)
//!  ordered dict     [type, used, alloc, table*, 1]  (modcollections.rs)
//!  table            alloc slots of [key, value] (a set keeps value unused)
//! ```
use crate::gc::W;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

const SIZES: [usize; 34] = [
    0, 2, 4, 6, 8, 10, 12, 17, 23, 29, 37, 47, 59, 73, 97, 127, 167, 223, 293, 389, 521, 691, 919,
    1223, 1627, 2161, 3229, 4831, 7243, 10861, 16273, 24407, 36607, 54907,
];

fn alloc_at_least(x: usize) -> usize {
    for s in SIZES {
        if s >= x {
            return s;
        }
    }
    (x + x / 2) | 1
}

/// What a lookup does when the key is missing / present.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lookup {
    Find,
    Add,
    Remove,
}

impl<P: Port> Vm<P> {
    /// A new dict with room for `n` entries.
    pub(crate) fn new_dict(&mut self, n: usize) -> R<Obj> {
        self.new_map(T::Dict, n)
    }

    /// A new dict or set of type `t` with room for `n` entries.
    pub(crate) fn new_map(&mut self, t: T, n: usize) -> R<Obj> {
        self.new_map_words(t, n, 4)
    }

    /// A new map object of `words` words (5 for an ordered one, see modcollections.rs).
    pub(crate) fn new_map_words(&mut self, t: T, n: usize, words: usize) -> R<Obj> {
        let d = self.alloc_obj(self.tobj(t), words)?;
        self.set(d, 1, Obj::small(0));
        self.set(d, 2, Obj::small(0));
        if n > 0 {
            self.root(d)?;
            let tab = self.alloc_raw(2 * n * W);
            self.unroot(1);
            self.set(d, 2, Obj::small(n as isize));
            self.set(d, 3, Obj(tab?));
        }
        Ok(d)
    }

    #[inline]
    pub(crate) fn map_used(&self, d: Obj) -> usize {
        self.get(d, 1).small_val() as usize
    }
    #[inline]
    pub(crate) fn map_alloc(&self, d: Obj) -> usize {
        self.get(d, 2).small_val() as usize
    }
    /// Key of slot `i` (NULL empty, SENTINEL deleted).
    #[inline]
    pub(crate) fn map_key(&self, d: Obj, i: usize) -> Obj {
        Obj(self.rdw(self.get(d, 3).0, 2 * i))
    }
    #[inline]
    pub(crate) fn map_val(&self, d: Obj, i: usize) -> Obj {
        Obj(self.rdw(self.get(d, 3).0, 2 * i + 1))
    }
    #[inline]
    pub(crate) fn map_set_val(&mut self, d: Obj, i: usize, v: Obj) {
        let t = self.get(d, 3).0;
        self.wrw(t, 2 * i + 1, v.0);
    }
    #[inline]
    fn map_set_key(&mut self, d: Obj, i: usize, k: Obj) {
        let t = self.get(d, 3).0;
        self.wrw(t, 2 * i, k.0);
    }

    fn map_rehash(&mut self, d: Obj) -> R<()> {
        let old_alloc = self.map_alloc(d);
        let new_alloc = alloc_at_least(old_alloc + 1);
        self.root(d)?;
        let nt = self.alloc_raw(2 * new_alloc * W);
        self.unroot(1);
        let nt = nt?;
        let old = self.get(d, 3);
        // Keep the old table alive while re-adding (hash/eq of keys may allocate).
        self.root(old)?;
        self.set(d, 1, Obj::small(0));
        self.set(d, 2, Obj::small(new_alloc as isize));
        self.set(d, 3, Obj(nt));
        let mut r = Ok(());
        for i in 0..old_alloc {
            let k = Obj(self.rdw(old.0, 2 * i));
            if k != Obj::NULL && k != Obj::SENTINEL {
                let v = Obj(self.rdw(old.0, 2 * i + 1));
                match self.map_lookup(d, k, Lookup::Add) {
                    Ok(Some(s)) => self.map_set_val(d, s, v),
                    Ok(None) => {}
                    Err(e) => {
                        r = Err(e);
                        break;
                    }
                }
            }
        }
        self.unroot(1);
        // The old table is garbage now: freed at once, as mp_map_rehash does (m_del), so the
        // objects allocated next fill its hole instead of pushing the next, bigger table
        // further up; left to the collector, a growing dict splits a small heap's free space
        // into holes none of its next tables fits. Kept if re-adding failed part way.
        if r.is_ok() && self.heap.is_heap_obj(old.0) {
            let off = self.heap.off(old.0);
            self.heap.free(off);
        }
        r
    }

    /// Find (and add or remove) `key`: its slot. A removed entry keeps its value in the slot.
    pub(crate) fn map_lookup(&mut self, d: Obj, key: Obj, kind: Lookup) -> R<Option<usize>> {
        if crate::modcollections::is_ordered(self, d) {
            return crate::modcollections::od_lookup(self, d, key, kind);
        }
        if self.map_alloc(d) == 0 {
            if kind == Lookup::Add {
                self.root(key)?;
                let r = self.map_rehash(d);
                self.unroot(1);
                r?;
            } else {
                return Ok(None);
            }
        }
        let hash = if key.is_qstr() {
            self.qstr_hash(key.qstr_val())
        } else if key.is_small() {
            key.small_val() as usize
        } else {
            self.root(d)?;
            let h = self.hash(key);
            self.unroot(1);
            h? as usize
        };
        let mut alloc = self.map_alloc(d);
        if alloc == 0 {
            // Only a word that is not a map gets here (hostile bytecode): nothing to find.
            return Ok(None);
        }
        let mut pos = hash % alloc;
        let mut start = pos;
        let mut avail: Option<usize> = None;
        loop {
            let k = self.map_key(d, pos);
            if k == Obj::NULL {
                if kind == Lookup::Add {
                    let s = avail.unwrap_or(pos);
                    let used = self.map_used(d);
                    self.set(d, 1, Obj::small(used as isize + 1));
                    self.map_set_key(d, s, key);
                    self.map_set_val(d, s, Obj::NULL);
                    return Ok(Some(s));
                }
                return Ok(None);
            } else if k == Obj::SENTINEL {
                if avail.is_none() {
                    avail = Some(pos);
                }
            } else if k == key || (!(k.is_qstr() && key.is_qstr()) && self.map_key_eq(d, k, key)?) {
                if kind == Lookup::Remove {
                    let used = self.map_used(d);
                    self.set(d, 1, Obj::small(used as isize - 1));
                    let next = self.map_key(d, (pos + 1) % alloc);
                    self.map_set_key(
                        d,
                        pos,
                        if next == Obj::NULL {
                            Obj::NULL
                        } else {
                            Obj::SENTINEL
                        },
                    );
                }
                return Ok(Some(pos));
            }
            pos = (pos + 1) % alloc;
            if pos == start {
                if kind == Lookup::Add {
                    if let Some(s) = avail {
                        let used = self.map_used(d);
                        self.set(d, 1, Obj::small(used as isize + 1));
                        self.map_set_key(d, s, key);
                        self.map_set_val(d, s, Obj::NULL);
                        return Ok(Some(s));
                    }
                    self.root(key)?;
                    let r = self.map_rehash(d);
                    self.unroot(1);
                    r?;
                    alloc = self.map_alloc(d);
                    pos = hash % alloc;
                    start = pos;
                } else {
                    return Ok(None);
                }
            }
        }
    }

    fn map_key_eq(&mut self, d: Obj, a: Obj, b: Obj) -> R<bool> {
        if a.is_small() && b.is_small() {
            return Ok(false);
        }
        self.root(d)?;
        let r = self.equal(a, b);
        self.unroot(1);
        r
    }

    /// `d[key]`, or None if missing.
    pub(crate) fn map_get(&mut self, d: Obj, key: Obj) -> R<Option<Obj>> {
        Ok(self
            .map_lookup(d, key, Lookup::Find)?
            .map(|s| self.map_val(d, s)))
    }

    /// Fast lookup of a qstr key (globals, attributes); no Python code runs.
    #[inline]
    pub(crate) fn map_get_q(&self, d: Obj, key: Obj) -> Option<Obj> {
        let alloc = self.map_alloc(d);
        if alloc == 0 {
            return None;
        }
        let tab = self.get(d, 3).0;
        // The cache is indexed by the key alone, as MicroPython's map lookup cache: instances
        // of one class fill their dicts in the same order, so the slot found in one is the
        // right guess in the next (a guess is always checked).
        let ci = (key.0 >> 3) & 255;
        let guess = self.map_cache[ci].get() as usize;
        if guess < alloc && Obj(self.rdw(tab, 2 * guess)) == key {
            return Some(Obj(self.rdw(tab, 2 * guess + 1)));
        }
        if crate::modcollections::is_ordered(self, d) {
            let n = self.map_used(d);
            return (0..n)
                .find(|&i| self.map_key(d, i) == key)
                .map(|i| self.map_val(d, i));
        }
        let hash = self.qstr_hash(key.qstr_val());
        let mut pos = hash % alloc;
        let start = pos;
        loop {
            let k = Obj(self.rdw(tab, 2 * pos));
            if k == key {
                self.map_cache[ci].set(pos as u32);
                return Some(Obj(self.rdw(tab, 2 * pos + 1)));
            }
            if k == Obj::NULL {
                return None;
            }
            if !k.is_qstr() && k != Obj::SENTINEL && self.is_str(k) {
                let kb = self.str_data(k);
                if kb == self.qstr_bytes(key.qstr_val()) {
                    return Some(Obj(self.rdw(tab, 2 * pos + 1)));
                }
            }
            pos = (pos + 1) % alloc;
            if pos == start {
                return None;
            }
        }
    }

    /// `d[key] = val`.
    pub(crate) fn map_store(&mut self, d: Obj, key: Obj, val: Obj) -> R<()> {
        self.root(d)?;
        self.root(key)?;
        self.root(val)?;
        let r = self.map_lookup(d, key, Lookup::Add);
        self.unroot(3);
        if let Some(s) = r? {
            self.map_set_val(d, s, val);
        }
        Ok(())
    }

    /// Remove `key`: its value, if it was there.
    pub(crate) fn map_remove(&mut self, d: Obj, key: Obj) -> R<Option<Obj>> {
        Ok(self
            .map_lookup(d, key, Lookup::Remove)?
            .map(|s| self.map_val(d, s)))
    }

    /// The next used slot at or after `i`: (slot, key, value).
    pub(crate) fn map_next(&self, d: Obj, mut i: usize) -> Option<(usize, Obj, Obj)> {
        let alloc = self.map_alloc(d);
        while i < alloc {
            let k = self.map_key(d, i);
            if k != Obj::NULL && k != Obj::SENTINEL {
                return Some((i, k, self.map_val(d, i)));
            }
            i += 1;
        }
        None
    }

    /// Empty the table.
    pub(crate) fn map_clear(&mut self, d: Obj) {
        self.set(d, 1, Obj::small(0));
        self.set(d, 2, Obj::small(0));
        self.set(d, 3, Obj::NULL);
    }

    /// Add `key` to a set.
    pub(crate) fn set_add(&mut self, s: Obj, key: Obj) -> R<()> {
        if let Some(slot) = self.map_lookup(s, key, Lookup::Add)? {
            self.map_set_val(s, slot, Obj::TRUE);
        }
        Ok(())
    }
}
