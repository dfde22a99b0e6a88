//! Every version of a production flow is kept under `flows/versions/`, so that the next build still
//! runs it for the calls that started on it. `KEEP_FLOW_VERSIONS=1 cargo test -p handler --test
//! flow_versions` writes the current versions there.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use handler::flows::{SHIPPED, earlier, embedded, embedded_ir};
use interpreter::step::stamp_of;
use std::path::Path;

#[test]
fn every_production_flow_version_is_kept_for_the_next_deployment() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../flows/versions");
    let write = std::env::var_os("KEEP_FLOW_VERSIONS").is_some();
    assert!(!SHIPPED.is_empty());
    for name in SHIPPED {
        let flow = embedded(name).unwrap();
        let path = dir.join(format!("{}.json", stamp_of(&flow)));
        let ir = embedded_ir(name).unwrap();
        if write {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, format!("{ir}\n")).unwrap();
        }
        let kept = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} is missing: without it, the next deployment would end every call in progress \
                 on this version of `{name}`; run `KEEP_FLOW_VERSIONS=1 cargo test -p handler --test \
                 flow_versions` and commit the file",
                path.display()
            )
        });
        assert_eq!(
            kept.trim(),
            ir,
            "{} differs from the built-in flow",
            path.display()
        );
    }
}

#[test]
fn kept_versions_are_offered_for_calls_in_progress_but_never_the_current_one() {
    let current = embedded("recording").unwrap();
    assert!(
        earlier("recording", &current)
            .iter()
            .all(|f| f.version != current.version)
    );
    let mut other = current.clone();
    other.version = "0".repeat(16);
    let offered = earlier("recording", &other);
    assert!(offered.iter().any(|f| f.version == current.version));
    assert!(offered.iter().all(|f| f.name == "recording"));
}
