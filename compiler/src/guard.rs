//! Last-resort guards of the `mpyc` process against hostile input, so that running out of stack
//! or memory ends as a clean error with status 1, the way the reference does
//! (`RuntimeError: maximum recursion depth exceeded`, `MemoryError: memory allocation failed`),
//! never as a crash or an abort:
//!
//! * [`install`] (called once by the binary) catches `SIGSEGV`/`SIGBUS` on an alternate signal
//!   stack. In safe Rust a fault is a stack overflow: the handler prints the error and exits.
//!   Every thread that compiles calls [`thread_init`] to get its own alternate stack (signal
//!   stacks are per thread). It also ignores `SIGXFSZ`, so that a write past `ulimit -f` fails
//!   with `EFBIG` on an error path that removes the temporary file, instead of killing the
//!   process and leaving it behind.
//! * [`Alloc`], the binary's global allocator, is the system allocator whose failures print the
//!   error and exit instead of aborting (`handle_alloc_error` aborts with `SIGABRT`).
//!
//! Both paths write with `write(2)` and leave with `_exit(2)`: nothing that allocates or takes a
//! lock may run in a signal handler or while the allocator fails.
//!
//! The parser recurses over nested syntax without a depth check of its own, so these guards are
//! what keeps a deeply nested file on a small stack (`ulimit -s`, or a compile thread that could
//! not get its big stack under `ulimit -v`) from crashing; [`crate::compile`] first picks a stack
//! big enough for every input it can.
#![allow(unsafe_code)]

mod pool;

use std::alloc::{GlobalAlloc, Layout, System};
use std::ptr;
use std::sync::atomic::{AtomicBool, AtomicPtr, Ordering};

/// Set by [`install`]: only then do compile threads need an alternate signal stack.
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// Size of each thread's alternate signal stack (the handler needs very little).
const ALT_STACK_SIZE: usize = 64 * 1024;

/// What the stack overflow handler prints (MicroPython's stack-check message).
const RECURSION_MSG: &[u8] = b"RuntimeError: maximum recursion depth exceeded\n";

/// Install the fault handler and the current thread's alternate signal stack, and ignore
/// `SIGXFSZ`. For the `mpyc` executable only: a library must not take over signals.
#[doc(hidden)]
pub fn install() {
    thread_init_always();
    // SAFETY: `sigaction` with a zeroed struct, a handler of the SA_SIGINFO signature that only
    // calls async-signal-safe functions, and a valid signal number; `signal(SIGXFSZ, SIG_IGN)`
    // changes only that signal's disposition.
    unsafe {
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_fault as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut action.sa_mask);
        libc::sigaction(libc::SIGSEGV, &action, std::ptr::null_mut());
        libc::sigaction(libc::SIGBUS, &action, std::ptr::null_mut());
        libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        let mut action: libc::sigaction = std::mem::zeroed();
        action.sa_sigaction = on_terminate as *const () as libc::sighandler_t;
        action.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK | libc::SA_RESETHAND;
        libc::sigemptyset(&mut action.sa_mask);
        for sig in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP, libc::SIGQUIT] {
            libc::sigaction(sig, &action, std::ptr::null_mut());
        }
    }
    INSTALLED.store(true, Ordering::Release);
}

/// Give the calling thread an alternate signal stack, if [`install`] was called (each thread
/// that compiles must call this first). The stack is kept for the life of the process: a few
/// threads at most ever get one.
pub(crate) fn thread_init() {
    if INSTALLED.load(Ordering::Acquire) {
        thread_init_always();
    }
}

fn thread_init_always() {
    // Uninitialised: zeroing it would touch its 16 pages (16 page faults, a tenth of a small
    // compile's) for a stack that is used only if a fault ever comes.
    let stack: &'static mut [std::mem::MaybeUninit<u8>] =
        Box::leak(Box::new_uninit_slice(ALT_STACK_SIZE));
    let ss = libc::stack_t {
        ss_sp: stack.as_mut_ptr().cast(),
        ss_flags: 0,
        ss_size: stack.len(),
    };
    // SAFETY: `ss` describes memory that stays valid for the rest of the process.
    unsafe {
        libc::sigaltstack(&ss, std::ptr::null_mut());
    }
}

/// The temporary file being written (a leaked C string), removed if a signal ends the process.
static TEMP_PATH: AtomicPtr<libc::c_char> = AtomicPtr::new(std::ptr::null_mut());

/// Declare the temporary file the process is writing (`None` once renamed or removed), so that
/// a terminating signal (`SIGINT`, `SIGTERM`, `SIGHUP`, `SIGQUIT`) removes it. Only for the
/// single-file writer: the path is leaked, as the handler may read it at any time. (A `SIGKILL`
/// cannot be caught: [`crate::batch::create_temp`] removes stale files on a later run.)
#[doc(hidden)]
pub fn set_temp_path(path: Option<&std::path::Path>) {
    use std::os::unix::ffi::OsStrExt;
    let ptr = match path.and_then(|p| std::ffi::CString::new(p.as_os_str().as_bytes()).ok()) {
        Some(c) => c.into_raw(),
        None => std::ptr::null_mut(),
    };
    TEMP_PATH.store(ptr, Ordering::SeqCst);
}

/// A terminating signal's handler: remove the temporary file, then die of the signal (its
/// default action is back: `SA_RESETHAND`).
extern "C" fn on_terminate(sig: libc::c_int, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    let path = TEMP_PATH.load(Ordering::SeqCst);
    // SAFETY: a non-null `path` is a leaked, NUL-terminated C string that is never freed;
    // `unlink` and `raise` are async-signal-safe.
    unsafe {
        if !path.is_null() {
            libc::unlink(path);
        }
        libc::raise(sig);
    }
}

/// The `SIGSEGV`/`SIGBUS` handler: report and leave.
extern "C" fn on_fault(_sig: libc::c_int, _info: *mut libc::siginfo_t, _ctx: *mut libc::c_void) {
    die(RECURSION_MSG);
}

/// Write `msg` to stderr and exit with status 1, without allocating.
fn die(msg: &[u8]) -> ! {
    // SAFETY: `write` reads `msg.len()` bytes of a live slice; `_exit` never returns.
    unsafe {
        libc::write(2, msg.as_ptr().cast(), msg.len());
        libc::_exit(1)
    }
}

/// Give the rest of the process the small-block pool of `--batch` runs (see [`pool`]): blocks
/// of up to 64 KiB then come from per-thread free lists instead of glibc's malloc. Called once,
/// before the batch's threads start; if the address space cannot be reserved, nothing changes.
#[doc(hidden)]
pub fn use_batch_allocator() {
    pool::start();
}

/// The system allocator, failing as MicroPython does (`MemoryError: memory allocation failed,
/// allocating N bytes`, status 1) instead of aborting.
#[doc(hidden)]
pub struct Alloc;

impl Alloc {
    #[cold]
    fn fail(size: usize) -> ! {
        // The message is built on the stack: the heap just failed.
        let mut buf = [0u8; 96];
        let head = b"MemoryError: memory allocation failed, allocating ";
        let mut len = 0;
        for &b in head {
            buf[len] = b;
            len += 1;
        }
        let mut digits = [0u8; 20];
        let mut n = size;
        let mut nd = 0;
        loop {
            digits[nd] = b'0' + (n % 10) as u8;
            nd += 1;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        while nd > 0 {
            nd -= 1;
            buf[len] = digits[nd];
            len += 1;
        }
        for &b in b" bytes\n" {
            buf[len] = b;
            len += 1;
        }
        die(&buf[..len])
    }
}

// SAFETY: a request goes to the pool when the pool serves it (which honours size and
// alignment, see `pool`), otherwise unchanged to `System`; a block is always freed or grown by
// the allocator that made it, told apart by address (`pool::owns`). Only a null result is
// handled, by ending the process.
unsafe impl GlobalAlloc for Alloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let mut p = pool::alloc(layout.size(), layout.align());
        if p.is_null() {
            // SAFETY: the caller's contract for `layout` is passed on.
            p = unsafe { System.alloc(layout) };
        }
        if p.is_null() {
            Self::fail(layout.size());
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = pool::alloc(layout.size(), layout.align());
        if !p.is_null() {
            // SAFETY: a fresh pool block of at least `layout.size()` bytes (a reused one
            // holds old bytes).
            unsafe { p.write_bytes(0, layout.size()) };
            return p;
        }
        // SAFETY: as in `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        if p.is_null() {
            Self::fail(layout.size());
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if pool::owns(ptr) {
            // SAFETY: a live pool block made for `layout`, as the caller guarantees.
            unsafe { pool::free(ptr, layout.size(), layout.align()) }
        } else {
            // SAFETY: `ptr` came from `System` with this `layout`, as the caller guarantees.
            unsafe { System.dealloc(ptr, layout) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if !pool::owns(ptr) {
            // SAFETY: the caller's contract for `ptr`, `layout` and `new_size` is passed on;
            // a glibc block stays glibc's.
            let p = unsafe { System.realloc(ptr, layout, new_size) };
            if p.is_null() {
                Self::fail(new_size);
            }
            return p;
        }
        if pool::same_class(layout.size(), new_size, layout.align()) {
            return ptr;
        }
        // SAFETY: `new_size` is non-zero and, rounded to `layout.align()`, does not overflow
        // (the caller's contract).
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        // SAFETY: a valid non-zero layout.
        let p = unsafe { self.alloc(new_layout) };
        // SAFETY: both blocks are live, distinct, and hold at least the bytes copied; the old
        // one is then freed with the layout it was made with.
        unsafe {
            ptr::copy_nonoverlapping(ptr, p, layout.size().min(new_size));
            pool::free(ptr, layout.size(), layout.align());
        }
        p
    }
}

/// Usable size of the calling thread's stack as the process limit allows (`ulimit -s`), in
/// bytes: for the main thread, whose stack grows on demand up to that limit.
pub(crate) fn main_stack_limit() -> usize {
    let mut lim = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `getrlimit` writes one `rlimit` into a live local.
    let ok = unsafe { libc::getrlimit(libc::RLIMIT_STACK, &mut lim) } == 0;
    if !ok || lim.rlim_cur == libc::RLIM_INFINITY {
        return 8 << 20;
    }
    usize::try_from(lim.rlim_cur).unwrap_or(usize::MAX)
}

/// Stack a frame may still use below the caller of [`release_dead_stack`]: the `madvise` call
/// itself and its wrapper run there.
const LIVE_STACK_MARGIN: usize = 64 << 10;

/// Dead stack worth giving back: [`release_dead_stack`] does nothing unless the stack was used
/// this far below its caller.
const DEEP_STACK: usize = 1 << 20;

/// Give back to the system the pages of the calling thread's stack below the current frame:
/// frames of calls that have returned. A deep recursion (the parser's, on a deeply nested
/// source: about 1.5 KiB a level) leaves them resident until the thread ends, and the later
/// stages recurse less deep, so without this they would count in the process's peak memory
/// on top of everything the later stages allocate. Pages used again are zero-filled on
/// demand. Not on the main thread (finding its stack reads `/proc/self/maps`, and its sources
/// are small).
pub(crate) fn release_dead_stack() {
    #[cfg(target_os = "linux")]
    {
        if crate::on_main_thread() {
            return;
        }
        const PAGE: usize = 4096;
        let here = std::hint::black_box(0u8);
        let here = &here as *const u8 as usize;
        // The stack is touched from the top down without gaps: if the page `DEEP_STACK` below
        // is not resident, there is little to give back (the usual case: one system call of
        // well under a microsecond, where the `madvise` over the whole stack takes several).
        let probe = here.saturating_sub(DEEP_STACK) & !(PAGE - 1);
        let mut resident = 0u8;
        // SAFETY: `mincore` reads no memory: it reports on the one page at `probe` (page
        // aligned) into one live byte, and fails harmlessly if nothing is mapped there.
        let probed = unsafe { libc::mincore(probe as *mut libc::c_void, PAGE, &mut resident) };
        if probed != 0 || resident & 1 == 0 {
            return;
        }
        // SAFETY: an all-zero `pthread_attr_t` is a valid value of the plain C struct, which
        // `pthread_getattr_np` initialises (and `pthread_attr_destroy` frees) for the calling
        // thread; `pthread_attr_getstack` writes two live locals.
        let (base, size) = unsafe {
            let mut attr: libc::pthread_attr_t = std::mem::zeroed();
            if libc::pthread_getattr_np(libc::pthread_self(), &mut attr) != 0 {
                return;
            }
            let mut base: *mut libc::c_void = ptr::null_mut();
            let mut size = 0;
            let ok = libc::pthread_attr_getstack(&attr, &mut base, &mut size) == 0;
            libc::pthread_attr_destroy(&mut attr);
            if !ok {
                return;
            }
            (base as usize, size)
        };
        let low = (base + PAGE - 1) & !(PAGE - 1);
        let high = here.saturating_sub(LIVE_STACK_MARGIN) & !(PAGE - 1);
        if here > base + size || high <= low {
            return;
        }
        // SAFETY: `[low, high)` lies in this thread's own stack mapping, below the current
        // frame by more than any call made from here uses: it holds only frames of calls that
        // have returned, which nothing reads before writing them again. `MADV_DONTNEED` on
        // private anonymous memory only drops those pages (they read as zeros if touched).
        unsafe {
            libc::madvise(low as *mut libc::c_void, high - low, libc::MADV_DONTNEED);
        }
    }
}

/// Whether a process with this id exists (`kill(pid, 0)`: only `ESRCH` says it does not).
pub(crate) fn process_exists(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    if pid <= 0 {
        return false;
    }
    // SAFETY: signal 0 sends nothing; it only checks that the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || std::io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
}
