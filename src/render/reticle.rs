//! AR markers: the placement reticle on a real surface, and the tape measure's end points and
//! line. Drawn over an already rendered colour target (load, no depth), so the furniture's
//! renderer stays unaware of AR.

use glam::{Mat4, Quat, Vec3};

use super::pipeline::{self, Pass};

/// One marker: a unit square (-1..1) in the XZ plane of `model`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Marker {
    /// Marker space to world (scale it to the marker's size).
    pub model: Mat4,
    /// Premultiplied display (sRGB) colour.
    pub color: [f32; 4],
    /// A ring (the reticle) or a solid quad.
    pub ring: bool,
}

/// The reticle's outer radius (metres).
pub const RETICLE_RADIUS: f32 = 0.12;

impl Marker {
    /// The reticle at a hit pose (its Y axis is the surface normal).
    pub fn reticle(pose: Mat4) -> Self {
        Self {
            model: pose * Mat4::from_scale(Vec3::new(RETICLE_RADIUS, 1.0, RETICLE_RADIUS)),
            color: [1.0, 1.0, 1.0, 1.0],
            ring: true,
        }
    }

    /// A tape-measure end point at `p` (on a horizontal surface).
    pub fn point(p: Vec3) -> Self {
        Self {
            model: Mat4::from_scale_rotation_translation(Vec3::splat(0.015), Quat::IDENTITY, p),
            color: [1.0, 0.75, 0.0, 1.0],
            ring: false,
        }
    }

    /// The tape-measure line from `a` to `b` (1 cm wide, lying flat), or none when they meet.
    pub fn line(a: Vec3, b: Vec3) -> Option<Self> {
        let d = b - a;
        let len = d.length();
        if len < 1e-4 || !len.is_finite() {
            return None;
        }
        let x = d / len;
        // Width direction: horizontal and across the line (or along Z for a vertical line).
        let z = x.cross(Vec3::Y).try_normalize().unwrap_or(Vec3::Z);
        let y = z.cross(x);
        let basis = Mat4::from_cols(
            (x * len * 0.5).extend(0.0),
            y.extend(0.0),
            (z * 0.005).extend(0.0),
            ((a + b) * 0.5).extend(1.0),
        );
        Some(Self {
            model: basis,
            color: [1.0, 0.75, 0.0, 1.0],
            ring: false,
        })
    }
}

#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct MarkerUniform {
    view_proj: [[f32; 4]; 4],
    model: [[f32; 4]; 4],
    color: [f32; 4],
    params: [f32; 4],
}

/// The most markers one pass draws.
const MAX_MARKERS: u64 = 16;
/// Uniform slot size (the WebGL2 downlevel limits' uniform offset alignment).
const SLOT: u64 = 256;

/// Draws [`Marker`]s.
pub struct Reticle {
    pipeline: wgpu::RenderPipeline,
    buffer: wgpu::Buffer,
    group: wgpu::BindGroup,
}

impl Reticle {
    /// Pipelines for targets of `format` (single-sampled).
    pub fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("marker"),
            entries: &[wgpu::BindGroupLayoutEntry {
                binding: 0,
                visibility: wgpu::ShaderStages::VERTEX | wgpu::ShaderStages::FRAGMENT,
                ty: wgpu::BindingType::Buffer {
                    ty: wgpu::BufferBindingType::Uniform,
                    has_dynamic_offset: true,
                    min_binding_size: wgpu::BufferSize::new(
                        std::mem::size_of::<MarkerUniform>() as u64
                    ),
                },
                count: None,
            }],
        });
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("markers"),
            size: SLOT * MAX_MARKERS,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("markers"),
            layout: &layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                    buffer: &buffer,
                    offset: 0,
                    size: wgpu::BufferSize::new(std::mem::size_of::<MarkerUniform>() as u64),
                }),
            }],
        });
        let pipeline_layout = pipeline::layout(device, "marker", &[Some(&layout)]);
        let shader = device.create_shader_module(wgsl!("render/reticle.wgsl"));
        let pipeline = Pass::new(
            "marker",
            &pipeline_layout,
            &shader,
            pipeline::blended(format),
        )
        .entries("vs", "fs")
        .strip()
        .build(device);
        Self {
            pipeline,
            buffer,
            group,
        }
    }

    /// Draws `markers` (at most 16) seen through `view_proj` over what `target` holds.
    pub fn draw(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        view_proj: Mat4,
        markers: &[Marker],
        target: &wgpu::TextureView,
    ) {
        let markers = &markers[..markers.len().min(MAX_MARKERS as usize)];
        if markers.is_empty() {
            return;
        }
        let mut bytes = vec![0u8; markers.len() * SLOT as usize];
        for (i, m) in markers.iter().enumerate() {
            let u = MarkerUniform {
                view_proj: view_proj.to_cols_array_2d(),
                model: m.model.to_cols_array_2d(),
                color: m.color,
                params: [if m.ring { 0.0 } else { 1.0 }, 0.7, 0.0, 0.0],
            };
            let at = i * SLOT as usize;
            bytes[at..at + std::mem::size_of::<MarkerUniform>()]
                .copy_from_slice(bytemuck::bytes_of(&u));
        }
        queue.write_buffer(&self.buffer, 0, &bytes);
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("markers"),
        });
        {
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("markers"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: target,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Load,
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_pipeline(&self.pipeline);
            for i in 0..markers.len() {
                pass.set_bind_group(0, &self.group, &[(i as u64 * SLOT) as u32]);
                pass.draw(0..4, 0..1);
            }
        }
        queue.submit([encoder.finish()]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_spans_its_end_points() {
        let (a, b) = (Vec3::new(0.0, 0.0, 0.0), Vec3::new(2.0, 0.0, -1.0));
        let m = Marker::line(a, b).expect("a line").model;
        assert!(m.transform_point3(Vec3::new(-1.0, 0.0, 0.0)).distance(a) < 1e-5);
        assert!(m.transform_point3(Vec3::new(1.0, 0.0, 0.0)).distance(b) < 1e-5);
        assert!(Marker::line(a, a).is_none());
    }

    #[test]
    fn reticle_lies_in_the_hit_plane() {
        let pose = Mat4::from_translation(Vec3::new(0.5, 0.0, -1.0));
        let m = Marker::reticle(pose).model;
        let edge = m.transform_point3(Vec3::new(1.0, 0.0, 0.0));
        assert!((edge - Vec3::new(0.5 + RETICLE_RADIUS, 0.0, -1.0)).length() < 1e-6);
    }
}
