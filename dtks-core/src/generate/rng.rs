//! A small seeded pseudo-random generator: SplitMix64.
//!
//! SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
//! generators", OOPSLA 2014; the 64-bit finaliser constants are those of
//! Vigna's public-domain reference, <https://prng.di.unimi.it/splitmix64.c>)
//! passes BigCrush, has a 64-bit state and costs a handful of integer
//! operations per draw. Synthetic data needs reproducibility, not
//! cryptographic strength, so no crate is added.
//!
//! Only integer arithmetic is used (no `ln`, `exp`, …, whose last bits may
//! differ between platforms' maths libraries), so a seed gives the same
//! stream on every machine.

/// The golden-ratio increment of SplitMix64.
const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// The SplitMix64 finaliser: a bijective 64-bit mix.
pub(crate) const fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A SplitMix64 stream.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    /// A stream from a seed.
    #[cfg(test)]
    pub(crate) const fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for item `index` of a run seeded with `seed`:
    /// every household draws from its own stream, so what one household
    /// draws never shifts the next one.
    pub(crate) const fn for_item(seed: u64, index: u64) -> Rng {
        Rng(mix(seed ^ mix(index.wrapping_add(GAMMA))))
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GAMMA);
        mix(self.0)
    }

    /// Uniform in `0..n` (`0` when `n` is 0), by Lemire's multiply-shift
    /// (a bias below 2⁻³² for the small `n` used here).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi` (`lo` when `hi < lo`).
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = hi.abs_diff(lo).saturating_add(1);
        lo.wrapping_add(self.below(span) as i64)
    }

    /// `true` with probability `p` (exact: a 53-bit draw compared with `p`).
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        let x = (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
        x < p
    }

    /// `true` with probability `per_mille / 1000`.
    pub(crate) fn per_mille(&mut self, per_mille: u64) -> bool {
        self.below(1000) < per_mille
    }

    /// An index drawn with the given integer weights (0 for an empty or
    /// all-zero list).
    pub(crate) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u64 = weights.iter().map(|w| u64::from(*w)).sum();
        let mut x = self.below(total);
        for (i, w) in weights.iter().enumerate() {
            let w = u64::from(*w);
            if x < w {
                return i;
            }
            x -= w;
        }
        0
    }

    /// An element of a slice, drawn uniformly.
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len() as u64) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix64_reference_values() {
        // First outputs of splitmix64.c seeded with 1234567 (Vigna's reference).
        let mut r = Rng::new(1_234_567);
        assert_eq!(r.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(r.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn bounded_draws_stay_in_bounds() {
        let mut r = Rng::new(7);
        for _ in 0..10_000 {
            assert!(r.below(10) < 10);
            let x = r.between(-3, 4);
            assert!((-3..=4).contains(&x));
            assert!(r.weighted(&[0, 5, 0, 1]) % 2 == 1);
        }
        assert_eq!(r.below(0), 0);
        assert_eq!(r.between(5, 5), 5);
        assert!(!r.chance(0.0));
        assert!(r.chance(1.0));
    }

    #[test]
    fn items_get_independent_streams() {
        let a = Rng::for_item(1, 0).next_u64();
        let b = Rng::for_item(1, 1).next_u64();
        let c = Rng::for_item(2, 0).next_u64();
        assert!(a != b && a != c && b != c);
        assert_eq!(a, Rng::for_item(1, 0).next_u64());
    }
}
