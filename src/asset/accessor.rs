//! Checked accessor reads: every index, offset, stride and count is verified against the data
//! before a byte is read, because the files are untrusted.

use std::borrow::Cow;

use super::doc::{self, ComponentType, Root, Type};
use super::error::{AssetError, ErrorCode, Result};
use super::meshopt;

/// The resolved binary buffers of a file, in `buffers` order.
pub struct Buffers<'a> {
    /// Bytes of each buffer (exactly `byteLength` long; empty for an `EXT_meshopt_compression`
    /// fallback buffer, which holds no data). The GLB binary chunk is borrowed from the file,
    /// not copied.
    pub data: Vec<Cow<'a, [u8]>>,
    /// The compressed (`EXT_meshopt_compression` / `KHR_meshopt_compression`) buffer views the
    /// model reads, decoded on first read: their bytes replace the view's range of its
    /// (fallback) buffer.
    pub compressed: meshopt::Compressed,
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

fn accessor<'r>(root: &'r Root<'_>, index: usize, referrer: &str) -> Result<&'r doc::Accessor> {
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
    root: &Root<'_>,
    buffers: &'b Buffers<'_>,
    index: usize,
    max_count: u64,
) -> Result<(Option<Layout<'b>>, ComponentType, Type, usize)> {
    let acc = &root.accessors[index];
    let ptr = format!("/accessors/{index}");
    let Some(component) = ComponentType::from_gl(acc.component_type) else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/componentType"),
            "componentType must be one of 5120, 5121, 5122, 5123, 5125 or 5126",
        ));
    };
    let Some(ty) = acc.type_ else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/type"),
            "type must be SCALAR, VEC2, VEC3, VEC4, MAT2, MAT3 or MAT4",
        ));
    };
    let count = acc.count;
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
    let Some(view_index) = acc.buffer_view else {
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
        Some(s) => {
            if s < elem as u64 || s % component.size() as u64 != 0 || s > 252 {
                return Err(AssetError::new(
                    ErrorCode::BadStride,
                    format!("{vptr}/byteStride"),
                    format!(
                        "byteStride {s} is invalid for accessor {index} ({} of {} bytes each): it must be at least {elem}, at most 252 and a multiple of {}",
                        ty.name(),
                        component.size(),
                        component.size()
                    ),
                ));
            }
            s as usize
        }
        None => elem,
    };
    let offset = acc.byte_offset;
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
                    ty.name(),
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
pub fn view_bytes<'b>(
    root: &Root<'_>,
    buffers: &'b Buffers<'_>,
    view_index: usize,
) -> Result<&'b [u8]> {
    let vptr = format!("/bufferViews/{view_index}");
    let view = root.buffer_views.get(view_index).ok_or_else(|| {
        AssetError::new(
            ErrorCode::MissingReference,
            "",
            format!("bufferView {view_index} does not exist"),
        )
    })?;
    if let Some(decoded) = buffers.compressed.bytes(view_index, &buffers.data) {
        return decoded;
    }
    if meshopt::is_compressed(view) {
        // The loader plans every view it reads; reading the fallback instead would be wrong.
        return Err(AssetError::new(
            ErrorCode::BadCompression,
            vptr,
            format!("bufferView {view_index} is compressed but was not checked before reading"),
        ));
    }
    let buffer_index = view.buffer;
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
    let start = view.byte_offset;
    let len = view.byte_length;
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
        ComponentType::U16 => u16_value(u16::from_le_bytes([bytes[0], bytes[1]]), normalized),
        ComponentType::I16 => i16_value(i16::from_le_bytes([bytes[0], bytes[1]]), normalized),
        ComponentType::U8 => u8_value(bytes[0], normalized),
        ComponentType::I8 => i8_value(bytes[0] as i8, normalized),
    }
}

fn u16_value(v: u16, normalized: bool) -> f32 {
    if normalized {
        v as f32 / 65535.0
    } else {
        v as f32
    }
}

fn i16_value(v: i16, normalized: bool) -> f32 {
    if normalized {
        (v as f32 / 32767.0).max(-1.0)
    } else {
        v as f32
    }
}

fn u8_value(v: u8, normalized: bool) -> f32 {
    if normalized {
        v as f32 / 255.0
    } else {
        v as f32
    }
}

fn i8_value(v: i8, normalized: bool) -> f32 {
    if normalized {
        (v as f32 / 127.0).max(-1.0)
    } else {
        v as f32
    }
}

/// Converts the first `components` components of each element of `l` into `out`, which holds
/// `count` vectors of `n` floats back to back, with `convert` turning one component's `SIZE`
/// bytes into a float. Not generic over `n`: one copy per component type serves every vector
/// width (the loader reads 2-, 3- and 4-vectors).
fn fill<const SIZE: usize>(
    l: &Layout<'_>,
    out: &mut [f32],
    n: usize,
    convert: impl Fn([u8; SIZE]) -> f32,
) {
    let components = l.components.min(n);
    // The layout check guarantees that element `count - 1` ends inside `l.bytes`, so every
    // chunk but perhaps the last is a whole stride, and every chunk holds a whole element.
    for (dst, src) in out.chunks_exact_mut(n).zip(l.bytes.chunks(l.stride)) {
        for (k, v) in dst.iter_mut().take(components).enumerate() {
            if let Some(b) = src.get(k * SIZE..(k + 1) * SIZE) {
                let mut a = [0u8; SIZE];
                a.copy_from_slice(b);
                *v = convert(a);
            }
        }
    }
}

/// Reads accessor `index` as vectors of `N` floats, checking its type against `expect`: its
/// components go first, and components it lacks keep their value in `fill` (COLOR_0 as VEC3
/// reads into `[r, g, b, 1]`). Reads straight into the vector the model keeps.
/// `referrer` is the JSON pointer of the reference (for errors about the reference itself).
/// Only this allocation is generic over `N`: the checks and the conversion are not
/// ([`check_vectors`], [`read_checked`]), so the three widths share one copy of them.
#[allow(clippy::too_many_arguments)]
pub fn read_vectors<const N: usize>(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    index: usize,
    referrer: &str,
    expect: &Expect,
    max_count: u64,
    fill_value: [f32; N],
) -> Result<Vec<[f32; N]>> {
    let checked = check_vectors(root, buffers, index, referrer, expect, max_count, N)?;
    let mut values = vec![fill_value; checked.count];
    read_checked(
        root,
        buffers,
        index,
        checked,
        values.as_flattened_mut(),
        N,
        expect.finite,
    )?;
    Ok(values)
}

/// An accessor whose type and component type were checked against what its reader expects.
struct Checked<'b> {
    acc: &'b doc::Accessor,
    layout: Option<Layout<'b>>,
    component: ComponentType,
    components: usize,
    count: usize,
}

/// The checks of [`read_vectors`] before it allocates: the reference, the layout, the element
/// type (at most `n` components) and the component type.
#[allow(clippy::too_many_arguments)]
fn check_vectors<'b>(
    root: &'b Root<'_>,
    buffers: &'b Buffers<'_>,
    index: usize,
    referrer: &str,
    expect: &Expect,
    max_count: u64,
    n: usize,
) -> Result<Checked<'b>> {
    let acc = accessor(root, index, referrer)?;
    let (layout, component, ty, count) = layout(root, buffers, index, max_count)?;
    if !expect.types.contains(&ty) || ty.multiplicity() > n {
        let names: Vec<_> = expect.types.iter().map(|t| t.name()).collect();
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            referrer,
            format!(
                "accessor {index} is {} but this attribute must be {}",
                ty.name(),
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
                component.gl(),
                if expect.integers {
                    " or a quantized byte/short type"
                } else {
                    ""
                }
            ),
        ));
    }
    Ok(Checked {
        acc,
        layout,
        component,
        components: ty.multiplicity(),
        count,
    })
}

/// The rest of [`read_vectors`]: converts a checked accessor into `values` (its `count` vectors
/// of `n` floats back to back, preset with the fill value), applies its sparse substitution and,
/// if `finite`, checks that every value is a finite number.
fn read_checked(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    index: usize,
    checked: Checked<'_>,
    values: &mut [f32],
    n: usize,
    finite: bool,
) -> Result<()> {
    let Checked {
        acc,
        layout,
        component,
        components,
        count,
    } = checked;
    if let Some(l) = layout {
        debug_assert_eq!(l.count, count);
        let z = acc.normalized;
        match l.component {
            ComponentType::F32 => fill(&l, values, n, f32::from_le_bytes),
            ComponentType::U32 => fill(&l, values, n, |b| u32::from_le_bytes(b) as f32),
            ComponentType::U16 => fill(&l, values, n, |b| u16_value(u16::from_le_bytes(b), z)),
            ComponentType::I16 => fill(&l, values, n, |b| i16_value(i16::from_le_bytes(b), z)),
            ComponentType::U8 => fill(&l, values, n, |b: [u8; 1]| u8_value(b[0], z)),
            ComponentType::I8 => fill(&l, values, n, |b: [u8; 1]| i8_value(b[0] as i8, z)),
        }
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
            values,
            n,
        )?;
    }
    if finite {
        let bad = values
            .chunks_exact(n)
            .position(|v| !v[..components].iter().all(|c| c.is_finite()));
        if let Some(bad) = bad {
            return Err(AssetError::new(
                ErrorCode::NonFinite,
                format!("/accessors/{index}"),
                format!(
                    "accessor {index} holds a value that is not a finite number (NaN or infinity) at element {bad}"
                ),
            ));
        }
    }
    Ok(())
}

/// Applies an accessor's sparse substitution to `values` (vectors of `n` floats back to back).
#[allow(clippy::too_many_arguments)]
fn apply_sparse(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
    index: usize,
    sparse: &doc::Sparse,
    component: ComponentType,
    components: usize,
    normalized: bool,
    values: &mut [f32],
    width: usize,
) -> Result<()> {
    let ptr = format!("/accessors/{index}/sparse");
    let n = usize::try_from(sparse.count).unwrap_or(usize::MAX);
    let elements = values.len() / width;
    if n > elements {
        return Err(AssetError::new(
            ErrorCode::OutOfBounds,
            format!("{ptr}/count"),
            format!("sparse count {n} is larger than the accessor's count {elements}"),
        ));
    }
    let Some(ic) = ComponentType::from_gl(sparse.indices_component_type).filter(|c| {
        matches!(
            c,
            ComponentType::U8 | ComponentType::U16 | ComponentType::U32
        )
    }) else {
        return Err(AssetError::new(
            ErrorCode::BadAccessor,
            format!("{ptr}/indices/componentType"),
            "sparse indices must be 5121, 5123 or 5125",
        ));
    };
    let idx_bytes = view_bytes(root, buffers, sparse.indices_view)?;
    let val_bytes = view_bytes(root, buffers, sparse.values_view)?;
    let io = usize::try_from(sparse.indices_offset).unwrap_or(usize::MAX);
    let vo = usize::try_from(sparse.values_offset).unwrap_or(usize::MAX);
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
        let dst = match target.checked_mul(width) {
            Some(at) if target < elements => values.get_mut(at..at + width),
            _ => None,
        };
        let Some(dst) = dst else {
            return Err(AssetError::new(
                ErrorCode::IndexOutOfRange,
                format!("{ptr}/indices"),
                format!("sparse index {target} is not below the accessor's count {elements}"),
            ));
        };
        for (k, v) in dst.iter_mut().take(components).enumerate() {
            let at = vo + i * elem + k * component.size();
            *v = decode(&val_bytes[at..at + component.size()], component, normalized);
        }
    }
    Ok(())
}

/// Reads an index accessor, checking that every index is below `vertex_count`.
pub fn read_indices(
    root: &Root<'_>,
    buffers: &Buffers<'_>,
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
                ty.name(),
                component.gl()
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
