//! [`Renderer`]: pipelines, per-frame uniforms and the draw loop.

use std::mem::size_of;

use bytemuck::{Pod, Zeroable};
use glam::Mat4;

use super::camera::Camera;
use super::environment;
use super::gpu_model::{self, GpuModel, UploadContext, VERTEX_ATTRIBUTES, Vertex};
use super::lighting::Lighting;
use super::outline::Outline;
use super::pipeline::{self, Pass};
use super::shadow::{FloorUniform, Shadows};
use super::shell::{Floor, Shell, WallPanel};
use super::texture::{self, ImageData, Mipmapper};
use crate::asset::Model;

/// A model uploaded to the renderer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModelId(usize);

/// One piece of furniture to draw.
#[derive(Debug, Clone, Copy)]
pub struct SceneItem {
    /// Which uploaded model.
    pub model: ModelId,
    /// Where it stands (model space to world, metres).
    pub transform: Mat4,
    /// The selected `KHR_materials_variants` variant.
    pub variant: Option<usize>,
    /// Opacity of its contact shadow on the floor (0 for none, e.g. wall items; 0.8 once
    /// placed, fainter while being placed).
    pub shadow: f32,
    /// Whether to draw the selection outline around it.
    pub outline: bool,
}

/// What to draw in one frame.
#[derive(Debug, Clone, Default)]
pub struct Scene {
    /// The furniture.
    pub items: Vec<SceneItem>,
    /// Background colour (linear, premultiplied RGBA); `None` keeps what the target holds
    /// under a transparent clear.
    pub clear: Option<[f64; 4]>,
    /// The floor of the 3D room view, if drawn (none over a camera image or for one product).
    pub floor: Option<Floor>,
    /// The walls of the 3D room view (their inner faces).
    pub walls: Vec<WallPanel>,
}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct FrameUniform {
    view_proj: [[f32; 4]; 4],
    camera_pos: [f32; 4],
    light_dir: [f32; 4],
    light_color: [f32; 4],
    sh: [[f32; 4]; 9],
    params: [f32; 4],
}

#[repr(C)]
#[derive(Clone, Copy, Pod, Zeroable)]
struct DrawUniform {
    model: [[f32; 4]; 4],
    normal: [[f32; 4]; 4],
}

/// One draw call of furniture: a primitive of a mesh instance of an item.
#[derive(Clone, Copy)]
struct Draw {
    model: usize,
    mesh: usize,
    primitive: usize,
    material: Option<usize>,
    /// Index of the instance's [`DrawUniform`].
    uniform: usize,
    /// Index into [`Renderer`]'s pipelines (the material's).
    pipeline: usize,
    blend: bool,
    /// View-space depth of the primitive's centre, for sorting blended draws.
    depth: f32,
}

/// A frame's draw lists, kept between frames so a frame allocates nothing once they have grown.
#[derive(Default)]
struct FrameDraws {
    draws: Vec<Draw>,
    sorted: Vec<Draw>,
    uniforms: Vec<DrawUniform>,
    /// (model, mesh, uniform) of every mesh instance of an outlined item.
    outlined: Vec<(usize, usize, usize)>,
    floors: Vec<(usize, FloorUniform)>,
    bytes: Vec<u8>,
    key: Vec<u32>,
}

impl FrameDraws {
    fn clear(&mut self) {
        self.draws.clear();
        self.sorted.clear();
        self.uniforms.clear();
        self.outlined.clear();
        self.floors.clear();
        self.bytes.clear();
        self.key.clear();
    }
}

struct Targets {
    size: (u32, u32),
    samples: u32,
    color: Option<wgpu::TextureView>,
    depth: wgpu::TextureView,
}

/// Draws furniture with physically based materials.
pub struct Renderer {
    device: wgpu::Device,
    queue: wgpu::Queue,
    format: wgpu::TextureFormat,
    sample_count: u32,
    material_layout: wgpu::BindGroupLayout,
    draw_layout: wgpu::BindGroupLayout,
    /// PBR pipelines, made as uploaded materials need them: one per kind (opaque, blended (may
    /// be masked too), masked; each single- or double-sided) and material feature set
    /// (pbr.wgsl's `FEATURES`) and sample count, with its key (kind | features << 3 |
    /// samples << 16).
    pipelines: Vec<(u32, wgpu::RenderPipeline)>,
    pbr_layout: wgpu::PipelineLayout,
    pbr_shader: wgpu::ShaderModule,
    frame_buffer: wgpu::Buffer,
    frame_group: wgpu::BindGroup,
    draw_buffer: wgpu::Buffer,
    draw_group: wgpu::BindGroup,
    draw_stride: u64,
    shadows: Shadows,
    shell: Shell,
    outline: Outline,
    floor_buffer: wgpu::Buffer,
    floor_group: wgpu::BindGroup,
    targets: Option<Targets>,
    mipmapper: Mipmapper,
    white: wgpu::TextureView,
    flat_normal: wgpu::TextureView,
    models: Vec<Option<GpuModel>>,
    lighting: Lighting,
    environment: wgpu::Texture,
    frame: FrameDraws,
    /// The per-instance and floor uniforms as last written to the GPU.
    uploaded_draws: Vec<u8>,
    uploaded_floors: Vec<u8>,
    /// Bumped whenever a resource the recorded draws refer to is replaced (models uploaded or
    /// released, uniform buffers grown, the room shell rebuilt).
    generation: u32,
    /// The recorded draw calls and the key they were recorded for.
    bundle: Option<(Vec<u32>, wgpu::RenderBundle)>,
}

const DEPTH: wgpu::TextureFormat = wgpu::TextureFormat::Depth24Plus;

/// Samples per pixel of the main pass with multisampling on ([`Renderer::set_multisample`]).
const MSAA: u32 = 4;

/// Which of a material's two pipelines ([`gpu_model::GpuMaterial::pipeline`]) draws into a pass
/// of `samples` samples per pixel.
fn samples_slot(samples: u32) -> usize {
    usize::from(samples == 1)
}

fn texture_entry(binding: u32) -> wgpu::BindGroupLayoutEntry {
    wgpu::BindGroupLayoutEntry {
        binding,
        visibility: wgpu::ShaderStages::FRAGMENT,
        ty: wgpu::BindingType::Texture {
            sample_type: wgpu::TextureSampleType::Float { filterable: true },
            view_dimension: wgpu::TextureViewDimension::D2,
            multisampled: false,
        },
        count: None,
    }
}

/// Writes `items` into a uniform buffer bound with a dynamic offset, one per `stride` bytes:
/// grows the buffer (and its bind group) to the next power of two when they do not fit, and
/// writes only when the bytes differ from `uploaded`, what the buffer holds. `scratch` is reused
/// between frames. Returns whether the buffer was replaced.
fn upload_slots<'a, T: Pod>(
    (device, queue): (&wgpu::Device, &wgpu::Queue),
    layout: &wgpu::BindGroupLayout,
    stride: u64,
    (buffer, group): (&mut wgpu::Buffer, &mut wgpu::BindGroup),
    uploaded: &mut Vec<u8>,
    items: impl ExactSizeIterator<Item = &'a T>,
    scratch: &mut Vec<u8>,
) -> bool {
    let count = items.len();
    let grown = count as u64 * stride > buffer.size();
    if grown {
        let (b, g) = Renderer::draw_resources(
            device,
            layout,
            stride,
            (count as u64).next_power_of_two(),
            size_of::<T>(),
        );
        buffer.destroy();
        (*buffer, *group) = (b, g);
        uploaded.clear();
    }
    scratch.clear();
    scratch.resize(count * stride as usize, 0);
    for (i, u) in items.enumerate() {
        let at = i * stride as usize;
        scratch[at..at + size_of::<T>()].copy_from_slice(bytemuck::bytes_of(u));
    }
    if *scratch != *uploaded {
        if !scratch.is_empty() {
            queue.write_buffer(buffer, 0, scratch);
        }
        std::mem::swap(scratch, uploaded);
    }
    grown
}

impl Renderer {
    /// Creates a renderer drawing into targets of `format`. Output is encoded to sRGB in the
    /// shader when `format` is not an sRGB format. Uses 4× MSAA.
    pub fn new(device: &wgpu::Device, queue: &wgpu::Queue, format: wgpu::TextureFormat) -> Self {
        let sample_count = MSAA;
        let vs_fs = wgpu::ShaderStages::VERTEX | wgpu::ShaderStages::FRAGMENT;
        let frame_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("frame"),
            entries: &[
                pipeline::uniform_entry(0, vs_fs, false),
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: true },
                        view_dimension: wgpu::TextureViewDimension::Cube,
                        multisampled: false,
                    },
                    count: None,
                },
                wgpu::BindGroupLayoutEntry {
                    binding: 2,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
            ],
        });
        let draw_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("draw"),
            entries: &[pipeline::uniform_entry(0, wgpu::ShaderStages::VERTEX, true)],
        });
        let material_layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("material"),
            entries: &[
                pipeline::uniform_entry(0, wgpu::ShaderStages::FRAGMENT, false),
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Sampler(wgpu::SamplerBindingType::Filtering),
                    count: None,
                },
                texture_entry(2),
                texture_entry(3),
                texture_entry(4),
                texture_entry(5),
                texture_entry(6),
                texture_entry(7),
                texture_entry(8),
                texture_entry(9),
                texture_entry(10),
                texture_entry(11),
                texture_entry(12),
                texture_entry(13),
            ],
        });
        let layout = pipeline::layout(
            device,
            "pbr",
            &[
                Some(&frame_layout),
                Some(&draw_layout),
                Some(&material_layout),
            ],
        );
        let shader = device.create_shader_module(wgsl!("render/pbr.wgsl"));
        let frame_buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("frame"),
            size: size_of::<FrameUniform>() as u64,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let lighting = Lighting::studio();
        let environment = environment::create_texture(device, queue, &lighting);
        let env_view = environment.create_view(&wgpu::TextureViewDescriptor {
            label: Some("environment"),
            dimension: Some(wgpu::TextureViewDimension::Cube),
            ..Default::default()
        });
        let env_sampler = device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("environment"),
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            mipmap_filter: wgpu::MipmapFilterMode::Linear,
            ..Default::default()
        });
        let frame_group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("frame"),
            layout: &frame_layout,
            entries: &[
                wgpu::BindGroupEntry {
                    binding: 0,
                    resource: frame_buffer.as_entire_binding(),
                },
                wgpu::BindGroupEntry {
                    binding: 1,
                    resource: wgpu::BindingResource::TextureView(&env_view),
                },
                wgpu::BindGroupEntry {
                    binding: 2,
                    resource: wgpu::BindingResource::Sampler(&env_sampler),
                },
            ],
        });
        let align = device.limits().min_uniform_buffer_offset_alignment as u64;
        let draw_stride = (size_of::<DrawUniform>() as u64).div_ceil(align) * align;
        let (draw_buffer, draw_group) = Self::draw_resources(
            device,
            &draw_layout,
            draw_stride,
            64,
            size_of::<DrawUniform>(),
        );
        let shadows = Shadows::new(device, &frame_layout, format, sample_count, DEPTH);
        let shell = Shell::new(device, &frame_layout, format, sample_count, DEPTH);
        let outline = Outline::new(
            device,
            &frame_layout,
            &draw_layout,
            format,
            sample_count,
            DEPTH,
        );
        let (floor_buffer, floor_group) = Self::draw_resources(
            device,
            &shadows.floor_layout,
            draw_stride,
            16,
            size_of::<FloorUniform>(),
        );
        let white = texture::solid(device, queue, [255; 4], wgpu::TextureFormat::Rgba8Unorm)
            .create_view(&Default::default());
        let flat_normal = texture::solid(
            device,
            queue,
            [128, 128, 255, 255],
            wgpu::TextureFormat::Rgba8Unorm,
        )
        .create_view(&Default::default());
        Self {
            device: device.clone(),
            queue: queue.clone(),
            format,
            sample_count,
            material_layout,
            draw_layout,
            pipelines: Vec::new(),
            pbr_layout: layout,
            pbr_shader: shader,
            frame_buffer,
            frame_group,
            draw_buffer,
            draw_group,
            draw_stride,
            shadows,
            shell,
            outline,
            floor_buffer,
            floor_group,
            targets: None,
            mipmapper: Mipmapper::new(device),
            white,
            flat_normal,
            models: Vec::new(),
            lighting,
            environment,
            frame: FrameDraws::default(),
            uploaded_draws: Vec::new(),
            uploaded_floors: Vec::new(),
            generation: 0,
            bundle: None,
        }
    }

    fn draw_resources(
        device: &wgpu::Device,
        layout: &wgpu::BindGroupLayout,
        stride: u64,
        capacity: u64,
        binding_size: usize,
    ) -> (wgpu::Buffer, wgpu::BindGroup) {
        let buffer = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("draws"),
            size: stride * capacity,
            usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("draws"),
            layout,
            entries: &[wgpu::BindGroupEntry {
                binding: 0,
                resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                    buffer: &buffer,
                    offset: 0,
                    size: wgpu::BufferSize::new(binding_size as u64),
                }),
            }],
        });
        (buffer, group)
    }

    /// The light on the scene.
    pub fn lighting(&self) -> &Lighting {
        &self.lighting
    }

    /// Replaces the light (AR hands in its estimate here) and refilters the environment.
    pub fn set_lighting(&mut self, lighting: Lighting) {
        environment::upload(&self.queue, &self.environment, &lighting);
        self.lighting = lighting;
    }

    /// Sets the exposure, a multiplier on linear colour before tone mapping (1: neutral). Only
    /// the frame uniform changes; the environment is not refiltered.
    pub fn set_exposure(&mut self, exposure: f32) {
        self.lighting.exposure = exposure;
    }

    /// The output format this renderer was made for.
    pub fn format(&self) -> wgpu::TextureFormat {
        self.format
    }

    /// Uploads a model. `images[i]` is `model.images[i]` decoded, or `None` if it could not be.
    pub fn upload(&mut self, model: &Model, images: &[Option<ImageData>]) -> ModelId {
        let mut ctx = UploadContext {
            device: &self.device,
            queue: &self.queue,
            material_layout: &self.material_layout,
            mipmapper: &mut self.mipmapper,
            white: &self.white,
            flat_normal: &self.flat_normal,
        };
        self.generation = self.generation.wrapping_add(1);
        let mut gpu = gpu_model::upload(&mut ctx, model, images);
        let (samples, slot) = (self.sample_count, samples_slot(self.sample_count));
        for m in gpu.materials.iter_mut().chain([&mut gpu.default_material]) {
            m.pipeline[slot] = self.pbr_pipeline(m, samples);
        }
        gpu.shadow = self.shadows.bake(&self.device, &self.queue, &gpu);
        if let Some(slot) = self.models.iter().position(Option::is_none) {
            self.models[slot] = Some(gpu);
            ModelId(slot)
        } else {
            self.models.push(Some(gpu));
            ModelId(self.models.len() - 1)
        }
    }

    /// Multisampling (4×, the default) on or off. Off, edges are not smoothed, but a GPU that
    /// is short of fill rate draws a frame in about half the time (SwiftShader: 75 → 50 ms for
    /// the same view): the element turns it off while a slow view moves, with its adaptive
    /// resolution. The pipelines for the other sample count are made the first time it is
    /// used. AR keeps 4× (its occlusion bundle is recorded for [`Renderer::pass_formats`]).
    pub fn set_multisample(&mut self, on: bool) {
        let samples = if on { MSAA } else { 1 };
        if samples == self.sample_count {
            return;
        }
        self.sample_count = samples;
        self.shell.pipelines.ensure(&self.device, samples);
        self.outline.pipelines.ensure(&self.device, samples);
        self.shadows.floor.ensure(&self.device, samples);
        let slot = samples_slot(samples);
        let mut models = std::mem::take(&mut self.models);
        for model in models.iter_mut().flatten() {
            for m in model
                .materials
                .iter_mut()
                .chain([&mut model.default_material])
            {
                if m.pipeline[slot] == usize::MAX {
                    m.pipeline[slot] = self.pbr_pipeline(m, samples);
                }
            }
        }
        self.models = models;
    }

    /// Whether multisampling is on ([`Renderer::set_multisample`]).
    pub fn multisample(&self) -> bool {
        self.sample_count > 1
    }

    /// The index of the PBR pipeline that draws material `m` into a pass of `samples` samples
    /// per pixel, made the first time a material of its kind and features needs it.
    fn pbr_pipeline(&mut self, m: &gpu_model::GpuMaterial, samples: u32) -> usize {
        let kind = if m.blend {
            2
        } else if m.mask {
            4
        } else {
            0
        } + m.double_sided as u32;
        let key = kind | m.features << 3 | samples << 16;
        if let Some(i) = self.pipelines.iter().position(|(k, _)| *k == key) {
            return i;
        }
        let features = [("FEATURES", f64::from(m.features))];
        let pipeline = Pass::new(
            "pbr",
            &self.pbr_layout,
            &self.pbr_shader,
            pipeline::blended(self.format),
        )
        // Blended materials may be masked too: only opaque ones do without the discard.
        .entries("vs_main", if kind < 2 { "fs_main" } else { "fs_mask" })
        .constants(&features)
        .vertex(wgpu::VertexBufferLayout {
            array_stride: size_of::<Vertex>() as u64,
            step_mode: wgpu::VertexStepMode::Vertex,
            attributes: &VERTEX_ATTRIBUTES,
        })
        .cull((!m.double_sided).then_some(wgpu::Face::Back))
        .depth(DEPTH, !m.blend, samples)
        .build(&self.device);
        self.pipelines.push((key, pipeline));
        self.pipelines.len() - 1
    }

    /// Frees a model's GPU memory. Its id must not be drawn again.
    pub fn release(&mut self, id: ModelId) {
        self.generation = self.generation.wrapping_add(1);
        // The recorded draws may hold the model's buffers: let them go too.
        self.bundle = None;
        if let Some(slot) = self.models.get_mut(id.0) {
            if let Some(m) = slot.take() {
                m.destroy();
            }
        }
    }

    /// Number of models currently uploaded.
    pub fn model_count(&self) -> usize {
        self.models.iter().filter(|m| m.is_some()).count()
    }

    fn ensure_targets(&mut self, size: (u32, u32), resolve_needed: bool) {
        let samples = self.sample_count;
        if self
            .targets
            .as_ref()
            .is_some_and(|t| t.size == size && t.samples == samples)
        {
            return;
        }
        let extent = wgpu::Extent3d {
            width: size.0.max(1),
            height: size.1.max(1),
            depth_or_array_layers: 1,
        };
        let make = |format, label| {
            self.device
                .create_texture(&wgpu::TextureDescriptor {
                    label: Some(label),
                    size: extent,
                    mip_level_count: 1,
                    sample_count: self.sample_count,
                    dimension: wgpu::TextureDimension::D2,
                    format,
                    usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
                    view_formats: &[],
                })
                .create_view(&Default::default())
        };
        // One sample: the pass draws into the target itself.
        let color = (resolve_needed && samples > 1).then(|| make(self.format, "msaa color"));
        let depth = make(DEPTH, "depth");
        self.targets = Some(Targets {
            size,
            samples,
            color,
            depth,
        });
    }

    fn frame_uniform(&self, camera: &Camera) -> FrameUniform {
        let l = &self.lighting;
        let srgb_in_shader = !self.format.is_srgb();
        let v4 = |v: glam::Vec3, w: f32| [v.x, v.y, v.z, w];
        FrameUniform {
            view_proj: camera.view_proj().to_cols_array_2d(),
            camera_pos: v4(camera.position, 1.0),
            light_dir: v4(l.key_direction.normalize_or(glam::Vec3::Y), 0.0),
            light_color: v4(l.key_color, 0.0),
            sh: l.sh.map(|c| v4(c, 0.0)),
            params: [
                l.exposure,
                if srgb_in_shader { 1.0 } else { 0.0 },
                l.reflections,
                (environment::LEVELS - 1) as f32,
            ],
        }
    }

    /// Draws `scene` seen by `camera` into `target` (a view of a texture of this renderer's
    /// format).
    ///
    /// Per frame this writes the frame uniform, and the per-item uniforms only when they changed.
    /// The draw calls themselves are recorded once into a render bundle and replayed while the
    /// scene draws the same things (orbiting, exposure, light changes): a frame is then one
    /// `executeBundles` instead of a handful of calls per primitive.
    pub fn render(&mut self, scene: &Scene, camera: &Camera, target: &wgpu::TextureView) {
        self.render_with(scene, camera, target, None);
    }

    /// As [`Renderer::render`], with `first` run in the pass before anything is drawn (AR's
    /// occlusion: a bundle writing the real world's depth; `super::occlusion`). It must match
    /// [`Renderer::pass_formats`].
    #[cfg(any(feature = "ar", test))]
    pub fn render_after(
        &mut self,
        first: &wgpu::RenderBundle,
        scene: &Scene,
        camera: &Camera,
        target: &wgpu::TextureView,
    ) {
        self.render_with(scene, camera, target, Some(first));
    }

    /// The colour format, depth format and sample count of the renderer's pass (what a bundle
    /// given to [`Renderer::render_after`] is recorded for).
    #[cfg(any(feature = "ar", test))]
    pub fn pass_formats(&self) -> (wgpu::TextureFormat, wgpu::TextureFormat, u32) {
        (self.format, DEPTH, self.sample_count)
    }

    fn render_with(
        &mut self,
        scene: &Scene,
        camera: &Camera,
        target: &wgpu::TextureView,
        first: Option<&wgpu::RenderBundle>,
    ) {
        let size = target.texture().size();
        self.ensure_targets((size.width, size.height), true);
        self.queue.write_buffer(
            &self.frame_buffer,
            0,
            bytemuck::bytes_of(&self.frame_uniform(camera)),
        );

        let mut f = std::mem::take(&mut self.frame);
        f.clear();
        for item in &scene.items {
            let Some(Some(model)) = self.models.get(item.model.0) else {
                continue;
            };
            for (mesh, node_transform) in &model.instances {
                let world = item.transform * *node_transform;
                let normal = world.inverse().transpose();
                let uniform = f.uniforms.len();
                f.uniforms.push(DrawUniform {
                    model: world.to_cols_array_2d(),
                    normal: normal.to_cols_array_2d(),
                });
                if item.outline {
                    f.outlined.push((item.model.0, *mesh, uniform));
                }
                for (pi, p) in model.meshes[*mesh].iter().enumerate() {
                    let material = p.material_for(item.variant);
                    let gm = material
                        .and_then(|m| model.materials.get(m))
                        .unwrap_or(&model.default_material);
                    let center = world.transform_point3(p.bounds.center());
                    f.draws.push(Draw {
                        model: item.model.0,
                        mesh: *mesh,
                        primitive: pi,
                        material,
                        uniform,
                        pipeline: gm.pipeline[samples_slot(self.sample_count)],
                        blend: gm.blend,
                        depth: (camera.view.transform_point3(center)).z,
                    });
                }
            }
            if let Some(shadow) = model.shadow.as_ref().filter(|_| item.shadow > 0.0) {
                f.floors.push((
                    item.model.0,
                    FloorUniform {
                        model: item.transform.to_cols_array_2d(),
                        rect: shadow.rect,
                        params: [item.shadow.clamp(0.0, 1.0), 0.0, 0.0, 0.0],
                    },
                ));
            }
        }
        // Opaque first (grouped by pipeline, so the bundle switches pipelines rarely), then
        // blended back to front.
        let order = crate::sort::sorted_indices(f.draws.len(), &|a, b| {
            let (a, b) = (&f.draws[a], &f.draws[b]);
            a.blend.cmp(&b.blend).then_with(|| {
                if a.blend {
                    a.depth.total_cmp(&b.depth)
                } else {
                    a.pipeline.cmp(&b.pipeline)
                }
            })
        });
        f.sorted.extend(order.iter().map(|&i| f.draws[i]));

        let grown = upload_slots(
            (&self.device, &self.queue),
            &self.draw_layout,
            self.draw_stride,
            (&mut self.draw_buffer, &mut self.draw_group),
            &mut self.uploaded_draws,
            f.uniforms.iter(),
            &mut f.bytes,
        );
        // Contact shadows: one floor quad per item that has a shadow.
        let floors_grown = upload_slots(
            (&self.device, &self.queue),
            &self.shadows.floor_layout,
            self.draw_stride,
            (&mut self.floor_buffer, &mut self.floor_group),
            &mut self.uploaded_floors,
            f.floors.iter().map(|(_, u)| u),
            &mut f.bytes,
        );
        if grown || floors_grown {
            self.generation = self.generation.wrapping_add(1);
        }

        if self
            .shell
            .prepare(&self.device, &self.queue, scene.floor, &scene.walls)
        {
            self.generation = self.generation.wrapping_add(1);
        }
        if !f.outlined.is_empty() {
            self.outline.prepare(&self.queue, size.width, size.height);
        }

        // What the bundle records; the same key means the same commands.
        f.key.push(self.generation);
        f.key.push(self.sample_count);
        for d in &f.sorted {
            f.key.extend([
                d.model as u32,
                d.mesh as u32,
                d.primitive as u32,
                d.material.map_or(0, |m| m as u32 + 1),
                d.uniform as u32,
                d.pipeline as u32,
            ]);
        }
        f.key.push(u32::MAX);
        for &(model, mesh, uniform) in &f.outlined {
            f.key.extend([model as u32, mesh as u32, uniform as u32]);
        }
        f.key.push(u32::MAX);
        f.key
            .extend(f.floors.iter().map(|(model, _)| *model as u32));
        if self.bundle.as_ref().is_none_or(|(key, _)| *key != f.key) {
            let bundle = self.record(&f);
            self.bundle = Some((std::mem::take(&mut f.key), bundle));
        }
        self.frame = f;

        let (Some(targets), Some((_, bundle))) = (&self.targets, &self.bundle) else {
            return;
        };
        let clear = scene.clear.unwrap_or([0.0; 4]);
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor {
                label: Some("frame"),
            });
        {
            // Multisampled: the samples are resolved into `target` and need not be kept.
            // Single-sampled: the pass draws into `target`, which must keep what it drew.
            let (view, resolve, store) = match &targets.color {
                Some(msaa) => (msaa, Some(target), wgpu::StoreOp::Discard),
                None => (target, None, wgpu::StoreOp::Store),
            };
            let mut pass = encoder.begin_render_pass(&wgpu::RenderPassDescriptor {
                label: Some("furniture"),
                color_attachments: &[Some(wgpu::RenderPassColorAttachment {
                    view,
                    depth_slice: None,
                    resolve_target: resolve,
                    ops: wgpu::Operations {
                        load: wgpu::LoadOp::Clear(wgpu::Color {
                            r: clear[0],
                            g: clear[1],
                            b: clear[2],
                            a: clear[3],
                        }),
                        store,
                    },
                })],
                depth_stencil_attachment: Some(wgpu::RenderPassDepthStencilAttachment {
                    view: &targets.depth,
                    depth_ops: Some(wgpu::Operations {
                        load: wgpu::LoadOp::Clear(1.0),
                        store: wgpu::StoreOp::Discard,
                    }),
                    stencil_ops: None,
                }),
                timestamp_writes: None,
                occlusion_query_set: None,
                multiview_mask: None,
            });
            pass.execute_bundles(first.into_iter().chain(std::iter::once(bundle)));
        }
        self.queue.submit([encoder.finish()]);
    }

    /// Records the frame's draw calls: the room shell, opaque furniture, the selection outline
    /// and the contact shadows, then blended furniture back to front.
    fn record(&self, f: &FrameDraws) -> wgpu::RenderBundle {
        let mut e =
            self.device
                .create_render_bundle_encoder(&wgpu::RenderBundleEncoderDescriptor {
                    label: Some("furniture"),
                    color_formats: &[Some(self.format)],
                    depth_stencil: Some(wgpu::RenderBundleDepthStencil {
                        format: DEPTH,
                        depth_read_only: false,
                        stencil_read_only: true,
                    }),
                    sample_count: self.sample_count,
                    multiview: None,
                });
        e.set_bind_group(0, &self.frame_group, &[]);
        self.shell.draw(&mut e, self.sample_count);
        let first_blend = f
            .sorted
            .iter()
            .position(|d| d.blend)
            .unwrap_or(f.sorted.len());
        let mut pipeline = usize::MAX;
        let mut uniform = usize::MAX;
        for (i, d) in f.sorted.iter().enumerate() {
            if i == first_blend {
                self.draw_outlines(&mut e, &f.outlined);
                self.draw_floor_shadows(&mut e, &f.floors);
                (pipeline, uniform) = (usize::MAX, usize::MAX);
            }
            let Some(Some(model)) = self.models.get(d.model) else {
                continue;
            };
            let p = &model.meshes[d.mesh][d.primitive];
            let gm = d
                .material
                .and_then(|m| model.materials.get(m))
                .unwrap_or(&model.default_material);
            if d.pipeline != pipeline {
                let Some((_, p)) = self.pipelines.get(d.pipeline) else {
                    continue;
                };
                e.set_pipeline(p);
                pipeline = d.pipeline;
            }
            if d.uniform != uniform {
                e.set_bind_group(
                    1,
                    &self.draw_group,
                    &[(d.uniform as u64 * self.draw_stride) as u32],
                );
                uniform = d.uniform;
            }
            e.set_bind_group(2, &gm.bind_group, &[]);
            e.set_vertex_buffer(0, p.vertices.slice(..));
            e.set_index_buffer(p.indices.slice(..), p.index_format);
            e.draw_indexed(0..p.index_count, 0, 0..1);
        }
        if first_blend == f.sorted.len() {
            self.draw_outlines(&mut e, &f.outlined);
            self.draw_floor_shadows(&mut e, &f.floors);
        }
        e.finish(&wgpu::RenderBundleDescriptor {
            label: Some("furniture"),
        })
    }

    fn draw_outlines<'a>(
        &'a self,
        e: &mut wgpu::RenderBundleEncoder<'a>,
        outlined: &[(usize, usize, usize)],
    ) {
        let Some(pipeline) = self.outline.pipelines.get(self.sample_count) else {
            return;
        };
        if outlined.is_empty() {
            return;
        }
        e.set_pipeline(pipeline);
        e.set_bind_group(2, &self.outline.group, &[]);
        for &(model, mesh, uniform) in outlined {
            let Some(Some(model)) = self.models.get(model) else {
                continue;
            };
            e.set_bind_group(
                1,
                &self.draw_group,
                &[(uniform as u64 * self.draw_stride) as u32],
            );
            for p in model.meshes.get(mesh).into_iter().flatten() {
                e.set_vertex_buffer(0, p.vertices.slice(..));
                e.set_index_buffer(p.indices.slice(..), p.index_format);
                e.draw_indexed(0..p.index_count, 0, 0..1);
            }
        }
    }

    fn draw_floor_shadows<'a>(
        &'a self,
        e: &mut wgpu::RenderBundleEncoder<'a>,
        floors: &[(usize, FloorUniform)],
    ) {
        let Some(pipeline) = self.shadows.floor.get(self.sample_count) else {
            return;
        };
        if floors.is_empty() {
            return;
        }
        e.set_pipeline(pipeline);
        for (i, (model, _)) in floors.iter().enumerate() {
            let Some(Some(shadow)) = self
                .models
                .get(*model)
                .map(|m| m.as_ref().and_then(|m| m.shadow.as_ref()))
            else {
                continue;
            };
            e.set_bind_group(
                1,
                &self.floor_group,
                &[(i as u64 * self.draw_stride) as u32],
            );
            e.set_bind_group(2, &shadow.group, &[]);
            e.draw(0..4, 0..1);
        }
    }

    /// The bounds of an uploaded model, in metres.
    pub fn bounds(&self, id: ModelId) -> Option<crate::asset::Bounds> {
        self.models.get(id.0)?.as_ref().map(|m| m.bounds)
    }
}
