//! The inline assembler for `@micropython.asm_thumb` (py/emitinlinethumb.c and
//! `compile_scope_inline_asm` of py/compile.c): a function whose body is a list of
//! instruction calls becomes a kind-3 raw code of Thumb machine code.
//!
//! Passes: SCOPE (shape checks only), CODE_SIZE (sizes, label offsets, operand errors), EMIT
//! (bytes; undefined labels and out-of-range branches). The code is framed by
//! `push {r1, r4-r7, lr}` ... `pop {r1, r4-r7, pc}` (`asm_thumb_entry(0)` / `exit`), and on
//! armv6 prefixed with the ARM-to-Thumb trampoline.
//!
//! Errors follow the reference's single error slot: statement-shape errors keep the first
//! message and the statement's line; instruction errors replace the message and take the line
//! of the call's `(`; an error found before the body (a non-identifier return annotation) is
//! reported at the first instruction that follows.

mod op;
mod operand;

use crate::ast::{Annotation, Arg, ExprKind, FuncBody, FuncDef, ParamKind, StmtKind, TrailerKind};
use crate::error::{msg, CompileError};
use mpy_format::arch::Arch;
use mpyc_targets::thumb::ThumbAsm;
use mpyc_targets::AsmPass;
use operand::Node;
use std::rc::Rc;

/// What the parent writes for an asm raw code besides the bytes (`mp_emit_glue_assign_native`
/// with `MP_CODE_NATIVE_ASM`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct AsmCode {
    pub(crate) code: Vec<u8>,
    /// Number of register parameters (0..=4).
    pub(crate) n_pos_args: u32,
    /// Return type: 0 object, 1 bool, 2 int, 3 uint.
    pub(crate) type_sig: u32,
}

/// Whether `a` has the Thumb inline assembler (armv6 .. armv7emdp).
pub(crate) fn is_thumb_arch(a: Arch) -> bool {
    a == Arch::Armv6 || a.is_thumb()
}

/// The assembler state of one asm scope (`emit_inline_asm_t`).
pub(crate) struct InlineThumb {
    asm: ThumbAsm,
    /// armv6: the ARM-to-Thumb trampoline before the prologue.
    arm_trampoline: bool,
    /// VFP instructions allowed (armv7emsp, armv7emdp).
    allow_float: bool,
    emit_pass: bool,
    /// Label names by label number (`label_lookup`).
    label_lookup: Vec<Option<Rc<str>>>,
    /// The error slot: message and line (`compile_error`, `compile_error_line`).
    error: Option<String>,
    error_line: Option<u32>,
    /// Bytes counted but not written (a `data()`/`align()` so large the reference fails to
    /// allocate the code in the emit pass); their sizes still add up as in the reference.
    skipped: u64,
}

/// Code bigger than this is reported as the reference's failed allocation instead of being
/// built (the reference allocates the whole code at once before the emit pass).
const MAX_CODE: u64 = 1 << 30;

/// The error slot outcome of a pass.
type PassResult = Result<(), CompileError>;

impl InlineThumb {
    fn new(a: Arch) -> Self {
        InlineThumb {
            asm: ThumbAsm::new(a.is_thumb() && a != Arch::Armv6m),
            arm_trampoline: a == Arch::Armv6,
            allow_float: matches!(a, Arch::Armv7emsp | Arch::Armv7emdp),
            emit_pass: false,
            label_lookup: Vec::new(),
            error: None,
            error_line: None,
            skipped: 0,
        }
    }

    /// An instruction error: replaces any message in the slot (`*emit->error_slot = ...`).
    pub(crate) fn err(&mut self, msg: String) {
        self.error = Some(msg);
    }

    /// `compile_syntax_error`: only the first error is kept, with the node's line if it has one.
    fn syntax_error(&mut self, msg: &str, line: u32) {
        if self.error.is_none() {
            self.error = Some(msg.to_string());
            self.error_line = (line > 0).then_some(line);
        }
    }

    fn take_error(&mut self) -> CompileError {
        let mut e = CompileError::syntax(self.error.take().unwrap_or_default());
        e.line = self.error_line.take();
        e
    }

    /// `emit_inline_thumb_start_pass` (for CODE_SIZE and EMIT).
    fn start_pass(&mut self, emit: bool, num_labels: usize) {
        self.emit_pass = emit;
        if !emit {
            self.label_lookup = vec![None; num_labels];
        }
        let pass = if emit {
            AsmPass::Emit
        } else {
            AsmPass::Compute
        };
        mpyc_targets::Assembler::start_pass(&mut self.asm, pass, num_labels);
        if self.arm_trampoline {
            // push {r4, lr}; add lr, pc, #9; blx lr; pop {r4, lr}; bx lr (ARM encodings).
            for [lo, hi] in [
                [0x4010, 0xe92d],
                [0xe009, 0xe28f],
                [0xff3e, 0xe12f],
                [0x4010, 0xe8bd],
                [0xff1e, 0xe12f],
            ] {
                self.asm.op32([lo, hi]);
            }
        }
        self.asm.entry(0);
    }

    /// `emit_inline_thumb_label`: false for a name already used (checked in CODE_SIZE only).
    fn label(&mut self, num: usize, name: &Rc<str>) -> bool {
        if !self.emit_pass && self.label_lookup.iter().flatten().any(|l| l == name) {
            return false;
        }
        if let Some(slot) = self.label_lookup.get_mut(num) {
            *slot = Some(name.clone());
        }
        self.asm.buffer_mut().label_assign(num as u32);
        true
    }

    /// The offset as the reference counts it (including skipped bytes).
    fn offset(&self) -> u64 {
        self.asm.buffer().offset() as u64 + self.skipped
    }

    /// Append `n` bytes made by `byte(i)`, or only count them when the code gets too big.
    fn put(&mut self, n: u64, byte: impl Fn(u64) -> u8) {
        if self.skipped > 0 || self.offset() + n > MAX_CODE {
            self.skipped += n;
        } else {
            let bytes: Vec<u8> = (0..n).map(byte).collect();
            self.asm.buffer_mut().write(&bytes);
        }
    }

    /// `mp_asm_base_data`: `value` little-endian in `size` bytes (`size` an `unsigned int`;
    /// zero beyond 8 bytes).
    fn data(&mut self, size: u64, value: u64) {
        let size = u64::from(size as u32);
        self.put(size, |i| value.checked_shr(8 * i as u32).unwrap_or(0) as u8);
    }

    /// `mp_asm_base_align`: `(offset + n - 1) & ~(n - 1)` with `n` an `unsigned int`, the gap
    /// filled with zero bytes.
    fn align(&mut self, n: u64) {
        // The sum is a `size_t` (so `n = 0` gives `offset - 1`), the mask an `unsigned int`.
        let n = n as u32;
        let mask = u64::from(n.wrapping_sub(1));
        let off = self.offset();
        let target = off.wrapping_add(u64::from(n)).wrapping_sub(1) & !mask;
        if target > off {
            self.put(target - off, |_| 0);
        } else if off - target <= self.skipped {
            // Rewinding (n = 0 or not a power of two): only counted sizes can be taken back;
            // written bytes stay (the reference would overwrite them).
            self.skipped -= off - target;
        }
    }
}

/// The return type of an asm function (`type_sig`).
fn type_sig(name: &str) -> Option<u32> {
    match name {
        "object" => Some(0),
        "bool" => Some(1),
        "int" => Some(2),
        "uint" => Some(3),
        _ => None,
    }
}

/// `emit_inline_thumb_count_params`.
fn count_params(f: &FuncDef) -> Result<u32, &'static str> {
    if f.params.len() > 4 {
        return Err(msg::ASM_TOO_MANY_PARAMS);
    }
    for (i, p) in f.params.iter().enumerate() {
        let plain = p.kind == ParamKind::Normal && !p.is_struct;
        let want = format!("r{i}");
        if !plain || p.name.as_deref() != Some(want.as_str()) {
            return Err(msg::ASM_PARAM_REGS);
        }
    }
    Ok(f.params.len() as u32)
}

/// One pass over an asm function (`compile_scope_inline_asm`). `em` is `None` in the SCOPE
/// pass. Returns the number of labels seen.
fn run_pass(f: &FuncDef, em: &mut InlineThumb, pass_kind: Option<bool>) -> Result<usize, ()> {
    let code_size = pass_kind == Some(false);
    if code_size {
        if let Err(msg) = count_params(f) {
            em.syntax_error(msg, 0);
            em.error_line = Some(f.line);
            return Err(());
        }
    }
    match &f.returns {
        Some(Annotation::Other(line)) => {
            em.syntax_error(msg::ASM_RETURN_NOT_ID, *line);
        }
        Some(Annotation::Name(ret)) if type_sig(ret).is_none() => {
            em.syntax_error(msg::ASM_UNKNOWN_TYPE, 0);
            return Err(());
        }
        _ => {}
    }
    let FuncBody::Stmts(body) = &f.body else {
        return Ok(0);
    };
    let mut next_label = 0usize;
    for stmt in body {
        let sline = if stmt.src_line > 0 {
            stmt.src_line
        } else {
            stmt.line
        };
        let call = match &stmt.kind {
            StmtKind::Pass => continue,
            StmtKind::Expr(e) => match &e.kind {
                ExprKind::AtomExpr { base, trailers } => match (&base.kind, trailers.as_slice()) {
                    (ExprKind::Name(name), [t]) => match &t.kind {
                        TrailerKind::Call(args) => Some((name, args, t.line)),
                        _ => None,
                    },
                    _ => None,
                },
                _ => None,
            },
            _ => None,
        };
        let Some((name, args, paren_line)) = call else {
            em.syntax_error(msg::ASM_NOT_INSTRUCTION, sline);
            return Err(());
        };
        let nodes: Vec<Node<'_>> = args.iter().map(Node::of_arg).collect();
        match &**name {
            "label" => {
                let [Node::Id(_)] = nodes.as_slice() else {
                    em.syntax_error(msg::ASM_LABEL_ARG, sline);
                    return Err(());
                };
                let lab = next_label;
                next_label += 1;
                if pass_kind.is_some() {
                    let Some(Arg::Pos(e)) = args.first() else {
                        return Err(());
                    };
                    let ExprKind::Name(label_name) = &e.kind else {
                        return Err(());
                    };
                    if !em.label(lab, label_name) {
                        em.syntax_error(msg::ASM_LABEL_REDEFINED, sline);
                        return Err(());
                    }
                }
            }
            "align" => {
                let [Node::Int { value, small: true }] = nodes.as_slice() else {
                    em.syntax_error(msg::ASM_ALIGN_ARG, sline);
                    return Err(());
                };
                if pass_kind.is_some() {
                    em.align(*value);
                }
            }
            "data" => {
                let Some(Node::Int {
                    value: size,
                    small: true,
                }) = nodes.first().copied().filter(|_| nodes.len() >= 2)
                else {
                    em.syntax_error(msg::ASM_DATA_ARGS, sline);
                    return Err(());
                };
                if pass_kind.is_some() {
                    for n in &nodes[1..] {
                        let Node::Int { value, .. } = *n else {
                            em.syntax_error(msg::ASM_DATA_INT, sline);
                            return Err(());
                        };
                        em.data(size, value);
                    }
                }
            }
            op => {
                if pass_kind.is_some() {
                    em.op(op, &nodes);
                }
            }
        }
        if em.error.is_some() {
            em.error_line = Some(paren_line);
            return Err(());
        }
    }
    if em.error.is_some() {
        em.error_line = Some(f.line);
        return Err(());
    }
    Ok(next_label)
}

/// The SCOPE pass of an asm function: statement shapes and the return annotation.
pub(crate) fn scope_pass(f: &FuncDef, a: Arch) -> PassResult {
    let mut em = InlineThumb::new(a);
    run_pass(f, &mut em, None)
        .map(drop)
        .map_err(|()| em.take_error())
}

/// CODE_SIZE and EMIT passes: the machine code and the raw code's extras.
pub(crate) fn compile(f: &FuncDef, a: Arch) -> Result<AsmCode, CompileError> {
    let mut em = InlineThumb::new(a);
    // Label numbers are per statement, so the SCOPE pass's count sizes the table.
    let n_labels = run_pass(f, &mut em, None).map_err(|()| em.take_error())?;
    em.start_pass(false, n_labels);
    run_pass(f, &mut em, Some(false)).map_err(|()| em.take_error())?;
    em.asm.exit();
    if em.skipped > 0 {
        // Printed without traceback, as mpy-cross prints a failed allocation.
        return Err(CompileError::new(
            "MemoryError",
            format!("memory allocation failed, allocating {} bytes", em.offset()),
        ));
    }
    em.start_pass(true, n_labels);
    run_pass(f, &mut em, Some(true)).map_err(|()| em.take_error())?;
    em.asm.exit();
    let n_pos_args = count_params(f).unwrap_or(0);
    let sig = match &f.returns {
        Some(Annotation::Name(ret)) => type_sig(ret).unwrap_or(2),
        _ => 2,
    };
    Ok(AsmCode {
        code: em.asm.buffer_mut().take_code(),
        n_pos_args,
        type_sig: sig,
    })
}
