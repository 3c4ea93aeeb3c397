//! `EXT_meshopt_compression` and `KHR_meshopt_compression` in a glTF file: checks the
//! extension object of every compressed buffer view the model reads against the specification
//! and the limits, charges what they decode to against a budget, and decodes each one the first
//! time it is read.
//!
//! Nothing is decoded while the file is checked: [`plan`] runs after the loader's triangle and
//! vertex budgets and only looks at JSON, and a view's bytes are decoded by [`Compressed::bytes`]
//! when an accessor or image actually reads it. A small file whose views share the same
//! compressed bytes is refused by the budget before any of them is decoded.

use std::cell::OnceCell;
use std::collections::{BTreeMap, BTreeSet};

use super::{Filter, Mode, decode, vertex_version};
use crate::asset::doc::{self, Obj, Path, Root, index, string, uint};
use crate::asset::error::{AssetError, ErrorCode, Result};
use crate::asset::json::Value;
use crate::asset::limits::Limits;

/// The extension's name.
pub(crate) const EXTENSION: &str = "EXT_meshopt_compression";

/// The Khronos successor: the same layout, plus version 1 of the attribute codec and the
/// `COLOR` filter.
pub(crate) const KHR_EXTENSION: &str = "KHR_meshopt_compression";

/// Both names, the Khronos one first (a view carrying both is read through it, see
/// [`doc::View::meshopt`]).
pub(crate) const EXTENSIONS: [&str; 2] = [KHR_EXTENSION, EXTENSION];

/// Decoded bytes allowed for a whole file, per byte of [`Limits::max_file_bytes`] (512 MiB with
/// the default limits). Meshopt data typically shrinks 2–5×; geometry that decodes to more
/// than this would not fit a phone anyway.
const DECODED_BYTES_PER_FILE_BYTE: usize = 4;

/// The extension object of a buffer view.
struct ViewExtension<'v> {
    buffer: usize,
    byte_offset: u64,
    byte_length: u64,
    byte_stride: u64,
    count: u64,
    mode: &'v str,
    filter: Option<&'v str>,
}

impl<'v> ViewExtension<'v> {
    /// Reads the extension object `v` (named `name`) of bufferView `vi`.
    fn read(v: &'v Value<'v>, name: &str, vi: usize) -> Result<Self> {
        let views = Path::Root;
        let views = views.key("bufferViews");
        let view = views.at(vi);
        let ext = view.key("extensions");
        let path = ext.key(name);
        let o = Obj::new(v, &path)?;
        Ok(Self {
            buffer: o.req("buffer", index)?,
            byte_offset: o.opt("byteOffset", uint)?.unwrap_or(0),
            byte_length: o.req("byteLength", uint)?,
            byte_stride: o.req("byteStride", uint)?,
            count: o.req("count", uint)?,
            mode: o.req("mode", string)?,
            filter: o.opt("filter", string)?,
        })
    }
}

/// Whether a buffer view carries a meshopt extension object.
pub(crate) fn is_compressed(view: &doc::View<'_>) -> bool {
    view.meshopt.is_some()
}

/// Whether the file uses either meshopt extension.
pub(crate) fn is_used(root: &Root<'_>) -> bool {
    root.extensions_used.iter().any(|e| EXTENSIONS.contains(e))
}

/// Whether a buffer is marked `"EXT_meshopt_compression": { "fallback": true }` (or the same
/// under `KHR_meshopt_compression`).
pub(crate) fn is_fallback(buffer: &doc::Buffer<'_>) -> bool {
    buffer.meshopt_fallback
}

fn bad(pointer: &str, message: String) -> AssetError {
    AssetError::new(ErrorCode::BadCompression, pointer, message)
}

/// One compressed view, checked, and its bytes once decoded.
struct Planned {
    ptr: String,
    mode: Mode,
    filter: Filter,
    count: usize,
    stride: usize,
    /// Buffer index and byte range of the compressed data (checked against the buffer).
    buffer: usize,
    start: usize,
    end: usize,
    decoded: OnceCell<Vec<u8>>,
}

/// The compressed views a model reads, checked and budgeted but not yet decoded.
#[derive(Default)]
pub(crate) struct Compressed {
    views: BTreeMap<usize, Planned>,
}

impl Compressed {
    /// The decoded bytes of view `vi`, decoding it on first use; `None` if `vi` is not a
    /// compressed view of the plan. `data` holds the buffers' bytes, as given to [`plan`].
    #[cfg(feature = "full-geometry")]
    pub(crate) fn bytes<'s, B: AsRef<[u8]>>(
        &'s self,
        vi: usize,
        data: &[B],
    ) -> Option<Result<&'s [u8]>> {
        let p = self.views.get(&vi)?;
        if let Some(d) = p.decoded.get() {
            return Some(Ok(d));
        }
        // The range was checked against this buffer by `plan`.
        let source = data
            .get(p.buffer)
            .and_then(|b| b.as_ref().get(p.start..p.end));
        let Some(source) = source else {
            return Some(Err(bad(
                &p.ptr,
                format!("bufferView {vi}'s compressed data is missing"),
            )));
        };
        match decode(source, p.mode, p.filter, p.count, p.stride) {
            Ok(bytes) => Some(Ok(p.decoded.get_or_init(|| bytes))),
            Err(e) => Some(Err(bad(
                &p.ptr,
                format!("bufferView {vi} cannot be decoded: {e}"),
            ))),
        }
    }
}

impl Compressed {
    /// Without the `full-geometry` feature nothing is planned (the loader refuses compressed
    /// views first), so there are no decoded bytes.
    #[cfg(not(feature = "full-geometry"))]
    pub(crate) fn bytes<'s, B: AsRef<[u8]>>(
        &'s self,
        _vi: usize,
        _data: &[B],
    ) -> Option<Result<&'s [u8]>> {
        None
    }
}

/// Checks the extension objects of the compressed views among `used` (the views the loader
/// will read) and charges their decoded size against the budget, all before decoding any.
/// `data` holds the buffers' bytes (empty for fallback buffers).
pub(crate) fn plan<B: AsRef<[u8]>>(
    root: &Root<'_>,
    data: &[B],
    used: &BTreeSet<usize>,
    limits: &Limits,
) -> Result<Compressed> {
    let budget = limits
        .max_file_bytes
        .saturating_mul(DECODED_BYTES_PER_FILE_BYTE) as u64;
    let mut decoded_bytes = 0u64;
    let mut first_view = None;
    let mut out = Compressed::default();
    for &vi in used {
        let Some(view) = root.buffer_views.get(vi) else {
            continue; // reported where the view is read
        };
        let Some((name, ext)) = view.meshopt else {
            continue;
        };
        let ptr = format!("/bufferViews/{vi}/extensions/{name}");
        let khr = name == KHR_EXTENSION;
        // Reported at the extension object, whichever of its fields is wrong.
        let ext = ViewExtension::read(ext, name, vi).map_err(|e| {
            AssetError::new(
                ErrorCode::Json,
                &ptr,
                format!(
                    "bufferView {vi}'s {name} object is malformed: {}",
                    e.message
                ),
            )
        })?;
        let mode = Mode::from_name(ext.mode).ok_or_else(|| {
            AssetError::new(
                ErrorCode::Json,
                format!("{ptr}/mode"),
                format!(
                    "mode must be ATTRIBUTES, TRIANGLES or INDICES, not \"{}\"",
                    ext.mode
                ),
            )
        })?;
        let filter = match ext.filter.map(Filter::from_name) {
            None => Filter::None,
            Some(Some(f)) if khr || f != Filter::Color => f,
            _ => {
                return Err(AssetError::new(
                    ErrorCode::Json,
                    format!("{ptr}/filter"),
                    format!(
                        "filter must be NONE, OCTAHEDRAL, QUATERNION{} or EXPONENTIAL, not \"{}\"",
                        if khr { ", COLOR" } else { "" },
                        ext.filter.unwrap_or_default()
                    ),
                ));
            }
        };
        if let Some(s) = view.byte_stride {
            if s != ext.byte_stride {
                return Err(AssetError::new(
                    ErrorCode::BadStride,
                    format!("/bufferViews/{vi}/byteStride"),
                    format!(
                        "bufferView {vi} has byteStride {s} but its {name} object says {}",
                        ext.byte_stride
                    ),
                ));
            }
        }
        let total = ext.count.checked_mul(ext.byte_stride);
        if total != Some(view.byte_length) {
            return Err(bad(
                &ptr,
                format!(
                    "count {} × byteStride {} must equal bufferView {vi}'s byteLength {}",
                    ext.count, ext.byte_stride, view.byte_length
                ),
            ));
        }
        // Charged before anything is decoded: views may share their compressed bytes, so the
        // sum of what they decode to, not the file's size, is what the budget must bound.
        decoded_bytes = decoded_bytes.saturating_add(view.byte_length);
        let first = *first_view.get_or_insert(vi);
        if decoded_bytes > budget {
            return Err(AssetError::new(
                ErrorCode::LimitExceeded,
                &ptr,
                format!(
                    "the compressed bufferViews {first} to {vi} that the model reads decode to {decoded_bytes} bytes together, more than the limit of {budget} bytes"
                ),
            ));
        }
        // Both fit in usize: their product is at most `budget`, itself a usize.
        let (count, stride) = (ext.count as usize, ext.byte_stride as usize);
        super::check_layout(mode, filter, count, stride).map_err(|e| bad(&ptr, e.to_string()))?;
        check_parent(root, view, vi)?;
        let (buffer, start, end) = source_range(root, data, &ext, &ptr)?;
        let source = &data[buffer].as_ref()[start..end];
        if !khr && mode == Mode::Attributes && vertex_version(source) == Some(1) {
            return Err(bad(
                &ptr,
                format!(
                    "bufferView {vi} uses version 1 of the attribute codec, which only {KHR_EXTENSION} allows; {EXTENSION} requires version 0"
                ),
            ));
        }
        out.views.insert(
            vi,
            Planned {
                ptr,
                mode,
                filter,
                count,
                stride,
                buffer,
                start,
                end,
                decoded: OnceCell::new(),
            },
        );
    }
    Ok(out)
}

/// The view's own range must fit in the buffer it names (a fallback buffer's `byteLength`
/// covers all its uncompressed views).
fn check_parent(root: &Root<'_>, view: &doc::View<'_>, vi: usize) -> Result<()> {
    let b = view.buffer;
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
    let start = view.byte_offset;
    match start.checked_add(view.byte_length) {
        Some(end) if end <= parent.byte_length => Ok(()),
        _ => Err(AssetError::new(
            ErrorCode::OutOfBounds,
            format!("/bufferViews/{vi}"),
            format!(
                "bufferView {vi} (offset {start}, length {}) reaches past the end of buffer {b}, whose byteLength is {}",
                view.byte_length, parent.byte_length
            ),
        )),
    }
}

/// The buffer and byte range of the compressed data the extension object points at.
fn source_range<B: AsRef<[u8]>>(
    root: &Root<'_>,
    data: &[B],
    ext: &ViewExtension<'_>,
    ptr: &str,
) -> Result<(usize, usize, usize)> {
    let b = ext.buffer;
    let found = Some(b).and_then(|i| Some((i, root.buffers.get(i)?, data.get(i)?.as_ref())));
    let Some((index, buffer, bytes)) = found else {
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
            Ok((index, ext.byte_offset as usize, end as usize))
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
