//! What an interrupt handler (or another thread) may do to a running VM: request a
//! `KeyboardInterrupt`, `schedule` a registered callback, and feed bytes into a `RingIO`,
//! all without allocating and without touching the VM itself. Everything is atomics, so a
//! [`Signals`] in a `static` is `Send + Sync`; only loads and stores are used (no
//! compare-and-swap), which every target with atomics has, Cortex-M0 included.
//!
//! The VM looks at [`Signals::pending`] at its pending checks (after jumps, as MicroPython's
//! `DISPATCH_WITH_PEND_EXC_CHECK`), so the work happens between opcodes, in the VM's context.
//!
//! Queue and ring are single-producer / single-consumer: one interrupt context produces, the
//! VM consumes (MicroPython's RingIO has the same rule: one writer, one reader).
//!
//! ```
//! use mpyc_runtime::{ByteRing, IsrRing, Signals};
//! static SIGNALS: Signals = Signals::new();
//! static RX: IsrRing<16> = IsrRing::new();
//! // In the interrupt handler:
//! assert_eq!(RX.write(b"abc"), 3);          // never blocks, never allocates
//! assert!(SIGNALS.schedule(0, 42));         // callback slot 0 with argument 42
//! SIGNALS.keyboard_interrupt();
//! assert!(SIGNALS.pending());
//! // The VM side drains them (here by hand):
//! let mut buf = [0u8; 8];
//! assert_eq!(RX.read(&mut buf), 3);
//! assert_eq!(&buf[..3], b"abc");
//! ```
use core::sync::atomic::{AtomicBool, AtomicIsize, AtomicU8, AtomicUsize, Ordering};

/// Depth of the interrupt-side schedule queue (as `MICROPY_SCHEDULER_DEPTH`).
pub const ISR_QUEUE_DEPTH: usize = 4;

/// Flags and the schedule queue shared between interrupt handlers and one VM.
pub struct Signals {
    /// Something below needs the VM's attention.
    pending: AtomicBool,
    /// A KeyboardInterrupt was requested.
    kbd: AtomicBool,
    /// The interrupt character the port's input should watch for (-1: none).
    intr_char: AtomicIsize,
    /// Schedule queue: callback slot and argument per entry; `head` is advanced by the VM,
    /// `tail` by the producer (both count modulo 2 * depth to tell full from empty).
    slot: [AtomicUsize; ISR_QUEUE_DEPTH],
    arg: [AtomicIsize; ISR_QUEUE_DEPTH],
    head: AtomicUsize,
    tail: AtomicUsize,
}

impl Default for Signals {
    fn default() -> Self {
        Self::new()
    }
}

impl Signals {
    /// Nothing pending; the interrupt character is 3 (Ctrl-C).
    pub const fn new() -> Self {
        Signals {
            pending: AtomicBool::new(false),
            kbd: AtomicBool::new(false),
            intr_char: AtomicIsize::new(3),
            slot: [const { AtomicUsize::new(0) }; ISR_QUEUE_DEPTH],
            arg: [const { AtomicIsize::new(0) }; ISR_QUEUE_DEPTH],
            head: AtomicUsize::new(0),
            tail: AtomicUsize::new(0),
        }
    }

    /// Is there anything for the VM to do?
    #[inline(always)]
    pub fn pending(&self) -> bool {
        self.pending.load(Ordering::Relaxed)
    }

    /// Raise `KeyboardInterrupt` in the VM at its next pending check
    /// (`mp_sched_keyboard_interrupt`).
    pub fn keyboard_interrupt(&self) {
        self.kbd.store(true, Ordering::Release);
        self.pending.store(true, Ordering::Release);
    }

    /// The character set by `micropython.kbd_intr` (-1: disabled). A port's input driver
    /// compares each received byte with it and calls [`Signals::keyboard_interrupt`].
    pub fn interrupt_char(&self) -> isize {
        self.intr_char.load(Ordering::Relaxed)
    }

    /// Feed one received input byte: true (and a KeyboardInterrupt requested) if it is the
    /// interrupt character, so the port drops it from its input.
    pub fn input_byte(&self, b: u8) -> bool {
        if self.interrupt_char() == b as isize {
            self.keyboard_interrupt();
            true
        } else {
            false
        }
    }

    pub(crate) fn set_interrupt_char(&self, c: isize) {
        self.intr_char.store(c, Ordering::Relaxed);
    }

    /// Queue callback `slot` (registered with `Vm::set_isr_callback`) to run with the small
    /// int `arg`. False if the queue is full. Never allocates.
    pub fn schedule(&self, slot: usize, arg: isize) -> bool {
        let tail = self.tail.load(Ordering::Relaxed);
        let head = self.head.load(Ordering::Acquire);
        if tail.wrapping_sub(head) % (2 * ISR_QUEUE_DEPTH) >= ISR_QUEUE_DEPTH {
            return false;
        }
        let i = tail % ISR_QUEUE_DEPTH;
        self.slot[i].store(slot, Ordering::Relaxed);
        self.arg[i].store(arg, Ordering::Relaxed);
        self.tail
            .store((tail + 1) % (2 * ISR_QUEUE_DEPTH), Ordering::Release);
        self.pending.store(true, Ordering::Release);
        true
    }

    /// Take the KeyboardInterrupt request, if any (VM side).
    pub(crate) fn take_kbd(&self) -> bool {
        // Load then store, no swap: a request landing in between merges with this one, as
        // repeated Ctrl-C does in MicroPython.
        let k = self.kbd.load(Ordering::Acquire);
        if k {
            self.kbd.store(false, Ordering::Relaxed);
        }
        k
    }

    /// Take the oldest queued callback (VM side).
    pub(crate) fn take_scheduled(&self) -> Option<(usize, isize)> {
        let head = self.head.load(Ordering::Relaxed);
        let tail = self.tail.load(Ordering::Acquire);
        if head == tail {
            return None;
        }
        let i = head % ISR_QUEUE_DEPTH;
        let v = (
            self.slot[i].load(Ordering::Relaxed),
            self.arg[i].load(Ordering::Relaxed),
        );
        self.head
            .store((head + 1) % (2 * ISR_QUEUE_DEPTH), Ordering::Release);
        Some(v)
    }

    /// Recompute the pending flag after the VM took what it wanted (VM side).
    pub(crate) fn settle(&self) {
        self.pending.store(false, Ordering::Relaxed);
        if self.kbd.load(Ordering::Acquire)
            || self.head.load(Ordering::Relaxed) != self.tail.load(Ordering::Acquire)
        {
            self.pending.store(true, Ordering::Relaxed);
        }
    }
}

/// A byte ring outside the GC heap that an interrupt handler writes and Python reads as a
/// `micropython.RingIO` (see `Vm::new_isr_ringio`). `N` bytes hold `N - 1` (one byte is kept
/// free to tell full from empty, as `py/ringbuf.h` does).
pub struct IsrRing<const N: usize> {
    buf: [AtomicU8; N],
    /// Read and write indices, each in `0..N`.
    iget: AtomicUsize,
    iput: AtomicUsize,
}

impl<const N: usize> Default for IsrRing<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> IsrRing<N> {
    /// An empty ring.
    pub const fn new() -> Self {
        IsrRing {
            buf: [const { AtomicU8::new(0) }; N],
            iget: AtomicUsize::new(0),
            iput: AtomicUsize::new(0),
        }
    }
}

/// The operations of an [`IsrRing`] of any size, as the VM sees it.
pub trait ByteRing: Sync {
    /// Bytes available to read.
    fn any(&self) -> usize;
    /// Room left to write.
    fn free(&self) -> usize;
    /// Copy up to `src.len()` bytes in; the count copied (0 when full).
    fn write(&self, src: &[u8]) -> usize;
    /// Copy up to `dst.len()` bytes out; the count copied.
    fn read(&self, dst: &mut [u8]) -> usize;
    /// The byte `k` places after the read index (k < any()).
    fn peek(&self, k: usize) -> u8;
}

impl<const N: usize> ByteRing for IsrRing<N> {
    fn any(&self) -> usize {
        let g = self.iget.load(Ordering::Acquire);
        let p = self.iput.load(Ordering::Acquire);
        (p + N - g) % N
    }

    fn free(&self) -> usize {
        N.saturating_sub(1 + self.any())
    }

    fn write(&self, src: &[u8]) -> usize {
        let n = src.len().min(self.free());
        let mut p = self.iput.load(Ordering::Relaxed);
        for &b in &src[..n] {
            self.buf[p].store(b, Ordering::Relaxed);
            p = (p + 1) % N;
        }
        self.iput.store(p, Ordering::Release);
        n
    }

    fn read(&self, dst: &mut [u8]) -> usize {
        let n = dst.len().min(self.any());
        let mut g = self.iget.load(Ordering::Relaxed);
        for d in &mut dst[..n] {
            *d = self.buf[g].load(Ordering::Relaxed);
            g = (g + 1) % N;
        }
        self.iget.store(g, Ordering::Release);
        n
    }

    fn peek(&self, k: usize) -> u8 {
        let g = self.iget.load(Ordering::Relaxed);
        self.buf[(g + k) % N].load(Ordering::Relaxed)
    }
}
