//! `dsl`: check, format, convert and explain call flows. The library does the work; this binary
//! reads and writes files and renders diagnostics.

mod cli;

/// The simulator's allocator (see the workspace's dependency list for why).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
