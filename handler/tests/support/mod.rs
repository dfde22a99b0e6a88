#![allow(dead_code)]
pub mod app;
pub mod call;
pub mod cli;
