//! `mpyc-run`: the runtime on a PC, with MicroPython's unix-port command line.

fn main() {
    eprintln!("mpyc-run: not implemented yet");
    std::process::exit(1);
}
