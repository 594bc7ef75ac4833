//! The `collections` module (MicroPython's `py/modcollections.c`, `objnamedtuple.c`,
//! `objdeque.c`, the ordered map of `map.c`): `namedtuple`, `deque` and `OrderedDict`.
//!
//! ```text
//!  namedtuple type  a type object of ty::SIZE + 1 words: id Tuple (so every tuple operation
//!                   applies), bases (tuple,), no dict (the reference has no `_fields` or
//!                   `_make` on the type), word ty::SIZE = tuple of the field qstrs
//!  its instances    tuples [nt type, n, items...]
//!  deque            [Deque, alloc, i_get, i_put, items*, flags]: a ring of alloc = maxlen + 1
//!                   slots, empty when i_get == i_put (objdeque.c's layout)
//!  deque iterator   [Iterator, deque, cur, IT_DEQUE]
//!  OrderedDict      a dict whose type word is the OrderedDict type (id Dict, bases (dict,)) and
//!                   whose word 4 is 1: its table is an array of `used` entries in insertion
//!                   order, searched linearly; removal closes the gap (map.c's `is_ordered`)
//! ```
use crate::builtins::*;
use crate::gc::W;
use crate::map::Lookup;
use crate::obj::{ty, Obj, T};
use crate::print::Out;
use crate::text::Part;
use crate::{Port, Vm, R};

/// Iterator kind of a deque iterator (after seq.rs's kinds).
pub(crate) const IT_DEQUE: isize = 16;
/// Word of a namedtuple type holding its fields.
const NT_FIELDS: usize = ty::SIZE;
/// Overflow check flag of `deque(iterable, maxlen, flags)`.
const FLAG_CHECK_OVERFLOW: isize = 1;

/// Is `o` an instance of a namedtuple type?
pub(crate) fn is_nt<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    if !(o.is_ptr() && vm.tid(o) == T::Tuple) {
        return false;
    }
    let t = vm.get(o, 0);
    t != vm.tobj(T::Tuple) && !vm.is_user_type(t)
}

/// The fields tuple of namedtuple type `t`.
fn fields<P: Port>(vm: &Vm<P>, t: Obj) -> Obj {
    vm.get(t, NT_FIELDS)
}

/// `namedtuple(name, fields)`: fields a str (split at whitespace, as `str.split()`) or a
/// tuple/list of str.
fn namedtuple<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 2, 2)?;
    let name = a.get(vm, 0);
    let name = vm.intern_str(name)?;
    let mut spec = a.get(vm, 1);
    let sp = vm.heap.sp;
    let r = (|| {
        vm.root(name)?;
        if vm.is_str(spec) {
            spec = vm.call_method_named(spec, "split", &[])?;
            vm.root(spec)?;
        }
        if !(spec.is_ptr() && matches!(vm.tid(spec), T::Tuple | T::List)) {
            return Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("object '"),
                    Part::TypeName(spec),
                    Part::S("' isn't a tuple or list"),
                ],
            ));
        }
        let n = vm.seq_len(spec);
        let f = vm.new_tuple(n)?;
        vm.root(f)?;
        for i in 0..n.min(vm.seq_len(spec)) {
            let s = vm.seq_get(spec, i);
            let q = vm.intern_str(s)?;
            vm.set(f, 2 + i, q);
        }
        let tup = vm.tobj(T::Tuple);
        let bases = vm.new_tuple_from(&[tup])?;
        vm.root(bases)?;
        let t = vm.alloc_obj(vm.tobj(T::Type), ty::SIZE + 1)?;
        vm.set(t, ty::ID, Obj::small(T::Tuple as isize));
        vm.set(t, ty::NAME, name);
        vm.set(t, ty::BASES, bases);
        vm.set(t, ty::DICT, Obj::NULL);
        vm.set(t, ty::USER, Obj::small(0));
        vm.set(t, NT_FIELDS, f);
        Ok(t)
    })();
    vm.heap.sp = sp;
    r
}

/// Call of namedtuple type `t`: positional and keyword field values, all fields given.
pub(crate) fn nt_make<P: Port>(vm: &mut Vm<P>, t: Obj, a: &Args) -> R<Obj> {
    let f = fields(vm, t);
    let n = vm.tuple_len(f);
    if a.n + a.n_kw != n {
        return Err(vm.errf(
            T::TypeError,
            &[
                Part::O(vm.get(t, ty::NAME)),
                Part::S("() takes "),
                Part::I(n as isize),
                Part::S(" positional arguments but "),
                Part::I((a.n + a.n_kw) as isize),
                Part::S(" were given"),
            ],
        ));
    }
    let o = vm.new_tuple(n)?;
    if n == 0 {
        // The shared empty tuple must not change type: make a fresh one.
        let e = vm.alloc_obj(t, 2)?;
        vm.set(e, 1, Obj::small(0));
        return Ok(e);
    }
    vm.set(o, 0, t);
    for i in 0..n {
        let v = if i < a.n { a.get(vm, i) } else { Obj::NULL };
        vm.set(o, 2 + i, v);
    }
    vm.root(o)?;
    let r = nt_fill_kw(vm, o, f, a);
    vm.unroot(1);
    r.map(|_| o)
}

/// The keyword arguments of a namedtuple call into `o` (rooted by the caller).
fn nt_fill_kw<P: Port>(vm: &mut Vm<P>, o: Obj, f: Obj, a: &Args) -> R<()> {
    let n = vm.tuple_len(f);
    for k in 0..a.n_kw {
        let key = Obj(vm.heap.ps[a.base + a.n + 2 * k]);
        let val = Obj(vm.heap.ps[a.base + a.n + 2 * k + 1]);
        let key = match vm.intern_str(key) {
            Ok(q) => q,
            Err(e) => {
                clear_nulls(vm, o);
                return Err(e);
            }
        };
        let Some(i) = (0..n).find(|&i| vm.tuple_get(f, i) == key) else {
            clear_nulls(vm, o);
            return Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("unexpected keyword argument '"),
                    Part::O(key),
                    Part::S("'"),
                ],
            ));
        };
        if !vm.tuple_get(o, i).is_null() {
            clear_nulls(vm, o);
            return Err(vm.errf(
                T::TypeError,
                &[
                    Part::S("function got multiple values for argument '"),
                    Part::O(key),
                    Part::S("'"),
                ],
            ));
        }
        vm.set(o, 2 + i, val);
    }
    Ok(())
}

/// A half-built namedtuple left behind by an error holds no NULL items.
fn clear_nulls<P: Port>(vm: &mut Vm<P>, o: Obj) {
    for i in 0..vm.tuple_len(o) {
        if vm.tuple_get(o, i).is_null() {
            vm.set(o, 2 + i, Obj::NONE);
        }
    }
}

/// Field `q` of namedtuple instance `o`, if it has one.
pub(crate) fn nt_attr<P: Port>(vm: &mut Vm<P>, o: Obj, q: Obj) -> Option<Obj> {
    let f = fields(vm, vm.get(o, 0));
    let n = vm.tuple_len(f).min(vm.tuple_len(o));
    (0..n)
        .find(|&i| vm.tuple_get(f, i) == q)
        .map(|i| vm.tuple_get(o, i))
}

/// Storing or deleting an attribute of a namedtuple instance.
pub(crate) fn nt_store_attr<P: Port>(vm: &mut Vm<P>) -> crate::Exc {
    vm.err(T::AttributeError, "can't set attribute")
}

/// Print a namedtuple instance: `Name(f1=v1, f2=v2)`.
pub(crate) fn nt_print<P: Port>(vm: &mut Vm<P>, out: Out, o: Obj) -> R<()> {
    let t = vm.get(o, 0);
    let name = vm.get(t, ty::NAME);
    let f = fields(vm, t);
    vm.print_str(out, name)?;
    vm.write_bytes(out, b"(")?;
    let n = vm.tuple_len(o).min(vm.tuple_len(f));
    for i in 0..n {
        if i > 0 {
            vm.write_bytes(out, b", ")?;
        }
        let k = vm.tuple_get(f, i);
        vm.print_str(out, k)?;
        vm.write_bytes(out, b"=")?;
        let v = vm.tuple_get(o, i);
        vm.print(out, v, true)?;
    }
    vm.write_bytes(out, b")")
}

// ----- deque -----

fn dq_alloc<P: Port>(vm: &Vm<P>, d: Obj) -> usize {
    vm.get(d, 1).small_val() as usize
}
fn dq_get<P: Port>(vm: &Vm<P>, d: Obj) -> usize {
    vm.get(d, 2).small_val() as usize
}
fn dq_put<P: Port>(vm: &Vm<P>, d: Obj) -> usize {
    vm.get(d, 3).small_val() as usize
}
fn dq_item<P: Port>(vm: &Vm<P>, d: Obj, i: usize) -> Obj {
    Obj(vm.rdw(vm.get(d, 4).0, i))
}
fn dq_set_item<P: Port>(vm: &mut Vm<P>, d: Obj, i: usize, v: Obj) {
    let items = vm.get(d, 4).0;
    vm.wrw(items, i, v.0);
}

/// Number of items in deque `d`.
pub(crate) fn deque_len<P: Port>(vm: &Vm<P>, d: Obj) -> usize {
    let (g, p) = (dq_get(vm, d), dq_put(vm, d));
    if p >= g {
        p - g
    } else {
        p + dq_alloc(vm, d) - g
    }
}

/// `deque(iterable, maxlen[, flags])`: maxlen is required and must not be negative.
pub(crate) fn deque_make<P: Port>(vm: &mut Vm<P>, a: &Args) -> R<Obj> {
    arg_count(vm, a, 2, 3)?;
    let m = a.get(vm, 1);
    let maxlen = vm.get_int(m)?;
    if maxlen < 0 || maxlen >= Obj::SMALL_MAX / (W as isize) {
        return Err(vm.err_noarg(T::ValueError));
    }
    let flags = if a.n > 2 {
        let f = a.get(vm, 2);
        vm.get_int(f)?
    } else {
        0
    };
    let alloc = maxlen as usize + 1;
    let d = vm.alloc_obj(vm.tobj(T::Deque), 6)?;
    vm.set(d, 1, Obj::small(alloc as isize));
    vm.set(d, 2, Obj::small(0));
    vm.set(d, 3, Obj::small(0));
    vm.set(d, 5, Obj::small(flags));
    vm.root(d)?;
    let r = (|| {
        let items = vm.alloc_raw(alloc * W)?;
        for i in 0..alloc {
            vm.wrw(items, i, 0);
        }
        vm.set(d, 4, Obj(items));
        let src = a.get(vm, 0);
        extend(vm, d, src)?;
        Ok(d)
    })();
    vm.unroot(1);
    r
}

/// Append `x` at the right: when full, the leftmost item is dropped (or IndexError with the
/// overflow flag).
fn append<P: Port>(vm: &mut Vm<P>, d: Obj, x: Obj) -> R<()> {
    let alloc = dq_alloc(vm, d);
    let put = dq_put(vm, d);
    let mut np = put + 1;
    if np == alloc {
        np = 0;
    }
    if vm.get(d, 5).small_val() & FLAG_CHECK_OVERFLOW != 0 && np == dq_get(vm, d) {
        return Err(vm.err(T::IndexError, "full"));
    }
    dq_set_item(vm, d, put, x);
    vm.set(d, 3, Obj::small(np as isize));
    if dq_get(vm, d) == np {
        let g = (np + 1) % alloc;
        vm.set(d, 2, Obj::small(g as isize));
    }
    Ok(())
}

/// Append `x` at the left: when full, the rightmost item is dropped.
fn appendleft<P: Port>(vm: &mut Vm<P>, d: Obj, x: Obj) -> R<()> {
    let alloc = dq_alloc(vm, d);
    let get = dq_get(vm, d);
    let ng = if get == 0 { alloc - 1 } else { get - 1 };
    let put = dq_put(vm, d);
    if vm.get(d, 5).small_val() & FLAG_CHECK_OVERFLOW != 0 && ng == put {
        return Err(vm.err(T::IndexError, "full"));
    }
    vm.set(d, 2, Obj::small(ng as isize));
    dq_set_item(vm, d, ng, x);
    if put == ng {
        let np = if put == 0 { alloc - 1 } else { put - 1 };
        vm.set(d, 3, Obj::small(np as isize));
    }
    Ok(())
}

fn extend<P: Port>(vm: &mut Vm<P>, d: Obj, src: Obj) -> R<()> {
    let it = vm.get_iter(src)?;
    vm.root(it)?;
    let r = (|| {
        while let Some(x) = vm.iter_next(it)? {
            append(vm, d, x)?;
        }
        Ok(())
    })();
    vm.unroot(1);
    r
}

/// `d[i]` and `d[i] = v` (deletion is not supported, as in the reference).
pub(crate) fn deque_subscr<P: Port>(vm: &mut Vm<P>, d: Obj, idx: Obj, val: Obj) -> R<Obj> {
    if val.is_null() {
        return Err(vm.err(T::TypeError, "'deque' object doesn't support item deletion"));
    }
    let n = deque_len(vm, d);
    let off = vm.seq_index(idx, n, "deque")?;
    let i = (dq_get(vm, d) + off) % dq_alloc(vm, d);
    if val == Obj::SENTINEL {
        Ok(dq_item(vm, d, i))
    } else {
        dq_set_item(vm, d, i, val);
        Ok(Obj::NONE)
    }
}

/// `iter(d)`: walks the ring from `i_get` until it meets `i_put`.
pub(crate) fn deque_iter<P: Port>(vm: &mut Vm<P>, d: Obj) -> R<Obj> {
    vm.root(d)?;
    let it = vm.alloc_obj(vm.tobj(T::Iterator), 4);
    vm.unroot(1);
    let it = it?;
    vm.set(it, 1, d);
    vm.set(it, 2, vm.get(d, 2));
    vm.set(it, 3, Obj::small(IT_DEQUE));
    Ok(it)
}

/// The next item of a deque iterator.
pub(crate) fn deque_step<P: Port>(vm: &mut Vm<P>, d: Obj, cur: usize) -> Option<(Obj, usize)> {
    if cur == dq_put(vm, d) || cur >= dq_alloc(vm, d) {
        return None;
    }
    let v = dq_item(vm, d, cur);
    let next = (cur + 1) % dq_alloc(vm, d);
    Some((v, next))
}

fn deque_call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    let d = a.get(vm, 0);
    let d = vm.native_sub(d).unwrap_or(d);
    if !(d.is_ptr() && vm.tid(d) == T::Deque) {
        return Err(vm.err(T::TypeError, "argument has wrong type"));
    }
    match id {
        DQ_APPEND | DQ_APPENDLEFT | DQ_EXTEND => {
            arg_count(vm, a, 2, 2)?;
            let x = a.get(vm, 1);
            match id {
                DQ_APPEND => append(vm, d, x)?,
                DQ_APPENDLEFT => appendleft(vm, d, x)?,
                _ => extend(vm, d, x)?,
            }
            Ok(Obj::NONE)
        }
        _ => {
            // DQ_POP, DQ_POPLEFT
            arg_count(vm, a, 1, 1)?;
            let (g, p, alloc) = (dq_get(vm, d), dq_put(vm, d), dq_alloc(vm, d));
            if g == p {
                return Err(vm.err(T::IndexError, "empty"));
            }
            let slot = if id == DQ_POP {
                let np = if p == 0 { alloc - 1 } else { p - 1 };
                vm.set(d, 3, Obj::small(np as isize));
                np
            } else {
                vm.set(d, 2, Obj::small(((g + 1) % alloc) as isize));
                g
            };
            let v = dq_item(vm, d, slot);
            dq_set_item(vm, d, slot, Obj::NULL);
            Ok(v)
        }
    }
}

// ----- OrderedDict -----

/// Is `d` (a dict) an ordered map?
#[inline]
pub(crate) fn is_ordered<P: Port>(vm: &Vm<P>, d: Obj) -> bool {
    // A plain dict or set is 4 words; only an OrderedDict (its own type word) has the fifth.
    let t = vm.get(d, 0);
    if t == vm.tobj(T::Dict) || t == vm.tobj(T::Set) || t == vm.tobj(T::FrozenSet) {
        return false;
    }
    // (A class instance is its own attribute map; one derived from a built-in type keeps
    // its sub-object in the fifth word, never the small int 1 that marks an ordered map.)
    vm.heap.alloc_size(vm.heap.off(d.0)) > 4 * W && vm.get(d, 4) == Obj::small(1)
}

/// Is `o` an OrderedDict (not a dict, nor a class instance)?
pub(crate) fn is_od<P: Port>(vm: &Vm<P>, o: Obj) -> bool {
    o.is_ptr() && vm.tid(o) == T::Dict && !vm.is_user_instance(o) && is_ordered(vm, o)
}

/// `OrderedDict(...)` (called with the OrderedDict type `t`): a dict marked ordered.
pub(crate) fn od_new<P: Port>(vm: &mut Vm<P>, t: Obj) -> R<Obj> {
    let d = vm.new_map_words(T::Dict, 0, 5)?;
    vm.set(d, 0, t);
    vm.set(d, 4, Obj::small(1));
    Ok(d)
}

/// Lookup in an ordered map: a linear search over the `used` entries; an added key goes at
/// the end (the table grows by 4 when full); a removed one closes the gap, its value left in
/// the slot after the last entry for the caller to read.
pub(crate) fn od_lookup<P: Port>(
    vm: &mut Vm<P>,
    d: Obj,
    key: Obj,
    kind: Lookup,
) -> R<Option<usize>> {
    let mut i = 0;
    while i < vm.map_used(d) {
        let k = vm.map_key(d, i);
        let eq = k == key
            || (!(k.is_qstr() && key.is_qstr()) && {
                let base = vm.heap.sp;
                vm.root(d)?;
                vm.root(key)?;
                let r = vm.equal(k, key);
                vm.heap.sp = base;
                r?
            });
        if eq {
            if kind == Lookup::Remove {
                let used = vm.map_used(d);
                let v = vm.map_val(d, i);
                let tab = vm.get(d, 3).0;
                for j in 2 * i..2 * (used - 1) {
                    let w = vm.rdw(tab, j + 2);
                    vm.wrw(tab, j, w);
                }
                vm.set(d, 1, Obj::small(used as isize - 1));
                vm.wrw(tab, 2 * (used - 1), 0);
                vm.wrw(tab, 2 * (used - 1) + 1, v.0);
                return Ok(Some(used - 1));
            }
            return Ok(Some(i));
        }
        i += 1;
    }
    if kind != Lookup::Add {
        return Ok(None);
    }
    let (used, alloc) = (vm.map_used(d), vm.map_alloc(d));
    if used == alloc {
        let base = vm.heap.sp;
        vm.root(d)?;
        vm.root(key)?;
        let nt = vm.alloc_raw(2 * (alloc + 4) * W);
        vm.heap.sp = base;
        let nt = nt?;
        let old = vm.get(d, 3).0;
        for j in 0..2 * (alloc + 4) {
            let w = if j < 2 * used { vm.rdw(old, j) } else { 0 };
            vm.wrw(nt, j, w);
        }
        vm.set(d, 2, Obj::small(alloc as isize + 4));
        vm.set(d, 3, Obj(nt));
    }
    let tab = vm.get(d, 3).0;
    vm.wrw(tab, 2 * used, key.0);
    vm.wrw(tab, 2 * used + 1, 0);
    vm.set(d, 1, Obj::small(used as isize + 1));
    Ok(Some(used))
}

/// `==` with an OrderedDict on the left or right (`Some` when this decides): two ordered maps
/// compare item by item in order; an OrderedDict equals no plain dict on its right and a plain
/// dict equals no OrderedDict on its right (dict_binary_op's type tests).
pub(crate) fn od_equal<P: Port>(vm: &mut Vm<P>, l: Obj, r: Obj) -> R<Option<bool>> {
    let (lo, ro) = (is_od(vm, l), is_od(vm, r));
    if !lo && !ro {
        return Ok(None);
    }
    if !(lo && ro) {
        return Ok(Some(false));
    }
    let n = vm.map_used(l);
    if n != vm.map_used(r) {
        return Ok(Some(false));
    }
    for i in 0..n {
        if i >= vm.map_used(l) || i >= vm.map_used(r) {
            return Ok(Some(false));
        }
        let (a, b) = (vm.map_key(l, i), vm.map_key(r, i));
        if !vm.equal(a, b)? {
            return Ok(Some(false));
        }
        let (a, b) = (vm.map_val(l, i), vm.map_val(r, i));
        if !vm.equal(a, b)? {
            return Ok(Some(false));
        }
    }
    Ok(Some(true))
}

/// Methods and functions of this module (ids from `COLL_NAMEDTUPLE` on).
pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    if id == COLL_NAMEDTUPLE {
        return namedtuple(vm, a);
    }
    deque_call(vm, id, a)
}

/// Fill in the `collections` module dict `d` (its functions and deque are in place): the
/// OrderedDict type, a built-in-like type with dict's id.
pub(crate) fn init<P: Port>(vm: &mut Vm<P>, d: Obj) -> R<()> {
    let dict = vm.tobj(T::Dict);
    let bases = vm.new_tuple_from(&[dict])?;
    vm.root(bases)?;
    let t = vm.alloc_obj(vm.tobj(T::Type), ty::SIZE);
    vm.unroot(1);
    let t = t?;
    vm.set(t, ty::ID, Obj::small(T::Dict as isize));
    vm.set(t, ty::BASES, bases);
    vm.set(t, ty::DICT, Obj::NULL);
    vm.set(t, ty::USER, Obj::small(0));
    vm.root(t)?;
    let q = vm.intern(b"OrderedDict");
    vm.unroot(1);
    let q = q?;
    vm.set(t, ty::NAME, q);
    vm.map_store(d, q, t)
}
