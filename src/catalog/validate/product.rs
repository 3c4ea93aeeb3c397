//! A retailer's products and their variants.

use std::collections::BTreeMap;

use serde_json::Value;

use super::locale::check_localized;
use super::money::{PriceProblem, check_price};
use super::shape::{Ctx, Obj, child, closest, item};
use super::url::{self, Rule};
use crate::catalog::issue::{Issue, code};

/// The categories `docs/catalog.md` lists.
pub(crate) const CATEGORIES: &[&str] = &[
    "sofa",
    "armchair",
    "chair",
    "table",
    "coffee-table",
    "lamp",
    "storage",
    "rug",
    "wall-art",
];

const PLACEMENTS: &[&str] = &["floor", "wall", "tabletop"];

/// Dimensions from 10 m up are not furniture for a room.
const MAX_PLAUSIBLE_MM: u64 = 10_000;

/// The retailer's checkout, as far as variants are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CheckoutKind {
    Shopify,
    Woocommerce,
    /// A URL template; whether it uses `{checkout_id}`.
    Template {
        uses_checkout_id: bool,
    },
}

/// What the product checks need to know about their retailer.
pub(crate) struct ProductScope<'a> {
    /// The retailer's currency, if it is a known one, with its decimals.
    pub currency: Option<(&'a str, u8)>,
    /// The retailer's locale, if it was readable.
    pub locale: Option<&'a str>,
    /// The checkout kind, if it was readable.
    pub checkout: Option<CheckoutKind>,
    /// Product ids of this retailer so far, with their pointers.
    pub product_ids: BTreeMap<String, String>,
    /// SKUs of this retailer so far, with their pointers.
    pub skus: BTreeMap<String, String>,
}

/// Checks one product at `ptr`.
pub(crate) fn check_product(ctx: &mut Ctx, v: &Value, ptr: &str, scope: &mut ProductScope<'_>) {
    let Some(o) = ctx.object(v, ptr, "A product") else {
        return;
    };
    ctx.fields(
        o,
        "product",
        &[
            "id",
            "name",
            "category",
            "placement",
            "dimensions_mm",
            "model",
            "variants",
        ],
        &["description", "materials"],
    );
    if let Some(id) = ctx.text(o, "id", true) {
        if let Some(first) = scope.product_ids.get(id) {
            ctx.push(
                Issue::error(
                    child(ptr, "id"),
                    code::DUPLICATE_PRODUCT_ID,
                    format!("The product id \"{id}\" is already used by the product at {first}."),
                )
                .with_fix("Give every product of a retailer its own id.".to_string()),
            );
        } else {
            scope.product_ids.insert(id.to_string(), ptr.to_string());
        }
    }
    if let Some(name) = o.map.get("name") {
        check_localized(
            ctx,
            name,
            &child(ptr, "name"),
            "The product name",
            scope.locale,
        );
    }
    if let Some(d) = o.map.get("description") {
        check_localized(ctx, d, &child(ptr, "description"), "The description", None);
    }
    if let Some(c) = ctx.text(o, "category", true) {
        if !CATEGORIES.contains(&c) {
            let issue = Issue::warning(
                child(ptr, "category"),
                code::UNKNOWN_CATEGORY,
                format!(
                    "\"{c}\" is not one of roomfit's categories, so shoppers will not find the product when they browse by category."
                ),
            );
            ctx.push(match closest(c, CATEGORIES.iter().copied()) {
                Some(s) => issue.with_fix(format!("Write \"{s}\".")),
                None => issue.with_fix(format!("Use one of: {}.", CATEGORIES.join(", "))),
            });
        }
    }
    if let Some(p) = ctx.text(o, "placement", false) {
        if !PLACEMENTS.contains(&p) {
            let issue = Issue::error(
                child(ptr, "placement"),
                code::INVALID_PLACEMENT,
                format!("The placement \"{p}\" is not floor, wall or tabletop."),
            );
            ctx.push(match closest(p, PLACEMENTS.iter().copied()) {
                Some(s) => issue.with_fix(format!("Write \"{s}\".")),
                None => issue.with_fix("Use floor, wall or tabletop.".to_string()),
            });
        }
    }
    if let Some(d) = o.map.get("dimensions_mm") {
        check_dimensions(ctx, d, &child(ptr, "dimensions_mm"));
    }
    if let Some(m) = o.map.get("model") {
        check_model_files(ctx, m, &child(ptr, "model"));
    }
    if let Some(list) = ctx.list(o, "variants") {
        check_variants(ctx, list, &child(ptr, "variants"), scope);
    }
    check_materials(ctx, o, ptr, scope.locale);
}

/// The optional `materials` list: each entry a name per locale, like a product name.
fn check_materials(ctx: &mut Ctx, o: Obj<'_, '_>, ptr: &str, locale: Option<&str>) {
    if !o.map.contains_key("materials") {
        return;
    }
    if let Some(list) = ctx.list(o, "materials") {
        let at = child(ptr, "materials");
        for (i, m) in list.iter().enumerate() {
            check_localized(ctx, m, &item(&at, i), "The material name", locale);
        }
    }
}

fn check_dimensions(ctx: &mut Ctx, v: &Value, ptr: &str) {
    let Some(o) = ctx.object(v, ptr, "\"dimensions_mm\"") else {
        return;
    };
    ctx.fields(
        o,
        "dimensions_mm object",
        &["width", "depth", "height"],
        &[],
    );
    for key in ["width", "depth", "height"] {
        let Some(x) = o.map.get(key) else { continue };
        let p = child(ptr, key);
        let Value::Number(n) = x else {
            ctx.wrong_type(
                &p,
                &format!("The {key}"),
                x,
                "a whole number of millimetres",
            );
            continue;
        };
        let invalid =
            |msg: String, fix: String| Issue::error(&p, code::INVALID_DIMENSION, msg).with_fix(fix);
        match (n.as_u64(), n.as_f64()) {
            (Some(0), _) => ctx.push(invalid(
                format!("The {key} is 0 mm; every side of a product must be more than 0."),
                format!("Enter the product's real {key} in millimetres."),
            )),
            (Some(mm), _) if mm >= MAX_PLAUSIBLE_MM => ctx.push(
                Issue::error(
                    &p,
                    code::IMPLAUSIBLE_DIMENSION,
                    format!("The {key} is {mm} mm, which is {:.1} m: too big for furniture in a room.", mm as f64 / 1000.0),
                )
                .with_fix("dimensions_mm is in millimetres (a 2.1 m sofa is 2100); check for an extra zero or another unit.".to_string()),
            ),
            (Some(_), _) => {}
            (None, Some(f)) if f < 0.0 => ctx.push(invalid(
                format!("The {key} is {n} mm; a size cannot be negative."),
                format!("Enter the product's real {key} in millimetres, without a minus sign."),
            )),
            (None, Some(f)) => ctx.push(invalid(
                format!("The {key} {n} is not a whole number of millimetres."),
                format!("Round it: {}.", f.round()),
            )),
            (None, None) => ctx.wrong_type(&p, &format!("The {key}"), x, "a whole number of millimetres"),
        }
    }
}

fn check_model_files(ctx: &mut Ctx, v: &Value, ptr: &str) {
    let Some(o) = ctx.object(v, ptr, "\"model\"") else {
        return;
    };
    ctx.fields(o, "model object", &["glb"], &["usdz", "poster"]);
    let rule = Rule {
        relative_ok: true,
        allowed_hosts: None,
    };
    for (key, what, required) in [
        ("glb", "The model's GLB URL", true),
        ("usdz", "The model's USDZ URL", false),
        ("poster", "The poster image URL", false),
    ] {
        let text = if required {
            ctx.text(o, key, false)
        } else {
            ctx.opt_text(o, key, false)
        };
        if let Some(u) = text {
            if let Err(issue) = url::check(u, &child(ptr, key), what, rule) {
                ctx.push(issue);
            }
        }
    }
}

fn check_variants(ctx: &mut Ctx, list: &[Value], ptr: &str, scope: &mut ProductScope<'_>) {
    if list.is_empty() {
        ctx.push(
            Issue::error(
                ptr,
                code::NO_VARIANTS,
                "The product has no variants, so it cannot be bought.",
            )
            .with_fix("Add at least one variant with its SKU and price.".to_string()),
        );
        return;
    }
    let mut gltf: Vec<(usize, Option<&str>)> = Vec::new();
    for (k, v) in list.iter().enumerate() {
        let p = item(ptr, k);
        let Some(o) = ctx.object(v, &p, "A variant") else {
            continue;
        };
        ctx.fields(
            o,
            "variant",
            &["sku", "name", "price"],
            &["checkout_id", "swatch", "gltf_variant", "materials"],
        );
        if let Some(sku) = ctx.text(o, "sku", true) {
            if let Some(first) = scope.skus.get(sku) {
                ctx.push(
                    Issue::error(
                        child(&p, "sku"),
                        code::DUPLICATE_SKU,
                        format!("The SKU \"{sku}\" is already used by the variant at {first}."),
                    )
                    .with_fix("Give every variant of a retailer its own SKU.".to_string()),
                );
            } else {
                scope.skus.insert(sku.to_string(), p.clone());
            }
        }
        check_checkout_id(ctx, o, &p, scope.checkout);
        if let Some(name) = o.map.get("name") {
            check_localized(
                ctx,
                name,
                &child(&p, "name"),
                "The variant name",
                scope.locale,
            );
        }
        if let Some(s) = ctx.opt_text(o, "swatch", true) {
            if let Some(issue) = check_swatch(s, &child(&p, "swatch")) {
                ctx.push(issue);
            }
        }
        match o.map.get("gltf_variant") {
            None | Some(Value::Null) => gltf.push((k, None)),
            // Empty or not text: reported by opt_text, and not again as missing.
            Some(_) => {
                if let Some(g) = ctx.opt_text(o, "gltf_variant", true) {
                    gltf.push((k, Some(g)));
                }
            }
        }
        check_variant_price(ctx, o, &p, scope.currency);
        check_materials(ctx, o, &p, scope.locale);
    }
    if list.len() < 2 {
        return;
    }
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, gv) in gltf {
        let p = child(&item(ptr, k), "gltf_variant");
        match gv {
            None => ctx.push(
                Issue::error(
                    p,
                    code::MISSING_GLTF_VARIANT,
                    "The product has several variants, but this one names no glTF variant, so the shopper would not see it change.",
                )
                .with_fix("Set gltf_variant to the KHR_materials_variants name in the model that shows this variant.".to_string()),
            ),
            Some(name) => {
                if let Some(first) = seen.get(name) {
                    ctx.push(
                        Issue::error(
                            p,
                            code::DUPLICATE_GLTF_VARIANT,
                            format!("The glTF variant \"{name}\" is already shown by variant {first}, so the shopper could not tell the two apart."),
                        )
                        .with_fix("Give each variant the glTF variant that shows it.".to_string()),
                    );
                } else {
                    seen.insert(name, k);
                }
            }
        }
    }
}

fn check_checkout_id(ctx: &mut Ctx, o: Obj<'_, '_>, ptr: &str, checkout: Option<CheckoutKind>) {
    let id = ctx.opt_text(o, "checkout_id", true);
    let (needed, numeric, system, id_name) = match checkout {
        Some(CheckoutKind::Shopify) => (true, true, "Shopify", "the variant id"),
        Some(CheckoutKind::Woocommerce) => (true, true, "WooCommerce", "the product id"),
        Some(CheckoutKind::Template {
            uses_checkout_id: true,
        }) => (true, false, "the checkout template", "{checkout_id}"),
        _ => (false, false, "", ""),
    };
    let p = child(ptr, "checkout_id");
    match id {
        None if needed && matches!(o.map.get("checkout_id"), None | Some(Value::Null)) => ctx.push(
            Issue::error(
                p,
                code::MISSING_CHECKOUT_ID,
                format!("The variant has no checkout_id, which {system} needs ({id_name}) to put it in the cart."),
            )
            .with_fix("Add the id your shop system gives this variant as \"checkout_id\".".to_string()),
        ),
        Some(id) if numeric && !id.bytes().all(|b| b.is_ascii_digit()) => ctx.push(
            Issue::error(
                p,
                code::INVALID_CHECKOUT_ID,
                format!("The checkout_id \"{id}\" is not a number, but {system} needs {id_name}, which is a number."),
            )
            .with_fix(format!("Copy the numeric {id_name} from your {system} admin (not the SKU).")),
        ),
        _ => {}
    }
}

/// The issue for a swatch that is neither `#rrggbb` nor an image URL, or `None`.
fn check_swatch(s: &str, ptr: &str) -> Option<Issue> {
    let hex = |t: &str| t.bytes().all(|b| b.is_ascii_hexdigit());
    let bad = |fix: String| {
        Some(
            Issue::error(
                ptr,
                code::INVALID_SWATCH,
                format!("The swatch \"{s}\" is neither a colour like #d9ccb4 nor an image URL."),
            )
            .with_fix(fix),
        )
    };
    if let Some(digits) = s.strip_prefix('#') {
        return match digits.len() {
            6 if hex(digits) => None,
            3 if hex(digits) => {
                let long: String = digits.chars().flat_map(|c| [c, c]).collect();
                bad(format!("Write all six digits: \"#{long}\"."))
            }
            _ => bad("Write the colour as # and six hex digits, e.g. \"#d9ccb4\".".to_string()),
        };
    }
    if s.len() == 6 && hex(s) {
        return bad(format!("Add the #: \"#{s}\"."));
    }
    if s.contains(['.', '/', ':']) {
        let rule = Rule {
            relative_ok: true,
            allowed_hosts: None,
        };
        return url::check(s, ptr, "The swatch image URL", rule).err();
    }
    bad(
        "Write the colour as # and six hex digits (e.g. \"#d9ccb4\"), or give an image URL."
            .to_string(),
    )
}

fn check_variant_price(ctx: &mut Ctx, o: Obj<'_, '_>, ptr: &str, currency: Option<(&str, u8)>) {
    let Some(v) = o.map.get("price") else {
        return;
    };
    let p = child(ptr, "price");
    let Value::String(price) = v else {
        let mut issue = Issue::error(
            &p,
            code::WRONG_TYPE,
            format!(
                "The price must be text (a decimal in quotes, like \"1299.00\"), but it is {}.",
                super::shape::describe(v)
            ),
        );
        if let (Some(n), Some((_, d))) = (v.as_f64(), currency) {
            issue = issue.with_fix(format!("Write \"{n:.*}\".", d as usize));
        }
        ctx.push(issue);
        return;
    };
    match check_price(price, currency.map(|c| c.1)) {
        Ok(()) => {
            if price.bytes().all(|b| matches!(b, b'0' | b'.')) {
                ctx.push(
                    Issue::warning(&p, code::ZERO_PRICE, "The price is zero.").with_fix(
                        "Enter the real price; free items would confuse shoppers.".to_string(),
                    ),
                );
            }
        }
        Err(PriceProblem::Syntax(suggestion)) => {
            let issue = Issue::error(
                &p,
                code::INVALID_PRICE,
                format!("The price \"{price}\" is not a plain decimal number like \"1299.00\"."),
            );
            ctx.push(match suggestion {
                Some(s) => issue.with_fix(format!("Write \"{s}\": digits and a dot only; the currency comes from the retailer's \"currency\".")),
                None => issue.with_fix("Write digits and a dot only, without currency symbols or thousands separators.".to_string()),
            });
        }
        Err(PriceProblem::Decimals {
            found,
            wanted,
            suggestion,
        }) => {
            let code_name = currency.map_or("", |c| c.0);
            let issue = Issue::error(
                &p,
                code::PRICE_DECIMALS,
                format!(
                    "The price \"{price}\" has {found} decimal{}, but {code_name} prices have {wanted}.",
                    if found == 1 { "" } else { "s" }
                ),
            );
            ctx.push(match suggestion {
                Some(s) => issue.with_fix(format!("Write \"{s}\".")),
                None => issue.with_fix(format!("Round it to {wanted} decimals.")),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swatches() {
        let c = |s: &str| check_swatch(s, "/s").map(|i| (i.code, i.fix));
        assert_eq!(c("#d9ccb4"), None);
        assert_eq!(c("#D9CCB4"), None);
        assert_eq!(c("swatches/oak.jpg"), None);
        assert_eq!(c("https://cdn.example/oak.jpg"), None);
        assert_eq!(
            c("#ccc"),
            Some((
                code::INVALID_SWATCH,
                Some("Write all six digits: \"#cccccc\".".into())
            ))
        );
        assert_eq!(c("d9ccb4").map(|x| x.0), Some(code::INVALID_SWATCH));
        assert_eq!(c("#d9ccb").map(|x| x.0), Some(code::INVALID_SWATCH));
        assert_eq!(c("red").map(|x| x.0), Some(code::INVALID_SWATCH));
        assert_eq!(
            c("javascript:alert(1)").map(|x| x.0),
            Some(code::UNSAFE_URL_SCHEME)
        );
    }
}
