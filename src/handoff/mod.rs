//! From the room to a purchase or a store visit: checkout URLs per retailer, nearby stores with
//! opening hours and display stock, appointment slots and requests, calendar files and analytics
//! events. Pure Rust: the clock, the shopper's location and the catalog come in as plain data,
//! and every URL handed out passes [`url::check_outbound`].
//!
//! Decisions (measured on a wasm32 probe, `opt-level = "s"`, LTO, `wasm-opt -Os`, brotli 11):
//! - **URLs**: our own strict parser ([`url`], about 4 KB brotli) instead of the `url` crate
//!   (about 60 KB brotli, mostly IDNA tables). We need parse, check and build, and a parser that
//!   refuses anything a browser would reinterpret; non-ASCII hosts are refused (write punycode).
//! - **Time zones**: a zone is data, its POSIX TZ rule plus explicit transitions where the rule
//!   is not enough ([`tz`]). The embedded table of all 598 tzdata names costs about 7 KB brotli
//!   on top of about 2 KB for the rule evaluator; `jiff` with its bundled database costs about
//!   71 KB and `chrono-tz` about 69 KB. Only [`tz::TimeZone::named`] pulls the table in: a
//!   build that gets rules elsewhere (the catalog service, or offsets probed from the browser's
//!   `Intl` as explicit transitions) uses [`tz::TimeZone::from_rules`] and pays 2 KB.
//! - **WooCommerce**: one add-to-cart link per line (see [`checkout`]); templates likewise.
//! - Everything here together, driven through serde like the web layer would, adds about 50 KB
//!   brotli to a probe that already parses the catalog; stores and slots are the larger part, so
//!   a web build may load them on demand (after "find a store").

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
