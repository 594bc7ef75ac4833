//! EMIT passes replayed without the compiler. The bytecode emitter repeats EMIT passes until
//! the code size settles (py/compile.c `while (!compile_scope(comp, s, MP_PASS_EMIT))`): each
//! pass sizes a forward jump against the label offsets of the previous pass, so a long run of
//! small forward jumps settles about 64 jumps per pass, and 40,000 `if` statements take 600
//! passes over the whole scope. Only jump sizes change between passes, so one pass is recorded
//! as a [`Tape`] (runs of fixed bytes, jumps, labels, line-table entries) and the following
//! passes are computed on it; the compiler then runs just the last pass for real, from the
//! state the replay ends in, and writes the same bytes as the reference's last pass.
//!
//! A pass over the whole tape per EMIT pass is still quadratic (150,000 one-line `if`s: 2,400
//! passes of 600,000 events), so [`replay`] computes the passes on blocks of the tape
//! ([`super::jump_blocks`]), revisiting only the blocks where a jump may change size; the
//! plain pass ([`pass`]) remains for tapes that block replay does not model (a label assigned
//! twice, or jumped to but never assigned) and as the oracle of its tests.

use mpy_format::prelude::encode_size;

/// One event of an EMIT pass.
#[derive(Clone, Copy)]
pub(crate) enum Event {
    /// Bytes of opcodes that are not jumps.
    Bytes(u32),
    /// A jump to `label` (a signed offset for the conditional and unconditional jumps), in
    /// the 3-byte form (`long`) or the 2-byte one in the pass recorded.
    Jump {
        signed: bool,
        long: bool,
        label: u32,
    },
    /// `label` placed here.
    Label(u32),
    /// A line-table entry: this many lines on from the previous one.
    Line(u32),
}

/// One EMIT pass, recorded.
#[derive(Default)]
pub(crate) struct Tape {
    pub(crate) events: Vec<Event>,
    /// Bytecode length at the last event.
    pub(crate) mark: usize,
    /// code_info bytes before the size field (the signature) and from the end of the size
    /// field to the line table (the name and argument names).
    pub(crate) sig_len: usize,
    pub(crate) names_len: usize,
    pub(crate) n_cell: usize,
}

/// What one pass leaves for the next.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PassState {
    pub(crate) label_offsets: Vec<usize>,
    pub(crate) n_info: usize,
    pub(crate) code_info_size: usize,
    pub(crate) bytecode_size: usize,
}

/// Bytes of a line-table entry of `bytes` opcode bytes and `lines` lines (the encoding of
/// `BytecodeEmitter::write_bytes_lines`).
pub(crate) fn line_entry_len(mut bytes: usize, mut lines: u32) -> usize {
    let mut n = 0;
    // Above 31 bytes each entry byte takes 31 bytes and no line: count those at once (a gap
    // can be long, and block replay evaluates gaps every pass).
    if bytes > 0x1f {
        let k = (bytes - 0x1f).div_ceil(0x1f);
        bytes -= k * 0x1f;
        n += k;
    }
    while bytes > 0 || lines > 0 {
        if lines <= 6 || bytes > 0xf {
            let b = bytes.min(0x1f);
            let l = if b < bytes { 0 } else { lines.min(3) };
            bytes -= b;
            lines -= l;
            n += 1;
        } else {
            bytes -= bytes.min(0xf);
            lines -= lines.min(0x7ff);
            n += 2;
        }
    }
    n
}

/// One pass over `tape` from `prev`: the state it leaves, or `None` if a jump overflows (the
/// real passes then take over, with their error handling).
pub(crate) fn pass(tape: &Tape, prev: &PassState) -> Option<PassState> {
    let mut labels = prev.label_offsets.clone();
    let mut pos = 0usize;
    let mut line_table = 0usize;
    let mut last_line_pos = 0usize;
    for ev in &tape.events {
        match *ev {
            Event::Bytes(n) => pos += n as usize,
            Event::Jump { signed, label, .. } => {
                let target = labels.get(label as usize).copied().unwrap_or(0) as i64;
                let offset = target - pos as i64 - 2;
                let short = if signed {
                    (-64..=63).contains(&offset)
                } else {
                    (0..=127).contains(&offset)
                };
                if short {
                    pos += 2;
                } else {
                    let enc = offset - 1 + if signed { 0x4000 } else { 0 };
                    if !(0..=0x7fff).contains(&enc) {
                        return None;
                    }
                    pos += 3;
                }
            }
            Event::Label(l) => {
                let l = l as usize;
                if labels.len() <= l {
                    labels.resize(l + 1, 0);
                }
                labels[l] = pos;
            }
            Event::Line(lines) => {
                line_table += line_entry_len(pos - last_line_pos, lines);
                last_line_pos = pos;
            }
        }
    }
    let n_info = tape.names_len + line_table;
    let size_len = encode_size(prev.n_info as u32, tape.n_cell as u32)
        .as_slice()
        .len();
    Some(PassState {
        label_offsets: labels,
        n_info,
        code_info_size: tape.sig_len + size_len + n_info + tape.n_cell,
        bytecode_size: pos,
    })
}

/// From the state `state` that an unsettled pass recorded as `tape` left: the state before
/// the pass that settles (the one the compiler then runs), or `None` to keep passing for real.
pub(crate) fn replay(tape: &Tape, state: &PassState) -> Option<PassState> {
    match super::jump_blocks::replay(tape, state) {
        super::jump_blocks::Outcome::Settled(s) => Some(s),
        super::jump_blocks::Outcome::Unsettled => None,
        super::jump_blocks::Outcome::Unmodelled => replay_plain(tape, state),
    }
}

/// [`replay`] by whole passes over the tape.
pub(crate) fn replay_plain(tape: &Tape, state: &PassState) -> Option<PassState> {
    let mut prev = state.clone();
    // As many passes as the real loop could take: every pass but the last shortens a jump.
    let jumps = tape
        .events
        .iter()
        .filter(|e| matches!(e, Event::Jump { .. }))
        .count();
    for _ in 0..=jumps + 2 {
        let next = pass(tape, &prev)?;
        if next.code_info_size == prev.code_info_size && next.bytecode_size == prev.bytecode_size {
            return Some(prev);
        }
        prev = next;
    }
    None
}
