//! Start-up settings from the environment, read once: which flow, its config values, the log
//! level and the record store. A missing or malformed value stops start-up with a message naming
//! the variable (exit code 2), never a panic on the first call.

use crate::flows::{self, FlowError};
use crate::store::StoreConfig;
use interpreter::config::Config;
use interpreter::ir::Flow;
use std::path::Path;

/// The flow run when `FLOW` is unset.
pub const DEFAULT_FLOW: &str = "recording";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLevel {
    Info,
    Debug,
}

/// Why the handler cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("FLOW: {0}")]
    Flow(FlowError),
    #[error("{0}")]
    FlowFile(FlowError),
    #[error("configuration of the flow `{flow}`:\n{problems}")]
    Config { flow: String, problems: String },
    #[error("LOG_LEVEL is {0:?}; it must be `info` or `debug`")]
    LogLevel(String),
    #[error("call records: {0}")]
    Store(String),
}

pub fn log_level(lookup: &impl Fn(&str) -> Option<String>) -> Result<LogLevel, StartError> {
    match lookup("LOG_LEVEL").as_deref().map(str::trim) {
        None | Some("") | Some("info") | Some("INFO") => Ok(LogLevel::Info),
        Some("debug") | Some("DEBUG") => Ok(LogLevel::Debug),
        Some(other) => Err(StartError::LogLevel(other.to_owned())),
    }
}

/// The flow named by `--flow FILE`, else by `FLOW`, else the default.
pub fn flow(
    file: Option<&Path>,
    lookup: &impl Fn(&str) -> Option<String>,
) -> Result<Flow, StartError> {
    if let Some(path) = file {
        return flows::from_file(path).map_err(StartError::FlowFile);
    }
    let name = lookup("FLOW")
        .map(|f| f.trim().to_owned())
        .filter(|f| !f.is_empty())
        .unwrap_or_else(|| DEFAULT_FLOW.to_owned());
    flows::embedded(&name).map_err(StartError::Flow)
}

/// The flow's config values, every problem reported at once.
pub fn config(flow: &Flow, lookup: &impl Fn(&str) -> Option<String>) -> Result<Config, StartError> {
    Config::resolve(flow, lookup).map_err(|errors| StartError::Config {
        flow: flow.name.clone(),
        problems: errors
            .iter()
            .map(|e| format!("  {e}"))
            .collect::<Vec<_>>()
            .join("\n"),
    })
}

pub fn store(lookup: &impl Fn(&str) -> Option<String>) -> Result<StoreConfig, StartError> {
    StoreConfig::from_lookup(lookup).map_err(|e| StartError::Store(e.to_string()))
}
