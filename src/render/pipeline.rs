//! The render pipelines' common parts: every pass of the renderer (PBR furniture, room shell,
//! selection outline, contact shadows, mipmaps, the AR composite and markers) fills the same
//! large `wgpu::RenderPipelineDescriptor`, differing in a few fields. [`Pass`] names just those
//! fields; [`Pass::build`] fills the rest the same way for all (one copy of the descriptor code
//! in the binary instead of one per pass).

/// What differs between the renderer's pipelines. Made with [`Pass::new`] (no vertex buffer,
/// triangle list, no culling, no depth, one sample), then changed by the builder methods.
pub(super) struct Pass<'a> {
    label: &'a str,
    layout: &'a wgpu::PipelineLayout,
    shader: &'a wgpu::ShaderModule,
    entry: [&'a str; 2],
    vertex: Option<wgpu::VertexBufferLayout<'a>>,
    topology: wgpu::PrimitiveTopology,
    cull: Option<wgpu::Face>,
    depth: Option<(wgpu::TextureFormat, bool)>,
    samples: u32,
    target: wgpu::ColorTargetState,
    constants: &'a [(&'a str, f64)],
}

impl<'a> Pass<'a> {
    /// A pass drawing into one colour `target` with `shader`'s `vs_main` and `fs_main`.
    pub fn new(
        label: &'a str,
        layout: &'a wgpu::PipelineLayout,
        shader: &'a wgpu::ShaderModule,
        target: wgpu::ColorTargetState,
    ) -> Self {
        Self {
            label,
            layout,
            shader,
            entry: ["vs_main", "fs_main"],
            vertex: None,
            topology: wgpu::PrimitiveTopology::TriangleList,
            cull: None,
            depth: None,
            samples: 1,
            target,
            constants: &[],
        }
    }

    /// Other vertex and fragment entry points.
    pub fn entries(mut self, vertex: &'a str, fragment: &'a str) -> Self {
        self.entry = [vertex, fragment];
        self
    }

    /// Values of the fragment shader's pipeline-overridable constants.
    pub fn constants(mut self, constants: &'a [(&'a str, f64)]) -> Self {
        self.constants = constants;
        self
    }

    /// One vertex buffer of this layout.
    pub fn vertex(mut self, layout: wgpu::VertexBufferLayout<'a>) -> Self {
        self.vertex = Some(layout);
        self
    }

    /// Triangle strips instead of lists.
    pub fn strip(mut self) -> Self {
        self.topology = wgpu::PrimitiveTopology::TriangleStrip;
        self
    }

    /// Culls these faces (counter-clockwise is front).
    pub fn cull(mut self, face: Option<wgpu::Face>) -> Self {
        self.cull = face;
        self
    }

    /// Tests depth against `format`'s attachment (less or equal) and writes it if `write`, with
    /// `samples` samples per pixel (the multisampled furniture pass).
    pub fn depth(mut self, format: wgpu::TextureFormat, write: bool, samples: u32) -> Self {
        self.depth = Some((format, write));
        self.samples = samples;
        self
    }

    /// `samples` samples per pixel.
    pub fn samples(mut self, samples: u32) -> Self {
        self.samples = samples;
        self
    }

    /// The pipeline.
    pub fn build(&self, device: &wgpu::Device) -> wgpu::RenderPipeline {
        let buffers = [self.vertex.clone()];
        device.create_render_pipeline(&wgpu::RenderPipelineDescriptor {
            label: Some(self.label),
            layout: Some(self.layout),
            vertex: wgpu::VertexState {
                module: self.shader,
                entry_point: Some(self.entry[0]),
                compilation_options: Default::default(),
                buffers: if self.vertex.is_some() { &buffers } else { &[] },
            },
            primitive: wgpu::PrimitiveState {
                topology: self.topology,
                front_face: wgpu::FrontFace::Ccw,
                cull_mode: self.cull,
                ..Default::default()
            },
            depth_stencil: self.depth.map(|(format, write)| wgpu::DepthStencilState {
                format,
                depth_write_enabled: Some(write),
                depth_compare: Some(wgpu::CompareFunction::LessEqual),
                stencil: Default::default(),
                bias: Default::default(),
            }),
            multisample: wgpu::MultisampleState {
                count: self.samples,
                mask: !0,
                alpha_to_coverage_enabled: false,
            },
            fragment: Some(wgpu::FragmentState {
                module: self.shader,
                entry_point: Some(self.entry[1]),
                compilation_options: wgpu::PipelineCompilationOptions {
                    constants: self.constants,
                    ..Default::default()
                },
                targets: &[Some(self.target.clone())],
            }),
            multiview_mask: None,
            cache: None,
        })
    }
}

/// A colour target of `format` that blends premultiplied colour over what is there.
pub(super) fn blended(format: wgpu::TextureFormat) -> wgpu::ColorTargetState {
    wgpu::ColorTargetState {
        format,
        blend: Some(wgpu::BlendState::PREMULTIPLIED_ALPHA_BLENDING),
        write_mask: wgpu::ColorWrites::ALL,
    }
}

/// A pipeline layout of these bind group layouts (group 0 first).
pub(super) fn layout(
    device: &wgpu::Device,
    label: &str,
    groups: &[Option<&wgpu::BindGroupLayout>],
) -> wgpu::PipelineLayout {
    device.create_pipeline_layout(&wgpu::PipelineLayoutDescriptor {
        label: Some(label),
        bind_group_layouts: groups,
        immediate_size: 0,
    })
}

/// A bind group layout with one uniform buffer at binding 0 (`dynamic`: with a dynamic offset).
pub(super) fn uniform_layout(
    device: &wgpu::Device,
    label: &str,
    visibility: wgpu::ShaderStages,
    dynamic: bool,
) -> wgpu::BindGroupLayout {
    device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
        label: Some(label),
        entries: &[uniform_entry(0, visibility, dynamic)],
    })
}

/// A uniform buffer at `binding` (`dynamic`: with a dynamic offset).
pub(super) fn uniform_entry(
    binding: u32,
    visibility: wgpu::ShaderStages,
    dynamic: bool,
) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility,
        ty: wgpu::BindingType::Buffer {
            ty: wgpu::BufferBindingType::Uniform,
            has_dynamic_offset: dynamic,
            min_binding_size: None,
        },
        count: None,
    }
}

/// A main-pass pipeline described but for its sample count: from the shader, the pipeline
/// layout and the main pass's colour and depth formats ([`PerSamples`]).
pub(super) type Describe = for<'a> fn(
    &'a wgpu::ShaderModule,
    &'a wgpu::PipelineLayout,
    wgpu::TextureFormat,
    wgpu::TextureFormat,
) -> Pass<'a>;

/// A main-pass pipeline, one per sample count, each made the first time it is needed (the main
/// pass drops multisampling while a slow view moves: `Renderer::set_multisample`).
pub(super) struct PerSamples {
    made: Vec<(u32, wgpu::RenderPipeline)>,
    shader: wgpu::ShaderModule,
    layout: wgpu::PipelineLayout,
    formats: (wgpu::TextureFormat, wgpu::TextureFormat),
    describe: Describe,
}

impl PerSamples {
    /// `describe`d pipelines of `shader` and its pipeline layout for a main pass of `pass`
    /// (colour format, depth format, samples per pixel), the one for those samples made now.
    pub fn new(
        device: &wgpu::Device,
        (shader, layout): (wgpu::ShaderModule, wgpu::PipelineLayout),
        pass: (wgpu::TextureFormat, wgpu::TextureFormat, u32),
        describe: Describe,
    ) -> Self {
        let (format, depth, samples) = pass;
        let mut pipelines = Self {
            made: Vec::new(),
            shader,
            layout,
            formats: (format, depth),
            describe,
        };
        pipelines.ensure(device, samples);
        pipelines
    }

    /// Makes the pipeline for `samples` samples per pixel unless it is there.
    pub fn ensure(&mut self, device: &wgpu::Device, samples: u32) {
        if self.get(samples).is_none() {
            let (format, depth) = self.formats;
            let pipeline = (self.describe)(&self.shader, &self.layout, format, depth)
                .samples(samples)
                .build(device);
            self.made.push((samples, pipeline));
        }
    }

    /// The pipeline for `samples`, if made.
    pub fn get(&self, samples: u32) -> Option<&wgpu::RenderPipeline> {
        self.made
            .iter()
            .find(|(s, _)| *s == samples)
            .map(|(_, p)| p)
    }
}
