//! EMIT passes computed on blocks of a [`Tape`], so that a pass costs what changes in it rather
//! than the size of the scope.
//!
//! The rules of one pass (py/emitbc.c `emit_write_bytecode_byte_label`, [`super::jump_passes::pass`]):
//! a jump at offset `pos` to a label assigned *earlier in this pass* measures against the
//! label's offset in this pass; to any other label, against its offset in the *previous* pass.
//! It takes the 2-byte form if `target - pos - 2` lies in -64..=63 (signed jumps) or 0..=127,
//! else 3 bytes. Passes repeat until the code-info and bytecode sizes stop changing.
//!
//! The tape is cut into blocks of [`BLOCK_JUMPS`] jumps. A block's *layout* (the offset of each
//! label and line entry from the block's start, its size) changes only when one of its jumps
//! changes size. While it does not, the offset every jump of the block measures is its offset
//! when the block was last computed plus a shift common to all jumps that share the target's
//! block and pass: (how far the target block moved) − (how far this block moved). So each block
//! keeps, per (target block, this/previous pass), the range of shifts under which none of those
//! jumps changes form ([`Group`]); a pass checks these ranges per block and computes only the
//! blocks where one is left, or whose target block's layout changed. Passes are exact: every
//! jump gets the form the plain pass gives it, pass after pass.
//!
//! The line table depends on the distance between consecutive line entries; entries within a
//! block are summed when the block is computed, and the entry that opens a block (measured from
//! the last entry of an earlier block) is recomputed every pass from the block bases.

use super::jump_passes::{line_entry_len, Event, PassState, Tape};
use mpy_format::prelude::encode_size;

/// Jumps per block: small enough that recomputing a block is cheap, large enough that checking
/// every block each pass is cheap.
const BLOCK_JUMPS: usize = 32;

/// What block replay found.
pub(crate) enum Outcome {
    /// The state before the pass that settles.
    Settled(PassState),
    /// No settling within the pass bound (the real passes take over).
    Unsettled,
    /// The tape has a label assigned twice, or jumped to and never assigned: use the plain
    /// replay.
    Unmodelled,
}

/// Jumps of one block to one target block, measured against the target's offsets of this pass
/// (`backward`) or of the previous one: none changes form while the shift stays in
/// `smin..=smax`.
struct Group {
    target: u32,
    backward: bool,
    /// The target block's layout version the offsets were measured with.
    version: u32,
    /// The target block's base and this block's base then.
    target_base: i64,
    base: i64,
    smin: i64,
    smax: i64,
}

/// One block of the tape.
#[derive(Default)]
struct Block {
    /// Events `ev_start..ev_end`; its first jump is jump number `jump_start`.
    ev_start: usize,
    ev_end: usize,
    jump_start: usize,
    size: i64,
    /// Bumped each time a jump of the block changes size.
    version: u32,
    /// Valid once the block was computed in some pass.
    groups: Option<Vec<Group>>,
    /// Line-table bytes of the entries after the block's first one.
    lt_inner: usize,
    /// The block's first line entry (offset in the block, lines) and its last entry's offset.
    first_line: Option<(i64, u32)>,
    last_line: i64,
    /// The closest earlier block with a line entry.
    prev_line_block: Option<u32>,
}

/// A jump of the tape.
#[derive(Clone, Copy)]
struct Jump {
    label: u32,
    /// The block where `label` is assigned.
    target: u32,
    signed: bool,
    /// The label is assigned before the jump (the offset of this pass applies).
    backward: bool,
    long: bool,
}

/// The range of offsets in which a jump keeps its form, and whether that form is the short one.
fn form_range(signed: bool, o: i64) -> (bool, i64, i64) {
    let (lo, hi) = if signed { (-64, 63) } else { (0, 127) };
    if o < lo {
        (false, i64::MIN, lo - 1)
    } else if o <= hi {
        (true, lo, hi)
    } else {
        (false, hi + 1, i64::MAX)
    }
}

struct Replay<'t> {
    tape: &'t Tape,
    blocks: Vec<Block>,
    jumps: Vec<Jump>,
    /// Offset of each label in its block (current layout); `label_block` its block.
    label_inner: Vec<i64>,
    label_block: Vec<u32>,
    /// Block bases in this pass and the previous one.
    base_cur: Vec<i64>,
    base_prev: Vec<i64>,
    /// Labels whose offset in their block changed in this pass, with the old offset.
    undo: Vec<(u32, i64)>,
}

/// Block replay of the passes after the one recorded in `tape` (which left `state`).
pub(crate) fn replay(tape: &Tape, state: &PassState) -> Outcome {
    let Some(mut r) = Replay::new(tape, state) else {
        return Outcome::Unmodelled;
    };
    let mut prev_n_info = state.n_info;
    let mut prev_ci = state.code_info_size;
    let mut prev_bc = state.bytecode_size as i64;
    // As many passes as the plain replay allows (`jump_passes::replay_plain`).
    for _ in 0..=r.jumps.len() + 2 {
        let (bc, line_table) = r.pass();
        let n_info = tape.names_len + line_table;
        let size_len = encode_size(prev_n_info as u32, tape.n_cell as u32)
            .as_slice()
            .len();
        let ci = tape.sig_len + size_len + n_info + tape.n_cell;
        if ci == prev_ci && bc == prev_bc {
            return Outcome::Settled(PassState {
                label_offsets: r.prev_labels(state),
                n_info: prev_n_info,
                code_info_size: prev_ci,
                bytecode_size: prev_bc as usize,
            });
        }
        prev_n_info = n_info;
        prev_ci = ci;
        prev_bc = bc;
    }
    Outcome::Unsettled
}

impl<'t> Replay<'t> {
    /// Blocks, jumps and the layout of the recorded pass; `None` if the tape is not modelled
    /// or does not agree with `state`.
    fn new(tape: &'t Tape, state: &PassState) -> Option<Self> {
        let n_labels = tape
            .events
            .iter()
            .map(|e| match *e {
                Event::Jump { label, .. } | Event::Label(label) => label as usize + 1,
                _ => 0,
            })
            .max()
            .unwrap_or(0);
        let mut assigned = vec![0u8; n_labels];
        let mut label_block = vec![0u32; n_labels];
        let mut blocks: Vec<Block> = Vec::new();
        let mut jumps = Vec::new();
        let mut in_block = BLOCK_JUMPS;
        for (i, e) in tape.events.iter().enumerate() {
            if matches!(e, Event::Jump { .. }) {
                if in_block == BLOCK_JUMPS {
                    if let Some(b) = blocks.last_mut() {
                        b.ev_end = i;
                    }
                    blocks.push(Block {
                        ev_start: i,
                        jump_start: jumps.len(),
                        ..Block::default()
                    });
                    in_block = 0;
                }
                in_block += 1;
            }
            if blocks.is_empty() {
                blocks.push(Block::default());
            }
            let b = blocks.len() as u32 - 1;
            match *e {
                Event::Jump {
                    signed,
                    long,
                    label,
                } => jumps.push(Jump {
                    label,
                    target: 0,
                    signed,
                    backward: assigned[label as usize] != 0,
                    long,
                }),
                Event::Label(l) => {
                    assigned[l as usize] = assigned[l as usize].saturating_add(1);
                    label_block[l as usize] = b;
                }
                _ => {}
            }
        }
        if let Some(b) = blocks.last_mut() {
            b.ev_end = tape.events.len();
        }
        for j in &mut jumps {
            if assigned[j.label as usize] != 1 {
                return None;
            }
            j.target = label_block[j.label as usize];
        }
        if assigned.iter().any(|&a| a > 1) {
            return None;
        }
        // The layout of the recorded pass.
        let mut r = Replay {
            tape,
            base_cur: vec![0; blocks.len()],
            base_prev: vec![0; blocks.len()],
            label_inner: vec![0; n_labels],
            label_block,
            blocks,
            jumps,
            undo: Vec::new(),
        };
        let mut pos = 0i64;
        let mut last_line_block = None;
        for bi in 0..r.blocks.len() {
            r.base_cur[bi] = pos;
            let base = pos;
            let mut last = None;
            let mut lt = 0;
            for e in &tape.events[r.blocks[bi].ev_start..r.blocks[bi].ev_end] {
                match *e {
                    Event::Bytes(n) => pos += i64::from(n),
                    Event::Jump { long, .. } => pos += if long { 3 } else { 2 },
                    Event::Label(l) => {
                        r.label_inner[l as usize] = pos - base;
                        if state.label_offsets.get(l as usize).map(|&o| o as i64) != Some(pos) {
                            return None;
                        }
                    }
                    Event::Line(lines) => {
                        match last {
                            Some(p) => lt += line_entry_len((pos - p) as usize, lines),
                            None => r.blocks[bi].first_line = Some((pos - base, lines)),
                        }
                        last = Some(pos);
                    }
                }
            }
            let b = &mut r.blocks[bi];
            b.size = pos - base;
            b.lt_inner = lt;
            b.prev_line_block = last_line_block;
            if let Some(p) = last {
                b.last_line = p - base;
                last_line_block = Some(bi as u32);
            }
        }
        if pos != state.bytecode_size as i64 {
            return None;
        }
        Some(r)
    }

    /// One pass: the bytecode size and the line table's size.
    fn pass(&mut self) -> (i64, usize) {
        std::mem::swap(&mut self.base_prev, &mut self.base_cur);
        self.undo.clear();
        let mut pos = 0i64;
        let mut line_table = 0usize;
        for bi in 0..self.blocks.len() {
            self.base_cur[bi] = pos;
            if !self.still_valid(bi, pos) {
                self.compute(bi);
            }
            let b = &self.blocks[bi];
            line_table += b.lt_inner;
            if let Some((inner, lines)) = b.first_line {
                let from = match b.prev_line_block {
                    Some(r) => self.base_cur[r as usize] + self.blocks[r as usize].last_line,
                    None => 0,
                };
                line_table += line_entry_len((pos + inner - from) as usize, lines);
            }
            pos += b.size;
        }
        (pos, line_table)
    }

    /// Whether no jump of block `bi`, now at `base`, changes form in this pass.
    fn still_valid(&self, bi: usize, base: i64) -> bool {
        let Some(groups) = &self.blocks[bi].groups else {
            return false;
        };
        groups.iter().all(|g| {
            let t = g.target as usize;
            let tb = if g.backward {
                self.base_cur[t]
            } else {
                self.base_prev[t]
            };
            let s = (tb - g.target_base) - (base - g.base);
            self.blocks[t].version == g.version && (g.smin..=g.smax).contains(&s)
        })
    }

    /// Block `bi` jump by jump, as the plain pass does; then its groups.
    fn compute(&mut self, bi: usize) {
        let base = self.base_cur[bi];
        let (ev_start, ev_end, mut j) = {
            let b = &self.blocks[bi];
            (b.ev_start, b.ev_end, b.jump_start)
        };
        let mut groups = self.blocks[bi].groups.take().unwrap_or_default();
        groups.clear();
        let mut pos = base;
        let mut last: Option<i64> = None;
        let mut lt = 0;
        let mut changed = false;
        let mut first_line = None;
        for e in &self.tape.events[ev_start..ev_end] {
            match *e {
                Event::Bytes(n) => pos += i64::from(n),
                Event::Label(l) => {
                    let inner = pos - base;
                    let old = self.label_inner[l as usize];
                    if old != inner {
                        self.undo.push((l, old));
                        self.label_inner[l as usize] = inner;
                    }
                }
                Event::Line(lines) => {
                    match last {
                        Some(p) => lt += line_entry_len((pos - p) as usize, lines),
                        None => first_line = Some((pos - base, lines)),
                    }
                    last = Some(pos);
                }
                Event::Jump { .. } => {
                    let jump = self.jumps[j];
                    let t = jump.target as usize;
                    let tb = if jump.backward {
                        self.base_cur[t]
                    } else {
                        self.base_prev[t]
                    };
                    let o = tb + self.label_inner[jump.label as usize] - pos - 2;
                    let (short, lo, hi) = form_range(jump.signed, o);
                    if short == jump.long {
                        changed = true;
                        self.jumps[j].long = !short;
                    }
                    let (smin, smax) = (lo.saturating_sub(o), hi.saturating_sub(o));
                    match groups
                        .iter_mut()
                        .rev()
                        .find(|g| g.target == jump.target && g.backward == jump.backward)
                    {
                        Some(g) => {
                            g.smin = g.smin.max(smin);
                            g.smax = g.smax.min(smax);
                        }
                        None => groups.push(Group {
                            target: jump.target,
                            backward: jump.backward,
                            version: 0,
                            target_base: tb,
                            base,
                            smin,
                            smax,
                        }),
                    }
                    pos += if short { 2 } else { 3 };
                    j += 1;
                }
            }
        }
        // Forward jumps within the block measured against its layout of the previous pass:
        // if that layout just changed, they must be measured again next pass.
        let old_version = self.blocks[bi].version;
        if changed {
            self.blocks[bi].version = old_version.wrapping_add(1);
        }
        for g in &mut groups {
            g.version = if g.target as usize == bi && !g.backward {
                old_version
            } else {
                self.blocks[g.target as usize].version
            };
        }
        let b = &mut self.blocks[bi];
        b.groups = Some(groups);
        b.size = pos - base;
        b.lt_inner = lt;
        b.first_line = first_line;
        if let Some(p) = last {
            b.last_line = p - base;
        }
    }

    /// Label offsets of the pass before the last one computed.
    fn prev_labels(&self, state: &PassState) -> Vec<usize> {
        let mut inner = self.label_inner.clone();
        for &(l, old) in self.undo.iter().rev() {
            inner[l as usize] = old;
        }
        let mut out = state.label_offsets.clone();
        if out.len() < inner.len() {
            out.resize(inner.len(), 0);
        }
        for e in &self.tape.events {
            if let Event::Label(l) = *e {
                let l = l as usize;
                out[l] = (self.base_prev[self.label_block[l] as usize] + inner[l]) as usize;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    //! Block replay against the plain replay on random tapes shaped like compiled code (nested
    //! `if`/`elif` chains, loops with `break` and a backward jump), with bodies sized so that
    //! jumps straddle the 2-byte limits.
    use super::*;
    use crate::emit::jump_passes::{pass, replay_plain};

    struct Gen {
        seed: u64,
        events: Vec<Event>,
        next_label: u32,
        /// Statements left to generate.
        left: u32,
    }

    impl Gen {
        fn rand(&mut self, n: u64) -> u64 {
            // xorshift64*
            self.seed ^= self.seed >> 12;
            self.seed ^= self.seed << 25;
            self.seed ^= self.seed >> 27;
            (self.seed.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) % n
        }
        fn label(&mut self) -> u32 {
            self.next_label += 1;
            self.next_label - 1
        }
        fn jump(&mut self, signed: bool, label: u32) {
            self.events.push(Event::Jump {
                signed,
                long: true,
                label,
            });
        }
        fn bytes(&mut self, max: u64) {
            let n = 1 + self.rand(max) as u32;
            self.events.push(Event::Bytes(n));
        }
        /// A statement list of about `budget` statements; `brk` the enclosing loop's end.
        fn stmts(&mut self, depth: u32, budget: u32, brk: Option<u32>) {
            for _ in 0..budget {
                if self.left == 0 {
                    return;
                }
                self.left -= 1;
                if self.rand(3) == 0 {
                    let lines = 1 + self.rand(9) as u32;
                    self.events.push(Event::Line(lines));
                }
                let inner = if depth < 6 {
                    self.rand(budget as u64 / 2 + 1)
                } else {
                    0
                } as u32;
                match self.rand(8) {
                    0 | 1 => self.bytes(30),
                    2 => {
                        // if: conditional jump over the body
                        let end = self.label();
                        self.bytes(4);
                        self.jump(true, end);
                        self.stmts(depth + 1, inner, brk);
                        self.events.push(Event::Label(end));
                    }
                    3 => {
                        // if/elif chain: every branch jumps to the common end
                        let end = self.label();
                        for _ in 0..1 + self.rand(4) {
                            let next = self.label();
                            self.bytes(4);
                            self.jump(true, next);
                            self.stmts(depth + 1, inner / 2, brk);
                            self.jump(true, end);
                            self.events.push(Event::Label(next));
                        }
                        self.events.push(Event::Label(end));
                    }
                    4 => {
                        // while: condition at the end, jumped to first
                        let (top, cond, end) = (self.label(), self.label(), self.label());
                        self.jump(true, cond);
                        self.events.push(Event::Label(top));
                        self.stmts(depth + 1, inner, Some(end));
                        self.events.push(Event::Label(cond));
                        self.bytes(4);
                        self.jump(true, top);
                        self.events.push(Event::Label(end));
                    }
                    5 => {
                        // for: unsigned FOR_ITER forward, backward jump
                        let (top, end) = (self.label(), self.label());
                        self.events.push(Event::Label(top));
                        self.jump(false, end);
                        self.stmts(depth + 1, inner, Some(end));
                        self.jump(true, top);
                        self.events.push(Event::Label(end));
                    }
                    6 => {
                        if let Some(end) = brk {
                            self.bytes(3);
                            self.jump(true, end);
                        }
                    }
                    _ => {
                        // try: unsigned SETUP_EXCEPT forward
                        let handler = self.label();
                        self.jump(false, handler);
                        self.stmts(depth + 1, inner, brk);
                        self.events.push(Event::Label(handler));
                        self.bytes(6);
                    }
                }
            }
        }
    }

    /// One pass of `tape` from `prev`, with the forms it chose recorded in the tape (`None` if
    /// a jump overflows).
    fn recorded_pass(tape: &mut Tape, prev: &PassState) -> Option<PassState> {
        let next = pass(tape, prev)?;
        let mut labels = prev.label_offsets.clone();
        let mut pos = 0i64;
        for e in &mut tape.events {
            match e {
                Event::Bytes(n) => pos += i64::from(*n),
                Event::Label(l) => labels[*l as usize] = pos as usize,
                Event::Line(_) => {}
                Event::Jump {
                    signed,
                    long,
                    label,
                } => {
                    let o = labels[*label as usize] as i64 - pos - 2;
                    *long = !form_range(*signed, o).0;
                    pos += if *long { 3 } else { 2 };
                }
            }
        }
        assert_eq!(pos as usize, next.bytecode_size);
        Some(next)
    }

    /// The label offsets of the STACK_SIZE pass: every jump 3 bytes.
    fn all_long(tape: &Tape, n_labels: usize) -> PassState {
        let mut labels = vec![0; n_labels];
        let mut pos = 0;
        for e in &tape.events {
            match *e {
                Event::Bytes(n) => pos += n as usize,
                Event::Label(l) => labels[l as usize] = pos,
                Event::Line(_) => {}
                Event::Jump { .. } => pos += 3,
            }
        }
        PassState {
            label_offsets: labels,
            n_info: 0,
            code_info_size: 0,
            bytecode_size: pos,
        }
    }

    #[test]
    fn block_replay_matches_plain_replay() {
        let (mut compared, mut settled_late, mut multi_block) = (0, 0, 0);
        for case in 0..400u64 {
            let mut g = Gen {
                seed: 0x9e37_79b9_7f4a_7c15 ^ (case + 1).wrapping_mul(0x1234_5678_9abc_def1),
                events: Vec::new(),
                next_label: 0,
                left: 0,
            };
            g.left = 5 + g.rand(if case % 10 == 0 { 1200 } else { 300 }) as u32;
            while g.left > 0 {
                let n = g.left;
                g.stmts(0, n, None);
            }
            g.events.push(Event::Bytes(1));
            let mut tape = Tape {
                events: g.events,
                sig_len: 4,
                names_len: 1 + (case % 3) as usize,
                n_cell: (case % 2) as usize,
                ..Tape::default()
            };
            // CODE_SIZE from the STACK_SIZE offsets, then a first EMIT pass.
            let ss = all_long(&tape, g.next_label as usize);
            let Some(cs) = recorded_pass(&mut tape, &ss) else {
                continue;
            };
            let Some(e1) = recorded_pass(&mut tape, &cs) else {
                continue;
            };
            let Some(plain) = replay_plain(&tape, &e1) else {
                continue;
            };
            let blocks = match replay(&tape, &e1) {
                Outcome::Settled(s) => s,
                Outcome::Unsettled => panic!("case {case}: block replay did not settle"),
                Outcome::Unmodelled => panic!("case {case}: generated tapes are modelled"),
            };
            assert_eq!(blocks, plain, "case {case}");
            compared += 1;
            if plain.bytecode_size != e1.bytecode_size {
                settled_late += 1;
            }
            let jumps = tape
                .events
                .iter()
                .filter(|e| matches!(e, Event::Jump { .. }))
                .count();
            if jumps > 4 * BLOCK_JUMPS {
                multi_block += 1;
            }
        }
        // The cases exercise passes beyond the first, and many blocks.
        assert!(compared > 300, "{compared}");
        assert!(settled_late > 50, "{settled_late}");
        assert!(multi_block > 50, "{multi_block}");
    }

    #[test]
    fn labels_assigned_twice_are_left_to_the_plain_replay() {
        let tape = Tape {
            events: vec![
                Event::Jump {
                    signed: true,
                    long: false,
                    label: 0,
                },
                Event::Label(0),
                Event::Label(0),
            ],
            ..Tape::default()
        };
        let state = PassState {
            label_offsets: vec![2],
            n_info: 0,
            code_info_size: 0,
            bytecode_size: 2,
        };
        assert!(matches!(replay(&tape, &state), Outcome::Unmodelled));
    }
}
