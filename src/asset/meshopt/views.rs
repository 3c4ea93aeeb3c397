//! `EXT_meshopt_compression` in a glTF file: finds the compressed buffer views that the model
//! uses, checks each extension object against the specification and the limits, and decodes
//! it into the bytes that replace the view's (fallback) contents.

use std::collections::{BTreeMap, BTreeSet};

use gltf::json::{self, Root};
use serde::Deserialize;

use super::{Filter, Mode, decode, vertex_version};
use crate::asset::error::{AssetError, ErrorCode, Result};
use crate::asset::limits::Limits;

/// The extension's name.
pub(crate) const EXTENSION: &str = "EXT_meshopt_compression";

/// Decoded bytes allowed for a whole file, per byte of [`Limits::max_file_bytes`] (512 MiB with
/// the default limits). Meshopt data typically shrinks 2–5×; geometry that decodes to more
/// than this would not fit a phone anyway.
const DECODED_BYTES_PER_FILE_BYTE: usize = 4;

/// The extension object of a buffer view.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct ViewExtension {
    buffer: u64,
    #[serde(default)]
    byte_offset: u64,
    byte_length: u64,
    byte_stride: u64,
    count: u64,
    mode: String,
    #[serde(default)]
    filter: Option<String>,
}

/// Whether a buffer is marked `"EXT_meshopt_compression": { "fallback": true }`.
pub(crate) fn is_fallback(buffer: &json::Buffer) -> bool {
    buffer
        .extensions
        .as_ref()
        .and_then(|e| e.others.get(EXTENSION))
        .and_then(|e| e.get("fallback"))
        .and_then(|f| f.as_bool())
        .unwrap_or(false)
}

/// The buffer views the loader reads: those of mesh primitives' accessors (attributes,
/// indices, sparse storage) and of images. Others (animations, skins) are not decoded.
fn used_views(root: &Root) -> BTreeSet<usize> {
    let mut accessors = BTreeSet::new();
    for p in root.meshes.iter().flat_map(|m| &m.primitives) {
        accessors.extend(p.attributes.values().map(|a| a.value()));
        accessors.extend(p.indices.as_ref().map(|i| i.value()));
    }
    let mut views = BTreeSet::new();
    for a in accessors.iter().filter_map(|&a| root.accessors.get(a)) {
        views.extend(a.buffer_view.as_ref().map(|v| v.value()));
        if let Some(s) = &a.sparse {
            views.insert(s.indices.buffer_view.value());
            views.insert(s.values.buffer_view.value());
        }
    }
    views.extend(
        root.images
            .iter()
            .filter_map(|i| i.buffer_view.map(|v| v.value())),
    );
    views
}

fn bad(pointer: &str, message: String) -> AssetError {
    AssetError::new(ErrorCode::BadCompression, pointer, message)
}

/// Decodes every compressed buffer view the model uses; `data` holds the buffers' bytes
/// (empty for fallback buffers). Returns the decoded bytes by view index.
pub(crate) fn decode_views(
    root: &Root,
    data: &[Vec<u8>],
    limits: &Limits,
) -> Result<BTreeMap<usize, Vec<u8>>> {
    let budget = limits
        .max_file_bytes
        .saturating_mul(DECODED_BYTES_PER_FILE_BYTE) as u64;
    let mut decoded_bytes = 0u64;
    let mut out = BTreeMap::new();
    for vi in used_views(root) {
        let Some(view) = root.buffer_views.get(vi) else {
            continue; // reported where the view is read
        };
        let Some(ext) = view
            .extensions
            .as_ref()
            .and_then(|e| e.others.get(EXTENSION))
        else {
            continue;
        };
        let ptr = format!("/bufferViews/{vi}/extensions/{EXTENSION}");
        let ext = ViewExtension::deserialize(ext).map_err(|e| {
            AssetError::new(
                ErrorCode::Json,
                &ptr,
                format!("bufferView {vi}'s {EXTENSION} object is malformed: {e}"),
            )
        })?;
        let mode = Mode::from_name(&ext.mode).ok_or_else(|| {
            AssetError::new(
                ErrorCode::Json,
                format!("{ptr}/mode"),
                format!(
                    "mode must be ATTRIBUTES, TRIANGLES or INDICES, not \"{}\"",
                    ext.mode
                ),
            )
        })?;
        let filter = match ext.filter.as_deref().map(Filter::from_name) {
            None => Filter::None,
            Some(Some(f)) if f != Filter::Color => f,
            _ => {
                return Err(AssetError::new(
                    ErrorCode::Json,
                    format!("{ptr}/filter"),
                    format!(
                        "filter must be NONE, OCTAHEDRAL, QUATERNION or EXPONENTIAL, not \"{}\"",
                        ext.filter.unwrap_or_default()
                    ),
                ));
            }
        };
        if let Some(json::buffer::Stride(s)) = view.byte_stride {
            if s as u64 != ext.byte_stride {
                return Err(AssetError::new(
                    ErrorCode::BadStride,
                    format!("/bufferViews/{vi}/byteStride"),
                    format!(
                        "bufferView {vi} has byteStride {s} but its {EXTENSION} object says {}",
                        ext.byte_stride
                    ),
                ));
            }
        }
        let total = ext.count.checked_mul(ext.byte_stride);
        if total != Some(view.byte_length.0) {
            return Err(bad(
                &ptr,
                format!(
                    "count {} × byteStride {} must equal bufferView {vi}'s byteLength {}",
                    ext.count, ext.byte_stride, view.byte_length.0
                ),
            ));
        }
        let total = view.byte_length.0;
        decoded_bytes = decoded_bytes.saturating_add(total);
        if decoded_bytes > budget {
            return Err(AssetError::new(
                ErrorCode::LimitExceeded,
                &ptr,
                format!(
                    "the compressed bufferViews decode to more than the limit of {budget} bytes"
                ),
            ));
        }
        // Both fit in usize: their product is at most `budget`, itself a usize.
        let (count, stride) = (ext.count as usize, ext.byte_stride as usize);
        super::check_layout(mode, filter, count, stride).map_err(|e| bad(&ptr, e.to_string()))?;
        check_parent(root, view, vi)?;
        let source = source_bytes(root, data, &ext, &ptr)?;
        if mode == Mode::Attributes && vertex_version(source) == Some(1) {
            return Err(bad(
                &ptr,
                format!(
                    "bufferView {vi} uses version 1 of the attribute codec, which only KHR_meshopt_compression allows; {EXTENSION} requires version 0"
                ),
            ));
        }
        let bytes = decode(source, mode, filter, count, stride)
            .map_err(|e| bad(&ptr, format!("bufferView {vi} cannot be decoded: {e}")))?;
        out.insert(vi, bytes);
    }
    Ok(out)
}

/// The view's own range must fit in the buffer it names (a fallback buffer's `byteLength`
/// covers all its uncompressed views).
fn check_parent(root: &Root, view: &json::buffer::View, vi: usize) -> Result<()> {
    let b = view.buffer.value();
    let parent = root.buffers.get(b).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            format!("/bufferViews/{vi}/buffer"),
            format!(
                "refers to buffer {b}, but the file has only {} buffers",
                root.buffers.len()
            ),
        )
    })?;
    let start = view.byte_offset.map_or(0, |o| o.0);
    match start.checked_add(view.byte_length.0) {
        Some(end) if end <= parent.byte_length.0 => Ok(()),
        _ => Err(AssetError::new(
            ErrorCode::OutOfBounds,
            format!("/bufferViews/{vi}"),
            format!(
                "bufferView {vi} (offset {start}, length {}) reaches past the end of buffer {b}, whose byteLength is {}",
                view.byte_length.0, parent.byte_length.0
            ),
        )),
    }
}

/// The compressed bytes the extension object points at.
fn source_bytes<'d>(
    root: &Root,
    data: &'d [Vec<u8>],
    ext: &ViewExtension,
    ptr: &str,
) -> Result<&'d [u8]> {
    let b = ext.buffer;
    let (Some(buffer), Some(bytes)) = (
        usize::try_from(b).ok().and_then(|b| root.buffers.get(b)),
        usize::try_from(b).ok().and_then(|b| data.get(b)),
    ) else {
        return Err(AssetError::new(
            ErrorCode::MissingReference,
            format!("{ptr}/buffer"),
            format!(
                "refers to buffer {b}, but the file has only {} buffers",
                root.buffers.len()
            ),
        ));
    };
    if is_fallback(buffer) {
        return Err(bad(
            &format!("{ptr}/buffer"),
            format!("refers to buffer {b}, which is marked as a fallback buffer"),
        ));
    }
    match ext.byte_offset.checked_add(ext.byte_length) {
        Some(end) if end <= bytes.len() as u64 => {
            Ok(&bytes[ext.byte_offset as usize..end as usize])
        }
        _ => Err(AssetError::new(
            ErrorCode::OutOfBounds,
            ptr,
            format!(
                "the compressed data (offset {}, length {}) reaches past the end of buffer {b}, which holds {} bytes",
                ext.byte_offset,
                ext.byte_length,
                bytes.len()
            ),
        )),
    }
}
