//! Errors to JavaScript: plain objects `{ code, pointer, message }` that the custom element puts
//! in its `error` event.

use wasm_bindgen::JsValue;

#[cfg(not(any(feature = "handoff-web", feature = "catalog-web")))]
use crate::asset::AssetError;

/// A JavaScript error object with a code, a JSON pointer and a message.
pub fn js_error(code: &str, pointer: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    let _ = js_sys::Reflect::set(&err, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&err, &"pointer".into(), &pointer.into());
    err.into()
}

/// An asset error as a JavaScript error object.
#[cfg(not(any(feature = "handoff-web", feature = "catalog-web")))]
pub fn asset_error(e: &AssetError) -> JsValue {
    js_error(e.code.as_str(), &e.pointer, &e.to_string())
}
