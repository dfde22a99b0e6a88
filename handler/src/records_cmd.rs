//! The `handler records` commands: list the call records, or import unwritten ones from a log.
//!
//! ```text
//! handler records [--limit N] [--format table|json]
//! handler records import LOG        (LOG may be `-` for standard input)
//! ```
//!
//! `main` reads the arguments with clap ([`RecordsArgs`]) and hands them to [`run`]; the store is the one the environment
//! configures (`store::config`), so `handler records` shows what the local handler wrote, and the
//! same command with `CALL_RECORDS_TABLE` set shows (or fills) the DynamoDB table. Exit codes follow
//! the house rule: 0 done, 1 some log lines could not be imported, 2 usage, configuration or I/O error.

use std::io::{BufReader, Read as _, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use crate::store::config::StoreConfig;
use crate::store::import::{ImportReport, import};
use crate::store::{AnyStore, CallRecordStore, listing};

/// Records shown when `--limit` is not given.
pub const DEFAULT_LIMIT: usize = 20;

/// How `handler records` prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
}

/// The arguments after `records`, as clap reads them (usage errors exit 2, as clap's do).
#[derive(Debug, Clone, PartialEq, Eq, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RecordsArgs {
    #[command(subcommand)]
    pub import: Option<Import>,
    /// How many records to show, newest first.
    #[arg(long, short = 'n', default_value_t = DEFAULT_LIMIT)]
    pub limit: usize,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// `records import LOG`.
#[derive(Debug, Clone, PartialEq, Eq, clap::Subcommand)]
pub enum Import {
    /// Write the unwritten call records found in a log.
    Import {
        /// A log file with unwritten call records, or `-` for standard input.
        log: PathBuf,
    },
}

/// A parsed `handler records` command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordsCommand {
    List { limit: usize, format: Format },
    Import { log: PathBuf },
}

impl From<RecordsArgs> for RecordsCommand {
    fn from(args: RecordsArgs) -> Self {
        match args.import {
            Some(Import::Import { log }) => RecordsCommand::Import { log },
            None => RecordsCommand::List {
                limit: args.limit,
                format: args.format,
            },
        }
    }
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

/// Runs `handler records` against the configured store, printing to stdout and stderr.
pub async fn run(args: RecordsArgs) -> ExitCode {
    let command = RecordsCommand::from(args);
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
    use clap::Parser;

    #[derive(Debug, Parser)]
    struct Cli {
        #[command(flatten)]
        records: RecordsArgs,
    }

    fn parsed(args: &[&str]) -> Result<RecordsCommand, clap::error::ErrorKind> {
        let line = std::iter::once("records").chain(args.iter().copied());
        Cli::try_parse_from(line)
            .map(|cli| cli.records.into())
            .map_err(|e| e.kind())
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
        assert_eq!(
            parsed(&["--help"]),
            Err(clap::error::ErrorKind::DisplayHelp)
        );
    }

    #[test]
    fn parses_import() {
        assert_eq!(
            parsed(&["import", "lambda.log"]),
            Ok(RecordsCommand::Import {
                log: PathBuf::from("lambda.log")
            })
        );
        assert_eq!(
            parsed(&["import"]),
            Err(clap::error::ErrorKind::MissingRequiredArgument)
        );
    }

    #[test]
    fn refuses_what_it_does_not_know() {
        use clap::error::ErrorKind;
        assert_eq!(
            parsed(&["--limit", "many"]),
            Err(ErrorKind::ValueValidation)
        );
        assert_eq!(parsed(&["--format", "csv"]), Err(ErrorKind::InvalidValue));
        assert_eq!(parsed(&["--limit"]), Err(ErrorKind::InvalidValue));
        assert!(parsed(&["list"]).is_err());
        assert!(parsed(&["import", "a.log", "--limit", "3"]).is_err());
    }
}
