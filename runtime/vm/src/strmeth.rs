//! str and bytes: methods, `%` and `format` formatting, and the `int`/`float`/`str`/`bytes`
//! constructors (MicroPython's `objstr.c`, `objint.c` `mp_obj_int_make_new`, `objfloat.c`).
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::text::Part;
use crate::{Port, Vm, R};

fn strip_set(c: u8, chars: Option<&[u8]>) -> bool {
    match chars {
        Some(cs) => cs.contains(&c),
        None => c.is_ascii_whitespace(),
    }
}

/// Copy a str object's bytes to a small stack buffer (for patterns and separators).
fn small<P: Port>(vm: &Vm<P>, o: Obj, buf: &mut [u8; 64]) -> Option<usize> {
    let d = vm.str_data(o);
    if d.len() > 64 {
        return None;
    }
    buf[..d.len()].copy_from_slice(d);
    Some(d.len())
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    if a.n == 0 {
        return Err(vm.err(T::TypeError, "method needs self"));
    }
    let s = a.get(vm, 0);
    let t = if s.is_qstr() { T::Str } else { vm.tid(s) };
    let is_bytes = t == T::Bytes;
    let arg = |vm: &Vm<P>, i: usize| a.get(vm, i + 1);
    let nargs = a.n - 1;
    let check = |vm: &mut Vm<P>, min: usize, max: usize| {
        arg_count(
            vm,
            &Args {
                base: a.base + 1,
                n: nargs,
                n_kw: 0,
            },
            min,
            max,
        )
    };
    let same_kind = |vm: &mut Vm<P>, o: Obj| -> R<()> {
        let ok = if is_bytes {
            o.is_ptr() && vm.tid(o) == T::Bytes
        } else {
            vm.is_str(o)
        };
        if ok {
            Ok(())
        } else {
            Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("can't convert '"),
                    Part::TypeName(o),
                    Part::S("' object to str implicitly"),
                ],
            ))
        }
    };
    let kind = if is_bytes { T::Bytes } else { T::Str };
    match id {
        STR_JOIN => {
            check(vm, 1, 1)?;
            let items = arg(vm, 0);
            let l = vm.list_from_iter(items)?;
            let base = vm.heap.sp;
            vm.root(l)?;
            let out = vm.buf_new(kind)?;
            let r = (|| {
                for i in 0..vm.list_len(l) {
                    if i > 0 {
                        vm.print_str(out, s)?;
                    }
                    let it = vm.list_get(l, i);
                    same_kind(vm, it).map_err(|_| {
                        vm.err(
                            T::TypeError,
                            "join expects a list of str/bytes objects consistent with self object",
                        )
                    })?;
                    vm.print_str(out, it)?;
                }
                Ok(())
            })();
            let res = vm.buf_finish(out);
            vm.heap.sp = base;
            r?;
            Ok(res)
        }
        STR_SPLIT | STR_RSPLIT => {
            check(vm, 0, 2)?;
            let sep = if nargs > 0 { arg(vm, 0) } else { Obj::NONE };
            let maxsplit = if nargs > 1 {
                let m = arg(vm, 1);
                vm.get_int(m)?
            } else {
                -1
            };
            split(vm, s, sep, maxsplit, id == STR_RSPLIT, kind)
        }
        STR_STRIP | STR_LSTRIP | STR_RSTRIP => {
            check(vm, 0, 1)?;
            let mut cb = [0u8; 64];
            let chars = if nargs > 0 && arg(vm, 0) != Obj::NONE {
                let c = arg(vm, 0);
                same_kind(vm, c)?;
                small(vm, c, &mut cb)
            } else {
                None
            };
            let cs = chars.map(|n| &cb[..n]);
            let d = vm.str_data(s);
            let mut a0 = 0;
            let mut z = d.len();
            if id != STR_RSTRIP {
                while a0 < z && strip_set(d[a0], cs) {
                    a0 += 1;
                }
            }
            if id != STR_LSTRIP {
                while z > a0 && strip_set(d[z - 1], cs) {
                    z -= 1;
                }
            }
            if a0 == 0 && z == d.len() {
                return Ok(s);
            }
            substr(vm, s, a0, z, kind)
        }
        STR_REPLACE => {
            check(vm, 2, 3)?;
            let (old, new) = (arg(vm, 0), arg(vm, 1));
            same_kind(vm, old)?;
            same_kind(vm, new)?;
            let max = if nargs > 2 {
                let m = arg(vm, 2);
                vm.get_int(m)?
            } else {
                -1
            };
            replace(vm, s, old, new, max, kind)
        }
        STR_FIND | STR_RFIND | STR_INDEX | STR_RINDEX | STR_COUNT => {
            check(vm, 1, 3)?;
            let sub = arg(vm, 0);
            same_kind(vm, sub)?;
            let len = vm.str_len(s);
            let mut start = 0usize;
            let mut end = len;
            let fix = |vm: &mut Vm<P>, o: Obj| -> R<usize> {
                if o == Obj::NONE {
                    return Ok(len);
                }
                let v = vm.get_int(o)?;
                Ok(if v < 0 {
                    (v + len as isize).max(0) as usize
                } else {
                    (v as usize).min(len)
                })
            };
            if nargs > 1 {
                let o = arg(vm, 1);
                start = if o == Obj::NONE { 0 } else { fix(vm, o)? };
            }
            if nargs > 2 {
                let o = arg(vm, 2);
                end = fix(vm, o)?;
            }
            let h = vm.str_data(s);
            let n = vm.str_data(sub);
            if id == STR_COUNT {
                if start > end {
                    return Ok(Obj::small(0));
                }
                let hay = &h[start..end];
                if n.is_empty() {
                    return Ok(Obj::small(crate::text::char_count(hay) as isize + 1));
                }
                let mut c = 0;
                let mut i = 0;
                while i + n.len() <= hay.len() {
                    if &hay[i..i + n.len()] == n {
                        c += 1;
                        i += n.len();
                    } else {
                        i += 1;
                    }
                }
                return Ok(Obj::small(c));
            }
            let found = if start > end || end - start < n.len() {
                None
            } else {
                let hay = &h[start..end];
                if id == STR_FIND || id == STR_INDEX {
                    (0..=hay.len() - n.len()).find(|&i| &hay[i..i + n.len()] == n)
                } else {
                    (0..=hay.len() - n.len())
                        .rev()
                        .find(|&i| &hay[i..i + n.len()] == n)
                }
            };
            match found {
                Some(i) => {
                    let bi = start + i;
                    let ci = if h.is_ascii() {
                        bi
                    } else {
                        crate::text::char_count(&h[..bi])
                    };
                    Ok(Obj::small(ci as isize))
                }
                None => {
                    if id == STR_INDEX || id == STR_RINDEX {
                        Err(vm.err(T::ValueError, "substring not found"))
                    } else {
                        Ok(Obj::small(-1))
                    }
                }
            }
        }
        STR_STARTSWITH | STR_ENDSWITH => {
            check(vm, 1, 3)?;
            let p = arg(vm, 0);
            let len = vm.str_len(s) as isize;
            let fix = |v: isize| -> usize {
                (if v < 0 { (v + len).max(0) } else { v.min(len) }) as usize
            };
            let mut start = 0;
            let mut end = len as usize;
            if nargs > 1 {
                let o = arg(vm, 1);
                start = fix(vm.get_int(o)?);
            }
            if nargs > 2 {
                let o = arg(vm, 2);
                end = fix(vm.get_int(o)?);
            }
            let check_one = |vm: &mut Vm<P>, p: Obj| -> R<bool> {
                same_kind(vm, p)?;
                let h = vm.str_data(s);
                if start > end {
                    return Ok(false);
                }
                let h = h.get(start..end).unwrap_or(&[]);
                let n = vm.str_data(p);
                Ok(if id == STR_STARTSWITH {
                    h.starts_with(n)
                } else {
                    h.ends_with(n)
                })
            };
            if p.is_ptr() && vm.tid(p) == T::Tuple {
                for i in 0..vm.tuple_len(p) {
                    let x = vm.tuple_get(p, i);
                    if check_one(vm, x)? {
                        return Ok(Obj::TRUE);
                    }
                }
                return Ok(Obj::FALSE);
            }
            check_one(vm, p).map(Obj::bool)
        }
        STR_UPPER | STR_LOWER => {
            check(vm, 0, 0)?;
            let len = vm.str_len(s);
            vm.root(s)?;
            let r = vm.new_str_raw(kind, len);
            vm.unroot(1);
            let (o, off) = r?;
            for i in 0..len {
                let c = vm.str_data(s)[i];
                let c = if id == STR_UPPER {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                };
                vm.heap.bytes_mut(off + i, 1)[0] = c;
            }
            Ok(vm.finish_str(o))
        }
        STR_FORMAT => format(vm, s, a),
        STR_ISDIGIT | STR_ISALPHA | STR_ISSPACE | STR_ISUPPER | STR_ISLOWER | STR_ISALNUM => {
            check(vm, 0, 0)?;
            let d = vm.str_data(s);
            if d.is_empty() {
                return Ok(Obj::FALSE);
            }
            let r = match id {
                STR_ISDIGIT => d.iter().all(|c| c.is_ascii_digit()),
                STR_ISALPHA => d.iter().all(|c| c.is_ascii_alphabetic()),
                STR_ISSPACE => d.iter().all(|c| c.is_ascii_whitespace()),
                STR_ISALNUM => d.iter().all(|c| c.is_ascii_alphanumeric()),
                STR_ISUPPER => {
                    d.iter().any(|c| c.is_ascii_alphabetic())
                        && !d.iter().any(|c| c.is_ascii_lowercase())
                }
                _ => {
                    d.iter().any(|c| c.is_ascii_alphabetic())
                        && !d.iter().any(|c| c.is_ascii_uppercase())
                }
            };
            Ok(Obj::bool(r))
        }
        STR_ENCODE | STR_DECODE => {
            let to = if id == STR_ENCODE { T::Bytes } else { T::Str };
            if id == STR_DECODE && core::str::from_utf8(vm.str_data(s)).is_err() {
                return Err(vm.err(T::UnicodeError, ""));
            }
            let len = vm.str_len(s);
            vm.root(s)?;
            let r = vm.new_str_raw(to, len);
            vm.unroot(1);
            let (o, off) = r?;
            let mut tmp = [0u8; 64];
            let mut done = 0;
            while done < len {
                let n = (len - done).min(64);
                tmp[..n].copy_from_slice(&vm.str_data(s)[done..done + n]);
                vm.heap.bytes_mut(off + done, n).copy_from_slice(&tmp[..n]);
                done += n;
            }
            let o = vm.finish_str(o);
            if to == T::Str && len == 0 {
                return Ok(Obj::qstr(1));
            }
            Ok(o)
        }
        STR_PARTITION | STR_RPARTITION => {
            check(vm, 1, 1)?;
            let sep = arg(vm, 0);
            same_kind(vm, sep)?;
            let h = vm.str_data(s);
            let n = vm.str_data(sep);
            if n.is_empty() {
                return Err(vm.err(T::ValueError, "empty separator"));
            }
            let pos = if h.len() < n.len() {
                None
            } else if id == STR_PARTITION {
                (0..=h.len() - n.len()).find(|&i| &h[i..i + n.len()] == n)
            } else {
                (0..=h.len() - n.len())
                    .rev()
                    .find(|&i| &h[i..i + n.len()] == n)
            };
            let hl = h.len();
            let nl = n.len();
            let empty = if is_bytes {
                vm.new_strish(T::Bytes, b"")?
            } else {
                Obj::qstr(1)
            };
            let base = vm.heap.sp;
            vm.root(empty)?;
            let r = (|| match pos {
                Some(p) => {
                    let x = substr(vm, s, 0, p, kind)?;
                    vm.root(x)?;
                    let z = substr(vm, s, p + nl, hl, kind)?;
                    vm.root(z)?;
                    vm.new_tuple_from(&[x, sep, z])
                }
                None => {
                    if id == STR_PARTITION {
                        vm.new_tuple_from(&[s, empty, empty])
                    } else {
                        vm.new_tuple_from(&[empty, empty, s])
                    }
                }
            })();
            vm.heap.sp = base;
            r
        }
        STR_SPLITLINES => {
            let l = vm.new_list(0)?;
            vm.root(l)?;
            let r = (|| {
                let len = vm.str_len(s);
                let mut i = 0;
                let mut start = 0;
                while i < len {
                    let c = vm.str_data(s)[i];
                    if c == b'\n' || c == b'\r' {
                        let piece = substr(vm, s, start, i, kind)?;
                        vm.list_append(l, piece)?;
                        if c == b'\r' && vm.str_data(s).get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        start = i + 1;
                    }
                    i += 1;
                }
                if start < len {
                    let piece = substr(vm, s, start, len, kind)?;
                    vm.list_append(l, piece)?;
                }
                Ok(l)
            })();
            vm.unroot(1);
            r
        }
        STR_CENTER | STR_LJUST | STR_RJUST | STR_ZFILL => {
            check(vm, 1, 2)?;
            let w = arg(vm, 0);
            let w = vm.get_int(w)?.max(0) as usize;
            let fill = if nargs > 1 {
                vm.str_data(arg(vm, 1)).first().copied().unwrap_or(b' ')
            } else if id == STR_ZFILL {
                b'0'
            } else {
                b' '
            };
            let len = crate::text::char_count(vm.str_data(s));
            if w <= len {
                return Ok(s);
            }
            let pad = w - len;
            let (left, right) = match id {
                STR_CENTER => {
                    let l = pad / 2 + (pad & w & 1);
                    (l, pad - l)
                }
                STR_LJUST => (0, pad),
                _ => (pad, 0),
            };
            let out = vm.buf_new(kind)?;
            vm.root(s)?;
            let r = (|| {
                let d0 = vm.str_data(s).first().copied();
                let mut skip = 0;
                if id == STR_ZFILL && matches!(d0, Some(b'-') | Some(b'+')) {
                    vm.write_bytes(out, &[d0.unwrap_or(b'-')])?;
                    skip = 1;
                }
                for _ in 0..left {
                    vm.write_bytes(out, &[fill])?;
                }
                let len = vm.str_len(s);
                let rest = substr(vm, s, skip, len, kind)?;
                vm.print_str(out, rest)?;
                for _ in 0..right {
                    vm.write_bytes(out, &[fill])?;
                }
                Ok(())
            })();
            vm.unroot(1);
            let res = vm.buf_finish(out);
            r?;
            Ok(res)
        }
        _ => Err(vm.err(T::NotImplementedError, "str method")),
    }
}

/// `s[a:z]` by byte offsets.
pub(crate) fn substr<P: Port>(vm: &mut Vm<P>, s: Obj, a: usize, z: usize, kind: T) -> R<Obj> {
    if a >= z {
        return if kind == T::Str {
            Ok(Obj::qstr(1))
        } else {
            vm.new_strish(T::Bytes, b"")
        };
    }
    vm.root(s)?;
    let r = vm.new_str_raw(kind, z - a);
    vm.unroot(1);
    let (o, off) = r?;
    if let Some(so) = str_heap_off(vm, s) {
        vm.heap.copy_within(so + a, off, z - a);
    } else {
        let d = vm.str_data(s);
        let mut tmp = [0u8; 64];
        let n = (z - a).min(64);
        tmp[..n].copy_from_slice(&d[a..a + n]);
        vm.heap.bytes_mut(off, n).copy_from_slice(&tmp[..n]);
    }
    if kind == T::Str && z - a == 1 {
        let c = vm.str_data(o)[0];
        if let Some(q) = mpy_format::qstr::pool_number(&[c]) {
            return Ok(Obj::qstr(q));
        }
    }
    Ok(vm.finish_str(o))
}

fn str_heap_off<P: Port>(vm: &Vm<P>, s: Obj) -> Option<usize> {
    if s.is_qstr() {
        let q = s.qstr_val();
        if q < mpy_format::qstr::POOL.len() {
            None
        } else {
            Some(vm.dyn_qstr_span(q).0)
        }
    } else {
        Some(vm.str_data_off(s))
    }
}

fn split<P: Port>(
    vm: &mut Vm<P>,
    s: Obj,
    sep: Obj,
    maxsplit: isize,
    right: bool,
    kind: T,
) -> R<Obj> {
    let l = vm.new_list(0)?;
    let base = vm.heap.sp;
    vm.root(l)?;
    vm.root(s)?;
    let r = (|| {
        let len = vm.str_len(s);
        let mut pieces: [(usize, usize); 0] = [];
        let _ = &mut pieces;
        if sep == Obj::NONE {
            // Whitespace split (left to right; rsplit with maxsplit handled by reversing).
            let d_ws = |vm: &Vm<P>, i: usize| vm.str_data(s)[i].is_ascii_whitespace();
            if !right || maxsplit < 0 {
                let mut i = 0;
                let mut n = 0;
                while i < len {
                    while i < len && d_ws(vm, i) {
                        i += 1;
                    }
                    if i >= len {
                        break;
                    }
                    if maxsplit >= 0 && n >= maxsplit {
                        let p = substr(vm, s, i, len, kind)?;
                        vm.list_append(l, p)?;
                        break;
                    }
                    let st = i;
                    while i < len && !d_ws(vm, i) {
                        i += 1;
                    }
                    let p = substr(vm, s, st, i, kind)?;
                    vm.list_append(l, p)?;
                    n += 1;
                }
            } else {
                let mut z = len;
                let mut n = 0;
                while z > 0 {
                    while z > 0 && d_ws(vm, z - 1) {
                        z -= 1;
                    }
                    if z == 0 {
                        break;
                    }
                    if n >= maxsplit {
                        let mut a = 0;
                        while a < z && d_ws(vm, a) {
                            a += 1;
                        }
                        let p = substr(vm, s, a, z, kind)?;
                        vm.list_insert(l, 0, p)?;
                        break;
                    }
                    let e = z;
                    while z > 0 && !d_ws(vm, z - 1) {
                        z -= 1;
                    }
                    let p = substr(vm, s, z, e, kind)?;
                    vm.list_insert(l, 0, p)?;
                    n += 1;
                }
            }
            return Ok(l);
        }
        let mut sb = [0u8; 64];
        let Some(sl) = small(vm, sep, &mut sb) else {
            return Err(vm.err(T::ValueError, "separator too long"));
        };
        if sl == 0 {
            return Err(vm.err(T::ValueError, "empty separator"));
        }
        let sepb = &sb[..sl];
        let mut n = 0;
        if !right {
            let mut start = 0;
            let mut i = 0;
            while i + sl <= len {
                if maxsplit >= 0 && n >= maxsplit {
                    break;
                }
                if &vm.str_data(s)[i..i + sl] == sepb {
                    let p = substr(vm, s, start, i, kind)?;
                    vm.list_append(l, p)?;
                    n += 1;
                    i += sl;
                    start = i;
                } else {
                    i += 1;
                }
            }
            let p = substr(vm, s, start, len, kind)?;
            vm.list_append(l, p)?;
        } else {
            let mut end = len;
            let mut i = len;
            while i >= sl {
                if maxsplit >= 0 && n >= maxsplit {
                    break;
                }
                if &vm.str_data(s)[i - sl..i] == sepb {
                    let p = substr(vm, s, i, end, kind)?;
                    vm.list_insert(l, 0, p)?;
                    n += 1;
                    i -= sl;
                    end = i;
                } else {
                    i -= 1;
                }
            }
            let p = substr(vm, s, 0, end, kind)?;
            vm.list_insert(l, 0, p)?;
        }
        Ok(l)
    })();
    vm.heap.sp = base;
    r
}

fn replace<P: Port>(vm: &mut Vm<P>, s: Obj, old: Obj, new: Obj, max: isize, kind: T) -> R<Obj> {
    let mut ob = [0u8; 64];
    let Some(ol) = small(vm, old, &mut ob) else {
        return Err(vm.err(T::ValueError, "pattern too long"));
    };
    let len = vm.str_len(s);
    let out = vm.buf_new(kind)?;
    let base = vm.heap.sp;
    vm.root(s)?;
    vm.root(new)?;
    let r = (|| {
        let mut i = 0;
        let mut n = 0;
        let mut start = 0;
        let mut changed = false;
        if ol == 0 {
            // Insert `new` between characters.
            while i <= len && (max < 0 || n < max) {
                vm.print_str(out, new)?;
                if i < len {
                    let c = vm.str_data(s)[i];
                    vm.write_bytes(out, &[c])?;
                }
                i += 1;
                n += 1;
                changed = true;
            }
            if i < len {
                let rest = substr(vm, s, i, len, kind)?;
                vm.print_str(out, rest)?;
            }
            return Ok(changed);
        }
        while i + ol <= len {
            if (max < 0 || n < max) && vm.str_data(s)[i..i + ol] == ob[..ol] {
                let piece = substr(vm, s, start, i, kind)?;
                vm.print_str(out, piece)?;
                vm.print_str(out, new)?;
                i += ol;
                start = i;
                n += 1;
                changed = true;
            } else {
                i += 1;
            }
        }
        let piece = substr(vm, s, start, len, kind)?;
        vm.print_str(out, piece)?;
        Ok(changed)
    })();
    vm.heap.sp = base + 2;
    vm.unroot(2);
    let res = vm.buf_finish(out);
    match r? {
        true => Ok(res),
        false => Ok(s),
    }
}

/// `fmt % args`.
pub(crate) fn percent<P: Port>(vm: &mut Vm<P>, fmt: Obj, args: Obj) -> R<Obj> {
    let is_tuple = args.is_ptr() && vm.tid(args) == T::Tuple;
    let is_dict = args.is_ptr() && vm.tid(args) == T::Dict;
    let n_args = if is_tuple { vm.tuple_len(args) } else { 1 };
    let out = vm.buf_new(T::Str)?;
    let base = vm.heap.sp;
    vm.root(fmt)?;
    vm.root(args)?;
    let r = (|| {
        let len = vm.str_len(fmt);
        let mut i = 0;
        let mut ai = 0;
        while i < len {
            let c = vm.str_data(fmt)[i];
            if c != b'%' {
                let mut j = i;
                while j < len && vm.str_data(fmt)[j] != b'%' {
                    j += 1;
                }
                let piece = substr(vm, fmt, i, j, T::Str)?;
                vm.print_str(out, piece)?;
                i = j;
                continue;
            }
            i += 1;
            let Some(&c) = vm.str_data(fmt).get(i) else {
                return Err(vm.err(T::ValueError, "incomplete format"));
            };
            if c == b'%' {
                vm.write_bytes(out, b"%")?;
                i += 1;
                continue;
            }
            let mut arg = Obj::NULL;
            if c == b'(' {
                let st = i + 1;
                let mut j = st;
                while j < len && vm.str_data(fmt)[j] != b')' {
                    j += 1;
                }
                let key = substr(vm, fmt, st, j, T::Str)?;
                if !is_dict {
                    return Err(vm.err(T::TypeError, "format requires a dict"));
                }
                arg = vm.subscr(args, key, Obj::SENTINEL)?;
                i = j + 1;
            }
            // flags, width, precision
            let mut spec = Spec {
                percent: true,
                ..Spec::default()
            };
            while let Some(&f) = vm.str_data(fmt).get(i) {
                match f {
                    b'-' => spec.align = b'<',
                    b'+' => spec.sign = b'+',
                    b' ' => spec.sign = b' ',
                    b'0' => spec.fill = b'0',
                    b'#' => spec.alt = true,
                    _ => break,
                }
                i += 1;
            }
            let next_arg = |vm: &mut Vm<P>, ai: &mut usize| -> R<Obj> {
                if *ai >= n_args {
                    return Err(vm.err(T::TypeError, "format string needs more arguments"));
                }
                let v = if is_tuple {
                    vm.tuple_get(args, *ai)
                } else {
                    args
                };
                *ai += 1;
                Ok(v)
            };
            if vm.str_data(fmt).get(i) == Some(&b'*') {
                let w = next_arg(vm, &mut ai)?;
                spec.width = vm.get_int(w)?.max(0) as usize;
                i += 1;
            } else {
                while let Some(&d) = vm.str_data(fmt).get(i).filter(|d| d.is_ascii_digit()) {
                    spec.width = spec.width * 10 + (d - b'0') as usize;
                    i += 1;
                }
            }
            if vm.str_data(fmt).get(i) == Some(&b'.') {
                i += 1;
                let mut p = 0;
                while let Some(&d) = vm.str_data(fmt).get(i).filter(|d| d.is_ascii_digit()) {
                    p = p * 10 + (d - b'0') as usize;
                    i += 1;
                }
                spec.prec = Some(p);
            }
            let Some(&conv) = vm.str_data(fmt).get(i) else {
                return Err(vm.err(T::ValueError, "incomplete format"));
            };
            spec.index = i;
            i += 1;
            if arg.is_null() {
                arg = next_arg(vm, &mut ai)?;
            }
            vm.root(arg)?;
            let r = format_one(vm, out, arg, conv, &spec);
            vm.unroot(1);
            r?;
        }
        if is_tuple && ai < n_args {
            return Err(vm.err(T::TypeError, "format string didn't convert all arguments"));
        }
        Ok(())
    })();
    vm.heap.sp = base;
    let s = vm.buf_finish(out);
    r?;
    Ok(s)
}

/// A parsed format spec.
#[derive(Default, Clone, Copy)]
pub(crate) struct Spec {
    pub fill: u8,
    pub align: u8,
    pub sign: u8,
    pub alt: bool,
    pub width: usize,
    pub prec: Option<usize>,
    /// `,` thousands separator.
    pub comma: bool,
    /// `%`-formatting: right-align everything by default.
    pub percent: bool,
    /// Index of the conversion character in a `%` format (for error messages).
    pub index: usize,
}

/// Two hex digits of a letter (the `%` error message names the character's code).
fn hex2(c: u8) -> &'static str {
    match c {
        b'a'..=b'z' => [
            "61", "62", "63", "64", "65", "66", "67", "68", "69", "6a", "6b", "6c", "6d", "6e",
            "6f", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "7a",
        ][(c - b'a') as usize],
        b'A'..=b'Z' => [
            "41", "42", "43", "44", "45", "46", "47", "48", "49", "4a", "4b", "4c", "4d", "4e",
            "4f", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "5a",
        ][(c - b'A') as usize],
        _ => "?",
    }
}

/// Format one value with conversion `conv` (`s r d i x X o b c f e g %`).
pub(crate) fn format_one<P: Port>(
    vm: &mut Vm<P>,
    out: Out,
    arg: Obj,
    conv: u8,
    spec: &Spec,
) -> R<()> {
    let text = match conv {
        b's' | b'r' | 0 => {
            let s = vm.obj_str(arg, conv == b'r')?;
            if let Some(p) = spec.prec {
                let d = vm.str_data(s);
                let z = crate::text::char_offset(d, p);
                substr(vm, s, 0, z, T::Str)?
            } else {
                s
            }
        }
        b'd' | b'i' | b'x' | b'X' | b'o' | b'b' if vm.is_bigint(arg) => {
            let (radix, prefix) = match conv {
                b'x' => (16, if spec.alt { "0x" } else { "" }),
                b'X' => (16, if spec.alt { "0X" } else { "" }),
                b'o' => (8, if spec.alt { "0o" } else { "" }),
                b'b' => (2, if spec.alt { "0b" } else { "" }),
                _ => (10, ""),
            };
            let s = vm.int_text(
                arg,
                radix,
                prefix,
                conv == b'X',
                if spec.comma { b',' } else { 0 },
            )?;
            if spec.sign != 0 && vm.int_to_f64(arg) >= 0.0 {
                vm.root(s)?;
                let sign = vm.new_str(&[spec.sign]);
                vm.unroot(1);
                let sign = sign?;
                vm.root(s)?;
                let r = vm.new_str2(T::Str, sign, s);
                vm.unroot(1);
                r?
            } else {
                s
            }
        }
        b'd' | b'i' | b'x' | b'X' | b'o' | b'b' => {
            let v = match vm.int_val(arg) {
                Some(v) => v,
                None => {
                    if arg.is_ptr() && vm.tid(arg) == T::Float {
                        vm.float_val(arg) as i128
                    } else {
                        return Err(vm.errf(
                            T::TypeError,
                            &[
                                Part::S("can't convert "),
                                Part::TypeName(arg),
                                Part::S(" to int"),
                            ],
                        ));
                    }
                }
            };
            let (radix, prefix) = match conv {
                b'x' => (16, if spec.alt { "0x" } else { "" }),
                b'X' => (16, if spec.alt { "0X" } else { "" }),
                b'o' => (8, if spec.alt { "0o" } else { "" }),
                b'b' => (2, if spec.alt { "0b" } else { "" }),
                _ => (10, ""),
            };
            let s = if spec.comma && radix == 10 {
                let mut digits = [0u8; 60];
                let mut t = [0u8; 90];
                let mut u = v.unsigned_abs();
                let mut n = 0;
                loop {
                    digits[n] = b'0' + (u % 10) as u8;
                    n += 1;
                    u /= 10;
                    if u == 0 {
                        break;
                    }
                }
                let mut k = 0;
                if v < 0 {
                    t[k] = b'-';
                    k += 1;
                }
                for i in (0..n).rev() {
                    t[k] = digits[i];
                    k += 1;
                    if i > 0 && i % 3 == 0 {
                        t[k] = b',';
                        k += 1;
                    }
                }
                vm.new_str(&t[..k])?
            } else {
                int_to_str_radix(vm, v, radix, prefix, conv == b'X')?
            };
            if spec.sign != 0 && v >= 0 {
                vm.root(s)?;
                let sign = vm.new_str(&[spec.sign]);
                vm.unroot(1);
                let sign = sign?;
                vm.root(s)?;
                let r = vm.new_str2(T::Str, sign, s);
                vm.unroot(1);
                r?
            } else {
                s
            }
        }
        b'c' => {
            if vm.is_str(arg) {
                arg
            } else {
                let v = vm.get_int(arg)?;
                let ch = char::from_u32(v as u32).unwrap_or('?');
                let mut b = [0u8; 4];
                vm.new_str(ch.encode_utf8(&mut b).as_bytes())?
            }
        }
        b'f' | b'F' | b'e' | b'E' | b'g' | b'G' | b'%' => {
            let f = vm.get_float(arg)?;
            let mut buf = [0u8; 64];
            let prec = spec.prec.map_or(-1, |p| p.min(1000) as i32);
            let n = crate::fmtfloat::format(&mut buf, f, conv, prec, spec.sign);
            vm.new_str(&buf[..n])?
        }
        _ => {
            return Err(vm.errf(
                T::ValueError,
                &[
                    Part::S("unsupported format character '"),
                    Part::S(core::str::from_utf8(&[conv]).unwrap_or("?")),
                    Part::S("' (0x"),
                    Part::S(hex2(conv)),
                    Part::S(") at index "),
                    Part::I(spec.index as isize),
                ],
            ))
        }
    };
    vm.root(text)?;
    let len = crate::text::char_count(vm.str_data(text));
    let r = (|| {
        if len >= spec.width {
            return vm.print_str(out, text);
        }
        let pad = spec.width - len;
        let numeric = !matches!(conv, b's' | b'r' | b'c' | 0);
        let align = if spec.align != 0 {
            spec.align
        } else if numeric || spec.percent {
            b'>'
        } else {
            b'<'
        };
        let fill = if spec.fill != 0 { spec.fill } else { b' ' };
        if (align == b'=' || (fill == b'0' && spec.align == 0)) && numeric {
            // Zero padding goes after the sign.
            let d0 = vm.str_data(text).first().copied();
            let mut start = 0;
            if matches!(d0, Some(b'-') | Some(b'+') | Some(b' ')) {
                vm.write_bytes(out, &[d0.unwrap_or(b'-')])?;
                start = 1;
            }
            for _ in 0..pad {
                vm.write_bytes(out, &[fill])?;
            }
            let l = vm.str_len(text);
            let rest = substr(vm, text, start, l, T::Str)?;
            return vm.print_str(out, rest);
        }
        let (l, rr) = match align {
            b'<' => (0, pad),
            b'^' => (pad / 2, pad - pad / 2),
            _ => (pad, 0),
        };
        for _ in 0..l {
            vm.write_bytes(out, &[fill])?;
        }
        vm.print_str(out, text)?;
        for _ in 0..rr {
            vm.write_bytes(out, &[fill])?;
        }
        Ok(())
    })();
    vm.unroot(1);
    r
}

/// `str.format`.
fn format<P: Port>(vm: &mut Vm<P>, fmt: Obj, a: &Args) -> R<Obj> {
    let out = vm.buf_new(T::Str)?;
    let base = vm.heap.sp;
    let r = (|| {
        let len = vm.str_len(fmt);
        let mut i = 0;
        let mut auto = 0usize;
        while i < len {
            let c = vm.str_data(fmt)[i];
            if c == b'}' {
                if vm.str_data(fmt).get(i + 1) == Some(&b'}') {
                    vm.write_bytes(out, b"}")?;
                    i += 2;
                    continue;
                }
                return Err(vm.err(T::ValueError, "single '}' encountered in format string"));
            }
            if c != b'{' {
                vm.write_bytes(out, &[c])?;
                i += 1;
                continue;
            }
            if vm.str_data(fmt).get(i + 1) == Some(&b'{') {
                vm.write_bytes(out, b"{")?;
                i += 2;
                continue;
            }
            // {field[!conv][:spec]}
            let st = i + 1;
            let mut j = st;
            let mut depth = 0;
            while j < len {
                let c = vm.str_data(fmt)[j];
                if c == b'{' {
                    depth += 1;
                } else if c == b'}' {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                }
                j += 1;
            }
            if j >= len {
                return Err(vm.err(T::ValueError, "expected '}' before end of string"));
            }
            let mut field = [0u8; 64];
            let fl = (j - st).min(64);
            field[..fl].copy_from_slice(&vm.str_data(fmt)[st..st + fl]);
            i = j + 1;
            let f = &field[..fl];
            let (name, rest) = match f.iter().position(|&c| c == b'!' || c == b':') {
                Some(p) => (&f[..p], &f[p..]),
                None => (f, &f[fl..]),
            };
            let mut conv = 0u8;
            let mut spec_txt: &[u8] = &[];
            if rest.first() == Some(&b'!') {
                conv = rest.get(1).copied().unwrap_or(b's');
                if rest.get(2) == Some(&b':') {
                    spec_txt = &rest[3..];
                }
            } else if rest.first() == Some(&b':') {
                spec_txt = &rest[1..];
            }
            // Resolve the field name: index, keyword, then .attr / [key] parts.
            let head_end = name
                .iter()
                .position(|&c| c == b'.' || c == b'[')
                .unwrap_or(name.len());
            let head = &name[..head_end];
            let mut v = if head.is_empty() {
                let k = auto;
                auto += 1;
                if k + 1 >= a.n {
                    return Err(vm.err(T::IndexError, "tuple index out of range"));
                }
                a.get(vm, k + 1)
            } else if head.iter().all(|c| c.is_ascii_digit()) {
                let k = head
                    .iter()
                    .fold(0usize, |x, &d| x * 10 + (d - b'0') as usize);
                if k + 1 >= a.n {
                    return Err(vm.err(T::IndexError, "tuple index out of range"));
                }
                a.get(vm, k + 1)
            } else {
                let key = core::str::from_utf8(head).unwrap_or("");
                match a.kw(vm, key) {
                    Some(v) => v,
                    None => {
                        let k = vm.new_str(head)?;
                        return Err(vm.key_error(k));
                    }
                }
            };
            let mut p = head_end;
            while p < name.len() {
                if name[p] == b'.' {
                    let e = name[p + 1..]
                        .iter()
                        .position(|&c| c == b'.' || c == b'[')
                        .map_or(name.len(), |x| x + p + 1);
                    let q = vm.intern(&name[p + 1..e])?;
                    v = vm.load_attr(v, q)?;
                    p = e;
                } else {
                    let e = name[p..]
                        .iter()
                        .position(|&c| c == b']')
                        .map_or(name.len(), |x| x + p);
                    let key = &name[p + 1..e];
                    let k = if key.iter().all(|c| c.is_ascii_digit()) && !key.is_empty() {
                        Obj::small(
                            key.iter()
                                .fold(0isize, |x, &d| x * 10 + (d - b'0') as isize),
                        )
                    } else {
                        vm.new_str(key)?
                    };
                    v = vm.subscr(v, k, Obj::SENTINEL)?;
                    p = e + 1;
                }
            }
            vm.root(v)?;
            // Nested fields in the spec (`{x:>{w}}`): substitute their str().
            let mut spec_buf = [0u8; 64];
            let mut sl = 0;
            let mut k = 0;
            while k < spec_txt.len() {
                if spec_txt[k] == b'{' {
                    let e = spec_txt[k..]
                        .iter()
                        .position(|&c| c == b'}')
                        .map_or(spec_txt.len(), |p| p + k);
                    let inner = &spec_txt[k + 1..e];
                    let val = if inner.is_empty() {
                        let i = auto;
                        auto += 1;
                        if i + 1 >= a.n {
                            return Err(vm.err(T::IndexError, "tuple index out of range"));
                        }
                        a.get(vm, i + 1)
                    } else if inner.iter().all(|c| c.is_ascii_digit()) {
                        let i = inner
                            .iter()
                            .fold(0usize, |x, &d| x * 10 + (d - b'0') as usize);
                        if i + 1 >= a.n {
                            return Err(vm.err(T::IndexError, "tuple index out of range"));
                        }
                        a.get(vm, i + 1)
                    } else {
                        a.kw(vm, core::str::from_utf8(inner).unwrap_or(""))
                            .unwrap_or(Obj::qstr(1))
                    };
                    let s = vm.obj_str(val, false)?;
                    for &c in vm.str_data(s) {
                        if sl < spec_buf.len() {
                            spec_buf[sl] = c;
                            sl += 1;
                        }
                    }
                    k = e + 1;
                } else {
                    if sl < spec_buf.len() {
                        spec_buf[sl] = spec_txt[k];
                        sl += 1;
                    }
                    k += 1;
                }
            }
            let (spec, ty) = parse_spec(&spec_buf[..sl]);
            let r = if conv == b'r' || conv == b's' || conv == b'a' {
                let s = vm.obj_str(v, conv != b's')?;
                format_one(vm, out, s, 0, &spec)
            } else {
                let ty = if ty == 0 {
                    if vm.is_str(v) {
                        b's'
                    } else if vm.is_int(v) && !(v == Obj::TRUE || v == Obj::FALSE) {
                        b'd'
                    } else if v.is_ptr() && vm.tid(v) == T::Float {
                        if spec.prec.is_some() {
                            b'g'
                        } else {
                            0
                        }
                    } else {
                        0
                    }
                } else {
                    ty
                };
                if ty == 0 && v.is_ptr() && vm.tid(v) == T::Float {
                    let s = vm.obj_str(v, false)?;
                    let mut sp = spec;
                    if sp.align == 0 {
                        sp.align = b'>';
                    }
                    format_one(vm, out, s, 0, &sp)
                } else {
                    format_one(vm, out, v, ty, &spec)
                }
            };
            vm.unroot(1);
            r?;
        }
        Ok(())
    })();
    vm.heap.sp = base;
    let s = vm.buf_finish(out);
    r?;
    Ok(s)
}

/// Parse `[[fill]align][sign][#][0][width][,][.precision][type]`.
fn parse_spec(s: &[u8]) -> (Spec, u8) {
    let mut sp = Spec::default();
    let mut i = 0;
    let is_align = |c: u8| matches!(c, b'<' | b'>' | b'^' | b'=');
    if s.len() >= 2 && is_align(s[1]) {
        sp.fill = s[0];
        sp.align = s[1];
        i = 2;
    } else if !s.is_empty() && is_align(s[0]) {
        sp.align = s[0];
        i = 1;
    }
    if let Some(&c) = s.get(i) {
        if matches!(c, b'+' | b'-' | b' ') {
            sp.sign = if c == b'-' { 0 } else { c };
            i += 1;
        }
    }
    if s.get(i) == Some(&b'#') {
        sp.alt = true;
        i += 1;
    }
    if s.get(i) == Some(&b'0') {
        if sp.fill == 0 {
            sp.fill = b'0';
            if sp.align == 0 {
                sp.align = b'=';
            }
        }
        i += 1;
    }
    while let Some(&d) = s.get(i).filter(|d| d.is_ascii_digit()) {
        sp.width = sp.width * 10 + (d - b'0') as usize;
        i += 1;
    }
    if s.get(i) == Some(&b',') {
        sp.comma = true;
        i += 1;
    }
    if s.get(i) == Some(&b'.') {
        i += 1;
        let mut p = 0;
        while let Some(&d) = s.get(i).filter(|d| d.is_ascii_digit()) {
            p = p * 10 + (d - b'0') as usize;
            i += 1;
        }
        sp.prec = Some(p);
    }
    (sp, s.get(i).copied().unwrap_or(0))
}

/// `int(x[, base])`.
pub(crate) fn int_new<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(
        vm,
        &Args {
            base: a.base,
            n: a.n,
            n_kw: 0,
        },
        0,
        2,
    )?;
    if a.n == 0 {
        return Ok(Obj::small(0));
    }
    let o = a.get(vm, 0);
    if a.n == 1 {
        if let Some(v) = vm.int_val(o) {
            return vm.new_int(v);
        }
        if o.is_ptr() && vm.tid(o) == T::Float {
            let f = vm.float_val(o);
            if f.is_nan() {
                return Err(vm.err(T::ValueError, "can't convert NaN to int"));
            }
            if f.is_infinite() {
                return Err(vm.err(T::OverflowError, "can't convert inf to int"));
            }
            return vm.int_from_f64(f);
        }
        if vm.is_user_instance(o) {
            if let Some(m) = vm.lookup_special(o, crate::qs!(vm, "__int__"))? {
                return vm.call_method_obj(m, o, &[]);
            }
        }
    }
    let base = if a.n == 2 {
        let b = a.get(vm, 1);
        vm.get_int(b)? as u32
    } else {
        10
    };
    if vm.is_str(o) || (o.is_ptr() && matches!(vm.tid(o), T::Bytes | T::ByteArray)) {
        if let Some(v) = vm.parse_big_obj(o, base)? {
            return Ok(v);
        }
        let s = vm.obj_str(o, true)?;
        return Err(vm.errf(
            T::ValueError,
            &[
                Part::S("invalid syntax for integer with base "),
                Part::I(base as isize),
                Part::S(": "),
                Part::O(s),
            ],
        ));
    }
    Err(vm.errf(
        T::TypeError,
        &[
            Part::S("can't convert "),
            Part::TypeName(o),
            Part::S(" to int"),
        ],
    ))
}

/// `float(x)`.
pub(crate) fn float_new<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 1)?;
    if a.n == 0 {
        return vm.new_float(0.0);
    }
    let o = a.get(vm, 0);
    if vm.is_str(o) {
        let d = vm.str_data(o);
        let v = core::str::from_utf8(d)
            .ok()
            .and_then(crate::ops::parse_float);
        return match v {
            Some(f) => vm.new_float(f),
            None => Err(vm.err(T::ValueError, "invalid syntax for number")),
        };
    }
    if o.is_ptr() && vm.tid(o) == T::Float {
        return Ok(o);
    }
    if vm.is_user_instance(o) {
        if let Some(m) = vm.lookup_special(o, crate::qs!(vm, "__float__"))? {
            return vm.call_method_obj(m, o, &[]);
        }
    }
    let f = vm.get_float(o)?;
    vm.new_float(f)
}

/// `str(x)` / `str(b, encoding)`.
pub(crate) fn str_new<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 3)?;
    if a.n == 0 {
        return Ok(Obj::qstr(1));
    }
    let o = a.get(vm, 0);
    if a.n >= 2 && o.is_ptr() && matches!(vm.tid(o), T::Bytes | T::ByteArray) {
        let d = vm.bytes_data(o);
        if core::str::from_utf8(d).is_err() {
            return Err(vm.err(T::UnicodeError, ""));
        }
        let mut tmp = [0u8; 0];
        let _ = &mut tmp;
        let len = d.len();
        vm.root(o)?;
        let r = vm.new_str_raw(T::Str, len);
        vm.unroot(1);
        let (s, off) = r?;
        for i in 0..len {
            let c = vm.bytes_data(o)[i];
            vm.heap.bytes_mut(off + i, 1)[0] = c;
        }
        return Ok(vm.finish_str(s));
    }
    vm.obj_str(o, false)
}

/// `bytes(x)` / `bytearray(x)`.
pub(crate) fn bytes_new<P: Port>(vm: &mut Vm<P>, id: T, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 3)?;
    if id == T::ByteArray {
        if a.n == 0 {
            return vm.new_bytearray(0);
        }
        let o = a.get(vm, 0);
        if let Some(n) = vm.int_val(o) {
            if n < 0 {
                return Err(vm.err(T::ValueError, "negative count"));
            }
            return vm.new_bytearray(n as usize);
        }
        let src = if vm.is_str(o) {
            if a.n < 2 {
                return Err(vm.err(T::TypeError, "string argument without an encoding"));
            }
            let len = vm.str_len(o);
            vm.root(o)?;
            let r = vm.new_str_raw(T::Bytes, len);
            vm.unroot(1);
            let (b, off) = r?;
            if let Some(so) = str_heap_off(vm, o) {
                vm.heap.copy_within(so, off, len);
            } else {
                let d = vm.str_data(o);
                let mut tmp = [0u8; 64];
                tmp[..d.len().min(64)].copy_from_slice(&d[..d.len().min(64)]);
                vm.heap
                    .bytes_mut(off, len.min(64))
                    .copy_from_slice(&tmp[..len.min(64)]);
            }
            b
        } else {
            o
        };
        vm.root(src)?;
        let ba = vm.new_bytearray(0);
        let r = ba.and_then(|ba| {
            vm.root(ba)?;
            let r = vm.ba_extend(ba, src);
            vm.unroot(1);
            r.map(|()| ba)
        });
        vm.unroot(1);
        return r;
    }
    if a.n == 0 {
        return vm.new_strish(T::Bytes, b"");
    }
    let o = a.get(vm, 0);
    if vm.is_str(o) {
        if a.n < 2 {
            return Err(vm.err(T::TypeError, "string argument without an encoding"));
        }
        let len = vm.str_len(o);
        vm.root(o)?;
        let r = vm.new_str_raw(T::Bytes, len);
        vm.unroot(1);
        let (b, off) = r?;
        for i in 0..len {
            let c = vm.str_data(o)[i];
            vm.heap.bytes_mut(off + i, 1)[0] = c;
        }
        return Ok(vm.finish_str(b));
    }
    if let Some(n) = vm.int_val(o) {
        if n < 0 {
            return Err(vm.err(T::ValueError, "negative count"));
        }
        let (b, _) = vm.new_str_raw(T::Bytes, n as usize)?;
        return Ok(vm.finish_str(b));
    }
    if o.is_ptr() && vm.tid(o) == T::Bytes {
        return Ok(o);
    }
    // A subclass of bytearray/array gives its native object's buffer.
    let o = if o.is_ptr() && matches!(vm.tid(o), T::ByteArray | T::Array) {
        vm.native_sub(o).unwrap_or(o)
    } else {
        o
    };
    if o.is_ptr()
        && matches!(vm.tid(o), T::ByteArray | T::Array | T::MemoryView)
        && !vm.is_user_instance(o)
    {
        // The buffer protocol: the bytes themselves.
        let n = vm.bytes_data(o).len();
        vm.root(o)?;
        let r = vm.new_str_raw(T::Bytes, n);
        vm.unroot(1);
        let (b, off) = r?;
        let mut tmp = [0u8; 64];
        let mut k = 0;
        while k < n {
            let c = (n - k).min(64);
            tmp[..c].copy_from_slice(&vm.bytes_data(o)[k..k + c]);
            vm.heap.bytes_mut(off + k, c).copy_from_slice(&tmp[..c]);
            k += c;
        }
        return Ok(vm.finish_str(b));
    }
    let l = vm.list_from_iter(o)?;
    vm.root(l)?;
    let n = vm.list_len(l);
    let r = vm.new_str_raw(T::Bytes, n);
    let r = r.and_then(|(b, off)| {
        for i in 0..n {
            let v = vm.list_get(l, i);
            let v = vm.get_int(v)?;
            if !(0..256).contains(&v) {
                return Err(vm.err(T::ValueError, "bytes value out of range"));
            }
            vm.heap.bytes_mut(off + i, 1)[0] = v as u8;
        }
        Ok(vm.finish_str(b))
    });
    vm.unroot(1);
    r
}
