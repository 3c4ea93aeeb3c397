//! Keyboard equivalents of every action in the 3D room view, and the room actions the element
//! also offers as methods (remove, duplicate, undo, redo), each returning its [`Event`].
//!
//! With an item selected: arrows move it 10 cm (1 cm with Shift) away from / toward / across
//! the camera's view; Q or `[` turns it 15° counter-clockwise seen from above, E or `]`
//! clockwise (1°, free, with Shift); Delete or Backspace removes it; D duplicates it; Escape
//! deselects. Tab and Shift+Tab cycle the selection (past the last item, focus leaves the
//! view). Without a selection the arrows orbit the camera. Always: `+`/`=` and `-` zoom, Home
//! frames the room, Ctrl+Z undoes, Ctrl+Y or Ctrl+Shift+Z redoes.

use glam::Vec2;

use super::event::Event;
use super::gesture::{Gestures, Response};
use super::room::Room;

/// How far an arrow key moves the selected item (metres)…
pub const KEY_STEP: f32 = 0.10;
/// …and with Shift.
pub const KEY_FINE_STEP: f32 = 0.01;
/// How far an arrow key orbits the camera when nothing is selected (radians).
pub const KEY_ORBIT: f32 = 0.15;
/// Zoom factor of one `+` key.
pub const KEY_ZOOM: f32 = 1.15;

/// A key press.
#[derive(Debug, Clone, Copy)]
pub struct KeyPress<'a> {
    /// The DOM `KeyboardEvent.key`.
    pub key: &'a str,
    /// Shift held.
    pub shift: bool,
    /// Ctrl (or Cmd) held.
    pub ctrl: bool,
    /// The camera's viewing direction on the floor (x, z), for moving "away" with ArrowUp.
    pub forward: Vec2,
}

/// Removes the selected item.
pub fn remove_selected(room: &mut Room) -> Option<Event> {
    let id = room.selected()?;
    room.remove(id).ok().map(Event::Removed)
}

/// Duplicates the selected item and selects the copy.
pub fn duplicate_selected(room: &mut Room) -> Option<Event> {
    let id = room.selected()?;
    let copy = room.duplicate(id).ok()?;
    room.select(Some(copy)).ok()?;
    Some(Event::Duplicated(copy))
}

/// Undoes the last change.
pub fn undo(room: &mut Room) -> Event {
    room.undo().map_or(Event::NothingTo("undo"), Event::Undone)
}

/// Redoes the last undone change.
pub fn redo(room: &mut Room) -> Event {
    room.redo().map_or(Event::NothingTo("redo"), Event::Redone)
}

/// Selects the next item (or the previous one), in the order they were added; `None` when the
/// cycle runs past the end (the selection is then cleared).
pub fn cycle_selection(room: &mut Room, backwards: bool) -> Option<Event> {
    let ids: Vec<_> = room.items().iter().map(|i| i.id).collect();
    if ids.is_empty() {
        return None;
    }
    let at = room
        .selected()
        .and_then(|s| ids.iter().position(|i| *i == s));
    let next = match (at, backwards) {
        (None, false) => Some(0),
        (None, true) => Some(ids.len() - 1),
        (Some(i), false) => (i + 1 < ids.len()).then_some(i + 1),
        (Some(i), true) => i.checked_sub(1),
    };
    let next = next.map(|i| ids[i]);
    room.select(next).ok()?;
    next.map(|id| Event::Selected(Some(id)))
}

fn move_selected(room: &mut Room, delta: Vec2) -> Option<Event> {
    let id = room.selected()?;
    let out = room.move_by(id, delta).ok()?;
    Some(if out.changed {
        Event::Moved {
            id,
            blocked_by: out.blocked_by,
        }
    } else {
        Event::Unchanged {
            id,
            blocked_by: out.blocked_by,
        }
    })
}

fn turn_selected(room: &mut Room, degrees: f32, free: bool) -> Option<Event> {
    let id = room.selected()?;
    Some(match room.rotate_by(id, degrees.to_radians(), free) {
        Ok(out) if out.changed => Event::Turned(id),
        Ok(out) => Event::Unchanged {
            id,
            blocked_by: out.blocked_by,
        },
        Err(_) => Event::Unchanged {
            id,
            blocked_by: None,
        },
    })
}

impl Gestures {
    /// A key went down. `handled` is false for keys the view does not use (and for Tab past
    /// the last item), so the browser can act on them.
    pub fn key(&mut self, room: &mut Room, k: KeyPress<'_>) -> Response {
        let mut r = Response::handled();
        let event = if k.ctrl {
            match k.key {
                "z" | "Z" if k.shift => Some(redo(room)),
                "z" | "Z" => Some(undo(room)),
                "y" | "Y" => Some(redo(room)),
                _ => return Response::default(),
            }
        } else {
            let forward = k.forward.try_normalize().unwrap_or(Vec2::new(0.0, -1.0));
            let right = Vec2::new(-forward.y, forward.x);
            let step = if k.shift { KEY_FINE_STEP } else { KEY_STEP };
            let selected = room.selected().is_some();
            let (turn, free) = if k.shift { (1.0, true) } else { (15.0, false) };
            match k.key {
                "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" if selected => {
                    let dir = match k.key {
                        "ArrowUp" => forward,
                        "ArrowDown" => -forward,
                        "ArrowLeft" => -right,
                        _ => right,
                    };
                    move_selected(room, dir * step)
                }
                "ArrowLeft" => {
                    r.orbit.x = -KEY_ORBIT;
                    None
                }
                "ArrowRight" => {
                    r.orbit.x = KEY_ORBIT;
                    None
                }
                "ArrowUp" => {
                    r.orbit.y = KEY_ORBIT * 0.5;
                    None
                }
                "ArrowDown" => {
                    r.orbit.y = -KEY_ORBIT * 0.5;
                    None
                }
                "q" | "Q" | "[" if selected => turn_selected(room, turn, free),
                "e" | "E" | "]" if selected => turn_selected(room, -turn, free),
                "Delete" | "Backspace" if selected => remove_selected(room),
                "d" | "D" if selected => duplicate_selected(room),
                "Escape" if selected => {
                    room.select(None).ok();
                    Some(Event::Selected(None))
                }
                "Tab" => match cycle_selection(room, k.shift) {
                    Some(e) => Some(e),
                    None => {
                        // Let focus leave the view; say that nothing is selected any more.
                        r.handled = false;
                        r.redraw = true;
                        None
                    }
                },
                "+" | "=" => {
                    r.zoom = KEY_ZOOM;
                    None
                }
                "-" | "_" => {
                    r.zoom = 1.0 / KEY_ZOOM;
                    None
                }
                "Home" => {
                    r.reset_view = true;
                    None
                }
                _ => return Response::default(),
            }
        };
        if let Some(e) = event {
            r.redraw = true;
            r.events.push(e);
        }
        r
    }
}
