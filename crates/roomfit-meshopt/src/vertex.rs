//! The attribute codec (mode 0, "ATTRIBUTES"): byte-wise deltas between consecutive elements,
//! stored de-interleaved in blocks of up to 256 elements and groups of 16.
//!
//! Version 0 is the bitstream of `EXT_meshopt_compression`; version 1 (control modes and channel
//! modes) is the one `KHR_meshopt_compression` adds. Both follow Appendix A of those
//! specifications and meshoptimizer's `decodeVertexBlock` (`src/vertexcodec.cpp`).

use super::reader::Reader;
use super::{DecodeError, Target};

const HEADER: u8 = 0xa0;
const BLOCK_BYTES: usize = 8192;
const BLOCK_MAX_ELEMENTS: usize = 256;
pub(super) const GROUP: usize = 16;
const TAIL_MIN_V0: usize = 32;
const TAIL_MIN_V1: usize = 24;

/// Bits per delta for each 2-bit group header, version 0.
const BITS_V0: [u8; 4] = [0, 2, 4, 8];
/// Bits per delta for each 2-bit group header, version 1, by control mode (0 or 1).
const BITS_V1: [[u8; 4]; 2] = [[0, 1, 2, 4], [1, 2, 4, 8]];

/// The codec version a vertex stream declares in its header byte, or `None` if the first byte is
/// not a vertex codec header of a version this decoder knows.
pub fn version(data: &[u8]) -> Option<u8> {
    let header = *data.first()?;
    let version = header & 0x0f;
    (header & 0xf0 == HEADER && version <= 1).then_some(version)
}

/// Elements per attribute block for a given stride (part of the format).
fn block_elements(stride: usize) -> usize {
    ((BLOCK_BYTES / stride) & !(GROUP - 1)).min(BLOCK_MAX_ELEMENTS)
}

/// Header bytes (2 bits per group of 16) for a data block of `aligned` elements.
fn group_header_bytes(aligned: usize) -> usize {
    (aligned / GROUP).div_ceil(4)
}

/// The smallest stream that could hold `count` elements of `stride` bytes, so that a stream that
/// is obviously too short is refused before the output is allocated.
fn min_encoded_len(count: usize, stride: usize, version: u8, tail: usize) -> usize {
    let per_block = |n: usize| {
        if version == 0 {
            stride * group_header_bytes(n.next_multiple_of(GROUP))
        } else {
            stride / 4 // every byte can be "all zero" (control mode 2)
        }
    };
    let block = block_elements(stride);
    let full = count / block;
    let rest = count % block;
    let mut n = 1usize.saturating_add(tail);
    n = n.saturating_add(full.saturating_mul(per_block(block)));
    if rest > 0 {
        n = n.saturating_add(per_block(rest));
    }
    n
}

/// Decodes `count` elements of `stride` bytes (a multiple of 4, at most 256) from an attribute
/// stream of version 0 or 1. The stream must be exactly as long as its contents.
#[cfg(test)]
pub fn decode(data: &[u8], count: usize, stride: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_into(data, count, stride, Target::Vec(&mut out))?;
    Ok(out)
}

/// [`decode`] into `out` (`count * stride` bytes, see [`Target`]); returns the output.
pub fn decode_into<'o>(
    data: &[u8],
    count: usize,
    stride: usize,
    out: Target<'o>,
) -> Result<&'o mut [u8], DecodeError> {
    if stride == 0 || stride > 256 || !stride.is_multiple_of(4) {
        return Err(DecodeError::new(format!(
            "an attribute stride must be a multiple of 4 between 4 and 256, not {stride}"
        )));
    }
    let Some(version) = version(data) else {
        return Err(DecodeError::new(match data.first() {
            Some(h) => format!("the attribute stream starts with 0x{h:02x}, not 0xa0 or 0xa1"),
            None => "the attribute stream is empty".to_string(),
        }));
    };
    let tail_len = stride + if version == 0 { 0 } else { stride / 4 };
    let tail_pad = tail_len.max(if version == 0 {
        TAIL_MIN_V0
    } else {
        TAIL_MIN_V1
    });
    let total = count
        .checked_mul(stride)
        .ok_or_else(|| DecodeError::new("count × stride overflows"))?;
    let min = min_encoded_len(count, stride, version, tail_pad);
    if data.len() < min {
        return Err(DecodeError::new(format!(
            "the attribute stream is {} bytes, too short for {count} elements of {stride} bytes (at least {min})",
            data.len()
        )));
    }
    let tail = &data[data.len() - tail_len..];
    let mut last = [0u8; 256];
    last[..stride].copy_from_slice(&tail[..stride]);
    let channels = &tail[stride..];
    for (i, &c) in channels.iter().enumerate() {
        let valid = match c & 0x0f {
            0 | 1 => c >> 4 == 0,
            2 => true,
            _ => false,
        };
        if !valid {
            return Err(DecodeError::new(format!(
                "channel {i} has the invalid channel mode byte 0x{c:02x}"
            )));
        }
    }
    let out = out.prepare(total)?;

    let mut body = Reader::with_padding(&data[1..], data.len() - 1 - tail_pad);
    let block = block_elements(stride);
    // The deltas of one 4-byte channel (row `j`: byte `j` of each element), or of two with SIMD
    // (zeroed per call: the scalar builds need only the one).
    const ROW_SETS: usize = if super::SIMD { 2 } else { 1 };
    let mut rows = [[[0u8; BLOCK_MAX_ELEMENTS]; 4]; ROW_SETS];
    let mut start = 0;
    while start < count {
        let n = block.min(count - start);
        let control = if version == 0 {
            &[][..]
        } else {
            body.take(stride / 4)?
        };
        let ctrl = |k: usize| control.get(k / 4).copied().unwrap_or(0);
        let elements = &mut out[start * stride..(start + n) * stride];
        let mut k = 0;
        while k < stride {
            let channel = channels.get(k / 4).copied().unwrap_or(0);
            #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
            {
                use super::simd::{BYTES, SHORTS, XOR, undo_deltas, undo_deltas_pair};
                let next = channels.get(k / 4 + 1).copied().unwrap_or(0);
                if k + 8 <= stride && channel & 0x0f == next & 0x0f {
                    // Two channels of the same mode: their elements' 8 bytes are stored together.
                    let [first, second] = &mut rows;
                    decode_rows(&mut body, version, ctrl(k), first, n)?;
                    decode_rows(&mut body, version, ctrl(k + 4), second, n)?;
                    let last = &mut last[k..k + 8];
                    match channel & 0x0f {
                        0 => undo_deltas_pair::<BYTES>(&rows, n, elements, stride, k, last, [0; 2]),
                        1 => {
                            undo_deltas_pair::<SHORTS>(&rows, n, elements, stride, k, last, [0; 2])
                        }
                        _ => {
                            let rots = [xor_rotation(channel), xor_rotation(next)];
                            undo_deltas_pair::<XOR>(&rows, n, elements, stride, k, last, rots)
                        }
                    }
                    k += 8;
                    continue;
                }
                decode_rows(&mut body, version, ctrl(k), &mut rows[0], n)?;
                let last = &mut last[k..k + 4];
                match channel & 0x0f {
                    0 => undo_deltas::<BYTES>(&rows[0], n, elements, stride, k, last, 0),
                    1 => undo_deltas::<SHORTS>(&rows[0], n, elements, stride, k, last, 0),
                    _ => {
                        let rot = xor_rotation(channel);
                        undo_deltas::<XOR>(&rows[0], n, elements, stride, k, last, rot)
                    }
                }
            }
            #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
            {
                decode_rows(&mut body, version, ctrl(k), &mut rows[0], n)?;
                undo_deltas(
                    &rows[0],
                    n,
                    elements,
                    stride,
                    k,
                    &mut last[k..k + 4],
                    channel,
                );
            }
            k += 4;
        }
        start += n;
    }
    body.finish("attribute blocks")?;
    Ok(out)
}

/// The left rotation of channel mode 2 ("XOR") with mode byte `channel`.
#[inline]
fn xor_rotation(channel: u8) -> u32 {
    (32 - (channel >> 4) as u32) & 31
}

/// Reads the deltas of the four bytes of one 4-byte channel of a block of `n` elements into
/// `rows` (row `j` for byte `j`): version 0 always with 2-bit group headers; version 1 as
/// `ctrl` (the channel's control byte) says, byte by byte.
#[inline(always)]
fn decode_rows(
    body: &mut Reader<'_>,
    version: u8,
    ctrl: u8,
    rows: &mut [[u8; BLOCK_MAX_ELEMENTS]; 4],
    n: usize,
) -> Result<(), DecodeError> {
    if version == 0 {
        // All four byte rows in one call (`EXT_meshopt_compression`, the common case).
        return decode_lanes(body, rows, n, &BITS_V0);
    }
    for (j, d) in rows.iter_mut().enumerate() {
        match (ctrl >> (j * 2)) & 3 {
            3 => d[..n].copy_from_slice(body.take(n)?),
            2 => d[..n].fill(0),
            // Control modes 0 and 1: one copy of the group decoder for each, so that the bit
            // counts are constants (as for version 0), not looked up per group.
            0 => decode_bytes_v1::<0>(body, d, n)?,
            _ => decode_bytes_v1::<1>(body, d, n)?,
        }
    }
    Ok(())
}

/// [`decode_bytes_inline`] for the four byte lanes of a 4-byte channel, all with the same
/// `bits`: one call instead of four.
fn decode_lanes(
    r: &mut Reader<'_>,
    deltas: &mut [[u8; BLOCK_MAX_ELEMENTS]; 4],
    n: usize,
    bits: &[u8; 4],
) -> Result<(), DecodeError> {
    for row in deltas.iter_mut() {
        decode_bytes_inline(r, row, n, bits)?;
    }
    Ok(())
}

/// Reads one data block of version 1 with control mode `CTRL` (0 or 1).
fn decode_bytes_v1<const CTRL: usize>(
    r: &mut Reader<'_>,
    row: &mut [u8; BLOCK_MAX_ELEMENTS],
    n: usize,
) -> Result<(), DecodeError> {
    decode_bytes_inline(r, row, n, &BITS_V1[CTRL])
}

/// Reads one data block: 2-bit headers for each group of 16, then each group's deltas. Writes
/// the `n` (at most 256) deltas that are used to `row[..n]`; the group padding is read and
/// dropped by the scalar code, and written past `n` (where nothing reads it) by the SIMD code.
#[inline(always)]
fn decode_bytes_inline(
    r: &mut Reader<'_>,
    row: &mut [u8; BLOCK_MAX_ELEMENTS],
    n: usize,
    bits: &[u8; 4],
) -> Result<(), DecodeError> {
    let groups = n.div_ceil(GROUP);
    let header = r.take(group_header_bytes(groups * GROUP))?;
    // With SIMD, groups are decoded four at a time (one header byte) from a window that may
    // reach into the stream's tail (`Reader::rest_padded`), then one at a time, while the
    // window is long enough, and stored whole; the scalar code does the rest (`done` groups
    // are done). If the SIMD groups used more bytes than the data holds (a corrupted stream),
    // the scalar code decodes the whole block again, so that the error is the scalar one.
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    let done = {
        use super::simd::{GROUP_LIMIT, decode_4_groups, decode_group as simd_group, store_group};
        let data = r.rest_padded();
        let mut at = 0;
        let mut done = 0;
        while done + 4 <= groups {
            let Some(window) = data
                .get(at..at + 4 * GROUP_LIMIT)
                .and_then(|w| <&[u8; 4 * GROUP_LIMIT]>::try_from(w).ok())
            else {
                break;
            };
            let Some(out) = row
                .get_mut(done * GROUP..(done + 4) * GROUP)
                .and_then(|o| <&mut [u8; 4 * GROUP]>::try_from(o).ok())
            else {
                break;
            };
            at += decode_4_groups(window, header[done / 4], bits, out);
            done += 4;
        }
        for chunk in row.chunks_exact_mut(GROUP).take(groups).skip(done) {
            // `header` has a byte for every 4 groups.
            let mode = (header[done / 4] >> ((done % 4) * 2)) & 3;
            let Some((group, used)) = data
                .get(at..)
                .and_then(|w| simd_group(w, bits[mode as usize]))
            else {
                break;
            };
            store_group(chunk, group);
            at += used;
            done += 1;
        }
        if at <= r.remaining() {
            r.advance(at)?;
            done
        } else {
            0
        }
    };
    #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
    let done = 0;
    for (g, chunk) in row[..n].chunks_mut(GROUP).enumerate().skip(done) {
        let mode = (header[g / 4] >> ((g % 4) * 2)) & 3;
        let bits = bits[mode as usize];
        match <&mut [u8; GROUP]>::try_from(&mut *chunk) {
            Ok(full) => decode_group(r, full, bits)?,
            Err(_) => {
                let mut group = [0u8; GROUP];
                decode_group(r, &mut group, bits)?;
                chunk.copy_from_slice(&group[..chunk.len()]);
            }
        }
    }
    Ok(())
}

/// Reads 16 deltas stored with `bits` bits each (0, 1, 2, 4 or 8).
#[inline]
fn decode_group(r: &mut Reader<'_>, out: &mut [u8; GROUP], bits: u8) -> Result<(), DecodeError> {
    match bits {
        0 => {
            out.fill(0);
            Ok(())
        }
        1 => unpack::<1>(r, out),
        2 => unpack::<2>(r, out),
        4 => unpack::<4>(r, out),
        _ => {
            out.copy_from_slice(r.take(GROUP)?);
            Ok(())
        }
    }
}

/// For each byte of packed `B`-bit values, the values it holds, one per byte (little-endian):
/// 1-bit values run from the least significant bit, 2- and 4-bit values from the most
/// significant.
const fn expand_table<const B: usize>() -> [u64; 256] {
    let mut table = [0u64; 256];
    let per = 8 / B;
    let mut byte = 0;
    while byte < 256 {
        let mut v = 0u64;
        let mut slot = 0;
        while slot < per {
            let shift = if B == 1 { slot } else { 8 - B * (slot + 1) };
            v |= (((byte >> shift) & ((1 << B) - 1)) as u64) << (8 * slot);
            slot += 1;
        }
        table[byte] = v;
        byte += 1;
    }
    table
}

static EXPAND_1: [u64; 256] = expand_table::<1>();
static EXPAND_2: [u64; 256] = expand_table::<2>();
static EXPAND_4: [u64; 256] = expand_table::<4>();

/// 16 deltas of `B` bits packed into `2 * B` bytes; an all-ones value (the sentinel) means the
/// delta follows as a whole byte after the packed values, in order.
#[inline]
fn unpack<const B: usize>(r: &mut Reader<'_>, out: &mut [u8; GROUP]) -> Result<(), DecodeError> {
    let data = r.rest();
    let packed_len = GROUP * B / 8;
    let Some(packed) = data.get(..packed_len) else {
        return Err(r.ends_early(packed_len));
    };
    let table = match B {
        1 => &EXPAND_1,
        2 => &EXPAND_2,
        _ => &EXPAND_4,
    };
    let per = 8 / B;
    for (chunk, &byte) in out.chunks_exact_mut(per).zip(packed) {
        chunk.copy_from_slice(&table[byte as usize].to_le_bytes()[..per]);
    }
    let sentinel = ((1u16 << B) - 1) as u8;
    let mut var = packed_len;
    // Whether any of the 16 bytes equals the sentinel (the "has a zero byte" bit trick).
    const ONES: u64 = 0x0101_0101_0101_0101;
    let has_zero = |x: u64| x.wrapping_sub(ONES) & !x & (ONES << 7) != 0;
    let pattern = ONES * sentinel as u64;
    let (lo, hi) = (
        u64::from_le_bytes(out[..8].try_into().unwrap_or_default()),
        u64::from_le_bytes(out[8..].try_into().unwrap_or_default()),
    );
    if has_zero(lo ^ pattern) || has_zero(hi ^ pattern) {
        #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
        if let Some(rest) = data.get(var..var + 16) {
            let mut a = [0u8; 16];
            a.copy_from_slice(rest);
            let (group, used) = super::simd::resolve_escapes(out, sentinel, &a);
            *out = group;
            return r.advance(var + used);
        }
        for v in out.iter_mut().filter(|v| **v == sentinel) {
            // An escape past the end reads 0 here and fails in `advance` below.
            *v = data.get(var).copied().unwrap_or(0);
            var += 1;
        }
    }
    r.advance(var)
}

#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline]
fn unzigzag16(v: u16) -> u16 {
    (v >> 1) ^ (v & 1).wrapping_neg()
}

/// Turns the deltas of bytes `k..k + 4` of `n` elements into values, starting from `last`
/// (which is left holding the block's last element), according to the channel mode.
#[cfg_attr(
    all(target_arch = "wasm32", target_feature = "simd128"),
    allow(dead_code)
)]
#[inline]
fn undo_deltas(
    deltas: &[[u8; BLOCK_MAX_ELEMENTS]; 4],
    n: usize,
    elements: &mut [u8],
    stride: usize,
    k: usize,
    last: &mut [u8],
    channel: u8,
) {
    let elements = elements.chunks_exact_mut(stride).take(n).enumerate();
    let delta32 =
        |i: usize| u32::from_le_bytes([deltas[0][i], deltas[1][i], deltas[2][i], deltas[3][i]]);
    match channel & 0x0f {
        0 => {
            // Four byte lanes at once: per-byte unzigzag and wrapping add within a u32.
            const LOW7: u32 = 0x7f7f_7f7f;
            const HIGH: u32 = 0x8080_8080;
            let mut p = u32::from_le_bytes([last[0], last[1], last[2], last[3]]);
            for (i, e) in elements {
                let d = delta32(i);
                let u = ((d >> 1) & LOW7) ^ (d & 0x0101_0101).wrapping_mul(0xff);
                p = ((p & LOW7) + (u & LOW7)) ^ ((p ^ u) & HIGH);
                e[k..k + 4].copy_from_slice(&p.to_le_bytes());
            }
            last[..4].copy_from_slice(&p.to_le_bytes());
        }
        1 => {
            let mut p0 = u16::from_le_bytes([last[0], last[1]]);
            let mut p1 = u16::from_le_bytes([last[2], last[3]]);
            for (i, e) in elements {
                let d = delta32(i);
                p0 = unzigzag16(d as u16).wrapping_add(p0);
                p1 = unzigzag16((d >> 16) as u16).wrapping_add(p1);
                e[k..k + 2].copy_from_slice(&p0.to_le_bytes());
                e[k + 2..k + 4].copy_from_slice(&p1.to_le_bytes());
            }
            last[..2].copy_from_slice(&p0.to_le_bytes());
            last[2..4].copy_from_slice(&p1.to_le_bytes());
        }
        _ => {
            // Channel mode 2 (validated before decoding): XOR with a rotation.
            let rot = xor_rotation(channel);
            let mut p = u32::from_le_bytes([last[0], last[1], last[2], last[3]]);
            for (i, e) in elements {
                p ^= delta32(i).rotate_left(rot);
                e[k..k + 4].copy_from_slice(&p.to_le_bytes());
            }
            last[..4].copy_from_slice(&p.to_le_bytes());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A version 0 stream: header, blocks, zero padding up to 32 bytes of tail, baseline.
    fn v0(blocks: &[u8], baseline: &[u8]) -> Vec<u8> {
        let mut s = vec![0xa0];
        s.extend_from_slice(blocks);
        s.resize(s.len() + 32usize.saturating_sub(baseline.len()), 0);
        s.extend_from_slice(baseline);
        s
    }

    #[test]
    fn decodes_the_spec_example_group() {
        // The 4-bit sentinel example of Appendix A, as byte 0 of 16 elements of stride 4;
        // bytes 1..3 are all-zero groups.
        let mut blocks = vec![0b10]; // byte 0: one group, 4-bit deltas
        blocks.extend_from_slice(&[0x17, 0x5f, 0xf0, 0xbc, 0x77, 0xa9, 0x21, 0x00, 0x34, 0xb5]);
        blocks.extend_from_slice(&[0, 0, 0]); // bytes 1..3: headers of zero groups
        let out = decode(&v0(&blocks, &[0; 4]), 16, 4).unwrap();
        let deltas: [i8; 16] = [-1, -4, -3, 26, -91, 0, -6, 6, -4, -4, 5, -5, 1, -1, 0, 0];
        let mut v = 0i8;
        for (i, d) in deltas.iter().enumerate() {
            v = v.wrapping_add(*d);
            assert_eq!(out[i * 4] as i8, v, "element {i}");
            assert_eq!(&out[i * 4 + 1..i * 4 + 4], &[0, 0, 0]);
        }
    }

    #[test]
    fn decodes_deltas_from_the_baseline_with_wraparound() {
        // Two elements of stride 4; byte 0 uses raw bytes (mode 3), the rest 2-bit deltas.
        let mut blocks = vec![0b11];
        let mut raw = [0u8; 16];
        raw[0] = 1; // zigzag(-1): 0x00 - 1 = 0xff
        raw[1] = 4; // zigzag(+2): 0xff + 2 = 0x01
        blocks.extend_from_slice(&raw);
        for _ in 0..3 {
            blocks.push(0b01); // 2-bit deltas
            blocks.extend_from_slice(&[0b1000_0000, 0, 0, 0]); // element 0: +1, element 1: 0
        }
        let out = decode(&v0(&blocks, &[0, 10, 20, 30]), 2, 4).unwrap();
        assert_eq!(out, [0xff, 11, 21, 31, 0x01, 11, 21, 31]);
    }

    #[test]
    fn decodes_sentinels_in_two_bit_groups() {
        let mut blocks = vec![0b01];
        blocks.extend_from_slice(&[0b1100_0000, 0, 0, 0, 0x80]); // element 0: escaped 0x80
        blocks.extend_from_slice(&[0, 0, 0]);
        let out = decode(&v0(&blocks, &[0; 4]), 1, 4).unwrap();
        assert_eq!(out, [0x40, 0, 0, 0]); // unzigzag(0x80) = 64
    }

    #[test]
    fn decodes_zero_elements() {
        assert_eq!(decode(&v0(&[], &[1; 8]), 0, 8).unwrap(), Vec::<u8>::new());
    }

    #[test]
    fn rejects_bad_headers_strides_and_lengths() {
        let ok = v0(&[0, 0, 0, 0], &[0; 4]);
        assert!(decode(&ok, 1, 4).is_ok());
        let mut bad = ok.clone();
        bad[0] = 0xa2;
        assert!(decode(&bad, 1, 4).is_err(), "unknown version");
        bad[0] = 0xe1;
        assert!(decode(&bad, 1, 4).is_err(), "index header");
        assert!(decode(&[], 1, 4).is_err());
        assert!(decode(&ok, 1, 6).is_err(), "stride not a multiple of 4");
        assert!(decode(&ok, 1, 260).is_err(), "stride over 256");
        assert!(
            decode(&ok, 64, 4).is_ok(),
            "one header byte covers 4 all-zero groups"
        );
        assert!(
            decode(&ok, 65, 4).is_err(),
            "a fifth group needs a second header byte"
        );
        assert!(decode(&ok, usize::MAX / 2, 4).is_err(), "overflow");
        let mut extra = ok.clone();
        extra.insert(1, 0);
        assert!(
            decode(&extra, 1, 4).is_err(),
            "unread bytes before the tail"
        );
        for cut in 0..ok.len() {
            assert!(decode(&ok[..cut], 1, 4).is_err(), "cut at {cut}");
        }
    }

    #[test]
    fn truncated_or_garbage_streams_never_panic() {
        let mut blocks = vec![0b10];
        blocks.extend_from_slice(&[0xff; 8]); // 16 sentinels: 16 more bytes follow
        blocks.extend_from_slice(&[0x11; 16]);
        blocks.extend_from_slice(&[0, 0, 0]);
        let good = v0(&blocks, &[0; 4]);
        assert!(decode(&good, 16, 4).is_ok());
        for cut in 0..good.len() {
            let _ = decode(&good[..cut], 16, 4);
        }
        let mut state = 0x1234_5678u32;
        for len in 0..200 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    if i == 0 {
                        0xa0 | (state >> 31) as u8
                    } else {
                        (state >> 24) as u8
                    }
                })
                .collect();
            for stride in [4, 8, 12, 64, 256] {
                let _ = decode(&bytes, 40, stride);
            }
        }
    }

    /// A version 1 stream: header, blocks, padding to 24 bytes of tail, baseline, channels.
    fn v1(blocks: &[u8], baseline: &[u8], channels: &[u8]) -> Vec<u8> {
        let mut s = vec![0xa1];
        s.extend_from_slice(blocks);
        let tail = baseline.len() + channels.len();
        s.resize(s.len() + 24usize.saturating_sub(tail), 0);
        s.extend_from_slice(baseline);
        s.extend_from_slice(channels);
        s
    }

    #[test]
    fn version_1_control_modes() {
        // Control: byte 0 literal (3), byte 1 zero (2), byte 2 mode 0, byte 3 mode 1.
        let mut blocks = vec![0b01_00_10_11];
        blocks.extend_from_slice(&[2, 4, 6]); // literal zigzag deltas +1, +2, +3
        blocks.push(0b01); // byte 2, mode 0: header 1 = 1-bit deltas
        blocks.extend_from_slice(&[0b0000_0101, 0]); // elements 0 and 2: sentinel
        blocks.extend_from_slice(&[0x02, 0x03]); // +1, -2
        blocks.push(0b00); // byte 3, mode 1: header 0 = 1-bit deltas
        blocks.extend_from_slice(&[0b0000_0010, 0]); // element 1: sentinel
        blocks.push(0x09); // -5
        let out = decode(&v1(&blocks, &[100, 0, 50, 7], &[0]), 3, 4).unwrap();
        assert_eq!(out, [101, 0, 51, 7, 103, 0, 51, 2, 106, 0, 49, 2]);
    }

    #[test]
    fn version_1_channel_modes() {
        // Two elements of stride 8, every byte literal (control 3). Channel 0 (bytes 0..4) uses
        // 16-bit deltas; channel 1 (bytes 4..8) 32-bit XOR deltas rotated by 8 (mode byte 0x82).
        let baseline = [0x10, 0x00, 0x05, 0x00, 0xff, 0, 0, 0];
        let (w0, w1) = (0x1234_5678u32, 0xcafe_f00du32);
        let mut e0 = Vec::new(); // deltas of element 0
        e0.extend_from_slice(&0x0200u16.to_le_bytes()); // zigzag(+256)
        e0.extend_from_slice(&0x0003u16.to_le_bytes()); // zigzag(-2)
        e0.extend_from_slice(&(w0 ^ 0xff).rotate_left(8).to_le_bytes());
        let mut e1 = vec![0u8; 4]; // element 1: no 16-bit change
        e1.extend_from_slice(&(w1 ^ w0).rotate_left(8).to_le_bytes());
        let mut blocks = vec![0xff, 0xff];
        for b in 0..8 {
            blocks.extend_from_slice(&[e0[b], e1[b]]);
        }
        let out = decode(&v1(&blocks, &baseline, &[1, 0x82]), 2, 8).unwrap();
        let mut want = Vec::new();
        for w in [w0, w1] {
            want.extend_from_slice(&0x0110u16.to_le_bytes());
            want.extend_from_slice(&0x0003u16.to_le_bytes());
            want.extend_from_slice(&w.to_le_bytes());
        }
        assert_eq!(out, want);
        // Channel modes 3 and above, and modes 0 and 1 with high bits set, are invalid.
        for bad in [0x03u8, 0x0f, 0x10, 0x31] {
            assert!(
                decode(&v1(&blocks, &baseline, &[bad, 0x82]), 2, 8).is_err(),
                "{bad:#x}"
            );
        }
    }

    #[test]
    fn version_reads_the_header() {
        assert_eq!(version(&[0xa0]), Some(0));
        assert_eq!(version(&[0xa1]), Some(1));
        assert_eq!(version(&[0xa2]), None);
        assert_eq!(version(&[0xe1]), None);
        assert_eq!(version(&[]), None);
    }
}
