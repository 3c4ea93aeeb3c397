//! Gestures and keys of the 3D room view on the sample catalog: taps select, a drag moves an
//! item and stops it at contact (one undo step), empty space orbits, two fingers pinch and
//! twist, keys do everything pointers do, and each action gets its announcement.

use glam::{Vec2, Vec3};
use roomfit::catalog::Catalog;
use roomfit::room::{
    Event, Gestures, ItemId, KeyPress, Layout, PlacedItem, Pointer, PointerKind, Ray, Room, Units,
};

#[path = "support/sample.rs"]
mod sample;
use sample::{find, new_item, sample_catalog};

/// The camera of these tests: above and in front of the origin.
const EYE: Vec3 = Vec3::new(0.0, 4.0, 4.0);

/// A pointer aimed at `world`, at an arbitrary but consistent screen position.
fn at(id: i32, kind: PointerKind, world: Vec3, screen: Vec2) -> Pointer {
    Pointer {
        id,
        kind,
        screen,
        ray: Ray::new(EYE, world - EYE),
    }
}

fn floor(x: f32, z: f32) -> Vec3 {
    Vec3::new(x, 0.0, z)
}

struct Scene {
    catalog: Catalog,
    room: Room,
    sofa: ItemId,
    chair: ItemId,
    table: ItemId,
    g: Gestures,
}

fn scene() -> Scene {
    let catalog = sample_catalog();
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.5)).expect("room");
    let sofa = room
        .add(
            new_item(&catalog, "oslo-sofa", None),
            Vec2::new(0.0, -1.5),
            0.0,
        )
        .expect("sofa");
    let chair = room
        .add(
            new_item(&catalog, "oslo-armchair", None),
            Vec2::new(1.8, 0.8),
            0.0,
        )
        .expect("chair");
    let table = room
        .add(
            new_item(&catalog, "round-coffee-table", None),
            Vec2::new(-1.4, 0.9),
            0.0,
        )
        .expect("table");
    let mut g = Gestures::new();
    g.set_viewport(800.0, 600.0);
    Scene {
        catalog,
        room,
        sofa,
        chair,
        table,
        g,
    }
}

fn names(catalog: &Catalog) -> impl Fn(&PlacedItem) -> String + '_ {
    move |item| {
        let (_, p) = find(catalog, &item.product);
        p.name.get("en").cloned().unwrap_or_default()
    }
}

fn centre(room: &Room, id: ItemId) -> Vec2 {
    room.footprint(id).expect("item").center
}

#[test]
fn a_tap_selects_an_item_and_a_tap_on_the_floor_deselects() {
    let mut s = scene();
    let c = centre(&s.room, s.chair);
    let p = at(
        1,
        PointerKind::Touch,
        floor(c.x, c.y) + Vec3::Y * 0.4,
        Vec2::new(500.0, 300.0),
    );
    assert!(s.g.pointer_down(&mut s.room, p).handled);
    let r = s.g.pointer_up(&mut s.room, p);
    assert_eq!(r.events, vec![Event::Selected(Some(s.chair))]);
    assert_eq!(s.room.selected(), Some(s.chair));
    assert_eq!(
        s.room
            .describe_event(&r.events[0], Units::Metric, &names(&s.catalog)),
        "Oslo armchair selected, 86 × 88 × 80 cm"
    );
    // A small wobble is still a tap.
    let empty = at(
        1,
        PointerKind::Mouse,
        floor(0.5, 1.5),
        Vec2::new(400.0, 500.0),
    );
    s.g.pointer_down(&mut s.room, empty);
    let wobble = Pointer {
        screen: empty.screen + Vec2::new(3.0, 2.0),
        ..empty
    };
    let r = s.g.pointer_move(&mut s.room, wobble);
    assert_eq!(r.orbit, Vec2::ZERO);
    let r = s.g.pointer_up(&mut s.room, wobble);
    assert_eq!(r.events, vec![Event::Selected(None)]);
    assert_eq!(s.room.selected(), None);
    assert!(!s.room.can_redo());
}

#[test]
fn dragging_an_item_into_another_stops_at_contact_and_undoes_in_one_step() {
    let mut s = scene();
    let start = s.room.item(s.chair).expect("chair").pose;
    let c = centre(&s.room, s.chair);
    let grab = floor(c.x + 0.1, c.y + 0.1);
    let mut screen = Vec2::new(500.0, 320.0);
    s.g.pointer_down(&mut s.room, at(7, PointerKind::Mouse, grab, screen));
    // Drag it toward the coffee table's centre, in 30 pointer moves.
    let target = centre(&s.room, s.table) + Vec2::new(0.1, 0.1);
    let mut events = Vec::new();
    for i in 1..=30 {
        let t = i as f32 / 30.0;
        let p = grab.lerp(floor(target.x, target.y), t);
        screen.x -= 8.0;
        let r =
            s.g.pointer_move(&mut s.room, at(7, PointerKind::Mouse, p, screen));
        events.extend(r.events);
    }
    assert_eq!(
        events,
        vec![Event::Selected(Some(s.chair))],
        "a drag selects"
    );
    let r = s.g.pointer_up(
        &mut s.room,
        at(7, PointerKind::Mouse, floor(target.x, target.y), screen),
    );
    let [Event::Moved { id, blocked_by }] = r.events.as_slice() else {
        panic!("expected one Moved event, got {:?}", r.events);
    };
    assert_eq!(*id, s.chair);
    assert_eq!(*blocked_by, Some(roomfit::room::Blocker::Item(s.table)));
    let gap = s.room.distance_between(s.chair, s.table).expect("distance");
    assert!(gap < 0.003, "stopped {gap} m short of the table");
    let a = s.room.footprint(s.chair).expect("chair");
    let b = s.room.footprint(s.table).expect("table");
    assert!(!a.overlaps(&b), "the chair went into the table");
    let said = s
        .room
        .describe_event(&r.events[0], Units::Metric, &names(&s.catalog));
    assert_eq!(said, "Oslo armchair moved, touching the round coffee table");
    // The whole drag is one undo step.
    assert_eq!(
        roomfit::room::undo(&mut s.room),
        Event::Undone(roomfit::room::Change::Move)
    );
    assert_eq!(s.room.item(s.chair).expect("chair").pose, start);
}

#[test]
fn a_drag_on_empty_space_orbits_and_changes_nothing() {
    let mut s = scene();
    let before: Vec<_> = s.room.items().to_vec();
    let p = at(
        1,
        PointerKind::Mouse,
        floor(0.5, 1.5),
        Vec2::new(400.0, 300.0),
    );
    s.g.pointer_down(&mut s.room, p);
    let r = s.g.pointer_move(
        &mut s.room,
        Pointer {
            screen: Vec2::new(480.0, 330.0),
            ..p
        },
    );
    assert!(
        (r.orbit.x - 0.1 * std::f32::consts::PI).abs() < 1e-5,
        "{:?}",
        r.orbit
    );
    assert!((r.orbit.y - 0.05 * std::f32::consts::FRAC_PI_2 * 1.0).abs() < 1e-5);
    let r = s.g.pointer_up(&mut s.room, p);
    assert!(r.events.is_empty());
    assert_eq!(s.room.items(), before.as_slice());
    assert!(s.room.selected().is_none());
}

#[test]
fn two_fingers_pinch_to_zoom_and_twist_the_selected_item_in_15_degree_steps() {
    let mut s = scene();
    s.room.select(Some(s.chair)).expect("select");
    let f = floor(0.0, 1.0);
    let a = at(1, PointerKind::Touch, f, Vec2::new(300.0, 300.0));
    let b = at(2, PointerKind::Touch, f, Vec2::new(500.0, 300.0));
    s.g.pointer_down(&mut s.room, a);
    s.g.pointer_down(&mut s.room, b);
    // Spread to 1.5× the distance: zoom 1.5.
    let r = s.g.pointer_move(
        &mut s.room,
        Pointer {
            screen: Vec2::new(600.0, 300.0),
            ..b
        },
    );
    assert!((r.zoom - 1.5).abs() < 1e-5, "zoom {}", r.zoom);
    // Twist 40° clockwise on screen: the chair turns clockwise seen from above, to the
    // nearest 15° step: -45° = 315°.
    let ang = 40f32.to_radians();
    let centre_px = Vec2::new(300.0, 300.0);
    let twisted = centre_px + Vec2::new(ang.cos(), ang.sin()) * 300.0;
    s.g.pointer_move(
        &mut s.room,
        Pointer {
            screen: twisted,
            ..b
        },
    );
    let yaw = s.room.yaw(s.chair).expect("yaw").to_degrees();
    assert!((yaw - 315.0).abs() < 0.05, "yaw {yaw}");
    let r = s.g.pointer_up(&mut s.room, b);
    assert_eq!(r.events, vec![Event::Turned(s.chair)]);
    let said = s
        .room
        .describe_event(&r.events[0], Units::Metric, &names(&s.catalog));
    assert!(said.starts_with("Oslo armchair turned to 315°"), "{said}");
    // The remaining finger does nothing until it is lifted.
    let r = s.g.pointer_move(
        &mut s.room,
        Pointer {
            screen: Vec2::new(100.0, 100.0),
            ..a
        },
    );
    assert_eq!(r.orbit, Vec2::ZERO);
    s.g.pointer_up(&mut s.room, a);
    assert!(!s.g.active());
    // Free twisting turns to the exact angle.
    s.g.set_free_twist(true);
    s.g.pointer_down(&mut s.room, a);
    s.g.pointer_down(&mut s.room, b);
    s.g.pointer_move(
        &mut s.room,
        Pointer {
            screen: centre_px + Vec2::new(7f32.to_radians().cos(), 7f32.to_radians().sin()) * 200.0,
            ..b
        },
    );
    let yaw = s.room.yaw(s.chair).expect("yaw").to_degrees();
    assert!((yaw - 308.0).abs() < 0.06, "yaw {yaw}");
}

fn key<'a>(key: &'a str) -> KeyPress<'a> {
    KeyPress {
        key,
        shift: false,
        ctrl: false,
        forward: Vec2::new(0.0, -1.0),
    }
}

#[test]
fn keys_do_what_pointers_do() {
    let mut s = scene();
    let names = names(&s.catalog);
    // Without a selection the arrows orbit.
    let r = s.g.key(&mut s.room, key("ArrowRight"));
    assert!(r.handled && r.orbit.x > 0.0 && r.events.is_empty());
    // Tab cycles through the items in order, then lets focus leave.
    let order: Vec<_> = (0..3)
        .map(|_| s.g.key(&mut s.room, key("Tab")).events[0].clone())
        .collect();
    assert_eq!(
        order,
        vec![
            Event::Selected(Some(s.sofa)),
            Event::Selected(Some(s.chair)),
            Event::Selected(Some(s.table)),
        ]
    );
    let r = s.g.key(&mut s.room, key("Tab"));
    assert!(!r.handled);
    assert_eq!(s.room.selected(), None);
    // Arrows move the selected item relative to the camera: up is away from it (-z here).
    s.room.select(Some(s.chair)).expect("select");
    let before = centre(&s.room, s.chair);
    let r = s.g.key(&mut s.room, key("ArrowUp"));
    assert!(matches!(r.events[0], Event::Moved { .. }));
    let moved = centre(&s.room, s.chair) - before;
    assert!((moved - Vec2::new(0.0, -0.1)).length() < 0.002, "{moved}");
    let r = s.g.key(
        &mut s.room,
        KeyPress {
            shift: true,
            ..key("ArrowRight")
        },
    );
    assert!(matches!(r.events[0], Event::Moved { .. }));
    let moved = centre(&s.room, s.chair) - before;
    assert!((moved - Vec2::new(0.01, -0.1)).length() < 0.002, "{moved}");
    // Q turns 15° counter-clockwise, E back.
    let r = s.g.key(&mut s.room, key("q"));
    assert_eq!(r.events, vec![Event::Turned(s.chair)]);
    assert!((s.room.yaw(s.chair).expect("yaw").to_degrees() - 15.0).abs() < 0.05);
    s.g.key(&mut s.room, key("]"));
    assert!(s.room.yaw(s.chair).expect("yaw").abs() < 1e-4);
    // D duplicates (and selects the copy); Delete removes it again.
    let r = s.g.key(&mut s.room, key("d"));
    let [Event::Duplicated(copy)] = r.events.as_slice() else {
        panic!("{:?}", r.events);
    };
    assert_eq!(s.room.selected(), Some(*copy));
    assert_eq!(s.room.items().len(), 4);
    let r = s.g.key(&mut s.room, key("Delete"));
    assert_eq!(
        s.room.describe_event(&r.events[0], Units::Metric, &names),
        "Oslo armchair removed"
    );
    assert_eq!(s.room.items().len(), 3);
    // Ctrl+Z undoes the removal, Ctrl+Y redoes it.
    let ctrl = |k| KeyPress {
        ctrl: true,
        ..key(k)
    };
    let r = s.g.key(&mut s.room, ctrl("z"));
    assert_eq!(
        s.room.describe_event(&r.events[0], Units::Metric, &names),
        "Undid the removal"
    );
    assert_eq!(s.room.items().len(), 4);
    s.g.key(&mut s.room, ctrl("y"));
    assert_eq!(s.room.items().len(), 3);
    // Zoom keys, Home and keys the view does not use.
    assert!(s.g.key(&mut s.room, key("+")).zoom > 1.0);
    assert!(s.g.key(&mut s.room, key("Home")).reset_view);
    assert!(!s.g.key(&mut s.room, key("x")).handled);
    assert!(!s.g.key(&mut s.room, ctrl("c")).handled);
}

#[test]
fn placing_is_announced_with_the_distance_to_the_nearest_item() {
    let s = scene();
    let said = s
        .room
        .describe_event(&Event::Placed(s.chair), Units::Metric, &names(&s.catalog));
    assert!(
        said.starts_with("Oslo armchair placed, ") && said.contains(" from the "),
        "{said}"
    );
}
