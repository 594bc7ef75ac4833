//! The `re` module (MicroPython's `extmod/modre.c` over Paul Sokolovsky's re1.5): a pattern
//! is compiled to re1.5's byte code and run by its recursive backtracking matcher, so what
//! matches, what is captured and which patterns are refused are the reference's.
//! Module: `compile`, `match`, `search`, `sub`; compiled pattern: `match`, `search`,
//! `split`, `sub`; match object: `group`.
//! The engine is in re15.rs.
//!
//! ```text
//!  re        [Re, program (a bytes object), number of groups]
//!  match     [Match, subject, number of groups + 1, tuple of byte offsets (start, end)
//!            per group, -1 where a group did not take part]
//! ```
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::print::Out;
use crate::re15::{
    run, Comp, Subject, ANY, JMP, MATCH, MAX_CODE, MAX_PATTERN, PREFIX, RSPLIT, SAVE,
};
use crate::{Port, Vm, R};

/// `re.compile(pattern)`.
fn compile<P: Port>(vm: &mut Vm<P>, pat: Obj) -> R<Obj> {
    if !(vm.is_str(pat) || (pat.is_ptr() && vm.tid(pat) == T::Bytes)) {
        return Err(vm.err_not_str(pat));
    }
    let mut re = [0u8; MAX_PATTERN];
    let n = vm.str_data(pat).len();
    if n > MAX_PATTERN {
        return Err(vm.err(T::ValueError, "regex too complex"));
    }
    re[..n].copy_from_slice(vm.str_data(pat));
    let re = &re[..n];
    // Measure (the reference refuses a pattern it cannot measure as too complex)...
    let mut m = Comp {
        re,
        code: None,
        pc: PREFIX + 2,
        sub: 0,
        err: false,
        too_deep: false,
    };
    let measured = m.compile(0, 0);
    if m.too_deep {
        return Err(vm.err(T::RuntimeError, "maximum recursion depth exceeded"));
    }
    if measured.is_none() || m.pc + 3 > MAX_CODE {
        return Err(vm.err(T::ValueError, "regex too complex"));
    }
    // ...then compile.
    let mut buf = [0u8; MAX_CODE];
    buf[..PREFIX + 2].copy_from_slice(&[RSPLIT, 3, ANY, JMP, (-5i8) as u8, SAVE, 0]);
    let mut c = Comp {
        re,
        code: Some(&mut buf[..]),
        pc: PREFIX + 2,
        sub: 0,
        err: false,
        too_deep: false,
    };
    let end = c.compile(0, 0);
    let (pc, sub) = (c.pc, c.sub);
    if end.is_none_or(|e| e < n && re[e] != 0) {
        return Err(vm.err(T::ValueError, "error in regex"));
    }
    buf[pc] = SAVE;
    buf[pc + 1] = 1;
    buf[pc + 2] = MATCH;
    let prog = vm.new_strish(T::Bytes, &buf[..pc + 3])?;
    vm.root(prog)?;
    let o = vm.alloc_obj(vm.tobj(T::Re), 3);
    vm.unroot(1);
    let o = o?;
    vm.set(o, 1, prog);
    vm.set(o, 2, Obj::small(sub as isize));
    Ok(o)
}

fn is_re<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    o.is_ptr() && vm.tid(o) == T::Re
}

/// The subject argument: str or bytes.
fn subject<P: Port>(vm: &mut Vm<P>, s: Obj) -> R<()> {
    if vm.is_str(s) || (s.is_ptr() && vm.tid(s) == T::Bytes) {
        Ok(())
    } else {
        Err(vm.err_not_str(s))
    }
}

/// Run compiled `rx` on `s` from byte `begin` to `end`: the capture offsets (usize::MAX where
/// unset) in `caps`, false when there is no match.
fn exec<P: Port>(
    vm: &mut Vm<P>,
    rx: Obj,
    s: Obj,
    begin: usize,
    end: usize,
    anchored: bool,
    caps: &mut [usize],
) -> R<bool> {
    caps.fill(usize::MAX);
    let code = vm.get(rx, 1);
    let r = {
        let sj = Subject {
            s: vm.str_data(s),
            end,
        };
        run(
            vm.str_data(code),
            if anchored { PREFIX } else { 0 },
            begin,
            &sj,
            caps,
            1,
        )
    };
    r.map_err(|()| vm.err(T::RuntimeError, "maximum recursion depth exceeded"))
}

/// A str/bytes (the type of `like`) of bytes `a..b` of `s`.
fn slice<P: Port>(vm: &mut Vm<P>, like: Obj, s: Obj, a: usize, b: usize) -> R<Obj> {
    let t = if vm.is_str(like) { T::Str } else { T::Bytes };
    // A str cut inside a character is refused, as mp_obj_new_str checks its UTF-8.
    if t == T::Str && core::str::from_utf8(&vm.str_data(s)[a..b]).is_err() {
        return Err(vm.err_noarg(T::UnicodeError));
    }
    vm.root(s)?;
    let r = vm.new_str_raw(t, b - a);
    vm.unroot(1);
    let (o, off) = r?;
    if s.is_qstr() {
        let mut tmp = [0u8; 64];
        let mut k = a;
        while k < b {
            let m = (b - k).min(64);
            tmp[..m].copy_from_slice(&vm.str_data(s)[k..k + m]);
            vm.heap.bytes_mut(off + k - a, m).copy_from_slice(&tmp[..m]);
            k += m;
        }
    } else {
        let src = vm.str_data_off(s) + a;
        vm.heap.copy_within(src, off, b - a);
    }
    Ok(vm.finish_str(o))
}

/// The number of capture slots of `rx`.
fn ncaps<P: Port>(vm: &Vm<P>, rx: Obj) -> usize {
    (vm.get(rx, 2).small_val() as usize + 1) * 2
}

/// match/search: `(pattern or re, string[, pos[, endpos]])`.
fn exec_call<P: Port>(vm: &mut Vm<P>, a: &Args, anchored: bool) -> R<Obj> {
    arg_count(vm, a, 2, 4)?;
    let base = vm.heap.sp;
    let r = (|| {
        let p = a.get(vm, 0);
        let compiled = is_re(vm, p);
        let rx = if compiled { p } else { compile(vm, p)? };
        vm.root(rx)?;
        let s = a.get(vm, 1);
        subject(vm, s)?;
        let len = vm.str_data(s).len();
        let (mut begin, mut end) = (0, len);
        // Start and end positions only apply to a compiled pattern.
        if compiled && a.n > 2 {
            let v = a.get(vm, 2);
            begin = vm.get_int(v)?.clamp(0, len as isize) as usize;
            if a.n > 3 {
                let v = a.get(vm, 3);
                end = vm.get_int(v)?.clamp(begin as isize, len as isize) as usize;
            }
        }
        let mut caps = [0usize; 128];
        let nc = ncaps(vm, rx).min(128);
        if !exec(vm, rx, s, begin, end, anchored, &mut caps[..nc])? {
            return Ok(Obj::NONE);
        }
        let t = vm.new_tuple(nc)?;
        for (i, &c) in caps[..nc].iter().enumerate() {
            vm.set(
                t,
                2 + i,
                Obj::small(if c == usize::MAX { -1 } else { c as isize }),
            );
        }
        vm.root(t)?;
        let m = vm.alloc_obj(vm.tobj(T::Match), 4)?;
        vm.set(m, 1, s);
        vm.set(m, 2, Obj::small((nc / 2) as isize));
        vm.set(m, 3, t);
        Ok(m)
    })();
    vm.heap.sp = base;
    r
}

/// An IndexError whose argument is `v` (mp_raise_type_arg).
fn index_error<P: Port>(vm: &mut Vm<P>, v: Obj) -> crate::Exc {
    let t = match vm.new_tuple_from(&[v]) {
        Ok(t) => t,
        Err(e) => return e,
    };
    match vm.new_exc_args(vm.tobj(T::IndexError), t) {
        Ok(e) => vm.raise(e),
        Err(e) => e,
    }
}

/// `match.group(n)`.
fn group<P: Port>(vm: &mut Vm<P>, m: Obj, no: Obj) -> R<Obj> {
    let n = vm.get_int(no)?;
    let num = vm.get(m, 2).small_val();
    if n < 0 || n >= num {
        return Err(index_error(vm, no));
    }
    let caps = vm.get(m, 3);
    let (a, b) = (
        vm.tuple_get(caps, 2 * n as usize),
        vm.tuple_get(caps, 2 * n as usize + 1),
    );
    if a.small_val() < 0 {
        return Ok(Obj::NONE);
    }
    let s = vm.get(m, 1);
    slice(
        vm,
        s,
        s,
        a.small_val() as usize,
        b.small_val().max(a.small_val()) as usize,
    )
}

/// `rx.split(string[, maxsplit])`.
fn split<P: Port>(vm: &mut Vm<P>, rx: Obj, s: Obj, mut maxsplit: isize) -> R<Obj> {
    subject(vm, s)?;
    let base = vm.heap.sp;
    let r = (|| {
        vm.root(rx)?;
        vm.root(s)?;
        let l = vm.new_list(0)?;
        vm.root(l)?;
        let end = vm.str_data(s).len();
        let mut begin = 0;
        let nc = ncaps(vm, rx).min(128);
        let mut caps = [0usize; 128];
        loop {
            if !exec(vm, rx, s, begin, end, false, &mut caps[..nc])? || caps[0] == caps[1] {
                break;
            }
            let piece = slice(vm, s, s, begin, caps[0])?;
            vm.list_append(l, piece)?;
            if vm.get(rx, 2).small_val() > 0 {
                return Err(vm.err(T::NotImplementedError, "splitting with sub-captures"));
            }
            begin = caps[1];
            if maxsplit > 0 {
                maxsplit -= 1;
                if maxsplit == 0 {
                    break;
                }
            }
        }
        let piece = slice(vm, s, s, begin, end)?;
        vm.list_append(l, piece)?;
        Ok(l)
    })();
    vm.heap.sp = base;
    r
}

/// `sub(pattern or re, repl, string[, count[, flags]])`.
fn sub<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 3, 5)?;
    let base = vm.heap.sp;
    let r = (|| {
        let p = a.get(vm, 0);
        let rx = if is_re(vm, p) { p } else { compile(vm, p)? };
        vm.root(rx)?;
        let (repl, s) = (a.get(vm, 1), a.get(vm, 2));
        subject(vm, s)?;
        let mut count = if a.n > 3 {
            let c = a.get(vm, 3);
            vm.get_int(c)?
        } else {
            0
        };
        let end = vm.str_data(s).len();
        let nc = ncaps(vm, rx).min(128);
        let out = vm.new_bytearray(0)?;
        vm.root(out)?;
        let (mut begin, mut any) = (0, false);
        let mut caps = [0usize; 128];
        loop {
            if !exec(vm, rx, s, begin, end, false, &mut caps[..nc])? || caps[0] == caps[1] {
                break;
            }
            any = true;
            push_bytes(vm, out, s, begin, caps[0])?;
            let text = if vm.is_str(repl) || (repl.is_ptr() && vm.tid(repl) == T::Bytes) {
                repl
            } else {
                // A callable gets a match object for these captures.
                let t = vm.new_tuple(nc)?;
                for (i, &c) in caps[..nc].iter().enumerate() {
                    vm.set(
                        t,
                        2 + i,
                        Obj::small(if c == usize::MAX { -1 } else { c as isize }),
                    );
                }
                vm.root(t)?;
                let m = vm.alloc_obj(vm.tobj(T::Match), 4);
                vm.unroot(1);
                let m = m?;
                vm.set(m, 1, s);
                vm.set(m, 2, Obj::small((nc / 2) as isize));
                vm.set(m, 3, t);
                let r = vm.call(repl, &[m])?;
                if !(vm.is_str(r) || (r.is_ptr() && vm.tid(r) == T::Bytes)) {
                    return Err(vm.err_not_str(r));
                }
                r
            };
            vm.root(text)?;
            let r = expand(vm, out, text, s, &caps[..nc]);
            vm.unroot(1);
            r?;
            begin = caps[1];
            if count > 0 {
                count -= 1;
                if count == 0 {
                    break;
                }
            }
        }
        if !any {
            return Ok(s);
        }
        push_bytes(vm, out, s, begin, end)?;
        let t = if vm.is_str(s) { T::Str } else { T::Bytes };
        let n = vm.bytes_data(out).len();
        let (o, off) = vm.new_str_raw(t, n)?;
        let src = vm.ba_off(out);
        vm.heap.copy_within(src, off, n);
        Ok(vm.finish_str(o))
    })();
    vm.heap.sp = base;
    r
}

/// Append bytes `a..b` of `s` to bytearray `out`.
fn push_bytes<P: Port>(vm: &mut Vm<P>, out: Obj, s: Obj, a: usize, b: usize) -> R<()> {
    for k in a..b {
        let c = vm.str_data(s)[k];
        vm.ba_push(out, c)?;
    }
    Ok(())
}

/// Append replacement `text` with `\N`, `\g<N>` and `\\` expanded (up to a NUL byte, as
/// the reference reads a C string).
fn expand<P: Port>(vm: &mut Vm<P>, out: Obj, text: Obj, s: Obj, caps: &[usize]) -> R<()> {
    let n = vm.str_data(text).len();
    let at = |vm: &Vm<P>, i: usize| if i < n { vm.str_data(text)[i] } else { 0 };
    let mut i = 0;
    while at(vm, i) != 0 {
        let c = at(vm, i);
        if c != b'\\' {
            vm.ba_push(out, c)?;
            i += 1;
            continue;
        }
        i += 1;
        let mut g = false;
        if at(vm, i) == b'g' && at(vm, i + 1) == b'<' {
            i += 2;
            g = true;
        }
        if at(vm, i).is_ascii_digit() {
            let mut no = 0usize;
            while at(vm, i).is_ascii_digit() {
                no = no
                    .saturating_mul(10)
                    .saturating_add(usize::from(at(vm, i) - b'0'));
                i += 1;
            }
            if g && at(vm, i) == b'>' {
                i += 1;
            }
            if no >= caps.len() / 2 {
                let v = vm.new_int(no as i128)?;
                return Err(index_error(vm, v));
            }
            let (a, b) = (caps[2 * no], caps[2 * no + 1]);
            if a != usize::MAX && b != usize::MAX {
                push_bytes(vm, out, s, a, b.max(a))?;
            }
        } else if at(vm, i) == b'\\' {
            vm.ba_push(out, b'\\')?;
            i += 1;
        }
    }
    Ok(())
}

/// `repr` of an re or match object.
pub(crate) fn print<P: Port>(vm: &mut Vm<P>, out: Out, o: Obj) -> R<()> {
    if vm.tid(o) == T::Match {
        vm.write_bytes(out, b"<match num=")?;
        let n = vm.get(o, 2).small_val();
        vm.print_int_small(out, n)?;
        return vm.write_bytes(out, b">");
    }
    let mut buf = [0u8; 24];
    let mut n = buf.len();
    let mut v = o.0;
    loop {
        n -= 1;
        buf[n] = b"0123456789abcdef"[v & 15];
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    vm.write_bytes(out, b"<re 0x")?;
    vm.write_bytes(out, &buf[n..])?;
    vm.write_bytes(out, b">")
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    let method = matches!(
        id,
        RE_M_MATCH | RE_M_SEARCH | RE_M_SPLIT | RE_M_SUB | RE_GROUP
    );
    if method {
        let o = a.get(vm, 0);
        let want = if id == RE_GROUP { T::Match } else { T::Re };
        if !(o.is_ptr() && vm.tid(o) == want) {
            return Err(vm.err(T::TypeError, "argument has wrong type"));
        }
    }
    match id {
        RE_COMPILE => {
            arg_count(vm, a, 1, 2)?;
            let p = a.get(vm, 0);
            compile(vm, p)
        }
        RE_MATCH | RE_M_MATCH => exec_call(vm, a, true),
        RE_SEARCH | RE_M_SEARCH => exec_call(vm, a, false),
        RE_SUB | RE_M_SUB => sub(vm, a),
        RE_M_SPLIT => {
            arg_count(vm, a, 2, 3)?;
            let (rx, s) = (a.get(vm, 0), a.get(vm, 1));
            let max = if a.n > 2 {
                let m = a.get(vm, 2);
                vm.get_int(m)?
            } else {
                0
            };
            split(vm, rx, s, max)
        }
        _ => {
            // RE_GROUP
            arg_count(vm, a, 2, 2)?;
            let (m, n) = (a.get(vm, 0), a.get(vm, 1));
            group(vm, m, n)
        }
    }
}
