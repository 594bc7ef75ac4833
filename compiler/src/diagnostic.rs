//! `--rich-errors` (mpyc only): what follows the reference's exact traceback text to make a
//! compile error readable: the offending source line with a caret under the column and, where
//! the cause is certain, a one-line hint.
//!
//! ```text
//! Traceback (most recent call last):          <- CompileError's Display, byte-identical to
//!   File "t.py", line 3, in <module>             mpy-cross
//! SyntaxError: not a constant
//!    3 | X = const(y)                          <- render(): the line as it is in the source
//!      |           ^                              the caret, tabs kept so that it lines up
//! hint: const() needs a constant expression: ...
//! ```
//!
//! The column comes from [`CompileError::offset`], the position the parser or the lowering
//! found the error at (ruff's positions), when it lies on the reported line. The code
//! generator's errors carry only the line MicroPython reports (its parse nodes have no column),
//! so for them the caret marks the start of the statement on that line.

use crate::error::{msg, CompileError};

/// The text `--rich-errors` prints after `e`'s traceback, for the source `source` that was
/// compiled (the raw bytes: decoded and normalised here as the parser reads them). Only the hint,
/// if any, when the error has no line.
pub fn render(e: &CompileError, source: &[u8]) -> String {
    let mut out = String::new();
    let text = crate::pipeline::source_text(source);
    if let Some(line_no) = e.line.filter(|&l| l > 0) {
        let Some((start, line)) = nth_line(&text, line_no) else {
            // Errors at the end of the input name the line after the last one.
            out.push_str(&format!("{line_no:>4} | <end of input>\n"));
            return finish(out, e);
        };
        let col = e
            .offset
            .and_then(|o| usize::try_from(o).ok())
            .filter(|&o| o >= start && o <= start + line.len())
            .map(|o| o - start)
            .unwrap_or_else(|| line.len() - line.trim_start().len());
        let gutter = line_no.to_string();
        let pad = " ".repeat(gutter.len());
        out.push_str(&format!("{gutter:>4} | {line}\n"));
        // The caret's indent copies the line's tabs so that it lines up in any terminal.
        let indent: String = line
            .get(..col)
            .unwrap_or(line)
            .chars()
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        out.push_str(&format!("{pad:>4} | {indent}^\n"));
    }
    finish(out, e)
}

/// `out` and the hint line, if any.
fn finish(mut out: String, e: &CompileError) -> String {
    if let Some(hint) = e.hint.or_else(|| hint_for_message(&e.msg)) {
        out.push_str(&format!("hint: {hint}\n"));
    }
    out
}

/// Line `n` (1-based) of `text` and the byte offset where it starts.
fn nth_line(text: &str, n: u32) -> Option<(usize, &str)> {
    let mut start = 0;
    for (i, line) in text.split('\n').enumerate() {
        if i + 1 == n as usize {
            // The last piece after a final newline is not a line.
            if line.is_empty() && start == text.len() {
                return None;
            }
            return Some((start, line));
        }
        start += line.len() + 1;
    }
    None
}

/// Hints that follow from the reference's message alone.
fn hint_for_message(m: &str) -> Option<&'static str> {
    Some(match m {
        msg::NOT_A_CONSTANT => crate::error::hint::CONST_NOT_CONSTANT,
        msg::INVALID_ARCH => {
            "@micropython.native, .viper and the inline assemblers need -march= with an arch \
             that has them"
        }
        msg::UNICODE_NAME_ESCAPES => {
            "MicroPython does not support \\N{...} escapes: write the character or a \\u escape"
        }
        msg::BYTECODE_OVERFLOW => "a jump is too long for the bytecode: split the function",
        msg::SUPER_NO_SELF => {
            "zero-argument super() needs the method's first parameter; pass it explicitly"
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(nth_line("a\nbc\n", 1), Some((0, "a")));
        assert_eq!(nth_line("a\nbc\n", 2), Some((2, "bc")));
        assert_eq!(nth_line("a\nbc\n", 3), None);
        assert_eq!(nth_line("a\nbc", 2), Some((2, "bc")));
        assert_eq!(nth_line("", 1), None);
    }

    #[test]
    fn caret_under_the_offset_or_the_statement() {
        // Offsets are in the text the parser reads: indentation tabs become spaces (columns
        // of 8), other tabs stay and the caret's indent copies them.
        let e = CompileError::syntax("invalid syntax")
            .at_line(2)
            .at_offset(19u32);
        assert_eq!(
            render(&e, b"x = 1\n\tif x\ty:\n"),
            "   2 |         if x\ty:\n     |             \t^\n"
        );
        // An offset on another line: the start of the statement.
        let e = CompileError::syntax("invalid syntax")
            .at_line(2)
            .at_offset(0u32);
        assert_eq!(render(&e, b"x = 1\n  y(\n"), "   2 |   y(\n     |   ^\n");
        // CRLF sources are normalised as the compiler does.
        let e = CompileError::syntax("invalid syntax")
            .at_line(2)
            .at_offset(10u32);
        assert_eq!(
            render(&e, b"x = 1\r\ny = )\r\n"),
            "   2 | y = )\n     |     ^\n"
        );
        // The line after the last one (errors at end of input).
        let e = CompileError::syntax("invalid syntax").at_line(3);
        assert_eq!(render(&e, b"x = 1\nf(\n"), "   3 | <end of input>\n");
        // No line: nothing but the hint.
        let e = CompileError::syntax(msg::NOT_A_CONSTANT);
        assert!(render(&e, b"").starts_with("hint: const()"));
    }
}
