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
    /// (item, image index, normal scale bits) -> index into `files`, for baked normal maps.
    by_baked: HashMap<(usize, usize, u32), usize>,
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
        let f = self.store(bytes, ext);
        self.by_image.insert((item, index), f);
        Ok(self.files[f].0.clone())
    }
}

impl TextureFiles {
    /// The package path of normal map `image` with glTF's normal `scale` baked into its texels
    /// (so the texture can use the standard scale 2 and bias −1 that USD's normal-map rules
    /// ask for), or None where images cannot be decoded (the wasm build).
    pub fn baked_normal_path(
        &mut self,
        item: usize,
        index: usize,
        image: &Image,
        scale: f32,
    ) -> Result<Option<String>, UsdzError> {
        if let Some(&f) = self.by_baked.get(&(item, index, scale.to_bits())) {
            return Ok(Some(self.files[f].0.clone()));
        }
        let Some(bytes) =
            bake_normal_scale(&image.bytes, scale).map_err(|reason| UsdzError::Image {
                pointer: format!("/items/{item}/images/{index}"),
                reason,
            })?
        else {
            return Ok(None);
        };
        let f = self.store(bytes, "png");
        self.by_baked.insert((item, index, scale.to_bits()), f);
        Ok(Some(self.files[f].0.clone()))
    }

    /// Adds `bytes` as a file unless the same bytes are stored already; returns its index.
    fn store(&mut self, bytes: Vec<u8>, ext: &str) -> usize {
        let key = (crc32(&bytes), bytes.len());
        let same = self
            .by_content
            .get(&key)
            .and_then(|c| c.iter().copied().find(|&f| self.files[f].1 == bytes));
        if let Some(f) = same {
            return f;
        }
        let f = self.files.len();
        self.files.push((format!("textures/image{f}.{ext}"), bytes));
        self.by_content.entry(key).or_default().push(f);
        f
    }
}

/// glTF's scaled normal, `normalize((texel · 2 − 1) · (s, s, 1))`, written back as texels, as
/// a PNG.
#[cfg(not(target_arch = "wasm32"))]
fn bake_normal_scale(bytes: &[u8], scale: f32) -> Result<Option<Vec<u8>>, String> {
    let mut img = image::load_from_memory(bytes)
        .map_err(|e| format!("the normal map does not decode: {e}"))?
        .to_rgb8();
    for p in img.pixels_mut() {
        let [x, y, z] = p.0.map(|c| f32::from(c) / 255.0 * 2.0 - 1.0);
        let n = glam::Vec3::new(x * scale, y * scale, z)
            .try_normalize()
            .unwrap_or(glam::Vec3::Z);
        p.0 = n
            .to_array()
            .map(|c| ((c * 0.5 + 0.5) * 255.0).round().clamp(0.0, 255.0) as u8);
    }
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .map_err(|e| format!("cannot encode the baked normal map: {e}"))?;
    Ok(Some(png))
}

/// The browser build has no image codecs: the scale stays in the texture's scale and bias.
#[cfg(target_arch = "wasm32")]
fn bake_normal_scale(_bytes: &[u8], _scale: f32) -> Result<Option<Vec<u8>>, String> {
    Ok(None)
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
