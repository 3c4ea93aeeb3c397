//! The GLB container and `data:` URIs: splitting untrusted bytes into JSON and binary parts.

use std::ops::Range;

use super::error::{AssetError, ErrorCode, Result};

const GLB_MAGIC: &[u8; 4] = b"glTF";
const CHUNK_JSON: u32 = 0x4E4F_534A;
const CHUNK_BIN: u32 = 0x004E_4942;

/// The parts of a glTF file: its JSON and, for GLB, the binary chunk.
#[derive(Debug)]
pub struct Container<'a> {
    /// The JSON text.
    pub json: &'a [u8],
    /// The GLB binary chunk, if any.
    pub bin: Option<&'a [u8]>,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// Where a GLB's JSON and binary chunks lie in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Chunks {
    /// The JSON chunk's data.
    pub json: Range<usize>,
    /// The binary chunk's data, if there is one.
    pub bin: Option<Range<usize>>,
}

/// The chunks of `bytes` if it is a well-formed GLB (`None` for anything [`split`] refuses, and
/// for a .gltf file).
pub fn glb_chunks(bytes: &[u8]) -> Option<Chunks> {
    if bytes.starts_with(GLB_MAGIC) {
        glb_ranges(bytes).ok()
    } else {
        None
    }
}

/// Splits `bytes` into JSON and binary chunk, checking every length against the data.
pub fn split(bytes: &[u8]) -> Result<Container<'_>> {
    if bytes.starts_with(GLB_MAGIC) {
        // The ranges were checked against `bytes`: slicing cannot fail.
        let Chunks { json, bin } = glb_ranges(bytes)?;
        return Ok(Container {
            json: &bytes[json],
            bin: bin.map(|b| &bytes[b]),
        });
    }
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match text.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Ok(Container {
            json: text,
            bin: None,
        }),
        _ => Err(AssetError::new(
            ErrorCode::NotGltf,
            "",
            "this is not a glTF file: a .glb starts with the bytes \"glTF\" and a .gltf is a JSON object",
        )),
    }
}

fn glb_ranges(bytes: &[u8]) -> Result<Chunks> {
    let truncated = |what: &str| {
        AssetError::new(
            ErrorCode::Truncated,
            "",
            format!("the GLB file is cut short: its {what} is incomplete"),
        )
    };
    let (Some(version), Some(length)) = (u32_at(bytes, 4), u32_at(bytes, 8)) else {
        return Err(truncated("12-byte header"));
    };
    if version != 2 {
        return Err(AssetError::new(
            ErrorCode::UnsupportedVersion,
            "",
            format!("GLB version {version} is not supported: only glTF 2.0 (version 2) is"),
        ));
    }
    if length as usize != bytes.len() {
        return Err(AssetError::new(
            ErrorCode::LengthMismatch,
            "",
            format!(
                "the GLB header says the file is {length} bytes long but it is {} bytes: the file was cut short or has extra bytes",
                bytes.len()
            ),
        ));
    }
    let mut at = 12usize;
    let mut json = None;
    let mut bin = None;
    let mut index = 0;
    while at < bytes.len() {
        let (Some(chunk_len), Some(chunk_type)) = (u32_at(bytes, at), u32_at(bytes, at + 4)) else {
            return Err(truncated("chunk header"));
        };
        let start = at + 8;
        let end = start
            .checked_add(chunk_len as usize)
            .filter(|&e| e <= bytes.len())
            .ok_or_else(|| {
                truncated(if index == 0 {
                    "JSON chunk"
                } else {
                    "binary (BIN) chunk"
                })
            })?;
        let data = start..end;
        match (index, chunk_type) {
            (0, CHUNK_JSON) => json = Some(data),
            (0, _) => {
                return Err(AssetError::new(
                    ErrorCode::NotGltf,
                    "",
                    "the first GLB chunk must be the JSON chunk",
                ));
            }
            (1, CHUNK_BIN) => bin = Some(data),
            // Unknown chunks after the first two are allowed and skipped.
            _ => {}
        }
        index += 1;
        // Chunks are 4-byte aligned; a last chunk without padding is tolerated.
        at = end
            .checked_add(3)
            .map_or(usize::MAX, |e| e & !3)
            .min(bytes.len());
    }
    let json = json.ok_or_else(|| truncated("JSON chunk"))?;
    Ok(Chunks { json, bin })
}

/// Decodes a `data:` URI with base64 payload. Returns `None` if `uri` is not a data URI.
pub fn decode_data_uri(uri: &str, pointer: &str) -> Option<Result<(String, Vec<u8>)>> {
    let rest = uri.strip_prefix("data:")?;
    let Some((header, payload)) = rest.split_once(',') else {
        return Some(Err(AssetError::new(
            ErrorCode::Resource,
            pointer,
            "this data: URI has no comma separating its header from its data",
        )));
    };
    let Some(mime) = header.strip_suffix(";base64") else {
        return Some(Err(AssetError::new(
            ErrorCode::Resource,
            pointer,
            "only base64 data: URIs are supported (the header must end in ;base64)",
        )));
    };
    Some(
        base64_decode(payload)
            .map(|bytes| (mime.to_string(), bytes))
            .ok_or_else(|| {
                AssetError::new(
                    ErrorCode::Resource,
                    pointer,
                    "this data: URI's base64 payload is malformed",
                )
            }),
    )
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    fn value(c: u8) -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        } as u32)
    }
    let body = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(body.len() / 4 * 3 + 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in body {
        if c.is_ascii_whitespace() {
            continue;
        }
        acc = (acc << 6) | value(c)?;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glb(json: &[u8], bin: Option<&[u8]>) -> Vec<u8> {
        let mut out = b"glTF".to_vec();
        out.extend(2u32.to_le_bytes());
        out.extend(0u32.to_le_bytes());
        let mut j = json.to_vec();
        while !j.len().is_multiple_of(4) {
            j.push(b' ');
        }
        out.extend((j.len() as u32).to_le_bytes());
        out.extend(CHUNK_JSON.to_le_bytes());
        out.extend(&j);
        if let Some(b) = bin {
            out.extend((b.len() as u32).to_le_bytes());
            out.extend(CHUNK_BIN.to_le_bytes());
            out.extend(b);
        }
        let len = out.len() as u32;
        out[8..12].copy_from_slice(&len.to_le_bytes());
        out
    }

    #[test]
    fn splits_a_glb() {
        let bytes = glb(b"{}", Some(&[1, 2, 3, 4]));
        let c = split(&bytes).unwrap();
        assert_eq!(c.json, b"{}  ");
        assert_eq!(c.bin, Some(&[1u8, 2, 3, 4][..]));
    }

    #[test]
    fn truncated_header_and_chunks() {
        let bytes = glb(b"{}", Some(&[1, 2, 3, 4]));
        assert_eq!(split(&bytes[..7]).unwrap_err().code, ErrorCode::Truncated);
        let mut cut = bytes[..bytes.len() - 2].to_vec();
        let len = cut.len() as u32;
        cut[8..12].copy_from_slice(&len.to_le_bytes());
        let e = split(&cut).unwrap_err();
        assert_eq!(e.code, ErrorCode::Truncated);
        assert!(e.message.contains("BIN"), "{e}");
        let mut cut = bytes[..18].to_vec();
        cut[8..12].copy_from_slice(&18u32.to_le_bytes());
        let e = split(&cut).unwrap_err();
        assert!(e.message.contains("chunk header"), "{e}");
        let mut cut = bytes[..22].to_vec();
        cut[8..12].copy_from_slice(&22u32.to_le_bytes());
        let e = split(&cut).unwrap_err();
        assert!(e.message.contains("JSON chunk"), "{e}");
    }

    #[test]
    fn chunk_ranges_of_a_glb() {
        let bytes = glb(b"{}", Some(&[1, 2, 3, 4]));
        let c = glb_chunks(&bytes).unwrap();
        assert_eq!(&bytes[c.json.clone()], b"{}  ");
        assert_eq!(c.bin.map(|b| &bytes[b]), Some(&[1u8, 2, 3, 4][..]));
        assert_eq!(glb_chunks(&glb(b"{}", None)).unwrap().bin, None);
        assert_eq!(glb_chunks(&bytes[..bytes.len() - 1]), None);
        assert_eq!(glb_chunks(b"{\"asset\": {}}"), None);
    }

    #[test]
    fn length_mismatch_and_garbage() {
        let mut bytes = glb(b"{}", None);
        bytes.push(0);
        assert_eq!(split(&bytes).unwrap_err().code, ErrorCode::LengthMismatch);
        assert_eq!(split(b"\x89PNG....").unwrap_err().code, ErrorCode::NotGltf);
        assert_eq!(split(b"").unwrap_err().code, ErrorCode::NotGltf);
    }

    #[test]
    fn base64() {
        assert_eq!(base64_decode("aGVsbG8=").unwrap(), b"hello");
        assert_eq!(base64_decode("AAEC").unwrap(), [0, 1, 2]);
        assert!(base64_decode("a$").is_none());
        let (mime, bytes) = decode_data_uri("data:application/octet-stream;base64,AAEC", "")
            .unwrap()
            .unwrap();
        assert_eq!(mime, "application/octet-stream");
        assert_eq!(bytes, [0, 1, 2]);
    }
}
