//! Fuzz target: see `fuzz::flow_text`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::flow_text(data));
