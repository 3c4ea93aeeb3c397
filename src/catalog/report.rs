//! A whole check (the JSON, then the models) and its report: issues grouped by retailer, store
//! and product as text, or as JSON for programs.

use serde_json::{Value, json};

use super::issue::Issue;
use super::{check_models, parse, validate};

/// Validates `catalog_json` and, when it can be read as a catalog, checks its models too
/// ([`check_models`]; `load` returns a model's bytes by its URL as written in the catalog).
/// Every issue, the catalog's first.
pub fn check(catalog_json: &str, load: &dyn Fn(&str) -> Result<Vec<u8>, String>) -> Vec<Issue> {
    let mut issues = validate(catalog_json);
    if let Ok(catalog) = parse(catalog_json) {
        issues.extend(check_models(&catalog, load));
    }
    issues
}

/// Numbers of errors and warnings.
pub fn counts(issues: &[Issue]) -> (usize, usize) {
    let errors = issues.iter().filter(|i| i.is_error()).count();
    (errors, issues.len() - errors)
}

/// "no issues", "1 error", "2 errors, 1 warning".
pub fn summary(issues: &[Issue]) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match counts(issues) {
        (0, 0) => "no issues".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    }
}

/// `{"issues": [...], "errors": N, "warnings": M}`.
pub fn to_json(issues: &[Issue]) -> Value {
    let (errors, warnings) = counts(issues);
    json!({"issues": issues, "errors": errors, "warnings": warnings})
}

/// Where an issue belongs: the file, a retailer, or one of its stores or products. Ordered as
/// the file is: each retailer, then its stores, then its products.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Group {
    File,
    Retailer(usize),
    Store(usize, usize),
    Product(usize, usize),
}

impl Group {
    fn key(self) -> (usize, usize, usize) {
        match self {
            Group::File => (0, 0, 0),
            Group::Retailer(i) => (i + 1, 0, 0),
            Group::Store(i, k) => (i + 1, 1, k),
            Group::Product(i, j) => (i + 1, 2, j),
        }
    }
}

fn group_of(pointer: &str) -> Group {
    let mut parts = pointer.split('/').skip(1);
    let (Some("retailers"), Some(Ok(i))) = (parts.next(), parts.next().map(str::parse::<usize>))
    else {
        return Group::File;
    };
    match (parts.next(), parts.next().map(str::parse::<usize>)) {
        (Some("stores"), Some(Ok(k))) => Group::Store(i, k),
        (Some("products"), Some(Ok(j))) => Group::Product(i, j),
        _ => Group::Retailer(i),
    }
}

/// The issues as text, grouped under a heading per retailer, store and product (named by their
/// ids from `catalog`, the JSON that was checked, when it is readable), one issue a line:
/// `  error /pointer: message (fix: …)`.
pub fn to_text(issues: &[Issue], catalog_json: &str) -> String {
    let doc: Value = serde_json::from_str(catalog_json).unwrap_or(Value::Null);
    let id = |ptr: String| {
        doc.pointer(&format!("{ptr}/id"))
            .and_then(Value::as_str)
            .map(|s| format!("\"{s}\""))
    };
    let retailer = |i: usize| id(format!("/retailers/{i}")).unwrap_or_else(|| format!("#{i}"));
    let heading = |g: Group| match g {
        Group::File => "the file".to_string(),
        Group::Retailer(i) => format!("retailer {} (/retailers/{i})", retailer(i)),
        Group::Store(i, k) => format!(
            "retailer {}, store {} (/retailers/{i}/stores/{k})",
            retailer(i),
            id(format!("/retailers/{i}/stores/{k}")).unwrap_or_else(|| format!("#{k}"))
        ),
        Group::Product(i, j) => format!(
            "retailer {}, product {} (/retailers/{i}/products/{j})",
            retailer(i),
            id(format!("/retailers/{i}/products/{j}")).unwrap_or_else(|| format!("#{j}"))
        ),
    };
    let mut sorted: Vec<(Group, &Issue)> =
        issues.iter().map(|i| (group_of(&i.pointer), i)).collect();
    sorted.sort_by_key(|(g, _)| g.key());
    let mut out = String::new();
    let mut current = None;
    for (g, issue) in sorted {
        if current != Some(g) {
            if current.is_some() {
                out.push('\n');
            }
            out.push_str(&heading(g));
            out.push('\n');
            current = Some(g);
        }
        out.push_str("  ");
        out.push_str(&issue.to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::code;

    #[test]
    fn groups_and_summary() {
        let json = r#"{"retailers": [{"id": "nordhem", "products": [{"id": "oslo-sofa"}]}]}"#;
        let issues = [
            Issue::warning(
                "/retailers/0/products/0/model/glb",
                code::TEXTURE_TOO_LARGE,
                "Big.",
            ),
            Issue::error("/retailers/0/currency", code::UNKNOWN_CURRENCY, "No.").with_fix("EUR."),
            Issue::error("/version", code::UNSUPPORTED_VERSION, "Two."),
            Issue::error("/retailers/0/products/0/price", code::INVALID_PRICE, "Bad."),
            Issue::error("/retailers/1/id", code::DUPLICATE_RETAILER_ID, "Again."),
        ];
        assert_eq!(
            to_text(&issues, json),
            "the file\n  error /version: Two.\n\n\
             retailer \"nordhem\" (/retailers/0)\n  error /retailers/0/currency: No. (fix: EUR.)\n\n\
             retailer \"nordhem\", product \"oslo-sofa\" (/retailers/0/products/0)\n  \
             warning /retailers/0/products/0/model/glb: Big.\n  error /retailers/0/products/0/price: Bad.\n\n\
             retailer #1 (/retailers/1)\n  error /retailers/1/id: Again.\n"
        );
        assert_eq!(summary(&issues), "4 errors, 1 warning");
        assert_eq!(summary(&issues[..1]), "1 warning");
        assert_eq!(summary(&[]), "no issues");
        assert_eq!(to_json(&issues)["errors"], 4);
        assert_eq!(to_json(&issues)["issues"][1]["severity"], "error");
        assert_eq!(to_json(&issues)["issues"][0]["fix"], Value::Null);
    }
}
