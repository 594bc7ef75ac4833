//! Child processes with a time limit (a wrong .mpy can make MicroPython loop forever) and their
//! captured output.

use std::io::Read;
use std::process::{Child, Command, Stdio};
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
