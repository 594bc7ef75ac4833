//! `--rich-errors` (mpyc only): what follows the reference's exact traceback text to make a
//! compile error readable: the offending source line with a caret under the column and, where
//! the cause is certain, a one-line hint (for a `ViperTypeError`, the viper type rule behind it).
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
    let hint = e.hint.or_else(|| match e.exc {
        "ViperTypeError" => viper_hint(&e.msg),
        _ => hint_for_message(&e.msg),
    });
    if let Some(hint) = hint {
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

/// Hints for the viper emitter's type errors: the rule behind each message. The messages carry
/// type and local names (`%q` in the templates), so they are matched against the templates.
fn viper_hint(m: &str) -> Option<&'static str> {
    use crate::error::native_msg as M;
    let rules: [(&str, &'static str); 13] = [
        (
            M::USED_BEFORE_TYPE,
            "a viper local takes its type from its first assignment: assign it before this use",
        ),
        (
            M::LOCAL_TYPE,
            "a viper local keeps the type of its first assignment: cast the value (int(x), \
             uint(x), object(x), ptr8(x)...) or use another local",
        ),
        (
            M::IMPLICIT_BOOL,
            "viper tests only int, uint, bool and object values for truth: compare explicitly \
             (x != 0)",
        ),
        (
            M::UNARY_OP,
            "this unary operator is not defined for the native type: cast to int() or object()",
        ),
        (
            M::BINARY_OP,
            "viper operators need both sides of one native type (int with int, uint with uint) \
             or objects: cast one side",
        ),
        (
            M::DIVMOD_UINT,
            "viper has no uint / and %: cast to int() or object() first",
        ),
        (
            M::CMP_INT_UINT,
            "cast one side so that both are int or both are uint",
        ),
        (
            M::RETURN_TYPE,
            "the return annotation fixes the returned type: cast the value or change the \
             annotation",
        ),
        (
            M::LOAD_FROM,
            "viper indexes only ptr, ptr8, ptr16 and ptr32 values and objects: cast the base \
             (ptr8(buf))",
        ),
        (
            M::STORE_TO,
            "viper stores through ptr, ptr8, ptr16 and ptr32 values and objects: cast the base \
             (ptr8(buf))",
        ),
        (
            M::LOAD_INDEX,
            "a pointer's index must be an int or a uint: cast it with int()",
        ),
        (
            M::STORE_INDEX,
            "a pointer's index must be an int or a uint: cast it with int()",
        ),
        (
            M::UNKNOWN_TYPE,
            "viper annotations are int, uint, bool, object, ptr, ptr8, ptr16 and ptr32",
        ),
    ];
    rules
        .iter()
        .find(|(template, _)| matches_template(m, template))
        .map(|&(_, hint)| hint)
}

/// Whether `m` is `template` with each `%q` replaced by some text.
fn matches_template(m: &str, template: &str) -> bool {
    let mut parts = template.split("%q");
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = m.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    if parts.is_empty() {
        return rest.is_empty();
    }
    for (i, part) in parts.iter().enumerate() {
        if i + 1 == parts.len() {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    true
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

    #[test]
    fn viper_messages_are_matched_against_their_templates() {
        assert!(matches_template(
            "local 'x' has type 'int' but source is 'object'",
            crate::error::native_msg::LOCAL_TYPE
        ));
        assert!(!matches_template(
            "local 'x' has type 'int'",
            crate::error::native_msg::LOCAL_TYPE
        ));
        assert!(matches_template("casting", "casting"));
        assert!(!matches_template("casting!", "casting"));
        let hint = viper_hint("can't do binary op between 'int' and 'uint'").unwrap();
        assert!(hint.contains("cast one side"));
        assert_eq!(viper_hint("native yield"), None);
        let e = CompileError::new("ViperTypeError", "div/mod not implemented for uint");
        assert!(render(&e, b"").starts_with("hint: viper has no uint"));
        // The same text raised as another exception gets no viper hint.
        let e = CompileError::new("SyntaxError", "div/mod not implemented for uint");
        assert_eq!(render(&e, b""), "");
    }
}
