//! The Thumb encoders checked by an independent decoder, GNU `arm-none-eabi-objdump`:
//! a table of (encoder call, bytes, objdump text) and a property test over random operands.
//!
//! objdump is found as `MPYC_ARM_OBJDUMP` or `arm-none-eabi-objdump` on PATH (CI installs it
//! with `.ci/setup-objdump.sh`). A missing objdump fails the tests; `MPYC_SKIP_OBJDUMP=1` skips
//! them loudly outside CI.

use mpyc_targets::thumb::encode::*;
use proptest::prelude::*;
mod common;
use common::{bytes_of, disassemble_entries, hex, normalise, objdump};
use mpyc_targets::thumb::decode;

/// One table entry: halfwords from the encoders, their bytes as GNU as writes them, and the
/// disassembly (instructions separated by "; ", whitespace collapsed, branch targets relative
/// to the instruction as `.+N` / `.-N`).
struct Case {
    halfwords: Vec<u16>,
    hex: &'static str,
    text: &'static str,
}

fn h(op: Op16) -> Vec<u16> {
    vec![op]
}

fn w(op: Op32) -> Vec<u16> {
    op.to_vec()
}

fn cases() -> Vec<Case> {
    macro_rules! c {
        ($hw:expr, $hex:expr, $text:expr) => {
            Case {
                halfwords: $hw,
                hex: $hex,
                text: $text,
            }
        };
    }
    vec![
        c!(h(NOP), "00 bf", "nop"),
        c!(h(WFI), "30 bf", "wfi"),
        c!(h(CPSID_I), "72 b6", "cpsid i"),
        c!(h(CPSIE_I), "62 b6", "cpsie i"),
        c!(h(format_1(F1_LSL, 1, 2, 3)), "d1 00", "lsls r1, r2, #3"),
        c!(h(format_1(F1_LSR, 7, 0, 31)), "c7 0f", "lsrs r7, r0, #31"),
        c!(h(format_1(F1_ASR, 3, 3, 1)), "5b 10", "asrs r3, r3, #1"),
        c!(h(format_1(F1_LSL, 4, 4, 0)), "24 00", "movs r4, r4"),
        c!(
            h(format_2(F2_ADD | F2_REG, 0, 1, 2)),
            "88 18",
            "adds r0, r1, r2"
        ),
        c!(
            h(format_2(F2_SUB | F2_REG, 7, 6, 5)),
            "77 1b",
            "subs r7, r6, r5"
        ),
        c!(
            h(format_2(F2_ADD | F2_IMM, 0, 1, 7)),
            "c8 1d",
            "adds r0, r1, #7"
        ),
        c!(
            h(format_2(F2_SUB | F2_IMM, 2, 3, 1)),
            "5a 1e",
            "subs r2, r3, #1"
        ),
        c!(h(format_3(F3_MOV, 3, 255)), "ff 23", "movs r3, #255"),
        c!(h(format_3(F3_CMP, 4, 0)), "00 2c", "cmp r4, #0"),
        c!(h(format_3(F3_ADD, 5, 56)), "38 35", "adds r5, #56"),
        c!(h(format_3(F3_SUB, 6, 2)), "02 3e", "subs r6, #2"),
        c!(h(format_3(F3_LDR_PC, 1, 0)), "00 49", "ldr r1, [pc, #0]"),
        c!(h(format_4(F4_AND, 0, 1)), "08 40", "ands r0, r1"),
        c!(h(format_4(F4_EOR, 2, 3)), "5a 40", "eors r2, r3"),
        c!(h(format_4(F4_LSL, 4, 5)), "ac 40", "lsls r4, r5"),
        c!(h(format_4(F4_LSR, 6, 7)), "fe 40", "lsrs r6, r7"),
        c!(h(format_4(F4_ASR, 0, 7)), "38 41", "asrs r0, r7"),
        c!(h(format_4(F4_ADC, 1, 2)), "51 41", "adcs r1, r2"),
        c!(h(format_4(F4_SBC, 3, 4)), "a3 41", "sbcs r3, r4"),
        c!(h(format_4(F4_ROR, 5, 6)), "f5 41", "rors r5, r6"),
        c!(h(format_4(F4_TST, 7, 0)), "07 42", "tst r7, r0"),
        c!(h(format_4(F4_NEG, 0, 0)), "40 42", "negs r0, r0"),
        c!(h(format_4(F4_CMP, 1, 2)), "91 42", "cmp r1, r2"),
        c!(h(format_4(F4_CMN, 3, 4)), "e3 42", "cmn r3, r4"),
        c!(h(format_4(F4_ORR, 5, 6)), "35 43", "orrs r5, r6"),
        c!(h(format_4(F4_MUL, 0, 1)), "48 43", "muls r0, r1"),
        c!(h(format_4(F4_BIC, 2, 3)), "9a 43", "bics r2, r3"),
        c!(h(format_4(F4_MVN, 4, 4)), "e4 43", "mvns r4, r4"),
        c!(h(mov_reg_reg(0, 1)), "08 46", "mov r0, r1"),
        c!(h(mov_reg_reg(8, 1)), "88 46", "mov r8, r1"),
        c!(h(mov_reg_reg(1, 9)), "49 46", "mov r1, r9"),
        c!(h(mov_reg_reg(13, 12)), "e5 46", "mov sp, ip"),
        c!(h(mov_reg_reg(4, 7)), "3c 46", "mov r4, r7"),
        c!(h(format_5(F5_ADD, 3, 15)), "7b 44", "add r3, pc"),
        c!(h(format_5(F5_ADD, 15, 1)), "8f 44", "add pc, r1"),
        c!(h(bx(14)), "70 47", "bx lr"),
        c!(h(bx(3)), "18 47", "bx r3"),
        c!(h(blx(3)), "98 47", "blx r3"),
        c!(h(format_7_8(F7_LDR, 0, 1, 2)), "88 58", "ldr r0, [r1, r2]"),
        c!(
            h(format_7_8(F7_LDR | F7_BYTE, 3, 4, 5)),
            "63 5d",
            "ldrb r3, [r4, r5]"
        ),
        c!(
            h(format_7_8(F8_LDRH, 6, 7, 2)),
            "be 5a",
            "ldrh r6, [r7, r2]"
        ),
        c!(h(format_7_8(F7_STR, 0, 1, 2)), "88 50", "str r0, [r1, r2]"),
        c!(
            h(format_7_8(F7_STR | F7_BYTE, 1, 2, 3)),
            "d1 54",
            "strb r1, [r2, r3]"
        ),
        c!(
            h(format_7_8(F8_STRH, 4, 5, 6)),
            "ac 53",
            "strh r4, [r5, r6]"
        ),
        c!(
            h(format_9_10(F9_LDR, 0, 1, 31)),
            "c8 6f",
            "ldr r0, [r1, #124]"
        ),
        c!(
            h(format_9_10(F9_LDR | F9_BYTE, 2, 3, 31)),
            "da 7f",
            "ldrb r2, [r3, #31]"
        ),
        c!(
            h(format_9_10(F10_LDRH, 4, 5, 31)),
            "ec 8f",
            "ldrh r4, [r5, #62]"
        ),
        c!(h(format_9_10(F9_STR, 6, 7, 1)), "7e 60", "str r6, [r7, #4]"),
        c!(
            h(format_9_10(F9_STR | F9_BYTE, 0, 0, 0)),
            "00 70",
            "strb r0, [r0, #0]"
        ),
        c!(
            h(format_9_10(F10_STRH, 1, 2, 2)),
            "91 80",
            "strh r1, [r2, #4]"
        ),
        c!(
            h(ldr_str_t1(true, 2, 3, 7, 31)),
            "fb 6f",
            "ldr r3, [r7, #124]"
        ),
        c!(
            h(ldr_str_t1(true, 1, 0, 6, 5)),
            "70 89",
            "ldrh r0, [r6, #10]"
        ),
        c!(
            h(ldr_str_t1(false, 0, 1, 2, 3)),
            "d1 70",
            "strb r1, [r2, #3]"
        ),
        c!(h(format_11(F11_SXTH, 5, 5)), "2d b2", "sxth r5, r5"),
        c!(
            h(push(0xf2, true)),
            "f2 b5",
            "push {r1, r4, r5, r6, r7, lr}"
        ),
        c!(
            h(pop(0xfe, true)),
            "fe bd",
            "pop {r1, r2, r3, r4, r5, r6, r7, pc}"
        ),
        c!(h(push(0x80, false)), "80 b4", "push {r7}"),
        c!(h(pop(0x01, false)), "01 bc", "pop {r0}"),
        c!(
            w(push_w(0x4f00)),
            "2d e9 00 4f",
            "stmdb sp!, {r8, r9, sl, fp, lr}"
        ),
        c!(
            w(pop_w(0x8f00)),
            "bd e8 00 8f",
            "ldmia.w sp!, {r8, r9, sl, fp, pc}"
        ),
        c!(h(add_sp(2)), "02 b0", "add sp, #8"),
        c!(h(sub_sp(127)), "ff b0", "sub sp, #508"),
        c!(w(subw_sp(1024)), "ad f2 00 4d", "subw sp, sp, #1024"),
        c!(w(addw_sp(1020)), "0d f2 fc 3d", "addw sp, sp, #1020"),
        c!(h(str_sp(0, 1)), "01 90", "str r0, [sp, #4]"),
        c!(h(ldr_sp(7, 255)), "ff 9f", "ldr r7, [sp, #1020]"),
        c!(h(add_rd_sp(2, 3)), "03 aa", "add r2, sp, #12"),
        c!(
            w(mov_reg_i16(MOVW, 0, 0x1234)),
            "41 f2 34 20",
            "movw r0, #4660"
        ),
        c!(
            w(mov_reg_i16(MOVT, 12, 0xffff)),
            "cf f6 ff 7c",
            "movt ip, #65535"
        ),
        c!(
            w(mov_reg_i16(MOVW, 3, 4065)),
            "40 f6 e1 73",
            "movw r3, #4065"
        ),
        c!(h(b_n(-4)), "fe e7", "b.n .+0"),
        c!(h(b_n(2046)), "ff e3", "b.n .+2050"),
        c!(h(b_n(-2048)), "00 e4", "b.n .-2044"),
        c!(h(bcc_n(0, 2)), "01 d0", "beq.n .+6"),
        c!(h(bcc_n(13, -256)), "80 dd", "ble.n .-252"),
        c!(w(bcc_w(1, 0)), "40 f0 00 80", "bne.w .+4"),
        c!(w(bcc_w(12, -1_048_576)), "00 f7 00 80", "bgt.w .-1048572"),
        c!(w(bcc_w(3, 1_048_574)), "ff f0 ff af", "bcc.w .+1048578"),
        c!(w(b_w(0)), "00 f0 00 b8", "b.w .+4"),
        c!(w(b_w(-8)), "ff f7 fc bf", "b.w .-4"),
        c!(w(bl(-4)), "ff f7 fe ff", "bl .+0"),
        c!(w(bl(4_194_300)), "ff f3 fe ff", "bl .+4194304"),
        c!(
            [
                vec![ite(0)],
                h(format_3(F3_MOV, 0, 1)),
                h(format_3(F3_MOV, 0, 0))
            ]
            .concat(),
            "0c bf 01 20 00 20",
            "ite eq; moveq r0, #1; movne r0, #0"
        ),
        c!(
            [
                vec![ite(11)],
                h(format_3(F3_MOV, 0, 1)),
                h(format_3(F3_MOV, 0, 0))
            ]
            .concat(),
            "b4 bf 01 20 00 20",
            "ite lt; movlt r0, #1; movge r0, #0"
        ),
        c!(
            [vec![it(1, 0x8)], h(format_3(F3_MOV, 0, 1))].concat(),
            "18 bf 01 20",
            "it ne; movne r0, #1"
        ),
        c!(
            [vec![it(0, 0x1)], vec![NOP; 4]].concat(),
            "01 bf 00 bf 00 bf 00 bf 00 bf",
            "itttt eq; nopeq; nopeq; nopeq; nopeq"
        ),
        c!(
            w(ldr_str_w(true, 2, 0, 7, 4092)),
            "d7 f8 fc 0f",
            "ldr.w r0, [r7, #4092]"
        ),
        c!(
            w(ldr_str_w(true, 0, 1, 2, 100)),
            "92 f8 64 10",
            "ldrb.w r1, [r2, #100]"
        ),
        c!(
            w(ldr_str_w(true, 1, 3, 4, 64)),
            "b4 f8 40 30",
            "ldrh.w r3, [r4, #64]"
        ),
        c!(
            w(ldr_str_w(false, 2, 5, 6, 128)),
            "c6 f8 80 50",
            "str.w r5, [r6, #128]"
        ),
        c!(
            w(ldr_str_w(false, 0, 9, 0, 32)),
            "80 f8 20 90",
            "strb.w r9, [r0, #32]"
        ),
        c!(
            w(ldr_str_w(false, 1, 0, 8, 2)),
            "a8 f8 02 00",
            "strh.w r0, [r8, #2]"
        ),
        c!(w(clz(0, 1)), "b1 fa 81 f0", "clz r0, r1"),
        c!(w(rbit(2, 3)), "93 fa a3 f2", "rbit r2, r3"),
        c!(w(mrs(0, 5)), "ef f3 05 80", "mrs r0, IPSR"),
        c!(w(mrs(12, 17)), "ef f3 11 8c", "mrs ip, BASEPRI"),
        c!(w(sdiv(0, 1, 2)), "91 fb f2 f0", "sdiv r0, r1, r2"),
        c!(w(udiv(3, 4, 5)), "b4 fb f5 f3", "udiv r3, r4, r5"),
        c!(w(ldrex(0, 1, 1)), "51 e8 01 0f", "ldrex r0, [r1, #4]"),
        c!(w(strex(2, 0, 1, 0)), "41 e8 00 02", "strex r2, r0, [r1]"),
        c!(
            w(vfp_3(0x30, 0, 1, 2)),
            "30 ee 81 0a",
            "vadd.f32 s0, s1, s2"
        ),
        c!(
            w(vfp_3(0x34, 3, 4, 5)),
            "72 ee 62 1a",
            "vsub.f32 s3, s4, s5"
        ),
        c!(
            w(vfp_3(0x20, 31, 30, 29)),
            "6f ee 2e fa",
            "vmul.f32 s31, s30, s29"
        ),
        c!(
            w(vfp_3(0x80, 2, 0, 1)),
            "80 ee 20 1a",
            "vdiv.f32 s2, s0, s1"
        ),
        c!(
            w(vfp_2(0xeeb1, 0x0a40, 0, 1)),
            "b1 ee 60 0a",
            "vneg.f32 s0, s1"
        ),
        c!(
            w(vfp_2(0xeeb1, 0x0ac0, 2, 3)),
            "b1 ee e1 1a",
            "vsqrt.f32 s2, s3"
        ),
        c!(
            w(vfp_2(0xeeb4, 0x0ac0, 4, 5)),
            "b4 ee e2 2a",
            "vcmpe.f32 s4, s5"
        ),
        c!(
            w(vfp_2(0xeeb8, 0x0ac0, 6, 7)),
            "b8 ee e3 3a",
            "vcvt.f32.s32 s6, s7"
        ),
        c!(
            w(vfp_2(0xeebd, 0x0ac0, 8, 9)),
            "bd ee e4 4a",
            "vcvt.s32.f32 s8, s9"
        ),
        c!(w(vmov(false, 0, 1)), "00 ee 90 0a", "vmov s1, r0"),
        c!(w(vmov(true, 2, 30)), "1f ee 10 2a", "vmov r2, s30"),
        c!(w(vmrs(15)), "f1 ee 10 fa", "vmrs APSR_nzcv, fpscr"),
        c!(w(vmrs(3)), "f1 ee 10 3a", "vmrs r3, fpscr"),
        c!(
            w(vldr_vstr(true, 1, 2, 3)),
            "d2 ed 03 0a",
            "vldr s1, [r2, #12]"
        ),
        c!(
            w(vldr_vstr(false, 6, 7, 255)),
            "87 ed ff 3a",
            "vstr s6, [r7, #1020]"
        ),
    ]
}

/// mpyc's own decoder ([`decode::disassemble`]), normalised as the objdump text is.
fn decoded(code: &[u8]) -> String {
    decode::disassemble(code)
        .iter()
        .map(|i| normalise(i.addr, &i.text))
        .collect::<Vec<_>>()
        .join("; ")
}

#[test]
fn encoder_table_matches_gnu_bytes_and_objdump() {
    let table = cases();
    let mut bad = Vec::new();
    for c in &table {
        let got = hex(&bytes_of(&c.halfwords));
        if got != c.hex {
            bad.push(format!("{}: bytes {got}, table {}", c.text, c.hex));
        }
    }
    for c in &table {
        let got = decoded(&bytes_of(&c.halfwords));
        if got != c.text {
            bad.push(format!("{}: mpyc's decoder says `{got}`", c.text));
        }
    }
    if let Some(tool) = objdump() {
        let entries: Vec<Vec<u16>> = table.iter().map(|c| c.halfwords.clone()).collect();
        let texts = disassemble_entries(&tool, &entries);
        for (c, t) in table.iter().zip(texts) {
            if t != c.text {
                bad.push(format!("{}: objdump says `{t}` for {}", c.text, c.hex));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "{} mismatches:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

/// A random instruction and the text objdump must print for it.
fn instruction() -> impl Strategy<Value = (Vec<u16>, String)> {
    let lo = 0u32..8;
    let anyr = 0u32..13;
    let fmt4 = [
        (F4_AND, "ands"),
        (F4_EOR, "eors"),
        (F4_LSL, "lsls"),
        (F4_LSR, "lsrs"),
        (F4_ASR, "asrs"),
        (F4_ADC, "adcs"),
        (F4_SBC, "sbcs"),
        (F4_ROR, "rors"),
        (F4_TST, "tst"),
        (F4_NEG, "negs"),
        (F4_CMP, "cmp"),
        (F4_CMN, "cmn"),
        (F4_ORR, "orrs"),
        (F4_MUL, "muls"),
        (F4_BIC, "bics"),
        (F4_MVN, "mvns"),
    ];
    let rn = |r: u32| match r {
        10 => "sl".to_string(),
        11 => "fp".to_string(),
        12 => "ip".to_string(),
        r => format!("r{r}"),
    };
    prop_oneof![
        (0usize..16, lo.clone(), lo.clone()).prop_map(move |(i, d, s)| {
            let (op, name) = fmt4[i];
            (vec![format_4(op, d, s)], format!("{name} r{d}, r{s}"))
        }),
        (0u32..3, lo.clone(), lo.clone(), 1u32..32).prop_map(|(k, d, m, i)| {
            let (op, name) = [(F1_LSL, "lsls"), (F1_LSR, "lsrs"), (F1_ASR, "asrs")][k as usize];
            (
                vec![format_1(op, d, m, i)],
                format!("{name} r{d}, r{m}, #{i}"),
            )
        }),
        (0u32..4, lo.clone(), 0u32..256).prop_map(|(k, d, i)| {
            let (op, name) = [
                (F3_MOV, "movs"),
                (F3_CMP, "cmp"),
                (F3_ADD, "adds"),
                (F3_SUB, "subs"),
            ][k as usize];
            (vec![format_3(op, d, i)], format!("{name} r{d}, #{i}"))
        }),
        (0u32..3, lo.clone(), lo.clone(), 0u32..32, any::<bool>()).prop_map(
            |(sz, t, n, k, load)| {
                let name = ["strb", "strh", "str"][sz as usize];
                let name = if load {
                    name.replacen("st", "ld", 1)
                } else {
                    name.to_string()
                };
                (
                    vec![ldr_str_t1(load, sz, t, n, k)],
                    format!("{name} r{t}, [r{n}, #{}]", k << sz),
                )
            }
        ),
        (anyr.clone(), anyr.clone()).prop_map(move |(d, s)| {
            // objdump names `mov r8, r8` (0x46c0) "nop", the pre-UAL no-op.
            let text = if d == 8 && s == 8 {
                "nop".to_string()
            } else {
                format!("mov {}, {}", rn(d), rn(s))
            };
            (vec![mov_reg_reg(d, s)], text)
        }),
        (0u32..2, anyr.clone(), 0u32..0x10000).prop_map(move |(t, d, i)| {
            let (op, name) = [(MOVW, "movw"), (MOVT, "movt")][t as usize];
            (
                mov_reg_i16(op, d, i).to_vec(),
                format!("{name} {}, #{i}", rn(d)),
            )
        }),
        (0u32..14, -128i32..128).prop_map(|(cc, k)| {
            let rel = 2 * k;
            let cond = [
                "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
            ];
            let t = rel + 4;
            let t = if t < 0 {
                format!(".-{}", -t)
            } else {
                format!(".+{t}")
            };
            (
                vec![bcc_n(cc, rel)],
                format!("b{}.n {t}", cond[cc as usize]),
            )
        }),
        (0u32..14, -(1i32 << 19)..(1i32 << 19)).prop_map(|(cc, k)| {
            let rel = 2 * k;
            let cond = [
                "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
            ];
            let t = rel + 4;
            let t = if t < 0 {
                format!(".-{}", -t)
            } else {
                format!(".+{t}")
            };
            (
                bcc_w(cc, rel).to_vec(),
                format!("b{}.w {t}", cond[cc as usize]),
            )
        }),
        (-(1i32 << 21)..(1i32 << 21)).prop_map(|k| {
            let rel = 2 * k;
            let t = rel + 4;
            let t = if t < 0 {
                format!(".-{}", -t)
            } else {
                format!(".+{t}")
            };
            (bl(rel).to_vec(), format!("bl {t}"))
        }),
        (0u32..3, 0u32..32, 0u32..32, 0u32..32).prop_map(|(k, d, n, m)| {
            let (op, name) = [(0x30, "vadd"), (0x20, "vmul"), (0x80, "vdiv")][k as usize];
            (
                vfp_3(op, d, n, m).to_vec(),
                format!("{name}.f32 s{d}, s{n}, s{m}"),
            )
        }),
        (anyr.clone(), 0u32..32, 0u32..1024).prop_map(move |(_, d, off)| {
            let rb = d % 8;
            (
                vldr_vstr(true, d, rb, off / 4).to_vec(),
                format!("vldr s{d}, [r{rb}, #{}]", off / 4 * 4),
            )
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    /// Random operands of each encoder decode to the instruction meant.
    #[test]
    fn random_instructions_decode_as_meant(list in proptest::collection::vec(instruction(), 1..150)) {
        if let Some(tool) = objdump() {
            let entries: Vec<Vec<u16>> = list.iter().map(|(hw, _)| hw.clone()).collect();
            let texts = disassemble_entries(&tool, &entries);
            for ((hw, want), got) in list.iter().zip(texts) {
                let want = want.replace(", #0]", "]").replace("[r0, #0]", "[r0]");
                let got = got.replace(", #0]", "]");
                prop_assert_eq!(&got, &want, "bytes {}", hex(&bytes_of(hw)));
                // mpyc's decoder agrees with objdump.
                let mine = decoded(&bytes_of(hw)).replace(", #0]", "]");
                prop_assert_eq!(&mine, &got, "decoder, bytes {}", hex(&bytes_of(hw)));
            }
        }
    }
}

/// Every 16-bit halfword mpyc's decoder names (all but IT instructions, which change the
/// following ones) is named the same by objdump.
#[test]
fn decoder_agrees_with_objdump_on_all_16_bit_encodings() {
    let Some(tool) = objdump() else { return };
    let halfwords: Vec<u16> = (0u16..0xe800)
        .filter(|h| !(h & 0xff00 == 0xbf00 && h & 0xf != 0))
        .collect();
    let blob = bytes_of(&halfwords);
    let theirs = common::disassemble(&tool, &blob);
    let mine = decode::disassemble(&blob);
    assert_eq!(theirs.len(), mine.len(), "instruction counts differ");
    let mut bad = Vec::new();
    for ((addr, t), m) in theirs.iter().zip(&mine) {
        if m.text.starts_with(".short") {
            continue;
        }
        let m = normalise(m.addr, &m.text);
        if &m != t {
            bad.push(format!(
                "{:04x}: objdump `{t}`, mpyc `{m}`",
                halfwords[addr / 2]
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "{} differences, first:\n{}",
        bad.len(),
        bad[..bad.len().min(40)].join("\n")
    );
}
