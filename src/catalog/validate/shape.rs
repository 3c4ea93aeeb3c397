//! Reading the raw JSON field by field: each getter reports a missing field, an unknown field or
//! a value of the wrong type as an issue with its pointer, and hands back what it could read.

use serde_json::{Map, Value};

use crate::catalog::issue::{Issue, code, escape_pointer_token};

/// The issues found so far.
#[derive(Debug, Default)]
pub(crate) struct Ctx {
    pub issues: Vec<Issue>,
}

/// A JSON object and where it is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Obj<'a, 'p> {
    pub map: &'a Map<String, Value>,
    pub ptr: &'p str,
}

/// `ptr` + `/` + the escaped `key`.
pub(crate) fn child(ptr: &str, key: &str) -> String {
    format!("{ptr}/{}", escape_pointer_token(key))
}

/// `ptr` + `/` + `index`.
pub(crate) fn item(ptr: &str, index: usize) -> String {
    format!("{ptr}/{index}")
}

/// "text", "a number", … for messages.
pub(crate) fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Ctx {
    /// Records an issue.
    pub fn push(&mut self, issue: Issue) {
        self.issues.push(issue);
    }

    /// Reports that `v` at `ptr` is not `expected` (`"text"`, `"a list"`, …).
    pub fn wrong_type(&mut self, ptr: &str, name: &str, v: &Value, expected: &str) {
        let mut issue = Issue::error(
            ptr,
            code::WRONG_TYPE,
            format!("{name} must be {expected}, but it is {}.", describe(v)),
        );
        if expected == "text" {
            if let Value::Number(n) = v {
                issue = issue.with_fix(format!("Put the value in quotes: \"{n}\"."));
            }
        }
        self.push(issue);
    }

    /// `v` as an object, or an issue.
    pub fn object<'a, 'p>(
        &mut self,
        v: &'a Value,
        ptr: &'p str,
        name: &str,
    ) -> Option<Obj<'a, 'p>> {
        match v {
            Value::Object(map) => Some(Obj { map, ptr }),
            _ => {
                self.wrong_type(ptr, name, v, "an object ({ … })");
                None
            }
        }
    }

    /// Reports missing `required` fields and fields that are neither required nor `optional`
    /// (suggesting the field a typo was probably meant to be, and then not also reporting that
    /// field as missing).
    pub fn fields(&mut self, o: Obj<'_, '_>, what: &str, required: &[&str], optional: &[&str]) {
        let known = |k: &str| required.contains(&k) || optional.contains(&k);
        let mut explained = Vec::new();
        for key in o.map.keys() {
            if known(key) {
                continue;
            }
            let candidates = required
                .iter()
                .chain(optional)
                .copied()
                .filter(|k| !o.map.contains_key(*k));
            let mut issue = Issue::error(
                child(o.ptr, key),
                code::UNKNOWN_FIELD,
                format!("A {what} has no field \"{key}\"."),
            );
            match closest(key, candidates) {
                Some(meant) => {
                    explained.push(meant);
                    issue = issue.with_fix(format!("Rename \"{key}\" to \"{meant}\"."));
                }
                None => {
                    issue = issue.with_fix(format!(
                        "Remove it; a {what} has these fields: {}.",
                        required
                            .iter()
                            .chain(optional)
                            .copied()
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                }
            }
            self.push(issue);
        }
        for key in required {
            if !o.map.contains_key(*key) && !explained.contains(key) {
                self.push(
                    Issue::error(
                        child(o.ptr, key),
                        code::MISSING_FIELD,
                        format!("The {what} has no \"{key}\"; it is required."),
                    )
                    .with_fix(format!("Add \"{key}\": {}.", example(what, key))),
                );
            }
        }
    }

    /// A text field (absent: `None` silently, since [`Ctx::fields`] reported it; `null` or
    /// another type: an issue). Empty text is reported when `non_empty`.
    pub fn text<'a>(&mut self, o: Obj<'a, '_>, key: &str, non_empty: bool) -> Option<&'a str> {
        let v = o.map.get(key)?;
        match v {
            Value::String(s) => {
                if non_empty && s.trim().is_empty() {
                    self.push(Issue::error(
                        child(o.ptr, key),
                        code::EMPTY_VALUE,
                        format!("\"{key}\" is empty."),
                    ));
                    return None;
                }
                Some(s)
            }
            _ => {
                self.wrong_type(&child(o.ptr, key), &format!("\"{key}\""), v, "text");
                None
            }
        }
    }

    /// An optional text field: absent or `null` is `None` without an issue.
    pub fn opt_text<'a>(&mut self, o: Obj<'a, '_>, key: &str, non_empty: bool) -> Option<&'a str> {
        match o.map.get(key) {
            None | Some(Value::Null) => None,
            Some(_) => self.text(o, key, non_empty),
        }
    }

    /// A list field (absent: `None` silently; `null` or another type: an issue).
    pub fn list<'a>(&mut self, o: Obj<'a, '_>, key: &str) -> Option<&'a Vec<Value>> {
        let v = o.map.get(key)?;
        match v {
            Value::Array(a) => Some(a),
            _ => {
                self.wrong_type(
                    &child(o.ptr, key),
                    &format!("\"{key}\""),
                    v,
                    "a list ([ … ])",
                );
                None
            }
        }
    }

    /// A number field (absent: `None` silently; another type: an issue).
    pub fn number(&mut self, o: Obj<'_, '_>, key: &str) -> Option<f64> {
        let v = o.map.get(key)?;
        match v.as_f64() {
            Some(n) => Some(n),
            None => {
                self.wrong_type(&child(o.ptr, key), &format!("\"{key}\""), v, "a number");
                None
            }
        }
    }

    /// Each element of `list` as text, with its pointer; other types are reported.
    pub fn texts<'a>(&mut self, list: &'a [Value], ptr: &str, name: &str) -> Vec<(usize, &'a str)> {
        let mut out = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            match v {
                Value::String(s) => out.push((i, s.as_str())),
                _ => self.wrong_type(&item(ptr, i), name, v, "text"),
            }
        }
        out
    }
}

/// An example value for a field, for fixes.
fn example(what: &str, key: &str) -> &'static str {
    match key {
        "hours" if what == "hours exception" => "[\"10:00-14:00\"] ([] when closed)",
        "version" => "1",
        "retailers" | "products" | "variants" => "[ … ]",
        "currency" => "\"EUR\" (the ISO 4217 code of your prices)",
        "locale" => "\"en-US\"",
        "checkout" => "{\"kind\": \"shopify\", \"shop\": \"https://shop.example\"}",
        "allowed_hosts" => "[\"shop.example\"]",
        "kind" => "\"shopify\", \"woocommerce\" or \"template\"",
        "shop" => "\"https://shop.example\"",
        "url" => "\"https://shop.example/cart?sku={sku}&qty={quantity}\"",
        "location" => "{\"lat\": 52.5267, \"lon\": 13.4019}",
        "lat" | "lon" => "the coordinate in decimal degrees",
        "time_zone" => "\"Europe/Berlin\" (the IANA name)",
        "hours" => "{\"weekly\": {\"mon\": [\"10:00-18:00\"]}}",
        "weekly" => "{\"mon\": [\"10:00-18:00\"], …}",
        "date" => "\"2026-12-24\"",
        "name" => "the name",
        "category" => "\"sofa\"",
        "placement" => "\"floor\", \"wall\" or \"tabletop\"",
        "dimensions_mm" => "{\"width\": 2100, \"depth\": 920, \"height\": 830}",
        "width" | "depth" | "height" => "the size in millimetres",
        "model" => "{\"glb\": \"models/sofa.glb\"}",
        "glb" => "\"models/sofa.glb\"",
        "price" => "\"1299.00\"",
        "sku" => "your SKU",
        "id" => "a unique id such as \"oslo-sofa\"",
        _ => "…",
    }
}

/// The candidate `word` was probably meant to be: the same ignoring case, `-`/`_`/space, or
/// at most two edits away (one for short words).
pub(crate) fn closest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '-' | '_' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let w = norm(word);
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(&w, &norm(c));
        let allowed = if w.chars().count() <= 4 { 1 } else { 2 };
        if d <= allowed && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein plus adjacent swaps), over chars.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 {
        return a.len().abs_diff(b.len());
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        for j in 0..=b.len() {
            d[i * w + j] = if i == 0 {
                j
            } else if j == 0 {
                i
            } else {
                let cost = usize::from(a[i - 1] != b[j - 1]);
                let mut v = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = v.min(d[(i - 2) * w + j - 2] + 1);
                }
                v
            };
        }
    }
    d[a.len() * w + b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos() {
        let fields = ["dimensions_mm", "description", "placement"];
        assert_eq!(closest("dimension_mm", fields), Some("dimensions_mm"));
        assert_eq!(closest("Placement", fields), Some("placement"));
        assert_eq!(closest("colour", fields), None);
        assert_eq!(closest("mon", ["mon", "tue"]), Some("mon"));
        assert_eq!(closest("thr", ["thu", "tue"]), Some("thu"));
        assert_eq!(edit_distance("abcd", "abdc"), 1);
    }

    #[test]
    fn fields_suggest_instead_of_reporting_missing() {
        let v = serde_json::json!({"id": "a", "dimension_mm": {}});
        let mut ctx = Ctx::default();
        let o = ctx.object(&v, "/p", "product").unwrap();
        ctx.fields(o, "product", &["id", "dimensions_mm", "model"], &[]);
        let codes: Vec<_> = ctx
            .issues
            .iter()
            .map(|i| (i.code, i.pointer.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                (code::UNKNOWN_FIELD, "/p/dimension_mm"),
                (code::MISSING_FIELD, "/p/model")
            ]
        );
        assert_eq!(
            ctx.issues[0].fix.as_deref(),
            Some("Rename \"dimension_mm\" to \"dimensions_mm\".")
        );
    }
}
