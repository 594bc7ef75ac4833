//! Viper-only operations of the native emitter (py/emitnative.c): typed integer arithmetic
//! and comparisons, pointer loads and stores, casts and typed returns.

use super::*;
use crate::error::{fill, native_msg as M};
use mpy_format::opcode::binary as bop;
use mpyc_targets::{Cmp, Shift, Width};

fn ptr_width(v: VType) -> Option<Width> {
    match v {
        VType::Ptr8 => Some(Width::B8),
        VType::Ptr16 => Some(Width::B16),
        VType::Ptr32 => Some(Width::B32),
        _ => None,
    }
}

/// How many times the index is added to the base for a register-indexed access.
fn scale(w: Width) -> usize {
    match w {
        Width::B8 => 1,
        Width::B16 => 2,
        _ => 4,
    }
}

impl<A: Assembler> NativeEmitter<A> {
    /// Integer binary op with both operands int/uint.
    pub(super) fn viper_binary_op(&mut self, op: u8) {
        let mut op = op;
        if (bop::INPLACE_OR..=bop::INPLACE_OR + (bop::POWER - bop::OR)).contains(&op) {
            op += bop::INPLACE_DELTA;
        }
        if let Some(rcx) = A::SHIFT_AMOUNT_REG {
            if op == bop::LSHIFT || op == bop::RSHIFT {
                self.pop_reg(rcx);
                let vtype_lhs = self.pop_reg(Self::RET);
                let kind = if op == bop::LSHIFT {
                    Shift::Lsl
                } else if vtype_lhs == VType::Uint {
                    Shift::Lsr
                } else {
                    Shift::Asr
                };
                self.asm.shift_reg_reg(kind, Self::RET, rcx);
                self.push_reg(vtype_lhs, Self::RET);
                return;
            }
        }
        if op == bop::FLOOR_DIVIDE || op == bop::MODULO {
            self.pop_reg(Self::ARG_2);
            let vtype_lhs = self.pop_reg(Self::ARG_1);
            if vtype_lhs != VType::Int {
                self.viper_type_error(M::DIVMOD_UINT.into());
            }
            let fun = if op == bop::FLOOR_DIVIDE {
                f::SMALL_INT_FLOOR_DIVIDE
            } else {
                f::SMALL_INT_MODULO
            };
            self.call(fun);
            self.push_reg(VType::Int, Self::RET);
            return;
        }
        let (vtype_rhs, reg_rhs) =
            self.pop_reg_flexible(Self::ARG_3, Some(Self::RET), Some(Self::ARG_2));
        let vtype_lhs = self.pop_reg(Self::ARG_2);
        if A::SHIFT_AMOUNT_REG.is_none() && (op == bop::LSHIFT || op == bop::RSHIFT) {
            let kind = if op == bop::LSHIFT {
                Shift::Lsl
            } else if vtype_lhs == VType::Uint {
                Shift::Lsr
            } else {
                Shift::Asr
            };
            self.asm.shift_reg_reg(kind, Self::ARG_2, reg_rhs);
            self.push_reg(vtype_lhs, Self::ARG_2);
            return;
        }
        let alu = match op {
            bop::OR => Some(AluOp::Or),
            bop::XOR => Some(AluOp::Xor),
            bop::AND => Some(AluOp::And),
            bop::ADD => Some(AluOp::Add),
            bop::SUBTRACT => Some(AluOp::Sub),
            bop::MULTIPLY => Some(AluOp::Mul),
            _ => None,
        };
        if let Some(alu) = alu {
            self.asm.alu_reg_reg(alu, Self::ARG_2, reg_rhs);
            self.push_reg(vtype_lhs, Self::ARG_2);
            return;
        }
        let cmp = match op {
            bop::LESS => Some(Cmp::Lt),
            bop::MORE => Some(Cmp::Gt),
            bop::EQUAL => Some(Cmp::Eq),
            bop::LESS_EQUAL => Some(Cmp::Le),
            bop::MORE_EQUAL => Some(Cmp::Ge),
            bop::NOT_EQUAL => Some(Cmp::Ne),
            _ => None,
        };
        if let Some(cmp) = cmp {
            if vtype_lhs != vtype_rhs {
                self.viper_type_error(M::CMP_INT_UINT.into());
            }
            self.need_reg_single(Self::RET, 0);
            let signed = vtype_lhs != VType::Uint;
            self.asm
                .compare_reg_reg(cmp, signed, Self::RET, Self::ARG_2, reg_rhs);
            self.push_reg(VType::Bool, Self::RET);
            return;
        }
        self.adjust_stack(1);
        // mpy-cross has no names for binary operators: the message has an empty name.
        self.viper_type_error(M::BINARY_OP_NOT_IMPLEMENTED.into());
    }

    /// CALL of a cast marker (`int(x)`, `ptr8(x)` ...).
    pub(super) fn viper_cast(&mut self, _n_pos: u32) {
        let cast = match self.peek(1).kind {
            Kind::Imm(v) => VType::from_code(v as u32),
            _ => VType::PyObj,
        };
        match self.peek_vtype(0) {
            VType::PyObj => {
                self.pop_reg(Self::ARG_1);
                self.pop_discard();
                self.call_with_imm_arg(f::CONVERT_OBJ_TO_NATIVE, cast as i64, Self::ARG_2);
                self.push_reg(cast, Self::RET);
            }
            VType::Bool
            | VType::Int
            | VType::Uint
            | VType::Ptr
            | VType::Ptr8
            | VType::Ptr16
            | VType::Ptr32
            | VType::PtrNone => {
                self.fold_stack_top(Self::ARG_1);
                self.set_top_vtype(cast);
            }
            _ => self.set_fatal(M::CASTING),
        }
    }

    pub(super) fn viper_return(&mut self) {
        let ret = VType::from_code((self.scope.flags >> SCOPE_FLAG_VIPERRET_POS) & 0xf);
        if self.peek_vtype(0) == VType::PtrNone {
            self.pop_discard();
            if ret == VType::PyObj {
                self.mov_reg_const(Self::RET, f::CONST_NONE_OBJ);
            } else {
                self.asm.mov_reg_imm(Self::ARG_1, 0);
            }
        } else {
            let reg = if ret == VType::PyObj {
                Self::RET
            } else {
                Self::ARG_1
            };
            let vt = self.pop_reg(reg);
            if vt != ret {
                self.viper_type_error(fill(M::RETURN_TYPE, &[ret.name(), vt.name()]));
            }
        }
        if ret != VType::PyObj {
            self.call_with_imm_arg(f::CONVERT_NATIVE_TO_OBJ, ret as i64, Self::ARG_2);
        }
    }

    pub(super) fn viper_load_subscr(&mut self) {
        let top = self.peek(0);
        if let (VType::Int, Kind::Imm(index)) = (top.vtype, top.kind) {
            self.pop_discard();
            let (vtype_base, reg_base) =
                self.pop_reg_flexible(Self::ARG_1, Some(Self::ARG_2), Some(Self::ARG_2));
            self.need_reg_single(Self::RET, 0);
            match ptr_width(vtype_base) {
                Some(w) => self
                    .asm
                    .load_reg_reg_offset(w, Self::RET, reg_base, index as i32),
                None => self.viper_type_error(fill(M::LOAD_FROM, &[vtype_base.name()])),
            }
        } else {
            let (vtype_index, reg_index) =
                self.pop_reg_flexible(Self::ARG_2, Some(Self::ARG_1), Some(Self::ARG_1));
            let vtype_base = self.pop_reg(Self::ARG_1);
            self.need_reg_single(Self::RET, 0);
            if !matches!(vtype_index, VType::Int | VType::Uint) {
                self.viper_type_error(fill(M::LOAD_INDEX, &[vtype_index.name()]));
            }
            match ptr_width(vtype_base) {
                Some(w) if A::HAS_REG_REG_REG => {
                    self.asm
                        .load_reg_reg_reg(w, Self::RET, Self::ARG_1, reg_index)
                }
                Some(w) => {
                    for _ in 0..scale(w) {
                        self.asm.alu_reg_reg(AluOp::Add, Self::ARG_1, reg_index);
                    }
                    self.asm.load_reg_reg_offset(w, Self::RET, Self::ARG_1, 0);
                }
                None => self.viper_type_error(fill(M::LOAD_FROM, &[vtype_base.name()])),
            }
        }
        self.push_reg(VType::Int, Self::RET);
    }

    /// x86/x64 store values are forced into A3 (edx: byte stores need a low byte register).
    fn pop_store_value(&mut self, not1: Reg, not2: Reg) -> (VType, Reg) {
        if A::STORE_VALUE_IN_ARG3 {
            (self.pop_reg(Self::ARG_3), Self::ARG_3)
        } else {
            self.pop_reg_flexible(Self::ARG_3, Some(not1), Some(not2))
        }
    }

    pub(super) fn viper_store_subscr(&mut self) {
        let top = self.peek(0);
        if let (VType::Int, Kind::Imm(index)) = (top.vtype, top.kind) {
            self.pop_discard();
            let (vtype_base, reg_base) =
                self.pop_reg_flexible(Self::ARG_1, Some(Self::ARG_2), Some(Self::ARG_3));
            let (vtype_value, reg_value) = self.pop_store_value(reg_base, Self::ARG_2);
            if !matches!(vtype_value, VType::Bool | VType::Int | VType::Uint) {
                self.viper_type_error(fill(M::STORE, &[vtype_value.name()]));
            }
            match ptr_width(vtype_base) {
                Some(w) => self
                    .asm
                    .store_reg_reg_offset(w, reg_value, reg_base, index as i32),
                None => self.viper_type_error(fill(M::STORE_TO, &[vtype_base.name()])),
            }
        } else {
            let (vtype_index, reg_index) =
                self.pop_reg_flexible(Self::ARG_2, Some(Self::ARG_1), Some(Self::ARG_3));
            let vtype_base = self.pop_reg(Self::ARG_1);
            if !matches!(vtype_index, VType::Int | VType::Uint) {
                self.viper_type_error(fill(M::STORE_INDEX, &[vtype_index.name()]));
            }
            let (vtype_value, reg_value) = self.pop_store_value(Self::ARG_1, reg_index);
            if !matches!(vtype_value, VType::Bool | VType::Int | VType::Uint) {
                self.viper_type_error(fill(M::STORE, &[vtype_value.name()]));
            }
            match ptr_width(vtype_base) {
                Some(w) if A::HAS_REG_REG_REG => {
                    self.asm
                        .store_reg_reg_reg(w, reg_value, Self::ARG_1, reg_index)
                }
                Some(w) => {
                    for _ in 0..scale(w) {
                        self.asm.alu_reg_reg(AluOp::Add, Self::ARG_1, reg_index);
                    }
                    self.asm.store_reg_reg_offset(w, reg_value, Self::ARG_1, 0);
                }
                None => self.viper_type_error(fill(M::STORE_TO, &[vtype_base.name()])),
            }
        }
    }
}
