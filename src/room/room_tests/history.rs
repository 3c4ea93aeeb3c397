//! Undo and redo.

use super::*;

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
