//! The room's items, grouped by retailer, as checkout links built from the catalog.
//!
//! - **Shopify**: one cart permalink for all lines, `{shop}/cart/{variant id}:{qty},…`.
//! - **WooCommerce**: one `{shop}/?add-to-cart={id}&quantity={qty}` link *per line*. Core
//!   WooCommerce reads `add-to-cart` with `absint()` (`WC_Form_Handler::add_to_cart_action`),
//!   so `add-to-cart=1042,1043` would silently add only 1042; the comma form needs a plug-in we
//!   cannot assume. The shopper follows the links in turn (each adds to the same session cart).
//! - **Template**: `{sku}`, `{checkout_id}` and `{quantity}` are replaced with percent-encoded
//!   values, one link per line. (The catalog format has no list form for templates.)
//!
//! Quantities are 1 to [`MAX_QUANTITY`] per SKU (duplicate lines are added up first), and every
//! link passes [`check_url`] against the retailer's `allowed_hosts`.

use serde::{Deserialize, Serialize};

use super::localized;
use super::money::{Amount, PriceError};
use super::url::{Url, UrlError, check_outbound, check_url, encode_component};
use crate::catalog::{Catalog, Checkout, Product, Retailer, Variant};

/// The most of one SKU a single checkout takes.
pub const MAX_QUANTITY: u32 = 99;

/// One item of the room's cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CartLine {
    /// The retailer's id.
    pub retailer_id: String,
    /// The product's id.
    pub product_id: String,
    /// The variant's SKU.
    pub sku: String,
    /// How many, 1 to [`MAX_QUANTITY`].
    pub quantity: u32,
}

/// A cart that cannot become checkout links. `line` is the index in the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckoutError {
    /// Nothing to check out.
    #[error("the cart is empty")]
    Empty,
    /// Zero, or more than [`MAX_QUANTITY`] of one SKU.
    #[error("line {line}: quantity {quantity} of {sku} is not between 1 and {MAX_QUANTITY}")]
    Quantity {
        /// Input line.
        line: usize,
        /// The SKU.
        sku: String,
        /// The (summed) quantity.
        quantity: u64,
    },
    /// No retailer with that id.
    #[error("line {line}: there is no retailer \"{retailer_id}\" in the catalog")]
    UnknownRetailer {
        /// Input line.
        line: usize,
        /// The id.
        retailer_id: String,
    },
    /// No such product.
    #[error("line {line}: retailer \"{retailer_id}\" has no product \"{product_id}\"")]
    UnknownProduct {
        /// Input line.
        line: usize,
        /// The retailer.
        retailer_id: String,
        /// The id.
        product_id: String,
    },
    /// No such variant.
    #[error("line {line}: product \"{product_id}\" has no variant with SKU \"{sku}\"")]
    UnknownVariant {
        /// Input line.
        line: usize,
        /// The product.
        product_id: String,
        /// The SKU.
        sku: String,
    },
    /// The checkout needs a `checkout_id` the variant does not have, or has in the wrong form.
    #[error("retailer \"{retailer_id}\", SKU \"{sku}\": {problem}")]
    CheckoutId {
        /// The retailer.
        retailer_id: String,
        /// The SKU.
        sku: String,
        /// What is wrong.
        problem: String,
    },
    /// A malformed checkout template.
    #[error("retailer \"{retailer_id}\": checkout template: {problem}")]
    Template {
        /// The retailer.
        retailer_id: String,
        /// What is wrong.
        problem: String,
    },
    /// A link that failed the URL check.
    #[error("retailer \"{retailer_id}\": checkout link refused: {source}")]
    Url {
        /// The retailer.
        retailer_id: String,
        /// Why.
        source: UrlError,
    },
    /// A price that is not a decimal.
    #[error("retailer \"{retailer_id}\", SKU \"{sku}\": {source}")]
    Price {
        /// The retailer.
        retailer_id: String,
        /// The SKU.
        sku: String,
        /// Why.
        source: PriceError,
    },
}

/// One line of a retailer's checkout, resolved against the catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutLine {
    /// Product id.
    pub product_id: String,
    /// Product name in the retailer's locale.
    pub product_name: String,
    /// SKU.
    pub sku: String,
    /// Variant name in the retailer's locale.
    pub variant_name: String,
    /// Quantity.
    pub quantity: u32,
    /// Unit price, decimal string.
    pub unit_price: String,
    /// Unit price times quantity.
    pub line_total: String,
}

/// A link to follow and the lines (indices into [`RetailerCheckout::lines`]) it puts in the cart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CheckoutLink {
    /// The checked URL.
    pub url: String,
    /// Which lines.
    pub lines: Vec<usize>,
}

/// Everything needed to send the shopper to one retailer's checkout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetailerCheckout {
    /// Retailer id.
    pub retailer_id: String,
    /// Display name.
    pub retailer_name: String,
    /// ISO 4217.
    pub currency: String,
    /// The lines, duplicates merged, in cart order.
    pub lines: Vec<CheckoutLine>,
    /// Sum of the line totals.
    pub total: String,
    /// One link (Shopify) or one per line (WooCommerce, templates), in line order.
    pub links: Vec<CheckoutLink>,
}

/// Groups `cart` by retailer (in order of first appearance) and builds each retailer's links.
/// Relative shop or template URLs resolve against `base` (the catalog's URL);
/// `allow_localhost_http` is for development only (see [`check_outbound`]). Any problem fails
/// the whole call: a shopper is never sent to a partial cart.
pub fn plan_checkout(
    catalog: &Catalog,
    cart: &[CartLine],
    base: Option<&Url>,
    allow_localhost_http: bool,
) -> Result<Vec<RetailerCheckout>, CheckoutError> {
    plan_merged_checkout(catalog, cart, &[], base, allow_localhost_http)
}

/// [`plan_checkout`] over merged catalogs: a retailer listed in `retailer_urls` (retailer id,
/// its catalog's URL) resolves its relative URLs against its own catalog's URL, the others
/// against `base`.
pub fn plan_merged_checkout(
    catalog: &Catalog,
    cart: &[CartLine],
    retailer_urls: &[(String, Url)],
    base: Option<&Url>,
    allow_localhost_http: bool,
) -> Result<Vec<RetailerCheckout>, CheckoutError> {
    if cart.is_empty() {
        return Err(CheckoutError::Empty);
    }
    let mut groups: Vec<(&Retailer, Vec<Picked<'_>>)> = Vec::new();
    for (line, item) in cart.iter().enumerate() {
        let (retailer, product, variant) = resolve(catalog, line, item)?;
        if item.quantity == 0 || item.quantity > MAX_QUANTITY {
            return Err(CheckoutError::Quantity {
                line,
                sku: item.sku.clone(),
                quantity: u64::from(item.quantity),
            });
        }
        let group = match groups.iter().position(|(r, _)| r.id == retailer.id) {
            Some(i) => &mut groups[i].1,
            None => {
                groups.push((retailer, Vec::new()));
                let last = groups.len() - 1;
                &mut groups[last].1
            }
        };
        match group.iter_mut().find(|(_, v, _)| v.sku == variant.sku) {
            Some(existing) => {
                existing.2 += u64::from(item.quantity);
                if existing.2 > u64::from(MAX_QUANTITY) {
                    return Err(CheckoutError::Quantity {
                        line,
                        sku: item.sku.clone(),
                        quantity: existing.2,
                    });
                }
            }
            None => group.push((product, variant, u64::from(item.quantity))),
        }
    }
    groups
        .into_iter()
        .map(|(retailer, items)| {
            let base = super::stores::base_for(retailer_urls, base, &retailer.id);
            retailer_checkout(retailer, &items, base, allow_localhost_http)
        })
        .collect()
}

/// A product, its variant and the summed quantity.
type Picked<'a> = (&'a Product, &'a Variant, u64);

fn resolve<'a>(
    catalog: &'a Catalog,
    line: usize,
    item: &CartLine,
) -> Result<(&'a Retailer, &'a Product, &'a Variant), CheckoutError> {
    let retailer = catalog
        .retailers
        .iter()
        .find(|r| r.id == item.retailer_id)
        .ok_or_else(|| CheckoutError::UnknownRetailer {
            line,
            retailer_id: item.retailer_id.clone(),
        })?;
    let product = retailer
        .products
        .iter()
        .find(|p| p.id == item.product_id)
        .ok_or_else(|| CheckoutError::UnknownProduct {
            line,
            retailer_id: retailer.id.clone(),
            product_id: item.product_id.clone(),
        })?;
    let variant = product
        .variants
        .iter()
        .find(|v| v.sku == item.sku)
        .ok_or_else(|| CheckoutError::UnknownVariant {
            line,
            product_id: product.id.clone(),
            sku: item.sku.clone(),
        })?;
    Ok((retailer, product, variant))
}

fn retailer_checkout(
    retailer: &Retailer,
    items: &[Picked<'_>],
    base: Option<&Url>,
    allow_localhost_http: bool,
) -> Result<RetailerCheckout, CheckoutError> {
    let rid = || retailer.id.clone();
    let mut lines = Vec::with_capacity(items.len());
    let mut total = Amount::default();
    for (product, variant, quantity) in items {
        let quantity = u32::try_from(*quantity).unwrap_or(MAX_QUANTITY);
        let unit = Amount::parse(&variant.price).map_err(|source| CheckoutError::Price {
            retailer_id: rid(),
            sku: variant.sku.clone(),
            source,
        })?;
        total = total.plus(unit.times(quantity));
        lines.push(CheckoutLine {
            product_id: product.id.clone(),
            product_name: localized(&product.name, &retailer.locale),
            sku: variant.sku.clone(),
            variant_name: localized(&variant.name, &retailer.locale),
            quantity,
            unit_price: unit.to_string(),
            line_total: unit.times(quantity).to_string(),
        });
    }
    let url_error = |source| CheckoutError::Url {
        retailer_id: rid(),
        source,
    };
    let check = |url: Url| -> Result<String, CheckoutError> {
        check_url(&url, &retailer.allowed_hosts, allow_localhost_http).map_err(url_error)?;
        Ok(url.to_string())
    };
    let links = match &retailer.checkout {
        Checkout::Shopify { shop } => {
            let shop = check_outbound(shop, base, &retailer.allowed_hosts, allow_localhost_http)
                .map_err(url_error)?;
            let mut cart = Vec::with_capacity(items.len());
            for ((_, variant, _), line) in items.iter().zip(&lines) {
                let id = numeric_checkout_id(retailer, variant, "Shopify variant id")?;
                cart.push(format!("{id}:{}", line.quantity));
            }
            let url = shop
                .without_fragment()
                .without_query()
                .append_path(&format!("cart/{}", cart.join(",")));
            vec![CheckoutLink {
                url: check(url)?,
                lines: (0..lines.len()).collect(),
            }]
        }
        Checkout::Woocommerce { shop } => {
            let shop = check_outbound(shop, base, &retailer.allowed_hosts, allow_localhost_http)
                .map_err(url_error)?;
            let mut links = Vec::with_capacity(items.len());
            for (i, ((_, variant, _), line)) in items.iter().zip(&lines).enumerate() {
                let id = numeric_checkout_id(retailer, variant, "WooCommerce product id")?;
                let url = shop
                    .clone()
                    .without_fragment()
                    .append_path("")
                    .with_query_pair("add-to-cart", id)
                    .with_query_pair("quantity", &line.quantity.to_string());
                links.push(CheckoutLink {
                    url: check(url)?,
                    lines: vec![i],
                });
            }
            links
        }
        Checkout::Template { url: template } => {
            let mut links = Vec::with_capacity(items.len());
            for (i, ((_, variant, _), line)) in items.iter().zip(&lines).enumerate() {
                let filled = fill_template(retailer, template, variant, line.quantity)?;
                let url =
                    check_outbound(&filled, base, &retailer.allowed_hosts, allow_localhost_http)
                        .map_err(url_error)?;
                links.push(CheckoutLink {
                    url: url.to_string(),
                    lines: vec![i],
                });
            }
            links
        }
    };
    Ok(RetailerCheckout {
        retailer_id: rid(),
        retailer_name: retailer.name.clone(),
        currency: retailer.currency.clone(),
        lines,
        total: total.to_string(),
        links,
    })
}

/// Shopify variant ids and WooCommerce product ids are numbers; anything else could smuggle
/// separators (`:`, `,`, `&`) into the link.
fn numeric_checkout_id<'a>(
    retailer: &Retailer,
    variant: &'a Variant,
    what: &str,
) -> Result<&'a str, CheckoutError> {
    let problem = match variant.checkout_id.as_deref() {
        None => format!("the variant has no checkout_id ({what})"),
        Some(id) if !id.is_empty() && id.len() <= 20 && id.bytes().all(|b| b.is_ascii_digit()) => {
            return Ok(id);
        }
        Some(id) => format!("checkout_id \"{id}\" is not a {what} (digits only)"),
    };
    Err(CheckoutError::CheckoutId {
        retailer_id: retailer.id.clone(),
        sku: variant.sku.clone(),
        problem,
    })
}

fn fill_template(
    retailer: &Retailer,
    template: &str,
    variant: &Variant,
    quantity: u32,
) -> Result<String, CheckoutError> {
    let problem = |problem: String| CheckoutError::Template {
        retailer_id: retailer.id.clone(),
        problem,
    };
    let authority_end = template
        .find("://")
        .map(|i| i + 3)
        .and_then(|start| template[start..].find(['/', '?', '#']).map(|e| start + e))
        .unwrap_or(template.len());
    if template[..authority_end].contains('{') {
        return Err(problem(
            "placeholders are only allowed in the path and query, not in the scheme or host".into(),
        ));
    }
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    let mut used_item = false;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| problem("a { without a closing }".into()))?;
        let value = match &after[..close] {
            "sku" => {
                used_item = true;
                variant.sku.clone()
            }
            "checkout_id" => {
                used_item = true;
                variant
                    .checkout_id
                    .clone()
                    .ok_or_else(|| CheckoutError::CheckoutId {
                        retailer_id: retailer.id.clone(),
                        sku: variant.sku.clone(),
                        problem: "the template uses {checkout_id} but the variant has none".into(),
                    })?
            }
            "quantity" => quantity.to_string(),
            other => {
                return Err(problem(format!(
                    "unknown placeholder {{{other}}} (expected {{sku}}, {{checkout_id}} or {{quantity}})"
                )));
            }
        };
        out.push_str(&encode_component(&value));
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    if !used_item {
        return Err(problem(
            "the template names no item: it needs {sku} or {checkout_id}".into(),
        ));
    }
    Ok(out)
}
