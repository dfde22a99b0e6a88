#![allow(dead_code)]
pub mod call;
