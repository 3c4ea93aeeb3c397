//! Decoders for meshoptimizer's compressed buffer views (`EXT_meshopt_compression`, and the
//! codec versions and filter that `KHR_meshopt_compression` adds), in safe Rust.
//!
//! Every read is bounds-checked: malformed data gives a [`DecodeError`], never a panic, and a
//! decoder allocates exactly `count * stride` bytes for its output (only after checking that
//! the input is long enough to possibly hold that many elements). The caller limits
//! `count * stride`.
//!
//! [`decode`] is the whole pipeline for one view: a codec, then a filter. roomfit's
//! `asset::meshopt` re-exports this crate and applies it to the buffer views of a glTF file.
//!
//! A crate of its own so that release builds can compile it for speed (opt-level 3, see the
//! workspace's Cargo.toml) while the rest of the browser build is optimised for size. On wasm32
//! with the `simd128` target feature (the WebGPU browser builds pass it in `RUSTFLAGS`, see
//! `scripts/build-wasm.sh`) the attribute codec and two filters use WebAssembly SIMD
//! (`simd.rs`); [`SIMD`] says whether this build does.

mod filters;
mod index;
mod reader;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd;
mod vertex;

pub use vertex::version as vertex_version;

/// Whether this build decodes with WebAssembly SIMD (wasm32 compiled with `simd128`).
pub const SIMD: bool = cfg!(all(target_arch = "wasm32", target_feature = "simd128"));

/// Why compressed data could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct DecodeError(String);

impl DecodeError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// The compression mode of a view (`mode` in the extension object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Mode 0: vertex attributes and other fixed-size elements.
    Attributes,
    /// Mode 1: triangle-list indices.
    Triangles,
    /// Mode 2: any other index sequence.
    Indices,
}

/// The filter applied after decoding `ATTRIBUTES` data (`filter` in the extension object).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Filter {
    /// No filter.
    None,
    /// Octahedral unit vectors (stride 4 or 8).
    Octahedral,
    /// Quaternions without their largest component (stride 8).
    Quaternion,
    /// Floats as exponent and mantissa (stride a multiple of 4).
    Exponential,
    /// YCoCg colours (stride 4 or 8); `KHR_meshopt_compression` only.
    Color,
}

impl Mode {
    /// The mode named `s` in glTF JSON.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "ATTRIBUTES" => Some(Self::Attributes),
            "TRIANGLES" => Some(Self::Triangles),
            "INDICES" => Some(Self::Indices),
            _ => None,
        }
    }
}

impl Filter {
    /// The filter named `s` in glTF JSON.
    pub fn from_name(s: &str) -> Option<Self> {
        match s {
            "NONE" => Some(Self::None),
            "OCTAHEDRAL" => Some(Self::Octahedral),
            "QUATERNION" => Some(Self::Quaternion),
            "EXPONENTIAL" => Some(Self::Exponential),
            "COLOR" => Some(Self::Color),
            _ => None,
        }
    }

    /// The filter's name in glTF JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::None => "NONE",
            Self::Octahedral => "OCTAHEDRAL",
            Self::Quaternion => "QUATERNION",
            Self::Exponential => "EXPONENTIAL",
            Self::Color => "COLOR",
        }
    }
}

/// Checks the combination of mode, filter, stride and count that the specification allows.
pub fn check_layout(
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
) -> Result<(), DecodeError> {
    let fail = |m: String| Err(DecodeError::new(m));
    match mode {
        Mode::Attributes if stride == 0 || stride > 256 || !stride.is_multiple_of(4) => {
            return fail(format!(
                "ATTRIBUTES need a byteStride that is a multiple of 4 between 4 and 256, not {stride}"
            ));
        }
        Mode::Triangles | Mode::Indices if stride != 2 && stride != 4 => {
            return fail(format!(
                "index data needs a byteStride of 2 or 4, not {stride}"
            ));
        }
        Mode::Triangles if !count.is_multiple_of(3) => {
            return fail(format!(
                "TRIANGLES need a count divisible by 3, not {count}"
            ));
        }
        Mode::Triangles | Mode::Indices if filter != Filter::None => {
            return fail("index data cannot have a filter".to_string());
        }
        _ => {}
    }
    let ok = match filter {
        Filter::None => true,
        Filter::Octahedral | Filter::Color => stride == 4 || stride == 8,
        Filter::Quaternion => stride == 8,
        Filter::Exponential => stride.is_multiple_of(4),
    };
    if ok {
        Ok(())
    } else {
        fail(format!(
            "filter {} does not allow a byteStride of {stride}",
            filter.name()
        ))
    }
}

/// Decodes one compressed view: `count` elements of `stride` bytes in `mode`, then `filter`.
/// Returns exactly `count * stride` bytes.
pub fn decode(
    data: &[u8],
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    decode_into(data, mode, filter, count, stride, &mut out)?;
    Ok(out)
}

/// [`decode`] into `out`, which is resized to `count * stride` bytes (its allocation reused, so
/// that a caller decoding many views needs no allocation per view). On an error `out` holds
/// unspecified bytes.
pub fn decode_into(
    data: &[u8],
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
    out: &mut Vec<u8>,
) -> Result<(), DecodeError> {
    decode_target(data, mode, filter, count, stride, Target::Vec(out))
}

/// [`decode`] into `out`, which must be exactly `count * stride` bytes long: every byte of it is
/// written (its old contents never show through), so that a caller reusing one buffer need not
/// clear it. On an error `out` holds unspecified bytes.
pub fn decode_to_slice(
    data: &[u8],
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
    out: &mut [u8],
) -> Result<(), DecodeError> {
    decode_target(data, mode, filter, count, stride, Target::Slice(out))
}

/// Where a codec writes: a `Vec` it resizes (zero-filled) or a slice of the exact size. One
/// type rather than a generic parameter, so that the codecs are compiled once.
pub(crate) enum Target<'o> {
    Vec(&'o mut Vec<u8>),
    Slice(&'o mut [u8]),
}

impl<'o> Target<'o> {
    /// The output of `total` bytes. Codecs call this only after checking that the input can
    /// hold that much, so that a short stream never makes a `Vec` allocate.
    pub(crate) fn prepare(self, total: usize) -> Result<&'o mut [u8], DecodeError> {
        match self {
            Target::Vec(v) => {
                v.clear();
                v.try_reserve_exact(total)
                    .map_err(|_| DecodeError::new(format!("cannot allocate {total} bytes")))?;
                v.resize(total, 0);
                Ok(v.as_mut_slice())
            }
            Target::Slice(s) if s.len() == total => Ok(s),
            Target::Slice(s) => Err(DecodeError::new(format!(
                "the output holds {} bytes, not {total}",
                s.len()
            ))),
        }
    }
}

fn decode_target(
    data: &[u8],
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
    out: Target<'_>,
) -> Result<(), DecodeError> {
    check_layout(mode, filter, count, stride)?;
    let out = match mode {
        Mode::Attributes => vertex::decode_into(data, count, stride, out)?,
        Mode::Triangles => index::decode_triangles_into(data, count, stride, out)?,
        Mode::Indices => index::decode_sequence_into(data, count, stride, out)?,
    };
    match filter {
        Filter::None => {}
        Filter::Octahedral => filters::octahedral(out, stride),
        Filter::Quaternion => filters::quaternion(out),
        Filter::Exponential => filters::exponential(out),
        Filter::Color => filters::color(out, stride),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_rules_of_the_specification() {
        use Filter as F;
        use Mode as M;
        assert!(check_layout(M::Attributes, F::None, 10, 12).is_ok());
        assert!(check_layout(M::Attributes, F::None, 10, 6).is_err());
        assert!(check_layout(M::Attributes, F::None, 10, 260).is_err());
        assert!(check_layout(M::Triangles, F::None, 9, 2).is_ok());
        assert!(check_layout(M::Triangles, F::None, 10, 2).is_err());
        assert!(check_layout(M::Triangles, F::None, 9, 8).is_err());
        assert!(check_layout(M::Indices, F::None, 10, 4).is_ok());
        assert!(check_layout(M::Indices, F::Octahedral, 10, 4).is_err());
        assert!(check_layout(M::Attributes, F::Octahedral, 1, 8).is_ok());
        assert!(check_layout(M::Attributes, F::Octahedral, 1, 12).is_err());
        assert!(check_layout(M::Attributes, F::Quaternion, 1, 4).is_err());
        assert!(check_layout(M::Attributes, F::Exponential, 1, 12).is_ok());
        assert!(check_layout(M::Attributes, F::Color, 1, 16).is_err());
    }

    #[test]
    fn names() {
        assert_eq!(Mode::from_name("TRIANGLES"), Some(Mode::Triangles));
        assert_eq!(Mode::from_name("triangles"), None);
        assert_eq!(Filter::from_name("EXPONENTIAL"), Some(Filter::Exponential));
        assert_eq!(Filter::from_name("DRACO"), None);
    }

    #[test]
    fn decode_applies_the_filter_after_the_codec() {
        // One element of stride 4, all bytes in zero groups: the baseline itself, (0, 0, 127).
        let mut s = vec![0xa0, 0, 0, 0, 0];
        s.resize(s.len() + 28, 0);
        s.extend_from_slice(&[0, 0, 127, 9]);
        assert_eq!(
            decode(&s, Mode::Attributes, Filter::Octahedral, 1, 4).unwrap(),
            [0, 0, 127, 9]
        );
        // Exponential on (0, 0, 127, 9) as one u32: e = 9, m = 0x7f0000.
        let f = decode(&s, Mode::Attributes, Filter::Exponential, 1, 4).unwrap();
        assert_eq!(
            f32::from_le_bytes([f[0], f[1], f[2], f[3]]),
            0x7f0000 as f32 * 512.0
        );
        assert!(decode(&s, Mode::Attributes, Filter::Quaternion, 1, 4).is_err());
        assert!(decode(&s, Mode::Triangles, Filter::None, 1, 2).is_err());
    }

    #[test]
    fn decode_to_slice_overwrites_every_byte_and_checks_the_size() {
        // Attributes (one block of 40 elements of stride 8 from a random stream) and an index
        // sequence, into a slice full of garbage: the same bytes as `decode`.
        let mut s = vec![0xa0];
        for byte in 0..8 {
            s.push(0b11_11_11); // three groups of raw bytes
            s.extend((0..48).map(|i| (i * 37 + byte * 11) as u8));
        }
        s.resize(s.len() + 24, 0);
        s.extend_from_slice(&[1, 2, 3, 4, 5, 6, 7, 8]);
        let seq = [0xd1, 2, 4, 6, 8, 0, 0, 0, 0];
        for (data, mode, filter, count, stride) in [
            (&s[..], Mode::Attributes, Filter::None, 40, 8),
            (&s[..], Mode::Attributes, Filter::Exponential, 40, 8),
            (&seq[..], Mode::Indices, Filter::None, 4, 4),
        ] {
            let want = decode(data, mode, filter, count, stride).unwrap();
            let mut out = vec![0xa5; count * stride];
            decode_to_slice(data, mode, filter, count, stride, &mut out).unwrap();
            assert_eq!(out, want, "{mode:?} {filter:?}");
            let mut short = vec![0; count * stride - 1];
            assert!(decode_to_slice(data, mode, filter, count, stride, &mut short).is_err());
        }
    }
}
