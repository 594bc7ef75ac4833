//! The bytecode opcode table (py/bc0.h): value, MP_BC name, operand kind and the stack effect that
//! py/emitbc.c records. Written once here; the emitter, the reader and the disassembler use it.

/// What follows an opcode byte.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand {
    /// Nothing.
    None,
    /// A qstr-table index (vuint).
    Qstr,
    /// An unsigned vuint (slot, count, call argument word).
    Uint,
    /// A signed vuint (`LOAD_CONST_SMALL_INT`).
    Sint,
    /// An object-table index (vuint).
    Obj,
    /// A child raw-code index (vuint).
    Child,
    /// A child index then one raw byte (`MAKE_CLOSURE*`: number of closed-over cells).
    ChildByte,
    /// A signed jump offset (1 or 2 bytes).
    SignedJump,
    /// A signed jump offset then one raw byte (`UNWIND_JUMP`: unwind depth).
    SignedJumpByte,
    /// An unsigned (forward) jump offset (1 or 2 bytes).
    UnsignedJump,
}

macro_rules! opcodes {
    ($($name:ident = $val:literal, $text:literal, $operand:ident, $stack:expr;)*) => {
        /// Opcode byte values, named as MicroPython's `MP_BC_*` constants.
        #[allow(non_upper_case_globals)]
        pub mod op {
            $(#[doc = $text] pub const $name: u8 = $val;)*
        }

        /// Name, operand kind and fixed stack effect of a single-byte-class opcode.
        pub fn info(byte: u8) -> Option<(&'static str, Operand, i32)> {
            match byte {
                $($val => Some(($text, Operand::$operand, $stack)),)*
                0x70..=0xaf => Some(("LOAD_CONST_SMALL_INT_MULTI", Operand::None, 1)),
                0xb0..=0xbf => Some(("LOAD_FAST_MULTI", Operand::None, 1)),
                0xc0..=0xcf => Some(("STORE_FAST_MULTI", Operand::None, -1)),
                0xd0..=0xd3 => Some(("UNARY_OP_MULTI", Operand::None, 0)),
                0xd7..=0xf9 => Some(("BINARY_OP_MULTI", Operand::None, -1)),
                _ => None,
            }
        }
    };
}

// Stack effects of variable-argument opcodes (BUILD_*, CALL_*, MAKE_CLOSURE, UNPACK_*,
// STORE_COMP) depend on the operand; they are given here as 0 and computed by the emitter.
opcodes! {
    LOAD_CONST_STRING = 0x10, "LOAD_CONST_STRING", Qstr, 1;
    LOAD_NAME = 0x11, "LOAD_NAME", Qstr, 1;
    LOAD_GLOBAL = 0x12, "LOAD_GLOBAL", Qstr, 1;
    LOAD_ATTR = 0x13, "LOAD_ATTR", Qstr, 0;
    LOAD_METHOD = 0x14, "LOAD_METHOD", Qstr, 1;
    LOAD_SUPER_METHOD = 0x15, "LOAD_SUPER_METHOD", Qstr, -1;
    STORE_NAME = 0x16, "STORE_NAME", Qstr, -1;
    STORE_GLOBAL = 0x17, "STORE_GLOBAL", Qstr, -1;
    STORE_ATTR = 0x18, "STORE_ATTR", Qstr, -2;
    DELETE_NAME = 0x19, "DELETE_NAME", Qstr, 0;
    DELETE_GLOBAL = 0x1a, "DELETE_GLOBAL", Qstr, 0;
    IMPORT_NAME = 0x1b, "IMPORT_NAME", Qstr, -1;
    IMPORT_FROM = 0x1c, "IMPORT_FROM", Qstr, 1;
    MAKE_CLOSURE = 0x20, "MAKE_CLOSURE", ChildByte, 0;
    MAKE_CLOSURE_DEFARGS = 0x21, "MAKE_CLOSURE_DEFARGS", ChildByte, 0;
    LOAD_CONST_SMALL_INT = 0x22, "LOAD_CONST_SMALL_INT", Sint, 1;
    LOAD_CONST_OBJ = 0x23, "LOAD_CONST_OBJ", Obj, 1;
    LOAD_FAST_N = 0x24, "LOAD_FAST_N", Uint, 1;
    LOAD_DEREF = 0x25, "LOAD_DEREF", Uint, 1;
    STORE_FAST_N = 0x26, "STORE_FAST_N", Uint, -1;
    STORE_DEREF = 0x27, "STORE_DEREF", Uint, -1;
    DELETE_FAST = 0x28, "DELETE_FAST", Uint, 0;
    DELETE_DEREF = 0x29, "DELETE_DEREF", Uint, 0;
    BUILD_TUPLE = 0x2a, "BUILD_TUPLE", Uint, 0;
    BUILD_LIST = 0x2b, "BUILD_LIST", Uint, 0;
    BUILD_MAP = 0x2c, "BUILD_MAP", Uint, 1;
    BUILD_SET = 0x2d, "BUILD_SET", Uint, 0;
    BUILD_SLICE = 0x2e, "BUILD_SLICE", Uint, 0;
    STORE_COMP = 0x2f, "STORE_COMP", Uint, 0;
    UNPACK_SEQUENCE = 0x30, "UNPACK_SEQUENCE", Uint, 0;
    UNPACK_EX = 0x31, "UNPACK_EX", Uint, 0;
    MAKE_FUNCTION = 0x32, "MAKE_FUNCTION", Child, 1;
    MAKE_FUNCTION_DEFARGS = 0x33, "MAKE_FUNCTION_DEFARGS", Child, -1;
    CALL_FUNCTION = 0x34, "CALL_FUNCTION", Uint, 0;
    CALL_FUNCTION_VAR_KW = 0x35, "CALL_FUNCTION_VAR_KW", Uint, 0;
    CALL_METHOD = 0x36, "CALL_METHOD", Uint, 0;
    CALL_METHOD_VAR_KW = 0x37, "CALL_METHOD_VAR_KW", Uint, 0;
    UNWIND_JUMP = 0x40, "UNWIND_JUMP", SignedJumpByte, 0;
    JUMP = 0x42, "JUMP", SignedJump, 0;
    POP_JUMP_IF_TRUE = 0x43, "POP_JUMP_IF_TRUE", SignedJump, -1;
    POP_JUMP_IF_FALSE = 0x44, "POP_JUMP_IF_FALSE", SignedJump, -1;
    JUMP_IF_TRUE_OR_POP = 0x45, "JUMP_IF_TRUE_OR_POP", UnsignedJump, -1;
    JUMP_IF_FALSE_OR_POP = 0x46, "JUMP_IF_FALSE_OR_POP", UnsignedJump, -1;
    SETUP_WITH = 0x47, "SETUP_WITH", UnsignedJump, 2;
    SETUP_EXCEPT = 0x48, "SETUP_EXCEPT", UnsignedJump, 0;
    SETUP_FINALLY = 0x49, "SETUP_FINALLY", UnsignedJump, 0;
    POP_EXCEPT_JUMP = 0x4a, "POP_EXCEPT_JUMP", UnsignedJump, 0;
    FOR_ITER = 0x4b, "FOR_ITER", UnsignedJump, 1;
    LOAD_CONST_FALSE = 0x50, "LOAD_CONST_FALSE", None, 1;
    LOAD_CONST_NONE = 0x51, "LOAD_CONST_NONE", None, 1;
    LOAD_CONST_TRUE = 0x52, "LOAD_CONST_TRUE", None, 1;
    LOAD_NULL = 0x53, "LOAD_NULL", None, 1;
    LOAD_BUILD_CLASS = 0x54, "LOAD_BUILD_CLASS", None, 1;
    LOAD_SUBSCR = 0x55, "LOAD_SUBSCR", None, -1;
    STORE_SUBSCR = 0x56, "STORE_SUBSCR", None, -3;
    DUP_TOP = 0x57, "DUP_TOP", None, 1;
    DUP_TOP_TWO = 0x58, "DUP_TOP_TWO", None, 2;
    POP_TOP = 0x59, "POP_TOP", None, -1;
    ROT_TWO = 0x5a, "ROT_TWO", None, 0;
    ROT_THREE = 0x5b, "ROT_THREE", None, 0;
    WITH_CLEANUP = 0x5c, "WITH_CLEANUP", None, 0;
    END_FINALLY = 0x5d, "END_FINALLY", None, -1;
    GET_ITER = 0x5e, "GET_ITER", None, 0;
    GET_ITER_STACK = 0x5f, "GET_ITER_STACK", None, 3;
    STORE_MAP = 0x62, "STORE_MAP", None, -2;
    RETURN_VALUE = 0x63, "RETURN_VALUE", None, -1;
    RAISE_LAST = 0x64, "RAISE_LAST", None, 0;
    RAISE_OBJ = 0x65, "RAISE_OBJ", None, -1;
    RAISE_FROM = 0x66, "RAISE_FROM", None, -2;
    YIELD_VALUE = 0x67, "YIELD_VALUE", None, 0;
    YIELD_FROM = 0x68, "YIELD_FROM", None, -1;
    IMPORT_STAR = 0x69, "IMPORT_STAR", None, -1;
}

/// First byte of `LOAD_CONST_SMALL_INT_MULTI`: value v is `0x80 + v` for v in -16..=47.
pub const LOAD_CONST_SMALL_INT_MULTI: u8 = 0x70;
/// Offset added to a small int to get its `_MULTI` opcode.
pub const SMALL_INT_MULTI_ZERO: u8 = 0x80;
/// `LOAD_FAST_MULTI`: slot n (0..=15) is `0xb0 + n`.
pub const LOAD_FAST_MULTI: u8 = 0xb0;
/// `STORE_FAST_MULTI`: slot n (0..=15) is `0xc0 + n`.
pub const STORE_FAST_MULTI: u8 = 0xc0;
/// `UNARY_OP_MULTI`: `0xd0 + unary op`.
pub const UNARY_OP_MULTI: u8 = 0xd0;
/// `BINARY_OP_MULTI`: `0xd7 + binary op`.
pub const BINARY_OP_MULTI: u8 = 0xd7;

/// Unary operator numbers (py/runtime0.h); only the first four have opcodes.
pub mod unary {
    pub const POSITIVE: u8 = 0;
    pub const NEGATIVE: u8 = 1;
    pub const INVERT: u8 = 2;
    pub const NOT: u8 = 3;
    /// Names as the disassembler prints them.
    pub const NAMES: [&str; 4] = ["__pos__", "__neg__", "__invert__", "not"];
}

/// Binary operator numbers (py/runtime0.h): comparisons, then in-place, then plain operators.
pub mod binary {
    pub const LESS: u8 = 0;
    pub const MORE: u8 = 1;
    pub const EQUAL: u8 = 2;
    pub const LESS_EQUAL: u8 = 3;
    pub const MORE_EQUAL: u8 = 4;
    pub const NOT_EQUAL: u8 = 5;
    pub const IN: u8 = 6;
    pub const IS: u8 = 7;
    pub const EXCEPTION_MATCH: u8 = 8;
    pub const INPLACE_OR: u8 = 9;
    pub const OR: u8 = 22;
    pub const XOR: u8 = 23;
    pub const AND: u8 = 24;
    pub const LSHIFT: u8 = 25;
    pub const RSHIFT: u8 = 26;
    pub const ADD: u8 = 27;
    pub const SUBTRACT: u8 = 28;
    pub const MULTIPLY: u8 = 29;
    pub const MAT_MULTIPLY: u8 = 30;
    pub const FLOOR_DIVIDE: u8 = 31;
    pub const TRUE_DIVIDE: u8 = 32;
    pub const MODULO: u8 = 33;
    pub const POWER: u8 = 34;
    /// Distance from a plain operator to its in-place form (`ADD - INPLACE_ADD`).
    pub const INPLACE_DELTA: u8 = OR - INPLACE_OR;
    /// Names as the disassembler prints them (MicroPython's special-method names).
    pub const NAMES: [&str; 35] = [
        "__lt__",
        "__gt__",
        "__eq__",
        "__le__",
        "__ge__",
        "__ne__",
        "__contains__",
        "__is__",
        "__exc_match__",
        "__ior__",
        "__ixor__",
        "__iand__",
        "__ilshift__",
        "__irshift__",
        "__iadd__",
        "__isub__",
        "__imul__",
        "__imatmul__",
        "__ifloordiv__",
        "__itruediv__",
        "__imod__",
        "__ipow__",
        "__or__",
        "__xor__",
        "__and__",
        "__lshift__",
        "__rshift__",
        "__add__",
        "__sub__",
        "__mul__",
        "__matmul__",
        "__floordiv__",
        "__truediv__",
        "__mod__",
        "__pow__",
    ];
}

/// True for opcodes followed by one extra raw byte after their operand (`(op & 0x9e) == 0`).
pub fn has_extra_byte(byte: u8) -> bool {
    byte == op::MAKE_CLOSURE || byte == op::MAKE_CLOSURE_DEFARGS || byte == op::UNWIND_JUMP
}

/// True for jumps whose offset is signed (0x40..=0x44).
pub fn is_signed_jump(byte: u8) -> bool {
    matches!(
        byte,
        op::UNWIND_JUMP | op::JUMP | op::POP_JUMP_IF_TRUE | op::POP_JUMP_IF_FALSE
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_defined_byte_has_a_consistent_operand_class() {
        // MP_BC_FORMAT: 0x1_ qstr, 0x2_/0x3_ var-uint, 0x4_ offset, the rest no operand.
        for b in 0u8..=255 {
            let Some((_, operand, _)) = info(b) else {
                continue;
            };
            let expected = match b >> 4 {
                1 => matches!(operand, Operand::Qstr),
                2 | 3 => !matches!(operand, Operand::None | Operand::Qstr),
                4 => matches!(
                    operand,
                    Operand::SignedJump | Operand::SignedJumpByte | Operand::UnsignedJump
                ),
                _ => operand == Operand::None,
            };
            assert!(expected, "opcode {b:#04x}");
            assert_eq!(has_extra_byte(b), b & 0x9e == 0, "extra byte of {b:#04x}");
        }
    }
}
