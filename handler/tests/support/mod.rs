#![allow(dead_code)]
pub mod call;
pub mod cli;
