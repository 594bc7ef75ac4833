//! re1.5 (Paul Sokolovsky's byte-code regex engine used by MicroPython's `re`): the
//! compiler from a pattern to byte code and the recursive backtracking matcher
//! (`compilecode.c`, `recursiveloop.c`, `charclass.c`), with the reference's limits.
//!
//! ```text
//!  program   RSplit 3, Any, Jmp -5 (the unanchored prefix, skipped by match), Save 0,
//!            the pattern's code, Save 1, Match. Offsets are signed bytes relative to the
//!            next instruction; Class/ClassNot: count, then (lo, hi) byte pairs, (0, name)
//!            for a named class \d \w \s (upper case negated)
//! ```
//! Bytes compare as C `char`, which is signed on the reference's x86 build.

pub(crate) const CHAR: u8 = 1;
pub(crate) const ANY: u8 = 2;
pub(crate) const CLASS: u8 = 3;
pub(crate) const CLASS_NOT: u8 = 4;
pub(crate) const NAMED_CLASS: u8 = 5;
pub(crate) const BOL: u8 = 0x50;
pub(crate) const EOL: u8 = 0x51;
pub(crate) const JMP: u8 = 0x60;
pub(crate) const SPLIT: u8 = 0x61;
pub(crate) const RSPLIT: u8 = 0x62;
pub(crate) const SAVE: u8 = 0x7e;
pub(crate) const MATCH: u8 = 0x7f;
/// Bytes of the unanchored prefix.
pub(crate) const PREFIX: usize = 5;
/// Longest pattern and program handled (the reference is bounded by its heap).
pub(crate) const MAX_PATTERN: usize = 2048;
pub(crate) const MAX_CODE: usize = 4096;
/// Deepest nesting of matcher calls: the reference's C stack check stops `.*` after 986
/// characters (3 calls of set-up and one per character).
const MAX_DEPTH: usize = 989;
/// Deepest nesting of groups while compiling.
const MAX_NEST: usize = 200;

/// The re1.5 compiler over a pattern; with `code` None it only measures.
pub(crate) struct Comp<'a> {
    pub re: &'a [u8],
    pub code: Option<&'a mut [u8]>,
    pub pc: usize,
    pub sub: usize,
    pub err: bool,
    pub too_deep: bool,
}

impl Comp<'_> {
    /// Pattern byte `i`, 0 past the end (the C string's terminator).
    fn at(&self, i: usize) -> u8 {
        self.re.get(i).copied().unwrap_or(0)
    }
    fn emit(&mut self, at: usize, b: u8) {
        if let Some(c) = self.code.as_deref_mut() {
            match c.get_mut(at) {
                Some(x) => *x = b,
                None => self.err = true,
            }
        }
    }
    fn emit_checked(&mut self, at: usize, v: isize) {
        if v != v as i8 as isize {
            self.err = true;
        }
        self.emit(at, v as u8);
    }
    fn push(&mut self, b: u8) {
        self.emit(self.pc, b);
        self.pc += 1;
    }
    /// Open `num` bytes at `at` (moving the code after it).
    fn insert(&mut self, at: usize, num: usize) {
        let pc = self.pc;
        if let Some(c) = self.code.as_deref_mut() {
            if pc + num <= c.len() {
                c.copy_within(at..pc, at + num);
            } else {
                self.err = true;
            }
        }
        self.pc += num;
    }

    /// Compile from pattern index `i` up to the end or a `)`: where it stopped, None on error.
    pub(crate) fn compile(&mut self, mut i: usize, depth: usize) -> Option<usize> {
        if depth > MAX_NEST {
            self.too_deep = true;
            return None;
        }
        let start = self.pc;
        let mut term = self.pc;
        let mut alt_label = 0usize;
        let named = |c: u8| (c | 0x20) == b'd' || (c | 0x24) == b'w';
        while self.at(i) != 0 && self.at(i) != b')' {
            let c = self.at(i);
            match c {
                b'.' => {
                    term = self.pc;
                    self.push(ANY);
                }
                b'[' => {
                    term = self.pc;
                    i += 1;
                    if self.at(i) == b'^' {
                        self.push(CLASS_NOT);
                        i += 1;
                    } else {
                        self.push(CLASS);
                    }
                    self.pc += 1; // the pair count
                    let mut cnt = 0isize;
                    while self.at(i) != b']' {
                        let mut c = self.at(i);
                        let mut pair = false;
                        if c == b'\\' {
                            i += 1;
                            c = self.at(i);
                            if named(c) {
                                self.push(0);
                                self.push(c);
                                pair = true;
                            }
                        }
                        if !pair {
                            if c == 0 {
                                return None;
                            }
                            if self.at(i + 1) == b'-' && self.at(i + 2) != b']' {
                                i += 2;
                            }
                            self.push(c);
                            let hi = self.at(i);
                            self.push(hi);
                        }
                        i += 1;
                        cnt += 1;
                    }
                    self.emit_checked(term + 1, cnt);
                }
                b'(' => {
                    term = self.pc;
                    let capture = self.at(i + 1) != b'?' || self.at(i + 2) != b':';
                    let mut sub = 0;
                    if capture {
                        self.sub += 1;
                        sub = self.sub;
                        self.push(SAVE);
                        self.emit_checked(self.pc, 2 * sub as isize);
                        self.pc += 1;
                    } else {
                        i += 2;
                    }
                    i = self.compile(i + 1, depth + 1)?;
                    if self.at(i) != b')' {
                        return None;
                    }
                    if capture {
                        self.push(SAVE);
                        self.emit_checked(self.pc, 2 * sub as isize + 1);
                        self.pc += 1;
                    }
                }
                b'?' => {
                    if self.pc == term {
                        return None;
                    }
                    self.insert(term, 2);
                    if self.at(i + 1) == b'?' {
                        self.emit(term, RSPLIT);
                        i += 1;
                    } else {
                        self.emit(term, SPLIT);
                    }
                    self.emit_checked(term + 1, self.pc as isize - term as isize - 2);
                    term = self.pc;
                }
                b'*' => {
                    if self.pc == term {
                        return None;
                    }
                    self.insert(term, 2);
                    self.emit(self.pc, JMP);
                    self.emit_checked(self.pc + 1, term as isize - self.pc as isize - 2);
                    self.pc += 2;
                    if self.at(i + 1) == b'?' {
                        self.emit(term, RSPLIT);
                        i += 1;
                    } else {
                        self.emit(term, SPLIT);
                    }
                    self.emit_checked(term + 1, self.pc as isize - term as isize - 2);
                    term = self.pc;
                }
                b'+' => {
                    if self.pc == term {
                        return None;
                    }
                    if self.at(i + 1) == b'?' {
                        self.emit(self.pc, SPLIT);
                        i += 1;
                    } else {
                        self.emit(self.pc, RSPLIT);
                    }
                    self.emit_checked(self.pc + 1, term as isize - self.pc as isize - 2);
                    self.pc += 2;
                    term = self.pc;
                }
                b'|' => {
                    if alt_label != 0 {
                        self.emit_checked(alt_label, self.pc as isize - alt_label as isize - 1);
                    }
                    self.insert(start, 2);
                    self.push(JMP);
                    alt_label = self.pc;
                    self.pc += 1;
                    self.emit(start, SPLIT);
                    self.emit_checked(start + 1, self.pc as isize - start as isize - 2);
                    term = self.pc;
                }
                b'^' | b'$' => {
                    self.push(if c == b'^' { BOL } else { EOL });
                    term = self.pc;
                }
                _ => {
                    let mut ch = c;
                    if c == b'\\' {
                        i += 1;
                        ch = self.at(i);
                        if ch == 0 {
                            return None;
                        }
                    }
                    term = self.pc;
                    self.push(if c == b'\\' && named(ch) {
                        NAMED_CLASS
                    } else {
                        CHAR
                    });
                    self.push(ch);
                }
            }
            i += 1;
        }
        if alt_label != 0 {
            self.emit_checked(alt_label, self.pc as isize - alt_label as isize - 1);
        }
        (!self.err).then_some(i)
    }
}

/// Does named class `name` (d, s, w; upper case negated) contain byte `c`?
fn named_match(name: u8, c: u8) -> bool {
    let c = c as i8;
    let inside = match name | 0x20 {
        b'd' => (b'0' as i8..=b'9' as i8).contains(&c),
        b's' => c == b' ' as i8 || (b'\t' as i8..=b'\r' as i8).contains(&c),
        _ => {
            let u = c as u8;
            c >= 0 && (u.is_ascii_alphanumeric() || u == b'_')
        }
    };
    inside == (name & 0x20 != 0)
}

/// The subject of a match: its bytes, the start of the line, the end.
pub(crate) struct Subject<'a> {
    pub s: &'a [u8],
    pub end: usize,
}

/// re1.5's `recursiveloop`: Ok(true) on a match, Err(()) when nested too deep.
pub(crate) fn run(
    code: &[u8],
    mut pc: usize,
    mut sp: usize,
    sj: &Subject,
    caps: &mut [usize],
    depth: usize,
) -> Result<bool, ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    // Outside the program: opcode 0, which fails.
    let byte = |i: usize| code.get(i).copied().unwrap_or(0);
    let off = |i: usize| code.get(i).map_or(0, |&b| b as i8 as isize);
    loop {
        let op = byte(pc);
        if op < BOL && sp >= sj.end {
            return Ok(false);
        }
        pc += 1;
        match op {
            CHAR => {
                if sj.s.get(sp) != code.get(pc) {
                    return Ok(false);
                }
                pc += 1;
                sp += 1;
            }
            ANY => sp += 1,
            CLASS | CLASS_NOT => {
                let cnt = byte(pc) as usize;
                let c = sj.s.get(sp).copied().unwrap_or(0);
                let mut hit = false;
                for k in 0..cnt {
                    let (lo, hi) = (byte(pc + 1 + 2 * k), byte(pc + 2 + 2 * k));
                    if lo == 0 {
                        hit = named_match(hi, c);
                    } else {
                        hit = (lo as i8..=hi as i8).contains(&(c as i8));
                    }
                    if hit {
                        break;
                    }
                }
                if hit != (op == CLASS) {
                    return Ok(false);
                }
                pc += 1 + 2 * cnt;
                sp += 1;
            }
            NAMED_CLASS => {
                let c = sj.s.get(sp).copied().unwrap_or(0);
                if !named_match(byte(pc), c) {
                    return Ok(false);
                }
                pc += 1;
                sp += 1;
            }
            MATCH => return Ok(true),
            JMP => {
                let o = off(pc);
                pc = (pc as isize + 1 + o) as usize;
            }
            SPLIT => {
                let o = off(pc);
                pc += 1;
                if run(code, pc, sp, sj, caps, depth + 1)? {
                    return Ok(true);
                }
                pc = (pc as isize + o) as usize;
            }
            RSPLIT => {
                let o = off(pc);
                pc += 1;
                if run(code, (pc as isize + o) as usize, sp, sj, caps, depth + 1)? {
                    return Ok(true);
                }
            }
            SAVE => {
                let n = byte(pc) as usize;
                pc += 1;
                if n >= caps.len() {
                    continue;
                }
                let old = caps[n];
                caps[n] = sp;
                if run(code, pc, sp, sj, caps, depth + 1)? {
                    return Ok(true);
                }
                caps[n] = old;
                return Ok(false);
            }
            BOL => {
                if sp != 0 {
                    return Ok(false);
                }
            }
            EOL => {
                if sp != sj.end {
                    return Ok(false);
                }
            }
            _ => return Ok(false),
        }
    }
}
