//! Behaviour of [`Room`] as a whole: placement, collision, snapping, wall items, undo, share
//! codes, picking and announcements.

use glam::{Vec2, Vec3};

use super::*;
use crate::catalog::{Dimensions, Placement};

fn product(retailer: &str, id: &str, w: u32, d: u32, h: u32, placement: Placement) -> NewItem {
    NewItem {
        retailer: retailer.into(),
        product: id.into(),
        variant: None,
        dimensions_mm: Dimensions {
            width: w,
            depth: d,
            height: h,
        },
        placement,
    }
}

fn sofa() -> NewItem {
    NewItem {
        variant: Some("grey".into()),
        ..product("nordhem", "sofa-bergen", 2100, 920, 830, Placement::Floor)
    }
}

fn armchair() -> NewItem {
    product("oakline", "armchair", 820, 800, 900, Placement::Floor)
}

fn picture() -> NewItem {
    product("nordhem", "print", 700, 30, 500, Placement::Wall)
}

fn pos(room: &Room, id: ItemId) -> Vec2 {
    match room.item(id).map(|i| i.pose) {
        Some(Pose::Floor { x_mm, z_mm, .. }) => Vec2::new(x_mm as f32, z_mm as f32) / 1000.0,
        other => panic!("not on the floor: {other:?}"),
    }
}

fn assert_no_overlaps(room: &Room) {
    let items = room.items();
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            let flat = |i: &PlacedItem| {
                i.placement == Placement::Floor && i.dimensions_mm.height <= FLAT_ITEM_MAX_HEIGHT_MM
            };
            if a.placement != b.placement || flat(a) || flat(b) {
                continue;
            }
            let (fa, fb) = (room.footprint(a.id), room.footprint(b.id));
            let (Some(fa), Some(fb)) = (fa, fb) else {
                panic!("missing footprint")
            };
            if a.placement == Placement::Wall {
                let (ra, rb) = (room.height_range(a.id), room.height_range(b.id));
                let (Some(ra), Some(rb)) = (ra, rb) else {
                    panic!("missing range")
                };
                if ra.1 <= rb.0 || rb.1 <= ra.0 {
                    continue;
                }
            }
            assert!(!fa.overlaps(&fb), "{:?} overlaps {:?}", a, b);
        }
    }
    if let Some(b) = room.layout().bounds {
        for item in items.iter().filter(|i| i.placement != Placement::Wall) {
            let Some(f) = room.footprint(item.id) else {
                panic!("missing footprint")
            };
            for c in f.corners() {
                assert!(
                    c.cmpge(b.min() - 1e-4).all() && c.cmple(b.max() + 1e-4).all(),
                    "{item:?} outside at {c}"
                );
            }
        }
    }
}

/// A tiny seeded PRNG (SplitMix64) for property-style loops.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }

    fn range(&mut self, lo: f32, hi: f32) -> f32 {
        lo + (hi - lo) * self.unit()
    }
}

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
fn push_into_another_stops_at_contact() {
    let mut room = Room::new();
    let a = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let b = room.add(armchair(), Vec2::new(4.0, 0.0), 0.0).expect("add");
    let out = room.move_to(b, Vec2::new(-3.0, 0.0)).expect("move");
    assert_eq!(out.blocked_by, Some(Blocker::Item(a)));
    let gap = room.distance_between(a, b).expect("distance");
    assert!(gap <= 0.001, "gap {gap}");
    assert_eq!(pos(&room, b).y, 0.0, "head-on: no sideways slide");
    assert_no_overlaps(&room);
    // Pushing further does not move it.
    let out = room.move_by(b, Vec2::new(-0.3, 0.0)).expect("move");
    assert!(!out.changed);
}

#[test]
fn rotated_boxes_stop_at_their_real_outline() {
    let mut room = Room::new();
    let a = room
        .add(armchair(), Vec2::ZERO, 45f32.to_radians())
        .expect("add");
    let b = room.add(armchair(), Vec2::new(3.0, 0.0), 0.0).expect("add");
    room.move_to(b, Vec2::new(0.0, 0.0)).expect("move");
    let gap = room.distance_between(a, b).expect("distance");
    assert!(gap <= 0.001, "gap {gap}");
    // The diamond's corner reaches x = (0.41 + 0.40) cos 45°; b's left face is at x - 0.41,
    // well short of where the axis-aligned boxes would meet (x = 0.82).
    let reach = 0.81 * std::f32::consts::FRAC_1_SQRT_2;
    assert!(
        (pos(&room, b).x - 0.41 - reach).abs() < 0.0015,
        "{}",
        pos(&room, b)
    );
    assert_no_overlaps(&room);
}

#[test]
fn oblique_push_slides_along_the_obstacle() {
    let mut room = Room::new();
    let a = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let b = room.add(armchair(), Vec2::new(0.0, 2.0), 0.0).expect("add");
    let out = room.move_to(b, Vec2::new(1.0, -1.0)).expect("move");
    assert_eq!(out.blocked_by, Some(Blocker::Item(a)));
    let p = pos(&room, b);
    assert!((p.x - 1.0).abs() < 0.002, "slid to {p}");
    assert!(room.distance_between(a, b).expect("distance") <= 0.001);
}

#[test]
fn items_stay_inside_the_walls() {
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    room.set_snapping(false);
    let a = room.add(armchair(), Vec2::ZERO, 0.3).expect("add");
    let out = room.move_to(a, Vec2::new(10.0, 10.0)).expect("move");
    assert!(matches!(
        out.blocked_by,
        Some(Blocker::Wall(_) | Blocker::Bounds)
    ));
    assert_no_overlaps(&room);
    let f = room.footprint(a).expect("footprint");
    let corner = f.center + f.aabb_half_extents();
    assert!(
        (corner.x - 2.0).abs() <= 0.002 && (corner.y - 1.5).abs() <= 0.002,
        "{corner}"
    );
    // Too big for the room: no spot.
    let big = product("x", "rug", 5000, 5000, 10, Placement::Floor);
    assert_eq!(room.add(big, Vec2::ZERO, 0.0), Err(RoomError::NoFreeSpot));
}

#[test]
fn back_snaps_flush_to_the_wall_and_aligns() {
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.5)).expect("room");
    let s = room
        .add(sofa(), Vec2::ZERO, 10f32.to_radians())
        .expect("add");
    // Drag it toward the back wall (z = -2): its back comes within 10 cm.
    let out = room
        .move_to(s, Vec2::new(0.2, -2.0 + 0.46 + 0.25))
        .expect("move");
    assert_eq!(out.against_wall, Some(0));
    let Some(Pose::Floor {
        z_mm, yaw_tenths, ..
    }) = room.item(s).map(|i| i.pose)
    else {
        panic!("floor pose")
    };
    assert_eq!(yaw_tenths, 0);
    assert!(
        (-1540..=-1539).contains(&z_mm),
        "centre z {z_mm}: flush within 1 mm"
    );
    let wall = room.nearest_wall_distance(s).expect("ok").expect("walls");
    assert_eq!(wall.0, 0);
    assert!(wall.1 <= 0.001, "{}", wall.1);
    // The right wall (+x) faces -x: a sofa turned to face -x snaps there with yaw -90°.
    let out = room.move_to(s, Vec2::ZERO).expect("move");
    assert_eq!(out.against_wall, None);
    room.rotate_to(s, (-80f32).to_radians(), true)
        .expect("turn");
    let out = room
        .move_to(s, Vec2::new(2.5 - 0.46 - 0.05, 0.0))
        .expect("move");
    assert_eq!(out.against_wall, Some(1));
    assert_eq!(room.yaw(s).map(super::yaw_tenths), Some(2700));
    // Without snapping it stays where it is put.
    room.set_snapping(false);
    room.rotate_to(s, 0.0, false).expect("turn");
    room.move_to(s, Vec2::new(0.0, -2.0 + 0.46 + 0.05))
        .expect("move");
    assert_eq!(pos(&room, s), Vec2::new(0.0, -1.49));
}

#[test]
fn turns_snap_to_15_degrees_unless_free() {
    let mut room = Room::new();
    let a = room.add(armchair(), Vec2::ZERO, 0.0).expect("add");
    room.rotate_to(a, 22f32.to_radians(), false).expect("turn");
    assert_eq!(room.yaw(a).map(yaw_tenths), Some(150));
    room.rotate_by(a, 15f32.to_radians(), false).expect("turn");
    assert_eq!(room.yaw(a).map(yaw_tenths), Some(300));
    room.rotate_to(a, 22.34f32.to_radians(), true)
        .expect("turn");
    assert_eq!(room.yaw(a).map(yaw_tenths), Some(223));
    let p = room.add(picture(), Vec2::ZERO, 0.0);
    assert_eq!(p, Err(RoomError::NoWall));
}

#[test]
fn a_turn_against_a_wall_is_pushed_clear() {
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.5)).expect("room");
    // 14 cm from the back wall (too far to snap); turned 30° a back corner would cross it.
    let s = room.add(sofa(), Vec2::new(0.0, -1.4), 0.0).expect("add");
    assert_eq!(
        room.nearest_wall_distance(s).ok().flatten().map(|w| w.0),
        Some(0)
    );
    let out = room.rotate_to(s, 30f32.to_radians(), false).expect("turn");
    assert!(out.changed);
    assert_eq!(out.blocked_by, Some(Blocker::Wall(0)));
    assert_no_overlaps(&room);
    // A turn with no room to spare is refused.
    let mut tight = Room::with_layout(Layout::rectangle(2.2, 1.0, 2.5)).expect("room");
    let s = tight.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let out = tight.rotate_to(s, 90f32.to_radians(), false).expect("turn");
    assert!(!out.changed && out.blocked_by.is_some());
    assert_eq!(tight.yaw(s), Some(0.0));
}

#[test]
fn wall_items_hang_at_a_sensible_height_and_slide_along_the_wall() {
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let p = room.add(picture(), Vec2::new(0.5, -1.4), 0.0).expect("add");
    let item = room.item(p).expect("item").clone();
    assert_eq!(
        item.pose,
        Pose::Wall {
            wall: 0,
            offset_mm: 2500,
            elevation_mm: 1200
        }
    );
    assert_eq!(
        room.rotate_to(p, 1.0, false),
        Err(RoomError::FixedOrientation)
    );
    // Its transform puts the back-bottom-centre on the wall, facing +z.
    let m = room.transform(p).expect("transform");
    let back = m.transform_point3(Vec3::ZERO);
    assert!(back.distance(Vec3::new(0.5, 1.2, -1.5)) < 1e-5, "{back}");
    let front = m.transform_vector3(Vec3::Z);
    assert!(front.distance(Vec3::Z) < 1e-6);
    // A move across the room only slides it along its wall, within the wall's ends.
    let out = room.move_to(p, Vec2::new(1.9, -1.45)).expect("move");
    assert_eq!(out.blocked_by, Some(Blocker::Bounds));
    assert_eq!(
        room.item(p).map(|i| i.pose),
        Some(Pose::Wall {
            wall: 0,
            offset_mm: 4000 - 350,
            elevation_mm: 1200
        })
    );
    // A second picture hangs beside it, and pushing it into the first stops at contact.
    let q = room
        .add(picture(), Vec2::new(1.65, -1.5), 0.0)
        .expect("add");
    assert_no_overlaps(&room);
    room.move_to(q, Vec2::new(2.0, -1.5)).expect("move");
    let d = room.distance_between(p, q).expect("distance");
    assert!(d <= 0.001, "{d}");
    assert_no_overlaps(&room);
    // A tall mirror under a low ceiling stays below the top.
    let mut low = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.2)).expect("room");
    let mirror = product("x", "mirror", 600, 30, 1600, Placement::Wall);
    let m = low.add(mirror, Vec2::ZERO, 0.0).expect("add");
    assert_eq!(low.height_range(m).map(|r| r.1), Some(2.2));
    // Dragged toward another wall, it moves there.
    low.move_to(m, Vec2::new(-2.0, 0.3)).expect("move");
    assert!(matches!(
        low.item(m).map(|i| i.pose),
        Some(Pose::Wall { wall: 3, .. })
    ));
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
fn undo_and_redo_every_change() {
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.5)).expect("room");
    let empty = room.items().to_vec();
    let a = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let after_add = room.items().to_vec();
    room.move_to(a, Vec2::new(1.0, 0.5)).expect("move");
    let after_move = room.items().to_vec();
    room.rotate_to(a, 0.5, false).expect("turn");
    room.set_variant(a, Some("green".into())).expect("variant");
    let b = room.duplicate(a).expect("duplicate");
    room.remove(b).expect("remove");
    room.set_layout(Layout::rectangle(6.0, 4.0, 2.5))
        .expect("walls");
    let last = room.items().to_vec();
    let kinds: Vec<Change> = std::iter::from_fn(|| room.undo()).collect();
    assert_eq!(
        kinds,
        [
            Change::Walls,
            Change::Remove,
            Change::Duplicate,
            Change::Variant,
            Change::Rotate,
            Change::Move,
            Change::Add
        ]
    );
    assert_eq!(room.items(), empty);
    assert_eq!(room.layout(), &Layout::rectangle(5.0, 4.0, 2.5));
    assert_eq!(room.redo(), Some(Change::Add));
    assert_eq!(room.items(), after_add);
    assert_eq!(room.redo(), Some(Change::Move));
    assert_eq!(room.items(), after_move);
    while room.redo().is_some() {}
    assert_eq!(room.items(), last);
    assert_eq!(room.layout(), &Layout::rectangle(6.0, 4.0, 2.5));
    // A new change after undo clears redo.
    room.undo();
    room.undo();
    assert!(room.can_redo());
    room.move_by(a, Vec2::new(-0.1, 0.0)).expect("move");
    assert!(!room.can_redo());
    // Failed or no-op operations record nothing.
    let before = room.can_undo();
    let _ = room.remove(ItemId(999));
    room.move_by(a, Vec2::ZERO).expect("move");
    assert_eq!(room.can_undo(), before);
}

#[test]
fn a_drag_is_one_undo_step_and_history_is_bounded() {
    let mut room = Room::new();
    let a = room.add(armchair(), Vec2::ZERO, 0.0).expect("add");
    room.begin_gesture();
    for i in 0..50 {
        room.move_to(a, Vec2::new(i as f32 * 0.02, 0.0))
            .expect("move");
    }
    room.end_gesture();
    assert_eq!(pos(&room, a), Vec2::new(0.98, 0.0));
    assert_eq!(room.undo(), Some(Change::Move));
    assert_eq!(pos(&room, a), Vec2::ZERO);
    assert_eq!(room.undo(), Some(Change::Add));
    assert!(room.undo().is_none());
    // Only the last HISTORY_LIMIT changes can be undone.
    let mut room = Room::new();
    let a = room.add(armchair(), Vec2::ZERO, 0.0).expect("add");
    for i in 0..HISTORY_LIMIT + 20 {
        room.move_to(a, Vec2::new(i as f32 * 0.01 + 0.01, 0.0))
            .expect("move");
    }
    let undone = std::iter::from_fn(|| room.undo()).count();
    assert_eq!(undone, HISTORY_LIMIT);
    assert_eq!(room.items().len(), 1);
    // Undo removes the selection of an item that no longer exists.
    let mut room = Room::new();
    let a = room.add(armchair(), Vec2::ZERO, 0.0).expect("add");
    room.select(Some(a)).expect("select");
    room.undo();
    assert_eq!(room.selected(), None);
    assert!(room.select(Some(a)).is_err());
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
fn random_moves_never_overlap() {
    let mut rng = Rng(0x5eed_f00d);
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.6)).expect("room");
    let sizes = [
        (2100, 920),
        (820, 800),
        (1200, 700),
        (450, 450),
        (1600, 1200),
        (600, 400),
    ];
    let mut ids = Vec::new();
    for (i, (w, d)) in sizes.into_iter().enumerate() {
        let item = product("r", &format!("p{i}"), w, d, 800, Placement::Floor);
        let near = Vec2::new(rng.range(-2.0, 2.0), rng.range(-1.5, 1.5));
        let yaw = (rng.next() % 24) as f32 * 15f32.to_radians();
        // A crowded room may have no spot left for a big item at this yaw: that is fine.
        if let Ok(id) = room.add(item, near, yaw) {
            ids.push(id);
        }
    }
    assert!(ids.len() >= 5, "{ids:?}");
    ids.push(room.add(picture(), Vec2::ZERO, 0.0).expect("add"));
    ids.push(room.add(picture(), Vec2::ZERO, 0.0).expect("add"));
    assert_no_overlaps(&room);
    let (mut moved, mut blocked) = (0, 0);
    for _ in 0..1000 {
        let id = ids[(rng.next() % ids.len() as u64) as usize];
        match rng.next() % 10 {
            0..=6 => {
                let t = Vec2::new(rng.range(-3.0, 3.0), rng.range(-2.5, 2.5));
                let out = room.move_to(id, t).expect("move");
                moved += usize::from(out.changed);
                blocked += usize::from(out.blocked_by.is_some());
            }
            7 => {
                let free = rng.next().is_multiple_of(2);
                let _ = room.rotate_by(id, rng.range(-1.0, 1.0), free);
            }
            8 => room.set_snapping(rng.next().is_multiple_of(2)),
            _ => {
                room.undo();
            }
        }
        assert_no_overlaps(&room);
    }
    assert!(
        moved > 300 && blocked > 100,
        "moved {moved}, blocked {blocked}"
    );
}

#[test]
fn share_code_round_trip_is_exact() {
    let mut room = Room::with_layout(Layout::rectangle(4.6, 3.8, 2.5)).expect("room");
    let s = room.add(sofa(), Vec2::new(0.0, -1.0), 0.0).expect("add");
    let a = room.add(armchair(), Vec2::new(1.2, 0.4), 0.7).expect("add");
    room.add(picture(), Vec2::new(0.0, -1.9), 0.0).expect("add");
    room.add(
        product("kiyomi", "lamp", 300, 300, 450, Placement::Tabletop),
        Vec2::ZERO,
        0.0,
    )
    .expect("add");
    room.duplicate(a).expect("duplicate");
    room.set_variant(s, Some("green".into())).expect("variant");
    let code = room.share_code();
    assert!(
        code.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    );
    assert!(code.len() < 200, "{} characters: {code}", code.len());
    let back = Room::from_share_code(&code).expect("decode");
    assert_eq!(back.layout(), room.layout());
    assert_eq!(back.items(), room.items());
    assert_eq!(back.share_code(), code);
    // JSON too.
    let json = room.to_json();
    let back = Room::from_json(&json).expect("json");
    assert_eq!(back.items(), room.items());
    assert_eq!(back.layout(), room.layout());
    // A general layout (not a rectangle) round-trips too.
    let mut layout = Layout::rectangle(4.0, 3.0, 2.5);
    layout.walls.pop();
    layout.walls[0].height_mm = 2400;
    let odd = Room::with_layout(layout).expect("room");
    let back = Room::from_share_code(&odd.share_code()).expect("decode");
    assert_eq!(back.layout(), odd.layout());
    let open = Room::new();
    assert_eq!(
        Room::from_share_code(&open.share_code())
            .expect("decode")
            .layout(),
        &Layout::open()
    );
}

/// A version 1 share code, written when version 1 was current. Every later roomfit must keep
/// reading it to exactly this room.
const V1_FIXTURE: &str = "AQH4I9gdxBMGB25vcmRoZW0Lc29mYS1iZXJnZW4EZ3JleQdvYWtsaW5lCGFybWNoYWlyBXByaW50AwABtBCYB74GAAMEtAagBoQHAAAFvAUe9AMBAwADAL8WAAEAxBOgBqwCAgAA-CPgEvXo";

fn fixture_room() -> Room {
    let mut room = Room::with_layout(Layout::rectangle(4.6, 3.8, 2.5)).expect("room");
    room.add(sofa(), Vec2::new(0.0, -1.4), 0.0).expect("add");
    room.add(armchair(), Vec2::new(1.25, 0.4), 30f32.to_radians())
        .expect("add");
    room.add(picture(), Vec2::new(0.0, -1.9), 0.0).expect("add");
    room
}

#[test]
fn v1_fixture_still_decodes() {
    let room = Room::from_share_code(V1_FIXTURE).expect("v1 fixture");
    assert_eq!(room.layout(), &Layout::rectangle_mm(4600, 3800, 2500));
    let items: Vec<(&str, &str, Option<&str>, Pose)> = room
        .items()
        .iter()
        .map(|i| {
            (
                i.retailer.as_str(),
                i.product.as_str(),
                i.variant.as_deref(),
                i.pose,
            )
        })
        .collect();
    assert_eq!(
        items,
        [
            (
                "nordhem",
                "sofa-bergen",
                Some("grey"),
                Pose::Floor {
                    x_mm: 0,
                    z_mm: -1440,
                    yaw_tenths: 0
                }
            ),
            (
                "oakline",
                "armchair",
                None,
                Pose::Floor {
                    x_mm: 1250,
                    z_mm: 400,
                    yaw_tenths: 300
                }
            ),
            (
                "nordhem",
                "print",
                None,
                Pose::Wall {
                    wall: 0,
                    offset_mm: 2300,
                    elevation_mm: 1200
                }
            ),
        ]
    );
    assert_eq!(room.items()[0].dimensions_mm.width, 2100);
    assert_eq!(room.items()[2].placement, Placement::Wall);
    assert_eq!(fixture_room().items(), room.items());
}

#[test]
fn garbage_share_codes_are_rejected() {
    let good = fixture_room().share_code();
    let bad = [
        ("", ShareCodeError::Empty),
        ("   ", ShareCodeError::Empty),
        ("A", ShareCodeError::BadLength),
        ("AQ", ShareCodeError::Truncated),
        ("Zm9v", ShareCodeError::UnsupportedVersion(b'f')),
        ("AgAA", ShareCodeError::UnsupportedVersion(2)),
    ];
    for (code, expected) in bad {
        assert_eq!(
            Room::from_share_code(code).err(),
            Some(RoomError::ShareCode(expected.clone())),
            "{code:?}"
        );
    }
    assert!(matches!(
        Room::from_share_code("AQ==").err(),
        Some(RoomError::ShareCode(ShareCodeError::BadCharacter {
            position: 2,
            found: '='
        }))
    ));
    let cut = &good[..good.len() - 3];
    assert!(Room::from_share_code(cut).is_err());
    let long = "A".repeat(MAX_SHARE_CODE_LEN + 4);
    assert_eq!(
        Room::from_share_code(&long).err(),
        Some(RoomError::ShareCode(ShareCodeError::TooLong(long.len())))
    );
    // Every single-character change is caught (checksum, alphabet or structure).
    let alphabet: Vec<char> = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
        .chars()
        .collect();
    let mut rng = Rng(7);
    for i in 0..good.len() {
        let mut chars: Vec<char> = good.chars().collect();
        let orig = chars[i];
        let mut c = orig;
        while c == orig {
            c = alphabet[(rng.next() % 64) as usize];
        }
        chars[i] = c;
        let mutated: String = chars.into_iter().collect();
        assert!(Room::from_share_code(&mutated).is_err(), "{mutated}");
    }
    // Random garbage never panics.
    for n in 0..2000 {
        let len = (rng.next() % 120) as usize;
        let s: String = (0..len)
            .map(|_| alphabet[(rng.next() % 64) as usize])
            .collect();
        let s = if n % 2 == 0 { format!("AQ{s}") } else { s };
        let _ = Room::from_share_code(&s);
    }
}

#[test]
fn bad_json_is_rejected() {
    for json in [
        "",
        "{}",
        "[]",
        r#"{"version": 2, "layout": {"bounds": null, "walls": []}, "items": []}"#,
        r#"{"version": 1, "layout": {"bounds": null, "walls": []}, "items": [], "x": 1}"#,
        r#"{"version": 1, "layout": {"bounds": null, "walls": [{"start_mm": [0, 0], "end_mm": [0, 0], "height_mm": 2500}]}, "items": []}"#,
    ] {
        assert!(Room::from_json(json).is_err(), "{json}");
    }
    // A wall item pointing at a wall that does not exist.
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    room.add(picture(), Vec2::ZERO, 0.0).expect("add");
    let json = room.to_json().replace("\"wall\": 0", "\"wall\": 7");
    assert!(matches!(
        Room::from_json(&json),
        Err(RoomError::Invalid { .. })
    ));
    // A floor item with a wall pose.
    let json = room
        .to_json()
        .replace("\"placement\": \"wall\"", "\"placement\": \"floor\"");
    assert!(matches!(
        Room::from_json(&json),
        Err(RoomError::Invalid { .. })
    ));
}

#[test]
fn picking_items_walls_and_floor() {
    let mut room = Room::with_layout(Layout::rectangle(5.0, 4.0, 2.5)).expect("room");
    let s = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let a = room
        .add(armchair(), Vec2::new(1.8, 1.0), 45f32.to_radians())
        .expect("add");
    // Straight down onto the sofa seat.
    let hit = room
        .pick(Ray::new(Vec3::new(0.5, 3.0, 0.0), Vec3::NEG_Y))
        .expect("hit");
    assert_eq!(hit.target, Target::Item(s));
    assert!((hit.point.y - 0.83).abs() < 1e-4);
    // Beside it: the floor.
    let hit = room
        .pick(Ray::new(Vec3::new(0.5, 3.0, 1.0), Vec3::NEG_Y))
        .expect("hit");
    assert_eq!(hit.target, Target::Floor);
    assert!(hit.point.distance(Vec3::new(0.5, 0.0, 1.0)) < 1e-5);
    // The armchair is turned 45°: a point inside its AABB but outside its outline misses it.
    let inside = room.pick(Ray::new(Vec3::new(1.8 + 0.5, 3.0, 1.0), Vec3::NEG_Y));
    assert_eq!(inside.map(|h| h.target), Some(Target::Item(a)));
    let corner = room.pick(Ray::new(Vec3::new(1.8 + 0.5, 3.0, 1.0 + 0.5), Vec3::NEG_Y));
    assert_eq!(corner.map(|h| h.target), Some(Target::Floor));
    // From the middle of the room toward the back wall: the wall; from outside: not the wall.
    let hit = room
        .pick(Ray::new(Vec3::new(-2.0, 1.5, 0.0), Vec3::NEG_Z))
        .expect("hit");
    assert_eq!(hit.target, Target::Wall(0));
    assert!((hit.point.z + 2.0).abs() < 1e-5);
    let outside = room.pick(Ray::new(Vec3::new(-2.0, 1.5, 5.0), Vec3::NEG_Z));
    assert_eq!(outside.map(|h| h.target), Some(Target::Wall(0)));
    // An orbit camera above and in front sees through the front wall to the sofa.
    let eye = Vec3::new(0.0, 3.0, 6.0);
    let hit = room
        .pick(Ray::new(eye, Vec3::new(0.0, 0.5, 0.0) - eye))
        .expect("hit");
    assert_eq!(hit.target, Target::Item(s));
    assert_eq!(
        room.pick_item(Ray::new(eye, Vec3::new(0.0, 0.5, 0.0) - eye)),
        Some(s)
    );
    // Dragging a wall item: the pointer ray meets the wall's plane, from either side.
    let wall = room.walls()[0];
    let p = Ray::new(Vec3::new(1.0, 1.0, 0.0), Vec3::new(0.5, 0.3, -1.0)).wall_point(&wall);
    assert!(p.is_some_and(|p| (p.z + 2.0).abs() < 1e-5 && (p.x - 2.0).abs() < 1e-5));
    let behind = Ray::new(Vec3::new(1.0, 1.0, -3.0), Vec3::Z).wall_point(&wall);
    assert!(behind.is_some_and(|p| (p.z + 2.0).abs() < 1e-5));
    assert_eq!(Ray::new(Vec3::ZERO, Vec3::X).wall_point(&wall), None);
    // Degenerate rays hit nothing.
    assert_eq!(room.pick(Ray::new(Vec3::ZERO, Vec3::ZERO)), None);
    assert_eq!(room.pick(Ray::new(Vec3::splat(f32::NAN), Vec3::Y)), None);
    assert_eq!(
        Ray::new(Vec3::new(0.0, 1.0, 0.0), Vec3::Y).floor_point(),
        None
    );
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
fn scene_transforms_place_model_origins() {
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let a = room
        .add(armchair(), Vec2::new(0.5, 0.25), 90f32.to_radians())
        .expect("add");
    let p = room.add(picture(), Vec2::new(1.9, 0.0), 0.0).expect("add");
    let t = room.scene_transforms();
    assert_eq!(t.iter().map(|(id, _)| *id).collect::<Vec<_>>(), [a, p]);
    let m = t[0].1;
    assert!(
        m.transform_point3(Vec3::ZERO)
            .distance(Vec3::new(0.5, 0.0, 0.25))
            < 1e-6
    );
    // Turned 90° counter-clockwise seen from above: the front (+Z) faces +X.
    assert!(m.transform_vector3(Vec3::Z).distance(Vec3::X) < 1e-6);
    // The picture is on the right wall (x = 2) facing -X, its back on the wall.
    let m = t[1].1;
    let back = m.transform_point3(Vec3::ZERO);
    assert!(
        (back.x - 2.0).abs() < 1e-6 && (back.y - 1.2).abs() < 1e-6,
        "{back}"
    );
    assert!(m.transform_vector3(Vec3::Z).distance(Vec3::NEG_X) < 1e-6);
}

#[test]
fn announcements() {
    let mut room = Room::new();
    let s = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let a = room
        .add(armchair(), Vec2::new(1.05 + 0.82 + 0.41, 0.0), 0.0)
        .expect("add");
    let name = |i: &PlacedItem| match i.product.as_str() {
        "sofa-bergen" => "Sofa".to_string(),
        _ => "Armchair".to_string(),
    };
    let said = room.describe_placement(a, Action::Placed, Units::Metric, &name);
    assert_eq!(said.as_deref(), Ok("Armchair placed, 82 cm from the sofa"));
    let said = room.describe_placement(a, Action::Moved, Units::Imperial, &name);
    assert_eq!(
        said.as_deref(),
        Ok("Armchair moved, 2 ft 8¼ in from the sofa")
    );
    room.move_to(a, Vec2::ZERO).expect("move");
    let said = room.describe_placement(a, Action::Moved, Units::Metric, &name);
    assert_eq!(said.as_deref(), Ok("Armchair moved, touching the sofa"));
    room.rotate_to(s, 90f32.to_radians(), false).expect("turn");
    let mut walled = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let s = walled.add(sofa(), Vec2::new(0.0, -1.0), 0.0).expect("add");
    let said = walled.describe_placement(s, Action::Turned, Units::Metric, &name);
    assert_eq!(said.as_deref(), Ok("Sofa turned to 0°, against the wall"));
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
