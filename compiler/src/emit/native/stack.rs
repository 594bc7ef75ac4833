//! The value-stack model of the native emitter (py/emitnative.c `need_reg_*`,
//! `emit_access_stack`, `emit_pre_pop_*`, `emit_post_push_*`, `emit_get_stack_pointer_*`): which
//! Python stack entries are in their frame slot, in a register or still compile-time
//! immediates, and the spills and loads that move them, in the reference's order.

use super::*;
use crate::error::native_msg as M;

impl<A: Assembler> NativeEmitter<A> {
    // --- the value-stack model ---

    pub(super) fn ensure(&mut self, n: usize) {
        if self.info.len() < self.stack_size + n {
            self.info.resize(
                self.stack_size + n + 8,
                Slot {
                    vtype: VType::Unbound,
                    kind: Kind::Value,
                },
            );
        }
    }

    pub(super) fn adjust_stack(&mut self, delta: isize) {
        let new = self.stack_size as isize + delta;
        self.stack_size = new.max(0) as usize;
        self.ensure(0);
        if self.pass > Pass::Scope && self.stack_size as u32 > self.scope.stack_size {
            self.scope.stack_size = self.stack_size as u32;
        }
    }

    pub(super) fn peek(&self, depth: usize) -> Slot {
        self.info[self.stack_size - 1 - depth]
    }

    pub(super) fn peek_vtype(&self, depth: usize) -> VType {
        if self.viper {
            self.peek(depth).vtype
        } else {
            VType::PyObj
        }
    }

    /// Spill every register entry holding `reg`, except the one at `skip` (1 = TOS, 0 = none).
    pub(super) fn need_reg_single(&mut self, reg: Reg, skip: usize) {
        let skip = self.stack_size as isize - skip as isize;
        for i in 0..self.stack_size {
            if i as isize != skip {
                if let Kind::Reg(r) = self.info[i].kind {
                    if r == reg {
                        self.info[i].kind = Kind::Value;
                        self.mov_state_reg(self.stack_start + i as u32, r);
                    }
                }
            }
        }
    }

    pub(super) fn need_reg_all(&mut self) {
        for i in 0..self.stack_size {
            if let Kind::Reg(r) = self.info[i].kind {
                self.info[i].kind = Kind::Value;
                self.mov_state_reg(self.stack_start + i as u32, r);
            }
        }
    }

    /// Materialise an immediate into `reg` (`load_reg_stack_imm`).
    pub(super) fn load_reg_stack_imm(
        &mut self,
        reg: Reg,
        si: Slot,
        convert_to_pyobj: bool,
    ) -> VType {
        let Kind::Imm(v) = si.kind else {
            return si.vtype;
        };
        if !convert_to_pyobj && self.viper {
            self.asm.mov_reg_imm(reg, v);
            return si.vtype;
        }
        match si.vtype {
            VType::PyObj => self.asm.mov_reg_imm(reg, v),
            VType::Bool => self.mov_reg_const(reg, f::CONST_FALSE_OBJ + v as u32),
            VType::Int | VType::Uint => self.asm.mov_reg_imm(reg, v.wrapping_shl(1) | 1),
            VType::PtrNone => self.mov_reg_const(reg, f::CONST_NONE_OBJ),
            _ => self.set_fatal(M::CONVERSION_TO_OBJECT),
        }
        VType::PyObj
    }

    pub(super) fn need_stack_settled(&mut self) {
        self.need_reg_all();
        for i in 0..self.stack_size {
            let si = self.info[i];
            if let Kind::Imm(_) = si.kind {
                self.info[i].kind = Kind::Value;
                let vt = self.load_reg_stack_imm(Self::TEMP1, si, false);
                self.info[i].vtype = vt;
                self.mov_state_reg(self.stack_start + i as u32, Self::TEMP1);
            }
        }
    }

    /// `emit_access_stack`: load entry `pos` (1 = TOS) into `reg`.
    pub(super) fn access_stack(&mut self, pos: usize, reg: Reg) -> VType {
        self.need_reg_single(reg, pos);
        let idx = self.stack_size - pos;
        let si = self.info[idx];
        match si.kind {
            Kind::Value => {
                self.mov_reg_state(reg, self.stack_start + idx as u32);
                si.vtype
            }
            Kind::Reg(r) => {
                if r != reg {
                    self.asm.mov_reg_reg(reg, r);
                }
                si.vtype
            }
            Kind::Imm(_) => self.load_reg_stack_imm(reg, si, false),
        }
    }

    pub(super) fn fold_stack_top(&mut self, reg: Reg) {
        let i = self.stack_size - 2;
        self.info[i] = self.info[i + 1];
        if self.info[i].kind == Kind::Value {
            self.mov_reg_state(reg, self.stack_start + self.stack_size as u32 - 1);
            self.info[i].kind = Kind::Reg(reg);
        }
        self.adjust_stack(-1);
    }

    /// `emit_pre_pop_reg_flexible`: returns (vtype, register the value is in).
    pub(super) fn pop_reg_flexible(
        &mut self,
        reg: Reg,
        not1: Option<Reg>,
        not2: Option<Reg>,
    ) -> (VType, Reg) {
        let si = self.peek(0);
        let out = match si.kind {
            Kind::Reg(r) if Some(r) != not1 && Some(r) != not2 => {
                self.need_reg_single(r, 1);
                (si.vtype, r)
            }
            _ => (self.access_stack(1, reg), reg),
        };
        self.adjust_stack(-1);
        out
    }

    pub(super) fn pop_discard(&mut self) {
        self.adjust_stack(-1);
    }

    pub(super) fn pop_reg(&mut self, reg: Reg) -> VType {
        let vt = self.access_stack(1, reg);
        self.adjust_stack(-1);
        vt
    }

    pub(super) fn push_reg(&mut self, vtype: VType, reg: Reg) {
        self.ensure(1);
        self.info[self.stack_size] = Slot {
            vtype,
            kind: Kind::Reg(reg),
        };
        self.adjust_stack(1);
    }

    pub(super) fn push_imm(&mut self, vtype: VType, v: i64) {
        self.ensure(1);
        self.info[self.stack_size] = Slot {
            vtype,
            kind: Kind::Imm(v),
        };
        self.adjust_stack(1);
    }

    pub(super) fn set_top_vtype(&mut self, vtype: VType) {
        let i = self.stack_size - 1;
        self.info[i].vtype = vtype;
    }

    pub(super) fn call(&mut self, fun: u32) {
        self.need_reg_all();
        self.asm.call_ind(fun);
    }

    pub(super) fn call_with_imm_arg(&mut self, fun: u32, v: i64, reg: Reg) {
        self.need_reg_all();
        self.asm.mov_reg_imm(reg, v);
        self.asm.call_ind(fun);
    }

    pub(super) fn call_with_2_imm_args(&mut self, fun: u32, v1: i64, r1: Reg, v2: i64, r2: Reg) {
        self.need_reg_all();
        self.asm.mov_reg_imm(r1, v1);
        self.asm.mov_reg_imm(r2, v2);
        self.asm.call_ind(fun);
    }

    pub(super) fn call_with_qstr_arg(&mut self, fun: u32, qst: &Rc<str>, reg: Reg) {
        self.need_reg_all();
        self.mov_reg_qstr(reg, qst);
        self.asm.call_ind(fun);
    }

    /// `emit_get_stack_pointer_to_reg_for_pop`: the top `n` entries as objects in memory.
    pub(super) fn stack_ptr_for_pop(&mut self, reg: Reg, n: usize) {
        self.need_reg_all();
        for i in 0..n {
            let idx = self.stack_size - 1 - i;
            let si = self.info[idx];
            if let Kind::Imm(_) = si.kind {
                self.info[idx].kind = Kind::Value;
                let vt = self.load_reg_stack_imm(reg, si, true);
                self.info[idx].vtype = vt;
                self.mov_state_reg(self.stack_start + idx as u32, reg);
            }
        }
        for i in 0..n {
            let idx = self.stack_size - 1 - i;
            let si = self.info[idx];
            if si.vtype != VType::PyObj {
                let local_num = self.stack_start + idx as u32;
                self.mov_reg_state(Self::ARG_1, local_num);
                self.call_with_imm_arg(f::CONVERT_NATIVE_TO_OBJ, si.vtype as i64, Self::ARG_2);
                self.mov_state_reg(local_num, Self::RET);
                self.info[idx].vtype = VType::PyObj;
            }
        }
        self.adjust_stack(-(n as isize));
        self.mov_reg_state_addr(reg, self.stack_start + self.stack_size as u32);
    }

    /// `emit_get_stack_pointer_to_reg_for_push`.
    pub(super) fn stack_ptr_for_push(&mut self, reg: Reg, n: usize) {
        self.need_reg_all();
        self.ensure(n);
        for i in 0..n {
            self.info[self.stack_size + i] = Slot {
                vtype: VType::PyObj,
                kind: Kind::Value,
            };
        }
        self.mov_reg_state_addr(reg, self.stack_start + self.stack_size as u32);
        self.adjust_stack(n as isize);
    }
}
