//! What the 3D view and AR use: picking, model transforms and announcements.

use super::*;

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
fn announcements_in_simplified_chinese() {
    let mut room = Room::new();
    let s = room.add(sofa(), Vec2::ZERO, 0.0).expect("add");
    let a = room
        .add(armchair(), Vec2::new(1.05 + 0.82 + 0.41, 0.0), 0.0)
        .expect("add");
    let name = |i: &PlacedItem| match i.product.as_str() {
        "sofa-bergen" => "沙发".to_string(),
        _ => "扶手椅".to_string(),
    };
    let zh = Lang::ZhHans;
    let said = room.describe_placement_in(a, Action::Placed, Units::Metric, zh, &name);
    assert_eq!(said.as_deref(), Ok("扶手椅已放置，距沙发 82 厘米"));
    let said = room.describe_event_in(&Event::Selected(Some(s)), Units::Metric, zh, &name);
    assert!(
        said.starts_with("已选择沙发，") && said.ends_with(" 厘米"),
        "{said}"
    );
    room.move_to(a, Vec2::ZERO).expect("move");
    let said = room.describe_placement_in(a, Action::Moved, Units::Metric, zh, &name);
    assert_eq!(said.as_deref(), Ok("扶手椅已移动，紧挨沙发"));
    let said = room.describe_event_in(&Event::Selected(None), Units::Metric, zh, &name);
    assert_eq!(said, "未选择任何物品");
    let said = room.describe_event_in(&Event::NothingTo("redo"), Units::Metric, zh, &name);
    assert_eq!(said, "没有可重做的操作");
    let said = room.describe_event_in(&Event::Undone(Change::Move), Units::Metric, zh, &name);
    assert_eq!(said, "已撤销移动");
    let mut walled = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let s = walled.add(sofa(), Vec2::new(0.0, -1.0), 0.0).expect("add");
    let said = walled.describe_placement_in(s, Action::Turned, Units::Metric, zh, &name);
    assert_eq!(said.as_deref(), Ok("沙发已旋转至 0°，靠墙"));
    // No Latin letters in any of it (the units are words too).
    assert!(
        !said
            .unwrap_or_default()
            .chars()
            .any(|c| c.is_ascii_alphabetic())
    );
}
