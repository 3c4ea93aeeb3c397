//! Several retailers' catalogs as one collection: what the widget does with the catalog URLs a
//! shop page gives it. Pure: the caller fetches the files and hands in each URL with its text.
//!
//! Products are keyed `retailer/product`, so a retailer id may appear in one catalog only. A
//! catalog that is not JSON, a retailer that is not a valid retailer, a retailer id already
//! taken by an earlier catalog or a product id repeated within a retailer is reported as a
//! [`MergeIssue`] naming the catalog's URL and the JSON pointer, and only that part is left out:
//! every other retailer and product is kept.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use super::Retailer;

/// A retailer with the URL of the catalog it came from (its relative URLs are relative to it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourcedRetailer {
    /// The catalog's URL, as given.
    pub source: String,
    /// Where the retailer is in that catalog's `retailers`.
    pub index: usize,
    /// Where each kept product is in the retailer's `products` (a repeated id is left out).
    pub product_indices: Vec<usize>,
    /// The retailer, with the kept products only.
    pub retailer: Retailer,
}

/// Why part of a catalog was left out of the collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeIssue {
    /// The catalog's URL.
    pub url: String,
    /// JSON pointer into that catalog (`""`: the whole file).
    pub pointer: String,
    /// Machine-readable kind: `invalid-json`, `unsupported-version`, `invalid-retailer`,
    /// `duplicate-retailer`, `duplicate-product`.
    pub code: String,
    /// A sentence naming the URL and the field.
    pub message: String,
}

/// The merged collection.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Collection {
    /// Every retailer that could be read, in the order of the catalogs and within each catalog.
    pub retailers: Vec<SourcedRetailer>,
    /// What was left out, and why.
    pub issues: Vec<MergeIssue>,
}

impl Collection {
    /// A retailer by id.
    pub fn retailer(&self, id: &str) -> Option<&SourcedRetailer> {
        self.retailers.iter().find(|r| r.retailer.id == id)
    }
}

fn issue(url: &str, pointer: String, code: &str, message: String) -> MergeIssue {
    MergeIssue {
        url: url.to_owned(),
        pointer,
        code: code.to_owned(),
        message,
    }
}

/// Merges catalogs given as `(url, json text)`, in order (the first catalog to name a retailer
/// id keeps it).
pub fn merge<'a>(sources: impl IntoIterator<Item = (&'a str, &'a str)>) -> Collection {
    let mut out = Collection::default();
    // retailer id -> (catalog URL, pointer) of its first appearance
    let mut seen: BTreeMap<String, (String, String)> = BTreeMap::new();
    for (url, text) in sources {
        // Each retailer is read from its own slice of the text, so one broken retailer loses only
        // itself (and the wasm build has one JSON deserializer per type, from text).
        let doc: RawCatalog<'_> = match serde_json::from_str(text) {
            Ok(v) => v,
            Err(e) => {
                let (code, what) = if e.is_data() {
                    ("invalid-catalog", "not a catalog")
                } else {
                    ("invalid-json", "not JSON")
                };
                out.issues.push(issue(
                    url,
                    String::new(),
                    code,
                    format!(
                        "The catalog {url} is {what} (line {}, column {}): {}.",
                        e.line(),
                        e.column(),
                        strip_position(&e.to_string())
                    ),
                ));
                continue;
            }
        };
        let version = doc.version.map(|v| v.get().trim());
        if version != Some("1") {
            out.issues.push(issue(
                url,
                "/version".to_owned(),
                "unsupported-version",
                format!(
                    "The catalog {url} has version {}; roomfit reads version 1.",
                    version.unwrap_or("none")
                ),
            ));
            continue;
        }
        let Some(list) = doc.retailers else {
            out.issues.push(issue(
                url,
                "/retailers".to_owned(),
                "invalid-retailer",
                format!("The catalog {url} has no \"retailers\" list."),
            ));
            continue;
        };
        for (i, value) in list.iter().enumerate() {
            let ptr = format!("/retailers/{i}");
            let mut retailer: Retailer = match serde_json::from_str(value.get()) {
                Ok(r) => r,
                Err(e) => {
                    out.issues.push(issue(
                        url,
                        ptr,
                        "invalid-retailer",
                        format!(
                            "The retailer at /retailers/{i} of {url} was left out: {}.",
                            strip_position(&e.to_string())
                        ),
                    ));
                    continue;
                }
            };
            if let Some((first_url, first_ptr)) = seen.get(&retailer.id) {
                out.issues.push(issue(
                    url,
                    format!("{ptr}/id"),
                    "duplicate-retailer",
                    format!(
                        "The retailer id \"{}\" at {ptr}/id of {url} is already used at {first_ptr} of {first_url}, so this retailer was left out.",
                        retailer.id
                    ),
                ));
                continue;
            }
            let mut ids: BTreeMap<String, usize> = BTreeMap::new();
            let mut kept = Vec::with_capacity(retailer.products.len());
            let mut product_indices = Vec::with_capacity(retailer.products.len());
            for (j, p) in retailer.products.into_iter().enumerate() {
                if let Some(first) = ids.get(&p.id) {
                    out.issues.push(issue(
                        url,
                        format!("{ptr}/products/{j}/id"),
                        "duplicate-product",
                        format!(
                            "The product id \"{}\" at {ptr}/products/{j}/id of {url} is already used at {ptr}/products/{first}, so this product was left out.",
                            p.id
                        ),
                    ));
                    continue;
                }
                ids.insert(p.id.clone(), j);
                kept.push(p);
                product_indices.push(j);
            }
            retailer.products = kept;
            seen.insert(retailer.id.clone(), (url.to_owned(), ptr));
            out.retailers.push(SourcedRetailer {
                source: url.to_owned(),
                index: i,
                product_indices,
                retailer,
            });
        }
    }
    out
}

/// What goes wrong only when these catalogs are put together (on one page, as the widget
/// does): the issues of their [`merge`] that none of them has on its own, such as a retailer id
/// that two catalogs use. What a catalog gets wrong by itself is its own check's business.
pub fn conflicts<'a>(sources: &[(&'a str, &'a str)]) -> Vec<MergeIssue> {
    let alone: Vec<MergeIssue> = sources
        .iter()
        .flat_map(|&source| merge([source]).issues)
        .collect();
    merge(sources.iter().copied())
        .issues
        .into_iter()
        .filter(|i| {
            !alone
                .iter()
                .any(|a| a.url == i.url && a.pointer == i.pointer && a.code == i.code)
        })
        .collect()
}

/// A catalog file with its retailers still unread.
#[derive(Deserialize)]
struct RawCatalog<'a> {
    #[serde(borrow, default)]
    version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    retailers: Option<Vec<&'a RawValue>>,
}

/// serde_json's message without its " at line L column C" tail (the issue states it).
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn retailer(id: &str, products: &[&str]) -> String {
        let products: Vec<String> = products
            .iter()
            .map(|p| {
                format!(
                    r#"{{"id": "{p}", "name": {{"en": "{p}"}}, "category": "sofa", "placement": "floor",
                    "dimensions_mm": {{"width": 2000, "depth": 900, "height": 800}},
                    "model": {{"glb": "{p}.glb"}},
                    "variants": [{{"sku": "{id}-{p}", "name": {{"en": "One"}}, "price": "10.00"}}]}}"#
                )
            })
            .collect();
        format!(
            r#"{{"id": "{id}", "name": "{id}", "currency": "EUR", "locale": "en",
            "checkout": {{"kind": "shopify", "shop": "https://{id}.example"}},
            "allowed_hosts": ["{id}.example"], "products": [{}]}}"#,
            products.join(",")
        )
    }

    fn catalog(retailers: &[String]) -> String {
        format!(
            r#"{{"version": 1, "retailers": [{}]}}"#,
            retailers.join(",")
        )
    }

    fn keys(c: &Collection) -> Vec<String> {
        c.retailers
            .iter()
            .flat_map(|r| {
                r.retailer
                    .products
                    .iter()
                    .map(move |p| format!("{}/{}", r.retailer.id, p.id))
            })
            .collect()
    }

    #[test]
    fn merges_in_order_and_keeps_the_source() {
        let a = catalog(&[retailer("a", &["sofa", "chair"])]);
        let b = catalog(&[retailer("b", &["sofa"]), retailer("c", &["lamp"])]);
        let c = merge([("https://a.example/c.json", a.as_str()), ("/b.json", &b)]);
        assert_eq!(c.issues, vec![]);
        assert_eq!(keys(&c), ["a/sofa", "a/chair", "b/sofa", "c/lamp"]);
        assert_eq!(c.retailers[0].source, "https://a.example/c.json");
        assert_eq!(c.retailers[2].source, "/b.json");
        assert_eq!((c.retailers[2].index, c.retailers[1].index), (1, 0));
        assert_eq!(c.retailer("c").map(|r| r.source.as_str()), Some("/b.json"));
    }

    #[test]
    fn a_duplicate_retailer_is_left_out_and_named() {
        let a = catalog(&[retailer("a", &["sofa"])]);
        let b = catalog(&[retailer("b", &["lamp"]), retailer("a", &["chair"])]);
        let c = merge([("/a.json", a.as_str()), ("/b.json", &b)]);
        assert_eq!(keys(&c), ["a/sofa", "b/lamp"]);
        assert_eq!(c.issues.len(), 1);
        let i = &c.issues[0];
        assert_eq!(
            (i.url.as_str(), i.pointer.as_str(), i.code.as_str()),
            ("/b.json", "/retailers/1/id", "duplicate-retailer")
        );
        assert!(i.message.contains("/a.json"), "{}", i.message);
        assert!(i.message.contains("\"a\""), "{}", i.message);
    }

    #[test]
    fn a_broken_catalog_or_retailer_loses_only_itself() {
        let good = catalog(&[retailer("a", &["sofa"])]);
        let bad_retailer = retailer("b", &["x"]).replace(r#""currency": "EUR","#, "");
        let half = catalog(&[bad_retailer, retailer("c", &["lamp"])]);
        let c = merge([
            ("/good.json", good.as_str()),
            ("/broken.json", "{\"version\": 1, \"retailers\": ["),
            ("/v2.json", r#"{"version": 2, "retailers": []}"#),
            ("/list.json", r#"{"version": 1, "retailers": {}}"#),
            ("/none.json", r#"{"version": 1}"#),
            ("/half.json", &half),
        ]);
        assert_eq!(keys(&c), ["a/sofa", "c/lamp"]);
        let got: Vec<_> = c
            .issues
            .iter()
            .map(|i| (i.url.as_str(), i.pointer.as_str(), i.code.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("/broken.json", "", "invalid-json"),
                ("/v2.json", "/version", "unsupported-version"),
                ("/list.json", "", "invalid-catalog"),
                ("/none.json", "/retailers", "invalid-retailer"),
                ("/half.json", "/retailers/0", "invalid-retailer"),
            ]
        );
        assert!(
            c.issues[4].message.contains("currency"),
            "{}",
            c.issues[4].message
        );
        assert!(
            c.issues[0].message.contains("line 1"),
            "{}",
            c.issues[0].message
        );
    }

    #[test]
    fn conflicts_are_what_only_the_combination_gets_wrong() {
        let a = catalog(&[retailer("a", &["sofa"])]);
        // b repeats a product within itself (its own problem) and takes "a" (a conflict).
        let b = catalog(&[retailer("b", &["lamp", "lamp"]), retailer("a", &["chair"])]);
        let sources = [("a.json", a.as_str()), ("b.json", b.as_str())];
        let got: Vec<_> = conflicts(&sources)
            .into_iter()
            .map(|i| (i.url, i.pointer, i.code))
            .collect();
        assert_eq!(
            got,
            [(
                "b.json".to_owned(),
                "/retailers/1/id".to_owned(),
                "duplicate-retailer".to_owned()
            )]
        );
        assert_eq!(conflicts(&[("b.json", b.as_str())]), vec![]);
        assert_eq!(conflicts(&[("a.json", &a), ("c.json", "{")]), vec![]);
    }

    #[test]
    fn a_repeated_product_id_keeps_the_first() {
        let a = catalog(&[retailer("a", &["sofa", "lamp", "sofa"])]);
        let c = merge([("/a.json", a.as_str())]);
        assert_eq!(keys(&c), ["a/sofa", "a/lamp"]);
        assert_eq!(c.issues[0].pointer, "/retailers/0/products/2/id");
        assert_eq!(c.issues[0].code, "duplicate-product");
        assert_eq!(c.retailers[0].product_indices, [0, 1]);
    }

    #[test]
    fn the_sample_retailer_files_merge_into_the_whole_sample() {
        let files = crate::samples::generate();
        let text = |name: &str| {
            files
                .iter()
                .find(|f| f.name == name)
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                .unwrap_or_default()
        };
        let whole = super::super::parse(&text("catalog.json")).expect("sample parses");
        let parts: Vec<(String, String)> = whole
            .retailers
            .iter()
            .map(|r| {
                let name = format!("catalog-{}.json", r.id);
                let t = text(&name);
                (name, t)
            })
            .collect();
        let c = merge(parts.iter().map(|(u, t)| (u.as_str(), t.as_str())));
        assert_eq!(c.issues, vec![]);
        let merged: Vec<_> = c.retailers.into_iter().map(|r| r.retailer).collect();
        assert_eq!(merged, whole.retailers);
    }
}
