//! str and bytes: methods (formatting is in `fmtspec`), and the `int`/`float`/`str`/`bytes`
//! constructors (MicroPython's `objstr.c`, `objint.c` `mp_obj_int_make_new`, `objfloat.c`).
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::text::Part;
use crate::{Port, Vm, R};

/// MicroPython's `unichar_isspace`: space and `\t`..=`\r` (so `\v` and `\f` too).
fn is_space(c: u8) -> bool {
    c == b' ' || (b'\t'..=b'\r').contains(&c)
}

fn hexval(c: u8) -> Option<u8> {
    (c as char).to_digit(16).map(|v| v as u8)
}

fn strip_set(c: u8, chars: Option<&[u8]>) -> bool {
    match chars {
        Some(cs) => cs.contains(&c),
        None => is_space(c),
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
            Err(vm.err_not_str(o))
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
                    let mut it = vm.list_get(l, i);
                    if is_bytes && it.is_ptr() && vm.tid(it) == T::ByteArray {
                        it = copy_bytes_as(vm, it, T::Bytes)?;
                    }
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
            if sep != Obj::NONE {
                same_kind(vm, sep)?;
            }
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
            // bytes.find/index also take a byte value as the needle.
            let mut nb = [0u8; 1];
            let int_needle = is_bytes && id != STR_COUNT && sub.is_small();
            if int_needle {
                let v = sub.small_val();
                if !(0..=255).contains(&v) {
                    return Err(vm.err(T::ValueError, "bytes value out of range"));
                }
                nb[0] = v as u8;
            } else {
                same_kind(vm, sub)?;
            }
            // Positions count characters in a non-ASCII str.
            let uni = !is_bytes && !vm.str_data(s).is_ascii();
            let len = if uni {
                crate::text::char_count(vm.str_data(s))
            } else {
                vm.str_len(s)
            };
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
            if uni {
                let d = vm.str_data(s);
                start = crate::text::char_offset(d, start);
                end = crate::text::char_offset(d, end);
            }
            let h = vm.str_data(s);
            let n: &[u8] = if int_needle { &nb } else { vm.str_data(sub) };
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
                    let ci = if is_bytes || h.is_ascii() {
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
            // Positions count characters in a non-ASCII str.
            let uni = !is_bytes && !vm.str_data(s).is_ascii();
            let len = if uni {
                crate::text::char_count(vm.str_data(s))
            } else {
                vm.str_len(s)
            } as isize;
            let fix = |v: isize| -> usize {
                (if v < 0 { (v + len).max(0) } else { v.min(len) }) as usize
            };
            let mut start = 0;
            let mut end = len as usize;
            if nargs > 1 && arg(vm, 1) != Obj::NONE {
                let o = arg(vm, 1);
                start = fix(vm.get_int(o)?);
            }
            if nargs > 2 && arg(vm, 2) != Obj::NONE {
                let o = arg(vm, 2);
                end = fix(vm.get_int(o)?);
            }
            if uni {
                let d = vm.str_data(s);
                start = crate::text::char_offset(d, start);
                end = crate::text::char_offset(d, end);
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
        STR_FORMAT => crate::fmtspec::str_format(vm, s, a),
        STR_ISDIGIT | STR_ISALPHA | STR_ISSPACE | STR_ISUPPER | STR_ISLOWER | STR_ISALNUM => {
            check(vm, 0, 0)?;
            let d = vm.str_data(s);
            if d.is_empty() {
                return Ok(Obj::FALSE);
            }
            let r = match id {
                STR_ISDIGIT => d.iter().all(|c| c.is_ascii_digit()),
                STR_ISALPHA => d.iter().all(|c| c.is_ascii_alphabetic()),
                STR_ISSPACE => d.iter().all(|&c| is_space(c)),
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
            let keep = match a.kw(vm, "keepends") {
                Some(k) => vm.truthy(k)?,
                None if nargs > 0 => {
                    let k = arg(vm, 0);
                    vm.truthy(k)?
                }
                None => false,
            };
            let l = vm.new_list(0)?;
            vm.root(l)?;
            let r = (|| {
                let len = vm.str_len(s);
                let mut i = 0;
                let mut start = 0;
                while i < len {
                    let c = vm.str_data(s)[i];
                    if c == b'\n' || c == b'\r' {
                        let end = i;
                        if c == b'\r' && vm.str_data(s).get(i + 1) == Some(&b'\n') {
                            i += 1;
                        }
                        let piece = substr(vm, s, start, if keep { i + 1 } else { end }, kind)?;
                        vm.list_append(l, piece)?;
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
                    let l = pad / 2;
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
        STR_HEX => {
            check(vm, 0, 1)?;
            let sep = if nargs > 0 {
                let o = arg(vm, 0);
                if !vm.is_str(o) {
                    return Err(vm.err_not_str(o));
                }
                vm.str_data(o).first().copied()
            } else {
                None
            };
            let n = vm.str_len(s);
            if n == 0 {
                return Ok(Obj::qstr(1));
            }
            let out = vm.buf_new(T::Str)?;
            vm.root(s)?;
            let r = (|| {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                for i in 0..n {
                    let c = vm.str_data(s)[i];
                    vm.write_bytes(out, &[HEX[(c >> 4) as usize], HEX[(c & 15) as usize]])?;
                    if let (Some(sc), true) = (sep, i + 1 < n) {
                        vm.write_bytes(out, &[sc])?;
                    }
                }
                Ok(())
            })();
            vm.unroot(1);
            let res = vm.buf_finish(out);
            r?;
            Ok(res)
        }
        STR_FROMHEX => {
            check(vm, 1, 1)?;
            let d = arg(vm, 0);
            if !(d.is_qstr() || (d.is_ptr() && matches!(vm.tid(d), T::Str | T::Bytes))) {
                return Err(vm.err(T::TypeError, "object with buffer protocol required"));
            }
            let out = vm.buf_new(T::Bytes)?;
            let r = (|| {
                let n = vm.str_len(d);
                let mut i = 0;
                while i < n {
                    let c1 = vm.str_data(d)[i];
                    i += 1;
                    if is_space(c1) {
                        continue;
                    }
                    let c2 = if i < n { vm.str_data(d)[i] } else { b'g' };
                    i += 1;
                    match (hexval(c1), hexval(c2)) {
                        (Some(h), Some(l)) => vm.write_bytes(out, &[h << 4 | l])?,
                        _ => return Err(vm.err(T::ValueError, "non-hex digit")),
                    }
                }
                Ok(())
            })();
            let res = vm.buf_finish(out);
            r?;
            if s == vm.tobj(T::ByteArray) {
                return copy_bytes_as(vm, res, T::ByteArray);
            }
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
        if q < crate::qstr::DYN_BASE {
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
            let d_ws = |vm: &Vm<P>, i: usize| is_space(vm.str_data(s)[i]);
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
    // Nothing to replace: the original, with no allocation (as MicroPython).
    if max == 0 || (ol > 0 && !vm.str_data(s).windows(ol).any(|w| w == &ob[..ol])) {
        return Ok(s);
    }
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
        if vm.is_bigint(o) {
            return Ok(o);
        }
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
                // __int__ must return an int (objtype.c checks with a bare TypeError).
                let v = vm.call_method_obj(m, o, &[])?;
                if !vm.is_int(v) {
                    return Err(vm.err(T::TypeError, ""));
                }
                return Ok(v);
            }
        }
    }
    let base = if a.n == 2 {
        // With a base, only str and bytes (mp_obj_str_get_data).
        if !(vm.is_str(o) || (o.is_ptr() && vm.tid(o) == T::Bytes)) {
            return Err(vm.err_not_str(o));
        }
        let b = a.get(vm, 1);
        vm.get_int(b)? as u32
    } else {
        10
    };
    // Other buffers (memoryview, array) are parsed from a bytearray copy of their bytes
    // (MicroPython parses any object with the buffer protocol).
    let o = if o.is_ptr() && matches!(vm.tid(o), T::MemoryView | T::Array) {
        vm.bytearray_copy_of(o)?
    } else {
        o
    };
    if vm.is_str(o) || (o.is_ptr() && matches!(vm.tid(o), T::Bytes | T::ByteArray)) {
        if let Some(v) = vm.parse_big_obj(o, base)? {
            return Ok(v);
        }
        return Err(int_syntax_error(vm, o, base));
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

/// Where the digits of int text should start, and the base the message names: after leading
/// blanks, a sign and the base's prefix (`0x`, `0o`, `0b`; for base 0 the prefix picks the base,
/// no prefix means 10, and a leading `0` without one means only zeros, named base 0), as
/// `py/parsenum.c` scans.
fn int_digits_start(d: &[u8], base: u32) -> (usize, u32) {
    let mut i = d.iter().take_while(|c| c.is_ascii_whitespace()).count();
    if matches!(d.get(i), Some(b'+' | b'-')) {
        i += 1;
    }
    if d.get(i) != Some(&b'0') {
        return (i, if base == 0 { 10 } else { base });
    }
    let named = match (base, d.get(i + 1).map(u8::to_ascii_lowercase)) {
        (0 | 16, Some(b'x')) => 16,
        (0 | 8, Some(b'o')) => 8,
        (0 | 2, Some(b'b')) => 2,
        _ => return (i, base),
    };
    (i + 2, named)
}

/// `ValueError: invalid syntax for integer with base N: 'TEXT'`, TEXT being the input from
/// where the digits should start, quoted as a str whatever the input's type (bytes escaped),
/// as MicroPython's detailed error (`mp_str_print_quoted` of the rest of the text).
fn int_syntax_error<P: Port>(vm: &mut Vm<P>, o: Obj, base: u32) -> crate::Exc {
    // The text rides in a bytes object (its repr escapes as MicroPython's quoting does) and
    // loses the repr's `b`; the message is cut at a few dozen characters anyway.
    let mut tmp = [0u8; 64];
    let (k, base) = {
        let d = if vm.is_str(o) {
            vm.str_data(o)
        } else {
            vm.bytes_data(o)
        };
        let (start, named) = int_digits_start(d, base);
        let k = (d.len() - start).min(tmp.len());
        tmp[..k].copy_from_slice(&d[start..start + k]);
        (k, named)
    };
    let quoted = vm
        .new_strish(T::Bytes, &tmp[..k])
        .and_then(|b| vm.obj_str(b, true))
        .and_then(|r| {
            let mut t = [0u8; 4 * 64 + 3];
            let n = {
                let rd = vm.str_data(r);
                let n = rd.len().saturating_sub(1).min(t.len());
                t[..n].copy_from_slice(&rd[rd.len() - n..]);
                n
            };
            vm.new_str(&t[..n])
        });
    match quoted {
        Ok(q) => vm.errf(
            T::ValueError,
            &[
                Part::S("invalid syntax for integer with base "),
                Part::I(base as isize),
                Part::S(": "),
                Part::O(q),
            ],
        ),
        Err(e) => e,
    }
}

/// `float(x)`.
pub(crate) fn float_new<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 1)?;
    if a.n == 0 {
        return vm.new_float(0.0);
    }
    let o = a.get(vm, 0);
    if vm.is_str(o) || (o.is_ptr() && matches!(vm.tid(o), T::Bytes | T::ByteArray)) {
        let d = if vm.is_str(o) {
            vm.str_data(o)
        } else {
            vm.bytes_data(o)
        };
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
    // A class instance's `__float__` must return a float (`get_float` checks).
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
    // Any buffer decodes (bytes, bytearray, memoryview, array), into a copy of its bytes.
    if a.n >= 2
        && o.is_ptr()
        && matches!(
            vm.tid(o),
            T::Bytes | T::ByteArray | T::MemoryView | T::Array
        )
    {
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
        if vm.is_int(o) {
            // A count must fit a machine word (OverflowError otherwise).
            let n = vm.get_int(o)?;
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
        return vm.bytearray_copy_of(src);
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
    if a.n > 1 {
        return Err(vm.err(T::TypeError, "wrong number of arguments"));
    }
    // Only a small int is a count (a big one is then "not iterable", as in MicroPython).
    if o.is_small() {
        let n = o.small_val();
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

/// A copy of a bytes/bytearray's data as `t` (Bytes or ByteArray).
fn copy_bytes_as<P: Port>(vm: &mut Vm<P>, o: Obj, t: T) -> R<Obj> {
    let n = vm.bytes_data(o).len();
    vm.root(o)?;
    let r = if t == T::ByteArray {
        vm.new_bytearray(n).map(|b| (b, 0))
    } else {
        vm.new_str_raw(T::Bytes, n)
    };
    vm.unroot(1);
    let (b, off) = r?;
    let dst = if t == T::ByteArray { vm.ba_off(b) } else { off };
    let src = if vm.tid(o) == T::ByteArray {
        vm.ba_off(o)
    } else {
        vm.str_data_off(o)
    };
    vm.heap.copy_within(src, dst, n);
    Ok(if t == T::ByteArray {
        b
    } else {
        vm.finish_str(b)
    })
}

/// The str/bytes methods for any self: MicroPython runs bytearray methods over the buffer
/// with the bytes code and makes results of self's type. Here bytearray arguments (self
/// included) are copied to bytes in their argument slots (which root them), the bytes method
/// runs, and when self was a bytearray its bytes results (alone, or in a returned tuple or
/// list) become bytearrays.
pub(crate) fn call_any<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    let is_ba = |vm: &Vm<P>, o: Obj| o.is_ptr() && vm.tid(o) == T::ByteArray;
    let self_ba = a.n > 0 && is_ba(vm, a.get(vm, 0));
    for i in 0..a.n {
        let o = a.get(vm, i);
        if is_ba(vm, o) {
            let b = copy_bytes_as(vm, o, T::Bytes)?;
            vm.heap.ps[a.base + i] = b.0;
        }
    }
    let r = call(vm, id, a)?;
    if !self_ba || id == STR_DECODE || !r.is_ptr() {
        return Ok(r);
    }
    match vm.tid(r) {
        T::Bytes => copy_bytes_as(vm, r, T::ByteArray),
        T::Tuple | T::List => {
            vm.root(r)?;
            let res = (|| {
                for i in 0..vm.seq_len(r) {
                    let v = vm.seq_get(r, i);
                    if v.is_ptr() && vm.tid(v) == T::Bytes {
                        let b = copy_bytes_as(vm, v, T::ByteArray)?;
                        if vm.tid(r) == T::Tuple {
                            vm.set(r, 2 + i, b);
                        } else {
                            vm.list_set(r, i, b);
                        }
                    }
                }
                Ok(())
            })();
            vm.unroot(1);
            res.map(|_| r)
        }
        _ => Ok(r),
    }
}
