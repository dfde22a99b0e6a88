//! Fuzz target: see `fuzz::flow_yaml`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::flow_yaml(data));
