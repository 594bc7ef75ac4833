//! x86 encoder tables: generic operations with their expected bytes (`py/asmx86.c` forms,
//! spec native.md §4.3), each checked by decoding with iced-x86 in 32-bit mode, plus a
//! property test over registers and displacements.

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use mpyc_targets::x86::regs::*;
use mpyc_targets::x86::{n_args, X86};
use mpyc_targets::{AluOp, AsmPass, Assembler, Cmp, Shift, Width};
use proptest::prelude::*;

fn disasm(bytes: &[u8]) -> Vec<String> {
    let mut d = Decoder::with_ip(32, bytes, 0, DecoderOptions::NONE);
    let mut f = IntelFormatter::new();
    let o = f.options_mut();
    o.set_hex_prefix("0x");
    o.set_hex_suffix("");
    o.set_uppercase_hex(false);
    o.set_space_after_operand_separator(true);
    o.set_branch_leading_zeros(false);
    o.set_leading_zeros(false);
    o.set_show_branch_size(false);
    o.set_small_hex_numbers_in_decimal(false);
    let mut out = Vec::new();
    while d.can_decode() {
        let i = d.decode();
        assert!(!i.is_invalid(), "invalid encoding in {bytes:02x?}");
        let mut s = String::new();
        f.format(&i, &mut s);
        out.push(s);
    }
    out
}

fn enc(f: impl Fn(&mut X86)) -> Vec<u8> {
    let mut a = X86::new();
    a.start_pass(AsmPass::Compute, 4);
    f(&mut a);
    let size = a.code_pos();
    a.start_pass(AsmPass::Emit, 4);
    f(&mut a);
    assert_eq!(a.code_pos(), size);
    a.buf().code().to_vec()
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

type Case = (&'static str, fn(&mut X86), &'static str, &'static str);

const CASES: &[Case] = &[
    ("entry 11", |a| a.entry(11), "55 53 56 57 83 ec 2c",
        "push ebp; push ebx; push esi; push edi; sub esp, 0x2c"),
    ("entry+exit", |a| { a.entry(4); a.exit() }, "55 53 56 57 83 ec 1c 83 ec e4 5f 5e 5b 5d c3",
        "push ebp; push ebx; push esi; push edi; sub esp, 0x1c; sub esp, 0xffffffe4; pop edi; pop esi; pop ebx; pop ebp; ret"),
    ("arg 0 after entry 11", |a| { a.entry(11); a.mov_reg_arg(EAX, 0) },
        "55 53 56 57 83 ec 2c 8b 44 24 40",
        "push ebp; push ebx; push esi; push edi; sub esp, 0x2c; mov eax, [esp+0x40]"),
    ("load FT", |a| a.load_reg_reg_offset(Width::Word, EBP, EAX, 1), "8b 68 04", "mov ebp, [eax+0x4]"),
    ("load [ebp]", |a| a.load_reg_reg_offset(Width::Word, EBP, EBP, 0), "8b 6d 00", "mov ebp, [ebp]"),
    ("store slot 0", |a| a.mov_local_reg(0, EAX), "89 04 24", "mov [esp], eax"),
    ("local addr 0", |a| a.mov_reg_local_addr(EAX, 0), "89 e0", "mov eax, esp"),
    ("local addr 5", |a| a.mov_reg_local_addr(ECX, 5), "8d 4c 24 14", "lea ecx, [esp+0x14]"),
    ("imm -1", |a| a.mov_reg_imm(EAX, -1), "b8 ff ff ff ff", "mov eax, 0xffffffff"),
    ("call F#45 (4 args)", |a| a.call_ind(45), "53 52 51 50 8b 85 b4 00 00 00 ff d0 83 c4 10",
        "push ebx; push edx; push ecx; push eax; mov eax, [ebp+0xb4]; call eax; add esp, 0x10"),
    ("call F#18 (3 args)", |a| a.call_ind(18), "83 ec 04 52 51 50 8b 45 48 ff d0 83 c4 10",
        "sub esp, 0x4; push edx; push ecx; push eax; mov eax, [ebp+0x48]; call eax; add esp, 0x10"),
    ("call F#33 (no args)", |a| a.call_ind(33), "8b 85 84 00 00 00 ff d0",
        "mov eax, [ebp+0x84]; call eax"),
    ("call F#5 (1 arg)", |a| a.call_ind(5), "83 ec 0c 50 8b 45 14 ff d0 83 c4 10",
        "sub esp, 0xc; push eax; mov eax, [ebp+0x14]; call eax; add esp, 0x10"),
    ("mul", |a| a.alu_reg_reg(AluOp::Mul, ECX, EDX), "0f af ca", "imul ecx, edx"),
    ("add", |a| a.alu_reg_reg(AluOp::Add, ECX, EDX), "01 d1", "add ecx, edx"),
    ("sar", |a| a.shift_reg_reg(Shift::Asr, EAX, ECX), "d3 f8", "sar eax, cl"),
    ("ld16", |a| a.load_reg_reg_offset(Width::B16, EAX, EDI, 4), "0f b7 47 08",
        "movzx eax, word ptr [edi+0x8]"),
    ("st8", |a| a.store_reg_reg_offset(Width::B8, EDX, EAX, 1), "88 50 01", "mov [eax+0x1], dl"),
    ("st16", |a| a.store_reg_reg_offset(Width::B16, EDX, EAX, -1), "66 89 50 fe",
        "mov [eax-0x2], dx"),
    ("jnz byte esi", |a| { a.jump_if_reg_nonzero(ESI, 1, true); a.label_assign(1) },
        "84 f6 0f 85 00 00 00 00", "test dh, dh; jne 0x8"),
    ("pcrel", |a| { a.mov_reg_pcrel(EBX, 1); a.label_assign(1) },
        "e8 00 00 00 00 5b 81 c3 07 00 00 00", "call 0x5; pop ebx; add ebx, 0x7"),
    ("viper le unsigned", |a| a.compare_reg_reg(Cmp::Le, false, EAX, ECX, EDX),
        "31 c0 39 d1 0f 96 c0", "xor eax, eax; cmp ecx, edx; setbe al"),
];

#[test]
fn encoding_table() {
    for (what, op, bytes, text) in CASES {
        let got = enc(op);
        assert_eq!(hex(&got), *bytes, "{what}");
        assert_eq!(disasm(&got).join("; "), *text, "{what}: decoder disagrees");
    }
}

#[test]
fn call_arg_counts_match_the_spec() {
    // native.md §4.3 (from py/emitnx86.c).
    let spec = [
        (3, 2),
        (4, 2),
        (5, 1),
        (6, 1),
        (7, 1),
        (8, 0),
        (9, 2),
        (10, 3),
        (11, 2),
        (12, 2),
        (13, 2),
        (14, 3),
        (15, 3),
        (16, 1),
        (17, 2),
        (18, 3),
        (19, 2),
        (20, 2),
        (21, 1),
        (22, 2),
        (23, 2),
        (24, 2),
        (25, 3),
        (26, 3),
        (27, 3),
        (28, 3),
        (29, 3),
        (30, 2),
        (31, 1),
        (32, 1),
        (33, 0),
        (34, 1),
        (35, 3),
        (36, 2),
        (37, 1),
        (38, 3),
        (39, 3),
        (40, 3),
        (41, 1),
        (42, 1),
        (43, 3),
        (44, 3),
        (45, 4),
        (46, 2),
        (47, 2),
        (48, 3),
    ];
    for (i, n) in spec {
        assert_eq!(n_args(i), n, "F#{i}");
    }
}

const ROLES: [u8; 7] = [EAX, ECX, EDX, EBX, EBP, ESI, EDI];

fn r32(r: u8) -> &'static str {
    ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"][r as usize]
}

fn mem_text(base: u8, disp: i64) -> String {
    match disp {
        0 => format!("[{}]", r32(base)),
        d if d < 0 => format!("[{}-{:#x}]", r32(base), -d),
        d => format!("[{}+{:#x}]", r32(base), d),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn loads_stores_decode(d in proptest::sample::select(&ROLES[..]),
                           b in proptest::sample::select(&ROLES[..]),
                           k in -300i32..300) {
        let code = enc(|a| a.load_reg_reg_offset(Width::Word, d, b, k));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {}", r32(d), mem_text(b, k as i64 * 4))]);
        let code = enc(|a| a.store_reg_reg_offset(Width::Word, d, b, k));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {}", mem_text(b, k as i64 * 4), r32(d))]);
    }

    #[test]
    fn imm_loads_decode(r in proptest::sample::select(&ROLES[..]), v in any::<i32>()) {
        let code = enc(|a| a.mov_reg_imm(r, i64::from(v)));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {:#x}", r32(r), v as u32)]);
    }
}
