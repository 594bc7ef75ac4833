//! `mpy_num::int` against the reference `micropython`: `int(text, base)` (values and the
//! failure kind, rendered as the unix port's message), and for big integers the texts
//! (`str`, `hex`, `oct`, `bin`, `{:,}`, `{:_x}`, `{:X}`), `float()`, `hash()`, `to_bytes`,
//! floor division, `pow` with a modulus (negative exponents included), shifts and bitwise
//! operators, and `int(float)`. One generated program per test; `MPYC_NUM_CASES=N` sets the
//! number of random inputs.

mod num_support;

use mpy_num::float;
use mpy_num::int::{self, Digit, Int, ParseIntError, Res};
use num_support::{assert_same_lines, case_count, run_reference, Rng};

/// An owned big integer for the test: sign and digits.
#[derive(Clone, Debug)]
struct Big {
    neg: bool,
    mag: Vec<Digit>,
}

impl Big {
    fn int(&self) -> Int<'_> {
        Int::new(self.neg, &self.mag)
    }

    fn from_res(out: &[Digit], r: Res) -> Big {
        Big {
            neg: r.neg,
            mag: out[..r.len].to_vec(),
        }
    }

    fn small(v: i64) -> Big {
        let mut out = [0; int::FROM_64_LEN];
        let r = int::from_i64(&mut out, v).unwrap();
        Big::from_res(&out, r)
    }

    fn text(&self, radix: u32, upper: bool, sep: u8) -> String {
        let x = self.int();
        let mut out = vec![0u8; int::to_str_radix_len(x.len(), radix, sep != 0)];
        let mut scratch = vec![0; x.len()];
        let n = int::to_str_radix(&mut out, &mut scratch, x, radix, upper, sep).unwrap();
        String::from_utf8(out[..n].to_vec()).unwrap()
    }

    fn dec(&self) -> String {
        self.text(10, false, 0)
    }

    /// `hex(v)`-style: the sign before the prefix.
    fn prefixed(&self, radix: u32, prefix: &str) -> String {
        let t = self.text(radix, false, 0);
        match t.strip_prefix('-') {
            Some(rest) => format!("-{prefix}{rest}"),
            None => format!("{prefix}{t}"),
        }
    }

    /// The Python expression rebuilding the value without `int()` parsing.
    fn python(&self) -> String {
        let mut hex = String::new();
        for d in self.mag.iter().rev() {
            hex.push_str(&format!("{d:08x}"));
        }
        if hex.is_empty() {
            hex.push_str("00");
        }
        let sign = if self.int().neg { "-" } else { "" };
        format!("{sign}int.from_bytes(bytes.fromhex('{hex}'), 'big')")
    }
}

fn random_big(rng: &mut Rng, max_digits: u64) -> Big {
    let n = rng.below(max_digits + 1) as usize;
    let mag = (0..n)
        .map(|_| match rng.below(6) {
            0 => 0,
            1 => u32::MAX,
            2 => 0x8000_0000,
            _ => rng.next_u64() as u32,
        })
        .collect();
    Big {
        neg: rng.below(2) == 0,
        mag,
    }
}

/// `mp_str_print_quoted` for the ASCII texts used here (no quotes or backslashes in them).
fn py_quoted(text: &[u8]) -> String {
    let mut s = String::from("'");
    for &c in text {
        match c {
            b'\n' => s.push_str("\\n"),
            b'\r' => s.push_str("\\r"),
            b'\t' => s.push_str("\\t"),
            0x20..=0x7e => s.push(c as char),
            _ => s.push_str(&format!("\\x{c:02x}")),
        }
    }
    s.push('\'');
    s
}

/// `int(text, base)` as the VM will report it.
fn ours_int(text: &[u8], base: u32) -> String {
    let mut out = vec![0; int::from_str_radix_len(text.len())];
    match int::from_str_radix(&mut out, text, base, 63) {
        Ok(r) => Big::from_res(&out, r).dec(),
        Err(ParseIntError::BadBase) => "ValueError: int() arg 2 must be >= 2 and <= 36".into(),
        Err(ParseIntError::InvalidSyntax { base, start }) => format!(
            "ValueError: invalid syntax for integer with base {base}: {}",
            py_quoted(&text[start..])
        ),
        Err(e) => panic!("{e:?}"),
    }
}

fn int_texts(n: usize) -> Vec<(Vec<u8>, u32)> {
    let mut out: Vec<(Vec<u8>, u32)> = [
        ("0", 0),
        ("00", 0),
        ("012", 0),
        ("0x", 0),
        ("0x1f", 0),
        (" 0X_1F ", 0),
        ("0o17", 8),
        ("0b101", 16),
        ("0b101", 0),
        ("_", 10),
        ("1__0", 10),
        ("1_000_000_000_000_000_000_000", 10),
        ("4611686018427387903", 10),
        ("4611686018427387904", 10),
        ("-4611686018427387904", 10),
        ("", 10),
        ("  ", 10),
        ("-", 10),
        ("+5", 10),
        ("\t12\n", 10),
        ("12x", 16),
        ("zz", 36),
        ("ZZ", 36),
        ("10", 1),
        ("10", 37),
        ("10", 2),
        ("99999999999999999999999999999x", 10),
        ("1\x0b", 10),
    ]
    .iter()
    .map(|(t, b)| (t.as_bytes().to_vec(), *b))
    .collect();
    let mut rng = Rng::new(11);
    let bases = [0, 0, 2, 8, 10, 10, 16, 16, 36, 7];
    while out.len() < n {
        let base = bases[rng.below(bases.len() as u64) as usize];
        let mut t = Vec::new();
        for _ in 0..rng.below(3) {
            t.push(b" \t\n"[rng.below(3) as usize]);
        }
        match rng.below(4) {
            0 => t.push(b'-'),
            1 => t.push(b'+'),
            _ => {}
        }
        if rng.below(3) == 0 {
            let prefixes: [&[u8]; 5] = [b"0x", b"0o", b"0b", b"0X", b"0"];
            let p = prefixes[rng.below(5) as usize];
            t.extend_from_slice(p);
        }
        let eff = if base == 0 { 16 } else { base };
        let len = 1 + rng.below(45);
        for _ in 0..len {
            let c = match rng.below(40) {
                0 => b'_',
                1 => b"g.xZ "[rng.below(5) as usize],
                _ => {
                    let d = rng.below(u64::from(eff)) as u8;
                    if d < 10 {
                        b'0' + d
                    } else if rng.below(2) == 0 {
                        b'a' + d - 10
                    } else {
                        b'A' + d - 10
                    }
                }
            };
            t.push(c);
        }
        if rng.below(4) == 0 {
            t.push(b' ');
        }
        out.push((t, base));
    }
    out
}

#[test]
fn int_parsing_matches_micropython() {
    let cases = int_texts(case_count(300));
    let mut program = String::from("T = [\n");
    for (t, b) in &cases {
        program.push_str(&format!("({}, {b}),\n", py_quoted(t)));
    }
    program.push_str(
        "]\nfor s, b in T:\n    try:\n        print(int(s, b))\n    except ValueError as e:\n        print('ValueError:', e)\n",
    );
    let Some(theirs) = run_reference(&program, "int_parsing_matches_micropython") else {
        return;
    };
    let labels: Vec<String> = cases
        .iter()
        .map(|(t, b)| format!("int({}, {b})", py_quoted(t)))
        .collect();
    let ours: Vec<String> = cases.iter().map(|(t, b)| ours_int(t, *b)).collect();
    assert_same_lines(&labels, &ours, &theirs, "int() parsing");
}

/// The lines the program prints for the pair `(v, w)` with exponent `e`, modulus `m` and
/// shift `s`, computed with mpy-num.
fn ours_ops(v: &Big, w: &Big, e: i64, m: &Big, s: usize) -> Vec<String> {
    let (x, y) = (v.int(), w.int());
    let mut lines = vec![
        v.dec(),
        v.prefixed(16, "0x"),
        v.prefixed(8, "0o"),
        v.prefixed(2, "0b"),
        v.text(10, false, b','),
        v.text(16, false, b'_'),
        v.text(16, true, 0),
        float::repr(int::to_f64(x)).as_str().to_owned(),
        ((int::hash(x) << 1) >> 1).to_string(),
    ];
    // to_bytes with the exact two's complement length and one byte less.
    let bits = x.bit_len() + 1;
    for len in [bits.div_ceil(8), bits.div_ceil(8) - 1] {
        let mut buf = vec![0u8; len];
        lines.push(match int::to_bytes(x, &mut buf, false, true) {
            Ok(()) => buf.iter().map(|b| format!("{b:02x}")).collect(),
            Err(_) => format!("OverflowError: value would overflow a {len} byte buffer"),
        });
    }
    if y.is_zero() {
        lines.push("ZeroDivisionError".into());
    } else {
        let (ql, rl) = int::divmod_len(x.len(), y.len());
        let (mut q, mut r) = (vec![0; ql], vec![0; rl]);
        let (qr, rr) = int::divmod_floor(&mut q, &mut r, x, y).unwrap();
        lines.push(format!(
            "{} {}",
            Big::from_res(&q, qr).dec(),
            Big::from_res(&r, rr).dec()
        ));
    }
    let eb = Big::small(e);
    let (ol, sl) = int::pow_mod_len(x.len(), m.int().len());
    let (mut out, mut scratch) = (vec![0; ol], vec![0; sl]);
    lines.push(
        match int::pow_mod(&mut out, &mut scratch, x, eb.int(), m.int()) {
            Ok(r) => Big::from_res(&out, r).dec(),
            Err(_) => "ValueError: divide by zero".into(),
        },
    );
    let mut out = vec![0; x.len() + s / 32 + 2];
    let r = int::shl(&mut out, x, s).unwrap();
    let shl = Big::from_res(&out, r).dec();
    let r = int::shr(&mut out, x, s).unwrap();
    let shr = Big::from_res(&out, r).dec();
    lines.push(format!("{shl} {shr}"));
    let mut out = vec![0; x.len().max(y.len()) + 2];
    let mut parts = Vec::new();
    for op in [int::and, int::or, int::xor] {
        let r = op(&mut out, x, y).unwrap();
        parts.push(Big::from_res(&out, r).dec());
    }
    let r = int::invert(&mut out, x).unwrap();
    parts.push(Big::from_res(&out, r).dec());
    lines.push(parts.join(" "));
    lines
}

#[test]
fn big_int_texts_and_ops_match_micropython() {
    let n = case_count(150);
    let mut rng = Rng::new(5);
    let mut cases = Vec::new();
    while cases.len() < n {
        // Three or more digits: a big integer object in MicroPython, not a small int.
        let mut v = random_big(&mut rng, 10);
        while v.int().len() < 3 {
            v.mag.push(rng.next_u64() as u32 | 1);
        }
        let w = random_big(&mut rng, 4);
        let e = rng.below(40) as i64 - 5;
        let m = random_big(&mut rng, 2);
        let s = rng.below(100) as usize;
        cases.push((v, w, e, m, s));
    }
    let mut program = String::from("def show(v, w, e, m, s):\n");
    program.push_str(
        "    print(v)\n    print(hex(v))\n    print(oct(v))\n    print(bin(v))\n\
         \x20   print('{:,}'.format(v))\n    print('{:_x}'.format(v))\n    print('{:X}'.format(v))\n\
         \x20   print(float(v))\n    print(hash(v))\n\
         \x20   n = (len(bin(abs(v))) - 2 + 1 + 7) // 8\n\
         \x20   for k in (n, n - 1):\n\
         \x20       try:\n            print(v.to_bytes(k, 'little', signed=True).hex())\n\
         \x20       except OverflowError as x:\n            print('OverflowError:', x)\n\
         \x20   try:\n        print(v // w, v % w)\n    except ZeroDivisionError:\n        print('ZeroDivisionError')\n\
         \x20   try:\n        print(pow(v, e, m))\n    except ValueError as x:\n        print('ValueError:', x)\n\
         \x20   print(v << s, v >> s)\n    print(v & w, v | w, v ^ w, ~v)\n",
    );
    for (v, w, e, m, s) in &cases {
        program.push_str(&format!(
            "show({}, {}, {e}, {}, {s})\n",
            v.python(),
            w.python(),
            m.python()
        ));
    }
    let Some(theirs) = run_reference(&program, "big_int_texts_and_ops_match_micropython") else {
        return;
    };
    let mut labels = Vec::new();
    let mut ours = Vec::new();
    for (v, w, e, m, s) in &cases {
        let lines = ours_ops(v, w, *e, m, *s);
        for (i, l) in lines.into_iter().enumerate() {
            labels.push(format!(
                "line {i} of show({}, {}, {e}, {}, {s})",
                v.dec(),
                w.dec(),
                m.dec()
            ));
            ours.push(l);
        }
    }
    assert_same_lines(&labels, &ours, &theirs, "big integers");
}

#[test]
fn int_of_float_matches_micropython() {
    let mut rng = Rng::new(3);
    let mut vals = vec![
        0.5,
        -0.5,
        1.0,
        -1.9,
        2f64.powi(52),
        2f64.powi(53) + 2.0,
        1e300,
        -1e22,
    ];
    while vals.len() < case_count(200) {
        let x = f64::from_bits(rng.next_u64());
        if x.is_finite() {
            vals.push(x);
        }
    }
    let mut program = String::from("from struct import unpack\nfor b in [\n");
    for v in &vals {
        program.push_str(&format!("0x{:016x},\n", v.to_bits()));
    }
    program.push_str("]:\n    print(int(unpack('<d', b.to_bytes(8, 'little'))[0]))\n");
    let Some(theirs) = run_reference(&program, "int_of_float_matches_micropython") else {
        return;
    };
    let labels: Vec<String> = vals.iter().map(|v| format!("int({v:e})")).collect();
    let ours: Vec<String> = vals
        .iter()
        .map(|&v| {
            let mut out = vec![0; int::from_f64_len(v)];
            let r = int::from_f64(&mut out, v).unwrap();
            Big::from_res(&out, r).dec()
        })
        .collect();
    assert_same_lines(&labels, &ours, &theirs, "int(float)");
}
