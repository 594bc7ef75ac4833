//! The `random` module (MicroPython's `extmod/modrandom.c`): Ilya Levin's Yasmarang
//! generator with the reference's state layout and seeding, so a seeded program draws the
//! same numbers as on MicroPython: `getrandbits`, `seed`, `randrange`, `randint`, `choice`,
//! `random`, `uniform`.
//!
//! ```text
//!  state  a raw block of 4 words at root::RANDOM: pad, n, d, dat (u32 values; dat is a byte)
//! ```
//! Unseeded, the reference seeds from the OS on import; here the seed comes from the port's
//! millisecond clock, so unseeded sequences differ between runs on both.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{root, Port, Vm, R};

/// The state block, allocated on first use.
fn state<P: Port>(vm: &mut Vm<P>) -> R<usize> {
    let s = vm.heap.roots[root::RANDOM];
    if s != 0 {
        return Ok(s);
    }
    let s = vm.alloc_raw(4 * crate::gc::W)?;
    vm.heap.roots[root::RANDOM] = s;
    let t = vm.port.ticks_ms() as u32;
    seed_with(vm, s, t);
    Ok(s)
}

fn seed_with<P: Port>(vm: &mut Vm<P>, s: usize, seed: u32) {
    for (i, v) in [seed, 69, 233, 0].into_iter().enumerate() {
        vm.wrw(s, i, v as usize);
    }
}

/// One step of Yasmarang: the next 32-bit value.
fn next<P: Port>(vm: &mut Vm<P>) -> R<u32> {
    let s = state(vm)?;
    let mut pad = vm.rdw(s, 0) as u32;
    let mut n = vm.rdw(s, 1) as u32;
    let mut d = vm.rdw(s, 2) as u32;
    let mut dat = vm.rdw(s, 3) as u8;
    pad = pad.wrapping_add(u32::from(dat).wrapping_add(d.wrapping_mul(n)));
    pad = (pad << 3).wrapping_add(pad >> 29);
    n = pad | 2;
    d ^= (pad << 31).wrapping_add(pad >> 1);
    dat ^= (pad as u8) ^ ((d >> 8) as u8) ^ 1;
    for (i, v) in [pad, n, d, u32::from(dat)].into_iter().enumerate() {
        vm.wrw(s, i, v as usize);
    }
    Ok(pad ^ (d << 5) ^ (pad >> 18) ^ (u32::from(dat) << 1))
}

/// A value below `n` (not zero): masked draws until one fits.
fn below<P: Port>(vm: &mut Vm<P>, n: u32) -> R<u32> {
    if n == 0 {
        return Ok(0);
    }
    let mut mask = 1u32;
    while (n & mask) < n {
        mask = (mask << 1) | 1;
    }
    loop {
        let r = next(vm)? & mask;
        if r < n {
            return Ok(r);
        }
    }
}

/// A float in [0, 1): 52 random fraction bits under the exponent of 1.0, minus 1.
fn float01<P: Port>(vm: &mut Vm<P>) -> R<f64> {
    let hi = u64::from(next(vm)?);
    let lo = u64::from(next(vm)?);
    let frac = ((hi << 32) | lo) & ((1u64 << 52) - 1);
    Ok(f64::from_bits((1023u64 << 52) | frac) - 1.0)
}

fn int_arg<P: Port>(vm: &mut Vm<P>, a: &Args, i: usize) -> R<isize> {
    let o = a.get(vm, i);
    vm.get_int(o)
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        RANDOM_GETRANDBITS => {
            arg_count(vm, a, 1, 1)?;
            let n = int_arg(vm, a, 0)?;
            if !(0..=32).contains(&n) {
                return Err(vm.err(T::ValueError, "bits must be 32 or less"));
            }
            if n == 0 {
                return Ok(Obj::small(0));
            }
            let v = next(vm)? & (u32::MAX >> (32 - n));
            vm.new_int(i128::from(v))
        }
        RANDOM_SEED => {
            arg_count(vm, a, 0, 1)?;
            let seed = if a.n == 0 || a.get(vm, 0) == Obj::NONE {
                // The clock mixed with a draw of the old state: two default seeds within a
                // millisecond still give different sequences.
                (vm.port.ticks_ms() as u32) ^ next(vm)?.rotate_left(7)
            } else {
                let o = a.get(vm, 0);
                match vm.int_val(o) {
                    Some(v) => v as u32,
                    None => {
                        let b = crate::modstruct::int_le(vm, o)?;
                        u32::from_le_bytes([b[0], b[1], b[2], b[3]])
                    }
                }
            };
            let s = state(vm)?;
            seed_with(vm, s, seed);
            Ok(Obj::NONE)
        }
        RANDOM_RANDRANGE => {
            arg_count(vm, a, 1, 3)?;
            let start = int_arg(vm, a, 0)?;
            let v = if a.n == 1 {
                (start > 0)
                    .then(|| below(vm, start as u32))
                    .transpose()?
                    .map(|r| r as isize)
            } else {
                let stop = int_arg(vm, a, 1)?;
                if a.n == 2 {
                    (start < stop)
                        .then(|| below(vm, stop.wrapping_sub(start) as u32))
                        .transpose()?
                        .map(|r| start.wrapping_add(r as isize))
                } else {
                    let step = int_arg(vm, a, 2)?;
                    let n = if step > 0 {
                        (stop - start + step - 1) / step
                    } else if step < 0 {
                        (stop - start + step + 1) / step
                    } else {
                        0
                    };
                    (n > 0)
                        .then(|| below(vm, n as u32))
                        .transpose()?
                        .map(|r| start.wrapping_add(step.wrapping_mul(r as isize)))
                }
            };
            match v {
                Some(v) => vm.new_int(v as i128),
                None => Err(vm.err_noarg(T::ValueError)),
            }
        }
        RANDOM_RANDINT => {
            arg_count(vm, a, 2, 2)?;
            let lo = int_arg(vm, a, 0)?;
            let hi = int_arg(vm, a, 1)?;
            if lo > hi {
                return Err(vm.err_noarg(T::ValueError));
            }
            let r = below(vm, (hi.wrapping_sub(lo).wrapping_add(1)) as u32)?;
            vm.new_int(lo.wrapping_add(r as isize) as i128)
        }
        RANDOM_CHOICE => {
            arg_count(vm, a, 1, 1)?;
            let seq = a.get(vm, 0);
            let n = vm.len_of(seq)?;
            if n == 0 {
                return Err(vm.err_noarg(T::IndexError));
            }
            let i = below(vm, n as u32)?;
            vm.subscr(seq, Obj::small(i as isize), Obj::SENTINEL)
        }
        RANDOM_RANDOM => {
            arg_count(vm, a, 0, 0)?;
            let f = float01(vm)?;
            vm.new_float(f)
        }
        _ => {
            // RANDOM_UNIFORM
            arg_count(vm, a, 2, 2)?;
            let (x, y) = (a.get(vm, 0), a.get(vm, 1));
            let lo = vm.get_float(x)?;
            let hi = vm.get_float(y)?;
            let f = float01(vm)?;
            vm.new_float(lo + (hi - lo) * f)
        }
    }
}
