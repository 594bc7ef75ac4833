//! Assignment and deletion targets (py/compile.c `c_assign`, `c_assign_atom_expr`,
//! `c_assign_tuple`, `c_del_stmt`).

use super::{at, Compiler, R};
use crate::ast::{Expr, ExprKind, TrailerKind};
use crate::emit::{Access, Emitter};
use crate::error::{msg, CompileError};

/// `assign_kind_t`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum AssignKind {
    Store,
    AugLoad,
    AugStore,
}

impl<'m> Compiler<'m> {
    /// Assign the top of the stack to `target` (or do one half of an augmented assignment).
    pub(crate) fn assign(&mut self, target: &'m Expr, kind: AssignKind) -> R<()> {
        let cannot = |line| at(CompileError::syntax(msg::CANT_ASSIGN_EXPR), line);
        match &target.kind {
            ExprKind::Name(n) => {
                match kind {
                    AssignKind::Store | AssignKind::AugStore => self.store_id(n),
                    AssignKind::AugLoad => self.load_id(n),
                }
                Ok(())
            }
            ExprKind::AtomExpr { base, trailers } => {
                self.assign_atom_expr(target.line, base, trailers, kind)
            }
            ExprKind::Tuple { items, .. } => {
                if kind != AssignKind::Store {
                    return Err(Box::new(cannot(target.line)));
                }
                self.assign_tuple(items)
            }
            ExprKind::List(items) => {
                if kind != AssignKind::Store {
                    return Err(Box::new(cannot(target.line)));
                }
                self.assign_tuple(items)
            }
            _ => Err(Box::new(cannot(target.line))),
        }
    }

    fn assign_atom_expr(
        &mut self,
        line: u32,
        base: &'m Expr,
        trailers: &'m [crate::ast::Trailer],
        kind: AssignKind,
    ) -> R<()> {
        if kind != AssignKind::AugStore {
            self.node(base)?;
        }
        let Some((last, init)) = trailers.split_last() else {
            return Err(Box::new(at(
                CompileError::syntax(msg::CANT_ASSIGN_EXPR),
                line,
            )));
        };
        if kind != AssignKind::AugStore {
            for t in init {
                self.trailer(t)?;
            }
        }
        match &last.kind {
            TrailerKind::Subscript(index) => {
                if kind == AssignKind::AugStore {
                    self.emit.rot_three();
                    self.emit.subscr(Access::Store);
                } else {
                    self.node(index)?;
                    if kind == AssignKind::AugLoad {
                        self.emit.dup_top_two();
                        self.emit.subscr(Access::Load);
                    } else {
                        self.emit.subscr(Access::Store);
                    }
                }
                Ok(())
            }
            TrailerKind::Attr(name) => {
                if kind == AssignKind::AugLoad {
                    self.emit.dup_top();
                    self.emit.attr(name, Access::Load);
                } else {
                    if kind == AssignKind::AugStore {
                        self.emit.rot_two();
                    }
                    self.emit.attr(name, Access::Store);
                }
                Ok(())
            }
            TrailerKind::Call(_) => Err(Box::new(at(
                CompileError::syntax(msg::CANT_ASSIGN_EXPR),
                line,
            ))),
        }
    }

    /// `c_assign_tuple`: UNPACK_SEQUENCE or UNPACK_EX, then each target.
    fn assign_tuple(&mut self, items: &'m [Expr]) -> R<()> {
        let mut star_index = None;
        for (i, e) in items.iter().enumerate() {
            if let ExprKind::Star(_) = e.kind {
                if star_index.is_none() {
                    self.emit.unpack_ex(i as u32, (items.len() - i - 1) as u32);
                    star_index = Some(i);
                } else {
                    return Err(Box::new(at(
                        CompileError::syntax(msg::MULTIPLE_STAR),
                        e.line,
                    )));
                }
            }
        }
        if star_index.is_none() {
            self.emit.unpack_sequence(items.len() as u32);
        }
        for e in items {
            match &e.kind {
                ExprKind::Star(inner) => self.assign(inner, AssignKind::Store)?,
                _ => self.assign(e, AssignKind::Store)?,
            }
        }
        Ok(())
    }

    /// `c_del_stmt`.
    pub(crate) fn del(&mut self, target: &'m Expr) -> R<()> {
        let cannot = |line| at(CompileError::syntax(msg::CANT_DELETE_EXPR), line);
        match &target.kind {
            ExprKind::Name(n) => {
                self.delete_id(n);
                Ok(())
            }
            ExprKind::AtomExpr { base, trailers } => {
                self.node(base)?;
                let Some((last, init)) = trailers.split_last() else {
                    return Err(Box::new(cannot(target.line)));
                };
                for t in init {
                    self.trailer(t)?;
                }
                match &last.kind {
                    TrailerKind::Subscript(index) => {
                        self.node(index)?;
                        self.emit.subscr(Access::Delete);
                        Ok(())
                    }
                    TrailerKind::Attr(name) => {
                        self.emit.attr(name, Access::Delete);
                        Ok(())
                    }
                    TrailerKind::Call(_) => Err(Box::new(cannot(target.line))),
                }
            }
            ExprKind::Tuple { items, paren: true } => {
                for e in items {
                    self.del(e)?;
                }
                Ok(())
            }
            ExprKind::Tuple {
                items,
                paren: false,
            } => {
                for e in items {
                    self.del(e)?;
                }
                Ok(())
            }
            _ => Err(Box::new(cannot(target.line))),
        }
    }
}
