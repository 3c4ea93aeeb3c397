//! Contact shadows: baked once per model at upload (a 128×128 map of how dark the floor is under
//! it), drawn as a soft quad under each item. See shadow.wgsl.

use bytemuck::{Pod, Zeroable};
use wgpu::util::DeviceExt;

use super::gpu_model::GpuModel;
use super::pipeline::{self, Pass, PerSamples};
use super::texture::clear_pass;

const SIZE: u32 = 128;
const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::R8Unorm;
/// Height over which the shadow fades out, metres.
const FADE: f32 = 0.4;

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct BakeUniform {
    rect: [f32; 4],
    params: [f32; 4],
}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct NodeUniform {
    model: [[f32; 4]; 4],
    normal: [[f32; 4]; 4],
}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct BlurUniform {
    step: [f32; 4],
}

/// The per-item uniform of the floor quad.
#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
pub struct FloorUniform {
    pub model: [[f32; 4]; 4],
    pub rect: [f32; 4],
    pub params: [f32; 4],
}

/// A model's baked contact shadow.
pub struct ContactShadow {
    texture: wgpu::Texture,
    /// Bind group of the blurred map for the floor pass.
    pub group: wgpu::BindGroup,
    /// Quad centre (x, z) and half extents in model space.
    pub rect: [f32; 4],
}

impl ContactShadow {
    /// Frees the map.
    pub fn destroy(&self) {
        self.texture.destroy();
    }
}

fn texture_sampler_entries(first: u32) -> [wgpu::BindGroupLayoutEntry; 2] {
    [
        wgpu::BindGroupLayoutEntry {
            binding: first,
            visibility: wgpu::ShaderStages::FRAGMENT,
            ty: wgpu::BindingType::Texture {
                sample_type: wgpu::TextureSampleType::Float { filterable: true },
                view_dimension: wgpu::TextureViewDimension::D2,
                multisampled: false,
            },
            count: None,
        },
        wgpu::BindGroupLayoutEntry {
            binding: first + 1,
            visibility: wgpu::ShaderStages::FRAGMENT,
            ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
            count: None,
        },
    ]
}

/// Pipelines and shared state for contact shadows.
pub struct Shadows {
    bake_layout: wgpu::BindGroupLayout,
    node_layout: wgpu::BindGroupLayout,
    blur_layout: wgpu::BindGroupLayout,
    map_layout: wgpu::BindGroupLayout,
    /// Layout of the per-item floor uniform (dynamic offset).
    pub floor_layout: wgpu::BindGroupLayout,
    bake: wgpu::RenderPipeline,
    blur: wgpu::RenderPipeline,
    /// Draw the floor quads inside the main pass, one per sample count of the main pass.
    pub floor: PerSamples,
    sampler: wgpu::Sampler,
}

/// The contact shadows' floor pipeline but for its sample count.
const DESCRIBE_FLOOR: pipeline::Describe = |shader, layout, format, depth| {
    Pass::new("shadow floor", layout, shader, pipeline::blended(format))
        .entries("floor_vs", "floor_fs")
        .strip()
        .depth(depth, false, 1)
};

impl Shadows {
    /// Creates the pipelines. `frame_layout` is the renderer's frame uniform layout (its first
    /// member is the view-projection matrix), `format`/`samples`/`depth` those of the main pass.
    pub fn new(
        device: &wgpu::Device,
        frame_layout: &wgpu::BindGroupLayout,
        format: wgpu::TextureFormat,
        samples: u32,
        depth: wgpu::TextureFormat,
    ) -> Self {
        let shader = device.create_shader_module(wgsl!("render/shadow.wgsl"));
        let bake_layout = pipeline::uniform_layout(
            device,
            "shadow uniform",
            wgpu::ShaderStages::VERTEX_FRAGMENT,
            false,
        );
        let node_layout =
            pipeline::uniform_layout(device, "shadow uniform", wgpu::ShaderStages::VERTEX, false);
        let floor_layout = pipeline::uniform_layout(
            device,
            "shadow uniform",
            wgpu::ShaderStages::VERTEX_FRAGMENT,
            true,
        );
        let [t, s] = texture_sampler_entries(1);
        let blur_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("shadow blur"),
            entries: &[
                pipeline::uniform_entry(0, wgpu::ShaderStages::FRAGMENT, false),
                t,
                s,
            ],
        });
        let map_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("shadow map"),
            entries: &texture_sampler_entries(0),
        });
        let layout =
            |groups: &[Option<&wgpu::BindGroupLayout>]| pipeline::layout(device, "shadow", groups);
        let max_blend = wgpu::BlendState {
            color: wgpu::BlendComponent {
                src_factor: wgpu::BlendFactor::One,
                dst_factor: wgpu::BlendFactor::One,
                operation: wgpu::BlendOperation::Max,
            },
            alpha: wgpu::BlendComponent {
                src_factor: wgpu::BlendFactor::One,
                dst_factor: wgpu::BlendFactor::One,
                operation: wgpu::BlendOperation::Max,
            },
        };
        let bake_pipeline_layout = layout(&[Some(&bake_layout), Some(&node_layout)]);
        let bake_target = wgpu::ColorTargetState {
            format: FORMAT,
            blend: Some(max_blend),
            write_mask: wgpu::ColorWrites::ALL,
        };
        let bake = Pass::new("shadow bake", &bake_pipeline_layout, &shader, bake_target)
            .entries("bake_vs", "bake_fs")
            .vertex(wgpu::VertexBufferLayout {
                array_stride: std::mem::size_of::<super::gpu_model::Vertex>() as u64,
                step_mode: wgpu::VertexStepMode::Vertex,
                attributes: &[wgpu::VertexAttribute {
                    format: wgpu::VertexFormat::Float32x3,
                    offset: 0,
                    shader_location: 0,
                }],
            })
            .build(device);
        let blur_pipeline_layout = layout(&[Some(&blur_layout)]);
        let blur = Pass::new("shadow blur", &blur_pipeline_layout, &shader, FORMAT.into())
            .entries("blur_vs", "blur_fs")
            .build(device);
        let floor_pipeline_layout =
            layout(&[Some(frame_layout), Some(&floor_layout), Some(&map_layout)]);
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("shadow"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        });
        Self {
            bake_layout,
            node_layout,
            blur_layout,
            map_layout,
            floor_layout,
            bake,
            blur,
            floor: PerSamples::new(
                device,
                (shader, floor_pipeline_layout),
                (format, depth, samples),
                DESCRIBE_FLOOR,
            ),
            sampler,
        }
    }

    fn map(device: &wgpu::Device, label: &str) -> wgpu::Texture {
        device.create_texture(&wgpu::TextureDescriptor {
            label: Some(label),
            size: wgpu::Extent3d {
                width: SIZE,
                height: SIZE,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: FORMAT,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        })
    }

    /// Bakes the contact shadow of `model` (in its own space, standing on y = 0).
    pub fn bake(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        model: &GpuModel,
    ) -> Option<ContactShadow> {
        let bounds = model.bounds;
        if bounds.is_empty() {
            return None;
        }
        let size = bounds.size();
        let margin = 0.06 + 0.08 * size.x.max(size.z);
        let rect = [
            bounds.center().x,
            bounds.center().z,
            size.x * 0.5 + margin,
            size.z * 0.5 + margin,
        ];
        let bake_uniform = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("shadow bake"),
            contents: bytemuck::bytes_of(&BakeUniform {
                rect,
                params: [FADE, 0.0, 0.0, 0.0],
            }),
            usage: wgpu::BufferUsages::UNIFORM,
        });
        let bake_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("shadow bake"),
            layout: &self.bake_layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: bake_uniform.as_entire_binding(),
            }],
        });
        let node_groups: Vec<_> = model
            .instances
            .iter()
            .map(|(_, m)| {
                let buffer = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                    label: Some("shadow node"),
                    contents: bytemuck::bytes_of(&NodeUniform {
                        model: m.to_cols_array_2d(),
                        normal: m.to_cols_array_2d(),
                    }),
                    usage: wgpu::BufferUsages::UNIFORM,
                });
                device.create_bind_group(&wgpu::BindGroupDescriptor {
                    label: Some("shadow node"),
                    layout: &self.node_layout,
                    entries: &[wgpu::BindGroupEntry {
                        binding: 0,
                        resource: buffer.as_entire_binding(),
                    }],
                })
            })
            .collect();
        let a = Self::map(device, "shadow a");
        let b = Self::map(device, "shadow b");
        let (av, bv) = (
            a.create_view(&Default::default()),
            b.create_view(&Default::default()),
        );
        let blur_group = |src: &wgpu::TextureView, step: [f32; 2]| {
            let u = device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some("shadow blur"),
                contents: bytemuck::bytes_of(&BlurUniform {
                    step: [step[0], step[1], 0.0, 0.0],
                }),
                usage: wgpu::BufferUsages::UNIFORM,
            });
            device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("shadow blur"),
                layout: &self.blur_layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: u.as_entire_binding(),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::TextureView(src),
                    },
                    wgpu::BindGroupEntry {
                        binding: 2,
                        resource: wgpu::BindingResource::Sampler(&self.sampler),
                    },
                ],
            })
        };
        let texel = 1.0 / SIZE as f32;
        let across = blur_group(&av, [texel, 0.0]);
        let down = blur_group(&bv, [0.0, texel]);
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("shadow bake"),
        });
        {
            let mut pass = clear_pass(&mut encoder, &av, "shadow");
            pass.set_pipeline(&self.bake);
            pass.set_bind_group(0, &bake_group, &[]);
            for ((mesh, _), group) in model.instances.iter().zip(&node_groups) {
                pass.set_bind_group(1, group, &[]);
                for p in &model.meshes[*mesh] {
                    pass.set_vertex_buffer(0, p.vertices.slice(..));
                    pass.set_index_buffer(p.indices.slice(..), p.index_format);
                    pass.draw_indexed(0..p.index_count, 0, 0..1);
                }
            }
        }
        // Blur twice in each direction: a -> b -> a -> b -> a.
        for _ in 0..2 {
            {
                let mut pass = clear_pass(&mut encoder, &bv, "shadow");
                pass.set_pipeline(&self.blur);
                pass.set_bind_group(0, &across, &[]);
                pass.draw(0..3, 0..1);
            }
            {
                let mut pass = clear_pass(&mut encoder, &av, "shadow");
                pass.set_pipeline(&self.blur);
                pass.set_bind_group(0, &down, &[]);
                pass.draw(0..3, 0..1);
            }
        }
        queue.submit([encoder.finish()]);
        b.destroy();
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("shadow map"),
            layout: &self.map_layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: wgpu::BindingResource::TextureView(&av),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::Sampler(&self.sampler),
                },
            ],
        });
        Some(ContactShadow {
            texture: a,
            group,
            rect,
        })
    }
}
