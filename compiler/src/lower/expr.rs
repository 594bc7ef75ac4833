//! Lowering of expressions (py/parse.c rules `atom`, `atom_expr_normal`, the operator rules and
//! their folding, `testlist_comp`, `dictorsetmaker`, `lambdef`, comprehensions).

use super::{const_truth, is_const, to_const, Lowerer};
use crate::ast::{
    BinLevel, CmpOp, Comp, CompFor, CompKind, Const, Expr, ExprKind, FuncBody, FuncDef, Line,
    Token, Trailer, TrailerKind, UnaryOp,
};
use crate::error::CompileError;
use crate::fold::{self, Num};
use mpy_format::mpy::Flavour;
use mpy_format::opcode::binary;
use num_bigint::BigInt;
use ruff_python_ast as py;
use ruff_text_size::Ranged;
use std::rc::Rc;

type R<T> = Result<T, Box<CompileError>>;

fn boxed(e: Expr) -> Box<Expr> {
    Box::new(e)
}

/// The grammar rule level of a binary operator and its runtime op number.
fn bin_level(op: py::Operator) -> (BinLevel, u8) {
    use py::Operator as O;
    match op {
        O::BitOr => (BinLevel::Or, binary::OR),
        O::BitXor => (BinLevel::Xor, binary::XOR),
        O::BitAnd => (BinLevel::And, binary::AND),
        O::LShift => (BinLevel::Shift, binary::LSHIFT),
        O::RShift => (BinLevel::Shift, binary::RSHIFT),
        O::Add => (BinLevel::Arith, binary::ADD),
        O::Sub => (BinLevel::Arith, binary::SUBTRACT),
        O::Mult => (BinLevel::Term, binary::MULTIPLY),
        O::MatMult => (BinLevel::Term, binary::MAT_MULTIPLY),
        O::Div => (BinLevel::Term, binary::TRUE_DIVIDE),
        O::Mod => (BinLevel::Term, binary::MODULO),
        O::FloorDiv => (BinLevel::Term, binary::FLOOR_DIVIDE),
        O::Pow => (BinLevel::Term, binary::POWER),
    }
}

impl<'a> Lowerer<'a> {
    /// One expression. Nested expressions recurse through here once per level, so this
    /// frame stays small: most kinds are lowered in functions of their own (peak stack of
    /// deeply nested sources).
    pub(super) fn expr(&mut self, e: &py::Expr) -> R<Expr> {
        let line = self.line(e);
        use py::Expr as E;
        match e {
            E::Name(n) => Ok(self.name_expr(n, line)),
            E::Tuple(t) => self.tuple(&t.elts, t.parenthesized, line),
            E::List(l) => self.list_expr(l, line),
            E::Set(s) => self.set_expr(s, line),
            E::Dict(d) => self.dict_expr(d, line),
            E::BoolOp(b) => self.boolop_expr(b, line),
            E::UnaryOp(u) => self.unary_expr(u, line),
            E::BinOp(b) => {
                self.check_operand(&b.left)?;
                self.check_operand(&b.right)?;
                self.binop(b, line)
            }
            E::Compare(c) => self.compare_expr(c, line),
            E::Attribute(_) | E::Call(_) | E::Subscript(_) => self.atom_expr(e, line),
            E::If(i) => self.if_expr(i, line),
            E::Lambda(l) => self.lambda_expr(l, line),
            E::ListComp(c) => self.comp(CompKind::List, &c.elt, None, &c.generators, line),
            E::SetComp(c) => self.comp(CompKind::Set, &c.elt, None, &c.generators, line),
            E::DictComp(c) => {
                self.comp(CompKind::Dict, &c.key, Some(&c.value), &c.generators, line)
            }
            E::Generator(g) => self.comp(CompKind::Gen, &g.elt, None, &g.generators, line),
            E::Slice(s) => self.slice_expr(s, line),
            _ => self.expr_rest(e, line),
        }
    }

    /// The expressions [`Self::expr`] does not send elsewhere: leaves, and wrappers of one
    /// expression.
    #[inline(never)]
    fn expr_rest(&mut self, e: &py::Expr, line: Line) -> R<Expr> {
        use py::Expr as E;
        Ok(match e {
            E::NumberLiteral(n) => self.number(n, line)?,
            E::StringLiteral(s) => {
                for part in s.value.iter() {
                    self.check_string_prefix(part.range(), line)?;
                }
                self.interner.advance_to(s.start());
                let value = self.str_value(s);
                self.string(&value, line)
            }
            E::BytesLiteral(b) => {
                for part in b.value.iter() {
                    self.check_string_prefix(part.range(), line)?;
                    // `b'\777'`: py/lexer.c refuses a byte over 0xff.
                    if !part.flags.prefix().is_raw() && self.octal_escape_over_byte(part.range()) {
                        return Err(Box::new(self.syntax_error(self.line(part))));
                    }
                }
                let bytes: Vec<u8> = b.value.bytes().collect();
                Expr {
                    line,
                    kind: ExprKind::Const(Const::Bytes(Rc::from(bytes))),
                }
            }
            E::FString(f) => {
                for part in f.value.iter() {
                    self.lowercase_prefix(part.range(), self.line_at(part.start()))?;
                }
                self.fstring(f, line)?
            }
            // CircuitPython 10 (MicroPython 1.27's lexer) has no t-strings: the `t` is a name
            // and the string after it a syntax error.
            E::TString(_) if self.opts.flavour == Flavour::CircuitPython => {
                return Err(Box::new(self.syntax_error(line)))
            }
            E::TString(t) => {
                for part in t.value.iter() {
                    self.lowercase_prefix(part.range(), self.line_at(part.start()))?;
                }
                self.tstring(t, line)?
            }
            E::BooleanLiteral(b) => {
                let t = if b.value { Token::True } else { Token::False };
                Expr {
                    line: 0,
                    kind: ExprKind::Token(t),
                }
            }
            E::NoneLiteral(_) => Expr {
                line: 0,
                kind: ExprKind::Token(Token::None),
            },
            E::EllipsisLiteral(_) => Expr {
                line: 0,
                kind: ExprKind::Token(Token::Ellipsis),
            },
            E::Starred(s) => {
                let inner = self.expr(&s.value)?;
                Expr {
                    line,
                    kind: ExprKind::Star(boxed(inner)),
                }
            }
            E::Await(a) => {
                let inner = self.expr(&a.value)?;
                Expr {
                    line,
                    kind: ExprKind::Await(boxed(inner)),
                }
            }
            E::Yield(y) => {
                let v = match &y.value {
                    Some(v) => {
                        self.no_star(v)?;
                        Some(boxed(self.expr(v)?))
                    }
                    None => None,
                };
                Expr {
                    line,
                    kind: ExprKind::Yield(v),
                }
            }
            E::YieldFrom(y) => {
                let v = self.expr(&y.value)?;
                Expr {
                    line,
                    kind: ExprKind::YieldFrom(boxed(v)),
                }
            }
            E::Named(n) => {
                let target = self.expr(&n.target)?;
                self.no_bare_star(&n.value)?;
                let value = self.expr(&n.value)?;
                Expr {
                    line,
                    kind: ExprKind::Named(boxed(target), boxed(value)),
                }
            }
            E::IpyEscapeCommand(_) => return Err(Box::new(self.syntax_error(line))),
            E::Name(_)
            | E::Tuple(_)
            | E::List(_)
            | E::Set(_)
            | E::Dict(_)
            | E::BoolOp(_)
            | E::UnaryOp(_)
            | E::BinOp(_)
            | E::Compare(_)
            | E::Attribute(_)
            | E::Call(_)
            | E::Subscript(_)
            | E::If(_)
            | E::Lambda(_)
            | E::ListComp(_)
            | E::SetComp(_)
            | E::DictComp(_)
            | E::Generator(_)
            | E::Slice(_) => unreachable!("lowered by `expr`"),
        })
    }

    /// A name.
    #[inline(never)]
    fn name_expr(&mut self, n: &py::ExprName, line: Line) -> Expr {
        let id = self.ident(n, n.id.as_str());
        self.name(&id, line)
    }

    /// `[...]`.
    #[inline(never)]
    fn list_expr(&mut self, l: &py::ExprList, line: Line) -> R<Expr> {
        let items = self.exprs(&l.elts)?;
        Ok(Expr {
            line,
            kind: ExprKind::List(items),
        })
    }

    /// `{a, b}`.
    #[inline(never)]
    fn set_expr(&mut self, s: &py::ExprSet, line: Line) -> R<Expr> {
        if let Some(x) = s.elts.iter().find(|x| x.is_starred_expr()) {
            return Err(Box::new(self.syntax_error(self.line(x))));
        }
        // `{a := 1}`: a set item is a `test` (py/grammar.h `dictorsetmaker`).
        self.no_bare(&s.elts, Bare::Walrus)?;
        let mut items = self.exprs(&s.elts)?;
        // `{1, 2: 3}`: ruff reads the `:` as a missing comma; MicroPython parses a
        // key:value item and its compiler rejects the mix.
        let colons: Vec<_> = self
            .src
            .errors
            .iter()
            .filter(|e| {
                matches!(
                    e.error,
                    ruff_python_parser::ParseErrorType::ExpectedToken {
                        expected: ruff_python_ast::token::TokenKind::Comma,
                        found: ruff_python_ast::token::TokenKind::Colon
                    }
                ) && s.range().contains_range(e.range())
            })
            .map(|e| e.range().start())
            .collect();
        if let Some(&at) = colons.first() {
            if let Some(i) = s.elts.iter().position(|x| x.start() > at) {
                if i > 0 {
                    self.handle_errors_in(s.range());
                    let v = items.remove(i);
                    let k = items.remove(i - 1);
                    let kline = self.line(&s.elts[i - 1]);
                    items.insert(
                        i - 1,
                        Expr {
                            line: kline,
                            kind: ExprKind::DictItem(boxed(k), boxed(v)),
                        },
                    );
                }
            }
        }
        Ok(Expr {
            line,
            kind: ExprKind::Brace(items),
        })
    }

    /// `{k: v}`.
    #[inline(never)]
    fn dict_expr(&mut self, d: &py::ExprDict, line: Line) -> R<Expr> {
        let mut items = Vec::new();
        for item in &d.items {
            let Some(key) = &item.key else {
                return Err(Box::new(self.syntax_error(self.line(&item.value))));
            };
            let kline = self.line(key);
            self.no_bare_star(key)?;
            self.no_bare_star(&item.value)?;
            let k = self.expr(key)?;
            // `{1: 2, 3}`: ruff recovers `3` with an empty invalid value; MicroPython
            // parses a plain item and its compiler rejects the mix.
            if matches!(&item.value, py::Expr::Name(n) if n.id.is_empty()) {
                self.handle_errors_in(d.range());
                items.push(k);
                continue;
            }
            let v = self.expr(&item.value)?;
            items.push(Expr {
                line: kline,
                kind: ExprKind::DictItem(boxed(k), boxed(v)),
            });
        }
        Ok(Expr {
            line,
            kind: ExprKind::Brace(items),
        })
    }

    /// `and` / `or`.
    #[inline(never)]
    fn boolop_expr(&mut self, b: &py::ExprBoolOp, line: Line) -> R<Expr> {
        let is_or = matches!(b.op, py::BoolOp::Or);
        let mut values = Vec::new();
        for v in &b.values {
            self.check_operand(v)?;
            values.push(self.expr(v)?);
        }
        Ok(fold_logical(is_or, values, line))
    }

    /// `not`, `-`, `+`, `~`.
    #[inline(never)]
    fn unary_expr(&mut self, u: &py::ExprUnaryOp, line: Line) -> R<Expr> {
        self.check_operand(&u.operand)?;
        let operand = self.expr(&u.operand)?;
        Ok(match u.op {
            py::UnaryOp::Not => match const_truth(&operand) {
                Some(t) => {
                    let tok = if t { Token::False } else { Token::True };
                    Expr {
                        line: 0,
                        kind: ExprKind::Token(tok),
                    }
                }
                None => Expr {
                    line,
                    kind: ExprKind::Not(boxed(operand)),
                },
            },
            op => {
                let op = match op {
                    py::UnaryOp::UAdd => UnaryOp::Pos,
                    py::UnaryOp::USub => UnaryOp::Neg,
                    _ => UnaryOp::Invert,
                };
                if let Some(n) = self.number_of(&operand) {
                    if let Some(r) = fold::unary(op, n) {
                        return Ok(self.num_node(r));
                    }
                }
                Expr {
                    line,
                    kind: ExprKind::Unary(op, boxed(operand)),
                }
            }
        })
    }

    /// A comparison chain.
    #[inline(never)]
    fn compare_expr(&mut self, c: &py::ExprCompare, line: Line) -> R<Expr> {
        self.check_operand(&c.left)?;
        for right in c.comparators.iter() {
            self.check_operand(right)?;
        }
        let first = self.expr(&c.left)?;
        let mut rest = Vec::new();
        for (op, right) in c.ops.iter().zip(c.comparators.iter()) {
            let op = match op {
                py::CmpOp::Lt => CmpOp::Lt,
                py::CmpOp::Gt => CmpOp::Gt,
                py::CmpOp::Eq => CmpOp::Eq,
                py::CmpOp::LtE => CmpOp::LtE,
                py::CmpOp::GtE => CmpOp::GtE,
                py::CmpOp::NotEq => CmpOp::NotEq,
                py::CmpOp::In => CmpOp::In,
                py::CmpOp::NotIn => CmpOp::NotIn,
                py::CmpOp::Is => CmpOp::Is,
                py::CmpOp::IsNot => CmpOp::IsNot,
            };
            rest.push((op, self.expr(right)?));
        }
        Ok(Expr {
            line,
            kind: ExprKind::Compare {
                first: boxed(first),
                rest,
            },
        })
    }

    /// `a if t else b`.
    #[inline(never)]
    fn if_expr(&mut self, i: &py::ExprIf, line: Line) -> R<Expr> {
        for part in [&i.body, &i.test, &i.orelse] {
            self.check_operand(part)?;
        }
        let body = self.expr(&i.body)?;
        let test = self.expr(&i.test)?;
        let orelse = self.expr(&i.orelse)?;
        Ok(Expr {
            line,
            kind: ExprKind::IfExp {
                body: boxed(body),
                test: boxed(test),
                orelse: boxed(orelse),
            },
        })
    }

    /// `lambda`.
    #[inline(never)]
    fn lambda_expr(&mut self, l: &py::ExprLambda, line: Line) -> R<Expr> {
        let id = self.new_scope_id();
        let params = match &l.parameters {
            Some(p) => self.params(p)?,
            None => Vec::new(),
        };
        self.no_bare_star(&l.body)?;
        let body = self.expr(&l.body)?;
        let f = FuncDef {
            id,
            line,
            name: Rc::from("<lambda>"),
            params,
            body: FuncBody::Lambda(boxed(body)),
            is_async: false,
            returns: None,
        };
        Ok(Expr {
            line,
            kind: ExprKind::Lambda(Rc::new(f)),
        })
    }

    /// `a:b:c`.
    #[inline(never)]
    fn slice_expr(&mut self, s: &py::ExprSlice, line: Line) -> R<Expr> {
        // `a[1:*b]`: a slice bound is a `test` to MicroPython's parser.
        let bounds = [&s.lower, &s.upper, &s.step];
        if let Some(star) = bounds.into_iter().flatten().find(|x| x.is_starred_expr()) {
            return Err(Box::new(self.syntax_error(self.line(&**star))));
        }
        let lower = match &s.lower {
            Some(x) => Some(boxed(self.expr(x)?)),
            None => None,
        };
        let upper = match &s.upper {
            Some(x) => Some(boxed(self.expr(x)?)),
            None => None,
        };
        let step = match &s.step {
            Some(x) => Some(boxed(self.expr(x)?)),
            None => None,
        };
        Ok(Expr {
            line,
            kind: ExprKind::Slice { lower, upper, step },
        })
    }

    pub(super) fn exprs(&mut self, es: &[py::Expr]) -> R<Vec<Expr>> {
        es.iter().map(|e| self.expr(e)).collect()
    }

    /// An identifier in atom position: `__debug__`, a `const()` substitution, or a name leaf.
    pub(super) fn name(&mut self, id: &str, line: Line) -> Expr {
        if id == "__debug__" {
            return Expr {
                line: 0,
                kind: ExprKind::Token(self.debug_token()),
            };
        }
        let id = crate::parse::soft_keyword_original(id).unwrap_or(id);
        if let Some(v) = self.consts.get(id).cloned() {
            return self.const_node(v, line);
        }
        Expr {
            line: 0,
            kind: ExprKind::Name(self.intern(id)),
        }
    }

    /// A string literal: an interned qstr leaf or a str object.
    pub(super) fn string(&mut self, value: &str, line: Line) -> Expr {
        // Strings are their bytes, whichever stand-ins spelled them.
        let value = &*super::strlit::canonical(value);
        // Only identifiers are tracked as interned: a short string (always interned) can never
        // equal a later long one.
        if self.interner.is_interned(value) {
            Expr {
                line: 0,
                kind: ExprKind::Str(Rc::from(value)),
            }
        } else {
            Expr {
                line,
                kind: ExprKind::Const(Const::Str(Rc::from(value))),
            }
        }
    }

    fn number(&mut self, n: &py::ExprNumberLiteral, line: Line) -> R<Expr> {
        let text = self
            .src
            .text
            .get(n.range().start().to_usize()..n.range().end().to_usize())
            .unwrap_or("");
        let clean: std::borrow::Cow<str> = if text.contains('_') {
            text.chars()
                .filter(|c| *c != '_')
                .collect::<String>()
                .into()
        } else {
            text.into()
        };
        match &n.value {
            py::Number::Int(_) => {
                let v = parse_int(&clean).ok_or_else(|| self.syntax_error(line))?;
                Ok(self.const_node(Const::Int(v), line))
            }
            py::Number::Float(_) => {
                let v =
                    crate::numtext::parse_float(&clean).ok_or_else(|| self.syntax_error(line))?;
                Ok(Expr {
                    line,
                    kind: ExprKind::Const(Const::Float(v)),
                })
            }
            py::Number::Complex { .. } => {
                let body = clean.trim_end_matches(['j', 'J']);
                let v = crate::numtext::parse_float(body).ok_or_else(|| self.syntax_error(line))?;
                Ok(Expr {
                    line,
                    kind: ExprKind::Const(Const::Complex(v)),
                })
            }
        }
    }

    /// The numeric value of a node, if it is an int or float constant (`get_number_maybe`).
    pub(super) fn number_of(&self, e: &Expr) -> Option<Num> {
        match &e.kind {
            ExprKind::SmallInt(v) => Some(Num::Int(BigInt::from(*v))),
            ExprKind::Const(Const::Int(i)) => Some(Num::Int(i.clone())),
            ExprKind::Const(Const::Float(f)) => Some(Num::Float(*f)),
            _ => None,
        }
    }

    /// A folded number: line 0, small int leaf when it fits.
    pub(super) fn num_node(&mut self, n: Num) -> Expr {
        match n {
            Num::Int(i) => self.const_node(Const::Int(i), 0),
            Num::Float(f) => {
                let f = if f.is_nan() {
                    self.fresh_nan(f.is_sign_negative())
                } else {
                    f
                };
                Expr {
                    line: 0,
                    kind: ExprKind::Const(Const::Float(f)),
                }
            }
        }
    }

    #[inline(never)]
    fn binop(&mut self, b: &py::ExprBinOp, line: Line) -> R<Expr> {
        if matches!(b.op, py::Operator::Pow) {
            let base = self.expr(&b.left)?;
            let exp = self.expr(&b.right)?;
            if let (Some(x), Some(y)) = (self.number_of(&base), self.number_of(&exp)) {
                if let Some(r) = fold::binary(binary::POWER, x, y) {
                    return Ok(self.num_node(r));
                }
            }
            return Ok(Expr {
                line,
                kind: ExprKind::Power(boxed(base), boxed(exp)),
            });
        }
        // Collect a left-nested run of the same grammar level (not parenthesised) into one list.
        let (level, _) = bin_level(b.op);
        let mut chain: Vec<&py::ExprBinOp> = vec![b];
        let mut cur = b;
        while let py::Expr::BinOp(inner) = &*cur.left {
            if inner.op == py::Operator::Pow
                || bin_level(inner.op).0 != level
                || inner.start() != cur.start()
            {
                break;
            }
            chain.push(inner);
            cur = inner;
        }
        chain.reverse();
        let first = self.expr(&chain[0].left)?;
        let mut rest = Vec::new();
        for link in &chain {
            let right = self.expr(&link.right)?;
            rest.push((bin_level(link.op).1, right));
        }
        // Fold only if every operand is a number (no partial folding).
        let mut acc = self.number_of(&first);
        for (op, operand) in &rest {
            acc = match (acc, self.number_of(operand)) {
                (Some(x), Some(y)) => fold::binary(*op, x, y),
                _ => None,
            };
        }
        if let Some(acc) = acc {
            return Ok(self.num_node(acc));
        }
        Ok(Expr {
            line,
            kind: ExprKind::BinList {
                level,
                first: boxed(first),
                rest,
            },
        })
    }

    /// A tuple display, folded into one constant tuple object when every item is constant.
    #[inline(never)]
    /// Whether the literal at `range` holds an octal escape over 0o377 (`\777`).
    fn octal_escape_over_byte(&self, range: ruff_text_size::TextRange) -> bool {
        let b = self.src.text.as_bytes();
        let b = b
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or_default();
        let mut i = 0;
        while i < b.len() {
            if b[i] != b'\\' {
                i += 1;
                continue;
            }
            let digits = b[i + 1..]
                .iter()
                .take(3)
                .take_while(|c| (b'0'..=b'7').contains(*c))
                .count();
            let value = b[i + 1..i + 1 + digits]
                .iter()
                .fold(0u32, |v, c| v * 8 + u32::from(c - b'0'));
            if value > 0o377 {
                return true;
            }
            i += 1 + digits.max(1);
        }
        false
    }

    /// A syntax error at the first of `items` that is a `kind` expression without
    /// parentheses of its own, where ruff accepts one and MicroPython's grammar does not.
    fn no_bare(&self, items: &[py::Expr], kind: Bare) -> R<()> {
        let bare = items.iter().find(|e| {
            let is_kind = match kind {
                Bare::Yield => matches!(e, py::Expr::Yield(_) | py::Expr::YieldFrom(_)),
                Bare::Walrus => matches!(e, py::Expr::Named(_)),
            };
            is_kind
                && self
                    .src
                    .text
                    .as_bytes()
                    .get(self.find_char_before(e.start()).to_usize())
                    != Some(&b'(')
        });
        match bare {
            Some(e) => Err(Box::new(
                self.syntax_error(self.line(e)).at_offset(e.start()),
            )),
            None => Ok(()),
        }
    }

    pub(super) fn tuple(&mut self, elts: &[py::Expr], paren: bool, line: Line) -> R<Expr> {
        // `x = 1, yield 2`: ruff takes a bare `yield` as a tuple item, MicroPython's grammar
        // (`testlist_star_expr`) does not. (Ruff refuses it in other displays and arguments.)
        self.no_bare(elts, Bare::Yield)?;
        if elts.is_empty() {
            return Ok(Expr {
                line,
                kind: ExprKind::EmptyTuple,
            });
        }
        let items = self.exprs(elts)?;
        if items.iter().all(is_const) {
            let values: Option<Vec<Const>> = items.iter().map(to_const).collect();
            if let Some(values) = values {
                // The node that becomes the tuple is `testlist_comp` (line of the first item)
                // for `(a,)` and `(a, b)`, but `testlist_comp_3c` for longer parenthesised
                // tuples, a rule that starts at the token after the first comma.
                let tline = if paren
                    && (elts.len() >= 3 || (elts.len() == 2 && self.has_trailing_comma(&elts[1])))
                {
                    self.line(&elts[1])
                } else {
                    self.line(&elts[0])
                };
                return Ok(Expr {
                    line: tline,
                    kind: ExprKind::Const(Const::Tuple(Rc::from(values))),
                });
            }
        }
        Ok(Expr {
            line,
            kind: ExprKind::Tuple { items, paren },
        })
    }

    /// An operand of an operator or a conditional expression is no `star_expr` in MicroPython's
    /// grammar: `1 + *a` is a parser error there (ruff lets the compiler judge it). A
    /// parenthesised one (`(*a) + 1`) is the compiler's `*x must be assignment target`.
    fn check_operand(&self, e: &py::Expr) -> R<()> {
        if let py::Expr::Starred(s) = e {
            let before = self.find_char_before(s.start()).to_usize();
            if self.src.text.as_bytes().get(before) != Some(&b'(') {
                return Err(Box::new(self.syntax_error(self.line(s))));
            }
        }
        Ok(())
    }

    /// `atom trailer*`: flatten a chain of calls, attributes and subscripts into one node.
    #[inline(never)]
    fn atom_expr(&mut self, e: &py::Expr, line: Line) -> R<Expr> {
        let mut chain: Vec<&py::Expr> = Vec::new();
        let mut cur = e;
        loop {
            let inner: &py::Expr = match cur {
                py::Expr::Attribute(a) => &a.value,
                py::Expr::Call(c) => &c.func,
                py::Expr::Subscript(s) => &s.value,
                _ => break,
            };
            chain.push(cur);
            if inner.start() != cur.start() {
                // The inner expression is parenthesised: it is a separate atom.
                cur = inner;
                break;
            }
            cur = inner;
        }
        chain.reverse();
        let base = self.expr(cur)?;
        let mut trailers = Vec::with_capacity(chain.len());
        for link in chain {
            match link {
                py::Expr::Attribute(a) => {
                    if a.attr.as_str() == "__debug__" {
                        return Err(Box::new(self.syntax_error(self.line(&a.attr))));
                    }
                    let dot = self.find_char_before(a.attr.start());
                    trailers.push(Trailer {
                        line: self.line_at(dot),
                        kind: TrailerKind::Attr(self.ident(&a.attr, a.attr.as_str())),
                    });
                }
                py::Expr::Call(c) => {
                    let tline = self.line(&c.arguments);
                    let args = self.call_args(&c.arguments)?;
                    trailers.push(Trailer {
                        line: tline,
                        kind: TrailerKind::Call(args),
                    });
                }
                py::Expr::Subscript(s) => {
                    let open = self.find_char_after(s.value.end(), b'[');
                    let tline = self.line_at(open);
                    self.no_star(&s.slice)?;
                    // `y[a := 1]`: MicroPython's subscript is a `test`, not a
                    // `namedexpr_test` (ruff follows Python 3.10).
                    let items = match &*s.slice {
                        py::Expr::Tuple(t) if !t.parenthesized => &t.elts[..],
                        one => std::slice::from_ref(one),
                    };
                    self.no_bare(items, Bare::Walrus)?;
                    let index = match &*s.slice {
                        py::Expr::Tuple(t) if !t.parenthesized => {
                            let l = self.line(&*s.slice);
                            self.tuple(&t.elts, false, l)?
                        }
                        other => self.expr(other)?,
                    };
                    trailers.push(Trailer {
                        line: tline,
                        kind: TrailerKind::Subscript(boxed(index)),
                    });
                }
                _ => {}
            }
        }
        // py/parse.c COMP_MODULE_CONST: `math.NAME` with an int/float value folds.
        if let (
            ExprKind::Name(n),
            [Trailer {
                kind: TrailerKind::Attr(attr),
                ..
            }],
        ) = (&base.kind, trailers.as_slice())
        {
            if &**n == "math" {
                if let Some(v) = fold::math_const(attr) {
                    // math.nan is one ROM object: a fixed NaN identity.
                    let v = if v.is_nan() {
                        f64::from_bits(0x7ff8_0000_0000_0001)
                    } else {
                        v
                    };
                    return Ok(Expr {
                        line: 0,
                        kind: ExprKind::Const(Const::Float(v)),
                    });
                }
            }
        }
        Ok(Expr {
            line,
            kind: ExprKind::AtomExpr {
                base: boxed(base),
                trailers,
            },
        })
    }

    /// The value of a str literal; decoded from the source when it has surrogate escapes, which
    /// ruff cannot represent (see `strlit`).
    fn str_value<'s>(&self, s: &'s py::ExprStringLiteral) -> std::borrow::Cow<'s, str> {
        let text = |r: ruff_text_size::TextRange| {
            self.src
                .text
                .get(r.start().to_usize()..r.end().to_usize())
                .unwrap_or("")
        };
        let needs = s.value.iter().any(|p| {
            !p.flags.prefix().is_raw() && super::strlit::has_surrogate_escape(text(p.range()))
        });
        if !needs {
            return s.value.to_str().into();
        }
        let value: String = s
            .value
            .iter()
            .map(|p| {
                if p.flags.prefix().is_raw() {
                    p.value.to_string()
                } else {
                    super::strlit::decode(text(p.range())).unwrap_or_else(|| p.value.to_string())
                }
            })
            .collect();
        value.into()
    }

    /// MicroPython's lexer knows only lower-case string prefixes, and has no `\N{...}` escapes.
    /// py/lexer.c reads only lowercase string prefixes: `F'{a}'` is the name `F` followed by
    /// a string.
    fn lowercase_prefix(&self, range: ruff_text_size::TextRange, line: Line) -> R<()> {
        let text = self.src.text.as_bytes();
        let text = text
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or_default();
        let mut prefix = text.iter().take_while(|c| !matches!(c, b'\'' | b'"'));
        if prefix.any(|c| c.is_ascii_uppercase()) {
            return Err(Box::new(self.syntax_error(line)));
        }
        Ok(())
    }

    pub(super) fn check_string_prefix(
        &self,
        range: ruff_text_size::TextRange,
        line: Line,
    ) -> R<()> {
        let text = self
            .src
            .text
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or("");
        let quote = text.find(['\'', '"']).unwrap_or(0);
        let prefix = &text[..quote];
        if prefix.bytes().any(|c| c.is_ascii_uppercase()) {
            return Err(Box::new(self.syntax_error(line)));
        }
        if !prefix.contains('r') {
            let body = text.as_bytes();
            let mut i = quote;
            while i + 1 < body.len() {
                if body[i] == b'\\' {
                    // py/lexer.c refuses every `\N` escape, in bytes literals too.
                    if body[i + 1] == b'N' {
                        return Err(Box::new(CompileError::new(
                            "NotImplementedError",
                            crate::error::msg::UNICODE_NAME_ESCAPES,
                        )));
                    }
                    i += 2;
                } else {
                    i += 1;
                }
            }
        }
        Ok(())
    }

    /// Whether a `,` follows `e` before the closing bracket.
    fn has_trailing_comma(&self, e: &py::Expr) -> bool {
        let bytes = self.src.text.as_bytes();
        let mut i = e.end().to_usize();
        while i < bytes.len() {
            match bytes[i] {
                b',' => return true,
                b'#' => {
                    while i < bytes.len() && bytes[i] != b'\n' {
                        i += 1;
                    }
                }
                b')' | b']' | b'}' => return false,
                _ => i += 1,
            }
        }
        false
    }

    #[inline(never)]
    fn comp(
        &mut self,
        kind: CompKind,
        elt: &py::Expr,
        value: Option<&py::Expr>,
        gens: &[py::Comprehension],
        line: Line,
    ) -> R<Expr> {
        let sline = self.line(elt);
        let comp = self.comp_node(kind, elt, value, gens, sline)?;
        Ok(Expr {
            line,
            kind: ExprKind::Comp(comp),
        })
    }

    pub(super) fn comp_node(
        &mut self,
        kind: CompKind,
        elt: &py::Expr,
        value: Option<&py::Expr>,
        gens: &[py::Comprehension],
        sline: Line,
    ) -> R<Rc<Comp>> {
        let id = self.new_scope_id();
        let elt = match value {
            Some(v) => {
                let k = self.expr(elt)?;
                let v = self.expr(v)?;
                Expr {
                    line: sline,
                    kind: ExprKind::DictItem(boxed(k), boxed(v)),
                }
            }
            None => self.expr(elt)?,
        };
        let mut generators = Vec::new();
        for g in gens {
            if g.is_async {
                return Err(Box::new(self.syntax_error(self.line(g))));
            }
            let target = self.target_list(&g.target)?;
            self.no_bare_star(&g.iter)?;
            let iter = self.expr(&g.iter)?;
            let ifs = self.exprs(&g.ifs)?;
            generators.push(CompFor { target, iter, ifs });
        }
        Ok(Rc::new(Comp {
            id,
            kind,
            line: sline,
            elt,
            generators,
        }))
    }

    /// A `for` target or similar `exprlist`: a bare tuple here is never a constant tuple.
    pub(super) fn target_list(&mut self, e: &py::Expr) -> R<Expr> {
        match e {
            py::Expr::Tuple(t) if !t.parenthesized => {
                let items = self.exprs(&t.elts)?;
                Ok(Expr {
                    line: self.line(e),
                    kind: ExprKind::Tuple {
                        items,
                        paren: false,
                    },
                })
            }
            _ => self.expr(e),
        }
    }
}

/// py/parse.c `fold_logical_constants` for `or`/`and` lists.
fn fold_logical(is_or: bool, values: Vec<Expr>, line: Line) -> Expr {
    let n = values.len();
    let mut kept: Vec<Expr> = Vec::new();
    for (i, v) in values.into_iter().enumerate() {
        let truth = const_truth(&v);
        kept.push(v);
        if i + 1 == n {
            break;
        }
        match truth {
            Some(t) if t == is_or => break,
            Some(_) => {
                kept.pop();
            }
            None => {}
        }
    }
    if kept.len() == 1 {
        kept.pop().unwrap_or(Expr {
            line: 0,
            kind: ExprKind::Token(Token::None),
        })
    } else {
        Expr {
            line,
            kind: ExprKind::BoolOp {
                is_or,
                values: kept,
            },
        }
    }
}

/// Parse an integer literal's text (underscores removed) with its base prefix.
fn parse_int(text: &str) -> Option<BigInt> {
    // Most literals are short decimals: no lowercase copy, no big-number parse.
    if text.len() <= 18 && text.bytes().all(|b| b.is_ascii_digit()) {
        return text.parse::<u64>().ok().map(BigInt::from);
    }
    // And hex (register addresses, masks) that fits 64 bits likewise.
    let prefixed = match text.as_bytes() {
        [b'0', b'x' | b'X', ..] => Some(16),
        [b'0', b'o' | b'O', ..] => Some(8),
        [b'0', b'b' | b'B', ..] => Some(2),
        _ => None,
    };
    if let (Some(radix), Some(digits)) = (prefixed, text.get(2..)) {
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_alphanumeric()) {
            if let Ok(v) = u64::from_str_radix(digits, radix) {
                return Some(BigInt::from(v));
            }
        }
    }
    let lower = text.to_ascii_lowercase();
    let (digits, radix) = if let Some(d) = lower.strip_prefix("0x") {
        (d, 16)
    } else if let Some(d) = lower.strip_prefix("0o") {
        (d, 8)
    } else if let Some(d) = lower.strip_prefix("0b") {
        (d, 2)
    } else {
        (lower.as_str(), 10)
    };
    BigInt::parse_bytes(digits.as_bytes(), radix)
}

/// Expressions ruff accepts bare in places where MicroPython's grammar wants them in
/// parentheses (see `Lowerer::no_bare`).
#[derive(Clone, Copy)]
enum Bare {
    Yield,
    Walrus,
}
