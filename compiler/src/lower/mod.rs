//! Lowering: ruff's AST → [`crate::ast`], doing on the way everything MicroPython's *parser*
//! does to the tree (py/parse.c): `const()` definitions and substitution, numeric and logical
//! constant folding, constant tuples, `math.<const>`, `__debug__`, dropping lone constant
//! statements, turning f-strings into `'...'.format(...)` calls, and deciding which string
//! literals are interned qstrs (a decision that depends on every identifier seen *earlier* in
//! the token stream, so nodes are lowered strictly in source order).

mod args;
mod expr;
pub(crate) mod fscan;
mod fstring;
mod stmt;
pub(crate) mod strlit;

use crate::ast::{Const, Expr, ExprKind, Line, Module, Token};
use crate::error::{msg, CompileError};
use crate::parse::Source;
use num_bigint::BigInt;
use ruff_python_ast::token::{TokenKind, Tokens};
use ruff_text_size::{Ranged, TextSize};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::cell::RefCell;
use std::rc::Rc;

type R<T> = Result<T, Box<CompileError>>;

/// Settings of the lowering that come from the command line.
pub(crate) struct LowerOptions<'a> {
    pub(crate) small_int_bits: u8,
    pub(crate) opt_level: u8,
    /// Strings interned before parsing starts: the input path and the `-s` name.
    pub(crate) preinterned: &'a [&'a str],
    /// CircuitPython's parser (MicroPython 1.27's): `x: T = const(v)` is no `const` definition.
    pub(crate) flavour: mpy_format::mpy::Flavour,
}

/// Tracks which strings are interned qstrs at the current point of the token stream.
struct Interner<'a> {
    text: &'a str,
    tokens: &'a Tokens,
    pos: usize,
    /// Identifiers seen, by their canonical text (see `strlit::canonical`).
    names: HashSet<std::borrow::Cow<'a, str>>,
    pre: Vec<String>,
}

impl<'a> Interner<'a> {
    /// Intern every identifier token that starts before `offset`.
    fn advance_to(&mut self, offset: TextSize) {
        while let Some(tok) = self.tokens.get(self.pos) {
            if tok.start() >= offset {
                break;
            }
            if matches!(
                tok.kind(),
                TokenKind::Name | TokenKind::Match | TokenKind::Case | TokenKind::Type
            ) {
                if let Some(s) = self
                    .text
                    .get(tok.range().start().to_usize()..tok.range().end().to_usize())
                {
                    if s != "__debug__" {
                        self.names.insert(strlit::canonical(s));
                    }
                }
            }
            self.pos += 1;
        }
    }

    /// MicroPython's rule (py/parse.c `push_result_token`): up to 10 bytes always interned,
    /// longer only if that qstr already exists.
    fn is_interned(&self, s: &str) -> bool {
        strlit::mp_bytes(s).len() <= 10
            || self.names.contains(&*strlit::canonical(s))
            || self.pre.iter().any(|p| p == s)
            || mpy_format::qstr::in_pool(s)
    }
}

/// The lowering state: one per file.
pub(crate) struct Lowerer<'a> {
    /// The text being lowered: one of `chunks`, the one at index `chunk`.
    src: &'a Source,
    /// The file's texts: the whole file, or its outlined chunks (see `crate::outline`).
    chunks: &'a [Source],
    chunk: usize,
    opts: &'a LowerOptions<'a>,
    interner: Interner<'a>,
    /// The `const()` table: per file, textual order, no scopes (py/parse.c `parser->consts`).
    consts: HashMap<Rc<str>, Const>,
    next_scope_id: usize,
    /// Payload for the next NaN object (see `Const::strictly_equal`).
    next_nan: u64,
    /// While lowering f-string arguments: the line of their injected tokens.
    line_override: Option<Line>,
    /// Tentative ruff errors (`parse::is_tentative`) turned into compiler errors, by chunk
    /// and offset.
    handled: Vec<(usize, TextSize)>,
    /// Line shifts from f-/t-strings whose injected text holds newlines (see `fscan`): from
    /// each offset on, lines are this many (cumulative) further down. Pushed in source order.
    line_shifts: Vec<(TextSize, u32)>,
    /// One shared `Rc` per distinct identifier, so that each use is not an allocation.
    idents: RefCell<HashSet<Rc<str>>>,
}

/// Lower a parsed module: its text, or its outlined chunks (the top of the file first).
pub(crate) fn lower(chunks: &[Source], opts: &LowerOptions<'_>) -> Result<Module, CompileError> {
    let Some(src) = chunks.first() else {
        return Err(CompileError::syntax(msg::INVALID_SYNTAX).at_line(1));
    };
    let mut l = Lowerer {
        src,
        chunks,
        chunk: 0,
        opts,
        interner: Interner {
            text: &src.text,
            tokens: &src.tokens,
            pos: 0,
            names: HashSet::default(),
            pre: opts.preinterned.iter().map(|s| s.to_string()).collect(),
        },
        consts: HashMap::default(),
        next_scope_id: 0,
        next_nan: 2,
        line_override: None,
        handled: Vec::new(),
        line_shifts: Vec::new(),
        idents: RefCell::default(),
    };
    let suite = std::mem::take(&mut *src.body.borrow_mut());
    let line = suite.first().map(|s| l.line(s)).unwrap_or(1);
    let body = l.stmts(suite);
    // A ruff error that lowering did not turn into a compiler error is a parser error, and
    // parser errors come before anything else.
    if let Some(e) = l.tentative_error() {
        return Err(e);
    }
    let body = body?;
    Ok(Module {
        body,
        line,
        n_scope_nodes: l.next_scope_id,
    })
}

impl<'a> Lowerer<'a> {
    /// The first tentative ruff error left unhandled, in file order (see
    /// `parse::tentative_error`).
    fn tentative_error(&self) -> Option<CompileError> {
        let mut first: Option<(CompileError, u32)> = None;
        for (i, c) in self.chunks.iter().enumerate() {
            let handled: Vec<TextSize> = self
                .handled
                .iter()
                .filter(|h| h.0 == i)
                .map(|h| h.1)
                .collect();
            if let Some(e) = crate::parse::tentative_error(c, &handled) {
                // An error at the end of a block's chunk is where the text after it starts:
                // the block's error comes first (it is the deeper text).
                let earlier = first.as_ref().is_none_or(|(f, at)| {
                    e.line < f.line || (e.line == f.line && c.lines.base > *at)
                });
                if earlier {
                    first = Some((e, c.lines.base));
                }
            }
        }
        first.map(|(e, _)| e)
    }

    /// The outlined block a `pass` at `offset` stands for, if it is one.
    fn outlined_at(&self, offset: TextSize) -> Option<usize> {
        if self.src.children.is_empty() {
            return None;
        }
        let line = self.src.lines.line(offset);
        self.src.children.iter().find(|c| c.0 == line).map(|c| c.1)
    }

    /// The statements of outlined chunk `child`, lowered in place of the `pass` at `at`
    /// standing for it: in file order, so the interning of strings sees every name before.
    #[inline(never)]
    fn outlined(&mut self, at: TextSize, child: usize) -> R<Vec<crate::ast::Stmt>> {
        let Some(src) = self.chunks.get(child) else {
            return Ok(Vec::new());
        };
        self.interner.advance_to(at);
        let parent = (self.src, self.chunk, self.interner.pos);
        let shifts = std::mem::take(&mut self.line_shifts);
        self.enter(src, child, 0);
        let body = std::mem::take(&mut *src.body.borrow_mut());
        let lowered = self.stmts(body);
        // The names after the last string of the block come before the text after it.
        self.interner.advance_to(TextSize::new(u32::MAX));
        self.enter(parent.0, parent.1, parent.2);
        self.line_shifts = shifts;
        lowered
    }

    /// Make `src` (chunk `index`) the text being lowered, its tokens interned up to `pos`.
    fn enter(&mut self, src: &'a Source, index: usize, pos: usize) {
        self.src = src;
        self.chunk = index;
        self.interner.text = &src.text;
        self.interner.tokens = &src.tokens;
        self.interner.pos = pos;
    }

    fn line(&self, node: &impl Ranged) -> Line {
        self.line_override
            .unwrap_or_else(|| self.src_line(node.start()))
    }

    /// The reference's line of a source offset: its physical line plus the newlines of the
    /// f-/t-string text injected before it.
    fn src_line(&self, offset: TextSize) -> Line {
        let line = self.src.lines.line(offset);
        match self.line_shifts.last() {
            None => line,
            Some(&(at, n)) if offset >= at => line + n,
            Some(_) => {
                let i = self.line_shifts.partition_point(|&(at, _)| at <= offset);
                line + i.checked_sub(1).map_or(0, |i| self.line_shifts[i].1)
            }
        }
    }

    /// From `at` on, lines are `n` further down (an f-/t-string injecting `n` newlines).
    fn shift_lines(&mut self, at: TextSize, n: u32) {
        if n > 0 {
            let total = self.line_shifts.last().map_or(0, |s| s.1) + n;
            self.line_shifts.push((at, total));
        }
    }

    /// Line of the first real token at or after `offset` (skipping comments and newlines
    /// inside brackets): MicroPython's lexer has reached it when it injects f-string tokens.
    fn next_token_line(&self, offset: TextSize) -> Line {
        let toks = &self.src.tokens;
        let start = toks.partition_point(|t| t.start() < offset);
        for t in &toks[start..] {
            if !matches!(t.kind(), TokenKind::NonLogicalNewline | TokenKind::Comment) {
                return self.src_line(t.start());
            }
        }
        self.src_line(offset)
    }

    fn line_at(&self, offset: TextSize) -> Line {
        self.line_override.unwrap_or_else(|| self.src_line(offset))
    }

    fn new_scope_id(&mut self) -> usize {
        self.next_scope_id += 1;
        self.next_scope_id - 1
    }

    /// An identifier as written: ruff NFKC-normalises identifiers, MicroPython keeps the source
    /// bytes (`ϵ` stays `ϵ`, not `ε`).
    fn ident(&self, node: &impl Ranged, normalized: &str) -> Rc<str> {
        match self
            .src
            .text
            .get(node.start().to_usize()..node.end().to_usize())
        {
            Some(t)
                if t != normalized
                    && !t.is_ascii()
                    && !t.contains(|c: char| c.is_whitespace() || c == '.') =>
            {
                self.intern(t)
            }
            _ => self.intern(normalized),
        }
    }

    /// The shared `Rc` of an identifier.
    pub(super) fn intern(&self, name: &str) -> Rc<str> {
        let mut idents = self.idents.borrow_mut();
        if let Some(rc) = idents.get(name) {
            return rc.clone();
        }
        let rc: Rc<str> = Rc::from(name);
        idents.insert(rc.clone());
        rc
    }

    /// Mark the tentative ruff errors inside `range` as handled.
    fn handle_errors_in(&mut self, range: ruff_text_size::TextRange) {
        for e in self.src.errors.iter() {
            if crate::parse::is_tentative(&e.error) && range.contains_range(e.range()) {
                self.handled.push((self.chunk, e.range().start()));
            }
        }
    }

    /// A parser-level syntax error (no scope) at `line`.
    fn syntax_error(&self, line: Line) -> CompileError {
        CompileError::syntax(msg::INVALID_SYNTAX).at_line(line)
    }

    /// The first non-blank byte at or after `offset`, skipping whitespace, comments and `)`:
    /// used to find the line of a trailer's opening token.
    fn find_char_after(&self, offset: TextSize, want: u8) -> TextSize {
        let end = TextSize::new(self.src.text.len() as u32);
        self.find_char_before_limit(offset, end, want)
            .unwrap_or(offset)
    }

    /// [`Self::find_char_after`] looking no further than `limit`: a scan that may find
    /// nothing must not run to the end of the source once per statement (5,000 nested `with`
    /// took a minute).
    fn find_char_before_limit(
        &self,
        offset: TextSize,
        limit: TextSize,
        want: u8,
    ) -> Option<TextSize> {
        let bytes = self.src.text.as_bytes();
        let bytes = &bytes[..bytes.len().min(limit.to_usize())];
        let mut i = offset.to_usize();
        while i < bytes.len() {
            match bytes[i] {
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                c if c == want => return Some(TextSize::new(i as u32)),
                _ => i += 1,
            }
        }
        None
    }

    /// Scan back from `offset` over whitespace to the previous non-blank byte.
    fn find_char_before(&self, offset: TextSize) -> TextSize {
        let bytes = self.src.text.as_bytes();
        let mut i = offset.to_usize().min(bytes.len());
        while i > 0 && bytes[i - 1].is_ascii_whitespace() {
            i -= 1;
        }
        TextSize::new(i.saturating_sub(1) as u32)
    }

    /// True if `v` fits the target's small int (and the host's 63-bit small int).
    fn fits_small_int(&self, v: &BigInt) -> Option<i64> {
        let v64 = i64::try_from(v).ok()?;
        if !(-(1i64 << 62)..(1i64 << 62)).contains(&v64) {
            return None;
        }
        let bits = u32::from(self.opts.small_int_bits.clamp(1, 64));
        if bits >= 64 {
            return Some(v64);
        }
        let lo = -(1i128 << (bits - 1));
        let hi = (1i128 << (bits - 1)) - 1;
        (lo..=hi).contains(&i128::from(v64)).then_some(v64)
    }

    /// py/parse.c `make_node_const_object_optimised`: a small int leaf if it fits the target,
    /// else a constant-object node with `line`.
    fn const_node(&self, value: Const, line: Line) -> Expr {
        if let Const::Int(i) = &value {
            if let Some(v) = self.fits_small_int(i) {
                return Expr {
                    line: 0,
                    kind: ExprKind::SmallInt(v),
                };
            }
        }
        Expr {
            line,
            kind: ExprKind::Const(value),
        }
    }

    /// The `__debug__` token value at this optimisation level.
    /// A NaN with its own identity (payload), as a distinct MicroPython float object.
    fn fresh_nan(&mut self, sign: bool) -> f64 {
        self.next_nan += 1;
        let bits = 0x7ff8_0000_0000_0000u64
            | (self.next_nan & 0x0007_ffff_ffff_ffff)
            | (u64::from(sign) << 63);
        f64::from_bits(bits)
    }

    fn debug_token(&self) -> Token {
        if self.opts.opt_level == 0 {
            Token::True
        } else {
            Token::False
        }
    }
}

/// py/parse.c `mp_parse_node_is_const`.
pub(crate) fn is_const(e: &Expr) -> bool {
    matches!(
        e.kind,
        ExprKind::SmallInt(_)
            | ExprKind::Str(_)
            | ExprKind::Token(_)
            | ExprKind::Const(_)
            | ExprKind::EmptyTuple
    )
}

/// py/parse.c `mp_parse_node_convert_to_obj` (only for [`is_const`] nodes).
pub(crate) fn to_const(e: &Expr) -> Option<Const> {
    Some(match &e.kind {
        ExprKind::SmallInt(v) => Const::Int(BigInt::from(*v)),
        ExprKind::Str(s) => Const::Str(s.clone()),
        ExprKind::Token(Token::None) => Const::None,
        ExprKind::Token(Token::True) => Const::True,
        ExprKind::Token(Token::False) => Const::False,
        ExprKind::Token(Token::Ellipsis) => Const::Ellipsis,
        ExprKind::Const(c) => c.clone(),
        ExprKind::EmptyTuple => Const::Tuple(Rc::from(Vec::new())),
        _ => return None,
    })
}

/// Compile-time truth of a node, if it is a constant (`mp_parse_node_is_const_true/false`).
pub(crate) fn const_truth(e: &Expr) -> Option<bool> {
    to_const(e).map(|c| c.is_true())
}
