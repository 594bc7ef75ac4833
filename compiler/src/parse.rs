//! Parsing: ruff's Python parser (rustpython-ruff_python_parser) plus a byte-offset → line index,
//! and the mapping of ruff's syntax errors onto MicroPython's (py/parse.c, py/lexer.c).
//!
//! MicroPython's parser reports almost every error as `SyntaxError: invalid syntax` at the line of
//! the offending token; some constructs that ruff rejects while parsing are only rejected by
//! MicroPython's *compiler* (with a scope name and a different message), so those ruff errors
//! are let through here and reported by [`crate::compile`].

use crate::error::{msg, CompileError};
use ruff_python_ast::ModModule;
use ruff_python_parser::{Mode, ParseErrorType, ParseOptions, Parsed};
use ruff_text_size::{Ranged, TextSize};

/// Maps byte offsets to 1-based line numbers (`\n`, `\r\n` and lone `\r` end a line, as in
/// MicroPython's lexer).
pub(crate) struct LineIndex {
    starts: Vec<u32>,
}

impl LineIndex {
    pub(crate) fn new(src: &str) -> Self {
        let bytes = src.as_bytes();
        let mut starts = vec![0u32];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i as u32 + 1),
                b'\r' => {
                    if bytes.get(i + 1) == Some(&b'\n') {
                        i += 1;
                    }
                    starts.push(i as u32 + 1);
                }
                _ => {}
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// Line of a byte offset.
    pub(crate) fn line(&self, offset: TextSize) -> u32 {
        let off = u32::from(offset);
        match self.starts.binary_search(&off) {
            Ok(i) => i as u32 + 1,
            Err(i) => i as u32,
        }
    }

    /// Number of lines (the line of end of input).
    pub(crate) fn last_line(&self) -> u32 {
        self.starts.len() as u32
    }
}

/// The result of parsing: ruff's tree, its tokens, and the line index.
pub(crate) struct Source<'a> {
    pub(crate) text: &'a str,
    pub(crate) parsed: Parsed<ModModule>,
    pub(crate) lines: LineIndex,
}

/// Ruff errors that MicroPython's parser accepts and its compiler (or runtime) judges instead.
fn is_compiler_level(e: &ParseErrorType) -> bool {
    matches!(
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
            | ParseErrorType::InvalidYieldExpressionUsage
    )
}

/// Parse `text`; on failure return MicroPython's parser error (no scope; the caller sets the file).
pub(crate) fn parse(text: &str) -> Result<Source<'_>, CompileError> {
    let lines = LineIndex::new(text);
    let options = ParseOptions::from(Mode::Module);
    let parsed = ruff_python_parser::parse_unchecked(text, options);
    let parsed = match parsed.try_into_module() {
        Some(p) => p,
        None => return Err(CompileError::syntax(msg::INVALID_SYNTAX).at_line(1)),
    };
    if let Some(err) = parsed
        .errors()
        .iter()
        .find(|e| !is_compiler_level(&e.error))
    {
        return Err(map_parse_error(
            text,
            &lines,
            &err.error,
            err.range().start(),
        ));
    }
    Ok(Source {
        text,
        parsed,
        lines,
    })
}

fn map_parse_error(
    text: &str,
    lines: &LineIndex,
    e: &ParseErrorType,
    at: TextSize,
) -> CompileError {
    let line = lines.line(at);
    let message = e.to_string();
    if matches!(e, ParseErrorType::UnexpectedIndentation) {
        return CompileError::new("IndentationError", msg::UNEXPECTED_INDENT).at_line(line);
    }
    if message.contains("unindent does not match") || message.contains("unindent doesn't match") {
        // MicroPython's DEDENT token carries the line of the preceding line.
        let mut l = line.saturating_sub(1).max(1);
        let text_lines: Vec<&str> = text.lines().collect();
        while l > 1
            && text_lines
                .get(l as usize - 1)
                .is_some_and(|s| s.trim().is_empty())
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
