//! `Viewer`: the one handle JavaScript holds. It owns the GPU, the renderer and the view state;
//! the custom element forwards input and asks for frames.

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;

use super::download::Download;
use super::errors::{asset_error, js_error};
use super::gpu::{self, CanvasGpu};
use super::images;
#[cfg(feature = "room")]
use super::room_view::RoomState;
use crate::asset::{self, Bounds, Limits, json};
use crate::render::{Camera, ModelId, Renderer, Scene, SceneItem};

struct Shown {
    id: ModelId,
    bounds: Bounds,
    variants: Vec<String>,
    variant: Option<usize>,
}

pub(super) struct State {
    pub gpu: CanvasGpu,
    pub renderer: Renderer,
    shown: Option<Shown>,
    pub yaw: f32,
    pub pitch: f32,
    pub zoom: f32,
    pub dirty: bool,
    frames: u32,
    /// The 3D room view (see room_view.rs; not in the product-view build).
    #[cfg(feature = "room")]
    pub room: RoomState,
}

/// A 3D view of furniture on a canvas.
#[wasm_bindgen]
pub struct Viewer {
    pub(super) state: Rc<RefCell<State>>,
}

/// What `load_glb` resolves to: a JSON object with the model's triangles, size in metres (to
/// the micrometre), variants, material and texture counts and the textures the browser could
/// not decode.
fn info_json(model: &asset::Model, failed_images: &[usize]) -> String {
    use std::fmt::Write as _;
    let size = model.bounds.size();
    let mut out = format!("{{\"triangles\":{},\"size_m\":", model.stats.triangles);
    for (i, v) in [size.x, size.y, size.z].into_iter().enumerate() {
        out.push(if i == 0 { '[' } else { ',' });
        json::write_decimal(&mut out, f64::from(v), 6);
    }
    out.push_str("],\"variants\":[");
    for (i, v) in model.variants.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        json::write_string(&mut out, v);
    }
    let _ = write!(
        out,
        "],\"materials\":{},\"textures\":{},\"undecodable_textures\":[",
        model.materials.len(),
        model.images.len()
    );
    for (i, index) in failed_images.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        let _ = write!(out, "{index}");
    }
    out.push_str("]}");
    out
}

#[wasm_bindgen]
impl Viewer {
    /// Opens the GPU for `canvas` (WebGPU, or WebGL2 in the fallback build).
    pub async fn create(canvas: web_sys::HtmlCanvasElement) -> Result<Viewer, JsValue> {
        let gpu = gpu::open(canvas).await?;
        let renderer = Renderer::new(&gpu.device, &gpu.queue, gpu.config.format);
        Ok(Viewer {
            state: Rc::new(RefCell::new(State {
                gpu,
                renderer,
                shown: None,
                yaw: 0.6,
                pitch: 0.35,
                zoom: 1.0,
                dirty: true,
                frames: 0,
                #[cfg(feature = "room")]
                room: RoomState::new(),
            })),
        })
    }

    /// The graphics backend in use: `"webgpu"` or `"webgl2"`.
    pub fn backend(&self) -> String {
        match self.state.borrow().gpu.backend {
            wgpu::Backend::BrowserWebGpu => "webgpu".into(),
            wgpu::Backend::Gl => "webgl2".into(),
            other => other.to_str().into(),
        }
    }

    /// Loads a GLB (or self-contained glTF) and shows it instead of the current model.
    /// Resolves to a JSON string describing the model; rejects with `{code, pointer, message}`
    /// and keeps the current model when the file is refused.
    pub fn load_glb(&self, bytes: Vec<u8>) -> js_sys::Promise {
        self.load_bytes(bytes)
    }

    /// Like `load_glb`, for a file received with a `Download` (which this consumes): the bytes
    /// are already in WebAssembly memory and are not copied again.
    pub fn load_download(&self, download: Download) -> js_sys::Promise {
        self.load_bytes(download.bytes)
    }
}

impl Viewer {
    fn load_bytes(&self, bytes: Vec<u8>) -> js_sys::Promise {
        let state = Rc::clone(&self.state);
        wasm_bindgen_futures::future_to_promise(async move {
            let model =
                asset::load_owned(bytes, &Limits::default(), None).map_err(|e| asset_error(&e))?;
            let (decoded, failed) = images::decode_all(&model).await;
            let mut s = state.borrow_mut();
            let id = s.renderer.upload(&model, &decoded);
            if let Some(old) = s.shown.take() {
                s.renderer.release(old.id);
            }
            s.shown = Some(Shown {
                id,
                bounds: model.bounds,
                variants: model.variants.clone(),
                variant: None,
            });
            s.zoom = 1.0;
            s.dirty = true;
            Ok(JsValue::from_str(&info_json(&model, &failed)))
        })
    }
}

#[wasm_bindgen]
impl Viewer {
    /// Selects a `KHR_materials_variants` variant by name (`undefined` for the default look).
    pub fn set_variant(&self, name: Option<String>) -> Result<(), JsValue> {
        let mut s = self.state.borrow_mut();
        let Some(shown) = s.shown.as_mut() else {
            return Err(js_error("no-model", "", "no model is loaded"));
        };
        shown.variant = match name {
            None => None,
            Some(n) => Some(shown.variants.iter().position(|v| *v == n).ok_or_else(|| {
                js_error(
                    "unknown-variant",
                    "",
                    &format!(
                        "this model has no variant \"{n}\" (it has: {})",
                        shown.variants.join(", ")
                    ),
                )
            })?),
        };
        s.dirty = true;
        Ok(())
    }

    /// Sets the exposure (the `exposure` attribute): a multiplier on linear colour before tone
    /// mapping, 1 neutral, at most 16. A negative or non-finite value is refused.
    pub fn set_exposure(&self, exposure: f64) -> Result<(), JsValue> {
        if !exposure.is_finite() || exposure < 0.0 {
            return Err(js_error(
                "invalid",
                "exposure",
                "exposure must be a number of 0 or more",
            ));
        }
        let mut s = self.state.borrow_mut();
        s.renderer.set_exposure(exposure.min(16.0) as f32);
        s.dirty = true;
        Ok(())
    }

    /// Sets the drawing buffer size in device pixels.
    pub fn resize(&self, width: u32, height: u32) {
        let mut s = self.state.borrow_mut();
        let (w, h) = (width.clamp(1, 8192), height.clamp(1, 8192));
        if (s.gpu.config.width, s.gpu.config.height) != (w, h) {
            s.gpu.config.width = w;
            s.gpu.config.height = h;
            let State { gpu, .. } = &mut *s;
            gpu.surface.configure(&gpu.device, &gpu.config);
            s.dirty = true;
        }
    }

    /// Multisampling (4×) on or off: the element turns it off while a slow view moves, with its
    /// adaptive resolution, and on again at rest and for photos (`Renderer::set_multisample`).
    pub fn set_multisample(&self, on: bool) {
        let mut s = self.state.borrow_mut();
        if s.renderer.multisample() != on {
            s.renderer.set_multisample(on);
            s.dirty = true;
        }
    }

    /// Turns the view: `dx`, `dy` in radians.
    pub fn orbit(&self, dx: f32, dy: f32) {
        let mut s = self.state.borrow_mut();
        if dx.is_finite() && dy.is_finite() {
            s.yaw -= dx;
            s.pitch = (s.pitch + dy).clamp(-0.1, 1.45);
            s.dirty = true;
        }
    }

    /// Zooms by `factor` (> 1 comes closer).
    pub fn zoom(&self, factor: f32) {
        let mut s = self.state.borrow_mut();
        if factor.is_finite() && factor > 0.0 {
            s.zoom = (s.zoom * factor).clamp(0.5, 4.0);
            s.dirty = true;
        }
    }

    /// Draws a frame if anything changed. Returns whether it drew.
    pub fn frame(&self) -> Result<bool, JsValue> {
        self.draw(false)
    }

    /// Draws a frame now for a photo (the element's `screenshot()` reads the canvas right
    /// after): the selection outline is left out. The next `frame()` draws the usual view.
    pub fn photo_frame(&self) -> Result<bool, JsValue> {
        self.state.borrow_mut().dirty = true;
        let drew = self.draw(true)?;
        self.state.borrow_mut().dirty = true;
        Ok(drew)
    }

    /// Draws a frame if anything changed (`photo`: without the selection outline).
    fn draw(&self, photo: bool) -> Result<bool, JsValue> {
        let mut s = self.state.borrow_mut();
        if !s.dirty {
            return Ok(false);
        }
        let frame = match s.gpu.surface.get_current_texture() {
            wgpu::CurrentSurfaceTexture::Success(t)
            | wgpu::CurrentSurfaceTexture::Suboptimal(t) => t,
            wgpu::CurrentSurfaceTexture::Outdated | wgpu::CurrentSurfaceTexture::Lost => {
                let State { gpu, .. } = &mut *s;
                gpu.surface.configure(&gpu.device, &gpu.config);
                return Ok(false);
            }
            _ => return Ok(false),
        };
        let view = frame.texture.create_view(&Default::default());
        let aspect = s.gpu.config.width as f32 / s.gpu.config.height.max(1) as f32;
        // The product view draws no selection outline: a photo is the same frame.
        #[cfg(not(feature = "room"))]
        let _ = photo;
        #[cfg(feature = "room")]
        if s.room.active {
            let rs = &s.room;
            let backdrop = if rs.camera_view.is_some() {
                crate::render::Backdrop::CameraImage
            } else {
                crate::render::Backdrop::Room
            };
            let rs = &rs.session;
            let mut scene = crate::render::room_scene(&rs.room, &|i| rs.model_of(i), backdrop);
            if photo {
                for item in &mut scene.items {
                    item.outline = false;
                }
            }
            let camera = s.room_camera();
            s.renderer.render(&scene, &camera, &view);
            s.gpu.queue.present(frame);
            s.dirty = false;
            s.frames += 1;
            return Ok(true);
        }
        let (items, camera) = match &s.shown {
            Some(shown) => (
                vec![SceneItem {
                    model: shown.id,
                    transform: glam::Mat4::IDENTITY,
                    variant: shown.variant,
                    shadow: 0.8,
                    outline: false,
                }],
                Camera::framing(&shown.bounds, s.yaw, s.pitch, aspect, s.zoom),
            ),
            None => (
                Vec::new(),
                Camera::orbit(glam::Vec3::ZERO, s.yaw, s.pitch, 3.0, aspect, 0.6),
            ),
        };
        let scene = Scene {
            items,
            ..Default::default()
        };
        s.renderer.render(&scene, &camera, &view);
        s.gpu.queue.present(frame);
        s.dirty = false;
        s.frames += 1;
        Ok(true)
    }

    /// The product view's camera: `[yaw, pitch, zoom]` (the element carries it over when it
    /// moves the product to the room build's viewer).
    pub fn view_angles(&self) -> Vec<f32> {
        let s = self.state.borrow();
        vec![s.yaw, s.pitch, s.zoom]
    }

    /// Sets the product view's camera (as `view_angles` gives it; non-finite values are ignored).
    pub fn set_view_angles(&self, yaw: f32, pitch: f32, zoom: f32) {
        let mut s = self.state.borrow_mut();
        if yaw.is_finite() && pitch.is_finite() && zoom.is_finite() && zoom > 0.0 {
            s.yaw = yaw;
            s.pitch = pitch.clamp(-0.1, 1.45);
            s.zoom = zoom.clamp(0.5, 4.0);
            s.dirty = true;
        }
    }

    /// Asks for a frame even if nothing changed (the next `frame()` draws).
    pub fn redraw(&self) {
        self.state.borrow_mut().dirty = true;
    }

    /// Frames drawn so far.
    pub fn frames(&self) -> u32 {
        self.state.borrow().frames
    }
}
