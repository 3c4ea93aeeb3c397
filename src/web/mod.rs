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

/// Decodes one meshopt-compressed buffer view (`EXT_meshopt_compression` /
/// `KHR_meshopt_compression`) into `target`, which must hold exactly `count * stride` bytes:
/// `source` holds the compressed bytes; `mode` is 0, 1 or 2 for ATTRIBUTES, TRIANGLES and
/// INDICES, `filter` 0 to 4 for NONE, OCTAHEDRAL, QUATERNION, EXPONENTIAL and COLOR (numbers,
/// so that a call passes no strings). Throws `{ code: "bad-compression", message }`. The same
/// decoder `load_glb` uses, exported so that tests and benchmarks can run exactly what ships
/// (`www/bench/meshopt-bench.mjs`); like meshoptimizer's `decodeGltfBuffer`, it writes into the
/// caller's array (one copy out of the wasm memory, no intermediate JavaScript array).
#[cfg(all(viewer_build, feature = "full-geometry"))]
#[wasm_bindgen(js_name = meshoptDecode)]
pub fn meshopt_decode(
    target: &js_sys::Uint8Array,
    source: &js_sys::Uint8Array,
    mode: u32,
    filter: u32,
    count: usize,
    stride: usize,
) -> Result<(), JsValue> {
    use crate::asset::meshopt::{Filter, Mode, decode_to_slice};
    use std::cell::RefCell;
    // The compressed bytes and the output, in buffers kept between calls (no allocation per
    // call once they are large enough; dropped when they grow past `KEEP` bytes).
    thread_local! {
        static SCRATCH: RefCell<(Vec<u8>, Vec<u8>)> = const { RefCell::new((Vec::new(), Vec::new())) };
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
        let Ok(mut scratch) = scratch.try_borrow_mut() else {
            return Err(bad("meshoptDecode is already running".to_string()));
        };
        let (input, out) = &mut *scratch;
        let n = source.length() as usize;
        // The buffers only grow (zero-filled once); `decode_to_slice` writes every byte of its
        // output, so nothing is cleared per call.
        let grow = |v: &mut Vec<u8>, n: usize| {
            if v.len() < n {
                v.try_reserve_exact(n - v.len())
                    .map_err(|_| bad(format!("cannot allocate {n} bytes")))?;
                v.resize(n, 0);
            }
            Ok::<(), JsValue>(())
        };
        grow(input, n)?;
        grow(out, len)?;
        let (data, decoded) = (&mut input[..n], &mut out[..len]);
        source.copy_to(data);
        let result = decode_to_slice(data, mode, filter, count, stride, decoded);
        if result.is_ok() {
            target.copy_from(decoded);
        }
        if input.capacity() > KEEP {
            *input = Vec::new();
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
