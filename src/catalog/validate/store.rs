//! A retailer's stores: ids, location, time zone, hours, phone, booking and what is on display.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::hours::check_hours;
use super::shape::{Ctx, child, closest, item};
use super::time_zones::{OLD_ZONES, ZONES};
use super::url::{self, Rule};
use crate::catalog::issue::{Issue, code};

/// What the store checks need to know about their retailer and the rest of the file.
pub(crate) struct StoreScope<'a> {
    /// Lower-case allowed hosts, or `None` when `allowed_hosts` itself is broken.
    pub allowed_hosts: Option<&'a [String]>,
    /// Every SKU the retailer sells.
    pub skus: &'a BTreeSet<String>,
    /// Store ids seen so far in the file, with their pointers.
    pub store_ids: &'a mut BTreeMap<String, String>,
}

/// Checks one store at `ptr`.
pub(crate) fn check_store(ctx: &mut Ctx, v: &Value, ptr: &str, scope: &mut StoreScope<'_>) {
    let Some(o) = ctx.object(v, ptr, "A store") else {
        return;
    };
    ctx.fields(
        o,
        "store",
        &["id", "name", "address", "location", "time_zone", "hours"],
        &["phone", "booking", "on_display"],
    );
    if let Some(id) = ctx.text(o, "id", true) {
        if let Some(first) = scope.store_ids.get(id) {
            ctx.push(
                Issue::error(
                    child(ptr, "id"),
                    code::DUPLICATE_STORE_ID,
                    format!("The store id \"{id}\" is already used by the store at {first}."),
                )
                .with_fix("Give every store its own id.".to_string()),
            );
        } else {
            scope.store_ids.insert(id.to_string(), ptr.to_string());
        }
    }
    ctx.text(o, "name", true);
    ctx.text(o, "address", true);
    if let Some(loc) = o.map.get("location") {
        check_location(ctx, loc, &child(ptr, "location"));
    }
    if let Some(tz) = ctx.text(o, "time_zone", true) {
        if let Some(issue) = check_time_zone(tz, &child(ptr, "time_zone")) {
            ctx.push(issue);
        }
    }
    if let Some(hours) = o.map.get("hours") {
        check_hours(ctx, hours, &child(ptr, "hours"));
    }
    if let Some(phone) = ctx.opt_text(o, "phone", true) {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let shape = phone
            .chars()
            .skip(1)
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '(' | ')' | '.'));
        if !phone.starts_with('+') || !shape || !(7..=15).contains(&digits) {
            ctx.push(
                Issue::warning(
                    child(ptr, "phone"),
                    code::INVALID_PHONE,
                    format!("The phone number \"{phone}\" is not in international format, so phones abroad cannot call it."),
                )
                .with_fix("Start with + and the country code, e.g. \"+49 30 1234567\".".to_string()),
            );
        }
    }
    match o.map.get("booking") {
        None | Some(Value::Null) => {}
        Some(b) => check_booking(ctx, b, &child(ptr, "booking"), scope.allowed_hosts),
    }
    if let Some(list) = ctx.list(o, "on_display") {
        let lptr = child(ptr, "on_display");
        for (i, sku) in ctx.texts(list, &lptr, "An on_display SKU") {
            if !scope.skus.contains(sku) {
                let mut issue = Issue::error(
                    item(&lptr, i),
                    code::UNKNOWN_ON_DISPLAY_SKU,
                    format!(
                        "The store lists \"{sku}\" as on display, but the retailer sells no variant with that SKU."
                    ),
                );
                issue = match closest(sku, scope.skus.iter().map(String::as_str)) {
                    Some(s) => issue.with_fix(format!("Did you mean \"{s}\"?")),
                    None => issue.with_fix(
                        "Use the SKU of one of the retailer's variants, or remove it.".to_string(),
                    ),
                };
                ctx.push(issue);
            }
        }
    }
}

fn check_location(ctx: &mut Ctx, v: &Value, ptr: &str) {
    let Some(o) = ctx.object(v, ptr, "\"location\"") else {
        return;
    };
    ctx.fields(o, "location", &["lat", "lon"], &[]);
    let lat = ctx.number(o, "lat");
    let lon = ctx.number(o, "lon");
    let swapped = matches!((lat, lon), (Some(a), Some(b)) if a.abs() > 90.0 && b.abs() <= 90.0);
    for (key, value, max) in [("lat", lat, 90.0), ("lon", lon, 180.0)] {
        if let Some(x) = value {
            if !(-max..=max).contains(&x) {
                let issue = Issue::error(
                    child(ptr, key),
                    code::COORDINATES_OUT_OF_RANGE,
                    format!(
                        "The {} {x} is outside -{max} … {max} degrees.",
                        if key == "lat" {
                            "latitude"
                        } else {
                            "longitude"
                        }
                    ),
                );
                ctx.push(if swapped {
                    issue.with_fix("lat is north–south (-90 … 90) and lon east–west (-180 … 180): if they are swapped, swap them back; otherwise copy the coordinates from a map again.".to_string())
                } else {
                    issue.with_fix("Copy the coordinates from a map again, in decimal degrees (e.g. 52.5267, 13.4019).".to_string())
                });
            }
        }
    }
    if lat == Some(0.0) && lon == Some(0.0) {
        ctx.push(
            Issue::error(
                ptr,
                code::ZERO_COORDINATES,
                "The store is at latitude 0, longitude 0, in the Atlantic Ocean: the location was probably never filled in.",
            )
            .with_fix("Enter the store's real coordinates.".to_string()),
        );
    }
}

/// Famous places that are not IANA zone names, with the zone that covers them.
const CITY_ZONES: &[(&str, &str)] = &[
    ("beijing", "Asia/Shanghai"),
    ("bangalore", "Asia/Kolkata"),
    ("delhi", "Asia/Kolkata"),
    ("mumbai", "Asia/Kolkata"),
    ("newdelhi", "Asia/Kolkata"),
    ("sanfrancisco", "America/Los_Angeles"),
    ("washington", "America/New_York"),
];

/// The issue for a time zone that is not a current IANA name, or `None`.
pub(crate) fn check_time_zone(tz: &str, ptr: &str) -> Option<Issue> {
    if ZONES.binary_search(&tz).is_ok() {
        return None;
    }
    if let Ok(i) = OLD_ZONES.binary_search_by(|(old, _)| old.cmp(&tz)) {
        let current = OLD_ZONES[i].1;
        return Some(
            Issue::warning(
                ptr,
                code::DEPRECATED_TIME_ZONE,
                format!("\"{tz}\" is an old name of the time zone {current}; it still works, but may not forever."),
            )
            .with_fix(format!("Write \"{current}\".")),
        );
    }
    let issue = Issue::error(
        ptr,
        code::UNKNOWN_TIME_ZONE,
        format!(
            "\"{tz}\" is not an IANA time zone name, so opening hours cannot be shown in the shopper's time."
        ),
    );
    let squashed: String = tz
        .rsplit('/')
        .next()
        .unwrap_or(tz)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let by_city = |z: &&str| {
        let city: String = z
            .rsplit('/')
            .next()
            .unwrap_or(z)
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        city == squashed
    };
    let guess = ZONES
        .iter()
        .find(|z| z.eq_ignore_ascii_case(&tz.replace(' ', "_")))
        .or_else(|| ZONES.iter().find(|z| by_city(z)))
        .copied()
        .or_else(|| {
            CITY_ZONES
                .iter()
                .find(|(c, _)| *c == squashed)
                .map(|(_, z)| *z)
        })
        .or_else(|| closest(tz, ZONES.iter().copied()));
    Some(match guess {
        Some(z) => issue.with_fix(format!("Write \"{z}\".")),
        None => issue.with_fix(
            "Use an Area/Location name such as Europe/Berlin, America/New_York or Asia/Shanghai (not an abbreviation like CET or an offset like +01:00)."
                .to_string(),
        ),
    })
}

/// `booking`: `{"endpoint": URL, "capacity": N}` or `{"link": URL}`; relative URLs are resolved against the
/// catalog, absolute ones must be https on an allowed host.
fn check_booking(ctx: &mut Ctx, v: &Value, ptr: &str, allowed_hosts: Option<&[String]>) {
    let Some(o) = ctx.object(v, ptr, "\"booking\"") else {
        return;
    };
    let keys: Vec<&str> = ["endpoint", "link"]
        .into_iter()
        .filter(|k| o.map.contains_key(*k))
        .collect();
    if keys.len() != 1 {
        ctx.push(
            Issue::error(
                ptr,
                code::INVALID_BOOKING,
                if keys.is_empty() {
                    "\"booking\" has neither an \"endpoint\" nor a \"link\".".to_string()
                } else {
                    "\"booking\" has both an \"endpoint\" and a \"link\"; it takes one.".to_string()
                },
            )
            .with_fix("Write {\"endpoint\": URL} for a service implementing roomfit's booking contract, or {\"link\": URL} for your own booking page.".to_string()),
        );
    }
    ctx.fields(o, "booking", &[], &["endpoint", "link", "capacity"]);
    if let Some(capacity) = o.map.get("capacity") {
        let cptr = child(ptr, "capacity");
        match capacity.as_u64() {
            _ if o.map.contains_key("link") => ctx.push(
                Issue::warning(
                    cptr,
                    code::INVALID_BOOKING_CAPACITY,
                    "\"capacity\" is ignored beside a \"link\": your own booking page decides how many visits a slot takes.",
                )
                .with_fix("Remove \"capacity\", or use an \"endpoint\" that implements roomfit's booking contract.".to_string()),
            ),
            Some(1..=100) => {}
            _ => ctx.push(
                Issue::error(
                    cptr,
                    code::INVALID_BOOKING_CAPACITY,
                    format!("The booking capacity must be a whole number from 1 to 100 (visits per 30-minute slot), but it is {capacity}."),
                )
                .with_fix("Write how many shoppers your staff can look after at once, e.g. \"capacity\": 2.".to_string()),
            ),
        }
    }
    for key in keys {
        if let Some(u) = ctx.text(o, key, false) {
            let rule = Rule {
                relative_ok: true,
                allowed_hosts,
            };
            let what = if key == "endpoint" {
                "The booking endpoint"
            } else {
                "The booking link"
            };
            if let Err(issue) = url::check(u, &child(ptr, key), what, rule) {
                ctx.push(issue);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zone_lists_are_sorted() {
        assert!(ZONES.windows(2).all(|w| w[0] < w[1]));
        assert!(OLD_ZONES.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(
            OLD_ZONES
                .iter()
                .all(|(_, z)| ZONES.binary_search(z).is_ok())
        );
    }

    #[test]
    fn every_zone_accepted_here_is_one_handoff_can_compute() {
        for z in ZONES.iter().chain(OLD_ZONES.iter().map(|(old, _)| old)) {
            assert!(crate::handoff::tz::TimeZone::named(z).is_ok(), "{z}");
        }
    }

    #[test]
    fn zones() {
        let fix = |tz: &str| check_time_zone(tz, "/t").map(|i| (i.code, i.fix));
        assert_eq!(fix("Europe/Berlin"), None);
        assert_eq!(fix("America/Argentina/Buenos_Aires"), None);
        assert_eq!(fix("UTC"), None);
        let want = |c: &'static str, z: &str| Some((c, Some(format!("Write \"{z}\"."))));
        assert_eq!(
            fix("Asia/Calcutta"),
            want(code::DEPRECATED_TIME_ZONE, "Asia/Kolkata")
        );
        assert_eq!(
            fix("europe/berlin"),
            want(code::UNKNOWN_TIME_ZONE, "Europe/Berlin")
        );
        assert_eq!(
            fix("America/New York"),
            want(code::UNKNOWN_TIME_ZONE, "America/New_York")
        );
        assert_eq!(
            fix("Berlin"),
            want(code::UNKNOWN_TIME_ZONE, "Europe/Berlin")
        );
        assert_eq!(
            fix("Asia/Beijing"),
            want(code::UNKNOWN_TIME_ZONE, "Asia/Shanghai")
        );
        assert_eq!(
            fix("Europe/Berln"),
            want(code::UNKNOWN_TIME_ZONE, "Europe/Berlin")
        );
        assert_eq!(fix("CET").map(|f| f.0), Some(code::UNKNOWN_TIME_ZONE));
    }
}
