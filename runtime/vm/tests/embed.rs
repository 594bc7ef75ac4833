//! The interrupt side of the embedding API: what an interrupt handler can do through
//! `Signals` and `IsrRing`, and what the VM does with it at its pending checks (between
//! opcodes): callbacks held back by `sched_lock`, a bounded queue, KeyboardInterrupt, a ring
//! that never takes more than it has room for.

use std::sync::atomic::{AtomicBool, Ordering};

use mpyc_runtime::{ByteRing, IsrRing, Port, Signals, Vm};

struct Quiet;
impl Port for Quiet {
    fn write_out(&mut self, _: &[u8]) {}
    fn write_err(&mut self, _: &[u8]) {}
}

/// got = []; on_irq(n) appends board.rx.read(n); spin(n) loops n times and returns len(got).
static APP: &[u8] = include_bytes!("fixtures/embed_isr.mpy");

/// A port whose critical region is a flag the test (the "firmware") sets.
struct Regions(&'static AtomicBool);
impl Port for Regions {
    fn write_out(&mut self, _: &[u8]) {}
    fn write_err(&mut self, _: &[u8]) {}
    fn in_critical_region(&mut self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// A VM with `board.rx` on `ring`, the app imported, `on_irq` in slot 0.
fn vm_with(
    signals: &'static Signals,
    ring: &'static dyn ByteRing,
) -> (Vm<Quiet>, mpyc_runtime::Obj) {
    vm_on(Quiet, signals, ring)
}

fn vm_on<P: Port>(
    port: P,
    signals: &'static Signals,
    ring: &'static dyn ByteRing,
) -> (Vm<P>, mpyc_runtime::Obj) {
    let heap: &'static mut [u8] = Box::leak(vec![0u8; 64 * 1024].into_boxed_slice());
    let ps: &'static mut [usize] = Box::leak(vec![0usize; 4096].into_boxed_slice());
    let mut vm = Vm::new(heap, ps, port).expect("heap");
    vm.attach_signals(signals);
    let board = vm.new_module(b"board").expect("module");
    let rx = vm.new_isr_ringio(ring).expect("ringio");
    vm.set_attr(board, b"rx", rx).expect("attr");
    vm.add_frozen(b"app", APP).expect("frozen");
    let app = vm.import(b"app").expect("import");
    let f = vm.attr(app, b"on_irq").expect("on_irq");
    vm.set_isr_callback(0, f).expect("slot");
    (vm, app)
}

fn spin<P: Port>(vm: &mut Vm<P>, app: mpyc_runtime::Obj, n: isize) -> Result<isize, Vec<u8>> {
    let f = vm.attr(app, b"spin").expect("spin");
    let n = vm.make_int(n).expect("int");
    match vm.call_function(f, &[n]) {
        Ok(v) => Ok(vm.to_int(v).expect("int")),
        Err(_) => Err(vm.type_name(vm.exception()).to_vec()),
    }
}

#[test]
fn sched_lock_holds_callbacks_back_until_unlocked() {
    static S: Signals = Signals::new();
    static RX: IsrRing<16> = IsrRing::new();
    let (mut vm, app) = vm_with(&S, &RX);
    vm.sched_lock();
    assert_eq!(RX.write(b"ab"), 2);
    assert!(S.schedule(0, 2));
    assert_eq!(spin(&mut vm, app, 50), Ok(0));
    vm.sched_unlock();
    assert_eq!(spin(&mut vm, app, 5), Ok(1));
    assert_eq!(RX.any(), 0);
}

#[test]
fn sched_locks_nest() {
    static S: Signals = Signals::new();
    static RX: IsrRing<16> = IsrRing::new();
    let (mut vm, app) = vm_with(&S, &RX);
    vm.sched_lock();
    vm.sched_lock();
    assert_eq!(RX.write(b"xy"), 2);
    assert!(S.schedule(0, 2));
    vm.sched_unlock();
    assert_eq!(spin(&mut vm, app, 50), Ok(0), "one lock is still held");
    vm.sched_unlock();
    assert_eq!(spin(&mut vm, app, 5), Ok(1));
    vm.sched_unlock(); // one too many: no effect, never negative
    assert!(S.schedule(0, 0));
    assert_eq!(spin(&mut vm, app, 5), Ok(2));
}

#[test]
fn port_critical_region_holds_callbacks_back_but_not_keyboard_interrupt() {
    static S: Signals = Signals::new();
    static RX: IsrRing<16> = IsrRing::new();
    static INSIDE: AtomicBool = AtomicBool::new(true);
    let (mut vm, app) = vm_on(Regions(&INSIDE), &S, &RX);
    assert_eq!(RX.write(b"abc"), 3);
    assert!(S.schedule(0, 3));
    assert_eq!(spin(&mut vm, app, 50), Ok(0), "held back inside the region");
    assert_eq!(RX.any(), 3);
    S.keyboard_interrupt();
    assert_eq!(spin(&mut vm, app, 50), Err(b"KeyboardInterrupt".to_vec()));
    INSIDE.store(false, Ordering::Relaxed);
    assert_eq!(spin(&mut vm, app, 5), Ok(1), "run once the region is left");
    assert_eq!(RX.any(), 0);
}

#[test]
fn interrupt_queue_is_bounded_and_drains_one_callback_per_check() {
    static S: Signals = Signals::new();
    static RX: IsrRing<16> = IsrRing::new();
    let (mut vm, app) = vm_with(&S, &RX);
    for _ in 0..mpyc_runtime::signals::ISR_QUEUE_DEPTH {
        assert!(S.schedule(0, 0));
    }
    assert!(!S.schedule(0, 0), "a full queue refuses");
    // Four callbacks need four pending checks: spin(0) makes two (its range loop's JUMP and
    // one POP_JUMP_IF_TRUE).
    assert_eq!(spin(&mut vm, app, 0), Ok(2));
    assert_eq!(spin(&mut vm, app, 10), Ok(4));
    assert!(S.schedule(0, 0), "room again");
}

#[test]
fn keyboard_interrupt_raises_between_opcodes() {
    static S: Signals = Signals::new();
    static RX: IsrRing<16> = IsrRing::new();
    let (mut vm, app) = vm_with(&S, &RX);
    S.keyboard_interrupt();
    assert_eq!(spin(&mut vm, app, 1000), Err(b"KeyboardInterrupt".to_vec()));
    assert_eq!(spin(&mut vm, app, 10), Ok(0), "raised once");
    // The interrupt character: 3 by default, what kbd_intr set otherwise.
    assert!(!S.input_byte(b'x'));
    assert!(S.input_byte(3));
    assert_eq!(spin(&mut vm, app, 10), Err(b"KeyboardInterrupt".to_vec()));
}

#[test]
fn isr_ring_keeps_one_byte_free_and_wraps() {
    static RX: IsrRing<5> = IsrRing::new();
    assert_eq!(RX.write(b"abcdef"), 4, "N bytes hold N - 1");
    assert_eq!(RX.write(b"x"), 0, "full");
    let mut b = [0u8; 3];
    assert_eq!(RX.read(&mut b), 3);
    assert_eq!(&b, b"abc");
    assert_eq!(RX.write(b"xyz"), 3, "wraps around");
    let mut b = [0u8; 8];
    assert_eq!(RX.read(&mut b), 4);
    assert_eq!(&b[..4], b"dxyz");
    assert_eq!(RX.any(), 0);
}

#[test]
fn heap_lock_depth_is_visible_and_resettable() {
    static S: Signals = Signals::new();
    static RX: IsrRing<4> = IsrRing::new();
    let (mut vm, app) = vm_with(&S, &RX);
    let m = vm.import(b"micropython").expect("micropython");
    let lock = vm.attr(m, b"heap_lock").expect("heap_lock");
    vm.call_function(lock, &[]).expect("lock");
    vm.call_function(lock, &[]).expect("lock");
    assert_eq!(vm.heap_lock_depth(), 2);
    assert!(vm.make_int(1 << 62).is_err(), "a big int needs the heap");
    vm.reset_heap_lock();
    assert_eq!(vm.heap_lock_depth(), 0);
    assert_eq!(spin(&mut vm, app, 3), Ok(0));
}
