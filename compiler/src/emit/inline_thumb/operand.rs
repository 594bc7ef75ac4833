//! Operands of `@micropython.asm_thumb` instructions (the `get_arg_*` helpers of
//! py/emitinlinethumb.c): registers, special and FPU registers, register lists, immediates,
//! `[base, offset]` addresses and labels, read from the call arguments of one instruction.
//!
//! An operand error does not stop the instruction: like the reference, the helper records the
//! message (replacing any earlier one of the same instruction), returns 0, and encoding goes on;
//! the caller reports the last message recorded.

use super::InlineThumb;
use crate::ast::{Arg, Const, Expr, ExprKind};
use num_traits::ToPrimitive;

/// A call argument as the inline assembler sees MicroPython's parse node.
#[derive(Clone, Copy)]
pub(crate) enum Node<'a> {
    /// An identifier leaf.
    Id(&'a str),
    /// An integer (small-int leaf or integer constant object): the value modulo 2^64, and
    /// whether it is a small-int leaf (`MP_PARSE_NODE_IS_SMALL_INT`).
    Int { value: u64, small: bool },
    /// `[a, b, ...]` (`atom_bracket`).
    List(&'a [Expr]),
    /// `{a, b, ...}` (`atom_brace`); `None` for a dict or `{}`.
    Brace(Option<&'a [Expr]>),
    /// Anything else.
    Other,
}

impl<'a> Node<'a> {
    pub(crate) fn of_expr(e: &'a Expr) -> Node<'a> {
        match &e.kind {
            ExprKind::Name(n) => Node::Id(n),
            ExprKind::SmallInt(v) => Node::Int {
                value: *v as u64,
                small: true,
            },
            ExprKind::Const(Const::Int(i)) => Node::Int {
                value: truncate_u64(i),
                small: false,
            },
            ExprKind::List(items) => Node::List(items),
            ExprKind::Brace(items)
                if items
                    .iter()
                    .all(|i| !matches!(i.kind, ExprKind::DictItem(..))) =>
            {
                Node::Brace(if items.is_empty() { None } else { Some(items) })
            }
            ExprKind::Brace(_) => Node::Brace(None),
            _ => Node::Other,
        }
    }

    pub(crate) fn of_arg(a: &'a Arg) -> Node<'a> {
        match a {
            Arg::Pos(e) => Node::of_expr(e),
            _ => Node::Other,
        }
    }

    /// `get_arg_str`: the identifier, or "" for anything else.
    pub(crate) fn str(&self) -> &'a str {
        match self {
            Node::Id(s) => s,
            _ => "",
        }
    }

    pub(crate) fn is_id(&self) -> bool {
        matches!(self, Node::Id(_))
    }
}

/// `mp_obj_get_int_truncated` of a big integer: the two's complement value modulo 2^64.
fn truncate_u64(i: &num_bigint::BigInt) -> u64 {
    let m = i & num_bigint::BigInt::from(u64::MAX);
    m.to_u64().unwrap_or(0)
}

/// Register names (`reg_name_table`): r0–r15 and the aliases sl, fp, sp, lr, pc.
fn reg_number(s: &str) -> Option<u32> {
    match s {
        "sl" => Some(10),
        "fp" => Some(11),
        "sp" => Some(13),
        "lr" => Some(14),
        "pc" => Some(15),
        _ => {
            let digits = s.strip_prefix('r')?;
            let n: u32 = match digits {
                "0" | "1" | "2" | "3" | "4" | "5" | "6" | "7" | "8" | "9" | "10" | "11" | "12"
                | "13" | "14" | "15" => digits.parse().ok()?,
                _ => return None,
            };
            Some(n)
        }
    }
}

impl InlineThumb {
    /// `get_arg_reg`: a core register no higher than `max`.
    pub(crate) fn reg(&mut self, op: &str, n: Node<'_>, max: u32) -> u32 {
        match reg_number(n.str()) {
            Some(r) if r > max => {
                self.err(format!("'{op}' expects at most r{max}"));
                0
            }
            Some(r) => r,
            None => {
                self.err(format!("'{op}' expects a register"));
                0
            }
        }
    }

    /// `get_arg_special_reg`: IPSR (5) or BASEPRI (17).
    pub(crate) fn special_reg(&mut self, op: &str, n: Node<'_>) -> u32 {
        match n.str() {
            "IPSR" => 5,
            "BASEPRI" => 17,
            _ => {
                self.err(format!("'{op}' expects a special register"));
                0
            }
        }
    }

    /// `get_arg_vfpreg`: `s0`–`s31` (any digits after `s`; above 31 is "at most r31").
    pub(crate) fn vfp_reg(&mut self, op: &str, n: Node<'_>) -> u32 {
        let s = n.str();
        if let Some(digits) = s.strip_prefix('s').filter(|d| !d.is_empty()) {
            if digits.bytes().all(|b| b.is_ascii_digit()) {
                let regno = digits.bytes().fold(0u64, |acc, b| {
                    acc.wrapping_mul(10).wrapping_add(u64::from(b - b'0'))
                });
                if regno > 31 {
                    self.err(format!("'{op}' expects at most r31"));
                    return 0;
                }
                return regno as u32;
            }
        }
        self.err(format!("'{op}' expects an FPU register"));
        0
    }

    /// `get_arg_reglist`: `{r0, r1, ...}` as a bit mask.
    pub(crate) fn reglist(&mut self, op: &str, n: Node<'_>) -> u32 {
        let items = match n {
            Node::Brace(Some(items)) => items,
            _ => {
                self.err(format!("'{op}' expects {{r0, r1, ...}}"));
                return 0;
            }
        };
        // A one-element set must be an identifier; longer ones go through get_arg_reg.
        if let [only] = items {
            if !matches!(only.kind, ExprKind::Name(_)) {
                self.err(format!("'{op}' expects {{r0, r1, ...}}"));
                return 0;
            }
        }
        let mut list = 0u32;
        for e in items {
            let r = self.reg(op, Node::of_expr(e), 15);
            list |= 1 << r;
        }
        list
    }

    /// `get_arg_i`: an integer (modulo 2^32) that must fit `mask`.
    pub(crate) fn int(&mut self, op: &str, n: Node<'_>, mask: u32) -> u32 {
        let Node::Int { value, .. } = n else {
            self.err(format!("'{op}' expects an integer"));
            return 0;
        };
        let i = value as u32;
        if i & !mask != 0 {
            self.err(format!(
                "'{op}' integer 0x{i:x} doesn't fit in mask 0x{mask:x}"
            ));
            return 0;
        }
        i
    }

    /// `get_arg_addr`: `[base, offset]` (exactly two items).
    pub(crate) fn addr<'a>(&mut self, op: &str, n: Node<'a>) -> Option<(Node<'a>, Node<'a>)> {
        match n {
            Node::List([base, offset]) => Some((Node::of_expr(base), Node::of_expr(offset))),
            _ => {
                self.err(format!("'{op}' expects an address of the form [a, b]"));
                None
            }
        }
    }

    /// `get_arg_label`: the label number of an identifier; undefined labels are an error only
    /// in the emit pass (label 0 stands in before).
    pub(crate) fn label_arg(&mut self, op: &str, n: Node<'_>) -> u32 {
        let Node::Id(name) = n else {
            self.err(format!("'{op}' expects a label"));
            return 0;
        };
        if let Some(i) = self
            .label_lookup
            .iter()
            .position(|l| l.as_deref() == Some(name))
        {
            return i as u32;
        }
        if self.emit_pass {
            self.err(format!("label '{name}' not defined"));
        }
        0
    }
}
