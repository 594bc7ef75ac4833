//! The .mpy loader (MicroPython's `py/persistentcode.c` `mp_raw_code_load`): checks the whole
//! file through `mpy-format`'s reader, then builds the module context and the raw-code tree in
//! the heap. The bytecode itself stays in the image (`&'static [u8]`, e.g. flash), used in place.
//! Any malformed input gives `ValueError: incompatible .mpy file`; native code of another
//! architecture than x64 (the one `sys.implementation._mpy` names) `incompatible .mpy arch`;
//! x64 native code loads, but its functions raise `native code in .mpy unsupported` when
//! called (no machine code runs). The `circuitpython` feature loads CircuitPython's flavour
//! instead (magic `C`; a MicroPython file gets CircuitPython's `MicroPython .mpy file; use
//! CircuitPython mpy-cross`).
//!
//! ```text
//!  context  [Context, globals, qstr table* (u16 each), obj table*, n_qstr, n_obj, image,
//!            file qstr]
//!  raw code [RawCode, context, name qstr, code_off, code_len, ops_off,
//!            8 counts of 16 bits packed in small ints, 4 a word on 64-bit, 2 on 32-bit:
//!              n_state, n_pos, n_kwonly, scope_flags, n_def_pos, n_cell, n_children, n_exc
//!            children...]
//! ```
//!
//! A raw code is 8 words on 64-bit (10 on 32-bit) and its children: two blocks for a function
//! without children, about what MicroPython's `mp_raw_code_t` costs. The rest of the prelude (argument names,
//! line table, cells) is read from the bytecode when needed; the image, from the context.
use crate::gc::W;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};
use mpy_format::mpy::Flavour;
use mpy_format::read::{Mpy, Obj as MObj, Qstr as MQstr, RawCode};

/// Raw-code word indices.
pub(crate) mod rc {
    pub const CONTEXT: usize = 1;
    pub const NAME: usize = 2;
    /// Offset and length of the code (prelude and opcodes) in the context's image.
    pub const CODE_OFF: usize = 3;
    pub const CODE_LEN: usize = 4;
    /// Offset of the opcodes in the code.
    pub const OPS_OFF: usize = 5;
    /// The first word of packed counts: count `f` is bits `16 * (f % PER_WORD)` up of word
    /// `COUNTS + f / PER_WORD`, a small int; the last count of a word has 14 bits (a small
    /// int's top bits are its tag and sign), the others 16 (checked at load).
    pub const COUNTS: usize = 6;
    pub const PER_WORD: usize = if super::W == 8 { 4 } else { 2 };
    /// The first of `n_children` words: the children's raw codes.
    pub const CHILDREN: usize = COUNTS + 8 / PER_WORD;
    /// The counts, in packing order.
    pub const N_STATE: usize = 0;
    pub const N_POS: usize = 1;
    pub const N_KWONLY: usize = 2;
    pub const FLAGS: usize = 3;
    pub const N_DEF: usize = 4;
    pub const N_CELL: usize = 5;
    pub const N_CHILDREN: usize = 6;
    pub const N_EXC: usize = 7;
    /// Largest value of count `f`.
    pub const fn max(f: usize) -> usize {
        if f % PER_WORD == PER_WORD - 1 {
            0x3fff
        } else {
            0xffff
        }
    }
}

/// Context word indices.
pub(crate) mod ctx {
    pub const GLOBALS: usize = 1;
    pub const QSTRS: usize = 2;
    pub const OBJS: usize = 3;
    pub const N_QSTR: usize = 4;
    pub const N_OBJ: usize = 5;
    pub const IMAGE: usize = 6;
    pub const FILE: usize = 7;
    pub const SIZE: usize = 8;
}

const BAD: &str = "incompatible .mpy file";

/// The .mpy flavour this build loads: CircuitPython's (magic `C`, `async def` as coroutines)
/// with the `circuitpython` feature, else MicroPython's.
pub const FLAVOUR: Flavour = if cfg!(feature = "circuitpython") {
    Flavour::CircuitPython
} else {
    Flavour::MicroPython
};

/// The native architecture in `sys.implementation._mpy` (0x0b06: x64, sub-version 3).
const NATIVE_ARCH: u8 = mpy_format::arch::Arch::X64 as u8;

impl<P: Port> Vm<P> {
    fn bad_mpy(&mut self) -> crate::Exc {
        self.err(T::ValueError, BAD)
    }

    /// Load `.mpy` bytes: the module's raw code (its context's globals are set by the caller).
    pub(crate) fn load_mpy(&mut self, data: &'static [u8]) -> R<Obj> {
        // The header as mp_raw_code_load checks it.
        let Some(&[m, v, feat, bits]) = data.get(..4).and_then(|h| <&[u8; 4]>::try_from(h).ok())
        else {
            return Err(self.bad_mpy());
        };
        let arch = feat >> 2;
        // Each flavour's loader takes only its own files; CircuitPython's names MicroPython's.
        if FLAVOUR == Flavour::CircuitPython && m == Flavour::MicroPython.magic() {
            return Err(self.err(
                T::ValueError,
                "MicroPython .mpy file; use CircuitPython mpy-cross",
            ));
        }
        if m != FLAVOUR.magic()
            || v != 6
            || (arch != 0 && feat & 3 != 3)
            || bits as u32 > isize::BITS - 1
        {
            return Err(self.bad_mpy());
        }
        // Native code of another architecture is refused; of the one `sys.implementation._mpy`
        // names (x64), the file loads but its native functions cannot run (see
        // `load_native_raw_code`).
        if arch != 0 && arch != NATIVE_ARCH {
            return Err(self.err(T::ValueError, "incompatible .mpy arch"));
        }

        let Ok(mpy) = Mpy::parse(data) else {
            return Err(self.bad_mpy());
        };
        if mpy.check_structure().is_err() {
            return Err(self.bad_mpy());
        }
        if self.n_images >= crate::MAX_IMAGES {
            return Err(self.err(T::MemoryError, "too many modules"));
        }
        let image = self.n_images;
        self.images[image] = data;
        self.n_images += 1;

        let c = self.alloc_obj(self.tobj(T::Context), ctx::SIZE)?;
        self.root(c)?;
        let r = self.load_tables(c, &mpy, image).and_then(|()| {
            let root = mpy.root().map_err(|_| self.bad_mpy())?;
            self.load_raw_code(c, &root)
        });
        self.unroot(1);
        r
    }

    fn load_tables(&mut self, c: Obj, mpy: &Mpy<'static>, image: usize) -> R<()> {
        self.set(c, ctx::IMAGE, Obj::small(image as isize));
        self.set(c, ctx::N_QSTR, Obj::small(mpy.n_qstr as isize));
        self.set(c, ctx::N_OBJ, Obj::small(mpy.n_obj as isize));
        self.set(c, ctx::GLOBALS, Obj::NULL);
        // Qstr numbers are below 2^16 (qstr.rs): two bytes an entry, as MicroPython's
        // qstr_short_t table.
        let qt = self.alloc_raw(mpy.n_qstr.max(1) * 2)?;
        self.set(c, ctx::QSTRS, Obj(qt));
        for (i, q) in mpy.qstrs().enumerate() {
            let o = match q {
                MQstr::Static(n) => Obj::qstr(usize::from(n)),
                // As str constants below: text that is not UTF-8 is refused here (the
                // VM's text operations read whole UTF-8 sequences).
                MQstr::Inline(b) if core::str::from_utf8(b).is_err() => {
                    return Err(self.bad_mpy());
                }
                MQstr::Inline(b) => self.intern(b)?,
            };
            let qt = self.get(c, ctx::QSTRS).0;
            let at = self.heap.off(qt) + 2 * i;
            let n = o.qstr_val() as u16;
            self.heap.bytes_mut(at, 2).copy_from_slice(&n.to_le_bytes());
        }
        let file = if mpy.n_qstr > 0 {
            self.ctx_qstr(self.get(c, ctx::QSTRS).0, 0)
        } else {
            Obj::qstr(1)
        };
        self.set(c, ctx::FILE, file);
        let ot = self.alloc_raw(mpy.n_obj.max(1) * W)?;
        self.set(c, ctx::OBJS, Obj(ot));
        for (i, o) in mpy.objects().enumerate() {
            let v = self.load_obj(&o)?;
            let ot = self.get(c, ctx::OBJS).0;
            self.wrw(ot, i, v.0);
        }
        Ok(())
    }

    fn load_obj(&mut self, o: &MObj<'static>) -> R<Obj> {
        Ok(match *o {
            MObj::FunTable => Obj::NONE,
            MObj::None => Obj::NONE,
            MObj::False => Obj::FALSE,
            MObj::True => Obj::TRUE,
            MObj::Ellipsis => self.ellipsis(),
            MObj::Str(b) => {
                if core::str::from_utf8(b).is_err() {
                    return Err(self.bad_mpy());
                }
                self.new_strish(T::Str, b)?
            }
            MObj::Bytes(b) => self.new_strish(T::Bytes, b)?,
            MObj::Int(b) => match self.parse_int_text(b, 10)? {
                Some(v) => v,
                None => return Err(self.bad_mpy()),
            },
            MObj::Float(b) => match core::str::from_utf8(b)
                .ok()
                .and_then(crate::ops::parse_float)
            {
                Some(f) => self.new_float(f)?,
                None => return Err(self.bad_mpy()),
            },
            MObj::Complex(b) => match self.parse_complex(b) {
                Some((re, im)) => self.new_complex(re, im)?,
                None => return Err(self.bad_mpy()),
            },
            MObj::Tuple(t) => {
                let n = t.len();
                let tup = self.new_tuple(n)?;
                self.root(tup)?;
                let mut r = Ok(tup);
                for (i, item) in t.iter().enumerate() {
                    match self.load_obj(&item) {
                        Ok(v) => self.set(tup, 2 + i, v),
                        Err(e) => {
                            r = Err(e);
                            break;
                        }
                    }
                }
                self.unroot(1);
                r?
            }
        })
    }

    fn load_raw_code(&mut self, c: Obj, raw: &RawCode<'static>) -> R<Obj> {
        if raw.kind != mpy_format::mpy::kind::BYTECODE {
            return self.load_native_raw_code(c, raw);
        }
        let Ok(p) = raw.prelude() else {
            return Err(self.bad_mpy());
        };
        let n_qstr = self.get(c, ctx::N_QSTR).small_val() as u64;
        if p.simple_name >= n_qstr || p.arg_names().any(|a| a >= n_qstr) {
            return Err(self.bad_mpy());
        }
        let n_state = p.sig.n_state as usize;
        let n_args = p.n_args();
        if n_state < n_args + (p.sig.scope_flags as usize & 6).count_ones() as usize
            || n_state > 0xffff
        {
            return Err(self.bad_mpy());
        }
        if p.cells.iter().any(|&l| l as usize >= n_state) {
            return Err(self.bad_mpy());
        }
        let limits = crate::verify::Limits {
            n_state,
            n_qstr: n_qstr as usize,
            n_obj: self.get(c, ctx::N_OBJ).small_val() as usize,
            n_children: raw.n_children,
        };
        if crate::verify::check(raw.code, p.opcodes_offset, &limits).is_err() {
            return Err(self.bad_mpy());
        }
        let mut counts = [0usize; 8];
        counts[rc::N_STATE] = p.sig.n_state as usize;
        counts[rc::N_POS] = p.sig.n_pos_args as usize;
        counts[rc::N_KWONLY] = p.sig.n_kwonly_args as usize;
        counts[rc::FLAGS] = p.sig.scope_flags as usize;
        counts[rc::N_DEF] = p.sig.n_def_pos_args as usize;
        counts[rc::N_CELL] = p.n_cell;
        counts[rc::N_CHILDREN] = raw.n_children;
        counts[rc::N_EXC] = p.sig.n_exc_stack as usize;
        if counts.iter().enumerate().any(|(f, &v)| v > rc::max(f)) {
            return Err(self.bad_mpy());
        }
        let o = self.alloc_obj(self.tobj(T::RawCode), rc::CHILDREN + raw.n_children)?;
        self.root(o)?;
        let r = self.fill_raw_code(o, c, raw, &p, &counts);
        self.unroot(1);
        r?;
        Ok(o)
    }

    fn fill_raw_code(
        &mut self,
        o: Obj,
        c: Obj,
        raw: &RawCode<'static>,
        p: &mpy_format::read::Prelude<'static>,
        counts: &[usize; 8],
    ) -> R<()> {
        let s = |v: usize| Obj::small(v as isize);
        self.set(o, rc::CONTEXT, c);
        self.set(o, rc::CODE_OFF, s(raw.code_offset));
        self.set(o, rc::CODE_LEN, s(raw.code.len()));
        self.set(o, rc::OPS_OFF, s(p.opcodes_offset));
        self.set_counts(o, counts);
        let qt = self.get(c, ctx::QSTRS).0;
        let name = self.ctx_qstr(qt, p.simple_name as usize);
        self.set(o, rc::NAME, name);
        self.load_children(o, c, raw)
    }

    /// Load the children of raw code `raw` into its object `o` (context `c`).
    fn load_children(&mut self, o: Obj, c: Obj, raw: &RawCode<'static>) -> R<()> {
        for (i, child) in raw.children().enumerate() {
            let Ok(child) = child else {
                return Err(self.bad_mpy());
            };
            let k = self.load_raw_code(c, &child)?;
            self.set(o, rc::CHILDREN + i, k);
        }
        Ok(())
    }

    /// A raw code of machine code (native, viper, asm): loaded with its children, as
    /// MicroPython's loader does, but this VM runs no machine code. It becomes a raw code with
    /// no code that takes any arguments: calling it raises MicroPython's `ValueError: native
    /// code in .mpy unsupported` (`Vm::execute` on empty code), never runs the machine code.
    fn load_native_raw_code(&mut self, c: Obj, raw: &RawCode<'static>) -> R<Obj> {
        use mpy_format::mpy::scope_flag;
        if raw.n_children > rc::max(rc::N_CHILDREN) {
            return Err(self.bad_mpy());
        }
        let o = self.alloc_obj(self.tobj(T::RawCode), rc::CHILDREN + raw.n_children)?;
        self.root(o)?;
        let s = |v: usize| Obj::small(v as isize);
        self.set(o, rc::CONTEXT, c);
        self.set(o, rc::CODE_OFF, s(raw.code_offset));
        self.set(o, rc::CODE_LEN, s(0));
        self.set(o, rc::OPS_OFF, s(0));
        // Two locals (the *args tuple and the **kwargs dict), no exception handlers, no
        // named arguments, no cells.
        let mut counts = [0usize; 8];
        counts[rc::N_STATE] = 2;
        counts[rc::FLAGS] = (scope_flag::VARARGS | scope_flag::VARKEYWORDS) as usize;
        counts[rc::N_CHILDREN] = raw.n_children;
        self.set_counts(o, &counts);
        // A native Python function's prelude names it; viper and asm ones have no name.
        let qt = self.get(c, ctx::QSTRS).0;
        let n_qstr = self.get(c, ctx::N_QSTR).small_val() as u64;
        let name = match raw.prelude() {
            Ok(p) if p.simple_name < n_qstr => self.ctx_qstr(qt, p.simple_name as usize),
            _ => Obj::qstr(1),
        };
        self.set(o, rc::NAME, name);
        let r = self.load_children(o, c, raw);
        self.unroot(1);
        r.map(|()| o)
    }

    /// The image holding raw code `r`'s bytecode.
    #[inline]
    pub(crate) fn rc_code(&self, r: Obj) -> &'static [u8] {
        let c = self.get(r, rc::CONTEXT);
        let img = self.images[self.get(c, ctx::IMAGE).small_val() as usize];
        let off = self.get(r, rc::CODE_OFF).small_val() as usize;
        let len = self.get(r, rc::CODE_LEN).small_val() as usize;
        img.get(off..off + len).unwrap_or(&[])
    }

    /// Entry `i` of a context's qstr table at address `qt` (u16 qstr numbers).
    #[inline(always)]
    pub(crate) fn ctx_qstr(&self, qt: usize, i: usize) -> Obj {
        let b = self.heap.bytes(self.heap.off(qt) + 2 * i, 2);
        Obj::qstr(u16::from_le_bytes([b[0], b[1]]) as usize)
    }

    /// Store the eight counts of raw code `o` (each within [`rc::max`]).
    fn set_counts(&mut self, o: Obj, counts: &[usize; 8]) {
        for w in 0..8 / rc::PER_WORD {
            let mut v = 0;
            for k in 0..rc::PER_WORD {
                v |= counts[w * rc::PER_WORD + k] << (16 * k);
            }
            self.set(o, rc::COUNTS + w, Obj::small(v as isize));
        }
    }

    /// Count `f` of raw code `r` ([`rc::N_STATE`], [`rc::N_EXC`]...).
    #[inline(always)]
    pub(crate) fn rc_count(&self, r: Obj, f: usize) -> usize {
        let w = self.get(r, rc::COUNTS + f / rc::PER_WORD).small_val() as usize;
        (w >> (16 * (f % rc::PER_WORD))) & 0xffff
    }

    /// The scope flags of raw code `r`.
    #[inline(always)]
    pub(crate) fn rc_flags(&self, r: Obj) -> u32 {
        self.rc_count(r, rc::FLAGS) as u32
    }

    /// Child `i` of raw code `r`, if it has one.
    pub(crate) fn rc_child(&self, r: Obj, i: usize) -> Option<Obj> {
        (i < self.rc_count(r, rc::N_CHILDREN)).then(|| self.get(r, rc::CHILDREN + i))
    }

    /// The prelude of raw code `r` (checked at load; None for native code).
    fn rc_prelude(&self, r: Obj) -> Option<mpy_format::read::Prelude<'static>> {
        mpy_format::read::Prelude::parse(self.rc_code(r), 0).ok()
    }

    /// The cells of raw code `r`: one local slot number each, just before the opcodes.
    pub(crate) fn rc_cells(&self, r: Obj) -> &'static [u8] {
        let n = self.rc_count(r, rc::N_CELL);
        let ops = self.get(r, rc::OPS_OFF).small_val() as usize;
        self.rc_code(r).get(ops.wrapping_sub(n)..ops).unwrap_or(&[])
    }

    /// The position of argument name `name` (a qstr) among raw code `r`'s positional and
    /// keyword-only arguments.
    pub(crate) fn rc_arg_index(&self, r: Obj, name: Obj) -> Option<usize> {
        let p = self.rc_prelude(r)?;
        let qt = self.get(self.get(r, rc::CONTEXT), ctx::QSTRS).0;
        let n = self.rc_count(r, rc::N_POS) + self.rc_count(r, rc::N_KWONLY);
        p.arg_names()
            .take(n)
            .position(|a| self.ctx_qstr(qt, a as usize) == name)
    }

    /// Argument name `i` (a qstr) of raw code `r`.
    pub(crate) fn rc_arg_name(&self, r: Obj, i: usize) -> Obj {
        let qt = self.get(self.get(r, rc::CONTEXT), ctx::QSTRS).0;
        match self.rc_prelude(r).and_then(|p| p.arg_names().nth(i)) {
            Some(a) => self.ctx_qstr(qt, a as usize),
            None => Obj::qstr(1),
        }
    }

    /// Source line of bytecode offset `bc` (relative to the opcodes) of raw code `r`.
    pub(crate) fn rc_line(&self, r: Obj, bc: usize) -> usize {
        let info = self.rc_prelude(r).map_or(&[][..], |p| p.line_info);
        // py/bc.h mp_bytecode_get_source_line
        let mut left = bc;
        let mut line = 1usize;
        let mut i = 0;
        while i < info.len() {
            let b0 = info[i];
            let (b, l, n) = if b0 & 0x80 == 0 {
                ((b0 & 0x1f) as usize, (b0 >> 5) as usize, 1)
            } else {
                let b1 = info.get(i + 1).copied().unwrap_or(0);
                (
                    (b0 & 0x0f) as usize,
                    (((b0 & 0x70) as usize) << 4) | b1 as usize,
                    2,
                )
            };
            if left < b {
                break;
            }
            left -= b;
            line += l;
            i += n;
        }
        line
    }
}
