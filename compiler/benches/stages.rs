//! In-process throughput of each compiler stage (parse, lower, codegen, write) and of the whole
//! `mpyc::compile`, over a corpus held in memory. A `harness = false` benchmark on `std::time`
//! (no benchmark framework to build): `cargo bench -p mpyc --bench stages`.
//!
//! Corpus: every `*.py` under `$MPYC_BENCH_DIRS` (colon-separated), default `tests/corpus-real`
//! and `tests/corpus`; files the compiler rejects are left out. Each stage is timed per file
//! (the intermediate results of one file are dropped before the next), summed over the corpus,
//! and the pass over the corpus is repeated `$MPYC_BENCH_REPS` times (default 7); the report
//! gives the median pass. Run without `--bench` (as `cargo test --all-targets` does) it makes
//! one quick pass over a few files, as a smoke test.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use mpyc::bench_api;
use mpyc::Options;

struct File {
    name: String,
    source: Vec<u8>,
}

/// Every .py under `dir`, sorted.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "py") {
            out.push(path);
        }
    }
}

fn corpus(quick: bool) -> Vec<File> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let dirs: Vec<PathBuf> = match std::env::var("MPYC_BENCH_DIRS") {
        Ok(v) => v.split(':').map(PathBuf::from).collect(),
        Err(_) => vec![root.join("tests/corpus-real"), root.join("tests/corpus")],
    };
    let mut paths = Vec::new();
    for dir in &dirs {
        collect(dir, &mut paths);
    }
    if quick {
        paths.truncate(20);
    }
    let mut files = Vec::new();
    for path in paths {
        let Ok(source) = std::fs::read(&path) else {
            continue;
        };
        let name = path.to_string_lossy().into_owned();
        let opts = options(&name);
        // Only files that compile; and the staged chain must give compile()'s bytes.
        let Ok(whole) = mpyc::compile(&source, &name, &opts) else {
            continue;
        };
        let staged = staged(&source, &name, &opts, &mut [Duration::ZERO; 4]);
        assert_eq!(
            staged.as_ref(),
            Some(&whole),
            "staged bytes differ for {name}"
        );
        files.push(File { name, source });
    }
    files
}

fn options(name: &str) -> Options {
    Options {
        source_name: name.to_string(),
        ..Options::default()
    }
}

/// Run the four stages on one file, adding each stage's time to `times`.
fn staged(source: &[u8], name: &str, opts: &Options, times: &mut [Duration; 4]) -> Option<Vec<u8>> {
    let t0 = Instant::now();
    let parsed = bench_api::parse(source).ok()?;
    let t1 = Instant::now();
    let lowered = bench_api::lower(&parsed, name, opts).ok()?;
    let t2 = Instant::now();
    let generated = bench_api::codegen(&lowered, opts).ok()?;
    let t3 = Instant::now();
    let mpy = bench_api::write(&generated, opts).ok()?;
    let t4 = Instant::now();
    for (slot, d) in times.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
        *slot += d;
    }
    // Dropping the stages' results is part of the work; count it in the stage that made them.
    let t5 = Instant::now();
    drop((parsed, lowered, generated));
    if let Some(slot) = times.first_mut() {
        *slot += t5.elapsed();
    }
    Some(mpy)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn main() {
    let quick = !std::env::args().any(|a| a == "--bench");
    let reps: usize = match std::env::var("MPYC_BENCH_REPS") {
        Ok(v) => v.parse().unwrap_or(7),
        Err(_) if quick => 1,
        Err(_) => 7,
    };
    let files = corpus(quick);
    let bytes: usize = files.iter().map(|f| f.source.len()).sum();
    let opts: Vec<Options> = files.iter().map(|f| options(&f.name)).collect();
    println!(
        "{} files, {:.2} MB of source, {reps} passes, median pass",
        files.len(),
        bytes as f64 / 1e6
    );

    let mut stage_runs: [Vec<Duration>; 4] = Default::default();
    let mut whole_runs = Vec::new();
    for _ in 0..reps {
        let mut times = [Duration::ZERO; 4];
        for (file, opts) in files.iter().zip(&opts) {
            std::hint::black_box(staged(&file.source, &file.name, opts, &mut times));
        }
        for (runs, t) in stage_runs.iter_mut().zip(times) {
            runs.push(t);
        }
        let start = Instant::now();
        for (file, opts) in files.iter().zip(&opts) {
            let _ = std::hint::black_box(mpyc::compile(&file.source, &file.name, opts));
        }
        whole_runs.push(start.elapsed());
    }

    let stage_medians: Vec<Duration> = stage_runs.into_iter().map(median).collect();
    let total: Duration = stage_medians.iter().sum();
    let per_s = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64().max(1e-12);
    println!(
        "{:<10} {:>10} {:>8} {:>12} {:>8}",
        "stage", "ms/pass", "share", "MB/s", "us/file"
    );
    let names = ["parse", "lower", "codegen", "write"];
    let whole = median(whole_runs);
    let rows = names
        .iter()
        .zip(&stage_medians)
        .map(|(n, d)| (*n, *d))
        .chain([("sum", total), ("compile()", whole)]);
    for (name, d) in rows {
        println!(
            "{:<10} {:>10.2} {:>7.1}% {:>12.2} {:>8.1}",
            name,
            d.as_secs_f64() * 1e3,
            100.0 * d.as_secs_f64() / total.as_secs_f64().max(1e-12),
            per_s(d),
            d.as_secs_f64() * 1e6 / files.len().max(1) as f64
        );
    }
}
