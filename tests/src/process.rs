//! Child processes with a time limit (a wrong .mpy can make MicroPython loop forever) and their
//! captured output.

use std::io::Read;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What a finished (or killed) child did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// Exit code; `None` when killed by a signal (a crash) or by the time limit.
    pub code: Option<i32>,
    /// Killed because it ran longer than the limit.
    pub timed_out: bool,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

impl Finished {
    /// A short description of how the process ended: `exit 0`, `signal/crash`, `timeout`.
    pub fn status_text(&self) -> String {
        match (self.timed_out, self.code) {
            (true, _) => "killed after the time limit".to_string(),
            (false, Some(c)) => format!("exit {c}"),
            (false, None) => "killed by a signal (crash?)".to_string(),
        }
    }
}

fn drain<R: Read + Send + 'static>(r: Option<R>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(mut r) = r {
            // A read error just ends the capture; what was read so far is kept.
            let _ = r.read_to_end(&mut buf);
        }
        buf
    })
}

/// Run `cmd` (stdin closed, stdout and stderr captured) for at most `limit`.
pub fn run(cmd: &mut Command, limit: Duration) -> std::io::Result<Finished> {
    let mut child: Child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Read both pipes on their own threads so that a chatty child cannot block on a full pipe.
    let out = drain(child.stdout.take());
    let err = drain(child.stderr.take());
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break st;
        }
        if start.elapsed() > limit {
            timed_out = true;
            // The child may have just exited; either way wait() below reaps it.
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    Ok(Finished {
        code: if timed_out { None } else { status.code() },
        timed_out,
        stdout,
        stderr,
    })
}

/// Read `r` to its end, keeping at most `cap` bytes; past that, set `over` and keep reading
/// (so that the child never blocks on a full pipe) without storing.
fn drain_capped<R: Read + Send + 'static>(
    r: Option<R>,
    cap: usize,
    over: Arc<AtomicBool>,
) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let Some(mut r) = r else { return buf };
        let mut chunk = [0u8; 8192];
        loop {
            match r.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    let room = cap.saturating_sub(buf.len());
                    buf.extend_from_slice(chunk.get(..n.min(room)).unwrap_or(&[]));
                    if n > room {
                        over.store(true, Ordering::Relaxed);
                    }
                }
            }
        }
        buf
    })
}

/// [`run`], but a child that writes more than `cap` bytes to stdout or stderr is killed (a
/// runaway print loop should fail fast, not fill memory); its output is cut at `cap` and
/// `overflowed` says so.
pub fn run_capped(cmd: &mut Command, limit: Duration, cap: usize) -> std::io::Result<Capped> {
    let mut child: Child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let over = Arc::new(AtomicBool::new(false));
    let out = drain_capped(child.stdout.take(), cap, over.clone());
    let err = drain_capped(child.stderr.take(), cap, over.clone());
    let start = Instant::now();
    let mut killed = false;
    let status = loop {
        if let Some(st) = child.try_wait()? {
            break st;
        }
        if start.elapsed() > limit || over.load(Ordering::Relaxed) {
            killed = true;
            // The child may have just exited; either way wait() below reaps it.
            let _ = child.kill();
            break child.wait()?;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let stdout = out.join().unwrap_or_default();
    let stderr = err.join().unwrap_or_default();
    let overflowed = over.load(Ordering::Relaxed);
    Ok(Capped {
        finished: Finished {
            code: if killed { None } else { status.code() },
            timed_out: killed && !overflowed,
            stdout,
            stderr,
        },
        overflowed,
    })
}

/// What [`run_capped`] saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Capped {
    pub finished: Finished,
    /// Killed for writing more than the cap.
    pub overflowed: bool,
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn runaway_output_is_cut_and_killed() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "while :; do echo 0123456789; done"]);
        let got = run_capped(&mut cmd, Duration::from_secs(20), 1000);
        let got = got.unwrap_or_else(|e| panic!("{e}"));
        assert!(got.overflowed);
        assert_eq!(got.finished.stdout.len(), 1000);
        assert_eq!(got.finished.code, None);
        assert!(!got.finished.timed_out);
    }

    #[test]
    fn small_output_is_kept_whole() {
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "echo out; echo err >&2; exit 3"]);
        let got = run_capped(&mut cmd, Duration::from_secs(20), 1000);
        let got = got.unwrap_or_else(|e| panic!("{e}"));
        assert!(!got.overflowed);
        assert_eq!(got.finished.stdout, b"out\n");
        assert_eq!(got.finished.stderr, b"err\n");
        assert_eq!(got.finished.code, Some(3));
    }
}
