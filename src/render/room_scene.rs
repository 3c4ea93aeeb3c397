//! The 3D room view's scene from a [`Room`]: each placed item with its model, variant, contact
//! shadow and selection outline; the floor (inside the walls, or a soft-edged area around the
//! items on an open floor) and the walls; and the bounds a camera frames.

use glam::{Vec2, Vec3};

use super::renderer::{ModelId, Scene, SceneItem};
use super::shell::{Floor, WallPanel};
use crate::asset::Bounds;
use crate::catalog::Placement;
use crate::room::{PlacedItem, Room};

/// Grid spacing of the floor (metres).
pub const FLOOR_GRID: f32 = 0.5;
/// An open floor reaches this far beyond the items (metres)…
const OPEN_FLOOR_MARGIN: f32 = 1.5;
/// …and is at least this wide and deep.
const OPEN_FLOOR_MIN: f32 = 4.0;
/// Contact shadow opacity of a placed item.
const SHADOW: f32 = 0.8;

/// The bounds of the room's contents: every item's box, and the walls. Empty for an empty
/// room without walls.
pub fn room_bounds(room: &Room) -> Bounds {
    let mut b = Bounds::EMPTY;
    for item in room.items() {
        let (Some(f), Some((y0, y1))) = (room.footprint(item.id), room.height_range(item.id))
        else {
            continue;
        };
        for c in f.corners() {
            b.include(Vec3::new(c.x, y0, c.y));
            b.include(Vec3::new(c.x, y1, c.y));
        }
    }
    for w in room.walls() {
        for p in [w.start(), w.end()] {
            b.include(Vec3::new(p.x, 0.0, p.y));
            b.include(Vec3::new(p.x, w.height(), p.y));
        }
    }
    b
}

/// The floor under the room: the walls' extent (hard edge), or on an open floor the items'
/// extent plus a margin (soft edge). Always at least [`OPEN_FLOOR_MIN`] across.
pub fn room_floor(room: &Room) -> Floor {
    let walled = !room.walls().is_empty();
    let b = room_bounds(room);
    let (mut min, mut max) = if b.is_empty() {
        (Vec2::ZERO, Vec2::ZERO)
    } else {
        (Vec2::new(b.min.x, b.min.z), Vec2::new(b.max.x, b.max.z))
    };
    if !walled {
        min -= Vec2::splat(OPEN_FLOOR_MARGIN);
        max += Vec2::splat(OPEN_FLOOR_MARGIN);
    }
    let centre = (min + max) * 0.5;
    let half = ((max - min) * 0.5).max(Vec2::splat(OPEN_FLOOR_MIN * 0.5));
    if walled {
        // Walls bound the floor exactly.
        let half = (max - min) * 0.5;
        return Floor {
            min: centre - half,
            max: centre + half,
            grid: FLOOR_GRID,
            fade: 0.0,
        };
    }
    Floor {
        min: centre - half,
        max: centre + half,
        grid: FLOOR_GRID,
        fade: 1.0,
    }
}

/// The walls of the room, as panels.
pub fn room_walls(room: &Room) -> Vec<WallPanel> {
    room.walls()
        .iter()
        .map(|w| WallPanel {
            start: w.start(),
            end: w.end(),
            height: w.height(),
            inward: w.inward(),
        })
        .collect()
}

/// What the room's furniture stands in front of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Backdrop {
    /// The 3D room view: the floor (with its grid) and the walls.
    #[default]
    Room,
    /// The camera view: the live camera image behind a transparent canvas, so neither floor
    /// nor walls are drawn; the items keep their contact shadows, which darken the image.
    CameraImage,
}

/// An item's uploaded model and its `KHR_materials_variants` index, if loaded.
pub type ModelOf<'a> = dyn Fn(&PlacedItem) -> Option<(ModelId, Option<usize>)> + 'a;

/// The scene of the room. `model_of` gives each item's uploaded model and its
/// `KHR_materials_variants` index; items without a model (still loading) are left out.
/// `backdrop` says whether the floor and walls are drawn (see [`Backdrop`]).
pub fn room_scene(room: &Room, model_of: &ModelOf<'_>, backdrop: Backdrop) -> Scene {
    let selected = room.selected();
    let items = room
        .items()
        .iter()
        .filter_map(|item| {
            let (model, variant) = model_of(item)?;
            Some(SceneItem {
                model,
                transform: room.transform(item.id)?,
                variant,
                shadow: if item.placement == Placement::Wall {
                    0.0
                } else {
                    SHADOW
                },
                outline: selected == Some(item.id),
            })
        })
        .collect();
    match backdrop {
        Backdrop::Room => Scene {
            items,
            clear: None,
            floor: Some(room_floor(room)),
            walls: room_walls(room),
        },
        Backdrop::CameraImage => Scene {
            items,
            clear: None,
            floor: None,
            walls: Vec::new(),
        },
    }
}
