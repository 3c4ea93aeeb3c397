//! The package's texture files: PNG and JPEG bytes as loaded, WebP converted to PNG (natively;
//! USDZ does not allow WebP), each distinct image stored once.

use std::collections::HashMap;

use super::error::UsdzError;
use super::zip::crc32;
use crate::asset::Image;

/// Texture files collected for one package.
#[derive(Debug, Default)]
pub struct TextureFiles {
    /// (name inside the package, bytes), in the order they were first used.
    pub files: Vec<(String, Vec<u8>)>,
    /// (CRC-32, length) of stored bytes -> indices into `files` with that key.
    by_content: HashMap<(u32, usize), Vec<usize>>,
    /// (item, image index) -> index into `files`.
    by_image: HashMap<(usize, usize), usize>,
}

impl TextureFiles {
    /// The package path of `image` (image `index` of room item `item`), adding the file the first
    /// time it is asked for.
    pub fn path_for(
        &mut self,
        item: usize,
        index: usize,
        image: &Image,
    ) -> Result<String, UsdzError> {
        if let Some(&f) = self.by_image.get(&(item, index)) {
            return Ok(self.files[f].0.clone());
        }
        let pointer = || format!("/items/{item}/images/{index}");
        let (bytes, ext) = match image.mime_type {
            "image/png" => (image.bytes.clone(), "png"),
            "image/jpeg" => (image.bytes.clone(), "jpg"),
            "image/webp" => (
                webp_to_png(&image.bytes).map_err(|reason| UsdzError::Image {
                    pointer: pointer(),
                    reason,
                })?,
                "png",
            ),
            other => {
                return Err(UsdzError::Image {
                    pointer: pointer(),
                    reason: format!("{other} images cannot be stored in USDZ (PNG and JPEG can)"),
                });
            }
        };
        let key = (crc32(&bytes), bytes.len());
        let same = self
            .by_content
            .get(&key)
            .and_then(|c| c.iter().copied().find(|&f| self.files[f].1 == bytes));
        let f = match same {
            Some(f) => f,
            None => {
                let f = self.files.len();
                self.files.push((format!("textures/image{f}.{ext}"), bytes));
                self.by_content.entry(key).or_default().push(f);
                f
            }
        };
        self.by_image.insert((item, index), f);
        Ok(self.files[f].0.clone())
    }
}

/// Decodes a WebP image and encodes it as PNG (lossless, so nothing is lost twice).
#[cfg(not(target_arch = "wasm32"))]
fn webp_to_png(bytes: &[u8]) -> Result<Vec<u8>, String> {
    let decoded = image::load_from_memory_with_format(bytes, image::ImageFormat::WebP)
        .map_err(|e| format!("the WebP image does not decode: {e}"))?;
    let mut png = Vec::new();
    decoded
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| format!("cannot re-encode the WebP image as PNG: {e}"))?;
    Ok(png)
}

/// The browser build has no image codecs: WebP textures are refused with a clear reason.
#[cfg(target_arch = "wasm32")]
fn webp_to_png(_bytes: &[u8]) -> Result<Vec<u8>, String> {
    Err(
        "USDZ does not allow WebP textures and this build cannot convert them; \
         build the USDZ natively (roomfit usdz / catalog build) or export PNG/JPEG textures"
            .to_owned(),
    )
}
