//! A problem found in a catalog: where (a JSON pointer), how bad, a stable code, a sentence for
//! the retailer and, when there is one, a suggested fix.

use std::fmt;

use serde::Serialize;

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The catalog must not be published like this: shoppers would see something wrong, or a
    /// part of it cannot be read at all.
    Error,
    /// Works, but is probably a mistake or will be slow on phones.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in a catalog.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// JSON pointer (RFC 6901) to the value at fault, or to where a missing field belongs
    /// (`/retailers/0/products/3/variants/1/price`); empty for the whole file.
    pub pointer: String,
    /// Error or warning.
    pub severity: Severity,
    /// Stable kebab-case class of the problem (see [`code`]), for programs to branch on.
    pub code: &'static str,
    /// A sentence a retailer understands.
    pub message: String,
    /// A suggested fix, when there is one.
    pub fix: Option<String>,
    /// The fix as a mechanical change to the catalog, when it is one (see
    /// [`apply_fixes`](super::fix::apply_fixes)); not part of the JSON report.
    #[serde(skip)]
    pub patch: Option<Patch>,
}

/// A correction a program can make without asking: what [`apply_fixes`](super::fix::apply_fixes)
/// does to the value at an issue's pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Patch {
    /// Multiply `width`, `depth` and `height` of the `dimensions_mm` object at the pointer by
    /// `num / den`, rounded (×10 for centimetres, ×254/10 for inches).
    ScaleDimensions {
        /// Numerator.
        num: u32,
        /// Denominator.
        den: u32,
    },
    /// The URL at the pointer starts with `http://`: make it `https://`.
    Https,
    /// The model (the GLB named at the pointer) is at the wrong scale: scale it by `num / den`
    /// (a root node around each scene, [`rescale_glb`](super::rescale::rescale_glb)). The catalog
    /// is right, so [`apply_fixes`](super::fix::apply_fixes) leaves it alone; the retailer page
    /// offers the corrected GLB.
    ScaleModel {
        /// Numerator.
        num: u32,
        /// Denominator.
        den: u32,
    },
}

impl Patch {
    /// `num / den` of a factor: tenths when the factor is at least 1 (10, 25.4 = 254/10), else
    /// one over tenths (0.01 = 10/1000, 1/25.4 = 10/254).
    pub fn fraction(factor: f32) -> (u32, u32) {
        if factor >= 1.0 {
            ((factor * 10.0).round() as u32, 10)
        } else {
            (10, (10.0 / factor).round() as u32)
        }
    }
}

impl Issue {
    /// An error at `pointer`.
    pub fn error(
        pointer: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            pointer: pointer.into(),
            severity: Severity::Error,
            code,
            message: message.into(),
            fix: None,
            patch: None,
        }
    }

    /// A warning at `pointer`.
    pub fn warning(
        pointer: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(pointer, code, message)
        }
    }

    /// The same issue with a suggested fix.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    /// The same issue with a mechanical fix.
    pub fn with_patch(mut self, patch: Patch) -> Self {
        self.patch = Some(patch);
        self
    }

    /// Whether this is an error (not a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Issue {
    /// `error /retailers/0/currency: message (fix: …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pointer = if self.pointer.is_empty() {
            "(file)"
        } else {
            &self.pointer
        };
        write!(f, "{} {pointer}: {}", self.severity, self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, " (fix: {fix})")?;
        }
        Ok(())
    }
}

/// Escapes one JSON pointer reference token (`~` → `~0`, `/` → `~1`).
pub fn escape_pointer_token(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// The stable issue codes. Programs (tests, the retailer page) may rely on them; a code is never
/// renamed, only added.
pub mod code {
    // The file's shape.
    /// The file is not JSON.
    pub const INVALID_JSON: &str = "invalid-json";
    /// The file does not follow the format in a way no other code describes (a safety net).
    pub const INVALID_SHAPE: &str = "invalid-shape";
    /// A value has the wrong JSON type (a number where text belongs, …).
    pub const WRONG_TYPE: &str = "wrong-type";
    /// A required field is absent.
    pub const MISSING_FIELD: &str = "missing-field";
    /// A field the format does not know (often a typo).
    pub const UNKNOWN_FIELD: &str = "unknown-field";
    /// Text that must not be empty is empty.
    pub const EMPTY_VALUE: &str = "empty-value";
    /// `version` is not 1.
    pub const UNSUPPORTED_VERSION: &str = "unsupported-version";
    /// The catalog has no retailers.
    pub const NO_RETAILERS: &str = "no-retailers";
    /// A retailer sells nothing.
    pub const NO_PRODUCTS: &str = "no-products";
    /// A product has no variants.
    pub const NO_VARIANTS: &str = "no-variants";

    // Identity.
    /// Two retailers share an id.
    pub const DUPLICATE_RETAILER_ID: &str = "duplicate-retailer-id";
    /// Two stores share an id.
    pub const DUPLICATE_STORE_ID: &str = "duplicate-store-id";
    /// Two products of one retailer share an id.
    pub const DUPLICATE_PRODUCT_ID: &str = "duplicate-product-id";
    /// Two variants of one retailer share a SKU.
    pub const DUPLICATE_SKU: &str = "duplicate-sku";

    // Money and language.
    /// The currency is not an active ISO 4217 code.
    pub const UNKNOWN_CURRENCY: &str = "unknown-currency";
    /// A price is not a plain decimal number.
    pub const INVALID_PRICE: &str = "invalid-price";
    /// A price has more or fewer decimals than its currency uses.
    pub const PRICE_DECIMALS: &str = "price-decimals";
    /// A price of zero.
    pub const ZERO_PRICE: &str = "zero-price";
    /// A locale tag that is not BCP 47.
    pub const INVALID_LOCALE: &str = "invalid-locale";
    /// A name the shopper's default language cannot show.
    pub const MISSING_DEFAULT_LOCALE_NAME: &str = "missing-default-locale-name";

    // Links.
    /// A URL that cannot be read as a URL.
    pub const INVALID_URL: &str = "invalid-url";
    /// `javascript:`, `data:`, `file:` and every other scheme but https.
    pub const UNSAFE_URL_SCHEME: &str = "unsafe-url-scheme";
    /// Plain `http:` to anything but localhost.
    pub const INSECURE_URL: &str = "insecure-url";
    /// A relative URL where an absolute one is needed.
    pub const RELATIVE_URL: &str = "relative-url";
    /// A checkout or booking URL on a host not in `allowed_hosts`.
    pub const HOST_NOT_ALLOWED: &str = "host-not-allowed";
    /// An `allowed_hosts` entry that is not a bare host name.
    pub const INVALID_HOST: &str = "invalid-host";
    /// A checkout template placeholder other than `{sku}`, `{checkout_id}`, `{quantity}`.
    pub const UNKNOWN_PLACEHOLDER: &str = "unknown-placeholder";
    /// A checkout template that names no item (`{sku}` or `{checkout_id}`).
    pub const TEMPLATE_WITHOUT_ITEM: &str = "template-without-item";
    /// A shop URL with a path, query or fragment (it must be the shop's origin).
    pub const SHOP_URL_NOT_ORIGIN: &str = "shop-url-not-origin";
    /// The checkout kind is not `shopify`, `woocommerce` or `template`.
    pub const UNKNOWN_CHECKOUT_KIND: &str = "unknown-checkout-kind";
    /// A variant without the `checkout_id` its checkout needs.
    pub const MISSING_CHECKOUT_ID: &str = "missing-checkout-id";
    /// A Shopify or WooCommerce `checkout_id` that is not a number.
    pub const INVALID_CHECKOUT_ID: &str = "invalid-checkout-id";
    /// `booking` is neither `{"endpoint": …}` nor `{"link": …}`.
    pub const INVALID_BOOKING: &str = "invalid-booking";
    /// `booking.capacity` is not a whole number from 1 to 100, or sits beside a `link`.
    pub const INVALID_BOOKING_CAPACITY: &str = "invalid-booking-capacity";

    // Stores.
    /// Latitude or longitude out of range.
    pub const COORDINATES_OUT_OF_RANGE: &str = "coordinates-out-of-range";
    /// A store at latitude 0, longitude 0.
    pub const ZERO_COORDINATES: &str = "zero-coordinates";
    /// Not an IANA time zone name.
    pub const UNKNOWN_TIME_ZONE: &str = "unknown-time-zone";
    /// An old IANA name (`Asia/Calcutta`) that still works but has a current name.
    pub const DEPRECATED_TIME_ZONE: &str = "deprecated-time-zone";
    /// A time range that is not `HH:MM-HH:MM`.
    pub const INVALID_HOURS: &str = "invalid-hours";
    /// A time range that ends before it starts.
    pub const HOURS_END_BEFORE_START: &str = "hours-end-before-start";
    /// Two time ranges of one day overlap.
    pub const OVERLAPPING_HOURS: &str = "overlapping-hours";
    /// A day key other than `mon` … `sun`.
    pub const UNKNOWN_DAY: &str = "unknown-day";
    /// An exception date that is not a real `YYYY-MM-DD` date.
    pub const INVALID_DATE: &str = "invalid-date";
    /// Two exceptions for one date.
    pub const DUPLICATE_EXCEPTION_DATE: &str = "duplicate-exception-date";
    /// An `on_display` SKU the retailer does not sell.
    pub const UNKNOWN_ON_DISPLAY_SKU: &str = "unknown-on-display-sku";
    /// A phone number not in international format.
    pub const INVALID_PHONE: &str = "invalid-phone";

    // Products.
    /// A dimension that is zero, negative or not whole millimetres.
    pub const INVALID_DIMENSION: &str = "invalid-dimension";
    /// A dimension of 10 m or more.
    pub const IMPLAUSIBLE_DIMENSION: &str = "implausible-dimension";
    /// A placement other than `floor`, `wall`, `tabletop`.
    pub const INVALID_PLACEMENT: &str = "invalid-placement";
    /// A category the format does not list.
    pub const UNKNOWN_CATEGORY: &str = "unknown-category";
    /// A swatch that is neither `#rrggbb` nor an image URL.
    pub const INVALID_SWATCH: &str = "invalid-swatch";
    /// A product with several variants where one names no glTF variant.
    pub const MISSING_GLTF_VARIANT: &str = "missing-gltf-variant";
    /// Two variants of one product name the same glTF variant.
    pub const DUPLICATE_GLTF_VARIANT: &str = "duplicate-gltf-variant";

    // Against the model (catalog::check_models).
    /// The model file could not be read.
    pub const MODEL_UNREADABLE: &str = "model-unreadable";
    /// A remote model that was not fetched, so not checked.
    pub const MODEL_NOT_CHECKED: &str = "model-not-checked";
    /// The model is not a glTF roomfit can show (the asset loader's error).
    pub const MODEL_INVALID: &str = "model-invalid";
    /// The model's size differs from `dimensions_mm` on one axis.
    pub const MODEL_SIZE_MISMATCH: &str = "model-size-mismatch";
    /// The model is off by a unit factor on every axis (cm exported as m, …).
    pub const MODEL_WRONG_SCALE: &str = "model-wrong-scale";
    /// `dimensions_mm` is off by a unit factor on every axis (written in cm or inches).
    pub const DIMENSIONS_WRONG_UNIT: &str = "dimensions-wrong-unit";
    /// The model has the right size the wrong way round (Z up, or turned 90°).
    pub const MODEL_WRONG_ORIENTATION: &str = "model-wrong-orientation";
    /// A wall item deeper than 20 cm.
    pub const WALL_ITEM_TOO_DEEP: &str = "wall-item-too-deep";
    /// A catalog `gltf_variant` the model does not have.
    pub const MODEL_MISSING_VARIANT: &str = "model-missing-variant";
    /// More than 300 000 triangles.
    pub const TOO_MANY_TRIANGLES: &str = "too-many-triangles";
    /// A texture wider or taller than 2048 pixels.
    pub const TEXTURE_TOO_LARGE: &str = "texture-too-large";
    /// A GLB larger than 15 MB.
    pub const MODEL_FILE_TOO_LARGE: &str = "model-file-too-large";

    /// Every code above, in order.
    pub const ALL: &[&str] = &[
        INVALID_JSON,
        INVALID_SHAPE,
        WRONG_TYPE,
        MISSING_FIELD,
        UNKNOWN_FIELD,
        EMPTY_VALUE,
        UNSUPPORTED_VERSION,
        NO_RETAILERS,
        NO_PRODUCTS,
        NO_VARIANTS,
        DUPLICATE_RETAILER_ID,
        DUPLICATE_STORE_ID,
        DUPLICATE_PRODUCT_ID,
        DUPLICATE_SKU,
        UNKNOWN_CURRENCY,
        INVALID_PRICE,
        PRICE_DECIMALS,
        ZERO_PRICE,
        INVALID_LOCALE,
        MISSING_DEFAULT_LOCALE_NAME,
        INVALID_URL,
        UNSAFE_URL_SCHEME,
        INSECURE_URL,
        RELATIVE_URL,
        HOST_NOT_ALLOWED,
        INVALID_HOST,
        UNKNOWN_PLACEHOLDER,
        TEMPLATE_WITHOUT_ITEM,
        SHOP_URL_NOT_ORIGIN,
        UNKNOWN_CHECKOUT_KIND,
        MISSING_CHECKOUT_ID,
        INVALID_CHECKOUT_ID,
        INVALID_BOOKING,
        INVALID_BOOKING_CAPACITY,
        COORDINATES_OUT_OF_RANGE,
        ZERO_COORDINATES,
        UNKNOWN_TIME_ZONE,
        DEPRECATED_TIME_ZONE,
        INVALID_HOURS,
        HOURS_END_BEFORE_START,
        OVERLAPPING_HOURS,
        UNKNOWN_DAY,
        INVALID_DATE,
        DUPLICATE_EXCEPTION_DATE,
        UNKNOWN_ON_DISPLAY_SKU,
        INVALID_PHONE,
        INVALID_DIMENSION,
        IMPLAUSIBLE_DIMENSION,
        INVALID_PLACEMENT,
        UNKNOWN_CATEGORY,
        INVALID_SWATCH,
        MISSING_GLTF_VARIANT,
        DUPLICATE_GLTF_VARIANT,
        MODEL_UNREADABLE,
        MODEL_NOT_CHECKED,
        MODEL_INVALID,
        MODEL_SIZE_MISMATCH,
        MODEL_WRONG_SCALE,
        DIMENSIONS_WRONG_UNIT,
        MODEL_WRONG_ORIENTATION,
        WALL_ITEM_TOO_DEEP,
        MODEL_MISSING_VARIANT,
        TOO_MANY_TRIANGLES,
        TEXTURE_TOO_LARGE,
        MODEL_FILE_TOO_LARGE,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_kebab_case_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for c in code::ALL {
            assert!(
                c.split('-')
                    .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase())),
                "{c}"
            );
            assert!(seen.insert(*c), "{c} twice");
        }
    }

    #[test]
    fn display_is_one_line() {
        let i = Issue::error("/retailers/0/currency", code::UNKNOWN_CURRENCY, "Bad.")
            .with_fix("Use EUR.");
        assert_eq!(
            i.to_string(),
            "error /retailers/0/currency: Bad. (fix: Use EUR.)"
        );
        assert_eq!(escape_pointer_token("a/b~c"), "a~1b~0c");
    }
}
