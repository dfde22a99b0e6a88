//! Explanations of what `dsl explore` finds on explored calls (`flow::explore::...`), for `dsl
//! explain`: each is a property a real call of the flow broke on the service model, shown with the
//! shortest call that breaks it.

use super::{Code, Explanation};

pub(super) fn info(code: Code) -> Option<Explanation> {
    Some(match code {
        Code::ExploreLegNotUp => (
            "An explored call sent an action to a leg that was not up (never dialled, still ringing, or hung up).",
            "The SMA refuses an action for a missing leg, and a refusal in a list drops the rest of it: the party hears nothing of what followed.",
            "on new call { bridge to owner caller_id caller.number; play hello to callee }",
            "Replay the written call with `handler simulate`; use the callee only in `after bridge` or behind `if callee.connected { ... }`.",
        ),
        Code::ExploreRecordingState => (
            "An explored call sent a recording change the service refused: pause or stop with nothing running, resume of a recording that is not paused, or a second start.",
            "A refused recording action fails, and its failure handler runs where the flow expected the recording to be changed; a recording that failed to start may be stopped later on a path nobody tried.",
            "on digits keypad { match digits { \"7\" -> pause recording of caller } }   # the start may have failed",
            "Guard with what you mean (`recording is running`, `recording is paused`), and replay the written call.",
        ),
        Code::ExploreRefusedAction => (
            "An explored call sent an action whose parameters the service refused.",
            "The SMA reports `InvalidActionParameter` and drops the action; what the party should have heard or done does not happen.",
            "on new call { bridge to caller.number caller_id caller.number }   # a withheld number is not E.164",
            "Replay the written call; test a value that comes from outside (a number, an argument) before using it as a parameter.",
        ),
        Code::ExploreValueTooLong => (
            "On an explored call a value longer than its variable was stored, and the answer was the flow's fallback.",
            "The call's state cannot hold the value, so the interpreter answers with the flow's fault path instead of what the flow says.",
            "var pin text(4)\nafter collect { pin = digits }   # the collect allows max 11",
            "Bound the input where it is collected (`max N`), declare the variable longer, or test `len(...)` first.",
        ),
        Code::ExploreFault => (
            "On an explored call the flow faulted at run time and answered with its fallback.",
            "The caller gets the fault path (usually a hang-up) instead of what the flow says.",
            "after collect { n = int(digits) / 0 }",
            "Replay the written call with `handler simulate` to see the fault, and guard the expression that caused it.",
        ),
        Code::ExploreListenerNotArmed => (
            "On an explored call a party pressed keys the flow would have acted on while no listener was armed.",
            "The SMA drops keys unless `ReceiveDigits` is armed, so the keypad went dead: the owner's `7` did not pause the recording.",
            "state talking { on digits keypad { play paused to both } }   # no `listen keypad` again",
            "`listen NAME` again on every path that means to keep listening.",
        ),
        Code::ExploreSilence => (
            "On an explored call a party was left connected with nothing playing, nothing running and nothing to wait for.",
            "The party hears dead air until they hang up, or until the SMA times the call out (30 seconds for a new call answered with nothing).",
            "on new call { match caller.number { \"+12065550100\" -> play hello to caller } }",
            "Send a prompt, a collect, a bridge or a hang-up on every path; give a `match` on input an `else`.",
        ),
        Code::ExploreHangupIncomplete => (
            "On an explored call one party hung up and the other was left on the line in silence.",
            "The SMA does not end the other leg: it stays connected and billed until the flow hangs it up.",
            "state talking { on hangup callee { hangup caller } }   # the caller hanging up is not handled",
            "Hang up the other leg, or go on with it, in every `on hangup` that can run.",
        ),
        Code::ExploreInvalidResponse => (
            "On an explored call the service could not use an answer (`INVALID_LAMBDA_RESPONSE`).",
            "An answer the SMA cannot read is dropped; the call goes to the flow's `on invalid response` or is cut.",
            "on new call { play a; play b; play c; play d; play e; play f; play g; play h; play i; play j; play k }",
            "Replay the written call to see the answer; keep answers within the SMA's rules (10 actions, valid parameters).",
        ),
        Code::ExploreUnboundedLoop => (
            "An explored call reached the SMA's limit of invocations, or can go round a loop that nothing on the call ends.",
            "A call that loops by itself runs until the SMA's cap of 1,000 invocations hangs it up, billed the whole time.",
            "on failed play { play sorry to caller }   # the prompt fails again, and again",
            "Count attempts in a variable set once before the loop, test it, and end the call after a few.",
        ),
        Code::ExploreDuplicateAnswer => (
            "On an explored call the same event delivered twice got two different answers.",
            "The SMA delivers an event again when the function is slow; a flow whose second answer differs does things twice (two recordings, a counter counted twice).",
            "on digits keypad { presses += 1; if presses > 3 { hangup caller } }",
            "Keep handlers idempotent on a redelivered event; the interpreter recognises a redelivery by its sequence, so this points at a runtime fault worth reporting.",
        ),
        Code::ExploreIncomplete => (
            "Exploration stopped at its bound of states: what lies beyond it was not explored.",
            "A property broken only beyond the bound is not reported, so a clean result is not a proof.",
            "dsl explore big.flow --max-states 100",
            "Raise the bound with `--max-states`, or lower `--depth` to explore shorter calls completely.",
        ),
        _ => return None,
    })
}
