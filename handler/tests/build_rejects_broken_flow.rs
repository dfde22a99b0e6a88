//! An invalid flow cannot be deployed: it breaks `cargo build -p handler`, with the checker's
//! located diagnostic in the build output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A copy of the shipped flows and prompts in a fresh folder, with `edit` applied to the flow.
fn flows_root(name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let root = std::env::temp_dir().join(format!("handler-build-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let prompts = root.join("flows/prompts");
    std::fs::create_dir_all(&prompts).unwrap();
    for entry in std::fs::read_dir(workspace().join("flows/prompts")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, prompts.join(path.file_name().unwrap())).unwrap();
    }
    let flow = std::fs::read_to_string(workspace().join("flows/recording.flow")).unwrap();
    std::fs::write(root.join("flows/recording.flow"), edit(&flow)).unwrap();
    root
}

fn build_with(root: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO"))
        // The library target runs the same build script without relinking the `handler` binary
        // that other tests may be running.
        .args(["build", "-p", "handler", "--lib", "--locked", "--offline"])
        .current_dir(workspace())
        .env("HANDLER_FLOWS_ROOT", root)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_broken_flow_breaks_the_build_with_a_located_diagnostic() {
    let root = flows_root("broken", |flow| {
        assert!(flow.contains("timeout 30s"));
        flow.replacen("timeout 30s", "timeout 300s", 1)
    });
    let (ok, stderr) = build_with(&root);
    assert!(!ok, "the build passed with a broken flow:\n{stderr}");
    assert!(
        stderr.contains("flow::check::argument_out_of_range"),
        "{stderr}"
    );
    assert!(stderr.contains("flows/recording.flow:"), "{stderr}");
    assert!(
        stderr.contains("CallTimeoutSeconds must be between 1 and 120, got 300"),
        "{stderr}"
    );

    // The same build with the flow as shipped passes, so the failure was the flow's.
    let good = flows_root("good", str::to_owned);
    let (ok, stderr) = build_with(&good);
    assert!(ok, "{stderr}");
    let _ = std::fs::remove_dir_all(root);
    let _ = std::fs::remove_dir_all(good);
}
