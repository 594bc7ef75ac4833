//! The calendar and wall-clock part of the `time` module (MicroPython's unix
//! `ports/unix/modtime.c` over libc, which `shared/timeutils` mirrors for bare metal):
//! `time()` (float seconds), `time_ns()`, `clock()`, `gmtime([secs])`, `localtime([secs])`
//! and `mktime(tuple)`. The ticks and sleep functions are in modules.rs.
//!
//! Dates use the proleptic Gregorian calendar over the whole i64 range (days from/to civil
//! dates, Howard Hinnant's algorithm). The VM has no time zone: localtime is gmtime and
//! mktime reads its tuple as UTC, as the reference does with `TZ=UTC`. Tuples are
//! `(year, month, mday, hour, minute, second, weekday 0=Monday, yearday 1.., isdst)`.
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

/// Days since 1970-01-01 of year `y`, month `m` (1..12), day `d`.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// (year, month, day) of day `z` since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// The 9-tuple of UTC time `t` (seconds since the epoch).
fn tuple_of<P: Port>(vm: &mut Vm<P>, t: i64) -> R<Obj> {
    let days = t.div_euclid(86_400);
    let secs = t.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    // 1970-01-01 was a Thursday (weekday 3 with Monday 0).
    let wday = (days + 3).rem_euclid(7);
    let yday = days - days_from_civil(y, 1, 1) + 1;
    let items = [
        y,
        m,
        d,
        secs / 3600,
        secs / 60 % 60,
        secs % 60,
        wday,
        yday,
        0,
    ];
    let o = vm.new_tuple(9)?;
    for (i, v) in items.into_iter().enumerate() {
        vm.set(o, 2 + i, Obj::small(v as isize));
    }
    Ok(o)
}

/// The ticks period: the small-int range (MICROPY_PY_TIME_TICKS_PERIOD), 2**62 on 64-bit.
const PERIOD: isize = Obj::SMALL_MAX + 1;

/// Seconds since the epoch now.
fn now_ns<P: Port>(vm: &mut Vm<P>) -> u64 {
    vm.port.epoch_ns()
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    match id {
        TIME_WALL => {
            arg_count(vm, a, 0, 0)?;
            let ns = now_ns(vm);
            vm.new_float(ns as f64 / 1e9)
        }
        TIME_NS => {
            arg_count(vm, a, 0, 0)?;
            let ns = now_ns(vm);
            vm.new_int(i128::from(ns))
        }
        TIME_TICKS_ADD2 => {
            // ticks_add(ticks, delta): delta within half the ticks period either way.
            arg_count(vm, a, 2, 2)?;
            let (t, d) = (a.get(vm, 0), a.get(vm, 1));
            let t = vm.get_int(t)?;
            let d = vm.get_int(d)?;
            if d <= -PERIOD / 2 || d >= PERIOD / 2 {
                return Err(vm.err(T::OverflowError, "ticks interval overflow"));
            }
            Ok(Obj::small(t.wrapping_add(d) & (PERIOD - 1)))
        }
        TIME_TICKS_DIFF2 => {
            // ticks_diff(end, start): the difference wrapped into [-PERIOD/2, PERIOD/2).
            arg_count(vm, a, 2, 2)?;
            let (e, s) = (a.get(vm, 0), a.get(vm, 1));
            let e = vm.get_int(e)?;
            let s = vm.get_int(s)?;
            let d = (e.wrapping_sub(s).wrapping_add(PERIOD / 2) & (PERIOD - 1)) - PERIOD / 2;
            Ok(Obj::small(d))
        }
        TIME_TICKS_MS2 | TIME_TICKS_US2 => {
            arg_count(vm, a, 0, 0)?;
            let ms = vm.port.ticks_ms() as isize;
            let v = if id == TIME_TICKS_MS2 {
                ms
            } else {
                ms.wrapping_mul(1000)
            };
            Ok(Obj::small(v & (PERIOD - 1)))
        }
        TIME_CLOCK => {
            arg_count(vm, a, 0, 0)?;
            let ms = vm.port.ticks_ms();
            vm.new_float(ms as f64 / 1000.0)
        }
        TIME_GMTIME | TIME_LOCALTIME => {
            arg_count(vm, a, 0, 1)?;
            let t = if a.n == 0 {
                (now_ns(vm) / 1_000_000_000) as i64
            } else {
                let o = a.get(vm, 0);
                let f = vm.get_float(o)?;
                if !f.is_finite() || f.abs() > 1e17 {
                    return Err(vm.err(
                        T::OverflowError,
                        "timestamp out of range for platform time_t",
                    ));
                }
                f as i64
            };
            tuple_of(vm, t)
        }
        _ => {
            // TIME_MKTIME
            arg_count(vm, a, 1, 1)?;
            let tup = a.get(vm, 0);
            if !(tup.is_ptr() && matches!(vm.tid(tup), T::Tuple | T::List)) {
                return Err(vm.errf(
                    T::TypeError,
                    &[
                        crate::text::Part::S("object '"),
                        crate::text::Part::TypeName(tup),
                        crate::text::Part::S("' isn't a tuple or list"),
                    ],
                ));
            }
            let n = vm.seq_len(tup);
            if !(8..=9).contains(&n) {
                return Err(vm.err(T::TypeError, "mktime needs a tuple of length 8 or 9"));
            }
            let mut f = [0i64; 6];
            for (i, x) in f.iter_mut().enumerate() {
                let v = vm.seq_get(tup, i);
                *x = vm.get_int(v)? as i64;
            }
            if n == 9 {
                let v = vm.seq_get(tup, 8);
                vm.get_int(v)?;
            }
            // libc's mktime normalises out-of-range fields linearly.
            let mon0 = f[1] - 1;
            let (y, m) = (f[0] + mon0.div_euclid(12), mon0.rem_euclid(12) + 1);
            let days = days_from_civil(y, m, 1) + f[2] - 1;
            let t = days * 86_400 + f[3] * 3600 + f[4] * 60 + f[5];
            vm.new_int(i128::from(t))
        }
    }
}
