//! Untrusted glTF / GLB bytes to a renderer-neutral [`Model`].
//!
//! Every index, offset, stride, count and float is checked here before it is used: the `gltf`
//! crate's reader trusts its input and can panic on malformed files, so only its serde schema
//! (`gltf::json`) is used, and all reading is ours.

mod accessor;
mod container;
mod error;
mod geometry;
pub mod image_info;
mod limits;
mod loader;
mod material;
pub mod meshopt;
mod model;

pub use error::{AssetError, ErrorCode};
pub use limits::Limits;
pub use loader::{Resolver, SUPPORTED_EXTENSIONS, external_uris, load};
pub use model::*;
