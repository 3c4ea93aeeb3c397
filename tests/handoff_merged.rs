//! Several retailers' catalogs merged, as the element and the demo's "Find a store" use them:
//! each retailer's relative URLs resolve against its own catalog's URL, and the stores offered
//! for a room are those of every retailer that sells one of its products (resellers included).

use roomfit::catalog::{self, Catalog, Location};
use roomfit::handoff::checkout::{CartLine, plan_checkout, plan_merged_checkout};
use roomfit::handoff::geo::Units;
use roomfit::handoff::stores::{BookingTarget, StoreContext, sellers, stores_near};
use roomfit::handoff::time::Timestamp;
use roomfit::handoff::url::Url;

const FILES: [&str; 3] = [
    "catalog-nordhem.json",
    "catalog-maple-grain.json",
    "catalog-lanting.json",
];

/// The sample's three catalogs merged, each from `base(file)`; with each retailer's URL.
fn merged(
    base: impl Fn(&str) -> String,
    edit: impl Fn(&str, &mut String),
) -> (Catalog, Vec<(String, Url)>) {
    let sources: Vec<(String, String)> = FILES
        .iter()
        .map(|f| {
            let mut text = std::fs::read_to_string(format!("models/{f}")).expect("sample catalog");
            edit(f, &mut text);
            (base(f), text)
        })
        .collect();
    let c = catalog::merge(sources.iter().map(|(u, t)| (u.as_str(), t.as_str())));
    assert_eq!(c.issues, vec![]);
    let urls = c
        .retailers
        .iter()
        .map(|r| (r.retailer.id.clone(), Url::parse(&r.source).expect("URL")))
        .collect();
    let catalog = Catalog {
        version: 1,
        retailers: c.retailers.into_iter().map(|r| r.retailer).collect(),
    };
    (catalog, urls)
}

fn own_hosts(file: &str) -> String {
    let host = match file {
        "catalog-nordhem.json" => "nordhem.example",
        "catalog-maple-grain.json" => "maplegrain.example",
        _ => "lanting.example",
    };
    format!("https://{host}/catalog/{file}")
}

fn room(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(r, p)| ((*r).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn the_stores_for_a_room_are_every_seller_s_nearest_first() {
    // All three catalogs in one folder (as in the demo): Lanting's armchair is Nordhem's model.
    let (catalog, urls) = merged(|f| format!("https://cdn.example/models/{f}"), |_, _| {});
    let armchair = room(&[("nordhem", "oslo-armchair")]);
    assert_eq!(
        sellers(&catalog, &urls, None, &armchair),
        ["nordhem", "lanting"]
    );
    assert_eq!(
        sellers(
            &catalog,
            &urls,
            None,
            &room(&[("maple-grain", "round-coffee-table")])
        ),
        ["maple-grain"]
    );
    assert_eq!(
        sellers(&catalog, &urls, None, &room(&[("nobody", "x")])),
        Vec::<String>::new()
    );
    // Lanting's copy of the file on its own host is another file: not the same product.
    let (apart, apart_urls) = merged(own_hosts, |_, _| {});
    assert_eq!(sellers(&apart, &apart_urls, None, &armchair), ["nordhem"]);

    // Stores of those retailers, from Berlin: Nordhem's two, then Lanting's, nearest first.
    let ids = sellers(&catalog, &urls, None, &armchair);
    let skus = vec!["NH-OSLO-AC-FOR".to_owned()];
    let ctx = StoreContext {
        retailer_ids: &ids,
        room_skus: &skus,
        now: Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("time"),
        units: Units::Metric,
        catalog_url: None,
        retailer_urls: &urls,
        allow_localhost_http: false,
    };
    let found = stores_near(
        &catalog,
        Location {
            lat: 52.52,
            lon: 13.405,
        },
        &ctx,
    )
    .expect("stores");
    let got: Vec<(&str, &str)> = found
        .iter()
        .map(|s| (s.retailer_id.as_str(), s.store_id.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("nordhem", "nordhem-berlin-mitte"),
            ("nordhem", "nordhem-hamburg-neustadt"),
            ("lanting", "lanting-shanghai-xuhui"),
            ("lanting", "lanting-hangzhou-xihu"),
        ]
    );
    let km: Vec<f64> = found
        .iter()
        .map(|s| s.distance.as_ref().map_or(f64::NAN, |d| d.meters))
        .collect();
    assert!(km.windows(2).all(|w| w[0] <= w[1]), "{km:?}");
    assert_eq!(found[0].on_display, ["NH-OSLO-AC-FOR"]);
}

#[test]
fn each_retailer_s_relative_urls_resolve_against_its_own_catalog() {
    // Each catalog on its retailer's host; Maple & Grain's WooCommerce shop made relative.
    let (catalog, urls) = merged(own_hosts, |f, text| {
        if f == "catalog-maple-grain.json" {
            *text = text.replace(
                "\"shop\": \"https://maplegrain.example\"",
                "\"shop\": \"../\"",
            );
            assert!(text.contains("\"../\""));
        }
    });
    let ctx = StoreContext {
        retailer_ids: &[],
        room_skus: &[],
        now: Timestamp::parse_rfc3339("2026-06-01T12:00:00Z").expect("time"),
        units: Units::Metric,
        catalog_url: urls.first().map(|(_, u)| u),
        retailer_urls: &urls,
        allow_localhost_http: false,
    };
    let found = stores_near(
        &catalog,
        Location {
            lat: 31.2,
            lon: 121.4,
        },
        &ctx,
    )
    .expect("stores");
    let shanghai = found
        .iter()
        .find(|s| s.store_id == "lanting-shanghai-xuhui")
        .expect("store");
    assert_eq!(
        shanghai.booking,
        Some(BookingTarget::Endpoint {
            url: "https://lanting.example/api/stores/lanting-shanghai-xuhui/appointments".into()
        }),
        "{:?}",
        shanghai.booking_problem
    );
    let berlin = found
        .iter()
        .find(|s| s.store_id == "nordhem-berlin-mitte")
        .expect("store");
    assert_eq!(
        berlin.booking,
        Some(BookingTarget::Endpoint {
            url: "https://nordhem.example/api/stores/nordhem-berlin-mitte/appointments".into()
        })
    );
    // Without the per-retailer URLs, Lanting's would resolve against Nordhem's catalog: refused.
    let first_only = StoreContext {
        retailer_urls: &[],
        ..ctx
    };
    let found = stores_near(
        &catalog,
        Location {
            lat: 31.2,
            lon: 121.4,
        },
        &first_only,
    )
    .expect("stores");
    let shanghai = found
        .iter()
        .find(|s| s.store_id == "lanting-shanghai-xuhui")
        .expect("store");
    assert_eq!(shanghai.booking, None);

    let cart = [
        CartLine {
            retailer_id: "lanting".into(),
            product_id: "cloud-rug".into(),
            sku: "LT-CLOUD-RUG-200".into(),
            quantity: 2,
        },
        CartLine {
            retailer_id: "maple-grain".into(),
            product_id: "round-coffee-table".into(),
            sku: "MG-ROUND-CT-90".into(),
            quantity: 1,
        },
    ];
    let plan = plan_merged_checkout(&catalog, &cart, &urls, ctx.catalog_url, false);
    let plan = plan.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        plan[0].links[0].url,
        "https://lanting.example/cart/add?sku=LT-CLOUD-RUG-200&qty=2"
    );
    assert!(
        plan[1].links[0]
            .url
            .starts_with("https://maplegrain.example/?add-to-cart="),
        "{}",
        plan[1].links[0].url
    );
    // The old way (one base, the first catalog's) sends Maple & Grain's shopper to Nordhem's host:
    // refused, so the whole checkout fails.
    assert!(plan_checkout(&catalog, &cart, ctx.catalog_url, false).is_err());
}
