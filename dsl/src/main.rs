//! `dsl`: check, format, convert and explain call flows. The library does the work; this binary
//! reads and writes files and renders diagnostics.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
