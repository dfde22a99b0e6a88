//! Structured logs: JSON lines in Lambda (CloudWatch reads them as fields), readable lines on a
//! terminal; always on stderr locally, so that stdout holds only answers.

use crate::settings::LogLevel;
use tracing::Level;

pub fn init(level: LogLevel, json: bool) {
    let max = match level {
        LogLevel::Info => Level::INFO,
        LogLevel::Debug => Level::DEBUG,
    };
    let builder = tracing_subscriber::fmt()
        .with_max_level(max)
        .with_writer(std::io::stderr)
        .with_target(false);
    // A second initialisation (tests) keeps the first subscriber.
    if json {
        let _ = builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init();
    } else {
        let _ = builder.with_ansi(false).try_init();
    }
}
