//! `str.format` (MicroPython's `objstr.c` `mp_obj_str_format_helper`) and the padded printers
//! it uses (`py/mpprint.c` `mp_print_strn`, `mp_print_mp_int`, `mp_print_float`), with their
//! flags and quirks: the default alignment follows the argument (numbers right, the rest
//! left), `0` pads after the sign only for numbers, grouping is by 3 in base 10 and by 4
//! otherwise, and zero padding with a grouping character repeats MicroPython's pad pattern.
use crate::builtins::Args;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::text::Part;
use crate::{Port, Vm, R};

/// `PF_FLAG_*` of `py/mpprint.h`.
pub(crate) const LEFT: u32 = 0x001;
pub(crate) const SHOW_SIGN: u32 = 0x002;
pub(crate) const SPACE_SIGN: u32 = 0x004;
pub(crate) const SHOW_PREFIX: u32 = 0x010;
pub(crate) const PAD_AFTER_SIGN: u32 = 0x040;
pub(crate) const CENTER: u32 = 0x080;
pub(crate) const ADD_PERCENT: u32 = 0x100;
pub(crate) const OCTAL_LETTER: u32 = 0x200;

/// How a value is padded: flags, grouping character (`,` `_` or 0), fill, width (-1: none).
#[derive(Clone, Copy)]
pub(crate) struct Pad {
    pub flags: u32,
    pub sep: u8,
    pub fill: u8,
    pub width: isize,
}

/// MicroPython's `pad_common`: 16 zeros, then the zero patterns with `_` (from 12, 5 long)
/// and `,` (from 17, 4 long) that zero padding with grouping cycles through.
const PAD_COMMON: &[u8; 23] = b"0000000000000000_000,00";
const SPACES: &[u8; 16] = b"                ";

/// `mp_print_strn`: the left padding, `body` (which writes `len` characters), the right.
fn padded<P: Port>(
    vm: &mut Vm<P>,
    out: Out,
    p: Pad,
    len: isize,
    body: impl FnOnce(&mut Vm<P>) -> R<()>,
) -> R<()> {
    let mut width = p.width;
    let mut pad = width - len;
    // (pattern start in PAD_COMMON, pattern size); None: spaces or the fill byte.
    let mut zeros: Option<(isize, isize)> = None;
    if p.fill == b'0' {
        if p.sep == 0 {
            zeros = Some((0, 16));
        } else {
            let (base, size) = if p.sep == b'_' { (12, 5) } else { (17, 4) };
            // The result never starts with a grouping character: one more zero instead.
            if width % size == 0 {
                pad += 1;
                width += 1;
            }
            zeros = Some((base + size - 1 - width % size, size));
        }
    }
    let (left, right) = if p.flags & CENTER != 0 {
        (pad / 2, pad - pad / 2)
    } else if p.flags & LEFT != 0 {
        (0, pad)
    } else {
        (pad, 0)
    };
    let emit = |vm: &mut Vm<P>, mut n: isize| -> R<()> {
        while n > 0 {
            match zeros {
                Some((start, size)) => {
                    let k = n.min(size);
                    let a = start.clamp(0, 23) as usize;
                    let z = (start + k).clamp(0, 23) as usize;
                    vm.write_bytes(out, &PAD_COMMON[a..z])?;
                    n -= k;
                }
                None => {
                    let k = n.min(16) as usize;
                    if p.fill == 0 || p.fill == b' ' {
                        vm.write_bytes(out, &SPACES[..k])?;
                    } else {
                        vm.write_bytes(out, &[p.fill; 16][..k])?;
                    }
                    n -= k as isize;
                }
            }
        }
        Ok(())
    };
    emit(vm, left)?;
    body(vm)?;
    emit(vm, right)
}

/// Write bytes `a..z` of str/bytes `s` (through a stack buffer: `s` lives in the heap).
fn write_part<P: Port>(vm: &mut Vm<P>, out: Out, s: Obj, a: usize, z: usize) -> R<()> {
    let mut i = a;
    let mut buf = [0u8; 64];
    while i < z {
        let n = (z - i).min(64);
        buf[..n].copy_from_slice(&vm.str_data(s)[i..i + n]);
        vm.write_bytes(out, &buf[..n])?;
        i += n;
    }
    Ok(())
}

/// `mp_print_mp_int`: `x` (an int or bool; anything else is a TypeError) in `base`,
/// upper-case digits if `upper`, zero-padded to `prec` digits when `prec` > 1 (`%` only).
pub(crate) fn print_int<P: Port>(
    vm: &mut Vm<P>,
    out: Out,
    x: Obj,
    base: u32,
    upper: bool,
    mut p: Pad,
    mut prec: isize,
) -> R<()> {
    let x = if x == Obj::TRUE {
        Obj::small(1)
    } else if x == Obj::FALSE {
        Obj::small(0)
    } else if !is_int_like(vm, x) {
        Obj::small(vm.get_int(x)?)
    } else {
        x
    };
    if p.flags & (LEFT | CENTER) == 0 && p.fill == b'0' {
        if prec > p.width {
            p.width = prec;
        }
        prec = 0;
    }
    // The common `%d`/`{}` of a small int, no width, sign, prefix or grouping: its text
    // straight from the stack. A text object would be garbage left between the objects a loop
    // keeps, which splits a small heap's free space (MicroPython formats into its output).
    let plain = p.width <= 0 && p.sep == 0 && prec <= 1;
    if plain && x.is_small() && base == 10 && p.flags & (SHOW_SIGN | SPACE_SIGN | SHOW_PREFIX) == 0
    {
        let mut buf = [0u8; 24];
        let n = crate::text::fmt_isize(&mut buf, x.small_val());
        return vm.write_bytes(out, &buf[..n]);
    }
    let text = vm.int_text(x, base, "", upper, 0)?;
    vm.root(text)?;
    let r = (|| {
        let neg = vm.str_data(text).first() == Some(&b'-');
        let mut prefix = [0u8; 4];
        let mut pl = 0;
        if !neg {
            if p.flags & SHOW_SIGN != 0 {
                prefix[pl] = b'+';
                pl += 1;
            } else if p.flags & SPACE_SIGN != 0 {
                prefix[pl] = b' ';
                pl += 1;
            }
        }
        if p.flags & SHOW_PREFIX != 0 {
            let letter = match base {
                2 => Some(b'b'),
                8 if p.flags & OCTAL_LETTER != 0 => Some(b'o'),
                16 => Some(b'x'),
                _ => None,
            };
            if base != 10 {
                prefix[pl] = b'0';
                pl += 1;
            }
            if let Some(l) = letter {
                prefix[pl] = if upper { l.to_ascii_uppercase() } else { l };
                pl += 1;
            }
        }
        if prec > 1 {
            p.flags |= PAD_AFTER_SIGN;
        }
        let d0 = neg as usize;
        let nd = vm.str_len(text) - d0;
        let group = if base == 10 { 3 } else { 4 };
        let ns = if p.sep != 0 { (nd - 1) / group } else { 0 };
        let digits_len = (nd + ns) as isize;
        let sep = p.sep;
        let digits = move |vm: &mut Vm<P>| -> R<()> {
            if sep == 0 {
                return write_part(vm, out, text, d0, d0 + nd);
            }
            for i in 0..nd {
                if i > 0 && (nd - i).is_multiple_of(group) {
                    vm.write_bytes(out, &[sep])?;
                }
                let c = vm.str_data(text)[d0 + i];
                vm.write_bytes(out, &[c])?;
            }
            Ok(())
        };
        let after_sign = p.flags & PAD_AFTER_SIGN != 0;
        // The text `mp_print_strn` gets: the digits alone when the sign and prefix go
        // before the padding, else sign, prefix and digits.
        let fmt_size = if after_sign {
            digits_len
        } else {
            digits_len + neg as isize + pl as isize
        };
        let (mut before, mut after) = (0, 0);
        if prec > 1 {
            let mut pw = fmt_size.max(prec);
            if after_sign {
                pw += neg as isize + pl as isize;
            }
            if pw < p.width {
                if p.flags & LEFT != 0 {
                    after = p.width - pw;
                } else {
                    before = p.width - pw;
                }
            }
            p.fill = b'0';
            p.flags &= !LEFT;
        }
        let spaces = Pad {
            flags: 0,
            sep: 0,
            fill: b' ',
            width: 0,
        };
        padded(
            vm,
            out,
            Pad {
                width: before,
                ..spaces
            },
            0,
            |_| Ok(()),
        )?;
        if after_sign {
            if neg {
                vm.write_bytes(out, b"-")?;
                p.width -= 1;
            }
            if pl > 0 {
                vm.write_bytes(out, &prefix[..pl])?;
                p.width -= pl as isize;
            }
        }
        if prec > 1 {
            p.width = prec;
        }
        padded(vm, out, p, fmt_size, |vm| {
            if !after_sign {
                if neg {
                    vm.write_bytes(out, b"-")?;
                }
                vm.write_bytes(out, &prefix[..pl])?;
            }
            digits(vm)
        })?;
        padded(
            vm,
            out,
            Pad {
                width: after,
                ..spaces
            },
            0,
            |_| Ok(()),
        )
    })();
    vm.unroot(1);
    r
}

/// `mp_print_float`: `f` with format character `fmt` and precision `prec` (-1: default).
pub(crate) fn print_float<P: Port>(
    vm: &mut Vm<P>,
    out: Out,
    f: f64,
    fmt: u8,
    prec: isize,
    mut p: Pad,
) -> R<()> {
    let sign = if p.flags & SHOW_SIGN != 0 {
        b'+'
    } else if p.flags & SPACE_SIGN != 0 {
        b' '
    } else {
        0
    };
    let mut t = mpy_num::float::format_float(f, fmt, prec.clamp(-1, 1000) as i32, sign);
    if p.flags & ADD_PERCENT != 0 {
        t.add_percent();
    }
    let mut b = t.as_bytes();
    if p.flags & PAD_AFTER_SIGN != 0 && b.first().is_some_and(|&c| c < b'0') {
        vm.write_bytes(out, &b[..1])?;
        p.width -= 1;
        b = &b[1..];
    }
    padded(vm, out, p, b.len() as isize, |vm| vm.write_bytes(out, b))
}

/// `mp_print_strn` of bytes `a..z` of str `s`.
pub(crate) fn print_str_part<P: Port>(
    vm: &mut Vm<P>,
    out: Out,
    s: Obj,
    a: usize,
    z: usize,
    p: Pad,
) -> R<()> {
    padded(vm, out, p, (z - a) as isize, |vm| {
        write_part(vm, out, s, a, z)
    })
}

/// `mp_print_char` as the unix port builds it (without `MICROPY_FULL_CHECKS`): the low byte
/// of the code, whatever the code.
pub(crate) fn print_char<P: Port>(vm: &mut Vm<P>, out: Out, arg: Obj, p: Pad) -> R<()> {
    let c = vm.get_int(arg)?;
    padded(vm, out, p, 1, |vm| vm.write_bytes(out, &[c as u8]))
}

fn is_int_like<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    o.is_small() || o == Obj::TRUE || o == Obj::FALSE || vm.is_bigint(o)
}

fn is_numeric<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    is_int_like(vm, o) || (o.is_ptr() && vm.tid(o) == T::Float)
}

fn unknown_code<P: Port>(vm: &mut Vm<P>, ty: u8, arg: Obj) -> crate::Exc {
    let c = [ty];
    vm.errf(
        T::ValueError,
        &[
            Part::S("unknown format code '"),
            Part::S(core::str::from_utf8(&c).unwrap_or("?")),
            Part::S("' for object of type '"),
            Part::TypeName(arg),
            Part::S("'"),
        ],
    )
}

/// `str.format(*args, **kwargs)`: `a` holds the format string then the arguments.
pub(crate) fn str_format<P: Port>(vm: &mut Vm<P>, fmt: Obj, a: &Args) -> R<Obj> {
    let out = vm.buf_new(T::Str)?;
    let mut arg_i = 0isize;
    let len = vm.str_len(fmt);
    let r = helper(vm, out, fmt, 0, len, &mut arg_i, a);
    let s = vm.buf_finish(out);
    r?;
    Ok(s)
}

fn digits_at(d: &[u8], mut i: usize, top: usize) -> (isize, usize) {
    let mut v = 0isize;
    while i < top && d[i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add((d[i] - b'0') as isize);
        i += 1;
    }
    (v, i)
}

/// Format `fmt[start..top]` into `out` (recursively for nested specs).
fn helper<P: Port>(
    vm: &mut Vm<P>,
    out: Out,
    fmt: Obj,
    start: usize,
    top: usize,
    arg_i: &mut isize,
    a: &Args,
) -> R<()> {
    let ch = |vm: &Vm<P>, i: usize| vm.str_data(fmt)[i];
    let mut i = start;
    while i < top {
        let c = ch(vm, i);
        if c == b'}' {
            i += 1;
            if i < top && ch(vm, i) == b'}' {
                vm.write_bytes(out, b"}")?;
                i += 1;
                continue;
            }
            return Err(vm.err(T::ValueError, "single '}' encountered in format string"));
        }
        if c != b'{' {
            let mut j = i;
            while j < top && !matches!(ch(vm, j), b'{' | b'}') {
                j += 1;
            }
            write_part(vm, out, fmt, i, j)?;
            i = j;
            continue;
        }
        i += 1;
        if i < top && ch(vm, i) == b'{' {
            vm.write_bytes(out, b"{")?;
            i += 1;
            continue;
        }
        // replacement_field ::= "{" [field_name] ["!" conversion] [":" format_spec] "}"
        let mut field: Option<(usize, usize)> = None;
        if i < top && !matches!(ch(vm, i), b'}' | b'!' | b':') {
            let f0 = i;
            while i < top && !matches!(ch(vm, i), b'}' | b'!' | b':') {
                i += 1;
            }
            field = Some((f0, i));
        }
        let mut conversion = 0u8;
        if i < top && ch(vm, i) == b'!' {
            i += 1;
            if i < top && matches!(ch(vm, i), b'r' | b's') {
                conversion = ch(vm, i);
                i += 1;
            } else if i >= top {
                return Err(vm.err(
                    T::ValueError,
                    "end of format while looking for conversion specifier",
                ));
            } else {
                let c = [ch(vm, i)];
                return Err(vm.errf(
                    T::ValueError,
                    &[
                        Part::S("unknown conversion specifier "),
                        Part::S(core::str::from_utf8(&c).unwrap_or("?")),
                    ],
                ));
            }
        }
        let mut spec: Option<(usize, usize)> = None;
        if i < top && ch(vm, i) == b':' {
            i += 1;
            if i < top && ch(vm, i) != b'}' {
                let s0 = i;
                let mut nest = 1;
                while i < top {
                    let c = ch(vm, i);
                    if c == b'{' {
                        nest += 1;
                    } else if c == b'}' {
                        nest -= 1;
                        if nest == 0 {
                            break;
                        }
                    }
                    i += 1;
                }
                spec = Some((s0, i));
            }
        }
        if i >= top {
            return Err(vm.err(T::ValueError, "unmatched '{' in format"));
        }
        if ch(vm, i) != b'}' {
            return Err(vm.err(T::ValueError, "expected ':' after format specifier"));
        }
        i += 1;
        let n_args = a.n as isize - 1;
        let arg = match field {
            Some((f0, f1)) => {
                if ch(vm, f0).is_ascii_digit() {
                    if *arg_i > 0 {
                        return Err(vm.err(
                            T::ValueError,
                            "can't switch from automatic field numbering to manual field specification",
                        ));
                    }
                    let (index, end) = digits_at(vm.str_data(fmt), f0, f1);
                    if index >= n_args {
                        return Err(vm.err(T::IndexError, "tuple index out of range"));
                    }
                    *arg_i = -1;
                    if end < f1 {
                        return Err(vm.err(T::NotImplementedError, "attributes not supported"));
                    }
                    a.get(vm, index as usize + 1)
                } else {
                    let mut look = f0;
                    while look < f1 && !matches!(ch(vm, look), b'.' | b'[') {
                        look += 1;
                    }
                    let mut name = [0u8; 64];
                    let nl = (look - f0).min(64);
                    name[..nl].copy_from_slice(&vm.str_data(fmt)[f0..f0 + nl]);
                    let key = core::str::from_utf8(&name[..nl]).unwrap_or("");
                    let v = match a.kw(vm, key) {
                        Some(v) => v,
                        None => {
                            let k = vm.new_str(&name[..nl])?;
                            return Err(vm.key_error(k));
                        }
                    };
                    if look < f1 {
                        return Err(vm.err(T::NotImplementedError, "attributes not supported"));
                    }
                    v
                }
            }
            None => {
                if *arg_i < 0 {
                    return Err(vm.err(
                        T::ValueError,
                        "can't switch from manual field specification to automatic field numbering",
                    ));
                }
                if *arg_i >= n_args {
                    return Err(vm.err(T::IndexError, "tuple index out of range"));
                }
                *arg_i += 1;
                a.get(vm, *arg_i as usize)
            }
        };
        let Some((s0, s1)) = spec else {
            // `{}` and `{:}` are `{!s}`.
            vm.print(out, arg, conversion == b'r')?;
            continue;
        };
        let arg = if conversion != 0 {
            vm.obj_str(arg, conversion == b'r')?
        } else {
            arg
        };
        vm.root(arg)?;
        // The spec may hold fields itself: format it first into its own buffer.
        let r = (|| {
            let sbuf = vm.buf_new(T::Str)?;
            let r = helper(vm, sbuf, fmt, s0, s1, arg_i, a);
            let sp = vm.buf_finish(sbuf);
            r?;
            let mut b = [0u8; 64];
            let sd = vm.str_data(sp);
            if sd.len() > b.len() {
                return Err(vm.err(T::ValueError, "invalid format specifier"));
            }
            b[..sd.len()].copy_from_slice(sd);
            let n = sd.len();
            apply_spec(vm, out, arg, &b[..n])
        })();
        vm.unroot(1);
        r?;
    }
    Ok(())
}

/// Format one argument by its (already expanded) spec
/// `[[fill]align][sign][#][0][width][,|_][.precision][type]`.
fn apply_spec<P: Port>(vm: &mut Vm<P>, out: Out, arg: Obj, s: &[u8]) -> R<()> {
    let is_align = |c: Option<&u8>| matches!(c, Some(b'<' | b'>' | b'=' | b'^'));
    let mut fill = 0u8;
    let mut align = 0u8;
    let mut flags = 0u32;
    let mut i = 0;
    if is_align(s.first()) {
        align = s[0];
        i = 1;
    } else if !s.is_empty() && is_align(s.get(1)) {
        fill = s[0];
        align = s[1];
        i = 2;
    }
    match s.get(i) {
        Some(b'+') => {
            flags |= SHOW_SIGN;
            i += 1;
        }
        Some(b' ') => {
            flags |= SPACE_SIGN;
            i += 1;
        }
        Some(b'-') => i += 1,
        _ => {}
    }
    if s.get(i) == Some(&b'#') {
        flags |= SHOW_PREFIX;
        i += 1;
    }
    let numeric = is_numeric(vm, arg);
    if s.get(i) == Some(&b'0') {
        if align == 0 && numeric {
            align = b'=';
        }
        if fill == 0 {
            fill = b'0';
        }
    }
    let (mut width, j) = digits_at(s, i, s.len());
    if j == i {
        width = -1;
    }
    i = j;
    let mut sep = 0u8;
    if matches!(s.get(i), Some(b',' | b'_')) {
        sep = s[i];
        i += 1;
    }
    let mut prec = -1isize;
    if s.get(i) == Some(&b'.') {
        i += 1;
        let (p, j) = digits_at(s, i, s.len());
        if j > i {
            prec = p;
        }
        i = j;
    }
    let mut ty = 0u8;
    if let Some(&c) = s.get(i) {
        if b"bcdeEfFgGnosxX%".contains(&c) {
            ty = c;
            i += 1;
        }
    }
    if i < s.len() {
        return Err(vm.err(T::ValueError, "invalid format specifier"));
    }
    if align == 0 {
        align = if numeric { b'>' } else { b'<' };
    }
    if fill == 0 {
        fill = b' ';
    }
    if flags & (SHOW_SIGN | SPACE_SIGN) != 0 {
        if ty == b's' {
            return Err(vm.err(T::ValueError, "sign not allowed in string format specifier"));
        }
        if ty == b'c' {
            return Err(vm.err(
                T::ValueError,
                "sign not allowed with integer format specifier 'c'",
            ));
        }
    }
    match align {
        b'<' => flags |= LEFT,
        b'=' => flags |= PAD_AFTER_SIGN,
        b'^' => flags |= CENTER,
        _ => {}
    }
    let mut p = Pad {
        flags,
        sep,
        fill,
        width,
    };
    if is_int_like(vm, arg) {
        match ty {
            b'b' => return print_int(vm, out, arg, 2, false, p, 0),
            b'c' => return print_char(vm, out, arg, p),
            0 | b'n' | b'd' => return print_int(vm, out, arg, 10, false, p, 0),
            b'o' => {
                if p.flags & SHOW_PREFIX != 0 {
                    p.flags |= OCTAL_LETTER;
                }
                return print_int(vm, out, arg, 8, false, p, 0);
            }
            b'x' | b'X' => return print_int(vm, out, arg, 16, ty == b'X', p, 0),
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'%' => {}
            _ => return Err(unknown_code(vm, ty, arg)),
        }
    }
    if numeric {
        let ty = if ty == 0 || ty == b'n' { b'g' } else { ty };
        let f = vm.get_float(arg)?;
        return match ty {
            b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => print_float(vm, out, f, ty, prec, p),
            b'%' => {
                p.flags |= ADD_PERCENT;
                print_float(vm, out, f * 100.0, b'f', prec, p)
            }
            _ => Err(unknown_code(vm, ty, arg)),
        };
    }
    if align == b'=' {
        return Err(vm.err(
            T::ValueError,
            "'=' alignment not allowed in string format specifier",
        ));
    }
    match ty {
        0 | b's' => {
            if !vm.is_str(arg) {
                return Err(vm.err_not_str(arg));
            }
            let mut n = vm.str_len(arg);
            if prec >= 0 && n > prec as usize {
                n = prec as usize;
            }
            print_str_part(vm, out, arg, 0, n, p)
        }
        _ => Err(unknown_code(vm, ty, arg)),
    }
}

/// `fmt % args` for str and bytes (MicroPython's `str_modulo_format`): `args` is a tuple
/// (its items), a dict (for `%(key)s`) or one value.
pub(crate) fn str_modulo<P: Port>(vm: &mut Vm<P>, fmt: Obj, args: Obj) -> R<Obj> {
    let is_bytes = fmt.is_ptr() && vm.tid(fmt) == T::Bytes;
    let is_tuple = args.is_ptr() && vm.tid(args) == T::Tuple;
    let dict = if args.is_ptr() && vm.tid(args) == T::Dict {
        args
    } else {
        Obj::NULL
    };
    let n_args = if is_tuple { vm.tuple_len(args) } else { 1 };
    let get = |vm: &Vm<P>, i: usize| {
        if is_tuple {
            vm.tuple_get(args, i)
        } else {
            args
        }
    };
    let out = vm.buf_new(if is_bytes { T::Bytes } else { T::Str })?;
    vm.root(fmt)?;
    vm.root(args)?;
    let r = (|| {
        let top = vm.str_len(fmt);
        let ch = |vm: &Vm<P>, i: usize| vm.str_data(fmt)[i];
        let mut arg_i = 0usize;
        let mut i = 0;
        while i < top {
            let mut arg = Obj::NULL;
            if ch(vm, i) != b'%' {
                let mut j = i;
                while j < top && ch(vm, j) != b'%' {
                    j += 1;
                }
                write_part(vm, out, fmt, i, j)?;
                i = j;
                continue;
            }
            i += 1;
            if i >= top {
                return Err(vm.err(T::ValueError, "incomplete format"));
            }
            if ch(vm, i) == b'%' {
                vm.write_bytes(out, b"%")?;
                i += 1;
                continue;
            }
            if ch(vm, i) == b'(' {
                if dict.is_null() {
                    return Err(vm.err(T::TypeError, "format needs a dict"));
                }
                arg_i = 1;
                i += 1;
                let k0 = i;
                while i >= top || ch(vm, i) != b')' {
                    if i >= top {
                        return Err(vm.err(T::ValueError, "incomplete format key"));
                    }
                    i += 1;
                }
                let mut kb = [0u8; 64];
                let kl = (i - k0).min(64);
                kb[..kl].copy_from_slice(&vm.str_data(fmt)[k0..k0 + kl]);
                let k = vm.new_str(&kb[..kl])?;
                arg = match vm.map_get(dict, k)? {
                    Some(v) => v,
                    None => return Err(vm.key_error(k)),
                };
                i += 1;
            }
            let mut flags = 0u32;
            let mut fill = b' ';
            let mut alt = 0u32;
            while i < top {
                match ch(vm, i) {
                    b'-' => flags |= LEFT,
                    b'+' => flags |= SHOW_SIGN,
                    b' ' => flags |= SPACE_SIGN,
                    b'#' => alt = SHOW_PREFIX,
                    b'0' => {
                        flags |= PAD_AFTER_SIGN;
                        fill = b'0';
                    }
                    _ => break,
                }
                i += 1;
            }
            let mut width = 0isize;
            if i < top {
                if ch(vm, i) == b'*' {
                    if arg_i >= n_args {
                        return Err(vm.err(T::TypeError, "format string needs more arguments"));
                    }
                    let w = get(vm, arg_i);
                    width = vm.get_int(w)?;
                    arg_i += 1;
                    i += 1;
                } else {
                    let (w, j) = digits_at(vm.str_data(fmt), i, top);
                    width = w;
                    i = j;
                }
            }
            let mut prec = -1isize;
            if i < top && ch(vm, i) == b'.' {
                i += 1;
                if i < top {
                    if ch(vm, i) == b'*' {
                        if arg_i >= n_args {
                            return Err(vm.err(T::TypeError, "format string needs more arguments"));
                        }
                        let pv = get(vm, arg_i);
                        prec = vm.get_int(pv)?;
                        arg_i += 1;
                        i += 1;
                    } else {
                        let (pv, j) = digits_at(vm.str_data(fmt), i, top);
                        prec = pv;
                        i = j;
                    }
                }
            }
            if i >= top {
                return Err(vm.err(T::ValueError, "incomplete format"));
            }
            if arg.is_null() {
                if arg_i >= n_args {
                    return Err(vm.err(T::TypeError, "format string needs more arguments"));
                }
                arg = get(vm, arg_i);
                arg_i += 1;
            }
            let conv = ch(vm, i);
            let at = i;
            i += 1;
            let p = Pad {
                flags,
                sep: 0,
                fill,
                width,
            };
            vm.root(arg)?;
            let r = (|| match conv {
                b'c' => {
                    let sp = Pad { fill: b' ', ..p };
                    if vm.is_str(arg) {
                        if vm.str_len(arg) != 1 {
                            return Err(vm.err(T::TypeError, "%c needs int or char"));
                        }
                        print_str_part(vm, out, arg, 0, 1, sp)
                    } else if is_int_like(vm, arg) {
                        print_char(vm, out, arg, sp)
                    } else {
                        Err(vm.err(T::TypeError, "integer needed"))
                    }
                }
                b'd' | b'i' | b'u' => {
                    let x = if arg.is_ptr() && vm.tid(arg) == T::Float {
                        let f = vm.float_val(arg);
                        vm.int_from_f64(f)?
                    } else {
                        arg
                    };
                    vm.root(x)?;
                    let r = print_int(vm, out, x, 10, false, p, prec);
                    vm.unroot(1);
                    r
                }
                b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
                    let f = vm.get_float(arg)?;
                    print_float(vm, out, f, conv, prec, p)
                }
                b'o' => {
                    let mut p = p;
                    if alt != 0 {
                        p.flags |= SHOW_PREFIX | OCTAL_LETTER;
                    }
                    print_int(vm, out, arg, 8, false, p, prec)
                }
                b'r' | b's' => {
                    let text =
                        if conv == b's' && is_bytes && arg.is_ptr() && vm.tid(arg) == T::Bytes {
                            arg
                        } else {
                            vm.obj_str(arg, conv == b'r')?
                        };
                    vm.root(text)?;
                    let mut n = vm.str_len(text);
                    if prec >= 0 && n > prec as usize {
                        n = prec as usize;
                    }
                    let r = print_str_part(vm, out, text, 0, n, Pad { fill: b' ', ..p });
                    vm.unroot(1);
                    r
                }
                b'x' | b'X' => {
                    let p = Pad {
                        flags: p.flags | alt,
                        ..p
                    };
                    print_int(vm, out, arg, 16, conv == b'X', p, prec)
                }
                _ => {
                    let c = [conv];
                    let mut hx = [0u8; 8];
                    let hn = crate::text::fmt_hex(&mut hx, conv as usize);
                    Err(vm.errf(
                        T::ValueError,
                        &[
                            Part::S("unsupported format character '"),
                            Part::S(core::str::from_utf8(&c).unwrap_or("?")),
                            Part::S("' (0x"),
                            Part::S(core::str::from_utf8(&hx[..hn]).unwrap_or("?")),
                            Part::S(") at index "),
                            Part::I(at as isize),
                        ],
                    ))
                }
            })();
            vm.unroot(1);
            r?;
        }
        if dict.is_null() && arg_i != n_args {
            return Err(vm.err(T::TypeError, "format string didn't convert all arguments"));
        }
        Ok(())
    })();
    vm.unroot(2);
    let s = vm.buf_finish(out);
    r?;
    Ok(s)
}
