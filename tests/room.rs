//! The room with the sample catalog: place items from two retailers, drag one into another,
//! undo, share and restore, sum up per currency, and check what fits.

use glam::{Vec2, Vec3};
use roomfit::catalog::{Catalog, Product};
use roomfit::room::{
    Action, Change, FreeSpace, ItemId, Layout, PlacedItem, Ray, Room, Target, Units, fit_all,
};

#[path = "support/sample.rs"]
mod sample;
use sample::{find, new_item, sample_catalog};

fn name(catalog: &Catalog) -> impl Fn(&PlacedItem) -> String + '_ {
    move |item| {
        let (_, p) = find(catalog, &item.product);
        p.name.get("en").cloned().unwrap_or_default()
    }
}

#[test]
fn three_items_two_retailers_drag_undo_share() {
    let catalog = sample_catalog();
    let mut room = Room::with_layout(Layout::rectangle(4.5, 3.6, 2.5)).expect("room");
    let sofa = room
        .add(
            new_item(&catalog, "oslo-sofa", Some("NH-OSLO-3S-FOR")),
            Vec2::new(0.0, -1.3),
            0.0,
        )
        .expect("sofa");
    let chair = room
        .add(
            new_item(&catalog, "oslo-armchair", Some("NH-OSLO-AC-OAT")),
            Vec2::new(1.6, 0.6),
            0.0,
        )
        .expect("armchair");
    let table = room
        .add(
            new_item(&catalog, "round-coffee-table", None),
            Vec2::new(-1.0, 0.7),
            0.0,
        )
        .expect("table");
    // The sofa's back went flush against the back wall.
    let (wall, gap) = room
        .nearest_wall_distance(sofa)
        .expect("ok")
        .expect("walls");
    assert_eq!(wall, 0);
    assert!(gap <= 0.001);
    let before_drag = room.item(chair).expect("chair").pose;

    // Drag the armchair at the sofa's centre in small pointer steps, as one gesture: it stops
    // at the sofa's front and slides along it.
    room.begin_gesture();
    for i in 1..=40 {
        let t = i as f32 / 40.0;
        room.move_to(chair, Vec2::new(1.6, 0.6).lerp(Vec2::new(0.0, -1.34), t))
            .expect("move");
    }
    room.end_gesture();
    let d = room.distance_between(chair, sofa).expect("distance");
    assert!(d <= 0.001, "stopped {d} m from the sofa");
    let said = room
        .describe_placement(chair, Action::Moved, Units::Metric, &name(&catalog))
        .expect("announcement");
    assert_eq!(
        said,
        "Oslo armchair moved, touching the oslo three-seat sofa"
    );

    // One undo puts it back where the drag started.
    assert_eq!(room.undo(), Some(Change::Move));
    assert_eq!(room.item(chair).expect("chair").pose, before_drag);
    assert_eq!(room.redo(), Some(Change::Move));

    // Share and restore: the same room, the same transforms for the renderer.
    let code = room.share_code();
    let restored = Room::from_share_code(&code).expect("restores");
    let strip = |r: &Room| -> Vec<(String, String, Option<String>, String)> {
        r.items()
            .iter()
            .map(|i| {
                let pose = format!("{:?}", i.pose);
                (
                    i.retailer.clone(),
                    i.product.clone(),
                    i.variant.clone(),
                    pose,
                )
            })
            .collect()
    };
    assert_eq!(strip(&restored), strip(&room));
    let transforms = |r: &Room| -> Vec<[f32; 16]> {
        r.scene_transforms()
            .iter()
            .map(|(_, m)| m.to_cols_array())
            .collect()
    };
    assert_eq!(transforms(&restored), transforms(&room));
    assert_eq!(restored.layout(), room.layout());
    let json = Room::from_json(&room.to_json()).expect("json");
    assert_eq!(strip(&json), strip(&room));

    // The summary in each retailer's currency, never mixed.
    let summary = room.summary(&catalog);
    assert!(summary.is_complete(), "{:?}", summary.issues);
    let groups: Vec<(String, Vec<String>)> = summary
        .retailers
        .iter()
        .map(|r| {
            let totals = r.totals.iter().map(ToString::to_string).collect();
            (r.retailer.clone(), totals)
        })
        .collect();
    assert_eq!(
        groups,
        [
            ("nordhem".to_string(), vec!["1948.00 EUR".to_string()]),
            ("maple-grain".to_string(), vec!["420.00 USD".to_string()]),
        ]
    );
    let overall: Vec<String> = summary.totals.iter().map(ToString::to_string).collect();
    assert_eq!(overall, ["1948.00 EUR", "420.00 USD"]);

    // Picking from above the coffee table finds it.
    let centre = room.footprint(table).expect("table").center;
    let hit = room
        .pick(Ray::new(Vec3::new(centre.x, 2.0, centre.y), Vec3::NEG_Y))
        .expect("hit");
    assert_eq!(hit.target, Target::Item(table));
    let _: ItemId = table;
}

#[test]
fn labels_in_the_shoppers_units() {
    let catalog = sample_catalog();
    let us = catalog
        .retailers
        .iter()
        .find(|r| r.id == "maple-grain")
        .expect("retailer");
    assert_eq!(Units::for_locale(&us.locale), Units::Imperial);
    let (_, table) = find(&catalog, "round-coffee-table");
    assert_eq!(
        Units::Imperial.dimensions(table.dimensions_mm),
        "35⅜ × 35⅜ × 16½ in"
    );
    let (_, sofa) = find(&catalog, "oslo-sofa");
    assert_eq!(
        Units::for_locale("de-DE").dimensions(sofa.dimensions_mm),
        "210 × 92 × 83 cm"
    );
}

#[test]
fn will_it_fit_marks_every_product() {
    let catalog = sample_catalog();
    let products: Vec<&Product> = catalog.retailers.iter().flat_map(|r| &r.products).collect();
    let dims: Vec<_> = products.iter().map(|p| p.dimensions_mm).collect();
    // A 2 m × 1 m gap under a 1.7 m sloping ceiling.
    let space = FreeSpace::from_corners(Vec2::new(0.0, 0.0), Vec2::new(2.0, 1.0), Some(1.7))
        .expect("space");
    let fits: Vec<(&str, bool)> = products
        .iter()
        .zip(fit_all(space, &dims))
        .map(|(p, f)| (p.id.as_str(), f.fits))
        .collect();
    assert_eq!(
        fits,
        [
            ("oslo-sofa", false),
            ("oslo-armchair", true),
            ("lumen-floor-lamp", true),
            ("harvest-dining-table", true),
            ("harvest-dining-chair", true),
            ("round-coffee-table", true),
            ("ladder-bookshelf", false),
            ("cloud-rug", false),
            ("ink-framed-print", true),
            // Lanting resells Nordhem's armchair.
            ("oslo-armchair", true),
        ]
    );
}

#[test]
fn a_print_hangs_on_the_wall_and_a_rug_goes_under_the_sofa() {
    let catalog = sample_catalog();
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let rug = room
        .add(new_item(&catalog, "cloud-rug", None), Vec2::ZERO, 0.0)
        .expect("rug");
    let sofa = room
        .add(new_item(&catalog, "oslo-sofa", None), Vec2::ZERO, 0.0)
        .expect("sofa");
    assert_eq!(room.footprint(sofa).map(|f| f.center), Some(Vec2::ZERO));
    let print = room
        .add(
            new_item(&catalog, "ink-framed-print", None),
            Vec2::new(0.0, -1.4),
            0.0,
        )
        .expect("print");
    // 80 cm tall: centre at 1.45 m.
    let (bottom, top) = room.height_range(print).expect("range");
    assert!((bottom - 1.05).abs() < 1e-6 && (top - 1.85).abs() < 1e-6);
    let m = room.transform(print).expect("transform");
    assert!(
        m.transform_point3(Vec3::ZERO)
            .distance(Vec3::new(0.0, 1.05, -1.5))
            < 1e-5
    );
    let _ = rug;
}
