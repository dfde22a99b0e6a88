//! Explanations of the path analyses' codes (`flow::verify::...`), for `dsl explain`.

use super::{Code, Explanation};

pub(super) fn info(code: Code) -> Option<Explanation> {
    Some(match code {
        Code::VerifyLegNotUp => (
            "An action is sent to a leg that may not be connected on some path.",
            "The callee's leg exists only once a bridge is answered, and a leg that hung up is gone: an action for a missing leg makes the whole answer invalid, and the call is cut or left in silence.",
            "on new call { bridge to owner caller_id caller.number; play hello to callee }",
            "Use the callee only in `after bridge` or behind `if callee.connected { ... }`; send nothing to a leg after hanging it up.",
        ),
        Code::VerifyRecordingState => (
            "A recording operation can run in a state where it is not valid.",
            "Pause needs a running recording, resume a paused one, stop one that was started; a leg is recorded once. `recording is not stopped` also holds when nothing was started, so it guards nothing.",
            "block stop { if recording is not stopped { stop recording } }",
            "Guard with what you mean: `recording is running` (active or paused), `recording is active`, `recording is paused`, `recording is idle` before a start.",
        ),
        Code::VerifyListenerNotArmed => (
            "Digits are expected where their listener is not armed.",
            "The SMA drops keys unless `ReceiveDigits` is armed, and a listener hears one match: a handler that does not arm it again makes the keypad dead after the first key.",
            "state talking { on digits keypad { play paused to both } }",
            "`listen NAME` on every path that keeps listening; stop listening only behind an explicit condition.",
        ),
        Code::VerifyListenerLeg => (
            "A listener is armed on a leg that may not exist.",
            "A listener on the callee before the bridge is answered, or on a leg that hung up, makes the answer invalid.",
            "listener keys on callee pattern \"[0-9]\" between 1s flush 10s\non new call { bridge to owner caller_id caller.number; listen keys }",
            "Arm it in `after bridge`, or put the listener on a leg that is connected.",
        ),
        Code::VerifySilence => (
            "An answer leaves a party on the line with nothing to hear and nothing to wait for.",
            "When nothing is sent, nothing awaited and no one else is on the line, the caller hears silence until the SMA gives up on the call.",
            "on new call { match caller.number { \"+12065550100\" -> play hello to caller } }",
            "Send a prompt, a collect, a bridge, or hang up on every path; give a `match` on input an `else`.",
        ),
        Code::VerifyHangupIncomplete => (
            "After one party hangs up, the other can be left connected.",
            "The SMA does not end the other leg: it stays connected and billed, hearing nothing, until the flow hangs it up.",
            "state talking { on hangup callee { hangup caller } }",
            "Hang up the other leg on every path of every `on hangup` that can run (mind a state's own handler hiding the flow-wide one), or go on with it.",
        ),
        Code::VerifyUnboundedLoop => (
            "An action is sent again after its own result with nothing that bounds the repeats.",
            "A retry counter reset on each entry, never set, or never tested lets a caller who keeps failing, or an action that keeps failing, loop until the SMA's cap of 1,000 invocations ends the call.",
            "state ask { enter { tries = 0; collect n on caller failure n wait 5s }\n  after collect { tries += 1; goto ask } }",
            "Count attempts in a variable set once before the loop, test it, and end the call after a few.",
        ),
        Code::VerifyValueTooLong => (
            "A text variable can be assigned a value longer than it is declared.",
            "A too-long value makes the call's state invalid mid-call, and the answer is lost.",
            "var pin text(4)\nafter collect { pin = digits }   # the collect allows max 11",
            "Bound the input where it is collected (`max N`), declare the variable longer, or test `len(...) <= N` first.",
        ),
        Code::VerifyUnsetValue => (
            "An unset value (`none`) takes part in arithmetic.",
            "`none + 1` is not a number: a counter that was never set stays unset and any test on it fails, so the loop it should end never ends.",
            "var tries int\nafter collect { tries += 1 }",
            "Give the variable a starting value (`var tries int = 0`), or test it with `!= none` first.",
        ),
        Code::VerifyContinueTooLong => (
            "An answer with `continue` can hold more than 10 actions.",
            "`continue` sends again what was left of the failed list, on top of what the handler sends; the SMA rejects an answer of more than 10 actions.",
            "on failed play { play sorry to caller; continue }",
            "Send less beside `continue`, or split the list with a state that waits for a result.",
        ),
        Code::VerifyIntent => (
            "An action breaks a property the flow states with `always` or `never`.",
            "The flow said what must hold on a live call (who hears a notice, what caller id is shown, which numbers are dialled); a path where it does not hold is a mistake the other checks cannot see.",
            "never play being_recorded to owner_leg\non new call { play being_recorded to caller }",
            "Guard the action so the property holds on every path, or correct the property.",
        ),
        Code::VerifyDialPolicy => (
            "A bridge can dial a number that reached the flow from outside without testing it against the dial policy.",
            "A number typed on the keypad, shown as a caller id or passed as an argument can be a premium-rate or toll-fraud number; dialling it on the owner's account costs the owner. The handler refuses such a bridge at run time, but only the flow can tell the caller why and let them try again.",
            "after collect { n = nanp(digits); if n == none { hangup caller; done }\n  bridge to n caller_id sma_number }",
            "Test it first: `if not dialable(n) { play sorry to caller; goto ask }`; the deployment's settings say what is dialable (DIAL_COUNTRIES, DIAL_NUMBER_TYPES, DIAL_BLOCKED).",
        ),
        Code::VerifyDirective => (
            "An `allow` directive is misplaced or gives no reason.",
            "A finding can be lowered to a warning only where it occurs, with a written reason, so that every exception is visible and explained.",
            "allow flow::verify::silence \"\"",
            "Put `allow CODE \"why\"` on the line before the statement the finding points at, and say why.",
        ),
        _ => return None,
    })
}
