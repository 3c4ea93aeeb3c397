//! The browser side (wasm32 only): the `Viewer` handle exported to JavaScript. This is the only
//! module that names `web_sys`, `js_sys` or `wasm_bindgen`, and the only place errors become
//! `JsValue`s.

mod errors;
mod gpu;
mod images;
mod js;
mod report;
mod room_view;
mod viewer;

pub use viewer::Viewer;

use wasm_bindgen::prelude::*;

/// Runs when the wasm module starts: routes panic messages to the console, so a bug that slips
/// through is reported rather than silent.
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
