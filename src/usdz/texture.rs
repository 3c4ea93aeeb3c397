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
/// a PNG; None where this build cannot decode the image (a JPEG normal map in the browser
/// build, which then keeps the scale in the texture's scale and bias). PNG decoding and
/// encoding use the `png` crate on every target, so the browser build (feature `usdz-web`) and
/// the native build write the same bytes.
#[cfg(any(not(target_arch = "wasm32"), feature = "usdz-web"))]
fn bake_normal_scale(bytes: &[u8], scale: f32) -> Result<Option<Vec<u8>>, String> {
    let Some((width, height, mut rgb)) = decode_rgb8(bytes)? else {
        return Ok(None);
    };
    for p in rgb.chunks_exact_mut(3) {
        let [x, y, z] = [p[0], p[1], p[2]].map(|c| f32::from(c) / 255.0 * 2.0 - 1.0);
        let n = glam::Vec3::new(x * scale, y * scale, z)
            .try_normalize()
            .unwrap_or(glam::Vec3::Z);
        for (out, c) in p.iter_mut().zip(n.to_array()) {
            *out = ((c * 0.5 + 0.5) * 255.0).round().clamp(0.0, 255.0) as u8;
        }
    }
    encode_png_rgb8(width, height, &rgb).map(Some)
}

/// The browser builds without the `png` crate never write USDZ.
#[cfg(all(target_arch = "wasm32", not(feature = "usdz-web")))]
fn bake_normal_scale(_bytes: &[u8], _scale: f32) -> Result<Option<Vec<u8>>, String> {
    Ok(None)
}

#[cfg(any(not(target_arch = "wasm32"), feature = "usdz-web"))]
const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// (width, height, 8-bit RGB texels) of an image, or None where this build has no decoder for
/// it.
#[cfg(any(not(target_arch = "wasm32"), feature = "usdz-web"))]
fn decode_rgb8(bytes: &[u8]) -> Result<Option<(u32, u32, Vec<u8>)>, String> {
    if !bytes.starts_with(PNG_SIGNATURE) {
        return decode_other_rgb8(bytes);
    }
    let bad = |e: png::DecodingError| format!("the normal map does not decode: {e}");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(bad)?;
    let size = reader
        .output_buffer_size()
        .ok_or("the normal map is too large to decode")?;
    let mut buf = vec![0; size];
    let frame = reader.next_frame(&mut buf).map_err(bad)?;
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("the normal map did not expand to colour".into()),
    };
    let (w, h) = (frame.width as usize, frame.height as usize);
    if frame.line_size == 0 {
        return Err("the normal map has no pixels".into());
    }
    let mut rgb = Vec::with_capacity(w * h * 3);
    for row in buf.chunks(frame.line_size).take(h) {
        for px in row.chunks_exact(channels).take(w) {
            match channels {
                1 | 2 => rgb.extend_from_slice(&[px[0]; 3]),
                _ => rgb.extend_from_slice(&px[..3]),
            }
        }
    }
    if rgb.len() != w * h * 3 {
        return Err("the normal map's pixel data is short".into());
    }
    Ok(Some((frame.width, frame.height, rgb)))
}

/// Natively, JPEG and WebP normal maps decode with the `image` crate.
#[cfg(not(target_arch = "wasm32"))]
fn decode_other_rgb8(bytes: &[u8]) -> Result<Option<(u32, u32, Vec<u8>)>, String> {
    let img = image::load_from_memory(bytes)
        .map_err(|e| format!("the normal map does not decode: {e}"))?
        .to_rgb8();
    Ok(Some((img.width(), img.height(), img.into_raw())))
}

/// The browser build decodes PNG only.
#[cfg(all(target_arch = "wasm32", feature = "usdz-web"))]
fn decode_other_rgb8(_bytes: &[u8]) -> Result<Option<(u32, u32, Vec<u8>)>, String> {
    Ok(None)
}

/// 8-bit RGB texels as a PNG (the same settings on every target).
#[cfg(any(not(target_arch = "wasm32"), feature = "usdz-web"))]
fn encode_png_rgb8(width: u32, height: u32, rgb: &[u8]) -> Result<Vec<u8>, String> {
    let bad = |e: png::EncodingError| format!("cannot encode the baked normal map: {e}");
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    // Fast (fdeflate) rather than Balanced: the oslo-sofa USDZ took 1.29 s with Balanced and
    // 0.36 s with Fast in the browser build (Node 20, release wasm), for a file 3% larger.
    encoder.set_compression(png::Compression::Fast);
    let mut writer = encoder.write_header().map_err(bad)?;
    writer.write_image_data(rgb).map_err(bad)?;
    writer.finish().map_err(bad)?;
    Ok(png)
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
