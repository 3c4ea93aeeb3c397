//! Deterministic scalar helpers.
//!
//! `f64::sin`, `powf` and friends come from the platform's maths library and may differ in the
//! last bit between machines; the sample files must not. These use only `+ - * /` and `sqrt`,
//! which IEEE 754 rounds the same way everywhere.

use std::f64::consts::FRAC_PI_2;

/// `(sin x, cos x)` by range reduction and a Taylor series (error below 1e-15 for |x| < 100).
pub(crate) fn sin_cos(x: f64) -> (f64, f64) {
    let k = (x / FRAC_PI_2).round();
    let r = x - k * FRAC_PI_2;
    let r2 = r * r;
    let (mut sin, mut sin_term) = (r, r);
    let (mut cos, mut cos_term) = (1.0, 1.0);
    for n in 1..=10 {
        let n = f64::from(n);
        sin_term *= -r2 / ((2.0 * n) * (2.0 * n + 1.0));
        sin += sin_term;
        cos_term *= -r2 / ((2.0 * n - 1.0) * (2.0 * n));
        cos += cos_term;
    }
    // `+ 0.0` turns a negative zero into a positive one.
    let (s, c) = match (k as i64).rem_euclid(4) {
        0 => (sin, cos),
        1 => (cos, -sin),
        2 => (-sin, -cos),
        _ => (-cos, sin),
    };
    (s + 0.0, c + 0.0)
}

/// The `n`-th root of `x` (`x >= 0`) by bisection: slow but bit-for-bit reproducible.
fn root(x: f64, n: u32) -> f64 {
    let (mut lo, mut hi) = (0.0_f64, x.max(1.0));
    for _ in 0..80 {
        let mid = 0.5 * (lo + hi);
        let mut p = 1.0;
        for _ in 0..n {
            p *= mid;
        }
        if p > x {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

/// Converts one sRGB-encoded channel in `0..=1` to linear light.
pub(crate) fn srgb_to_linear(c: f64) -> f64 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        // ((c + 0.055) / 1.055) ^ 2.4 = y^2 * (y^2)^(1/5)
        let y = (c + 0.055) / 1.055;
        let y2 = y * y;
        y2 * root(y2, 5)
    }
}

/// Parses `#rrggbb` into sRGB-encoded channels in `0..=1`.
pub(crate) fn parse_hex(hex: &str) -> Option<[f64; 3]> {
    let digits = hex.strip_prefix('#')?;
    if digits.len() != 6 {
        return None;
    }
    let mut out = [0.0; 3];
    for (i, channel) in out.iter_mut().enumerate() {
        let byte = u8::from_str_radix(digits.get(i * 2..i * 2 + 2)?, 16).ok()?;
        *channel = f64::from(byte) / 255.0;
    }
    Some(out)
}

/// A 32-bit integer hash (the "lowbias32" finaliser) used by the noise and the PRNG.
pub(crate) fn hash32(mut x: u32) -> u32 {
    x ^= x >> 16;
    x = x.wrapping_mul(0x7feb_352d);
    x ^= x >> 15;
    x = x.wrapping_mul(0x846c_a68b);
    x ^= x >> 16;
    x
}

/// A small seeded pseudo-random generator (xorshift-style on a hashed counter).
pub(crate) struct Rng {
    state: u32,
}

impl Rng {
    /// A generator whose sequence depends only on `seed`.
    pub(crate) fn new(seed: u32) -> Rng {
        Rng {
            state: hash32(seed ^ 0x9e37_79b9),
        }
    }

    /// The next value in `0.0..1.0`.
    pub(crate) fn next_f32(&mut self) -> f32 {
        self.state = self.state.wrapping_add(0x9e37_79b9);
        (hash32(self.state) >> 8) as f32 / 16_777_216.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sin_cos_is_accurate() {
        for i in -400..=400 {
            let x = f64::from(i) * 0.037;
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < 1e-12, "sin {x}");
            assert!((c - x.cos()).abs() < 1e-12, "cos {x}");
        }
    }

    #[test]
    fn srgb_to_linear_is_accurate() {
        for i in 0..=255 {
            let c = f64::from(i) / 255.0;
            let expected = if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            };
            assert!((srgb_to_linear(c) - expected).abs() < 1e-12);
        }
        assert_eq!(parse_hex("#ff0080"), Some([1.0, 0.0, 128.0 / 255.0]));
        assert_eq!(parse_hex("ff0080"), None);
    }
}
