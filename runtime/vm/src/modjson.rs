//! The `json` module (MicroPython's `extmod/modjson.c`): `dumps`/`dump` print an object in
//! the JSON style of MicroPython's printer (`PRINT_JSON`), with `separators=(item, key)`;
//! `loads`/`load` run MicroPython's one-pass, non-recursive parser, which accepts a superset
//! of JSON (commas and colons count as whitespace, brackets need not pair) and fails with
//! `ValueError: syntax error in JSON`.
//!
//! Printing: None/True/False as `null`/`true`/`false`; str and bytes as JSON strings (`"`
//! and `\` escaped, `\n \r \t`, other control bytes as `\u00XX`, everything else as is);
//! list and tuple as `[...]`; dict (also an OrderedDict) as `{...}` with keys that are not
//! str/bytes printed in quotes; anything else as its repr.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::{Port, Vm, R};

/// Nesting limit of dumps (MicroPython's printer is bounded by its C stack check).
const MAX_DEPTH: usize = 200;

/// The separators of a dump: (item, key) str objects, or NULL for the defaults.
#[derive(Clone, Copy)]
struct Seps {
    item: Obj,
    key: Obj,
}

/// Parse the arguments of `dumps(obj, *, separators=None)` / `dump(obj, stream, *, ...)`.
fn dump_args<P: Port>(vm: &mut Vm<P>, a: &Args, n_pos: usize) -> R<Seps> {
    if a.n < n_pos {
        return Err(vm.errf(
            T::TypeError,
            &[
                crate::text::Part::S("function missing "),
                crate::text::Part::I((n_pos - a.n) as isize),
                crate::text::Part::S(" required positional arguments"),
            ],
        ));
    }
    if a.n > n_pos {
        return Err(vm.err(T::TypeError, "extra positional arguments given"));
    }
    let mut seps = Seps {
        item: Obj::NULL,
        key: Obj::NULL,
    };
    for k in 0..a.n_kw {
        let key = Obj(vm.heap.ps[a.base + a.n + 2 * k]);
        if !(vm.is_str(key) && vm.str_data(key) == b"separators") {
            return Err(vm.err(T::TypeError, "extra keyword arguments given"));
        }
    }
    let s = a.kw(vm, "separators").unwrap_or(Obj::NONE);
    if s != Obj::NONE {
        let ok = s.is_ptr() && matches!(vm.tid(s), T::Tuple | T::List);
        let n = if ok { vm.seq_len(s) } else { 0 };
        if !ok {
            return Err(vm.errf(
                T::TypeError,
                &[
                    crate::text::Part::S("object '"),
                    crate::text::Part::TypeName(s),
                    crate::text::Part::S("' isn't a tuple or list"),
                ],
            ));
        }
        if n != 2 {
            return Err(vm.errf(
                T::ValueError,
                &[
                    crate::text::Part::S("requested length 2 but object has length "),
                    crate::text::Part::I(n as isize),
                ],
            ));
        }
        for i in 0..2 {
            let v = vm.seq_get(s, i);
            if !vm.is_str(v) {
                return Err(vm.err_not_str(v));
            }
        }
        seps.item = vm.seq_get(s, 0);
        seps.key = vm.seq_get(s, 1);
    }
    Ok(seps)
}

fn put_sep<P: Port>(vm: &mut Vm<P>, out: Out, sep: Obj, default: &[u8]) -> R<()> {
    if sep.is_null() {
        vm.write_bytes(out, default)
    } else {
        vm.print_str(out, sep)
    }
}

/// Print str/bytes `s` as a JSON string (`mp_str_print_json`).
fn print_json_str<P: Port>(vm: &mut Vm<P>, out: Out, s: Obj) -> R<()> {
    vm.write_bytes(out, b"\"")?;
    let n = vm.bytes_data(s).len();
    let mut i = 0;
    let mut chunk = [0u8; 64];
    while i < n {
        // Copy a run of plain bytes, then write one escape if the run ended at one.
        let mut m = 0;
        while i < n && m < chunk.len() {
            let c = vm.bytes_data(s)[i];
            if c == b'"' || c == b'\\' || c < 32 {
                break;
            }
            chunk[m] = c;
            m += 1;
            i += 1;
        }
        vm.write_bytes(out, &chunk[..m])?;
        if i < n && m < chunk.len() {
            let c = vm.bytes_data(s)[i];
            i += 1;
            let hex = b"0123456789abcdef";
            let esc: &[u8] = match c {
                b'"' => b"\\\"",
                b'\\' => b"\\\\",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                _ => {
                    chunk[..6].copy_from_slice(b"\\u0000");
                    chunk[4] = hex[(c >> 4) as usize];
                    chunk[5] = hex[(c & 15) as usize];
                    &chunk[..6]
                }
            };
            let mut e = [0u8; 6];
            e[..esc.len()].copy_from_slice(esc);
            let len = esc.len();
            vm.write_bytes(out, &e[..len])?;
        }
    }
    vm.write_bytes(out, b"\"")
}

/// Print `o` the way MicroPython's printer does with PRINT_JSON.
fn print_json<P: Port>(vm: &mut Vm<P>, out: Out, o: Obj, seps: Seps, depth: usize) -> R<()> {
    if depth > MAX_DEPTH {
        return Err(vm.err(T::RuntimeError, "maximum recursion depth exceeded"));
    }
    match o {
        Obj::NONE => return vm.write_bytes(out, b"null"),
        Obj::TRUE => return vm.write_bytes(out, b"true"),
        Obj::FALSE => return vm.write_bytes(out, b"false"),
        _ => {}
    }
    let plain = o.is_qstr() || (o.is_ptr() && !vm.is_user_instance(o));
    let t = vm.tid(o);
    if plain && (vm.is_str(o) || t == T::Bytes) {
        return print_json_str(vm, out, o);
    }
    let is_nt = crate::modcollections::is_nt(vm, o);
    if plain && !is_nt && matches!(t, T::List | T::Tuple) {
        vm.write_bytes(out, b"[")?;
        vm.root(o)?;
        let r = (|| {
            let mut i = 0;
            while i < vm.seq_len(o) {
                if i > 0 {
                    put_sep(vm, out, seps.item, b", ")?;
                }
                let v = vm.seq_get(o, i);
                print_json(vm, out, v, seps, depth + 1)?;
                i += 1;
            }
            Ok(())
        })();
        vm.unroot(1);
        r?;
        return vm.write_bytes(out, b"]");
    }
    if plain && t == T::Dict {
        vm.write_bytes(out, b"{")?;
        vm.root(o)?;
        let r = (|| {
            let mut i = 0;
            let mut first = true;
            while let Some((s, k, v)) = vm.map_next(o, i) {
                if !first {
                    put_sep(vm, out, seps.item, b", ")?;
                }
                first = false;
                let quote = !(vm.is_str(k) || (k.is_ptr() && vm.tid(k) == T::Bytes));
                if quote {
                    vm.write_bytes(out, b"\"")?;
                }
                print_json(vm, out, k, seps, depth + 1)?;
                if quote {
                    vm.write_bytes(out, b"\"")?;
                }
                put_sep(vm, out, seps.key, b": ")?;
                print_json(vm, out, v, seps, depth + 1)?;
                i = s + 1;
            }
            Ok(())
        })();
        vm.unroot(1);
        r?;
        return vm.write_bytes(out, b"}");
    }
    vm.print(out, o, true)
}

/// `dumps(obj)`: the JSON text as a str.
fn dumps<P: Port>(vm: &mut Vm<P>, o: Obj, seps: Seps) -> R<Obj> {
    let base = vm.heap.sp;
    for v in [o, seps.item, seps.key] {
        vm.root(v)?;
    }
    let r = (|| {
        let out = vm.buf_new(T::Str)?;
        match print_json(vm, out, o, seps, 0) {
            Ok(()) => Ok(vm.buf_finish(out)),
            Err(e) => {
                vm.buf_finish(out);
                Err(e)
            }
        }
    })();
    vm.heap.sp = base;
    r
}

fn no_stream<P: Port>(vm: &mut Vm<P>) -> crate::Exc {
    vm.err(T::OSError, "stream operation not supported")
}

/// Parse JSON from buffer `src` (str, bytes, bytearray, array); a NUL byte ends the input,
/// as the reference's EOF marker does.
fn parse<P: Port>(vm: &mut Vm<P>, src: Obj) -> R<Obj> {
    let base = vm.heap.sp;
    // Roots: the source, the stack of open containers, the open container, its pending key,
    // the bytes of a string being read.
    for v in [src, Obj::NULL, Obj::NULL, Obj::NULL, Obj::NULL] {
        vm.root(v)?;
    }
    let r = parse_rooted(vm, src, base);
    vm.heap.sp = base;
    r
}

fn parse_rooted<P: Port>(vm: &mut Vm<P>, src: Obj, base: usize) -> R<Obj> {
    let (s_stack, s_top, s_key, s_buf) = (base + 1, base + 2, base + 3, base + 4);
    let n = vm.bytes_data(src).len();
    let at = |vm: &Vm<P>, i: usize| -> u8 {
        if i < n {
            vm.bytes_data(src)[i]
        } else {
            0
        }
    };
    let fail = |vm: &mut Vm<P>| vm.err(T::ValueError, "syntax error in JSON");
    let stack = vm.new_list(0)?;
    vm.heap.ps[s_stack] = stack.0;
    let buf = vm.new_bytearray(0)?;
    vm.heap.ps[s_buf] = buf.0;
    let mut i = 0;
    loop {
        let cur = at(vm, i);
        if cur == 0 {
            return Err(fail(vm));
        }
        i += 1;
        let mut enter = false;
        let word = |vm: &Vm<P>, i: &mut usize, w: &[u8]| -> bool {
            for &c in w {
                if at(vm, *i) != c {
                    return false;
                }
                *i += 1;
            }
            true
        };
        let next = match cur {
            b',' | b':' | b' ' | b'\t' | b'\n' | b'\r' => continue,
            b'n' if word(vm, &mut i, b"ull") => Obj::NONE,
            b'f' if word(vm, &mut i, b"alse") => Obj::FALSE,
            b't' if word(vm, &mut i, b"rue") => Obj::TRUE,
            b'"' => {
                let buf = Obj(vm.heap.ps[s_buf]);
                vm.set(buf, 1, Obj::small(0));
                while at(vm, i) != 0 && at(vm, i) != b'"' {
                    let mut c = at(vm, i);
                    if c == b'\\' {
                        i += 1;
                        c = at(vm, i);
                        c = match c {
                            b'b' => 0x08,
                            b'f' => 0x0c,
                            b'n' => 0x0a,
                            b'r' => 0x0d,
                            b't' => 0x09,
                            b'u' => {
                                let mut num = 0u32;
                                for _ in 0..4 {
                                    i += 1;
                                    let mut d = (at(vm, i) | 0x20).wrapping_sub(b'0');
                                    if d > 9 {
                                        d = d.wrapping_sub(b'a' - (b'9' + 1));
                                    }
                                    num = (num << 4) | u32::from(d);
                                }
                                // UTF-8 of the value, surrogates included and
                                // non-hex digits folded in as the reference does
                                // (vstr_add_char).
                                let (tmp, len) = utf8_16(num);
                                for &b in &tmp[..len] {
                                    vm.ba_push(buf, b)?;
                                }
                                i += 1;
                                continue;
                            }
                            other => other,
                        };
                    }
                    vm.ba_push(buf, c)?;
                    i += 1;
                }
                if at(vm, i) == 0 {
                    return Err(fail(vm));
                }
                i += 1;
                buf_str(vm, buf, T::Str)?
            }
            b'-' | b'0'..=b'9' => {
                let buf = Obj(vm.heap.ps[s_buf]);
                vm.set(buf, 1, Obj::small(0));
                let mut flt = false;
                let mut c = cur;
                loop {
                    vm.ba_push(buf, c)?;
                    c = at(vm, i);
                    if c == b'.' || c == b'E' || c == b'e' {
                        flt = true;
                    } else if !(c == b'+' || c == b'-' || c.is_ascii_digit()) {
                        break;
                    }
                    i += 1;
                }
                let d = vm.bytes_data(buf);
                let sign = usize::from(d.first() == Some(&b'-'));
                let int_ok = d.len() > sign && d[sign..].iter().all(u8::is_ascii_digit);
                if !flt && !int_ok {
                    // int()'s message quotes the text after the sign (mp_parse_num_integer).
                    let n = vm.bytes_data(buf).len();
                    let (o, off) = vm.new_str_raw(T::Str, n - sign)?;
                    let src = vm.ba_off(buf) + sign;
                    vm.heap.copy_within(src, off, n - sign);
                    let o = vm.finish_str(o);
                    let r = vm.obj_str(o, true)?;
                    return Err(vm.errf(
                        T::ValueError,
                        &[
                            crate::text::Part::S("invalid syntax for integer with base 10: "),
                            crate::text::Part::O(r),
                        ],
                    ));
                }
                let text = buf_str(vm, buf, T::Str)?;
                let ty = vm.tobj(if flt { T::Float } else { T::Int });
                vm.call(ty, &[text])?
            }
            b'[' => {
                enter = true;
                vm.new_list(0)?
            }
            b'{' => {
                enter = true;
                vm.new_dict(0)?
            }
            b'}' | b']' => {
                let top = Obj(vm.heap.ps[s_top]);
                if top.is_null() {
                    return Err(fail(vm));
                }
                let stack = Obj(vm.heap.ps[s_stack]);
                let depth = vm.list_len(stack);
                if depth == 0 {
                    break;
                }
                let t = vm.list_remove_at(stack, depth - 1);
                vm.heap.ps[s_top] = t.0;
                continue;
            }
            _ => return Err(fail(vm)),
        };
        let top = Obj(vm.heap.ps[s_top]);
        if top.is_null() {
            vm.heap.ps[s_top] = next.0;
            if !enter {
                break;
            }
            continue;
        }
        vm.root(next)?;
        let r = (|| {
            if vm.tid(top) == T::List {
                vm.list_append(top, next)?;
            } else {
                let key = Obj(vm.heap.ps[s_key]);
                if key.is_null() {
                    vm.heap.ps[s_key] = next.0;
                    if enter {
                        return Err(fail(vm));
                    }
                } else {
                    vm.map_store(top, key, next)?;
                    vm.heap.ps[s_key] = 0;
                }
            }
            if enter {
                let stack = Obj(vm.heap.ps[s_stack]);
                vm.list_append(stack, top)?;
                vm.heap.ps[s_top] = next.0;
            }
            Ok(())
        })();
        vm.unroot(1);
        r?;
    }
    while matches!(at(vm, i), b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c) {
        i += 1;
    }
    let stack = Obj(vm.heap.ps[s_stack]);
    let top = Obj(vm.heap.ps[s_top]);
    if at(vm, i) != 0 || top.is_null() || vm.list_len(stack) != 0 {
        return Err(fail(vm));
    }
    Ok(top)
}

/// The UTF-8 bytes of `c` as `vstr_add_char` writes them (4 bytes from 0x10000 on, high
/// bits truncated to a byte as in C).
fn utf8_16(c: u32) -> ([u8; 4], usize) {
    let cont = |s: u32| 0x80 | ((c >> s) & 0x3f) as u8;
    if c < 0x80 {
        ([c as u8, 0, 0, 0], 1)
    } else if c < 0x800 {
        ([0xc0 | (c >> 6) as u8, cont(0), 0, 0], 2)
    } else if c < 0x10000 {
        ([0xe0 | (c >> 12) as u8, cont(6), cont(0), 0], 3)
    } else {
        ([0xf0 | (c >> 18) as u8, cont(12), cont(6), cont(0)], 4)
    }
}

/// A str or bytes object with the bytes of bytearray `b`.
fn buf_str<P: Port>(vm: &mut Vm<P>, b: Obj, t: T) -> R<Obj> {
    let n = vm.bytes_data(b).len();
    let (o, off) = vm.new_str_raw(t, n)?;
    let src = vm.ba_off(b);
    vm.heap.copy_within(src, off, n);
    Ok(vm.finish_str(o))
}

/// `dump`, `dumps`, `load`, `loads`.
pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        JSON_DUMPS => {
            let seps = dump_args(vm, a, 1)?;
            let o = a.get(vm, 0);
            dumps(vm, o, seps)
        }
        JSON_DUMP => {
            let seps = dump_args(vm, a, 2)?;
            let (o, stream) = (a.get(vm, 0), a.get(vm, 1));
            let is_stream = crate::modio::is_stream(vm, stream);
            if !is_stream && !vm.is_user_instance(stream) {
                return Err(no_stream(vm));
            }
            let s = dumps(vm, o, seps)?;
            vm.root(s)?;
            let r = if is_stream {
                crate::modio::write_obj(vm, stream, s).map(|_| ())
            } else if crate::modio::is_iobase(vm, stream) {
                crate::modio::write_iobase(vm, stream, s)
            } else {
                vm.call_method_named(stream, "write", &[s]).map(|_| ())
            };
            vm.unroot(1);
            r.map(|_| Obj::NONE)
        }
        JSON_LOADS => {
            arg_count(vm, a, 1, 1)?;
            let s = a.get(vm, 0);
            let buffer = vm.is_str(s)
                || (s.is_ptr()
                    && matches!(
                        vm.tid(s),
                        T::Bytes | T::ByteArray | T::Array | T::MemoryView
                    ));
            if !buffer {
                return Err(vm.err(T::TypeError, "object with buffer protocol required"));
            }
            parse(vm, s)
        }
        _ => {
            // JSON_LOAD: read the whole stream, then parse.
            arg_count(vm, a, 1, 1)?;
            let stream = a.get(vm, 0);
            if !crate::modio::is_stream(vm, stream) && !vm.is_user_instance(stream) {
                return Err(no_stream(vm));
            }
            let text = if crate::modio::is_iobase(vm, stream)
                && vm
                    .lookup_special(stream, crate::qs!(vm, "readinto"))?
                    .is_some()
            {
                // Through the stream protocol, as MicroPython reads an IOBase.
                crate::modio::read_all_iobase(vm, stream, 1)?
            } else {
                vm.call_method_named(stream, "read", &[])?
            };
            vm.root(text)?;
            let r = parse(vm, text);
            vm.unroot(1);
            r
        }
    }
}
