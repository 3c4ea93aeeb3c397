//! The catalog's serde types (format version 1).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// Text in several locales, keyed by BCP 47 tag (`en`, `zh-CN`, `de-DE`).
pub type Localized = BTreeMap<String, String>;

/// A catalog file: one or more retailers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Catalog {
    /// Format version; 1.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 1)))]
    pub version: u32,
    /// The retailers in this file.
    pub retailers: Vec<Retailer>,
}

/// A retailer and everything it sells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Retailer {
    /// Stable id, unique across catalogs (`nordhem`).
    pub id: String,
    /// Display name.
    pub name: String,
    /// Logo image URL.
    #[serde(default)]
    pub logo: Option<String>,
    /// ISO 4217 currency of every price (`EUR`).
    #[cfg_attr(not(target_arch = "wasm32"), schemars(regex(pattern = r"^[A-Z]{3}$")))]
    pub currency: String,
    /// Default locale (`de-DE`).
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schemars(regex(pattern = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"))
    )]
    pub locale: String,
    /// How the cart reaches the retailer's checkout.
    pub checkout: Checkout,
    /// Hosts that checkout and booking URLs may point at.
    pub allowed_hosts: Vec<String>,
    /// Physical stores.
    #[serde(default)]
    pub stores: Vec<Store>,
    /// Products.
    pub products: Vec<Product>,
}

/// The retailer's checkout.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Checkout {
    /// A Shopify cart permalink: `{shop}/cart/{checkout_id}:{quantity},…`.
    Shopify {
        /// The shop's origin, `https://…`.
        shop: String,
    },
    /// WooCommerce add-to-cart: `{shop}/?add-to-cart={checkout_id}&quantity={quantity}`.
    Woocommerce {
        /// The shop's origin, `https://…`.
        shop: String,
    },
    /// A URL template with `{sku}`, `{checkout_id}` and `{quantity}` placeholders.
    Template {
        /// The template.
        url: String,
    },
}

/// A physical store.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Store {
    /// Stable id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Postal address, one line.
    pub address: String,
    /// Where it is.
    pub location: Location,
    /// IANA time zone of its opening hours (`Europe/Berlin`).
    pub time_zone: String,
    /// Opening hours.
    pub hours: Hours,
    /// Phone number, international format.
    #[serde(default)]
    pub phone: Option<String>,
    /// How to book a visit.
    #[serde(default)]
    pub booking: Option<Booking>,
    /// SKUs on display in the store.
    #[serde(default)]
    pub on_display: Vec<String>,
}

/// WGS 84 coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Latitude in degrees.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -90.0, max = 90.0)))]
    pub lat: f64,
    /// Longitude in degrees.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = -180.0, max = 180.0)))]
    pub lon: f64,
}

/// Weekly opening hours plus exceptions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Hours {
    /// Day (`mon` … `sun`) to time ranges (`"10:00-20:00"`); a missing or empty day is closed.
    pub weekly: BTreeMap<String, Vec<String>>,
    /// Dates with other hours (holidays).
    #[serde(default)]
    pub exceptions: Vec<HoursException>,
}

/// Opening hours for one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct HoursException {
    /// ISO date, `2026-12-25`.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
    )]
    pub date: String,
    /// Time ranges that day; empty means closed.
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schemars(inner(regex(pattern = r"^[0-2][0-9]:[0-5][0-9]-[0-2][0-9]:[0-5][0-9]$")))
    )]
    pub hours: Vec<String>,
}

/// How a store takes appointments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum Booking {
    /// An endpoint implementing the booking contract (docs/booking.md).
    Endpoint {
        /// URL, absolute or relative to the catalog.
        endpoint: String,
        /// How many visits one 30-minute slot takes (how many staff can look after shoppers
        /// at once); 1 when absent. `roomfit serve` enforces it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 100)))]
        capacity: Option<u32>,
    },
    /// A page of the store's own booking system.
    Link {
        /// URL.
        link: String,
    },
}

/// Where a product goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
pub enum Placement {
    /// Stands on the floor.
    Floor,
    /// Hangs on a wall.
    Wall,
    /// Stands on a table or shelf.
    Tabletop,
}

/// Real dimensions in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Dimensions {
    /// Along x.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 9999)))]
    pub width: u32,
    /// Along z.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 9999)))]
    pub depth: u32,
    /// Along y.
    #[cfg_attr(not(target_arch = "wasm32"), schemars(range(min = 1, max = 9999)))]
    pub height: u32,
}

/// The product's 3D files.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ModelFiles {
    /// The GLB, relative to the catalog or absolute.
    pub glb: String,
    /// A USDZ for iOS AR Quick Look.
    #[serde(default)]
    pub usdz: Option<String>,
    /// A poster image.
    #[serde(default)]
    pub poster: Option<String>,
}

/// A product.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Product {
    /// Stable id, unique within the retailer.
    pub id: String,
    /// Name per locale.
    pub name: Localized,
    /// Description per locale.
    #[serde(default)]
    pub description: Localized,
    /// Category (`sofa`, `armchair`, `chair`, `table`, …).
    pub category: String,
    /// Floor, wall or tabletop.
    pub placement: Placement,
    /// Real size.
    pub dimensions_mm: Dimensions,
    /// 3D files.
    pub model: ModelFiles,
    /// Purchasable variants (at least one).
    #[cfg_attr(not(target_arch = "wasm32"), schemars(length(min = 1)))]
    pub variants: Vec<Variant>,
    /// What every variant is made of, one name per material and locale
    /// (`[{"en": "oak", "de": "Eiche"}]`); shown when shoppers compare products.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Localized>,
}

/// A purchasable variant (a SKU).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Variant {
    /// The retailer's SKU.
    pub sku: String,
    /// The id the checkout needs (Shopify variant id, WooCommerce product id).
    #[serde(default)]
    pub checkout_id: Option<String>,
    /// Name per locale.
    pub name: Localized,
    /// Swatch colour (`#rrggbb`) or image URL.
    #[serde(default)]
    pub swatch: Option<String>,
    /// The `KHR_materials_variants` name in the model, if this variant is one.
    #[serde(default)]
    pub gltf_variant: Option<String>,
    /// Price as a decimal string in the retailer's currency (`"1299.00"`).
    #[cfg_attr(
        not(target_arch = "wasm32"),
        schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))
    )]
    pub price: String,
    /// What this variant adds to the product's `materials` (its upholstery fabric, say), in the
    /// same form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub materials: Vec<Localized>,
}
