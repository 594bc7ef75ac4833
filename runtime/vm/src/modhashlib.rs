//! The `hashlib` module (MicroPython's `extmod/modhashlib.c`): `sha256`, `sha1` and `md5`
//! objects with `update(data)` and a single `digest()` (after which both raise
//! `ValueError: hash is final`, as on the reference).
//!
//! ```text
//!  hash object  [type, state, final (0/1)]
//!  state        a bytearray of 104 bytes: the chaining words (8, 5 or 4 u32, little-endian
//!               in memory), the message length in bytes (u64) at 32, the pending block at 40
//! ```
//! The compression functions are the standard ones (FIPS 180-4, RFC 1321).
use crate::builtins::*;
use crate::obj::{Obj, T};
use crate::{Port, Vm, R};

const STATE: usize = 104;
const LEN_AT: usize = 32;
const BLOCK_AT: usize = 40;

/// An unpacked state.
struct St {
    h: [u32; 8],
    len: u64,
    block: [u8; 64],
}

fn load<P: Port>(vm: &Vm<P>, o: Obj) -> St {
    let d = vm.bytes_data(vm.get(o, 1));
    let mut st = St {
        h: [0; 8],
        len: 0,
        block: [0; 64],
    };
    if d.len() >= STATE {
        for (i, w) in st.h.iter_mut().enumerate() {
            *w = u32::from_le_bytes([d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]]);
        }
        let mut l = [0u8; 8];
        l.copy_from_slice(&d[LEN_AT..LEN_AT + 8]);
        st.len = u64::from_le_bytes(l);
        st.block.copy_from_slice(&d[BLOCK_AT..BLOCK_AT + 64]);
    }
    st
}

fn save<P: Port>(vm: &mut Vm<P>, o: Obj, st: &St) {
    let b = vm.get(o, 1);
    let off = vm.ba_off(b);
    let d = vm.heap.bytes_mut(off, STATE);
    for (i, w) in st.h.iter().enumerate() {
        d[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
    }
    d[LEN_AT..LEN_AT + 8].copy_from_slice(&st.len.to_le_bytes());
    d[BLOCK_AT..BLOCK_AT + 64].copy_from_slice(&st.block);
}

fn sha256_block(h: &mut [u32; 8], b: &[u8; 64]) {
    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];
    let mut w = [0u32; 64];
    for i in 0..16 {
        w[i] = u32::from_be_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
    }
    for i in 16..64 {
        let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
        let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16]
            .wrapping_add(s0)
            .wrapping_add(w[i - 7])
            .wrapping_add(s1);
    }
    let mut v = *h;
    for i in 0..64 {
        let s1 = v[4].rotate_right(6) ^ v[4].rotate_right(11) ^ v[4].rotate_right(25);
        let ch = (v[4] & v[5]) ^ (!v[4] & v[6]);
        let t1 = v[7]
            .wrapping_add(s1)
            .wrapping_add(ch)
            .wrapping_add(K[i])
            .wrapping_add(w[i]);
        let s0 = v[0].rotate_right(2) ^ v[0].rotate_right(13) ^ v[0].rotate_right(22);
        let maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
        let t2 = s0.wrapping_add(maj);
        v = [
            v[0],
            v[0],
            v[1],
            v[2],
            v[3].wrapping_add(t1),
            v[4],
            v[5],
            v[6],
        ];
        v[0] = t1.wrapping_add(t2);
    }
    for (x, y) in h.iter_mut().zip(v) {
        *x = x.wrapping_add(y);
    }
}

fn sha1_block(h: &mut [u32; 8], b: &[u8; 64]) {
    let mut w = [0u32; 80];
    for i in 0..16 {
        w[i] = u32::from_be_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
    }
    for i in 16..80 {
        w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
    }
    let (mut a, mut bb, mut c, mut d, mut e) = (h[0], h[1], h[2], h[3], h[4]);
    for (i, &wi) in w.iter().enumerate() {
        let (f, k) = match i {
            0..=19 => ((bb & c) | (!bb & d), 0x5a82_7999),
            20..=39 => (bb ^ c ^ d, 0x6ed9_eba1),
            40..=59 => ((bb & c) | (bb & d) | (c & d), 0x8f1b_bcdc),
            _ => (bb ^ c ^ d, 0xca62_c1d6),
        };
        let t = a
            .rotate_left(5)
            .wrapping_add(f)
            .wrapping_add(e)
            .wrapping_add(k)
            .wrapping_add(wi);
        e = d;
        d = c;
        c = bb.rotate_left(30);
        bb = a;
        a = t;
    }
    for (x, y) in h.iter_mut().zip([a, bb, c, d, e]) {
        *x = x.wrapping_add(y);
    }
}

fn md5_block(h: &mut [u32; 8], b: &[u8; 64]) {
    const S: [u32; 16] = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
    let mut m = [0u32; 16];
    for (i, x) in m.iter_mut().enumerate() {
        *x = u32::from_le_bytes([b[4 * i], b[4 * i + 1], b[4 * i + 2], b[4 * i + 3]]);
    }
    let (mut a, mut bb, mut c, mut d) = (h[0], h[1], h[2], h[3]);
    for i in 0..64u32 {
        let (f, g) = match i {
            0..=15 => ((bb & c) | (!bb & d), i),
            16..=31 => ((d & bb) | (!d & c), (5 * i + 1) % 16),
            32..=47 => (bb ^ c ^ d, (3 * i + 5) % 16),
            _ => (c ^ (bb | !d), (7 * i) % 16),
        };
        // K[i] = floor(abs(sin(i + 1)) * 2^32), tabulated.
        let k = MD5_K[i as usize];
        let s = S[(i / 16 * 4 + i % 4) as usize];
        let t = d;
        d = c;
        c = bb;
        bb = bb.wrapping_add(
            a.wrapping_add(f)
                .wrapping_add(k)
                .wrapping_add(m[g as usize])
                .rotate_left(s),
        );
        a = t;
    }
    for (x, y) in h.iter_mut().zip([a, bb, c, d]) {
        *x = x.wrapping_add(y);
    }
}

const MD5_K: [u32; 64] = [
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
];

fn compress(t: T, h: &mut [u32; 8], b: &[u8; 64]) {
    match t {
        T::Sha256 => sha256_block(h, b),
        T::Sha1 => sha1_block(h, b),
        _ => md5_block(h, b),
    }
}

/// Feed bytes `data` into state `st`.
fn feed(t: T, st: &mut St, data: &[u8]) {
    for &c in data {
        let at = (st.len % 64) as usize;
        st.block[at] = c;
        st.len = st.len.wrapping_add(1);
        if at == 63 {
            let b = st.block;
            compress(t, &mut st.h, &b);
        }
    }
}

fn ensure_open<P: Port>(vm: &mut Vm<P>, o: Obj) -> R<()> {
    if vm.get(o, 2) == Obj::small(1) {
        return Err(vm.err(T::ValueError, "hash is final"));
    }
    Ok(())
}

fn update<P: Port>(vm: &mut Vm<P>, o: Obj, data: Obj) -> R<()> {
    ensure_open(vm, o)?;
    let buffer = vm.is_str(data)
        || (data.is_ptr()
            && matches!(
                vm.tid(data),
                T::Bytes | T::ByteArray | T::Array | T::MemoryView
            ));
    if !buffer {
        return Err(vm.err(T::TypeError, "object with buffer protocol required"));
    }
    let t = vm.tid(o);
    let mut st = load(vm, o);
    feed(t, &mut st, vm.bytes_data(data));
    save(vm, o, &st);
    Ok(())
}

/// `sha256([data])`, `sha1([data])`, `md5([data])`.
pub(crate) fn make<P: Port>(vm: &mut Vm<P>, t: T, a: &Args) -> R<Obj> {
    arg_count(vm, a, 0, 1)?;
    let init: [u32; 8] = match t {
        T::Sha256 => [
            0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
            0x5be0cd19,
        ],
        T::Sha1 => [
            0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0, 0, 0, 0,
        ],
        _ => [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0, 0, 0, 0],
    };
    let o = vm.alloc_obj(vm.tobj(t), 3)?;
    vm.set(o, 2, Obj::small(0));
    vm.root(o)?;
    let r = (|| {
        let b = vm.new_bytearray(STATE)?;
        vm.set(o, 1, b);
        let st = St {
            h: init,
            len: 0,
            block: [0; 64],
        };
        save(vm, o, &st);
        if a.n == 1 {
            let d = a.get(vm, 0);
            update(vm, o, d)?;
        }
        Ok(o)
    })();
    vm.unroot(1);
    r
}

pub(crate) fn call<P: Port>(vm: &mut Vm<P>, id: usize, a: &Args) -> R<Obj> {
    let o = a.get(vm, 0);
    if !(o.is_ptr() && matches!(vm.tid(o), T::Sha256 | T::Sha1 | T::Md5)) {
        return Err(vm.err(T::TypeError, "argument has wrong type"));
    }
    if id == HASH_UPDATE {
        arg_count(vm, a, 2, 2)?;
        let d = a.get(vm, 1);
        update(vm, o, d)?;
        return Ok(Obj::NONE);
    }
    // HASH_DIGEST: pad with 0x80, zeros, the bit length (big-endian, little for md5).
    arg_count(vm, a, 1, 1)?;
    ensure_open(vm, o)?;
    vm.set(o, 2, Obj::small(1));
    let t = vm.tid(o);
    let mut st = load(vm, o);
    let bits = st.len.wrapping_mul(8);
    feed(t, &mut st, &[0x80]);
    while st.len % 64 != 56 {
        feed(t, &mut st, &[0]);
    }
    let lb = if t == T::Md5 {
        bits.to_le_bytes()
    } else {
        bits.to_be_bytes()
    };
    feed(t, &mut st, &lb);
    let (n, words) = match t {
        T::Sha256 => (32, 8),
        T::Sha1 => (20, 5),
        _ => (16, 4),
    };
    let mut out = [0u8; 32];
    for i in 0..words {
        let w = if t == T::Md5 {
            st.h[i].to_le_bytes()
        } else {
            st.h[i].to_be_bytes()
        };
        out[4 * i..4 * i + 4].copy_from_slice(&w);
    }
    vm.new_strish(T::Bytes, &out[..n])
}
