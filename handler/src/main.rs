//! The `handler` binary: the Lambda function (when the Lambda runtime API is present) and the
//! local commands that run the very same code path.

use clap::{Parser, Subcommand};
use handler::app::App;
use handler::local::{ReplayOptions, invoke, replay};
use handler::settings::{self, StartError};
use handler::store::CallRecords;
use handler::{flows, logging};
use std::io::BufReader;
use std::path::PathBuf;
use std::process::ExitCode;

/// The simulator's allocator in local builds (see the workspace's dependency list for why); the
/// Lambda build keeps the system one.
#[cfg(feature = "simulate")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "handler",
    version,
    about = "Answers Amazon Chime SIP media application events by running a call flow.",
    long_about = "Answers Amazon Chime SIP media application events by running a call flow.\n\n\
        With no command and AWS_LAMBDA_RUNTIME_API set, runs as the Lambda function.\n\n\
        Environment: FLOW (built-in flow, default `recording`), the flow's own config variables \
        (for `recording`: SOURCE_PHONE, WAV_BUCKET, RECORDING_BUCKET, RECORDING_PREFIX, OWNER_PIN), \
        CALL_RECORDS_TABLE (DynamoDB; unset: an embedded store at CALL_RECORDS_PATH), LOG_LEVEL (info|debug), \
        STATE_KEY (at least 32 bytes; seals the call state to its call; required in Lambda, a public \
        development key locally) and STATE_KEY_PREVIOUS (still accepted during a key rotation)."
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Answer one SMA event read from stdin; print the exact response the Lambda would return.
    Invoke {
        /// Run this flow file instead of the built-in one (`.json` compiled, or `.flow`/`.yaml`).
        #[arg(long, value_name = "FILE")]
        flow: Option<PathBuf>,
    },
    /// Answer a stream of events (a JSON array or JSON lines, `-` for stdin), one response per line.
    Replay {
        #[arg(long, value_name = "FILE")]
        flow: Option<PathBuf>,
        /// Send each event as it is, instead of carrying the previous answer's TransactionAttributes
        /// into the next event of the same call as the SMA does.
        #[arg(long)]
        as_is: bool,
        /// Do not write call records.
        #[arg(long)]
        no_records: bool,
        /// The events file, or `-` for stdin.
        events: String,
    },
    /// List call records (`records [--limit N] [--format table|json]`), or replay unwritten ones
    /// from a log (`records import LOG`).
    Records(handler::records_cmd::RecordsArgs),
    /// List the flows built into this binary (`--format json`: with each flow's version and the
    /// environment variables it reads, for deployment tools).
    Flows {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Run as the Lambda function (the default when AWS_LAMBDA_RUNTIME_API is set).
    Lambda,
    /// Run scripted calls (`*.call.yaml`) through a model of the SMA service; each event is
    /// answered by this handler's own code path. Exit 0 when every expectation holds, 1 when one
    /// fails, 2 for an unreadable scenario.
    #[cfg(feature = "simulate")]
    Simulate {
        /// Run this flow file instead of the scenario's or the built-in one.
        #[arg(long, value_name = "FILE")]
        flow: Option<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: handler::simulate::Format,
        /// Compare each transcript with the golden file beside its scenario (`NAME.transcript`).
        #[arg(long)]
        golden: bool,
        /// Write the golden files.
        #[arg(long, conflicts_with = "golden")]
        bless: bool,
        /// Run a flow file even where the checker's path analyses reject it, to replay a call
        /// that shows the mistake (as `dsl explore` writes them).
        #[arg(long)]
        unverified: bool,
        /// Simulate a flow file the checker refuses (its findings are printed as warnings first),
        /// and send an answer over the service's limits as the flow wrote it, so that the
        /// transcript shows the service refusing it (`INVALID_LAMBDA_RESPONSE`).
        #[arg(long)]
        unchecked: bool,
        /// Write a scenario (`*.call.yaml`) to stdout from a capture of a real call's events (JSON
        /// lines, a JSON array or JSON documents; `-` for stdin), with the expectations a simulated
        /// run of it meets.
        #[arg(long, value_name = "EVENTS", conflicts_with_all = ["golden", "bless"])]
        from_capture: Option<PathBuf>,
        #[arg(required_unless_present = "from_capture", value_name = "SCENARIO")]
        scenarios: Vec<PathBuf>,
    },
    /// Serve a page on 127.0.0.1 where a flow is written, checked, drawn and called through the
    /// simulator. Prints the address; runs until stopped.
    #[cfg(feature = "playground")]
    Playground {
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 7878)]
        port: u16,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum ListFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    #[cfg(feature = "simulate")]
    if let Some(Command::Simulate {
        flow,
        format,
        golden,
        bless,
        unchecked,
        from_capture,
        unverified,
        scenarios,
    }) = cli.command
    {
        let options = handler::simulate::Options {
            flow,
            format,
            golden,
            bless,
            unchecked,
            unverified,
            scenarios,
        };
        if let Some(events) = from_capture {
            return handler::simulate::from_capture(&options, &events);
        }
        // Simulated calls run their own runtime, one blocking write at a time.
        return handler::simulate::run(&options);
    }
    #[cfg(feature = "playground")]
    if let Some(Command::Playground { port }) = cli.command {
        return handler::playground::serve(port);
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        eprintln!("handler: cannot start the async runtime");
        return ExitCode::from(2);
    };
    let command = match cli.command {
        Some(c) => c,
        None if std::env::var_os("AWS_LAMBDA_RUNTIME_API").is_some() => Command::Lambda,
        None => {
            eprintln!(
                "handler: no command given, and not running in Lambda (AWS_LAMBDA_RUNTIME_API is unset)"
            );
            eprintln!("Try `handler --help`.");
            return ExitCode::from(2);
        }
    };
    runtime.block_on(run(command))
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// Where the handler runs: in Lambda, call records must go to DynamoDB (the function's files are
/// read-only and its `/tmp` does not outlive it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Lambda,
    Local,
}

async fn app(
    flow_file: Option<&std::path::Path>,
    records: bool,
    mode: Mode,
) -> Result<App, StartError> {
    let level = settings::log_level(&env)?;
    logging::init(level, mode == Mode::Lambda);
    let flow = settings::flow(flow_file, &env)?;
    let config = settings::config(&flow, &env)?;
    let earlier = settings::earlier(&flow, &env);
    let sealer = settings::sealer(&env, mode == Mode::Local)?;
    let records = if records {
        let store = settings::store(&env)?;
        if mode == Mode::Lambda && store.table.is_none() {
            return Err(StartError::Store(
                "CALL_RECORDS_TABLE is not set; in Lambda call records go to a DynamoDB table"
                    .to_owned(),
            ));
        }
        Some(
            CallRecords::open(&store)
                .await
                .map_err(|e| StartError::Store(e.to_string()))?,
        )
    } else {
        None
    };
    Ok(App {
        flow,
        config,
        earlier,
        sealer,
        records,
    })
}

fn list_flows(format: ListFormat) -> ExitCode {
    match format {
        ListFormat::Text => {
            for name in flows::names() {
                println!("{name}");
            }
        }
        ListFormat::Json => {
            let listed = flows::listing().and_then(|l| {
                serde_json::to_string_pretty(&l)
                    .map_err(|e| flows::FlowError::Invalid(e.to_string()))
            });
            match listed {
                Ok(json) => println!("{json}"),
                Err(e) => {
                    eprintln!("handler: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}

async fn run(command: Command) -> ExitCode {
    let started = match command {
        Command::Flows { format } => return list_flows(format),
        Command::Records(args) => return handler::records_cmd::run(args).await,
        #[cfg(feature = "simulate")]
        Command::Simulate { .. } => return ExitCode::from(2),
        #[cfg(feature = "playground")]
        Command::Playground { .. } => return ExitCode::from(2),
        Command::Lambda => match app(None, true, Mode::Lambda).await {
            Ok(app) => {
                return match handler::lambda::run(app).await {
                    Ok(()) => ExitCode::SUCCESS,
                    Err(e) => {
                        eprintln!("handler: {e}");
                        ExitCode::FAILURE
                    }
                };
            }
            Err(e) => Err(e),
        },
        Command::Invoke { flow } => match app(flow.as_deref(), true, Mode::Local).await {
            Ok(app) => {
                let result = invoke(&app, std::io::stdin().lock(), std::io::stdout().lock()).await;
                Ok(result)
            }
            Err(e) => Err(e),
        },
        Command::Replay {
            flow,
            as_is,
            no_records,
            events,
        } => match app(flow.as_deref(), !no_records, Mode::Local).await {
            Ok(app) => {
                let options = ReplayOptions { as_is };
                let out = std::io::stdout().lock();
                let result = if events == "-" {
                    replay(&app, std::io::stdin().lock(), out, options).await
                } else {
                    match std::fs::File::open(&events) {
                        // A file cannot wait for an answer, so the answers may be buffered.
                        Ok(file) => {
                            let out = std::io::BufWriter::new(out);
                            replay(&app, BufReader::new(file), out, options).await
                        }
                        Err(e) => {
                            eprintln!("handler: cannot read {events}: {e}");
                            return ExitCode::from(2);
                        }
                    }
                };
                Ok(result.map(|_| ()))
            }
            Err(e) => Err(e),
        },
    };
    match started {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(io)) => {
            eprintln!("handler: {io}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("handler: cannot start: {e}");
            ExitCode::from(2)
        }
    }
}
