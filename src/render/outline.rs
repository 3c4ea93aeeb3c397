//! The selection outline around the selected item (see outline.wgsl): the same on WebGPU,
//! WebGL2 and native, with no stencil buffer.

use bytemuck::{Pod, Zeroable};

use super::gpu_model::VERTEX_ATTRIBUTES;
use super::pipeline::{self, Pass, PerSamples};

/// Outline width in pixels of the target.
pub const OUTLINE_WIDTH_PX: f32 = 3.0;
/// Outline colour (sRGB display values, opaque): a clear blue that furniture rarely has.
pub const OUTLINE_COLOR: [f32; 3] = [0.10, 0.45, 0.91];

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct OutlineUniform {
    color: [f32; 4],
    params: [f32; 4],
}

/// Pipeline and uniform of the outline.
pub struct Outline {
    /// Draw back faces, pushed out; one per sample count of the main pass.
    pub pipelines: PerSamples,
    uniform: wgpu::Buffer,
    /// The outline uniform, at group 2.
    pub group: wgpu::BindGroup,
    srgb_target: bool,
}

/// Position and normal, the attributes the outline reads.
const ATTRIBUTES: [wgpu::VertexAttribute; 2] = [VERTEX_ATTRIBUTES[0], VERTEX_ATTRIBUTES[1]];

/// The outline's pipeline but for its sample count.
const DESCRIBE: pipeline::Describe = |shader, layout, format, depth| {
    Pass::new("outline", layout, shader, format.into())
        .vertex(wgpu::VertexBufferLayout {
            array_stride: std::mem::size_of::<super::gpu_model::Vertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &ATTRIBUTES,
        })
        .cull(Some(wgpu::Face::Front))
        .depth(depth, true, 1)
};

fn srgb_to_linear(c: f32) -> f32 {
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

impl Outline {
    /// Creates the pipeline for the main pass; `frame_layout` and `draw_layout` are the
    /// renderer's (groups 0 and 1).
    pub fn new(
        device: &wgpu::Device,
        frame_layout: &wgpu::BindGroupLayout,
        draw_layout: &wgpu::BindGroupLayout,
        format: wgpu::TextureFormat,
        samples: u32,
        depth: wgpu::TextureFormat,
    ) -> Self {
        let shader = device.create_shader_module(wgsl!("render/outline.wgsl"));
        let layout = pipeline::uniform_layout(
            device,
            "outline",
            wgpu::ShaderStages::VERTEX_FRAGMENT,
            false,
        );
        let pipeline_layout = pipeline::layout(
            device,
            "outline",
            &[Some(frame_layout), Some(draw_layout), Some(&layout)],
        );
        let uniform = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("outline"),
            size: std::mem::size_of::<OutlineUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("outline"),
            layout: &layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: uniform.as_entire_binding(),
            }],
        });
        Self {
            pipelines: PerSamples::new(
                device,
                (shader, pipeline_layout),
                (format, depth, samples),
                DESCRIBE,
            ),
            uniform,
            group,
            srgb_target: format.is_srgb(),
        }
    }

    /// Sets the outline for a target of `width`×`height` pixels.
    pub fn prepare(&self, queue: &wgpu::Queue, width: u32, height: u32) {
        let c = if self.srgb_target {
            OUTLINE_COLOR.map(srgb_to_linear)
        } else {
            OUTLINE_COLOR
        };
        let u = OutlineUniform {
            color: [c[0], c[1], c[2], 1.0],
            params: [
                OUTLINE_WIDTH_PX,
                width.max(1) as f32,
                height.max(1) as f32,
                0.0,
            ],
        };
        queue.write_buffer(&self.uniform, 0, bytemuck::bytes_of(&u));
    }
}
