//! The call simulator: a model of the SMA service ([`service`]) that runs a flow's answers the way
//! the service would, in simulated time, against scripted parties ([`scenario`]).
//!
//! Pipeline position: beside `interpreter::step`. The service model builds the SMA events a real
//! call would produce, hands each to "the function" through the small [`Function`] port (the
//! interpreter directly in tests and benchmarks, the handler's own decode-step-encode path in
//! `handler simulate`), and executes the answer: actions in order, result-bearing actions
//! reporting at once, failures dropping the rest of a list, per-leg hang-ups, digit listeners,
//! call updates, attribute replacement and the envelope limits. Nothing here reads a clock or does
//! I/O: time is a number the model advances.
//!
//! - [`service::Service`] is the model: clone it, compare it, ask it for every [`Happening`] that
//!   could come next ([`service::Service::choices`]) and apply one ([`service::Service::apply`]).
//! - [`scenario`] reads `*.call.yaml` files (parties, timeline, injected failures, expectations).
//! - [`drive`] plays a scenario through the model; [`expect`] checks what it expects;
//!   [`transcript`] renders the result as text, JSON or a Mermaid sequence diagram.
//! - [`capture`] turns a list of recorded events into a scenario.

pub mod capture;
pub mod drive;
pub mod expect;
pub mod function;
pub mod scenario;
pub mod service;
pub mod transcript;

pub use function::{Answer, FlowFunction, Function, Reply};
pub use service::{BridgeOutcome, Happening, Service, Setup};
