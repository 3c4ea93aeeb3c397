//! Native offscreen rendering: a headless GPU device, image decoding with the `image` crate,
//! and read-back of a rendered frame (for `roomfit render`, posters and golden tests).

use super::{Camera, ImageData, Renderer, Scene, SceneItem};
use crate::asset::Model;

/// A GPU device without a window.
pub struct Headless {
    /// The device.
    pub device: wgpu::Device,
    /// Its queue.
    pub queue: wgpu::Queue,
    /// What adapter it runs on (for reports).
    pub adapter: wgpu::AdapterInfo,
}

/// Opens the first GPU adapter available (a software one such as lavapipe counts).
pub fn headless() -> Result<Headless, String> {
    let instance =
        wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
    let adapter = pollster::block_on(instance.request_adapter(&wgpu::RequestAdapterOptions {
        power_preference: wgpu::PowerPreference::HighPerformance,
        force_fallback_adapter: false,
        compatible_surface: None,
        ..Default::default()
    }))
    .map_err(|e| format!("no GPU adapter (install mesa-vulkan-drivers for lavapipe): {e}"))?;
    let (device, queue) = pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
        label: Some("roomfit headless"),
        required_limits: wgpu::Limits::downlevel_defaults().using_resolution(adapter.limits()),
        ..Default::default()
    }))
    .map_err(|e| format!("the GPU adapter refused a device: {e}"))?;
    Ok(Headless {
        device,
        queue,
        adapter: adapter.get_info(),
    })
}

/// Decodes every image of `model` (None for one that fails, which then renders untextured).
pub fn decode_images(model: &Model) -> Vec<Option<ImageData>> {
    model
        .images
        .iter()
        .map(|img| {
            let decoded = image::load_from_memory(&img.bytes).ok()?.to_rgba8();
            Some(ImageData::Rgba8 {
                width: decoded.width(),
                height: decoded.height(),
                pixels: decoded.into_raw(),
            })
        })
        .collect()
}

/// One model alone as previews and posters show it: in `variant`, with its contact shadow, framed
/// from the front, right and above; over `clear`, or transparent (premultiplied) if `None`.
/// Uploads the model with its decoded `images` ([`decode_images`]) and releases it.
pub fn render_product(
    gpu: &Headless,
    renderer: &mut Renderer,
    model: &Model,
    images: &[Option<ImageData>],
    variant: Option<usize>,
    clear: Option<[f64; 4]>,
    (width, height): (u32, u32),
) -> Result<Vec<u8>, String> {
    let id = renderer.upload(model, images);
    let scene = Scene {
        items: vec![SceneItem {
            model: id,
            transform: glam::Mat4::IDENTITY,
            variant,
            shadow: 0.8,
            outline: false,
        }],
        clear,
        ..Default::default()
    };
    let camera = Camera::framing(&model.bounds, 0.6, 0.35, width as f32 / height as f32, 1.0);
    let result = render_rgba(gpu, renderer, &scene, &camera, width, height);
    renderer.release(id);
    result
}

/// Renders `scene` into a new RGBA8 (sRGB) image of `width`×`height` and reads it back.
pub fn render_rgba(
    gpu: &Headless,
    renderer: &mut Renderer,
    scene: &Scene,
    camera: &Camera,
    width: u32,
    height: u32,
) -> Result<Vec<u8>, String> {
    let texture = gpu.device.create_texture(&wgpu::TextureDescriptor {
        label: Some("offscreen"),
        size: wgpu::Extent3d {
            width,
            height,
            depth_or_array_layers: 1,
        },
        mip_level_count: 1,
        sample_count: 1,
        dimension: wgpu::TextureDimension::D2,
        format: renderer.format(),
        usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::COPY_SRC,
        view_formats: &[],
    });
    renderer.render(scene, camera, &texture.create_view(&Default::default()));
    let row = (width * 4).div_ceil(256) * 256;
    let buffer = gpu.device.create_buffer(&wgpu::BufferDescriptor {
        label: Some("readback"),
        size: row as u64 * height as u64,
        usage: wgpu::BufferUsages::COPY_DST | wgpu::BufferUsages::MAP_READ,
        mapped_at_creation: false,
    });
    let mut encoder = gpu.device.create_command_encoder(&Default::default());
    encoder.copy_texture_to_buffer(
        wgpu::TexelCopyTextureInfo {
            texture: &texture,
            mip_level: 0,
            origin: wgpu::Origin3d::ZERO,
            aspect: wgpu::TextureAspect::All,
        },
        wgpu::TexelCopyBufferInfo {
            buffer: &buffer,
            layout: wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(row),
                rows_per_image: Some(height),
            },
        },
        texture.size(),
    );
    gpu.queue.submit([encoder.finish()]);
    buffer.map_async(wgpu::MapMode::Read, .., |_| {});
    gpu.device
        .poll(wgpu::PollType::wait_indefinitely())
        .map_err(|e| format!("GPU poll failed: {e}"))?;
    let data = buffer
        .get_mapped_range(..)
        .map_err(|e| format!("read-back failed: {e}"))?;
    let mut out = Vec::with_capacity((width * height * 4) as usize);
    for y in 0..height as usize {
        let start = y * row as usize;
        out.extend_from_slice(&data[start..start + width as usize * 4]);
    }
    drop(data);
    buffer.unmap();
    texture.destroy();
    Ok(out)
}

/// Un-premultiplies RGBA pixels in place (the renderer writes premultiplied alpha).
pub fn unpremultiply(pixels: &mut [u8]) {
    for p in pixels.chunks_exact_mut(4) {
        let a = p[3] as u32;
        if a > 0 && a < 255 {
            for c in &mut p[..3] {
                *c = ((*c as u32 * 255 + a / 2) / a).min(255) as u8;
            }
        }
    }
}
