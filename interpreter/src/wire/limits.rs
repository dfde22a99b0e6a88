//! The protocol's limits, written once: every action's parameters (wire path, required or not,
//! protocol default, rule) and the envelope's size limits.
//!
//! Pipeline position: the language checker asks this table whether a literal in a flow is
//! acceptable ([`ActionSpec::check`], [`ActionSpec::check_known`]); the runtime validates every
//! action it is about to send with the same table ([`Action::validate`](crate::wire::Action::validate)
//! calls [`ActionSpec::check_complete`]); the docs can be generated from it.
//!
//! Parameter paths are the wire keys, nested objects joined with `.` (`AudioSource.BucketName`);
//! fields of list items use the list's key (`Endpoints.BridgeEndpointType`); a field that only
//! exists for one kind of item names the kind in brackets (`Endpoints[AWS].Arn`).

mod rule;
mod spec;
mod table;
mod violation;

pub use rule::{CharSet, ParamValue, Rule, SipHeaderRule, ValueKind, WIRE_INT_MAX};
pub use spec::{ActionSpec, ParamSpec, ParamValues, ProtocolDefault, Relation};
pub use violation::{LimitViolation, Problem};

use super::action::ActionKind;

/// The most actions one response may carry ("Too many actions specified in the response").
pub const MAX_ACTIONS: usize = 10;

/// The most `TransactionAttributes` pairs a response may set. The current docs say 100, the
/// service's own error example and the AWS workshop say 10; the lower figure is the safe one.
pub const MAX_ATTRIBUTE_PAIRS: usize = 10;

/// The most characters in one `TransactionAttributes` key or value.
pub const MAX_ATTRIBUTE_CHARS: usize = 1024;

/// The specification of one action kind.
#[must_use]
pub fn spec(kind: ActionKind) -> &'static ActionSpec {
    table::spec(kind)
}
