//! Small text helpers that need no heap: integer formatting into byte buffers, UTF-8 lengths,
//! and messages assembled from parts.
use crate::obj::Obj;
use crate::{Port, Vm};

/// Decimal digits of `v` into `buf`; returns the length.
pub(crate) fn fmt_usize(buf: &mut [u8], mut v: usize) -> usize {
    let mut tmp = [0u8; 24];
    let mut n = 0;
    loop {
        tmp[n] = b'0' + (v % 10) as u8;
        n += 1;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let n = n.min(buf.len());
    for i in 0..n {
        buf[i] = tmp[n - 1 - i];
    }
    n
}

/// Signed decimal.
pub(crate) fn fmt_isize(buf: &mut [u8], v: isize) -> usize {
    if v < 0 {
        if buf.is_empty() {
            return 0;
        }
        buf[0] = b'-';
        1 + fmt_usize(&mut buf[1..], v.unsigned_abs())
    } else {
        fmt_usize(buf, v as usize)
    }
}

/// Lower-case hex without prefix.
pub(crate) fn fmt_hex(buf: &mut [u8], mut v: usize) -> usize {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut tmp = [0u8; 20];
    let mut n = 0;
    loop {
        tmp[n] = HEX[v & 15];
        n += 1;
        v >>= 4;
        if v == 0 {
            break;
        }
    }
    let n = n.min(buf.len());
    for i in 0..n {
        buf[i] = tmp[n - 1 - i];
    }
    n
}

/// Length of the UTF-8 sequence starting with byte `c` (1 for a stray continuation byte).
pub(crate) fn utf8_len(c: u8) -> usize {
    if c < 0xc0 {
        1
    } else if c < 0xe0 {
        2
    } else if c < 0xf0 {
        3
    } else {
        4
    }
}

/// The code point of the UTF-8 sequence at the start of `b`, read as MicroPython's
/// `utf8_get_char` does: by its structure only, so the 3-byte form of a surrogate (which
/// `chr(0xd800)` makes) decodes too. 0 for empty input.
pub(crate) fn utf8_char(b: &[u8]) -> u32 {
    let Some(&c) = b.first() else { return 0 };
    let n = utf8_len(c).min(b.len());
    let lead = match n {
        1 => u32::from(c),
        2 => u32::from(c & 0x1f),
        3 => u32::from(c & 0x0f),
        _ => u32::from(c & 0x07),
    };
    b[1..n]
        .iter()
        .fold(lead, |v, &x| (v << 6) | u32::from(x & 0x3f))
}

/// Code point `ch` (below 0x110000, surrogates included) as UTF-8 in `buf`; its length.
pub(crate) fn utf8_encode(ch: u32, buf: &mut [u8; 4]) -> usize {
    if ch < 0x80 {
        buf[0] = ch as u8;
        return 1;
    }
    let n = if ch < 0x800 {
        2
    } else if ch < 0x10000 {
        3
    } else {
        4
    };
    let lead: u8 = [0, 0, 0xc0, 0xe0, 0xf0][n];
    for (k, slot) in buf[..n].iter_mut().enumerate().rev() {
        let shift = 6 * (n - 1 - k);
        *slot = if k == 0 {
            lead | (ch >> shift) as u8
        } else {
            0x80 | ((ch >> shift) & 0x3f) as u8
        };
    }
    n
}

/// Number of characters in UTF-8 text.
pub(crate) fn char_count(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xc0 != 0x80).count()
}

/// Byte offset of character `n` (or the length).
pub(crate) fn char_offset(b: &[u8], n: usize) -> usize {
    let mut seen = 0;
    for (i, &c) in b.iter().enumerate() {
        if c & 0xc0 != 0x80 {
            if seen == n {
                return i;
            }
            seen += 1;
        }
    }
    b.len()
}

/// One piece of a message.
#[derive(Clone, Copy)]
pub(crate) enum Part<'a> {
    S(&'a str),
    /// The text of a str object.
    O(Obj),
    /// The name of the type of an object.
    TypeName(Obj),
    I(isize),
}

/// Join parts into `buf` (truncating); returns the length.
pub(crate) fn join<P: Port>(vm: &Vm<P>, buf: &mut [u8], parts: &[Part]) -> usize {
    let mut n = 0;
    let mut put = |b: &[u8], n: &mut usize| {
        let k = b.len().min(buf.len() - *n);
        buf[*n..*n + k].copy_from_slice(&b[..k]);
        *n += k;
    };
    for p in parts {
        match *p {
            Part::S(s) => put(s.as_bytes(), &mut n),
            Part::O(o) => {
                if vm.is_str(o) {
                    put(vm.str_data(o), &mut n)
                }
            }
            Part::TypeName(o) => {
                let t = vm.type_of(o);
                let name = vm.get(t, crate::obj::ty::NAME);
                put(vm.str_data(name), &mut n)
            }
            Part::I(v) => {
                let mut t = [0u8; 24];
                let k = fmt_isize(&mut t, v);
                put(&t[..k], &mut n)
            }
        }
    }
    n
}

/// The `errno` name of `e`, for the errors MicroPython's `errno` module knows.
pub(crate) fn errno_name(e: isize) -> Option<&'static str> {
    ERRNO.iter().find(|&&(n, _)| n == e).map(|&(_, s)| s)
}

/// MicroPython's errno table (`py/moderrno.c`, Linux numbers).
pub(crate) const ERRNO: &[(isize, &str)] = &[
    (1, "EPERM"),
    (2, "ENOENT"),
    (5, "EIO"),
    (9, "EBADF"),
    (11, "EAGAIN"),
    (12, "ENOMEM"),
    (13, "EACCES"),
    (17, "EEXIST"),
    (19, "ENODEV"),
    (21, "EISDIR"),
    (22, "EINVAL"),
    (95, "EOPNOTSUPP"),
    (98, "EADDRINUSE"),
    (103, "ECONNABORTED"),
    (104, "ECONNRESET"),
    (105, "ENOBUFS"),
    (107, "ENOTCONN"),
    (110, "ETIMEDOUT"),
    (111, "ECONNREFUSED"),
    (113, "EHOSTUNREACH"),
    (114, "EALREADY"),
    (115, "EINPROGRESS"),
];
