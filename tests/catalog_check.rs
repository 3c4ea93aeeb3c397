//! Catalog validation end to end: the sample catalog has no issues; each broken catalog of the
//! corpus in `tests/catalogs/` (made by `tests/catalogs/make.mjs`, one mistake each) produces
//! exactly the issue `tests/catalogs/expected.json` names; validation agrees with the parser;
//! and `roomfit catalog check` prints, exits and reports JSON as documented.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use roomfit::catalog::{self, Issue, Severity, report};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus() -> PathBuf {
    root().join("tests/catalogs")
}

/// Loads model URLs as the CLI does: files relative to `dir`; remote URLs are not fetched.
fn loader(dir: &Path) -> impl Fn(&str) -> Result<Vec<u8>, String> + '_ {
    move |url: &str| {
        if url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/') {
            return Err("remote files are not fetched offline".into());
        }
        std::fs::read(dir.join(url)).map_err(|e| e.to_string())
    }
}

fn check_file(path: &Path) -> Vec<Issue> {
    let text = std::fs::read_to_string(path).unwrap();
    let dir = path.parent().unwrap();
    report::check(&text, &loader(dir))
}

fn severity(s: &str) -> Severity {
    match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        other => panic!("expected.json: unknown severity {other}"),
    }
}

fn expected() -> serde_json::Map<String, Value> {
    let text = std::fs::read_to_string(corpus().join("expected.json")).unwrap();
    serde_json::from_str::<Value>(&text)
        .unwrap()
        .as_object()
        .unwrap()
        .clone()
}

#[test]
fn the_sample_catalog_has_no_issues() {
    let path = root().join("models/catalog.json");
    let issues = check_file(&path);
    assert!(
        issues.is_empty(),
        "models/catalog.json:\n{}",
        report::to_text(&issues, &std::fs::read_to_string(&path).unwrap())
    );
}

#[test]
fn the_example_in_docs_catalog_md_has_no_issues() {
    let doc = std::fs::read_to_string(root().join("docs/catalog.md")).unwrap();
    let start = doc.find("```json\n").unwrap() + 8;
    let end = start + doc[start..].find("```").unwrap();
    let example = &doc[start..end];
    let issues = catalog::validate(example);
    assert!(issues.is_empty(), "{}", report::to_text(&issues, example));
}

#[test]
fn every_broken_catalog_gives_exactly_its_issue() {
    let mut failures = Vec::new();
    for (file, want) in expected() {
        let issues = check_file(&corpus().join(&file));
        let want = (
            want["pointer"].as_str().unwrap().to_string(),
            severity(want["severity"].as_str().unwrap()),
            want["code"].as_str().unwrap().to_string(),
        );
        let got: Vec<_> = issues
            .iter()
            .map(|i| (i.pointer.clone(), i.severity, i.code.to_string()))
            .collect();
        if got != [want.clone()] {
            failures.push(format!("{file}: want only {want:?}, got {got:?}"));
            continue;
        }
        let issue = &issues[0];
        assert!(
            catalog::code::ALL.contains(&issue.code),
            "{file}: {}",
            issue.code
        );
        assert!(
            issue.message.ends_with('.') && issue.message.len() > 20,
            "{file}: the message should be a sentence: {}",
            issue.message
        );
        assert!(
            issue.fix.is_some(),
            "{file}: every corpus issue has a suggested fix"
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

#[test]
fn the_corpus_is_complete() {
    let expected = expected();
    let on_disk: BTreeSet<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json") && n != "expected.json")
        .collect();
    let listed: BTreeSet<String> = expected.keys().cloned().collect();
    assert_eq!(
        on_disk, listed,
        "every corpus catalog is in expected.json, and only those"
    );
    assert!(listed.len() >= 20);
    let codes: BTreeSet<&str> = expected
        .values()
        .map(|v| v["code"].as_str().unwrap())
        .collect();
    for must in [
        "model-wrong-scale",
        "model-missing-variant",
        "missing-field",
        "unknown-currency",
        "insecure-url",
        "unsafe-url-scheme",
        "host-not-allowed",
        "duplicate-sku",
        "duplicate-product-id",
        "unknown-time-zone",
        "invalid-hours",
        "overlapping-hours",
        "coordinates-out-of-range",
        "unknown-on-display-sku",
        "unknown-placeholder",
        "missing-checkout-id",
        "wall-item-too-deep",
        "texture-too-large",
        "missing-default-locale-name",
        "invalid-dimension",
        "invalid-swatch",
    ] {
        assert!(codes.contains(must), "the corpus covers {must}");
    }
}

/// A small catalog (the sample's first retailer with one store and one product) to mutate.
fn small_catalog() -> Value {
    let text = std::fs::read_to_string(root().join("models/catalog.json")).unwrap();
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let r = v["retailers"][0].clone();
    let mut r = r;
    r["stores"] = Value::Array(vec![r["stores"][0].clone()]);
    r["stores"][0]["on_display"] = serde_json::json!(["NH-OSLO-3S-OAT"]);
    r["products"] = Value::Array(vec![r["products"][0].clone()]);
    v["retailers"] = Value::Array(vec![r]);
    v
}

fn paths(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let p = format!("{at}/{}", k.replace('~', "~0").replace('/', "~1"));
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let p = format!("{at}/{i}");
                out.push(p.clone());
                paths(x, p, out);
            }
        }
        _ => {}
    }
}

/// Removing any field or replacing any value by another type never panics, is always
/// reported at (or inside) the place that changed or where it is used, and validation has no
/// errors exactly when the parser accepts the catalog.
#[test]
fn validation_agrees_with_the_parser_under_every_mutation() {
    let base = small_catalog();
    assert!(catalog::validate_value(&base).is_empty());
    let mut all = Vec::new();
    paths(&base, String::new(), &mut all);
    let replacements = [
        Value::Null,
        serde_json::json!(0),
        serde_json::json!(-1.5),
        serde_json::json!(""),
        serde_json::json!("x"),
        serde_json::json!([]),
        serde_json::json!({}),
    ];
    let mut checked = 0;
    for path in &all {
        let (parent, key) = path.rsplit_once('/').unwrap();
        let mut variants = Vec::new();
        let mut removed = base.clone();
        match removed.pointer_mut(parent).unwrap() {
            Value::Object(m) => {
                m.remove(&key.replace("~1", "/").replace("~0", "~"));
            }
            Value::Array(a) => {
                a.remove(key.parse::<usize>().unwrap());
            }
            _ => unreachable!(),
        }
        variants.push(("removed".to_string(), removed));
        for r in &replacements {
            let mut changed = base.clone();
            *changed.pointer_mut(path).unwrap() = r.clone();
            variants.push((format!("set to {r}"), changed));
        }
        for (what, v) in variants {
            let issues = catalog::validate_value(&v);
            let parses = serde_json::from_value::<catalog::Catalog>(v.clone()).is_ok();
            let errors = issues.iter().any(Issue::is_error);
            assert!(
                !issues
                    .iter()
                    .any(|i| i.code == catalog::code::INVALID_SHAPE),
                "{path} {what}: only the safety net noticed: {issues:?}"
            );
            assert!(
                parses || errors,
                "{path} {what}: the parser refuses it, validation has no error"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "{checked}");
}

fn roomfit(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_roomfit"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn cli_catalog_check() {
    let (status, out) = roomfit(&["catalog", "check", "models/catalog.json"]);
    assert_eq!(
        (status, out.as_str()),
        (0, "models/catalog.json: no issues\n")
    );

    let broken = "tests/catalogs/01-model-cm-exported-as-m.json";
    let (status, out) = roomfit(&["catalog", "check", broken]);
    assert_eq!(status, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "retailer \"maple-grain\", product \"harvest-dining-table\" (/retailers/1/products/0)"
    );
    assert!(
        lines[1].starts_with(
            "  error /retailers/1/products/0/model/glb: The model is 100 times larger"
        ) && lines[1].contains("centimetres")
            && lines[1].ends_with(")"),
        "{}",
        lines[1]
    );
    assert_eq!(lines.last(), Some(&format!("{broken}: 1 error").as_str()));

    // Warnings only: exit status 0.
    let (status, _) = roomfit(&[
        "catalog",
        "check",
        "tests/catalogs/07-texture-too-large.json",
    ]);
    assert_eq!(status, 0);

    let (status, out) = roomfit(&["catalog", "check", broken, "--json"]);
    assert_eq!(status, 1);
    let json: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 0);
    assert_eq!(json["issues"][0]["code"], "model-wrong-scale");
    assert_eq!(json["issues"][0]["severity"], "error");
    assert_eq!(
        json["issues"][0]["pointer"],
        "/retailers/1/products/0/model/glb"
    );

    let (status, _) = roomfit(&["catalog", "check", "no/such/catalog.json"]);
    assert_eq!(status, 2);
}

/// `docs/catalog.schema.json` is the schema the Rust types generate now
/// (`ROOMFIT_UPDATE_SCHEMA=1 cargo test --test catalog_check` rewrites it).
#[test]
fn the_committed_json_schema_is_current() {
    let path = root().join("docs/catalog.schema.json");
    let generated = format!(
        "{}\n",
        serde_json::to_string_pretty(&catalog::schema::json_schema()).unwrap()
    );
    if std::env::var_os("ROOMFIT_UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/catalog.schema.json is out of date; run ROOMFIT_UPDATE_SCHEMA=1 cargo test --test catalog_check"
    );
    let schema: Value = serde_json::from_str(&generated).unwrap();
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["required"],
        serde_json::json!(["version", "retailers"])
    );
    let defs = schema["$defs"].as_object().unwrap();
    for def in [
        "Retailer", "Store", "Product", "Variant", "Checkout", "Booking",
    ] {
        assert!(defs.contains_key(def), "{def}");
    }
}
