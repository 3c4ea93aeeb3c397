//! Similar products across retailers, for a side-by-side comparison.
//!
//! Two products are **similar** when they have the same category (ignoring ASCII case) and
//! placement, and each of their width, depth and height differs by at most
//! [`SIMILAR_TOLERANCE_MM`] or [`SIMILAR_TOLERANCE_PCT`] % of the compared product's (whichever
//! is larger). The closest come first: by the sum of the three differences, then by retailer
//! and product id. Pure: the merged [`Collection`](super::merge::Collection) in, rows out.

use serde::Serialize;

use super::merge::Collection;
use super::{Dimensions, Localized, Product, Retailer};

/// A size difference always allowed, in millimetres (10 cm).
pub const SIMILAR_TOLERANCE_MM: u32 = 100;
/// A size difference allowed in percent of the compared product's size.
pub const SIMILAR_TOLERANCE_PCT: u32 = 15;

/// One product in a comparison, its texts in the shopper's locale.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Compared {
    /// Retailer id.
    pub retailer: String,
    /// Retailer's display name.
    pub retailer_name: String,
    /// Product id.
    pub product: String,
    /// Product name in the shopper's locale (else the retailer's, English, any).
    pub name: String,
    /// Category.
    pub category: String,
    /// ISO 4217 currency of the prices.
    pub currency: String,
    /// The lowest variant price (decimal string, as in the catalog).
    pub price_min: String,
    /// The highest variant price.
    pub price_max: String,
    /// Real size.
    pub dimensions_mm: Dimensions,
    /// The product's materials, then any its variants add, each once, in the shopper's locale.
    pub materials: Vec<String>,
    /// Sum of the width, depth and height differences to the compared product, in mm (0 for
    /// the compared product itself).
    pub difference_mm: u32,
}

/// Why a comparison could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CompareError {
    /// No such retailer/product in the collection.
    #[error("there is no product {retailer}/{product} in the catalogs")]
    UnknownProduct {
        /// The retailer id asked for.
        retailer: String,
        /// The product id asked for.
        product: String,
    },
}

/// Whether `b`'s size is within the tolerance of `a`'s on every axis.
pub fn similar_size(a: Dimensions, b: Dimensions) -> bool {
    let close = |x: u32, y: u32| {
        let allowed = SIMILAR_TOLERANCE_MM.max(x.saturating_mul(SIMILAR_TOLERANCE_PCT) / 100);
        x.abs_diff(y) <= allowed
    };
    close(a.width, b.width) && close(a.depth, b.depth) && close(a.height, b.height)
}

/// Whether `b` is similar to `a` (see the module documentation).
pub fn similar(a: &Product, b: &Product) -> bool {
    a.category.eq_ignore_ascii_case(&b.category)
        && a.placement == b.placement
        && similar_size(a.dimensions_mm, b.dimensions_mm)
}

fn difference(a: Dimensions, b: Dimensions) -> u32 {
    a.width.abs_diff(b.width) + a.depth.abs_diff(b.depth) + a.height.abs_diff(b.height)
}

/// The text of `map` for `locale`: the exact tag, then its language, then `fallback` (the
/// retailer's locale) and its language, then English, then any.
pub fn localized<'a>(map: &'a Localized, locale: &str, fallback: &str) -> Option<&'a str> {
    let lang = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let find = |tag: &str| {
        map.iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(tag))
            .or_else(|| map.iter().find(|(k, _)| lang(k) == lang(tag)))
    };
    find(locale)
        .or_else(|| find(fallback))
        .or_else(|| find("en"))
        .or_else(|| map.iter().next())
        .map(|(_, v)| v.as_str())
}

fn row(r: &Retailer, p: &Product, reference: Dimensions, locale: &str) -> Compared {
    let price = |v: &super::Variant| v.price.parse::<f64>().unwrap_or(f64::NAN);
    let mut prices: Vec<&super::Variant> =
        p.variants.iter().filter(|v| !price(v).is_nan()).collect();
    prices.sort_by(|a, b| price(a).total_cmp(&price(b)));
    let mut materials: Vec<String> = Vec::new();
    for m in p
        .materials
        .iter()
        .chain(p.variants.iter().flat_map(|v| v.materials.iter()))
    {
        if let Some(text) = localized(m, locale, &r.locale) {
            if !materials.iter().any(|x| x == text) {
                materials.push(text.to_owned());
            }
        }
    }
    Compared {
        retailer: r.id.clone(),
        retailer_name: r.name.clone(),
        product: p.id.clone(),
        name: localized(&p.name, locale, &r.locale)
            .unwrap_or(&p.id)
            .to_owned(),
        category: p.category.clone(),
        currency: r.currency.clone(),
        price_min: prices.first().map_or_else(String::new, |v| v.price.clone()),
        price_max: prices.last().map_or_else(String::new, |v| v.price.clone()),
        dimensions_mm: p.dimensions_mm,
        materials,
        difference_mm: difference(reference, p.dimensions_mm),
    }
}

/// The product `retailer/product` first, then every similar product of the collection (any
/// retailer), closest first.
pub fn compare(
    collection: &Collection,
    retailer: &str,
    product: &str,
    locale: &str,
) -> Result<Vec<Compared>, CompareError> {
    let unknown = || CompareError::UnknownProduct {
        retailer: retailer.to_owned(),
        product: product.to_owned(),
    };
    let r = collection.retailer(retailer).ok_or_else(unknown)?;
    let p = r
        .retailer
        .products
        .iter()
        .find(|p| p.id == product)
        .ok_or_else(unknown)?;
    let mut others: Vec<Compared> = collection
        .retailers
        .iter()
        .flat_map(|o| o.retailer.products.iter().map(move |q| (&o.retailer, q)))
        .filter(|(o, q)| !(o.id == r.retailer.id && q.id == p.id) && similar(p, q))
        .map(|(o, q)| row(o, q, p.dimensions_mm, locale))
        .collect();
    others.sort_by(|a, b| {
        (a.difference_mm, &a.retailer, &a.product).cmp(&(b.difference_mm, &b.retailer, &b.product))
    });
    let mut out = vec![row(&r.retailer, p, p.dimensions_mm, locale)];
    out.extend(others);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::merge::merge;

    fn dims(width: u32, depth: u32, height: u32) -> Dimensions {
        Dimensions {
            width,
            depth,
            height,
        }
    }

    #[test]
    fn similar_size_is_10_cm_or_15_percent_per_axis() {
        let sofa = dims(2000, 900, 800);
        assert!(similar_size(sofa, dims(2300, 1000, 700)));
        assert!(
            !similar_size(sofa, dims(2301, 900, 800)),
            "15 % of 2000 is 300"
        );
        assert!(similar_size(sofa, dims(1700, 800, 900)));
        assert!(
            similar_size(sofa, dims(2000, 1035, 800)),
            "15 % of 900 is 135"
        );
        assert!(!similar_size(sofa, dims(2000, 1036, 800)));
        assert!(
            similar_size(sofa, dims(2000, 900, 920)),
            "15 % of 800 is 120"
        );
        assert!(!similar_size(sofa, dims(2000, 900, 921)));
        // Small items: 10 cm.
        assert!(similar_size(dims(300, 300, 300), dims(400, 200, 350)));
        assert!(!similar_size(dims(300, 300, 300), dims(401, 300, 300)));
    }

    #[test]
    fn localized_falls_back_from_region_to_language_to_retailer_to_english() {
        let m: Localized = [("de", "Eiche"), ("en", "oak"), ("zh-CN", "橡木")]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        assert_eq!(localized(&m, "de-AT", "en"), Some("Eiche"));
        assert_eq!(localized(&m, "zh-cn", "en"), Some("橡木"));
        assert_eq!(localized(&m, "zh-TW", "en"), Some("橡木"));
        assert_eq!(localized(&m, "fr", "de-DE"), Some("Eiche"));
        assert_eq!(localized(&m, "fr", "it"), Some("oak"));
        assert_eq!(localized(&Localized::new(), "fr", "it"), None);
    }

    fn product(id: &str, category: &str, d: Dimensions, prices: &[&str], mats: &str) -> String {
        let variants: Vec<String> = prices
            .iter()
            .enumerate()
            .map(|(i, p)| {
                format!(
                    r#"{{"sku": "{id}-{i}", "name": {{"en": "V{i}"}}, "price": "{p}", "gltf_variant": "V{i}",
                    "materials": [{{"en": "fabric {i}"}}]}}"#
                )
            })
            .collect();
        format!(
            r#"{{"id": "{id}", "name": {{"en": "{id} EN", "de": "{id} DE"}}, "category": "{category}",
            "placement": "floor", "dimensions_mm": {{"width": {}, "depth": {}, "height": {}}},
            "model": {{"glb": "{id}.glb"}}, "materials": [{mats}], "variants": [{}]}}"#,
            d.width,
            d.depth,
            d.height,
            variants.join(",")
        )
    }

    fn catalog(id: &str, currency: &str, products: &[String]) -> String {
        format!(
            r#"{{"version": 1, "retailers": [{{"id": "{id}", "name": "{id} Ltd", "currency": "{currency}",
            "locale": "en", "checkout": {{"kind": "shopify", "shop": "https://{id}.example"}},
            "allowed_hosts": ["{id}.example"], "products": [{}]}}]}}"#,
            products.join(",")
        )
    }

    #[test]
    fn compares_same_category_and_close_size_across_retailers() {
        let a = catalog(
            "a",
            "EUR",
            &[
                product(
                    "sofa",
                    "sofa",
                    dims(2100, 920, 830),
                    &["1299.00", "999.00"],
                    r#"{"en": "oak", "de": "Eiche"}"#,
                ),
                product("big-sofa", "sofa", dims(2800, 920, 830), &["1500.00"], ""),
                product("chair", "armchair", dims(2100, 920, 830), &["1.00"], ""),
            ],
        );
        let b = catalog(
            "b",
            "USD",
            &[
                product(
                    "couch",
                    "Sofa",
                    dims(2000, 950, 800),
                    &["1100"],
                    r#"{"en": "steel"}"#,
                ),
                product("near", "sofa", dims(2150, 920, 830), &["10.50"], ""),
            ],
        );
        let c = merge([("/a.json", a.as_str()), ("/b.json", &b)]);
        let rows = compare(&c, "a", "sofa", "de-DE").expect("known product");
        let ids: Vec<_> = rows
            .iter()
            .map(|r| format!("{}/{}", r.retailer, r.product))
            .collect();
        assert_eq!(ids, ["a/sofa", "b/near", "b/couch"]);
        let me = &rows[0];
        assert_eq!(
            (me.price_min.as_str(), me.price_max.as_str()),
            ("999.00", "1299.00")
        );
        assert_eq!(me.name, "sofa DE");
        assert_eq!(me.materials, ["Eiche", "fabric 0", "fabric 1"]);
        assert_eq!(me.difference_mm, 0);
        assert_eq!(rows[1].difference_mm, 50);
        assert_eq!(
            (rows[2].currency.as_str(), rows[2].difference_mm),
            ("USD", 100 + 30 + 30)
        );
        assert_eq!(rows[2].materials, ["steel", "fabric 0"]);
        assert_eq!(rows[2].retailer_name, "b Ltd");
        assert_eq!(
            compare(&c, "a", "nope", "en"),
            Err(CompareError::UnknownProduct {
                retailer: "a".into(),
                product: "nope".into()
            })
        );
    }

    #[test]
    fn the_sample_has_something_to_compare() {
        let files = crate::samples::generate();
        let text = |name: &str| {
            files
                .iter()
                .find(|f| f.name == name)
                .map(|f| String::from_utf8_lossy(&f.bytes).into_owned())
                .unwrap_or_default()
        };
        let t = text("catalog.json");
        let c = merge([("catalog.json", t.as_str())]);
        let rows = compare(&c, "nordhem", "oslo-armchair", "en").expect("in the sample");
        assert!(
            rows.iter().skip(1).any(|r| r.retailer != "nordhem"),
            "another retailer has a similar armchair: {rows:?}"
        );
        assert!(!rows[0].materials.is_empty(), "the sample lists materials");
    }
}
