//! Checked accessor reads: every index, offset, stride and count is verified against the data
//! before a byte is read, because the files are untrusted.

use std::collections::BTreeMap;

use gltf::json::accessor::{ComponentType, Type};
use gltf::json::validation::Checked;
use gltf::json::{self, Root};

use super::error::{AssetError, ErrorCode, Result};

/// The resolved binary buffers of a file, in `buffers` order.
pub struct Buffers {
    /// Bytes of each buffer (exactly `byteLength` long; empty for an `EXT_meshopt_compression`
    /// fallback buffer, which holds no data).
    pub data: Vec<Vec<u8>>,
    /// The decoded bytes of each compressed (`EXT_meshopt_compression`) buffer view the model
    /// uses, by view index: these replace the view's range of its (fallback) buffer.
    pub decoded: BTreeMap<usize, Vec<u8>>,
}

/// What a caller accepts for one attribute.
pub struct Expect {
    /// Allowed element types.
    pub types: &'static [Type],
    /// Whether integer components are allowed (KHR_mesh_quantization, colours, UVs).
    pub integers: bool,
    /// Whether every value must be finite.
    pub finite: bool,
}

/// Decoded accessor data as floats, `components` per element.
pub struct Floats {
    /// Components per element.
    pub components: usize,
    /// `count * components` values.
    pub values: Vec<f32>,
}

fn accessor<'r>(root: &'r Root, index: usize, referrer: &str) -> Result<&'r json::Accessor> {
    root.accessors.get(index).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            referrer,
            format!(
                "refers to accessor {index}, but the file has only {} accessors",
                root.accessors.len()
            ),
        )
    })
}

fn type_name(t: Type) -> &'static str {
    match t {
        Type::Scalar => "SCALAR",
        Type::Vec2 => "VEC2",
        Type::Vec3 => "VEC3",
        Type::Vec4 => "VEC4",
        Type::Mat2 => "MAT2",
        Type::Mat3 => "MAT3",
        Type::Mat4 => "MAT4",
    }
}

/// The checked location of an accessor's elements: bytes from the start of the first element,
/// the stride between elements, and the element layout.
struct Layout<'b> {
    bytes: &'b [u8],
    stride: usize,
    component: ComponentType,
    components: usize,
    count: usize,
}

fn layout<'b>(
    root: &Root,
    buffers: &'b Buffers,
    index: usize,
    max_count: u64,
) -> Result<(Option<Layout<'b>>, ComponentType, Type, usize)> {
    let acc = &root.accessors[index];
    let ptr = format!("/accessors/{index}");
    let Checked::Valid(json::accessor::GenericComponentType(component)) = acc.component_type else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/componentType"),
            "componentType must be one of 5120, 5121, 5122, 5123, 5125 or 5126",
        ));
    };
    let Checked::Valid(ty) = acc.type_ else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/type"),
            "type must be SCALAR, VEC2, VEC3, VEC4, MAT2, MAT3 or MAT4",
        ));
    };
    let count = acc.count.0;
    if count > max_count {
        return Err(AssetError::new(
            ErrorCode::LimitExceeded,
            format!("{ptr}/count"),
            format!("count is {count}, more than the limit of {max_count} elements"),
        ));
    }
    let count = count as usize;
    let components = ty.multiplicity();
    let elem = component.size() * components;
    let Some(view_index) = acc.buffer_view.as_ref().map(|v| v.value()) else {
        return Ok((None, component, ty, count));
    };
    let view = root.buffer_views.get(view_index).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            format!("{ptr}/bufferView"),
            format!(
                "refers to bufferView {view_index}, but the file has only {} bufferViews",
                root.buffer_views.len()
            ),
        )
    })?;
    let vptr = format!("/bufferViews/{view_index}");
    let data = view_bytes(root, buffers, view_index)?;
    let stride = match view.byte_stride {
        Some(json::buffer::Stride(s)) => {
            if s < elem || s % component.size() != 0 || s > 252 {
                return Err(AssetError::new(
                    ErrorCode::BadStride,
                    format!("{vptr}/byteStride"),
                    format!(
                        "byteStride {s} is invalid for accessor {index} ({} of {} bytes each): it must be at least {elem}, at most 252 and a multiple of {}",
                        type_name(ty),
                        component.size(),
                        component.size()
                    ),
                ));
            }
            s
        }
        None => elem,
    };
    let offset = acc.byte_offset.map_or(0, |o| o.0);
    let needed = if count == 0 {
        Some(offset)
    } else {
        (stride as u64)
            .checked_mul(count as u64 - 1)
            .and_then(|n| n.checked_add(elem as u64))
            .and_then(|n| n.checked_add(offset))
    };
    match needed {
        Some(n) if n <= data.len() as u64 => {}
        _ => {
            return Err(AssetError::new(
                ErrorCode::OutOfBounds,
                ptr,
                format!(
                    "accessor {index} ({count} × {} at offset {offset}, stride {stride}) reaches past the end of bufferView {view_index}, which is {} bytes long",
                    type_name(ty),
                    data.len()
                ),
            ));
        }
    }
    let layout = Layout {
        bytes: &data[offset as usize..],
        stride,
        component,
        components,
        count,
    };
    Ok((Some(layout), component, ty, count))
}

/// The bytes of a bufferView, checked against its buffer (or its decoded bytes, if it is
/// compressed).
pub fn view_bytes<'b>(root: &Root, buffers: &'b Buffers, view_index: usize) -> Result<&'b [u8]> {
    let vptr = format!("/bufferViews/{view_index}");
    let view = root.buffer_views.get(view_index).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            "",
            format!("bufferView {view_index} does not exist"),
        )
    })?;
    if let Some(decoded) = buffers.decoded.get(&view_index) {
        return Ok(decoded);
    }
    let buffer_index = view.buffer.value();
    let buffer = buffers.data.get(buffer_index).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            format!("{vptr}/buffer"),
            format!(
                "refers to buffer {buffer_index}, but the file has only {} buffers",
                buffers.data.len()
            ),
        )
    })?;
    let start = view.byte_offset.map_or(0, |o| o.0);
    let len = view.byte_length.0;
    match start.checked_add(len) {
        Some(end) if end <= buffer.len() as u64 => Ok(&buffer[start as usize..end as usize]),
        _ => Err(AssetError::new(
            ErrorCode::OutOfBounds,
            vptr,
            format!(
                "bufferView {view_index} (offset {start}, length {len}) reaches past the end of buffer {buffer_index}, which is {} bytes long",
                buffer.len()
            ),
        )),
    }
}

fn decode(bytes: &[u8], c: ComponentType, normalized: bool) -> f32 {
    // `bytes` is exactly `c.size()` long: guaranteed by the layout check.
    match c {
        ComponentType::F32 => f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]),
        ComponentType::U32 => u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as f32,
        ComponentType::U16 => {
            let v = u16::from_le_bytes([bytes[0], bytes[1]]) as f32;
            if normalized { v / 65535.0 } else { v }
        }
        ComponentType::I16 => {
            let v = i16::from_le_bytes([bytes[0], bytes[1]]) as f32;
            if normalized {
                (v / 32767.0).max(-1.0)
            } else {
                v
            }
        }
        ComponentType::U8 => {
            let v = bytes[0] as f32;
            if normalized { v / 255.0 } else { v }
        }
        ComponentType::I8 => {
            let v = bytes[0] as i8 as f32;
            if normalized { (v / 127.0).max(-1.0) } else { v }
        }
    }
}

/// Reads accessor `index` as floats, checking its type against `expect`.
/// `referrer` is the JSON pointer of the reference (for errors about the reference itself).
pub fn read_floats(
    root: &Root,
    buffers: &Buffers,
    index: usize,
    referrer: &str,
    expect: &Expect,
    max_count: u64,
) -> Result<Floats> {
    let acc = accessor(root, index, referrer)?;
    let ptr = format!("/accessors/{index}");
    let (layout, component, ty, count) = layout(root, buffers, index, max_count)?;
    if !expect.types.contains(&ty) {
        let names: Vec<_> = expect.types.iter().map(|t| type_name(*t)).collect();
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            referrer,
            format!(
                "accessor {index} is {} but this attribute must be {}",
                type_name(ty),
                names.join(" or ")
            ),
        ));
    }
    if component != ComponentType::F32 && (!expect.integers || component == ComponentType::U32) {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            referrer,
            format!(
                "accessor {index} has componentType {} but this attribute must be FLOAT (5126){}",
                component.as_gl_enum(),
                if expect.integers {
                    " or a quantized byte/short type"
                } else {
                    ""
                }
            ),
        ));
    }
    let components = ty.multiplicity();
    let mut values = vec![0.0f32; count * components];
    if let Some(l) = layout {
        let size = l.component.size();
        for (i, chunk) in values.chunks_exact_mut(l.components).enumerate() {
            let base = i * l.stride;
            for (k, v) in chunk.iter_mut().enumerate() {
                let at = base + k * size;
                *v = decode(&l.bytes[at..at + size], l.component, acc.normalized);
            }
        }
        debug_assert_eq!(l.count, count);
    }
    if let Some(sparse) = &acc.sparse {
        apply_sparse(
            root,
            buffers,
            index,
            sparse,
            component,
            components,
            acc.normalized,
            &mut values,
        )?;
    }
    if expect.finite {
        if let Some(bad) = values.iter().position(|v| !v.is_finite()) {
            return Err(AssetError::new(
                ErrorCode::NonFinite,
                ptr,
                format!(
                    "accessor {index} holds a value that is not a finite number (NaN or infinity) at element {}",
                    bad / components
                ),
            ));
        }
    }
    Ok(Floats { components, values })
}

#[allow(clippy::too_many_arguments)]
fn apply_sparse(
    root: &Root,
    buffers: &Buffers,
    index: usize,
    sparse: &json::accessor::sparse::Sparse,
    component: ComponentType,
    components: usize,
    normalized: bool,
    values: &mut [f32],
) -> Result<()> {
    let ptr = format!("/accessors/{index}/sparse");
    let n = sparse.count.0 as usize;
    let elements = values.len() / components.max(1);
    if n > elements {
        return Err(AssetError::new(
            ErrorCode::OutOfBounds,
            format!("{ptr}/count"),
            format!("sparse count {n} is larger than the accessor's count {elements}"),
        ));
    }
    let Checked::Valid(json::accessor::IndexComponentType(ic)) = sparse.indices.component_type
    else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/indices/componentType"),
            "sparse indices must be 5121, 5123 or 5125",
        ));
    };
    let idx_bytes = view_bytes(root, buffers, sparse.indices.buffer_view.value())?;
    let val_bytes = view_bytes(root, buffers, sparse.values.buffer_view.value())?;
    let io = sparse.indices.byte_offset.0 as usize;
    let vo = sparse.values.byte_offset.0 as usize;
    let elem = component.size() * components;
    let fits = |bytes: &[u8], off: usize, each: usize| {
        n.checked_mul(each)
            .and_then(|x| x.checked_add(off))
            .is_some_and(|end| end <= bytes.len())
    };
    if !fits(idx_bytes, io, ic.size()) || !fits(val_bytes, vo, elem) {
        return Err(AssetError::new(
            ErrorCode::OutOfBounds,
            ptr,
            "sparse indices or values reach past the end of their bufferView",
        ));
    }
    for i in 0..n {
        let at = io + i * ic.size();
        let target = decode(&idx_bytes[at..at + ic.size()], ic, false) as usize;
        if target >= elements {
            return Err(AssetError::new(
                ErrorCode::IndexOutOfRange,
                format!("{ptr}/indices"),
                format!("sparse index {target} is not below the accessor's count {elements}"),
            ));
        }
        for k in 0..components {
            let at = vo + i * elem + k * component.size();
            values[target * components + k] =
                decode(&val_bytes[at..at + component.size()], component, normalized);
        }
    }
    Ok(())
}

/// Reads an index accessor, checking that every index is below `vertex_count`.
pub fn read_indices(
    root: &Root,
    buffers: &Buffers,
    index: usize,
    referrer: &str,
    vertex_count: usize,
    max_count: u64,
) -> Result<Vec<u32>> {
    let _ = accessor(root, index, referrer)?;
    let (layout, component, ty, count) = layout(root, buffers, index, max_count)?;
    if ty != Type::Scalar
        || !matches!(
            component,
            ComponentType::U8 | ComponentType::U16 | ComponentType::U32
        )
    {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            referrer,
            format!(
                "index accessor {index} must be SCALAR of unsigned byte, short or int, not {} of {}",
                type_name(ty),
                component.as_gl_enum()
            ),
        ));
    }
    let Some(l) = layout else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("/accessors/{index}"),
            "an index accessor must have a bufferView",
        ));
    };
    let size = component.size();
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let at = i * l.stride;
        let b = &l.bytes[at..at + size];
        let v = match component {
            ComponentType::U8 => b[0] as u32,
            ComponentType::U16 => u16::from_le_bytes([b[0], b[1]]) as u32,
            _ => u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        };
        if v as usize >= vertex_count {
            return Err(AssetError::new(
                ErrorCode::IndexOutOfRange,
                referrer,
                format!(
                    "index {v} (element {i} of accessor {index}) is not below the vertex count {vertex_count}"
                ),
            ));
        }
        out.push(v);
    }
    Ok(out)
}
