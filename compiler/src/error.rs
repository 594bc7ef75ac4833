//! The one error type of every stage (lexer, parser, compiler, emitter, writer), printed exactly
//! as mpy-cross prints it (mpy-cross/main.c, py/compile.c `compile_error_set_line`).

use std::fmt;

/// A failed compile: what mpy-cross would print on stderr before exiting with status 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CompileError {
    /// Exception type name: `SyntaxError`, `IndentationError`, `NotImplementedError`, ...
    pub exc: &'static str,
    /// The message after `Type: `.
    pub msg: String,
    /// File shown in the traceback line. `None` prints no traceback, only `Type: msg`.
    pub file: Option<String>,
    /// Line of the traceback; `None` while unknown (filled in by the caller that knows better).
    pub line: Option<u32>,
    /// Scope name (`<module>`, `f`, `<listcomp>`...) for compiler errors; parser errors have none.
    pub scope: Option<String>,
    /// Byte offset in the source (after newline normalisation) of what the error is about, where
    /// the stage that found it knows it (the parser and the lowering, from ruff's positions).
    /// Only `--rich-errors` shows it (see [`crate::diagnostic`]); mpy-cross reports lines only.
    pub offset: Option<u32>,
    /// A one-line hint for `--rich-errors`, set where the error is found and the cause is
    /// certain (a `match` statement, a non-constant `const()`); see [`crate::diagnostic`].
    pub hint: Option<&'static str>,
}

impl CompileError {
    /// A `SyntaxError` with the given message and no position yet.
    pub fn syntax(msg: impl Into<String>) -> Self {
        Self::new("SyntaxError", msg)
    }

    /// An error of the given type with no position yet.
    pub fn new(exc: &'static str, msg: impl Into<String>) -> Self {
        CompileError {
            exc,
            msg: msg.into(),
            file: None,
            line: None,
            scope: None,
            offset: None,
            hint: None,
        }
    }

    /// Set the line if none is set yet (inner positions win, as in compile.c).
    pub fn at_line(mut self, line: u32) -> Self {
        if self.line.is_none() {
            self.line = Some(line);
        }
        self
    }
}

impl CompileError {
    /// Set the source offset if none is set yet (inner positions win, as for lines).
    pub fn at_offset(mut self, offset: impl Into<u32>) -> Self {
        if self.offset.is_none() {
            self.offset = Some(offset.into());
        }
        self
    }

    /// Attach a `--rich-errors` hint.
    pub fn with_hint(mut self, hint: &'static str) -> Self {
        self.hint = Some(hint);
        self
    }

    /// The text the `flavour`'s mpy-cross prints on stderr. CircuitPython's prints the lines
    /// that come from translated messages (`Traceback (most recent call last):` and
    /// `, in <scope>`) with `\r\n`, the rest as MicroPython's does.
    pub fn report(&self, flavour: mpy_format::mpy::Flavour) -> String {
        let text = self.to_string();
        if flavour != mpy_format::mpy::Flavour::CircuitPython || self.file.is_none() {
            return text;
        }
        let mut out = String::with_capacity(text.len() + 2);
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let translated = i == 0 || (i == 1 && self.scope.is_some());
            match line.strip_suffix('\n') {
                Some(body) if translated => {
                    out.push_str(body);
                    out.push_str("\r\n");
                }
                _ => out.push_str(line),
            }
        }
        out
    }
}

/// The first line of a traceback.
const TRACEBACK_LINE: &str = "Traceback (most recent call last):\n";

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            f.write_str(TRACEBACK_LINE)?;
            write!(f, "  File \"{}\", line {}", file, self.line.unwrap_or(1))?;
            if let Some(scope) = &self.scope {
                write!(f, ", in {scope}")?;
            }
            writeln!(f)?;
        }
        writeln!(f, "{}: {}", self.exc, self.msg)
    }
}

impl std::error::Error for CompileError {}

/// Message texts, verbatim from the reference (py/compile.c, py/parse.c, py/lexer.c).
pub(crate) mod msg {
    pub const INVALID_SYNTAX: &str = "invalid syntax";
    pub const UNEXPECTED_INDENT: &str = "unexpected indent";
    pub const UNINDENT_MISMATCH: &str = "unindent doesn't match any outer indent level";
    pub const NOT_A_CONSTANT: &str = "not a constant";
    pub const CANT_ASSIGN_EXPR: &str = "can't assign to expression";
    pub const CANT_DELETE_EXPR: &str = "can't delete expression";
    pub const STAR_MUST_BE_TARGET: &str = "*x must be assignment target";
    pub const MULTIPLE_STAR: &str = "multiple *x in assignment";
    pub const STAR_AFTER_DSTAR: &str = "* arg after **";
    pub const STAR_AFTER_KW: &str = "* arg after kwarg";
    pub const POS_AFTER_DSTAR: &str = "positional arg after **";
    pub const POS_AFTER_KW: &str = "positional arg after keyword arg";
    pub const KW_LHS: &str = "LHS of keyword arg must be an id";
    pub const TOO_MANY_ARGS: &str = "too many args";
    pub const NON_DEFAULT_AFTER_DEFAULT: &str = "non-default argument follows default argument";
    pub const ARG_NAME_REUSED: &str = "argument name reused";
    pub const RETURN_OUTSIDE: &str = "'return' outside function";
    pub const YIELD_OUTSIDE: &str = "'yield' outside function";
    pub const AWAIT_OUTSIDE: &str = "'await' outside function";
    /// CircuitPython only.
    pub const YIELD_FROM_IN_ASYNC: &str = "'yield from' inside async function";
    pub const ASYNC_OUTSIDE: &str = "async for/with outside async function";
    pub const BREAK_CONTINUE_OUTSIDE: &str = "'break'/'continue' outside loop";
    pub const REDEFINED_GLOBAL: &str = "identifier redefined as global";
    pub const REDEFINED_NONLOCAL: &str = "identifier redefined as nonlocal";
    pub const NONLOCAL_AT_MODULE: &str = "can't declare nonlocal in outer code";
    pub const NO_BINDING_NONLOCAL: &str = "no binding for nonlocal found";
    pub const DEFAULT_EXCEPT_LAST: &str = "default 'except' must be last";
    pub const IMPORT_STAR_NOT_MODULE: &str = "import * not at module level";
    pub const SUPER_NO_SELF: &str = "super() can't find self";
    pub const EXPECT_KEY_VALUE: &str = "expecting key:value for dict";
    pub const EXPECT_VALUE: &str = "expecting just a value for set";
    pub const INVALID_ARCH: &str = "invalid arch";
    pub const INVALID_MP_DECORATOR: &str = "invalid micropython decorator";
    pub const ANNOTATION_MUST_BE_IDENT: &str = "annotation must be an identifier";
    pub const MALFORMED_FSTRING: &str = "malformed f-string";
    pub const BYTECODE_OVERFLOW: &str = "bytecode overflow";
    pub const UNICODE_NAME_ESCAPES: &str = "unicode name escapes";
    // The inline assembler (py/compile.c `compile_scope_inline_asm`, py/emitinlinethumb.c).
    pub const ASM_TOO_MANY_PARAMS: &str = "can only have up to 4 parameters to Thumb assembly";
    pub const ASM_PARAM_REGS: &str = "parameters must be registers in sequence r0 to r3";
    pub const ASM_RETURN_NOT_ID: &str = "return annotation must be an identifier";
    pub const ASM_UNKNOWN_TYPE: &str = "unknown type";
    pub const ASM_NOT_INSTRUCTION: &str = "expecting an assembler instruction";
    pub const ASM_LABEL_ARG: &str = "'label' requires 1 argument";
    pub const ASM_LABEL_REDEFINED: &str = "label redefined";
    pub const ASM_ALIGN_ARG: &str = "'align' requires 1 argument";
    pub const ASM_DATA_ARGS: &str = "'data' requires at least 2 arguments";
    pub const ASM_DATA_INT: &str = "'data' requires integer arguments";
    pub const ASM_BRANCH_RANGE: &str = "branch not in range";
    pub const ASM_NOT_FUNCTION: &str = "inline assembler must be a function";
}

/// Viper and native-emitter messages (py/emitnative.c, py/compile.c), verbatim with the
/// reference's `%q` placeholders, filled in order by [`fill`].
pub(crate) mod native_msg {
    pub const USED_BEFORE_TYPE: &str = "local '%q' used before type known";
    pub const LOCAL_TYPE: &str = "local '%q' has type '%q' but source is '%q'";
    pub const IMPLICIT_BOOL: &str = "can't implicitly convert '%q' to 'bool'";
    pub const NOT_NOT_IMPLEMENTED: &str = "'not' not implemented";
    pub const UNARY_OP: &str = "can't do unary op of '%q'";
    pub const BINARY_OP: &str = "can't do binary op between '%q' and '%q'";
    /// mpy-cross has no operator names: `%q` is always empty.
    pub const BINARY_OP_NOT_IMPLEMENTED: &str = "binary op  not implemented";
    pub const DIVMOD_UINT: &str = "div/mod not implemented for uint";
    pub const CMP_INT_UINT: &str = "comparison of int and uint";
    pub const RETURN_TYPE: &str = "return expected '%q' but got '%q'";
    pub const MUST_RAISE_OBJECT: &str = "must raise an object";
    pub const LOAD_FROM: &str = "can't load from '%q'";
    pub const LOAD_INDEX: &str = "can't load with '%q' index";
    pub const STORE: &str = "can't store '%q'";
    pub const STORE_TO: &str = "can't store to '%q'";
    pub const STORE_INDEX: &str = "can't store with '%q' index";
    pub const UNKNOWN_TYPE: &str = "unknown type '%q'";
    // NotImplementedError (abort at once, no traceback)
    pub const NATIVE_RAISE: &str = "native raise";
    pub const NATIVE_YIELD: &str = "native yield";
    pub const CONVERSION_TO_OBJECT: &str = "conversion to object";
    pub const CASTING: &str = "casting";
}

/// Fill the `%q` placeholders of `template` with `args`, in order.
pub(crate) fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut parts = template.split("%q");
    if let Some(first) = parts.next() {
        out.push_str(first);
    }
    for (i, part) in parts.enumerate() {
        out.push_str(args.get(i).copied().unwrap_or(""));
        out.push_str(part);
    }
    out
}

/// `--rich-errors` hints set where the error is found (mpyc's own words, not the reference's).
pub(crate) mod hint {
    pub const CONST_NOT_CONSTANT: &str = "const() needs a constant expression: numbers, strings, \
        bytes, names defined earlier with const(), and operators on them";
    pub const MATCH: &str = "`match` is not supported by MicroPython 1.29: use if/elif";
    pub const TYPE_ALIAS: &str =
        "`type` aliases are not supported by MicroPython 1.29: assign the type to a name";
    pub const EXCEPT_STAR: &str = "`except*` is not supported by MicroPython 1.29";
    pub const POSONLY: &str =
        "positional-only parameters (`/`) are not supported by MicroPython 1.29";
}

/// Errors travel boxed through the recursive passes (a `Result` the size of a whole error
/// would sit in every frame of every level of nesting), and are unboxed where they leave.
impl From<Box<CompileError>> for CompileError {
    fn from(e: Box<CompileError>) -> Self {
        *e
    }
}
