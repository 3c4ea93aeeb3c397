//! Untrusted glTF / GLB bytes to a renderer-neutral [`Model`].
//!
//! Every index, offset, stride, count and float is checked here before it is used. The JSON
//! parser (`json`) and the reading of the glTF document (`doc`) are ours too: strict, small
//! (no serde in the browser build) and the same code on every target.

mod accessor;
mod container;
mod doc;
mod error;
mod geometry;
pub mod image_info;
pub mod json;
mod limits;
mod loader;
mod material;
pub mod meshopt;
mod model;
mod reads;

pub use error::{AssetError, ErrorCode};
pub use limits::Limits;
pub use loader::{Resolver, SUPPORTED_EXTENSIONS, external_uris, load, load_owned};
pub use model::*;
