//! The hash tables of the path analyses: keyed by abstract calls and statement addresses that
//! the analyses build themselves, looked up once or more per event walked. A word-at-a-time
//! multiplicative hash costs a fraction of the default keyed one there; the keys are small and
//! the tables live for one check, so resistance to chosen collisions buys nothing.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A map with the fast hash.
pub type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Words>>;
/// A set with the fast hash.
pub type FastSet<K> = HashSet<K, BuildHasherDefault<Words>>;

/// Mixes each word into the state with a rotation and an odd multiplier.
#[derive(Default, Clone, Copy)]
pub struct Words(u64);

const K: u64 = 0x517c_c1b7_2722_0a95;

impl Words {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
    }
}

impl Hasher for Words {
    fn finish(&self) -> u64 {
        // The multiply carries entropy upwards only; tables index by the low bits.
        self.0.rotate_left(26)
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            for (d, s) in w.iter_mut().zip(rest) {
                *d = *s;
            }
            self.add(u64::from_le_bytes(w) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_u16(&mut self, i: u16) {
        self.add(u64::from(i));
    }

    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

#[cfg(test)]
mod tests {
    use super::FastMap;

    #[test]
    fn equal_keys_meet_and_different_ones_do_not() {
        let mut m: FastMap<Vec<u16>, usize> = FastMap::default();
        for i in 0..1_000u16 {
            m.insert(vec![i, i / 7, 3], usize::from(i));
        }
        assert_eq!(m.len(), 1_000);
        assert_eq!(m.get(&vec![700, 100, 3]), Some(&700));
        assert_eq!(m.get(&vec![700, 101, 3]), None);
    }
}
