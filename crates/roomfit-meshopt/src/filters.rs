//! The post-decoding filters of Appendix B, applied in place to decoded attribute data:
//! OCTAHEDRAL, QUATERNION and EXPONENTIAL (`EXT_meshopt_compression`) and COLOR
//! (`KHR_meshopt_compression` only). The arithmetic is meshoptimizer's scalar code
//! (`src/vertexfilter.cpp`) in `f32`; the specification allows one unit in the last place of
//! difference for OCTAHEDRAL, QUATERNION and COLOR, and none for EXPONENTIAL.
//!
//! The callers check the stride (4 or 8, 8, a multiple of 4, 4 or 8) and that the data is a
//! whole number of elements; the functions ignore a partial trailing element.

/// Reads component `i` (of `SIZE` = 1 or 2 bytes) of an element as a signed integer.
#[inline(always)]
fn signed<const SIZE: usize>(e: &[u8], i: usize) -> i32 {
    if SIZE == 1 {
        e[i] as i8 as i32
    } else {
        i16::from_le_bytes([e[2 * i], e[2 * i + 1]]) as i32
    }
}

/// Reads component `i` (of `SIZE` = 1 or 2 bytes) of an element as an unsigned integer.
#[inline(always)]
fn unsigned<const SIZE: usize>(e: &[u8], i: usize) -> i32 {
    if SIZE == 1 {
        e[i] as i32
    } else {
        u16::from_le_bytes([e[2 * i], e[2 * i + 1]]) as i32
    }
}

/// Stores the low 8 or 16 bits of `v` (two's complement wrap, as C's conversion does).
#[inline(always)]
fn store<const SIZE: usize>(e: &mut [u8], i: usize, v: i32) {
    if SIZE == 1 {
        e[i] = v as u8;
    } else {
        e[2 * i..2 * i + 2].copy_from_slice(&(v as u16).to_le_bytes());
    }
}

/// Rounds half away from zero and converts (saturating; NaN gives 0).
#[inline]
fn round_signed(v: f32) -> i32 {
    (v + if v >= 0.0 { 0.5 } else { -0.5 }) as i32
}

/// Rounds to the nearest integer, ties to even, and converts (saturating; NaN gives 0): the
/// octahedral filter's rounding, as meshoptimizer's SIMD code (which MeshoptDecoder runs)
/// rounds.
#[inline]
fn round_even(v: f32) -> i32 {
    v.round_ties_even() as i32
}

/// Octahedral unit vectors: 4 components of 8 bits (stride 4) or 16 bits (stride 8).
pub fn octahedral(data: &mut [u8], stride: usize) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let data = {
        let done = if stride == 4 {
            super::simd::octahedral_8(data)
        } else {
            super::simd::octahedral_16(data)
        };
        &mut data[done..]
    };
    if stride == 4 {
        octahedral_n::<1>(data)
    } else {
        octahedral_n::<2>(data)
    }
}

fn octahedral_n<const SIZE: usize>(data: &mut [u8]) {
    let max = if SIZE == 1 { 127.0f32 } else { 32767.0 };
    for e in data.chunks_exact_mut(4 * SIZE) {
        let mut x = signed::<SIZE>(e, 0) as f32;
        let mut y = signed::<SIZE>(e, 1) as f32;
        let z = signed::<SIZE>(e, 2) as f32 - x.abs() - y.abs();
        let t = if z >= 0.0 { 0.0 } else { z };
        x += if x >= 0.0 { t } else { -t };
        y += if y >= 0.0 { t } else { -t };
        let s = max / (x * x + y * y + z * z).sqrt();
        store::<SIZE>(e, 0, round_even(x * s));
        store::<SIZE>(e, 1, round_even(y * s));
        store::<SIZE>(e, 2, round_even(z * s));
    }
}

/// Quaternions with the largest component dropped: 4 components of 16 bits (stride 8).
pub fn quaternion(data: &mut [u8]) {
    let scale = 32767.0f32 / 2.0f32.sqrt();
    for e in data.chunks_exact_mut(8) {
        let c3 = signed::<2>(e, 3);
        let s = (c3 | 3) as f32;
        let x = signed::<2>(e, 0) as f32;
        let y = signed::<2>(e, 1) as f32;
        let z = signed::<2>(e, 2) as f32;
        let ww = s * s * 2.0 - x * x - y * y - z * z;
        let w = (if ww >= 0.0 { ww } else { 0.0 }).sqrt();
        let ss = scale / s;
        let qc = (c3 & 3) as usize;
        store::<2>(e, (qc + 1) & 3, round_signed(x * ss));
        store::<2>(e, (qc + 2) & 3, round_signed(y * ss));
        store::<2>(e, (qc + 3) & 3, round_signed(z * ss));
        store::<2>(e, qc, (w * ss + 0.5) as i32);
    }
}

/// 32-bit values with an 8-bit exponent and a 24-bit mantissa: `2^e * m` as an IEEE float.
/// Exact for the valid exponents [-100, 100]; outside them the result is what meshoptimizer
/// computes (the specification leaves it unspecified).
pub fn exponential(data: &mut [u8]) {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let data = {
        let done = super::simd::exponential(data);
        &mut data[done..]
    };
    for v in data.chunks_exact_mut(4) {
        let bits = u32::from_le_bytes([v[0], v[1], v[2], v[3]]);
        let e = bits as i32 >> 24;
        let m = ((bits << 8) as i32) >> 8;
        let scale = f32::from_bits(((e + 127) as u32) << 23);
        v.copy_from_slice(&(scale * m as f32).to_bits().to_le_bytes());
    }
}

/// YCoCg colours with a K-bit alpha marker: 4 components of 8 bits (stride 4) or 16 bits
/// (stride 8), to RGBA unsigned normalized.
pub fn color(data: &mut [u8], stride: usize) {
    if stride == 4 {
        color_n::<1>(data)
    } else {
        color_n::<2>(data)
    }
}

fn color_n<const SIZE: usize>(data: &mut [u8]) {
    let max = if SIZE == 1 { 255.0f32 } else { 65535.0 };
    for e in data.chunks_exact_mut(4 * SIZE) {
        let alpha = unsigned::<SIZE>(e, 3);
        let mut smear = alpha;
        smear |= smear >> 1;
        smear |= smear >> 2;
        smear |= smear >> 4;
        smear |= smear >> 8;
        let y = unsigned::<SIZE>(e, 0);
        let co = signed::<SIZE>(e, 1);
        let cg = signed::<SIZE>(e, 2);
        let r = y + co - cg;
        let g = y + cg;
        let b = y - co - cg;
        let a = ((alpha << 1) & smear) | (alpha & 1);
        let ss = max / smear as f32;
        for (i, v) in [r, g, b, a].into_iter().enumerate() {
            store::<SIZE>(e, i, (v as f32 * ss + 0.5) as i32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn i16s(bytes: &[u8]) -> Vec<i16> {
        bytes
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect()
    }

    fn bytes16(v: &[i16]) -> Vec<u8> {
        v.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    #[test]
    fn octahedral_8_bit() {
        // +Z: (0, 0) with one = 127; +X: (127, 0); -Z: the corner (127, 0) with z folded...
        // (64, 63) with one = 127 is on the z = 0 equator: (64, 63, 0) normalized.
        let mut d = [0, 0, 127, 42, 127, 0, 127, 7, 64, 63, 127, 0, 0, 0, 1, 0];
        octahedral(&mut d, 4);
        assert_eq!(&d[0..4], &[0, 0, 127, 42], "+Z, w passes through");
        assert_eq!(&d[4..8], &[127, 0, 0, 7], "+X");
        let (x, y) = (64.0f32, 63.0f32);
        let l = (x * x + y * y).sqrt();
        assert_eq!(d[8] as i8, (x / l * 127.0).round() as i8);
        assert_eq!(d[9] as i8, (y / l * 127.0).round() as i8);
        assert_eq!(d[10] as i8, 0);
        assert_eq!(&d[12..16], &[0, 0, 127, 0], "K = 2: one is 1");
    }

    #[test]
    fn octahedral_folds_the_lower_hemisphere() {
        // 10-bit (one = 511) octahedral (0, 511) folds to z = 0 on +Y; (-300, -300) to z < 0.
        let mut d = bytes16(&[0, 511, 511, -5, -300, -300, 511, 0]);
        octahedral(&mut d, 8);
        let v = i16s(&d);
        assert_eq!(&v[..4], &[0, 32767, 0, -5]);
        let (x, y, z) = (-300.0f32 / 511.0, -300.0f32 / 511.0, 1.0 - 600.0f32 / 511.0);
        let (x, y) = (x - z, y - z); // t = z < 0, x and y negative
        let l = (x * x + y * y + z * z).sqrt();
        for (got, want) in v[4..7].iter().zip([x / l, y / l, z / l]) {
            assert!(
                (*got as f32 - want * 32767.0).abs() <= 1.0,
                "{got} vs {want}"
            );
        }
        let len = v[4..7]
            .iter()
            .map(|&c| (c as f32 / 32767.0).powi(2))
            .sum::<f32>();
        assert!((len - 1.0).abs() < 1e-3);
    }

    #[test]
    fn quaternion_rebuilds_the_dropped_component() {
        // Identity quaternion (0, 0, 0, 1): w is largest (index 3), K = 16: one = 32767 with
        // the low two bits replaced by 3 -> 32767 | 3 = 32767.
        let mut d = bytes16(&[0, 0, 0, 32767]);
        quaternion(&mut d);
        assert_eq!(i16s(&d), [0, 0, 0, 32767]);
        // A 90° turn about Y: (0, 0.7071, 0, 0.7071). Drop y (index 1): stored order
        // (z, w, x) = components at (1+1, 1+2, 1+3) % 4 = (2, 3, 0).
        let c = (std::f32::consts::FRAC_1_SQRT_2 * 2.0f32.sqrt() * 32767.0).round() as i16; // 32767
        let mut d = bytes16(&[0, c, 0, (32767 & !3) | 1]);
        quaternion(&mut d);
        let q = i16s(&d);
        assert_eq!(q[0], 0);
        assert_eq!(q[2], 0);
        assert!((q[1] as i32 - 23170).abs() <= 1, "{q:?}");
        assert!((q[3] as i32 - 23170).abs() <= 1, "{q:?}");
    }

    #[test]
    fn exponential_is_exact() {
        let enc = |e: i32, m: i32| (((e as u32) << 24) | (m as u32 & 0x00ff_ffff)).to_le_bytes();
        let mut d = [
            enc(0, 3),
            enc(-2, -5),
            enc(100, 1),
            enc(-100, -8_388_608),
            enc(10, 0),
        ]
        .concat();
        exponential(&mut d);
        let f: Vec<f32> = d
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        assert_eq!(f, [3.0, -1.25, 2f32.powi(100), -(2f32.powi(-77)), 0.0]);
    }

    #[test]
    fn color_ycocg_to_rgb() {
        // 8-bit, K = 8: alpha marker 0x80 | a7. Grey 100 with a = 0x7f -> a = 0xff.
        let mut d = [100, 0, 0, 0xff, 100, 20, 0xf6, 0x80];
        color(&mut d, 4);
        assert_eq!(&d[..4], &[100, 100, 100, 255]);
        // Y 100, Co 20, Cg -10: r = 130, g = 90, b = 90; alpha 0 -> 0.
        assert_eq!(&d[4..], &[130, 90, 90, 0]);
        // K = 4 in 8 bits: values scale by 255 / 15.
        let mut d = [15, 0, 0, 0b1111];
        color(&mut d, 4);
        assert_eq!(d, [255, 255, 255, 255]);
        let mut d = 1000u16
            .to_le_bytes()
            .into_iter()
            .chain([0, 0, 0, 0])
            .chain(0xffffu16.to_le_bytes())
            .collect::<Vec<_>>();
        color(&mut d, 8);
        assert_eq!(&d[..2], &1000u16.to_le_bytes());
        assert_eq!(&d[6..], &0xffffu16.to_le_bytes());
    }

    #[test]
    fn garbage_never_panics() {
        let mut d: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
        for stride in [4, 8] {
            octahedral(&mut d.clone(), stride);
            color(&mut d.clone(), stride);
        }
        quaternion(&mut d.clone());
        exponential(&mut d);
        let mut zeros = [0u8; 8];
        octahedral(&mut zeros, 8);
        color(&mut zeros, 8);
        quaternion(&mut zeros);
    }
}
