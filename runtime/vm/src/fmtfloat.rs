//! `%f`/`%e`/`%g` float formatting for `%` and `str.format`, through `mpy-num`'s port of
//! `mp_format_float`.

/// Format `f` with conversion `conv` (`e f g E F G %`) and precision `prec` into `out`;
/// returns the length.
pub(crate) fn format(out: &mut [u8], f: f64, conv: u8, prec: i32, sign: u8) -> usize {
    let t = if conv == b'%' {
        let mut t = mpy_num::float::format_float(f * 100.0, b'f', prec, sign);
        t.add_percent();
        t
    } else {
        mpy_num::float::format_float(f, conv, prec, sign)
    };
    let b = t.as_bytes();
    let n = b.len().min(out.len());
    out[..n].copy_from_slice(&b[..n]);
    n
}
