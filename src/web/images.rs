//! Texture decoding by the browser (`createImageBitmap`), so no image decoder ships in the wasm.

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::asset::Model;
use crate::render::ImageData;

async fn decode(bytes: &[u8], mime: &str) -> Option<web_sys::ImageBitmap> {
    let window = web_sys::window()?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let props = web_sys::BlobPropertyBag::new();
    props.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &props).ok()?;
    // Texture data (normal maps especially) must reach the GPU as stored: no colour management,
    // no premultiplication.
    let options = web_sys::ImageBitmapOptions::new();
    options.set_color_space_conversion(web_sys::ColorSpaceConversion::None);
    options.set_premultiply_alpha(web_sys::PremultiplyAlpha::None);
    let promise = window
        .create_image_bitmap_with_blob_and_image_bitmap_options(&blob, &options)
        .ok()?;
    JsFuture::from(promise).await.ok()?.dyn_into().ok()
}

/// Decodes every image of `model`; an image the browser cannot decode becomes `None` (its
/// material then shows its factors alone) and its index is reported.
pub async fn decode_all(model: &Model) -> (Vec<Option<ImageData>>, Vec<usize>) {
    let mut out = Vec::with_capacity(model.images.len());
    let mut failed = Vec::new();
    for (i, img) in model.images.iter().enumerate() {
        match decode(&img.bytes, img.mime_type).await {
            Some(bitmap) => out.push(Some(ImageData::External(
                wgpu::ExternalImageSource::ImageBitmap(bitmap),
            ))),
            None => {
                failed.push(i);
                out.push(None);
            }
        }
    }
    (out, failed)
}
