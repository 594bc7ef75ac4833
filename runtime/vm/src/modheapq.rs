//! The `heapq` module (MicroPython's `extmod/modheapq.c`, modelled on CPython's heapq.py):
//! `heappush`, `heappop` and `heapify` on a list, ordering items with `<` only, so the
//! sequence of comparisons (and what user `__lt__` methods see) is the reference's.
//!
//! A `__lt__` that changes the list's length while it is sifted would make the reference
//! read stale slots; here every index is checked against the current length, and a
//! sift stops at the end of the list.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};
use mpy_format::opcode::binary as b;

/// The heap argument: a list (not a subclass).
fn heap<P: Port>(vm: &mut Vm<P>, h: Obj) -> R<Obj> {
    if h.is_ptr() && vm.get(h, 0) == vm.tobj(T::List) {
        Ok(h)
    } else {
        Err(vm.err(T::TypeError, "heap must be a list"))
    }
}

fn get<P: Port>(vm: &Vm<P>, l: Obj, i: usize) -> Obj {
    if i < vm.list_len(l) {
        vm.list_get(l, i)
    } else {
        Obj::NONE
    }
}

fn put<P: Port>(vm: &mut Vm<P>, l: Obj, i: usize, v: Obj) {
    if i < vm.list_len(l) {
        vm.list_set(l, i, v);
    }
}

/// `a < b` is exactly True.
fn less<P: Port>(vm: &mut Vm<P>, a: Obj, c: Obj) -> R<bool> {
    Ok(vm.binary_op(b::LESS, a, c)? == Obj::TRUE)
}

/// Move the item at `pos` up towards `start` while it is smaller than its parent.
fn siftdown<P: Port>(vm: &mut Vm<P>, l: Obj, start: usize, mut pos: usize) -> R<()> {
    let item = get(vm, l, pos);
    vm.root(item)?;
    let r = (|| {
        while pos > start {
            let parent_pos = (pos - 1) >> 1;
            let parent = get(vm, l, parent_pos);
            if less(vm, item, parent)? {
                put(vm, l, pos, parent);
                pos = parent_pos;
            } else {
                break;
            }
        }
        put(vm, l, pos, item);
        Ok(())
    })();
    vm.unroot(1);
    r
}

/// Move the smaller child up into the hole at `pos` down to a leaf, then sift the item
/// back.
fn siftup<P: Port>(vm: &mut Vm<P>, l: Obj, mut pos: usize) -> R<()> {
    let start = pos;
    let item = get(vm, l, pos);
    vm.root(item)?;
    let r = (|| {
        let mut child = 2 * pos + 1;
        while child < vm.list_len(l) {
            if child + 1 < vm.list_len(l) {
                let (x, y) = (get(vm, l, child), get(vm, l, child + 1));
                if vm.binary_op(b::LESS, x, y)? == Obj::FALSE {
                    child += 1;
                }
            }
            let c = get(vm, l, child);
            put(vm, l, pos, c);
            pos = child;
            child = 2 * pos + 1;
        }
        put(vm, l, pos, item);
        siftdown(vm, l, start, pos)
    })();
    vm.unroot(1);
    r
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        HEAPQ_HEAPPUSH => {
            arg_count(vm, a, 2, 2)?;
            let h = a.get(vm, 0);
            let h = heap(vm, h)?;
            let v = a.get(vm, 1);
            vm.list_append(h, v)?;
            let n = vm.list_len(h);
            siftdown(vm, h, 0, n - 1)?;
            Ok(Obj::NONE)
        }
        HEAPQ_HEAPPOP => {
            arg_count(vm, a, 1, 1)?;
            let h = a.get(vm, 0);
            let h = heap(vm, h)?;
            let n = vm.list_len(h);
            if n == 0 {
                return Err(vm.err(T::IndexError, "empty heap"));
            }
            let item = vm.list_get(h, 0);
            let last = vm.list_get(h, n - 1);
            vm.list_set(h, 0, last);
            vm.list_set(h, n - 1, Obj::NULL);
            vm.set(h, 1, Obj::small(n as isize - 1));
            if n > 1 {
                vm.root(item)?;
                let r = siftup(vm, h, 0);
                vm.unroot(1);
                r?;
            }
            Ok(item)
        }
        _ => {
            // HEAPQ_HEAPIFY
            arg_count(vm, a, 1, 1)?;
            let h = a.get(vm, 0);
            let h = heap(vm, h)?;
            let mut i = vm.list_len(h) / 2;
            while i > 0 {
                i -= 1;
                siftup(vm, h, i)?;
            }
            Ok(Obj::NONE)
        }
    }
}
