//! The bytecode prelude's two packed headers (py/bc.h `MP_BC_PRELUDE_SIG_ENCODE`,
//! `MP_BC_PRELUDE_SIZE_ENCODE` and their decoders).
//!
//! ```text
//! signature, first byte:   x SSSS E AA     S = n_state - 1, E = n_exc_stack, A = n_pos_args
//! each further byte:       x F SS K A E D  one more bit of F (scope flags), K (n_kwonly_args),
//!                                          A, E, D (n_def_pos_args) and two more bits of S
//! size, every byte:        x IIIIII C      six bits of n_info, one bit of n_cell
//! ```
//! `x` = another byte follows. Bytes are emitted while any remainder is non-zero.

/// Longest signature or size encoding for 32-bit fields (S needs 2 + 30/2 bytes at most).
pub const PRELUDE_MAX: usize = 20;

/// A packed header: `bytes[..len]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Packed {
    bytes: [u8; PRELUDE_MAX],
    len: u8,
}

impl Packed {
    /// The encoded bytes.
    pub fn as_slice(&self) -> &[u8] {
        &self.bytes[..self.len as usize]
    }

    fn push(&mut self, b: u8) {
        if (self.len as usize) < PRELUDE_MAX {
            self.bytes[self.len as usize] = b;
            self.len += 1;
        }
    }
}

/// The six values of the signature.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Signature {
    pub n_state: u32,
    pub n_exc_stack: u32,
    /// Scope flags; only bits 0x0f are stored (generator, varkeywords, varargs, defkwargs), and
    /// 0x10 (async) in CircuitPython's flavour.
    pub scope_flags: u32,
    pub n_pos_args: u32,
    pub n_kwonly_args: u32,
    pub n_def_pos_args: u32,
}

impl Signature {
    /// Encode as py/bc.h does (MicroPython's flavour: scope-flag bits 0x0f). `n_state` must be
    /// at least 1.
    pub fn encode(&self) -> Packed {
        self.encode_flags(crate::mpy::scope_flag::ALL_SIG)
    }

    /// [`Signature::encode`] storing the scope-flag bits `sig_flags` (`MP_SCOPE_FLAG_ALL_SIG`
    /// of the flavour: see `crate::mpy::Flavour::sig_flags`).
    pub fn encode_flags(&self, sig_flags: u32) -> Packed {
        let mut out = Packed {
            bytes: [0; PRELUDE_MAX],
            len: 0,
        };
        let mut s = self.n_state.saturating_sub(1);
        let mut e = self.n_exc_stack;
        let mut f = self.scope_flags & sig_flags;
        let mut a = self.n_pos_args;
        let mut k = self.n_kwonly_args;
        let mut d = self.n_def_pos_args;
        let mut z = ((s & 0xf) << 3) | ((e & 1) << 2) | (a & 3);
        s >>= 4;
        e >>= 1;
        a >>= 2;
        while s | a | f | e | k | d != 0 {
            out.push(0x80 | z as u8);
            z = ((f & 1) << 6)
                | ((s & 3) << 4)
                | ((k & 1) << 3)
                | ((a & 1) << 2)
                | ((e & 1) << 1)
                | (d & 1);
            s >>= 2;
            f >>= 1;
            k >>= 1;
            a >>= 1;
            e >>= 1;
            d >>= 1;
        }
        out.push(z as u8);
        out
    }

    /// Decode from the start of `bytes`: the signature and the number of bytes read.
    pub fn decode(bytes: &[u8]) -> Option<(Signature, usize)> {
        let mut it = bytes.iter();
        let z = u32::from(*it.next()?);
        let mut sig = Signature {
            n_state: (z >> 3) & 0xf,
            n_exc_stack: (z >> 2) & 1,
            scope_flags: 0,
            n_pos_args: z & 3,
            n_kwonly_args: 0,
            n_def_pos_args: 0,
        };
        let mut more = z & 0x80 != 0;
        let mut n = 0u32;
        let mut used = 1;
        while more {
            let z = u32::from(*it.next()?);
            used += 1;
            if n >= 15 {
                return None;
            }
            more = z & 0x80 != 0;
            sig.scope_flags |= ((z >> 6) & 1) << n;
            sig.n_state |= ((z >> 4) & 3) << (4 + 2 * n);
            sig.n_kwonly_args |= ((z >> 3) & 1) << n;
            sig.n_pos_args |= ((z >> 2) & 1) << (2 + n);
            sig.n_exc_stack |= ((z >> 1) & 1) << (1 + n);
            sig.n_def_pos_args |= (z & 1) << n;
            n += 1;
        }
        sig.n_state += 1;
        Some((sig, used))
    }
}

/// Encode the size header: n_info (name + argument names + line table bytes) and n_cell.
pub fn encode_size(n_info: u32, n_cell: u32) -> Packed {
    let mut out = Packed {
        bytes: [0; PRELUDE_MAX],
        len: 0,
    };
    let (mut i, mut c) = (n_info, n_cell);
    loop {
        let z = ((i & 0x3f) << 1) | (c & 1);
        i >>= 6;
        c >>= 1;
        if i | c != 0 {
            out.push(0x80 | z as u8);
        } else {
            out.push(z as u8);
            break;
        }
    }
    out
}

/// Decode the size header: `(n_info, n_cell, bytes read)`.
pub fn decode_size(bytes: &[u8]) -> Option<(u32, u32, usize)> {
    let (mut i, mut c, mut n) = (0u32, 0u32, 0u32);
    for (used, &b) in bytes.iter().enumerate() {
        if n >= 12 {
            return None;
        }
        let z = u32::from(b);
        let bits = (z >> 1) & 0x3f;
        if bits != 0 {
            i |= bits.checked_shl(6 * n).filter(|v| v >> (6 * n) == bits)?;
        }
        c |= (z & 1) << n;
        n += 1;
        if z & 0x80 == 0 {
            return Some((i, c, used + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_examples_from_the_spec() {
        let sig = |n_state, scope_flags, a, k, d| Signature {
            n_state,
            n_exc_stack: 0,
            scope_flags,
            n_pos_args: a,
            n_kwonly_args: k,
            n_def_pos_args: d,
        };
        assert_eq!(sig(2, 0, 0, 0, 0).encode().as_slice(), &[0x08]);
        assert_eq!(sig(10, 0, 2, 0, 1).encode().as_slice(), &[0xca, 0x01]);
        assert_eq!(
            sig(9, 0x0e, 2, 2, 1).encode().as_slice(),
            &[0xc2, 0x81, 0xc8, 0xc0, 0x40]
        );
        // CircuitPython's async flag (0x10) is a fifth F bit, so it needs five extra bytes.
        let coro = sig(3, 0x11, 0, 0, 0);
        assert_eq!(coro.encode().as_slice(), &[0x90, 0x40]);
        assert_eq!(
            coro.encode_flags(0x1f).as_slice(),
            &[0x90, 0xc0, 0x80, 0x80, 0x80, 0x40]
        );
    }

    #[test]
    fn size_examples_from_the_spec() {
        assert_eq!(encode_size(1, 0).as_slice(), &[0x02]);
        assert_eq!(encode_size(7, 0).as_slice(), &[0x0e]);
        assert_eq!(encode_size(3, 1).as_slice(), &[0x07]);
        assert_eq!(encode_size(46, 5).as_slice(), &[0xdd, 0x80, 0x01]);
    }

    proptest::proptest! {
        #[test]
        fn signature_round_trips(s in 1u32..1 << 20, e in 0u32..64, f in 0u32..32,
                                 a in 0u32..300, k in 0u32..300, d in 0u32..300) {
            let sig = Signature { n_state: s, n_exc_stack: e, scope_flags: f, n_pos_args: a,
                                  n_kwonly_args: k, n_def_pos_args: d };
            let p = sig.encode_flags(0x1f);
            proptest::prop_assert_eq!(Signature::decode(p.as_slice()), Some((sig, p.as_slice().len())));
        }

        #[test]
        fn size_round_trips(i in 0u32..1 << 24, c in 0u32..256) {
            let p = encode_size(i, c);
            proptest::prop_assert_eq!(decode_size(p.as_slice()), Some((i, c, p.as_slice().len())));
        }
    }
}
