//! The handler's library: what the `handler` binary and its integration tests share.

pub mod app;
pub mod flows;
pub mod lambda;
pub mod local;
pub mod logging;
pub mod masking;
#[cfg(feature = "playground")]
pub mod playground;
pub mod records_cmd;
pub mod seal;
pub mod settings;
#[cfg(feature = "simulate")]
pub mod simulate;
pub mod store;
