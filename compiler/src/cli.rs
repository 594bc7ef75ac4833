//! The `mpyc` command line: argv in, one [`Command`] out. Ports the option handling of
//! MicroPython's `mpy-cross/main.c` (`pre_process_options`, the option loop of `main_`,
//! `usage`, `parse_integer`, `parse_rv32_flags_string`) and the libc number parsing it leans on.
//!
//! # Why a hand-written argv walk and not clap
//!
//! `mpyc` is a drop-in for `mpy-cross` 1.29, so its grammar is the reference's, warts included,
//! and clap can express almost none of it:
//! * single-dash long options with glued values (`-march=x64`, `-msmall-int-bits=0x10`),
//!   `-O[N]` whose level is either the first digit or the count of `O`s (`-O31` → 3, `-OOx` → 2);
//! * a first pass over *all* of argv for `-X <opt>` (even after `--`, even before `--version`),
//!   then a second, left-to-right pass where the first unknown option prints the usage (to
//!   stdout) and exits 1, so `--version -Z` prints the version but `-Z --version` the usage;
//! * `multiple input files` stops the walk at once, while `arch not specified` and
//!   `no input file` are only decided after it;
//! * the usage text must be byte-identical to the reference's, with argv\[0\] as invoked and the
//!   `-X heapsize=` value of the first pass in it.
//!
//! Bending clap's derive or builder API to this would hide the rules behind overrides, so the
//! walk below mirrors `main.c` statement by statement and clap is not used. Arguments are handled
//! as bytes (argv on Unix is not always UTF-8, and the reference works on bytes).
//!
//! Three options are mpyc's own, all rejected by the reference with the usage text: `--dump` (see
//! `mpyc::dump`), `--rich-errors` (see `mpyc::diagnostic`) and `--batch` (see `mpyc::batch`), which allows several inputs (files or
//! directories, `-o` naming the output directory) and `-j N` threads. An argv without `--batch`
//! as an option is parsed exactly as the reference parses it. Known, deliberate differences (see also `main.rs`): `-X heapsize=` is parsed (it shows up in the
//! usage text exactly as the reference prints it) but does not limit anything, because `mpyc`
//! has no fixed-size GC heap; the reference crashes or reports `MemoryError` for tiny heaps.

use mpy_format::arch::{self, Arch};
use mpy_format::mpy::{EmitKind, Flavour};

/// What the command line asks for, after both passes over argv.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Command {
    /// `--version`: print [`version_text`] to stdout, exit 0.
    Version(Flavour),
    /// Print the usage text (with this `-X heapsize=` value) to stdout, exit 1.
    Usage { heap_size: i64, flavour: Flavour },
    /// Print this driver message and a newline to stderr, exit 1.
    Fail(&'static str),
    /// Compile one file.
    Compile(Settings),
    /// `--batch`: compile these inputs (settings.input is empty) on `jobs` threads (0: all cores).
    Batch {
        settings: Settings,
        inputs: Vec<Vec<u8>>,
        jobs: usize,
    },
}

/// Everything a compile needs from the command line, still as raw argv bytes where the
/// reference keeps bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// The input path with `\` turned into `/`; `-` means stdin.
    pub input: Vec<u8>,
    /// `-o`, verbatim (no `\` conversion); `-` means stdout.
    pub output: Option<Vec<u8>>,
    /// `-s`, with `\` turned into `/`.
    pub source_name: Option<Vec<u8>>,
    /// `-O` level. The reference keeps a machine word; only 0, 1-2 and >= 3 differ, so it
    /// saturates at 255.
    pub opt_level: u8,
    /// `-msmall-int-bits=` (the reference stores it in a `uint8_t`, so it wraps modulo 256).
    pub small_int_bits: u8,
    /// `-march=`, `None` when not given.
    pub arch: Option<Arch>,
    /// `-march-flags=` after validation: the RV32 extension bits (0 when not given).
    pub arch_flags: u8,
    /// `-X emit=` (never [`EmitKind::Asm`]).
    pub emit: EmitKind,
    /// `-X source-lines` / `-X no-source-lines`.
    pub source_lines: bool,
    /// `--dump` (mpyc only, see `mpyc::dump`): print the disassembly instead of writing a .mpy.
    pub dump: bool,
    /// `--rich-errors` (mpyc only, see `mpyc::diagnostic`): after a compile error's traceback,
    /// show the source line, a caret and a hint.
    pub rich_errors: bool,
    /// `--flavour=` (mpyc only) or `MPYC_FLAVOUR`: whose mpy-cross to be.
    pub flavour: Flavour,
}

/// What `--version` prints: exactly the reference's banner, so that tools which parse it (or
/// compare it) keep working with `mpyc` in place of `mpy-cross`.
pub(crate) const VERSION: &str = "MicroPython v1.29.0 on 2026-08-29; mpy-cross emitting mpy v6.3\n";

/// `--version` of CircuitPython's mpy-cross (`CircuitPython <git tag> on <build date>; ...`),
/// for the release whose output `--flavour=circuitpython` reproduces: 10.2.1, tagged 2026-05-12.
pub(crate) const VERSION_CIRCUITPYTHON: &str =
    "CircuitPython 10.2.1 on 2026-05-12; mpy-cross emitting mpy v6.3\n";

/// The `--version` text of `flavour`.
pub(crate) fn version_text(flavour: Flavour) -> &'static str {
    match flavour {
        Flavour::MicroPython => VERSION,
        Flavour::CircuitPython => VERSION_CIRCUITPYTHON,
    }
}

/// The environment variable that selects the flavour for tools that run a plain `mpy-cross`
/// command line (CircuitPython's build scripts); `--flavour=` overrides it.
pub(crate) const FLAVOUR_ENV: &str = "MPYC_FLAVOUR";

/// A flavour's name, as `--flavour=` and [`FLAVOUR_ENV`] spell it.
pub(crate) fn flavour_named(name: &[u8]) -> Option<Flavour> {
    match name {
        b"micropython" => Some(Flavour::MicroPython),
        b"circuitpython" => Some(Flavour::CircuitPython),
        _ => None,
    }
}

/// Default GC heap size of the reference on a 64-bit host: 1 MiB * (8 / 4).
const DEFAULT_HEAP_SIZE: i64 = 2 * 1024 * 1024;

/// Bytes per object word on the reference's 64-bit host (`MP_BYTES_PER_OBJ_WORD`), used by the
/// `w` suffix of `-X heapsize=`.
const HOST_WORD_BYTES: i64 = 8;

/// Parse the arguments after argv\[0\], exactly as `mpy-cross` 1.29 does, unless `--batch` is
/// one of the options.
#[cfg(test)]
pub(crate) fn parse(args: &[Vec<u8>]) -> Command {
    parse_flavoured(args, Flavour::MicroPython)
}

/// [`parse`] with `default` as the flavour when no `--flavour=` is given (the value of
/// [`FLAVOUR_ENV`]). `--flavour=NAME` is looked for before any other option, up to a `--`,
/// so that it also decides the `--version` and usage texts; an unknown NAME gets the usage.
/// The CircuitPython flavour parses as CircuitPython's mpy-cross 10.2.1 does: without
/// `-X source-lines` / `-X no-source-lines`, with its own `-march-flags` grammar.
pub(crate) fn parse_flavoured(args: &[Vec<u8>], default: Flavour) -> Command {
    let mut flavour = default;
    for arg in args.iter().take_while(|a| a.as_slice() != b"--") {
        if let Some(name) = arg.strip_prefix(b"--flavour=") {
            match flavour_named(name) {
                Some(f) => flavour = f,
                None => {
                    return Command::Usage {
                        heap_size: DEFAULT_HEAP_SIZE,
                        flavour,
                    }
                }
            }
        }
    }
    if args.iter().any(|a| a.as_slice() == b"--batch") {
        if let batch @ Command::Batch { .. } = parse_args(args, true, flavour) {
            return batch;
        }
        // `--batch` was only an option's value or a file name: the reference's grammar applies.
    }
    parse_args(args, false, flavour)
}

/// [`parse`], with `--batch` and `-j` recognised when `allow_batch`.
fn parse_args(args: &[Vec<u8>], allow_batch: bool, flavour: Flavour) -> Command {
    let circuitpython = flavour == Flavour::CircuitPython;
    // Pass 1 (`pre_process_options`): every argument equal to `-X` takes the next one as an
    // implementation option, wherever it is.
    let mut emit = EmitKind::Bytecode;
    let mut source_lines = true;
    let mut heap_size = DEFAULT_HEAP_SIZE;
    let mut a = 0;
    while a < args.len() {
        if args.get(a).is_some_and(|arg| arg.as_slice() == b"-X") {
            let Some(opt) = args.get(a + 1) else {
                return Command::Usage { heap_size, flavour };
            };
            match opt.as_slice() {
                b"emit=bytecode" => emit = EmitKind::Bytecode,
                b"emit=native" => emit = EmitKind::Native,
                b"emit=viper" => emit = EmitKind::Viper,
                // CircuitPython's mpy-cross has no source-lines options.
                b"source-lines" if !circuitpython => source_lines = true,
                b"no-source-lines" if !circuitpython => source_lines = false,
                other => match other.strip_prefix(b"heapsize=") {
                    Some(size) => heap_size = parse_heap_size(size),
                    None => return Command::Usage { heap_size, flavour },
                },
            }
            a += 1;
        }
        a += 1;
    }

    // Pass 2: the main options, left to right.
    let usage = Command::Usage { heap_size, flavour };
    let mut settings = Settings {
        input: Vec::new(),
        output: None,
        source_name: None,
        opt_level: 0,
        small_int_bits: 31,
        arch: None,
        arch_flags: 0,
        emit,
        source_lines,
        dump: false,
        rich_errors: false,
        flavour,
    };
    let mut input: Option<Vec<u8>> = None;
    let (mut batch, mut more_inputs, mut jobs) = (false, Vec::new(), 0);
    let mut arch_flags: Option<&[u8]> = None;
    let mut options_active = true;
    let mut a = 0;
    while let Some(arg) = args.get(a) {
        let arg = arg.as_slice();
        // A lone `-` is not an option: it is the stdin file name.
        if options_active && arg.len() >= 2 && arg.starts_with(b"-") {
            if arg == b"-X" {
                a += 1; // validated by pass 1
            } else if arg == b"--version" {
                return Command::Version(flavour);
            } else if arg == b"-v" {
                // Accepted and ignored, as in the reference.
            } else if arg == b"--dump" {
                // mpyc's own option; the reference would print the usage.
                settings.dump = true;
            } else if arg == b"--rich-errors" {
                // mpyc's own option, as `--dump`.
                settings.rich_errors = true;
            } else if arg.starts_with(b"--flavour=") {
                // mpyc's own option, already applied before this pass.
            } else if allow_batch && arg == b"--batch" {
                batch = true;
            } else if allow_batch && arg == b"-j" {
                a += 1;
                match args
                    .get(a)
                    .and_then(|n| std::str::from_utf8(n).ok()?.parse().ok())
                {
                    Some(n) => jobs = n,
                    None => return usage,
                }
            } else if let Some(rest) = arg.strip_prefix(b"-O") {
                settings.opt_level = parse_opt_level(rest);
            } else if arg == b"-o" {
                a += 1;
                let Some(out) = args.get(a) else {
                    return usage;
                };
                settings.output = Some(out.clone());
            } else if arg == b"-s" {
                a += 1;
                let Some(name) = args.get(a) else {
                    return usage;
                };
                settings.source_name = Some(backslash_to_slash(name));
            } else if let Some(value) = arg.strip_prefix(b"-msmall-int-bits=") {
                let (n, end) = c_strtol(value);
                if end != value.len() {
                    return usage;
                }
                // C's conversion of `long` to `uint8_t`: keep the low byte.
                settings.small_int_bits = n.to_le_bytes()[0];
            } else if let Some(name) = arg.strip_prefix(b"-march=") {
                if name == b"host" {
                    match Arch::host() {
                        Some(arch) => settings.arch = Some(arch),
                        None => {
                            return Command::Fail(
                                "unable to determine host architecture for -march=host",
                            )
                        }
                    }
                } else {
                    match Arch::from_name(name) {
                        Some(arch) => settings.arch = Some(arch),
                        None => return usage,
                    }
                }
            } else if let Some(flags) = arg.strip_prefix(b"-march-flags=") {
                arch_flags = Some(flags);
            } else if arg == b"--" {
                options_active = false;
            } else {
                return usage;
            }
        } else if input.is_some() && allow_batch {
            more_inputs.push(backslash_to_slash(arg));
        } else {
            if input.is_some() {
                return Command::Fail("multiple input files");
            }
            input = Some(backslash_to_slash(arg));
        }
        a += 1;
    }

    // Flags are only looked at once an arch is known; without `-march` they are ignored.
    if let (Some(flags), Some(arch)) = (arch_flags, settings.arch) {
        let parsed = if circuitpython {
            parse_arch_flags_circuitpython(arch, flags)
        } else {
            parse_arch_flags(arch, flags)
        };
        match parsed {
            Some(bits) => settings.arch_flags = bits,
            None => return Command::Fail("unrecognised arch flags"),
        }
    }
    if settings.emit.is_machine_code() && settings.arch.is_none() {
        return Command::Fail("arch not specified");
    }
    if batch {
        let inputs = input.into_iter().chain(more_inputs).collect();
        return Command::Batch {
            settings,
            inputs,
            jobs,
        };
    }
    if !more_inputs.is_empty() {
        return Command::Fail("multiple input files");
    }
    match input {
        Some(input) => {
            settings.input = input;
            Command::Compile(settings)
        }
        None => Command::Fail("no input file"),
    }
}

/// The usage text, byte for byte as `mpy-cross` prints it (`argv0` as invoked), or
/// CircuitPython's mpy-cross, whose `-march-flags` lines differ and which has no source-lines
/// options.
pub(crate) fn usage_text(argv0: &[u8], heap_size: i64, flavour: Flavour) -> Vec<u8> {
    let circuitpython = flavour == Flavour::CircuitPython;
    let mut out = b"usage: ".to_vec();
    out.extend_from_slice(argv0);
    out.extend_from_slice(
        b" [<opts>] [-X <implopt>] [--] <input filename>\n\
Options:\n\
--version : show version information\n\
-o : output file for compiled bytecode (defaults to input filename with .mpy extension, or stdout if input is stdin)\n\
-s : source filename to embed in the compiled bytecode (defaults to input file)\n\
-v : verbose (trace various operations); can be multiple\n\
-O[N] : apply bytecode optimizations of level N\n\
\n\
Target specific options:\n\
-msmall-int-bits=number : set the maximum bits used to encode a small-int\n\
-march=<arch> : set architecture for native emitter;\n\
\x20               x86, x64, armv6, armv6m, armv7m, armv7em, armv7emsp,\n\
\x20               armv7emdp, xtensa, xtensawin, rv32imc, rv64imc, host, debug\n\
",
    );
    out.extend_from_slice(if circuitpython {
        b"-march-flags=<flags> : set architecture-specific flags (can be either a dec/hex/bin value or a string)\n\
\x20                      supported flags for rv32imc: zba\n"
    } else {
        b"-march-flags=<flags> : set architecture-specific flags (can be either a dec/hex/bin value or a comma-separated flags string)\n\
\x20                      supported flags for rv32imc: zba, zcmp\n"
    });
    out.extend_from_slice(
        b"\n\
Implementation specific options:\n\
\x20 emit={bytecode,native,viper} -- set the default code emitter\n",
    );
    out.extend_from_slice(
        format!("  heapsize=<n> -- set the heap size for the GC (default {heap_size})\n")
            .as_bytes(),
    );
    if !circuitpython {
        out.extend_from_slice(
            b"  source-lines    -- include source line numbers (default)\n\
\x20 no-source-lines -- exclude source line numbers\n",
        );
    }
    out
}

/// The default output path: the (converted) input path minus its last two bytes, plus `mpy`
/// (`foo.py` → `foo.mpy`, `bar.txt` → `bar.tmpy`, `p` → `mpy`), as `vstr_cut_tail_bytes`.
pub(crate) fn default_output(input: &[u8]) -> Vec<u8> {
    let keep = input.len().saturating_sub(2);
    let mut out = input.get(..keep).unwrap_or_default().to_vec();
    out.extend_from_slice(b"mpy");
    out
}

/// `backslash_to_forwardslash`.
fn backslash_to_slash(path: &[u8]) -> Vec<u8> {
    path.iter()
        .map(|&b| if b == b'\\' { b'/' } else { b })
        .collect()
}

/// `-O` followed by `rest`: a leading digit is the level, else the level is the number of `O`s
/// of the whole option (`-O` → 1, `-OOx` → 2).
fn parse_opt_level(rest: &[u8]) -> u8 {
    match rest.first() {
        Some(&d) if d.is_ascii_digit() => d & 0xf,
        _ => {
            let count = 1 + rest.iter().take_while(|&&c| c == b'O').count();
            u8::try_from(count).unwrap_or(u8::MAX)
        }
    }
}

/// `-X heapsize=<n>[w][k|m]`: strtol base 0, then `w` scales by word size / 4 and `k`/`m` by
/// 1024 / 1048576, with the reference's wrapping `long` arithmetic. Anything after is ignored.
fn parse_heap_size(value: &[u8]) -> i64 {
    let (mut size, end) = c_strtol(value);
    let mut rest = value.get(end..).unwrap_or_default();
    let mut word_adjust = false;
    if rest.first().is_some_and(|&c| c | 0x20 == b'w') {
        word_adjust = true;
        rest = rest.get(1..).unwrap_or_default();
    }
    match rest.first().map(|&c| c | 0x20) {
        Some(b'k') => size = size.wrapping_mul(1024),
        Some(b'm') => size = size.wrapping_mul(1024 * 1024),
        _ => {}
    }
    if word_adjust {
        size = size.wrapping_mul(HOST_WORD_BYTES) / 4;
    }
    size
}

/// `-march-flags=` for `arch`: `Some(bits)` when accepted (only rv32imc has flags), as the
/// reference's `parse_integer(..) || parse_rv32_flags_string(..)` followed by the known-bits test.
fn parse_arch_flags(arch: Arch, flags: &[u8]) -> Option<u8> {
    if arch != Arch::Rv32imc {
        return None;
    }
    let raw = parse_integer(flags).or_else(|| parse_rv32_flags_string(flags))?;
    if raw & !arch.known_flags() != 0 {
        return None;
    }
    u8::try_from(raw).ok()
}

/// `-march-flags=` for `arch` as CircuitPython's mpy-cross reads it: rv32imc only; an integer
/// (decimal, or `0b`/`0x` with at least one more character; another leading `0` is refused)
/// read by `mp_parse_num_integer` (blanks around, a sign, `_` between digits) that must be a
/// small int of known bits (only Zba's); or else any text *starting* with `zba`.
fn parse_arch_flags_circuitpython(arch: Arch, flags: &[u8]) -> Option<u8> {
    if arch != Arch::Rv32imc {
        return None;
    }
    let base = match flags {
        [b'0', p, _, ..] if p | 0x20 == b'b' => 2,
        [b'0', p, _, ..] if p | 0x20 == b'x' => 16,
        [b'0', _, _, ..] => return None,
        _ => 10,
    };
    match parse_num_integer(flags, base) {
        // A negative small int, seen as a machine word, has high bits set.
        // Its RV32 backend knows only Zba (no Zcmp).
        Some(n) if (0..=i128::from(arch::RV32_FLAG_ZBA)).contains(&n) => u8::try_from(n).ok(),
        Some(_) => None,
        None => flags
            .starts_with(b"zba")
            .then_some(arch::RV32_FLAG_ZBA as u8),
    }
}

/// `mp_parse_num_integer` for mpy-cross's 64-bit small ints: `None` where it raises (no digits,
/// junk after the number) or the value is not a small int (beyond 62 bits plus sign).
fn parse_num_integer(s: &[u8], base: u32) -> Option<i128> {
    let mut rest = s.trim_ascii_start();
    let negative = rest.first() == Some(&b'-');
    if matches!(rest.first(), Some(b'-' | b'+')) {
        rest = rest.get(1..)?;
    }
    if rest.len() >= 2 && rest.first() == Some(&b'0') {
        let p = rest.get(1).map_or(0, |c| c | 0x20);
        if (base == 16 && p == b'x') || (base == 2 && p == b'b') {
            rest = rest.get(2..)?;
        }
    }
    let mut value: i128 = 0;
    let mut digits = 0;
    let mut used = 0;
    for &c in rest {
        if c == b'_' {
            used += 1;
            continue;
        }
        match digit_value(c).filter(|&d| d < base) {
            Some(d) => value = value.checked_mul(i128::from(base))? + i128::from(d),
            None => break,
        }
        if value >= 1 << 62 {
            return None;
        }
        digits += 1;
        used += 1;
    }
    if digits == 0 || !rest.get(used..)?.trim_ascii().is_empty() {
        return None;
    }
    Some(if negative { -value } else { value })
}

/// `parse_integer` of main.c: MicroPython's base prefix (`0x`, `0o`, `0b`; another leading `0`
/// is rejected), then strtoul over the rest, which must be used up entirely.
fn parse_integer(value: &[u8]) -> Option<u64> {
    let (base, skip) = num_base(value);
    let digits = value.get(skip..)?;
    if base < 2 || digits.is_empty() || digits.first() == Some(&b'+') {
        return None;
    }
    let (n, end) = c_strtoul(digits, base)?;
    (end == digits.len()).then_some(n)
}

/// `mp_parse_num_base` with base 0: `(base, prefix length)`; base 1 marks a number with a
/// leading `0` and no prefix letter.
fn num_base(s: &[u8]) -> (u32, usize) {
    if s.len() <= 1 || s.first() != Some(&b'0') {
        return (10, 0);
    }
    match s.get(1).map(|&c| c | 0x20) {
        Some(b'x') => (16, 2),
        Some(b'o') => (8, 2),
        Some(b'b') => (2, 2),
        _ => (1, 0),
    }
}

/// `parse_rv32_flags_string`: comma-separated `zba` / `zcmp`; an empty item is an error and a
/// trailing comma is not; the result must be non-zero.
fn parse_rv32_flags_string(s: &[u8]) -> Option<u64> {
    let mut bits = 0;
    let mut rest = s;
    while !rest.is_empty() {
        let (item, tail) = match rest.iter().position(|&c| c == b',') {
            Some(i) => (rest.get(..i)?, rest.get(i + 1..)?),
            None => (rest, &[][..]),
        };
        bits |= match item {
            b"zba" => arch::RV32_FLAG_ZBA,
            b"zcmp" => arch::RV32_FLAG_ZCMP,
            _ => return None,
        };
        rest = tail;
    }
    (bits != 0).then_some(bits)
}

/// C `isspace` in the C locale.
fn is_c_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r')
}

/// Value of an ASCII digit or letter in bases up to 36.
fn digit_value(c: u8) -> Option<u32> {
    char::from(c).to_digit(36)
}

/// glibc's scan shared by strtol and strtoul: `(negative, magnitude, overflowed, end)` where
/// `end` is the index just after the number (0 when there is none: then even leading blanks
/// count as unparsed). `base` is 0 (auto: `0x` → 16, `0` → 8, else 10) or 2..=36. The `0x`
/// prefix is also skipped in base 16; `0x` without hex digits parses as `0` ending at the `x`.
fn c_scan(s: &[u8], base: u32) -> (bool, u64, bool, usize) {
    let mut i = s.iter().take_while(|&&c| is_c_space(c)).count();
    let mut negative = false;
    match s.get(i) {
        Some(b'-') => {
            negative = true;
            i += 1;
        }
        Some(b'+') => i += 1,
        _ => {}
    }
    let mut base = base;
    if s.get(i) == Some(&b'0') {
        let x = s.get(i + 1).is_some_and(|&c| c | 0x20 == b'x');
        if (base == 0 || base == 16) && x {
            // Only a prefix if a hex digit follows; otherwise the number is the `0`.
            if s.get(i + 2)
                .and_then(|&c| digit_value(c))
                .is_some_and(|d| d < 16)
            {
                i += 2;
                base = 16;
            } else {
                return (negative, 0, false, i + 1);
            }
        } else if base == 0 {
            base = 8;
        }
    }
    if base == 0 {
        base = 10;
    }
    let start = i;
    let mut value: u64 = 0;
    let mut overflow = false;
    while let Some(d) = s.get(i).and_then(|&c| digit_value(c)).filter(|&d| d < base) {
        match value
            .checked_mul(u64::from(base))
            .and_then(|v| v.checked_add(u64::from(d)))
        {
            Some(v) => value = v,
            None => overflow = true,
        }
        i += 1;
    }
    if i == start {
        return (false, 0, false, 0);
    }
    (negative, value, overflow, i)
}

/// glibc `strtol(s, &end, 0)` on a 64-bit `long`: `(value, end index)`, clamped to
/// `i64::MIN..=i64::MAX` on overflow.
pub(crate) fn c_strtol(s: &[u8]) -> (i64, usize) {
    let (negative, magnitude, overflow, end) = c_scan(s, 0);
    let value = if negative {
        if overflow || magnitude > i64::MIN.unsigned_abs() {
            i64::MIN
        } else {
            0i64.wrapping_sub_unsigned(magnitude)
        }
    } else if overflow {
        i64::MAX
    } else {
        i64::try_from(magnitude).unwrap_or(i64::MAX)
    };
    (value, end)
}

/// glibc `strtoul(s, &end, base)` on a 64-bit `unsigned long`: `Some((value, end))`, `None` for
/// `ERANGE`. A `-` sign negates modulo 2^64, as in C.
fn c_strtoul(s: &[u8], base: u32) -> Option<(u64, usize)> {
    let (negative, magnitude, overflow, end) = c_scan(s, base);
    if overflow {
        return None;
    }
    let value = if negative {
        magnitude.wrapping_neg()
    } else {
        magnitude
    };
    Some((value, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<Vec<u8>> {
        list.iter().map(|s| s.as_bytes().to_vec()).collect()
    }

    fn settings(list: &[&str]) -> Settings {
        match parse(&args(list)) {
            Command::Compile(s) => s,
            other => panic!("{list:?} gave {other:?}"),
        }
    }

    #[test]
    fn opt_levels() {
        for (opt, level) in [
            ("-O", 1),
            ("-OO", 2),
            ("-OOOx", 3),
            ("-Ox", 1),
            ("-O-", 1),
            ("-O12", 1),
            ("-O31", 3),
            ("-O0", 0),
            ("-O9", 9),
        ] {
            assert_eq!(settings(&[opt, "a.py"]).opt_level, level, "{opt}");
        }
        let many = format!("-{}", "O".repeat(400));
        assert_eq!(settings(&[&many, "a.py"]).opt_level, 255);
        assert_eq!(settings(&["-O3", "-O1", "a.py"]).opt_level, 1);
    }

    #[test]
    fn strtol_like_glibc() {
        for (s, v, end) in [
            ("", 0, 0),
            ("16", 16, 2),
            ("0x10", 16, 4),
            ("0X1f", 31, 4),
            ("010", 8, 3),
            ("0b11", 0, 1),
            ("0x", 0, 1),
            ("0xg", 0, 1),
            (" 12", 12, 3),
            ("  ", 0, 0),
            ("-5", -5, 2),
            ("+7q", 7, 2),
            ("08", 0, 1),
            ("99999999999999999999999", i64::MAX, 23),
            ("-99999999999999999999999", i64::MIN, 24),
            ("-9223372036854775808", i64::MIN, 20),
        ] {
            assert_eq!(c_strtol(s.as_bytes()), (v, end), "{s:?}");
        }
    }

    #[test]
    fn heap_sizes() {
        for (s, v) in [
            ("5", 5),
            ("99999999999999999999999", i64::MAX),
            ("-3m", -3_145_728),
            ("1w", 2),
            ("0x10wk", 32768),
            ("4611686018427387904k", 0),
            ("12q", 12),
            ("1K", 1024),
        ] {
            assert_eq!(parse_heap_size(s.as_bytes()), v, "{s:?}");
        }
    }

    #[test]
    fn arch_flags() {
        for (s, v) in [
            ("0", Some(0)),
            ("00", None),
            ("1", Some(1)),
            ("3", Some(3)),
            ("0x1", Some(1)),
            ("-1", None),
            ("-0", Some(0)),
            (" 1", Some(1)),
            ("0x0x1", Some(1)),
            ("zba", Some(1)),
            ("zcmp", Some(2)),
            ("zba,zcmp", Some(3)),
            ("zba,", Some(1)),
            (",zba", None),
            ("", None),
            ("4", None),
            ("0b11", Some(3)),
            ("0o3", Some(3)),
            ("0b100", None),
            ("99999999999999999999999", None),
            ("0x 1", Some(1)),
            ("+1", None),
            ("0x+1", None),
        ] {
            assert_eq!(parse_arch_flags(Arch::Rv32imc, s.as_bytes()), v, "{s:?}");
        }
        assert_eq!(parse_arch_flags(Arch::X64, b"zba"), None);
    }

    #[test]
    fn driver_order() {
        assert_eq!(
            parse(&args(&["--version", "-Z"])),
            Command::Version(Flavour::MicroPython)
        );
        let usage = Command::Usage {
            heap_size: DEFAULT_HEAP_SIZE,
            flavour: Flavour::MicroPython,
        };
        assert_eq!(parse(&args(&["-Z", "--version"])), usage);
        assert_eq!(parse(&args(&["--", "-X"])), usage);
        assert_eq!(
            parse(&args(&["-X", "heapsize=5", "-X", "bad"])),
            Command::Usage {
                heap_size: 5,
                flavour: Flavour::MicroPython
            }
        );
        assert_eq!(
            parse(&args(&["a", "b", "-Z"])),
            Command::Fail("multiple input files")
        );
        assert_eq!(parse(&args(&["a", "-Z", "b"])), usage);
        assert_eq!(
            parse(&args(&["-X", "emit=viper"])),
            Command::Fail("arch not specified")
        );
        assert_eq!(parse(&args(&[])), Command::Fail("no input file"));
        assert_eq!(
            parse(&args(&["-march=x64", "-march-flags=zba", "a"])),
            Command::Fail("unrecognised arch flags")
        );
        assert_eq!(settings(&["-march-flags=zzz", "a"]).arch_flags, 0);
        assert_eq!(settings(&["--", "-"]).input, b"-");
        assert_eq!(settings(&["-", "-o", "-"]).output, Some(b"-".to_vec()));
        let s = settings(&[
            "-s",
            "a\\b",
            "-o",
            "x\\y",
            "c\\d.py",
            "-msmall-int-bits=0x10",
        ]);
        assert_eq!(
            (s.source_name, s.output, s.input, s.small_int_bits),
            (
                Some(b"a/b".to_vec()),
                Some(b"x\\y".to_vec()),
                b"c/d.py".to_vec(),
                16
            )
        );
        assert_eq!(settings(&["-msmall-int-bits=", "a"]).small_int_bits, 0);
        assert!(settings(&["--dump", "a"]).dump && !settings(&["a"]).dump);
        assert_eq!(settings(&["--", "--dump"]).input, b"--dump");
        assert!(settings(&["--rich-errors", "a"]).rich_errors && !settings(&["a"]).rich_errors);
        assert_eq!(settings(&["--", "--rich-errors"]).input, b"--rich-errors");
        assert_eq!(settings(&["-msmall-int-bits=-1", "a"]).small_int_bits, 255);
        assert_eq!(parse(&args(&["-msmall-int-bits=0x", "a"])), usage);
    }

    #[test]
    fn circuitpython_grammar() {
        let cp = Flavour::CircuitPython;
        let usage = Command::Usage {
            heap_size: DEFAULT_HEAP_SIZE,
            flavour: cp,
        };
        assert_eq!(
            parse_flavoured(&args(&["--version"]), cp),
            Command::Version(cp)
        );
        assert_eq!(
            parse(&args(&["--flavour=circuitpython", "--version"])),
            Command::Version(cp)
        );
        assert_eq!(
            parse_flavoured(&args(&["--flavour=micropython", "--version"]), cp),
            Command::Version(Flavour::MicroPython)
        );
        assert_eq!(
            parse_flavoured(&args(&["-X", "no-source-lines", "a"]), cp),
            usage
        );
        assert_eq!(
            parse_flavoured(&args(&["-X", "source-lines", "a"]), cp),
            usage
        );
        let s = match parse(&args(&["--flavour=circuitpython", "a.py"])) {
            Command::Compile(s) => s,
            other => panic!("{other:?}"),
        };
        assert_eq!(s.flavour, cp);
        // After `--` it is a file name.
        assert_eq!(
            settings(&["--", "--flavour=circuitpython"]).flavour,
            Flavour::MicroPython
        );
        assert!(matches!(
            parse(&args(&["--flavour=x", "a.py"])),
            Command::Usage { .. }
        ));
        // Checked against CircuitPython 10.2.1's mpy-cross: accepted or "unrecognised".
        for (s, ok) in [
            ("0", true),
            ("3", false),
            ("4", false),
            ("0x1", true),
            ("0b11", false),
            ("00", true),
            ("01", true),
            (" 1", true),
            ("1 ", true),
            ("+1", true),
            ("-0", true),
            ("-1", false),
            ("1_0", false),
            ("0_1", false),
            ("zba", true),
            ("zbaxx", true),
            ("zcmp", false),
            ("zba,zcmp", true),
            ("", false),
            ("0x", false),
            ("0b", false),
            ("1x", false),
            ("0x3_", false),
            ("99999999999999999999", false),
            ("0X1", true),
            ("0B1", true),
        ] {
            let got = parse_arch_flags_circuitpython(Arch::Rv32imc, s.as_bytes()).is_some();
            assert_eq!(got, ok, "{s:?}");
        }
        assert_eq!(parse_arch_flags_circuitpython(Arch::X64, b"zba"), None);
    }

    #[test]
    fn batch_args() {
        let batch = |inputs: &[&str], jobs| match parse(
            &args(&["--batch", "-o", "d", "-j", jobs])
                .into_iter()
                .chain(args(inputs))
                .collect::<Vec<_>>(),
        ) {
            Command::Batch { inputs, jobs, .. } => (inputs, jobs),
            other => panic!("{other:?}"),
        };
        assert_eq!(batch(&["a", "b\\c"], "3"), (args(&["a", "b/c"]), 3));
        assert!(matches!(
            parse(&args(&["a", "b", "--batch", "-o", "d"])),
            Command::Batch { .. }
        ));
        // Without `--batch` as an option, the reference's grammar.
        let usage = Command::Usage {
            heap_size: DEFAULT_HEAP_SIZE,
            flavour: Flavour::MicroPython,
        };
        assert_eq!(
            parse(&args(&["-o", "--batch", "a", "b", "-Z"])),
            Command::Fail("multiple input files")
        );
        assert_eq!(
            settings(&["-o", "--batch", "a"]).output,
            Some(b"--batch".to_vec())
        );
        assert_eq!(settings(&["--", "--batch"]).input, b"--batch");
        assert_eq!(parse(&args(&["-j", "2", "a"])), usage);
        assert_eq!(parse(&args(&["--batch", "-j", "x", "a"])), usage);
    }

    #[test]
    fn output_names() {
        for (input, out) in [
            ("foo.py", "foo.mpy"),
            ("foo.PY", "foo.mpy"),
            ("bar.txt", "bar.tmpy"),
            ("foo", "fmpy"),
            ("p", "mpy"),
            ("", "mpy"),
            ("sub/q.py", "sub/q.mpy"),
        ] {
            assert_eq!(default_output(input.as_bytes()), out.as_bytes(), "{input}");
        }
    }
}
