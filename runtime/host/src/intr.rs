//! The host's interrupt side, requesting a `KeyboardInterrupt` in the VM through [`SIGNALS`]:
//! - SIGINT (Ctrl-C at a terminal), as the unix port does: while the interrupt character set
//!   by `micropython.kbd_intr` is 3 (the default) it raises `KeyboardInterrupt`; with any
//!   other value SIGINT has its default action (the process is killed);
//! - a thread that watches standard input for the interrupt character, as a bare-metal
//!   port's UART receive interrupt does (`shared/runtime/interrupt_char.c`).

use std::io::Read;

use mpyc_runtime::Signals;

/// The VM's interrupt-side state (one VM per process).
pub static SIGNALS: Signals = Signals::new();

/// Start watching standard input (only when the program itself is not read from it).
pub fn watch_stdin() {
    let _ = std::thread::Builder::new()
        .name("stdin-intr".into())
        .spawn(|| {
            let mut stdin = std::io::stdin().lock();
            let mut buf = [0u8; 256];
            while let Ok(n @ 1..) = stdin.read(&mut buf) {
                for &b in &buf[..n] {
                    SIGNALS.input_byte(b);
                }
            }
        });
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
