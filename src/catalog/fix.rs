//! The mechanical fixes: what can be corrected in a catalog without asking the retailer
//! (dimensions written in centimetres or inches instead of millimetres, or 100 times too small
//! for their model; `http://` instead of `https://`). Pure: the catalog's JSON text and its
//! issues in, the corrected text out. A model at the wrong scale is fixed in the model, not
//! here: [`super::rescale::rescale_glb`].
//!
//! The corrected file is written with two-space indentation and its object keys in
//! alphabetical order (serde_json's map), so it may be ordered differently from the original.

use serde::Serialize;
use serde_json::Value;

use super::issue::{Issue, Patch};

/// One change made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Applied {
    /// JSON pointer of the changed value.
    pub pointer: String,
    /// What was changed, as a sentence.
    pub change: String,
}

/// The corrected catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fixed {
    /// The corrected catalog, pretty-printed JSON with a trailing newline.
    pub json: String,
    /// What was changed, in the order of the issues.
    pub applied: Vec<Applied>,
}

/// Applies every issue's [`Patch`] to the catalog. `None` when no issue has one, when the
/// text is not JSON, or when no patch could be applied (the value at its pointer is not what
/// the patch expects, so nothing is changed blindly).
pub fn apply_fixes(catalog_json: &str, issues: &[Issue]) -> Option<Fixed> {
    if !issues.iter().any(|i| i.patch.is_some()) {
        return None;
    }
    let mut doc: Value = serde_json::from_str(catalog_json).ok()?;
    let mut applied = Vec::new();
    for issue in issues {
        let Some(patch) = issue.patch else { continue };
        let Some(target) = doc.pointer_mut(&issue.pointer) else {
            continue;
        };
        let change = match patch {
            Patch::Https => https(target),
            Patch::ScaleDimensions { num, den } => scale(target, num, den),
            // The model is wrong, not the catalog (see `rescale_glb`).
            Patch::ScaleModel { .. } => None,
        };
        if let Some(change) = change {
            applied.push(Applied {
                pointer: issue.pointer.clone(),
                change,
            });
        }
    }
    if applied.is_empty() {
        return None;
    }
    let mut json = serde_json::to_string_pretty(&doc).ok()?;
    json.push('\n');
    Some(Fixed { json, applied })
}

fn https(v: &mut Value) -> Option<String> {
    let s = v.as_str()?;
    let rest = s
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("http://"))
        .map(|_| &s[7..])?;
    let new = format!("https://{rest}");
    let change = format!("\"{s}\" → \"{new}\"");
    *v = Value::String(new);
    Some(change)
}

fn scale(v: &mut Value, num: u32, den: u32) -> Option<String> {
    if den == 0 {
        return None;
    }
    let o = v.as_object_mut()?;
    let axes = ["width", "depth", "height"];
    let old: Vec<u64> = axes
        .iter()
        .map(|a| o.get(*a).and_then(Value::as_u64))
        .collect::<Option<_>>()?;
    let new: Vec<u64> = old
        .iter()
        .map(|&x| (x * u64::from(num) + u64::from(den) / 2) / u64::from(den))
        .collect();
    for (a, n) in axes.iter().zip(&new) {
        o.insert((*a).to_owned(), Value::from(*n));
    }
    let factor = if num.is_multiple_of(den) {
        (num / den).to_string()
    } else {
        format!("{}", f64::from(num) / f64::from(den))
    };
    Some(format!(
        "width × depth × height {} × {} × {} → {} × {} × {} mm (×{factor})",
        old[0], old[1], old[2], new[0], new[1], new[2]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::code;

    fn issue(pointer: &str, patch: Option<Patch>) -> Issue {
        let i = Issue::error(pointer, code::INSECURE_URL, "m");
        match patch {
            Some(p) => i.with_patch(p),
            None => i,
        }
    }

    const DOC: &str = r#"{"version": 1, "retailers": [{"logo": "http://a.example/l.png",
        "products": [{"dimensions_mm": {"width": 210, "depth": 92, "height": 83}},
                     {"dimensions_mm": {"width": 33, "depth": 35, "height": 31}}]}]}"#;

    #[test]
    fn scales_dimensions_and_upgrades_http() {
        let issues = [
            issue("/retailers/0/logo", Some(Patch::Https)),
            issue(
                "/retailers/0/products/0/dimensions_mm",
                Some(Patch::ScaleDimensions { num: 100, den: 10 }),
            ),
            issue(
                "/retailers/0/products/1/dimensions_mm",
                Some(Patch::ScaleDimensions { num: 254, den: 10 }),
            ),
            issue("/retailers/0/name", None),
        ];
        let fixed = apply_fixes(DOC, &issues).expect("fixable");
        let v: Value = serde_json::from_str(&fixed.json).expect("JSON");
        assert_eq!(v["retailers"][0]["logo"], "https://a.example/l.png");
        let d = |j: usize| {
            let d = &v["retailers"][0]["products"][j]["dimensions_mm"];
            [
                d["width"].as_u64(),
                d["depth"].as_u64(),
                d["height"].as_u64(),
            ]
        };
        assert_eq!(d(0), [Some(2100), Some(920), Some(830)]);
        // 33 × 25.4 = 838.2, 35 × 25.4 = 889, 31 × 25.4 = 787.4
        assert_eq!(d(1), [Some(838), Some(889), Some(787)]);
        assert_eq!(fixed.applied.len(), 3);
        assert_eq!(
            fixed.applied[0].change,
            "\"http://a.example/l.png\" → \"https://a.example/l.png\""
        );
        assert_eq!(
            fixed.applied[2].change,
            "width × depth × height 33 × 35 × 31 → 838 × 889 × 787 mm (×25.4)"
        );
        assert!(fixed.json.ends_with("}\n"));
    }

    #[test]
    fn nothing_to_do_or_nothing_matching_changes_nothing() {
        assert_eq!(apply_fixes(DOC, &[issue("/retailers/0/logo", None)]), None);
        // The pointer does not hold what the patch expects.
        let wrong = [
            issue("/retailers/0/products/0/dimensions_mm", Some(Patch::Https)),
            issue(
                "/retailers/0/logo",
                Some(Patch::ScaleDimensions { num: 10, den: 1 }),
            ),
            issue("/retailers/9", Some(Patch::Https)),
        ];
        assert_eq!(apply_fixes(DOC, &wrong), None);
        assert_eq!(apply_fixes("{", &[issue("", Some(Patch::Https))]), None);
    }
}
