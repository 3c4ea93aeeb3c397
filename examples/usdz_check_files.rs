//! Test tool (not a user example): checks USDZ files written elsewhere (by the browser build in
//! `www/tests/quicklook.test.mjs`) exactly as `tests/usdz.rs` checks the native ones.
//!
//! Usage: cargo run --example usdz_check_files -- MANIFEST.json
//!
//! MANIFEST: `{"cases": [{"name", "usdz": "file.usdz", "room": false, "items": [{"glb":
//! "models/x.glb", "transform": [16 numbers, column-major], "variant": "Forest" or ""}]}]}`.
//! `room: false` (one item) means the file was written as one product (`usdz::write_model`,
//! which records the variant's name); `true`, as a room (`usdz::write_room`).
//!
//! For every case it writes the same input natively beside the file (`NAME.native.usdz`) and
//! compares the bytes, computes what `tests/usdz_check.py` expects from the glTF side, and runs
//! that checker with the Python that has `pxr`. Prints one JSON line: `{"checked": {checker
//! summary} or null, "skipped": reason or null, "identical": [names], "different": [{"name",
//! "first_difference", "browser_bytes", "native_bytes"}]}`. Exit status 1 when the checker
//! failed, 2 on bad input.

#[path = "../tests/support/usdz_expect.rs"]
mod usdz_expect;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use glam::Mat4;
use roomfit::asset::Model;
use roomfit::usdz::{self, RoomItem};
use serde_json::{Value, json};

fn main() {
    match run() {
        Ok(code) => std::process::exit(code),
        Err(e) => {
            eprintln!("usdz_check_files: {e}");
            std::process::exit(2);
        }
    }
}

fn run() -> Result<i32, String> {
    let manifest = std::env::args()
        .nth(1)
        .ok_or("usage: usdz_check_files MANIFEST.json")?;
    let text = std::fs::read_to_string(&manifest).map_err(|e| format!("{manifest}: {e}"))?;
    let spec: Value = serde_json::from_str(&text).map_err(|e| format!("{manifest}: {e}"))?;
    let cases = spec["cases"].as_array().ok_or("no cases")?;

    // Every GLB loaded once, so that items of one model share it (as the browser build does).
    let mut models: HashMap<String, Model> = HashMap::new();
    for case in cases {
        for item in case["items"].as_array().ok_or("case without items")? {
            let glb = item["glb"].as_str().ok_or("item without glb")?.to_owned();
            if !models.contains_key(&glb) {
                models.insert(glb.clone(), usdz_expect::load(Path::new(&glb)));
            }
        }
    }

    let mut expectations = Vec::new();
    let mut identical = Vec::new();
    let mut different = Vec::new();
    for case in cases {
        let name = case["name"].as_str().ok_or("case without name")?;
        let file = PathBuf::from(case["usdz"].as_str().ok_or("case without usdz")?);
        let room = case["room"].as_bool().unwrap_or(false);
        let mut items = Vec::new();
        let mut label = None;
        for item in case["items"].as_array().ok_or("case without items")? {
            let model = &models[item["glb"].as_str().unwrap_or_default()];
            let cols: Vec<f32> = item["transform"]
                .as_array()
                .ok_or("item without transform")?
                .iter()
                .map(|v| v.as_f64().unwrap_or(f64::NAN) as f32)
                .collect();
            let cols: [f32; 16] = cols.try_into().map_err(|_| "a transform has 16 numbers")?;
            let variant = item["variant"].as_str().unwrap_or_default();
            let index = if variant.is_empty() {
                None
            } else {
                Some(
                    model
                        .variants
                        .iter()
                        .position(|v| v == variant)
                        .ok_or_else(|| format!("{name}: no variant {variant}"))?,
                )
            };
            if !room {
                label = (!variant.is_empty()).then(|| variant.to_owned());
            }
            items.push(RoomItem {
                model,
                transform: Mat4::from_cols_array(&cols),
                variant: index,
            });
        }
        let native = if room {
            usdz::write_room(&items)
        } else {
            let [item] = items.as_slice() else {
                return Err(format!("{name}: a single product has one item"));
            };
            usdz::write_model(item.model, label.as_deref())
        }
        .map_err(|e| format!("{name}: {e}"))?;
        let native_file = file.with_extension("native.usdz");
        std::fs::write(&native_file, &native).map_err(|e| e.to_string())?;
        let browser = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        if browser == native {
            identical.push(json!(name));
        } else {
            let first = browser
                .iter()
                .zip(&native)
                .position(|(a, b)| a != b)
                .unwrap_or(browser.len().min(native.len()));
            different.push(json!({
                "name": name, "first_difference": first,
                "browser_bytes": browser.len(), "native_bytes": native.len(),
            }));
        }
        expectations.push(usdz_expect::expect(name, &file, &items, label.as_deref()));
    }

    let expect_file = Path::new(&manifest).with_extension("expect.json");
    std::fs::write(
        &expect_file,
        serde_json::to_vec_pretty(&json!({ "cases": expectations })).map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let (checked, skipped, ok) = match usdz_expect::python() {
        None => (
            Value::Null,
            json!(
                "Python with usd-core (pxr) not found: run scripts/setup.sh, or set ROOMFIT_PYTHON"
            ),
            true,
        ),
        Some(python) => {
            let out = Command::new(&python)
                .arg("tests/usdz_check.py")
                .arg(&expect_file)
                .output()
                .map_err(|e| format!("{python}: {e}"))?;
            eprint!("{}", String::from_utf8_lossy(&out.stderr));
            let stdout = String::from_utf8_lossy(&out.stdout);
            let summary: Value = stdout
                .lines()
                .last()
                .and_then(|l| serde_json::from_str(l).ok())
                .ok_or_else(|| format!("usdz_check.py printed no summary:\n{stdout}"))?;
            (summary, Value::Null, out.status.success())
        }
    };
    println!(
        "{}",
        json!({ "checked": checked, "skipped": skipped, "identical": identical, "different": different })
    );
    Ok(if ok { 0 } else { 1 })
}
