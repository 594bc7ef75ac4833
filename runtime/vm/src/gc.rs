//! The block heap and its mark-sweep collector, in the manner of MicroPython's `py/gc.c`.
//!
//! # Layout of the region the embedder hands in
//!
//! ```text
//!  region start (aligned up to a block)
//!  | static area: the VM's immortal objects (type objects, singletons), bump-allocated once
//!  | ATB: 2 bits per block (00 free, 01 head, 10 tail, 11 marked head), 4 blocks per byte
//!  | pad to a block boundary
//!  | pool: n_blocks blocks of BLOCK bytes; an allocation = one head block + tail blocks
//! ```
//!
//! A block is 4 words (32 bytes on 64-bit, 16 on 32-bit), as in gc.c: most small objects fit
//! in one block, so the holes a collection leaves are reusable. Object words that
//! point into the heap are real addresses (representation A); everything here is addressed by
//! byte offset from the region start and read through bounds-checked slices, so this module
//! needs no `unsafe`: a bug shows as a wrong value or a panic, never as undefined behaviour.
//!
//! # Roots (the design choice the issue asks for)
//!
//! Roots are **precise**, never a conservative scan of the Rust machine stack:
//! - the VM's root words ([`Heap::roots`]: globals, module table, type objects, the current
//!   exception, the qstr pool...);
//! - the *pystack*: a word region the embedder hands in next to the heap, holding every Python
//!   frame (code state: function, locals, value stack, exception stack) and, on top, the
//!   explicit root stack where Rust code parks object words it holds across an allocation
//!   ([`Heap::push_root`]). Scanned from 0 to its top.
//!
//! Why: the Rust compiler keeps values wherever it likes (registers, spilled or not, split in
//! two), and walking the machine stack would need `unsafe`, per-target register spilling and
//! assumptions Rust does not guarantee. With frames on the pystack, nearly every live object is
//! already on a Python value stack when an allocation happens; the few Rust-held temporaries
//! are pushed explicitly. The GC-stress switch ([`Heap::stress`]: collect before every
//! allocation) makes a missing root fail fast in tests.
//!
//! Inside the heap, each allocation is scanned conservatively and whole, as gc.c does: a word is
//! a reference only if it points exactly at the start of a head block. So objects need no
//! per-type trace function, and raw byte data can at worst keep garbage alive.

//! # The static area
//!
//! MicroPython keeps its type objects and singletons in ROM, outside the GC heap: the
//! reference's `-X heapsize=64k` is 64 KiB for the program's objects. Here the objects that
//! live as long as the VM and that the VM makes at start ([`Heap::alloc_static`]: the built-in
//! type objects, the empty tuple, the bases tuples, the preallocated exceptions) go to a small
//! area in front of the ATB, which a collection scans as roots (a type's method dict is a heap
//! object) and never sweeps. The area's size is fixed ([`crate::STATIC_BYTES`]); a host that
//! mimics the reference's heap size gives that much more memory (mpyc-run does).
//! The embedder may make the static area bigger for frozen modules
//! ([`crate::Vm::with_frozen_area`]): their raw code, constants and qstr text go there, as
//! MicroPython builds them into ROM.
//!
//! # The ROM reserve
//!
//! Other things MicroPython has in ROM this VM makes on first use, in the heap: built-in
//! function objects, the entries of `builtins` and of built-in types' and modules' dicts
//! ([`Heap::rom_mode`] is set while they are made). A program that filled the heap and caught
//! the MemoryError must still be able to name `MemoryError` or call `print` for the first
//! time, as on MicroPython, where that needs no memory. So the top blocks of the pool can be
//! kept for those allocations ([`Heap::set_reserve`]): ordinary ones never use them, ROM-mode
//! ones use them first (so that, as ROM, they do not count against the program's heap) and
//! the rest of the pool when the reserve is full. `micropython.mem_info()` and `gc.mem_free()`
//! leave the reserve out.

/// Bytes per block.
pub const BLOCK: usize = 4 * W;
/// Bytes per machine word.
pub const W: usize = core::mem::size_of::<usize>();

const AT_FREE: u8 = 0;
const AT_HEAD: u8 = 1;
const AT_TAIL: u8 = 2;
const AT_MARK: u8 = 3;

/// Depth of the mark stack; on overflow the heap is rescanned (gc.c's scheme).
const MARK_STACK: usize = 64;

/// Number of VM root words.
pub const N_ROOTS: usize = 64;

/// The heap and the pystack: all memory the VM uses.
pub struct Heap {
    mem: &'static mut [u8],
    /// Address of `mem[0]`.
    base: usize,
    /// Offset of the ATB.
    atb: usize,
    /// The static area: offsets of its start, first free byte and end.
    stat: usize,
    stat_top: usize,
    stat_end: usize,
    /// Offset of the first block.
    pool: usize,
    /// Number of blocks.
    n_blocks: usize,
    /// Blocks at the top of the pool kept for [`Heap::rom_mode`] allocations (see "The ROM
    /// reserve" above).
    reserve: usize,
    /// Allocations are for objects MicroPython has in ROM: the reserve may be used.
    pub rom_mode: bool,
    /// First block that may be free.
    last_free: usize,
    /// The pystack: frames and the root stack.
    pub ps: &'static mut [usize],
    /// Top of the pystack (first free word).
    pub sp: usize,
    /// VM root words.
    pub roots: [usize; N_ROOTS],
    /// Collect before every allocation (GC-stress mode).
    pub stress: bool,
    /// heap_lock depth.
    pub lock_depth: u16,
    /// Bytes allocated in total, and currently (as of the last collection plus since).
    pub total_bytes: usize,
    pub current_bytes: usize,
    pub peak_bytes: usize,
    /// Collections run.
    pub collections: usize,
}

/// Why an allocation failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AllocError {
    /// The heap is locked (`micropython.heap_lock`).
    Locked,
    /// No run of free blocks is long enough, even after a collection.
    Exhausted(usize),
}

impl Heap {
    /// Take over `mem` as heap and `ps` as pystack. Returns `None` if the heap is too small to
    /// hold anything.
    pub fn new(mem: &'static mut [u8], ps: &'static mut [usize]) -> Option<Heap> {
        Heap::with_static(mem, ps, 0)
    }

    /// As [`Heap::new`], with a static area of `static_bytes` bytes (rounded up to a block) at
    /// the start of `mem`.
    pub fn with_static(
        mem: &'static mut [u8],
        ps: &'static mut [usize],
        static_bytes: usize,
    ) -> Option<Heap> {
        let base = mem.as_ptr() as usize;
        let stat = (BLOCK - base % BLOCK) % BLOCK;
        let align = stat + static_bytes.div_ceil(BLOCK) * BLOCK;
        let usable = mem.len().checked_sub(align)?;
        // ATB bytes + pool bytes <= usable, one ATB byte per 4 blocks, pool block-aligned.
        let mut n_blocks = usable * 4 / (4 * BLOCK + 1);
        loop {
            let atb_len = n_blocks.div_ceil(4);
            let pool = align + atb_len.div_ceil(BLOCK) * BLOCK;
            if pool + n_blocks * BLOCK <= mem.len() {
                if n_blocks < 4 {
                    return None;
                }
                let h = Heap {
                    mem,
                    base,
                    atb: align,
                    stat,
                    stat_top: stat,
                    stat_end: align,
                    pool,
                    n_blocks,
                    reserve: 0,
                    rom_mode: false,
                    last_free: 0,
                    ps,
                    sp: 0,
                    roots: [0; N_ROOTS],
                    stress: false,
                    lock_depth: 0,
                    total_bytes: 0,
                    current_bytes: 0,
                    peak_bytes: 0,
                    collections: 0,
                };
                h.mem[stat..pool].fill(0);
                return Some(h);
            }
            n_blocks = n_blocks.checked_sub(1)?;
        }
    }

    /// Address of a byte offset.
    #[inline(always)]
    pub fn addr(&self, off: usize) -> usize {
        self.base + off
    }

    /// Byte offset of an address inside the heap.
    #[inline(always)]
    pub fn off(&self, addr: usize) -> usize {
        addr.wrapping_sub(self.base)
    }

    /// Read the word at byte offset `off`. Outside the heap (only a word that is not an object
    /// gets there, which only hostile bytecode can put where an object belongs) it reads 0, the
    /// NULL word, rather than stop the firmware with a panic.
    #[inline(always)]
    pub fn rd(&self, off: usize) -> usize {
        match self.mem.get(off..off.wrapping_add(W)) {
            Some(s) => {
                let mut b = [0u8; W];
                b.copy_from_slice(s);
                usize::from_ne_bytes(b)
            }
            None => 0,
        }
    }

    /// Write the word at byte offset `off` (outside the heap: nothing, as for [`Heap::rd`]).
    #[inline(always)]
    pub fn wr(&mut self, off: usize, v: usize) {
        if let Some(s) = self.mem.get_mut(off..off.wrapping_add(W)) {
            s.copy_from_slice(&v.to_ne_bytes());
        }
    }

    /// Bytes at `off..off+len` (outside the heap: none, as for [`Heap::rd`]).
    #[inline(always)]
    pub fn bytes(&self, off: usize, len: usize) -> &[u8] {
        self.mem.get(off..off.wrapping_add(len)).unwrap_or(&[])
    }

    /// Mutable bytes at `off..off+len`.
    #[inline(always)]
    pub fn bytes_mut(&mut self, off: usize, len: usize) -> &mut [u8] {
        &mut self.mem[off..off + len]
    }

    /// Copy bytes inside the heap.
    pub fn copy_within(&mut self, src: usize, dst: usize, len: usize) {
        self.mem.copy_within(src..src + len, dst);
    }

    #[inline(always)]
    fn atb_get(&self, block: usize) -> u8 {
        (self.mem[self.atb + block / 4] >> ((block % 4) * 2)) & 3
    }

    #[inline(always)]
    fn atb_set(&mut self, block: usize, v: u8) {
        let i = self.atb + block / 4;
        let sh = (block % 4) * 2;
        self.mem[i] = (self.mem[i] & !(3 << sh)) | (v << sh);
    }

    /// Split the memory into the mutable region `off..off+len` and a read-only view of the
    /// rest (for big-integer arithmetic writing one allocation while reading others).
    pub fn split_out(&mut self, off: usize, len: usize) -> (&mut [u8], Rest<'_>) {
        let (left, tail) = self.mem.split_at_mut(off);
        let (out, right) = tail.split_at_mut(len);
        (
            out,
            Rest {
                left,
                right,
                right_start: off + len,
                mid_start: usize::MAX,
                mid: &[],
            },
        )
    }

    /// Two disjoint mutable regions and a view of the rest.
    pub fn split_out2(
        &mut self,
        a: (usize, usize),
        b: (usize, usize),
    ) -> (&mut [u8], &mut [u8], Rest<'_>) {
        let swap = b.0 < a.0;
        let (lo, hi) = if swap { (b, a) } else { (a, b) };
        let (left, tail) = self.mem.split_at_mut(lo.0);
        let (r1, tail) = tail.split_at_mut(lo.1);
        let (mid, tail) = tail.split_at_mut(hi.0 - lo.0 - lo.1);
        let (r2, right) = tail.split_at_mut(hi.1);
        let rest = Rest {
            left,
            right,
            right_start: hi.0 + hi.1,
            mid_start: lo.0 + lo.1,
            mid,
        };
        if swap {
            (r2, r1, rest)
        } else {
            (r1, r2, rest)
        }
    }

    /// A read-only view of all memory.
    pub fn view(&self) -> Rest<'_> {
        Rest {
            left: &self.mem[..],
            right: &[],
            right_start: usize::MAX,
            mid_start: usize::MAX,
            mid: &[],
        }
    }

    /// Number of blocks in the pool.
    pub fn n_blocks(&self) -> usize {
        self.n_blocks
    }

    /// Address of the first block.
    pub fn pool_addr(&self) -> usize {
        self.base + self.pool
    }

    /// Allocation-table entry of block `b`: 0 free, 1 head, 2 tail, 3 marked head.
    pub fn block_kind(&self, b: usize) -> u8 {
        self.atb_get(b)
    }

    /// First word of block `b` (an object's type word when `b` is a head).
    pub fn block_word(&self, b: usize) -> usize {
        self.rd(self.pool + b * BLOCK)
    }

    /// Total pool bytes.
    pub fn pool_bytes(&self) -> usize {
        self.n_blocks * BLOCK
    }

    /// Allocate `n` zeroed bytes (at least one block); returns the byte offset.
    pub fn alloc(&mut self, n: usize) -> Result<usize, AllocError> {
        if self.lock_depth != 0 {
            return Err(AllocError::Locked);
        }
        let nb = n.max(1).div_ceil(BLOCK);
        if self.stress {
            self.collect();
        }
        let limit = self.n_blocks - self.reserve;
        // What MicroPython has in ROM goes to the reserve while it has room: it does not
        // count against the program's heap.
        if self.rom_mode {
            if let Some(found) = self.find_reserved(nb, limit) {
                return Ok(self.take(found, nb));
            }
        }
        let (found, first_free) = match self.find_free(nb, limit) {
            Some(f) => f,
            None => {
                self.collect();
                match self.find_free(nb, limit) {
                    Some(f) => f,
                    None if self.rom_mode => self
                        .find_free(nb, self.n_blocks)
                        .ok_or(AllocError::Exhausted(n))?,
                    None => return Err(AllocError::Exhausted(n)),
                }
            }
        };
        // Keep "no free block before last_free".
        self.last_free = if found == first_free {
            found + nb
        } else {
            first_free
        };
        Ok(self.take(found, nb))
    }

    /// Mark the `nb` free blocks from `found` as one allocation, zeroed: its byte offset.
    fn take(&mut self, found: usize, nb: usize) -> usize {
        self.atb_set(found, AT_HEAD);
        for b in found + 1..found + nb {
            self.atb_set(b, AT_TAIL);
        }
        let off = self.pool + found * BLOCK;
        self.mem[off..off + nb * BLOCK].fill(0);
        self.total_bytes += nb * BLOCK;
        self.current_bytes += nb * BLOCK;
        self.peak_bytes = self.peak_bytes.max(self.current_bytes);
        off
    }

    /// First run of `nb` free blocks in the ROM reserve (blocks `limit..n_blocks`).
    fn find_reserved(&self, nb: usize, limit: usize) -> Option<usize> {
        let mut run = 0;
        for b in limit..self.n_blocks {
            run = if self.atb_get(b) == AT_FREE {
                run + 1
            } else {
                0
            };
            if run == nb {
                return Some(b + 1 - nb);
            }
        }
        None
    }

    /// Allocate `n` zeroed bytes (word-aligned) in the static area: never freed, scanned as
    /// roots. None when the area is full.
    pub fn alloc_static(&mut self, n: usize) -> Option<usize> {
        let off = self.stat_top;
        let end = off.checked_add(n.div_ceil(W) * W)?;
        if end > self.stat_end {
            return None;
        }
        self.stat_top = end;
        Some(off)
    }

    /// Keep the top `bytes` of the pool (rounded up to blocks) for [`Heap::rom_mode`]
    /// allocations. False (nothing changed) if those blocks are not all free or the pool would
    /// keep fewer than 4 blocks.
    pub fn set_reserve(&mut self, bytes: usize) -> bool {
        let nb = bytes.div_ceil(BLOCK);
        let Some(rest) = self.n_blocks.checked_sub(nb) else {
            return false;
        };
        if rest < 4 || (rest..self.n_blocks).any(|b| self.atb_get(b) != AT_FREE) {
            return false;
        }
        self.reserve = nb;
        true
    }

    /// Allocate `n` zeroed bytes from the top of the pool (the last free run that fits), for
    /// long-lived buffers that should not split the space ordinary allocations use.
    pub fn alloc_high(&mut self, n: usize) -> Result<usize, AllocError> {
        if self.lock_depth != 0 {
            return Err(AllocError::Locked);
        }
        let nb = n.max(1).div_ceil(BLOCK);
        let mut run = 0;
        let mut b = self.n_blocks - self.reserve;
        while b > 0 && run < nb {
            b -= 1;
            run = if self.atb_get(b) == AT_FREE {
                run + 1
            } else {
                0
            };
        }
        if run < nb {
            return self.alloc(n);
        }
        self.atb_set(b, AT_HEAD);
        for t in b + 1..b + nb {
            self.atb_set(t, AT_TAIL);
        }
        let off = self.pool + b * BLOCK;
        self.mem[off..off + nb * BLOCK].fill(0);
        self.total_bytes += nb * BLOCK;
        self.current_bytes += nb * BLOCK;
        self.peak_bytes = self.peak_bytes.max(self.current_bytes);
        Ok(off)
    }

    /// First run of `nb` free blocks from `last_free`, and the first free block seen (the new
    /// `last_free` if the run is not there: every block before it is in use).
    fn find_free(&self, nb: usize, limit: usize) -> Option<(usize, usize)> {
        let mut run = 0;
        let mut b = self.last_free;
        let mut first_free = usize::MAX;
        while b < limit {
            // 32 blocks (8 ATB bytes) at a time while no run is in progress: skip words with
            // no free block, jump to the first free one otherwise.
            if run == 0 && b.is_multiple_of(32) && b + 32 <= limit {
                let i = self.atb + b / 4;
                let mut w8 = [0u8; 8];
                w8.copy_from_slice(&self.mem[i..i + 8]);
                let w = u64::from_le_bytes(w8);
                let free = !(w | (w >> 1)) & 0x5555_5555_5555_5555;
                if free == 0 {
                    b += 32;
                    continue;
                }
                b += (free.trailing_zeros() / 2) as usize;
            }
            if self.atb_get(b) == AT_FREE {
                if first_free == usize::MAX {
                    first_free = b;
                }
                run += 1;
                if run == nb {
                    return Some((b + 1 - nb, first_free));
                }
            } else {
                run = 0;
            }
            b += 1;
        }
        None
    }

    /// Number of blocks of the allocation whose head is at byte offset `off`.
    pub fn alloc_blocks(&self, off: usize) -> usize {
        let Some(rel) = off.checked_sub(self.pool) else {
            return 0;
        };
        let b = rel / BLOCK;
        if b >= self.n_blocks || self.atb_get(b) == AT_FREE || self.atb_get(b) == AT_TAIL {
            return 0;
        }
        let mut n = 1;
        while b + n < self.n_blocks && self.atb_get(b + n) == AT_TAIL {
            n += 1;
        }
        n
    }

    /// Usable bytes of the allocation at `off`.
    pub fn alloc_size(&self, off: usize) -> usize {
        self.alloc_blocks(off) * BLOCK
    }

    /// Free the allocation at `off` now (ignored while the heap is locked, as gc.c does).
    pub fn free(&mut self, off: usize) {
        if self.lock_depth != 0 {
            return;
        }
        let nb = self.alloc_blocks(off);
        if nb == 0 {
            return;
        }
        let b = (off - self.pool) / BLOCK;
        for i in b..b + nb {
            self.atb_set(i, AT_FREE);
        }
        self.last_free = self.last_free.min(b);
        self.current_bytes = self.current_bytes.saturating_sub(nb * BLOCK);
    }

    /// The head block of `w` if it is an address exactly at the start of an allocation.
    #[inline(always)]
    fn head_of(&self, w: usize) -> Option<usize> {
        if !w.is_multiple_of(BLOCK) {
            return None;
        }
        let rel = w.wrapping_sub(self.base).wrapping_sub(self.pool);
        let b = rel / BLOCK;
        if b < self.n_blocks {
            Some(b)
        } else {
            None
        }
    }

    /// Is `w` the address of an allocation's head (a live heap object)?
    pub fn is_heap_obj(&self, w: usize) -> bool {
        self.head_of(w)
            .is_some_and(|b| matches!(self.atb_get(b), AT_HEAD | AT_MARK))
    }

    /// Push a root word on the pystack (Rust code holding an object across an allocation).
    #[inline]
    pub fn push_root(&mut self, w: usize) -> bool {
        if self.sp < self.ps.len() {
            self.ps[self.sp] = w;
            self.sp += 1;
            true
        } else {
            false
        }
    }

    /// Drop `n` root words.
    #[inline]
    pub fn pop_roots(&mut self, n: usize) {
        self.sp = self.sp.saturating_sub(n);
    }

    /// Run a full collection. Returns the number of allocations freed.
    pub fn collect(&mut self) -> usize {
        self.collections += 1;
        let mut stack = [0usize; MARK_STACK];
        let mut top = 0;
        let mut overflow = false;
        for i in 0..N_ROOTS {
            let w = self.roots[i];
            self.mark_word(w, &mut stack, &mut top, &mut overflow);
        }
        for i in 0..self.sp {
            let w = self.ps[i];
            self.mark_word(w, &mut stack, &mut top, &mut overflow);
        }
        let mut off = self.stat;
        while off < self.stat_top {
            let w = self.rd(off);
            self.mark_word(w, &mut stack, &mut top, &mut overflow);
            off += W;
        }
        loop {
            self.drain(&mut stack, &mut top, &mut overflow);
            if !overflow {
                break;
            }
            // Rescan: every marked allocation's children again (gc.c's overflow recovery).
            overflow = false;
            for b in 0..self.n_blocks {
                if self.atb_get(b) == AT_MARK {
                    self.scan_block(b, &mut stack, &mut top, &mut overflow);
                    self.drain(&mut stack, &mut top, &mut overflow);
                }
            }
            if !overflow {
                break;
            }
        }
        self.sweep()
    }

    #[inline]
    fn mark_word(
        &mut self,
        w: usize,
        stack: &mut [usize; MARK_STACK],
        top: &mut usize,
        ov: &mut bool,
    ) {
        if let Some(b) = self.head_of(w) {
            if self.atb_get(b) == AT_HEAD {
                self.atb_set(b, AT_MARK);
                if *top < MARK_STACK {
                    stack[*top] = b;
                    *top += 1;
                } else {
                    *ov = true;
                }
            }
        }
    }

    fn drain(&mut self, stack: &mut [usize; MARK_STACK], top: &mut usize, ov: &mut bool) {
        while *top > 0 {
            *top -= 1;
            let b = stack[*top];
            self.scan_block(b, stack, top, ov);
        }
    }

    fn scan_block(
        &mut self,
        b: usize,
        stack: &mut [usize; MARK_STACK],
        top: &mut usize,
        ov: &mut bool,
    ) {
        let mut n = 1;
        while b + n < self.n_blocks && self.atb_get(b + n) == AT_TAIL {
            n += 1;
        }
        let start = self.pool + b * BLOCK;
        let mut off = start;
        while off < start + n * BLOCK {
            let w = self.rd(off);
            self.mark_word(w, stack, top, ov);
            off += W;
        }
    }

    fn sweep(&mut self) -> usize {
        let mut freed = 0;
        let mut in_free = false;
        let mut used = 0;
        let mut b = 0;
        while b < self.n_blocks {
            // 32 free blocks at once.
            if b.is_multiple_of(32) && b + 32 <= self.n_blocks {
                let i = self.atb + b / 4;
                if self.mem[i..i + 8].iter().all(|&x| x == 0) {
                    in_free = false;
                    b += 32;
                    continue;
                }
            }
            let cur = b;
            b += 1;
            match self.atb_get(cur) {
                AT_HEAD => {
                    self.atb_set(cur, AT_FREE);
                    freed += 1;
                    in_free = true;
                }
                AT_TAIL => {
                    if in_free {
                        self.atb_set(cur, AT_FREE);
                    } else {
                        used += 1;
                    }
                }
                AT_MARK => {
                    self.atb_set(cur, AT_HEAD);
                    in_free = false;
                    used += 1;
                }
                _ => in_free = false,
            }
        }
        self.last_free = 0;
        self.current_bytes = used * BLOCK;
        freed
    }

    /// (total, used, free) bytes, 1-block count, 2-block count, largest allocation and largest
    /// free run in blocks: the numbers `micropython.mem_info()` prints.
    pub fn info(&self) -> HeapInfo {
        // The ROM reserve is left out: it holds what MicroPython has in ROM.
        let n_blocks = self.n_blocks - self.reserve;
        let mut i = HeapInfo {
            total: n_blocks * BLOCK,
            ..HeapInfo::default()
        };
        let mut run_alloc = 0;
        let mut run_free = 0;
        let finish = |len: usize, i: &mut HeapInfo| {
            match len {
                1 => i.n_1 += 1,
                2 => i.n_2 += 1,
                _ => {}
            }
            i.max_block = i.max_block.max(len);
        };
        for b in 0..n_blocks {
            match self.atb_get(b) {
                AT_FREE => {
                    if run_alloc > 0 {
                        finish(run_alloc, &mut i);
                        run_alloc = 0;
                    }
                    run_free += 1;
                    i.max_free = i.max_free.max(run_free);
                    i.free += BLOCK;
                }
                AT_TAIL => {
                    run_alloc += 1;
                    i.used += BLOCK;
                }
                _ => {
                    if run_alloc > 0 {
                        finish(run_alloc, &mut i);
                    }
                    run_alloc = 1;
                    run_free = 0;
                    i.used += BLOCK;
                }
            }
        }
        if run_alloc > 0 {
            finish(run_alloc, &mut i);
        }
        i
    }
}

/// The memory outside some mutably borrowed regions.
pub struct Rest<'a> {
    left: &'a [u8],
    right: &'a [u8],
    right_start: usize,
    mid_start: usize,
    mid: &'a [u8],
}

impl<'a> Rest<'a> {
    /// Bytes `off..off+len`, or empty if they are not (wholly) in this view.
    pub fn get(&self, off: usize, len: usize) -> &'a [u8] {
        if off.saturating_add(len) <= self.left.len() {
            return &self.left[off..off + len];
        }
        if off >= self.right_start {
            return self
                .right
                .get(off - self.right_start..off - self.right_start + len)
                .unwrap_or(&[]);
        }
        if off >= self.mid_start {
            return self
                .mid
                .get(off - self.mid_start..off - self.mid_start + len)
                .unwrap_or(&[]);
        }
        &[]
    }
}

/// Heap statistics.
#[derive(Clone, Copy, Debug, Default)]
pub struct HeapInfo {
    pub total: usize,
    pub used: usize,
    pub free: usize,
    pub n_1: usize,
    pub n_2: usize,
    pub max_block: usize,
    pub max_free: usize,
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::boxed::Box;
    use std::vec;

    fn heap(bytes: usize) -> Heap {
        let mem: &'static mut [u8] = Box::leak(vec![0u8; bytes].into_boxed_slice());
        let ps: &'static mut [usize] = Box::leak(vec![0usize; 64].into_boxed_slice());
        Heap::new(mem, ps).expect("heap")
    }

    #[test]
    fn unrooted_allocations_are_freed_and_rooted_chains_kept() {
        let mut h = heap(4096);
        let a = h.alloc(32).expect("a");
        let b = h.alloc(16).expect("b");
        let _garbage = h.alloc(48).expect("c");
        // a -> b through a word inside a.
        let b_addr = h.addr(b);
        h.wr(a + W, b_addr);
        let a_addr = h.addr(a);
        h.push_root(a_addr);
        assert_eq!(h.collect(), 1);
        assert!(h.is_heap_obj(a_addr));
        assert!(h.is_heap_obj(b_addr));
        h.pop_roots(1);
        assert_eq!(h.collect(), 2);
        assert!(!h.is_heap_obj(a_addr));
    }

    #[test]
    fn the_static_area_is_outside_the_pool_and_scanned_as_roots() {
        let mem: &'static mut [u8] = Box::leak(vec![0u8; 4096 + 256].into_boxed_slice());
        let ps: &'static mut [usize] = Box::leak(vec![0usize; 64].into_boxed_slice());
        let mut h = Heap::with_static(mem, ps, 256).expect("heap");
        let plain = heap(4096);
        // The pool is what is left after the static area: as large as without one, given
        // 256 more bytes.
        assert!(h.pool_bytes() >= plain.pool_bytes() - BLOCK);
        let s = h.alloc_static(3 * W).expect("static");
        let s_addr = h.addr(s);
        assert!(
            !h.is_heap_obj(s_addr),
            "a static object is not a pool allocation"
        );
        // A pool object referenced only from the static area survives; the static object
        // itself is never swept.
        let a = h.alloc(16).expect("a");
        let a_addr = h.addr(a);
        h.wr(s + W, a_addr);
        let _garbage = h.alloc(16).expect("b");
        assert_eq!(h.collect(), 1);
        assert!(h.is_heap_obj(a_addr));
        h.wr(s + W, 0);
        assert_eq!(h.collect(), 1);
        assert!(!h.is_heap_obj(a_addr));
        // Full: None, not a pool allocation.
        assert!(h.alloc_static(256).is_none());
    }

    #[test]
    fn exhaustion_is_an_error_not_a_panic() {
        let mut h = heap(1024);
        let mut n = 0;
        loop {
            match h.alloc(64) {
                Ok(off) => {
                    let a = h.addr(off);
                    if !h.push_root(a) {
                        break;
                    }
                    n += 1;
                }
                Err(e) => {
                    assert_eq!(e, AllocError::Exhausted(64));
                    break;
                }
            }
        }
        assert!(n > 5);
        h.lock_depth = 1;
        assert_eq!(h.alloc(1), Err(AllocError::Locked));
    }

    #[test]
    fn deep_chains_survive_mark_stack_overflow() {
        let mut h = heap(64 * 1024);
        let mut prev = 0usize;
        for _ in 0..500 {
            let o = h.alloc(16).expect("alloc");
            h.wr(o, prev);
            prev = h.addr(o);
            h.roots[0] = prev;
        }
        let _ = h.collect();
        let mut n = 0;
        let mut p = prev;
        while p != 0 {
            assert!(h.is_heap_obj(p));
            p = h.rd(h.off(p));
            n += 1;
        }
        assert_eq!(n, 500);
    }
}
