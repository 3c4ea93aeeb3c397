//! The catalog format's JSON Schema, generated from the serde types (native builds only; the
//! committed copy is `docs/catalog.schema.json`). The schema describes the shape; [`validate`]
//! (super::validate) checks much more (unique ids, hosts, time zones, the models …).

use serde_json::Value;

/// Where the committed schema says it lives.
pub const SCHEMA_ID: &str = "https://github.com/roomfit/roomfit/blob/main/docs/catalog.schema.json";

/// The JSON Schema (draft 2020-12) of catalog format v1.
pub fn json_schema() -> Value {
    let schema = schemars::schema_for!(super::Catalog);
    let mut v = schema.to_value();
    if let Some(o) = v.as_object_mut() {
        o.insert("$id".into(), Value::String(SCHEMA_ID.into()));
        o.insert(
            "title".into(),
            Value::String("roomfit catalog, format version 1".into()),
        );
    }
    v
}
