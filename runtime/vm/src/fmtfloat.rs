//! `%f`/`%e`/`%g` float formatting for `%` and `str.format` (interim, built on core's exact
//! formatting; `mpy-num` replaces it with MicroPython's own algorithm).
use core::fmt::Write;

struct Buf<'a> {
    b: &'a mut [u8],
    n: usize,
}

impl Write for Buf<'_> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        for &c in s.as_bytes() {
            if self.n < self.b.len() {
                self.b[self.n] = c;
                self.n += 1;
            }
        }
        Ok(())
    }
}

/// Format `f` with conversion `conv` and precision `prec` into `out`; returns the length.
pub(crate) fn format(out: &mut [u8], f: f64, conv: u8, prec: usize, sign: u8, alt: bool) -> usize {
    let prec = prec.min(60);
    let mut w = Buf { b: out, n: 0 };
    let upper = conv.is_ascii_uppercase();
    if f.is_nan() || f.is_infinite() {
        if f.is_sign_negative() && f.is_infinite() {
            let _ = w.write_str("-");
        } else if sign != 0 {
            let _ = w.write_char(sign as char);
        }
        let t = if f.is_nan() { "nan" } else { "inf" };
        let _ = w.write_str(if upper {
            if f.is_nan() {
                "NAN"
            } else {
                "INF"
            }
        } else {
            t
        });
        return w.n;
    }
    if sign != 0 && !f.is_sign_negative() {
        let _ = w.write_char(sign as char);
    }
    match conv.to_ascii_lowercase() {
        b'f' | b'%' => {
            let _ = write!(w, "{:.*}", prec, f);
            if conv == b'%' {
                let _ = w.write_str("%");
            }
        }
        b'e' => write_exp(&mut w, f, prec, upper),
        _ => {
            // %g: precision p significant digits, exponent form if exp < -4 or >= p.
            let p = if prec == 0 { 1 } else { prec };
            if f == 0.0 {
                let _ = w.write_str(if f.is_sign_negative() { "-0" } else { "0" });
                if alt {
                    let _ = w.write_str(".");
                }
                return w.n;
            }
            let mut tmp = [0u8; 80];
            let mut t = Buf { b: &mut tmp, n: 0 };
            let _ = write!(t, "{:.*e}", p - 1, f);
            let n = t.n;
            let s = &tmp[..n];
            let epos = s.iter().position(|&c| c == b'e').unwrap_or(n);
            let exp: i32 = core::str::from_utf8(&s[epos + 1..])
                .ok()
                .and_then(|e| e.parse().ok())
                .unwrap_or(0);
            if exp < -4 || exp >= p as i32 {
                let start = w.n;
                write_exp(&mut w, f, p - 1, upper);
                if !alt {
                    strip_zeros_exp(&mut w, start);
                }
            } else {
                let decimals = (p as i32 - 1 - exp).max(0) as usize;
                let start = w.n;
                let _ = write!(w, "{:.*}", decimals, f);
                if !alt && decimals > 0 {
                    while w.n > start && w.b[w.n - 1] == b'0' {
                        w.n -= 1;
                    }
                    if w.n > start && w.b[w.n - 1] == b'.' {
                        w.n -= 1;
                    }
                }
            }
        }
    }
    w.n
}

fn write_exp(w: &mut Buf, f: f64, prec: usize, upper: bool) {
    let mut tmp = [0u8; 96];
    let mut t = Buf { b: &mut tmp, n: 0 };
    let _ = write!(t, "{:.*e}", prec, f);
    let n = t.n;
    let s = &tmp[..n];
    let epos = s.iter().position(|&c| c == b'e').unwrap_or(n);
    let _ = w.write_str(core::str::from_utf8(&s[..epos]).unwrap_or(""));
    let exp: i32 = core::str::from_utf8(&s[(epos + 1).min(n)..])
        .ok()
        .and_then(|e| e.parse().ok())
        .unwrap_or(0);
    let _ = write!(
        w,
        "{}{}{:02}",
        if upper { 'E' } else { 'e' },
        if exp < 0 { '-' } else { '+' },
        exp.abs()
    );
}

fn strip_zeros_exp(w: &mut Buf, start: usize) {
    let Some(e) = w.b[start..w.n]
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .map(|p| p + start)
    else {
        return;
    };
    let mut m = e;
    if w.b[start..e].contains(&b'.') {
        while m > start && w.b[m - 1] == b'0' {
            m -= 1;
        }
        if m > start && w.b[m - 1] == b'.' {
            m -= 1;
        }
    }
    let tail = w.n - e;
    w.b.copy_within(e..w.n, m);
    w.n = m + tail;
}
