//! The emitter interface (py/emit.h): the code generator in [`crate::compile`] walks each scope
//! once per [`Pass`] and calls these methods; an emitter turns them into bytes. The bytecode
//! emitter is [`bytecode::BytecodeEmitter`].
//!
//! [`EmitCommon`] is the state shared by all scopes of a module (py/emitcommon.c): the qstr
//! table, the constant-object table and the child raw codes of the scope being compiled.

pub(crate) mod bytecode;
pub(crate) mod inline_thumb;
pub(crate) mod jump_blocks;
pub(crate) mod jump_passes;
pub(crate) mod native;
pub(crate) mod select;

use crate::ast::Const;
use crate::error::CompileError;
use crate::scope::Scope;
use rustc_hash::FxHashMap;
use std::hash::{Hash, Hasher};
use std::rc::Rc;

/// Compiler passes (py/emit.h `pass_kind_t`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Pass {
    Scope,
    StackSize,
    CodeSize,
    Emit,
}

/// Kinds of `build` (py/emit.h `MP_EMIT_BUILD_*`), in opcode order from `BUILD_TUPLE`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Build {
    Tuple = 0,
    List = 1,
    Map = 2,
    Set = 3,
    Slice = 4,
}

/// Kinds of exception blocks (py/emit.h `MP_EMIT_SETUP_BLOCK_*`), in opcode order from
/// `SETUP_WITH`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Block {
    With = 0,
    Except = 1,
    Finally = 2,
}

/// How an identifier is accessed (py/emitcommon.c `mp_emit_common_id_op`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdOp {
    /// `*_NAME` (module/class level, implicit global).
    Name,
    /// `*_GLOBAL`.
    Global,
    /// `*_FAST` slot.
    Fast(u32),
    /// `*_DEREF` cell slot.
    Deref(u32),
}

/// Subscript operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Access {
    Load,
    Store,
    Delete,
}

/// Flag ORed into a break label when leaving a `for` loop (4 iterator slots to pop).
pub(crate) const BREAK_FROM_FOR: u32 = 0x8000;

/// Module-wide tables (py/emitcommon.c).
#[derive(Debug, Default)]
pub(crate) struct EmitCommon {
    pub(crate) qstrs: Vec<Rc<str>>,
    qstr_map: FxHashMap<Rc<str>, usize>,
    /// `qstr_map` by the address of the `Rc`: identifiers share their `Rc` (lowering interns
    /// them), so most lookups hash a pointer instead of the text. The entry keeps its `Rc`, so
    /// the address cannot be reused by another string while it is in the map.
    qstr_by_addr: FxHashMap<usize, (Rc<str>, usize)>,
    pub(crate) objs: Vec<Const>,
    /// `objs` indices by [`const_hash`], in table order: candidates for `strictly_equal`.
    obj_map: FxHashMap<u64, Vec<usize>>,
    /// Children (scope indices) allocated by the current scope in the current pass.
    pub(crate) children: Vec<usize>,
    pub(crate) pass: Option<Pass>,
}

impl EmitCommon {
    /// A new table whose qstr 0 is the source file name.
    pub(crate) fn new(source_name: &str) -> Self {
        let mut c = EmitCommon::default();
        c.use_qstr(&Rc::from(source_name));
        c
    }

    /// Index of a qstr, adding it on first use.
    pub(crate) fn use_qstr(&mut self, q: &Rc<str>) -> usize {
        let addr = q.as_ptr() as usize;
        if let Some((_, i)) = self.qstr_by_addr.get(&addr) {
            return *i;
        }
        // Qstrs are their bytes: an identifier and a string spelled with different stand-ins
        // for the same bytes are one qstr (see `lower::strlit::canonical`).
        let key = match crate::lower::strlit::canonical(q) {
            std::borrow::Cow::Borrowed(_) => q.clone(),
            std::borrow::Cow::Owned(s) => Rc::from(s),
        };
        let i = match self.qstr_map.get(&key) {
            Some(&i) => i,
            None => {
                self.qstrs.push(key.clone());
                self.qstr_map.insert(key, self.qstrs.len() - 1);
                self.qstrs.len() - 1
            }
        };
        self.qstr_by_addr.insert(addr, (q.clone(), i));
        i
    }

    /// Index of a constant object; equal ("strictly equal") objects share one entry: the first
    /// strictly equal one in table order, as the reference's scan finds.
    pub(crate) fn use_const_obj(&mut self, c: &Const) -> usize {
        let candidates = self.obj_map.entry(const_hash(c)).or_default();
        let objs = &self.objs;
        if let Some(&i) = candidates
            .iter()
            .find(|&&i| objs.get(i).is_some_and(|o| o.strictly_equal(c)))
        {
            return i;
        }
        candidates.push(objs.len());
        self.objs.push(c.clone());
        self.objs.len() - 1
    }

    /// `mp_emit_common_start_pass`: child numbering restarts for each scope pass.
    pub(crate) fn start_pass(&mut self, pass: Pass) {
        self.pass = Some(pass);
        self.children.clear();
    }

    /// Allocate the next child index for `scope` (py/emitcommon.c `alloc_const_child`).
    pub(crate) fn alloc_child(&mut self, scope: usize) -> usize {
        self.children.push(scope);
        self.children.len() - 1
    }
}

/// A hash under which strictly equal constants (`Const::strictly_equal`) always collide: floats
/// by their bits (strictly equal floats have the same bits), complex values by value with both
/// zeros alike (`0j` equals `-0j`), containers item by item.
fn const_hash(c: &Const) -> u64 {
    fn feed(c: &Const, h: &mut rustc_hash::FxHasher) {
        std::mem::discriminant(c).hash(h);
        match c {
            Const::Int(i) => i.hash(h),
            Const::Float(f) => f.to_bits().hash(h),
            Const::Complex(f) => (if *f == 0.0 { 0 } else { f.to_bits() }).hash(h),
            Const::Str(s) => s.hash(h),
            Const::Bytes(b) => b.hash(h),
            Const::None | Const::False | Const::True | Const::Ellipsis | Const::FunTable => {}
            Const::Tuple(items) => {
                items.len().hash(h);
                for item in items.iter() {
                    feed(item, h);
                }
            }
        }
    }
    let mut h = rustc_hash::FxHasher::default();
    feed(c, &mut h);
    h.finish()
}

/// The operations a code generator drives (py/emit.h `emit_method_table_t`).
pub(crate) trait Emitter {
    fn start_pass(&mut self, pass: Pass, scope: &Scope);
    /// Finish a pass; `Ok(false)` asks for another EMIT pass (jump sizes changed).
    fn end_pass(&mut self, scope: &mut Scope) -> Result<bool, CompileError>;
    fn adjust_stack_size(&mut self, delta: i32);
    fn set_source_line(&mut self, line: u32);
    fn load_id(&mut self, op: IdOp, qst: &Rc<str>);
    fn store_id(&mut self, op: IdOp, qst: &Rc<str>);
    fn delete_id(&mut self, op: IdOp, qst: &Rc<str>);
    fn label_assign(&mut self, label: u32);
    fn import_name(&mut self, qst: &Rc<str>);
    fn import_from(&mut self, qst: &Rc<str>);
    fn import_star(&mut self);
    fn load_const_tok(&mut self, tok: crate::ast::Token);
    fn load_const_small_int(&mut self, v: i64);
    fn load_const_str(&mut self, qst: &Rc<str>);
    fn load_const_obj(&mut self, obj: &Const);
    fn load_null(&mut self);
    fn load_method(&mut self, qst: &Rc<str>, is_super: bool);
    fn load_build_class(&mut self);
    fn subscr(&mut self, kind: Access);
    fn attr(&mut self, qst: &Rc<str>, kind: Access);
    fn dup_top(&mut self);
    fn dup_top_two(&mut self);
    fn pop_top(&mut self);
    fn rot_two(&mut self);
    fn rot_three(&mut self);
    fn jump(&mut self, label: u32);
    fn pop_jump_if(&mut self, cond: bool, label: u32);
    fn jump_if_or_pop(&mut self, cond: bool, label: u32);
    fn unwind_jump(&mut self, label: u32, except_depth: u32);
    fn setup_block(&mut self, label: u32, kind: Block);
    fn with_cleanup(&mut self, label: u32);
    fn async_with_setup_finally(
        &mut self,
        aexit_no_exc: u32,
        finally_block: u32,
        ret_unwind_jump: u32,
    );
    fn end_finally(&mut self);
    fn get_iter(&mut self, use_stack: bool);
    fn for_iter(&mut self, label: u32);
    fn for_iter_end(&mut self);
    fn pop_except_jump(&mut self, label: u32, within_exc_handler: bool);
    fn unary_op(&mut self, op: u8);
    /// A binary op; `not in`/`is not` are passed as `IN`/`IS` with `invert`.
    fn binary_op(&mut self, op: u8, invert: bool);
    fn build(&mut self, n: u32, kind: Build);
    fn store_map(&mut self);
    fn store_comp(&mut self, kind: crate::scope::ScopeKind, collection_stack_index: u32);
    fn unpack_sequence(&mut self, n: u32);
    fn unpack_ex(&mut self, n_left: u32, n_right: u32);
    fn make_function(&mut self, child_scope: usize, n_pos_defaults: u32, n_kw_defaults: u32);
    fn make_closure(
        &mut self,
        child_scope: usize,
        n_closed: u32,
        n_pos_defaults: u32,
        n_kw_defaults: u32,
    );
    fn call_function(&mut self, n_pos: u32, n_kw: u32, star_flags: u32);
    fn call_method(&mut self, n_pos: u32, n_kw: u32, star_flags: u32);
    fn return_value(&mut self);
    fn raise_varargs(&mut self, n: u32);
    /// `YIELD_VALUE` (from = false) or `YIELD_FROM`.
    fn yield_(&mut self, from: bool);
    fn start_except_handler(&mut self);
    fn end_except_handler(&mut self);
    /// The compiler's next label number before an operation that uses labels the compiler
    /// reserved for native code (`*emit->label_slot` of py/emitnative.c). Bytecode ignores it.
    fn set_label_slot(&mut self, _next_label: u32) {}
}
