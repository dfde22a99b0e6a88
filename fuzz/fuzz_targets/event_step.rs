//! Fuzz target: see `fuzz::event_step`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::event_step(data));
