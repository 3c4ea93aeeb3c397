//! The AR build's GPU: wgpu's GL backend on the page's own XR-compatible WebGL2 context (wgpu's
//! `create_surface` cannot ask for `xrCompatible`), the XRWebGLLayer's framebuffer wrapped as a
//! wgpu texture each frame, and one offscreen picture per XR view.

use wasm_bindgen::JsValue;
use wgpu::hal::api::Gles;

use super::super::errors::js_error;
use crate::render::composite::{Composite, CompositeSource};

/// The colour format of the offscreen pictures and of the layer.
pub const COLOR: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8Unorm;

// GL enums of an RGBA8 framebuffer (what `glow` names RGBA8, RGBA and UNSIGNED_BYTE).
const GL_RGBA8: u32 = 0x8058;
const GL_RGBA: u32 = 0x1908;
const GL_UNSIGNED_BYTE: u32 = 0x1401;

/// A wgpu device on a WebGL2 context.
pub struct XrGpu {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
}

/// Opens a device on `gl`.
pub async fn open(gl: web_sys::WebGl2RenderingContext) -> Result<XrGpu, JsValue> {
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
    desc.backends = wgpu::Backends::GL;
    let instance = wgpu::Instance::new(desc);
    // SAFETY: `gl` is a live WebGL2 context that this device alone draws with (the page only
    // hands it to the XR layer).
    let exposed =
        unsafe { wgpu::hal::gles::Adapter::new_external(gl, wgpu::GlBackendOptions::default()) }
            .ok_or_else(|| js_error("no-gpu", "", "WebGL2 offers no usable adapter for AR"))?;
    // SAFETY: the adapter comes from the GL backend this instance was created for.
    let adapter = unsafe { instance.create_adapter_from_hal::<Gles>(exposed) };
    let limits = wgpu::Limits::downlevel_webgl2_defaults().using_resolution(adapter.limits());
    let (device, queue) = adapter
        .request_device(&wgpu::DeviceDescriptor {
            label: Some("roomfit ar"),
            required_limits: limits,
            ..Default::default()
        })
        .await
        .map_err(|e| js_error("no-gpu", "", &format!("the GPU refused a device: {e}")))?;
    Ok(XrGpu { device, queue })
}

impl XrGpu {
    /// The layer's framebuffer (`None`: the canvas's default framebuffer, as iwer gives it;
    /// Chrome gives an opaque framebuffer) as a render target of `width` × `height`. wgpu
    /// treats it as uninitialised: its first pass must clear it.
    pub fn wrap_layer(
        &self,
        framebuffer: Option<web_sys::WebGlFramebuffer>,
        width: u32,
        height: u32,
    ) -> wgpu::Texture {
        use wgpu::hal::gles;
        let hal = gles::Texture {
            inner: match framebuffer {
                Some(fb) => gles::TextureInner::ExternalFramebuffer { inner: fb },
                None => gles::TextureInner::DefaultRenderbuffer,
            },
            drop_guard: None,
            mip_level_count: 1,
            array_layer_count: 1,
            format: COLOR,
            format_desc: gles::TextureFormatDesc {
                internal: GL_RGBA8,
                external: GL_RGBA,
                data_type: GL_UNSIGNED_BYTE,
            },
            copy_size: wgpu::hal::CopyExtent {
                width,
                height,
                depth: 1,
            },
        };
        let desc = wgpu::TextureDescriptor {
            label: Some("xr layer"),
            size: wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: COLOR,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT,
            view_formats: &[],
        };
        // SAFETY: `hal` names a framebuffer of this device's context with `desc`'s size and
        // format, and owns no GL object (no drop guard), so dropping the texture frees nothing.
        unsafe {
            self.device.create_texture_from_hal::<Gles>(
                hal,
                &desc,
                wgpu::TextureUses::UNINITIALIZED,
            )
        }
    }
}

/// The offscreen picture of one XR view.
pub struct ViewTarget {
    pub size: (u32, u32),
    pub view: wgpu::TextureView,
    pub source: CompositeSource,
}

impl ViewTarget {
    /// A picture of `size` that the renderer draws into and the composite reads.
    pub fn new(gpu: &XrGpu, composite: &Composite, size: (u32, u32)) -> Self {
        let texture = gpu.device.create_texture(&wgpu::TextureDescriptor {
            label: Some("xr view"),
            size: wgpu::Extent3d {
                width: size.0,
                height: size.1,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: COLOR,
            usage: wgpu::TextureUsages::RENDER_ATTACHMENT | wgpu::TextureUsages::TEXTURE_BINDING,
            view_formats: &[],
        });
        let view = texture.create_view(&Default::default());
        let source = composite.source(&gpu.device, &view);
        Self { size, view, source }
    }
}
