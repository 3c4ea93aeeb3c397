//! Models and whole room arrangements as USDZ, for iOS AR Quick Look, and the Quick Look link
//! that shows the checkout banner.
//!
//! The package is an uncompressed zip whose files are 64-byte aligned ([`zip`]), holding a USDA
//! root layer (`scene.usda`, written first; Y up, `metersPerUnit = 1`) and the textures. glTF
//! materials become `UsdPreviewSurface` networks (see [`material`] for the mapping and what
//! has no equivalent); one package shows one `KHR_materials_variants` variant, so a product
//! with three variants gets three files.
//!
//! Textures: PNG and JPEG are stored as loaded. USDZ does not allow WebP, so native builds
//! decode WebP and store it as PNG (with the `image` crate); the wasm build refuses WebP with
//! [`UsdzError::Image`].
//!
//! Normal maps whose glTF normal scale is not 1 are baked into a PNG copy with the `png` crate on
//! every target, so the browser's USDZ build (feature `usdz-web`, `src/web/usdz.rs`, the only
//! browser build that calls this module; the linker leaves it out of the others) writes the same
//! bytes as `roomfit usdz`. Only natively can JPEG and WebP normal maps be baked too.

mod error;
pub mod material;
pub mod quicklook;
mod scene;
mod text;
mod texture;
pub mod zip;

pub use error::UsdzError;
pub use quicklook::{ApplePayButton, Banner, BannerAction, BannerError, QuickLookLink};
pub use scene::{ROOT_LAYER, RoomItem};

use crate::asset::Model;

/// Writes one model, showing `variant` (a `KHR_materials_variants` name; None for the default
/// materials), as USDZ bytes.
pub fn write_model(model: &Model, variant: Option<&str>) -> Result<Vec<u8>, UsdzError> {
    let index = match variant {
        Some(name) => Some(
            model
                .variants
                .iter()
                .position(|v| v == name)
                .ok_or_else(|| UsdzError::UnknownVariant {
                    name: name.to_owned(),
                    available: if model.variants.is_empty() {
                        "none".to_owned()
                    } else {
                        model.variants.join(", ")
                    },
                })?,
        ),
        None => None,
    };
    let item = RoomItem {
        model,
        transform: glam::Mat4::IDENTITY,
        variant: index,
    };
    scene::build(&[item], variant)
}

/// Writes several models, each at its pose with its variant, as one USDZ (a room arrangement).
pub fn write_room(items: &[RoomItem]) -> Result<Vec<u8>, UsdzError> {
    scene::build(items, None)
}
