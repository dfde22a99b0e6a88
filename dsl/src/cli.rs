//! The command line: arguments, file access and exit codes around the library.
//!
//! Exit codes: 0 clean (warnings allowed), 1 findings with errors (or files `fmt --check` would
//! change), 2 a usage or I/O error.

mod check;
mod explain;
mod files;
mod lsp;
mod render;
mod rewrite;

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "dsl",
    version,
    about = "Check, format and convert SMA call flows (.flow and .yaml)"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check flows; with no files, every flow under `flows/` and `examples/` (but `examples/unsafe/`).
    Check {
        files: Vec<PathBuf>,
        /// `human` renders diagnostics on stderr; `json` prints one document on stdout.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Convert a flow between the text and YAML syntaxes.
    Convert {
        file: PathBuf,
        #[arg(long, value_enum)]
        to: Target,
        /// Where to write; standard output if absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Rewrite flows in the canonical layout.
    Fmt {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Change nothing; exit 1 and name the files that would change.
        #[arg(long)]
        check: bool,
    },
    /// Compile a flow to the IR the handler runs (JSON), as the handler's build does.
    Compile {
        file: PathBuf,
        /// Where to write; standard output if absent.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Draw a flow's states and transitions.
    Graph {
        file: PathBuf,
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
    /// Explain a diagnostic code, such as `flow::parse::syntax`.
    Explain { code: String },
    /// Serve the Language Server Protocol on standard input and output, for editors.
    Lsp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Target {
    Yaml,
    Flow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    Mermaid,
    Dot,
}

/// How a command ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Outcome {
    Clean,
    Findings,
    Failure,
}

impl Outcome {
    fn code(self) -> ExitCode {
        match self {
            Outcome::Clean => ExitCode::SUCCESS,
            Outcome::Findings => ExitCode::from(1),
            Outcome::Failure => ExitCode::from(2),
        }
    }
}

pub(crate) fn run() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Check { files, format } => check::run(&files, format == Format::Json),
        Command::Convert { file, to, output } => {
            let to = match to {
                Target::Yaml => dsl::source::Syntax::Yaml,
                Target::Flow => dsl::source::Syntax::Flow,
            };
            rewrite::convert(&file, to, output.as_deref())
        }
        Command::Fmt { files, check } => rewrite::fmt(&files, check),
        Command::Compile { file, output } => compile(&file, output.as_deref()),
        Command::Graph { file, format } => graph(&file, format),
        Command::Explain { code } => explain::run(&code),
        Command::Lsp => lsp::run(),
    };
    outcome.code()
}

/// Prints the state diagram of a flow that checks clean; its diagnostics otherwise.
fn graph(file: &std::path::Path, format: GraphFormat) -> Outcome {
    let source = match files::read(file) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let prompts = dsl::files::FolderPrompts::beside(file);
    match dsl::compile::compile(&source.name, &source.text, source.syntax, &prompts) {
        Ok(compiled) => emit(&match format {
            GraphFormat::Mermaid => dsl::graph::mermaid(&compiled.flow),
            GraphFormat::Dot => dsl::graph::dot(&compiled.flow),
        }),
        Err(report) => {
            render::human(&report);
            Outcome::Findings
        }
    }
}

/// Writes the compiled IR of a flow that checks clean; its diagnostics otherwise.
fn compile(file: &std::path::Path, output: Option<&std::path::Path>) -> Outcome {
    let source = match files::read(file) {
        Ok(s) => s,
        Err(outcome) => return outcome,
    };
    let prompts = dsl::files::FolderPrompts::beside(file);
    match dsl::compile::compile(&source.name, &source.text, source.syntax, &prompts) {
        Ok(compiled) => {
            if !compiled.warnings.problems().is_empty() {
                render::human(&compiled.warnings);
            }
            let text = match serde_json::to_string(&compiled.flow) {
                Ok(text) => text + "\n",
                Err(e) => return failure(e),
            };
            match output {
                Some(out) => files::write(out, &text).err().unwrap_or(Outcome::Clean),
                None => emit(&text),
            }
        }
        Err(report) => {
            render::human(&report);
            Outcome::Findings
        }
    }
}

/// Writes to standard output. A reader that closed the pipe early (`dsl convert ... | head`)
/// ends the command quietly: what it wanted has been written.
pub(crate) fn emit(text: &str) -> Outcome {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Outcome::Clean,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Outcome::Clean,
        Err(e) => failure(format!("cannot write to standard output: {e}")),
    }
}

/// Prints a usage or I/O error.
pub(crate) fn failure(message: impl std::fmt::Display) -> Outcome {
    eprintln!("error: {message}");
    Outcome::Failure
}
