//! The renderer-neutral model the loader produces.

use glam::{Mat4, Vec3};

/// A loaded piece of furniture: geometry, materials and encoded textures, in metres.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Meshes, each a list of primitives sharing a node transform.
    pub meshes: Vec<Mesh>,
    /// Where each mesh is drawn: the node hierarchy flattened to world transforms.
    pub instances: Vec<Instance>,
    /// Materials referenced by primitives and variant mappings.
    pub materials: Vec<Material>,
    /// Textures: an image and how to sample it.
    pub textures: Vec<Texture>,
    /// Images, still encoded (PNG, JPEG, WebP).
    pub images: Vec<Image>,
    /// Names of the `KHR_materials_variants` variants, in file order.
    pub variants: Vec<String>,
    /// Axis-aligned bounds of everything drawn, in metres.
    pub bounds: Bounds,
    /// Counts for reports and budgets.
    pub stats: Stats,
    /// `extensionsUsed` as declared by the file.
    pub extensions_used: Vec<String>,
    /// `extensionsRequired` as declared by the file.
    pub extensions_required: Vec<String>,
}

/// Axis-aligned bounding box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    /// Smallest corner.
    pub min: Vec3,
    /// Largest corner.
    pub max: Vec3,
}

impl Default for Bounds {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl Bounds {
    /// Bounds that contain nothing; growing them by a point gives that point.
    pub const EMPTY: Bounds = Bounds {
        min: Vec3::splat(f32::INFINITY),
        max: Vec3::splat(f32::NEG_INFINITY),
    };

    /// Whether no point was ever added.
    pub fn is_empty(&self) -> bool {
        self.min.x > self.max.x
    }

    /// Grows the bounds to include `p`.
    pub fn include(&mut self, p: Vec3) {
        self.min = self.min.min(p);
        self.max = self.max.max(p);
    }

    /// Width (x), height (y) and depth (z).
    pub fn size(&self) -> Vec3 {
        if self.is_empty() {
            Vec3::ZERO
        } else {
            self.max - self.min
        }
    }

    /// The centre point.
    pub fn center(&self) -> Vec3 {
        (self.min + self.max) * 0.5
    }

    /// The bounds of this box after transforming it by `m`.
    pub fn transformed(&self, m: &Mat4) -> Bounds {
        let mut out = Bounds::EMPTY;
        if self.is_empty() {
            return out;
        }
        for i in 0..8 {
            let p = Vec3::new(
                if i & 1 == 0 { self.min.x } else { self.max.x },
                if i & 2 == 0 { self.min.y } else { self.max.y },
                if i & 4 == 0 { self.min.z } else { self.max.z },
            );
            out.include(m.transform_point3(p));
        }
        out
    }
}

/// Counts of what a model holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stats {
    /// Triangles drawn, counting every instance.
    pub triangles: u64,
    /// Vertices stored (not counting instancing).
    pub vertices: u64,
    /// Nodes in the file.
    pub nodes: usize,
    /// Primitives stored.
    pub primitives: usize,
}

/// A mesh: primitives drawn together.
#[derive(Debug, Clone, Default)]
pub struct Mesh {
    /// The mesh's name in the file.
    pub name: Option<String>,
    /// Its primitives.
    pub primitives: Vec<Primitive>,
}

/// One draw: vertices, triangle indices and a material.
#[derive(Debug, Clone, Default)]
pub struct Primitive {
    /// Positions in metres, in the mesh's own space.
    pub positions: Vec<[f32; 3]>,
    /// Unit normals (generated when the file has none).
    pub normals: Vec<[f32; 3]>,
    /// Tangents with handedness in w; empty when no normal map needs them.
    pub tangents: Vec<[f32; 4]>,
    /// First texture coordinate set, empty if absent.
    pub uv0: Vec<[f32; 2]>,
    /// Second texture coordinate set, empty if absent.
    pub uv1: Vec<[f32; 2]>,
    /// Linear RGBA vertex colours, empty if absent.
    pub colors: Vec<[f32; 4]>,
    /// Triangle list indices, each smaller than `positions.len()`.
    pub indices: Indices,
    /// Material index, or `None` for the glTF default material.
    pub material: Option<usize>,
    /// `KHR_materials_variants`: (variant index, material index) pairs.
    pub variant_materials: Vec<(usize, usize)>,
    /// Bounds of the positions.
    pub bounds: Bounds,
}

impl Primitive {
    /// The material to draw with when `variant` is selected (None: the default material).
    pub fn material_for(&self, variant: Option<usize>) -> Option<usize> {
        variant_material(self.material, &self.variant_materials, variant)
    }
}

/// The material a primitive shows for `variant`: its `KHR_materials_variants` mapping for that
/// variant if it has one, else its own `material`.
pub fn variant_material(
    material: Option<usize>,
    variant_materials: &[(usize, usize)],
    variant: Option<usize>,
) -> Option<usize> {
    variant
        .and_then(|v| {
            variant_materials
                .iter()
                .find(|(vi, _)| *vi == v)
                .map(|(_, m)| *m)
        })
        .or(material)
}

/// Triangle list indices.
#[derive(Debug, Clone)]
pub enum Indices {
    /// 16-bit indices.
    U16(Vec<u16>),
    /// 32-bit indices.
    U32(Vec<u32>),
}

impl Default for Indices {
    fn default() -> Self {
        Indices::U16(Vec::new())
    }
}

impl Indices {
    /// Number of indices.
    pub fn len(&self) -> usize {
        match self {
            Indices::U16(v) => v.len(),
            Indices::U32(v) => v.len(),
        }
    }

    /// Whether there are no indices.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The i-th index as u32 (i must be < len).
    pub fn get(&self, i: usize) -> u32 {
        match self {
            Indices::U16(v) => v[i] as u32,
            Indices::U32(v) => v[i],
        }
    }
}

/// A mesh drawn at a world transform.
#[derive(Debug, Clone, Copy)]
pub struct Instance {
    /// Index into `Model::meshes`.
    pub mesh: usize,
    /// Node world transform (all parents applied).
    pub transform: Mat4,
    /// Index of the node in the file.
    pub node: usize,
}

/// How alpha is treated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub enum AlphaMode {
    /// Alpha ignored.
    #[default]
    Opaque,
    /// Alpha below the cutoff discards the fragment.
    Mask,
    /// Alpha blended over what is behind.
    Blend,
}

/// `KHR_texture_transform` for one texture reference.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TextureTransform {
    /// UV offset.
    pub offset: [f32; 2],
    /// Rotation in radians, counter-clockwise.
    pub rotation: f32,
    /// UV scale.
    pub scale: [f32; 2],
}

impl Default for TextureTransform {
    fn default() -> Self {
        Self {
            offset: [0.0, 0.0],
            rotation: 0.0,
            scale: [1.0, 1.0],
        }
    }
}

impl TextureTransform {
    /// The 3×3 UV matrix (columns), as the extension defines: T * R * S.
    pub fn matrix(&self) -> [[f32; 3]; 3] {
        let (s, c) = self.rotation.sin_cos();
        let [sx, sy] = self.scale;
        let [tx, ty] = self.offset;
        [[c * sx, -s * sx, 0.0], [s * sy, c * sy, 0.0], [tx, ty, 1.0]]
    }
}

/// A material's reference to a texture.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct TextureRef {
    /// Index into `Model::textures`.
    pub texture: usize,
    /// Which UV set (0 or 1).
    pub tex_coord: u32,
    /// `KHR_texture_transform`, if present.
    pub transform: Option<TextureTransform>,
}

/// `KHR_materials_sheen` parameters (fabrics).
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Sheen {
    /// Linear sheen colour.
    pub color_factor: [f32; 3],
    /// Sheen colour texture (sRGB, RGB).
    pub color_texture: Option<TextureRef>,
    /// Sheen roughness.
    pub roughness_factor: f32,
    /// Sheen roughness texture (alpha channel).
    pub roughness_texture: Option<TextureRef>,
}

/// `KHR_materials_clearcoat` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Default, serde::Serialize)]
pub struct Clearcoat {
    /// Clearcoat intensity.
    pub factor: f32,
    /// Clearcoat intensity texture (red channel).
    pub texture: Option<TextureRef>,
    /// Clearcoat roughness.
    pub roughness_factor: f32,
    /// Clearcoat roughness texture (green channel).
    pub roughness_texture: Option<TextureRef>,
    /// Clearcoat normal map.
    pub normal_texture: Option<TextureRef>,
}

/// `KHR_materials_specular` parameters.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Specular {
    /// Specular strength.
    pub factor: f32,
    /// Specular strength texture (alpha channel).
    pub texture: Option<TextureRef>,
    /// Linear specular colour.
    pub color_factor: [f32; 3],
    /// Specular colour texture (sRGB).
    pub color_texture: Option<TextureRef>,
}

/// A metallic-roughness PBR material with the extensions roomfit reads.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Material {
    /// Name in the file.
    pub name: Option<String>,
    /// Linear RGBA base colour factor.
    pub base_color_factor: [f32; 4],
    /// Base colour texture (sRGB).
    pub base_color_texture: Option<TextureRef>,
    /// Metalness factor.
    pub metallic_factor: f32,
    /// Roughness factor.
    pub roughness_factor: f32,
    /// Metallic (blue) and roughness (green) texture.
    pub metallic_roughness_texture: Option<TextureRef>,
    /// Tangent-space normal map.
    pub normal_texture: Option<TextureRef>,
    /// Normal map scale.
    pub normal_scale: f32,
    /// Ambient occlusion texture (red).
    pub occlusion_texture: Option<TextureRef>,
    /// Occlusion strength.
    pub occlusion_strength: f32,
    /// Linear emissive colour factor.
    pub emissive_factor: [f32; 3],
    /// Emissive texture (sRGB).
    pub emissive_texture: Option<TextureRef>,
    /// `KHR_materials_emissive_strength`.
    pub emissive_strength: f32,
    /// Alpha mode.
    pub alpha_mode: AlphaMode,
    /// Alpha cutoff for `Mask`.
    pub alpha_cutoff: f32,
    /// Whether back faces are drawn.
    pub double_sided: bool,
    /// `KHR_materials_sheen`.
    pub sheen: Option<Sheen>,
    /// `KHR_materials_clearcoat`.
    pub clearcoat: Option<Clearcoat>,
    /// `KHR_materials_transmission` factor and texture.
    pub transmission: Option<(f32, Option<TextureRef>)>,
    /// `KHR_materials_ior` (1.5 when absent).
    pub ior: f32,
    /// `KHR_materials_specular`.
    pub specular: Option<Specular>,
}

impl Default for Material {
    fn default() -> Self {
        Self {
            name: None,
            base_color_factor: [1.0; 4],
            base_color_texture: None,
            metallic_factor: 1.0,
            roughness_factor: 1.0,
            metallic_roughness_texture: None,
            normal_texture: None,
            normal_scale: 1.0,
            occlusion_texture: None,
            occlusion_strength: 1.0,
            emissive_factor: [0.0; 3],
            emissive_texture: None,
            emissive_strength: 1.0,
            alpha_mode: AlphaMode::Opaque,
            alpha_cutoff: 0.5,
            double_sided: false,
            sheen: None,
            clearcoat: None,
            transmission: None,
            ior: 1.5,
            specular: None,
        }
    }
}

/// Texture filtering and wrapping, as glTF samplers state them (GL enum values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Sampler {
    /// Magnification filter: true for linear.
    pub mag_linear: bool,
    /// Minification filter: true for linear.
    pub min_linear: bool,
    /// Whether mipmaps are sampled (and linearly between levels).
    pub mipmaps: bool,
    /// Wrap mode for U.
    pub wrap_u: Wrap,
    /// Wrap mode for V.
    pub wrap_v: Wrap,
}

impl Default for Sampler {
    fn default() -> Self {
        Self {
            mag_linear: true,
            min_linear: true,
            mipmaps: true,
            wrap_u: Wrap::Repeat,
            wrap_v: Wrap::Repeat,
        }
    }
}

/// Texture wrap mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Wrap {
    /// Repeat.
    Repeat,
    /// Mirrored repeat.
    MirroredRepeat,
    /// Clamp to edge.
    ClampToEdge,
}

/// A texture: an image and a sampler.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Texture {
    /// Index into `Model::images`.
    pub image: usize,
    /// How to sample it.
    pub sampler: Sampler,
}

/// An encoded image with its type and the size its header declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// Name in the file.
    pub name: Option<String>,
    /// `image/png`, `image/jpeg` or `image/webp`.
    pub mime_type: &'static str,
    /// The encoded bytes.
    pub bytes: Vec<u8>,
    /// Width from the header.
    pub width: u32,
    /// Height from the header.
    pub height: u32,
}
