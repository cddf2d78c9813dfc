//! `vigie bench` end to end: its JSON line is what scripts and notes read.

use std::process::{Command, Output};

use serde_json::Value;

fn vigie(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vigie"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn until_runs_and_times_only_the_first_stages() {
    let out = vigie(&["bench", "--mb", "1", "-j", "1", "--until", "entities"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let stages: Vec<&str> = report["stage_seconds"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let mut expected = ["clean", "lang", "segment", "published", "entities"];
    expected.sort_unstable();
    let mut stages = stages;
    stages.sort_unstable();
    assert_eq!(stages, expected);
    assert!(report["documents"].as_u64().unwrap() > 0);
    assert!(report["bytes"].as_u64().unwrap() >= 1_000_000);
}

#[test]
fn an_unknown_stage_is_a_usage_error() {
    let out = vigie(&["bench", "--mb", "1", "--until", "telepathy"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("telepathy"), "{}", stderr(&out));
}
