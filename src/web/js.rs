//! Small builders for the plain JavaScript objects the viewer hands to the element (no JSON
//! round trip, no serde in the browser path).

use wasm_bindgen::JsValue;

/// A plain object being filled in.
pub struct Obj(js_sys::Object);

impl Obj {
    /// An empty object.
    pub fn new() -> Self {
        Self(js_sys::Object::new())
    }

    /// Sets `key` to `value`.
    pub fn set(self, key: &str, value: impl Into<JsValue>) -> Self {
        let _ = js_sys::Reflect::set(&self.0, &key.into(), &value.into());
        self
    }

    /// Sets `key` to `value`, or to `null` when it is `None`.
    pub fn set_opt(self, key: &str, value: Option<impl Into<JsValue>>) -> Self {
        let v = value.map_or(JsValue::NULL, Into::into);
        self.set(key, v)
    }

    /// The object.
    pub fn build(self) -> JsValue {
        self.0.into()
    }
}

/// A JavaScript array of the values.
pub fn array(values: impl IntoIterator<Item = JsValue>) -> JsValue {
    values.into_iter().collect::<js_sys::Array>().into()
}
