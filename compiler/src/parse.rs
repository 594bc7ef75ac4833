//! Parsing: ruff's Python parser (rustpython-ruff_python_parser) plus a byte-offset → line index,
//! and the mapping of ruff's syntax errors onto MicroPython's (py/parse.c, py/lexer.c).
//!
//! MicroPython's parser reports almost every error as `SyntaxError: invalid syntax` at the line of
//! the offending token; some constructs that ruff rejects while parsing are only rejected by
//! MicroPython's *compiler* (with a scope name and a different message), so those ruff errors
//! are let through here and reported by [`crate::compile`].

use crate::error::{msg, CompileError};
use ruff_python_ast::ModModule;
use ruff_python_parser::{
    InterpolatedStringErrorType, LexicalErrorType, Mode, ParseErrorType, ParseOptions, Parsed,
};
use ruff_text_size::{Ranged, TextSize};

/// Maps byte offsets to 1-based line numbers (`\n`, `\r\n` and lone `\r` end a line, as in
/// MicroPython's lexer).
pub(crate) struct LineIndex {
    starts: Vec<u32>,
    /// Lines of the file before the text (an outlined block's, see `crate::outline`).
    pub(crate) base: u32,
    /// Lines of the file the text skips (outlined blocks): from each line index of the text
    /// on, so many more in all (cumulative, by line index).
    skips: Vec<(u32, u32)>,
    /// The line found last (0-based): lowering asks in source order, so the next answer is
    /// usually this line or the next, without a binary search.
    last: std::cell::Cell<usize>,
}

impl LineIndex {
    #[cfg(test)]
    pub(crate) fn new(src: &str) -> Self {
        Self::with_base(src, 0, &[])
    }

    /// The index of a text that starts after `base` lines of the file and skips lines as
    /// `skips` says (see `crate::outline::Chunk::skips`).
    pub(crate) fn with_base(src: &str, base: u32, skips: &[(u32, u32)]) -> Self {
        let bytes = src.as_bytes();
        let mut starts = vec![0u32];
        // memchr finds the line ends many bytes at a time (this ran byte by byte at 2-3% of
        // the whole compile).
        let mut after_cr = None;
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The `\n` of a `\r\n` pair: its line already started after the pair.
            if after_cr == Some(i) && bytes.get(i) == Some(&b'\n') {
                after_cr = None;
                if let Some(last) = starts.last_mut() {
                    *last = i as u32 + 1;
                }
                continue;
            }
            starts.push(i as u32 + 1);
            after_cr = (bytes.get(i) == Some(&b'\r')).then_some(i + 1);
        }
        let mut total = 0;
        let skips = skips
            .iter()
            .filter(|s| s.1 > 0)
            .map(|&(at, n)| {
                total += n;
                (at, total)
            })
            .collect();
        LineIndex {
            starts,
            base,
            skips,
            last: std::cell::Cell::new(0),
        }
    }

    /// Line of a byte offset.
    pub(crate) fn line(&self, offset: TextSize) -> u32 {
        let off = u32::from(offset);
        // Line i (0-based) holds the offsets from starts[i] up to, not including, starts[i + 1].
        let holds = |i: usize| {
            self.starts.get(i).is_some_and(|&s| s <= off)
                && self.starts.get(i + 1).is_none_or(|&next| off < next)
        };
        let last = self.last.get();
        let i = if holds(last) {
            last
        } else if holds(last + 1) {
            last + 1
        } else {
            match self.starts.binary_search(&off) {
                Ok(i) => i,
                Err(i) => i.saturating_sub(1),
            }
        };
        self.last.set(i);
        self.number(i as u32)
    }

    /// The file's line number of the text's line index `i`.
    fn number(&self, i: u32) -> u32 {
        let skipped = match self.skips.last() {
            None => 0,
            Some(&(at, n)) if i >= at => n,
            Some(_) => {
                let k = self.skips.partition_point(|s| s.0 <= i);
                k.checked_sub(1).map_or(0, |k| self.skips[k].1)
            }
        };
        self.base + i + 1 + skipped
    }

    /// The text's line index of the file's line `line`, if the text holds it.
    pub(crate) fn index_of(&self, line: u32) -> Option<usize> {
        let i = line.checked_sub(self.base + 1)?;
        // The line is at index i less the lines skipped before it: search the index.
        let (mut lo, mut hi) = (0u32, i.min(self.starts.len() as u32));
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.number(mid) < line {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        (self.number(lo) == line).then_some(lo as usize)
    }

    /// Number of lines (the line of end of input).
    pub(crate) fn last_line(&self) -> u32 {
        self.number(self.starts.len() as u32 - 1)
    }
}

/// The result of parsing: ruff's tree, its tokens, and the line index.
pub(crate) struct Source {
    pub(crate) text: String,
    pub(crate) tokens: ruff_python_ast::token::Tokens,
    pub(crate) errors: Vec<ruff_python_parser::ParseError>,
    /// The module's statements: lowering takes them and frees each once lowered, so that the
    /// parser's tree and the lowered one are not both whole at once (peak memory of big
    /// files).
    pub(crate) body: std::cell::RefCell<Vec<ruff_python_ast::Stmt>>,
    pub(crate) lines: LineIndex,
    /// The blocks outlined from this text: the line of the `pass` standing for each and the
    /// index of its chunk (see `crate::outline`).
    pub(crate) children: Vec<(u32, usize)>,
}

/// Ruff errors whose recovered tree [`crate::lower`] can turn into MicroPython's *compiler*
/// errors: `{1: 2, 3}` (a dict item without value), `{1, 2: 3}` (a set item with one) and
/// `f(x + 1=2)` (a keyword that is not a name). Lowering marks each one it handles; any left
/// over is reported as the parser error it is.
pub(crate) fn is_tentative(e: &ParseErrorType) -> bool {
    use ruff_python_ast::token::TokenKind as T;
    match e {
        ParseErrorType::ExpectedToken {
            expected: T::Colon,
            found: T::Rbrace | T::Comma,
        } => true,
        ParseErrorType::ExpectedToken {
            expected: T::Comma,
            found: T::Colon,
        } => true,
        ParseErrorType::OtherError(m) => m == "Expected a parameter name",
        // A lone `}` in an f-string is text to MicroPython's lexer (`f"}"`): the f-string
        // lowering reads the literal itself (`lower::fscan`).
        // In a t-string it is malformed (`t"}"`), which that lowering says too.
        ParseErrorType::FStringError(InterpolatedStringErrorType::SingleRbrace)
        | ParseErrorType::TStringError(InterpolatedStringErrorType::SingleRbrace)
        | ParseErrorType::Lexical(
            LexicalErrorType::FStringError(InterpolatedStringErrorType::SingleRbrace)
            | LexicalErrorType::TStringError(InterpolatedStringErrorType::SingleRbrace),
        ) => true,
        _ => false,
    }
}

/// The parser error for an unhandled tentative error (see [`is_tentative`]).
pub(crate) fn tentative_error(src: &Source, handled: &[TextSize]) -> Option<CompileError> {
    let e = src
        .errors
        .iter()
        .find(|e| is_tentative(&e.error) && !handled.contains(&e.range().start()))?;
    Some(shifted(
        map_parse_error(
            &src.text,
            &src.tokens,
            &src.lines,
            &e.error,
            e.range().start(),
        ),
        &src.text,
        &src.tokens,
        e.range().start(),
    ))
}

/// `try:` ... `else:` without `except`: ruff reports it after the `else` block, MicroPython's
/// parser at the `else` (its `try` rule wants an `except` or `finally` first). The offset of
/// that `else`, for the `try` statement ending last before `at`.
fn try_else_keyword(
    text: &str,
    body: &[ruff_python_ast::Stmt],
    e: &ParseErrorType,
    at: TextSize,
) -> Option<TextSize> {
    if !matches!(e, ParseErrorType::OtherError(m) if m.starts_with("Expected `except` or `finally`"))
    {
        return None;
    }
    // The innermost block holding the statement: the last statement starting before `at`,
    // descended into while it holds `at`'s statement.
    let mut stmts = body;
    loop {
        let s = stmts.iter().rev().find(|s| s.start() < at)?;
        if let ruff_python_ast::Stmt::Try(t) = s {
            if t.end() <= at && t.handlers.is_empty() && t.finalbody.is_empty() {
                let from = t.body.last()?.end().to_usize();
                let to = t.orelse.first()?.start().to_usize();
                let i = text.get(from..to)?.find("else")?;
                return Some(TextSize::new((from + i) as u32));
            }
        }
        stmts = last_block(s, at)?;
    }
}

/// The block of compound statement `s` that holds offset `at`, if any.
fn last_block(s: &ruff_python_ast::Stmt, at: TextSize) -> Option<&[ruff_python_ast::Stmt]> {
    use ruff_python_ast::{ExceptHandler, Stmt};
    let holds = |b: &[Stmt]| b.first().is_some_and(|f| f.start() < at);
    let blocks: Vec<&[Stmt]> = match s {
        Stmt::If(i) => std::iter::once(&i.body[..])
            .chain(i.elif_else_clauses.iter().map(|c| &c.body[..]))
            .collect(),
        Stmt::For(f) => vec![&f.body, &f.orelse],
        Stmt::While(w) => vec![&w.body, &w.orelse],
        Stmt::With(w) => vec![&w.body],
        Stmt::FunctionDef(f) => vec![&f.body],
        Stmt::ClassDef(c) => vec![&c.body],
        Stmt::Try(t) => std::iter::once(&t.body[..])
            .chain(
                t.handlers
                    .iter()
                    .map(|ExceptHandler::ExceptHandler(h)| &h.body[..]),
            )
            .chain([&t.orelse[..], &t.finalbody[..]])
            .collect(),
        _ => return None,
    };
    blocks.into_iter().rev().find(|b| holds(b))
}

/// A ruff error for what MicroPython's grammar allows, with nothing lost from the tree:
/// `from a import b,` (py/grammar.h `import_as_names` takes a trailing comma without
/// parentheses; `import a,` and `global a,` take none, there as in ruff).
fn micropython_accepts(text: &str, e: &ruff_python_parser::ParseError) -> bool {
    if !matches!(&e.error, ParseErrorType::OtherError(m) if m == "Trailing comma not allowed") {
        return false;
    }
    let at = e.range().start().to_usize().min(text.len());
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].trim_start();
    line.starts_with("from") && line[4..].starts_with([' ', '\t', '.'])
}

/// Ruff errors that MicroPython's parser accepts and its compiler (or runtime) judges instead.
fn is_compiler_level(e: &ParseErrorType) -> bool {
    is_tentative(e)
        || matches!(
            e,
            ParseErrorType::NonDefaultParamAfterDefaultParam
                | ParseErrorType::InvalidAssignmentTarget
                | ParseErrorType::InvalidAnnotatedAssignmentTarget
                | ParseErrorType::InvalidAugmentedAssignmentTarget
                | ParseErrorType::InvalidDeleteTarget
                | ParseErrorType::InvalidNamedAssignmentTarget
                | ParseErrorType::PositionalAfterKeywordArgument
                | ParseErrorType::PositionalAfterKeywordUnpacking
                | ParseErrorType::InvalidArgumentUnpackingOrder
                | ParseErrorType::InvalidStarredExpressionUsage
                | ParseErrorType::DuplicateKeywordArgumentError(_)
                | ParseErrorType::ParamAfterVarKeywordParam
                | ParseErrorType::UnparenthesizedGeneratorExpression
                | ParseErrorType::IterableUnpackingInComprehension
                | ParseErrorType::ExpectedKeywordParam
        )
}

/// Parse `text`; on failure return MicroPython's parser error (no scope; the caller sets the
/// file). `lexer_1_27` reads f-strings as MicroPython 1.27's lexer does (CircuitPython's; see
/// [`crate::lexer127`]).
pub(crate) fn parse_with(text: String, lexer_1_27: bool) -> Result<Source, CompileError> {
    parse_chunk(text, lexer_1_27, 0, &[])
}

/// [`parse_with`] of a text that starts after `first_line` lines of the file (an outlined
/// block's, see `crate::outline`): lines are the file's.
pub(crate) fn parse_chunk(
    text: String,
    lexer_1_27: bool,
    first_line: u32,
    skips: &[(u32, u32)],
) -> Result<Source, CompileError> {
    let options = ParseOptions::from(Mode::Module);
    // The text is taken, not copied: a big source is held once (it is all the memory a
    // deeply nested file costs).
    let mut text = text;
    let mut parsed = ruff_python_parser::parse_unchecked(&text, options);
    if parsed.errors().iter().any(|e| {
        matches!(
            e.error,
            ParseErrorType::SimpleAndCompoundStatementOnSameLine
        )
    }) {
        text = fix_soft_keywords(&text);
        parsed = ruff_python_parser::parse_unchecked(&text, ParseOptions::from(Mode::Module));
    }
    if !parsed.errors().is_empty() {
        if let Some(fixed) = fix_number_underscores(&text, parsed.tokens()) {
            text = fixed;
            parsed = ruff_python_parser::parse_unchecked(&text, ParseOptions::from(Mode::Module));
        }
    }
    if lexer_1_27 {
        if let Some(expanded) = crate::lexer127::expand_nested(&text, &parsed) {
            text = expanded;
            parsed = ruff_python_parser::parse_unchecked(&text, ParseOptions::from(Mode::Module));
        }
        while let Some(filled) = crate::lexer127::fill_empty_fields(&text, &parsed) {
            text = filled;
            parsed = ruff_python_parser::parse_unchecked(&text, ParseOptions::from(Mode::Module));
        }
    }
    let lines = LineIndex::with_base(&text, first_line, skips);
    let quirk = if lexer_1_27 {
        crate::lexer127::escaped_brace_before_quote(&text, &parsed)
    } else {
        None
    };
    let parsed = match parsed.try_into_module() {
        Some(p) => p,
        None => return Err(CompileError::syntax(msg::INVALID_SYNTAX).at_line(1)),
    };
    let first_err = parsed
        .errors()
        .iter()
        .find(|e| !is_compiler_level(&e.error) && !micropython_accepts(&text, e));
    let limit = first_err
        .map(|e| e.range().start())
        .unwrap_or(TextSize::new(u32::MAX));
    if let Some(at) = quirk.filter(|&at| at < limit) {
        return Err(CompileError::syntax(msg::INVALID_SYNTAX).at_line(lines.line(at)));
    }
    if let Some(e) = number_errors(&text, &parsed, &lines, limit) {
        return Err(e);
    }
    if let Some(err) = first_err {
        // The offset is for `--rich-errors` (used only when it lies on the reported line).
        let at = try_else_keyword(
            &text,
            &parsed.syntax().body,
            &err.error,
            err.range().start(),
        )
        .unwrap_or(err.range().start());
        let e = map_parse_error(&text, parsed.tokens(), &lines, &err.error, at);
        return Err(shifted(e, &text, parsed.tokens(), at).at_offset(at));
    }
    // The parser's recursion is over: its frames need not stay resident while the tokens are
    // copied and the lowered tree is built next to the parser's (peak memory of deeply nested
    // sources).
    crate::guard::release_dead_stack();
    let tokens = parsed.tokens().clone();
    let errors = parsed
        .errors()
        .iter()
        .filter(|e| !micropython_accepts(&text, e))
        .cloned()
        .collect();
    let body = std::cell::RefCell::new(parsed.into_syntax().body);
    Ok(Source {
        text,
        tokens,
        errors,
        body,
        lines,
        children: Vec::new(),
    })
}

/// A parser error's line moved down by the newlines f-/t-strings before it inject (see
/// `lower::fscan`).
fn shifted(
    mut e: CompileError,
    text: &str,
    tokens: &ruff_python_ast::token::Tokens,
    at: TextSize,
) -> CompileError {
    if let Some(line) = e.line.as_mut() {
        *line += crate::lower::fscan::injected_newlines_before(text, tokens, at.to_usize());
    }
    e
}

fn map_parse_error(
    text: &str,
    tokens: &ruff_python_ast::token::Tokens,
    lines: &LineIndex,
    e: &ParseErrorType,
    at: TextSize,
) -> CompileError {
    let line = lines.line(at);
    if is_name_escape_error(text, e, at) {
        return CompileError::new("NotImplementedError", msg::UNICODE_NAME_ESCAPES);
    }
    let message = e.to_string();
    if matches!(e, ParseErrorType::ExpectedExpression) {
        // `f"{}"`: MicroPython's lexer reports an empty replacement field.
        let b = text.as_bytes();
        let at_u = at.to_usize();
        let before = b[..at_u.min(b.len())]
            .iter()
            .rev()
            .find(|c| !c.is_ascii_whitespace());
        if b.get(at_u) == Some(&b'}') && before == Some(&b'{') {
            // The lexer's malformed token is the whole run of adjacent string literals.
            let line = lines.line(string_run_start(tokens, at).unwrap_or(at));
            return CompileError::syntax(msg::MALFORMED_FSTRING).at_line(line);
        }
    }
    if matches!(e, ParseErrorType::UnexpectedIndentation) {
        return CompileError::new("IndentationError", msg::UNEXPECTED_INDENT).at_line(line);
    }
    if message.contains("unindent does not match") || message.contains("unindent doesn't match") {
        // MicroPython's DEDENT token carries the line of the preceding line.
        // (Lines an outlined block's `pass` stands for are blank here.)
        let first = lines.base + 1;
        let mut l = line.saturating_sub(1).max(first);
        let text_lines: Vec<&str> = text.lines().collect();
        while l > first
            && lines
                .index_of(l)
                .is_none_or(|i| text_lines.get(i).is_some_and(|s| s.trim().is_empty()))
        {
            l -= 1;
        }
        return CompileError::new("IndentationError", msg::UNINDENT_MISMATCH).at_line(l);
    }
    if at >= TextSize::try_from(text.len()).unwrap_or(TextSize::new(u32::MAX)) {
        // Errors at end of input are reported on the line after the last one.
        let end_line = if text.ends_with('\n') || text.ends_with('\r') {
            lines.last_line()
        } else {
            lines.last_line() + 1
        };
        return CompileError::syntax(msg::INVALID_SYNTAX).at_line(end_line);
    }
    CompileError::syntax(msg::INVALID_SYNTAX).at_line(line)
}

/// Start of the run of adjacent string literals (one token to MicroPython's lexer) holding
/// the f-/t-string that `at` is in.
fn string_run_start(tokens: &ruff_python_ast::token::Tokens, at: TextSize) -> Option<TextSize> {
    use ruff_python_ast::token::TokenKind as T;
    let mut depth = 0usize;
    let mut run_start = None;
    let mut after_string = false;
    for tok in tokens.iter() {
        if tok.start() > at {
            break;
        }
        let kind = tok.kind();
        if depth == 0 && matches!(kind, T::NonLogicalNewline | T::Comment) {
            continue;
        }
        let starts = matches!(kind, T::String | T::FStringStart | T::TStringStart);
        if depth == 0 {
            if starts && !after_string {
                run_start = Some(tok.start());
            } else if !starts {
                run_start = None;
            }
        }
        match kind {
            T::FStringStart | T::TStringStart => depth += 1,
            T::FStringEnd | T::TStringEnd => depth = depth.saturating_sub(1),
            _ => {}
        }
        after_string = depth == 0 && matches!(kind, T::String | T::FStringEnd | T::TStringEnd);
    }
    run_start
}

/// Longest name MicroPython can intern: qstr lengths are one byte (`MICROPY_QSTR_BYTES_IN_LEN`).
pub(crate) const QSTR_MAX_LEN: u32 = 255;

/// py/qstr.c's error for a longer name; raised outside any traceback context, so printed bare.
pub(crate) fn name_too_long() -> CompileError {
    CompileError::new("RuntimeError", "name too long")
}

/// Ruff's error for a `\N{...}` escape it cannot resolve (an unknown name, a missing brace):
/// py/lexer.c refuses every `\N` escape with `NotImplementedError` instead.
fn is_name_escape_error(text: &str, e: &ParseErrorType, at: TextSize) -> bool {
    use ruff_python_parser::LexicalErrorType as L;
    if !matches!(
        e,
        ParseErrorType::Lexical(
            L::UnicodeError | L::MissingUnicodeLbrace | L::MissingUnicodeRbrace
        )
    ) {
        return false;
    }
    // The error points at the literal or into the escape: look for `\N` on its line.
    let bytes = text.as_bytes();
    let at = at.to_usize().min(bytes.len());
    let start = bytes[..at]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let end = bytes[at..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |i| at + i);
    bytes[start..end].windows(2).any(|w| w == b"\\N")
}

/// Where the number a token is part of starts: the token's start, or for ruff's `Unknown` token
/// after a number it could not lex (`1._`: the `1.` is in no token) the start of the run of
/// number bytes before it.
fn number_start(bytes: &[u8], tok: &ruff_python_ast::token::Token) -> usize {
    let at = tok.start().to_usize();
    if tok.kind() != ruff_python_ast::token::TokenKind::Unknown {
        return at;
    }
    let run = bytes[..at.min(bytes.len())]
        .iter()
        .rev()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_'))
        .count();
    let start = at - run;
    match bytes.get(start) {
        Some(c) if c.is_ascii_digit() || (*c == b'.' && run > 1) => start,
        _ => at,
    }
}

/// MicroPython's lexer reads a number as one token of letters, digits, `.`, `_` (and a sign
/// after `e`), then parses it (py/lexer.c, py/parsenum.c); a token ruff splits or accepts
/// differently (`0b102`, `1if`, `0777`, `1e`) is an error there. Returns the first one before
/// `limit`. Also the first name too long to intern.
fn number_errors(
    text: &str,
    parsed: &Parsed<ModModule>,
    lines: &LineIndex,
    limit: TextSize,
) -> Option<CompileError> {
    use ruff_python_ast::token::TokenKind;
    let bytes = text.as_bytes();
    for tok in parsed.tokens().iter() {
        if tok.start() > limit {
            break;
        }
        // py/parse.c interns every name as it is read; py/qstr.c refuses more than 255 bytes.
        // (A name with stand-ins for non-ASCII bytes is longer as text than in bytes.)
        if tok.kind() == TokenKind::Name
            && tok.range().len() > TextSize::new(QSTR_MAX_LEN)
            && crate::lower::strlit::mp_bytes(&text[tok.range()]).len() > QSTR_MAX_LEN as usize
        {
            return Some(name_too_long());
        }
        if !matches!(
            tok.kind(),
            TokenKind::Int | TokenKind::Float | TokenKind::Complex | TokenKind::Unknown
        ) {
            continue;
        }
        let start = number_start(bytes, tok);
        let Some(&first) = bytes.get(start) else {
            continue;
        };
        let starts_number = first.is_ascii_digit()
            || (first == b'.' && bytes.get(start + 1).is_some_and(|c| c.is_ascii_digit()));
        if !starts_number {
            continue;
        }
        // The common case, a plain decimal integer, is always valid: no lexeme copy.
        let rest = bytes.get(start..).unwrap_or_default();
        let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
        let ends = !rest
            .get(digits)
            .is_some_and(|&c| c.is_ascii_alphanumeric() || c == b'.' || c == b'_');
        if ends && (first != b'0' || digits == 1) {
            continue;
        }
        let (lexeme, is_int, _) = mp_number_lexeme(rest);
        if let Some(m) = number_error_message(&lexeme, is_int) {
            let e = CompileError::syntax(m).at_line(lines.line(tok.start()));
            return Some(e.at_offset(tok.start()));
        }
    }
    None
}

/// The number token MicroPython's lexer reads at the start of `b` (underscores dropped, an
/// exponent's `E` as `e`), and whether it is an integer token. Borrowed from `b` when nothing
/// had to be dropped or changed.
fn mp_number_lexeme(b: &[u8]) -> (std::borrow::Cow<'_, str>, bool, usize) {
    let Some(&first) = b.first() else {
        return (std::borrow::Cow::Borrowed(""), true, 0);
    };
    let mut is_int = first != b'.';
    let forced_int = first == b'0'
        && b.get(1)
            .is_some_and(|c| matches!(c, b'x' | b'X' | b'o' | b'O' | b'b' | b'B'));
    let mut i = 1;
    while let Some(&c) = b.get(i) {
        if !forced_int && (c == b'e' || c == b'E') {
            is_int = false;
            i += 1;
            if let Some(b'+' | b'-') = b.get(i) {
                i += 1;
            }
        } else if c.is_ascii_alphanumeric() || c == b'.' {
            if matches!(c, b'.' | b'j' | b'J') {
                is_int = false;
            }
            i += 1;
        } else if c == b'_' {
            i += 1;
        } else {
            break;
        }
    }
    // Every byte taken is ASCII.
    let taken = b.get(..i).unwrap_or_default();
    let exponent_e = |c: u8| !forced_int && c == b'E';
    let lexeme = if taken.iter().any(|&c| c == b'_' || exponent_e(c)) {
        std::borrow::Cow::Owned(
            taken
                .iter()
                .filter(|&&c| c != b'_')
                .map(|&c| if exponent_e(c) { 'e' } else { char::from(c) })
                .collect(),
        )
    } else {
        std::borrow::Cow::Borrowed(std::str::from_utf8(taken).unwrap_or_default())
    };
    (lexeme, is_int, i)
}

/// MicroPython's lexer skips `_` anywhere in a number (`1__0`, `1_`); ruff splits such a number.
/// Rewrite each valid one as its digits padded with spaces to the same length (offsets and the
/// value stay the same). `None` if there is nothing to rewrite.
fn fix_number_underscores(text: &str, tokens: &ruff_python_ast::token::Tokens) -> Option<String> {
    use ruff_python_ast::token::TokenKind;
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    for tok in tokens.iter() {
        if !matches!(
            tok.kind(),
            TokenKind::Int | TokenKind::Float | TokenKind::Complex | TokenKind::Unknown
        ) {
            continue;
        }
        let start = number_start(bytes, tok);
        if !bytes
            .get(start)
            .is_some_and(|c| c.is_ascii_digit() || *c == b'.')
        {
            continue;
        }
        let (lexeme, is_int, len) = mp_number_lexeme(bytes.get(start..)?);
        let extent = bytes.get(start..start + len)?;
        if (start + len <= tok.end().to_usize() && tok.kind() != TokenKind::Unknown)
            || !extent.contains(&b'_')
            || number_error_message(&lexeme, is_int).is_some()
        {
            continue;
        }
        let buf = out.get_or_insert_with(|| bytes.to_vec());
        let mut new = lexeme.as_bytes().to_vec();
        new.resize(len, b' ');
        buf.get_mut(start..start + len)?.copy_from_slice(&new);
    }
    out.and_then(|b| String::from_utf8(b).ok())
}

/// The error MicroPython's number parser gives for a lexeme, if any.
fn number_error_message(lexeme: &str, is_int: bool) -> Option<String> {
    if is_int {
        let base = match lexeme.as_bytes() {
            [b'0', b'x' | b'X', ..] => 16,
            [b'0', b'o' | b'O', ..] => 8,
            [b'0', b'b' | b'B', ..] => 2,
            _ => {
                let all_digits = lexeme.bytes().all(|c| c.is_ascii_digit());
                if all_digits && (!lexeme.starts_with('0') || lexeme.bytes().all(|c| c == b'0')) {
                    return None;
                }
                let base = if lexeme.starts_with('0') { 0 } else { 10 };
                return Some(format!(
                    "invalid syntax for integer with base {base}: '{lexeme}'"
                ));
            }
        };
        let digits = lexeme.get(2..).unwrap_or("");
        let ok = !digits.is_empty() && digits.chars().all(|c| c.is_digit(base));
        return (!ok).then(|| format!("invalid syntax for integer with base {base}: '{digits}'"));
    }
    let body = lexeme.strip_suffix(['j', 'J']).unwrap_or(lexeme);
    let (mantissa, exp) = match body.find('e') {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let mant_ok = mantissa.bytes().filter(|c| *c == b'.').count() <= 1
        && mantissa.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        && mantissa.bytes().any(|c| c.is_ascii_digit());
    let exp_ok = match exp {
        None => true,
        Some(e) => {
            let e = e.strip_prefix(['+', '-']).unwrap_or(e);
            !e.is_empty() && e.bytes().all(|c| c.is_ascii_digit())
        }
    };
    (!(mant_ok && exp_ok)).then(|| "invalid syntax for number".to_string())
}

/// Stand-ins (same UTF-8 length) for soft keywords that ruff misreads as a compound statement
/// after `;` (`x = 1; match = 2`), which MicroPython reads as plain names. Lowering maps them
/// back with [`soft_keyword_original`].
const SOFT_KEYWORDS: [(&str, &str); 3] = [
    ("match", "\u{df}tch"),
    ("case", "\u{df}se"),
    ("type", "\u{df}pe"),
];

/// The soft keyword a stand-in name replaced, if it is one.
pub(crate) fn soft_keyword_original(name: &str) -> Option<&'static str> {
    SOFT_KEYWORDS
        .iter()
        .find(|(_, s)| *s == name)
        .map(|(k, _)| *k)
}

/// Replace soft keywords that ruff rejects after `;` with stand-ins; returns the text to parse.
fn fix_soft_keywords(text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..1000 {
        let parsed = ruff_python_parser::parse_unchecked(&text, ParseOptions::from(Mode::Module));
        let mut fixed = false;
        for e in parsed.errors() {
            if !matches!(
                e.error,
                ParseErrorType::SimpleAndCompoundStatementOnSameLine
            ) {
                continue;
            }
            let at = e.range().start().to_usize();
            for (kw, stand_in) in SOFT_KEYWORDS {
                let follows = text.as_bytes().get(at + kw.len()).copied();
                if text.get(at..at + kw.len()) == Some(kw)
                    && !follows.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80)
                {
                    text.replace_range(at..at + kw.len(), stand_in);
                    fixed = true;
                    break;
                }
            }
            if fixed {
                break;
            }
        }
        if !fixed {
            break;
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_for_every_line_end() {
        for (src, starts) in [
            ("", vec![0]),
            ("a\nb", vec![0, 2]),
            ("a\r\nb\rc\n", vec![0, 3, 5, 7]),
            ("\r\r\n\n\r", vec![0, 1, 3, 4, 5]),
        ] {
            assert_eq!(LineIndex::new(src).starts, starts, "{src:?}");
        }
    }

    #[test]
    fn lines_in_any_order() {
        let src = "a\nbb\n\nccc\nd";
        let index = LineIndex::new(src);
        let want = |off: usize| 1 + src[..off].matches('\n').count() as u32;
        let offsets: Vec<usize> = (0..=src.len()).chain((0..=src.len()).rev()).collect();
        for off in offsets.iter().chain([7, 0, 11, 3, 3, 9, 1].iter()) {
            assert_eq!(index.line(TextSize::new(*off as u32)), want(*off), "{off}");
        }
    }
}
