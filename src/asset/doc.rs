//! The parts of a glTF 2.0 document roomfit reads, from parsed JSON ([`super::json`]).
//!
//! Only the properties the loader uses are read; everything else (animations, skins, cameras,
//! extras, unknown extensions) is ignored, as glTF intends for readers. Each property that is
//! read must have its schema type: a wrong type or a missing required property is an
//! [`ErrorCode::Json`] error whose JSON pointer names the property. Values whose *meaning* is
//! checked later (an unknown `componentType`, a `mode` of 9, an index past the end of its
//! array) are kept as read, so that the loader reports them only for what it actually uses.
//! Materials are read by `material.rs` straight from their JSON objects with [`Path`] and the
//! field readers here.

use std::borrow::Cow;

use super::error::{AssetError, ErrorCode, Result};
use super::json::Value;

/// A JSON pointer built on the stack while reading, turned into text only for an error.
#[derive(Clone, Copy)]
pub enum Path<'p> {
    /// The document itself (the empty pointer).
    Root,
    /// A member of an object.
    Key(&'p Path<'p>, &'p str),
    /// An element of an array.
    Index(&'p Path<'p>, usize),
}

impl<'p> Path<'p> {
    /// The member `key` of this object.
    pub fn key(&'p self, key: &'p str) -> Path<'p> {
        Path::Key(self, key)
    }

    /// Element `i` of this array.
    pub fn at(&'p self, i: usize) -> Path<'p> {
        Path::Index(self, i)
    }

    /// The JSON pointer (RFC 6901) text, with `~` and `/` in keys escaped.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match *self {
            Path::Root => {}
            Path::Key(parent, key) => {
                parent.write(out);
                out.push('/');
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('/');
                out.push_str(&i.to_string());
            }
        }
    }
}

fn wrong(path: &Path<'_>, expected: &str, v: &Value<'_>) -> AssetError {
    let p = path.pointer();
    AssetError::new(
        ErrorCode::Json,
        p.clone(),
        format!("{p} must be {expected}, not {}", v.kind()),
    )
}

/// The members of `v`, which must be an object.
pub fn object<'v>(v: &'v Value<'v>, path: &Path<'_>) -> Result<&'v [(Cow<'v, str>, Value<'v>)]> {
    v.as_object().ok_or_else(|| wrong(path, "an object", v))
}

/// The elements of `v`, which must be an array.
pub fn array<'v>(v: &'v Value<'v>, path: &Path<'_>) -> Result<&'v [Value<'v>]> {
    v.as_array().ok_or_else(|| wrong(path, "an array", v))
}

/// `v` as a string.
pub fn string<'v>(v: &'v Value<'v>, path: &Path<'_>) -> Result<&'v str> {
    v.as_str().ok_or_else(|| wrong(path, "a string", v))
}

/// `v` as a boolean.
pub fn boolean(v: &Value<'_>, path: &Path<'_>) -> Result<bool> {
    v.as_bool().ok_or_else(|| wrong(path, "true or false", v))
}

/// `v` as a non-negative integer (exact, at most 2^53).
pub fn uint(v: &Value<'_>, path: &Path<'_>) -> Result<u64> {
    v.as_u64()
        .ok_or_else(|| wrong(path, "a non-negative integer", v))
}

/// `v` as an index into an array of the document (saturating on 32-bit targets, where no
/// array can be that long anyway).
pub fn index(v: &Value<'_>, path: &Path<'_>) -> Result<usize> {
    uint(v, path).map(|i| usize::try_from(i).unwrap_or(usize::MAX))
}

/// `v` as a number, rounded to `f32` (which may overflow to infinity: callers check
/// finiteness where it matters, with their own error).
pub fn float(v: &Value<'_>, path: &Path<'_>) -> Result<f32> {
    v.as_f64()
        .map(|x| x as f32)
        .ok_or_else(|| wrong(path, "a number", v))
}

/// `v` as an array of exactly `N` numbers.
pub fn floats<const N: usize>(v: &Value<'_>, path: &Path<'_>) -> Result<[f32; N]> {
    let a = v.as_array().filter(|a| a.len() == N);
    let mut out = [0.0; N];
    match a {
        Some(a) => {
            for (i, (o, x)) in out.iter_mut().zip(a).enumerate() {
                *o = float(x, &path.at(i))?;
            }
            Ok(out)
        }
        None => Err(wrong(path, &format!("an array of {N} numbers"), v)),
    }
}

/// Looks up members of one object and reads them with their pointers.
#[derive(Clone, Copy)]
pub struct Obj<'v, 'p> {
    /// The object's members.
    pub members: &'v [(Cow<'v, str>, Value<'v>)],
    /// Where the object is.
    pub path: &'p Path<'p>,
}

impl<'v, 'p> Obj<'v, 'p> {
    /// The object `v` at `path` (an error if `v` is not an object).
    pub fn new(v: &'v Value<'v>, path: &'p Path<'p>) -> Result<Self> {
        Ok(Self {
            members: object(v, path)?,
            path,
        })
    }

    /// The raw value of member `key`, if present.
    pub fn get(&self, key: &str) -> Option<&'v Value<'v>> {
        self.members.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Reads member `key` with `read`, if present.
    pub fn opt<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'v Value<'v>, &Path<'_>) -> Result<T>,
    ) -> Result<Option<T>> {
        match self.get(key) {
            Some(v) => read(v, &self.path.key(key)).map(Some),
            None => Ok(None),
        }
    }

    /// Reads member `key` with `read`; an error if it is missing.
    pub fn req<T>(
        &self,
        key: &str,
        read: impl FnOnce(&'v Value<'v>, &Path<'_>) -> Result<T>,
    ) -> Result<T> {
        match self.get(key) {
            Some(v) => read(v, &self.path.key(key)),
            None => {
                let p = self.path.pointer();
                Err(AssetError::new(
                    ErrorCode::Json,
                    p.clone(),
                    format!("{key} is required here but missing"),
                ))
            }
        }
    }
}

/// Reads every element of the array `v` with `read`.
fn each<'v, T>(
    v: &'v Value<'v>,
    path: &Path<'_>,
    mut read: impl FnMut(&'v Value<'v>, &Path<'_>) -> Result<T>,
) -> Result<Vec<T>> {
    let items = array(v, path)?;
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        out.push(read(item, &path.at(i))?);
    }
    Ok(out)
}

/// Reads every element of the array `v` as an object with `read`.
fn each_object<'v, T>(
    v: &'v Value<'v>,
    path: &Path<'_>,
    mut read: impl FnMut(Obj<'v, '_>) -> Result<T>,
) -> Result<Vec<T>> {
    each(v, path, |item, p| read(Obj::new(item, p)?))
}

/// An accessor's component type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComponentType {
    /// 5120.
    I8,
    /// 5121.
    U8,
    /// 5122.
    I16,
    /// 5123.
    U16,
    /// 5125.
    U32,
    /// 5126.
    F32,
}

impl ComponentType {
    /// The type a GL enum value names.
    pub fn from_gl(v: u64) -> Option<Self> {
        Some(match v {
            5120 => Self::I8,
            5121 => Self::U8,
            5122 => Self::I16,
            5123 => Self::U16,
            5125 => Self::U32,
            5126 => Self::F32,
            _ => return None,
        })
    }

    /// The GL enum value.
    pub fn gl(self) -> u32 {
        match self {
            Self::I8 => 5120,
            Self::U8 => 5121,
            Self::I16 => 5122,
            Self::U16 => 5123,
            Self::U32 => 5125,
            Self::F32 => 5126,
        }
    }

    /// Bytes per component.
    pub fn size(self) -> usize {
        match self {
            Self::I8 | Self::U8 => 1,
            Self::I16 | Self::U16 => 2,
            Self::U32 | Self::F32 => 4,
        }
    }
}

/// An accessor's element type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    /// One component.
    Scalar,
    /// Two.
    Vec2,
    /// Three.
    Vec3,
    /// Four.
    Vec4,
    /// Four (2×2).
    Mat2,
    /// Nine.
    Mat3,
    /// Sixteen.
    Mat4,
}

impl Type {
    const ALL: [(Type, &'static str, usize); 7] = [
        (Type::Scalar, "SCALAR", 1),
        (Type::Vec2, "VEC2", 2),
        (Type::Vec3, "VEC3", 3),
        (Type::Vec4, "VEC4", 4),
        (Type::Mat2, "MAT2", 4),
        (Type::Mat3, "MAT3", 9),
        (Type::Mat4, "MAT4", 16),
    ];

    fn from_name(s: &str) -> Option<Self> {
        Self::ALL.iter().find(|t| t.1 == s).map(|t| t.0)
    }

    /// The name in glTF JSON.
    pub fn name(self) -> &'static str {
        Self::ALL[self as usize].1
    }

    /// Components per element.
    pub fn multiplicity(self) -> usize {
        Self::ALL[self as usize].2
    }
}

/// Sparse storage of an accessor.
pub struct Sparse {
    /// Number of displaced elements.
    pub count: u64,
    /// bufferView of the indices.
    pub indices_view: usize,
    /// Offset of the indices in their view.
    pub indices_offset: u64,
    /// Component type of the indices (GL enum value, checked when read).
    pub indices_component_type: u64,
    /// bufferView of the values.
    pub values_view: usize,
    /// Offset of the values in their view.
    pub values_offset: u64,
}

/// An accessor.
pub struct Accessor {
    /// Its bufferView; without one, the elements are zeros.
    pub buffer_view: Option<usize>,
    /// Offset into the bufferView.
    pub byte_offset: u64,
    /// Number of elements.
    pub count: u64,
    /// GL enum value (checked when read).
    pub component_type: u64,
    /// Element type (`None`: a string that names no type).
    pub type_: Option<Type>,
    /// Whether integers map to [0, 1] or [-1, 1].
    pub normalized: bool,
    /// Sparse storage.
    pub sparse: Option<Sparse>,
}

/// A buffer.
pub struct Buffer<'v> {
    /// Its length in bytes.
    pub byte_length: u64,
    /// Where its data is (absent: the GLB binary chunk, or no data).
    pub uri: Option<&'v str>,
    /// `"fallback": true` in its `KHR_meshopt_compression` or `EXT_meshopt_compression`
    /// object: the buffer holds no data.
    pub meshopt_fallback: bool,
}

/// A bufferView.
pub struct View<'v> {
    /// Its buffer.
    pub buffer: usize,
    /// Offset into the buffer.
    pub byte_offset: u64,
    /// Length in bytes.
    pub byte_length: u64,
    /// Stride between elements, if stated.
    pub byte_stride: Option<u64>,
    /// The meshopt extension's name and object (`KHR_meshopt_compression` preferred over
    /// `EXT_meshopt_compression`), read by `meshopt/views.rs`.
    pub meshopt: Option<(&'static str, &'v Value<'v>)>,
}

/// An image.
pub struct Image<'v> {
    /// Its name.
    pub name: Option<&'v str>,
    /// Where its bytes are, as a URI.
    pub uri: Option<&'v str>,
    /// Or as a bufferView.
    pub buffer_view: Option<usize>,
}

/// A `KHR_materials_variants` mapping of a primitive.
pub struct VariantMapping {
    /// The material.
    pub material: usize,
    /// The variants that use it.
    pub variants: Vec<usize>,
}

/// A mesh primitive.
pub struct Primitive<'v> {
    /// Attribute names and their accessors, in document order.
    pub attributes: Vec<(&'v str, usize)>,
    /// The index accessor.
    pub indices: Option<usize>,
    /// The material.
    pub material: Option<usize>,
    /// The topology (GL enum value 0 to 6; checked when read).
    pub mode: u64,
    /// `KHR_materials_variants` mappings.
    pub variants: Vec<VariantMapping>,
}

impl Primitive<'_> {
    /// The accessor of attribute `name`.
    pub fn attribute(&self, name: &str) -> Option<usize> {
        self.attributes
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, a)| a)
    }

    /// Whether the primitive draws triangles (mode 4, 5 or 6).
    pub fn is_triangles(&self) -> bool {
        matches!(self.mode, 4..=6)
    }
}

/// A mesh.
pub struct Mesh<'v> {
    /// Its name.
    pub name: Option<&'v str>,
    /// Its primitives.
    pub primitives: Vec<Primitive<'v>>,
}

/// A node.
pub struct Node {
    /// Child nodes.
    pub children: Vec<usize>,
    /// The mesh it shows.
    pub mesh: Option<usize>,
    /// Column-major local matrix.
    pub matrix: Option<[f32; 16]>,
    /// Local translation.
    pub translation: Option<[f32; 3]>,
    /// Local rotation (x, y, z, w).
    pub rotation: Option<[f32; 4]>,
    /// Local scale.
    pub scale: Option<[f32; 3]>,
}

/// A texture sampler (GL enum values, interpreted by `material.rs`).
pub struct Sampler {
    /// Magnification filter.
    pub mag_filter: Option<u64>,
    /// Minification filter.
    pub min_filter: Option<u64>,
    /// Wrap mode in U (default 10497, REPEAT).
    pub wrap_s: u64,
    /// Wrap mode in V.
    pub wrap_t: u64,
}

/// A texture.
pub struct Texture {
    /// Its sampler.
    pub sampler: Option<usize>,
    /// Its image.
    pub source: Option<usize>,
    /// The `EXT_texture_webp` image, preferred when present.
    pub webp_source: Option<usize>,
}

/// The document.
pub struct Root<'v> {
    /// `asset.version`.
    pub version: &'v str,
    /// `extensionsUsed`.
    pub extensions_used: Vec<&'v str>,
    /// `extensionsRequired`.
    pub extensions_required: Vec<&'v str>,
    /// Accessors.
    pub accessors: Vec<Accessor>,
    /// Buffers.
    pub buffers: Vec<Buffer<'v>>,
    /// bufferViews.
    pub buffer_views: Vec<View<'v>>,
    /// Images.
    pub images: Vec<Image<'v>>,
    /// Material objects, read by `material.rs`.
    pub materials: Vec<&'v Value<'v>>,
    /// Meshes.
    pub meshes: Vec<Mesh<'v>>,
    /// Nodes.
    pub nodes: Vec<Node>,
    /// Samplers.
    pub samplers: Vec<Sampler>,
    /// The default scene.
    pub scene: Option<usize>,
    /// Each scene's root nodes.
    pub scenes: Vec<Vec<usize>>,
    /// Textures.
    pub textures: Vec<Texture>,
    /// `KHR_materials_variants` variant names.
    pub variants: Vec<&'v str>,
}

impl<'v> Root<'v> {
    /// Reads the document `v`. `asset.version` is read but not judged here.
    pub fn read(v: &'v Value<'v>) -> Result<Self> {
        let root = Obj::new(v, &Path::Root)?;
        let opt_list = |key: &str, read: &mut dyn FnMut(Obj<'v, '_>) -> Result<()>| {
            root.opt(key, |v, p| {
                each_object(v, p, &mut *read)?;
                Ok(())
            })
            .map(|_| ())
        };
        let asset_path = Path::Root;
        let asset_path = asset_path.key("asset");
        let asset = root.req("asset", |v, _| Obj::new(v, &asset_path))?;
        let version = asset.req("version", string)?;
        let strings = |key: &str| -> Result<Vec<&'v str>> {
            Ok(root
                .opt(key, |v, p| each(v, p, string))?
                .unwrap_or_default())
        };
        let extensions_used = strings("extensionsUsed")?;
        let extensions_required = strings("extensionsRequired")?;

        let mut accessors = Vec::new();
        opt_list("accessors", &mut |a| {
            accessors.push(accessor(a)?);
            Ok(())
        })?;
        let mut buffers = Vec::new();
        opt_list("buffers", &mut |b| {
            let mut meshopt_fallback = false;
            for name in MESHOPT {
                // A hint that lets the loader skip a buffer: anything but `true` means "read it".
                let ext = extension(&b, name)?;
                meshopt_fallback |= ext.and_then(|e| e.get("fallback")) == Some(&Value::Bool(true));
            }
            buffers.push(Buffer {
                byte_length: b.req("byteLength", uint)?,
                uri: b.opt("uri", string)?,
                meshopt_fallback,
            });
            Ok(())
        })?;
        let mut buffer_views = Vec::new();
        opt_list("bufferViews", &mut |b| {
            buffer_views.push(View {
                buffer: b.req("buffer", index)?,
                byte_offset: b.opt("byteOffset", uint)?.unwrap_or(0),
                byte_length: b.req("byteLength", uint)?,
                byte_stride: b.opt("byteStride", uint)?,
                meshopt: match extension(&b, MESHOPT[0])? {
                    Some(e) => Some((MESHOPT[0], e)),
                    None => extension(&b, MESHOPT[1])?.map(|e| (MESHOPT[1], e)),
                },
            });
            Ok(())
        })?;
        let mut images = Vec::new();
        opt_list("images", &mut |i| {
            images.push(Image {
                name: i.opt("name", string)?,
                uri: i.opt("uri", string)?,
                buffer_view: i.opt("bufferView", index)?,
            });
            Ok(())
        })?;
        let materials = root
            .opt("materials", |v, p| {
                let items = array(v, p)?;
                for (i, m) in items.iter().enumerate() {
                    object(m, &p.at(i))?;
                }
                Ok(items.iter().collect())
            })?
            .unwrap_or_default();
        let mut meshes = Vec::new();
        opt_list("meshes", &mut |m| {
            meshes.push(Mesh {
                name: m.opt("name", string)?,
                primitives: m.req("primitives", |v, p| each_object(v, p, primitive))?,
            });
            Ok(())
        })?;
        let mut nodes = Vec::new();
        opt_list("nodes", &mut |n| {
            nodes.push(Node {
                children: n
                    .opt("children", |v, p| each(v, p, index))?
                    .unwrap_or_default(),
                mesh: n.opt("mesh", index)?,
                matrix: n.opt("matrix", floats::<16>)?,
                translation: n.opt("translation", floats::<3>)?,
                rotation: n.opt("rotation", floats::<4>)?,
                scale: n.opt("scale", floats::<3>)?,
            });
            Ok(())
        })?;
        let mut samplers = Vec::new();
        opt_list("samplers", &mut |s| {
            samplers.push(Sampler {
                mag_filter: s.opt("magFilter", uint)?,
                min_filter: s.opt("minFilter", uint)?,
                wrap_s: s.opt("wrapS", uint)?.unwrap_or(10497),
                wrap_t: s.opt("wrapT", uint)?.unwrap_or(10497),
            });
            Ok(())
        })?;
        let mut scenes = Vec::new();
        opt_list("scenes", &mut |s| {
            scenes.push(
                s.opt("nodes", |v, p| each(v, p, index))?
                    .unwrap_or_default(),
            );
            Ok(())
        })?;
        let mut textures = Vec::new();
        opt_list("textures", &mut |t| {
            let webp = extension(&t, "EXT_texture_webp")?;
            let webp_path = t.path.key("extensions");
            let webp_path = webp_path.key("EXT_texture_webp");
            textures.push(Texture {
                sampler: t.opt("sampler", index)?,
                source: t.opt("source", index)?,
                webp_source: match webp {
                    Some(w) => Obj::new(w, &webp_path)?.opt("source", index)?,
                    None => None,
                },
            });
            Ok(())
        })?;
        let variants_path = Path::Root;
        let variants_path = variants_path.key("extensions");
        let variants_path = variants_path.key("KHR_materials_variants");
        let variants = match extension(&root, "KHR_materials_variants")? {
            Some(v) => Obj::new(v, &variants_path)?.req("variants", |v, p| {
                each_object(v, p, |o| o.req("name", string))
            })?,
            None => Vec::new(),
        };
        Ok(Root {
            version,
            extensions_used,
            extensions_required,
            accessors,
            buffers,
            buffer_views,
            images,
            materials,
            meshes,
            nodes,
            samplers,
            scene: root.opt("scene", index)?,
            scenes,
            textures,
            variants,
        })
    }
}

/// The meshopt extensions, the Khronos one first (a view carrying both is read through it).
const MESHOPT: [&str; 2] = ["KHR_meshopt_compression", "EXT_meshopt_compression"];

/// The extension object `name` in `o.extensions`, if present (`extensions` must be an object).
pub fn extension<'v>(o: &Obj<'v, '_>, name: &str) -> Result<Option<&'v Value<'v>>> {
    match o.get("extensions") {
        Some(e) => Ok(object(e, &o.path.key("extensions"))?
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)),
        None => Ok(None),
    }
}

fn accessor(a: Obj<'_, '_>) -> Result<Accessor> {
    let sparse_path = a.path.key("sparse");
    let sparse = match a.get("sparse") {
        Some(v) => {
            let s = Obj::new(v, &sparse_path)?;
            let ip = sparse_path.key("indices");
            let vp = sparse_path.key("values");
            let idx = s.req("indices", |v, _| Obj::new(v, &ip))?;
            let val = s.req("values", |v, _| Obj::new(v, &vp))?;
            Some(Sparse {
                count: s.req("count", uint)?,
                indices_view: idx.req("bufferView", index)?,
                indices_offset: idx.opt("byteOffset", uint)?.unwrap_or(0),
                indices_component_type: idx.req("componentType", uint)?,
                values_view: val.req("bufferView", index)?,
                values_offset: val.opt("byteOffset", uint)?.unwrap_or(0),
            })
        }
        None => None,
    };
    Ok(Accessor {
        buffer_view: a.opt("bufferView", index)?,
        byte_offset: a.opt("byteOffset", uint)?.unwrap_or(0),
        count: a.req("count", uint)?,
        component_type: a.req("componentType", uint)?,
        type_: a.req("type", |v, p| string(v, p).map(Type::from_name))?,
        normalized: a.opt("normalized", boolean)?.unwrap_or(false),
        sparse,
    })
}

fn primitive<'v>(p: Obj<'v, '_>) -> Result<Primitive<'v>> {
    let attributes = p.req("attributes", |v, path| {
        object(v, path)?
            .iter()
            .map(|(k, a)| Ok((k.as_ref(), index(a, &path.key(k))?)))
            .collect::<Result<Vec<_>>>()
    })?;
    let ext_path = p.path.key("extensions");
    let ext_path = ext_path.key("KHR_materials_variants");
    let variants = match extension(&p, "KHR_materials_variants")? {
        Some(v) => Obj::new(v, &ext_path)?.req("mappings", |v, path| {
            each_object(v, path, |m| {
                Ok(VariantMapping {
                    material: m.req("material", index)?,
                    variants: m.req("variants", |v, path| each(v, path, index))?,
                })
            })
        })?,
        None => Vec::new(),
    };
    Ok(Primitive {
        attributes,
        indices: p.opt("indices", index)?,
        material: p.opt("material", index)?,
        mode: p.opt("mode", uint)?.unwrap_or(4),
        variants,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::json;

    fn read(text: &str) -> Result<()> {
        let v = json::parse(text.as_bytes()).expect("test JSON parses");
        Root::read(&v).map(|_| ())
    }

    fn pointer_of(text: &str) -> String {
        match read(text) {
            Ok(()) => panic!("{text} was accepted"),
            Err(e) => {
                assert_eq!(e.code, ErrorCode::Json, "{e}");
                e.pointer
            }
        }
    }

    #[test]
    fn a_minimal_document_reads() {
        let v = json::parse(br#"{"asset":{"version":"2.0"}}"#).unwrap();
        let r = Root::read(&v).unwrap();
        assert_eq!(r.version, "2.0");
        assert!(r.meshes.is_empty() && r.scene.is_none());
    }

    #[test]
    fn fields_are_read_with_defaults() {
        let text = r#"{"asset":{"version":"2.0"},
            "accessors":[{"count":3,"componentType":5126,"type":"VEC3","bufferView":0}],
            "bufferViews":[{"buffer":0,"byteLength":36,"byteStride":12}],
            "buffers":[{"byteLength":36,"extensions":{"EXT_meshopt_compression":{"fallback":true}}}],
            "meshes":[{"primitives":[{"attributes":{"POSITION":0,"_X/Y":0},
                "extensions":{"KHR_materials_variants":{"mappings":[{"material":0,"variants":[1,0]}]}}}]}],
            "nodes":[{"mesh":0,"children":[1]},{"rotation":[0,0,0,1]}],
            "textures":[{"extensions":{"EXT_texture_webp":{"source":2}}}],
            "samplers":[{"magFilter":9728}],
            "extensions":{"KHR_materials_variants":{"variants":[{"name":"Oak"},{"name":"Ash"}]}}}"#;
        let v = json::parse(text.as_bytes()).unwrap();
        let r = Root::read(&v).unwrap();
        let a = &r.accessors[0];
        assert_eq!(
            (a.count, a.component_type, a.type_),
            (3, 5126, Some(Type::Vec3))
        );
        assert_eq!(
            (a.byte_offset, a.normalized, a.buffer_view),
            (0, false, Some(0))
        );
        assert_eq!(r.buffer_views[0].byte_stride, Some(12));
        assert!(r.buffers[0].meshopt_fallback);
        let p = &r.meshes[0].primitives[0];
        assert_eq!(p.attribute("POSITION"), Some(0));
        assert_eq!((p.mode, p.variants[0].variants.clone()), (4, vec![1, 0]));
        assert_eq!(r.nodes[0].children, vec![1]);
        assert_eq!(r.nodes[1].rotation, Some([0.0, 0.0, 0.0, 1.0]));
        assert_eq!(
            (r.textures[0].source, r.textures[0].webp_source),
            (None, Some(2))
        );
        assert_eq!(
            (r.samplers[0].mag_filter, r.samplers[0].wrap_s),
            (Some(9728), 10497)
        );
        assert_eq!(r.variants, vec!["Oak", "Ash"]);
        assert_eq!(Type::Mat3.multiplicity(), 9);
        assert_eq!(Type::Vec2.name(), "VEC2");
    }

    #[test]
    fn wrong_types_and_missing_fields_name_their_pointer() {
        let base = r#""asset":{"version":"2.0"}"#;
        for (body, pointer) in [
            (r#"{}"#, ""),
            (r#"{"asset":{}}"#, "/asset"),
            (r#"{"asset":{"version":2}}"#, "/asset/version"),
            (&format!(r#"{{{base},"accessors":{{}}}}"#), "/accessors"),
            (
                &format!(
                    r#"{{{base},"accessors":[{{"count":-1,"componentType":5126,"type":"VEC3"}}]}}"#
                ),
                "/accessors/0/count",
            ),
            (
                &format!(
                    r#"{{{base},"accessors":[{{"count":1.5,"componentType":5126,"type":"VEC3"}}]}}"#
                ),
                "/accessors/0/count",
            ),
            (
                &format!(r#"{{{base},"accessors":[{{"count":1,"type":"VEC3"}}]}}"#),
                "/accessors/0",
            ),
            (
                &format!(r#"{{{base},"accessors":[{{"count":1,"componentType":5126,"type":3}}]}}"#),
                "/accessors/0/type",
            ),
            (
                &format!(
                    r#"{{{base},"accessors":[{{"count":1,"componentType":5126,"type":"VEC3","bufferView":null}}]}}"#
                ),
                "/accessors/0/bufferView",
            ),
            (
                &format!(
                    r#"{{{base},"accessors":[{{"count":1,"componentType":5126,"type":"VEC3","sparse":{{"count":1,"indices":{{"bufferView":0}},"values":{{"bufferView":0}}}}}}]}}"#
                ),
                "/accessors/0/sparse/indices",
            ),
            (
                &format!(r#"{{{base},"bufferViews":[{{"buffer":0}}]}}"#),
                "/bufferViews/0",
            ),
            (
                &format!(r#"{{{base},"buffers":[{{"byteLength":"8"}}]}}"#),
                "/buffers/0/byteLength",
            ),
            (
                &format!(
                    r#"{{{base},"meshes":[{{"primitives":[{{"attributes":{{"POSITION":"0"}}}}]}}]}}"#
                ),
                "/meshes/0/primitives/0/attributes/POSITION",
            ),
            (
                &format!(
                    r#"{{{base},"meshes":[{{"primitives":[{{"attributes":{{"a/b~":-2}}}}]}}]}}"#
                ),
                "/meshes/0/primitives/0/attributes/a~1b~0",
            ),
            (&format!(r#"{{{base},"meshes":[{{}}]}}"#), "/meshes/0"),
            (
                &format!(r#"{{{base},"nodes":[{{"matrix":[1,0,0]}}]}}"#),
                "/nodes/0/matrix",
            ),
            (
                &format!(r#"{{{base},"nodes":[{{"translation":[0,"1",0]}}]}}"#),
                "/nodes/0/translation/1",
            ),
            (
                &format!(r#"{{{base},"textures":[{{"extensions":[]}}]}}"#),
                "/textures/0/extensions",
            ),
            (&format!(r#"{{{base},"materials":[1]}}"#), "/materials/0"),
            (
                &format!(
                    r#"{{{base},"extensions":{{"KHR_materials_variants":{{"variants":[{{}}]}}}}}}"#
                ),
                "/extensions/KHR_materials_variants/variants/0",
            ),
            (
                &format!(r#"{{{base},"extensionsRequired":[1]}}"#),
                "/extensionsRequired/0",
            ),
        ] {
            assert_eq!(pointer_of(body), pointer, "{body}");
        }
    }

    #[test]
    fn values_checked_later_are_kept_as_read() {
        let text = r#"{"asset":{"version":"1.0"},
            "accessors":[{"count":1,"componentType":1,"type":"VEC9"}],
            "meshes":[{"primitives":[{"attributes":{},"mode":42}]}]}"#;
        let v = json::parse(text.as_bytes()).unwrap();
        let r = Root::read(&v).unwrap();
        assert_eq!(
            (r.accessors[0].component_type, r.accessors[0].type_),
            (1, None)
        );
        assert_eq!(ComponentType::from_gl(1), None);
        assert_eq!(r.meshes[0].primitives[0].mode, 42);
        assert_eq!(r.version, "1.0");
    }
}
