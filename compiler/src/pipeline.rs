//! The compile pipeline, stage by stage, defined once for [`crate::compile`] and the stage
//! benchmark ([`crate::bench_api`]). The stages mirror mpy-cross: `mp_lexer_new` + `mp_parse`
//! ([`parse`]), the parser-level rewrites and scope-free lowering ([`lower`]),
//! `mp_compile_to_raw_code` ([`codegen`]) and `mp_raw_code_save` ([`write`]).

use crate::compile::{self, Compiled};
use crate::{ast, lower, mpy_write, parse, CompileError, Flavour, Options};

/// Stage 1: newline normalisation (MicroPython's lexer turns CR and CRLF into LF before
/// anything else) and parsing. Bytes that are not UTF-8 are carried as stand-ins (see
/// `lower::strlit`).
pub(crate) fn parse(source: &[u8]) -> Result<parse::Source, CompileError> {
    parse_flavoured(source, Flavour::MicroPython)
}

/// [`parse`] with the lexer of `flavour`'s mpy-cross (CircuitPython's reads f-strings as
/// MicroPython 1.27 did: see `parse::parse_with`).
pub(crate) fn parse_flavoured(
    source: &[u8],
    flavour: Flavour,
) -> Result<parse::Source, CompileError> {
    if crate::lower::strlit::has_stand_in(source) {
        return Err(stand_in_error());
    }
    parse::parse_with(source_text(source), flavour == Flavour::CircuitPython)
}

/// A source holding the characters used as stand-ins cannot be carried faithfully.
fn stand_in_error() -> CompileError {
    CompileError::new(
        "NotImplementedError",
        "source characters U+2A600 to U+2A67F or U+F0000 to U+F08FF",
    )
}

/// The text the parser reads (and `--rich-errors` shows): the bytes decoded with stand-ins for
/// those that are not UTF-8, CRLF and lone CR turned into LF as MicroPython's lexer reads them,
/// then the whitespace normalisation of `crate::whitespace`.
pub(crate) fn source_text(source: &[u8]) -> String {
    let text = crate::lower::strlit::decode_source(source);
    if text.contains('\r') {
        normalized(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        normalized(text.into_owned())
    }
}

/// [`source_text`] of source bytes it may take: valid UTF-8 without NUL becomes the text
/// without a copy (a big input is then held once, not twice).
fn source_text_owned(source: Vec<u8>) -> String {
    if source.contains(&0) {
        return source_text(&source);
    }
    match String::from_utf8(source) {
        Ok(text) if text.contains('\r') => source_text(text.as_bytes()),
        Ok(text) => normalized(text),
        Err(e) => source_text(e.as_bytes()),
    }
}

/// `text` after the whitespace normalisation of `crate::whitespace`.
fn normalized(text: String) -> String {
    crate::whitespace::normalize(&text).unwrap_or(text)
}

/// [`run`] on source bytes it may take (see [`source_text_owned`]).
pub(crate) fn run_owned(
    source: Vec<u8>,
    input_path: &str,
    opts: &Options,
) -> Result<Vec<u8>, CompileError> {
    if crate::lower::strlit::has_stand_in(&source) {
        return Err(stand_in_error());
    }
    let lexer_1_27 = opts.flavour == Flavour::CircuitPython;
    let src = parse::parse_with(source_text_owned(source), lexer_1_27)?;
    run_parsed(src, input_path, opts)
}

/// [`run`] of a source read in outlined chunks (see `crate::outline`): each chunk parsed on
/// its own, the chunks lowered as one file. `None` if the parser found anything wrong in a
/// chunk: how it recovers, and so which error comes first, depends on the text around, so a
/// file with a syntax error is compiled whole for its exact error.
pub(crate) fn run_outlined(
    chunks: Vec<crate::outline::Chunk>,
    input_path: &str,
    opts: &Options,
) -> Option<Result<Vec<u8>, CompileError>> {
    if chunks
        .iter()
        .any(|c| crate::lower::strlit::has_stand_in(&c.text))
    {
        return None;
    }
    let lexer_1_27 = opts.flavour == Flavour::CircuitPython;
    let mut sources = Vec::with_capacity(chunks.len());
    for c in chunks {
        let text = source_text_owned(c.text);
        let mut src = parse::parse_chunk(text, lexer_1_27, c.first_line, &c.skips).ok()?;
        if !src.errors.is_empty() {
            return None;
        }
        shrink_blocks(src.body.get_mut());
        src.children = c.children;
        sources.push(src);
    }
    Some(lower_chunks(&sources, input_path, opts).and_then(|module| {
        drop(sources);
        let compiled = codegen(&module, opts)?;
        drop(module);
        write(&compiled, opts)
    }))
}

/// Give back the room ruff's blocks (and lists of `with` items, `except` clauses, `elif`s)
/// have beyond their contents: a block of one statement holds four (512 bytes), which every
/// level of a deeply nested file keeps until it is lowered. (A chunk nests at most `outline::DEPTH` blocks, so the recursion is shallow.)
fn shrink_blocks(body: &mut Vec<ruff_python_ast::Stmt>) {
    use ruff_python_ast::{ExceptHandler, Stmt};
    body.shrink_to_fit();
    for s in body.iter_mut() {
        match s {
            Stmt::If(i) => {
                shrink_blocks(&mut i.body);
                i.elif_else_clauses.shrink_to_fit();
                for clause in &mut i.elif_else_clauses {
                    shrink_blocks(&mut clause.body);
                }
            }
            Stmt::For(f) => {
                shrink_blocks(&mut f.body);
                shrink_blocks(&mut f.orelse);
            }
            Stmt::While(w) => {
                shrink_blocks(&mut w.body);
                shrink_blocks(&mut w.orelse);
            }
            Stmt::With(w) => {
                w.items.shrink_to_fit();
                shrink_blocks(&mut w.body);
            }
            Stmt::Try(t) => {
                shrink_blocks(&mut t.body);
                t.handlers.shrink_to_fit();
                for ExceptHandler::ExceptHandler(h) in &mut t.handlers {
                    shrink_blocks(&mut h.body);
                }
                shrink_blocks(&mut t.orelse);
                shrink_blocks(&mut t.finalbody);
            }
            Stmt::FunctionDef(f) => shrink_blocks(&mut f.body),
            Stmt::ClassDef(c) => shrink_blocks(&mut c.body),
            _ => {}
        }
    }
}

/// Stage 2: lowering (MicroPython's parser rewrites, constant folding, qstr decisions). The
/// input path and the source name are interned first, as mpy-cross does.
pub(crate) fn lower(
    src: &parse::Source,
    input_path: &str,
    opts: &Options,
) -> Result<ast::Module, CompileError> {
    lower_chunks(std::slice::from_ref(src), input_path, opts)
}

/// [`lower`] of a file's texts: the whole file, or its outlined chunks.
fn lower_chunks(
    src: &[parse::Source],
    input_path: &str,
    opts: &Options,
) -> Result<ast::Module, CompileError> {
    let pre = [input_path, opts.source_name.as_str()];
    let lopts = lower::LowerOptions {
        small_int_bits: opts.small_int_bits,
        opt_level: opts.opt_level,
        preinterned: &pre,
        flavour: opts.flavour,
    };
    lower::lower(src, &lopts)
}

/// Stage 3: scope analysis and code generation.
pub(crate) fn codegen(module: &ast::Module, opts: &Options) -> Result<Compiled, CompileError> {
    let copts = compile::CompileOptions {
        opt_level: opts.opt_level,
        small_int_bits: opts.small_int_bits,
        source_lines: opts.source_lines,
        arch: opts.arch,
        flavour: opts.flavour,
        emit: opts.emit,
    };
    if opts.flavour == Flavour::CircuitPython && opts.emit != crate::EmitKind::Bytecode {
        return Err(circuitpython_native());
    }
    compile::compile_module(module, &opts.source_name, &copts)
}

/// CircuitPython's native code differs from MicroPython's (its scope flags above GENERATOR
/// sit one bit higher, async functions carry ASYNC): not written yet, refused rather than wrong.
pub(crate) fn circuitpython_native() -> CompileError {
    CompileError::new(
        "NotImplementedError",
        "native code in CircuitPython's .mpy is not supported yet",
    )
}

/// Stage 4: the .mpy bytes.
pub(crate) fn write(compiled: &Compiled, opts: &Options) -> Result<Vec<u8>, CompileError> {
    mpy_write::write(compiled, opts.small_int_bits, opts.arch, opts.flavour)
}

/// All four stages, each stage's input freed as soon as the next has consumed it (peak memory).
pub(crate) fn run(
    source: &[u8],
    input_path: &str,
    opts: &Options,
) -> Result<Vec<u8>, CompileError> {
    run_parsed(parse_flavoured(source, opts.flavour)?, input_path, opts)
}

/// Stages 2 to 4 of [`run`].
fn run_parsed(
    src: parse::Source,
    input_path: &str,
    opts: &Options,
) -> Result<Vec<u8>, CompileError> {
    let module = lower(&src, input_path, opts)?;
    drop(src);
    let compiled = codegen(&module, opts)?;
    drop(module);
    write(&compiled, opts)
}
