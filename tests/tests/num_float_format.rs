//! `mpy_num::float::format_float` against the reference `micropython`: every format character
//! of the `%` operator and `str.format` (`e E f F g G` and `%`), many precisions and the sign
//! flags, over special values, random doubles of every magnitude and doubles near short
//! decimals (where rounding decides); and `repr`, `str` and `hash` of each value. One generated program prints every case; its lines are
//! compared with ours. `MPYC_NUM_CASES=N` sets the number of values (default 220).

mod num_support;

use mpy_num::float::{format_float, hash, repr};
use num_support::{assert_same_lines, case_count, run_reference, Rng};

/// One format spec: character, precision (`None`: not given), sign flag (`0`, `+`, ` `).
#[derive(Clone, Copy)]
struct Spec {
    fmt: u8,
    prec: Option<i32>,
    sign: u8,
}

impl Spec {
    /// The Python expression formatting the variable `v`.
    fn python(self) -> String {
        let sign = if self.sign == 0 {
            String::new()
        } else {
            (self.sign as char).to_string()
        };
        let prec = self.prec.map(|p| format!(".{p}")).unwrap_or_default();
        if self.fmt == b'%' {
            format!("'{{:{sign}{prec}%}}'.format(v)")
        } else {
            format!("'%{sign}{prec}{}' % v", self.fmt as char)
        }
    }

    fn ours(self, v: f64) -> String {
        let prec = self.prec.unwrap_or(-1);
        if self.fmt == b'%' {
            let mut t = format_float(v * 100.0, b'f', prec, self.sign);
            t.add_percent();
            t.as_str().to_owned()
        } else {
            format_float(v, self.fmt, prec, self.sign)
                .as_str()
                .to_owned()
        }
    }
}

fn specs() -> Vec<Spec> {
    let mut out = Vec::new();
    let precs = [
        None,
        Some(0),
        Some(1),
        Some(2),
        Some(3),
        Some(5),
        Some(6),
        Some(8),
        Some(10),
        Some(12),
        Some(15),
        Some(16),
        Some(17),
        Some(18),
        Some(20),
        Some(25),
        Some(30),
        Some(31),
        Some(40),
        Some(100),
    ];
    for fmt in *b"eEfFgG" {
        for prec in precs {
            out.push(Spec { fmt, prec, sign: 0 });
        }
    }
    for (fmt, prec, sign) in [
        (b'e', Some(3), b'+'),
        (b'f', Some(2), b' '),
        (b'g', None, b'+'),
        (b'G', Some(4), b' '),
        (b'%', None, 0),
        (b'%', Some(0), 0),
        (b'%', Some(2), 0),
        (b'%', Some(5), b'+'),
    ] {
        out.push(Spec { fmt, prec, sign });
    }
    out
}

/// Special values, then random ones of three kinds.
fn values(n: usize) -> Vec<f64> {
    let mut out = vec![
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1.0,
        0.5,
        1.5,
        2.5,
        0.125,
        9.5,
        99.5,
        0.05,
        0.0005,
        -1.0 / 3.0,
        2.0 / 3.0,
        123456789.0,
        1e-5,
        1e15,
        1e16,
        1e22,
        1e23,
        1e100,
        -1e-100,
        5e-324,
        2.2250738585072014e-308,
        f64::MAX,
        0.1 + 0.2,
        999999.5,
        f64::from_bits(0x44b52d02c7e14af6), // 9.999999999999999e22
    ];
    let mut rng = Rng::new(7);
    while out.len() < n {
        let v = match rng.below(3) {
            // Any finite double.
            0 => f64::from_bits(rng.next_u64()),
            // A short decimal k / 10^j (near it, after rounding).
            1 => {
                let digits = 1 + rng.below(9) as u32;
                let k = rng.below(10u64.pow(digits)) as f64;
                let j = rng.below(12) as i32;
                k / 10f64.powi(j) * if rng.below(2) == 0 { 1.0 } else { -1.0 }
            }
            // Moderate magnitudes with full mantissas.
            _ => {
                let m = (rng.next_u64() >> 11) as f64;
                m * 2f64.powi(rng.below(120) as i32 - 90)
            }
        };
        if v.is_finite() {
            out.push(v);
        }
    }
    out
}

#[test]
fn format_float_matches_micropython() {
    let vals = values(case_count(220));
    let specs = specs();
    let mut program = String::from("from struct import unpack\nV = [\n");
    for v in &vals {
        program.push_str(&format!("0x{:016x},\n", v.to_bits()));
    }
    program.push_str("]\nfor b in V:\n    v = unpack('<d', b.to_bytes(8, 'little'))[0]\n");
    program.push_str("    print(repr(v))\n    print(str(v))\n    print(hash(v))\n");
    for s in &specs {
        program.push_str(&format!("    print({})\n", s.python()));
    }
    let Some(theirs) = run_reference(&program, "format_float_matches_micropython") else {
        return;
    };
    let mut labels = Vec::new();
    let mut ours = Vec::new();
    for v in &vals {
        for what in ["repr", "str"] {
            labels.push(format!("{what}({v:e} = 0x{:016x})", v.to_bits()));
            ours.push(repr(*v).as_str().to_owned());
        }
        labels.push(format!("hash({v:e} = 0x{:016x})", v.to_bits()));
        // Stored as a small int: the top bit is dropped.
        ours.push(((hash(*v) << 1) >> 1).to_string());
        for s in &specs {
            labels.push(format!(
                "{} with v = {v:e} (0x{:016x})",
                s.python(),
                v.to_bits()
            ));
            ours.push(s.ours(*v));
        }
    }
    assert_same_lines(&labels, &ours, &theirs, "float formatting");
}
