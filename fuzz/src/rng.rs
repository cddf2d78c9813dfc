//! A small, seedable xorshift generator: the stable fuzz replays run the
//! same cases on every run, without a dependency. Included by path from the
//! replay tests of `vigie` and `vigie-read`.

/// Xorshift64 state; never zero.
pub struct Rng(pub u64);

impl Rng {
    /// The next pseudo-random number.
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A number below `n` (0 when `n` is 0).
    #[allow(dead_code)] // not every replay draws bounded numbers
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}
