//! Views of heap bytes as big-integer digits (`u32`), for `mpy-num`'s slice-based arithmetic.
//! The one place where bytes are reinterpreted; everything else reads the heap through
//! bounds-checked byte slices.
#![allow(unsafe_code)]

/// `b` as digits, if it is 4-byte aligned and a whole number of digits.
pub(crate) fn digits(b: &[u8]) -> Option<&[u32]> {
    // SAFETY: every bit pattern is a valid u32; `align_to` only hands out the aligned middle
    // part, and we refuse any unaligned prefix or leftover suffix, so the view covers exactly
    // the bytes of `b` with the same lifetime and no aliasing beyond `b`'s own borrow.
    let (pre, mid, post) = unsafe { b.align_to::<u32>() };
    if pre.is_empty() && post.is_empty() {
        Some(mid)
    } else {
        None
    }
}

/// Mutable version of [`digits`].
pub(crate) fn digits_mut(b: &mut [u8]) -> Option<&mut [u32]> {
    // SAFETY: as in `digits`; the mutable borrow of `b` is handed over to the view, and any
    // u32 written is a valid byte pattern for the underlying `u8`s.
    let (pre, mid, post) = unsafe { b.align_to_mut::<u32>() };
    if pre.is_empty() && post.is_empty() {
        Some(mid)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligned_views_round_trip_and_misaligned_ones_are_refused() {
        let mut words = [0u64; 2];
        let (_, bytes, _) = unsafe_free_bytes(&mut words);
        let d = digits_mut(bytes).expect("aligned");
        d[0] = 0x0403_0201;
        assert_eq!(bytes[..4], [1, 2, 3, 4]);
        assert!(digits(&bytes[1..5]).is_none());
        assert_eq!(digits(&bytes[..8]).map(|d| d.len()), Some(2));
    }

    fn unsafe_free_bytes(w: &mut [u64; 2]) -> ((), &mut [u8], ()) {
        // Build a byte view of the words without unsafe: through a safe transmute-free copy is
        // impossible, so use the module's own function in reverse.
        let b: &mut [u8] = bytemuck_like(w);
        ((), b, ())
    }

    fn bytemuck_like(w: &mut [u64; 2]) -> &mut [u8] {
        #[allow(unsafe_code)]
        // SAFETY: u64 storage is valid as bytes for the same length and lifetime.
        unsafe {
            core::slice::from_raw_parts_mut(w.as_mut_ptr().cast::<u8>(), 16)
        }
    }
}
