//! The GPU behind a canvas: WebGPU, or WebGL2 in the fallback build.

use wasm_bindgen::JsValue;

use super::errors::js_error;

/// A device drawing into a canvas.
pub struct CanvasGpu {
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    pub surface: wgpu::Surface<'static>,
    pub config: wgpu::SurfaceConfiguration,
    pub backend: wgpu::Backend,
}

/// Opens a device for `canvas`. The default build uses WebGPU; the `webgl` build, which the
/// page loads only when WebGPU is missing or `renderer="webgl"` asks for it, uses WebGL2 alone.
pub async fn open(canvas: web_sys::HtmlCanvasElement) -> Result<CanvasGpu, JsValue> {
    let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
    desc.backends = if cfg!(feature = "webgl") {
        wgpu::Backends::GL
    } else {
        wgpu::Backends::BROWSER_WEBGPU
    };
    let instance = wgpu::util::new_instance_with_webgpu_detection(desc).await;
    let (width, height) = (canvas.width().max(1), canvas.height().max(1));
    let surface = instance
        .create_surface(wgpu::SurfaceTarget::Canvas(canvas))
        .map_err(|e| js_error("no-gpu", "", &format!("cannot draw on this canvas: {e}")))?;
    let adapter = instance
        .request_adapter(&wgpu::RequestAdapterOptions {
            power_preference: wgpu::PowerPreference::LowPower,
            force_fallback_adapter: false,
            compatible_surface: Some(&surface),
            ..Default::default()
        })
        .await
        .map_err(|e| {
            js_error(
                "no-gpu",
                "",
                &format!("this browser offers no usable GPU adapter: {e}"),
            )
        })?;
    let backend = adapter.get_info().backend;
    let limits = if backend == wgpu::Backend::Gl {
        wgpu::Limits::downlevel_webgl2_defaults()
    } else {
        wgpu::Limits::downlevel_defaults()
    }
    .using_resolution(adapter.limits());
    let (device, queue) = adapter
        .request_device(&wgpu::DeviceDescriptor {
            label: Some("roomfit"),
            required_limits: limits,
            ..Default::default()
        })
        .await
        .map_err(|e| js_error("no-gpu", "", &format!("the GPU refused a device: {e}")))?;
    let caps = surface.get_capabilities(&adapter);
    let mut config = surface
        .get_default_config(&adapter, width, height)
        .ok_or_else(|| js_error("no-gpu", "", "the GPU cannot draw to this canvas"))?;
    // Prefer a non-sRGB canvas format (the shader encodes), and premultiplied alpha so the page
    // (or the camera image) shows through around the furniture.
    if let Some(f) = caps.formats.iter().find(|f| !f.is_srgb()) {
        config.format = *f;
    }
    if caps
        .alpha_modes
        .contains(&wgpu::CompositeAlphaMode::PreMultiplied)
    {
        config.alpha_mode = wgpu::CompositeAlphaMode::PreMultiplied;
    }
    surface.configure(&device, &config);
    Ok(CanvasGpu {
        device,
        queue,
        surface,
        config,
        backend,
    })
}
