//! Shared helpers of the Thumb tests: GNU `arm-none-eabi-objdump` as an independent decoder.
#![allow(dead_code)]

use std::io::Write;
use std::process::Command;

pub fn bytes_of(hw: &[u16]) -> Vec<u8> {
    hw.iter().flat_map(|x| x.to_le_bytes()).collect()
}

pub fn objdump() -> Option<String> {
    if let Ok(p) = std::env::var("MPYC_ARM_OBJDUMP") {
        return Some(p);
    }
    let found = Command::new("arm-none-eabi-objdump")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some("arm-none-eabi-objdump".into());
    }
    let skip = std::env::var_os("MPYC_SKIP_OBJDUMP").is_some() && std::env::var_os("CI").is_none();
    if skip {
        eprintln!("SKIPPED: arm-none-eabi-objdump not found (MPYC_SKIP_OBJDUMP set)");
        return None;
    }
    panic!("arm-none-eabi-objdump not found: run .ci/setup-objdump.sh or set MPYC_ARM_OBJDUMP");
}

/// Disassemble `code` as Thumb: (address, normalised text) per instruction.
pub fn disassemble(tool: &str, code: &[u8]) -> Vec<(usize, String)> {
    let dir = std::env::temp_dir().join(format!("mpyc-thumb-objdump-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // One file per call: tests run in parallel threads of one process.
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let path = dir.join(format!("{n}.bin"));
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(code))
        .expect("write blob");
    let out = Command::new(tool)
        .args(["-D", "-b", "binary", "-m", "arm", "-M", "force-thumb"])
        .arg(&path)
        .output()
        .expect("run objdump");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "objdump failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    let mut res = Vec::new();
    for line in text.lines() {
        // "   6:\te7fe      \tb.n\t0x6"
        let mut parts = line.splitn(3, '\t');
        let (Some(addr), Some(_hex), Some(ins)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let Some(addr) = addr.trim().strip_suffix(':') else {
            continue;
        };
        let Ok(addr) = usize::from_str_radix(addr, 16) else {
            continue;
        };
        res.push((addr, normalise(addr, ins)));
    }
    res
}

pub fn normalise(addr: usize, ins: &str) -> String {
    let ins = ins.split([';', '@']).next().unwrap_or("");
    let words: Vec<&str> = ins.split_whitespace().collect();
    let mut s = words.join(" ");
    // Branches print an absolute target "0x..": make it relative to the instruction.
    let mnemonic = words.first().copied().unwrap_or("");
    if mnemonic.starts_with('b') && !mnemonic.starts_with("bic") && !mnemonic.starts_with("bx") {
        if let Some(t) = words.last().and_then(|t| t.strip_prefix("0x")) {
            if let Ok(t) = usize::from_str_radix(t, 16) {
                // Addresses wrap at 32 bits: a backward target prints as 0xffff....
                let rel = (t as i64 - addr as i64) as i32;
                let rel = if rel < 0 {
                    format!(".-{}", -rel)
                } else {
                    format!(".+{rel}")
                };
                s = format!("{} {}", words[..words.len() - 1].join(" "), rel);
            }
        }
    }
    s
}

/// Disassemble a sequence of entries in one objdump run: the texts of each entry joined by "; ".
pub fn disassemble_entries(tool: &str, entries: &[Vec<u16>]) -> Vec<String> {
    let mut blob = Vec::new();
    let mut starts = Vec::new();
    for e in entries {
        starts.push(blob.len());
        blob.extend(bytes_of(e));
    }
    let lines = disassemble(tool, &blob);
    starts
        .iter()
        .zip(entries)
        .map(|(&s, e)| {
            let end = s + 2 * e.len();
            lines
                .iter()
                .filter(|(a, _)| (s..end).contains(a))
                .map(|(_, t)| t.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        })
        .collect()
}

pub fn hex(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}
