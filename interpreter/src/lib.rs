//! The pure runtime of the call-flow language: the SMA wire model, the compiled flow IR and the
//! step function that answers one SMA event. No I/O, no clock, no environment.

pub mod config;
pub mod effect;
pub mod ir;
pub mod policy;
pub mod step;
pub mod verb;
pub mod wire;
