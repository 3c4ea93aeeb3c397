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

#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen]
extern "C" {
    /// A `Uint8Array`, for `set_from_wasm`.
    type SetTarget;
    /// `Uint8Array.prototype.set` from a view of wasm memory: `js_sys`'s `copy_from` without
    /// its second call into JavaScript for the length, which `meshopt_decode` has checked.
    #[wasm_bindgen(method, js_name = set)]
    fn set_from_wasm(this: &SetTarget, src: &[u8]);
}

/// Decodes one meshopt-compressed buffer view (`EXT_meshopt_compression` /
/// `KHR_meshopt_compression`) into `target`, which must hold exactly `count * stride` bytes:
/// `source` holds the compressed bytes; `mode` is 0, 1 or 2 for ATTRIBUTES, TRIANGLES and
/// INDICES, `filter` 0 to 4 for NONE, OCTAHEDRAL, QUATERNION, EXPONENTIAL and COLOR (numbers,
/// so that a call passes no strings). Throws `{ code: "bad-compression", message }`. The same
/// decoder `load_glb` uses, exported so that tests and benchmarks can run exactly what ships
/// (`www/bench/meshopt-bench.mjs`). Like meshoptimizer's `decodeGltfBuffer`, it copies the
/// compressed bytes into the module's memory (wasm-bindgen's glue, for the `&[u8]`, with one
/// `set` and no call back into JavaScript) and writes the result into the caller's array (one
/// copy out of the wasm memory, no intermediate JavaScript array).
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptDecode)]
pub fn meshopt_decode(
    target: js_sys::Uint8Array,
    source: &[u8],
    mode: u32,
    filter: u32,
    count: usize,
    stride: usize,
) -> Result<(), JsValue> {
    use crate::asset::meshopt::{Filter, Mode, decode_to_slice};
    use std::cell::RefCell;
    // The output, in a buffer kept between calls (no allocation per call once it is large
    // enough; dropped when it grows past `KEEP` bytes).
    thread_local! {
        static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    const KEEP: usize = 1 << 20;
    let bad = |m: String| errors::js_error("bad-compression", "", &m);
    let mode = match mode {
        0 => Mode::Attributes,
        1 => Mode::Triangles,
        2 => Mode::Indices,
        m => return Err(bad(format!("unknown mode {m}"))),
    };
    let filter = match filter {
        0 => Filter::None,
        1 => Filter::Octahedral,
        2 => Filter::Quaternion,
        3 => Filter::Exponential,
        4 => Filter::Color,
        f => return Err(bad(format!("unknown filter {f}"))),
    };
    let len = target.length() as usize;
    if count.checked_mul(stride) != Some(len) {
        return Err(bad(format!(
            "the target holds {len} bytes, not {count} × {stride}"
        )));
    }
    SCRATCH.with(|scratch| {
        let Ok(mut out) = scratch.try_borrow_mut() else {
            return Err(bad("meshoptDecode is already running".to_string()));
        };
        // The buffer only grows (zero-filled once); `decode_to_slice` writes every byte of its
        // output, so nothing is cleared per call.
        if out.len() < len {
            let more = len - out.len();
            out.try_reserve_exact(more)
                .map_err(|_| bad(format!("cannot allocate {len} bytes")))?;
            out.resize(len, 0);
        }
        let decoded = &mut out[..len];
        let result = decode_to_slice(source, mode, filter, count, stride, decoded);
        if result.is_ok() {
            // `decoded` is exactly as long as `target` (checked above).
            target.unchecked_ref::<SetTarget>().set_from_wasm(decoded);
        }
        if out.capacity() > KEEP {
            *out = Vec::new();
        }
        result.map_err(|e| bad(e.to_string()))
    })
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
