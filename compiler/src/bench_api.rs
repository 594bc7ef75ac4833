//! Thin wrappers over the compiler's internal stages, for the stage benchmark
//! (`compiler/benches/stages.rs`) only: not a stable API. The stages are those of
//! `compile_inner` in lib.rs, which mirrors mpy-cross's `mp_lexer_new` + `mp_parse` (parse),
//! the parser-level rewrites and scope-free lowering (lower), `mp_compile_to_raw_code`
//! (codegen) and `mp_raw_code_save` (write). Chaining the four gives exactly the bytes of
//! [`crate::compile`] (checked by the benchmark).

use crate::{compile, lower, mpy_write, parse, CompileError, Options};

/// A parsed source (ruff's tree, tokens and line index).
pub struct Parsed(parse::Source);

/// A lowered module (the compiler's own AST, constants folded, qstrs decided).
pub struct Lowered(crate::ast::Module);

/// Generated raw codes and tables, ready to be written.
pub struct Generated(compile::Compiled);

/// Stage 1: newline normalisation and parsing.
pub fn parse(source: &[u8]) -> Result<Parsed, CompileError> {
    let text = std::str::from_utf8(source)
        .map_err(|_| CompileError::syntax("invalid syntax").at_line(1))?;
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    };
    parse::parse(&text).map(Parsed)
}

/// Stage 2: lowering (MicroPython's parser rewrites, constant folding, qstr decisions).
pub fn lower(parsed: &Parsed, input_path: &str, opts: &Options) -> Result<Lowered, CompileError> {
    let pre = [input_path, opts.source_name.as_str()];
    let lopts = lower::LowerOptions {
        small_int_bits: opts.small_int_bits,
        opt_level: opts.opt_level,
        preinterned: &pre,
        flavour: opts.flavour,
    };
    lower::lower(&parsed.0, &lopts).map(Lowered)
}

/// Stage 3: scope analysis and code generation.
pub fn codegen(module: &Lowered, opts: &Options) -> Result<Generated, CompileError> {
    let copts = compile::CompileOptions {
        opt_level: opts.opt_level,
        small_int_bits: opts.small_int_bits,
        source_lines: opts.source_lines,
        arch: opts.arch,
        flavour: opts.flavour,
    };
    compile::compile_module(&module.0, &opts.source_name, &copts).map(Generated)
}

/// Stage 4: the .mpy bytes.
pub fn write(generated: &Generated, opts: &Options) -> Vec<u8> {
    mpy_write::write(&generated.0, opts.small_int_bits, opts.flavour)
}
