//! The `handler` binary: the Lambda entry point and its local commands.

fn main() {}
