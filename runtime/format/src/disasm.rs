//! Bytecode instruction decoder and a deterministic text dump of a whole .mpy file, in the
//! spirit of py/showbc.c (`mp_bytecode_print`) and tools/mpy-tool.py's `-d`.
//!
//! The text is used by snapshot tests and for side-by-side diffs of mpyc's output against the
//! reference compiler's, so it is stable (same bytes in, same text out), has no file offsets in
//! the raw-code lines (a length change must not ripple through a diff), and reports malformed
//! input as `error: ...` lines instead of failing. Jump targets are absolute offsets from the
//! start of the opcodes, the numbering the line table uses.

use core::fmt::{self, Display, Formatter, Write};

use crate::arch;
use crate::mpy::{kind, scope_flag, tag, Flavour};
use crate::opcode::{self, binary, op, unary, Operand};
use crate::read::{Cursor, Mpy, Obj, Prelude, Qstr, RawCode, Result, MAX_DEPTH};

/// A jump operand: 1 byte (bit 7 clear) or 2 bytes `b0 b1` = `(b0 & 0x7f) | b1 << 7`, counted
/// from the end of the offset field; signed jumps subtract 0x40 or 0x4000.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Jump {
    /// Absolute target: offset of the end of the offset field plus `delta`.
    pub target: i64,
    /// The decoded relative offset.
    pub delta: i64,
    /// True for the 2-byte form.
    pub wide: bool,
}

/// A decoded operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// No operand.
    None,
    /// Qstr-table index.
    Qstr(u64),
    /// Unsigned operand (slot, count, packed call/unpack/comp word).
    Uint(u64),
    /// `LOAD_CONST_SMALL_INT` value.
    Sint(i64),
    /// Object-table index.
    Obj(u64),
    /// Child index (`MAKE_FUNCTION*`).
    Child(u64),
    /// Child index and number of closed-over cells (`MAKE_CLOSURE*`).
    ChildByte(u64, u8),
    /// A jump.
    Jump(Jump),
    /// `UNWIND_JUMP`: a jump and the unwind byte (depth, 0x80 = leaving a `for`).
    JumpByte(Jump, u8),
    /// `LOAD_CONST_SMALL_INT_MULTI` value (-16..=47).
    SmallInt(i8),
    /// `LOAD_FAST_MULTI` / `STORE_FAST_MULTI` slot (0..=15).
    Local(u8),
    /// `UNARY_OP_MULTI` operator number.
    UnaryOp(u8),
    /// `BINARY_OP_MULTI` operator number.
    BinaryOp(u8),
}

/// One decoded instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Insn<'a> {
    /// Offset from the start of the opcodes.
    pub offset: usize,
    /// The opcode byte.
    pub opcode: u8,
    /// The MP_BC name from the opcode table.
    pub name: &'static str,
    /// The operand.
    pub arg: Arg,
    /// All bytes of the instruction.
    pub bytes: &'a [u8],
}

impl Insn<'_> {
    /// The name showbc prints: `_MULTI` forms lose their suffix (`LOAD_FAST 3`).
    pub fn display_name(&self) -> &'static str {
        match self.arg {
            Arg::SmallInt(_) => "LOAD_CONST_SMALL_INT",
            Arg::Local(_) if self.opcode < opcode::STORE_FAST_MULTI => "LOAD_FAST",
            Arg::Local(_) => "STORE_FAST",
            Arg::UnaryOp(_) => "UNARY_OP",
            Arg::BinaryOp(_) => "BINARY_OP",
            _ => self.name,
        }
    }
}

fn read_jump(c: &mut Cursor<'_>, signed: bool) -> Result<Jump> {
    let b0 = c.byte()?;
    let (raw, bias, wide) = if b0 & 0x80 == 0 {
        (i64::from(b0), 0x40, false)
    } else {
        let b1 = c.byte()?;
        (i64::from(b0 & 0x7f) | (i64::from(b1) << 7), 0x4000, true)
    };
    let delta = if signed { raw - bias } else { raw };
    let end = i64::try_from(c.pos()).map_err(|_| "value too large")?;
    Ok(Jump {
        target: end + delta,
        delta,
        wide,
    })
}

/// Decode the instruction at `offset` of `opcodes`.
pub fn decode(opcodes: &[u8], offset: usize) -> Result<Insn<'_>> {
    let mut c = Cursor::new(opcodes, offset);
    let opcode = c.byte()?;
    let (name, operand, _) = opcode::info(opcode).ok_or("invalid opcode")?;
    let arg = match operand {
        Operand::None => match opcode {
            0x70..=0xaf => Arg::SmallInt((i16::from(opcode) - 0x80) as i8),
            0xb0..=0xcf => Arg::Local(opcode & 0x0f),
            0xd0..=0xd6 => Arg::UnaryOp(opcode - opcode::UNARY_OP_MULTI),
            0xd7..=0xff => Arg::BinaryOp(opcode - opcode::BINARY_OP_MULTI),
            _ => Arg::None,
        },
        Operand::Qstr => Arg::Qstr(c.vuint()?),
        Operand::Uint => Arg::Uint(c.vuint()?),
        Operand::Sint => Arg::Sint(c.svuint()?),
        Operand::Obj => Arg::Obj(c.vuint()?),
        Operand::Child => Arg::Child(c.vuint()?),
        Operand::ChildByte => {
            let child = c.vuint()?;
            Arg::ChildByte(child, c.byte()?)
        }
        Operand::SignedJump => Arg::Jump(read_jump(&mut c, true)?),
        Operand::SignedJumpByte => {
            let j = read_jump(&mut c, true)?;
            Arg::JumpByte(j, c.byte()?)
        }
        Operand::UnsignedJump => Arg::Jump(read_jump(&mut c, false)?),
    };
    let bytes = opcodes
        .get(offset..c.pos())
        .ok_or("unexpected end of data")?;
    Ok(Insn {
        offset,
        opcode,
        name,
        arg,
        bytes,
    })
}

/// Iterator over the instructions of an opcode stream; it ends after the first error.
#[derive(Clone, Debug)]
pub struct Insns<'a> {
    opcodes: &'a [u8],
    pos: usize,
}

/// The instructions of `opcodes` (e.g. [`Prelude::opcodes`]).
pub fn insns(opcodes: &[u8]) -> Insns<'_> {
    Insns { opcodes, pos: 0 }
}

impl<'a> Iterator for Insns<'a> {
    type Item = Result<Insn<'a>>;

    fn next(&mut self) -> Option<Result<Insn<'a>>> {
        if self.pos >= self.opcodes.len() {
            return None;
        }
        let r = decode(self.opcodes, self.pos);
        match &r {
            Ok(i) => self.pos += i.bytes.len(),
            Err(_) => self.pos = self.opcodes.len(),
        }
        Some(r)
    }
}

/// Counts from [`validate`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Raw codes in the tree.
    pub raw_codes: usize,
    /// Bytecode instructions over all raw codes.
    pub insns: usize,
}

/// Check a whole file: structure, preludes, every instruction, and that every qstr, object and
/// child index is in range and every jump lands inside the opcodes.
pub fn validate(data: &[u8]) -> Result<Stats> {
    let mpy = Mpy::parse(data)?;
    mpy.check_structure()?;
    let mut stats = Stats::default();
    validate_rc(&mpy, &mpy.root()?, &mut stats)?;
    Ok(stats)
}

fn validate_rc(mpy: &Mpy<'_>, rc: &RawCode<'_>, stats: &mut Stats) -> Result<()> {
    stats.raw_codes += 1;
    if rc.kind == kind::BYTECODE || rc.kind == kind::NATIVE {
        let p = rc.prelude()?;
        mpy.qstr(p.simple_name)?;
        for a in p.arg_names() {
            mpy.qstr(a)?;
        }
        if rc.kind == kind::BYTECODE {
            let len = i64::try_from(p.opcodes.len()).map_err(|_| "value too large")?;
            for i in insns(p.opcodes) {
                let i = i?;
                stats.insns += 1;
                match i.arg {
                    Arg::Qstr(q) => mpy.qstr(q).map(drop)?,
                    Arg::Obj(o) => mpy.object(o).map(drop)?,
                    Arg::Child(n) | Arg::ChildByte(n, _) if n >= rc.n_children as u64 => {
                        return Err("child index out of range")
                    }
                    Arg::Jump(j) | Arg::JumpByte(j, _) if !(0..=len).contains(&j.target) => {
                        return Err("jump target outside the code")
                    }
                    _ => {}
                }
            }
        }
    }
    for child in rc.children() {
        validate_rc(mpy, &child?, stats)?;
    }
    Ok(())
}

/// A string's bytes as a Python repr: `'...'`, or `"..."` if that avoids escaping a quote.
/// Invalid UTF-8 and control characters are shown as `\xNN` / `\uNNNN` escapes.
pub struct StrRepr<'a>(pub &'a [u8]);

/// A bytes object as a Python repr: `b'...'`.
pub struct BytesRepr<'a>(pub &'a [u8]);

fn pick_quote(b: &[u8]) -> char {
    if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    }
}

fn write_escaped(f: &mut Formatter<'_>, c: char, quote: char) -> fmt::Result {
    match c {
        '\\' => f.write_str("\\\\"),
        '\n' => f.write_str("\\n"),
        '\r' => f.write_str("\\r"),
        '\t' => f.write_str("\\t"),
        c if c == quote => write!(f, "\\{c}"),
        c if c.is_control() && (c as u32) < 0x100 => write!(f, "\\x{:02x}", c as u32),
        c if c.is_control() => write!(f, "\\u{:04x}", c as u32),
        c => f.write_char(c),
    }
}

impl Display for StrRepr<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let q = pick_quote(self.0);
        f.write_char(q)?;
        for chunk in self.0.utf8_chunks() {
            for c in chunk.valid().chars() {
                write_escaped(f, c, q)?;
            }
            for b in chunk.invalid() {
                write!(f, "\\x{b:02x}")?;
            }
        }
        f.write_char(q)
    }
}

impl Display for BytesRepr<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let q = pick_quote(self.0);
        write!(f, "b{q}")?;
        for &b in self.0 {
            if b.is_ascii() && !b.is_ascii_control() || matches!(b, b'\n' | b'\r' | b'\t') {
                write_escaped(f, char::from(b), q)?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        f.write_char(q)
    }
}

/// Number text (int, float, complex) as stored; anything but printable ASCII is escaped.
struct NumText<'a>(&'a [u8]);

impl Display for NumText<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("<empty>");
        }
        for &b in self.0 {
            if b.is_ascii_graphic() {
                f.write_char(char::from(b))?;
            } else {
                write!(f, "\\x{b:02x}")?;
            }
        }
        Ok(())
    }
}

/// A constant object as Python-ish source: `'s'`, `b'x'`, `123`, `1.5`, `2j`, `(1, 'a')`.
pub struct ObjRepr<'a>(pub Obj<'a>);

impl Display for ObjRepr<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            Obj::FunTable => f.write_str("<mp_fun_table>"),
            Obj::None => f.write_str("None"),
            Obj::False => f.write_str("False"),
            Obj::True => f.write_str("True"),
            Obj::Ellipsis => f.write_str("Ellipsis"),
            Obj::Str(b) => StrRepr(b).fmt(f),
            Obj::Bytes(b) => BytesRepr(b).fmt(f),
            Obj::Int(t) | Obj::Float(t) | Obj::Complex(t) => NumText(t).fmt(f),
            Obj::Tuple(t) => {
                f.write_char('(')?;
                for (i, item) in t.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    ObjRepr(item).fmt(f)?;
                }
                if t.len() == 1 {
                    f.write_char(',')?;
                }
                f.write_char(')')
            }
        }
    }
}

/// The scope flags of a `flavour` file as `GENERATOR|VARARGS` (and CircuitPython's `ASYNC`),
/// `0` when none, unknown bits in hex.
struct Flags(u64, Flavour);

impl Display for Flags {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mut sep = "";
        let async_flag = (scope_flag::ASYNC, "ASYNC");
        let names = scope_flag::SIG_NAMES
            .into_iter()
            .chain((self.1 == Flavour::CircuitPython).then_some(async_flag));
        for (bit, name) in names {
            if self.0 & u64::from(bit) != 0 {
                write!(f, "{sep}{name}")?;
                sep = "|";
            }
        }
        let rest = self.0 & !u64::from(self.1.sig_flags());
        if rest != 0 {
            write!(f, "{sep}{rest:#x}")?;
        } else if sep.is_empty() {
            f.write_char('0')?;
        }
        Ok(())
    }
}

/// The text dump of a whole .mpy file (see the module doc).
pub struct Dump<'a>(pub &'a [u8]);

impl Display for Dump<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let mpy = match Mpy::parse(self.0) {
            Ok(m) => m,
            Err(e) => return writeln!(f, "error: {e}"),
        };
        dump_header(f, &mpy)?;
        let rc = match mpy.root() {
            Ok(rc) => rc,
            Err(e) => return writeln!(f, "error: {e}"),
        };
        dump_rc(f, &mpy, &rc)?;
        if let Ok(end) = rc.end() {
            if end != self.0.len() {
                writeln!(
                    f,
                    "error: {} trailing bytes after the module",
                    self.0.len() - end
                )?;
            }
        }
        Ok(())
    }
}

fn dump_header(f: &mut Formatter<'_>, mpy: &Mpy<'_>) -> fmt::Result {
    let h = &mpy.header;
    let arch_name = arch::code_name(h.arch).unwrap_or("?");
    write!(
        f,
        "mpy version={} sub_version={} arch={} small_int_bits={}",
        h.version, h.sub_version, arch_name, h.small_int_bits
    )?;
    if h.feature & crate::mpy::FLAG_RESERVED != 0 {
        f.write_str(" reserved_bit=1")?;
    }
    if h.flavour == Flavour::CircuitPython {
        f.write_str(" flavour=circuitpython")?;
    }
    if let Some(af) = h.arch_flags {
        write!(f, " arch_flags={af:#x}")?;
    }
    writeln!(f)?;
    writeln!(f, "qstrs: {}", mpy.n_qstr)?;
    for (i, q) in mpy.qstrs().enumerate() {
        match q {
            Qstr::Static(n) => writeln!(f, "  {i:>4} static #{n} {}", StrRepr(q.bytes()))?,
            Qstr::Inline(b) => writeln!(f, "  {i:>4} {}", StrRepr(b))?,
        }
    }
    writeln!(f, "objects: {}", mpy.n_obj)?;
    for (i, o) in mpy.objects().enumerate() {
        let name = tag::NAMES.get(usize::from(o.tag())).copied().unwrap_or("?");
        if o.tag() <= tag::ELLIPSIS {
            // Payload-free objects: the tag name says it all.
            writeln!(f, "  {i:>4} {name}")?;
        } else {
            writeln!(f, "  {i:>4} {name} {}", ObjRepr(o))?;
        }
    }
    Ok(())
}

/// Indentation for a raw code at `depth` (two spaces per level).
struct Indent(u32);

impl Display for Indent {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        for _ in 0..self.0.min(MAX_DEPTH + 1) {
            f.write_str("  ")?;
        }
        Ok(())
    }
}

/// A qstr operand: the string's repr, or an inline error.
struct QstrArg<'a, 'b>(&'b Mpy<'a>, u64);

impl Display for QstrArg<'_, '_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0.qstr(self.1) {
            Ok(q) => StrRepr(q.bytes()).fmt(f),
            Err(e) => write!(f, "{} <error: {e}>", self.1),
        }
    }
}

fn dump_rc(f: &mut Formatter<'_>, mpy: &Mpy<'_>, rc: &RawCode<'_>) -> fmt::Result {
    let ind = Indent(rc.depth);
    let kind_name = kind::NAMES
        .get(usize::from(rc.kind))
        .copied()
        .unwrap_or("?");
    writeln!(
        f,
        "{ind}raw_code {kind_name} len={} children={}",
        rc.code.len(),
        rc.n_children
    )?;
    if rc.has_children && rc.n_children == 0 {
        writeln!(f, "{ind}  has_children set with 0 children")?;
    }
    match rc.kind {
        kind::BYTECODE => match rc.prelude() {
            Ok(p) => {
                dump_prelude(f, mpy, rc, &p)?;
                dump_insns(f, mpy, rc, &p)?;
            }
            Err(e) => writeln!(f, "{ind}  error: {e}")?,
        },
        kind::NATIVE => {
            let po = rc.prelude_offset.unwrap_or(0);
            writeln!(f, "{ind}  prelude_offset={po}")?;
            match rc.prelude() {
                Ok(p) => {
                    dump_prelude(f, mpy, rc, &p)?;
                    dump_hex(
                        f,
                        rc.depth,
                        "machine code",
                        rc.code.get(..po).unwrap_or(&[]),
                    )?;
                    if !p.opcodes.is_empty() {
                        dump_hex(f, rc.depth, "after prelude", p.opcodes)?;
                    }
                }
                Err(e) => {
                    writeln!(f, "{ind}  error: {e}")?;
                    dump_hex(f, rc.depth, "code", rc.code)?;
                }
            }
        }
        _ => {
            let flags = rc.scope_flags.unwrap_or(0);
            write!(f, "{ind}  scope_flags={flags:#x}")?;
            if let (Some(n), Some(t)) = (rc.asm_n_pos_args, rc.asm_type_sig) {
                write!(f, " n_pos_args={n} type_sig={t:#x}")?;
            }
            if let Some(bss) = rc.bss_size {
                write!(f, " bss_size={bss}")?;
            }
            writeln!(f)?;
            dump_hex(f, rc.depth, "machine code", rc.code)?;
            if let Some(ro) = rc.rodata {
                dump_hex(f, rc.depth, "rodata", ro)?;
            }
        }
    }
    for child in rc.children() {
        match child {
            Ok(c) => dump_rc(f, mpy, &c)?,
            Err(e) => {
                writeln!(f, "{ind}  error: {e}")?;
                break;
            }
        }
    }
    match rc.relocs() {
        Ok(Some(r)) => dump_hex(f, rc.depth, "relocations", r)?,
        Ok(None) => {}
        // An error in a child was reported above; anything else is in the stream itself.
        Err(e) if rc.children().all(|c| c.is_ok()) => writeln!(f, "{ind}  error: {e}")?,
        Err(_) => {}
    }
    Ok(())
}

fn dump_prelude(
    f: &mut Formatter<'_>,
    mpy: &Mpy<'_>,
    rc: &RawCode<'_>,
    p: &Prelude<'_>,
) -> fmt::Result {
    let ind = Indent(rc.depth);
    let s = &p.sig;
    writeln!(
        f,
        "{ind}  n_state={} n_exc_stack={} scope_flags={} n_pos_args={} n_kwonly_args={} \
         n_def_pos_args={} n_info={} n_cell={}",
        s.n_state,
        s.n_exc_stack,
        Flags(u64::from(s.scope_flags), mpy.header.flavour),
        s.n_pos_args,
        s.n_kwonly_args,
        s.n_def_pos_args,
        p.n_info,
        p.n_cell
    )?;
    writeln!(f, "{ind}  name: {}", QstrArg(mpy, p.simple_name))?;
    write!(f, "{ind}  args:")?;
    for (n, a) in p.arg_names().enumerate() {
        if n > 0 && n % 8 == 0 {
            write!(f, "\n{ind}       ")?;
        }
        write!(f, " {}", QstrArg(mpy, a))?;
    }
    writeln!(f)?;
    if rc.kind == kind::BYTECODE || !p.line_info.is_empty() {
        write!(f, "{ind}  lines:")?;
        // Eight steps per line keeps long tables readable in side-by-side diffs.
        for (n, step) in p.line_steps().enumerate() {
            if n > 0 && n % 8 == 0 {
                write!(f, "\n{ind}        ")?;
            }
            write!(f, " bc={} line={}", step.bc, step.line)?;
        }
        writeln!(f)?;
    }
    write!(f, "{ind}  cells:")?;
    for c in p.cells {
        write!(f, " {c}")?;
    }
    writeln!(f)
}

fn dump_insns(
    f: &mut Formatter<'_>,
    mpy: &Mpy<'_>,
    rc: &RawCode<'_>,
    p: &Prelude<'_>,
) -> fmt::Result {
    let ind = Indent(rc.depth);
    for insn in insns(p.opcodes) {
        match insn {
            Ok(i) => {
                write!(f, "{ind}  {:>5}  {}", i.offset, i.display_name())?;
                dump_arg(f, mpy, &i)?;
                writeln!(f)?;
            }
            Err(e) => {
                writeln!(f, "{ind}  error: {e}")?;
                break;
            }
        }
    }
    Ok(())
}

fn dump_jump(f: &mut Formatter<'_>, j: Jump) -> fmt::Result {
    write!(f, " -> {}", j.target)?;
    if j.wide {
        f.write_str(" (2-byte)")?;
    }
    Ok(())
}

fn dump_arg(f: &mut Formatter<'_>, mpy: &Mpy<'_>, i: &Insn<'_>) -> fmt::Result {
    match i.arg {
        Arg::None => Ok(()),
        Arg::Qstr(q) => write!(f, " {}", QstrArg(mpy, q)),
        Arg::Uint(v) => match i.opcode {
            op::CALL_FUNCTION
            | op::CALL_FUNCTION_VAR_KW
            | op::CALL_METHOD
            | op::CALL_METHOD_VAR_KW => write!(f, " n_pos={} n_kw={}", v & 0xff, v >> 8),
            op::UNPACK_EX => write!(f, " left={} right={}", v & 0xff, v >> 8),
            op::STORE_COMP => {
                let k = ["list", "dict", "set", "kind=3"]
                    .get((v & 3) as usize)
                    .unwrap_or(&"?");
                write!(f, " {k} index={}", v >> 2)
            }
            _ => write!(f, " {v}"),
        },
        Arg::Sint(v) => write!(f, " {v}"),
        Arg::Obj(o) => match mpy.object(o) {
            Ok(obj) => write!(f, " {}", ObjRepr(obj)),
            Err(e) => write!(f, " {o} <error: {e}>"),
        },
        Arg::Child(c) => write!(f, " {c}"),
        Arg::ChildByte(c, n) => write!(f, " {c} n_closed={n}"),
        Arg::Jump(j) => dump_jump(f, j),
        Arg::JumpByte(j, b) => {
            dump_jump(f, j)?;
            write!(f, " unwind={}", b & 0x7f)?;
            if b & 0x80 != 0 {
                f.write_str(" for")?;
            }
            Ok(())
        }
        Arg::SmallInt(v) => write!(f, " {v}"),
        Arg::Local(n) => write!(f, " {n}"),
        Arg::UnaryOp(n) => {
            write!(
                f,
                " {n} {}",
                unary::NAMES.get(usize::from(n)).copied().unwrap_or("?")
            )
        }
        Arg::BinaryOp(n) => {
            write!(
                f,
                " {n} {}",
                binary::NAMES.get(usize::from(n)).copied().unwrap_or("?")
            )
        }
    }
}

/// Hex lines of 16 bytes: `label (N bytes):` then `  0000: 48 89 ...`.
fn dump_hex(f: &mut Formatter<'_>, depth: u32, label: &str, bytes: &[u8]) -> fmt::Result {
    let ind = Indent(depth);
    writeln!(f, "{ind}  {label} ({} bytes):", bytes.len())?;
    for (n, line) in bytes.chunks(16).enumerate() {
        write!(f, "{ind}    {:04x}:", n * 16)?;
        for b in line {
            write!(f, " {b:02x}")?;
        }
        writeln!(f)?;
    }
    Ok(())
}
