//! Helpers for the end-to-end tests: run the real binary, parse its records.
// Each test binary (extract, export) uses its own subset of the helpers.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

/// Runs `vigie` with `args`, stdin closed.
pub fn vigie(args: &[&str]) -> Output {
    vigie_with_stdin(args, None)
}

/// Runs `vigie` with `args`, feeding `input` on stdin when given.
pub fn vigie_with_stdin(args: &[&str], input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vigie binary runs");
    if let Some(bytes) = input {
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin.write_all(bytes).expect("stdin accepts the input");
    }
    child.wait_with_output().expect("vigie finishes")
}

/// The JSON Lines records of a run's stdout; fails on any line that is not JSON.
pub fn records(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .expect("stdout is UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect()
}

/// The run's stderr, for failure messages.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `source.path` of a record, or "".
pub fn path_of(rec: &Value) -> &str {
    rec["source"]["path"].as_str().unwrap_or("")
}

/// Writes `bytes` to `dir/name`, creating folders, and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create folders");
    }
    std::fs::write(&path, bytes).expect("write a fixture");
    path
}

/// The bundled sample corpus.
pub fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../corpus/sample")
}
