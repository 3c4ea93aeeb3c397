//! The last pass of an AR frame: copies each view's rendered picture (a single-sampled
//! texture the [`super::Renderer`] resolved into) into its viewport of the WebXR layer.
//! Rendering straight into the layer does not work with wgpu's GL backend (no depth, no MSAA
//! resolve into the layer; docs/dev/ar-prototype.md), so the layer only ever receives this copy.

use super::pipeline::{self, Pass};

/// A view's picture, ready to be copied.
pub struct CompositeSource {
    group: wgpu::BindGroup,
}

/// The copy pipeline.
pub struct Composite {
    pipeline: wgpu::RenderPipeline,
    layout: wgpu::BindGroupLayout,
    sampler: wgpu::Sampler,
}

impl Composite {
    /// A pipeline writing into targets of `format`.
    pub fn new(device: &wgpu::Device, format: wgpu::TextureFormat) -> Self {
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("composite"),
            entries: &[
                wgpu::BindGroupLayoutEntry {
                    binding: 0,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: true },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
            ],
        });
        let pipeline_layout = pipeline::layout(device, "composite", &[Some(&layout)]);
        let shader = device.create_shader_module(wgsl!("render/composite.wgsl"));
        let pipeline = Pass::new("composite", &pipeline_layout, &shader, format.into())
            .entries("vs", "fs")
            .build(device);
        let sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("composite"),
            mag_filter: wgpu::FilterMode::Nearest,
            min_filter: wgpu::FilterMode::Nearest,
            ..Default::default()
        });
        Self {
            pipeline,
            layout,
            sampler,
        }
    }

    /// Prepares `view` (a texture view with TEXTURE_BINDING usage) as a source.
    pub fn source(&self, device: &wgpu::Device, view: &wgpu::TextureView) -> CompositeSource {
        CompositeSource {
            group: device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("composite source"),
                layout: &self.layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: wgpu::BindingResource::TextureView(view),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::Sampler(&self.sampler),
                    },
                ],
            }),
        }
    }

    /// Clears `target` to transparent and copies each source into its viewport (`[x, y,
    /// width, height]` in the target's pixels, as the WebXR layer gives them).
    pub fn draw(
        &self,
        device: &wgpu::Device,
        queue: &wgpu::Queue,
        views: &[(&CompositeSource, [f32; 4])],
        target: &wgpu::TextureView,
    ) {
        let mut encoder = device.create_command_encoder(&wgpu::CommandEncoderDescriptor {
            label: Some("composite"),
        });
        {
            // The first (and only) pass into the layer clears it: wgpu treats a texture made
            // from a raw framebuffer as uninitialised.
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("composite"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view: target,
                    depth_slice: None,
                    resolve_target: None,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color::TRANSPARENT),
                        store: wgpu::StoreOp::Store,
                    },
                })],
                depth_stencil_attachment: None,
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.set_pipeline(&self.pipeline);
            for (source, [x, y, w, h]) in views {
                pass.set_viewport(*x, *y, *w, *h, 0.0, 1.0);
                pass.set_bind_group(0, &source.group, &[]);
                pass.draw(0..3, 0..1);
            }
        }
        queue.submit([encoder.finish()]);
    }
}
