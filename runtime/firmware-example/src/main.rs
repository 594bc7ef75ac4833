//! A firmware-style program on mpyc's runtime, as a board's `main` would be, run on a PC:
//! - the GC heap and the Python stack are `static` buffers (no allocator is involved);
//! - the Python modules in `py/` are frozen at build time (`build.rs`, `mpyc::freeze::Freezer`)
//!   and used in place from the binary;
//! - a Rust module `board` gives Python `led(on)`, `start_uart(callback)` and `rx`, a
//!   `micropython.RingIO` whose bytes live in a static [`IsrRing`];
//! - the "UART interrupt" is a thread: it writes readings into the ring and schedules the
//!   Python callback through the static [`Signals`], never touching the VM or allocating;
//! - the callback runs between opcodes with the heap locked (`micropython.heap_lock`), and the
//!   program ends with `micropython.mem_info()`; Rust then calls `main.summary()`.

use std::io::Write;
use std::time::{Duration, Instant};

use mpyc_runtime::{ByteRing, IsrRing, Obj, Port, Signals, Vm, R};

include!(concat!(env!("OUT_DIR"), "/frozen.rs"));

/// The static memory the VM runs in, handed out once.
mod memory {
    #![allow(unsafe_code)]
    use std::sync::atomic::{AtomicBool, Ordering};

    const HEAP_BYTES: usize = 96 * 1024;
    const PYSTACK_WORDS: usize = 8 * 1024;
    static mut HEAP: [u8; HEAP_BYTES] = [0; HEAP_BYTES];
    static mut PYSTACK: [usize; PYSTACK_WORDS] = [0; PYSTACK_WORDS];
    static TAKEN: AtomicBool = AtomicBool::new(false);

    /// The heap and the Python stack; `None` after the first call.
    pub fn take() -> Option<(&'static mut [u8], &'static mut [usize])> {
        if TAKEN.swap(true, Ordering::AcqRel) {
            return None;
        }
        // SAFETY: TAKEN makes this branch run once per process, so these are the only
        // references ever made to HEAP and PYSTACK; nothing else names the statics.
        unsafe {
            Some((
                &mut *std::ptr::addr_of_mut!(HEAP),
                &mut *std::ptr::addr_of_mut!(PYSTACK),
            ))
        }
    }
}

/// What interrupt handlers share with the VM: flags, the schedule queue, the UART ring.
static SIGNALS: Signals = Signals::new();
static UART_RX: IsrRing<64> = IsrRing::new();

/// The interrupt callback slot of the UART.
const UART_SLOT: usize = 0;

/// The readings the simulated sensor sends, one line each.
const READINGS: [&[u8]; 6] = [b"21\n", b"23\n", b"19\n", b"25\n", b"22\n", b"24\n"];

/// The board: console output, a millisecond clock, the UART "interrupt" thread.
struct Board {
    start: Instant,
    uart: Option<std::thread::JoinHandle<()>>,
}

impl Port for Board {
    fn write_out(&mut self, b: &[u8]) {
        let _ = std::io::stdout().write_all(b);
    }
    fn write_err(&mut self, b: &[u8]) {
        let _ = std::io::stderr().write_all(b);
    }
    fn ticks_ms(&mut self) -> u64 {
        self.start.elapsed().as_millis() as u64
    }
    fn sleep_ms(&mut self, ms: u64) {
        std::thread::sleep(Duration::from_millis(ms));
    }
}

/// `board.led(on)`.
fn led(vm: &mut Vm<Board>, args: &[Obj]) -> R<Obj> {
    let on = vm.to_int(*args.first().unwrap_or(&Obj::NONE))? != 0;
    vm.port.write_out(if on {
        b"[board] LED on\n"
    } else {
        b"[board] LED off\n"
    });
    Ok(Obj::NONE)
}

/// `board.start_uart(callback)`: register the interrupt callback, start the UART.
fn start_uart(vm: &mut Vm<Board>, args: &[Obj]) -> R<Obj> {
    vm.set_isr_callback(UART_SLOT, *args.first().unwrap_or(&Obj::NONE))?;
    vm.port.uart = Some(std::thread::spawn(uart_interrupt));
    Ok(Obj::NONE)
}

/// The simulated UART receive interrupt: bytes into the ring, then the callback scheduled
/// with the count. Only the statics are touched; nothing allocates.
fn uart_interrupt() {
    for line in READINGS {
        std::thread::sleep(Duration::from_millis(3));
        let mut sent = 0;
        while sent < line.len() {
            sent += UART_RX.write(&line[sent..]);
        }
        // A full schedule queue (the VM is busy): try again, as a driver would on the next
        // interrupt.
        while !SIGNALS.schedule(UART_SLOT, line.len() as isize) {
            std::thread::sleep(Duration::from_millis(1));
        }
    }
}

fn run(vm: &mut Vm<Board>) -> R<isize> {
    vm.attach_signals(&SIGNALS);
    let board = vm.new_module(b"board")?;
    vm.add_function(board, b"led", led)?;
    vm.add_function(board, b"start_uart", start_uart)?;
    let rx = vm.new_isr_ringio(&UART_RX)?;
    vm.set_attr(board, b"rx", rx)?;
    for (name, mpy) in FROZEN_MODULES {
        vm.add_frozen(name.as_bytes(), mpy)?;
    }
    let main = vm.import(b"main")?;
    let summary = vm.attr(main, b"summary")?;
    let mean = vm.call_function(summary, &[])?;
    vm.to_int(mean)
}

fn main() {
    let Some((heap, pystack)) = memory::take() else {
        unreachable!("memory is taken once");
    };
    let board = Board {
        start: Instant::now(),
        uart: None,
    };
    let Some(mut vm) = Vm::new(heap, pystack, board) else {
        eprintln!("heap too small");
        std::process::exit(1);
    };
    let status = match run(&mut vm) {
        Ok(mean) => {
            println!("[rust] main.summary() returned {mean}");
            0
        }
        Err(_) => {
            vm.print_current_exception();
            1
        }
    };
    if let Some(t) = vm.port.uart.take() {
        let _ = t.join();
    }
    std::process::exit(status);
}
