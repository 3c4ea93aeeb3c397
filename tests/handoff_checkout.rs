//! Checkout links per checkout kind, with hostile catalogs and carts.

use roomfit::catalog::{self, Catalog, Checkout};
use roomfit::handoff::checkout::{CartLine, CheckoutError, MAX_QUANTITY, plan_checkout};
use roomfit::handoff::url::{Url, UrlError, decode_component};

fn variant(sku: &str, checkout_id: Option<&str>, price: &str) -> serde_json::Value {
    serde_json::json!({
        "sku": sku, "checkout_id": checkout_id, "name": {"en": sku, "de": format!("{sku} (de)")},
        "price": price
    })
}

fn retailer(
    id: &str,
    checkout: serde_json::Value,
    variants: Vec<serde_json::Value>,
) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": id, "currency": "EUR", "locale": "de-DE",
        "checkout": checkout,
        "allowed_hosts": [format!("{id}.example"), "Checkout.Shared.Example"],
        "products": [{
            "id": "p", "name": {"en": "Sofa", "de": "Sofa DE"}, "category": "sofa", "placement": "floor",
            "dimensions_mm": {"width": 1, "depth": 1, "height": 1},
            "model": {"glb": "p.glb"},
            "variants": variants
        }]
    })
}

fn catalog_of(retailers: Vec<serde_json::Value>) -> Catalog {
    let json = serde_json::json!({"version": 1, "retailers": retailers}).to_string();
    catalog::parse(&json).expect("fixture catalog")
}

fn line(retailer: &str, sku: &str, quantity: u32) -> CartLine {
    CartLine {
        retailer_id: retailer.into(),
        product_id: "p".into(),
        sku: sku.into(),
        quantity,
    }
}

fn shopify(shop: &str) -> serde_json::Value {
    serde_json::json!({"kind": "shopify", "shop": shop})
}

fn woo(shop: &str) -> serde_json::Value {
    serde_json::json!({"kind": "woocommerce", "shop": shop})
}

fn template(url: &str) -> serde_json::Value {
    serde_json::json!({"kind": "template", "url": url})
}

#[test]
fn shopify_is_one_permalink_for_all_lines() {
    let c = catalog_of(vec![retailer(
        "nordhem",
        shopify("https://nordhem.example"),
        vec![
            variant("A", Some("44012345678901"), "1299.00"),
            variant("B", Some("7"), "649.5"),
        ],
    )]);
    let plan = plan_checkout(
        &c,
        &[
            line("nordhem", "A", 1),
            line("nordhem", "B", 2),
            line("nordhem", "A", 1),
        ],
        None,
        false,
    )
    .unwrap();
    assert_eq!(plan.len(), 1);
    let r = &plan[0];
    assert_eq!(r.links.len(), 1);
    assert_eq!(
        r.links[0].url,
        "https://nordhem.example/cart/44012345678901:2,7:2"
    );
    assert_eq!(r.links[0].lines, [0, 1]);
    assert_eq!(r.total, "3897.00");
    assert_eq!(r.lines[0].product_name, "Sofa DE");
    assert_eq!(r.lines[1].variant_name, "B (de)");
    assert_eq!(r.lines[1].line_total, "1299.0");
    // A shop with a path, a trailing slash, a query and a fragment.
    let c = catalog_of(vec![retailer(
        "nordhem",
        shopify("https://Nordhem.example/de/?ref=x#top"),
        vec![variant("A", Some("1"), "1")],
    )]);
    let plan = plan_checkout(&c, &[line("nordhem", "A", 3)], None, false).unwrap();
    assert_eq!(plan[0].links[0].url, "https://nordhem.example/de/cart/1:3");
}

#[test]
fn woocommerce_is_one_link_per_line() {
    let c = catalog_of(vec![retailer(
        "maple",
        woo("https://maple.example"),
        vec![
            variant("T", Some("1042"), "1490.00"),
            variant("C", Some("1043"), "245.00"),
        ],
    )]);
    let plan = plan_checkout(
        &c,
        &[line("maple", "T", 1), line("maple", "C", 6)],
        None,
        false,
    )
    .unwrap();
    let urls: Vec<&str> = plan[0].links.iter().map(|l| l.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://maple.example/?add-to-cart=1042&quantity=1",
            "https://maple.example/?add-to-cart=1043&quantity=6",
        ]
    );
    assert_eq!(plan[0].links[1].lines, [1]);
    assert_eq!(plan[0].total, "2960.00");
    // A shop URL with its own query keeps it.
    let c = catalog_of(vec![retailer(
        "maple",
        woo("https://maple.example/shop?lang=en"),
        vec![variant("T", Some("1042"), "1")],
    )]);
    let plan = plan_checkout(&c, &[line("maple", "T", 1)], None, false).unwrap();
    assert_eq!(
        plan[0].links[0].url,
        "https://maple.example/shop/?lang=en&add-to-cart=1042&quantity=1"
    );
}

#[test]
fn template_values_are_percent_encoded() {
    let nasty_sku = "LT-沙发 \"x\"&qty=0#frag?a=b/../c'<script>";
    let c = catalog_of(vec![retailer(
        "lanting",
        template("https://lanting.example/cart/add?sku={sku}&qty={quantity}&id={checkout_id}"),
        vec![variant(nasty_sku, Some("ID&1=2"), "2680.00")],
    )]);
    let plan = plan_checkout(&c, &[line("lanting", nasty_sku, 2)], None, false).unwrap();
    let url = Url::parse(&plan[0].links[0].url).unwrap();
    assert_eq!(url.host(), "lanting.example");
    assert_eq!(url.path(), "/cart/add");
    assert_eq!(url.fragment(), None);
    let query = url.query().unwrap();
    let pairs: Vec<(&str, String)> = query
        .split('&')
        .map(|kv| {
            let (k, v) = kv.split_once('=').unwrap();
            (k, decode_component(v).unwrap())
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("sku", nasty_sku.to_owned()),
            ("qty", "2".to_owned()),
            ("id", "ID&1=2".to_owned())
        ]
    );
    // A value in the path cannot climb out of it.
    let c = catalog_of(vec![retailer(
        "lanting",
        template("https://lanting.example/p/{sku}/add"),
        vec![variant("../../admin", None, "1")],
    )]);
    let plan = plan_checkout(&c, &[line("lanting", "../../admin", 1)], None, false).unwrap();
    assert_eq!(
        plan[0].links[0].url,
        "https://lanting.example/p/..%2F..%2Fadmin/add"
    );
    // Several lines: one link each.
    let c = catalog_of(vec![retailer(
        "lanting",
        template("https://lanting.example/add?sku={sku}&qty={quantity}"),
        vec![variant("A", None, "1"), variant("B", None, "1")],
    )]);
    let plan = plan_checkout(
        &c,
        &[line("lanting", "A", 1), line("lanting", "B", 2)],
        None,
        false,
    )
    .unwrap();
    assert_eq!(plan[0].links.len(), 2);
    assert_eq!(
        plan[0].links[1].url,
        "https://lanting.example/add?sku=B&qty=2"
    );
}

#[test]
fn hostile_catalog_urls_are_refused() {
    let cases: Vec<(serde_json::Value, &str)> = vec![
        (
            template("javascript:alert(document.cookie)//{sku}"),
            "scheme",
        ),
        (template("JaVaScRiPt:alert(1)?{sku}"), "scheme"),
        (template("data:text/html,<script>{sku}"), "scheme"),
        (template("https://evil.example/add?sku={sku}"), "host"),
        (
            template("https://lanting.example.evil.example/?sku={sku}"),
            "host",
        ),
        (
            template("https://lanting.example@evil.example/?sku={sku}"),
            "userinfo",
        ),
        (
            template("https://evil.example\\@lanting.example/?sku={sku}"),
            "backslash",
        ),
        (
            template("//lanting.example/?sku={sku}"),
            "protocol-relative",
        ),
        (template("http://lanting.example/?sku={sku}"), "https"),
        (
            template("https://{sku}.lanting.example/"),
            "placeholder in host",
        ),
        (
            template("https://lanting.example/?sku={sku}&x={price}"),
            "unknown placeholder",
        ),
        (template("https://lanting.example/?sku={sku"), "unclosed"),
        (template("https://lanting.example/static"), "names no item"),
        (
            template("https://lanting.example/?sku={sku}\"onclick=\"x"),
            "quote",
        ),
        (template("https://lаnting.example/?sku={sku}"), "Cyrillic a"),
        (shopify("https://evil.example"), "host"),
        (shopify("javascript:alert(1)"), "scheme"),
        (woo("file:///etc/passwd"), "scheme"),
        (woo("https://127.0.0.1/"), "loopback without dev mode"),
    ];
    for (checkout, why) in cases {
        let c = catalog_of(vec![retailer(
            "lanting",
            checkout.clone(),
            vec![variant("S", Some("1"), "1")],
        )]);
        let result = plan_checkout(&c, &[line("lanting", "S", 1)], None, false);
        assert!(result.is_err(), "{why}: {checkout} gave {result:?}");
    }
}

#[test]
fn hostile_checkout_ids_and_quantities() {
    for id in [
        "1:2,3:4",
        "12&quantity=99",
        "",
        "1 2",
        "١٢٣",
        "123456789012345678901",
    ] {
        for checkout in [shopify("https://s.example"), woo("https://s.example")] {
            let c = catalog_of(vec![retailer(
                "s",
                checkout,
                vec![variant("A", Some(id), "1")],
            )]);
            assert!(
                matches!(
                    plan_checkout(&c, &[line("s", "A", 1)], None, false),
                    Err(CheckoutError::CheckoutId { .. })
                ),
                "{id:?}"
            );
        }
    }
    let c = catalog_of(vec![retailer(
        "s",
        shopify("https://s.example"),
        vec![variant("A", None, "1")],
    )]);
    assert!(matches!(
        plan_checkout(&c, &[line("s", "A", 1)], None, false),
        Err(CheckoutError::CheckoutId { .. })
    ));
    let c = catalog_of(vec![retailer(
        "s",
        shopify("https://s.example"),
        vec![variant("A", Some("1"), "1")],
    )]);
    for quantity in [0, MAX_QUANTITY + 1, u32::MAX] {
        assert!(matches!(
            plan_checkout(&c, &[line("s", "A", quantity)], None, false),
            Err(CheckoutError::Quantity { line: 0, .. })
        ));
    }
    assert!(plan_checkout(&c, &[line("s", "A", MAX_QUANTITY)], None, false).is_ok());
    // Duplicates that add up past the cap.
    assert!(matches!(
        plan_checkout(&c, &[line("s", "A", 60), line("s", "A", 40)], None, false),
        Err(CheckoutError::Quantity {
            line: 1,
            quantity: 100,
            ..
        })
    ));
    assert_eq!(
        plan_checkout(&c, &[], None, false),
        Err(CheckoutError::Empty)
    );
    assert!(matches!(
        plan_checkout(&c, &[line("nobody", "A", 1)], None, false),
        Err(CheckoutError::UnknownRetailer { .. })
    ));
    assert!(matches!(
        plan_checkout(&c, &[line("s", "Z", 1)], None, false),
        Err(CheckoutError::UnknownVariant { .. })
    ));
    // A price that is not a decimal.
    let c = catalog_of(vec![retailer(
        "s",
        shopify("https://s.example"),
        vec![variant("A", Some("1"), "12,50 €")],
    )]);
    assert!(matches!(
        plan_checkout(&c, &[line("s", "A", 1)], None, false),
        Err(CheckoutError::Price { .. })
    ));
}

#[test]
fn relative_shop_urls_resolve_against_the_catalog_and_loopback_needs_dev_mode() {
    let c = catalog_of(vec![retailer(
        "s",
        woo("/shop/"),
        vec![variant("A", Some("5"), "1")],
    )]);
    let base = Url::parse("http://127.0.0.1:8080/models/catalog.json").unwrap();
    let plan = plan_checkout(&c, &[line("s", "A", 1)], Some(&base), true).unwrap();
    assert_eq!(
        plan[0].links[0].url,
        "http://127.0.0.1:8080/shop/?add-to-cart=5&quantity=1"
    );
    assert!(matches!(
        plan_checkout(&c, &[line("s", "A", 1)], Some(&base), false),
        Err(CheckoutError::Url {
            source: UrlError::NotHttps(_),
            ..
        })
    ));
    assert!(matches!(
        plan_checkout(&c, &[line("s", "A", 1)], None, false),
        Err(CheckoutError::Url {
            source: UrlError::Relative,
            ..
        })
    ));
}

#[test]
fn groups_by_retailer_in_cart_order_and_the_shared_host_is_allowed() {
    let c = catalog_of(vec![
        retailer(
            "a",
            shopify("https://checkout.shared.example"),
            vec![variant("A", Some("1"), "10.00")],
        ),
        retailer(
            "b",
            woo("https://b.example"),
            vec![variant("B", Some("2"), "5")],
        ),
    ]);
    let plan = plan_checkout(
        &c,
        &[line("b", "B", 1), line("a", "A", 1), line("b", "B", 2)],
        None,
        false,
    )
    .unwrap();
    let ids: Vec<&str> = plan.iter().map(|r| r.retailer_id.as_str()).collect();
    assert_eq!(ids, ["b", "a"]);
    assert_eq!(plan[0].lines[0].quantity, 3);
    assert_eq!(
        plan[1].links[0].url,
        "https://checkout.shared.example/cart/1:1"
    );
}

#[test]
fn the_sample_catalog_checks_out() {
    let json = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/models/catalog.json"))
        .expect("models/catalog.json");
    let c = catalog::parse(&json).unwrap();
    for r in &c.retailers {
        let cart: Vec<CartLine> = r
            .products
            .iter()
            .map(|p| CartLine {
                retailer_id: r.id.clone(),
                product_id: p.id.clone(),
                sku: p.variants[0].sku.clone(),
                quantity: 1,
            })
            .collect();
        let plan =
            plan_checkout(&c, &cart, None, false).unwrap_or_else(|e| panic!("{}: {e}", r.id));
        let expected_links = match r.checkout {
            Checkout::Shopify { .. } => 1,
            _ => cart.len(),
        };
        assert_eq!(plan[0].links.len(), expected_links, "{}", r.id);
        for link in &plan[0].links {
            let url = Url::parse(&link.url).unwrap();
            assert!(
                r.allowed_hosts
                    .iter()
                    .any(|h| h.eq_ignore_ascii_case(url.host()))
            );
        }
    }
}
