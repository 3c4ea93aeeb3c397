//! The index codecs: mode 1 ("TRIANGLES", edge and vertex FIFOs, one code byte per triangle)
//! and mode 2 ("INDICES", zigzag deltas against two baselines). Both follow Appendix A of the
//! `EXT_meshopt_compression` specification and meshoptimizer's `meshopt_decodeIndexBuffer` /
//! `meshopt_decodeIndexSequence` (`src/indexcodec.cpp`).

use super::reader::Reader;
use super::{DecodeError, Target};

const TRIANGLE_HEADER: u8 = 0xe1;
const SEQUENCE_HEADER: u8 = 0xd1;

/// The output of `count` indices of `index_size` bytes (2 or 4).
fn output(count: usize, index_size: usize, out: Target<'_>) -> Result<&mut [u8], DecodeError> {
    if index_size != 2 && index_size != 4 {
        return Err(DecodeError::new(format!(
            "an index stride must be 2 or 4, not {index_size}"
        )));
    }
    let total = count
        .checked_mul(index_size)
        .ok_or_else(|| DecodeError::new("count × stride overflows"))?;
    out.prepare(total)
}

/// Fails if 2-byte indices were asked for and `all` (every index or-ed together) needs more.
fn check_width(all: u32, index_size: usize) -> Result<(), DecodeError> {
    if index_size == 2 && all > 0xffff {
        return Err(DecodeError::new("a decoded index does not fit in 16 bits"));
    }
    Ok(())
}

/// Writes `v` as a `SIZE`-byte little-endian index at the start of `slot`.
#[inline(always)]
fn put<const SIZE: usize>(slot: &mut [u8], v: u32) {
    slot[..SIZE].copy_from_slice(&v.to_le_bytes()[..SIZE]);
}

fn check_header(data: &[u8], want: u8, what: &str) -> Result<(), DecodeError> {
    match data.first() {
        Some(&h) if h == want => Ok(()),
        Some(&h) => Err(DecodeError::new(format!(
            "the {what} stream starts with 0x{h:02x}, not 0x{want:02x}"
        ))),
        None => Err(DecodeError::new(format!("the {what} stream is empty"))),
    }
}

/// The entry of a 16-entry FIFO (edges or vertices of the triangle decoder) `back` entries
/// before the most recent one (0 = most recent), `at` being the slot written next.
#[inline(always)]
fn recent<T: Copy>(fifo: &[T; 16], at: usize, back: usize) -> T {
    fifo[at.wrapping_sub(back.wrapping_add(1)) & 15]
}

/// Writes `v` to the FIFO slot `at` and moves on if `cond`; like meshoptimizer, always writes
/// the slot (when `cond` is false it is the oldest one, never read before it is written again).
#[inline(always)]
fn push<T>(fifo: &mut [T; 16], at: &mut usize, v: T, cond: bool) {
    fifo[*at & 15] = v;
    *at = (*at + cond as usize) & 15;
}

/// A zigzag-encoded delta from `last`, read as a varint.
#[inline]
fn decode_index(r: &mut Reader<'_>, last: u32) -> Result<u32, DecodeError> {
    let v = r.vbyte()?;
    let d = (v >> 1) ^ (v & 1).wrapping_neg();
    Ok(last.wrapping_add(d))
}

/// Decodes `count` triangle-list indices (a multiple of 3) of `index_size` bytes (2 or 4).
#[cfg(test)]
pub fn decode_triangles(
    data: &[u8],
    count: usize,
    index_size: usize,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_triangles_into(data, count, index_size, Target::Vec(&mut out))?;
    Ok(out)
}

/// [`decode_triangles`] into `out` (see [`Target`]); returns the output.
pub fn decode_triangles_into<'o>(
    data: &[u8],
    count: usize,
    index_size: usize,
    out: Target<'o>,
) -> Result<&'o mut [u8], DecodeError> {
    if !count.is_multiple_of(3) {
        return Err(DecodeError::new(format!(
            "a triangle list needs a multiple of 3 indices, not {count}"
        )));
    }
    let triangles = count / 3;
    let min = triangles.saturating_add(17);
    if data.len() < min {
        return Err(DecodeError::new(format!(
            "the triangle stream is {} bytes, too short for {triangles} triangles (at least {min})",
            data.len()
        )));
    }
    check_header(data, TRIANGLE_HEADER, "triangle")?;
    let codeaux = &data[data.len() - 16..];
    if codeaux[14] != 0 || codeaux[15] != 0 {
        return Err(DecodeError::new(
            "the last two bytes of the triangle stream's code table must be 0",
        ));
    }
    if codeaux[..14].iter().any(|&b| b >> 4 == 15 || b & 15 == 15) {
        return Err(DecodeError::new(
            "the triangle stream's code table holds a nibble 0xf",
        ));
    }
    let codes = &data[1..1 + triangles];
    let mut extra = Reader::new(&data[1 + triangles..data.len() - 16]);
    let out = output(count, index_size, out)?;
    let all = if index_size == 2 {
        triangles_into::<2>(codes, codeaux, &mut extra, out)?
    } else {
        triangles_into::<4>(codes, codeaux, &mut extra, out)?
    };
    extra.finish("triangle codes")?;
    check_width(all, index_size)?;
    Ok(out)
}

/// The triangle decoder proper: one code per triangle into `out` (`SIZE` bytes per index).
/// Returns every index or-ed together for 2-byte indices (0 for 4-byte ones, which cannot
/// overflow).
fn triangles_into<const SIZE: usize>(
    codes: &[u8],
    codeaux: &[u8],
    extra: &mut Reader<'_>,
    out: &mut [u8],
) -> Result<u32, DecodeError> {
    // The FIFOs and their next slots as separate locals, not one struct: kept in registers
    // (a struct holding the arrays lived in memory, counters included: a quarter slower in
    // V8 on large views, www/bench/meshopt-bench.mjs).
    // Unwritten entries read as `u32::MAX`, as in meshoptimizer (the specification leaves them
    // undefined).
    let mut edges = [[u32::MAX; 2]; 16];
    let mut edge_at = 0usize;
    let mut vertices = [u32::MAX; 16];
    let mut vertex_at = 0usize;
    let mut next = 0u32;
    let mut last = 0u32;
    let mut all = 0u32;
    for (&code, tri) in codes.iter().zip(out.chunks_exact_mut(3 * SIZE)) {
        let (a, b, c);
        if code < 0xf0 {
            // A recent edge and a third vertex.
            [a, b] = recent(&edges, edge_at, (code >> 4) as usize);
            let fec = code & 15;
            if fec < 13 {
                // A new vertex (0) or a recent one (1..=12). Which is data that no predictor
                // guesses, so no branch on it (as in meshoptimizer): selects, and a FIFO read
                // that is dropped for a new vertex.
                let new = fec == 0;
                let from_fifo = recent(&vertices, vertex_at, fec as usize);
                c = if new { next } else { from_fifo };
                next = next.wrapping_add(new as u32);
                push(&mut vertices, &mut vertex_at, c, new);
            } else {
                // 13 and 14: the last explicit index -1 and +1; 15: a delta from it follows.
                c = if fec < 15 {
                    last.wrapping_add(fec as u32 * 2).wrapping_sub(27)
                } else {
                    decode_index(extra, last)?
                };
                last = c;
                push(&mut vertices, &mut vertex_at, c, true);
            }
            push(&mut edges, &mut edge_at, [c, b], true);
            push(&mut edges, &mut edge_at, [a, c], true);
        } else if code < 0xfe {
            // Three vertices, none from the edge FIFO: a new one, then for each of the other
            // two a new or a recent one as the code table says (never an explicit index).
            let aux = codeaux[(code & 15) as usize];
            let (feb, fec) = ((aux >> 4) as usize, (aux & 15) as usize);
            a = next;
            next = next.wrapping_add(1);
            let b_new = feb == 0;
            // For `feb` 0 this reads the slot written next, dropped by the select.
            let from_fifo = recent(&vertices, vertex_at, feb.wrapping_sub(1));
            b = if b_new { next } else { from_fifo };
            next = next.wrapping_add(b_new as u32);
            let c_new = fec == 0;
            let from_fifo = recent(&vertices, vertex_at, fec.wrapping_sub(1));
            c = if c_new { next } else { from_fifo };
            next = next.wrapping_add(c_new as u32);
            push(&mut vertices, &mut vertex_at, a, true);
            push(&mut vertices, &mut vertex_at, b, b_new);
            push(&mut vertices, &mut vertex_at, c, c_new);
            push(&mut edges, &mut edge_at, [b, a], true);
            push(&mut edges, &mut edge_at, [c, b], true);
            push(&mut edges, &mut edge_at, [a, c], true);
        } else {
            // The general form: the code byte follows in the data (0 resets `next`), and the
            // first vertex is new (0xfe) or explicit (0xff).
            let aux = extra.byte()?;
            if aux == 0 {
                next = 0;
            }
            let (fea, feb, fec) = (if code == 0xfe { 0 } else { 15 }, aux >> 4, aux & 15);
            // Every FIFO read and `next` increment happens before the explicit indices.
            let mut take = |fe: u8| match fe {
                0 => {
                    let v = next;
                    next = next.wrapping_add(1);
                    v
                }
                15 => 0,
                _ => recent(&vertices, vertex_at, fe as usize - 1),
            };
            let (mut a2, mut b2, mut c2) = (take(fea), take(feb), take(fec));
            for (fe, v) in [(fea, &mut a2), (feb, &mut b2), (fec, &mut c2)] {
                if fe == 15 {
                    *v = decode_index(extra, last)?;
                    last = *v;
                }
            }
            (a, b, c) = (a2, b2, c2);
            push(&mut vertices, &mut vertex_at, a, true);
            push(&mut vertices, &mut vertex_at, b, feb == 0 || feb == 15);
            push(&mut vertices, &mut vertex_at, c, fec == 0 || fec == 15);
            push(&mut edges, &mut edge_at, [b, a], true);
            push(&mut edges, &mut edge_at, [c, b], true);
            push(&mut edges, &mut edge_at, [a, c], true);
        }
        if SIZE == 2 {
            // Only 2-byte indices can overflow (4-byte ones hold any u32): one register less
            // in the loop for 4-byte indices.
            all |= a | b | c;
        }
        put::<SIZE>(tri, a);
        put::<SIZE>(&mut tri[SIZE..], b);
        put::<SIZE>(&mut tri[2 * SIZE..], c);
    }
    Ok(all)
}

/// Decodes `count` indices of `index_size` bytes (2 or 4) stored as an index sequence.
#[cfg(test)]
pub fn decode_sequence(
    data: &[u8],
    count: usize,
    index_size: usize,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_sequence_into(data, count, index_size, Target::Vec(&mut out))?;
    Ok(out)
}

/// [`decode_sequence`] into `out` (see [`Target`]); returns the output.
pub fn decode_sequence_into<'o>(
    data: &[u8],
    count: usize,
    index_size: usize,
    out: Target<'o>,
) -> Result<&'o mut [u8], DecodeError> {
    let min = count.saturating_add(5);
    if data.len() < min {
        return Err(DecodeError::new(format!(
            "the index sequence is {} bytes, too short for {count} indices (at least {min})",
            data.len()
        )));
    }
    check_header(data, SEQUENCE_HEADER, "index sequence")?;
    let mut r = Reader::new(&data[1..data.len() - 4]);
    let out = output(count, index_size, out)?;
    let all = if index_size == 2 {
        sequence_into::<2>(&mut r, out)?
    } else {
        sequence_into::<4>(&mut r, out)?
    };
    r.finish("index deltas")?;
    check_width(all, index_size)?;
    Ok(out)
}

/// The index sequence decoder proper (`SIZE` bytes per index). Returns every index or-ed
/// together.
fn sequence_into<const SIZE: usize>(
    r: &mut Reader<'_>,
    out: &mut [u8],
) -> Result<u32, DecodeError> {
    let mut last = [0u32; 2];
    let mut all = 0u32;
    for slot in out.chunks_exact_mut(SIZE) {
        let v = r.vbyte()?;
        let baseline = (v & 1) as usize;
        let v = v >> 1;
        let d = (v >> 1) ^ (v & 1).wrapping_neg();
        last[baseline] = last[baseline].wrapping_add(d);
        all |= last[baseline];
        put::<SIZE>(slot, last[baseline]);
    }
    Ok(all)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u16s(bytes: &[u8]) -> Vec<u16> {
        bytes
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect()
    }

    /// meshoptimizer's code table (the only one its encoder writes).
    const CODEAUX: [u8; 16] = [
        0x00, 0x76, 0x87, 0x56, 0x67, 0x78, 0xa9, 0x86, 0x65, 0x89, 0x68, 0x98, 0x01, 0x69, 0, 0,
    ];

    fn triangles(codes: &[u8], extra: &[u8]) -> Vec<u8> {
        let mut s = vec![0xe1];
        s.extend_from_slice(codes);
        s.extend_from_slice(extra);
        s.extend_from_slice(&CODEAUX);
        s
    }

    #[test]
    fn decodes_a_quad_and_a_fan() {
        // 0xf0: codeaux[0] = 0x00 -> a, b, c all new: (0, 1, 2).
        // 0x00: edge 0 is (a, c) = (0, 2) and c = next: (0, 2, 3).
        // 0x01: edge 0 is (0, 3); c = the second most recent vertex, 2: (0, 3, 2).
        let s = triangles(&[0xf0, 0x00, 0x01], &[]);
        let out = u16s(&decode_triangles(&s, 9, 2).unwrap());
        assert_eq!(out, [0, 1, 2, 0, 2, 3, 0, 3, 2]);
    }

    #[test]
    fn decodes_explicit_and_adjacent_indices() {
        // 0xff with aux 0xff: three explicit indices as zigzag deltas from `last`:
        // 10 (+10 = 20), 5 (-5 = 9 -> zigzag 9), 7 (+2 = 4).
        // Then 0x0e: edge 0 = (a, c) = (10, 7), c = last + 1 = 8.
        // Then 0x0d: edge 0 = (10, 8), c = last - 1 = 7.
        // Then 0x0f: edge 0 = (10, 7), c = explicit: last (7) + 93 -> 100 (zigzag 186 = 0xba 0x01).
        let s = triangles(&[0xff, 0x0e, 0x0d, 0x0f], &[0xff, 20, 9, 4, 0xba, 0x01]);
        let out = u16s(&decode_triangles(&s, 12, 2).unwrap());
        assert_eq!(out, [10, 5, 7, 10, 7, 8, 10, 8, 7, 10, 7, 100]);
    }

    #[test]
    fn restart_resets_next() {
        // 0xf0 twice: (0, 1, 2), (3, 4, 5); 0xfe with aux 0x00 restarts: (0, 1, 2).
        let s = triangles(&[0xf0, 0xf0, 0xfe], &[0x00]);
        let out = u16s(&decode_triangles(&s, 9, 2).unwrap());
        assert_eq!(out, [0, 1, 2, 3, 4, 5, 0, 1, 2]);
        let wide = decode_triangles(&s, 9, 4).unwrap();
        assert_eq!(wide.len(), 36);
        assert_eq!(&wide[12..16], &3u32.to_le_bytes());
    }

    #[test]
    fn rejects_malformed_triangle_streams() {
        let good = triangles(&[0xf0, 0x00], &[]);
        assert!(decode_triangles(&good, 6, 2).is_ok());
        assert!(
            decode_triangles(&good, 5, 2).is_err(),
            "not a multiple of 3"
        );
        assert!(decode_triangles(&good, 6, 3).is_err(), "index size");
        assert!(decode_triangles(&good, 9, 2).is_err(), "too few codes");
        let mut bad = good.clone();
        bad[0] = 0xe0;
        assert!(decode_triangles(&bad, 6, 2).is_err(), "version 0 header");
        let mut bad = good.clone();
        let n = bad.len();
        bad[n - 1] = 1;
        assert!(decode_triangles(&bad, 6, 2).is_err(), "table tail not zero");
        let mut bad = good.clone();
        bad[n - 3] = 0x1f;
        assert!(decode_triangles(&bad, 6, 2).is_err(), "table nibble 0xf");
        let extra = triangles(&[0xf0, 0x00], &[0x00]);
        assert!(decode_triangles(&extra, 6, 2).is_err(), "unread data");
        let cut = triangles(&[0xff], &[0xff, 0x80]);
        assert!(decode_triangles(&cut, 3, 2).is_err(), "varint cut short");
        for len in 0..good.len() {
            assert!(decode_triangles(&good[..len], 6, 2).is_err());
        }
        // A FIFO entry that was never written decodes to u32::MAX: too big for 16 bits.
        let unwritten = triangles(&[0x01], &[]);
        assert!(decode_triangles(&unwritten, 3, 2).is_err());
        assert!(decode_triangles(&unwritten, 3, 4).is_ok());
    }

    #[test]
    fn garbage_triangle_streams_never_panic() {
        let mut state = 0x9e37_79b9u32;
        for len in 17..120 {
            let mut bytes: Vec<u8> = (0..len)
                .map(|_| {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    (state >> 24) as u8
                })
                .collect();
            bytes[0] = 0xe1;
            let n = bytes.len();
            bytes[n - 16..].copy_from_slice(&CODEAUX);
            for count in [0, 3, 12, 30, 300] {
                let _ = decode_triangles(&bytes, count, 2);
                let _ = decode_triangles(&bytes, count, 4);
            }
        }
    }

    #[test]
    fn decodes_index_sequences_with_two_baselines() {
        // Deltas: +5 on baseline 0 (v = zigzag(5) << 1 | 0 = 20), +100 on baseline 1
        // (zigzag 200 -> 401 = 0x91 0x03), -1 on baseline 0 (zigzag 1 -> 2), +1 on baseline 1 (5).
        let s = [0xd1, 20, 0x91, 0x03, 2, 5, 0, 0, 0, 0];
        let out = u16s(&decode_sequence(&s, 4, 2).unwrap());
        assert_eq!(out, [5, 100, 4, 101]);
        assert_eq!(
            decode_sequence(&s, 4, 4).unwrap(),
            [5u32, 100, 4, 101]
                .iter()
                .flat_map(|v| v.to_le_bytes())
                .collect::<Vec<_>>()
        );
    }

    #[test]
    fn rejects_malformed_sequences() {
        let good = [0xd1, 4, 4, 0, 0, 0, 0];
        assert_eq!(decode_sequence(&good, 2, 2).unwrap(), [1, 0, 2, 0]);
        assert!(decode_sequence(&good, 1, 2).is_err(), "unread data");
        assert!(decode_sequence(&good, 3, 2).is_err(), "too short");
        assert!(decode_sequence(&[0xd0, 4, 4, 0, 0, 0, 0], 2, 2).is_err());
        assert!(
            decode_sequence(&[0xd1, 0x80, 0, 0, 0, 0], 1, 2).is_err(),
            "cut varint"
        );
        // -1 from 0 wraps to u32::MAX: fine for 4-byte indices, not for 2-byte ones.
        let negative = [0xd1, 2, 0, 0, 0, 0];
        assert!(decode_sequence(&negative, 1, 2).is_err());
        assert_eq!(decode_sequence(&negative, 1, 4).unwrap(), [0xff; 4]);
        for len in 0..good.len() {
            assert!(decode_sequence(&good[..len], 2, 2).is_err());
        }
    }
}
