//! Native emitter helpers behind several operations: locals and cells (fast / deref loads and
//! stores with their viper type checks), conditional jumps, `with` setup, object subscripts.

use super::*;
use crate::emit::Emitter;
use crate::error::{fill, native_msg as M};
use mpyc_targets::Width;

/// `MP_OBJ_SENTINEL` as the reference's 64-bit host writes it.
const OBJ_SENTINEL: i64 = 4;

impl<A: Assembler> NativeEmitter<A> {
    pub(super) fn load_fast(&mut self, qst: &Rc<str>, local_num: u32) {
        let vtype = self
            .local_vtype
            .get(local_num as usize)
            .copied()
            .unwrap_or(VType::PyObj);
        if vtype == VType::Unbound {
            self.viper_type_error(fill(M::USED_BEFORE_TYPE, &[qst]));
        }
        if let Some(r) = self.local_in_reg(local_num) {
            self.push_reg(vtype, r);
        } else {
            self.need_reg_single(Self::TEMP0, 0);
            let slot = self.local_idx_local_var(local_num);
            self.mov_reg_state(Self::TEMP0, slot);
            self.push_reg(vtype, Self::TEMP0);
        }
    }

    pub(super) fn load_deref(&mut self, qst: &Rc<str>, local_num: u32) {
        self.need_reg_single(Self::RET, 0);
        self.load_fast(qst, local_num);
        let (_, base) = self.pop_reg_flexible(Self::RET, None, None);
        self.asm
            .load_reg_reg_offset(Width::Word, Self::RET, base, 1);
        self.push_reg(VType::PyObj, Self::RET);
    }

    pub(super) fn store_fast(&mut self, qst: &Rc<str>, local_num: u32) {
        let vtype = if let Some(r) = self.local_in_reg(local_num) {
            self.pop_reg(r)
        } else {
            let vt = self.pop_reg(Self::TEMP0);
            let slot = self.local_idx_local_var(local_num);
            self.mov_state_reg(slot, Self::TEMP0);
            vt
        };
        let Some(cur) = self.local_vtype.get_mut(local_num as usize) else {
            return;
        };
        if *cur == VType::Unbound {
            *cur = vtype;
        } else if *cur != vtype {
            let cur = *cur;
            self.viper_type_error(fill(M::LOCAL_TYPE, &[qst, cur.name(), vtype.name()]));
        }
    }

    pub(super) fn store_deref(&mut self, qst: &Rc<str>, local_num: u32) {
        self.need_reg_single(Self::TEMP0, 0);
        self.need_reg_single(Self::TEMP1, 0);
        self.load_fast(qst, local_num);
        let (_, base) = self.pop_reg_flexible(Self::TEMP0, None, None);
        let (_, src) = self.pop_reg_flexible(Self::TEMP1, Some(base), Some(base));
        self.asm.store_reg_reg_offset(Width::Word, src, base, 1);
    }

    /// Pop a value to be passed as an object in `reg`, converting a native value through
    /// `native_to_obj` (`store_global`, `load_subscr` index).
    pub(super) fn pop_as_obj(&mut self, reg: Reg) {
        let vtype = self.peek_vtype(0);
        if vtype == VType::PyObj {
            self.pop_reg(reg);
        } else {
            self.pop_reg(Self::ARG_1);
            self.call_with_imm_arg(f::CONVERT_NATIVE_TO_OBJ, vtype as i64, Self::ARG_2);
            self.asm.mov_reg_reg(reg, Self::RET);
        }
    }

    pub(super) fn jump_helper(&mut self, cond: bool, label: Label, pop: bool) {
        let mut vtype = self.peek_vtype(0);
        if vtype == VType::PyObj {
            self.pop_reg(Self::ARG_1);
            if !pop {
                self.adjust_stack(1);
            }
            self.call(f::OBJ_IS_TRUE);
        } else {
            vtype = self.pop_reg(Self::RET);
            if !pop {
                self.adjust_stack(1);
            }
            if !matches!(vtype, VType::Bool | VType::Int | VType::Uint) {
                self.viper_type_error(fill(M::IMPLICIT_BOOL, &[vtype.name()]));
            }
        }
        if !pop {
            self.saved_stack_vtype = vtype;
        }
        self.need_stack_settled();
        let byte = vtype == VType::PyObj;
        if cond {
            self.asm.jump_if_reg_nonzero(Self::RET, label, byte);
        } else {
            self.asm.jump_if_reg_zero(Self::RET, label, byte);
        }
        if !pop {
            self.adjust_stack(-1);
        }
    }

    pub(super) fn setup_with(&mut self, label: Label) {
        self.access_stack(1, Self::ARG_1);
        self.stack_ptr_for_push(Self::ARG_3, 2);
        self.call_with_qstr_arg(f::LOAD_METHOD, &Rc::from("__exit__"), Self::ARG_2);
        let vt = self.pop_reg(Self::ARG_3);
        let vt2 = self.pop_reg(Self::ARG_2);
        let vt1 = self.pop_reg(Self::ARG_1);
        let _ = (vt, vt2);
        self.push_reg(vt1, Self::ARG_2);
        self.push_reg(vt1, Self::ARG_3);
        self.stack_ptr_for_push(Self::ARG_3, 2);
        self.call_with_qstr_arg(f::LOAD_METHOD, &Rc::from("__enter__"), Self::ARG_2);
        self.stack_ptr_for_pop(Self::ARG_3, 2);
        self.call_with_2_imm_args(f::CALL_METHOD_N_KW, 0, Self::ARG_1, 0, Self::ARG_2);
        self.push_reg(VType::PyObj, Self::RET);
        self.need_stack_settled();
        self.push_exc_stack(label, true);
        self.dup_top();
    }

    pub(super) fn native_jump(&mut self, label: Label) {
        self.need_stack_settled();
        self.asm.jump(label);
        self.asm.suppress_code();
    }
}

impl<A: Assembler> NativeEmitter<A> {
    pub(super) fn load_subscr(&mut self) {
        let vtype_base = self.peek_vtype(1);
        if vtype_base == VType::PyObj {
            self.pop_as_obj(Self::ARG_2);
            self.pop_reg(Self::ARG_1);
            self.call_with_imm_arg(f::OBJ_SUBSCR, OBJ_SENTINEL, Self::ARG_3);
            self.push_reg(VType::PyObj, Self::RET);
        } else {
            self.viper_load_subscr();
        }
    }

    pub(super) fn store_subscr(&mut self) {
        let vtype_base = self.peek_vtype(1);
        if vtype_base == VType::PyObj {
            let vi = self.peek_vtype(0);
            let vv = self.peek_vtype(2);
            if vi != VType::PyObj || vv != VType::PyObj {
                self.stack_ptr_for_pop(Self::ARG_1, 3);
                self.adjust_stack(3);
            }
            self.pop_reg(Self::ARG_2);
            self.pop_reg(Self::ARG_1);
            self.pop_reg(Self::ARG_3);
            self.call(f::OBJ_SUBSCR);
        } else {
            self.viper_store_subscr();
        }
    }
}
