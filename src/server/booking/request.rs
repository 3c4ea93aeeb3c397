//! Reading an appointment request from its HTTP request: content type, idempotency key, JSON,
//! and the shape of the JSON checked field by field (every problem with its pointer) before it
//! becomes an [`AppointmentRequest`].

use serde_json::{Map, Value};

use super::error::{ApiError, Problem};
use crate::handoff::appointment::{AppointmentRequest, check_idempotency_key};
use crate::handoff::time::Timestamp;
use crate::server::Request;

/// The header that carries the idempotency key.
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// Stable codes of problems found while reading a request (the validation of its values has
/// its own, [`crate::handoff::appointment::code`]).
pub mod code {
    /// The body is not `application/json`.
    pub const UNSUPPORTED_MEDIA_TYPE: &str = "unsupported-media-type";
    /// No `Idempotency-Key` header.
    pub const MISSING_IDEMPOTENCY_KEY: &str = "missing-idempotency-key";
    /// An `Idempotency-Key` that is not 16 to 128 of `A-Z a-z 0-9 - _`.
    pub const INVALID_IDEMPOTENCY_KEY: &str = "invalid-idempotency-key";
    /// The body is not JSON.
    pub const INVALID_JSON: &str = "invalid-json";
    /// A required field is absent.
    pub const MISSING_FIELD: &str = "missing-field";
    /// A field the contract does not have.
    pub const UNKNOWN_FIELD: &str = "unknown-field";
    /// A value of the wrong JSON type.
    pub const WRONG_TYPE: &str = "wrong-type";
    /// A timestamp that is not RFC 3339.
    pub const INVALID_TIME: &str = "invalid-time";
}

/// The idempotency key and the parsed request, or why not.
pub fn read(req: &Request) -> Result<(String, AppointmentRequest), ApiError> {
    let content_type = req.header("content-type").unwrap_or("");
    let media = content_type.split(';').next().unwrap_or("").trim();
    if !media.eq_ignore_ascii_case("application/json") {
        return Err(ApiError::one(
            415,
            code::UNSUPPORTED_MEDIA_TYPE,
            None,
            format!(
                "Send the appointment as Content-Type: application/json (this request has {}).",
                if content_type.is_empty() {
                    "none".to_string()
                } else {
                    format!("\"{content_type}\"")
                }
            ),
        ));
    }
    let key = match req.header("idempotency-key") {
        None => {
            return Err(ApiError::one(
                400,
                code::MISSING_IDEMPOTENCY_KEY,
                Some(IDEMPOTENCY_KEY),
                "Send an Idempotency-Key header (a new UUID per booking, the same one on every retry of it).",
            ));
        }
        Some(k) => k.to_owned(),
    };
    if let Err(m) = check_idempotency_key(&key) {
        return Err(ApiError::one(
            400,
            code::INVALID_IDEMPOTENCY_KEY,
            Some(IDEMPOTENCY_KEY),
            format!("The Idempotency-Key is not valid: {m}"),
        ));
    }
    let value: Value = serde_json::from_slice(&req.body).map_err(|e| {
        let message = if req.body.iter().all(u8::is_ascii_whitespace) {
            "The body is empty; send the appointment as JSON.".to_string()
        } else {
            format!(
                "The body is not valid JSON: {} (line {}, column {}).",
                e.to_string()
                    .rsplit_once(" at line ")
                    .map_or(e.to_string(), |(m, _)| m.to_string()),
                e.line(),
                e.column()
            )
        };
        ApiError::one(400, code::INVALID_JSON, Some(""), message)
    })?;
    let problems = check_shape(&value);
    if !problems.is_empty() {
        return Err(ApiError {
            status: 422,
            problems,
        });
    }
    let request = serde_json::from_value::<AppointmentRequest>(value).map_err(|e| {
        // check_shape is meant to catch everything serde refuses; this is a safety net.
        ApiError::one(
            422,
            code::WRONG_TYPE,
            Some(""),
            format!("The appointment does not follow the contract: {e}."),
        )
    })?;
    Ok((key, request))
}

#[derive(Clone, Copy)]
enum Kind {
    Text,
    Time,
    Items,
    Count,
}

const FIELDS: &[(&str, Kind, bool)] = &[
    ("retailer_id", Kind::Text, true),
    ("store_id", Kind::Text, true),
    ("slot_start", Kind::Time, true),
    ("slot_start_local", Kind::Text, false),
    ("name", Kind::Text, true),
    ("phone", Kind::Text, false),
    ("email", Kind::Text, false),
    ("items", Kind::Items, true),
    ("share_code", Kind::Text, true),
    ("locale", Kind::Text, false),
    ("note", Kind::Text, false),
];

const ITEM_FIELDS: &[(&str, Kind, bool)] = &[
    ("product_id", Kind::Text, true),
    ("sku", Kind::Text, true),
    ("quantity", Kind::Count, false),
];

/// Every missing, unknown or mistyped field, with its pointer.
fn check_shape(v: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    match v {
        Value::Object(o) => check_object(o, "", FIELDS, "an appointment", &mut out),
        other => out.push(Problem::new(
            code::WRONG_TYPE,
            Some(""),
            format!(
                "The body must be a JSON object ({{ … }}), but it is {}.",
                describe(other)
            ),
        )),
    }
    out
}

fn check_object(
    o: &Map<String, Value>,
    ptr: &str,
    fields: &[(&str, Kind, bool)],
    what: &str,
    out: &mut Vec<Problem>,
) {
    for key in o.keys() {
        if fields.iter().any(|(k, _, _)| k == key) {
            continue;
        }
        let message = if key == "idempotency_key" {
            "The idempotency key goes in the Idempotency-Key header, not in the body.".to_string()
        } else {
            let names: Vec<&str> = fields.iter().map(|(k, _, _)| *k).collect();
            format!(
                "{what} has no field \"{key}\"; its fields are {}.",
                names.join(", ")
            )
        };
        out.push(Problem::new(
            code::UNKNOWN_FIELD,
            Some(&format!("{ptr}/{}", escape(key))),
            capitalize(&message),
        ));
    }
    for &(key, kind, required) in fields {
        let field = format!("{ptr}/{key}");
        let value = match o.get(key) {
            None | Some(Value::Null) if !required => continue,
            None => {
                out.push(Problem::new(
                    code::MISSING_FIELD,
                    Some(&field),
                    format!("\"{key}\" is required."),
                ));
                continue;
            }
            Some(v) => v,
        };
        let wrong = |expected: &str| {
            Problem::new(
                code::WRONG_TYPE,
                Some(&field),
                format!(
                    "\"{key}\" must be {expected}, but it is {}.",
                    describe(value)
                ),
            )
        };
        match (kind, value) {
            (Kind::Text, Value::String(_)) => {}
            (Kind::Text, _) => out.push(wrong("text")),
            (Kind::Time, Value::String(s)) => {
                if let Err(e) = Timestamp::parse_rfc3339(s) {
                    out.push(Problem::new(
                        code::INVALID_TIME,
                        Some(&field),
                        format!("{e}."),
                    ));
                }
            }
            (Kind::Time, _) => out.push(wrong("an RFC 3339 time in text")),
            (Kind::Count, Value::Number(n)) if n.as_u64().is_some_and(|n| n <= 1000) => {}
            (Kind::Count, _) => out.push(wrong("a whole number")),
            (Kind::Items, Value::Array(items)) => {
                for (i, item) in items.iter().enumerate().take(100) {
                    let iptr = format!("{field}/{i}");
                    match item {
                        Value::Object(io) => check_object(io, &iptr, ITEM_FIELDS, "an item", out),
                        other => out.push(Problem::new(
                            code::WRONG_TYPE,
                            Some(&iptr),
                            format!(
                                "An item must be an object ({{\"product_id\", \"sku\", \"quantity\"}}), but it is {}.",
                                describe(other)
                            ),
                        )),
                    }
                }
            }
            (Kind::Items, _) => out.push(wrong("a list ([ … ])")),
        }
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn fields(v: Value) -> Vec<(&'static str, String)> {
        check_shape(&v)
            .into_iter()
            .map(|p| (p.code, p.field.unwrap_or_default()))
            .collect()
    }

    #[test]
    fn every_shape_problem_with_its_pointer() {
        let got = fields(json!({
            "retailer_id": 7, "store_id": "s", "slot_start": "next monday", "name": "A",
            "phone": null, "items": [{"sku": "X", "quantity": -1, "colour": "red"}, 3],
            "idempotency_key": "k", "a/b": 1
        }));
        assert_eq!(
            got,
            [
                (code::UNKNOWN_FIELD, "/a~1b".to_string()),
                (code::UNKNOWN_FIELD, "/idempotency_key".into()),
                (code::WRONG_TYPE, "/retailer_id".into()),
                (code::INVALID_TIME, "/slot_start".into()),
                (code::UNKNOWN_FIELD, "/items/0/colour".into()),
                (code::MISSING_FIELD, "/items/0/product_id".into()),
                (code::WRONG_TYPE, "/items/0/quantity".into()),
                (code::WRONG_TYPE, "/items/1".into()),
                (code::MISSING_FIELD, "/share_code".into()),
            ]
        );
        assert_eq!(fields(json!([1])), [(code::WRONG_TYPE, String::new())]);
    }
}
