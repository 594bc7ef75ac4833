//! The host's interrupt side, requesting a `KeyboardInterrupt` in the VM through [`SIGNALS`]:
//! - SIGINT (Ctrl-C at a terminal), as the unix port does: while the interrupt character set
//!   by `micropython.kbd_intr` is 3 (the default) it raises `KeyboardInterrupt`; with any
//!   other value SIGINT has its default action (the process is killed);
//! - a thread that watches standard input for the interrupt character, as a bare-metal
//!   port's UART receive interrupt does (`shared/runtime/interrupt_char.c`).

use std::collections::VecDeque;
use std::io::Read;
use std::sync::{Condvar, Mutex};

use mpyc_runtime::Signals;

/// The VM's interrupt-side state (one VM per process).
pub static SIGNALS: Signals = Signals::new();

/// Standard input as received, without the interrupt characters: the bytes, and whether the
/// input has ended; `Port::read_in` takes from it.
static INPUT: Mutex<(VecDeque<u8>, bool)> = Mutex::new((VecDeque::new(), false));
static INPUT_READY: Condvar = Condvar::new();

/// Start watching standard input (only when the program itself is not read from it).
pub fn watch_stdin() {
    let _ = std::thread::Builder::new()
        .name("stdin-intr".into())
        .spawn(|| {
            let mut stdin = std::io::stdin().lock();
            let mut buf = [0u8; 256];
            loop {
                let n = stdin.read(&mut buf).unwrap_or(0);
                let mut q = INPUT.lock().unwrap_or_else(|e| e.into_inner());
                for &b in &buf[..n] {
                    if !SIGNALS.input_byte(b) {
                        q.0.push_back(b);
                    }
                }
                q.1 = n == 0;
                INPUT_READY.notify_all();
                if n == 0 {
                    break;
                }
            }
        });
}

/// Standard input is the program itself: nothing for `read_in`.
pub fn no_input() {
    INPUT.lock().unwrap_or_else(|e| e.into_inner()).1 = true;
}

/// Up to `buf.len()` input bytes, waiting for one (0 at the end of input or when interrupted).
pub fn read_in(buf: &mut [u8]) -> usize {
    let mut q = INPUT.lock().unwrap_or_else(|e| e.into_inner());
    while q.0.is_empty() && !q.1 && !SIGNALS.pending() {
        q = INPUT_READY
            .wait_timeout(q, std::time::Duration::from_millis(10))
            .unwrap_or_else(|e| e.into_inner())
            .0;
    }
    let n = buf.len().min(q.0.len());
    for (d, s) in buf.iter_mut().zip(q.0.drain(..n)) {
        *d = s;
    }
    n
}

/// The SIGINT handler: only async-signal-safe work (atomic stores, `signal`, `raise`).
#[cfg(unix)]
#[allow(unsafe_code)]
extern "C" fn on_sigint(_: libc::c_int) {
    if SIGNALS.interrupt_char() == 3 {
        SIGNALS.keyboard_interrupt();
    } else {
        // SAFETY: restoring the default action and re-raising the signal are both
        // async-signal-safe; the process then ends as the unix port's does.
        unsafe {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::raise(libc::SIGINT);
        }
    }
}

/// Install the SIGINT handler.
#[cfg(unix)]
#[allow(unsafe_code)]
pub fn catch_sigint() {
    let handler = on_sigint as extern "C" fn(libc::c_int);
    // SAFETY: the handler only does async-signal-safe work (see `on_sigint`).
    unsafe {
        libc::signal(libc::SIGINT, handler as libc::sighandler_t);
    }
}

#[cfg(not(unix))]
pub fn catch_sigint() {}
