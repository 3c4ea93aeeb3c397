//! From the room to a purchase or a store visit: checkout URLs per retailer, nearby stores with
//! opening hours and display stock, appointment slots and requests, calendar files and analytics
//! events. Pure Rust: the clock, the shopper's location and the catalog come in as plain data,
//! and every URL handed out passes [`url::check_outbound`].

pub mod hours;
pub mod money;
pub mod slots;
pub mod time;
pub mod tz;
mod tz_table;
pub mod url;
