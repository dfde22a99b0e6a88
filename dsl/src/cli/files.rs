//! Reading flow files, and finding them when none are named.

use super::{Outcome, failure};
use dsl::source::Syntax;
use std::path::{Path, PathBuf};

/// A flow file's name, syntax and text.
pub(crate) struct Source {
    pub(crate) path: PathBuf,
    pub(crate) name: String,
    pub(crate) syntax: Syntax,
    pub(crate) text: String,
}

/// Reads a flow file; an unknown extension or an unreadable file is reported and is `Err`.
pub(crate) fn read(path: &Path) -> Result<Source, Outcome> {
    let name = path.display().to_string();
    let syntax = Syntax::from_name(&name).map_err(failure)?;
    let text =
        std::fs::read_to_string(path).map_err(|e| failure(format!("cannot read `{name}`: {e}")))?;
    Ok(Source {
        path: path.to_path_buf(),
        name,
        syntax,
        text,
    })
}

/// Every flow and sub-flow file under `flows/` and `examples/` of the current directory, sorted;
/// prompts are audio and skipped, and so are the flows in `examples/unsafe/`, kept to be rejected.
pub(crate) fn discover() -> Vec<PathBuf> {
    let mut found = Vec::new();
    for root in ["flows", "examples"] {
        walk(Path::new(root), &mut found);
    }
    found.sort();
    found
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
    if dir == Path::new("flows/prompts") || dir == Path::new("examples/unsafe") {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.to_string_lossy().ends_with(".call.yaml") {
            // A scenario for `handler simulate`, not a flow.
        } else if Syntax::from_name(&path.display().to_string()).is_ok() {
            // Sub-flow files too: `dsl check` checks one on its own.
            found.push(path);
        }
    }
}

/// Writes a file, reporting a failure.
pub(crate) fn write(path: &Path, text: &str) -> Result<(), Outcome> {
    std::fs::write(path, text)
        .map_err(|e| failure(format!("cannot write `{}`: {e}", path.display())))
}
