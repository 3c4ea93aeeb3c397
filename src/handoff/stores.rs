//! Nearby stores: ranked by distance from the shopper (or, without a location, by how well
//! their addresses match a typed city or postcode), each with open-now or the next opening in
//! its own time zone, which of the room's items it has on display, directions and its booking
//! link.

use serde::Serialize;

use super::geo::{
    Directions, Distance, LocationError, Units, check_location, directions, distance_m,
};
use super::hours::{OpenStatus, OpeningHours};
use super::search::match_score;
use super::time::Timestamp;
use super::tz::TimeZone;
use super::url::{Url, check_outbound};
use crate::catalog::{Booking, Catalog, Location, Retailer, Store};

/// A store search that found nothing or could not run.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum StoreError {
    /// The shopper's location is not a coordinate.
    #[error(transparent)]
    Location(#[from] LocationError),
    /// Nothing typed.
    #[error("Type a city or a postcode to find stores near it.")]
    EmptyQuery,
    /// Longer than anyone types.
    #[error("That search is too long; type just a city or a postcode.")]
    QueryTooLong,
    /// No address matches.
    #[error(
        "No store address matches \"{0}\". Check the spelling, try the city's name or a postcode, or share your location."
    )]
    NoMatch(String),
    /// No stores at all for these retailers.
    #[error("These retailers have no stores listed.")]
    NoStores,
}

/// What the search needs besides the catalog. The clock and location are plain data.
#[derive(Debug, Clone, Copy)]
pub struct StoreContext<'a> {
    /// Only these retailers' stores; empty for all.
    pub retailer_ids: &'a [String],
    /// The SKUs in the room, to report which are on display.
    pub room_skus: &'a [String],
    /// Now, for open / closed.
    pub now: Timestamp,
    /// Distance units.
    pub units: Units,
    /// The catalog's URL, for relative booking URLs.
    pub catalog_url: Option<&'a Url>,
    /// When several catalogs were merged: each retailer's own catalog URL (retailer id, URL),
    /// which its relative booking URLs resolve against instead of `catalog_url`.
    pub retailer_urls: &'a [(String, Url)],
    /// Development only: booking endpoints on loopback over http.
    pub allow_localhost_http: bool,
}

impl<'a> StoreContext<'a> {
    /// The URL a retailer's relative URLs resolve against: its own catalog's when listed in
    /// `retailer_urls`, else `catalog_url`.
    pub fn base_for(&self, retailer_id: &str) -> Option<&'a Url> {
        base_for(self.retailer_urls, self.catalog_url, retailer_id)
    }
}

/// The URL `retailer_id`'s relative URLs resolve against: its entry in `retailer_urls` (merged
/// catalogs), else `catalog_url`.
pub fn base_for<'a>(
    retailer_urls: &'a [(String, Url)],
    catalog_url: Option<&'a Url>,
    retailer_id: &str,
) -> Option<&'a Url> {
    retailer_urls
        .iter()
        .find(|(id, _)| id == retailer_id)
        .map(|(_, u)| u)
        .or(catalog_url)
}

/// The retailers that sell any of `room`'s products (`(retailer id, product id)`): the
/// product's own retailer, and every retailer with a product whose model is the same file (a
/// resold product: the GLB URL resolved against each retailer's catalog, as with
/// [`StoreContext::base_for`]), in catalog order.
pub fn sellers(
    catalog: &Catalog,
    retailer_urls: &[(String, Url)],
    catalog_url: Option<&Url>,
    room: &[(String, String)],
) -> Vec<String> {
    let model_of = |r: &Retailer, glb: &str| -> String {
        match base_for(retailer_urls, catalog_url, &r.id).map(|b| b.join(glb)) {
            Some(Ok(u)) => u.to_string(),
            // Not resolvable: only the same text in the same retailer's catalog matches.
            _ => format!("{}\u{0}{glb}", r.id),
        }
    };
    let wanted: Vec<String> = room
        .iter()
        .filter_map(|(rid, pid)| {
            let r = catalog.retailers.iter().find(|r| &r.id == rid)?;
            let p = r.products.iter().find(|p| &p.id == pid)?;
            Some(model_of(r, &p.model.glb))
        })
        .collect();
    catalog
        .retailers
        .iter()
        .filter(|r| {
            room.iter().any(|(rid, _)| rid == &r.id)
                || r.products
                    .iter()
                    .any(|p| wanted.contains(&model_of(r, &p.model.glb)))
        })
        .map(|r| r.id.clone())
        .collect()
}

/// Where to book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum BookingTarget {
    /// POST the appointment request here (docs/booking.md).
    Endpoint {
        /// Checked URL.
        url: String,
    },
    /// Open this page.
    Link {
        /// Checked URL.
        url: String,
    },
}

/// A store as the shopper sees it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NearbyStore {
    /// Retailer id.
    pub retailer_id: String,
    /// Retailer name.
    pub retailer_name: String,
    /// Store id.
    pub store_id: String,
    /// Store name.
    pub name: String,
    /// One-line address.
    pub address: String,
    /// Phone.
    pub phone: Option<String>,
    /// Where.
    pub location: Location,
    /// IANA zone of its hours.
    pub time_zone: String,
    /// From the shopper; `None` for an address search.
    pub distance: Option<Distance>,
    /// Open now or next opening; `None` when the hours or zone could not be read
    /// (`hours_problem` says why).
    pub status: Option<OpenStatus>,
    /// Why `status` is missing.
    pub hours_problem: Option<String>,
    /// The room's SKUs this store has on display, in room order.
    pub on_display: Vec<String>,
    /// Map links.
    pub directions: Directions,
    /// How to book; `None` if the store takes no bookings or its URL was refused
    /// (`booking_problem` says why).
    pub booking: Option<BookingTarget>,
    /// Why `booking` is missing although the catalog has one.
    pub booking_problem: Option<String>,
}

/// Stores ranked by great-circle distance from `origin`, nearest first.
pub fn stores_near(
    catalog: &Catalog,
    origin: Location,
    context: &StoreContext<'_>,
) -> Result<Vec<NearbyStore>, StoreError> {
    let origin = check_location(origin)?;
    let mut found: Vec<NearbyStore> = candidate_stores(catalog, context)
        .map(|(retailer, store)| {
            let mut view = describe(retailer, store, context);
            if check_location(store.location).is_ok() {
                view.distance = Some(Distance::new(
                    distance_m(origin, store.location),
                    context.units,
                ));
            }
            view
        })
        .collect();
    if found.is_empty() {
        return Err(StoreError::NoStores);
    }
    // Stores with an unusable location go last.
    found.sort_by(|a, b| {
        let key = |s: &NearbyStore| s.distance.as_ref().map_or(f64::INFINITY, |d| d.meters);
        key(a)
            .total_cmp(&key(b))
            .then_with(|| a.store_id.cmp(&b.store_id))
    });
    Ok(found)
}

/// Stores whose address matches `query` (a city or postcode), best match first.
pub fn stores_matching(
    catalog: &Catalog,
    query: &str,
    context: &StoreContext<'_>,
) -> Result<Vec<NearbyStore>, StoreError> {
    let query = query.trim();
    if query.chars().count() > 100 {
        return Err(StoreError::QueryTooLong);
    }
    if !query.chars().any(super::search::is_word_char) {
        return Err(StoreError::EmptyQuery);
    }
    let mut scored: Vec<(u32, NearbyStore)> = candidate_stores(catalog, context)
        .filter_map(|(retailer, store)| {
            let score = match_score(query, &store.address)?;
            Some((score, describe(retailer, store, context)))
        })
        .collect();
    if scored.is_empty() {
        return Err(StoreError::NoMatch(query.to_owned()));
    }
    scored.sort_by(|(sa, a), (sb, b)| sb.cmp(sa).then_with(|| a.name.cmp(&b.name)));
    Ok(scored.into_iter().map(|(_, store)| store).collect())
}

fn candidate_stores<'a>(
    catalog: &'a Catalog,
    context: &'a StoreContext<'_>,
) -> impl Iterator<Item = (&'a Retailer, &'a Store)> + 'a {
    catalog
        .retailers
        .iter()
        .filter(|r| context.retailer_ids.is_empty() || context.retailer_ids.contains(&r.id))
        .flat_map(|r| r.stores.iter().map(move |s| (r, s)))
}

fn describe(retailer: &Retailer, store: &Store, context: &StoreContext<'_>) -> NearbyStore {
    let (status, hours_problem) = match open_status(store, context.now) {
        Ok(status) => (Some(status), None),
        Err(problem) => (None, Some(problem)),
    };
    let (booking, booking_problem) = match booking_target(retailer, store, context) {
        Ok(booking) => (booking, None),
        Err(problem) => (None, Some(problem)),
    };
    NearbyStore {
        retailer_id: retailer.id.clone(),
        retailer_name: retailer.name.clone(),
        store_id: store.id.clone(),
        name: store.name.clone(),
        address: store.address.clone(),
        phone: store.phone.clone(),
        location: store.location,
        time_zone: store.time_zone.clone(),
        distance: None,
        status,
        hours_problem,
        on_display: context
            .room_skus
            .iter()
            .filter(|sku| store.on_display.contains(sku))
            .cloned()
            .collect(),
        directions: directions(store.location, &store.name),
        booking,
        booking_problem,
    }
}

/// The store's open-now status at `now`.
pub fn open_status(store: &Store, now: Timestamp) -> Result<OpenStatus, String> {
    let zone = TimeZone::named(&store.time_zone).map_err(|e| e.to_string())?;
    let hours = OpeningHours::parse(&store.hours).map_err(|e| e.to_string())?;
    Ok(hours.status(&zone, now))
}

fn booking_target(
    retailer: &Retailer,
    store: &Store,
    context: &StoreContext<'_>,
) -> Result<Option<BookingTarget>, String> {
    let check = |url: &str| {
        check_outbound(
            url,
            context.base_for(&retailer.id),
            &retailer.allowed_hosts,
            context.allow_localhost_http,
        )
        .map(|u| u.to_string())
        .map_err(|e| format!("booking URL refused: {e}"))
    };
    Ok(match &store.booking {
        None => None,
        Some(Booking::Endpoint { endpoint, .. }) => Some(BookingTarget::Endpoint {
            url: check(endpoint)?,
        }),
        Some(Booking::Link { link }) => Some(BookingTarget::Link { url: check(link)? }),
    })
}
