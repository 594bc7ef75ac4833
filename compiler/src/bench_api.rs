//! Thin wrappers over the compiler's stages ([`crate::pipeline`]), for the stage benchmark
//! (`compiler/benches/stages.rs`) only: not a stable API. Chaining the four gives exactly the
//! bytes of [`crate::compile`] (checked by the benchmark).

use crate::{compile, pipeline, CompileError, Options};

/// A parsed source (ruff's tree, tokens and line index).
pub struct Parsed(crate::parse::Source);

/// A lowered module (the compiler's own AST, constants folded, qstrs decided).
pub struct Lowered(crate::ast::Module);

/// Generated raw codes and tables, ready to be written.
pub struct Generated(compile::Compiled);

/// Stage 1: newline normalisation and parsing.
pub fn parse(source: &[u8]) -> Result<Parsed, CompileError> {
    pipeline::parse(source).map(Parsed)
}

/// Stage 2: lowering (MicroPython's parser rewrites, constant folding, qstr decisions).
pub fn lower(parsed: &Parsed, input_path: &str, opts: &Options) -> Result<Lowered, CompileError> {
    pipeline::lower(&parsed.0, input_path, opts).map(Lowered)
}

/// Stage 3: scope analysis and code generation.
pub fn codegen(module: &Lowered, opts: &Options) -> Result<Generated, CompileError> {
    pipeline::codegen(&module.0, opts).map(Generated)
}

/// Stage 4: the .mpy bytes.
pub fn write(generated: &Generated, opts: &Options) -> Result<Vec<u8>, CompileError> {
    pipeline::write(&generated.0, opts)
}
