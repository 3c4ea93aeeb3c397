//! The wgpu renderer. It draws into any `&wgpu::TextureView`: a canvas, a WebXR framebuffer or
//! a test texture, and never knows which.

mod camera;
mod environment;
mod gpu_model;
mod lighting;
#[cfg(not(target_arch = "wasm32"))]
pub mod offscreen;
mod renderer;
mod shadow;
mod texture;

pub use camera::Camera;
pub use lighting::Lighting;
pub use renderer::{ModelId, Renderer, Scene, SceneItem};
pub use texture::ImageData;
