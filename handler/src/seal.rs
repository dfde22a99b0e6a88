//! Call state bound to its call: the answer path seals every attribute map the handler sends with
//! an HMAC over the map and the call's `TransactionId`, and opens the map of each event before the
//! flow reads it.
//!
//! Pipeline position: between decoding and `step` (open), and between `step` and encoding (seal).
//! The service echoes `TransactionAttributes`, but a replay, a bug or anyone with API access can move
//! a map from one call to another; a map whose seal does not verify for this call is dropped, and the
//! call goes on as a fresh one, with none of the privileges the state would have given (the owner's
//! dial-out prompt, a recording in progress). The key is read once at start-up; a previous key is
//! still accepted so that a rotation does not end live calls.

use hmac::{Hmac, KeyInit, Mac};
use interpreter::wire::TransactionAttributes;
use sha2::Sha256;
use std::fmt;

/// The attribute that carries the seal.
pub const KEY_SEAL: &str = "seal";

/// The environment variable holding the key, and the one holding the key before a rotation.
pub const ENV_KEY: &str = "STATE_KEY";
pub const ENV_PREVIOUS_KEY: &str = "STATE_KEY_PREVIOUS";

/// The shortest key accepted, in bytes: an HMAC-SHA256 key shorter than the hash weakens it.
pub const MIN_KEY_BYTES: usize = 32;

/// The key a developer's machine uses when `STATE_KEY` is unset. It is public, so a state sealed
/// with it proves nothing; start-up warns about it, and Lambda refuses to start without a real key.
const DEVELOPMENT_KEY: &[u8] = b"development key: public, never use it in a deployment";

type HmacSha256 = Hmac<Sha256>;

/// A key, kept out of `Debug` output: the MAC already keyed with it, so that each seal and each
/// check starts from a copy instead of hashing the key again.
#[derive(Clone)]
struct Key(Option<HmacSha256>);

impl Key {
    fn new(bytes: &[u8]) -> Self {
        // HMAC takes a key of any length, so this is always `Some`.
        Self(HmacSha256::new_from_slice(bytes).ok())
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(..)")
    }
}

/// The keys the handler seals and opens call state with.
#[derive(Debug, Clone)]
pub struct Sealer {
    current: Key,
    previous: Option<Key>,
    development: bool,
}

/// Why the keys could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error(
        "{var} has {bytes} bytes; it must hold at least {MIN_KEY_BYTES} (e.g. `openssl rand -hex 32`)"
    )]
    TooShort { var: &'static str, bytes: usize },
    #[error(
        "{ENV_KEY} is not set; in Lambda the call state must be sealed with the deployment's own key"
    )]
    Missing,
}

/// What the seal of an event's attributes says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// No attributes: a call new to the handler.
    Empty,
    /// Sealed for this call by the current key, or by the previous one.
    Verified,
    /// Attributes that were not sealed for this call: dropped, with the reason for the log.
    Dropped(&'static str),
}

impl Sealer {
    /// The keys from the environment; without `STATE_KEY`, the development key when `development`
    /// is allowed (local runs), else an error.
    pub fn from_lookup(
        lookup: &impl Fn(&str) -> Option<String>,
        development: bool,
    ) -> Result<Self, KeyError> {
        let read = |var: &'static str| -> Result<Option<Key>, KeyError> {
            match lookup(var).map(|v| v.trim().to_owned()) {
                None => Ok(None),
                Some(v) if v.is_empty() => Ok(None),
                Some(v) if v.len() < MIN_KEY_BYTES => Err(KeyError::TooShort {
                    var,
                    bytes: v.len(),
                }),
                Some(v) => Ok(Some(Key::new(v.as_bytes()))),
            }
        };
        let previous = read(ENV_PREVIOUS_KEY)?;
        match read(ENV_KEY)? {
            Some(current) => Ok(Self {
                current,
                previous,
                development: false,
            }),
            None if development => Ok(Self::development()),
            None => Err(KeyError::Missing),
        }
    }

    /// The public development key (local runs and tests).
    pub fn development() -> Self {
        Self {
            current: Key::new(DEVELOPMENT_KEY),
            previous: None,
            development: true,
        }
    }

    /// A sealer with the given key (tests, and tools that hold a key of their own).
    pub fn with_keys(current: &[u8], previous: Option<&[u8]>) -> Self {
        Self {
            current: Key::new(current),
            previous: previous.map(Key::new),
            development: false,
        }
    }

    /// Whether this is the public development key.
    pub fn is_development(&self) -> bool {
        self.development
    }

    /// Adds the seal of `attributes` for the call `transaction_id` (replacing any seal present).
    pub fn seal(&self, transaction_id: &str, attributes: &mut TransactionAttributes) {
        attributes.remove(KEY_SEAL);
        let tag = tag(&self.current, transaction_id, attributes);
        attributes.insert(KEY_SEAL.to_owned(), tag);
    }

    /// Checks the seal of `attributes` for the call `transaction_id`. Verified attributes lose
    /// their seal (the flow never sees it); anything else is emptied, so the flow starts afresh.
    pub fn open(&self, transaction_id: &str, attributes: &mut TransactionAttributes) -> Opened {
        if attributes.is_empty() {
            return Opened::Empty;
        }
        let Some(seal) = attributes.remove(KEY_SEAL) else {
            attributes.clear();
            return Opened::Dropped("call state without a seal");
        };
        let keys = std::iter::once(&self.current).chain(self.previous.as_ref());
        for key in keys {
            if verify(key, transaction_id, attributes, &seal) {
                return Opened::Verified;
            }
        }
        attributes.clear();
        Opened::Dropped("call state sealed for another call or with another key")
    }
}

/// The MAC's input: the transaction id, then every pair, each part preceded by its length, so that
/// no two different maps (or ids) give the same bytes.
fn mac(key: &Key, transaction_id: &str, attributes: &TransactionAttributes) -> Option<HmacSha256> {
    let mut mac = key.0.clone()?;
    let mut part = |bytes: &[u8]| {
        mac.update(&(bytes.len() as u64).to_be_bytes());
        mac.update(bytes);
    };
    part(transaction_id.as_bytes());
    for (k, v) in attributes {
        if k != KEY_SEAL {
            part(k.as_bytes());
            part(v.as_bytes());
        }
    }
    Some(mac)
}

fn tag(key: &Key, transaction_id: &str, attributes: &TransactionAttributes) -> String {
    mac(key, transaction_id, attributes)
        .map(|m| hex(&m.finalize().into_bytes()))
        .unwrap_or_default()
}

/// Constant-time comparison through the MAC's own check.
fn verify(key: &Key, transaction_id: &str, attributes: &TransactionAttributes, seal: &str) -> bool {
    let Some(expected) = unhex(seal) else {
        return false;
    };
    mac(key, transaction_id, attributes).is_some_and(|m| m.verify_slice(&expected).is_ok())
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        for nibble in [b >> 4, b & 0xf] {
            s.push(char::from(
                DIGITS.get(usize::from(nibble)).copied().unwrap_or(b'0'),
            ));
        }
    }
    s
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if text.len() != 64 || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]

    use super::{KEY_SEAL, KeyError, Opened, Sealer};
    use interpreter::wire::TransactionAttributes;

    const K1: &[u8] = b"0123456789abcdef0123456789abcdef-one";
    const K2: &[u8] = b"0123456789abcdef0123456789abcdef-two";

    fn state() -> TransactionAttributes {
        [
            ("flow", "recording@abc"),
            ("state", "dial_out"),
            ("rec", "idle"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }

    #[test]
    fn a_sealed_state_opens_for_its_own_call_only() {
        let sealer = Sealer::with_keys(K1, None);
        let mut attrs = state();
        sealer.seal("txn-1", &mut attrs);
        assert_eq!(attrs[KEY_SEAL].len(), 64);
        let mut same = attrs.clone();
        assert_eq!(sealer.open("txn-1", &mut same), Opened::Verified);
        assert_eq!(same, state());
        let mut moved = attrs.clone();
        assert!(matches!(
            sealer.open("txn-2", &mut moved),
            Opened::Dropped(_)
        ));
        assert!(moved.is_empty());
    }

    #[test]
    fn any_change_to_the_state_breaks_the_seal() {
        let sealer = Sealer::with_keys(K1, None);
        let mut attrs = state();
        sealer.seal("txn-1", &mut attrs);
        for (key, value) in [("state", "talking"), ("rec", "active:A"), ("extra", "x")] {
            let mut forged = attrs.clone();
            forged.insert(key.to_owned(), value.to_owned());
            assert!(matches!(
                sealer.open("txn-1", &mut forged),
                Opened::Dropped(_)
            ));
        }
        let mut unsealed = state();
        assert!(matches!(
            sealer.open("txn-1", &mut unsealed),
            Opened::Dropped(_)
        ));
        let mut garbage = state();
        garbage.insert(KEY_SEAL.to_owned(), "zz".repeat(32));
        assert!(matches!(
            sealer.open("txn-1", &mut garbage),
            Opened::Dropped(_)
        ));
    }

    #[test]
    fn the_previous_key_still_opens_a_rotation_never_the_reverse() {
        let old = Sealer::with_keys(K1, None);
        let rotated = Sealer::with_keys(K2, Some(K1));
        let mut attrs = state();
        old.seal("txn-1", &mut attrs);
        assert_eq!(rotated.open("txn-1", &mut attrs.clone()), Opened::Verified);
        let other = Sealer::with_keys(K2, None);
        assert!(matches!(
            other.open("txn-1", &mut attrs),
            Opened::Dropped(_)
        ));
    }

    #[test]
    fn keys_come_from_the_environment_and_lambda_needs_one() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(
            Sealer::from_lookup(&env(&[]), false).unwrap_err(),
            KeyError::Missing
        );
        assert!(
            Sealer::from_lookup(&env(&[]), true)
                .unwrap()
                .is_development()
        );
        assert!(matches!(
            Sealer::from_lookup(&env(&[("STATE_KEY", "short")]), true),
            Err(KeyError::TooShort { .. })
        ));
        let key = "k".repeat(40);
        let key: &'static str = Box::leak(key.into_boxed_str());
        let vars: &'static [(&'static str, &'static str)] =
            Box::leak(vec![("STATE_KEY", key)].into_boxed_slice());
        let sealer = Sealer::from_lookup(&env(vars), false).unwrap();
        assert!(!sealer.is_development());
        assert!(!format!("{sealer:?}").contains(key));
    }
}
