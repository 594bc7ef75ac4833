//! A small Thumb/Thumb-2 disassembler for `mpyc --dump`: it names every instruction the
//! encoders of [`super::encode`] produce, in GNU objdump's spelling (UAL, `r10`–`r12` as
//! `sl fp ip`, branch targets as code offsets), so a dump reads like
//! `arm-none-eabi-objdump -M force-thumb`. Anything else is shown as `.short`/`.word`.
//!
//! IT blocks are followed: instructions inside one get the condition suffix and lose the `s`
//! of the flag-setting 16-bit forms, as objdump prints them.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

const COND: [&str; 16] = [
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "", "",
];

fn r(n: u32) -> &'static str {
    [
        "r0", "r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9", "sl", "fp", "ip", "sp", "lr",
        "pc",
    ][(n & 15) as usize]
}

fn reglist(list: u32) -> String {
    let names: Vec<&str> = (0..16).filter(|i| list & (1 << i) != 0).map(r).collect();
    format!("{{{}}}", names.join(", "))
}

fn sext(v: u32, bits: u32) -> i64 {
    let shift = 64 - bits;
    (i64::from(v) << shift) >> shift
}

/// One decoded instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insn {
    /// Offset in the raw code's code.
    pub addr: usize,
    /// 2 or 4 (or fewer at a truncated end).
    pub len: usize,
    /// objdump-style text: mnemonic, a space, operands.
    pub text: String,
}

/// Decode `code` (placed at offset 0) into instructions.
pub fn disassemble(code: &[u8]) -> Vec<Insn> {
    disassemble_at(code, 0)
}

/// Decode `code` placed at offset `base` (instruction addresses and branch targets are
/// offsets from the start of the raw code, as objdump shows them with `--adjust-vma`).
pub fn disassemble_at(code: &[u8], base: usize) -> Vec<Insn> {
    let mut out = Vec::new();
    let mut at = 0;
    // Remaining IT conditions: (cond, count) expanded per instruction.
    let mut it: Vec<u32> = Vec::new();
    while at < code.len() {
        let Some(hw1) = half(code, at) else {
            out.push(Insn {
                addr: base + at,
                len: code.len() - at,
                text: format!(".byte 0x{:02x}", code[at]),
            });
            break;
        };
        let cond = if it.is_empty() {
            None
        } else {
            Some(it.remove(0))
        };
        let wide = hw1 >> 11 >= 0b11101;
        let (len, mut text) = if wide {
            match half(code, at + 2) {
                Some(hw2) => (4, decode32(hw1, hw2, base + at)),
                None => (2, format!(".short 0x{hw1:04x}")),
            }
        } else {
            (2, decode16(hw1, base + at))
        };
        if let Some(c) = cond {
            text = conditional(&text, c);
        } else if hw1 & 0xff00 == 0xbf00 && hw1 & 0xf != 0 {
            it = it_conds(hw1);
        }
        out.push(Insn {
            addr: base + at,
            len,
            text,
        });
        at += len;
    }
    out
}

fn half(code: &[u8], at: usize) -> Option<u32> {
    let b = code.get(at..at + 2)?;
    Some(u32::from(b[0]) | u32::from(b[1]) << 8)
}

/// The conditions of the instructions an `it` covers.
fn it_conds(hw: u32) -> Vec<u32> {
    let first = hw >> 4 & 0xf;
    let mask = hw & 0xf;
    let n = 4 - mask.trailing_zeros();
    let mut v = alloc::vec![first];
    for i in 1..n {
        let bit = mask >> (4 - i) & 1;
        v.push((first & !1) | bit);
    }
    v
}

/// Add the IT condition to a mnemonic: `movs` → `moveq`, `b.n` → `beq.n`.
fn conditional(text: &str, c: u32) -> String {
    let (m, ops) = text.split_once(' ').unwrap_or((text, ""));
    let (base, suffix) = match m.split_once('.') {
        Some((b, s)) => (b, format!(".{s}")),
        None => (m, String::new()),
    };
    const FLAG_SETTING: [&str; 17] = [
        "movs", "adds", "subs", "lsls", "lsrs", "asrs", "ands", "eors", "adcs", "sbcs", "rors",
        "negs", "orrs", "muls", "bics", "mvns", "rsbs",
    ];
    let base = if FLAG_SETTING.contains(&base) {
        &base[..base.len() - 1]
    } else {
        base
    };
    let c = COND[(c & 15) as usize];
    if ops.is_empty() {
        format!("{base}{c}{suffix}")
    } else {
        format!("{base}{c}{suffix} {ops}")
    }
}

fn target(at: usize, rel: i64) -> String {
    format!("0x{:x}", (at as i64 + 4 + rel) as u64 & 0xffff_ffff)
}

fn decode16(h: u32, at: usize) -> String {
    let rd = h & 7;
    let rs = h >> 3 & 7;
    match h >> 11 {
        0b00000 if h >> 6 & 0x1f == 0 => format!("movs {}, {}", r(rd), r(rs)),
        0b00000..=0b00010 => {
            let m = ["lsls", "lsrs", "asrs"][(h >> 11) as usize];
            let mut imm = h >> 6 & 0x1f;
            if imm == 0 {
                imm = 32;
            }
            format!("{m} {}, {}, #{imm}", r(rd), r(rs))
        }
        0b00011 => {
            let m = if h & 0x200 != 0 { "subs" } else { "adds" };
            let n = h >> 6 & 7;
            if h & 0x400 != 0 {
                format!("{m} {}, {}, #{n}", r(rd), r(rs))
            } else {
                format!("{m} {}, {}, {}", r(rd), r(rs), r(n))
            }
        }
        0b00100..=0b00111 => {
            let m = ["movs", "cmp", "adds", "subs"][(h >> 11 & 3) as usize];
            format!("{m} {}, #{}", r(h >> 8 & 7), h & 0xff)
        }
        0b01000 if h & 0x400 == 0 => {
            const ALU: [&str; 16] = [
                "ands", "eors", "lsls", "lsrs", "asrs", "adcs", "sbcs", "rors", "tst", "negs",
                "cmp", "cmn", "orrs", "muls", "bics", "mvns",
            ];
            format!("{} {}, {}", ALU[(h >> 6 & 15) as usize], r(rd), r(rs))
        }
        0b01000 => {
            let d = (h >> 4 & 8) | rd;
            let m = h >> 3 & 15;
            match h >> 8 & 3 {
                0 => format!("add {}, {}", r(d), r(m)),
                1 => format!("cmp {}, {}", r(d), r(m)),
                2 if h == 0x46c0 => "nop".into(),
                2 => format!("mov {}, {}", r(d), r(m)),
                // bx/blx need the low bits clear (bit 2 set is the v8-M `...ns` form).
                _ if h & 7 != 0 => format!(".short 0x{h:04x}"),
                _ if h & 0x80 != 0 => format!("blx {}", r(m)),
                _ => format!("bx {}", r(m)),
            }
        }
        0b01001 => format!("ldr {}, [pc, #{}]", r(h >> 8 & 7), (h & 0xff) * 4),
        0b01010 | 0b01011 => {
            const M: [&str; 8] = [
                "str", "strh", "strb", "ldrsb", "ldr", "ldrh", "ldrb", "ldrsh",
            ];
            format!(
                "{} {}, [{}, {}]",
                M[(h >> 9 & 7) as usize],
                r(rd),
                r(rs),
                r(h >> 6 & 7)
            )
        }
        0b01100..=0b10001 => {
            let (m, scale) = match h >> 11 {
                0b01100 => ("str", 4),
                0b01101 => ("ldr", 4),
                0b01110 => ("strb", 1),
                0b01111 => ("ldrb", 1),
                0b10000 => ("strh", 2),
                _ => ("ldrh", 2),
            };
            // objdump shows the immediate even when it is 0 in the 16-bit forms.
            let off = (h >> 6 & 0x1f) * scale;
            format!("{m} {}, [{}, #{off}]", r(rd), r(rs))
        }
        0b10010 | 0b10011 => {
            let m = if h & 0x800 != 0 { "ldr" } else { "str" };
            format!("{m} {}, [sp, #{}]", r(h >> 8 & 7), (h & 0xff) * 4)
        }
        0b10100 => format!("add {}, pc, #{}", r(h >> 8 & 7), (h & 0xff) * 4),
        0b10101 => format!("add {}, sp, #{}", r(h >> 8 & 7), (h & 0xff) * 4),
        0b10110 | 0b10111 => misc16(h),
        0b11010 | 0b11011 => {
            let c = h >> 8 & 15;
            if c < 14 {
                let rel = sext(h & 0xff, 8) * 2;
                format!("b{}.n {}", COND[c as usize], target(at, rel))
            } else {
                format!(".short 0x{h:04x}")
            }
        }
        0b11100 => format!("b.n {}", target(at, sext(h & 0x7ff, 11) * 2)),
        _ => format!(".short 0x{h:04x}"),
    }
}

fn misc16(h: u32) -> String {
    match h >> 8 {
        0xb0 if h & 0x80 == 0 => format!("add sp, #{}", (h & 0x7f) * 4),
        0xb0 => format!("sub sp, #{}", (h & 0x7f) * 4),
        0xb2 => {
            let m = ["sxth", "sxtb", "uxth", "uxtb"][(h >> 6 & 3) as usize];
            format!("{m} {}, {}", r(h & 7), r(h >> 3 & 7))
        }
        0xb4 | 0xb5 => format!("push {}", reglist((h & 0xff) | (h & 0x100) << 6)),
        0xbc | 0xbd => format!("pop {}", reglist((h & 0xff) | (h & 0x100) << 7)),
        _ if h == 0xb672 => "cpsid i".into(),
        _ if h == 0xb662 => "cpsie i".into(),
        0xbf if h & 0xf == 0 => match h >> 4 & 0xf {
            0 => "nop".into(),
            1 => "yield".into(),
            2 => "wfe".into(),
            3 => "wfi".into(),
            4 => "sev".into(),
            _ => format!(".short 0x{h:04x}"),
        },
        0xbf => {
            let first = h >> 4 & 0xf;
            let mask = h & 0xf;
            let n = 4 - mask.trailing_zeros();
            let mut s = String::from("it");
            for i in 1..n {
                let bit = mask >> (4 - i) & 1;
                s.push(if bit == first & 1 { 't' } else { 'e' });
            }
            format!("{s} {}", COND[first as usize])
        }
        _ => format!(".short 0x{h:04x}"),
    }
}

fn decode32(h1: u32, h2: u32, at: usize) -> String {
    let unknown = || format!(".word 0x{:08x}", h1 << 16 | h2);
    // movw / movt (T3 / T1): 11110 i 10 o 100 imm4 | 0 imm3 Rd imm8
    if h1 & 0xfb70 == 0xf240 && h2 & 0x8000 == 0 {
        let imm = (h1 & 0xf) << 12 | (h1 >> 10 & 1) << 11 | (h2 >> 12 & 7) << 8 | (h2 & 0xff);
        let m = if h1 & 0x80 != 0 { "movt" } else { "movw" };
        return format!("{m} {}, #{imm}", r(h2 >> 8 & 15));
    }
    // addw / subw rd, rn, #imm12
    if h1 & 0xfb50 == 0xf200 && h2 & 0x8000 == 0 {
        let imm = (h1 >> 10 & 1) << 11 | (h2 >> 12 & 7) << 8 | (h2 & 0xff);
        let m = if h1 & 0xa0 == 0xa0 { "subw" } else { "addw" };
        return format!("{m} {}, {}, #{imm}", r(h2 >> 8 & 15), r(h1 & 15));
    }
    // mrs rd, <special register> (in the branch/misc-control space)
    if h1 == 0xf3ef && h2 & 0xf000 == 0x8000 {
        let sysm = match h2 & 0xff {
            5 => "IPSR",
            17 => "BASEPRI",
            0 => "APSR",
            8 => "MSP",
            9 => "PSP",
            16 => "PRIMASK",
            _ => return unknown(),
        };
        return format!("mrs {}, {sysm}", r(h2 >> 8 & 15));
    }
    // Branches: 11110 S imm10 | 1 J1 x J2 imm11
    if h1 & 0xf800 == 0xf000 && h2 & 0x8000 != 0 {
        let s = h1 >> 10 & 1;
        let j1 = h2 >> 13 & 1;
        let j2 = h2 >> 11 & 1;
        if h2 & 0x5000 == 0 {
            // b<cc>.w T3
            let cc = h1 >> 6 & 15;
            if cc >= 14 {
                return unknown();
            }
            let imm = s << 20 | j2 << 19 | j1 << 18 | (h1 & 0x3f) << 12 | (h2 & 0x7ff) << 1;
            return format!("b{}.w {}", COND[cc as usize], target(at, sext(imm, 21)));
        }
        let i1 = !(j1 ^ s) & 1;
        let i2 = !(j2 ^ s) & 1;
        let imm = s << 24 | i1 << 23 | i2 << 22 | (h1 & 0x3ff) << 12 | (h2 & 0x7ff) << 1;
        let t = target(at, sext(imm, 25));
        return match h2 & 0x5000 {
            0x1000 => format!("b.w {t}"),
            0x5000 => format!("bl {t}"),
            _ => unknown(),
        };
    }
    // ldr/str{b,h}.w rt, [rn, #imm12] (T3)
    if h1 & 0xff80 == 0xf880 && (h1 >> 5 & 3) < 3 {
        let load = h1 & 0x10 != 0;
        let m = ["strb.w", "strh.w", "str.w"][(h1 >> 5 & 3) as usize];
        let m = if load {
            m.replacen("st", "ld", 1)
        } else {
            m.into()
        };
        let imm = h2 & 0xfff;
        let (rt, rn) = (r(h2 >> 12), r(h1 & 15));
        return if imm == 0 {
            format!("{m} {rt}, [{rn}]")
        } else {
            format!("{m} {rt}, [{rn}, #{imm}]")
        };
    }
    match h1 {
        0xe92d => return format!("stmdb sp!, {}", reglist(h2)),
        0xe8bd => return format!("ldmia.w sp!, {}", reglist(h2)),
        0xeef1 if h2 & 0x0fff == 0x0a10 => {
            let rt = h2 >> 12;
            return if rt == 15 {
                "vmrs APSR_nzcv, fpscr".into()
            } else {
                format!("vmrs {}, fpscr", r(rt))
            };
        }
        _ => {}
    }
    let (rn, rd, rm) = (h1 & 15, h2 >> 8 & 15, h2 & 15);
    if h1 & 0xfff0 == 0xfab0 && h2 & 0xf0f0 == 0xf080 && rm == h1 & 15 {
        return format!("clz {}, {}", r(rd), r(rm));
    }
    if h1 & 0xfff0 == 0xfa90 && h2 & 0xf0f0 == 0xf0a0 && rm == h1 & 15 {
        return format!("rbit {}, {}", r(rd), r(rm));
    }
    if h1 & 0xffd0 == 0xfb90 && h2 & 0xf0f0 == 0xf0f0 {
        let m = if h1 & 0x20 != 0 { "udiv" } else { "sdiv" };
        return format!("{m} {}, {}, {}", r(rd), r(rn), r(rm));
    }
    if h1 & 0xfff0 == 0xe850 && h2 & 0x0f00 == 0x0f00 {
        return addr_text("ldrex", r(h2 >> 12), rn, (h2 & 0xff) * 4);
    }
    if h1 & 0xfff0 == 0xe840 {
        let t = format!("{}, {}", r(h2 >> 8 & 15), r(h2 >> 12));
        return addr_text("strex", &t, rn, (h2 & 0xff) * 4);
    }
    decode_vfp(h1, h2).unwrap_or_else(unknown)
}

fn addr_text(m: &str, regs: &str, rn: u32, off: u32) -> String {
    if off == 0 {
        format!("{m} {regs}, [{}]", r(rn))
    } else {
        format!("{m} {regs}, [{}, #{off}]", r(rn))
    }
}

/// Single-precision VFP data processing, moves and loads/stores.
fn decode_vfp(h1: u32, h2: u32) -> Option<String> {
    if h2 & 0x0f00 != 0x0a00 {
        return None;
    }
    let sd = (h2 >> 12 & 15) << 1 | (h1 >> 6 & 1);
    let sn = (h1 & 15) << 1 | (h2 >> 7 & 1);
    let sm = (h2 & 15) << 1 | (h2 >> 5 & 1);
    // vldr / vstr
    if h1 & 0xff20 == 0xed00 {
        let m = if h1 & 0x10 != 0 { "vldr" } else { "vstr" };
        let off = (h2 & 0xff) * 4;
        let sign = if h1 & 0x80 != 0 { "" } else { "-" };
        let base = r(h1 & 15);
        return Some(if off == 0 {
            format!("{m} s{sd}, [{base}]")
        } else {
            format!("{m} s{sd}, [{base}, #{sign}{off}]")
        });
    }
    // vmov sn <-> rt
    if h1 & 0xffe0 == 0xee00 && h2 & 0x7f == 0x10 {
        let rt = r(h2 >> 12);
        return Some(if h1 & 0x10 != 0 {
            format!("vmov {rt}, s{sn}")
        } else {
            format!("vmov s{sn}, {rt}")
        });
    }
    if h1 & 0xff00 != 0xee00 || h2 & 0x10 != 0 {
        return None;
    }
    let three = |m: &str| Some(format!("{m}.f32 s{sd}, s{sn}, s{sm}"));
    let two = |m: &str| Some(format!("{m} s{sd}, s{sm}"));
    match (h1 & 0xb0, h2 >> 6 & 1) {
        (0x30, 0) => three("vadd"),
        (0x30, 1) => three("vsub"),
        (0x20, 0) => three("vmul"),
        (0x80, 0) => three("vdiv"),
        (0xb0, _) => match (h1 & 0xf, h2 >> 6 & 3) {
            (1, 1) => two("vneg.f32"),
            (1, 3) => two("vsqrt.f32"),
            (4, 3) => two("vcmpe.f32"),
            (4, 1) => two("vcmp.f32"),
            (8, 3) => two("vcvt.f32.s32"),
            (0xd, 3) => two("vcvt.s32.f32"),
            _ => None,
        },
        _ => None,
    }
}
