//! The wgpu renderer. It draws into any `&wgpu::TextureView`: a canvas, a WebXR framebuffer or
//! a test texture, and never knows which.

/// A shader module from a WGSL file below `src/` (`wgsl!("render/pbr.wgsl")`), as the build
/// script minified it (no comments, indentation or blank lines). The commented source stays
/// beside its Rust module; the binaries carry only the minified text.
macro_rules! wgsl {
    ($path:literal) => {
        wgpu::ShaderModuleDescriptor {
            label: Some($path),
            source: wgpu::ShaderSource::Wgsl(std::borrow::Cow::Borrowed(include_str!(concat!(
                env!("OUT_DIR"),
                "/wgsl/",
                $path
            )))),
        }
    };
}

mod camera;
pub mod composite;
mod environment;
mod gpu_model;
mod lighting;
#[cfg(any(feature = "ar", test))]
pub mod occlusion;
#[cfg(not(target_arch = "wasm32"))]
pub mod offscreen;
mod outline;
mod pipeline;
mod renderer;
pub mod reticle;
mod room_scene;
mod shadow;
mod shell;
mod texture;

pub use camera::Camera;
pub use lighting::{Lighting, sh_from_webxr, sh_irradiance, sh_rotate};
pub use outline::{OUTLINE_COLOR, OUTLINE_WIDTH_PX};
pub use renderer::{ModelId, Renderer, Scene, SceneItem};
pub use room_scene::{
    Backdrop, FLOOR_GRID, ModelOf, room_bounds, room_floor, room_scene, room_walls,
};
pub use shell::{Floor, WallPanel};
pub use texture::ImageData;
