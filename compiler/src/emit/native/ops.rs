//! The [`Emitter`] operations of the native emitter (py/emitnative.c `emit_native_*`), one
//! method per compiler operation, each a sequence of value-stack model actions and generic
//! assembler operations in the reference's order.

use super::*;
use crate::ast::{Const, Token};
use crate::emit::{Access, Block, Build, Emitter, IdOp, BREAK_FROM_FOR};
use crate::error::{fill, native_msg as M};
use crate::scope::ScopeKind;
use mpyc_targets::Width;

const UNARY_OP_NOT: i64 = 3;

impl<A: Assembler> Emitter for NativeEmitter<A> {
    fn start_pass(&mut self, pass: Pass, scope: &Scope) {
        self.do_start_pass(pass, scope);
    }

    fn end_pass(&mut self, scope: &mut Scope) -> Result<bool, CompileError> {
        self.do_end_pass(scope);
        Ok(true)
    }

    fn adjust_stack_size(&mut self, delta: i32) {
        if delta > 0 {
            self.ensure(delta as usize);
        }
        for i in 0..delta.max(0) as usize {
            let vtype = if delta == 1 {
                self.saved_stack_vtype
            } else {
                VType::PyObj
            };
            self.info[self.stack_size + i] = Slot {
                vtype,
                kind: Kind::Value,
            };
        }
        self.adjust_stack(delta as isize);
    }

    /// Native code has no line table.
    fn set_source_line(&mut self, _line: u32) {}

    fn load_id(&mut self, op: IdOp, qst: &Rc<str>) {
        match op {
            IdOp::Fast(n) => self.load_fast(qst, n),
            IdOp::Deref(n) => self.load_deref(qst, n),
            IdOp::Name | IdOp::Global => {
                let fun = if op == IdOp::Name {
                    f::LOAD_NAME
                } else {
                    if self.viper {
                        if let Some(t) = VType::from_name(qst) {
                            if t != VType::PyObj {
                                self.push_imm(VType::BuiltinCast, t as i64);
                                return;
                            }
                        }
                    }
                    f::LOAD_GLOBAL
                };
                self.call_with_qstr_arg(fun, qst, Self::ARG_1);
                self.push_reg(VType::PyObj, Self::RET);
            }
        }
    }

    fn store_id(&mut self, op: IdOp, qst: &Rc<str>) {
        match op {
            IdOp::Fast(n) => self.store_fast(qst, n),
            IdOp::Deref(n) => self.store_deref(qst, n),
            IdOp::Name => {
                self.pop_reg(Self::ARG_2);
                self.call_with_qstr_arg(f::STORE_NAME, qst, Self::ARG_1);
            }
            IdOp::Global => {
                self.pop_as_obj(Self::ARG_2);
                self.call_with_qstr_arg(f::STORE_GLOBAL, qst, Self::ARG_1);
            }
        }
    }

    fn delete_id(&mut self, op: IdOp, qst: &Rc<str>) {
        match op {
            IdOp::Fast(n) => {
                self.load_const_tok(Token::None);
                self.store_fast(qst, n);
            }
            // Deleting a cell variable emits nothing (reproduced as the reference does).
            IdOp::Deref(_) => {}
            IdOp::Name => self.call_with_qstr_arg(f::DELETE_NAME, qst, Self::ARG_1),
            IdOp::Global => self.call_with_qstr_arg(f::DELETE_GLOBAL, qst, Self::ARG_1),
        }
    }

    fn label_assign(&mut self, label: u32) {
        self.label_assign_settled(label);
    }

    fn import_name(&mut self, qst: &Rc<str>) {
        // fromlist and level are passed as objects even in viper code.
        let viper = self.viper;
        self.viper = false;
        self.pop_reg(Self::ARG_2);
        self.pop_reg(Self::ARG_3);
        self.viper = viper;
        self.call_with_qstr_arg(f::IMPORT_NAME, qst, Self::ARG_1);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn import_from(&mut self, qst: &Rc<str>) {
        self.access_stack(1, Self::ARG_1);
        self.call_with_qstr_arg(f::IMPORT_FROM, qst, Self::ARG_2);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn import_star(&mut self) {
        self.pop_reg(Self::ARG_1);
        self.call(f::IMPORT_ALL);
    }

    fn load_const_tok(&mut self, tok: Token) {
        match tok {
            Token::Ellipsis => self.load_const_obj(&Const::Ellipsis),
            Token::None => self.push_imm(VType::PtrNone, 0),
            Token::False => self.push_imm(VType::Bool, 0),
            Token::True => self.push_imm(VType::Bool, 1),
        }
    }

    fn load_const_small_int(&mut self, v: i64) {
        self.push_imm(VType::Int, v);
    }

    fn load_const_str(&mut self, qst: &Rc<str>) {
        self.need_reg_single(Self::TEMP0, 0);
        self.load_reg_with_object(Self::TEMP0, &Const::Str(qst.clone()));
        self.push_reg(VType::PyObj, Self::TEMP0);
    }

    fn load_const_obj(&mut self, obj: &Const) {
        self.need_reg_single(Self::TEMP0, 0);
        self.load_reg_with_object(Self::TEMP0, obj);
        self.push_reg(VType::PyObj, Self::TEMP0);
    }

    fn load_null(&mut self) {
        self.push_imm(VType::PyObj, 0);
    }

    fn load_method(&mut self, qst: &Rc<str>, is_super: bool) {
        if is_super {
            self.stack_ptr_for_pop(Self::ARG_2, 3);
            self.stack_ptr_for_push(Self::ARG_2, 2);
            self.call_with_qstr_arg(f::LOAD_SUPER_METHOD, qst, Self::ARG_1);
        } else {
            self.pop_reg(Self::ARG_1);
            self.stack_ptr_for_push(Self::ARG_3, 2);
            self.call_with_qstr_arg(f::LOAD_METHOD, qst, Self::ARG_2);
        }
    }

    fn load_build_class(&mut self) {
        self.call(f::LOAD_BUILD_CLASS);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn subscr(&mut self, kind: Access) {
        match kind {
            Access::Load => self.load_subscr(),
            Access::Store => self.store_subscr(),
            Access::Delete => {
                self.pop_reg(Self::ARG_2);
                self.pop_reg(Self::ARG_1);
                self.call_with_imm_arg(f::OBJ_SUBSCR, 0, Self::ARG_3);
            }
        }
    }

    fn attr(&mut self, qst: &Rc<str>, kind: Access) {
        match kind {
            Access::Load => {
                self.pop_reg(Self::ARG_1);
                self.call_with_qstr_arg(f::LOAD_ATTR, qst, Self::ARG_2);
                self.push_reg(VType::PyObj, Self::RET);
            }
            Access::Store => {
                let vtype_val = self.peek_vtype(1);
                if vtype_val == VType::PyObj {
                    self.pop_reg(Self::ARG_1);
                    self.pop_reg(Self::ARG_3);
                } else {
                    self.access_stack(2, Self::ARG_1);
                    self.call_with_imm_arg(f::CONVERT_NATIVE_TO_OBJ, vtype_val as i64, Self::ARG_2);
                    self.asm.mov_reg_reg(Self::ARG_3, Self::RET);
                    self.pop_reg(Self::ARG_1);
                    self.adjust_stack(-1);
                }
                self.call_with_qstr_arg(f::STORE_ATTR, qst, Self::ARG_2);
            }
            Access::Delete => {
                self.pop_reg(Self::ARG_1);
                self.asm.clr_reg(Self::ARG_3);
                self.call_with_qstr_arg(f::STORE_ATTR, qst, Self::ARG_2);
            }
        }
    }

    fn dup_top(&mut self) {
        let (vt, r) = self.pop_reg_flexible(Self::TEMP0, None, None);
        self.push_reg(vt, r);
        self.push_reg(vt, r);
    }

    fn dup_top_two(&mut self) {
        let vt0 = self.pop_reg(Self::TEMP0);
        let vt1 = self.pop_reg(Self::TEMP1);
        self.push_reg(vt1, Self::TEMP1);
        self.push_reg(vt0, Self::TEMP0);
        self.push_reg(vt1, Self::TEMP1);
        self.push_reg(vt0, Self::TEMP0);
    }

    fn pop_top(&mut self) {
        self.pop_discard();
    }

    fn rot_two(&mut self) {
        let vt0 = self.pop_reg(Self::TEMP0);
        let vt1 = self.pop_reg(Self::TEMP1);
        self.push_reg(vt0, Self::TEMP0);
        self.push_reg(vt1, Self::TEMP1);
    }

    fn rot_three(&mut self) {
        let vt0 = self.pop_reg(Self::TEMP0);
        let vt1 = self.pop_reg(Self::TEMP1);
        let vt2 = self.pop_reg(Self::TEMP2);
        self.push_reg(vt0, Self::TEMP0);
        self.push_reg(vt2, Self::TEMP2);
        self.push_reg(vt1, Self::TEMP1);
    }

    fn jump(&mut self, label: u32) {
        self.native_jump(label);
    }

    fn pop_jump_if(&mut self, cond: bool, label: u32) {
        self.jump_helper(cond, label, true);
    }

    fn jump_if_or_pop(&mut self, cond: bool, label: u32) {
        self.jump_helper(cond, label, false);
    }

    fn unwind_jump(&mut self, label: u32, except_depth: u32) {
        let mut label = label;
        if except_depth > 0 {
            let n = self.exc_stack.len();
            let mut first_finally: Option<usize> = None;
            let mut prev_finally: Option<usize> = None;
            let mut e = n as isize - 1;
            let mut depth = except_depth;
            while depth > 0 {
                if e < 0 {
                    break;
                }
                let ei = e as usize;
                if self.exc_stack[ei].is_finally && self.exc_stack[ei].is_active {
                    if first_finally.is_none() {
                        first_finally = Some(ei);
                    }
                    if let Some(p) = prev_finally {
                        self.exc_stack[p].unwind_label = self.exc_stack[ei].label;
                    }
                    prev_finally = Some(ei);
                }
                depth -= 1;
                e -= 1;
            }
            match prev_finally {
                None => {
                    if e < 0 {
                        self.asm.clr_reg(Self::RET);
                    } else {
                        let l = self.exc_stack[e as usize].label;
                        self.asm.mov_reg_pcrel(Self::RET, l);
                    }
                    self.asm
                        .mov_local_reg(Self::local_idx_exc_handler_pc(), Self::RET);
                }
                Some(p) => {
                    self.exc_stack[p].unwind_label = UNWIND_LABEL_DO_FINAL_UNWIND;
                    self.asm.mov_reg_pcrel(Self::RET, label & !BREAK_FROM_FOR);
                    self.asm
                        .mov_local_reg(Self::local_idx_exc_handler_unwind(), Self::RET);
                    self.asm.mov_reg_imm(Self::RET, 0);
                    self.asm.mov_local_reg(Self::local_idx_exc_val(), Self::RET);
                    if let Some(ff) = first_finally {
                        label = self.exc_stack[ff].label;
                    }
                }
            }
        }
        self.native_jump(label & !BREAK_FROM_FOR);
    }

    fn setup_block(&mut self, label: u32, kind: Block) {
        if kind == Block::With {
            self.setup_with(label);
        } else {
            self.need_stack_settled();
            self.push_exc_stack(label, kind == Block::Finally);
        }
    }

    fn with_cleanup(&mut self, label: u32) {
        let base = self.label_slot;
        self.leave_exc_stack(false);
        self.adjust_stack(-1);
        self.label_assign_settled(base + 2);
        self.push_imm(VType::PtrNone, 0);
        self.push_imm(VType::PtrNone, 0);
        self.push_imm(VType::PtrNone, 0);
        self.stack_ptr_for_pop(Self::ARG_3, 5);
        self.call_with_2_imm_args(f::CALL_METHOD_N_KW, 3, Self::ARG_1, 0, Self::ARG_2);
        self.native_jump(base);
        self.asm.label_assign(label);
        self.leave_exc_stack(true);
        self.adjust_stack_size(2);
        self.asm
            .mov_reg_local(Self::ARG_1, Self::local_idx_exc_val());
        self.asm.jump_if_reg_zero(Self::ARG_1, base + 2, false);
        self.asm
            .load_reg_reg_offset(Width::Word, Self::ARG_2, Self::ARG_1, 0);
        self.push_reg(VType::PyObj, Self::ARG_2);
        self.push_reg(VType::PyObj, Self::ARG_1);
        self.push_imm(VType::PtrNone, 0);
        self.stack_ptr_for_pop(Self::ARG_3, 5);
        self.call_with_2_imm_args(f::CALL_METHOD_N_KW, 3, Self::ARG_1, 0, Self::ARG_2);
        if Self::ARG_1 != Self::RET {
            self.asm.mov_reg_reg(Self::ARG_1, Self::RET);
        }
        self.call(f::OBJ_IS_TRUE);
        self.asm.jump_if_reg_zero(Self::RET, base + 1, true);
        self.label_assign_settled(base);
        self.mov_local_null(Self::local_idx_exc_val(), Self::TEMP0);
        self.label_assign_settled(base + 1);
        self.adjust_stack(1);
    }

    fn async_with_setup_finally(
        &mut self,
        aexit_no_exc: u32,
        finally_block: u32,
        ret_unwind_jump: u32,
    ) {
        self.adjust_stack_size(1);
        self.rot_two();
        self.load_const_tok(Token::None);
        self.rot_two();
        self.native_jump(aexit_no_exc);
        self.adjust_stack_size(-1);
        self.label_assign_settled(finally_block);
        self.pop_discard();
        self.asm
            .mov_reg_local(Self::ARG_1, Self::local_idx_exc_val());
        self.push_reg(VType::PyObj, Self::ARG_1);
        self.asm
            .jump_if_reg_zero(Self::ARG_1, ret_unwind_jump, false);
    }

    fn end_finally(&mut self) {
        self.pop_discard();
        self.asm
            .mov_reg_local(Self::ARG_1, Self::local_idx_exc_val());
        self.call(f::NATIVE_RAISE);
        let Some(e) = self.pop_exc_stack() else {
            return;
        };
        if e.unwind_label != UNWIND_LABEL_UNUSED {
            let base = self.label_slot;
            self.asm
                .mov_reg_local(Self::RET, Self::local_idx_exc_handler_unwind());
            self.asm.jump_if_reg_zero(Self::RET, base, false);
            if e.unwind_label == UNWIND_LABEL_DO_FINAL_UNWIND {
                self.asm.jump_reg(Self::RET);
            } else {
                self.native_jump(e.unwind_label);
            }
            self.label_assign_settled(base);
        }
    }

    fn get_iter(&mut self, use_stack: bool) {
        self.pop_reg(Self::ARG_1);
        if use_stack {
            self.stack_ptr_for_push(Self::ARG_2, ITER_BUF_NSLOTS);
            self.call(f::NATIVE_GETITER);
        } else {
            self.asm.mov_reg_imm(Self::ARG_2, 0);
            self.call(f::NATIVE_GETITER);
            self.push_reg(VType::PyObj, Self::RET);
        }
    }

    fn for_iter(&mut self, label: u32) {
        self.stack_ptr_for_pop(Self::ARG_1, ITER_BUF_NSLOTS);
        self.adjust_stack(ITER_BUF_NSLOTS as isize);
        self.call(f::NATIVE_ITERNEXT);
        self.asm.jump_if_reg_zero(Self::RET, label, false);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn for_iter_end(&mut self) {
        self.adjust_stack(-(ITER_BUF_NSLOTS as isize));
    }

    fn pop_except_jump(&mut self, label: u32, within_exc_handler: bool) {
        if within_exc_handler {
            self.mov_local_null(Self::local_idx_exc_val(), Self::TEMP0);
        } else {
            self.leave_exc_stack(false);
        }
        self.native_jump(label);
    }

    fn unary_op(&mut self, op: u8) {
        let vtype = self.peek_vtype(0);
        match vtype {
            VType::Int | VType::Uint => match op {
                0 => {}
                1 => {
                    let vt = self.pop_reg(Self::RET);
                    self.asm.neg_reg(Self::RET);
                    self.push_reg(vt, Self::RET);
                }
                2 => {
                    let vt = self.pop_reg(Self::RET);
                    self.asm.not_reg(Self::RET);
                    self.push_reg(vt, Self::RET);
                }
                _ => self.viper_type_error(M::NOT_NOT_IMPLEMENTED.into()),
            },
            VType::PyObj => {
                self.pop_reg(Self::ARG_2);
                self.call_with_imm_arg(f::UNARY_OP, i64::from(op), Self::ARG_1);
                self.push_reg(VType::PyObj, Self::RET);
            }
            _ => self.viper_type_error(fill(M::UNARY_OP, &[vtype.name()])),
        }
    }

    fn binary_op(&mut self, op: u8, invert: bool) {
        let lhs = self.peek_vtype(1);
        let rhs = self.peek_vtype(0);
        let int_like = |v: VType| matches!(v, VType::Int | VType::Uint);
        if int_like(lhs) && int_like(rhs) {
            // `in`/`is` (inverted or not) are "not implemented" on ints either way.
            self.viper_binary_op(op);
        } else if lhs == VType::PyObj && rhs == VType::PyObj {
            self.pop_reg(Self::ARG_3);
            self.pop_reg(Self::ARG_2);
            self.call_with_imm_arg(f::BINARY_OP, i64::from(op), Self::ARG_1);
            if invert {
                self.asm.mov_reg_reg(Self::ARG_2, Self::RET);
                self.call_with_imm_arg(f::UNARY_OP, UNARY_OP_NOT, Self::ARG_1);
            }
            self.push_reg(VType::PyObj, Self::RET);
        } else {
            self.adjust_stack(-1);
            self.viper_type_error(fill(M::BINARY_OP, &[lhs.name(), rhs.name()]));
        }
    }

    fn build(&mut self, n: u32, kind: Build) {
        if kind == Build::Slice {
            if n == 2 {
                self.pop_reg(Self::ARG_2);
                self.pop_reg(Self::ARG_1);
                self.mov_reg_const(Self::ARG_3, f::CONST_NONE_OBJ);
            } else {
                self.pop_reg(Self::ARG_3);
                self.pop_reg(Self::ARG_2);
                self.pop_reg(Self::ARG_1);
            }
            self.call(f::NEW_SLICE);
            self.push_reg(VType::PyObj, Self::RET);
            return;
        }
        if kind != Build::Map {
            self.stack_ptr_for_pop(Self::ARG_2, n as usize);
        }
        self.call_with_imm_arg(f::BUILD_TUPLE + kind as u32, i64::from(n), Self::ARG_1);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn store_map(&mut self) {
        self.pop_reg(Self::ARG_2);
        self.pop_reg(Self::ARG_3);
        self.pop_reg(Self::ARG_1);
        self.call(f::STORE_MAP);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn store_comp(&mut self, kind: ScopeKind, collection_stack_index: u32) {
        let fun = match kind {
            ScopeKind::ListComp => {
                self.pop_reg(Self::ARG_2);
                f::LIST_APPEND
            }
            ScopeKind::SetComp => {
                self.pop_reg(Self::ARG_2);
                f::STORE_SET
            }
            _ => {
                self.pop_reg(Self::ARG_2);
                self.pop_reg(Self::ARG_3);
                f::STORE_MAP
            }
        };
        self.access_stack(collection_stack_index as usize, Self::ARG_1);
        self.call(fun);
    }

    fn unpack_sequence(&mut self, n: u32) {
        self.pop_reg(Self::ARG_1);
        self.stack_ptr_for_push(Self::ARG_3, n as usize);
        self.call_with_imm_arg(f::UNPACK_SEQUENCE, i64::from(n), Self::ARG_2);
    }

    fn unpack_ex(&mut self, n_left: u32, n_right: u32) {
        self.pop_reg(Self::ARG_1);
        self.stack_ptr_for_push(Self::ARG_3, (n_left + n_right + 1) as usize);
        self.call_with_imm_arg(
            f::UNPACK_EX,
            i64::from(n_left | (n_right << 8)),
            Self::ARG_2,
        );
    }

    fn make_function(&mut self, child_scope: usize, n_pos_defaults: u32, n_kw_defaults: u32) {
        self.mov_reg_state(Self::ARG_2, self.local_idx_fun_obj());
        self.asm.load_reg_reg_offset(
            Width::Word,
            Self::ARG_2,
            Self::ARG_2,
            OFFSETOF_OBJ_FUN_BC_CONTEXT,
        );
        if n_pos_defaults == 0 && n_kw_defaults == 0 {
            self.need_reg_all();
            self.asm.mov_reg_imm(Self::ARG_3, 0);
        } else {
            self.stack_ptr_for_pop(Self::ARG_3, 2);
            self.need_reg_all();
        }
        self.load_reg_with_child(Self::ARG_1, child_scope);
        self.asm.call_ind(f::MAKE_FUNCTION_FROM_PROTO_FUN);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn make_closure(
        &mut self,
        child_scope: usize,
        n_closed: u32,
        n_pos_defaults: u32,
        n_kw_defaults: u32,
    ) {
        self.mov_reg_state(Self::ARG_2, self.local_idx_fun_obj());
        self.asm.load_reg_reg_offset(
            Width::Word,
            Self::ARG_2,
            Self::ARG_2,
            OFFSETOF_OBJ_FUN_BC_CONTEXT,
        );
        let defaults = n_pos_defaults != 0 || n_kw_defaults != 0;
        if !defaults {
            self.need_reg_all();
            self.asm.mov_reg_imm(Self::ARG_3, 0);
        } else {
            self.stack_ptr_for_pop(Self::ARG_3, 2 + n_closed as usize);
            self.adjust_stack(2 + n_closed as isize);
            self.need_reg_all();
        }
        self.load_reg_with_child(Self::ARG_1, child_scope);
        self.asm.call_ind(f::MAKE_FUNCTION_FROM_PROTO_FUN);
        if Self::ARG_1 != Self::RET {
            self.asm.mov_reg_reg(Self::ARG_1, Self::RET);
        }
        self.asm.mov_reg_imm(Self::ARG_2, i64::from(n_closed));
        self.stack_ptr_for_pop(Self::ARG_3, n_closed as usize);
        if defaults {
            self.adjust_stack(-2);
        }
        self.asm.call_ind(f::NEW_CLOSURE);
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn call_function(&mut self, n_pos: u32, n_kw: u32, star_flags: u32) {
        let n_args = (n_pos + 2 * n_kw) as usize;
        let vtype_fun = self.peek_vtype(n_args);
        if vtype_fun == VType::BuiltinCast {
            self.viper_cast(n_pos);
            return;
        }
        if star_flags != 0 {
            self.stack_ptr_for_pop(Self::ARG_3, n_args + 2);
            self.call_with_2_imm_args(
                f::CALL_METHOD_N_KW_VAR,
                0,
                Self::ARG_1,
                i64::from(n_pos | (n_kw << 8)),
                Self::ARG_2,
            );
        } else {
            if n_pos != 0 || n_kw != 0 {
                self.stack_ptr_for_pop(Self::ARG_3, n_args);
            }
            self.pop_reg(Self::ARG_1);
            self.call_with_imm_arg(
                f::NATIVE_CALL_FUNCTION_N_KW,
                i64::from(n_pos | (n_kw << 8)),
                Self::ARG_2,
            );
        }
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn call_method(&mut self, n_pos: u32, n_kw: u32, star_flags: u32) {
        let n_args = (n_pos + 2 * n_kw) as usize;
        if star_flags != 0 {
            self.stack_ptr_for_pop(Self::ARG_3, n_args + 3);
            self.call_with_2_imm_args(
                f::CALL_METHOD_N_KW_VAR,
                1,
                Self::ARG_1,
                i64::from(n_pos | (n_kw << 8)),
                Self::ARG_2,
            );
        } else {
            self.stack_ptr_for_pop(Self::ARG_3, 2 + n_args);
            self.call_with_2_imm_args(
                f::CALL_METHOD_N_KW,
                i64::from(n_pos),
                Self::ARG_1,
                i64::from(n_kw),
                Self::ARG_2,
            );
        }
        self.push_reg(VType::PyObj, Self::RET);
    }

    fn return_value(&mut self) {
        if self.generator() {
            self.stack_ptr_for_pop(Self::TEMP0, 1);
            self.mov_state_reg(OFFSETOF_CODE_STATE_SP, Self::TEMP0);
            self.asm.mov_reg_imm(Self::TEMP0, VM_RETURN_NORMAL);
            self.asm
                .mov_local_reg(Self::local_idx_ret_val(), Self::TEMP0);
            let (exit, depth) = (self.exit_label, self.exc_stack.len() as u32);
            self.unwind_jump(exit, depth);
            return;
        }
        if self.viper {
            self.viper_return();
        } else {
            self.pop_reg(Self::RET);
        }
        if self.need_global_exc_handler() {
            self.asm.mov_local_reg(Self::local_idx_ret_val(), Self::RET);
        }
        let (exit, depth) = (self.exit_label, self.exc_stack.len() as u32);
        self.unwind_jump(exit, depth);
    }

    fn raise_varargs(&mut self, n: u32) {
        if n != 1 {
            self.set_fatal(M::NATIVE_RAISE);
            return;
        }
        let vt = self.pop_reg(Self::ARG_1);
        if vt != VType::PyObj {
            self.viper_type_error(M::MUST_RAISE_OBJECT.into());
        }
        self.call(f::NATIVE_RAISE);
        self.asm.suppress_code();
    }

    fn yield_(&mut self, from: bool) {
        if self.viper {
            self.set_fatal(M::NATIVE_YIELD);
            return;
        }
        self.scope.flags |= SCOPE_FLAG_GENERATOR;
        self.need_stack_settled();
        let base = self.label_slot;
        if from {
            self.native_jump(base + 2);
            self.label_assign_settled(base + 1);
        }
        self.stack_ptr_for_pop(Self::TEMP0, 1);
        self.mov_state_reg(OFFSETOF_CODE_STATE_SP, Self::TEMP0);
        self.asm.mov_reg_imm(Self::TEMP0, VM_RETURN_YIELD);
        self.asm
            .mov_local_reg(Self::local_idx_ret_val(), Self::TEMP0);
        self.asm.mov_reg_pcrel(Self::TEMP0, base);
        self.mov_state_reg(self.local_idx_gen_pc(), Self::TEMP0);
        let exit = self.exit_label;
        self.asm.jump(exit);
        self.asm.label_assign(base);
        if let Some(e) = self.exc_stack.iter().rev().find(|e| e.is_active) {
            let l = e.label;
            self.asm.mov_reg_pcrel(Self::RET, l);
            self.asm
                .mov_local_reg(Self::local_idx_exc_handler_pc(), Self::RET);
        }
        self.adjust_stack_size(1);
        if !from {
            self.asm
                .mov_reg_local(Self::ARG_1, Self::local_idx_throw_val());
            self.mov_local_null(Self::local_idx_throw_val(), Self::ARG_2);
            self.call(f::NATIVE_RAISE);
        } else {
            self.label_assign_settled(base + 2);
            self.asm
                .mov_reg_local(Self::ARG_3, Self::local_idx_throw_val());
            self.asm.mov_reg_imm(Self::ARG_2, 0);
            self.asm
                .mov_local_reg(Self::local_idx_throw_val(), Self::ARG_2);
            self.pop_reg(Self::ARG_2);
            self.access_stack(1, Self::ARG_1);
            self.push_reg(VType::PyObj, Self::ARG_3);
            self.stack_ptr_for_pop(Self::ARG_3, 1);
            self.call(f::NATIVE_YIELD_FROM);
            self.asm.jump_if_reg_nonzero(Self::RET, base + 1, true);
            self.adjust_stack_size(1);
            self.fold_stack_top(Self::ARG_1);
        }
    }

    fn start_except_handler(&mut self) {
        self.leave_exc_stack(true);
        self.asm
            .mov_reg_local(Self::TEMP0, Self::local_idx_exc_val());
        self.push_reg(VType::PyObj, Self::TEMP0);
    }

    fn end_except_handler(&mut self) {}

    fn set_label_slot(&mut self, next_label: u32) {
        self.label_slot = next_label;
    }
}
