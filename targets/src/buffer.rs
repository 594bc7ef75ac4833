//! The code buffer every assembler writes through (`py/asmbase.c`): the pass (compute or
//! emit), the dead-code switch, label offsets and the bytes.
//!
//! In a compute pass bytes are only counted and labels are recorded as they are assigned (all
//! reset to unknown at the start of the pass, which is how encoders tell backward jumps from
//! forward ones). In the emit pass bytes are written and label offsets stay those of the last
//! compute pass; re-assigning a label at a different offset is recorded in
//! [`CodeBuffer::label_mismatch`] (an emitter bug, reported by the caller as an internal error).

use alloc::vec::Vec;

/// `MP_ASM_PASS_COMPUTE` / `MP_ASM_PASS_EMIT`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AsmPass {
    Compute,
    Emit,
}

/// Code bytes, position, labels.
#[derive(Debug, Clone)]
pub struct CodeBuffer {
    pass: AsmPass,
    /// Output is dropped while set (dead code); assigning a label clears it.
    pub suppress: bool,
    offset: usize,
    code: Vec<u8>,
    labels: Vec<Option<usize>>,
    /// Set when a label got a different offset in the emit pass than in the compute pass.
    pub label_mismatch: bool,
}

impl Default for CodeBuffer {
    fn default() -> Self {
        Self::new()
    }
}

impl CodeBuffer {
    /// An empty buffer in the compute pass.
    pub fn new() -> Self {
        CodeBuffer {
            pass: AsmPass::Compute,
            suppress: false,
            offset: 0,
            code: Vec::new(),
            labels: Vec::new(),
            label_mismatch: false,
        }
    }

    /// `mp_asm_base_start_pass`: compute passes forget all labels.
    pub fn start_pass(&mut self, pass: AsmPass, num_labels: usize) {
        if pass == AsmPass::Compute || self.labels.len() < num_labels {
            self.labels.clear();
            self.labels.resize(num_labels, None);
        }
        self.pass = pass;
        self.suppress = false;
        self.offset = 0;
        self.code.clear();
        self.label_mismatch = false;
    }

    /// The current pass.
    pub fn pass(&self) -> AsmPass {
        self.pass
    }

    /// Current position (bytes emitted or counted so far, dead code excluded).
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// The bytes written in the emit pass.
    pub fn code(&self) -> &[u8] {
        &self.code
    }

    /// Take the written bytes.
    pub fn take_code(&mut self) -> Vec<u8> {
        core::mem::take(&mut self.code)
    }

    /// Append bytes (`mp_asm_base_get_cur_to_write_bytes` + write); dropped when suppressed.
    pub fn write(&mut self, bytes: &[u8]) {
        if self.suppress {
            return;
        }
        if self.pass == AsmPass::Emit {
            self.code.extend_from_slice(bytes);
        }
        self.offset += bytes.len();
    }

    /// Overwrite bytes already written at `at` (emit pass only; no-op otherwise).
    pub fn patch(&mut self, at: usize, bytes: &[u8]) {
        if let Some(dst) = self.code.get_mut(at..at + bytes.len()) {
            dst.copy_from_slice(bytes);
        }
    }

    /// `mp_asm_base_label_assign`: ends dead code; records (compute) or checks (emit) the
    /// label's offset.
    pub fn label_assign(&mut self, label: crate::Label) {
        self.suppress = false;
        let idx = label as usize;
        if idx >= self.labels.len() {
            self.labels.resize(idx + 1, None);
        }
        match self.pass {
            AsmPass::Compute => self.labels[idx] = Some(self.offset),
            AsmPass::Emit => {
                if self.labels[idx] != Some(self.offset) {
                    self.label_mismatch = true;
                }
            }
        }
    }

    /// Offset of `label` if known (assigned earlier in this compute pass, or in the last
    /// compute pass while emitting).
    pub fn label_offset(&self, label: crate::Label) -> Option<usize> {
        self.labels.get(label as usize).copied().flatten()
    }

    /// `mp_asm_base_align`: advance to a multiple of `align`, gap bytes zero.
    pub fn align(&mut self, align: u32) {
        let a = align.max(1) as usize;
        let target = self.offset.div_ceil(a) * a;
        if self.pass == AsmPass::Emit && !self.suppress {
            self.code
                .resize(self.code.len() + (target - self.offset), 0);
        }
        self.offset = target;
    }

    /// `mp_asm_base_data`: `size` bytes of `value`, little-endian.
    pub fn data(&mut self, size: u32, value: u64) {
        let bytes = value.to_le_bytes();
        let n = (size as usize).min(8);
        let mut tmp = [0u8; 8];
        tmp[..n].copy_from_slice(&bytes[..n]);
        self.write(&tmp[..n]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_counts_emit_writes() {
        let mut b = CodeBuffer::new();
        b.start_pass(AsmPass::Compute, 2);
        b.write(&[1, 2, 3]);
        b.label_assign(0);
        assert!(b.code().is_empty());
        assert_eq!(b.label_offset(0), Some(3));
        assert_eq!(b.label_offset(1), None);
        b.start_pass(AsmPass::Emit, 2);
        assert_eq!(b.label_offset(0), Some(3));
        b.write(&[1, 2, 3]);
        b.label_assign(0);
        assert!(!b.label_mismatch);
        assert_eq!(b.code(), &[1, 2, 3]);
    }

    #[test]
    fn suppressed_until_label() {
        let mut b = CodeBuffer::new();
        b.start_pass(AsmPass::Emit, 1);
        b.suppress = true;
        b.write(&[9]);
        b.label_assign(0);
        b.write(&[7]);
        assert_eq!(b.code(), &[7]);
        assert!(b.label_mismatch);
    }
}
