//! Moves and turns: contact, sliding, bounds, wall snapping, 15° steps, wall items, and a
//! property loop of random moves.

use super::*;

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
