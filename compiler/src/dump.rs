//! Readable disassembly of a .mpy file, for `mpyc --dump` and the snapshot tests: a thin layer
//! over `mpy_format::disasm` (which plays the part of MicroPython's `py/showbc.c` and
//! `tools/mpy-tool.py -d`; nothing here ports MicroPython code).
//!
//! # `mpyc --dump`
//!
//! ```text
//! mpyc --dump [-O<N>] [-X no-source-lines] [-s NAME] [-msmall-int-bits=N] FILE
//! ```
//!
//! prints the disassembly of FILE on stdout and exits 0. `--dump` is an mpyc-only option;
//! every other option keeps its `mpy-cross` meaning.
//!
//! * FILE ending in `.mpy`, or stdin (`-`) whose data starts like a .mpy (`M`, or CircuitPython's
//!   `C`, then a version byte), is read as a compiled file and dumped as it is: mpyc's output, the reference
//!   `mpy-cross`'s, native code (shown in hex) alike. The compile options are ignored then.
//! * Any other FILE is compiled as Python source with the options given, exactly as without
//!   `--dump`, and the resulting .mpy is dumped instead of written: no .mpy file is created and
//!   `-o` is ignored. A compile error is reported as usual (stderr, exit status 1).
//! * A malformed .mpy is dumped as far as it can be read, with `error: ...` lines in place of
//!   what cannot be decoded; the first problem is also reported on stderr and the exit status
//!   is 1.
//!
//! The text, in order (see `mpy_format::disasm` for the exact layout):
//! 1. the header: `mpy version=6 sub_version=0 arch=none small_int_bits=31` (the sub-version
//!    and arch are only stored in files with native code);
//! 2. the qstr table, one entry a line: index, then `static #N` for a qstr of the static pool,
//!    then the string's repr;
//! 3. the constant-object table: index, type tag, value as Python source;
//! 4. the raw-code tree, children indented by two spaces under their parent, each with
//!    `raw_code <kind> len=<bytes> children=<n>`, the decoded prelude (`n_state`,
//!    `n_exc_stack`, scope flags and argument counts, the function's name, argument names, the
//!    line table as `bc=<offset> line=<line>` steps, cell slots) and then every instruction:
//!    offset from the start of the opcodes, MicroPython's `MP_BC_` name (the `_MULTI` forms
//!    print as their plain name) and the decoded operand (qstrs and constants as Python
//!    reprs, jumps as `-> <absolute target>`, call counts as `n_pos= n_kw=`).
//!
//! 5. for x86/x64 files, a listing of every native and viper raw code's machine code
//!    (iced-x86, Intel syntax) with fun-table calls named (see `native_dump`).
//!
//! The text has no file offsets outside each raw code, so the dumps of two compilers' outputs of
//! the same source compare line by line; identical bytes always give identical text.

use mpy_format::disasm::{self, Dump};

use crate::{CompileError, Options};

/// The disassembly of the .mpy file `mpy` (never fails: undecodable parts show as `error:`
/// lines; use [`check`] to know whether there were any).
pub fn dump_text(mpy: &[u8]) -> String {
    let mut text = Dump(mpy).to_string();
    text.push_str(&crate::native_dump::listing(mpy));
    text
}

/// `Ok` when `mpy` is a well-formed .mpy v6.3 file (structure, preludes, instructions, and every
/// qstr, constant, child and jump operand in range), else the first problem found.
pub fn check(mpy: &[u8]) -> Result<(), &'static str> {
    disasm::validate(mpy).map(drop)
}

/// Compile `source` as [`crate::compile`] does and return the disassembly of the result.
pub fn dump_source(
    source: &[u8],
    input_path: &str,
    opts: &Options,
) -> Result<String, CompileError> {
    crate::compile(source, input_path, opts).map(|mpy| dump_text(&mpy))
}

/// Whether `--dump` should read the input as a .mpy file rather than compile it: its name ends
/// in `.mpy` (any case), or it is stdin (`-`) and its data starts with `M` and a version byte
/// (a control character, which no Python source can start with).
pub fn is_mpy_input(path: &[u8], data: &[u8]) -> bool {
    let ext = b".mpy";
    let by_name = path.len() >= ext.len()
        && path
            .get(path.len() - ext.len()..)
            .is_some_and(|tail| tail.eq_ignore_ascii_case(ext));
    let by_content = path == b"-"
        && data
            .first()
            .is_some_and(|&m| mpy_format::mpy::Flavour::from_magic(m).is_some())
        && data.get(1).is_some_and(|&v| v < 0x20);
    by_name || by_content
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mpy_input_detection() {
        assert!(is_mpy_input(b"a.mpy", b""));
        assert!(is_mpy_input(b"dir/A.MPY", b"print(1)"));
        assert!(!is_mpy_input(b"a.py", b"M\x06\x00\x1f"));
        assert!(!is_mpy_input(b"mpy", b""));
        assert!(is_mpy_input(b"-", b"M\x06\x00\x1f"));
        assert!(is_mpy_input(b"-", b"C\x06\x00\x1f"));
        assert!(!is_mpy_input(b"-", b"C = 1\n"));
        assert!(!is_mpy_input(b"-", b"M = 1\n"));
        assert!(!is_mpy_input(b"-", b""));
    }

    #[test]
    fn dumps_compiled_source() {
        let opts = Options {
            source_name: "t.py".into(),
            ..Options::default()
        };
        let text = dump_source(b"x = 1\n", "t.py", &opts).unwrap_or_default();
        assert!(text.starts_with("mpy version=6 "), "{text}");
        assert!(text.contains("STORE_NAME 'x'"), "{text}");
        let mpy = crate::compile(b"x = 1\n", "t.py", &opts).unwrap_or_default();
        assert_eq!(check(&mpy), Ok(()));
        assert!(check(&mpy[..mpy.len() - 1]).is_err());
        assert!(check(b"").is_err());
        assert!(dump_text(b"junk").starts_with("error: "));
    }
}
