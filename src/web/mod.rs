//! The browser side (wasm32 only): the `Viewer` handle exported to JavaScript. This is the only
//! module that names `web_sys`, `js_sys` or `wasm_bindgen`, and the only place errors become
//! `JsValue`s. Which modules a build has: `viewer_build` and `room_viewer` (build.rs) name the
//! Viewer builds and those of them with the room view.

#[cfg(room_viewer)]
mod camera_view;
#[cfg(feature = "catalog-web")]
mod catalog_check;
#[cfg(feature = "handoff-web")]
mod catalogs;
#[cfg(viewer_build)]
mod download;
mod errors;
#[cfg(viewer_build)]
mod gpu;
#[cfg(feature = "handoff-web")]
mod handoff;
#[cfg(viewer_build)]
mod images;
#[cfg(room_viewer)]
mod js;
#[cfg(room_viewer)]
mod report;
#[cfg(room_viewer)]
mod room_session;
#[cfg(room_viewer)]
mod room_view;
#[cfg(feature = "usdz-web")]
mod usdz;
#[cfg(viewer_build)]
mod viewer;
#[cfg(all(feature = "ar", not(feature = "handoff-web")))]
mod xr;

#[cfg(feature = "catalog-web")]
pub use catalog_check::CatalogCheck;
#[cfg(feature = "handoff-web")]
pub use catalogs::Catalogs;
#[cfg(viewer_build)]
pub use download::Download;
#[cfg(feature = "handoff-web")]
pub use handoff::Handoff;
#[cfg(feature = "usdz-web")]
pub use usdz::{UsdzRoom, usdz_model};
#[cfg(viewer_build)]
pub use viewer::Viewer;
#[cfg(all(feature = "ar", not(feature = "handoff-web")))]
pub use xr::ArSession;

use wasm_bindgen::prelude::*;

/// The allocator: talc, which grows the wasm memory as needed like the standard library's
/// dlmalloc but compiles to fewer bytes (measured in the browser build: see
/// scripts/build-wasm.sh). The browser build is single-threaded (no `atomics`), which
/// `new_wasm_dynamic_allocator` requires.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// Runs when the wasm module starts: routes panic messages to the console, so a bug that slips
/// through is reported rather than silent. (The WebGPU build uses the immediate-abort panic
/// strategy, scripts/build-wasm.sh: there a panic traps at once with a RuntimeError
/// "unreachable" and this hook never runs; the other builds print through it.)
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("roomfit: internal error: {info}").into());
    }));
}

/// The crate version, so the page can report what it runs.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// The scratch memory of [`meshopt_scratch`] and [`meshopt_decode_raw`]: compressed bytes then
/// output, in one buffer that only grows (as meshoptimizer's `sbrk`), and the lengths of the
/// two parts the last [`meshopt_scratch`] call asked for (`None` when it could not allocate).
#[cfg(all(viewer_build, feature = "full-geometry"))]
struct MeshoptScratch {
    bytes: Vec<u8>,
    lens: Option<(usize, usize)>,
    error: String,
}

#[cfg(all(viewer_build, feature = "full-geometry"))]
thread_local! {
    static MESHOPT_SCRATCH: std::cell::RefCell<MeshoptScratch> = const {
        std::cell::RefCell::new(MeshoptScratch { bytes: Vec::new(), lens: None, error: String::new() })
    };
}

/// Step 1 of decoding one meshopt-compressed buffer view (`EXT_meshopt_compression` /
/// `KHR_meshopt_compression`) the way meshoptimizer's `MeshoptDecoder` does, with integers
/// only across the boundary: makes room for `in_len` compressed bytes followed by `out_len`
/// decoded bytes in this module's memory and returns the address of the compressed part (the
/// output follows at `address + in_len`), or 0 when the memory cannot grow that far (then
/// [`meshopt_decode_raw`] reports it). The caller copies the compressed bytes in, calls
/// [`meshopt_decode_raw`], and copies the output out through a view of [`meshopt_memory`]'s
/// buffer made after the calls (memory growth replaces the buffer). The same decoder
/// `load_glb` uses, exported so that tests and benchmarks run exactly what ships;
/// www/bench/roomfit-meshopt.mjs wraps the three calls as
/// `meshoptDecode(target, source, mode, filter, count, stride)`.
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptScratch)]
pub fn meshopt_scratch(in_len: usize, out_len: usize) -> usize {
    MESHOPT_SCRATCH.with(|scratch| {
        let Ok(mut s) = scratch.try_borrow_mut() else {
            return 0;
        };
        s.lens = None;
        let Some(total) = in_len.checked_add(out_len) else {
            return 0;
        };
        // Grow only (zero-filled once): the caller writes the compressed part and
        // `decode_to_slice` writes every byte of the output, so nothing is cleared per call.
        if s.bytes.len() < total {
            let more = total - s.bytes.len();
            if s.bytes.try_reserve_exact(more).is_err() {
                return 0;
            }
            s.bytes.resize(total, 0);
        }
        s.lens = Some((in_len, out_len));
        s.bytes.as_ptr() as usize
    })
}

/// Step 2: decodes the compressed bytes [`meshopt_scratch`] made room for into its output part,
/// which must hold exactly `count * stride` bytes. `mode` is 0, 1 or 2 for ATTRIBUTES,
/// TRIANGLES and INDICES, `filter` 0 to 4 for NONE, OCTAHEDRAL, QUATERNION, EXPONENTIAL and
/// COLOR. Returns 0, or 1 when the view cannot be decoded: [`meshopt_error`] then gives the
/// error.
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptDecodeRaw)]
pub fn meshopt_decode_raw(mode: u32, filter: u32, count: usize, stride: usize) -> u32 {
    use crate::asset::meshopt::{Filter, Mode, decode_to_slice};
    MESHOPT_SCRATCH.with(|scratch| {
        let Ok(mut s) = scratch.try_borrow_mut() else {
            return 1;
        };
        let s = &mut *s;
        let result = (|| {
            let mode = match mode {
                0 => Mode::Attributes,
                1 => Mode::Triangles,
                2 => Mode::Indices,
                m => return Err(format!("unknown mode {m}")),
            };
            let filter = match filter {
                0 => Filter::None,
                1 => Filter::Octahedral,
                2 => Filter::Quaternion,
                3 => Filter::Exponential,
                4 => Filter::Color,
                f => return Err(format!("unknown filter {f}")),
            };
            let Some((in_len, out_len)) = s.lens else {
                return Err("cannot allocate the compressed and decoded bytes".to_string());
            };
            if count.checked_mul(stride) != Some(out_len) {
                return Err(format!(
                    "the target holds {out_len} bytes, not {count} × {stride}"
                ));
            }
            // `meshopt_scratch` made `bytes` at least `in_len + out_len` long.
            let Some(bytes) = in_len
                .checked_add(out_len)
                .and_then(|n| s.bytes.get_mut(..n))
            else {
                return Err("cannot allocate the compressed and decoded bytes".to_string());
            };
            let (source, decoded) = bytes.split_at_mut(in_len);
            decode_to_slice(source, mode, filter, count, stride, decoded).map_err(|e| e.to_string())
        })();
        match result {
            Ok(()) => 0,
            Err(e) => {
                s.error = e;
                1
            }
        }
    })
}

/// The error of the last [`meshopt_decode_raw`] call that returned 1, as
/// `{ code: "bad-compression", message }`.
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptError)]
pub fn meshopt_error() -> JsValue {
    let message =
        MESHOPT_SCRATCH.with(|s| s.try_borrow().map(|s| s.error.clone()).unwrap_or_default());
    errors::js_error("bad-compression", "", &message)
}

/// This module's `WebAssembly.Memory`, for the views [`meshopt_scratch`]'s callers copy through.
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptMemory)]
pub fn meshopt_memory() -> JsValue {
    wasm_bindgen::memory()
}

/// Whether this build's meshopt decoder uses WebAssembly SIMD (the WebGPU build does; the
/// WebGL2 build, for browsers without WebGPU, does not, so that it also runs where WebAssembly
/// SIMD is missing). Asks the decoder's own crate (roomfit-meshopt), which is compiled apart
/// from this one: it has SIMD only when the whole build has `-C target-feature=+simd128`.
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptSimd)]
pub fn meshopt_simd() -> bool {
    crate::asset::meshopt::SIMD
}

/// The size of this module's WebAssembly memory in bytes. It never shrinks, so after a load it
/// is the most the module has used (for benchmarks: www/bench/big-glb.mjs).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    wasm_bindgen::memory()
        .dyn_into::<js_sys::WebAssembly::Memory>()
        .map(|m| {
            m.buffer()
                .dyn_into::<js_sys::ArrayBuffer>()
                .map_or(0.0, |b| b.byte_length() as f64)
        })
        .unwrap_or(0.0)
}
