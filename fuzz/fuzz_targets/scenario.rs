//! Fuzz target: see `fuzz::scenario`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| fuzz::scenario(data));
