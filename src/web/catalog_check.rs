//! The retailer page's checker (`--features catalog-web`, `www/pkg/catalog/`): the same checks
//! as `roomfit catalog check` (`catalog::report::check`: the JSON, then every model) on files
//! the retailer dropped into the page, and the mechanical fixes (`catalog::fix`). Nothing is
//! fetched: a model is found among the dropped files by the file name its URL ends in.

use std::collections::BTreeMap;

use serde_json::json;
use wasm_bindgen::prelude::*;

use crate::catalog::{apply_fixes, conflicts, report};

use super::errors::js_error;

/// The most bytes of catalog JSON.
const MAX_CATALOG: usize = 8 * 1024 * 1024;

/// The dropped files and the check of a catalog against them.
#[wasm_bindgen]
#[derive(Default)]
pub struct CatalogCheck {
    files: BTreeMap<String, Vec<u8>>,
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

    /// Checks the catalog against the files: JSON `{report, fixed}` where `report` is exactly
    /// what `roomfit catalog check --json` prints (`{issues, errors, warnings}`) and `fixed` is
    /// `{json, applied: [{pointer, change}]}` when some issue has a mechanical fix, else null.
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
            let file = url.split(['?', '#']).next().unwrap_or(url);
            let file = percent_decode(file).ok_or("the path is not valid percent-encoded UTF-8")?;
            let name = file.rsplit('/').next().unwrap_or(&file);
            self.files
                .get(name)
                .cloned()
                .ok_or_else(|| format!("{file} (not among the dropped files)"))
        };
        let issues = report::check(catalog_json, &load);
        let fixed = apply_fixes(catalog_json, &issues);
        serde_json::to_string(&json!({ "report": report::to_json(&issues), "fixed": fixed }))
            .map_err(|e| js_error("internal", "", &e.to_string()))
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
