//! The bytecode emitter (py/emitbc.c): writes the prelude (signature, size, simple name,
//! argument names, line table, cells) and the opcodes of one scope per pass, sizing jumps the
//! way the reference does so the bytes come out identical.
//!
//! ```text
//! code_info: signature | size(n_info, n_cell) | name | arg names | line table | cells
//! bytecode:  opcodes...
//! ```
//! Jumps are 3 bytes in the STACK_SIZE pass; from CODE_SIZE on, a jump uses the 1-byte offset
//! form if it fits, measuring against label offsets from *this* pass for labels already passed
//! and from the *previous* pass otherwise. EMIT passes repeat until both sizes are stable.

use super::jump_passes::{self, Event, PassState, Tape};
use super::{Access, Block, Build, EmitCommon, Emitter, IdOp, Pass, BREAK_FROM_FOR};
use crate::ast::{Const, Token};
use crate::error::{msg, CompileError};
use crate::scope::{IdKind, Scope, ScopeKind, FLAG_IS_PARAM, SCOPE_FLAG_ASYNC};
use mpy_format::mpy::{scope_flag, Flavour};
use mpy_format::opcode::{self, op};
use mpy_format::prelude::{encode_size, Signature};
use mpy_format::varint::{svuint, vuint};
use std::rc::Rc;

/// Emits bytecode for one scope at a time.
pub(crate) struct BytecodeEmitter {
    pub(crate) common: EmitCommon,
    source_lines: bool,
    /// Scope-flag bits a signature stores (`MP_SCOPE_FLAG_ALL_SIG` of the flavour).
    sig_flags: u32,
    pass: Pass,
    stack_size: i64,
    max_stack: i64,
    suppress: bool,
    last_source_line_offset: usize,
    last_source_line: u32,
    code_info: Vec<u8>,
    bytecode: Vec<u8>,
    label_offsets: Vec<usize>,
    n_info: usize,
    n_cell: usize,
    n_info_start: usize,
    code_info_size: usize,
    bytecode_size: usize,
    overflow: bool,
    /// In the emit pass: how far (bytes) the worst jump lies beyond what its encoding can hold,
    /// and how many jumps take the 2-byte form (see `end_pass`).
    overflow_excess: i64,
    long_jumps: i64,
    /// The last EMIT pass, for [`jump_passes::replay`].
    tape: Tape,
}

impl BytecodeEmitter {
    pub(crate) fn new(common: EmitCommon, source_lines: bool, flavour: Flavour) -> Self {
        BytecodeEmitter {
            common,
            source_lines,
            sig_flags: flavour.sig_flags(),
            pass: Pass::Scope,
            stack_size: 0,
            max_stack: 0,
            suppress: false,
            last_source_line_offset: 0,
            last_source_line: 1,
            code_info: Vec::new(),
            bytecode: Vec::new(),
            label_offsets: Vec::new(),
            n_info: 0,
            n_cell: 0,
            n_info_start: 0,
            code_info_size: 0,
            bytecode_size: 0,
            overflow: false,
            overflow_excess: 0,
            long_jumps: 0,
            tape: Tape::default(),
        }
    }

    /// After an EMIT pass that did not settle: compute the passes that follow on its tape and
    /// take the state before the one that settles, so that the next EMIT pass is the last.
    pub(crate) fn fast_forward(&mut self) {
        let state = PassState {
            label_offsets: std::mem::take(&mut self.label_offsets),
            n_info: self.n_info,
            code_info_size: self.code_info_size,
            bytecode_size: self.bytecode_size,
        };
        let s = jump_passes::replay(&self.tape, &state).unwrap_or(state);
        self.label_offsets = s.label_offsets;
        self.n_info = s.n_info;
        self.code_info_size = s.code_info_size;
        self.bytecode_size = s.bytecode_size;
    }

    /// Record an event of an EMIT pass, after the opcode bytes since the last one.
    fn record(&mut self, ev: Event) {
        if self.pass == Pass::Emit {
            let n = self.bytecode.len() - self.tape.mark;
            if n > 0 {
                self.tape.events.push(Event::Bytes(n as u32));
            }
            self.tape.events.push(ev);
            self.tape.mark = self.bytecode.len();
        }
    }

    /// The finished code of the last EMIT pass: prelude then opcodes.
    pub(crate) fn take_code(&mut self) -> Vec<u8> {
        let mut out = std::mem::take(&mut self.code_info);
        out.append(&mut self.bytecode);
        out
    }

    fn code_info_qstr(&mut self, q: &Rc<str>) {
        let i = self.common.use_qstr(q);
        push_vuint(&mut self.code_info, i as u64);
    }

    fn write_bytes_lines(&mut self, mut bytes: usize, mut lines: u32) {
        while bytes > 0 || lines > 0 {
            let (b, l);
            if lines <= 6 || bytes > 0xf {
                b = bytes.min(0x1f);
                l = if b < bytes { 0 } else { lines.min(3) };
                self.code_info.push((b as u8) | ((l as u8) << 5));
            } else {
                b = bytes.min(0xf);
                l = lines.min(0x7ff);
                self.code_info
                    .push(0x80 | b as u8 | ((l >> 4) as u8 & 0x70));
                self.code_info.push(l as u8);
            }
            bytes -= b;
            lines -= l;
        }
    }

    fn adjust(&mut self, delta: i64) {
        if self.pass == Pass::Scope {
            return;
        }
        self.stack_size += delta;
        if self.stack_size > self.max_stack {
            self.max_stack = self.stack_size;
        }
    }

    fn raw(&mut self, b: u8) {
        if !self.suppress {
            self.bytecode.push(b);
        }
    }

    fn byte(&mut self, stack_adj: i64, b: u8) {
        self.adjust(stack_adj);
        self.raw(b);
    }

    fn byte_uint(&mut self, stack_adj: i64, b: u8, v: u64) {
        self.byte(stack_adj, b);
        if !self.suppress {
            push_vuint(&mut self.bytecode, v);
        }
    }

    fn byte_qstr(&mut self, stack_adj: i64, b: u8, q: &Rc<str>) {
        let i = self.common.use_qstr(q);
        self.byte_uint(stack_adj, b, i as u64);
    }

    fn byte_obj(&mut self, stack_adj: i64, b: u8, c: &Const) {
        let i = self.common.use_const_obj(c);
        self.byte_uint(stack_adj, b, i as u64);
    }

    fn byte_child(&mut self, stack_adj: i64, b: u8, scope: usize) {
        let i = self.common.alloc_child(scope);
        self.byte_uint(stack_adj, b, i as u64);
    }

    fn byte_label(&mut self, stack_adj: i64, b: u8, label: u32) {
        self.adjust(stack_adj);
        if self.suppress {
            return;
        }
        let is_signed = b <= op::POP_JUMP_IF_FALSE;
        let mut long_form = true;
        let mut offset: i64 = 0;
        if self.pass >= Pass::CodeSize {
            let target = self.label_offsets.get(label as usize).copied().unwrap_or(0) as i64;
            offset = target - self.bytecode.len() as i64 - 2;
            if (is_signed && (-64..=63).contains(&offset))
                || (!is_signed && (0..=127).contains(&offset))
            {
                long_form = false;
            }
            if long_form {
                offset -= 1;
            }
        }
        self.record(Event::Jump {
            signed: is_signed,
            long: long_form,
            label,
        });
        self.bytecode.push(b);
        if !long_form {
            if is_signed {
                offset += 0x40;
            }
            self.bytecode.push(offset as u8);
        } else {
            if is_signed {
                offset += 0x4000;
            }
            if self.pass == Pass::Emit {
                self.long_jumps += 1;
                if !(0..=0x7fff).contains(&offset) {
                    self.overflow = true;
                    let excess = if offset < 0 { -offset } else { offset - 0x7fff };
                    self.overflow_excess = self.overflow_excess.max(excess);
                }
            }
            self.bytecode.push(0x80 | (offset & 0x7f) as u8);
            self.bytecode.push((offset >> 7) as u8);
        }
        self.tape.mark = self.bytecode.len();
    }

    fn call_helper(&mut self, stack_adj: i64, base: u8, n_pos: u32, n_kw: u32, star_flags: u32) {
        let arg = u64::from(n_kw) << 8 | u64::from(n_pos);
        if star_flags != 0 {
            let adj = stack_adj - i64::from(n_pos) - 2 * i64::from(n_kw) - 1;
            self.byte_uint(adj, base + 1, arg);
        } else {
            let adj = stack_adj - i64::from(n_pos) - 2 * i64::from(n_kw);
            self.byte_uint(adj, base, arg);
        }
    }
}

impl Emitter for BytecodeEmitter {
    fn start_pass(&mut self, pass: Pass, scope: &Scope) {
        self.pass = pass;
        self.stack_size = 0;
        self.max_stack = i64::from(scope.stack_size);
        self.suppress = false;
        self.last_source_line_offset = 0;
        self.last_source_line = 1;
        self.code_info.clear();
        self.bytecode.clear();
        self.tape.events.clear();
        self.tape.mark = 0;
        self.overflow = false;
        self.overflow_excess = 0;
        self.long_jumps = 0;
        let n_state = (scope.num_locals + scope.stack_size).max(1);
        // Only MicroPython's four signature bits, plus CircuitPython's ASYNC (set only in that
        // flavour); the native-only bits never reach a bytecode prelude.
        let mut scope_flags = scope.scope_flags & scope_flag::ALL_SIG;
        if scope.scope_flags & SCOPE_FLAG_ASYNC != 0 {
            scope_flags |= scope_flag::ASYNC;
        }
        let sig = Signature {
            n_state,
            n_exc_stack: scope.exc_stack_size,
            scope_flags,
            n_pos_args: scope.num_pos_args,
            n_kwonly_args: scope.num_kwonly_args,
            n_def_pos_args: scope.num_def_pos_args,
        };
        self.code_info
            .extend_from_slice(sig.encode_flags(self.sig_flags).as_slice());
        self.tape.sig_len = self.code_info.len();
        if pass >= Pass::CodeSize {
            self.code_info
                .extend_from_slice(encode_size(self.n_info as u32, self.n_cell as u32).as_slice());
        }
        self.n_info_start = self.code_info.len();
        self.code_info_qstr(&scope.simple_name);
        for i in 0..scope.num_pos_args + scope.num_kwonly_args {
            let q = scope
                .id_info
                .iter()
                .find(|id| id.flags & FLAG_IS_PARAM != 0 && id.local_num == i)
                .map(|id| id.qst.clone())
                .unwrap_or_else(|| Rc::from("*"));
            self.code_info_qstr(&q);
        }
        self.tape.names_len = self.code_info.len() - self.n_info_start;
    }

    fn end_pass(&mut self, scope: &mut Scope) -> Result<bool, CompileError> {
        if self.max_stack > i64::from(scope.stack_size) {
            scope.stack_size = self.max_stack as u32;
        }
        if self.pass == Pass::Scope {
            return Ok(true);
        }
        self.n_info = self.code_info.len() - self.n_info_start;
        self.n_cell = 0;
        for id in &scope.id_info {
            if id.kind == IdKind::Cell {
                self.code_info.push(id.local_num as u8);
                self.n_cell += 1;
            }
        }
        if self.pass == Pass::Emit {
            let n = self.bytecode.len() - self.tape.mark;
            self.tape.events.push(Event::Bytes(n as u32));
            self.tape.n_cell = self.n_cell;
        }
        match self.pass {
            Pass::CodeSize => {
                self.code_info_size = self.code_info.len();
                self.bytecode_size = self.bytecode.len();
            }
            Pass::Emit => {
                if self.code_info.len() != self.code_info_size
                    || self.bytecode.len() != self.bytecode_size
                {
                    // The reference would go on passing until the sizes settle, then fail if a
                    // jump still overflows; with tens of thousands of jumps that takes thousands
                    // of passes. Fail now when no later pass can help: a forward jump's target
                    // comes from the previous pass, at most `shrunk` bytes too far, and from here
                    // on the code can shrink by at most one byte per 2-byte jump.
                    let shrunk = self.bytecode_size as i64 - self.bytecode.len() as i64;
                    if self.overflow && self.overflow_excess > shrunk.max(0) + self.long_jumps {
                        return Err(CompileError::new("RuntimeError", msg::BYTECODE_OVERFLOW));
                    }
                    self.code_info_size = self.code_info.len();
                    self.bytecode_size = self.bytecode.len();
                    return Ok(false);
                }
                if self.overflow {
                    return Err(CompileError::new("RuntimeError", msg::BYTECODE_OVERFLOW));
                }
                // MicroPython's loader keeps n_state in 16 bits (py/bc.h `mp_code_state_t`);
                // the reference's heap runs out long before (`MemoryError`).
                if scope.num_locals as usize + scope.stack_size as usize > 0xFFFF {
                    return Err(CompileError::new("MemoryError", "memory allocation failed"));
                }
            }
            _ => {}
        }
        Ok(true)
    }

    fn adjust_stack_size(&mut self, delta: i32) {
        self.adjust(i64::from(delta));
    }

    fn set_source_line(&mut self, line: u32) {
        if !self.source_lines {
            return;
        }
        if line > self.last_source_line {
            let bytes = self.bytecode.len() - self.last_source_line_offset;
            let lines = line - self.last_source_line;
            self.record(Event::Line(lines));
            self.write_bytes_lines(bytes, lines);
            self.last_source_line_offset = self.bytecode.len();
            self.last_source_line = line;
        }
    }

    fn load_id(&mut self, o: IdOp, qst: &Rc<str>) {
        match o {
            IdOp::Name => self.byte_qstr(1, op::LOAD_NAME, qst),
            IdOp::Global => self.byte_qstr(1, op::LOAD_GLOBAL, qst),
            IdOp::Fast(n) if n <= 15 => self.byte(1, opcode::LOAD_FAST_MULTI + n as u8),
            IdOp::Fast(n) => self.byte_uint(1, op::LOAD_FAST_N, u64::from(n)),
            IdOp::Deref(n) => self.byte_uint(1, op::LOAD_DEREF, u64::from(n)),
        }
    }

    fn store_id(&mut self, o: IdOp, qst: &Rc<str>) {
        match o {
            IdOp::Name => self.byte_qstr(-1, op::STORE_NAME, qst),
            IdOp::Global => self.byte_qstr(-1, op::STORE_GLOBAL, qst),
            IdOp::Fast(n) if n <= 15 => self.byte(-1, opcode::STORE_FAST_MULTI + n as u8),
            IdOp::Fast(n) => self.byte_uint(-1, op::STORE_FAST_N, u64::from(n)),
            IdOp::Deref(n) => self.byte_uint(-1, op::STORE_DEREF, u64::from(n)),
        }
    }

    fn delete_id(&mut self, o: IdOp, qst: &Rc<str>) {
        match o {
            IdOp::Name => self.byte_qstr(0, op::DELETE_NAME, qst),
            IdOp::Global => self.byte_qstr(0, op::DELETE_GLOBAL, qst),
            IdOp::Fast(n) => self.byte_uint(0, op::DELETE_FAST, u64::from(n)),
            IdOp::Deref(n) => self.byte_uint(0, op::DELETE_DEREF, u64::from(n)),
        }
    }

    fn label_assign(&mut self, label: u32) {
        self.suppress = false;
        if self.pass == Pass::Scope {
            return;
        }
        let l = label as usize;
        if self.label_offsets.len() <= l {
            self.label_offsets.resize(l + 1, 0);
        }
        self.label_offsets[l] = self.bytecode.len();
        self.record(Event::Label(label));
    }

    fn import_name(&mut self, qst: &Rc<str>) {
        self.byte_qstr(-1, op::IMPORT_NAME, qst);
    }

    fn import_from(&mut self, qst: &Rc<str>) {
        self.byte_qstr(1, op::IMPORT_FROM, qst);
    }

    fn import_star(&mut self) {
        self.byte(-1, op::IMPORT_STAR);
    }

    fn load_const_tok(&mut self, tok: Token) {
        match tok {
            Token::Ellipsis => self.byte_obj(1, op::LOAD_CONST_OBJ, &Const::Ellipsis),
            Token::None => self.byte(1, op::LOAD_CONST_NONE),
            Token::True => self.byte(1, op::LOAD_CONST_TRUE),
            Token::False => self.byte(1, op::LOAD_CONST_FALSE),
        }
    }

    fn load_const_small_int(&mut self, v: i64) {
        if (-16..48).contains(&v) {
            self.byte(1, (i64::from(opcode::SMALL_INT_MULTI_ZERO) + v) as u8);
        } else {
            self.byte(1, op::LOAD_CONST_SMALL_INT);
            if !self.suppress {
                self.bytecode.extend_from_slice(svuint(v).as_slice());
            }
        }
    }

    fn load_const_str(&mut self, qst: &Rc<str>) {
        self.byte_qstr(1, op::LOAD_CONST_STRING, qst);
    }

    fn load_const_obj(&mut self, obj: &Const) {
        self.byte_obj(1, op::LOAD_CONST_OBJ, obj);
    }

    fn load_null(&mut self) {
        self.byte(1, op::LOAD_NULL);
    }

    fn load_method(&mut self, qst: &Rc<str>, is_super: bool) {
        if is_super {
            self.byte_qstr(-1, op::LOAD_SUPER_METHOD, qst);
        } else {
            self.byte_qstr(1, op::LOAD_METHOD, qst);
        }
    }

    fn load_build_class(&mut self) {
        self.byte(1, op::LOAD_BUILD_CLASS);
    }

    fn subscr(&mut self, kind: Access) {
        match kind {
            Access::Load => self.byte(-1, op::LOAD_SUBSCR),
            Access::Store => self.byte(-3, op::STORE_SUBSCR),
            Access::Delete => {
                self.load_null();
                self.rot_three();
                self.byte(-3, op::STORE_SUBSCR);
            }
        }
    }

    fn attr(&mut self, qst: &Rc<str>, kind: Access) {
        match kind {
            Access::Load => self.byte_qstr(0, op::LOAD_ATTR, qst),
            Access::Store => self.byte_qstr(-2, op::STORE_ATTR, qst),
            Access::Delete => {
                self.load_null();
                self.rot_two();
                self.byte_qstr(-2, op::STORE_ATTR, qst);
            }
        }
    }

    fn dup_top(&mut self) {
        self.byte(1, op::DUP_TOP);
    }

    fn dup_top_two(&mut self) {
        self.byte(2, op::DUP_TOP_TWO);
    }

    fn pop_top(&mut self) {
        self.byte(-1, op::POP_TOP);
    }

    fn rot_two(&mut self) {
        self.byte(0, op::ROT_TWO);
    }

    fn rot_three(&mut self) {
        self.byte(0, op::ROT_THREE);
    }

    fn jump(&mut self, label: u32) {
        self.byte_label(0, op::JUMP, label);
        self.suppress = true;
    }

    fn pop_jump_if(&mut self, cond: bool, label: u32) {
        let b = if cond {
            op::POP_JUMP_IF_TRUE
        } else {
            op::POP_JUMP_IF_FALSE
        };
        self.byte_label(-1, b, label);
    }

    fn jump_if_or_pop(&mut self, cond: bool, label: u32) {
        let b = if cond {
            op::JUMP_IF_TRUE_OR_POP
        } else {
            op::JUMP_IF_FALSE_OR_POP
        };
        self.byte_label(-1, b, label);
    }

    fn unwind_jump(&mut self, label: u32, except_depth: u32) {
        let from_for = label & BREAK_FROM_FOR != 0;
        let label = label & !BREAK_FROM_FOR;
        if except_depth == 0 {
            if from_for {
                // Pop the 4 iterator slots; not stack-accounted.
                for _ in 0..4 {
                    self.raw(op::POP_TOP);
                }
            }
            self.byte_label(0, op::JUMP, label);
        } else {
            self.byte_label(0, op::UNWIND_JUMP, label);
            self.raw(if from_for { 0x80 } else { 0 } | except_depth as u8);
        }
        self.suppress = true;
    }

    fn setup_block(&mut self, label: u32, kind: Block) {
        let adj = if kind == Block::With { 2 } else { 0 };
        self.byte_label(adj, op::SETUP_WITH + kind as u8, label);
    }

    fn with_cleanup(&mut self, label: u32) {
        self.load_const_tok(Token::None);
        self.label_assign(label);
        self.byte(2, op::WITH_CLEANUP);
        self.adjust(-4);
    }

    fn async_with_setup_finally(
        &mut self,
        aexit_no_exc: u32,
        finally_block: u32,
        ret_unwind_jump: u32,
    ) {
        self.load_const_tok(Token::None);
        self.rot_two();
        self.jump(aexit_no_exc);
        self.label_assign(finally_block);
        self.dup_top();
        self.load_id(IdOp::Global, &Rc::from("BaseException"));
        self.binary_op(opcode::binary::EXCEPTION_MATCH, false);
        self.pop_jump_if(false, ret_unwind_jump);
    }

    fn end_finally(&mut self) {
        self.byte(-1, op::END_FINALLY);
    }

    fn get_iter(&mut self, use_stack: bool) {
        if use_stack {
            self.byte(3, op::GET_ITER_STACK);
        } else {
            self.byte(0, op::GET_ITER);
        }
    }

    fn for_iter(&mut self, label: u32) {
        self.byte_label(1, op::FOR_ITER, label);
    }

    fn for_iter_end(&mut self) {
        self.adjust(-4);
    }

    fn pop_except_jump(&mut self, label: u32, _within_exc_handler: bool) {
        self.byte_label(0, op::POP_EXCEPT_JUMP, label);
        self.suppress = true;
    }

    fn unary_op(&mut self, o: u8) {
        self.byte(0, opcode::UNARY_OP_MULTI + o);
    }

    fn binary_op(&mut self, o: u8, invert: bool) {
        self.byte(-1, opcode::BINARY_OP_MULTI + o);
        if invert {
            self.byte(0, opcode::UNARY_OP_MULTI + opcode::unary::NOT);
        }
    }

    fn build(&mut self, n: u32, kind: Build) {
        let adj = if kind == Build::Map {
            1
        } else {
            1 - i64::from(n)
        };
        self.byte_uint(adj, op::BUILD_TUPLE + kind as u8, u64::from(n));
    }

    fn store_map(&mut self) {
        self.byte(-2, op::STORE_MAP);
    }

    fn store_comp(&mut self, kind: ScopeKind, collection_stack_index: u32) {
        let (n, t) = match kind {
            ScopeKind::ListComp => (0, 0),
            ScopeKind::DictComp => (1, 1),
            _ => (0, 2),
        };
        self.byte_uint(
            -1 - n,
            op::STORE_COMP,
            ((u64::from(collection_stack_index) + n as u64) << 2) | t,
        );
    }

    fn unpack_sequence(&mut self, n: u32) {
        self.byte_uint(-1 + i64::from(n), op::UNPACK_SEQUENCE, u64::from(n));
    }

    fn unpack_ex(&mut self, n_left: u32, n_right: u32) {
        self.byte_uint(
            i64::from(n_left) + i64::from(n_right),
            op::UNPACK_EX,
            u64::from(n_left | (n_right << 8)),
        );
    }

    fn make_function(&mut self, child: usize, n_pos_defaults: u32, n_kw_defaults: u32) {
        if n_pos_defaults == 0 && n_kw_defaults == 0 {
            self.byte_child(1, op::MAKE_FUNCTION, child);
        } else {
            self.byte_child(-1, op::MAKE_FUNCTION_DEFARGS, child);
        }
    }

    fn make_closure(
        &mut self,
        child: usize,
        n_closed: u32,
        n_pos_defaults: u32,
        n_kw_defaults: u32,
    ) {
        if n_pos_defaults == 0 && n_kw_defaults == 0 {
            self.byte_child(1 - i64::from(n_closed), op::MAKE_CLOSURE, child);
        } else {
            self.byte_child(-1 - i64::from(n_closed), op::MAKE_CLOSURE_DEFARGS, child);
        }
        self.raw(n_closed as u8);
    }

    fn call_function(&mut self, n_pos: u32, n_kw: u32, star_flags: u32) {
        self.call_helper(0, op::CALL_FUNCTION, n_pos, n_kw, star_flags);
    }

    fn call_method(&mut self, n_pos: u32, n_kw: u32, star_flags: u32) {
        self.call_helper(-1, op::CALL_METHOD, n_pos, n_kw, star_flags);
    }

    fn return_value(&mut self) {
        self.byte(-1, op::RETURN_VALUE);
        self.suppress = true;
    }

    fn raise_varargs(&mut self, n: u32) {
        self.byte(-i64::from(n), op::RAISE_LAST + n as u8);
        self.suppress = true;
    }

    fn yield_(&mut self, from: bool) {
        if from {
            self.byte(-1, op::YIELD_FROM);
        } else {
            self.byte(0, op::YIELD_VALUE);
        }
    }

    fn start_except_handler(&mut self) {
        self.adjust(4);
    }

    fn end_except_handler(&mut self) {
        self.adjust(-3);
    }
}

/// Append `v` as a vuint: most operands (qstr and object indices, local slots) fit in one byte,
/// which is the value itself, so that case skips the general encoder.
fn push_vuint(out: &mut Vec<u8>, v: u64) {
    match u8::try_from(v) {
        Ok(b) if b < 0x80 => out.push(b),
        _ => out.extend_from_slice(vuint(v).as_slice()),
    }
}
