//! Store ranking by distance and by typed address, open status across time zones, display
//! stock and booking links.

use roomfit::catalog::{self, Catalog, Location};
use roomfit::handoff::geo::Units;
use roomfit::handoff::hours::OpenStatus;
use roomfit::handoff::stores::{
    BookingTarget, StoreContext, StoreError, stores_matching, stores_near,
};
use roomfit::handoff::time::{Timestamp, Weekday};
use roomfit::handoff::url::Url;
use serde_json::json;

fn week(range: &str, sunday: Option<&str>) -> serde_json::Value {
    json!({
        "mon": [range], "tue": [range], "wed": [range], "thu": [range], "fri": [range], "sat": [range],
        "sun": sunday.map_or(vec![], |s| vec![s]),
    })
}

fn store(
    id: &str,
    address: &str,
    (lat, lon): (f64, f64),
    zone: &str,
    hours: serde_json::Value,
    booking: serde_json::Value,
    on_display: &[&str],
) -> serde_json::Value {
    json!({
        "id": id, "name": id, "address": address, "location": {"lat": lat, "lon": lon},
        "time_zone": zone, "hours": {"weekly": hours, "exceptions": [{"date": "2026-12-25", "hours": []}]},
        "booking": booking, "on_display": on_display
    })
}

fn fixture() -> Catalog {
    let retailer = |id: &str, host: &str, stores: Vec<serde_json::Value>| {
        json!({
            "id": id, "name": id, "currency": "EUR", "locale": "en", "allowed_hosts": [host],
            "checkout": {"kind": "shopify", "shop": format!("https://{host}")},
            "stores": stores, "products": []
        })
    };
    let c = json!({"version": 1, "retailers": [
        retailer("nordhem", "nordhem.example", vec![
            store("berlin", "Rosenthaler Str. 40, 10178 Berlin, Germany", (52.5267, 13.4019), "Europe/Berlin",
                week("10:00-20:00", None), json!({"endpoint": "/api/stores/berlin/appointments"}), &["SOFA", "LAMP"]),
            store("hamburg", "Neuer Wall 50, 20354 Hamburg, Germany", (53.5515, 9.9903), "Europe/Berlin",
                week("10:00-19:00", None), json!({"link": "https://evil.example/book"}), &["CHAIR"]),
            store("munich", "Kaufingerstraße 1, 80331 München, Germany", (48.1374, 11.5755), "Europe/Berlin",
                week("10:00-19:00", None), json!(null), &[]),
        ]),
        retailer("maple", "maple.example", vec![
            store("brooklyn", "68 Jay St, Brooklyn, NY 11201, USA", (40.7025, -73.9866), "America/New_York",
                week("10:00-19:00", Some("11:00-18:00")), json!({"link": "https://maple.example/visit"}), &["TABLE"]),
            store("broken", "1 Nowhere Rd, Brooklyn, NY 11201, USA", (40.70, -73.98), "America/Brooklyn",
                week("10:00-19:00", None), json!(null), &[]),
        ]),
        retailer("lanting", "lanting.example", vec![
            store("shanghai", "上海市徐汇区安福路288号 (288 Anfu Road, Xuhui, Shanghai 200031, China)", (31.2155, 121.444), "Asia/Shanghai",
                week("10:00-21:30", Some("10:00-21:30")), json!({"endpoint": "https://lanting.example/book"}), &["RUG"]),
        ]),
    ]});
    catalog::parse(&c.to_string()).expect("fixture")
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse_rfc3339(text).unwrap()
}

fn context<'a>(room: &'a [String], now: &str, base: Option<&'a Url>) -> StoreContext<'a> {
    StoreContext {
        retailer_ids: &[],
        room_skus: room,
        now: ts(now),
        units: Units::Metric,
        catalog_url: base,
        retailer_urls: &[],
        allow_localhost_http: false,
    }
}

#[test]
fn ranks_by_distance_with_status_stock_and_links() {
    let catalog = fixture();
    let room = vec!["LAMP".to_owned(), "SOFA".to_owned(), "RUG".to_owned()];
    let base = Url::parse("https://nordhem.example/catalog.json").unwrap();
    // Saturday 2026-03-28, 19:30 in Berlin (18:30Z); the shopper is in Potsdam.
    let ctx = context(&room, "2026-03-28T18:30:00Z", Some(&base));
    let found = stores_near(
        &catalog,
        Location {
            lat: 52.3906,
            lon: 13.0645,
        },
        &ctx,
    )
    .unwrap();
    let ids: Vec<&str> = found.iter().map(|s| s.store_id.as_str()).collect();
    // New York is nearer to Berlin than Shanghai is.
    assert_eq!(
        ids,
        [
            "berlin", "hamburg", "munich", "broken", "brooklyn", "shanghai"
        ]
    );
    let berlin = &found[0];
    assert_eq!(berlin.distance.as_ref().unwrap().text, "27 km");
    assert_eq!(berlin.on_display, ["LAMP", "SOFA"]);
    match &berlin.status {
        Some(OpenStatus::Open { closes }) => {
            assert_eq!(closes.time, "20:00");
            assert_eq!(closes.at, ts("2026-03-28T19:00:00Z"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        berlin.booking,
        Some(BookingTarget::Endpoint {
            url: "https://nordhem.example/api/stores/berlin/appointments".into()
        })
    );
    assert!(
        berlin
            .directions
            .geo_uri
            .starts_with("geo:52.5267,13.4019?q=")
    );
    // Hamburg: closed at 19:30; Sunday closed; the summer-time Monday opens at 08:00Z.
    let hamburg = &found[1];
    match &hamburg.status {
        Some(OpenStatus::Closed { opens: Some(opens) }) => {
            assert_eq!(opens.at, ts("2026-03-30T08:00:00Z"));
            assert_eq!(opens.weekday, Weekday::Mon);
            assert_eq!(opens.time, "10:00");
        }
        other => panic!("{other:?}"),
    }
    // Its booking link points off the retailer's hosts: refused, with the reason.
    assert_eq!(hamburg.booking, None);
    assert!(
        hamburg
            .booking_problem
            .as_deref()
            .unwrap()
            .contains("evil.example")
    );
    // Shanghai: 02:30 on Sunday local, closed until 10:00 local (02:00Z).
    let shanghai = found.iter().find(|s| s.store_id == "shanghai").unwrap();
    match &shanghai.status {
        Some(OpenStatus::Closed { opens: Some(opens) }) => {
            assert_eq!(opens.at, ts("2026-03-29T02:00:00Z"));
            assert_eq!(opens.utc_offset_minutes, 480);
        }
        other => panic!("{other:?}"),
    }
    // Brooklyn, 14:30 EDT on Saturday: open until 19:00.
    let brooklyn = found.iter().find(|s| s.store_id == "brooklyn").unwrap();
    assert!(
        matches!(&brooklyn.status, Some(OpenStatus::Open { closes }) if closes.time == "19:00")
    );
    // An unknown zone does not break the list, it is reported.
    let broken = found.iter().find(|s| s.store_id == "broken").unwrap();
    assert!(broken.status.is_none());
    assert!(
        broken
            .hours_problem
            .as_deref()
            .unwrap()
            .contains("America/Brooklyn")
    );
}

#[test]
fn miles_and_retailer_filter() {
    let catalog = fixture();
    let only_maple = vec!["maple".to_owned()];
    let ctx = StoreContext {
        retailer_ids: &only_maple,
        units: Units::Imperial,
        ..context(&[], "2026-06-01T12:00:00Z", None)
    };
    // From SoHo.
    let found = stores_near(
        &catalog,
        Location {
            lat: 40.7253,
            lon: -73.9996,
        },
        &ctx,
    )
    .unwrap();
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|s| s.retailer_id == "maple"));
    let brooklyn = found.iter().find(|s| s.store_id == "brooklyn").unwrap();
    assert_eq!(brooklyn.distance.as_ref().unwrap().text, "1.7 mi");
    assert!(
        stores_near(
            &catalog,
            Location {
                lat: 91.0,
                lon: 0.0
            },
            &ctx
        )
        .is_err()
    );
    let nobody = vec!["nobody".to_owned()];
    let ctx = StoreContext {
        retailer_ids: &nobody,
        ..ctx
    };
    assert_eq!(
        stores_near(&catalog, Location { lat: 0.0, lon: 0.0 }, &ctx),
        Err(StoreError::NoStores)
    );
}

#[test]
fn typed_city_or_postcode_matches_addresses() {
    let catalog = fixture();
    let ctx = context(&[], "2026-06-01T12:00:00Z", None);
    let names = |q: &str| -> Vec<String> {
        stores_matching(&catalog, q, &ctx)
            .unwrap()
            .into_iter()
            .map(|s| s.store_id)
            .collect()
    };
    assert_eq!(names("Hamburg"), ["hamburg"]);
    assert_eq!(names("muenchen"), ["munich"]);
    assert_eq!(names("MÜNCHEN"), ["munich"]);
    assert_eq!(names("10178"), ["berlin"]);
    assert_eq!(names("上海"), ["shanghai"]);
    assert_eq!(names("shanghai"), ["shanghai"]);
    // Both Brooklyn addresses; "11201" and "Brooklyn" are whole words in both.
    assert_eq!(names("Brooklyn 11201"), ["broken", "brooklyn"]);
    // Germany: every German store, best (whole word) first, then by name.
    assert_eq!(names("germany"), ["berlin", "hamburg", "munich"]);
    let err = stores_matching(&catalog, "Atlantis", &ctx).unwrap_err();
    assert_eq!(err, StoreError::NoMatch("Atlantis".into()));
    assert!(
        err.to_string()
            .contains("No store address matches \"Atlantis\"")
    );
    assert_eq!(
        stores_matching(&catalog, "  ,. ", &ctx),
        Err(StoreError::EmptyQuery)
    );
    assert_eq!(
        stores_matching(&catalog, &"x".repeat(101), &ctx),
        Err(StoreError::QueryTooLong)
    );
    let found = stores_matching(&catalog, "Berlin", &ctx).unwrap();
    assert!(found[0].distance.is_none());
}
