//! Whether a digit pattern (`InputDigitsRegex`) compiles, remembered for the few patterns a
//! process sees: every answer of a flow with a keypad listener sends the same pattern, and
//! compiling it again each time cost more than all the rest of building the answer.

use std::sync::Mutex;

/// How many valid patterns are remembered; a flow has a handful, and an unbounded set would let
/// a stream of distinct patterns grow the process.
const KEPT: usize = 32;

/// Patterns known to compile, oldest first. Only valid ones are kept, so the answer is always
/// what compiling the pattern would say; a pattern that fails is compiled again each time, which
/// only a broken answer pays for.
static VALID: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// Compiles `text` unless it is known to compile.
///
/// # Errors
///
/// Why it does not compile.
pub(super) fn compiles(text: &str) -> Result<(), regex::Error> {
    // A poisoned lock only means another thread panicked while holding it: the list itself is
    // always whole, so it is used as it is.
    let known = |kept: &Vec<String>| kept.iter().any(|p| p == text);
    if known(
        &VALID
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner),
    ) {
        return Ok(());
    }
    regex::Regex::new(text)?;
    let mut kept = VALID
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !known(&kept) {
        if kept.len() >= KEPT {
            kept.remove(0);
        }
        kept.push(text.to_owned());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::compiles;

    #[test]
    fn a_pattern_is_judged_the_same_the_second_time() {
        for _ in 0..2 {
            assert!(compiles("^[0-9#*]{1,3}$").is_ok());
            assert!(compiles("([0-9]").is_err());
        }
    }

    #[test]
    fn more_patterns_than_are_kept_are_still_judged_right() {
        for n in 0..100 {
            assert!(compiles(&format!("^{n}[0-9]*$")).is_ok());
            assert!(compiles(&format!("^{n}[0-9")).is_err());
        }
        assert!(compiles("^0[0-9]*$").is_ok());
    }
}
