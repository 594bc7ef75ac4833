//! Pass start and end for native scopes (py/emitnative.c `emit_native_start_pass`,
//! `emit_native_end_pass`, `emit_native_global_exc_entry/exit`): frame layout, prologues
//! for native, generator and viper functions, the global exception / swap-globals wrapper,
//! the epilogue and the bytecode-style prelude after the machine code.

use super::*;
use mpy_format::mpy::EmitKind;
use mpy_format::prelude::{encode_size, Signature};
use mpy_format::varint::vuint;
use mpyc_targets::{AsmPass, Width};

impl<A: Assembler> NativeEmitter<A> {
    pub(super) fn do_start_pass(&mut self, pass: Pass, scope: &Scope) {
        self.pass = pass;
        self.viper = scope.emit_options == EmitKind::Viper;
        self.stack_size = 0;
        self.exc_stack.clear();
        self.read_scope(scope);

        let n_locals = self.scope.num_locals as usize;
        if self.local_vtype.len() < n_locals {
            self.local_vtype.resize(n_locals, VType::PyObj);
        }
        let mut num_args = (self.scope.num_pos_args + self.scope.num_kwonly_args) as usize;
        if self.scope.flags & crate::scope::SCOPE_FLAG_VARARGS != 0 {
            num_args += 1;
        }
        if self.scope.flags & crate::scope::SCOPE_FLAG_VARKEYWORDS != 0 {
            num_args += 1;
        }
        for i in 0..num_args.min(self.local_vtype.len()) {
            self.local_vtype[i] = VType::PyObj;
        }
        if self.viper {
            for &(local, code) in &self.scope.param_types {
                if let Some(v) = self.local_vtype.get_mut(local as usize) {
                    *v = VType::from_code(code);
                }
            }
        }
        let unbound = if self.viper {
            VType::Unbound
        } else {
            VType::PyObj
        };
        for i in num_args..self.local_vtype.len() {
            self.local_vtype[i] = unbound;
        }
        for s in self.info.iter_mut() {
            *s = Slot {
                vtype: VType::Unbound,
                kind: Kind::Value,
            };
        }

        let asm_pass = if pass == Pass::Emit {
            AsmPass::Emit
        } else {
            AsmPass::Compute
        };
        self.asm.start_pass(asm_pass, self.label_slot as usize + 8);

        self.code_state_start = 0;
        if self.need_global_exc_handler() {
            self.code_state_start = Self::nlr_words() + 1;
            if self.generator() {
                self.code_state_start += 2;
            } else if self.scope.exc_stack_size > 0 {
                self.code_state_start += 1;
            }
        }

        let fun_table_off = self.common.use_const_obj(&crate::ast::Const::FunTable) as i32;

        if self.viper {
            self.viper_entry(fun_table_off);
        } else {
            self.n_state = self.scope.num_locals + self.scope.stack_size;
            self.asm.data(A::WORD_SIZE, self.prelude_ptr_index as u64);
            if self.generator() {
                self.asm.data(A::WORD_SIZE, self.start_offset as u64);
                self.asm.entry(self.code_state_start);
                self.code_state_start = 0;
                self.stack_start = SIZEOF_CODE_STATE;
                if A::C_ARGS_ON_STACK {
                    self.asm.mov_reg_arg(Self::GENERATOR_STATE, 0);
                } else {
                    self.asm.mov_reg_reg(Self::GENERATOR_STATE, Self::ARG_1);
                }
                if A::C_ARGS_ON_STACK {
                    self.asm.mov_reg_arg(Self::ARG_2, 1);
                }
                self.asm
                    .mov_local_reg(Self::local_idx_throw_val(), Self::ARG_2);
                let t0 = Self::TEMP0;
                let fo = self.local_idx_fun_obj() as i32;
                self.asm
                    .load_reg_reg_offset(Width::Word, t0, Self::GENERATOR_STATE, fo);
                self.asm
                    .load_reg_reg_offset(Width::Word, t0, t0, OFFSETOF_OBJ_FUN_BC_CONTEXT);
                self.asm.load_reg_reg_offset(
                    Width::Word,
                    Self::QSTR_TABLE,
                    t0,
                    OFFSETOF_MODULE_CONTEXT_QSTR_TABLE,
                );
                self.asm.load_reg_reg_offset(
                    Width::Word,
                    t0,
                    t0,
                    OFFSETOF_MODULE_CONTEXT_OBJ_TABLE,
                );
                self.asm
                    .load_reg_reg_offset(Width::Word, Self::FUN_TABLE, t0, fun_table_off);
            } else {
                self.stack_start = self.code_state_start + SIZEOF_CODE_STATE;
                self.asm.entry(self.stack_start + self.n_state);
                if A::C_ARGS_ON_STACK {
                    for (i, r) in A::REGS.arg.iter().enumerate() {
                        self.asm.mov_reg_arg(*r, i as u32);
                    }
                }
                self.load_fun_table(fun_table_off);
                self.asm
                    .mov_local_reg(self.local_idx_fun_obj(), Self::ARG_1);
                self.asm.mov_reg_imm(Self::ARG_1, i64::from(self.n_state));
                self.mov_state_reg(
                    self.code_state_start + OFFSETOF_CODE_STATE_N_STATE,
                    Self::ARG_1,
                );
                self.asm
                    .mov_reg_local_addr(Self::ARG_1, self.code_state_start);
                self.asm.call_ind(f::SETUP_CODE_STATE);
            }
            self.global_exc_entry();
            if self.can_use_regs_for_locals() {
                for i in 0..MAX_REGS_FOR_LOCAL_VARS.min(self.scope.num_locals as usize) {
                    let slot = self.local_idx_local_var(i as u32);
                    self.asm.mov_reg_local(Self::REG_LOCAL_TABLE[i], slot);
                }
            }
            for &c in &self.scope.cells {
                if let Some(v) = self.local_vtype.get_mut(c as usize) {
                    *v = VType::PyObj;
                }
            }
        }
    }

    /// `FT = fun->context->obj_table[k]`, `QT = context->qstr_table` from A1.
    fn load_fun_table(&mut self, fun_table_off: i32) {
        let ft = Self::FUN_TABLE;
        self.asm
            .load_reg_reg_offset(Width::Word, ft, Self::ARG_1, OFFSETOF_OBJ_FUN_BC_CONTEXT);
        self.asm.load_reg_reg_offset(
            Width::Word,
            Self::QSTR_TABLE,
            ft,
            OFFSETOF_MODULE_CONTEXT_QSTR_TABLE,
        );
        self.asm
            .load_reg_reg_offset(Width::Word, ft, ft, OFFSETOF_MODULE_CONTEXT_OBJ_TABLE);
        self.asm
            .load_reg_reg_offset(Width::Word, ft, ft, fun_table_off);
    }

    fn viper_entry(&mut self, fun_table_off: i32) {
        self.n_state = self.scope.num_locals + self.scope.stack_size;
        let mut num_locals_in_regs = 0;
        if self.can_use_regs_for_locals() {
            num_locals_in_regs = (self.scope.num_locals as usize).min(MAX_REGS_FOR_LOCAL_VARS);
            if self.scope.num_pos_args as usize > MAX_REGS_FOR_LOCAL_VARS {
                num_locals_in_regs -= 1;
            }
        }
        self.stack_start = if self.need_global_exc_handler() {
            self.code_state_start + 2
        } else if self.scope.flags & SCOPE_FLAG_HASCONSTS != 0 {
            self.code_state_start + 1
        } else {
            self.code_state_start
        };
        self.asm
            .entry(self.stack_start + self.n_state - num_locals_in_regs as u32);
        if A::C_ARGS_ON_STACK {
            self.asm.mov_reg_arg(Self::ARG_1, 0);
        }
        self.load_fun_table(fun_table_off);
        if self.need_fun_obj() {
            self.asm
                .mov_local_reg(self.local_idx_fun_obj(), Self::ARG_1);
        }
        if A::C_ARGS_ON_STACK {
            self.asm.mov_reg_arg(Self::ARG_1, 1);
            self.asm.mov_reg_arg(Self::ARG_2, 2);
            self.asm.mov_reg_arg(Self::LOCAL_LAST, 3);
        } else {
            self.asm.mov_reg_reg(Self::ARG_1, Self::ARG_2);
            self.asm.mov_reg_reg(Self::ARG_2, Self::ARG_3);
            self.asm.mov_reg_reg(Self::LOCAL_LAST, Self::ARG_4);
        }
        let l4 = self.label_slot + 4;
        let l5 = self.label_slot + 5;
        let n_pos = self.scope.num_pos_args;
        self.asm.jump_if_reg_nonzero(Self::ARG_2, l4, true);
        self.asm.mov_reg_imm(Self::ARG_3, i64::from(n_pos));
        self.asm.jump_if_reg_eq(Self::ARG_1, Self::ARG_3, l5);
        self.asm.label_assign(l4);
        let sig = (i64::from(n_pos) << 17) | (i64::from(n_pos) << 1);
        self.asm.mov_reg_imm(Self::ARG_3, sig);
        self.asm.call_ind(f::ARG_CHECK_NUM_SIG);
        self.asm.label_assign(l5);

        for i in 0..n_pos {
            let mut r = Self::ARG_1;
            self.asm
                .load_reg_reg_offset(Width::Word, Self::ARG_1, Self::LOCAL_LAST, i as i32);
            let vt = self
                .local_vtype
                .get(i as usize)
                .copied()
                .unwrap_or(VType::PyObj);
            if vt != VType::PyObj {
                self.call_with_imm_arg(f::CONVERT_OBJ_TO_NATIVE, vt as i64, Self::ARG_2);
                r = Self::RET;
            }
            let iu = i as usize;
            if iu < MAX_REGS_FOR_LOCAL_VARS
                && self.can_use_regs_for_locals()
                && (iu != MAX_REGS_FOR_LOCAL_VARS - 1 || n_pos as usize == MAX_REGS_FOR_LOCAL_VARS)
            {
                self.asm.mov_reg_reg(Self::REG_LOCAL_TABLE[iu], r);
            } else {
                let slot = self.local_idx_local_var(i);
                self.mov_state_reg(slot, r);
            }
        }
        if n_pos as usize > MAX_REGS_FOR_LOCAL_VARS && self.can_use_regs_for_locals() {
            let slot = self.local_idx_local_var(MAX_REGS_FOR_LOCAL_VARS as u32 - 1);
            self.asm.mov_reg_local(Self::LOCAL_LAST, slot);
        }
        self.global_exc_entry();
    }

    fn global_exc_entry(&mut self) {
        self.exit_label = self.label_slot;
        if !self.need_global_exc_handler() {
            return;
        }
        let nlr_label = self.label_slot + 1;
        let start_label = self.label_slot + 2;
        let global_except_label = self.label_slot + 3;
        let gen = self.generator();
        if !gen {
            self.mov_reg_state(Self::ARG_1, self.local_idx_fun_obj());
            self.asm.load_reg_reg_offset(
                Width::Word,
                Self::ARG_1,
                Self::ARG_1,
                OFFSETOF_OBJ_FUN_BC_CONTEXT,
            );
            self.asm.load_reg_reg_offset(
                Width::Word,
                Self::ARG_1,
                Self::ARG_1,
                OFFSETOF_MODULE_CONTEXT_GLOBALS,
            );
            self.call(f::NATIVE_SWAP_GLOBALS);
            self.mov_state_reg(self.local_idx_old_globals(), Self::RET);
        }
        if self.scope.exc_stack_size == 0 {
            if !gen {
                self.asm.jump_if_reg_zero(Self::RET, start_label, false);
            }
            self.asm.mov_reg_local_addr(Self::ARG_1, 0);
            self.call(f::NLR_PUSH);
            self.asm.jump_if_reg_zero(Self::RET, start_label, true);
        } else {
            self.mov_local_null(Self::local_idx_exc_handler_unwind(), Self::TEMP0);
            self.asm
                .mov_local_reg(Self::local_idx_exc_val(), Self::TEMP0);
            self.asm.mov_reg_pcrel(Self::LOCAL_1, start_label);
            self.label_assign_settled(nlr_label);
            self.asm.mov_reg_local_addr(Self::ARG_1, 0);
            self.call(f::NLR_PUSH);
            self.asm
                .jump_if_reg_nonzero(Self::RET, global_except_label, true);
            self.mov_local_null(Self::local_idx_exc_handler_pc(), Self::TEMP0);
            self.asm.jump_reg(Self::LOCAL_1);
            self.label_assign_settled(global_except_label);
            self.asm
                .mov_reg_local(Self::LOCAL_1, Self::local_idx_exc_handler_pc());
            self.asm
                .jump_if_reg_nonzero(Self::LOCAL_1, nlr_label, false);
        }
        if !gen {
            self.mov_reg_state(Self::ARG_1, self.local_idx_old_globals());
            self.call(f::NATIVE_SWAP_GLOBALS);
        }
        if gen {
            self.asm
                .mov_reg_local(Self::TEMP0, Self::local_idx_exc_val());
            self.asm.store_reg_reg_offset(
                Width::Word,
                Self::TEMP0,
                Self::GENERATOR_STATE,
                OFFSETOF_CODE_STATE_STATE,
            );
            self.asm.mov_reg_imm(Self::RET, VM_RETURN_EXCEPTION);
            self.asm.exit();
        } else {
            self.asm
                .mov_reg_local(Self::ARG_1, Self::local_idx_exc_val());
            self.call(f::NATIVE_RAISE);
        }
        self.label_assign_settled(start_label);
        if gen {
            self.mov_reg_state(Self::TEMP0, self.local_idx_gen_pc());
            self.asm.jump_reg(Self::TEMP0);
            self.start_offset = self.asm.code_pos();
            self.asm
                .mov_reg_local(Self::ARG_1, Self::local_idx_throw_val());
            self.mov_local_null(Self::local_idx_throw_val(), Self::ARG_2);
            self.call(f::NATIVE_RAISE);
        }
    }

    fn global_exc_exit(&mut self) {
        let exit = self.exit_label;
        self.label_assign_settled(exit);
        if self.need_global_exc_handler() {
            let gen = self.generator();
            if !gen {
                self.mov_reg_state(Self::ARG_1, self.local_idx_old_globals());
                if self.scope.exc_stack_size == 0 {
                    self.asm.jump_if_reg_zero(Self::ARG_1, exit + 1, false);
                }
                self.call(f::NATIVE_SWAP_GLOBALS);
            }
            self.call(f::NLR_POP);
            if !gen && self.scope.exc_stack_size == 0 {
                self.label_assign_settled(exit + 1);
            }
            self.asm.mov_reg_local(Self::RET, Self::local_idx_ret_val());
        }
        self.asm.exit();
    }

    pub(super) fn do_end_pass(&mut self, scope: &mut Scope) {
        self.global_exc_exit();
        if !self.viper {
            self.prelude_offset = self.asm.code_pos();
            self.prelude_ptr_index = self.common.children.len();
            let sig = Signature {
                n_state: self.n_state,
                n_exc_stack: 0,
                scope_flags: self.scope.flags,
                n_pos_args: self.scope.num_pos_args,
                n_kwonly_args: self.scope.num_kwonly_args,
                n_def_pos_args: self.scope.num_def_pos_args,
            }
            .encode();
            self.asm.buf_mut().write(sig.as_slice());
            let size = encode_size(self.n_info as u32, self.n_cell as u32);
            self.asm.buf_mut().write(size.as_slice());
            let info_start = self.asm.code_pos();
            let mut names = Vec::with_capacity(self.scope.arg_names.len() + 1);
            if let Some(n) = self.scope.simple_name.clone() {
                names.push(n);
            }
            names.extend(self.scope.arg_names.iter().cloned());
            for q in &names {
                let i = self.common.use_qstr(q);
                self.asm.buf_mut().write(vuint(i as u64).as_slice());
            }
            self.n_info = self.asm.code_pos() - info_start;
            let cell_start = self.asm.code_pos();
            for c in self.scope.cells.clone() {
                self.asm.data(1, u64::from(c));
            }
            self.n_cell = self.asm.code_pos() - cell_start;
        }
        self.asm.end_pass();
        scope.stack_size = scope.stack_size.max(self.scope.stack_size);
        scope.scope_flags |= self.scope.flags & (SCOPE_FLAG_HASCONSTS | SCOPE_FLAG_GENERATOR);
        if self.pass == Pass::Emit {
            if self.asm.buf().label_mismatch && self.fatal.is_none() {
                self.fatal = Some(CompileError::new(
                    "RuntimeError",
                    "internal error: native code size changed between passes",
                ));
            }
            self.code = self.asm.buf_mut().take_code();
        }
    }

    /// `emit_native_label_assign`.
    pub(super) fn label_assign_settled(&mut self, l: Label) {
        let is_finally = self
            .exc_stack
            .last()
            .is_some_and(|e| e.is_finally && e.label == l);
        if is_finally {
            self.access_stack(1, Self::TEMP0);
            self.asm
                .mov_local_reg(Self::local_idx_exc_val(), Self::TEMP0);
        }
        self.need_stack_settled();
        self.asm.label_assign(l);
        if is_finally {
            self.leave_exc_stack(false);
        }
    }
}
