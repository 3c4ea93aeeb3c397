//! Occlusion by real depth for AR (WebXR depth sensing): each view's depth map (metres along
//! the view's -Z axis, from `XRCPUDepthInformation`) is uploaded to a texture, and a render
//! bundle that the [`super::Renderer`] runs first in its pass writes that depth, converted to the
//! view's NDC depth, into the depth attachment with colour writes off
//! ([`super::Renderer::render_after`]). Furniture, its outline and its contact shadows then
//! fail the depth test wherever something real is nearer.

use glam::Mat4;

use super::pipeline::{self, Pass};

/// Real depth must be nearer than a virtual surface by this many metres, plus
/// [`SLACK_FRACTION`] of the depth, to hide it: depth maps are coarse and noisy (ARCore's
/// error grows with distance), and a contact shadow lies exactly on the real floor. The same
/// slack as www/ar/webxr.js's hit check.
pub const SLACK_M: f32 = 0.05;
/// See [`SLACK_M`].
pub const SLACK_FRACTION: f32 = 0.05;

/// The largest depth map side accepted (phones give about 160 × 90).
pub const MAX_SIDE: u32 = 4096;

/// Why a depth map was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DepthError {
    /// Width or height is 0 or above [`MAX_SIDE`].
    Size,
    /// The data's length does not match width × height × the format's bytes per value.
    Length { expected: usize, got: usize },
    /// Not `float32` or `luminance-alpha`.
    Format,
    /// `rawValueToMeters` is not a positive finite number.
    Scale,
}

impl DepthError {
    /// The field of `XRCPUDepthInformation` at fault (a JSON pointer) and a message.
    pub fn describe(&self) -> (&'static str, String) {
        match self {
            DepthError::Size => (
                "/width",
                format!("depth map: width and height must be 1 to {MAX_SIDE}"),
            ),
            DepthError::Length { expected, got } => (
                "/data",
                format!("depth map: {got} bytes of data, {expected} expected"),
            ),
            DepthError::Format => (
                "/dataFormat",
                "depth map: dataFormat must be float32 or luminance-alpha".into(),
            ),
            DepthError::Scale => (
                "/rawValueToMeters",
                "depth map: rawValueToMeters must be a positive number".into(),
            ),
        }
    }
}

/// Depth in metres from an `XRCPUDepthInformation.data` buffer: `float32` (4 bytes a value)
/// or `luminance-alpha` (an unsigned 16-bit value in 2 bytes, little-endian), each times
/// `raw_to_m`. Values are row by row, the first row the top of the view. Writes into `out`.
pub fn depth_metres(
    data: &[u8],
    (width, height): (u32, u32),
    format: &str,
    raw_to_m: f32,
    out: &mut Vec<f32>,
) -> Result<(), DepthError> {
    if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
        return Err(DepthError::Size);
    }
    if !(raw_to_m.is_finite() && raw_to_m > 0.0) {
        return Err(DepthError::Scale);
    }
    let bytes = match format {
        "float32" => 4,
        "luminance-alpha" | "unsigned-short" => 2,
        _ => return Err(DepthError::Format),
    };
    let expected = width as usize * height as usize * bytes;
    if data.len() != expected {
        return Err(DepthError::Length {
            expected,
            got: data.len(),
        });
    }
    out.clear();
    if bytes == 4 {
        out.extend(
            data.chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]) * raw_to_m),
        );
    } else {
        out.extend(
            data.chunks_exact(2)
                .map(|b| f32::from(u16::from_le_bytes([b[0], b[1]])) * raw_to_m),
        );
    }
    Ok(())
}

/// The NDC depth (wgpu's 0..1) a projection gives a point `metres` in front of the eye, pushed
/// back by the slack: what the occlusion pass writes for a real depth (tests compare with it).
pub fn ndc_depth(proj: Mat4, metres: f32) -> f32 {
    let far = metres + SLACK_M + SLACK_FRACTION * metres;
    let z = -far * proj.z_axis.z + proj.w_axis.z;
    let w = -far * proj.z_axis.w + proj.w_axis.w;
    (z / w).clamp(0.0, 1.0)
}

#[repr(C)]
#[derive(Clone, Copy, bytemuck::Pod, bytemuck::Zeroable)]
struct Uniform {
    uv_from_view: [[f32; 4]; 4],
    size: [f32; 4],
    proj: [f32; 4],
    slack: [f32; 4],
}

struct ViewDepth {
    size: (u32, u32),
    texture: wgpu::Texture,
    uniform: wgpu::Buffer,
    group: wgpu::BindGroup,
    uv_from_view: Mat4,
    /// The recorded priming draw (its uniform is rewritten each frame).
    bundle: Option<wgpu::RenderBundle>,
    /// Set by this frame's depth map; a view without a fresh map is drawn unoccluded.
    fresh: bool,
}

/// The depth-priming pipeline and each view's depth texture.
pub struct Occlusion {
    pipeline: wgpu::RenderPipeline,
    layout: wgpu::BindGroupLayout,
    color: wgpu::TextureFormat,
    depth: wgpu::TextureFormat,
    samples: u32,
    views: Vec<Option<ViewDepth>>,
}

impl Occlusion {
    /// A pipeline compatible with the renderer's pass: its colour format, depth format and
    /// sample count ([`super::Renderer::pass_formats`]).
    pub fn new(
        device: &wgpu::Device,
        (color, depth, samples): (wgpu::TextureFormat, wgpu::TextureFormat, u32),
    ) -> Self {
        let layout = device.create_bind_group_layout(&wgpu::BindGroupLayoutDescriptor {
            label: Some("occlusion"),
            entries: &[
                pipeline::uniform_entry(0, wgpu::ShaderStages::FRAGMENT, false),
                wgpu::BindGroupLayoutEntry {
                    binding: 1,
                    visibility: wgpu::ShaderStages::FRAGMENT,
                    ty: wgpu::BindingType::Texture {
                        sample_type: wgpu::TextureSampleType::Float { filterable: false },
                        view_dimension: wgpu::TextureViewDimension::D2,
                        multisampled: false,
                    },
                    count: None,
                },
            ],
        });
        let pipeline_layout = pipeline::layout(device, "occlusion", &[Some(&layout)]);
        let shader = device.create_shader_module(wgsl!("render/occlusion.wgsl"));
        // Depth written with the pass's less-or-equal test: the attachment was just cleared to
        // 1.0 and the shader writes at most 1.0, so every fragment passes.
        let target = wgpu::ColorTargetState {
            format: color,
            blend: None,
            write_mask: wgpu::ColorWrites::empty(),
        };
        let pipeline = Pass::new("occlusion", &pipeline_layout, &shader, target)
            .entries("vs", "fs")
            .depth(depth, true, samples)
            .build(device);
        Self {
            pipeline,
            layout,
            color,
            depth,
            samples,
            views: Vec::new(),
        }
    }

    /// This frame's depth map of view `view`: `metres` row by row (top row first), `size`
    /// texels, `uv_from_view` WebXR's `normDepthBufferFromNormView` (normalized view
    /// coordinates, origin top left, to the map's).
    pub fn set_depth(
        &mut self,
        (device, queue): (&wgpu::Device, &wgpu::Queue),
        view: usize,
        size: (u32, u32),
        metres: &[f32],
        uv_from_view: Mat4,
    ) {
        debug_assert_eq!(metres.len(), size.0 as usize * size.1 as usize);
        if self.views.len() <= view {
            self.views.resize_with(view + 1, || None);
        }
        if self.views[view].as_ref().is_none_or(|v| v.size != size) {
            let texture = device.create_texture(&wgpu::TextureDescriptor {
                label: Some("real depth"),
                size: wgpu::Extent3d {
                    width: size.0,
                    height: size.1,
                    depth_or_array_layers: 1,
                },
                mip_level_count: 1,
                sample_count: 1,
                dimension: wgpu::TextureDimension::D2,
                format: wgpu::TextureFormat::R32Float,
                usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
                view_formats: &[],
            });
            let uniform = device.create_buffer(&wgpu::BufferDescriptor {
                label: Some("occlusion"),
                size: size_of::<Uniform>() as u64,
                usage: wgpu::BufferUsages::UNIFORM | wgpu::BufferUsages::COPY_DST,
                mapped_at_creation: false,
            });
            let group = device.create_bind_group(&wgpu::BindGroupDescriptor {
                label: Some("occlusion"),
                layout: &self.layout,
                entries: &[
                    wgpu::BindGroupEntry {
                        binding: 0,
                        resource: uniform.as_entire_binding(),
                    },
                    wgpu::BindGroupEntry {
                        binding: 1,
                        resource: wgpu::BindingResource::TextureView(
                            &texture.create_view(&Default::default()),
                        ),
                    },
                ],
            });
            self.views[view] = Some(ViewDepth {
                size,
                texture,
                uniform,
                group,
                uv_from_view,
                bundle: None,
                fresh: false,
            });
        }
        let Some(v) = self.views[view].as_mut() else {
            return;
        };
        queue.write_texture(
            wgpu::TexelCopyTextureInfo {
                texture: &v.texture,
                mip_level: 0,
                origin: wgpu::Origin3d::ZERO,
                aspect: wgpu::TextureAspect::All,
            },
            bytemuck::cast_slice(metres),
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(size.0 * 4),
                rows_per_image: Some(size.1),
            },
            wgpu::Extent3d {
                width: size.0,
                height: size.1,
                depth_or_array_layers: 1,
            },
        );
        v.uv_from_view = uv_from_view;
        v.fresh = true;
    }

    /// Forgets every view's depth map (occlusion switched off, or the session's depth stops).
    pub fn clear(&mut self) {
        for v in self.views.iter_mut().flatten() {
            v.fresh = false;
        }
    }

    /// The bundle that primes view `view`'s depth for a target of `target` pixels drawn with
    /// `proj` (wgpu clip depth 0..1), or `None` when the view has no depth map this frame.
    /// Uses up the view's map: the next frame needs a new one.
    pub fn prime(
        &mut self,
        (device, queue): (&wgpu::Device, &wgpu::Queue),
        view: usize,
        proj: Mat4,
        target: (u32, u32),
    ) -> Option<&wgpu::RenderBundle> {
        let v = self.views.get_mut(view)?.as_mut().filter(|v| v.fresh)?;
        v.fresh = false;
        let u = Uniform {
            uv_from_view: v.uv_from_view.to_cols_array_2d(),
            size: [
                target.0 as f32,
                target.1 as f32,
                v.size.0 as f32,
                v.size.1 as f32,
            ],
            proj: [proj.z_axis.z, proj.w_axis.z, proj.z_axis.w, proj.w_axis.w],
            slack: [SLACK_M, SLACK_FRACTION, 0.0, 0.0],
        };
        queue.write_buffer(&v.uniform, 0, bytemuck::bytes_of(&u));
        if v.bundle.is_none() {
            let mut e = device.create_render_bundle_encoder(&wgpu::RenderBundleEncoderDescriptor {
                label: Some("occlusion"),
                color_formats: &[Some(self.color)],
                depth_stencil: Some(wgpu::RenderBundleDepthStencil {
                    format: self.depth,
                    depth_read_only: false,
                    stencil_read_only: true,
                }),
                sample_count: self.samples,
                multiview: None,
            });
            e.set_pipeline(&self.pipeline);
            e.set_bind_group(0, &v.group, &[]);
            e.draw(0..3, 0..1);
            v.bundle = Some(e.finish(&wgpu::RenderBundleDescriptor {
                label: Some("occlusion"),
            }));
        }
        v.bundle.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn float32_and_luminance_alpha_depth_in_metres() {
        let mut out = Vec::new();
        let data: Vec<u8> = [1.5f32, 2.0, 0.0, f32::NAN]
            .iter()
            .flat_map(|f| f.to_le_bytes())
            .collect();
        depth_metres(&data, (2, 2), "float32", 1.0, &mut out).unwrap();
        assert_eq!(&out[..3], &[1.5, 2.0, 0.0]);
        assert!(out[3].is_nan());
        // ARCore: millimetres as 16-bit values, rawValueToMeters 0.001.
        let data: Vec<u8> = [1500u16, 65535]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        depth_metres(&data, (2, 1), "luminance-alpha", 0.001, &mut out).unwrap();
        assert!((out[0] - 1.5).abs() < 1e-6 && (out[1] - 65.535).abs() < 1e-3);
    }

    #[test]
    fn refused_depth_maps_say_which_field() {
        let mut out = Vec::new();
        let e = depth_metres(&[0; 12], (2, 2), "float32", 1.0, &mut out).unwrap_err();
        assert_eq!(
            e,
            DepthError::Length {
                expected: 16,
                got: 12
            }
        );
        assert_eq!(e.describe().0, "/data");
        let e = depth_metres(&[0; 8], (2, 2), "rgba", 1.0, &mut out).unwrap_err();
        assert_eq!(e.describe().0, "/dataFormat");
        let e = depth_metres(&[0; 8], (0, 2), "float32", 1.0, &mut out).unwrap_err();
        assert_eq!(e.describe().0, "/width");
        let e = depth_metres(&[0; 8], (2, 1), "float32", f32::NAN, &mut out).unwrap_err();
        assert_eq!(e.describe().0, "/rawValueToMeters");
        let e = depth_metres(&[0; 8], (2, 1), "float32", -1.0, &mut out).unwrap_err();
        assert_eq!(e, DepthError::Scale);
    }

    #[test]
    fn ndc_depth_matches_the_projection_behind_the_slack() {
        // WebXR's GL projection, converted to wgpu's 0..1 depth as src/web/xr does.
        let (f, aspect, near, far) = (1.0 / 0.6f32.tan(), 0.6, 0.1, 1000.0);
        let gl = Mat4::from_cols(
            glam::Vec4::new(f / aspect, 0.0, 0.0, 0.0),
            glam::Vec4::new(0.0, f, 0.0, 0.0),
            glam::Vec4::new(0.0, 0.0, (far + near) / (near - far), -1.0),
            glam::Vec4::new(0.0, 0.0, 2.0 * far * near / (near - far), 0.0),
        );
        let to01 = Mat4::from_cols(
            glam::Vec4::X,
            glam::Vec4::Y,
            glam::Vec4::new(0.0, 0.0, 0.5, 0.0),
            glam::Vec4::new(0.0, 0.0, 0.5, 1.0),
        );
        let proj = to01 * gl;
        for d in [0.5f32, 1.0, 2.0, 5.0] {
            let pushed = d * (1.0 + SLACK_FRACTION) + SLACK_M;
            let clip = proj * glam::Vec4::new(0.3, -0.2, -pushed, 1.0);
            assert!((ndc_depth(proj, d) - clip.z / clip.w).abs() < 1e-6, "{d} m");
        }
        // Nearer real depth, smaller NDC depth: it hides what is behind it.
        assert!(ndc_depth(proj, 1.0) < ndc_depth(proj, 2.0));
    }
}
