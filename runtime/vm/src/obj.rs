//! The object word (MicroPython's representation A, `py/obj.h`) and the built-in type ids.
//!
//! ```text
//!  ...xxxx1  small int      (v << 1) | 1
//!  ...xx010  qstr           (q << 3) | 2
//!  ...xx110  immediate      (k << 3) | 6: None 0x06, False 0x0e, True 0x1e
//!  ...xxx00  pointer to a heap object whose word 0 is its type object (0 = NULL, 4 = SENTINEL)
//! ```
//!
//! Every type object (built-in or class) has one layout, see [`ty`].

/// One object word.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
#[repr(transparent)]
pub struct Obj(pub usize);

impl Obj {
    /// `MP_OBJ_NULL`, also "stop iteration" and "unbound local".
    pub const NULL: Obj = Obj(0);
    /// `MP_OBJ_SENTINEL`.
    pub const SENTINEL: Obj = Obj(4);
    pub const NONE: Obj = Obj(0x06);
    pub const FALSE: Obj = Obj(0x0e);
    pub const TRUE: Obj = Obj(0x1e);

    /// Smallest and largest small int.
    pub const SMALL_MIN: isize = isize::MIN >> 1;
    pub const SMALL_MAX: isize = isize::MAX >> 1;

    #[inline(always)]
    pub const fn small(v: isize) -> Obj {
        Obj(((v << 1) | 1) as usize)
    }
    #[inline(always)]
    pub fn fits_small(v: i128) -> bool {
        v >= Obj::SMALL_MIN as i128 && v <= Obj::SMALL_MAX as i128
    }
    #[inline(always)]
    pub const fn is_small(self) -> bool {
        self.0 & 1 != 0
    }
    #[inline(always)]
    pub const fn small_val(self) -> isize {
        (self.0 as isize) >> 1
    }
    #[inline(always)]
    pub const fn qstr(q: usize) -> Obj {
        Obj((q << 3) | 2)
    }
    #[inline(always)]
    pub const fn is_qstr(self) -> bool {
        self.0 & 7 == 2
    }
    #[inline(always)]
    pub const fn qstr_val(self) -> usize {
        self.0 >> 3
    }
    #[inline(always)]
    pub const fn is_imm(self) -> bool {
        self.0 & 7 == 6
    }
    #[inline(always)]
    pub const fn is_ptr(self) -> bool {
        self.0 & 3 == 0 && self.0 > 4
    }
    #[inline(always)]
    pub const fn is_null(self) -> bool {
        self.0 == 0
    }
    #[inline(always)]
    pub const fn bool(b: bool) -> Obj {
        if b {
            Obj::TRUE
        } else {
            Obj::FALSE
        }
    }
}

/// Word indices of a type object.
pub mod ty {
    /// The built-in type id ([`super::T`]) of this type, or for a class its native base.
    pub const ID: usize = 1;
    /// Name qstr.
    pub const NAME: usize = 2;
    /// Tuple of base classes.
    pub const BASES: usize = 3;
    /// Locals dict of a class (NULL for a built-in type).
    pub const DICT: usize = 4;
    /// Small int: 1 for a class made by `class`.
    pub const USER: usize = 5;
    /// Number of words.
    pub const SIZE: usize = 6;
}

macro_rules! types {
    ($($id:ident = $name:literal, $base:ident;)*) => {
        /// Built-in type ids, in creation order.
        #[derive(Clone, Copy, PartialEq, Eq, Debug, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum T { $($id,)* }
        /// Python names of the built-in types.
        pub const TYPE_NAMES: &[&str] = &[$($name,)*];
        /// The single base of each built-in type (`Object` for itself means none).
        pub const TYPE_BASES: &[T] = &[$(T::$base,)*];
        /// Every id, in order.
        pub const ALL_TYPES: &[T] = &[$(T::$id,)*];
    };
}

types! {
    Object = "object", Object;
    Type = "type", Object;
    NoneType = "NoneType", Object;
    Bool = "bool", Object;
    Int = "int", Object;
    Float = "float", Object;
    Complex = "complex", Object;
    Str = "str", Object;
    Bytes = "bytes", Object;
    ByteArray = "bytearray", Object;
    Tuple = "tuple", Object;
    List = "list", Object;
    Dict = "dict", Object;
    Set = "set", Object;
    FrozenSet = "frozenset", Object;
    Range = "range", Object;
    Slice = "slice", Object;
    Function = "function", Object;
    Closure = "closure", Object;
    BoundMeth = "bound_method", Object;
    Builtin = "function", Object;
    Generator = "generator", Object;
    // CircuitPython's coroutine: a generator made by an `async def` (scope flag `ASYNC`), with
    // `__await__` (the `circuitpython` feature; MicroPython has no such type).
    Coroutine = "coroutine", Object;
    Cell = "cell", Object;
    Module = "module", Object;
    Property = "property", Object;
    StaticMethod = "staticmethod", Object;
    ClassMethod = "classmethod", Object;
    Super = "super", Object;
    Iterator = "iterator", Object;
    Enumerate = "enumerate", Object;
    Zip = "zip", Object;
    Map = "map", Object;
    Filter = "filter", Object;
    Reversed = "reversed", Object;
    NotImplType = "NotImplementedType", Object;
    EllipsisType = "", Object;
    RawCode = "raw_code", Object;
    Context = "module_context", Object;
    MemoryView = "memoryview", Object;
    GenWrap = "generator", Object;
    DictView = "dict_view", Object;
    StringIO = "StringIO", Object;
    BytesIO = "BytesIO", Object;
    IOBase = "IOBase", Object;
    Deque = "deque", Object;
    Array = "array", Object;
    Re = "re", Object;
    Match = "match", Object;
    Sha256 = "sha256", Object;
    Sha1 = "sha1", Object;
    Md5 = "md5", Object;
    Instance = "object", Object;
    RingIO = "RingIO", Object;
    BaseException = "BaseException", Object;
    Exception = "Exception", BaseException;
    ArithmeticError = "ArithmeticError", Exception;
    AssertionError = "AssertionError", Exception;
    AttributeError = "AttributeError", Exception;
    EOFError = "EOFError", Exception;
    GeneratorExit = "GeneratorExit", BaseException;
    ImportError = "ImportError", Exception;
    IndentationError = "IndentationError", SyntaxError;
    IndexError = "IndexError", LookupError;
    KeyboardInterrupt = "KeyboardInterrupt", BaseException;
    KeyError = "KeyError", LookupError;
    LookupError = "LookupError", Exception;
    MemoryError = "MemoryError", Exception;
    NameError = "NameError", Exception;
    NotImplementedError = "NotImplementedError", RuntimeError;
    OSError = "OSError", Exception;
    OverflowError = "OverflowError", ArithmeticError;
    RuntimeError = "RuntimeError", Exception;
    StopAsyncIteration = "StopAsyncIteration", Exception;
    StopIteration = "StopIteration", Exception;
    SyntaxError = "SyntaxError", Exception;
    SystemExit = "SystemExit", BaseException;
    TypeError = "TypeError", Exception;
    UnicodeError = "UnicodeError", ValueError;
    ValueError = "ValueError", Exception;
    ViperTypeError = "ViperTypeError", TypeError;
    ZeroDivisionError = "ZeroDivisionError", ArithmeticError;
}

/// Number of built-in types.
pub const N_TYPES: usize = TYPE_NAMES.len();

impl T {
    /// The id with number `n`, if any.
    #[inline]
    pub fn from_index(n: usize) -> Option<T> {
        ALL_TYPES.get(n).copied()
    }
    /// Is this the generator type (or CircuitPython's coroutine, the same object)?
    #[inline]
    pub fn is_generator(self) -> bool {
        matches!(self, T::Generator | T::Coroutine)
    }
    /// Is this a built-in exception type?
    #[inline]
    pub fn is_exception(self) -> bool {
        self >= T::BaseException
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn immediates_are_micropythons_words() {
        assert_eq!(Obj::small(1).0, 3);
        assert_eq!(Obj::small(-1).0 as isize, -1);
        assert_eq!(Obj::qstr(23).0, 0xba);
        assert!(Obj::NONE.is_imm() && Obj::TRUE.is_imm() && Obj::FALSE.is_imm());
        assert_eq!(Obj::small(Obj::SMALL_MAX).small_val(), Obj::SMALL_MAX);
        assert_eq!(TYPE_NAMES.len(), TYPE_BASES.len());
    }
}
