//! Start-up settings from the environment, read once: which flow, its config values, the log
//! level and the record store. A missing or malformed value stops start-up with a message naming
//! the variable (exit code 2), never a panic on the first call.

use crate::flows::{self, FlowError};
use crate::seal::{KeyError, Sealer};
use crate::store::StoreConfig;
use interpreter::config::{Config, ConfigError};
use interpreter::ir::{Flow, Value};
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
    #[error("{0}")]
    Key(KeyError),
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

/// The flow's config values, every problem reported at once: values of the wrong type, and bucket
/// names the SMA would refuse (a prompt bucket the service cannot name would leave every call
/// unanswered, so it is a start-up error rather than an empty answer on each call).
pub fn config(flow: &Flow, lookup: &impl Fn(&str) -> Option<String>) -> Result<Config, StartError> {
    let resolved = Config::resolve(flow, lookup);
    let mut errors = match &resolved {
        Ok(_) => Vec::new(),
        Err(errors) => errors.clone(),
    };
    for how in buckets::config_ids(flow) {
        let (buckets::Use::Whole(id) | buckets::Use::Prefix(id)) = how;
        let Some(item) = flow.config.get(usize::from(id)) else {
            continue;
        };
        if errors.iter().any(|e| e.var == item.env) {
            continue;
        }
        let raw = lookup(&item.env).filter(|v| !v.is_empty());
        let value = match (&raw, &item.default) {
            (Some(raw), _) => raw.trim(),
            (None, Some(Value::Text(default))) => default.as_str(),
            (None, _) => continue,
        };
        if let Err(problem) = buckets::check(how, value) {
            errors.push(ConfigError {
                var: item.env.clone(),
                expected: format!("an S3 bucket name ({problem})"),
                found: Some(value.to_owned()),
            });
        }
    }
    match resolved {
        Ok(config) if errors.is_empty() => Ok(config),
        _ => Err(StartError::Config {
            flow: flow.name.clone(),
            problems: errors
                .iter()
                .map(|e| format!("  {e}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }),
    }
}

/// The earlier versions of `flow` this binary keeps, each with its config; a version whose config
/// cannot be resolved with today's environment is left out (its calls end cleanly), with a warning.
pub fn earlier(flow: &Flow, lookup: &impl Fn(&str) -> Option<String>) -> Vec<(Flow, Config)> {
    flows::earlier(&flow.name, flow)
        .into_iter()
        .filter_map(|earlier| match config(&earlier, lookup) {
            Ok(config) => Some((earlier, config)),
            Err(why) => {
                tracing::warn!(version = %earlier.version, %why, "earlier flow version left out");
                None
            }
        })
        .collect()
}

/// The keys that seal call state. Locally, without `STATE_KEY`, the public development key, with
/// a warning: anyone can forge state sealed with it.
pub fn sealer(lookup: &impl Fn(&str) -> Option<String>, local: bool) -> Result<Sealer, StartError> {
    let sealer = Sealer::from_lookup(lookup, local).map_err(StartError::Key)?;
    if sealer.is_development() {
        tracing::warn!(
            "STATE_KEY is unset: call state is sealed with the public development key; set STATE_KEY (32 bytes or more) wherever strangers can call"
        );
    }
    Ok(sealer)
}

pub fn store(lookup: &impl Fn(&str) -> Option<String>) -> Result<StoreConfig, StartError> {
    StoreConfig::from_lookup(lookup).map_err(|e| StartError::Store(e.to_string()))
}

/// Which config values name S3 buckets, and the bucket-name rule of the SMA's limits table.
mod buckets {
    use interpreter::ir::{
        ActionTemplate, BinaryOp, Block, ConfigId, Expr, Flow, RecordingOp, Stmt,
    };
    use interpreter::wire::ActionKind;
    use interpreter::wire::limits::{self, ParamValue};

    /// A bucket name, or the bucket part (before the first `/`) of a `bucket/prefix` location.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Use {
        Whole(ConfigId),
        Prefix(ConfigId),
    }

    /// The config values used as bucket names: the prompts' buckets, and the config value a
    /// recording's destination starts with.
    pub fn config_ids(flow: &Flow) -> Vec<Use> {
        let mut uses: Vec<Use> = flow.prompts.iter().map(|p| Use::Whole(p.bucket)).collect();
        let blocks = flow.handlers.iter().map(|h| &h.body).chain(
            flow.states
                .iter()
                .flat_map(|s| std::iter::once(&s.enter).chain(s.handlers.iter().map(|h| &h.body))),
        );
        for block in blocks {
            walk(block, &mut uses);
        }
        uses.sort_by_key(|u| match u {
            Use::Whole(id) | Use::Prefix(id) => *id,
        });
        uses.dedup();
        uses
    }

    fn walk(block: &Block, uses: &mut Vec<Use>) {
        for stmt in &block.0 {
            match stmt {
                Stmt::Recording {
                    op: RecordingOp::Start { location, .. },
                    ..
                } => uses.extend(leading_config(location).map(Use::Prefix)),
                Stmt::Action {
                    action: ActionTemplate::RecordAudio(record),
                    ..
                } => uses.extend(leading_config(&record.bucket).map(Use::Whole)),
                Stmt::If {
                    then, otherwise, ..
                } => {
                    walk(then, uses);
                    walk(otherwise, uses);
                }
                Stmt::Match {
                    arms, otherwise, ..
                } => {
                    for arm in arms {
                        walk(&arm.body, uses);
                    }
                    walk(otherwise, uses);
                }
                _ => {}
            }
        }
    }

    /// The config value an expression starts with (`recording_bucket + "/" + prefix`).
    fn leading_config(expr: &Expr) -> Option<ConfigId> {
        match expr {
            Expr::Config(id) => Some(*id),
            Expr::Binary(BinaryOp::Add, left, _) => leading_config(left),
            _ => None,
        }
    }

    /// Whether `value`, used as `how`, names a bucket the SMA accepts; the problem in words if not.
    pub fn check(how: Use, value: &str) -> Result<(), String> {
        let name = match how {
            Use::Whole(_) => value,
            Use::Prefix(_) => value.split('/').next().unwrap_or(value),
        };
        limits::spec(ActionKind::PlayAudio)
            .check("AudioSource.BucketName", ParamValue::Text(name))
            .map_err(|violation| violation.problem.to_string())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::panic)]

    use super::{StartError, config};
    use crate::flows;

    fn problems(vars: &[(&str, &str)]) -> Option<String> {
        let flow = flows::embedded("recording").unwrap();
        let lookup = |name: &str| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        match config(&flow, &lookup) {
            Ok(_) => None,
            Err(StartError::Config { problems, .. }) => Some(problems),
            Err(other) => panic!("{other}"),
        }
    }

    const GOOD: [(&str, &str); 3] = [
        ("SOURCE_PHONE", "+12065550100"),
        ("WAV_BUCKET", "prompts-bucket"),
        ("RECORDING_BUCKET", "recordings-bucket"),
    ];

    fn with(name: &str, value: &str) -> Vec<(&'static str, String)> {
        GOOD.iter()
            .map(|(n, v)| (*n, if *n == name { value } else { v }.to_owned()))
            .collect()
    }

    fn problems_with(name: &str, value: &str) -> Option<String> {
        let vars = with(name, value);
        let vars: Vec<(&str, &str)> = vars.iter().map(|(n, v)| (*n, v.as_str())).collect();
        problems(&vars)
    }

    #[test]
    fn good_values_start() {
        assert_eq!(problems(&GOOD), None);
    }

    #[test]
    fn a_prompt_bucket_the_sma_would_refuse_is_named() {
        let problems = problems_with("WAV_BUCKET", "w").unwrap();
        assert!(problems.contains("WAV_BUCKET is \"w\""), "{problems}");
        assert!(problems.contains("S3 bucket name"), "{problems}");
        assert!(problems_with("WAV_BUCKET", "Prompts").is_some());
        assert!(problems_with("WAV_BUCKET", "prompts/sub").is_some());
    }

    #[test]
    fn the_recording_bucket_may_carry_a_prefix_but_must_start_with_a_bucket() {
        assert_eq!(problems_with("RECORDING_BUCKET", "recordings/calls"), None);
        let problems = problems_with("RECORDING_BUCKET", "R").unwrap();
        assert!(problems.contains("RECORDING_BUCKET"), "{problems}");
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let problems = problems(&[("WAV_BUCKET", "w"), ("RECORDING_BUCKET", "ok-bucket")]).unwrap();
        assert!(problems.contains("SOURCE_PHONE is not set"), "{problems}");
        assert!(problems.contains("WAV_BUCKET"), "{problems}");
    }
}
