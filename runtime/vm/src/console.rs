//! The console's input side: `input([prompt])` reads a line from [`Port::read_in`] as the
//! unix port's readline does with piped input: the typed characters are echoed, Enter (`\r`
//! or `\n`) echoes `\r\n` and ends the line, Tab (completion), other control characters and
//! non-ASCII bytes are dropped, the end of input gives `EOFError()`. The interrupt character never reaches
//! here: the port turns it into a KeyboardInterrupt, raised at once.
use crate::builtins::{arg_count, Args};
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::{Port, Vm, R};

/// `input([prompt])`.
pub(crate) fn input<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 1)?;
    if a.n == 1 {
        let p = a.get(vm, 0);
        vm.print(Out::Stdout, p, false)?;
    }
    let out = vm.buf_new(T::Str)?;
    let mut any = false;
    loop {
        let mut c = [0u8; 1];
        if vm.port.read_in(&mut c) == 0 {
            if vm.pending() {
                // The interrupt character (or a scheduled callback) ended the wait.
                if let Err(e) = vm.run_pending() {
                    vm.buf_finish(out);
                    return Err(e);
                }
                continue;
            }
            let line = vm.buf_finish(out);
            if any {
                return Ok(line);
            }
            return Err(vm.err_noarg(T::EOFError));
        }
        match c[0] {
            b'\r' | b'\n' => {
                vm.port.write_out(b"\r\n");
                return Ok(vm.buf_finish(out));
            }
            // Only printable ASCII is taken, as readline does.
            b if !(0x20..0x7f).contains(&b) => {}
            b => {
                vm.port.write_out(&c);
                vm.write_bytes(out, &[b])?;
                any = true;
            }
        }
    }
}
