//! Catalog validation: every problem in a catalog's JSON, each with its JSON pointer, a
//! sentence for the retailer and a fix when there is one. Works on the raw JSON, so a catalog
//! that does not even have the right shape still gets one issue per wrong field rather than
//! serde's first complaint. No I/O; the checks against the 3D models are in
//! [`check_models`](super::check_models).

mod hours;
mod locale;
mod money;
mod product;
mod shape;
mod store;
mod time_zones;
mod url;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use self::product::{CheckoutKind, ProductScope, check_product};
use self::shape::{Ctx, child, closest, item};
use self::store::{StoreScope, check_store};
use self::url::Rule;
use super::issue::{Issue, code};

/// Every problem in a catalog (format v1), in document order; empty when the catalog is fine.
/// An empty result (or one with warnings only) means [`parse`](super::parse) succeeds.
pub fn validate(catalog_json: &str) -> Vec<Issue> {
    match serde_json::from_str::<Value>(catalog_json) {
        Ok(v) => validate_value(&v),
        Err(e) => vec![
            Issue::error(
                "",
                code::INVALID_JSON,
                format!(
                    "The file is not valid JSON: {} (line {}, column {}).",
                    strip_position(&e.to_string()),
                    e.line(),
                    e.column()
                ),
            )
            .with_fix(
                "Look for a missing comma or quote, or a trailing comma, just before that position."
                    .to_string(),
            ),
        ],
    }
}

/// [`validate`] for a catalog already parsed into a JSON value.
pub fn validate_value(v: &Value) -> Vec<Issue> {
    let mut ctx = Ctx::default();
    check_catalog(&mut ctx, v);
    if !ctx.issues.iter().any(Issue::is_error) {
        // A safety net: the checks above are meant to catch everything serde refuses.
        if let Err(e) = serde_json::from_value::<super::Catalog>(v.clone()) {
            ctx.push(Issue::error(
                "",
                code::INVALID_SHAPE,
                format!("The catalog does not follow format v1: {e}."),
            ));
        }
    }
    ctx.issues
}

/// serde_json's message without its " at line L column C" tail (we say it ourselves).
fn strip_position(msg: &str) -> &str {
    msg.rfind(" at line ").map_or(msg, |i| &msg[..i])
}

fn check_catalog(ctx: &mut Ctx, v: &Value) {
    let Some(o) = ctx.object(v, "", "The catalog") else {
        return;
    };
    ctx.fields(o, "catalog", &["version", "retailers"], &[]);
    if let Some(version) = o.map.get("version") {
        match version.as_u64() {
            Some(1) => {}
            Some(n) => ctx.push(
                Issue::error(
                    "/version",
                    code::UNSUPPORTED_VERSION,
                    format!("This catalog is format version {n}; this roomfit reads version 1."),
                )
                .with_fix(
                    "Write \"version\": 1 and follow docs/catalog.md, or update roomfit."
                        .to_string(),
                ),
            ),
            None => ctx.wrong_type("/version", "\"version\"", version, "the number 1"),
        }
    }
    let Some(retailers) = ctx.list(o, "retailers") else {
        return;
    };
    if retailers.is_empty() {
        ctx.push(
            Issue::error(
                "/retailers",
                code::NO_RETAILERS,
                "The catalog has no retailers.",
            )
            .with_fix(
                "Add your retailer, its stores and products (see docs/catalog.md).".to_string(),
            ),
        );
    }
    let mut retailer_ids = BTreeMap::new();
    let mut store_ids = BTreeMap::new();
    for (i, r) in retailers.iter().enumerate() {
        check_retailer(
            ctx,
            r,
            &item("/retailers", i),
            &mut retailer_ids,
            &mut store_ids,
        );
    }
}

fn check_retailer(
    ctx: &mut Ctx,
    v: &Value,
    ptr: &str,
    retailer_ids: &mut BTreeMap<String, String>,
    store_ids: &mut BTreeMap<String, String>,
) {
    let Some(o) = ctx.object(v, ptr, "A retailer") else {
        return;
    };
    ctx.fields(
        o,
        "retailer",
        &[
            "id",
            "name",
            "currency",
            "locale",
            "checkout",
            "allowed_hosts",
            "products",
        ],
        &["logo", "stores"],
    );
    if let Some(id) = ctx.text(o, "id", true) {
        if let Some(first) = retailer_ids.get(id) {
            ctx.push(
                Issue::error(
                    child(ptr, "id"),
                    code::DUPLICATE_RETAILER_ID,
                    format!("The retailer id \"{id}\" is already used by the retailer at {first}."),
                )
                .with_fix("Give every retailer its own id; it must stay unique across every catalog a page loads.".to_string()),
            );
        } else {
            retailer_ids.insert(id.to_string(), ptr.to_string());
        }
    }
    ctx.text(o, "name", true);
    if let Some(logo) = ctx.opt_text(o, "logo", false) {
        let rule = Rule {
            relative_ok: true,
            allowed_hosts: None,
        };
        if let Err(issue) = url::check(logo, &child(ptr, "logo"), "The logo URL", rule) {
            ctx.push(issue);
        }
    }
    let currency = ctx.text(o, "currency", true).and_then(|c| {
        let known = money::minor_units(c).map(|d| (c, d));
        if known.is_none() {
            let issue = Issue::error(
                child(ptr, "currency"),
                code::UNKNOWN_CURRENCY,
                format!("\"{c}\" is not an ISO 4217 currency code, so prices cannot be shown."),
            );
            ctx.push(match money::currency_suggestion(c) {
                Some(s) => issue.with_fix(format!("Write \"{s}\".")),
                None => issue
                    .with_fix("Use the three-letter code: EUR, USD, GBP, CNY, JPY, …".to_string()),
            });
        }
        known
    });
    let locale = ctx.text(o, "locale", true).filter(|l| {
        let issue = locale::check_tag(l, &child(ptr, "locale"), "The locale");
        let ok = issue.is_none();
        if let Some(issue) = issue {
            ctx.push(issue);
        }
        ok
    });
    let hosts = check_allowed_hosts(
        ctx,
        o.map.get("allowed_hosts"),
        &child(ptr, "allowed_hosts"),
    );
    let checkout = o
        .map
        .get("checkout")
        .and_then(|c| check_checkout(ctx, c, &child(ptr, "checkout"), hosts.as_deref()));
    let skus = all_skus(v);
    if let Some(stores) = ctx.list(o, "stores") {
        let sptr = child(ptr, "stores");
        let mut scope = StoreScope {
            allowed_hosts: hosts.as_deref(),
            skus: &skus,
            store_ids,
        };
        for (k, s) in stores.iter().enumerate() {
            check_store(ctx, s, &item(&sptr, k), &mut scope);
        }
    }
    if let Some(products) = ctx.list(o, "products") {
        let pptr = child(ptr, "products");
        if products.is_empty() {
            ctx.push(
                Issue::warning(&pptr, code::NO_PRODUCTS, "The retailer has no products.")
                    .with_fix("Add the products shoppers should see.".to_string()),
            );
        }
        let mut scope = ProductScope {
            currency,
            locale,
            checkout,
            product_ids: BTreeMap::new(),
            skus: BTreeMap::new(),
        };
        for (j, p) in products.iter().enumerate() {
            check_product(ctx, p, &item(&pptr, j), &mut scope);
        }
    }
}

/// Every SKU of a retailer's variants, read leniently (for `on_display`, which comes first).
fn all_skus(retailer: &Value) -> BTreeSet<String> {
    let list = |v: Option<&Value>| v.and_then(Value::as_array).cloned().unwrap_or_default();
    list(retailer.get("products"))
        .iter()
        .flat_map(|p| list(p.get("variants")))
        .filter_map(|v| v.get("sku").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// The allowed hosts in lower case (entries with a mistake count as the host they meant, so
/// the mistake is reported once), or `None` when the list itself is unreadable.
fn check_allowed_hosts(ctx: &mut Ctx, v: Option<&Value>, ptr: &str) -> Option<Vec<String>> {
    let v = v?;
    let Some(list) = v.as_array() else {
        ctx.wrong_type(
            ptr,
            "\"allowed_hosts\"",
            v,
            "a list of host names ([\"shop.example\"])",
        );
        return None;
    };
    let mut hosts = Vec::new();
    for (i, entry) in ctx.texts(list, ptr, "An allowed host") {
        match url::check_allowed_host(entry, &item(ptr, i)) {
            Ok(h) => hosts.push(h),
            Err(issue) => {
                hosts.extend(url::intended_host(entry));
                ctx.push(issue);
            }
        }
    }
    Some(hosts)
}

const PLACEHOLDERS: [&str; 3] = ["sku", "checkout_id", "quantity"];

fn check_checkout(
    ctx: &mut Ctx,
    v: &Value,
    ptr: &str,
    hosts: Option<&[String]>,
) -> Option<CheckoutKind> {
    let o = ctx.object(v, ptr, "\"checkout\"")?;
    let Some(kind) = o.map.get("kind").and_then(Value::as_str) else {
        ctx.fields(o, "checkout", &["kind"], &["shop", "url"]);
        ctx.text(o, "kind", true);
        return None;
    };
    let rule = Rule {
        relative_ok: false,
        allowed_hosts: hosts,
    };
    match kind {
        "shopify" | "woocommerce" => {
            ctx.fields(o, &format!("{kind} checkout"), &["kind", "shop"], &[]);
            if let Some(shop) = ctx.text(o, "shop", false) {
                let p = child(ptr, "shop");
                match url::check(shop, &p, "The shop URL", rule) {
                    Err(issue) => ctx.push(issue),
                    Ok(url::Url::Absolute { host, rest }) if !matches!(rest, "" | "/") => {
                        let scheme = &shop[..shop.find(':').unwrap_or(0)];
                        ctx.push(
                            Issue::warning(
                                p,
                                code::SHOP_URL_NOT_ORIGIN,
                                format!("The shop URL \"{shop}\" has a path; roomfit adds the cart path ({}) itself.", if kind == "shopify" { "/cart/…" } else { "/?add-to-cart=…" }),
                            )
                            .with_fix(format!("Write just \"{scheme}://{host}\".")),
                        );
                    }
                    Ok(_) => {}
                }
            }
            Some(if kind == "shopify" {
                CheckoutKind::Shopify
            } else {
                CheckoutKind::Woocommerce
            })
        }
        "template" => {
            ctx.fields(o, "template checkout", &["kind", "url"], &[]);
            let template = ctx.text(o, "url", false)?;
            let p = child(ptr, "url");
            let (names, filled) = placeholders(template);
            for name in &names {
                if PLACEHOLDERS.contains(name) {
                    continue;
                }
                let meant = match name.to_ascii_lowercase().as_str() {
                    "qty" | "amount" | "count" | "quantity" => Some("quantity"),
                    "id" | "variant" | "variant_id" | "product_id" | "checkoutid" => {
                        Some("checkout_id")
                    }
                    _ => closest(name, PLACEHOLDERS),
                };
                let shown = if name.is_empty() {
                    "{}".to_string()
                } else {
                    format!("{{{name}}}")
                };
                ctx.push(
                    Issue::error(
                        &p,
                        code::UNKNOWN_PLACEHOLDER,
                        format!("The checkout template uses {shown}, which roomfit does not fill in; it knows {{sku}}, {{checkout_id}} and {{quantity}}."),
                    )
                    .with_fix(match meant {
                        Some(m) => format!("Write {{{m}}} instead of {shown}."),
                        None => format!("Remove {shown}, or use {{sku}}, {{checkout_id}} or {{quantity}}."),
                    }),
                );
            }
            if !names.iter().any(|n| matches!(*n, "sku" | "checkout_id")) {
                ctx.push(
                    Issue::error(
                        &p,
                        code::TEMPLATE_WITHOUT_ITEM,
                        "The checkout template has neither {sku} nor {checkout_id}, so the cart would not know what was bought.",
                    )
                    .with_fix("Put {sku} (or {checkout_id}) where your cart URL takes the item, e.g. ?sku={sku}&qty={quantity}.".to_string()),
                );
            }
            let head_end = template.find("://").map(|i| {
                i + 3
                    + template[i + 3..]
                        .find(['/', '?', '#'])
                        .unwrap_or(template.len() - i - 3)
            });
            if head_end.is_some_and(|e| template[..e].contains(['{', '}'])) {
                ctx.push(
                    Issue::error(
                        &p,
                        code::INVALID_URL,
                        "The checkout template has a placeholder in its scheme or host; placeholders belong in the path and query.",
                    )
                    .with_fix("Write the host out, e.g. https://shop.example/cart?sku={sku}.".to_string()),
                );
            } else if let Err(issue) = url::check(&filled, &p, "The checkout template", rule) {
                // Report the retailer's text, not the filled-in copy.
                ctx.push(Issue {
                    message: issue.message.replace(&filled, template),
                    fix: issue.fix.map(|f| f.replace(&filled, template)),
                    ..issue
                });
            }
            Some(CheckoutKind::Template {
                uses_checkout_id: names.contains(&"checkout_id"),
            })
        }
        other => {
            let issue = Issue::error(
                child(ptr, "kind"),
                code::UNKNOWN_CHECKOUT_KIND,
                format!("The checkout kind \"{other}\" is not shopify, woocommerce or template."),
            );
            ctx.push(match closest(other, ["shopify", "woocommerce", "template"]) {
                Some(s) => issue.with_fix(format!("Write \"{s}\".")),
                None => issue.with_fix("Use \"template\" with a URL containing {sku} and {quantity} for other shop systems.".to_string()),
            });
            None
        }
    }
}

/// The `{name}`s of a template, and the template with each replaced by `0` (an unmatched
/// brace counts as an empty name).
fn placeholders(t: &str) -> (Vec<&str>, String) {
    let mut names = Vec::new();
    let mut filled = String::with_capacity(t.len());
    let mut rest = t;
    while let Some(open) = rest.find(['{', '}']) {
        filled.push_str(&rest[..open]);
        if rest[open..].starts_with('}') {
            names.push("");
            rest = &rest[open + 1..];
            continue;
        }
        match rest[open + 1..].find(['{', '}']) {
            Some(close) if rest.as_bytes()[open + 1 + close] == b'}' => {
                names.push(&rest[open + 1..open + 1 + close]);
                filled.push('0');
                rest = &rest[open + close + 2..];
            }
            _ => {
                names.push("");
                rest = &rest[open + 1..];
            }
        }
    }
    filled.push_str(rest);
    (names, filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders() {
        assert_eq!(
            placeholders("https://a.example/c?sku={sku}&q={quantity}"),
            (
                vec!["sku", "quantity"],
                "https://a.example/c?sku=0&q=0".to_string()
            )
        );
        assert_eq!(placeholders("x{a}{"), (vec!["a", ""], "x0".to_string()));
        assert_eq!(placeholders("x}y"), (vec![""], "xy".to_string()));
    }

    #[test]
    fn not_json() {
        let issues = validate("{\"version\": 1,}");
        assert_eq!(issues.len(), 1);
        assert_eq!(issues[0].code, code::INVALID_JSON);
        assert!(
            issues[0].message.contains("line 1"),
            "{}",
            issues[0].message
        );
    }

    #[test]
    fn collects_everything_at_once() {
        let issues = validate(
            r#"{"version": 2, "retailers": [{"id": "a", "name": "", "currency": "EURO", "locale": "de_DE",
                "checkout": {"kind": "shopify", "shop": "http://a.example"}, "allowed_hosts": ["a.example"],
                "products": [], "colour": 1}]}"#,
        );
        let got: Vec<_> = issues
            .iter()
            .map(|i| (i.code, i.pointer.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (code::UNSUPPORTED_VERSION, "/version"),
                (code::UNKNOWN_FIELD, "/retailers/0/colour"),
                (code::EMPTY_VALUE, "/retailers/0/name"),
                (code::UNKNOWN_CURRENCY, "/retailers/0/currency"),
                (code::INVALID_LOCALE, "/retailers/0/locale"),
                (code::INSECURE_URL, "/retailers/0/checkout/shop"),
                (code::NO_PRODUCTS, "/retailers/0/products"),
            ]
        );
    }
}
