//! The host's interrupt side: a thread that watches standard input for the character set by
//! `micropython.kbd_intr` (3, Ctrl-C, by default) and requests a `KeyboardInterrupt`, as a
//! bare-metal port's UART receive interrupt does (`shared/runtime/interrupt_char.c`). The
//! unix port relies on SIGINT instead; a piped Ctrl-C byte is the testable equivalent.

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
