//! From the room to a purchase or a store visit: checkout URLs per retailer, nearby stores with
//! opening hours and display stock, appointment slots and requests, calendar files and analytics
//! events. Pure Rust: the clock, the shopper's location and the catalog come in as plain data,
//! and every URL handed out passes [`url::check_outbound`].

pub mod analytics;
pub mod appointment;
pub mod geo;
pub mod hours;
pub mod ics;
pub mod money;
pub mod qr;
pub mod search;
pub mod slots;
pub mod stores;
pub mod time;
pub mod tz;
mod tz_table;
pub mod url;

pub mod checkout;

use crate::catalog::Localized;

/// The text for `locale` (`de-DE`), else its language (`de`), else English, else any.
pub fn localized(text: &Localized, locale: &str) -> String {
    let language = locale.split('-').next().unwrap_or(locale);
    text.get(locale)
        .or_else(|| text.get(language))
        .or_else(|| {
            text.iter()
                .find(|(k, _)| k.split('-').next() == Some(language))
                .map(|(_, v)| v)
        })
        .or_else(|| text.get("en"))
        .or_else(|| text.values().next())
        .cloned()
        .unwrap_or_default()
}
