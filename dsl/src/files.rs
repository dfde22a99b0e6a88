//! Prompt files on disk, for the command line and the handler's build script: the library itself
//! does no I/O, so this lives behind the `cli` feature.

use crate::check::{ImportLookup, PromptFiles, PromptLookup};
use std::path::PathBuf;

/// A flow's prompts are in the `prompts/` folder beside it.
pub struct FolderPrompts(pub PathBuf);

impl FolderPrompts {
    /// The prompts folder of the flow file at `flow_path`.
    pub fn beside(flow_path: &std::path::Path) -> Self {
        Self(
            flow_path
                .parent()
                .map(std::path::Path::to_path_buf)
                .unwrap_or_default(),
        )
    }
}

impl PromptFiles for FolderPrompts {
    fn lookup(&self, key: &str) -> PromptLookup {
        let path = self.0.join("prompts").join(key);
        match std::fs::read(&path) {
            Ok(bytes) => PromptLookup::Found(bytes),
            Err(_) => PromptLookup::Missing(path.display().to_string()),
        }
    }

    fn import(&self, path: &str) -> ImportLookup {
        let path = self.0.join(path);
        match std::fs::read_to_string(&path) {
            Ok(text) => ImportLookup::Found(text),
            Err(e) => ImportLookup::Missing(format!("{}: {e}", path.display())),
        }
    }
}
