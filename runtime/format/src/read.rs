//! Zero-copy reader of .mpy v6.3 files: the counterpart of `mp_raw_code_load` and its helpers
//! in py/persistentcode.c, and of the prelude decoders in py/bc.h.
//!
//! ```text
//! header  n_qstr:vuint  n_obj:vuint  qstr[n_qstr]  obj[n_obj]  raw_code(module)
//! raw_code = kind_len:vuint  code[len]  <native extras>  [n_children:vuint  raw_code*]  [relocs]
//! ```
//! Nothing here allocates or panics: every read is bounds-checked and returns a short
//! `&'static str` error. The header and both tables are checked by [`Mpy::parse`]; raw codes are
//! parsed one at a time ([`RawCode`]), and walking past one needs its subtree, so hostile nesting
//! is cut off at [`MAX_DEPTH`] (tuples and raw codes alike).

use crate::mpy::{kind, scope_flag, tag, Flavour, Header};
use crate::prelude::{decode_size, Signature};
use crate::qstr;
use crate::varint::{read_svuint, read_vuint};

/// Errors are short fixed texts, as the loader's are.
pub type Result<T> = core::result::Result<T, &'static str>;

/// Deepest nesting of raw codes, or of tuples inside tuples, that the reader accepts.
pub const MAX_DEPTH: u32 = 64;

/// A bounds-checked position in a byte slice.
#[derive(Clone, Debug)]
pub struct Cursor<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    /// A cursor at `pos` in `data`.
    pub fn new(data: &'a [u8], pos: usize) -> Self {
        Cursor { data, pos }
    }

    /// The current position.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Move to `pos` (checked by the next read).
    pub fn seek(&mut self, pos: usize) {
        self.pos = pos;
    }

    /// True when no bytes are left.
    pub fn at_end(&self) -> bool {
        self.pos >= self.data.len()
    }

    /// The bytes from the current position to the end.
    pub fn rest(&self) -> &'a [u8] {
        self.data.get(self.pos..).unwrap_or(&[])
    }

    /// One byte.
    pub fn byte(&mut self) -> Result<u8> {
        let b = *self.data.get(self.pos).ok_or("unexpected end of data")?;
        self.pos += 1;
        Ok(b)
    }

    /// `n` bytes.
    pub fn bytes(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or("unexpected end of data")?;
        let b = self
            .data
            .get(self.pos..end)
            .ok_or("unexpected end of data")?;
        self.pos = end;
        Ok(b)
    }

    /// A vuint.
    pub fn vuint(&mut self) -> Result<u64> {
        let (v, n) = read_vuint(self.rest()).ok_or("bad or truncated vuint")?;
        self.pos += n;
        Ok(v)
    }

    /// A vuint used as a length, count or offset.
    pub fn vusize(&mut self) -> Result<usize> {
        usize::try_from(self.vuint()?).map_err(|_| "value too large")
    }

    /// A signed vuint (operand of `LOAD_CONST_SMALL_INT`).
    pub fn svuint(&mut self) -> Result<i64> {
        let (v, n) = read_svuint(self.rest()).ok_or("bad or truncated signed vuint")?;
        self.pos += n;
        Ok(v)
    }
}

/// One qstr-table entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Qstr<'a> {
    /// vuint `(n << 1) | 1`: static qstr number n (1..=[`qstr::LAST_STATIC`]).
    Static(u16),
    /// vuint `len << 1`, the bytes, a `00` terminator.
    Inline(&'a [u8]),
}

impl<'a> Qstr<'a> {
    /// The string's bytes (the static list's text for a static qstr).
    pub fn bytes(&self) -> &'a [u8] {
        match *self {
            Qstr::Static(n) => qstr::POOL.get(usize::from(n)).map_or(&[], |s| s.as_bytes()),
            Qstr::Inline(b) => b,
        }
    }

    fn read(c: &mut Cursor<'a>) -> Result<Self> {
        let v = c.vuint()?;
        if v & 1 != 0 {
            let n = u16::try_from(v >> 1).map_err(|_| "bad static qstr")?;
            if n == 0 || usize::from(n) > qstr::LAST_STATIC {
                return Err("bad static qstr");
            }
            return Ok(Qstr::Static(n));
        }
        let len = usize::try_from(v >> 1).map_err(|_| "value too large")?;
        let b = c.bytes(len)?;
        if c.byte()? != 0 {
            return Err("qstr not NUL-terminated");
        }
        Ok(Qstr::Inline(b))
    }
}

/// One constant object (see [`tag`]); text payloads are the stored bytes.
#[derive(Clone, Copy, Debug)]
pub enum Obj<'a> {
    FunTable,
    None,
    False,
    True,
    Ellipsis,
    Str(&'a [u8]),
    Bytes(&'a [u8]),
    /// ASCII decimal text.
    Int(&'a [u8]),
    /// ASCII repr text.
    Float(&'a [u8]),
    /// ASCII repr text.
    Complex(&'a [u8]),
    Tuple(Tuple<'a>),
}

impl<'a> Obj<'a> {
    /// The object's tag.
    pub fn tag(&self) -> u8 {
        match self {
            Obj::FunTable => tag::FUN_TABLE,
            Obj::None => tag::NONE,
            Obj::False => tag::FALSE,
            Obj::True => tag::TRUE,
            Obj::Ellipsis => tag::ELLIPSIS,
            Obj::Str(_) => tag::STR,
            Obj::Bytes(_) => tag::BYTES,
            Obj::Int(_) => tag::INT,
            Obj::Float(_) => tag::FLOAT,
            Obj::Complex(_) => tag::COMPLEX,
            Obj::Tuple(_) => tag::TUPLE,
        }
    }

    /// Read one tagged object; a tuple's items are read too (to find its end) but kept as bytes.
    fn read(c: &mut Cursor<'a>, depth: u32) -> Result<Self> {
        if depth > MAX_DEPTH {
            return Err("tuples nested too deeply");
        }
        let t = c.byte()?;
        let obj = match t {
            tag::FUN_TABLE => Obj::FunTable,
            tag::NONE => Obj::None,
            tag::FALSE => Obj::False,
            tag::TRUE => Obj::True,
            tag::ELLIPSIS => Obj::Ellipsis,
            tag::STR | tag::BYTES => {
                let len = c.vusize()?;
                let b = c.bytes(len)?;
                if c.byte()? != 0 {
                    return Err("str/bytes object not NUL-terminated");
                }
                if t == tag::STR {
                    Obj::Str(b)
                } else {
                    Obj::Bytes(b)
                }
            }
            tag::INT | tag::FLOAT | tag::COMPLEX => {
                let len = c.vusize()?;
                let b = c.bytes(len)?;
                match t {
                    tag::INT => Obj::Int(b),
                    tag::FLOAT => Obj::Float(b),
                    _ => Obj::Complex(b),
                }
            }
            tag::TUPLE => {
                let len = c.vusize()?;
                let start = c.pos();
                // Each item takes at least one byte, so this loop ends at the data's end.
                for _ in 0..len {
                    Obj::read(c, depth + 1)?;
                }
                let items = c.data.get(start..c.pos()).unwrap_or(&[]);
                Obj::Tuple(Tuple { len, items, depth })
            }
            _ => return Err("bad object tag"),
        };
        Ok(obj)
    }
}

/// A tuple object: its items, already checked, still in their encoded form.
#[derive(Clone, Copy, Debug)]
pub struct Tuple<'a> {
    len: usize,
    items: &'a [u8],
    depth: u32,
}

impl<'a> Tuple<'a> {
    /// Number of items.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True for the empty tuple.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The items, in order.
    pub fn iter(&self) -> TupleItems<'a> {
        TupleItems {
            cur: Cursor::new(self.items, 0),
            left: self.len,
            depth: self.depth + 1,
        }
    }
}

/// Iterator over a tuple's items.
#[derive(Clone, Debug)]
pub struct TupleItems<'a> {
    cur: Cursor<'a>,
    left: usize,
    depth: u32,
}

impl<'a> Iterator for TupleItems<'a> {
    type Item = Obj<'a>;

    fn next(&mut self) -> Option<Obj<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        // The items were read once when the tuple was parsed, so this cannot fail.
        let item = Obj::read(&mut self.cur, self.depth).ok();
        if item.is_none() {
            self.left = 0;
        }
        item
    }
}

/// A parsed file: the header and both tables are checked; raw codes are read on demand.
#[derive(Clone, Copy, Debug)]
pub struct Mpy<'a> {
    /// The header.
    pub header: Header,
    /// Number of qstr-table entries.
    pub n_qstr: usize,
    /// Number of constant objects.
    pub n_obj: usize,
    data: &'a [u8],
    qstr_start: usize,
    obj_start: usize,
    raw_code_start: usize,
}

impl<'a> Mpy<'a> {
    /// Parse the header and both tables.
    pub fn parse(data: &'a [u8]) -> Result<Self> {
        let header = Header::parse(data)?;
        let mut c = Cursor::new(data, header.len);
        let n_qstr = c.vusize()?;
        let n_obj = c.vusize()?;
        let qstr_start = c.pos();
        // Each entry takes at least one byte, so these loops end at the data's end.
        for _ in 0..n_qstr {
            Qstr::read(&mut c)?;
        }
        let obj_start = c.pos();
        for _ in 0..n_obj {
            Obj::read(&mut c, 0)?;
        }
        let raw_code_start = c.pos();
        Ok(Mpy {
            header,
            n_qstr,
            n_obj,
            data,
            qstr_start,
            obj_start,
            raw_code_start,
        })
    }

    /// The whole file.
    pub fn data(&self) -> &'a [u8] {
        self.data
    }

    /// The qstr table, in order.
    pub fn qstrs(&self) -> Qstrs<'a> {
        Qstrs {
            cur: Cursor::new(self.data, self.qstr_start),
            left: self.n_qstr,
        }
    }

    /// Qstr-table entry `i`.
    pub fn qstr(&self, i: u64) -> Result<Qstr<'a>> {
        let i = usize::try_from(i).map_err(|_| "qstr index out of range")?;
        self.qstrs().nth(i).ok_or("qstr index out of range")
    }

    /// The constant-object table, in order.
    pub fn objects(&self) -> Objects<'a> {
        Objects {
            cur: Cursor::new(self.data, self.obj_start),
            left: self.n_obj,
        }
    }

    /// Constant object `i`.
    pub fn object(&self, i: u64) -> Result<Obj<'a>> {
        let i = usize::try_from(i).map_err(|_| "object index out of range")?;
        self.objects().nth(i).ok_or("object index out of range")
    }

    /// File offset of the module's raw code.
    pub fn raw_code_offset(&self) -> usize {
        self.raw_code_start
    }

    /// The module's raw code.
    pub fn root(&self) -> Result<RawCode<'a>> {
        RawCode::parse_flavoured(self.data, self.raw_code_start, 0, self.header.flavour)
    }

    /// Check that the raw-code tree is well formed and that nothing follows it.
    pub fn check_structure(&self) -> Result<()> {
        if self.root()?.end()? != self.data.len() {
            return Err("trailing bytes after the module");
        }
        Ok(())
    }
}

/// Iterator over the (already checked) qstr table.
#[derive(Clone, Debug)]
pub struct Qstrs<'a> {
    cur: Cursor<'a>,
    left: usize,
}

impl<'a> Iterator for Qstrs<'a> {
    type Item = Qstr<'a>;

    fn next(&mut self) -> Option<Qstr<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Qstr::read(&mut self.cur).ok()
    }
}

/// Iterator over the (already checked) object table.
#[derive(Clone, Debug)]
pub struct Objects<'a> {
    cur: Cursor<'a>,
    left: usize,
}

impl<'a> Iterator for Objects<'a> {
    type Item = Obj<'a>;

    fn next(&mut self) -> Option<Obj<'a>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        Obj::read(&mut self.cur, 0).ok()
    }
}

/// One raw code, read up to its children. The children and the relocation stream that follows
/// them are read on demand ([`RawCode::children`], [`RawCode::end`], [`RawCode::relocs`]).
#[derive(Clone, Copy, Debug)]
pub struct RawCode<'a> {
    /// 0 bytecode, 1 native, 2 viper, 3 asm ([`kind`]).
    pub kind: u8,
    /// The `has_children` bit of `kind_len`.
    pub has_children: bool,
    /// Number of children (0 when `has_children` is clear).
    pub n_children: usize,
    /// The code: prelude + opcodes for bytecode, machine code (+ prelude) otherwise.
    pub code: &'a [u8],
    /// File offset of `kind_len`.
    pub offset: usize,
    /// File offset of `code`.
    pub code_offset: usize,
    /// Nesting depth: 0 for the module.
    pub depth: u32,
    /// Kind 1: offset of the prelude inside `code`.
    pub prelude_offset: Option<usize>,
    /// Kinds 2 and 3: the scope-flags vuint (for kind 1 the flags are in the prelude).
    pub scope_flags: Option<u64>,
    /// Kind 3: number of positional arguments.
    pub asm_n_pos_args: Option<u64>,
    /// Kind 3: type signature, 2 bits per type, return type most significant.
    pub asm_type_sig: Option<u64>,
    /// Kind 2 with the rodata flag: the rodata bytes.
    pub rodata: Option<&'a [u8]>,
    /// Kind 2 with the bss flag: the bss size.
    pub bss_size: Option<u64>,
    /// True if a relocation stream follows the children (scope flag 0x10, 0x20 in CircuitPython's
    /// flavour; non-bytecode only).
    pub has_relocs: bool,
    data: &'a [u8],
    children_start: usize,
    /// The file's flavour (decides the viper flag bits).
    flavour: Flavour,
}

impl<'a> RawCode<'a> {
    /// Read the raw code at file offset `pos` of a MicroPython .mpy, up to its children.
    pub fn parse(data: &'a [u8], pos: usize, depth: u32) -> Result<Self> {
        Self::parse_flavoured(data, pos, depth, Flavour::MicroPython)
    }

    /// [`RawCode::parse`] in a `flavour` file (CircuitPython's viper flags are one bit higher).
    pub fn parse_flavoured(
        data: &'a [u8],
        pos: usize,
        depth: u32,
        flavour: Flavour,
    ) -> Result<Self> {
        if depth > MAX_DEPTH {
            return Err("raw codes nested too deeply");
        }
        let mut c = Cursor::new(data, pos);
        let kl = c.vuint()?;
        let kind = (kl & 3) as u8;
        let has_children = kl & 4 != 0;
        let len = usize::try_from(kl >> 3).map_err(|_| "value too large")?;
        let code_offset = c.pos();
        let code = c.bytes(len)?;
        let mut rc = RawCode {
            kind,
            has_children,
            n_children: 0,
            code,
            offset: pos,
            code_offset,
            depth,
            prelude_offset: None,
            scope_flags: None,
            asm_n_pos_args: None,
            asm_type_sig: None,
            rodata: None,
            bss_size: None,
            has_relocs: false,
            data,
            children_start: 0,
            flavour,
        };
        let shift = flavour.viper_flag_shift();
        let flags: u64 = match kind {
            kind::BYTECODE => 0,
            kind::NATIVE => {
                // The loader takes a native function's scope flags from its prelude signature.
                let off = c.vusize()?;
                rc.prelude_offset = Some(off);
                let prelude = code.get(off..).ok_or("bad prelude offset")?;
                let (sig, _) = Signature::decode(prelude).ok_or("bad prelude signature")?;
                u64::from(sig.scope_flags)
            }
            _ => {
                let flags = c.vuint()?;
                rc.scope_flags = Some(flags);
                if kind == kind::ASM {
                    rc.asm_n_pos_args = Some(c.vuint()?);
                    rc.asm_type_sig = Some(c.vuint()?);
                }
                flags
            }
        };
        if kind == kind::VIPER {
            let rodata_flag = flags & (u64::from(scope_flag::VIPERRODATA) << shift) != 0;
            let rodata_size = if rodata_flag { c.vusize()? } else { 0 };
            if flags & (u64::from(scope_flag::VIPERBSS) << shift) != 0 {
                rc.bss_size = Some(c.vuint()?);
            }
            if rodata_flag {
                rc.rodata = Some(c.bytes(rodata_size)?);
            }
        }
        rc.has_relocs =
            kind != kind::BYTECODE && flags & (u64::from(scope_flag::VIPERRELOC) << shift) != 0;
        if has_children {
            rc.n_children = c.vusize()?;
        }
        rc.children_start = c.pos();
        Ok(rc)
    }

    /// The children, in file order. Reaching child i+1 walks the subtree of child i.
    pub fn children(&self) -> Children<'a> {
        Children {
            flavour: self.flavour,
            data: self.data,
            pos: self.children_start,
            left: self.n_children,
            depth: self.depth + 1,
            pending: None,
        }
    }

    /// Child `i`.
    pub fn child(&self, i: u64) -> Result<RawCode<'a>> {
        let i = usize::try_from(i).map_err(|_| "child index out of range")?;
        if i >= self.n_children {
            return Err("child index out of range");
        }
        self.children().nth(i).ok_or("child index out of range")?
    }

    /// File offset just past this raw code: its children and relocations included.
    pub fn end(&self) -> Result<usize> {
        let mut c = Cursor::new(self.data, self.children_after()?);
        if self.has_relocs {
            skip_relocs(&mut c)?;
        }
        Ok(c.pos())
    }

    /// The relocation stream (up to and including its `ff` terminator), if there is one.
    pub fn relocs(&self) -> Result<Option<&'a [u8]>> {
        if !self.has_relocs {
            return Ok(None);
        }
        let start = self.children_after()?;
        let mut c = Cursor::new(self.data, start);
        skip_relocs(&mut c)?;
        Ok(self.data.get(start..c.pos()))
    }

    /// The prelude: at the start of a bytecode raw code, at `prelude_offset` of a native one.
    pub fn prelude(&self) -> Result<Prelude<'a>> {
        match self.kind {
            kind::BYTECODE => Prelude::parse(self.code, 0),
            kind::NATIVE => Prelude::parse(self.code, self.prelude_offset.unwrap_or(0)),
            _ => Err("viper and asm code have no prelude"),
        }
    }

    /// File offset just past the last child.
    fn children_after(&self) -> Result<usize> {
        let mut pos = self.children_start;
        for _ in 0..self.n_children {
            pos = RawCode::parse_flavoured(self.data, pos, self.depth + 1, self.flavour)?.end()?;
        }
        Ok(pos)
    }
}

/// Skip a relocation stream (py/persistentcode.c `mp_native_relocate`): entries
/// `op:byte [addr:vuint] [n:vuint]`, ended by `ff`. Bit 0 of op = an address follows; then
/// `op >> 1` ≤ 5 and odd = a count follows. The end of the data where an op would be also
/// ends it: MicroPython's reader returns `ff` there.
fn skip_relocs(c: &mut Cursor<'_>) -> Result<()> {
    loop {
        let Ok(op) = c.byte() else {
            return Ok(());
        };
        if op == 0xff {
            return Ok(());
        }
        if op & 1 != 0 {
            c.vuint()?;
        }
        let dest = op >> 1;
        if dest <= 5 && dest & 1 != 0 {
            c.vuint()?;
        }
    }
}

/// Iterator over a raw code's children. After an error it ends.
#[derive(Clone, Debug)]
pub struct Children<'a> {
    data: &'a [u8],
    pos: usize,
    left: usize,
    depth: u32,
    flavour: Flavour,
    /// The previous child, whose end is the next child's start (found lazily).
    pending: Option<RawCode<'a>>,
}

impl<'a> Iterator for Children<'a> {
    type Item = Result<RawCode<'a>>;

    fn next(&mut self) -> Option<Result<RawCode<'a>>> {
        if self.left == 0 {
            return None;
        }
        if let Some(prev) = self.pending.take() {
            match prev.end() {
                Ok(end) => self.pos = end,
                Err(e) => {
                    self.left = 0;
                    return Some(Err(e));
                }
            }
        }
        self.left -= 1;
        match RawCode::parse_flavoured(self.data, self.pos, self.depth, self.flavour) {
            Ok(rc) => {
                self.pending = Some(rc);
                Some(Ok(rc))
            }
            Err(e) => {
                self.left = 0;
                Some(Err(e))
            }
        }
    }
}

/// A decoded prelude (py/bc.h):
/// `signature | size | simple name, arg names, line table (n_info bytes) | cells | opcodes`.
#[derive(Clone, Copy, Debug)]
pub struct Prelude<'a> {
    /// The six signature values.
    pub sig: Signature,
    /// The signature's bytes.
    pub sig_bytes: &'a [u8],
    /// Bytes of source info: simple name, argument names, line table.
    pub n_info: usize,
    /// Number of cells.
    pub n_cell: usize,
    /// The size header's bytes.
    pub size_bytes: &'a [u8],
    /// Qstr index of the scope's simple name.
    pub simple_name: u64,
    /// The line-number table (the rest of the source info).
    pub line_info: &'a [u8],
    /// One local slot number per cell.
    pub cells: &'a [u8],
    /// The opcodes (bytecode), or whatever follows the cells (native code: normally nothing).
    pub opcodes: &'a [u8],
    /// Offset of `opcodes` inside the raw code's code.
    pub opcodes_offset: usize,
    arg_bytes: &'a [u8],
}

impl<'a> Prelude<'a> {
    /// Decode the prelude at offset `start` of `code`.
    pub fn parse(code: &'a [u8], start: usize) -> Result<Self> {
        let mut c = Cursor::new(code, start);
        let (sig, n) = Signature::decode(c.rest()).ok_or("bad prelude signature")?;
        let sig_bytes = c.bytes(n)?;
        let (n_info, n_cell, n) = decode_size(c.rest()).ok_or("bad prelude size")?;
        let size_bytes = c.bytes(n)?;
        let n_info = usize::try_from(n_info).map_err(|_| "value too large")?;
        let n_cell = usize::try_from(n_cell).map_err(|_| "value too large")?;
        let info = c
            .bytes(n_info)
            .map_err(|_| "source info runs past the code")?;
        let cells = c
            .bytes(n_cell)
            .map_err(|_| "cell list runs past the code")?;
        let opcodes_offset = c.pos();
        let opcodes = c.rest();

        let mut ic = Cursor::new(info, 0);
        let simple_name = ic.vuint().map_err(|_| "bad simple name")?;
        let args_start = ic.pos();
        let n_args = u64::from(sig.n_pos_args) + u64::from(sig.n_kwonly_args);
        // Each name takes at least one byte: refuse a count the info section cannot hold.
        if n_args > ic.rest().len() as u64 {
            return Err("argument names run past the source info");
        }
        for _ in 0..n_args {
            ic.vuint().map_err(|_| "bad argument name")?;
        }
        let arg_bytes = info.get(args_start..ic.pos()).unwrap_or(&[]);
        let line_info = ic.rest();
        let p = Prelude {
            sig,
            sig_bytes,
            n_info,
            n_cell,
            size_bytes,
            simple_name,
            line_info,
            cells,
            opcodes,
            opcodes_offset,
            arg_bytes,
        };
        if p.line_steps().map(|s| usize::from(s.size)).sum::<usize>() != line_info.len() {
            return Err("truncated line-table entry");
        }
        Ok(p)
    }

    /// Number of argument names: n_pos_args + n_kwonly_args.
    pub fn n_args(&self) -> usize {
        self.arg_names().count()
    }

    /// Qstr indices of the argument names, one per slot.
    pub fn arg_names(&self) -> ArgNames<'a> {
        ArgNames {
            cur: Cursor::new(self.arg_bytes, 0),
        }
    }

    /// The line-table steps, with running totals.
    pub fn line_steps(&self) -> LineSteps<'a> {
        LineSteps {
            bytes: self.line_info,
            pos: 0,
            bc: 0,
            line: 1,
        }
    }

    /// The source line of bytecode offset `bc` (py/bc.h `mp_bytecode_get_source_line`): apply
    /// steps while their bc delta fits in what is left of the offset.
    pub fn line_of(&self, bc: u64) -> u64 {
        let mut left = bc;
        let mut line = 1u64;
        for s in self.line_steps() {
            if left < u64::from(s.bc_delta) {
                break;
            }
            left -= u64::from(s.bc_delta);
            line = line.saturating_add(u64::from(s.line_delta));
        }
        line
    }
}

/// Iterator over a prelude's argument-name qstr indices.
#[derive(Clone, Debug)]
pub struct ArgNames<'a> {
    cur: Cursor<'a>,
}

impl Iterator for ArgNames<'_> {
    type Item = u64;

    fn next(&mut self) -> Option<u64> {
        if self.cur.at_end() {
            return None;
        }
        self.cur.vuint().ok()
    }
}

/// One line-table step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineStep {
    /// Bytecode-offset increment.
    pub bc_delta: u32,
    /// Line increment.
    pub line_delta: u32,
    /// Running bytecode offset after this step.
    pub bc: u64,
    /// Running line after this step (lines start at 1).
    pub line: u64,
    /// Encoded size: 1 (`0LLBBBBB`) or 2 (`1LLLBBBB LLLLLLLL`).
    pub size: u8,
}

/// Iterator over line-table steps; it stops at a truncated 2-byte entry.
#[derive(Clone, Debug)]
pub struct LineSteps<'a> {
    bytes: &'a [u8],
    pos: usize,
    bc: u64,
    line: u64,
}

impl Iterator for LineSteps<'_> {
    type Item = LineStep;

    fn next(&mut self) -> Option<LineStep> {
        let b0 = *self.bytes.get(self.pos)?;
        let (bc_delta, line_delta, size) = if b0 & 0x80 == 0 {
            (u32::from(b0 & 0x1f), u32::from(b0 >> 5), 1u8)
        } else {
            let b1 = *self.bytes.get(self.pos + 1)?;
            (
                u32::from(b0 & 0x0f),
                (u32::from(b0 & 0x70) << 4) | u32::from(b1),
                2,
            )
        };
        self.pos += usize::from(size);
        self.bc = self.bc.saturating_add(u64::from(bc_delta));
        self.line = self.line.saturating_add(u64::from(line_delta));
        Some(LineStep {
            bc_delta,
            line_delta,
            bc: self.bc,
            line: self.line,
            size,
        })
    }
}
