//! A tiny ordered JSON tree with a compact and a pretty writer.
//!
//! `serde_json::Value` sorts or keeps object keys depending on a crate feature that any other
//! crate in the build can switch on, and it formats floats its own way. The sample files must be
//! byte-identical everywhere, so they are written through this small, fully specified writer.

use std::fmt::Write as _;

/// A JSON value whose objects keep their keys in insertion order.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    Null,
    Bool(bool),
    Int(i64),
    /// Written with Rust's shortest round-trip `f32` formatting.
    F32(f32),
    /// Written with Rust's shortest round-trip `f64` formatting.
    F64(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// An object from `(key, value)` pairs, in the given order.
    pub(crate) fn obj<const N: usize>(fields: [(&str, Json); N]) -> Json {
        Json::Obj(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// Appends `key: value` to an object (does nothing to other kinds of value).
    pub(crate) fn push(&mut self, key: &str, value: Json) {
        if let Json::Obj(fields) = self {
            fields.push((key.to_owned(), value));
        }
    }

    /// An array of `f32` numbers.
    pub(crate) fn f32s(values: &[f32]) -> Json {
        Json::Arr(values.iter().copied().map(Json::F32).collect())
    }

    /// The value as compact JSON text (no whitespace).
    pub(crate) fn compact(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, None);
        out
    }

    /// The value as JSON text indented by two spaces per level, like `serde_json`'s pretty
    /// printer, with a trailing newline.
    pub(crate) fn pretty(&self) -> String {
        let mut out = String::new();
        self.write(&mut out, Some(0));
        out.push('\n');
        out
    }

    fn write(&self, out: &mut String, indent: Option<usize>) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Json::F32(f) if f.is_finite() => {
                let _ = write!(out, "{f}");
            }
            Json::F64(f) if f.is_finite() => {
                let _ = write!(out, "{f}");
            }
            Json::F32(_) | Json::F64(_) => out.push_str("null"),
            Json::Str(s) => write_string(out, s),
            Json::Arr(items) => {
                if items.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent.map(|n| n + 1));
                    item.write(out, indent.map(|n| n + 1));
                }
                newline(out, indent);
                out.push(']');
            }
            Json::Obj(fields) => {
                if fields.is_empty() {
                    out.push_str("{}");
                    return;
                }
                out.push('{');
                for (i, (key, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    newline(out, indent.map(|n| n + 1));
                    write_string(out, key);
                    out.push(':');
                    if indent.is_some() {
                        out.push(' ');
                    }
                    value.write(out, indent.map(|n| n + 1));
                }
                newline(out, indent);
                out.push('}');
            }
        }
    }
}

fn newline(out: &mut String, indent: Option<usize>) {
    if let Some(n) = indent {
        out.push('\n');
        for _ in 0..n {
            out.push_str("  ");
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl From<&str> for Json {
    fn from(s: &str) -> Json {
        Json::Str(s.to_owned())
    }
}

impl From<String> for Json {
    fn from(s: String) -> Json {
        Json::Str(s)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl From<usize> for Json {
    fn from(n: usize) -> Json {
        Json::Int(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<u32> for Json {
    fn from(n: u32) -> Json {
        Json::Int(i64::from(n))
    }
}

impl From<i64> for Json {
    fn from(n: i64) -> Json {
        Json::Int(n)
    }
}

impl From<f32> for Json {
    fn from(f: f32) -> Json {
        Json::F32(f)
    }
}

impl From<f64> for Json {
    fn from(f: f64) -> Json {
        Json::F64(f)
    }
}

impl From<Vec<Json>> for Json {
    fn from(items: Vec<Json>) -> Json {
        Json::Arr(items)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

#[cfg(test)]
mod tests {
    use super::Json;

    #[test]
    fn pretty_matches_serde_json_layout() {
        let value = Json::obj([
            ("a", Json::Int(1)),
            ("b", Json::Arr(vec![Json::from("x"), Json::F32(0.5)])),
            ("c", Json::Arr(vec![])),
            ("d", Json::obj([])),
            ("e", Json::Null),
        ]);
        let expected = "{\n  \"a\": 1,\n  \"b\": [\n    \"x\",\n    0.5\n  ],\n  \"c\": [],\n  \"d\": {},\n  \"e\": null\n}\n";
        assert_eq!(value.pretty(), expected);
        assert_eq!(
            value.compact(),
            r#"{"a":1,"b":["x",0.5],"c":[],"d":{},"e":null}"#
        );
    }

    #[test]
    fn strings_are_escaped_and_parse_back() {
        let text = Json::from("q\"b\\n\n\u{1}兰亭").compact();
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(parsed, serde_json::Value::from("q\"b\\n\n\u{1}兰亭"));
    }
}
