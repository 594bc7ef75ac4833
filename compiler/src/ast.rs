//! mpyc's syntax tree: the shape of MicroPython's parse tree *after* its parser-level rewrites
//! (py/parse.c: folding, `const()`, constant tuples, dropped lone constants), which is what
//! py/compile.c walks. Built from ruff's AST by [`crate::lower`].
//!
//! Two facts of MicroPython's tree matter for the bytes and are kept here:
//! * whether a node is a *leaf* (name, small int, interned string, keyword token) or a *struct
//!   node*: only struct nodes record a source line when compiled (`line == 0` means "no line");
//! * which chains are one node: `a.b(c)[d]` is one `atom_expr_normal` with three trailers, and a
//!   run of same-level binary operators (`a + b - c`) is one flat list node.

use num_bigint::BigInt;
use std::rc::Rc;

/// A source line number (1-based); 0 = a node that records no line.
pub type Line = u32;

/// A compile-time constant object (what MicroPython stores in a `const_object` parse node or a
/// constant tuple), also the content of the .mpy constant table.
#[derive(Clone, Debug)]
pub enum Const {
    Int(BigInt),
    Float(f64),
    /// A pure-imaginary complex literal (`2j`): the imaginary part.
    Complex(f64),
    Str(Rc<str>),
    Bytes(Rc<[u8]>),
    None,
    False,
    True,
    Ellipsis,
    Tuple(Rc<[Const]>),
    /// The `mp_fun_table` marker native code finds its runtime entry points through (stored
    /// with tag 0; never a Python value).
    FunTable,
}

impl Const {
    /// MicroPython's truth value of the constant (`mp_obj_is_true`).
    pub fn is_true(&self) -> bool {
        match self {
            Const::Int(i) => i.sign() != num_bigint::Sign::NoSign,
            Const::Float(f) => *f != 0.0,
            Const::Complex(f) => *f != 0.0,
            Const::Str(s) => !s.is_empty(),
            Const::Bytes(b) => !b.is_empty(),
            Const::None | Const::False => false,
            Const::True | Const::Ellipsis | Const::FunTable => true,
            Const::Tuple(t) => !t.is_empty(),
        }
    }

    /// py/emitcommon.c `strictly_equal`: same type and equal value; 0.0 and -0.0 differ; NaN
    /// never equals itself; tuples item by item.
    pub fn strictly_equal(&self, other: &Const) -> bool {
        match (self, other) {
            (Const::Int(a), Const::Int(b)) => a == b,
            // A NaN only equals itself as the same object: lowering gives each NaN-producing
            // node its own payload bits, so equal bits mean "same object".
            (Const::Float(a), Const::Float(b)) => {
                (a == b && (*a != 0.0 || a.is_sign_negative() == b.is_sign_negative()))
                    || (a.is_nan() && a.to_bits() == b.to_bits())
            }
            (Const::Complex(a), Const::Complex(b)) => a == b,
            (Const::Str(a), Const::Str(b)) => a == b,
            (Const::Bytes(a), Const::Bytes(b)) => a == b,
            (Const::None, Const::None)
            | (Const::False, Const::False)
            | (Const::True, Const::True)
            | (Const::Ellipsis, Const::Ellipsis)
            | (Const::FunTable, Const::FunTable) => true,
            (Const::Tuple(a), Const::Tuple(b)) => {
                a.len() == b.len() && a.iter().zip(b.iter()).all(|(x, y)| x.strictly_equal(y))
            }
            _ => false,
        }
    }
}

/// Keyword-token leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    None,
    False,
    True,
    Ellipsis,
}

/// An expression node.
#[derive(Clone, Debug)]
pub struct Expr {
    /// Source line if this is a struct node, 0 for leaves (and for folded results).
    pub line: Line,
    pub kind: ExprKind,
}

/// Binary operator levels that form one flat list node each (py/grammar.h).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinLevel {
    /// `|` (rule `expr`)
    Or,
    /// `^`
    Xor,
    /// `&`
    And,
    /// `<<` `>>` (rule shift_expr)
    Shift,
    /// `+` `-` (rule arith_expr)
    Arith,
    /// `* @ / % //` (rule term)
    Term,
}

/// Comparison operators (py/compile.c `compile_comparison`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Lt,
    Gt,
    Eq,
    LtE,
    GtE,
    NotEq,
    In,
    NotIn,
    Is,
    IsNot,
}

/// Unary operators of `factor` (`+ - ~`); `not` is its own node.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Pos,
    Neg,
    Invert,
}

#[derive(Clone, Debug)]
pub enum ExprKind {
    /// Identifier leaf.
    Name(Rc<str>),
    /// Small-int leaf (fits the target's small-int range).
    SmallInt(i64),
    /// Interned-string leaf (`LOAD_CONST_STRING`).
    Str(Rc<str>),
    /// None/True/False/`...` leaf.
    Token(Token),
    /// A constant object (`LOAD_CONST_OBJ`): big ints, floats, complex, long strings, bytes,
    /// constant tuples, and substituted `const()` values that are not small ints.
    Const(Const),
    /// `()`.
    EmptyTuple,
    /// A tuple display: `paren` distinguishes `(a, b)` (atom_paren) from a bare `a, b`.
    Tuple {
        items: Vec<Expr>,
        paren: bool,
    },
    List(Vec<Expr>),
    /// `{k: v, ...}` or `{a, ...}`: items are `DictItem` or plain expressions (mixed is an error
    /// reported by the compiler, as MicroPython does).
    Brace(Vec<Expr>),
    /// `key: value` inside braces.
    DictItem(Box<Expr>, Box<Expr>),
    /// `a or b or c` / `a and b`.
    BoolOp {
        is_or: bool,
        values: Vec<Expr>,
    },
    Not(Box<Expr>),
    Compare {
        first: Box<Expr>,
        rest: Vec<(CmpOp, Expr)>,
    },
    /// A run of same-level binary operators: `first op1 e1 op2 e2 ...`; ops are runtime binary
    /// op numbers (py/runtime0.h).
    BinList {
        level: BinLevel,
        first: Box<Expr>,
        rest: Vec<(u8, Expr)>,
    },
    Power(Box<Expr>, Box<Expr>),
    Unary(UnaryOp, Box<Expr>),
    /// `atom trailer*` as one node.
    AtomExpr {
        base: Box<Expr>,
        trailers: Vec<Trailer>,
    },
    /// `await atom trailer*`: `inner` is compiled without recording its own line.
    Await(Box<Expr>),
    IfExp {
        body: Box<Expr>,
        test: Box<Expr>,
        orelse: Box<Expr>,
    },
    Lambda(Rc<FuncDef>),
    Comp(Rc<Comp>),
    Star(Box<Expr>),
    Yield(Option<Box<Expr>>),
    YieldFrom(Box<Expr>),
    /// `target := value`.
    Named(Box<Expr>, Box<Expr>),
    /// A slice inside a subscript: `lower:upper[:step]`.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
}

/// One trailer of an `atom_expr_normal`.
#[derive(Clone, Debug)]
pub struct Trailer {
    /// Line of the trailer's first token (`(`, `[` or `.`).
    pub line: Line,
    pub kind: TrailerKind,
}

#[derive(Clone, Debug)]
pub enum TrailerKind {
    Call(Vec<Arg>),
    Subscript(Box<Expr>),
    Attr(Rc<str>),
}

/// A call argument (py/grammar.h `arglist`).
#[derive(Clone, Debug)]
pub enum Arg {
    Pos(Expr),
    /// `*x` with the line of its `*` (errors about it point there).
    Star(Expr, Line),
    DoubleStar(Expr),
    /// `name=value`; `name` is `None` when the left side is not an identifier (a substituted
    /// constant), which the compiler reports.
    Keyword {
        name: Option<Rc<str>>,
        line: Line,
        value: Expr,
    },
    /// `name := value` as an argument.
    Named {
        target: Expr,
        value: Expr,
    },
    /// An unparenthesised generator expression argument.
    GenExpr(Rc<Comp>),
}

/// Kinds of comprehension scopes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompKind {
    List,
    Dict,
    Set,
    Gen,
}

/// A comprehension or generator expression (its own scope).
#[derive(Debug)]
pub struct Comp {
    /// Unique id of this scope-creating node.
    pub id: usize,
    pub kind: CompKind,
    /// Line recorded at the start of the comprehension scope.
    pub line: Line,
    /// The element (a `DictItem` for dict comprehensions).
    pub elt: Expr,
    pub generators: Vec<CompFor>,
}

/// `for target in iter [if cond]*`.
#[derive(Debug)]
pub struct CompFor {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
}

/// A parameter of a def or lambda, in source order.
#[derive(Debug)]
pub struct Param {
    pub name: Option<Rc<str>>,
    pub kind: ParamKind,
    pub default: Option<Expr>,
    /// Line of the parameter (for errors).
    pub line: Line,
    /// Whether the parameter is a struct node in MicroPython's tree (has an annotation or a
    /// default), which decides the line of errors about it.
    pub is_struct: bool,
    /// The annotation, as viper reads it (parameter types).
    pub annotation: Option<Annotation>,
}

/// An annotation as viper sees it: an identifier (a type name) or anything else.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Annotation {
    Name(Rc<str>),
    /// Not a bare identifier, on this line (0 = a leaf, no line).
    Other(Line),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    Normal,
    /// `*name` or bare `*` (name None).
    Star,
    DoubleStar,
}

/// A decorator `@dotted.name[(args)]`.
#[derive(Debug)]
pub struct Decorator {
    pub names: Vec<Rc<str>>,
    pub call: Option<Trailer>,
}

/// A `def`, `async def` or `lambda`.
#[derive(Debug)]
pub struct FuncDef {
    pub id: usize,
    /// Line of `def` / `lambda`.
    pub line: Line,
    pub name: Rc<str>,
    pub params: Vec<Param>,
    pub body: FuncBody,
    pub is_async: bool,
    /// Return annotation (viper return type).
    pub returns: Option<Annotation>,
}

#[derive(Debug)]
pub enum FuncBody {
    Stmts(Vec<Stmt>),
    Lambda(Box<Expr>),
}

/// A `class` statement.
#[derive(Debug)]
pub struct ClassDef {
    pub id: usize,
    pub line: Line,
    pub name: Rc<str>,
    /// Arguments of `class C(...)`, as call arguments.
    pub args: Vec<Arg>,
    pub body: Vec<Stmt>,
}

/// A statement node. Every statement is a struct node in MicroPython's tree.
#[derive(Debug)]
pub struct Stmt {
    /// Line recorded when the statement is compiled (0 for a `_X = const(...)` turned `pass`).
    pub line: Line,
    /// Line of the statement's first token: a block of 2+ statements records it for its first
    /// statement even when that statement itself records nothing.
    pub src_line: Line,
    pub kind: StmtKind,
}

/// `except [type [as name]]: body`.
#[derive(Debug)]
pub struct Handler {
    pub line: Line,
    pub typ: Option<Expr>,
    pub name: Option<Rc<str>>,
    pub body: Vec<Stmt>,
}

/// `name [as asname]` of a from-import.
pub type ImportAlias = (Rc<str>, Option<Rc<str>>);

/// `import a.b.c [as x]`.
#[derive(Debug)]
pub struct ImportName {
    pub dotted: Vec<Rc<str>>,
    pub asname: Option<Rc<str>>,
}

#[derive(Debug)]
pub enum StmtKind {
    /// An expression statement (its value is discarded).
    Expr(Expr),
    Pass,
    /// `t1 = t2 = ... = value`.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    AugAssign {
        target: Expr,
        op: u8,
        value: Expr,
    },
    /// `target: annotation` without a value (with a value it is an `Assign`).
    AnnAssign {
        target: Expr,
    },
    Del(Vec<Expr>),
    Break,
    Continue,
    Return(Option<Expr>),
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    Import(Vec<ImportName>),
    ImportFrom {
        level: u32,
        module: Vec<Rc<str>>,
        names: Option<Vec<ImportAlias>>,
    },
    Global(Vec<Rc<str>>),
    Nonlocal(Vec<Rc<str>>),
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    If {
        test: Expr,
        body: Vec<Stmt>,
        elifs: Vec<(Line, Expr, Vec<Stmt>)>,
        orelse: Vec<Stmt>,
    },
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        is_async: bool,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Vec<Stmt>,
        finalbody: Option<Vec<Stmt>>,
    },
    With {
        items: Vec<(Expr, Option<Expr>)>,
        body: Vec<Stmt>,
        is_async: bool,
    },
    FunctionDef {
        func: Rc<FuncDef>,
        decorators: Vec<Decorator>,
    },
    ClassDef {
        class: Rc<ClassDef>,
        decorators: Vec<Decorator>,
    },
}

/// A parsed and rewritten module.
#[derive(Debug)]
pub struct Module {
    pub body: Vec<Stmt>,
    /// Line of the module's root node (first statement), for errors.
    pub line: Line,
    /// Number of scope-creating nodes (ids are `0..n_scope_nodes`).
    pub n_scope_nodes: usize,
}
