//! Which call-record store to use and how patient to be with it, from the environment.
//!
//! | variable | meaning | default |
//! |---|---|---|
//! | `CALL_RECORDS_TABLE` | DynamoDB table; set in Lambda | unset: the embedded store |
//! | `CALL_RECORDS_PATH` | the embedded store's SQLite file | `.local/call-records.sqlite3` in the working directory |
//! | `CALL_RECORDS_DEADLINE_MS` | total time one turn's write may take | `800` |
//! | `CALL_RECORDS_RETENTION_DAYS` | days a record is kept after the call ended (`TTL`) | `90` |
//!
//! The DynamoDB endpoint is the SDK's business: `AWS_ENDPOINT_URL_DYNAMODB` (or `AWS_ENDPOINT_URL`)
//! is read by `aws-config`, like the region and the credentials. The embedded file lives in the
//! working directory rather than under `$XDG_DATA_HOME` so that each checkout keeps its own records
//! beside the project (`/.local/` is git-ignored).

use std::path::PathBuf;
use std::time::Duration;

use super::record::DEFAULT_RETENTION;

/// The embedded store's file when `CALL_RECORDS_PATH` is unset.
pub const DEFAULT_PATH: &str = ".local/call-records.sqlite3";
/// How long a turn's write may take before it is logged instead: well inside the SMA's patience.
pub const DEFAULT_DEADLINE: Duration = Duration::from_millis(800);

/// The store settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// DynamoDB table name; `None` selects the embedded store.
    pub table: Option<String>,
    /// The embedded store's file.
    pub path: PathBuf,
    /// Bound on one write, retries included.
    pub deadline: Duration,
    /// How long after its end a record is kept.
    pub retention: Duration,
}

/// A variable that is set to something unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}=`{value}` is not a whole number ({expected})")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub expected: &'static str,
}

impl Default for StoreConfig {
    fn default() -> Self {
        Self {
            table: None,
            path: PathBuf::from(DEFAULT_PATH),
            deadline: DEFAULT_DEADLINE,
            retention: DEFAULT_RETENTION,
        }
    }
}

impl StoreConfig {
    /// Reads the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup` (the environment, or a map in tests). Empty values count
    /// as unset, as a template that leaves a variable blank means "not configured".
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let number = |variable: &'static str, expected: &'static str| {
            get(variable)
                .map(|value| {
                    value.trim().parse::<u64>().map_err(|_| ConfigError {
                        variable,
                        value,
                        expected,
                    })
                })
                .transpose()
        };
        let defaults = Self::default();
        Ok(Self {
            table: get("CALL_RECORDS_TABLE"),
            path: get("CALL_RECORDS_PATH").map_or(defaults.path, PathBuf::from),
            deadline: number("CALL_RECORDS_DEADLINE_MS", "milliseconds")?
                .map_or(defaults.deadline, Duration::from_millis),
            retention: number("CALL_RECORDS_RETENTION_DAYS", "days")?
                .map_or(defaults.retention, |days| {
                    Duration::from_secs(days.saturating_mul(86_400))
                }),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(pairs: &[(&str, &str)]) -> Result<StoreConfig, ConfigError> {
        StoreConfig::from_lookup(|name| {
            pairs
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn nothing_set_means_the_embedded_store_with_defaults() {
        assert_eq!(config(&[]), Ok(StoreConfig::default()));
        assert_eq!(
            config(&[("CALL_RECORDS_TABLE", " ")]).map(|c| c.table),
            Ok(None)
        );
    }

    #[test]
    fn every_setting_is_read() {
        let read = config(&[
            ("CALL_RECORDS_TABLE", "CallRecords"),
            ("CALL_RECORDS_PATH", "/tmp/r.sqlite3"),
            ("CALL_RECORDS_DEADLINE_MS", "250"),
            ("CALL_RECORDS_RETENTION_DAYS", "7"),
        ]);
        assert_eq!(
            read,
            Ok(StoreConfig {
                table: Some("CallRecords".to_owned()),
                path: PathBuf::from("/tmp/r.sqlite3"),
                deadline: Duration::from_millis(250),
                retention: Duration::from_secs(7 * 86_400),
            })
        );
    }

    #[test]
    fn a_bad_number_names_the_variable() {
        let err = config(&[("CALL_RECORDS_DEADLINE_MS", "soon")]).map(|_| ());
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("CALL_RECORDS_DEADLINE_MS=`soon` is not a whole number (milliseconds)".to_owned())
        );
    }
}
