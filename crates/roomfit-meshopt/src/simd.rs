//! WebAssembly SIMD (`simd128`) versions of the attribute codec's two inner loops, compiled only
//! when the build enables the feature (`-C target-feature=+simd128` in `RUSTFLAGS`: the WebGPU
//! browser builds, see `scripts/build-wasm.sh`). They follow meshoptimizer's `decodeBytesGroupSimd` and
//! `decodeDeltas4Simd` (`src/vertexcodec.cpp`), and give byte-identical output to the scalar
//! code in `vertex.rs` (checked by `tests/meshopt-wasm.test.mjs`, which runs the SIMD and the
//! scalar browser builds on the same streams).

use core::arch::wasm32::*;

use super::vertex::GROUP;

#[inline(always)]
fn load(bytes: &[u8; 16]) -> v128 {
    // SAFETY: `v128` and `[u8; 16]` are both 16 bytes of plain data, valid for any bit pattern.
    unsafe { core::mem::transmute::<[u8; 16], v128>(*bytes) }
}

/// The 16 bytes of `s` from `at` (the caller has checked that they exist).
#[inline(always)]
fn load_at(s: &[u8], at: usize) -> v128 {
    let s = &s[at..at + 16];
    // SAFETY: `s` holds 16 readable bytes; `v128_load` reads unaligned.
    unsafe { v128_load(s.as_ptr().cast()) }
}

#[inline(always)]
fn bytes(v: v128) -> [u8; 16] {
    // SAFETY: as in `load`.
    unsafe { core::mem::transmute::<v128, [u8; 16]>(v) }
}

/// For each 8-bit mask of escaped positions: the `i8x16.swizzle` indices that move the next
/// escape bytes to those positions (0x80, which swizzles to 0, elsewhere), and how many there are.
const fn shuffle_table() -> ([[u8; 8]; 256], [u8; 256]) {
    let mut shuffle = [[0x80u8; 8]; 256];
    let mut count = [0u8; 256];
    let mut mask = 0;
    while mask < 256 {
        let mut n = 0u8;
        let mut bit = 0;
        while bit < 8 {
            if mask & (1 << bit) != 0 {
                shuffle[mask][bit] = n;
                n += 1;
            }
            bit += 1;
        }
        count[mask] = n;
        mask += 1;
    }
    (shuffle, count)
}

static SHUFFLE: ([[u8; 8]; 256], [u8; 256]) = shuffle_table();

/// Replaces the escaped deltas of a group (those equal to `sentinel` in `sel`) by the bytes that
/// follow the packed values, in order, as one swizzle. `rest` holds at least 16 bytes from the
/// first escape byte on. Returns the group and the number of escape bytes used.
#[inline]
pub(super) fn resolve_escapes(
    sel: &[u8; GROUP],
    sentinel: u8,
    rest: &[u8; 16],
) -> ([u8; 16], usize) {
    let (v, n) = escapes_v(load(sel), sentinel, load(rest));
    (bytes(v), n)
}

/// [`resolve_escapes`] on vectors.
#[inline(always)]
fn escapes_v(sel: v128, sentinel: u8, rest: v128) -> (v128, usize) {
    let escaped = i8x16_eq(sel, u8x16_splat(sentinel));
    let mask = i8x16_bitmask(escaped);
    // No branch on `mask == 0` (as in meshoptimizer): whether a group has escapes is data,
    // and a mispredicted branch costs more than the table lookups and the swizzle.
    let (m0, m1) = ((mask & 0xff) as usize, (mask >> 8) as usize);
    let moved = i8x16_swizzle(rest, escape_indices(m0, m1));
    let out = v128_bitselect(moved, sel, escaped);
    (out, escape_count(m0, m1))
}

/// The swizzle indices that move the escape bytes to the escaped positions of a group, whose
/// escapes are the bits of `m0` (deltas 0..8) and `m1` (deltas 8..16), both below 256;
/// elsewhere an index out of range (the swizzle gives 0 there).
#[inline(always)]
fn escape_indices(m0: usize, m1: usize) -> v128 {
    let (shuffle, count) = (&SHUFFLE.0, &SHUFFLE.1);
    // The swizzle indices as vector loads, as meshoptimizer builds them (no round trip through
    // scalar 64-bit registers). Indices of the high half start after the low half's escapes
    // (0x80 becomes at most 0x88, still out of range).
    // SAFETY: `m0` and `m1` are below 256 (callers pass bytes), so both rows are 8 readable
    // bytes of `shuffle`; the loads are unaligned.
    let (lo, hi) = unsafe {
        (
            v128_load64_zero(shuffle[m0].as_ptr().cast()),
            v128_load64_zero(shuffle[m1].as_ptr().cast()),
        )
    };
    let hi = i8x16_add(hi, u8x16_splat(count[m0]));
    i64x2_shuffle::<0, 2>(lo, hi)
}

/// The number of escape bytes of a group whose escapes are the bits of `m0` and `m1`.
#[inline(always)]
fn escape_count(m0: usize, m1: usize) -> usize {
    let count = &SHUFFLE.1;
    count[m0] as usize + count[m1] as usize
}

/// Channel mode 0: per-byte zigzag deltas, added per byte.
pub(super) const BYTES: u8 = 0;
/// Channel mode 1: per-16-bit zigzag deltas, added per 16 bits.
pub(super) const SHORTS: u8 = 1;
/// Channel mode 2: XOR with the previous element after rotating left by `rot` bits.
pub(super) const XOR: u8 = 2;

/// Four elements' deltas (`u32` lanes, byte `j` of each from `deltas[j]`) turned into the
/// values that `scan` accumulates.
#[inline(always)]
fn transform<const C: u8>(d: v128, rot: u32) -> v128 {
    match C {
        BYTES => {
            let sign = i8x16_sub(u8x16_splat(0), v128_and(d, u8x16_splat(1)));
            v128_xor(u8x16_shr(d, 1), sign)
        }
        SHORTS => {
            let sign = i16x8_sub(u16x8_splat(0), v128_and(d, u16x8_splat(1)));
            v128_xor(u16x8_shr(d, 1), sign)
        }
        _ => v128_or(u32x4_shl(d, rot), u32x4_shr(d, (32 - rot) & 31)),
    }
}

/// The channel's accumulation: `a` followed by `b`.
#[inline(always)]
fn combine<const C: u8>(a: v128, b: v128) -> v128 {
    match C {
        BYTES => i8x16_add(a, b),
        SHORTS => i16x8_add(a, b),
        _ => v128_xor(a, b),
    }
}

/// Inclusive prefix over the four `u32` lanes of `v`, continued from `prev` (the previous
/// element, splatted).
#[inline(always)]
fn scan<const C: u8>(v: v128, prev: v128) -> v128 {
    let zero = u8x16_splat(0);
    let by1 = i8x16_shuffle::<16, 17, 18, 19, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11>(v, zero);
    let v = combine::<C>(v, by1);
    let by2 = i8x16_shuffle::<16, 17, 18, 19, 20, 21, 22, 23, 0, 1, 2, 3, 4, 5, 6, 7>(v, zero);
    let v = combine::<C>(v, by2);
    combine::<C>(v, prev)
}

/// The last `u32` lane of `v` in every lane: the previous element for the next quad.
#[inline(always)]
fn last_lane(v: v128) -> v128 {
    i32x4_shuffle::<3, 3, 3, 3>(v, v)
}

/// Writes the four `u32` lanes of `v` at `p`, `p + stride`, `p + 2 * stride`, `p + 3 * stride`.
///
/// # Safety
/// The `3 * stride + 4` bytes from `p` (16 for stride 4) must be writable.
#[inline(always)]
unsafe fn store_quad_ptr(p: *mut u8, stride: usize, v: v128) {
    // SAFETY: the caller's contract; the stores are unaligned.
    unsafe {
        if stride == 4 {
            v128_store(p.cast(), v);
        } else {
            v128_store32_lane::<0>(v, p.cast());
            v128_store32_lane::<1>(v, p.add(stride).cast());
            v128_store32_lane::<2>(v, p.add(2 * stride).cast());
            v128_store32_lane::<3>(v, p.add(3 * stride).cast());
        }
    }
}

/// The values of 16 elements from `start` of one 4-byte channel (the deltas of byte `j` in
/// `deltas[j]`), continued from `prev` (the previous element, splatted): four vectors of four
/// elements each (`u32` lanes).
#[inline(always)]
fn values16<const C: u8>(deltas: &[[u8; 256]; 4], start: usize, prev: v128, rot: u32) -> [v128; 4] {
    // `start` is a multiple of 16 below 256.
    let lane = |j: usize| load_at(&deltas[j], start);
    let (l0, l1, l2, l3) = (lane(0), lane(1), lane(2), lane(3));
    // Transpose 4 lanes × 16 elements into 16 elements × 4 bytes.
    let a = i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(l0, l1);
    let b = i8x16_shuffle::<8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31>(l0, l1);
    let c = i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(l2, l3);
    let d = i8x16_shuffle::<8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31>(l2, l3);
    let q0 = i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(a, c);
    let q1 = i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(a, c);
    let q2 = i16x8_shuffle::<0, 8, 1, 9, 2, 10, 3, 11>(b, d);
    let q3 = i16x8_shuffle::<4, 12, 5, 13, 6, 14, 7, 15>(b, d);
    let v0 = scan::<C>(transform::<C>(q0, rot), prev);
    let v1 = scan::<C>(transform::<C>(q1, rot), last_lane(v0));
    let v2 = scan::<C>(transform::<C>(q2, rot), last_lane(v1));
    let v3 = scan::<C>(transform::<C>(q3, rot), last_lane(v2));
    [v0, v1, v2, v3]
}

/// The `u32` of `bytes` at `4 * i`, splatted: element `i`'s value as the previous element.
#[inline(always)]
fn splat_at(bytes: &[u8], i: usize) -> v128 {
    let mut w = [0u8; 4];
    w.copy_from_slice(&bytes[4 * i..4 * i + 4]);
    u32x4_splat(u32::from_le_bytes(w))
}

/// Turns the deltas of bytes `k..k + 4` of `n` elements into values, 16 elements at a time,
/// starting from `last` (left holding the block's last element), for channel mode `C`
/// ([`BYTES`], [`SHORTS`] or [`XOR`] with rotation `rot`; one copy per mode, so that the hot
/// loop does not branch on it). Same contract as the scalar `undo_deltas` in `vertex.rs`.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(super) fn undo_deltas<const C: u8>(
    deltas: &[[u8; 256]; 4],
    n: usize,
    elements: &mut [u8],
    stride: usize,
    k: usize,
    last: &mut [u8],
    rot: u32,
) {
    let mut prev = splat_at(last, 0);
    let mut start = 0;
    while start < n {
        let v = values16::<C>(deltas, start, prev, rot);
        let count = (n - start).min(16);
        let base = start * stride + k;
        let end = base.saturating_add(15 * stride + 4);
        match elements.get_mut(base..end) {
            Some(out) if count == 16 => {
                // The common case, 16 whole elements: one bounds check, then straight-line code.
                let p = out.as_mut_ptr();
                // SAFETY: `out` holds `15 * stride + 4` bytes and quad `q` writes 4 bytes at
                // each of `(4 * q + e) * stride` for `e` in 0..4, the last at `15 * stride`.
                unsafe {
                    store_quad_ptr(p, stride, v[0]);
                    store_quad_ptr(p.add(4 * stride), stride, v[1]);
                    store_quad_ptr(p.add(8 * stride), stride, v[2]);
                    store_quad_ptr(p.add(12 * stride), stride, v[3]);
                }
                prev = last_lane(v[3]);
            }
            _ => {
                // A block's last elements: element `e` is bytes `4 * e..` of `all`.
                let mut all = [0u8; 64];
                for (chunk, v) in all.chunks_exact_mut(16).zip(v) {
                    chunk.copy_from_slice(&bytes(v));
                }
                for e in 0..count {
                    let at = base + e * stride;
                    elements[at..at + 4].copy_from_slice(&all[4 * e..4 * e + 4]);
                }
                prev = splat_at(&all, count - 1);
            }
        }
        start += 16;
    }
    last[..4].copy_from_slice(&bytes(prev)[..4]);
}

/// [`undo_deltas`] for two neighbouring channels of the same mode at once (bytes `k..k + 8`,
/// the deltas of the first in `deltas[0]`, of the second in `deltas[1]`; `last` holds their
/// 8 bytes): each element's 8 bytes are stored together, as one 16-byte store per two
/// elements when the stride is 8 (quantized positions, 16-bit normals and UVs, float UVs),
/// instead of two 4-byte stores per element.
#[inline]
#[allow(clippy::too_many_arguments)]
pub(super) fn undo_deltas_pair<const C: u8>(
    deltas: &[[[u8; 256]; 4]; 2],
    n: usize,
    elements: &mut [u8],
    stride: usize,
    k: usize,
    last: &mut [u8],
    rots: [u32; 2],
) {
    let (mut pa, mut pb) = (splat_at(last, 0), splat_at(last, 1));
    let mut start = 0;
    while start < n {
        let a = values16::<C>(&deltas[0], start, pa, rots[0]);
        let b = values16::<C>(&deltas[1], start, pb, rots[1]);
        // Elements 4q and 4q + 1, then 4q + 2 and 4q + 3, as 8-byte pairs.
        let pairs = |q: usize| {
            (
                i32x4_shuffle::<0, 4, 1, 5>(a[q], b[q]),
                i32x4_shuffle::<2, 6, 3, 7>(a[q], b[q]),
            )
        };
        let count = (n - start).min(16);
        let base = start * stride + k;
        let end = base.saturating_add(15 * stride + 8);
        match elements.get_mut(base..end) {
            Some(out) if count == 16 => {
                let p = out.as_mut_ptr();
                // SAFETY: `out` holds `15 * stride + 8` bytes and element `e` (0..16) is written
                // at `e * stride`, 8 bytes (a 16-byte store covers elements `e` and `e + 1`
                // when the stride is 8); the stores are unaligned.
                unsafe {
                    for q in 0..4 {
                        let (lo, hi) = pairs(q);
                        let at = p.add(4 * q * stride);
                        if stride == 8 {
                            v128_store(at.cast(), lo);
                            v128_store(at.add(16).cast(), hi);
                        } else {
                            v128_store64_lane::<0>(lo, at.cast());
                            v128_store64_lane::<1>(lo, at.add(stride).cast());
                            v128_store64_lane::<0>(hi, at.add(2 * stride).cast());
                            v128_store64_lane::<1>(hi, at.add(3 * stride).cast());
                        }
                    }
                }
                (pa, pb) = (last_lane(a[3]), last_lane(b[3]));
            }
            _ => {
                // A block's last elements: element `e` is bytes `8 * e..` of `all`.
                let mut all = [0u8; 128];
                for (q, chunk) in all.chunks_exact_mut(32).enumerate() {
                    let (lo, hi) = pairs(q);
                    chunk[..16].copy_from_slice(&bytes(lo));
                    chunk[16..].copy_from_slice(&bytes(hi));
                }
                for e in 0..count {
                    let at = base + e * stride;
                    elements[at..at + 8].copy_from_slice(&all[8 * e..8 * e + 8]);
                }
                (pa, pb) = (splat_at(&all, 2 * count - 2), splat_at(&all, 2 * count - 1));
            }
        }
        start += 16;
    }
    last[..4].copy_from_slice(&bytes(pa)[..4]);
    last[4..8].copy_from_slice(&bytes(pb)[..4]);
}

/// `v` (with `|v| < 2^22`) rounded to the nearest integer, ties to even, in the low bits of each
/// lane (meshoptimizer's "fsnap": adding 1.5 * 2^23 leaves the rounded integer in the mantissa);
/// the bits above 16 are not the integer's. NaN (0 × ∞, from an all-zero element) gives 0 in
/// the low 16 bits on the engines tested (`tests/meshopt-wasm.test.mjs`). The scalar
/// `round_even` keeps the same low bits.
#[inline(always)]
fn round_low_bits(v: v128) -> v128 {
    f32x4_add(v, f32x4_splat((3 << 22) as f32))
}

/// The octahedral filter on four elements whose components are in `x`, `y`, `z` (sign-extended
/// `i32` lanes): the rescaled x, y and z, rounded in their low 16 bits ([`round_low_bits`]),
/// with the scalar code's arithmetic in `f32`.
#[inline(always)]
fn octahedral4(x: v128, y: v128, z: v128, max: f32) -> (v128, v128, v128) {
    let sign = f32x4_splat(-0.0);
    let (x, y) = (f32x4_convert_i32x4(x), f32x4_convert_i32x4(y));
    let z = f32x4_sub(
        f32x4_sub(f32x4_convert_i32x4(z), f32x4_abs(x)),
        f32x4_abs(y),
    );
    // min(z, 0) on the bits: negative floats are negative integers (-0.0 gives -0.0, which adds
    // as 0.0 does below).
    let t = i32x4_min(z, i32x4_splat(0));
    // x + t for x >= 0, x - t otherwise (x is an integer, never -0.0).
    let x = f32x4_add(x, v128_xor(t, v128_and(x, sign)));
    let y = f32x4_add(y, v128_xor(t, v128_and(y, sign)));
    let len = f32x4_sqrt(f32x4_add(
        f32x4_add(f32x4_mul(x, x), f32x4_mul(y, y)),
        f32x4_mul(z, z),
    ));
    let s = f32x4_div(f32x4_splat(max), len);
    (
        round_low_bits(f32x4_mul(x, s)),
        round_low_bits(f32x4_mul(y, s)),
        round_low_bits(f32x4_mul(z, s)),
    )
}

/// The octahedral filter on 8-bit components (stride 4), four elements at a time. Returns how
/// many bytes it did (a multiple of 16); the scalar code does the rest.
pub(super) fn octahedral_8(data: &mut [u8]) -> usize {
    let whole = data.len() / 16 * 16;
    let p = data.as_mut_ptr();
    let byte = u32x4_splat(0xff);
    let mut at = 0;
    while at < whole {
        // SAFETY: `at + 16 <= whole <= data.len()`; loads and stores are unaligned.
        let v = unsafe { v128_load(p.add(at).cast()) };
        let x = i32x4_shr(i32x4_shl(v, 24), 24);
        let y = i32x4_shr(i32x4_shl(v, 16), 24);
        let z = i32x4_shr(i32x4_shl(v, 8), 24);
        let (x, y, z) = octahedral4(x, y, z, 127.0);
        let out = v128_or(
            v128_or(v128_and(x, byte), i32x4_shl(v128_and(y, byte), 8)),
            v128_or(
                i32x4_shl(v128_and(z, byte), 16),
                v128_and(v, u32x4_splat(0xff00_0000)),
            ),
        );
        // SAFETY: as the load.
        unsafe { v128_store(p.add(at).cast(), out) };
        at += 16;
    }
    whole
}

/// The octahedral filter on 16-bit components (stride 8), four elements at a time. Returns how
/// many bytes it did (a multiple of 32); the scalar code does the rest.
pub(super) fn octahedral_16(data: &mut [u8]) -> usize {
    let whole = data.len() / 32 * 32;
    let p = data.as_mut_ptr();
    let low = u32x4_splat(0xffff);
    let mut at = 0;
    while at < whole {
        // SAFETY: `at + 32 <= whole <= data.len()`; loads and stores are unaligned.
        let (v0, v1) = unsafe {
            (
                v128_load(p.add(at).cast()),
                v128_load(p.add(at + 16).cast()),
            )
        };
        let xy = i32x4_shuffle::<0, 2, 4, 6>(v0, v1);
        let zw = i32x4_shuffle::<1, 3, 5, 7>(v0, v1);
        let x = i32x4_shr(i32x4_shl(xy, 16), 16);
        let y = i32x4_shr(xy, 16);
        let z = i32x4_shr(i32x4_shl(zw, 16), 16);
        let (x, y, z) = octahedral4(x, y, z, 32767.0);
        let xy = v128_or(v128_and(x, low), i32x4_shl(y, 16));
        let zw = v128_or(v128_and(z, low), v128_and(zw, u32x4_splat(0xffff_0000)));
        // SAFETY: as the loads.
        unsafe {
            v128_store(p.add(at).cast(), i32x4_shuffle::<0, 4, 1, 5>(xy, zw));
            v128_store(p.add(at + 16).cast(), i32x4_shuffle::<2, 6, 3, 7>(xy, zw));
        }
        at += 32;
    }
    whole
}

/// The exponential filter, four values at a time. Returns how many bytes it did (a multiple of
/// 16); the scalar code does the rest.
pub(super) fn exponential(data: &mut [u8]) -> usize {
    let mut done = 0;
    for chunk in data.chunks_exact_mut(16) {
        let mut a = [0u8; 16];
        a.copy_from_slice(chunk);
        let v = load(&a);
        let e = i32x4_shr(v, 24);
        let m = i32x4_shr(i32x4_shl(v, 8), 8);
        let scale = i32x4_shl(i32x4_add(e, i32x4_splat(127)), 23);
        let out = f32x4_mul(scale, f32x4_convert_i32x4(m));
        chunk.copy_from_slice(&bytes(out));
        done += 16;
    }
    done
}

/// Interleaves the low halves of the bytes of `a` and `b`: `a0 b0 a1 b1 … a7 b7`.
#[inline(always)]
fn unpack_low(a: v128, b: v128) -> v128 {
    i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(a, b)
}

/// The most bytes one group of 16 deltas reads (and consumes): 8 bytes of 4-bit values and 16
/// escaped bytes.
pub(super) const GROUP_LIMIT: usize = 24;

/// Decodes one group of 16 deltas of `bits` bits (0, 1, 2, 4 or 8) from the start of `window`:
/// the packed values, then the escaped ones (all-ones values) as whole bytes. Returns the group
/// and the number of bytes it used (at most [`GROUP_LIMIT`]), or `None` if `window` is shorter
/// than [`GROUP_LIMIT`] bytes.
#[inline]
pub(super) fn decode_group(window: &[u8], bits: u8) -> Option<(v128, usize)> {
    let window = window.get(..GROUP_LIMIT)?;
    // SAFETY: `window` holds the `GROUP_LIMIT` bytes `decode_group_at` may read.
    Some(unsafe { decode_group_at(window.as_ptr(), bits) })
}

/// [`decode_group`] from a pointer.
///
/// # Safety
/// The [`GROUP_LIMIT`] bytes from `p` must be readable.
#[inline(always)]
unsafe fn decode_group_at(p: *const u8, bits: u8) -> (v128, usize) {
    // SAFETY: bytes 0..16 are within the caller's `GROUP_LIMIT`; the load is unaligned.
    let packed = unsafe { v128_load(p.cast()) };
    let (sel, packed_len, sentinel) = match bits {
        0 => return (u8x16_splat(0), 0),
        8 => return (packed, 16),
        1 => {
            // 1-bit deltas: 1 is the sentinel, so the two packed bytes are the escape masks
            // themselves (bit `i` for delta `i`) and the deltas that are not escaped are 0
            // (meshoptimizer's shortcut): one swizzle of the escape bytes.
            // SAFETY: 2 + 16 bytes, within the caller's `GROUP_LIMIT`.
            let (m0, m1, rest) =
                unsafe { (*p as usize, *p.add(1) as usize, v128_load(p.add(2).cast())) };
            return (
                i8x16_swizzle(rest, escape_indices(m0, m1)),
                2 + escape_count(m0, m1),
            );
        }
        2 => {
            // 4 values per byte from the most significant bits (meshoptimizer's shifts).
            let pairs = unpack_low(u16x8_shr(packed, 4), packed);
            let quads = unpack_low(u16x8_shr(pairs, 2), pairs);
            (v128_and(quads, u8x16_splat(3)), 4, 3)
        }
        _ => {
            let pairs = unpack_low(u16x8_shr(packed, 4), packed);
            (v128_and(pairs, u8x16_splat(15)), 8, 15)
        }
    };
    // SAFETY: `packed_len` is at most 8, so these 16 bytes end within `GROUP_LIMIT`.
    let rest = unsafe { v128_load(p.add(packed_len).cast()) };
    let (group, escapes) = escapes_v(sel, sentinel, rest);
    (group, packed_len + escapes)
}

/// [`decode_group_at`] for the group whose 2-bit mode is the low bits of `mode`: one dispatch on
/// the mode, each arm with its bit count (a constant where the caller's `bits` is).
///
/// # Safety
/// As [`decode_group_at`].
#[inline(always)]
unsafe fn decode_group_mode(p: *const u8, mode: u8, bits: &[u8; 4]) -> (v128, usize) {
    // SAFETY: the caller's contract.
    unsafe {
        match mode & 3 {
            0 => decode_group_at(p, bits[0]),
            1 => decode_group_at(p, bits[1]),
            2 => decode_group_at(p, bits[2]),
            _ => decode_group_at(p, bits[3]),
        }
    }
}

/// Decodes the four groups of one header byte (`header`, 2 bits per group from the least
/// significant; `bits` maps each 2-bit mode to bits per delta) from the start of `window` into
/// `out`, behind the one bounds check of `window`'s type. Returns the bytes used (at most
/// `4 * GROUP_LIMIT`).
#[inline(always)]
pub(super) fn decode_4_groups(
    window: &[u8; 4 * GROUP_LIMIT],
    header: u8,
    bits: &[u8; 4],
    out: &mut [u8; 4 * GROUP],
) -> usize {
    if header == 0 && bits[0] == 0 {
        // Four groups of zero deltas (common: the high bytes of quantized positions, normals
        // and UVs), without dispatching on each group's bit count.
        out.fill(0);
        return 0;
    }
    let p = window.as_ptr();
    let q = out.as_mut_ptr();
    // Unrolled: each group starts where the previous one ended.
    // SAFETY: group `g` starts at most `g * GROUP_LIMIT` bytes in (each group uses at most
    // `GROUP_LIMIT` bytes) and reads at most `GROUP_LIMIT` bytes, so within `window`'s
    // `4 * GROUP_LIMIT`; the stores write `out[16 * g..16 * g + 16]`, within its 64 bytes.
    unsafe {
        let (g0, u0) = decode_group_mode(p, header, bits);
        let (g1, u1) = decode_group_mode(p.add(u0), header >> 2, bits);
        let at = u0 + u1;
        let (g2, u2) = decode_group_mode(p.add(at), header >> 4, bits);
        let at = at + u2;
        let (g3, u3) = decode_group_mode(p.add(at), header >> 6, bits);
        v128_store(q.cast(), g0);
        v128_store(q.add(GROUP).cast(), g1);
        v128_store(q.add(2 * GROUP).cast(), g2);
        v128_store(q.add(3 * GROUP).cast(), g3);
        at + u3
    }
}

/// Writes a decoded group into `chunk` (16 bytes, or fewer for a block's last group).
#[inline(always)]
pub(super) fn store_group(chunk: &mut [u8], group: v128) {
    if chunk.len() == 16 {
        // SAFETY: `chunk` holds 16 writable bytes; `v128_store` writes unaligned.
        unsafe { v128_store(chunk.as_mut_ptr().cast(), group) }
    } else {
        let n = chunk.len().min(16);
        chunk[..n].copy_from_slice(&bytes(group)[..n]);
    }
}
