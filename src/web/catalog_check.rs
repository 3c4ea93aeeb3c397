//! The retailer page's checker (`--features catalog-web`, `www/pkg/catalog/`): the same checks
//! as `roomfit catalog check` (`catalog::report::check`: the JSON, then every model) on files
//! the retailer dropped into the page, and the mechanical fixes (`catalog::fix`). Nothing is
//! fetched: a model is found among the dropped files by the file name its URL ends in.

use std::collections::BTreeMap;

use serde_json::json;
use wasm_bindgen::prelude::*;

use crate::catalog::{Patch, apply_fixes, conflicts, report, rescale_glb};

use super::errors::js_error;

/// The most bytes of catalog JSON.
const MAX_CATALOG: usize = 8 * 1024 * 1024;

/// The dropped files and the check of a catalog against them.
#[wasm_bindgen]
#[derive(Default)]
pub struct CatalogCheck {
    files: BTreeMap<String, Vec<u8>>,
}

/// The dropped file a model URL names: its last path segment, decoded (as `check` finds it).
fn file_name(url: &str) -> Option<String> {
    let path = url.split(['?', '#']).next().unwrap_or(url);
    let path = percent_decode(path)?;
    Some(path.rsplit('/').next().unwrap_or(&path).to_owned())
}

/// `%xx` escapes decoded (for file names in URLs); `None` when not valid UTF-8 after.
fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[wasm_bindgen]
impl CatalogCheck {
    /// No files yet.
    #[wasm_bindgen(constructor)]
    pub fn new() -> CatalogCheck {
        CatalogCheck::default()
    }

    /// Adds a dropped file (a GLB) by its name.
    pub fn add_file(&mut self, name: &str, bytes: Vec<u8>) {
        self.files.insert(name.to_owned(), bytes);
    }

    /// Checks the catalog against the files: JSON `{report, fixed, models}` where `report` is
    /// exactly what `roomfit catalog check --json` prints (`{issues, errors, warnings}`),
    /// `fixed` is `{json, applied: [{pointer, change}]}` when some issue has a mechanical fix to
    /// the catalog, else null, and `models` lists the dropped models at the wrong scale, whose
    /// fix is in the model (`[{pointer, file, num, den, scale}]`, see `fixed_model`).
    pub fn check(&self, catalog_json: &str) -> Result<String, JsValue> {
        if catalog_json.len() > MAX_CATALOG {
            return Err(js_error(
                "too-large",
                "",
                &format!("the catalog is over {MAX_CATALOG} bytes"),
            ));
        }
        // As the command line does with files beside the catalog.
        let load = |url: &str| -> Result<Vec<u8>, String> {
            let lower = url.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                return Err("remote files are not fetched offline".into());
            }
            if url.starts_with('/') {
                return Err("paths from the web server's root cannot be found offline".into());
            }
            let path = url.split(['?', '#']).next().unwrap_or(url);
            let path = percent_decode(path).ok_or("the path is not valid percent-encoded UTF-8")?;
            let name = path.rsplit('/').next().unwrap_or(&path);
            self.files
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{path} (not among the dropped files)"))
        };
        let issues = report::check(catalog_json, &load);
        let fixed = apply_fixes(catalog_json, &issues);
        // Models at the wrong scale: the fix is in the GLB, offered by `fixed_model`.
        let doc: serde_json::Value = serde_json::from_str(catalog_json).unwrap_or_default();
        let models: Vec<serde_json::Value> = issues
            .iter()
            .filter_map(|i| {
                let Some(Patch::ScaleModel { num, den }) = i.patch else {
                    return None;
                };
                let url = doc.pointer(&i.pointer)?.as_str()?;
                let file = file_name(url)?;
                self.files.contains_key(&file).then(|| {
                    json!({ "pointer": i.pointer, "file": file, "num": num, "den": den,
                            "scale": f64::from(num) / f64::from(den) })
                })
            })
            .collect();
        serde_json::to_string(
            &json!({ "report": report::to_json(&issues), "fixed": fixed, "models": models }),
        )
        .map_err(|e| js_error("internal", "", &e.to_string()))
    }

    /// The dropped model `file` scaled by `num / den` (a `models` entry of [`CatalogCheck::check`]:
    /// a model exported at the wrong scale), as GLB bytes.
    pub fn fixed_model(&self, file: &str, num: u32, den: u32) -> Result<Vec<u8>, JsValue> {
        let glb = self.files.get(file).ok_or_else(|| {
            js_error(
                "unknown-file",
                "",
                &format!("{file} is not among the dropped files"),
            )
        })?;
        rescale_glb(glb, num, den).map_err(|e| js_error("rescale", "", &e.to_string()))
    }

    /// What goes wrong only when these catalogs are shown together (as the element merges the
    /// URLs it is given): JSON `[{url, pointer, code, message}]` (`catalog::conflicts`), where
    /// `url` is the file's name. `names` and `texts` pair up; each catalog is checked on its own
    /// by [`CatalogCheck::check`].
    pub fn conflicts(&self, names: Vec<String>, texts: Vec<String>) -> Result<String, JsValue> {
        if names.len() != texts.len() {
            return Err(js_error(
                "invalid-argument",
                "",
                "names and texts differ in length",
            ));
        }
        if texts.iter().map(String::len).sum::<usize>() > 4 * MAX_CATALOG {
            return Err(js_error(
                "too-large",
                "",
                &format!("the catalogs are over {} bytes together", 4 * MAX_CATALOG),
            ));
        }
        let sources: Vec<(&str, &str)> = names
            .iter()
            .zip(&texts)
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        serde_json::to_string(&conflicts(&sources))
            .map_err(|e| js_error("internal", "", &e.to_string()))
    }
}
