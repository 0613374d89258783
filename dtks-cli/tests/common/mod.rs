//! What the command's process tests share: the example files, a temporary
//! directory removed at the end, and one run of `dtks` with its output.
//! Each test file uses what it needs of it.
#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The statement the operator types to finalise (docs/process.md §2).
pub const STATEMENT: &str = "Saya bertanggung jawab terhadap data usulan tersebut";
pub const SESSION: &str = "examples/process/session.json";
pub const BATCH: &str = "examples/process/batch.json";

/// The repository's root (the command runs there).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A temporary directory of one test, removed when it ends.
pub struct Tmp(PathBuf);

impl Tmp {
    /// `suite`: the test file; `tag`: the test.
    pub fn new(suite: &str, tag: &str) -> Tmp {
        let dir = std::env::temp_dir().join(format!("dtks-{suite}-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Tmp(dir)
    }
    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_owned()
    }
    pub fn write(&self, name: &str, text: &str) -> String {
        let p = self.path(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One run of the command.
pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}\n{}", self.stdout, self.stderr))
    }
    pub fn code(&self, want: i32) -> &Run {
        assert_eq!(self.code, Some(want), "{}\n{}", self.stdout, self.stderr);
        self
    }
}

/// Runs `dtks` from the root with `env` set and no `DTKS_AUDIT_KEY` of the
/// caller's.
pub fn dtks_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dtks"));
    cmd.current_dir(root())
        .args(args)
        .env_remove("DTKS_AUDIT_KEY");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Run {
        code: out.status.code(),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

pub fn dtks(args: &[&str]) -> Run {
    dtks_env(args, &[])
}
