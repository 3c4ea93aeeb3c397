//! The booking flow end to end without a network: a store's slots, a request validated against
//! them and the catalog, and the confirmation's calendar file read back.

use roomfit::catalog;
use roomfit::handoff::appointment::{AppointmentItem, AppointmentRequest};
use roomfit::handoff::hours::OpeningHours;
use roomfit::handoff::ics::{Event, describe_visit, parse_ics, to_ics};
use roomfit::handoff::slots::{SlotOptions, appointment_slots};
use roomfit::handoff::time::Timestamp;
use roomfit::handoff::tz::TimeZone;
use serde_json::json;

fn catalog() -> catalog::Catalog {
    let c = json!({"version": 1, "retailers": [{
        "id": "nordhem", "name": "Nordhem Living", "currency": "EUR", "locale": "de-DE",
        "checkout": {"kind": "shopify", "shop": "https://nordhem.example"},
        "allowed_hosts": ["nordhem.example"],
        "stores": [{
            "id": "berlin", "name": "Nordhem Berlin Mitte",
            "address": "Rosenthaler Str. 40, 10178 Berlin, Germany",
            "location": {"lat": 52.5267, "lon": 13.4019}, "time_zone": "Europe/Berlin",
            "hours": {"weekly": {"mon": ["10:00-20:00"], "sat": ["10:00-18:00"]},
                      "exceptions": [{"date": "2026-03-30", "hours": []}]},
            "on_display": ["NH-OAT"]
        }],
        "products": [{
            "id": "oslo-sofa", "name": {"en": "Oslo sofa"}, "category": "sofa", "placement": "floor",
            "dimensions_mm": {"width": 1, "depth": 1, "height": 1}, "model": {"glb": "x.glb"},
            "variants": [{"sku": "NH-OAT", "checkout_id": "1", "name": {"en": "Oat"}, "price": "1299.00"}]
        }]
    }]});
    catalog::parse(&c.to_string()).unwrap()
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

#[test]
fn book_a_slot_and_get_a_calendar_file() {
    let catalog = catalog();
    let store = &catalog.retailers[0].stores[0];
    let zone = TimeZone::named(&store.time_zone).unwrap();
    let hours = OpeningHours::parse(&store.hours).unwrap();
    // Friday 27 March 2026, 15:00 in Berlin; the clocks change on Sunday; Monday is closed.
    let now = ts("2026-03-27T14:00:00Z");
    let slots = appointment_slots(&hours, &zone, now, SlotOptions::default());
    assert_eq!(slots[0].start.local, "2026-03-28T10:00:00");
    assert_eq!(slots[0].start.at, ts("2026-03-28T09:00:00Z")); // CET
    assert!(
        !slots
            .iter()
            .any(|s| s.start.local.starts_with("2026-03-30"))
    );
    let april_6 = slots
        .iter()
        .find(|s| s.start.local == "2026-04-06T10:00:00")
        .unwrap();
    assert_eq!(april_6.start.at, ts("2026-04-06T08:00:00Z")); // CEST
    // 16 on each of the two Saturdays, 20 on each of the Mondays but the closed one.
    assert_eq!(slots.len(), 2 * 16 + 20);

    let mut request = AppointmentRequest {
        retailer_id: "nordhem".into(),
        store_id: "berlin".into(),
        slot_start: april_6.start.at,
        slot_start_local: Some("2026-04-06T10:00:00".into()),
        name: "Zoë".into(),
        phone: Some("+49 30 1234567".into()),
        email: None,
        items: vec![AppointmentItem {
            product_id: "oslo-sofa".into(),
            sku: "NH-OAT".into(),
            quantity: 1,
        }],
        share_code: "v1.AbCdEf".into(),
        locale: None,
        note: None,
    };
    assert!(request.validate_against(&catalog, &slots).is_ok());
    request.slot_start_local = Some("2026-04-06T09:00:00".into());
    assert_eq!(
        request
            .validate_against(&catalog, &slots)
            .unwrap_err()
            .issues[0]
            .field,
        "/slot_start_local"
    );
    request.slot_start = ts("2026-04-06T08:15:00Z");
    request.items[0].sku = "NH-FOREST".into();
    request.store_id = "paris".into();
    let fields: Vec<String> = request
        .validate_against(&catalog, &slots)
        .unwrap_err()
        .issues
        .into_iter()
        .map(|i| i.field)
        .collect();
    assert_eq!(fields, ["/store_id", "/items/0", "/slot_start"]);

    let ticket = "https://nordhem.example/roomfit/ticket?room=v1.AbCdEf";
    let event = Event {
        uid: format!("{}@roomfit", "0123456789abcdef0123"),
        stamp: now,
        start: april_6.start.at,
        end: april_6.end.at,
        summary: format!("Try-on visit: {}", store.name),
        location: format!("{}, {}", store.name, store.address),
        description: describe_visit(&["Oslo sofa, Oat (NH-OAT) × 1".into()], ticket),
        url: Some(ticket.into()),
        geo: Some(store.location),
    };
    let ics = to_ics(&event);
    let back = parse_ics(&ics).unwrap();
    assert_eq!(back, vec![event]);
    assert!(back[0].description.contains(ticket));
    assert!(ics.contains("DTSTART:20260406T080000Z\r\n"));
}
