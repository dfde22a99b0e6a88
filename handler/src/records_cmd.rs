//! The `handler records` commands: list the call records, or import unwritten ones from a log.
//!
//! ```text
//! handler records [--limit N] [--format table|json]
//! handler records import LOG        (LOG may be `-` for standard input)
//! ```
//!
//! `main` hands over the arguments after `records` to [`run`]; the store is the one the environment
//! configures (`store::config`), so `handler records` shows what the local handler wrote, and the
//! same command with `CALL_RECORDS_TABLE` set shows (or fills) the DynamoDB table. Exit codes follow
//! the house rule: 0 done, 1 some log lines could not be imported, 2 usage, configuration or I/O error.

use std::io::{BufReader, Read as _, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::config::StoreConfig;
use crate::store::import::{ImportReport, import};
use crate::store::{AnyStore, CallRecordStore, listing};

/// Usage text, printed on a usage error or `--help`.
pub const USAGE: &str = "\
usage: handler records [--limit N] [--format table|json]
       handler records import LOG   (LOG: a log file with unwritten call records, or - for stdin)";

/// Records shown when `--limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;

/// How `handler records` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
}

/// A parsed `handler records` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsCommand {
    List { limit: usize, format: Format },
    Import { log: PathBuf },
    Help,
}

/// A command line that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsageError {
    #[error("`{option}` needs a value")]
    MissingValue { option: String },
    #[error("`--limit {value}`: expected a whole number")]
    BadLimit { value: String },
    #[error("`--format {value}`: expected `table` or `json`")]
    BadFormat { value: String },
    #[error("`records import` needs the log file to read (or `-` for standard input)")]
    MissingLog,
    #[error("unexpected argument `{argument}`")]
    Unexpected { argument: String },
}

/// A command that parsed but could not finish.
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    #[error(transparent)]
    Config(#[from] crate::store::ConfigError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error(transparent)]
    Import(#[from] crate::store::ImportError),
    #[error("cannot read {}: {source}", path.display())]
    ReadLog {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the output: {0}")]
    Output(#[from] std::io::Error),
    #[error("cannot encode the records as JSON: {0}")]
    Json(#[from] serde_json::Error),
}

/// Parses the arguments after `records`.
pub fn parse(args: &[String]) -> Result<RecordsCommand, UsageError> {
    let mut rest = args.iter();
    let mut limit = DEFAULT_LIMIT;
    let mut format = Format::Table;
    while let Some(argument) = rest.next() {
        let (option, inline) = match argument.split_once('=') {
            Some((option, value)) if option.starts_with("--") => (option, Some(value.to_owned())),
            _ => (argument.as_str(), None),
        };
        let mut value = || {
            inline
                .clone()
                .or_else(|| rest.next().cloned())
                .ok_or_else(|| UsageError::MissingValue {
                    option: option.to_owned(),
                })
        };
        match option {
            "--limit" | "-n" => {
                let text = value()?;
                limit = text
                    .parse()
                    .map_err(|_| UsageError::BadLimit { value: text })?;
            }
            "--format" => {
                format = match value()?.as_str() {
                    "table" => Format::Table,
                    "json" => Format::Json,
                    other => {
                        return Err(UsageError::BadFormat {
                            value: other.to_owned(),
                        });
                    }
                };
            }
            "--help" | "-h" => return Ok(RecordsCommand::Help),
            "import" => {
                let log = rest.next().ok_or(UsageError::MissingLog)?;
                if let Some(extra) = rest.next() {
                    return Err(UsageError::Unexpected {
                        argument: extra.clone(),
                    });
                }
                return Ok(RecordsCommand::Import {
                    log: PathBuf::from(log),
                });
            }
            _ => {
                return Err(UsageError::Unexpected {
                    argument: argument.clone(),
                });
            }
        }
    }
    Ok(RecordsCommand::List { limit, format })
}

/// Runs `handler records ARGS...` against the configured store, printing to stdout and stderr.
pub async fn run(args: &[String]) -> ExitCode {
    let command = match parse(args) {
        Ok(command) => command,
        Err(err) => {
            eprintln!("handler records: {err}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if command == RecordsCommand::Help {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let opened = async {
        let config = StoreConfig::from_env()?;
        Ok::<_, CommandError>(AnyStore::open(&config).await?)
    };
    let store = match opened.await {
        Ok(store) => store,
        Err(err) => {
            eprintln!("handler records: {err}");
            return ExitCode::from(2);
        }
    };
    // Not locked: a lock held across the await would make this future `!Send`.
    let mut stdout = std::io::stdout();
    match execute(&store, &command, &mut stdout).await {
        Ok(None) => ExitCode::SUCCESS,
        Ok(Some(report)) => {
            for (line, why) in report.malformed.iter().chain(&report.failed) {
                eprintln!("handler records import: line {line}: {why}");
            }
            if report.is_clean() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Err(err) => {
            eprintln!("handler records ({}): {err}", store.describe());
            ExitCode::from(2)
        }
    }
}

/// Runs a parsed command against `store`, writing what it shows to `out`. An import answers its
/// report (the caller decides how to show the problems in it).
pub async fn execute<S: CallRecordStore>(
    store: &S,
    command: &RecordsCommand,
    out: &mut impl Write,
) -> Result<Option<ImportReport>, CommandError> {
    match command {
        RecordsCommand::Help => {
            writeln!(out, "{USAGE}")?;
            Ok(None)
        }
        RecordsCommand::List { limit, format } => {
            let records = store.list(*limit).await?;
            let text = match format {
                Format::Table => listing::table(&records),
                Format::Json => listing::json(&records)?,
            };
            out.write_all(text.as_bytes())?;
            Ok(None)
        }
        RecordsCommand::Import { log } => {
            let read_error = |source| CommandError::ReadLog {
                path: log.clone(),
                source,
            };
            let report = if log.as_os_str() == "-" {
                let mut text = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut text)
                    .map_err(read_error)?;
                import(store, text.as_slice()).await?
            } else {
                let file = std::fs::File::open(log).map_err(read_error)?;
                import(store, BufReader::new(file)).await?
            };
            writeln!(
                out,
                "{} unwritten call record(s) in {} line(s) of {}: {} written, {} already stored, {} unreadable, {} refused",
                report.found,
                report.lines,
                log.display(),
                report.written,
                report.duplicates,
                report.malformed.len(),
                report.failed.len(),
            )?;
            Ok(Some(report))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(args: &[&str]) -> Result<RecordsCommand, UsageError> {
        parse(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
    }

    #[test]
    fn parses_listing_options() {
        assert_eq!(
            parsed(&[]),
            Ok(RecordsCommand::List {
                limit: DEFAULT_LIMIT,
                format: Format::Table
            })
        );
        assert_eq!(
            parsed(&["--limit", "5", "--format=json"]),
            Ok(RecordsCommand::List {
                limit: 5,
                format: Format::Json
            })
        );
        assert_eq!(parsed(&["--help"]), Ok(RecordsCommand::Help));
    }

    #[test]
    fn parses_import() {
        assert_eq!(
            parsed(&["import", "lambda.log"]),
            Ok(RecordsCommand::Import {
                log: PathBuf::from("lambda.log")
            })
        );
        assert_eq!(parsed(&["import"]), Err(UsageError::MissingLog));
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        assert_eq!(
            parsed(&["--limit", "many"]),
            Err(UsageError::BadLimit {
                value: "many".to_owned()
            })
        );
        assert_eq!(
            parsed(&["--format", "csv"]),
            Err(UsageError::BadFormat {
                value: "csv".to_owned()
            })
        );
        assert_eq!(
            parsed(&["--limit"]),
            Err(UsageError::MissingValue {
                option: "--limit".to_owned()
            })
        );
        assert_eq!(
            parsed(&["list"]),
            Err(UsageError::Unexpected {
                argument: "list".to_owned()
            })
        );
    }
}
