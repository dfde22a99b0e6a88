//! The handler's library: what the `handler` binary and its integration tests share.

pub mod records_cmd;
pub mod store;
