//! Outlining of deeply nested blocks while the source is read, so that a deeply nested file
//! costs memory of the order mpy-cross's does (it streams the source through its lexer and
//! parses without recursion; ruff wants the whole text and recurses about 1.5 KiB of stack a
//! level).
//!
//! The source is read in blocks. Once a block opener's body would start [`DEPTH`] levels of
//! indentation below the text it is in, that body (every line up to the first logical line
//! indented less than the body) is taken out into a chunk of its own, with the body's
//! indentation taken off its logical lines. Its place in the enclosing text is kept by blank
//! lines and one `pass` at the body's indentation on the region's last non-blank line, so that
//! every line keeps its number and ruff reads the same structure around it (an unindent that
//! matches no level is found on the same line, with the same line before it). Each chunk is
//! then parsed on its own and lowering reads a chunk in place of its `pass` (see
//! `lower::Lowerer::stmts`).
//!
//! What a chunk's text holds, line for line:
//!
//! * a logical line's first physical line: its indentation as MicroPython counts it (a tab to
//!   the next multiple of 8, anything else one column; see `crate::whitespace`) less the
//!   chunk's base column, as spaces, then the line as it is;
//! * every other line (blank, comment only, inside brackets, a string or after a backslash)
//!   as it is, line ends (`\r\n`, `\r`) as `\n`, as MicroPython's lexer reads them.
//!
//! Nothing is outlined (the input comes back whole, as read) unless some line after a `\n`
//! (or the first) is indented at least [`DEPTH`] columns; the lexical state is then tracked
//! from the start of the input. Whether a chunk's text parses the same as in the whole file
//! is only trusted where ruff finds nothing wrong: `crate::compile_outlined` compiles a file
//! with a syntax error whole.
//! Where the text after outlining could read differently from the whole file, outlining stops
//! and the caller reads the input again whole ([`Input::Abandoned`]): an f-/t-string that spans
//! lines (its injected newlines move the lines after it, see `lower::fscan`), or one whose
//! replacement field holds its own quote.

use std::io;

/// Levels of indentation a chunk holds before a block below them is outlined: ruff's
/// recursion over one chunk stays near 100 KiB of stack.
pub const DEPTH: usize = 64;

/// Bytes read at a time.
const BLOCK: usize = 64 << 10;

/// One outlined text: the top of the file (`first_line` 0) or a block's body.
#[derive(Debug)]
pub struct Chunk {
    /// The source bytes of the chunk (see the module doc).
    pub text: Vec<u8>,
    /// Lines of the file before the chunk's first line.
    pub first_line: u32,
    /// The blocks outlined from this chunk: the (1-based, file) line of the `pass` standing
    /// for each, and the index of its chunk.
    pub children: Vec<(u32, usize)>,
    /// Where the text skips lines of the file (those of an outlined block around its
    /// `pass`): from the text's line index (0-based) on, so many more lines.
    pub skips: Vec<(u32, u32)>,
}

/// What [`read`] read.
#[derive(Debug)]
pub enum Input {
    /// The whole input, as read: nothing nests deep enough to outline.
    Whole(Vec<u8>),
    /// The input in chunks, the top of the file first.
    Outlined(Vec<Chunk>),
    /// Outlining began but cannot carry this input faithfully: read it again whole.
    Abandoned,
}

/// Read all of `reader` (at most [`crate::MAX_INPUT_LEN`] bytes), outlining blocks nested
/// deeper than `depth` levels (see the module doc). `size_hint` is the expected length (a
/// file's size, or 0). Errors as [`crate::read_input`]'s.
pub fn read(
    reader: impl io::Read,
    size_hint: u64,
    depth: usize,
) -> Result<Input, Option<io::Error>> {
    let mut reader = io::Read::take(reader, crate::MAX_INPUT_LEN + 1);
    let mut s = Splitter::new(depth.max(1));
    // Room for the whole input while it may come back whole: no copies as the buffer grows.
    s.buf
        .reserve(usize::try_from(size_hint.min(crate::MAX_INPUT_LEN)).unwrap_or(0));
    let mut total: u64 = 0;
    // Read through a block, not into `buf`'s spare room: that room would have to be filled
    // first, and the pages of a big file's reserved room would all become resident.
    let mut block = vec![0u8; BLOCK];
    loop {
        let n = loop {
            match io::Read::read(&mut reader, &mut block) {
                Ok(n) => break n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Some(e)),
            }
        };
        let start = s.buf.len();
        s.buf.extend_from_slice(&block[..n]);
        total += n as u64;
        if total > crate::MAX_INPUT_LEN {
            return Err(None);
        }
        let eof = n == 0;
        s.feed(start, eof);
        if s.mode == Mode::Abandoned {
            return Ok(Input::Abandoned);
        }
        if eof {
            return Ok(s.finish());
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Mode {
    /// No line indented [`Splitter::depth`] columns yet: only line starts are looked at.
    Plain,
    /// The lexical state is tracked; nothing outlined yet (the input is still whole).
    Tracking,
    /// Blocks are being outlined: `buf` holds only input not yet processed.
    Outlining,
    /// Outlining would not be faithful, and none happened: the input stays whole.
    Off,
    /// As `Off`, after outlining began.
    Abandoned,
}

/// The string literal the lexical state is in.
#[derive(Clone, Copy, Debug)]
struct InString {
    quote: u8,
    triple: bool,
    /// An f- or t-string, and the depth of `{` in its replacement fields.
    interpolated: bool,
    braces: u32,
}

/// A chunk being written.
struct Building {
    chunk: Chunk,
    /// The column its logical lines are moved left by.
    base_col: usize,
    /// Index in the indentation stack of its first level.
    base_level: usize,
    /// Physical lines of the file covered (outlined blocks included).
    lines: u32,
    /// Lines of the text.
    text_lines: u32,
    /// The last line (counted from the chunk's first) with anything but blanks.
    last_nonblank: u32,
    /// Whether the text ends with a line end (false only at the end of input).
    ends_with_newline: bool,
}

impl Building {
    fn new(first_line: u32, base_col: usize, base_level: usize) -> Self {
        Building {
            chunk: Chunk {
                text: Vec::new(),
                first_line,
                children: Vec::new(),
                skips: Vec::new(),
            },
            base_col,
            base_level,
            lines: 0,
            text_lines: 0,
            last_nonblank: 0,
            ends_with_newline: true,
        }
    }
}

struct Splitter {
    depth: usize,
    mode: Mode,
    /// Before outlining: the whole input read so far. While outlining: input not processed.
    buf: Vec<u8>,
    /// Next byte of `buf` to look at.
    pos: usize,
    /// Physical lines processed.
    line_no: u32,
    in_string: Option<InString>,
    brackets: usize,
    /// The last line ended with a backslash (outside a string): the next one continues it.
    continued: bool,
    /// The last significant byte of the current logical line (outside strings and comments).
    last_sig: u8,
    /// The logical line before ended with `:`.
    opener: bool,
    /// The current logical line starts with the soft keyword `match`: its block holds `case`
    /// clauses, not statements, and is never outlined.
    is_match: bool,
    /// Indentation columns, as py/lexer.c's indent stack.
    indent: Vec<usize>,
    /// Chunks made, by index (the top is 0); `open` holds the indices being written.
    done: Vec<Option<Chunk>>,
    open: Vec<Building>,
    open_ids: Vec<usize>,
    /// Bytes taken off the front of `buf` by the line being processed (see `open_chunk`).
    rebased: usize,
}

impl Splitter {
    fn new(depth: usize) -> Self {
        Splitter {
            depth,
            mode: Mode::Plain,
            buf: Vec::new(),
            pos: 0,
            line_no: 0,
            in_string: None,
            brackets: 0,
            continued: false,
            last_sig: b'\n',
            opener: false,
            is_match: false,
            indent: vec![0],
            done: Vec::new(),
            open: Vec::new(),
            open_ids: Vec::new(),
            rebased: 0,
        }
    }

    /// Look at the input from `new` on (bytes before it were seen by earlier calls).
    fn feed(&mut self, new: usize, eof: bool) {
        if self.mode == Mode::Plain {
            if !self.has_deep_line(new) {
                return;
            }
            self.mode = Mode::Tracking;
            self.pos = 0;
        }
        while matches!(self.mode, Mode::Tracking | Mode::Outlining) {
            let Some((end, next)) = line_end(&self.buf, self.pos, eof) else {
                break;
            };
            let start = self.pos;
            self.pos = next;
            self.line(start, end, next > end);
        }
        if self.mode == Mode::Outlining && self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
    }

    /// Whether a line starting in the new input (at or after `new`) is indented at least
    /// `depth` columns.
    fn has_deep_line(&self, new: usize) -> bool {
        let b = &self.buf;
        let deep = |at: usize| {
            let mut col = 0;
            for &c in &b[at..] {
                match c {
                    b'\t' => col = (col / 8 + 1) * 8,
                    b' ' | 0x0b | 0x0c => col += 1,
                    _ => break,
                }
                if col >= self.depth {
                    return true;
                }
            }
            false
        };
        // The line that was incomplete at the end of the input before is looked at again.
        let last = memchr::memrchr(b'\n', &b[..new]).map_or(0, |i| i + 1);
        deep(last) || memchr::memchr_iter(b'\n', &b[last..]).any(|i| deep(last + i + 1))
    }

    /// One physical line, `buf[start..end]`, followed by a line end if `newline`.
    fn line(&mut self, start: usize, end: usize, newline: bool) {
        let logical_start = self.in_string.is_none() && self.brackets == 0 && !self.continued;
        let (content, col, blank_like, nonblank) = {
            let line = &self.buf[start..end];
            let mut content = 0;
            let mut col = 0;
            if logical_start {
                while let Some(&c) = line.get(content) {
                    match c {
                        b'\t' => col = (col / 8 + 1) * 8,
                        b' ' | 0x0b | 0x0c => col += 1,
                        _ => break,
                    }
                    content += 1;
                }
            }
            let rest = &line[content..];
            // Blank, a comment, or blanks then a backslash (the logical line starts on the
            // next line, its column counted afresh: `crate::whitespace`).
            let continuation_only = rest == b"\\" && newline;
            let blank_like =
                logical_start && (rest.is_empty() || rest[0] == b'#' || continuation_only);
            let nonblank = !(rest.is_empty() || (logical_start && continuation_only));
            (content, col, blank_like, nonblank)
        };
        self.continued = false;
        let (mut start, mut end) = (start, end);
        if logical_start && !blank_like {
            let text = &self.buf[start + content..end];
            self.is_match = text.starts_with(b"match")
                && !text
                    .get(5)
                    .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80);
            self.logical_line(col, start);
            let shift = std::mem::take(&mut self.rebased);
            start -= shift;
            end -= shift;
        }
        if !blank_like {
            self.scan(start + content, end);
        }
        if matches!(self.mode, Mode::Abandoned | Mode::Off) {
            return;
        }
        if self.in_string.is_none() && self.brackets == 0 && !self.continued && !blank_like {
            self.opener = self.last_sig == b':' && !self.is_match;
        }
        if self.mode == Mode::Outlining {
            let logical = logical_start && !blank_like;
            self.write(
                start,
                end,
                newline,
                logical.then_some((col, content)),
                nonblank,
            );
        }
        self.line_no += 1;
    }

    /// A logical line starts at column `col`: follow the indentation, close the chunks it
    /// leaves, open one for a block body that would nest too deep.
    fn logical_line(&mut self, col: usize, line_start: usize) {
        let top = self.indent.last().copied().unwrap_or(0);
        if col < top {
            while self.indent.last().is_some_and(|&c| c > col) {
                self.indent.pop();
            }
            if self.indent.last().is_none_or(|&c| c < col) {
                // Matches no level: an error the parser reports; keep going consistently.
                self.indent.push(col);
            }
            while self.open.len() > 1 && self.open.last().is_some_and(|b| b.base_col > col) {
                self.close();
            }
        } else if col > top {
            self.indent.push(col);
            let level = self.indent.len() - 1;
            let base_level = self.open.last().map_or(0, |b| b.base_level);
            if self.opener && level - base_level >= self.depth {
                self.open_chunk(col, level, line_start);
            }
        }
        self.last_sig = b'\n';
    }

    /// Open a chunk for the body starting with this line (at `line_start` in `buf`).
    fn open_chunk(&mut self, col: usize, level: usize, line_start: usize) {
        if self.mode == Mode::Tracking {
            // Everything before this line is the top chunk, as read; `buf` keeps the rest.
            let rest = self.buf.split_off(line_start);
            let mut top = Building::new(0, 0, 0);
            top.chunk.text = std::mem::replace(&mut self.buf, rest);
            top.lines = self.line_no;
            top.text_lines = self.line_no;
            self.pos -= line_start;
            self.rebased = line_start;
            self.done.push(None);
            self.open_ids.push(0);
            self.open.push(top);
            self.mode = Mode::Outlining;
        }
        self.done.push(None);
        self.open_ids.push(self.done.len() - 1);
        self.open.push(Building::new(self.line_no, col, level));
    }

    /// Write the line to the innermost chunk; `logical`: the column of a logical line's
    /// start and where its text starts after the indentation.
    fn write(
        &mut self,
        start: usize,
        end: usize,
        newline: bool,
        logical: Option<(usize, usize)>,
        nonblank: bool,
    ) {
        let Some(b) = self.open.last_mut() else {
            return;
        };
        let line = &self.buf[start..end];
        if let Some((col, content)) = logical {
            let n = col.saturating_sub(b.base_col);
            b.chunk.text.resize(b.chunk.text.len() + n, b' ');
            b.chunk.text.extend_from_slice(&line[content..]);
        } else {
            b.chunk.text.extend_from_slice(line);
        }
        if newline {
            b.chunk.text.push(b'\n');
        }
        b.ends_with_newline = newline;
        if nonblank {
            b.last_nonblank = b.lines;
        }
        b.lines += 1;
        b.text_lines += 1;
    }

    /// The innermost chunk's region is over: stand for it in its parent.
    fn close(&mut self) {
        let (Some(child), Some(id)) = (self.open.pop(), self.open_ids.pop()) else {
            return;
        };
        let Some(parent) = self.open.last_mut() else {
            return;
        };
        // The block's lines become one, `pass` on its last non-blank line: the lines before
        // and after it are skipped.
        let t = &mut parent.chunk.text;
        let before = child.last_nonblank;
        let after = child.lines.saturating_sub(before + 1);
        t.resize(
            t.len() + child.base_col.saturating_sub(parent.base_col),
            b' ',
        );
        t.extend_from_slice(b"pass");
        if after > 0 || child.ends_with_newline {
            t.push(b'\n');
        }
        let at = parent.text_lines;
        parent.chunk.skips.push((at, before));
        parent.chunk.skips.push((at + 1, after));
        parent.text_lines += 1;
        parent.ends_with_newline = child.ends_with_newline;
        parent
            .chunk
            .children
            .push((child.chunk.first_line + before + 1, id));
        parent.last_nonblank = parent.lines + before;
        parent.lines += child.lines;
        if let Some(slot) = self.done.get_mut(id) {
            *slot = Some(child.chunk);
        }
    }

    /// Follow strings, brackets, comments and continuations through `buf[from..end]`.
    fn scan(&mut self, from: usize, end: usize) {
        let line = &self.buf[from..end];
        let mut i = 0;
        while i < line.len() {
            let c = line[i];
            if let Some(mut s) = self.in_string {
                match c {
                    b'\\' => {
                        i += 2;
                        continue;
                    }
                    _ if c == s.quote => {
                        let closes = !s.triple || line[i..].starts_with(&[c, c, c]);
                        if s.interpolated && s.braces > 0 {
                            // Python 3.12 reads a nested string here, MicroPython the end.
                            self.give_up();
                            return;
                        }
                        if closes {
                            self.in_string = None;
                            self.last_sig = c;
                            i += if s.triple { 3 } else { 1 };
                            continue;
                        }
                    }
                    b'{' if s.interpolated => {
                        if s.braces == 0 && line.get(i + 1) == Some(&b'{') {
                            i += 2;
                            continue;
                        }
                        s.braces += 1;
                    }
                    b'}' if s.interpolated => s.braces = s.braces.saturating_sub(1),
                    _ => {}
                }
                self.in_string = Some(s);
                i += 1;
                continue;
            }
            match c {
                b'#' => break,
                b'\'' | b'"' => {
                    let triple = line.get(i + 1) == Some(&c) && line.get(i + 2) == Some(&c);
                    self.in_string = Some(InString {
                        quote: c,
                        triple,
                        interpolated: is_interpolated_prefix(&line[..i]),
                        braces: 0,
                    });
                    i += if triple { 3 } else { 1 };
                    continue;
                }
                b'(' | b'[' | b'{' => self.brackets += 1,
                b')' | b']' | b'}' => self.brackets = self.brackets.saturating_sub(1),
                b'\\' if i + 1 == line.len() => {
                    self.continued = true;
                    break;
                }
                b' ' | b'\t' | 0x0b | 0x0c => {
                    i += 1;
                    continue;
                }
                _ => {}
            }
            self.last_sig = c;
            i += 1;
        }
        if let Some(s) = self.in_string {
            // A backslash at the end of the line continues the string; else a short string
            // ends with the line (unterminated: the parser's error).
            let continues = i > line.len();
            if s.interpolated && (s.triple || continues) {
                self.give_up();
            } else if !s.triple && !continues {
                self.in_string = None;
            }
        }
    }

    fn give_up(&mut self) {
        self.mode = match self.mode {
            Mode::Outlining | Mode::Abandoned => Mode::Abandoned,
            _ => Mode::Off,
        };
    }

    /// The end of input.
    fn finish(mut self) -> Input {
        if self.mode != Mode::Outlining {
            return Input::Whole(self.buf);
        }
        while self.open.len() > 1 {
            self.close();
        }
        if let (Some(top), Some(slot)) = (self.open.pop(), self.done.get_mut(0)) {
            *slot = Some(top.chunk);
        }
        Input::Outlined(self.done.into_iter().flatten().collect())
    }
}

/// The end of the physical line starting at `from` and the start of the next, if the line is
/// complete (`\n`, `\r\n` or `\r` ends a line; at end of input, the rest is the last line).
fn line_end(b: &[u8], from: usize, eof: bool) -> Option<(usize, usize)> {
    if from >= b.len() {
        return None;
    }
    match memchr::memchr2(b'\n', b'\r', &b[from..]) {
        Some(i) => {
            let at = from + i;
            if b[at] == b'\n' {
                return Some((at, at + 1));
            }
            match b.get(at + 1) {
                Some(b'\n') => Some((at, at + 2)),
                Some(_) => Some((at, at + 1)),
                None if eof => Some((at, at + 1)),
                None => None,
            }
        }
        None if eof => Some((b.len(), b.len())),
        None => None,
    }
}

/// Whether the letters before a quote are an f- or t-string prefix.
fn is_interpolated_prefix(before: &[u8]) -> bool {
    let letters = before
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == b'_' || **c >= 0x80)
        .count();
    let prefix = &before[before.len() - letters..];
    prefix.len() <= 2
        && prefix
            .iter()
            .any(|c| matches!(c.to_ascii_lowercase(), b'f' | b't'))
        && prefix
            .iter()
            .all(|c| matches!(c.to_ascii_lowercase(), b'f' | b't' | b'r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(src: &str, depth: usize) -> Input {
        read(src.as_bytes(), 0, depth).expect("a slice reads")
    }

    /// The texts of the chunks `src` is outlined into, blocks from `depth` levels on.
    fn chunk_texts(src: &str, depth: usize) -> Vec<Vec<u8>> {
        match read_str(src, depth) {
            Input::Outlined(chunks) => chunks.into_iter().map(|c| c.text).collect(),
            other => panic!("not outlined: {other:?}"),
        }
    }

    #[test]
    fn a_deep_body_becomes_a_chunk_and_its_place_one_pass() {
        let src = "if a:\n    if b:\n        x = 1\n\n        # c\n    y = 2\nz = 3\n";
        let Input::Outlined(chunks) = read_str(src, 1) else {
            panic!("not outlined");
        };
        let got: Vec<_> = chunks
            .iter()
            .map(|c| {
                (
                    String::from_utf8_lossy(&c.text).into_owned(),
                    c.first_line,
                    c.children.clone(),
                    c.skips.clone(),
                )
            })
            .collect();
        // Each `pass` is on the last non-blank line of the block it stands for (lines 6 and
        // 5), the lines around it skipped.
        assert_eq!(
            got,
            [
                (
                    "if a:\n    pass\nz = 3\n".into(),
                    0,
                    vec![(6, 1)],
                    vec![(1, 4), (2, 0)]
                ),
                (
                    "if b:\n    pass\ny = 2\n".into(),
                    1,
                    vec![(5, 2)],
                    vec![(1, 2), (2, 0)]
                ),
                ("x = 1\n\n        # c\n".into(), 2, vec![], vec![]),
            ]
        );
    }

    #[test]
    fn tabs_continuations_and_line_ends_as_micropython_reads_them() {
        // Tab to column 8, a form feed one column; lines in brackets, in a long string and
        // after a backslash as they are; `\r\n` and `\r` as `\n`.
        let src = "if a:\r\n\tif b:\r\n\t\x0cx = (1,\r  2)\n\t\x0cs = '''\n  t'''\n\t\x0cu = 1 + \\\n 2\n";
        assert_eq!(
            chunk_texts(src, 1),
            [
                b"if a:\r\n        pass\n".to_vec(),
                b"if b:\n pass\n".to_vec(),
                b"x = (1,\n  2)\ns = '''\n  t'''\nu = 1 + \\\n 2\n".to_vec(),
            ]
        );
    }

    #[test]
    fn shallow_sources_come_back_whole() {
        for src in ["x = 1\n", "if a:\n    if b:\n        pass\n", ""] {
            match read_str(src, 3) {
                Input::Whole(bytes) => assert_eq!(bytes, src.as_bytes()),
                other => panic!("{src:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn an_fstring_over_lines_is_not_outlined() {
        // Before any block was outlined: the input stays whole.
        let before = "x = f'''{a\n}'''\nif a:\n    if b:\n        pass\n";
        assert!(matches!(read_str(before, 1), Input::Whole(b) if b == before.as_bytes()));
        // After: the caller reads it again.
        let after = "if a:\n    if b:\n        x = f'''{a\n}'''\n";
        assert!(matches!(read_str(after, 1), Input::Abandoned));
        // A nested string with the f-string's own quote (Python 3.12 and MicroPython read it
        // differently).
        let nested = "if a:\n    if b:\n        x = f'{d['k']}'\n";
        assert!(matches!(read_str(nested, 1), Input::Abandoned));
    }

    #[test]
    fn a_match_block_is_never_outlined() {
        let src = "if a:\n    match x:\n        case 1:\n            pass\n";
        // The body of `if a:` is outlined, the body of `match` is not; the `case` body is
        // (the last `pass` of the second chunk stands for it).
        assert_eq!(
            chunk_texts(src, 1),
            [
                b"if a:\n    pass\n".to_vec(),
                b"match x:\n    case 1:\n        pass\n".to_vec(),
                b"pass\n".to_vec(),
            ]
        );
    }
}
