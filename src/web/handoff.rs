//! The handoff functions for the browser, in their own wasm build (`--features handoff-web`,
//! `www/pkg/handoff/`), which the demo loads only when the shopper opens "Checkout" or "Find a
//! store", so the default WebGPU build does not grow. One handle, `Handoff`, made from the
//! catalog; answers are JSON text (the page parses it), errors are `Error` objects with a `code`.

use serde::Deserialize;
use wasm_bindgen::prelude::*;

use crate::catalog::{self, Catalog, Location, Retailer};
use crate::handoff::checkout::{CartLine, plan_merged_checkout};
use crate::handoff::geo::Units;
use crate::handoff::hours::OpeningHours;
use crate::handoff::ics::{Event, describe_visit, to_ics};
use crate::handoff::qr::QrCode;
use crate::handoff::slots::{SlotOptions, appointment_slots};
use crate::handoff::stores::{StoreContext, sellers, stores_matching, stores_near};
use crate::handoff::time::Timestamp;
use crate::handoff::tz::TimeZone;
use crate::handoff::url::Url;

use super::errors::js_error;

/// The most bytes of JSON any call accepts (a cart or a visit is far smaller).
const MAX_INPUT: usize = 64 * 1024;

/// The catalog's checkout, store and visit functions for one page.
#[wasm_bindgen]
pub struct Handoff {
    catalog: Catalog,
    catalog_url: Option<Url>,
    /// Merged catalogs: each retailer's own catalog URL, for its relative URLs.
    retailer_urls: Vec<(String, Url)>,
    allow_localhost_http: bool,
}

/// The most bytes of merged catalogs' JSON.
const MAX_CATALOGS: usize = 32 * 1024 * 1024;

/// A retailer of merged catalogs, as the element's `retailers()` gives it.
#[derive(Deserialize)]
struct Sourced {
    source: String,
    retailer: Retailer,
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, JsValue> {
    serde_json::to_string(value).map_err(|e| js_error("internal", "", &e.to_string()))
}

fn from_json<'a, T: Deserialize<'a>>(text: &'a str, what: &str) -> Result<T, JsValue> {
    if text.len() > MAX_INPUT {
        return Err(js_error(
            "too-large",
            "",
            &format!("the {what} is over {MAX_INPUT} bytes"),
        ));
    }
    serde_json::from_str(text).map_err(|e| js_error("invalid-input", "", &format!("{what}: {e}")))
}

fn timestamp(now_ms: f64) -> Result<Timestamp, JsValue> {
    if !now_ms.is_finite() {
        return Err(js_error("invalid-input", "", "the time is not a number"));
    }
    Timestamp::from_unix_seconds((now_ms / 1000.0).floor() as i64)
        .map_err(|e| js_error("invalid-input", "", &e.to_string()))
}

/// The retailer ids to keep (a JSON array), or none given: all.
fn only(retailers_json: Option<&str>) -> Result<Vec<String>, JsValue> {
    let ids: Vec<String> = match retailers_json {
        None => return Ok(Vec::new()),
        Some(text) => from_json(text, "retailer list")?,
    };
    if ids.is_empty() {
        // An empty list would mean "all" to the search: no retailer sells it.
        return Err(js_error(
            "stores",
            "",
            "None of the catalogs' retailers sells these products.",
        ));
    }
    Ok(ids)
}

/// A visit for the calendar file: what the page knows after booking.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Visit {
    uid: String,
    start: Timestamp,
    end: Timestamp,
    summary: String,
    location: String,
    items: Vec<String>,
    ticket_url: String,
    geo: Option<Location>,
}

#[wasm_bindgen]
impl Handoff {
    /// Reads the catalog (its JSON text) fetched from `catalog_url`. `allow_localhost_http`
    /// lets checkout and booking URLs point at loopback over http (the demo server only).
    #[wasm_bindgen(constructor)]
    pub fn new(
        catalog_json: &str,
        catalog_url: &str,
        allow_localhost_http: bool,
    ) -> Result<Handoff, JsValue> {
        let catalog = catalog::parse(catalog_json)
            .map_err(|e| js_error("invalid-catalog", "", &e.to_string()))?;
        let catalog_url = Url::parse(catalog_url).ok();
        Ok(Handoff {
            catalog,
            catalog_url,
            retailer_urls: Vec::new(),
            allow_localhost_http,
        })
    }

    /// Over several catalogs merged (the element's `retailers()`: JSON `[{source, retailer}]`):
    /// each retailer's relative checkout and booking URLs resolve against its own catalog's URL
    /// (`source`).
    pub fn merged(retailers_json: &str, allow_localhost_http: bool) -> Result<Handoff, JsValue> {
        if retailers_json.len() > MAX_CATALOGS {
            return Err(js_error(
                "too-large",
                "",
                &format!("the catalogs are over {MAX_CATALOGS} bytes"),
            ));
        }
        let sourced: Vec<Sourced> = serde_json::from_str(retailers_json)
            .map_err(|e| js_error("invalid-catalog", "", &e.to_string()))?;
        let retailer_urls = sourced
            .iter()
            .filter_map(|s| Some((s.retailer.id.clone(), Url::parse(&s.source).ok()?)))
            .collect();
        Ok(Handoff {
            catalog: Catalog {
                version: 1,
                retailers: sourced.into_iter().map(|s| s.retailer).collect(),
            },
            catalog_url: None,
            retailer_urls,
            allow_localhost_http,
        })
    }

    /// The retailers that sell any product of the room (JSON `[{retailer, product}]`, as the
    /// element's `roomItems()`): its own retailers and those that resell the same model; JSON
    /// array of retailer ids, in catalog order.
    pub fn sellers(&self, room_json: &str) -> Result<String, JsValue> {
        #[derive(Deserialize)]
        struct Item {
            retailer: String,
            product: String,
        }
        let items: Vec<Item> = from_json(room_json, "room")?;
        let room: Vec<(String, String)> =
            items.into_iter().map(|i| (i.retailer, i.product)).collect();
        to_json(&sellers(
            &self.catalog,
            &self.retailer_urls,
            self.catalog_url.as_ref(),
            &room,
        ))
    }

    /// The cart (`[{retailer_id, product_id, sku, quantity}]`, JSON) as checkout links per
    /// retailer, JSON; the whole cart fails if any line is wrong.
    pub fn checkout(&self, cart_json: &str) -> Result<String, JsValue> {
        let cart: Vec<CartLine> = from_json(cart_json, "cart")?;
        let plan = plan_merged_checkout(
            &self.catalog,
            &cart,
            &self.retailer_urls,
            self.catalog_url.as_ref(),
            self.allow_localhost_http,
        )
        .map_err(|e| js_error("checkout", "", &e.to_string()))?;
        to_json(&plan)
    }

    fn context<'a>(
        &'a self,
        retailers: &'a [String],
        skus: &'a [String],
        now: Timestamp,
    ) -> StoreContext<'a> {
        StoreContext {
            retailer_ids: retailers,
            room_skus: skus,
            now,
            units: Units::Metric,
            catalog_url: self.catalog_url.as_ref(),
            retailer_urls: &self.retailer_urls,
            allow_localhost_http: self.allow_localhost_http,
        }
    }

    /// Stores nearest to (`lat`, `lon`) first, with open status, the room's SKUs (JSON array)
    /// on display and directions; JSON. `retailers_json` (a JSON array of retailer ids, such as
    /// [`Handoff::sellers`] gives) keeps only those retailers' stores; without it, all.
    pub fn stores_near(
        &self,
        lat: f64,
        lon: f64,
        skus_json: &str,
        now_ms: f64,
        retailers_json: Option<String>,
    ) -> Result<String, JsValue> {
        let skus: Vec<String> = from_json(skus_json, "SKU list")?;
        let retailers = only(retailers_json.as_deref())?;
        let now = timestamp(now_ms)?;
        let found = stores_near(
            &self.catalog,
            Location { lat, lon },
            &self.context(&retailers, &skus, now),
        )
        .map_err(|e| js_error("stores", "", &e.to_string()))?;
        to_json(&found)
    }

    /// Stores whose address matches a city or postcode, best first; JSON. `retailers_json` as
    /// for [`Handoff::stores_near`].
    pub fn stores_matching(
        &self,
        query: &str,
        skus_json: &str,
        now_ms: f64,
        retailers_json: Option<String>,
    ) -> Result<String, JsValue> {
        let skus: Vec<String> = from_json(skus_json, "SKU list")?;
        let retailers = only(retailers_json.as_deref())?;
        let now = timestamp(now_ms)?;
        let found = stores_matching(&self.catalog, query, &self.context(&retailers, &skus, now))
            .map_err(|e| js_error("stores", "", &e.to_string()))?;
        to_json(&found)
    }

    /// A store's 30-minute slots for the next 14 days from now, none past, in its own zone; JSON.
    pub fn slots(&self, store_id: &str, now_ms: f64) -> Result<String, JsValue> {
        let now = timestamp(now_ms)?;
        let store = self
            .catalog
            .retailers
            .iter()
            .flat_map(|r| r.stores.iter())
            .find(|s| s.id == store_id)
            .ok_or_else(|| js_error("unknown-store", "", &format!("no store {store_id}")))?;
        let zone = TimeZone::named(&store.time_zone)
            .map_err(|e| js_error("store-hours", "", &e.to_string()))?;
        let hours = OpeningHours::parse(&store.hours)
            .map_err(|e| js_error("store-hours", "", &e.to_string()))?;
        to_json(&appointment_slots(
            &hours,
            &zone,
            now,
            SlotOptions::default(),
        ))
    }

    /// The `.ics` text (RFC 5545) of a booked visit given as JSON
    /// `{uid, start, end, summary, location, items, ticket_url, geo}`.
    pub fn ics(&self, visit_json: &str, now_ms: f64) -> Result<String, JsValue> {
        let v: Visit = from_json(visit_json, "visit")?;
        let stamp = timestamp(now_ms)?;
        Ok(to_ics(&Event {
            description: describe_visit(&v.items, &v.ticket_url),
            uid: v.uid,
            stamp,
            start: v.start,
            end: v.end,
            summary: v.summary,
            location: v.location,
            url: Some(v.ticket_url),
            geo: v.geo,
        }))
    }

    /// A QR code of `text` (the try-on ticket URL) as SVG markup.
    pub fn qr_svg(&self, text: &str) -> Result<String, JsValue> {
        QrCode::encode(text.as_bytes())
            .map(|q| q.to_svg())
            .map_err(|e| js_error("qr", "", &e.to_string()))
    }
}
