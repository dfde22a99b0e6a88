//! Checks and compiles every flow of the project at build time, so that an invalid flow can never
//! be deployed, and embeds the compiled IR of each `.flow` file in the binary (the parser is not).
//! A YAML twin of a flow must compile to the same IR. Earlier versions of the production flows,
//! kept as compiled IR under `flows/versions/`, are embedded too: a call that started on one of
//! them finishes on it after a redeploy.

use dsl::compile::{compile, render};
use dsl::files::FolderPrompts;
use dsl::source::Syntax;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn flow_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // Prompt audio and the flows kept under `examples/unsafe/` to be rejected by the
            // checker are not flows the handler runs.
            if path
                .file_name()
                .is_some_and(|n| n != "prompts" && n != "unsafe")
            {
                flow_files(&path, out);
            }
        } else if path.to_string_lossy().ends_with(".call.yaml") {
            // A scenario for `handler simulate`, not a flow.
        } else if Syntax::from_name(&path.to_string_lossy()).is_ok() {
            out.push(path);
        }
    }
}

/// The paths of a flow's `use` lines, as written (relative to the flow's folder).
fn used_files(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("use "))
        .filter_map(|rest| {
            let rest = rest.trim().strip_prefix('"')?;
            Some(rest.split_once('"')?.0.to_owned())
        })
        .collect()
}

fn main() {
    // The flows come from the workspace; `HANDLER_FLOWS_ROOT` points at another folder holding
    // `flows/` and `examples/` (the test that a broken flow breaks the build uses it).
    println!("cargo::rerun-if-env-changed=HANDLER_FLOWS_ROOT");
    let root = match std::env::var_os("HANDLER_FLOWS_ROOT") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default()).join(".."),
    };
    let mut files = Vec::new();
    for dir in ["flows", "examples"] {
        let dir = root.join(dir);
        println!("cargo::rerun-if-changed={}", dir.display());
        flow_files(&dir, &mut files);
    }
    let mut failures = String::new();
    let mut embedded: BTreeMap<String, (PathBuf, String)> = BTreeMap::new();
    let mut twins: Vec<(PathBuf, String, String)> = Vec::new();
    let mut shipped: Vec<String> = Vec::new();
    for path in &files {
        println!("cargo::rerun-if-changed={}", path.display());
        let Some(syntax) = Syntax::from_name(&path.to_string_lossy()).ok() else {
            continue;
        };
        let shown = path
            .strip_prefix(&root)
            .unwrap_or(path)
            .display()
            .to_string();
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) => {
                let _ = writeln!(failures, "{shown}: cannot read: {e}");
                continue;
            }
        };
        // A sub-flow file is compiled into the flows that run it.
        if dsl::subflow::is_subflow_source(&text) {
            continue;
        }
        let folder = FolderPrompts::beside(path);
        let compiled = compile(&shown, &text, syntax, &folder);
        // The sub-flow files a flow uses are inputs of the build too (they are under the folders
        // watched above, but are named here so a moved file is noticed).
        for used in used_files(&text) {
            if let Some(dir) = path.parent() {
                println!("cargo::rerun-if-changed={}", dir.join(used).display());
            }
        }
        match compiled {
            Ok(compiled) => {
                let ir = match serde_json::to_string(&compiled.flow) {
                    Ok(json) => json,
                    Err(e) => {
                        let _ = writeln!(failures, "{shown}: cannot encode: {e}");
                        continue;
                    }
                };
                if syntax == Syntax::Flow {
                    if let Some((other, _)) = embedded.get(&compiled.flow.name) {
                        let _ = writeln!(
                            failures,
                            "{shown}: the flow name `{}` is also used by {}",
                            compiled.flow.name,
                            other.display()
                        );
                    }
                    if path.starts_with(root.join("flows")) {
                        shipped.push(compiled.flow.name.clone());
                    }
                    embedded.insert(compiled.flow.name.clone(), (path.clone(), ir));
                } else {
                    twins.push((path.clone(), compiled.flow.name.clone(), ir));
                }
            }
            Err(report) => failures.push_str(&render(&report, 100)),
        }
    }
    for (path, name, ir) in &twins {
        if let Some((_, text_ir)) = embedded.get(name)
            && text_ir != ir
        {
            let _ = writeln!(
                failures,
                "{}: compiles to a different flow than its `.flow` twin `{name}`",
                path.display()
            );
        }
    }
    let earlier = earlier_versions(&root.join("flows").join("versions"), &mut failures);
    if !failures.is_empty() {
        for line in failures.lines() {
            println!("cargo::warning={line}");
        }
        eprintln!("{failures}");
        std::process::exit(1);
    }
    let mut code = String::from(
        "/// Compiled flows embedded at build time: (name, IR as JSON).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    for (name, (_, ir)) in &embedded {
        let _ = writeln!(code, "    ({name:?}, {ir:?}),");
    }
    code.push_str("];\n");
    code.push_str("/// The production flows' names (those under `flows/`).\npub static SHIPPED: &[&str] = &[\n");
    for name in &shipped {
        let _ = writeln!(code, "    {name:?},");
    }
    code.push_str("];\n");
    code.push_str(
        "/// Earlier versions kept for calls in progress: (`name@version`, IR as JSON).\npub static EARLIER: &[(&str, &str)] = &[\n",
    );
    for (stamp, ir) in &earlier {
        let _ = writeln!(code, "    ({stamp:?}, {ir:?}),");
    }
    code.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default()).join("flows.rs");
    if let Err(e) = std::fs::write(&out, code) {
        eprintln!("cannot write {}: {e}", out.display());
        std::process::exit(1);
    }
}

/// The compiled flows under `flows/versions/`, each named `name@version.json` after what it holds.
fn earlier_versions(dir: &Path, failures: &mut String) -> Vec<(String, String)> {
    println!("cargo::rerun-if-changed={}", dir.display());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    let mut out = Vec::new();
    for path in paths {
        if path.extension().is_none_or(|e| e != "json") {
            continue;
        }
        println!("cargo::rerun-if-changed={}", path.display());
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let flow = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| {
                serde_json::from_str::<interpreter::ir::Flow>(&text)
                    .map(|flow| (flow, text))
                    .map_err(|e| e.to_string())
            });
        match flow {
            Ok((flow, text)) => {
                let stamp = format!("{}@{}", flow.name, flow.version);
                if stamp == stem {
                    out.push((stamp, text.trim().to_owned()));
                } else {
                    let _ = writeln!(
                        failures,
                        "{}: holds {stamp}; the file must be named after it",
                        path.display()
                    );
                }
            }
            Err(why) => {
                let _ = writeln!(failures, "{}: not a compiled flow: {why}", path.display());
            }
        }
    }
    out
}
