//! Running the two compilers on one file: mpyc in-process through its library API, the
//! reference `mpy-cross` as a child process. Both see the same file name, which is embedded in
//! the .mpy (qstr 0) and shown in error messages.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::panic_text;
use crate::process;

/// What a compiler made of one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The .mpy bytes.
    Mpy(Vec<u8>),
    /// Rejected: the error text exactly as printed on stderr.
    Error(String),
    /// The compiler itself broke: mpyc panicked, or the reference crashed / hung / exited with
    /// an unexpected status. The text says what happened.
    Broken(String),
}

impl Outcome {
    /// One line for summaries.
    pub fn brief(&self) -> String {
        match self {
            Outcome::Mpy(b) => format!("{} bytes of .mpy", b.len()),
            Outcome::Error(e) => {
                format!("error `{}`", e.lines().last().unwrap_or("").trim_end())
            }
            Outcome::Broken(b) => format!("BROKEN: {}", b.lines().next().unwrap_or("")),
        }
    }
}

/// Compile `source` with mpyc as the reference would compile the file `rel` given on its command
/// line (`mpy-cross [-O3] rel`): `rel` is both the input path and the embedded source name.
/// A panic is caught and reported as [`Outcome::Broken`].
pub fn mpyc(source: &[u8], rel: &str, opt_level: u8) -> Outcome {
    mpyc_flavoured(source, rel, opt_level, mpyc::Flavour::MicroPython)
}

/// [`mpyc`] writing `flavour`'s .mpy (`mpyc --flavour=...`), errors as that flavour prints them.
pub fn mpyc_flavoured(source: &[u8], rel: &str, opt_level: u8, flavour: mpyc::Flavour) -> Outcome {
    let opts = mpyc::Options {
        source_name: rel.to_string(),
        opt_level,
        flavour,
        ..Default::default()
    };
    mpyc_with(source, rel, &opts)
}

/// [`mpyc`] with explicit options (arch, default emitter...); `opts.source_name` should be
/// `rel`.
pub fn mpyc_with(source: &[u8], rel: &str, opts: &mpyc::Options) -> Outcome {
    match std::panic::catch_unwind(|| mpyc::compile(source, rel, opts)) {
        Ok(Ok(bytes)) => Outcome::Mpy(bytes),
        Ok(Err(e)) => Outcome::Error(e.report(opts.flavour)),
        Err(p) => Outcome::Broken(format!("mpyc panicked: {}", panic_text(&*p))),
    }
}

/// The reference compiler.
#[derive(Clone, Debug)]
pub struct Reference {
    /// The `mpy-cross` binary.
    pub binary: PathBuf,
}

/// Longest a single reference compile may take (the biggest corpus files take milliseconds).
const REF_LIMIT: Duration = Duration::from_secs(60);

impl Reference {
    /// Run `mpy-cross [-O<level>] -o <tmp>/out.mpy rel` with `cwd` as working directory, so that
    /// the reference sees exactly the name `rel`.
    pub fn compile(&self, cwd: &Path, rel: &str, opt_level: u8) -> Outcome {
        self.compile_args(cwd, rel, opt_level, &[])
    }

    /// [`Reference::compile`] with extra options before the file (`-march=x64`, `-X`,
    /// `emit=native`...).
    pub fn compile_args(&self, cwd: &Path, rel: &str, opt_level: u8, args: &[&str]) -> Outcome {
        let tmp = match tempfile::tempdir() {
            Ok(t) => t,
            Err(e) => return Outcome::Broken(format!("cannot make a temporary directory: {e}")),
        };
        let out = tmp.path().join("out.mpy");
        let mut cmd = Command::new(&self.binary);
        cmd.current_dir(cwd);
        if opt_level > 0 {
            cmd.arg(format!("-O{opt_level}"));
        }
        cmd.args(args);
        cmd.arg("-o").arg(&out).arg("--").arg(rel);
        let done = match process::run(&mut cmd, REF_LIMIT) {
            Ok(d) => d,
            Err(e) => return Outcome::Broken(format!("cannot run {}: {e}", self.binary.display())),
        };
        match done.code {
            Some(0) => match std::fs::read(&out) {
                Ok(bytes) => Outcome::Mpy(bytes),
                Err(e) => Outcome::Broken(format!("reference wrote no {}: {e}", out.display())),
            },
            Some(1) => Outcome::Error(String::from_utf8_lossy(&done.stderr).into_owned()),
            _ => Outcome::Broken(format!(
                "reference mpy-cross {} on {rel}; stderr:\n{}",
                done.status_text(),
                String::from_utf8_lossy(&done.stderr)
            )),
        }
    }
}
