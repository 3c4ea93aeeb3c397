//! Shifting the whole arrangement (AR puts a restored room where the shopper taps): walls,
//! bounds and floor items move together, wall items ride along, turns kept, one undo step.

use super::*;

fn centre(room: &Room, id: ItemId) -> Vec2 {
    room.footprint(id).expect("item").center
}

fn furnished() -> (Room, Vec<ItemId>) {
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let a = room.add(sofa(), Vec2::new(0.0, 0.5), 0.3).expect("add");
    let b = room
        .add(armchair(), Vec2::new(1.2, -0.6), 1.2)
        .expect("add");
    let c = room.add(picture(), Vec2::new(0.0, -1.4), 0.0).expect("add");
    room.clear_history();
    (room, vec![a, b, c])
}

#[test]
fn the_arrangement_moves_as_one_in_one_undo_step() {
    let (mut room, ids) = furnished();
    let before: Vec<_> = ids
        .iter()
        .map(|&i| (centre(&room, i), room.yaw(i).expect("yaw")))
        .collect();
    let walls = room.walls().to_vec();
    assert_eq!(room.arrangement_origin(), before[0].0);
    let delta = Vec2::new(3.25, -7.5);
    assert!(room.shift(delta).expect("shift"));
    for (k, &i) in ids.iter().enumerate() {
        let now = centre(&room, i);
        assert!(
            now.distance(before[k].0 + delta) < 0.0015,
            "item {k}: {now}"
        );
        assert_eq!(room.yaw(i).expect("yaw"), before[k].1, "item {k} turned");
    }
    for (w, was) in room.walls().iter().zip(&walls) {
        assert_eq!(w.start_mm, [was.start_mm[0] + 3250, was.start_mm[1] - 7500]);
        assert_eq!(w.end_mm, [was.end_mm[0] + 3250, was.end_mm[1] - 7500]);
    }
    assert_no_overlaps(&room);
    assert!(room.can_undo());
    room.undo();
    assert!(!room.can_undo(), "the shift must be one undo step");
    for (k, &i) in ids.iter().enumerate() {
        assert_eq!(centre(&room, i), before[k].0);
    }
}

#[test]
fn a_shift_out_of_range_changes_nothing() {
    let (mut room, _) = furnished();
    let items = room.items().to_vec();
    assert!(room.shift(Vec2::new(f32::NAN, 0.0)).is_err());
    assert!(room.shift(Vec2::new(1.0e9, 0.0)).is_err());
    assert_eq!(room.items(), &items[..]);
    assert!(!room.can_undo());
    assert!(
        !room.shift(Vec2::new(0.0002, 0.0)).expect("shift"),
        "below a millimetre"
    );
}

#[test]
fn the_origin_of_an_arrangement() {
    assert_eq!(Room::new().arrangement_origin(), Vec2::ZERO);
    // Only a wall item: its footprint centre.
    let mut room = Room::with_layout(Layout::rectangle(4.0, 3.0, 2.5)).expect("room");
    let p = room.add(picture(), Vec2::new(0.0, -1.4), 0.0).expect("add");
    assert_eq!(room.arrangement_origin(), centre(&room, p));
}
