//! Encode -> decode round trips: every opcode's operand through the encoders that exist
//! (`varint::vuint`/`svuint`, and the jump forms of mpy-format.md §7.1 written out here),
//! whole instruction streams, preludes built with `prelude::Signature::encode`/`encode_size`,
//! and a small file assembled from the `mpy` helpers.

use mpy_format::disasm::{decode, insns, validate, Arg, Jump};
use mpy_format::mpy::{self, tag, Header};
use mpy_format::opcode::{self, info, is_signed_jump, Operand};
use mpy_format::prelude::{encode_size, Signature};
use mpy_format::read::{Mpy, Obj, Prelude, Qstr};
use mpy_format::varint::{svuint, vuint};
use proptest::prelude::*;

/// Every defined opcode byte with its operand class.
fn opcodes() -> Vec<(u8, Operand)> {
    (0..=255u8)
        .filter_map(|b| info(b).map(|(_, o, _)| (b, o)))
        .collect()
}

/// Encode a jump's offset field: `wide` picks the 2-byte form.
fn jump_bytes(signed: bool, delta: i64, wide: bool) -> Vec<u8> {
    if wide {
        let v = if signed { delta + 0x4000 } else { delta } as u16;
        vec![0x80 | (v & 0x7f) as u8, (v >> 7) as u8]
    } else {
        vec![if signed { delta + 0x40 } else { delta } as u8]
    }
}

/// A value to put in an operand of class `operand`, as (encoded operand bytes, expected arg)
/// for an instruction at `at` whose opcode byte is `op`.
#[derive(Clone, Debug)]
struct Operands {
    uint: u64,
    sint: i64,
    byte: u8,
    delta: i64,
    wide: bool,
}

fn operands() -> impl Strategy<Value = Operands> {
    (
        any::<u64>(),
        any::<i64>(),
        any::<u8>(),
        any::<bool>(),
        any::<u16>(),
    )
        .prop_map(|(u, s, byte, wide, d)| {
            // Keep deltas inside what the chosen form can hold; signedness is applied later.
            let delta = if wide {
                i64::from(d & 0x7fff)
            } else {
                i64::from(d & 0x7f)
            };
            Operands {
                uint: u >> (u % 64),
                sint: s >> (s.unsigned_abs() % 64),
                byte,
                delta,
                wide,
            }
        })
}

fn encode(op: u8, operand: Operand, v: &Operands, at: usize) -> (Vec<u8>, Arg) {
    let mut b = vec![op];
    let signed = is_signed_jump(op);
    // Signed forms hold -64..=63 / -16384..=16383: re-centre the unsigned sample.
    let delta = match (signed, v.wide) {
        (true, false) => v.delta - 0x40,
        (true, true) => v.delta - 0x4000,
        _ => v.delta,
    };
    let arg = match operand {
        Operand::None => match op {
            0x70..=0xaf => Arg::SmallInt(i8::try_from(i16::from(op) - 0x80).unwrap()),
            0xb0..=0xcf => Arg::Local(op & 0x0f),
            0xd0..=0xd3 => Arg::UnaryOp(op - opcode::UNARY_OP_MULTI),
            0xd7..=0xf9 => Arg::BinaryOp(op - opcode::BINARY_OP_MULTI),
            _ => Arg::None,
        },
        Operand::Qstr | Operand::Uint | Operand::Obj | Operand::Child => {
            b.extend_from_slice(vuint(v.uint).as_slice());
            match operand {
                Operand::Qstr => Arg::Qstr(v.uint),
                Operand::Uint => Arg::Uint(v.uint),
                Operand::Obj => Arg::Obj(v.uint),
                _ => Arg::Child(v.uint),
            }
        }
        Operand::Sint => {
            b.extend_from_slice(svuint(v.sint).as_slice());
            Arg::Sint(v.sint)
        }
        Operand::ChildByte => {
            b.extend_from_slice(vuint(v.uint).as_slice());
            b.push(v.byte);
            Arg::ChildByte(v.uint, v.byte)
        }
        Operand::SignedJump | Operand::SignedJumpByte | Operand::UnsignedJump => {
            b.extend_from_slice(&jump_bytes(signed, delta, v.wide));
            let end = (at + b.len()) as i64;
            let j = Jump {
                target: end + delta,
                delta,
                wide: v.wide,
            };
            if operand == Operand::SignedJumpByte {
                b.push(v.byte);
                Arg::JumpByte(j, v.byte)
            } else {
                Arg::Jump(j)
            }
        }
    };
    (b, arg)
}

proptest! {
    #[test]
    fn every_opcode_operand_round_trips(v in operands(), pad in 0usize..40) {
        for (op, operand) in opcodes() {
            let (bytes, arg) = encode(op, operand, &v, pad);
            let mut code = vec![0x59; pad];
            code.extend_from_slice(&bytes);
            code.push(0x63);
            let i = decode(&code, pad).unwrap();
            prop_assert_eq!(i.opcode, op);
            prop_assert_eq!(i.arg, arg, "opcode {:#04x}", op);
            prop_assert_eq!(i.bytes, &bytes[..]);
            prop_assert_eq!(i.name, info(op).unwrap().0);
            // Truncating the instruction anywhere is an error, never a panic.
            for cut in pad..pad + bytes.len() {
                if cut > pad {
                    prop_assert!(decode(&code[..cut], pad).is_err());
                }
            }
        }
    }

    #[test]
    fn instruction_streams_round_trip(
        picks in proptest::collection::vec((any::<prop::sample::Index>(), operands()), 0..60),
    ) {
        let table = opcodes();
        let mut code = Vec::new();
        let mut expected = Vec::new();
        for (idx, v) in &picks {
            let (op, operand) = table[idx.index(table.len())];
            let at = code.len();
            let (bytes, arg) = encode(op, operand, v, at);
            expected.push((at, op, arg));
            code.extend_from_slice(&bytes);
        }
        let got: Vec<(usize, u8, Arg)> =
            insns(&code).map(|i| i.unwrap()).map(|i| (i.offset, i.opcode, i.arg)).collect();
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn preludes_round_trip(
        n_state in 1u32..5000, n_exc_stack in 0u32..40, flags in 0u32..16, n_pos in 0u32..40,
        n_kw in 0u32..40, n_def in 0u32..40,
        name in any::<u16>(),
        steps in proptest::collection::vec((0u32..40, 0u32..3000), 0..20),
        cells in proptest::collection::vec(any::<u8>(), 0..8),
        opcodes in proptest::collection::vec(any::<u8>(), 0..20),
    ) {
        let sig = Signature { n_state, n_exc_stack, scope_flags: flags, n_pos_args: n_pos,
                              n_kwonly_args: n_kw, n_def_pos_args: n_def };
        let mut info = vuint(u64::from(name)).as_slice().to_vec();
        let n_args = n_pos + n_kw;
        for a in 0..n_args {
            info.extend_from_slice(vuint(u64::from(a) * 37).as_slice());
        }
        let line_start = info.len();
        let mut expect = Vec::new();
        for &(b, l) in &steps {
            encode_line_step(&mut info, b, l);
            expect.push((b, l));
        }
        let mut code = sig.encode().as_slice().to_vec();
        code.extend_from_slice(encode_size(info.len() as u32, cells.len() as u32).as_slice());
        code.extend_from_slice(&info);
        code.extend_from_slice(&cells);
        code.extend_from_slice(&opcodes);
        let p = Prelude::parse(&code, 0).unwrap();
        prop_assert_eq!(p.sig, sig);
        prop_assert_eq!((p.n_info, p.n_cell), (info.len(), cells.len()));
        prop_assert_eq!(p.simple_name, u64::from(name));
        let args: Vec<u64> = (0..n_args).map(|a| u64::from(a) * 37).collect();
        prop_assert_eq!(p.arg_names().collect::<Vec<_>>(), args);
        prop_assert_eq!(p.line_info, &info[line_start..]);
        prop_assert_eq!(p.cells, &cells[..]);
        prop_assert_eq!(p.opcodes, &opcodes[..]);
        // Each (bc, line) record may take several steps; the running totals must match, and
        // an offset maps to the line of the last record at or before it.
        let (mut bc, mut line) = (0u64, 1u64);
        let mut records = Vec::new();
        for (b, l) in expect {
            bc += u64::from(b);
            line += u64::from(l);
            records.push((bc, line));
        }
        for &(at, _) in &records {
            let want = records.iter().rev().find(|r| r.0 <= at).map_or(1, |r| r.1);
            prop_assert_eq!(p.line_of(at), want);
        }
        let last = p.line_steps().last().map_or((0, 1), |s| (s.bc, s.line));
        prop_assert_eq!(last, (bc, line));
    }
}

/// The line-table encoder of mpy-format.md §6.4 (py/emitbc.c), to feed the decoder.
fn encode_line_step(out: &mut Vec<u8>, mut b: u32, mut l: u32) {
    while b > 0 || l > 0 {
        if l <= 6 || b > 15 {
            let bb = b.min(31);
            let ll = if bb < b { 0 } else { l.min(3) };
            out.push(((ll << 5) | bb) as u8);
            b -= bb;
            l -= ll;
        } else {
            let bb = b.min(15);
            let ll = l.min(2047);
            out.push((0x80 | ((ll >> 4) & 0x70) | bb) as u8);
            out.push((ll & 0xff) as u8);
            b -= bb;
            l -= ll;
        }
    }
}

#[test]
fn assembled_file_reads_back() {
    // A module whose only instruction loads a tuple constant, with one child function.
    let mut f = Header::fixed_bytes(None, mpy::DEFAULT_SMALL_INT_BITS, false).to_vec();
    f.extend_from_slice(&[3, 2]); // 3 qstrs, 2 objects
    f.extend_from_slice(&[0x08, b't', b'.', b'p', b'y', 0]); // inline "t.py"
    f.extend_from_slice(vuint(7 * 2 + 1).as_slice()); // static <module>
    f.extend_from_slice(&[0x02, b'g', 0]);
    f.extend_from_slice(&[
        tag::TUPLE,
        3,
        tag::NONE,
        tag::INT,
        2,
        b'-',
        b'7',
        tag::TUPLE,
        0,
    ]);
    f.extend_from_slice(&[tag::BYTES, 0, 0]);
    let body = [
        0x08, 0x02, 0x01, 0x23, 0x00, 0x59, 0x32, 0x00, 0x16, 0x02, 0x51, 0x63,
    ];
    f.extend_from_slice(
        vuint(mpy::kind_len(
            body.len() as u64,
            true,
            mpy::EmitKind::Bytecode,
        ))
        .as_slice(),
    );
    f.extend_from_slice(&body);
    f.push(1);
    let child = [0x00, 0x02, 0x02, 0x51, 0x63];
    f.extend_from_slice(
        vuint(mpy::kind_len(
            child.len() as u64,
            false,
            mpy::EmitKind::Bytecode,
        ))
        .as_slice(),
    );
    f.extend_from_slice(&child);

    let stats = validate(&f).unwrap();
    assert_eq!((stats.raw_codes, stats.insns), (2, 8));
    let m = Mpy::parse(&f).unwrap();
    assert_eq!(
        m.qstrs().collect::<Vec<_>>(),
        [Qstr::Inline(b"t.py"), Qstr::Static(7), Qstr::Inline(b"g")]
    );
    let Obj::Tuple(t) = m.object(0).unwrap() else {
        panic!()
    };
    let items: Vec<u8> = t.iter().map(|o| o.tag()).collect();
    assert_eq!(items, [tag::NONE, tag::INT, tag::TUPLE]);
    assert!(matches!(m.object(1).unwrap(), Obj::Bytes(b"")));
    let text = mpy_format::disasm::Dump(&f).to_string();
    assert!(
        text.contains("      0  LOAD_CONST_OBJ (None, -7, ())\n"),
        "{text}"
    );
    assert!(text.contains("    name: 'g'\n"), "{text}");
}
