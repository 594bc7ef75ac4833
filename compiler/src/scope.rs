//! Scopes and identifier analysis (py/scope.c, py/scope.h, `scope_compute_things` and the id
//! helpers of py/emitcommon.c): which names are locals, cells, free variables or globals, and
//! the local slot numbering that the bytecode uses.

use mpy_format::mpy::EmitKind;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::rc::Rc;

/// py/scope.h `scope_kind_t` (order matters: "function-like" is `>= Lambda`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum ScopeKind {
    Module,
    Class,
    Lambda,
    ListComp,
    DictComp,
    SetComp,
    GenExpr,
    Function,
}

impl ScopeKind {
    pub(crate) fn is_func_like(self) -> bool {
        self >= ScopeKind::Lambda
    }

    pub(crate) fn is_comp_like(self) -> bool {
        matches!(
            self,
            ScopeKind::ListComp | ScopeKind::DictComp | ScopeKind::SetComp | ScopeKind::GenExpr
        )
    }
}

/// py/scope.h `id_info_kind_t`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IdKind {
    Undecided,
    GlobalImplicit,
    GlobalImplicitAssigned,
    GlobalExplicit,
    Local,
    Cell,
    Free,
}

pub(crate) const FLAG_IS_PARAM: u8 = 0x01;
pub(crate) const FLAG_IS_STAR_PARAM: u8 = 0x02;
pub(crate) const FLAG_IS_DBL_STAR_PARAM: u8 = 0x04;
/// Bits 4..6 of a parameter's flags: its viper type code (`ID_FLAG_VIPER_TYPE_POS`).
pub(crate) const FLAG_VIPER_TYPE_POS: u8 = 4;

/// CircuitPython only: `async def` (with GENERATOR). Kept in a bit of its own here, clear of
/// MicroPython's native-only flags (`REFGLOBALS` is 0x10, where CircuitPython's ASYNC sits);
/// the bytecode emitter writes it as `mpy_format::mpy::scope_flag::ASYNC` into signatures.
pub(crate) const SCOPE_FLAG_ASYNC: u32 = 1 << 20;
/// Scope flags stored in the bytecode signature (py/runtime0.h `MP_SCOPE_FLAG_*`).
pub(crate) use mpy_format::mpy::scope_flag::{
    DEFKWARGS as SCOPE_FLAG_DEFKWARGS, GENERATOR as SCOPE_FLAG_GENERATOR,
    VARARGS as SCOPE_FLAG_VARARGS, VARKEYWORDS as SCOPE_FLAG_VARKEYWORDS,
};
/// Compile-time only (never saved; the same bits mean other things in a loaded raw code): the
/// scope references a global or creates a function (native code then swaps globals).
pub(crate) const SCOPE_FLAG_REFGLOBALS: u32 = 0x10;
/// Compile-time only: the scope loads constant objects or creates functions (viper code then
/// keeps `fun_obj`).
pub(crate) const SCOPE_FLAG_HASCONSTS: u32 = 0x20;
/// Bits 6..8 of the scope flags: the viper return type code (compile-time only).
pub(crate) const SCOPE_FLAG_VIPERRET_POS: u32 = 6;

/// One identifier of a scope.
#[derive(Clone, Debug)]
pub(crate) struct IdInfo {
    pub(crate) kind: IdKind,
    pub(crate) flags: u8,
    pub(crate) local_num: u32,
    pub(crate) qst: Rc<str>,
}

/// Scopes with at most this many ids are searched by scanning them, larger ones through
/// their index (hashing a name costs about as much as comparing a dozen addresses).
const SCAN_MAX: usize = 16;

/// A scope: module, class, function, lambda or comprehension.
#[derive(Debug)]
pub(crate) struct Scope {
    pub(crate) kind: ScopeKind,
    pub(crate) parent: Option<usize>,
    pub(crate) simple_name: Rc<str>,
    pub(crate) id_info: Vec<IdInfo>,
    pub(crate) scope_flags: u32,
    pub(crate) emit_options: EmitKind,
    pub(crate) num_pos_args: u32,
    pub(crate) num_kwonly_args: u32,
    pub(crate) num_def_pos_args: u32,
    pub(crate) num_locals: u32,
    pub(crate) stack_size: u32,
    pub(crate) exc_stack_size: u32,
    /// Line of the scope's parse node (errors fall back to it).
    pub(crate) line: u32,
    /// Where each name of `id_info` is, so that lookups (one per identifier use, in every pass)
    /// do not scan the list. A hint: checked on every use and rebuilt when stale (ids are
    /// reordered by `compute_things`) or incomplete.
    index: RefCell<FxHashMap<Rc<str>, usize>>,
}

impl Scope {
    pub(crate) fn new(
        kind: ScopeKind,
        parent: Option<usize>,
        simple_name: Rc<str>,
        emit: EmitKind,
        line: u32,
    ) -> Self {
        Scope {
            kind,
            parent,
            simple_name,
            id_info: Vec::new(),
            scope_flags: 0,
            emit_options: emit,
            num_pos_args: 0,
            num_kwonly_args: 0,
            num_def_pos_args: 0,
            num_locals: 0,
            stack_size: 0,
            exc_stack_size: 0,
            line,
            index: RefCell::default(),
        }
    }

    pub(crate) fn find(&self, qst: &str) -> Option<usize> {
        if self.id_info.len() <= SCAN_MAX {
            // Lowering gives every use of an identifier the same `Rc`: most lookups are settled
            // by address, without comparing text (names are unique, so either finds the same).
            let same = |id: &IdInfo| {
                std::ptr::eq(id.qst.as_ptr(), qst.as_ptr()) && id.qst.len() == qst.len()
            };
            return self
                .id_info
                .iter()
                .position(same)
                .or_else(|| self.id_info.iter().position(|id| &*id.qst == qst));
        }
        // Names are unique in `id_info` (`find_or_add` is the only way in), so an index with as
        // many entries as there are ids has them all.
        {
            let index = self.index.borrow();
            if index.len() == self.id_info.len() {
                match index.get(qst) {
                    None => return None,
                    Some(&i) if self.id_info.get(i).is_some_and(|id| &*id.qst == qst) => {
                        return Some(i)
                    }
                    Some(_) => {}
                }
            }
        }
        let mut index = self.index.borrow_mut();
        index.clear();
        for (i, id) in self.id_info.iter().enumerate() {
            index.insert(id.qst.clone(), i);
        }
        index.get(qst).copied()
    }

    /// `scope_find_or_add_id`: index of the id, adding it with `kind` if absent.
    pub(crate) fn find_or_add(&mut self, qst: &Rc<str>, kind: IdKind) -> usize {
        if let Some(i) = self.find(qst) {
            return i;
        }
        self.id_info.push(IdInfo {
            kind,
            flags: 0,
            local_num: 0,
            qst: qst.clone(),
        });
        let i = self.id_info.len() - 1;
        if i >= SCAN_MAX {
            self.index.get_mut().insert(qst.clone(), i);
        }
        i
    }
}

/// All scopes of a module, in scope-list order (module first, children appended as reached).
#[derive(Debug, Default)]
pub(crate) struct Scopes {
    pub(crate) list: Vec<Scope>,
}

impl Scopes {
    /// `mp_emit_common_get_id_for_load` (SCOPE pass).
    pub(crate) fn id_for_load(&mut self, s: usize, qst: &Rc<str>) {
        self.list[s].find_or_add(qst, IdKind::GlobalImplicit);
    }

    /// `mp_emit_common_get_id_for_modification` (SCOPE pass).
    pub(crate) fn id_for_modification(&mut self, s: usize, qst: &Rc<str>) -> usize {
        let func_like = self.list[s].kind.is_func_like();
        let i = self.list[s].find_or_add(qst, IdKind::GlobalImplicit);
        let id = &mut self.list[s].id_info[i];
        if id.kind == IdKind::GlobalImplicit {
            id.kind = if func_like {
                IdKind::Local
            } else {
                IdKind::GlobalImplicitAssigned
            };
        }
        i
    }

    /// `scope_find_global`.
    pub(crate) fn find_global(&self, s: usize, qst: &str) -> Option<(usize, usize)> {
        let mut cur = s;
        while let Some(p) = self.list[cur].parent {
            cur = p;
        }
        self.list[cur].find(qst).map(|i| (cur, i))
    }

    /// `scope_close_over_in_parents`.
    fn close_over_in_parents(&mut self, s: usize, qst: &Rc<str>) {
        let mut cur = self.list[s].parent;
        while let Some(p) = cur {
            if self.list[p].parent.is_none() {
                break;
            }
            let i = self.list[p].find_or_add(qst, IdKind::Undecided);
            let id = &mut self.list[p].id_info[i];
            if id.kind == IdKind::Undecided {
                id.kind = IdKind::Free;
            } else {
                if id.kind == IdKind::Local {
                    id.kind = IdKind::Cell;
                }
                return;
            }
            cur = self.list[p].parent;
        }
    }

    /// `scope_check_to_close_over`: a name used here but bound in an enclosing function.
    pub(crate) fn check_to_close_over(&mut self, s: usize, id_index: usize) {
        let qst = self.list[s].id_info[id_index].qst.clone();
        let mut cur = self.list[s].parent;
        while let Some(p) = cur {
            if self.list[p].parent.is_none() {
                break;
            }
            if let Some(j) = self.list[p].find(&qst) {
                let k = self.list[p].id_info[j].kind;
                if matches!(k, IdKind::Local | IdKind::Cell | IdKind::Free) {
                    self.list[s].id_info[id_index].kind = IdKind::Free;
                    self.close_over_in_parents(s, &qst);
                }
                break;
            }
            cur = self.list[p].parent;
        }
    }

    /// `scope_compute_things`: star-parameter swap, implicit globals, local slot numbers,
    /// cells after locals, free variables first.
    pub(crate) fn compute_things(&mut self, s: usize) {
        let parent = self.list[s].parent;
        // Only the parent's cells and free variables number this scope's free variables; a
        // scope without free variables needs none of them (copying the parent's whole table
        // for each of 25,000 functions of a module took seconds).
        let has_free = self.list[s]
            .id_info
            .iter()
            .any(|id| id.kind == IdKind::Free);
        let parent_ids: Vec<(IdKind, Rc<str>)> = match parent {
            Some(p) if has_free => self.list[p]
                .id_info
                .iter()
                .filter(|id| matches!(id.kind, IdKind::Cell | IdKind::Free))
                .map(|id| (id.kind, id.qst.clone()))
                .collect(),
            _ => Vec::new(),
        };
        let scope = &mut self.list[s];
        if scope.scope_flags & SCOPE_FLAG_VARARGS != 0 {
            let mut id_param: Option<usize> = None;
            for i in (0..scope.id_info.len()).rev() {
                if scope.id_info[i].flags & FLAG_IS_STAR_PARAM != 0 {
                    if let Some(p) = id_param {
                        scope.id_info.swap(p, i);
                    }
                    break;
                } else if id_param.is_none() && scope.id_info[i].flags == FLAG_IS_PARAM {
                    id_param = Some(i);
                }
            }
        }
        scope.num_locals = 0;
        for id in scope.id_info.iter_mut() {
            if scope.kind == ScopeKind::Class && &*id.qst == "__class__" {
                continue;
            }
            if scope.kind.is_func_like() && id.kind == IdKind::GlobalImplicit {
                id.kind = IdKind::GlobalExplicit;
            }
            // A global reference, except viper's cast names (`int`, `ptr8`...; not `bool`).
            if id.kind == IdKind::GlobalExplicit
                && !(scope.emit_options == EmitKind::Viper
                    && matches!(
                        &*id.qst,
                        "int" | "uint" | "ptr" | "ptr8" | "ptr16" | "ptr32"
                    ))
            {
                scope.scope_flags |= SCOPE_FLAG_REFGLOBALS;
            }
            if id.kind == IdKind::Local || id.flags & FLAG_IS_PARAM != 0 {
                id.local_num = scope.num_locals;
                scope.num_locals += 1;
            }
        }
        for id in scope.id_info.iter_mut() {
            if id.kind == IdKind::Cell && id.flags & FLAG_IS_PARAM == 0 {
                id.local_num = scope.num_locals;
                scope.num_locals += 1;
            }
        }
        if parent.is_some() {
            let mut num_free = 0;
            // This scope's free variables by name, in table order (a scan of the table per
            // parent cell is quadratic in closures over thousands of variables).
            let mut frees: FxHashMap<Rc<str>, Vec<usize>> = FxHashMap::default();
            for (i, id) in scope.id_info.iter().enumerate() {
                if id.kind == IdKind::Free {
                    frees.entry(id.qst.clone()).or_default().push(i);
                }
            }
            for (pkind, pqst) in &parent_ids {
                if matches!(pkind, IdKind::Cell | IdKind::Free) {
                    for &i in frees.get(pqst).map(Vec::as_slice).unwrap_or_default() {
                        scope.id_info[i].local_num = num_free;
                        num_free += 1;
                    }
                }
            }
            if num_free > 0 {
                for id in scope.id_info.iter_mut() {
                    if id.kind != IdKind::Free || id.flags & FLAG_IS_PARAM != 0 {
                        id.local_num += num_free;
                    }
                }
                scope.num_pos_args += num_free;
                scope.num_locals += num_free;
            }
        }
    }
}
