//! Analytics events for the host page: GA4's ecommerce events with its item shape, and
//! roomfit's own. roomfit sends nothing anywhere; the web layer hands each event to the page
//! (as `{"name": …, "params": {…}}`, ready for `gtag('event', name, params)`), which decides.
//! No event carries the shopper's location, typed text or contact details.

use serde::Serialize;

use super::checkout::RetailerCheckout;
use super::localized;
use super::money::{Amount, PriceError};
use super::time::Timestamp;
use crate::catalog::{Placement, Product, Retailer, Variant};

/// A GA4 ecommerce item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ga4Item {
    /// The SKU.
    pub item_id: String,
    /// Product name in the retailer's locale.
    pub item_name: String,
    /// The retailer's name.
    pub item_brand: String,
    /// Variant name in the retailer's locale.
    pub item_variant: String,
    /// The product's category.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item_category: Option<String>,
    /// Unit price.
    pub price: f64,
    /// Quantity.
    pub quantity: u32,
}

impl Ga4Item {
    /// An item from the catalog.
    pub fn new(
        retailer: &Retailer,
        product: &Product,
        variant: &Variant,
        quantity: u32,
    ) -> Result<Ga4Item, PriceError> {
        Ok(Ga4Item {
            item_id: variant.sku.clone(),
            item_name: localized(&product.name, &retailer.locale),
            item_brand: retailer.name.clone(),
            item_variant: localized(&variant.name, &retailer.locale),
            item_category: Some(product.category.clone()),
            price: Amount::parse(&variant.price)?.to_f64(),
            quantity,
        })
    }
}

/// GA4's parameters of `view_item`, `add_to_cart` and `begin_checkout`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Ecommerce {
    /// ISO 4217.
    pub currency: String,
    /// Sum of price × quantity.
    pub value: f64,
    /// The items.
    pub items: Vec<Ga4Item>,
}

impl Ecommerce {
    /// One retailer's items (GA4 takes one currency per event).
    pub fn new(retailer: &Retailer, items: Vec<Ga4Item>) -> Ecommerce {
        let value = items
            .iter()
            .map(|i| i.price * f64::from(i.quantity))
            .sum::<f64>();
        Ecommerce {
            currency: retailer.currency.clone(),
            value: (value * 100.0).round() / 100.0,
            items,
        }
    }

    /// From a planned checkout (for `begin_checkout`), with the exact total.
    pub fn from_checkout(checkout: &RetailerCheckout) -> Result<Ecommerce, PriceError> {
        let mut items = Vec::with_capacity(checkout.lines.len());
        for line in &checkout.lines {
            items.push(Ga4Item {
                item_id: line.sku.clone(),
                item_name: line.product_name.clone(),
                item_brand: checkout.retailer_name.clone(),
                item_variant: line.variant_name.clone(),
                item_category: None,
                price: Amount::parse(&line.unit_price)?.to_f64(),
                quantity: line.quantity,
            });
        }
        Ok(Ecommerce {
            currency: checkout.currency.clone(),
            value: Amount::parse(&checkout.total)?.to_f64(),
            items,
        })
    }
}

/// How AR started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ArMode {
    /// WebXR immersive-ar.
    Webxr,
    /// iOS AR Quick Look with a USDZ.
    QuickLook,
    /// Android Scene Viewer.
    SceneViewer,
    /// roomfit's own camera tracking.
    Camera,
}

/// How the shopper looked for a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StoreSearchMethod {
    /// The Geolocation API.
    Location,
    /// A typed city or postcode.
    Address,
}

/// `ar_start`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArStart {
    /// How.
    pub mode: ArMode,
    /// Items in the room when it started.
    pub item_count: u32,
}

/// `item_placed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemPlaced {
    /// The SKU.
    pub item_id: String,
    /// Retailer id.
    pub retailer_id: String,
    /// Product id.
    pub product_id: String,
    /// Floor, wall or tabletop.
    pub placement: Placement,
    /// Whether it fits where it was put (no collision, inside the room).
    pub fits: bool,
}

/// `variant_changed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VariantChanged {
    /// Retailer id.
    pub retailer_id: String,
    /// Product id.
    pub product_id: String,
    /// SKU before.
    pub from_item_id: String,
    /// SKU after.
    pub item_id: String,
}

/// `store_search`: how, and how many stores came back (not where, not what was typed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoreSearch {
    /// Location or typed address.
    pub method: StoreSearchMethod,
    /// Stores found.
    pub result_count: u32,
}

/// `appointment_booked`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AppointmentBooked {
    /// Retailer id.
    pub retailer_id: String,
    /// Store id.
    pub store_id: String,
    /// Slot start.
    pub slot_start: Timestamp,
    /// Currency of `value`.
    pub currency: String,
    /// Value of the items to be seen.
    pub value: f64,
    /// The items (GA4 shape).
    pub items: Vec<Ga4Item>,
}

/// An event for the host page: `{"name": "add_to_cart", "params": {…}}`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "name", content = "params", rename_all = "snake_case")]
pub enum AnalyticsEvent {
    /// GA4 `view_item`: a product opened in the viewer.
    ViewItem(Ecommerce),
    /// GA4 `add_to_cart`: added to the room's cart.
    AddToCart(Ecommerce),
    /// GA4 `begin_checkout`: one per retailer, as the shopper leaves for its checkout.
    BeginCheckout(Ecommerce),
    /// AR started.
    ArStart(ArStart),
    /// An item was placed in the room.
    ItemPlaced(ItemPlaced),
    /// A placed item switched variant.
    VariantChanged(VariantChanged),
    /// Stores were searched.
    StoreSearch(StoreSearch),
    /// A visit was booked.
    AppointmentBooked(AppointmentBooked),
}

impl AnalyticsEvent {
    /// The event name (`view_item`, `ar_start`, …).
    pub fn name(&self) -> &'static str {
        match self {
            AnalyticsEvent::ViewItem(_) => "view_item",
            AnalyticsEvent::AddToCart(_) => "add_to_cart",
            AnalyticsEvent::BeginCheckout(_) => "begin_checkout",
            AnalyticsEvent::ArStart(_) => "ar_start",
            AnalyticsEvent::ItemPlaced(_) => "item_placed",
            AnalyticsEvent::VariantChanged(_) => "variant_changed",
            AnalyticsEvent::StoreSearch(_) => "store_search",
            AnalyticsEvent::AppointmentBooked(_) => "appointment_booked",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog;
    use serde_json::json;

    fn retailer() -> Retailer {
        let json = json!({
            "id": "nordhem", "name": "Nordhem Living", "currency": "EUR", "locale": "de-DE",
            "checkout": {"kind": "shopify", "shop": "https://nordhem.example"},
            "allowed_hosts": ["nordhem.example"],
            "products": [{
                "id": "oslo-sofa", "name": {"en": "Oslo sofa", "de": "Oslo Sofa"}, "category": "sofa",
                "placement": "floor", "dimensions_mm": {"width": 1, "depth": 1, "height": 1},
                "model": {"glb": "x.glb"},
                "variants": [{"sku": "NH-OAT", "checkout_id": "1", "name": {"en": "Oat"}, "price": "1299.00"}]
            }]
        });
        let c = catalog::parse(&json!({"version": 1, "retailers": [json]}).to_string()).unwrap();
        c.retailers.into_iter().next().unwrap()
    }

    #[test]
    fn ga4_shapes() {
        let r = retailer();
        let p = &r.products[0];
        let item = Ga4Item::new(&r, p, &p.variants[0], 2).unwrap();
        let event = AnalyticsEvent::AddToCart(Ecommerce::new(&r, vec![item]));
        assert_eq!(event.name(), "add_to_cart");
        assert_eq!(
            serde_json::to_value(&event).unwrap(),
            json!({
                "name": "add_to_cart",
                "params": {
                    "currency": "EUR",
                    "value": 2598.0,
                    "items": [{
                        "item_id": "NH-OAT", "item_name": "Oslo Sofa", "item_brand": "Nordhem Living",
                        "item_variant": "Oat", "item_category": "sofa", "price": 1299.0, "quantity": 2
                    }]
                }
            })
        );
    }

    #[test]
    fn roomfit_events() {
        let events = [
            AnalyticsEvent::ArStart(ArStart {
                mode: ArMode::QuickLook,
                item_count: 2,
            }),
            AnalyticsEvent::StoreSearch(StoreSearch {
                method: StoreSearchMethod::Address,
                result_count: 3,
            }),
            AnalyticsEvent::ItemPlaced(ItemPlaced {
                item_id: "NH-OAT".into(),
                retailer_id: "nordhem".into(),
                product_id: "oslo-sofa".into(),
                placement: Placement::Floor,
                fits: true,
            }),
        ];
        let values: Vec<serde_json::Value> = events
            .iter()
            .map(|e| serde_json::to_value(e).unwrap())
            .collect();
        assert_eq!(
            values[0],
            json!({"name": "ar_start", "params": {"mode": "quick_look", "item_count": 2}})
        );
        assert_eq!(
            values[1],
            json!({"name": "store_search", "params": {"method": "address", "result_count": 3}})
        );
        assert_eq!(values[2]["params"]["placement"], "floor");
        for (e, v) in events.iter().zip(&values) {
            assert_eq!(v["name"], e.name());
        }
    }
}
