//! Running the `dsl` command in a test on files of its own, and reading its JSON reports.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    reason = "test support fails loudly on what it did not expect"
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A fresh directory with the given files.
pub fn dir(files: &[(&str, &str)]) -> PathBuf {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("dsl-cli-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// `dsl ARGS` in `dir`, without colours.
pub fn dsl(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dsl"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("dsl does not start: {e}"))
}

/// The code of each finding of a `--format json` report, in order.
pub fn codes(doc: &serde_json::Value) -> Vec<&str> {
    doc["findings"]
        .as_array()
        .map(|findings| findings.iter().filter_map(|f| f["code"].as_str()).collect())
        .unwrap_or_default()
}
