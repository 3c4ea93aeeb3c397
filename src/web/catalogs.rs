//! Several retailers' catalogs merged into one collection, and the side-by-side comparison of
//! similar products, for the browser (in the handoff build, `www/pkg/handoff/`, which the
//! element loads only when a page gives it catalogs: the WebGPU build does not grow). The page
//! fetches the files; this only reads them (`catalog::merge`, `catalog::compare`).

use serde::Serialize;
use wasm_bindgen::prelude::*;

use crate::catalog::{self, Collection, Dimensions};
use crate::room::{Lang, Units};

use super::errors::js_error;

/// The most bytes of one catalog's JSON.
const MAX_CATALOG: usize = 8 * 1024 * 1024;

/// The merged catalogs of one page.
#[wasm_bindgen]
pub struct Catalogs {
    collection: Collection,
}

/// One row of a comparison with its size written in the shopper's units.
#[derive(Serialize)]
struct Row<'a> {
    #[serde(flatten)]
    compared: &'a catalog::Compared,
    /// `210 × 92 × 83 cm` or `82⅝ × 36¼ × 32⅝ in`.
    dimensions: String,
}

fn to_json<T: Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|e| js_error("internal", "", &e.to_string()))
}

#[wasm_bindgen]
impl Catalogs {
    /// Merges the catalogs: `urls[i]` is where `texts[i]` came from (relative URLs in it are
    /// relative to that). A catalog over 8 MB is reported like a broken one.
    #[wasm_bindgen(constructor)]
    pub fn new(urls: Vec<String>, texts: Vec<String>) -> Result<Catalogs, JsValue> {
        if urls.len() != texts.len() {
            return Err(js_error(
                "invalid-input",
                "",
                "Catalogs: as many URLs as texts are needed",
            ));
        }
        let mut too_big = Vec::new();
        let sources = urls.iter().zip(&texts).filter_map(|(u, t)| {
            if t.len() > MAX_CATALOG {
                too_big.push(catalog::MergeIssue {
                    url: u.clone(),
                    pointer: String::new(),
                    code: "too-large".into(),
                    message: format!(
                        "The catalog {u} is {} bytes, over the {MAX_CATALOG}-byte limit.",
                        t.len()
                    ),
                });
                None
            } else {
                Some((u.as_str(), t.as_str()))
            }
        });
        let mut collection = catalog::merge(sources);
        too_big.append(&mut collection.issues);
        collection.issues = too_big;
        Ok(Catalogs { collection })
    }

    /// Which parts of the catalogs were kept, in order, JSON `[{source, index, products}]`:
    /// retailer `index` of the catalog at `source`, with its products at those indices. (The
    /// page already holds the catalogs' JSON; sending back only indices keeps the catalog
    /// types' serializers out of this build.)
    pub fn kept(&self) -> Result<String, JsValue> {
        #[derive(Serialize)]
        struct Kept<'a> {
            source: &'a str,
            index: usize,
            products: &'a [usize],
        }
        let kept: Vec<Kept<'_>> = self
            .collection
            .retailers
            .iter()
            .map(|r| Kept {
                source: &r.source,
                index: r.index,
                products: &r.product_indices,
            })
            .collect();
        to_json(&kept)
    }

    /// What was left out and why: `[{url, pointer, code, message}]`, JSON.
    pub fn issues(&self) -> Result<String, JsValue> {
        to_json(&self.collection.issues)
    }

    /// `retailer/product` first, then the similar products of every catalog, closest first
    /// (`catalog::compare` defines "similar"), with texts in `locale` and sizes in its units
    /// (`units`: `metric`, `imperial`, or empty for the locale's); JSON
    /// `[{retailer, retailer_name, product, name, category, currency, price_min, price_max,
    /// dimensions_mm, dimensions, materials, difference_mm}]`.
    pub fn compare(
        &self,
        retailer: &str,
        product: &str,
        locale: &str,
        units: &str,
    ) -> Result<String, JsValue> {
        let rows = catalog::compare(&self.collection, retailer, product, locale)
            .map_err(|e| js_error("unknown-product", "", &e.to_string()))?;
        let units = match units {
            "metric" => Units::Metric,
            "imperial" => Units::Imperial,
            _ => Units::for_locale(locale),
        };
        // The label in the locale's language too ("86 × 88 × 80 厘米" in Simplified Chinese).
        let lang = Lang::for_locale(locale);
        let label = |d: Dimensions| lang.dimensions(units, d);
        let rows: Vec<Row<'_>> = rows
            .iter()
            .map(|c| Row {
                compared: c,
                dimensions: label(c.dimensions_mm),
            })
            .collect();
        to_json(&rows)
    }
}
