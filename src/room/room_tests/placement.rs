//! Where items go: adding, duplicating, re-placing after a walls change, tabletop items and rugs.

use super::*;

#[test]
fn add_places_at_the_point_or_the_nearest_free_spot() {
    let mut room = Room::new();
    let a = room.add(sofa(), Vec2::new(0.5, 0.25), 0.0).expect("add");
    assert_eq!(pos(&room, a), Vec2::new(0.5, 0.25));
    let b = room
        .add(armchair(), Vec2::new(0.5, 0.25), 0.0)
        .expect("add");
    assert_no_overlaps(&room);
    assert!(pos(&room, b).distance(Vec2::new(0.5, 0.25)) < 1.0);
    let item = room.item(a).expect("item");
    assert_eq!(item.variant.as_deref(), Some("grey"));
    assert_eq!(item.size().width, 2.1);
}

#[test]
fn duplicates_go_next_to_the_original() {
    let mut room = Room::with_layout(Layout::rectangle(6.0, 5.0, 2.5)).expect("room");
    let a = room
        .add(armchair(), Vec2::new(-1.0, 0.0), 30f32.to_radians())
        .expect("add");
    let b = room.duplicate(a).expect("duplicate");
    assert_ne!(a, b);
    let (ia, ib) = (room.item(a).expect("a"), room.item(b).expect("b"));
    assert_eq!(ia.product_ref(), ib.product_ref());
    assert_eq!(room.yaw(a), room.yaw(b));
    let d = room.distance_between(a, b).expect("distance");
    assert!(d > 0.0 && d < 0.05, "{d}");
    let p = room.add(picture(), Vec2::ZERO, 0.0).expect("add");
    let q = room.duplicate(p).expect("duplicate");
    assert!(room.distance_between(p, q).expect("distance") < 0.05);
    assert_no_overlaps(&room);
}

#[test]
fn changing_walls_moves_items_that_no_longer_fit() {
    let mut room = Room::with_layout(Layout::rectangle(6.0, 5.0, 2.5)).expect("room");
    let a = room.add(armchair(), Vec2::new(2.4, 0.0), 0.0).expect("add");
    let c = room.add(armchair(), Vec2::new(0.0, 0.0), 0.0).expect("add");
    let p = room.add(picture(), Vec2::new(2.9, 1.0), 0.0).expect("add");
    room.set_layout(Layout::rectangle(4.0, 3.0, 2.5))
        .expect("walls");
    assert_no_overlaps(&room);
    assert_eq!(pos(&room, c), Vec2::ZERO, "an item that fits stays put");
    assert!(pos(&room, a).x <= 2.0 - 0.41 + 1e-3);
    assert!(matches!(
        room.item(p).map(|i| i.pose),
        Some(Pose::Wall { wall: 1, .. })
    ));
    // Without walls the picture has nowhere to hang: nothing changes.
    assert_eq!(room.set_layout(Layout::open()), Err(RoomError::NoWall));
    assert_eq!(room.layout(), &Layout::rectangle(4.0, 3.0, 2.5));
}

#[test]
fn tabletop_items_stand_on_what_is_below() {
    let mut room = Room::new();
    let table = product("oakline", "table", 1200, 800, 740, Placement::Floor);
    let lamp = product("kiyomi", "lamp", 300, 300, 450, Placement::Tabletop);
    let t = room.add(table, Vec2::ZERO, 0.0).expect("add");
    let l = room
        .add(lamp.clone(), Vec2::new(0.3, 0.0), 0.0)
        .expect("add");
    assert_eq!(
        pos(&room, l),
        Vec2::new(0.3, 0.0),
        "tabletop items do not collide with tables"
    );
    assert_eq!(room.height_range(l), Some((0.74, 0.74 + 0.45)));
    let m = room.transform(l).expect("transform");
    assert!((m.w_axis.y - 0.74).abs() < 1e-6);
    let second = room.add(lamp, Vec2::new(0.3, 0.0), 0.0).expect("add");
    assert_no_overlaps(&room);
    room.remove(second).expect("remove");
    room.move_to(l, Vec2::new(3.0, 0.0)).expect("move");
    assert_eq!(room.height_range(l).map(|r| r.0), Some(0.0));
    // A table moved under a lamp lifts it.
    room.move_to(t, Vec2::new(3.0, 0.0)).expect("move");
    assert_eq!(room.height_range(l).map(|r| r.0), Some(0.74));
}

#[test]
fn furniture_stands_on_rugs() {
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.5)).expect("room");
    let rug = product("lanting", "cloud-rug", 2000, 1400, 10, Placement::Floor);
    let r = room.add(rug.clone(), Vec2::ZERO, 0.0).expect("add");
    let s = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    assert_eq!(pos(&room, s), Vec2::ZERO);
    // Dragging the rug under and past the sofa is not blocked by it; the walls still hold it.
    let out = room.move_to(r, Vec2::new(0.5, 0.2)).expect("move");
    assert_eq!(out.blocked_by, None);
    let out = room.move_to(r, Vec2::new(9.0, 0.2)).expect("move");
    assert!(matches!(
        out.blocked_by,
        Some(Blocker::Wall(_) | Blocker::Bounds)
    ));
    // A second rug may overlap the first; a lamp on a rug stands on it.
    room.add(rug, Vec2::new(1.5, 0.2), 0.0).expect("add");
    let lamp = product("kiyomi", "lamp", 300, 300, 450, Placement::Tabletop);
    let l = room.add(lamp, Vec2::new(2.1, 0.0), 0.0).expect("add");
    assert_eq!(room.height_range(l).map(|h| h.0), Some(0.01));
}

#[test]
fn an_open_floor_still_ends_where_share_codes_can_reach() {
    let mut room = Room::new();
    let a = room
        .add(armchair(), Vec2::new(1e9, -1e9), 0.0)
        .expect("add");
    room.move_to(a, Vec2::new(1e7, 0.0)).expect("move");
    let back = Room::from_share_code(&room.share_code()).expect("decodes");
    assert_eq!(back.items(), room.items());
    assert!(pos(&room, a).x <= 95.0);
}
