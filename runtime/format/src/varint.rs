//! Variable-length integers of the .mpy format (py/persistentcode.c, py/emitbc.c).
//!
//! A vuint holds 7 payload bits per byte, **most significant group first**; bit 7 is set on every
//! byte but the last. The signed form (operand of `LOAD_CONST_SMALL_INT` only) uses the same
//! groups, with bit 6 of the first byte as the sign of a two's-complement value.

/// Longest encoding of a 64-bit value: ceil(64 / 7) = 10 bytes.
pub const VUINT_MAX: usize = 10;

/// An encoded varint: the bytes are at the end of `bytes`, from `start`.
#[derive(Clone, Copy, Debug)]
pub struct Encoded {
    bytes: [u8; VUINT_MAX],
    start: u8,
}

impl Encoded {
    /// The encoded bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[self.start as usize..]
    }
}

/// Encode an unsigned value with the minimal number of bytes.
pub fn vuint(mut v: u64) -> Encoded {
    let mut bytes = [0u8; VUINT_MAX];
    let mut i = VUINT_MAX - 1;
    bytes[i] = (v & 0x7f) as u8;
    v >>= 7;
    while v != 0 {
        i -= 1;
        bytes[i] = 0x80 | (v & 0x7f) as u8;
        v >>= 7;
    }
    Encoded {
        bytes,
        start: i as u8,
    }
}

/// Encode a signed value: minimal groups such that bit 6 of the top group equals the sign,
/// prepending `00` (positive) or `7f` (negative) when needed.
pub fn svuint(v: i64) -> Encoded {
    let mut bytes = [0u8; VUINT_MAX];
    let mut i = VUINT_MAX - 1;
    let mut n = v;
    bytes[i] = (n & 0x7f) as u8;
    // Arithmetic shift keeps the sign; stop once the remaining value is all sign bits and the
    // top group's bit 6 already shows that sign.
    while !((n >> 6) == 0 || (n >> 6) == -1) {
        n >>= 7;
        i -= 1;
        bytes[i] = 0x80 | (n & 0x7f) as u8;
    }
    Encoded {
        bytes,
        start: i as u8,
    }
}

/// Decode a vuint from the start of `bytes`: `(value, bytes used)`, or `None` if the input ends
/// mid-value or the value overflows 64 bits.
pub fn read_vuint(bytes: &[u8]) -> Option<(u64, usize)> {
    let mut v: u64 = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if v >> 57 != 0 {
            return None;
        }
        v = (v << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Decode a signed varint (bit 6 of the first byte is the sign).
pub fn read_svuint(bytes: &[u8]) -> Option<(i64, usize)> {
    let first = *bytes.first()?;
    let mut v: i64 = if first & 0x40 != 0 { -1 } else { 0 };
    for (i, &b) in bytes.iter().enumerate() {
        if i >= VUINT_MAX {
            return None;
        }
        v = v.wrapping_shl(7) | i64::from(b & 0x7f);
        if b & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsigned_examples_from_the_spec() {
        assert_eq!(vuint(0).as_slice(), &[0x00]);
        assert_eq!(vuint(127).as_slice(), &[0x7f]);
        assert_eq!(vuint(128).as_slice(), &[0x81, 0x00]);
        assert_eq!(vuint(247).as_slice(), &[0x81, 0x77]);
        assert_eq!(vuint(299).as_slice(), &[0x82, 0x2b]);
        assert_eq!(vuint(16384).as_slice(), &[0x81, 0x80, 0x00]);
    }

    #[test]
    fn signed_examples_from_the_spec() {
        let cases: &[(i64, &[u8])] = &[
            (48, &[0x30]),
            (64, &[0x80, 0x40]),
            (-64, &[0x40]),
            (-65, &[0xff, 0x3f]),
            (8191, &[0xbf, 0x7f]),
            (-8193, &[0xff, 0xbf, 0x7f]),
            ((1 << 30) - 1, &[0x83, 0xff, 0xff, 0xff, 0x7f]),
            (-(1 << 30), &[0xfc, 0x80, 0x80, 0x80, 0x00]),
        ];
        for &(v, bytes) in cases {
            assert_eq!(svuint(v).as_slice(), bytes, "{v}");
            assert_eq!(read_svuint(bytes), Some((v, bytes.len())));
        }
    }

    proptest::proptest! {
        #[test]
        fn vuint_round_trips(v: u64) {
            let e = vuint(v);
            proptest::prop_assert_eq!(read_vuint(e.as_slice()), Some((v, e.as_slice().len())));
        }

        #[test]
        fn svuint_round_trips(v: i64) {
            let e = svuint(v);
            proptest::prop_assert_eq!(read_svuint(e.as_slice()), Some((v, e.as_slice().len())));
        }
    }
}
