//! `Download`: a model file received straight into WebAssembly memory, chunk by chunk as
//! `fetch` delivers it, so that the page never holds a second whole copy of it in a JavaScript
//! `ArrayBuffer` (nor the chunks and their concatenation at once).

use wasm_bindgen::prelude::*;

use super::errors::js_error;
use crate::asset::Limits;

/// The bytes of a file being downloaded. Hand it to `Viewer.load_download` when complete.
#[wasm_bindgen]
pub struct Download {
    pub(super) bytes: Vec<u8>,
    limit: usize,
}

#[wasm_bindgen]
impl Download {
    /// Starts a download of `expected` bytes (the response's Content-Length, or 0 if unknown):
    /// that much memory is reserved at once when it is within the file size limit.
    #[wasm_bindgen(constructor)]
    pub fn new(expected: f64) -> Result<Download, JsValue> {
        let limit = Limits::default().max_file_bytes;
        let mut bytes = Vec::new();
        if expected > 0.0 && expected <= limit as f64 {
            bytes.try_reserve_exact(expected as usize).map_err(|_| {
                js_error(
                    "limit-exceeded",
                    "",
                    &format!("cannot reserve {expected} bytes for the file"),
                )
            })?;
        }
        Ok(Download { bytes, limit })
    }

    /// Appends a chunk of the response body (copied once, from JavaScript into WebAssembly
    /// memory). Fails, so that the caller can stop the download, once the file is larger than
    /// the limit on file size.
    pub fn push(&mut self, chunk: &js_sys::Uint8Array) -> Result<(), JsValue> {
        let n = chunk.length() as usize;
        let len = self.bytes.len();
        let total = len.saturating_add(n);
        if total > self.limit {
            return Err(js_error(
                "limit-exceeded",
                "",
                &format!("the file is more than {} bytes, the limit", self.limit),
            ));
        }
        if total > self.bytes.capacity() {
            // Without (or beyond) a Content-Length: grow geometrically, as `Vec` would.
            let more = (total - len).max(self.bytes.capacity() - len);
            self.bytes.try_reserve(more).map_err(|_| {
                js_error(
                    "limit-exceeded",
                    "",
                    &format!("cannot grow the download to {total} bytes"),
                )
            })?;
        }
        self.bytes.resize(total, 0);
        chunk.copy_to(&mut self.bytes[len..]);
        Ok(())
    }

    /// Bytes received so far.
    pub fn received(&self) -> f64 {
        self.bytes.len() as f64
    }
}
