//! The small-block pool of `--batch` runs: size-class free lists per thread over one reserved
//! address range, behind the binary's global allocator ([`super::Alloc`]).
//!
//! Why: a batch of a thousand files spends about 15% of its CPU time in glibc's malloc and
//! free (consolidating and trimming per-thread arenas, mostly for the parser's small AST
//! nodes). A block here costs a thread-local list pop or a pointer bump. Single-file runs never
//! switch the pool on: it costs them nothing, not even a system call.
//!
//! Layout:
//!
//! ```text
//!  region (reserved once, MAP_NORESERVE: pages are committed when first touched)
//!  | chunk | chunk | chunk | ...       each CHUNK bytes, handed to one thread at a time
//!  chunk: blocks of one or more size classes, bump-allocated, never returned to the region
//!  block: its class's size; while free, its first word links to the next free block
//! ```
//!
//! Size classes: 16-byte steps up to 1 KiB, then powers of two up to 64 KiB; bigger or more
//! aligned (> 16) requests go to glibc, as do all requests once the region is used up. A block
//! is freed onto the free list of the thread that frees it: memory may migrate between threads
//! but is always reused. Ownership is decided by address: a block inside the region is the
//! pool's, any other block is glibc's (blocks allocated before the switch, big ones).
//!
//! The memory of a thread's free lists is not given back when the thread ends: a batch's
//! worker threads end with the batch, just before the process does.
use std::cell::UnsafeCell;
use std::ptr;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Address space reserved for the pool. Under `ulimit -v` smaller than this, the reservation
/// fails and the batch keeps glibc's allocator.
const REGION: usize = 256 << 20;
/// Bytes a thread takes from the region at a time.
const CHUNK: usize = 256 << 10;
/// Largest block size with its own 16-byte-step class.
const STEP_MAX: usize = 1024;
/// Largest pooled block size.
const POOL_MAX: usize = 64 << 10;
/// Classes: 64 of 16-byte steps (16..=1024), then 2 KiB, 4 KiB ... 64 KiB.
const N_CLASSES: usize = STEP_MAX / 16 + 6;
/// Alignment of every block (block sizes are multiples of it, chunks are page-aligned).
const ALIGN: usize = 16;

/// Start and end of the reserved region; both 0 while the pool is off.
static START: AtomicUsize = AtomicUsize::new(0);
static END: AtomicUsize = AtomicUsize::new(0);
/// Next chunk to hand out.
static NEXT: AtomicUsize = AtomicUsize::new(0);

/// One thread's free lists and current chunk.
struct Cache {
    free: [*mut u8; N_CLASSES],
    bump: usize,
    limit: usize,
}

thread_local! {
    // Const-initialised and without a destructor: reading it never allocates and works until
    // the thread's very end.
    static CACHE: UnsafeCell<Cache> = const {
        UnsafeCell::new(Cache { free: [ptr::null_mut(); N_CLASSES], bump: 0, limit: 0 })
    };
}

/// Reserve the region and switch the pool on; false (the pool stays off) if the address space
/// cannot be had. Called once, before the batch's threads start.
pub(super) fn start() -> bool {
    if END.load(Ordering::Relaxed) != 0 {
        return true;
    }
    // SAFETY: an anonymous private mapping at an address the kernel chooses touches no
    // existing memory; the result is checked before use.
    let p = unsafe {
        libc::mmap(
            ptr::null_mut(),
            REGION,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_NORESERVE,
            -1,
            0,
        )
    };
    if p == libc::MAP_FAILED {
        return false;
    }
    let start = p as usize;
    NEXT.store(start, Ordering::SeqCst);
    START.store(start, Ordering::SeqCst);
    END.store(start + REGION, Ordering::SeqCst);
    true
}

/// The class of a request of `size` bytes aligned to `align`, if the pool serves it.
#[inline]
fn class_of(size: usize, align: usize) -> Option<usize> {
    if align > ALIGN || size > POOL_MAX || END.load(Ordering::Relaxed) == 0 {
        return None;
    }
    Some(size_class(size))
}

/// The class of a block of `size` (1..=POOL_MAX) bytes: the smallest that holds it.
#[inline]
fn size_class(size: usize) -> usize {
    if size <= STEP_MAX {
        return size.max(1).div_ceil(16) - 1;
    }
    // 1025..=2048 -> 64, 2049..=4096 -> 65, ...
    let bits = usize::BITS - (size - 1).leading_zeros();
    STEP_MAX / 16 + (bits as usize - 11)
}

/// Block size of class `c`.
#[inline]
fn class_size(c: usize) -> usize {
    if c < STEP_MAX / 16 {
        (c + 1) * 16
    } else {
        2048 << (c - STEP_MAX / 16)
    }
}

/// Whether `p` is a pool block.
#[inline]
pub(super) fn owns(p: *mut u8) -> bool {
    let a = p as usize;
    a >= START.load(Ordering::Relaxed) && a < END.load(Ordering::Relaxed)
}

/// A block for `size` bytes aligned to `align`, or null if the pool does not serve it (the
/// caller then asks glibc).
#[inline]
pub(super) fn alloc(size: usize, align: usize) -> *mut u8 {
    let Some(c) = class_of(size, align) else {
        return ptr::null_mut();
    };
    CACHE.with(|cache| {
        // SAFETY: the cache is this thread's own and no reference to it outlives this call
        // (the allocator is not re-entered from here: nothing below allocates).
        let cache = unsafe { &mut *cache.get() };
        let head = cache.free[c];
        if !head.is_null() {
            // SAFETY: a free block of this class, at least 16 bytes and 16-aligned, whose
            // first word was set by `free` to the next free block.
            cache.free[c] = unsafe { head.cast::<*mut u8>().read() };
            return head;
        }
        let n = class_size(c);
        if cache.limit - cache.bump < n {
            let chunk = NEXT.fetch_add(CHUNK, Ordering::Relaxed);
            if chunk + CHUNK > END.load(Ordering::Relaxed) {
                return ptr::null_mut();
            }
            cache.bump = chunk;
            cache.limit = chunk + CHUNK;
        }
        let p = cache.bump;
        cache.bump += n;
        p as *mut u8
    })
}

/// Put pool block `p`, allocated for `size` bytes (and `align`), on this thread's free list.
///
/// # Safety
/// `p` is a live pool block ([`owns`]) allocated with this size and alignment.
#[inline]
pub(super) unsafe fn free(p: *mut u8, size: usize, align: usize) {
    // A pool block always has a class: the pool was on when it was made, and is never turned
    // off.
    let Some(c) = class_of(size, align) else {
        return;
    };
    CACHE.with(|cache| {
        // SAFETY: as in `alloc`.
        let cache = unsafe { &mut *cache.get() };
        // SAFETY: `p` is a block of class `c` the caller gives up: at least 16 bytes,
        // 16-aligned, free to hold the list link.
        unsafe { p.cast::<*mut u8>().write(cache.free[c]) };
        cache.free[c] = p;
    });
}

/// Whether a pool block made for `old_size` bytes can hold `new_size` bytes in place (same
/// class: realloc then returns the same block).
#[inline]
pub(super) fn same_class(old_size: usize, new_size: usize, align: usize) -> bool {
    class_of(old_size, align).is_some() && class_of(old_size, align) == class_of(new_size, align)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_their_sizes() {
        let mut last = 0;
        for size in 1..=POOL_MAX {
            let k = size_class(size);
            assert!(k < N_CLASSES, "size {size}");
            assert!(class_size(k) >= size, "size {size} class {k}");
            assert!(
                k == 0 || class_size(k - 1) < size,
                "size {size} not in its smallest class"
            );
            assert!(k >= last);
            last = k;
        }
        assert_eq!(last, N_CLASSES - 1);
    }
}

#[cfg(test)]
mod through_alloc {
    use std::alloc::{GlobalAlloc, Layout};

    use super::super::Alloc;

    /// Blocks of every class and beyond, written, grown, shrunk and freed through the
    /// binary's allocator with the pool on, on several threads that free each other's
    /// blocks: contents survive every move and reused blocks are handed out again.
    #[test]
    fn blocks_keep_their_bytes_across_realloc_and_threads() {
        assert!(super::start());
        let sizes = [
            1usize, 15, 16, 17, 100, 1024, 1025, 3000, 65536, 65537, 200_000,
        ];
        let made: Vec<Vec<(usize, usize)>> = std::thread::scope(|s| {
            let workers: Vec<_> = (0..3u8)
                .map(|t| {
                    s.spawn(move || {
                        let mut kept = Vec::new();
                        for (i, &size) in sizes.iter().enumerate() {
                            let layout = Layout::from_size_align(size, 8).unwrap();
                            // SAFETY: a valid non-zero layout; every block is written only
                            // within its size and freed once, with its layout.
                            unsafe {
                                let p = Alloc.alloc(layout);
                                p.write_bytes(t ^ i as u8, size);
                                let grown = Alloc.realloc(p, layout, size * 3);
                                assert!((0..size).all(|k| *grown.add(k) == t ^ i as u8));
                                let big = Layout::from_size_align(size * 3, 8).unwrap();
                                let shrunk = Alloc.realloc(grown, big, size);
                                assert!((0..size).all(|k| *shrunk.add(k) == t ^ i as u8));
                                let z = Alloc.alloc_zeroed(layout);
                                assert!((0..size).all(|k| *z.add(k) == 0));
                                Alloc.dealloc(z, layout);
                                kept.push((shrunk as usize, size));
                            }
                        }
                        kept
                    })
                })
                .collect();
            workers.into_iter().map(|w| w.join().unwrap()).collect()
        });
        // Freed here, on another thread than the one that made them.
        for (t, kept) in made.iter().enumerate() {
            for (i, &(p, size)) in kept.iter().enumerate() {
                let p = p as *mut u8;
                let layout = Layout::from_size_align(size, 8).unwrap();
                // SAFETY: live blocks made above with this layout.
                unsafe {
                    assert!((0..size).all(|k| *p.add(k) == t as u8 ^ i as u8));
                    Alloc.dealloc(p, layout);
                }
            }
        }
        // A freed small block is reused by this thread's next request of its class.
        let layout = Layout::from_size_align(40, 8).unwrap();
        // SAFETY: as above.
        unsafe {
            let a = Alloc.alloc(layout);
            assert!(super::owns(a));
            Alloc.dealloc(a, layout);
            assert_eq!(Alloc.alloc(layout), a);
            Alloc.dealloc(a, layout);
        }
    }
}
