//! x64 encoder tables: each generic operation with its expected bytes (from the reference's
//! `py/asmx64.c` forms, spec native.md §4.2) and the instruction an independent decoder
//! (iced-x86) reads back from those bytes. Plus a property test: every encoded operation
//! decodes, in full, to the intended instruction text.

use iced_x86::{Decoder, DecoderOptions, Formatter, IntelFormatter};
use mpyc_targets::x64::regs::*;
use mpyc_targets::x64::X64;
use mpyc_targets::{AluOp, AsmPass, Assembler, Cmp, Shift, Width};
use proptest::prelude::*;

/// Disassemble `bytes` (at address 0) into Intel syntax, one instruction per entry; fails if
/// the bytes do not decode exactly.
fn disasm(bytes: &[u8]) -> Vec<String> {
    let mut d = Decoder::with_ip(64, bytes, 0, DecoderOptions::NONE);
    let mut f = IntelFormatter::new();
    f.options_mut().set_hex_prefix("0x");
    f.options_mut().set_hex_suffix("");
    f.options_mut().set_uppercase_hex(false);
    f.options_mut().set_space_after_operand_separator(true);
    f.options_mut().set_branch_leading_zeros(false);
    f.options_mut().set_leading_zeros(false);
    f.options_mut().set_show_branch_size(false);
    f.options_mut().set_small_hex_numbers_in_decimal(false);
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

/// Run `f` on a fresh assembler in a compute pass then the emit pass, return the bytes.
fn enc(f: impl Fn(&mut X64)) -> Vec<u8> {
    let mut a = X64::new();
    a.start_pass(AsmPass::Compute, 4);
    f(&mut a);
    let size = a.code_pos();
    a.start_pass(AsmPass::Emit, 4);
    f(&mut a);
    assert_eq!(a.code_pos(), size);
    assert!(!a.buf().label_mismatch);
    a.buf().code().to_vec()
}

fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

type Case = (&'static str, fn(&mut X64), &'static str, &'static str);

/// (what, operation, expected bytes, decoder text joined by "; ").
const CASES: &[Case] = &[
    ("entry 9", |a| a.entry(9), "55 53 41 54 41 55 48 83 ec 48",
        "push rbp; push rbx; push r12; push r13; sub rsp, 0x48"),
    ("exit after entry 9", |a| { a.entry(9); a.exit() },
        "55 53 41 54 41 55 48 83 ec 48 48 83 ec b8 41 5d 41 5c 5b 5d c3",
        "push rbp; push rbx; push r12; push r13; sub rsp, 0x48; sub rsp, 0xffffffffffffffb8; pop r13; pop r12; pop rbx; pop rbp; ret"),
    ("entry 150", |a| a.entry(156), "55 53 41 54 41 55 48 81 ec e8 04 00 00",
        "push rbp; push rbx; push r12; push r13; sub rsp, 0x4e8"),
    ("load FT, A1[1]", |a| a.load_reg_reg_offset(Width::Word, RBP, RDI, 1), "48 8b 6f 08",
        "mov rbp, [rdi+0x8]"),
    ("load r13, rbp[2]", |a| a.load_reg_reg_offset(Width::Word, R13, RBP, 2), "4c 8b 6d 10",
        "mov r13, [rbp+0x10]"),
    ("load rbp, rbp[0]", |a| a.load_reg_reg_offset(Width::Word, RBP, RBP, 0), "48 8b 6d 00",
        "mov rbp, [rbp]"),
    ("store slot 0", |a| a.mov_local_reg(0, RDI), "48 89 3c 24", "mov [rsp], rdi"),
    ("store slot 3", |a| a.mov_local_reg(3, RDI), "48 89 7c 24 18", "mov [rsp+0x18], rdi"),
    ("load slot 24", |a| a.mov_reg_local(RAX, 24), "48 8b 84 24 c0 00 00 00",
        "mov rax, [rsp+0xc0]"),
    ("load r12 slot 7", |a| a.mov_reg_local(R12, 7), "4c 8b 64 24 38", "mov r12, [rsp+0x38]"),
    ("imm 4", |a| a.mov_reg_imm(RDI, 4), "bf 04 00 00 00", "mov edi, 0x4"),
    ("imm r12 0", |a| a.mov_reg_imm(R12, 0), "41 bc 00 00 00 00", "mov r12d, 0x0"),
    ("imm -1", |a| a.mov_reg_imm(RAX, -1), "48 b8 ff ff ff ff ff ff ff ff",
        "mov rax, 0xffffffffffffffff"),
    ("imm 2^32", |a| a.mov_reg_imm(RSI, 1 << 32), "48 be 00 00 00 00 01 00 00 00",
        "mov rsi, 0x100000000"),
    ("local addr 0", |a| a.mov_reg_local_addr(RDI, 0), "48 89 e7", "mov rdi, rsp"),
    ("local addr 5", |a| a.mov_reg_local_addr(RSI, 5), "48 8d 74 24 28", "lea rsi, [rsp+0x28]"),
    ("mov r12 -> rdx", |a| a.mov_reg_reg(RDX, R12), "4c 89 e2", "mov rdx, r12"),
    ("call F#45", |a| a.call_ind(45), "48 8b 85 68 01 00 00 ff d0",
        "mov rax, [rbp+0x168]; call rax"),
    ("call F#7", |a| a.call_ind(7), "48 8b 45 38 ff d0", "mov rax, [rbp+0x38]; call rax"),
    ("clr rax", |a| a.clr_reg(RAX), "48 31 c0", "xor rax, rax"),
    ("not rax", |a| a.not_reg(RAX), "48 f7 d0", "not rax"),
    ("neg rax", |a| a.neg_reg(RAX), "48 f7 d8", "neg rax"),
    ("add rsi, rdx", |a| a.alu_reg_reg(AluOp::Add, RSI, RDX), "48 01 d6", "add rsi, rdx"),
    ("sub rsi, rdx", |a| a.alu_reg_reg(AluOp::Sub, RSI, RDX), "48 29 d6", "sub rsi, rdx"),
    ("and", |a| a.alu_reg_reg(AluOp::And, RSI, RDX), "48 21 d6", "and rsi, rdx"),
    ("or", |a| a.alu_reg_reg(AluOp::Or, RSI, R12), "4c 09 e6", "or rsi, r12"),
    ("xor", |a| a.alu_reg_reg(AluOp::Xor, RBX, RDX), "48 31 d3", "xor rbx, rdx"),
    ("mul", |a| a.alu_reg_reg(AluOp::Mul, RSI, RDX), "48 0f af f2", "imul rsi, rdx"),
    ("shl", |a| a.shift_reg_reg(Shift::Lsl, RAX, RCX), "48 d3 e0", "shl rax, cl"),
    ("shr", |a| a.shift_reg_reg(Shift::Lsr, RAX, RCX), "48 d3 e8", "shr rax, cl"),
    ("sar", |a| a.shift_reg_reg(Shift::Asr, RAX, RCX), "48 d3 f8", "sar rax, cl"),
    ("ld8", |a| a.load_reg_reg_offset(Width::B8, RAX, RDI, 3), "0f b6 47 03",
        "movzx eax, byte ptr [rdi+0x3]"),
    ("ld16 qstr", |a| a.load_reg_reg_offset(Width::B16, RDI, R13, 4), "41 0f b7 7d 08",
        "movzx edi, word ptr [r13+0x8]"),
    ("ld16 -1", |a| a.load_reg_reg_offset(Width::B16, RAX, RBX, -1), "0f b7 43 fe",
        "movzx eax, word ptr [rbx-0x2]"),
    ("ld32", |a| a.load_reg_reg_offset(Width::B32, RAX, RDI, 40), "8b 87 a0 00 00 00",
        "mov eax, [rdi+0xa0]"),
    ("st8", |a| a.store_reg_reg_offset(Width::B8, RDX, RDI, 1), "88 57 01",
        "mov [rdi+0x1], dl"),
    ("st16", |a| a.store_reg_reg_offset(Width::B16, RDX, R12, 40), "66 41 89 54 24 50",
        "mov [r12+0x50], dx"),
    ("st32", |a| a.store_reg_reg_offset(Width::B32, RDX, RDI, 0), "89 17", "mov [rdi], edx"),
    ("st word", |a| a.store_reg_reg_offset(Width::Word, RAX, R12, 2), "49 89 44 24 10",
        "mov [r12+0x10], rax"),
    ("jmp reg", |a| a.jump_reg(RBX), "ff e3", "jmp rbx"),
    ("jz byte rax fwd", |a| { a.jump_if_reg_zero(RAX, 1, true); a.label_assign(1) }, "84 c0 0f 84 00 00 00 00",
        "test al, al; je 0x8"),
    ("jnz byte rsi quirk", |a| { a.jump_if_reg_nonzero(RSI, 1, true); a.label_assign(1) }, "84 f6 0f 85 00 00 00 00",
        "test dh, dh; jne 0x8"),
    ("jz full", |a| { a.jump_if_reg_zero(RBX, 1, false); a.label_assign(1) }, "48 85 db 0f 84 00 00 00 00",
        "test rbx, rbx; je 0x9"),
    ("jeq", |a| { a.jump_if_reg_eq(RDI, RDX, 1); a.label_assign(1) }, "48 39 fa 0f 84 00 00 00 00",
        "cmp rdx, rdi; je 0x9"),
    ("viper lt signed", |a| a.compare_reg_reg(Cmp::Lt, true, RAX, RSI, RDX),
        "48 31 c0 48 39 d6 0f 9c c0", "xor rax, rax; cmp rsi, rdx; setl al"),
    ("viper ge unsigned", |a| a.compare_reg_reg(Cmp::Ge, false, RAX, RSI, RDX),
        "48 31 c0 48 39 d6 0f 93 c0", "xor rax, rax; cmp rsi, rdx; setae al"),
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
fn jumps_backward_short_forward_long() {
    // Label 0 at 0; a jump to it from 0 counts as forward (rel32 e9 fb ff ff ff).
    let mut a = X64::new();
    a.start_pass(AsmPass::Compute, 2);
    a.label_assign(0);
    a.jump(0);
    a.jump(0);
    a.jump(1);
    a.label_assign(1);
    let size = a.code_pos();
    a.start_pass(AsmPass::Emit, 2);
    a.label_assign(0);
    a.jump(0);
    a.jump(0);
    a.jump(1);
    a.label_assign(1);
    assert_eq!(a.code_pos(), size);
    let code = a.buf().code().to_vec();
    assert_eq!(hex(&code), "e9 fb ff ff ff eb f9 e9 00 00 00 00");
    assert!(!a.buf().label_mismatch);
    // Long backward jump and pcrel.
    let code = enc(|a| {
        a.label_assign(0);
        for _ in 0..42 {
            a.clr_reg(RAX);
        }
        a.jump_if_reg_zero(RAX, 0, false);
        a.mov_reg_pcrel(RBX, 0);
    });
    // 126 bytes of xor, test at 126: rel8 would be -131, so rel32 from the end of the jcc.
    let tail = &code[126..];
    assert_eq!(hex(tail), "48 85 c0 0f 84 79 ff ff ff 48 8d 1d 72 ff ff ff");
    let text = disasm(&code);
    assert_eq!(text[43], "je 0x0");
    assert_eq!(text[44], "lea rbx, [0x0]");
    // Just within rel8.
    let code = enc(|a| {
        a.label_assign(0);
        for _ in 0..41 {
            a.clr_reg(RAX);
        }
        a.jump_if_reg_zero(RAX, 0, false);
    });
    assert_eq!(hex(&code[123..]), "48 85 c0 74 80");
}

const ROLES: [u8; 11] = [RAX, RCX, RDX, RBX, RBP, RSI, RDI, R12, R13, 8, 15];

fn reg64(r: u8) -> &'static str {
    [
        "rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi", "r8", "r9", "r10", "r11", "r12",
        "r13", "r14", "r15",
    ][r as usize]
}

fn reg32(r: u8) -> &'static str {
    [
        "eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi", "r8d", "r9d", "r10d", "r11d",
        "r12d", "r13d", "r14d", "r15d",
    ][r as usize]
}

fn mem_text(base: u8, disp: i64) -> String {
    match disp {
        0 => format!("[{}]", reg64(base)),
        d if d < 0 => format!("[{}-{:#x}]", reg64(base), -d),
        d => format!("[{}+{:#x}]", reg64(base), d),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn word_loads_stores_decode(d in proptest::sample::select(&ROLES[..]),
                                b in proptest::sample::select(&ROLES[..]),
                                k in -300i32..300) {
        let code = enc(|a| a.load_reg_reg_offset(Width::Word, d, b, k));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {}", reg64(d), mem_text(b, k as i64 * 8))]);
        let code = enc(|a| a.store_reg_reg_offset(Width::Word, d, b, k));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {}", mem_text(b, k as i64 * 8), reg64(d))]);
        let code = enc(|a| a.load_reg_reg_offset(Width::B32, d, b, k));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {}", reg32(d), mem_text(b, k as i64 * 4))]);
    }

    #[test]
    fn reg_reg_ops_decode(d in proptest::sample::select(&ROLES[..]),
                          s in proptest::sample::select(&ROLES[..])) {
        for (op, name) in [(AluOp::Add, "add"), (AluOp::Sub, "sub"), (AluOp::And, "and"),
                           (AluOp::Or, "or"), (AluOp::Xor, "xor"), (AluOp::Mul, "imul")] {
            let code = enc(|a| a.alu_reg_reg(op, d, s));
            prop_assert_eq!(disasm(&code), vec![format!("{name} {}, {}", reg64(d), reg64(s))]);
        }
        let code = enc(|a| a.mov_reg_reg(d, s));
        prop_assert_eq!(disasm(&code), vec![format!("mov {}, {}", reg64(d), reg64(s))]);
    }

    #[test]
    fn imm_loads_decode(r in proptest::sample::select(&ROLES[..]), v in any::<i64>()) {
        let code = enc(|a| a.mov_reg_imm(r, v));
        let want = if (v as u64) >> 32 == 0 {
            format!("mov {}, {:#x}", reg32(r), v)
        } else {
            format!("mov {}, {:#x}", reg64(r), v as u64)
        };
        prop_assert_eq!(disasm(&code), vec![want]);
    }

    #[test]
    fn call_ind_decodes(n in 0u32..100) {
        let code = enc(|a| a.call_ind(n));
        let slot = if n == 0 { "[rbp]".to_string() } else { format!("[rbp+{:#x}]", n * 8) };
        prop_assert_eq!(disasm(&code), vec![format!("mov rax, {slot}"), "call rax".to_string()]);
    }
}
