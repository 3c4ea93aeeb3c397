//! A model's GPU resources: vertex and index buffers, materials and textures.

use bytemuck::{Pod, Zeroable};
use glam::Mat4;
use wgpu::util::DeviceExt;

use super::texture::{self, ImageData, Mipmapper};
use crate::asset::{AlphaMode, Bounds, Indices, Material, Model, TextureRef};

/// One interleaved vertex.
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
pub struct Vertex {
    pub position: [f32; 3],
    pub normal: [f32; 3],
    pub tangent: [f32; 4],
    pub uv0: [f32; 2],
    pub uv1: [f32; 2],
    pub color: [f32; 4],
}

/// The vertex layout of [`Vertex`].
pub const VERTEX_ATTRIBUTES: [wgpu::VertexAttribute; 6] = wgpu::vertex_attr_array![
    0 => Float32x3, 1 => Float32x3, 2 => Float32x4, 3 => Float32x2, 4 => Float32x2, 5 => Float32x4
];

/// The material uniform block (must match `Material` in pbr.wgsl).
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
pub struct MaterialUniform {
    base_color: [f32; 4],
    emissive: [f32; 4],
    pbr: [f32; 4],
    alpha: [f32; 4],
    sheen: [f32; 4],
    layers: [f32; 4],
    specular: [f32; 4],
    uvx: [[f32; 4]; 24],
}

/// A primitive on the GPU.
pub struct GpuPrimitive {
    pub vertices: wgpu::Buffer,
    pub indices: wgpu::Buffer,
    pub index_format: wgpu::IndexFormat,
    pub index_count: u32,
    pub material: Option<usize>,
    pub variant_materials: Vec<(usize, usize)>,
    pub bounds: Bounds,
}

impl GpuPrimitive {
    /// Material for the selected variant.
    pub fn material_for(&self, variant: Option<usize>) -> Option<usize> {
        crate::asset::variant_material(self.material, &self.variant_materials, variant)
    }
}

/// A material on the GPU.
pub struct GpuMaterial {
    pub bind_group: wgpu::BindGroup,
    pub blend: bool,
    pub double_sided: bool,
    /// Alpha mode MASK: drawn by the pipeline whose shader may discard (the others have no
    /// discard, so GPUs can skip hidden fragments before shading them).
    pub mask: bool,
    /// What the material has, as pbr.wgsl's `FEATURES` bits: its pipeline's shader is
    /// compiled with only those parts ([`features`]).
    pub features: u32,
    /// Index of its pipeline in the renderer's pipelines, multisampled and not (set by
    /// `Renderer::upload` and `Renderer::set_multisample`; `usize::MAX` until made).
    pub pipeline: [usize; 2],
    _uniform: wgpu::Buffer,
}

/// pbr.wgsl's `FEATURES` for a material uniform: 1 base colour, 2 metallic-roughness,
/// 4 occlusion and 8 emissive textures bound, 16 a normal map, 32 specular textures, 64 sheen,
/// 128 clearcoat, 256 transmission. The same conditions, on the same f32 values, as the shader
/// tested at run time before, so a material looks exactly as it did.
pub fn features(u: &MaterialUniform) -> u32 {
    let bound = u.layers[3] as u32 & 15;
    let flag = |on: bool, bit: u32| if on { bit } else { 0 };
    bound
        | flag(u.alpha[2] > 0.5, 16)
        | flag(u.alpha[3] > 0.5, 32)
        | flag(u.sheen[0] + u.sheen[1] + u.sheen[2] > 0.0, 64)
        | flag(u.layers[0] > 0.0, 128)
        | flag(u.layers[2] > 0.0, 256)
}

/// A model on the GPU.
pub struct GpuModel {
    pub meshes: Vec<Vec<GpuPrimitive>>,
    pub instances: Vec<(usize, Mat4)>,
    pub materials: Vec<GpuMaterial>,
    pub default_material: GpuMaterial,
    pub textures: Vec<wgpu::Texture>,
    pub bounds: Bounds,
    pub shadow: Option<super::shadow::ContactShadow>,
}

impl GpuModel {
    /// Frees the GPU memory now rather than when the last reference drops.
    pub fn destroy(&self) {
        for mesh in &self.meshes {
            for p in mesh {
                p.vertices.destroy();
                p.indices.destroy();
            }
        }
        for t in &self.textures {
            t.destroy();
        }
        if let Some(s) = &self.shadow {
            s.destroy();
        }
    }
}

/// Shared resources the upload needs.
pub struct UploadContext<'a> {
    pub device: &'a wgpu::Device,
    pub queue: &'a wgpu::Queue,
    pub material_layout: &'a wgpu::BindGroupLayout,
    pub mipmapper: &'a mut Mipmapper,
    pub white: &'a wgpu::TextureView,
    pub flat_normal: &'a wgpu::TextureView,
}

fn uv_rows(r: Option<&TextureRef>) -> [[f32; 4]; 2] {
    let (m, set) = match r {
        Some(r) => (r.transform.unwrap_or_default().matrix(), r.tex_coord as f32),
        None => (crate::asset::TextureTransform::default().matrix(), 0.0),
    };
    // m is column-major [[c0], [c1], [c2]]: row 0 = (c0.x, c1.x, c2.x).
    [
        [m[0][0], m[1][0], m[2][0], set],
        [m[0][1], m[1][1], m[2][1], 0.0],
    ]
}

fn material_uniform(m: &Material) -> MaterialUniform {
    let slots = [
        m.base_color_texture.as_ref(),
        m.metallic_roughness_texture.as_ref(),
        m.normal_texture.as_ref(),
        m.occlusion_texture.as_ref(),
        m.emissive_texture.as_ref(),
        m.sheen.as_ref().and_then(|s| s.color_texture.as_ref()),
        m.sheen.as_ref().and_then(|s| s.roughness_texture.as_ref()),
        m.clearcoat.as_ref().and_then(|c| c.texture.as_ref()),
        m.clearcoat
            .as_ref()
            .and_then(|c| c.roughness_texture.as_ref()),
        m.transmission.as_ref().and_then(|(_, t)| t.as_ref()),
        m.specular.as_ref().and_then(|s| s.texture.as_ref()),
        m.specular.as_ref().and_then(|s| s.color_texture.as_ref()),
    ];
    let mut uvx = [[0.0; 4]; 24];
    for (k, s) in slots.iter().enumerate() {
        let rows = uv_rows(*s);
        uvx[k * 2] = rows[0];
        uvx[k * 2 + 1] = rows[1];
    }
    let e = m.emissive_strength;
    let sheen = m.sheen.map_or([0.0; 4], |s| {
        [
            s.color_factor[0],
            s.color_factor[1],
            s.color_factor[2],
            s.roughness_factor,
        ]
    });
    MaterialUniform {
        base_color: m.base_color_factor,
        emissive: [
            m.emissive_factor[0] * e,
            m.emissive_factor[1] * e,
            m.emissive_factor[2] * e,
            0.0,
        ],
        pbr: [
            m.metallic_factor,
            m.roughness_factor,
            m.normal_scale,
            m.occlusion_strength,
        ],
        alpha: [
            m.alpha_cutoff,
            match m.alpha_mode {
                AlphaMode::Opaque => 0.0,
                AlphaMode::Mask => 1.0,
                AlphaMode::Blend => 2.0,
            },
            if m.normal_texture.is_some() { 1.0 } else { 0.0 },
            if m.specular
                .as_ref()
                .is_some_and(|s| s.texture.is_some() || s.color_texture.is_some())
            {
                1.0
            } else {
                0.0
            },
        ],
        sheen,
        layers: [
            m.clearcoat.map_or(0.0, |c| c.factor.clamp(0.0, 1.0)),
            m.clearcoat
                .map_or(0.0, |c| c.roughness_factor.clamp(0.0, 1.0)),
            m.transmission.map_or(0.0, |(t, _)| t.clamp(0.0, 1.0)),
            0.0,
        ],
        specular: specular_uniform(m),
        uvx,
    }
}

/// rgb: the dielectric F0 before the colour texture (KHR_materials_ior's ((ior - 1) / (ior + 1))²
/// times KHR_materials_specular's colour), w: the specular weight. Without either extension
/// this is (0.04, 0.04, 0.04, 1), the core glTF dielectric.
fn specular_uniform(m: &Material) -> [f32; 4] {
    // KHR_materials_ior: 0 stands for an infinite index (F0 = 1); otherwise at least 1.
    let f0 = if m.ior == 0.0 {
        1.0
    } else if m.ior.is_finite() {
        let ior = m.ior.max(1.0);
        ((ior - 1.0) / (ior + 1.0)).powi(2)
    } else {
        0.04
    };
    let (color, weight) = m
        .specular
        .as_ref()
        .map_or(([1.0; 3], 1.0), |s| (s.color_factor, s.factor));
    [
        f0 * color[0].max(0.0),
        f0 * color[1].max(0.0),
        f0 * color[2].max(0.0),
        weight.clamp(0.0, 1.0),
    ]
}

fn gpu_material(
    ctx: &UploadContext<'_>,
    m: &Material,
    model: &Model,
    views: &[Option<(wgpu::TextureView, wgpu::TextureView)>],
) -> GpuMaterial {
    // Each texture image has an sRGB view (colour) and a linear view (data).
    let pick = |r: Option<&TextureRef>, srgb: bool| -> Option<&wgpu::TextureView> {
        let t = model.textures.get(r?.texture)?;
        let (s, l) = views.get(t.image)?.as_ref()?;
        Some(if srgb { s } else { l })
    };
    let base = pick(m.base_color_texture.as_ref(), true);
    let mr = pick(m.metallic_roughness_texture.as_ref(), false);
    let occlusion = pick(m.occlusion_texture.as_ref(), false);
    let emissive = pick(m.emissive_texture.as_ref(), true);
    // Which of the four core textures are bound: the shader samples only those (a missing one
    // reads as white, 1.0, exactly what sampling the white stand-in gives).
    let mut u = material_uniform(m);
    u.layers[3] = [base, mr, occlusion, emissive]
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_some())
        .map(|(i, _)| (1u32 << i) as f32)
        .sum();
    let uniform = ctx
        .device
        .create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("material"),
            contents: bytemuck::bytes_of(&u),
            usage: wgpu::BufferUsages::UNIFORM,
        });
    let base = base.unwrap_or(ctx.white);
    let mr = mr.unwrap_or(ctx.white);
    let normal = pick(m.normal_texture.as_ref(), false).unwrap_or(ctx.flat_normal);
    let occlusion = occlusion.unwrap_or(ctx.white);
    let emissive = emissive.unwrap_or(ctx.white);
    let sheen = m.sheen.as_ref();
    let sheen_color = pick(sheen.and_then(|s| s.color_texture.as_ref()), true).unwrap_or(ctx.white);
    let sheen_roughness =
        pick(sheen.and_then(|s| s.roughness_texture.as_ref()), false).unwrap_or(ctx.white);
    let coat = m.clearcoat.as_ref();
    let clearcoat = pick(coat.and_then(|c| c.texture.as_ref()), false).unwrap_or(ctx.white);
    let clearcoat_roughness =
        pick(coat.and_then(|c| c.roughness_texture.as_ref()), false).unwrap_or(ctx.white);
    let transmission =
        pick(m.transmission.as_ref().and_then(|(_, t)| t.as_ref()), false).unwrap_or(ctx.white);
    let spec = m.specular.as_ref();
    let specular = pick(spec.and_then(|s| s.texture.as_ref()), false).unwrap_or(ctx.white);
    let specular_color =
        pick(spec.and_then(|s| s.color_texture.as_ref()), true).unwrap_or(ctx.white);
    let sampler_info = m
        .base_color_texture
        .as_ref()
        .or(m.normal_texture.as_ref())
        .and_then(|r| model.textures.get(r.texture))
        .map(|t| t.sampler)
        .unwrap_or_default();
    let sampler = ctx
        .device
        .create_sampler(&texture::sampler_descriptor(&sampler_info));
    let bind_group = ctx.device.create_bind_group(&wgpu::BindGroupDescriptor {
        label: Some("material"),
        layout: ctx.material_layout,
        entries: &[
            wgpu::BindGroupEntry {
                binding: 0,
                resource: uniform.as_entire_binding(),
            },
            wgpu::BindGroupEntry {
                binding: 1,
                resource: wgpu::BindingResource::Sampler(&sampler),
            },
            wgpu::BindGroupEntry {
                binding: 2,
                resource: wgpu::BindingResource::TextureView(base),
            },
            wgpu::BindGroupEntry {
                binding: 3,
                resource: wgpu::BindingResource::TextureView(mr),
            },
            wgpu::BindGroupEntry {
                binding: 4,
                resource: wgpu::BindingResource::TextureView(normal),
            },
            wgpu::BindGroupEntry {
                binding: 5,
                resource: wgpu::BindingResource::TextureView(occlusion),
            },
            wgpu::BindGroupEntry {
                binding: 6,
                resource: wgpu::BindingResource::TextureView(emissive),
            },
            wgpu::BindGroupEntry {
                binding: 7,
                resource: wgpu::BindingResource::TextureView(sheen_color),
            },
            wgpu::BindGroupEntry {
                binding: 8,
                resource: wgpu::BindingResource::TextureView(sheen_roughness),
            },
            wgpu::BindGroupEntry {
                binding: 9,
                resource: wgpu::BindingResource::TextureView(clearcoat),
            },
            wgpu::BindGroupEntry {
                binding: 10,
                resource: wgpu::BindingResource::TextureView(clearcoat_roughness),
            },
            wgpu::BindGroupEntry {
                binding: 11,
                resource: wgpu::BindingResource::TextureView(transmission),
            },
            wgpu::BindGroupEntry {
                binding: 12,
                resource: wgpu::BindingResource::TextureView(specular),
            },
            wgpu::BindGroupEntry {
                binding: 13,
                resource: wgpu::BindingResource::TextureView(specular_color),
            },
        ],
    });
    GpuMaterial {
        bind_group,
        // Transmissive surfaces show what is behind them: drawn sorted, after opaque ones.
        blend: m.alpha_mode == AlphaMode::Blend || m.transmission.is_some_and(|(t, _)| t > 0.0),
        double_sided: m.double_sided,
        mask: m.alpha_mode == AlphaMode::Mask,
        features: features(&u),
        pipeline: [usize::MAX; 2],
        _uniform: uniform,
    }
}

/// Which images are used as colour (sRGB) and which as data (linear).
fn image_roles(model: &Model) -> Vec<(bool, bool)> {
    let mut roles = vec![(false, false); model.images.len()];
    let mut mark = |r: Option<&TextureRef>, srgb: bool| {
        if let Some(t) = r.and_then(|r| model.textures.get(r.texture)) {
            if let Some(role) = roles.get_mut(t.image) {
                if srgb {
                    role.0 = true;
                } else {
                    role.1 = true;
                }
            }
        }
    };
    for m in &model.materials {
        mark(m.base_color_texture.as_ref(), true);
        mark(m.emissive_texture.as_ref(), true);
        mark(m.metallic_roughness_texture.as_ref(), false);
        mark(m.normal_texture.as_ref(), false);
        mark(m.occlusion_texture.as_ref(), false);
        if let Some(sh) = &m.sheen {
            mark(sh.color_texture.as_ref(), true);
            mark(sh.roughness_texture.as_ref(), false);
        }
        if let Some(c) = &m.clearcoat {
            mark(c.texture.as_ref(), false);
            mark(c.roughness_texture.as_ref(), false);
        }
        if let Some((_, t)) = &m.transmission {
            mark(t.as_ref(), false);
        }
        if let Some(sp) = &m.specular {
            mark(sp.texture.as_ref(), false);
            mark(sp.color_texture.as_ref(), true);
        }
    }
    roles
}

/// Vertices interleaved per chunk, so that a large model needs no second whole copy of its
/// vertices in memory (in the browser, WebAssembly memory never shrinks).
const VERTEX_CHUNK: usize = 16 * 1024;

/// The primitive's vertices, interleaved into [`Vertex`] and written a chunk at a time with
/// `Queue::write_buffer` (which on WebGPU copies straight from WebAssembly memory, where a
/// buffer mapped at creation would take a temporary copy of the whole buffer).
fn vertex_buffer(ctx: &UploadContext<'_>, p: &crate::asset::Primitive) -> wgpu::Buffer {
    let n = p.positions.len();
    let size = std::mem::size_of::<Vertex>();
    let buffer = ctx.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("vertices"),
        size: (n * size) as u64,
        usage: wgpu::BufferUsages::VERTEX | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    let mut chunk = Vec::with_capacity(n.min(VERTEX_CHUNK));
    for start in (0..n).step_by(VERTEX_CHUNK) {
        chunk.clear();
        chunk.extend((start..n.min(start + VERTEX_CHUNK)).map(|i| Vertex {
            position: p.positions[i],
            normal: p.normals.get(i).copied().unwrap_or([0.0, 1.0, 0.0]),
            tangent: p.tangents.get(i).copied().unwrap_or([1.0, 0.0, 0.0, 1.0]),
            uv0: p.uv0.get(i).copied().unwrap_or_default(),
            uv1: p.uv1.get(i).copied().unwrap_or_default(),
            color: p.colors.get(i).copied().unwrap_or([1.0; 4]),
        }));
        ctx.queue
            .write_buffer(&buffer, (start * size) as u64, bytemuck::cast_slice(&chunk));
    }
    buffer
}

/// The index buffer, written straight from the model's indices (16-bit indices padded to a
/// multiple of 4 bytes).
fn index_buffer(ctx: &UploadContext<'_>, indices: &Indices) -> (wgpu::Buffer, wgpu::IndexFormat) {
    let (bytes, format): (&[u8], _) = match indices {
        Indices::U16(v) => (bytemuck::cast_slice(v), wgpu::IndexFormat::Uint16),
        Indices::U32(v) => (bytemuck::cast_slice(v), wgpu::IndexFormat::Uint32),
    };
    let padded = bytes.len().div_ceil(4) * 4;
    let buffer = ctx.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("indices"),
        size: padded as u64,
        usage: wgpu::BufferUsages::INDEX | wgpu::BufferUsages::COPY_DST,
        mapped_at_creation: false,
    });
    // Writes must be multiples of 4 bytes: the last (partial) word goes separately, padded.
    let whole = bytes.len() / 4 * 4;
    ctx.queue.write_buffer(&buffer, 0, &bytes[..whole]);
    if whole < bytes.len() {
        let mut last = [0u8; 4];
        last[..bytes.len() - whole].copy_from_slice(&bytes[whole..]);
        ctx.queue.write_buffer(&buffer, whole as u64, &last);
    }
    (buffer, format)
}

/// Uploads `model`; `images[i]` is the decoded `model.images[i]` (None if it failed to decode:
/// the material then uses its factors alone).
pub fn upload(
    ctx: &mut UploadContext<'_>,
    model: &Model,
    images: &[Option<ImageData>],
) -> GpuModel {
    let roles = image_roles(model);
    let mut textures = Vec::new();
    let mut views = Vec::with_capacity(model.images.len());
    for (i, role) in roles.iter().enumerate() {
        let Some(Some(image)) = images.get(i) else {
            views.push(None);
            continue;
        };
        let make = |ctx: &mut UploadContext<'_>, format| {
            let t = texture::create(ctx.device, ctx.queue, ctx.mipmapper, image, format);
            let v = t.create_view(&Default::default());
            (t, v)
        };
        // An image used both as colour and as data is uploaded twice, once per format.
        let srgb = role
            .0
            .then(|| make(ctx, wgpu::TextureFormat::Rgba8UnormSrgb));
        let linear = (role.1 || !role.0).then(|| make(ctx, wgpu::TextureFormat::Rgba8Unorm));
        let sv = srgb.as_ref().map(|(_, v)| v.clone());
        let lv = linear.as_ref().map(|(_, v)| v.clone());
        let pair = (sv.clone().or(lv.clone()), lv.or(sv));
        if let (Some(s), Some(l)) = pair {
            views.push(Some((s, l)));
        } else {
            views.push(None);
        }
        textures.extend(srgb.map(|(t, _)| t));
        textures.extend(linear.map(|(t, _)| t));
    }
    let materials = model
        .materials
        .iter()
        .map(|m| gpu_material(ctx, m, model, &views))
        .collect();
    let default_material = gpu_material(ctx, &Material::default(), model, &views);
    let meshes = model
        .meshes
        .iter()
        .map(|mesh| {
            mesh.primitives
                .iter()
                .map(|p| {
                    let vbuf = vertex_buffer(ctx, p);
                    let (ibuf, index_format) = index_buffer(ctx, &p.indices);
                    GpuPrimitive {
                        vertices: vbuf,
                        indices: ibuf,
                        index_format,
                        index_count: p.indices.len() as u32,
                        material: p.material,
                        variant_materials: p.variant_materials.clone(),
                        bounds: p.bounds,
                    }
                })
                .collect()
        })
        .collect();
    GpuModel {
        meshes,
        instances: model
            .instances
            .iter()
            .map(|i| (i.mesh, i.transform))
            .collect(),
        materials,
        default_material,
        textures,
        bounds: model.bounds,
        shadow: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::asset::{Clearcoat, Sheen, Specular};

    fn texture() -> Option<TextureRef> {
        Some(TextureRef {
            texture: 0,
            tex_coord: 0,
            transform: None,
        })
    }

    #[test]
    fn a_material_s_features_are_the_parts_it_has() {
        let plain = Material::default();
        assert_eq!(features(&material_uniform(&plain)), 0);

        // The four core textures come from the bound mask gpu_material writes.
        let mut u = material_uniform(&plain);
        u.layers[3] = 1.0 + 8.0;
        assert_eq!(features(&u), 1 | 8);

        let normal = Material {
            normal_texture: texture(),
            ..Material::default()
        };
        assert_eq!(features(&material_uniform(&normal)), 16);
        let specular = Material {
            specular: Some(Specular {
                factor: 1.0,
                texture: None,
                color_factor: [1.0; 3],
                color_texture: texture(),
            }),
            ..Material::default()
        };
        assert_eq!(features(&material_uniform(&specular)), 32);
        // A specular factor alone needs no texture: it is in the uniform.
        let specular_factor = Material {
            specular: Some(Specular {
                factor: 0.5,
                texture: None,
                color_factor: [1.0; 3],
                color_texture: None,
            }),
            ..Material::default()
        };
        assert_eq!(features(&material_uniform(&specular_factor)), 0);

        let sheen = |color_factor| Material {
            sheen: Some(Sheen {
                color_factor,
                roughness_factor: 0.5,
                ..Sheen::default()
            }),
            ..Material::default()
        };
        assert_eq!(features(&material_uniform(&sheen([0.0, 0.2, 0.0]))), 64);
        // A black sheen is no sheen.
        assert_eq!(features(&material_uniform(&sheen([0.0; 3]))), 0);

        let clearcoat = |factor| Material {
            clearcoat: Some(Clearcoat {
                factor,
                ..Clearcoat::default()
            }),
            ..Material::default()
        };
        assert_eq!(features(&material_uniform(&clearcoat(0.7))), 128);
        assert_eq!(features(&material_uniform(&clearcoat(0.0))), 0);

        let transmission = |t| Material {
            transmission: Some((t, None)),
            ..Material::default()
        };
        assert_eq!(features(&material_uniform(&transmission(1.0))), 256);
        assert_eq!(features(&material_uniform(&transmission(0.0))), 0);
    }
}
