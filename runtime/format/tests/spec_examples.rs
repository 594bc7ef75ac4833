//! The worked examples of shared/spec/mpy-format.md §10 (and the line-table examples of §6.4),
//! decoded field by field with the reader and the instruction decoder.

use mpy_format::disasm::{decode, insns, Arg, Dump, Jump};
use mpy_format::read::{Mpy, Prelude, Qstr, RawCode};
use mpy_format::{arch, mpy, opcode::op, prelude, varint};

fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

const EX1: &str =
    "4d 06 00 1f 04 00 0c 65 78 31 2e 70 79 00 0f 0a 68 65 6c 6c 6f 00 81 77 60 08 02 01 \
                   11 03 10 02 34 01 59 51 63";
const EX2: &str = "4d 06 00 1f 06 00 0c 65 78 32 2e 70 79 00 0f 02 66 00 02 6e 00 82 2b 81 79 6c 08 02 01 \
                   82 2a 01 53 33 00 16 02 51 63 01 81 78 ca 01 0e 02 03 04 20 22 2b 26 80 c2 12 05 80 b0 \
                   b1 34 03 5f 4b 07 c3 b2 b3 e5 c2 42 37 b2 63";
const EX3: &str = "4d 06 00 1f 0a 00 0c 65 78 33 2e 70 79 00 0f 02 43 00 02 6d 00 02 6b 00 2f 2d 35 82 13 \
                   02 78 00 74 10 02 01 54 32 00 10 02 34 02 16 02 51 63 01 81 34 00 06 02 28 23 11 05 16 \
                   06 10 02 16 07 81 16 04 32 00 16 03 51 63 01 60 1a 08 03 08 09 60 b0 13 04 b1 f2 63";

fn qstr_text(m: &Mpy<'_>, i: u64) -> String {
    String::from_utf8(m.qstr(i).unwrap().bytes().to_vec()).unwrap()
}

fn children<'a>(rc: &RawCode<'a>) -> Vec<RawCode<'a>> {
    rc.children().map(Result::unwrap).collect()
}

fn steps(p: &Prelude<'_>) -> Vec<(u64, u64)> {
    p.line_steps().map(|s| (s.bc, s.line)).collect()
}

#[test]
fn example_1_print_hello() {
    let data = hex(EX1);
    assert_eq!(data.len(), 37);
    let m = Mpy::parse(&data).unwrap();
    assert_eq!(m.header.arch, arch::NONE);
    assert_eq!(m.header.feature, 0);
    assert_eq!(m.header.small_int_bits, 31);
    assert_eq!((m.n_qstr, m.n_obj), (4, 0));
    let q: Vec<Qstr<'_>> = m.qstrs().collect();
    assert_eq!(
        q,
        [
            Qstr::Inline(b"ex1.py"),
            Qstr::Static(7),
            Qstr::Inline(b"hello"),
            Qstr::Static(123)
        ]
    );
    assert_eq!(q[3].bytes(), b"print");
    assert_eq!(m.raw_code_offset(), 0x18);

    let rc = m.root().unwrap();
    assert_eq!(
        (rc.kind, rc.code.len(), rc.has_children, rc.n_children),
        (mpy::kind::BYTECODE, 12, false, 0)
    );
    assert_eq!(rc.end().unwrap(), data.len());
    let p = rc.prelude().unwrap();
    assert_eq!(p.sig.n_state, 2);
    assert_eq!(
        (p.sig.n_exc_stack, p.sig.n_pos_args, p.sig.scope_flags),
        (0, 0, 0)
    );
    assert_eq!((p.n_info, p.n_cell, p.simple_name), (1, 0, 1));
    assert_eq!(p.n_args(), 0);
    assert!(p.line_info.is_empty());
    assert_eq!(p.opcodes, hex("11 03 10 02 34 01 59 51 63"));
    let got: Vec<(usize, &str, Arg)> = insns(p.opcodes)
        .map(|i| i.unwrap())
        .map(|i| (i.offset, i.name, i.arg))
        .collect();
    assert_eq!(
        got,
        [
            (0, "LOAD_NAME", Arg::Qstr(3)),
            (2, "LOAD_CONST_STRING", Arg::Qstr(2)),
            (4, "CALL_FUNCTION", Arg::Uint(1)),
            (6, "POP_TOP", Arg::None),
            (7, "LOAD_CONST_NONE", Arg::None),
            (8, "RETURN_VALUE", Arg::None),
        ]
    );
    assert_eq!(mpy_format::disasm::validate(&data).unwrap().insns, 6);
}

#[test]
fn example_2_function_with_default_and_loop() {
    let data = hex(EX2);
    assert_eq!(data.len(), 73);
    let m = Mpy::parse(&data).unwrap();
    let names: Vec<String> = (0..6).map(|i| qstr_text(&m, i)).collect();
    assert_eq!(names, ["ex2.py", "<module>", "f", "n", "step", "range"]);
    assert_eq!(m.qstr(4).unwrap(), Qstr::Static(149));
    assert_eq!(m.qstr(5).unwrap(), Qstr::Static(124));

    let module = m.root().unwrap();
    assert_eq!(
        (module.code.len(), module.has_children, module.n_children),
        (13, true, 1)
    );
    let mp = module.prelude().unwrap();
    let ops: Vec<Arg> = insns(mp.opcodes).map(|i| i.unwrap().arg).collect();
    assert_eq!(
        ops,
        [
            Arg::SmallInt(2),
            Arg::Uint(1),
            Arg::None,
            Arg::Child(0),
            Arg::Qstr(2),
            Arg::None,
            Arg::None
        ]
    );

    let [f] = children(&module).try_into().unwrap();
    assert_eq!((f.depth, f.code.len(), f.n_children), (1, 31, 0));
    let p = f.prelude().unwrap();
    assert_eq!(p.sig_bytes, [0xca, 0x01]);
    assert_eq!(
        (p.sig.n_state, p.sig.n_pos_args, p.sig.n_def_pos_args),
        (10, 2, 1)
    );
    assert_eq!((p.n_info, p.n_cell), (7, 0));
    assert_eq!(p.simple_name, 2);
    assert_eq!(p.arg_names().collect::<Vec<_>>(), [3, 4]);
    assert_eq!(p.line_info, [0x20, 0x22, 0x2b, 0x26]);
    assert_eq!(steps(&p), [(0, 2), (2, 3), (13, 4), (19, 5)]);
    assert_eq!(
        (p.line_of(0), p.line_of(12), p.line_of(13), p.line_of(20)),
        (2, 3, 4, 5)
    );

    let all: Vec<_> = insns(p.opcodes).map(Result::unwrap).collect();
    assert_eq!(all.len(), 17);
    let for_iter = all.iter().find(|i| i.opcode == op::FOR_ITER).unwrap();
    assert_eq!(for_iter.offset, 10);
    assert_eq!(
        for_iter.arg,
        Arg::Jump(Jump {
            target: 19,
            delta: 7,
            wide: false
        })
    );
    let jump = all.iter().find(|i| i.opcode == op::JUMP).unwrap();
    assert_eq!(jump.offset, 17);
    assert_eq!(jump.bytes, [0x42, 0x37]);
    assert_eq!(
        jump.arg,
        Arg::Jump(Jump {
            target: 10,
            delta: -9,
            wide: false
        })
    );
    let add = all.iter().find(|i| i.opcode == 0xe5).unwrap();
    assert_eq!(
        (add.arg, add.display_name()),
        (Arg::BinaryOp(14), "BINARY_OP")
    );
    assert_eq!(all[1].arg, Arg::Local(2));
    assert_eq!(all[1].display_name(), "STORE_FAST");
}

#[test]
fn example_3_class_with_method() {
    let data = hex(EX3);
    assert_eq!(data.len(), 86);
    let m = Mpy::parse(&data).unwrap();
    let names: Vec<String> = (0..10).map(|i| qstr_text(&m, i)).collect();
    assert_eq!(
        names,
        [
            "ex3.py",
            "<module>",
            "C",
            "m",
            "k",
            "__name__",
            "__module__",
            "__qualname__",
            "self",
            "x"
        ]
    );
    assert_eq!(m.qstr(7).unwrap(), Qstr::Static(26));
    assert!(m.qstr(10).is_err());

    let module = m.root().unwrap();
    assert_eq!((module.code.len(), module.n_children), (14, 1));
    let [class] = children(&module).try_into().unwrap();
    assert_eq!(
        (class.code.len(), class.n_children, class.offset),
        (22, 1, 0x30)
    );
    let cp = class.prelude().unwrap();
    assert_eq!((cp.sig.n_state, cp.n_info, cp.simple_name), (1, 3, 2));
    assert_eq!(steps(&cp), [(8, 2), (11, 3)]);
    let [method] = children(&class).try_into().unwrap();
    assert_eq!(
        (method.depth, method.offset, method.code.len()),
        (2, 0x49, 12)
    );
    let p = method.prelude().unwrap();
    assert_eq!((p.sig.n_state, p.sig.n_pos_args), (4, 2));
    assert_eq!(p.arg_names().collect::<Vec<_>>(), [8, 9]);
    assert_eq!(steps(&p), [(0, 4)]);
    let ops: Vec<Arg> = insns(p.opcodes).map(|i| i.unwrap().arg).collect();
    assert_eq!(
        ops,
        [
            Arg::Local(0),
            Arg::Qstr(4),
            Arg::Local(1),
            Arg::BinaryOp(27),
            Arg::None
        ]
    );
    assert_eq!(method.end().unwrap(), data.len());
    assert_eq!(module.child(0).unwrap().offset, 0x30);
    assert!(module.child(1).is_err());
}

#[test]
fn reference_files_match_the_spec_bytes() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
    for (name, text) in [("ex1", EX1), ("ex2", EX2), ("ex3", EX3)] {
        let data = std::fs::read(format!("{dir}/{name}.mpy")).unwrap();
        assert_eq!(data, hex(text), "{name}");
    }
}

/// Build a bytecode prelude around a line table and decode it.
fn line_table(lines: &[u8]) -> Vec<(u32, u32, u8)> {
    let mut code = prelude::Signature {
        n_state: 1,
        ..Default::default()
    }
    .encode()
    .as_slice()
    .to_vec();
    code.extend_from_slice(prelude::encode_size(1 + lines.len() as u32, 0).as_slice());
    code.extend_from_slice(varint::vuint(1).as_slice());
    code.extend_from_slice(lines);
    let p = Prelude::parse(&code, 0).unwrap();
    assert_eq!(p.line_info, lines);
    p.line_steps()
        .map(|s| (s.bc_delta, s.line_delta, s.size))
        .collect()
}

#[test]
fn line_table_examples() {
    // mpy-format.md §6.4: (bc delta, line delta) -> bytes.
    assert_eq!(line_table(&[0x60, 0x60]), [(0, 3, 1), (0, 3, 1)]);
    assert_eq!(line_table(&[0x80, 0x0a]), [(0, 10, 2)]);
    assert_eq!(line_table(&[0x89, 0x08]), [(9, 8, 2)]);
    assert_eq!(line_table(&[0x6d, 0x60]), [(13, 3, 1), (0, 3, 1)]);
    assert_eq!(line_table(&[0x64, 0x20]), [(4, 3, 1), (0, 1, 1)]);
    assert_eq!(
        line_table(&[0xf3, 0xff, 0xb0, 0xba]),
        [(3, 2047, 2), (0, 954, 2)]
    );
}

#[test]
fn truncated_line_entry_is_an_error() {
    let code = [0x08, 0x06, 0x01, 0x20, 0x80];
    assert_eq!(
        Prelude::parse(&code, 0).err(),
        Some("truncated line-table entry")
    );
}

#[test]
fn dump_of_example_3() {
    let text = Dump(&hex(EX3)).to_string();
    let expected = "\
mpy version=6 sub_version=0 arch=none small_int_bits=31
qstrs: 10
     0 'ex3.py'
     1 static #7 '<module>'
     2 'C'
     3 'm'
     4 'k'
     5 static #23 '__name__'
     6 static #22 '__module__'
     7 static #26 '__qualname__'
     8 static #137 'self'
     9 'x'
objects: 0
raw_code bytecode len=14 children=1
  n_state=3 n_exc_stack=0 scope_flags=0 n_pos_args=0 n_kwonly_args=0 n_def_pos_args=0 n_info=1 n_cell=0
  name: '<module>'
  args:
  lines:
  cells:
      0  LOAD_BUILD_CLASS
      1  MAKE_FUNCTION 0
      3  LOAD_CONST_STRING 'C'
      5  CALL_FUNCTION n_pos=2 n_kw=0
      7  STORE_NAME 'C'
      9  LOAD_CONST_NONE
     10  RETURN_VALUE
  raw_code bytecode len=22 children=1
    n_state=1 n_exc_stack=0 scope_flags=0 n_pos_args=0 n_kwonly_args=0 n_def_pos_args=0 n_info=3 n_cell=0
    name: 'C'
    args:
    lines: bc=8 line=2 bc=11 line=3
    cells:
        0  LOAD_NAME '__name__'
        2  STORE_NAME '__module__'
        4  LOAD_CONST_STRING 'C'
        6  STORE_NAME '__qualname__'
        8  LOAD_CONST_SMALL_INT 1
        9  STORE_NAME 'k'
       11  MAKE_FUNCTION 0
       13  STORE_NAME 'm'
       15  LOAD_CONST_NONE
       16  RETURN_VALUE
    raw_code bytecode len=12 children=0
      n_state=4 n_exc_stack=0 scope_flags=0 n_pos_args=2 n_kwonly_args=0 n_def_pos_args=0 n_info=4 n_cell=0
      name: 'm'
      args: 'self' 'x'
      lines: bc=0 line=4
      cells:
          0  LOAD_FAST 0
          1  LOAD_ATTR 'k'
          3  LOAD_FAST 1
          4  BINARY_OP 27 __add__
          5  RETURN_VALUE
";
    assert_eq!(text, expected);
}

#[test]
fn malformed_input_gives_error_lines() {
    assert_eq!(Dump(b"").to_string(), "error: truncated header\n");
    assert_eq!(
        Dump(b"Mx\x00\x1f").to_string(),
        "error: incompatible .mpy version\n"
    );
    // ex1 with the last opcode replaced by an undefined one, and a byte appended.
    let mut data = hex(EX1);
    *data.last_mut().unwrap() = 0x00;
    let text = Dump(&data).to_string();
    assert!(
        text.ends_with("      7  LOAD_CONST_NONE\n  error: invalid opcode\n"),
        "{text}"
    );
    data.push(0);
    assert!(Dump(&data)
        .to_string()
        .ends_with("error: 1 trailing bytes after the module\n"));
    assert_eq!(
        mpy_format::disasm::validate(&data).err(),
        Some("trailing bytes after the module")
    );
    // An object index out of range is shown inline.
    assert!(decode(&[op::LOAD_CONST_OBJ, 0x05], 0).is_ok());
    let mut data = hex(EX1);
    let last = data.len() - 3;
    data[last..].copy_from_slice(&[op::LOAD_CONST_OBJ, 0x05, 0x63]);
    let text = Dump(&data).to_string();
    assert!(
        text.contains("LOAD_CONST_OBJ 5 <error: object index out of range>"),
        "{text}"
    );
    assert!(Mpy::parse(&data).unwrap().object(0).is_err());
}
