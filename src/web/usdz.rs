//! USDZ for iOS AR Quick Look in the browser, in its own wasm build (`--features usdz-web`,
//! `www/pkg/usdz/`), which `www/ar/quicklook.js` loads only when the shopper starts Quick Look,
//! so shoppers who never start AR never download it. The same writer as `roomfit usdz`
//! ([`crate::usdz`]): one product with [`usdz_model`], a room arrangement with [`UsdzRoom`].
//! Inputs are the GLB bytes the element downloaded; errors are `Error` objects with a `code`
//! and a JSON `pointer`.

use glam::Mat4;
use wasm_bindgen::prelude::*;

use crate::asset::{self, Limits, Model};
use crate::usdz::{self, RoomItem, UsdzError};

use super::errors::{asset_error, js_error};

/// A usdz error as a JavaScript error object (`code` "usdz" or "unknown-variant").
fn usdz_error(e: &UsdzError) -> JsValue {
    let (code, pointer) = match e {
        UsdzError::UnknownVariant { .. } => ("unknown-variant", ""),
        UsdzError::MissingReference { pointer, .. }
        | UsdzError::NonFinite { pointer }
        | UsdzError::Image { pointer, .. } => ("usdz", pointer.as_str()),
        UsdzError::TooLarge => ("usdz", ""),
    };
    js_error(code, pointer, &e.to_string())
}

fn load(glb: &[u8]) -> Result<Model, JsValue> {
    asset::load(glb, &Limits::default(), None).map_err(|e| asset_error(&e))
}

/// One product as USDZ bytes: `glb` is the product's GLB, `variant` its
/// `KHR_materials_variants` name ("" for the default materials). The same bytes as
/// `roomfit usdz FILE.glb --variant NAME`.
#[wasm_bindgen(js_name = usdzModel)]
pub fn usdz_model(glb: &[u8], variant: &str) -> Result<Vec<u8>, JsValue> {
    let model = load(glb)?;
    let variant = (!variant.is_empty()).then_some(variant);
    usdz::write_model(&model, variant).map_err(|e| usdz_error(&e))
}

/// A room arrangement being collected: models (each loaded once) and the items that show them.
#[wasm_bindgen]
#[derive(Default)]
pub struct UsdzRoom {
    models: Vec<Model>,
    items: Vec<(usize, Mat4, Option<usize>)>,
}

#[wasm_bindgen]
impl UsdzRoom {
    /// An empty room.
    #[wasm_bindgen(constructor)]
    pub fn new() -> UsdzRoom {
        UsdzRoom::default()
    }

    /// Loads a model from its GLB bytes; returns its index for [`UsdzRoom::add_item`].
    #[wasm_bindgen(js_name = addModel)]
    pub fn add_model(&mut self, glb: &[u8]) -> Result<u32, JsValue> {
        let model = load(glb)?;
        self.models.push(model);
        Ok((self.models.len() - 1) as u32)
    }

    /// Places model `model` at `transform` (16 numbers, column-major, metres, Y up; the room's
    /// model-to-world matrix) showing `variant` (a `KHR_materials_variants` name, "" for the
    /// default materials).
    #[wasm_bindgen(js_name = addItem)]
    pub fn add_item(
        &mut self,
        model: u32,
        transform: &[f32],
        variant: &str,
    ) -> Result<(), JsValue> {
        let pointer = format!("/items/{}", self.items.len());
        let m = self.models.get(model as usize).ok_or_else(|| {
            js_error(
                "invalid-input",
                &format!("{pointer}/model"),
                &format!("there is no model {model} (add it with addModel first)"),
            )
        })?;
        let cols: [f32; 16] = transform.try_into().map_err(|_| {
            js_error(
                "invalid-input",
                &format!("{pointer}/transform"),
                &format!("a transform has 16 numbers, not {}", transform.len()),
            )
        })?;
        let transform = Mat4::from_cols_array(&cols);
        if !transform.is_finite() {
            return Err(js_error(
                "invalid-input",
                &format!("{pointer}/transform"),
                "the transform is not finite (NaN or infinity)",
            ));
        }
        let variant = if variant.is_empty() {
            None
        } else {
            let index = m
                .variants
                .iter()
                .position(|v| v == variant)
                .ok_or_else(|| {
                    usdz_error(&UsdzError::UnknownVariant {
                        name: variant.to_owned(),
                        available: if m.variants.is_empty() {
                            "none".to_owned()
                        } else {
                            m.variants.join(", ")
                        },
                    })
                })?;
            Some(index)
        };
        self.items.push((model as usize, transform, variant));
        Ok(())
    }

    /// The number of items placed so far.
    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u32 {
        self.items.len() as u32
    }

    /// The room as USDZ bytes (every item at its pose, one package).
    pub fn write(&self) -> Result<Vec<u8>, JsValue> {
        if self.items.is_empty() {
            return Err(js_error("invalid-input", "/items", "the room has no items"));
        }
        let items: Vec<RoomItem> = self
            .items
            .iter()
            .map(|&(model, transform, variant)| RoomItem {
                model: &self.models[model],
                transform,
                variant,
            })
            .collect();
        usdz::write_room(&items).map_err(|e| usdz_error(&e))
    }
}
