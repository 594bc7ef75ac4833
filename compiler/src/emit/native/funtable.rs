//! `mp_fun_table` indices (py/nativeglue.h `MP_F_*`) used by native code, and the entries'
//! names for disassembly: word n of the table is at `FT + W*n`. All entries are listed (some
//! are reached only by offset from another, e.g. `BUILD_TUPLE + kind`).
#![allow(dead_code)]

pub const CONST_NONE_OBJ: u32 = 0;
pub const CONST_FALSE_OBJ: u32 = 1;
pub const CONST_TRUE_OBJ: u32 = 2;
pub const CONVERT_OBJ_TO_NATIVE: u32 = 3;
pub const CONVERT_NATIVE_TO_OBJ: u32 = 4;
pub const NATIVE_SWAP_GLOBALS: u32 = 5;
pub const LOAD_NAME: u32 = 6;
pub const LOAD_GLOBAL: u32 = 7;
pub const LOAD_BUILD_CLASS: u32 = 8;
pub const LOAD_ATTR: u32 = 9;
pub const LOAD_METHOD: u32 = 10;
pub const LOAD_SUPER_METHOD: u32 = 11;
pub const STORE_NAME: u32 = 12;
pub const STORE_GLOBAL: u32 = 13;
pub const STORE_ATTR: u32 = 14;
pub const OBJ_SUBSCR: u32 = 15;
pub const OBJ_IS_TRUE: u32 = 16;
pub const UNARY_OP: u32 = 17;
pub const BINARY_OP: u32 = 18;
pub const BUILD_TUPLE: u32 = 19;
pub const BUILD_LIST: u32 = 20;
pub const BUILD_MAP: u32 = 21;
pub const BUILD_SET: u32 = 22;
pub const STORE_SET: u32 = 23;
pub const LIST_APPEND: u32 = 24;
pub const STORE_MAP: u32 = 25;
pub const MAKE_FUNCTION_FROM_PROTO_FUN: u32 = 26;
pub const NATIVE_CALL_FUNCTION_N_KW: u32 = 27;
pub const CALL_METHOD_N_KW: u32 = 28;
pub const CALL_METHOD_N_KW_VAR: u32 = 29;
pub const NATIVE_GETITER: u32 = 30;
pub const NATIVE_ITERNEXT: u32 = 31;
pub const NLR_PUSH: u32 = 32;
pub const NLR_POP: u32 = 33;
pub const NATIVE_RAISE: u32 = 34;
pub const IMPORT_NAME: u32 = 35;
pub const IMPORT_FROM: u32 = 36;
pub const IMPORT_ALL: u32 = 37;
pub const NEW_SLICE: u32 = 38;
pub const UNPACK_SEQUENCE: u32 = 39;
pub const UNPACK_EX: u32 = 40;
pub const DELETE_NAME: u32 = 41;
pub const DELETE_GLOBAL: u32 = 42;
pub const NEW_CLOSURE: u32 = 43;
pub const ARG_CHECK_NUM_SIG: u32 = 44;
pub const SETUP_CODE_STATE: u32 = 45;
pub const SMALL_INT_FLOOR_DIVIDE: u32 = 46;
pub const SMALL_INT_MODULO: u32 = 47;
pub const NATIVE_YIELD_FROM: u32 = 48;

/// Entry names (py/nativeglue.h order), for disassembly.
pub const NAMES: [&str; 50] = [
    "const_none",
    "const_false",
    "const_true",
    "native_from_obj",
    "native_to_obj",
    "swap_globals",
    "load_name",
    "load_global",
    "load_build_class",
    "load_attr",
    "load_method",
    "load_super_method",
    "store_name",
    "store_global",
    "store_attr",
    "obj_subscr",
    "obj_is_true",
    "unary_op",
    "binary_op",
    "new_tuple",
    "new_list",
    "new_dict",
    "new_set",
    "set_store",
    "list_append",
    "dict_store",
    "make_function_from_proto_fun",
    "call_function_n_kw",
    "call_method_n_kw",
    "call_method_n_kw_var",
    "getiter",
    "iternext",
    "nlr_push",
    "nlr_pop",
    "native_raise",
    "import_name",
    "import_from",
    "import_all",
    "new_slice",
    "unpack_sequence",
    "unpack_ex",
    "delete_name",
    "delete_global",
    "new_closure",
    "arg_check_num_sig",
    "setup_code_state",
    "small_int_floor_divide",
    "small_int_modulo",
    "yield_from",
    "setjmp",
];
