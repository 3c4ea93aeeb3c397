//! Differential fuzzing of roomfit's JSON parser (`asset::json`) against serde_json: any panic
//! is a bug, and both must accept and reject the same texts and agree on the values, apart
//! from what roomfit refuses on purpose (duplicate keys; nesting past 128 levels, which the two
//! count slightly differently).
#![no_main]

use libfuzzer_sys::fuzz_target;
use roomfit::asset::json::{self, Value};

/// Whether `ours` and `theirs` are the same JSON value (numbers within one unit in the last
/// place: serde_json's default float parsing is not always correctly rounded).
fn same(ours: &Value<'_>, theirs: &serde_json::Value) -> bool {
    use serde_json::Value as S;
    match (ours, theirs) {
        (Value::Null, S::Null) => true,
        (Value::Bool(a), S::Bool(b)) => a == b,
        (Value::Number(a), S::Number(b)) => b.as_f64().is_some_and(|b| {
            a.to_bits() == b.to_bits() || (a - b).abs() <= a.abs().max(b.abs()) * f64::EPSILON
        }),
        (Value::String(a), S::String(b)) => a == b,
        (Value::Array(a), S::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same(x, y))
        }
        (Value::Object(a), S::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k.as_ref()).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

fuzz_target!(|data: &[u8]| {
    let ours = json::parse(data);
    let theirs = serde_json::from_slice::<serde_json::Value>(data);
    match (&ours, &theirs) {
        (Ok(a), Ok(b)) => assert!(same(a, b), "values differ: {a:?} vs {b}"),
        (Err(_), Err(_)) => {}
        (Err(e), Ok(_)) => assert!(
            e.message.contains("more than once") || e.message.contains("nested"),
            "only roomfit refuses: {e}"
        ),
        (Ok(v), Err(e)) => assert!(
            e.to_string().contains("recursion limit"),
            "only serde_json refuses: {e} (roomfit: {v:?})"
        ),
    }
    if let Err(e) = &ours {
        assert!(e.offset <= data.len());
    }
});
